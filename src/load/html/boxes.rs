//! Boxes beside the story that the page names for what they are: an author's box, a
//! newsletter's sign-up, related stories, sharing buttons, a picture's credit, the story's
//! tags. The extractor keeps them when they sit inside the story's container (its rules know
//! comments, sidebars and footers by name, not these), so they are taken out of the page
//! before it runs, by the words of their `class` and `id`. The short texts of the furniture a
//! page names (captions, widgets, sidebars, footers) are noted rather than taken out
//! ([`Furniture`]), and their paragraphs left out after the extractor.

use std::collections::HashSet;

use super::*;

/// Takes out of `doc` each element whose class or id names a box that is never the story
/// ([`names_box`]), unless it holds an embed, or is the page's body, `main`, `article` or
/// article body, or is big enough to be the story: more than [`BOX_BYTES`] of text outside
/// links, or more than [`BOX_SHARE`] of the page's paragraph and list text. A page whose story's own
/// wrapper carries such a word ("docked-sharebar-content-container") keeps it.
pub(super) fn strip_boxes(doc: &mut Html) {
    let page = doc
        .select(&selector("body"))
        .next()
        .map_or(0, |b| para_text(b));
    let mut boxes: Vec<NodeId> = Vec::new();
    let mut stack = vec![doc.root_element()];
    while let Some(el) = stack.pop() {
        let v = el.value();
        let kept_by_name = matches!(v.name(), "html" | "body" | "main" | "article")
            || v.attr("itemprop") == Some("articleBody");
        if !kept_by_name && names_box(v.attr("class"), v.attr("id")) && !holds_story(el, page) {
            boxes.push(el.id());
            continue;
        }
        stack.extend(el.children().filter_map(ElementRef::wrap));
    }
    for id in boxes {
        if let Some(mut node) = doc.tree.get_mut(id) {
            node.detach();
        }
    }
}

/// Whether a box is too big to be one, or holds an embed, whatever its name says.
fn holds_story(el: ElementRef, page: usize) -> bool {
    let (all, linked) = text_bytes(el);
    all - linked > BOX_BYTES
        || para_text(el) as f64 > BOX_SHARE * page as f64
        || el.text().any(|t| t.contains(MARKER))
}

/// The most text outside links a box may hold.
const BOX_BYTES: usize = 2_000;

/// The largest share of the page's paragraph and list text a box may hold.
const BOX_SHARE: f64 = 0.25;

/// Whether a class or id names a box that is never the story. Each token ("post-author-bio",
/// "heateor_sss_sharing_container") is lower-cased and split into its words at every
/// character that is not a letter or digit. A token that begins with a modifier ("no-share",
/// "has-sharing", "is-related") says what the element has or lacks, not what it is.
pub(super) fn names_box(class: Option<&str>, id: Option<&str>) -> bool {
    names(class, id, token_names_box)
}

/// Whether a token of the class or id, lower-cased and split into its words, passes `test`,
/// a token that begins with a modifier aside ([`names_box`]).
fn names(class: Option<&str>, id: Option<&str>, test: fn(&str, &[&str]) -> bool) -> bool {
    [class, id]
        .into_iter()
        .flatten()
        .flat_map(str::split_whitespace)
        .any(|token| {
            let token = token.to_lowercase();
            let words: Vec<&str> = token
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .collect();
            !words
                .first()
                .is_some_and(|w| ["no", "has", "with", "is"].contains(w))
                && test(&token, &words)
        })
}

/// The short texts of what a page names by class or id as the page's furniture, not the
/// story: a picture's caption ("wp-caption-text", "image-caption", "thumbcaption"; outside a
/// `<figcaption>`, which is never read, it describes a picture the reader does not show), a
/// widget, a sidebar, breadcrumbs, a footer, the post's metadata ("entry-meta") or the
/// author's line ("author"). They are noted rather than taken out of the page, so the
/// extractor chooses the story as it would with them (a page whose small captions went first
/// had its story given up for a box of teasers); a text longer than [`FURNITURE_BYTES`] or
/// holding an embed is not noted.
#[derive(Default)]
pub(super) struct Furniture {
    /// Each text, lower-cased with its white space squeezed, once.
    texts: Vec<String>,
    whole: HashSet<String>,
    /// Where each text's word triples are: a paragraph of three words or more is looked for
    /// only in the texts that hold the one of its triples that the fewest texts hold.
    by_triple: HashMap<u64, Vec<usize>>,
}

impl Furniture {
    pub(super) fn of(doc: &Html) -> Furniture {
        let mut f = Furniture::default();
        for el in doc
            .root_element()
            .descendants()
            .filter_map(ElementRef::wrap)
        {
            let v = el.value();
            if !names(v.attr("class"), v.attr("id"), token_names_furniture) {
                continue;
            }
            let Some(text) = short_text(el, FURNITURE_BYTES) else {
                continue;
            };
            let text = squash(&text);
            if text.is_empty()
                || text.len() > FURNITURE_BYTES
                || text.contains(MARKER)
                || f.whole.contains(&text)
            {
                continue;
            }
            for key in triple_hashes(&words(&text)) {
                let at = f.by_triple.entry(key).or_default();
                if at.last() != Some(&f.texts.len()) {
                    at.push(f.texts.len());
                }
            }
            f.whole.insert(text.clone());
            f.texts.push(text);
        }
        f
    }

    /// Whether a paragraph is one of the texts, or a paragraph of one: the text itself, or
    /// three words or more of it (a word or two may be the story's too).
    pub(super) fn holds(&self, paragraph: &str) -> bool {
        if self.texts.is_empty() {
            return false;
        }
        let t = squash(paragraph);
        if t.is_empty() || t.len() > FURNITURE_BYTES {
            return false;
        }
        if self.whole.contains(&t) {
            return true;
        }
        let w = words(&t);
        if w.len() < 3 {
            return false;
        }
        // Every triple of a paragraph inside a text is that text's too.
        let mut fewest: Option<&Vec<usize>> = None;
        for key in triple_hashes(&w) {
            match self.by_triple.get(&key) {
                None => return false,
                Some(at) if fewest.is_none_or(|f| at.len() < f.len()) => fewest = Some(at),
                Some(_) => {}
            }
        }
        fewest.is_some_and(|at| at.iter().any(|&i| self.texts[i].contains(&t)))
    }
}

/// An element's text when it is at most `max` bytes long once its white space is squeezed,
/// measured without collecting more than that.
fn short_text(el: ElementRef, max: usize) -> Option<String> {
    let mut len = 0;
    for word in el.text().flat_map(str::split_whitespace) {
        len += word.len() + 1;
        if len > max + 1 {
            return None;
        }
    }
    Some(el.text().collect::<Vec<_>>().join(" "))
}

fn token_names_furniture(token: &str, words: &[&str]) -> bool {
    ["caption", "widget", "sidebar", "breadcrumb", "footer"]
        .iter()
        .any(|w| token.contains(w))
        || words.iter().any(|w| ["meta", "author"].contains(w))
}

/// The longest text [`Furniture`] notes.
const FURNITURE_BYTES: usize = 300;

fn token_names_box(token: &str, words: &[&str]) -> bool {
    let has = |w: &str| words.contains(&w);
    // An author's box: the author with a box of text on them ("author-bio", "authorbox",
    // "about-author"), not the byline ("author", "author-name").
    let author_box = token.contains("author")
        && ["bio", "box", "about", "card", "desc", "profile"]
            .iter()
            .any(|w| token.contains(w));
    // A consent notice or a content blocker waiting for one ("cookie-banner", "BorlabsCookie").
    let cookies = words
        .iter()
        .any(|w| w.starts_with("cookie") || w.ends_with("cookie"));
    author_box
        || cookies
        || token.contains("newsletter")
        || has("subscribe")
        || has("subscription")
        || token.contains("related")
        || words.iter().any(|w| SHARING.contains(w))
        || words.iter().any(|w| CREDIT.contains(w))
        // The post's date and categories in a blog's markup ("postmetadata").
        || token.contains("postmeta")
        || has("tags")
        || (has("tag") && (has("links") || has("list") || has("cloud")))
        // The comment form's notice of its spam filter.
        || token.contains("akismet")
}

/// Words that name sharing buttons.
const SHARING: &[&str] = &[
    "share",
    "shares",
    "sharing",
    "sharebar",
    "shariff",
    "sharethis",
    "sharedaddy",
];

/// Words that name a picture's credits or a copyright line ("credit" alone names a byline as
/// often: "credit-bar" holds "By GILLIAN MOHNEY").
const CREDIT: &[&str] = &["credits", "copyright"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boxes_are_named_by_their_words() {
        for class in [
            "post-author-bio",
            "bmg-author-box",
            "about-the-author",
            "TestReport__AuthorBox",
            "newsletter-form__wrapper",
            "wp-block-newsletter",
            "related-posts",
            "heateor_sss_sharing_container",
            "shariff",
            "credits",
            "copyright",
            "post-tags",
            "vw-tag-links",
            "BorlabsCookie",
            "m159-cookies-policy",
            "subscribe",
            "postmetadata alt",
            "akismet_comment_form_privacy_notice",
        ] {
            assert!(names_box(Some(class), None), "{class}");
        }
        assert!(names_box(None, Some("mvp-author-box-wrap")));
    }

    #[test]
    fn what_only_mentions_a_box_is_not_one() {
        for class in [
            // A byline, and a byline named as a credit.
            "author",
            "entry-author-name",
            "credit",
            "credit-bar",
            // What an element has or lacks.
            "no-share post",
            "has-sharing",
            "is-related",
            // Words that hold a box's word inside them.
            "subscriber-content",
            "tagline",
            "entry-content",
        ] {
            assert!(!names_box(Some(class), None), "{class}");
        }
        assert!(!names_box(None, None));
    }

    fn stripped(body: &str) -> String {
        let mut doc = Html::parse_document(&format!("<html><body>{body}</body></html>"));
        strip_boxes(&mut doc);
        doc.root_element()
            .text()
            .collect::<Vec<_>>()
            .join(" ")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    }

    const STORY: &str = "The ferry ran late again on Tuesday, for the third week in a row, \
                         and the council said it would look into it as it did in May.";

    #[test]
    fn a_box_inside_the_story_goes_and_the_story_stays() {
        let body = format!(
            "<article><div class=\"entry\"><p>{STORY}</p><p>{STORY}</p></div>\
             <div class=\"author-bio\"><p>Ana writes about the harbour.</p></div>\
             <div class=\"newsletter-signup\"><p>Get the news every week.</p></div></article>"
        );
        assert_eq!(stripped(&body), format!("{STORY} {STORY}"));
    }

    #[test]
    fn a_box_that_holds_the_story_or_an_embed_stays() {
        // The story's own wrapper carries a box's word.
        let body = format!(
            "<div class=\"docked-sharebar-content\"><p>{STORY}</p><p>{STORY}</p></div>\
             <div class=\"footer\"><p>The harbour news, every day.</p></div>"
        );
        assert!(stripped(&body).starts_with(STORY));
        // An embed's marker inside a box keeps the box.
        let body = format!(
            "<div><p>{STORY}</p><p>{STORY}</p><p>{STORY}</p><p>{STORY}</p></div>\
             <div class=\"related\"><p>{}</p></div>",
            marker_text(0)
        );
        assert!(stripped(&body).contains(MARKER));
        // More text than a box holds.
        let long = format!(
            "<div class=\"share-wrapper\">{}</div>",
            format!("<p>{STORY}</p>").repeat(20)
        );
        assert!(stripped(&long).starts_with(STORY));
    }

    #[test]
    fn furniture_named_by_class_is_noted_and_its_paragraphs_known() {
        let doc = Html::parse_document(&format!(
            "<html><body><article><p>{STORY}</p>\
             <div class=\"wp-caption\"><img src=\"a.jpg\"><p class=\"wp-caption-text\">The  pier \
             at dawn.</p></div>\
             <span id=\"thumbcaption-2\">The ferry <b>Saint Ann</b> at the quay</span>\
             <div class=\"has-caption\"><p>{STORY} Not a caption.</p></div>\
             <div class=\"caption\"><p>{}</p></div>\
             <div class=\"caption\"><p>{}</p></div></article></body></html>",
            "x".repeat(400),
            marker_text(0)
        ));
        let captions = Furniture::of(&doc);
        assert!(
            captions.texts.contains(&"the pier at dawn.".to_string()),
            "{:?}",
            captions.texts
        );
        assert!(
            captions
                .texts
                .contains(&"the ferry saint ann at the quay".to_string())
        );
        // A modifier, a caption too long to be one, a caption that holds an embed: none.
        assert!(!captions.texts.iter().any(|c| c.contains("not a caption")));
        assert!(
            !captions
                .texts
                .iter()
                .any(|c| c.contains("xxxx") || c.contains(MARKER))
        );
        assert!(captions.holds("The pier at\ndawn."));
        assert!(captions.holds("The ferry Saint Ann"));
        // A word or two of a caption may be the story's too.
        assert!(!captions.holds("The pier"));
        assert!(!captions.holds(STORY));
    }

    #[test]
    fn widgets_sidebars_footers_metadata_and_the_author_s_line_are_furniture() {
        let doc = Html::parse_document(&format!(
            "<html><body><article><p>{STORY}</p>\
             <div class=\"textwidget\"><p>Follow the harbour on the radio</p></div>\
             <div id=\"sidebar-2\"><p>The harbour, day by day</p></div>\
             <nav class=\"breadcrumbs\">Home / News / Harbour</nav>\
             <div class=\"entry-footer\">Filed under ferries and piers</div>\
             <div class=\"entry-meta\">Posted on Tuesday in Harbour</div>\
             <span class=\"author\">Ana Lima</span>\
             <p class=\"metadata-free authors-note\">A story of the town and its ferry</p>\
             </article></body></html>"
        ));
        let noted = Furniture::of(&doc).texts;
        for text in [
            "follow the harbour on the radio",
            "the harbour, day by day",
            "home / news / harbour",
            "filed under ferries and piers",
            "posted on tuesday in harbour",
            "ana lima",
        ] {
            assert!(noted.contains(&text.to_string()), "{text}: {noted:?}");
        }
        // "meta" and "author" count as whole words only.
        assert!(!noted.iter().any(|t| t.contains("a story of the town")));
        assert!(!noted.iter().any(|t| t.contains("ferry ran late")));
    }
}
