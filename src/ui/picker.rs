use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Stylize;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Padding, Paragraph};

use super::style;
use crate::app::App;
use crate::model::{PostIdx, ToneKey};

/// The tone picker: every tone of the document by place, badge and name; the post's current
/// tone marked, the highlighted one reversed.
pub fn draw(frame: &mut Frame, app: &App, post: PostIdx, cursor: usize) {
    let area = frame.area();
    let names = &app.doc.tones.names;
    let current = app.doc.post(post).tone.map(usize::from);
    let mut lines: Vec<Line> = names
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let key = ToneKey::Tone(i as u16);
            let place = if i < 9 {
                format!("{} ", i + 1)
            } else {
                "  ".to_string()
            };
            let mark = if current == Some(i) { " ← now" } else { "" };
            let line = Line::from(vec![
                Span::styled(place, style::dim()),
                style::badge(app, key),
                Span::styled(format!(" {name}"), style::tone_color(app, key)),
                Span::styled(mark, style::dim()),
            ]);
            if i == cursor { line.reversed() } else { line }
        })
        .collect();
    lines.push(Line::default());
    lines.push(Line::styled(
        "Enter or 1-9 sets it; Esc leaves it.",
        style::dim(),
    ));
    let author = &app.doc.post(post).author.name;
    let title = format!(" Tone of {author}'s post ");
    let w = u16::try_from(title.chars().count())
        .unwrap_or(u16::MAX)
        .saturating_add(4)
        .max(40)
        .min(area.width.saturating_sub(2))
        .max(1);
    let h = (lines.len() as u16 + 2)
        .min(area.height.saturating_sub(2))
        .max(1);
    let popup = Rect {
        x: area.x + area.width.saturating_sub(w) / 2,
        y: area.y + area.height.saturating_sub(h) / 2,
        width: w.min(area.width),
        height: h.min(area.height),
    };
    // Keep the highlighted tone in view when the list is taller than the popup.
    let inner_h = usize::from(popup.height.saturating_sub(2)).max(1);
    let scroll = cursor.saturating_sub(inner_h - 1) as u16;
    let block =
        style::pane_block(app, Line::from(title).bold(), true).padding(Padding::horizontal(1));
    frame.render_widget(Clear, popup);
    frame.render_widget(
        Paragraph::new(lines).block(block).scroll((scroll, 0)),
        popup,
    );
}
