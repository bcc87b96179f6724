//! Deep and wide threads from `chorus gen --shape`: open, fold, filter, search and move through
//! them without overflowing the stack (every walk is iterative) and draw them.

use std::path::Path;

use chorus::app::{Action, App, Match, Theme};
use chorus::synth::{Shape, write_bundle_shaped};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn open(posts: usize, shape: Shape) -> App {
    let mut bytes = Vec::new();
    write_bundle_shaped(posts, 11, shape, &mut bytes).expect("generate");
    let doc = chorus::load::load_bytes(Path::new("gen.json"), &bytes).expect("load");
    assert!(doc.warnings.is_empty(), "{:?}", doc.warnings);
    let mut app = App::new(doc, Theme { color: true });
    app.update(Action::Resize {
        width: 120,
        height: 40,
    });
    app
}

fn draw(app: &App) -> String {
    let mut t = Terminal::new(TestBackend::new(120, 40)).expect("terminal");
    t.draw(|f| chorus::ui::draw(f, app)).expect("draw");
    let buf = t.backend().buffer();
    buf.content().iter().map(|c| c.symbol()).collect()
}

fn exercise(app: &mut App) {
    app.update(Action::FocusNext);
    for a in [
        Action::Bottom,
        Action::Parent,
        Action::Top,
        Action::FirstReply,
        Action::ToggleFold,
        Action::ToggleFold,
        Action::FoldAll,
        Action::UnfoldAll,
        Action::ToggleTone(1),
        Action::ToggleContext,
        Action::ToggleContext,
        Action::CycleOrder,
        Action::CycleOrder,
        Action::CycleOrder,
        Action::ShowAllTones,
    ] {
        app.update(a);
        draw(app);
    }
}

#[test]
fn a_chain_ten_thousand_deep() {
    let n = 10_000;
    let mut app = open(n, Shape::Deep);
    assert_eq!(app.doc.post(n as u32 - 1).depth as usize, n - 1);
    exercise(&mut app);
    // The deepest post shows its depth instead of ten thousand guides.
    app.update(Action::Bottom);
    let screen = draw(&app);
    assert!(
        screen.contains(&format!("d{}", n - 1)),
        "no depth label for the deepest post"
    );
    // Fold the root: one row; a search for the last post unfolds the chain down to it.
    app.update(Action::Top);
    app.update(Action::ToggleFold);
    assert_eq!(app.replies.rows.len(), 1);
    let last_id = format!("p{}", n - 1);
    assert!(app.focus_post(&last_id));
    assert_eq!(app.replies.selected_post(), Some(n as u32 - 1));
    assert_eq!(app.replies.rows.len(), n);
}

#[test]
fn a_fan_out_of_a_hundred_thousand() {
    let n = 100_000;
    let mut app = open(n, Shape::Wide);
    assert_eq!(app.doc.thread.children(0).len(), n - 1);
    exercise(&mut app);
    app.update(Action::Top);
    app.update(Action::FirstReply);
    assert_eq!(app.replies.selected_post(), Some(1));
    for _ in 0..3 {
        app.update(Action::NextSibling);
    }
    assert_eq!(app.replies.selected_post(), Some(4));
    // Search every post; walk a few matches.
    app.update(Action::SearchStart);
    for c in "seal".chars() {
        app.update(Action::SearchInput(c));
    }
    app.update(Action::SearchAccept);
    let matches = app.search.as_ref().map_or(0, |s| s.matches.len());
    assert!(matches > 1000, "{matches}");
    for _ in 0..5 {
        app.update(Action::NextMatch);
    }
    let current = app
        .search
        .as_ref()
        .and_then(|s| s.current.map(|c| s.matches[c]));
    if let Some(Match::Post(p)) = current {
        assert_eq!(app.replies.selected_post(), Some(p));
    }
    draw(&app);
}
