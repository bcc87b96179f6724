//! The help overlay: every key table as rows, in a popup centred on the screen, scrolled by its
//! own keys. Its rows and its popup are computed here once, so scrolling stops exactly where the
//! drawing does.

use ratatui::layout::{Constraint, Rect};
use unicode_width::UnicodeWidthStr;

use super::Outcome;
use super::action::Action;
use super::keymap::{Command, KeyMap};

/// One line of the help.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HelpRow {
    Binding { label: String, help: String },
    Heading(String),
    Blank,
}

#[derive(Debug, Clone)]
pub struct HelpOverlay {
    rows: Vec<HelpRow>,
    /// Columns of the key column, gap included.
    label_width: usize,
    /// The footer that says how to scroll and close, from the help table.
    footer: String,
    /// The popup, border included.
    popup: Rect,
    /// First row shown.
    scroll: usize,
}

impl HelpOverlay {
    pub fn new(keys: &KeyMap, screen: Rect) -> Self {
        let mut rows = Vec::new();
        for (title, table) in keys.sections() {
            if !title.is_empty() {
                rows.push(HelpRow::Blank);
                rows.push(HelpRow::Heading(title));
            }
            rows.extend(table.bindings.iter().map(|b| HelpRow::Binding {
                label: b.label(),
                help: b.help.clone(),
            }));
        }
        let label_width = rows
            .iter()
            .filter_map(|r| match r {
                HelpRow::Binding { label, .. } => Some(label.width()),
                _ => None,
            })
            .max()
            .unwrap_or(0)
            + 2;
        let help = keys.help.clone();
        let label = |a: &Action| help.label_for(a).unwrap_or_default();
        let closes: Vec<String> = help
            .bindings
            .iter()
            .find(|b| b.command == Command::Do(Action::Back))
            .map(|b| b.label().split(' ').map(String::from).collect())
            .unwrap_or_default();
        let footer = format!(
            " {}/{} scroll · {} closes ",
            label(&Action::MoveDown),
            label(&Action::MoveUp),
            closes.join(" or ")
        );
        let mut overlay = HelpOverlay {
            rows,
            label_width,
            footer,
            popup: Rect::default(),
            scroll: 0,
        };
        overlay.resize(screen);
        overlay
    }

    /// Centres the popup on a screen of this size: as big as the help, at most the screen less
    /// a margin of one cell.
    pub fn resize(&mut self, screen: Rect) {
        let text_width = self
            .rows
            .iter()
            .map(|r| match r {
                HelpRow::Binding { help, .. } => self.label_width + help.width(),
                HelpRow::Heading(t) => t.width(),
                HelpRow::Blank => 0,
            })
            .max()
            .unwrap_or(0);
        // Border and a column of padding on each side; border above and below.
        let want_w = u16::try_from(text_width + 4).unwrap_or(u16::MAX);
        let want_h = u16::try_from(self.rows.len() + 2).unwrap_or(u16::MAX);
        let w = want_w.min(screen.width.saturating_sub(2)).max(1);
        let h = want_h.min(screen.height.saturating_sub(2)).max(1);
        self.popup = screen
            .centered(Constraint::Length(w), Constraint::Length(h))
            .intersection(screen);
        self.scroll = self.scroll.min(self.max_scroll());
    }

    pub fn rows(&self) -> &[HelpRow] {
        &self.rows
    }

    pub fn label_width(&self) -> usize {
        self.label_width
    }

    pub fn footer(&self) -> &str {
        &self.footer
    }

    pub fn popup(&self) -> Rect {
        self.popup
    }

    pub fn scroll(&self) -> usize {
        self.scroll
    }

    /// Rows that fit inside the popup's border.
    pub fn visible_rows(&self) -> usize {
        usize::from(self.popup.height.saturating_sub(2))
    }

    fn max_scroll(&self) -> usize {
        self.rows.len().saturating_sub(self.visible_rows())
    }

    fn scroll_by(&mut self, delta: isize) {
        self.scroll = self
            .scroll
            .saturating_add_signed(delta)
            .min(self.max_scroll());
    }

    /// The help's own keys: scroll, page, close, quit.
    pub fn update(&mut self, action: &Action) -> Outcome {
        let page = self.visible_rows().max(1) as isize;
        match action {
            Action::MoveDown => self.scroll_by(1),
            Action::MoveUp => self.scroll_by(-1),
            Action::ScrollPageDown => self.scroll_by(page),
            Action::ScrollPageUp => self.scroll_by(-page),
            Action::HalfPageDown => self.scroll_by((page / 2).max(1)),
            Action::HalfPageUp => self.scroll_by(-(page / 2).max(1)),
            Action::Top => self.scroll_by(isize::MIN),
            Action::Bottom => self.scroll_by(isize::MAX),
            Action::ScrollAt { lines, .. } => self.scroll_by(isize::from(*lines) * 3),
            Action::Back | Action::ToggleHelp => return Outcome::Close,
            Action::Quit => return Outcome::Quit,
            _ => return Outcome::Ignored,
        }
        Outcome::Done
    }
}
