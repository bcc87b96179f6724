//! Properties of the reader over generated documents and key sequences: whatever the file
//! (random reply trees with cycles, self-replies and missing parents; tones the file names;
//! text full of escape sequences, C0 and C1 controls, bidi marks and combining characters) and
//! whatever the keys, after every step:
//!
//! - the selection is a listed post, and the rows are the posts the filter shows;
//! - the tone counts add up to the posts;
//! - nothing drawn holds a control character;
//! - folds and filters give the same rows whether the order is cycled before or after them;
//! - `print` (text, Markdown, JSON) writes no control character but line breaks and tabs;
//! - `convert` then load gives the same document.
//!
//! Bounded (a few dozen posts, a few dozen keys, 64 cases each) so `cargo test` stays fast;
//! `PROPTEST_CASES=5000 cargo test --release --test properties` hunts longer.

mod common;

use chorus::app::{Action, App, Theme};
use chorus::export::{OutputFormat, PrintOptions};
use proptest::prelude::*;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use serde_json::{Value, json};

/// Characters a hostile text is made of: plain ones, and every kind a terminal might act on.
fn hostile_char() -> impl Strategy<Value = char> {
    prop_oneof![
        4 => prop::sample::select(vec!['a', 'b', 'z', ' ', 'S', '!', '?', '@', '#', '.']),
        1 => prop::sample::select(vec![
            '\u{1b}', '\u{7}', '\u{8}', '\0', '\r', '\n', '\t', '\u{7f}', '\u{9b}', '\u{85}',
            '\u{90}', '\u{9c}', '\u{200f}', '\u{202e}', '\u{2066}', '\u{301}', '\u{200d}',
            '\u{fe0f}', '中', '😀', '👩', 'ß', 'İ', '\u{feff}', '\u{ad}',
        ]),
        1 => any::<char>(),
    ]
}

fn hostile_text(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(hostile_char(), 0..max).prop_map(|cs| cs.into_iter().collect())
}

/// A chorus/1 bundle as JSON: `n` posts replying to any post (earlier, later, themselves, or
/// one not in the file), tones from the defaults, the file's own or none, and an article whose
/// embeds name posts that may or may not exist.
fn bundle() -> impl Strategy<Value = Value> {
    (0usize..30).prop_flat_map(|n| {
        let post = (
            0..n + 2,
            prop::option::of(0..n + 3),
            prop::option::of(prop::sample::select(vec![
                "supportive",
                "critical",
                "humorous",
                "neutral",
                "Sarcastic",
                "odd\u{1b}[31mred",
                "",
            ])),
            hostile_text(80),
            hostile_text(20),
            prop::option::of(prop::sample::select(vec![
                "2018-07-07",
                "2018-07-07T10:00:00Z",
                "2018-07-08T09:30:00+02:00",
                "yesterday",
            ])),
        );
        let blocks = prop::collection::vec(
            prop_oneof![
                hostile_text(120).prop_map(|t| json!({"type": "paragraph", "text": t})),
                (0..n + 2).prop_map(|j| json!({"type": "embed", "post": format!("p{j}")})),
            ],
            0..6,
        );
        (prop::collection::vec(post, n), hostile_text(60), blocks).prop_map(
            |(posts, title, blocks)| {
                let posts: Vec<Value> = posts
                    .into_iter()
                    .enumerate()
                    .map(|(i, (id, parent, tone, text, name, when))| {
                        // Mostly its own id; now and then a duplicate or an empty one.
                        let id = match id % 7 {
                            0 if i > 0 => "p0".to_string(),
                            1 if i > 0 => String::new(),
                            _ => format!("p{i}"),
                        };
                        let mut p = json!({
                            "id": id,
                            "author": {"name": name, "handle": format!("h{i}")},
                            "text": text,
                        });
                        if let Some(j) = parent {
                            p["in_reply_to"] = json!(format!("p{j}"));
                        }
                        if let Some(t) = tone {
                            p["tone"] = json!(t);
                        }
                        if let Some(w) = when {
                            p["created_at"] = json!(w);
                        }
                        p
                    })
                    .collect();
                json!({
                    "format": "chorus/1",
                    "article": {"title": title, "blocks": blocks},
                    "posts": posts,
                })
            },
        )
    })
}

/// Keys that change what is listed, where the selection is, and what is open.
fn action() -> impl Strategy<Value = Action> {
    prop_oneof![
        Just(Action::MoveDown),
        Just(Action::MoveUp),
        Just(Action::Top),
        Just(Action::Bottom),
        Just(Action::ScrollPageDown),
        Just(Action::HalfPageUp),
        (0u8..8).prop_map(Action::ToggleTone),
        Just(Action::ShowAllTones),
        Just(Action::ToggleFold),
        Just(Action::FoldAll),
        Just(Action::UnfoldAll),
        Just(Action::ToggleContext),
        Just(Action::CycleOrder),
        Just(Action::NextQuote),
        Just(Action::PrevQuote),
        Just(Action::ShowQuote),
        Just(Action::Parent),
        Just(Action::FirstReply),
        Just(Action::NextSibling),
        Just(Action::PrevSibling),
        Just(Action::FocusNext),
        Just(Action::ToggleOverview),
        Just(Action::ChooseRow),
        Just(Action::NextSection),
        Just(Action::SearchStart),
        prop::sample::select(vec!['a', 'z', '\u{1b}', '中']).prop_map(Action::SearchInput),
        Just(Action::SearchAccept),
        Just(Action::NextMatch),
        Just(Action::ToggleHelp),
        Just(Action::Back),
        (1u16..160, 1u16..60).prop_map(|(width, height)| Action::Resize { width, height }),
    ]
}

fn load(json: &Value) -> chorus::model::Document {
    common::load_text("generated.json", &json.to_string())
}

/// A character a terminal could act on: C0 (but those `kept` allows), DEL, C1.
fn is_control(c: char, kept: &[char]) -> bool {
    (c < ' ' && !kept.contains(&c)) || ('\u{7f}'..='\u{9f}').contains(&c)
}

/// What printed text may hold of C0: line breaks, and the tab a text keeps as whitespace (the
/// loader turns every other control into a visible placeholder or drops it).
const PRINT_KEEPS: &[char] = &['\n', '\t'];

/// The posts listed, in order, with whether each is a context row.
fn rows(a: &App) -> Vec<(u32, bool)> {
    a.replies()
        .list()
        .rows
        .iter()
        .map(|r| (r.post, r.context))
        .collect()
}

/// Everything that must hold after any step.
fn check(a: &App, terminal: &mut Terminal<TestBackend>, step: usize) -> Result<(), TestCaseError> {
    let doc = a.doc();
    let list = a.replies().list();
    // The selection is a listed post, and the list finds it where it is.
    if !list.rows.is_empty() {
        prop_assert!(
            list.selected < list.rows.len(),
            "step {step}: selection past the rows"
        );
        let post = list.selected_post().expect("a selected post");
        prop_assert_eq!(list.position_of(post), Some(list.selected), "step {}", step);
    }
    // The counts add up: every post has one tone or none.
    let tones = &doc.tones;
    prop_assert_eq!(
        tones.counts.iter().sum::<usize>() + tones.untagged,
        doc.len(),
        "step {}: tone counts",
        step
    );
    // Rows are the posts the filter shows, each once; with no fold, every one of them.
    let listed: Vec<u32> = list
        .rows
        .iter()
        .filter(|r| !r.context)
        .map(|r| r.post)
        .collect();
    let mut unique = listed.clone();
    unique.sort_unstable();
    unique.dedup();
    prop_assert_eq!(
        unique.len(),
        listed.len(),
        "step {}: a post listed twice",
        step
    );
    let filter = a.filter();
    for &p in &listed {
        prop_assert!(!filter.hides(doc, p), "step {step}: hidden post {p} listed");
    }
    let shown = (0..doc.len() as u32)
        .filter(|&p| !filter.hides(doc, p))
        .count();
    let folds = list.folded.iter().any(|&f| f) && list.order == chorus::app::Order::Thread;
    if folds {
        prop_assert!(listed.len() <= shown, "step {step}");
    } else {
        prop_assert_eq!(
            listed.len(),
            shown,
            "step {}: rows against shown posts",
            step
        );
    }
    // Nothing drawn holds a control character.
    terminal
        .draw(|f| chorus::ui::draw(f, a))
        .map_err(|e| TestCaseError::fail(e.to_string()))?;
    let buf = terminal.backend().buffer();
    for cell in buf.content() {
        prop_assert!(
            !cell.symbol().chars().any(|c| is_control(c, &[])),
            "step {step}: a control character drawn: {:?}",
            cell.symbol()
        );
    }
    Ok(())
}

/// 64 cases a property in `cargo test`; `PROPTEST_CASES=N` for a longer hunt.
fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(64)
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: cases(),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn any_keys_on_any_document_keep_the_reader_consistent_and_draw_no_control(
        json in bundle(),
        keys in prop::collection::vec(action(), 0..40),
        (width, height) in (20u16..140, 6u16..50),
    ) {
        let mut a = App::new(load(&json), Theme::new(true));
        a.update(Action::Resize { width, height });
        let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("terminal");
        check(&a, &mut terminal, 0)?;
        for (step, key) in keys.into_iter().enumerate() {
            if let Action::Resize { width, height } = key {
                terminal.backend_mut().resize(width, height);
            }
            a.update(key);
            check(&a, &mut terminal, step + 1)?;
        }
    }

    #[test]
    fn folds_and_filters_give_the_same_rows_whether_the_order_cycles_before_or_after(
        json in bundle(),
        keys in prop::collection::vec(
            prop_oneof![
                Just(Action::MoveDown),
                Just(Action::Bottom),
                (0u8..8).prop_map(Action::ToggleTone),
                Just(Action::ToggleFold),
                Just(Action::FoldAll),
                Just(Action::ToggleContext),
            ],
            0..12,
        ),
    ) {
        let doc = load(&json);
        let cycle = |a: &mut App| {
            for _ in 0..3 {
                a.update(Action::CycleOrder);
            }
        };
        let run = |before: bool| {
            let mut a = App::new(doc.clone(), Theme::new(false));
            a.update(Action::Resize { width: 100, height: 30 });
            if before {
                cycle(&mut a);
            }
            for k in &keys {
                a.update(k.clone());
            }
            if !before {
                cycle(&mut a);
            }
            rows(&a)
        };
        prop_assert_eq!(run(true), run(false));
    }

    #[test]
    fn print_writes_no_control_character_and_convert_then_load_is_the_same_document(
        json in bundle(),
    ) {
        let doc = load(&json);
        for format in [OutputFormat::Text, OutputFormat::Markdown, OutputFormat::Json] {
            let opts = PrintOptions { format, ..PrintOptions::default() };
            let mut out = Vec::new();
            chorus::export::print(&doc, &opts, &mut out).expect("print");
            let text = String::from_utf8(out).expect("print writes UTF-8");
            prop_assert!(
                !text.chars().any(|c| is_control(c, PRINT_KEEPS)),
                "{:?} printed a control character: {:?}",
                format,
                text
            );
        }
        // convert writes the bundle `print --format json` does; loaded again and written
        // again, nothing changes.
        let bundle_of = |d: &chorus::model::Document| {
            let mut out = Vec::new();
            let opts = PrintOptions { format: OutputFormat::Json, ..PrintOptions::default() };
            chorus::export::print(d, &opts, &mut out).expect("print json");
            String::from_utf8(out).expect("UTF-8")
        };
        let once = bundle_of(&doc);
        let again = load(&serde_json::from_str(&once).expect("the bundle is JSON"));
        prop_assert_eq!(again.len(), doc.len());
        prop_assert_eq!(bundle_of(&again), once);
    }
}
