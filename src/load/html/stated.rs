//! The story's text as the page states it in its structured data: the `articleBody` of a
//! `<script type="application/ld+json">`, which a news site writes for search engines and which
//! holds the story's paragraphs and nothing of the page around them (no captions, sign-up
//! boxes, shop boxes or teasers). Where the page states one that is the story, the paragraphs
//! the extractor kept that it does not hold are the page's, not the story's.

use std::collections::HashSet;

use super::*;

/// The longest `articleBody` in the page's JSON-LD, as plain text (a body written as HTML is
/// read as HTML).
pub(super) fn stated_body(doc: &Html) -> Option<String> {
    let mut best: Option<String> = None;
    for script in doc.select(&selector("script[type='application/ld+json']")) {
        let raw: String = script.text().collect();
        let Ok(data) = serde_json::from_str::<serde_json::Value>(unwrapped(&raw)) else {
            continue;
        };
        // The body may sit in a `@graph`, a list of items or a nested object: looked for
        // without recursion, the parser having bounded the depth already.
        let mut stack = vec![&data];
        while let Some(value) = stack.pop() {
            match value {
                serde_json::Value::Object(map) => {
                    if let Some(serde_json::Value::String(body)) = map.get("articleBody")
                        && best.as_ref().is_none_or(|b| body.len() > b.len())
                    {
                        best = Some(body.clone());
                    }
                    stack.extend(map.values());
                }
                serde_json::Value::Array(items) => stack.extend(items),
                _ => {}
            }
        }
    }
    let body = best?;
    Some(if body.contains('<') {
        Html::parse_fragment(&body)
            .root_element()
            .text()
            .collect::<Vec<_>>()
            .join(" ")
    } else {
        body
    })
}

/// A script's JSON without the wrapping some pages put around it ("<![CDATA[ ... ]]>",
/// "//<![CDATA[", a closing ";").
fn unwrapped(raw: &str) -> &str {
    let raw = raw.trim().trim_start_matches("//").trim_start();
    let raw = raw.strip_prefix("<![CDATA[").unwrap_or(raw).trim();
    let raw = raw.strip_suffix("]]>").unwrap_or(raw).trim_end();
    let raw = raw.strip_suffix("//").unwrap_or(raw).trim_end();
    raw.trim_end_matches(';')
}

/// Leaves out the paragraphs the stated body does not hold, when it is the story: it has at
/// least [`STATED_WORDS`] words and holds at least [`STATED_COVER`] of the word triples of
/// what was extracted (a body cut short for a paywall, or another story's, holds less, and
/// changes nothing). A paragraph stays when the body holds at least [`HELD_WORDS`] of its word
/// triples (a paragraph under three words: its words in a row), when it has [`LONG_WORDS`]
/// words or more (a long paragraph the body lacks is more likely the story's text that the
/// body left out than the page's), or when it comes before the first paragraph the body holds
/// (a standfirst, which stated bodies leave out). Headings and embeds stay, but a heading the
/// body does not hold with nothing left under it goes.
pub(super) fn keep_stated(blocks: &mut Vec<BlockFile>, body: &str) {
    let stated = words(body);
    if stated.len() < STATED_WORDS {
        return;
    }
    // Looked up, not searched for: a page of many short paragraphs and a long stated body
    // costs one look-up a paragraph.
    let singles: HashSet<&str> = stated.iter().map(String::as_str).collect();
    let pairs: HashSet<(&str, &str)> = stated
        .windows(2)
        .map(|p| (p[0].as_str(), p[1].as_str()))
        .collect();
    let body_triples = triples(body);
    let held = |w: &[String]| -> bool {
        match w {
            [] => true,
            [one] => singles.contains(one.as_str()),
            [a, b] => pairs.contains(&(a.as_str(), b.as_str())),
            _ => {
                let own: HashSet<u64> = triple_hashes(w).collect();
                let inside = own.iter().filter(|t| body_triples.contains(t)).count();
                inside as f64 >= HELD_WORDS * own.len() as f64
            }
        }
    };
    let extracted = blocks
        .iter()
        .filter_map(|b| match b {
            BlockFile::Paragraph { text } | BlockFile::Heading { text } => Some(text.as_str()),
            BlockFile::Embed { .. } => None,
        })
        .collect::<Vec<_>>()
        .join("\n");
    let all = triples(&extracted);
    let covered = all.iter().filter(|x| body_triples.contains(x)).count();
    if all.is_empty() || (covered as f64) < STATED_COVER * all.len() as f64 {
        return;
    }
    // Each block's words, once: whether the body holds it, and how long it is.
    let seen: Vec<(bool, usize)> = blocks
        .iter()
        .map(|b| match b {
            BlockFile::Paragraph { text } | BlockFile::Heading { text } => {
                let w = words(text);
                (held(&w), w.len())
            }
            BlockFile::Embed { .. } => (true, 0),
        })
        .collect();
    let Some(first) = blocks
        .iter()
        .zip(&seen)
        .position(|(b, &(held, len))| matches!(b, BlockFile::Paragraph { .. }) && len >= 3 && held)
    else {
        return;
    };
    // Paragraphs first; then, from the end, a heading the body does not hold with nothing
    // left under it (the next block kept is a heading, or there is none) goes too: a shop
    // box's or a teaser box's.
    let mut keep: Vec<bool> = blocks
        .iter()
        .zip(&seen)
        .enumerate()
        .map(|(at, (b, &(held, len)))| match b {
            BlockFile::Paragraph { .. } => at < first || held || len >= LONG_WORDS,
            BlockFile::Heading { .. } | BlockFile::Embed { .. } => true,
        })
        .collect();
    let mut under_it = false;
    for at in (0..blocks.len()).rev() {
        match blocks[at] {
            BlockFile::Heading { .. } => {
                keep[at] = seen[at].0 || under_it;
                under_it = false;
            }
            _ if keep[at] => under_it = true,
            _ => {}
        }
    }
    let mut at = 0;
    blocks.retain(|_| {
        at += 1;
        keep[at - 1]
    });
}

/// The fewest words a stated body has to be taken for the story (fewer is a summary).
const STATED_WORDS: usize = 150;

/// The least share of the extracted text's word triples the stated body holds to be the story.
const STATED_COVER: f64 = 0.6;

/// The least share of a paragraph's word triples the stated body holds for it to stay.
const HELD_WORDS: f64 = 0.5;

/// A paragraph this long stays, held or not.
const LONG_WORDS: usize = 40;

#[cfg(test)]
mod tests {
    use super::*;

    fn paragraphs(texts: &[&str]) -> Vec<BlockFile> {
        texts
            .iter()
            .map(|t| BlockFile::Paragraph {
                text: t.to_string(),
            })
            .collect()
    }

    fn texts(blocks: &[BlockFile]) -> Vec<&str> {
        blocks
            .iter()
            .map(|b| match b {
                BlockFile::Paragraph { text } | BlockFile::Heading { text } => text.as_str(),
                BlockFile::Embed { .. } => "embed",
            })
            .collect()
    }

    /// A story of `n` paragraphs of 30 words each, every one different.
    fn story(n: usize) -> Vec<String> {
        (0..n)
            .map(|i| {
                (0..30)
                    .map(|w| format!("w{i}x{w}"))
                    .collect::<Vec<_>>()
                    .join(" ")
                    + "."
            })
            .collect()
    }

    #[test]
    fn the_stated_body_is_read_from_the_page_s_structured_data() {
        let page = |script: &str| {
            Html::parse_document(&format!(
                "<html><head><script type=\"application/ld+json\">{script}</script>\
                 </head><body><p>Text.</p></body></html>"
            ))
        };
        let graph = r#"{"@context":"https://schema.org","@graph":[{"@type":"WebPage"},
            {"@type":"NewsArticle","articleBody":"The ferry ran late again."}]}"#;
        assert_eq!(
            stated_body(&page(graph)).as_deref(),
            Some("The ferry ran late again.")
        );
        let cdata = r#"//<![CDATA[
            {"@type":"Article","articleBody":"<p>The ferry ran <b>late</b> again.</p>"};
            //]]>"#;
        assert_eq!(
            stated_body(&page(cdata)).as_deref(),
            Some("The ferry ran  late  again.")
        );
        assert_eq!(stated_body(&page("{not json")), None);
        // Nested past the parser's bound (128): not read, and no overflow.
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        assert_eq!(stated_body(&page(&deep)), None);
        assert_eq!(stated_body(&page(r#"{"@type":"Article"}"#)), None);
    }

    #[test]
    fn what_the_stated_body_lacks_goes_but_a_standfirst_and_long_paragraphs_stay() {
        let story = story(8);
        let body = story.join("\n");
        let long_extra = (0..45)
            .map(|w| format!("extra{w}"))
            .collect::<Vec<_>>()
            .join(" ");
        let mut blocks = paragraphs(&[
            "A standfirst the stated body leaves out, above the story.",
            &story[0],
            &story[1],
            "Sign up for our newsletter and never miss a story!",
            &story[2],
            "Photo: the ferry at the pier",
            &story[3],
            &long_extra,
            &story[4],
            &story[5],
            &story[6],
            &story[7],
        ]);
        blocks.push(BlockFile::Heading {
            text: "More from the shop".into(),
        });
        blocks.push(BlockFile::Paragraph {
            text: "Rain jacket, 19.90".into(),
        });
        keep_stated(&mut blocks, &body);
        let mut want = vec![
            "A standfirst the stated body leaves out, above the story.",
            &story[0],
            &story[1],
            &story[2],
            &story[3],
            &long_extra,
        ];
        want.extend(story[4..].iter().map(String::as_str));
        assert_eq!(texts(&blocks), want);
    }

    #[test]
    fn a_body_cut_short_or_too_short_changes_nothing() {
        let story = story(12);
        let mut page = paragraphs(&story.iter().map(String::as_str).collect::<Vec<_>>());
        page.insert(3, paragraphs(&["Photo: the ferry at the pier"]).remove(0));
        let before = page.clone();
        // A paywall's first five paragraphs (150 words): not the story the page shows.
        let mut blocks = before.clone();
        keep_stated(&mut blocks, &story[..5].join("\n"));
        assert_eq!(blocks, before);
        // A summary of fewer than 150 words, which would otherwise pass (all but a few of the
        // shown paragraphs in it).
        let mut blocks = before.clone();
        let mut short = before[..5].to_vec();
        let short_before = short.clone();
        keep_stated(&mut short, &story[..4].join("\n"));
        assert_eq!(short, short_before);
        keep_stated(&mut blocks, &story[..4].join("\n"));
        assert_eq!(blocks, before);
        // The whole story: the caption goes.
        let mut blocks = before.clone();
        keep_stated(&mut blocks, &story.join("\n"));
        assert_eq!(blocks.len(), before.len() - 1);
    }
}
