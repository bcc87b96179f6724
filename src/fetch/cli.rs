//! What the command line needs to open a link: the `--offline` and `--refresh` flags, a
//! progress line on standard error while fetching, Ctrl-C that stops it cleanly, and one entry
//! point that opens a file or a link alike, so `main` stays a few lines.
//!
//! All of this happens before the reader takes the screen; every failure is one line naming
//! the link.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use super::{CacheMode, ErrorKind, FetchError, OpenOptions, Opened, Progress, is_url, open};
use crate::export::ConvertError;
use crate::load::{Format, Limits, LoadError};
use crate::model::Document;

/// The flags every command that can open a link takes.
#[derive(Debug, Clone, Copy, Default, clap::Args)]
pub struct NetFlags {
    /// For a link: open the copy saved when it was last fetched, without the network.
    #[arg(long, global = true)]
    pub offline: bool,
    /// For a link: fetch it again, even when the cache holds a copy from the last few minutes.
    #[arg(long, global = true, conflicts_with = "offline")]
    pub refresh: bool,
}

impl NetFlags {
    pub fn mode(self) -> CacheMode {
        if self.offline {
            CacheMode::Offline
        } else if self.refresh {
            CacheMode::Refresh
        } else {
            CacheMode::Normal
        }
    }
}

/// A document opened from the command line.
#[derive(Debug)]
pub struct Input {
    pub doc: Document,
    /// Where its tone corrections are kept beside: the file itself (`-` for standard input),
    /// or, for a link, the path that stands for it in the data directory. `None` when a link
    /// has no data directory to keep them in.
    pub home: Option<PathBuf>,
    /// The link it was opened from, as given (what a refresh fetches again); `None` for a file.
    pub link: Option<String>,
}

/// A document with no file or link behind it (the bundled article).
impl From<Document> for Input {
    fn from(doc: Document) -> Input {
        Input {
            doc,
            home: None,
            link: None,
        }
    }
}

/// Why the command line could not open or write what it was given. One line each.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    #[error(transparent)]
    Load(#[from] LoadError),
    #[error(transparent)]
    Fetch(#[from] FetchError),
    #[error(transparent)]
    Write(#[from] ConvertError),
    #[error("{0}")]
    Usage(String),
}

impl InputError {
    /// 130 when stopped by Ctrl-C, 2 for everything else (bad input).
    pub fn exit_code(&self) -> u8 {
        match self {
            InputError::Fetch(e) => e.exit_code(),
            _ => 2,
        }
    }
}

/// Whether a command-line argument is a link rather than a file name.
pub fn is_link(arg: &Path) -> bool {
    arg.to_str().is_some_and(is_url)
}

/// The scheme of an argument that is a link of another kind (`ftp://…`, `file://…`) and not a
/// file that exists.
fn other_scheme(arg: &Path) -> Option<String> {
    let s = arg.to_str()?;
    let (scheme, _) = s.split_once("://")?;
    let is_scheme = !scheme.is_empty()
        && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    (is_scheme && !is_url(s) && !arg.exists()).then(|| scheme.to_ascii_lowercase())
}

/// Opens what the command line names: a file (or `-`) as always, or a link, fetched or taken
/// from the cache as `net` says. For a link, `from` is refused (its format is told by its
/// address and what it serves). Ctrl-C stops a fetch; once it is done, SIGINT is left to the
/// reader's own handler (see [`load_for_output`] for commands that have none).
pub fn load_input(
    source: &Path,
    from: Option<Format>,
    limits: &Limits,
    net: NetFlags,
) -> Result<Input, InputError> {
    load(source, from, limits, net, AfterFetch::LeaveSigint)
}

/// [`load_input`] for a command that writes the document out (`print`, `convert`, `fetch`)
/// rather than reading it: after a link's fetch, Ctrl-C ends the process again, as it does
/// for a file. ([`load_input`] leaves Ctrl-C to the reader, which handles it itself.)
pub fn load_for_output(
    source: &Path,
    from: Option<Format>,
    limits: &Limits,
    net: NetFlags,
) -> Result<Input, InputError> {
    load(source, from, limits, net, AfterFetch::DefaultSigint)
}

/// What SIGINT does once a link is fetched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AfterFetch {
    /// Nothing until the caller installs its own handler (the reader does).
    LeaveSigint,
    /// Its default action: the process ends.
    DefaultSigint,
}

fn load(
    source: &Path,
    from: Option<Format>,
    limits: &Limits,
    net: NetFlags,
    after: AfterFetch,
) -> Result<Input, InputError> {
    if let Some(scheme) = other_scheme(source) {
        let url = source.to_string_lossy();
        return Err(
            FetchError::new(&url, ErrorKind::BadUrl(super::UrlError::Scheme(scheme))).into(),
        );
    }
    if !is_link(source) {
        return Ok(Input {
            doc: crate::load::load(crate::load::Input::arg(source), from, limits)?,
            home: Some(source.to_owned()),
            link: None,
        });
    }
    let url = source.to_str().unwrap_or_default();
    if from.is_some() {
        return Err(InputError::Usage(format!(
            "{}: --from is for files; a link is read by its address and what it serves",
            crate::load::one_line(url)
        )));
    }
    let opened = open_link(url, net, after)?;
    let mut doc = crate::load::build_document(opened.bundle);
    doc.warnings.extend(opened.notes);
    Ok(Input {
        doc,
        home: opened.home,
        link: Some(url.to_string()),
    })
}

/// `chorus fetch URL -o FILE`: the document as fetched (no tones computed), written atomically.
pub fn save(url: &Path, output: &Path, net: NetFlags) -> Result<(), InputError> {
    write(url, None, output, net, |_, _| {})
}

/// `chorus convert URL -o FILE`: like a file's convert, `prepare` giving the tones the reader
/// would show; the link's tone corrections are beside `home`.
pub fn convert(
    url: &Path,
    from: Option<Format>,
    output: &Path,
    net: NetFlags,
    prepare: impl FnOnce(&mut Document, Option<&Path>),
) -> Result<(), InputError> {
    write(url, from, output, net, prepare)
}

fn write(
    url: &Path,
    from: Option<Format>,
    output: &Path,
    net: NetFlags,
    prepare: impl FnOnce(&mut Document, Option<&Path>),
) -> Result<(), InputError> {
    if !is_link(url) {
        return Err(InputError::Usage(format!(
            "{}: not a link; `chorus fetch` takes an http or https address (`chorus convert` \
             takes files)",
            crate::load::one_line(&url.display().to_string())
        )));
    }
    if output.as_os_str() != "-" {
        crate::export::json::check_writable(output)?;
    }
    let mut input = load_for_output(url, from, &Limits::default(), net)?;
    prepare(&mut input.doc, input.home.as_deref());
    crate::export::json::write_bundle(&input.doc, output)?;
    Ok(())
}

enum Message {
    Progress(Progress),
    Done(Box<Result<Opened, FetchError>>),
}

/// Opens a link with the options the environment gives, showing progress on standard error
/// when it is a terminal and stopping cleanly on Ctrl-C (the fetch runs on a thread of its own;
/// this one waits for it, and returns at once when Ctrl-C is pressed). Notes are printed.
/// `after` says what SIGINT does once the fetch is over.
pub fn open_link(url: &str, net: NetFlags, after: AfterFetch) -> Result<Opened, FetchError> {
    let opts = OpenOptions::from_env(net.mode())
        .map_err(|e| FetchError::new(url, ErrorKind::Setting(e)))?;
    let cancel = opts.cancel.clone();
    let signal = signal_hook::flag::register(signal_hook::consts::SIGINT, cancel.flag()).ok();
    let line = ProgressLine::new(&super::url::host_of(url));
    let (tx, rx) = mpsc::channel::<Message>();
    {
        let url = url.to_string();
        std::thread::spawn(move || {
            let progress_tx = tx.clone();
            let report = move |p: &Progress| {
                let _ = progress_tx.send(Message::Progress(p.clone()));
            };
            let result = open(&url, &opts, &report);
            let _ = tx.send(Message::Done(Box::new(result)));
        });
    }
    let result = loop {
        match rx.recv_timeout(Duration::from_millis(50)) {
            Ok(Message::Progress(p)) => line.show(&p),
            Ok(Message::Done(r)) => break *r,
            Err(mpsc::RecvTimeoutError::Timeout) => {}
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                break Err(FetchError::new(
                    url,
                    ErrorKind::Protocol {
                        host: super::url::host_of(url),
                        reason: "the fetch stopped without an answer".into(),
                    },
                ));
            }
        }
        if cancel.is_cancelled() {
            break Err(FetchError::new(url, ErrorKind::Interrupted));
        }
    };
    line.clear();
    if after == AfterFetch::DefaultSigint {
        // Put first, so no signal falls between the two: once the fetch's action is gone, the
        // handler signal-hook leaves installed does nothing without another action.
        let always = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(true));
        let _ =
            signal_hook::flag::register_conditional_default(signal_hook::consts::SIGINT, always);
    }
    if let Some(id) = signal {
        signal_hook::low_level::unregister(id);
    }
    if let Ok(opened) = &result {
        let mut err = std::io::stderr().lock();
        for note in &opened.notes {
            let _ = writeln!(err, "chorus: {note}");
        }
    }
    result
}

/// One line on standard error, rewritten as the fetch goes; nothing when standard error is not
/// a terminal.
struct ProgressLine {
    host: String,
    tty: bool,
    shown: std::cell::Cell<bool>,
}

impl ProgressLine {
    fn new(host: &str) -> Self {
        ProgressLine {
            host: host.to_string(),
            tty: std::io::stderr().is_terminal(),
            shown: std::cell::Cell::new(false),
        }
    }

    fn show(&self, p: &Progress) {
        if !self.tty {
            return;
        }
        let width = crossterm::terminal::size().map_or(80, |(w, _)| usize::from(w));
        let text = format!("chorus: {}: {p}", self.host);
        let text: String = text.chars().take(width.saturating_sub(1)).collect();
        let mut err = std::io::stderr().lock();
        let _ = write!(err, "\r\x1b[2K{text}");
        let _ = err.flush();
        self.shown.set(true);
    }

    fn clear(&self) {
        if self.shown.get() {
            let mut err = std::io::stderr().lock();
            let _ = write!(err, "\r\x1b[2K");
            let _ = err.flush();
        }
    }
}
