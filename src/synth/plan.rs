//! What is decided before anything is written (the threads, the embeds, the publication time),
//! and the posts drawn from it one at a time.

use jiff::civil::{DateTime, date};
use jiff::{SignedDuration, Span};

use crate::load::bundle::{ArticleFile, AuthorFile, BlockFile, PostFile};

use super::Shape;
use super::rng::Rng;
use super::text::{article_paragraph, pick_tone, post_text, slug};
use super::words::{AUTHORS, DESCRIPTIONS, HEADINGS, REPORTERS, TITLES};

/// The most posts the article embeds.
pub(super) const MAX_EMBEDS: usize = 10;
/// The most threads (posts that answer nothing).
pub(super) const MAX_ROOTS: usize = 6;
/// How far back a "recent" reply looks.
const RECENT: usize = 20;
/// The earliest the article can be published; it comes out up to two years later.
const FIRST_DAY: DateTime = date(2023, 1, 1).at(0, 0, 0, 0);

/// What is decided before anything is written: the seed, the root posts and the embedded posts.
pub(super) struct Plan {
    posts: usize,
    seed: u64,
    /// Indices of the posts that start a thread, ascending; post 0 is always one.
    roots: Vec<usize>,
    /// Indices of the posts the article embeds, ascending.
    embeds: Vec<usize>,
    /// The article's publication time, in UTC.
    published: DateTime,
    shape: Shape,
}

impl Plan {
    pub(super) fn new(posts: usize, seed: u64, shape: Shape) -> Plan {
        let mut rng = Rng::stream(seed, 1);
        // Some day in the two years from FIRST_DAY, in daytime.
        let day = rng.below(730) as i64;
        let hour = rng.range(7, 19) as i64;
        let minute = rng.below(60) as i64;
        let published = FIRST_DAY + Span::new().days(day).hours(hour).minutes(minute);

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

    pub(super) fn article(&self) -> ArticleFile {
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

    pub(super) fn posts(&self) -> Posts<'_> {
        let mut rng = Rng::stream(self.seed, 3);
        // The first posts come a few hours before the article that embeds them.
        let time = self.published - SignedDuration::from_hours(rng.range(2, 12) as i64);
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
pub(super) struct Posts<'a> {
    plan: &'a Plan,
    rng: Rng,
    next: usize,
    /// How many roots come before `next`.
    roots_seen: usize,
    /// created_at of the previous post, in UTC.
    time: DateTime,
    last_author: usize,
    /// A back-and-forth in progress: the author of the next post, the other one, and how many
    /// posts are left.
    chain: Option<(usize, usize, usize)>,
}

impl Posts<'_> {
    /// Where post `i` goes: the post it answers, if any, and its author's index in [`AUTHORS`].
    fn place(&mut self, i: usize) -> (Option<usize>, usize) {
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
        (parent, author)
    }
}

impl Iterator for Posts<'_> {
    type Item = PostFile;

    fn next(&mut self) -> Option<PostFile> {
        let i = self.next;
        if i >= self.plan.posts {
            return None;
        }
        self.next += 1;
        let (parent, author) = self.place(i);

        let rng = &mut self.rng;
        self.time = later(self.time, rng.range(3, 180));
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

/// `time` plus `secs` seconds. Past the end of the year 9999, which RFC 3339's four-digit years
/// cannot write (some 2.7 billion posts in), the time stays at its last second.
///
/// Times are UTC civil date-times rather than [`jiff::Timestamp`]s: a timestamp ends at
/// 9999-12-30T22:00:00Z, a day before the last second a four-digit year can write.
pub(super) fn later(time: DateTime, secs: usize) -> DateTime {
    time.saturating_add(SignedDuration::from_secs(secs as i64))
}

/// `YYYY-MM-DDTHH:MM:SSZ`, the form `created_at` and `published` take in a bundle (whole seconds:
/// precision 0 drops the fraction).
pub(super) fn rfc3339(time: DateTime) -> String {
    format!("{time:.0}Z")
}
