//! The detail pane: the selected post whole, who wrote it, when, where it lives, what it
//! answers, and how its tone was set.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Style, Stylize};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Padding, Paragraph, Widget};

use super::style::{self, Look};
use crate::app::{App, DESCRIPTION_MARKER, DETAIL_PADDING, DetailView};
use crate::model::Document;

/// Draws a [`DetailView`] into the pane it was laid out for.
pub struct DetailWidget<'a> {
    pub view: &'a DetailView,
    pub doc: &'a Document,
    pub look: Look<'a>,
}

impl<'a> DetailWidget<'a> {
    pub fn new(app: &'a App) -> Self {
        DetailWidget {
            view: app.detail(),
            doc: app.doc(),
            look: Look::of(app),
        }
    }
}

impl Widget for DetailWidget<'_> {
    fn render(self, _area: Rect, buf: &mut Buffer) {
        let area = self.view.area();
        if area.area() == 0 {
            return;
        }
        let block = Block::new()
            .borders(Borders::ALL)
            .border_style(style::dim())
            .title(Line::from(" Post ").bold())
            .padding(Padding::horizontal(DETAIL_PADDING));
        let Some(idx) = self.view.post() else {
            block.render(area, buf);
            return;
        };
        let (doc, look) = (self.doc, &self.look);
        let p = doc.post(idx);
        let key = doc.tone_key(idx);
        let width = self.view.width();
        let mut who = vec![Span::raw(p.author.name.as_str()).bold()];
        if let Some(h) = &p.author.handle {
            who.push(Span::styled(format!(" @{h}"), style::dim()));
        }
        let mut tag = vec![
            look.post_badge(doc, idx),
            Span::styled(
                format!(" {}", look.palette.look(key).name),
                look.tone_color(key),
            ),
        ];
        match &p.created_at {
            Some(t) => tag.push(Span::raw(format!(" · {t}"))),
            None => tag.push(Span::styled(" · time not given", style::dim())),
        }
        let mut whence = Vec::new();
        if let Some(parent) = p.parent {
            whence.push(Span::styled(
                format!("↳ {} · ", doc.post(parent).author.name),
                style::dim(),
            ));
        } else if let Some(missing) = &p.in_reply_to {
            whence.push(Span::styled(
                format!("↳ {missing:?} (not in the file) · "),
                style::dim(),
            ));
        }
        match &p.url {
            Some(u) => whence.push(Span::raw(*u).underlined()),
            None => whence.push(Span::styled("no URL", style::dim())),
        }
        let mut lines: Vec<Line> = [who, tag, whence]
            .into_iter()
            .map(|spans| Line::from(style::fit(spans, width)))
            .collect();
        lines.extend(
            self.view
                .why()
                .iter()
                .map(|l| Line::styled(l.as_str(), style::dim())),
        );
        let text_style = if p.text_is_description {
            Style::new().italic()
        } else {
            Style::new()
        };
        for (i, t) in self.view.lines().iter().enumerate() {
            let mut spans = Vec::new();
            if i == 0 && p.text_is_description {
                spans.push(Span::styled(DESCRIPTION_MARKER, style::dim().italic()));
            }
            spans.push(Span::styled(t.as_str(), text_style));
            lines.push(Line::from(spans));
        }
        Paragraph::new(lines).block(block).render(area, buf);
    }
}
