//! The automatic tone tagger: one of the six default tones for a post's text, a confidence, and
//! the cues that decided it.
//!
//! One pass splits the text into words, emoji and emoticons (lower-cased into a reused buffer,
//! with clause and sentence numbers); a second pass walks the tokens once, matching our tone
//! lexicon's phrases (longest first) and, for every other word, VADER's valence with VADER's rules
//! for negation, boosters, capitals and "but". Tone cues add evidence to their tone; positive
//! valence is evidence for supportive and negative valence for critical. A few whole-text rules
//! follow (a critical clause aimed at "you", sarcasm markers, exclamation marks, questions), and
//! the tone with the most evidence wins unless it does not beat the neutral threshold. See
//! `docs/tone.md` for the figures.
use std::cell::RefCell;

use std::io::{BufRead, Write};

use super::lexicon::{self, LEXICON, ToneCue};

use crate::model::DEFAULT_TONES;

mod decide;
pub mod model;
mod score;
#[cfg(test)]
mod tests;
mod tokens;

use decide::*;
use score::*;
use tokens::*;

/// One of chorus's six default tones, in [`DEFAULT_TONES`] order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Tone6 {
    Supportive,
    Empathetic,
    Reassuring,
    Humorous,
    Critical,
    Neutral,
}

impl Tone6 {
    /// All six, in legend order.
    pub const ALL: [Tone6; 6] = [
        Tone6::Supportive,
        Tone6::Empathetic,
        Tone6::Reassuring,
        Tone6::Humorous,
        Tone6::Critical,
        Tone6::Neutral,
    ];

    /// The tone's name, as in [`DEFAULT_TONES`].
    pub fn name(self) -> &'static str {
        DEFAULT_TONES[self as usize]
    }

    /// Position in [`Tone6::ALL`] and [`DEFAULT_TONES`].
    pub fn index(self) -> usize {
        self as usize
    }

    /// The tone with this name (exact, lower case).
    pub fn from_name(name: &str) -> Option<Tone6> {
        Tone6::ALL.into_iter().find(|t| t.name() == name)
    }
}

impl std::fmt::Display for Tone6 {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// GoEmotions' labels as chorus's tones (the mapping of the tone data's README): the training
/// program and the evaluation read the corpus with it. `None` for a label it leaves out.
pub fn tone_of_goemotions_label(label: &str) -> Option<Tone6> {
    Some(match label {
        "admiration" | "approval" | "gratitude" | "love" | "pride" | "excitement" | "joy" => {
            Tone6::Supportive
        }
        "caring" | "sadness" | "grief" | "remorse" => Tone6::Empathetic,
        "optimism" | "relief" => Tone6::Reassuring,
        "amusement" => Tone6::Humorous,
        "anger" | "annoyance" | "disapproval" | "disgust" => Tone6::Critical,
        "neutral" => Tone6::Neutral,
        _ => return None,
    })
}

/// One piece of evidence: the word, phrase or emoji as written, the rule or model feature
/// that used it, and, for the model's features, what it added to the tone's score.
#[derive(Debug, Clone, PartialEq)]
pub struct Cue {
    pub text: String,
    pub rule: &'static str,
    pub weight: Option<f32>,
}

/// The tagger's answer for one text.
#[derive(Debug, Clone, PartialEq)]
pub struct Tagged {
    pub tone: Tone6,
    /// How sure the tagger is, 0..=1.
    pub confidence: f32,
    /// The cues behind the tone, strongest first (empty for a neutral call with no evidence).
    pub cues: Vec<Cue>,
}

impl Tagged {
    /// A one-line explanation: `critical 0.72: "you people" (critical:phrase), ...`.
    pub fn cues_summary(&self) -> String {
        let mut out = format!("{} {:.2}", self.tone.name(), self.confidence);
        if self.cues.is_empty() {
            out.push_str(if self.tone == Tone6::Neutral {
                ": no tone cues"
            } else {
                ""
            });
            return out;
        }
        out.push_str(": ");
        for (i, cue) in self.cues.iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            out.push('"');
            out.extend(cue.text.chars().map(flatten_char));
            out.push('"');
            if let Some(w) = cue.weight {
                out.push_str(&format!(" {w:+.1}"));
            }
            out.push_str(" (");
            out.push_str(cue.rule);
            out.push(')');
        }
        out
    }
}

/// Only the first this many bytes of a post are read: the tone of a 100 KB post is decided by
/// its beginning, and the time per post stays bounded.
pub const MAX_BYTES: usize = 4096;

/// Most cues reported for one post.
const MAX_CUES: usize = 6;

// The tuning constants, all in "evidence" units (a clear tone-lexicon cue is about 2).

/// Evidence for supportive per unit of positive VADER valence (VADER's scale is -4..=4).
const POSITIVE_VALENCE: f32 = 0.45;

/// Evidence for critical per unit of negative VADER valence.
const NEGATIVE_VALENCE: f32 = 0.5;

/// The evidence a tone needs to beat neutral.
const NEUTRAL_FLOOR: f32 = 1.0;

/// Extra neutral floor for a text that asks a question.
const QUESTION_FLOOR: f32 = 0.6;

/// Extra critical evidence, as a share of a clause's critical evidence, when the clause
/// addresses the reader ("you", "your").
const SECOND_PERSON_BOOST: f32 = 1.0;

/// Texts longer than this many tokens have their valence evidence scaled down.
const LONG_TEXT: usize = 20;

/// How much more critical evidence a long text needs, per token past [`LONG_TEXT`]: a long
/// comment collects negative words about its subject without being aimed at anyone.
const LONG_CRITICAL_FLOOR: f32 = 0.05;

/// Past this many words, critical evidence that is only negative valence ("war", "lost",
/// "scary", none of them aimed at anyone) needs [`UNAIMED_FLOOR`] more to count: a longer
/// comment's negative words mostly describe its subject, and only a cue of judgement makes it
/// criticism.
const UNAIMED_TEXT: usize = 15;

const UNAIMED_FLOOR: f32 = 2.0;

/// A negated compliment or joke ("not funny") counts this share of its weight as critical.
const NEGATED_TONE: f32 = 0.6;

/// VADER's constants: negation scalar, the capitals increment, the "!" increment.
const NEGATION_SCALAR: f32 = -0.74;

const CAPS_INCREMENT: f32 = 0.733;

const EXCLAMATION_INCREMENT: f32 = 0.25;

const TONE_RULES: [[&str; 4]; 5] = [
    [
        "supportive:phrase",
        "supportive:word",
        "supportive:emoji",
        "supportive:emoticon",
    ],
    [
        "empathetic:phrase",
        "empathetic:word",
        "empathetic:emoji",
        "empathetic:emoticon",
    ],
    [
        "reassuring:phrase",
        "reassuring:word",
        "reassuring:emoji",
        "reassuring:emoticon",
    ],
    [
        "humorous:phrase",
        "humorous:word",
        "humorous:emoji",
        "humorous:emoticon",
    ],
    [
        "critical:phrase",
        "critical:word",
        "critical:emoji",
        "critical:emoticon",
    ],
];

/// Buffers reused between calls on one thread, so tagging allocates only its answer.
#[derive(Default)]
struct Scratch {
    norm: String,
    tokens: Vec<Token>,
    hits: Vec<Hit>,
    features: model::Features,
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

/// Tags one text. Deterministic; never panics; reads at most [`MAX_BYTES`] of the text.
pub fn tag(text: &str) -> Tagged {
    with_scratch(|scratch| tag_with(text, scratch, true))
}

/// The tone and confidence [`tag`] gives, without naming the cues: what tagging a whole
/// document in the background needs (the reader asks for the cues of one post when it shows
/// them).
pub fn tone_of(text: &str) -> (Tone6, f32) {
    let t = with_scratch(|scratch| tag_with(text, scratch, false));
    (t.tone, t.confidence)
}

/// The rules' answer alone, without the model: what the rules' tests check.
#[cfg(test)]
fn rules_only(text: &str) -> Tagged {
    rules_with(capped(text), &mut Scratch::default(), true).2
}

fn with_scratch(f: impl FnOnce(&mut Scratch) -> Tagged) -> Tagged {
    SCRATCH.with(|scratch| match scratch.try_borrow_mut() {
        Ok(mut scratch) => f(&mut scratch),
        // Only reachable if tag() were called from inside tag(); keep working regardless.
        Err(_) => f(&mut Scratch::default()),
    })
}

fn tag_with(text: &str, scratch: &mut Scratch, explain: bool) -> Tagged {
    let text = capped(text);
    let (marks, scores, rules) = rules_with(text, scratch, explain);
    let Some(model) = model::shipped() else {
        return rules;
    };
    features_with(scratch, &marks, scores, &rules);
    let Scratch {
        norm,
        tokens,
        features,
        ..
    } = scratch;
    combine(model, features, rules, (text, norm, tokens), explain)
}

/// The rules' stages over one text, in `s`: its tokens, the evidence for each tone, and the
/// rules' own answer (with its cues named when `explain`).
fn rules_with(text: &str, s: &mut Scratch, explain: bool) -> (Marks, [f32; 5], Tagged) {
    s.norm.clear();
    s.tokens.clear();
    s.hits.clear();
    let marks = tokenize(text, &mut s.norm, &mut s.tokens);
    weigh_buts(&s.norm, &mut s.tokens);
    mark_words(&LEXICON, &s.norm, &mut s.tokens);
    let mut scores = [0f32; 5];
    score_tokens(&s.norm, &s.tokens, &marks, &mut scores, &mut s.hits);
    let rules = decide(text, &s.tokens, &marks, scores, &mut s.hits, explain);
    (marks, scores, rules)
}

/// The model's features of the text the rules just read in `s`, into `s.features`.
fn features_with(s: &mut Scratch, marks: &Marks, scores: [f32; 5], rules: &Tagged) {
    let mut marked = scores;
    markers(marks, &mut marked, &mut Vec::new());
    model::features(
        &s.norm,
        &s.tokens,
        marks,
        &marked,
        (rules.tone, rules.confidence),
        &mut s.features,
    );
}

/// The model's features of a text, computed as the tagger computes them: what
/// `examples/train_tone.rs` trains on.
pub fn featurize(text: &str) -> model::Features {
    let mut s = Scratch::default();
    let (marks, scores, rules) = rules_with(capped(text), &mut s, false);
    features_with(&mut s, &marks, scores, &rules);
    s.features
}

fn capped(text: &str) -> &str {
    if text.len() <= MAX_BYTES {
        return text;
    }
    let mut end = MAX_BYTES;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// A character of a cue as it may appear in one line of `chorus tone` output.
fn flatten_char(c: char) -> char {
    if c.is_control() { ' ' } else { c }
}

/// `chorus tone`: one text per input line, one `tone<TAB>confidence<TAB>cues` line out, cues as
/// `text:rule` joined by `, `. Invalid UTF-8 is read lossily; a trailing `\r` is dropped.
pub fn tone_lines(mut input: impl BufRead, mut output: impl Write) -> std::io::Result<()> {
    let mut line = Vec::new();
    let mut out = String::new();
    loop {
        line.clear();
        if input.read_until(b'\n', &mut line)? == 0 {
            break;
        }
        if line.last() == Some(&b'\n') {
            line.pop();
        }
        if line.last() == Some(&b'\r') {
            line.pop();
        }
        let text = String::from_utf8_lossy(&line);
        let tagged = tag(&text);
        out.clear();
        out.push_str(tagged.tone.name());
        out.push('\t');
        out.push_str(&format!("{:.2}", tagged.confidence));
        out.push('\t');
        for (i, cue) in tagged.cues.iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            out.extend(cue.text.chars().map(flatten_char));
            out.push(':');
            out.push_str(cue.rule);
            if let Some(w) = cue.weight {
                out.push_str(&format!(" {w:+.2}"));
            }
        }
        out.push('\n');
        output.write_all(out.as_bytes())?;
    }
    output.flush()
}
