//! Bounds how deeply elements nest before HTML reaches the parser. The HTML tree builder checks
//! its stack of open elements for every tag, so a page of 100,000 nested `<div>`s costs it time
//! in the square of the depth (a minute for one megabyte); browsers bound their own stacks for
//! the same reason. Past [`MAX_NESTING`] open elements, start and end tags are left out and
//! everything between them is kept: the text stays, only the structure below that depth
//! flattens. No real article comes near the limit. An embedded post (a `blockquote` or an
//! `iframe`) past it is kept with what it holds, up to [`EMBED_ALLOWANCE`] more levels, so a
//! post quoted in an absurdly deep page is still found.

use std::borrow::Cow;

use memchr::{memchr, memmem};

/// Open elements kept around any point of a page; deeper tags are left out.
pub const MAX_NESTING: usize = 256;

/// Open elements an embedded post past [`MAX_NESTING`] may add, itself and what it holds.
pub const EMBED_ALLOWANCE: usize = 64;

/// Elements that embed a post (tweets, Bluesky and Mastodon posts are quoted in these).
const EMBEDS: &[&str] = &["blockquote", "iframe"];

/// Elements that never hold anything (no end tag).
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "basefont", "bgsound", "frame", "keygen",
];

/// Elements whose end tag may be left out and which the tree builder closes by itself when a
/// sibling starts (`<p>`, `<li>`, table cells...): counting them would mistake a list of
/// unclosed paragraphs for nesting. They are left as they are.
const OPTIONAL_END: &[&str] = &[
    "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "tbody", "thead", "tfoot", "rb",
    "rt", "rp", "rtc", "colgroup", "caption",
];

/// Elements whose content is text, not tags, up to their own end tag.
const RAW_TEXT: &[&str] = &[
    "script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript",
];

/// `html` with its nesting bounded to `max` open elements; borrowed when nothing goes deeper.
pub fn cap_nesting(html: &str, max: usize) -> Cow<'_, str> {
    let bytes = html.as_bytes();
    let mut out: Option<String> = None;
    // `html[..copied]` is in `out` already (once there is one).
    let mut copied = 0;
    // Open elements: name, whether its tags are left out, and whether it is an embed kept
    // past the bound.
    let mut open: Vec<(String, bool, bool)> = Vec::new();
    let mut kept = 0;
    // Embeds open and kept past the bound: what they hold is kept too, within the allowance.
    let mut embeds_past = 0;
    let leave_out = |out: &mut Option<String>, copied: &mut usize, tag: std::ops::Range<usize>| {
        let out = out.get_or_insert_with(|| String::with_capacity(html.len()));
        out.push_str(&html[*copied..tag.start]);
        *copied = tag.end;
    };
    let mut i = 0;
    while let Some(lt) = memchr(b'<', &bytes[i..]) {
        let at = i + lt;
        let Some(tag) = Tag::at(bytes, at) else {
            i = at + 1;
            continue;
        };
        i = tag.end;
        match tag.kind {
            Kind::Other => {}
            Kind::Start { .. }
                if is_one_of(&tag.name, VOID) || is_one_of(&tag.name, OPTIONAL_END) => {}
            Kind::Start { self_closing: true } => {}
            Kind::Start { .. } if is_one_of(&tag.name, RAW_TEXT) => {
                // Its text is not looked into; its end tag is the next thing.
                i = raw_text_end(bytes, tag.end, &tag.name);
            }
            Kind::Start { .. } => {
                let embed = is_one_of(&tag.name, EMBEDS);
                let drop =
                    kept >= max && !((embed || embeds_past > 0) && kept < max + EMBED_ALLOWANCE);
                let past = !drop && embed && kept >= max;
                if drop {
                    leave_out(&mut out, &mut copied, at..tag.end);
                } else {
                    kept += 1;
                }
                embeds_past += usize::from(past);
                open.push((tag.name, drop, past));
            }
            Kind::End => {
                // An end tag closes its element and any left open inside it; one that closes
                // nothing open is left for the parser to ignore.
                if let Some(pos) = open.iter().rposition(|(n, _, _)| *n == tag.name) {
                    let dropped = open[pos].1;
                    for (_, d, past) in &open[pos..] {
                        kept -= usize::from(!d);
                        embeds_past -= usize::from(*past);
                    }
                    open.truncate(pos);
                    if dropped {
                        leave_out(&mut out, &mut copied, at..tag.end);
                    }
                }
            }
        }
    }
    match out {
        Some(mut out) => {
            out.push_str(&html[copied..]);
            Cow::Owned(out)
        }
        None => Cow::Borrowed(html),
    }
}

fn is_one_of(name: &str, names: &[&str]) -> bool {
    names.contains(&name)
}

enum Kind {
    Start {
        self_closing: bool,
    },
    End,
    /// A comment, a doctype or a processing instruction.
    Other,
}

struct Tag {
    kind: Kind,
    /// Lower-cased.
    name: String,
    /// Just past the tag's `>`.
    end: usize,
}

impl Tag {
    /// The tag that starts at `bytes[at]` (a `<`), if one does.
    fn at(bytes: &[u8], at: usize) -> Option<Tag> {
        let rest = &bytes[at + 1..];
        if rest.starts_with(b"!--") {
            let end = memmem::find(&rest[3..], b"-->").map_or(bytes.len(), |e| at + 4 + e + 3);
            return Some(Tag::other(end));
        }
        if matches!(rest.first(), Some(b'!' | b'?')) {
            let end = memchr(b'>', rest).map_or(bytes.len(), |e| at + 1 + e + 1);
            return Some(Tag::other(end));
        }
        let closing = rest.first() == Some(&b'/');
        let name_start = at + 1 + usize::from(closing);
        let name_len = bytes[name_start..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b':' | b'_'))
            .count();
        if name_len == 0 || !bytes[name_start].is_ascii_alphabetic() {
            return None;
        }
        let name_end = name_start + name_len;
        // The `>` that ends the tag, past any quoted attribute value.
        let mut quote = None;
        let mut j = name_end;
        while j < bytes.len() {
            match (quote, bytes[j]) {
                (None, b'"' | b'\'') => quote = Some(bytes[j]),
                (Some(q), b) if b == q => quote = None,
                (None, b'>') => break,
                _ => {}
            }
            j += 1;
        }
        let name = String::from_utf8_lossy(&bytes[name_start..name_end]).to_ascii_lowercase();
        let kind = if closing {
            Kind::End
        } else {
            Kind::Start {
                self_closing: j > name_end && bytes[j - 1] == b'/',
            }
        };
        Some(Tag {
            kind,
            name,
            end: (j + 1).min(bytes.len()),
        })
    }

    fn other(end: usize) -> Tag {
        Tag {
            kind: Kind::Other,
            name: String::new(),
            end,
        }
    }
}

/// Where the end tag of a raw-text element opened just before `from` starts (or the end).
fn raw_text_end(bytes: &[u8], from: usize, name: &str) -> usize {
    let mut i = from;
    while let Some(e) = memmem::find(&bytes[i..], b"</") {
        let at = i + e;
        let after = &bytes[at + 2..];
        if after.len() >= name.len() && after[..name.len()].eq_ignore_ascii_case(name.as_bytes()) {
            return at;
        }
        i = at + 2;
    }
    bytes.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The deepest nesting of elements in `html`, as the parser builds it.
    fn parsed_depth(html: &str) -> usize {
        let doc = scraper::Html::parse_document(html);
        doc.tree
            .root()
            .descendants()
            .map(|n| n.ancestors().count())
            .max()
            .unwrap_or(0)
    }

    fn nested(depth: usize, inner: &str) -> String {
        format!(
            "<html><body><p>Before.</p>{}{inner}{}<p>After.</p></body></html>",
            "<div>".repeat(depth),
            "</div>".repeat(depth)
        )
    }

    #[test]
    fn a_page_within_the_bound_is_left_as_it_is() {
        let page = nested(40, "<span class=\"a>b\">text</span><br/><p>x<p>y");
        assert!(matches!(cap_nesting(&page, MAX_NESTING), Cow::Borrowed(_)));
    }

    #[test]
    fn deeper_tags_are_left_out_and_their_text_kept() {
        let page = nested(100_000, "deep <b>bold</b> text");
        let capped = cap_nesting(&page, MAX_NESTING);
        assert!(capped.contains("deep <b>bold</b> text") || capped.contains("deep bold text"));
        assert!(capped.contains("<p>Before.</p>") && capped.contains("<p>After.</p>"));
        // Every tag past the bound is gone, start and end alike: the rest still balances.
        // <html> and <body> are two of the open elements.
        assert_eq!(capped.matches("<div>").count(), MAX_NESTING - 2);
        assert_eq!(capped.matches("</div>").count(), MAX_NESTING - 2);
        // The parser sees at most the bound (plus html, body and the text node).
        let depth = parsed_depth(&capped);
        assert!(depth <= MAX_NESTING + 4, "{depth}");
        let doc = scraper::Html::parse_document(&capped);
        let text: String = doc.root_element().text().collect();
        assert!(text.contains("deep") && text.contains("bold") && text.contains("After."));
    }

    #[test]
    fn an_embed_past_the_bound_is_kept_with_what_it_holds_but_not_without_end() {
        let quote =
            "<blockquote class=\"twitter-tweet\"><p>words</p><a href=\"u\">d</a></blockquote>";
        let page = nested(1_000, quote);
        let capped = cap_nesting(&page, MAX_NESTING);
        assert!(capped.contains(quote), "the embed is kept whole");
        // Embeds nested in embeds get only the allowance.
        let page = nested(1_000, &"<blockquote>".repeat(10_000));
        let capped = cap_nesting(&page, MAX_NESTING);
        let kept = capped.matches("<blockquote>").count();
        assert!(kept <= EMBED_ALLOWANCE, "{kept}");
        assert!(parsed_depth(&capped) <= MAX_NESTING + EMBED_ALLOWANCE + 4);
    }

    #[test]
    fn siblings_and_unclosed_paragraphs_are_not_nesting() {
        let siblings = format!("<body>{}</body>", "<div>x</div>".repeat(10_000));
        assert!(matches!(cap_nesting(&siblings, 8), Cow::Borrowed(_)));
        let paragraphs = format!("<body><div>{}</div></body>", "<p>para".repeat(10_000));
        assert!(matches!(cap_nesting(&paragraphs, 8), Cow::Borrowed(_)));
    }

    #[test]
    fn tags_inside_scripts_comments_and_quotes_do_not_count() {
        let page = format!(
            "<body><script>{}</script><!-- {} --><a title=\"{}\">x</a><div>y</div></body>",
            "<div>".repeat(50),
            "<div>".repeat(50),
            "<div>".repeat(50)
        );
        assert!(matches!(cap_nesting(&page, 4), Cow::Borrowed(_)));
    }

    #[test]
    fn an_end_tag_closes_what_was_left_open_inside_it() {
        // The unclosed <span>s end with their <div>: the second <div> is at depth 2, not 12.
        let page = format!(
            "<body><div>{}</div><div><div>kept</div></div></body>",
            "<span>".repeat(10)
        );
        let capped = cap_nesting(&page, 3);
        assert!(
            capped.ends_with("<div><div>kept</div></div></body>"),
            "{capped}"
        );
    }
}
