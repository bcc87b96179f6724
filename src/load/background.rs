//! A document read on a thread of its own, so a reader can show what is in while the rest is
//! read. The thread sends what it has as it goes ([`Arrival::Part`]), then the whole document
//! or the error that stopped it.
//!
//! A part is a snapshot of everything read so far, and making one copies the per-post tables
//! and builds a thread index, so the thread makes the next only once the last was taken
//! ([`Loading::taken`]), and the parts come further apart as the load goes on (each after as
//! long again as the load has taken so far): their cost stays under half the load's. Between
//! parts, [`Arrival::Progress`] says how far the read has got, which costs nothing.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::time::{Duration, Instant};

use super::{DocBuilder, Format, Input, Limits, LoadError, ReadSoFar, load_with_progress};
use crate::model::Document;

/// How long the loading thread waits, at most, for the reader to take the article so that it
/// can send the first screenful of posts at once.
const FIRST_POSTS_WAIT: Duration = Duration::from_millis(50);

/// What the loading thread sends.
#[derive(Debug)]
pub enum Arrival {
    /// The posts read so far (replies to posts not yet read stand at top level meanwhile).
    Part {
        doc: Document,
        read: ReadSoFar,
    },
    /// How far the read has got since the last part: `posts` read so far.
    Progress {
        posts: usize,
        read: ReadSoFar,
    },
    /// Everything, after `finish` ran on it.
    Whole(Document),
    Failed(LoadError),
}

/// A load under way.
#[derive(Debug)]
pub struct Loading {
    pub arrivals: Receiver<Arrival>,
    wanted: Arc<AtomicBool>,
}

impl Loading {
    /// Says the last part was taken, so the thread makes the next when it is due.
    pub fn taken(&self) {
        self.wanted.store(true, Ordering::Release);
    }

    /// The arrivals, and what asks for the next part, to hand to different threads.
    pub fn into_parts(self) -> (Receiver<Arrival>, Demand) {
        (self.arrivals, Demand(self.wanted))
    }
}

/// Asks a loading thread for its next part.
#[derive(Debug, Clone)]
pub struct Demand(Arc<AtomicBool>);

impl Demand {
    /// Says the last part was taken, so the thread makes the next when it is due.
    pub fn taken(&self) {
        self.0.store(true, Ordering::Release);
    }
}

/// Starts reading the file at `path` on a thread of its own, a part about every `every`.
/// `finish` runs on that thread on the whole document before it is sent (the tone
/// corrections saved beside it, say).
pub fn spawn(
    path: PathBuf,
    from: Option<Format>,
    limits: Limits,
    every: Duration,
    finish: impl FnOnce(&mut Document) + Send + 'static,
) -> std::io::Result<Loading> {
    let (tx, arrivals) = channel();
    let wanted = Arc::new(AtomicBool::new(true));
    let flag = wanted.clone();
    std::thread::Builder::new()
        .name("loader".into())
        .spawn(move || read(&path, from, &limits, every, &flag, &tx, finish))?;
    Ok(Loading { arrivals, wanted })
}

fn read(
    path: &std::path::Path,
    from: Option<Format>,
    limits: &Limits,
    every: Duration,
    wanted: &AtomicBool,
    tx: &Sender<Arrival>,
    finish: impl FnOnce(&mut Document),
) {
    let start = Instant::now();
    let (mut last, mut last_posts): (Option<Instant>, usize) = (None, 0);
    let mut progress = |builder: &DocBuilder, read: ReadSoFar| {
        // The first posts as soon as they are in (the first screen); then parts come further
        // apart as the load goes on (after as long again as the time so far): each costs time
        // in proportion to what is in, so together they cost about as much as the last one.
        let due = last_posts == 0 || last.is_none_or(|t| t.elapsed() >= t.duration_since(start));
        if due && last_posts == 0 && !builder.is_empty() {
            // The first screenful: worth a moment for the reader to take the part before
            // (the article alone), rather than showing the posts only at the next part.
            let until = Instant::now() + FIRST_POSTS_WAIT;
            while !wanted.load(Ordering::Acquire) && Instant::now() < until {
                std::thread::sleep(Duration::from_millis(1));
            }
        }
        let sent = if due && wanted.swap(false, Ordering::AcqRel) {
            last = Some(Instant::now());
            last_posts = builder.len();
            tx.send(Arrival::Part {
                doc: builder.snapshot(),
                read,
            })
        } else {
            let posts = builder.len();
            tx.send(Arrival::Progress { posts, read })
        };
        // A reader that went away (an early error, a quit) needs nothing more.
        if sent.is_err() {
            wanted.store(false, Ordering::Release);
        }
    };
    let arrival = match load_with_progress(Input::Path(path), from, limits, every, &mut progress) {
        Ok(mut doc) => {
            finish(&mut doc);
            // Made here, off the reader's thread, so its first change of order is instant.
            doc.time_order();
            Arrival::Whole(doc)
        }
        Err(e) => Arrival::Failed(e),
    };
    let _ = tx.send(arrival);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bundle(posts: usize) -> String {
        let mut s =
            String::from(r#"{"format":"chorus/1","article":{"title":"t","body":"b"},"posts":["#);
        for i in 0..posts {
            if i > 0 {
                s.push(',');
            }
            s.push_str(&format!(
                r#"{{"id":"p{i}","author":{{"name":"a"}},"text":"post {i}","tone":"neutral"}}"#
            ));
        }
        s.push_str("]}");
        s
    }

    fn file(name: &str, text: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("chorus-bg-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        path
    }

    #[test]
    fn parts_grow_then_the_whole_document_arrives_finished() {
        let path = file("grow.json", &bundle(5000));
        let loading = spawn(
            path.clone(),
            None,
            Limits::default(),
            Duration::ZERO,
            |doc| doc.warnings.push("finished".into()),
        )
        .unwrap();
        let (mut parts, mut progress) = (Vec::new(), Vec::new());
        let whole = loop {
            match loading.arrivals.recv().unwrap() {
                Arrival::Part { doc, read } => {
                    parts.push((doc.len(), read));
                    loading.taken();
                }
                Arrival::Progress { posts, .. } => progress.push(posts),
                Arrival::Whole(doc) => break doc,
                Arrival::Failed(e) => panic!("{e}"),
            }
        };
        let _ = std::fs::remove_file(&path);
        assert_eq!(whole.len(), 5000);
        assert_eq!(whole.warnings, ["finished"]);
        // The article first, with no posts; then the first screenful as soon as it is in.
        assert_eq!(parts[0].0, 0, "{parts:?}");
        assert!(parts.iter().any(|&(n, _)| n == 1024), "{parts:?}");
        assert!(parts.windows(2).all(|w| w[0].0 <= w[1].0), "{parts:?}");
        // Between parts, how far the read has got: a count that only grows.
        assert!(!progress.is_empty());
        assert!(progress.windows(2).all(|w| w[0] <= w[1]), "{progress:?}");
        assert!(progress.iter().all(|&n| n <= 5000), "{progress:?}");
        // Each part's estimate of the whole is near it, though the file is read far ahead of
        // the posts built (the whole file is one chunk here).
        for &(n, read) in parts.iter().filter(|(n, _)| *n > 0) {
            let expected = read.expected_posts(n).unwrap();
            assert!((4_000..6_000).contains(&expected), "{n} posts: {expected}");
        }
    }

    #[test]
    fn a_part_not_taken_holds_back_the_next() {
        let path = file("held.json", &bundle(5000));
        let loading = spawn(
            path.clone(),
            None,
            Limits::default(),
            Duration::ZERO,
            |_| {},
        )
        .unwrap();
        let mut parts = 0;
        loop {
            match loading.arrivals.recv().unwrap() {
                Arrival::Part { .. } => parts += 1,
                Arrival::Progress { .. } => {}
                Arrival::Whole(_) => break,
                Arrival::Failed(e) => panic!("{e}"),
            }
        }
        let _ = std::fs::remove_file(&path);
        assert_eq!(parts, 1);
    }

    #[test]
    fn an_error_found_late_arrives_after_the_parts() {
        let mut text = bundle(3000);
        text.truncate(text.len() - 40);
        let path = file("late.json", &text);
        let loading = spawn(
            path.clone(),
            None,
            Limits::default(),
            Duration::ZERO,
            |_| {},
        )
        .unwrap();
        let mut parts = 0;
        let error = loop {
            match loading.arrivals.recv().unwrap() {
                Arrival::Part { .. } => {
                    parts += 1;
                    loading.taken();
                }
                Arrival::Progress { .. } => {}
                Arrival::Whole(_) => panic!("a cut file loaded"),
                Arrival::Failed(e) => break e,
            }
        };
        let _ = std::fs::remove_file(&path);
        assert!(parts >= 2, "{parts}");
        assert!(matches!(error, LoadError::Syntax { .. }), "{error}");
        assert!(error.to_string().contains("late.json:1:"), "{error}");
    }
}
