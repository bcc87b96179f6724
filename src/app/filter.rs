use crate::model::{ToneKey, ToneSet};

/// Which tones the replies pane hides. Positions follow the legend: the document's tones in
/// legend order, then "untagged" when some posts have no tone.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ToneFilter {
    pub legend: Vec<(ToneKey, usize)>,
    pub hidden: Vec<bool>,
    tone_count: usize,
}

impl ToneFilter {
    pub fn new(set: &ToneSet) -> Self {
        let legend = set.legend();
        let hidden = vec![false; legend.len()];
        ToneFilter {
            legend,
            hidden,
            tone_count: set.names.len(),
        }
    }

    /// Hides or shows the legend entry at `pos` (0-based). False when there is none there.
    pub fn toggle(&mut self, pos: usize) -> bool {
        match self.hidden.get_mut(pos) {
            Some(h) => {
                *h = !*h;
                true
            }
            None => false,
        }
    }

    pub fn show_all(&mut self) {
        self.hidden.iter_mut().for_each(|h| *h = false);
    }

    pub fn is_hidden(&self, key: ToneKey) -> bool {
        let pos = match key {
            ToneKey::Tone(i) => i as usize,
            ToneKey::Untagged => self.tone_count,
        };
        self.hidden.get(pos).copied().unwrap_or(false)
    }

    pub fn any_hidden(&self) -> bool {
        self.hidden.iter().any(|&h| h)
    }

    /// How many posts the filter lets through.
    pub fn shown_posts(&self) -> usize {
        self.legend
            .iter()
            .zip(&self.hidden)
            .filter(|(_, h)| !**h)
            .map(|((_, n), _)| n)
            .sum()
    }

    pub fn total_posts(&self) -> usize {
        self.legend.iter().map(|(_, n)| n).sum()
    }
}
