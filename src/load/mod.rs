//! Bytes to [`Document`]: reading a file, recognizing its format, checking it, and sanitizing
//! every string once.
//!
//! The API is two calls on an [`Input`] (a file, standard input, or bytes in memory):
//! [`load`] gives the document, [`read_bundle`] stops at the chorus/1 bundle (for `convert`).
//! Both read no more than [`Limits`] allow.
//!
//! Every input format has its own importer here (one file each) that turns the input into a
//! chorus/1 [`bundle::BundleFile`]; [`build_document`] then sanitizes every string, resolves the
//! reply ids and computes the thread, the same way for every format. [`detect`] recognizes a
//! format from the content, never from the file name.
//!
//! Everything that can be wrong with an input is found here, before the terminal is touched, and
//! reported as a [`LoadError`] naming the file, the place and what was expected.

pub mod background;
mod bluesky;
mod build;
pub mod bundle;
mod chunked;
pub mod detect;
mod error;
mod hackernews;
mod html;
mod input;
mod json;
mod mastodon;
pub mod nesting;
mod reddit;
pub mod sanitize;
mod stream;
mod text;
mod thread;
mod twitter_archive;
mod twitter_v2;

use std::borrow::Cow;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::model::Document;

pub use build::{DocBuilder, build_document};
pub use detect::Format;
pub use error::*;
pub use input::{Input, Limits, MAX_NESTING, MAX_POSTS, MAX_TEXT_CHARS, parse_size};
pub(crate) use reddit::{MoreStub, more_text};
pub use text::decode_page;

/// The inputs chorus reads, for messages about input it does not recognize.
pub const FORMATS_READ: &str = "a chorus/1 bundle, an article page (HTML) with embedded tweets, \
     a Mastodon, Bluesky, Reddit or Hacker News thread (JSON), a Twitter API v2 search result \
     or a Twitter archive (tweets.js)";

/// What `-` stands for, and how standard input is named in messages.
pub const STDIN_NAME: &str = "<stdin>";

/// Opens an input as a document. The format is detected from the content unless `from` names
/// it.
pub fn load(input: Input, from: Option<Format>, limits: &Limits) -> Result<Document, LoadError> {
    load_with_progress(input, from, limits, Duration::MAX, &mut |_, _| {})
}

/// How far through its input a load is, as its progress is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ReadSoFar {
    /// Bytes of the input the posts so far were read from, when it is read as it comes.
    pub bytes: Option<u64>,
    /// The input's size, when known.
    pub size: Option<u64>,
}

impl ReadSoFar {
    /// The posts the whole input holds, estimated from `posts` read in the bytes so far.
    pub fn expected_posts(&self, posts: usize) -> Option<usize> {
        let (read, size) = (self.bytes?, self.size?);
        if read == 0 || posts == 0 {
            return None;
        }
        let estimate = posts as f64 * size as f64 / read as f64;
        Some((estimate as usize).max(posts))
    }
}

/// What a load shows its caller as the document is built: the builder, and how far it read.
pub type Progress<'a> = dyn FnMut(&DocBuilder, ReadSoFar) + 'a;

/// [`load`] reading the input whole first, for the exact place of an error in a bundle that
/// was read as it came.
fn load_whole(input: Input, from: Option<Format>, limits: &Limits) -> Result<Document, LoadError> {
    let path = input.name();
    let bytes = input::read(input, from, limits)?;
    load_bytes(path, &bytes, from, Duration::MAX, &mut |_, _| {})
}

/// [`load`], showing `progress` the document as it is built: once the article is in, then about
/// every `every` while the posts are read. A chorus/1 bundle is read post by post into the
/// document; the other formats are read whole first, then built.
pub fn load_with_progress(
    input: Input,
    from: Option<Format>,
    limits: &Limits,
    every: Duration,
    progress: &mut Progress<'_>,
) -> Result<Document, LoadError> {
    let path = input.name();
    let bytes = match input::open(input, from, limits)? {
        input::Opened::Bytes(bytes) => Cow::Borrowed(bytes),
        input::Opened::Stream { head, rest, size } => {
            // A bundle in a file is read as it comes: never whole in memory at once.
            if matches!(input, Input::Path(_)) && streams_as_bundle(path, &head, from) {
                return match stream_file(path, head, rest, size, limits, every, progress)? {
                    Some(doc) => Ok(doc),
                    // What is wrong, said and placed exactly as a whole read does.
                    None => load_whole(input, from, limits),
                };
            }
            Cow::Owned(input::read_rest(path, head, rest, size, limits)?)
        }
    };
    load_bytes(path, &bytes, from, every, progress)
}

/// A document from an input in memory.
fn load_bytes(
    path: &Path,
    bytes: &[u8],
    from: Option<Format>,
    every: Duration,
    progress: &mut Progress<'_>,
) -> Result<Document, LoadError> {
    let decoded = decode(path, bytes, from)?;
    let (format, text) = (decoded.format, decoded.text());
    if format != Format::Chorus {
        let file = parse_as(path, format, text)?;
        if file.posts.len() > MAX_POSTS {
            return Err(LoadError::TooManyPosts {
                path: path.to_owned(),
            });
        }
        return Ok(build_document(file));
    }
    not_an_array(path, text)?;
    let mut builder = DocBuilder::with_capacity(text.len() / 300);
    let size = Some(bytes.len() as u64);
    let mut progress = |b: &DocBuilder| progress(b, ReadSoFar { bytes: None, size });
    let mut sink = stream::Sink::new(&mut builder, every, &mut progress);
    let mut de = serde_json::Deserializer::from_str(text);
    stream::read(
        path,
        &mut de,
        &mut sink,
        |e| json_error(path, text, Some(Format::Chorus), e),
        || format_only(path, text).err(),
    )?;
    // Nothing but blank space may follow the bundle.
    de.end()
        .map_err(|e| json_error(path, text, Some(Format::Chorus), &e))?;
    Ok(builder.finish())
}

/// Whether a file whose first bytes are `head` is a chorus/1 bundle to read as it comes: an
/// object the format detector calls a bundle from its first keys.
fn streams_as_bundle(path: &Path, head: &[u8], from: Option<Format>) -> bool {
    if !matches!(from, None | Some(Format::Chorus)) {
        return false;
    }
    let text = match std::str::from_utf8(head) {
        Ok(t) => t,
        Err(e) if e.error_len().is_none() => {
            std::str::from_utf8(&head[..e.valid_up_to()]).unwrap_or_default()
        }
        Err(_) => return false,
    };
    text.trim_start_matches([' ', '\t', '\n', '\r'])
        .starts_with('{')
        && (from.is_some() || matches!(detect::detect(path, text), Ok(Format::Chorus)))
}

/// Reads a bundle from a file as it comes, a chunk at a time, into the document. `None` when
/// the file is not a bundle in the usual shape (or has an error): the caller reads it again
/// whole, which says exactly what is wrong.
fn stream_file(
    path: &Path,
    head: Vec<u8>,
    rest: Box<dyn std::io::Read + Send + '_>,
    size: Option<u64>,
    limits: &Limits,
    every: Duration,
    progress: &mut Progress<'_>,
) -> Result<Option<Document>, LoadError> {
    use std::io::Read;
    let counted = input::Counted::new(std::io::Cursor::new(head).chain(rest));
    let read = counted.count();
    let posts = size.map_or(1024, |n| usize::try_from(n / 300).unwrap_or(0));
    let mut builder = DocBuilder::with_capacity(posts);
    let built = std::sync::atomic::AtomicU64::new(0);
    let mut progress = |b: &DocBuilder| {
        let bytes = Some(built.load(std::sync::atomic::Ordering::Relaxed));
        progress(b, ReadSoFar { bytes, size })
    };
    let mut sink = stream::Sink::new(&mut builder, every, &mut progress);
    let result = chunked::read(path, counted, &mut sink, &built);
    // Past the limit, that is the error (whatever the parser made of the cut).
    input::check_read(
        path,
        read.load(std::sync::atomic::Ordering::Relaxed),
        limits,
    )?;
    match result {
        chunked::Read::Done => Ok(Some(builder.finish())),
        chunked::Read::TooManyPosts => Err(LoadError::TooManyPosts {
            path: path.to_owned(),
        }),
        chunked::Read::Other => Ok(None),
    }
}

/// The chorus/1 bundle an input converts to (for `convert`), and the format it was read as.
pub fn read_bundle(
    input: Input,
    from: Option<Format>,
    limits: &Limits,
) -> Result<(Format, bundle::BundleFile), LoadError> {
    let path = input.name();
    let bytes = input::read(input, from, limits)?;
    let (format, bundle) = parse(path, &bytes, from)?;
    if bundle.posts.len() > MAX_POSTS {
        return Err(LoadError::TooManyPosts {
            path: path.to_owned(),
        });
    }
    Ok((format, bundle))
}

/// An input's text, and the format it is in.
struct Decoded<'a> {
    format: Format,
    text: Cow<'a, str>,
    /// Bytes at the start that are not part of the format's text (a byte-order mark).
    skip: usize,
}

impl Decoded<'_> {
    fn text(&self) -> &str {
        &self.text[self.skip..]
    }
}

/// The text of an input in memory and its format (detected from the content when `from` is
/// `None`); what is wrong with the input as a whole is found here.
fn decode<'a>(
    path: &Path,
    bytes: &'a [u8],
    from: Option<Format>,
) -> Result<Decoded<'a>, LoadError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(LoadError::Empty {
            path: path.to_owned(),
        });
    }
    let looks_html = detect::is_page(bytes, from);
    // A page may hold a stray NUL, which browsers and the HTML parser pass over.
    if !looks_html {
        input::check_binary(path, bytes)?;
    }
    // A saved page in a legacy encoding is still a page: HTML alone, when it is not UTF-8, is
    // decoded in the encoding it declares, or as Windows-1252 when it declares none.
    let text: Cow<'a, str> = match std::str::from_utf8(bytes) {
        Ok(t) => Cow::Borrowed(t),
        Err(e) => {
            if looks_html {
                Cow::Owned(text::decode_page(bytes, None))
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
        None => detect::detect(path, &text)?,
    };
    // A byte-order mark is "not JSON" in a chorus bundle (docs/format.md) but common in files
    // saved on Windows: the other formats skip it.
    let skip = match format {
        Format::Chorus => 0,
        _ if text.starts_with('\u{feff}') => '\u{feff}'.len_utf8(),
        _ => 0,
    };
    let decoded = Decoded { format, text, skip };
    if matches!(
        format,
        Format::Reddit | Format::HackerNews | Format::Bluesky
    ) {
        input::check_nesting(path, decoded.text())?;
    }
    Ok(decoded)
}

/// The bundle an input in memory converts to, and the format it was read as.
fn parse(
    path: &Path,
    bytes: &[u8],
    from: Option<Format>,
) -> Result<(Format, bundle::BundleFile), LoadError> {
    let decoded = decode(path, bytes, from)?;
    let file = parse_as(path, decoded.format, decoded.text())?;
    Ok((decoded.format, file))
}

/// The bundle a text in `format` converts to.
fn parse_as(path: &Path, format: Format, text: &str) -> Result<bundle::BundleFile, LoadError> {
    let ctx = Ctx { path, format };
    Ok(match format {
        Format::Chorus => read_chorus(path, text)?,
        Format::Html => html::read(&ctx, text)?,
        Format::Mastodon => mastodon::read(&ctx, text)?,
        Format::Bluesky => bluesky::read(&ctx, text)?,
        Format::Reddit => reddit::read(&ctx, text)?,
        Format::HackerNews => hackernews::read(&ctx, text)?,
        Format::TwitterV2 => twitter_v2::read(&ctx, text)?,
        Format::TwitterArchive => twitter_archive::read(&ctx, text)?,
    })
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

/// The native format, exactly as docs/format.md describes it.
fn read_chorus(path: &Path, text: &str) -> Result<bundle::BundleFile, LoadError> {
    not_an_array(path, text)?;
    match serde_json::from_str::<bundle::BundleFile>(text) {
        Ok(file) => {
            check_format(path, file.format.as_ref())?;
            Ok(file)
        }
        Err(e) if e.to_string().starts_with(bundle::TOO_MANY_POSTS) => {
            Err(LoadError::TooManyPosts {
                path: path.to_owned(),
            })
        }
        Err(e) if e.is_syntax() || e.is_eof() => {
            Err(json_error(path, text, Some(Format::Chorus), &e))
        }
        Err(e) => {
            // A file of another version may have another shape: say so rather than report the
            // shape.
            format_only(path, text)?;
            Err(json_error(path, text, Some(Format::Chorus), &e))
        }
    }
}

/// The `format` field of a bundle in memory, checked; only that field is read, the rest is
/// skipped. Ok when the text is not an object that can be read this far.
fn format_only(path: &Path, text: &str) -> Result<(), LoadError> {
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
    Ok(())
}

/// serde's derived structs also accept an array (fields by position): a bundle is an object.
fn not_an_array(path: &Path, text: &str) -> Result<(), LoadError> {
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
    Ok(())
}

pub(crate) fn check_format(path: &Path, format: Option<&String>) -> Result<(), LoadError> {
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
