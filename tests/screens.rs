//! Whole screens of the bundled article drawn into a TestBackend: insta snapshots of the text,
//! and colours asserted on the buffer (text snapshots drop them).

mod common;

use std::path::Path;

use chorus::app::{Action, App, Theme};
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};

use common::bundled;

fn app(width: u16, height: u16, color: bool) -> App {
    let mut app = App::new(bundled(), Theme::new(color));
    app.update(Action::Resize { width, height });
    app
}

/// Presses keys as a reader would, through the key tables: each character is a key, and
/// `<Tab>`, `<Esc>`, `<Enter>` name the others.
fn press(app: &mut App, keys: &str) {
    let mut rest = keys;
    while let Some(c) = rest.chars().next() {
        let (code, len) = match c {
            '<' if rest.starts_with("<Tab>") => (KeyCode::Tab, 5),
            '<' if rest.starts_with("<Esc>") => (KeyCode::Esc, 5),
            '<' if rest.starts_with("<Enter>") => (KeyCode::Enter, 7),
            c => (KeyCode::Char(c), c.len_utf8()),
        };
        rest = &rest[len..];
        app.handle_event(&Event::Key(KeyEvent::new(code, KeyModifiers::NONE)));
    }
}

fn draw(app: &App) -> Terminal<TestBackend> {
    let area = app.screen().area;
    let mut t = Terminal::new(TestBackend::new(area.width, area.height)).expect("test terminal");
    t.draw(|f| chorus::ui::draw(f, app)).expect("draw");
    t
}

fn text(buf: &Buffer) -> String {
    common::buffer_text(buf)
}

/// The first cell at which `needle` starts, searching row by row.
fn find(buf: &Buffer, needle: &str) -> Option<(u16, u16)> {
    let lines = text(buf);
    for (y, line) in lines.lines().enumerate() {
        if let Some(byte) = line.find(needle) {
            let x = unicode_width::UnicodeWidthStr::width(&line[..byte]);
            return Some((x as u16, y as u16));
        }
    }
    None
}

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

#[test]
fn first_screen() {
    for (w, h) in SIZES {
        let t = draw(&app(w, h, true));
        insta::assert_snapshot!(format!("first_screen_{w}x{h}"), text(t.backend().buffer()));
    }
}

#[test]
fn focused_quote() {
    for (w, h) in SIZES {
        let mut a = app(w, h, true);
        // Alison Bender's post, the second quote.
        press(&mut a, "]]");
        let t = draw(&a);
        let s = text(t.backend().buffer());
        assert!(s.contains("▶ Alison Bender"), "{s}");
        assert!(s.contains("quote 2 of 7"), "{s}");
        insta::assert_snapshot!(format!("focused_quote_{w}x{h}"), s);
    }
}

#[test]
fn filtered_view() {
    for (w, h) in SIZES {
        let mut a = app(w, h, true);
        press(&mut a, "<Tab>1"); // supportive: three posts
        let t = draw(&a);
        let s = text(t.backend().buffer());
        assert!(s.contains("4 of 7 shown"), "{s}");
        insta::assert_snapshot!(format!("filtered_{w}x{h}"), s);
    }
}

#[test]
fn help_overlay() {
    for (w, h) in SIZES {
        let mut a = app(w, h, true);
        press(&mut a, "?");
        let t = draw(&a);
        let s = text(t.backend().buffer());
        for b in a.keys().normal.bindings.iter().take(5) {
            assert!(s.contains(&b.help), "help lacks {:?}\n{s}", b.help);
        }
        insta::assert_snapshot!(format!("help_{w}x{h}"), s);
    }
}

#[test]
fn tiny_screen_says_it_is_too_small() {
    let t = draw(&app(10, 3, true));
    let s = text(t.backend().buffer());
    assert!(s.contains("terminal") && s.contains("too small"), "{s}");
    insta::assert_snapshot!("too_small_10x3", s);
}

#[test]
fn every_size_down_to_1x1_draws_without_panic() {
    let mut a = app(80, 24, true);
    press(&mut a, "]");
    for w in 1..=130 {
        for h in 1..=45 {
            a.update(Action::Resize {
                width: w,
                height: h,
            });
            draw(&a);
        }
    }
    press(&mut a, "?");
    for (w, h) in [(1, 1), (5, 2), (24, 8), (30, 10), (200, 60)] {
        a.update(Action::Resize {
            width: w,
            height: h,
        });
        draw(&a);
    }
}

#[test]
fn badges_carry_their_tone_colour() {
    let a = app(120, 40, true);
    let t = draw(&a);
    let buf = t.backend().buffer();
    // The legend line is the second to last; its [S] is supportive's bluish green.
    let legend_y = buf.area.height - 2;
    let line = text(buf)
        .lines()
        .nth(legend_y as usize)
        .unwrap_or_default()
        .to_string();
    let x = line.find("[S]").expect("legend shows supportive") as u16;
    assert_eq!(buf[(x, legend_y)].fg, Color::Rgb(0x00, 0x9e, 0x73));
    assert!(buf[(x, legend_y)].modifier.contains(Modifier::BOLD));
    // Empathetic's badge in the replies pane is reddish purple.
    let (x, y) = find(buf, "[E] Alison Bender").expect("Bender's reply");
    assert_eq!(buf[(x, y)].fg, Color::Rgb(0xcc, 0x79, 0xa7));
}

#[test]
fn the_selected_reply_is_highlighted_and_focus_shows_in_the_border() {
    let mut a = app(120, 40, true);
    press(&mut a, "<Tab>");
    let t = draw(&a);
    let buf = t.backend().buffer();
    let (x, y) = find(buf, "▌[O] Serena Williams").expect("first reply selected");
    assert_ne!(
        buf[(x + 2, y)].bg,
        Color::Reset,
        "selected entry has a background"
    );
    let (_, y2) = find(buf, "[E] Alison Bender").expect("second reply");
    assert_eq!(buf[(x + 2, y2)].bg, Color::Reset, "other entries do not");
    // The replies border is thick when focused, the article's thin.
    let r = a.screen().replies;
    let ar = a.screen().article;
    assert_eq!(buf[(r.x, r.y)].symbol(), "┏");
    assert_eq!(buf[(ar.x, ar.y)].symbol(), "┌");
}

#[test]
fn a_hidden_tone_is_struck_through_in_the_legend() {
    let mut a = app(120, 40, true);
    press(&mut a, "2");
    let t = draw(&a);
    let buf = t.backend().buffer();
    let (x, y) = find(buf, "[E] empathetic hidden").expect("hidden tone says so");
    assert!(buf[(x, y)].modifier.contains(Modifier::CROSSED_OUT));
}

#[test]
fn without_colour_nothing_is_coloured_and_badges_remain() {
    let mut a = app(120, 40, false);
    press(&mut a, "]<Tab>");
    let t = draw(&a);
    let buf = t.backend().buffer();
    for cell in buf.content() {
        assert_eq!(cell.fg, Color::Reset, "{cell:?}");
        assert_eq!(cell.bg, Color::Reset, "{cell:?}");
    }
    let s = text(buf);
    for badge in ["[S]", "[E]", "[R]", "[H]", "[O]"] {
        assert!(s.contains(badge), "{badge} missing\n{s}");
    }
    // Focus and selection still show, by shape.
    assert!(s.contains("┏ Replies"), "{s}");
    assert!(s.contains("▌[O]"), "{s}");
    assert!(s.contains("▶ Serena Williams"), "{s}");
}

#[test]
fn descriptions_are_marked_as_descriptions_in_italics() {
    let a = app(120, 40, true);
    let t = draw(&a);
    let buf = t.backend().buffer();
    let (x, y) = find(buf, "(described) Shared her similar").expect("Bender's description");
    assert!(buf[(x + 12, y)].modifier.contains(Modifier::ITALIC));
}

/// README's key table is the app's, between its markers. `CHORUS_BLESS_README=1 cargo test`
/// rewrites it after a key changes.
#[test]
fn readme_key_table_is_the_apps_key_table() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md");
    let readme = std::fs::read_to_string(&path).expect("README.md");
    let (start, end) = ("<!-- keys:start -->\n", "<!-- keys:end -->");
    let a = readme
        .find(start)
        .expect("README has the keys:start marker")
        + start.len();
    let b = readme.find(end).expect("README has the keys:end marker");
    let table = chorus::app::KeyMap::default().markdown_table();
    if readme[a..b] != table && std::env::var_os("CHORUS_BLESS_README").is_some() {
        std::fs::write(&path, format!("{}{table}{}", &readme[..a], &readme[b..]))
            .expect("write README");
        return;
    }
    assert_eq!(
        readme[a..b],
        table,
        "README's key table is out of date: run CHORUS_BLESS_README=1 cargo test"
    );
}

#[test]
fn folded_tree() {
    for (w, h) in SIZES {
        let mut a = app(w, h, true);
        press(&mut a, "<Tab> "); // fold Williams's post, which the six replies answer
        let t = draw(&a);
        let s = text(t.backend().buffer());
        assert!(s.contains("▸ 6 rep"), "{s}");
        assert!(s.contains(" 1/1 "), "{s}");
        insta::assert_snapshot!(format!("folded_{w}x{h}"), s);
    }
}

#[test]
fn context_rows_under_a_filter() {
    for (w, h) in SIZES {
        let mut a = app(w, h, true);
        press(&mut a, "5"); // confessional: Williams's own post
        let t = draw(&a);
        let s = text(t.backend().buffer());
        assert!(s.contains("┄ Serena Williams ("), "{s}");
        insta::assert_snapshot!(format!("context_rows_{w}x{h}"), s);
    }
}

#[test]
fn search_highlights() {
    for (w, h) in SIZES {
        let mut a = app(w, h, true);
        press(&mut a, "/first steps<Enter>n");
        let t = draw(&a);
        let buf = t.backend().buffer();
        let s = text(buf);
        assert!(s.contains("match 2 of"), "{s}");
        // Every visible occurrence is highlighted: find one and check its background.
        let (x, y) = find(buf, "first steps").expect("a match on screen");
        assert_eq!(buf[(x, y)].bg, Color::Rgb(0xf0, 0xe4, 0x42));
        insta::assert_snapshot!(format!("search_{w}x{h}"), s);
    }
}

#[test]
fn the_search_prompt_shows_the_query_and_the_count() {
    let mut a = app(120, 40, true);
    press(&mut a, "/Teigen");
    let t = draw(&a);
    let s = text(t.backend().buffer());
    let last = s.lines().last().unwrap_or_default();
    assert!(last.starts_with("/Teigen"), "{last}");
    assert!(last.contains("match 1 of 3"), "{last}");
}
