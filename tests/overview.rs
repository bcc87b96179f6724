//! The overview (`v`) and `chorus stats`: figures checked against a document whose tones, times
//! and quotes are known, in the JSON, in the figures the pane draws from, and on screen.

mod common;

use chorus::app::{Action, App, Mode, OverviewTarget, Theme};
use chorus::model::ToneKey;
use chorus::stats::{Figures, Tally, TimeIndex};
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// Two quoted posts. Under "a" (10:00 UTC): 3 supportive and 1 critical reply; under "b"
/// (13:00): 2 critical replies, one of them untimed. A third root, "c", quoted by nothing, has
/// a humorous reply. Times span 10:00-13:40 on 1 March 2024: 45 steps of 5 minutes.
const DOC: &str = r#"{
  "format": "chorus/1",
  "article": {
    "title": "A pier, closed",
    "blocks": [
      {"type": "paragraph", "text": "The pier closed on Friday."},
      {"type": "embed", "post": "a"},
      {"type": "paragraph", "text": "Then the council spoke."},
      {"type": "embed", "post": "b"}
    ]
  },
  "posts": [
    {"id": "a", "author": {"name": "Ana"}, "text": "The pier is closed for good, and I will miss it.", "tone": "empathetic", "created_at": "2024-03-01T10:00:00Z"},
    {"id": "a1", "author": {"name": "Bo"}, "text": "We will all miss it.", "in_reply_to": "a", "tone": "supportive", "created_at": "2024-03-01T10:05:00Z"},
    {"id": "a2", "author": {"name": "Cy"}, "text": "Same here.", "in_reply_to": "a", "tone": "supportive", "created_at": "2024-03-01T10:20:00Z"},
    {"id": "a3", "author": {"name": "Di"}, "text": "Lovely memories.", "in_reply_to": "a1", "tone": "supportive", "created_at": "2024-03-01T11:00:00Z"},
    {"id": "a4", "author": {"name": "Ed"}, "text": "About time.", "in_reply_to": "a", "tone": "critical", "created_at": "2024-03-01T11:10:00Z"},
    {"id": "b", "author": {"name": "Council"}, "text": "Repairs would cost more than the pier is worth.", "tone": "neutral", "created_at": "2024-03-01T13:00:00Z"},
    {"id": "b1", "author": {"name": "Fa"}, "text": "Nonsense.", "in_reply_to": "b", "tone": "critical", "created_at": "2024-03-01T13:40:00Z"},
    {"id": "b2", "author": {"name": "Gu"}, "text": "Shame on you.", "in_reply_to": "b", "tone": "critical"},
    {"id": "c", "author": {"name": "Ho"}, "text": "A seagull took my chips.", "tone": "humorous", "created_at": "2024-03-01T12:00:00Z"},
    {"id": "c1", "author": {"name": "Io"}, "text": "Classic.", "in_reply_to": "c", "tone": "humorous", "created_at": "2024-03-01T12:01:00Z"}
  ]
}"#;

fn doc() -> chorus::model::Document {
    common::load_text("pier.json", DOC)
}

fn tone(doc: &chorus::model::Document, name: &str) -> ToneKey {
    ToneKey::Tone(doc.tones.index_of(name).expect("a tone"))
}

/// The count in `figures` of the tone `name`, from a per-tone list.
fn count(doc: &chorus::model::Document, f: &Figures, counts: &[usize], name: &str) -> usize {
    let key = tone(doc, name);
    f.tones
        .iter()
        .zip(counts)
        .find(|(r, _)| r.key == key)
        .map_or(0, |(_, &n)| n)
}

#[test]
fn the_figures_count_tones_quotes_steps_and_sources_exactly() {
    let d = doc();
    let time = TimeIndex::new(&d, &jiff::tz::TimeZone::UTC);
    assert_eq!(time.step, Some((5 * 60, "5 minutes")));
    let f = Figures::new(&Tally::new(&d, &time), &time, &|_| false);
    assert_eq!((f.total, f.shown), (10, 10));
    let by_tone: Vec<(String, usize)> = f
        .tones
        .iter()
        .map(|r| match r.key {
            ToneKey::Tone(t) => (d.tones.name(t).to_string(), r.shown),
            ToneKey::Untagged => ("untagged".into(), r.shown),
        })
        .collect();
    assert_eq!(
        by_tone,
        [
            ("supportive".to_string(), 3),
            ("empathetic".into(), 1),
            ("humorous".into(), 2),
            ("critical".into(), 3),
            ("neutral".into(), 1)
        ]
    );
    // Quotes: the replies under each, not the quoted post itself.
    assert_eq!(f.quotes.len(), 2);
    let a = &f.quotes[0];
    assert_eq!((a.shown, a.total), (4, 4));
    assert_eq!(count(&d, &f, &a.counts, "supportive"), 3);
    assert_eq!(count(&d, &f, &a.counts, "critical"), 1);
    let b = &f.quotes[1];
    assert_eq!((b.shown, count(&d, &f, &b.counts, "critical")), (2, 2));
    // Steps of 5 minutes from 10:00 to 13:40: 45 of them.
    let steps = f.time.as_ref().expect("timed posts");
    assert_eq!(steps.len(), 45);
    assert_eq!(steps[0].start, 1_709_287_200);
    assert_eq!(steps[0].shown, 1, "a at 10:00");
    assert_eq!(steps[1].shown, 1, "a1 at 10:05");
    assert_eq!(steps[4].shown, 1, "a2 at 10:20");
    assert_eq!(steps[12].shown, 1, "a3 at 11:00");
    assert_eq!(count(&d, &f, &steps[12].counts, "supportive"), 1);
    assert_eq!(steps[24].shown, 2, "c and c1 at 12:00");
    assert_eq!(count(&d, &f, &steps[24].counts, "humorous"), 2);
    assert_eq!(steps[44].shown, 1, "b1 at 13:40");
    assert_eq!(steps.iter().map(|s| s.shown).sum::<usize>(), 9);
    assert_eq!(f.undated, 1, "b2 has no time");
    assert_eq!(f.sources.file, 10);
    assert_eq!(
        f.sources.computed + f.sources.corrected + f.sources.untagged,
        0
    );
}

#[test]
fn the_figures_count_only_what_the_filter_shows() {
    let d = doc();
    let time = TimeIndex::new(&d, &jiff::tz::TimeZone::UTC);
    let critical = tone(&d, "critical");
    let f = Figures::new(&Tally::new(&d, &time), &time, &|k| k != critical);
    assert_eq!((f.total, f.shown), (10, 3));
    let row = f
        .tones
        .iter()
        .find(|r| r.key == critical)
        .expect("critical");
    assert_eq!((row.shown, row.total, row.hidden), (3, 3, false));
    let hidden = f.tones.iter().find(|r| r.key != critical).expect("another");
    assert!(hidden.hidden && hidden.shown == 0 && hidden.total > 0);
    assert_eq!(f.quotes[0].shown, 1);
    assert_eq!(f.quotes[0].total, 4);
    // The step of 12:00 holds c and c1 (humorous): none shown; the first of the 13:40 step
    // is b1.
    assert_eq!(
        Figures::first_in_step(&d, &time, 24, &|k| k != critical),
        None
    );
    let first = Figures::first_in_step(&d, &time, 44, &|k| k != critical).expect("a post");
    assert_eq!(d.post(first).id, "b1");
    let first = Figures::first_in_step(&d, &time, 24, &|_| false).expect("a post");
    assert_eq!(d.post(first).id, "c", "the earlier of the two");
}

#[test]
fn a_thread_without_times_has_no_chart_and_days_become_the_step() {
    let untimed = DOC.replace("\"created_at\"", "\"x_created_at\"");
    let d = common::load_text("pier.json", &untimed);
    let time = TimeIndex::new(&d, &jiff::tz::TimeZone::UTC);
    assert_eq!(time.step, None);
    let f = Figures::new(&Tally::new(&d, &time), &time, &|_| false);
    assert!(f.time.is_none());
    assert_eq!(f.undated, 10);
    let weeks = DOC.replace("2024-03-01T13:40:00Z", "2024-03-31T13:40:00Z");
    let d = common::load_text("pier.json", &weeks);
    let time = TimeIndex::new(&d, &jiff::tz::TimeZone::UTC);
    assert_eq!(time.step, Some((86_400, "day")));
    assert_eq!(time.steps, 31);
}

// ---- the pane -----------------------------------------------------------------------------

fn app(width: u16, height: u16) -> App {
    let mut a = App::new(doc(), Theme::new(true));
    a.set_time_zone(&jiff::tz::TimeZone::UTC, "UTC");
    a.update(Action::Resize { width, height });
    a
}

fn press(a: &mut App, code: KeyCode) {
    a.handle_event(&Event::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

fn keys(a: &mut App, s: &str) {
    for c in s.chars() {
        press(a, KeyCode::Char(c));
    }
}

fn screen(a: &App) -> String {
    let area = a.screen().area;
    let mut t = Terminal::new(TestBackend::new(area.width, area.height)).expect("terminal");
    t.draw(|f| chorus::ui::draw(f, a)).expect("draw");
    common::buffer_text(t.backend().buffer())
}

#[test]
fn v_opens_the_overview_and_its_figures_follow_the_filter() {
    let mut a = app(120, 40);
    keys(&mut a, "v");
    assert_eq!(a.mode(), Mode::Overview);
    let f = a.overview().figures().expect("figures").clone();
    assert_eq!(f.shown, 10);
    insta::assert_snapshot!("overview_120x40", screen(&a));
    // A digit hides a tone as it does in the panes, and the figures count again.
    keys(&mut a, "1");
    assert_eq!(a.overview().figures().expect("figures").shown, 7);
    keys(&mut a, "0");
    assert_eq!(a.overview().figures().expect("figures").shown, 10);
    // Esc closes it with the place kept.
    press(&mut a, KeyCode::Esc);
    assert_eq!(a.mode(), Mode::Normal);
    assert!(a.overview().figures().is_some());
}

#[test]
fn choosing_a_tone_shows_only_it_and_choosing_again_shows_all() {
    let mut a = app(120, 40);
    keys(&mut a, "vjjj"); // supportive, empathetic, humorous, critical
    assert_eq!(a.overview().target(), Some(OverviewTarget::Tone(3)));
    press(&mut a, KeyCode::Enter);
    assert_eq!(a.message(), Some("only critical shown (0 shows all)"));
    assert_eq!(a.filter().shown_posts(), 3);
    assert_eq!(a.overview().figures().expect("figures").shown, 3);
    assert!(screen(&a).contains("3 of 10 posts shown"));
    press(&mut a, KeyCode::Enter);
    assert_eq!(a.message(), Some("every tone shown"));
    assert_eq!(a.filter().shown_posts(), 10);
}

#[test]
fn choosing_a_quote_goes_to_it_and_a_time_step_to_its_first_reply() {
    let mut a = app(120, 40);
    keys(&mut a, "v");
    press(&mut a, KeyCode::Tab);
    keys(&mut a, "j");
    assert_eq!(a.overview().target(), Some(OverviewTarget::Quote(1)));
    press(&mut a, KeyCode::Enter);
    let selected = a.replies().selected_post().expect("a selection");
    assert_eq!(a.doc().post(selected).id, "b");
    assert_eq!(a.article().quote(), Some(1));
    // The time steps: the 11:00 step (the 13th) holds a3.
    press(&mut a, KeyCode::Tab);
    keys(&mut a, "jjjjjjjjjjjj");
    assert_eq!(a.overview().target(), Some(OverviewTarget::Step(12)));
    let s = screen(&a);
    assert!(s.contains("1 Mar 11:00 · 1 post · S 1"), "{s}");
    press(&mut a, KeyCode::Enter);
    let selected = a.replies().selected_post().expect("a selection");
    assert_eq!(a.doc().post(selected).id, "a3");
    // The overview stays open beside the panes.
    assert_eq!(a.mode(), Mode::Overview);
    keys(&mut a, "v");
    assert_eq!(a.mode(), Mode::Normal);
}

#[test]
fn on_a_narrow_terminal_the_overview_takes_the_screen_and_going_somewhere_closes_it() {
    let mut a = app(60, 30);
    keys(&mut a, "v");
    assert!(a.screen().overview_full);
    let s = screen(&a);
    assert!(s.contains("Overview") && !s.contains("Article"), "{s}");
    press(&mut a, KeyCode::Tab);
    press(&mut a, KeyCode::Enter);
    assert_eq!(a.mode(), Mode::Normal);
    let selected = a.replies().selected_post().expect("a selection");
    assert_eq!(a.doc().post(selected).id, "a");
}

#[test]
fn every_size_from_20x5_draws_the_overview_without_panic_and_tone_bars_first() {
    for w in (20..=130u16).step_by(5) {
        for h in (5..=45u16).step_by(2) {
            let mut a = app(w, h);
            keys(&mut a, "v");
            let s = screen(&a);
            if !a.screen().too_small {
                assert!(s.contains("Overview"), "{w}x{h}:\n{s}");
                if a.overview().area().height >= 5 {
                    assert!(
                        s.contains("supportive") || s.contains("[S]"),
                        "{w}x{h}:\n{s}"
                    );
                }
            }
            keys(&mut a, "GkTj");
        }
    }
    let mut a = app(40, 12);
    keys(&mut a, "v");
    insta::assert_snapshot!("overview_40x12", screen(&a));
}

#[test]
fn a_click_on_a_tone_bar_chooses_it() {
    let mut a = app(120, 40);
    keys(&mut a, "v");
    let area = a.overview().area();
    // Inside the border: the header, "By tone", then supportive.
    a.update(Action::ClickAt {
        column: area.x + 3,
        row: area.y + 3,
    });
    assert_eq!(a.message(), Some("only supportive shown (0 shows all)"));
}

#[test]
fn stats_json_has_the_same_figures() {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("stats");
    std::fs::create_dir_all(&dir).expect("dir");
    let file = dir.join("pier.json");
    std::fs::write(&file, DOC).expect("write");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_chorus"))
        .args(["stats", "--format", "json"])
        .arg(&file)
        .env("TZ", "UTC")
        .output()
        .expect("run chorus stats");
    assert!(out.status.success(), "{out:?}");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(v["format"], "chorus-stats/1");
    assert_eq!(v["posts"], 10);
    assert_eq!(v["tones"][0]["tone"], "supportive");
    assert_eq!(v["tones"][0]["posts"], 3);
    assert_eq!(v["tones"][0]["badge"], "S");
    assert_eq!(v["quotes"][0]["post"], "a");
    assert_eq!(v["quotes"][0]["replies"], 4);
    assert_eq!(v["quotes"][0]["tones"]["critical"], 1);
    assert_eq!(v["time"]["step"], "5 minutes");
    assert_eq!(v["time"]["time_zone"], "UTC");
    assert_eq!(v["time"]["steps"][0]["start"], "2024-03-01T10:00:00+00:00");
    assert_eq!(v["time"]["steps"][0]["posts"], 1);
    assert_eq!(v["time"]["steps"][24]["tones"]["humorous"], 2);
    assert_eq!(v["time"]["undated"], 1);
    assert_eq!(v["sources"]["file"], 10);
    assert_eq!(v["sources"]["low_confidence_below"], 0.5);

    // --tone counts only that tone; an unknown one is one line and exit 2.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_chorus"))
        .args(["stats", "--format", "json", "--tone", "critical"])
        .arg(&file)
        .env("TZ", "Asia/Tokyo")
        .output()
        .expect("run");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(v["shown"], 3);
    assert_eq!(v["time"]["steps"][0]["start"], "2024-03-01T19:00:00+09:00");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_chorus"))
        .args(["stats", "--tone", "grumpy"])
        .arg(&file)
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("unknown tone \"grumpy\""), "{err}");
}

#[test]
fn a_large_document_is_counted_on_a_worker_and_the_pane_says_so_meanwhile() {
    let mut a = app(120, 40);
    a.count_overview_here_up_to(0);
    let effect = a.update(Action::ToggleOverview);
    let chorus::app::Effect::Tally(request) = effect else {
        panic!("a count for a worker: {effect:?}");
    };
    assert!(a.overview().figures().is_none());
    let s = screen(&a);
    assert!(s.contains("counting the posts…"), "{s}");
    // Keys work meanwhile without asking again; an answer to an older question is dropped.
    assert_eq!(a.update(Action::MoveDown), chorus::app::Effect::None);
    let stale = chorus::stats::Tallied {
        generation: request.generation + 7,
        ..request.clone().count()
    };
    a.update(Action::Tallied(Box::new(stale)));
    assert!(a.overview().figures().is_none());
    a.update(Action::Tallied(Box::new(request.count())));
    let f = a.overview().figures().expect("the figures");
    assert_eq!((f.shown, f.quotes.len()), (10, 2));
    assert!(screen(&a).contains("10 of 10 posts shown"));
    // A filter needs no new count.
    assert_eq!(a.update(Action::ToggleTone(1)), chorus::app::Effect::None);
    assert_eq!(a.overview().figures().expect("figures").shown, 7);
}

#[test]
fn bars_carry_their_tones_colour_and_letter_and_none_without_colour() {
    for color in [true, false] {
        let mut a = App::new(doc(), Theme::new(color));
        a.set_time_zone(&jiff::tz::TimeZone::UTC, "UTC");
        a.update(Action::Resize {
            width: 120,
            height: 40,
        });
        keys(&mut a, "v");
        let area = a.screen().area;
        let mut t = Terminal::new(TestBackend::new(area.width, area.height)).expect("terminal");
        t.draw(|f| chorus::ui::draw(f, &a)).expect("draw");
        let buf = t.backend().buffer();
        // The first quote's stacked bar: "S" cells, then "C", on the tones' colours.
        let o = a.overview().area();
        let bar_row = (o.y..o.bottom())
            .find(|&y| {
                (o.x..o.right()).any(|x| buf[(x, y)].symbol() == "C")
                    && (o.x..o.right()).any(|x| buf[(x, y)].symbol() == "S")
            })
            .expect("the first quote's bar");
        let cell = |sym: &str| {
            (o.x..o.right())
                .map(|x| &buf[(x, bar_row)])
                .find(|c| c.symbol() == sym)
                .expect("a cell")
                .clone()
        };
        let supportive = a.palette().look(ToneKey::Tone(0)).color;
        if color {
            assert_eq!(cell("S").bg, supportive);
            assert_ne!(cell("C").bg, supportive);
        } else {
            assert_eq!(cell("S").bg, ratatui::style::Color::Reset);
            assert_eq!(cell("S").fg, ratatui::style::Color::Reset);
        }
    }
}
