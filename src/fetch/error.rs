//! Why a link could not be opened. Each renders as one line that names the link the user gave
//! and what happened, in words (never a library's debug text).

use crate::load::LoadError;

use super::url::UrlError;

/// A failure to open a link: the link as the user gave it, and what went wrong.
#[derive(Debug)]
pub struct FetchError {
    /// The address the user gave (made safe for one line).
    pub url: String,
    pub kind: ErrorKind,
}

impl FetchError {
    pub fn new(url: &str, kind: ErrorKind) -> Self {
        FetchError {
            url: crate::load::one_line(url),
            kind,
        }
    }

    /// The exit status the command line gives this failure: 130 when stopped by Ctrl-C (as a
    /// shell reports a process the signal ended), 2 for everything else.
    pub fn exit_code(&self) -> u8 {
        match self.kind {
            ErrorKind::Interrupted => 130,
            _ => 2,
        }
    }

    /// Whether the network could not be reached at all (as opposed to a service that answered
    /// with an error): then a cached copy is worth mentioning.
    pub fn is_unreachable(&self) -> bool {
        matches!(
            self.kind,
            ErrorKind::Unreachable { .. } | ErrorKind::Timeout { .. }
        )
    }
}

impl std::fmt::Display for FetchError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.kind {
            // A load error already starts with the name it was given (the link).
            ErrorKind::Load(e) => write!(f, "{e}"),
            kind => write!(f, "{}: {kind}", self.url),
        }
    }
}

impl std::error::Error for FetchError {}

/// What went wrong, without the link (an embed's note shows this part alone).
#[derive(Debug, thiserror::Error)]
pub enum ErrorKind {
    #[error("{0}")]
    BadUrl(#[from] UrlError),
    #[error("could not reach {host} ({reason}){}", offline_hint(.cached))]
    Unreachable {
        host: String,
        reason: String,
        /// When a cached copy exists: the time it was fetched, as shown to the user.
        cached: Option<String>,
    },
    #[error("timed out: {host} sent no complete answer within {secs} s{}", offline_hint(.cached))]
    Timeout {
        host: String,
        secs: String,
        cached: Option<String>,
    },
    #[error("HTTP {status} from {service}{}", message.as_deref().map(|m| format!(": {m}")).unwrap_or_default())]
    Status {
        status: String,
        service: String,
        /// The service's own words about the error, when it gave any.
        message: Option<String>,
    },
    #[error("{service} answered with {found}, not JSON")]
    NotJson { service: String, found: String },
    #[error("the answer from {host} is larger than {limit}, the most chorus reads")]
    TooLarge { host: String, limit: String },
    #[error("the connection to {host} closed before the whole answer arrived")]
    Truncated { host: String },
    #[error("more than {max} redirects (a redirect loop?)")]
    Redirects { max: u32 },
    #[error("redirected to an address chorus does not follow (only http and https are)")]
    BadRedirect,
    #[error("{host}: {reason}")]
    Protocol { host: String, reason: String },
    #[error(
        "is {found}, which chorus cannot open; chorus opens article pages (HTML) and links to \
         Bluesky, Mastodon, Reddit and Hacker News threads"
    )]
    Unsupported { found: String },
    #[error("{0}")]
    Load(#[from] LoadError),
    #[error("no copy of it in the cache ({dir}); open it once without --offline")]
    NotCached { dir: String },
    #[error("no cache directory: set CHORUS_CACHE_DIR, or HOME")]
    NoCacheDir,
    #[error("stopped by Ctrl-C; nothing was saved")]
    Interrupted,
    /// A setting (an environment variable) that cannot be used.
    #[error("{0}")]
    Setting(String),
}

fn offline_hint(cached: &Option<String>) -> String {
    match cached {
        Some(when) => format!("; `chorus --offline` opens the copy from {when}"),
        None => String::new(),
    }
}
