//! Scores chorus's article extraction on Mozilla Readability's test pages, or on
//! trafilatura's evaluation set.
//!
//! ```text
//! cargo run --release --example extract_eval -- DIR
//! cargo run --release --example extract_eval -- TESTS   # trafilatura's tests/ folder
//! cargo run --release --example extract_eval -- TESTS --pieces   # and each piece missed or kept
//! ```
//!
//! TESTS is a folder holding `evaldata.json` and the pages under `eval/` and `cache/`, as
//! trafilatura's `tests/` does: for each page, up to six pieces of text that the article must
//! hold ("with") and up to six that it must not ("without"). Each is looked for in the
//! article's paragraph and heading blocks joined, whitespace squeezed, as trafilatura's
//! `evaluate.py` does: a "with" found is a true positive, a "without" found a false positive;
//! precision, recall, F1 and accuracy are over all the pieces of all the pages.
//!
//! DIR holds one folder per page, as Readability's `test/test-pages` does: `source.html` (the
//! page), `expected.html` (the article body Readability's authors expect) and
//! `expected-metadata.json` (title, byline, site name, date). The pages are read from DIR and
//! never copied. Each page is loaded as `chorus print` loads an HTML file; its paragraph and
//! heading blocks are joined and compared with the expected body's text:
//!
//! - body text: precision, recall and F1 of word 4-shingles (lower-cased words; the usual
//!   measure of article-extraction benchmarks), per page and averaged over pages; "exact" is the
//!   share of pages with F1 1.0;
//! - metadata: whether the author, outlet and date agree with the expected byline, site name
//!   and published time, where those are given, and whether the title has the same words as
//!   the expected title.

use std::collections::HashMap;
use std::path::PathBuf;
use std::process::ExitCode;

use chorus::load::{Format, Input, Limits, load};
use chorus::model::{Block, Timestamp};

/// The words of a text, lower-cased.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Word 4-shingles, counted (texts under four words count as one shingle).
fn shingles(text: &str) -> HashMap<String, usize> {
    let w = words(text);
    let mut out = HashMap::new();
    if w.is_empty() {
        return out;
    }
    if w.len() < 4 {
        *out.entry(w.join(" ")).or_default() += 1;
        return out;
    }
    for win in w.windows(4) {
        *out.entry(win.join(" ")).or_default() += 1;
    }
    out
}

/// Precision, recall and F1 of `got` against `want`.
fn prf(got: &str, want: &str) -> (f64, f64, f64) {
    let (g, w) = (shingles(got), shingles(want));
    let total = |m: &HashMap<String, usize>| m.values().sum::<usize>() as f64;
    let common: usize = g
        .iter()
        .map(|(k, n)| (*n).min(*w.get(k).unwrap_or(&0)))
        .sum();
    let common = common as f64;
    let (tg, tw) = (total(&g), total(&w));
    if tg == 0.0 && tw == 0.0 {
        return (1.0, 1.0, 1.0);
    }
    let p = if tg > 0.0 { common / tg } else { 0.0 };
    let r = if tw > 0.0 { common / tw } else { 0.0 };
    let f = if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    };
    (p, r, f)
}

/// The text of an HTML fragment: every text node, with block ends as spaces.
fn html_text(html: &str) -> String {
    let doc = scraper::Html::parse_document(html);
    let mut out = String::new();
    for t in doc.root_element().text() {
        out.push_str(t);
        out.push(' ');
    }
    out
}

/// Same name, loosely: case, spaces and punctuation aside, one contains the other.
fn agrees(got: &str, want: &str) -> bool {
    let norm = |s: &str| words(s).join(" ");
    let (g, w) = (norm(got), norm(want));
    !g.is_empty() && !w.is_empty() && (g.contains(&w) || w.contains(&g))
}

/// The article's paragraph and heading blocks, one a line.
fn body_text(doc: &chorus::model::Document) -> String {
    let got: Vec<&str> = doc
        .article
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Paragraph(t) | Block::Heading(t) => Some(t.as_str()),
            Block::Embed { .. } => None,
        })
        .collect();
    got.join("\n")
}

/// Whitespace squeezed to single spaces, ends trimmed.
fn squeeze(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// trafilatura's evaluation set: `evaldata.json` with the pages under `eval/` or `cache/`.
/// With `pieces`, every piece missed ("missed") or kept that should not be ("kept") is printed
/// too, one a line after its page's file name, for reading what is left to do.
fn trafilatura_set(tests: &std::path::Path, pieces: bool) -> ExitCode {
    let data: serde_json::Value = match std::fs::read_to_string(tests.join("evaldata.json"))
        .map_err(|e| e.to_string())
        .and_then(|t| serde_json::from_str(&t).map_err(|e| e.to_string()))
    {
        Ok(v) => v,
        Err(e) => {
            eprintln!(
                "extract_eval: {}: {e}",
                tests.join("evaldata.json").display()
            );
            return ExitCode::from(2);
        }
    };
    let Some(items) = data.as_object() else {
        eprintln!("extract_eval: evaldata.json: expected an object of pages");
        return ExitCode::from(2);
    };
    let started = std::time::Instant::now();
    let (mut tp, mut fp, mut fneg, mut tn) = (0usize, 0usize, 0usize, 0usize);
    let (mut pages, mut missing, mut failed) = (0usize, 0usize, Vec::new());
    let mut rows = Vec::new();
    for (url, item) in items {
        let strings = |key: &str| -> Vec<String> {
            item[key]
                .as_array()
                .map(|a| a.iter().filter_map(|v| v.as_str()).map(squeeze).collect())
                .unwrap_or_default()
        };
        let (with, without) = (strings("with"), strings("without"));
        let file = item["file"].as_str().unwrap_or_default();
        let Some(path) = ["eval", "cache"]
            .iter()
            .map(|d| tests.join(d).join(file))
            .find(|p| p.is_file())
        else {
            missing += 1;
            continue;
        };
        pages += 1;
        let text = match load(Input::Path(&path), Some(Format::Html), &Limits::default()) {
            Ok(doc) => squeeze(&body_text(&doc)),
            Err(e) => {
                failed.push(format!("{file}: {e}"));
                String::new()
            }
        };
        let found_with = with.iter().filter(|w| text.contains(w.as_str())).count();
        let found_without = without.iter().filter(|w| text.contains(w.as_str())).count();
        tp += found_with;
        fneg += with.len() - found_with;
        fp += found_without;
        tn += without.len() - found_without;
        if pieces {
            for w in with.iter().filter(|w| !text.contains(w.as_str())) {
                println!("missed\t{file}\t{w}");
            }
            for w in without.iter().filter(|w| text.contains(w.as_str())) {
                println!("kept\t{file}\t{w}");
            }
        }
        if found_with < with.len() || found_without > 0 {
            rows.push(format!(
                "| {file} | {found_with}/{} | {found_without}/{} | {url} |",
                with.len(),
                without.len()
            ));
        }
    }
    rows.sort();
    println!("Pages with a piece missed or one kept that should not be:\n");
    println!("| page | with found | without found | address |");
    println!("|---|---:|---:|---|");
    for r in &rows {
        println!("{r}");
    }
    println!();
    for f in &failed {
        println!("failed: {f}");
    }
    let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    let (p, r) = (ratio(tp, tp + fp), ratio(tp, tp + fneg));
    let f1 = if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    };
    println!(
        "{pages} pages scored ({missing} listed without a file), {} failed to load, in {:.1} s: \
         precision {p:.3}, recall {r:.3}, F1 {f1:.3}, accuracy {:.3} \
         (tp {tp}, fp {fp}, fn {fneg}, tn {tn})",
        failed.len(),
        started.elapsed().as_secs_f64(),
        ratio(tp + tn, tp + tn + fp + fneg),
    );
    ExitCode::SUCCESS
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let pieces = args.iter().any(|a| a == "--pieces");
    let Some(dir) = args.iter().find(|a| *a != "--pieces").map(PathBuf::from) else {
        eprintln!(
            "usage: extract_eval DIR | TESTS [--pieces]   (DIR: Readability's test/test-pages; \
             TESTS: trafilatura's tests/, --pieces lists each piece missed or kept)"
        );
        return ExitCode::from(2);
    };
    if dir.join("evaldata.json").is_file() {
        return trafilatura_set(&dir, pieces);
    }
    let mut pages: Vec<PathBuf> = match std::fs::read_dir(&dir) {
        Ok(d) => d
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.is_dir())
            .collect(),
        Err(e) => {
            eprintln!("extract_eval: {}: {e}", dir.display());
            return ExitCode::from(2);
        }
    };
    pages.sort();
    let started = std::time::Instant::now();
    let (mut sp, mut sr, mut sf, mut exact, mut n, mut failed) = (0.0, 0.0, 0.0, 0, 0, 0);
    let mut meta = [(0, 0); 4]; // (agree, given) for author, outlet, date, title
    let mut titles_missed = Vec::new();
    let mut rows = Vec::new();
    for page in &pages {
        let (source, expected) = (page.join("source.html"), page.join("expected.html"));
        let Ok(want_html) = std::fs::read_to_string(&expected) else {
            continue;
        };
        let want = html_text(&want_html);
        let name = page
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        let doc = match load(Input::Path(&source), Some(Format::Html), &Limits::default()) {
            Ok(d) => d,
            Err(e) => {
                failed += 1;
                rows.push(format!("| {name} | failed: {e} | | |"));
                continue;
            }
        };
        let (p, r, f) = prf(&body_text(&doc), &want);
        n += 1;
        sp += p;
        sr += r;
        sf += f;
        exact += usize::from(f >= 0.9999);
        rows.push(format!("| {name} | {p:.3} | {r:.3} | {f:.3} |"));
        if let Ok(m) = std::fs::read_to_string(page.join("expected-metadata.json"))
            && let Ok(m) = serde_json::from_str::<serde_json::Value>(&m)
        {
            let a = &doc.article;
            let fields = [
                ("byline", a.author.as_deref()),
                ("siteName", a.outlet.as_deref()),
                ("publishedTime", None),
                ("title", Some(a.title.as_str())),
            ];
            for (i, (key, got)) in fields.iter().enumerate() {
                let Some(want) = m.get(*key).and_then(|v| v.as_str()) else {
                    continue;
                };
                meta[i].1 += 1;
                let ok = match i {
                    // Dates: the same day.
                    2 => {
                        let want = Timestamp::parse(want)
                            .or_else(|| want.get(..10).and_then(Timestamp::parse));
                        a.published
                            .zip(want)
                            .is_some_and(|(g, w)| g.short() == w.short())
                    }
                    // Titles: the same words.
                    3 => got.is_some_and(|g| words(g) == words(want)),
                    _ => got.is_some_and(|g| agrees(g, want)),
                };
                if i == 3 && !ok {
                    titles_missed.push(format!("- {name}: {:?}, expected {want:?}", a.title));
                }
                meta[i].0 += usize::from(ok);
            }
        }
    }
    let avg = |x: f64| x / n.max(1) as f64;
    println!("| page | precision | recall | F1 |");
    println!("|---|---:|---:|---:|");
    for r in &rows {
        println!("{r}");
    }
    println!();
    println!(
        "{n} pages scored, {failed} failed to load, in {:.1} s: precision {:.3}, recall {:.3}, \
         F1 {:.3}, exact {:.3}",
        started.elapsed().as_secs_f64(),
        avg(sp),
        avg(sr),
        avg(sf),
        exact as f64 / n.max(1) as f64
    );
    if !titles_missed.is_empty() {
        println!("Titles that differ:\n");
        for t in &titles_missed {
            println!("{t}");
        }
        println!();
    }
    println!(
        "metadata agreeing: author {}/{}, outlet {}/{}, date {}/{}, title {}/{} (the same words)",
        meta[0].0, meta[0].1, meta[1].0, meta[1].1, meta[2].0, meta[2].1, meta[3].0, meta[3].1
    );
    if failed > 0 {
        return ExitCode::from(1);
    }
    ExitCode::SUCCESS
}
