//! The overview pane: tone bars (ratatui's `LineGauge`, one per tone), each quote's replies as
//! one stacked bar, replies per time step as stacked columns, and where the tones came from.
//! Every bar carries its tone's badge letter, so it reads without colour; the cursor's row is
//! marked in the gutter.
//!
//! ratatui's `BarChart` does not stack a bar's parts, so the stacked bars are spans and cells
//! here; the single-value bars are `LineGauge`s.

use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Margin, Rect};
use ratatui::style::{Color, Style, Stylize};
use ratatui::symbols;
use ratatui::text::{Line, Span};
use ratatui::widgets::{LineGauge, Paragraph, Widget};
use unicode_width::UnicodeWidthStr;

use super::style::{self, Look};
use crate::app::{App, OverviewLine, OverviewTarget as Target, OverviewView, chart_window};
use crate::model::{Document, ToneKey};
use crate::stats::{Figures, LOW_CONFIDENCE, TimeIndex, first_words};

pub struct OverviewWidget<'a> {
    pub view: &'a OverviewView,
    pub doc: &'a Document,
    pub look: Look<'a>,
    pub hint: String,
}

impl<'a> OverviewWidget<'a> {
    pub fn new(app: &'a App) -> Self {
        OverviewWidget {
            view: app.overview(),
            doc: app.doc(),
            look: Look::of(app),
            hint: format!(
                "{} closes",
                app.keys().label_for(&crate::app::Action::ToggleOverview)
            ),
        }
    }

    fn name(&self, key: ToneKey) -> &str {
        &self.look.palette.look(key).name
    }

    fn letter(&self, key: ToneKey) -> &str {
        &self.look.palette.look(key).badge
    }

    /// A cell or run of cells of a tone's bar: its letter on its colour, or the letter alone
    /// without colour.
    fn bar_style(&self, key: ToneKey) -> Style {
        if self.look.theme.color {
            Style::new()
                .bg(self.look.palette.look(key).color)
                .fg(Color::Black)
        } else {
            Style::new().bold()
        }
    }

    fn gutter(&self, on: bool) -> Span<'static> {
        if on {
            Span::styled("▌", self.look.accent())
        } else {
            Span::raw(" ")
        }
    }

    fn is_cursor(&self, t: Target) -> bool {
        self.view.target() == Some(t)
    }

    fn tone_line(&self, f: &Figures, i: usize, area: Rect, buf: &mut Buffer) {
        let row = &f.tones[i];
        let on = self.is_cursor(Target::Tone(i));
        let name_w = f
            .tones
            .iter()
            .map(|r| self.name(r.key).width())
            .max()
            .unwrap_or(0)
            .min(14);
        let count_w = crate::load::thousands(f.total).len();
        let letter = self.letter(row.key);
        let name: String = self.name(row.key).chars().take(name_w).collect();
        let (label, ratio) = if row.hidden {
            (
                format!(
                    "[{letter}] {name:<name_w$} {:>count_w$} hidden",
                    crate::load::thousands(row.total)
                ),
                0.0,
            )
        } else {
            let share = row.shown as f64 / f.shown.max(1) as f64;
            (
                format!(
                    "[{letter}] {name:<name_w$} {:>count_w$} {:>5.1}%",
                    crate::load::thousands(row.shown),
                    share * 100.0
                ),
                share,
            )
        };
        Paragraph::new(Line::from(self.gutter(on))).render(Rect { width: 1, ..area }, buf);
        let rest = Rect {
            x: area.x + 1,
            width: area.width.saturating_sub(1),
            ..area
        };
        let label_style = if row.hidden {
            style::dim()
        } else {
            self.look.tone_color(row.key).bold()
        };
        let mut gauge = LineGauge::default()
            .ratio(ratio.clamp(0.0, 1.0))
            .label(Line::styled(label, label_style))
            .filled_symbol(symbols::line::THICK_HORIZONTAL)
            .unfilled_style(style::dim());
        gauge = gauge.filled_style(if self.look.theme.color {
            self.look.tone_color(row.key)
        } else {
            Style::new().bold()
        });
        if on {
            gauge = gauge.style(self.look.highlight());
        }
        gauge.render(rest, buf);
    }

    /// A quote's replies as one stacked bar as long as its share of the busiest quote, each
    /// tone's part filled with its letter; the count after it.
    fn quote_bar(&self, f: &Figures, q: usize, width: usize) -> Line<'a> {
        let row = &f.quotes[q];
        let on = self.is_cursor(Target::Quote(q));
        if row.total == 0 {
            return Line::from(vec![
                self.gutter(on),
                Span::styled("  no replies", style::dim()),
            ]);
        }
        let count = format!(" {}", crate::load::thousands(row.shown));
        let room = width.saturating_sub(3 + count.width());
        let busiest = f.quotes.iter().map(|r| r.shown).max().unwrap_or(0).max(1);
        let len = (row.shown * room).div_ceil(busiest);
        let parts = split(&row.counts, len);
        let mut spans = vec![self.gutter(on), Span::raw("  ")];
        for (tone, w) in f.tones.iter().zip(parts).filter(|(_, w)| *w > 0) {
            spans.push(Span::styled(
                self.letter(tone.key).repeat(w),
                self.bar_style(tone.key),
            ));
        }
        spans.push(Span::raw(count));
        if row.shown < row.total {
            spans.push(Span::styled(
                format!(" of {}", crate::load::thousands(row.total)),
                style::dim(),
            ));
        }
        Line::from(style::fit(spans, width))
    }

    fn quote_head(&self, f: &Figures, q: usize, width: usize) -> Line<'a> {
        let p = self.doc.post(f.quotes[q].post);
        let on = self.is_cursor(Target::Quote(q));
        let spans = vec![
            self.gutter(on),
            Span::raw(format!("{}", q + 1)).dim(),
            Span::raw(" "),
            Span::raw(p.author.name.clone()).bold(),
            Span::raw(": "),
            Span::raw(first_words(p.text, 12)),
        ];
        let line = Line::from(style::fit(spans, width));
        if on {
            line.style(self.look.highlight())
        } else {
            line
        }
    }

    /// Row `r` (from the top) of the time chart: each step a column (or a few), as tall as its
    /// share of the busiest step, stacked by tone from the bottom.
    fn chart_row(&self, f: &Figures, r: usize, area: Rect, buf: &mut Buffer) {
        let Some(steps) = &f.time else { return };
        let w = chart_window(
            steps.len(),
            usize::from(area.width),
            self.view.cursor_step(),
        );
        let busiest = steps.iter().map(|s| s.shown).max().unwrap_or(0).max(1);
        let h = crate::app::CHART_HEIGHT;
        let level = h - 1 - r; // 0 at the bottom
        let cursor = self.view.cursor_step();
        for (i, step) in steps.iter().enumerate().skip(w.first).take(w.count) {
            let height = (step.shown * h).div_ceil(busiest);
            let x0 = area.x + ((i - w.first) * w.per) as u16;
            if level >= height {
                // The chosen step's column is marked all the way up.
                if cursor == Some(i) && x0 < area.right() {
                    buf[(x0, area.y)]
                        .set_symbol("┊")
                        .set_style(self.look.accent());
                }
                continue;
            }
            // The tone at this level: where the middle of the cell falls in the stack.
            let at = (2 * level + 1) * step.shown / (2 * height);
            let mut sum = 0;
            let tone = f
                .tones
                .iter()
                .zip(&step.counts)
                .find(|&(_, &n)| {
                    sum += n;
                    at < sum
                })
                .map(|(t, _)| t.key);
            let Some(key) = tone else { continue };
            for c in 0..w.per {
                let x = area.x + ((i - w.first) * w.per + c) as u16;
                if x >= area.right() {
                    break;
                }
                let mut style = self.bar_style(key);
                if cursor == Some(i) {
                    style = style.reversed();
                }
                buf[(x, area.y)]
                    .set_symbol(self.letter(key))
                    .set_style(style);
            }
        }
    }

    /// Under the chart: the first and last steps' times, and a mark under the cursor's step.
    fn axis(&self, f: &Figures, time: &TimeIndex, width: usize) -> Line<'a> {
        let Some(steps) = &f.time else {
            return Line::default();
        };
        let w = chart_window(steps.len(), width, self.view.cursor_step());
        let fmt = label_format(time);
        let first = clock(time.step_start(w.first), time.offset, fmt);
        let last = clock(
            time.step_start(w.first + w.count.saturating_sub(1)),
            time.offset,
            fmt,
        );
        let mut cells: Vec<char> = vec![' '; width];
        let mut put = |at: usize, s: &str| {
            for (k, ch) in s.chars().enumerate() {
                if let Some(c) = cells.get_mut(at + k) {
                    *c = ch;
                }
            }
        };
        put(0, &first);
        let used = w.count * w.per;
        if used > first.width() + last.width() + 2 {
            put(used.saturating_sub(last.width()), &last);
        }
        Line::styled(cells.into_iter().collect::<String>(), style::dim())
    }

    /// The step under the cursor (else the busiest) in words.
    fn step_info(&self, f: &Figures, time: &TimeIndex, width: usize) -> Line<'a> {
        let Some(steps) = &f.time else {
            return Line::default();
        };
        let chosen = self.view.cursor_step();
        let i = chosen.unwrap_or_else(|| {
            steps
                .iter()
                .enumerate()
                .max_by_key(|(i, s)| (s.shown, std::cmp::Reverse(*i)))
                .map_or(0, |(i, _)| i)
        });
        let Some(step) = steps.get(i) else {
            return Line::default();
        };
        let fmt = label_format(time);
        let mut spans = vec![
            self.gutter(chosen.is_some()),
            Span::raw(if chosen.is_some() { "" } else { "busiest: " }).dim(),
            Span::raw(clock(step.start, time.offset, fmt)).bold(),
            Span::raw(format!(
                " · {} · ",
                plural(step.shown, "post", "posts", true)
            )),
        ];
        for (t, &n) in f.tones.iter().zip(&step.counts).filter(|(_, n)| **n > 0) {
            spans.push(Span::styled(
                format!("{} {} ", self.letter(t.key), crate::load::thousands(n)),
                self.look.tone_color(t.key),
            ));
        }
        Line::from(style::fit(spans, width))
    }

    fn line(&self, f: &Figures, line: OverviewLine, area: Rect, buf: &mut Buffer) {
        let width = usize::from(area.width);
        let text = |l: Line<'a>, buf: &mut Buffer| Paragraph::new(l).render(area, buf);
        let title = |s: String| Line::from(Span::raw(s).bold());
        let time = self.view.time();
        match line {
            OverviewLine::Header => text(
                Line::from(vec![
                    Span::raw(" "),
                    Span::raw(crate::load::thousands(f.shown)).bold(),
                    Span::raw(format!(
                        " of {} posts shown",
                        crate::load::thousands(f.total)
                    )),
                    Span::styled(
                        if self.view.counting() {
                            " · counting again…"
                        } else {
                            ""
                        },
                        style::dim(),
                    ),
                ]),
                buf,
            ),
            OverviewLine::Blank => {}
            OverviewLine::ToneTitle => text(title(" By tone".into()), buf),
            OverviewLine::Tone(i) => self.tone_line(f, i, area, buf),
            OverviewLine::QuoteTitle => {
                text(title(" By quote (the replies under each)".into()), buf)
            }
            OverviewLine::QuoteHead(q) => text(self.quote_head(f, q, width), buf),
            OverviewLine::QuoteBar(q) => text(self.quote_bar(f, q, width), buf),
            OverviewLine::TimeTitle => {
                let step = time.and_then(|t| t.step).map_or("", |s| s.1);
                text(
                    title(format!(" Over time · per {step} · {}", self.view.tz_name())),
                    buf,
                )
            }
            OverviewLine::Chart(r) => self.chart_row(f, r, area, buf),
            OverviewLine::Axis => {
                if let Some(t) = time {
                    text(self.axis(f, t, width), buf)
                }
            }
            OverviewLine::StepInfo => {
                if let Some(t) = time {
                    text(self.step_info(f, t, width), buf)
                }
            }
            OverviewLine::NoTime => text(
                Line::styled(" No post here has a time: nothing to chart.", style::dim()),
                buf,
            ),
            OverviewLine::SourcesTitle => text(title(" How the tones were set".into()), buf),
            OverviewLine::Sources(0) => {
                let s = f.sources;
                let th = crate::load::thousands;
                text(
                    Line::raw(format!(
                        " file {} · tagger {} · you {} · none {}",
                        th(s.file),
                        th(s.computed),
                        th(s.corrected),
                        th(s.untagged)
                    )),
                    buf,
                )
            }
            OverviewLine::Sources(_) => {
                let s = f.sources;
                let share = s.low_confidence as f64 * 100.0 / s.computed.max(1) as f64;
                text(
                    Line::styled(
                        format!(
                            " tagger below {LOW_CONFIDENCE} confidence: {} ({share:.0}%)",
                            crate::load::thousands(s.low_confidence)
                        ),
                        style::dim(),
                    ),
                    buf,
                )
            }
        }
    }
}

impl Widget for OverviewWidget<'_> {
    fn render(self, _area: Rect, buf: &mut Buffer) {
        let area = self.view.area();
        if area.area() == 0 {
            return;
        }
        let lines = self.view.lines();
        let inner = area.inner(Margin::new(1, 1));
        let h = usize::from(inner.height);
        let top = self.view.scroll();
        let below = lines.len().saturating_sub(top + h);
        let mut block = self
            .look
            .pane_block(Line::from(Span::raw(" Overview ").bold()), true)
            .title(Line::from(format!(" {} ", self.hint)).alignment(Alignment::Right));
        if below > 0 {
            block = block.title_bottom(
                Line::from(format!(" ↓ {below} more: j/k, Tab ")).alignment(Alignment::Right),
            );
        }
        if top > 0 {
            block = block.title_bottom(Line::from(" ↑ more ").alignment(Alignment::Left));
        }
        Widget::render(ratatui::widgets::Clear, area, buf);
        block.render(area, buf);
        let Some(f) = self.view.figures() else {
            if self.view.counting() {
                Paragraph::new(Line::styled(" counting the posts…", style::dim()))
                    .render(inner, buf);
            }
            return;
        };
        for (i, &line) in lines.iter().skip(top).take(h).enumerate() {
            let row = Rect {
                y: inner.y + i as u16,
                height: 1,
                ..inner
            };
            self.line(f, line, row, buf);
        }
    }
}

/// Splits `len` cells among `counts` in proportion (largest remainder), a part of at least one
/// cell for every count above zero while there is room.
pub fn split(counts: &[usize], len: usize) -> Vec<usize> {
    let total: usize = counts.iter().sum();
    if total == 0 || len == 0 {
        return vec![0; counts.len()];
    }
    let mut parts: Vec<usize> = counts.iter().map(|&n| n * len / total).collect();
    let mut left = len - parts.iter().sum::<usize>();
    // A cell for every tone present, the larger counts first, taken from the largest part
    // when none is left over.
    let mut missing: Vec<usize> = (0..counts.len())
        .filter(|&i| counts[i] > 0 && parts[i] == 0)
        .collect();
    missing.sort_by_key(|&i| std::cmp::Reverse(counts[i]));
    for i in missing {
        if left > 0 {
            left -= 1;
        } else if let Some(big) = (0..parts.len())
            .filter(|&j| parts[j] > 1)
            .max_by_key(|&j| parts[j])
        {
            parts[big] -= 1;
        } else {
            break;
        }
        parts[i] = 1;
    }
    // The rest by largest remainder.
    let mut order: Vec<usize> = (0..counts.len()).filter(|&i| counts[i] > 0).collect();
    order.sort_by_key(|&i| (std::cmp::Reverse(counts[i] * len % total), i));
    for &i in order.iter().cycle().take(left) {
        parts[i] += 1;
    }
    parts
}

fn plural(n: usize, one: &str, many: &str, digits: bool) -> String {
    let n_s = if digits {
        crate::load::thousands(n)
    } else {
        n.to_string()
    };
    if n == 1 {
        format!("{n_s} {one}")
    } else {
        format!("{n_s} {many}")
    }
}

/// How a step's start is written: with the time of day for steps under a day.
fn label_format(time: &TimeIndex) -> &'static str {
    match time.step {
        Some((s, _)) if s < 86_400 => "%-d %b %H:%M",
        _ => "%-d %b %Y",
    }
}

/// A time in the reader's offset.
fn clock(secs: i64, offset: i32, fmt: &str) -> String {
    let off = jiff::tz::Offset::from_seconds(offset).unwrap_or(jiff::tz::Offset::UTC);
    match jiff::Timestamp::from_second(secs) {
        Ok(t) => off.to_datetime(t).strftime(fmt).to_string(),
        Err(_) => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::split;

    #[test]
    fn a_split_fills_the_length_and_gives_every_tone_a_cell() {
        assert_eq!(split(&[90, 9, 1], 10), vec![8, 1, 1]);
        assert_eq!(split(&[1, 1], 5).iter().sum::<usize>(), 5);
        assert_eq!(split(&[0, 5, 0], 3), vec![0, 3, 0]);
        assert_eq!(split(&[3, 3, 3], 0), vec![0, 0, 0]);
        assert_eq!(split(&[], 4), Vec::<usize>::new());
        for len in 0..30 {
            let parts = split(&[7, 0, 2, 19, 1], len);
            assert_eq!(parts.iter().sum::<usize>(), len, "{len}");
        }
    }
}
