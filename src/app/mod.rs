//! The reader's state and how actions change it.
//!
//! `App` holds the document and the view state (focus, scroll offsets, selection, the tone
//! filter, folds and search as index lists). [`App::update`] is the only thing that changes it,
//! and it does no I/O: the event loop turns terminal events into [`Action`]s and carries out the
//! [`Effect`] it returns (open a link, copy to the clipboard).

mod article_layout;
mod filter;
pub mod keymap;
pub mod layout;
mod replies;
pub mod search;

use std::rc::Rc;

use ratatui::layout::{Position, Rect};

pub use article_layout::{ArticleLayout, ArticleLine, DESCRIPTION_MARKER, QUOTE_INDENT, QuoteSpan};
pub use filter::ToneFilter;
pub use layout::ScreenLayout;
pub use replies::{ENTRY_HEIGHT, ENTRY_TEXT_LINES, Order, ReplyList, Row, WrapCache};
pub use search::Match;

use crate::model::{Document, PostIdx, ToneKey, ToneOrigin};
use crate::sidecar::Corrections;
use crate::tone::{ComputedTone, Palette};

/// Everything the reader can be asked to do.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    NextQuote,
    PrevQuote,
    /// Scroll the article to the selected reply's quote.
    ShowQuote,
    MoveDown,
    MoveUp,
    ScrollPageDown,
    ScrollPageUp,
    Top,
    Bottom,
    FocusNext,
    FocusPrev,
    /// Select the parent of the selected reply.
    Parent,
    /// Select the first reply to the selected post (unfolding it).
    FirstReply,
    NextSibling,
    PrevSibling,
    ToggleFold,
    FoldAll,
    UnfoldAll,
    /// Switch between context rows for hidden ancestors and matches only.
    ToggleContext,
    /// Cycle thread order, oldest first, newest first.
    CycleOrder,
    /// Toggle the tone at this place (1-based) in the legend.
    ToggleTone(u8),
    ShowAllTones,
    SearchStart,
    SearchInput(char),
    SearchBackspace,
    SearchAccept,
    SearchCancel,
    NextMatch,
    PrevMatch,
    /// Open the selected post's link (or the article's, from the article pane).
    OpenLink,
    /// Copy the selected post's text and link to the clipboard.
    CopyPost,
    /// Tell the reader how an effect went (from the event loop).
    Notify(String),
    /// Open the tone picker for the selected post.
    PickTone,
    /// In the picker: choose the tone at this place (1-based), or the highlighted one (0).
    ChooseTone(u8),
    /// The background tagger is starting on this many posts.
    TaggingStarted(usize),
    /// A batch of computed tones from the background tagger.
    TonesComputed(Vec<ComputedTone>),
    /// The background tagger stopped on an error; the rest stay untagged.
    TaggingFailed,
    ToggleHelp,
    /// Esc: close an overlay, or quit when none is open.
    Back,
    Quit,
    Resize {
        width: u16,
        height: u16,
    },
    /// Mouse wheel at a screen cell; negative is up.
    ScrollAt {
        column: u16,
        row: u16,
        lines: i8,
    },
    ClickAt {
        column: u16,
        row: u16,
    },
}

/// What the event loop must do after an update.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    None,
    Redraw,
    Quit,
    /// Open this URL in the browser, then redraw.
    OpenUrl(String),
    /// Put this text on the clipboard, then redraw.
    Copy(String),
    /// Save the tone corrections (all of them) beside the input, then redraw.
    SaveCorrections(Corrections),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    Article,
    Replies,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overlay {
    Help {
        scroll: u16,
    },
    /// Choosing a tone for a post; `cursor` is the highlighted place in the document's tones.
    TonePicker {
        post: PostIdx,
        cursor: usize,
    },
}

/// Which key table applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Normal,
    /// Typing a search query in the prompt.
    SearchPrompt,
    /// Choosing a tone in the picker.
    TonePicker,
}

/// How tones are drawn: with colour, or (NO_COLOR) with badges alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub color: bool,
}

/// One reply row on screen: the post, how deep to indent it, and its first lines, wrapped.
#[derive(Debug, Clone)]
pub struct ReplyRow {
    pub post: PostIdx,
    pub position: usize,
    pub context: bool,
    /// Depth guides to draw (the post's depth, capped to what the pane can show).
    pub guides: usize,
    pub lines: Rc<[String]>,
}

/// The search: the query, its matches in reading order, and where the reader is among them.
#[derive(Debug, Clone, Default)]
pub struct Search {
    pub query: String,
    pub case_sensitive: bool,
    pub matches: Vec<Match>,
    pub current: Option<usize>,
    /// The prompt is open (typing); false once accepted.
    pub editing: bool,
    /// The view when the prompt opened, restored by Esc.
    saved: Option<SavedView>,
    /// Lines of the wrapped article when the matches were found, to follow a match across a
    /// reflow.
    article_lines: usize,
}

#[derive(Debug, Clone, Copy)]
struct SavedView {
    focus: Pane,
    article_scroll: usize,
    selected: Option<PostIdx>,
}

#[derive(Debug)]
pub struct App {
    pub doc: Document,
    pub palette: Palette,
    pub theme: Theme,
    pub screen: ScreenLayout,
    pub focus: Pane,
    pub overlay: Option<Overlay>,
    pub article: ArticleLayout,
    /// First article line on screen.
    pub article_scroll: usize,
    /// The quote last jumped to, highlighted in the article (an index into `article.quotes`).
    pub quote: Option<usize>,
    pub filter: ToneFilter,
    pub replies: ReplyList,
    /// The reply rows on screen, wrapped; refreshed after every update.
    pub reply_rows: Vec<ReplyRow>,
    /// The tone strip beside the replies: the most common tone of each slice of the list.
    pub minimap: Vec<Option<ToneKey>>,
    /// The selected post's whole text wrapped to the detail pane.
    pub detail_lines: Rc<[String]>,
    /// Where the selected post's tone came from, wrapped to the detail pane: the confidence and
    /// cues of a computed tone, or that the reader set it. Empty for a tone from the file.
    pub detail_why: Vec<String>,
    pub search: Option<Search>,
    /// A one-off message for the status line, cleared by the next key.
    pub message: Option<String>,
    /// Tones the reader set, by post id: what the sidecar file holds.
    pub corrections: Corrections,
    /// Background tagging: posts done and in all, while it runs.
    pub tagging: Option<(usize, usize)>,
    wrap_cache: WrapCache,
    detail_cache: Option<(PostIdx, usize, Rc<[String]>)>,
    haystack: Option<search::PostHaystack>,
    /// Bumped whenever `replies.rows` is rebuilt, so the minimap knows when to recount.
    rows_generation: u64,
    minimap_key: (u64, usize),
}

impl App {
    pub fn new(doc: Document, theme: Theme) -> Self {
        let palette = Palette::new(&doc.tones);
        let filter = ToneFilter::new(&doc.tones);
        let replies = ReplyList::new(&doc, &filter);
        // Corrections already applied (from the sidecar) are the ones a save keeps.
        let corrections = doc
            .posts
            .iter()
            .filter(|p| p.tone_origin == ToneOrigin::Corrected)
            .filter_map(|p| {
                p.tone
                    .map(|t| (p.id.clone(), doc.tones.name(t).to_string()))
            })
            .collect();
        let mut app = App {
            doc,
            palette,
            theme,
            screen: ScreenLayout::default(),
            focus: Pane::Article,
            overlay: None,
            article: ArticleLayout::default(),
            article_scroll: 0,
            quote: None,
            filter,
            replies,
            reply_rows: Vec::new(),
            minimap: Vec::new(),
            detail_lines: Rc::from(Vec::new()),
            detail_why: Vec::new(),
            search: None,
            message: None,
            corrections,
            tagging: None,
            wrap_cache: WrapCache::default(),
            detail_cache: None,
            haystack: None,
            rows_generation: 0,
            minimap_key: (u64::MAX, 0),
        };
        app.update(Action::Resize {
            width: 80,
            height: 24,
        });
        app
    }

    /// Which key table applies now.
    pub fn mode(&self) -> Mode {
        if let Some(Overlay::TonePicker { .. }) = self.overlay {
            return Mode::TonePicker;
        }
        match &self.search {
            Some(s) if s.editing => Mode::SearchPrompt,
            _ => Mode::Normal,
        }
    }

    /// Selects the post with this id and brings its quote into view. False if there is none.
    pub fn focus_post(&mut self, id: &str) -> bool {
        let Some(post) = self.doc.posts.iter().position(|p| p.id == id) else {
            return false;
        };
        let post = post as PostIdx;
        self.reveal(post);
        match self.quote_of(post) {
            Some(q) => self.jump_to_quote(q),
            None => self.select_post(post),
        }
        self.focus = Pane::Replies;
        self.refresh_view();
        true
    }

    /// Applies one action. Pure state change: no I/O.
    pub fn update(&mut self, action: Action) -> Effect {
        // A message stays until the reader's next key: resizes, the wheel and background
        // results do not clear it.
        if !matches!(
            action,
            Action::Resize { .. }
                | Action::ScrollAt { .. }
                | Action::TonesComputed(_)
                | Action::TaggingStarted(_)
        ) {
            self.message = None;
        }
        // Background results apply whatever is on screen.
        match action {
            Action::TaggingStarted(total) => {
                self.tagging = Some((0, total));
                return Effect::Redraw;
            }
            Action::TonesComputed(batch) => {
                self.apply_computed(&batch);
                self.refresh_view();
                return Effect::Redraw;
            }
            Action::TaggingFailed => {
                self.tagging = None;
                self.message =
                    Some("tone tagging stopped on an error; the rest stay untagged".into());
                return Effect::Redraw;
            }
            _ => {}
        }
        if let Some(Overlay::TonePicker { post, cursor }) = self.overlay {
            let n = self.doc.tones.names.len();
            match action {
                Action::Back | Action::PickTone => self.overlay = None,
                Action::Quit => return Effect::Quit,
                Action::MoveDown => {
                    self.overlay = Some(Overlay::TonePicker {
                        post,
                        cursor: (cursor + 1).min(n - 1),
                    })
                }
                Action::MoveUp => {
                    self.overlay = Some(Overlay::TonePicker {
                        post,
                        cursor: cursor.saturating_sub(1),
                    })
                }
                Action::ChooseTone(k) => {
                    let place = if k == 0 { cursor } else { usize::from(k) - 1 };
                    if place >= n {
                        self.message = Some(format!("there is no tone {k} in the list"));
                        return Effect::Redraw;
                    }
                    self.overlay = None;
                    let effect = self.correct_tone(post, place as crate::model::ToneIdx);
                    self.refresh_view();
                    return effect;
                }
                Action::Resize { width, height } => self.resize(width, height),
                _ => return Effect::None,
            }
            return Effect::Redraw;
        }
        if let Some(Overlay::Help { scroll }) = self.overlay {
            match action {
                Action::ToggleHelp | Action::Back => self.overlay = None,
                Action::Quit => return Effect::Quit,
                Action::MoveDown | Action::ScrollPageDown => {
                    let max = keymap::help_rows() as u16;
                    self.overlay = Some(Overlay::Help {
                        scroll: (scroll + 1).min(max),
                    })
                }
                Action::MoveUp | Action::ScrollPageUp => {
                    self.overlay = Some(Overlay::Help {
                        scroll: scroll.saturating_sub(1),
                    })
                }
                Action::Resize { width, height } => self.resize(width, height),
                // The overlay covers the panes: other keys wait until it is closed.
                _ => return Effect::None,
            }
            return Effect::Redraw;
        }
        let mut effect = Effect::Redraw;
        match action {
            // Esc clears a search's highlights before it quits.
            Action::Back if self.search.is_some() => self.search = None,
            Action::Quit | Action::Back => return Effect::Quit,
            Action::ToggleHelp => self.overlay = Some(Overlay::Help { scroll: 0 }),
            Action::NextQuote => self.step_quote(true),
            Action::PrevQuote => self.step_quote(false),
            Action::ShowQuote => self.show_selected_quote(),
            Action::MoveDown => self.move_focused(1),
            Action::MoveUp => self.move_focused(-1),
            Action::ScrollPageDown => self.page_focused(1),
            Action::ScrollPageUp => self.page_focused(-1),
            Action::Top => self.move_focused(isize::MIN),
            Action::Bottom => self.move_focused(isize::MAX),
            Action::FocusNext | Action::FocusPrev => {
                self.focus = match self.focus {
                    Pane::Article => Pane::Replies,
                    Pane::Replies => Pane::Article,
                }
            }
            Action::Parent => self.go_parent(),
            Action::FirstReply => self.go_first_reply(),
            Action::NextSibling => self.go_sibling(true),
            Action::PrevSibling => self.go_sibling(false),
            Action::ToggleFold => self.toggle_fold(),
            Action::FoldAll => self.fold_all(true),
            Action::UnfoldAll => self.fold_all(false),
            Action::ToggleContext => {
                self.replies.context_mode = !self.replies.context_mode;
                self.rebuild_replies();
                self.message = Some(
                    if self.replies.context_mode {
                        "hidden posts that shown replies answer are kept as context rows"
                    } else {
                        "matches only: hidden posts are left out"
                    }
                    .into(),
                );
            }
            Action::CycleOrder => {
                let keep = self.replies.selected_post();
                let order = self.replies.order.next();
                self.replies.set_order(&self.doc, order);
                self.replies.rebuild(&self.doc, &self.filter, keep);
                self.after_rebuild();
                // n/N follow the list as it is now ordered.
                if self.search.is_some() {
                    self.run_search(false);
                }
                self.message = Some(format!("replies in {}", order.name()));
            }
            Action::ToggleTone(n) => self.toggle_tone(n),
            Action::ShowAllTones => {
                if self.filter.any_hidden() {
                    self.filter.show_all();
                    self.rebuild_replies();
                }
            }
            Action::SearchStart => self.search_start(),
            Action::SearchInput(c) => self.search_edit(|q| q.push(c)),
            Action::SearchBackspace => self.search_edit(|q| {
                q.pop();
            }),
            Action::SearchAccept => self.search_accept(),
            Action::SearchCancel => self.search_cancel(),
            Action::NextMatch => self.step_match(true),
            Action::PrevMatch => self.step_match(false),
            Action::OpenLink => effect = self.open_link(),
            Action::CopyPost => effect = self.copy_post(),
            Action::Notify(m) => self.message = Some(m),
            Action::PickTone => match self.replies.selected_post() {
                Some(post) => {
                    let cursor = self.doc.post(post).tone.map_or(0, usize::from);
                    self.overlay = Some(Overlay::TonePicker { post, cursor });
                }
                None => self.message = Some("no post selected".into()),
            },
            Action::ChooseTone(_)
            | Action::TaggingStarted(_)
            | Action::TonesComputed(_)
            | Action::TaggingFailed => {}
            Action::Resize { width, height } => self.resize(width, height),
            Action::ScrollAt { column, row, lines } => self.scroll_at(column, row, lines),
            Action::ClickAt { column, row } => self.click_at(column, row),
        }
        self.refresh_view();
        effect
    }

    // ---- geometry -------------------------------------------------------------------------

    fn resize(&mut self, width: u16, height: u16) {
        self.screen = ScreenLayout::new(Rect::new(0, 0, width, height));
        let text_width = layout::article_text(self.screen.article).width.max(1);
        if text_width != self.article.width || self.article.lines.is_empty() {
            // Keep the same part of the article on screen across a reflow, as near as can be.
            let old_len = self.article.lines.len().max(1);
            let fraction = self.article_scroll as f64 / old_len as f64;
            self.article = ArticleLayout::new(&self.doc, text_width);
            self.article_scroll = (fraction * self.article.lines.len() as f64) as usize;
            if let Some(q) = self.quote.and_then(|q| self.article.quotes.get(q)).copied() {
                self.scroll_article_to(q);
            }
            // Article matches are line numbers, which a reflow changes.
            if self.search.is_some() {
                self.run_search(false);
            }
        }
        self.clamp_article();
        let h = self.list_height();
        self.replies.scroll_to_selected(h);
    }

    /// Article lines that fit on screen.
    pub fn article_height(&self) -> usize {
        usize::from(layout::article_text(self.screen.article).height)
    }

    fn max_article_scroll(&self) -> usize {
        self.article
            .lines
            .len()
            .saturating_sub(self.article_height())
    }

    fn clamp_article(&mut self) {
        self.article_scroll = self.article_scroll.min(self.max_article_scroll());
    }

    /// Lines of the replies list.
    pub fn list_height(&self) -> usize {
        usize::from(layout::reply_list(self.screen.replies).height)
    }

    /// Depth guides a row can draw before the text gets too narrow; deeper rows show their depth.
    pub fn max_guides(&self) -> usize {
        (usize::from(layout::reply_list(self.screen.replies).width) / 3) / 2
    }

    // ---- movement -------------------------------------------------------------------------

    fn move_focused(&mut self, delta: isize) {
        match self.focus {
            Pane::Article => {
                self.article_scroll = self.article_scroll.saturating_add_signed(delta);
                self.clamp_article();
            }
            Pane::Replies => {
                let h = self.list_height();
                self.replies.move_by(delta, h);
            }
        }
    }

    fn page_focused(&mut self, dir: isize) {
        match self.focus {
            // Keep two lines of the old page for context.
            Pane::Article => {
                self.move_focused(dir * self.article_height().saturating_sub(2).max(1) as isize)
            }
            Pane::Replies => {
                let h = self.list_height();
                let page = self.replies.page_rows(h).max(1) as isize;
                self.replies.scroll_by(dir * page, h);
                self.replies.move_by(dir * page, h);
            }
        }
    }

    fn scroll_at(&mut self, column: u16, row: u16, lines: i8) {
        let at = Position::new(column, row);
        if self.screen.article.contains(at) {
            self.article_scroll = self
                .article_scroll
                .saturating_add_signed(isize::from(lines) * 3);
            self.clamp_article();
        } else if self.screen.replies.contains(at) {
            let h = self.list_height();
            self.replies.scroll_by(isize::from(lines), h);
        }
    }

    fn click_at(&mut self, column: u16, row: u16) {
        let at = Position::new(column, row);
        if self.screen.article.contains(at) {
            self.focus = Pane::Article;
        } else if self.screen.replies.contains(at) {
            self.focus = Pane::Replies;
            let h = self.list_height();
            let strip = layout::minimap(self.screen.replies);
            let list = layout::reply_list(self.screen.replies);
            if strip.contains(at) && !self.replies.rows.is_empty() {
                // The strip maps its height onto the whole list.
                let pos = usize::from(row - strip.y) * self.replies.rows.len()
                    / usize::from(strip.height.max(1));
                self.replies.select(pos, h);
            } else if list.contains(at)
                && let Some(pos) = self.replies.row_at_line(usize::from(row - list.y))
            {
                self.replies.select(pos, h);
            }
        }
    }

    fn select_post(&mut self, post: PostIdx) {
        if let Some(pos) = self.replies.position_of(post) {
            let h = self.list_height();
            self.replies.select(pos, h);
        }
    }

    // ---- the reply tree -------------------------------------------------------------------

    fn go_parent(&mut self) {
        let Some(post) = self.replies.selected_post() else {
            return;
        };
        match self.doc.post(post).parent {
            Some(parent) if self.replies.position_of(parent).is_some() => {
                self.select_post(parent);
                self.focus = Pane::Replies;
            }
            Some(_) => {
                self.message =
                    Some("its parent is hidden by the tone filter (c shows context)".into())
            }
            None => self.message = Some("this post starts a thread".into()),
        }
    }

    fn go_first_reply(&mut self) {
        let Some(post) = self.replies.selected_post() else {
            return;
        };
        if !self.in_thread_order() {
            return;
        }
        if self.doc.thread.children(post).is_empty() {
            self.message = Some("no replies to this post".into());
            return;
        }
        if self.replies.folded[post as usize] {
            self.replies.folded[post as usize] = false;
            self.rebuild_replies();
        }
        match self
            .doc
            .thread
            .children(post)
            .iter()
            .find(|&&c| self.replies.position_of(c).is_some())
        {
            Some(&c) => {
                self.select_post(c);
                self.focus = Pane::Replies;
            }
            None => {
                self.message = Some("every reply to this post is hidden by the tone filter".into())
            }
        }
    }

    fn go_sibling(&mut self, forward: bool) {
        let Some(post) = self.replies.selected_post() else {
            return;
        };
        let siblings = match self.doc.post(post).parent {
            Some(parent) => self.doc.thread.children(parent),
            None => &self.doc.thread.roots,
        };
        let Some(at) = siblings.iter().position(|&s| s == post) else {
            return;
        };
        let found = if forward {
            siblings[at + 1..]
                .iter()
                .find(|&&s| self.replies.position_of(s).is_some())
        } else {
            siblings[..at]
                .iter()
                .rev()
                .find(|&&s| self.replies.position_of(s).is_some())
        };
        match found {
            Some(&s) => {
                self.select_post(s);
                self.focus = Pane::Replies;
            }
            None => {
                self.message = Some(format!(
                    "no {} sibling shown",
                    if forward { "next" } else { "previous" }
                ))
            }
        }
    }

    /// Folding and moving to replies need the tree; in time order, say so.
    fn in_thread_order(&mut self) -> bool {
        let yes = self.replies.order == Order::Thread;
        if !yes {
            self.message = Some("folds and replies work in thread order (s)".into());
        }
        yes
    }

    fn toggle_fold(&mut self) {
        let Some(post) = self.replies.selected_post() else {
            return;
        };
        if !self.in_thread_order() {
            return;
        }
        let n = self.doc.thread.descendants(post);
        if n == 0 {
            self.message = Some("no replies to fold".into());
            return;
        }
        let folded = &mut self.replies.folded[post as usize];
        *folded = !*folded;
        self.rebuild_replies();
        self.select_post(post);
    }

    fn fold_all(&mut self, fold: bool) {
        if !self.in_thread_order() {
            return;
        }
        let keep = self.replies.selected_post();
        for (i, f) in self.replies.folded.iter_mut().enumerate() {
            *f = fold && !self.doc.thread.children(i as PostIdx).is_empty();
        }
        self.rebuild_replies();
        // Folding everything keeps the selection on the thread it was in.
        if let Some(mut p) = keep {
            if fold {
                while let Some(parent) = self.doc.post(p).parent {
                    p = parent;
                }
            }
            self.select_post(p);
        }
    }

    /// Unfolds every ancestor of `post` so it is listed (in thread order). True if anything changed.
    fn reveal(&mut self, post: PostIdx) -> bool {
        let mut changed = false;
        let mut p = self.doc.post(post).parent;
        while let Some(a) = p {
            if self.replies.folded[a as usize] {
                self.replies.folded[a as usize] = false;
                changed = true;
            }
            p = self.doc.post(a).parent;
        }
        if changed {
            self.rebuild_replies();
        }
        changed
    }

    // ---- quotes ---------------------------------------------------------------------------

    /// Whether the tone filter lets the quote's post through.
    fn quote_shown(&self, q: usize) -> bool {
        let post = self.article.quotes[q].post;
        !self.filter.is_hidden(self.doc.tone_key(post))
    }

    fn step_quote(&mut self, forward: bool) {
        let n = self.article.quotes.len();
        if n == 0 {
            self.message = Some("the article quotes no posts".into());
            return;
        }
        // From the current quote, or else from where the reader is in the article.
        let here = self
            .article
            .quotes
            .partition_point(|s| s.first < self.article_scroll);
        let candidates: Vec<usize> = if forward {
            (self.quote.map_or(here, |q| q + 1)..n).collect()
        } else {
            (0..self.quote.unwrap_or(here)).rev().collect()
        };
        let skipped = candidates
            .iter()
            .take_while(|&&q| !self.quote_shown(q))
            .count();
        match candidates.get(skipped) {
            Some(&q) => {
                self.jump_to_quote(q);
                if skipped > 0 {
                    self.message = Some(format!("skipped {skipped} hidden by the tone filter"));
                }
            }
            None => {
                let edge = if forward { "last" } else { "first" };
                self.message = Some(if skipped > 0 {
                    format!("no more quotes shown ({skipped} hidden by the tone filter)")
                } else {
                    format!("this is the {edge} quote")
                });
            }
        }
    }

    /// Highlights quote `q`, scrolls the article to it and selects its post among the replies.
    fn jump_to_quote(&mut self, q: usize) {
        self.quote = Some(q);
        let span = self.article.quotes[q];
        self.scroll_article_to(span);
        self.reveal(span.post);
        self.select_post(span.post);
    }

    /// Brings a quote into view, moving the article only when it is not already whole on screen.
    fn scroll_article_to(&mut self, span: QuoteSpan) {
        self.scroll_article_to_lines(span.first, span.last);
    }

    fn scroll_article_to_lines(&mut self, first: usize, last: usize) {
        let h = self.article_height().max(1);
        let in_view = first >= self.article_scroll && last < self.article_scroll + h;
        if !in_view {
            // Up to two lines of what comes before, when they fit.
            let context = h.saturating_sub(last - first + 1).min(2);
            self.article_scroll = first.saturating_sub(context);
        }
        self.clamp_article();
    }

    fn show_selected_quote(&mut self) {
        let Some(post) = self.replies.selected_post() else {
            return;
        };
        match self.quote_of(post) {
            Some(q) => self.jump_to_quote(q),
            None => self.message = Some("the article does not quote this post".into()),
        }
    }

    // ---- tone filter ----------------------------------------------------------------------

    fn toggle_tone(&mut self, n: u8) {
        let pos = usize::from(n).saturating_sub(1);
        if n == 0 || !self.filter.toggle(pos) {
            self.message = Some(format!("the legend has no tone {n}"));
            return;
        }
        self.rebuild_replies();
    }

    fn rebuild_replies(&mut self) {
        let keep = self.replies.selected_post();
        self.replies.rebuild(&self.doc, &self.filter, keep);
        self.after_rebuild();
    }

    fn after_rebuild(&mut self) {
        self.rows_generation += 1;
        let h = self.list_height();
        self.replies.scroll_to_selected(h);
    }

    // ---- search ---------------------------------------------------------------------------

    fn search_start(&mut self) {
        let saved = SavedView {
            focus: self.focus,
            article_scroll: self.article_scroll,
            selected: self.replies.selected_post(),
        };
        self.search = Some(Search {
            editing: true,
            saved: Some(saved),
            ..Default::default()
        });
    }

    fn search_edit(&mut self, edit: impl FnOnce(&mut String)) {
        let Some(s) = &mut self.search else { return };
        edit(&mut s.query);
        s.case_sensitive = search::is_case_sensitive(&s.query);
        self.run_search(true);
    }

    /// Finds the query's matches; with `jump`, moves to the first one from where the reader was.
    fn run_search(&mut self, jump: bool) {
        let Some(s) = &self.search else { return };
        let (query, case) = (s.query.clone(), s.case_sensitive);
        let mut matches: Vec<Match> = Vec::new();
        if !query.is_empty() {
            for (i, line) in self.article.lines.iter().enumerate() {
                let text = match line {
                    ArticleLine::Title(t)
                    | ArticleLine::Byline(t)
                    | ArticleLine::Paragraph(t)
                    | ArticleLine::Heading(t)
                    | ArticleLine::QuoteText { text: t, .. } => t.as_str(),
                    _ => continue,
                };
                if !search::ranges_in(text, &query, case).is_empty() {
                    matches.push(Match::Article { line: i });
                }
            }
            let haystack = self
                .haystack
                .get_or_insert_with(|| search::PostHaystack::new(&self.doc));
            let mut posts = haystack.find(&query, case);
            // Reading order: the replies as the list shows them (thread or time order).
            posts.sort_by_key(|&p| self.replies.rank_of(p));
            matches.extend(posts.into_iter().map(Match::Post));
        }
        let saved = self.search.as_ref().and_then(|s| s.saved);
        let start = if jump {
            self.first_match_from(&matches, saved)
        } else {
            None
        };
        let lines = self.article.lines.len();
        if let Some(s) = &mut self.search {
            // Without a jump (a reflow, a new order) the current match stays the same match:
            // the same post, or the article match nearest where the old one was.
            let old = s.current.and_then(|c| s.matches.get(c)).copied();
            let old_lines = s.article_lines.max(1);
            s.current = if jump {
                start
            } else {
                match old {
                    Some(Match::Post(p)) => matches.iter().position(|m| *m == Match::Post(p)),
                    Some(Match::Article { line }) => {
                        let target = line * lines / old_lines;
                        matches
                            .iter()
                            .enumerate()
                            .filter_map(|(i, m)| match m {
                                Match::Article { line } => Some((i, line.abs_diff(target))),
                                Match::Post(_) => None,
                            })
                            .min_by_key(|&(_, d)| d)
                            .map(|(i, _)| i)
                    }
                    None => None,
                }
            };
            s.matches = matches;
            s.article_lines = lines;
        }
        if let Some(i) = start {
            // While typing, a match in a hidden tone is not forced into view.
            self.go_to_match(i, false);
        } else if jump {
            self.restore_view(saved);
        }
    }

    /// The first match at or after where the reader was when the search began.
    fn first_match_from(&self, matches: &[Match], saved: Option<SavedView>) -> Option<usize> {
        if matches.is_empty() {
            return None;
        }
        let saved = saved?;
        let from = match saved.focus {
            Pane::Article => matches.iter().position(|m| match *m {
                Match::Article { line } => line >= saved.article_scroll,
                Match::Post(_) => true,
            }),
            Pane::Replies => {
                let here = saved.selected.map_or(0, |p| self.replies.rank_of(p));
                matches.iter().position(|m| match *m {
                    Match::Article { .. } => false,
                    Match::Post(p) => self.replies.rank_of(p) >= here,
                })
            }
        };
        Some(from.unwrap_or(0))
    }

    fn restore_view(&mut self, saved: Option<SavedView>) {
        if let Some(v) = saved {
            self.focus = v.focus;
            self.article_scroll = v.article_scroll;
            self.clamp_article();
            if let Some(p) = v.selected {
                self.select_post(p);
            }
        }
    }

    fn search_accept(&mut self) {
        let Some(s) = &mut self.search else { return };
        s.editing = false;
        if s.query.is_empty() {
            self.search = None;
        } else if s.matches.is_empty() {
            self.message = Some(format!("no match for {:?}", s.query));
        } else if let Some(c) = s.current {
            self.go_to_match(c, true);
        }
    }

    /// Whether the current match is a post the tone filter hides.
    pub fn current_match_hidden(&self) -> bool {
        let Some(s) = &self.search else { return false };
        match s.current.and_then(|c| s.matches.get(c)) {
            Some(Match::Post(p)) => self.filter.is_hidden(self.doc.tone_key(*p)),
            _ => false,
        }
    }

    fn search_cancel(&mut self) {
        let saved = self.search.take().and_then(|s| s.saved);
        self.restore_view(saved);
    }

    fn step_match(&mut self, forward: bool) {
        let Some(s) = &self.search else {
            self.message = Some("no search yet: / starts one".into());
            return;
        };
        let n = s.matches.len();
        if n == 0 {
            self.message = Some(format!("no match for {:?}", s.query));
            return;
        }
        let next = match (s.current, forward) {
            (None, _) => 0,
            (Some(c), true) => (c + 1) % n,
            (Some(c), false) => (c + n - 1) % n,
        };
        let wrapped = matches!((s.current, forward), (Some(c), true) if next < c)
            || matches!((s.current, forward), (Some(c), false) if next > c);
        if let Some(s) = &mut self.search {
            s.current = Some(next);
        }
        self.go_to_match(next, true);
        if wrapped && self.message.is_none() {
            self.message = Some(
                if forward {
                    "search wrapped to the top"
                } else {
                    "search wrapped to the bottom"
                }
                .into(),
            );
        }
    }

    /// Scrolls to match `i` and selects it, as a quote jump does: a match in a folded subtree is
    /// unfolded; one in a hidden tone is shown again (with `show_hidden`), and the status line
    /// says so.
    fn go_to_match(&mut self, i: usize, show_hidden: bool) {
        let Some(m) = self.search.as_ref().and_then(|s| s.matches.get(i)).copied() else {
            return;
        };
        match m {
            Match::Article { line } => {
                self.scroll_article_to_lines(line, line);
                self.focus = Pane::Article;
            }
            Match::Post(post) => {
                let key = self.doc.tone_key(post);
                if self.filter.is_hidden(key) && !show_hidden {
                    return;
                }
                if self.filter.is_hidden(key)
                    && let Some(pos) = self.filter.legend.iter().position(|(k, _)| *k == key)
                {
                    self.filter.toggle(pos);
                    self.rebuild_replies();
                    let name = &self.palette.look(key).name;
                    self.message = Some(format!(
                        "the match is {name}, which the filter hid: {name} shown again"
                    ));
                }
                self.reveal(post);
                self.select_post(post);
                self.focus = Pane::Replies;
                if let Some(q) = self.quote_of(post) {
                    let span = self.article.quotes[q];
                    self.scroll_article_to(span);
                }
            }
        }
    }

    // ---- tones: computed and corrected -----------------------------------------------------

    fn apply_computed(&mut self, batch: &[ComputedTone]) {
        crate::tone::compute::apply(&mut self.doc, batch);
        if let Some((done, total)) = self.tagging {
            let done = done + batch.len();
            self.tagging = (done < total).then_some((done, total));
            if done >= total {
                self.message = Some(format!("tones computed for {total} posts"));
            }
        }
        self.tones_changed();
    }

    /// Sets a post's tone as the reader chose it, and asks for the corrections to be saved.
    fn correct_tone(&mut self, post: PostIdx, tone: crate::model::ToneIdx) -> Effect {
        self.doc.set_tone(post, Some(tone), ToneOrigin::Corrected);
        let p = self.doc.post(post);
        let name = self.doc.tones.name(tone).to_string();
        self.corrections.insert(p.id.clone(), name.clone());
        self.tones_changed();
        self.message = Some(format!("tone set to {name}"));
        Effect::SaveCorrections(self.corrections.clone())
    }

    /// Counts moved between tones: the legend, the list and the tone strip follow.
    fn tones_changed(&mut self) {
        self.filter.refresh(&self.doc.tones);
        self.rebuild_replies();
    }

    // ---- links and clipboard --------------------------------------------------------------

    fn open_link(&mut self) -> Effect {
        let url = match self.focus {
            Pane::Article => self.doc.article.url.clone().ok_or("the article has no URL"),
            Pane::Replies => match self.replies.selected_post() {
                Some(p) => self.doc.post(p).url.clone().ok_or("this post has no URL"),
                None => Err("no post selected"),
            },
        };
        // A file names its links; only web links are handed to the browser (not file:, or a
        // scheme some other program would run).
        let url = url.and_then(|u| {
            let lower = u.to_ascii_lowercase();
            if lower.starts_with("https://") || lower.starts_with("http://") {
                Ok(u)
            } else {
                Err("only http and https links are opened")
            }
        });
        match url {
            Ok(u) => {
                self.message = Some(format!("opening {u}"));
                Effect::OpenUrl(u)
            }
            Err(why) => {
                self.message = Some(why.into());
                Effect::Redraw
            }
        }
    }

    fn copy_post(&mut self) -> Effect {
        let Some(p) = self.replies.selected_post() else {
            self.message = Some("no post selected".into());
            return Effect::Redraw;
        };
        let post = self.doc.post(p);
        let mut text = format!("{}: {}", post.author.name, post.text);
        if post.text_is_description {
            text = format!("{} (described by the article, not quoted)", text);
        }
        match &post.url {
            Some(u) => text = format!("{text}\n{u}"),
            None => self.message = Some("copied (the post has no link)".into()),
        }
        if self.message.is_none() {
            self.message = Some("copied the post and its link".into());
        }
        Effect::Copy(text)
    }

    // ---- what the ui reads ----------------------------------------------------------------

    /// Wraps the reply rows and the detail text now on screen (and only those), and recounts
    /// the minimap when the list or its height changed.
    fn refresh_view(&mut self) {
        let h = self.list_height();
        let list_width = usize::from(layout::reply_list(self.screen.replies).width);
        let max_guides = self.max_guides();
        let thread_order = self.replies.order == Order::Thread;
        self.reply_rows.clear();
        let mut used = 0;
        for position in self.replies.top..self.replies.rows.len() {
            let row = self.replies.rows[position];
            if used >= h {
                break;
            }
            used += row.height();
            let depth = if thread_order {
                self.doc.post(row.post).depth as usize
            } else {
                0
            };
            let guides = depth.min(max_guides);
            // Gutter, guides, two spaces of indent.
            let width = list_width.saturating_sub(1 + 2 * guides + 2).max(1);
            let lines = if row.context {
                Rc::from(Vec::new())
            } else {
                self.wrap_cache
                    .get(&self.doc, row.post, width, ENTRY_TEXT_LINES)
            };
            self.reply_rows.push(ReplyRow {
                post: row.post,
                position,
                context: row.context,
                guides,
                lines,
            });
        }
        let strip_height = usize::from(layout::minimap(self.screen.replies).height);
        if self.minimap_key != (self.rows_generation, strip_height) {
            self.minimap_key = (self.rows_generation, strip_height);
            self.minimap = self.count_minimap(strip_height);
        }
        let detail_width = usize::from(layout::inner(self.screen.detail).width)
            .saturating_sub(2)
            .max(1);
        self.detail_why = match self
            .replies
            .selected_post()
            .map(|p| &self.doc.post(p).tone_origin)
        {
            Some(ToneOrigin::Computed { confidence, cues }) => {
                // `cues` starts with the tone and confidence; say in words what it is.
                let why = cues.split_once(": ").map_or("no tone cues", |(_, c)| c);
                article_layout::wrap(
                    &format!("~ computed, confidence {confidence:.2}; cues: {why}"),
                    detail_width,
                )
            }
            Some(ToneOrigin::Corrected) => vec!["✎ tone set by you".to_string()],
            _ => Vec::new(),
        };
        self.detail_lines = match self.replies.selected_post() {
            None => Rc::from(Vec::new()),
            Some(post) => match &self.detail_cache {
                Some((p, w, lines)) if *p == post && *w == detail_width => lines.clone(),
                _ => {
                    let text = article_layout::display_text(&self.doc, post);
                    let lines: Rc<[String]> = article_layout::wrap(&text, detail_width).into();
                    self.detail_cache = Some((post, detail_width, lines.clone()));
                    lines
                }
            },
        };
    }

    /// The most common tone in each of `height` equal slices of the list.
    fn count_minimap(&self, height: usize) -> Vec<Option<ToneKey>> {
        let rows = &self.replies.rows;
        if height == 0 || rows.is_empty() {
            return Vec::new();
        }
        // One counter per tone, and the last for untagged.
        let untagged = self.doc.tones.names.len();
        let mut counts = vec![0usize; untagged + 1];
        (0..height)
            .map(|slice| {
                let a = (slice * rows.len() / height).min(rows.len() - 1);
                let b = ((slice + 1) * rows.len() / height).clamp(a + 1, rows.len());
                counts.iter_mut().for_each(|c| *c = 0);
                for row in rows[a..b].iter().filter(|r| !r.context) {
                    let i = match self.doc.tone_key(row.post) {
                        ToneKey::Tone(t) => usize::from(t).min(untagged),
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
                    ToneKey::Tone(best as u16)
                })
            })
            .collect()
    }

    /// The quote index of a post, if the article quotes it.
    pub fn quote_of(&self, post: PostIdx) -> Option<usize> {
        self.article.quotes.iter().position(|s| s.post == post)
    }
}

#[cfg(test)]
mod tests;
