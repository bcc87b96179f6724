//! The story's standfirst, which sits above the story (often in its `<header>`) where an
//! extractor that looks for the body does not look.

use super::*;

/// The story's standfirst, when the extractor left it out: the paragraph of the page, before
/// the story's first, that begins with the page's description (its first [`LEAD_WORDS`]
/// words, perhaps after a kicker of [`KICKER_BYTES`]), at most [`LEAD_BYTES`] long. A
/// standfirst sits above the story, often in the story's `<header>`, where an extractor that
/// looks for the body does not look.
pub(super) fn standfirst(doc: &Html, description: &str, story: &[BlockFile]) -> Option<String> {
    let key: Vec<&str> = description.split_whitespace().take(LEAD_WORDS).collect();
    // A description of a few words is a tagline, not a standfirst.
    if key.len() < LEAD_WORDS {
        return None;
    }
    let key = key.join(" ").to_lowercase();
    let story: Vec<String> = story
        .iter()
        .filter_map(|b| match b {
            BlockFile::Paragraph { text } | BlockFile::Heading { text } => Some(squash(text)),
            BlockFile::Embed { .. } => None,
        })
        .collect();
    if story.iter().any(|t| t.contains(&key)) {
        return None;
    }
    let body = doc.select(&selector("body")).next()?;
    let page = PageText::of(body);
    let at = page.text.find(&key)?;
    // Before the story: where the story's first paragraph begins, if the page shows it (a
    // shorter block, such as a kicker or a place name, may be found in the navigation too).
    let first = story.iter().find(|t| t.chars().count() >= LEAD_STORY_CHARS);
    let story_at = first
        .map(|f| f.chars().take(LEAD_STORY_CHARS).collect::<String>())
        .and_then(|f| page.text.find(&f))
        .unwrap_or(page.text.len());
    if at >= story_at {
        return None;
    }
    let node = page.node_at(at);
    let block = doc
        .tree
        .get(node)?
        .ancestors()
        .filter_map(ElementRef::wrap)
        .find(|e| is_text_block(e.value().name()))?;
    let mut out = TextBuilder::default();
    node_text(*block, &mut out, false);
    let text = out
        .finish()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    // The description may follow a kicker ("WHERE THEY MEET The signs are good...").
    let begins = text
        .to_lowercase()
        .find(&key)
        .is_some_and(|i| i <= KICKER_BYTES);
    (begins && text.len() <= LEAD_BYTES).then_some(text)
}

/// How much of the story's first block is looked for in the page, to know where it begins.
const LEAD_STORY_CHARS: usize = 40;

/// Elements that hold a paragraph's worth of text (not a header or a section, which hold the
/// headline and the story too).
fn is_text_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "div" | "h2" | "h3" | "h4" | "h5" | "h6" | "li" | "blockquote" | "td"
    )
}

/// The text a reader sees in a page, lower-cased with its white space squeezed, and where each
/// text node begins in it: navigation, asides, footers, forms and hidden elements left out,
/// a header kept.
struct PageText {
    text: String,
    starts: Vec<(usize, NodeId)>,
}

impl PageText {
    fn of(root: ElementRef) -> PageText {
        let mut page = PageText {
            text: String::new(),
            starts: Vec::new(),
        };
        let mut stack = vec![*root];
        while let Some(node) = stack.pop() {
            match node.value() {
                Node::Text(t) => {
                    let t = squash(t);
                    if t.is_empty() {
                        continue;
                    }
                    if !page.text.is_empty() {
                        page.text.push(' ');
                    }
                    page.starts.push((page.text.len(), node.id()));
                    page.text.push_str(&t);
                }
                Node::Element(e) => {
                    let name = e.name();
                    if is_hidden(name) || (is_page_furniture(name) && name != "header") {
                        continue;
                    }
                    stack.extend(node.children().rev());
                }
                _ => {}
            }
        }
        page
    }

    /// The text node the byte at `at` is in.
    fn node_at(&self, at: usize) -> NodeId {
        let i = self.starts.partition_point(|(start, _)| *start <= at);
        self.starts[i.saturating_sub(1)].1
    }
}

/// The longest kicker before a standfirst's description.
const KICKER_BYTES: usize = 40;

/// How many of a description's words a standfirst begins with.
const LEAD_WORDS: usize = 8;

/// The longest standfirst.
const LEAD_BYTES: usize = 1_000;
