//! State transitions: every action on small documents built here, so each expectation is visible.

use super::*;
use crate::load::build_document;
use crate::load::bundle::{ArticleFile, AuthorFile, BlockFile, BundleFile, PostFile};

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
    assert_eq!(a.replies.visible, (0..9).collect::<Vec<_>>());
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
    assert_eq!(a.replies.visible, [1, 2, 4, 5, 7, 8]);
    assert_eq!(a.filter.shown_posts(), 6);
    a.update(Action::ToggleTone(3)); // untagged: posts 2, 5, 8
    assert_eq!(a.replies.visible, [1, 4, 7]);
    a.update(Action::ToggleTone(1));
    assert_eq!(a.replies.visible, [0, 1, 3, 4, 6, 7]);
    a.update(Action::ShowAllTones);
    assert_eq!(a.replies.visible.len(), 9);
    assert!(!a.filter.any_hidden());
}

#[test]
fn a_digit_past_the_legend_changes_nothing_and_says_why() {
    let mut a = three_tone_app();
    a.update(Action::ToggleTone(7));
    assert_eq!(a.replies.visible.len(), 9);
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
    assert!(a.replies.visible.is_empty());
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
    assert_eq!(a.replies.visible.len(), 9);
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
    let per_page = a.replies_per_page();
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
    assert_eq!(a.reply_rows.len(), per_page);
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
            for act in actions {
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
    assert!(a.replies.visible.is_empty());
}
