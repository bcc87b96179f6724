//! Search: incremental, smart case, in reading order, across both panes.

use super::*;

#[test]
fn search_is_incremental_smart_case_and_in_reading_order() {
    let mut a = all_supportive();
    search(&mut a, "first");
    assert_eq!(a.mode(), Mode::SearchPrompt);
    let s = a.search.query().unwrap();
    // The article paragraph, then p0, p2 (quoted, also in the article), p4, p6 in thread order.
    assert!(matches!(s.matches[0], Match::Article { .. }));
    let posts = post_matches(&a);
    assert_eq!(posts, [0, 2, 4, 6]);
    assert_eq!(s.current, Some(0));
    a.update(Action::SearchAccept);
    assert_eq!(a.mode(), Mode::Normal);
    // A capital makes it exact: nothing says "First".
    search(&mut a, "First");
    assert!(a.search.query().unwrap().matches.is_empty());
}

#[test]
fn n_and_shift_n_walk_the_matches_and_wrap() {
    let mut a = all_supportive();
    search(&mut a, "second");
    a.update(Action::SearchAccept);
    let m = a.search.query().unwrap().matches.len();
    assert_eq!(m, 4); // p1, p3, p5, p7
    a.update(Action::NextMatch);
    assert_eq!(a.replies.selected_post(), Some(3));
    a.update(Action::NextMatch);
    a.update(Action::NextMatch);
    assert_eq!(a.replies.selected_post(), Some(7));
    a.update(Action::NextMatch);
    assert_eq!(a.replies.selected_post(), Some(1));
    assert!(a.message().unwrap_or("").contains("wrapped"));
    a.update(Action::PrevMatch);
    assert_eq!(a.replies.selected_post(), Some(7));
}

#[test]
fn a_match_in_a_folded_subtree_unfolds_and_one_in_a_hidden_tone_is_shown_with_a_message() {
    let mut tones = [Some("supportive"); 8];
    tones[3] = Some("critical");
    let mut a = tree_app(tones);
    select(&mut a, 1);
    a.update(Action::ToggleFold);
    a.update(Action::ToggleTone(2)); // critical: p3
    search(&mut a, "post 3");
    // Typing previews without changing the filter: the match is hidden, and the prompt says so.
    assert!(a.filter.any_hidden());
    assert!(a.current_match_hidden());
    a.update(Action::SearchAccept);
    assert_eq!(a.replies.selected_post(), Some(3));
    assert!(!a.replies.list().folded[1]);
    assert!(!a.filter.any_hidden());
    assert!(
        a.message().unwrap_or("").contains("critical"),
        "{:?}",
        a.status.message
    );
}

#[test]
fn esc_in_the_prompt_cancels_and_restores_the_view() {
    let mut a = all_supportive();
    a.update(Action::FocusNext);
    select(&mut a, 5);
    search(&mut a, "post 6");
    assert_eq!(a.replies.selected_post(), Some(6));
    a.update(Action::SearchCancel);
    assert!(!a.search.is_active());
    assert_eq!(a.replies.selected_post(), Some(5));
    // Backspace edits the query and searches again.
    search(&mut a, "post 23");
    assert!(a.search.query().unwrap().matches.is_empty());
    a.update(Action::SearchBackspace);
    // "post 2": the quote of p2 in the article, and p2 itself.
    assert_eq!(a.search.query().unwrap().matches.len(), 2);
}

#[test]
fn esc_clears_an_accepted_search_before_it_quits() {
    let mut a = all_supportive();
    search(&mut a, "tide");
    a.update(Action::SearchAccept);
    assert_eq!(a.update(Action::Back), Effect::None);
    assert!(!a.search.is_active());
    assert_eq!(a.update(Action::Back), Effect::Quit);
}

// ---- found in review ---------------------------------------------------------------------

#[test]
fn n_follows_the_list_in_time_order() {
    let mut a = all_supportive();
    a.update(Action::CycleOrder); // oldest first: p7 .. p0
    search(&mut a, "second");
    a.update(Action::SearchAccept);
    let posts = post_matches(&a);
    assert_eq!(posts, [7, 5, 3, 1]);
    // Switching back to thread order reorders the matches and keeps the current one.
    let current = a.search.query().and_then(|q| q.current_match());
    a.update(Action::CycleOrder);
    a.update(Action::CycleOrder);
    let after = a.search.query().and_then(|q| q.current_match());
    assert_eq!(current, after);
    let posts = post_matches(&a);
    assert_eq!(posts, [1, 3, 5, 7]);
}

#[test]
fn a_reflow_keeps_the_current_match() {
    let mut a = all_supportive();
    search(&mut a, "post 5");
    a.update(Action::SearchAccept);
    let before = a.search.query().and_then(|q| q.current_match());
    assert_eq!(before, Some(Match::Post(5)));
    a.update(Action::Resize {
        width: 40,
        height: 20,
    });
    let after = a.search.query().and_then(|q| q.current_match());
    assert_eq!(after, before);
}

#[test]
fn fold_all_is_refused_outside_thread_order() {
    let mut a = all_supportive();
    a.update(Action::FocusNext);
    a.update(Action::CycleOrder);
    select(&mut a, 1);
    a.update(Action::FoldAll);
    assert_eq!(a.replies.selected_post(), Some(1));
    assert!(!a.replies.list().folded.iter().any(|&f| f));
}

#[test]
fn only_web_links_are_opened() {
    // The loader keeps no other kind of link, and says so.
    let mut b = app(doc_with_url("file:///etc/passwd"));
    assert!(
        b.doc
            .warnings
            .iter()
            .any(|w| w.contains("not a web address"))
    );
    b.update(Action::FocusNext);
    assert_eq!(b.update(Action::OpenLink), Effect::None);
    assert!(b.message().unwrap_or("").contains("no URL"));
    let mut b = app(doc_with_url("HTTPS://example.social/p0"));
    b.update(Action::FocusNext);
    assert!(matches!(b.update(Action::OpenLink), Effect::OpenUrl(_)));
}

/// Types a query into a reader that hands every post search to a worker, and returns the
/// request of the last keystroke.
fn search_on_worker(a: &mut App, q: &str) -> SearchRequest {
    a.search_here_up_to = 0;
    a.update(Action::SearchStart);
    let mut last = None;
    for c in q.chars() {
        match a.update(Action::SearchInput(c)) {
            Effect::Search(request) => last = Some(request),
            other => panic!("typing {c:?} gave {other:?}, not a search for the worker"),
        }
    }
    last.expect("a request")
}

/// Does the worker's job on this thread, handing each part over as the loop would.
fn work(a: &mut App, request: &SearchRequest) {
    let store = a.doc.store().clone();
    let mut found = Vec::new();
    search::look_through(
        request,
        &store,
        std::time::Duration::ZERO,
        || true,
        |f| {
            found.push(f);
            true
        },
    );
    for f in found {
        a.update(Action::PostsFound(f));
    }
}

#[test]
fn a_search_on_the_worker_ends_where_the_same_search_here_does() {
    let mut here = all_supportive();
    let mut there = all_supportive();
    for a in [&mut here, &mut there] {
        a.update(Action::FocusNext);
        select(a, 3);
    }
    search(&mut here, "post");
    let request = search_on_worker(&mut there, "post");
    // The keystroke is answered before any post is looked at: only the article's matches yet.
    assert!(post_matches(&there).is_empty());
    assert_eq!(there.search.query().unwrap().progress(), Some((0, 8)));
    work(&mut there, &request);
    assert_eq!(post_matches(&there), post_matches(&here));
    assert_eq!(
        there.search.query().unwrap().current,
        here.search.query().unwrap().current
    );
    assert_eq!(there.replies.selected_post(), here.replies.selected_post());
    assert_eq!(there.search.query().unwrap().progress(), None);
}

#[test]
fn an_answer_to_an_older_query_is_dropped() {
    let mut a = all_supportive();
    let old = search_on_worker(&mut a, "pos");
    let new = match a.update(Action::SearchInput('t')) {
        Effect::Search(r) => r,
        other => panic!("{other:?}"),
    };
    assert!(new.generation > old.generation);
    a.update(Action::PostsFound(PostsFound {
        generation: old.generation,
        posts: vec![5],
        searched: 8,
        total: 8,
    }));
    assert!(post_matches(&a).is_empty());
    assert!(a.search.query().unwrap().progress().is_some());
}

#[test]
fn nothing_found_by_the_worker_goes_back_to_where_the_search_began() {
    let mut a = all_supportive();
    a.update(Action::FocusNext);
    select(&mut a, 5);
    let request = search_on_worker(&mut a, "no such words");
    assert_eq!(a.replies.selected_post(), Some(5));
    work(&mut a, &request);
    assert!(a.search.query().unwrap().matches.is_empty());
    assert_eq!(a.replies.selected_post(), Some(5));
    a.update(Action::SearchAccept);
    assert!(a.message().unwrap_or("").contains("no match"));
}

#[test]
fn more_posts_arriving_during_a_search_are_looked_through_too() {
    let mut a = app(doc(4, &[Some("supportive")], &[0]));
    let request = search_on_worker(&mut a, "text");
    work(&mut a, &request);
    assert_eq!(post_matches(&a).len(), 4);
    let grown = build_document(bundle(6, &[Some("supportive")], &[0]));
    let effect = a.update(Action::DocumentArrived(Arrived::whole(grown)));
    let Effect::Search(rest) = effect else {
        panic!("{effect:?}");
    };
    assert_eq!(rest.from, 4);
    work(&mut a, &rest);
    assert_eq!(post_matches(&a).len(), 6);
}
