//! A document opened from a link: `r` fetches it again and takes in what changed without
//! moving the reader, and the posts new since the link was last opened are marked, counted and
//! reachable with `u`/`U`.
//!
//! The fetch, the merge and the "seen" file are the event loop's (see `crate::fetch::refresh`);
//! here is only what the reader's state makes of them.

use super::action::{Action, Effect, Pane, Refetched};
use super::search::Scan;
use super::{App, Outcome};
use crate::model::{PostIdx, ToneIdx, ToneOrigin};
use crate::tone::Palette;

/// Where the document came from, when it came from a link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// The link as the reader gave it: what `r` fetches again.
    pub url: String,
    /// While it is fetched again: how far it has got, for the status line.
    pub fetching: Option<String>,
}

/// The posts new since the link was last opened, by post index.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewPosts {
    marked: Vec<bool>,
    count: usize,
    /// When the link was opened before this visit; `None` on the first visit.
    pub since: Option<jiff::Timestamp>,
}

impl NewPosts {
    /// Marks `posts` of a document of `len` posts.
    pub fn new(len: usize, posts: &[PostIdx], since: Option<jiff::Timestamp>) -> Self {
        let mut new = NewPosts {
            marked: vec![false; len],
            count: 0,
            since,
        };
        new.mark(posts);
        new
    }

    fn mark(&mut self, posts: &[PostIdx]) {
        for &p in posts {
            if let Some(m) = self.marked.get_mut(p as usize)
                && !*m
            {
                *m = true;
                self.count += 1;
            }
        }
    }

    pub fn is_new(&self, post: PostIdx) -> bool {
        self.marked.get(post as usize).copied().unwrap_or(false)
    }

    pub fn count(&self) -> usize {
        self.count
    }

    /// The marks moved to a refreshed document of `len` posts, with the posts it added marked.
    fn renumber(&mut self, remap: &[Option<PostIdx>], len: usize, added: &[PostIdx]) {
        let old: Vec<PostIdx> = remap
            .iter()
            .enumerate()
            .filter(|&(i, _)| self.marked.get(i).copied().unwrap_or(false))
            .filter_map(|(_, new)| *new)
            .collect();
        *self = NewPosts::new(len, &old, self.since);
        self.mark(added);
    }
}

impl App {
    /// `r`: asks the loop to fetch the link again. Refused for a file, while a fetch is under
    /// way, and while tones are computed (their batches name posts by the old numbering).
    pub(super) fn ask_refresh(&mut self) -> Effect {
        let key = self.keys.label_for(&Action::Refresh);
        let refused: Option<String> = match &self.link {
            None => Some(format!(
                "{key} fetches a link again; this document was opened from a file"
            )),
            Some(link) if link.fetching.is_some() => {
                Some("already fetching it again; the answer comes on its own".into())
            }
            Some(_) if self.status.tagging.is_some() => {
                Some("still computing tones; fetch again once they are done".into())
            }
            Some(_) => None,
        };
        if let Some(m) = refused {
            self.say(m);
            return Effect::None;
        }
        let Some(link) = self.link.as_mut() else {
            return Effect::None;
        };
        link.fetching = Some("fetching again…".into());
        self.dirty = true;
        Effect::Refresh(link.url.clone())
    }

    /// The loop's news about a link: opened, fetch progress, the merged document, a failure.
    pub(super) fn link_news(&mut self, action: Action) {
        self.dirty = true;
        match action {
            Action::LinkOpened { url, new, since } => {
                self.link = Some(Link {
                    url,
                    fetching: None,
                });
                self.new_posts = NewPosts::new(self.doc.len(), &new, since);
            }
            Action::Refetching(progress) => {
                if let Some(link) = self.link.as_mut() {
                    link.fetching = Some(format!("fetching again: {progress}"));
                }
            }
            Action::RefetchFailed(why) => {
                if let Some(link) = self.link.as_mut() {
                    link.fetching = None;
                }
                self.say(format!("could not fetch it again: {why}"));
            }
            Action::Refetched(refetched) => self.refetched(*refetched),
            _ => {}
        }
    }

    /// Takes in the document fetched again: old posts where they were (with the reader's tone
    /// corrections), new ones marked, and the view, folds and selection kept.
    fn refetched(&mut self, r: Refetched) {
        let Refetched { doc, remap, added } = r;
        let mut doc = *doc;
        // The reader's corrections, by tone name: the new document numbers its tones anew.
        let corrected: Vec<(PostIdx, ToneIdx)> = self
            .corrected
            .iter()
            .filter_map(|&(post, tone)| {
                let post = remap.get(post as usize).copied().flatten()?;
                let name = self.doc.tones.names.get(tone as usize)?;
                let tone = doc.tones.names.iter().position(|n| n == name)?;
                Some((post, tone as ToneIdx))
            })
            .collect();
        for &(post, tone) in &corrected {
            doc.set_tone(post, Some(tone), ToneOrigin::Corrected);
        }
        self.corrected = corrected;
        let selected = self.replies.selected_post();
        self.doc = doc;
        self.palette = Palette::themed(&self.doc.tones, &self.palette_theme);
        self.filter.refresh(&self.doc.tones);
        self.refilter();
        self.replies.renumber(&self.doc, &self.filter, &remap);
        self.detail.forget();
        self.overview.forget();
        self.article.relayout(&self.doc);
        self.new_posts.renumber(&remap, self.doc.len(), &added);
        if self.search.is_active() {
            self.run_search(false, Scan::All);
        }
        if let Some(link) = self.link.as_mut() {
            link.fetching = None;
        }
        let gone = selected.is_some_and(|p| remap.get(p as usize).copied().flatten().is_none());
        let n = added.len();
        let mut m = match n {
            0 => "fetched again: nothing new".to_string(),
            1 => format!(
                "fetched again: 1 new post ({} goes to it)",
                self.keys.label_for(&Action::NextNew)
            ),
            n => format!(
                "fetched again: {n} new posts ({} goes to the next)",
                self.keys.label_for(&Action::NextNew)
            ),
        };
        if gone {
            m.push_str("; the selected row was replaced");
        }
        self.say(m);
    }

    /// `u`/`U`: the next (previous) new post in the list's order, after (before) the selected
    /// one, wrapping around. A new post in a folded subtree is unfolded; those in a hidden tone
    /// are passed over, and the reader is told.
    pub(super) fn step_new(&mut self, forward: bool) -> Outcome {
        if self.new_posts.count() == 0 {
            return Outcome::Say(match (&self.link, self.new_posts.since) {
                (None, _) => "new posts are marked for links: this document is a file".into(),
                (Some(_), None) => "first visit: nothing is marked new yet".into(),
                (Some(_), Some(_)) => "nothing new since the last visit".into(),
            });
        }
        let rank = |p: PostIdx| self.replies.rank_of(p);
        let here = self.replies.selected_post().map(rank);
        let mut shown: Vec<(u32, PostIdx)> = Vec::new();
        let mut hidden = 0;
        for p in (0..self.doc.len() as PostIdx).filter(|&p| self.new_posts.is_new(p)) {
            if self.filter.is_hidden(self.doc.tone_key(p)) {
                hidden += 1;
            } else {
                shown.push((rank(p), p));
            }
        }
        shown.sort_unstable();
        let next = if forward {
            let after = here.map_or(0, |r| shown.partition_point(|&(k, _)| k <= r));
            shown.get(after).or(shown.first())
        } else {
            let before = here.map_or(shown.len(), |r| shown.partition_point(|&(k, _)| k < r));
            before
                .checked_sub(1)
                .and_then(|i| shown.get(i))
                .or(shown.last())
        };
        let Some(&(_, post)) = next else {
            return Outcome::Say(format!(
                "the {hidden} new {} hidden by the tone filter",
                if hidden == 1 { "post is" } else { "posts are" }
            ));
        };
        self.replies.reveal(&self.doc, &self.filter, post);
        self.replies.select_post(post);
        self.focus = Pane::Replies;
        if let Some(q) = self.article.quote_of(post) {
            self.article.show_quote(q);
        }
        let place = shown.iter().position(|&(_, p)| p == post).unwrap_or(0) + 1;
        let mut m = format!("new post {place} of {}", shown.len());
        if hidden > 0 {
            m.push_str(&format!(" ({hidden} more hidden by the tone filter)"));
        }
        Outcome::Say(m)
    }
}
