//! State transitions: every action on small documents built here, so each expectation is visible.

use super::*;
use crate::load::build_document;
use crate::load::bundle::{ArticleFile, AuthorFile, BlockFile, BundleFile, PostFile};
use crate::model::ToneOrigin;
use crate::sidecar::Corrections;

/// An article of `paragraphs` paragraphs with an embed after every second one, and `posts` posts
/// whose tones cycle through `tones` (a `None` is untagged).
fn doc(posts: usize, tones: &[Option<&str>], embeds: &[usize]) -> Document {
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
    build_document(BundleFile {
        format: Some("chorus/1".into()),
        article: ArticleFile {
            title: "Title".into(),
            blocks,
            ..Default::default()
        },
        posts,
    })
}

fn app(doc: Document) -> App {
    let mut app = App::new(doc, Theme { color: true });
    app.update(Action::Resize {
        width: 120,
        height: 40,
    });
    app
}

fn three_tone_app() -> App {
    // Tones cycle supportive, critical, untagged: legend = [supportive, critical, untagged].
    app(doc(
        9,
        &[Some("supportive"), Some("critical"), None],
        &[0, 1, 2, 3, 4, 5],
    ))
}

#[test]
fn starts_at_the_top_with_the_article_focused_and_everything_shown() {
    let a = three_tone_app();
    assert_eq!(a.focus, Pane::Article);
    assert_eq!(a.article_scroll, 0);
    assert_eq!(a.quote, None);
    assert_eq!(shown(&a), (0..9).collect::<Vec<_>>());
    assert_eq!(a.filter.shown_posts(), 9);
}

#[test]
fn next_and_previous_quote_walk_the_quotes_in_order_and_select_the_post() {
    let mut a = three_tone_app();
    assert_eq!(a.article.quotes.len(), 6);
    a.update(Action::NextQuote);
    assert_eq!(a.quote, Some(0));
    assert_eq!(a.replies.selected_post(), Some(0));
    a.update(Action::NextQuote);
    a.update(Action::NextQuote);
    assert_eq!(a.quote, Some(2));
    assert_eq!(a.replies.selected_post(), Some(2));
    a.update(Action::PrevQuote);
    assert_eq!(a.quote, Some(1));
    assert_eq!(a.replies.selected_post(), Some(1));
}

#[test]
fn a_quote_jump_brings_the_quote_into_view() {
    let mut a = three_tone_app();
    a.update(Action::Resize {
        width: 80,
        height: 24,
    });
    for _ in 0..6 {
        a.update(Action::NextQuote);
        let span = a.article.quotes[a.quote.unwrap()];
        let h = a.article_height();
        assert!(
            span.first >= a.article_scroll,
            "quote starts above the view"
        );
        assert!(
            span.last < a.article_scroll + h,
            "quote ends below the view"
        );
    }
}

#[test]
fn quote_navigation_stops_at_the_ends_with_a_message() {
    let mut a = three_tone_app();
    a.update(Action::PrevQuote);
    assert_eq!(a.quote, None);
    assert!(a.message.is_some());
    for _ in 0..10 {
        a.update(Action::NextQuote);
    }
    assert_eq!(a.quote, Some(5));
    assert!(
        a.message.as_deref().unwrap_or("").contains("last"),
        "{:?}",
        a.message
    );
}

#[test]
fn quote_navigation_skips_quotes_whose_post_is_hidden() {
    let mut a = three_tone_app();
    // Hide critical (legend place 2): posts 1, 4, 7.
    a.update(Action::ToggleTone(2));
    a.update(Action::NextQuote);
    assert_eq!(a.quote, Some(0));
    a.update(Action::NextQuote);
    // Quote 1 quotes p1 (critical, hidden), so the jump lands on quote 2.
    assert_eq!(a.quote, Some(2));
    assert!(
        a.message.as_deref().unwrap_or("").contains("hidden"),
        "{:?}",
        a.message
    );
}

#[test]
fn enter_on_a_quoted_reply_scrolls_the_article_to_it() {
    let mut a = three_tone_app();
    a.update(Action::FocusNext);
    for _ in 0..4 {
        a.update(Action::MoveDown);
    }
    assert_eq!(a.replies.selected_post(), Some(4));
    a.update(Action::ShowQuote);
    assert_eq!(a.quote, Some(4));
    let span = a.article.quotes[4];
    assert!(span.first >= a.article_scroll && span.last < a.article_scroll + a.article_height());
}

#[test]
fn enter_on_a_reply_the_article_does_not_quote_says_so() {
    let mut a = three_tone_app();
    a.update(Action::FocusNext);
    a.update(Action::Bottom);
    assert_eq!(a.replies.selected_post(), Some(8));
    a.update(Action::ShowQuote);
    assert_eq!(a.quote, None);
    assert!(
        a.message
            .as_deref()
            .unwrap_or("")
            .contains("does not quote")
    );
}

#[test]
fn toggling_a_tone_hides_its_posts_and_toggling_again_shows_them() {
    let mut a = three_tone_app();
    a.update(Action::ToggleTone(1)); // supportive: posts 0, 3, 6
    assert_eq!(shown(&a), [1, 2, 4, 5, 7, 8]);
    assert_eq!(a.filter.shown_posts(), 6);
    a.update(Action::ToggleTone(3)); // untagged: posts 2, 5, 8
    assert_eq!(shown(&a), [1, 4, 7]);
    a.update(Action::ToggleTone(1));
    assert_eq!(shown(&a), [0, 1, 3, 4, 6, 7]);
    a.update(Action::ShowAllTones);
    assert_eq!(shown(&a).len(), 9);
    assert!(!a.filter.any_hidden());
}

#[test]
fn a_digit_past_the_legend_changes_nothing_and_says_why() {
    let mut a = three_tone_app();
    a.update(Action::ToggleTone(7));
    assert_eq!(shown(&a).len(), 9);
    assert!(a.message.as_deref().unwrap_or("").contains("no tone 7"));
}

#[test]
fn the_selection_survives_a_filter_or_moves_to_the_next_shown_post() {
    let mut a = three_tone_app();
    a.update(Action::FocusNext);
    a.update(Action::MoveDown);
    a.update(Action::MoveDown);
    a.update(Action::MoveDown);
    assert_eq!(a.replies.selected_post(), Some(3));
    a.update(Action::ToggleTone(2)); // critical hidden; 3 is supportive: stays
    assert_eq!(a.replies.selected_post(), Some(3));
    a.update(Action::ToggleTone(1)); // supportive hidden: 3 goes; next shown is 5 (untagged)
    assert_eq!(a.replies.selected_post(), Some(5));
}

#[test]
fn hiding_every_tone_leaves_an_empty_list_that_moves_without_panic() {
    let mut a = three_tone_app();
    for n in 1..=3 {
        a.update(Action::ToggleTone(n));
    }
    assert!(shown(&a).is_empty());
    assert_eq!(a.replies.selected_post(), None);
    a.update(Action::FocusNext);
    for act in [
        Action::MoveDown,
        Action::MoveUp,
        Action::Bottom,
        Action::ScrollPageDown,
        Action::ShowQuote,
    ] {
        a.update(act);
    }
    a.update(Action::NextQuote);
    assert_eq!(a.quote, None, "every quote's post is hidden");
    a.update(Action::ShowAllTones);
    assert_eq!(shown(&a).len(), 9);
}

#[test]
fn focus_cycles_between_the_panes() {
    let mut a = three_tone_app();
    a.update(Action::FocusNext);
    assert_eq!(a.focus, Pane::Replies);
    a.update(Action::FocusNext);
    assert_eq!(a.focus, Pane::Article);
    a.update(Action::FocusPrev);
    assert_eq!(a.focus, Pane::Replies);
}

#[test]
fn moving_in_the_article_scrolls_within_bounds() {
    let mut a = three_tone_app();
    a.update(Action::Resize {
        width: 80,
        height: 24,
    });
    a.update(Action::MoveUp);
    assert_eq!(a.article_scroll, 0);
    a.update(Action::MoveDown);
    assert_eq!(a.article_scroll, 1);
    a.update(Action::ScrollPageDown);
    assert_eq!(a.article_scroll, 1 + a.article_height() - 2);
    a.update(Action::Bottom);
    let max = a.article.lines.len() - a.article_height();
    assert_eq!(a.article_scroll, max);
    a.update(Action::MoveDown);
    assert_eq!(a.article_scroll, max);
    a.update(Action::Top);
    assert_eq!(a.article_scroll, 0);
}

#[test]
fn moving_in_the_replies_keeps_the_selection_on_screen_and_in_bounds() {
    let mut a = app(doc(500, &[Some("neutral")], &[]));
    a.update(Action::Resize {
        width: 80,
        height: 24,
    });
    a.update(Action::FocusNext);
    let per_page = a.replies.page_rows(a.list_height());
    a.update(Action::MoveUp);
    assert_eq!(a.replies.selected, 0);
    for _ in 0..per_page + 3 {
        a.update(Action::MoveDown);
    }
    assert_eq!(a.replies.selected, per_page + 3);
    assert!(a.replies.selected >= a.replies.top && a.replies.selected < a.replies.top + per_page);
    a.update(Action::ScrollPageDown);
    assert_eq!(a.replies.selected, 2 * per_page + 3);
    a.update(Action::Bottom);
    assert_eq!(a.replies.selected, 499);
    assert_eq!(a.replies.top, 500 - per_page);
    a.update(Action::ScrollPageDown);
    assert_eq!(a.replies.selected, 499);
    a.update(Action::Top);
    assert_eq!((a.replies.selected, a.replies.top), (0, 0));
    // Whole rows, and one more clipped at the bottom when the pane height is not a multiple.
    let partial = usize::from(!a.list_height().is_multiple_of(usize::from(ENTRY_HEIGHT)));
    assert_eq!(a.reply_rows.len(), per_page + partial);
    assert_eq!(a.reply_rows[0].post, 0);
}

#[test]
fn the_wheel_scrolls_the_pane_under_the_pointer_and_a_click_selects_a_reply() {
    let mut a = app(doc(50, &[Some("neutral")], &[]));
    a.update(Action::Resize {
        width: 80,
        height: 24,
    });
    assert!(a.article.lines.len() > a.article_height() + 3);
    let art = a.screen.article;
    a.update(Action::ScrollAt {
        column: art.x + 2,
        row: art.y + 2,
        lines: 1,
    });
    assert_eq!(a.article_scroll, 3);
    let rep = a.screen.replies;
    a.update(Action::ScrollAt {
        column: rep.x + 2,
        row: rep.y + 2,
        lines: 2,
    });
    assert_eq!(a.replies.top, 2);
    assert_eq!(
        a.replies.selected, 0,
        "the wheel does not move the selection"
    );
    // The second entry on screen starts ENTRY_HEIGHT rows below the first.
    a.update(Action::ClickAt {
        column: rep.x + 3,
        row: rep.y + 1 + ENTRY_HEIGHT,
    });
    assert_eq!(a.focus, Pane::Replies);
    assert_eq!(a.replies.selected, 3);
    a.update(Action::ClickAt {
        column: art.x + 3,
        row: art.y + 3,
    });
    assert_eq!(a.focus, Pane::Article);
}

#[test]
fn help_opens_closes_and_holds_keys_while_open() {
    let mut a = three_tone_app();
    a.update(Action::ToggleHelp);
    assert!(a.overlay.is_some());
    assert_eq!(a.update(Action::NextQuote), Effect::None);
    assert_eq!(a.quote, None);
    assert_eq!(a.update(Action::Back), Effect::Redraw);
    assert!(a.overlay.is_none());
    a.update(Action::ToggleHelp);
    a.update(Action::ToggleHelp);
    assert!(a.overlay.is_none());
}

#[test]
fn esc_quits_when_nothing_is_open_and_q_always_quits() {
    let mut a = three_tone_app();
    assert_eq!(a.update(Action::Back), Effect::Quit);
    let mut a = three_tone_app();
    a.update(Action::ToggleHelp);
    assert_eq!(a.update(Action::Quit), Effect::Quit);
}

#[test]
fn resizing_keeps_the_current_quote_in_view() {
    let mut a = three_tone_app();
    for _ in 0..5 {
        a.update(Action::NextQuote);
    }
    for (w, h) in [(60, 20), (200, 60), (30, 10), (120, 40)] {
        a.update(Action::Resize {
            width: w,
            height: h,
        });
        let span = a.article.quotes[4];
        assert!(
            span.first >= a.article_scroll
                && span.first < a.article_scroll + a.article_height().max(1),
            "{w}x{h}"
        );
    }
}

#[test]
fn every_action_at_every_tiny_size_is_safe() {
    let actions = [
        Action::NextQuote,
        Action::PrevQuote,
        Action::ShowQuote,
        Action::MoveDown,
        Action::MoveUp,
        Action::ScrollPageDown,
        Action::ScrollPageUp,
        Action::Top,
        Action::Bottom,
        Action::FocusNext,
        Action::ToggleTone(1),
        Action::ShowAllTones,
        Action::ScrollAt {
            column: 0,
            row: 0,
            lines: 1,
        },
        Action::ClickAt { column: 0, row: 0 },
    ];
    for w in 0..30 {
        for h in 0..12 {
            let mut a = three_tone_app();
            a.update(Action::Resize {
                width: w,
                height: h,
            });
            for act in actions.clone() {
                a.update(act);
            }
        }
    }
}

#[test]
fn an_empty_document_is_safe_to_use() {
    let mut a = app(doc(0, &[None], &[]));
    for act in [
        Action::NextQuote,
        Action::FocusNext,
        Action::MoveDown,
        Action::ShowQuote,
        Action::ToggleTone(1),
    ] {
        a.update(act);
    }
    assert!(shown(&a).is_empty());
}

/// The posts listed as full entries (context rows left out), in list order.
fn shown(a: &App) -> Vec<PostIdx> {
    a.replies
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
fn tree_app(tones: [Option<&str>; 8]) -> App {
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

fn all_supportive() -> App {
    tree_app([Some("supportive"); 8])
}

fn select(a: &mut App, post: PostIdx) {
    let pos = a.replies.position_of(post).expect("listed");
    let h = a.list_height();
    a.replies.select(pos, h);
}

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
    assert_eq!(a.focus, Pane::Replies);
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
    assert!(a.message.is_some());
    // Roots are siblings of each other.
    select(&mut a, 0);
    a.update(Action::NextSibling);
    assert_eq!(a.replies.selected_post(), Some(5));
    a.update(Action::Parent);
    assert_eq!(a.replies.selected_post(), Some(5));
    assert!(
        a.message
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
    assert!(a.replies.folded[1]);
    assert_eq!(a.replies.selected_post(), Some(1));
    assert_eq!(a.doc.thread.descendants(1), 2);
    a.update(Action::ToggleFold);
    assert_eq!(shown(&a), [0, 1, 2, 3, 4, 5, 6, 7]);
    // A post without replies has nothing to fold.
    select(&mut a, 4);
    a.update(Action::ToggleFold);
    assert_eq!(shown(&a).len(), 8);
    assert!(a.message.as_deref().unwrap_or("").contains("no replies"));
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
    let rows: Vec<(PostIdx, bool)> = a.replies.rows.iter().map(|r| (r.post, r.context)).collect();
    // p2 is shown; p0 and p1 answer nothing shown but are its ancestors.
    assert_eq!(rows, [(0, true), (1, true), (2, false)]);
    a.update(Action::ToggleContext);
    let rows: Vec<(PostIdx, bool)> = a.replies.rows.iter().map(|r| (r.post, r.context)).collect();
    assert_eq!(rows, [(2, false)]);
    assert!(!a.replies.context_mode);
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
    assert_eq!(a.replies.rows.len(), 1);
    a.update(Action::ToggleFold);
    assert_eq!(a.replies.rows.len(), n);
    a.update(Action::Bottom);
    a.update(Action::ToggleTone(1));
    a.update(Action::FoldAll);
    a.update(Action::UnfoldAll);
    a.update(Action::ShowAllTones);
    assert_eq!(a.replies.rows.len(), n);
}

// ---- order ------------------------------------------------------------------------------

#[test]
fn s_cycles_thread_oldest_newest_and_keeps_the_selection() {
    let mut a = all_supportive();
    select(&mut a, 3);
    a.update(Action::CycleOrder);
    assert_eq!(a.replies.order, Order::OldestFirst);
    // created_at decreases with the index, so oldest first is p7 .. p0.
    assert_eq!(shown(&a), [7, 6, 5, 4, 3, 2, 1, 0]);
    assert_eq!(a.replies.selected_post(), Some(3));
    a.update(Action::CycleOrder);
    assert_eq!(shown(&a), [0, 1, 2, 3, 4, 5, 6, 7]);
    assert_eq!(a.replies.order, Order::NewestFirst);
    a.update(Action::ToggleFold);
    assert!(a.message.as_deref().unwrap_or("").contains("thread order"));
    a.update(Action::CycleOrder);
    assert_eq!(a.replies.order, Order::Thread);
    assert_eq!(a.replies.selected_post(), Some(3));
}

// ---- search -----------------------------------------------------------------------------

fn search(a: &mut App, q: &str) {
    a.update(Action::SearchStart);
    for c in q.chars() {
        a.update(Action::SearchInput(c));
    }
}

#[test]
fn search_is_incremental_smart_case_and_in_reading_order() {
    let mut a = all_supportive();
    search(&mut a, "first");
    assert_eq!(a.mode(), Mode::SearchPrompt);
    let s = a.search.as_ref().unwrap();
    // The article paragraph, then p0, p2 (quoted, also in the article), p4, p6 in thread order.
    assert!(matches!(s.matches[0], Match::Article { .. }));
    let posts = post_matches(&a);
    assert_eq!(posts, [0, 2, 4, 6]);
    assert_eq!(s.current, Some(0));
    a.update(Action::SearchAccept);
    assert_eq!(a.mode(), Mode::Normal);
    // A capital makes it exact: nothing says "First".
    search(&mut a, "First");
    assert!(a.search.as_ref().unwrap().matches.is_empty());
}

#[test]
fn n_and_shift_n_walk_the_matches_and_wrap() {
    let mut a = all_supportive();
    search(&mut a, "second");
    a.update(Action::SearchAccept);
    let m = a.search.as_ref().unwrap().matches.len();
    assert_eq!(m, 4); // p1, p3, p5, p7
    a.update(Action::NextMatch);
    assert_eq!(a.replies.selected_post(), Some(3));
    a.update(Action::NextMatch);
    a.update(Action::NextMatch);
    assert_eq!(a.replies.selected_post(), Some(7));
    a.update(Action::NextMatch);
    assert_eq!(a.replies.selected_post(), Some(1));
    assert!(a.message.as_deref().unwrap_or("").contains("wrapped"));
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
    assert!(!a.replies.folded[1]);
    assert!(!a.filter.any_hidden());
    assert!(
        a.message.as_deref().unwrap_or("").contains("critical"),
        "{:?}",
        a.message
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
    assert!(a.search.is_none());
    assert_eq!(a.replies.selected_post(), Some(5));
    // Backspace edits the query and searches again.
    search(&mut a, "post 23");
    assert!(a.search.as_ref().unwrap().matches.is_empty());
    a.update(Action::SearchBackspace);
    // "post 2": the quote of p2 in the article, and p2 itself.
    assert_eq!(a.search.as_ref().unwrap().matches.len(), 2);
}

#[test]
fn esc_clears_an_accepted_search_before_it_quits() {
    let mut a = all_supportive();
    search(&mut a, "tide");
    a.update(Action::SearchAccept);
    assert_eq!(a.update(Action::Back), Effect::Redraw);
    assert!(a.search.is_none());
    assert_eq!(a.update(Action::Back), Effect::Quit);
}

// ---- links, clipboard, focus ------------------------------------------------------------

#[test]
fn open_and_copy_return_effects_and_say_when_there_is_no_link() {
    let mut a = all_supportive();
    a.update(Action::FocusNext);
    assert_eq!(a.update(Action::OpenLink), Effect::Redraw);
    assert!(a.message.as_deref().unwrap_or("").contains("no URL"));
    match a.update(Action::CopyPost) {
        Effect::Copy(text) => assert!(text.contains("Post 0")),
        e => panic!("{e:?}"),
    }
    assert!(a.message.as_deref().unwrap_or("").contains("no link"));
    let mut b = app(doc(3, &[Some("neutral")], &[]));
    b.doc.posts[0].url = Some("https://example.social/p0".into());
    b.update(Action::FocusNext);
    assert_eq!(
        b.update(Action::OpenLink),
        Effect::OpenUrl("https://example.social/p0".into())
    );
    match b.update(Action::CopyPost) {
        Effect::Copy(text) => assert!(text.ends_with("\nhttps://example.social/p0")),
        e => panic!("{e:?}"),
    }
}

#[test]
fn focus_post_selects_it_and_shows_its_quote() {
    let mut a = all_supportive();
    select(&mut a, 0);
    a.update(Action::FoldAll);
    assert!(a.focus_post("p2"));
    assert_eq!(a.replies.selected_post(), Some(2));
    assert_eq!(a.quote, Some(0));
    assert!(!a.focus_post("nope"));
}

#[test]
fn the_minimap_summarises_the_list_by_tone() {
    let mut tones = [Some("supportive"); 8];
    tones[5] = Some("critical");
    tones[6] = Some("critical");
    tones[7] = Some("critical");
    let mut a = tree_app(tones);
    a.update(Action::Resize {
        width: 120,
        height: 40,
    });
    let n = a.minimap.len();
    assert_eq!(n, usize::from(layout::minimap(a.screen.replies).height));
    let supportive = ToneKey::Tone(0);
    let critical = ToneKey::Tone(4);
    assert_eq!(a.minimap[0], Some(supportive));
    assert_eq!(a.minimap[n - 1], Some(critical));
}

#[test]
fn a_click_on_the_minimap_jumps_there() {
    let mut a = app(doc(400, &[Some("neutral")], &[]));
    let strip = layout::minimap(a.screen.replies);
    a.update(Action::ClickAt {
        column: strip.x,
        row: strip.y + strip.height - 1,
    });
    assert!(a.replies.selected > 350, "{}", a.replies.selected);
    assert_eq!(a.focus, Pane::Replies);
}

// ---- tones: computed and corrected -------------------------------------------------------

#[test]
fn the_picker_sets_a_tone_records_the_correction_and_asks_to_save() {
    let mut a = all_supportive();
    a.update(Action::FocusNext);
    select(&mut a, 2);
    a.update(Action::PickTone);
    assert_eq!(a.mode(), Mode::TonePicker);
    assert_eq!(a.overlay, Some(Overlay::TonePicker { post: 2, cursor: 0 }));
    // Keys meant for the list move the picker's cursor instead.
    a.update(Action::MoveDown);
    assert_eq!(a.overlay, Some(Overlay::TonePicker { post: 2, cursor: 1 }));
    let effect = a.update(Action::ChooseTone(5)); // critical
    assert_eq!(a.overlay, None);
    assert_eq!(a.doc.post(2).tone, Some(4));
    assert_eq!(a.doc.post(2).tone_origin, ToneOrigin::Corrected);
    let mut expected = Corrections::new();
    expected.insert("p2".into(), "critical".into());
    assert_eq!(effect, Effect::SaveCorrections(expected));
    // The legend and counts follow: critical appears.
    assert!(
        a.filter
            .legend
            .iter()
            .any(|&(k, n)| k == ToneKey::Tone(4) && n == 1)
    );
    assert_eq!(a.doc.tones.counts[0], 7);
}

#[test]
fn enter_in_the_picker_takes_the_highlighted_tone_and_esc_changes_nothing() {
    let mut a = all_supportive();
    a.update(Action::FocusNext);
    a.update(Action::PickTone);
    a.update(Action::Back);
    assert_eq!(a.overlay, None);
    assert_eq!(a.doc.post(0).tone, Some(0));
    a.update(Action::PickTone);
    a.update(Action::MoveDown);
    a.update(Action::MoveDown);
    assert!(matches!(
        a.update(Action::ChooseTone(0)),
        Effect::SaveCorrections(_)
    ));
    assert_eq!(a.doc.post(0).tone, Some(2), "reassuring");
    // A place past the list is refused.
    a.update(Action::PickTone);
    assert_eq!(a.update(Action::ChooseTone(9)), Effect::Redraw);
    assert!(a.overlay.is_some());
}

#[test]
fn computed_tones_fill_in_and_the_progress_ends() {
    let mut a = tree_app([None; 8]);
    assert_eq!(a.filter.legend, [(ToneKey::Untagged, 8)]);
    let work = crate::tone::compute::untagged(&a.doc);
    a.update(Action::TaggingStarted(work.len()));
    assert_eq!(a.tagging, Some((0, 8)));
    a.update(Action::TonesComputed(crate::tone::compute::tag_batch(
        &work[..3],
    )));
    assert_eq!(a.tagging, Some((3, 8)));
    assert_eq!(a.doc.tones.untagged, 5);
    a.update(Action::TonesComputed(crate::tone::compute::tag_batch(
        &work[3..],
    )));
    assert_eq!(a.tagging, None);
    assert_eq!(a.doc.tones.untagged, 0);
    assert!(
        a.doc
            .posts
            .iter()
            .all(|p| matches!(p.tone_origin, ToneOrigin::Computed { .. }))
    );
    assert!(!a.filter.legend.iter().any(|(k, _)| *k == ToneKey::Untagged));
    // The detail pane explains the selected post's computed tone.
    assert!(
        a.detail_why[0].starts_with("~ computed, confidence"),
        "{:?}",
        a.detail_why
    );
}

#[test]
fn a_correction_made_while_tagging_is_not_overwritten_by_the_tagger() {
    let mut a = tree_app([None; 8]);
    let work = crate::tone::compute::untagged(&a.doc);
    a.update(Action::TaggingStarted(work.len()));
    a.update(Action::FocusNext);
    a.update(Action::PickTone);
    a.update(Action::ChooseTone(4)); // humorous, for p0
    a.update(Action::TonesComputed(crate::tone::compute::tag_batch(
        &work,
    )));
    assert_eq!(a.doc.post(0).tone, Some(3));
    assert_eq!(a.doc.post(0).tone_origin, ToneOrigin::Corrected);
}

#[test]
fn a_hidden_tone_stays_hidden_when_the_legend_grows() {
    let mut tones = [Some("supportive"); 8];
    tones[1] = Some("critical");
    let mut a = tree_app(tones);
    a.update(Action::ToggleTone(2)); // critical
    assert!(a.filter.is_hidden(ToneKey::Tone(4)));
    // Empathetic appears before critical in the legend; critical must stay hidden.
    a.update(Action::FocusNext);
    a.update(Action::Top);
    a.update(Action::PickTone);
    a.update(Action::ChooseTone(2));
    assert_eq!(a.filter.legend[1].0, ToneKey::Tone(1));
    assert!(a.filter.is_hidden(ToneKey::Tone(4)));
    assert!(!a.filter.is_hidden(ToneKey::Tone(1)));
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
    let current = a
        .search
        .as_ref()
        .and_then(|s| s.current.map(|c| s.matches[c]));
    a.update(Action::CycleOrder);
    a.update(Action::CycleOrder);
    let after = a
        .search
        .as_ref()
        .and_then(|s| s.current.map(|c| s.matches[c]));
    assert_eq!(current, after);
    let posts = post_matches(&a);
    assert_eq!(posts, [1, 3, 5, 7]);
}

#[test]
fn a_reflow_keeps_the_current_match() {
    let mut a = all_supportive();
    search(&mut a, "post 5");
    a.update(Action::SearchAccept);
    let before = a
        .search
        .as_ref()
        .and_then(|s| s.current.map(|c| s.matches[c]));
    assert_eq!(before, Some(Match::Post(5)));
    a.update(Action::Resize {
        width: 40,
        height: 20,
    });
    let after = a
        .search
        .as_ref()
        .and_then(|s| s.current.map(|c| s.matches[c]));
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
    assert!(!a.replies.folded.iter().any(|&f| f));
}

#[test]
fn only_web_links_are_opened() {
    let mut b = app(doc(3, &[Some("neutral")], &[]));
    b.doc.posts[0].url = Some("file:///etc/passwd".into());
    b.update(Action::FocusNext);
    assert_eq!(b.update(Action::OpenLink), Effect::Redraw);
    assert!(b.message.as_deref().unwrap_or("").contains("only http"));
    b.doc.posts[0].url = Some("HTTPS://example.social/p0".into());
    assert!(matches!(b.update(Action::OpenLink), Effect::OpenUrl(_)));
}

/// The posts among the search's matches, in match order.
fn post_matches(a: &App) -> Vec<PostIdx> {
    let matches = a.search.as_ref().map_or(&[][..], |s| &s.matches[..]);
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
