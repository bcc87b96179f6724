//! The reply tree: parents, replies, siblings, folds, context rows, order.

use super::*;

#[test]
fn the_thread_is_listed_in_tree_order_with_orphans_at_top_level() {
    let a = all_supportive();
    assert_eq!(shown(&a), [0, 1, 2, 3, 4, 5, 6, 7]);
    assert_eq!(a.doc.post(7).parent, None);
    assert_eq!(a.doc.post(3).depth, 2);
    assert!(a.doc.warnings.iter().any(|w| w.contains("\"gone\"")));
}

#[test]
fn parent_first_reply_and_siblings() {
    let mut a = all_supportive();
    select(&mut a, 3);
    a.update(Action::Parent);
    assert_eq!(a.replies.selected_post(), Some(1));
    assert_eq!(a.focus(), Pane::Replies);
    a.update(Action::NextSibling);
    assert_eq!(a.replies.selected_post(), Some(4));
    a.update(Action::PrevSibling);
    assert_eq!(a.replies.selected_post(), Some(1));
    a.update(Action::FirstReply);
    assert_eq!(a.replies.selected_post(), Some(2));
    a.update(Action::NextSibling);
    assert_eq!(a.replies.selected_post(), Some(3));
    a.update(Action::NextSibling);
    assert_eq!(
        a.replies.selected_post(),
        Some(3),
        "no sibling after the last"
    );
    assert!(a.message().is_some());
    // Roots are siblings of each other.
    select(&mut a, 0);
    a.update(Action::NextSibling);
    assert_eq!(a.replies.selected_post(), Some(5));
    a.update(Action::Parent);
    assert_eq!(a.replies.selected_post(), Some(5));
    assert!(
        a.status
            .message
            .as_deref()
            .unwrap_or("")
            .contains("starts a thread")
    );
}

#[test]
fn folding_hides_a_subtree_and_counts_its_replies() {
    let mut a = all_supportive();
    select(&mut a, 1);
    a.update(Action::ToggleFold);
    assert_eq!(shown(&a), [0, 1, 4, 5, 6, 7]);
    assert!(a.replies.list().folded[1]);
    assert_eq!(a.replies.selected_post(), Some(1));
    assert_eq!(a.doc.thread.descendants(1), 2);
    a.update(Action::ToggleFold);
    assert_eq!(shown(&a), [0, 1, 2, 3, 4, 5, 6, 7]);
    // A post without replies has nothing to fold.
    select(&mut a, 4);
    a.update(Action::ToggleFold);
    assert_eq!(shown(&a).len(), 8);
    assert!(a.message().unwrap_or("").contains("no replies"));
}

#[test]
fn fold_all_keeps_the_thread_selected_and_unfold_all_restores() {
    let mut a = all_supportive();
    select(&mut a, 3);
    a.update(Action::FoldAll);
    assert_eq!(shown(&a), [0, 5, 7]);
    assert_eq!(a.replies.selected_post(), Some(0));
    a.update(Action::FirstReply);
    assert_eq!(
        a.replies.selected_post(),
        Some(1),
        "l unfolds to reach the reply"
    );
    a.update(Action::UnfoldAll);
    assert_eq!(shown(&a).len(), 8);
}

#[test]
fn hidden_ancestors_become_context_rows_and_c_switches_to_matches_only() {
    // p1 is critical, everything else supportive; hide supportive.
    let mut tones = [Some("supportive"); 8];
    tones[2] = Some("critical");
    let mut a = tree_app(tones);
    a.update(Action::ToggleTone(1));
    let rows: Vec<(PostIdx, bool)> = a
        .replies
        .list()
        .rows
        .iter()
        .map(|r| (r.post, r.context))
        .collect();
    // p2 is shown; p0 and p1 answer nothing shown but are its ancestors.
    assert_eq!(rows, [(0, true), (1, true), (2, false)]);
    a.update(Action::ToggleContext);
    let rows: Vec<(PostIdx, bool)> = a
        .replies
        .list()
        .rows
        .iter()
        .map(|r| (r.post, r.context))
        .collect();
    assert_eq!(rows, [(2, false)]);
    assert!(!a.replies.list().context_mode);
}

#[test]
fn folding_a_large_subtree_is_an_index_operation() {
    // 100,000 replies under one post, and a 10,000-deep chain: fold, unfold, filter, no recursion.
    let n = 100_000;
    let posts = (0..n)
        .map(|i| PostFile {
            id: format!("p{i}"),
            in_reply_to: match i {
                0 => None,
                i if i < 10_000 => Some(format!("p{}", i - 1)),
                _ => Some("p0".into()),
            },
            tone: Some(if i % 3 == 0 { "critical" } else { "neutral" }.into()),
            ..Default::default()
        })
        .collect();
    let mut a = app(build_document(BundleFile {
        format: Some("chorus/1".into()),
        article: ArticleFile::default(),
        posts,
    }));
    assert_eq!(a.doc.post(9_999).depth, 9_999);
    a.update(Action::FocusNext);
    a.update(Action::ToggleFold);
    assert_eq!(a.replies.list().rows.len(), 1);
    a.update(Action::ToggleFold);
    assert_eq!(a.replies.list().rows.len(), n);
    a.update(Action::Bottom);
    a.update(Action::ToggleTone(1));
    a.update(Action::FoldAll);
    a.update(Action::UnfoldAll);
    a.update(Action::ShowAllTones);
    assert_eq!(a.replies.list().rows.len(), n);
}

// ---- order ------------------------------------------------------------------------------

#[test]
fn s_cycles_thread_oldest_newest_and_keeps_the_selection() {
    let mut a = all_supportive();
    select(&mut a, 3);
    a.update(Action::CycleOrder);
    assert_eq!(a.replies.list().order, Order::OldestFirst);
    // created_at decreases with the index, so oldest first is p7 .. p0.
    assert_eq!(shown(&a), [7, 6, 5, 4, 3, 2, 1, 0]);
    assert_eq!(a.replies.selected_post(), Some(3));
    a.update(Action::CycleOrder);
    assert_eq!(shown(&a), [0, 1, 2, 3, 4, 5, 6, 7]);
    assert_eq!(a.replies.list().order, Order::NewestFirst);
    a.update(Action::ToggleFold);
    assert!(a.message().unwrap_or("").contains("thread order"));
    a.update(Action::CycleOrder);
    assert_eq!(a.replies.list().order, Order::Thread);
    assert_eq!(a.replies.selected_post(), Some(3));
}
