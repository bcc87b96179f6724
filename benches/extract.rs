//! Article extraction: an HTML page read into a document (embeds found, the extractor, the
//! article check, the blocks), as `chorus FILE.html` and links do.
//!
//! The pages are the HTML fixtures, a long page built here (a story of 150 paragraphs inside
//! navigation, a sidebar of teasers, related links, a sign-up form and a footer), and, when
//! `CHORUS_BENCH_PAGES` names a folder, every `*.html` in it (for example Readability's test
//! pages, read where they lie):
//!
//! ```text
//! cargo bench --bench extract
//! CHORUS_BENCH_PAGES=/path/to/pages cargo bench --bench extract
//! ```

use std::hint::black_box;
use std::path::{Path, PathBuf};

use chorus::load::{Format, Input, Limits, load};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

fn long_page() -> String {
    let nav: String = (1..=30)
        .map(|i| format!("<li><a href=\"/section/{i}\">Section {i}</a></li>"))
        .collect();
    let story: String = (1..=150)
        .map(|i| {
            format!(
                "<p>Paragraph {i}: the harbour council met again on Tuesday to talk about the \
                 ferry, which has run late for three weeks, and about the bakery that named a \
                 loaf after it; <a href=\"/ref/{i}\">the minutes</a> are online.</p>"
            )
        })
        .collect();
    let teasers: String = (1..=40)
        .map(|i| {
            format!("<li><a href=\"/story/{i}\">Another story about the town, number {i}</a></li>")
        })
        .collect();
    format!(
        "<!DOCTYPE html><html><head><title>The ferry, again</title>\
         <meta property=\"og:site_name\" content=\"The Example Gazette\"></head><body>\
         <nav><ul>{nav}</ul></nav><aside><ul>{teasers}</ul></aside>\
         <main><article><h1>The ferry, again</h1>{story}\
         <blockquote class=\"twitter-tweet\"><p lang=\"en\" dir=\"ltr\">Late again.</p>\
         &mdash; Ana (@ana_example) <a href=\"https://twitter.com/ana_example/status/77\">May 1, 2024</a></blockquote>\
         <h2>Related stories</h2><ul>{teasers}</ul></article>\
         <form><p>Sign up for our newsletter and never miss a story from the harbour.</p></form></main>\
         <footer><p>All rights reserved.</p></footer></body></html>"
    )
}

fn pages() -> Vec<(String, Vec<u8>)> {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/html");
    let mut dirs = vec![fixtures];
    if let Some(d) = std::env::var_os("CHORUS_BENCH_PAGES") {
        dirs.push(PathBuf::from(d));
    }
    let mut out = vec![("long page".to_string(), long_page().into_bytes())];
    for dir in dirs {
        let mut files: Vec<PathBuf> = walk(&dir);
        files.sort();
        for f in files {
            if let Ok(bytes) = std::fs::read(&f) {
                out.push((f.display().to_string(), bytes));
            }
        }
    }
    out
}

/// Every `*.html` under `dir`.
fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "html") {
                out.push(p);
            }
        }
    }
    out
}

fn bench_extract(c: &mut Criterion) {
    let pages = pages();
    let bytes: usize = pages.iter().map(|(_, b)| b.len()).sum();
    eprintln!("chorus-bench: {} pages, {bytes} bytes", pages.len());
    let mut group = c.benchmark_group("extract");
    group.throughput(Throughput::Elements(pages.len() as u64));
    group.bench_function("pages", |b| {
        b.iter(|| {
            for (name, bytes) in &pages {
                let input = Input::Bytes {
                    name: Path::new(name),
                    bytes,
                };
                black_box(load(input, Some(Format::Html), &Limits::default()).ok());
            }
        })
    });
    group.finish();
    let long = long_page().into_bytes();
    c.bench_function("extract/long_page", |b| {
        b.iter(|| {
            let input = Input::Bytes {
                name: Path::new("long.html"),
                bytes: &long,
            };
            black_box(load(input, Some(Format::Html), &Limits::default()).expect("loads"))
        })
    });
}

criterion_group!(benches, bench_extract);
criterion_main!(benches);
