use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::{Color, Style, Stylize};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::{search_spans, style};
use crate::app::{App, DESCRIPTION_MARKER, Match, Order, Pane, ReplyRow, layout};

/// Depth guides cycle through these, so a reader can follow one level down a long thread.
const DEPTH_COLORS: [Color; 6] = [
    Color::Rgb(0x56, 0xb4, 0xe9),
    Color::Rgb(0xe6, 0x9f, 0x00),
    Color::Rgb(0x00, 0x9e, 0x73),
    Color::Rgb(0xcc, 0x79, 0xa7),
    Color::Rgb(0xf0, 0xe4, 0x42),
    Color::Rgb(0x00, 0x72, 0xb2),
];

pub fn draw(frame: &mut Frame, app: &App) {
    let area = app.screen.replies;
    let focused = app.focus == Pane::Replies;
    let shown = app.replies.rows.len();
    let position = if shown == 0 {
        0
    } else {
        app.replies.selected + 1
    };
    let mut title = vec![Span::raw(" Replies ").bold()];
    if app.replies.order != Order::Thread {
        title.push(Span::styled(
            format!("· {} ", app.replies.order.name()),
            style::dim(),
        ));
    }
    let block = style::pane_block(app, Line::from(title), focused)
        .title(Line::from(format!(" {position}/{shown} ")).alignment(Alignment::Right));
    frame.render_widget(block, area);
    let list = layout::reply_list(area);
    if list.area() == 0 {
        return;
    }
    if app.replies.rows.is_empty() {
        let msg = if app.doc.posts.is_empty() {
            "This document has no posts."
        } else {
            "Every tone is hidden. Press 0 to show all."
        };
        frame.render_widget(
            Paragraph::new(msg)
                .style(style::dim())
                .wrap(Wrap { trim: true }),
            list,
        );
        return;
    }
    let mut y = list.y;
    for row in &app.reply_rows {
        let lines = if row.context {
            vec![context_line(app, row)]
        } else {
            entry_lines(app, row)
        };
        let height = (lines.len() as u16).min(list.bottom().saturating_sub(y));
        if height == 0 {
            break;
        }
        frame.render_widget(Paragraph::new(lines), Rect { y, height, ..list });
        y += height;
    }
    draw_minimap(frame, app);
}

/// The depth guides before a row: one bar per level, coloured by level; a deeper row than the
/// pane can indent shows its depth instead of more bars.
fn guides(app: &App, row: &ReplyRow) -> Vec<Span<'static>> {
    let depth = app.doc.post(row.post).depth as usize;
    let mut spans: Vec<Span> = (0..row.guides)
        .map(|level| {
            let s = Span::raw("│ ");
            if app.theme.color {
                s.fg(DEPTH_COLORS[level % DEPTH_COLORS.len()])
            } else {
                s.dim()
            }
        })
        .collect();
    if depth > row.guides && row.guides > 0 {
        spans.pop();
        spans.push(Span::styled("┆ ", style::dim()));
    }
    spans
}

fn gutter(app: &App, selected: bool) -> Span<'static> {
    if selected {
        Span::styled(
            "▌",
            if app.theme.color {
                Style::new().fg(style::ACCENT)
            } else {
                Style::new().bold()
            },
        )
    } else {
        Span::raw(" ")
    }
}

fn current_match_post(app: &App) -> Option<u32> {
    let s = app.search.as_ref()?;
    match s.matches.get(s.current?)? {
        Match::Post(p) => Some(*p),
        Match::Article { .. } => None,
    }
}

fn entry_lines<'a>(app: &'a App, row: &'a ReplyRow) -> Vec<Line<'a>> {
    let p = app.doc.post(row.post);
    let selected = row.position == app.replies.selected;
    let gutter = gutter(app, selected);
    let guides = guides(app, row);
    let thread_order = app.replies.order == Order::Thread;
    let replies = app.doc.thread.descendants(row.post);
    let folded = thread_order && app.replies.folded[row.post as usize];

    let mut header = vec![gutter.clone()];
    header.extend(guides.iter().cloned());
    header.push(style::post_badge(app, row.post));
    header.push(Span::raw(" "));
    if p.depth as usize > row.guides && row.guides > 0 {
        header.push(Span::styled(format!("d{} ", p.depth), style::dim()));
    }
    if p.parent.is_some() && !thread_order {
        header.push(Span::styled("↳ ", style::dim()));
    }
    if p.parent.is_none() && p.in_reply_to.is_some() {
        header.push(Span::styled("⚠ orphan ", style::dim()));
    }
    header.extend(search_spans(app, &p.author.name, Style::new().bold()));
    // The fold count before the handle: a narrow pane cuts the end of the header first.
    if folded {
        let n = if replies == 1 {
            "1 reply".to_string()
        } else {
            format!("{replies} replies")
        };
        header.push(Span::styled(format!(" ▸ {n}"), Style::new().bold()));
    }
    if let Some(h) = &p.author.handle {
        header.push(Span::styled(format!(" @{h}"), style::dim()));
    }
    if let Some(t) = &p.created_at {
        header.push(Span::styled(format!(" · {}", t.short()), style::dim()));
    }
    if app.quote_of(row.post).is_some() {
        header.push(Span::styled(" · quoted", style::dim()));
    }
    if current_match_post(app) == Some(row.post) {
        header.push(Span::styled(" ◆ match", Style::new().bold()));
    }
    let width = usize::from(layout::reply_list(app.screen.replies).width);
    let text_style = if p.text_is_description {
        Style::new().italic()
    } else {
        Style::new()
    };
    let mut lines = vec![Line::from(style::fit(header, width))];
    for (i, t) in row.lines.iter().enumerate() {
        let mut spans = vec![gutter.clone()];
        spans.extend(guides.iter().cloned());
        spans.push(Span::raw("  "));
        match t.strip_prefix(DESCRIPTION_MARKER) {
            Some(rest) if i == 0 && p.text_is_description => {
                spans.push(Span::styled(DESCRIPTION_MARKER, style::dim().italic()));
                spans.extend(search_spans(app, rest, text_style));
            }
            _ => spans.extend(search_spans(app, t, text_style)),
        }
        lines.push(Line::from(spans));
    }
    while lines.len() < row_height(row) {
        let mut spans = vec![gutter.clone()];
        spans.extend(guides.iter().cloned());
        lines.push(Line::from(spans));
    }
    if selected {
        lines
            .into_iter()
            .map(|l| l.style(style::highlight(app)))
            .collect()
    } else {
        lines
    }
}

fn row_height(row: &ReplyRow) -> usize {
    crate::app::Row {
        post: row.post,
        context: row.context,
    }
    .height()
}

/// A hidden post that a shown reply answers: one dim line, so the reply keeps its context.
fn context_line<'a>(app: &'a App, row: &'a ReplyRow) -> Line<'a> {
    let p = app.doc.post(row.post);
    let selected = row.position == app.replies.selected;
    let mut spans = vec![gutter(app, selected)];
    spans.extend(guides(app, row));
    let look = app.palette.look(app.doc.tone_key(row.post));
    spans.push(Span::styled(
        format!(
            "┄ {} ({}, hidden): {}",
            p.author.name,
            look.name,
            p.text.replace('\n', " ")
        ),
        style::dim().italic(),
    ));
    let width = usize::from(layout::reply_list(app.screen.replies).width);
    let line = Line::from(style::fit(spans, width));
    if selected {
        line.style(style::highlight(app))
    } else {
        line
    }
}

/// The tone strip: each cell is a slice of the whole list in its most common tone's colour
/// (its badge letter without colour); the slices on screen are marked.
fn draw_minimap(frame: &mut Frame, app: &App) {
    let strip = layout::minimap(app.screen.replies);
    if strip.area() == 0 || app.minimap.is_empty() {
        return;
    }
    let total = app.replies.rows.len();
    let h = usize::from(strip.height);
    let on_screen = app.replies.top..app.replies.top + app.reply_rows.len().max(1);
    let buf = frame.buffer_mut();
    for (i, key) in app.minimap.iter().enumerate().take(h) {
        let slice = i * total / h..((i + 1) * total / h).max(i * total / h + 1);
        let visible = slice.start < on_screen.end && on_screen.start < slice.end;
        let cell = &mut buf[(strip.x, strip.y + i as u16)];
        match (key, app.theme.color) {
            (Some(k), true) => {
                let look = app.palette.look(*k);
                cell.set_symbol(if visible { "█" } else { "▐" })
                    .set_style(Style::new().fg(look.color));
            }
            (Some(k), false) => {
                let badge = app.palette.look(*k).badge.chars().next().unwrap_or('?');
                let mut tmp = [0u8; 4];
                cell.set_symbol(badge.encode_utf8(&mut tmp));
                if visible {
                    cell.set_style(Style::new().reversed());
                }
            }
            (None, _) => {
                cell.set_symbol(if visible { "┃" } else { "│" })
                    .set_style(style::dim());
            }
        }
    }
}
