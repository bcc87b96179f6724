//! JSON: a document as the chorus/1 bundle it reads as (for `print --format json`), and
//! `convert`, which writes the bundle an input converts to without ever leaving half a file.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use super::{KeptTones, thread_posts};
use crate::load::bundle::{ArticleFile, AuthorFile, BlockFile, BundleFile, FORMAT, PostFile};
use crate::load::{Format, Input, Limits, LoadError};
use crate::model::{Block, Document, Timestamp, ToneOrigin};

/// The document as a chorus/1 bundle: the article whole, and the posts the filter keeps (every
/// post the article embeds is kept, so the article still reads whole), in file order. Loading
/// it gives the same document back.
pub fn to_bundle(doc: &Document, filter: &KeptTones) -> BundleFile {
    let a = &doc.article;
    let blocks = a
        .blocks
        .iter()
        .map(|b| match b {
            Block::Paragraph(t) => BlockFile::Paragraph { text: t.clone() },
            Block::Heading(t) => BlockFile::Heading { text: t.clone() },
            Block::Embed { id, .. } => BlockFile::Embed { post: id.clone() },
        })
        .collect();
    let embedded: std::collections::HashSet<u32> = doc.quotes().map(|(_, p)| p).collect();
    // File order, not thread order: a bundle's thread order is rebuilt from the file order, so
    // keeping it gives the same thread back.
    let kept: std::collections::HashSet<u32> = thread_posts(doc, filter).collect();
    let posts = (0..doc.len() as u32)
        .filter(|i| kept.contains(i) || embedded.contains(i))
        .map(|i| {
            let p = doc.post(i);
            PostFile {
                id: p.id.to_string(),
                author: AuthorFile {
                    name: p.author.name.clone(),
                    handle: p.author.handle.clone(),
                },
                text: p.text.to_string(),
                created_at: p.created_at.as_ref().map(time),
                url: p.url.map(str::to_string),
                in_reply_to: p.in_reply_to.map(str::to_string),
                tone: p.tone.map(|t| doc.tones.name(t).to_string()),
                // A computed or corrected tone says so, so it never passes for the source's.
                tone_source: match p.tone_origin {
                    ToneOrigin::File => None,
                    ToneOrigin::Corrected => Some("corrected".to_string()),
                    ToneOrigin::Computed { .. } => Some("computed".to_string()),
                },
                tone_confidence: match p.tone_origin {
                    ToneOrigin::Computed { confidence, .. } => {
                        Some((confidence * 100.0).round() / 100.0)
                    }
                    _ => None,
                },
                tone_cues: match p.tone_origin {
                    ToneOrigin::Computed { .. } => Some(crate::tone::compute::explain(doc, i)),
                    _ => None,
                },
                text_is_description: p.text_is_description,
            }
        })
        .collect();
    BundleFile {
        format: Some(FORMAT.to_string()),
        article: ArticleFile {
            title: a.title.clone(),
            outlet: a.outlet.clone(),
            author: a.author.clone(),
            published: a.published.as_ref().map(time),
            url: a.url.clone(),
            blocks,
        },
        posts,
    }
}

/// A time as the bundle writes it: the date alone, or RFC 3339 in the offset it was given in.
fn time(t: &Timestamp) -> String {
    match *t {
        Timestamp::Date(d) => d.to_string(),
        Timestamp::Instant { at, offset_seconds } => {
            let offset =
                jiff::tz::Offset::from_seconds(offset_seconds).unwrap_or(jiff::tz::Offset::UTC);
            let dt = offset.to_datetime(at);
            if offset_seconds == 0 {
                format!("{dt}Z")
            } else {
                let sign = if offset_seconds < 0 { '-' } else { '+' };
                let s = offset_seconds.unsigned_abs();
                format!("{dt}{sign}{:02}:{:02}", s / 3600, (s % 3600) / 60)
            }
        }
    }
}

pub fn write(doc: &Document, filter: &KeptTones, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &to_bundle(doc, filter)).map_err(io::Error::from)?;
    writeln!(out)
}

/// Why `convert` wrote nothing. Each renders as one line naming the file.
#[derive(Debug, thiserror::Error)]
pub enum ConvertError {
    #[error(transparent)]
    Load(#[from] LoadError),
    #[error("{}: is the input; convert never overwrites its input", shown(.path))]
    SameFile { path: PathBuf },
    #[error("{}: is not a regular file; convert writes a new file or replaces one", shown(.path))]
    NotAFile { path: PathBuf },
    #[error("{}: cannot write: {reason}", shown(.path))]
    Write { path: PathBuf, reason: String },
}

fn shown(p: &Path) -> String {
    crate::load::sanitize::sanitize(&p.display().to_string().replace(['\n', '\r', '\t'], " "))
        .into_owned()
}

/// Reads `input` (a file, or `-` for standard input; its format detected unless `from` names
/// it; no more than `limits` allow) and writes the chorus/1 bundle it converts to at `output`
/// (or standard output for `-`).
///
/// The bundle is written to a temporary file in the output's directory, flushed to disk and
/// renamed over `output`: a failure at any point leaves no partial file, and an existing
/// `output` either stays as it was or is replaced whole. The input is never written to.
/// Returns the format the input was read as.
/// `prepare` gives the document its tones as the reader would show them (the corrections saved
/// beside the input, then computed tones for the rest) before it is written.
pub fn convert(
    input: &Path,
    from: Option<Format>,
    limits: &Limits,
    output: &Path,
    prepare: impl FnOnce(&mut Document),
) -> Result<Format, ConvertError> {
    let to_stdout = output.as_os_str() == "-";
    if !to_stdout {
        check_output(input, output)?;
    }
    let (format, bundle) = crate::load::read_bundle(Input::arg(input), from, limits)?;
    let mut doc = crate::load::build_document(bundle);
    prepare(&mut doc);
    write_bundle(&doc, output)?;
    Ok(format)
}

/// Writes a document as a chorus/1 bundle at `output`, or to standard output for `-`. A file is
/// written to a temporary file in its directory, synced and renamed into place: a failure
/// leaves no partial file, and an existing file either stays as it was or is replaced whole.
pub fn write_bundle(doc: &Document, output: &Path) -> Result<(), ConvertError> {
    let to_stdout = output.as_os_str() == "-";
    if !to_stdout {
        check_writable(output)?;
    }
    let all = KeptTones::new(&doc.tones, &[]).map_err(|_| ConvertError::Write {
        path: output.to_owned(),
        reason: "no tone filter".into(),
    })?;
    let bundle = to_bundle(doc, &all);
    let write_err = |e: io::Error| ConvertError::Write {
        path: output.to_owned(),
        reason: reason(&e),
    };
    if to_stdout {
        let mut out = io::stdout().lock();
        let written = serde_json::to_writer_pretty(&mut out, &bundle)
            .map_err(io::Error::from)
            .and_then(|()| writeln!(out))
            .and_then(|()| out.flush());
        return match written {
            // The reader of the pipe has all it wanted (`| head`): a filter stops quietly.
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
            other => other.map_err(write_err),
        };
    }
    write_atomically(output, |w| {
        serde_json::to_writer_pretty(&mut *w, &bundle).map_err(io::Error::from)?;
        writeln!(w)
    })
    .map_err(write_err)
}

/// Refuses an output that exists and is not a regular file (a directory, a device).
pub fn check_writable(output: &Path) -> Result<(), ConvertError> {
    match std::fs::metadata(output) {
        Ok(m) if !m.is_file() => Err(ConvertError::NotAFile {
            path: output.to_owned(),
        }),
        // Does not exist yet (or cannot be seen: the write will say why).
        _ => Ok(()),
    }
}

/// Refuses an output that is the input (by name or by link) or not a regular file.
fn check_output(input: &Path, output: &Path) -> Result<(), ConvertError> {
    check_writable(output)?;
    let Ok(out_meta) = std::fs::metadata(output) else {
        return Ok(());
    };
    if input.as_os_str() == "-" {
        return Ok(());
    }
    let same_name = match (std::fs::canonicalize(input), std::fs::canonicalize(output)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    };
    #[cfg(unix)]
    let same_file = {
        use std::os::unix::fs::MetadataExt;
        std::fs::metadata(input)
            .is_ok_and(|m| m.dev() == out_meta.dev() && m.ino() == out_meta.ino())
    };
    #[cfg(not(unix))]
    let same_file = false;
    if same_name || same_file {
        return Err(ConvertError::SameFile {
            path: output.to_owned(),
        });
    }
    Ok(())
}

/// Writes through a temporary file in the same directory, synced and then renamed over `path`.
fn write_atomically(
    path: &Path,
    write: impl FnOnce(&mut io::BufWriter<&std::fs::File>) -> io::Result<()>,
) -> io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let tmp = tempfile::Builder::new()
        .prefix(".chorus-convert-")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    {
        let mut w = io::BufWriter::new(tmp.as_file());
        write(&mut w)?;
        w.flush()?;
    }
    // A new file gets the usual permissions rather than the temporary file's private ones; a
    // replaced file keeps its own.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path).map_or(0o644, |m| m.permissions().mode() & 0o7777);
        tmp.as_file()
            .set_permissions(std::fs::Permissions::from_mode(mode))?;
    }
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    // The rename itself is made durable by syncing the directory (where the system allows it).
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

fn reason(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::NotFound => "no such directory".to_string(),
        io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_keep_their_offset() {
        let t = Timestamp::parse("2024-03-02T09:30:00+01:00").unwrap();
        assert_eq!(time(&t), "2024-03-02T09:30:00+01:00");
        let t = Timestamp::parse("2024-03-02T09:30:00.250Z").unwrap();
        assert_eq!(Timestamp::parse(&time(&t)), Some(t));
        let d = Timestamp::parse("2024-03-02").unwrap();
        assert_eq!(time(&d), "2024-03-02");
    }
}
