//! Tones for posts that have none: the tagger applied to a document, whole (for `print` and
//! `convert`, and for small documents before the reader starts) or in batches (for the
//! reader's background worker on large ones).

use super::tagger::{Tagged, tag};
use crate::model::{Document, PostIdx, ToneIdx, ToneOrigin};

/// One computed tone, ready to apply to a document.
#[derive(Debug, Clone, PartialEq)]
pub struct ComputedTone {
    pub post: PostIdx,
    pub tone: ToneIdx,
    pub confidence: f32,
    /// The cues, as a one-line explanation.
    pub cues: Box<str>,
}

/// Below this many untagged posts the reader tags them before its first frame (about 10 ms);
/// above it, a background worker fills them in while the reader is in use.
pub const FOREGROUND_LIMIT: usize = 5_000;

/// Posts per batch the background worker sends back.
pub const BATCH: usize = 2_000;

impl ComputedTone {
    pub fn new(post: PostIdx, tagged: &Tagged) -> Self {
        ComputedTone {
            post,
            // The tagger's tones are the six defaults, which hold the first six indices.
            tone: tagged.tone.index() as ToneIdx,
            confidence: tagged.confidence,
            cues: tagged.cues_summary().into(),
        }
    }
}

/// The posts that have no tone, with their texts, for a worker to tag. A post whose text is a
/// description of it (the article's words, or "this post was deleted") is left untagged: the
/// tone of a description is not the post's.
pub fn untagged(doc: &Document) -> Vec<(PostIdx, String)> {
    doc.posts
        .iter()
        .enumerate()
        .filter(|(_, p)| p.tone.is_none() && !p.text_is_description)
        .map(|(i, p)| (i as PostIdx, p.text.clone()))
        .collect()
}

/// Tags one batch.
pub fn tag_batch(batch: &[(PostIdx, String)]) -> Vec<ComputedTone> {
    batch
        .iter()
        .map(|(post, text)| ComputedTone::new(*post, &tag(text)))
        .collect()
}

/// Applies computed tones; a post that has a tone by now (given or corrected) keeps it.
pub fn apply(doc: &mut Document, computed: &[ComputedTone]) {
    for c in computed {
        if doc.posts[c.post as usize].tone.is_none() {
            let origin = ToneOrigin::Computed {
                confidence: c.confidence,
                cues: c.cues.clone(),
            };
            doc.set_tone(c.post, Some(c.tone), origin);
        }
    }
}

/// Gives every untagged post a computed tone, now.
pub fn tag_document(doc: &mut Document) {
    let work = untagged(doc);
    let computed = tag_batch(&work);
    apply(doc, &computed);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::build_document;
    use crate::load::bundle::{ArticleFile, BundleFile, PostFile};

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
        assert_eq!(doc.posts[0].tone, Some(0), "the file's tone wins");
        assert_eq!(doc.posts[0].tone_origin, ToneOrigin::File);
        assert_eq!(doc.posts[1].tone, Some(4), "critical");
        assert!(matches!(
            doc.posts[1].tone_origin,
            ToneOrigin::Computed { .. }
        ));
        assert_eq!(doc.posts[2].tone, Some(0), "supportive");
        assert_eq!(doc.tones.untagged, 0);
        assert_eq!(doc.tones.counts[0], 2);
    }
}
