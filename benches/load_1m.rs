//! Opening a million posts: `cargo bench --bench load_1m`.
//!
//! A generated 1,000,000-post bundle (seed 1, the bytes of `chorus gen --posts 1000000`,
//! 342 MB) is written once to `target/tmp/bench-1m.json` and read from there as the reader
//! reads a file:
//!
//! - `1m_first_screen`: from starting the loading thread to the first part with posts in it,
//!   which is what the reader draws its first screen from (the rest of each load runs after the
//!   clock stops, before the next starts);
//! - `1m_full_load`: the whole document built (every post, the thread index, the counts), as
//!   `chorus print` loads it;
//! - `1m_full_load_in_parts`: the same on the loading thread, taking every part as the reader
//!   does: the time until the whole document arrives.
//!
//! Peak memory is not a criterion figure: `cargo run --release --example load_profile -- FILE`
//! reports the process's VmHWM after each step. Figures in `docs/BENCHMARKS.md`.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use chorus::load::background::{self, Arrival};
use chorus::load::{Input, Limits};
use criterion::{Criterion, criterion_group, criterion_main};

/// The allocator the chorus binary uses, so the figures are the binary's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const POSTS: usize = 1_000_000;

/// How often the reader asks for parts (as `chorus` does).
const PARTS_EVERY: Duration = Duration::from_millis(250);

fn bundle_file() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/tmp");
    let path = dir.join("bench-1m.json");
    if !path.exists() {
        std::fs::create_dir_all(&dir).expect("target/tmp");
        let mut bytes = Vec::new();
        chorus::synth::write_bundle(POSTS, 1, &mut bytes).expect("generate bundle");
        let part = path.with_extension("part");
        std::fs::write(&part, &bytes).expect("write bundle");
        std::fs::rename(&part, &path).expect("rename bundle");
    }
    path
}

/// Reads every arrival of a load, taking each part; the time to the first part with posts and
/// to the whole document.
fn load_in_parts(path: &std::path::Path) -> (Duration, Duration) {
    let start = Instant::now();
    let loading = background::spawn(
        path.to_owned(),
        None,
        Limits::default(),
        PARTS_EVERY,
        |_| {},
    )
    .expect("a loading thread");
    let mut first = None;
    loop {
        match loading.arrivals.recv().expect("an arrival") {
            Arrival::Part { doc, .. } => {
                if first.is_none() && !doc.is_empty() {
                    first = Some(start.elapsed());
                }
                loading.taken();
            }
            Arrival::Progress { .. } => {}
            Arrival::Whole(doc) => {
                assert_eq!(doc.len(), POSTS);
                let whole = start.elapsed();
                return (first.unwrap_or(whole), whole);
            }
            Arrival::Failed(e) => panic!("{e}"),
        }
    }
}

fn bench_load(c: &mut Criterion) {
    let path = bundle_file();
    let mut group = c.benchmark_group("load");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(25));
    group.bench_function("1m_first_screen", |b| {
        b.iter_custom(|iters| (0..iters).map(|_| load_in_parts(&path).0).sum())
    });
    group.bench_function("1m_full_load", |b| {
        b.iter(|| {
            let doc = chorus::load::load(Input::Path(&path), None, &Limits::default());
            assert_eq!(doc.expect("load").len(), POSTS);
        })
    });
    group.bench_function("1m_full_load_in_parts", |b| {
        b.iter_custom(|iters| (0..iters).map(|_| load_in_parts(&path).1).sum())
    });
    group.finish();
}

criterion_group!(load, bench_load);
criterion_main!(load);
