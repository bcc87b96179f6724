//! Reddit's "more replies": a thread's `.json` holds the first few hundred comments and, in
//! their place, stubs listing the ids of the rest. `/api/morechildren` loads up to 100 of those
//! ids a call (with their own replies, and new stubs for what is deeper still).
//!
//! chorus loads up to `limit` more comments (500 by default, `CHORUS_REDDIT_MORE`), in the
//! order the stubs appear, in at most [`MAX_CALLS`] calls. Stubs left over stay as the rows
//! they are ("N more replies not loaded"); a stub partly loaded says how many are left. A call
//! that fails ends the loading with a note; the thread itself is kept.

use std::collections::{HashSet, VecDeque};
use std::path::Path;

use serde::Deserialize;

use super::http::{Client, Expect, encode};
use crate::load::MoreStub;
use crate::load::bundle::{BundleFile, PostFile};

/// Ids per call: the most `/api/morechildren` takes.
const IDS_PER_CALL: usize = 100;

/// The most calls one thread makes, whatever the limit: each nested stub can need a call of
/// its own, and Reddit limits how often an anonymous client may ask.
pub const MAX_CALLS: usize = 20;

pub struct Expansion<'a> {
    pub client: &'a Client,
    /// `scheme://host` of the thread.
    pub origin: &'a str,
    /// The thread's fullname, `t3_ID`.
    pub link_id: &'a str,
    pub service: &'a str,
    /// The link as the user gave it, for messages.
    pub name: &'a str,
    pub limit: usize,
}

#[derive(Debug, Default, Deserialize)]
struct Answer {
    #[serde(default)]
    json: AnswerJson,
}

#[derive(Debug, Default, Deserialize)]
struct AnswerJson {
    #[serde(default)]
    errors: Vec<serde_json::Value>,
    #[serde(default)]
    data: Option<AnswerData>,
}

#[derive(Debug, Default, Deserialize)]
struct AnswerData {
    #[serde(default)]
    things: Vec<serde_json::Value>,
}

impl Expansion<'_> {
    /// Loads what the stubs stand for into `bundle`; `posts` is told the post count as it
    /// grows. Returns notes on anything that stopped it early.
    pub fn run(
        &self,
        bundle: &mut BundleFile,
        stubs: Vec<MoreStub>,
        posts: &(dyn Fn(usize) + Sync),
    ) -> Vec<String> {
        let mut notes = Vec::new();
        let mut ids: HashSet<String> = bundle.posts.iter().map(|p| p.id.clone()).collect();
        let mut queue: VecDeque<MoreStub> = stubs
            .into_iter()
            .filter(|s| !s.children.is_empty())
            .collect();
        let mut loaded = 0usize;
        let mut calls = 0usize;
        while loaded < self.limit && !queue.is_empty() {
            if calls == MAX_CALLS {
                break;
            }
            calls += 1;
            // Up to 100 ids, from as many stubs as it takes, in order.
            let room = IDS_PER_CALL.min(self.limit - loaded);
            let mut batch: Vec<String> = Vec::new();
            let mut touched: Vec<MoreStub> = Vec::new();
            while batch.len() < room
                && let Some(mut stub) = queue.pop_front()
            {
                let take = stub.children.len().min(room - batch.len());
                batch.extend(stub.children.drain(..take));
                stub.count = stub.count.saturating_sub(take);
                touched.push(stub);
            }
            let things = match self.call(&batch) {
                Ok(t) => t,
                Err(why) => {
                    notes.push(format!("{}: more replies not loaded: {why}", self.name));
                    // The stubs keep their rows; a partly taken one keeps its count.
                    break;
                }
            };
            let listing = serde_json::json!({"kind": "Listing", "data": {"children": things}});
            let bytes = match serde_json::to_vec(&listing) {
                Ok(b) => b,
                Err(e) => {
                    notes.push(format!("{}: more replies not loaded: {e}", self.name));
                    break;
                }
            };
            let (more, new_stubs) = match crate::load::read_reddit(Path::new(self.name), &bytes) {
                Ok(r) => r,
                Err(e) => {
                    notes.push(format!("more replies not loaded: {e}"));
                    break;
                }
            };
            let renamed = self.add(bundle, &mut ids, more, new_stubs, calls, &mut loaded);
            // A stub fully loaded goes; one partly loaded moves after what was loaded, and says
            // how many are left.
            for stub in touched {
                let Some(i) = bundle.posts.iter().position(|p| p.id == stub.row) else {
                    continue;
                };
                let mut row = bundle.posts.remove(i);
                if stub.children.is_empty() {
                    ids.remove(&stub.row);
                } else {
                    row.text = crate::load::more_text(stub.children.len().max(stub.count));
                    bundle.posts.push(row);
                    queue.push_front(stub);
                }
            }
            queue.extend(renamed.into_iter().filter(|s| !s.children.is_empty()));
            posts(bundle.posts.len());
        }
        notes
    }

    /// Adds the posts of one answer that the thread does not have yet, after the others; its
    /// stubs get row ids of their own. Returns those stubs.
    fn add(
        &self,
        bundle: &mut BundleFile,
        ids: &mut HashSet<String>,
        more: BundleFile,
        stubs: Vec<MoreStub>,
        call: usize,
        loaded: &mut usize,
    ) -> Vec<MoreStub> {
        let stub_rows: HashSet<&str> = stubs.iter().map(|s| s.row.as_str()).collect();
        let mut renames: Vec<(String, String)> = Vec::new();
        let mut added: Vec<PostFile> = Vec::new();
        for mut p in more.posts {
            // The importer's stand-in for a parent outside the answer (here, in the thread).
            let placeholder = p.in_reply_to.is_none() && p.text_is_description;
            if placeholder || (ids.contains(&p.id) && !stub_rows.contains(p.id.as_str())) {
                continue;
            }
            if stub_rows.contains(p.id.as_str()) {
                let row = format!("{}-{call}", p.id);
                renames.push((p.id.clone(), row.clone()));
                p.id = row;
            } else {
                *loaded += 1;
            }
            ids.insert(p.id.clone());
            added.push(p);
        }
        bundle.posts.extend(added);
        stubs
            .into_iter()
            .map(|mut s| {
                if let Some((_, new)) = renames.iter().find(|(old, _)| *old == s.row) {
                    s.row = new.clone();
                }
                s
            })
            .collect()
    }

    /// One `/api/morechildren` call: the things it returns.
    fn call(&self, batch: &[String]) -> Result<Vec<serde_json::Value>, String> {
        let url = format!(
            "{}/api/morechildren.json?api_type=json&link_id={}&children={}&raw_json=1&limit_children=false",
            self.origin,
            encode(self.link_id),
            encode(&batch.join(","))
        );
        let answer = self
            .client
            .get(&url, self.service, Expect::Json)
            .map_err(|e| e.to_string())?;
        let parsed: Answer = serde_json::from_slice(&answer.body)
            .map_err(|e| format!("{} answered in an unexpected shape ({e})", self.service))?;
        if let Some(first) = parsed.json.errors.first() {
            return Err(crate::load::one_line(&format!(
                "{} answered with an error: {first}",
                self.service
            )));
        }
        Ok(parsed.json.data.map(|d| d.things).unwrap_or_default())
    }
}
