//! Shared looks: tone badges, pane borders, the highlight colours. With `NO_COLOR`, shapes and
//! text attributes carry what colour would.

use ratatui::style::{Color, Modifier, Style, Stylize};
use ratatui::symbols::border;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders};

use crate::app::{App, Theme};
use crate::model::{Document, PostIdx, ToneKey, ToneOrigin};
use crate::tone::Palette;

/// How tones and chrome are drawn: the document's palette, with or without colour.
#[derive(Debug, Clone, Copy)]
pub struct Look<'a> {
    pub palette: &'a Palette,
    pub theme: Theme,
}

impl<'a> Look<'a> {
    pub fn of(app: &'a App) -> Self {
        Look {
            palette: app.palette(),
            theme: app.theme(),
        }
    }

    fn color(&self) -> bool {
        self.theme.color
    }

    /// `[S]` in the tone's colour; plain bold without colour.
    pub fn badge(&self, key: ToneKey) -> Span<'static> {
        let look = self.palette.look(key);
        let span = Span::raw(format!("[{}]", look.badge)).bold();
        if self.color() {
            span.fg(look.color)
        } else {
            span
        }
    }

    /// The colour a tone is drawn in, or the default colour without colour.
    pub fn tone_color(&self, key: ToneKey) -> Style {
        if self.color() {
            Style::new().fg(self.palette.look(key).color)
        } else {
            Style::new()
        }
    }

    /// A post's badge: `[S]`, or `[~S]` and dimmed when the tagger computed the tone, so a
    /// computed tone never passes for one the file or the reader gave.
    pub fn post_badge(&self, doc: &Document, post: PostIdx) -> Span<'static> {
        let key = doc.tone_key(post);
        match doc.post(post).tone_origin {
            ToneOrigin::Computed { .. } => {
                let look = self.palette.look(key);
                let span = Span::raw(format!("[~{}]", look.badge));
                if self.color() {
                    span.fg(look.color).dim()
                } else {
                    span.dim()
                }
            }
            _ => self.badge(key),
        }
    }

    /// A pane's frame: a thick border and a marked title when focused, so focus shows without
    /// colour.
    pub fn pane_block<'t>(&self, title: Line<'t>, focused: bool) -> Block<'t> {
        let block = Block::new().borders(Borders::ALL).title(title);
        if focused {
            let b = block.border_set(border::THICK);
            if self.color() {
                b.border_style(Style::new().fg(self.theme.ui.accent))
            } else {
                b
            }
        } else {
            block.border_style(dim())
        }
    }

    /// The selected/highlighted background, when colour is on.
    pub fn highlight(&self) -> Style {
        if self.color() {
            Style::new().bg(self.theme.ui.selection)
        } else {
            Style::new()
        }
    }

    /// The selection's gutter mark.
    pub fn accent(&self) -> Style {
        if self.color() {
            Style::new().fg(self.theme.ui.accent)
        } else {
            Style::new().bold()
        }
    }

    /// A search hit: yellow, or reversed without colour.
    pub fn search_hit(&self, base: Style) -> Style {
        if self.color() {
            base.bg(self.theme.ui.search).fg(Color::Black)
        } else {
            base.add_modifier(Modifier::REVERSED)
        }
    }
}

pub fn dim() -> Style {
    Style::new().add_modifier(Modifier::DIM)
}

/// `text` as spans in `base` style, with every match of the search query highlighted.
pub fn search_spans<'a>(
    look: &Look,
    query: Option<(&str, bool)>,
    text: &'a str,
    base: Style,
) -> Vec<Span<'a>> {
    let Some((query, case_sensitive)) = query else {
        return vec![Span::styled(text, base)];
    };
    let ranges = crate::app::ranges_in(text, query, case_sensitive);
    if ranges.is_empty() {
        return vec![Span::styled(text, base)];
    }
    let hit = look.search_hit(base);
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
