//! Deciding from the evidence: the whole-text rules, the neutral floor, the confidence and the
//! cues shown to the reader.

use super::*;

/// The rules' answer from the evidence; its cues are named only when `explain` (tagging a
/// whole document needs the tone alone).
pub(super) fn decide(
    text: &str,
    tokens: &[Token],
    marks: &Marks,
    mut scores: [f32; 5],
    hits: &mut Vec<Hit>,
    explain: bool,
) -> Tagged {
    markers(marks, &mut scores, hits);
    let (mut best, mut top) = (Tone6::Neutral, 0f32);
    for tone in &Tone6::ALL[..5] {
        if scores[tone.index()] > top {
            top = scores[tone.index()];
            best = *tone;
        }
    }
    let exclaim = marks.exclamations.min(4) as f32 * EXCLAMATION_INCREMENT;
    if best != Tone6::Neutral && exclaim > 0.0 {
        scores[best.index()] += exclaim;
        top += exclaim;
    }
    let floor = neutral_floor(best, tokens, marks, hits);
    let total: f32 = scores.iter().sum();

    if best == Tone6::Neutral || top < floor {
        // Neutral: surer the less evidence there is for anything else.
        let confidence = 0.35 + 0.5 * floor / (floor + total);
        let mut cues = Vec::new();
        if explain && marks.questions > 0 && top > 0.0 {
            cues.push(Cue {
                text: "?".to_string(),
                rule: "question",
                weight: None,
            });
        }
        return Tagged {
            tone: Tone6::Neutral,
            confidence: calibrated(confidence),
            cues,
        };
    }

    let second = scores
        .iter()
        .enumerate()
        .filter(|&(i, _)| i != best.index())
        .map(|(_, &s)| s)
        .fold(0f32, f32::max);
    // Share of the evidence, discounted when the winner barely clears the floor.
    let share = top / (total + 0.5 * floor);
    let margin = (top - second) / (top + floor);
    let confidence = calibrated(0.25 + 0.45 * share + 0.3 * margin);
    if !explain {
        return Tagged {
            tone: best,
            confidence,
            cues: Vec::new(),
        };
    }
    let mut cues = word_cues(best, text, tokens, hits);
    if exclaim > 0.0 {
        cues.push(Cue {
            text: "!".repeat(marks.exclamations.min(4) as usize),
            rule: "exclamation",
            weight: None,
        });
    }
    if tokens.iter().any(|t| t.but != 1.0) {
        cues.push(Cue {
            text: "but".to_string(),
            rule: "but-clause",
            weight: None,
        });
    }
    Tagged {
        tone: best,
        confidence,
        cues,
    }
}

/// "/s" and "/j": a sarcasm marker turns praise into a joke at something's expense; a joke
/// marker makes it a joke.
pub(super) fn markers(marks: &Marks, scores: &mut [f32; 5], hits: &mut Vec<Hit>) {
    let sup = Tone6::Supportive.index();
    let crit = Tone6::Critical.index();
    let hum = Tone6::Humorous.index();
    let rule = if marks.sarcasm {
        scores[crit] += scores[sup] * 0.5;
        scores[sup] = 0.0;
        hits.retain(|h| h.tone != Tone6::Supportive);
        "sarcasm:/s"
    } else if marks.joke {
        "joke:/j"
    } else {
        return;
    };
    scores[hum] += 2.0;
    hits.push(Hit {
        tone: Tone6::Humorous,
        weight: 2.0,
        from: u32::MAX,
        to: u32::MAX,
        rule,
    });
}

/// The evidence `best` needs to beat neutral: more for a question, and for a long critical
/// text, more again when its criticism is aimed at nobody.
pub(super) fn neutral_floor(best: Tone6, tokens: &[Token], marks: &Marks, hits: &[Hit]) -> f32 {
    let mut floor = NEUTRAL_FLOOR
        + if marks.questions > 0 {
            QUESTION_FLOOR
        } else {
            0.0
        };
    if best == Tone6::Critical && tokens.len() > LONG_TEXT {
        floor += LONG_CRITICAL_FLOOR * (tokens.len() - LONG_TEXT) as f32;
    }
    if best == Tone6::Critical && tokens.len() > UNAIMED_TEXT && !aimed(hits) {
        floor += UNAIMED_FLOOR;
    }
    floor
}

/// The cues for `best` as the author wrote them: the words first, strongest first, then the
/// "aimed at you" note; each once, at most [`MAX_CUES`].
pub(super) fn word_cues(best: Tone6, text: &str, tokens: &[Token], hits: &[Hit]) -> Vec<Cue> {
    let mut mine: Vec<Hit> = hits.iter().copied().filter(|h| h.tone == best).collect();
    mine.sort_by(|a, b| {
        (a.rule == "second-person")
            .cmp(&(b.rule == "second-person"))
            .then(b.weight.total_cmp(&a.weight))
            .then(a.from.cmp(&b.from))
    });
    let mut cues: Vec<Cue> = Vec::with_capacity(MAX_CUES + 2);
    for h in mine {
        if cues.len() >= MAX_CUES {
            break;
        }
        let text = if h.from == u32::MAX {
            match h.rule {
                "sarcasm:/s" => "/s".to_string(),
                _ => "/j".to_string(),
            }
        } else {
            let a = tokens[h.from as usize].orig_start as usize;
            let b = tokens[h.to as usize].orig_end as usize;
            text.get(a..b).unwrap_or("").to_string()
        };
        if cues.iter().any(|c| c.text == text && c.rule == h.rule) {
            continue;
        }
        cues.push(Cue {
            text,
            rule: h.rule,
            weight: None,
        });
    }
    cues
}

/// Maps the raw score (evidence share and margin) onto 0..=1 so that a confidence of 0.7 is
/// right about 70% of the time on the development data (docs/tone.md has the table). The map
/// is monotone, so it changes no tone.
pub(super) fn calibrated(raw: f32) -> f32 {
    (0.1 + 0.8 * raw).clamp(0.0, 1.0)
}

/// A rules answer at least this sure still wins over a model less sure than
/// [`MODEL_UNSURE`]: a sarcasm marker, or a phrase of the tone lexicon with nothing against it.
const RULE_WINS: f32 = 0.75;

/// The model is unsure of a tone it gives a probability below this.
const MODEL_UNSURE: f32 = 0.5;

/// A critical answer of the rules at least this sure wins over a model that says neutral.
const RULE_CRITICAL: f32 = 0.6;

/// Most model features shown for one post.
const MODEL_CUES: usize = 5;

/// The tone from the model's probabilities (and the rules' answer where a strong, certain
/// rule should still win), with the features that decided it as cues.
pub(super) fn combine(
    model: &model::Model,
    features: &model::Features,
    rules: Tagged,
    (text, norm, tokens): (&str, &str, &[Token]),
    explain: bool,
) -> Tagged {
    let p = model.probabilities(features);
    let (k, &best) = p
        .iter()
        .enumerate()
        .max_by(|a, b| a.1.total_cmp(b.1).then(b.0.cmp(&a.0)))
        .unwrap_or((5, &1.0));
    if rules.confidence >= RULE_WINS && best < MODEL_UNSURE && rules.tone.index() != k {
        return rules;
    }
    // Where the rules find no tone and the model is unsure of one, the post is neutral: a
    // plain "The match starts at 3pm." is not praise because "starts" leaned supportive on
    // Reddit.
    if rules.tone == Tone6::Neutral && best < MODEL_UNSURE {
        return rules;
    }
    // Criticism the rules find (aimed at someone, or judging) where the model sees nothing:
    // the model learned from Reddit comments, where much criticism reads as neutral.
    if rules.tone == Tone6::Critical
        && k == Tone6::Neutral.index()
        && rules.confidence >= RULE_CRITICAL
    {
        return rules;
    }
    let tone = Tone6::ALL[k];
    if !explain {
        return Tagged {
            tone,
            confidence: best,
            cues: Vec::new(),
        };
    }
    // The features that lift this tone most, found first, and only those named.
    // A few more than are shown, as a word and a rule can name the same text twice.
    let top = model.strongest(features, k, 2 * MODEL_CUES, 0.05);
    let mut cues: Vec<Cue> = Vec::with_capacity(MODEL_CUES);
    for (lift, is_hashed, i) in top {
        if cues.len() >= MODEL_CUES {
            break;
        }
        let (text, rule) = if is_hashed {
            let h = features.hashed[i];
            let (a, b) = (tokens[h.from as usize], tokens[h.to as usize]);
            let words = text
                .get(a.orig_start as usize..b.orig_end as usize)
                .map_or_else(
                    || norm[a.start as usize..b.end as usize].to_string(),
                    str::to_string,
                );
            let rule = match h.kind {
                model::FeatureKind::Word => "word",
                model::FeatureKind::Pair => "pair",
                model::FeatureKind::Negated => "negated",
            };
            (words, rule)
        } else if i < 5 && rules.tone.index() == i && !rules.cues.is_empty() {
            // The rules' evidence for the tone, named by the rules' own strongest cue.
            (rules.cues[0].text.clone(), rules.cues[0].rule)
        } else {
            (model::DENSE_NAMES[i].to_string(), "feature")
        };
        if cues.iter().any(|c| c.text == text && c.rule == rule) {
            continue;
        }
        cues.push(Cue {
            text,
            rule,
            weight: Some(lift),
        });
    }
    Tagged {
        tone,
        confidence: best,
        cues,
    }
}
