//! Search: the prompt, the query, its matches in reading order, and where the reader is among
//! them. The matcher is in [`matcher`]; moving the panes to a match is the router's job, since a
//! match can be in either pane.

mod matcher;

pub use matcher::{PostMatcher, is_case_sensitive, look_through, ranges_in};

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

/// Which posts a run of the search looks through.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scan {
    /// The query changed: every post.
    All,
    /// The article reflowed or the list was reordered: the posts found so far stay, re-sorted.
    Keep,
    /// The document grew: the posts not looked through yet.
    Rest,
}

/// Posts for a worker to look through: from `from` to the end of the document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchRequest {
    pub generation: u64,
    pub query: String,
    pub case_sensitive: bool,
    pub from: usize,
}

/// What a worker found: the matching posts among those it looked through since it last said,
/// and how far it has got (`searched` of `total`, in file order).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PostsFound {
    pub generation: u64,
    pub posts: Vec<PostIdx>,
    pub searched: usize,
    pub total: usize,
}

/// A search whose posts are being looked through on a worker.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Pending {
    generation: u64,
    total: usize,
    /// The view follows the nearest match found so far, until the reader moves among them.
    jump: bool,
}

/// What [`Search::found`] made of a worker's answer.
pub enum Found {
    /// Go to this match (the nearest one from where the search began, found so far).
    Go(usize),
    /// All posts were looked through and nothing matches: back to where the search began.
    Nothing,
    /// More matches; the current one stays.
    More,
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
    /// Posts `0..posts_searched` have been looked through.
    posts_searched: usize,
    pending: Option<Pending>,
}

impl Query {
    pub fn current_match(&self) -> Option<Match> {
        self.matches.get(self.current?).copied()
    }

    /// While a worker looks through the posts: how many it has, of how many.
    pub fn progress(&self) -> Option<(usize, usize)> {
        self.pending.map(|p| (self.posts_searched, p.total))
    }

    /// Where the post matches start in `matches` (article matches come first).
    fn first_post_match(&self) -> usize {
        self.matches
            .partition_point(|m| matches!(m, Match::Article { .. }))
    }
}

/// The outcome of [`Search::run`].
#[derive(Debug, Default)]
pub struct Run {
    /// The match to go to, when the run was to jump and one was found.
    pub start: Option<usize>,
    /// Posts left for a worker to look through.
    pub request: Option<SearchRequest>,
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
    /// Counts worker requests, so an answer to an older one is known and dropped.
    generation: u64,
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
    /// nearest where the old one was). Posts are looked through here when the document has
    /// at most `here_up_to` of them; else the run asks for a worker to do it
    /// ([`Run::request`]), and its answers come to [`Search::found`].
    pub fn run(
        &mut self,
        doc: &Document,
        lines: &[ArticleLine],
        rank: &dyn Fn(PostIdx) -> u32,
        jump: bool,
        scan: Scan,
        here_up_to: usize,
    ) -> Run {
        let Some(q) = self.query.as_mut() else {
            return Run::default();
        };
        let (text, case) = (q.text.clone(), q.case_sensitive);
        let mut matches: Vec<Match> = lines
            .iter()
            .enumerate()
            .filter(|(_, l)| {
                !text.is_empty()
                    && line_text(l).is_some_and(|t| !ranges_in(t, &text, case).is_empty())
            })
            .map(|(line, _)| Match::Article { line })
            .collect();
        let mut posts: Vec<PostIdx> = match scan {
            Scan::All => {
                q.posts_searched = 0;
                q.pending = None;
                Vec::new()
            }
            Scan::Keep | Scan::Rest => post_matches(&q.matches[q.first_post_match()..]),
        };
        let mut request = None;
        if scan != Scan::Keep && !text.is_empty() && q.posts_searched < doc.len() {
            if doc.len() <= here_up_to {
                let matcher = PostMatcher::new(&text, case);
                posts.extend(matcher.find(doc.store(), q.posts_searched..doc.len()));
                q.posts_searched = doc.len();
                q.pending = None;
            } else {
                self.generation += 1;
                request = Some(SearchRequest {
                    generation: self.generation,
                    query: text.clone(),
                    case_sensitive: case,
                    from: q.posts_searched,
                });
                q.pending = Some(Pending {
                    generation: self.generation,
                    total: doc.len(),
                    jump: jump || q.pending.is_some_and(|p| p.jump),
                });
            }
        }
        posts.sort_by_key(|&p| rank(p));
        matches.extend(posts.into_iter().map(Match::Post));
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
        Run { start, request }
    }

    /// Takes in what a worker found. `None` when it answers a request that is no longer the
    /// search's (the query changed, or the search is gone).
    pub fn found(&mut self, found: PostsFound, rank: &dyn Fn(PostIdx) -> u32) -> Option<Found> {
        let q = self.query.as_mut()?;
        let pending = q.pending.filter(|p| p.generation == found.generation)?;
        let mut posts = found.posts;
        posts.sort_by_key(|&p| rank(p));
        let current = q.current_match();
        let split = q.first_post_match();
        let old = post_matches(&q.matches[split..]);
        q.matches.truncate(split);
        q.matches.extend(
            merge_by(&old, &posts, |&p| rank(p))
                .into_iter()
                .map(Match::Post),
        );
        q.posts_searched = found.searched;
        let done = found.searched >= pending.total;
        q.pending = (!done).then_some(pending);
        if pending.jump {
            q.current = first_match_from(&q.matches, q.saved, rank);
            return Some(match q.current {
                Some(i) => Found::Go(i),
                None if done => Found::Nothing,
                None => Found::More,
            });
        }
        q.current = current.and_then(|m| q.matches.iter().position(|&x| x == m));
        Some(Found::More)
    }

    /// Enter in the prompt: keep the search and go to its current match.
    pub fn accept(&mut self) -> Accepted {
        let Some(q) = &mut self.query else {
            return Accepted::Cleared;
        };
        q.editing = false;
        if let Some(p) = &mut q.pending {
            p.jump = false;
        }
        if q.text.is_empty() {
            self.query = None;
            Accepted::Cleared
        } else if q.matches.is_empty() && q.pending.is_some() {
            Accepted::NoMatch(format!("still searching for {:?}", q.text))
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
        if let Some(p) = &mut q.pending {
            p.jump = false;
        }
        let n = q.matches.len();
        if n == 0 && q.pending.is_some() {
            return Step::NoMatch(format!("still searching for {:?}", q.text));
        }
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

fn post_matches(matches: &[Match]) -> Vec<PostIdx> {
    matches
        .iter()
        .filter_map(|m| match *m {
            Match::Post(p) => Some(p),
            Match::Article { .. } => None,
        })
        .collect()
}

/// Two lists sorted by `key`, merged into one.
fn merge_by<T: Copy, K: Ord>(a: &[T], b: &[T], key: impl Fn(&T) -> K) -> Vec<T> {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        if key(&b[j]) < key(&a[i]) {
            out.push(b[j]);
            j += 1;
        } else {
            out.push(a[i]);
            i += 1;
        }
    }
    out.extend_from_slice(&a[i..]);
    out.extend_from_slice(&b[j..]);
    out
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
