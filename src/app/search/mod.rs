//! Search: the prompt, the query, its matches in reading order, and where the reader is among
//! them. The matcher is in [`matcher`]; moving the panes to a match is the router's job, since a
//! match can be in either pane.

mod matcher;

pub use matcher::{PostHaystack, is_case_sensitive, ranges_in};

use super::action::Pane;
use super::article_layout::ArticleLine;
use crate::model::{Document, PostIdx};

/// Where a match is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Match {
    /// A line of the wrapped article.
    Article {
        line: usize,
    },
    Post(PostIdx),
}

/// Where the reader was when the prompt opened; Esc goes back there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SavedView {
    pub focus: Pane,
    pub article_scroll: usize,
    pub selected: Option<PostIdx>,
}

/// One search, from `/` until Esc clears it.
#[derive(Debug, Clone, Default)]
pub struct Query {
    pub text: String,
    pub case_sensitive: bool,
    pub matches: Vec<Match>,
    pub current: Option<usize>,
    /// The prompt is open (typing); false once accepted.
    pub editing: bool,
    saved: Option<SavedView>,
    /// Lines of the wrapped article when the matches were found, to follow a match across a
    /// reflow.
    article_lines: usize,
}

impl Query {
    pub fn current_match(&self) -> Option<Match> {
        self.matches.get(self.current?).copied()
    }
}

/// What [`Search::accept`] found.
pub enum Accepted {
    /// An empty query: the search is gone.
    Cleared,
    NoMatch(String),
    Go(usize),
    /// Matches, but none current: the view stays.
    Stay,
}

/// What [`Search::step`] found.
pub enum Step {
    NoSearch,
    NoMatch(String),
    /// Go to this match; `wrapped` when the walk went past an end.
    Go {
        index: usize,
        wrapped: bool,
    },
}

#[derive(Debug, Default)]
pub struct Search {
    query: Option<Query>,
    /// Every post's text in one string, built the first time a search runs.
    haystack: Option<PostHaystack>,
}

impl Search {
    pub fn query(&self) -> Option<&Query> {
        self.query.as_ref()
    }

    pub fn is_active(&self) -> bool {
        self.query.is_some()
    }

    pub fn is_editing(&self) -> bool {
        self.query.as_ref().is_some_and(|q| q.editing)
    }

    /// The query to highlight on screen, with its case sensitivity.
    pub fn highlight(&self) -> Option<(&str, bool)> {
        self.query
            .as_ref()
            .filter(|q| !q.text.is_empty())
            .map(|q| (q.text.as_str(), q.case_sensitive))
    }

    /// Opens the prompt, remembering where the reader is.
    pub fn start(&mut self, saved: SavedView) {
        self.query = Some(Query {
            editing: true,
            saved: Some(saved),
            ..Default::default()
        });
    }

    /// Changes the query text. False when there is no search to edit.
    pub fn edit(&mut self, edit: impl FnOnce(&mut String)) -> bool {
        let Some(q) = &mut self.query else {
            return false;
        };
        edit(&mut q.text);
        q.case_sensitive = is_case_sensitive(&q.text);
        true
    }

    /// Forgets the search (Esc after it was accepted).
    pub fn clear(&mut self) {
        self.query = None;
    }

    /// Closes the prompt without keeping the search; returns where the reader was.
    pub fn cancel(&mut self) -> Option<SavedView> {
        self.query.take().and_then(|q| q.saved)
    }

    pub fn saved(&self) -> Option<SavedView> {
        self.query.as_ref().and_then(|q| q.saved)
    }

    /// Finds the query's matches: article lines, then posts in the list's order (`rank`). With
    /// `jump`, returns the first match from where the reader was when the search began;
    /// without, the current match stays the same match (the same post, or the article match
    /// nearest where the old one was).
    pub fn run(
        &mut self,
        doc: &Document,
        lines: &[ArticleLine],
        rank: &dyn Fn(PostIdx) -> u32,
        jump: bool,
    ) -> Option<usize> {
        let q = self.query.as_ref()?;
        let (text, case) = (q.text.clone(), q.case_sensitive);
        let mut matches: Vec<Match> = Vec::new();
        if !text.is_empty() {
            matches.extend(
                lines
                    .iter()
                    .enumerate()
                    .filter(|(_, l)| {
                        line_text(l).is_some_and(|t| !ranges_in(t, &text, case).is_empty())
                    })
                    .map(|(line, _)| Match::Article { line }),
            );
            let haystack = self.haystack.get_or_insert_with(|| PostHaystack::new(doc));
            let mut posts = haystack.find(&text, case);
            posts.sort_by_key(|&p| rank(p));
            matches.extend(posts.into_iter().map(Match::Post));
        }
        let q = self.query.as_mut()?;
        let start = if jump {
            first_match_from(&matches, q.saved, rank)
        } else {
            None
        };
        q.current = if jump {
            start
        } else {
            same_match(q, &matches, lines.len())
        };
        q.matches = matches;
        q.article_lines = lines.len();
        start
    }

    /// Enter in the prompt: keep the search and go to its current match.
    pub fn accept(&mut self) -> Accepted {
        let Some(q) = &mut self.query else {
            return Accepted::Cleared;
        };
        q.editing = false;
        if q.text.is_empty() {
            self.query = None;
            Accepted::Cleared
        } else if q.matches.is_empty() {
            Accepted::NoMatch(format!("no match for {:?}", q.text))
        } else {
            match q.current {
                Some(c) => Accepted::Go(c),
                None => Accepted::Stay,
            }
        }
    }

    /// `n`/`N`: the next or previous match, wrapping at the ends.
    pub fn step(&mut self, forward: bool) -> Step {
        let Some(q) = &mut self.query else {
            return Step::NoSearch;
        };
        let n = q.matches.len();
        if n == 0 {
            return Step::NoMatch(format!("no match for {:?}", q.text));
        }
        let next = match (q.current, forward) {
            (None, _) => 0,
            (Some(c), true) => (c + 1) % n,
            (Some(c), false) => (c + n - 1) % n,
        };
        let wrapped = match q.current {
            Some(c) if forward => next < c,
            Some(c) => next > c,
            None => false,
        };
        q.current = Some(next);
        Step::Go {
            index: next,
            wrapped,
        }
    }

    pub fn match_at(&self, i: usize) -> Option<Match> {
        self.query.as_ref()?.matches.get(i).copied()
    }
}

/// The searchable text of an article line.
fn line_text(line: &ArticleLine) -> Option<&str> {
    match line {
        ArticleLine::Title(t)
        | ArticleLine::Byline(t)
        | ArticleLine::Paragraph(t)
        | ArticleLine::Heading(t)
        | ArticleLine::QuoteText { text: t, .. } => Some(t),
        _ => None,
    }
}

/// The first match at or after where the reader was when the search began.
fn first_match_from(
    matches: &[Match],
    saved: Option<SavedView>,
    rank: &dyn Fn(PostIdx) -> u32,
) -> Option<usize> {
    if matches.is_empty() {
        return None;
    }
    let saved = saved?;
    let from = match saved.focus {
        Pane::Article => matches.iter().position(|m| match *m {
            Match::Article { line } => line >= saved.article_scroll,
            Match::Post(_) => true,
        }),
        Pane::Replies => {
            let here = saved.selected.map_or(0, rank);
            matches.iter().position(|m| match *m {
                Match::Article { .. } => false,
                Match::Post(p) => rank(p) >= here,
            })
        }
    };
    Some(from.unwrap_or(0))
}

/// The new place of the query's current match among `matches`, after a reflow or a reorder.
fn same_match(q: &Query, matches: &[Match], lines: usize) -> Option<usize> {
    match q.current_match()? {
        Match::Post(p) => matches.iter().position(|m| *m == Match::Post(p)),
        Match::Article { line } => {
            let target = line * lines / q.article_lines.max(1);
            matches
                .iter()
                .enumerate()
                .filter_map(|(i, m)| match m {
                    Match::Article { line } => Some((i, line.abs_diff(target))),
                    Match::Post(_) => None,
                })
                .min_by_key(|&(_, d)| d)
                .map(|(i, _)| i)
        }
    }
}
