//! The reader's state and how actions change it.
//!
//! [`App`] is a small router. It owns the document, the focus, the key tables and one component
//! per pane or overlay (the article, the replies, the detail pane, search, help, the tone
//! picker), each with its own state and geometry. A key becomes an [`Action`] through the key
//! table of the current [`Mode`]; `update` hands it to the open overlay, or to the focused pane,
//! or carries out the few actions that move several panes at once (quote jumps, search, the tone
//! filter). `update` changes nothing outside the app and does no I/O: what needs the world
//! outside comes back as an [`Effect`] for the event loop, whose answer returns as an action.
//! Nothing else changes an `App` once it is built.

mod action;
mod article;
mod article_layout;
mod detail;
mod filter;
mod help;
pub mod keymap;
mod layout;
mod link;
mod navigate;
mod overview;
mod picker;
mod post_filter;
mod replies;
mod search;
mod tones;
mod wrap;

use crossterm::event::{Event, KeyEventKind};
use ratatui::layout::{Position, Rect};

pub use action::{
    Action, Arrived, Correction, Effect, FilterRequest, Filtered, Mode, Pane, Refetched,
};
pub use article::ArticleView;
pub use article_layout::{ArticleLine, QUOTE_INDENT, QuoteSpan};
pub use detail::{DETAIL_PADDING, DetailView};
pub use filter::{PostMask, ToneFilter};
pub use help::{HelpOverlay, HelpRow};
pub use keymap::KeyMap;
pub use layout::{MIN_HEIGHT, MIN_WIDTH, ScreenLayout};
pub use link::{Link, NewPosts};
pub use overview::{
    CHART_HEIGHT, ChartWindow, OverviewLine, OverviewView, Target as OverviewTarget, chart_window,
};
pub use picker::TonePicker;
pub use post_filter::FilterPrompt;
pub use replies::{
    ENTRY_HEIGHT, ENTRY_TEXT_LINES, Order, ReplyGeometry, ReplyList, ReplyView, Row, VisibleRow,
    strip_slice,
};
pub use search::{
    Match, PostMatcher, PostsFound, Query, Search, SearchRequest, look_through, ranges_in,
};
pub use wrap::DESCRIPTION_MARKER;

use crate::model::{Document, PostIdx, ToneIdx, ToneOrigin};
use crate::tone::Palette;
use search::Scan;

/// Up to this many posts, a search looks through them while the key waits (a few
/// milliseconds); a larger document is searched on a worker that streams its matches in.
pub const SEARCH_HERE_UP_TO: usize = 20_000;

/// How tones are drawn: with colour, or (NO_COLOR) with badges alone; and how many colours the
/// terminal shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub color: bool,
    pub depth: crate::ui::ColorDepth,
    /// The chrome's colours.
    pub ui: UiColors,
}

/// The colours of the reader's chrome (the tones' are in the palette).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UiColors {
    /// Focused borders, the selection's mark.
    pub accent: ratatui::style::Color,
    /// The selected reply's background.
    pub selection: ratatui::style::Color,
    /// A search hit's background.
    pub search: ratatui::style::Color,
    /// Dim text (hints, guides, hidden rows) in this colour instead of the terminal's dim.
    pub dim: Option<ratatui::style::Color>,
}

impl UiColors {
    pub const DEFAULT: UiColors = UiColors {
        accent: ratatui::style::Color::Rgb(0x56, 0xb4, 0xe9),
        selection: ratatui::style::Color::Rgb(0x2a, 0x33, 0x44),
        search: ratatui::style::Color::Rgb(0xf0, 0xe4, 0x42),
        dim: None,
    };
}

impl Theme {
    /// Colour or not, at 24 bits: what the tests and benches draw with.
    pub const fn new(color: bool) -> Theme {
        Theme {
            color,
            depth: crate::ui::ColorDepth::TrueColor,
            ui: UiColors::DEFAULT,
        }
    }
}

/// An overlay over the panes; while one is open it takes every key.
#[derive(Debug, Clone)]
pub enum Overlay {
    Help(HelpOverlay),
    TonePicker(TonePicker),
}

/// What a component made of an action it was handed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Not one of its actions; nothing changed.
    Ignored,
    Done,
    /// Done, or refused, with something to tell the reader.
    Say(String),
    /// The overlay is to close.
    Close,
    Quit,
    /// The picker's choice: a place in the document's tones.
    Choose(usize),
}

/// The status line's own state: a one-off message, and the background tagger's progress.
#[derive(Debug, Clone, Default)]
pub struct Status {
    /// Shown until the reader's next key.
    pub message: Option<String>,
    /// Background tagging: posts done and in all, while it runs.
    pub tagging: Option<(usize, usize)>,
    /// Reading the document while it is shown: posts in, and about how many there are.
    pub loading: Option<(usize, Option<usize>)>,
}

#[derive(Debug)]
pub struct App {
    doc: Document,
    keys: KeyMap,
    palette: Palette,
    theme: Theme,
    screen: ScreenLayout,
    focus: Pane,
    overlay: Option<Overlay>,
    article: ArticleView,
    replies: ReplyView,
    detail: DetailView,
    search: Search,
    /// Posts a search may look through while a key waits; above it, a worker does it.
    search_here_up_to: usize,
    /// Posts left for the search worker, asked for by the last action.
    search_request: Option<SearchRequest>,
    filter: ToneFilter,
    status: Status,
    /// Tones the reader set in this session, kept over a document that is still arriving.
    corrected: Vec<(PostIdx, ToneIdx)>,
    /// The link the document came from, if it did.
    link: Option<Link>,
    /// Posts new since the link was last opened.
    new_posts: NewPosts,
    /// The config's tone colours and badges.
    palette_theme: crate::tone::PaletteTheme,
    /// The overview pane (`v`): the figures, when open.
    overview: OverviewView,
    /// The filter prompt (`f`), while it is open.
    filter_prompt: Option<FilterPrompt>,
    /// Bumped for each filter set, so its mask is told apart cheaply.
    filter_generation: u64,
    /// The filter a worker is matching (its generation), and the request for the loop.
    filter_pending: Option<u64>,
    filter_request: Option<FilterRequest>,
    /// Muted authors; `Err` says why muting is off (the saved list could not be read).
    mutes: Result<crate::mutes::Mutes, String>,
    /// Something on screen changed since the last draw.
    dirty: bool,
}

impl App {
    pub fn new(doc: Document, theme: Theme) -> Self {
        let palette = Palette::new(&doc.tones);
        let filter = ToneFilter::new(&doc.tones);
        let replies = ReplyView::new(&doc, &filter);
        let mut app = App {
            doc,
            keys: KeyMap::default(),
            palette,
            theme,
            screen: ScreenLayout::default(),
            focus: Pane::Article,
            overlay: None,
            article: ArticleView::default(),
            replies,
            detail: DetailView::default(),
            search: Search::default(),
            search_here_up_to: SEARCH_HERE_UP_TO,
            search_request: None,
            filter,
            status: Status::default(),
            corrected: Vec::new(),
            link: None,
            new_posts: NewPosts::default(),
            palette_theme: Default::default(),
            overview: OverviewView::default(),
            filter_prompt: None,
            filter_generation: 0,
            mutes: Ok(Default::default()),
            filter_pending: None,
            filter_request: None,
            dirty: true,
        };
        app.update(Action::Resize {
            width: 80,
            height: 24,
        });
        app
    }

    /// Takes a config's keys and tone colours and badges (before the reader starts).
    pub fn configure(&mut self, keys: KeyMap, palette: crate::tone::PaletteTheme) {
        self.keys = keys;
        self.palette_theme = palette;
        self.palette = Palette::themed(&self.doc.tones, &self.palette_theme);
        self.dirty = true;
    }

    // ---- what the ui and the tests read ---------------------------------------------------

    pub fn doc(&self) -> &Document {
        &self.doc
    }

    pub fn keys(&self) -> &KeyMap {
        &self.keys
    }

    pub fn palette(&self) -> &Palette {
        &self.palette
    }

    pub fn theme(&self) -> Theme {
        self.theme
    }

    pub fn screen(&self) -> &ScreenLayout {
        &self.screen
    }

    pub fn focus(&self) -> Pane {
        self.focus
    }

    pub fn overlay(&self) -> Option<&Overlay> {
        self.overlay.as_ref()
    }

    pub fn article(&self) -> &ArticleView {
        &self.article
    }

    pub fn replies(&self) -> &ReplyView {
        &self.replies
    }

    pub fn detail(&self) -> &DetailView {
        &self.detail
    }

    pub fn search(&self) -> &Search {
        &self.search
    }

    pub fn filter(&self) -> &ToneFilter {
        &self.filter
    }

    pub fn status(&self) -> &Status {
        &self.status
    }

    pub fn link(&self) -> Option<&Link> {
        self.link.as_ref()
    }

    pub fn new_posts(&self) -> &NewPosts {
        &self.new_posts
    }

    pub fn overview(&self) -> &OverviewView {
        &self.overview
    }

    /// The muted authors, or why muting is off.
    pub fn mutes(&self) -> Result<&crate::mutes::Mutes, &str> {
        self.mutes.as_ref().map_err(String::as_str)
    }

    /// Takes the muted authors saved before (or why they could not be read).
    pub fn configure_mutes(&mut self, mutes: Result<crate::mutes::Mutes, String>) {
        let none = self.mutes().is_ok_and(|m| m.is_empty());
        self.mutes = mutes;
        // Nobody muted before or after: nothing to list again (a large file's start-up).
        if none && self.mutes().is_ok_and(|m| m.is_empty()) {
            return;
        }
        self.refilter();
        self.replies.rebuild(&self.doc, &self.filter);
        self.dirty = true;
    }

    pub fn filter_prompt(&self) -> Option<&FilterPrompt> {
        self.filter_prompt.as_ref()
    }

    /// Counts the overview in this time zone rather than the system's (tests).
    pub fn set_time_zone(&mut self, tz: &jiff::tz::TimeZone, name: &str) {
        self.overview.set_time_zone(tz, name);
        self.refresh();
    }

    /// Counts the overview on a worker above this many posts (tests).
    pub fn count_overview_here_up_to(&mut self, posts: usize) {
        self.overview.count_here_up_to(posts);
    }

    pub fn message(&self) -> Option<&str> {
        self.status.message.as_deref()
    }

    /// Which key table applies now.
    pub fn mode(&self) -> Mode {
        match &self.overlay {
            Some(Overlay::Help(_)) => Mode::Help,
            Some(Overlay::TonePicker(_)) => Mode::TonePicker,
            None if self.filter_prompt.is_some() => Mode::FilterPrompt,
            None if self.search.is_editing() => Mode::SearchPrompt,
            None if self.overview.is_open() => Mode::Overview,
            None => Mode::Normal,
        }
    }

    /// Whether something changed on screen since the last call: the loop draws when it did.
    pub fn take_dirty(&mut self) -> bool {
        std::mem::take(&mut self.dirty)
    }

    // ---- input ----------------------------------------------------------------------------

    /// The action a terminal event stands for in the current mode, through the key tables.
    pub fn action_for(&self, event: &Event) -> Option<Action> {
        match event {
            Event::Key(k) if k.kind == KeyEventKind::Press => self.keys.action_for(self.mode(), *k),
            Event::Mouse(m) => self.keys.action_for_mouse(self.mode(), *m),
            Event::Resize(width, height) => Some(Action::Resize {
                width: *width,
                height: *height,
            }),
            _ => None,
        }
    }

    /// Handles a terminal event: a key or the mouse through the key tables, or a resize. A key
    /// the table does not bind still ends a one-off message, as every key does.
    pub fn handle_event(&mut self, event: &Event) -> Effect {
        match self.action_for(event) {
            Some(action) => self.update(action),
            None => {
                if matches!(event, Event::Key(k) if k.kind == KeyEventKind::Press)
                    && self.status.message.take().is_some()
                {
                    self.dirty = true;
                }
                Effect::None
            }
        }
    }

    /// Applies one action.
    pub fn update(&mut self, action: Action) -> Effect {
        // A message lasts until the reader's next key.
        if action.is_from_reader() && self.status.message.take().is_some() {
            self.dirty = true;
        }
        let effect = match action {
            Action::Resize { width, height } => {
                self.resize(width, height);
                self.dirty = true;
                Effect::None
            }
            Action::Notify(m) => {
                self.say(m);
                Effect::None
            }
            Action::TaggingStarted(_) | Action::TonesComputed(_) | Action::TaggingFailed => {
                self.tagging(action);
                Effect::None
            }
            Action::DocumentArrived(arrived) => {
                self.arrived(arrived);
                Effect::None
            }
            Action::LoadProgress { posts, expected } => {
                // Only while a load is shown: a count from before the whole arrived is stale.
                if self.status.loading.is_some() {
                    self.status.loading = Some((posts, expected));
                    self.dirty = true;
                }
                Effect::None
            }
            Action::PostsFound(found) => {
                self.posts_found(found);
                Effect::None
            }
            Action::Filtered(f) => {
                self.filtered(*f);
                self.dirty = true;
                Effect::None
            }
            Action::Tallied(t) => {
                self.overview.tallied(*t, &self.filter);
                self.dirty = true;
                Effect::None
            }
            Action::LinkOpened { .. }
            | Action::Refetching(_)
            | Action::Refetched(_)
            | Action::RefetchFailed(_) => {
                self.link_news(action);
                Effect::None
            }
            Action::FocusPost(id) => {
                self.focus_post(&id);
                self.dirty = true;
                Effect::None
            }
            action => match self.overlay.take() {
                Some(overlay) => self.update_overlay(overlay, &action),
                None => self.update_panes(action),
            },
        };
        self.refresh();
        if effect != Effect::None {
            return effect;
        }
        // Work for a worker goes out with an action that asked for no other effect; a count
        // asked for meanwhile waits for the next action.
        if let Some(request) = self.search_request.take() {
            return Effect::Search(request);
        }
        if let Some(request) = self.filter_request.take() {
            return Effect::Filter(Box::new(request));
        }
        match self.overview.take_request() {
            Some(request) => Effect::Tally(Box::new(request)),
            None => Effect::None,
        }
    }

    fn say(&mut self, message: impl Into<String>) {
        self.status.message = Some(message.into());
        self.dirty = true;
    }

    /// An open overlay takes every key; the panes wait until it closes.
    fn update_overlay(&mut self, mut overlay: Overlay, action: &Action) -> Effect {
        let outcome = match &mut overlay {
            Overlay::Help(help) => help.update(action),
            Overlay::TonePicker(picker) => picker.update(action),
        };
        let mut effect = Effect::None;
        match outcome {
            Outcome::Ignored => {}
            Outcome::Done => self.dirty = true,
            Outcome::Say(m) => self.say(m),
            Outcome::Close => {
                self.dirty = true;
                return Effect::None;
            }
            Outcome::Quit => return Effect::Quit,
            Outcome::Choose(place) => {
                if let Overlay::TonePicker(picker) = &overlay {
                    effect = self.correct_tone(picker.post(), place);
                }
                return effect;
            }
        }
        self.overlay = Some(overlay);
        effect
    }

    /// Keys while reading: the focused pane's own, and those that move several panes.
    fn update_panes(&mut self, action: Action) -> Effect {
        self.dirty = true;
        if self.overview.is_open()
            && let Some(outcome) = self.update_overview(&action)
        {
            if let Outcome::Say(m) = outcome {
                self.say(m);
            }
            return Effect::None;
        }
        let doc = &self.doc;
        let keys = &self.keys;
        let filter = &self.filter;
        let outcome = match action {
            // Esc clears a search's highlights before it quits.
            Action::Back if self.search.is_active() => {
                self.search.clear();
                Outcome::Done
            }
            Action::Quit | Action::Back => return Effect::Quit,
            Action::ToggleHelp => {
                self.overlay = Some(Overlay::Help(HelpOverlay::new(keys, self.screen.area)));
                Outcome::Done
            }
            Action::FocusNext | Action::FocusPrev => {
                self.focus = self.focus.other();
                Outcome::Done
            }
            Action::MoveDown
            | Action::MoveUp
            | Action::ScrollPageDown
            | Action::ScrollPageUp
            | Action::HalfPageDown
            | Action::HalfPageUp
            | Action::Top
            | Action::Bottom => self.update_focused(&action),
            Action::Parent => {
                let moved = self.replies.go_parent(doc, keys);
                self.focus_replies_if_moved(moved)
            }
            Action::FirstReply => {
                let moved = self.replies.go_first_reply(doc, filter, keys);
                self.focus_replies_if_moved(moved)
            }
            Action::NextSibling | Action::PrevSibling => {
                let forward = action == Action::NextSibling;
                let moved = self.replies.go_sibling(doc, forward);
                self.focus_replies_if_moved(moved)
            }
            Action::ToggleFold => self.replies.toggle_fold(doc, filter, keys),
            Action::FoldAll => self.replies.fold_all(doc, filter, keys, true),
            Action::UnfoldAll => self.replies.fold_all(doc, filter, keys, false),
            Action::ToggleContext => Outcome::Say(if self.replies.toggle_context(doc, filter) {
                "hidden posts that shown replies answer are kept as context rows".into()
            } else {
                "matches only: hidden posts are left out".into()
            }),
            Action::CycleOrder => self.cycle_order(),
            Action::NextQuote => self.step_quote(true),
            Action::PrevQuote => self.step_quote(false),
            Action::ShowQuote => self.show_selected_quote(),
            Action::ToggleTone(n) => self.toggle_tone(n),
            Action::ShowAllTones => self.show_all_tones(),
            Action::ToggleMute | Action::UnmuteAll => return self.mute(&action),
            Action::UseFilter(text) => self.use_filter(&text),
            Action::FilterStart
            | Action::FilterInput(_)
            | Action::FilterBackspace
            | Action::FilterAccept
            | Action::FilterCancel => self.update_filter(action),
            Action::SearchStart
            | Action::SearchInput(_)
            | Action::SearchBackspace
            | Action::SearchAccept
            | Action::SearchCancel
            | Action::NextMatch
            | Action::PrevMatch => self.update_search(action),
            Action::OpenLink => return self.open_link(),
            Action::CopyPost => return self.copy_post(),
            Action::PickTone => self.open_picker(),
            Action::ToggleOverview => self.toggle_overview(),
            Action::Suspend => return Effect::Suspend,
            Action::Redraw => return Effect::Redraw,
            Action::Refresh => return self.ask_refresh(),
            Action::NextNew | Action::PrevNew => self.step_new(action == Action::NextNew),
            Action::ScrollAt { column, row, lines } => {
                self.scroll_at(Position::new(column, row), lines)
            }
            Action::ClickAt { column, row } => self.click_at(Position::new(column, row)),
            _ => Outcome::Ignored,
        };
        if let Outcome::Say(m) = outcome {
            self.say(m);
        }
        Effect::None
    }

    /// Moving and scrolling go to the pane with focus.
    fn update_focused(&mut self, action: &Action) -> Outcome {
        match self.focus {
            Pane::Article => {
                self.article.update(action);
                Outcome::Done
            }
            Pane::Replies => self.replies.update(action),
        }
    }

    /// A move in the reply tree gives the replies focus when it moved.
    fn focus_replies_if_moved(&mut self, outcome: Outcome) -> Outcome {
        if outcome == Outcome::Done {
            self.focus = Pane::Replies;
        }
        outcome
    }

    fn scroll_at(&mut self, at: Position, lines: i8) -> Outcome {
        if self.article.area().contains(at) {
            self.article.scroll_by(isize::from(lines) * 3);
        } else if self.replies.geometry().area.contains(at) {
            self.replies.scroll_by(isize::from(lines));
        }
        Outcome::Done
    }

    fn click_at(&mut self, at: Position) -> Outcome {
        if self.article.area().contains(at) {
            self.focus = Pane::Article;
        } else if self.replies.geometry().area.contains(at) {
            self.focus = Pane::Replies;
            self.replies.click(at);
        }
        Outcome::Done
    }

    // ---- geometry -------------------------------------------------------------------------

    fn resize(&mut self, width: u16, height: u16) {
        self.screen =
            ScreenLayout::with_overview(Rect::new(0, 0, width, height), self.overview.is_open());
        self.overview
            .resize(self.screen.overview, self.screen.overview_full);
        let reflowed = self.article.resize(self.screen.article, &self.doc);
        // Article matches are line numbers, which a reflow changes.
        if reflowed && self.search.is_active() {
            self.run_search(false, Scan::Keep);
        }
        self.replies.resize(self.screen.replies);
        self.detail.resize(self.screen.detail);
        match &mut self.overlay {
            Some(Overlay::Help(help)) => help.resize(self.screen.area),
            Some(Overlay::TonePicker(picker)) => picker.resize(self.screen.area),
            None => {}
        }
    }

    /// More of the document, read while it is shown: the legend, the list and the article take
    /// it in, and the reader's view stays where it was.
    fn arrived(&mut self, arrived: Arrived) {
        let mut doc = *arrived.doc;
        for &(post, tone) in &self.corrected {
            if (post as usize) < doc.len() && (tone as usize) < doc.tones.names.len() {
                doc.set_tone(post, Some(tone), ToneOrigin::Corrected);
            }
        }
        let new_tones = doc.tones.names.len() != self.doc.tones.names.len();
        self.doc = doc;
        if new_tones {
            self.palette = Palette::themed(&self.doc.tones, &self.palette_theme);
        }
        self.filter.refresh(&self.doc.tones);
        self.refilter();
        self.replies.regrow(&self.doc, &self.filter);
        self.overview.forget();
        self.article.relayout(&self.doc);
        if self.search.is_active() {
            self.run_search(false, Scan::Rest);
        }
        self.status.loading = arrived.loading;
        self.dirty = true;
    }

    /// Wraps what is now on screen: the visible reply rows and the selected post's detail.
    fn refresh(&mut self) {
        self.replies.refresh(&self.doc);
        self.detail.refresh(&self.doc, self.replies.selected_post());
        self.overview
            .refresh(&self.doc, &self.filter, self.corrected.len());
    }
}

#[cfg(test)]
mod tests;
