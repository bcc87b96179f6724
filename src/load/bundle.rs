//! The native chorus bundle, format `chorus/1`: the serde shape of the file, and its conversion
//! into a [`crate::model::Document`]. See docs/format.md.

use std::borrow::Cow;

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

/// A post as the builder reads it: [`PostFile`]'s fields, borrowed from the input where they
/// can be (a string without escapes is used where it lies, not copied first).
#[derive(Debug, Default, Deserialize)]
pub struct PostRef<'a> {
    #[serde(borrow)]
    pub id: Cow<'a, str>,
    #[serde(default, borrow)]
    pub author: AuthorRef<'a>,
    #[serde(default, borrow)]
    pub text: Cow<'a, str>,
    #[serde(default, borrow, deserialize_with = "borrowed_opt")]
    pub created_at: Option<Cow<'a, str>>,
    #[serde(default, borrow, deserialize_with = "borrowed_opt")]
    pub url: Option<Cow<'a, str>>,
    #[serde(default, borrow, deserialize_with = "borrowed_opt")]
    pub in_reply_to: Option<Cow<'a, str>>,
    #[serde(default, borrow, deserialize_with = "borrowed_opt")]
    pub tone: Option<Cow<'a, str>>,
    #[serde(default, borrow, deserialize_with = "borrowed_opt")]
    pub tone_source: Option<Cow<'a, str>>,
    #[serde(default)]
    pub tone_confidence: Option<f32>,
    #[serde(default, borrow, deserialize_with = "borrowed_opt")]
    pub tone_cues: Option<Cow<'a, str>>,
    #[serde(default)]
    pub text_is_description: bool,
}

#[derive(Debug, Default, Deserialize)]
pub struct AuthorRef<'a> {
    #[serde(default, borrow)]
    pub name: Cow<'a, str>,
    #[serde(default, borrow, deserialize_with = "borrowed_opt")]
    pub handle: Option<Cow<'a, str>>,
}

/// An optional string, borrowed when it can be (serde's `Option<Cow<str>>` always copies).
fn borrowed_opt<'de: 'a, 'a, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<Option<Cow<'a, str>>, D::Error> {
    #[derive(Deserialize)]
    struct Borrowed<'a>(#[serde(borrow)] Cow<'a, str>);
    Ok(Option::<Borrowed>::deserialize(d)?.map(|b| b.0))
}

impl PostFile {
    /// This post as the builder reads it, borrowing every string.
    pub fn borrowed(&self) -> PostRef<'_> {
        PostRef {
            id: Cow::Borrowed(&self.id),
            author: AuthorRef {
                name: Cow::Borrowed(&self.author.name),
                handle: borrow(&self.author.handle),
            },
            text: Cow::Borrowed(&self.text),
            created_at: borrow(&self.created_at),
            url: borrow(&self.url),
            in_reply_to: borrow(&self.in_reply_to),
            tone: borrow(&self.tone),
            tone_source: borrow(&self.tone_source),
            tone_confidence: self.tone_confidence,
            tone_cues: borrow(&self.tone_cues),
            text_is_description: self.text_is_description,
        }
    }
}

/// An optional string, borrowed.
pub(crate) fn borrow(s: &Option<String>) -> Option<Cow<'_, str>> {
    s.as_deref().map(Cow::Borrowed)
}
