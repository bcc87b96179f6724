/// Index of a tone name in [`ToneSet::names`].
pub type ToneIdx = u32;

/// The tones chorus knows by default, in the order the legend shows them. They always hold
/// the first six indices of a [`ToneSet`], so a tone can be given to any post at any time.
pub const DEFAULT_TONES: [&str; 6] = [
    "supportive",
    "empathetic",
    "reassuring",
    "humorous",
    "critical",
    "neutral",
];

/// What a post is filtered and counted by: one of the document's tones, or no tone at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ToneKey {
    Tone(ToneIdx),
    Untagged,
}

/// Where a post's tone came from.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub enum ToneOrigin {
    /// The file gave it (or the post has none).
    #[default]
    File,
    /// The reader set it; saved in the sidecar file.
    Corrected,
    /// The tagger computed it, this sure (0..1). The cues that decided it are not kept: the
    /// tagger gives the same answer again when they are asked for (`tone::compute::explain`).
    Computed { confidence: f32 },
}

/// The tones a document can use: the six defaults in their fixed order, then the file's own
/// tones in order of first use, with how many posts carry each.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ToneSet {
    pub names: Vec<String>,
    pub counts: Vec<usize>,
    pub untagged: usize,
}

impl Default for ToneSet {
    fn default() -> Self {
        ToneSet {
            names: DEFAULT_TONES.iter().map(|s| s.to_string()).collect(),
            counts: vec![0; DEFAULT_TONES.len()],
            untagged: 0,
        }
    }
}

impl ToneSet {
    /// Builds the set from each post's tone name (already normalized), and returns the tone
    /// index of every post in the same order.
    pub fn from_post_tones<'a>(
        tones: impl IntoIterator<Item = Option<&'a str>>,
    ) -> (ToneSet, Vec<Option<ToneIdx>>) {
        let mut set = ToneSet::default();
        let mut lookup: rustc_hash::FxHashMap<String, ToneIdx> = set
            .names
            .iter()
            .enumerate()
            .map(|(i, n)| (n.clone(), i as ToneIdx))
            .collect();
        let post_tones = tones
            .into_iter()
            .map(|tone| match tone {
                Some(name) => {
                    let i = match lookup.get(name) {
                        Some(&i) => i,
                        None => {
                            // At most one tone a post: the index always fits.
                            let i = set.names.len() as ToneIdx;
                            set.names.push(name.to_string());
                            set.counts.push(0);
                            lookup.insert(name.to_string(), i);
                            i
                        }
                    };
                    set.counts[i as usize] += 1;
                    Some(i)
                }
                None => {
                    set.untagged += 1;
                    None
                }
            })
            .collect();
        (set, post_tones)
    }

    pub fn name(&self, idx: ToneIdx) -> &str {
        &self.names[idx as usize]
    }

    /// The index of a tone by name.
    pub fn index_of(&self, name: &str) -> Option<ToneIdx> {
        self.names
            .iter()
            .position(|n| n == name)
            .map(|i| i as ToneIdx)
    }

    /// Moves one post's count from its old tone to its new one.
    pub fn recount(&mut self, old: Option<ToneIdx>, new: Option<ToneIdx>) {
        match old {
            Some(t) => self.counts[t as usize] -= 1,
            None => self.untagged -= 1,
        }
        match new {
            Some(t) => self.counts[t as usize] += 1,
            None => self.untagged += 1,
        }
    }

    /// The legend entries: every tone some post carries, in order, then "untagged" when some
    /// posts have no tone.
    pub fn legend(&self) -> Vec<(ToneKey, usize)> {
        let mut out: Vec<(ToneKey, usize)> = self
            .counts
            .iter()
            .enumerate()
            .filter(|(_, n)| **n > 0)
            .map(|(i, &n)| (ToneKey::Tone(i as ToneIdx), n))
            .collect();
        if self.untagged > 0 {
            out.push((ToneKey::Untagged, self.untagged));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_come_first_in_fixed_order_then_custom_by_first_use() {
        let (set, idx) = ToneSet::from_post_tones([
            Some("wistful"),
            Some("critical"),
            None,
            Some("supportive"),
            Some("critical"),
            Some("angry"),
        ]);
        assert_eq!(&set.names[6..], ["wistful", "angry"]);
        assert_eq!(set.counts, [1, 0, 0, 0, 2, 0, 1, 1]);
        assert_eq!(set.untagged, 1);
        assert_eq!(idx, [Some(6), Some(4), None, Some(0), Some(4), Some(7)]);
        let legend: Vec<ToneKey> = set.legend().into_iter().map(|(k, _)| k).collect();
        assert_eq!(
            legend,
            [
                ToneKey::Tone(0),
                ToneKey::Tone(4),
                ToneKey::Tone(6),
                ToneKey::Tone(7),
                ToneKey::Untagged
            ]
        );
    }

    #[test]
    fn recount_moves_a_post_between_tones() {
        let (mut set, _) = ToneSet::from_post_tones([Some("critical"), None]);
        set.recount(None, Some(0));
        set.recount(Some(4), Some(0));
        assert_eq!(set.counts[0], 2);
        assert_eq!(set.counts[4], 0);
        assert_eq!(set.untagged, 0);
        assert_eq!(set.legend(), [(ToneKey::Tone(0), 2)]);
    }
}
