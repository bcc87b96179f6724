//! The reader's state and how actions change it.
//!
//! `App` holds the document and the view state (focus, scroll offsets, selection, the tone
//! filter as index lists). [`App::update`] is the only thing that changes it, and it does no I/O:
//! the event loop turns terminal events into [`Action`]s and acts on the [`Effect`] it returns.

mod article_layout;
mod filter;
pub mod keymap;
pub mod layout;
mod replies;

use std::rc::Rc;

use ratatui::layout::{Position, Rect};

pub use article_layout::{ArticleLayout, ArticleLine, DESCRIPTION_MARKER, QUOTE_INDENT, QuoteSpan};
pub use filter::ToneFilter;
pub use layout::ScreenLayout;
pub use replies::{ENTRY_HEIGHT, ENTRY_TEXT_LINES, ReplyList, WrapCache};

use crate::model::{Document, PostIdx};
use crate::tone::Palette;

/// Everything the reader can be asked to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
    /// Toggle the tone at this place (1-based) in the legend.
    ToggleTone(u8),
    ShowAllTones,
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
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    None,
    Redraw,
    Quit,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    Article,
    Replies,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overlay {
    Help { scroll: u16 },
}

/// How tones are drawn: with colour, or (NO_COLOR) with badges alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub color: bool,
}

/// One reply entry on screen: the post and the first lines of its text, wrapped.
#[derive(Debug, Clone)]
pub struct ReplyRow {
    pub post: PostIdx,
    pub position: usize,
    pub lines: Rc<[String]>,
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
    /// The reply entries on screen, wrapped; refreshed after every update.
    pub reply_rows: Vec<ReplyRow>,
    /// The selected post's whole text wrapped to the detail pane.
    pub detail_lines: Rc<[String]>,
    /// A one-off message for the status line, cleared by the next key.
    pub message: Option<String>,
    wrap_cache: WrapCache,
    detail_cache: Option<(PostIdx, usize, Rc<[String]>)>,
}

impl App {
    pub fn new(doc: Document, theme: Theme) -> Self {
        let palette = Palette::new(&doc.tones);
        let filter = ToneFilter::new(&doc.tones);
        let mut replies = ReplyList::default();
        replies.rebuild(&doc, &filter, None);
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
            detail_lines: Rc::from(Vec::new()),
            message: None,
            wrap_cache: WrapCache::default(),
            detail_cache: None,
        };
        app.update(Action::Resize {
            width: 80,
            height: 24,
        });
        app
    }

    /// Applies one action. Pure state change: no I/O.
    pub fn update(&mut self, action: Action) -> Effect {
        if !matches!(action, Action::Resize { .. } | Action::ScrollAt { .. }) {
            self.message = None;
        }
        if let Some(Overlay::Help { scroll }) = self.overlay {
            match action {
                Action::ToggleHelp | Action::Back => self.overlay = None,
                Action::Quit => return Effect::Quit,
                Action::MoveDown | Action::ScrollPageDown => {
                    self.overlay = Some(Overlay::Help {
                        scroll: scroll.saturating_add(1),
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
        match action {
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
            Action::ToggleTone(n) => self.toggle_tone(n),
            Action::ShowAllTones => {
                if self.filter.any_hidden() {
                    self.filter.show_all();
                    self.rebuild_replies();
                }
            }
            Action::Resize { width, height } => self.resize(width, height),
            Action::ScrollAt { column, row, lines } => self.scroll_at(column, row, lines),
            Action::ClickAt { column, row } => self.click_at(column, row),
        }
        self.refresh_view();
        Effect::Redraw
    }

    // ---- geometry -------------------------------------------------------------------------

    fn resize(&mut self, width: u16, height: u16) {
        self.screen = ScreenLayout::new(Rect::new(0, 0, width, height));
        let text_width = layout::article_text(self.screen.article).width.max(1);
        if text_width != self.article.width || self.article.lines.is_empty() {
            // Keep the same line of text at the top across a reflow, as near as can be.
            let old_len = self.article.lines.len().max(1);
            let fraction = self.article_scroll as f64 / old_len as f64;
            self.article = ArticleLayout::new(&self.doc, text_width);
            self.article_scroll = (fraction * self.article.lines.len() as f64) as usize;
            if let Some(q) = self.quote.and_then(|q| self.article.quotes.get(q)).copied() {
                self.scroll_article_to(q);
            }
        }
        self.clamp_article();
        let per_page = self.replies_per_page();
        self.replies.scroll_to_selected(per_page);
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

    /// Reply entries that fit in the replies pane.
    pub fn replies_per_page(&self) -> usize {
        usize::from(layout::inner(self.screen.replies).height / ENTRY_HEIGHT).max(1)
    }

    /// Columns for a reply's text: the pane inside its border, less the selection gutter and indent.
    pub fn reply_text_width(&self) -> usize {
        usize::from(layout::inner(self.screen.replies).width)
            .saturating_sub(3)
            .max(1)
    }

    // ---- movement -------------------------------------------------------------------------

    fn move_focused(&mut self, delta: isize) {
        match self.focus {
            Pane::Article => {
                self.article_scroll = self.article_scroll.saturating_add_signed(delta);
                self.clamp_article();
            }
            Pane::Replies => {
                let per_page = self.replies_per_page();
                self.replies.move_by(delta, per_page);
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
                let per_page = self.replies_per_page();
                self.replies.scroll_by(dir * per_page as isize, per_page);
                self.replies.move_by(dir * per_page as isize, per_page);
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
            let per_page = self.replies_per_page();
            self.replies.scroll_by(isize::from(lines), per_page);
        }
    }

    fn click_at(&mut self, column: u16, row: u16) {
        let at = Position::new(column, row);
        if self.screen.article.contains(at) {
            self.focus = Pane::Article;
        } else if self.screen.replies.contains(at) {
            self.focus = Pane::Replies;
            let inner = layout::inner(self.screen.replies);
            if inner.contains(at) {
                let pos = self.replies.top + usize::from((row - inner.y) / ENTRY_HEIGHT);
                if pos < self.replies.visible.len() {
                    let per_page = self.replies_per_page();
                    self.replies.select(pos, per_page);
                }
            }
        }
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
        let candidates: Vec<usize> = if forward {
            let from = match self.quote {
                Some(q) => q + 1,
                None => self
                    .article
                    .quotes
                    .partition_point(|s| s.first < self.article_scroll),
            };
            (from..n).collect()
        } else {
            let to = match self.quote {
                Some(q) => q,
                None => self
                    .article
                    .quotes
                    .partition_point(|s| s.first < self.article_scroll),
            };
            (0..to).rev().collect()
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
        if let Some(pos) = self.replies.position_of(span.post) {
            let per_page = self.replies_per_page();
            self.replies.select(pos, per_page);
        }
    }

    /// Brings a quote into view, moving the article only when it is not already whole on screen.
    fn scroll_article_to(&mut self, span: QuoteSpan) {
        let h = self.article_height().max(1);
        let in_view = span.first >= self.article_scroll && span.last < self.article_scroll + h;
        if !in_view {
            // Up to two lines of the text that introduces the quote above it, when they fit.
            let context = h.saturating_sub(span.last - span.first + 1).min(2);
            self.article_scroll = span.first.saturating_sub(context);
        }
        self.clamp_article();
    }

    fn show_selected_quote(&mut self) {
        let Some(post) = self.replies.selected_post() else {
            return;
        };
        match self.article.quotes.iter().position(|s| s.post == post) {
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
        let per_page = self.replies_per_page();
        self.replies.scroll_to_selected(per_page);
    }

    // ---- what the ui reads ----------------------------------------------------------------

    /// Wraps the reply entries and the detail text now on screen (and only those).
    fn refresh_view(&mut self) {
        let per_page = self.replies_per_page();
        let width = self.reply_text_width();
        let end = (self.replies.top + per_page).min(self.replies.visible.len());
        self.reply_rows.clear();
        for position in self.replies.top..end {
            let post = self.replies.visible[position];
            let lines = self
                .wrap_cache
                .get(&self.doc, post, width, ENTRY_TEXT_LINES);
            self.reply_rows.push(ReplyRow {
                post,
                position,
                lines,
            });
        }
        let detail_width = usize::from(layout::inner(self.screen.detail).width)
            .saturating_sub(2)
            .max(1);
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

    /// The quote index of a post, if the article quotes it.
    pub fn quote_of(&self, post: PostIdx) -> Option<usize> {
        self.article.quotes.iter().position(|s| s.post == post)
    }
}

#[cfg(test)]
mod tests;
