//! The config file as a reader meets it: presets drawn (with their colours), keys remapped into
//! the help and the hints, and the command line's `config`, `--config` and `--color`.

mod common;

use std::path::Path;

use chorus::app::{Action, App, Theme};
use chorus::config::{Preset, ThemeConfig};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;

use common::bundled;

fn configured(text: &str) -> App {
    let config = chorus::config::parse(text).expect("a good config");
    let theme = Theme {
        color: config.theme.color(),
        depth: chorus::ui::ColorDepth::TrueColor,
        ui: chorus::config::ui_colors(&config.theme),
    };
    let mut a = App::new(bundled(), theme);
    a.configure(config.keys, config.theme.palette());
    a.update(Action::Resize {
        width: 100,
        height: 30,
    });
    a
}

fn draw(a: &App) -> Buffer {
    let area = a.screen().area;
    let mut t = Terminal::new(TestBackend::new(area.width, area.height)).expect("terminal");
    t.draw(|f| chorus::ui::draw(f, a)).expect("draw");
    t.backend().buffer().clone()
}

fn text(buf: &Buffer) -> String {
    common::buffer_text(buf)
}

/// The colours a preset draws with: each legend badge's, the focused border's and the
/// selected reply's background.
fn colours(a: &App, buf: &Buffer) -> String {
    let legend = a.screen().legend;
    let mut out = String::new();
    let row: String = (legend.x..legend.right())
        .map(|x| buf[(x, legend.y)].symbol().to_string())
        .collect();
    for (i, _) in row.match_indices('[') {
        let x = legend.x + row[..i].chars().count() as u16;
        let badge: String = row[i..].chars().take(3).collect();
        out.push_str(&format!("{badge} {:?}\n", buf[(x + 1, legend.y)].fg));
    }
    let article = a.screen().article;
    out.push_str(&format!(
        "focused border {:?}\n",
        buf[(article.x, article.y)].fg
    ));
    let replies = a.screen().replies;
    out.push_str(&format!(
        "selected reply background {:?}\n",
        buf[(replies.x + 2, replies.y + 1)].bg
    ));
    out
}

#[test]
fn every_preset_drawn_with_its_colours() {
    for (name, preset) in chorus::config::PRESETS {
        let mut a = configured(&format!("[theme]\npreset = \"{name}\"\n"));
        a.update(Action::NextQuote);
        let buf = draw(&a);
        let summary = colours(&a, &buf);
        insta::assert_snapshot!(
            format!("preset_{name}"),
            format!("{summary}\n{}", text(&buf))
        );
        match preset {
            Preset::Mono => assert!(!summary.contains("Rgb") && !summary.contains("Green")),
            Preset::Terminal => assert!(!summary.contains("Rgb"), "{summary}"),
            _ => assert!(summary.contains("Rgb"), "{summary}"),
        }
    }
}

#[test]
fn a_tones_colour_and_badge_and_the_chrome_follow_the_config() {
    let a = configured(
        "[theme]\naccent = \"light-magenta\"\nselection = \"17\"\n\
         [theme.tones.supportive]\ncolor = \"#123456\"\nbadge = \"+\"\n\
         [theme.tones.confessional]\ncolor = \"red\"\n",
    );
    let buf = draw(&a);
    let summary = colours(&a, &buf);
    assert!(summary.contains("[+] Rgb(18, 52, 86)"), "{summary}");
    assert!(summary.contains("[O] Red"), "{summary}");
    assert!(summary.contains("focused border LightMagenta"), "{summary}");
    assert!(text(&buf).contains("[+]"), "the badge is drawn");
    // Dim text in a colour of the theme's instead of the terminal's dim.
    let dim = configured("[theme]\ndim = \"dark-gray\"\n");
    let buf = draw(&dim);
    let hint = buf
        .content
        .iter()
        .find(|c| c.symbol() == "?")
        .expect("the help hint");
    assert_eq!(hint.fg, ratatui::style::Color::DarkGray);
    assert!(!hint.modifier.contains(ratatui::style::Modifier::DIM));
    assert_eq!(ThemeConfig::default().palette(), Default::default());
}

#[test]
fn remapped_keys_reach_the_help_and_the_hints() {
    let mut a = configured("[keys]\nnext_quote = [\"ctrl-n\", \"]\"]\nhelp = \"F1\"\n");
    let s = text(&draw(&a));
    assert!(s.contains("7 quotes: Ctrl-N next · F1 help"), "{s}");
    a.update(Action::ToggleHelp);
    let s = text(&draw(&a));
    assert!(s.contains("Ctrl-N ]"), "{s}");
}

fn chorus(args: &[&str], env: &[(&str, &str)]) -> std::process::Output {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_chorus"));
    cmd.args(args).env_remove("CHORUS_CONFIG");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("run chorus")
}

#[test]
fn the_command_line_prints_checks_and_refuses_configs() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("config-cli");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("dir");
    let out = chorus(&["config", "--default"], &[]);
    assert!(out.status.success());
    let default = String::from_utf8_lossy(&out.stdout);
    assert!(default.contains("# next_quote = [\"]\"]"), "{default}");
    assert!(default.contains("# [theme.tones.critical]"), "{default}");

    let bad = dir.join("bad.toml");
    std::fs::write(&bad, "[theme]\npreset = \"neon\"\n").expect("write");
    for args in [
        vec!["--config", bad.to_str().expect("utf-8")],
        vec!["config", "--config", bad.to_str().expect("utf-8")],
    ] {
        let out = chorus(&args, &[]);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(
            err.contains("bad.toml:2:10: [theme] preset: unknown preset \"neon\""),
            "{err}"
        );
    }
    // CHORUS_CONFIG names it as well; a named file that is missing is an error, the default
    // place missing is not.
    let out = chorus(
        &["config"],
        &[("CHORUS_CONFIG", bad.to_str().expect("utf-8"))],
    );
    assert_eq!(out.status.code(), Some(2));
    let out = chorus(&["config", "--config", "/nonexistent/chorus.toml"], &[]);
    assert_eq!(out.status.code(), Some(2));
    let home = dir.join("xdg");
    let out = chorus(
        &["config"],
        &[("XDG_CONFIG_HOME", home.to_str().expect("utf-8"))],
    );
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("not there; the defaults apply"));
    let good = home.join("chorus");
    std::fs::create_dir_all(&good).expect("dir");
    std::fs::write(good.join("config.toml"), "[keys]\nquit = \"x\"\n").expect("write");
    let out = chorus(
        &["config"],
        &[("XDG_CONFIG_HOME", home.to_str().expect("utf-8"))],
    );
    assert!(out.status.success(), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("config.toml: good"));
}
