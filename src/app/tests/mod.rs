//! State transitions: every action on small documents built here, so each expectation is visible.

mod arrival;
mod link;
mod list_walk;
mod quotes_and_panes;
mod regressions;
mod search;
mod tones;
mod tree;

use super::*;
use crate::load::build_document;
use crate::load::bundle::{ArticleFile, AuthorFile, BlockFile, BundleFile, PostFile};
use crate::model::{PostIdx, ToneKey, ToneOrigin};

pub(super) fn doc(posts: usize, tones: &[Option<&str>], embeds: &[usize]) -> Document {
    build_document(bundle(posts, tones, embeds))
}

/// Three neutral posts, the first with this URL.
pub(super) fn doc_with_url(url: &str) -> Document {
    let mut b = bundle(3, &[Some("neutral")], &[]);
    b.posts[0].url = Some(url.to_string());
    build_document(b)
}

pub(super) fn bundle(posts: usize, tones: &[Option<&str>], embeds: &[usize]) -> BundleFile {
    let mut blocks = Vec::new();
    for i in 0..12 {
        blocks.push(BlockFile::Paragraph {
            text: format!(
                "Paragraph {i} says something long enough to need a line or two of its own here."
            ),
        });
        if let Some(&e) = embeds.get(i / 2).filter(|_| i % 2 == 1) {
            blocks.push(BlockFile::Embed {
                post: format!("p{e}"),
            });
        }
    }
    let posts = (0..posts)
        .map(|i| PostFile {
            id: format!("p{i}"),
            author: AuthorFile {
                name: format!("Author {i}"),
                handle: Some(format!("a{i}")),
            },
            text: format!("Post {i} text."),
            in_reply_to: (i > 0).then(|| "p0".to_string()),
            tone: tones[i % tones.len()].map(String::from),
            ..Default::default()
        })
        .collect();
    BundleFile {
        format: Some("chorus/1".into()),
        article: ArticleFile {
            title: "Title".into(),
            blocks,
            ..Default::default()
        },
        posts,
    }
}

pub(super) fn app(doc: Document) -> App {
    let mut app = App::new(doc, Theme::new(true));
    app.update(Action::Resize {
        width: 120,
        height: 40,
    });
    app
}

pub(super) fn three_tone_app() -> App {
    // Tones cycle supportive, critical, untagged: legend = [supportive, critical, untagged].
    app(doc(
        9,
        &[Some("supportive"), Some("critical"), None],
        &[0, 1, 2, 3, 4, 5],
    ))
}

/// The picker's post and highlighted place, when it is open.
pub(super) fn picker(a: &App) -> Option<(PostIdx, usize)> {
    match &a.overlay {
        Some(Overlay::TonePicker(p)) => Some((p.post(), p.cursor())),
        _ => None,
    }
}

/// The posts listed as full entries (context rows left out), in list order.
pub(super) fn shown(a: &App) -> Vec<PostIdx> {
    a.replies
        .list()
        .rows
        .iter()
        .filter(|r| !r.context)
        .map(|r| r.post)
        .collect()
}

// ---- reply trees ------------------------------------------------------------------------

/// A small tree, in file order:
/// p0 ─ p1 ─ p2
///    │    └ p3
///    └ p4
/// p5 ─ p6
/// and p7 replying to a post that is not in the file.
pub(super) fn tree_app(tones: [Option<&str>; 8]) -> App {
    let parents = [
        None,
        Some("p0"),
        Some("p1"),
        Some("p1"),
        Some("p0"),
        None,
        Some("p5"),
        Some("gone"),
    ];
    let posts = (0..8)
        .map(|i| PostFile {
            id: format!("p{i}"),
            author: AuthorFile {
                name: format!("Author {i}"),
                handle: None,
            },
            text: format!(
                "Post {i} about the tide and the {} set.",
                if i % 2 == 0 { "first" } else { "second" }
            ),
            created_at: Some(format!("2024-01-01T00:{:02}:00Z", 59 - i * 7)),
            in_reply_to: parents[i].map(String::from),
            tone: tones[i].map(String::from),
            ..Default::default()
        })
        .collect();
    let blocks = vec![
        BlockFile::Paragraph {
            text: "The tide came in during the first set.".into(),
        },
        BlockFile::Embed { post: "p2".into() },
        BlockFile::Paragraph {
            text: "Nobody minded.".into(),
        },
    ];
    app(build_document(BundleFile {
        format: Some("chorus/1".into()),
        article: ArticleFile {
            title: "Tides".into(),
            blocks,
            ..Default::default()
        },
        posts,
    }))
}

pub(super) fn all_supportive() -> App {
    tree_app([Some("supportive"); 8])
}

pub(super) fn select(a: &mut App, post: PostIdx) {
    assert!(a.replies.select_post(post), "p{post} is listed");
}

pub(super) fn search(a: &mut App, q: &str) {
    a.update(Action::SearchStart);
    for c in q.chars() {
        a.update(Action::SearchInput(c));
    }
}

/// The posts among the search's matches, in match order.
pub(super) fn post_matches(a: &App) -> Vec<PostIdx> {
    let matches = a.search.query().map_or(&[][..], |q| &q.matches[..]);
    matches
        .iter()
        .filter_map(|m| {
            if let Match::Post(p) = m {
                Some(*p)
            } else {
                None
            }
        })
        .collect()
}
