use ratatui::Frame;
use ratatui::layout::Alignment;
use ratatui::style::{Modifier, Style, Stylize};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{search_spans, style};
use crate::app::{App, ArticleLine, DESCRIPTION_MARKER, Match, Pane, layout};

/// The article line of the current search match, if the current match is in the article.
fn current_match_line(app: &App) -> Option<usize> {
    let s = app.search.as_ref()?;
    match s.matches.get(s.current?)? {
        Match::Article { line } => Some(*line),
        Match::Post(_) => None,
    }
}

pub fn draw(frame: &mut Frame, app: &App) {
    let area = app.screen.article;
    let focused = app.focus == Pane::Article;
    let total = app.article.lines.len();
    let height = app.article_height();
    let position = if total <= height {
        "all".to_string()
    } else {
        format!(
            "{}%",
            (app.article_scroll + height).min(total) * 100 / total
        )
    };
    let block = style::pane_block(app, Line::from(" Article ").bold(), focused)
        .title(Line::from(format!(" {position} ")).alignment(Alignment::Right));
    frame.render_widget(block, area);

    let text_area = layout::article_text(area);
    let lines: Vec<Line> = app
        .article
        .lines
        .iter()
        .skip(app.article_scroll)
        .take(height)
        .enumerate()
        .map(|(i, l)| {
            let line = line(app, l);
            if current_match_line(app) == Some(app.article_scroll + i) {
                line.style(style::highlight(app))
                    .add_modifier(Modifier::BOLD)
            } else {
                line
            }
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), text_area);
}

fn line<'a>(app: &'a App, l: &'a ArticleLine) -> Line<'a> {
    match l {
        ArticleLine::Blank => Line::default(),
        ArticleLine::Title(t) => Line::from(search_spans(app, t, Style::new().bold())),
        ArticleLine::Byline(t) => Line::from(search_spans(app, t, Style::new().italic())),
        ArticleLine::Paragraph(t) => Line::from(search_spans(app, t, Style::new())),
        ArticleLine::Heading(t) => {
            Line::from(search_spans(app, t, Style::new().bold().underlined()))
        }
        ArticleLine::MissingEmbed(id) => {
            Line::from(format!("⚠ embedded post {id:?} is not in the file")).style(style::dim())
        }
        ArticleLine::QuoteAuthor { quote, post } => {
            let p = app.doc.post(*post);
            let mut spans = vec![
                bar(app, *quote, *post, true),
                Span::raw(p.author.name.as_str()).bold(),
            ];
            if let Some(h) = &p.author.handle {
                spans.push(Span::styled(format!(" @{h}"), style::dim()));
            }
            quote_line(app, *quote, spans)
        }
        ArticleLine::QuoteTag { quote, post } => {
            let key = app.doc.tone_key(*post);
            let look = app.palette.look(key);
            let mut spans = vec![
                bar(app, *quote, *post, false),
                style::post_badge(app, *post),
                Span::styled(format!(" {}", look.name), style::tone_color(app, key)),
            ];
            if let Some(t) = &app.doc.post(*post).created_at {
                spans.push(Span::styled(format!(" · {t}"), style::dim()));
            }
            quote_line(app, *quote, spans)
        }
        ArticleLine::QuoteText {
            quote,
            post,
            text,
            first,
        } => {
            let described = app.doc.post(*post).text_is_description;
            let mut spans = vec![bar(app, *quote, *post, false)];
            let body = if described && *first {
                let rest = text.strip_prefix(DESCRIPTION_MARKER).unwrap_or(text);
                spans.push(Span::styled(
                    DESCRIPTION_MARKER,
                    style::dim().add_modifier(Modifier::ITALIC),
                ));
                rest
            } else {
                text.as_str()
            };
            let s = if described {
                Style::new().italic()
            } else {
                Style::new()
            };
            spans.extend(search_spans(app, body, s));
            quote_line(app, *quote, spans)
        }
    }
}

/// The bar down a quote's left side, in its tone's colour; `▶` marks the quote last jumped to.
fn bar(app: &App, quote: usize, post: u32, first_line: bool) -> Span<'static> {
    let current = app.quote == Some(quote);
    let glyph = match (current, first_line) {
        (true, true) => "▶ ",
        (true, false) => "┃ ",
        (false, _) => "│ ",
    };
    Span::styled(glyph, style::tone_color(app, app.doc.tone_key(post)).bold())
}

fn quote_line<'a>(app: &App, quote: usize, spans: Vec<Span<'a>>) -> Line<'a> {
    let line = Line::from(spans);
    if app.quote == Some(quote) {
        line.style(style::highlight(app))
    } else {
        line
    }
}
