//! The HTTP side: one blocking client with chorus's limits, and what an answer or a failure
//! means in words.
//!
//! The client is ureq 3 (rustls, gzip): blocking, so it needs no async runtime in a program that
//! has none, and it keeps no cookies (that is a feature chorus does not turn on). Every request
//! has a deadline for the whole exchange, retries included; answers are read up to a size cap; a
//! few redirects are followed, to http(s) addresses only; the User-Agent names chorus and its
//! version; `HTTP_PROXY`, `HTTPS_PROXY`, `ALL_PROXY` and `NO_PROXY` are honoured.

use std::io::Read;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use ureq::Agent;
use ureq::http::StatusCode;

use super::answer::{check_json, retry_after, service_message, status_text};
use super::error::ErrorKind;
use super::url::host_of;

/// The limits of every request. [`NetConfig::default`] holds the documented defaults;
/// [`NetConfig::from_env`] lets `CHORUS_TIMEOUT` and `CHORUS_CONNECT_TIMEOUT` change the two
/// timeouts.
#[derive(Debug, Clone)]
pub struct NetConfig {
    /// How long to wait for a connection (name lookup included). Default 10 s.
    pub connect_timeout: Duration,
    /// The whole request, from the first try to the last byte of the answer, retries and their
    /// waits included. Default 60 s: a request gives up within a minute.
    pub timeout: Duration,
    /// The most an answer may hold, after decompression. Default 32 MiB.
    pub max_bytes: u64,
    /// Redirects followed before giving up. Default 5.
    pub max_redirects: u32,
    /// How many times a 429, 500, 502, 503 or 504 is tried again. Default 3.
    pub retries: u32,
    /// The first wait before trying again when the service does not say (`Retry-After`); it
    /// doubles each time. Default 1 s.
    pub retry_base: Duration,
    /// The longest wait chorus accepts from a `Retry-After`; a longer one fails at once,
    /// saying so. Default 20 s.
    pub max_retry_wait: Duration,
    /// Whether to use the proxy the environment names (`HTTPS_PROXY`, ...). Default true.
    pub use_env_proxy: bool,
}

impl Default for NetConfig {
    fn default() -> Self {
        NetConfig {
            connect_timeout: Duration::from_secs(10),
            timeout: Duration::from_secs(60),
            max_bytes: 32 * 1024 * 1024,
            max_redirects: 5,
            retries: 3,
            retry_base: Duration::from_secs(1),
            max_retry_wait: Duration::from_secs(20),
            use_env_proxy: true,
        }
    }
}

impl NetConfig {
    /// The defaults, with `CHORUS_TIMEOUT` and `CHORUS_CONNECT_TIMEOUT` (seconds, fractions
    /// allowed) applied. A value that is not a positive number is an error naming it.
    pub fn from_env() -> Result<Self, String> {
        let mut cfg = NetConfig::default();
        if let Some(d) = env_seconds("CHORUS_TIMEOUT")? {
            cfg.timeout = d;
        }
        if let Some(d) = env_seconds("CHORUS_CONNECT_TIMEOUT")? {
            cfg.connect_timeout = d;
        }
        Ok(cfg)
    }
}

fn env_seconds(name: &str) -> Result<Option<Duration>, String> {
    let Some(raw) = std::env::var_os(name) else {
        return Ok(None);
    };
    parse_seconds(name, &raw.to_string_lossy()).map(Some)
}

fn parse_seconds(name: &str, text: &str) -> Result<Duration, String> {
    match text.trim().parse::<f64>() {
        Ok(s) if s.is_finite() && s > 0.0 && s <= 86_400.0 => Ok(Duration::from_secs_f64(s)),
        _ => Err(format!(
            "{name}: expected a number of seconds (such as 30 or 0.5), found {:?}",
            crate::load::one_line(text)
        )),
    }
}

/// A flag that stops fetching: set by Ctrl-C on the command line, or by the reader when the
/// user gives up on a refresh. Checked between requests and while an answer is read.
#[derive(Debug, Clone, Default)]
pub struct Cancel(Arc<AtomicBool>);

impl Cancel {
    pub fn new() -> Self {
        Self::default()
    }

    /// The flag itself, for `signal_hook::flag::register`.
    pub fn flag(&self) -> Arc<AtomicBool> {
        Arc::clone(&self.0)
    }

    pub fn cancel(&self) {
        self.0.store(true, Ordering::SeqCst);
    }

    pub fn is_cancelled(&self) -> bool {
        self.0.load(Ordering::SeqCst)
    }
}

/// A successful answer.
#[derive(Debug)]
pub struct Answer {
    pub body: Vec<u8>,
    /// The `Content-Type`, lower-cased, without parameters.
    pub content_type: Option<String>,
    /// The `Content-Type`'s `charset`, as the server wrote it.
    pub charset: Option<String>,
    /// The address the answer came from, after redirects.
    pub final_url: String,
}

/// The User-Agent every request carries.
pub fn user_agent() -> String {
    format!("chorus/{} (terminal reader)", env!("CARGO_PKG_VERSION"))
}

/// The blocking client, shared by the threads that fetch an article's embeds.
#[derive(Clone)]
pub struct Client {
    agent: Agent,
    cfg: NetConfig,
    cancel: Cancel,
}

/// What a request expects back, for the `Accept` header and the check of the answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expect {
    Json,
    Page,
}

impl Client {
    pub fn new(cfg: NetConfig, cancel: Cancel) -> Self {
        let proxy = if cfg.use_env_proxy {
            ureq::Proxy::try_from_env()
        } else {
            None
        };
        let agent: Agent = Agent::config_builder()
            .http_status_as_error(false)
            .https_only(false)
            .max_redirects(cfg.max_redirects)
            .max_redirects_will_error(true)
            .user_agent(user_agent())
            .proxy(proxy)
            .timeout_connect(Some(cfg.connect_timeout))
            .timeout_global(Some(cfg.timeout))
            .build()
            .into();
        Client { agent, cfg, cancel }
    }

    pub fn cancel(&self) -> &Cancel {
        &self.cancel
    }

    /// GETs `url`, trying again on 429 and 5xx (bounded, honouring `Retry-After`), within the
    /// request deadline. An answer other than 2xx is an error carrying the service's own
    /// message; `service` names who answered in messages ("the Bluesky API at HOST").
    pub fn get(&self, url: &str, service: &str, expect: Expect) -> Result<Answer, ErrorKind> {
        let deadline = Instant::now() + self.cfg.timeout;
        let host = host_of(url);
        let accept = match expect {
            Expect::Json => "application/json",
            Expect::Page => "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5",
        };
        let mut attempt = 0u32;
        loop {
            if self.cancel.is_cancelled() {
                return Err(ErrorKind::Interrupted);
            }
            let remaining = deadline.saturating_duration_since(Instant::now());
            if remaining.is_zero() {
                return Err(self.timeout(&host));
            }
            let response = self
                .agent
                .get(url)
                .header("Accept", accept)
                .config()
                .timeout_global(Some(remaining))
                .build()
                .call()
                .map_err(|e| self.classify(e, &host))?;
            let status = response.status();
            if is_retried(status) && attempt < self.cfg.retries {
                let asked = retry_after(response.headers());
                let wait = asked
                    .unwrap_or_else(|| self.cfg.retry_base.saturating_mul(1u32 << attempt.min(16)));
                let too_long = wait > self.cfg.max_retry_wait;
                let past_deadline = Instant::now() + wait >= deadline;
                if !too_long && !past_deadline {
                    drop(response);
                    self.sleep(wait)?;
                    attempt += 1;
                    continue;
                }
                if asked.is_some() {
                    return Err(ErrorKind::Status {
                        status: status_text(status),
                        service: service.to_string(),
                        message: Some(format!(
                            "it asks to wait {} s before trying again, longer than chorus waits",
                            wait.as_secs_f64().ceil()
                        )),
                    });
                }
            }
            let content_type = content_type(response.headers());
            let charset = charset(response.headers());
            let final_url = ureq::ResponseExt::get_uri(&response).to_string();
            if declared_length(response.headers()).is_some_and(|n| n > self.cfg.max_bytes) {
                return Err(self.too_large(&host));
            }
            let body = self.read_body(response.into_body(), &host)?;
            if !status.is_success() {
                return Err(ErrorKind::Status {
                    status: status_text(status),
                    service: service.to_string(),
                    message: service_message(&body, content_type.as_deref()),
                });
            }
            if expect == Expect::Json {
                check_json(&body, content_type.as_deref(), service)?;
            }
            return Ok(Answer {
                body,
                content_type,
                charset,
                final_url,
            });
        }
    }

    /// Reads an answer up to the size cap, stopping on Ctrl-C.
    fn read_body(&self, body: ureq::Body, host: &str) -> Result<Vec<u8>, ErrorKind> {
        let mut reader = body.into_reader();
        let mut out = Vec::new();
        let mut buf = vec![0u8; 64 * 1024];
        loop {
            if self.cancel.is_cancelled() {
                return Err(ErrorKind::Interrupted);
            }
            let n = match reader.read(&mut buf) {
                Ok(n) => n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(self.classify_body(ureq::Error::from(e), host)),
            };
            if n == 0 {
                return Ok(out);
            }
            if out.len() as u64 + n as u64 > self.cfg.max_bytes {
                return Err(self.too_large(host));
            }
            out.extend_from_slice(&buf[..n]);
        }
    }

    /// Waits before trying again, in short steps so Ctrl-C is not kept waiting.
    fn sleep(&self, wait: Duration) -> Result<(), ErrorKind> {
        let until = Instant::now() + wait;
        loop {
            if self.cancel.is_cancelled() {
                return Err(ErrorKind::Interrupted);
            }
            let left = until.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Ok(());
            }
            std::thread::sleep(left.min(Duration::from_millis(50)));
        }
    }

    fn timeout(&self, host: &str) -> ErrorKind {
        ErrorKind::Timeout {
            host: host.to_string(),
            secs: seconds(self.cfg.timeout),
            cached: None,
        }
    }

    fn too_large(&self, host: &str) -> ErrorKind {
        ErrorKind::TooLarge {
            host: host.to_string(),
            limit: size(self.cfg.max_bytes),
        }
    }

    /// A failure before the answer's status arrived.
    fn classify(&self, e: ureq::Error, host: &str) -> ErrorKind {
        let unreachable = |reason: &str| ErrorKind::Unreachable {
            host: host.to_string(),
            reason: reason.to_string(),
            cached: None,
        };
        match e {
            ureq::Error::HostNotFound => unreachable("no such host: the name lookup failed"),
            ureq::Error::ConnectionFailed => unreachable("the connection failed"),
            ureq::Error::Timeout(t) => match t {
                ureq::Timeout::Resolve | ureq::Timeout::Connect => unreachable(&format!(
                    "no connection within {} s",
                    seconds(self.cfg.connect_timeout)
                )),
                _ => self.timeout(host),
            },
            ureq::Error::Io(io) => match io.kind() {
                std::io::ErrorKind::ConnectionRefused => unreachable("connection refused"),
                std::io::ErrorKind::NetworkUnreachable => unreachable("network unreachable"),
                std::io::ErrorKind::HostUnreachable => unreachable("host unreachable"),
                std::io::ErrorKind::AddrNotAvailable => unreachable("address not available"),
                std::io::ErrorKind::TimedOut => self.timeout(host),
                // The standard library's resolver has no error kind of its own for a name that
                // does not resolve; its message says so.
                _ if io.to_string().starts_with("failed to lookup address") => {
                    let detail = io.to_string();
                    let detail = detail.split_once(": ").map_or("", |(_, d)| d);
                    unreachable(&format!(
                        "no such host: the name lookup failed: {}",
                        crate::load::one_line(detail)
                    ))
                }
                std::io::ErrorKind::UnexpectedEof
                | std::io::ErrorKind::ConnectionReset
                | std::io::ErrorKind::ConnectionAborted => ErrorKind::Truncated {
                    host: host.to_string(),
                },
                _ => ErrorKind::Protocol {
                    host: host.to_string(),
                    reason: crate::load::one_line(&io.to_string()),
                },
            },
            ureq::Error::TooManyRedirects => ErrorKind::Redirects {
                max: self.cfg.max_redirects,
            },
            ureq::Error::BadUri(_) | ureq::Error::RedirectFailed => ErrorKind::BadRedirect,
            ureq::Error::LargeResponseHeader(..) => self.too_large(host),
            other => ErrorKind::Protocol {
                host: host.to_string(),
                reason: crate::load::one_line(&other.to_string()),
            },
        }
    }

    /// A failure while the answer's body was being read.
    fn classify_body(&self, e: ureq::Error, host: &str) -> ErrorKind {
        match e {
            ureq::Error::Protocol(_) | ureq::Error::BodyStalled => ErrorKind::Truncated {
                host: host.to_string(),
            },
            ureq::Error::Decompress(..) => ErrorKind::Truncated {
                host: host.to_string(),
            },
            other => self.classify(other, host),
        }
    }
}

fn is_retried(status: StatusCode) -> bool {
    matches!(status.as_u16(), 429 | 500 | 502 | 503 | 504)
}

fn seconds(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s.fract() == 0.0 {
        format!("{s:.0}")
    } else {
        format!("{s:.1}")
    }
}

fn size(bytes: u64) -> String {
    const MIB: u64 = 1024 * 1024;
    if bytes >= MIB && bytes.is_multiple_of(MIB) {
        format!("{} MiB", bytes / MIB)
    } else {
        format!("{bytes} bytes")
    }
}

/// Percent-encodes a query parameter's value (RFC 3986 unreserved characters pass).
pub fn encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The response's media type, lower-cased, without its parameters.
fn content_type(headers: &ureq::http::HeaderMap) -> Option<String> {
    let v = headers.get("content-type")?.to_str().ok()?;
    Some(
        v.split(';')
            .next()
            .unwrap_or_default()
            .trim()
            .to_ascii_lowercase(),
    )
}

/// The response's `charset` parameter (`text/html; charset=ISO-8859-2`), unquoted.
fn charset(headers: &ureq::http::HeaderMap) -> Option<String> {
    let v = headers.get("content-type")?.to_str().ok()?;
    v.split(';').skip(1).find_map(|p| {
        let (name, value) = p.split_once('=')?;
        name.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| value.trim().trim_matches('"').to_string())
    })
}

/// The body's length as the response declares it.
fn declared_length(headers: &ureq::http::HeaderMap) -> Option<u64> {
    headers
        .get("content-length")?
        .to_str()
        .ok()?
        .trim()
        .parse()
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_values_are_encoded() {
        assert_eq!(
            encode("at://did:plc:x/app.bsky.feed.post/3k"),
            "at%3A%2F%2Fdid%3Aplc%3Ax%2Fapp.bsky.feed.post%2F3k"
        );
    }

    #[test]
    fn network_failures_in_words() {
        let c = Client::new(NetConfig::default(), Cancel::new());
        let io = |kind, msg: &str| ureq::Error::Io(std::io::Error::new(kind, msg.to_string()));
        let said = |e| c.classify(e, "news.example").to_string();
        assert_eq!(
            said(io(
                std::io::ErrorKind::Other,
                "failed to lookup address information: Name or service not known"
            )),
            "could not reach news.example (no such host: the name lookup failed: Name or \
             service not known)"
        );
        assert_eq!(
            said(ureq::Error::HostNotFound),
            "could not reach news.example (no such host: the name lookup failed)"
        );
        assert_eq!(
            said(io(std::io::ErrorKind::ConnectionRefused, "refused")),
            "could not reach news.example (connection refused)"
        );
        assert_eq!(
            said(ureq::Error::Timeout(ureq::Timeout::Connect)),
            "could not reach news.example (no connection within 10 s)"
        );
        assert_eq!(
            said(ureq::Error::Timeout(ureq::Timeout::Global)),
            "timed out: news.example sent no complete answer within 60 s"
        );
    }

    #[test]
    fn timeouts_in_seconds() {
        assert_eq!(parse_seconds("T", " 0.5 "), Ok(Duration::from_millis(500)));
        assert_eq!(parse_seconds("T", "30"), Ok(Duration::from_secs(30)));
        for bad in ["", "-1", "0", "soon", "NaN", "1e9"] {
            let e = parse_seconds("CHORUS_TIMEOUT", bad).unwrap_err();
            assert!(e.starts_with("CHORUS_TIMEOUT: expected"), "{e}");
        }
    }
}
