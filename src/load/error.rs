//! What can be wrong with an input, as one line naming the file, the place and what was
//! expected; and the small formatting the messages share.

use super::*;

/// Why a file could not be opened as a document. Each renders as one line naming the file.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("{}: cannot read: {reason}", shown(.path))]
    Io { path: PathBuf, reason: String },
    #[error(
        "{}: is a directory; expected a chorus bundle (a JSON file)",
        shown(.path)
    )]
    Directory { path: PathBuf },
    /// More bytes than [`Limits::max_input`].
    #[error(
        "{}: larger than the input limit of {}; to read it, raise the limit with --max-input",
        shown(.path),
        size(*.limit)
    )]
    TooLarge { path: PathBuf, limit: u64 },
    /// A device given by name (`/dev/zero`): never read.
    #[error(
        "{}: is {device}, not a file or a pipe; chorus reads files, pipes and standard input",
        shown(.path)
    )]
    Device { path: PathBuf, device: &'static str },
    /// A NUL byte near the start: binary data, which no input chorus reads is.
    #[error(
        "{}:{line}:{column}: not a format chorus reads (binary data: a NUL byte); chorus reads \
         {FORMATS_READ}",
        shown(.path)
    )]
    Binary {
        path: PathBuf,
        line: usize,
        column: usize,
    },
    /// More posts than [`MAX_POSTS`].
    #[error(
        "{}: more than {} posts, the most chorus reads in one document",
        shown(.path),
        thousands(MAX_POSTS)
    )]
    TooManyPosts { path: PathBuf },
    /// Replies nested deeper than [`MAX_NESTING`] levels of JSON.
    #[error(
        "{}:{line}:{column}: nested deeper than {} levels; chorus reads threads nested at most \
         that deep",
        shown(.path),
        thousands(MAX_NESTING)
    )]
    TooDeep {
        path: PathBuf,
        line: usize,
        column: usize,
    },
    #[error(
        "{}: file is empty; expected a chorus bundle (a JSON object with \"format\": \"{}\") \
         or another input chorus reads",
        shown(.path),
        bundle::FORMAT
    )]
    Empty { path: PathBuf },
    #[error(
        "{}:{line}:{column}: invalid UTF-8; expected text encoded as UTF-8",
        shown(.path)
    )]
    Utf8 {
        path: PathBuf,
        line: usize,
        column: usize,
    },
    /// The text is not JSON. `format` is the format it looked like; `None` when it looked like
    /// none of them (then the message lists what chorus reads).
    #[error("{}:{line}:{column}: {}", shown(.path), not_json(.detail, *.format))]
    Syntax {
        path: PathBuf,
        line: usize,
        column: usize,
        detail: String,
        format: Option<Format>,
    },
    /// JSON of the wrong shape for `format`.
    #[error(
        "{}:{line}:{column}: wrong shape for {}: {detail}",
        shown(.path),
        .format.noun()
    )]
    Shape {
        path: PathBuf,
        line: usize,
        column: usize,
        detail: String,
        format: Format,
    },
    #[error(
        "{}: missing \"format\" field; expected \"format\": \"{}\"",
        shown(.path),
        bundle::FORMAT
    )]
    MissingFormat { path: PathBuf },
    #[error(
        "{}: unsupported format {found:?}; this chorus reads \"{}\"",
        shown(.path),
        bundle::FORMAT
    )]
    UnsupportedFormat { path: PathBuf, found: String },
    /// Input that is none of the formats chorus reads; `found` says what it is.
    #[error(
        "{}: not a format chorus reads ({found}); chorus reads {FORMATS_READ}",
        shown(.path)
    )]
    Unrecognized { path: PathBuf, found: String },
    /// Input of a known format with nothing chorus can show (no posts, no article text).
    #[error("{}: read as {}, but {detail}", shown(.path), .format.noun())]
    Nothing {
        path: PathBuf,
        format: Format,
        detail: String,
    },
}

/// What [`LoadError::Syntax`] says after the place.
pub(super) fn not_json(detail: &str, format: Option<Format>) -> String {
    match format {
        Some(Format::Chorus) => format!("not JSON ({detail}); expected a chorus bundle"),
        Some(other) => format!("not JSON ({detail}); it looks like {}", other.noun()),
        None => format!(
            "not a format chorus reads (not JSON: {detail}; not HTML); chorus reads \
             {FORMATS_READ}"
        ),
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
    let column = char_column(text, e.line(), e.column());
    json_error_at(path, format, e, column)
}

/// [`json_error`] at a column already counted in characters.
pub(super) fn json_error_at(
    path: &Path,
    format: Option<Format>,
    e: &serde_json::Error,
    column: usize,
) -> LoadError {
    let line = e.line();
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
pub(super) fn strip_position(e: &serde_json::Error) -> String {
    let s = e.to_string();
    match s.rfind(" at line ") {
        Some(i) => s[..i].to_string(),
        None => s,
    }
}

pub(super) fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => e.to_string(),
    }
}

/// 1-based line and column (in characters) of the end of `prefix`.
pub(crate) fn line_col(prefix: &[u8]) -> (usize, usize) {
    let line = memchr::memchr_iter(b'\n', prefix).count() + 1;
    let start = memchr::memrchr(b'\n', prefix).map_or(0, |i| i + 1);
    let column = String::from_utf8_lossy(&prefix[start..]).chars().count() + 1;
    (line, column)
}

/// serde_json counts columns in bytes; chorus counts characters, as [`line_col`] does.
pub(super) fn char_column(text: &str, line: usize, byte_column: usize) -> usize {
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

/// A count for messages, in groups of three digits: "65,535".
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(d);
    }
    out
}

/// A size for messages: whole binary units where they fit ("2 GiB"), else bytes.
pub fn size(bytes: u64) -> String {
    const UNITS: [(u64, &str); 3] = [(1 << 30, "GiB"), (1 << 20, "MiB"), (1 << 10, "KiB")];
    for (unit, name) in UNITS {
        if bytes >= unit && bytes.is_multiple_of(unit) {
            return format!("{} {name}", bytes / unit);
        }
    }
    format!("{bytes} bytes")
}

pub(super) fn shown(path: &Path) -> String {
    one_line(&path.display().to_string())
}
