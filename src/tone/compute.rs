//! Tones for posts that have none: the tagger applied to a document, whole (for `print` and
//! `convert`, and for small documents before the reader starts) or in batches (for the
//! reader's background worker on large ones).

use std::time::{Duration, Instant};

use super::Tone6;
use super::tagger::{tag, tone_of};
use crate::model::{Document, PostIdx, PostStore, ToneIdx, ToneOrigin};

/// One computed tone, ready to apply to a document. Its cues are not kept (a million posts'
/// cues would cost more than their texts): [`explain`] asks the tagger again.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ComputedTone {
    pub post: PostIdx,
    pub tone: ToneIdx,
    pub confidence: f32,
}

/// Posts to tag, with the store their texts are in (shared, not copied).
#[derive(Debug, Clone, Default)]
pub struct Work {
    pub store: PostStore,
    pub posts: Vec<PostIdx>,
}

impl Work {
    pub fn len(&self) -> usize {
        self.posts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.posts.is_empty()
    }
}

/// Below this many untagged posts the reader tags them before its first frame (about 10 ms);
/// above it, a background worker fills them in while the reader is in use.
pub const FOREGROUND_LIMIT: usize = 5_000;

/// Posts the background worker tags between looks at the clock.
pub const BATCH: usize = 2_000;

/// How often, at most, the background worker hands tones to the reader. Each hand-over
/// recounts the legend and rebuilds the reply list, which takes tens of milliseconds for a
/// million posts; sending every batch would keep the reader busy applying tones instead of
/// answering keys.
pub const SEND_EVERY: Duration = Duration::from_millis(250);

/// The tagger panicked on a batch; the posts not yet sent stay untagged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TaggerPanicked;

/// Tags `work` batch by batch (the background worker's loop) and hands the tones to `send`:
/// the first batch at once, so tones show early, then whatever is done each `every`, and the
/// rest at the end. Stops when `send` returns false (the reader has gone). A panic in the
/// tagger is caught: the tones of the batches before it are still sent.
pub fn tag_in_background(
    work: &Work,
    every: Duration,
    send: impl FnMut(Vec<ComputedTone>) -> bool,
) -> Result<(), TaggerPanicked> {
    let store = &work.store;
    batches_in_background(&work.posts, every, |batch| tag_batch(store, batch), send)
}

/// [`tag_in_background`] with the batch tagger as a parameter, so a test can make it fail.
fn batches_in_background(
    work: &[PostIdx],
    every: Duration,
    tag: impl Fn(&[PostIdx]) -> Vec<ComputedTone> + std::panic::RefUnwindSafe,
    mut send: impl FnMut(Vec<ComputedTone>) -> bool,
) -> Result<(), TaggerPanicked> {
    let mut pending = Vec::new();
    let mut last_sent: Option<Instant> = None;
    for batch in work.chunks(BATCH) {
        let tagged = std::panic::catch_unwind(|| tag(batch));
        let Ok(tagged) = tagged else {
            if !pending.is_empty() {
                send(pending);
            }
            return Err(TaggerPanicked);
        };
        pending.extend(tagged);
        if last_sent.is_none_or(|t| t.elapsed() >= every) {
            if !send(std::mem::take(&mut pending)) {
                return Ok(());
            }
            last_sent = Some(Instant::now());
        }
    }
    if !pending.is_empty() {
        send(pending);
    }
    Ok(())
}

impl ComputedTone {
    pub fn new(post: PostIdx, (tone, confidence): (Tone6, f32)) -> Self {
        ComputedTone {
            post,
            // The tagger's tones are the six defaults, which hold the first six indices.
            tone: tone.index() as ToneIdx,
            confidence,
        }
    }
}

/// The posts that have no tone, for a worker to tag. A post whose text is a description of it
/// (the article's words, or "this post was deleted") is left untagged: the tone of a
/// description is not the post's.
pub fn untagged(doc: &Document) -> Work {
    let store = doc.store();
    let posts = (0..doc.len() as PostIdx)
        .filter(|&i| doc.tone(i).is_none() && !store.is_described(i))
        .collect();
    Work {
        store: store.clone(),
        posts,
    }
}

/// Tags a small document's untagged posts now, so the first frame has every tone; a large
/// one's are returned, for [`tag_in_background`] while the reader is in use.
pub fn tag_if_small(doc: &mut Document) -> Work {
    let untagged = untagged(doc);
    if untagged.len() <= FOREGROUND_LIMIT {
        let computed = tag_batch(&untagged.store, &untagged.posts);
        apply(doc, &computed);
        Work::default()
    } else {
        untagged
    }
}

/// Tags one batch.
pub fn tag_batch(store: &PostStore, batch: &[PostIdx]) -> Vec<ComputedTone> {
    batch
        .iter()
        .map(|&post| ComputedTone::new(post, tone_of(store.text(post))))
        .collect()
}

/// Applies computed tones; a post that has a tone by now (given or corrected) keeps it.
pub fn apply(doc: &mut Document, computed: &[ComputedTone]) {
    for c in computed {
        if doc.tone(c.post).is_none() {
            let origin = ToneOrigin::Computed {
                confidence: c.confidence,
            };
            doc.set_tone(c.post, Some(c.tone), origin);
        }
    }
}

/// Why a post has its computed tone: the cues the file gave with it, or the tagger's cues for
/// its text, as one line ("critical 0.71: \"never learn\" (cue)"). Empty for a tone that was
/// not computed.
pub fn explain(doc: &Document, post: PostIdx) -> String {
    if !matches!(doc.tone_origin(post), ToneOrigin::Computed { .. }) {
        return String::new();
    }
    match doc.file_cues(post) {
        Some(cues) => cues.to_string(),
        None => tag(doc.store().text(post)).cues_summary(),
    }
}

/// Gives every untagged post a computed tone, now, keeping each one's cues for the output
/// (`print` and `convert` write them; the reader asks [`explain`] instead).
pub fn tag_document(doc: &mut Document) {
    let work = untagged(doc);
    for &post in &work.posts {
        let tagged = tag(work.store.text(post));
        let c = ComputedTone::new(post, (tagged.tone, tagged.confidence));
        let origin = ToneOrigin::Computed {
            confidence: c.confidence,
        };
        doc.set_computed_tone(post, c.tone, origin, tagged.cues_summary().into());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::build_document;
    use crate::load::bundle::{ArticleFile, BundleFile, PostFile};

    fn work(n: usize) -> Work {
        let doc = build_document(BundleFile {
            format: Some("chorus/1".into()),
            article: ArticleFile::default(),
            posts: (0..n)
                .map(|i| PostFile {
                    id: format!("p{i}"),
                    text: format!("reply {i}, thank you"),
                    ..Default::default()
                })
                .collect(),
        });
        untagged(&doc)
    }

    #[test]
    fn background_tagging_sends_every_post_once_in_order() {
        let work = work(BATCH * 3 + 7);
        // Sending at every chance: one hand-over per batch.
        let mut sent = Vec::new();
        let result = tag_in_background(&work, Duration::ZERO, |batch| {
            sent.push(batch);
            true
        });
        assert_eq!(result, Ok(()));
        assert_eq!(sent.len(), 4);
        let posts: Vec<PostIdx> = sent.iter().flatten().map(|c| c.post).collect();
        assert_eq!(posts, (0..work.len() as PostIdx).collect::<Vec<_>>());
        // Sending rarely: the first batch at once, then everything else at the end.
        let mut sizes = Vec::new();
        let result = tag_in_background(&work, Duration::from_secs(3600), |batch| {
            sizes.push(batch.len());
            true
        });
        assert_eq!(result, Ok(()));
        assert_eq!(sizes, vec![BATCH, BATCH * 2 + 7]);
    }

    #[test]
    fn background_tagging_stops_when_the_reader_is_gone() {
        let work = work(BATCH * 3);
        let mut calls = 0;
        let result = tag_in_background(&work, Duration::ZERO, |_| {
            calls += 1;
            false
        });
        assert_eq!(result, Ok(()));
        assert_eq!(calls, 1);
    }

    #[test]
    fn a_tagger_panic_still_sends_the_tones_before_it() {
        let work = work(BATCH * 3);
        let mut sent = Vec::new();
        // Sending rarely, so the first batch is sent and the second is pending at the panic.
        let result = batches_in_background(
            &work.posts,
            Duration::from_secs(3600),
            |batch| {
                assert!(batch[0] < 2 * BATCH as PostIdx, "a bad post");
                tag_batch(&work.store, batch)
            },
            |batch| {
                sent.push(batch.len());
                true
            },
        );
        assert_eq!(result, Err(TaggerPanicked));
        assert_eq!(sent, vec![BATCH, BATCH]);
    }

    #[test]
    fn only_untagged_posts_get_a_computed_tone() {
        let post = |id: &str, text: &str, tone: Option<&str>| PostFile {
            id: id.into(),
            text: text.into(),
            tone: tone.map(Into::into),
            ..Default::default()
        };
        let mut doc = build_document(BundleFile {
            format: Some("chorus/1".into()),
            article: ArticleFile::default(),
            posts: vec![
                post("a", "You people never learn.", Some("supportive")),
                post("b", "You people never learn.", None),
                post("c", "Congratulations, well done!", None),
            ],
        });
        tag_document(&mut doc);
        assert_eq!(doc.tone(0), Some(0), "the file's tone wins");
        assert_eq!(doc.tone_origin(0), ToneOrigin::File);
        assert_eq!(doc.tone(1), Some(4), "critical");
        assert!(matches!(doc.tone_origin(1), ToneOrigin::Computed { .. }));
        assert!(
            explain(&doc, 1).starts_with("critical "),
            "{}",
            explain(&doc, 1)
        );
        assert_eq!(explain(&doc, 0), "");
        assert_eq!(doc.tone(2), Some(0), "supportive");
        assert_eq!(doc.tones.untagged, 0);
        assert_eq!(doc.tones.counts[0], 2);
    }
}
