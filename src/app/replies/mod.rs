//! The replies pane: the list of rows (see [`list`]), the pane's geometry, the rows on screen
//! wrapped to it, and the tone strip beside it. The geometry is computed once per resize and
//! read by `update`, by the wheel and the mouse, and by the widget that draws the pane.

mod list;
mod rows;

use std::ops::Range;
use std::rc::Rc;

use ratatui::layout::{Margin, Position, Rect};

pub use list::{ENTRY_HEIGHT, ENTRY_TEXT_LINES, Order, ReplyList, Row};

use super::Outcome;
use super::action::Action;
use super::filter::ToneFilter;
use super::keymap::KeyMap;
use super::wrap::WrapCache;
use crate::model::{Document, PostIdx, ToneKey};

/// Where the parts of the replies pane sit.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReplyGeometry {
    /// The pane, border included.
    pub area: Rect,
    /// The rows.
    pub list: Rect,
    /// The one-column tone strip at the right edge, inside the border; zero-wide when the pane
    /// is too narrow for it.
    pub strip: Rect,
}

impl ReplyGeometry {
    pub fn new(area: Rect) -> Self {
        let inner = area.inner(Margin::new(1, 1));
        // The strip needs a pane wide enough to spare a column.
        if inner.width >= 12 {
            ReplyGeometry {
                area,
                list: Rect {
                    width: inner.width - 1,
                    ..inner
                },
                strip: Rect {
                    x: inner.right() - 1,
                    width: 1,
                    ..inner
                },
            }
        } else {
            ReplyGeometry {
                area,
                list: inner,
                strip: Rect { width: 0, ..inner },
            }
        }
    }

    pub fn list_height(&self) -> usize {
        usize::from(self.list.height)
    }

    /// Depth guides a row can draw before its text gets too narrow; deeper rows show their
    /// depth instead.
    pub fn max_guides(&self) -> usize {
        usize::from(self.list.width) / 3 / 2
    }

    /// Columns left for a row's text after the gutter, its guides and two spaces of indent.
    pub fn text_width(&self, guides: usize) -> usize {
        usize::from(self.list.width)
            .saturating_sub(1 + 2 * guides + 2)
            .max(1)
    }
}

/// Rows looked at per cell of the tone strip, at most.
const STRIP_SAMPLE: usize = 128;

/// The rows of the list that cell `i` of a strip `height` tall stands for, out of `total`.
pub fn strip_slice(i: usize, total: usize, height: usize) -> Range<usize> {
    if total == 0 || height == 0 {
        return 0..0;
    }
    let a = (i * total / height).min(total - 1);
    let b = ((i + 1) * total / height).clamp(a + 1, total);
    a..b
}

/// One row on screen: which post, where it is in the list, and its first lines, wrapped.
#[derive(Debug, Clone)]
pub struct VisibleRow {
    pub post: PostIdx,
    pub position: usize,
    pub context: bool,
    /// Depth guides to draw (the post's depth, capped to what the pane can show).
    pub guides: usize,
    pub lines: Rc<[String]>,
    /// Screen lines the row takes.
    pub height: usize,
}

#[derive(Debug, Default)]
pub struct ReplyView {
    geometry: ReplyGeometry,
    list: ReplyList,
    visible: Vec<VisibleRow>,
    /// The most common tone of each strip cell's slice of the list.
    strip: Vec<Option<ToneKey>>,
    /// (list generation, strip height) the strip was counted for.
    strip_key: (u64, usize),
    /// Bumped whenever the rows are rebuilt, so the strip knows when to recount.
    generation: u64,
    wrap: WrapCache,
}

impl ReplyView {
    pub fn new(doc: &Document, filter: &ToneFilter) -> Self {
        ReplyView {
            list: ReplyList::new(doc, filter),
            strip_key: (u64::MAX, 0),
            ..Default::default()
        }
    }

    pub fn resize(&mut self, area: Rect) {
        self.geometry = ReplyGeometry::new(area);
        let h = self.geometry.list_height();
        self.list.scroll_to_selected(h);
    }

    pub fn geometry(&self) -> &ReplyGeometry {
        &self.geometry
    }

    pub fn list(&self) -> &ReplyList {
        &self.list
    }

    pub fn visible(&self) -> &[VisibleRow] {
        &self.visible
    }

    pub fn strip(&self) -> &[Option<ToneKey>] {
        &self.strip
    }

    pub fn selected_post(&self) -> Option<PostIdx> {
        self.list.selected_post()
    }

    pub fn order(&self) -> Order {
        self.list.order
    }

    pub fn is_folded(&self, post: PostIdx) -> bool {
        self.list.folded[post as usize]
    }

    pub fn is_listed(&self, post: PostIdx) -> bool {
        self.list.position_of(post).is_some()
    }

    pub fn rank_of(&self, post: PostIdx) -> u32 {
        self.list.rank_of(post)
    }

    fn height(&self) -> usize {
        self.geometry.list_height()
    }

    /// Moving and scrolling keys while the replies have focus.
    pub fn update(&mut self, action: &Action) -> Outcome {
        let h = self.height();
        match action {
            Action::MoveDown => self.list.move_by(1, h),
            Action::MoveUp => self.list.move_by(-1, h),
            Action::Top => self.list.move_by(isize::MIN, h),
            Action::Bottom => self.list.move_by(isize::MAX, h),
            Action::ScrollPageDown
            | Action::ScrollPageUp
            | Action::HalfPageDown
            | Action::HalfPageUp => {
                let dir = match action {
                    Action::ScrollPageDown | Action::HalfPageDown => 1,
                    _ => -1,
                };
                let mut page = self.list.page_rows(h).max(1) as isize;
                if matches!(action, Action::HalfPageDown | Action::HalfPageUp) {
                    page = (page / 2).max(1);
                }
                self.list.scroll_by(dir * page, h);
                self.list.move_by(dir * page, h);
            }
            _ => return Outcome::Ignored,
        }
        Outcome::Done
    }

    /// The wheel over the pane: scrolls without moving the selection.
    pub fn scroll_by(&mut self, lines: isize) {
        let h = self.height();
        self.list.scroll_by(lines, h);
    }

    /// A click at `at`: selects the row there, or the place in the list a strip cell stands for.
    pub fn click(&mut self, at: Position) {
        let h = self.height();
        let g = self.geometry;
        if g.strip.contains(at) && !self.list.rows.is_empty() {
            let cell = usize::from(at.y - g.strip.y);
            let slice = strip_slice(cell, self.list.rows.len(), usize::from(g.strip.height));
            self.list.select(slice.start, h);
        } else if g.list.contains(at)
            && let Some(pos) = self.list.row_at_line(usize::from(at.y - g.list.y))
        {
            self.list.select(pos, h);
        }
    }

    /// Selects a post when it is listed. False when it is not.
    pub fn select_post(&mut self, post: PostIdx) -> bool {
        match self.list.position_of(post) {
            Some(pos) => {
                let h = self.height();
                self.list.select(pos, h);
                true
            }
            None => false,
        }
    }

    /// Rebuilds the rows after the filter or a fold changed, keeping the selection in view.
    pub fn rebuild(&mut self, doc: &Document, filter: &ToneFilter) {
        let keep = self.list.selected_post();
        self.list.rebuild(doc, filter, keep);
        self.generation += 1;
        let h = self.height();
        self.list.scroll_to_selected(h);
    }

    /// Rebuilds the rows after tones changed (computed or corrected) without moving the view.
    pub fn rebuild_in_place(&mut self, doc: &Document, filter: &ToneFilter) {
        let h = self.height();
        self.list.rebuild_in_place(doc, filter, h);
        self.generation += 1;
    }

    /// Takes in a document that grew (the same posts at the same places, and more), without
    /// moving the view.
    pub fn regrow(&mut self, doc: &Document, filter: &ToneFilter) {
        let h = self.height();
        self.list.regrow(doc, filter, h);
        self.generation += 1;
    }

    /// Takes in a document fetched again, whose posts were renumbered as `remap` says (see
    /// [`ReplyList::renumber`]), without moving the view.
    pub fn renumber(&mut self, doc: &Document, filter: &ToneFilter, remap: &[Option<PostIdx>]) {
        let h = self.height();
        self.list.renumber(doc, filter, h, Some(remap));
        self.generation += 1;
        // Post numbers and texts changed: nothing wrapped before still applies.
        self.wrap = WrapCache::default();
    }

    /// Switches to the next order, keeping the selected post. Returns the new order.
    pub fn cycle_order(&mut self, doc: &Document, filter: &ToneFilter) -> Order {
        let keep = self.list.selected_post();
        let order = self.list.order.next();
        self.list.set_order(doc, order);
        self.list.rebuild(doc, filter, keep);
        self.generation += 1;
        let h = self.height();
        self.list.scroll_to_selected(h);
        order
    }

    /// Switches between context rows and matches only. True when context rows are now on.
    pub fn toggle_context(&mut self, doc: &Document, filter: &ToneFilter) -> bool {
        self.list.context_mode = !self.list.context_mode;
        self.rebuild(doc, filter);
        self.list.context_mode
    }

    // ---- the reply tree -------------------------------------------------------------------

    /// Folding and moving to replies need the tree; in time order, say so.
    fn thread_order_needed(&self, keys: &KeyMap) -> Result<(), Outcome> {
        if self.list.order == Order::Thread {
            Ok(())
        } else {
            Err(Outcome::Say(format!(
                "folds and replies work in thread order ({})",
                keys.label_for(&Action::CycleOrder)
            )))
        }
    }

    pub fn go_parent(&mut self, doc: &Document, keys: &KeyMap) -> Outcome {
        let Some(post) = self.list.selected_post() else {
            return Outcome::Ignored;
        };
        match doc.post(post).parent {
            Some(parent) if self.select_post(parent) => Outcome::Done,
            Some(_) => Outcome::Say(format!(
                "its parent is hidden by the tone filter ({} shows context)",
                keys.label_for(&Action::ToggleContext)
            )),
            None => Outcome::Say("this post starts a thread".into()),
        }
    }

    pub fn go_first_reply(
        &mut self,
        doc: &Document,
        filter: &ToneFilter,
        keys: &KeyMap,
    ) -> Outcome {
        let Some(post) = self.list.selected_post() else {
            return Outcome::Ignored;
        };
        if let Err(say) = self.thread_order_needed(keys) {
            return say;
        }
        let children = doc.thread.children(post);
        if children.is_empty() {
            return Outcome::Say("no replies to this post".into());
        }
        if self.list.folded[post as usize] {
            self.list.folded[post as usize] = false;
            self.rebuild(doc, filter);
        }
        match children.iter().find(|&&c| self.is_listed(c)) {
            Some(&c) => {
                self.select_post(c);
                Outcome::Done
            }
            None => Outcome::Say("every reply to this post is hidden by the tone filter".into()),
        }
    }

    pub fn go_sibling(&mut self, doc: &Document, forward: bool) -> Outcome {
        let Some(post) = self.list.selected_post() else {
            return Outcome::Ignored;
        };
        let siblings = match doc.post(post).parent {
            Some(parent) => doc.thread.children(parent),
            None => &doc.thread.roots,
        };
        let Some(at) = siblings.iter().position(|&s| s == post) else {
            return Outcome::Ignored;
        };
        let found = if forward {
            siblings[at + 1..].iter().find(|&&s| self.is_listed(s))
        } else {
            siblings[..at].iter().rev().find(|&&s| self.is_listed(s))
        };
        match found {
            Some(&s) => {
                self.select_post(s);
                Outcome::Done
            }
            None => Outcome::Say(format!(
                "no {} sibling shown",
                if forward { "next" } else { "previous" }
            )),
        }
    }

    pub fn toggle_fold(&mut self, doc: &Document, filter: &ToneFilter, keys: &KeyMap) -> Outcome {
        let Some(post) = self.list.selected_post() else {
            return Outcome::Ignored;
        };
        if let Err(say) = self.thread_order_needed(keys) {
            return say;
        }
        if doc.thread.descendants(post) == 0 {
            return Outcome::Say("no replies to fold".into());
        }
        let folded = &mut self.list.folded[post as usize];
        *folded = !*folded;
        self.rebuild(doc, filter);
        self.select_post(post);
        Outcome::Done
    }

    pub fn fold_all(
        &mut self,
        doc: &Document,
        filter: &ToneFilter,
        keys: &KeyMap,
        fold: bool,
    ) -> Outcome {
        if let Err(say) = self.thread_order_needed(keys) {
            return say;
        }
        let keep = self.list.selected_post();
        for (i, f) in self.list.folded.iter_mut().enumerate() {
            *f = fold && !doc.thread.children(i as PostIdx).is_empty();
        }
        self.rebuild(doc, filter);
        // Folding everything keeps the selection on the thread it was in.
        if let Some(mut p) = keep {
            if fold {
                while let Some(parent) = doc.post(p).parent {
                    p = parent;
                }
            }
            self.select_post(p);
        }
        Outcome::Done
    }

    /// Unfolds every ancestor of `post` so it is listed (in thread order).
    pub fn reveal(&mut self, doc: &Document, filter: &ToneFilter, post: PostIdx) {
        let mut changed = false;
        let mut p = doc.post(post).parent;
        while let Some(a) = p {
            if self.list.folded[a as usize] {
                self.list.folded[a as usize] = false;
                changed = true;
            }
            p = doc.post(a).parent;
        }
        if changed {
            self.rebuild(doc, filter);
        }
    }

    // ---- what the widget reads ------------------------------------------------------------

    /// Wraps the rows now on screen (and only those), and recounts the strip when the list or
    /// its height changed.
    pub fn refresh(&mut self, doc: &Document) {
        let g = self.geometry;
        let h = g.list_height();
        let max_guides = g.max_guides();
        let thread_order = self.list.order == Order::Thread;
        self.visible.clear();
        let mut used = 0;
        for (position, row) in (self.list.top..).zip(self.list.rows.iter_from(self.list.top)) {
            if used >= h {
                break;
            }
            used += row.height();
            let depth = if thread_order {
                doc.post(row.post).depth as usize
            } else {
                0
            };
            let guides = depth.min(max_guides);
            let lines = if row.context {
                Rc::from(Vec::new())
            } else {
                self.wrap
                    .get(doc, row.post, g.text_width(guides), ENTRY_TEXT_LINES)
            };
            self.visible.push(VisibleRow {
                post: row.post,
                position,
                context: row.context,
                guides,
                lines,
                height: row.height(),
            });
        }
        let strip_height = usize::from(g.strip.height);
        if self.strip_key != (self.generation, strip_height) {
            self.strip_key = (self.generation, strip_height);
            self.strip = self.count_strip(doc, strip_height);
        }
    }

    /// The most common tone in each of `height` slices of the list. A slice of more than
    /// [`STRIP_SAMPLE`] rows is judged by that many rows spread evenly over it: a cell is one
    /// character, and counting every row of a million-row list would take longer than a frame.
    fn count_strip(&self, doc: &Document, height: usize) -> Vec<Option<ToneKey>> {
        let rows = &self.list.rows;
        if height == 0 || rows.is_empty() {
            return Vec::new();
        }
        // One counter per tone, and the last for untagged.
        let untagged = doc.tones.names.len();
        let mut counts = vec![0usize; untagged + 1];
        (0..height)
            .map(|cell| {
                counts.iter_mut().for_each(|c| *c = 0);
                let slice = strip_slice(cell, rows.len(), height);
                let step = slice.len().div_ceil(STRIP_SAMPLE);
                let sample = slice.step_by(step).filter_map(|i| rows.get(i));
                for row in sample.filter(|r| !r.context) {
                    let i = match doc.tone_key(row.post) {
                        ToneKey::Tone(t) => (t as usize).min(untagged),
                        ToneKey::Untagged => untagged,
                    };
                    counts[i] += 1;
                }
                // The most common; ties go to the tone first in the legend order.
                let (best, n) = counts
                    .iter()
                    .enumerate()
                    .max_by_key(|&(i, n)| (*n, usize::MAX - i))?;
                (*n > 0).then_some(if best == untagged {
                    ToneKey::Untagged
                } else {
                    ToneKey::Tone(best as u32)
                })
            })
            .collect()
    }
}
