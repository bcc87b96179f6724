//! Loads a document as the reader does and reports how long each step took and the process's
//! peak resident memory (`VmHWM` from /proc) after each, so whole-process figures can be
//! measured without a terminal:
//!
//! ```sh
//! cargo run --release --example load_profile -- FILE [--tag]
//! ```
//!
//! `--tag` also gives every untagged post its computed tone, as the reader's background worker
//! does. One line per step: `step  seconds  peak-MiB  posts`.

use std::path::PathBuf;
use std::time::Instant;

use chorus::app::{Action, App, Theme};
use chorus::load::{Input, Limits};

/// The allocator the binary uses, so the figures are the binary's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn peak_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kib: f64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0.0);
    kib / 1024.0
}

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(file) = args.next().map(PathBuf::from) else {
        eprintln!("usage: load_profile FILE [--tag]");
        std::process::exit(2);
    };
    let tag = args.any(|a| a == "--tag");
    let start = Instant::now();
    let report = |step: &str, posts: usize| {
        println!(
            "{step:<10} {:>8.3} s {:>8.1} MiB {posts:>9} posts",
            start.elapsed().as_secs_f64(),
            peak_mib()
        );
    };
    let mut first = None;
    let doc = chorus::load::load_with_progress(
        Input::Path(&file),
        None,
        &Limits::default(),
        std::time::Duration::from_millis(100),
        &mut |b, _| {
            if first.is_none() {
                first = Some((start.elapsed(), b.len()));
            }
        },
    );
    let mut doc = match doc {
        Ok(doc) => doc,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(2);
        }
    };
    if let Some((at, posts)) = first {
        println!(
            "{:<10} {:>8.3} s {:>12} {posts:>9} posts",
            "first",
            at.as_secs_f64(),
            ""
        );
    }
    report("loaded", doc.len());
    if tag {
        let work = chorus::tone::compute::untagged(&doc);
        let computed = chorus::tone::compute::tag_batch(&work.store, &work.posts);
        chorus::tone::compute::apply(&mut doc, &computed);
        report("tagged", work.len());
    }
    let mut app = App::new(doc, Theme::new(true));
    app.update(Action::Resize {
        width: 160,
        height: 45,
    });
    report("app", app.doc().len());
}
