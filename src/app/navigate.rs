//! What moves both panes at once: quote jumps (the article scrolls to the quote and the replies
//! select its post), search matches in either pane, a post chosen by id, and the links and
//! clipboard of the selected post.

use super::action::{Action, Effect, Pane};
use super::search::{Accepted, Found, Match, PostsFound, SavedView, Scan, Step};
use super::{App, Outcome};
use crate::model::PostIdx;

impl App {
    // ---- quotes ---------------------------------------------------------------------------

    /// Whether the tone filter lets quote `q`'s post through.
    fn quote_shown(&self, q: usize) -> bool {
        let post = self.article.quotes()[q].post;
        !self.filter.is_hidden(self.doc.tone_key(post))
    }

    pub(super) fn step_quote(&mut self, forward: bool) -> Outcome {
        let n = self.article.quotes().len();
        if n == 0 {
            return Outcome::Say("the article quotes no posts".into());
        }
        // From the current quote, or else from where the reader is in the article.
        let here = self.article.first_quote_on_screen();
        let current = self.article.quote();
        let candidates: Vec<usize> = if forward {
            (current.map_or(here, |q| q + 1)..n).collect()
        } else {
            (0..current.unwrap_or(here)).rev().collect()
        };
        let skipped = candidates
            .iter()
            .take_while(|&&q| !self.quote_shown(q))
            .count();
        match candidates.get(skipped) {
            Some(&q) => {
                self.jump_to_quote(q);
                if skipped > 0 {
                    Outcome::Say(format!("skipped {skipped} hidden by the tone filter"))
                } else {
                    Outcome::Done
                }
            }
            None if skipped > 0 => Outcome::Say(format!(
                "no more quotes shown ({skipped} hidden by the tone filter)"
            )),
            None => Outcome::Say(format!(
                "this is the {} quote",
                if forward { "last" } else { "first" }
            )),
        }
    }

    /// Highlights quote `q`, scrolls the article to it and selects its post among the replies.
    fn jump_to_quote(&mut self, q: usize) {
        self.article.jump_to_quote(q);
        let post = self.article.quotes()[q].post;
        self.replies.reveal(&self.doc, &self.filter, post);
        self.replies.select_post(post);
    }

    pub(super) fn show_selected_quote(&mut self) -> Outcome {
        let Some(post) = self.replies.selected_post() else {
            return Outcome::Ignored;
        };
        match self.article.quote_of(post) {
            Some(q) => {
                self.jump_to_quote(q);
                Outcome::Done
            }
            None => Outcome::Say("the article does not quote this post".into()),
        }
    }

    /// Selects the post with this id and brings its quote into view.
    pub(super) fn focus_post(&mut self, id: &str) {
        let Some(post) = self.doc.find(id) else {
            self.say(format!("no post with id {id:?}"));
            return;
        };
        self.replies.reveal(&self.doc, &self.filter, post);
        match self.article.quote_of(post) {
            Some(q) => self.jump_to_quote(q),
            None => {
                self.replies.select_post(post);
            }
        }
        self.focus = Pane::Replies;
    }

    pub(super) fn cycle_order(&mut self) -> Outcome {
        let order = self.replies.cycle_order(&self.doc, &self.filter);
        // n/N follow the list as it is now ordered.
        if self.search.is_active() {
            self.run_search(false, Scan::Keep);
        }
        Outcome::Say(format!("replies in {}", order.name()))
    }

    // ---- search ---------------------------------------------------------------------------

    pub(super) fn update_search(&mut self, action: Action) -> Outcome {
        match action {
            Action::SearchStart => {
                self.search.start(SavedView {
                    focus: self.focus,
                    article_scroll: self.article.scroll(),
                    selected: self.replies.selected_post(),
                });
                Outcome::Done
            }
            Action::SearchInput(c) => self.search_edit(|q| q.push(c)),
            Action::SearchBackspace => self.search_edit(|q| {
                q.pop();
            }),
            Action::SearchAccept => match self.search.accept() {
                Accepted::Go(i) => self.go_to_match(i, true),
                Accepted::NoMatch(m) => Outcome::Say(m),
                Accepted::Cleared | Accepted::Stay => Outcome::Done,
            },
            Action::SearchCancel => {
                let saved = self.search.cancel();
                self.restore_view(saved);
                Outcome::Done
            }
            Action::NextMatch | Action::PrevMatch => self.step_match(action == Action::NextMatch),
            _ => Outcome::Ignored,
        }
    }

    fn search_edit(&mut self, edit: impl FnOnce(&mut String)) -> Outcome {
        if self.search.edit(edit) {
            self.run_search(true, Scan::All);
        }
        Outcome::Done
    }

    /// Finds the query's matches; with `jump`, moves to the first one from where the reader
    /// was, or back there when there is none. Posts a worker is to look through are asked for
    /// with the action's effect.
    pub(super) fn run_search(&mut self, jump: bool, scan: Scan) {
        let replies = &self.replies;
        let rank = |p: PostIdx| replies.rank_of(p);
        let run = self.search.run(
            &self.doc,
            self.article.lines(),
            &rank,
            jump,
            scan,
            self.search_here_up_to,
        );
        let searching = run.request.is_some();
        self.search_request = run.request;
        if let Some(i) = run.start {
            // While typing, a match in a hidden tone is not forced into view.
            if let Outcome::Say(m) = self.go_to_match(i, false) {
                self.say(m);
            }
        } else if jump && !searching {
            self.restore_view(self.search.saved());
        }
    }

    /// Matches a search worker found: counted at once, and while the reader has not moved
    /// among them, the view follows the nearest one found so far.
    pub(super) fn posts_found(&mut self, found: PostsFound) {
        let replies = &self.replies;
        let rank = |p: PostIdx| replies.rank_of(p);
        match self.search.found(found, &rank) {
            Some(Found::Go(i)) => {
                if let Outcome::Say(m) = self.go_to_match(i, false) {
                    self.say(m);
                }
            }
            Some(Found::Nothing) => self.restore_view(self.search.saved()),
            Some(Found::More) | None => {}
        }
        self.dirty = true;
    }

    fn restore_view(&mut self, saved: Option<SavedView>) {
        if let Some(v) = saved {
            self.focus = v.focus;
            self.article.set_scroll(v.article_scroll);
            if let Some(p) = v.selected {
                self.replies.select_post(p);
            }
        }
    }

    fn step_match(&mut self, forward: bool) -> Outcome {
        match self.search.step(forward) {
            Step::NoSearch => Outcome::Say(format!(
                "no search yet: {} starts one",
                self.keys.label_for(&Action::SearchStart)
            )),
            Step::NoMatch(m) => Outcome::Say(m),
            Step::Go { index, wrapped } => {
                let went = self.go_to_match(index, true);
                match went {
                    Outcome::Say(m) => Outcome::Say(m),
                    _ if wrapped => Outcome::Say(
                        if forward {
                            "search wrapped to the top"
                        } else {
                            "search wrapped to the bottom"
                        }
                        .into(),
                    ),
                    other => other,
                }
            }
        }
    }

    /// Scrolls to match `i` and selects it, as a quote jump does: a match in a folded subtree is
    /// unfolded; one in a hidden tone is shown again (with `show_hidden`), and the reader is told.
    fn go_to_match(&mut self, i: usize, show_hidden: bool) -> Outcome {
        let Some(m) = self.search.match_at(i) else {
            return Outcome::Ignored;
        };
        match m {
            Match::Article { line } => {
                self.article.scroll_to_lines(line, line);
                self.focus = Pane::Article;
                Outcome::Done
            }
            Match::Post(post) => {
                let key = self.doc.tone_key(post);
                let hidden = self.filter.is_hidden(key);
                if hidden && !show_hidden {
                    return Outcome::Done;
                }
                let mut outcome = Outcome::Done;
                if hidden && let Some(pos) = self.filter.position_of(key) {
                    self.filter.toggle(pos);
                    self.replies.rebuild(&self.doc, &self.filter);
                    let name = &self.palette.look(key).name;
                    outcome = Outcome::Say(format!(
                        "the match is {name}, which the filter hid: {name} shown again"
                    ));
                }
                self.replies.reveal(&self.doc, &self.filter, post);
                self.replies.select_post(post);
                self.focus = Pane::Replies;
                if let Some(q) = self.article.quote_of(post) {
                    self.article.show_quote(q);
                }
                outcome
            }
        }
    }

    /// Whether the current match is a post the tone filter hides.
    pub fn current_match_hidden(&self) -> bool {
        match self.search.query().and_then(|q| q.current_match()) {
            Some(Match::Post(p)) => self.filter.is_hidden(self.doc.tone_key(p)),
            _ => false,
        }
    }

    // ---- links and clipboard --------------------------------------------------------------

    pub(super) fn open_link(&mut self) -> Effect {
        let url = match self.focus {
            Pane::Article => self.doc.article.url.clone().ok_or("the article has no URL"),
            Pane::Replies => match self.replies.selected_post() {
                Some(p) => self
                    .doc
                    .post(p)
                    .url
                    .map(str::to_string)
                    .ok_or("this post has no URL"),
                None => Err("no post selected"),
            },
        };
        // A file names its links; only web links are handed to the browser (not file:, or a
        // scheme some other program would run).
        let url = url.and_then(|u| {
            let lower = u.to_ascii_lowercase();
            if lower.starts_with("https://") || lower.starts_with("http://") {
                Ok(u)
            } else {
                Err("only http and https links are opened")
            }
        });
        match url {
            Ok(u) => {
                self.say(format!("opening {u}"));
                Effect::OpenUrl(u)
            }
            Err(why) => {
                self.say(why);
                Effect::None
            }
        }
    }

    pub(super) fn copy_post(&mut self) -> Effect {
        let Some(p) = self.replies.selected_post() else {
            self.say("no post selected");
            return Effect::None;
        };
        let post = self.doc.post(p);
        let mut text = format!("{}: {}", post.author.name, post.text);
        if post.text_is_description {
            text.push_str(" (described by the article, not quoted)");
        }
        match &post.url {
            Some(u) => {
                text = format!("{text}\n{u}");
                self.say("copied the post and its link");
            }
            None => self.say("copied (the post has no link)"),
        }
        Effect::Copy(text)
    }
}
