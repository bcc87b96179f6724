//! Mastodon: a status (`GET /api/v1/statuses/:id`), its context
//! (`GET /api/v1/statuses/:id/context`: `ancestors` and `descendants`), an array of statuses, or
//! an object holding a status and its context (`{"status": …, "context": …}`, or the status's
//! own fields next to `ancestors` and `descendants`).
//!
//! Statuses are flat, so the JSON keeps serde_json's nesting limit: nothing here can recurse
//! deeply.

use std::fmt;

use serde::de::{self, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer};

use super::bundle::{AuthorFile, BundleFile, PostFile};
use super::json::{Id, Lenient};
use super::text::{html_to_text, rfc3339};
use super::thread::{PostList, ThreadArticle, media_line, thread_bundle};
use super::{Ctx, LoadError};

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Status {
    id: Option<Id>,
    uri: Lenient<String>,
    url: Lenient<String>,
    created_at: Lenient<String>,
    account: Option<Account>,
    content: Lenient<String>,
    spoiler_text: Lenient<String>,
    in_reply_to_id: Option<Id>,
    #[serde(deserialize_with = "super::json::null_as_empty")]
    media_attachments: Vec<Media>,
    poll: Option<Poll>,
    /// A boost: the boosted status is the post.
    reblog: Option<Box<Status>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Account {
    username: Lenient<String>,
    acct: Lenient<String>,
    display_name: Lenient<String>,
    url: Lenient<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Media {
    #[serde(rename = "type")]
    kind: Lenient<String>,
    description: Lenient<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Poll {
    #[serde(deserialize_with = "super::json::null_as_empty")]
    options: Vec<PollOption>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct PollOption {
    title: Lenient<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Context {
    #[serde(deserialize_with = "super::json::null_as_empty")]
    ancestors: Vec<Status>,
    #[serde(deserialize_with = "super::json::null_as_empty")]
    descendants: Vec<Status>,
}

/// An object: a status, a context, or both.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Object {
    #[serde(flatten)]
    own: Status,
    #[serde(flatten)]
    context: Context,
    status: Option<Status>,
    #[serde(rename = "context")]
    nested_context: Option<Context>,
}

enum Top {
    Array(Vec<Status>),
    Object(Box<Object>),
}

impl<'de> Deserialize<'de> for Top {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Top;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a status, a context, or an array of statuses")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Top, A::Error> {
                let mut out = Vec::new();
                while let Some(s) = seq.next_element()? {
                    out.push(s);
                }
                Ok(Top::Array(out))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Top, A::Error> {
                Ok(Top::Object(Box::new(Object::deserialize(
                    de::value::MapAccessDeserializer::new(map),
                )?)))
            }
        }
        d.deserialize_any(V)
    }
}

fn s(l: &Lenient<String>) -> Option<String> {
    l.get().filter(|s| !s.trim().is_empty()).cloned()
}

pub(crate) fn read(ctx: &Ctx, text: &str) -> Result<BundleFile, LoadError> {
    let top: Top = serde_json::from_str(text).map_err(|e| ctx.json_error(text, &e))?;
    let statuses: Vec<Status> = match top {
        Top::Array(list) => list,
        Top::Object(o) => {
            let o = *o;
            let mut list = o.context.ancestors;
            let (nested_anc, nested_desc) = match o.nested_context {
                Some(c) => (c.ancestors, c.descendants),
                None => (Vec::new(), Vec::new()),
            };
            list.extend(nested_anc);
            if o.own.id.is_some() {
                list.push(o.own);
            }
            if let Some(st) = o.status {
                list.push(st);
            }
            list.extend(o.context.descendants);
            list.extend(nested_desc);
            list
        }
    };
    let mut posts = PostList::default();
    for status in statuses {
        if let Some(p) = post(status) {
            posts.push(p);
        }
    }
    if posts.is_empty() {
        return Err(ctx.nothing("it holds no status"));
    }
    let article = ThreadArticle::default();
    Ok(thread_bundle(posts, article, |_| AuthorFile::default()))
}

fn post(mut status: Status) -> Option<PostFile> {
    // A boost shows the boosted status, in the place the boost had.
    let st = match status.reblog.take() {
        Some(b) => *b,
        None => status,
    };
    let Id(id) = st.id.clone()?;
    let mut text = s(&st.content).map(|c| html_to_text(&c)).unwrap_or_default();
    for m in &st.media_attachments {
        let kind = match m.kind.get().map(String::as_str) {
            Some("image") => "image",
            Some("gifv") => "GIF",
            Some("video") => "video",
            Some("audio") => "audio",
            _ => "attachment",
        };
        let item = media_line(kind, s(&m.description));
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        text.push_str(&item);
    }
    if let Some(poll) = &st.poll {
        let options: Vec<String> = poll.options.iter().filter_map(|o| s(&o.title)).collect();
        if !options.is_empty() {
            if !text.is_empty() {
                text.push_str("\n\n");
            }
            text.push_str(&format!("[poll: {}]", options.join(" / ")));
        }
    }
    if let Some(cw) = s(&st.spoiler_text) {
        text = format!("CW: {}\n\n{text}", cw.trim());
    }
    let author = match &st.account {
        Some(a) => {
            let mut handle = s(&a.acct).or_else(|| s(&a.username));
            // A local account's acct has no domain: take it from the profile's address.
            if let (Some(h), Some(url)) = (&handle, s(&a.url))
                && !h.contains('@')
                && let Some(host) = url.split('/').nth(2)
            {
                handle = Some(format!("{h}@{host}"));
            }
            AuthorFile {
                name: s(&a.display_name).unwrap_or_default(),
                handle,
            }
        }
        None => AuthorFile::default(),
    };
    Some(PostFile {
        id,
        author,
        text,
        created_at: s(&st.created_at).and_then(|t| rfc3339(&t)),
        url: s(&st.url).or_else(|| s(&st.uri)),
        in_reply_to: st.in_reply_to_id.clone().map(|Id(p)| p),
        ..Default::default()
    })
}
