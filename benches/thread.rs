//! Reading a 100,000-post thread: search (a keystroke of incremental search as the UI thread
//! answers it, and the worker's look through every post for it), folding a 100,000-reply
//! subtree, and re-sorting by time.
//! Run with `cargo bench --bench thread`; figures in docs/BENCHMARKS.md.

use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

use chorus::app::{Action, App, SearchRequest, Theme};
use chorus::synth::{Shape, write_bundle_shaped};
use criterion::{Criterion, criterion_group, criterion_main};

/// The allocator the chorus binary uses, so the figures are the binary's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const POSTS: usize = 100_000;

fn app(shape: Shape) -> App {
    let mut bytes = Vec::new();
    write_bundle_shaped(POSTS, 1, shape, &mut bytes).expect("generate");
    let doc = chorus::load::load(
        chorus::load::Input::Bytes {
            name: Path::new("bench.json"),
            bytes: &bytes,
        },
        None,
        &chorus::load::Limits::default(),
    )
    .expect("load");
    let mut app = App::new(doc, Theme::new(true));
    app.update(Action::Resize {
        width: 120,
        height: 40,
    });
    app.update(Action::FocusNext);
    app
}

fn type_query(app: &mut App, q: &str) {
    app.update(Action::SearchStart);
    for c in q.chars() {
        app.update(Action::SearchInput(c));
    }
}

/// Times only the last keystroke of `prefix` + `last`, from a fresh prompt each time.
fn keystrokes(app: &mut App, prefix: &str, last: char, iters: u64) -> Duration {
    let mut total = Duration::ZERO;
    for _ in 0..iters {
        type_query(app, prefix);
        let start = Instant::now();
        black_box(app.update(Action::SearchInput(last)));
        total += start.elapsed();
        app.update(Action::SearchCancel);
    }
    total
}

fn bench_search(c: &mut Criterion) {
    let mut warm = app(Shape::Mixed);
    // One keystroke of incremental search as the UI thread answers it: the article's matches,
    // and a request for the worker (at this size the posts are looked through off the thread).
    c.bench_function("search_keystroke_100k", |b| {
        b.iter_custom(|iters| keystrokes(&mut warm, "sea", 'l', iters))
    });
    // What the worker does for that keystroke: every post looked through for the query.
    let store = warm.doc().store().clone();
    for (name, query, case_sensitive) in [
        ("search_all_posts_100k", "seal", false),
        ("search_all_posts_case_sensitive_100k", "Seal", true),
    ] {
        let request = SearchRequest {
            generation: 1,
            query: query.into(),
            case_sensitive,
            from: 0,
        };
        c.bench_function(name, |b| {
            b.iter(|| {
                let mut found = 0;
                chorus::app::look_through(
                    &request,
                    &store,
                    Duration::MAX,
                    || true,
                    |f| {
                        found += f.posts.len();
                        true
                    },
                );
                black_box(found)
            })
        });
    }
}

fn bench_fold(c: &mut Criterion) {
    let mut wide = app(Shape::Wide);
    // The root of a 100,000-post fan-out, folded and unfolded.
    c.bench_function("fold_unfold_100k_subtree", |b| {
        b.iter(|| {
            black_box(wide.update(Action::ToggleFold));
            black_box(wide.update(Action::ToggleFold));
        })
    });
    let mut mixed = app(Shape::Mixed);
    c.bench_function("fold_all_unfold_all_100k", |b| {
        b.iter(|| {
            black_box(mixed.update(Action::FoldAll));
            black_box(mixed.update(Action::UnfoldAll));
        })
    });
    c.bench_function("cycle_order_100k", |b| {
        b.iter(|| black_box(mixed.update(Action::CycleOrder)))
    });
}

criterion_group!(benches, bench_search, bench_fold);
criterion_main!(benches);
