//! The article pane: the lines on screen of the article as the app wrapped it.

use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::{Modifier, Style, Stylize};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use super::style::{self, Look, search_spans};
use crate::app::{App, ArticleLine, ArticleView, DESCRIPTION_MARKER, Match, Pane};
use crate::model::{Document, PostIdx};

/// Draws an [`ArticleView`] into the pane it was laid out for.
pub struct ArticleWidget<'a> {
    pub view: &'a ArticleView,
    pub doc: &'a Document,
    pub look: Look<'a>,
    pub focused: bool,
    /// The search query to highlight, with its case sensitivity.
    pub query: Option<(&'a str, bool)>,
    /// The article line of the current search match, if it is in the article.
    pub current_match: Option<usize>,
    /// The document is still being read: a post the article embeds may yet arrive.
    pub loading: bool,
}

impl<'a> ArticleWidget<'a> {
    pub fn new(app: &'a App) -> Self {
        let current_match = match app.search().query().and_then(|q| q.current_match()) {
            Some(Match::Article { line }) => Some(line),
            _ => None,
        };
        ArticleWidget {
            view: app.article(),
            doc: app.doc(),
            look: Look::of(app),
            focused: app.focus() == Pane::Article && !app.overview().is_open(),
            query: app.search().highlight(),
            current_match,
            loading: app.status().loading.is_some(),
        }
    }

    fn line(&self, l: &'a ArticleLine) -> Line<'a> {
        let look = &self.look;
        let spans = |t: &'a str, s: Style| search_spans(look, self.query, t, s);
        match l {
            ArticleLine::Blank => Line::default(),
            ArticleLine::Title(t) => Line::from(spans(t, Style::new().bold())),
            ArticleLine::Byline(t) => Line::from(spans(t, Style::new().italic())),
            ArticleLine::Paragraph(t) => Line::from(spans(t, Style::new())),
            ArticleLine::Heading(t) => Line::from(spans(t, Style::new().bold().underlined())),
            ArticleLine::MissingEmbed(id) if self.loading => {
                Line::from(format!("… embedded post {id:?}: still loading")).style(style::dim())
            }
            ArticleLine::MissingEmbed(id) => {
                Line::from(format!("⚠ embedded post {id:?} is not in the file")).style(style::dim())
            }
            ArticleLine::QuoteAuthor { quote, post } => {
                let p = self.doc.post(*post);
                let mut s = vec![
                    self.bar(*quote, *post, true),
                    Span::raw(p.author.name.as_str()).bold(),
                ];
                if let Some(h) = &p.author.handle {
                    s.push(Span::styled(format!(" @{h}"), style::dim()));
                }
                self.quote_line(*quote, s)
            }
            ArticleLine::QuoteTag { quote, post } => {
                let key = self.doc.tone_key(*post);
                let mut s = vec![
                    self.bar(*quote, *post, false),
                    look.post_badge(self.doc, *post),
                    Span::styled(
                        format!(" {}", look.palette.look(key).name),
                        look.tone_color(key),
                    ),
                ];
                if let Some(t) = &self.doc.post(*post).created_at {
                    s.push(Span::styled(format!(" · {t}"), style::dim()));
                }
                self.quote_line(*quote, s)
            }
            ArticleLine::QuoteText {
                quote,
                post,
                text,
                first,
            } => {
                let described = self.doc.post(*post).text_is_description;
                let mut s = vec![self.bar(*quote, *post, false)];
                if described && *first {
                    s.push(Span::styled(
                        DESCRIPTION_MARKER,
                        style::dim().add_modifier(Modifier::ITALIC),
                    ));
                }
                let text_style = if described {
                    Style::new().italic()
                } else {
                    Style::new()
                };
                s.extend(spans(text, text_style));
                self.quote_line(*quote, s)
            }
        }
    }

    /// The bar down a quote's left side, in its tone's colour; `▶` marks the quote last jumped
    /// to.
    fn bar(&self, quote: usize, post: PostIdx, first_line: bool) -> Span<'static> {
        let current = self.view.quote() == Some(quote);
        let glyph = match (current, first_line) {
            (true, true) => "▶ ",
            (true, false) => "┃ ",
            (false, _) => "│ ",
        };
        Span::styled(glyph, self.look.tone_color(self.doc.tone_key(post)).bold())
    }

    fn quote_line(&self, quote: usize, spans: Vec<Span<'a>>) -> Line<'a> {
        let line = Line::from(spans);
        if self.view.quote() == Some(quote) {
            line.style(self.look.highlight())
        } else {
            line
        }
    }
}

impl Widget for ArticleWidget<'_> {
    fn render(self, _area: Rect, buf: &mut Buffer) {
        let view = self.view;
        let block = self
            .look
            .pane_block(Line::from(" Article ").bold(), self.focused)
            .title(Line::from(format!(" {} ", view.position_label())).alignment(Alignment::Right));
        block.render(view.area(), buf);
        let lines: Vec<Line> = view
            .lines()
            .iter()
            .enumerate()
            .skip(view.scroll())
            .take(view.height())
            .map(|(i, l)| {
                let line = self.line(l);
                if self.current_match == Some(i) {
                    line.style(self.look.highlight())
                        .add_modifier(Modifier::BOLD)
                } else {
                    line
                }
            })
            .collect();
        Paragraph::new(lines).render(view.text_rect(), buf);
    }
}
