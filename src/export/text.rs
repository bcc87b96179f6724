//! Plain text: the article (title, byline, paragraphs, headings underlined, embedded posts set
//! off with a bar), then the thread, each reply indented under the post it answers. Tones are
//! written as their badge and name (`[S] supportive`), coloured only when asked.

use std::io::{self, Write};

use ratatui::style::Color;
use unicode_width::UnicodeWidthStr;

use super::{KeptTones, MAX_INDENT, PrintOptions, byline, thread_posts};
use crate::model::{Block, Document, PostIdx};
use crate::tone::Palette;
use crate::ui::color::{ColorDepth, adapt, sgr_foreground};

/// Shown before a text that describes a post rather than quoting it (as the reader does).
const DESCRIBED: &str = "(described) ";

pub fn write(
    doc: &Document,
    filter: &KeptTones,
    palette: &Palette,
    opts: &PrintOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    let width = opts.width.max(20);
    let a = &doc.article;
    if !a.title.is_empty() {
        wrapped(out, &a.title, "", "", width)?;
    }
    let mut line: Vec<String> = Vec::new();
    line.extend(a.outlet.clone());
    line.extend(a.author.clone());
    line.extend(a.published.map(|t| t.to_string()));
    if !line.is_empty() {
        wrapped(out, &line.join(" · "), "", "", width)?;
    }
    if let Some(u) = &a.url {
        writeln!(out, "{u}")?;
    }
    for block in &a.blocks {
        writeln!(out)?;
        match block {
            Block::Paragraph(t) => paragraphs(out, t, "", width)?,
            Block::Heading(t) => {
                wrapped(out, t, "", "", width)?;
                let w = t.lines().map(UnicodeWidthStr::width).max().unwrap_or(0);
                writeln!(out, "{}", "-".repeat(w.clamp(1, width)))?;
            }
            Block::Embed { post: Some(p), .. } => post(out, doc, palette, opts, *p, "  │ ", width)?,
            Block::Embed { id, post: None } => {
                writeln!(out, "  │ (embedded post {id:?} is not in the file)")?;
            }
        }
    }

    let total = doc.len();
    let shown = thread_posts(doc, filter).count();
    writeln!(out)?;
    let heading = if filter.is_active() {
        format!(
            "Thread: {shown} of {total} {} ({})",
            plural(total, "post", "posts"),
            filter.names()
        )
    } else {
        format!("Thread: {total} {}", plural(total, "post", "posts"))
    };
    writeln!(out, "{heading}")?;
    writeln!(out, "{}", "=".repeat(heading.width().min(width)))?;
    for p in thread_posts(doc, filter) {
        writeln!(out)?;
        let depth = doc.post(p).depth;
        let indent = "  ".repeat(depth.min(MAX_INDENT) as usize);
        post(out, doc, palette, opts, p, &indent, width)?;
    }
    Ok(())
}

fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 { one } else { many }
}

/// A post: its tone badge and name, author and time, then its text; every line begins with
/// `prefix` (an indent, or the bar of an embed).
fn post(
    out: &mut dyn Write,
    doc: &Document,
    palette: &Palette,
    opts: &PrintOptions,
    idx: PostIdx,
    prefix: &str,
    width: usize,
) -> io::Result<()> {
    let p = doc.post(idx);
    let look = palette.look(doc.tone_key(idx));
    let badge = super::badge(doc, idx, &look.badge);
    let tone = if p.tone.is_some() {
        format!("{badge} {}", look.name)
    } else {
        badge
    };
    let tone = if opts.color {
        colored(&tone, look.color, opts.depth)
    } else {
        tone
    };
    let mut head = vec![byline(doc, idx)];
    if let Some(t) = &p.created_at {
        head.push(t.to_string());
    }
    if p.depth > MAX_INDENT && !prefix.contains('│') {
        head.push(format!("reply at depth {}", p.depth));
    }
    writeln!(out, "{prefix}{tone} {}", head.join(" · "))?;
    let body = if p.text_is_description {
        format!("{DESCRIBED}{}", p.text)
    } else {
        p.text.to_string()
    };
    if !body.trim().is_empty() {
        paragraphs(out, &body, prefix, width)?;
    }
    if let Some(u) = &p.url {
        writeln!(out, "{prefix}{u}")?;
    }
    Ok(())
}

/// Text with its own line breaks kept, each line wrapped to the width after `prefix`.
fn paragraphs(out: &mut dyn Write, text: &str, prefix: &str, width: usize) -> io::Result<()> {
    for line in text.lines() {
        if line.trim().is_empty() {
            writeln!(out, "{}", prefix.trim_end())?;
        } else {
            wrapped(out, line, prefix, prefix, width)?;
        }
    }
    Ok(())
}

fn wrapped(
    out: &mut dyn Write,
    text: &str,
    first: &str,
    rest: &str,
    width: usize,
) -> io::Result<()> {
    let avail = width.saturating_sub(first.width()).max(20);
    // Break at spaces only, so an address is never split at a slash or a hyphen.
    let opts = textwrap::Options::new(avail)
        .break_words(true)
        .word_separator(textwrap::WordSeparator::AsciiSpace)
        .word_splitter(textwrap::WordSplitter::NoHyphenation);
    for (i, l) in textwrap::wrap(text, opts).iter().enumerate() {
        let p = if i == 0 { first } else { rest };
        writeln!(out, "{p}{l}")?;
    }
    Ok(())
}

/// The tone's colour as the terminal can show it, reset after.
fn colored(s: &str, color: Color, depth: ColorDepth) -> String {
    match sgr_foreground(adapt(color, depth)) {
        Some(set) => format!("{set}{s}\x1b[0m"),
        None => s.to_string(),
    }
}
