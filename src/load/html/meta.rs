//! The page's metadata: its headline (and where the body repeats it), description, outlet,
//! author, date and address.

use super::*;

#[derive(Default)]
pub(super) struct Metadata {
    pub(super) title: Option<String>,
    /// What the page says it is about, in a sentence or two.
    pub(super) description: Option<String>,
    pub(super) outlet: Option<String>,
    pub(super) author: Option<String>,
    pub(super) published: Option<String>,
    pub(super) url: Option<String>,
}

impl Metadata {
    pub(super) fn read(doc: &Html) -> Metadata {
        let meta = |sel: &str| {
            doc.select(&selector(sel))
                .filter_map(|e| e.attr("content"))
                .map(|c| c.split_whitespace().collect::<Vec<_>>().join(" "))
                .find(|c| !c.is_empty())
        };
        let text_of = |sel: &str| {
            doc.select(&selector(sel))
                .map(squeezed_text)
                .find(|t| !t.is_empty())
        };
        let site = meta("meta[property='og:site_name']");
        let title = headline(doc, site.as_deref(), &meta, &text_of);
        let published = meta("meta[property='article:published_time']")
            .or_else(|| meta("meta[itemprop='datePublished']"))
            .or_else(|| {
                doc.select(&selector("time[datetime]"))
                    .filter_map(|e| e.attr("datetime"))
                    .map(str::to_string)
                    .next()
            })
            .and_then(|t| time_or_date(&t));
        let url = doc
            .select(&selector("link[rel='canonical']"))
            .filter_map(|e| e.attr("href"))
            .map(|h| h.trim().to_string())
            .find(|h| h.starts_with("http"))
            .or_else(|| meta("meta[property='og:url']"));
        Metadata {
            title,
            description: meta("meta[name='description']")
                .or_else(|| meta("meta[property='og:description']")),
            outlet: site,
            author: meta("meta[name='author']").or_else(|| {
                meta("meta[property='article:author']").filter(|a| !a.starts_with("http"))
            }),
            published,
            url,
        }
    }
}

/// An element's text with its white space squeezed to single spaces (case kept).
fn squeezed_text(e: ElementRef) -> String {
    e.text()
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// An RFC 3339 time, or the day alone when the page gives a time without an offset.
pub(super) fn time_or_date(s: &str) -> Option<String> {
    rfc3339(s).or_else(|| {
        let day = s.trim().get(..10)?;
        rfc3339(day)
    })
}

/// The page's headline, in this order: what the page tells sharing sites (`og:title`,
/// `twitter:title`); an `<h1>` outside the page's furniture (`header`, `nav`, `aside`,
/// `footer`) that the `<title>` agrees with (half its words or more are in it); the only such
/// `<h1>`, when it has four words or more; the `<title>`; the first such `<h1>`. Whichever it is, an outlet's name on one side of a separator
/// (" | ", " - ", " – ", " — ", " · ") is taken off: "Gun laws - BBC News" is "Gun laws".
fn headline(
    doc: &Html,
    site: Option<&str>,
    meta: &dyn Fn(&str) -> Option<String>,
    text_of: &dyn Fn(&str) -> Option<String>,
) -> Option<String> {
    let shared = meta("meta[property='og:title']").or_else(|| meta("meta[name='twitter:title']"));
    let tab = text_of("title");
    let h1s: Vec<String> = doc
        .select(&selector("h1"))
        .filter(|h| {
            !h.ancestors().any(|a| {
                a.value()
                    .as_element()
                    .is_some_and(|e| matches!(e.name(), "header" | "nav" | "aside" | "footer"))
            })
        })
        .map(squeezed_text)
        .filter(|t| !t.is_empty())
        .collect();
    let agreed = tab.as_deref().and_then(|tab| {
        let in_tab = words(tab);
        h1s.iter()
            .find(|h| {
                let w = words(h);
                !w.is_empty() && 2 * w.iter().filter(|x| in_tab.contains(x)).count() >= w.len()
            })
            .cloned()
    });
    // One <h1> of four words or more is the headline even where the <title> names only the
    // site or the section ("Harbour status").
    let only = match h1s.as_slice() {
        [one] if one.split_whitespace().count() >= 4 => Some(one.clone()),
        _ => None,
    };
    shared
        .or(agreed)
        .or(only)
        .or(tab)
        .or_else(|| h1s.into_iter().next())
        .map(|t| without_outlet(&t, site))
}

/// A title less the outlet's name on either side of a separator: the site's name as the page
/// gives it, or a tail of at most three words after a head of four or more.
fn without_outlet(title: &str, site: Option<&str>) -> String {
    const SEPARATORS: [&str; 5] = [" | ", " - ", " – ", " — ", " · "];
    let same = |a: &str, b: &str| a.trim().eq_ignore_ascii_case(b.trim());
    for sep in SEPARATORS {
        if let Some(site) = site {
            if let Some((head, tail)) = title.rsplit_once(sep)
                && same(tail, site)
                && !head.trim().is_empty()
            {
                return head.trim().to_string();
            }
            if let Some((head, tail)) = title.split_once(sep)
                && same(head, site)
                && !tail.trim().is_empty()
            {
                return tail.trim().to_string();
            }
        }
    }
    // No name to go by: a short tail after a long head is the outlet's ("... - BBC News").
    for sep in SEPARATORS {
        if let Some((head, tail)) = title.rsplit_once(sep) {
            let count = |t: &str| t.split_whitespace().count();
            if count(tail) <= 3 && count(head) >= 4 && !head.contains(sep) {
                return head.trim().to_string();
            }
        }
    }
    title.to_string()
}

/// Where the article's blocks repeat the title near their top: the first of the first
/// [`HEADLINE_BLOCKS`] blocks that reads as the title, when every block above it is short
/// ([`ABOVE_HEADLINE_BYTES`]) and ends no sentence.
pub(super) fn headline_at_top(blocks: &[BlockFile], title: &str) -> Option<usize> {
    let title = squash(title);
    if title.is_empty() {
        return None;
    }
    for (i, b) in blocks.iter().take(HEADLINE_BLOCKS).enumerate() {
        let (BlockFile::Paragraph { text } | BlockFile::Heading { text }) = b else {
            return None;
        };
        let t = text.trim();
        if squash(t) == title {
            return Some(i);
        }
        if t.len() > ABOVE_HEADLINE_BYTES || t.ends_with(['.', '!', '?']) {
            return None;
        }
    }
    None
}

/// How far down the headline is looked for, and the longest block above it.
const HEADLINE_BLOCKS: usize = 4;
const ABOVE_HEADLINE_BYTES: usize = 50;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_headline_and_what_stands_above_it_are_not_repeated_at_the_top() {
        let blocks = |texts: &[&str]| -> Vec<BlockFile> {
            texts
                .iter()
                .map(|t| BlockFile::Paragraph {
                    text: t.to_string(),
                })
                .collect()
        };
        let title = "The ferry is late again";
        let story = "The ferry ran late again on Tuesday, for the third week in a row.";
        assert_eq!(headline_at_top(&blocks(&[title, story]), title), Some(0));
        assert_eq!(
            headline_at_top(
                &blocks(&["Article", "Harbour", " The ferry is  late again", story]),
                title
            ),
            Some(2)
        );
        // Below the story's first sentence, or past the top, it is the story's.
        assert_eq!(headline_at_top(&blocks(&[story, title]), title), None);
        assert_eq!(
            headline_at_top(&blocks(&["a", "b", "c", "d", title]), title),
            None
        );
        assert_eq!(headline_at_top(&blocks(&[story]), ""), None);
    }

    #[test]
    fn an_outlet_name_comes_off_either_side_and_a_headline_keeps_its_own_dashes() {
        assert_eq!(
            without_outlet("The Courier | Rain stops play", Some("The Courier")),
            "Rain stops play"
        );
        assert_eq!(
            without_outlet("Rain stops play · The Courier", Some("the courier")),
            "Rain stops play"
        );
        // A dash inside a headline, with no outlet's name and a long tail, stays.
        assert_eq!(
            without_outlet(
                "Ferry late again - and the council has had enough of it",
                None
            ),
            "Ferry late again - and the council has had enough of it"
        );
        assert_eq!(
            without_outlet("Review: a loaf named after a ferry - Food", None),
            "Review: a loaf named after a ferry"
        );
        assert_eq!(without_outlet("Short - Site", None), "Short - Site");
    }
}
