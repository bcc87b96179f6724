//! A parsed bundle file turned into a [`Document`]: strings sanitized, ids resolved to indices,
//! reply cycles broken, depths computed, all without recursion.

use rustc_hash::FxHashMap;

use std::borrow::Cow;

use super::bundle::{ArticleFile, BlockFile, BundleFile, PostRef, borrow};
use super::sanitize::{sanitize, sanitize_owned};
use super::{MAX_TEXT_CHARS, thousands};
use crate::model::{
    Article, Block, Document, DocumentParts, NewPost, PostIdx, PostStore, StoreBuilder, Timestamp,
    ToneIdx, ToneOrigin, ToneSet,
};

/// More warnings than this are summarized as a count: a broken file must not flood memory.
const MAX_WARNINGS: usize = 100;

#[derive(Debug, Default)]
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

/// A string from the input, sanitized, copied only when sanitizing changes it.
fn clean(s: Cow<'_, str>) -> Cow<'_, str> {
    match s {
        Cow::Borrowed(b) => sanitize(b),
        Cow::Owned(o) => Cow::Owned(sanitize_owned(o)),
    }
}

/// `s` narrowed by `narrow` (a trim): still borrowed when it was, and copied only when it was
/// owned and changes.
fn narrowed<'a>(s: Cow<'a, str>, narrow: impl Fn(&str) -> &str) -> Cow<'a, str> {
    match s {
        Cow::Borrowed(b) => Cow::Borrowed(narrow(b)),
        Cow::Owned(o) if narrow(&o).len() == o.len() => Cow::Owned(o),
        Cow::Owned(o) => Cow::Owned(narrow(&o).to_string()),
    }
}

fn opt(s: Option<Cow<'_, str>>) -> Option<Cow<'_, str>> {
    s.map(clean).filter(|s| !s.trim().is_empty())
}

/// A post's or the article's address, kept only when it is a web address (`http`, `https`):
/// anything else (`javascript:`, `file:`, `data:`) would become a link in the reader, in
/// Markdown or in a converted bundle. A dropped address is a warning.
fn web_address<'a>(
    url: Option<Cow<'a, str>>,
    whose: impl FnOnce() -> String,
    warnings: &mut Warnings,
) -> Option<Cow<'a, str>> {
    let url = opt(url)?;
    let trimmed = url.trim();
    let web = trimmed.split_once(':').is_some_and(|(scheme, _)| {
        matches!(scheme.to_ascii_lowercase().as_str(), "http" | "https")
    });
    if web && trimmed.contains("://") {
        return Some(narrowed(url, str::trim));
    }
    let url = trimmed;
    warnings.push(format!(
        "{}: address {:?} is not a web address (http or https); left out",
        whose(),
        super::text::first_words(url, 60)
    ));
    None
}

/// A post's or a paragraph's text, cut after [`MAX_TEXT_CHARS`] characters with a marker that
/// says how much was left out (and a warning), so no single text fills the layout.
fn cut_long<'a>(
    text: Cow<'a, str>,
    whose: impl FnOnce() -> String,
    warnings: &mut Warnings,
) -> Cow<'a, str> {
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
    let mut text = text.into_owned();
    text.truncate(end);
    text.push_str(&format!(
        "\n[\u{2026} cut here: {} more characters; chorus keeps {} of one text]",
        thousands(left_out),
        thousands(MAX_TEXT_CHARS)
    ));
    Cow::Owned(text)
}

/// Normalizes a tone name from a file: trimmed, lower case; blank means no tone.
pub fn normalize_tone(name: &str) -> Option<String> {
    let t = name.trim().to_lowercase();
    (!t.is_empty()).then_some(t)
}

/// [`normalize_tone`], keeping the string when it is already normal (the usual case).
fn normalize_tone_cow(name: Cow<'_, str>) -> Option<Cow<'_, str>> {
    let normal = !name.is_empty()
        && name.trim().len() == name.len()
        && !name.chars().any(char::is_uppercase);
    if normal {
        Some(name)
    } else {
        normalize_tone(&name).map(Cow::Owned)
    }
}

/// Builds a document from a whole bundle.
pub fn build_document(file: BundleFile) -> Document {
    let mut b = DocBuilder::with_capacity(file.posts.len());
    b.set_article(file.article);
    for p in &file.posts {
        b.push(p.borrowed());
    }
    b.finish()
}

/// Builds a document post by post, as they are read. What is in so far can be had as a
/// document of its own ([`DocBuilder::snapshot`]) while the rest is still being read: replies
/// to posts already in are in place; replies to posts further on wait for [`DocBuilder::finish`].
#[derive(Debug, Default)]
pub struct DocBuilder {
    store: StoreBuilder,
    /// The first post with each id.
    by_id: hashbrown::HashTable<PostIdx>,
    parents: Vec<Option<PostIdx>>,
    /// Posts whose `in_reply_to` named no post read before them.
    pending: Vec<PostIdx>,
    tones: ToneSet,
    tone_lookup: FxHashMap<String, ToneIdx>,
    post_tones: Vec<Option<ToneIdx>>,
    origins: Vec<ToneOrigin>,
    file_cues: FxHashMap<PostIdx, Box<str>>,
    article: ArticleFile,
    warnings: Warnings,
}

fn id_hash(id: &str) -> u64 {
    use std::hash::BuildHasher;
    rustc_hash::FxBuildHasher.hash_one(id)
}

impl DocBuilder {
    pub fn with_capacity(posts: usize) -> Self {
        let tones = ToneSet::default();
        let tone_lookup = tones
            .names
            .iter()
            .enumerate()
            .map(|(i, n)| (n.clone(), i as ToneIdx))
            .collect();
        DocBuilder {
            by_id: hashbrown::HashTable::with_capacity(posts),
            parents: Vec::with_capacity(posts),
            post_tones: Vec::with_capacity(posts),
            origins: Vec::with_capacity(posts),
            tones,
            tone_lookup,
            ..Default::default()
        }
    }

    /// Posts in so far.
    pub fn len(&self) -> usize {
        self.store.len()
    }

    pub fn is_empty(&self) -> bool {
        self.store.is_empty()
    }

    pub fn set_article(&mut self, article: ArticleFile) {
        self.article = article;
    }

    /// The first post in so far with this id.
    fn lookup(&self, id: &str) -> Option<PostIdx> {
        let store = &self.store;
        self.by_id
            .find(id_hash(id), |&i| store.id(i) == id)
            .copied()
    }

    /// Adds a post: sanitized, checked, its reply resolved when it answers a post already in.
    pub fn push(&mut self, p: PostRef<'_>) {
        let i = self.store.len();
        let mut id = clean(p.id);
        if id.is_empty() {
            id = Cow::Owned(format!("#{}", i + 1));
            self.warnings
                .push(format!("post {} has no id; calling it {id}", i + 1));
        }
        let created_at = opt(p.created_at).and_then(|s| {
            let t = Timestamp::parse(&s);
            if t.is_none() {
                self.warnings.push(format!(
                    "post {id:?}: created_at {s:?} is not an RFC 3339 time"
                ));
            }
            t
        });
        let tone = p.tone.map(clean).and_then(normalize_tone_cow);
        let origin = match p.tone_source.as_deref().filter(|_| tone.is_some()) {
            Some("computed") => {
                if let Some(cues) = opt(p.tone_cues) {
                    self.file_cues.insert(i as PostIdx, cues.into());
                }
                ToneOrigin::Computed {
                    confidence: p.tone_confidence.unwrap_or(0.0).clamp(0.0, 1.0),
                }
            }
            Some("corrected") => ToneOrigin::Corrected,
            _ => ToneOrigin::File,
        };
        let tone = tone.map(|t| self.tone_index(&t));
        let mut name = clean(p.author.name);
        let handle = opt(p.author.handle)
            .map(|h| narrowed(h, |h| h.trim().trim_start_matches('@')))
            .filter(|h| !h.is_empty());
        if name.trim().is_empty() {
            name = Cow::Owned(
                handle
                    .as_ref()
                    .map_or_else(|| "unknown".to_string(), |h| format!("@{h}")),
            );
        }
        let url = web_address(p.url, || format!("post {id:?}"), &mut self.warnings);
        let in_reply_to = opt(p.in_reply_to);
        let text = cut_long(clean(p.text), || format!("post {id:?}"), &mut self.warnings);
        let parent = in_reply_to
            .as_deref()
            .and_then(|target| self.lookup(target));
        let idx = self.store.push(NewPost {
            id: &id,
            author_name: &name,
            author_handle: handle.as_deref(),
            text: &text,
            url: url.as_deref(),
            in_reply_to: in_reply_to.as_deref(),
            created_at,
            described: p.text_is_description,
        });
        if in_reply_to.is_some() && parent.is_none() {
            self.pending.push(idx);
        }
        self.parents.push(parent);
        self.post_tones.push(tone);
        self.origins.push(origin);
        match tone {
            Some(t) => self.tones.counts[t as usize] += 1,
            None => self.tones.untagged += 1,
        }
        let store = &self.store;
        let hash = id_hash(&id);
        if self.by_id.find(hash, |&j| store.id(j) == id).is_some() {
            self.warnings.push(format!(
                "post id {id:?} is used twice; replies go to the first"
            ));
        } else {
            self.by_id
                .insert_unique(hash, idx, |&j| id_hash(store.id(j)));
        }
    }

    /// The index of a tone name, adding it to the document's tones when it is new.
    fn tone_index(&mut self, name: &str) -> ToneIdx {
        if let Some(&t) = self.tone_lookup.get(name) {
            return t;
        }
        let name = name.to_string();
        // At most one new tone a post, and posts are far fewer than indices.
        let t = self.tones.names.len() as ToneIdx;
        self.tones.names.push(name.clone());
        self.tones.counts.push(0);
        self.tone_lookup.insert(name, t);
        t
    }

    /// The article as read, its embeds resolved against the posts in so far; what is wrong
    /// with it is said into `warnings`.
    fn article(&self, warnings: &mut Warnings, finished: bool) -> Article {
        let a = &self.article;
        let blocks = a
            .blocks
            .iter()
            .map(|b| match b {
                BlockFile::Paragraph { text } => Block::Paragraph(
                    cut_long(sanitize(text), || "article".to_string(), warnings).into_owned(),
                ),
                BlockFile::Heading { text } => Block::Heading(
                    cut_long(sanitize(text), || "article".to_string(), warnings).into_owned(),
                ),
                BlockFile::Embed { post } => {
                    let id = sanitize(post).into_owned();
                    let found = self.lookup(&id);
                    if found.is_none() && finished {
                        warnings.push(format!(
                            "the article embeds post {id:?}, which is not in the file"
                        ));
                    }
                    Block::Embed { id, post: found }
                }
            })
            .collect();
        let published = opt(borrow(&a.published)).and_then(|s| {
            let t = Timestamp::parse(&s);
            if t.is_none() {
                warnings.push(format!("article: published {s:?} is not an RFC 3339 time"));
            }
            t
        });
        Article {
            title: sanitize(&a.title).into_owned(),
            outlet: opt(borrow(&a.outlet)).map(Cow::into_owned),
            author: opt(borrow(&a.author)).map(Cow::into_owned),
            published,
            url: web_address(borrow(&a.url), || "article".to_string(), warnings)
                .map(Cow::into_owned),
            blocks,
        }
    }

    /// The posts in so far, as a document: replies to posts not read yet stand at top level,
    /// and nothing is said yet of what is missing.
    pub fn snapshot(&self) -> Document {
        let depths = depths_of(&self.parents);
        Document::from_parts(DocumentParts {
            article: self.article(&mut Warnings::default(), false),
            store: self.store.snapshot(),
            parents: self.parents.clone(),
            depths,
            tones: self.tones.clone(),
            post_tones: self.post_tones.clone(),
            origins: self.origins.clone(),
            file_cues: self.file_cues.clone(),
            warnings: Vec::new(),
        })
    }

    /// Everything read: replies to posts further on in the file are resolved, what is missing
    /// or circular is said, and the document is whole.
    pub fn finish(mut self) -> Document {
        let mut warnings = std::mem::take(&mut self.warnings);
        for &i in &self.pending {
            let target = self.store.in_reply_to(i).unwrap_or_default();
            let parent = match self.lookup(target) {
                Some(p) if p == i => {
                    warnings.push(format!(
                        "post {:?} replies to itself; shown at top level",
                        self.store.id(i)
                    ));
                    None
                }
                Some(p) => Some(p),
                None => {
                    warnings.push(format!(
                        "post {:?} replies to {target:?}, which is not in the file",
                        self.store.id(i)
                    ));
                    None
                }
            };
            self.parents[i as usize] = parent;
        }
        let article = self.article(&mut warnings, true);

        let store = self.store.finish();
        let depths = break_cycles_and_set_depths(&store, &mut self.parents, &mut warnings);
        Document::from_parts(DocumentParts {
            article,
            store,
            parents: self.parents,
            depths,
            tones: self.tones,
            post_tones: self.post_tones,
            origins: self.origins,
            file_cues: self.file_cues,
            warnings: warnings.finish(),
        })
    }
}

/// Depths in a forest whose parents come before their replies (a snapshot's).
fn depths_of(parents: &[Option<PostIdx>]) -> Vec<u32> {
    let mut depths = vec![0u32; parents.len()];
    for i in 0..parents.len() {
        if let Some(p) = parents[i]
            && (p as usize) < i
        {
            depths[i] = depths[p as usize] + 1;
        }
    }
    depths
}

/// Walks each post up to its root without recursion, breaking any reply cycle at the post that
/// closes it, and gives every post its depth.
fn break_cycles_and_set_depths(
    store: &PostStore,
    parents: &mut [Option<PostIdx>],
    warnings: &mut Warnings,
) -> Vec<u32> {
    const NEW: u8 = 0;
    const ON_PATH: u8 = 1;
    const DONE: u8 = 2;
    let n = parents.len();
    let mut state = vec![NEW; n];
    let mut depth = vec![0u32; n];
    let mut path: Vec<usize> = Vec::new();
    for start in 0..n {
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
            cur = parents[c].map(|p| p as usize);
        }
        let base = match cur {
            Some(c) if state[c] == ON_PATH => {
                let last = path[path.len() - 1];
                parents[last] = None;
                warnings.push(format!(
                    "post {:?} is part of a reply cycle; shown at top level",
                    store.id(last as PostIdx)
                ));
                0
            }
            Some(c) => depth[c] + 1,
            None => 0,
        };
        for (d, &p) in (base..).zip(path.iter().rev()) {
            depth[p] = d;
            state[p] = DONE;
        }
    }
    depth
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
    fn a_snapshot_shows_the_posts_so_far_and_finish_resolves_the_rest() {
        let mut b = DocBuilder::with_capacity(4);
        b.push(post("b", Some("a")).borrowed());
        b.push(post("a", None).borrowed());
        b.push(post("c", Some("a")).borrowed());
        assert_eq!(b.len(), 3);
        let early = b.snapshot();
        assert_eq!(early.len(), 3);
        // "b" answers a post read after it: at top level for now, and nothing said yet.
        assert_eq!(early.parent(0), None);
        assert_eq!(early.parent(2), Some(1));
        assert_eq!(early.depth(2), 1);
        assert!(early.warnings.is_empty());
        b.push(post("d", Some("gone")).borrowed());
        let d = b.finish();
        assert_eq!(d.parent(0), Some(1));
        assert_eq!(*d.thread.preorder, [1, 0, 2, 3]);
        assert_eq!(d.warnings.len(), 1, "{:?}", d.warnings);
    }

    #[test]
    fn parents_resolve_even_when_the_reply_comes_first() {
        let d = doc(vec![
            post("b", Some("a")),
            post("a", None),
            post("c", Some("b")),
        ]);
        assert_eq!(d.post(0).parent, Some(1));
        assert_eq!(d.posts().map(|p| p.depth).collect::<Vec<_>>(), [1, 0, 2]);
        assert!(d.warnings.is_empty());
    }

    #[test]
    fn missing_parent_and_self_reply_are_warnings() {
        let d = doc(vec![post("a", Some("nope")), post("b", Some("b"))]);
        assert_eq!(d.post(0).parent, None);
        assert_eq!(d.post(1).parent, None);
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
        let roots = d.posts().filter(|p| p.parent.is_none()).count();
        assert_eq!(roots, 1);
        assert_eq!(d.warnings.len(), 1);
        let mut depths: Vec<u32> = d.posts().map(|p| p.depth).collect();
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
        assert_eq!(d.depth(n as u32 - 1) as usize, n - 1);
    }

    #[test]
    fn duplicate_ids_and_bad_times_warn() {
        let mut a = post("a", None);
        a.created_at = Some("last tuesday".into());
        let d = doc(vec![a, post("a", None)]);
        assert_eq!(d.warnings.len(), 2, "{:?}", d.warnings);
        assert!(d.post(0).created_at.is_none());
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
        let kept: Vec<Option<&str>> = d.posts().map(|p| p.url).collect();
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
        assert_eq!(d.post(0).text, "hithere");
        assert_eq!(d.post(0).author.name, "evil");
    }
}
