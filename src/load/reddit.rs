//! Reddit: a thread's JSON (`https://www.reddit.com/r/SUB/comments/ID/SLUG.json`), an array of
//! two listings: the post (`t3`), then its comments (`t1`) with their replies nested in
//! `replies` (a listing, or `""` when there are none) and `more` stubs for what was not loaded.
//! A single listing of comments is read too.

use std::fmt;

use serde::de::{self, IgnoredAny, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};

use super::bundle::{AuthorFile, BundleFile, PostFile};
use super::json::{Lenient, dismantle, from_str_deep};
use super::text::{decode_entities, unix_to_rfc3339};
use super::thread::{PostList, ThreadArticle, thread_bundle};
use super::{Ctx, LoadError};

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Listing {
    data: ListingData,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct ListingData {
    #[serde(deserialize_with = "super::json::null_as_empty")]
    children: Vec<Thing>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Thing {
    kind: String,
    data: ThingData,
}

/// The fields of a post (`t3`), a comment (`t1`) and a `more` stub, in one shape.
#[derive(Debug, Default, Deserialize)]
struct ThingData {
    #[serde(default)]
    id: Lenient<String>,
    #[serde(default)]
    name: Lenient<String>,
    #[serde(default)]
    author: Lenient<String>,
    #[serde(default)]
    title: Lenient<String>,
    #[serde(default)]
    selftext: Lenient<String>,
    #[serde(default)]
    body: Lenient<String>,
    #[serde(default)]
    url: Lenient<String>,
    #[serde(default)]
    is_self: Lenient<bool>,
    #[serde(default)]
    permalink: Lenient<String>,
    #[serde(default)]
    subreddit_name_prefixed: Lenient<String>,
    #[serde(default)]
    created_utc: Lenient<f64>,
    #[serde(default)]
    parent_id: Lenient<String>,
    #[serde(default)]
    replies: Replies,
    /// `more`: how many replies were not loaded, and their ids.
    #[serde(default)]
    count: Lenient<u64>,
    #[serde(deserialize_with = "super::json::null_as_empty")]
    #[serde(default)]
    children: Vec<Lenient<String>>,
}

/// A comment's replies: a listing, or `""` (or `null`) when there are none.
#[derive(Debug, Default)]
struct Replies(Vec<Thing>);

impl<'de> Deserialize<'de> for Replies {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Replies;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a listing of replies or \"\"")
            }
            fn visit_str<E>(self, _: &str) -> Result<Replies, E> {
                Ok(Replies(Vec::new()))
            }
            fn visit_unit<E>(self) -> Result<Replies, E> {
                Ok(Replies(Vec::new()))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Replies, A::Error> {
                let listing = Listing::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(Replies(listing.data.children))
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Replies, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(Replies(Vec::new()))
            }
        }
        d.deserialize_any(V)
    }
}

/// Replies nest as deep as the thread: drop them without recursion.
impl Drop for ThingData {
    fn drop(&mut self) {
        dismantle(std::mem::take(&mut self.replies.0), |t| {
            std::mem::take(&mut t.data.replies.0)
        });
    }
}

/// The top level: `[post listing, comment listing]`, or one listing.
#[derive(Debug)]
struct Top(Vec<Listing>);

impl<'de> Deserialize<'de> for Top {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Top;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an array of two listings (the post, then the comments) or a listing")
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Top, A::Error> {
                let mut out = Vec::new();
                while let Some(l) = seq.next_element()? {
                    out.push(l);
                }
                Ok(Top(out))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Top, A::Error> {
                Ok(Top(vec![Listing::deserialize(
                    de::value::MapAccessDeserializer::new(map),
                )?]))
            }
        }
        d.deserialize_any(V)
    }
}

fn s(l: &Lenient<String>) -> Option<String> {
    l.get().filter(|s| !s.is_empty()).cloned()
}

pub(crate) fn read(ctx: &Ctx, text: &str) -> Result<BundleFile, LoadError> {
    read_with_more(ctx, text).map(|(bundle, _)| bundle)
}

/// A "more replies" stub as read: the row that stands for it in the bundle, the post it sits
/// under, and the ids of the comments it stands for (which `/api/morechildren` loads).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct MoreStub {
    pub row: String,
    pub parent: Option<String>,
    pub children: Vec<String>,
    /// How many replies it stands for (its nested ones included, when Reddit says).
    pub count: usize,
}

/// The text of a stub's row.
pub(crate) fn more_text(n: usize) -> String {
    match n {
        0 => "More replies continue in another thread on Reddit (not loaded)".into(),
        1 => "1 more reply not loaded".into(),
        n => format!("{n} more replies not loaded"),
    }
}

/// [`read`], also giving every "more replies" stub, in the order of their rows.
pub(crate) fn read_with_more(
    ctx: &Ctx,
    text: &str,
) -> Result<(BundleFile, Vec<MoreStub>), LoadError> {
    let top: Top = from_str_deep(text).map_err(|e| ctx.json_error(text, &e))?;
    let mut posts = PostList::default();
    let mut stubs = Vec::new();
    let mut article = ThreadArticle::default();
    let mut more_count = 0usize;
    // Depth-first, children in order: each comment right after the one it answers.
    let mut stack: Vec<(Thing, Option<String>)> = Vec::new();
    for listing in top.0.into_iter().rev() {
        let mut listing = listing;
        for thing in std::mem::take(&mut listing.data.children).into_iter().rev() {
            stack.push((thing, None));
        }
    }
    while let Some((mut thing, parent)) = stack.pop() {
        let id = thing_id(&thing);
        let d = &mut thing.data;
        let in_reply_to = s(&d.parent_id).or(parent);
        match thing.kind.as_str() {
            "t3" => posts.push(link_post(d, id, &mut article)),
            "more" => {
                more_count += 1;
                let (post, stub) = more_post(d, id, in_reply_to, more_count);
                stubs.push(stub);
                posts.push(post);
            }
            _ => {
                let Some(id) = id else { continue };
                posts.push(comment_post(d, id.clone(), in_reply_to));
                for reply in std::mem::take(&mut d.replies.0).into_iter().rev() {
                    stack.push((reply, Some(id.clone())));
                }
            }
        }
    }
    if posts.is_empty() {
        return Err(ctx.nothing("it holds no post and no comment"));
    }
    Ok((
        thread_bundle(posts, article, |_| AuthorFile::default()),
        stubs,
    ))
}

/// A thing's full name (`t1_abc`), from its name or its kind and id.
fn thing_id(thing: &Thing) -> Option<String> {
    let d = &thing.data;
    s(&d.name).or_else(|| {
        let kind = if thing.kind.is_empty() {
            "t1"
        } else {
            &thing.kind
        };
        s(&d.id).map(|id| format!("{kind}_{id}"))
    })
}

/// The link post (`t3`): its text, or its link, and the thread's title, subreddit and date
/// for the article when it is the first.
fn link_post(d: &ThingData, id: Option<String>, article: &mut ThreadArticle) -> PostFile {
    let link = s(&d.url).filter(|_| !d.is_self.get().copied().unwrap_or(true));
    let (mut body, text_is_description) =
        removed_body(decode_entities(&s(&d.selftext).unwrap_or_default()), "post");
    if let Some(link) = &link {
        if !body.is_empty() {
            body.push_str("\n\n");
        }
        body.push_str(link);
    }
    let url = s(&d.permalink).map(|p| permalink(&p));
    if article.title.is_none() {
        article.title = s(&d.title).map(|t| decode_entities(&t));
        article.outlet = s(&d.subreddit_name_prefixed);
        article.url = url.clone();
        article.published = d.created_utc.get().and_then(|&t| unix_to_rfc3339(t));
    }
    PostFile {
        id: id.unwrap_or_else(|| "t3".into()),
        author: author(&d.author),
        text: body,
        text_is_description,
        created_at: d.created_utc.get().and_then(|&t| unix_to_rfc3339(t)),
        url,
        in_reply_to: None,
        ..Default::default()
    }
}

/// A "more replies" stub: a row saying how many replies are not in the file, and what is
/// needed to fetch them.
fn more_post(
    d: &ThingData,
    id: Option<String>,
    in_reply_to: Option<String>,
    nth: usize,
) -> (PostFile, MoreStub) {
    let n = d
        .count
        .get()
        .map_or(d.children.len(), |&c| c as usize)
        .max(d.children.len());
    let row = format!("more-{nth}-{}", id.unwrap_or_default());
    let stub = MoreStub {
        row: row.clone(),
        parent: in_reply_to.clone(),
        children: d.children.iter().filter_map(s).collect(),
        count: n,
    };
    let post = PostFile {
        id: row,
        author: AuthorFile {
            name: "more replies".into(),
            handle: None,
        },
        text: more_text(n),
        in_reply_to,
        text_is_description: true,
        ..Default::default()
    };
    (post, stub)
}

fn comment_post(d: &ThingData, id: String, in_reply_to: Option<String>) -> PostFile {
    let (text, text_is_description) =
        removed_body(decode_entities(&s(&d.body).unwrap_or_default()), "comment");
    PostFile {
        id,
        author: author(&d.author),
        text,
        text_is_description,
        created_at: d.created_utc.get().and_then(|&t| unix_to_rfc3339(t)),
        url: s(&d.permalink).map(|p| permalink(&p)),
        in_reply_to,
        ..Default::default()
    }
}

/// Reddit's stand-ins for the text of a comment or post, `[deleted]` (by its author),
/// `[removed]` (by moderators) and `[ Removed by Reddit ]`, become a description of what
/// happened: they are not the author's words, so they get no tone and are marked as described.
/// `what` is "comment" or "post".
fn removed_body(body: String, what: &str) -> (String, bool) {
    let by = match body.trim().to_ascii_lowercase().as_str() {
        "[deleted]" => "deleted",
        "[removed]" => "removed",
        "[ removed by reddit ]" | "[removed by reddit]" => "removed by Reddit",
        _ => return (body, false),
    };
    (format!("This {what} was {by}."), true)
}

fn author(a: &Lenient<String>) -> AuthorFile {
    AuthorFile {
        name: s(a).unwrap_or_else(|| "[deleted]".into()),
        handle: None,
    }
}

fn permalink(p: &str) -> String {
    if p.starts_with("http") {
        p.to_string()
    } else {
        format!("https://www.reddit.com{p}")
    }
}
