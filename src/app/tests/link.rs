//! A document from a link: `r` asks for a fetch, the merged answer keeps the reader's place,
//! folds and corrections, and the new posts are marked and reachable with `u`/`U`.

use super::*;
use crate::fetch::refresh::merge;

const URL: &str = "https://news.example/item?id=1";

/// p0 starts the thread; p1..p5 answer it; p6 answers p1.
fn thread(extra: &[(&str, &str, &str)]) -> BundleFile {
    let mut b = bundle(6, &[Some("supportive")], &[0]);
    b.posts.push(PostFile {
        id: "p6".into(),
        author: AuthorFile {
            name: "Author 6".into(),
            handle: None,
        },
        text: "Post 6 text.".into(),
        in_reply_to: Some("p1".into()),
        tone: Some("supportive".into()),
        ..Default::default()
    });
    for &(id, parent, tone) in extra {
        b.posts.push(PostFile {
            id: id.into(),
            author: AuthorFile {
                name: format!("Author {id}"),
                handle: None,
            },
            text: format!("{id} arrived later."),
            in_reply_to: Some(parent.into()),
            tone: Some(tone.into()),
            ..Default::default()
        });
    }
    b
}

fn opened(new: Vec<PostIdx>) -> App {
    let mut a = app(build_document(thread(&[])));
    a.update(Action::LinkOpened {
        url: URL.into(),
        new,
        since: Some(jiff::Timestamp::UNIX_EPOCH),
    });
    a
}

/// What the loop does with a fetch's answer: merge it with the document shown.
fn refetched(a: &mut App, fresh: BundleFile) -> Effect {
    let merged = merge(a.doc(), fresh);
    a.update(Action::Refetched(Box::new(Refetched {
        doc: Box::new(merged.doc),
        remap: merged.remap,
        added: merged.added,
    })))
}

fn selected_id(a: &App) -> String {
    let p = a.replies.selected_post().expect("a selection");
    a.doc.post(p).id.to_string()
}

fn id(a: &App, id: &str) -> PostIdx {
    a.doc.find(id).expect("the post")
}

#[test]
fn r_on_a_file_says_it_fetches_links_only() {
    let mut a = app(build_document(thread(&[])));
    assert_eq!(a.update(Action::Refresh), Effect::None);
    assert!(a.message().unwrap().contains("opened from a file"));
    assert!(a.update(Action::NextNew) == Effect::None);
    assert!(a.message().unwrap().contains("for links"));
}

#[test]
fn r_asks_for_one_fetch_at_a_time_and_shows_its_progress() {
    let mut a = opened(Vec::new());
    assert_eq!(a.update(Action::Refresh), Effect::Refresh(URL.into()));
    a.update(Action::Refetching(
        "article… 1 of 2 embedded conversations".into(),
    ));
    assert_eq!(
        a.link().and_then(|l| l.fetching.as_deref()),
        Some("fetching again: article… 1 of 2 embedded conversations")
    );
    assert_eq!(a.update(Action::Refresh), Effect::None);
    assert!(a.message().unwrap().contains("already fetching"));
    a.update(Action::RefetchFailed("could not reach news.example".into()));
    assert!(a.link().unwrap().fetching.is_none());
    assert_eq!(
        a.message(),
        Some("could not fetch it again: could not reach news.example")
    );
    // Once it failed, r may try again.
    assert_eq!(a.update(Action::Refresh), Effect::Refresh(URL.into()));
}

#[test]
fn r_waits_while_tones_are_computed() {
    let mut a = opened(Vec::new());
    a.update(Action::TaggingStarted(10));
    assert_eq!(a.update(Action::Refresh), Effect::None);
    assert!(a.message().unwrap().contains("computing tones"));
}

#[test]
fn a_refresh_keeps_place_folds_and_corrections_and_marks_what_is_new() {
    let mut a = opened(Vec::new());
    a.update(Action::FocusNext);
    // A correction, a fold, and the selection on p3.
    select(&mut a, 2);
    a.update(Action::PickTone);
    a.update(Action::ChooseTone(5)); // critical
    select(&mut a, 1);
    a.update(Action::ToggleFold);
    assert!(a.replies.is_folded(1));
    select(&mut a, 3);
    let top = a.replies.list().top;
    a.update(Action::Refresh);

    let fresh = thread(&[("p7", "p2", "humorous"), ("p8", "p1", "critical")]);
    assert_eq!(refetched(&mut a, fresh), Effect::None);
    assert_eq!(selected_id(&a), "p3");
    assert_eq!(a.replies.list().top, top, "the view did not move");
    assert!(a.replies.is_folded(id(&a, "p1")));
    let p2 = id(&a, "p2");
    assert_eq!(a.doc.tones.name(a.doc.post(p2).tone.unwrap()), "critical");
    assert_eq!(a.doc.post(p2).tone_origin, ToneOrigin::Corrected);
    assert_eq!(a.new_posts().count(), 2);
    assert!(a.new_posts().is_new(id(&a, "p7")) && a.new_posts().is_new(id(&a, "p8")));
    assert!(!a.new_posts().is_new(p2));
    assert_eq!(
        a.message(),
        Some("fetched again: 2 new posts (u goes to the next)")
    );
    assert!(a.link().unwrap().fetching.is_none());

    // u: after p3 in thread order (p0 p1 [p6 p8] p2 p7 p3 p4 p5) it wraps to p8, unfolding p1.
    a.update(Action::NextNew);
    assert_eq!(selected_id(&a), "p8");
    assert!(!a.replies.is_folded(id(&a, "p1")));
    assert_eq!(a.message(), Some("new post 1 of 2"));
    a.update(Action::NextNew);
    assert_eq!(selected_id(&a), "p7");
    assert_eq!(a.message(), Some("new post 2 of 2"));
    a.update(Action::PrevNew);
    assert_eq!(selected_id(&a), "p8");
    a.update(Action::PrevNew);
    assert_eq!(selected_id(&a), "p7", "wraps around backwards");
}

#[test]
fn a_second_refresh_keeps_the_first_ones_new_posts_marked() {
    let mut a = opened(Vec::new());
    a.update(Action::Refresh);
    refetched(&mut a, thread(&[("p7", "p2", "humorous")]));
    a.update(Action::Refresh);
    refetched(
        &mut a,
        thread(&[("p7", "p2", "humorous"), ("p8", "p7", "neutral")]),
    );
    assert_eq!(a.new_posts().count(), 2);
    assert_eq!(
        a.message(),
        Some("fetched again: 1 new post (u goes to it)")
    );
    a.update(Action::Refresh);
    refetched(
        &mut a,
        thread(&[("p7", "p2", "humorous"), ("p8", "p7", "neutral")]),
    );
    assert_eq!(a.message(), Some("fetched again: nothing new"));
    assert_eq!(a.new_posts().count(), 2);
}

#[test]
fn posts_new_since_the_last_visit_are_marked_when_the_link_opens() {
    let mut a = opened(vec![4, 6]);
    assert_eq!(a.new_posts().count(), 2);
    a.update(Action::NextNew);
    assert_eq!(selected_id(&a), "p6");
    assert_eq!(a.focus(), Pane::Replies);
    // First visit: nothing is new, and u says why.
    let mut first = app(build_document(thread(&[])));
    first.update(Action::LinkOpened {
        url: URL.into(),
        new: Vec::new(),
        since: None,
    });
    first.update(Action::NextNew);
    assert_eq!(
        first.message(),
        Some("first visit: nothing is marked new yet")
    );
}

#[test]
fn a_new_post_in_a_hidden_tone_is_passed_over_and_the_reader_told() {
    let mut a = opened(Vec::new());
    a.update(Action::Refresh);
    refetched(&mut a, thread(&[("p7", "p2", "critical")]));
    let critical = a
        .filter
        .legend
        .iter()
        .position(|&(k, _)| matches!(k, ToneKey::Tone(t) if a.doc.tones.name(t) == "critical"))
        .expect("critical in the legend");
    a.update(Action::ToggleTone(critical as u8 + 1));
    a.update(Action::NextNew);
    assert_eq!(
        a.message(),
        Some("the 1 new post is hidden by the tone filter")
    );
}

#[test]
fn a_replaced_row_under_the_selection_leaves_it_on_the_row_before() {
    // A "more replies" row the fresh fetch loads.
    let mut old = thread(&[]);
    old.posts.push(PostFile {
        id: "more-p1".into(),
        author: AuthorFile {
            name: "more replies".into(),
            handle: None,
        },
        text: "2 more replies not loaded".into(),
        text_is_description: true,
        in_reply_to: Some("p1".into()),
        ..Default::default()
    });
    let mut a = app(build_document(old));
    a.update(Action::LinkOpened {
        url: URL.into(),
        new: Vec::new(),
        since: None,
    });
    a.update(Action::FocusNext);
    let more = id(&a, "more-p1");
    select(&mut a, more);
    a.update(Action::Refresh);
    refetched(
        &mut a,
        thread(&[("p7", "p1", "neutral"), ("p8", "p1", "neutral")]),
    );
    assert!(a.doc.find("more-p1").is_none());
    // p1's replies in thread order were p6, more-p1: the selection is on p6.
    assert_eq!(selected_id(&a), "p6");
    assert!(
        a.message()
            .unwrap()
            .ends_with("the selected row was replaced")
    );
    assert_eq!(a.new_posts().count(), 2);
}
