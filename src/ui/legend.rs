//! The tone legend: every tone present with its digit, badge, name and count; hidden tones are
//! struck through and say "hidden"; and how many replies the filter lets through.

use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::style::{Modifier, Stylize};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};
use unicode_width::UnicodeWidthStr;

use super::style::{self, Look};
use crate::app::{App, ToneFilter};

pub struct LegendWidget<'a> {
    pub filter: &'a ToneFilter,
    pub look: Look<'a>,
}

impl<'a> LegendWidget<'a> {
    pub fn new(app: &'a App) -> Self {
        LegendWidget {
            filter: app.filter(),
            look: Look::of(app),
        }
    }

    /// "1[S] supportive 5", with names cut to `name_len` characters ("1[S] sup 5"), or none
    /// ("1[S] 5"); no more entries than go past `room` columns (a file may name tens of
    /// thousands of tones).
    fn entries(&self, name_len: usize, room: usize) -> Vec<Span<'static>> {
        let with_names = name_len > 0;
        let mut spans = Vec::new();
        let mut width = 0;
        for (pos, (key, count)) in self.filter.legend.iter().enumerate() {
            if width > room {
                break;
            }
            let hidden = self.filter.is_hidden(*key);
            let look = self.look.palette.look(*key);
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
            if hidden {
                tail.push_str(if name_len > 3 { " hidden" } else { " off" });
            } else {
                tail.push_str(&format!(" {count}"));
            }
            spans.push(Span::styled(digit, style::dim()));
            let mut badge = self.look.badge(*key);
            let mut rest = Span::styled(tail, self.look.tone_color(*key));
            if hidden {
                badge = badge.add_modifier(Modifier::CROSSED_OUT | Modifier::DIM);
                rest = rest.add_modifier(Modifier::CROSSED_OUT | Modifier::DIM);
            }
            // The place (" 1", or two blanks after nine), the badge, the rest and a gap.
            width += 2 + badge.width() + rest.width() + 1;
            spans.push(badge);
            spans.push(rest);
            spans.push(Span::raw(" "));
        }
        spans
    }
}

impl Widget for LegendWidget<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let summary = format!(
            " {} of {} shown ",
            self.filter.shown_posts(),
            self.filter.total_posts()
        );
        let [left, right] = Layout::horizontal([
            Constraint::Fill(1),
            Constraint::Length(summary.width() as u16),
        ])
        .areas(area);
        // Whole names when they fit, else the first three letters, else badges and counts.
        let room = usize::from(left.width);
        let spans = [usize::MAX, 3, 0]
            .into_iter()
            .map(|name_len| self.entries(name_len, room))
            .find(|e| e.iter().map(Span::width).sum::<usize>() <= room)
            .unwrap_or_else(|| style::fit(self.entries(0, room), room));
        Paragraph::new(Line::from(spans)).render(left, buf);
        let summary_line = if self.filter.any_hidden() {
            Line::from(summary).bold()
        } else {
            Line::from(summary)
        };
        Paragraph::new(summary_line)
            .alignment(Alignment::Right)
            .render(right, buf);
    }
}
