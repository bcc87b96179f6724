//! The tone filter: which tones the replies pane hides, chosen from the legend.

use crate::model::{ToneKey, ToneSet};

/// Which tones the replies pane hides, and the legend it is chosen from: every tone some post
/// carries, then "untagged". Hiding is remembered per tone, not per place, so the legend can
/// grow as tones are computed or corrected without changing what is hidden.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ToneFilter {
    pub legend: Vec<(ToneKey, usize)>,
    hidden_tones: Vec<bool>,
    hidden_untagged: bool,
}

impl ToneFilter {
    pub fn new(set: &ToneSet) -> Self {
        ToneFilter {
            legend: set.legend(),
            hidden_tones: vec![false; set.names.len()],
            hidden_untagged: false,
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

    /// Whether any tone in the legend is hidden.
    pub fn any_hidden(&self) -> bool {
        self.legend.iter().any(|(k, _)| self.is_hidden(*k))
    }

    /// How many posts the filter lets through.
    pub fn shown_posts(&self) -> usize {
        self.legend
            .iter()
            .filter(|(k, _)| !self.is_hidden(*k))
            .map(|(_, n)| n)
            .sum()
    }

    pub fn total_posts(&self) -> usize {
        self.legend.iter().map(|(_, n)| n).sum()
    }
}
