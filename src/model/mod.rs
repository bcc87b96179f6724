//! The document a reader opens: an article, the posts it embeds and the replies around them.
//!
//! Everything here is plain data, already sanitized at load. Nothing in this module knows about
//! terminals, files or formats: `load` builds a [`Document`], the app reads it.

mod article;
mod post;
mod store;
mod thread;
mod time;
mod tones;

pub use article::{Article, Block};
pub use post::{Author, PostIdx, PostRef};
pub use store::{NewPost, PostStore, StoreBuilder};
pub use thread::ThreadIndex;
pub use time::Timestamp;
pub use tones::{DEFAULT_TONES, ToneIdx, ToneKey, ToneOrigin, ToneSet};

/// `parent` of a post that answers nothing in the document.
const NO_PARENT: PostIdx = PostIdx::MAX;

/// In [`Document::tones_in_thread_order`], a post without a tone.
pub const NO_TONE: ToneIdx = ToneIdx::MAX;

/// A loaded document. The article, the posts' words and the thread are fixed once built; the
/// one thing that changes while it is read is the posts' tones (computed by the tagger,
/// corrected by the reader), and only through [`Document::set_tone`], which keeps the counts in
/// `tones` right.
#[derive(Debug, Clone, Default)]
pub struct Document {
    pub article: Article,
    /// Every post's words, in file order.
    store: PostStore,
    /// Each post's parent, or [`NO_PARENT`].
    parent: Vec<PostIdx>,
    depth: Vec<u32>,
    /// Each post's tone by its place in thread order (`thread.preorder`), or [`NO_TONE`]. Kept
    /// in that order because the reply list reads every post's tone down the thread each time
    /// the filter changes, and reading it in order is many times faster than by post.
    tone_at: Vec<ToneIdx>,
    origin: Vec<ToneOrigin>,
    /// Cues kept with a computed tone: given by the file (a bundle chorus wrote), or kept by
    /// `tag_document` for output. The reader's own computed tones keep none.
    file_cues: rustc_hash::FxHashMap<PostIdx, Box<str>>,
    /// The tone names used by the posts, with their counts.
    pub tones: ToneSet,
    /// The reply tree over the posts.
    pub thread: ThreadIndex,
    /// Problems found while loading that did not stop it (a reply to a missing post, ...).
    pub warnings: Vec<String>,
    /// The posts by creation time, made the first time it is asked ([`Document::time_order`]).
    by_time: std::sync::OnceLock<std::sync::Arc<[PostIdx]>>,
}

/// What a document is made of, as the loader hands it over.
#[derive(Debug, Default)]
pub struct DocumentParts {
    pub article: Article,
    pub store: PostStore,
    pub parents: Vec<Option<PostIdx>>,
    pub depths: Vec<u32>,
    pub tones: ToneSet,
    pub post_tones: Vec<Option<ToneIdx>>,
    pub origins: Vec<ToneOrigin>,
    pub file_cues: rustc_hash::FxHashMap<PostIdx, Box<str>>,
    pub warnings: Vec<String>,
}

impl Document {
    pub fn from_parts(p: DocumentParts) -> Self {
        let thread = ThreadIndex::new(&p.parents);
        let mut tone_at = vec![NO_TONE; p.post_tones.len()];
        for (&place, tone) in thread.position.iter().zip(&p.post_tones) {
            tone_at[place as usize] = tone.unwrap_or(NO_TONE);
        }
        Document {
            article: p.article,
            store: p.store,
            parent: p.parents.iter().map(|p| p.unwrap_or(NO_PARENT)).collect(),
            depth: p.depths,
            tone_at,
            origin: p.origins,
            file_cues: p.file_cues,
            tones: p.tones,
            thread,
            warnings: p.warnings,
            by_time: std::sync::OnceLock::new(),
        }
    }

    /// The posts by creation time, undated ones last, ties in file order. Made the first time
    /// it is asked (20 ms at a million posts), which a loading thread does before it hands the
    /// document over, so the reader's first change of order costs nothing.
    pub fn time_order(&self) -> &[PostIdx] {
        self.time_order_shared()
    }

    /// [`Document::time_order`], shared, so the reply list holds it without a copy.
    pub fn time_order_shared(&self) -> &std::sync::Arc<[PostIdx]> {
        self.by_time.get_or_init(|| {
            let store = &self.store;
            // Each post's key made once, not at every comparison; the post's index breaks
            // ties, so an unstable sort keeps file order.
            let mut keyed: Vec<(bool, i64, PostIdx)> = (0..self.len() as PostIdx)
                .map(|p| {
                    let t = store.created_at(p);
                    (t.is_none(), t.map_or(0, |t| t.sort_key()), p)
                })
                .collect();
            keyed.sort_unstable();
            keyed.into_iter().map(|(_, _, p)| p).collect()
        })
    }

    /// How many posts.
    pub fn len(&self) -> usize {
        self.store.len()
    }

    pub fn is_empty(&self) -> bool {
        self.store.is_empty()
    }

    /// The posts' words, to share with a worker thread (cheap to clone).
    pub fn store(&self) -> &PostStore {
        &self.store
    }

    pub fn post(&self, idx: PostIdx) -> PostRef<'_> {
        let s = &self.store;
        let i = idx as usize;
        PostRef {
            idx,
            id: s.id(idx),
            author: s.author(idx),
            text: s.text(idx),
            created_at: s.created_at(idx),
            url: s.url(idx),
            parent: self.parent(idx),
            in_reply_to: s.in_reply_to(idx),
            depth: self.depth[i],
            tone: self.tone(idx),
            tone_origin: self.origin[i],
            text_is_description: s.is_described(idx),
        }
    }

    /// Every post, in file order.
    pub fn posts(&self) -> impl ExactSizeIterator<Item = PostRef<'_>> + DoubleEndedIterator {
        (0..self.len() as PostIdx).map(|i| self.post(i))
    }

    /// The first post with this id.
    pub fn find(&self, id: &str) -> Option<PostIdx> {
        (0..self.len() as PostIdx).find(|&i| self.store.id(i) == id)
    }

    pub fn parent(&self, idx: PostIdx) -> Option<PostIdx> {
        let p = self.parent[idx as usize];
        (p != NO_PARENT).then_some(p)
    }

    pub fn depth(&self, idx: PostIdx) -> u32 {
        self.depth[idx as usize]
    }

    pub fn tone(&self, idx: PostIdx) -> Option<ToneIdx> {
        let t = self.tone_at[self.thread.position[idx as usize] as usize];
        (t != NO_TONE).then_some(t)
    }

    /// Every post's tone in thread order (the post at `thread.preorder[k]` has the tone at
    /// `k`), [`NO_TONE`] for none.
    pub fn tones_in_thread_order(&self) -> &[ToneIdx] {
        &self.tone_at
    }

    /// Where every post's tone came from, by post.
    pub fn origins(&self) -> &[ToneOrigin] {
        &self.origin
    }

    pub fn tone_origin(&self, idx: PostIdx) -> ToneOrigin {
        self.origin[idx as usize]
    }

    /// The cues kept with a post's computed tone, if any were.
    pub fn file_cues(&self, idx: PostIdx) -> Option<&str> {
        self.file_cues.get(&idx).map(|c| &**c)
    }

    /// The posts the article embeds, in reading order, as (block index, post index).
    pub fn quotes(&self) -> impl Iterator<Item = (usize, PostIdx)> + '_ {
        self.article
            .blocks
            .iter()
            .enumerate()
            .filter_map(|(b, block)| match block {
                Block::Embed { post: Some(p), .. } => Some((b, *p)),
                _ => None,
            })
    }

    /// Gives a post a tone (or none), keeping the counts right.
    pub fn set_tone(&mut self, idx: PostIdx, tone: Option<ToneIdx>, origin: ToneOrigin) {
        let i = idx as usize;
        self.tones.recount(self.tone(idx), tone);
        self.tone_at[self.thread.position[i] as usize] = tone.unwrap_or(NO_TONE);
        self.origin[i] = origin;
        self.file_cues.remove(&idx);
    }

    /// Gives an untagged post the tagger's tone, keeping the cues that decided it (for output
    /// that writes them).
    pub fn set_computed_tone(
        &mut self,
        idx: PostIdx,
        tone: ToneIdx,
        origin: ToneOrigin,
        cues: Box<str>,
    ) {
        self.set_tone(idx, Some(tone), origin);
        self.file_cues.insert(idx, cues);
    }

    /// The legend key of a post's tone (a named tone, or untagged).
    pub fn tone_key(&self, idx: PostIdx) -> ToneKey {
        match self.tone(idx) {
            Some(t) => ToneKey::Tone(t),
            None => ToneKey::Untagged,
        }
    }
}
