//! The reply list: which posts are listed (in thread order, with folded subtrees skipped and
//! hidden ancestors kept as context rows, or by time), kept as a set of places in that order
//! (see [`super::rows`]), the selection and the scroll. Worked out again only when the filter,
//! the order or a fold changes.

use super::rows::{PlaceBits, Rows};
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
    pub rows: Rows,
    /// Position in `rows` of the selected row (meaningless when `rows` is empty).
    pub selected: usize,
    /// Position in `rows` of the first row on screen.
    pub top: usize,
    pub order: Order,
    /// Folded posts, by post index: their replies are not listed.
    pub folded: Vec<bool>,
    /// Show hidden ancestors of shown replies as context rows ("c" switches to matches only).
    pub context_mode: bool,
    /// Each post's place in the current order; `rows` is a set of these places.
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

    /// Works out which places are listed, keeping `keep` selected when it is still listed, or
    /// else the row that follows where it was.
    pub fn rebuild(&mut self, doc: &Document, filter: &ToneFilter, keep: Option<PostIdx>) {
        // Asked once: it looks at every tone, and a file may name tens of thousands.
        let any_hidden = filter.any_hidden();
        let n = doc.len();
        self.rows = match self.order {
            Order::Thread => {
                let (listed, context) = self.list_thread(doc, filter, any_hidden);
                Rows::new(doc.thread.preorder.clone(), false, listed, context)
            }
            Order::OldestFirst | Order::NewestFirst => {
                let by_time = doc.time_order_shared().clone();
                let reversed = self.order == Order::NewestFirst;
                let listed = if any_hidden {
                    let mut listed = PlaceBits::none(n);
                    let at = |k: usize| if reversed { n - 1 - k } else { k };
                    for k in 0..n {
                        listed.put(k, !filter.hides(doc, by_time[at(k)]));
                    }
                    listed
                } else {
                    PlaceBits::all(n)
                };
                Rows::new(by_time, reversed, listed, PlaceBits::none(n))
            }
        };
        self.selected = keep
            .map_or(0, |p| self.rows.rows_before(self.rank[p as usize] as usize))
            .min(self.rows.len().saturating_sub(1));
    }

    /// The places listed in thread order, and those listed as context. Everything it reads per
    /// post is kept in thread order (the tones, the subtree sizes), so it runs down memory in
    /// order and writes a bit a post.
    fn list_thread(
        &self,
        doc: &Document,
        filter: &ToneFilter,
        any_hidden: bool,
    ) -> (PlaceBits, PlaceBits) {
        let n = doc.len();
        let mut context = PlaceBits::none(n);
        let mut listed = if any_hidden {
            let tones = doc.tones_in_thread_order();
            // Hidden or not, by tone, and the last for untagged (NO_TONE, clamped to it).
            let untagged = doc.tones.names.len();
            let hidden: Vec<bool> = (0..=untagged)
                .map(|i| match i {
                    i if i == untagged => filter.is_hidden(ToneKey::Untagged),
                    i => filter.is_hidden(ToneKey::Tone(i as ToneIdx)),
                })
                .collect();
            let by_tone = |k: usize| !hidden[(tones[k] as usize).min(untagged)];
            // One pass each, with and without a filter expression, so the common case pays
            // nothing for it.
            match filter.posts().map(|m| &m.by_place) {
                Some(mask) => self.shown_places(doc, |k| by_tone(k) & mask[k], &mut context),
                None => self.shown_places(doc, by_tone, &mut context),
            }
        } else {
            PlaceBits::all(n)
        };
        self.cut_folds(doc, &mut listed);
        (listed, context)
    }

    /// The places `shown_at` lets through and, with context rows on, the hidden ones a shown
    /// place lies below (put in `context` too). With context rows off, a hidden post's replies
    /// are still looked at on their own.
    fn shown_places(
        &self,
        doc: &Document,
        shown_at: impl Fn(usize) -> bool,
        context: &mut PlaceBits,
    ) -> PlaceBits {
        let n = doc.len();
        let mut listed = PlaceBits::none(n);
        // A word of 64 places at a time, its bits gathered in registers and stored once.
        let words = listed.words_mut();
        if self.context_mode {
            // Backwards, carrying the nearest shown place after this one: the subtree at `k`
            // is `k..k + size`, so a shown post lies in it when that place falls inside. No
            // branch on the posts (shown or not is a coin toss the processor cannot predict).
            let sizes = &doc.thread.size_at[..n];
            let context = context.words_mut();
            let mut after = n;
            for w in (0..words.len()).rev() {
                let from = w * 64;
                let (mut keep_bits, mut context_bits) = (0u64, 0u64);
                for (i, &size) in sizes[from..(from + 64).min(n)].iter().enumerate().rev() {
                    let k = from + i;
                    let shown = shown_at(k);
                    after = if shown { k } else { after };
                    let keep = after < k + size as usize;
                    keep_bits |= u64::from(keep) << i;
                    context_bits |= u64::from(keep & !shown) << i;
                }
                words[w] = keep_bits;
                context[w] = context_bits;
            }
        } else {
            for (w, word) in words.iter_mut().enumerate() {
                let from = w * 64;
                *word = (from..(from + 64).min(n))
                    .map(|k| u64::from(shown_at(k)) << (k - from))
                    .fold(0, |a, b| a | b);
            }
        }
        listed
    }

    /// Takes the replies of folded, listed posts out of `listed`. Folds are by post; made a set
    /// of places, they are met in thread order, and a fold inside a span already taken out is
    /// passed over, so each place is cleared once at most even when everything is folded.
    fn cut_folds(&self, doc: &Document, listed: &mut PlaceBits) {
        const BLOCK: usize = 64;
        let n = doc.len();
        let mut folded_at = PlaceBits::none(n);
        let mut any = false;
        // In blocks, as folds are few: a block with none is passed after one vectorized look.
        for (b, block) in self.folded.chunks(BLOCK).enumerate() {
            if block.iter().fold(false, |any, &f| any | f) {
                any = true;
                for (i, _) in block.iter().enumerate().filter(|(_, f)| **f) {
                    folded_at.put(doc.thread.position[b * BLOCK + i] as usize, true);
                }
            }
        }
        if !any {
            return;
        }
        let sizes = &doc.thread.size_at;
        let mut from = 0;
        while let Some(k) = folded_at.next_at(from) {
            from = k + 1;
            if listed.get(k) {
                let end = k + sizes[k] as usize;
                listed.clear(k + 1, end);
                from = end;
            }
        }
    }

    /// Rebuilds the rows after tones changed under them, leaving the view where the reader put
    /// it: the row at the top stays at the top (or the one that follows it, when it went), and
    /// the selection stays on its post (or the one that follows) without being scrolled to.
    pub fn rebuild_in_place(&mut self, doc: &Document, filter: &ToneFilter, height: usize) {
        let top_rank = self.rows.get(self.top).map(|r| self.rank[r.post as usize]);
        let keep = self.selected_post();
        self.rebuild(doc, filter, keep);
        self.top = top_rank.map_or(0, |r| self.rows.rows_before(r as usize));
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
            (0..=at)
                .rev()
                .filter_map(|i| self.rows.get(i))
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
        self.top = top_post.map_or(0, |p| self.rows.rows_before(self.rank[p as usize] as usize));
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
        self.rows.get(self.selected)
    }

    /// Where a post is listed, if it is.
    pub fn position_of(&self, post: PostIdx) -> Option<usize> {
        let k = self.rank[post as usize] as usize;
        self.rows.has_place(k).then(|| self.rows.rows_before(k))
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
            let mut used = self.rows.height(t);
            while t > 0 && used + self.rows.height(t - 1) <= height {
                t -= 1;
                used += self.rows.height(t);
            }
            self.top = t;
        }
        self.clamp_top(height);
    }

    /// Whether rows `from..=to` fit in `height` lines.
    fn fits(&self, from: usize, to: usize, height: usize) -> bool {
        // Every row takes a line at least, so a long span cannot fit: no need to add it up.
        to - from < height
            && self
                .rows
                .iter_from(from)
                .take(to - from + 1)
                .map(Row::height)
                .sum::<usize>()
                <= height
    }

    /// Rows that fit on screen from the top row.
    pub fn page_rows(&self, height: usize) -> usize {
        let mut used = 0;
        let mut n = 0;
        for row in self.rows.iter_from(self.top) {
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
        for (i, row) in self.rows.iter_from(self.top).enumerate() {
            let i = self.top + i;
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
        while t > 0 && used + self.rows.height(t - 1) <= height.max(1) {
            t -= 1;
            used += self.rows.height(t);
        }
        let max_top = t.min(self.rows.len().saturating_sub(1));
        self.top = self.top.min(max_top);
    }
}
