//! Drawing: pure functions of `&App` that put widgets in a frame. Nothing here changes state,
//! reads files or wraps text the app has not already laid out.

mod article;
mod detail;
mod help;
mod legend;
mod picker;
mod replies;
mod status;
mod style;

use ratatui::Frame;
use ratatui::layout::Alignment;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::Span;
use ratatui::widgets::{Paragraph, Wrap};

use crate::app::{App, Overlay};

/// Draws the whole screen for the app's current state.
pub fn draw(frame: &mut Frame, app: &App) {
    let area = frame.area();
    if app.screen.too_small || area != app.screen.area {
        // A frame drawn before the app has heard of a resize draws nothing out of bounds.
        if app.screen.too_small {
            frame.render_widget(
                Paragraph::new("terminal too small")
                    .alignment(Alignment::Center)
                    .wrap(Wrap { trim: true }),
                area,
            );
        }
        return;
    }
    article::draw(frame, app);
    replies::draw(frame, app);
    detail::draw(frame, app);
    legend::draw(frame, app);
    status::draw(frame, app);
    match app.overlay {
        Some(Overlay::Help { scroll }) => help::draw(frame, app, scroll),
        Some(Overlay::TonePicker { post, cursor }) => picker::draw(frame, app, post, cursor),
        None => {}
    }
}

/// `text` as spans in `base` style, with every match of the search highlighted.
pub(crate) fn search_spans<'a>(app: &App, text: &'a str, base: Style) -> Vec<Span<'a>> {
    let Some(search) = app.search.as_ref().filter(|s| !s.query.is_empty()) else {
        return vec![Span::styled(text, base)];
    };
    let ranges = crate::app::search::ranges_in(text, &search.query, search.case_sensitive);
    if ranges.is_empty() {
        return vec![Span::styled(text, base)];
    }
    let hit = if app.theme.color {
        base.bg(Color::Rgb(0xf0, 0xe4, 0x42)).fg(Color::Black)
    } else {
        base.add_modifier(Modifier::REVERSED)
    };
    let mut spans = Vec::with_capacity(ranges.len() * 2 + 1);
    let mut at = 0;
    for r in ranges {
        // Lower-casing can turn one character into several, so a match may start inside the
        // character the previous one ended on: never draw a byte twice.
        if r.start < at {
            continue;
        }
        if r.start > at {
            spans.push(Span::styled(&text[at..r.start], base));
        }
        spans.push(Span::styled(&text[r.clone()], hit));
        at = r.end;
    }
    if at < text.len() {
        spans.push(Span::styled(&text[at..], base));
    }
    spans
}
