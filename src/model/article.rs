use super::{PostIdx, Timestamp};

#[derive(Debug, Clone, Default)]
pub struct Article {
    pub title: String,
    pub outlet: Option<String>,
    pub author: Option<String>,
    pub published: Option<Timestamp>,
    pub url: Option<String>,
    pub blocks: Vec<Block>,
}

/// One block of the article body, in reading order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    Paragraph(String),
    Heading(String),
    /// A post placed where the story quotes it. `post` is `None` when the file names a post id
    /// that does not exist (reported as a warning at load).
    Embed {
        id: String,
        post: Option<PostIdx>,
    },
}
