//! Fetching a thread from its service's public API, then reading the answer with the same
//! importer (and so the same checks and sanitizing) as a saved file of that format.
//!
//! * Bluesky: `com.atproto.identity.resolveHandle` for a handle, then
//!   `app.bsky.feed.getPostThread` (depth 1000, parents 1000) from the AppView at
//!   `CHORUS_BLUESKY_API`.
//! * Mastodon: `/api/v1/statuses/ID` and `/api/v1/statuses/ID/context` on the link's own host.
//! * Reddit: the thread's `.json?raw_json=1` on the link's host, then `/api/morechildren` for
//!   the "more replies" stubs, up to a limit (see [`super::reddit_more`]).
//! * Hacker News: `/items/ID` from the Algolia API at `CHORUS_HN_API`.

use std::path::Path;

use serde::Deserialize;

use super::error::ErrorKind;
use super::http::{Client, Expect, encode};
use super::reddit_more;
use super::url::{Target, host_of};
use crate::load::bundle::BundleFile;
use crate::load::{Format, Limits, read_bundle};

/// Where the services that are not read from the link's own host live, and how much of a Reddit
/// thread to load.
#[derive(Debug, Clone)]
pub struct Services {
    /// The Bluesky AppView; chorus appends `/xrpc/METHOD?...`. Default
    /// `https://public.api.bsky.app` (`CHORUS_BLUESKY_API`).
    pub bluesky_api: String,
    /// The Hacker News Algolia API; chorus appends `/items/ID`. Default
    /// `https://hn.algolia.com/api/v1` (`CHORUS_HN_API`).
    pub hn_api: String,
    /// How many comments behind Reddit's "more replies" stubs are loaded. Default 500
    /// (`CHORUS_REDDIT_MORE`; 0 loads none).
    pub reddit_more: usize,
}

pub const DEFAULT_BLUESKY_API: &str = "https://public.api.bsky.app";
pub const DEFAULT_HN_API: &str = "https://hn.algolia.com/api/v1";
pub const DEFAULT_REDDIT_MORE: usize = 500;

impl Default for Services {
    fn default() -> Self {
        Services {
            bluesky_api: DEFAULT_BLUESKY_API.into(),
            hn_api: DEFAULT_HN_API.into(),
            reddit_more: DEFAULT_REDDIT_MORE,
        }
    }
}

impl Services {
    /// The defaults, with `CHORUS_BLUESKY_API`, `CHORUS_HN_API` and `CHORUS_REDDIT_MORE`
    /// applied; a value that is not an http(s) address or a number is an error naming it.
    pub fn from_env() -> Result<Services, String> {
        let mut s = Services::default();
        let base = |name: &str| -> Result<Option<String>, String> {
            let Some(v) = std::env::var_os(name).filter(|v| !v.is_empty()) else {
                return Ok(None);
            };
            let v = v.to_string_lossy().trim().trim_end_matches('/').to_string();
            if super::url::is_url(&v) {
                Ok(Some(v))
            } else {
                Err(format!(
                    "{name}: expected an http or https address, found {:?}",
                    crate::load::one_line(&v)
                ))
            }
        };
        if let Some(v) = base("CHORUS_BLUESKY_API")? {
            s.bluesky_api = v;
        }
        if let Some(v) = base("CHORUS_HN_API")? {
            s.hn_api = v;
        }
        if let Some(v) = std::env::var_os("CHORUS_REDDIT_MORE").filter(|v| !v.is_empty()) {
            let v = v.to_string_lossy();
            s.reddit_more = v.trim().parse().map_err(|_| {
                format!(
                    "CHORUS_REDDIT_MORE: expected a number of comments, found {:?}",
                    crate::load::one_line(&v)
                )
            })?;
        }
        Ok(s)
    }
}

/// A thread as fetched: the bundle the importer made of it, the id of the post the link names
/// (the root of the conversation under an article's embed), and anything worth a note.
#[derive(Debug)]
pub struct Thread {
    pub bundle: BundleFile,
    pub focal: String,
    pub notes: Vec<String>,
}

/// Fetches the thread a link names. `name` is the link as the user gave it (messages name
/// it); `posts` is told how many posts are in so far.
pub fn fetch(
    client: &Client,
    services: &Services,
    target: &Target,
    name: &str,
    posts: &(dyn Fn(usize) + Sync),
) -> Result<Thread, ErrorKind> {
    let path = Path::new(name);
    let read = |format: Format, bytes: &[u8]| -> Result<BundleFile, ErrorKind> {
        Ok(read_bundle(
            crate::load::Input::Bytes { name: path, bytes },
            Some(format),
            &Limits::default(),
        )?
        .1)
    };
    let thread = match target {
        Target::Bluesky { actor, rkey } => {
            let (uri, body) = bluesky(client, &services.bluesky_api, actor, rkey)?;
            Thread {
                bundle: read(Format::Bluesky, &body)?,
                focal: uri,
                notes: Vec::new(),
            }
        }
        Target::Mastodon { origin, id, .. } => Thread {
            bundle: read(Format::Mastodon, &mastodon(client, origin, id)?)?,
            focal: id.clone(),
            notes: Vec::new(),
        },
        Target::Reddit { origin, sub, id } => {
            reddit(client, services, (origin, sub, id), name, posts)?
        }
        Target::HackerNews { id } => {
            let api = &services.hn_api;
            let service = format!("the Hacker News API at {}", host_of(api));
            let answer = client.get(&format!("{api}/items/{id}"), &service, Expect::Json)?;
            Thread {
                bundle: read(Format::HackerNews, &answer.body)?,
                focal: id.to_string(),
                notes: Vec::new(),
            }
        }
        Target::Page { .. } => {
            return Err(ErrorKind::Unsupported {
                found: "not a thread".into(),
            });
        }
    };
    posts(thread.bundle.posts.len());
    Ok(thread)
}

/// A Bluesky post's thread from the AppView: its at:// URI and the answer's body.
fn bluesky(
    client: &Client,
    api: &str,
    actor: &str,
    rkey: &str,
) -> Result<(String, Vec<u8>), ErrorKind> {
    let service = format!("the Bluesky API at {}", host_of(api));
    let did = if actor.starts_with("did:") {
        actor.to_string()
    } else {
        resolve_handle(client, api, actor, &service)?
    };
    let uri = format!("at://{did}/app.bsky.feed.post/{rkey}");
    let url = format!(
        "{api}/xrpc/app.bsky.feed.getPostThread?uri={}&depth=1000&parentHeight=1000",
        encode(&uri)
    );
    let answer = client.get(&url, &service, Expect::Json)?;
    Ok((uri, answer.body))
}

/// A Mastodon status and its context, as the one object the importer reads.
fn mastodon(client: &Client, origin: &str, id: &str) -> Result<Vec<u8>, ErrorKind> {
    let service = format!("Mastodon at {}", host_of(origin));
    let status = client.get(
        &format!("{origin}/api/v1/statuses/{id}"),
        &service,
        Expect::Json,
    )?;
    let context = client.get(
        &format!("{origin}/api/v1/statuses/{id}/context"),
        &service,
        Expect::Json,
    )?;
    let mut both = Vec::with_capacity(status.body.len() + context.body.len() + 32);
    both.extend_from_slice(b"{\"status\": ");
    both.extend_from_slice(&status.body);
    both.extend_from_slice(b",\n\"context\": ");
    both.extend_from_slice(&context.body);
    both.extend_from_slice(b"}");
    Ok(both)
}

/// A Reddit thread, with its "more replies" fetched as far as the services allow.
fn reddit(
    client: &Client,
    services: &Services,
    (origin, sub, id): (&str, &str, &str),
    name: &str,
    posts: &(dyn Fn(usize) + Sync),
) -> Result<Thread, ErrorKind> {
    let service = format!("Reddit at {}", host_of(origin));
    let url = format!("{origin}/r/{sub}/comments/{id}/.json?raw_json=1");
    let answer = client.get(&url, &service, Expect::Json)?;
    let (mut bundle, stubs) = crate::load::read_reddit(Path::new(name), &answer.body)?;
    posts(bundle.posts.len());
    let link = format!("t3_{id}");
    let more = reddit_more::Expansion {
        client,
        origin,
        link_id: &link,
        service: &service,
        name,
        limit: services.reddit_more,
    };
    let notes = more.run(&mut bundle, stubs, posts);
    Ok(Thread {
        bundle,
        focal: link,
        notes,
    })
}

/// A handle's DID, from `com.atproto.identity.resolveHandle`.
fn resolve_handle(
    client: &Client,
    api: &str,
    handle: &str,
    service: &str,
) -> Result<String, ErrorKind> {
    #[derive(Deserialize)]
    struct Resolved {
        did: Option<String>,
    }
    let url = format!(
        "{api}/xrpc/com.atproto.identity.resolveHandle?handle={}",
        encode(handle)
    );
    let answer = client.get(&url, service, Expect::Json)?;
    let did = serde_json::from_slice::<Resolved>(&answer.body)
        .ok()
        .and_then(|r| r.did)
        .filter(|d| d.starts_with("did:") && !d.contains(['/', '?', '#']));
    did.ok_or_else(|| ErrorKind::Protocol {
        host: host_of(api),
        reason: format!(
            "resolveHandle gave no DID for {}",
            crate::load::one_line(handle)
        ),
    })
}
