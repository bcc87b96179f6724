//! The bottom line: the search prompt while typing; else a message or the load warnings on the
//! left, and where the reader is (match, quote, tagging) on the right, with the keys to go on.

use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Constraint, Layout, Position, Rect};
use ratatui::style::Stylize;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};
use unicode_width::UnicodeWidthStr;

use super::style;
use crate::app::{Action, App, Mode};

pub struct StatusWidget<'a> {
    pub app: &'a App,
}

impl<'a> StatusWidget<'a> {
    pub fn new(app: &'a App) -> Self {
        StatusWidget { app }
    }

    /// Where the reader is, and the keys to go on.
    fn right(&self) -> String {
        let app = self.app;
        let keys = app.keys();
        let quotes = app.article().quotes().len();
        let mut right = String::from(" ");
        if let Some(q) = app.search().query() {
            let searching = q.progress();
            match (q.current, q.matches.len()) {
                (_, 0) if searching.is_some() => {}
                (_, 0) if !q.text.is_empty() => right.push_str("no match · "),
                (Some(c), m) if app.current_match_hidden() => right.push_str(&format!(
                    "match {} of {m} (hidden by the tone filter) · ",
                    c + 1
                )),
                (Some(c), m) => right.push_str(&format!("match {} of {m} · ", c + 1)),
                (None, m) if m > 0 => right.push_str(&format!("{m} matches · ")),
                _ => {}
            }
            if let Some((searched, total)) = searching {
                let share = searched * 100 / total.max(1);
                right.push_str(&format!("searching… {share}% · "));
            }
        }
        if let Ok(m) = app.mutes()
            && !m.is_empty()
        {
            right.push_str(&format!("{} muted · ", m.authors.len()));
        }
        if let Some(m) = app.filter().posts().filter(|m| !m.text.is_empty()) {
            let text: String = m.text.chars().take(30).collect();
            let cut = if text.len() < m.text.len() { "…" } else { "" };
            right.push_str(&format!("filter: {text}{cut} · "));
        }
        if app.filtering() {
            right.push_str("filtering… · ");
        }
        if let Some((posts, expected)) = app.status().loading {
            let posts = crate::load::thousands(posts);
            right.push_str(&match expected {
                Some(n) => format!("loading {posts} of ~{} posts · ", crate::load::thousands(n)),
                None => format!("loading {posts} posts · "),
            });
        }
        if let Some(progress) = app.link().and_then(|l| l.fetching.as_deref()) {
            right.push_str(&format!("{progress} · "));
        }
        let new = app.new_posts().count();
        if new > 0 {
            right.push_str(&format!(
                "{new} new: {} next · ",
                keys.label_for(&Action::NextNew)
            ));
        }
        if let Some((done, total)) = app.status().tagging {
            right.push_str(&format!("tagging tones {}% · ", done * 100 / total.max(1)));
        }
        match app.article().quote() {
            Some(q) => right.push_str(&format!("quote {} of {quotes} · ", q + 1)),
            None if quotes > 0 => right.push_str(&format!(
                "{quotes} {}: {} next · ",
                if quotes == 1 { "quote" } else { "quotes" },
                keys.label_for(&Action::NextQuote)
            )),
            None => {}
        }
        right.push_str(&format!("{} help ", keys.label_for(&Action::ToggleHelp)));
        right
    }

    /// What the open prompt starts with: `/` for search, `filter: ` for the filter.
    fn prompt_head(&self) -> &'static str {
        if self.app.mode() == Mode::FilterPrompt {
            "filter: "
        } else {
            "/"
        }
    }

    /// The right half for a line `area` wide: while a prompt is open on a narrow line, the
    /// prompt (and its error) gets the whole line.
    fn right_in(&self, area: Rect) -> String {
        let prompt = matches!(self.app.mode(), Mode::SearchPrompt | Mode::FilterPrompt);
        if prompt && area.width < 80 {
            String::new()
        } else {
            self.right()
        }
    }

    /// The open prompt's text, cut from the front to `room` columns.
    fn prompt(&self, room: usize) -> &'a str {
        let query = match self.app.filter_prompt() {
            Some(p) => p.text.as_str(),
            None => self.app.search().query().map_or("", |q| q.text.as_str()),
        };
        let mut shown = query;
        while shown.width() > room {
            let mut chars = shown.chars();
            chars.next();
            shown = chars.as_str();
        }
        shown
    }

    /// The two halves of the line in `area`.
    fn halves(&self, area: Rect, right: &str) -> [Rect; 2] {
        Layout::horizontal([
            Constraint::Fill(1),
            Constraint::Length(right.width() as u16),
        ])
        .areas(area)
    }

    /// Where the terminal cursor goes: after the query while typing a search.
    pub fn cursor(&self, area: Rect) -> Option<Position> {
        if !matches!(self.app.mode(), Mode::SearchPrompt | Mode::FilterPrompt) {
            return None;
        }
        let [left, _] = self.halves(area, &self.right_in(area));
        let head = self.prompt_head().width();
        let shown = self.prompt(usize::from(left.width).saturating_sub(head + 1));
        let x = left.x + head as u16 + shown.width() as u16;
        (x < left.right()).then_some(Position::new(x, left.y))
    }
}

impl Widget for StatusWidget<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let app = self.app;
        let right = self.right_in(area);
        let [left_area, right_area] = self.halves(area, &right);
        let left = if matches!(app.mode(), Mode::SearchPrompt | Mode::FilterPrompt) {
            let head = self.prompt_head();
            let shown = self.prompt(usize::from(left_area.width).saturating_sub(head.width() + 1));
            let mut spans = vec![Span::raw(head).bold(), Span::raw(shown)];
            // A refused filter says why after the text, until the text changes.
            if let Some(e) = app.filter_prompt().and_then(|p| p.error.as_ref()) {
                spans.push(Span::raw(format!("  ⚠ {e}")).bold());
            }
            Line::from(spans)
        } else if let Some(m) = app.message() {
            Line::from(format!(" {m}"))
        } else if let Some(first) = app.doc().warnings.first() {
            let n = app.doc().warnings.len();
            let head = if n == 1 {
                " ⚠ ".to_string()
            } else {
                format!(" ⚠ {n} warnings: ")
            };
            Line::from(vec![Span::raw(head).bold(), Span::raw(first.as_str())])
        } else {
            Line::default()
        };
        Paragraph::new(left).render(left_area, buf);
        Paragraph::new(Line::styled(right, style::dim()))
            .alignment(Alignment::Right)
            .render(right_area, buf);
    }
}
