//! Deep and wide threads from `chorus gen --shape`: open, fold, filter, search and move through
//! them without overflowing the stack (every walk is iterative) and draw them.

use std::path::Path;
use std::time::Duration;

use chorus::app::{Action, App, Effect, Match, Theme};
use chorus::synth::{Shape, write_bundle_shaped};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn open(posts: usize, shape: Shape) -> App {
    let mut bytes = Vec::new();
    write_bundle_shaped(posts, 11, shape, &mut bytes).expect("generate");
    let doc = chorus::load::load(
        chorus::load::Input::Bytes {
            name: Path::new("gen.json"),
            bytes: &bytes,
        },
        None,
        &chorus::load::Limits::default(),
    )
    .expect("load");
    assert!(doc.warnings.is_empty(), "{:?}", doc.warnings);
    let mut app = App::new(doc, Theme::new(true));
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
    assert_eq!(app.doc().post(n as u32 - 1).depth as usize, n - 1);
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
    assert_eq!(app.replies().list().rows.len(), 1);
    app.update(Action::FocusPost(format!("p{}", n - 1)));
    assert_eq!(app.replies().selected_post(), Some(n as u32 - 1));
    assert_eq!(app.replies().list().rows.len(), n);
}

#[test]
fn a_fan_out_of_a_hundred_thousand() {
    let n = 100_000;
    let mut app = open(n, Shape::Wide);
    assert_eq!(app.doc().thread.children(0).len(), n - 1);
    exercise(&mut app);
    app.update(Action::Top);
    app.update(Action::FirstReply);
    assert_eq!(app.replies().selected_post(), Some(1));
    for _ in 0..3 {
        app.update(Action::NextSibling);
    }
    assert_eq!(app.replies().selected_post(), Some(4));
    // Search every post (on the worker, at this size); walk a few matches.
    app.update(Action::SearchStart);
    let mut request = None;
    for c in "seal".chars() {
        if let Effect::Search(r) = app.update(Action::SearchInput(c)) {
            request = Some(r);
        }
    }
    let request = request.expect("a 100,000-post search goes to the worker");
    let store = app.doc().store().clone();
    let mut parts = Vec::new();
    chorus::app::look_through(
        &request,
        &store,
        Duration::ZERO,
        || true,
        |f| {
            parts.push(f);
            true
        },
    );
    assert!(parts.len() > 1, "the matches come in parts");
    for part in parts {
        app.update(Action::PostsFound(part));
    }
    app.update(Action::SearchAccept);
    let query = app.search().query().expect("the search is kept");
    let matches: Vec<u32> = query
        .matches
        .iter()
        .filter_map(|m| match m {
            Match::Post(p) => Some(*p),
            Match::Article { .. } => None,
        })
        .collect();
    assert!(matches.len() > 1000, "{}", matches.len());
    // Enter went to the first match after the selection; five `n` later the sixth is selected.
    let start = query.current.expect("a current match");
    for _ in 0..5 {
        app.update(Action::NextMatch);
    }
    let query = app.search().query().expect("the search is kept");
    let i = (start + 5) % query.matches.len();
    assert_eq!(query.current, Some(i));
    match query.matches[i] {
        Match::Post(p) => assert_eq!(app.replies().selected_post(), Some(p)),
        Match::Article { line } => panic!("expected a post match, got article line {line}"),
    }
    draw(&app);
}
