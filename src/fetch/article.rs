//! An article page and the conversations of the posts it embeds.
//!
//! The page is read by the same importer as a saved page. Then every embedded post whose
//! address is a Bluesky, Mastodon or Reddit post gets its conversation fetched, [`WORKERS`] at a
//! time, and the replies are attached under the embedded post (the post itself keeps the words
//! the page shows). A conversation that cannot be fetched does not fail the article: a note
//! under its embed says why. Embedded tweets keep the page's text; X has no public API for
//! replies, so a note under the first one says once where their replies can be read from.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::answer::is_page;
use super::error::ErrorKind;
use super::http::{Answer, Client};
use super::threads::{self, Services, Thread};
use super::url::{Target, is_tweet};
use crate::load::bundle::{AuthorFile, BlockFile, BundleFile, PostFile};
use crate::load::{Format, Limits, decode_page, read_bundle};

/// Embedded conversations fetched at the same time.
pub const WORKERS: usize = 4;

/// The author named on chorus's own notes under a post.
pub const NOTE_AUTHOR: &str = "chorus";

/// What chorus says under the first embedded tweet.
pub const TWEET_NOTE: &str = "Replies to embedded tweets are not fetched: X has no public API \
     for them. To read a tweet's replies, open a Twitter archive (tweets.js) or a Twitter API v2 \
     result with chorus (see docs/formats.md).";

/// What chorus says under an embed it will not follow inward.
pub const INWARD_NOTE: &str = "This post's replies were not fetched: the page is from the \
     internet, and the post's address is on this computer or its local network, which a page \
     must not make chorus reach.";

/// Whether following an embed would take a page from the internet to this computer or the
/// local network (a loopback, private or link-local address, or `localhost`), as browsers
/// refuse too: a page must not make chorus probe the network it runs in. A page from such an
/// address may embed posts from one (an intranet, a test server).
pub fn reaches_inward(page: &str, target: &Target) -> bool {
    let host = match target {
        Target::Mastodon { origin, .. } | Target::Reddit { origin, .. } => origin.as_str(),
        // Read from the configured AppView, not from the embed's host.
        _ => return false,
    };
    is_inward(&super::url::hostname_of(host)) && !is_inward(&super::url::hostname_of(page))
}

/// A host name or address on this computer or its local network.
fn is_inward(host: &str) -> bool {
    use std::net::IpAddr;
    let host = host.trim_start_matches('[').trim_end_matches(']');
    if host == "localhost" || host.ends_with(".localhost") {
        return true;
    }
    match host.parse::<IpAddr>() {
        Ok(IpAddr::V4(a)) => {
            a.is_loopback() || a.is_private() || a.is_link_local() || a.is_unspecified()
        }
        Ok(IpAddr::V6(a)) => {
            a.is_loopback()
                || a.is_unspecified()
                || a.is_unique_local()
                || a.is_unicast_link_local()
                || a.to_ipv4_mapped()
                    .is_some_and(|v4| v4.is_loopback() || v4.is_private() || v4.is_link_local())
        }
        Err(_) => false,
    }
}

/// How far the embeds are, for progress.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct EmbedProgress {
    pub done: usize,
    pub total: usize,
    /// Replies fetched so far, over all embeds.
    pub replies: usize,
}

/// Reads a fetched page as an article, or says what it is instead.
pub fn read_page(name: &str, answer: &Answer) -> Result<BundleFile, ErrorKind> {
    if !is_page(&answer.body, answer.content_type.as_deref()) {
        let found = match answer.content_type.as_deref() {
            Some(ct) => ct.to_string(),
            None if answer.body.is_empty() => "empty".to_string(),
            None => "not HTML".to_string(),
        };
        return Err(ErrorKind::Unsupported { found });
    }
    // A page that is not UTF-8 is in the encoding the server names, over what the page says.
    let decoded;
    let bytes = match (&answer.charset, std::str::from_utf8(&answer.body)) {
        (Some(charset), Err(_)) => {
            decoded = decode_page(&answer.body, Some(charset));
            decoded.as_bytes()
        }
        _ => &answer.body,
    };
    let (_, mut bundle) = read_bundle(
        crate::load::Input::Bytes {
            name: Path::new(name),
            bytes,
        },
        Some(Format::Html),
        &Limits::default(),
    )?;
    if bundle.article.url.is_none() {
        bundle.article.url = Some(answer.final_url.clone());
    }
    Ok(bundle)
}

/// A post the article embeds whose conversation can be fetched.
struct Job {
    embed: String,
    target: Target,
    url: String,
}

/// Fetches the conversation of every embedded post of `bundle` that has one and attaches it
/// under the post; notes the tweets. `progress` is told as conversations come in. (What
/// [`super::open`] does for an article page after reading it.)
///
/// `page` is the address the page was fetched from (after redirects): an embed on a page from
/// the internet that points at this machine or the local network is not fetched (see
/// [`reaches_inward`]).
pub fn attach_conversations(
    opts: &super::OpenOptions,
    page: &str,
    bundle: &mut BundleFile,
    progress: &(dyn Fn(EmbedProgress) + Sync),
) {
    let client = Client::new(opts.net.clone(), opts.cancel.clone());
    attach(&client, &opts.services, page, bundle, progress);
}

pub(crate) fn attach(
    client: &Client,
    services: &Services,
    page: &str,
    bundle: &mut BundleFile,
    progress: &(dyn Fn(EmbedProgress) + Sync),
) {
    let jobs = plan(page, bundle);
    if jobs.is_empty() {
        return;
    }

    let total = jobs.len();
    let done = AtomicUsize::new(0);
    let replies = AtomicUsize::new(0);
    progress(EmbedProgress {
        done: 0,
        total,
        replies: 0,
    });
    let results = run_jobs(&jobs, WORKERS, |job| {
        let result = threads::fetch(client, services, &job.target, &job.url, &|_| {});
        if let Ok(t) = &result {
            replies.fetch_add(t.bundle.posts.len().saturating_sub(1), Ordering::SeqCst);
        }
        let d = done.fetch_add(1, Ordering::SeqCst) + 1;
        progress(EmbedProgress {
            done: d,
            total,
            replies: replies.load(Ordering::SeqCst),
        });
        result
    });
    for (job, result) in jobs.iter().zip(results) {
        match result {
            Some(Ok(thread)) => graft(bundle, &job.embed, &job.target, thread),
            Some(Err(ErrorKind::Interrupted)) | None => return,
            Some(Err(why)) => {
                let text = format!("This post's replies could not be fetched: {why}.");
                bundle
                    .posts
                    .push(note(&job.embed, "replies-not-fetched", &text));
            }
        }
    }
}

/// The conversations to fetch: one job per embedded post whose service has a thread API.
/// Embeds that will get no replies get a note saying why: the first tweet (X has no public
/// API for replies), and posts whose address is on this computer or its local network while
/// the page is from the internet.
fn plan(page: &str, bundle: &mut BundleFile) -> Vec<Job> {
    let mut seen = HashSet::new();
    let embedded: Vec<String> = bundle
        .article
        .blocks
        .iter()
        .filter_map(|b| match b {
            BlockFile::Embed { post } if seen.insert(post.clone()) => Some(post.clone()),
            _ => None,
        })
        .collect();
    let urls: HashMap<&str, &str> = bundle
        .posts
        .iter()
        .filter_map(|p| Some((p.id.as_str(), p.url.as_deref()?)))
        .collect();
    let mut jobs = Vec::new();
    let mut first_tweet = None;
    let mut refused = Vec::new();
    for id in &embedded {
        let Some(url) = urls.get(id.as_str()) else {
            continue;
        };
        match Target::parse(url) {
            Ok(target) if target.has_thread_api() && reaches_inward(page, &target) => {
                refused.push(id.clone());
            }
            Ok(target) if target.has_thread_api() => jobs.push(Job {
                embed: id.clone(),
                target,
                url: url.to_string(),
            }),
            _ if first_tweet.is_none() && is_tweet(url) => first_tweet = Some(id.clone()),
            _ => {}
        }
    }
    drop(urls);
    if let Some(tweet) = first_tweet {
        bundle.posts.push(note(&tweet, "x-replies", TWEET_NOTE));
    }
    for id in refused {
        bundle
            .posts
            .push(note(&id, "replies-not-fetched", INWARD_NOTE));
    }
    jobs
}

/// A note of chorus's own under a post: marked as a description, so it is never tagged or taken
/// for anyone's words.
fn note(under: &str, what: &str, text: &str) -> PostFile {
    PostFile {
        id: format!("{under}#chorus-{what}"),
        author: AuthorFile {
            name: NOTE_AUTHOR.into(),
            handle: None,
        },
        text: text.into(),
        in_reply_to: Some(under.to_string()),
        text_is_description: true,
        ..Default::default()
    }
}

/// Runs `f` over the jobs on up to `workers` threads; results in the jobs' order (`None` for a
/// job a panicking worker never finished).
fn run_jobs<J: Sync, T: Send>(
    jobs: &[J],
    workers: usize,
    f: impl Fn(&J) -> T + Sync,
) -> Vec<Option<T>> {
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<T>>> = Mutex::new((0..jobs.len()).map(|_| None).collect());
    std::thread::scope(|s| {
        for _ in 0..workers.clamp(1, jobs.len().max(1)) {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::SeqCst);
                    let Some(job) = jobs.get(i) else {
                        break;
                    };
                    let r = f(job);
                    results.lock().unwrap_or_else(|e| e.into_inner())[i] = Some(r);
                }
            });
        }
    });
    results.into_inner().unwrap_or_else(|e| e.into_inner())
}

/// Attaches a conversation under the embedded post `embed`: the post the link names becomes the
/// embed (filling in what the page lacked), and every reply below it is added. Posts the
/// document already has are not added twice. Mastodon ids are numbers per instance, so they get
/// the instance's host in front.
fn graft(bundle: &mut BundleFile, embed: &str, target: &Target, thread: Thread) {
    let Thread {
        bundle: conversation,
        focal,
        ..
    } = thread;
    let prefix = match target {
        Target::Mastodon { origin, .. } => Some(super::url::host_of(origin)),
        _ => None,
    };
    let rename = |id: &str| -> String {
        if id == focal {
            embed.to_string()
        } else {
            match &prefix {
                Some(p) => format!("{p}/{id}"),
                None => id.to_string(),
            }
        }
    };
    // The focal post and everything below it, in the conversation's order.
    let mut children: HashMap<&str, Vec<&str>> = HashMap::new();
    for p in &conversation.posts {
        if let Some(parent) = p.in_reply_to.as_deref() {
            children.entry(parent).or_default().push(p.id.as_str());
        }
    }
    let mut below: HashSet<&str> = HashSet::new();
    let mut stack = vec![focal.as_str()];
    while let Some(id) = stack.pop() {
        if below.insert(id) {
            stack.extend(children.get(id).into_iter().flatten());
        }
    }
    let mut have: HashSet<String> = bundle.posts.iter().map(|p| p.id.clone()).collect();
    let mut added = Vec::new();
    for p in &conversation.posts {
        if !below.contains(p.id.as_str()) {
            continue;
        }
        if p.id == focal {
            if let Some(e) = bundle.posts.iter_mut().find(|e| e.id == embed) {
                fill(e, p);
            }
            continue;
        }
        let id = rename(&p.id);
        if !have.insert(id.clone()) {
            continue;
        }
        let mut p = p.clone();
        p.id = id;
        p.in_reply_to = p.in_reply_to.as_deref().map(rename);
        added.push(p);
    }
    bundle.posts.extend(added);
}

/// The embed keeps the page's words; what the page did not give is taken from the service.
fn fill(embed: &mut PostFile, from: &PostFile) {
    if embed.created_at.is_none() {
        embed.created_at.clone_from(&from.created_at);
    }
    if embed.author.handle.is_none() {
        embed.author.handle.clone_from(&from.author.handle);
    }
    if embed.author.name.trim().is_empty() {
        embed.author.name.clone_from(&from.author.name);
    }
    if embed.text_is_description && !from.text_is_description && !from.text.trim().is_empty() {
        embed.text.clone_from(&from.text);
        embed.text_is_description = false;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn post(id: &str, parent: Option<&str>, text: &str) -> PostFile {
        PostFile {
            id: id.into(),
            in_reply_to: parent.map(Into::into),
            text: text.into(),
            ..Default::default()
        }
    }

    fn article(posts: Vec<PostFile>) -> BundleFile {
        let mut b = BundleFile::default();
        b.article.blocks = posts
            .iter()
            .map(|p| BlockFile::Embed { post: p.id.clone() })
            .collect();
        b.posts = posts;
        b
    }

    #[test]
    fn replies_go_under_the_embed_and_ancestors_stay_out() {
        let mut page = article(vec![post("embed-1", None, "the page's words")]);
        page.posts[0].text_is_description = false;
        let conversation = BundleFile {
            posts: vec![
                post("at://a/root", None, "an ancestor"),
                post("at://a/focal", Some("at://a/root"), "the service's words"),
                post("at://b/r1", Some("at://a/focal"), "a reply"),
                post("at://c/r2", Some("at://b/r1"), "a reply to the reply"),
                post("at://d/side", Some("at://a/root"), "another branch"),
            ],
            ..Default::default()
        };
        let target = Target::Bluesky {
            actor: "did:plc:a".into(),
            rkey: "focal".into(),
        };
        let thread = Thread {
            bundle: conversation,
            focal: "at://a/focal".into(),
            notes: vec![],
        };
        graft(&mut page, "embed-1", &target, thread);
        let ids: Vec<(&str, Option<&str>)> = page
            .posts
            .iter()
            .map(|p| (p.id.as_str(), p.in_reply_to.as_deref()))
            .collect();
        assert_eq!(
            ids,
            [
                ("embed-1", None),
                ("at://b/r1", Some("embed-1")),
                ("at://c/r2", Some("at://b/r1")),
            ]
        );
        assert_eq!(page.posts[0].text, "the page's words");
    }

    #[test]
    fn mastodon_ids_carry_their_host_and_nothing_is_added_twice() {
        let mut page = article(vec![post("https://m.example/@a/1", None, "")]);
        page.posts[0].text_is_description = true;
        let conversation = BundleFile {
            posts: vec![post("1", None, "words"), post("2", Some("1"), "reply")],
            ..Default::default()
        };
        let target = Target::Mastodon {
            origin: "https://m.example".into(),
            user: "a".into(),
            id: "1".into(),
        };
        for _ in 0..2 {
            let thread = Thread {
                bundle: conversation.clone(),
                focal: "1".into(),
                notes: vec![],
            };
            graft(&mut page, "https://m.example/@a/1", &target, thread);
        }
        assert_eq!(page.posts.len(), 2);
        assert_eq!(page.posts[1].id, "m.example/2");
        assert_eq!(
            page.posts[1].in_reply_to.as_deref(),
            Some("https://m.example/@a/1")
        );
        // The page had no words for it: the service's are used.
        assert_eq!(page.posts[0].text, "words");
        assert!(!page.posts[0].text_is_description);
    }

    #[test]
    fn a_page_from_the_internet_does_not_reach_inward() {
        let masto = |origin: &str| Target::Mastodon {
            origin: origin.into(),
            user: "a".into(),
            id: "1".into(),
        };
        let public = "https://news.example/story";
        for inward in [
            "http://127.0.0.1:8080",
            "http://localhost",
            "http://192.168.1.1",
            "http://10.0.0.2",
            "http://169.254.169.254",
            "http://[::1]:80",
            "http://[fd00::1]",
            "http://[::ffff:127.0.0.1]",
        ] {
            assert!(reaches_inward(public, &masto(inward)), "{inward}");
            assert!(
                !reaches_inward("http://127.0.0.1:9000/page", &masto(inward)),
                "a local page may embed a local post: {inward}"
            );
        }
        assert!(!reaches_inward(public, &masto("https://mastodon.example")));
        assert!(!reaches_inward(public, &masto("http://8.8.8.8")));
        let bsky = Target::Bluesky {
            actor: "did:plc:a".into(),
            rkey: "k".into(),
        };
        assert!(!reaches_inward(public, &bsky), "read from the AppView");
    }

    #[test]
    fn jobs_run_in_parallel_and_keep_their_order() {
        let jobs: Vec<usize> = (0..10).collect();
        let out = run_jobs(&jobs, 3, |j| j * 2);
        assert_eq!(
            out,
            (0..10).map(|j| Some(j * 2)).collect::<Vec<_>>(),
            "results in job order"
        );
        assert!(run_jobs(&Vec::<usize>::new(), 4, |j| *j).is_empty());
    }
}
