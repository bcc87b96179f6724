//! The help overlay: the key tables, drawn from the rows the overlay built from them.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Stylize;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Borders, Clear, Padding, Paragraph, Widget};

use super::style::{self, Look};
use crate::app::{HelpOverlay, HelpRow};

pub struct HelpWidget<'a> {
    pub help: &'a HelpOverlay,
    pub look: Look<'a>,
}

impl Widget for HelpWidget<'_> {
    fn render(self, _area: Rect, buf: &mut Buffer) {
        let help = self.help;
        let popup = help.popup();
        let width = help.label_width();
        let lines: Vec<Line> = help
            .rows()
            .iter()
            .skip(help.scroll())
            .take(help.visible_rows())
            .map(|row| match row {
                HelpRow::Binding { label, help } => Line::from(vec![
                    Span::raw(format!("{label:<width$}")).bold(),
                    Span::raw(help.as_str()),
                ]),
                HelpRow::Heading(t) => Line::styled(t.as_str(), style::dim()),
                HelpRow::Blank => Line::default(),
            })
            .collect();
        let block = self
            .look
            .pane_block(Line::from(" Keys ").bold(), true)
            .borders(Borders::ALL)
            .title_bottom(Line::from(help.footer()).right_aligned())
            .padding(Padding::horizontal(1));
        Clear.render(popup, buf);
        Paragraph::new(lines).block(block).render(popup, buf);
    }
}
