//! The filter prompt (`f`): an expression of [`crate::filter`] typed in the status line, applied
//! with Enter (an empty one shows every post again), its error shown in place. The posts it lets
//! through are a mask in the tone filter, so the list, counts and context rows follow it as they
//! follow the tones.

use super::action::Action;

/// Up to this many posts an expression that reads the posts' words is matched while the key
/// waits; above, on a worker.
pub const FILTER_HERE_UP_TO: usize = 20_000;
use super::filter::PostMask;
use super::{App, Outcome};
use crate::filter::{FilterError, parse};

/// The prompt while it is open.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FilterPrompt {
    pub text: String,
    /// Why the last Enter was refused, until the text changes.
    pub error: Option<FilterError>,
}

impl App {
    pub(super) fn update_filter(&mut self, action: Action) -> Outcome {
        match action {
            Action::FilterStart => {
                let text = self
                    .filter
                    .posts()
                    .map(|m| m.text.clone())
                    .unwrap_or_default();
                self.filter_prompt = Some(FilterPrompt { text, error: None });
                Outcome::Done
            }
            Action::FilterInput(c) => self.edit_filter(|t| t.push(c)),
            Action::FilterBackspace => self.edit_filter(|t| {
                t.pop();
            }),
            Action::FilterCancel => {
                self.filter_prompt = None;
                Outcome::Done
            }
            Action::FilterAccept => {
                let text = self
                    .filter_prompt
                    .as_ref()
                    .map(|p| p.text.trim().to_string())
                    .unwrap_or_default();
                if text.is_empty() {
                    self.filter_prompt = None;
                    let had = self.filter.posts().is_some_and(|m| !m.text.is_empty());
                    let _ = self.set_filter("");
                    self.replies.rebuild(&self.doc, &self.filter);
                    return Outcome::Say(if had {
                        "filter cleared: every post shown".into()
                    } else {
                        "no filter".into()
                    });
                }
                match self.apply_filter(&text) {
                    Ok(_) if self.filtering() => {
                        self.filter_prompt = None;
                        Outcome::Say("matching the filter against every post…".into())
                    }
                    Ok(shown) => {
                        self.filter_prompt = None;
                        Outcome::Say(format!(
                            "filter: {shown} of {} posts",
                            crate::load::thousands(self.doc.len())
                        ))
                    }
                    Err(e) => {
                        if let Some(p) = self.filter_prompt.as_mut() {
                            p.error = Some(e);
                        }
                        Outcome::Done
                    }
                }
            }
            _ => Outcome::Ignored,
        }
    }

    /// A named filter's key: applies it, or clears it when it is the filter in use.
    pub(super) fn use_filter(&mut self, text: &str) -> Outcome {
        if self.filter.posts().is_some_and(|m| m.text == text) {
            let _ = self.set_filter("");
            self.replies.rebuild(&self.doc, &self.filter);
            return Outcome::Say("filter cleared: every post shown".into());
        }
        match self.apply_filter(text) {
            Ok(shown) => Outcome::Say(format!(
                "filter {text}: {shown} of {} posts (the same key clears it)",
                crate::load::thousands(self.doc.len())
            )),
            Err(e) => Outcome::Say(format!("filter {text}: {e}")),
        }
    }

    fn edit_filter(&mut self, edit: impl FnOnce(&mut String)) -> Outcome {
        if let Some(p) = self.filter_prompt.as_mut() {
            edit(&mut p.text);
            p.error = None;
        }
        Outcome::Done
    }

    /// Sets the filter `text` stands for and lists what it shows; how many posts that is (with
    /// the tone filter), or that a worker is matching it.
    fn apply_filter(&mut self, text: &str) -> Result<String, FilterError> {
        self.set_filter(text)?;
        self.replies.rebuild(&self.doc, &self.filter);
        Ok(match &self.filter_pending {
            Some(_) => "matching…".to_string(),
            None => crate::load::thousands(self.filter.shown_posts()),
        })
    }

    /// Matches `text` (none when empty) and the mutes against the document; the caller lists
    /// the posts again. An expression that reads every post's words, on a large document, is
    /// handed to a worker instead ([`App::filtered`] takes its answer).
    fn set_filter(&mut self, text: &str) -> Result<(), FilterError> {
        let expr = if text.trim().is_empty() {
            None
        } else {
            Some(parse(text)?)
        };
        self.filter_generation += 1;
        self.filter_pending = None;
        if let Some(e) = &expr
            && e.reads_texts()
            && self.doc.len() > FILTER_HERE_UP_TO
        {
            self.filter_pending = Some(self.filter_generation);
            self.filter_request = Some(super::action::FilterRequest {
                generation: self.filter_generation,
                text: text.to_string(),
                doc: Box::new(self.doc.clone()),
            });
            return Ok(());
        }
        let matches = expr.map(|e| e.matches(&self.doc));
        self.mask_with(text, matches);
        Ok(())
    }

    /// A worker's matches: taken when they answer the latest filter.
    pub(super) fn filtered(&mut self, f: super::action::Filtered) {
        if self.filter_pending != Some(f.generation) || f.matches.len() != self.doc.len() {
            return;
        }
        self.filter_pending = None;
        let text = f.text.clone();
        self.mask_with(&text, Some(f.matches));
        self.replies.rebuild(&self.doc, &self.filter);
        self.say(format!(
            "filter: {} of {} posts",
            crate::load::thousands(self.filter.shown_posts()),
            crate::load::thousands(self.doc.len())
        ));
    }

    /// Whether a worker is matching a filter.
    pub fn filtering(&self) -> bool {
        self.filter_pending.is_some()
    }

    /// The mask of `matches` (none: every post) with the mutes on top.
    fn mask_with(&mut self, text: &str, mut matches: Option<Vec<bool>>) {
        if let Ok(mutes) = &self.mutes
            && !mutes.is_empty()
        {
            let unmuted = mutes.shown(&self.doc);
            matches = Some(match matches {
                Some(mut m) => {
                    m.iter_mut().zip(&unmuted).for_each(|(a, &b)| *a &= b);
                    m
                }
                None => unmuted,
            });
        }
        let mask = matches.map(|m| PostMask::new(&self.doc, text, self.filter_generation, &m));
        self.filter.set_posts(mask);
    }

    /// The document or the mutes changed: the filter is matched again. The caller lists the
    /// posts again.
    pub(super) fn refilter(&mut self) {
        let text = self
            .filter
            .posts()
            .map(|m| m.text.clone())
            .unwrap_or_default();
        // It parsed before; the same text parses again.
        let _ = self.set_filter(&text);
    }

    /// Tones changed (a correction, the tagger): the filter is matched again only when it
    /// looks at tones; otherwise the posts it passes are only counted again by tone.
    pub(super) fn refilter_for_tones(&mut self) {
        let Some(mask) = self.filter.posts() else {
            return;
        };
        if parse(&mask.text).is_ok_and(|e| e.reads_tones()) {
            self.refilter();
        } else {
            let recounted = mask.recounted(&self.doc);
            self.filter.set_posts(Some(recounted));
        }
    }

    /// `m` and `M`: mute or unmute the selected post's author, or unmute everyone; the list
    /// follows, and the mutes are saved.
    pub(super) fn mute(&mut self, action: &Action) -> super::Effect {
        let author = self
            .replies
            .selected_post()
            .map(|p| self.doc.store().author(p).clone());
        let mutes = match &mut self.mutes {
            Ok(m) => m,
            Err(why) => {
                let why = why.clone();
                self.say(why);
                return super::Effect::None;
            }
        };
        let message = match (action, author) {
            (Action::UnmuteAll, _) if mutes.is_empty() => {
                self.say("nobody is muted");
                return super::Effect::None;
            }
            (Action::UnmuteAll, _) => {
                let n = mutes.authors.len();
                mutes.authors.clear();
                format!("unmuted {n} {}", if n == 1 { "author" } else { "authors" })
            }
            (_, Some(a)) => {
                let who = match &a.handle {
                    Some(h) => format!("@{h}"),
                    None => a.name.clone(),
                };
                if mutes.toggle(&a) {
                    format!(
                        "muted {who} everywhere ({} unmutes; {} unmutes everyone)",
                        self.keys.label_for(&Action::ToggleMute),
                        self.keys.label_for(&Action::UnmuteAll)
                    )
                } else {
                    format!("unmuted {who}")
                }
            }
            (_, None) => {
                self.say("no post selected");
                return super::Effect::None;
            }
        };
        let saved = mutes.clone();
        self.refilter();
        self.replies.rebuild_in_place(&self.doc, &self.filter);
        self.say(message);
        super::Effect::SaveMutes(saved)
    }
}
