//! Scoring the tokens: the lexicon's tone phrases (longest first) and VADER's valence with its
//! rules for negation, boosters, capitals and "but", as evidence per tone.

use super::*;

/// One piece of evidence found while scoring.
#[derive(Debug, Clone, Copy)]
pub(super) struct Hit {
    pub(super) tone: Tone6,
    pub(super) weight: f32,
    /// Token range (first, last) of the text to show.
    pub(super) from: u32,
    pub(super) to: u32,
    pub(super) rule: &'static str,
}

/// Walks the tokens once, adding evidence per tone into `scores` and recording `hits`.
pub(super) fn score_tokens(
    norm: &str,
    tokens: &[Token],
    marks: &Marks,
    scores: &mut [f32; 5],
    hits: &mut Vec<Hit>,
) {
    let lex = &*LEXICON;
    // Valence in a long text is spread over more words: a 60-word comment with two negative
    // words is less negative than a 10-word one.
    let length_factor = if tokens.len() > LONG_TEXT {
        (LONG_TEXT as f32 / tokens.len() as f32).sqrt()
    } else {
        1.0
    };
    let mut s = Scorer {
        lex,
        norm,
        tokens,
        marks,
        scores,
        hits,
        clause_critical: 0.0,
        length_factor,
    };
    // Tokens before this index belong to an earlier phrase: they neither negate nor boost.
    let mut free_from = 0usize;
    let mut clause_start = 0usize;
    let mut clause_you: Option<usize> = None;
    let mut i = 0usize;
    while i < tokens.len() {
        let tok = tokens[i];
        if i > 0 && tok.clause != tokens[i - 1].clause {
            flush_clause(s.clause_critical, clause_you, s.scores, s.hits);
            clause_start = i;
            s.clause_critical = 0.0;
            clause_you = None;
        }
        let word = word_of(norm, &tok);
        if clause_you.is_none() && tok.function().second_person {
            clause_you = Some(i);
        }
        let mut found = s.cue_at(i, word);
        let window = free_from.max(clause_start).max(i.saturating_sub(3))..i;
        let mut valence_scale = 1.0;
        if let Some((cue, 1)) = found
            && cue.valence_only()
        {
            // Not a tone cue, only a note on how much the word's valence counts.
            valence_scale = cue.valence_scale;
            found = None;
        }
        if let Some((cue, len)) = found {
            if !cue.valence_only() {
                s.tone_cue(i, cue, len, window);
            }
            if len > 1 {
                free_from = i + len;
            }
            i += len;
            continue;
        }
        s.valence(i, word, valence_scale, window);
        i += 1;
    }
    flush_clause(s.clause_critical, clause_you, s.scores, s.hits);
}

/// What scoring one text's tokens reads and writes.
pub(super) struct Scorer<'a> {
    pub(super) lex: &'a lexicon::Lexicon,
    pub(super) norm: &'a str,
    pub(super) tokens: &'a [Token],
    pub(super) marks: &'a Marks,
    pub(super) scores: &'a mut [f32; 5],
    pub(super) hits: &'a mut Vec<Hit>,
    /// Critical weight found so far in the current clause.
    pub(super) clause_critical: f32,
    pub(super) length_factor: f32,
}

impl Scorer<'_> {
    /// The longest tone phrase starting at token `i`, within its clause (or, for a phrase
    /// marked `commas`, within the sentence: "Sure, Jan."), or the single word's cue; with the
    /// number of tokens it spans.
    fn cue_at(&self, i: usize, word: &str) -> Option<(ToneCue, usize)> {
        let (lex, tokens) = (self.lex, self.tokens);
        let tok = tokens[i];
        if let Some(max) = tok.entry.map(|e| e.phrase_max).filter(|&m| m > 0) {
            let mut len = (max as usize).min(tokens.len() - i);
            while len >= 2 {
                let last = tokens[i + len - 1];
                if last.sentence == tok.sentence {
                    let key = &self.norm[tok.start as usize..last.end as usize];
                    if let Some(cue) = lex.cues.get(key)
                        && (cue.commas || last.clause == tok.clause)
                    {
                        return Some((*cue, len));
                    }
                }
                len -= 1;
            }
        }
        single_cue(lex, tok.entry, word, tok.kind).map(|c| (c, 1))
    }

    /// A tone cue of `len` tokens at `i`, boosted and negated by the words in `window`.
    fn tone_cue(&mut self, i: usize, cue: ToneCue, len: usize, window: std::ops::Range<usize>) {
        let tok = self.tokens[i];
        let last = i + len - 1;
        let kind_col = match (len, tok.kind) {
            (1, Kind::Emoji) => 2,
            (1, Kind::Emoticon) => 3,
            (1, Kind::Word) => 1,
            _ => 0,
        };
        let mut factor = tok.but;
        if tok.caps && self.marks.caps_contrast {
            factor *= 1.3;
        }
        factor *= 1.0 + boosters(self.tokens, window.clone());
        // Laughter, emoji and emoticons are not negated ("not surprised haha").
        let negator = if cue.fixed || tok.kind != Kind::Word {
            None
        } else {
            negation(self.tokens, window)
        };
        for (tone, weight) in cue.iter() {
            let w = weight * factor;
            match negator {
                None => {
                    let rule = TONE_RULES[tone.index()][kind_col];
                    add(self.scores, self.hits, tone, w, i, last, rule);
                    if tone == Tone6::Critical {
                        self.clause_critical += w;
                    }
                }
                Some(n) => self.negated(tone, w, n, last),
            }
        }
    }

    /// "not funny", "not great": a negated compliment or joke reads as criticism; a negated
    /// criticism ("not wrong") as mild approval.
    fn negated(&mut self, tone: Tone6, w: f32, from: usize, to: usize) {
        match tone {
            Tone6::Supportive | Tone6::Humorous => {
                let w = w * NEGATED_TONE;
                add(
                    self.scores,
                    self.hits,
                    Tone6::Critical,
                    w,
                    from,
                    to,
                    "negated",
                );
                self.clause_critical += w;
            }
            Tone6::Critical => {
                let w = w * 0.4;
                add(
                    self.scores,
                    self.hits,
                    Tone6::Supportive,
                    w,
                    from,
                    to,
                    "negated",
                );
            }
            _ => {}
        }
    }

    /// The word's VADER valence at token `i`, with VADER's rules: capitals, boosters up to
    /// three words back fading with distance, negation, "but", and the text's length.
    fn valence(&mut self, i: usize, word: &str, scale: f32, window: std::ops::Range<usize>) {
        let (lex, tokens, marks) = (self.lex, self.tokens, self.marks);
        let tok = tokens[i];
        if tok.kind == Kind::Emoji || tok.function().booster.is_some() || tok.negator {
            return;
        }
        let Some(v0) = valence(lex, tok.entry, word) else {
            return;
        };
        let mut v = v0 * scale;
        if v == 0.0 {
            return;
        }
        if tok.caps && marks.caps_contrast {
            v += CAPS_INCREMENT.copysign(v);
        }
        for (dist, j) in window.clone().rev().enumerate() {
            if let Some(b) = tokens[j].function().booster {
                let mut s = if v < 0.0 { -b } else { b };
                if tokens[j].caps && marks.caps_contrast {
                    s += CAPS_INCREMENT.copysign(v);
                }
                v += s * [1.0, 0.95, 0.9][dist.min(2)];
            }
        }
        let negator = negation(tokens, window);
        if negator.is_some() {
            v *= NEGATION_SCALAR;
        }
        v *= tok.but * self.length_factor;
        let from = negator.unwrap_or(i);
        let (tone, w, plain) = if v > 0.0 {
            (Tone6::Supportive, v * POSITIVE_VALENCE, "vader:positive")
        } else if v < 0.0 {
            (Tone6::Critical, -v * NEGATIVE_VALENCE, "vader:negative")
        } else {
            return;
        };
        let rule = if negator.is_some() { "negated" } else { plain };
        add(self.scores, self.hits, tone, w, from, i, rule);
        if tone == Tone6::Critical {
            self.clause_critical += w;
        }
    }
}

/// A critical clause that addresses the reader is judgement of a person: more critical.
pub(super) fn flush_clause(
    critical: f32,
    you: Option<usize>,
    scores: &mut [f32; 5],
    hits: &mut Vec<Hit>,
) {
    if let Some(you) = you
        && critical > 0.0
    {
        add(
            scores,
            hits,
            Tone6::Critical,
            critical * SECOND_PERSON_BOOST,
            you,
            you,
            "second-person",
        );
    }
}

pub(super) fn add(
    scores: &mut [f32; 5],
    hits: &mut Vec<Hit>,
    tone: Tone6,
    weight: f32,
    from: usize,
    to: usize,
    rule: &'static str,
) {
    if tone == Tone6::Neutral || weight <= 0.0 {
        return;
    }
    scores[tone.index()] += weight;
    hits.push(Hit {
        tone,
        weight,
        from: from as u32,
        to: to as u32,
        rule,
    });
}

/// The tone cue for a single token: the word itself, its stretched spelling squeezed
/// ("sooo", "lmaooo"), or spelled-out laughter.
pub(super) fn single_cue(
    lex: &lexicon::Lexicon,
    entry: Option<&lexicon::WordEntry>,
    word: &str,
    kind: Kind,
) -> Option<ToneCue> {
    if let Some(cue) = entry.and_then(|e| e.cue) {
        return Some(cue);
    }
    if kind != Kind::Word {
        return None;
    }
    if lexicon::is_laughter(word) {
        return lex.cues.get("haha").map(|c| ToneCue { fixed: true, ..*c });
    }
    unstretched(word, |w| lex.cues.get(w).copied())
}

pub(super) fn valence(
    lex: &lexicon::Lexicon,
    entry: Option<&lexicon::WordEntry>,
    word: &str,
) -> Option<f32> {
    if let Some(v) = entry.and_then(|e| e.valence) {
        return Some(v);
    }
    unstretched(word, |w| lex.valence.get(w).copied())
}

/// Looks a stretched spelling up squeezed, to one letter and then two ("sooo" as "so",
/// "cooool" as "cool").
pub(super) fn unstretched<T>(word: &str, lookup: impl Fn(&str) -> Option<T>) -> Option<T> {
    // Most words are not stretched: said without building a squeezed copy.
    if word.len() <= 3 || !lexicon::is_stretched(word) {
        return None;
    }
    [1, 2]
        .into_iter()
        .find_map(|keep| lookup(&lexicon::squeeze(word, keep)?))
}

/// Sum of booster/dampener scalars in the window (closest first, fading as VADER does).
pub(super) fn boosters(tokens: &[Token], window: std::ops::Range<usize>) -> f32 {
    let mut total = 0.0;
    for (dist, j) in window.rev().take(2).enumerate() {
        if let Some(b) = tokens[j].function().booster {
            total += b * [1.0, 0.95][dist];
        }
    }
    total
}

/// The earliest negator in the window if the words there negate (an odd number of negators).
pub(super) fn negation(tokens: &[Token], window: std::ops::Range<usize>) -> Option<usize> {
    let mut count = 0;
    let mut first = None;
    for j in window {
        if tokens[j].negator {
            count += 1;
            first.get_or_insert(j);
        }
    }
    (count % 2 == 1).then_some(first).flatten()
}

/// Whether the critical evidence holds more than VADER's negative valence: a cue of our own
/// lexicon (an insult, a dismissal, a jab) or a clause aimed at "you".
pub(super) fn aimed(hits: &[Hit]) -> bool {
    hits.iter()
        .any(|h| h.tone == Tone6::Critical && !matches!(h.rule, "vader:negative" | "negated"))
}
