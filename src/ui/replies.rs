use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::{Style, Stylize};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::style;
use crate::app::{App, DESCRIPTION_MARKER, ENTRY_HEIGHT, Pane, ReplyRow, layout};

pub fn draw(frame: &mut Frame, app: &App) {
    let area = app.screen.replies;
    let focused = app.focus == Pane::Replies;
    let shown = app.replies.visible.len();
    let position = if shown == 0 {
        0
    } else {
        app.replies.selected + 1
    };
    let block = style::pane_block(app, Line::from(" Replies ").bold(), focused)
        .title(Line::from(format!(" {position}/{shown} ")).alignment(Alignment::Right));
    frame.render_widget(block, area);
    let inner = layout::inner(area);
    if inner.area() == 0 {
        return;
    }
    if app.replies.visible.is_empty() {
        let msg = if app.doc.posts.is_empty() {
            "This document has no posts."
        } else {
            "Every tone is hidden. Press 0 to show all."
        };
        frame.render_widget(
            Paragraph::new(msg)
                .style(style::dim())
                .wrap(Wrap { trim: true }),
            inner,
        );
        return;
    }
    for (i, row) in app.reply_rows.iter().enumerate() {
        let y = inner.y + i as u16 * ENTRY_HEIGHT;
        let height = ENTRY_HEIGHT.min(inner.bottom().saturating_sub(y));
        if height == 0 {
            break;
        }
        let entry = Rect { y, height, ..inner };
        frame.render_widget(Paragraph::new(entry_lines(app, row)), entry);
    }
}

fn entry_lines<'a>(app: &'a App, row: &'a ReplyRow) -> Vec<Line<'a>> {
    let p = app.doc.post(row.post);
    let key = app.doc.tone_key(row.post);
    let selected = row.position == app.replies.selected;
    let gutter = if selected {
        Span::styled(
            "▌",
            if app.theme.color {
                Style::new().fg(style::ACCENT)
            } else {
                Style::new().bold()
            },
        )
    } else {
        Span::raw(" ")
    };
    let mut header = vec![gutter.clone(), style::badge(app, key), Span::raw(" ")];
    if p.parent.is_some() {
        header.push(Span::styled("↳ ", style::dim()));
    }
    header.push(Span::raw(p.author.name.as_str()).bold());
    if let Some(h) = &p.author.handle {
        header.push(Span::styled(format!(" @{h}"), style::dim()));
    }
    if let Some(t) = &p.created_at {
        header.push(Span::styled(format!(" · {}", t.short()), style::dim()));
    }
    if app.quote_of(row.post).is_some() {
        header.push(Span::styled(" · quoted", style::dim()));
    }
    let text_style = if p.text_is_description {
        Style::new().italic()
    } else {
        Style::new()
    };
    let width = usize::from(layout::inner(app.screen.replies).width);
    let mut lines = vec![Line::from(style::fit(header, width))];
    for (i, t) in row.lines.iter().enumerate() {
        let mut spans = vec![gutter.clone(), Span::raw("  ")];
        match t.strip_prefix(DESCRIPTION_MARKER) {
            Some(rest) if i == 0 && p.text_is_description => {
                spans.push(Span::styled(DESCRIPTION_MARKER, style::dim().italic()));
                spans.push(Span::styled(rest, text_style));
            }
            _ => spans.push(Span::styled(t.as_str(), text_style)),
        }
        lines.push(Line::from(spans));
    }
    while lines.len() < usize::from(ENTRY_HEIGHT) {
        lines.push(Line::from(gutter.clone()));
    }
    if selected {
        lines
            .into_iter()
            .map(|l| l.style(style::highlight(app)))
            .collect()
    } else {
        lines
    }
}
