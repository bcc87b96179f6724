/// Index of a tone name in [`ToneSet::names`].
pub type ToneIdx = u16;

/// The tones chorus knows by default, in the order the legend shows them.
pub const DEFAULT_TONES: [&str; 6] = [
    "supportive",
    "empathetic",
    "reassuring",
    "humorous",
    "critical",
    "neutral",
];

/// What a post is filtered and counted by: one of the document's tones, or no tone at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ToneKey {
    Tone(ToneIdx),
    Untagged,
}

/// The tones a document uses, in legend order (default tones first in their fixed order, then
/// the file's own tones in order of first use), with how many posts carry each.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ToneSet {
    pub names: Vec<String>,
    pub counts: Vec<usize>,
    pub untagged: usize,
}

impl ToneSet {
    /// Builds the set from each post's tone name (already normalized), and returns the tone
    /// index of every post in the same order.
    pub fn from_post_tones<'a>(
        tones: impl IntoIterator<Item = Option<&'a str>>,
    ) -> (ToneSet, Vec<Option<ToneIdx>>) {
        let mut first_seen: Vec<&str> = Vec::new();
        let mut lookup: std::collections::HashMap<&str, usize> = Default::default();
        let mut raw: Vec<Option<usize>> = Vec::new();
        for tone in tones {
            raw.push(tone.map(|name| {
                *lookup.entry(name).or_insert_with(|| {
                    first_seen.push(name);
                    first_seen.len() - 1
                })
            }));
        }
        // Legend order: defaults by their fixed rank, then the rest by first use.
        let rank = |i: usize| match DEFAULT_TONES.iter().position(|d| *d == first_seen[i]) {
            Some(r) => (0, r),
            None => (1, i),
        };
        let mut order: Vec<usize> = (0..first_seen.len()).collect();
        order.sort_by_key(|&i| rank(i));
        let mut remap = vec![0 as ToneIdx; first_seen.len()];
        for (new, &old) in order.iter().enumerate() {
            remap[old] = ToneIdx::try_from(new).unwrap_or(ToneIdx::MAX);
        }
        let mut set = ToneSet {
            names: order.iter().map(|&i| first_seen[i].to_string()).collect(),
            counts: vec![0; first_seen.len()],
            untagged: 0,
        };
        let post_tones = raw
            .into_iter()
            .map(|t| match t {
                Some(old) => {
                    let idx = remap[old];
                    set.counts[idx as usize] += 1;
                    Some(idx)
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

    /// The legend entries: every tone present, then "untagged" when some posts have no tone.
    pub fn legend(&self) -> Vec<(ToneKey, usize)> {
        let mut out: Vec<(ToneKey, usize)> = self
            .counts
            .iter()
            .enumerate()
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
        assert_eq!(set.names, ["supportive", "critical", "wistful", "angry"]);
        assert_eq!(set.counts, [1, 2, 1, 1]);
        assert_eq!(set.untagged, 1);
        assert_eq!(idx, [Some(2), Some(1), None, Some(0), Some(1), Some(3)]);
        assert_eq!(set.legend().last(), Some(&(ToneKey::Untagged, 1)));
    }
}
