//! The overview pane (`v`): the conversation's figures ([`crate::stats`]) laid out as lines,
//! with a cursor on the rows that can be chosen: a tone (show only it), a quote (go to it and
//! its replies), a time step (go to its first reply).
//!
//! The figures are counted again only when what they count changed (the filter, the tones,
//! the document), and each post's time step is found once per document.

use ratatui::layout::Rect;

use super::filter::ToneFilter;
use crate::model::{Document, ToneSet};
use crate::stats::{Figures, Snapshot, Tallied, Tally, TallyRequest, TimeIndex};

/// Lines the time chart's columns take.
pub const CHART_HEIGHT: usize = 6;

/// What a cursor row stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// A tone, by its place in the figures' tones (the legend's order).
    Tone(usize),
    /// A quote, by its place in the article's quotes.
    Quote(usize),
    /// A time step.
    Step(usize),
}

/// One line of the pane, top to bottom.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OverviewLine {
    /// "412 of 4,000 posts shown".
    Header,
    Blank,
    ToneTitle,
    Tone(usize),
    QuoteTitle,
    /// The quote's author and first words.
    QuoteHead(usize),
    /// The quote's replies as one stacked bar.
    QuoteBar(usize),
    TimeTitle,
    /// Row `r` of the chart, from the top.
    Chart(usize),
    /// Dates under the chart.
    Axis,
    /// The step under the cursor (or the busiest one), in words.
    StepInfo,
    NoTime,
    SourcesTitle,
    /// Where the tones came from, line `i`.
    Sources(usize),
}

/// What the tally was counted for: the tones (as counted), the posts, the corrections made.
#[derive(Debug, Clone, PartialEq)]
struct TalliedFor {
    tones: ToneSet,
    posts: usize,
    corrections: usize,
    /// The filter expression's generation, if one is set.
    mask: Option<u64>,
}

/// Up to this many posts the overview counts while the key waits (a few milliseconds); a
/// larger document is counted on a worker, and the pane says so until the figures come.
pub const TALLY_HERE_UP_TO: usize = 200_000;

#[derive(Debug)]
pub struct OverviewView {
    open: bool,
    /// The reader's time zone (the system's, unless a test sets one).
    tz: jiff::tz::TimeZone,
    /// Posts counted while the key waits; above it, a worker counts.
    here_up_to: usize,
    /// The count asked of a worker: its generation and what it counts for.
    pending: Option<(u64, TalliedFor)>,
    generation: u64,
    /// A count for the loop to hand to a worker, asked for by the last refresh.
    request: Option<TallyRequest>,
    /// The pane, border included, and whether it has the whole screen (a narrow terminal).
    area: Rect,
    full_screen: bool,
    time: Option<TimeIndex>,
    tz_name: String,
    tally: Option<Tally>,
    tallied_for: Option<TalliedFor>,
    figures: Option<Figures>,
    /// The filter the figures are for.
    filtered_by: Option<ToneFilter>,
    lines: Vec<OverviewLine>,
    targets: Vec<Target>,
    /// Place in `targets`.
    cursor: usize,
    /// First line shown.
    scroll: usize,
}

impl Default for OverviewView {
    fn default() -> Self {
        OverviewView {
            open: false,
            tz: jiff::tz::TimeZone::system(),
            here_up_to: TALLY_HERE_UP_TO,
            pending: None,
            generation: 0,
            request: None,
            area: Rect::default(),
            full_screen: false,
            time: None,
            tz_name: String::new(),
            tally: None,
            tallied_for: None,
            figures: None,
            filtered_by: None,
            lines: Vec::new(),
            targets: Vec::new(),
            cursor: 0,
            scroll: 0,
        }
    }
}

impl OverviewView {
    pub fn is_open(&self) -> bool {
        self.open
    }

    pub fn set_open(&mut self, open: bool) {
        self.open = open;
    }

    pub fn area(&self) -> Rect {
        self.area
    }

    pub fn full_screen(&self) -> bool {
        self.full_screen
    }

    pub fn figures(&self) -> Option<&Figures> {
        self.figures.as_ref()
    }

    pub fn time(&self) -> Option<&TimeIndex> {
        self.time.as_ref()
    }

    pub fn tz_name(&self) -> &str {
        &self.tz_name
    }

    pub fn lines(&self) -> &[OverviewLine] {
        &self.lines
    }

    pub fn scroll(&self) -> usize {
        self.scroll
    }

    pub fn target(&self) -> Option<Target> {
        self.targets.get(self.cursor).copied()
    }

    /// Lines inside the border.
    fn height(&self) -> usize {
        usize::from(self.area.height.saturating_sub(2))
    }

    pub fn resize(&mut self, area: Rect, full_screen: bool) {
        self.area = area;
        self.full_screen = full_screen;
        self.scroll_to_cursor();
    }

    /// The document changed under the same view (a refresh, more of a file): times are found
    /// again when next shown.
    pub fn forget(&mut self) {
        self.time = None;
        self.tallied_for = None;
        self.pending = None;
    }

    /// Counts again when what the figures count changed since the last time.
    pub fn refresh(&mut self, doc: &Document, filter: &ToneFilter, corrections: usize) {
        if !self.open {
            return;
        }
        if self.tz_name.is_empty() {
            self.tz_name = self.tz.iana_name().unwrap_or("local time").to_string();
        }
        let now = TalliedFor {
            tones: doc.tones.clone(),
            posts: doc.len(),
            corrections,
            mask: filter.posts().map(|m| m.generation),
        };
        let mask = filter.posts().map(|m| m.by_place.clone());
        let stale = self.tallied_for.as_ref() != Some(&now) || self.tally.is_none();
        if stale && doc.len() <= self.here_up_to {
            let snapshot = Snapshot::of(doc).with_mask(mask);
            let time = self
                .time
                .get_or_insert_with(|| TimeIndex::of(&snapshot, &self.tz));
            self.tally = Some(Tally::of(&snapshot, time));
            self.tallied_for = Some(now);
            self.pending = None;
        } else if stale {
            // Asked once for what is shown now; the answer to an older question is dropped.
            if self.pending.as_ref().is_none_or(|(_, f)| *f != now) {
                self.generation += 1;
                self.pending = Some((self.generation, now));
                self.request = Some(TallyRequest {
                    generation: self.generation,
                    snapshot: Snapshot::of(doc).with_mask(mask),
                    time: self.time.clone(),
                    tz: self.tz.clone(),
                });
            }
            if self.tally.is_none() {
                return;
            }
        } else if self.filtered_by.as_ref() == Some(filter) && self.figures.is_some() {
            return;
        }
        self.count_for(filter);
    }

    /// The figures for `filter` from the tally there is.
    fn count_for(&mut self, filter: &ToneFilter) {
        let (Some(tally), Some(time)) = (&self.tally, &self.time) else {
            return;
        };
        let figures = Figures::new(tally, time, &|k| filter.is_hidden(k));
        self.lay_out(&figures);
        self.figures = Some(figures);
        self.filtered_by = Some(filter.clone());
    }

    /// A worker's count: taken when it answers the latest question.
    pub fn tallied(&mut self, t: Tallied, filter: &ToneFilter) {
        let Some((generation, _)) = &self.pending else {
            return;
        };
        if *generation != t.generation {
            return;
        }
        let Some((_, counted_for)) = self.pending.take() else {
            return;
        };
        self.time = Some(t.time);
        self.tally = Some(t.tally);
        self.tallied_for = Some(counted_for);
        self.count_for(filter);
    }

    /// The count for a worker, if the last refresh asked for one.
    pub fn take_request(&mut self) -> Option<TallyRequest> {
        self.request.take()
    }

    /// Whether a worker is counting.
    pub fn counting(&self) -> bool {
        self.pending.is_some()
    }

    /// Counts on a worker above `posts` posts (tests).
    pub fn count_here_up_to(&mut self, posts: usize) {
        self.here_up_to = posts;
    }

    /// Uses a time zone of the caller's choosing (tests), instead of the system's.
    pub fn set_time_zone(&mut self, tz: &jiff::tz::TimeZone, name: &str) {
        self.tz = tz.clone();
        self.tz_name = name.to_string();
        self.time = None;
        self.tallied_for = None;
        self.pending = None;
    }

    fn lay_out(&mut self, f: &Figures) {
        let keep = self.target();
        let mut lines = vec![OverviewLine::Header, OverviewLine::ToneTitle];
        let mut targets = Vec::new();
        for i in 0..f.tones.len() {
            lines.push(OverviewLine::Tone(i));
            targets.push(Target::Tone(i));
        }
        if !f.quotes.is_empty() {
            lines.extend([OverviewLine::Blank, OverviewLine::QuoteTitle]);
            for q in 0..f.quotes.len() {
                lines.extend([OverviewLine::QuoteHead(q), OverviewLine::QuoteBar(q)]);
                targets.push(Target::Quote(q));
            }
        }
        lines.extend([OverviewLine::Blank, OverviewLine::TimeTitle]);
        match &f.time {
            Some(steps) => {
                lines.extend((0..CHART_HEIGHT).map(OverviewLine::Chart));
                lines.extend([OverviewLine::Axis, OverviewLine::StepInfo]);
                targets.extend((0..steps.len()).map(Target::Step));
            }
            None => lines.push(OverviewLine::NoTime),
        }
        lines.extend([
            OverviewLine::Blank,
            OverviewLine::SourcesTitle,
            OverviewLine::Sources(0),
            OverviewLine::Sources(1),
        ]);
        self.lines = lines;
        self.targets = targets;
        self.cursor = keep
            .and_then(|t| self.targets.iter().position(|&x| x == t))
            .unwrap_or(self.cursor.min(self.targets.len().saturating_sub(1)));
        self.scroll_to_cursor();
    }

    /// The line the cursor's row is drawn on.
    fn cursor_line(&self) -> Option<usize> {
        let target = self.target()?;
        self.lines.iter().position(|l| match (l, target) {
            (OverviewLine::Tone(i), Target::Tone(j)) => *i == j,
            (OverviewLine::QuoteHead(i), Target::Quote(j)) => *i == j,
            (OverviewLine::Chart(_), Target::Step(_)) => true,
            _ => false,
        })
    }

    fn scroll_to_cursor(&mut self) {
        let h = self.height().max(1);
        let Some(line) = self.cursor_line() else {
            self.scroll = 0;
            return;
        };
        // A quote takes two lines and the chart its height and two more: keep them whole.
        let span = match self.target() {
            Some(Target::Quote(_)) => 2,
            Some(Target::Step(_)) => CHART_HEIGHT + 2,
            _ => 1,
        };
        // The section's title is shown with its first row.
        let top = if line > 0 && self.scroll + 1 >= line {
            line - 1
        } else {
            line
        };
        if top < self.scroll {
            self.scroll = top;
        } else if line + span > self.scroll + h {
            self.scroll = (line + span).saturating_sub(h);
        }
        let max = self.lines.len().saturating_sub(h);
        self.scroll = self.scroll.min(max);
    }

    /// Moves the cursor by `delta` rows, clamped.
    pub fn move_by(&mut self, delta: isize) {
        if self.targets.is_empty() {
            return;
        }
        let last = self.targets.len() - 1;
        self.cursor = self.cursor.saturating_add_signed(delta).min(last);
        self.scroll_to_cursor();
    }

    /// Puts the cursor on the first row of the next (previous) section.
    pub fn jump_section(&mut self, forward: bool) {
        let kind = |t: &Target| match t {
            Target::Tone(_) => 0,
            Target::Quote(_) => 1,
            Target::Step(_) => 2,
        };
        let Some(here) = self.target().as_ref().map(kind) else {
            return;
        };
        let to = if forward {
            self.targets.iter().map(kind).find(|&k| k > here)
        } else {
            self.targets.iter().map(kind).filter(|&k| k < here).max()
        };
        if let Some(to) = to
            && let Some(i) = self.targets.iter().position(|t| kind(t) == to)
        {
            self.cursor = i;
            self.scroll_to_cursor();
        }
    }

    /// The time step under the cursor, if the cursor is in the chart.
    pub fn cursor_step(&self) -> Option<usize> {
        match self.target() {
            Some(Target::Step(s)) => Some(s),
            _ => None,
        }
    }

    /// The row at a screen line (a click), and puts the cursor there. For the chart, the
    /// column picks the step.
    pub fn click(&mut self, column: u16, row: u16) -> Option<Target> {
        let inner = self.area.inner(ratatui::layout::Margin::new(1, 1));
        if !inner.contains(ratatui::layout::Position::new(column, row)) {
            return None;
        }
        let line = self.scroll + usize::from(row - inner.y);
        let target = match *self.lines.get(line)? {
            OverviewLine::Tone(i) => Target::Tone(i),
            OverviewLine::QuoteHead(q) | OverviewLine::QuoteBar(q) => Target::Quote(q),
            OverviewLine::Chart(_) | OverviewLine::Axis => {
                let steps = self.figures.as_ref()?.time.as_ref()?.len();
                let x = usize::from(column - inner.x);
                let w = chart_window(steps, usize::from(inner.width), self.cursor_step());
                let step = w.first + x / w.per;
                (x / w.per < w.count).then_some(Target::Step(step))?
            }
            _ => return None,
        };
        self.cursor = self.targets.iter().position(|&t| t == target)?;
        Some(target)
    }
}

/// Which time steps a chart `width` columns wide shows, and how wide each is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChartWindow {
    /// Columns per step (1 to 4).
    pub per: usize,
    /// The first step shown.
    pub first: usize,
    /// Steps shown.
    pub count: usize,
}

/// At least one column a step; when the steps do not all fit, the window follows the cursor.
pub fn chart_window(steps: usize, width: usize, cursor: Option<usize>) -> ChartWindow {
    let per = (width / steps.max(1)).clamp(1, 4);
    let count = steps.min(width / per);
    let first = match cursor {
        Some(c) if count < steps => c.saturating_sub(count / 2).min(steps - count),
        _ => 0,
    };
    ChartWindow { per, first, count }
}

// ---- what the router does with the overview's rows ------------------------------------------

use super::action::{Action, Pane};
use super::{App, Outcome};

impl App {
    /// `v`: opens or closes the overview; the panes are laid out again around it, and the
    /// reader's place in them is kept.
    pub(super) fn toggle_overview(&mut self) -> Outcome {
        let open = !self.overview.is_open();
        self.overview.set_open(open);
        let area = self.screen.area;
        self.resize(area.width, area.height);
        Outcome::Done
    }

    /// Keys while the overview is open. `None` for the actions it leaves to the panes (tone
    /// toggles, help, quit).
    pub(super) fn update_overview(&mut self, action: &Action) -> Option<Outcome> {
        let o = &mut self.overview;
        match action {
            Action::MoveDown => o.move_by(1),
            Action::MoveUp => o.move_by(-1),
            Action::Top => o.move_by(isize::MIN),
            Action::Bottom => o.move_by(isize::MAX),
            Action::NextSection => o.jump_section(true),
            Action::PrevSection => o.jump_section(false),
            Action::ChooseRow => return Some(self.choose_row()),
            Action::ClickAt { column, row } if o.area().contains((*column, *row).into()) => {
                if o.click(*column, *row).is_some() {
                    return Some(self.choose_row());
                }
            }
            _ => return None,
        }
        Some(Outcome::Done)
    }

    /// The row under the cursor, chosen: a tone is shown alone (again: all shown), a quote is
    /// gone to with its replies, a time step's first shown reply is selected. On a narrow
    /// terminal, where the overview hides the panes, going somewhere closes it.
    fn choose_row(&mut self) -> Outcome {
        let Some(target) = self.overview.target() else {
            return Outcome::Ignored;
        };
        let Some(figures) = self.overview.figures() else {
            return Outcome::Ignored;
        };
        let outcome = match target {
            Target::Tone(i) => {
                let Some(row) = figures.tones.get(i) else {
                    return Outcome::Ignored;
                };
                let key = row.key;
                let name = self.palette.look(key).name.clone();
                let alone = self.filter.show_only(key);
                self.replies.rebuild(&self.doc, &self.filter);
                return Outcome::Say(if alone {
                    format!(
                        "only {name} shown ({} shows all)",
                        self.keys.label_for(&Action::ShowAllTones)
                    )
                } else {
                    "every tone shown".to_string()
                });
            }
            Target::Quote(q) => {
                let Some(post) = figures.quotes.get(q).map(|r| r.post) else {
                    return Outcome::Ignored;
                };
                match self.article.quote_of(post) {
                    Some(place) => {
                        self.article.jump_to_quote(place);
                        self.replies.reveal(&self.doc, &self.filter, post);
                        self.replies.select_post(post);
                        self.focus = Pane::Replies;
                        Outcome::Done
                    }
                    None => Outcome::Say("that quote's post is not in the article".into()),
                }
            }
            Target::Step(s) => {
                let Some(time) = self.overview.time() else {
                    return Outcome::Ignored;
                };
                let filter = &self.filter;
                match crate::stats::Figures::first_in_step(&self.doc, time, s, &|k| {
                    filter.is_hidden(k)
                }) {
                    Some(post) => {
                        self.replies.reveal(&self.doc, &self.filter, post);
                        self.replies.select_post(post);
                        self.focus = Pane::Replies;
                        if let Some(q) = self.article.quote_of(post) {
                            self.article.show_quote(q);
                        }
                        Outcome::Done
                    }
                    None => Outcome::Say("no shown post in that time step".into()),
                }
            }
        };
        if outcome == Outcome::Done && self.overview.full_screen() {
            self.toggle_overview();
        }
        outcome
    }
}
