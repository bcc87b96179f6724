//! The article pane: the article wrapped to the pane's width, how far it is scrolled, and the
//! quote last jumped to. Its geometry is computed once per resize and read by both `update` and
//! the widget that draws it.

use ratatui::layout::{Margin, Rect};

use super::action::Action;
use super::article_layout::{ArticleLayout, ArticleLine, QuoteSpan};
use crate::model::{Document, PostIdx};

#[derive(Debug, Clone, Default)]
pub struct ArticleView {
    /// The pane, border included.
    area: Rect,
    /// Where the text goes: inside the border, with a column of padding either side.
    text: Rect,
    layout: ArticleLayout,
    /// First article line on screen.
    scroll: usize,
    /// The quote last jumped to, highlighted (an index into `quotes`).
    quote: Option<usize>,
}

/// The text area of an article pane: inside the border, a column of padding either side.
pub fn text_area(area: Rect) -> Rect {
    area.inner(Margin::new(1, 1)).inner(Margin::new(1, 0))
}

impl ArticleView {
    /// Lays the pane out in `area`, rewrapping the article when the width changed, and keeps the
    /// same part of it on screen. True when the article was rewrapped (its line numbers moved).
    pub fn resize(&mut self, area: Rect, doc: &Document) -> bool {
        self.area = area;
        self.text = text_area(area);
        let width = self.text.width.max(1);
        let reflow = width != self.layout.width || self.layout.lines.is_empty();
        if reflow {
            let old_len = self.layout.lines.len().max(1);
            let fraction = self.scroll as f64 / old_len as f64;
            self.layout = ArticleLayout::new(doc, width);
            self.scroll = (fraction * self.layout.lines.len() as f64) as usize;
            if let Some(span) = self.quote.and_then(|q| self.layout.quotes.get(q)).copied() {
                self.scroll_to_lines(span.first, span.last);
            }
        }
        self.clamp();
        reflow
    }

    /// Lays the article out again for a document that grew (its quotes may now find their
    /// posts), keeping the scroll.
    pub fn relayout(&mut self, doc: &Document) {
        self.layout = ArticleLayout::new(doc, self.text.width.max(1));
        self.clamp();
    }

    pub fn area(&self) -> Rect {
        self.area
    }

    pub fn text_rect(&self) -> Rect {
        self.text
    }

    /// Article lines that fit on screen.
    pub fn height(&self) -> usize {
        usize::from(self.text.height)
    }

    pub fn lines(&self) -> &[ArticleLine] {
        &self.layout.lines
    }

    pub fn quotes(&self) -> &[QuoteSpan] {
        &self.layout.quotes
    }

    pub fn scroll(&self) -> usize {
        self.scroll
    }

    pub fn quote(&self) -> Option<usize> {
        self.quote
    }

    /// The quote index of a post, if the article quotes it.
    pub fn quote_of(&self, post: PostIdx) -> Option<usize> {
        self.layout.quotes.iter().position(|s| s.post == post)
    }

    /// How far down the reader is: "all" when it fits, else the share read.
    pub fn position_label(&self) -> String {
        let total = self.layout.lines.len();
        let height = self.height();
        if total <= height {
            "all".to_string()
        } else {
            format!("{}%", (self.scroll + height).min(total) * 100 / total)
        }
    }

    /// Scrolling keys while the article has focus. False for an action that is not one.
    pub fn update(&mut self, action: &Action) -> bool {
        match action {
            Action::MoveDown => self.scroll_by(1),
            Action::MoveUp => self.scroll_by(-1),
            // Keep two lines of the old page for context.
            Action::ScrollPageDown => self.scroll_by(self.page()),
            Action::ScrollPageUp => self.scroll_by(-self.page()),
            Action::HalfPageDown => self.scroll_by(self.half_page()),
            Action::HalfPageUp => self.scroll_by(-self.half_page()),
            Action::Top => self.scroll_by(isize::MIN),
            Action::Bottom => self.scroll_by(isize::MAX),
            _ => return false,
        }
        true
    }

    fn half_page(&self) -> isize {
        (self.height() / 2).max(1) as isize
    }

    fn page(&self) -> isize {
        self.height().saturating_sub(2).max(1) as isize
    }

    pub fn scroll_by(&mut self, delta: isize) {
        self.scroll = self.scroll.saturating_add_signed(delta);
        self.clamp();
    }

    /// Puts the view back where it was (a cancelled search).
    pub fn set_scroll(&mut self, scroll: usize) {
        self.scroll = scroll;
        self.clamp();
    }

    /// Highlights quote `q` and brings it into view.
    pub fn jump_to_quote(&mut self, q: usize) {
        if let Some(span) = self.layout.quotes.get(q).copied() {
            self.quote = Some(q);
            self.scroll_to_lines(span.first, span.last);
        }
    }

    /// Brings a quote into view without changing which one is highlighted.
    pub fn show_quote(&mut self, q: usize) {
        if let Some(span) = self.layout.quotes.get(q).copied() {
            self.scroll_to_lines(span.first, span.last);
        }
    }

    /// Brings lines `first..=last` into view, moving only when they are not already whole on
    /// screen, with up to two lines of what comes before when they fit.
    pub fn scroll_to_lines(&mut self, first: usize, last: usize) {
        let h = self.height().max(1);
        let in_view = first >= self.scroll && last < self.scroll + h;
        if !in_view {
            let context = h.saturating_sub(last.saturating_sub(first) + 1).min(2);
            self.scroll = first.saturating_sub(context);
        }
        self.clamp();
    }

    /// The first quote at or after the top of the view: where `]` starts when no quote is
    /// highlighted yet.
    pub fn first_quote_on_screen(&self) -> usize {
        self.layout
            .quotes
            .partition_point(|s| s.first < self.scroll)
    }

    fn clamp(&mut self) {
        let max = self.layout.lines.len().saturating_sub(self.height());
        self.scroll = self.scroll.min(max);
    }
}
