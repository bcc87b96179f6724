//! A saved article page with embedded tweets ("Save page as…", or the HTML a site serves).
//!
//! The embeds are found first, with scraper, anywhere in the page: the standard
//! `<blockquote class="twitter-tweet">` markup (text in `p[lang][dir]`, then "— Name (@handle)"
//! and a link to `…/status/ID`), embeds the widget already rendered into an iframe
//! (`data-tweet-id`), and "this tweet may have been deleted" placeholders. Each embed is then
//! replaced by a marker paragraph and the page goes through a readability extractor
//! (dom_smoothie, a port of Mozilla's Readability), so the article body comes out without
//! navigation, ads and comments, and each marker is turned back into the embed where it stood.
//! When the extractor fails or drops a marker, the body is taken with a simpler rule instead:
//! the page's `<article>` (or `main`, or the body) widened to hold every embed, less its
//! navigation, asides and forms.

use std::collections::HashMap;

use ego_tree::{NodeId, NodeRef};
use scraper::node::Text;
use scraper::{ElementRef, Html, Node, Selector};

use super::bundle::{ArticleFile, AuthorFile, BlockFile, BundleFile, FORMAT, PostFile};
use super::text::{TextBuilder, is_hidden, node_text, rfc3339};
use super::thread::PostList;
use super::{Ctx, LoadError};

/// The words a marker paragraph carries. Long enough, with commas, that the extractor scores
/// it as text rather than dropping it as a stub.
const MARKER: &str = "chorusembedmarker";

fn marker_text(n: usize) -> String {
    format!(
        "{MARKER}{n:05}x, an embedded post stood here in the page, and chorus keeps its place, \
         so the post is shown where the article quotes it."
    )
}

/// Texts a page shows in place of a tweet that is gone.
fn says_unavailable(text: &str) -> bool {
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

const UNAVAILABLE: &str = "This post is unavailable: the page shows no text for it (it may \
                           have been deleted, or was shown in a frame the page did not keep).";
const DELETED: &str = "This post is unavailable: the page says it may have been deleted.";

struct Found {
    /// The element the embed is (its outermost wrapper is found later).
    node: NodeId,
    post: PostFile,
}

pub(crate) fn read(ctx: &Ctx, text: &str) -> Result<BundleFile, LoadError> {
    let text = super::nesting::cap_nesting(text, super::nesting::MAX_NESTING);
    let mut doc = Html::parse_document(&text);
    let meta = Metadata::read(&doc);
    let found = find_embeds(&doc);

    // Each embed's post, once; each embed's place, once (a page that shows the same tweet twice
    // quotes it once, where it first appears).
    let mut posts = PostList::default();
    let mut markers: HashMap<String, String> = HashMap::new();
    let mut replaced: Vec<(NodeId, Option<usize>)> = Vec::new();
    for (n, f) in found.into_iter().enumerate() {
        let first = !posts.contains(&f.post.id);
        let id = f.post.id.clone();
        posts.push(f.post);
        if first {
            markers.insert(format!("{MARKER}{n:05}x"), id);
            replaced.push((f.node, Some(n)));
        } else {
            replaced.push((f.node, None));
        }
    }
    replace_with_markers(&mut doc, &replaced);

    // The extractor's cost grows with the square of the page's depth: a page nested deeper
    // than any real article is taken by the simpler rule.
    let from_readability = if depth(&doc) <= MAX_READABLE_DEPTH {
        readability_blocks(&doc.html(), meta.url.as_deref(), &markers)
    } else {
        None
    };
    let (blocks, extracted) = match from_readability {
        Some(r) if all_markers_kept(&r.blocks, markers.len()) => (r.blocks, Some(r.meta)),
        _ => (fallback_blocks(&doc, &markers), None),
    };
    let mut blocks = blocks;

    let extracted = extracted.unwrap_or_default();
    let title = meta.title.clone().or(extracted.title).unwrap_or_default();
    // The headline is the title: it is not repeated as the first heading.
    if let Some(BlockFile::Heading { text }) = blocks.first()
        && squash(text) == squash(&title)
    {
        blocks.remove(0);
    }
    // Nor is the byline, which the page may print as a paragraph of its own.
    let author = meta.author.clone().or(extracted.author.clone());
    if let Some(a) = &author {
        let a = squash(a);
        blocks.retain(|b| match b {
            BlockFile::Paragraph { text } => {
                let t = squash(text);
                t != a && t != format!("by {a}")
            }
            _ => true,
        });
    }
    if blocks.is_empty() && posts.is_empty() {
        return Err(ctx.nothing("no article text and no embedded posts were found in it"));
    }
    Ok(BundleFile {
        format: Some(FORMAT.into()),
        article: ArticleFile {
            title,
            outlet: meta.outlet.or(extracted.outlet),
            author,
            published: meta.published.or(extracted.published),
            url: meta.url,
            blocks,
        },
        posts: posts.into_vec(),
    })
}

/// Deeper than any real article page (they nest some tens of elements deep).
const MAX_READABLE_DEPTH: usize = 256;

/// How deep the page's elements nest, counted without recursion.
fn depth(doc: &Html) -> usize {
    let mut deepest = 0;
    let mut stack = vec![(doc.tree.root(), 0usize)];
    while let Some((node, d)) = stack.pop() {
        deepest = deepest.max(d);
        stack.extend(node.children().map(|c| (c, d + 1)));
    }
    deepest
}

fn squash(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

fn all_markers_kept(blocks: &[BlockFile], n: usize) -> bool {
    blocks
        .iter()
        .filter(|b| matches!(b, BlockFile::Embed { .. }))
        .count()
        == n
}

// ---------------------------------------------------------------------------------------------
// Metadata

#[derive(Default)]
struct Metadata {
    title: Option<String>,
    outlet: Option<String>,
    author: Option<String>,
    published: Option<String>,
    url: Option<String>,
}

fn selector(s: &str) -> Selector {
    // The selectors here are constants; one that does not parse matches nothing.
    Selector::parse(s)
        .unwrap_or_else(|_| Selector::parse("chorus-never").expect("a tag name parses"))
}

impl Metadata {
    fn read(doc: &Html) -> Metadata {
        let meta = |sel: &str| {
            doc.select(&selector(sel))
                .filter_map(|e| e.attr("content"))
                .map(|c| c.split_whitespace().collect::<Vec<_>>().join(" "))
                .find(|c| !c.is_empty())
        };
        let text_of = |sel: &str| {
            doc.select(&selector(sel))
                .map(|e| {
                    e.text()
                        .collect::<String>()
                        .split_whitespace()
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .find(|t| !t.is_empty())
        };
        let title = meta("meta[property='og:title']")
            .or_else(|| meta("meta[name='twitter:title']"))
            .or_else(|| text_of("h1"))
            .or_else(|| text_of("title"));
        let published = meta("meta[property='article:published_time']")
            .or_else(|| meta("meta[itemprop='datePublished']"))
            .or_else(|| {
                doc.select(&selector("time[datetime]"))
                    .filter_map(|e| e.attr("datetime"))
                    .map(str::to_string)
                    .next()
            })
            .and_then(|t| time_or_date(&t));
        let url = doc
            .select(&selector("link[rel='canonical']"))
            .filter_map(|e| e.attr("href"))
            .map(|h| h.trim().to_string())
            .find(|h| h.starts_with("http"))
            .or_else(|| meta("meta[property='og:url']"));
        Metadata {
            title,
            outlet: meta("meta[property='og:site_name']"),
            author: meta("meta[name='author']").or_else(|| {
                meta("meta[property='article:author']").filter(|a| !a.starts_with("http"))
            }),
            published,
            url,
        }
    }
}

/// An RFC 3339 time, or the day alone when the page gives a time without an offset.
fn time_or_date(s: &str) -> Option<String> {
    rfc3339(s).or_else(|| {
        let day = s.trim().get(..10)?;
        rfc3339(day)
    })
}

// ---------------------------------------------------------------------------------------------
// Embeds

fn has_class(e: &scraper::node::Element, class: &str) -> bool {
    e.classes().any(|c| c == class)
}

/// Every embed in the page, in document order; an embed inside another is part of it.
fn find_embeds(doc: &Html) -> Vec<Found> {
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
fn embed_post(el: ElementRef, synthetic: &mut usize) -> Option<PostFile> {
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
fn has_own_text(el: ElementRef) -> bool {
    el.children()
        .any(|c| matches!(c.value(), Node::Text(t) if !t.trim().is_empty()))
}

/// The element's text, when it is short enough to be a notice (`None` when it is longer). It
/// stops reading as soon as the text is too long, so checking every element of a page costs
/// little even when they nest deep.
fn short_text(el: ElementRef) -> Option<String> {
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

fn unavailable(id: Option<String>, el: ElementRef, why: &str, synthetic: &mut usize) -> PostFile {
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

fn iframe_tweet_id(src: &str) -> Option<String> {
    if !src.contains("twitter.com") && !src.contains("x.com") {
        return None;
    }
    let query = src.split_once('?')?.1;
    query.split('&').find_map(|kv| {
        let (k, v) = kv.split_once('=')?;
        (k == "id" && !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit())).then(|| v.to_string())
    })
}

fn descendant_tweet_id(el: ElementRef) -> Option<String> {
    el.descendants().filter_map(ElementRef::wrap).find_map(|d| {
        d.value()
            .attr("data-tweet-id")
            .map(str::to_string)
            .or_else(|| iframe_tweet_id(d.value().attr("src")?))
    })
}

struct StatusLink {
    id: String,
    handle: Option<String>,
    url: String,
}

/// The last link to a tweet (`…/HANDLE/status/ID`, also `statuses/`) inside the element.
fn status_link(el: ElementRef) -> Option<StatusLink> {
    el.descendants()
        .filter_map(ElementRef::wrap)
        .filter_map(|a| a.value().attr("href"))
        .filter_map(parse_status_url)
        .last()
}

fn parse_status_url(href: &str) -> Option<StatusLink> {
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
fn tweet_blockquote(el: ElementRef, synthetic: &mut usize) -> PostFile {
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

fn starts_with_dash(s: &str) -> bool {
    s.trim_start().starts_with(['\u{2014}', '\u{2013}', '-'])
}

struct Attribution {
    name: Option<String>,
    handle: Option<String>,
    date: Option<String>,
}

/// "— Name (@handle) July 7, 2018": the dash may be any dash, the date in any language (only
/// English dates are read; others are left out rather than guessed).
fn parse_attribution(s: &str) -> Attribution {
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
fn english_date(s: &str) -> Option<String> {
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

/// Replaces each embed (with the wrappers that hold nothing else) by a marker paragraph; a
/// repeated embed (`None`) is removed.
fn replace_with_markers(doc: &mut Html, embeds: &[(NodeId, Option<usize>)]) {
    let template = Html::parse_fragment("<p></p>");
    let Some(p) = template
        .tree
        .root()
        .descendants()
        .find_map(|n| n.value().as_element().filter(|e| e.name() == "p").cloned())
    else {
        return;
    };
    for &(id, n) in embeds {
        let outer = outermost_wrapper(doc, id);
        let Some(mut node) = doc.tree.get_mut(outer) else {
            continue;
        };
        if let Some(n) = n {
            let mut para = node.insert_before(Node::Element(p.clone()));
            para.append(Node::Text(Text {
                text: marker_text(n).as_str().into(),
            }));
        }
        if let Some(mut node) = doc.tree.get_mut(outer) {
            node.detach();
        }
    }
}

/// The embed's element, or the wrapper around it that holds nothing else (a `figure`, a
/// `div class="embed"`): extractors drop such wrappers by their class names.
fn outermost_wrapper(doc: &Html, id: NodeId) -> NodeId {
    let mut cur = id;
    loop {
        let Some(node) = doc.tree.get(cur) else {
            return cur;
        };
        let Some(parent) = node.parent() else {
            return cur;
        };
        let Some(pe) = parent.value().as_element() else {
            return cur;
        };
        if matches!(pe.name(), "body" | "html" | "article" | "main")
            || pe.attr("itemprop") == Some("articleBody")
        {
            return cur;
        }
        let only_child = parent.children().all(|c| {
            c.id() == cur
                || match c.value() {
                    Node::Text(t) => t.trim().is_empty(),
                    Node::Comment(_) => true,
                    Node::Element(e) => matches!(e.name(), "script" | "noscript" | "br" | "style"),
                    _ => true,
                }
        });
        if !only_child {
            return cur;
        }
        cur = parent.id();
    }
}

// ---------------------------------------------------------------------------------------------
// The article body

#[derive(Default)]
struct Extracted {
    title: Option<String>,
    outlet: Option<String>,
    author: Option<String>,
    published: Option<String>,
}

struct Readable {
    blocks: Vec<BlockFile>,
    meta: Extracted,
}

fn readability_blocks(
    html: &str,
    url: Option<&str>,
    markers: &HashMap<String, String>,
) -> Option<Readable> {
    let cfg = dom_smoothie::Config {
        // Short pages that are mostly embeds are still articles.
        char_threshold: 100,
        ..Default::default()
    };
    let mut r = dom_smoothie::Readability::new(html, url, Some(cfg)).ok()?;
    let article = r.parse().ok()?;
    let content = Html::parse_fragment(&article.content);
    let blocks = blocks_from(content.tree.root(), markers);
    let clean = |s: Option<String>| {
        s.map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|s| !s.is_empty())
    };
    Some(Readable {
        blocks,
        meta: Extracted {
            title: clean(Some(article.title.to_string())),
            outlet: clean(article.site_name),
            author: clean(article.byline),
            published: article.published_time.as_deref().and_then(time_or_date),
        },
    })
}

/// The body without the extractor: the page's `<article>` (the one with the most paragraph
/// text), else `main`, else the body; widened until it holds every embed.
fn fallback_blocks(doc: &Html, markers: &HashMap<String, String>) -> Vec<BlockFile> {
    let para_text = |el: ElementRef| -> usize {
        el.select(&selector("p"))
            .map(|p| p.text().map(str::len).sum::<usize>())
            .sum()
    };
    let candidates = [
        "article",
        "[itemprop='articleBody']",
        "main",
        "[role='main']",
    ];
    let mut best: Option<(usize, ElementRef)> = None;
    for sel in candidates {
        for el in doc.select(&selector(sel)) {
            let n = para_text(el);
            if best.is_none_or(|(b, _)| n > b) {
                best = Some((n, el));
            }
        }
    }
    let body = doc.select(&selector("body")).next();
    let mut container: NodeRef<Node> = match (best, body) {
        (Some((n, el)), _) if n > 0 => *el,
        (_, Some(b)) => *b,
        _ => doc.tree.root(),
    };
    // Every marker must be inside: widen to the nearest common ancestor.
    let marker_nodes: Vec<NodeId> = doc
        .tree
        .root()
        .descendants()
        .filter(|n| matches!(n.value(), Node::Text(t) if t.contains(MARKER)))
        .map(|n| n.id())
        .collect();
    for m in marker_nodes {
        let inside = doc
            .tree
            .get(m)
            .is_some_and(|n| n.ancestors().any(|a| a.id() == container.id()));
        if !inside && let Some(n) = doc.tree.get(m) {
            let chain: Vec<NodeId> = n.ancestors().map(|a| a.id()).collect();
            if let Some(common) = container.ancestors().find(|a| chain.contains(&a.id())) {
                container = common;
            }
        }
    }
    blocks_from(container, markers)
}

/// Elements whose content is never the article's.
fn is_page_furniture(name: &str) -> bool {
    matches!(
        name,
        "nav"
            | "aside"
            | "footer"
            | "header"
            | "form"
            | "button"
            | "select"
            | "menu"
            | "figcaption"
    )
}

fn is_heading(name: &str) -> Option<()> {
    matches!(name, "h1" | "h2" | "h3" | "h4" | "h5" | "h6").then_some(())
}

/// Paragraphs, headings and embeds (from markers) under `root`, in order.
fn blocks_from(root: NodeRef<Node>, markers: &HashMap<String, String>) -> Vec<BlockFile> {
    enum Step<'a> {
        Open(NodeRef<'a, Node>),
        Close(bool),
    }
    let mut out = Vec::new();
    let mut cur = TextBuilder::default();
    let mut stack: Vec<Step> = root.children().rev().map(Step::Open).collect();
    while let Some(step) = stack.pop() {
        match step {
            Step::Open(n) => match n.value() {
                Node::Text(t) => cur.push_text(t),
                Node::Element(e) => {
                    let name = e.name();
                    if is_hidden(name) || is_page_furniture(name) {
                        continue;
                    }
                    if name == "br" {
                        cur.line_break();
                        continue;
                    }
                    let heading = is_heading(name).is_some();
                    let block = heading
                        || matches!(
                            name,
                            "p" | "div"
                                | "li"
                                | "ul"
                                | "ol"
                                | "blockquote"
                                | "pre"
                                | "section"
                                | "article"
                                | "figure"
                                | "table"
                                | "tr"
                                | "td"
                                | "th"
                                | "dl"
                                | "dt"
                                | "dd"
                                | "main"
                                | "body"
                                | "hr"
                        );
                    if block {
                        flush(&mut cur, false, &mut out, markers);
                        stack.push(Step::Close(heading));
                        if name == "pre" {
                            // Its closing flush starts the next paragraph afresh.
                            cur.keep_white_space();
                        }
                    }
                    stack.extend(n.children().rev().map(Step::Open));
                }
                _ => {}
            },
            Step::Close(heading) => flush(&mut cur, heading, &mut out, markers),
        }
    }
    flush(&mut cur, false, &mut out, markers);
    out
}

/// Ends the current paragraph (or heading), turning marker words back into embeds.
fn flush(
    cur: &mut TextBuilder,
    heading: bool,
    out: &mut Vec<BlockFile>,
    markers: &HashMap<String, String>,
) {
    let text = std::mem::take(cur).finish();
    if text.is_empty() {
        return;
    }
    let mut rest = text.as_str();
    while let Some(i) = rest.find(MARKER) {
        push_text(&rest[..i], heading, out);
        let after = &rest[i..];
        let key_len = MARKER.len() + 6;
        let key = after.get(..key_len).unwrap_or(after);
        if let Some(id) = markers.get(key) {
            out.push(BlockFile::Embed { post: id.clone() });
        }
        // The marker's words run to the end of its sentence.
        const TAIL: &str = "where the article quotes it.";
        rest = match after.find(TAIL) {
            Some(j) if j < 300 => &after[j + TAIL.len()..],
            _ => after.get(key.len()..).unwrap_or(""),
        };
    }
    push_text(rest, heading, out);
}

fn push_text(text: &str, heading: bool, out: &mut Vec<BlockFile>) {
    if text.trim().is_empty() {
        return;
    }
    // A `<pre>`'s first line keeps its indent; other text has none but at a marker's edge.
    let text = text.trim_end().trim_start_matches('\n');
    let text = if text.contains('\n') {
        text
    } else {
        text.trim_start()
    };
    let text = text.to_string();
    out.push(if heading {
        BlockFile::Heading { text }
    } else {
        BlockFile::Paragraph { text }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attributions() {
        let a = parse_attribution("\u{2014} Ana Lima (@ana_l) July 7, 2018");
        assert_eq!(a.name.as_deref(), Some("Ana Lima"));
        assert_eq!(a.handle.as_deref(), Some("ana_l"));
        assert_eq!(a.date.as_deref(), Some("2018-07-07"));
        let b = parse_attribution("— Équipe (Paris) (@equipe) 7 juillet 2018");
        assert_eq!(b.name.as_deref(), Some("Équipe (Paris)"));
        assert_eq!(b.date, None);
    }

    #[test]
    fn status_urls() {
        let l = parse_status_url("https://twitter.com/ana/status/123?ref_src=twsrc%5Etfw").unwrap();
        assert_eq!((l.id.as_str(), l.handle.as_deref()), ("123", Some("ana")));
        assert_eq!(l.url, "https://twitter.com/ana/status/123");
        let l = parse_status_url("https://mobile.twitter.com/ana/statuses/456").unwrap();
        assert_eq!(l.id, "456");
        let l = parse_status_url("https://x.com/i/web/status/789").unwrap();
        assert_eq!(l.handle, None);
        assert!(parse_status_url("https://example.com/ana/status/1").is_none());
    }

    #[test]
    fn unavailable_texts() {
        assert!(says_unavailable(
            "This Tweet was deleted by the Tweet author."
        ));
        assert!(says_unavailable("  this tweet may have been deleted "));
        assert!(!says_unavailable(
            "The tweet was later deleted, but not before it spread."
        ));
    }
}
