//! The tone filter: which tones the replies pane hides, chosen from the legend.

use std::sync::Arc;

use crate::model::{Document, NO_TONE, PostIdx, ToneKey, ToneSet};

/// The posts a filter expression (`f`) lets through, by thread place.
#[derive(Debug, Clone)]
pub struct PostMask {
    /// The expression as the reader typed it.
    pub text: String,
    /// Told apart by this, not by comparing a million flags.
    pub generation: u64,
    /// Shown or not, by place in thread order.
    pub by_place: Arc<Vec<bool>>,
    /// Posts it lets through per tone index, and untagged last.
    pub per_tone: Vec<usize>,
}

impl PartialEq for PostMask {
    fn eq(&self, other: &Self) -> bool {
        self.generation == other.generation
    }
}

impl Eq for PostMask {}

impl PostMask {
    /// The mask of `matches` (by post index) for `doc`.
    pub fn new(doc: &Document, text: &str, generation: u64, matches: &[bool]) -> PostMask {
        let mut by_place = vec![false; doc.len()];
        for (p, &m) in matches.iter().enumerate() {
            if let Some(&place) = doc.thread.position.get(p) {
                by_place[place as usize] = m;
            }
        }
        PostMask {
            text: text.to_string(),
            generation,
            per_tone: Self::per_tone(doc, &by_place),
            by_place: Arc::new(by_place),
        }
    }

    /// The same posts, counted again by tone after tones changed.
    pub fn recounted(&self, doc: &Document) -> PostMask {
        PostMask {
            per_tone: Self::per_tone(doc, &self.by_place),
            ..self.clone()
        }
    }

    fn per_tone(doc: &Document, by_place: &[bool]) -> Vec<usize> {
        let untagged = doc.tones.names.len();
        let mut per_tone = vec![0usize; untagged + 1];
        for (&t, &m) in doc.tones_in_thread_order().iter().zip(by_place) {
            if m {
                per_tone[if t == NO_TONE {
                    untagged
                } else {
                    (t as usize).min(untagged)
                }] += 1;
            }
        }
        per_tone
    }

    fn count(&self, key: ToneKey) -> usize {
        let i = match key {
            ToneKey::Tone(t) => t as usize,
            ToneKey::Untagged => self.per_tone.len().saturating_sub(1),
        };
        self.per_tone.get(i).copied().unwrap_or(0)
    }
}

/// Which tones the replies pane hides, and the legend it is chosen from: every tone some post
/// carries, then "untagged". Hiding is remembered per tone, not per place, so the legend can
/// grow as tones are computed or corrected without changing what is hidden.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ToneFilter {
    pub legend: Vec<(ToneKey, usize)>,
    hidden_tones: Vec<bool>,
    hidden_untagged: bool,
    /// A filter expression's posts, when one is set.
    posts: Option<PostMask>,
}

impl ToneFilter {
    pub fn new(set: &ToneSet) -> Self {
        ToneFilter {
            legend: set.legend(),
            hidden_tones: vec![false; set.names.len()],
            hidden_untagged: false,
            posts: None,
        }
    }

    /// Takes new counts (after tones were computed or corrected).
    pub fn refresh(&mut self, set: &ToneSet) {
        self.legend = set.legend();
        self.hidden_tones.resize(set.names.len(), false);
    }

    /// Hides or shows the legend entry at `pos` (0-based). False when there is none there.
    pub fn toggle(&mut self, pos: usize) -> bool {
        let Some(&(key, _)) = self.legend.get(pos) else {
            return false;
        };
        let flag = self.flag(key);
        *flag = !*flag;
        true
    }

    fn flag(&mut self, key: ToneKey) -> &mut bool {
        match key {
            ToneKey::Tone(i) => {
                let i = i as usize;
                if i >= self.hidden_tones.len() {
                    self.hidden_tones.resize(i + 1, false);
                }
                &mut self.hidden_tones[i]
            }
            ToneKey::Untagged => &mut self.hidden_untagged,
        }
    }

    /// The legend place (0-based) of a tone, if the legend lists it.
    pub fn position_of(&self, key: ToneKey) -> Option<usize> {
        self.legend.iter().position(|(k, _)| *k == key)
    }

    /// Shows only the tone `key`; when it is already the only one shown, shows all again.
    /// True when only `key` is shown now.
    pub fn show_only(&mut self, key: ToneKey) -> bool {
        let alone = self
            .legend
            .iter()
            .all(|&(k, _)| self.is_hidden(k) == (k != key));
        self.show_all();
        if alone {
            return false;
        }
        let others: Vec<ToneKey> = self
            .legend
            .iter()
            .map(|&(k, _)| k)
            .filter(|&k| k != key)
            .collect();
        for k in others {
            *self.flag(k) = true;
        }
        true
    }

    pub fn show_all(&mut self) {
        self.hidden_tones.iter_mut().for_each(|h| *h = false);
        self.hidden_untagged = false;
    }

    pub fn is_hidden(&self, key: ToneKey) -> bool {
        match key {
            ToneKey::Tone(i) => self.hidden_tones.get(i as usize).copied().unwrap_or(false),
            ToneKey::Untagged => self.hidden_untagged,
        }
    }

    /// Whether any post is hidden: a tone in the legend, or by a filter expression.
    pub fn any_hidden(&self) -> bool {
        self.posts.is_some() || self.legend.iter().any(|(k, _)| self.is_hidden(*k))
    }

    /// How many posts the filter lets through.
    pub fn shown_posts(&self) -> usize {
        self.legend
            .iter()
            .filter(|(k, _)| !self.is_hidden(*k))
            .map(|&(k, n)| self.posts.as_ref().map_or(n, |m| m.count(k)))
            .sum()
    }

    /// The filter expression's posts, when one is set.
    pub fn posts(&self) -> Option<&PostMask> {
        self.posts.as_ref()
    }

    pub fn set_posts(&mut self, mask: Option<PostMask>) {
        self.posts = mask;
    }

    /// Whether the post at thread place `place` passes the filter expression (all do without).
    pub fn passes_at(&self, place: usize) -> bool {
        self.posts
            .as_ref()
            .is_none_or(|m| m.by_place.get(place).copied().unwrap_or(true))
    }

    /// Whether a post is hidden, by its tone or by the filter expression.
    pub fn hides(&self, doc: &Document, post: PostIdx) -> bool {
        self.is_hidden(doc.tone_key(post))
            || !self.passes_at(doc.thread.position[post as usize] as usize)
    }

    pub fn total_posts(&self) -> usize {
        self.legend.iter().map(|(_, n)| n).sum()
    }
}
