//! Embedded posts on a page: tweets (blockquotes, iframes, status links), each read into a
//! post with what the page shows of it, or marked unavailable when it shows nothing.

use super::*;

/// Texts a page shows in place of a tweet that is gone.
pub(super) fn says_unavailable(text: &str) -> bool {
    let t = text.trim().to_lowercase();
    if t.chars().count() > 160 {
        return false;
    }
    let subject = [
        "this tweet",
        "this post",
        "tweet unavailable",
        "this tweet is unavailable",
    ]
    .iter()
    .any(|s| t.starts_with(s));
    let gone = [
        "deleted",
        "unavailable",
        "no longer available",
        "removed",
        "does not exist",
    ]
    .iter()
    .any(|g| t.contains(g));
    subject && gone
}

pub(super) const UNAVAILABLE: &str = "This post is unavailable: the page shows no text for it (it may \
                           have been deleted, or was shown in a frame the page did not keep).";

pub(super) const DELETED: &str =
    "This post is unavailable: the page says it may have been deleted.";

pub(super) struct Found {
    /// The element the embed is (its outermost wrapper is found later).
    pub(super) node: NodeId,
    pub(super) post: PostFile,
}

pub(super) fn has_class(e: &scraper::node::Element, class: &str) -> bool {
    e.classes().any(|c| c == class)
}

/// Every embed in the page, in document order; an embed inside another is part of it.
pub(super) fn find_embeds(doc: &Html) -> Vec<Found> {
    let mut out = Vec::new();
    let mut stack: Vec<NodeRef<Node>> = vec![doc.tree.root()];
    let mut synthetic = 0usize;
    while let Some(node) = stack.pop() {
        if let Some(el) = ElementRef::wrap(node) {
            let e = el.value();
            if is_hidden(e.name()) && e.name() != "iframe" {
                continue;
            }
            if let Some(post) = embed_post(el, &mut synthetic) {
                out.push(Found {
                    node: node.id(),
                    post,
                });
                continue;
            }
        }
        stack.extend(node.children().rev());
    }
    out
}

/// The post an element embeds, if it is an embed.
pub(super) fn embed_post(el: ElementRef, synthetic: &mut usize) -> Option<PostFile> {
    if let Some(post) = service_embed(el, synthetic) {
        return Some(post);
    }
    let e = el.value();
    let tweety = has_class(e, "twitter-tweet") || has_class(e, "twitter-video");
    if e.name() == "blockquote" && tweety {
        return Some(tweet_blockquote(el, synthetic));
    }
    let tweet_id = e.attr("data-tweet-id").map(str::to_string).or_else(|| {
        (e.name() == "iframe")
            .then(|| iframe_tweet_id(e.attr("src")?))
            .flatten()
    });
    if tweety || tweet_id.is_some() || has_class(e, "twitter-tweet-rendered") {
        // A rendered embed: the words were in the frame, which a saved page does not keep.
        let id = tweet_id
            .or_else(|| descendant_tweet_id(el))
            .or_else(|| status_link(el).map(|l| l.id));
        let text = short_text(el).unwrap_or_default();
        let why = if says_unavailable(&text) {
            DELETED
        } else {
            UNAVAILABLE
        };
        return Some(unavailable(id, el, why, synthetic));
    }
    if matches!(
        e.name(),
        "p" | "div" | "span" | "figure" | "blockquote" | "section" | "aside"
    ) && has_own_text(el)
    {
        let text = short_text(el).unwrap_or_default();
        if says_unavailable(&text) {
            let id = descendant_tweet_id(el).or_else(|| status_link(el).map(|l| l.id));
            return Some(unavailable(id, el, DELETED, synthetic));
        }
    }
    None
}

/// Whether the element holds words itself, not only inside its children: a notice is the
/// innermost element that says it.
pub(super) fn has_own_text(el: ElementRef) -> bool {
    el.children()
        .any(|c| matches!(c.value(), Node::Text(t) if !t.trim().is_empty()))
}

/// The element's text, when it is short enough to be a notice (`None` when it is longer). It
/// stops reading as soon as the text is too long, so checking every element of a page costs
/// little even when they nest deep.
pub(super) fn short_text(el: ElementRef) -> Option<String> {
    const LIMIT: usize = 200;
    let mut out = String::new();
    for t in el.text() {
        out.push_str(t);
        if out.len() > LIMIT {
            return None;
        }
    }
    Some(out)
}

pub(super) fn unavailable(
    id: Option<String>,
    el: ElementRef,
    why: &str,
    synthetic: &mut usize,
) -> PostFile {
    let link = status_link(el);
    let id = id.unwrap_or_else(|| {
        *synthetic += 1;
        format!("unavailable-embed-{synthetic}")
    });
    let url = link
        .as_ref()
        .filter(|l| l.id == id)
        .map(|l| l.url.clone())
        .or_else(|| {
            id.bytes()
                .all(|b| b.is_ascii_digit())
                .then(|| format!("https://twitter.com/i/web/status/{id}"))
        });
    PostFile {
        id,
        author: AuthorFile {
            name: String::new(),
            handle: link.and_then(|l| l.handle),
        },
        text: why.into(),
        url,
        text_is_description: true,
        ..Default::default()
    }
}

pub(super) fn iframe_tweet_id(src: &str) -> Option<String> {
    if !src.contains("twitter.com") && !src.contains("x.com") {
        return None;
    }
    let query = src.split_once('?')?.1;
    query.split('&').find_map(|kv| {
        let (k, v) = kv.split_once('=')?;
        (k == "id" && !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit())).then(|| v.to_string())
    })
}

pub(super) fn descendant_tweet_id(el: ElementRef) -> Option<String> {
    el.descendants().filter_map(ElementRef::wrap).find_map(|d| {
        d.value()
            .attr("data-tweet-id")
            .map(str::to_string)
            .or_else(|| iframe_tweet_id(d.value().attr("src")?))
    })
}

pub(super) struct StatusLink {
    pub(super) id: String,
    pub(super) handle: Option<String>,
    pub(super) url: String,
}

/// The last link to a tweet (`…/HANDLE/status/ID`, also `statuses/`) inside the element.
pub(super) fn status_link(el: ElementRef) -> Option<StatusLink> {
    el.descendants()
        .filter_map(ElementRef::wrap)
        .filter_map(|a| a.value().attr("href"))
        .filter_map(parse_status_url)
        .last()
}

pub(super) fn parse_status_url(href: &str) -> Option<StatusLink> {
    let clean = href.split(['?', '#']).next().unwrap_or(href).trim();
    let path = clean
        .strip_prefix("https://")
        .or_else(|| clean.strip_prefix("http://"))
        .or_else(|| clean.strip_prefix("//"))?;
    let mut parts = path.split('/');
    let host = parts.next()?.to_lowercase();
    let host = host
        .strip_prefix("www.")
        .unwrap_or(&host)
        .strip_prefix("mobile.")
        .unwrap_or(&host)
        .to_string();
    if !matches!(host.as_str(), "twitter.com" | "x.com") {
        return None;
    }
    let segs: Vec<&str> = parts.filter(|s| !s.is_empty()).collect();
    let at = segs
        .iter()
        .position(|s| *s == "status" || *s == "statuses")?;
    let id = segs.get(at + 1)?;
    if id.is_empty() || !id.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let handle = at
        .checked_sub(1)
        .and_then(|i| segs.get(i))
        .filter(|h| !matches!(**h, "i" | "web" | "#!"))
        .map(|h| h.to_string());
    Some(StatusLink {
        id: id.to_string(),
        handle,
        url: clean.to_string(),
    })
}

/// The standard embed markup: the tweet's paragraphs, then "— Name (@handle) date".
pub(super) fn tweet_blockquote(el: ElementRef, synthetic: &mut usize) -> PostFile {
    let link = status_link(el);
    let paragraphs: Vec<ElementRef> = el
        .children()
        .filter_map(ElementRef::wrap)
        .filter(|c| c.value().name() == "p")
        .collect();
    let with_lang: Vec<ElementRef> = paragraphs
        .iter()
        .copied()
        .filter(|p| p.value().attr("lang").is_some() || p.value().attr("dir").is_some())
        .collect();
    let body: Vec<ElementRef> = if with_lang.is_empty() {
        paragraphs
            .iter()
            .copied()
            .filter(|p| !starts_with_dash(&p.text().collect::<String>()))
            .collect()
    } else {
        with_lang
    };
    let body_ids: Vec<NodeId> = body.iter().map(|p| p.id()).collect();
    let mut texts = Vec::new();
    for p in &body {
        let mut b = TextBuilder::default();
        node_text(**p, &mut b, true);
        let t = b.finish();
        if !t.is_empty() {
            texts.push(t);
        }
    }
    let text = texts.join("\n\n");
    // The attribution: everything in the blockquote that is not the tweet's paragraphs.
    let mut rest = String::new();
    let mut stack: Vec<NodeRef<Node>> = el.children().rev().collect();
    while let Some(n) = stack.pop() {
        if body_ids.contains(&n.id()) {
            continue;
        }
        match n.value() {
            Node::Text(t) => rest.push_str(t),
            Node::Element(e) if !is_hidden(e.name()) => {
                if e.name() == "p" || e.name() == "br" {
                    rest.push(' ');
                }
                stack.extend(n.children().rev());
            }
            _ => {}
        }
    }
    let attribution = parse_attribution(&rest);
    let handle = attribution
        .handle
        .clone()
        .or_else(|| link.as_ref().and_then(|l| l.handle.clone()));
    let id = link.as_ref().map(|l| l.id.clone()).unwrap_or_else(|| {
        *synthetic += 1;
        format!("embed-{synthetic}")
    });
    let (text, described) = if text.trim().is_empty() {
        (UNAVAILABLE.to_string(), true)
    } else if says_unavailable(&text) {
        (DELETED.to_string(), true)
    } else {
        (text, false)
    };
    PostFile {
        id,
        author: AuthorFile {
            name: attribution.name.unwrap_or_default(),
            handle,
        },
        text,
        created_at: attribution.date,
        url: link.map(|l| l.url),
        text_is_description: described,
        ..Default::default()
    }
}

pub(super) fn starts_with_dash(s: &str) -> bool {
    s.trim_start().starts_with(['\u{2014}', '\u{2013}', '-'])
}

pub(super) struct Attribution {
    pub(super) name: Option<String>,
    pub(super) handle: Option<String>,
    pub(super) date: Option<String>,
}

/// "— Name (@handle) July 7, 2018": the dash may be any dash, the date in any language (only
/// English dates are read; others are left out rather than guessed).
pub(super) fn parse_attribution(s: &str) -> Attribution {
    let flat = s.split_whitespace().collect::<Vec<_>>().join(" ");
    let t = flat.trim_start_matches(['\u{2014}', '\u{2013}', '-', ' ']);
    let (name, handle, after) = match t.rfind("(@") {
        Some(i) => {
            let close = t[i..].find(')').map(|j| i + j);
            let handle = close
                .map(|c| t[i + 2..c].trim().to_string())
                .filter(|h| !h.is_empty());
            let after = close.map_or("", |c| &t[c + 1..]);
            (t[..i].trim().to_string(), handle, after)
        }
        None => (t.trim().to_string(), None, ""),
    };
    Attribution {
        name: (!name.is_empty()).then_some(name),
        handle,
        date: english_date(after.trim()),
    }
}

/// "July 7, 2018" as 2018-07-07.
pub(super) fn english_date(s: &str) -> Option<String> {
    const MONTHS: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let words: Vec<String> = s
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    if words.len() != 3 {
        return None;
    }
    let month = MONTHS
        .iter()
        .position(|m| *m == words[0] || m.get(..3) == Some(words[0].trim_end_matches('.')))?
        + 1;
    let day: u8 = words[1].parse().ok()?;
    let year: i16 = words[2].parse().ok()?;
    let date = jiff::civil::Date::new(year, month as i8, day as i8).ok()?;
    Some(date.to_string())
}

// ---------------------------------------------------------------------------------------------
// Markers

/// What the page shows of a post whose words were in a frame it did not keep; the words come
/// with the post's conversation when the page is opened from its link.
const IN_A_FRAME: &str = "The page shows this post in a frame and does not carry its words; \
                          opened from the page's link, chorus fetches them with its replies.";

/// A Bluesky, Mastodon or Reddit post embedded with its service's own markup, with the
/// address its conversation is fetched from when the page is opened from a link.
fn service_embed(el: ElementRef, synthetic: &mut usize) -> Option<PostFile> {
    let e = el.value();
    if has_class(e, "bluesky-embed") {
        bluesky_embed(el, synthetic)
    } else if has_class(e, "mastodon-embed") {
        mastodon_embed(el)
    } else if e.name() == "blockquote"
        && (has_class(e, "reddit-embed-bq") || has_class(e, "reddit-card"))
    {
        reddit_embed(el)
    } else {
        None
    }
}

/// `<blockquote class="bluesky-embed" data-bluesky-uri="at://DID/app.bsky.feed.post/RKEY">`,
/// laid out as a tweet's: the post's paragraph, then "— Name (@handle) date".
fn bluesky_embed(el: ElementRef, synthetic: &mut usize) -> Option<PostFile> {
    let uri = el.value().attr("data-bluesky-uri")?.trim();
    let rest = uri.strip_prefix("at://")?;
    let (did, rkey) = rest.split_once("/app.bsky.feed.post/")?;
    if did.is_empty() || rkey.is_empty() || rkey.contains('/') {
        return None;
    }
    let mut post = tweet_blockquote(el, synthetic);
    post.id = uri.to_string();
    post.url = Some(format!("https://bsky.app/profile/{did}/post/{rkey}"));
    if post.text_is_description {
        post.text = IN_A_FRAME.into();
    }
    Some(post)
}

/// `<iframe class="mastodon-embed" src="https://HOST/@user/ID/embed">`, or the blockquote form
/// with `data-embed-url` or a link to the post.
fn mastodon_embed(el: ElementRef) -> Option<PostFile> {
    let e = el.value();
    let links = selector("a[href]");
    let candidates = [e.attr("src"), e.attr("data-embed-url")]
        .into_iter()
        .flatten()
        .map(str::to_string)
        .chain(
            el.select(&links)
                .filter_map(|a| a.value().attr("href").map(str::to_string)),
        );
    let url = candidates.filter_map(|u| mastodon_status_url(&u)).next()?;
    let (user, handle_host) = {
        let after = url.split_once("://")?.1;
        let (host, path) = after.split_once('/')?;
        let user = path.strip_prefix('@')?.split('/').next()?.to_string();
        (user, host.to_string())
    };
    Some(PostFile {
        id: url.split_once("://")?.1.to_string(),
        author: AuthorFile {
            name: String::new(),
            handle: Some(format!("{user}@{handle_host}")),
        },
        text: IN_A_FRAME.into(),
        url: Some(url),
        text_is_description: true,
        ..Default::default()
    })
}

/// `https://HOST/@user/ID` from an embed or post address (`.../embed`, a query, a fragment).
fn mastodon_status_url(url: &str) -> Option<String> {
    let url = url.split(['?', '#']).next()?.trim_end_matches('/');
    let url = url.strip_suffix("/embed").unwrap_or(url);
    let (scheme, after) = url.split_once("://")?;
    if !matches!(scheme, "http" | "https") {
        return None;
    }
    let (host, path) = after.split_once('/')?;
    let mut parts = path.split('/');
    let (user, id) = (parts.next()?, parts.next()?);
    let ok = !host.is_empty()
        && user.len() > 1
        && user.starts_with('@')
        && !id.is_empty()
        && id.bytes().all(|b| b.is_ascii_digit())
        && parts.next().is_none();
    ok.then(|| format!("{scheme}://{host}/{user}/{id}"))
}

/// `<blockquote class="reddit-embed-bq">`: a link to the thread (its title), and "by u/NAME".
fn reddit_embed(el: ElementRef) -> Option<PostFile> {
    let links = selector("a[href]");
    let links: Vec<ElementRef> = el.select(&links).collect();
    let (thread, id) = links.iter().find_map(|a| {
        let href = a.value().attr("href")?;
        let url = href.split(['?', '#']).next()?;
        let after = url.split_once("/comments/")?.1;
        let id = after.split('/').next().filter(|id| !id.is_empty())?;
        id.bytes()
            .all(|b| b.is_ascii_alphanumeric())
            .then(|| (*a, (url.to_string(), id.to_string())))
    })?;
    let (url, id) = id;
    let title = thread.text().collect::<String>().trim().to_string();
    let user = links.iter().find_map(|a| {
        let href = a.value().attr("href")?;
        let name = href.split("/user/").nth(1)?.split('/').next()?;
        (!name.is_empty()).then(|| format!("u/{name}"))
    });
    Some(PostFile {
        id: format!("t3_{id}"),
        author: AuthorFile {
            name: user.clone().unwrap_or_default(),
            handle: None,
        },
        text: if title.is_empty() {
            IN_A_FRAME.into()
        } else {
            title.clone()
        },
        text_is_description: title.is_empty(),
        url: Some(url),
        ..Default::default()
    })
}
