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

/// One piece of evidence: the word, phrase or emoji as written, and the rule that used it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cue {
    pub text: String,
    pub rule: &'static str,
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
            out.push_str("\" (");
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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Word,
    Emoji,
    Emoticon,
}

#[derive(Debug, Clone, Copy)]
struct Token {
    /// Byte range in the lower-cased buffer.
    start: u32,
    end: u32,
    /// Byte range in the original text (for cues as the author wrote them).
    orig_start: u32,
    orig_end: u32,
    clause: u32,
    sentence: u32,
    kind: Kind,
    /// A word of two or more letters, all upper case.
    caps: bool,
    /// Weight from "but": 0.5 before it in its sentence, 1.5 after, 1 elsewhere.
    but: f32,
}

/// One piece of evidence found while scoring.
#[derive(Debug, Clone, Copy)]
struct Hit {
    tone: Tone6,
    weight: f32,
    /// Token range (first, last) of the text to show.
    from: u32,
    to: u32,
    rule: &'static str,
}

/// Buffers reused between calls on one thread, so tagging allocates only its answer.
#[derive(Default)]
struct Scratch {
    norm: String,
    tokens: Vec<Token>,
    hits: Vec<Hit>,
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

/// Summary of the text outside words: punctuation that changes the reading.
#[derive(Debug, Default, Clone, Copy)]
struct Marks {
    exclamations: u32,
    questions: u32,
    /// A "/s" (or "/sarc", "/sarcasm") sarcasm marker; a "/j" (or "/jk", "/hj", "/lh") joke marker.
    sarcasm: bool,
    joke: bool,
    /// Some word is all capitals and some is not (VADER's "cap diff").
    caps_contrast: bool,
}

/// Tags one text. Deterministic; never panics; reads at most [`MAX_BYTES`] of the text.
pub fn tag(text: &str) -> Tagged {
    SCRATCH.with(|scratch| match scratch.try_borrow_mut() {
        Ok(mut scratch) => tag_with(text, &mut scratch),
        // Only reachable if tag() were called from inside tag(); keep working regardless.
        Err(_) => tag_with(text, &mut Scratch::default()),
    })
}

fn tag_with(text: &str, scratch: &mut Scratch) -> Tagged {
    let text = capped(text);
    let Scratch { norm, tokens, hits } = scratch;
    norm.clear();
    tokens.clear();
    hits.clear();
    let marks = tokenize(text, norm, tokens);
    weigh_buts(norm, tokens);
    let mut scores = [0f32; 5];
    score_tokens(norm, tokens, &marks, &mut scores, hits);
    decide(text, tokens, &marks, scores, hits)
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

/// Splits `text` into tokens, writing their lower-cased forms into `norm` separated by single
/// spaces, so a phrase of consecutive tokens is one slice of `norm`.
fn tokenize(text: &str, norm: &mut String, tokens: &mut Vec<Token>) -> Marks {
    let lex = &*LEXICON;
    let mut marks = Marks::default();
    let mut clause = 0u32;
    let mut sentence = 0u32;
    let mut any_caps_word = false;
    let mut any_plain_word = false;

    let push = |norm: &mut String,
                tokens: &mut Vec<Token>,
                orig: (usize, usize),
                kind: Kind,
                clause: u32,
                sentence: u32,
                f: &mut dyn FnMut(&mut String)| {
        if !norm.is_empty() {
            norm.push(' ');
        }
        let start = norm.len();
        f(norm);
        if norm.len() == start {
            // Nothing written (cannot happen for real tokens); drop the separator again.
            norm.truncate(start.saturating_sub(1));
            return;
        }
        tokens.push(Token {
            start: start as u32,
            end: norm.len() as u32,
            orig_start: orig.0 as u32,
            orig_end: orig.1 as u32,
            clause,
            sentence,
            kind,
            caps: false,
            but: 1.0,
        });
    };

    for (chunk_start, chunk) in chunks(text) {
        // Links and @mentions say nothing about tone.
        if chunk.starts_with("http://")
            || chunk.starts_with("https://")
            || chunk.starts_with("www.")
            || (chunk.starts_with('@') && chunk.len() > 1)
        {
            continue;
        }
        let bare = chunk.trim_end_matches(['.', ',', '!', '?', ';']);
        match bare {
            "/s" | "/sarc" | "/sarcasm" => {
                marks.sarcasm = true;
                continue;
            }
            "/j" | "/jk" | "/hj" | "/lh" => {
                marks.joke = true;
                continue;
            }
            _ => {}
        }
        if let Some(len) = emoticon_len(lex, chunk, bare) {
            let orig = (chunk_start, chunk_start + len);
            let em = &chunk[..len];
            push(
                norm,
                tokens,
                orig,
                Kind::Emoticon,
                clause,
                sentence,
                &mut |n| n.extend(em.chars().flat_map(char::to_lowercase)),
            );
            // Count the punctuation after the emoticon as usual.
            for c in chunk[len..].chars() {
                punctuation(c, &mut marks, &mut clause, &mut sentence);
            }
            clause += 1;
            continue;
        }

        let mut word_start: Option<usize> = None;
        let mut chars = chunk.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            let at = chunk_start + i;
            let apostrophe = matches!(c, '\'' | '\u{2019}' | '\u{2018}' | '\u{02BC}');
            if c.is_alphanumeric()
                || (apostrophe
                    && word_start.is_some()
                    && chars.peek().is_some_and(|&(_, n)| n.is_alphanumeric()))
            {
                if word_start.is_none() {
                    word_start = Some(at);
                }
                continue;
            }
            if let Some(ws) = word_start.take() {
                let (caps, plain) = push_word(norm, tokens, text, ws, at, clause, sentence);
                any_caps_word |= caps;
                any_plain_word |= plain;
            }
            if lexicon::is_emoji(c) {
                push(
                    norm,
                    tokens,
                    (at, at + c.len_utf8()),
                    Kind::Emoji,
                    clause,
                    sentence,
                    &mut |n| n.push(c),
                );
            } else if !lexicon::is_emoji_modifier(c) {
                punctuation(c, &mut marks, &mut clause, &mut sentence);
            }
        }
        if let Some(ws) = word_start {
            let (caps, plain) = push_word(
                norm,
                tokens,
                text,
                ws,
                chunk_start + chunk.len(),
                clause,
                sentence,
            );
            any_caps_word |= caps;
            any_plain_word |= plain;
        }
    }
    marks.caps_contrast = any_caps_word && any_plain_word;
    marks
}

/// Whitespace-separated chunks with their byte offsets.
fn chunks(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split(char::is_whitespace)
        .filter(|c| !c.is_empty())
        .map(move |c| (c.as_ptr() as usize - text.as_ptr() as usize, c))
}

/// If the chunk is an emoticon (possibly followed by sentence punctuation), its length.
fn emoticon_len(lex: &lexicon::Lexicon, chunk: &str, bare: &str) -> Option<usize> {
    if bare.len() < 2 || bare.len() > 12 || !chunk.is_ascii() {
        return None;
    }
    let lower = |s: &str| -> ([u8; 12], usize) {
        let mut buf = [0u8; 12];
        for (b, c) in buf.iter_mut().zip(s.bytes()) {
            *b = c.to_ascii_lowercase();
        }
        (buf, s.len().min(12))
    };
    for candidate in [chunk, bare] {
        if candidate.len() < 2 || candidate.len() > 12 {
            continue;
        }
        // A word with a trailing comma ("no,") is not an emoticon.
        if candidate.bytes().filter(u8::is_ascii_alphanumeric).count() + 1 >= candidate.len() {
            continue;
        }
        let (buf, len) = lower(candidate);
        let key = std::str::from_utf8(&buf[..len]).unwrap_or("");
        if lex.emoticons.contains_key(key) {
            return Some(candidate.len());
        }
    }
    None
}

fn punctuation(c: char, marks: &mut Marks, clause: &mut u32, sentence: &mut u32) {
    match c {
        '!' => {
            marks.exclamations += 1;
            *clause += 1;
            *sentence += 1;
        }
        '?' => {
            marks.questions += 1;
            *clause += 1;
            *sentence += 1;
        }
        '.' | '\u{2026}' => {
            *clause += 1;
            *sentence += 1;
        }
        ',' | ';' | ':' | '(' | ')' | '"' | '\u{201C}' | '\u{201D}' | '[' | ']' | '\u{2014}'
        | '\u{2013}' => *clause += 1,
        _ => {}
    }
}

/// Pushes the word `text[from..to]`; returns whether it is all capitals / has lower case.
fn push_word(
    norm: &mut String,
    tokens: &mut Vec<Token>,
    text: &str,
    from: usize,
    to: usize,
    clause: u32,
    sentence: u32,
) -> (bool, bool) {
    let word = &text[from..to];
    if !norm.is_empty() {
        norm.push(' ');
    }
    let start = norm.len();
    let mut upper = 0u32;
    let mut lower = 0u32;
    for c in word.chars() {
        if c.is_uppercase() {
            upper += 1;
        } else if c.is_lowercase() {
            lower += 1;
        }
        match c {
            '\u{2019}' | '\u{2018}' | '\u{02BC}' => norm.push('\''),
            c if c.is_ascii() => norm.push(c.to_ascii_lowercase()),
            c => norm.extend(c.to_lowercase()),
        }
    }
    let caps = upper >= 2 && lower == 0;
    tokens.push(Token {
        start: start as u32,
        end: norm.len() as u32,
        orig_start: from as u32,
        orig_end: to as u32,
        clause,
        sentence,
        kind: Kind::Word,
        caps,
        but: 1.0,
    });
    (caps, lower > 0)
}

/// VADER's "but" rule, per sentence: what comes after "but" counts 1.5 times, what comes before
/// half. "however" works the same way.
fn weigh_buts(norm: &str, tokens: &mut [Token]) {
    let mut i = 0;
    while i < tokens.len() {
        let sentence = tokens[i].sentence;
        let mut end = i;
        while end < tokens.len() && tokens[end].sentence == sentence {
            end += 1;
        }
        let but = (i..end).find(|&j| {
            let w = word_of(norm, &tokens[j]);
            w == "but" || w == "however"
        });
        if let Some(b) = but {
            for (j, t) in tokens[i..end].iter_mut().enumerate() {
                t.but = match (i + j).cmp(&b) {
                    std::cmp::Ordering::Less => 0.5,
                    std::cmp::Ordering::Equal => 1.0,
                    std::cmp::Ordering::Greater => 1.5,
                };
            }
        }
        i = end;
    }
}

#[inline]
fn word_of<'a>(norm: &'a str, t: &Token) -> &'a str {
    &norm[t.start as usize..t.end as usize]
}

/// Walks the tokens once, adding evidence per tone into `scores` and recording `hits`.
fn score_tokens(
    norm: &str,
    tokens: &[Token],
    marks: &Marks,
    scores: &mut [f32; 5],
    hits: &mut Vec<Hit>,
) {
    let lex = &*LEXICON;
    // Tokens before this index belong to an earlier phrase: they neither negate nor boost.
    let mut free_from = 0usize;
    let mut clause_start = 0usize;
    let mut clause_critical = 0f32;
    let mut clause_you: Option<usize> = None;
    // Valence in a long text is spread over more words: a 60-word comment with two negative
    // words is less negative than a 10-word one.
    let length_factor = if tokens.len() > LONG_TEXT {
        (LONG_TEXT as f32 / tokens.len() as f32).sqrt()
    } else {
        1.0
    };
    let mut i = 0usize;
    while i < tokens.len() {
        let tok = tokens[i];
        if i > 0 && tok.clause != tokens[i - 1].clause {
            flush_clause(clause_critical, clause_you, scores, hits);
            clause_start = i;
            clause_critical = 0.0;
            clause_you = None;
        }
        let word = word_of(norm, &tok);
        if clause_you.is_none() && lex.second_person.contains_key(word) {
            clause_you = Some(i);
        }

        // The longest tone phrase starting here, within the clause (or, for a phrase marked
        // `commas`, within the sentence: "Sure, Jan.").
        let mut found: Option<(ToneCue, usize)> = None;
        if let Some(&max) = lex.phrase_starts.get(word) {
            let mut len = (max as usize).min(tokens.len() - i);
            while len >= 2 {
                let last = tokens[i + len - 1];
                if last.sentence == tok.sentence {
                    let key = &norm[tok.start as usize..last.end as usize];
                    if let Some(cue) = lex.cues.get(key)
                        && (cue.commas || last.clause == tok.clause)
                    {
                        found = Some((*cue, len));
                        break;
                    }
                }
                len -= 1;
            }
        }
        if found.is_none() {
            found = single_cue(lex, word, tok.kind).map(|c| (c, 1));
        }

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
            let last = i + len - 1;
            if !cue.valence_only() {
                let kind_col = match (len, tok.kind) {
                    (1, Kind::Emoji) => 2,
                    (1, Kind::Emoticon) => 3,
                    (1, Kind::Word) => 1,
                    _ => 0,
                };
                let mut factor = tok.but;
                if tok.caps && marks.caps_contrast {
                    factor *= 1.3;
                }
                let boost = boosters(lex, norm, tokens, window.clone());
                factor *= 1.0 + boost;
                // Laughter, emoji and emoticons are not negated ("not surprised haha").
                let negator = if cue.fixed || tok.kind != Kind::Word {
                    None
                } else {
                    negation(lex, norm, tokens, window.clone())
                };
                for (tone, weight) in cue.iter() {
                    let w = weight * factor;
                    match negator {
                        None => {
                            add(
                                scores,
                                hits,
                                tone,
                                w,
                                i,
                                last,
                                TONE_RULES[tone.index()][kind_col],
                            );
                            if tone == Tone6::Critical {
                                clause_critical += w;
                            }
                        }
                        Some(n) => {
                            // "not funny", "not great": a negated compliment or joke reads as
                            // criticism; a negated criticism ("not wrong") as mild approval.
                            match tone {
                                Tone6::Supportive | Tone6::Humorous => {
                                    add(
                                        scores,
                                        hits,
                                        Tone6::Critical,
                                        w * NEGATED_TONE,
                                        n,
                                        last,
                                        "negated",
                                    );
                                    clause_critical += w * NEGATED_TONE;
                                }
                                Tone6::Critical => add(
                                    scores,
                                    hits,
                                    Tone6::Supportive,
                                    w * 0.4,
                                    n,
                                    last,
                                    "negated",
                                ),
                                _ => {}
                            }
                        }
                    }
                }
            }
            if len > 1 {
                free_from = i + len;
            }
            i += len;
            continue;
        }

        // VADER valence with its rules.
        if tok.kind != Kind::Emoji
            && !lex.boosters.contains_key(word)
            && !lex.is_negator(word)
            && let Some(v0) = valence(lex, word)
        {
            let mut v = v0 * valence_scale;
            if v == 0.0 {
                i += 1;
                continue;
            }
            if tok.caps && marks.caps_contrast {
                v += CAPS_INCREMENT.copysign(v);
            }
            // Boosters up to three words back, fading with distance.
            for (dist, j) in window.clone().rev().enumerate() {
                let w = word_of(norm, &tokens[j]);
                if let Some(&b) = lex.boosters.get(w) {
                    let mut s = if v < 0.0 { -b } else { b };
                    if tokens[j].caps && marks.caps_contrast {
                        s += CAPS_INCREMENT.copysign(v);
                    }
                    v += s * [1.0, 0.95, 0.9][dist.min(2)];
                }
            }
            let negator = negation(lex, norm, tokens, window);
            if negator.is_some() {
                v *= NEGATION_SCALAR;
            }
            v *= tok.but * length_factor;
            let from = negator.unwrap_or(i);
            if v > 0.0 {
                let rule = if negator.is_some() {
                    "negated"
                } else {
                    "vader:positive"
                };
                add(
                    scores,
                    hits,
                    Tone6::Supportive,
                    v * POSITIVE_VALENCE,
                    from,
                    i,
                    rule,
                );
            } else if v < 0.0 {
                let rule = if negator.is_some() {
                    "negated"
                } else {
                    "vader:negative"
                };
                let w = -v * NEGATIVE_VALENCE;
                add(scores, hits, Tone6::Critical, w, from, i, rule);
                clause_critical += w;
            }
        }
        i += 1;
    }
    flush_clause(clause_critical, clause_you, scores, hits);
}

/// A critical clause that addresses the reader is judgement of a person: more critical.
fn flush_clause(critical: f32, you: Option<usize>, scores: &mut [f32; 5], hits: &mut Vec<Hit>) {
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

fn add(
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
fn single_cue(lex: &lexicon::Lexicon, word: &str, kind: Kind) -> Option<ToneCue> {
    if let Some(cue) = lex.cues.get(word) {
        return Some(*cue);
    }
    if kind != Kind::Word {
        return None;
    }
    if lexicon::is_laughter(word) {
        return lex.cues.get("haha").map(|c| ToneCue { fixed: true, ..*c });
    }
    unstretched(word, |w| lex.cues.get(w).copied())
}

fn valence(lex: &lexicon::Lexicon, word: &str) -> Option<f32> {
    if let Some(&v) = lex.valence.get(word) {
        return Some(v);
    }
    unstretched(word, |w| lex.valence.get(w).copied())
}

/// Looks a stretched spelling up squeezed, to one letter and then two ("sooo" as "so",
/// "cooool" as "cool").
fn unstretched<T>(word: &str, lookup: impl Fn(&str) -> Option<T>) -> Option<T> {
    if word.len() <= 3 {
        return None;
    }
    [1, 2]
        .into_iter()
        .find_map(|keep| lookup(&lexicon::squeeze(word, keep)?))
}

/// Sum of booster/dampener scalars in the window (closest first, fading as VADER does).
fn boosters(
    lex: &lexicon::Lexicon,
    norm: &str,
    tokens: &[Token],
    window: std::ops::Range<usize>,
) -> f32 {
    let mut total = 0.0;
    for (dist, j) in window.rev().take(2).enumerate() {
        if let Some(&b) = lex.boosters.get(word_of(norm, &tokens[j])) {
            total += b * [1.0, 0.95][dist];
        }
    }
    total
}

/// The earliest negator in the window if the words there negate (an odd number of negators).
fn negation(
    lex: &lexicon::Lexicon,
    norm: &str,
    tokens: &[Token],
    window: std::ops::Range<usize>,
) -> Option<usize> {
    let mut count = 0;
    let mut first = None;
    for j in window {
        let w = word_of(norm, &tokens[j]);
        if lex.is_negator(w) {
            count += 1;
            first.get_or_insert(j);
        }
    }
    (count % 2 == 1).then_some(first).flatten()
}

/// Whether the critical evidence holds more than VADER's negative valence: a cue of our own
/// lexicon (an insult, a dismissal, a jab) or a clause aimed at "you".
fn aimed(hits: &[Hit]) -> bool {
    hits.iter()
        .any(|h| h.tone == Tone6::Critical && !matches!(h.rule, "vader:negative" | "negated"))
}

fn decide(
    text: &str,
    tokens: &[Token],
    marks: &Marks,
    mut scores: [f32; 5],
    hits: &mut Vec<Hit>,
) -> Tagged {
    let sup = Tone6::Supportive.index();
    let crit = Tone6::Critical.index();
    let hum = Tone6::Humorous.index();
    if marks.sarcasm {
        // "/s": the praise is not meant; the post is a joke at something's expense.
        scores[crit] += scores[sup] * 0.5;
        scores[sup] = 0.0;
        hits.retain(|h| h.tone != Tone6::Supportive);
        scores[hum] += 2.0;
        hits.push(Hit {
            tone: Tone6::Humorous,
            weight: 2.0,
            from: u32::MAX,
            to: u32::MAX,
            rule: "sarcasm:/s",
        });
    } else if marks.joke {
        scores[hum] += 2.0;
        hits.push(Hit {
            tone: Tone6::Humorous,
            weight: 2.0,
            from: u32::MAX,
            to: u32::MAX,
            rule: "joke:/j",
        });
    }

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
    let total: f32 = scores.iter().sum();

    if best == Tone6::Neutral || top < floor {
        // Neutral: surer the less evidence there is for anything else.
        let confidence = 0.35 + 0.5 * floor / (floor + total);
        let mut cues = Vec::new();
        if marks.questions > 0 && top > 0.0 {
            cues.push(Cue {
                text: "?".to_string(),
                rule: "question",
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

    let mut mine: Vec<Hit> = hits.iter().copied().filter(|h| h.tone == best).collect();
    // The words themselves first, strongest first; the "aimed at you" note after them.
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
        cues.push(Cue { text, rule: h.rule });
    }
    if exclaim > 0.0 {
        cues.push(Cue {
            text: "!".repeat(marks.exclamations.min(4) as usize),
            rule: "exclamation",
        });
    }
    if tokens.iter().any(|t| t.but != 1.0) {
        cues.push(Cue {
            text: "but".to_string(),
            rule: "but-clause",
        });
    }
    Tagged {
        tone: best,
        confidence,
        cues,
    }
}

/// Maps the raw score (evidence share and margin) onto 0..=1 so that a confidence of 0.7 is
/// right about 70% of the time on the development data (docs/tone.md has the table). The map
/// is monotone, so it changes no tone.
fn calibrated(raw: f32) -> f32 {
    (0.1 + 0.8 * raw).clamp(0.0, 1.0)
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
        }
        out.push('\n');
        output.write_all(out.as_bytes())?;
    }
    output.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tone(text: &str) -> Tone6 {
        tag(text).tone
    }

    fn has_rule(t: &Tagged, rule: &str) -> bool {
        t.cues.iter().any(|c| c.rule == rule)
    }

    #[test]
    fn tone_names_follow_the_default_tones() {
        for (t, name) in Tone6::ALL.iter().zip(DEFAULT_TONES) {
            assert_eq!(t.name(), name);
            assert_eq!(Tone6::from_name(name), Some(*t));
        }
    }

    #[test]
    fn the_team_sentences() {
        assert_eq!(tone("don't worry, it gets better"), Tone6::Reassuring);
        assert_eq!(tone("I'm so sorry for your loss"), Tone6::Empathetic);
        assert_eq!(tone("you people never learn"), Tone6::Critical);
        assert_eq!(tone("Congratulations, well done!"), Tone6::Supportive);
        assert_eq!(tone("The match starts at 3pm."), Tone6::Neutral);
        assert_eq!(tone("lol that's hilarious"), Tone6::Humorous);
        assert_eq!(
            tone("Hang in there, you'll get through this."),
            Tone6::Reassuring
        );
        assert_eq!(tone("Nobody cares, get over it."), Tone6::Critical);
        assert_eq!(
            tone("Thank you so much, this helped a lot"),
            Tone6::Supportive
        );
    }

    #[test]
    fn dont_worry_is_not_a_negated_worry() {
        let t = tag("Don't worry about it.");
        assert_eq!(t.tone, Tone6::Reassuring);
        assert!(!has_rule(&t, "negated"), "{t:?}");
        assert_eq!(t.cues[0].text, "Don't worry");
        assert_eq!(t.cues[0].rule, "reassuring:phrase");
        // Curly apostrophe and the apostrophe-less spelling read the same.
        assert_eq!(tone("Don\u{2019}t worry about it."), Tone6::Reassuring);
        assert_eq!(tone("dont worry about it"), Tone6::Reassuring);
    }

    #[test]
    fn negation() {
        // A negated insult is not criticism, a negated joke is not humour.
        for text in [
            "not bad at all",
            "This is not bad at all.",
            "Honestly not bad!",
        ] {
            assert_ne!(tone(text), Tone6::Critical, "{text}");
        }
        for text in [
            "not funny",
            "That's not funny.",
            "I don't think that's funny at all",
        ] {
            assert_ne!(tone(text), Tone6::Humorous, "{text}");
        }
        // Negating a compliment makes it a criticism.
        let t = tag("This is not good, not helpful and not funny.");
        assert_eq!(t.tone, Tone6::Critical);
        assert!(has_rule(&t, "negated"), "{t:?}");
        // Negation stays inside its clause: "no" before a comma does not flip the praise.
        assert_eq!(tone("No, this is wonderful!"), Tone6::Supportive);
        // Laughter is not negated by a "not" before it.
        assert_eq!(tone("I'm not surprised haha"), Tone6::Humorous);
    }

    #[test]
    fn but_clause_weighs_what_follows() {
        let t = tag("great idea but you clearly didn't think it through");
        assert_eq!(t.tone, Tone6::Critical, "{t:?}");
        assert!(has_rule(&t, "but-clause"));
        let t = tag("The plot was a bit slow but the ending was wonderful and moving");
        assert_eq!(t.tone, Tone6::Supportive, "{t:?}");
    }

    #[test]
    fn emoji() {
        let t = tag("😂😂");
        assert_eq!(t.tone, Tone6::Humorous);
        assert_eq!(t.cues[0].text, "😂");
        assert_eq!(t.cues[0].rule, "humorous:emoji");
        assert_eq!(tone("❤️"), Tone6::Supportive);
        assert_eq!(tone("❤"), Tone6::Supportive);
        assert_eq!(tone("😢"), Tone6::Empathetic);
        assert_eq!(tone("so proud of you 👏🏽👏🏽"), Tone6::Supportive);
        assert_eq!(tone("🙄"), Tone6::Critical);
        assert_eq!(tone("this one 🤣"), Tone6::Humorous);
        // Emoticons as well as emoji.
        assert_eq!(tone("that's so sad :("), Tone6::Empathetic);
        assert_eq!(tone("Love you <3"), Tone6::Supportive);
    }

    #[test]
    fn sarcasm_markers() {
        let t = tag("Oh great, another Monday /s");
        assert_eq!(t.tone, Tone6::Humorous);
        assert!(has_rule(&t, "sarcasm:/s"), "{t:?}");
        assert!(t.cues.iter().any(|c| c.text == "/s"));
        // The praise in a sarcastic post is not counted as praise.
        assert!(!has_rule(&t, "vader:positive"));
        assert_eq!(tone("Wow, what a genius move. /s"), Tone6::Humorous);
        assert_eq!(tone("I was kidding about the cake /j"), Tone6::Humorous);
        // A slash inside a word is not a marker.
        assert_eq!(tone("and/s or"), Tone6::Neutral);
    }

    #[test]
    fn laughter_spelled_out() {
        for text in ["hahahaha", "LMAOOO", "bwahaha that's it", "lool", "hehehe"] {
            assert_eq!(tone(text), Tone6::Humorous, "{text}");
        }
    }

    #[test]
    fn empty_and_emoji_only() {
        for text in [
            "",
            "   ",
            "\n\t",
            ".",
            "?!",
            "🚗",
            "🚗🚗🚗",
            "👍🏽",
            "\u{FE0F}\u{200D}",
        ] {
            let t = tag(text);
            assert!((0.0..=1.0).contains(&t.confidence), "{text:?}: {t:?}");
        }
        let t = tag("");
        assert_eq!(t.tone, Tone6::Neutral);
        assert!(t.cues.is_empty());
        assert_eq!(tone("🚗"), Tone6::Neutral);
        assert_eq!(tone("👍🏽"), Tone6::Supportive);
        // Thanks or prayers: too ambiguous alone to call.
        assert_ne!(tone("🙏"), Tone6::Critical);
    }

    #[test]
    fn questions_lean_neutral() {
        assert_eq!(tone("Is the match at 3pm?"), Tone6::Neutral);
        assert_eq!(
            tone("Does anyone know a good place to eat?"),
            Tone6::Neutral
        );
    }

    #[test]
    fn worried_questions_stay_questions() {
        assert_eq!(tone("Are you sick?"), Tone6::Neutral);
        assert_eq!(tone("Is your dog sick?"), Tone6::Neutral);
        assert_eq!(tone("Was your flight cancelled?"), Tone6::Neutral);
    }

    #[test]
    fn a_phrase_marked_commas_may_span_a_comma() {
        for text in [
            "Sure, Jan.",
            "Yeah, right.",
            "Surprise, surprise, the price went up.",
        ] {
            let t = tag(text);
            assert_eq!(t.tone, Tone6::Critical, "{text}");
            assert_eq!(t.cues[0].rule, "critical:phrase", "{text}");
        }
        // Other phrases stay within their clause: "good, luck" is not "good luck", and a
        // phrase never spans two sentences.
        assert!(
            !tag("It was good, luck had nothing to do with it.")
                .cues
                .iter()
                .any(|c| c.rule == "reassuring:phrase")
        );
        assert_ne!(tone("Sure. Jan will call you."), Tone6::Critical);
    }

    #[test]
    fn everyday_replies_are_not_critical() {
        for text in [
            "If it makes you feel better, my first attempt was way worse.",
            "You're hysterical, I love it",
            "Nothing better than a rainy day to curl up and read a book.",
            "The kids go back to school next week, finally!",
            "Read up on the history of the bridge, it's fascinating.",
            "Here are the main talking points for tomorrow's meeting.",
            "Enlighten me, I genuinely don't know how this works.",
            "Who knew baking bread could be this relaxing",
            "I was totally incoherent after the surgery",
            "Oh, sure, I can bring the chairs.",
            "Oh, great, thanks for letting me know!",
        ] {
            assert_ne!(tone(text), Tone6::Critical, "{text}");
        }
    }

    #[test]
    fn second_person_judgement() {
        let t = tag("You're an idiot.");
        assert_eq!(t.tone, Tone6::Critical);
        assert_eq!(t.cues[0].text, "idiot");
        assert!(has_rule(&t, "second-person"));
        assert_eq!(
            tone("Obviously you didn't read the article."),
            Tone6::Critical
        );
        assert_eq!(tone("Educate yourself before commenting."), Tone6::Critical);
    }

    #[test]
    fn unaimed_negativity_in_a_long_text_is_not_criticism() {
        // Negative words that describe what happened, aimed at no one.
        let report = "The storm destroyed hundreds of homes last night and left many families \
                      without power, afraid and cold for days.";
        assert_eq!(tone(report), Tone6::Neutral);
        // The same report with a judgement in it is criticism.
        let t = tag(
            "The storm destroyed hundreds of homes last night and left many families \
                     without power for days. What a disgrace.",
        );
        assert_eq!(t.tone, Tone6::Critical);
        assert_eq!(t.cues[0].text, "disgrace");
        // A short negative reaction needs no target.
        assert_eq!(tone("This is awful."), Tone6::Critical);
    }

    #[test]
    fn unmarked_sarcasm_dismissal_and_condescension() {
        let t = tag("Oh, how convenient that the report came out the day after the vote.");
        assert_eq!(t.tone, Tone6::Critical);
        assert_eq!(t.cues[0].text, "how convenient");
        assert_eq!(tone("That theory is pure gibberish."), Tone6::Critical);
        let t = tag("Check your facts before you post again.");
        assert_eq!(t.tone, Tone6::Critical);
        assert!(has_rule(&t, "second-person"));
    }

    #[test]
    fn caps_and_exclamation_are_cues() {
        let t = tag("I love this so much!!!");
        assert_eq!(t.tone, Tone6::Supportive);
        assert!(
            t.cues
                .iter()
                .any(|c| c.rule == "exclamation" && c.text == "!!!")
        );
        let calm = tag("this is a stupid idea");
        let loud = tag("this is a STUPID idea");
        assert_eq!(loud.tone, Tone6::Critical);
        assert!(loud.confidence >= calm.confidence);
    }

    #[test]
    fn a_very_long_post_is_read_up_to_the_cap_only() {
        // The work is bounded by the cap, not the post: a 100 KiB post is tagged exactly as
        // its first MAX_BYTES are, whatever follows them. (Its time is in benches/tagger.rs.)
        let sentence = "I really think you should read the whole thing before judging, lol. ";
        let text = sentence.repeat(100 * 1024 / sentence.len() + 1);
        assert!(text.len() >= 100 * 1024);
        let t = tag(&text);
        assert_eq!(t, tag(capped(&text)));
        assert!(capped(&text).len() <= MAX_BYTES);
        let shouting = format!("{}{}", capped(&text), "YOU ARE ALL IDIOTS!!! ".repeat(1000));
        assert_eq!(tag(&shouting), t);
        assert!((0.0..=1.0).contains(&t.confidence));
        // Multi-byte characters at the cut never split a character.
        let emoji = "😂".repeat(40_000);
        assert_eq!(tone(&emoji), Tone6::Humorous);
        let mixed = format!("{}é{}", "a".repeat(MAX_BYTES - 1), "b".repeat(10));
        let _ = tag(&mixed);
    }

    #[test]
    fn confidence_range_and_cues_for_every_call() {
        let texts = [
            "Thanks!",
            "lol",
            "you people never learn",
            "I hope you feel better soon",
            "What a joke of a referee.",
            "RIP, he was a legend",
            "Good luck tomorrow, you've got this!",
            "Not sure what you mean",
            "wtf is this",
            "This is the worst take I have ever read, and I read a lot of takes.",
            "¿Qué? ½ ∞ \u{202E}reversed\u{202C} \u{0}",
            "@someone https://example.com #tag",
            "a'b 'quoted' it's ''",
            ":) :( :D xD ;)",
            "I I I I I I I I I I I I I I I I I I I I I I I I I I I I I I I I I",
        ];
        for text in texts {
            let t = tag(text);
            assert!((0.0..=1.0).contains(&t.confidence), "{text}: {t:?}");
            if t.tone != Tone6::Neutral {
                assert!(!t.cues.is_empty(), "{text}: {t:?}");
            }
            assert!(!t.cues_summary().contains('\n'));
            // Deterministic.
            assert_eq!(tag(text), t);
        }
    }

    #[test]
    fn summary_reads_as_one_line() {
        let t = tag("you people never learn");
        assert_eq!(
            t.cues_summary(),
            format!(
                "critical {:.2}: \"you people\" (critical:phrase), \"you\" (second-person)",
                t.confidence
            )
        );
        assert!(
            tag("The match starts at 3pm.")
                .cues_summary()
                .ends_with(": no tone cues")
        );
    }

    #[test]
    fn tone_lines_writes_one_line_per_input() {
        let input = "don't worry, it gets better\n\nThe match starts at 3pm.\r\nlol\tok\n\u{FF}x";
        let mut out = Vec::new();
        let mut bytes = input.as_bytes().to_vec();
        bytes.pop();
        bytes.pop();
        bytes.extend_from_slice(&[0xFF, b'x']);
        tone_lines(&bytes[..], &mut out).unwrap();
        let out = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), 5, "{out}");
        assert!(lines[0].starts_with("reassuring\t0."), "{}", lines[0]);
        assert!(
            lines[0].ends_with("\tit gets better:reassuring:phrase, don't worry:reassuring:phrase"),
            "{}",
            lines[0]
        );
        assert!(lines[1].starts_with("neutral\t"));
        assert!(lines[2].starts_with("neutral\t"));
        assert!(lines[3].starts_with("humorous\t"));
        for line in &lines {
            let fields: Vec<&str> = line.split('\t').collect();
            assert_eq!(fields.len(), 3, "{line:?}");
            assert!(Tone6::from_name(fields[0]).is_some());
            assert_eq!(fields[1].len(), 4);
            let c: f32 = fields[1].parse().unwrap();
            assert!((0.0..=1.0).contains(&c));
        }
    }
}
