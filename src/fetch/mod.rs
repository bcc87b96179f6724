//! Opening a link: fetching an article page and the conversations of the posts it embeds, or a
//! Bluesky, Mastodon, Reddit or Hacker News thread, then reading what came back with the same
//! importers (and the same sanitizing) as a saved file. Everything fetched is kept in a cache,
//! so a link can be opened again without the network (`--offline`).
//!
//! This sits beside [`crate::load`]: `load` turns bytes into a document, `fetch` gets the bytes.
//! Nothing here draws or knows about the reader; the reader asks for a refresh through
//! [`open`] with [`CacheMode::Refresh`] and merges it with [`refresh::merge`].
//!
//! Link shapes are in [`url`], the HTTP limits in [`NetConfig`], the services' addresses in
//! [`Services`], the cache and the per-link state in [`cache`]; docs/formats.md describes them
//! for users.

mod answer;
pub mod article;
pub mod cache;
pub mod cli;
mod error;
mod http;
mod reddit_more;
pub mod refresh;
mod threads;
pub mod url;

use std::fmt;
use std::path::PathBuf;
use std::time::Duration;

pub use cache::Dirs;
pub use error::{ErrorKind, FetchError};
pub use http::{Cancel, NetConfig, user_agent};
pub use reddit_more::MAX_CALLS as REDDIT_MAX_CALLS;
pub use threads::{DEFAULT_BLUESKY_API, DEFAULT_HN_API, DEFAULT_REDDIT_MORE, Services};
pub use url::{Target, UrlError, is_url};

use crate::load::bundle::BundleFile;
use http::{Client, Expect};

/// Whether the cache is read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum CacheMode {
    /// A copy fetched less than [`OpenOptions::fresh_for`] ago is used; otherwise the link is
    /// fetched (and the copy replaced).
    #[default]
    Normal,
    /// Only the cached copy, whatever its age; no network (`--offline`).
    Offline,
    /// Always fetched, the cached copy ignored (and replaced) (`--refresh`).
    Refresh,
}

/// Everything [`open`] needs besides the link.
#[derive(Debug, Clone)]
pub struct OpenOptions {
    pub mode: CacheMode,
    pub net: NetConfig,
    pub services: Services,
    pub dirs: Dirs,
    /// How long a cached copy is used as it is in [`CacheMode::Normal`]. Default 5 minutes, so
    /// `chorus print URL` right after `chorus URL` does not fetch it all again.
    pub fresh_for: Duration,
    pub cancel: Cancel,
}

/// The default of [`OpenOptions::fresh_for`].
pub const FRESH_FOR: Duration = Duration::from_secs(5 * 60);

impl OpenOptions {
    /// The options the environment gives (`CHORUS_TIMEOUT`, `CHORUS_CONNECT_TIMEOUT`,
    /// `CHORUS_BLUESKY_API`, `CHORUS_HN_API`, `CHORUS_REDDIT_MORE`, `CHORUS_CACHE_DIR`,
    /// `CHORUS_DATA_DIR`). A bad value is an error naming the variable.
    pub fn from_env(mode: CacheMode) -> Result<OpenOptions, String> {
        Ok(OpenOptions {
            mode,
            net: NetConfig::from_env()?,
            services: Services::from_env()?,
            dirs: Dirs::from_env(),
            fresh_for: FRESH_FOR,
            cancel: Cancel::new(),
        })
    }
}

/// A link, opened.
#[derive(Debug)]
pub struct Opened {
    pub target: Target,
    /// The address the cache and the link's state are kept under.
    pub canonical: String,
    /// The document as its importer read it (not yet built: the caller builds it, which
    /// sanitizes every string).
    pub bundle: BundleFile,
    pub fetched_at: jiff::Timestamp,
    /// Whether it came from the cache rather than the network.
    pub from_cache: bool,
    /// The path that stands for the document in the data directory: its tone corrections and
    /// seen posts are kept beside it as they are beside a file. `None` without a data directory.
    pub home: Option<PathBuf>,
    /// Things worth telling the user (a copy's age, more replies that could not be loaded).
    pub notes: Vec<String>,
}

/// How far a fetch is, for a progress line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Progress {
    /// Asking for the page or thread; `what` is "article", "Bluesky thread", ...
    Fetching { what: &'static str },
    /// A thread's posts read so far.
    Posts { what: &'static str, posts: usize },
    /// An article's embedded conversations.
    Embeds {
        done: usize,
        total: usize,
        replies: usize,
    },
}

impl fmt::Display for Progress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let plural = |n: usize, one: &str, many: &str| {
            if n == 1 {
                format!("1 {one}")
            } else {
                format!("{n} {many}")
            }
        };
        match self {
            Progress::Fetching { what } => write!(f, "{what}…"),
            Progress::Posts { what, posts } => {
                write!(f, "{what}… {}", plural(*posts, "post", "posts"))
            }
            Progress::Embeds {
                done,
                total,
                replies,
            } => write!(
                f,
                "article… {done} of {} embedded conversations… {}",
                total,
                plural(*replies, "reply", "replies")
            ),
        }
    }
}

fn short(target: &Target) -> &'static str {
    match target {
        Target::Bluesky { .. } => "Bluesky thread",
        Target::Mastodon { .. } => "Mastodon thread",
        Target::Reddit { .. } => "Reddit thread",
        Target::HackerNews { .. } => "Hacker News thread",
        Target::Page { .. } => "article",
    }
}

/// Opens a link: from the cache or the network as `opts.mode` says, saving what it fetched.
/// `url` is the link as the user gave it; every error names it. Blocking; it checks
/// `opts.cancel` between requests and while reading.
pub fn open(
    url: &str,
    opts: &OpenOptions,
    progress: &(dyn Fn(&Progress) + Sync),
) -> Result<Opened, FetchError> {
    let err = |kind: ErrorKind| FetchError::new(url, kind);
    let target = Target::parse(url).map_err(|e| err(e.into()))?;
    let canonical = target.canonical();
    let home = cache::home(&opts.dirs, &canonical);
    let now = jiff::Timestamp::now();
    let cached = || cache::read(&opts.dirs, &canonical);
    if opts.mode != CacheMode::Refresh {
        match cached() {
            Some(entry) => {
                let at = entry.fetched_at();
                let age = now.as_second().saturating_sub(at.as_second());
                let fresh = u64::try_from(age).is_ok_and(|a| a < opts.fresh_for.as_secs());
                if opts.mode == CacheMode::Offline || fresh {
                    let note = cached_note(url, opts.mode, &cache::when(at, now));
                    return Ok(Opened {
                        target,
                        canonical,
                        bundle: entry.bundle,
                        fetched_at: at,
                        from_cache: true,
                        home,
                        notes: vec![note],
                    });
                }
            }
            None if opts.mode == CacheMode::Offline => {
                return Err(err(match &opts.dirs.cache {
                    Some(d) => ErrorKind::NotCached {
                        dir: crate::load::one_line(&d.display().to_string()),
                    },
                    None => ErrorKind::NoCacheDir,
                }));
            }
            None => {}
        }
    }
    let client = Client::new(opts.net.clone(), opts.cancel.clone());
    match fetch(&client, &opts.services, &target, url, progress) {
        Ok((bundle, mut notes)) => {
            if opts.cancel.is_cancelled() {
                return Err(err(ErrorKind::Interrupted));
            }
            let entry = cache::Entry::new(&canonical, now, bundle);
            if opts.dirs.cache.is_some()
                && let Err(e) = cache::write(&opts.dirs, &entry)
            {
                notes.push(format!(
                    "{}: no copy saved in the cache: {e}",
                    crate::load::one_line(url)
                ));
            }
            Ok(Opened {
                target,
                canonical,
                bundle: entry.bundle,
                fetched_at: now,
                from_cache: false,
                home,
                notes,
            })
        }
        Err(mut kind) => {
            if let ErrorKind::Unreachable { cached: c, .. } | ErrorKind::Timeout { cached: c, .. } =
                &mut kind
                && let Some(entry) = cached()
            {
                *c = Some(cache::when(entry.fetched_at(), now));
            }
            Err(err(kind))
        }
    }
}

/// What the reader is told when a cached copy is shown instead of the network's.
fn cached_note(url: &str, mode: CacheMode, when: &str) -> String {
    let name = crate::load::one_line(url);
    if mode == CacheMode::Offline {
        format!("{name}: offline, showing the copy fetched {when}")
    } else {
        format!("{name}: showing the copy fetched {when}; --refresh fetches it again")
    }
}

/// Fetches a link: the bundle, and notes.
fn fetch(
    client: &Client,
    services: &Services,
    target: &Target,
    name: &str,
    progress: &(dyn Fn(&Progress) + Sync),
) -> Result<(BundleFile, Vec<String>), ErrorKind> {
    let thread = |target: &Target| {
        let what = short(target);
        progress(&Progress::Fetching { what });
        threads::fetch(client, services, target, name, &|posts| {
            progress(&Progress::Posts { what, posts })
        })
        .map(|t| (t.bundle, t.notes))
    };
    let Target::Page { url: page } = target else {
        return thread(target);
    };
    progress(&Progress::Fetching { what: "article" });
    let answer = client.get(page, &url::host_of(page), Expect::Page)?;
    // A short link or a redirect may land on a thread.
    if let Ok(landed) = Target::parse(&answer.final_url)
        && !matches!(landed, Target::Page { .. })
    {
        return thread(&landed);
    }
    let mut bundle = article::read_page(name, &answer)?;
    article::attach(client, services, &answer.final_url, &mut bundle, &|e| {
        progress(&Progress::Embeds {
            done: e.done,
            total: e.total,
            replies: e.replies,
        })
    });
    if client.cancel().is_cancelled() {
        return Err(ErrorKind::Interrupted);
    }
    Ok((bundle, Vec::new()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_lines() {
        let p = Progress::Embeds {
            done: 3,
            total: 5,
            replies: 412,
        };
        assert_eq!(
            p.to_string(),
            "article… 3 of 5 embedded conversations… 412 replies"
        );
        assert_eq!(
            Progress::Posts {
                what: "Reddit thread",
                posts: 1
            }
            .to_string(),
            "Reddit thread… 1 post"
        );
    }
}
