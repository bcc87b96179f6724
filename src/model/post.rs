use super::{Timestamp, ToneIdx, ToneOrigin};

/// Index of a post in the document, in file order. `u32` keeps index lists small for huge
/// threads.
pub type PostIdx = u32;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Author {
    pub name: String,
    pub handle: Option<String>,
}

/// One post as the reader sees it: its words from the store, its place in the thread, and its
/// tone. A view, cheap to make: [`super::Document::post`].
#[derive(Debug, Clone, Copy)]
pub struct PostRef<'a> {
    pub idx: PostIdx,
    pub id: &'a str,
    pub author: &'a Author,
    pub text: &'a str,
    pub created_at: Option<Timestamp>,
    pub url: Option<&'a str>,
    /// The post this one answers, when it is in the document.
    pub parent: Option<PostIdx>,
    /// The id the file gave in `in_reply_to`, kept even when it names no post.
    pub in_reply_to: Option<&'a str>,
    /// Distance from the root of its thread (0 for a post that answers nothing here).
    pub depth: u32,
    pub tone: Option<ToneIdx>,
    /// Whether the tone came from the file, the reader, or the tagger.
    pub tone_origin: ToneOrigin,
    /// The text is the article's description of the post, not the post's own words.
    pub text_is_description: bool,
}
