//! The filter language in the reader (`f`) and in `chorus print --filter`, and properties: no
//! input makes the parser panic, and a filter written back parses to the same filter.

use chorus::app::{Action, App, Mode, Theme};
use proptest::prelude::*;

fn app() -> App {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/hackernews/item.json");
    let doc = chorus::load::load(
        chorus::load::Input::Path(&path),
        None,
        &chorus::load::Limits::default(),
    )
    .expect("the fixture loads");
    let mut a = App::new(doc, Theme::new(true));
    a.update(Action::Resize {
        width: 120,
        height: 40,
    });
    a
}

fn type_in(a: &mut App, text: &str) {
    for c in text.chars() {
        a.update(Action::FilterInput(c));
    }
}

fn listed(a: &App) -> Vec<String> {
    a.replies()
        .list()
        .rows
        .iter()
        .filter(|r| !r.context)
        .map(|r| a.doc().post(r.post).author.name.clone())
        .collect()
}

#[test]
fn f_filters_the_replies_shows_errors_in_place_and_empty_clears() {
    let mut a = app();
    a.update(Action::FilterStart);
    assert_eq!(a.mode(), Mode::FilterPrompt);
    type_in(&mut a, "@ren or (depth>=3");
    a.update(Action::FilterAccept);
    // Refused: the prompt stays open with the error, and nothing is filtered.
    assert_eq!(a.mode(), Mode::FilterPrompt);
    let e = a
        .filter_prompt()
        .and_then(|p| p.error.clone())
        .expect("an error");
    assert_eq!(e.column, 18);
    assert!(a.filter().posts().is_none());
    a.update(Action::FilterInput(')'));
    assert!(a.filter_prompt().and_then(|p| p.error.clone()).is_none());
    a.update(Action::FilterAccept);
    assert_eq!(a.mode(), Mode::Normal);
    assert_eq!(listed(&a), ["ren", "kai"]);
    assert_eq!(a.message(), Some("filter: 2 of 7 posts"));
    assert_eq!(a.filter().shown_posts(), 2);
    // Reopened, it holds the active filter; Esc leaves it as it is.
    a.update(Action::FilterStart);
    assert_eq!(
        a.filter_prompt().map(|p| p.text.as_str()),
        Some("@ren or (depth>=3)")
    );
    a.update(Action::FilterCancel);
    assert_eq!(listed(&a), ["ren", "kai"]);
    // With the tone filter too: the legend's toggles still apply on top.
    a.update(Action::FilterStart);
    for _ in 0..40 {
        a.update(Action::FilterBackspace);
    }
    a.update(Action::FilterAccept);
    assert!(a.filter().posts().is_none());
    assert_eq!(a.message(), Some("filter cleared: every post shown"));
    assert_eq!(listed(&a).len(), 7);
}

#[test]
fn print_filter_keeps_what_the_expression_matches() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/hackernews/item.json");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_chorus"))
        .args(["print", "--filter", "in-thread-of:@olu and not @olu"])
        .arg(&path)
        .output()
        .expect("run");
    assert!(out.status.success(), "{out:?}");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("Thread: 2 of 7 posts (filter: in-thread-of:@olu and not @olu)"),
        "{text}"
    );
    assert!(text.contains(" ren ") && text.contains(" kai "), "{text}");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_chorus"))
        .args(["print", "--filter", "depth>"])
        .arg(&path)
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        err.trim(),
        "chorus: --filter: column 6: \"\" is not a depth"
    );
}

/// Pieces filters are made of, some of them broken.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("tone:critical".to_string()),
        Just("tone:\"my tone\"".to_string()),
        Just("computed".to_string()),
        Just("corrected".to_string()),
        Just("op".to_string()),
        Just("has:link".to_string()),
        (0u32..5).prop_map(|d| format!("depth>={d}")),
        (0u32..=10).prop_map(|c| format!("conf<{}", c as f32 / 10.0)),
        "[a-z]{1,6}".prop_map(|w| format!("@{w}")),
        "[a-zA-Z \"\\\\]{0,8}"
            .prop_map(|w| format!("\"{}\"", w.replace('\\', "\\\\").replace('"', "\\\""))),
        "[a-z.*+?]{1,5}".prop_map(|r| format!("/{r}/")),
        Just("after:2024-03-01".to_string()),
        Just("before:2024-03-01T10:00:00Z".to_string()),
        "[a-z]{1,6}",
    ]
}

fn expression() -> impl Strategy<Value = String> {
    piece().prop_recursive(4, 24, 3, |inner| {
        prop_oneof![
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("{a} and {b}")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("{a} or {b}")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("{a} {b}")),
            inner.clone().prop_map(|a| format!("not {a}")),
            inner.clone().prop_map(|a| format!("({a})")),
            inner.clone().prop_map(|a| format!("replies-to:({a})")),
            inner.prop_map(|a| format!("in-thread-of:({a})")),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn no_input_panics(text in "\\PC{0,40}") {
        let _ = chorus::filter::parse(&text);
    }

    #[test]
    fn a_filter_written_back_parses_to_itself(text in expression()) {
        if let Ok(e) = chorus::filter::parse(&text) {
            let written = e.to_string();
            let again = chorus::filter::parse(&written).expect("written back parses");
            prop_assert_eq!(written, again.to_string());
        }
    }

    #[test]
    fn matching_never_panics_and_not_is_the_complement(text in expression()) {
        if let Ok(e) = chorus::filter::parse(&text) {
            let a = app();
            let m = e.matches(a.doc());
            let not = chorus::filter::parse(&format!("not ({text})")).expect("parses");
            let n = not.matches(a.doc());
            prop_assert!(m.iter().zip(&n).all(|(x, y)| x != y));
        }
    }
}

#[test]
fn m_mutes_an_author_everywhere_with_the_filter_and_big_m_unmutes_all() {
    let mut a = app();
    a.configure_mutes(Ok(Default::default()));
    a.update(Action::FocusNext);
    a.update(Action::MoveDown); // mira
    let effect = a.update(Action::ToggleMute);
    let chorus::app::Effect::SaveMutes(saved) = effect else {
        panic!("the mutes are saved: {effect:?}");
    };
    assert_eq!(saved.authors.len(), 1);
    assert_eq!(saved.authors[0].name, "mira");
    assert!(!listed(&a).contains(&"mira".to_string()));
    assert_eq!(a.filter().shown_posts(), 6);
    // With a filter: both apply.
    a.update(Action::FilterStart);
    type_in(&mut a, "depth>=1");
    a.update(Action::FilterAccept);
    assert_eq!(listed(&a), ["olu", "ren", "kai", "[deleted]", "sam"]);
    // A new session with the saved list mutes her again.
    let mut b = app();
    b.configure_mutes(Ok(saved));
    assert!(!listed(&b).contains(&"mira".to_string()));
    // M unmutes everyone; the filter stays.
    assert!(matches!(
        a.update(Action::UnmuteAll),
        chorus::app::Effect::SaveMutes(m) if m.authors.is_empty()
    ));
    assert_eq!(
        listed(&a),
        ["mira", "olu", "ren", "kai", "[deleted]", "sam"]
    );
    // A list that could not be read turns muting off, and m says why.
    let mut c = app();
    c.configure_mutes(Err(
        "muted.json: damaged; muting is off for this session".into()
    ));
    c.update(Action::FocusNext);
    assert_eq!(c.update(Action::ToggleMute), chorus::app::Effect::None);
    assert_eq!(
        c.message(),
        Some("muted.json: damaged; muting is off for this session")
    );
}

#[test]
fn a_named_filters_key_applies_it_and_clears_it() {
    let config =
        chorus::config::parse("[filters]\ndeep = { filter = \"depth>=3\", key = \"F2\" }\n")
            .expect("a good config");
    let mut a = app();
    a.configure(config.keys, Default::default());
    let f2 = crossterm::event::Event::Key(crossterm::event::KeyEvent::new(
        crossterm::event::KeyCode::F(2),
        crossterm::event::KeyModifiers::NONE,
    ));
    a.handle_event(&f2);
    assert_eq!(listed(&a), ["ren", "kai"]);
    assert_eq!(
        a.message(),
        Some("filter depth>=3: 2 of 7 posts (the same key clears it)")
    );
    a.handle_event(&f2);
    assert_eq!(listed(&a).len(), 7);
}

#[test]
fn a_text_filter_on_a_large_document_is_matched_on_a_worker() {
    let mut bytes = Vec::new();
    chorus::synth::write_bundle(25_000, 3, &mut bytes).expect("generate");
    let doc = chorus::load::load(
        chorus::load::Input::Bytes {
            name: std::path::Path::new("big.json"),
            bytes: &bytes,
        },
        None,
        &chorus::load::Limits::default(),
    )
    .expect("loads");
    let mut a = App::new(doc, Theme::new(true));
    a.update(Action::FilterStart);
    type_in(&mut a, "\"tide\" and depth>=1");
    let effect = a.update(Action::FilterAccept);
    let chorus::app::Effect::Filter(request) = effect else {
        panic!("a worker's job: {effect:?}");
    };
    assert!(a.filtering());
    assert_eq!(a.message(), Some("matching the filter against every post…"));
    // An older answer is dropped; the latest is taken.
    let mut stale = request.clone().run();
    stale.generation -= 1;
    a.update(Action::Filtered(Box::new(stale)));
    assert!(a.filtering());
    let answer = request.run();
    let expected = answer.matches.iter().filter(|&&m| m).count();
    a.update(Action::Filtered(Box::new(answer)));
    assert!(!a.filtering());
    assert_eq!(a.filter().shown_posts(), expected);
    assert!(expected > 0 && expected < 25_000, "{expected}");
    // A filter that reads no words is matched at once.
    a.update(Action::FilterStart);
    for _ in 0..40 {
        a.update(Action::FilterBackspace);
    }
    type_in(&mut a, "depth>=1");
    assert_eq!(a.update(Action::FilterAccept), chorus::app::Effect::None);
    assert!(!a.filtering());
}

#[test]
fn a_correction_recounts_a_word_filter_and_rematches_a_tone_filter() {
    let mut a = app();
    a.update(Action::FilterStart);
    type_in(&mut a, "@ren or @kai");
    a.update(Action::FilterAccept);
    a.update(Action::FocusNext);
    let ren = a.doc().find("9000005").expect("ren");
    a.update(Action::FocusPost("9000005".into()));
    assert_eq!(a.replies().selected_post(), Some(ren));
    a.update(Action::PickTone);
    a.update(Action::ChooseTone(5)); // critical
    // The same two posts, counted under their tones now; hiding critical leaves kai.
    assert_eq!(a.filter().shown_posts(), 2);
    let critical = a
        .filter()
        .position_of(chorus::model::ToneKey::Tone(4))
        .expect("critical in the legend");
    a.update(Action::ToggleTone(critical as u8 + 1));
    assert_eq!(listed(&a), ["kai"]);
    a.update(Action::ShowAllTones);
    // A filter on tones follows the correction.
    a.update(Action::FilterStart);
    for _ in 0..40 {
        a.update(Action::FilterBackspace);
    }
    type_in(&mut a, "tone:critical");
    a.update(Action::FilterAccept);
    assert_eq!(listed(&a), ["ren"]);
    a.update(Action::FocusPost("9000005".into()));
    assert_eq!(a.replies().selected_post(), Some(ren));
    a.update(Action::PickTone);
    a.update(Action::ChooseTone(1)); // supportive
    assert!(listed(&a).is_empty());
}

/// Found by the `filter` fuzz target: a chain of more terms than parentheses may nest (here
/// empty regexes, `//`, one after another) parsed, but was written back with a pair of
/// parentheses per term and then no longer parsed ("nested too deeply"). Written back, a chain
/// is a chain again.
#[test]
fn a_long_chain_written_back_parses_to_itself() {
    let found = std::str::from_utf8(b"///////////////////////S\x0a\x1d\x1d#\x00\x00\x0a////////////////////////////////4\x00/////////////////////////////////////////////////////////////////////////////\x01\x00\x00e///")
        .expect("the input is text");
    let long = (0..300)
        .map(|i| format!("@a{i}"))
        .collect::<Vec<_>>()
        .join(" or ");
    let mixed = (0..300)
        .map(|i| format!("not tone:t{i} and depth>{i}"))
        .collect::<Vec<_>>()
        .join(" or ");
    for text in [found, long.as_str(), mixed.as_str()] {
        let expr = chorus::filter::parse(text).expect("parses");
        let written = expr.to_string();
        let again = chorus::filter::parse(&written)
            .unwrap_or_else(|e| panic!("{written:?} does not parse: {e}"));
        assert_eq!(again.to_string(), written);
    }
    // Parentheses stay where the tree needs them, and only there.
    for (typed, written) in [
        ("a b c", "\"a\" and \"b\" and \"c\""),
        ("a or b c", "\"a\" or \"b\" and \"c\""),
        ("(a or b) c", "(\"a\" or \"b\") and \"c\""),
        ("a (b c)", "\"a\" and (\"b\" and \"c\")"),
        ("not (a or b)", "not (\"a\" or \"b\")"),
        ("replies-to:(@x or @y)", "replies-to:(@x or @y)"),
        ("replies-to:@x", "replies-to:@x"),
    ] {
        assert_eq!(
            chorus::filter::parse(typed).unwrap().to_string(),
            written,
            "{typed}"
        );
    }
}
