//! Where a document comes from, and how much of it chorus reads.
//!
//! Every read is bounded: a file larger than [`Limits::max_input`] is refused before it is read,
//! a stream (standard input, a named pipe) is refused as soon as it passes that size, and the
//! first bytes of a stream are looked at before the rest is read, so an endless stream of what
//! cannot be any input chorus reads (`/dev/zero`, `/dev/urandom`) is refused at once. Devices
//! given by name are refused without reading. docs/format.md, "Limits", lists them all.

use std::borrow::Cow;
use std::io::Read;
use std::path::Path;

use super::{Format, LoadError, STDIN_NAME, detect, io_reason, line_col};

/// Where a document comes from.
#[derive(Debug, Clone, Copy)]
pub enum Input<'a> {
    /// A file by name (also a named pipe, or `/dev/fd/N` from a shell's `<(...)`).
    Path(&'a Path),
    /// Standard input, named [`STDIN_NAME`] in messages.
    Stdin,
    /// An input already in memory; `name` only names it in messages.
    Bytes { name: &'a Path, bytes: &'a [u8] },
}

impl<'a> Input<'a> {
    /// A command-line argument: `-` is standard input, anything else a file.
    pub fn arg(arg: &'a Path) -> Self {
        if arg.as_os_str() == "-" {
            Input::Stdin
        } else {
            Input::Path(arg)
        }
    }

    /// How the input is named in messages.
    pub fn name(&self) -> &'a Path {
        match *self {
            Input::Path(path) => path,
            Input::Stdin => Path::new(STDIN_NAME),
            Input::Bytes { name, .. } => name,
        }
    }
}

/// How much of an input chorus reads before it refuses it. The limits that are not here are
/// fixed: [`MAX_POSTS`], [`MAX_TEXT_CHARS`] and [`MAX_NESTING`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// The most bytes read from a file or a stream (`--max-input`).
    pub max_input: u64,
    /// The longest a pipe (standard input or a named pipe) may go without sending a byte or
    /// closing, before it is given up on: a pipe nobody writes to, or that is never closed,
    /// is an error, not a wait without end.
    pub stall: std::time::Duration,
}

impl Limits {
    /// 2 GiB: a bundle of three million replies (`chorus gen --posts 3000000`) is about 1.1 GB.
    pub const DEFAULT_MAX_INPUT: u64 = 2 << 30;
    /// 30 seconds.
    pub const DEFAULT_STALL: std::time::Duration = std::time::Duration::from_secs(30);
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_input: Self::DEFAULT_MAX_INPUT,
            stall: Self::DEFAULT_STALL,
        }
    }
}

/// The most posts a document holds. A bundle of three million replies loads; more than this
/// is refused as soon as the count passes it (a post in the model takes some hundred bytes
/// more than the shortest post in a file).
pub const MAX_POSTS: usize = 5_000_000;

/// The longest text a post or an article paragraph keeps, in characters; the rest is cut, with
/// a marker that says how much, so no single post fills the layout (about 1,300 lines at
/// 80 columns).
pub const MAX_TEXT_CHARS: usize = 100_000;

/// The deepest JSON nesting read in the formats that nest replies inside replies (Reddit,
/// Hacker News, Bluesky): a chain of just under 100,000 comments for Hacker News (an object and
/// an array each), under 40,000 for Reddit (five levels each). Each level costs a few
/// kilobytes of stack while it is parsed, so depth, not size, bounds the memory of such a file.
pub const MAX_NESTING: usize = 200_000;

/// How much of a stream is looked at before the rest is read.
const SNIFF_LEN: usize = 64 << 10;

/// A size given on the command line: a number of bytes, or with a unit: `K`, `M`, `G`, `T`
/// (or `KiB` ... `TiB`) count in 1,024s, `KB` ... `TB` in 1,000s. `1.5G` is allowed.
pub fn parse_size(s: &str) -> Result<u64, String> {
    let s = s.trim();
    let split = s
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(s.len());
    let (number, unit) = (&s[..split], s[split..].trim());
    let number: f64 = number.parse().map_err(|_| {
        format!("{s:?} is not a size; expected bytes, or a number and a unit: 2G, 500M")
    })?;
    let scale: u64 = match unit.to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kib" => 1 << 10,
        "m" | "mib" => 1 << 20,
        "g" | "gib" => 1 << 30,
        "t" | "tib" => 1 << 40,
        "kb" => 1_000,
        "mb" => 1_000_000,
        "gb" => 1_000_000_000,
        "tb" => 1_000_000_000_000,
        _ => {
            return Err(format!(
                "unknown unit {unit:?} in {s:?}; expected K, M, G, T (or KiB ... TiB), KB ... TB"
            ));
        }
    };
    let bytes = (number * scale as f64).round();
    if !(1.0..1e19).contains(&bytes) {
        return Err(format!("{s:?} is out of range; expected 1 byte to 8 EiB"));
    }
    Ok(bytes as u64)
}

/// An input opened and checked, its first bytes read: what a reader needs to go on, whole or
/// piece by piece.
pub(crate) enum Opened<'a> {
    /// Already in memory.
    Bytes(&'a [u8]),
    /// A file or a stream: its head (up to [`SNIFF_LEN`] bytes, already checked), the rest to
    /// read, and its size when known.
    Stream {
        head: Vec<u8>,
        rest: Box<dyn Read + Send + 'a>,
        size: Option<u64>,
    },
}

/// Opens an input within `limits`: a directory or a device is refused, a file's size is checked
/// before it is read, and a stream's head is looked at before the rest is read.
pub(crate) fn open<'a>(
    input: Input<'a>,
    from: Option<Format>,
    limits: &Limits,
) -> Result<Opened<'a>, LoadError> {
    let path = input.name();
    let io = |e: std::io::Error| LoadError::Io {
        path: path.to_owned(),
        reason: io_reason(&e),
    };
    let (reader, size): (Box<dyn Read + Send + 'a>, Option<u64>) = match input {
        Input::Bytes { bytes, .. } => return Ok(Opened::Bytes(bytes)),
        Input::Stdin => {
            // Standard input redirected from a file has a size: a huge one is refused unread.
            let size = stdin_size();
            check_size(path, size, limits)?;
            match Pipe::stdin(limits.stall) {
                Some(pipe) => (Box::new(pipe), size),
                None => (Box::new(std::io::stdin()), size),
            }
        }
        Input::Path(_) => {
            let meta = std::fs::metadata(path).map_err(io)?;
            let kind = meta.file_type();
            if kind.is_dir() {
                return Err(LoadError::Directory {
                    path: path.to_owned(),
                });
            }
            if let Some(device) = device(&kind) {
                return Err(LoadError::Device {
                    path: path.to_owned(),
                    device,
                });
            }
            let size = kind.is_file().then_some(meta.len());
            check_size(path, size, limits)?;
            if is_fifo(&kind) {
                (Box::new(Pipe::open(path, limits.stall).map_err(io)?), None)
            } else {
                (Box::new(std::fs::File::open(path).map_err(io)?), size)
            }
        }
    };
    let cap = limits.max_input.saturating_add(1);
    let mut reader = reader.take(cap);
    let mut head = Vec::with_capacity(SNIFF_LEN);
    (&mut reader)
        .take(SNIFF_LEN as u64)
        .read_to_end(&mut head)
        .map_err(io)?;
    if head.len() == SNIFF_LEN {
        sniff(path, &head, from)?;
    }
    Ok(Opened::Stream {
        head,
        rest: Box::new(reader),
        size,
    })
}

/// The bytes of a file or a stream, read no further than `limits` allow.
pub(crate) fn read<'a>(
    input: Input<'a>,
    from: Option<Format>,
    limits: &Limits,
) -> Result<Cow<'a, [u8]>, LoadError> {
    let path = input.name();
    match open(input, from, limits)? {
        Opened::Bytes(bytes) => Ok(Cow::Borrowed(bytes)),
        Opened::Stream { head, rest, size } => {
            read_rest(path, head, rest, size, limits).map(Cow::Owned)
        }
    }
}

/// The rest of a stream after its head, read to the end within the limit.
pub(crate) fn read_rest(
    path: &Path,
    mut head: Vec<u8>,
    mut rest: Box<dyn Read + Send + '_>,
    size: Option<u64>,
    limits: &Limits,
) -> Result<Vec<u8>, LoadError> {
    let expected = size.unwrap_or(0).min(limits.max_input.saturating_add(1));
    head.reserve(
        usize::try_from(expected)
            .unwrap_or(0)
            .saturating_sub(head.len()),
    );
    rest.read_to_end(&mut head).map_err(|e| LoadError::Io {
        path: path.to_owned(),
        reason: io_reason(&e),
    })?;
    check_read(path, head.len() as u64, limits)?;
    Ok(head)
}

/// A reader that counts the bytes read through it, for the limit of a stream read as it comes.
pub(crate) struct Counted<R> {
    inner: R,
    count: std::sync::Arc<std::sync::atomic::AtomicU64>,
}

impl<R: Read> Counted<R> {
    pub fn new(inner: R) -> Self {
        Counted {
            inner,
            count: Default::default(),
        }
    }

    /// A handle on the count, to read after the reader is gone.
    pub fn count(&self) -> std::sync::Arc<std::sync::atomic::AtomicU64> {
        self.count.clone()
    }
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count
            .fetch_add(n as u64, std::sync::atomic::Ordering::Relaxed);
        Ok(n)
    }
}

/// A stream read past the limit is refused.
pub(crate) fn check_read(path: &Path, read: u64, limits: &Limits) -> Result<(), LoadError> {
    if read > limits.max_input {
        return Err(LoadError::TooLarge {
            path: path.to_owned(),
            limit: limits.max_input,
        });
    }
    Ok(())
}

/// "a character device" for a device, `None` for anything chorus can read.
fn device(kind: &std::fs::FileType) -> Option<&'static str> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_char_device() {
            return Some("a character device");
        }
        if kind.is_block_device() {
            return Some("a block device");
        }
    }
    let _ = kind;
    None
}

fn is_fifo(kind: &std::fs::FileType) -> bool {
    use std::os::unix::fs::FileTypeExt;
    kind.is_fifo()
}

/// A pipe read with a limit on how long it may stay silent: each read first waits, at most
/// `stall`, for a byte or the writer's end, and a pipe silent for longer is an error
/// ("no data for 30 s"). A named pipe is opened without waiting for a writer to come, so one
/// nobody ever opens for writing is given up on the same way.
struct Pipe {
    file: std::fs::File,
    stall: std::time::Duration,
}

impl Pipe {
    fn open(path: &Path, stall: std::time::Duration) -> std::io::Result<Pipe> {
        use std::os::unix::fs::OpenOptionsExt;
        let file = std::fs::OpenOptions::new()
            .read(true)
            .custom_flags(rustix::fs::OFlags::NONBLOCK.bits() as i32)
            .open(path)?;
        Ok(Pipe { file, stall })
    }

    /// Standard input when it is a pipe; `None` for a file or a terminal, read as they are.
    fn stdin(stall: std::time::Duration) -> Option<Pipe> {
        use std::os::fd::AsFd;
        let fd = std::io::stdin().as_fd().try_clone_to_owned().ok()?;
        let file = std::fs::File::from(fd);
        is_fifo(&file.metadata().ok()?.file_type()).then_some(Pipe { file, stall })
    }
}

impl Read for Pipe {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        use rustix::event::{PollFd, PollFlags, Timespec, poll};
        let deadline = std::time::Instant::now() + self.stall;
        loop {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            if left.is_zero() {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::TimedOut,
                    format!(
                        "no data for {}: nothing writes to this pipe, or it is never closed",
                        match self.stall.as_secs() {
                            0 => format!("{} ms", self.stall.as_millis()),
                            s => format!("{s} s"),
                        }
                    ),
                ));
            }
            let timeout = Timespec::try_from(left).unwrap_or(Timespec {
                tv_sec: 1,
                tv_nsec: 0,
            });
            let mut fds = [PollFd::new(&self.file, PollFlags::IN)];
            match poll(&mut fds, Some(&timeout)) {
                Ok(0) | Err(rustix::io::Errno::INTR) => continue,
                Ok(_) => {}
                Err(e) => return Err(e.into()),
            }
            // Readable, or the writer has gone (then the read says the end).
            match self.file.read(buf) {
                Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => continue,
                other => return other,
            }
        }
    }
}

/// The size of standard input when it is a regular file.
fn stdin_size() -> Option<u64> {
    #[cfg(unix)]
    {
        use std::os::fd::AsFd;
        let fd = std::io::stdin().as_fd().try_clone_to_owned().ok()?;
        let meta = std::fs::File::from(fd).metadata().ok()?;
        meta.is_file().then_some(meta.len())
    }
    #[cfg(not(unix))]
    None
}

fn check_size(path: &Path, size: Option<u64>, limits: &Limits) -> Result<(), LoadError> {
    match size {
        Some(n) if n > limits.max_input => Err(LoadError::TooLarge {
            path: path.to_owned(),
            limit: limits.max_input,
        }),
        _ => Ok(()),
    }
}

/// Refuses a stream from its head when the head cannot begin any input chorus reads. Each
/// refusal is the error the whole input would give ([`super::parse`] finds the same).
fn sniff(path: &Path, head: &[u8], from: Option<Format>) -> Result<(), LoadError> {
    if detect::is_page(head, from) {
        // A page may be in a legacy encoding, may begin with anything when --from says so, and
        // may hold a stray NUL, which browsers and the HTML parser pass over.
        return Ok(());
    }
    check_binary(path, head)?;
    let text = match std::str::from_utf8(head) {
        Ok(text) => text,
        // Cut inside a character at the end of the head: the rest may complete it.
        Err(e) if e.error_len().is_none() => {
            std::str::from_utf8(&head[..e.valid_up_to()]).unwrap_or_default()
        }
        Err(e) => {
            let (line, column) = line_col(&head[..e.valid_up_to()]);
            return Err(LoadError::Utf8 {
                path: path.to_owned(),
                line,
                column,
            });
        }
    };
    if cannot_begin_json(text) {
        // The error is at the first word, well inside the head: parsing the head finds it.
        super::parse(path, text.as_bytes(), from)?;
    }
    Ok(())
}

/// Binary data: a NUL byte in the first [`SNIFF_LEN`] bytes, which no text input but an HTML
/// page has (pages are not checked).
pub(crate) fn check_binary(path: &Path, bytes: &[u8]) -> Result<(), LoadError> {
    let head = &bytes[..bytes.len().min(SNIFF_LEN)];
    match memchr::memchr(0, head) {
        Some(i) => {
            let (line, column) = line_col(&head[..i]);
            Err(LoadError::Binary {
                path: path.to_owned(),
                line,
                column,
            })
        }
        None => Ok(()),
    }
}

/// Whether the text (not HTML) certainly begins neither JSON nor a Twitter archive's script
/// (`window.YTD.tweets.part0 = [`), judged from its first word alone.
fn cannot_begin_json(text: &str) -> bool {
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    let body = body.trim_start_matches([' ', '\t', '\n', '\r']);
    let Some(first) = body.chars().next() else {
        return false; // blank so far
    };
    if matches!(first, '{' | '[' | '"' | '-' | '0'..='9') {
        return false;
    }
    let ident = |c: char| c.is_ascii_alphanumeric() || matches!(c, '_' | '$' | '.');
    if !ident(first) {
        return true;
    }
    // A word: JSON's true, false or null, or the start of the script's assignment. Judged only
    // once the head shows where the word and the space after it end.
    let word_end = body.find(|c: char| !ident(c)).unwrap_or(body.len());
    let after = body[word_end..].trim_start();
    if after.is_empty() {
        return false;
    }
    let word = &body[..word_end];
    let literal = ["true", "false", "null"].contains(&word);
    let script = word.contains('.') && after.starts_with('=');
    !(literal || script)
}

/// Refuses JSON nested deeper than [`MAX_NESTING`], before it is parsed: brackets outside
/// strings are counted in one pass.
pub(crate) fn check_nesting(path: &Path, text: &str) -> Result<(), LoadError> {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    while let Some(j) = memchr::memchr3(b'"', b'[', b'{', &bytes[i..]).map(|j| i + j) {
        // Closing brackets between here and the last stop.
        depth = depth.saturating_sub(count_closing(&bytes[i..j]));
        match bytes[j] {
            b'"' => {
                // Skip the string: to the next quote not escaped.
                let mut k = j + 1;
                loop {
                    match memchr::memchr2(b'"', b'\\', &bytes[k..]) {
                        Some(m) if bytes[k + m] == b'\\' => k += m + 2,
                        Some(m) => {
                            k += m + 1;
                            break;
                        }
                        None => return Ok(()), // an unterminated string: the parser reports it
                    }
                    if k >= bytes.len() {
                        return Ok(());
                    }
                }
                i = k;
                continue;
            }
            _ => {
                depth += 1;
                if depth > MAX_NESTING {
                    let (line, column) = line_col(&bytes[..j]);
                    return Err(LoadError::TooDeep {
                        path: path.to_owned(),
                        line,
                        column,
                    });
                }
            }
        }
        i = j + 1;
    }
    Ok(())
}

fn count_closing(bytes: &[u8]) -> usize {
    memchr::memchr2_iter(b']', b'}', bytes).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes() {
        assert_eq!(parse_size("1000"), Ok(1000));
        assert_eq!(parse_size("2G"), Ok(2 << 30));
        assert_eq!(parse_size("2 GiB"), Ok(2 << 30));
        assert_eq!(parse_size("1.5g"), Ok(3 << 29));
        assert_eq!(parse_size("500MB"), Ok(500_000_000));
        assert_eq!(parse_size("64k"), Ok(64 << 10));
        assert!(parse_size("lots").is_err());
        assert!(parse_size("2X").is_err());
        assert!(parse_size("0").is_err());
        assert!(parse_size("99999999T").is_err());
    }

    #[test]
    fn first_words_that_begin_no_input() {
        for text in [
            "y\ny\ny\n",
            "# notes\n",
            "hello world",
            "\u{feff}  (x)",
            "truth = 1;",
        ] {
            assert!(cannot_begin_json(text), "{text:?}");
        }
        for text in [
            "{\"a\":",
            "  [1,",
            "true ",
            "null\n",
            "window.YTD.tweets.part0 = [",
            "window.YTD.tweets.part0",
            "\"str",
            "-1",
            "",
            "   ",
        ] {
            assert!(!cannot_begin_json(text), "{text:?}");
        }
    }

    #[test]
    fn nesting_is_counted_outside_strings() {
        let p = Path::new("x.json");
        let deep = "[".repeat(MAX_NESTING) + &"]".repeat(MAX_NESTING);
        assert!(check_nesting(p, &deep).is_ok());
        let quoted = format!(
            "[\"{}\\\"{}\"]",
            "[".repeat(MAX_NESTING + 5),
            "{".repeat(10)
        );
        assert!(check_nesting(p, &quoted).is_ok());
        let siblings = "[]".repeat(MAX_NESTING + 5);
        assert!(check_nesting(p, &siblings).is_ok());
        let too_deep = format!("\n{}", "[{".repeat(MAX_NESTING / 2 + 1));
        match check_nesting(p, &too_deep) {
            Err(LoadError::TooDeep { line, column, .. }) => {
                assert_eq!((line, column), (2, MAX_NESTING + 1));
            }
            other => panic!("{other:?}"),
        }
    }
}
