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
    #[serde(default, deserialize_with = "bounded_posts")]
    pub posts: Vec<PostFile>,
}

/// What a bundle with too many posts fails with, to be told from other errors.
pub(crate) const TOO_MANY_POSTS: &str = "chorus: more posts than MAX_POSTS";

/// The posts, refusing more than [`super::MAX_POSTS`] as soon as the count passes it rather
/// than after all of them are in memory.
fn bounded_posts<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<PostFile>, D::Error> {
    d.deserialize_seq(Posts {
        max: super::MAX_POSTS,
    })
}

/// A sequence of at most `max` posts.
struct Posts {
    max: usize,
}

impl<'de> serde::de::Visitor<'de> for Posts {
    type Value = Vec<PostFile>;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a sequence")
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut posts = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        while let Some(post) = seq.next_element()? {
            if posts.len() == self.max {
                return Err(serde::de::Error::custom(TOO_MANY_POSTS));
            }
            posts.push(post);
        }
        Ok(posts)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserializer;

    #[test]
    fn posts_past_the_limit_stop_the_read_at_once() {
        let posts = |json: &str, max| {
            serde_json::Deserializer::from_str(json).deserialize_seq(Posts { max })
        };
        let three = r#"[{"id": "a"}, {"id": "b"}, {"id": "c"}]"#;
        assert_eq!(posts(three, 3).unwrap().len(), 3);
        let e = posts(three, 2).unwrap_err();
        assert!(e.to_string().starts_with(TOO_MANY_POSTS), "{e}");
        // Found at the third post, before the rest of the file is read.
        assert_eq!((e.line(), e.column()), (1, 39));
        let e = posts("null", 2).unwrap_err();
        assert!(e.to_string().contains("expected a sequence"), "{e}");
    }
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
