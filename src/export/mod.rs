//! Non-interactive output: the document as it would be read (text or Markdown), or as a
//! chorus/1 bundle (JSON); and `convert`'s atomic write of a bundle.
//!
//! Every string in a [`Document`] is already sanitized at load, so nothing printed here can
//! drive the terminal; the only escape sequences written are the colours of `text` output, and
//! only when asked for.

pub mod json;
pub mod markdown;
pub mod text;

use std::collections::HashSet;
use std::io::{self, Write};

use crate::model::{Document, PostIdx, ToneKey, ToneSet};
use crate::tone::Palette;

pub use json::{ConvertError, convert};

/// What `chorus print` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum OutputFormat {
    /// Plain text: the article, then the thread with replies indented.
    #[default]
    Text,
    /// Markdown: the article, then the thread as nested lists.
    Markdown,
    /// The chorus/1 bundle the input converts to, pretty-printed.
    Json,
}

/// How to print.
#[derive(Debug, Clone)]
pub struct PrintOptions {
    pub format: OutputFormat,
    /// Show only posts with these tones (names as in the legend, or `untagged`); empty shows all.
    pub tones: Vec<String>,
    /// Colour the tone badges (text output only; never when piped or under `NO_COLOR`).
    pub color: bool,
    /// Wrap text to this many columns.
    pub width: usize,
    /// The colours the terminal shows, when colouring.
    pub depth: crate::ui::ColorDepth,
    /// Show only posts this filter expression matches (`--filter`; see [`crate::filter`]).
    pub filter: Option<String>,
}

impl Default for PrintOptions {
    fn default() -> Self {
        PrintOptions {
            format: OutputFormat::Text,
            tones: Vec::new(),
            color: false,
            width: 80,
            depth: crate::ui::ColorDepth::default(),
            filter: None,
        }
    }
}

/// Replies deeper than this are drawn at this depth, with their real depth written out, so a
/// 10,000-deep thread stays readable.
pub const MAX_INDENT: u32 = 8;

/// A tone filter naming a tone the document does not know, with the tones it has.
#[derive(Debug, thiserror::Error)]
#[error("unknown tone {name:?}; the posts here have {known}")]
pub struct UnknownTone {
    pub name: String,
    pub known: String,
}

/// The tones `--tone` keeps, resolved against the document; `None` keeps every post.
pub struct KeptTones {
    keys: Option<HashSet<ToneKey>>,
    names: Vec<String>,
    /// A filter expression's posts (by post index), and the expression as written.
    posts: Option<(Vec<bool>, String)>,
}

impl KeptTones {
    /// Names are trimmed and lower-cased like tones in files; `untagged` means posts with no
    /// tone. A default tone the document does not use matches no post; any other unknown name is
    /// an error, so a typo does not silently print nothing.
    pub fn new(tones: &ToneSet, names: &[String]) -> Result<Self, UnknownTone> {
        if names.is_empty() {
            return Ok(KeptTones {
                keys: None,
                names: Vec::new(),
                posts: None,
            });
        }
        let mut keys = HashSet::new();
        let mut shown = Vec::new();
        for raw in names {
            let name = raw.trim().to_lowercase();
            if name == "untagged" {
                keys.insert(ToneKey::Untagged);
            } else if let Some(i) = tones.names.iter().position(|n| *n == name) {
                keys.insert(ToneKey::Tone(i as u32));
            } else if !crate::model::DEFAULT_TONES.contains(&name.as_str()) {
                // The tones some post carries (a document may list tones no post has).
                let mut known: Vec<String> = tones
                    .names
                    .iter()
                    .zip(&tones.counts)
                    .filter(|(_, n)| **n > 0)
                    .map(|(name, _)| name.clone())
                    .collect();
                if tones.untagged > 0 {
                    known.push("untagged".into());
                }
                return Err(UnknownTone {
                    name: crate::load::sanitize::sanitize(raw).into_owned(),
                    known: if known.is_empty() {
                        "no posts".into()
                    } else {
                        known.join(", ")
                    },
                });
            }
            if !shown.contains(&name) {
                shown.push(name);
            }
        }
        Ok(KeptTones {
            keys: Some(keys),
            names: shown,
            posts: None,
        })
    }

    /// Keeps, of the posts the tones keep, only those `expr` matches.
    pub fn and_filter(mut self, doc: &Document, expr: &crate::filter::Expr) -> Self {
        self.posts = Some((expr.matches(doc), expr.to_string()));
        self
    }

    pub fn is_active(&self) -> bool {
        self.keys.is_some() || self.posts.is_some()
    }

    pub fn keeps(&self, doc: &Document, idx: PostIdx) -> bool {
        self.keeps_tone(doc.tone_key(idx))
            && self
                .posts
                .as_ref()
                .is_none_or(|(m, _)| m.get(idx as usize).copied().unwrap_or(false))
    }

    /// Whether posts of this tone are kept.
    pub fn keeps_tone(&self, key: ToneKey) -> bool {
        self.keys.as_ref().is_none_or(|k| k.contains(&key))
    }

    /// What is kept, for headers: "humorous, critical", "filter: @alice".
    pub fn names(&self) -> String {
        let mut parts = vec![self.names.join(", ")];
        if let Some((_, expr)) = &self.posts {
            parts.push(format!("filter: {expr}"));
        }
        parts.retain(|p| !p.is_empty());
        parts.join("; ")
    }
}

/// Why `print` stopped.
#[derive(Debug, thiserror::Error)]
pub enum PrintError {
    #[error(transparent)]
    Tone(#[from] UnknownTone),
    #[error("--filter: {0}")]
    Filter(#[from] crate::filter::FilterError),
    #[error("cannot write: {0}")]
    Io(#[from] io::Error),
}

/// Writes the document in the chosen format: the article, then the thread in thread order
/// (each post followed by its replies), keeping only the posts the tone filter keeps.
pub fn print(doc: &Document, opts: &PrintOptions, out: &mut dyn Write) -> Result<(), PrintError> {
    let mut filter = KeptTones::new(&doc.tones, &opts.tones)?;
    if let Some(text) = &opts.filter {
        filter = filter.and_filter(doc, &crate::filter::parse(text)?);
    }
    let palette = Palette::new(&doc.tones);
    match opts.format {
        OutputFormat::Text => text::write(doc, &filter, &palette, opts, out)?,
        OutputFormat::Markdown => markdown::write(doc, &filter, &palette, out)?,
        OutputFormat::Json => json::write(doc, &filter, out)?,
    }
    out.flush()?;
    Ok(())
}

/// The posts of the thread section in thread order, as the filter keeps them.
pub fn thread_posts<'a>(
    doc: &'a Document,
    filter: &'a KeptTones,
) -> impl Iterator<Item = PostIdx> + 'a {
    doc.thread
        .preorder
        .iter()
        .copied()
        .filter(move |&p| filter.keeps(doc, p))
}

/// A post's badge as the reader shows it: `[S]`, or `[~S]` when the tagger computed the tone,
/// so a computed tone never passes for one the file or the reader gave.
pub fn badge(doc: &Document, idx: PostIdx, letter: &str) -> String {
    match doc.post(idx).tone_origin {
        crate::model::ToneOrigin::Computed { .. } => format!("[~{letter}]"),
        _ => format!("[{letter}]"),
    }
}

/// "Name @handle".
pub fn byline(doc: &Document, idx: PostIdx) -> String {
    let p = doc.post(idx);
    match &p.author.handle {
        Some(h) if p.author.name != format!("@{h}") => format!("{} @{h}", p.author.name),
        _ => p.author.name.clone(),
    }
}
