//! The conversation in figures: posts per tone, the replies under each quote split by tone,
//! replies per time step split by tone, and where the tones came from (the file, the tagger,
//! the reader). Pure functions of a document and the tones shown; the reader's overview pane
//! draws them and `chorus stats` prints them.
//!
//! Everything is counted in one walk down the thread in memory order (tones are kept by thread
//! place), so a million posts take a few milliseconds; the time step of each post is found
//! once per document ([`TimeIndex`]) and reused whenever the filter changes.

use serde::Serialize;

use crate::model::{Document, NO_TONE, PostIdx, ToneKey, ToneOrigin};

/// A computed tone below this confidence counts as low-confidence in "how the tones were set".
/// The tagger's confidence is its margin over the next tone; below one half, the next tone was
/// nearly as likely (docs/tone.md shows accuracy by confidence).
pub const LOW_CONFIDENCE: f32 = 0.5;

/// At most this many time steps: the step is the smallest of [`STEPS`] that covers the
/// thread's span in this many.
pub const MAX_STEPS: usize = 48;

/// The time steps to choose from: (seconds, name).
pub const STEPS: [(i64, &str); 14] = [
    (60, "minute"),
    (5 * 60, "5 minutes"),
    (15 * 60, "15 minutes"),
    (30 * 60, "30 minutes"),
    (3600, "hour"),
    (3 * 3600, "3 hours"),
    (6 * 3600, "6 hours"),
    (12 * 3600, "12 hours"),
    (86_400, "day"),
    (7 * 86_400, "week"),
    (30 * 86_400, "30 days"),
    (91 * 86_400, "91 days"),
    (365 * 86_400, "365 days"),
    (3650 * 86_400, "3650 days"),
];

/// No time step: the post has no time.
const UNDATED: u32 = u32::MAX;

/// Each post's time step, by thread place, for one document and time zone.
#[derive(Debug, Clone, Default)]
pub struct TimeIndex {
    /// The step, in seconds, and its name; `None` when no post has a time.
    pub step: Option<(i64, &'static str)>,
    /// The first step's start, in seconds since the epoch (a multiple of the step in the
    /// reader's time zone at that time).
    pub start: i64,
    /// The reader's offset from UTC at the first post, in seconds: every step boundary uses it.
    pub offset: i32,
    pub steps: usize,
    /// The step of the post at each thread place, or [`UNDATED`].
    step_at: Vec<u32>,
}

/// What counting needs of a document, owned, so a worker can count while the reader goes on:
/// a few arrays copied (a few milliseconds at a million posts) and the words shared.
#[derive(Debug, Clone)]
pub struct Snapshot {
    store: crate::model::PostStore,
    /// Each post's place in thread order.
    position: Vec<u32>,
    /// Each place's tone, or [`NO_TONE`].
    tones: Vec<crate::model::ToneIdx>,
    /// Each post's tone origin.
    origins: Vec<ToneOrigin>,
    /// The legend's keys.
    legend: Vec<ToneKey>,
    /// How many tone names the document has.
    names: usize,
    /// Each quote's post and its subtree's places.
    quotes: Vec<(PostIdx, std::ops::Range<usize>)>,
    /// When a filter expression is set: the posts it lets through, by place; the others are
    /// not counted.
    mask: Option<std::sync::Arc<Vec<bool>>>,
}

impl Snapshot {
    pub fn of(doc: &Document) -> Snapshot {
        Snapshot {
            store: doc.store().clone(),
            position: doc.thread.position.clone(),
            tones: doc.tones_in_thread_order().to_vec(),
            origins: doc.origins().to_vec(),
            legend: doc.tones.legend().into_iter().map(|(k, _)| k).collect(),
            names: doc.tones.names.len(),
            quotes: doc
                .quotes()
                .map(|(_, p)| (p, doc.thread.subtree(p)))
                .collect(),
            mask: None,
        }
    }

    /// Counts only the posts `mask` (by thread place) lets through.
    pub fn with_mask(mut self, mask: Option<std::sync::Arc<Vec<bool>>>) -> Snapshot {
        self.mask = mask;
        self
    }

    fn counted(&self, k: usize) -> bool {
        self.mask
            .as_ref()
            .is_none_or(|m| m.get(k).copied().unwrap_or(true))
    }

    pub fn len(&self) -> usize {
        self.position.len()
    }

    pub fn is_empty(&self) -> bool {
        self.position.is_empty()
    }
}

impl TimeIndex {
    /// Finds every post's time step, the step chosen from the thread's span.
    pub fn new(doc: &Document, tz: &jiff::tz::TimeZone) -> TimeIndex {
        TimeIndex::of(&Snapshot::of(doc), tz)
    }

    /// [`TimeIndex::new`] from a snapshot.
    pub fn of(doc: &Snapshot, tz: &jiff::tz::TimeZone) -> TimeIndex {
        // Read in file order (the store's order), placed by thread order afterwards.
        let store = &doc.store;
        let secs: Vec<Option<i64>> = (0..doc.len() as PostIdx)
            .map(|p| store.created_at(p).map(|t| t.sort_key()))
            .collect();
        let (Some(lo), Some(hi)) = (
            secs.iter().flatten().min().copied(),
            secs.iter().flatten().max().copied(),
        ) else {
            return TimeIndex {
                step_at: vec![UNDATED; secs.len()],
                ..Default::default()
            };
        };
        let offset = jiff::Timestamp::from_second(lo)
            .map(|t| tz.to_offset(t).seconds())
            .unwrap_or(0);
        let off = i64::from(offset);
        let step = STEPS
            .iter()
            .copied()
            .find(|&(s, _)| {
                let start = (lo + off).div_euclid(s) * s - off;
                ((hi - start) / s + 1) as usize <= MAX_STEPS
            })
            .unwrap_or(STEPS[STEPS.len() - 1]);
        let start = (lo + off).div_euclid(step.0) * step.0 - off;
        let steps = ((hi - start) / step.0 + 1) as usize;
        let mut step_at = vec![UNDATED; secs.len()];
        for (s, &place) in secs.iter().zip(&doc.position) {
            if let Some(s) = s {
                step_at[place as usize] = ((s - start) / step.0) as u32;
            }
        }
        TimeIndex {
            step: Some(step),
            start,
            offset,
            steps,
            step_at,
        }
    }

    /// When step `i` starts, in seconds since the epoch.
    pub fn step_start(&self, i: usize) -> i64 {
        self.start + self.step.map_or(0, |s| s.0) * i as i64
    }

    /// The time step of the post at thread place `k`, if it has a time.
    pub fn step_at(&self, k: usize) -> Option<usize> {
        self.step_at
            .get(k)
            .filter(|&&s| s != UNDATED)
            .map(|&s| s as usize)
    }
}

/// A count for a worker to make: a document's snapshot, and its time index when it is known.
#[derive(Debug, Clone)]
pub struct TallyRequest {
    pub generation: u64,
    pub snapshot: Snapshot,
    pub time: Option<TimeIndex>,
    pub tz: jiff::tz::TimeZone,
}

/// What a worker counted for a [`TallyRequest`].
#[derive(Debug, Clone)]
pub struct Tallied {
    pub generation: u64,
    pub time: TimeIndex,
    pub tally: Tally,
}

/// The same question or answer: compared by generation (snapshots are too large to compare).
impl PartialEq for TallyRequest {
    fn eq(&self, other: &Self) -> bool {
        self.generation == other.generation
    }
}

impl Eq for TallyRequest {}

impl PartialEq for Tallied {
    fn eq(&self, other: &Self) -> bool {
        self.generation == other.generation
    }
}

impl TallyRequest {
    /// Counts (on whatever thread calls it).
    pub fn count(self) -> Tallied {
        let time = self
            .time
            .unwrap_or_else(|| TimeIndex::of(&self.snapshot, &self.tz));
        let tally = Tally::of(&self.snapshot, &time);
        Tallied {
            generation: self.generation,
            time,
            tally,
        }
    }
}

/// One tone's row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ToneRow {
    pub key: ToneKey,
    /// Posts of this tone the filter shows (0 when it hides the tone).
    pub shown: usize,
    /// Posts of this tone in the document.
    pub total: usize,
    pub hidden: bool,
}

/// The replies under one quote: the quoted post's subtree, the post itself left out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuoteRow {
    pub post: PostIdx,
    /// Shown replies per tone, in the order of [`Figures::tones`].
    pub counts: Vec<usize>,
    pub shown: usize,
    pub total: usize,
}

/// Shown posts per time step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeRow {
    pub start: i64,
    /// Per tone, in the order of [`Figures::tones`].
    pub counts: Vec<usize>,
    pub shown: usize,
}

/// Where the shown posts' tones came from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Sources {
    /// Given by the file.
    pub file: usize,
    /// Computed by the tagger.
    pub computed: usize,
    /// Of those, below [`LOW_CONFIDENCE`].
    pub low_confidence: usize,
    /// Set by the reader.
    pub corrected: usize,
    /// No tone at all.
    pub untagged: usize,
}

/// The figures for the posts a filter shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Figures {
    pub total: usize,
    pub shown: usize,
    /// Every tone some post carries, then untagged (the legend's order).
    pub tones: Vec<ToneRow>,
    pub quotes: Vec<QuoteRow>,
    /// `None` when no post has a time.
    pub time: Option<Vec<TimeRow>>,
    /// Shown posts without a time.
    pub undated: usize,
    pub sources: Sources,
}

/// Where a tone came from, as counted per tone.
const FROM_FILE: usize = 0;
const COMPUTED: usize = 1;
const LOW: usize = 2;
const CORRECTED: usize = 3;

/// Every count the figures need, per tone, whatever the filter: a filter then only leaves
/// tones out ([`Figures::new`]), so changing it costs nothing like a walk over the posts.
/// Counted again when tones change (a correction, the tagger) or the document does.
#[derive(Debug, Clone, Default)]
pub struct Tally {
    /// The legend: every tone some post carries, then untagged.
    keys: Vec<ToneKey>,
    total: Vec<usize>,
    /// Per quote (the article's order): its post, and its replies per tone.
    quotes: Vec<(PostIdx, Vec<usize>)>,
    /// Per time step, posts per tone (`steps × tones`, row by row).
    steps: Vec<usize>,
    /// Per tone, posts without a time.
    undated: Vec<usize>,
    /// Per tone: from the file, computed, of those low-confidence, corrected.
    sources: Vec<[usize; 4]>,
    posts: usize,
}

impl Tally {
    pub fn new(doc: &Document, time: &TimeIndex) -> Tally {
        Tally::of(&Snapshot::of(doc), time)
    }

    /// [`Tally::new`] from a snapshot.
    pub fn of(doc: &Snapshot, time: &TimeIndex) -> Tally {
        let n = doc.legend.len();
        let no_tone = doc.names;
        // Legend place of each tone index, and of "no tone" at the end.
        let mut place_of = vec![0usize; no_tone + 1];
        for (place, key) in doc.legend.iter().enumerate() {
            match key {
                ToneKey::Tone(t) => place_of[(*t as usize).min(no_tone)] = place,
                ToneKey::Untagged => place_of[no_tone] = place,
            }
        }
        let tones = &doc.tones;
        let place_at = |k: usize| {
            let t = tones[k];
            place_of[if t == NO_TONE { no_tone } else { t as usize }.min(no_tone)]
        };
        // Down the thread in order: tones and time steps are kept by place.
        let mut total = vec![0usize; n];
        let mut steps = vec![0usize; time.steps * n];
        let mut undated = vec![0usize; n];
        for k in 0..tones.len() {
            if !doc.counted(k) {
                continue;
            }
            let place = place_at(k);
            total[place] += 1;
            match time.step_at(k) {
                Some(s) => steps[s * n + place] += 1,
                None => undated[place] += 1,
            }
        }
        // Where each tone came from, by post (origins are kept by post).
        let mut sources = vec![[0usize; 4]; n];
        for (&place_k, origin) in doc.position.iter().zip(&doc.origins) {
            if !doc.counted(place_k as usize) {
                continue;
            }
            let s = &mut sources[place_at(place_k as usize)];
            match *origin {
                ToneOrigin::File => s[FROM_FILE] += 1,
                ToneOrigin::Corrected => s[CORRECTED] += 1,
                ToneOrigin::Computed { confidence } => {
                    s[COMPUTED] += 1;
                    s[LOW] += usize::from(confidence < LOW_CONFIDENCE);
                }
            }
        }
        let quotes = doc
            .quotes
            .iter()
            .map(|(post, range)| {
                let mut counts = vec![0usize; n];
                for k in range.start + 1..range.end {
                    if doc.counted(k) {
                        counts[place_at(k)] += 1;
                    }
                }
                (*post, counts)
            })
            .collect();
        Tally {
            keys: doc.legend.clone(),
            total,
            quotes,
            steps,
            undated,
            sources,
            posts: doc.len(),
        }
    }
}

impl Figures {
    /// The figures for the posts `hidden` lets through, from a document's [`Tally`].
    pub fn new(tally: &Tally, time: &TimeIndex, hidden: &dyn Fn(ToneKey) -> bool) -> Figures {
        let n = tally.keys.len();
        let shown: Vec<bool> = tally.keys.iter().map(|&k| !hidden(k)).collect();
        let masked = |counts: &[usize]| -> Vec<usize> {
            counts
                .iter()
                .zip(&shown)
                .map(|(&c, &s)| if s { c } else { 0 })
                .collect()
        };
        let tones: Vec<ToneRow> = tally
            .keys
            .iter()
            .zip(&tally.total)
            .zip(&shown)
            .map(|((&key, &total), &s)| ToneRow {
                key,
                shown: if s { total } else { 0 },
                total,
                hidden: !s,
            })
            .collect();
        let quotes = tally
            .quotes
            .iter()
            .map(|(post, counts)| {
                let c = masked(counts);
                QuoteRow {
                    post: *post,
                    shown: c.iter().sum(),
                    counts: c,
                    total: counts.iter().sum(),
                }
            })
            .collect();
        let time_rows = time.step.map(|_| {
            tally
                .steps
                .chunks(n.max(1))
                .take(time.steps)
                .enumerate()
                .map(|(i, c)| {
                    let counts = masked(c);
                    TimeRow {
                        start: time.step_start(i),
                        shown: counts.iter().sum(),
                        counts,
                    }
                })
                .collect()
        });
        let mut sources = Sources::default();
        for ((key, s), &on) in tally.keys.iter().zip(&tally.sources).zip(&shown) {
            if !on {
                continue;
            }
            if *key == ToneKey::Untagged {
                sources.untagged += s.iter().sum::<usize>() - s[LOW];
            } else {
                sources.file += s[FROM_FILE];
                sources.computed += s[COMPUTED];
                sources.low_confidence += s[LOW];
                sources.corrected += s[CORRECTED];
            }
        }
        Figures {
            total: tally.posts,
            shown: tones.iter().map(|r| r.shown).sum(),
            tones,
            quotes,
            time: time_rows,
            undated: masked(&tally.undated).iter().sum(),
            sources,
        }
    }

    /// The first shown post in time step `step` (the earliest; thread order breaks ties).
    /// Reads down the thread in memory order and looks at the times of that step's posts only.
    pub fn first_in_step(
        doc: &Document,
        time: &TimeIndex,
        step: usize,
        hidden: &dyn Fn(ToneKey) -> bool,
    ) -> Option<PostIdx> {
        let store = doc.store();
        let tones = doc.tones_in_thread_order();
        let mut hidden_tone = vec![false; doc.tones.names.len()];
        for (t, h) in hidden_tone.iter_mut().enumerate() {
            *h = hidden(ToneKey::Tone(t as crate::model::ToneIdx));
        }
        let hidden_none = hidden(ToneKey::Untagged);
        let shown = |k: usize| match tones[k] {
            NO_TONE => !hidden_none,
            t => !hidden_tone.get(t as usize).copied().unwrap_or(false),
        };
        (0..tones.len())
            .filter(|&k| time.step_at(k) == Some(step) && shown(k))
            .map(|k| {
                let p = doc.thread.preorder[k];
                (store.created_at(p).map(|t| t.sort_key()), k, p)
            })
            .min()
            .map(|(_, _, p)| p)
    }
}

// ---- `chorus stats` ------------------------------------------------------------------------

/// The version string of `chorus stats --format json`.
pub const STATS_FORMAT: &str = "chorus-stats/1";

#[derive(Debug, Serialize)]
struct ToneJson<'a> {
    tone: &'a str,
    badge: String,
    posts: usize,
    share: f64,
}

#[derive(Debug, Serialize)]
struct QuoteJson<'a> {
    post: &'a str,
    author: &'a str,
    words: String,
    replies: usize,
    tones: serde_json::Map<String, serde_json::Value>,
}

#[derive(Debug, Serialize)]
struct StepJson {
    start: String,
    posts: usize,
    tones: serde_json::Map<String, serde_json::Value>,
}

#[derive(Debug, Serialize)]
struct TimeJson {
    step: &'static str,
    step_seconds: i64,
    time_zone: String,
    steps: Vec<StepJson>,
    undated: usize,
}

#[derive(Debug, Serialize)]
struct SourcesJson {
    #[serde(flatten)]
    sources: Sources,
    low_confidence_below: f32,
}

#[derive(Debug, Serialize)]
struct StatsJson<'a> {
    format: &'static str,
    posts: usize,
    shown: usize,
    tones: Vec<ToneJson<'a>>,
    quotes: Vec<QuoteJson<'a>>,
    time: Option<TimeJson>,
    sources: SourcesJson,
}

/// A tone's name and badge letter, as the legend shows them.
fn tone_name(doc: &Document, key: ToneKey) -> &str {
    match key {
        ToneKey::Tone(t) => doc.tones.name(t),
        ToneKey::Untagged => "untagged",
    }
}

fn badge(palette: &crate::tone::Palette, key: ToneKey) -> String {
    palette.look(key).badge.clone()
}

/// The first few words of a post, for a quote's row.
pub fn first_words(text: &str, max: usize) -> String {
    let mut words: Vec<&str> = text.split_whitespace().take(max + 1).collect();
    let cut = words.len() > max;
    words.truncate(max);
    let mut s = words.join(" ");
    if cut {
        s.push('…');
    }
    s
}

/// A step's start as the reader's clock shows it: RFC 3339 with the offset.
pub fn local_time(secs: i64, offset: i32) -> String {
    let off = jiff::tz::Offset::from_seconds(offset).unwrap_or(jiff::tz::Offset::UTC);
    let Ok(t) = jiff::Timestamp::from_second(secs) else {
        return secs.to_string();
    };
    let sign = if offset < 0 { '-' } else { '+' };
    let a = offset.unsigned_abs();
    format!(
        "{}{sign}{:02}:{:02}",
        off.to_datetime(t).strftime("%Y-%m-%dT%H:%M:%S"),
        a / 3600,
        (a % 3600) / 60
    )
}

fn by_tone(
    doc: &Document,
    figures: &Figures,
    counts: &[usize],
) -> serde_json::Map<String, serde_json::Value> {
    figures
        .tones
        .iter()
        .zip(counts)
        .filter(|&(_, &n)| n > 0)
        .map(|(row, &n)| (tone_name(doc, row.key).to_string(), n.into()))
        .collect()
}

/// `chorus stats --format json`: the figures as a stable JSON document (docs/formats.md).
pub fn to_json(doc: &Document, time: &TimeIndex, figures: &Figures, tz_name: &str) -> String {
    let palette = crate::tone::Palette::new(&doc.tones);
    let shown = figures.shown.max(1) as f64;
    let stats = StatsJson {
        format: STATS_FORMAT,
        posts: figures.total,
        shown: figures.shown,
        tones: figures
            .tones
            .iter()
            .filter(|r| !r.hidden)
            .map(|r| ToneJson {
                tone: tone_name(doc, r.key),
                badge: badge(&palette, r.key),
                posts: r.shown,
                share: (r.shown as f64 / shown * 1000.0).round() / 1000.0,
            })
            .collect(),
        quotes: figures
            .quotes
            .iter()
            .map(|q| {
                let p = doc.post(q.post);
                QuoteJson {
                    post: p.id,
                    author: &p.author.name,
                    words: first_words(p.text, 8),
                    replies: q.shown,
                    tones: by_tone(doc, figures, &q.counts),
                }
            })
            .collect(),
        time: time
            .step
            .zip(figures.time.as_ref())
            .map(|(step, rows)| TimeJson {
                step: step.1,
                step_seconds: step.0,
                time_zone: tz_name.to_string(),
                steps: rows
                    .iter()
                    .map(|r| StepJson {
                        start: local_time(r.start, time.offset),
                        posts: r.shown,
                        tones: by_tone(doc, figures, &r.counts),
                    })
                    .collect(),
                undated: figures.undated,
            }),
        sources: SourcesJson {
            sources: figures.sources,
            low_confidence_below: LOW_CONFIDENCE,
        },
    };
    let mut s = serde_json::to_string_pretty(&stats).unwrap_or_default();
    s.push('\n');
    s
}

/// Counts per tone as "S 3, C 1", the tones without posts left out.
fn by_letter(figures: &Figures, palette: &crate::tone::Palette, counts: &[usize]) -> String {
    figures
        .tones
        .iter()
        .zip(counts)
        .filter(|&(_, &n)| n > 0)
        .map(|(t, &n)| format!("{} {}", badge(palette, t.key), crate::load::thousands(n)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `chorus stats`: the figures as plain text.
pub fn to_text(doc: &Document, time: &TimeIndex, figures: &Figures, tz_name: &str) -> String {
    use std::fmt::Write;
    let palette = crate::tone::Palette::new(&doc.tones);
    let th = crate::load::thousands;
    let mut s = String::new();
    let _ = writeln!(
        s,
        "posts: {} of {} shown",
        th(figures.shown),
        th(figures.total)
    );
    let _ = writeln!(s, "\nby tone:");
    let shown = figures.shown.max(1) as f64;
    for r in figures.tones.iter().filter(|r| !r.hidden) {
        let _ = writeln!(
            s,
            "  [{}] {:<12} {:>9}  {:>5.1}%",
            badge(&palette, r.key),
            tone_name(doc, r.key),
            th(r.shown),
            r.shown as f64 * 100.0 / shown
        );
    }
    if !figures.quotes.is_empty() {
        let _ = writeln!(s, "\nby quote (replies under each embedded post):");
        for q in &figures.quotes {
            let p = doc.post(q.post);
            let split = by_letter(figures, &palette, &q.counts);
            let _ = writeln!(
                s,
                "  {}: {}  {} replies{}{split}",
                p.author.name,
                first_words(p.text, 8),
                th(q.shown),
                if split.is_empty() { "" } else { ": " },
            );
        }
    }
    match time.step.zip(figures.time.as_ref()) {
        Some((step, rows)) => {
            let _ = writeln!(s, "\nover time (per {}, {tz_name}):", step.1);
            for r in rows {
                let split = by_letter(figures, &palette, &r.counts);
                let _ = writeln!(
                    s,
                    "  {}  {:>9}{}{split}",
                    local_time(r.start, time.offset),
                    th(r.shown),
                    if split.is_empty() { "" } else { "  " },
                );
            }
            if figures.undated > 0 {
                let _ = writeln!(s, "  without a time: {}", th(figures.undated));
            }
        }
        None => {
            let _ = writeln!(s, "\nover time: no post has a time");
        }
    }
    let src = figures.sources;
    let _ = writeln!(
        s,
        "\ntones set by: the file {}, the tagger {} ({} below confidence {LOW_CONFIDENCE}), you {}; untagged {}",
        th(src.file),
        th(src.computed),
        th(src.low_confidence),
        th(src.corrected),
        th(src.untagged)
    );
    s
}
