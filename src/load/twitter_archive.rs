//! A Twitter archive's `data/tweets.js` (from Settings → Your account → Download an archive of
//! your data): `window.YTD.tweets.part0 = [ {"tweet": {…}}, … ]` (`window.YTD.tweet.part0` in
//! older archives). The same array saved as plain JSON is read too.
//!
//! The archive holds one account's tweets and does not name that account: the owner's handle
//! is known only where one of their tweets answers another of theirs in the file
//! (`in_reply_to_screen_name`).

use std::collections::HashSet;

use serde::Deserialize;

use super::bundle::{ArticleFile, AuthorFile, BlockFile, BundleFile, FORMAT, PostFile};
use super::json::{Id, Lenient};
use super::text::decode_entities;
use super::thread::PostList;
use super::{Ctx, LoadError};

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Entry {
    tweet: Option<Tweet>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Tweet {
    id_str: Lenient<String>,
    id: Option<Id>,
    full_text: Lenient<String>,
    text: Lenient<String>,
    created_at: Lenient<String>,
    in_reply_to_status_id_str: Lenient<String>,
    in_reply_to_screen_name: Lenient<String>,
    entities: Entities,
    extended_entities: Entities,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Entities {
    #[serde(deserialize_with = "super::json::null_as_empty")]
    urls: Vec<UrlEntity>,
    #[serde(deserialize_with = "super::json::null_as_empty")]
    media: Vec<MediaEntity>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct UrlEntity {
    url: Lenient<String>,
    expanded_url: Lenient<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct MediaEntity {
    url: Lenient<String>,
    #[serde(rename = "type")]
    kind: Lenient<String>,
}

fn s(l: &Lenient<String>) -> Option<String> {
    l.get().filter(|s| !s.trim().is_empty()).cloned()
}

/// `window.YTD.<name>.part<N> = ` (or any `a.b.c = `) before the JSON: a JavaScript
/// assignment, as the archive writes it.
pub fn looks_like_script(text: &str) -> bool {
    script_prefix(text).is_some()
}

/// The length in bytes of the assignment before the array, when there is one.
fn script_prefix(text: &str) -> Option<usize> {
    let trimmed = text.trim_start();
    let lead = text.len() - trimmed.len();
    let ident_end = trimmed
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '$' || c == '.'))
        .unwrap_or(trimmed.len());
    let ident = &trimmed[..ident_end];
    if ident.is_empty() || ident.starts_with(|c: char| c.is_ascii_digit()) || !ident.contains('.') {
        return None;
    }
    let after = &trimmed[ident_end..];
    let eq = after.len() - after.trim_start().len();
    after[eq..]
        .starts_with('=')
        .then_some(lead + ident_end + eq + 1)
}

pub(crate) fn read(ctx: &Ctx, text: &str) -> Result<BundleFile, LoadError> {
    let json = json_of(text);
    if !json.trim_start().starts_with('[') {
        let (line, column) =
            super::line_col(&text.as_bytes()[..json.len() - json.trim_start().len()]);
        return Err(ctx.shape_at(
            line,
            column,
            "expected `window.YTD.tweets.part0 = [` followed by the tweets",
        ));
    }
    let entries: Vec<Entry> = serde_json::from_str(&json).map_err(|e| ctx.json_error(&json, &e))?;
    let tweets: Vec<Tweet> = entries.into_iter().filter_map(|e| e.tweet).collect();
    if tweets.is_empty() {
        return Err(ctx.nothing("it holds no tweets"));
    }
    let ids: HashSet<String> = tweets.iter().filter_map(tweet_id).collect();
    // The owner: whoever a tweet answers when the tweet it answers is in the archive too.
    let owner = tweets.iter().find_map(|t| {
        let parent = s(&t.in_reply_to_status_id_str)?;
        ids.contains(&parent)
            .then(|| s(&t.in_reply_to_screen_name))
            .flatten()
    });
    let author = AuthorFile {
        // Not a name the archive gives, but what the reader should see when it gives none.
        name: if owner.is_some() {
            String::new()
        } else {
            "the archive's owner".into()
        },
        handle: owner.clone(),
    };
    let mut posts = PostList::default();
    for t in &tweets {
        if let Some(post) = post_of(t, &author, owner.as_deref()) {
            posts.push(post);
        }
    }
    // Archives list the newest first: read oldest first.
    posts.sort_by_time();
    Ok(bundle_of(posts.into_vec(), &ids, owner.as_deref()))
}

/// The archive's JSON: the `window.YTD.tweets.part0 =` assignment is blanked out rather than
/// cut off, so JSON errors keep the file's own line and column numbers.
fn json_of(text: &str) -> String {
    let Some(n) = script_prefix(text) else {
        return text.to_string();
    };
    let mut j: String = text[..n]
        .chars()
        .map(|c| if c == '\n' { '\n' } else { ' ' })
        .collect();
    j.push_str(&text[n..]);
    // A trailing semicolon ends the statement.
    match j.trim_end().strip_suffix(';') {
        Some(stripped) => stripped.to_string(),
        None => j,
    }
}

/// One tweet as a post: its links expanded, its media as `[image]`, `[video]` or `[GIF]` lines.
fn post_of(t: &Tweet, author: &AuthorFile, owner: Option<&str>) -> Option<PostFile> {
    let id = tweet_id(t)?;
    let mut text = decode_entities(&s(&t.full_text).or_else(|| s(&t.text)).unwrap_or_default());
    for u in &t.entities.urls {
        if let (Some(short), Some(long)) = (s(&u.url), s(&u.expanded_url)) {
            text = text.replace(&short, &long);
        }
    }
    let media: Vec<&MediaEntity> = if t.extended_entities.media.is_empty() {
        t.entities.media.iter().collect()
    } else {
        t.extended_entities.media.iter().collect()
    };
    let mut lines = Vec::new();
    for m in &media {
        if let Some(short) = s(&m.url) {
            text = text.replace(&short, "");
        }
        lines.push(match m.kind.get().map(String::as_str) {
            Some("video") => "[video]",
            Some("animated_gif") => "[GIF]",
            _ => "[image]",
        });
    }
    let mut text = text.trim().to_string();
    for l in lines {
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        text.push_str(l);
    }
    let url = match owner {
        Some(h) => format!("https://twitter.com/{h}/status/{id}"),
        None => format!("https://twitter.com/i/web/status/{id}"),
    };
    Some(PostFile {
        id,
        author: author.clone(),
        text,
        created_at: s(&t.created_at).and_then(|c| archive_time(&c)),
        url: Some(url),
        in_reply_to: s(&t.in_reply_to_status_id_str),
        ..Default::default()
    })
}

/// The bundle: an article that says what the archive is, quoting its first tweet that answers
/// nothing in it, and the tweets.
fn bundle_of(posts: Vec<PostFile>, ids: &HashSet<String>, owner: Option<&str>) -> BundleFile {
    let n = posts.len();
    let tweets = if n == 1 { "tweet" } else { "tweets" };
    let who = owner.map(|h| format!(" of @{h}")).unwrap_or_default();
    let mut blocks = vec![BlockFile::Paragraph {
        text: format!(
            "{n} {tweets} from a Twitter archive{who}, oldest first. A reply is shown under the \
             tweet it answers when that tweet is in the archive too; the archive does not hold \
             other people's tweets."
        ),
    }];
    if let Some(first) = posts
        .iter()
        .find(|p| p.in_reply_to.as_ref().is_none_or(|r| !ids.contains(r)))
    {
        blocks.push(BlockFile::Embed {
            post: first.id.clone(),
        });
    }
    BundleFile {
        format: Some(FORMAT.into()),
        article: ArticleFile {
            title: format!("Twitter archive{who}: {n} {tweets}"),
            outlet: None,
            author: None,
            published: None,
            url: None,
            blocks,
        },
        posts,
    }
}

fn tweet_id(t: &Tweet) -> Option<String> {
    s(&t.id_str).or_else(|| t.id.clone().map(|Id(i)| i))
}

/// "Sat Jul 07 18:03:00 +0000 2018", as the archive writes times, in RFC 3339.
fn archive_time(s: &str) -> Option<String> {
    let t = jiff::fmt::strtime::parse("%a %b %d %H:%M:%S %z %Y", s.trim()).ok()?;
    let ts = t.to_timestamp().ok()?;
    Some(ts.strftime("%Y-%m-%dT%H:%M:%SZ").to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes() {
        assert_eq!(script_prefix("window.YTD.tweets.part0 = []"), Some(25));
        assert_eq!(script_prefix("  window.YTD.tweet.part0=[]"), Some(25));
        assert_eq!(script_prefix("[1]"), None);
        assert_eq!(script_prefix("hello world"), None);
        assert_eq!(script_prefix("{\"a.b\": 1}"), None);
    }

    #[test]
    fn times() {
        assert_eq!(
            archive_time("Sat Jul 07 18:03:00 +0000 2018").as_deref(),
            Some("2018-07-07T18:03:00Z")
        );
        assert_eq!(archive_time("yesterday"), None);
    }
}
