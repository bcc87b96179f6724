//! The article's blocks: paragraphs and headings in reading order, with each embed's marker
//! where the post was, from the extractor (Readability) or, when it fails, a simpler rule.

use super::*;

#[derive(Default)]
pub(super) struct Extracted {
    pub(super) title: Option<String>,
    pub(super) outlet: Option<String>,
    pub(super) author: Option<String>,
    pub(super) published: Option<String>,
}

pub(super) struct Readable {
    pub(super) blocks: Vec<BlockFile>,
    pub(super) meta: Extracted,
}

pub(super) fn readability_blocks(
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
    let blocks = without_trailer(&content, blocks, markers);
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

/// The blocks less what follows the story's own container, when that is small: an author's
/// note, a disclaimer, a sign-up line, an editor's initials, which the extractor kept because
/// they sit beside the story. The container (see [`densest_paragraphs`]) must hold at least
/// [`STORY_SHARE`] of the text, and what follows it at most [`TRAILER_SHARE`] of the text and
/// [`TRAILER_BYTES`]; a story that goes on in a container of its own is longer than that.
/// Embeds stay wherever they are.
pub(super) fn without_trailer(
    content: &Html,
    blocks: Vec<BlockFile>,
    markers: &HashMap<String, String>,
) -> Vec<BlockFile> {
    let Some((own, container)) = densest_paragraphs(content.root_element()) else {
        return blocks;
    };
    let total = blocks_text(&blocks);
    if (own as f64) < STORY_SHARE * total as f64 {
        return blocks;
    }
    // The container's last paragraph or heading, found among all the blocks.
    let is_text = |b: &BlockFile| !matches!(b, BlockFile::Embed { .. });
    let inner = blocks_from(*container, markers);
    let Some(last) = inner
        .iter()
        .rev()
        .find(|b| is_text(b))
        .and_then(|l| blocks.iter().rposition(|b| b == l))
    else {
        return blocks;
    };
    let trailer = blocks_text(&blocks[last + 1..]);
    if trailer as f64 > TRAILER_SHARE * total as f64 || trailer > TRAILER_BYTES {
        return blocks;
    }
    blocks
        .into_iter()
        .enumerate()
        .filter(|(i, b)| *i <= last || !is_text(b))
        .map(|(_, b)| b)
        .collect()
}

/// The least share of the extracted text in the story's own container for [`without_trailer`].
const STORY_SHARE: f64 = 0.7;

/// The most of the extracted text, as a share and in bytes, that [`without_trailer`] leaves out.
const TRAILER_SHARE: f64 = 0.15;
const TRAILER_BYTES: usize = 700;

/// Bytes of text in the paragraphs and list items under `el`, less what is in links (a list
/// of teasers is not a story's text).
pub(super) fn para_text(el: ElementRef) -> usize {
    el.select(&selector("p, li"))
        .map(|p| {
            let (all, linked) = text_bytes(p);
            all - linked
        })
        .sum()
}

/// Bytes of the text a reader sees under `el` (not scripts, styles or other hidden elements),
/// and of the part of it inside links.
pub(super) fn text_bytes(el: ElementRef) -> (usize, usize) {
    let (mut all, mut linked) = (0, 0);
    let mut stack = vec![(*el, false)];
    while let Some((node, in_link)) = stack.pop() {
        match node.value() {
            Node::Text(t) => {
                all += t.len();
                if in_link {
                    linked += t.len();
                }
            }
            Node::Element(e) if is_hidden(e.name()) => {}
            Node::Element(e) => {
                let in_link = in_link || e.name() == "a";
                stack.extend(node.children().map(|c| (c, in_link)));
            }
            _ => {}
        }
    }
    (all, linked)
}

/// The page's own element for its story, with its paragraph and list text in bytes: the
/// `<article>`, `[itemprop=articleBody]`, `main` or `[role=main]` holding the most.
pub(super) fn story_element(doc: &Html) -> Option<(usize, ElementRef<'_>)> {
    most_text(
        doc,
        &[
            "article",
            "[itemprop='articleBody']",
            "main",
            "[role='main']",
        ],
    )
}

/// The page's element for one article, narrower than [`story_element`]: the `<article>` or
/// `[itemprop=articleBody]` holding the most text (a `main` also holds what is around it).
pub(super) fn article_element(doc: &Html) -> Option<(usize, ElementRef<'_>)> {
    most_text(doc, &["article", "[itemprop='articleBody']"])
}

/// The element under `root` whose own paragraphs (its `<p>` children) hold the most text
/// outside links, with that many bytes: where a page that marks no story element keeps its
/// story, and, in what the extractor kept, the story's own container. Furniture and comments
/// (an element whose class or id names them), and what is inside them, are not the story,
/// however long.
pub(super) fn densest_paragraphs(root: ElementRef<'_>) -> Option<(usize, ElementRef<'_>)> {
    let mut best: Option<(usize, ElementRef)> = None;
    // Each element once, in the page's order; what is out of the story is not entered.
    let mut stack = vec![root];
    while let Some(el) = stack.pop() {
        let name = el.value().name();
        if is_hidden(name) || is_page_furniture(name) || names_comments(el) {
            continue;
        }
        let n: usize = el
            .children()
            .filter_map(ElementRef::wrap)
            .filter(|c| c.value().name() == "p")
            .map(|p| {
                let (all, linked) = text_bytes(p);
                all - linked
            })
            .sum();
        if best.is_none_or(|(b, _)| n > b) {
            best = Some((n, el));
        }
        stack.extend(el.children().rev().filter_map(ElementRef::wrap));
    }
    best.filter(|(n, _)| *n > 0)
}

/// Whether an element's class or id says it holds comments or replies.
fn names_comments(el: ElementRef) -> bool {
    let v = el.value();
    [v.attr("class"), v.attr("id")]
        .into_iter()
        .flatten()
        .any(|name| {
            let name = name.to_ascii_lowercase();
            name.contains("comment") || name.contains("repl") || name.contains("disqus")
        })
}

/// Of the elements the selectors find, the one with the most paragraph and list text.
fn most_text<'a>(doc: &'a Html, candidates: &[&str]) -> Option<(usize, ElementRef<'a>)> {
    let mut best: Option<(usize, ElementRef)> = None;
    for sel in candidates {
        for el in doc.select(&selector(sel)) {
            let n = para_text(el);
            if best.is_none_or(|(b, _)| n > b) {
                best = Some((n, el));
            }
        }
    }
    best.filter(|(n, _)| *n > 0)
}

/// The `<article>`s under `doc` with at least `least` bytes of paragraph text outside links
/// (see [`para_text`]), in the page's order.
pub(super) fn story_articles(doc: &Html, least: usize) -> Vec<(usize, ElementRef<'_>)> {
    doc.select(&selector("article"))
        .map(|el| (para_text(el), el))
        .filter(|(n, _)| *n >= least)
        .collect()
}

/// Bytes of paragraph text in blocks.
pub(super) fn blocks_text(blocks: &[BlockFile]) -> usize {
    blocks
        .iter()
        .map(|b| match b {
            BlockFile::Paragraph { text } | BlockFile::Heading { text } => text.len(),
            BlockFile::Embed { .. } => 0,
        })
        .sum()
}

/// The body without the extractor: the page's `<article>` (the one with the most paragraph
/// text), else `main`, else the body; widened until it holds every embed.
pub(super) fn fallback_blocks(doc: &Html, markers: &HashMap<String, String>) -> Vec<BlockFile> {
    element_blocks(doc, story_element(doc).map(|(_, el)| el), markers)
}

/// The blocks of `element` (else the body), widened until it holds every embed.
pub(super) fn element_blocks(
    doc: &Html,
    element: Option<ElementRef>,
    markers: &HashMap<String, String>,
) -> Vec<BlockFile> {
    let body = doc.select(&selector("body")).next();
    let mut container: NodeRef<Node> = match (element, body) {
        (Some(el), _) => *el,
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
pub(super) fn is_page_furniture(name: &str) -> bool {
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

pub(super) fn is_heading(name: &str) -> Option<()> {
    matches!(name, "h1" | "h2" | "h3" | "h4" | "h5" | "h6").then_some(())
}

/// Paragraphs, headings and embeds (from markers) under `root`, in order. A paragraph or list
/// item whose letters are nearly all in links ([`LINKED_SHARE`]) before the first text or after
/// the last is a link to elsewhere (related stories, "read more", sharing, navigation), not the
/// story's, and is left out, with any heading after the last text ("Related stories"). Links
/// among the story's paragraphs (a list of sources, a table of links) stay, but for a teaser
/// ("Read also: <link>", see [`is_teaser`]), which is left out wherever it is.
pub(super) fn blocks_from(
    root: NodeRef<Node>,
    markers: &HashMap<String, String>,
) -> Vec<BlockFile> {
    enum Step<'a> {
        Open(NodeRef<'a, Node>),
        Close(bool),
        LinkEnd,
    }
    let mut b = Blocks {
        markers,
        out: Vec::new(),
        links_only: Vec::new(),
        cur: TextBuilder::default(),
        letters: 0,
        linked: 0,
        teaser: Vec::new(),
    };
    let mut in_link = 0u32;
    let mut stack: Vec<Step> = root.children().rev().map(Step::Open).collect();
    while let Some(step) = stack.pop() {
        match step {
            Step::Open(n) => match n.value() {
                Node::Text(t) => {
                    let letters = t.chars().filter(|c| c.is_alphanumeric()).count();
                    b.letters += letters;
                    if in_link > 0 {
                        b.linked += letters;
                    }
                    b.cur.push_text(t);
                }
                Node::Element(e) => {
                    let name = e.name();
                    if is_hidden(name) || is_page_furniture(name) {
                        continue;
                    }
                    if name == "br" {
                        b.cur.line_break();
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
                        b.flush(false);
                        stack.push(Step::Close(heading));
                        if name == "pre" {
                            // Its closing flush starts the next paragraph afresh.
                            b.cur.keep_white_space();
                        }
                    }
                    if name == "a" {
                        in_link += 1;
                        stack.push(Step::LinkEnd);
                    }
                    stack.extend(n.children().rev().map(Step::Open));
                }
                _ => {}
            },
            Step::Close(heading) => b.flush(heading),
            Step::LinkEnd => in_link = in_link.saturating_sub(1),
        }
    }
    b.flush(false);
    b.finish()
}

/// The share of a paragraph's letters in links at which it is a link, not text.
const LINKED_SHARE: f64 = 0.8;

/// The blocks so far and the one being built, with how many of its letters are in links.
struct Blocks<'m> {
    markers: &'m HashMap<String, String>,
    out: Vec<BlockFile>,
    /// Which of `out` are links only.
    links_only: Vec<bool>,
    cur: TextBuilder,
    letters: usize,
    linked: usize,
    /// Which of `out` are teasers for other stories ([`is_teaser`]), left out wherever they are.
    teaser: Vec<bool>,
}

/// Whether a paragraph of links is a teaser for another story: a short label of its own, not
/// linked ("Lire aussi :", "Learn More:", "Lea también:", "MIRA |"), then the link. A linked
/// title with a colon of its own ("Te Ara: The Encyclopedia of New Zealand", a reference or a
/// table of contents) is not one.
fn is_teaser(text: &str, unlinked_letters: usize) -> bool {
    let Some(at) = text.find([':', '|', '\u{BB}']) else {
        return false;
    };
    let label = text[..at].trim();
    let sep = text[at..].chars().next().map_or(1, char::len_utf8);
    let after = &text[at + sep..];
    let label_letters = label.chars().filter(|c| c.is_alphanumeric()).count();
    label_letters > 0
        && label_letters <= unlinked_letters
        && label.chars().count() <= TEASER_LABEL_CHARS
        && label.split_whitespace().count() <= TEASER_LABEL_WORDS
        && !label.chars().any(|c| c.is_ascii_digit())
        && after.starts_with(char::is_whitespace)
        && after.trim().len() > 20
}

/// The longest label of a teaser ([`is_teaser`]), in characters and in words.
const TEASER_LABEL_CHARS: usize = 30;
const TEASER_LABEL_WORDS: usize = 4;

/// Which blocks are a box of links to other stories inside the story: a label that says so
/// ([`RELATED_LABELS`]: "Related Coverage", "Auch interessant:", "Lesen Sie auch", "Veja
/// também"), a heading or a short paragraph, then paragraphs of links only. A label that does
/// not say so ("See also", "Sources") may head a story's own list of links, which stays.
fn related_boxes(out: &[BlockFile], links_only: &[bool]) -> Vec<bool> {
    let mut related = vec![false; out.len()];
    for (i, b) in out.iter().enumerate() {
        let (BlockFile::Heading { text } | BlockFile::Paragraph { text }) = b else {
            continue;
        };
        if links_only[i] || text.len() > RELATED_LABEL_BYTES {
            continue;
        }
        let label = text
            .trim()
            .trim_end_matches([':', '!', '?', '.', '»', ' ', '\u{a0}'])
            .to_lowercase();
        if !RELATED_LABELS.iter().any(|l| label.starts_with(l)) {
            continue;
        }
        let run = (i + 1..out.len())
            .take_while(|j| links_only[*j] && matches!(out[*j], BlockFile::Paragraph { .. }))
            .count();
        if run > 0 {
            related[i..=i + run].fill(true);
        }
    }
    related
}

/// The longest label of a box of related links.
const RELATED_LABEL_BYTES: usize = 60;

/// How a box of links to other stories is labelled, lower-cased, in English, German, French,
/// Spanish, Portuguese, Italian and Polish.
const RELATED_LABELS: &[&str] = &[
    "related",
    "more on this",
    "more from",
    "more stories",
    "read more",
    "read also",
    "also read",
    "you may also like",
    "you might also like",
    "recommended",
    "most read",
    "most popular",
    "auch interessant",
    "das könnte sie auch interessieren",
    "das könnte dich auch interessieren",
    "mehr zum thema",
    "lesen sie auch",
    "lies auch",
    "weitere artikel",
    "verwandte artikel",
    "ähnliche beiträge",
    "ähnliche artikel",
    "zum weiterlesen",
    "schon gelesen",
    "meistgelesen",
    "meistdiskutiert",
    "à lire aussi",
    "a lire aussi",
    "lire aussi",
    "sur le même sujet",
    "les plus lus",
    "lee también",
    "leer también",
    "te puede interesar",
    "le puede interesar",
    "noticias relacionadas",
    "lo más leído",
    "veja também",
    "leia também",
    "mais lidas",
    "leggi anche",
    "potrebbe interessarti",
    "articoli correlati",
    "czytaj też",
    "czytaj także",
];

/// Whether a block is the story's own text, which marks where the story begins and ends
/// ([`Blocks::finish`]): an embed, or a paragraph that is not links only, not an aside
/// ([`is_aside`]) and not one of the page's notes ([`is_page_note`]).
fn is_story_text(b: &BlockFile, links_only: bool) -> bool {
    match b {
        BlockFile::Embed { .. } => true,
        BlockFile::Heading { .. } => false,
        BlockFile::Paragraph { text } => !links_only && !is_aside(b) && !is_page_note(text),
    }
}

impl Blocks<'_> {
    fn flush(&mut self, heading: bool) {
        let (letters, linked) = (
            std::mem::take(&mut self.letters),
            std::mem::take(&mut self.linked),
        );
        let links_only = !heading && letters > 0 && linked as f64 >= LINKED_SHARE * letters as f64;
        let from = self.out.len();
        flush(&mut self.cur, heading, &mut self.out, self.markers);
        self.links_only.resize(self.out.len(), links_only);
        for b in &self.out[from..] {
            self.teaser.push(
                links_only
                    && matches!(b, BlockFile::Paragraph { text } if is_teaser(text, letters - linked)),
            );
        }
    }

    /// The blocks, less the links before the story's first text and after its last (with the
    /// headings after it): related stories, "read more", sharing, navigation.
    fn finish(self) -> Vec<BlockFile> {
        // The edges are found from each end, so what is looked for only there (datelines,
        // labels, notices, calls to action) is looked for in the blocks outside the story and
        // its first and last text, not in every paragraph.
        let n = self.out.len();
        let text = |i: &usize| is_story_text(&self.out[*i], self.links_only[*i]);
        let (Some(first), Some(last)) = ((0..n).find(text), (0..n).rev().find(text)) else {
            return self.out;
        };
        let related = related_boxes(&self.out, &self.links_only);
        let keep: Vec<bool> = (0..n)
            .map(|i| {
                if (first..=last).contains(&i) {
                    !is_aside(&self.out[i]) && !self.teaser[i] && !related[i]
                } else {
                    // Before the first text only headings stay; after the last, nothing.
                    i < first && matches!(self.out[i], BlockFile::Heading { .. })
                }
            })
            .collect();
        self.out
            .into_iter()
            .zip(keep)
            .filter_map(|(b, keep)| keep.then_some(b))
            .collect()
    }
}

/// Ends the current paragraph (or heading), turning marker words back into embeds.
pub(super) fn flush(
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

pub(super) fn push_text(text: &str, heading: bool, out: &mut Vec<BlockFile>) {
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
