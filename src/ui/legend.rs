use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Layout};
use ratatui::style::{Modifier, Stylize};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use super::style;
use crate::app::App;

/// The tone legend: every tone present with its digit, badge, name and count; hidden tones are
/// struck through and say "hidden"; and how many replies the filter lets through.
pub fn draw(frame: &mut Frame, app: &App) {
    let area = app.screen.legend;
    let summary = format!(
        " {} of {} shown ",
        app.filter.shown_posts(),
        app.filter.total_posts()
    );
    let [left, right] = Layout::horizontal([
        Constraint::Fill(1),
        Constraint::Length(summary.width() as u16),
    ])
    .areas(area);
    // Whole names when they fit, else the first three letters, else badges and counts alone.
    let room = usize::from(left.width);
    let spans = [usize::MAX, 3, 0]
        .into_iter()
        .map(|name_len| entries(app, name_len))
        .find(|e| e.iter().map(Span::width).sum::<usize>() <= room)
        .unwrap_or_else(|| style::fit(entries(app, 0), room));
    frame.render_widget(Paragraph::new(Line::from(spans)), left);
    let summary_line = if app.filter.any_hidden() {
        Line::from(summary).bold()
    } else {
        Line::from(summary)
    };
    frame.render_widget(
        Paragraph::new(summary_line).alignment(Alignment::Right),
        right,
    );
}

/// "1[S] supportive 5", with names cut to `name_len` characters ("1[S] sup 5"), or none
/// ("1[S] 5").
fn entries(app: &App, name_len: usize) -> Vec<Span<'static>> {
    let with_names = name_len > 0;
    let mut spans = Vec::new();
    for (pos, (key, count)) in app.filter.legend.iter().enumerate() {
        let hidden = &app.filter.is_hidden(*key);
        let look = app.palette.look(*key);
        let digit = if pos < 9 {
            format!(" {}", pos + 1)
        } else {
            "  ".to_string()
        };
        let mut tail = if with_names {
            format!(" {}", look.name.chars().take(name_len).collect::<String>())
        } else {
            String::new()
        };
        if *hidden {
            tail.push_str(if name_len > 3 { " hidden" } else { " off" });
        } else {
            tail.push_str(&format!(" {count}"));
        }
        spans.push(Span::styled(digit, style::dim()));
        let mut badge = style::badge(app, *key);
        let mut rest = Span::styled(tail, style::tone_color(app, *key));
        if *hidden {
            badge = badge.add_modifier(Modifier::CROSSED_OUT | Modifier::DIM);
            rest = rest.add_modifier(Modifier::CROSSED_OUT | Modifier::DIM);
        }
        spans.push(badge);
        spans.push(rest);
        spans.push(Span::raw(" "));
    }
    spans
}
