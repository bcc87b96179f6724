//! The generator's properties: determinism, shape, validity and variety of what it writes.

use std::collections::HashMap;
use std::path::Path;

use jiff::Timestamp;
use jiff::civil::date;
use jiff::tz::Offset;

use super::plan::{MAX_EMBEDS, MAX_ROOTS, later, rfc3339};
use super::{Shape, generate, generate_shaped, write_bundle, write_bundle_shaped};
use crate::load::bundle::BlockFile;
use crate::load::{Input, Limits};
use crate::model::{DEFAULT_TONES, Document};

#[test]
fn deep_and_wide_shapes_make_one_chain_and_one_fan_out() {
    let shaped = |shape| {
        let mut bytes = Vec::new();
        write_bundle_shaped(3000, 5, shape, &mut bytes).expect("write");
        load("shape.json", &bytes)
    };
    let deep = shaped(Shape::Deep);
    assert_eq!(deep.post(2999).depth, 2999);
    assert!(deep.warnings.is_empty());
    let wide = shaped(Shape::Wide);
    assert_eq!(wide.thread.children(0).len(), 2999);
    assert!(wide.posts().all(|p| p.depth <= 1));
}

/// The bundle as chorus loads it.
fn load(name: &str, raw: &[u8]) -> Document {
    let input = Input::Bytes {
        name: Path::new(name),
        bytes: raw,
    };
    crate::load::load(input, None, &Limits::default()).expect("load")
}

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
        for shape in [Shape::Deep, Shape::Wide] {
            let whole = serde_json::to_vec(&generate_shaped(n, 42, shape)).unwrap();
            let mut streamed = Vec::new();
            write_bundle_shaped(n, 42, shape, &mut streamed).unwrap();
            assert_eq!(streamed, whole, "posts = {n}, {shape:?}");
        }
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
        let doc = load("gen.json", &raw);
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
    let doc = load("gen.json", &raw);
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
    let doc = load("gen.json", &raw);
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

/// Times as the generator writes them for a few seeds: a change to the date arithmetic or to how
/// times are written shows here.
#[test]
fn times_for_a_seed_stay_the_same() {
    for (seed, published, created) in [
        (
            1,
            "2023-11-09T15:49:00Z",
            [
                "2023-11-09T06:49:07Z",
                "2023-11-09T06:50:44Z",
                "2023-11-09T06:53:09Z",
            ],
        ),
        (
            7,
            "2024-04-27T17:32:00Z",
            [
                "2024-04-27T07:33:52Z",
                "2024-04-27T07:34:19Z",
                "2024-04-27T07:37:02Z",
            ],
        ),
        // Back across midnight into a leap day, into the old year, and into a common year's
        // last day of February.
        (
            2364,
            "2024-03-01T07:30:00Z",
            [
                "2024-02-29T22:30:04Z",
                "2024-02-29T22:30:33Z",
                "2024-02-29T22:31:48Z",
            ],
        ),
        (
            2779,
            "2024-01-01T08:14:00Z",
            [
                "2023-12-31T22:15:35Z",
                "2023-12-31T22:17:00Z",
                "2023-12-31T22:18:45Z",
            ],
        ),
        (
            3459,
            "2023-03-01T07:36:00Z",
            [
                "2023-02-28T23:36:49Z",
                "2023-02-28T23:36:52Z",
                "2023-02-28T23:38:23Z",
            ],
        ),
    ] {
        let b = generate(3, seed);
        assert_eq!(
            b.article.published.as_deref(),
            Some(published),
            "seed {seed}"
        );
        let times: Vec<_> = b.posts.iter().map(|p| p.created_at.as_deref()).collect();
        assert_eq!(times, created.map(Some), "seed {seed}");
    }
}

/// Read back with jiff's RFC 3339 parser: the article comes out in daytime within two years of
/// 2023-01-01, the first post 2 to 12 hours before it, each next post 3 seconds to 3 minutes after
/// the one before.
#[test]
fn times_follow_the_plan() {
    let parse = |s: Option<&str>| -> Timestamp { s.expect("a time").parse().expect("RFC 3339") };
    let earliest = parse(Some("2023-01-01T07:00:00Z"));
    let latest = parse(Some("2024-12-30T19:59:00Z"));
    for seed in 0..40 {
        let b = generate(300, seed);
        let published = parse(b.article.published.as_deref());
        assert!(
            (earliest..=latest).contains(&published),
            "seed {seed}: {published}"
        );
        let civil = Offset::UTC.to_datetime(published);
        assert!(
            (7..=19).contains(&civil.hour()) && civil.second() == 0,
            "{civil}"
        );

        for p in &b.posts {
            let text = p.created_at.as_deref().unwrap_or_default();
            assert!(text.len() == 20 && text.ends_with('Z'), "{text}");
        }
        let times: Vec<Timestamp> = b
            .posts
            .iter()
            .map(|p| parse(p.created_at.as_deref()))
            .collect();
        let lead = published.duration_since(times[0]).as_secs();
        assert!(
            (2 * 3600 - 180..=12 * 3600 - 3).contains(&lead),
            "seed {seed}: {lead} s"
        );
        for w in times.windows(2) {
            let step = w[1].duration_since(w[0]).as_secs();
            assert!((3..=180).contains(&step), "seed {seed}: {step} s");
        }
    }
}

#[test]
fn times_stop_at_the_last_second_a_four_digit_year_can_write() {
    let eve = date(9999, 12, 31).at(23, 57, 0, 0);
    assert_eq!(rfc3339(later(eve, 179)), "9999-12-31T23:59:59Z");
    assert_eq!(rfc3339(later(eve, 180)), "9999-12-31T23:59:59Z");
    assert_eq!(rfc3339(later(later(eve, 180), 3)), "9999-12-31T23:59:59Z");
    assert_eq!(
        rfc3339(later(date(2024, 2, 28).at(23, 59, 0, 0), 61)),
        "2024-02-29T00:00:01Z"
    );
}
