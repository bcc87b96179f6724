//! Loads a document as the reader does and reports how long each step took and the process's
//! peak resident memory (`VmHWM` from /proc) after each, so whole-process figures can be
//! measured without a terminal:
//!
//! ```sh
//! cargo run --release --example load_profile -- FILE [--tag]
//! ```
//!
//! `--tag` also gives every untagged post its computed tone, as the reader's background worker
//! does. `--parts` loads on the loading thread as the reader does, taking every part it sends
//! (each a snapshot of the posts so far), and reports the parts. One line per step:
//! `step  seconds  peak-MiB  posts`.

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
    let rest: Vec<String> = args.collect();
    let tag = rest.iter().any(|a| a == "--tag");
    let parts = rest.iter().any(|a| a == "--parts");
    let start = Instant::now();
    let report = |step: &str, posts: usize| {
        println!(
            "{step:<10} {:>8.3} s {:>8.1} MiB {posts:>9} posts",
            start.elapsed().as_secs_f64(),
            peak_mib()
        );
    };
    if parts {
        let doc = load_in_parts(&file, &report);
        report("loaded", doc.len());
        return;
    }
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

/// Loads `file` on the loading thread as the reader does, taking each part as it comes.
fn load_in_parts(file: &std::path::Path, report: &dyn Fn(&str, usize)) -> chorus::model::Document {
    use chorus::load::background::{self, Arrival};
    let loading = background::spawn(
        file.to_owned(),
        None,
        Limits::default(),
        std::time::Duration::from_millis(250),
        |_| {},
    )
    .expect("a loading thread");
    loop {
        match loading.arrivals.recv() {
            Ok(Arrival::Part { doc, .. }) => {
                report("part", doc.len());
                loading.taken();
            }
            Ok(Arrival::Progress { .. }) => {}
            Ok(Arrival::Whole(doc)) => return doc,
            Ok(Arrival::Failed(e)) => {
                eprintln!("{e}");
                std::process::exit(2);
            }
            Err(_) => {
                eprintln!("the loading thread stopped");
                std::process::exit(2);
            }
        }
    }
}
