//! Shared looks: tone badges, pane borders, the highlight colours. With `NO_COLOR`, shapes and
//! text attributes carry what colour would.

use ratatui::style::{Color, Modifier, Style, Stylize};
use ratatui::symbols::border;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders};

use crate::app::App;
use crate::model::ToneKey;

/// Background of the selected reply and the highlighted quote.
pub const HIGHLIGHT_BG: Color = Color::Rgb(0x2a, 0x33, 0x44);
pub const ACCENT: Color = Color::Rgb(0x56, 0xb4, 0xe9);

/// `[S]` in the tone's colour; plain bold without colour.
pub fn badge(app: &App, key: ToneKey) -> Span<'static> {
    let look = app.palette.look(key);
    let span = Span::raw(format!("[{}]", look.badge)).bold();
    if app.theme.color {
        span.fg(look.color)
    } else {
        span
    }
}

/// The colour a tone is drawn in, or the default colour without colour.
pub fn tone_color(app: &App, key: ToneKey) -> Style {
    if app.theme.color {
        Style::new().fg(app.palette.look(key).color)
    } else {
        Style::new()
    }
}

pub fn dim() -> Style {
    Style::new().add_modifier(Modifier::DIM)
}

/// A pane's frame: a thick border and a marked title when focused, so focus shows without colour.
pub fn pane_block<'a>(app: &App, title: Line<'a>, focused: bool) -> Block<'a> {
    let block = Block::new().borders(Borders::ALL).title(title);
    if focused {
        let b = block.border_set(border::THICK);
        if app.theme.color {
            b.border_style(Style::new().fg(ACCENT))
        } else {
            b
        }
    } else {
        block.border_style(dim())
    }
}

/// The selected/highlighted background, when colour is on.
pub fn highlight(app: &App) -> Style {
    if app.theme.color {
        Style::new().bg(HIGHLIGHT_BG)
    } else {
        Style::new()
    }
}
