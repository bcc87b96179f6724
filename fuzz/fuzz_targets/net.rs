//! Opening a link against a server on 127.0.0.1 that answers with what the fuzzer chose: the
//! whole path of a fetched answer (HTTP status and type, the services' JSON, an article page and
//! the conversations of the posts it embeds, Reddit's "more replies" calls, the cache written
//! after) gives an error or a document, never a panic, and no escape or C1 control reaches the
//! document the reader would build from it.
//!
//! The input: one byte picks the link (an article page, a Bluesky, Mastodon, Reddit or Hacker
//! News thread), then the answers in the order the requests come, separated by `0xff` (which
//! UTF-8 text never holds). Each answer's first byte picks its status and `Content-Type`; the
//! rest is its body. A request past the last answer gets a 404.
#![no_main]

use std::collections::VecDeque;
use std::io::{Read, Write};
use std::net::TcpListener;
use std::sync::{Mutex, OnceLock};
use std::time::Duration;

use chorus::fetch::{CacheMode, Cancel, Dirs, FRESH_FOR, NetConfig, OpenOptions, Services, open};
use libfuzzer_sys::fuzz_target;

/// The answers still to give, in order.
static ANSWERS: Mutex<VecDeque<Vec<u8>>> = Mutex::new(VecDeque::new());

/// `http://127.0.0.1:PORT` of the one server of this process.
fn server() -> &'static str {
    static BASE: OnceLock<String> = OnceLock::new();
    BASE.get_or_init(|| {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        let port = listener.local_addr().expect("an address").port();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut s) = stream else { continue };
                let _ = s.set_read_timeout(Some(Duration::from_secs(2)));
                let mut head = Vec::new();
                let mut byte = [0u8; 1];
                while !head.ends_with(b"\r\n\r\n") && head.len() < 64 * 1024 {
                    match s.read(&mut byte) {
                        Ok(1) => head.push(byte[0]),
                        _ => break,
                    }
                }
                let answer = ANSWERS.lock().unwrap_or_else(|e| e.into_inner()).pop_front();
                let reply = match answer {
                    Some(a) => reply(&a),
                    None => b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                        .to_vec(),
                };
                let _ = s.write_all(&reply);
            }
        });
        format!("http://127.0.0.1:{port}")
    })
}

/// An HTTP answer from one chunk of the input: its first byte picks the status and type.
fn reply(chunk: &[u8]) -> Vec<u8> {
    let (&pick, body) = chunk.split_first().unwrap_or((&0, &[]));
    let status = match pick & 0x0f {
        0..=9 => "200 OK",
        10 => "404 Not Found",
        11 => "429 Too Many Requests",
        12 => "500 Internal Server Error",
        13 => "403 Forbidden",
        14 => "204 No Content",
        _ => "503 Service Unavailable",
    };
    let kind = match pick >> 4 {
        0..=7 => Some("application/json; charset=utf-8"),
        8..=11 => Some("text/html; charset=utf-8"),
        12 => Some("text/plain"),
        13 => Some("application/xhtml+xml"),
        _ => None,
    };
    let mut out = format!("HTTP/1.1 {status}\r\nConnection: close\r\n").into_bytes();
    if let Some(k) = kind {
        out.extend_from_slice(format!("Content-Type: {k}\r\n").as_bytes());
    }
    out.extend_from_slice(format!("Content-Length: {}\r\n\r\n", body.len()).as_bytes());
    out.extend_from_slice(body);
    out
}

fn options(base: &str, cache: &std::path::Path, reddit_more: usize) -> OpenOptions {
    OpenOptions {
        mode: CacheMode::Refresh,
        net: NetConfig {
            connect_timeout: Duration::from_secs(2),
            timeout: Duration::from_secs(4),
            retries: 1,
            retry_base: Duration::from_millis(1),
            max_retry_wait: Duration::from_millis(5),
            use_env_proxy: false,
            ..NetConfig::default()
        },
        services: Services {
            bluesky_api: base.to_string(),
            hn_api: format!("{base}/hn"),
            reddit_more,
        },
        dirs: Dirs {
            cache: Some(cache.join("cache")),
            data: Some(cache.join("data")),
        },
        fresh_for: FRESH_FOR,
        cancel: Cancel::new(),
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let base = server();
    let link = match pick % 5 {
        0 => format!("{base}/news/story.html"),
        1 => "https://bsky.app/profile/mira.bsky.example/post/3kfocal".to_string(),
        2 => format!("{base}/@mira/110000000000000002"),
        3 => format!("{base}/r/harbourtown/comments/abc123/"),
        _ => "https://news.ycombinator.com/item?id=9000001".to_string(),
    };
    {
        let mut answers = ANSWERS.lock().unwrap_or_else(|e| e.into_inner());
        answers.clear();
        answers.extend(rest.split(|&b| b == 0xff).map(<[u8]>::to_vec));
    }
    let cache = std::env::temp_dir().join(format!("chorus-fuzz-net-{}", std::process::id()));
    let opts = options(base, &cache, usize::from(pick / 5 % 4) * 100);
    if let Ok(opened) = open(&link, &opts, &|_| {}) {
        // What was fetched is a bundle as a file would give; the reader builds it into a
        // document, which is where every string is sanitized.
        let doc = chorus::load::build_document(opened.bundle);
        let clean = |s: &str| !s.chars().any(|c| c == '\u{1b}' || ('\u{80}'..='\u{9f}').contains(&c));
        assert!(clean(&doc.article.title), "a control reached the title");
        for i in 0..doc.len() as u32 {
            let p = doc.post(i);
            assert!(clean(p.text), "a control reached a post's text");
            assert!(clean(&p.author.name), "a control reached a name");
            assert!(p.author.handle.as_deref().is_none_or(clean), "a control reached a handle");
        }
    }
});
