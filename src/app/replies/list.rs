//! The reply list: an index list of rows over the flat posts (in thread order, with
//! folded subtrees skipped and hidden ancestors kept as context rows, or sorted by time), the
//! selection and the scroll. Rebuilt only when the filter, the order or a fold changes.

use crate::app::filter::ToneFilter;
use crate::model::{Document, PostIdx, ToneIdx, ToneKey};

/// Rows one full entry takes: a header (tone, author, date) and the first two lines of its text.
pub const ENTRY_HEIGHT: u16 = 3;
/// Text lines shown per entry.
pub const ENTRY_TEXT_LINES: usize = (ENTRY_HEIGHT - 1) as usize;

/// One row of the replies list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Row {
    pub post: PostIdx,
    /// A post the tone filter hides, kept as a dim one-line row because a shown reply answers
    /// it: nobody reads a reply without knowing what it answers.
    pub context: bool,
}

impl Row {
    pub fn height(self) -> usize {
        if self.context {
            1
        } else {
            usize::from(ENTRY_HEIGHT)
        }
    }
}

/// The order replies are listed in (`s` cycles through them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Order {
    /// Each post followed by its replies, as a tree.
    #[default]
    Thread,
    OldestFirst,
    NewestFirst,
}

impl Order {
    pub fn next(self) -> Self {
        match self {
            Order::Thread => Order::OldestFirst,
            Order::OldestFirst => Order::NewestFirst,
            Order::NewestFirst => Order::Thread,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Order::Thread => "thread order",
            Order::OldestFirst => "oldest first",
            Order::NewestFirst => "newest first",
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct ReplyList {
    /// The rows shown, in the current order.
    pub rows: Vec<Row>,
    /// Position in `rows` of the selected row (meaningless when `rows` is empty).
    pub selected: usize,
    /// Position in `rows` of the first row on screen.
    pub top: usize,
    pub order: Order,
    /// Folded posts, by post index: their replies are not listed.
    pub folded: Vec<bool>,
    /// Show hidden ancestors of shown replies as context rows ("c" switches to matches only).
    pub context_mode: bool,
    /// Each post's place in the current order; `rows` is sorted by it.
    rank: Vec<u32>,
}

impl ReplyList {
    pub fn new(doc: &Document, filter: &ToneFilter) -> Self {
        let mut list = ReplyList {
            folded: vec![false; doc.len()],
            context_mode: true,
            rank: doc.thread.position.clone(),
            ..Default::default()
        };
        list.rebuild(doc, filter, None);
        list
    }

    /// Rebuilds the rows, keeping `keep` selected when it is still listed, or else the row
    /// that follows where it was.
    pub fn rebuild(&mut self, doc: &Document, filter: &ToneFilter, keep: Option<PostIdx>) {
        self.rows.clear();
        // Asked once: it looks at every tone, and a file may name tens of thousands.
        let any_hidden = filter.any_hidden();
        let shown = |p: PostIdx| !any_hidden || !filter.hides(doc, p);
        match self.order {
            Order::Thread => self.list_thread(doc, filter, any_hidden),
            Order::OldestFirst | Order::NewestFirst => {
                let by_time = doc.time_order();
                let iter: Box<dyn Iterator<Item = &PostIdx>> = if self.order == Order::OldestFirst {
                    Box::new(by_time.iter())
                } else {
                    Box::new(by_time.iter().rev())
                };
                self.rows.extend(iter.filter(|&&p| shown(p)).map(|&p| Row {
                    post: p,
                    context: false,
                }));
            }
        }
        self.selected = match keep {
            Some(p) => {
                let r = self.rank[p as usize];
                self.rows
                    .partition_point(|row| self.rank[row.post as usize] < r)
            }
            None => 0,
        }
        .min(self.rows.len().saturating_sub(1));
    }

    /// The rows in thread order. Everything it reads per post is kept in thread order (the
    /// posts, their tones, their subtree sizes), so it runs down memory in order: at a million
    /// posts, a filter change costs a few milliseconds instead of a hundred.
    fn list_thread(&mut self, doc: &Document, filter: &ToneFilter, any_hidden: bool) {
        let tones = doc.tones_in_thread_order();
        // Hidden or not, by tone, and the last for untagged (NO_TONE, clamped to it).
        let untagged = doc.tones.names.len();
        let hidden: Vec<bool> = (0..=untagged)
            .map(|i| match i {
                i if i == untagged => filter.is_hidden(ToneKey::Untagged),
                i => filter.is_hidden(ToneKey::Tone(i as ToneIdx)),
            })
            .collect();
        // One walk each, with and without a filter expression, so the common case pays
        // nothing for it.
        match filter.posts().map(|m| m.by_place.clone()) {
            Some(mask) => self.walk(doc, any_hidden, |k: usize| {
                !any_hidden || (!hidden[(tones[k] as usize).min(untagged)] & mask[k])
            }),
            None => self.walk(doc, any_hidden, |k: usize| {
                !any_hidden || !hidden[(tones[k] as usize).min(untagged)]
            }),
        }
    }

    /// Lists the posts `shown_at` (by thread place) lets through, with context rows and folds.
    fn walk(&mut self, doc: &Document, any_hidden: bool, shown_at: impl Fn(usize) -> bool + Copy) {
        let order = &doc.thread.preorder;
        let sizes = &doc.thread.size_at;
        // A hidden post is kept as context when a shown one lies in its subtree.
        let next_shown =
            (any_hidden && self.context_mode).then(|| next_shown(order.len(), shown_at));
        let folded_at = self.folded_by_place(doc);
        // One loop per case, and each without a branch that depends on the posts (shown or
        // not is a coin toss the processor cannot predict): every post is written to the next
        // free row, and the row is kept by moving past it or not.
        let rows = &mut self.rows;
        rows.clear();
        rows.resize(
            order.len(),
            Row {
                post: 0,
                context: false,
            },
        );
        let mut len = 0;
        let mut k = 0;
        match &next_shown {
            Some(next) => {
                while k < order.len() {
                    let shown = shown_at(k);
                    let keep = shown | ((next[k] as usize) < k + sizes[k] as usize);
                    rows[len] = Row {
                        post: order[k],
                        context: !shown,
                    };
                    len += usize::from(keep);
                    // Past the subtree when the post is folded, or hidden with nothing shown
                    // below it; else to the next post.
                    k += if !keep | folded_at[k] {
                        sizes[k] as usize
                    } else {
                        1
                    };
                }
            }
            None => {
                while k < order.len() {
                    let keep = shown_at(k);
                    rows[len] = Row {
                        post: order[k],
                        context: false,
                    };
                    len += usize::from(keep);
                    k += if keep & folded_at[k] {
                        sizes[k] as usize
                    } else {
                        1
                    };
                }
            }
        }
        rows.truncate(len);
    }

    /// The folds by place in the thread, so the walk reads nothing out of order. In blocks, as
    /// folds are few: a block with none is skipped after one (vectorized) look.
    fn folded_by_place(&self, doc: &Document) -> Vec<bool> {
        const BLOCK: usize = 64;
        let mut folded_at = vec![false; self.folded.len()];
        for (b, block) in self.folded.chunks(BLOCK).enumerate() {
            if block.iter().fold(false, |any, &f| any | f) {
                for (i, _) in block.iter().enumerate().filter(|(_, f)| **f) {
                    folded_at[doc.thread.position[b * BLOCK + i] as usize] = true;
                }
            }
        }
        folded_at
    }

    /// Rebuilds the rows after tones changed under them, leaving the view where the reader put
    /// it: the row at the top stays at the top (or the one that follows it, when it went), and
    /// the selection stays on its post (or the one that follows) without being scrolled to.
    pub fn rebuild_in_place(&mut self, doc: &Document, filter: &ToneFilter, height: usize) {
        let top_rank = self.rows.get(self.top).map(|r| self.rank[r.post as usize]);
        let keep = self.selected_post();
        self.rebuild(doc, filter, keep);
        self.top = match top_rank {
            Some(r) => self
                .rows
                .partition_point(|row| self.rank[row.post as usize] < r),
            None => 0,
        };
        self.clamp_top(height);
    }

    /// Takes in a document that grew: new posts are listed where they belong, folds stay, and
    /// the row at the top and the selection stay on their posts.
    pub fn regrow(&mut self, doc: &Document, filter: &ToneFilter, height: usize) {
        self.renumber(doc, filter, height, None);
    }

    /// Takes in a document whose posts were renumbered (a link fetched again): `remap` gives
    /// each old post's new index, or `None` for one that went. Folds, the row at the top and
    /// the selection follow their posts; where the selected or top post went, the view stays
    /// at the nearest post before it that is still there.
    pub fn renumber(
        &mut self,
        doc: &Document,
        filter: &ToneFilter,
        height: usize,
        remap: Option<&[Option<PostIdx>]>,
    ) {
        // The post at row `at`, or else the nearest listed one before it that is still there.
        let follow = |at: usize| -> Option<PostIdx> {
            let row = self.rows.get(at)?;
            let Some(remap) = remap else {
                return Some(row.post);
            };
            self.rows[..=at]
                .iter()
                .rev()
                .find_map(|r| remap.get(r.post as usize).copied().flatten())
        };
        let top_post = follow(self.top);
        let keep = follow(self.selected);
        if let Some(remap) = remap {
            let mut folded = vec![false; doc.len()];
            for (old, new) in remap.iter().enumerate() {
                if let Some(new) = new
                    && self.folded.get(old).copied().unwrap_or(false)
                {
                    folded[*new as usize] = true;
                }
            }
            self.folded = folded;
        }
        self.folded.resize(doc.len(), false);
        self.set_order(doc, self.order);
        self.rebuild(doc, filter, keep);
        self.top = match top_post {
            Some(p) => {
                let r = self.rank[p as usize];
                self.rows
                    .partition_point(|row| self.rank[row.post as usize] < r)
            }
            None => 0,
        };
        self.clamp_top(height);
    }

    /// Switches the order and recomputes each post's rank in it.
    pub fn set_order(&mut self, doc: &Document, order: Order) {
        self.order = order;
        self.rank = match order {
            Order::Thread => doc.thread.position.clone(),
            Order::OldestFirst | Order::NewestFirst => {
                let by_time = doc.time_order();
                let n = by_time.len() as u32;
                let mut rank = vec![0u32; by_time.len()];
                for (i, &p) in by_time.iter().enumerate() {
                    rank[p as usize] = if order == Order::OldestFirst {
                        i as u32
                    } else {
                        n - 1 - i as u32
                    };
                }
                rank
            }
        };
    }

    /// A post's place in the current order.
    pub fn rank_of(&self, post: PostIdx) -> u32 {
        self.rank[post as usize]
    }

    pub fn selected_post(&self) -> Option<PostIdx> {
        self.rows.get(self.selected).map(|r| r.post)
    }

    pub fn selected_row(&self) -> Option<Row> {
        self.rows.get(self.selected).copied()
    }

    /// Where a post is listed, if it is.
    pub fn position_of(&self, post: PostIdx) -> Option<usize> {
        let r = self.rank[post as usize];
        let i = self
            .rows
            .partition_point(|row| self.rank[row.post as usize] < r);
        (self.rows.get(i).map(|row| row.post) == Some(post)).then_some(i)
    }

    /// Moves the selection by `delta` rows, clamped, and scrolls it into a pane `height` tall.
    pub fn move_by(&mut self, delta: isize, height: usize) {
        if self.rows.is_empty() {
            return;
        }
        let last = self.rows.len() - 1;
        self.selected = self.selected.saturating_add_signed(delta).min(last);
        self.scroll_to_selected(height);
    }

    pub fn select(&mut self, pos: usize, height: usize) {
        self.selected = pos.min(self.rows.len().saturating_sub(1));
        self.scroll_to_selected(height);
    }

    /// Keeps the selected row on screen, moving the view as little as possible.
    pub fn scroll_to_selected(&mut self, height: usize) {
        if self.rows.is_empty() {
            self.top = 0;
            return;
        }
        if self.selected < self.top {
            self.top = self.selected;
        } else if !self.fits(self.top, self.selected, height) {
            // The earliest top from which the selected row still fits.
            let mut t = self.selected;
            let mut used = self.rows[t].height();
            while t > 0 && used + self.rows[t - 1].height() <= height {
                t -= 1;
                used += self.rows[t].height();
            }
            self.top = t;
        }
        self.clamp_top(height);
    }

    /// Whether rows `from..=to` fit in `height` lines.
    fn fits(&self, from: usize, to: usize, height: usize) -> bool {
        // Every row takes a line at least, so a long span cannot fit: no need to add it up.
        to - from < height
            && self.rows[from..=to]
                .iter()
                .map(|r| r.height())
                .sum::<usize>()
                <= height
    }

    /// Rows that fit on screen from the top row.
    pub fn page_rows(&self, height: usize) -> usize {
        let mut used = 0;
        let mut n = 0;
        for row in &self.rows[self.top.min(self.rows.len())..] {
            if used + row.height() > height && n > 0 {
                break;
            }
            used += row.height();
            n += 1;
        }
        n
    }

    /// The row drawn at line `y` of the pane, if any.
    pub fn row_at_line(&self, y: usize) -> Option<usize> {
        let mut line = 0;
        for (i, row) in self.rows.iter().enumerate().skip(self.top) {
            if y < line + row.height() {
                return Some(i);
            }
            line += row.height();
        }
        None
    }

    /// Scrolls the view without moving the selection (the mouse wheel).
    pub fn scroll_by(&mut self, delta: isize, height: usize) {
        self.top = self.top.saturating_add_signed(delta);
        self.clamp_top(height);
    }

    /// The top row from which the last rows fill the pane.
    fn clamp_top(&mut self, height: usize) {
        let mut t = self.rows.len();
        let mut used = 0;
        while t > 0 && used + self.rows[t - 1].height() <= height.max(1) {
            t -= 1;
            used += self.rows[t].height();
        }
        let max_top = t.min(self.rows.len().saturating_sub(1));
        self.top = self.top.min(max_top);
    }
}

/// For each of `len` places, the first place at or after it whose post is shown (`len` when
/// none is).
fn next_shown(len: usize, shown_at: impl Fn(usize) -> bool) -> Vec<u32> {
    let mut next = vec![0u32; len];
    let mut after = len as u32;
    for k in (0..len).rev() {
        if shown_at(k) {
            after = k as u32;
        }
        next[k] = after;
    }
    next
}
