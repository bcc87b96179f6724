//! The trained part of the tagger: a linear model (multinomial logistic regression) over
//! features of the tokens the rules already made, trained on GoEmotions by
//! `examples/train_tone.rs` and shipped as `data/tone-model.bin`.
//!
//! The features are ones a person can name, so every tone the model gives can be explained:
//!
//! - each word, emoji or emoticon (`"thanks"`), and each pair of neighbours in a sentence
//!   (`"so sorry"`), hashed into [`BUCKETS`] rows;
//! - each word read inside a negation ("not funny" gives `not:"funny"`);
//! - the rules' evidence for each of the five tones (the tone lexicon's phrases, VADER's valence
//!   with its rules for negation, boosters, capitals and "but", criticism aimed at "you"), and
//!   the marks: exclamations, a question, sarcasm and joke markers, capitals, length, emoji.
//!
//! The model's answer is a probability per tone, calibrated by a temperature fitted on text it
//! was not trained on.

use super::*;

/// Rows the hashed features share (a power of two).
pub const BUCKETS: usize = 1 << 18;

/// The dense features, in order: five rule scores, then the marks.
pub const DENSE_NAMES: [&str; DENSE] = [
    "rules: supportive",
    "rules: empathetic",
    "rules: reassuring",
    "rules: humorous",
    "rules: critical",
    "exclamation",
    "question",
    "capitals",
    "sarcasm marker",
    "joke marker",
    "length",
    "emoji",
    "rules decided: supportive",
    "rules decided: empathetic",
    "rules decided: reassuring",
    "rules decided: humorous",
    "rules decided: critical",
    "rules decided: neutral",
    "positive words",
    "negative words",
];

/// How many dense features.
pub const DENSE: usize = 20;

/// What a hashed feature is, for its name in an explanation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FeatureKind {
    /// A word, emoji or emoticon.
    Word,
    /// Two neighbouring tokens.
    Pair,
    /// A word inside a negation.
    Negated,
}

impl FeatureKind {
    fn tag(self) -> u8 {
        match self {
            FeatureKind::Word => b'w',
            FeatureKind::Pair => b'p',
            FeatureKind::Negated => b'n',
        }
    }
}

/// One hashed feature of a text: its row, and the tokens it stands for (in the lower-cased
/// buffer, for its name).
#[derive(Debug, Clone, Copy)]
pub struct Hashed {
    pub bucket: u32,
    pub kind: FeatureKind,
    pub from: u32,
    pub to: u32,
}

/// The features of one text, as the model reads them.
#[derive(Debug, Clone, Default)]
pub struct Features {
    pub hashed: Vec<Hashed>,
    pub dense: [f32; DENSE],
}

/// FNV-1a, 32 bits: the same rows on every machine and in every version.
fn fnv(kind: u8, parts: &[&[u8]]) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    let mut eat = |b: u8| {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    };
    eat(kind);
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            eat(0x1f);
        }
        part.iter().copied().for_each(&mut eat);
    }
    h
}

/// Tokens after a negator that it reaches, in its clause (VADER looks three back).
const NEGATION_REACH: usize = 3;

/// Fills `f` from the tokens and the rules' scores.
pub(super) fn features(
    norm: &str,
    tokens: &[Token],
    marks: &Marks,
    scores: &[f32; 5],
    rules: (Tone6, f32),
    f: &mut Features,
) {
    f.hashed.clear();
    let word = |t: &Token| &norm.as_bytes()[t.start as usize..t.end as usize];
    let mut negated_until = 0usize;
    let mut emoji = 0u32;
    let (mut positive, mut negative) = (0f32, 0f32);
    for (i, tok) in tokens.iter().enumerate() {
        let w = word(tok);
        let row =
            |kind: FeatureKind, parts: &[&[u8]]| fnv(kind.tag(), parts) & (BUCKETS as u32 - 1);
        f.hashed.push(Hashed {
            bucket: row(FeatureKind::Word, &[w]),
            kind: FeatureKind::Word,
            from: i as u32,
            to: i as u32,
        });
        if i > 0 && tokens[i - 1].sentence == tok.sentence {
            f.hashed.push(Hashed {
                bucket: row(FeatureKind::Pair, &[word(&tokens[i - 1]), w]),
                kind: FeatureKind::Pair,
                from: i as u32 - 1,
                to: i as u32,
            });
        }
        let negated = i < negated_until && tok.kind == Kind::Word;
        if negated {
            f.hashed.push(Hashed {
                bucket: row(FeatureKind::Negated, &[w]),
                kind: FeatureKind::Negated,
                from: i as u32,
                to: i as u32,
            });
        }
        if let Some(v) = tok.entry.and_then(|e| e.valence) {
            let v = if negated { -0.74 * v } else { v };
            if v > 0.0 {
                positive += v;
            } else {
                negative -= v;
            }
        }
        if tok.negator {
            // Reaches the next few tokens of the same clause.
            let clause_end = tokens[i + 1..]
                .iter()
                .position(|t| t.clause != tok.clause)
                .map_or(tokens.len(), |n| i + 1 + n);
            negated_until = (i + 1 + NEGATION_REACH).min(clause_end);
        }
        emoji += u32::from(tok.kind != Kind::Word);
    }
    let squash = |x: f32| (1.0 + x.max(0.0)).ln();
    for (d, s) in f.dense.iter_mut().zip(scores) {
        *d = squash(*s);
    }
    f.dense[5] = marks.exclamations.min(4) as f32 / 4.0;
    f.dense[6] = f32::from(u8::from(marks.questions > 0));
    f.dense[7] = f32::from(u8::from(marks.caps_contrast));
    f.dense[8] = f32::from(u8::from(marks.sarcasm));
    f.dense[9] = f32::from(u8::from(marks.joke));
    f.dense[10] = (tokens.len() as f32 / 40.0).min(1.5);
    f.dense[11] = (emoji as f32).min(3.0) / 3.0;
    // The rules' own answer, as sure as they are of it.
    f.dense[12..18].iter_mut().for_each(|d| *d = 0.0);
    f.dense[12 + rules.0.index()] = rules.1;
    // VADER's valence of the words, summed each way (a negated word counts the other way, as
    // VADER counts it).
    f.dense[18] = squash(positive / 2.0);
    f.dense[19] = squash(negative / 2.0);
}

/// The trained weights, read in place from the model file's bytes.
pub struct Model {
    /// Hashed rows, six weights each, quantized: weight = value * `scale`.
    hashed: &'static [u8],
    scale: f32,
    dense: [[f32; 6]; DENSE],
    bias: [f32; 6],
    /// Logits are divided by this before the softmax (calibration).
    temperature: f32,
}

/// The model file's first bytes.
pub const MAGIC: &[u8; 8] = b"CHTONE01";

/// The shipped model (see `examples/train_tone.rs`).
static MODEL_BYTES: &[u8] = include_bytes!("../../../data/tone-model.bin");

static MODEL: std::sync::OnceLock<Option<Model>> = std::sync::OnceLock::new();

/// The shipped model, or `None` when the file is not a model (the rules then decide alone).
pub(super) fn shipped() -> Option<&'static Model> {
    MODEL.get_or_init(|| Model::read(MODEL_BYTES)).as_ref()
}

/// Makes every tagging in this process use the rules alone, as chorus did before it had a model
/// (`tone_eval --rules-only`, for the figures before and after). False when it is too late.
pub fn disable() -> bool {
    MODEL.set(None).is_ok()
}

/// Makes `bytes` the model every tagging in this process uses instead of the shipped one, so a
/// newly trained model file can be scored before it is shipped (`tone_eval --model FILE`).
/// Must come before the first tagging; false when it is too late or `bytes` is not a model.
pub fn install(bytes: &'static [u8]) -> bool {
    match Model::read(bytes) {
        Some(m) => MODEL.set(Some(m)).is_ok(),
        None => false,
    }
}

impl Model {
    /// Reads a model file: [`MAGIC`], the number of rows and of dense features (u32), the scale
    /// and the temperature (f32), the six biases, the dense weights (f32, six a feature), then
    /// the hashed rows (i8, six a row). All little-endian.
    pub fn read(bytes: &'static [u8]) -> Option<Model> {
        let rest = bytes.strip_prefix(MAGIC)?;
        let mut at = 0usize;
        let mut take = |n: usize| -> Option<&'static [u8]> {
            let s = rest.get(at..at + n)?;
            at += n;
            Some(s)
        };
        let u32_at = |b: &[u8]| u32::from_le_bytes(b.try_into().unwrap_or_default());
        let f32_at = |b: &[u8]| f32::from_le_bytes(b.try_into().unwrap_or_default());
        let buckets = u32_at(take(4)?) as usize;
        let dense_n = u32_at(take(4)?) as usize;
        if buckets != BUCKETS || dense_n != DENSE {
            return None;
        }
        let scale = f32_at(take(4)?);
        let temperature = f32_at(take(4)?);
        let mut bias = [0f32; 6];
        for b in &mut bias {
            *b = f32_at(take(4)?);
        }
        let mut dense = [[0f32; 6]; DENSE];
        for row in &mut dense {
            for w in row.iter_mut() {
                *w = f32_at(take(4)?);
            }
        }
        let hashed = take(BUCKETS * 6)?;
        (take(1).is_none() && temperature > 0.0).then_some(Model {
            hashed,
            scale,
            dense,
            bias,
            temperature,
        })
    }

    /// A hashed row's six weights.
    #[inline]
    fn row(&self, bucket: u32) -> [f32; 6] {
        let at = bucket as usize * 6;
        let r = &self.hashed[at..at + 6];
        std::array::from_fn(|k| f32::from(r[k] as i8) * self.scale)
    }

    /// The probability of each tone, in [`Tone6::ALL`] order.
    pub fn probabilities(&self, f: &Features) -> [f32; 6] {
        let mut logits = self.bias;
        for h in &f.hashed {
            let r = self.row(h.bucket);
            for k in 0..6 {
                logits[k] += r[k];
            }
        }
        for (x, w) in f.dense.iter().zip(&self.dense) {
            for k in 0..6 {
                logits[k] += x * w[k];
            }
        }
        softmax(logits, self.temperature)
    }

    /// The features that add most to tone `k`'s logit against the mean of the six, strongest
    /// first: at most `n`, each as (lift, hashed or dense, index into the features), none below
    /// `floor`. Kept in a short sorted array as they are found: no list of every feature.
    pub fn strongest(
        &self,
        f: &Features,
        k: usize,
        n: usize,
        floor: f32,
    ) -> Vec<(f32, bool, usize)> {
        let mut all: Vec<(f32, bool, usize)> = Vec::with_capacity(f.hashed.len() + DENSE);
        // Hashed rows in their quantized units, summed as integers; compared with the floor
        // in those units too.
        let floor_q = floor / self.scale;
        for (i, h) in f.hashed.iter().enumerate() {
            let at = h.bucket as usize * 6;
            let r = &self.hashed[at..at + 6];
            let sum: i32 = r.iter().map(|&b| i32::from(b as i8)).sum();
            let lift_q = f32::from(r[k] as i8) - sum as f32 / 6.0;
            if lift_q >= floor_q {
                all.push((lift_q * self.scale, true, i));
            }
        }
        for (i, (x, w)) in f.dense.iter().zip(&self.dense).enumerate() {
            let lift = x * (w[k] - w.iter().sum::<f32>() / 6.0);
            if lift >= floor {
                all.push((lift, false, i));
            }
        }
        // Strongest first; among equals, in the order found.
        all.sort_by(|a, b| b.0.total_cmp(&a.0));
        all.truncate(n);
        all
    }
}

/// Softmax of `logits / temperature`.
pub fn softmax(logits: [f32; 6], temperature: f32) -> [f32; 6] {
    let max = logits.iter().copied().fold(f32::MIN, f32::max);
    let e = logits.map(|l| ((l - max) / temperature).exp());
    let sum: f32 = e.iter().sum();
    e.map(|x| x / sum)
}
