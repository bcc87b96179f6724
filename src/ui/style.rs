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

/// A post's badge: `[S]`, or `[~S]` and dimmed when the tagger computed the tone, so a
/// computed tone never passes for one the file or the reader gave.
pub fn post_badge(app: &App, post: crate::model::PostIdx) -> Span<'static> {
    let key = app.doc.tone_key(post);
    match app.doc.post(post).tone_origin {
        crate::model::ToneOrigin::Computed { .. } => {
            let look = app.palette.look(key);
            let span = Span::raw(format!("[~{}]", look.badge));
            if app.theme.color {
                span.fg(look.color).dim()
            } else {
                span.dim()
            }
        }
        _ => badge(app, key),
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

/// Cuts a line's spans to `width` columns, ending in "…" when something was cut, so a clipped
/// header reads as clipped rather than as a shorter name.
pub fn fit(spans: Vec<Span<'_>>, width: usize) -> Vec<Span<'_>> {
    use unicode_width::UnicodeWidthStr;
    let total: usize = spans.iter().map(|s| s.content.width()).sum();
    if total <= width {
        return spans;
    }
    let mut out = Vec::with_capacity(spans.len());
    let mut room = width.saturating_sub(1);
    let mut last_style = Style::new();
    for span in spans {
        let w = span.content.width();
        last_style = span.style;
        if w <= room {
            room -= w;
            out.push(span);
            continue;
        }
        let mut cut = String::new();
        for c in span.content.chars() {
            let cw = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
            if cw > room {
                break;
            }
            room -= cw;
            cut.push(c);
        }
        out.push(Span::styled(cut, span.style));
        break;
    }
    if width > 0 {
        out.push(Span::styled("…", last_style));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn width(spans: &[Span]) -> usize {
        spans.iter().map(Span::width).sum()
    }

    #[test]
    fn fit_leaves_short_lines_alone_and_cuts_long_ones_with_an_ellipsis() {
        let spans = vec![Span::raw("Serena "), Span::raw("@serenawilliams")];
        assert_eq!(fit(spans.clone(), 40), spans);
        let cut = fit(spans, 12);
        assert_eq!(width(&cut), 12);
        assert_eq!(
            cut.iter().map(|s| s.content.as_ref()).collect::<String>(),
            "Serena @ser…"
        );
    }

    #[test]
    fn fit_never_splits_a_wide_character_or_overflows() {
        for w in 0..12 {
            let cut = fit(vec![Span::raw("李小梅👶🏽 text")], w);
            assert!(width(&cut) <= w.max(1), "{w}: {cut:?}");
        }
    }
}
