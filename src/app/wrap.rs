//! Text wrapped to a width, for the panes that show posts: one place that knows how a post's
//! text breaks into lines, including the description marker that leads a described post.

use std::collections::HashMap;
use std::rc::Rc;

use unicode_width::UnicodeWidthStr;

use crate::model::{Document, PostIdx};

/// Marks text that is the article's description of a post, not the post's own words. The panes
/// draw it before the first line of a described post; wrapping leaves room for it.
pub const DESCRIPTION_MARKER: &str = "(described) ";

/// Wraps `text` to `width` columns, honouring the text's own line breaks. Tabs become spaces here
/// because a tab cell would move the terminal cursor by an unknown amount.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    wrap_indented(text, width, "")
}

fn wrap_indented(text: &str, width: usize, first_indent: &str) -> Vec<String> {
    let width = width.max(1);
    let expanded;
    let text = if text.contains('\t') {
        expanded = text.replace('\t', "    ");
        expanded.as_str()
    } else {
        text
    };
    let options = textwrap::Options::new(width).initial_indent(first_indent);
    let mut lines: Vec<String> = textwrap::wrap(text, options)
        .into_iter()
        .map(|c| c.into_owned())
        .collect();
    if let Some(first) = lines.first_mut()
        && !first_indent.is_empty()
    {
        *first = first
            .strip_prefix(first_indent)
            .unwrap_or(first.trim_start())
            .to_string();
    }
    lines
}

/// A post's text wrapped to `width`. The first line of a described post leaves room for
/// [`DESCRIPTION_MARKER`], which is not part of the lines: the pane draws it, in its own style.
pub fn wrap_post(doc: &Document, post: PostIdx, width: usize) -> Vec<String> {
    let p = doc.post(post);
    if p.text_is_description && width > DESCRIPTION_MARKER.width() {
        wrap_indented(p.text, width, DESCRIPTION_MARKER)
    } else {
        wrap(p.text, width)
    }
}

/// The first `max` lines of a wrapped text, marking a cut with "…" within the width.
pub fn first_lines(mut lines: Vec<String>, width: usize, max: usize) -> Vec<String> {
    if lines.len() > max {
        lines.truncate(max);
        if let Some(last) = lines.last_mut() {
            while !last.is_empty() && last.as_str().width() + 1 > width {
                last.pop();
            }
            last.push('…');
        }
    }
    lines
}

/// Wrapped text per (post, width, most lines), so a frame wraps only posts it has not shown
/// before.
#[derive(Debug, Default)]
pub struct WrapCache {
    lines: HashMap<(PostIdx, usize, usize), Rc<[String]>>,
}

/// Entries kept before the cache starts over: a few screens' worth, however long the thread.
const WRAP_CACHE_LIMIT: usize = 4096;

impl WrapCache {
    /// The post's text wrapped to `width`, at most `max_lines` lines (the last one ending in "…"
    /// when text was cut), from the cache when it is there.
    pub fn get(
        &mut self,
        doc: &Document,
        post: PostIdx,
        width: usize,
        max_lines: usize,
    ) -> Rc<[String]> {
        if self.lines.len() >= WRAP_CACHE_LIMIT {
            self.lines.clear();
        }
        self.lines
            .entry((post, width, max_lines))
            .or_insert_with(|| first_lines(wrap_post(doc, post, width), width, max_lines).into())
            .clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::build_document;
    use crate::load::bundle::{BundleFile, PostFile};

    fn described(text: &str) -> Document {
        build_document(BundleFile {
            format: Some("chorus/1".into()),
            posts: vec![PostFile {
                id: "p".into(),
                text: text.into(),
                text_is_description: true,
                ..Default::default()
            }],
            ..Default::default()
        })
    }

    #[test]
    fn a_described_posts_first_line_leaves_room_for_the_marker() {
        let doc = described("Shared her similar experience of missing a first step.");
        let lines = wrap_post(&doc, 0, 24);
        assert_eq!(lines[0], "Shared her");
        let marker = DESCRIPTION_MARKER.width();
        assert!(marker + lines[0].width() <= 24);
        assert!(lines[1..].iter().all(|l| l.width() <= 24));
        // Every word is kept, in order.
        assert_eq!(
            lines.join(" "),
            "Shared her similar experience of missing a first step."
        );
    }

    #[test]
    fn a_cut_ends_in_an_ellipsis_within_the_width() {
        let lines = first_lines(wrap("one two three four five six", 9), 9, 2);
        assert_eq!(lines, ["one two", "three…"]);
        assert!(lines.iter().all(|l| l.width() <= 9));
    }
}
