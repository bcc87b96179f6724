//! Tones at run time: the tone filter, the picker, the reader's corrections and the background
//! tagger's results. A post's tone changes only through `Document::set_tone` (a correction) and
//! `tone::compute::apply` (the tagger); after either, the legend and the list follow here.

use super::action::{Action, Correction, Effect};
use super::picker::TonePicker;
use super::{App, Outcome, Overlay};
use crate::model::{PostIdx, ToneIdx, ToneOrigin};

impl App {
    pub(super) fn toggle_tone(&mut self, n: u8) -> Outcome {
        let pos = usize::from(n).saturating_sub(1);
        if n == 0 || !self.filter.toggle(pos) {
            return Outcome::Say(format!("the legend has no tone {n}"));
        }
        self.replies.rebuild(&self.doc, &self.filter);
        Outcome::Done
    }

    pub(super) fn show_all_tones(&mut self) -> Outcome {
        if self.filter.any_hidden() {
            self.filter.show_all();
            self.replies.rebuild(&self.doc, &self.filter);
        }
        Outcome::Done
    }

    pub(super) fn open_picker(&mut self) -> Outcome {
        match self.replies.selected_post() {
            Some(post) => {
                let picker = TonePicker::new(&self.doc, post, self.screen.area);
                self.overlay = Some(Overlay::TonePicker(picker));
                Outcome::Done
            }
            None => Outcome::Say("no post selected".into()),
        }
    }

    /// Sets a post's tone as the reader chose it (a place in the document's tones), and asks
    /// for the correction to be saved.
    pub(super) fn correct_tone(&mut self, post: PostIdx, place: usize) -> Effect {
        let Ok(tone) = ToneIdx::try_from(place) else {
            return Effect::None;
        };
        self.doc.set_tone(post, Some(tone), ToneOrigin::Corrected);
        self.corrected.push((post, tone));
        let name = self.doc.tones.name(tone).to_string();
        self.tones_changed();
        self.say(format!("tone set to {name}"));
        Effect::SaveCorrection(Correction {
            post_id: self.doc.post(post).id.to_string(),
            tone: name,
        })
    }

    /// The background tagger's news.
    pub(super) fn tagging(&mut self, action: Action) {
        self.dirty = true;
        match action {
            Action::TaggingStarted(total) => self.status.tagging = Some((0, total)),
            Action::TonesComputed(batch) => {
                crate::tone::compute::apply(&mut self.doc, &batch);
                if let Some((done, total)) = self.status.tagging {
                    let done = done + batch.len();
                    self.status.tagging = (done < total).then_some((done, total));
                    if done >= total {
                        self.say(format!("tones computed for {total} posts"));
                    }
                }
                self.tones_changed();
            }
            Action::TaggingFailed => {
                self.status.tagging = None;
                self.say("tone tagging stopped on an error; the rest stay untagged");
            }
            _ => {}
        }
    }

    /// Counts moved between tones: the legend, the list and the tone strip follow, and the view
    /// stays where the reader has it.
    fn tones_changed(&mut self) {
        self.filter.refresh(&self.doc.tones);
        // A filter on tones (tone:, computed, conf<) may pass other posts now.
        self.refilter_for_tones();
        self.replies.rebuild_in_place(&self.doc, &self.filter);
    }
}
