//! Bytes to [`Document`]: reading a file, checking it, and sanitizing every string once.
//!
//! Everything that can be wrong with an input is found here, before the terminal is touched, and
//! reported as a [`LoadError`] naming the file, the place and what was expected.

mod build;
pub mod bundle;
pub mod sanitize;

use std::path::{Path, PathBuf};

use crate::model::Document;

pub use build::build_document;

/// Why a file could not be opened as a document. Each renders as one line.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("{}: cannot read: {reason}", shown(path))]
    Io { path: PathBuf, reason: String },
    #[error(
        "{}: is a directory; expected a chorus bundle (a JSON file)",
        shown(path)
    )]
    Directory { path: PathBuf },
    #[error(
        "{}: file is empty; expected a chorus bundle (a JSON object with \"format\": \"{}\")",
        shown(path),
        bundle::FORMAT
    )]
    Empty { path: PathBuf },
    #[error(
        "{}:{line}:{column}: invalid UTF-8; expected text encoded as UTF-8",
        shown(path)
    )]
    Utf8 {
        path: PathBuf,
        line: usize,
        column: usize,
    },
    #[error(
        "{}:{line}:{column}: not JSON ({detail}); expected a chorus bundle",
        shown(path)
    )]
    Syntax {
        path: PathBuf,
        line: usize,
        column: usize,
        detail: String,
    },
    #[error(
        "{}:{line}:{column}: wrong shape for a chorus bundle: {detail}",
        shown(path)
    )]
    Shape {
        path: PathBuf,
        line: usize,
        column: usize,
        detail: String,
    },
    #[error(
        "{}: missing \"format\" field; expected \"format\": \"{}\"",
        shown(path),
        bundle::FORMAT
    )]
    MissingFormat { path: PathBuf },
    #[error(
        "{}: unsupported format {found:?}; this chorus reads \"{}\"",
        shown(path),
        bundle::FORMAT
    )]
    UnsupportedFormat { path: PathBuf, found: String },
}

/// Reads and parses a bundle from disk.
pub fn load_path(path: &Path) -> Result<Document, LoadError> {
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
    let bytes = std::fs::read(path).map_err(io)?;
    load_bytes(path, &bytes)
}

/// Parses a bundle already in memory; `path` is only used to name it in errors.
pub fn load_bytes(path: &Path, bytes: &[u8]) -> Result<Document, LoadError> {
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
    // serde's derived structs also accept an array (fields by position): a bundle is an object.
    let start = text.len() - text.trim_start_matches([' ', '\t', '\n', '\r']).len();
    if text[start..].starts_with('[') {
        let (line, column) = line_col(&bytes[..start]);
        return Err(LoadError::Shape {
            path: path.to_owned(),
            line,
            column,
            detail: "found an array; expected an object with format, article and posts".into(),
        });
    }
    match serde_json::from_str::<bundle::BundleFile>(text) {
        Ok(file) => {
            check_format(path, file.format.as_ref())?;
            Ok(build_document(file))
        }
        Err(e) if e.is_syntax() || e.is_eof() => Err(LoadError::Syntax {
            path: path.to_owned(),
            line: e.line(),
            column: char_column(text, e.line(), e.column()),
            detail: one_line(&strip_position(&e)),
        }),
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
            Err(LoadError::Shape {
                path: path.to_owned(),
                line: e.line(),
                column: char_column(text, e.line(), e.column()),
                detail: one_line(&strip_position(&e)),
            })
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
fn line_col(prefix: &[u8]) -> (usize, usize) {
    let line = prefix.iter().filter(|&&b| b == b'\n').count() + 1;
    let start = prefix
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let column = String::from_utf8_lossy(&prefix[start..]).chars().count() + 1;
    (line, column)
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
fn one_line(s: &str) -> String {
    sanitize::sanitize(&s.replace(['\n', '\r', '\t'], " ")).into_owned()
}

fn shown(path: &Path) -> String {
    one_line(&path.display().to_string())
}
