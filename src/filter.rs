//! The filter language: which posts to show, the same in the reader (`f`) and in
//! `chorus print --filter EXPR`.
//!
//! ```text
//! tone:critical          the post's tone (tone:untagged for none)
//! computed  corrected    the tone was computed by the tagger / set by the reader
//! conf<0.6               a computed tone's confidence (<, <=, >, >=, =)
//! @alice                 the author's handle or name contains "alice"
//! "exact words"  word    the text contains the words (any case)
//! /regex/                the text matches the regular expression
//! depth>2                the post's depth in its thread (<, <=, >, >=, =)
//! has:link               the text has an http(s) link
//! after:2024-03-01  before:2024-03-02T12:00:00Z
//! op                     the author also wrote the thread's first post
//! replies-to:EXPR        posts answering a post EXPR matches
//! in-thread-of:EXPR      posts under a post EXPR matches (the post itself included)
//! not X   X and Y   X Y (and)   X or Y   ( ... )
//! ```
//!
//! A bad expression is an error at its column, never a panic. Matching gives a flag per post,
//! each operator one pass over the posts.

use std::fmt;

use crate::model::{Document, PostIdx, ToneOrigin};

/// A comparison in `conf<0.6` and `depth>=2`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cmp {
    Lt,
    Le,
    Gt,
    Ge,
    Eq,
}

impl Cmp {
    fn test<T: PartialOrd>(self, a: T, b: T) -> bool {
        match self {
            Cmp::Lt => a < b,
            Cmp::Le => a <= b,
            Cmp::Gt => a > b,
            Cmp::Ge => a >= b,
            Cmp::Eq => a == b,
        }
    }

    fn text(self) -> &'static str {
        match self {
            Cmp::Lt => "<",
            Cmp::Le => "<=",
            Cmp::Gt => ">",
            Cmp::Ge => ">=",
            Cmp::Eq => "=",
        }
    }
}

/// A parsed filter.
#[derive(Debug, Clone)]
pub enum Expr {
    Tone(String),
    Computed,
    Corrected,
    Confidence(Cmp, f32),
    Author(String),
    Text(String),
    Regex(regex::Regex),
    Depth(Cmp, u32),
    HasLink,
    /// Seconds since the epoch; `after:` is inclusive, `before:` exclusive.
    After(i64, String),
    Before(i64, String),
    OriginalPoster,
    RepliesTo(Box<Expr>),
    InThreadOf(Box<Expr>),
    Not(Box<Expr>),
    And(Box<Expr>, Box<Expr>),
    Or(Box<Expr>, Box<Expr>),
}

impl PartialEq for Expr {
    /// The same filter: compared as written back ([`fmt::Display`]).
    fn eq(&self, other: &Self) -> bool {
        self.to_string() == other.to_string()
    }
}

impl Expr {
    /// How tightly the expression binds when written: `or` loosest, then `and`, `not`, and
    /// everything else (a single term).
    fn binding(&self) -> u8 {
        match self {
            Expr::Or(..) => 1,
            Expr::And(..) => 2,
            Expr::Not(_) => 3,
            _ => 4,
        }
    }

    /// Writes `self`, in parentheses only when it binds looser than `at_least` where it stands.
    fn write_in(&self, f: &mut fmt::Formatter<'_>, at_least: u8) -> fmt::Result {
        if self.binding() < at_least {
            write!(f, "({self})")
        } else {
            write!(f, "{self}")
        }
    }
}

/// Writes the filter back in its canonical form, which parses to the same filter: parentheses
/// only where the tree needs them (`a and b and c`, `a or (b and c)` is `a or b and c`), so
/// writing back never nests deeper than the filter as typed.
impl fmt::Display for Expr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Expr::Tone(t) => write!(f, "tone:{}", quoted_if_needed(t)),
            Expr::Computed => f.write_str("computed"),
            Expr::Corrected => f.write_str("corrected"),
            Expr::Confidence(c, v) => write!(f, "conf{}{v}", c.text()),
            Expr::Author(a) => write!(f, "@{}", quoted_if_needed(a)),
            Expr::Text(t) => write!(f, "{}", quoted(t)),
            Expr::Regex(r) => write!(f, "/{}/", r.as_str().replace('/', "\\/")),
            Expr::Depth(c, v) => write!(f, "depth{}{v}", c.text()),
            Expr::HasLink => f.write_str("has:link"),
            Expr::After(_, s) => write!(f, "after:{s}"),
            Expr::Before(_, s) => write!(f, "before:{s}"),
            Expr::OriginalPoster => f.write_str("op"),
            Expr::RepliesTo(e) => {
                f.write_str("replies-to:")?;
                e.write_in(f, 4)
            }
            Expr::InThreadOf(e) => {
                f.write_str("in-thread-of:")?;
                e.write_in(f, 4)
            }
            Expr::Not(e) => {
                f.write_str("not ")?;
                e.write_in(f, 3)
            }
            // Both are read left to right: a chain needs no parentheses, a right-hand
            // operand of the same kind does.
            Expr::And(a, b) => {
                a.write_in(f, 2)?;
                f.write_str(" and ")?;
                b.write_in(f, 3)
            }
            Expr::Or(a, b) => {
                a.write_in(f, 1)?;
                f.write_str(" or ")?;
                b.write_in(f, 2)
            }
        }
    }
}

fn quoted(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

fn quoted_if_needed(s: &str) -> String {
    if !s.is_empty() && s.chars().all(|c| c.is_alphanumeric() || "_.-".contains(c)) {
        s.to_string()
    } else {
        quoted(s)
    }
}

/// A filter that does not parse: where (the 1-based column, in characters) and what.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("column {column}: {message}")]
pub struct FilterError {
    pub column: usize,
    pub message: String,
}

/// At most this deep: parentheses, `not`s and thread operators nest no deeper, so a hostile
/// expression cannot exhaust the stack.
const MAX_DEPTH: usize = 64;

struct Parser<'a> {
    text: &'a str,
    /// Byte position.
    at: usize,
    depth: usize,
}

/// Parses a filter expression.
pub fn parse(text: &str) -> Result<Expr, FilterError> {
    let mut p = Parser {
        text,
        at: 0,
        depth: 0,
    };
    p.skip_space();
    if p.at >= text.len() {
        return Err(p.error("an empty filter; try tone:critical, @name or \"words\""));
    }
    let e = p.or()?;
    p.skip_space();
    if p.at < text.len() {
        return Err(p.error("expected `and`, `or` or the end here"));
    }
    Ok(e)
}

impl<'a> Parser<'a> {
    fn error(&self, message: &str) -> FilterError {
        FilterError {
            column: self.text[..self.at.min(self.text.len())].chars().count() + 1,
            message: message.to_string(),
        }
    }

    fn rest(&self) -> &'a str {
        &self.text[self.at..]
    }

    fn skip_space(&mut self) {
        let trimmed = self.rest().trim_start();
        self.at = self.text.len() - trimmed.len();
    }

    /// A keyword standing alone (followed by a space, a parenthesis or the end).
    fn keyword(&mut self, word: &str) -> bool {
        let rest = self.rest();
        let ends = |r: &str| {
            r.len() == word.len()
                || r[word.len()..].starts_with(|c: char| c.is_whitespace() || c == '(' || c == ')')
        };
        if rest
            .get(..word.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(word))
            && ends(rest)
        {
            self.at += word.len();
            true
        } else {
            false
        }
    }

    fn deeper(&mut self) -> Result<(), FilterError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.error("nested too deeply"));
        }
        Ok(())
    }

    fn or(&mut self) -> Result<Expr, FilterError> {
        let mut e = self.and()?;
        loop {
            self.skip_space();
            if self.keyword("or") {
                let right = self.and()?;
                e = Expr::Or(Box::new(e), Box::new(right));
            } else {
                return Ok(e);
            }
        }
    }

    fn and(&mut self) -> Result<Expr, FilterError> {
        let mut e = self.not()?;
        loop {
            self.skip_space();
            let rest = self.rest();
            if rest.is_empty() || rest.starts_with(')') {
                return Ok(e);
            }
            let save = self.at;
            if self.keyword("or") {
                self.at = save;
                return Ok(e);
            }
            self.keyword("and");
            let right = self.not()?;
            e = Expr::And(Box::new(e), Box::new(right));
        }
    }

    fn not(&mut self) -> Result<Expr, FilterError> {
        self.skip_space();
        if self.keyword("not") {
            self.deeper()?;
            let e = self.not()?;
            self.depth -= 1;
            return Ok(Expr::Not(Box::new(e)));
        }
        self.atom()
    }

    fn atom(&mut self) -> Result<Expr, FilterError> {
        self.skip_space();
        let rest = self.rest();
        if rest.is_empty() {
            return Err(self.error("expected a filter here"));
        }
        if rest.starts_with('(') {
            self.deeper()?;
            self.at += 1;
            let e = self.or()?;
            self.skip_space();
            if !self.rest().starts_with(')') {
                return Err(self.error("expected `)`"));
            }
            self.at += 1;
            self.depth -= 1;
            return Ok(e);
        }
        if rest.starts_with(')') {
            return Err(self.error("a `)` without its `(`"));
        }
        if rest.starts_with('"') {
            return Ok(Expr::Text(self.string()?));
        }
        if rest.starts_with('/') {
            return self.regex();
        }
        if let Some(name) = rest.strip_prefix('@') {
            self.at += 1;
            let name = if name.starts_with('"') {
                self.string()?
            } else {
                self.word()
            };
            if name.is_empty() {
                return Err(self.error("expected a name after @"));
            }
            return Ok(Expr::Author(name.to_lowercase()));
        }
        let lower = rest.to_ascii_lowercase();
        for (prefix, thread) in [("replies-to:", true), ("in-thread-of:", false)] {
            if lower.starts_with(prefix) {
                self.at += prefix.len();
                self.deeper()?;
                let inner = self.atom()?;
                self.depth -= 1;
                return Ok(if thread {
                    Expr::RepliesTo(Box::new(inner))
                } else {
                    Expr::InThreadOf(Box::new(inner))
                });
            }
        }
        if lower.starts_with("tone:\"") {
            self.at += 5;
            let name = self.string()?.trim().to_lowercase();
            if name.is_empty() {
                return Err(self.error("expected a tone name after tone:"));
            }
            return Ok(Expr::Tone(name));
        }
        let start = self.at;
        let word = self.word();
        let lower = word.to_ascii_lowercase();
        let at_value = |p: &Self, prefix: &str| FilterError {
            column: p.text[..start + prefix.len()].chars().count() + 1,
            message: String::new(),
        };
        Ok(match lower.as_str() {
            "computed" => Expr::Computed,
            "corrected" => Expr::Corrected,
            "op" => Expr::OriginalPoster,
            "has:link" => Expr::HasLink,
            w if w.starts_with("tone:") => {
                let name = word[5..].trim().to_lowercase();
                if name.is_empty() {
                    let mut e = at_value(self, "tone:");
                    e.message = "expected a tone name after tone:".into();
                    return Err(e);
                }
                Expr::Tone(name)
            }
            w if w.starts_with("conf") && !w.starts_with("conf:") && w.len() > 4 => {
                let (cmp, value) = comparison(&word[4..]).ok_or_else(|| {
                    let mut e = at_value(self, "conf");
                    e.message = "expected conf<0.6 (or <=, >, >=, =) with a number 0-1".into();
                    e
                })?;
                match value.parse::<f32>() {
                    Ok(v) if (0.0..=1.0).contains(&v) => Expr::Confidence(cmp, v),
                    _ => {
                        let mut e = at_value(self, "conf");
                        e.message = format!("{value:?} is not a confidence from 0 to 1");
                        return Err(e);
                    }
                }
            }
            w if w.starts_with("depth") && w.len() > 5 => {
                let (cmp, value) = comparison(&word[5..]).ok_or_else(|| {
                    let mut e = at_value(self, "depth");
                    e.message = "expected depth>2 (or <, <=, >=, =)".into();
                    e
                })?;
                let v = value.parse::<u32>().map_err(|_| {
                    let mut e = at_value(self, "depth");
                    e.message = format!("{value:?} is not a depth");
                    e
                })?;
                Expr::Depth(cmp, v)
            }
            w if w.starts_with("after:") || w.starts_with("before:") => {
                let (prefix, after) = if w.starts_with("after:") {
                    ("after:", true)
                } else {
                    ("before:", false)
                };
                let value = &word[prefix.len()..];
                let Some(t) = crate::model::Timestamp::parse(value) else {
                    let mut e = at_value(self, prefix);
                    e.message =
                        format!("{value:?} is not a date (2024-03-01) or a time (RFC 3339)");
                    return Err(e);
                };
                let secs = t.sort_key();
                if after {
                    Expr::After(secs, value.to_string())
                } else {
                    Expr::Before(secs, value.to_string())
                }
            }
            w if w.contains(':') => {
                self.at = start;
                return Err(self.error(&format!(
                    "unknown filter {word:?}; the filters are tone:, conf, @, \"words\", /regex/, \
                     depth, has:link, after:, before:, op, computed, corrected, replies-to:, \
                     in-thread-of:"
                )));
            }
            "" => return Err(self.error("expected a filter here")),
            _ => Expr::Text(word.to_string()),
        })
    }

    /// A run of characters up to a space or a parenthesis.
    fn word(&mut self) -> String {
        let rest = self.rest();
        let end = rest
            .find(|c: char| c.is_whitespace() || c == '(' || c == ')')
            .unwrap_or(rest.len());
        self.at += end;
        rest[..end].to_string()
    }

    /// The text after the opening character at the cursor up to the first `close` without a
    /// backslash before it; `escaped` says what a backslash and the character after it become.
    /// `None`, with the cursor left on the opening character, when it is never closed.
    fn delimited(&mut self, close: char, escaped: fn(char, &mut String)) -> Option<String> {
        let open = self.at;
        self.at += 1;
        let mut out = String::new();
        let mut chars = self.rest().char_indices();
        while let Some((i, c)) = chars.next() {
            match c {
                c if c == close => {
                    self.at += i + 1;
                    return Some(out);
                }
                '\\' => match chars.next() {
                    Some((_, e)) => escaped(e, &mut out),
                    None => break,
                },
                c => out.push(c),
            }
        }
        self.at = open;
        None
    }

    /// A "double-quoted" string with \" and \\ escapes.
    fn string(&mut self) -> Result<String, FilterError> {
        self.delimited('"', |e, out| out.push(e))
            .ok_or_else(|| self.error("a quote that is never closed"))
    }

    /// A /regular expression/: `\/` stands for a slash, every other escape is the pattern's.
    fn regex(&mut self) -> Result<Expr, FilterError> {
        let open = self.at;
        let escaped = |e, out: &mut String| {
            if e != '/' {
                out.push('\\');
            }
            out.push(e);
        };
        let Some(pattern) = self.delimited('/', escaped) else {
            return Err(self.error("a /regex/ that is never closed"));
        };
        regex::RegexBuilder::new(&pattern)
            .size_limit(1 << 20)
            .build()
            .map(Expr::Regex)
            .map_err(|e| {
                self.at = open;
                let why = e.to_string();
                let last = why.lines().last().unwrap_or("").trim();
                self.error(&format!("not a regular expression: {last}"))
            })
    }
}

/// `<0.6` into (Lt, "0.6").
fn comparison(s: &str) -> Option<(Cmp, &str)> {
    for (op, cmp) in [
        ("<=", Cmp::Le),
        (">=", Cmp::Ge),
        ("<", Cmp::Lt),
        (">", Cmp::Gt),
        ("=", Cmp::Eq),
    ] {
        if let Some(v) = s.strip_prefix(op) {
            return Some((cmp, v));
        }
    }
    None
}

impl Expr {
    /// Whether matching reads every post's words (text, a regular expression, links): slow
    /// enough at large sizes to be done on a worker.
    pub fn reads_texts(&self) -> bool {
        match self {
            Expr::Text(_) | Expr::Regex(_) | Expr::HasLink => true,
            Expr::RepliesTo(e) | Expr::InThreadOf(e) | Expr::Not(e) => e.reads_texts(),
            Expr::And(a, b) | Expr::Or(a, b) => a.reads_texts() || b.reads_texts(),
            _ => false,
        }
    }

    /// Whether matching looks at tones (a tone, where it came from, its confidence): only then
    /// can a tone changing change what the filter passes.
    pub fn reads_tones(&self) -> bool {
        match self {
            Expr::Tone(_) | Expr::Computed | Expr::Corrected | Expr::Confidence(..) => true,
            Expr::RepliesTo(e) | Expr::InThreadOf(e) | Expr::Not(e) => e.reads_tones(),
            Expr::And(a, b) | Expr::Or(a, b) => a.reads_tones() || b.reads_tones(),
            _ => false,
        }
    }

    /// Which posts the filter shows, by post index.
    pub fn matches(&self, doc: &Document) -> Vec<bool> {
        let n = doc.len();
        let each = |f: &dyn Fn(PostIdx) -> bool| (0..n as PostIdx).map(f).collect::<Vec<bool>>();
        match self {
            Expr::Tone(name) => match doc.tones.index_of(name) {
                Some(t) => each(&|p| doc.tone(p) == Some(t)),
                None if name == "untagged" => each(&|p| doc.tone(p).is_none()),
                None => vec![false; n],
            },
            Expr::Computed => each(&|p| matches!(doc.tone_origin(p), ToneOrigin::Computed { .. })),
            Expr::Corrected => each(&|p| doc.tone_origin(p) == ToneOrigin::Corrected),
            Expr::Confidence(cmp, v) => each(&|p| match doc.tone_origin(p) {
                ToneOrigin::Computed { confidence } => cmp.test(confidence, *v),
                _ => false,
            }),
            Expr::Author(needle) => {
                // Authors are shared between their posts: each is looked at once.
                let mut seen: rustc_hash::FxHashMap<*const crate::model::Author, bool> =
                    Default::default();
                let store = doc.store();
                (0..n as PostIdx)
                    .map(|p| {
                        let a = store.author(p);
                        *seen.entry(std::ptr::from_ref(a)).or_insert_with(|| {
                            a.name.to_lowercase().contains(needle)
                                || a.handle
                                    .as_deref()
                                    .is_some_and(|h| h.to_lowercase().contains(needle))
                        })
                    })
                    .collect()
            }
            Expr::Text(words) => {
                let finder = crate::app::PostMatcher::new(words, false);
                let mut out = vec![false; n];
                for p in finder.find(doc.store(), 0..n) {
                    out[p as usize] = true;
                }
                out
            }
            Expr::Regex(r) => each(&|p| r.is_match(doc.post(p).text)),
            Expr::Depth(cmp, v) => each(&|p| cmp.test(doc.depth(p), *v)),
            Expr::HasLink => each(&|p| {
                let t = doc.post(p).text;
                t.contains("http://") || t.contains("https://")
            }),
            Expr::After(s, _) => {
                each(&|p| doc.post(p).created_at.is_some_and(|t| t.sort_key() >= *s))
            }
            Expr::Before(s, _) => {
                each(&|p| doc.post(p).created_at.is_some_and(|t| t.sort_key() < *s))
            }
            Expr::OriginalPoster => {
                // The author of the root of each post's thread, down the thread in order.
                // The root post of each post's thread, down the thread in order; then its author
                // compared with the post's (by name, as authors may be read twice).
                let store = doc.store();
                let mut root: Vec<PostIdx> = vec![0; n];
                for &p in doc.thread.preorder.iter() {
                    root[p as usize] = match doc.parent(p) {
                        Some(parent) => root[parent as usize],
                        None => p,
                    };
                }
                each(&|p| {
                    let (a, r) = (store.author(p), store.author(root[p as usize]));
                    std::ptr::eq(a, r) || a.name == r.name
                })
            }
            Expr::RepliesTo(inner) => {
                let m = inner.matches(doc);
                each(&|p| doc.parent(p).is_some_and(|q| m[q as usize]))
            }
            Expr::InThreadOf(inner) => {
                let mut m = inner.matches(doc);
                // Down the thread: a post is in when it or an ancestor matched.
                for &p in doc.thread.preorder.iter() {
                    if let Some(parent) = doc.parent(p)
                        && m[parent as usize]
                    {
                        m[p as usize] = true;
                    }
                }
                m
            }
            Expr::Not(inner) => inner.matches(doc).into_iter().map(|b| !b).collect(),
            Expr::And(a, b) => {
                let mut m = a.matches(doc);
                for (x, y) in m.iter_mut().zip(b.matches(doc)) {
                    *x &= y;
                }
                m
            }
            Expr::Or(a, b) => {
                let mut m = a.matches(doc);
                for (x, y) in m.iter_mut().zip(b.matches(doc)) {
                    *x |= y;
                }
                m
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc() -> Document {
        let text = r#"{"format":"chorus/1","article":{"title":"t","blocks":[]},"posts":[
          {"id":"a","author":{"name":"Ana","handle":"ana_b"},"text":"The pier closed. https://x.example","tone":"empathetic","created_at":"2024-03-01T10:00:00Z"},
          {"id":"b","author":{"name":"Bo"},"text":"We will MISS it","in_reply_to":"a","tone":"supportive","created_at":"2024-03-01T11:00:00Z"},
          {"id":"c","author":{"name":"Ana","handle":"ana_b"},"text":"Thanks, Bo","in_reply_to":"b","tone":"supportive","created_at":"2024-03-02T09:00:00Z"},
          {"id":"d","author":{"name":"Cy"},"text":"About time.","in_reply_to":"a","tone":"critical"},
          {"id":"e","author":{"name":"Di"},"text":"Unrelated thread","tone":"neutral"}
        ]}"#;
        crate::load::load(
            crate::load::Input::Bytes {
                name: std::path::Path::new("t.json"),
                bytes: text.as_bytes(),
            },
            None,
            &crate::load::Limits::default(),
        )
        .expect("loads")
    }

    fn ids(expr: &str) -> String {
        let d = doc();
        let e = parse(expr).unwrap_or_else(|e| panic!("{expr}: {e}"));
        let m = e.matches(&d);
        (0..d.len())
            .filter(|&i| m[i])
            .map(|i| d.post(i as PostIdx).id.to_string())
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn each_filter_picks_its_posts() {
        assert_eq!(ids("tone:supportive"), "b c");
        assert_eq!(ids("TONE:Critical"), "d");
        assert_eq!(ids("tone:untagged"), "");
        assert_eq!(ids("@ana"), "a c");
        assert_eq!(ids("@ANA_B"), "a c");
        assert_eq!(ids("\"will miss\""), "b");
        assert_eq!(ids("miss"), "b");
        assert_eq!(ids("/^[A-Z][a-z]+ time/"), "d");
        assert_eq!(ids("depth>=1"), "b c d");
        assert_eq!(ids("depth=2"), "c");
        assert_eq!(ids("has:link"), "a");
        assert_eq!(ids("after:2024-03-01T10:30:00Z"), "b c");
        assert_eq!(ids("before:2024-03-02"), "a b");
        assert_eq!(ids("op"), "a c e");
        assert_eq!(ids("replies-to:@ana"), "b d");
        assert_eq!(ids("in-thread-of:@bo"), "b c");
        assert_eq!(ids("in-thread-of:(tone:empathetic) and not op"), "b d");
        assert_eq!(ids("tone:supportive or tone:critical"), "b c d");
        assert_eq!(ids("not (tone:supportive or tone:critical)"), "a e");
        assert_eq!(ids("@ana tone:supportive"), "c");
        assert_eq!(ids("computed"), "");
        assert_eq!(ids("corrected or conf<0.5"), "");
    }

    #[test]
    fn errors_say_where() {
        for (text, column, says) in [
            ("", 1, "an empty filter"),
            ("tone:", 6, "expected a tone name"),
            ("(tone:critical", 15, "expected `)`"),
            ("tone:critical)", 14, "expected `and`, `or` or the end"),
            ("\"open", 1, "never closed"),
            ("/[a/", 1, "not a regular expression"),
            ("conf<2", 5, "not a confidence"),
            ("depth>x", 6, "not a depth"),
            ("size:big", 1, "unknown filter \"size:big\""),
            ("after:yesterday", 7, "not a date"),
            ("a or", 5, "expected a filter"),
            ("@", 2, "expected a name"),
        ] {
            let e = parse(text).expect_err(text);
            assert_eq!(e.column, column, "{text:?}: {e}");
            assert!(e.message.contains(says), "{text:?}: {e}");
        }
        // Found by the property test: a keyword looked at across a character's bytes.
        assert!(parse("\u{1EE10}{\u{A835}:T").is_err());
        assert!(parse("o\u{1EE10}").is_ok());
        let deep = "(".repeat(1000) + "x" + &")".repeat(1000);
        assert!(parse(&deep).is_err());
        let nots = "not ".repeat(1000) + "x";
        assert!(parse(&nots).is_err());
    }

    #[test]
    fn written_back_it_parses_to_the_same_filter() {
        for text in [
            "tone:critical and @alice or not (\"so \\\"good\\\"\" /a\\/b/)",
            "replies-to:(op or depth<=3) conf>=0.25 has:link after:2024-01-01",
            "in-thread-of:tone:\"my tone\" before:2024-03-01T10:00:00Z corrected computed",
        ] {
            let e = parse(text).expect(text);
            let again = parse(&e.to_string()).expect("written back");
            assert_eq!(e.to_string(), again.to_string());
        }
    }
}
