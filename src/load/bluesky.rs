//! Bluesky: an `app.bsky.feed.getPostThread` response: `thread` is a
//! `app.bsky.feed.defs#threadViewPost` (`post`, its `parent` chain upwards and its `replies`
//! nested downwards), or a `#notFoundPost` / `#blockedPost` in its place. A bare thread node is
//! read too.

use serde::Deserialize;

use super::bundle::{AuthorFile, BundleFile, PostFile};
use super::json::{Lenient, from_str_deep};
use super::text::{first_words, link_text, rfc3339};
use super::thread::{PostList, ThreadArticle, media_line, thread_bundle};
use super::{Ctx, LoadError};

#[derive(Debug, Default, Deserialize)]
struct Node {
    #[serde(rename = "$type")]
    #[serde(default)]
    kind: Lenient<String>,
    #[serde(default)]
    post: Option<PostView>,
    #[serde(default)]
    parent: Option<Box<Node>>,
    #[serde(deserialize_with = "super::json::null_as_empty")]
    #[serde(default)]
    replies: Vec<Node>,
    /// The response's wrapper: `{"thread": node}`.
    #[serde(default)]
    thread: Option<Box<Node>>,
    /// Set on `#notFoundPost` and `#blockedPost`.
    #[serde(default)]
    uri: Lenient<String>,
    #[serde(rename = "notFound")]
    #[serde(default)]
    not_found: Lenient<bool>,
    #[serde(default)]
    blocked: Lenient<bool>,
}

/// Threads nest as deep as they go, both ways: drop them without recursion.
impl Drop for Node {
    fn drop(&mut self) {
        let mut stack: Vec<Node> = std::mem::take(&mut self.replies);
        stack.extend(self.parent.take().map(|b| *b));
        stack.extend(self.thread.take().map(|b| *b));
        while let Some(mut n) = stack.pop() {
            stack.append(&mut n.replies);
            stack.extend(n.parent.take().map(|b| *b));
            stack.extend(n.thread.take().map(|b| *b));
        }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct PostView {
    uri: Lenient<String>,
    author: Profile,
    record: PostRecord,
    embed: Option<Embed>,
    #[serde(rename = "indexedAt")]
    indexed_at: Lenient<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Profile {
    did: Lenient<String>,
    handle: Lenient<String>,
    #[serde(rename = "displayName")]
    display_name: Lenient<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct PostRecord {
    text: Lenient<String>,
    #[serde(rename = "createdAt")]
    created_at: Lenient<String>,
    #[serde(deserialize_with = "super::json::null_as_empty")]
    facets: Vec<Facet>,
    reply: Option<ReplyRef>,
    /// The record's own embed, used when the post has no embed view.
    embed: Option<Embed>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct ReplyRef {
    parent: Option<StrongRef>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct StrongRef {
    uri: Lenient<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Facet {
    index: FacetIndex,
    #[serde(deserialize_with = "super::json::null_as_empty")]
    features: Vec<Feature>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct FacetIndex {
    #[serde(rename = "byteStart")]
    byte_start: Lenient<usize>,
    #[serde(rename = "byteEnd")]
    byte_end: Lenient<usize>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Feature {
    #[serde(rename = "$type")]
    kind: Lenient<String>,
    uri: Lenient<String>,
}

/// An embed view (`app.bsky.embed.*#view`) or a record's own embed, in one shape.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Embed {
    #[serde(rename = "$type")]
    kind: Lenient<String>,
    #[serde(deserialize_with = "super::json::null_as_empty")]
    images: Vec<Image>,
    external: Option<External>,
    record: Option<RecordView>,
    media: Option<Media>,
    alt: Lenient<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Media {
    #[serde(rename = "$type")]
    kind: Lenient<String>,
    #[serde(deserialize_with = "super::json::null_as_empty")]
    images: Vec<Image>,
    external: Option<External>,
    alt: Lenient<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Image {
    alt: Lenient<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct External {
    uri: Lenient<String>,
    title: Lenient<String>,
}

/// A quoted record: a `#viewRecord`, `#viewNotFound`, `#viewBlocked`, `#viewDetached`, a feed or
/// a list; for `recordWithMedia` it is wrapped once more in `record`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct RecordView {
    #[serde(rename = "$type")]
    kind: Lenient<String>,
    uri: Lenient<String>,
    author: Option<Profile>,
    value: Option<QuotedValue>,
    #[serde(rename = "notFound")]
    not_found: Lenient<bool>,
    blocked: Lenient<bool>,
    detached: Lenient<bool>,
    #[serde(rename = "displayName")]
    display_name: Lenient<String>,
    name: Lenient<String>,
    record: Option<InnerRecordView>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct InnerRecordView {
    #[serde(rename = "$type")]
    kind: Lenient<String>,
    uri: Lenient<String>,
    author: Option<Profile>,
    value: Option<QuotedValue>,
    #[serde(rename = "notFound")]
    not_found: Lenient<bool>,
    blocked: Lenient<bool>,
    detached: Lenient<bool>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct QuotedValue {
    text: Lenient<String>,
}

fn s(l: &Lenient<String>) -> Option<String> {
    l.get().filter(|s| !s.trim().is_empty()).cloned()
}

fn flag(l: &Lenient<bool>) -> bool {
    l.get().copied().unwrap_or(false)
}

pub(crate) fn read(ctx: &Ctx, text: &str) -> Result<BundleFile, LoadError> {
    let mut top: Node = from_str_deep(text).map_err(|e| ctx.json_error(text, &e))?;
    let mut focal = match top.thread.take() {
        Some(t) => *t,
        None => top,
    };
    if focal.post.is_none() && s(&focal.uri).is_none() && s(&focal.kind).is_none() {
        return Err(ctx.nothing("it has no `thread` with a post"));
    }
    let mut posts = PostList::default();

    // The parent chain, nearest first, then read from the root down.
    let mut ancestors: Vec<Node> = Vec::new();
    let mut cur = focal.parent.take();
    while let Some(mut p) = cur {
        cur = p.parent.take();
        ancestors.push(*p);
    }
    let mut above: Option<String> = None;
    for node in ancestors.iter_mut().rev() {
        let p = node_post(node, above.take());
        above = Some(p.id.clone());
        let replies = std::mem::take(&mut node.replies);
        let id = p.id.clone();
        posts.push(p);
        // Ancestors rarely carry their other replies; when they do, keep them.
        walk_replies(&mut posts, replies, &id);
    }
    let root = node_post(&focal, above);
    let root_id = root.id.clone();
    posts.push(root);
    walk_replies(&mut posts, std::mem::take(&mut focal.replies), &root_id);

    let article = ThreadArticle::default();
    Ok(thread_bundle(posts, article, |_| AuthorFile::default()))
}

/// Every reply under a post, depth first, without recursion.
fn walk_replies(posts: &mut PostList, replies: Vec<Node>, parent: &str) {
    let mut stack: Vec<(Node, String)> = replies
        .into_iter()
        .rev()
        .map(|n| (n, parent.to_string()))
        .collect();
    while let Some((mut node, parent)) = stack.pop() {
        let p = node_post(&node, Some(parent));
        let id = p.id.clone();
        posts.push(p);
        for child in std::mem::take(&mut node.replies).into_iter().rev() {
            stack.push((child, id.clone()));
        }
    }
}

/// A thread node as a post; `parent` is the node above it in the thread, when there is one.
fn node_post(node: &Node, parent: Option<String>) -> PostFile {
    let kind = s(&node.kind).unwrap_or_default();
    let Some(view) = &node.post else {
        let uri = s(&node.uri).unwrap_or_else(|| "unknown-post".into());
        let text = if kind.ends_with("#blockedPost") || flag(&node.blocked) {
            "This post is blocked: its author and the account that fetched the thread block \
             each other, so its text is not shown."
        } else if kind.ends_with("#notFoundPost") || flag(&node.not_found) {
            "This post was not found (it may have been deleted)."
        } else {
            "This post is not available."
        };
        return PostFile {
            id: uri,
            text: text.into(),
            in_reply_to: parent,
            text_is_description: true,
            ..Default::default()
        };
    };
    let uri = s(&view.uri).unwrap_or_else(|| "unknown-post".into());
    let handle = s(&view.author.handle);
    let mut text = with_links(
        &view.record.text.get().cloned().unwrap_or_default(),
        &view.record.facets,
    );
    let embed = view.embed.as_ref().or(view.record.embed.as_ref());
    if let Some(e) = embed {
        for line in embed_summary(e) {
            if !text.is_empty() {
                text.push_str("\n\n");
            }
            text.push_str(&line);
        }
    }
    let record_parent = view
        .record
        .reply
        .as_ref()
        .and_then(|r| r.parent.as_ref())
        .and_then(|p| s(&p.uri));
    PostFile {
        id: uri.clone(),
        author: AuthorFile {
            name: s(&view.author.display_name).unwrap_or_default(),
            handle: handle.clone(),
        },
        text,
        created_at: s(&view.record.created_at)
            .and_then(|t| rfc3339(&t))
            .or_else(|| s(&view.indexed_at).and_then(|t| rfc3339(&t))),
        url: web_url(&uri, handle.as_deref().or(s(&view.author.did).as_deref())),
        in_reply_to: parent.or(record_parent),
        ..Default::default()
    }
}

/// `at://DID/app.bsky.feed.post/KEY` as the address the web app shows it at.
fn web_url(uri: &str, who: Option<&str>) -> Option<String> {
    let rest = uri.strip_prefix("at://")?;
    let mut parts = rest.split('/');
    let did = parts.next()?;
    let collection = parts.next()?;
    let key = parts.next()?;
    if collection != "app.bsky.feed.post" || key.is_empty() {
        return None;
    }
    Some(format!(
        "https://bsky.app/profile/{}/post/{key}",
        who.unwrap_or(did)
    ))
}

/// The text with each link facet's address written out: facets index the text in UTF-8
/// bytes, and the app shows a shortened address (`example.com/some/lo...`) in their place.
fn with_links(text: &str, facets: &[Facet]) -> String {
    let mut links: Vec<(usize, usize, String)> = facets
        .iter()
        .filter_map(|f| {
            let start = *f.index.byte_start.get()?;
            let end = *f.index.byte_end.get()?;
            let uri = f.features.iter().find_map(|feat| {
                let kind = feat.kind.get()?;
                (kind == "app.bsky.richtext.facet#link")
                    .then(|| s(&feat.uri))
                    .flatten()
            })?;
            (start < end
                && end <= text.len()
                && text.is_char_boundary(start)
                && text.is_char_boundary(end))
            .then_some((start, end, uri))
        })
        .collect();
    links.sort_by_key(|l| l.0);
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (start, end, uri) in links {
        if start < at {
            continue; // overlapping facets: the first wins
        }
        out.push_str(&text[at..start]);
        out.push_str(&link_text(&text[start..end], &uri, None));
        at = end;
    }
    out.push_str(&text[at..]);
    out
}

fn base_type(kind: &Lenient<String>) -> String {
    let k = s(kind).unwrap_or_default();
    k.split('#').next().unwrap_or_default().to_string()
}

fn images_summary(kind: &str, images: &[Image], alt: &Lenient<String>) -> Vec<String> {
    if kind == "app.bsky.embed.video" {
        return vec![media_line("video", s(alt))];
    }
    images
        .iter()
        .map(|i| media_line("image", s(&i.alt)))
        .collect()
}

fn external_summary(e: &External) -> Option<String> {
    let uri = s(&e.uri)?;
    Some(match s(&e.title) {
        Some(t) => format!("[link: {} ({uri})]", t.trim()),
        None => format!("[link: {uri}]"),
    })
}

/// One line per attached thing: "[image: alt]", "[link: title (address)]", "[quoting …]".
fn embed_summary(e: &Embed) -> Vec<String> {
    let kind = base_type(&e.kind);
    let mut out = images_summary(&kind, &e.images, &e.alt);
    if let Some(x) = e.external.as_ref().and_then(external_summary) {
        out.push(x);
    }
    if let Some(m) = &e.media {
        out.extend(images_summary(&base_type(&m.kind), &m.images, &m.alt));
        if let Some(x) = m.external.as_ref().and_then(external_summary) {
            out.push(x);
        }
    }
    if let Some(r) = &e.record {
        let quoted = match &r.record {
            // recordWithMedia: the record view is wrapped once more.
            Some(inner)
                if kind == "app.bsky.embed.recordWithMedia"
                    || r.value.is_none() && s(&r.uri).is_none() =>
            {
                quote_summary(
                    &s(&inner.kind).unwrap_or_default(),
                    inner.author.as_ref(),
                    inner.value.as_ref(),
                    &inner.uri,
                    flag(&inner.not_found),
                    flag(&inner.blocked),
                    flag(&inner.detached),
                )
            }
            _ => {
                let k = s(&r.kind).unwrap_or_default();
                if k.ends_with("#generatorView") {
                    Some(format!(
                        "[feed: {}]",
                        s(&r.display_name).unwrap_or_default()
                    ))
                } else if k.ends_with("#listView") {
                    Some(format!("[list: {}]", s(&r.name).unwrap_or_default()))
                } else {
                    quote_summary(
                        &k,
                        r.author.as_ref(),
                        r.value.as_ref(),
                        &r.uri,
                        flag(&r.not_found),
                        flag(&r.blocked),
                        flag(&r.detached),
                    )
                }
            }
        };
        out.extend(quoted);
    }
    out
}

fn quote_summary(
    kind: &str,
    author: Option<&Profile>,
    value: Option<&QuotedValue>,
    uri: &Lenient<String>,
    not_found: bool,
    blocked: bool,
    detached: bool,
) -> Option<String> {
    if kind.ends_with("#viewNotFound") || not_found {
        return Some("[quoted post not found]".into());
    }
    if kind.ends_with("#viewBlocked") || blocked {
        return Some("[quoted post blocked]".into());
    }
    if kind.ends_with("#viewDetached") || detached {
        return Some("[quoted post removed by its author]".into());
    }
    let who = author.and_then(|a| {
        let handle = s(&a.handle).map(|h| format!("@{h}"));
        match (s(&a.display_name), handle) {
            (Some(n), Some(h)) => Some(format!("{} ({h})", n.trim())),
            (Some(n), None) => Some(n.trim().to_string()),
            (None, h) => h,
        }
    });
    let text = value.and_then(|v| s(&v.text)).map(|t| first_words(&t, 200));
    match (who, text) {
        (Some(w), Some(t)) => Some(format!("[quoting {w}: \u{201c}{t}\u{201d}]")),
        (Some(w), None) => Some(format!("[quoting a post by {w}]")),
        (None, Some(t)) => Some(format!("[quoting: \u{201c}{t}\u{201d}]")),
        (None, None) => s(uri).map(|u| format!("[quoting {u}]")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facet(start: usize, end: usize, uri: &str) -> Facet {
        Facet {
            index: FacetIndex {
                byte_start: Lenient(Some(start)),
                byte_end: Lenient(Some(end)),
            },
            features: vec![Feature {
                kind: Lenient(Some("app.bsky.richtext.facet#link".into())),
                uri: Lenient(Some(uri.into())),
            }],
        }
    }

    #[test]
    fn facets_count_bytes_not_characters() {
        // "café ✨ " is 10 bytes; the link text follows.
        let text = "café ✨ example.com/a/lo...";
        let start = "café ✨ ".len();
        let f = facet(start, text.len(), "https://example.com/a/long/path");
        assert_eq!(
            with_links(text, &[f]),
            "café ✨ https://example.com/a/long/path"
        );
        // Offsets that split a character are ignored rather than trusted.
        let bad = facet(4, 6, "https://example.com/");
        assert_eq!(with_links(text, &[bad]), text);
    }

    #[test]
    fn web_urls() {
        assert_eq!(
            web_url(
                "at://did:plc:abc/app.bsky.feed.post/3k2",
                Some("ana.example.com")
            )
            .as_deref(),
            Some("https://bsky.app/profile/ana.example.com/post/3k2")
        );
        assert_eq!(web_url("https://x", None), None);
    }
}
