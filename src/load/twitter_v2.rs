//! Twitter API v2: the result of a conversation search
//! (`GET /2/tweets/search/recent?query=conversation_id:ID` with
//! `tweet.fields=author_id,created_at,conversation_id,in_reply_to_user_id,referenced_tweets,entities`
//! and `expansions=author_id,referenced_tweets.id`), or a tweet lookup: `data` (a tweet or a
//! list), `includes.users`, `includes.tweets`, `includes.media`, and `errors` for referenced
//! tweets that no longer exist. Several pages may follow each other as JSON Lines.
//!
//! Tweets are flat, so the JSON keeps serde_json's nesting limit.

use std::collections::HashMap;

use serde::Deserialize;

use super::bundle::{AuthorFile, BundleFile, PostFile};
use super::json::{Id, Lenient};
use super::text::{decode_entities, rfc3339};
use super::thread::{PostList, ThreadArticle, media_line, missing_post, thread_bundle};
use super::{Ctx, LoadError};

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Page {
    #[serde(deserialize_with = "super::json::one_or_many")]
    data: Vec<Tweet>,
    includes: Includes,
    #[serde(deserialize_with = "super::json::null_as_empty")]
    errors: Vec<ApiError>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Includes {
    #[serde(deserialize_with = "super::json::null_as_empty")]
    users: Vec<User>,
    #[serde(deserialize_with = "super::json::null_as_empty")]
    tweets: Vec<Tweet>,
    #[serde(deserialize_with = "super::json::null_as_empty")]
    media: Vec<MediaItem>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Tweet {
    id: Option<Id>,
    text: Lenient<String>,
    author_id: Option<Id>,
    created_at: Lenient<String>,
    in_reply_to_user_id: Option<Id>,
    #[serde(deserialize_with = "super::json::null_as_empty")]
    referenced_tweets: Vec<Reference>,
    entities: Option<Entities>,
    attachments: Option<Attachments>,
    /// A long post: its full text and entities.
    note_tweet: Option<NoteTweet>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct NoteTweet {
    text: Lenient<String>,
    entities: Option<Entities>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Reference {
    #[serde(rename = "type")]
    kind: Lenient<String>,
    id: Option<Id>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Entities {
    #[serde(deserialize_with = "super::json::null_as_empty")]
    urls: Vec<UrlEntity>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct UrlEntity {
    url: Lenient<String>,
    expanded_url: Lenient<String>,
    display_url: Lenient<String>,
    media_key: Lenient<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Attachments {
    #[serde(deserialize_with = "super::json::null_as_empty")]
    media_keys: Vec<Lenient<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct MediaItem {
    media_key: Lenient<String>,
    #[serde(rename = "type")]
    kind: Lenient<String>,
    alt_text: Lenient<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct User {
    id: Option<Id>,
    name: Lenient<String>,
    username: Lenient<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct ApiError {
    resource_type: Lenient<String>,
    resource_id: Lenient<String>,
    value: Lenient<String>,
    title: Lenient<String>,
    detail: Lenient<String>,
}

fn s(l: &Lenient<String>) -> Option<String> {
    l.get().filter(|s| !s.trim().is_empty()).cloned()
}

pub(crate) fn read(ctx: &Ctx, text: &str) -> Result<BundleFile, LoadError> {
    // One document, or JSON Lines of pages: read values until the end.
    let mut pages: Vec<Page> = Vec::new();
    let stream = serde_json::Deserializer::from_str(text).into_iter::<Page>();
    for page in stream {
        pages.push(page.map_err(|e| ctx.json_error(text, &e))?);
    }
    let (users, media) = includes(&pages);
    let mut posts = PostList::default();
    let mut missing: Vec<(String, String)> = Vec::new();
    let mut errors_seen = Vec::new();
    for page in &pages {
        // The conversation's tweets, then the tweets they reference (the post they answer,
        // often the conversation's first post).
        for t in page.data.iter().chain(&page.includes.tweets) {
            if let Some(p) = post(t, &users, &media) {
                posts.push(p);
            }
        }
        for e in &page.errors {
            let id = s(&e.resource_id).or_else(|| s(&e.value));
            if let (Some(id), Some("tweet")) = (id, e.resource_type.get().map(String::as_str)) {
                let why = s(&e.detail).or_else(|| s(&e.title)).unwrap_or_default();
                missing.push((id, why));
            }
            errors_seen.push(s(&e.title).or_else(|| s(&e.detail)).unwrap_or_default());
        }
    }
    if posts.is_empty() {
        let detail = match errors_seen.first() {
            Some(e) if !e.is_empty() => format!("it holds no tweets (the API answered: {e})"),
            _ => "it holds no tweets".to_string(),
        };
        return Err(ctx.nothing(detail));
    }
    // Tweets the API reported gone, where something here answers them.
    let mut placeholders = Vec::new();
    for (id, _) in &missing {
        if !posts.contains(id) {
            placeholders.push(missing_post(
                id,
                AuthorFile::default(),
                "This post is unavailable: the API reports it does not exist (it may have been \
                 deleted).",
            ));
        }
    }
    for p in placeholders {
        posts.push(p);
    }
    // Search results come newest first: a conversation reads oldest first.
    posts.sort_by_time();
    let root_author = root_authors(&pages, &users);
    let article = ThreadArticle::default();
    Ok(thread_bundle(posts, article, |id| {
        root_author.get(id).cloned().unwrap_or_default()
    }))
}

/// The users and media the pages include, by id and media key.
fn includes(pages: &[Page]) -> (HashMap<String, AuthorFile>, HashMap<String, String>) {
    let mut users: HashMap<String, AuthorFile> = HashMap::new();
    let mut media: HashMap<String, String> = HashMap::new();
    for p in pages {
        for u in &p.includes.users {
            if let Some(Id(id)) = &u.id {
                users.entry(id.clone()).or_insert_with(|| AuthorFile {
                    name: s(&u.name).unwrap_or_default(),
                    handle: s(&u.username),
                });
            }
        }
        for m in &p.includes.media {
            if let Some(key) = s(&m.media_key) {
                let kind = match m.kind.get().map(String::as_str) {
                    Some("photo") => "image",
                    Some("animated_gif") => "GIF",
                    Some("video") => "video",
                    _ => "attachment",
                };
                media
                    .entry(key)
                    .or_insert_with(|| media_line(kind, s(&m.alt_text)));
            }
        }
    }
    (users, media)
}

/// The post that started the conversation is not returned by a conversation search: its
/// author is known from the replies that answer it.
fn root_authors(
    pages: &[Page],
    users: &HashMap<String, AuthorFile>,
) -> HashMap<String, AuthorFile> {
    let mut root_author: HashMap<String, AuthorFile> = HashMap::new();
    for page in pages {
        for t in page.data.iter().chain(&page.includes.tweets) {
            if let (Some(parent), Some(Id(user))) = (replied_to(t), &t.in_reply_to_user_id)
                && let Some(a) = users.get(user)
            {
                root_author.entry(parent).or_insert_with(|| a.clone());
            }
        }
    }
    root_author
}

fn replied_to(t: &Tweet) -> Option<String> {
    t.referenced_tweets
        .iter()
        .find(|r| r.kind.get().map(String::as_str) == Some("replied_to"))
        .and_then(|r| r.id.clone())
        .map(|Id(id)| id)
}

fn post(
    t: &Tweet,
    users: &HashMap<String, AuthorFile>,
    media: &HashMap<String, String>,
) -> Option<PostFile> {
    let Id(id) = t.id.clone()?;
    let (raw, entities) = match &t.note_tweet {
        Some(n) if s(&n.text).is_some() => (s(&n.text).unwrap_or_default(), n.entities.as_ref()),
        _ => (
            t.text.get().cloned().unwrap_or_default(),
            t.entities.as_ref(),
        ),
    };
    let mut text = decode_entities(&raw);
    let mut media_lines: Vec<String> = Vec::new();
    if let Some(e) = entities {
        for u in &e.urls {
            let Some(short) = s(&u.url) else { continue };
            let is_media = s(&u.media_key).is_some()
                || s(&u.display_url).is_some_and(|d| {
                    d.starts_with("pic.twitter.com") || d.starts_with("pic.x.com")
                });
            let replacement = if is_media {
                String::new()
            } else {
                s(&u.expanded_url).unwrap_or_else(|| short.clone())
            };
            text = text.replace(&short, &replacement);
        }
    }
    if let Some(a) = &t.attachments {
        for key in &a.media_keys {
            if let Some(line) = s(key).and_then(|k| media.get(&k)) {
                media_lines.push(line.clone());
            }
        }
    }
    let mut text = text.trim().to_string();
    for line in media_lines {
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        text.push_str(&line);
    }
    let author = t
        .author_id
        .as_ref()
        .and_then(|Id(a)| users.get(a))
        .cloned()
        .unwrap_or_default();
    let url = match author.handle.as_deref() {
        Some(h) => format!("https://twitter.com/{h}/status/{id}"),
        None => format!("https://twitter.com/i/web/status/{id}"),
    };
    Some(PostFile {
        id,
        author,
        text,
        created_at: s(&t.created_at).and_then(|c| rfc3339(&c)),
        url: Some(url),
        in_reply_to: replied_to(t),
        ..Default::default()
    })
}
