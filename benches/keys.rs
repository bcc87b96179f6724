//! Key to drawn frame at a million posts: `cargo bench --bench keys`.
//!
//! A generated 1,000,000-post bundle (seed 1, as `chorus gen --posts 1000000`) is loaded and
//! tagged once; each benchmark is one key and the key that undoes it (hide a tone and show it
//! again, fold and unfold, ...), each followed by `App::update` and a full draw into
//! `TestBackend`, as the reader does for a key press. So an iteration is two frames. Percentiles
//! per key come from `cargo run --release --example key_latency -- FILE`. Figures and the target
//! (a frame, 16 ms) are in `docs/BENCHMARKS.md`.

use std::hint::black_box;
use std::time::Duration;

use chorus::app::{Action, App, Theme};
use criterion::{Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// The allocator the chorus binary uses, so the figures are the binary's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const POSTS: usize = 1_000_000;
const WIDTH: u16 = 160;
const HEIGHT: u16 = 45;

fn ready_app() -> App {
    let mut bytes = Vec::new();
    chorus::synth::write_bundle(POSTS, 1, &mut bytes).expect("generate bundle");
    let name = std::path::Path::new("bench-1m.json");
    let mut doc = chorus::load::load(
        chorus::load::Input::Bytes {
            name,
            bytes: &bytes,
        },
        None,
        &chorus::load::Limits::default(),
    )
    .expect("load bundle");
    drop(bytes);
    chorus::tone::compute::tag_document(&mut doc);
    // As the reader's loading thread does before it hands the document over.
    doc.time_order();
    let mut app = App::new(doc, Theme::new(true));
    app.update(Action::Resize {
        width: WIDTH,
        height: HEIGHT,
    });
    app.update(Action::FocusNext);
    app
}

/// `f`, the prompt emptied, `expr` typed and Enter, as the reader types a filter.
fn type_filter(app: &mut App, expr: &str) {
    app.update(Action::FilterStart);
    for _ in 0..64 {
        app.update(Action::FilterBackspace);
    }
    for c in expr.chars() {
        app.update(Action::FilterInput(c));
    }
    app.update(black_box(Action::FilterAccept));
}

fn bench_keys(c: &mut Criterion) {
    let mut app = ready_app();
    let mut terminal = Terminal::new(TestBackend::new(WIDTH, HEIGHT)).expect("test terminal");
    let keys: Vec<(&str, Vec<Action>)> = vec![
        ("1m_j_k", vec![Action::MoveDown, Action::MoveUp]),
        (
            "1m_toggle_tone",
            vec![Action::ToggleTone(1), Action::ToggleTone(1)],
        ),
        (
            "1m_tone_then_0",
            vec![Action::ToggleTone(2), Action::ShowAllTones],
        ),
        (
            "1m_fold_unfold",
            vec![Action::ToggleFold, Action::ToggleFold],
        ),
        (
            "1m_fold_all_unfold_all",
            vec![Action::FoldAll, Action::UnfoldAll],
        ),
        ("1m_bottom_top", vec![Action::Bottom, Action::Top]),
        (
            "1m_next_prev_quote",
            vec![Action::NextQuote, Action::PrevQuote],
        ),
        ("1m_picker_open_close", vec![Action::PickTone, Action::Back]),
        (
            "1m_page_down_up",
            vec![Action::ScrollPageDown, Action::ScrollPageUp],
        ),
        (
            "1m_order_three_times",
            vec![Action::CycleOrder, Action::CycleOrder, Action::CycleOrder],
        ),
        (
            "1m_search_keystroke",
            vec![
                Action::SearchStart,
                Action::SearchInput('x'),
                Action::SearchCancel,
            ],
        ),
    ];
    let mut group = c.benchmark_group("keys");
    group
        .sample_size(20)
        .measurement_time(Duration::from_secs(4));
    for (name, actions) in keys {
        group.bench_function(name, |b| {
            b.iter(|| {
                for action in actions.iter().cloned() {
                    app.update(black_box(action));
                    terminal.draw(|f| chorus::ui::draw(f, &app)).expect("draw");
                }
            })
        });
    }
    // Context rows off and on again, with a tone hidden so the two lists differ.
    app.update(Action::ToggleTone(1));
    group.bench_function("1m_context_rows", |b| {
        b.iter(|| {
            for _ in 0..2 {
                app.update(black_box(Action::ToggleContext));
                terminal.draw(|f| chorus::ui::draw(f, &app)).expect("draw");
            }
        })
    });
    app.update(Action::ToggleTone(1));

    // A filter expression (`f`) matched against every post, and the list rebuilt.
    group.bench_function("1m_filter_tone_and_author", |b| {
        b.iter(|| {
            type_filter(&mut app, "tone:critical and @ana");
            terminal.draw(|f| chorus::ui::draw(f, &app)).expect("draw");
        })
    });
    group.bench_function("1m_filter_words", |b| {
        b.iter(|| {
            type_filter(&mut app, "\"tide tables\"");
            terminal.draw(|f| chorus::ui::draw(f, &app)).expect("draw");
        })
    });
    app.update(Action::FilterStart);
    for _ in 0..64 {
        app.update(Action::FilterBackspace);
    }
    app.update(Action::FilterAccept);

    // The overview: its figures counted once per document (each post's time step) and again
    // whenever the filter changes, then drawn beside the panes.
    let tz = jiff::tz::TimeZone::UTC;
    group.bench_function("1m_overview_time_index", |b| {
        b.iter(|| black_box(chorus::stats::TimeIndex::new(app.doc(), &tz)))
    });
    let time = chorus::stats::TimeIndex::new(app.doc(), &tz);
    group.bench_function("1m_overview_tally", |b| {
        b.iter(|| black_box(chorus::stats::Tally::new(app.doc(), &time)))
    });
    let tally = chorus::stats::Tally::new(app.doc(), &time);
    group.bench_function("1m_overview_figures_for_a_filter", |b| {
        b.iter(|| black_box(chorus::stats::Figures::new(&tally, &time, &|_| false)))
    });
    group.bench_function("1m_overview_first_reply_of_a_step", |b| {
        let step = time.steps / 2;
        b.iter(|| {
            black_box(chorus::stats::Figures::first_in_step(
                app.doc(),
                &time,
                step,
                &|_| false,
            ))
        })
    });
    // The first opening: the key asks a worker to count (a snapshot copied on the reader's
    // thread) and draws "counting"; the worker's count is measured on its own below.
    group.bench_function("1m_overview_first_open", |b| {
        b.iter_custom(|iters| {
            let mut spent = Duration::ZERO;
            for _ in 0..iters {
                // Closed, with the counts forgotten (a new time zone means a new time index).
                app.set_time_zone(&tz, "UTC");
                let start = std::time::Instant::now();
                black_box(app.update(black_box(Action::ToggleOverview)));
                terminal.draw(|f| chorus::ui::draw(f, &app)).expect("draw");
                spent += start.elapsed();
                app.update(Action::ToggleOverview);
            }
            spent
        })
    });
    app.set_time_zone(&tz, "UTC");
    let chorus::app::Effect::Tally(request) = app.update(Action::ToggleOverview) else {
        panic!("a million posts are counted on a worker");
    };
    group.bench_function("1m_overview_worker_count", |b| {
        b.iter(|| black_box(request.clone().count()))
    });
    app.update(Action::Tallied(Box::new(request.clone().count())));
    group.bench_function("1m_overview_open_close", |b| {
        b.iter(|| {
            for _ in 0..2 {
                app.update(black_box(Action::ToggleOverview));
                terminal.draw(|f| chorus::ui::draw(f, &app)).expect("draw");
            }
        })
    });
    group.bench_function("1m_overview_toggle_tone", |b| {
        b.iter(|| {
            for _ in 0..2 {
                app.update(black_box(Action::ToggleTone(1)));
                terminal.draw(|f| chorus::ui::draw(f, &app)).expect("draw");
            }
        })
    });
    group.bench_function("1m_overview_j_k", |b| {
        b.iter(|| {
            for action in [Action::MoveDown, Action::MoveUp] {
                app.update(black_box(action));
                terminal.draw(|f| chorus::ui::draw(f, &app)).expect("draw");
            }
        })
    });
    app.update(Action::ToggleOverview);
    group.finish();
}

criterion_group!(keys, bench_keys);
criterion_main!(keys);
