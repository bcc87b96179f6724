//! Text helpers shared by the importers: HTML fragments to plain text with paragraphs and
//! links, entity decoding, legacy encodings, times.

use ego_tree::NodeRef;
use scraper::{Html, Node};

/// Elements after which a new paragraph starts.
fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "blockquote"
            | "pre"
            | "ul"
            | "ol"
            | "li"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "table"
            | "tr"
            | "section"
            | "article"
            | "figure"
            | "header"
            | "footer"
            | "hr"
            | "dl"
            | "dt"
            | "dd"
    )
}

/// Elements whose content is never text a reader should see. Ruby's annotations (`rt`, the
/// readings a Japanese page prints above its kanji, and `rp`, the brackets around them for
/// browsers without ruby) are not part of the line: inline, "子こども" would stand for "子ども".
pub fn is_hidden(name: &str) -> bool {
    matches!(
        name,
        "rt" | "rp"
            | "script"
            | "style"
            | "noscript"
            | "template"
            | "head"
            | "title"
            | "svg"
            | "iframe"
            | "object"
    )
}

/// An HTML fragment (a Mastodon status, a Hacker News comment) as plain text: paragraphs
/// separated by a blank line, `<br>` as a line break, links kept (see [`link_text`]),
/// entities decoded.
pub fn html_to_text(fragment: &str) -> String {
    let fragment = super::nesting::cap_nesting(fragment, super::nesting::MAX_NESTING);
    let html = Html::parse_fragment(&fragment);
    let mut out = TextBuilder::default();
    node_text(html.tree.root(), &mut out, true);
    out.finish()
}

/// Appends the text under `node` (itself excluded) to `out`. `keep_links` writes a link's
/// address after its words where the words do not already say it.
pub fn node_text(node: NodeRef<'_, Node>, out: &mut TextBuilder, keep_links: bool) {
    // An explicit stack: an element's children, then a marker to close it.
    enum Step<'a> {
        Open(NodeRef<'a, Node>),
        Close(NodeRef<'a, Node>),
    }
    let mut stack: Vec<Step> = node.children().rev().map(Step::Open).collect();
    while let Some(step) = stack.pop() {
        match step {
            Step::Open(n) => match n.value() {
                Node::Text(t) => out.push_text(t),
                Node::Element(e) => {
                    let name = e.name();
                    if is_hidden(name) {
                        continue;
                    }
                    if name == "br" {
                        out.line_break();
                        continue;
                    }
                    if name == "a" && keep_links {
                        let href = e.attr("href").unwrap_or("");
                        let mut inner = TextBuilder::default();
                        node_text(n, &mut inner, false);
                        out.push_raw(&link_text(&inner.finish(), href, e.attr("class")));
                        continue;
                    }
                    if is_block(name) {
                        out.paragraph_break();
                    }
                    if name == "pre" {
                        out.pre += 1;
                    }
                    stack.push(Step::Close(n));
                    stack.extend(n.children().rev().map(Step::Open));
                }
                _ => {}
            },
            Step::Close(n) => {
                if let Node::Element(e) = n.value() {
                    if e.name() == "pre" {
                        out.pre -= 1;
                    }
                    if is_block(e.name()) {
                        out.paragraph_break();
                    }
                }
            }
        }
    }
}

/// Builds text from HTML pieces: collapses white space outside `<pre>`, and turns block
/// boundaries into paragraph breaks without ever doubling them.
#[derive(Default)]
pub struct TextBuilder {
    out: String,
    /// A break is pending: 1 for a line break, 2 for a paragraph break.
    pending: u8,
    space: bool,
    pre: u32,
}

impl TextBuilder {
    pub fn push_text(&mut self, t: &str) {
        if self.pre > 0 {
            self.flush_break();
            self.out.push_str(t);
            return;
        }
        for c in t.chars() {
            if c.is_whitespace() && c != '\u{a0}' {
                self.space = true;
            } else {
                self.push_char(c);
            }
        }
    }

    /// Text written as it is (a link already made).
    pub fn push_raw(&mut self, t: &str) {
        for c in t.chars() {
            self.push_char(c);
        }
    }

    fn push_char(&mut self, c: char) {
        if self.pending > 0 {
            self.flush_break();
        } else if self.space && !self.out.is_empty() && !self.out.ends_with('\n') {
            self.out.push(' ');
        }
        self.space = false;
        self.out.push(c);
    }

    fn flush_break(&mut self) {
        if !self.out.is_empty() {
            let n = if self.pending >= 2 { "\n\n" } else { "\n" };
            self.out.push_str(n);
        }
        self.pending = 0;
        self.space = false;
    }

    pub fn line_break(&mut self) {
        self.pending = self.pending.max(1);
        if self.out.is_empty() || self.out.ends_with('\n') {
            // A <br> at the start or after a break still counts once.
            self.out.push('\n');
            self.pending = 0;
        }
    }

    /// Keeps the white space of what follows as it is written, as inside `<pre>`.
    pub fn keep_white_space(&mut self) {
        self.pre += 1;
    }

    pub fn paragraph_break(&mut self) {
        if !self.out.is_empty() {
            self.pending = 2;
        }
    }

    pub fn finish(self) -> String {
        if self.pre > 0 {
            // Inside `<pre>` the first line's indent is part of the text.
            return self.out.trim_end().trim_start_matches('\n').to_string();
        }
        self.out.trim().to_string()
    }
}

/// A link's words, with its address after them in parentheses where they do not already say
/// it: `read this (https://example.com/a)`. Mentions and hashtags keep their words only; a
/// shortened address (`example.com/some/lo…`) is written out in full.
pub fn link_text(words: &str, href: &str, class: Option<&str>) -> String {
    let words = words.trim();
    let href = href.trim();
    let web = href.starts_with("http://") || href.starts_with("https://");
    if !web || words.starts_with('@') || words.starts_with('#') {
        return words.to_string();
    }
    if class.is_some_and(|c| {
        c.split_whitespace()
            .any(|c| c == "mention" || c == "hashtag")
    }) {
        return words.to_string();
    }
    if words.is_empty() {
        return href.to_string();
    }
    let bare = |s: &str| {
        let s = s
            .trim_start_matches("https://")
            .trim_start_matches("http://")
            .trim_start_matches("www.");
        s.trim_end_matches('/').to_string()
    };
    let (w, h) = (bare(words), bare(href));
    if w == h {
        return words.to_string();
    }
    for ellipsis in ["\u{2026}", "..."] {
        if let Some(prefix) = w.strip_suffix(ellipsis)
            && h.starts_with(prefix)
        {
            return href.to_string();
        }
    }
    // Words that are themselves an address (a t.co link's display text): keep them.
    if !words.contains(char::is_whitespace) && words.contains('.') && words.contains('/') {
        return words.to_string();
    }
    format!("{words} ({href})")
}

/// Decodes the HTML entities some JSON APIs leave in plain text (`&amp;`, `&lt;`, `&#39;`,
/// ...). Unknown entities are left as they are.
pub fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let end = rest[1..].find(';').map(|j| j + 1).filter(|&j| j <= 12);
        let decoded = end.and_then(|j| {
            let name = &rest[1..j];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some('\u{a0}'),
                _ => {
                    let num = name.strip_prefix('#')?;
                    let code = match num.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                        None => num.parse().ok()?,
                    };
                    char::from_u32(code)
                }
            };
            c.map(|c| (c, j))
        });
        match decoded {
            Some((c, j)) => {
                out.push(c);
                rest = &rest[j + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// A page whose bytes are not UTF-8, as text, decoded as a browser would: in the encoding its
/// byte-order mark names, or the server's `charset` (`served`, for a fetched page), or its
/// `<meta>` (a page saved in ISO-8859-2, Windows-1250, Shift_JIS or GBK reads as it was
/// written; one that says UTF-8 and holds a stray byte keeps its UTF-8), or in Windows-1252,
/// what browsers assume for a page that does not say. A byte that is not valid in the
/// encoding becomes U+FFFD.
pub fn decode_page(bytes: &[u8], served: Option<&str>) -> String {
    use encoding_rs::{Encoding, WINDOWS_1252};
    let encoding = Encoding::for_bom(bytes)
        .map(|(e, _)| e)
        .or_else(|| served.and_then(|l| as_declared(l.as_bytes())))
        .or_else(|| declared_encoding(bytes))
        .unwrap_or(WINDOWS_1252);
    // `decode` also honours a byte-order mark, and takes it off.
    encoding.decode(bytes).0.into_owned()
}

/// How far into a page its `<meta>` charset is looked for: browsers look at the first 1 KB,
/// but a saved page often has scripts and styles before it.
const CHARSET_SCAN: usize = 64 * 1024;

/// The encoding a page's `<meta charset>` or `<meta http-equiv … content="…; charset=…">`
/// names, the first one in its first [`CHARSET_SCAN`] bytes, mapped as the HTML standard maps
/// a declaration: UTF-16 (which a page read as bytes cannot be) means UTF-8, and a label with
/// no text encoding behind it (`x-user-defined`, the "replacement" labels) counts as none.
fn declared_encoding(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    static META: std::sync::LazyLock<regex::bytes::Regex> = std::sync::LazyLock::new(|| {
        regex::bytes::Regex::new(r#"(?i)<meta\s[^>]*?charset\s*=\s*["']?\s*([a-z0-9_.:-]+)"#)
            .expect("a valid pattern")
    });
    let head = &bytes[..bytes.len().min(CHARSET_SCAN)];
    as_declared(META.captures(head)?.get(1)?.as_bytes())
}

/// The encoding a declared label stands for (see [`declared_encoding`]).
fn as_declared(label: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    use encoding_rs::{Encoding, REPLACEMENT, UTF_8, UTF_16BE, UTF_16LE, X_USER_DEFINED};
    match Encoding::for_label(label)? {
        e if e == UTF_16BE || e == UTF_16LE => Some(UTF_8),
        e if e == X_USER_DEFINED || e == REPLACEMENT => None,
        e => Some(e),
    }
}

/// Seconds since the epoch as an RFC 3339 time in UTC.
pub fn unix_to_rfc3339(seconds: f64) -> Option<String> {
    if !seconds.is_finite() {
        return None;
    }
    let t = jiff::Timestamp::from_second(seconds.trunc() as i64).ok()?;
    Some(t.strftime("%Y-%m-%dT%H:%M:%SZ").to_string())
}

/// A time some API wrote (RFC 3339, perhaps with fractions) in the form the bundle keeps, or
/// `None` when it is not one: a bundle never carries a time chorus cannot read.
pub fn rfc3339(s: &str) -> Option<String> {
    let s = s.trim();
    crate::model::Timestamp::parse(s).map(|_| s.to_string())
}

/// The first words of a text, at most `max` columns wide, with "…" when cut.
pub fn first_words(text: &str, max: usize) -> String {
    use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.width() <= max {
        return flat;
    }
    // Room is kept for the "…" (one column).
    let room = max.saturating_sub(1);
    let mut out = String::new();
    let mut width = 0;
    for word in flat.split(' ') {
        let gap = usize::from(!out.is_empty());
        let w = word.width();
        if width + gap + w > room {
            break;
        }
        if gap == 1 {
            out.push(' ');
        }
        out.push_str(word);
        width += gap + w;
    }
    if out.is_empty() {
        // One word wider than `max`: cut inside it.
        for c in flat.chars() {
            let w = c.width().unwrap_or(0);
            if width + w > room {
                break;
            }
            out.push(c);
            width += w;
        }
    }
    out.push('\u{2026}');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_breaks_and_links() {
        let t = html_to_text(
            "<p>Hello <b>world</b> &amp; friends</p><p>Line one<br>line two</p>\
             <p><a href=\"https://example.com/x\" class=\"u-url mention\">@<span>ana</span></a> \
             see <a href=\"https://example.com/post\">this</a> and \
             <a href=\"https://example.com/a/very/long/path\">example.com/a/very/lo…</a></p>",
        );
        assert_eq!(
            t,
            "Hello world & friends\n\nLine one\nline two\n\n@ana see this \
             (https://example.com/post) and https://example.com/a/very/long/path"
        );
    }

    #[test]
    fn hacker_news_style_paragraphs() {
        let t = html_to_text(
            "First<p>Second &#x27;quoted&#x27;<p><pre><code>  x = 1\n  y</code></pre>",
        );
        assert_eq!(t, "First\n\nSecond 'quoted'\n\n  x = 1\n  y");
    }

    #[test]
    fn entities() {
        assert_eq!(
            decode_entities("a &amp; b &lt;3 &#39;x&#x27; &bogus; &"),
            "a & b <3 'x' &bogus; &"
        );
    }

    #[test]
    fn first_words_cut_at_a_word() {
        assert_eq!(first_words("one two three", 40), "one two three");
        assert_eq!(first_words("one two three four", 10), "one two\u{2026}");
        assert_eq!(first_words("abcdefghijkl", 5), "abcd\u{2026}");
    }

    #[test]
    fn first_words_count_columns_not_characters() {
        // Each of these characters takes two columns: nine characters, seventeen columns.
        assert_eq!(first_words("漢字漢字 漢字漢字", 10), "漢字漢字\u{2026}");
        assert_eq!(first_words("漢字漢字漢字", 6), "漢字\u{2026}");
    }

    #[test]
    fn a_page_that_declares_no_encoding_is_windows_1252() {
        assert_eq!(decode_page(b"caf\xe9 \x93hi\x94", None), "café “hi”");
        // A declaration that names no text encoding is no declaration.
        let page = b"<meta charset=x-user-defined><p>caf\xe9</p>";
        assert_eq!(
            decode_page(page, None),
            "<meta charset=x-user-defined><p>café</p>"
        );
    }

    #[test]
    fn a_page_is_read_in_the_encoding_it_declares() {
        // Polish in Windows-1250: 0xb9 is ą, 0x9c is ś (in Windows-1252 they are ¹ and œ).
        let page =
            b"<html><head><meta charset=\"windows-1250\"></head><p>si\xea \x9cwi\xeat\xb9</p>";
        assert!(
            decode_page(page, None).ends_with("<p>się świętą</p>"),
            "{}",
            decode_page(page, None)
        );
        // The older form, in http-equiv's content, with scripts before it.
        let mut page = b"<head><script>var a = '<b>';</script>".to_vec();
        page.extend_from_slice(
            b"<META HTTP-EQUIV=\"Content-Type\" CONTENT=\"text/html; charset=ISO-8859-2\">",
        );
        page.extend_from_slice(b"<p>\xb1</p>");
        assert!(decode_page(&page, None).ends_with("<p>ą</p>"));
        // Shift_JIS: 0x93fa 0x967b is 日本.
        let page = b"<meta charset='shift_jis'><p>\x93\xfa\x96\x7b</p>";
        assert!(decode_page(page, None).ends_with("<p>日本</p>"));
    }

    #[test]
    fn a_utf8_page_with_a_stray_byte_stays_utf8() {
        // Not Windows-1252 throughout ("ZaÅ¼Ã³Å‚Ä‡"), only the broken byte is replaced.
        let page = "<meta charset=\"UTF-8\"><p>Zażółć</p><p>papieros"
            .as_bytes()
            .to_vec();
        let page = [page, b"\xc3</p>".to_vec()].concat();
        assert_eq!(
            decode_page(&page, None),
            "<meta charset=\"UTF-8\"><p>Zażółć</p><p>papieros\u{fffd}</p>"
        );
        // A page saved as bytes cannot be UTF-16, whatever it says: it is read as UTF-8.
        let page = [
            b"<meta charset=utf-16><p>\xc3\xa9".to_vec(),
            b"\xff</p>".to_vec(),
        ]
        .concat();
        assert_eq!(
            decode_page(&page, None),
            "<meta charset=utf-16><p>é\u{fffd}</p>"
        );
    }

    #[test]
    fn the_server_s_charset_wins_over_the_page_s() {
        let page = b"<meta charset=windows-1252><p>\xb1</p>";
        assert!(decode_page(page, Some("iso-8859-2")).ends_with("<p>ą</p>"));
        assert!(decode_page(page, Some("no-such-charset")).ends_with("<p>±</p>"));
    }

    #[test]
    fn a_byte_order_mark_wins_over_a_declaration() {
        let mut page = vec![0xff, 0xfe];
        for c in "<meta charset=windows-1252><p>ą</p>".encode_utf16() {
            page.extend_from_slice(&c.to_le_bytes());
        }
        assert_eq!(
            decode_page(&page, None),
            "<meta charset=windows-1252><p>ą</p>"
        );
    }
}
