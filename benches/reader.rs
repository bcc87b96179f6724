//! Reader benchmarks on a generated 100,000-post bundle: `cargo bench --bench reader`.
//!
//! The bundle is generated once in memory (`chorus::synth::write_bundle`, seed 1, the same as
//! `chorus gen --posts 100000`) and also written under the target directory for the
//! load-from-file case. Results and targets are in `docs/BENCHMARKS.md`.
//!
//! Before the first benchmark the fixture prints (to stderr, prefixed `chorus-bench:`) the
//! bundle's size and a rough resident-memory figure for the loaded model, read from
//! `/proc/self/status` on Linux.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use chorus::app::{Action, App, Theme};
use chorus::model::Document;
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// The allocator the chorus binary uses, so the figures are the binary's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const POSTS: usize = 100_000;
const SEED: u64 = 1;
const WIDTH: u16 = 120;
const HEIGHT: u16 = 40;
const THEME: Theme = Theme::new(true);

struct Fixture {
    bytes: Vec<u8>,
    path: PathBuf,
    doc: Document,
}

/// The generated bundle, its file and the loaded document, built once per run.
fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let mut bytes = Vec::new();
        chorus::synth::write_bundle(POSTS, SEED, &mut bytes).expect("generate bundle");
        let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("bench-{POSTS}.json"));
        std::fs::write(&path, &bytes).expect("write bundle file");
        eprintln!(
            "chorus-bench: bundle {POSTS} posts, seed {SEED}: {} bytes ({:.1} MB) at {}",
            bytes.len(),
            bytes.len() as f64 / 1e6,
            path.display()
        );

        let before = mem::settled_rss_kib();
        mem::reset_peak();
        let doc = chorus::load::load(
            chorus::load::Input::Bytes {
                name: &path,
                bytes: &bytes,
            },
            None,
            &chorus::load::Limits::default(),
        )
        .expect("load bundle");
        assert_eq!(doc.len(), POSTS);
        let peak = mem::peak_rss_kib();
        let after = mem::settled_rss_kib();
        let app = App::new(doc.clone(), THEME);
        let with_app = mem::settled_rss_kib();
        drop(app);
        // The clone above is gone again; only `doc` stays alive.
        if let (Some(b), Some(p), Some(a), Some(w)) = (before, peak, after, with_app) {
            let mib = |k: u64| k as f64 / 1024.0;
            eprintln!(
                "chorus-bench: RSS growth over load: {:.1} MiB kept after load (model), \
                 {:.1} MiB peak during load; App::new on a clone of the model (model clone + \
                 view state): +{:.1} MiB",
                mib(a.saturating_sub(b)),
                mib(p.saturating_sub(b)),
                mib(w.saturating_sub(a)),
            );
        }
        Fixture { bytes, path, doc }
    })
}

/// Resident-memory readings from `/proc/self/status` (Linux only; `None` elsewhere).
mod mem {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    unsafe extern "C" {
        /// glibc: give freed heap pages back to the kernel, so RSS tracks live memory.
        fn malloc_trim(pad: usize) -> i32;
    }

    fn status_kib(field: &str) -> Option<u64> {
        let status = std::fs::read_to_string("/proc/self/status").ok()?;
        let line = status.lines().find(|l| l.starts_with(field))?;
        line[field.len()..]
            .trim()
            .trim_end_matches("kB")
            .trim()
            .parse()
            .ok()
    }

    /// Current RSS after returning freed heap pages to the kernel where possible.
    pub fn settled_rss_kib() -> Option<u64> {
        #[cfg(all(target_os = "linux", target_env = "gnu"))]
        // SAFETY: malloc_trim only releases free memory; it has no preconditions.
        unsafe {
            malloc_trim(0);
        }
        status_kib("VmRSS:")
    }

    /// Resets the kernel's peak-RSS counter (`VmHWM`) to the current RSS.
    pub fn reset_peak() {
        let _ = std::fs::write("/proc/self/clear_refs", "5");
    }

    pub fn peak_rss_kib() -> Option<u64> {
        status_kib("VmHWM:")
    }
}

fn ready_app(doc: &Document) -> App {
    let mut app = App::new(doc.clone(), THEME);
    app.update(Action::Resize {
        width: WIDTH,
        height: HEIGHT,
    });
    // The frames below must be the real screen, not the "too small" or not-yet-resized paths.
    assert_eq!(
        app.screen().area,
        ratatui::layout::Rect::new(0, 0, WIDTH, HEIGHT)
    );
    assert!(!app.screen().too_small);
    app
}

fn terminal() -> Terminal<TestBackend> {
    Terminal::new(TestBackend::new(WIDTH, HEIGHT)).expect("test terminal")
}

fn draw(terminal: &mut Terminal<TestBackend>, app: &App) {
    terminal
        .draw(|f| chorus::ui::draw(f, black_box(app)))
        .expect("draw");
    black_box(terminal.backend().buffer());
}

// ---- load ---------------------------------------------------------------------------------

/// A saved page of 100,000 nested `<div>`s beside one of 100,000 siblings, the same size:
/// nesting past the bound the loader keeps must cost no more than the flat page.
fn bench_hostile_html(c: &mut Criterion) {
    let n = 100_000;
    let page = |divs: String| {
        format!(
            "<html><head><title>T</title></head><body><p>Start of the story.</p>{divs}\
             <p>End of it.</p></body></html>"
        )
        .into_bytes()
    };
    let nested = page(format!(
        "{}deep text{}",
        "<div>".repeat(n),
        "</div>".repeat(n)
    ));
    let siblings = page(format!("{}<div>deep text</div>", "<div></div>".repeat(n)));
    let name = Path::new("page.html");
    for (id, bytes) in [
        ("load_html_100k_nested_divs", &nested),
        ("load_html_100k_sibling_divs", &siblings),
    ] {
        c.bench_function(id, |b| {
            b.iter(|| {
                chorus::load::load(
                    chorus::load::Input::Bytes { name, bytes },
                    None,
                    &chorus::load::Limits::default(),
                )
                .expect("load")
            })
        });
    }
}

fn bench_load(c: &mut Criterion) {
    let fx = fixture();
    c.bench_function("load_100k", |b| {
        b.iter_with_large_drop(|| {
            chorus::load::load(
                chorus::load::Input::Bytes {
                    name: black_box(&fx.path),
                    bytes: black_box(&fx.bytes),
                },
                None,
                &chorus::load::Limits::default(),
            )
            .expect("load")
        })
    });
    c.bench_function("load_100k_file", |b| {
        b.iter_with_large_drop(|| {
            chorus::load::load(
                chorus::load::Input::Path(black_box(&fx.path)),
                None,
                &chorus::load::Limits::default(),
            )
            .expect("load")
        })
    });
    // load_100k in two halves, to see where its time goes: JSON to the file's structs, then
    // structs to the model (sanitizing, id resolution, threading).
    c.bench_function("load_100k_parse", |b| {
        b.iter_with_large_drop(|| {
            let text = std::str::from_utf8(black_box(&fx.bytes)).expect("utf-8");
            serde_json::from_str::<chorus::load::bundle::BundleFile>(text).expect("parse")
        })
    });
    c.bench_function("load_100k_build", |b| {
        b.iter_batched(
            || {
                serde_json::from_slice::<chorus::load::bundle::BundleFile>(&fx.bytes)
                    .expect("parse")
            },
            chorus::load::build_document,
            BatchSize::PerIteration,
        )
    });
    // Model and view state are built from a clone made outside the timing: the reader itself
    // moves the loaded document into `App::new` without cloning it.
    c.bench_function("app_new_100k", |b| {
        b.iter_batched(
            || fx.doc.clone(),
            |doc| {
                let mut app = App::new(doc, THEME);
                app.update(Action::Resize {
                    width: WIDTH,
                    height: HEIGHT,
                });
                app
            },
            BatchSize::PerIteration,
        )
    });
}

// ---- frames -------------------------------------------------------------------------------

fn bench_frames(c: &mut Criterion) {
    let fx = fixture();

    // The same state drawn again: every widget is rendered into the buffer in full; only the
    // diff against the previous buffer is empty, so the backend receives nothing.
    {
        let app = ready_app(&fx.doc);
        let mut term = terminal();
        draw(&mut term, &app);
        c.bench_function("frame_120x40", |b| b.iter(|| draw(&mut term, &app)));
    }

    // A full repaint: the previous buffer is cleared first, so every cell goes to the backend.
    {
        let app = ready_app(&fx.doc);
        let mut term = terminal();
        c.bench_function("frame_full_repaint_120x40", |b| {
            b.iter(|| {
                term.clear().expect("clear");
                draw(&mut term, &app)
            })
        });
    }

    // Move the reply selection one entry and draw: the state changes every iteration. The
    // direction alternates, so the selection never reaches an end.
    {
        let mut app = ready_app(&fx.doc);
        app.update(Action::FocusNext);
        let mut term = terminal();
        draw(&mut term, &app);
        let mut down = true;
        c.bench_function("frame_after_scroll_120x40", |b| {
            b.iter(|| {
                app.update(if down {
                    Action::MoveDown
                } else {
                    Action::MoveUp
                });
                down = !down;
                draw(&mut term, &app)
            })
        });
    }

    // The same, at the end of the 100,000 replies.
    {
        let mut app = ready_app(&fx.doc);
        app.update(Action::FocusNext);
        app.update(Action::Bottom);
        let mut term = terminal();
        draw(&mut term, &app);
        let mut up = true;
        c.bench_function("frame_deep_after_scroll_120x40", |b| {
            b.iter(|| {
                app.update(if up { Action::MoveUp } else { Action::MoveDown });
                up = !up;
                draw(&mut term, &app)
            })
        });
    }

    // A page at a time through the replies (new entries to wrap on every page), alternating.
    {
        let mut app = ready_app(&fx.doc);
        app.update(Action::FocusNext);
        for _ in 0..10 {
            app.update(Action::ScrollPageDown);
        }
        let mut term = terminal();
        draw(&mut term, &app);
        let mut down = true;
        c.bench_function("frame_after_page_120x40", |b| {
            b.iter(|| {
                app.update(if down {
                    Action::ScrollPageDown
                } else {
                    Action::ScrollPageUp
                });
                down = !down;
                draw(&mut term, &app)
            })
        });
    }
}

// ---- state changes ------------------------------------------------------------------------

fn bench_updates(c: &mut Criterion) {
    let fx = fixture();

    // Each iteration is one toggle; consecutive iterations hide then show tone 1 again, so the
    // filter never stays hidden.
    {
        let mut app = ready_app(&fx.doc);
        app.update(Action::FocusNext);
        // Tone 1 really hides posts, and a second toggle lists them all again. (Hidden posts
        // that have shown replies below them stay listed as context rows.)
        let listed = |app: &App| {
            app.replies()
                .list()
                .rows
                .iter()
                .filter(|r| !r.context)
                .count()
        };
        app.update(Action::ToggleTone(1));
        let (shown, rows) = (listed(&app), app.replies().list().rows.len());
        assert!(app.filter().any_hidden() && shown < POSTS);
        app.update(Action::ToggleTone(1));
        assert_eq!(listed(&app), POSTS);
        eprintln!(
            "chorus-bench: tone 1 hides {} of {POSTS} posts ({} rows listed while hidden, \
             context rows included)",
            POSTS - shown,
            rows
        );
        c.bench_function("toggle_tone_100k", |b| {
            b.iter(|| black_box(app.update(black_box(Action::ToggleTone(1)))))
        });
    }

    {
        let mut app = ready_app(&fx.doc);
        app.update(Action::NextQuote);
        // Each iteration goes from the first quote to the second and back.
        assert_eq!(app.article().quote(), Some(0));
        app.update(Action::NextQuote);
        assert_eq!(app.article().quote(), Some(1));
        app.update(Action::PrevQuote);
        assert_eq!(app.article().quote(), Some(0));
        c.bench_function("next_quote", |b| {
            b.iter(|| {
                black_box(app.update(black_box(Action::NextQuote)));
                black_box(app.update(black_box(Action::PrevQuote)))
            })
        });
    }
}

/// Badges and colours for 70,000 custom tones, each named by one post.
fn bench_palette(c: &mut Criterion) {
    use chorus::model::ToneSet;
    let names: Vec<String> = (0..70_000).map(|i| format!("mood{i}")).collect();
    let (set, _) = ToneSet::from_post_tones(names.iter().map(|n| Some(n.as_str())));
    c.bench_function("palette_70k_tones", |b| {
        b.iter(|| chorus::tone::Palette::new(black_box(&set)))
    });
}

// ---- load in CPU time ----------------------------------------------------------------------

/// The load again, timed in this thread's CPU time rather than wall time: on a shared machine
/// the wall time also counts the time the thread waited for a core.
#[cfg(target_os = "linux")]
fn bench_load_cpu(c: &mut Criterion<cpu::ThreadCpu>) {
    let fx = fixture();
    c.bench_function("load_100k_cpu", |b| {
        b.iter_with_large_drop(|| {
            chorus::load::load(
                chorus::load::Input::Bytes {
                    name: black_box(&fx.path),
                    bytes: black_box(&fx.bytes),
                },
                None,
                &chorus::load::Limits::default(),
            )
            .expect("load")
        })
    });
}

#[cfg(target_os = "linux")]
mod cpu {
    use criterion::Throughput;
    use criterion::measurement::{Measurement, ValueFormatter};

    #[repr(C)]
    struct Timespec {
        tv_sec: i64,
        tv_nsec: i64,
    }

    const CLOCK_THREAD_CPUTIME_ID: i32 = 3;

    unsafe extern "C" {
        fn clock_gettime(clock: i32, tp: *mut Timespec) -> i32;
    }

    /// Nanoseconds of CPU time used by the calling thread.
    fn thread_cpu_ns() -> u64 {
        let mut t = Timespec {
            tv_sec: 0,
            tv_nsec: 0,
        };
        // SAFETY: `t` is a valid, writable timespec (64-bit time_t on 64-bit Linux).
        let rc = unsafe { clock_gettime(CLOCK_THREAD_CPUTIME_ID, &mut t) };
        assert_eq!(rc, 0, "clock_gettime(CLOCK_THREAD_CPUTIME_ID)");
        t.tv_sec as u64 * 1_000_000_000 + t.tv_nsec as u64
    }

    /// Thread CPU time, in nanoseconds (the routine runs on the thread that measures).
    pub struct ThreadCpu;

    impl Measurement for ThreadCpu {
        type Intermediate = u64;
        type Value = u64;
        fn start(&self) -> u64 {
            thread_cpu_ns()
        }
        fn end(&self, start: u64) -> u64 {
            thread_cpu_ns() - start
        }
        fn add(&self, a: &u64, b: &u64) -> u64 {
            a + b
        }
        fn zero(&self) -> u64 {
            0
        }
        fn to_f64(&self, v: &u64) -> f64 {
            *v as f64
        }
        fn formatter(&self) -> &dyn ValueFormatter {
            &CpuFormatter
        }
    }

    struct CpuFormatter;

    impl ValueFormatter for CpuFormatter {
        fn scale_values(&self, typical_ns: f64, values: &mut [f64]) -> &'static str {
            let (factor, unit) = if typical_ns < 1e3 {
                (1.0, "ns (cpu)")
            } else if typical_ns < 1e6 {
                (1e-3, "µs (cpu)")
            } else {
                (1e-6, "ms (cpu)")
            };
            values.iter_mut().for_each(|v| *v *= factor);
            unit
        }
        fn scale_throughputs(&self, _: f64, _: &Throughput, _: &mut [f64]) -> &'static str {
            "(no throughput)"
        }
        fn scale_for_machines(&self, _: &mut [f64]) -> &'static str {
            "ns"
        }
    }
}

criterion_group! {
    name = load;
    config = Criterion::default().sample_size(10);
    targets = bench_load, bench_hostile_html
}
#[cfg(target_os = "linux")]
criterion_group! {
    name = load_cpu;
    config = Criterion::default().with_measurement(cpu::ThreadCpu).sample_size(10);
    targets = bench_load_cpu
}
criterion_group!(ui, bench_frames, bench_updates, bench_palette);
#[cfg(target_os = "linux")]
criterion_main!(load, load_cpu, ui);
#[cfg(not(target_os = "linux"))]
criterion_main!(load, ui);
