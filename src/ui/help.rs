use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Stylize;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Borders, Clear, Padding, Paragraph};

use super::style;
use crate::app::App;
use crate::app::keymap::{KEYMAP, PICKER_KEYMAP, SEARCH_KEYMAP, help_rows};

/// The key table, drawn from the same table the app dispatches from.
pub fn draw(frame: &mut Frame, app: &App, scroll: u16) {
    let area = frame.area();
    let all = || KEYMAP.iter().chain(SEARCH_KEYMAP).chain(PICKER_KEYMAP);
    let label_width = all().map(|b| b.label.chars().count()).max().unwrap_or(0) + 2;
    let text_width = all().map(|b| b.help.chars().count()).max().unwrap_or(0);
    let want_w = (label_width + text_width + 4) as u16;
    let want_h = help_rows() as u16 + 2;
    let w = want_w.min(area.width.saturating_sub(2)).max(1);
    let h = want_h.min(area.height.saturating_sub(2)).max(1);
    let popup = Rect {
        x: area.x + (area.width.saturating_sub(w)) / 2,
        y: area.y + (area.height.saturating_sub(h)) / 2,
        width: w.min(area.width),
        height: h.min(area.height),
    };
    let row = |b: &crate::app::keymap::Binding| {
        Line::from(vec![
            Span::raw(format!("{:<label_width$}", b.label)).bold(),
            Span::raw(b.help),
        ])
    };
    let mut lines: Vec<Line> = KEYMAP.iter().map(row).collect();
    lines.push(Line::default());
    lines.push(Line::styled("In the search prompt", style::dim()));
    lines.extend(SEARCH_KEYMAP.iter().map(row));
    lines.push(Line::default());
    lines.push(Line::styled("In the tone picker (T)", style::dim()));
    lines.extend(PICKER_KEYMAP.iter().map(row));
    lines.push(Line::default());
    lines.push(Line::styled(
        "Mouse: wheel scrolls, click selects a reply or a place in the tone strip.",
        style::dim(),
    ));
    let block = style::pane_block(app, Line::from(" Keys ").bold(), true)
        .borders(Borders::ALL)
        .title_bottom(Line::from(" j/k scroll · Esc or ? closes ").right_aligned())
        .padding(Padding::horizontal(1));
    let max_scroll = (lines.len() as u16).saturating_sub(popup.height.saturating_sub(2));
    frame.render_widget(Clear, popup);
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .scroll((scroll.min(max_scroll), 0)),
        popup,
    );
}
