//! Hacker News: an item from the Algolia API (`https://hn.algolia.com/api/v1/items/ID`), the
//! story (or comment) with every reply nested in `children`; `text` is HTML.

use serde::Deserialize;

use super::bundle::{AuthorFile, BundleFile, PostFile};
use super::json::{Id, Lenient, dismantle, from_str_deep};
use super::text::{html_to_text, rfc3339, unix_to_rfc3339};
use super::thread::{PostList, ThreadArticle, thread_bundle};
use super::{Ctx, LoadError};

#[derive(Debug, Default, Deserialize)]
struct Item {
    #[serde(default)]
    id: Option<Id>,
    #[serde(default)]
    created_at: Lenient<String>,
    #[serde(default)]
    created_at_i: Lenient<f64>,
    #[serde(rename = "type")]
    #[serde(default)]
    kind: Lenient<String>,
    #[serde(default)]
    author: Lenient<String>,
    #[serde(default)]
    title: Lenient<String>,
    #[serde(default)]
    url: Lenient<String>,
    #[serde(default)]
    text: Lenient<String>,
    #[serde(default)]
    parent_id: Option<Id>,
    #[serde(deserialize_with = "super::json::null_as_empty")]
    #[serde(default)]
    children: Vec<Item>,
}

/// Replies nest as deep as the thread: drop them without recursion.
impl Drop for Item {
    fn drop(&mut self) {
        dismantle(std::mem::take(&mut self.children), |i| {
            std::mem::take(&mut i.children)
        });
    }
}

fn s(l: &Lenient<String>) -> Option<String> {
    l.get().filter(|s| !s.trim().is_empty()).cloned()
}

pub(crate) fn read(ctx: &Ctx, text: &str) -> Result<BundleFile, LoadError> {
    let root: Item = from_str_deep(text).map_err(|e| ctx.json_error(text, &e))?;
    if root.id.is_none() {
        return Err(ctx.shape_at(1, 1, "the item has no `id`"));
    }
    let mut article = ThreadArticle {
        title: s(&root.title),
        outlet: Some("Hacker News".into()),
        ..Default::default()
    };
    let mut posts = PostList::default();
    let mut stack: Vec<(Item, Option<String>)> = vec![(root, None)];
    let mut first = true;
    while let Some((mut item, parent)) = stack.pop() {
        let Some(Id(id)) = item.id.clone() else {
            continue;
        };
        let created_at = s(&item.created_at)
            .and_then(|t| rfc3339(&t))
            .or_else(|| item.created_at_i.get().and_then(|&t| unix_to_rfc3339(t)));
        let link = s(&item.url);
        let mut body = s(&item.text).map(|t| html_to_text(&t)).unwrap_or_default();
        // A deleted comment comes with no author and no text: say so, as a description.
        let deleted = item.author.get().is_none()
            && body.is_empty()
            && item.kind.get().is_none_or(|k| k == "comment");
        if deleted {
            body = "This comment was deleted.".into();
        }
        if first {
            first = false;
            article.url = link.clone();
            article.published = created_at.clone();
            if let Some(l) = &link {
                if !body.is_empty() {
                    body.push_str("\n\n");
                }
                body.push_str(l);
            }
        }
        let in_reply_to = parent.or_else(|| item.parent_id.clone().map(|Id(p)| p));
        posts.push(PostFile {
            id: id.clone(),
            author: AuthorFile {
                name: s(&item.author).unwrap_or_else(|| "[deleted]".into()),
                handle: None,
            },
            text: body,
            text_is_description: deleted,
            created_at,
            url: Some(format!("https://news.ycombinator.com/item?id={id}")),
            in_reply_to,
            ..Default::default()
        });
        for child in std::mem::take(&mut item.children).into_iter().rev() {
            stack.push((child, Some(id.clone())));
        }
    }
    Ok(thread_bundle(posts, article, |_| AuthorFile::default()))
}
