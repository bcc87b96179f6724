//! Bytes to [`Document`]: reading a file, recognizing its format, checking it, and sanitizing
//! every string once.
//!
//! Every input format has its own importer here (one file each) that turns the input into a
//! chorus/1 [`bundle::BundleFile`]; [`build_document`] then sanitizes every string, resolves the
//! reply ids and computes the thread, the same way for every format. [`detect`] recognizes a
//! format from the content, never from the file name.
//!
//! Everything that can be wrong with an input is found here, before the terminal is touched, and
//! reported as a [`LoadError`] naming the file, the place and what was expected.

mod bluesky;
mod build;
pub mod bundle;
pub mod detect;
mod hackernews;
mod html;
mod json;
mod mastodon;
mod reddit;
pub mod sanitize;
mod text;
mod thread;
mod twitter_archive;
mod twitter_v2;

use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};

use crate::model::Document;

pub use build::build_document;
pub use detect::Format;
pub(crate) use reddit::{MoreStub, more_text};

/// The inputs chorus reads, for messages about input it does not recognize.
pub const FORMATS_READ: &str = "a chorus/1 bundle, an article page (HTML) with embedded tweets, \
     a Mastodon, Bluesky, Reddit or Hacker News thread (JSON), a Twitter API v2 search result \
     or a Twitter archive (tweets.js)";

/// What `-` stands for, and how standard input is named in messages.
pub const STDIN_NAME: &str = "<stdin>";

/// Why a file could not be opened as a document. Each renders as one line naming the file.
#[derive(Debug)]
pub enum LoadError {
    Io {
        path: PathBuf,
        reason: String,
    },
    Directory {
        path: PathBuf,
    },
    Empty {
        path: PathBuf,
    },
    Utf8 {
        path: PathBuf,
        line: usize,
        column: usize,
    },
    /// The text is not JSON. `format` is the format it looked like; `None` when it looked like
    /// none of them (then the message lists what chorus reads).
    Syntax {
        path: PathBuf,
        line: usize,
        column: usize,
        detail: String,
        format: Option<Format>,
    },
    /// JSON of the wrong shape for `format`.
    Shape {
        path: PathBuf,
        line: usize,
        column: usize,
        detail: String,
        format: Format,
    },
    MissingFormat {
        path: PathBuf,
    },
    UnsupportedFormat {
        path: PathBuf,
        found: String,
    },
    /// Input that is none of the formats chorus reads; `found` says what it is.
    Unrecognized {
        path: PathBuf,
        found: String,
    },
    /// Input of a known format with nothing chorus can show (no posts, no article text).
    Nothing {
        path: PathBuf,
        format: Format,
        detail: String,
    },
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LoadError::Io { path, reason } => write!(f, "{}: cannot read: {reason}", shown(path)),
            LoadError::Directory { path } => write!(
                f,
                "{}: is a directory; expected a chorus bundle (a JSON file)",
                shown(path)
            ),
            LoadError::Empty { path } => write!(
                f,
                "{}: file is empty; expected a chorus bundle (a JSON object with \"format\": \
                 \"{}\") or another input chorus reads",
                shown(path),
                bundle::FORMAT
            ),
            LoadError::Utf8 { path, line, column } => write!(
                f,
                "{}:{line}:{column}: invalid UTF-8; expected text encoded as UTF-8",
                shown(path)
            ),
            LoadError::Syntax {
                path,
                line,
                column,
                detail,
                format,
            } => match format {
                Some(Format::Chorus) => write!(
                    f,
                    "{}:{line}:{column}: not JSON ({detail}); expected a chorus bundle",
                    shown(path)
                ),
                Some(other) => write!(
                    f,
                    "{}:{line}:{column}: not JSON ({detail}); it looks like {}",
                    shown(path),
                    other.noun()
                ),
                None => write!(
                    f,
                    "{}:{line}:{column}: not a format chorus reads (not JSON: {detail}; not \
                     HTML); chorus reads {FORMATS_READ}",
                    shown(path)
                ),
            },
            LoadError::Shape {
                path,
                line,
                column,
                detail,
                format,
            } => write!(
                f,
                "{}:{line}:{column}: wrong shape for {}: {detail}",
                shown(path),
                format.noun()
            ),
            LoadError::MissingFormat { path } => write!(
                f,
                "{}: missing \"format\" field; expected \"format\": \"{}\"",
                shown(path),
                bundle::FORMAT
            ),
            LoadError::UnsupportedFormat { path, found } => write!(
                f,
                "{}: unsupported format {found:?}; this chorus reads \"{}\"",
                shown(path),
                bundle::FORMAT
            ),
            LoadError::Unrecognized { path, found } => write!(
                f,
                "{}: not a format chorus reads ({found}); chorus reads {FORMATS_READ}",
                shown(path)
            ),
            LoadError::Nothing {
                path,
                format,
                detail,
            } => write!(
                f,
                "{}: read as {}, but {detail}",
                shown(path),
                format.noun()
            ),
        }
    }
}

impl std::error::Error for LoadError {}

/// Opens an input: a file, or standard input when `source` is `-`. The format is detected from
/// the content unless `from` names it.
pub fn load_input(source: &Path, from: Option<Format>) -> Result<Document, LoadError> {
    let (_, bundle) = read_input(source, from)?;
    Ok(build_document(bundle))
}

/// Like [`load_input`], but stops at the chorus/1 bundle the input converts to (for `convert`),
/// and says which format it was read as.
pub fn read_input(
    source: &Path,
    from: Option<Format>,
) -> Result<(Format, bundle::BundleFile), LoadError> {
    if source.as_os_str() == "-" {
        let name = Path::new(STDIN_NAME);
        let mut bytes = Vec::new();
        std::io::stdin()
            .lock()
            .read_to_end(&mut bytes)
            .map_err(|e| LoadError::Io {
                path: name.to_owned(),
                reason: io_reason(&e),
            })?;
        return read_bytes(name, &bytes, from);
    }
    let bytes = read_file(source)?;
    read_bytes(source, &bytes, from)
}

/// Reads and parses a file from disk, detecting its format from the content.
pub fn load_path(path: &Path) -> Result<Document, LoadError> {
    let bytes = read_file(path)?;
    load_bytes(path, &bytes)
}

/// Parses an input already in memory, detecting its format from the content; `path` is only
/// used to name it in errors.
pub fn load_bytes(path: &Path, bytes: &[u8]) -> Result<Document, LoadError> {
    let (_, bundle) = read_bytes(path, bytes, None)?;
    Ok(build_document(bundle))
}

/// The chorus/1 bundle an input in memory converts to, and the format it was read as
/// (detected from the content when `from` is `None`).
pub fn read_bytes(
    path: &Path,
    bytes: &[u8],
    from: Option<Format>,
) -> Result<(Format, bundle::BundleFile), LoadError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(LoadError::Empty {
            path: path.to_owned(),
        });
    }
    // A saved page in a legacy encoding is still a page: HTML alone is decoded as Windows-1252
    // when it is not UTF-8 (what browsers assume for a page that does not say).
    let decoded;
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let looks_html =
                from == Some(Format::Html) || (from.is_none() && detect::starts_like_html(bytes));
            if looks_html {
                decoded = text::decode_windows_1252(bytes);
                decoded.as_str()
            } else {
                let (line, column) = line_col(&bytes[..e.valid_up_to()]);
                return Err(LoadError::Utf8 {
                    path: path.to_owned(),
                    line,
                    column,
                });
            }
        }
    };
    let format = match from {
        Some(f) => f,
        None => detect::detect(path, text)?,
    };
    // A byte-order mark is "not JSON" in a chorus bundle (docs/format.md) but common in files
    // saved on Windows: the other formats skip it.
    let text = match format {
        Format::Chorus => text,
        _ => text.strip_prefix('\u{feff}').unwrap_or(text),
    };
    let ctx = Ctx { path, format };
    let file = match format {
        Format::Chorus => read_chorus(path, text)?,
        Format::Html => html::read(&ctx, text)?,
        Format::Mastodon => mastodon::read(&ctx, text)?,
        Format::Bluesky => bluesky::read(&ctx, text)?,
        Format::Reddit => reddit::read(&ctx, text)?,
        Format::HackerNews => hackernews::read(&ctx, text)?,
        Format::TwitterV2 => twitter_v2::read(&ctx, text)?,
        Format::TwitterArchive => twitter_archive::read(&ctx, text)?,
    };
    Ok((format, file))
}

/// A Reddit thread's bundle and its "more replies" stubs, for fetching what they stand for.
pub(crate) fn read_reddit(
    path: &Path,
    bytes: &[u8],
) -> Result<(bundle::BundleFile, Vec<MoreStub>), LoadError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(LoadError::Empty {
            path: path.to_owned(),
        });
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let (line, column) = line_col(&bytes[..e.valid_up_to()]);
        LoadError::Utf8 {
            path: path.to_owned(),
            line,
            column,
        }
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let ctx = Ctx {
        path,
        format: Format::Reddit,
    };
    reddit::read_with_more(&ctx, text)
}

/// What an importer needs to report errors: the file's name and the format being read.
pub(crate) struct Ctx<'a> {
    pub path: &'a Path,
    pub format: Format,
}

impl Ctx<'_> {
    /// A JSON error from serde_json, placed in `text`.
    pub fn json_error(&self, text: &str, e: &serde_json::Error) -> LoadError {
        json_error(self.path, text, Some(self.format), e)
    }

    pub fn nothing(&self, detail: impl Into<String>) -> LoadError {
        LoadError::Nothing {
            path: self.path.to_owned(),
            format: self.format,
            // Often quotes the file (an API's error text): made safe for one line.
            detail: one_line(&detail.into()),
        }
    }

    pub fn shape_at(&self, line: usize, column: usize, detail: impl Into<String>) -> LoadError {
        LoadError::Shape {
            path: self.path.to_owned(),
            line,
            column,
            detail: one_line(&detail.into()),
            format: self.format,
        }
    }
}

fn read_file(path: &Path) -> Result<Vec<u8>, LoadError> {
    let io = |e: std::io::Error| LoadError::Io {
        path: path.to_owned(),
        reason: io_reason(&e),
    };
    let meta = std::fs::metadata(path).map_err(io)?;
    if meta.is_dir() {
        return Err(LoadError::Directory {
            path: path.to_owned(),
        });
    }
    std::fs::read(path).map_err(io)
}

/// The native format, exactly as docs/format.md describes it.
fn read_chorus(path: &Path, text: &str) -> Result<bundle::BundleFile, LoadError> {
    // serde's derived structs also accept an array (fields by position): a bundle is an object.
    let start = text.len() - text.trim_start_matches([' ', '\t', '\n', '\r']).len();
    if text[start..].starts_with('[') {
        let (line, column) = line_col(&text.as_bytes()[..start]);
        return Err(LoadError::Shape {
            path: path.to_owned(),
            line,
            column,
            detail: "found an array, and not one of the other inputs chorus reads either; \
                     expected an object with format, article and posts"
                .into(),
            format: Format::Chorus,
        });
    }
    match serde_json::from_str::<bundle::BundleFile>(text) {
        Ok(file) => {
            check_format(path, file.format.as_ref())?;
            Ok(file)
        }
        Err(e) if e.is_syntax() || e.is_eof() => {
            Err(json_error(path, text, Some(Format::Chorus), &e))
        }
        Err(e) => {
            // A file of another version may have another shape: say so rather than report the
            // shape. Only the `format` field is read; the rest is skipped.
            #[derive(serde::Deserialize)]
            struct FormatOnly {
                format: Option<serde_json::Value>,
            }
            if let Ok(FormatOnly { format }) = serde_json::from_str::<FormatOnly>(text) {
                let format = format.map(|v| match v {
                    serde_json::Value::String(s) => s,
                    other => other.to_string(),
                });
                check_format(path, format.as_ref())?;
            }
            Err(json_error(path, text, Some(Format::Chorus), &e))
        }
    }
}

fn check_format(path: &Path, format: Option<&String>) -> Result<(), LoadError> {
    match format {
        None => Err(LoadError::MissingFormat {
            path: path.to_owned(),
        }),
        Some(f) if f == bundle::FORMAT => Ok(()),
        Some(f) => Err(LoadError::UnsupportedFormat {
            path: path.to_owned(),
            found: sanitize::sanitize(f).into_owned(),
        }),
    }
}

/// A serde_json error as a [`LoadError`]: a syntax error (or a truncated file) is "not JSON",
/// anything else is the wrong shape for `format`. `format` is `None` when the text looked like
/// no format at all.
pub(crate) fn json_error(
    path: &Path,
    text: &str,
    format: Option<Format>,
    e: &serde_json::Error,
) -> LoadError {
    let line = e.line();
    let column = char_column(text, line, e.column());
    let detail = one_line(&strip_position(e));
    match format {
        Some(format) if !(e.is_syntax() || e.is_eof()) => LoadError::Shape {
            path: path.to_owned(),
            line,
            column,
            detail,
            format,
        },
        _ => LoadError::Syntax {
            path: path.to_owned(),
            line: line.max(1),
            column,
            detail,
            format,
        },
    }
}

/// serde_json appends " at line L column C"; the error already says where, at its front.
fn strip_position(e: &serde_json::Error) -> String {
    let s = e.to_string();
    match s.rfind(" at line ") {
        Some(i) => s[..i].to_string(),
        None => s,
    }
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => e.to_string(),
    }
}

/// 1-based line and column (in characters) of the end of `prefix`.
pub(crate) fn line_col(prefix: &[u8]) -> (usize, usize) {
    let line = memchr_count(prefix) + 1;
    let start = prefix
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let column = String::from_utf8_lossy(&prefix[start..]).chars().count() + 1;
    (line, column)
}

fn memchr_count(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| b == b'\n').count()
}

/// serde_json counts columns in bytes; chorus counts characters, as [`line_col`] does.
fn char_column(text: &str, line: usize, byte_column: usize) -> usize {
    let Some(l) = text.split('\n').nth(line.saturating_sub(1)) else {
        return byte_column;
    };
    let mut end = byte_column.saturating_sub(1).min(l.len());
    while !l.is_char_boundary(end) {
        end -= 1;
    }
    l[..end].chars().count() + 1
}

/// Text from outside (a serde message quoting the file, a file name) made safe for one line.
pub(crate) fn one_line(s: &str) -> String {
    sanitize::sanitize(&s.replace(['\n', '\r', '\t'], " ")).into_owned()
}

fn shown(path: &Path) -> String {
    one_line(&path.display().to_string())
}
