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
//!
//! Where each step lives: `embeds` finds the posts; `boxes` takes out the boxes a page names
//! as never the story; `blocks` turns an element into paragraphs and leaves out links to
//! elsewhere (teasers, boxes of related links) and the paragraphs `notes` knows as the page's
//! (captions' credits, datelines, calls to subscribe at the story's edges); `story` doubts the
//! extractor when it took something else than the page's story; `lead` puts back a standfirst
//! the extractor left above the story; `stated` leaves out what the page's own statement of
//! its story's text (JSON-LD `articleBody`) does not hold; `meta` reads the headline, author,
//! outlet and date.
use std::collections::HashMap;

use ego_tree::{NodeId, NodeRef};

use scraper::node::Text;

use scraper::{ElementRef, Html, Node, Selector};

use super::bundle::{ArticleFile, AuthorFile, BlockFile, BundleFile, FORMAT, PostFile};

use super::text::{TextBuilder, is_hidden, node_text, rfc3339};

use super::thread::PostList;

use super::{Ctx, LoadError};

mod blocks;
mod boxes;
mod embeds;
mod lead;
mod meta;
mod notes;
mod stated;
mod story;

use blocks::*;
use boxes::*;
use embeds::*;
use lead::*;
use meta::*;
use notes::*;
use stated::*;
use story::*;

/// The words a marker paragraph carries. Long enough, with commas, that the extractor scores
/// it as text rather than dropping it as a stub.
const MARKER: &str = "chorusembedmarker";

fn marker_text(n: usize) -> String {
    format!(
        "{MARKER}{n:05}x, an embedded post stood here in the page, and chorus keeps its place, \
         so the post is shown where the article quotes it."
    )
}

pub(crate) fn read(ctx: &Ctx, text: &str) -> Result<BundleFile, LoadError> {
    let text = super::nesting::cap_nesting(text, super::nesting::MAX_NESTING);
    // Boxes the page names as never the story are taken out first ([`strip_boxes`]); a page
    // that holds nothing else chorus reads (a shop whose product text sits in its order
    // form, beside the author's box) is read with them, and with the furniture it names.
    match read_page(ctx, &text, true) {
        Err(LoadError::Nothing { .. }) => read_page(ctx, &text, false),
        read => read,
    }
}

fn read_page(ctx: &Ctx, text: &str, without_boxes: bool) -> Result<BundleFile, LoadError> {
    let mut doc = Html::parse_document(text);
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
    if without_boxes {
        strip_boxes(&mut doc);
    }
    // The page read with its boxes (it held nothing else) is read with its furniture too.
    let furniture = if without_boxes {
        Furniture::of(&doc)
    } else {
        Furniture::default()
    };

    // The extractor's cost grows with the square of the page's depth: a page nested deeper
    // than any real article is taken by the simpler rule.
    let from_readability = if depth(&doc) <= MAX_READABLE_DEPTH {
        readability_blocks(&doc.html(), meta.url.as_deref(), &markers)
    } else {
        None
    };
    let (mut blocks, extracted) = match from_readability {
        Some(r) if all_markers_kept(&r.blocks, markers.len()) => {
            let kept = blocks_text(&r.blocks);
            // What the element's blocks hold is counted again: an element whose text is not in
            // paragraphs chorus reads (a grid of figures, cards) does not replace more text, nor
            // a page's first story one too short to be one.
            let instead = match missed_story(&doc, &r) {
                Some(story) => Some((story, kept + 1)),
                None => later_story(&doc, &r).map(|story| (story, STORY_BYTES)),
            }
            .map(|(story, least)| (element_blocks(&doc, Some(story), &markers), least))
            .filter(|(b, least)| blocks_text(b) >= *least);
            match instead {
                Some((b, _)) => (b, Some(r.meta)),
                None => (r.blocks, Some(r.meta)),
            }
        }
        _ => (fallback_blocks(&doc, &markers), None),
    };

    let extracted = extracted.unwrap_or_default();
    let title = meta.title.clone().or(extracted.title).unwrap_or_default();
    // The headline is the title: it is not repeated at the top, nor is what stands above it
    // there (a section's name, a kicker, a breadcrumb).
    if let Some(at) = headline_at_top(&blocks, &title) {
        blocks.drain(..=at);
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
    // Nor are the short texts of the furniture the page names (a picture's caption, a widget,
    // a footer), noted before the extractor ran.
    blocks.retain(|b| !matches!(b, BlockFile::Paragraph { text } if furniture.holds(text)));
    // What the page states as its story's text tells its own paragraphs from the page's
    // (before the standfirst is put back, which stated bodies leave out).
    if let Some(body) = stated_body(&doc) {
        keep_stated(&mut blocks, &body);
    }
    if let Some(lead) = meta
        .description
        .as_deref()
        .and_then(|d| standfirst(&doc, d, &blocks))
    {
        blocks.insert(0, BlockFile::Paragraph { text: lead });
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

/// The words of a text, lower-cased: its runs of letters and digits.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

fn all_markers_kept(blocks: &[BlockFile], n: usize) -> bool {
    blocks
        .iter()
        .filter(|b| matches!(b, BlockFile::Embed { .. }))
        .count()
        == n
}

fn selector(s: &str) -> Selector {
    // The selectors here are constants; one that does not parse matches nothing.
    Selector::parse(s)
        .unwrap_or_else(|_| Selector::parse("chorus-never").expect("a tag name parses"))
}

// ---------------------------------------------------------------------------------------------
// Each embed's place, kept through the extractor as a marker paragraph

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

#[cfg(test)]
mod tests {
    use super::*;

    /// The blocks' texts, embeds as "embed".
    fn texts(blocks: Vec<BlockFile>) -> Vec<String> {
        blocks
            .into_iter()
            .map(|b| match b {
                BlockFile::Paragraph { text } | BlockFile::Heading { text } => text,
                BlockFile::Embed { .. } => "embed".to_string(),
            })
            .collect()
    }

    /// The blocks' texts of an HTML fragment, embeds as "embed".
    fn fragment_texts(html: &str) -> Vec<String> {
        let html = Html::parse_fragment(html);
        texts(blocks_from(html.tree.root(), &HashMap::new()))
    }

    /// What an extractor gave, as paragraphs.
    fn extracted(paragraphs: &[&str]) -> Readable {
        Readable {
            blocks: paragraphs
                .iter()
                .map(|t| BlockFile::Paragraph {
                    text: t.to_string(),
                })
                .collect(),
            meta: Extracted::default(),
        }
    }

    const FORM: &str = "Sign up for our newsletter and we will send you the news of the week, \
                        every week, with stories from the team and the community.";

    fn page(article: &str) -> Html {
        Html::parse_document(&format!(
            "<html><body><main><article>{article}</article>\
             <form><p>{FORM}</p></form></main></body></html>"
        ))
    }

    #[test]
    fn a_teaser_for_another_story_goes_wherever_it_is_and_linked_titles_stay() {
        assert_eq!(
            fragment_texts(
                r#"<div><p>The ferry ran late again on Tuesday, for the third week in a row.</p>
            <p>Read also: <a href="/a">Bakery names a loaf after the ferry, and the town talks</a></p>
            <p>Lire aussi | <a href="/b">Le ferry est encore en retard, et le conseil se fâche</a></p>
            <ul><li><a href="/c">Te Ara: The Encyclopedia of New Zealand</a></li>
            <li>Source 1: <a href="/d">The council's minutes of the twelfth of May</a></li></ul>
            <p>The council said it would look into it, as it did in May.</p></div>"#
            ),
            [
                "The ferry ran late again on Tuesday, for the third week in a row.",
                "Te Ara: The Encyclopedia of New Zealand",
                "Source 1: The council's minutes of the twelfth of May",
                "The council said it would look into it, as it did in May.",
            ]
        );
    }

    #[test]
    fn a_box_of_related_links_inside_the_story_goes_and_a_story_s_own_list_stays() {
        assert_eq!(
            fragment_texts(
                r#"<div><p>The ferry ran late again on Tuesday, for the third week in a row.</p>
            <p>Related Coverage</p>
            <p><a href="/a">Bakery names a loaf after the ferry</a></p>
            <p><a href="/b">Harbour fair raises money for a new roof</a></p>
            <p>The council said it would look into it, as it did in May.</p>
            <h3>Lesen Sie auch:</h3><ul><li><a href="/c">Die Fähre kommt wieder zu spät</a></li></ul>
            <p>Related questions were put to the council, which had no answer.</p>
            <h3>See also</h3><ul><li><a href="/d">Ferries of the island</a></li></ul>
            <p>The next meeting is in June, and the ferry will be on its agenda.</p></div>"#
            ),
            [
                "The ferry ran late again on Tuesday, for the third week in a row.",
                "The council said it would look into it, as it did in May.",
                "Related questions were put to the council, which had no answer.",
                "See also",
                "Ferries of the island",
                "The next meeting is in June, and the ferry will be on its agenda.",
            ]
        );
    }

    #[test]
    fn a_picture_s_credit_goes_wherever_it_is() {
        // A credit above the story is not its first text: the navigation after it goes too.
        assert_eq!(
            fragment_texts(
                r#"<div><p>Photo: Ana Ruiz</p><p><a href="/">Home</a> <a href="/news">News</a></p>
            <p>The ferry ran late again on Tuesday, for the third week in a row.</p>
            <p>(Credit: Ana Ruiz / Harbour News)</p><p>© Bild: Werk/Hafen</p>
            <p>Foto: Hafenamt</p><p>Photograph by Ed Marsh, Harbour Trust</p>
            <p>Photosynthesis slows in winter</p>
            <p>Photo booths at the fair raised money for a new roof.</p>
            <p>The council said it would look into it, as it did in May.</p></div>"#
            ),
            [
                "The ferry ran late again on Tuesday, for the third week in a row.",
                "Photosynthesis slows in winter",
                "Photo booths at the fair raised money for a new roof.",
                "The council said it would look into it, as it did in May.",
            ]
        );
    }

    #[test]
    fn a_caption_with_its_credit_and_an_advertisement_s_label_go_wherever_they_are() {
        assert_eq!(
            fragment_texts(
                r#"<div><p>The ferry at dawn, waiting for the tide. Foto: Hafenamt</p>
            <p>The ferry ran late again on Tuesday, for the third week in a row.</p>
            <p>Marco Odermatt, Ski-Star aus der Schweiz. © AFP / MARCO BERTORELLO</p>
            <p>- Anzeige -</p><p>Advertisement:</p>
            <p>The photo: what the town saw, and what the council said about it.</p>
            <p>The ad campaign ran for a week.</p>
            <p>The council said it would look into it, as it did in May.</p></div>"#
            ),
            [
                "The ferry ran late again on Tuesday, for the third week in a row.",
                "The photo: what the town saw, and what the council said about it.",
                "The ad campaign ran for a week.",
                "The council said it would look into it, as it did in May.",
            ]
        );
    }

    #[test]
    fn a_lone_label_and_a_call_to_subscribe_go_at_the_story_s_edges_only() {
        assert_eq!(
            fragment_texts(
                r#"<div><p>Von:</p>
            <p>The ferry ran late again on Tuesday, for the third week in a row.</p>
            <p>Kontakt:</p><p>Hafenamt, Kai 3, 24103 Kiel</p>
            <p>She said the newsletter of the harbour had warned of it in May.</p>
            <p>The council said it would look into it, as it did in May.</p>
            <p>Mehr Themen:</p>
            <p>Subscribe now to our e-edition for the full story.</p>
            <p>Follow The Harbour News on Twitter and Instagram @HarbourNews.</p></div>"#
            ),
            [
                "The ferry ran late again on Tuesday, for the third week in a row.",
                "Kontakt:",
                "Hafenamt, Kai 3, 24103 Kiel",
                "She said the newsletter of the harbour had warned of it in May.",
                "The council said it would look into it, as it did in May.",
            ]
        );
    }

    #[test]
    fn a_notice_of_rights_and_the_page_s_controls_go_at_the_story_s_edges_only() {
        assert_eq!(
            fragment_texts(
                r#"<div><p>0 COMMENTS</p><p>© Provided by Harbour News The ferry at dawn, as the town saw it on Tuesday.</p>
            <p>The ferry ran late again on Tuesday, for the third week in a row.</p>
            <p>Comments at the meeting were short.</p>
            <p>It was frustrating to wait for an hour at the pier.</p>
            <p>The council said it would look into it, as it did in May.</p>
            <p>Kommentare schreiben</p><p>zurück</p>
            <p>© 2022, Harbour News. This article is the copyrighted property of Harbour News.</p>
            <p>Dieser Text wurde veröffentlicht unter der Lizenz CC-BY-NC-ND-4.0-DE.</p></div>"#
            ),
            [
                "© Provided by Harbour News The ferry at dawn, as the town saw it on Tuesday.",
                "The ferry ran late again on Tuesday, for the third week in a row.",
                "Comments at the meeting were short.",
                "It was frustrating to wait for an hour at the pier.",
                "The council said it would look into it, as it did in May.",
            ]
        );
    }

    #[test]
    fn a_stamp_of_publication_or_update_goes_wherever_it_is() {
        assert_eq!(
            fragment_texts(
                r#"<div><p>The ferry ran late again on Tuesday, for the third week in a row.</p>
            <p>Aktualisiert: 11.04.2020, 10:27</p>
            <p>The council said it would look into it, as it did in May.</p>
            <p>Aktualisiert am 17.01.2021.</p><p>Stand: 05. Februar 2020</p>
            <p>Published in 1998, the harbour guide sold out by May 2001.</p>
            <p>The next meeting is in June, and the ferry will be on its agenda.</p></div>"#
            ),
            [
                "The ferry ran late again on Tuesday, for the third week in a row.",
                "The council said it would look into it, as it did in May.",
                "Published in 1998, the harbour guide sold out by May 2001.",
                "The next meeting is in June, and the ferry will be on its agenda.",
            ]
        );
    }

    #[test]
    fn a_dateline_or_reading_time_at_the_story_s_edges_goes() {
        assert_eq!(
            fragment_texts(
                r#"<div><p>Published: 03.04.2020, 12:35</p><p>4 Min Read</p>
            <p>The ferry ran late again on Tuesday, for the third week in a row.</p>
            <p>24. März 2004, 19:49 | Genesis</p>
            <p>The council meets on 5 May 2020 | agenda</p>
            <p>The hearing is on March 3, 2021.</p>
            <p>3 Minuten vom S-Bahnhof Ostkreuz</p>
            <p>Veröffentlichung: 2. Februar 2022</p><p>2021-10-16 | News</p></div>"#
            ),
            [
                "The ferry ran late again on Tuesday, for the third week in a row.",
                "24. März 2004, 19:49 | Genesis",
                "The council meets on 5 May 2020 | agenda",
                "The hearing is on March 3, 2021.",
                "3 Minuten vom S-Bahnhof Ostkreuz",
            ]
        );
    }

    #[test]
    fn an_extractor_that_took_a_form_outside_the_story_missed_it() {
        let items: String = (1..=40)
            .map(|i| format!("<li>Item {i}: the tab strip keeps its order after a restart.</li>"))
            .collect();
        let doc = page(&format!("<ul>{items}</ul>"));
        // The form alone: missed; the list (or most of the page): not.
        assert!(missed_story(&doc, &extracted(&[FORM])).is_some());
        let list: Vec<String> = (1..=40)
            .map(|i| format!("Item {i}: the tab strip keeps its order after a restart."))
            .collect();
        let list: Vec<&str> = list.iter().map(String::as_str).collect();
        assert!(missed_story(&doc, &extracted(&list)).is_none());
        // A short part of the story, inside the article element, is the extractor's to choose.
        assert!(missed_story(&doc, &extracted(&list[..3])).is_none());
    }

    fn title_of(html: &str) -> Option<String> {
        Metadata::read(&Html::parse_document(html)).title
    }

    #[test]
    fn the_title_is_the_headline_not_the_site_or_a_sidebar() {
        // What the page tells sharing sites comes first, less the outlet's name.
        assert_eq!(
            title_of(
                r#"<head><meta property="og:title" content="Gun laws: the biggest frustration - BBC News">
                <meta property="og:site_name" content="BBC News"></head><body><h1>BBC</h1></body>"#
            )
            .as_deref(),
            Some("Gun laws: the biggest frustration")
        );
        // An <h1> in the page's furniture is not the headline; the story's <h1> that the
        // <title> agrees with is.
        assert_eq!(
            title_of(
                "<head><title>Babies who eat peanuts early may avoid allergy | Health</title></head>\
                 <body><header><h1>Health Center</h1></header><aside><h1>Most read</h1></aside>\
                 <article><h1>Babies who eat peanuts early may avoid allergy</h1></article></body>"
            )
            .as_deref(),
            Some("Babies who eat peanuts early may avoid allergy")
        );
        // An <h1> the <title> does not agree with (a logo's, a section's) gives way to the
        // <title>, less a short outlet's name after a long headline.
        assert_eq!(
            title_of(
                "<head><title>Rain stops play at the sandbar final again – The Courier</title></head>\
                 <body><h1>Lorem</h1><p>Text.</p></body>"
            )
            .as_deref(),
            Some("Rain stops play at the sandbar final again")
        );
        // Nothing else: the first <h1> outside the furniture.
        assert_eq!(
            title_of("<body><nav><h1>Menu</h1></nav><h1>The ferry, again</h1></body>").as_deref(),
            Some("The ferry, again")
        );
    }

    #[test]
    fn links_around_the_story_go_and_links_within_it_stay() {
        assert_eq!(
            fragment_texts(
                r#"<div><p><a href="/">Home</a> <a href="/news">News</a></p>
            <p>The ferry ran late again on Tuesday, for the third week in a row.</p>
            <ul><li><a href="/a">The timetable</a></li><li><a href="/b">The council's notes</a></li></ul>
            <p>The council said it would look into it, <a href="/c">as it did in May</a>.</p>
            <h2>Related stories</h2>
            <ul><li><a href="/d">Bakery names a loaf after the ferry</a></li>
            <li><a href="/e">Harbour fair raises money for a new roof</a></li></ul>
            <p><a href="/share">Share this story</a></p></div>"#
            ),
            [
                "The ferry ran late again on Tuesday, for the third week in a row.",
                "The timetable",
                "The council's notes",
                "The council said it would look into it, as it did in May.",
            ]
        );
    }

    #[test]
    fn an_article_element_of_teasers_or_short_text_does_not_overrule_the_extractor() {
        // Links only: not a story at all.
        let teasers: String = (1..=40)
            .map(|i| format!("<li><a href=\"/s/{i}\">Story {i}: the harbour council meets again on Tuesday evening</a></li>"))
            .collect();
        let doc = page(&format!("<ul>{teasers}</ul>"));
        assert!(article_element(&doc).is_none());
        assert!(missed_story(&doc, &extracted(&[FORM])).is_none());
        // Mostly links: teasers with a few words each of their own.
        let teasers: String = (1..=120)
            .map(|i| format!("<li><a href=\"/s/{i}\">Story {i}: the harbour council meets again</a> on Tuesday</li>"))
            .collect();
        let doc = page(&format!("<ul>{teasers}</ul>"));
        let (text, element) = article_element(&doc).unwrap();
        assert!(text >= STORY_BYTES);
        assert!(link_density(element) > MAX_LINK_DENSITY);
        assert!(missed_story(&doc, &extracted(&[FORM])).is_none());
        let short = page("<p>One short paragraph of news.</p>");
        assert!(missed_story(&short, &extracted(&[FORM])).is_none());
        let none = Html::parse_document(&format!("<html><body><p>{FORM}</p></body></html>"));
        assert!(missed_story(&none, &extracted(&[FORM])).is_none());
    }

    /// Sixteen sentences of a story, each in its own paragraph.
    fn story_paragraphs() -> String {
        (1..=16)
            .map(|i| format!("<p>Sentence {i} of the story: the ferry ran late again, and the council met about it.</p>"))
            .collect()
    }

    #[test]
    fn a_box_of_linked_teasers_with_its_styles_is_not_the_story_element() {
        let css = ".teaser { color: red; } ".repeat(200);
        let teasers: String = (1..=40)
            .map(|i| {
                format!(
                    "<li><a href=\"/s/{i}\">Story {i}: the harbour council meets again</a></li>"
                )
            })
            .collect();
        let doc = Html::parse_document(&format!(
            "<html><body><article>{}</article>\
             <article class=\"widget\"><style>{css}</style><ul>{teasers}</ul></article>\
             <div><p>{FORM}</p></div></body></html>",
            story_paragraphs()
        ));
        let story = missed_story(&doc, &extracted(&[FORM])).expect("the story is found");
        assert!(story.text().any(|t| t.contains("Sentence 1 of the story")));
    }

    #[test]
    fn a_page_that_marks_no_story_element_has_it_found_by_its_paragraphs() {
        let doc = Html::parse_document(&format!(
            "<html><body><div class=\"content\">{}</div>\
             <div class=\"box\"><p>{FORM}</p></div></body></html>",
            story_paragraphs()
        ));
        let story = missed_story(&doc, &extracted(&[FORM])).expect("the story is found");
        assert_eq!(story.value().attr("class"), Some("content"));
        // What the extractor kept from the story itself stands.
        let kept = [
            "Sentence 1 of the story: the ferry ran late again, and the council met about it.",
            "Sentence 2 of the story: the ferry ran late again, and the council met about it.",
        ];
        assert!(missed_story(&doc, &extracted(&kept)).is_none());
    }

    #[test]
    fn an_extractor_that_kept_a_notice_of_under_half_the_story_missed_it() {
        let notice = "This post contains references to products from our advertisers. ";
        let doc = Html::parse_document(&format!(
            "<html><body><section class=\"disclosure\"><p>{}</p></section>\
             <div class=\"content\">{}</div></body></html>",
            notice.repeat(12),
            story_paragraphs()
        ));
        let story_bytes = story_paragraphs().len() - 16 * "<p></p>".len();
        // A third of the story's length, from outside it: the story was missed.
        let third = notice.repeat(story_bytes / 3 / notice.len());
        assert!(missed_story(&doc, &extracted(&[&third])).is_some());
        // More than half of it: the extractor's choice stands.
        let more = notice.repeat(story_bytes * 6 / 10 / notice.len());
        assert!(missed_story(&doc, &extracted(&[&more])).is_none());
    }

    /// The paragraphs and headings `without_trailer` keeps of an extracted fragment, embeds as
    /// "embed".
    fn kept_after_trailer(fragment: &str, markers: &HashMap<String, String>) -> Vec<String> {
        let content = Html::parse_fragment(fragment);
        let blocks = blocks_from(content.tree.root(), markers);
        texts(without_trailer(&content, blocks, markers))
    }

    #[test]
    fn a_short_note_after_the_story_s_container_is_left_out_and_embeds_stay() {
        let marker = marker_text(0);
        let markers = HashMap::from([(format!("{MARKER}00000x"), "123".to_string())]);
        let kept = kept_after_trailer(
            &format!(
                "<div><div class=\"body\">{}</div>\
                 <div class=\"bio\"><p>Ana Lima covers the harbour for the paper.</p>\
                 <p>{marker}</p></div></div>",
                story_paragraphs()
            ),
            &markers,
        );
        assert_eq!(kept.len(), 17, "{kept:?}");
        assert!(kept[15].starts_with("Sentence 16 of the story"));
        assert_eq!(kept[16], "embed");
    }

    #[test]
    fn a_story_that_goes_on_in_a_container_of_its_own_is_kept_whole() {
        // What follows the densest container is too much of the text to be a note.
        let more: String = (1..=4)
            .map(|i| format!("<p>More of the story, part {i}: the council voted, and the ferry will run on time from May.</p>"))
            .collect();
        let kept = kept_after_trailer(
            &format!(
                "<div><section>{}</section><section>{more}</section></div>",
                story_paragraphs()
            ),
            &HashMap::new(),
        );
        assert_eq!(kept.len(), 20, "{kept:?}");
        // And a story whose container holds too little of the text (here the story's first
        // paragraphs are each in a box of their own) is left as it is.
        let boxed: String = (1..=8)
            .map(|i| format!("<div><p>The story begins, part {i}: the council voted, and the ferry will run on time from May.</p></div>"))
            .collect();
        let kept = kept_after_trailer(
            &format!(
                "<div>{boxed}<section>{}</section><p>A line of its own after it.</p></div>",
                story_paragraphs()
            ),
            &HashMap::new(),
        );
        assert_eq!(kept.len(), 25, "{kept:?}");
        assert_eq!(kept[24], "A line of its own after it.");
    }

    #[test]
    fn comments_longer_than_a_short_post_are_not_taken_for_its_story() {
        let post = "A short post: the ferry is late again today.";
        let doc = Html::parse_document(&format!(
            "<html><body><div class=\"post\"><p>{post}</p></div>\
             <section id=\"comments\"><div class=\"thread\">{}</div></section></body></html>",
            story_paragraphs()
        ));
        assert!(missed_story(&doc, &extracted(&[post])).is_none());
    }

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
