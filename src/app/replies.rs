//! The replies pane's state: an index list over the flat posts, the selection and the scroll.

use std::collections::HashMap;
use std::rc::Rc;

use super::article_layout::{display_text, wrap};
use super::filter::ToneFilter;
use crate::model::{Document, PostIdx};

/// Rows one entry takes: a header (tone, author, date) and the first two lines of its text.
pub const ENTRY_HEIGHT: u16 = 3;
/// Text lines shown per entry.
pub const ENTRY_TEXT_LINES: usize = (ENTRY_HEIGHT - 1) as usize;

#[derive(Debug, Clone, Default)]
pub struct ReplyList {
    /// The posts shown, in thread order. Rebuilt only when the filter changes.
    pub visible: Vec<PostIdx>,
    /// Position in `visible` of the selected entry (meaningless when `visible` is empty).
    pub selected: usize,
    /// Position in `visible` of the first entry on screen.
    pub top: usize,
}

impl ReplyList {
    /// Rebuilds the index list for `filter`, keeping `keep` selected when it is still shown, or
    /// else the next shown post after it.
    pub fn rebuild(&mut self, doc: &Document, filter: &ToneFilter, keep: Option<PostIdx>) {
        self.visible.clear();
        if filter.any_hidden() {
            self.visible.extend(
                (0..doc.posts.len() as PostIdx).filter(|&i| !filter.is_hidden(doc.tone_key(i))),
            );
        } else {
            self.visible.extend(0..doc.posts.len() as PostIdx);
        }
        self.selected = match keep {
            // `visible` is in file order, so a binary search finds the post or its successor.
            Some(p) => self.visible.partition_point(|&v| v < p),
            None => 0,
        }
        .min(self.visible.len().saturating_sub(1));
    }

    pub fn selected_post(&self) -> Option<PostIdx> {
        self.visible.get(self.selected).copied()
    }

    pub fn position_of(&self, post: PostIdx) -> Option<usize> {
        self.visible.binary_search(&post).ok()
    }

    /// Moves the selection by `delta` entries, clamped, and scrolls it into a page of `per_page`.
    pub fn move_by(&mut self, delta: isize, per_page: usize) {
        if self.visible.is_empty() {
            return;
        }
        let last = self.visible.len() - 1;
        self.selected = self.selected.saturating_add_signed(delta).min(last);
        self.scroll_to_selected(per_page);
    }

    pub fn select(&mut self, pos: usize, per_page: usize) {
        self.selected = pos.min(self.visible.len().saturating_sub(1));
        self.scroll_to_selected(per_page);
    }

    /// Keeps the selected entry on screen, moving the view as little as possible.
    pub fn scroll_to_selected(&mut self, per_page: usize) {
        let per_page = per_page.max(1);
        if self.selected < self.top {
            self.top = self.selected;
        } else if self.selected >= self.top + per_page {
            self.top = self.selected + 1 - per_page;
        }
        self.clamp_top(per_page);
    }

    /// Scrolls the view without moving the selection (the mouse wheel).
    pub fn scroll_by(&mut self, delta: isize, per_page: usize) {
        self.top = self.top.saturating_add_signed(delta);
        self.clamp_top(per_page);
    }

    fn clamp_top(&mut self, per_page: usize) {
        let max_top = self.visible.len().saturating_sub(per_page.max(1));
        self.top = self.top.min(max_top);
    }
}

/// Wrapped text per post for one width, so a frame wraps only posts it has not shown before.
#[derive(Debug, Default)]
pub struct WrapCache {
    width: usize,
    lines: HashMap<PostIdx, Rc<[String]>>,
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
        if width != self.width || self.lines.len() >= WRAP_CACHE_LIMIT {
            self.lines.clear();
            self.width = width;
        }
        self.lines
            .entry(post)
            .or_insert_with(|| first_lines(&display_text(doc, post), width, max_lines).into())
            .clone()
    }
}

/// The first `max` wrapped lines of `text`, marking a cut with "…".
pub fn first_lines(text: &str, width: usize, max: usize) -> Vec<String> {
    let mut lines = wrap(text, width);
    if lines.len() > max {
        lines.truncate(max);
        if let Some(last) = lines.last_mut() {
            // Make room for the ellipsis within the width.
            while !last.is_empty()
                && unicode_width::UnicodeWidthStr::width(last.as_str()) + 1 > width
            {
                last.pop();
            }
            last.push('…');
        }
    }
    lines
}
