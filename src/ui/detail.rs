use ratatui::Frame;
use ratatui::style::{Style, Stylize};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Padding, Paragraph};

use super::style;
use crate::app::{App, DESCRIPTION_MARKER};

/// The selected post whole: who, when, where it lives, what it answers, and all its text.
pub fn draw(frame: &mut Frame, app: &App) {
    let area = app.screen.detail;
    if area.area() == 0 {
        return;
    }
    let block = Block::new()
        .borders(Borders::ALL)
        .border_style(style::dim())
        .title(Line::from(" Post ").bold())
        .padding(Padding::horizontal(1));
    let Some(idx) = app.replies.selected_post() else {
        frame.render_widget(block, area);
        return;
    };
    let p = app.doc.post(idx);
    let key = app.doc.tone_key(idx);
    let look = app.palette.look(key);
    let width = usize::from(area.width.saturating_sub(4));
    let mut who = vec![Span::raw(p.author.name.as_str()).bold()];
    if let Some(h) = &p.author.handle {
        who.push(Span::styled(format!(" @{h}"), style::dim()));
    }
    let mut tag = vec![
        style::post_badge(app, idx),
        Span::styled(format!(" {}", look.name), style::tone_color(app, key)),
    ];
    match &p.created_at {
        Some(t) => tag.push(Span::raw(format!(" · {t}"))),
        None => tag.push(Span::styled(" · time not given", style::dim())),
    }
    let mut whence = Vec::new();
    if let Some(parent) = p.parent {
        whence.push(Span::styled(
            format!("↳ {} · ", app.doc.post(parent).author.name),
            style::dim(),
        ));
    } else if let Some(missing) = &p.in_reply_to {
        whence.push(Span::styled(
            format!("↳ {missing:?} (not in the file) · "),
            style::dim(),
        ));
    }
    match &p.url {
        Some(u) => whence.push(Span::raw(u.as_str()).underlined()),
        None => whence.push(Span::styled("no URL", style::dim())),
    }
    let mut lines: Vec<Line> = [who, tag, whence]
        .into_iter()
        .map(|spans| Line::from(style::fit(spans, width)))
        .collect();
    lines.extend(
        app.detail_why
            .iter()
            .map(|l| Line::styled(l.as_str(), style::dim())),
    );
    let text_style = if p.text_is_description {
        Style::new().italic()
    } else {
        Style::new()
    };
    for (i, t) in app.detail_lines.iter().enumerate() {
        match t.strip_prefix(DESCRIPTION_MARKER) {
            Some(rest) if i == 0 && p.text_is_description => lines.push(Line::from(vec![
                Span::styled(DESCRIPTION_MARKER, style::dim().italic()),
                Span::styled(rest, text_style),
            ])),
            _ => lines.push(Line::styled(t.as_str(), text_style)),
        }
    }
    frame.render_widget(Paragraph::new(lines).block(block), area);
}
