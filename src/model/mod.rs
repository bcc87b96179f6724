//! The document a reader opens: an article, the posts it embeds and the replies around them.
//!
//! Everything here is plain data, already sanitized at load. Nothing in this module knows about
//! terminals, files or formats: `load` builds a [`Document`], the app reads it.

mod article;
mod post;
mod thread;
mod time;
mod tones;

pub use article::{Article, Block};
pub use post::{Author, Post, PostIdx};
pub use thread::ThreadIndex;
pub use time::Timestamp;
pub use tones::{DEFAULT_TONES, MAX_TONES, ToneIdx, ToneKey, ToneOrigin, ToneSet};

/// A loaded document. The article, the posts' words and the thread are fixed once built; the
/// one thing that changes while it is read is the posts' tones (computed by the tagger,
/// corrected by the reader), and only through [`Document::set_tone`], which keeps the counts in
/// `tones` right.
#[derive(Debug, Clone, Default)]
pub struct Document {
    pub article: Article,
    /// Every post in file order; parents are indices into this vector.
    pub posts: Vec<Post>,
    /// The tone names used by the posts, with their counts.
    pub tones: ToneSet,
    /// The reply tree over `posts`.
    pub thread: ThreadIndex,
    /// Problems found while loading that did not stop it (a reply to a missing post, ...).
    pub warnings: Vec<String>,
}

impl Document {
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
        let post = &mut self.posts[idx as usize];
        self.tones.recount(post.tone, tone);
        post.tone = tone;
        post.tone_origin = origin;
    }

    pub fn post(&self, idx: PostIdx) -> &Post {
        &self.posts[idx as usize]
    }

    /// The legend key of a post's tone (a named tone, or untagged).
    pub fn tone_key(&self, idx: PostIdx) -> ToneKey {
        match self.posts[idx as usize].tone {
            Some(t) => ToneKey::Tone(t),
            None => ToneKey::Untagged,
        }
    }
}
