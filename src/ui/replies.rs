//! The replies pane: the rows on screen, with depth guides, and the tone strip beside them.

use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::{Color, Style, Stylize};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

use super::style::{self, Look, search_spans};
use crate::app::{
    App, ArticleView, DESCRIPTION_MARKER, Match, NewPosts, Order, Pane, ReplyView, VisibleRow,
    strip_slice,
};
use crate::model::{Document, PostIdx};

/// Depth guides cycle through these, so a reader can follow one level down a long thread.
const DEPTH_COLORS: [Color; 6] = [
    Color::Rgb(0x56, 0xb4, 0xe9),
    Color::Rgb(0xe6, 0x9f, 0x00),
    Color::Rgb(0x00, 0x9e, 0x73),
    Color::Rgb(0xcc, 0x79, 0xa7),
    Color::Rgb(0xf0, 0xe4, 0x42),
    Color::Rgb(0x00, 0x72, 0xb2),
];

/// Draws a [`ReplyView`] into the pane it was laid out for.
pub struct ReplyListWidget<'a> {
    pub view: &'a ReplyView,
    pub doc: &'a Document,
    pub look: Look<'a>,
    pub focused: bool,
    /// Which posts the article quotes ("· quoted").
    pub article: &'a ArticleView,
    pub query: Option<(&'a str, bool)>,
    /// The post of the current search match, marked "◆ match".
    pub current_match: Option<PostIdx>,
    /// What to say when every row is hidden.
    pub empty_hint: String,
    /// Posts new since the link was last opened, marked "new".
    pub new_posts: &'a NewPosts,
}

impl<'a> ReplyListWidget<'a> {
    pub fn new(app: &'a App) -> Self {
        let current_match = match app.search().query().and_then(|q| q.current_match()) {
            Some(Match::Post(p)) => Some(p),
            _ => None,
        };
        ReplyListWidget {
            view: app.replies(),
            doc: app.doc(),
            look: Look::of(app),
            focused: app.focus() == Pane::Replies && !app.overview().is_open(),
            article: app.article(),
            query: app.search().highlight(),
            current_match,
            empty_hint: format!(
                "Every tone is hidden. Press {} to show all.",
                app.keys().label_for(&crate::app::Action::ShowAllTones)
            ),
            new_posts: app.new_posts(),
        }
    }

    fn selected(&self, row: &VisibleRow) -> bool {
        row.position == self.view.list().selected
    }

    /// The depth guides before a row: one bar per level, coloured by level; a deeper row than
    /// the pane can indent shows its depth instead of more bars.
    fn guides(&self, row: &VisibleRow) -> Vec<Span<'static>> {
        let depth = self.doc.post(row.post).depth as usize;
        let mut spans: Vec<Span> = (0..row.guides)
            .map(|level| {
                let s = Span::raw("│ ");
                if self.look.theme.color {
                    s.fg(DEPTH_COLORS[level % DEPTH_COLORS.len()])
                } else {
                    s.dim()
                }
            })
            .collect();
        if depth > row.guides && row.guides > 0 {
            spans.pop();
            spans.push(Span::styled("┆ ", style::dim()));
        }
        spans
    }

    fn gutter(&self, selected: bool) -> Span<'static> {
        if selected {
            Span::styled("▌", self.look.accent())
        } else {
            Span::raw(" ")
        }
    }

    fn header(&self, row: &'a VisibleRow) -> Vec<Span<'a>> {
        let p = self.doc.post(row.post);
        let thread_order = self.view.order() == Order::Thread;
        let mut header = vec![self.gutter(self.selected(row))];
        header.extend(self.guides(row));
        header.push(self.look.post_badge(self.doc, row.post));
        header.push(Span::raw(" "));
        // Before the name, so a narrow pane keeps it; a word, not only a colour.
        if self.new_posts.is_new(row.post) {
            header.push(Span::styled("new ", self.look.accent().bold()));
        }
        if p.depth as usize > row.guides && row.guides > 0 {
            header.push(Span::styled(format!("d{} ", p.depth), style::dim()));
        }
        if p.parent.is_some() && !thread_order {
            header.push(Span::styled("↳ ", style::dim()));
        }
        if p.parent.is_none() && p.in_reply_to.is_some() {
            header.push(Span::styled("⚠ orphan ", style::dim()));
        }
        header.extend(search_spans(
            &self.look,
            self.query,
            &p.author.name,
            Style::new().bold(),
        ));
        // The fold count before the handle: a narrow pane cuts the end of the header first.
        if thread_order && self.view.is_folded(row.post) {
            let replies = self.doc.thread.descendants(row.post);
            let n = if replies == 1 {
                "1 reply".to_string()
            } else {
                format!("{replies} replies")
            };
            header.push(Span::styled(format!(" ▸ {n}"), Style::new().bold()));
        }
        if let Some(h) = &p.author.handle {
            header.push(Span::styled(format!(" @{h}"), style::dim()));
        }
        if let Some(t) = &p.created_at {
            header.push(Span::styled(format!(" · {}", t.short()), style::dim()));
        }
        if self.article.quote_of(row.post).is_some() {
            header.push(Span::styled(" · quoted", style::dim()));
        }
        if self.current_match == Some(row.post) {
            header.push(Span::styled(" ◆ match", Style::new().bold()));
        }
        header
    }

    fn entry_lines(&self, row: &'a VisibleRow) -> Vec<Line<'a>> {
        let p = self.doc.post(row.post);
        let selected = self.selected(row);
        let gutter = self.gutter(selected);
        let guides = self.guides(row);
        let width = usize::from(self.view.geometry().list.width);
        let text_style = if p.text_is_description {
            Style::new().italic()
        } else {
            Style::new()
        };
        let mut lines = vec![Line::from(style::fit(self.header(row), width))];
        for (i, t) in row.lines.iter().enumerate() {
            let mut spans = vec![gutter.clone()];
            spans.extend(guides.iter().cloned());
            spans.push(Span::raw("  "));
            if i == 0 && p.text_is_description {
                spans.push(Span::styled(DESCRIPTION_MARKER, style::dim().italic()));
            }
            spans.extend(search_spans(&self.look, self.query, t, text_style));
            lines.push(Line::from(spans));
        }
        while lines.len() < row.height {
            let mut spans = vec![gutter.clone()];
            spans.extend(guides.iter().cloned());
            lines.push(Line::from(spans));
        }
        if selected {
            let hl = self.look.highlight();
            lines.into_iter().map(|l| l.style(hl)).collect()
        } else {
            lines
        }
    }

    /// A hidden post that a shown reply answers: one dim line, so the reply keeps its context.
    fn context_line(&self, row: &VisibleRow) -> Line<'a> {
        let p = self.doc.post(row.post);
        let mut spans = vec![self.gutter(self.selected(row))];
        spans.extend(self.guides(row));
        let look = self.look.palette.look(self.doc.tone_key(row.post));
        spans.push(Span::styled(
            format!(
                "┄ {} ({}, hidden): {}",
                p.author.name,
                look.name,
                p.text.replace('\n', " ")
            ),
            style::dim().italic(),
        ));
        let width = usize::from(self.view.geometry().list.width);
        let line = Line::from(style::fit(spans, width));
        if self.selected(row) {
            line.style(self.look.highlight())
        } else {
            line
        }
    }

    /// The tone strip: each cell is a slice of the whole list in its most common tone's colour
    /// (its badge letter without colour); the slices on screen are marked.
    fn render_strip(&self, buf: &mut Buffer) {
        let strip = self.view.geometry().strip;
        let cells = self.view.strip();
        if strip.area() == 0 || cells.is_empty() {
            return;
        }
        let list = self.view.list();
        let total = list.rows.len();
        let h = usize::from(strip.height);
        let on_screen = list.top..list.top + self.view.visible().len().max(1);
        for (i, key) in cells.iter().enumerate().take(h) {
            let slice = strip_slice(i, total, h);
            let visible = slice.start < on_screen.end && on_screen.start < slice.end;
            let cell = &mut buf[(strip.x, strip.y + i as u16)];
            match (key, self.look.theme.color) {
                (Some(k), true) => {
                    let look = self.look.palette.look(*k);
                    cell.set_symbol(if visible { "█" } else { "▐" })
                        .set_style(Style::new().fg(look.color));
                }
                (Some(k), false) => {
                    let badge = self
                        .look
                        .palette
                        .look(*k)
                        .badge
                        .chars()
                        .next()
                        .unwrap_or('?');
                    let mut tmp = [0u8; 4];
                    cell.set_symbol(badge.encode_utf8(&mut tmp));
                    if visible {
                        cell.set_style(Style::new().reversed());
                    }
                }
                (None, _) => {
                    cell.set_symbol(if visible { "┃" } else { "│" })
                        .set_style(style::dim());
                }
            }
        }
    }
}

impl Widget for ReplyListWidget<'_> {
    fn render(self, _area: Rect, buf: &mut Buffer) {
        let g = *self.view.geometry();
        let list = self.view.list();
        let shown = list.rows.len();
        let position = if shown == 0 { 0 } else { list.selected + 1 };
        let mut title = vec![Span::raw(" Replies ").bold()];
        if list.order != Order::Thread {
            title.push(Span::styled(
                format!("· {} ", list.order.name()),
                style::dim(),
            ));
        }
        self.look
            .pane_block(Line::from(title), self.focused)
            .title(Line::from(format!(" {position}/{shown} ")).alignment(Alignment::Right))
            .render(g.area, buf);
        if g.list.area() == 0 {
            return;
        }
        if list.rows.is_empty() {
            let msg = if self.doc.is_empty() {
                "This document has no posts."
            } else {
                self.empty_hint.as_str()
            };
            Paragraph::new(msg)
                .style(style::dim())
                .wrap(Wrap { trim: true })
                .render(g.list, buf);
            return;
        }
        let mut y = g.list.y;
        for row in self.view.visible() {
            let lines = if row.context {
                vec![self.context_line(row)]
            } else {
                self.entry_lines(row)
            };
            let height = (lines.len() as u16).min(g.list.bottom().saturating_sub(y));
            if height == 0 {
                break;
            }
            Paragraph::new(lines).render(
                Rect {
                    y,
                    height,
                    ..g.list
                },
                buf,
            );
            y += height;
        }
        self.render_strip(buf);
    }
}
