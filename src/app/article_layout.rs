//! The article wrapped to a width: one entry per screen line, and where each quote sits.
//!
//! Computed once per width (on resize), so scrolling and quote jumps are index arithmetic and a
//! frame only slices the lines it shows.

use std::borrow::Cow;

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
    /// A wrapped line of the quoted text; `first` carries the description marker when the text
    /// is the article's description of the post.
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
/// Marks text that is the article's description of a post, not the post's own words.
pub const DESCRIPTION_MARKER: &str = "(described) ";

/// Wraps `text` to `width` columns, honouring the text's own line breaks. Tabs become spaces here
/// because a tab cell would move the terminal cursor by an unknown amount.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let expanded;
    let text = if text.contains('\t') {
        expanded = text.replace('\t', "    ");
        expanded.as_str()
    } else {
        text
    };
    textwrap::wrap(text, width)
        .into_iter()
        .map(|c| c.into_owned())
        .collect()
}

/// A post's text as the reader shows it: a description of a post is marked as one.
pub fn display_text(doc: &Document, post: PostIdx) -> Cow<'_, str> {
    let p = doc.post(post);
    if p.text_is_description {
        Cow::Owned(format!("{DESCRIPTION_MARKER}{}", p.text))
    } else {
        Cow::Borrowed(&p.text)
    }
}

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
                    let text = display_text(doc, post);
                    let text_width = w.saturating_sub(QUOTE_INDENT).max(1);
                    for (i, t) in wrap(&text, text_width).into_iter().enumerate() {
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
