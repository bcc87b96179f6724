//! Markdown: the article (a `#` title, paragraphs, `##` headings, embedded posts as block
//! quotes), then the thread as nested lists. Tones are written as their badge and name in code
//! spans (`` `[S] supportive` ``).

use std::io::{self, Write};

use super::{KeptTones, MAX_INDENT, byline, thread_posts};
use crate::model::{Block, Document, PostIdx};
use crate::tone::Palette;

pub fn write(
    doc: &Document,
    filter: &KeptTones,
    palette: &Palette,
    out: &mut dyn Write,
) -> io::Result<()> {
    let a = &doc.article;
    let title = if a.title.is_empty() {
        "Untitled"
    } else {
        &a.title
    };
    writeln!(out, "# {}", inline(title))?;
    let mut line: Vec<String> = Vec::new();
    line.extend(a.outlet.as_deref().map(inline));
    line.extend(a.author.as_deref().map(inline));
    line.extend(a.published.map(|t| t.to_string()));
    if !line.is_empty() || a.url.is_some() {
        writeln!(out)?;
        let mut parts = Vec::new();
        if !line.is_empty() {
            parts.push(format!("*{}*", line.join(" · ")));
        }
        parts.extend(a.url.as_deref().map(link));
        writeln!(out, "{}", parts.join(" · "))?;
    }
    for block in &a.blocks {
        writeln!(out)?;
        match block {
            Block::Paragraph(t) => text_lines(out, t, "")?,
            Block::Heading(t) => writeln!(out, "## {}", inline(&t.replace('\n', " ")))?,
            Block::Embed { post: Some(p), .. } => post(out, doc, palette, *p, "> ", "> ")?,
            Block::Embed { id, post: None } => {
                writeln!(out, "> *(embedded post {} is not in the file)*", inline(id))?
            }
        }
    }

    let total = doc.len();
    writeln!(out)?;
    if filter.is_active() {
        let shown = thread_posts(doc, filter).count();
        writeln!(
            out,
            "## Thread ({shown} of {total} posts: {})",
            inline(&filter.names())
        )?;
    } else {
        writeln!(out, "## Thread ({total} posts)")?;
    }
    for p in thread_posts(doc, filter) {
        writeln!(out)?;
        let level = doc.post(p).depth.min(MAX_INDENT) as usize;
        let indent = "  ".repeat(level);
        post(
            out,
            doc,
            palette,
            p,
            &format!("{indent}- "),
            &format!("{indent}  "),
        )?;
    }
    Ok(())
}

/// A post: a header line (author, time, tone), then its text, then its address. The first line
/// starts with `first`, the others with `rest`.
fn post(
    out: &mut dyn Write,
    doc: &Document,
    palette: &Palette,
    idx: PostIdx,
    first: &str,
    rest: &str,
) -> io::Result<()> {
    let p = doc.post(idx);
    let look = palette.look(doc.tone_key(idx));
    let mut head = vec![format!("**{}**", inline(&byline(doc, idx)))];
    if let Some(t) = &p.created_at {
        head.push(t.to_string());
    }
    let badge = super::badge(doc, idx, &look.badge);
    head.push(if p.tone.is_some() {
        format!("`{badge} {}`", look.name)
    } else {
        format!("`{badge}`")
    });
    if p.depth > MAX_INDENT && first.ends_with("- ") {
        head.push(format!("reply at depth {}", p.depth));
    }
    writeln!(out, "{first}{}", head.join(" · "))?;
    let blank = rest.trim_end();
    if !p.text.trim().is_empty() {
        writeln!(out, "{blank}")?;
        if p.text_is_description {
            let mut lines = p.text.lines();
            if let Some(l) = lines.next() {
                writeln!(out, "{rest}*(described)* *{}*", inline(l.trim()))?;
            }
            for l in lines {
                line_or_blank(out, l, rest)?;
            }
        } else {
            text_lines(out, p.text, rest)?;
        }
    }
    if let Some(u) = &p.url {
        writeln!(out, "{blank}")?;
        writeln!(out, "{rest}{}", link(u))?;
    }
    Ok(())
}

fn line_or_blank(out: &mut dyn Write, l: &str, prefix: &str) -> io::Result<()> {
    if l.trim().is_empty() {
        writeln!(out, "{}", prefix.trim_end())
    } else {
        writeln!(out, "{prefix}{}", block_start(&inline(l.trim())))
    }
}

/// Text whose own line breaks are kept: a single break becomes a hard break (two spaces), a
/// blank line a new paragraph.
fn text_lines(out: &mut dyn Write, text: &str, prefix: &str) -> io::Result<()> {
    let lines: Vec<&str> = text.lines().collect();
    for (i, l) in lines.iter().enumerate() {
        if l.trim().is_empty() {
            writeln!(out, "{}", prefix.trim_end())?;
            continue;
        }
        let next_is_text = lines.get(i + 1).is_some_and(|n| !n.trim().is_empty());
        let hard = if next_is_text { "  " } else { "" };
        writeln!(out, "{prefix}{}{hard}", block_start(&inline(l.trim())))?;
    }
    Ok(())
}

/// Escapes what Markdown would read as markup inside a line.
fn inline(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Escapes what Markdown would read as a block at the start of a line (a heading, a list item,
/// a numbered item, a rule).
fn block_start(s: &str) -> String {
    let starts_block = s.starts_with('#')
        || s.starts_with("- ")
        || s.starts_with("+ ")
        || s.starts_with('=')
        || s.starts_with("---")
        || {
            let digits = s.chars().take_while(char::is_ascii_digit).count();
            digits > 0 && s[digits..].starts_with(['.', ')'])
        };
    if starts_block {
        let digits = s.chars().take_while(char::is_ascii_digit).count();
        if digits > 0 {
            format!("{}\\{}", &s[..digits], &s[digits..])
        } else {
            format!("\\{s}")
        }
    } else {
        s.to_string()
    }
}

/// An address as an autolink, when it is one Markdown can hold.
fn link(u: &str) -> String {
    if u.contains(['<', '>', ' ']) {
        inline(u)
    } else {
        format!("<{u}>")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes() {
        assert_eq!(inline("a*b_c [x](y) <z>"), "a\\*b\\_c \\[x\\](y) \\<z\\>");
        assert_eq!(block_start("# not a heading"), "\\# not a heading");
        assert_eq!(block_start("1. not a list"), "1\\. not a list");
        assert_eq!(block_start("plain"), "plain");
    }
}
