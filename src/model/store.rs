//! The posts' words, kept once and compactly: every string of a run of posts in one arena, each
//! post a small fixed record of spans into it, and each author once per run.
//!
//! Runs ("chunks") are shared (`Arc`) and never change once sealed, so a copy of the store is
//! cheap, a worker thread (the tagger, search) reads the same bytes as the reader, and a store
//! that is still being loaded can be shown while it grows.

use std::sync::Arc;

use super::{Author, PostIdx, Timestamp};

/// Posts in a chunk before a new one starts.
const CHUNK_POSTS: usize = 1 << 16;
/// Bytes of text in a chunk before a new one starts (spans are 32-bit).
const CHUNK_BYTES: usize = 1 << 30;

/// Where a string sits in its chunk's arena.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Span {
    start: u32,
    len: u32,
}

const HAS_URL: u8 = 1;
const HAS_REPLY_TO: u8 = 2;
const DESCRIBED: u8 = 4;

/// One post: its strings as spans, its author by number within the chunk.
#[derive(Debug, Clone)]
struct PostRec {
    id: Span,
    text: Span,
    url: Span,
    in_reply_to: Span,
    created_at: Option<Timestamp>,
    author: u32,
    flags: u8,
}

#[derive(Debug, Default)]
struct Chunk {
    /// Index of the chunk's first post.
    first: usize,
    arena: String,
    recs: Vec<PostRec>,
    authors: Vec<Author>,
}

impl Chunk {
    fn str(&self, s: Span) -> &str {
        &self.arena[s.start as usize..(s.start + s.len) as usize]
    }
}

/// A post's words, as they go into the store. The strings are already sanitized.
#[derive(Debug, Clone, Copy)]
pub struct NewPost<'a> {
    pub id: &'a str,
    pub author_name: &'a str,
    pub author_handle: Option<&'a str>,
    pub text: &'a str,
    pub url: Option<&'a str>,
    pub in_reply_to: Option<&'a str>,
    pub created_at: Option<Timestamp>,
    pub described: bool,
}

/// The words of every post, in file order.
#[derive(Debug, Clone, Default)]
pub struct PostStore {
    chunks: Vec<Arc<Chunk>>,
    len: usize,
}

impl PostStore {
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    fn locate(&self, idx: PostIdx) -> (&Chunk, &PostRec) {
        let i = idx as usize;
        // Chunks are mostly full: start from the guess, and step if it was wrong.
        let mut c = (i / CHUNK_POSTS).min(self.chunks.len().saturating_sub(1));
        while self.chunks[c].first > i {
            c -= 1;
        }
        while i >= self.chunks[c].first + self.chunks[c].recs.len() {
            c += 1;
        }
        let chunk = &self.chunks[c];
        (chunk, &chunk.recs[i - chunk.first])
    }

    pub fn id(&self, idx: PostIdx) -> &str {
        let (c, r) = self.locate(idx);
        c.str(r.id)
    }

    pub fn text(&self, idx: PostIdx) -> &str {
        let (c, r) = self.locate(idx);
        c.str(r.text)
    }

    pub fn author(&self, idx: PostIdx) -> &Author {
        let (c, r) = self.locate(idx);
        &c.authors[r.author as usize]
    }

    pub fn url(&self, idx: PostIdx) -> Option<&str> {
        let (c, r) = self.locate(idx);
        (r.flags & HAS_URL != 0).then(|| c.str(r.url))
    }

    pub fn in_reply_to(&self, idx: PostIdx) -> Option<&str> {
        let (c, r) = self.locate(idx);
        (r.flags & HAS_REPLY_TO != 0).then(|| c.str(r.in_reply_to))
    }

    pub fn created_at(&self, idx: PostIdx) -> Option<Timestamp> {
        self.locate(idx).1.created_at
    }

    pub fn is_described(&self, idx: PostIdx) -> bool {
        self.locate(idx).1.flags & DESCRIBED != 0
    }

    /// Heap bytes the store holds (arenas, records, authors), for memory figures.
    pub fn heap_bytes(&self) -> usize {
        self.chunks
            .iter()
            .map(|c| {
                c.arena.capacity()
                    + c.recs.capacity() * std::mem::size_of::<PostRec>()
                    + c.authors
                        .iter()
                        .map(|a| a.name.capacity() + 24)
                        .sum::<usize>()
            })
            .sum()
    }
}

fn author_hash(name: &str, handle: Option<&str>) -> u64 {
    use std::hash::{BuildHasher, Hash, Hasher};
    let mut h = rustc_hash::FxBuildHasher.build_hasher();
    name.hash(&mut h);
    handle.hash(&mut h);
    h.finish()
}

/// The number of an author in `list`, adding it when it is new.
fn author_number(
    index: &mut hashbrown::HashTable<u32>,
    list: &mut Vec<Author>,
    name: &str,
    handle: Option<&str>,
) -> u32 {
    let hash = author_hash(name, handle);
    let same = |&i: &u32| {
        let a = &list[i as usize];
        a.name == name && a.handle.as_deref() == handle
    };
    if let Some(&i) = index.find(hash, same) {
        return i;
    }
    let i = u32::try_from(list.len()).unwrap_or(u32::MAX);
    list.push(Author {
        name: name.to_string(),
        handle: handle.map(str::to_string),
    });
    index.insert_unique(hash, i, |&j| {
        let a = &list[j as usize];
        author_hash(&a.name, a.handle.as_deref())
    });
    i
}

/// Builds a store post by post. A snapshot of what is in so far is cheap, so a reader can show
/// a store while it is still being loaded.
#[derive(Debug, Default)]
pub struct StoreBuilder {
    sealed: Vec<Arc<Chunk>>,
    current: Chunk,
    /// The current chunk's authors by (name, handle), to store each once.
    authors: hashbrown::HashTable<u32>,
    len: usize,
}

impl StoreBuilder {
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Adds a post; returns its index.
    pub fn push(&mut self, p: NewPost<'_>) -> PostIdx {
        let bytes = p.id.len()
            + p.text.len()
            + p.url.map_or(0, str::len)
            + p.in_reply_to.map_or(0, str::len);
        if self.current.recs.len() >= CHUNK_POSTS
            || (!self.current.recs.is_empty() && self.current.arena.len() + bytes > CHUNK_BYTES)
        {
            self.seal();
        }
        let c = &mut self.current;
        let mut put = |s: &str| {
            // A single post longer than a chunk is cut by the loader long before this.
            let start = u32::try_from(c.arena.len()).unwrap_or(u32::MAX);
            c.arena.push_str(s);
            Span {
                start,
                len: u32::try_from(s.len()).unwrap_or(0),
            }
        };
        let id = put(p.id);
        let text = put(p.text);
        let url = p.url.map(&mut put).unwrap_or_default();
        let in_reply_to = p.in_reply_to.map(&mut put).unwrap_or_default();
        let author = author_number(
            &mut self.authors,
            &mut c.authors,
            p.author_name,
            p.author_handle,
        );
        let mut flags = 0;
        if p.url.is_some() {
            flags |= HAS_URL;
        }
        if p.in_reply_to.is_some() {
            flags |= HAS_REPLY_TO;
        }
        if p.described {
            flags |= DESCRIBED;
        }
        c.recs.push(PostRec {
            id,
            text,
            url,
            in_reply_to,
            created_at: p.created_at,
            author,
            flags,
        });
        self.len += 1;
        PostIdx::try_from(self.len - 1).unwrap_or(PostIdx::MAX)
    }

    fn seal(&mut self) {
        let first = self.len;
        let mut done = std::mem::take(&mut self.current);
        // The next chunk is likely the size of this one: room for it now saves growing it by
        // doubling (each step a copy and fresh pages), and the cut at its end is then small.
        let (text, posts) = (done.arena.len(), done.recs.len());
        done.arena.shrink_to_fit();
        done.recs.shrink_to_fit();
        self.sealed.push(Arc::new(done));
        self.current.arena.reserve(text + text / 16);
        self.current.recs.reserve(posts);
        self.current.first = first;
        self.authors.clear();
    }

    fn locate(&self, idx: PostIdx) -> (&Chunk, &PostRec) {
        let i = idx as usize;
        let c = if i >= self.current.first {
            &self.current
        } else {
            &self.sealed[self.sealed.partition_point(|c| c.first <= i) - 1]
        };
        (c, &c.recs[i - c.first])
    }

    /// The id of a post already in.
    pub fn id(&self, idx: PostIdx) -> &str {
        let (c, r) = self.locate(idx);
        c.str(r.id)
    }

    /// The `in_reply_to` of a post already in.
    pub fn in_reply_to(&self, idx: PostIdx) -> Option<&str> {
        let (c, r) = self.locate(idx);
        (r.flags & HAS_REPLY_TO != 0).then(|| c.str(r.in_reply_to))
    }

    /// The posts so far, as a store of their own: the sealed chunks are shared, the one being
    /// filled is copied.
    pub fn snapshot(&self) -> PostStore {
        let mut chunks = self.sealed.clone();
        if !self.current.recs.is_empty() {
            chunks.push(Arc::new(Chunk {
                first: self.current.first,
                arena: self.current.arena.clone(),
                recs: self.current.recs.clone(),
                authors: self.current.authors.clone(),
            }));
        }
        PostStore {
            chunks,
            len: self.len,
        }
    }

    pub fn finish(mut self) -> PostStore {
        if !self.current.recs.is_empty() {
            self.seal();
        }
        PostStore {
            chunks: self.sealed,
            len: self.len,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn post<'a>(id: &'a str, text: &'a str, author: &'a str) -> NewPost<'a> {
        NewPost {
            id,
            author_name: author,
            author_handle: Some("h"),
            text,
            url: None,
            in_reply_to: Some("p0"),
            created_at: None,
            described: false,
        }
    }

    #[test]
    fn posts_come_back_as_they_went_in_across_chunks() {
        let mut b = StoreBuilder::default();
        let n = CHUNK_POSTS * 2 + 5;
        for i in 0..n {
            let id = format!("p{i}");
            let text = format!("text {i}");
            let author = if i % 2 == 0 { "Ann" } else { "Bo" };
            b.push(post(&id, &text, author));
        }
        assert_eq!(b.id(7), "p7");
        assert_eq!(
            b.id((CHUNK_POSTS + 3) as u32),
            format!("p{}", CHUNK_POSTS + 3)
        );
        let early = b.snapshot();
        assert_eq!(early.len(), n);
        let s = b.finish();
        for i in [0, 1, CHUNK_POSTS - 1, CHUNK_POSTS, n - 1] {
            let idx = i as PostIdx;
            assert_eq!(s.id(idx), format!("p{i}"));
            assert_eq!(s.text(idx), format!("text {i}"));
            assert_eq!(early.text(idx), s.text(idx));
            assert_eq!(s.in_reply_to(idx), Some("p0"));
            assert_eq!(s.url(idx), None);
            assert_eq!(s.author(idx).handle.as_deref(), Some("h"));
        }
        assert_eq!(s.author(2).name, "Ann");
        assert_eq!(s.author(3).name, "Bo");
        // Each author once per chunk.
        assert!(s.chunks.iter().all(|c| c.authors.len() == 2));
    }
}
