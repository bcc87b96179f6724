//! The config file: `$XDG_CONFIG_HOME/chorus/config.toml` (the platform's config directory
//! elsewhere), or `--config FILE`, or `CHORUS_CONFIG`. It gives actions keys (`[keys]`) and sets
//! colours and badges (`[theme]`). A missing file means the defaults; a bad one is one line
//! naming the file, the line and column, the key and what is allowed.
//!
//! `chorus config --default` prints [`default_text`]: every option, commented, at its default.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use ratatui::style::Color;
use serde::Deserialize;
use toml::Spanned;

use crate::app::{KeyMap, UiColors};
use crate::model::DEFAULT_TONES;
use crate::tone::PaletteTheme;

/// One key, or a list of them.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
enum Keys {
    One(String),
    Many(Vec<String>),
}

/// A named filter: an expression and the key that applies it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct NamedFilterFile {
    filter: Spanned<String>,
    key: Spanned<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    keys: BTreeMap<Spanned<String>, Spanned<Keys>>,
    #[serde(default)]
    filters: BTreeMap<Spanned<String>, NamedFilterFile>,
    #[serde(default)]
    theme: ThemeFile,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ThemeFile {
    preset: Option<Spanned<String>>,
    accent: Option<Spanned<String>>,
    selection: Option<Spanned<String>>,
    search: Option<Spanned<String>>,
    dim: Option<Spanned<String>>,
    #[serde(default)]
    tones: BTreeMap<String, ToneFile>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ToneFile {
    color: Option<Spanned<String>>,
    badge: Option<Spanned<String>>,
}

/// A named set of colours.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Preset {
    /// Okabe and Ito's palette (itself chosen to stay distinct under colour-vision deficiencies).
    #[default]
    Default,
    /// Paul Tol's "bright" scheme without its green: for readers with a colour-vision
    /// deficiency, with no red-green pair at all and the tones apart in lightness too.
    Colorblind,
    /// No colour: badges, bold, reverse and dim carry everything.
    Mono,
    /// The terminal's own 16 colours, so its colour scheme applies.
    Terminal,
}

pub const PRESETS: [(&str, Preset); 4] = [
    ("default", Preset::Default),
    ("colorblind", Preset::Colorblind),
    ("mono", Preset::Mono),
    ("terminal", Preset::Terminal),
];

/// A tone's colour and badge as the config sets them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ToneStyle {
    pub color: Option<Color>,
    pub badge: Option<String>,
}

/// The theme a config sets: a preset, and what it changes of it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ThemeConfig {
    pub preset: Preset,
    pub accent: Option<Color>,
    pub selection: Option<Color>,
    pub search: Option<Color>,
    pub dim: Option<Color>,
    /// By tone name (a default tone or one a file names).
    pub tones: BTreeMap<String, ToneStyle>,
}

/// Everything a config file sets.
#[derive(Debug, Clone, Default)]
pub struct Config {
    pub keys: KeyMap,
    pub theme: ThemeConfig,
}

/// A config that cannot be used, in one line: `FILE:LINE:COLUMN: what`.
#[derive(Debug, thiserror::Error)]
#[error("{}{}: {message}", crate::load::one_line(&path.display().to_string()), at.map(|(l, c)| format!(":{l}:{c}")).unwrap_or_default())]
pub struct ConfigError {
    pub path: PathBuf,
    pub at: Option<(usize, usize)>,
    pub message: String,
}

/// Where the config is read from: `--config`, else `CHORUS_CONFIG`, else the platform's config
/// directory. `None` when there is none (no home directory).
pub fn path(given: Option<&Path>) -> Option<PathBuf> {
    if let Some(p) = given {
        return Some(p.to_owned());
    }
    if let Some(p) = std::env::var_os("CHORUS_CONFIG").filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(p));
    }
    directories::ProjectDirs::from("", "", "chorus").map(|d| d.config_dir().join("config.toml"))
}

/// Reads the config at `path`: the defaults when it does not exist (unless it was named
/// explicitly, `required`).
pub fn load(path: &Path, required: bool) -> Result<Config, ConfigError> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && !required => {
            return Ok(Config::default());
        }
        Err(e) => {
            return Err(ConfigError {
                path: path.to_owned(),
                at: None,
                message: format!("cannot read the config: {e}"),
            });
        }
    };
    parse(&text).map_err(|(span, message)| ConfigError {
        path: path.to_owned(),
        at: span.map(|s| line_col(&text, s.start)),
        message,
    })
}

/// 1-based line and column (in characters) of a byte offset.
fn line_col(text: &str, at: usize) -> (usize, usize) {
    let before = &text[..at.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

type Failure = (Option<std::ops::Range<usize>>, String);

/// Parses a config's text.
pub fn parse(text: &str) -> Result<Config, Failure> {
    let file: File = toml::from_str(text).map_err(|e| {
        let message = e.message().trim().replace('\n', " ");
        (e.span(), message)
    })?;
    let mut keys = KeyMap::default();
    let entries: Vec<(String, Vec<String>)> = file
        .keys
        .iter()
        .map(|(name, list)| {
            let list = match list.get_ref() {
                Keys::One(k) => vec![k.clone()],
                Keys::Many(ks) => ks.clone(),
            };
            (name.get_ref().clone(), list)
        })
        .collect();
    if let Err(e) = keys.remap(&entries) {
        let span = file.keys.iter().nth(e.entry).map(|(name, _)| name.span());
        return Err((span, format!("[keys] {}", e.message)));
    }
    for (name, f) in &file.filters {
        let expr = f.filter.get_ref();
        if let Err(e) = crate::filter::parse(expr) {
            // At the expression's column, inside its quotes.
            let at = f.filter.span().start
                + 1
                + expr
                    .char_indices()
                    .nth(e.column - 1)
                    .map_or(expr.len(), |(i, _)| i);
            return Err((
                Some(at..at + 1),
                format!("[filters] {}: {}", name.get_ref(), e.message),
            ));
        }
        let key = crate::app::keymap::Key::parse(f.key.get_ref()).map_err(|m| {
            (
                Some(f.key.span()),
                format!("[filters] {}: {m}", name.get_ref()),
            )
        })?;
        if let Err(m) = keys.bind_filter(name.get_ref(), expr, key) {
            return Err((Some(f.key.span()), format!("[filters] {m}")));
        }
    }
    Ok(Config {
        keys,
        theme: theme(file.theme)?,
    })
}

fn theme(t: ThemeFile) -> Result<ThemeConfig, Failure> {
    let color = |v: &Option<Spanned<String>>, what: &str| -> Result<Option<Color>, Failure> {
        v.as_ref()
            .map(|s| {
                parse_color(s.get_ref())
                    .map_err(|m| (Some(s.span()), format!("[theme] {what}: {m}")))
            })
            .transpose()
    };
    let preset = match &t.preset {
        None => Preset::Default,
        Some(p) => PRESETS
            .iter()
            .find(|(n, _)| n == p.get_ref())
            .map(|(_, p)| *p)
            .ok_or_else(|| {
                (
                    Some(p.span()),
                    format!(
                        "[theme] preset: unknown preset {:?}; the presets are default, \
                         colorblind, mono, terminal",
                        p.get_ref()
                    ),
                )
            })?,
    };
    let mut tones = BTreeMap::new();
    for (name, style) in &t.tones {
        let badge = match &style.badge {
            Some(b) => {
                let text = b.get_ref().trim();
                let width = unicode_width::UnicodeWidthStr::width(text);
                if text.is_empty() || width > 3 || text.chars().any(char::is_control) {
                    return Err((
                        Some(b.span()),
                        format!("[theme.tones.{name}] badge: one to three visible characters"),
                    ));
                }
                Some(text.to_string())
            }
            None => None,
        };
        let color = color(&style.color, &format!("tones.{name} color"))?;
        tones.insert(name.trim().to_lowercase(), ToneStyle { color, badge });
    }
    Ok(ThemeConfig {
        preset,
        accent: color(&t.accent, "accent")?,
        selection: color(&t.selection, "selection")?,
        search: color(&t.search, "search")?,
        dim: color(&t.dim, "dim")?,
        tones,
    })
}

/// A colour as a config writes it: a name (`red`, `light-blue`, `dark-gray`, ...), a 256-colour
/// index (`0`-`255`), or `#rrggbb`.
pub fn parse_color(text: &str) -> Result<Color, String> {
    let t = text.trim();
    if let Some(hex) = t.strip_prefix('#') {
        if hex.len() == 6
            && let Ok(v) = u32::from_str_radix(hex, 16)
        {
            return Ok(Color::Rgb((v >> 16) as u8, (v >> 8) as u8, v as u8));
        }
        return Err(format!("{t:?} is not a #rrggbb colour"));
    }
    if let Ok(i) = t.parse::<u8>() {
        return Ok(Color::Indexed(i));
    }
    let name = t.to_ascii_lowercase().replace(['-', '_', ' '], "");
    let named = match name.as_str() {
        "black" => Color::Black,
        "red" => Color::Red,
        "green" => Color::Green,
        "yellow" => Color::Yellow,
        "blue" => Color::Blue,
        "magenta" => Color::Magenta,
        "cyan" => Color::Cyan,
        "gray" | "grey" => Color::Gray,
        "darkgray" | "darkgrey" => Color::DarkGray,
        "lightred" => Color::LightRed,
        "lightgreen" => Color::LightGreen,
        "lightyellow" => Color::LightYellow,
        "lightblue" => Color::LightBlue,
        "lightmagenta" => Color::LightMagenta,
        "lightcyan" => Color::LightCyan,
        "white" => Color::White,
        "default" | "reset" => Color::Reset,
        _ => {
            return Err(format!(
                "{t:?} is not a colour (a name such as red or light-blue, 0-255, or #rrggbb)"
            ));
        }
    };
    Ok(named)
}

/// How a config writes a colour.
fn color_text(c: Color) -> String {
    match c {
        Color::Rgb(r, g, b) => format!("#{r:02x}{g:02x}{b:02x}"),
        Color::Indexed(i) => i.to_string(),
        other => {
            let s = format!("{other:?}");
            // LightBlue -> light-blue
            let mut out = String::new();
            for (i, ch) in s.chars().enumerate() {
                if ch.is_uppercase() && i > 0 {
                    out.push('-');
                }
                out.extend(ch.to_lowercase());
            }
            out
        }
    }
}

/// The full default config, every option commented out at its default.
pub fn default_text() -> String {
    let mut s = String::from(
        "# chorus's config: $XDG_CONFIG_HOME/chorus/config.toml (~/.config/chorus/config.toml),\n\
         # or the file --config or CHORUS_CONFIG names. Every option is shown at its default,\n\
         # commented out: remove the '#' to change one. An unknown option is an error.\n\n\
         [keys]\n\
         # An action takes a key or a list of keys: a character (\"x\", \"G\", \"]\"), ctrl-x,\n\
         # alt-x, Enter, Esc, Tab, Shift-Tab, Space, Backspace, Up, Down, Left, Right, PgUp, PgDn,\n\
         # Home, End, Del, Ins, F1-F12. Giving a key to two actions is an error naming both.\n\
         # The digits (hide/show a tone), the mouse and the prompts' own keys stay as they are.\n",
    );
    let keys = KeyMap::default();
    for (name, list, help) in keys.config_keys() {
        let list: Vec<String> = list.iter().map(|k| format!("{k:?}")).collect();
        s.push_str(&format!(
            "# {name} = [{}]{}# {help}\n",
            list.join(", "),
            " ".repeat(
                28usize
                    .saturating_sub(name.len() + 6 + list.join(", ").len())
                    .max(1)
            )
        ));
    }
    s.push_str(
        "\n[filters]\n\
         # A named filter: the expression (as for f, see the README) and the key that applies\n\
         # it; the same key again clears it.\n\
         # critical = { filter = \"tone:critical or conf<0.5\", key = \"F2\" }\n",
    );
    s.push_str(
        "\n[theme]\n\
         # preset = \"default\"   # default, colorblind, mono (no colour), terminal (its 16 colours)\n\
         # Colours: a name (red, light-blue, dark-gray, ...), 0-255, or \"#rrggbb\".\n",
    );
    let ui = ui_colors(&ThemeConfig::default());
    s.push_str(&format!(
        "# accent = \"{}\"      # focused borders, the selection's mark\n\
         # selection = \"{}\"   # the selected reply's background\n\
         # search = \"{}\"      # a search hit's background\n\
         # dim = \"dark-gray\"   # dim text in a colour (unset: the terminal's own dim)\n",
        color_text(ui.accent),
        color_text(ui.selection),
        color_text(ui.search)
    ));
    s.push_str(
        "# Each tone's colour and badge; a tone a file names (\"sarcastic\") can be set the same way.\n",
    );
    for (i, name) in DEFAULT_TONES.iter().enumerate() {
        s.push_str(&format!(
            "# [theme.tones.{name}]\n# color = \"{}\"\n# badge = \"{}\"\n",
            color_text(preset_tone(Preset::Default, i).unwrap_or(Color::Reset)),
            name.chars()
                .next()
                .map(|c| c.to_ascii_uppercase())
                .unwrap_or('?')
        ));
    }
    s
}

/// The colour of default tone `i` (in [`DEFAULT_TONES`] order) under a preset; `None` without
/// colour.
pub fn preset_tone(preset: Preset, i: usize) -> Option<Color> {
    const TOL_BRIGHT: [Color; 6] = [
        Color::Rgb(0x44, 0x77, 0xaa), // supportive: blue
        Color::Rgb(0xaa, 0x33, 0x77), // empathetic: purple
        Color::Rgb(0x66, 0xcc, 0xee), // reassuring: cyan
        Color::Rgb(0xcc, 0xbb, 0x44), // humorous: yellow
        Color::Rgb(0xee, 0x66, 0x77), // critical: red
        Color::Rgb(0xbb, 0xbb, 0xbb), // neutral: grey
    ];
    const ANSI: [Color; 6] = [
        Color::Green,
        Color::Magenta,
        Color::Cyan,
        Color::Yellow,
        Color::Red,
        Color::Gray,
    ];
    match preset {
        Preset::Default => crate::tone::DEFAULT_COLORS.get(i).copied(),
        Preset::Colorblind => TOL_BRIGHT.get(i).copied(),
        Preset::Terminal => ANSI.get(i).copied(),
        Preset::Mono => None,
    }
}

/// The chrome's colours a theme gives.
pub fn ui_colors(theme: &ThemeConfig) -> UiColors {
    let base = match theme.preset {
        Preset::Terminal => UiColors {
            accent: Color::Blue,
            selection: Color::DarkGray,
            search: Color::Yellow,
            dim: None,
        },
        _ => UiColors::DEFAULT,
    };
    UiColors {
        accent: theme.accent.unwrap_or(base.accent),
        selection: theme.selection.unwrap_or(base.selection),
        search: theme.search.unwrap_or(base.search),
        dim: theme.dim.or(base.dim),
    }
}

impl ThemeConfig {
    /// What the theme changes of the tones' palette.
    pub fn palette(&self) -> PaletteTheme {
        let defaults = match self.preset {
            Preset::Default | Preset::Mono => None,
            p => {
                let mut c = [Color::Reset; 6];
                for (i, slot) in c.iter_mut().enumerate() {
                    *slot = preset_tone(p, i).unwrap_or(Color::Reset);
                }
                Some(c)
            }
        };
        let custom = (self.preset == Preset::Terminal).then(|| {
            vec![
                Color::LightGreen,
                Color::LightMagenta,
                Color::LightCyan,
                Color::LightYellow,
                Color::LightRed,
                Color::LightBlue,
                Color::Blue,
            ]
        });
        let mut by_name: BTreeMap<String, (Option<Color>, Option<String>)> = self
            .tones
            .iter()
            .map(|(name, s)| (name.clone(), (s.color, s.badge.clone())))
            .collect();
        if self.preset == Preset::Terminal {
            let untagged = by_name.entry("untagged".into()).or_default();
            untagged.0.get_or_insert(Color::DarkGray);
        }
        PaletteTheme {
            defaults,
            custom,
            by_name,
        }
    }

    /// Whether the theme draws in colour at all.
    pub fn color(&self) -> bool {
        self.preset != Preset::Mono
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn uncommented(text: &str) -> String {
        text.lines()
            .map(|l| {
                // "# name = ..." lines and "# [table]" lines are options; prose stays a comment.
                match l.strip_prefix("# ") {
                    Some(rest)
                        if rest.starts_with('[')
                            || rest
                                .split_once(" = ")
                                .is_some_and(|(k, _)| !k.contains(' ') && !k.is_empty()) =>
                    {
                        rest.to_string()
                    }
                    _ => l.to_string(),
                }
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn the_default_config_uncommented_is_the_defaults() {
        let text = uncommented(&default_text());
        let config = parse(&text).unwrap_or_else(|e| panic!("{e:?}\n{text}"));
        assert_eq!(
            config.keys.config_keys(),
            KeyMap::default().config_keys(),
            "{text}"
        );
        // Every option at its default, but dim: its line shows a colour to try.
        assert_eq!(
            ui_colors(&config.theme),
            UiColors {
                dim: Some(Color::DarkGray),
                ..UiColors::DEFAULT
            }
        );
        assert_eq!(config.theme.tones.len(), DEFAULT_TONES.len());
        assert_eq!(
            config.theme.tones["critical"],
            ToneStyle {
                color: preset_tone(Preset::Default, 4),
                badge: Some("C".into())
            }
        );
    }

    #[test]
    fn keys_are_remapped_and_reach_the_help_and_hints() {
        let c = parse("[keys]\nnext_quote = [\"]\", \"ctrl-n\"]\noverview = \"V\"\n").expect("ok");
        let k = &c.keys;
        assert_eq!(k.label_for(&crate::app::Action::ToggleOverview), "V");
        let ctrl_n = crossterm::event::KeyEvent::new(
            crossterm::event::KeyCode::Char('n'),
            crossterm::event::KeyModifiers::CONTROL,
        );
        assert_eq!(
            k.action_for(crate::app::Mode::Normal, ctrl_n),
            Some(crate::app::Action::NextQuote)
        );
        // `v` is free now; the overview's own table closes with the new key.
        let v = crossterm::event::KeyEvent::new(
            crossterm::event::KeyCode::Char('v'),
            crossterm::event::KeyModifiers::NONE,
        );
        assert_eq!(k.action_for(crate::app::Mode::Normal, v), None);
        assert!(k.markdown_table().contains("| `V` | the overview"));
    }

    #[test]
    fn bad_configs_say_where_and_what() {
        let cases: [(&str, (usize, usize), &str); 9] = [
            ("[keys]\nnext_quote = \"ctrl-\"\n", (2, 1), "is not a key"),
            ("[keys]\nnope = \"x\"\n", (2, 1), "unknown action `nope`"),
            (
                "[keys]\nquit = \"j\"\n",
                (2, 1),
                "j is given to both down and quit",
            ),
            (
                "[keys]\ncopy = \"Y\"\nhelp = \"y\"\nzzz_none = []\n",
                (4, 1),
                "unknown action `zzz_none`",
            ),
            (
                "[keys]\nfold = \"x\"\nquit = \"x\"\n",
                (3, 1),
                "x is given to both fold and quit",
            ),
            (
                "[theme]\npreset = \"neon\"\n",
                (2, 10),
                "unknown preset \"neon\"",
            ),
            (
                "[theme]\naccent = \"#12\"\n",
                (2, 10),
                "not a #rrggbb colour",
            ),
            ("[colours]\nx = 1\n", (1, 2), "unknown field `colours`"),
            ("[keys\n", (1, 6), ""),
        ];
        for (text, at, says) in cases {
            let (span, message) = parse(text).expect_err(text);
            let span = span.expect("a place");
            assert_eq!(line_col(text, span.start), at, "{text:?}: {message}");
            assert!(message.contains(says), "{text:?}: {message}");
            assert!(!message.contains('\n'), "{message}");
        }
    }

    #[test]
    fn named_filters_get_their_keys_and_bad_ones_say_where() {
        let c = parse(
            "[filters]\nkind = { filter = \"tone:supportive or tone:empathetic\", key = \"F2\" }\n",
        )
        .expect("ok");
        let f2 = crossterm::event::KeyEvent::new(
            crossterm::event::KeyCode::F(2),
            crossterm::event::KeyModifiers::NONE,
        );
        assert_eq!(
            c.keys.action_for(crate::app::Mode::Normal, f2),
            Some(crate::app::Action::UseFilter(
                "tone:supportive or tone:empathetic".into()
            ))
        );
        assert!(
            c.keys
                .markdown_table()
                .contains("| `F2` | filter kind: tone:supportive")
        );
        let text = "[filters]\nx = { filter = \"tone:critical or (\", key = \"F3\" }\n";
        let (span, m) = parse(text).expect_err("bad expression");
        assert_eq!(line_col(text, span.expect("a place").start), (2, 35), "{m}");
        assert!(m.contains("[filters] x: expected a filter here"), "{m}");
        let text = "[filters]\nx = { filter = \"op\", key = \"q\" }\n";
        let (_, m) = parse(text).expect_err("taken key");
        assert!(
            m.contains("q is given to both quit and filter x: op"),
            "{m}"
        );
    }

    #[test]
    fn colours_by_name_index_and_hex() {
        assert_eq!(parse_color("light-blue"), Ok(Color::LightBlue));
        assert_eq!(parse_color("Dark Gray"), Ok(Color::DarkGray));
        assert_eq!(parse_color("208"), Ok(Color::Indexed(208)));
        assert_eq!(parse_color("#00ff7f"), Ok(Color::Rgb(0, 255, 127)));
        assert!(parse_color("256").is_err());
        assert!(parse_color("#0f0").is_err());
        assert!(parse_color("chartreuse").is_err());
        for c in [Color::LightBlue, Color::Indexed(7), Color::Rgb(1, 2, 3)] {
            assert_eq!(parse_color(&color_text(c)), Ok(c));
        }
    }

    #[test]
    fn a_missing_file_is_the_defaults_unless_named() {
        let dir = std::env::temp_dir().join(format!("chorus-config-{}", std::process::id()));
        let missing = dir.join("none.toml");
        assert!(load(&missing, false).is_ok());
        let e = load(&missing, true).expect_err("named and missing");
        assert!(e.to_string().contains("cannot read the config"), "{e}");
    }
}
