//! The article wrapped to a width: one entry per screen line, and where each quote sits.
//!
//! Computed once per width (on resize), so scrolling and quote jumps are index arithmetic and a
//! frame only slices the lines it shows.

use super::wrap::{wrap, wrap_post};
use crate::model::{Block, Document, PostIdx};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ArticleLine {
    Blank,
    Title(String),
    Byline(String),
    Paragraph(String),
    Heading(String),
    /// A quote's first line: author and handle.
    QuoteAuthor {
        quote: usize,
        post: PostIdx,
    },
    /// A quote's tone tag and date.
    QuoteTag {
        quote: usize,
        post: PostIdx,
    },
    /// A wrapped line of the quoted text; the first line of a described post is drawn after
    /// the description marker.
    QuoteText {
        quote: usize,
        post: PostIdx,
        text: String,
        first: bool,
    },
    /// An embed naming a post the file does not have.
    MissingEmbed(String),
}

/// A quote's place in the wrapped article.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QuoteSpan {
    pub post: PostIdx,
    /// First and last line, inclusive.
    pub first: usize,
    pub last: usize,
}

#[derive(Debug, Clone, Default)]
pub struct ArticleLayout {
    pub width: u16,
    pub lines: Vec<ArticleLine>,
    /// Every resolved embed in reading order; a quote's index here is its number.
    pub quotes: Vec<QuoteSpan>,
}

/// Columns the quote bar and its gap take before the quoted text.
pub const QUOTE_INDENT: usize = 2;

impl ArticleLayout {
    pub fn new(doc: &Document, width: u16) -> Self {
        let w = usize::from(width).max(1);
        let mut lines = Vec::new();
        let mut quotes = Vec::new();
        let a = &doc.article;
        lines.extend(wrap(&a.title, w).into_iter().map(ArticleLine::Title));
        let byline: Vec<&str> = [a.author.as_deref(), a.outlet.as_deref()]
            .into_iter()
            .flatten()
            .collect();
        let mut meta = byline.join(" · ");
        if let Some(p) = &a.published {
            if !meta.is_empty() {
                meta.push_str(" · ");
            }
            meta.push_str(&p.to_string());
        }
        if !meta.is_empty() {
            lines.extend(wrap(&meta, w).into_iter().map(ArticleLine::Byline));
        }
        for block in &a.blocks {
            lines.push(ArticleLine::Blank);
            match block {
                Block::Paragraph(t) => {
                    lines.extend(wrap(t, w).into_iter().map(ArticleLine::Paragraph))
                }
                Block::Heading(t) => lines.extend(wrap(t, w).into_iter().map(ArticleLine::Heading)),
                Block::Embed { id, post: None } => {
                    lines.push(ArticleLine::MissingEmbed(id.clone()))
                }
                Block::Embed {
                    post: Some(post), ..
                } => {
                    let quote = quotes.len();
                    let post = *post;
                    let first = lines.len();
                    lines.push(ArticleLine::QuoteAuthor { quote, post });
                    lines.push(ArticleLine::QuoteTag { quote, post });
                    let text_width = w.saturating_sub(QUOTE_INDENT).max(1);
                    for (i, t) in wrap_post(doc, post, text_width).into_iter().enumerate() {
                        lines.push(ArticleLine::QuoteText {
                            quote,
                            post,
                            text: t,
                            first: i == 0,
                        });
                    }
                    quotes.push(QuoteSpan {
                        post,
                        first,
                        last: lines.len() - 1,
                    });
                }
            }
        }
        ArticleLayout {
            width,
            lines,
            quotes,
        }
    }
}
