//! A parsed bundle file turned into a [`Document`]: strings sanitized, ids resolved to indices,
//! reply cycles broken, depths computed, all without recursion.

use rustc_hash::FxHashMap;

use super::bundle::{BlockFile, BundleFile};
use super::sanitize::sanitize_owned;
use super::{MAX_TEXT_CHARS, thousands};
use crate::model::{
    Article, Author, Block, Document, MAX_TONES, Post, PostIdx, ThreadIndex, Timestamp, ToneOrigin,
    ToneSet,
};

/// More warnings than this are summarized as a count: a broken file must not flood memory.
const MAX_WARNINGS: usize = 100;

#[derive(Default)]
struct Warnings {
    list: Vec<String>,
    dropped: usize,
}

impl Warnings {
    fn push(&mut self, w: String) {
        if self.list.len() < MAX_WARNINGS {
            self.list.push(w);
        } else {
            self.dropped += 1;
        }
    }

    fn finish(mut self) -> Vec<String> {
        if self.dropped > 0 {
            self.list
                .push(format!("and {} more warnings", self.dropped));
        }
        self.list
    }
}

fn opt(s: Option<String>) -> Option<String> {
    s.map(sanitize_owned).filter(|s| !s.trim().is_empty())
}

/// A post's or the article's address, kept only when it is a web address (`http`, `https`):
/// anything else (`javascript:`, `file:`, `data:`) would become a link in the reader, in
/// Markdown or in a converted bundle. A dropped address is a warning.
fn web_address(
    url: Option<String>,
    whose: impl FnOnce() -> String,
    warnings: &mut Warnings,
) -> Option<String> {
    let url = opt(url)?;
    let url = url.trim();
    let scheme = url
        .split_once(':')
        .map(|(scheme, _)| scheme.to_ascii_lowercase());
    if matches!(scheme.as_deref(), Some("http" | "https")) && url.contains("://") {
        return Some(url.to_string());
    }
    warnings.push(format!(
        "{}: address {:?} is not a web address (http or https); left out",
        whose(),
        super::text::first_words(url, 60)
    ));
    None
}

/// A post's or a paragraph's text, cut after [`MAX_TEXT_CHARS`] characters with a marker that
/// says how much was left out (and a warning), so no single text fills the layout.
fn cut_long(text: String, whose: impl FnOnce() -> String, warnings: &mut Warnings) -> String {
    // Fewer bytes than the limit in characters: short enough, without counting.
    if text.len() <= MAX_TEXT_CHARS {
        return text;
    }
    let Some((end, _)) = text.char_indices().nth(MAX_TEXT_CHARS) else {
        return text;
    };
    let left_out = text[end..].chars().count();
    warnings.push(format!(
        "{}: text cut at {} characters ({} more left out)",
        whose(),
        thousands(MAX_TEXT_CHARS),
        thousands(left_out)
    ));
    let mut text = text;
    text.truncate(end);
    text.push_str(&format!(
        "\n[\u{2026} cut here: {} more characters; chorus keeps {} of one text]",
        thousands(left_out),
        thousands(MAX_TEXT_CHARS)
    ));
    text
}

/// Normalizes a tone name from a file: trimmed, lower case; blank means no tone.
pub fn normalize_tone(name: &str) -> Option<String> {
    let t = name.trim().to_lowercase();
    (!t.is_empty()).then_some(t)
}

/// [`normalize_tone`], keeping the string when it is already normal (the usual case).
fn normalize_tone_owned(name: String) -> Option<String> {
    let normal = !name.is_empty()
        && name.trim().len() == name.len()
        && !name.chars().any(char::is_uppercase);
    if normal {
        Some(name)
    } else {
        normalize_tone(&name)
    }
}

pub fn build_document(file: BundleFile) -> Document {
    let mut warnings = Warnings::default();
    let n = file.posts.len();

    let mut posts: Vec<Post> = Vec::with_capacity(n);
    let mut tone_names: Vec<Option<String>> = Vec::with_capacity(n);
    for (i, p) in file.posts.into_iter().enumerate() {
        let mut id = sanitize_owned(p.id);
        if id.is_empty() {
            id = format!("#{}", i + 1);
            warnings.push(format!("post {} has no id; calling it {id}", i + 1));
        }
        let created_at = opt(p.created_at).and_then(|s| {
            let t = Timestamp::parse(&s);
            if t.is_none() {
                warnings.push(format!(
                    "post {id:?}: created_at {s:?} is not an RFC 3339 time"
                ));
            }
            t
        });
        let tone = p.tone.map(sanitize_owned).and_then(normalize_tone_owned);
        let tone_origin = match p.tone_source.as_deref().filter(|_| tone.is_some()) {
            Some("computed") => ToneOrigin::Computed {
                confidence: p.tone_confidence.unwrap_or(0.0).clamp(0.0, 1.0),
                cues: opt(p.tone_cues).unwrap_or_default().into(),
            },
            Some("corrected") => ToneOrigin::Corrected,
            _ => ToneOrigin::File,
        };
        tone_names.push(tone);
        let mut name = sanitize_owned(p.author.name);
        let handle = opt(p.author.handle)
            .map(|h| h.trim().trim_start_matches('@').to_string())
            .filter(|h| !h.is_empty());
        if name.trim().is_empty() {
            name = handle
                .as_ref()
                .map_or_else(|| "unknown".to_string(), |h| format!("@{h}"));
        }
        let url = web_address(p.url, || format!("post {id:?}"), &mut warnings);
        let text = cut_long(
            sanitize_owned(p.text),
            || format!("post {id:?}"),
            &mut warnings,
        );
        posts.push(Post {
            id,
            author: Author { name, handle },
            text,
            created_at,
            url,
            parent: None,
            in_reply_to: opt(p.in_reply_to),
            depth: 0,
            tone: None,
            tone_origin,
            text_is_description: p.text_is_description,
        });
    }

    // Ids borrowed from the posts (no copies), with a fast hash: this map is much of a load.
    let mut by_id: FxHashMap<&str, PostIdx> =
        FxHashMap::with_capacity_and_hasher(n, Default::default());
    for (i, p) in posts.iter().enumerate() {
        if by_id.contains_key(p.id.as_str()) {
            warnings.push(format!(
                "post id {:?} is used twice; replies go to the first",
                p.id
            ));
        } else {
            by_id.insert(&p.id, PostIdx::try_from(i).unwrap_or(PostIdx::MAX));
        }
    }
    let mut parents: Vec<Option<PostIdx>> = Vec::with_capacity(n);
    for (i, post) in posts.iter().enumerate() {
        let parent = match post.in_reply_to.as_deref() {
            None => None,
            Some(target) => match by_id.get(target) {
                Some(&p) if p as usize == i => {
                    warnings.push(format!(
                        "post {:?} replies to itself; shown at top level",
                        post.id
                    ));
                    None
                }
                Some(&p) => Some(p),
                None => {
                    warnings.push(format!(
                        "post {:?} replies to {target:?}, which is not in the file",
                        post.id
                    ));
                    None
                }
            },
        };
        parents.push(parent);
    }
    let a = file.article;
    let blocks: Vec<Block> = a
        .blocks
        .into_iter()
        .map(|b| match b {
            BlockFile::Paragraph { text } => Block::Paragraph(cut_long(
                sanitize_owned(text),
                || "article".to_string(),
                &mut warnings,
            )),
            BlockFile::Heading { text } => Block::Heading(cut_long(
                sanitize_owned(text),
                || "article".to_string(),
                &mut warnings,
            )),
            BlockFile::Embed { post } => {
                let id = sanitize_owned(post);
                let found = by_id.get(id.as_str()).copied();
                if found.is_none() {
                    warnings.push(format!(
                        "the article embeds post {id:?}, which is not in the file"
                    ));
                }
                Block::Embed { id, post: found }
            }
        })
        .collect();
    drop(by_id);
    for (post, parent) in posts.iter_mut().zip(parents) {
        post.parent = parent;
    }
    break_cycles_and_set_depths(&mut posts, &mut warnings);

    let (tones, post_tones) = ToneSet::from_post_tones(tone_names.iter().map(Option::as_deref));
    let mut untagged = 0;
    for ((post, tone), name) in posts.iter_mut().zip(post_tones).zip(&tone_names) {
        untagged += usize::from(tone.is_none() && name.is_some());
        post.tone = tone;
    }
    if untagged > 0 {
        // Only a bundle the loader did not check gets here (it refuses more tones).
        warnings.push(format!(
            "{untagged} posts name tones past the {MAX_TONES} a document holds; left untagged"
        ));
    }

    let published = opt(a.published).and_then(|s| {
        let t = Timestamp::parse(&s);
        if t.is_none() {
            warnings.push(format!("article: published {s:?} is not an RFC 3339 time"));
        }
        t
    });
    let article = Article {
        title: sanitize_owned(a.title),
        outlet: opt(a.outlet),
        author: opt(a.author),
        published,
        url: web_address(a.url, || "article".to_string(), &mut warnings),
        blocks,
    };

    let thread = ThreadIndex::new(&posts);
    Document {
        article,
        posts,
        tones,
        thread,
        warnings: warnings.finish(),
    }
}

/// Walks each post up to its root without recursion, breaking any reply cycle at the post that
/// closes it, and gives every post its depth.
fn break_cycles_and_set_depths(posts: &mut [Post], warnings: &mut Warnings) {
    const NEW: u8 = 0;
    const ON_PATH: u8 = 1;
    const DONE: u8 = 2;
    let mut state = vec![NEW; posts.len()];
    let mut path: Vec<usize> = Vec::new();
    for start in 0..posts.len() {
        if state[start] == DONE {
            continue;
        }
        path.clear();
        let mut cur = Some(start);
        while let Some(c) = cur {
            if state[c] != NEW {
                break;
            }
            state[c] = ON_PATH;
            path.push(c);
            cur = posts[c].parent.map(|p| p as usize);
        }
        let base = match cur {
            Some(c) if state[c] == ON_PATH => {
                let last = path[path.len() - 1];
                posts[last].parent = None;
                warnings.push(format!(
                    "post {:?} is part of a reply cycle; shown at top level",
                    posts[last].id
                ));
                0
            }
            Some(c) => posts[c].depth + 1,
            None => 0,
        };
        for (depth, &p) in (base..).zip(path.iter().rev()) {
            posts[p].depth = depth;
            state[p] = DONE;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::bundle::{ArticleFile, PostFile};

    fn post(id: &str, parent: Option<&str>) -> PostFile {
        PostFile {
            id: id.into(),
            in_reply_to: parent.map(Into::into),
            ..Default::default()
        }
    }

    fn doc(posts: Vec<PostFile>) -> Document {
        build_document(BundleFile {
            format: Some("chorus/1".into()),
            article: ArticleFile::default(),
            posts,
        })
    }

    #[test]
    fn parents_resolve_even_when_the_reply_comes_first() {
        let d = doc(vec![
            post("b", Some("a")),
            post("a", None),
            post("c", Some("b")),
        ]);
        assert_eq!(d.posts[0].parent, Some(1));
        assert_eq!(
            d.posts.iter().map(|p| p.depth).collect::<Vec<_>>(),
            [1, 0, 2]
        );
        assert!(d.warnings.is_empty());
    }

    #[test]
    fn missing_parent_and_self_reply_are_warnings() {
        let d = doc(vec![post("a", Some("nope")), post("b", Some("b"))]);
        assert_eq!(d.posts[0].parent, None);
        assert_eq!(d.posts[1].parent, None);
        assert_eq!(d.warnings.len(), 2);
        assert!(d.warnings[0].contains("\"nope\""), "{:?}", d.warnings);
        assert!(d.warnings[1].contains("itself"), "{:?}", d.warnings);
    }

    #[test]
    fn cycles_are_broken_once() {
        let d = doc(vec![
            post("a", Some("c")),
            post("b", Some("a")),
            post("c", Some("b")),
        ]);
        let roots = d.posts.iter().filter(|p| p.parent.is_none()).count();
        assert_eq!(roots, 1);
        assert_eq!(d.warnings.len(), 1);
        let mut depths: Vec<u32> = d.posts.iter().map(|p| p.depth).collect();
        depths.sort();
        assert_eq!(depths, [0, 1, 2]);
    }

    #[test]
    fn a_deep_chain_does_not_overflow() {
        let n = 200_000;
        let posts = (0..n)
            .map(|i| {
                post(
                    &i.to_string(),
                    (i > 0).then(|| (i - 1).to_string()).as_deref(),
                )
            })
            .collect();
        let d = doc(posts);
        assert_eq!(d.posts[n - 1].depth as usize, n - 1);
    }

    #[test]
    fn duplicate_ids_and_bad_times_warn() {
        let mut a = post("a", None);
        a.created_at = Some("last tuesday".into());
        let d = doc(vec![a, post("a", None)]);
        assert_eq!(d.warnings.len(), 2, "{:?}", d.warnings);
        assert!(d.posts[0].created_at.is_none());
    }

    #[test]
    fn tones_are_normalized_and_counted() {
        let mut a = post("a", None);
        a.tone = Some(" Critical ".into());
        let mut b = post("b", None);
        b.tone = Some("".into());
        let d = doc(vec![a, b]);
        assert_eq!(d.tones.names.len(), 6, "the six defaults, no custom tone");
        assert_eq!(d.tones.counts[4], 1, "critical");
        assert_eq!(d.tones.untagged, 1);
    }

    #[test]
    fn only_web_addresses_are_kept() {
        let addresses = [
            ("javascript:alert(1)", None),
            (" JavaScript:alert(1)", None),
            ("file:///etc/passwd", None),
            ("data:text/html,<b>x</b>", None),
            ("http:evil", None),
            ("example.com/no-scheme", None),
            ("https://example.com/a", Some("https://example.com/a")),
            (" HTTP://example.com/b ", Some("HTTP://example.com/b")),
        ];
        let posts = addresses
            .iter()
            .enumerate()
            .map(|(i, (url, _))| PostFile {
                url: Some(url.to_string()),
                ..post(&i.to_string(), None)
            })
            .collect();
        let mut d = build_document(BundleFile {
            format: Some("chorus/1".into()),
            article: ArticleFile {
                url: Some("file:///home/me/page.html".into()),
                ..ArticleFile::default()
            },
            posts,
        });
        let kept: Vec<Option<&str>> = d.posts.iter().map(|p| p.url.as_deref()).collect();
        let expected: Vec<Option<&str>> = addresses.iter().map(|(_, k)| *k).collect();
        assert_eq!(kept, expected);
        assert_eq!(d.article.url, None);
        let article = d.warnings.pop().expect("a warning for the article");
        assert!(
            article.starts_with("article: address \"file:///home"),
            "{article}"
        );
        assert_eq!(d.warnings.len(), 6, "{:?}", d.warnings);
        assert!(
            d.warnings[0].starts_with("post \"0\": address \"javascript:alert(1)\" is not"),
            "{:?}",
            d.warnings
        );
    }

    #[test]
    fn strings_are_sanitized_at_load() {
        let mut a = post("a", None);
        a.text = "hi\u{1b}]0;title\u{7}there".into();
        a.author.name = "\u{202e}evil".into();
        let d = doc(vec![a]);
        assert_eq!(d.posts[0].text, "hithere");
        assert_eq!(d.posts[0].author.name, "evil");
    }
}
