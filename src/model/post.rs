use super::{Timestamp, ToneIdx, ToneOrigin};

/// Index of a post in [`super::Document::posts`]. `u32` keeps index lists small for huge threads.
pub type PostIdx = u32;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Author {
    pub name: String,
    pub handle: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct Post {
    pub id: String,
    pub author: Author,
    pub text: String,
    pub created_at: Option<Timestamp>,
    pub url: Option<String>,
    /// The post this one answers, when it is in the document.
    pub parent: Option<PostIdx>,
    /// The id the file gave in `in_reply_to`, kept even when it names no post.
    pub in_reply_to: Option<String>,
    /// Distance from the root of its thread (0 for a post that answers nothing here).
    pub depth: u32,
    pub tone: Option<ToneIdx>,
    /// Whether the tone came from the file, the reader, or the tagger.
    pub tone_origin: ToneOrigin,
    /// The text is the article's description of the post, not the post's own words.
    pub text_is_description: bool,
}
