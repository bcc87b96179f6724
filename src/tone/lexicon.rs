//! The lexicons behind the tone tagger, compiled in and parsed once into lookup tables.
//!
//! - `lexicon/vader_lexicon.tsv`: VADER's valence lexicon (Hutto & Gilbert, ICWSM-14), word and
//!   mean rating from vaderSentiment 3.3.2's `vader_lexicon.txt`, MIT licence in
//!   `lexicon/LICENSE-VADER`. It says how positive or negative a word is, -4..=4.
//! - `lexicon/tones.tsv`: chorus's own tone lexicon, phrase and emoji cues per tone (the file's
//!   header describes the format).
//! - Booster, dampener and negation words: VADER's lists, below as const tables.
//!
//! Everything is looked up by the lower-cased token text; the tables use a small Fx-style hasher
//! because std's SipHash dominates the cost of tagging a short post.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::LazyLock;

use super::tagger::Tone6;

const VADER_TSV: &str = include_str!("lexicon/vader_lexicon.tsv");
const TONES_TSV: &str = include_str!("lexicon/tones.tsv");

/// VADER's booster words (raise the intensity of the next words) and dampeners (lower it).
const BOOSTERS: &[(&str, f32)] = &[
    ("absolutely", 0.293),
    ("amazingly", 0.293),
    ("awfully", 0.293),
    ("completely", 0.293),
    ("considerable", 0.293),
    ("considerably", 0.293),
    ("decidedly", 0.293),
    ("deeply", 0.293),
    ("effing", 0.293),
    ("enormous", 0.293),
    ("enormously", 0.293),
    ("entirely", 0.293),
    ("especially", 0.293),
    ("exceptional", 0.293),
    ("exceptionally", 0.293),
    ("extreme", 0.293),
    ("extremely", 0.293),
    ("fabulously", 0.293),
    ("flipping", 0.293),
    ("flippin", 0.293),
    ("frackin", 0.293),
    ("fracking", 0.293),
    ("fricking", 0.293),
    ("frickin", 0.293),
    ("frigging", 0.293),
    ("friggin", 0.293),
    ("fully", 0.293),
    ("fuckin", 0.293),
    ("fucking", 0.293),
    ("fuggin", 0.293),
    ("fugging", 0.293),
    ("greatly", 0.293),
    ("hella", 0.293),
    ("highly", 0.293),
    ("hugely", 0.293),
    ("incredibly", 0.293),
    ("intensely", 0.293),
    ("major", 0.293),
    ("majorly", 0.293),
    ("more", 0.293),
    ("most", 0.293),
    ("particularly", 0.293),
    ("purely", 0.293),
    ("quite", 0.293),
    ("really", 0.293),
    ("remarkably", 0.293),
    ("so", 0.293),
    ("substantially", 0.293),
    ("super", 0.293),
    ("thoroughly", 0.293),
    ("total", 0.293),
    ("totally", 0.293),
    ("tremendous", 0.293),
    ("tremendously", 0.293),
    ("truly", 0.293),
    ("uber", 0.293),
    ("unbelievably", 0.293),
    ("unusually", 0.293),
    ("utter", 0.293),
    ("utterly", 0.293),
    ("very", 0.293),
    ("almost", -0.293),
    ("barely", -0.293),
    ("hardly", -0.293),
    ("kinda", -0.293),
    ("kindof", -0.293),
    ("less", -0.293),
    ("little", -0.293),
    ("marginal", -0.293),
    ("marginally", -0.293),
    ("occasional", -0.293),
    ("occasionally", -0.293),
    ("partly", -0.293),
    ("scarce", -0.293),
    ("scarcely", -0.293),
    ("slight", -0.293),
    ("slightly", -0.293),
    ("somewhat", -0.293),
    ("sorta", -0.293),
    ("sortof", -0.293),
];

/// VADER's negation words; any word ending in "n't" negates too.
const NEGATORS: &[&str] = &[
    "aint", "arent", "cannot", "cant", "couldnt", "darent", "didnt", "doesnt", "dont", "hadnt",
    "hasnt", "havent", "isnt", "mightnt", "mustnt", "neither", "neednt", "never", "none", "nope",
    "nor", "not", "nothing", "nowhere", "oughtnt", "shant", "shouldnt", "uhuh", "wasnt", "werent",
    "without", "wont", "wouldnt", "rarely", "seldom", "despite", "no",
];

/// Words that address the reader: a clause with one of these and a critical cue is a judgement
/// of the person, not of a thing.
const SECOND_PERSON: &[&str] = &[
    "you",
    "your",
    "you're",
    "youre",
    "yours",
    "yourself",
    "yourselves",
    "you've",
    "you'd",
    "you'll",
    "u",
    "ur",
];

/// Words whose apostrophe-less spelling is another word, so a cue is not also filed under it.
const APOSTROPHE_CLASHES: &[&str] = &[
    "ill", "hell", "well", "shell", "were", "wed", "id", "its", "shed", "cant", "wont", "hed",
    "whore",
];

/// A hash for short string keys (the FxHash mixing step). Not DoS-resistant, which is fine for
/// tables built from our own compiled-in data.
#[derive(Default, Clone, Copy)]
pub(crate) struct FxHasher {
    hash: u64,
}

const FX_SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FxHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(FX_SEED);
    }
}

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            word[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(word) ^ ((rest.len() as u64) << 59));
        }
    }

    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    #[inline]
    fn finish(&self) -> u64 {
        self.hash
    }
}

pub(crate) type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

/// What the tone lexicon says about one phrase.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct ToneCue {
    /// Up to two (tone, weight) pairs; unused slots have weight 0.
    pub tones: [(Tone6, f32); 2],
    /// Never negated by a word before it.
    pub fixed: bool,
    /// May be split by a comma (or other clause punctuation) within one sentence: "Sure, Jan."
    pub commas: bool,
    /// Multiplier for the word's VADER valence (1 unless a `valence` line says otherwise).
    pub valence_scale: f32,
    /// Number of tokens in the phrase.
    pub len: u8,
}

impl ToneCue {
    pub fn iter(&self) -> impl Iterator<Item = (Tone6, f32)> + '_ {
        self.tones.iter().copied().filter(|&(_, w)| w > 0.0)
    }

    /// Only a valence multiplier, no tone of its own.
    pub fn valence_only(&self) -> bool {
        self.tones.iter().all(|&(_, w)| w <= 0.0)
    }
}

/// All lookup tables, built once.
pub(crate) struct Lexicon {
    /// VADER valence of a lower-case word or emoticon.
    pub valence: FxMap<&'static str, f32>,
    /// Emoticons (VADER's and ours), matched against whole whitespace-separated chunks.
    pub emoticons: FxMap<String, ()>,
    /// Tone cues by phrase (tokens joined by one space).
    pub cues: FxMap<String, ToneCue>,
    /// Everything the tables say about one token (its cue, valence, the longest phrase
    /// it starts, and what it does to its neighbours), so the tagger looks each token up once.
    pub words: FxMap<Box<str>, WordEntry>,
}

/// What the lexicon knows about one token.
#[derive(Debug, Default, Clone, Copy, PartialEq)]
pub(crate) struct WordEntry {
    pub cue: Option<ToneCue>,
    pub valence: Option<f32>,
    /// The longest tone phrase of two or more tokens that starts with this one (0: none).
    pub phrase_max: u8,
    pub function: FunctionWord,
}

/// What a word does to the words around it: boost them, negate them, address the reader.
#[derive(Debug, Default, Clone, Copy, PartialEq)]
pub(crate) struct FunctionWord {
    pub booster: Option<f32>,
    pub negator: bool,
    pub second_person: bool,
}

pub(crate) static LEXICON: LazyLock<Lexicon> = LazyLock::new(Lexicon::build);

impl Lexicon {
    fn build() -> Lexicon {
        let mut valence: FxMap<&'static str, f32> = FxMap::default();
        let mut emoticons: FxMap<String, ()> = FxMap::default();
        for line in VADER_TSV.lines() {
            let mut fields = line.split('\t');
            let (Some(word), Some(value)) = (fields.next(), fields.next()) else {
                continue;
            };
            let Ok(value) = value.trim().parse::<f32>() else {
                continue;
            };
            // Later duplicates win, as in the reference's dict.
            valence.insert(word, value);
            if is_emoticon_key(word) {
                emoticons.insert(word.to_string(), ());
            }
        }

        let mut cues: FxMap<String, ToneCue> = FxMap::default();
        let mut phrase_starts: FxMap<String, u8> = FxMap::default();
        for line in TONES_TSV.lines() {
            if let Some(entry) = CueLine::parse(line) {
                entry.add_to(&mut cues, &mut phrase_starts, &mut emoticons);
            }
        }

        let words = word_entries(&valence, &cues, &phrase_starts);
        Lexicon {
            valence,
            emoticons,
            cues,
            words,
        }
    }
}

/// One entry per token for everything the lexicon's tables say about it, and [`BOOSTERS`],
/// [`NEGATORS`] and [`SECOND_PERSON`].
fn word_entries(
    valence: &FxMap<&'static str, f32>,
    cues: &FxMap<String, ToneCue>,
    phrase_starts: &FxMap<String, u8>,
) -> FxMap<Box<str>, WordEntry> {
    let mut words: FxMap<Box<str>, WordEntry> = FxMap::default();
    for (&w, &v) in valence {
        words.entry(w.into()).or_default().valence = Some(v);
    }
    // Phrases of several tokens are matched by their start, never looked up as one token.
    for (w, &cue) in cues.iter().filter(|(w, _)| !w.contains(' ')) {
        words.entry(w.as_str().into()).or_default().cue = Some(cue);
    }
    for (w, &max) in phrase_starts {
        words.entry(w.as_str().into()).or_default().phrase_max = max;
    }
    for &(w, b) in BOOSTERS {
        words.entry(w.into()).or_default().function.booster = Some(b);
    }
    for &w in NEGATORS {
        words.entry(w.into()).or_default().function.negator = true;
    }
    for &w in SECOND_PERSON {
        words.entry(w.into()).or_default().function.second_person = true;
    }
    words
}

/// A phrase from the tone file as the tokenizer would produce it: lower case, curly apostrophes
/// straightened, emoji presentation selectors dropped, words separated by one space.
fn normalize_phrase(phrase: &str) -> String {
    let mut out = String::with_capacity(phrase.len());
    for word in phrase.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        for c in word.chars() {
            match c {
                '\u{2019}' | '\u{2018}' | '\u{02BC}' => out.push('\''),
                '\u{FE0F}' | '\u{FE0E}' => {}
                c => out.extend(c.to_lowercase()),
            }
        }
    }
    out
}

/// A VADER key that is an emoticon (":)", "<3", ":-d"), not a word or a multi-word idiom.
fn is_emoticon_key(key: &str) -> bool {
    key.len() >= 2
        && !key.contains(' ')
        && key
            .chars()
            .any(|c| !c.is_alphanumeric() && c != '\'' && c != '-')
}

/// Pictographic characters that stand as words of their own. Not the full Unicode emoji
/// property, but every block that social-media emoji come from.
#[inline]
pub(crate) fn is_emoji(c: char) -> bool {
    matches!(c as u32,
        0x1F300..=0x1F5FF // symbols and pictographs
        | 0x1F600..=0x1F64F // emoticons
        | 0x1F680..=0x1F6FF // transport and map
        | 0x1F900..=0x1F9FF // supplemental symbols and pictographs
        | 0x1FA70..=0x1FAFF // symbols and pictographs extended-A
        | 0x2600..=0x26FF // miscellaneous symbols (☹ ☺ ⭐ ⚡)
        | 0x2700..=0x27BF // dingbats (✨ ❤ ✅)
        | 0x2B50 | 0x2B55 | 0x2B06 | 0x2B07 | 0x2B05 | 0x2B1B | 0x2B1C
    )
}

/// Characters that modify the emoji before them and carry no meaning of their own here:
/// variation selectors, zero-width joiner, skin tones, the keycap mark.
#[inline]
pub(crate) fn is_emoji_modifier(c: char) -> bool {
    matches!(
        c as u32,
        0xFE0E | 0xFE0F | 0x200D | 0x1F3FB..=0x1F3FF | 0x20E3
    )
}

/// Laughter spelled out: "haha", "hahaha", "ahahah", "bwahaha", "hehehe", "lool", "lmaooo",
/// "lolol", "jajaja". `word` is lower case.
pub(crate) fn is_laughter(word: &str) -> bool {
    let b = word.as_bytes();
    if b.len() < 3 || !b.is_ascii() {
        return false;
    }
    // "ha"/"he"/"ja" repeated, with stray leading b/w/m/u/a and a trailing h allowed.
    let core: &[u8] = {
        let mut s = b;
        while let [b'b' | b'w' | b'm' | b'u', rest @ ..] = s {
            s = rest;
        }
        s
    };
    let syllables = |vowel: u8| {
        let mut count = 0;
        let mut consonant = false;
        for &c in core {
            match c {
                b'h' | b'j' => consonant = true,
                c if c == vowel => {
                    if consonant {
                        count += 1;
                    }
                    consonant = false;
                }
                _ => return 0,
            }
        }
        count
    };
    if core.len() >= 4 && (syllables(b'a') >= 2 || syllables(b'e') >= 2) {
        return true;
    }
    // lol, lool, lolol, lolll; lmao, lmaooo; lmfao
    let only = |s: &[u8], set: &[u8]| s.iter().all(|c| set.contains(c));
    if b[0] == b'l' && b[b.len() - 1] == b'l' && only(b, b"lo") && b.contains(&b'o') {
        return true;
    }
    if let Some(rest) = b.strip_prefix(b"lmfa").or_else(|| b.strip_prefix(b"lma")) {
        return !rest.is_empty() && only(rest, b"o");
    }
    false
}

/// Whether `word` has a run of three or more equal characters ("sooo").
pub(crate) fn is_stretched(word: &str) -> bool {
    word.as_bytes()
        .windows(3)
        .any(|w| w[0] == w[1] && w[1] == w[2])
        || (!word.is_ascii() && squeeze(word, 2).is_some())
}

/// `word` with every run of three or more equal letters cut to `keep` ("soooo" -> "so" with 1,
/// "coooool" -> "cool" with 2), or `None` when no letter is stretched.
pub(crate) fn squeeze(word: &str, keep: usize) -> Option<String> {
    let mut stretched = false;
    let mut out = String::with_capacity(word.len());
    let mut prev = None;
    let mut run = 0;
    for c in word.chars() {
        if Some(c) == prev {
            run += 1;
        } else {
            prev = Some(c);
            run = 1;
        }
        if run >= 3 {
            stretched = true;
        }
        if run <= keep {
            out.push(c);
        }
    }
    // A run of exactly `keep + 1` (e.g. "cool" with keep 1) is not stretching.
    stretched.then_some(out)
}

/// One line of our tone lexicon: a tone (or `valence`), a weight, a phrase and its flags.
struct CueLine {
    tone: Option<Tone6>,
    /// For a `valence` line: how much the phrase's VADER valence counts.
    scale: Option<f32>,
    weight: f32,
    phrase: String,
    fixed: bool,
    commas: bool,
}

impl CueLine {
    fn parse(line: &str) -> Option<CueLine> {
        if line.starts_with('#') || line.trim().is_empty() {
            return None;
        }
        let mut fields = line.split('\t');
        let (tone, weight, phrase) = (fields.next()?, fields.next()?, fields.next()?);
        let flags: Vec<&str> = fields.flat_map(|f| f.split([',', ' '])).collect();
        let weight: f32 = weight.trim().parse().unwrap_or(0.0);
        let (tone, scale) = match tone {
            "valence" => (None, Some(weight)),
            name => (Some(Tone6::from_name(name)?), None),
        };
        let phrase = normalize_phrase(phrase);
        (!phrase.is_empty()).then_some(CueLine {
            tone,
            scale,
            weight,
            phrase,
            fixed: flags.contains(&"fixed"),
            commas: flags.contains(&"commas"),
        })
    }

    /// Adds the phrase (and its spelling without apostrophes, unless that is another word)
    /// to the cues, the phrase starts and the emoticons.
    fn add_to(
        self,
        cues: &mut FxMap<String, ToneCue>,
        phrase_starts: &mut FxMap<String, u8>,
        emoticons: &mut FxMap<String, ()>,
    ) {
        let phrase = self.phrase;
        let mut keys = vec![phrase.clone()];
        if phrase.contains('\'') {
            let bare = phrase.replace('\'', "");
            if phrase.contains(' ') || !APOSTROPHE_CLASHES.contains(&bare.as_str()) {
                keys.push(bare);
            }
        }
        for key in keys {
            let len = key.split(' ').count().min(u8::MAX as usize) as u8;
            if key
                .chars()
                .any(|c| !c.is_alphanumeric() && c != '\'' && c != ' ')
                && !key.chars().any(is_emoji)
            {
                emoticons.insert(key.clone(), ());
            }
            if len > 1
                && let Some(first) = key.split(' ').next()
            {
                let entry = phrase_starts.entry(first.to_string()).or_insert(0);
                *entry = (*entry).max(len);
            }
            let cue = cues.entry(key).or_insert(ToneCue {
                tones: [(Tone6::Neutral, 0.0); 2],
                fixed: self.fixed,
                commas: self.commas,
                valence_scale: 1.0,
                len,
            });
            cue.fixed |= self.fixed;
            cue.commas |= self.commas;
            if let Some(scale) = self.scale {
                cue.valence_scale = scale;
            }
            if let Some(tone) = self.tone
                && let Some(slot) = cue.tones.iter_mut().find(|(_, w)| *w <= 0.0)
            {
                *slot = (tone, self.weight);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_load() {
        let lex = &*LEXICON;
        assert!(lex.valence.len() > 7000);
        assert_eq!(lex.valence.get("love"), Some(&3.2));
        assert!(lex.cues.contains_key("don't worry"));
        assert!(lex.cues.contains_key("dont worry"));
        assert!(lex.cues.contains_key("❤"));
        assert!(!lex.cues.contains_key("ill"));
        assert!(lex.words.get("sorry").is_some_and(|e| e.phrase_max >= 4));
        assert!(lex.emoticons.contains_key(":)"));
        assert!(lex.emoticons.contains_key("<3"));
    }

    #[test]
    fn laughter() {
        for w in [
            "haha", "hahaha", "ahaha", "bwahaha", "hehehe", "lool", "lolol", "lmaooo",
        ] {
            assert!(is_laughter(w), "{w}");
        }
        for w in [
            "ha", "hah", "hash", "lo", "llama", "hole", "aha", "lmfaoo!", "jail",
        ] {
            assert!(!is_laughter(w), "{w}");
        }
    }

    #[test]
    fn squeezing() {
        assert_eq!(squeeze("soooo", 1).as_deref(), Some("so"));
        assert_eq!(squeeze("coooool", 2).as_deref(), Some("cool"));
        assert_eq!(squeeze("cool", 1), None);
        for (word, stretched) in [
            ("soooo", true),
            ("cool", false),
            ("ééé", true),
            ("éé", false),
        ] {
            assert_eq!(is_stretched(word), stretched, "{word}");
            assert_eq!(squeeze(word, 2).is_some(), stretched, "{word}");
        }
    }
}
