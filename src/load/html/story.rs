//! Doubting the extractor: the page's own story element, when the extractor took something
//! else (a sign-up form, a box of teasers, a later story loaded below the page's own).

use super::*;

/// The page's story element, when the extractor took something else than the story: the
/// page's story element (its `<article>` or `itemprop=articleBody`; when the page marks none,
/// or the one it marks is not missed, and the extractor kept less than [`STORY_BYTES`], the
/// element whose own paragraphs hold the most text) has at least [`STORY_BYTES`] of
/// paragraph text outside links and few links (at most [`MAX_LINK_DENSITY`] of its text), yet
/// the extractor kept less than [`KEPT_SHARE`] of that much, and most of what it kept (all but
/// [`INSIDE_SHARE`] of its word triples) is not in the story element at all. Seen on pages
/// whose story is mostly lists or short while a sign-up form, a print footer, an age check or
/// a box of teasers outside it has the longer sentences; a story element that also holds
/// comments or related links, from which the extractor rightly kept only the story, is left to
/// the extractor.
pub(super) fn missed_story<'a>(doc: &'a Html, r: &Readable) -> Option<ElementRef<'a>> {
    let a = article_element(doc).and_then(|c| missed(c, r));
    if a.is_some() {
        return a;
    }
    // A guess, not the page's own mark: it never overrules an extractor that kept a story's
    // worth of text (comments below a short post can hold more paragraphs than the post).
    if blocks_text(&r.blocks) >= STORY_BYTES {
        return None;
    }
    densest_paragraphs(doc.root_element()).and_then(|c| missed(c, r))
}

/// The page's own story, when the page holds several one after another (a page that loads the
/// next story as the reader scrolls, saved with some loaded) and the extractor took a later
/// one, as it takes the longest: the first of the `<article>`s with the class of the one that
/// holds what the extractor kept, each with a story's worth of text ([`STORY_BYTES`]) and none
/// inside another.
pub(super) fn later_story<'a>(doc: &'a Html, r: &Readable) -> Option<ElementRef<'a>> {
    let stories = story_articles(doc, STORY_BYTES);
    if stories.len() < 2 {
        return None;
    }
    let kept = kept_triples(r);
    if kept.is_empty() {
        return None;
    }
    // The narrowest story that holds most of what was kept.
    let (_, holder) = stories
        .iter()
        .filter(|(_, el)| held(&kept, *el) >= HELD_SHARE * kept.len() as f64)
        .min_by_key(|(n, _)| *n)?;
    let class = holder.value().attr("class");
    let nested = |a: &ElementRef, b: &ElementRef| a.ancestors().any(|x| x.id() == b.id());
    // The stories are in the page's order, and the extractor's is one of them: the first that
    // matches is it or one before it.
    let first = stories.iter().map(|(_, el)| *el).find(|el| {
        el.value().attr("class") == class && !nested(el, holder) && !nested(holder, el)
    })?;
    (first.id() != holder.id()).then_some(first)
}

/// The least share of what the extractor kept that an element holds to be where it took it.
const HELD_SHARE: f64 = 0.8;

/// Whether the extractor missed this candidate for the story (see [`missed_story`]).
fn missed<'a>((story, element): (usize, ElementRef<'a>), r: &Readable) -> Option<ElementRef<'a>> {
    if story < STORY_BYTES
        || blocks_text(&r.blocks) as f64 >= KEPT_SHARE * story as f64
        || link_density(element) > MAX_LINK_DENSITY
    {
        return None;
    }
    let kept = kept_triples(r);
    (!kept.is_empty() && held(&kept, element) < INSIDE_SHARE * kept.len() as f64).then_some(element)
}

/// The word triples of what the extractor kept, one per place it stands.
fn kept_triples(r: &Readable) -> Vec<u64> {
    r.blocks
        .iter()
        .flat_map(|b| match b {
            BlockFile::Paragraph { text } | BlockFile::Heading { text } => triples(text),
            BlockFile::Embed { .. } => Default::default(),
        })
        .collect()
}

/// How many of the `kept` word triples are in the element's text.
fn held(kept: &[u64], element: ElementRef) -> f64 {
    let inside = triples(&element.text().collect::<Vec<_>>().join(" "));
    kept.iter().filter(|t| inside.contains(t)).count() as f64
}

/// The share of an element's text that is inside links: high for a list of teasers.
pub(super) fn link_density(element: ElementRef) -> f64 {
    let (all, linked) = text_bytes(element);
    linked as f64 / all.max(1) as f64
}

/// The most of an article element's text that may be links for [`missed_story`] to take
/// it over the extractor: past it the element is a list of teasers, not a story.
pub(super) const MAX_LINK_DENSITY: f64 = 0.4;

/// The word triples of a text (lower-cased letters and digits), hashed.
pub(super) fn triples(text: &str) -> std::collections::HashSet<u64> {
    triple_hashes(&words(text)).collect()
}

/// Each run of three words, hashed, in order.
pub(super) fn triple_hashes(words: &[String]) -> impl Iterator<Item = u64> + '_ {
    use std::hash::{Hash, Hasher};
    words.windows(3).map(|w| {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        w.hash(&mut h);
        h.finish()
    })
}

/// The least paragraph text a page's story element holds for [`missed_story`] to doubt
/// the extractor.
pub(super) const STORY_BYTES: usize = 1_000;

/// The least share of the story element's text the extractor keeps unless it missed the story.
const KEPT_SHARE: f64 = 0.5;

/// The least share of what the extractor kept that is inside the story element, unless it
/// missed the story.
const INSIDE_SHARE: f64 = 0.5;
