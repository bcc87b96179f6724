use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Layout};
use ratatui::style::Stylize;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use super::style;
use crate::app::App;

/// The bottom line: a message or the load warnings on the left, where the reader is on the right.
pub fn draw(frame: &mut Frame, app: &App) {
    let area = app.screen.status;
    let quotes = app.article.quotes.len();
    let right = match app.quote {
        Some(q) => format!(" quote {} of {quotes} · ? help ", q + 1),
        None if quotes > 0 => format!(" {quotes} quotes: ] next · ? help "),
        None => " ? help ".to_string(),
    };
    let [left_area, right_area] = Layout::horizontal([
        Constraint::Fill(1),
        Constraint::Length(right.width() as u16),
    ])
    .areas(area);
    let left = if let Some(m) = &app.message {
        Line::from(format!(" {m}"))
    } else if let Some(first) = app.doc.warnings.first() {
        let n = app.doc.warnings.len();
        let head = if n == 1 {
            " ⚠ ".to_string()
        } else {
            format!(" ⚠ {n} warnings: ")
        };
        Line::from(vec![Span::raw(head).bold(), Span::raw(first.as_str())])
    } else {
        Line::default()
    };
    frame.render_widget(Paragraph::new(left), left_area);
    frame.render_widget(
        Paragraph::new(Line::styled(right, style::dim())).alignment(Alignment::Right),
        right_area,
    );
}
