use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Layout, Position};
use ratatui::style::Stylize;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use super::style;
use crate::app::{App, Mode};

/// The bottom line: the search prompt while typing; else a message or the load warnings on the
/// left, and where the reader is (match, quote) on the right.
pub fn draw(frame: &mut Frame, app: &App) {
    let area = app.screen.status;
    let quotes = app.article.quotes.len();
    let mut right = String::from(" ");
    if let Some(s) = &app.search {
        match (s.current, s.matches.len()) {
            (_, 0) if !s.query.is_empty() => right.push_str("no match · "),
            (Some(c), m) if app.current_match_hidden() => right.push_str(&format!(
                "match {} of {m} (hidden by the tone filter) · ",
                c + 1
            )),
            (Some(c), m) => right.push_str(&format!("match {} of {m} · ", c + 1)),
            (None, m) if m > 0 => right.push_str(&format!("{m} matches · ")),
            _ => {}
        }
    }
    if let Some((done, total)) = app.tagging {
        right.push_str(&format!("tagging tones {}% · ", done * 100 / total.max(1)));
    }
    match app.quote {
        Some(q) => right.push_str(&format!("quote {} of {quotes} · ", q + 1)),
        None if quotes > 0 => right.push_str(&format!(
            "{quotes} {}: ] next · ",
            if quotes == 1 { "quote" } else { "quotes" }
        )),
        None => {}
    }
    right.push_str("? help ");
    let [left_area, right_area] = Layout::horizontal([
        Constraint::Fill(1),
        Constraint::Length(right.width() as u16),
    ])
    .areas(area);
    let left = if app.mode() == Mode::SearchPrompt {
        let query = app.search.as_ref().map_or("", |s| s.query.as_str());
        // Show the end of a query longer than the prompt.
        let room = usize::from(left_area.width).saturating_sub(2);
        let mut shown = query;
        while shown.width() > room {
            let mut chars = shown.chars();
            chars.next();
            shown = chars.as_str();
        }
        let x = left_area.x + 1 + shown.width() as u16;
        if x < left_area.right() {
            frame.set_cursor_position(Position::new(x, left_area.y));
        }
        Line::from(vec![Span::raw("/").bold(), Span::raw(shown)])
    } else if let Some(m) = &app.message {
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
