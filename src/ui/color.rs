//! Colours the terminal can show. chorus picks its colours as 24-bit values; a terminal that
//! does not say it takes 24-bit colour (`COLORTERM=truecolor` or `24bit`) gets the nearest of
//! the 256 indexed colours, and one with only the 16 basic colours (the Linux console,
//! `*-16color`, `screen`) gets those. The tone colours are mapped to 16 colours by hand, so the
//! six tones stay apart from each other at every depth.

use ratatui::buffer::Buffer;
use ratatui::style::Color;

/// How many colours the terminal shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum ColorDepth {
    /// 24-bit colour.
    #[default]
    #[value(name = "truecolor", alias = "24bit")]
    TrueColor,
    /// The 256 indexed colours.
    #[value(name = "256")]
    Ansi256,
    /// The 16 basic colours.
    #[value(name = "16")]
    Ansi16,
}

impl ColorDepth {
    /// What the terminal says it shows, through `COLORTERM` and `TERM` (as bat decides).
    pub fn detect(term: Option<&str>, colorterm: Option<&str>) -> ColorDepth {
        if matches!(colorterm, Some("truecolor" | "24bit")) {
            return ColorDepth::TrueColor;
        }
        let term = term.unwrap_or("");
        let basic = term == "linux"
            || term.ends_with("-16color")
            || term.starts_with("vt")
            || term == "ansi"
            || term == "cons25"
            || ((term == "screen" || term.starts_with("screen.")) && !term.contains("256"));
        if basic {
            ColorDepth::Ansi16
        } else {
            ColorDepth::Ansi256
        }
    }
}

/// Colours chorus draws with that have a fixed place among the 16 basic colours: the tones
/// first, so each default tone has a basic colour of its own. (The depth guides reuse these.)
const BASIC: [((u8, u8, u8), Color); 16] = [
    ((0x00, 0x9e, 0x73), Color::Green),        // supportive
    ((0xcc, 0x79, 0xa7), Color::Magenta),      // empathetic
    ((0x56, 0xb4, 0xe9), Color::Cyan),         // reassuring; the focus accent
    ((0xf0, 0xe4, 0x42), Color::Yellow),       // humorous; the search hit
    ((0xd5, 0x5e, 0x00), Color::Red),          // critical
    ((0x99, 0x99, 0x99), Color::Gray),         // neutral
    ((0x77, 0x77, 0x77), Color::DarkGray),     // untagged
    ((0xe6, 0x9f, 0x00), Color::LightRed),     // custom: orange
    ((0x00, 0x72, 0xb2), Color::Blue),         // custom: blue
    ((0x88, 0xcc, 0xee), Color::LightCyan),    // custom: cyan
    ((0xaa, 0x44, 0x99), Color::LightMagenta), // custom: purple
    ((0xdd, 0xcc, 0x77), Color::LightYellow),  // custom: sand
    ((0x11, 0x77, 0x33), Color::LightGreen),   // custom: green
    ((0x88, 0x22, 0x55), Color::LightMagenta), // custom: wine
    ((0x44, 0xaa, 0x99), Color::LightCyan),    // custom: teal
    ((0x2a, 0x33, 0x44), Color::Blue),         // the selection's background
];

/// The 16 basic colours as xterm draws them, for colours not in [`BASIC`].
const SIXTEEN: [((u8, u8, u8), Color); 16] = [
    ((0x00, 0x00, 0x00), Color::Black),
    ((0xcd, 0x00, 0x00), Color::Red),
    ((0x00, 0xcd, 0x00), Color::Green),
    ((0xcd, 0xcd, 0x00), Color::Yellow),
    ((0x00, 0x00, 0xee), Color::Blue),
    ((0xcd, 0x00, 0xcd), Color::Magenta),
    ((0x00, 0xcd, 0xcd), Color::Cyan),
    ((0xe5, 0xe5, 0xe5), Color::Gray),
    ((0x7f, 0x7f, 0x7f), Color::DarkGray),
    ((0xff, 0x00, 0x00), Color::LightRed),
    ((0x00, 0xff, 0x00), Color::LightGreen),
    ((0xff, 0xff, 0x00), Color::LightYellow),
    ((0x5c, 0x5c, 0xff), Color::LightBlue),
    ((0xff, 0x00, 0xff), Color::LightMagenta),
    ((0x00, 0xff, 0xff), Color::LightCyan),
    ((0xff, 0xff, 0xff), Color::White),
];

/// `color` as the terminal can show it.
pub fn adapt(color: Color, depth: ColorDepth) -> Color {
    let Color::Rgb(r, g, b) = color else {
        return color;
    };
    match depth {
        ColorDepth::TrueColor => color,
        ColorDepth::Ansi256 => Color::Indexed(xterm256(r, g, b)),
        ColorDepth::Ansi16 => basic(r, g, b),
    }
}

/// The levels of each channel in xterm's 6x6x6 colour cube (indices 16 to 231).
const CUBE: [u8; 6] = [0, 95, 135, 175, 215, 255];

/// The nearest of xterm's 240 fixed colours (the cube and the 24 greys, 232 to 255; the first
/// 16 are left out, as terminals change them with their theme): the cube colour nearest on
/// each channel, or the nearest grey, whichever is nearer.
fn xterm256(r: u8, g: u8, b: u8) -> u8 {
    let distance = |(x, y, z): (u8, u8, u8)| {
        let d = |a: u8, b: u8| (i32::from(a) - i32::from(b)).pow(2);
        d(x, r) + d(y, g) + d(z, b)
    };
    let level = |v: u8| {
        (0..6)
            .min_by_key(|&i| (i32::from(CUBE[i]) - i32::from(v)).abs())
            .unwrap_or(0)
    };
    let (i, j, k) = (level(r), level(g), level(b));
    let cube = (16 + 36 * i + 6 * j + k) as u8;
    let cube_rgb = (CUBE[i], CUBE[j], CUBE[k]);
    // Greys are 8, 18, ... 238.
    let mean = (u32::from(r) + u32::from(g) + u32::from(b)) / 3;
    let step = (mean.saturating_sub(3) / 10).min(23) as u8;
    let grey_v = 8 + 10 * step;
    if distance((grey_v, grey_v, grey_v)) < distance(cube_rgb) {
        232 + step
    } else {
        cube
    }
}

fn basic(r: u8, g: u8, b: u8) -> Color {
    if let Some((_, c)) = BASIC.iter().find(|(rgb, _)| *rgb == (r, g, b)) {
        return *c;
    }
    let distance = |(x, y, z): (u8, u8, u8)| {
        let d = |a: u8, b: u8| (i32::from(a) - i32::from(b)).pow(2);
        d(x, r) + d(y, g) + d(z, b)
    };
    SIXTEEN
        .iter()
        .min_by_key(|(rgb, _)| distance(*rgb))
        .map_or(Color::Reset, |(_, c)| *c)
}

/// The escape sequence that sets `color` as the foreground, for text written out without ratatui
/// (`chorus print` to a terminal). `None` for the terminal's own colour.
pub fn sgr_foreground(color: Color) -> Option<String> {
    let code = match color {
        Color::Rgb(r, g, b) => return Some(format!("\x1b[38;2;{r};{g};{b}m")),
        Color::Indexed(i) => return Some(format!("\x1b[38;5;{i}m")),
        Color::Black => 30,
        Color::Red => 31,
        Color::Green => 32,
        Color::Yellow => 33,
        Color::Blue => 34,
        Color::Magenta => 35,
        Color::Cyan => 36,
        Color::Gray => 37,
        Color::DarkGray => 90,
        Color::LightRed => 91,
        Color::LightGreen => 92,
        Color::LightYellow => 93,
        Color::LightBlue => 94,
        Color::LightMagenta => 95,
        Color::LightCyan => 96,
        Color::White => 97,
        Color::Reset => return None,
    };
    Some(format!("\x1b[{code}m"))
}

/// Brings every colour in `buf` within what the terminal shows.
pub fn adapt_buffer(buf: &mut Buffer, depth: ColorDepth) {
    if depth == ColorDepth::TrueColor {
        return;
    }
    for cell in &mut buf.content {
        cell.fg = adapt(cell.fg, depth);
        cell.bg = adapt(cell.bg, depth);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ToneKey, ToneSet};
    use crate::tone::Palette;

    /// The colour of each of xterm's fixed entries 16 to 255.
    fn xterm_rgb(i: u8) -> (u8, u8, u8) {
        if i >= 232 {
            let v = 8 + 10 * (i - 232);
            (v, v, v)
        } else {
            let c = i - 16;
            (
                CUBE[usize::from(c / 36)],
                CUBE[usize::from(c / 6 % 6)],
                CUBE[usize::from(c % 6)],
            )
        }
    }

    #[test]
    fn a_colour_in_256_is_the_nearest_fixed_entry() {
        let d2 = |(a, b, c): (u8, u8, u8), (x, y, z): (u8, u8, u8)| {
            let d = |p: u8, q: u8| (i32::from(p) - i32::from(q)).pow(2);
            d(a, x) + d(b, y) + d(c, z)
        };
        // Each entry maps to itself.
        for i in 16..=255u8 {
            let (r, g, b) = xterm_rgb(i);
            assert_eq!(d2(xterm_rgb(xterm256(r, g, b)), (r, g, b)), 0, "entry {i}");
        }
        // Any colour maps to an entry no farther than the nearest one.
        for r in (0..=255u8).step_by(15) {
            for g in (0..=255u8).step_by(17) {
                for b in (0..=255u8).step_by(13) {
                    let best = (16..=255u8).map(|i| d2(xterm_rgb(i), (r, g, b))).min();
                    let got = d2(xterm_rgb(xterm256(r, g, b)), (r, g, b));
                    assert_eq!(Some(got), best, "({r}, {g}, {b})");
                }
            }
        }
    }

    #[test]
    fn colorterm_decides_truecolor_and_term_the_rest() {
        use ColorDepth::*;
        let d = ColorDepth::detect;
        assert_eq!(d(Some("xterm-256color"), Some("truecolor")), TrueColor);
        assert_eq!(d(Some("xterm-256color"), Some("24bit")), TrueColor);
        assert_eq!(d(Some("xterm-256color"), None), Ansi256);
        assert_eq!(d(Some("tmux-256color"), Some("")), Ansi256);
        assert_eq!(d(Some("screen-256color"), None), Ansi256);
        assert_eq!(d(Some("linux"), None), Ansi16);
        assert_eq!(d(Some("rxvt-16color"), None), Ansi16);
        assert_eq!(d(Some("screen"), None), Ansi16);
        assert_eq!(d(Some("screen.xterm-256color"), None), Ansi256);
        assert_eq!(d(None, None), Ansi256);
    }

    #[test]
    fn the_tones_stay_apart_at_every_depth() {
        let palette = Palette::new(&ToneSet::default());
        let mut keys: Vec<ToneKey> = (0..6).map(ToneKey::Tone).collect();
        keys.push(ToneKey::Untagged);
        for depth in [
            ColorDepth::TrueColor,
            ColorDepth::Ansi256,
            ColorDepth::Ansi16,
        ] {
            let mut colors: Vec<Color> = keys
                .iter()
                .map(|k| adapt(palette.look(*k).color, depth))
                .collect();
            if depth != ColorDepth::TrueColor {
                assert!(
                    colors.iter().all(|c| !matches!(c, Color::Rgb(..))),
                    "{depth:?}"
                );
            }
            colors.sort_by_key(|c| format!("{c:?}"));
            colors.dedup();
            assert_eq!(colors.len(), keys.len(), "{depth:?}: {colors:?}");
        }
    }

    #[test]
    fn sixteen_colours_use_only_the_basic_ones() {
        for rgb in [
            (1, 2, 3),
            (200, 10, 10),
            (250, 250, 250),
            (0x2a, 0x33, 0x44),
        ] {
            let c = adapt(Color::Rgb(rgb.0, rgb.1, rgb.2), ColorDepth::Ansi16);
            assert!(SIXTEEN.iter().any(|(_, s)| *s == c), "{rgb:?} -> {c:?}");
        }
        assert_eq!(adapt(Color::Reset, ColorDepth::Ansi16), Color::Reset);
    }
}
