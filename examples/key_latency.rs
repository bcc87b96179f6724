//! Time from key to drawn frame, per key, on a loaded and tagged document: each key's action
//! goes through `App::update` and the whole screen is drawn into ratatui's `TestBackend`, as
//! the reader does for a key press. Prints the median, 99th percentile and maximum per key:
//!
//! ```sh
//! cargo run --release --example key_latency -- FILE [ROUNDS [KEY]]
//! ```
//!
//! With `KEY`, only the keys whose name starts with it are timed. With `--while-tagging` (in
//! place of `KEY`), the posts without a tone are tagged on a thread of their own as the reader
//! does, each batch of tones applied on the reader's thread and drawn between keys (timed as
//! "tones arrive"), and the keys are timed only while tagging goes on, round after round until
//! it ends.
//!
//! Keys come in pairs that undo each other (hide a tone, show it again), so every round starts
//! from the same state; both halves are timed.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use chorus::app::{Action, App, Theme};
use chorus::load::{Input, Limits};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// The allocator the binary uses, so the figures are the binary's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const WIDTH: u16 = 160;
const HEIGHT: u16 = 45;

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(file) = args.next().map(PathBuf::from) else {
        eprintln!("usage: key_latency FILE [ROUNDS [KEY]]");
        std::process::exit(2);
    };
    let rounds: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(50);
    let only = args.next().unwrap_or_default();
    let while_tagging = only == "--while-tagging";
    let only = if while_tagging { String::new() } else { only };

    let started = Instant::now();
    let mut doc =
        chorus::load::load(Input::Path(&file), None, &Limits::default()).unwrap_or_else(|e| {
            eprintln!("{e}");
            std::process::exit(2)
        });
    let tagging = if while_tagging {
        Some(tag_in_background(&doc))
    } else {
        chorus::tone::compute::tag_document(&mut doc);
        None
    };
    // As the reader's loading thread does before it hands the document over.
    doc.time_order();
    eprintln!(
        "loaded and tagged {} posts in {:.1} s",
        doc.len(),
        started.elapsed().as_secs_f64()
    );

    let mut app = App::new(doc, Theme::new(true));
    app.update(Action::Resize {
        width: WIDTH,
        height: HEIGHT,
    });
    let mut terminal = Terminal::new(TestBackend::new(WIDTH, HEIGHT)).expect("test terminal");
    let mut frame = |app: &mut App, action: Action| -> Duration {
        let t = Instant::now();
        app.update(action);
        terminal.draw(|f| chorus::ui::draw(f, app)).expect("draw");
        t.elapsed()
    };
    frame(&mut app, Action::FocusNext);

    type Keys = (&'static str, fn() -> Vec<Action>);
    let keys: &[Keys] = &[
        ("j / k", || vec![Action::MoveDown, Action::MoveUp]),
        ("PgDn / PgUp", || {
            vec![Action::ScrollPageDown, Action::ScrollPageUp]
        }),
        ("G / g", || vec![Action::Bottom, Action::Top]),
        ("] / [", || vec![Action::NextQuote, Action::PrevQuote]),
        ("1 (hide a tone, show it)", || {
            vec![Action::ToggleTone(1), Action::ToggleTone(1)]
        }),
        ("2 then 0 (show all)", || {
            vec![Action::ToggleTone(2), Action::ShowAllTones]
        }),
        ("c (context rows) x2", || {
            vec![
                Action::ToggleTone(1),
                Action::ToggleContext,
                Action::ToggleContext,
                Action::ToggleTone(1),
            ]
        }),
        ("Space (fold) x2", || {
            vec![Action::ToggleFold, Action::ToggleFold]
        }),
        ("z / Z (fold all, unfold all)", || {
            vec![Action::FoldAll, Action::UnfoldAll]
        }),
        ("s (order) x3", || {
            vec![Action::CycleOrder, Action::CycleOrder, Action::CycleOrder]
        }),
        ("T (picker) and Esc", || {
            vec![Action::PickTone, Action::Back]
        }),
        ("/ x Esc (search keystroke)", || {
            vec![
                Action::SearchStart,
                Action::SearchInput('x'),
                Action::SearchCancel,
            ]
        }),
    ];
    let mut times: Vec<Vec<Duration>> = vec![Vec::new(); keys.len() + 1];
    match tagging {
        None => {
            for (k, (name, actions)) in keys.iter().enumerate() {
                if !name.starts_with(&only) {
                    continue;
                }
                for _ in 0..rounds {
                    for action in actions() {
                        times[k].push(frame(&mut app, action));
                    }
                }
            }
        }
        Some(tones) => {
            let started = Instant::now();
            let mut tagged = 0;
            // Round after round of every key, the tones that came meanwhile applied (and timed)
            // before each key, until the tagger is done.
            'tagging: loop {
                for (k, (_, actions)) in keys.iter().enumerate() {
                    for action in actions() {
                        loop {
                            match tones.try_recv() {
                                Ok(batch) => {
                                    tagged += batch.len();
                                    let t = frame(&mut app, Action::TonesComputed(batch));
                                    times[keys.len()].push(t);
                                }
                                Err(std::sync::mpsc::TryRecvError::Empty) => break,
                                Err(std::sync::mpsc::TryRecvError::Disconnected) => {
                                    break 'tagging;
                                }
                            }
                        }
                        times[k].push(frame(&mut app, action));
                    }
                }
            }
            eprintln!(
                "tagged {tagged} posts in {:.1} s while the keys were timed",
                started.elapsed().as_secs_f64()
            );
        }
    }
    println!("{:<32} {:>9} {:>9} {:>9}", "key", "median", "p99", "max");
    let names = keys.iter().map(|(name, _)| *name).chain(["tones arrive"]);
    for (name, mut times) in names.zip(times) {
        if times.is_empty() {
            continue;
        }
        times.sort();
        let at = |q: f64| times[((times.len() - 1) as f64 * q).round() as usize];
        let ms = |d: Duration| format!("{:.2} ms", d.as_secs_f64() * 1e3);
        println!(
            "{name:<32} {:>9} {:>9} {:>9}",
            ms(at(0.5)),
            ms(at(0.99)),
            ms(*times.last().expect("timed"))
        );
    }
}

/// Tags the posts without a tone on a thread of its own, as the reader does; the batches of
/// tones come on the receiver, which closes when all are tagged.
fn tag_in_background(
    doc: &chorus::model::Document,
) -> std::sync::mpsc::Receiver<Vec<chorus::tone::compute::ComputedTone>> {
    use chorus::tone::compute::{SEND_EVERY, untagged};
    let work = untagged(doc);
    eprintln!("{} posts to tag", work.len());
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = chorus::tone::compute::tag_in_background(&work, SEND_EVERY, |batch| {
            tx.send(batch).is_ok()
        });
    });
    rx
}
