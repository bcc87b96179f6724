//! Synthetic bundles for tests and benchmarks: `chorus gen --posts N --seed S > FILE`.
//!
//! The article is made-up reporting about an invented place (Quillfen, a harbour town whose
//! tennis club plays on a sandbar between tides); the posts are a conversation about it, in a
//! handful of threads with both deep back-and-forth chains and wide fan-outs, from a pool of
//! fictional authors, with emoji, CJK, combining accents and right-to-left words mixed in.
//!
//! Everything is a pure function of `(posts, seed)`: the same arguments give byte-identical
//! output. [`write_bundle`] streams the posts one at a time, so a million posts need no more
//! memory than one.

use std::io::{BufWriter, Write};

use crate::load::bundle::{ArticleFile, AuthorFile, BlockFile, BundleFile, FORMAT, PostFile};

mod words;

use words::{
    AUTHORS, CLAIMS, DESCRIPTIONS, EXTRAS, HEADINGS, PEOPLE, POST_BODIES, POST_STARTS, QUOTES,
    REPORTERS, SUBJECTS, TAILS, TITLES, VERBS, tone_lines,
};

/// The most posts the article embeds.
const MAX_EMBEDS: usize = 10;
/// The most threads (posts that answer nothing).
const MAX_ROOTS: usize = 6;
/// How far back a "recent" reply looks.
const RECENT: usize = 20;

/// The shape of the generated conversation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Shape {
    /// A few threads with deep back-and-forth chains and wide fan-outs.
    #[default]
    Mixed,
    /// One chain: every post answers the one before, as deep as there are posts.
    Deep,
    /// One fan-out: every post answers the first.
    Wide,
}

/// Builds the whole bundle in memory.
pub fn generate(posts: usize, seed: u64) -> BundleFile {
    generate_shaped(posts, seed, Shape::Mixed)
}

/// Builds the whole bundle in memory, in the given shape.
pub fn generate_shaped(posts: usize, seed: u64, shape: Shape) -> BundleFile {
    let plan = Plan::new(posts, seed, shape);
    BundleFile {
        format: Some(FORMAT.to_string()),
        article: plan.article(),
        posts: plan.posts().collect(),
    }
}

/// Writes the bundle as compact JSON, post by post, byte-identical to serializing
/// [`generate`]'s result. Memory stays constant whatever the number of posts.
///
/// # Errors
///
/// Whatever writing to `out` returns.
pub fn write_bundle(posts: usize, seed: u64, out: impl Write) -> std::io::Result<()> {
    write_bundle_shaped(posts, seed, Shape::Mixed, out)
}

/// [`write_bundle`] in the given shape.
///
/// # Errors
///
/// Whatever writing to `out` returns.
pub fn write_bundle_shaped(
    posts: usize,
    seed: u64,
    shape: Shape,
    out: impl Write,
) -> std::io::Result<()> {
    let plan = Plan::new(posts, seed, shape);
    let mut w = BufWriter::with_capacity(1 << 16, out);
    w.write_all(b"{\"format\":")?;
    serde_json::to_writer(&mut w, FORMAT)?;
    w.write_all(b",\"article\":")?;
    serde_json::to_writer(&mut w, &plan.article())?;
    w.write_all(b",\"posts\":[")?;
    for (i, post) in plan.posts().enumerate() {
        if i > 0 {
            w.write_all(b",")?;
        }
        serde_json::to_writer(&mut w, &post)?;
    }
    w.write_all(b"]}")?;
    w.flush()
}

/// splitmix64. Hand-rolled rather than taken from a crate: a seeded fixture must stay
/// byte-identical across dependency upgrades, and a crate's generator or its sampling methods
/// may change between versions.
#[derive(Debug, Clone)]
struct Rng(u64);

impl Rng {
    /// An independent stream for one part of the output, so that changing how one part is drawn
    /// does not shift the others.
    fn stream(seed: u64, part: u64) -> Rng {
        let mut r = Rng(seed ^ part.wrapping_mul(0xA076_1D64_78BD_642F));
        r.next_u64();
        r
    }

    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (multiply-shift; the bias is far below anything a fixture could show).
    /// `n` must not be 0.
    fn below(&mut self, n: usize) -> usize {
        debug_assert!(n > 0);
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }

    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    /// True `per_mille` times in a thousand.
    fn chance(&mut self, per_mille: usize) -> bool {
        self.below(1000) < per_mille
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }

    /// An index skewed toward 0: a few items are picked often, most rarely.
    fn skewed(&mut self, n: usize) -> usize {
        let k = self.below(n);
        self.below(k + 1)
    }
}

/// What is decided before anything is written: the seed, the root posts and the embedded posts.
struct Plan {
    posts: usize,
    seed: u64,
    /// Indices of the posts that start a thread, ascending; post 0 is always one.
    roots: Vec<usize>,
    /// Indices of the posts the article embeds, ascending.
    embeds: Vec<usize>,
    /// The article's publication time, in seconds since the Unix epoch.
    published: i64,
    shape: Shape,
}

impl Plan {
    fn new(posts: usize, seed: u64, shape: Shape) -> Plan {
        let mut rng = Rng::stream(seed, 1);
        // 2023-01-01T00:00:00Z plus up to two years, in daytime.
        let published = 1_672_531_200
            + 86_400 * rng.below(730) as i64
            + 3_600 * rng.range(7, 19) as i64
            + 60 * rng.below(60) as i64;

        let mut roots = Vec::new();
        if posts > 0 && shape != Shape::Mixed {
            roots.push(0);
        } else if posts > 0 {
            let n = (1 + posts / 25).min(MAX_ROOTS).min(posts);
            // Spread over the start of the conversation, one per step, jittered in its step.
            let step = (posts.min(30 * n) / n).max(1);
            roots.push(0);
            for j in 1..n {
                roots.push(j * step + rng.below(step.div_ceil(2)));
            }
        }

        // Every root, then early replies, until there are enough.
        let mut embeds = roots.clone();
        let want = posts.min(MAX_EMBEDS);
        let mut candidates: Vec<usize> = (0..posts.min(50))
            .filter(|i| roots.binary_search(i).is_err())
            .collect();
        while embeds.len() < want {
            let c = rng.below(candidates.len());
            embeds.push(candidates.swap_remove(c));
        }
        embeds.sort_unstable();

        Plan {
            posts,
            seed,
            roots,
            embeds,
            published,
            shape,
        }
    }

    fn article(&self) -> ArticleFile {
        let mut rng = Rng::stream(self.seed, 2);
        let title = rng.pick(TITLES).to_string();
        let author = rng.pick(REPORTERS).to_string();
        let url = format!(
            "https://quillfen-courier.example/news/{}-{}",
            slug(&title),
            rng.range(1000, 9999)
        );

        let paragraphs = rng.range(11, 13);
        let h1 = rng.below(HEADINGS.len());
        let h2 = (h1 + 1 + rng.below(HEADINGS.len() - 1)) % HEADINGS.len();
        let heading_at = [paragraphs / 3, 2 * paragraphs / 3];
        // The k-th embed follows paragraph (2k + 1) * P / 2E: spread evenly, one per paragraph
        // (there are never more embeds than paragraphs).
        let e = self.embeds.len();
        let embed_after = |k: usize| (2 * k + 1) * paragraphs / (2 * e);

        let mut blocks = Vec::with_capacity(paragraphs + e + 2);
        let mut next_embed = 0;
        for p in 0..paragraphs {
            if p == heading_at[0] || p == heading_at[1] {
                let h = if p == heading_at[0] { h1 } else { h2 };
                blocks.push(BlockFile::Heading {
                    text: HEADINGS[h].to_string(),
                });
            }
            blocks.push(BlockFile::Paragraph {
                text: article_paragraph(&mut rng),
            });
            while next_embed < e && embed_after(next_embed) == p {
                blocks.push(BlockFile::Embed {
                    post: post_id(self.embeds[next_embed]),
                });
                next_embed += 1;
            }
        }

        ArticleFile {
            title,
            outlet: Some("The Quillfen Courier".to_string()),
            author: Some(author),
            published: Some(rfc3339(self.published)),
            url: Some(url),
            blocks,
        }
    }

    fn posts(&self) -> Posts<'_> {
        let mut rng = Rng::stream(self.seed, 3);
        // The first posts come a few hours before the article that embeds them.
        let time = self.published - 3_600 * rng.range(2, 12) as i64;
        Posts {
            plan: self,
            rng,
            next: 0,
            roots_seen: 0,
            time,
            last_author: 0,
            chain: None,
        }
    }
}

/// The posts, generated one at a time.
struct Posts<'a> {
    plan: &'a Plan,
    rng: Rng,
    next: usize,
    /// How many roots come before `next`.
    roots_seen: usize,
    /// created_at of the previous post, in seconds since the Unix epoch.
    time: i64,
    last_author: usize,
    /// A back-and-forth in progress: the author of the next post, the other one, and how many
    /// posts are left.
    chain: Option<(usize, usize, usize)>,
}

impl Iterator for Posts<'_> {
    type Item = PostFile;

    fn next(&mut self) -> Option<PostFile> {
        let i = self.next;
        if i >= self.plan.posts {
            return None;
        }
        self.next += 1;
        let rng = &mut self.rng;

        let is_root = self.plan.roots.get(self.roots_seen) == Some(&i);
        let (parent, author) = if is_root {
            self.roots_seen += 1;
            self.chain = None;
            (None, rng.skewed(AUTHORS.len()))
        } else if let Some((author, other, left)) = self.chain {
            self.chain = (left > 1).then_some((other, author, left - 1));
            (Some(i - 1), author)
        } else if rng.chance(15) {
            // Two people start arguing: each answers the other's last post.
            let other = self.last_author;
            let author = (other + 1 + rng.below(AUTHORS.len() - 1)) % AUTHORS.len();
            self.chain = Some((other, author, rng.range(4, 30)));
            (Some(i - 1), author)
        } else {
            let r = rng.below(100);
            let parent = if r < 30 {
                self.plan.roots[rng.below(self.roots_seen)]
            } else if r < 80 {
                i - 1 - rng.below(i.min(RECENT))
            } else {
                rng.below(i)
            };
            (Some(parent), rng.skewed(AUTHORS.len()))
        };
        self.last_author = author;
        let parent = match self.plan.shape {
            Shape::Mixed => parent,
            Shape::Deep => i.checked_sub(1),
            Shape::Wide => (i > 0).then_some(0),
        };

        self.time += rng.range(3, 180) as i64;
        let tone = pick_tone(rng);
        let embedded = self.plan.embeds.binary_search(&i).is_ok();
        let description = rng.chance(if embedded { 200 } else { 5 });
        let text = if description {
            rng.pick(DESCRIPTIONS).to_string()
        } else {
            post_text(rng, tone)
        };

        let (name, handle) = AUTHORS[author];
        let id = post_id(i);
        Some(PostFile {
            url: Some(format!("https://example.social/@{handle}/{id}")),
            id,
            author: AuthorFile {
                name: name.to_string(),
                handle: Some(handle.to_string()),
            },
            text,
            created_at: Some(rfc3339(self.time)),
            in_reply_to: parent.map(post_id),
            tone: tone.map(str::to_string),
            text_is_description: description,
            ..Default::default()
        })
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = self.plan.posts - self.next;
        (left, Some(left))
    }
}

impl ExactSizeIterator for Posts<'_> {}

fn post_id(i: usize) -> String {
    format!("p{i}")
}

/// Mostly the default tones, supportive most often; about 5% custom, about 5% untagged.
fn pick_tone(rng: &mut Rng) -> Option<&'static str> {
    const WEIGHTS: [(Option<&str>, usize); 9] = [
        (Some("supportive"), 300),
        (Some("empathetic"), 170),
        (Some("humorous"), 140),
        (Some("reassuring"), 120),
        (Some("critical"), 110),
        (Some("neutral"), 60),
        (Some("wistful"), 25),
        (Some("sarcastic"), 25),
        (None, 50),
    ];
    let mut r = rng.below(1000);
    for (tone, w) in WEIGHTS {
        if r < w {
            return tone;
        }
        r -= w;
    }
    None
}

/// 1 to 6 sentences, the first often in the post's tone; now and then a long post (about 600
/// characters, in two paragraphs).
fn post_text(rng: &mut Rng, tone: Option<&str>) -> String {
    let long = rng.chance(30);
    // Short posts are the most common.
    let most = rng.range(1, 6);
    let sentences = rng.range(1, most);
    let mut text = String::with_capacity(if long { 700 } else { 160 });
    if let Some(lines) = tone.and_then(tone_lines)
        && rng.chance(700)
    {
        text.push_str(rng.pick(lines));
        text.push_str(rng.pick(&[".", "!", ".", " 🎾", " ❤️"]));
    }
    let mut n = usize::from(!text.is_empty());
    while if long {
        text.len() < 600
    } else {
        n < sentences
    } {
        if !text.is_empty() {
            text.push_str(if long && n == 4 { "\n\n" } else { " " });
        }
        post_sentence(rng, &mut text);
        n += 1;
    }
    text
}

fn post_sentence(rng: &mut Rng, out: &mut String) {
    let start = rng.pick(POST_STARTS);
    let body = rng.pick(POST_BODIES);
    if start.is_empty() {
        push_capitalized(out, body);
    } else {
        out.push_str(start);
        out.push_str(body);
    }
    out.push_str(rng.pick(&[".", ".", ".", "!", "!!", "?", "…"]));
    if rng.chance(250) {
        out.push(' ');
        out.push_str(rng.pick(EXTRAS));
    }
}

fn article_paragraph(rng: &mut Rng) -> String {
    let sentences = rng.range(2, 5);
    let mut text = String::with_capacity(400);
    let mut quoted = false;
    for s in 0..sentences {
        if s > 0 {
            text.push(' ');
        }
        if !quoted && rng.chance(200) {
            quoted = true;
            text.push('“');
            text.push_str(rng.pick(QUOTES));
            text.push_str(",” said ");
            text.push_str(rng.pick(PEOPLE));
            text.push('.');
        } else {
            text.push_str(rng.pick(SUBJECTS));
            text.push(' ');
            text.push_str(rng.pick(VERBS));
            text.push_str(" that ");
            text.push_str(rng.pick(CLAIMS));
            text.push_str(rng.pick(TAILS));
            text.push('.');
        }
    }
    text
}

fn push_capitalized(out: &mut String, s: &str) {
    let mut chars = s.chars();
    if let Some(c) = chars.next() {
        out.extend(c.to_uppercase());
        out.push_str(chars.as_str());
    }
}

fn slug(title: &str) -> String {
    let mut s = String::new();
    for w in title.split(|c: char| !c.is_ascii_alphanumeric()) {
        if !w.is_empty() {
            if !s.is_empty() {
                s.push('-');
            }
            s.push_str(&w.to_ascii_lowercase());
        }
    }
    s
}

/// `YYYY-MM-DDTHH:MM:SSZ` for seconds since the Unix epoch (civil-from-days, proleptic
/// Gregorian). Written here for the same reason as the generator: the output must not change
/// with a dependency's formatting.
fn rfc3339(secs: i64) -> String {
    let days = secs.div_euclid(86_400);
    let sod = secs.rem_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        sod / 3_600,
        sod % 3_600 / 60,
        sod % 60
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn deep_and_wide_shapes_make_one_chain_and_one_fan_out() {
        let load = |shape| {
            let mut bytes = Vec::new();
            super::write_bundle_shaped(3000, 5, shape, &mut bytes).expect("write");
            crate::load::load(
                crate::load::Input::Bytes {
                    name: std::path::Path::new("shape.json"),
                    bytes: &bytes,
                },
                None,
                &crate::load::Limits::default(),
            )
            .expect("load")
        };
        let deep = load(super::Shape::Deep);
        assert_eq!(deep.post(2999).depth, 2999);
        assert!(deep.warnings.is_empty());
        let wide = load(super::Shape::Wide);
        assert_eq!(wide.thread.children(0).len(), 2999);
        assert!(wide.posts().all(|p| p.depth <= 1));
    }

    use std::collections::HashMap;
    use std::path::Path;

    use super::*;
    use crate::model::DEFAULT_TONES;

    fn bytes(posts: usize, seed: u64) -> Vec<u8> {
        let mut out = Vec::new();
        write_bundle(posts, seed, &mut out).unwrap();
        out
    }

    fn index(id: &str) -> usize {
        id.strip_prefix('p').unwrap().parse().unwrap()
    }

    #[test]
    fn same_seed_same_bytes_and_different_seed_different_bytes() {
        let a = bytes(500, 7);
        assert_eq!(a, bytes(500, 7));
        assert_ne!(a, bytes(500, 8));
        assert_ne!(bytes(0, 1), bytes(0, 2));
    }

    #[test]
    fn the_stream_is_the_serialized_bundle() {
        for n in [0, 1, 2, 13, 300] {
            let whole = serde_json::to_vec(&generate(n, 42)).unwrap();
            assert_eq!(bytes(n, 42), whole, "posts = {n}");
        }
    }

    #[test]
    fn the_post_count_is_exact_and_ids_are_sequential() {
        for n in [0, 1, 2, 5, 9, 10, 11, 24, 25, 26, 149, 150, 1234] {
            let b = generate(n, 3);
            assert_eq!(b.posts.len(), n);
            for (i, p) in b.posts.iter().enumerate() {
                assert_eq!(p.id, format!("p{i}"));
            }
        }
    }

    #[test]
    fn every_reply_names_an_earlier_post() {
        for seed in 0..5 {
            let b = generate(2000, seed);
            assert!(b.posts[0].in_reply_to.is_none());
            for (i, p) in b.posts.iter().enumerate() {
                if let Some(parent) = &p.in_reply_to {
                    assert!(index(parent) < i, "{} replies to {parent}", p.id);
                }
            }
            let roots = b.posts.iter().filter(|p| p.in_reply_to.is_none()).count();
            assert!((2..=MAX_ROOTS).contains(&roots), "{roots} roots");
        }
    }

    #[test]
    fn embeds_name_existing_posts_and_follow_paragraphs() {
        for n in [0, 1, 2, 9, 10, 11, 30, 2000] {
            let b = generate(n, 11);
            let ids: Vec<&str> = b.posts.iter().map(|p| p.id.as_str()).collect();
            let mut embeds = Vec::new();
            for (k, block) in b.article.blocks.iter().enumerate() {
                if let BlockFile::Embed { post } = block {
                    assert!(ids.contains(&post.as_str()), "embed {post} of {n}");
                    assert!(
                        matches!(b.article.blocks[k - 1], BlockFile::Paragraph { .. }),
                        "embed {post} does not follow a paragraph"
                    );
                    embeds.push(index(post));
                }
            }
            assert_eq!(embeds.len(), n.min(MAX_EMBEDS));
            assert!(embeds.windows(2).all(|w| w[0] < w[1]), "{embeds:?}");
            let paragraphs = b
                .article
                .blocks
                .iter()
                .filter(|b| matches!(b, BlockFile::Paragraph { .. }))
                .count();
            let headings = b.article.blocks.len() - paragraphs - embeds.len();
            assert!((11..=13).contains(&paragraphs));
            assert_eq!(headings, 2);
        }
    }

    #[test]
    fn loads_without_warnings() {
        for n in [0, 1, 2, 10, 57, 2000] {
            let raw = bytes(n, 5);
            let doc = crate::load::load(
                crate::load::Input::Bytes {
                    name: Path::new("gen.json"),
                    bytes: &raw,
                },
                None,
                &crate::load::Limits::default(),
            )
            .unwrap();
            assert!(doc.warnings.is_empty(), "posts = {n}: {:?}", doc.warnings);
            assert_eq!(doc.len(), n);
            assert_eq!(doc.quotes().count(), n.min(MAX_EMBEDS));
            assert!(doc.article.published.is_some());
            assert!(doc.posts().all(|p| p.created_at.is_some()));
            assert!(
                doc.posts()
                    .all(|p| p.in_reply_to.is_some() == p.parent.is_some())
            );
        }
    }

    #[test]
    fn every_default_tone_and_untagged_appear() {
        let raw = bytes(2000, 9);
        let doc = crate::load::load(
            crate::load::Input::Bytes {
                name: Path::new("gen.json"),
                bytes: &raw,
            },
            None,
            &crate::load::Limits::default(),
        )
        .unwrap();
        for tone in DEFAULT_TONES {
            let i = doc.tones.names.iter().position(|n| n == tone);
            assert!(i.is_some_and(|i| doc.tones.counts[i] > 0), "no {tone}");
        }
        assert!(doc.tones.untagged > 0);
        assert!(
            doc.tones
                .names
                .iter()
                .any(|n| n == "wistful" || n == "sarcastic")
        );
        // Supportive is the most common tone.
        let most = (0..doc.tones.counts.len()).max_by_key(|&i| doc.tones.counts[i]);
        assert_eq!(
            most.map(|i| doc.tones.name(i as crate::model::ToneIdx)),
            Some("supportive")
        );
    }

    #[test]
    fn zero_and_one_posts() {
        let b = generate(0, 1);
        assert!(b.posts.is_empty());
        assert!(!b.article.title.is_empty());
        assert!(
            !b.article
                .blocks
                .iter()
                .any(|b| matches!(b, BlockFile::Embed { .. }))
        );

        let b = generate(1, 1);
        assert_eq!(b.posts.len(), 1);
        assert!(b.posts[0].in_reply_to.is_none());
        let embeds: Vec<_> = b
            .article
            .blocks
            .iter()
            .filter_map(|b| match b {
                BlockFile::Embed { post } => Some(post.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(embeds, ["p0"]);
    }

    #[test]
    fn threads_have_deep_chains_and_wide_fan_outs() {
        let raw = bytes(2000, 4);
        let doc = crate::load::load(
            crate::load::Input::Bytes {
                name: Path::new("gen.json"),
                bytes: &raw,
            },
            None,
            &crate::load::Limits::default(),
        )
        .unwrap();
        let depth = doc.posts().map(|p| p.depth).max().unwrap();
        let mut children: HashMap<u32, usize> = HashMap::new();
        for p in doc.posts() {
            if let Some(parent) = p.parent {
                *children.entry(parent).or_default() += 1;
            }
        }
        let widest = children.values().copied().max().unwrap();
        assert!(depth >= 15, "max depth {depth}");
        assert!(widest >= 50, "widest fan-out {widest}");
    }

    #[test]
    fn texts_mix_scripts_emoji_lengths_and_descriptions() {
        let b = generate(2000, 2);
        let has = |s: &str| b.posts.iter().any(|p| p.text.contains(s));
        for s in ["👨‍👩‍👧‍👦", "👶🏽", "❤️", "\u{301}", "שלום", "太好了"]
        {
            assert!(has(s), "no post contains {s:?}");
        }
        assert!(b.posts.iter().any(|p| p.text.chars().count() >= 550));
        assert!(b.posts.iter().any(|p| p.author.name == "أمينة"));
        let described = b.posts.iter().filter(|p| p.text_is_description).count();
        assert!((1..=40).contains(&described), "{described} descriptions");
        for p in &b.posts {
            assert!(!p.text.trim().is_empty());
            let handle = p.author.handle.as_deref().unwrap();
            assert_eq!(
                p.url.as_deref(),
                Some(format!("https://example.social/@{handle}/{}", p.id).as_str())
            );
        }
    }

    #[test]
    fn times_increase_and_match_a_real_formatter() {
        let b = generate(500, 6);
        let times: Vec<&str> = b
            .posts
            .iter()
            .map(|p| p.created_at.as_deref().unwrap())
            .collect();
        assert!(times.windows(2).all(|w| w[0] < w[1]));
        assert!(times.iter().all(|t| t.ends_with('Z') && t.len() == 20));
        for s in [
            0,
            59,
            86_399,
            951_782_400, // 2000-02-29
            1_672_531_200,
            1_709_164_800, // 2024-02-29
            4_102_444_799,
            -1,
            -86_400 * 365,
        ] {
            let expected = jiff::Timestamp::from_second(s).unwrap().to_string();
            assert_eq!(rfc3339(s), expected, "{s}");
        }
        for s in (0..4_000_000_000i64).step_by(7_777_777) {
            let expected = jiff::Timestamp::from_second(s).unwrap().to_string();
            assert_eq!(rfc3339(s), expected, "{s}");
        }
    }
}
