//! What a link points at, told by the shape of its address rather than its host, so a
//! self-hosted Mastodon instance or a Reddit mirror is recognized as well as the big sites.
//!
//! | shape | read as |
//! |---|---|
//! | `/profile/HANDLE_OR_DID/post/RKEY` on any host | a Bluesky thread |
//! | `/@USER/ID` (ID in digits), `/@USER/statuses/ID`, `/users/USER/statuses/ID` on any host | a Mastodon thread |
//! | `/r/SUB/comments/ID[/SLUG…]` on any host | a Reddit thread |
//! | `news.ycombinator.com/item?id=N` | a Hacker News thread |
//! | any other `http(s)` address | an article page (if what it serves is HTML) |
//!
//! Hacker News is the one service told by its host: it has no other instances, and `item?id=N`
//! is a common shape for unrelated pages (a shop's item), which would otherwise be silently
//! replaced by an unrelated Hacker News thread.

use std::fmt;

use ureq::http::Uri;

/// A link chorus can open, with what it needs to fetch it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// `actor` is a handle (lower-cased) or a DID.
    Bluesky {
        actor: String,
        rkey: String,
    },
    /// `origin` is `scheme://host[:port]`; `id` is the status id on that instance.
    Mastodon {
        origin: String,
        user: String,
        id: String,
    },
    /// `origin` is `scheme://host[:port]` (`https://www.reddit.com` for any reddit.com host).
    Reddit {
        origin: String,
        sub: String,
        id: String,
    },
    HackerNews {
        id: u64,
    },
    /// Any other page; `url` is the address as given, without its fragment and tracking
    /// parameters.
    Page {
        url: String,
    },
}

/// Why an argument is not a link chorus can open.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UrlError {
    #[error("not a valid address ({0})")]
    Invalid(String),
    #[error("only http and https addresses can be opened, not {0}:")]
    Scheme(String),
}

/// Whether a command-line argument is meant as a link (`http://` or `https://`, any case), not
/// a file name.
pub fn is_url(arg: &str) -> bool {
    let lower = arg.get(..8).unwrap_or(arg).to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

/// A parsed `http(s)` address: the parts recognition looks at.
#[derive(Debug, Clone)]
struct Parts {
    scheme: String,
    /// Lower-cased host, with the port when the address gives one.
    authority: String,
    host: String,
    path: String,
    query: Option<String>,
}

impl Parts {
    fn origin(&self) -> String {
        format!("{}://{}", self.scheme, self.authority)
    }

    fn segments(&self) -> Vec<&str> {
        self.path.split('/').filter(|s| !s.is_empty()).collect()
    }
}

fn parse(raw: &str) -> Result<Parts, UrlError> {
    let raw = raw.trim();
    let without_fragment = raw.split('#').next().unwrap_or(raw);
    // Browsers show (and copy) addresses with spaces and letters outside ASCII; the wire form
    // has them percent-encoded.
    let mut encoded = String::with_capacity(without_fragment.len());
    for c in without_fragment.chars() {
        if c.is_ascii_graphic()
            && !matches!(c, '"' | '<' | '>' | '\\' | '^' | '`' | '{' | '|' | '}')
        {
            encoded.push(c);
        } else {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                encoded.push_str(&format!("%{b:02X}"));
            }
        }
    }
    let uri: Uri = encoded
        .parse()
        .map_err(|e: ureq::http::uri::InvalidUri| UrlError::Invalid(e.to_string()))?;
    let scheme = uri
        .scheme_str()
        .ok_or_else(|| UrlError::Invalid("no scheme".into()))?
        .to_ascii_lowercase();
    if scheme != "http" && scheme != "https" {
        return Err(UrlError::Scheme(scheme));
    }
    let authority = uri
        .authority()
        .ok_or_else(|| UrlError::Invalid("no host".into()))?;
    if authority.as_str().contains('@') {
        return Err(UrlError::Invalid(
            "a user name or password in the address".into(),
        ));
    }
    let host = authority.host().to_ascii_lowercase();
    if host.is_empty() {
        return Err(UrlError::Invalid("no host".into()));
    }
    Ok(Parts {
        scheme,
        authority: authority.as_str().to_ascii_lowercase(),
        host,
        path: uri.path().to_string(),
        query: uri.query().map(str::to_string),
    })
}

/// Whether `host` is Reddit's own (reddit.com or one of its subdomains: www, old, new, np…).
fn is_reddit_host(host: &str) -> bool {
    host == "reddit.com" || host.ends_with(".reddit.com")
}

fn is_alnum_id(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric())
}

fn is_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

impl Target {
    /// Recognizes a link by its shape. Anything `http(s)` that is not a thread is a page.
    pub fn parse(raw: &str) -> Result<Target, UrlError> {
        let parts = parse(raw)?;
        let segs = parts.segments();
        // Bluesky: /profile/ACTOR/post/RKEY
        if let ["profile", actor, "post", rkey, ..] = segs.as_slice()
            && is_alnum_id(rkey)
        {
            let actor = if actor.starts_with("did:") {
                actor.to_string()
            } else {
                actor.to_ascii_lowercase()
            };
            return Ok(Target::Bluesky {
                actor,
                rkey: rkey.to_string(),
            });
        }
        // Mastodon: /@USER/ID, /@USER/statuses/ID (GoToSocial), /users/USER/statuses/ID
        let mastodon = match segs.as_slice() {
            [at, id] if at.len() > 1 && at.starts_with('@') && is_digits(id) => {
                Some((&at[1..], *id))
            }
            [at, "statuses", id] if at.len() > 1 && at.starts_with('@') && is_alnum_id(id) => {
                Some((&at[1..], *id))
            }
            ["users", user, "statuses", id] if is_alnum_id(id) => Some((*user, *id)),
            _ => None,
        };
        if let Some((user, id)) = mastodon {
            return Ok(Target::Mastodon {
                origin: parts.origin(),
                user: user.to_string(),
                id: id.to_string(),
            });
        }
        // Reddit: /r/SUB/comments/ID[/SLUG[/COMMENT]]
        if let ["r", sub, "comments", id, ..] = segs.as_slice() {
            let id = id.strip_suffix(".json").unwrap_or(id);
            if is_alnum_id(id) && !sub.is_empty() {
                let origin = if is_reddit_host(&parts.host) {
                    "https://www.reddit.com".to_string()
                } else {
                    parts.origin()
                };
                return Ok(Target::Reddit {
                    origin,
                    sub: sub.to_string(),
                    id: id.to_ascii_lowercase(),
                });
            }
        }
        // Hacker News: news.ycombinator.com/item?id=N
        if parts.host == "news.ycombinator.com" && segs.as_slice() == ["item"] {
            let id = parts.query.as_deref().and_then(|q| {
                q.split('&')
                    .find_map(|kv| kv.strip_prefix("id="))
                    .filter(|v| is_digits(v))
                    .and_then(|v| v.parse::<u64>().ok())
            });
            if let Some(id) = id {
                return Ok(Target::HackerNews { id });
            }
        }
        Ok(Target::Page {
            url: page_url(&parts),
        })
    }

    /// The one address this thread or page is known by: the cache and the tone corrections
    /// are kept under it, so the same thread reached by two spellings of its link is one.
    pub fn canonical(&self) -> String {
        match self {
            Target::Bluesky { actor, rkey } => {
                format!("https://bsky.app/profile/{actor}/post/{rkey}")
            }
            Target::Mastodon { origin, user, id } => format!("{origin}/@{user}/{id}"),
            Target::Reddit { origin, sub, id } => format!("{origin}/r/{sub}/comments/{id}/"),
            Target::HackerNews { id } => format!("https://news.ycombinator.com/item?id={id}"),
            Target::Page { url } => url.clone(),
        }
    }

    /// What the link is, for progress and messages: "a Bluesky thread".
    pub fn noun(&self) -> &'static str {
        match self {
            Target::Bluesky { .. } => "a Bluesky thread",
            Target::Mastodon { .. } => "a Mastodon thread",
            Target::Reddit { .. } => "a Reddit thread",
            Target::HackerNews { .. } => "a Hacker News thread",
            Target::Page { .. } => "an article page",
        }
    }

    /// Whether this is a post whose conversation chorus fetches under an article's embed.
    pub fn has_thread_api(&self) -> bool {
        matches!(
            self,
            Target::Bluesky { .. } | Target::Mastodon { .. } | Target::Reddit { .. }
        )
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.canonical())
    }
}

/// Query parameters that only say where a click came from: dropped so one page has one key.
fn is_tracking(key: &str) -> bool {
    key.starts_with("utm_") || matches!(key, "fbclid" | "gclid" | "mc_cid" | "mc_eid" | "igshid")
}

fn page_url(p: &Parts) -> String {
    let path = if p.path.is_empty() { "/" } else { &p.path };
    let query: Vec<&str> = p
        .query
        .as_deref()
        .unwrap_or("")
        .split('&')
        .filter(|kv| !kv.is_empty())
        .filter(|kv| !is_tracking(kv.split('=').next().unwrap_or(kv)))
        .collect();
    if query.is_empty() {
        format!("{}{path}", p.origin())
    } else {
        format!("{}{path}?{}", p.origin(), query.join("&"))
    }
}

/// Whether a post's address is a tweet (`twitter.com` or `x.com`, `/…/status/ID`).
pub fn is_tweet(url: &str) -> bool {
    let Ok(p) = parse(url) else {
        return false;
    };
    let host = p.host.strip_prefix("www.").unwrap_or(&p.host);
    let host = host.strip_prefix("mobile.").unwrap_or(host);
    matches!(host, "twitter.com" | "x.com")
        && p.segments()
            .windows(2)
            .any(|w| matches!(w[0], "status" | "statuses") && is_digits(w[1]))
}

/// The host of an address alone, lower-cased (no port); empty when it has none.
pub fn hostname_of(url: &str) -> String {
    parse(url).map_or_else(|_| String::new(), |p| p.host)
}

/// The host (and port) of an address, for messages; the address itself when it has none.
pub fn host_of(url: &str) -> String {
    parse(url).map_or_else(|_| url.to_string(), |p| p.authority)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Target {
        Target::parse(s).unwrap_or_else(|e| panic!("{s}: {e}"))
    }

    #[test]
    fn bluesky_by_shape_on_any_host() {
        assert_eq!(
            t("https://bsky.app/profile/Alice.bsky.social/post/3kxyz?ref=1#x"),
            Target::Bluesky {
                actor: "alice.bsky.social".into(),
                rkey: "3kxyz".into()
            }
        );
        let did = t("https://deer.example/profile/did:plc:abc123/post/3kq");
        assert_eq!(
            did.canonical(),
            "https://bsky.app/profile/did:plc:abc123/post/3kq"
        );
    }

    #[test]
    fn mastodon_shapes() {
        let a = t("https://Social.Example/@kai/112233445566");
        assert_eq!(a.canonical(), "https://social.example/@kai/112233445566");
        let b = t("https://social.example/users/kai/statuses/112233445566");
        assert_eq!(a, b);
        let remote = t("http://127.0.0.1:8080/@kai@elsewhere.example/42");
        assert_eq!(
            remote,
            Target::Mastodon {
                origin: "http://127.0.0.1:8080".into(),
                user: "kai@elsewhere.example".into(),
                id: "42".into()
            }
        );
        // A channel's or a blog's page is not a status.
        assert!(matches!(
            t("https://video.example/@someone/videos"),
            Target::Page { .. }
        ));
        assert!(matches!(
            t("https://blog.example/@writer/a-story-1a2b3c"),
            Target::Page { .. }
        ));
    }

    #[test]
    fn reddit_shapes() {
        let a = t("https://old.reddit.com/r/rust/comments/abc123/some_title/");
        assert_eq!(
            a.canonical(),
            "https://www.reddit.com/r/rust/comments/abc123/"
        );
        assert_eq!(a, t("https://reddit.com/r/rust/comments/ABC123"));
        let mirror = t("http://127.0.0.1:9/r/rust/comments/x1/");
        assert_eq!(mirror.canonical(), "http://127.0.0.1:9/r/rust/comments/x1/");
    }

    #[test]
    fn hacker_news_on_its_own_host_only() {
        assert_eq!(
            t("https://news.ycombinator.com/item?id=40000000"),
            Target::HackerNews { id: 40000000 }
        );
        assert!(matches!(
            t("https://shop.example/item?id=5"),
            Target::Page { .. }
        ));
    }

    #[test]
    fn pages_drop_fragments_and_tracking() {
        assert_eq!(
            t("https://News.Example/2024/story.html?utm_source=x&page=2&fbclid=1#top").canonical(),
            "https://news.example/2024/story.html?page=2"
        );
        assert_eq!(
            t("https://news.example").canonical(),
            "https://news.example/"
        );
        assert_eq!(
            t("https://news.example/caf\u{e9} story").canonical(),
            "https://news.example/caf%C3%A9%20story"
        );
    }

    #[test]
    fn bad_addresses() {
        assert!(matches!(
            Target::parse("ftp://x.example/a"),
            Err(UrlError::Scheme(_))
        ));
        assert!(Target::parse("https://").is_err());
        assert!(Target::parse("https://user:pw@x.example/").is_err());
        assert!(is_url("HTTPS://x.example"));
        assert!(!is_url("thread.json"));
        assert!(!is_url("http"));
    }

    #[test]
    fn tweets() {
        assert!(is_tweet("https://twitter.com/ana/status/123"));
        assert!(is_tweet("https://x.com/i/web/status/789"));
        assert!(!is_tweet("https://bsky.app/profile/a/post/b"));
    }
}
