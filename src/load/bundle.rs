//! The native chorus bundle, format `chorus/1`: the serde shape of the file, and its conversion
//! into a [`crate::model::Document`]. See docs/format.md.

use serde::{Deserialize, Serialize};

/// The version string every bundle carries in its `format` field.
pub const FORMAT: &str = "chorus/1";

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(expecting = "a chorus bundle: an object with format, article and posts")]
pub struct BundleFile {
    /// Kept optional here so a missing field is reported as such rather than as a serde error.
    #[serde(default)]
    pub format: Option<String>,
    pub article: ArticleFile,
    #[serde(default)]
    pub posts: Vec<PostFile>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(expecting = "an article object")]
pub struct ArticleFile {
    #[serde(default)]
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outlet: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(default)]
    pub blocks: Vec<BlockFile>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(
    tag = "type",
    rename_all = "lowercase",
    expecting = "a block: paragraph, heading or embed"
)]
pub enum BlockFile {
    Paragraph { text: String },
    Heading { text: String },
    Embed { post: String },
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(expecting = "a post object with an id")]
pub struct PostFile {
    pub id: String,
    #[serde(default)]
    pub author: AuthorFile,
    #[serde(default)]
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(default)]
    pub in_reply_to: Option<String>,
    #[serde(default)]
    pub tone: Option<String>,
    /// Where `tone` came from when chorus wrote it: "computed" (by the tagger) or "corrected"
    /// (by the reader). Absent for a tone the source gave.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tone_source: Option<String>,
    /// A computed tone's confidence, 0..1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tone_confidence: Option<f32>,
    /// A computed tone's cues, as one line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tone_cues: Option<String>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub text_is_description: bool,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(expecting = "an author object with a name")]
pub struct AuthorFile {
    #[serde(default)]
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub handle: Option<String>,
}
