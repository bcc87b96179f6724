//! The search worker: a thread that looks through the posts for the reader's query and
//! streams what it finds to the event loop, so a key is answered at once however large the
//! document. A newer request replaces the one in hand: the worker sees it between chunks and
//! drops the old one.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{self, Sender};
use std::time::Duration;

use super::Msg;
use crate::app::SearchRequest;
use crate::app::look_through;
use crate::model::PostStore;

/// How often found matches are handed over: each hand-over merges them into the sorted list
/// of matches and redraws, so not after every chunk.
const EVERY: Duration = Duration::from_millis(40);

pub(super) struct SearchWorker {
    jobs: Sender<(SearchRequest, PostStore)>,
    /// The generation of the newest request; older ones stop.
    latest: Arc<AtomicU64>,
}

impl SearchWorker {
    pub(super) fn spawn(tx: Sender<Msg>) -> Self {
        let (jobs, inbox) = mpsc::channel::<(SearchRequest, PostStore)>();
        let latest = Arc::new(AtomicU64::new(0));
        let newest = Arc::clone(&latest);
        std::thread::spawn(move || {
            while let Ok(mut job) = inbox.recv() {
                // Only the newest of those waiting matters.
                while let Ok(newer) = inbox.try_recv() {
                    job = newer;
                }
                let (request, store) = job;
                let wanted = || newest.load(Ordering::Relaxed) == request.generation;
                let send = |found| tx.send(Msg::Found(found)).is_ok();
                let looked = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    look_through(&request, &store, EVERY, wanted, send)
                }));
                // A search bug must not take the reader down, nor leave it searching forever.
                if looked.is_err() {
                    let _ = tx.send(Msg::Notify("the search stopped on an error".into()));
                    return;
                }
            }
        });
        SearchWorker { jobs, latest }
    }

    pub(super) fn search(&self, request: SearchRequest, store: PostStore) {
        self.latest.store(request.generation, Ordering::Relaxed);
        // The worker only ends with the reader; nothing to do if it is gone.
        let _ = self.jobs.send((request, store));
    }
}
