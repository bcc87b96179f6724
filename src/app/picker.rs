//! The tone picker: every tone of the document, one highlighted, in a popup over the panes.

use ratatui::layout::{Constraint, Rect};
use unicode_width::UnicodeWidthStr;

use super::Outcome;
use super::action::Action;
use crate::model::{Document, PostIdx};

/// Rows below the tones: a blank line and the hint.
const FOOTER_ROWS: usize = 2;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TonePicker {
    post: PostIdx,
    /// The highlighted place in the document's tones.
    cursor: usize,
    tones: usize,
    title: String,
    popup: Rect,
}

impl TonePicker {
    /// A picker for `post`, its current tone highlighted.
    pub fn new(doc: &Document, post: PostIdx, screen: Rect) -> Self {
        let mut picker = TonePicker {
            post,
            cursor: doc.post(post).tone.map_or(0, |t| t as usize),
            tones: doc.tones.names.len(),
            title: format!(" Tone of {}'s post ", doc.post(post).author.name),
            popup: Rect::default(),
        };
        picker.resize(screen);
        picker
    }

    pub fn resize(&mut self, screen: Rect) {
        let w = u16::try_from(self.title.width())
            .unwrap_or(u16::MAX)
            .saturating_add(4)
            .max(40)
            .min(screen.width.saturating_sub(2))
            .max(1);
        let rows = u16::try_from(self.tones + FOOTER_ROWS + 2).unwrap_or(u16::MAX);
        let h = rows.min(screen.height.saturating_sub(2)).max(1);
        self.popup = screen
            .centered(Constraint::Length(w), Constraint::Length(h))
            .intersection(screen);
    }

    pub fn post(&self) -> PostIdx {
        self.post
    }

    pub fn cursor(&self) -> usize {
        self.cursor
    }

    pub fn title(&self) -> &str {
        &self.title
    }

    pub fn popup(&self) -> Rect {
        self.popup
    }

    /// First row shown: the highlighted tone stays in view when the list is taller than the
    /// popup.
    pub fn scroll(&self) -> usize {
        let inner = usize::from(self.popup.height.saturating_sub(2)).max(1);
        self.cursor.saturating_sub(inner - 1)
    }

    /// The picker's own keys. A chosen tone comes back as `Outcome::Choose(place)`, 0-based.
    pub fn update(&mut self, action: &Action) -> Outcome {
        match action {
            Action::Back | Action::PickTone => Outcome::Close,
            Action::Quit => Outcome::Quit,
            Action::MoveDown => {
                self.cursor = (self.cursor + 1).min(self.tones.saturating_sub(1));
                Outcome::Done
            }
            Action::MoveUp => {
                self.cursor = self.cursor.saturating_sub(1);
                Outcome::Done
            }
            Action::ChooseTone(k) => {
                let place = if *k == 0 {
                    self.cursor
                } else {
                    usize::from(*k) - 1
                };
                if place < self.tones {
                    Outcome::Choose(place)
                } else {
                    Outcome::Say(format!("there is no tone {k} in the list"))
                }
            }
            _ => Outcome::Ignored,
        }
    }
}
