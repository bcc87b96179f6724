//! Splitting a text into tokens: words, emoji and emoticons, lower-cased into one buffer, with
//! their clause and sentence, and the marks outside words (exclamations, questions, "/s").

use super::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Word,
    Emoji,
    Emoticon,
}

#[derive(Debug, Clone, Copy)]
pub(super) struct Token {
    /// Byte range in the lower-cased buffer.
    pub(super) start: u32,
    pub(super) end: u32,
    /// Byte range in the original text (for cues as the author wrote them).
    pub(super) orig_start: u32,
    pub(super) orig_end: u32,
    pub(super) clause: u32,
    pub(super) sentence: u32,
    pub(super) kind: Kind,
    /// A word of two or more letters, all upper case.
    pub(super) caps: bool,
    /// Weight from "but": 0.5 before it in its sentence, 1.5 after, 1 elsewhere.
    pub(super) but: f32,
    /// What the lexicon says about the token, looked up once ([`mark_words`]).
    pub(super) entry: Option<&'static lexicon::WordEntry>,
    /// The word negates what follows ("not", "never", "isn't").
    pub(super) negator: bool,
}

/// Looks each token up in the lexicon once, where the scorer would otherwise look it up in
/// several tables, and each word again for every word that follows within three.
pub(super) fn mark_words(lex: &'static lexicon::Lexicon, norm: &str, tokens: &mut [Token]) {
    for tok in tokens.iter_mut() {
        let word = &norm[tok.start as usize..tok.end as usize];
        tok.entry = lex.words.get(word);
        tok.negator = tok.kind == Kind::Word && (tok.function().negator || word.ends_with("n't"));
    }
}

impl Token {
    /// What the word does to its neighbours (nothing for emoji and emoticons).
    pub(super) fn function(&self) -> lexicon::FunctionWord {
        match (self.kind, self.entry) {
            (Kind::Word, Some(e)) => e.function,
            _ => lexicon::FunctionWord::default(),
        }
    }
}

/// Summary of the text outside words: punctuation that changes the reading.
#[derive(Debug, Default, Clone, Copy)]
pub(super) struct Marks {
    pub(super) exclamations: u32,
    pub(super) questions: u32,
    /// A "/s" (or "/sarc", "/sarcasm") sarcasm marker; a "/j" (or "/jk", "/hj", "/lh") joke marker.
    pub(super) sarcasm: bool,
    pub(super) joke: bool,
    /// Some word is all capitals and some is not (VADER's "cap diff").
    pub(super) caps_contrast: bool,
}

/// Splits `text` into tokens, writing their lower-cased forms into `norm` separated by single
/// spaces, so a phrase of consecutive tokens is one slice of `norm`.
pub(super) fn tokenize(text: &str, norm: &mut String, tokens: &mut Vec<Token>) -> Marks {
    let mut t = Tokenizer {
        text,
        norm,
        tokens,
        marks: Marks::default(),
        clause: 0,
        sentence: 0,
        any_caps_word: false,
        any_plain_word: false,
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
            "/s" | "/sarc" | "/sarcasm" => t.marks.sarcasm = true,
            "/j" | "/jk" | "/hj" | "/lh" => t.marks.joke = true,
            _ => match emoticon_len(&LEXICON, chunk, bare) {
                Some(len) => t.emoticon(chunk_start, chunk, len),
                None => t.words(chunk_start, chunk),
            },
        }
    }
    t.marks.caps_contrast = t.any_caps_word && t.any_plain_word;
    t.marks
}

/// What splitting one text into tokens reads and writes.
pub(super) struct Tokenizer<'a> {
    pub(super) text: &'a str,
    pub(super) norm: &'a mut String,
    pub(super) tokens: &'a mut Vec<Token>,
    pub(super) marks: Marks,
    pub(super) clause: u32,
    pub(super) sentence: u32,
    pub(super) any_caps_word: bool,
    pub(super) any_plain_word: bool,
}

impl Tokenizer<'_> {
    /// A token whose lower-cased form `write` puts into `norm`.
    fn push(&mut self, orig: (usize, usize), kind: Kind, write: impl FnOnce(&mut String)) {
        if !self.norm.is_empty() {
            self.norm.push(' ');
        }
        let start = self.norm.len();
        write(self.norm);
        if self.norm.len() == start {
            // Nothing written (cannot happen for real tokens); drop the separator again.
            self.norm.truncate(start.saturating_sub(1));
            return;
        }
        self.tokens.push(Token {
            start: start as u32,
            end: self.norm.len() as u32,
            orig_start: orig.0 as u32,
            orig_end: orig.1 as u32,
            clause: self.clause,
            sentence: self.sentence,
            kind,
            caps: false,
            but: 1.0,
            entry: None,
            negator: false,
        });
    }

    /// A chunk that starts with an emoticon `len` bytes long.
    fn emoticon(&mut self, chunk_start: usize, chunk: &str, len: usize) {
        let em = &chunk[..len];
        self.push((chunk_start, chunk_start + len), Kind::Emoticon, |n| {
            n.extend(em.chars().flat_map(char::to_lowercase))
        });
        // Count the punctuation after the emoticon as usual.
        for c in chunk[len..].chars() {
            self.punctuation(c);
        }
        self.clause += 1;
    }

    /// The words, emoji and punctuation of one chunk.
    fn words(&mut self, chunk_start: usize, chunk: &str) {
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
                self.word(ws, at);
            }
            if lexicon::is_emoji(c) {
                self.push((at, at + c.len_utf8()), Kind::Emoji, |n| n.push(c));
            } else if !lexicon::is_emoji_modifier(c) {
                self.punctuation(c);
            }
        }
        if let Some(ws) = word_start {
            self.word(ws, chunk_start + chunk.len());
        }
    }

    fn word(&mut self, from: usize, to: usize) {
        let (caps, plain) = push_word(
            self.norm,
            self.tokens,
            self.text,
            from,
            to,
            self.clause,
            self.sentence,
        );
        self.any_caps_word |= caps;
        self.any_plain_word |= plain;
    }

    fn punctuation(&mut self, c: char) {
        punctuation(c, &mut self.marks, &mut self.clause, &mut self.sentence);
    }
}

/// Whitespace-separated chunks with their byte offsets.
pub(super) fn chunks(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split(char::is_whitespace)
        .filter(|c| !c.is_empty())
        .map(move |c| (c.as_ptr() as usize - text.as_ptr() as usize, c))
}

/// If the chunk is an emoticon (possibly followed by sentence punctuation), its length.
pub(super) fn emoticon_len(lex: &lexicon::Lexicon, chunk: &str, bare: &str) -> Option<usize> {
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

pub(super) fn punctuation(c: char, marks: &mut Marks, clause: &mut u32, sentence: &mut u32) {
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
pub(super) fn push_word(
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
        entry: None,
        negator: false,
    });
    (caps, lower > 0)
}

/// VADER's "but" rule, per sentence: what comes after "but" counts 1.5 times, what comes before
/// half. "however" works the same way.
pub(super) fn weigh_buts(norm: &str, tokens: &mut [Token]) {
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
pub(super) fn word_of<'a>(norm: &'a str, t: &Token) -> &'a str {
    &norm[t.start as usize..t.end as usize]
}
