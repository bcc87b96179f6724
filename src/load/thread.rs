//! Building a bundle from a conversation: the posts in order, each once, and an article made
//! from the thread's root when the input has no article of its own.

use std::collections::{HashMap, HashSet};

use super::bundle::{ArticleFile, AuthorFile, BlockFile, BundleFile, FORMAT, PostFile};
use super::text::first_words;

/// Posts in the order they are read, each id once: a post seen again (an overlapping page, a
/// status in both a context and an array) keeps its first place; its later copy only fills
/// what the first one lacked.
#[derive(Default)]
pub struct PostList {
    posts: Vec<PostFile>,
    index: HashMap<String, usize>,
}

impl PostList {
    pub fn push(&mut self, post: PostFile) {
        match self.index.get(&post.id) {
            Some(&i) => {
                let first = &mut self.posts[i];
                if first.text_is_description && !post.text_is_description {
                    // An unavailable placeholder met the real post: keep the real words.
                    first.text = post.text;
                    first.text_is_description = false;
                    if first.author.name.is_empty() {
                        first.author = post.author;
                    }
                }
                if first.in_reply_to.is_none() {
                    first.in_reply_to = post.in_reply_to;
                }
                if first.created_at.is_none() {
                    first.created_at = post.created_at;
                }
                if first.url.is_none() {
                    first.url = post.url;
                }
            }
            None => {
                self.index.insert(post.id.clone(), self.posts.len());
                self.posts.push(post);
            }
        }
    }

    pub fn contains(&self, id: &str) -> bool {
        self.index.contains_key(id)
    }

    pub fn is_empty(&self) -> bool {
        self.posts.is_empty()
    }

    /// Sorts by time, oldest first, keeping the read order among posts with the same time or
    /// none (APIs that list newest first read better as a conversation).
    pub fn sort_by_time(&mut self) {
        // Times are RFC 3339; compare them as instants, not as text with their offsets.
        let key = |p: &PostFile| p.created_at.as_deref().and_then(seconds);
        let mut keyed: Vec<(Option<i64>, PostFile)> =
            self.posts.drain(..).map(|p| (key(&p), p)).collect();
        // Posts without a time keep their place relative to the one before them.
        let mut last = i64::MIN;
        for (k, _) in keyed.iter_mut() {
            match k {
                Some(t) => last = *t,
                None => *k = Some(last),
            }
        }
        keyed.sort_by_key(|(k, _)| *k);
        self.posts = keyed.into_iter().map(|(_, p)| p).collect();
        self.index = self
            .posts
            .iter()
            .enumerate()
            .map(|(i, p)| (p.id.clone(), i))
            .collect();
    }

    pub fn into_vec(self) -> Vec<PostFile> {
        self.posts
    }
}

/// Seconds since the epoch of an RFC 3339 time, or of a date's midnight UTC.
fn seconds(s: &str) -> Option<i64> {
    if let Ok(t) = s.parse::<jiff::Timestamp>() {
        return Some(t.as_second());
    }
    let d: jiff::civil::Date = s.parse().ok()?;
    jiff::tz::Offset::UTC
        .to_timestamp(d.to_datetime(jiff::civil::Time::midnight()))
        .ok()
        .map(|t| t.as_second())
}

/// A placeholder for a post the input does not hold (deleted, not fetched), so the replies to it
/// still read as replies. Its text says so; it never invents words.
pub fn missing_post(id: &str, author: AuthorFile, why: &str) -> PostFile {
    PostFile {
        id: id.to_string(),
        author,
        text: why.to_string(),
        text_is_description: true,
        ..Default::default()
    }
}

/// One attachment as a line of the post's text: "[image: its alt text]", or "[image]" when it
/// has none. `kind` is the reader's word for it ("image", "GIF", "video", ...).
pub fn media_line(kind: &str, alt: Option<String>) -> String {
    match alt {
        Some(a) => format!("[{kind}: {}]", a.trim()),
        None => format!("[{kind}]"),
    }
}

/// What the article of a thread-only input is made of.
#[derive(Debug, Default)]
pub struct ThreadArticle {
    /// The thread's own title (a Reddit or Hacker News story), if it has one.
    pub title: Option<String>,
    pub outlet: Option<String>,
    pub url: Option<String>,
    pub published: Option<String>,
    /// A paragraph before the root post (a Hacker News link story's address, ...).
    pub intro: Option<String>,
}

/// A bundle for a conversation with no article: the first post that answers nothing in the
/// file is the article. Its title is the thread's own (a Reddit or Hacker News story) or the
/// root's author and first words; its body is the root post itself, embedded, so it reads as the
/// post and is quoted once, not twice.
///
/// When every post answers one that is not in the file (a Twitter search result lacks the
/// post that started the conversation), a placeholder for the first missing parent stands in
/// for it, so the thread still has a root: `placeholder_author` names its author when known.
pub fn thread_bundle(
    posts: PostList,
    article: ThreadArticle,
    placeholder_author: impl FnOnce(&str) -> AuthorFile,
) -> BundleFile {
    let mut posts = posts.into_vec();
    let ids: HashSet<&str> = posts.iter().map(|p| p.id.as_str()).collect();
    let is_root = |p: &PostFile| match p.in_reply_to.as_deref() {
        None => true,
        Some(parent) => !ids.contains(parent) || parent == p.id,
    };
    let has_true_root = posts.iter().any(|p| p.in_reply_to.is_none());
    let first_missing = if has_true_root {
        None
    } else {
        posts
            .iter()
            .find(|p| is_root(p))
            .and_then(|p| p.in_reply_to.clone())
    };
    drop(ids);
    if let Some(missing) = first_missing {
        let author = placeholder_author(&missing);
        posts.insert(
            0,
            missing_post(
                &missing,
                author,
                "The post this conversation answers is not in the file (it may have been \
                 deleted, or was not fetched).",
            ),
        );
    }
    let root = posts.iter().find(|p| p.in_reply_to.is_none()).map(|p| {
        (
            p.id.clone(),
            p.author.clone(),
            p.text.clone(),
            p.text_is_description,
        )
    });
    let mut blocks = Vec::new();
    if let Some(intro) = article.intro.filter(|s| !s.trim().is_empty()) {
        blocks.push(BlockFile::Paragraph { text: intro });
    }
    let title = match (&article.title, &root) {
        (Some(t), _) if !t.trim().is_empty() => t.clone(),
        (_, Some((_, author, text, described))) => title_of(author, text, *described),
        _ => String::new(),
    };
    if let Some((id, _, _, _)) = root {
        blocks.push(BlockFile::Embed { post: id });
    }
    BundleFile {
        format: Some(FORMAT.to_string()),
        article: ArticleFile {
            title,
            outlet: article.outlet,
            author: None,
            published: article.published,
            url: article.url,
            blocks,
        },
        posts,
    }
}

/// A thread's title from its first post: who wrote it and its first words, or what became of
/// it when its text says so.
fn title_of(author: &AuthorFile, text: &str, described: bool) -> String {
    let who = if !author.name.trim().is_empty() {
        author.name.trim().to_string()
    } else if let Some(h) = author.handle.as_deref().filter(|h| !h.trim().is_empty()) {
        format!("@{}", h.trim().trim_start_matches('@'))
    } else {
        "unknown".to_string()
    };
    let words = first_words(text, 80);
    if described {
        // The root's text says what became of it: not a title.
        if who == "unknown" {
            "Replies to a post that is not in the file".to_string()
        } else {
            format!("Replies to a post by {who}")
        }
    } else if words.is_empty() {
        who
    } else {
        format!("{who}: {words}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn post(id: &str, parent: Option<&str>, text: &str) -> PostFile {
        PostFile {
            id: id.into(),
            in_reply_to: parent.map(Into::into),
            text: text.into(),
            author: AuthorFile {
                name: "Ana".into(),
                handle: None,
            },
            ..Default::default()
        }
    }

    fn no_article() -> ThreadArticle {
        ThreadArticle::default()
    }

    #[test]
    fn the_root_is_the_article_and_duplicates_are_kept_once() {
        let mut list = PostList::default();
        list.push(post("a", None, "Hello there, everyone"));
        list.push(post("b", Some("a"), "hi"));
        list.push(post("a", None, "again"));
        let b = thread_bundle(list, no_article(), |_| AuthorFile::default());
        assert_eq!(b.posts.len(), 2);
        assert_eq!(b.posts[0].text, "Hello there, everyone");
        assert_eq!(b.article.title, "Ana: Hello there, everyone");
        assert_eq!(b.article.blocks, [BlockFile::Embed { post: "a".into() }]);
    }

    #[test]
    fn a_rootless_thread_gets_a_placeholder_root() {
        let mut list = PostList::default();
        list.push(post("b", Some("a"), "one"));
        list.push(post("c", Some("a"), "two"));
        let b = thread_bundle(list, no_article(), |id| AuthorFile {
            name: format!("author of {id}"),
            handle: None,
        });
        assert_eq!(b.posts[0].id, "a");
        assert!(b.posts[0].text_is_description);
        assert_eq!(b.posts[0].author.name, "author of a");
        assert_eq!(b.article.blocks, [BlockFile::Embed { post: "a".into() }]);
    }
}
