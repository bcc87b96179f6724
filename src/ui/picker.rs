//! The tone picker: every tone of the document by place, badge and name; the post's current
//! tone marked, the highlighted one reversed.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Stylize;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Padding, Paragraph, Widget};

use super::style::{self, Look};
use crate::app::{KeyMap, TonePicker};
use crate::model::{Document, ToneKey};

pub struct PickerWidget<'a> {
    pub picker: &'a TonePicker,
    pub doc: &'a Document,
    pub look: Look<'a>,
    pub keys: &'a KeyMap,
}

impl PickerWidget<'_> {
    /// "Enter or 1-9 sets it; Esc leaves it.", from the picker's key table.
    fn hint(&self) -> String {
        use crate::app::Action;
        use crate::app::keymap::Command;
        let table = &self.keys.picker;
        let label = |pred: &dyn Fn(&Command) -> bool| {
            table
                .bindings
                .iter()
                .filter(|b| pred(&b.command))
                .map(|b| b.label().split(' ').next().unwrap_or("").to_string())
                .collect::<Vec<_>>()
                .join(" or ")
        };
        let sets = label(&|c| {
            matches!(
                c,
                Command::Do(Action::ChooseTone(0)) | Command::ChooseToneAtDigit
            )
        });
        let leaves = label(&|c| *c == Command::Do(Action::Back));
        format!("{sets} sets it; {leaves} leaves it.")
    }
}

impl Widget for PickerWidget<'_> {
    fn render(self, _area: Rect, buf: &mut Buffer) {
        let picker = self.picker;
        let current = self.doc.post(picker.post()).tone.map(|t| t as usize);
        // Only the tones in view are laid out: a file may name tens of thousands.
        let in_view = usize::from(picker.popup().height.saturating_sub(2));
        let first = picker.scroll();
        let names = &self.doc.tones.names;
        let mut lines: Vec<Line> = names
            .iter()
            .enumerate()
            .skip(first)
            .take(in_view)
            .map(|(i, name)| {
                let key = ToneKey::Tone(i as u32);
                let place = if i < 9 {
                    format!("{} ", i + 1)
                } else {
                    "  ".to_string()
                };
                let mark = if current == Some(i) { " ← now" } else { "" };
                let line = Line::from(vec![
                    Span::styled(place, style::dim()),
                    self.look.badge(key),
                    Span::styled(format!(" {name}"), self.look.tone_color(key)),
                    Span::styled(mark, style::dim()),
                ]);
                if i == picker.cursor() {
                    line.reversed()
                } else {
                    line
                }
            })
            .collect();
        lines.push(Line::default());
        lines.push(Line::styled(self.hint(), style::dim()));
        let block = self
            .look
            .pane_block(Line::from(picker.title()).bold(), true)
            .padding(Padding::horizontal(1));
        let popup = picker.popup();
        Clear.render(popup, buf);
        Paragraph::new(lines).block(block).render(popup, buf);
    }
}
