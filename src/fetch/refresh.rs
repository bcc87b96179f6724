//! Fetching a link again without losing the reader's place, and telling which posts are new
//! since the link was last opened. Pure functions over documents, plus the small file that
//! remembers the posts seen.
//!
//! The reader's refresh is: [`super::open`] with [`super::CacheMode::Refresh`], then
//! [`merge`] of the old document with what came back. The merged document keeps every old post
//! at its index (so selection, folds and scroll positions stay valid; [`Merged::remap`] gives
//! the new index of any old one), updates what changed, and adds the new posts after them.
//!
//! "New since the last visit": [`visit`] reads the posts seen at the last visit (kept beside the
//! link's [home](super::Opened::home) in `HOME.chorus-seen.json`), returns the posts of the
//! document that were not among them, and records this visit. The first visit marks nothing
//! as new.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::article::NOTE_AUTHOR;
use crate::export::KeptTones;
use crate::export::json::to_bundle;
use crate::load::build_document;
use crate::load::bundle::{BundleFile, PostFile};
use crate::model::{Document, PostIdx, PostRef};

/// A refreshed document.
#[derive(Debug)]
pub struct Merged {
    pub doc: Document,
    /// For each post of the old document, its index in the new one (`None` for the few rows
    /// that stood for something the refresh replaced: a "more replies" row now loaded, or a
    /// note of chorus's own).
    pub remap: Vec<Option<PostIdx>>,
    /// The posts the refresh added, in file order.
    pub added: Vec<PostIdx>,
}

/// Whether a post is a row of chorus's own rather than someone's post: a note under an embed,
/// or a Reddit "more replies" row. Such rows are never "new", and a refresh replaces them.
pub fn is_placeholder(post: PostRef) -> bool {
    post.text_is_description
        && ((post.author.name == NOTE_AUTHOR && post.id.contains("#chorus-"))
            || (post.id.starts_with("more-") && post.author.name == "more replies"))
}

fn all(doc: &Document) -> KeptTones {
    // An empty filter keeps every post; it cannot fail.
    match KeptTones::new(&doc.tones, &[]) {
        Ok(f) => f,
        Err(_) => unreachable!("an empty tone filter names no tone"),
    }
}

/// Merges a fresh fetch into the document the reader has.
///
/// * Every old post keeps its place (and its index, unless a placeholder row before it went).
///   Its text, author, time and address are the fresh ones; its tone stays when its text did
///   not change, and a corrected tone stays whatever changed.
/// * A post gone from the fresh fetch (deleted upstream, or beyond what was loaded) stays, as
///   the reader last saw it.
/// * Posts only in the fresh fetch are added after the old ones, in the fresh order, untagged
///   (the reader tags them as it tags any untagged post).
/// * The article is the fresh one (its embeds name posts by id, which the merge keeps).
pub fn merge(old: &Document, fresh: BundleFile) -> Merged {
    // Built first, so its ids and texts are sanitized like the old document's.
    let fresh = build_document(fresh);
    let old_b = to_bundle(old, &all(old));
    let fresh_b = to_bundle(&fresh, &all(&fresh));
    let fresh_by_id: HashMap<&str, &PostFile> = fresh_b
        .posts
        .iter()
        .rev()
        .map(|p| (p.id.as_str(), p))
        .collect();

    let mut posts: Vec<PostFile> = Vec::with_capacity(old_b.posts.len() + fresh_b.posts.len());
    let mut remap = Vec::with_capacity(old_b.posts.len());
    let mut kept: HashSet<&str> = HashSet::new();
    for (i, p) in old_b.posts.iter().enumerate() {
        let first = kept.insert(p.id.as_str());
        match fresh_by_id.get(p.id.as_str()) {
            Some(q) if first => {
                remap.push(Some(posts.len() as PostIdx));
                posts.push(updated(p, q));
            }
            None if is_placeholder(old.post(i as PostIdx)) => remap.push(None),
            _ => {
                remap.push(Some(posts.len() as PostIdx));
                posts.push(p.clone());
            }
        }
    }
    let mut added = Vec::new();
    let mut fresh_seen: HashSet<&str> = HashSet::new();
    for q in &fresh_b.posts {
        if kept.contains(q.id.as_str()) || !fresh_seen.insert(q.id.as_str()) {
            continue;
        }
        added.push(posts.len() as PostIdx);
        posts.push(q.clone());
    }
    let article = if fresh_b.article.blocks.is_empty() {
        old_b.article
    } else {
        fresh_b.article
    };
    let mut doc = build_document(BundleFile {
        format: old_b.format,
        article,
        posts,
    });
    // Warnings of the fresh load only: the old ones were about the old data.
    doc.warnings = fresh.warnings;
    Merged { doc, remap, added }
}

/// The fresh version of an old post, keeping the tone the reader has when it still applies.
fn updated(old: &PostFile, fresh: &PostFile) -> PostFile {
    let mut p = fresh.clone();
    let corrected = old.tone_source.as_deref() == Some("corrected");
    let same_words = old.text == fresh.text;
    if fresh.tone.is_none() && (corrected || same_words) {
        p.tone.clone_from(&old.tone);
        p.tone_source.clone_from(&old.tone_source);
        p.tone_confidence = old.tone_confidence;
        p.tone_cues.clone_from(&old.tone_cues);
    }
    p
}

/// The version string of a seen file.
pub const SEEN_FORMAT: &str = "chorus-seen/1";

/// The posts seen at a link's last visit.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Seen {
    ids: HashSet<String>,
    /// When the link was last opened.
    pub visited_at: Option<jiff::Timestamp>,
}

#[derive(Debug, Serialize, Deserialize)]
struct SeenFile {
    format: String,
    visited_at: String,
    ids: Vec<String>,
}

/// Why the seen posts could not be read. The file is then left alone and not written over.
#[derive(Debug, thiserror::Error)]
#[error("posts seen at the last visit not read: {}: {reason}", crate::load::one_line(&path.display().to_string()))]
pub struct SeenError {
    pub path: PathBuf,
    pub reason: String,
}

impl Seen {
    pub fn contains(&self, id: &str) -> bool {
        self.ids.contains(id)
    }

    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// Records every post of `doc` as seen, now.
    pub fn mark(&mut self, doc: &Document) {
        self.ids.extend(doc.posts().map(|p| p.id.to_string()));
        self.visited_at = Some(jiff::Timestamp::now());
    }
}

/// Where the seen posts of a link live: beside its home.
pub fn seen_path(home: &Path) -> PathBuf {
    let mut name = home.as_os_str().to_owned();
    name.push(".chorus-seen.json");
    PathBuf::from(name)
}

/// Reads the seen posts; `Ok(None)` when the link was never visited.
pub fn read_seen(path: &Path) -> Result<Option<Seen>, SeenError> {
    let fail = |reason: String| SeenError {
        path: path.to_owned(),
        reason,
    };
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(fail(e.to_string())),
    };
    let file: SeenFile =
        serde_json::from_slice(&bytes).map_err(|e| fail(format!("damaged ({e})")))?;
    if file.format != SEEN_FORMAT {
        return Err(fail(format!(
            "format {:?}, expected {SEEN_FORMAT:?}",
            crate::load::one_line(&file.format)
        )));
    }
    Ok(Some(Seen {
        ids: file.ids.into_iter().collect(),
        visited_at: file.visited_at.parse().ok(),
    }))
}

/// Writes the seen posts atomically.
pub fn write_seen(path: &Path, seen: &Seen) -> std::io::Result<()> {
    let mut ids: Vec<&String> = seen.ids.iter().collect();
    ids.sort();
    let file = SeenFile {
        format: SEEN_FORMAT.to_string(),
        visited_at: seen
            .visited_at
            .unwrap_or_else(jiff::Timestamp::now)
            .to_string(),
        ids: ids.into_iter().cloned().collect(),
    };
    super::cache::write_json(path, &file)
}

/// The posts of `doc` not seen at the last visit, in thread order; none without a last
/// visit. chorus's own rows are never new.
pub fn new_since(doc: &Document, seen: Option<&Seen>) -> Vec<PostIdx> {
    let Some(seen) = seen else {
        return Vec::new();
    };
    doc.thread
        .preorder
        .iter()
        .copied()
        .filter(|&i| {
            let p = doc.post(i);
            !seen.contains(p.id) && !is_placeholder(p)
        })
        .collect()
}

/// What a visit found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Visit {
    /// Posts new since the last visit, in thread order (none on the first visit).
    pub new: Vec<PostIdx>,
    /// When the link was last opened before this visit.
    pub last: Option<jiff::Timestamp>,
}

/// Opens a visit of a link: the posts of `doc` new since the last one, and this one recorded
/// (every post of `doc` is now seen). Call it once when the link is opened, and again with
/// the merged document after a refresh (posts a refresh brings are then new, and seen from then
/// on). A seen file that cannot be read is an error, and is left untouched.
pub fn visit(home: &Path, doc: &Document) -> Result<Visit, SeenError> {
    let path = seen_path(home);
    let before = read_seen(&path)?;
    let new = new_since(doc, before.as_ref());
    let last = before.as_ref().and_then(|s| s.visited_at);
    let mut seen = before.unwrap_or_default();
    seen.mark(doc);
    write_seen(&path, &seen).map_err(|e| SeenError {
        path: path.clone(),
        reason: format!("cannot write: {e}"),
    })?;
    Ok(Visit { new, last })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::bundle::{AuthorFile, BlockFile};
    use crate::model::ToneOrigin;

    fn post(id: &str, parent: Option<&str>, text: &str) -> PostFile {
        PostFile {
            id: id.into(),
            author: AuthorFile {
                name: format!("author of {id}"),
                handle: None,
            },
            in_reply_to: parent.map(Into::into),
            text: text.into(),
            ..Default::default()
        }
    }

    fn bundle(posts: Vec<PostFile>) -> BundleFile {
        let mut b = BundleFile {
            format: Some("chorus/1".into()),
            ..Default::default()
        };
        b.article.title = "A thread".into();
        b.article.blocks = vec![BlockFile::Embed {
            post: posts[0].id.clone(),
        }];
        b.posts = posts;
        b
    }

    fn ids(doc: &Document) -> Vec<&str> {
        doc.posts().map(|p| p.id).collect()
    }

    #[test]
    fn a_refresh_keeps_old_posts_in_place_and_adds_the_new_ones() {
        let mut old = build_document(bundle(vec![
            post("root", None, "the post"),
            post("a", Some("root"), "first reply"),
            post("b", Some("root"), "second reply"),
        ]));
        // The reader corrected one tone and computed another.
        let critical = old.tones.index_of("critical").unwrap();
        let kind = old.tones.index_of("supportive").unwrap();
        old.set_tone(1, Some(critical), ToneOrigin::Corrected);
        old.set_tone(2, Some(kind), ToneOrigin::Computed { confidence: 0.5 });
        let fresh = bundle(vec![
            post("root", None, "the post"),
            post("c", Some("a"), "a new reply to the first"),
            post("a", Some("root"), "first reply, edited"),
            post("d", Some("root"), "a new top reply"),
        ]);
        let m = merge(&old, fresh);
        assert_eq!(ids(&m.doc), ["root", "a", "b", "c", "d"]);
        assert_eq!(m.remap, [Some(0), Some(1), Some(2)]);
        assert_eq!(m.added, [3, 4]);
        // Edited text is fresh; the correction stays; "b" (gone upstream) is kept as it was,
        // with its computed tone.
        assert_eq!(m.doc.post(1).text, "first reply, edited");
        assert_eq!(m.doc.post(1).tone, m.doc.tones.index_of("critical"));
        assert_eq!(m.doc.post(1).tone_origin, ToneOrigin::Corrected);
        assert_eq!(m.doc.post(2).tone, m.doc.tones.index_of("supportive"));
        assert!(matches!(
            m.doc.post(2).tone_origin,
            ToneOrigin::Computed { .. }
        ));
        // The new reply hangs under its parent.
        assert_eq!(m.doc.post(3).parent, Some(1));
        assert_eq!(m.doc.post(3).tone, None);
        assert!(m.doc.warnings.is_empty(), "{:?}", m.doc.warnings);
    }

    #[test]
    fn a_computed_tone_goes_when_the_words_change() {
        let mut old = build_document(bundle(vec![
            post("root", None, "x"),
            post("a", Some("root"), "thanks, lovely"),
        ]));
        let kind = old.tones.index_of("supportive").unwrap();
        old.set_tone(1, Some(kind), ToneOrigin::Computed { confidence: 0.9 });
        let m = merge(
            &old,
            bundle(vec![
                post("root", None, "x"),
                post("a", Some("root"), "this is wrong"),
            ]),
        );
        assert_eq!(m.doc.post(1).tone, None);
    }

    #[test]
    fn placeholder_rows_are_replaced() {
        let mut stub = post("more-1-t1_x", Some("root"), "3 more replies not loaded");
        stub.author.name = "more replies".into();
        stub.text_is_description = true;
        let old = build_document(bundle(vec![post("root", None, "x"), stub]));
        let m = merge(
            &old,
            bundle(vec![
                post("root", None, "x"),
                post("t1_x", Some("root"), "loaded"),
            ]),
        );
        assert_eq!(ids(&m.doc), ["root", "t1_x"]);
        assert_eq!(m.remap, [Some(0), None]);
        assert_eq!(m.added, [1]);
    }

    #[test]
    fn new_since_the_last_visit() {
        let dir = tempfile::tempdir().unwrap();
        let home = dir.path().join("key");
        let first = build_document(bundle(vec![
            post("root", None, "x"),
            post("a", Some("root"), "y"),
        ]));
        let v = visit(&home, &first).expect("first visit");
        assert!(v.new.is_empty(), "the first visit marks nothing");
        assert_eq!(v.last, None);

        let m = merge(
            &first,
            bundle(vec![
                post("root", None, "x"),
                post("a", Some("root"), "y"),
                post("b", Some("a"), "new"),
                post("c", Some("root"), "newer"),
            ]),
        );
        let v = visit(&home, &m.doc).expect("second visit");
        // In thread order: b (under a), then c.
        assert_eq!(v.new, [2, 3]);
        assert!(v.last.is_some());
        // Seen now: a third visit finds nothing new.
        let v = visit(&home, &m.doc).expect("third visit");
        assert!(v.new.is_empty());
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        assert_eq!(names, ["key.chorus-seen.json"]);
    }

    #[test]
    fn a_damaged_seen_file_is_reported_and_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let home = dir.path().join("key");
        std::fs::write(
            seen_path(&home),
            b"{\"format\": \"chorus-seen/1\", \"ids\": [",
        )
        .unwrap();
        let doc = build_document(bundle(vec![post("root", None, "x")]));
        let e = visit(&home, &doc).expect_err("damaged");
        assert!(e.to_string().contains("damaged"), "{e}");
        assert_eq!(
            std::fs::read(seen_path(&home)).unwrap(),
            b"{\"format\": \"chorus-seen/1\", \"ids\": ["
        );
    }
}
