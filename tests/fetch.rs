//! Opening links, against servers this test starts on 127.0.0.1 (and nothing else): each
//! service's thread from recorded API answers, an article's embedded conversations, the cache,
//! and every failure a network gives (status errors, retries, silence, cut-off and oversized
//! answers, redirect loops, HTML where JSON was expected, no server at all).
//!
//! The library is driven directly with short timeouts; the binary is run with the same servers
//! through its environment variables, with the cache and data directories in a temporary
//! directory and every proxy variable removed.

mod common;

use std::collections::{HashMap, VecDeque};
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use chorus::fetch::{
    CacheMode, Cancel, Dirs, FRESH_FOR, NetConfig, OpenOptions, Services, open, refresh,
};
use chorus::load::bundle::{AuthorFile, BlockFile, BundleFile, PostFile};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");

fn fixture(path: &str) -> Vec<u8> {
    std::fs::read(Path::new(FIXTURES).join(path)).expect("fixture")
}

// ---------------------------------------------------------------------------------------------
// A scripted HTTP server on 127.0.0.1

#[derive(Clone)]
struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Reply {
    fn new(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Reply {
        Reply {
            status,
            headers: vec![("Content-Type".into(), content_type.into())],
            body: body.into(),
        }
    }

    fn json(body: impl Into<Vec<u8>>) -> Reply {
        Reply::new(200, "application/json; charset=utf-8", body)
    }

    fn html(body: impl Into<Vec<u8>>) -> Reply {
        Reply::new(200, "text/html; charset=utf-8", body)
    }

    fn status(status: u16, body: &str) -> Reply {
        Reply::new(status, "application/json", body)
    }

    fn header(mut self, k: &str, v: &str) -> Reply {
        self.headers.push((k.into(), v.into()));
        self
    }
}

/// One request as the server saw it.
#[derive(Debug, Clone)]
struct Hit {
    url: String,
    user_agent: String,
}

type Routes = HashMap<String, VecDeque<Reply>>;

/// Answers each request with the next reply of its route (the last one repeats); a request for
/// a path with no route gets a 404. Routes are matched on the whole path and query first, then
/// on the path alone.
struct Server {
    base: String,
    routes: Arc<Mutex<Routes>>,
    hits: Arc<Mutex<Vec<Hit>>>,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Server {
    fn start() -> Server {
        let server = tiny_http::Server::http("127.0.0.1:0").expect("bind 127.0.0.1");
        let port = server.server_addr().to_ip().expect("an IP address").port();
        let routes: Arc<Mutex<Routes>> = Arc::default();
        let hits: Arc<Mutex<Vec<Hit>>> = Arc::default();
        let stop = Arc::new(AtomicBool::new(false));
        let thread = {
            let (routes, hits, stop) = (routes.clone(), hits.clone(), stop.clone());
            std::thread::spawn(move || {
                while !stop.load(Ordering::SeqCst) {
                    let Ok(Some(req)) = server.recv_timeout(Duration::from_millis(20)) else {
                        continue;
                    };
                    let url = req.url().to_string();
                    let user_agent = req
                        .headers()
                        .iter()
                        .find(|h| h.field.equiv("User-Agent"))
                        .map(|h| h.value.to_string())
                        .unwrap_or_default();
                    hits.lock().unwrap().push(Hit {
                        url: url.clone(),
                        user_agent,
                    });
                    let reply = {
                        let mut routes = routes.lock().unwrap();
                        let path = url.split('?').next().unwrap_or(&url).to_string();
                        let key = if routes.contains_key(&url) {
                            Some(url.clone())
                        } else if routes.contains_key(&path) {
                            Some(path)
                        } else {
                            None
                        };
                        key.and_then(|k| {
                            let q = routes.get_mut(&k)?;
                            if q.len() > 1 {
                                q.pop_front()
                            } else {
                                q.front().cloned()
                            }
                        })
                    };
                    let reply = reply.unwrap_or_else(|| {
                        Reply::status(404, r#"{"error":"NotFound","message":"no such route"}"#)
                    });
                    let mut resp =
                        tiny_http::Response::from_data(reply.body).with_status_code(reply.status);
                    for (k, v) in reply.headers {
                        let h = tiny_http::Header::from_bytes(k.as_bytes(), v.as_bytes())
                            .expect("a header");
                        resp.add_header(h);
                    }
                    let _ = req.respond(resp);
                }
            })
        };
        Server {
            base: format!("http://127.0.0.1:{port}"),
            routes,
            hits,
            stop,
            thread: Some(thread),
        }
    }

    fn route(&self, path: &str, replies: Vec<Reply>) {
        self.routes
            .lock()
            .unwrap()
            .insert(path.to_string(), replies.into());
    }

    fn hits(&self) -> Vec<Hit> {
        self.hits.lock().unwrap().clone()
    }

    fn count(&self, prefix: &str) -> usize {
        self.hits()
            .iter()
            .filter(|h| h.url.starts_with(prefix))
            .count()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// A server that writes `answer` (raw bytes, status line included) to every connection after
/// reading its request, then closes it; or, with `None`, accepts and never answers.
struct RawServer {
    base: String,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl RawServer {
    fn start(answer: Option<Vec<u8>>) -> RawServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        listener.set_nonblocking(true).expect("nonblocking");
        let port = listener.local_addr().expect("address").port();
        let stop = Arc::new(AtomicBool::new(false));
        let thread = {
            let stop = stop.clone();
            std::thread::spawn(move || {
                let started = Instant::now();
                let mut held: Vec<TcpStream> = Vec::new();
                // Bounded: it stops when the test is done, or after 30 s in any case.
                while !stop.load(Ordering::SeqCst) && started.elapsed() < Duration::from_secs(30) {
                    match listener.accept() {
                        Ok((mut s, _)) => {
                            let _ = s.set_nonblocking(false);
                            let _ = s.set_read_timeout(Some(Duration::from_secs(2)));
                            match &answer {
                                Some(bytes) => {
                                    read_request(&mut s);
                                    let _ = s.write_all(bytes);
                                    let _ = s.flush();
                                }
                                None => held.push(s),
                            }
                        }
                        Err(_) => std::thread::sleep(Duration::from_millis(10)),
                    }
                }
            })
        };
        RawServer {
            base: format!("http://127.0.0.1:{port}"),
            stop,
            thread: Some(thread),
        }
    }
}

fn read_request(s: &mut TcpStream) {
    let mut buf = Vec::new();
    let mut byte = [0u8; 1];
    while !buf.ends_with(b"\r\n\r\n") && buf.len() < 64 * 1024 {
        match s.read(&mut byte) {
            Ok(1) => buf.push(byte[0]),
            _ => break,
        }
    }
}

impl Drop for RawServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// An address on 127.0.0.1 where nothing listens.
fn closed_port() -> String {
    let l = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = l.local_addr().unwrap().port();
    drop(l);
    format!("http://127.0.0.1:{port}")
}

// ---------------------------------------------------------------------------------------------
// The library

fn options(dir: &Path, server: &str) -> OpenOptions {
    OpenOptions {
        mode: CacheMode::Normal,
        net: NetConfig {
            connect_timeout: Duration::from_secs(2),
            timeout: Duration::from_secs(5),
            retry_base: Duration::from_millis(50),
            max_retry_wait: Duration::from_secs(3),
            use_env_proxy: false,
            ..NetConfig::default()
        },
        services: Services {
            bluesky_api: server.to_string(),
            hn_api: format!("{server}/hn"),
            reddit_more: 500,
        },
        dirs: Dirs {
            cache: Some(dir.join("cache")),
            data: Some(dir.join("data")),
        },
        fresh_for: FRESH_FOR,
        cancel: Cancel::new(),
    }
}

fn quiet(_: &chorus::fetch::Progress) {}

fn ids(b: &BundleFile) -> Vec<&str> {
    b.posts.iter().map(|p| p.id.as_str()).collect()
}

fn cache_files(dir: &Path) -> Vec<String> {
    match std::fs::read_dir(dir.join("cache").join("urls")) {
        Ok(rd) => rd
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect(),
        Err(_) => Vec::new(),
    }
}

const THREAD_URI: &str = "at://did:plc:mira111/app.bsky.feed.post/3kfocal";

fn bluesky_routes(s: &Server) {
    s.route(
        "/xrpc/com.atproto.identity.resolveHandle",
        vec![Reply::json(r#"{"did":"did:plc:mira111"}"#)],
    );
    s.route(
        "/xrpc/app.bsky.feed.getPostThread",
        vec![Reply::json(fixture("bluesky/thread.json"))],
    );
}

#[test]
fn a_bluesky_link_resolves_its_handle_and_reads_the_thread() {
    let dir = tempfile::tempdir().unwrap();
    let s = Server::start();
    bluesky_routes(&s);
    let o = open(
        "https://bsky.app/profile/Mira.bsky.example/post/3kfocal",
        &options(dir.path(), &s.base),
        &quiet,
    )
    .expect("opened");
    assert_eq!(
        o.canonical,
        "https://bsky.app/profile/mira.bsky.example/post/3kfocal"
    );
    assert!(ids(&o.bundle).contains(&THREAD_URI), "{:?}", ids(&o.bundle));
    assert!(ids(&o.bundle).contains(&"at://did:plc:olu222/app.bsky.feed.post/3kr1"));
    let hits = s.hits();
    assert_eq!(
        hits[0].url,
        "/xrpc/com.atproto.identity.resolveHandle?handle=mira.bsky.example"
    );
    assert!(
        hits[1]
            .url
            .contains("uri=at%3A%2F%2Fdid%3Aplc%3Amira111%2Fapp.bsky.feed.post%2F3kfocal"),
        "{}",
        hits[1].url
    );
    // The User-Agent names chorus and its version.
    assert_eq!(
        hits[0].user_agent,
        format!("chorus/{} (terminal reader)", env!("CARGO_PKG_VERSION"))
    );
    assert!(!o.from_cache);
    assert_eq!(cache_files(dir.path()).len(), 1);
}

fn mastodon_routes(s: &Server) {
    let v: serde_json::Value =
        serde_json::from_slice(&fixture("mastodon/status-context.json")).unwrap();
    s.route(
        "/api/v1/statuses/110000000000000002",
        vec![Reply::json(v["status"].to_string())],
    );
    s.route(
        "/api/v1/statuses/110000000000000002/context",
        vec![Reply::json(v["context"].to_string())],
    );
}

#[test]
fn a_mastodon_link_on_any_host_reads_the_status_and_its_context() {
    let dir = tempfile::tempdir().unwrap();
    let s = Server::start();
    mastodon_routes(&s);
    let url = format!("{}/@mira/110000000000000002", s.base);
    let o = open(&url, &options(dir.path(), &s.base), &quiet).expect("opened");
    assert_eq!(
        ids(&o.bundle),
        [
            "110000000000000001",
            "110000000000000002",
            "110000000000000003",
            "110000000000000004",
            "110000000000000005"
        ]
    );
    // The other spelling of the same status is the same document.
    let o2 = open(
        &format!("{}/users/mira/statuses/110000000000000002", s.base),
        &options(dir.path(), &s.base),
        &quiet,
    )
    .unwrap();
    assert_eq!(o2.canonical, o.canonical);
    assert!(
        o2.from_cache,
        "opened again within minutes: the cached copy"
    );
}

fn reddit_routes(s: &Server) {
    s.route(
        "/r/harbourtown/comments/abc123/.json?raw_json=1",
        vec![Reply::json(fixture("reddit/thread.json"))],
    );
    s.route(
        "/api/morechildren.json?api_type=json&link_id=t3_abc123&children=m1%2Cm2%2Cm3&raw_json=1&limit_children=false",
        vec![Reply::json(fixture("fetch/reddit-morechildren.json"))],
    );
    s.route(
        "/api/morechildren.json?api_type=json&link_id=t3_abc123&children=m5%2Cm6&raw_json=1&limit_children=false",
        vec![Reply::json(fixture("fetch/reddit-morechildren-2.json"))],
    );
}

#[test]
fn a_reddit_thread_loads_its_more_replies() {
    let dir = tempfile::tempdir().unwrap();
    let s = Server::start();
    reddit_routes(&s);
    let url = format!("{}/r/harbourtown/comments/abc123/ferry_loaf/", s.base);
    let o = open(&url, &options(dir.path(), &s.base), &quiet).expect("opened");
    let ids = ids(&o.bundle);
    for id in ["t1_m1", "t1_m2", "t1_m3", "t1_m4", "t1_m5", "t1_m6"] {
        assert!(ids.contains(&id), "{id} loaded: {ids:?}");
    }
    // The stubs that were loaded are gone; "continue this thread" stays a row.
    assert!(
        !ids.iter()
            .any(|i| i.ends_with("t1_m1") && i.starts_with("more-"))
    );
    assert!(
        !ids.iter()
            .any(|i| i.contains("t1_m5") && i.starts_with("more-"))
    );
    assert!(
        ids.iter()
            .any(|i| i.starts_with("more-") && i.ends_with("t1__"))
    );
    let parent = |id: &str| {
        o.bundle
            .posts
            .iter()
            .find(|p| p.id == id)
            .and_then(|p| p.in_reply_to.clone())
    };
    assert_eq!(parent("t1_m4").as_deref(), Some("t1_m1"));
    assert_eq!(parent("t1_m6").as_deref(), Some("t1_m2"));
    assert_eq!(s.count("/api/morechildren"), 2);
}

#[test]
fn reddit_more_replies_stop_at_the_limit_and_leave_a_row() {
    let dir = tempfile::tempdir().unwrap();
    let s = Server::start();
    reddit_routes(&s);
    s.route(
        "/api/morechildren.json?api_type=json&link_id=t3_abc123&children=m1%2Cm2&raw_json=1&limit_children=false",
        vec![Reply::json(fixture("fetch/reddit-morechildren.json"))],
    );
    let mut opts = options(dir.path(), &s.base);
    opts.services.reddit_more = 2;
    let url = format!("{}/r/harbourtown/comments/abc123/", s.base);
    let o = open(&url, &opts, &quiet).expect("opened");
    assert_eq!(s.count("/api/morechildren"), 1);
    let row = o
        .bundle
        .posts
        .iter()
        .find(|p| p.id.starts_with("more-") && p.id.ends_with("t1_m1"))
        .expect("the stub partly loaded keeps a row");
    assert_eq!(row.text, "5 more replies not loaded");
    // None loads none.
    let dir = tempfile::tempdir().unwrap();
    let mut opts = options(dir.path(), &s.base);
    opts.services.reddit_more = 0;
    open(&url, &opts, &quiet).expect("opened");
    assert_eq!(s.count("/api/morechildren"), 1);
}

#[test]
fn a_hacker_news_link_reads_the_algolia_item() {
    let dir = tempfile::tempdir().unwrap();
    let s = Server::start();
    s.route(
        "/hn/items/9000001",
        vec![Reply::json(fixture("hackernews/item.json"))],
    );
    let o = open(
        "https://news.ycombinator.com/item?id=9000001",
        &options(dir.path(), &s.base),
        &quiet,
    )
    .expect("opened");
    assert_eq!(
        o.bundle.article.title,
        "Show HN: A bakery names its sourdough after a retired ferry"
    );
}

#[test]
fn a_service_error_is_one_line_with_the_services_own_words() {
    let dir = tempfile::tempdir().unwrap();
    let s = Server::start();
    s.route(
        "/xrpc/app.bsky.feed.getPostThread",
        vec![Reply::status(
            400,
            r#"{"error":"NotFound","message":"Post not found: at://did:plc:x/app.bsky.feed.post/3k"}"#,
        )],
    );
    let url = "https://bsky.app/profile/did:plc:x/post/3k";
    let e = open(url, &options(dir.path(), &s.base), &quiet).expect_err("fails");
    assert_eq!(
        e.to_string(),
        format!(
            "{url}: HTTP 400 Bad Request from the Bluesky API at {}: Post not found: \
             at://did:plc:x/app.bsky.feed.post/3k (NotFound)",
            s.base.trim_start_matches("http://")
        )
    );
    assert_eq!(e.exit_code(), 2);
    let e = open(
        &format!("{}/@kai/404", s.base),
        &options(dir.path(), &s.base),
        &quiet,
    )
    .expect_err("404");
    assert!(
        e.to_string()
            .contains("HTTP 404 Not Found from Mastodon at 127.0.0.1"),
        "{e}"
    );
    assert!(
        cache_files(dir.path()).is_empty(),
        "a failure saves nothing"
    );
}

#[test]
fn a_server_error_is_tried_again() {
    let dir = tempfile::tempdir().unwrap();
    let s = Server::start();
    s.route(
        "/hn/items/9000001",
        vec![
            Reply::status(500, "{}"),
            Reply::json(fixture("hackernews/item.json")),
        ],
    );
    open(
        "https://news.ycombinator.com/item?id=9000001",
        &options(dir.path(), &s.base),
        &quiet,
    )
    .expect("the second try answers");
    assert_eq!(s.count("/hn/items/9000001"), 2);
    // A server that keeps failing is tried a bounded number of times.
    s.route(
        "/hn/items/5",
        vec![Reply::status(503, r#"{"message":"down"}"#)],
    );
    let e = open(
        "https://news.ycombinator.com/item?id=5",
        &options(dir.path(), &s.base),
        &quiet,
    )
    .expect_err("still failing");
    assert!(
        e.to_string().contains("HTTP 503 Service Unavailable"),
        "{e}"
    );
    assert!(e.to_string().ends_with(": down"), "{e}");
    assert_eq!(s.count("/hn/items/5"), 4, "one try and three more");
}

#[test]
fn too_many_requests_waits_as_long_as_the_service_asks() {
    let dir = tempfile::tempdir().unwrap();
    let s = Server::start();
    s.route(
        "/hn/items/9000001",
        vec![
            Reply::status(429, r#"{"message":"slow down"}"#).header("Retry-After", "1"),
            Reply::json(fixture("hackernews/item.json")),
        ],
    );
    let start = Instant::now();
    open(
        "https://news.ycombinator.com/item?id=9000001",
        &options(dir.path(), &s.base),
        &quiet,
    )
    .expect("answers after the wait");
    assert!(
        start.elapsed() >= Duration::from_millis(900),
        "waited {:?}, less than the second asked",
        start.elapsed()
    );
    // A wait longer than chorus accepts fails at once, saying so.
    s.route(
        "/hn/items/6",
        vec![Reply::status(429, "{}").header("Retry-After", "3600")],
    );
    let e = open(
        "https://news.ycombinator.com/item?id=6",
        &options(dir.path(), &s.base),
        &quiet,
    )
    .expect_err("too long a wait");
    assert!(e.to_string().contains("HTTP 429 Too Many Requests"), "{e}");
    assert!(e.to_string().contains("asks to wait 3600 s"), "{e}");
    assert_eq!(s.count("/hn/items/6"), 1);
}

#[test]
fn a_server_that_never_answers_times_out() {
    let dir = tempfile::tempdir().unwrap();
    let silent = RawServer::start(None);
    let mut opts = options(dir.path(), &silent.base);
    opts.net.timeout = Duration::from_millis(800);
    let start = Instant::now();
    let e = open("https://news.ycombinator.com/item?id=1", &opts, &quiet).expect_err("no answer");
    let took = start.elapsed();
    assert!(
        e.to_string().contains("timed out") && e.to_string().contains("within 0.8 s"),
        "{e}"
    );
    assert!(took < Duration::from_secs(5), "gave up after {took:?}");
}

#[test]
fn a_cut_off_answer_is_reported_and_nothing_is_cached() {
    let dir = tempfile::tempdir().unwrap();
    let raw = RawServer::start(Some(
        b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n{\"id\": 1, \"children\": [".to_vec(),
    ));
    let e = open(
        "https://news.ycombinator.com/item?id=1",
        &options(dir.path(), &raw.base),
        &quiet,
    )
    .expect_err("cut off");
    assert!(
        e.to_string()
            .contains("closed before the whole answer arrived"),
        "{e}"
    );
    assert!(
        cache_files(dir.path()).is_empty(),
        "{:?}",
        cache_files(dir.path())
    );
}

#[test]
fn an_oversized_answer_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let s = Server::start();
    let big = format!("[{}0]", "0,".repeat(5000));
    s.route("/hn/items/7", vec![Reply::json(big)]);
    let mut opts = options(dir.path(), &s.base);
    opts.net.max_bytes = 1000;
    let e = open("https://news.ycombinator.com/item?id=7", &opts, &quiet).expect_err("too big");
    assert!(
        e.to_string()
            .contains("is larger than 1000 bytes, the most chorus reads"),
        "{e}"
    );
    // Also when the server does not say how long it is (chunked), the reading stops at the cap.
    let raw = RawServer::start(Some(
        format!(
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n{:x}\r\n{}\r\n0\r\n\r\n",
            3000,
            "x".repeat(3000)
        )
        .into_bytes(),
    ));
    let mut opts = options(dir.path(), &raw.base);
    opts.net.max_bytes = 1000;
    let e = open("https://news.ycombinator.com/item?id=7", &opts, &quiet).expect_err("too big");
    assert!(e.to_string().contains("larger than 1000 bytes"), "{e}");
}

#[test]
fn a_redirect_loop_stops() {
    let dir = tempfile::tempdir().unwrap();
    let s = Server::start();
    s.route(
        "/loop",
        vec![Reply::new(302, "text/plain", "").header("Location", "/loop")],
    );
    let url = format!("{}/loop", s.base);
    let e = open(&url, &options(dir.path(), &s.base), &quiet).expect_err("loop");
    assert_eq!(
        e.to_string(),
        format!("{url}: more than 5 redirects (a redirect loop?)")
    );
    assert_eq!(s.count("/loop"), 6, "the first request and five redirects");
}

#[test]
fn html_where_json_was_expected() {
    let dir = tempfile::tempdir().unwrap();
    let s = Server::start();
    s.route(
        "/hn/items/8",
        vec![Reply::html(
            "<!doctype html><title>Sign in</title><p>Please sign in",
        )],
    );
    let e = open(
        "https://news.ycombinator.com/item?id=8",
        &options(dir.path(), &s.base),
        &quiet,
    )
    .expect_err("not JSON");
    assert_eq!(
        e.to_string(),
        format!(
            "https://news.ycombinator.com/item?id=8: the Hacker News API at {} answered with an \
             HTML page, not JSON",
            s.base.trim_start_matches("http://")
        )
    );
}

#[test]
fn a_page_that_is_not_html_is_refused_naming_what_chorus_opens() {
    let dir = tempfile::tempdir().unwrap();
    let s = Server::start();
    s.route(
        "/report.pdf",
        vec![Reply::new(200, "application/pdf", "%PDF-1.7")],
    );
    let url = format!("{}/report.pdf", s.base);
    let e = open(&url, &options(dir.path(), &s.base), &quiet).expect_err("a PDF");
    assert_eq!(
        e.to_string(),
        format!(
            "{url}: is application/pdf, which chorus cannot open; chorus opens article pages \
             (HTML) and links to Bluesky, Mastodon, Reddit and Hacker News threads"
        )
    );
}

#[test]
fn no_server_at_all_names_the_host_and_the_cached_copy() {
    let dir = tempfile::tempdir().unwrap();
    let s = Server::start();
    s.route(
        "/hn/items/9000001",
        vec![Reply::json(fixture("hackernews/item.json"))],
    );
    let url = "https://news.ycombinator.com/item?id=9000001";
    open(url, &options(dir.path(), &s.base), &quiet).expect("online");
    drop(s);
    let gone = closed_port();
    let mut opts = options(dir.path(), &gone);
    opts.mode = CacheMode::Refresh;
    let e = open(url, &opts, &quiet).expect_err("nothing listens");
    let msg = e.to_string();
    assert!(
        msg.starts_with(&format!(
            "{url}: could not reach {} (connection refused); `chorus --offline` opens the copy from ",
            gone.trim_start_matches("http://")
        )),
        "{msg}"
    );
    assert!(msg.ends_with("(just now)"), "{msg}");
    opts.mode = CacheMode::Offline;
    let o = open(url, &opts, &quiet).expect("offline");
    assert!(o.from_cache);
    assert!(
        o.notes[0].starts_with(&format!("{url}: offline, showing the copy fetched ")),
        "{:?}",
        o.notes
    );
    // Offline without a copy says so.
    let e = open("https://news.ycombinator.com/item?id=2", &opts, &quiet).expect_err("no copy");
    assert!(e.to_string().contains("no copy of it in the cache"), "{e}");
}

#[test]
fn a_refresh_merges_new_replies_and_marks_them_new() {
    let dir = tempfile::tempdir().unwrap();
    let s = Server::start();
    let first = fixture("hackernews/item.json");
    let mut second: serde_json::Value = serde_json::from_slice(&first).unwrap();
    second["children"]
        .as_array_mut()
        .unwrap()
        .push(serde_json::json!({
            "id": 9000099, "type": "comment", "author": "late_reader",
            "created_at": "2024-03-03T10:00:00.000Z", "created_at_i": 1709460000,
            "text": "<p>Only just saw this. Is the loaf still on sale?</p>",
            "parent_id": 9000001, "story_id": 9000001, "children": []
        }));
    s.route(
        "/hn/items/9000001",
        vec![
            Reply::json(first),
            Reply::json(serde_json::to_vec(&second).unwrap()),
        ],
    );
    let url = "https://news.ycombinator.com/item?id=9000001";
    let opts = options(dir.path(), &s.base);
    let o = open(url, &opts, &quiet).expect("first");
    let home = o.home.clone().expect("a data directory");
    let doc = chorus::load::build_document(o.bundle);
    let visit = refresh::visit(&home, &doc).expect("first visit");
    assert!(visit.new.is_empty());

    let mut opts = opts;
    opts.mode = CacheMode::Refresh;
    let again = open(url, &opts, &quiet).expect("refresh");
    assert!(!again.from_cache);
    let merged = refresh::merge(&doc, again.bundle);
    assert_eq!(merged.remap.len(), doc.len());
    assert!(
        merged
            .remap
            .iter()
            .enumerate()
            .all(|(i, r)| *r == Some(i as u32))
    );
    assert_eq!(merged.added.len(), 1);
    let visit = refresh::visit(&home, &merged.doc).expect("second visit");
    assert_eq!(visit.new, merged.added);
    assert_eq!(merged.doc.post(visit.new[0]).id, "9000099");
}

// ---------------------------------------------------------------------------------------------
// Article pages and their embeds

fn embed(id: &str, url: &str, text: &str) -> PostFile {
    PostFile {
        id: id.into(),
        author: AuthorFile {
            name: "Someone".into(),
            handle: None,
        },
        text: text.into(),
        url: Some(url.into()),
        ..Default::default()
    }
}

#[test]
fn embedded_conversations_are_attached_and_a_failed_one_gets_a_note() {
    let s = Server::start();
    bluesky_routes(&s);
    mastodon_routes(&s);
    let mut page = BundleFile::default();
    page.article.title = "A story".into();
    page.posts = vec![
        embed(
            "bsky-1",
            "https://bsky.app/profile/did:plc:mira111/post/3kfocal",
            "the page's words",
        ),
        embed(
            "masto-1",
            &format!("{}/@mira/110000000000000002", s.base),
            "the page's other words",
        ),
        embed("masto-gone", &format!("{}/@mira/404", s.base), "gone"),
        embed(
            "tweet-1",
            "https://twitter.com/someone/status/123",
            "a tweet",
        ),
        embed(
            "tweet-2",
            "https://x.com/someone/status/456",
            "another tweet",
        ),
    ];
    page.article.blocks = page
        .posts
        .iter()
        .map(|p| BlockFile::Embed { post: p.id.clone() })
        .collect();
    let opts = options(Path::new("/nonexistent"), &s.base);
    let seen = Mutex::new(Vec::new());
    let from = format!("{}/story", s.base);
    chorus::fetch::article::attach_conversations(&opts, &from, &mut page, &|p| {
        seen.lock().unwrap().push(p)
    });
    let under = |id: &str| -> Vec<&PostFile> {
        page.posts
            .iter()
            .filter(|p| p.in_reply_to.as_deref() == Some(id))
            .collect()
    };
    // Bluesky: the focal post's replies hang under the embed; the page keeps its words.
    let bsky: Vec<&str> = under("bsky-1").iter().map(|p| p.id.as_str()).collect();
    assert!(
        bsky.contains(&"at://did:plc:olu222/app.bsky.feed.post/3kr1"),
        "{bsky:?}"
    );
    assert_eq!(page.posts[0].text, "the page's words");
    // Mastodon: ids carry their host; the reply chain continues below.
    let masto = under("masto-1");
    assert_eq!(masto.len(), 1);
    let host = s.base.trim_start_matches("http://");
    assert_eq!(masto[0].id, format!("{host}/110000000000000003"));
    assert_eq!(under(&format!("{host}/110000000000000003")).len(), 1);
    // The failure is a note under its embed, not a failed article.
    let note = under("masto-gone");
    assert_eq!(note.len(), 1);
    assert!(note[0].text_is_description);
    assert!(
        note[0]
            .text
            .starts_with("This post's replies could not be fetched: HTTP 404 Not Found"),
        "{}",
        note[0].text
    );
    // Tweets: one note, under the first.
    assert_eq!(under("tweet-1").len(), 1);
    assert!(under("tweet-1")[0].text.contains("X has no public API"));
    assert!(under("tweet-2").is_empty());
    // Progress counted the three conversations.
    let seen = seen.into_inner().unwrap();
    assert_eq!(seen.first().map(|p| (p.done, p.total)), Some((0, 3)));
    assert_eq!(seen.last().map(|p| (p.done, p.total)), Some((3, 3)));
}

#[test]
fn an_article_page_keeps_its_tweets_and_notes_them_once() {
    let dir = tempfile::tempdir().unwrap();
    let s = Server::start();
    s.route(
        "/2024/03/ferry-loaf",
        vec![Reply::html(fixture("html/article-embeds.html"))],
    );
    let url = format!("{}/2024/03/ferry-loaf?utm_source=feed#comments", s.base);
    let o = open(&url, &options(dir.path(), &s.base), &quiet).expect("opened");
    assert_eq!(o.canonical, format!("{}/2024/03/ferry-loaf", s.base));
    let notes: Vec<&PostFile> = o
        .bundle
        .posts
        .iter()
        .filter(|p| p.author.name == "chorus")
        .collect();
    assert_eq!(notes.len(), 1, "one note for the tweets");
    assert_eq!(
        notes[0].in_reply_to.as_deref(),
        Some("1000000000000000001"),
        "under the first tweet"
    );
    assert_eq!(s.hits()[0].url, "/2024/03/ferry-loaf");
}

/// A page in a legacy encoding, served with its `charset` and not naming one itself, reads in
/// that encoding; the same bytes saved with no charset anywhere read as Windows-1252.
#[test]
fn a_fetched_page_is_read_in_the_charset_the_server_names() {
    let s = Server::start();
    // "Zażółć gęślą jaźń" in ISO-8859-2.
    let words = b"Za\xbf\xf3\xb3\xe6 g\xea\xb6l\xb1 ja\xbc\xf1";
    let mut page = b"<html><head><title>Pangram</title></head><body><article><p>".to_vec();
    page.extend_from_slice(words);
    page.extend_from_slice(b".</p></article></body></html>");
    s.route(
        "/pl/pangram",
        vec![Reply::new(
            200,
            "text/html; charset=\"ISO-8859-2\"",
            page.clone(),
        )],
    );
    // The article's blocks of the page at `path`, fetched into a cache of its own.
    let fetched = |path: &str| {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("{}{path}", s.base);
        let o = open(&url, &options(dir.path(), &s.base), &quiet).expect("opened");
        format!("{:?}", o.bundle.article.blocks)
    };
    let text = fetched("/pl/pangram");
    assert!(text.contains("Zażółć gęślą jaźń."), "{text}");

    s.route("/pl/bare", vec![Reply::new(200, "text/html", page)]);
    let text = fetched("/pl/bare");
    assert!(text.contains("Za¿ó³æ"), "{text}");
}

/// The `net` fuzz target's one stop (docs/FUZZING.md): a fetched page, mangled by the fuzzer,
/// whose tweet's author name holds an escape. The bundle keeps what the page said; the document
/// the reader builds from it holds no control anywhere.
#[test]
fn a_fetched_page_with_an_escape_in_a_name_is_sanitized_in_the_document() {
    let dir = tempfile::tempdir().unwrap();
    let s = Server::start();
    s.route(
        "/news/story.html",
        vec![Reply::html(fixture("fetch/escape-in-a-name.html"))],
    );
    let url = format!("{}/news/story.html", s.base);
    let o = open(&url, &options(dir.path(), &s.base), &quiet).expect("opened");
    assert!(
        o.bundle
            .posts
            .iter()
            .any(|p| p.author.name.contains('\u{1b}')),
        "the page's own words, as fetched"
    );
    let doc = chorus::load::build_document(o.bundle);
    let clean = |t: &str| !t.chars().any(|c| c.is_control() && c != '\n' && c != '\t');
    assert!(clean(&doc.article.title));
    for i in 0..doc.len() as u32 {
        let p = doc.post(i);
        assert!(clean(p.text), "{:?}", p.text);
        assert!(clean(&p.author.name), "{:?}", p.author.name);
    }
}

// ---------------------------------------------------------------------------------------------
// The binary

struct Env {
    dir: tempfile::TempDir,
    vars: Vec<(String, String)>,
}

impl Env {
    fn new(server: &str) -> Env {
        let dir = tempfile::tempdir().unwrap();
        let vars = vec![
            ("CHORUS_BLUESKY_API".into(), server.to_string()),
            ("CHORUS_HN_API".into(), format!("{server}/hn")),
            (
                "CHORUS_CACHE_DIR".into(),
                dir.path().join("cache").display().to_string(),
            ),
            (
                "CHORUS_DATA_DIR".into(),
                dir.path().join("data").display().to_string(),
            ),
            ("CHORUS_TIMEOUT".into(), "5".into()),
        ];
        Env { dir, vars }
    }

    fn set(&mut self, k: &str, v: &str) {
        self.vars.push((k.into(), v.into()));
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(common::BIN);
        cmd.args(args)
            .current_dir(self.dir.path())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .env_remove("NO_COLOR");
        for v in [
            "HTTP_PROXY",
            "http_proxy",
            "HTTPS_PROXY",
            "https_proxy",
            "ALL_PROXY",
            "all_proxy",
        ] {
            cmd.env_remove(v);
        }
        for (k, v) in &self.vars {
            cmd.env(k, v);
        }
        cmd
    }

    fn run(&self, args: &[&str]) -> common::Run {
        let mut child = self.command(args).spawn().expect("spawn chorus");
        let out = common::drain(child.stdout.take().unwrap());
        let err = common::drain(child.stderr.take().unwrap());
        let status = common::wait_deadline(&mut child, &format!("chorus {args:?}"));
        common::Run {
            status,
            stdout: out.join().unwrap(),
            stderr: String::from_utf8(err.join().unwrap()).unwrap(),
        }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
}

#[test]
fn print_fetch_and_convert_take_a_link_and_offline_reads_the_copy() {
    let s = Server::start();
    s.route(
        "/hn/items/9000001",
        vec![Reply::json(fixture("hackernews/item.json"))],
    );
    let env = Env::new(&s.base);
    let url = "https://news.ycombinator.com/item?id=9000001";
    let printed = env.run(&["print", url]);
    assert!(printed.status.success(), "{}", printed.stderr);
    let text = String::from_utf8(printed.stdout.clone()).unwrap();
    assert!(text.contains("A bakery names its sourdough"), "{text}");

    let out = env.path("story.json");
    let fetched = env.run(&["fetch", "--refresh", url, "-o", out.to_str().unwrap()]);
    assert!(fetched.status.success(), "{}", fetched.stderr);
    let doc = chorus::load::load(
        chorus::load::Input::Path(&out),
        None,
        &chorus::load::Limits::default(),
    )
    .expect("a chorus/1 bundle");
    assert!(
        doc.posts().all(|p| p.tone.is_none()),
        "fetch saves no computed tones"
    );
    let names: Vec<_> = std::fs::read_dir(env.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(names.is_empty(), "{names:?}");

    let converted = env.path("converted.json");
    let c = env.run(&["convert", url, "-o", converted.to_str().unwrap()]);
    assert!(c.status.success(), "{}", c.stderr);
    assert!(
        c.stderr.contains("; --refresh fetches it again"),
        "{}",
        c.stderr
    );
    let doc = chorus::load::load(
        chorus::load::Input::Path(&converted),
        None,
        &chorus::load::Limits::default(),
    )
    .unwrap();
    assert!(
        doc.posts().any(|p| p.tone.is_some()),
        "convert gives the reader's tones"
    );

    let hits = s.count("/hn/items/9000001");
    drop(s);
    assert_eq!(
        hits, 2,
        "print fetched, fetch --refresh fetched, convert used the copy"
    );

    let offline = env.run(&["print", "--offline", url]);
    assert!(offline.status.success(), "{}", offline.stderr);
    assert_eq!(offline.stdout, printed.stdout);
    assert!(
        offline
            .stderr
            .contains(": offline, showing the copy fetched "),
        "{}",
        offline.stderr
    );

    let refused = env.run(&["print", "--refresh", url]);
    assert_eq!(refused.status.code(), Some(2));
    assert_eq!(refused.stderr.lines().count(), 1, "{}", refused.stderr);
    assert!(
        refused.stderr.contains("could not reach 127.0.0.1:"),
        "{}",
        refused.stderr
    );
    assert!(
        refused
            .stderr
            .contains("`chorus --offline` opens the copy from"),
        "{}",
        refused.stderr
    );
}

#[test]
fn the_binarys_errors_are_one_line_and_exit_2() {
    let silent = RawServer::start(None);
    let huge = RawServer::start(Some(
        b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 99999999999\r\n\r\n<html>"
            .to_vec(),
    ));
    let mut env = Env::new(&silent.base);
    env.set("CHORUS_TIMEOUT", "1");
    let cases: Vec<(String, &str)> = vec![
        ("https://news.ycombinator.com/item?id=1".into(), "timed out"),
        (
            format!("{}/page", huge.base),
            "is larger than 32 MiB, the most chorus reads",
        ),
        (format!("{}/x", closed_port()), "(connection refused)"),
        (
            "ftp://example.com/x".into(),
            "only http and https addresses can be opened, not ftp:",
        ),
    ];
    for (url, expect) in &cases {
        let start = Instant::now();
        let r = env.run(&["print", url]);
        assert_eq!(r.status.code(), Some(2), "{url}: {}", r.stderr);
        assert_eq!(r.stderr.lines().count(), 1, "{url}: {}", r.stderr);
        assert!(r.stderr.starts_with("chorus: "), "{}", r.stderr);
        assert!(r.stderr.contains(expect), "{url}: {}", r.stderr);
        assert!(start.elapsed() < Duration::from_secs(10));
    }
    let r = env.run(&["--from", "reddit", "https://news.ycombinator.com/item?id=1"]);
    assert_eq!(r.status.code(), Some(2));
    assert!(r.stderr.contains("--from is for files"), "{}", r.stderr);
    env.set("CHORUS_TIMEOUT", "soon");
    let r = env.run(&["print", "https://news.ycombinator.com/item?id=1"]);
    assert_eq!(r.status.code(), Some(2));
    assert!(
        r.stderr
            .contains("CHORUS_TIMEOUT: expected a number of seconds"),
        "{}",
        r.stderr
    );
}

#[test]
fn ctrl_c_stops_a_fetch_cleanly() {
    let silent = RawServer::start(None);
    let mut env = Env::new(&silent.base);
    // Far longer than the test waits: only Ctrl-C can end it in time.
    env.set("CHORUS_TIMEOUT", "60");
    let mut child = env
        .command(&["print", "https://news.ycombinator.com/item?id=1"])
        .spawn()
        .expect("spawn");
    let err = common::drain(child.stderr.take().unwrap());
    let _out = common::drain(child.stdout.take().unwrap());
    // Let it connect and wait for the answer that never comes.
    std::thread::sleep(Duration::from_millis(500));
    let start = Instant::now();
    let status = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .expect("kill");
    assert!(status.success());
    let status = common::wait_deadline(&mut child, "chorus print (interrupted)");
    assert!(
        start.elapsed() < Duration::from_secs(10),
        "took {:?}",
        start.elapsed()
    );
    assert_eq!(status.code(), Some(130));
    let stderr = String::from_utf8(err.join().unwrap()).unwrap();
    assert_eq!(
        stderr.trim_end(),
        "chorus: https://news.ycombinator.com/item?id=1: stopped by Ctrl-C; nothing was saved"
    );
    assert!(cache_files(env.dir.path()).is_empty());
}

#[test]
fn ctrl_c_after_the_fetch_ends_print_as_it_would_for_a_file() {
    // A thread long enough that its printout fills the pipe the test does not read: chorus is
    // then stopped in the middle of writing, after the fetch.
    let children: Vec<serde_json::Value> = (0..3000)
        .map(|i| {
            serde_json::json!({
                "id": 100 + i, "type": "comment", "author": format!("reader{i}"),
                "created_at": "2024-03-03T10:00:00.000Z",
                "text": format!("<p>Comment number {i} on the ferry loaf, kept short.</p>"),
                "parent_id": 1, "children": []
            })
        })
        .collect();
    let item = serde_json::json!({
        "id": 1, "type": "story", "author": "poster", "title": "A long thread",
        "created_at": "2024-03-03T09:00:00.000Z", "children": children
    });
    let s = Server::start();
    s.route(
        "/hn/items/1",
        vec![Reply::json(serde_json::to_vec(&item).unwrap())],
    );
    let env = Env::new(&s.base);
    let mut child = env
        .command(&["print", "https://news.ycombinator.com/item?id=1"])
        .spawn()
        .expect("spawn");
    let err = common::drain(child.stderr.take().unwrap());
    let mut stdout = child.stdout.take().unwrap();
    // The first bytes of the printout: the fetch is over. Then the pipe is left to fill.
    let mut first = [0u8; 1];
    stdout.read_exact(&mut first).expect("chorus prints");
    std::thread::sleep(Duration::from_millis(500));
    assert!(
        child.try_wait().unwrap().is_none(),
        "chorus finished: the printout did not fill the pipe"
    );
    let status = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .expect("kill");
    assert!(status.success());
    let status = common::wait_deadline(&mut child, "chorus print, interrupted while writing");
    drop(stdout);
    use std::os::unix::process::ExitStatusExt;
    assert_eq!(status.signal(), Some(2), "{status:?}");
    let _ = err.join();
}

#[test]
fn an_article_with_two_bluesky_embeds_and_a_mastodon_one_gets_each_conversation() {
    let dir = tempfile::tempdir().unwrap();
    let s = Server::start();
    bluesky_routes(&s);
    mastodon_routes(&s);
    let para = "The harbour office published the spring tide tables on Monday, and the ferry \
                company said the timetable would change for three weeks in April.";
    let page = format!(
        r#"<html><head><title>Tide tables</title></head><body><article>
<h1>Tide tables</h1><p>{para}</p>
<blockquote class="bluesky-embed" data-bluesky-uri="at://did:plc:mira111/app.bsky.feed.post/3kfocal"><p lang="en">Correction: high tide on Tuesday.</p>&mdash; Mira (<a href="https://bsky.app/profile/did:plc:mira111">@mira.example</a>)</blockquote>
<p>{para}</p>
<blockquote class="bluesky-embed" data-bluesky-uri="at://did:plc:olu222/app.bsky.feed.post/3kr1"><p lang="en">Thanks for checking!</p>&mdash; Olu (<a href="https://bsky.app/profile/did:plc:olu222">@olu.example</a>)</blockquote>
<p>{para}</p>
<iframe src="{base}/@mira/110000000000000002/embed" class="mastodon-embed" width="400"></iframe>
<p>{para}</p>
</article></body></html>"#,
        base = s.base
    );
    s.route("/2024/05/tides", vec![Reply::html(page)]);
    let url = format!("{}/2024/05/tides", s.base);
    let o = open(&url, &options(dir.path(), &s.base), &quiet).expect("opened");
    let posts = &o.bundle.posts;
    let under = |id: &str| -> Vec<&str> {
        posts
            .iter()
            .filter(|p| p.in_reply_to.as_deref() == Some(id))
            .map(|p| p.id.as_str())
            .collect()
    };
    let focal = "at://did:plc:mira111/app.bsky.feed.post/3kfocal";
    let second = "at://did:plc:olu222/app.bsky.feed.post/3kr1";
    // The first Bluesky post's replies hang under it. The second embed is one of them, but it
    // is quoted by the article itself: it stays one post, a quote, with its own reply below.
    assert!(
        under(focal).contains(&"at://did:plc:kai555/app.bsky.feed.post/3kr4"),
        "{:?}",
        under(focal)
    );
    assert!(!under(focal).contains(&second));
    assert_eq!(posts.iter().filter(|p| p.id == second).count(), 1);
    assert_eq!(
        under(second),
        ["at://did:plc:mira111/app.bsky.feed.post/3kr11"]
    );
    // The Mastodon post: its words filled in from the server, its reply below it.
    let host = s.base.trim_start_matches("http://");
    let masto = format!("{host}/@mira/110000000000000002");
    let embed = posts
        .iter()
        .find(|p| p.id == masto)
        .expect("the Mastodon embed");
    assert!(!embed.text_is_description, "{}", embed.text);
    assert_eq!(under(&masto), [format!("{host}/110000000000000003")]);
    // All three are quoted in the article, in the page's order.
    let quoted: Vec<&str> = o
        .bundle
        .article
        .blocks
        .iter()
        .filter_map(|b| match b {
            BlockFile::Embed { post } => Some(post.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(quoted, [focal, second, masto.as_str()]);
    assert_eq!(s.count("/xrpc/app.bsky.feed.getPostThread"), 2);
}
