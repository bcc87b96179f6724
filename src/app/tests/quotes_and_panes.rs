//! Quotes, moving and scrolling the panes, help, sizes.

use super::*;

#[test]
fn starts_at_the_top_with_the_article_focused_and_everything_shown() {
    let a = three_tone_app();
    assert_eq!(a.focus(), Pane::Article);
    assert_eq!(a.article.scroll(), 0);
    assert_eq!(a.article.quote(), None);
    assert_eq!(shown(&a), (0..9).collect::<Vec<_>>());
    assert_eq!(a.filter.shown_posts(), 9);
}

#[test]
fn next_and_previous_quote_walk_the_quotes_in_order_and_select_the_post() {
    let mut a = three_tone_app();
    assert_eq!(a.article.quotes().len(), 6);
    a.update(Action::NextQuote);
    assert_eq!(a.article.quote(), Some(0));
    assert_eq!(a.replies.selected_post(), Some(0));
    a.update(Action::NextQuote);
    a.update(Action::NextQuote);
    assert_eq!(a.article.quote(), Some(2));
    assert_eq!(a.replies.selected_post(), Some(2));
    a.update(Action::PrevQuote);
    assert_eq!(a.article.quote(), Some(1));
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
        let span = a.article.quotes()[a.article.quote().unwrap()];
        let h = a.article.height();
        assert!(
            span.first >= a.article.scroll(),
            "quote starts above the view"
        );
        assert!(
            span.last < a.article.scroll() + h,
            "quote ends below the view"
        );
    }
}

#[test]
fn quote_navigation_stops_at_the_ends_with_a_message() {
    let mut a = three_tone_app();
    a.update(Action::PrevQuote);
    assert_eq!(a.article.quote(), None);
    assert!(a.message().is_some());
    for _ in 0..10 {
        a.update(Action::NextQuote);
    }
    assert_eq!(a.article.quote(), Some(5));
    assert!(
        a.message().unwrap_or("").contains("last"),
        "{:?}",
        a.status.message
    );
}

#[test]
fn quote_navigation_skips_quotes_whose_post_is_hidden() {
    let mut a = three_tone_app();
    // Hide critical (legend place 2): posts 1, 4, 7.
    a.update(Action::ToggleTone(2));
    a.update(Action::NextQuote);
    assert_eq!(a.article.quote(), Some(0));
    a.update(Action::NextQuote);
    // Quote 1 quotes p1 (critical, hidden), so the jump lands on quote 2.
    assert_eq!(a.article.quote(), Some(2));
    assert!(
        a.message().unwrap_or("").contains("hidden"),
        "{:?}",
        a.status.message
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
    assert_eq!(a.article.quote(), Some(4));
    let span = a.article.quotes()[4];
    assert!(
        span.first >= a.article.scroll() && span.last < a.article.scroll() + a.article.height()
    );
}

#[test]
fn enter_on_a_reply_the_article_does_not_quote_says_so() {
    let mut a = three_tone_app();
    a.update(Action::FocusNext);
    a.update(Action::Bottom);
    assert_eq!(a.replies.selected_post(), Some(8));
    a.update(Action::ShowQuote);
    assert_eq!(a.article.quote(), None);
    assert!(
        a.status
            .message
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
    assert!(a.message().unwrap_or("").contains("no tone 7"));
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
    assert_eq!(a.article.quote(), None, "every quote's post is hidden");
    a.update(Action::ShowAllTones);
    assert_eq!(shown(&a).len(), 9);
}

#[test]
fn focus_cycles_between_the_panes() {
    let mut a = three_tone_app();
    a.update(Action::FocusNext);
    assert_eq!(a.focus(), Pane::Replies);
    a.update(Action::FocusNext);
    assert_eq!(a.focus(), Pane::Article);
    a.update(Action::FocusPrev);
    assert_eq!(a.focus(), Pane::Replies);
}

#[test]
fn moving_in_the_article_scrolls_within_bounds() {
    let mut a = three_tone_app();
    a.update(Action::Resize {
        width: 80,
        height: 24,
    });
    a.update(Action::MoveUp);
    assert_eq!(a.article.scroll(), 0);
    a.update(Action::MoveDown);
    assert_eq!(a.article.scroll(), 1);
    a.update(Action::ScrollPageDown);
    assert_eq!(a.article.scroll(), 1 + a.article.height() - 2);
    a.update(Action::Bottom);
    let max = a.article.lines().len() - a.article.height();
    assert_eq!(a.article.scroll(), max);
    a.update(Action::MoveDown);
    assert_eq!(a.article.scroll(), max);
    a.update(Action::Top);
    assert_eq!(a.article.scroll(), 0);
}

#[test]
fn moving_in_the_replies_keeps_the_selection_on_screen_and_in_bounds() {
    let mut a = app(doc(500, &[Some("neutral")], &[]));
    a.update(Action::Resize {
        width: 80,
        height: 24,
    });
    a.update(Action::FocusNext);
    let per_page = a
        .replies
        .list()
        .page_rows(a.replies.geometry().list_height());
    a.update(Action::MoveUp);
    assert_eq!(a.replies.list().selected, 0);
    for _ in 0..per_page + 3 {
        a.update(Action::MoveDown);
    }
    assert_eq!(a.replies.list().selected, per_page + 3);
    assert!(
        a.replies.list().selected >= a.replies.list().top
            && a.replies.list().selected < a.replies.list().top + per_page
    );
    a.update(Action::ScrollPageDown);
    assert_eq!(a.replies.list().selected, 2 * per_page + 3);
    a.update(Action::Bottom);
    assert_eq!(a.replies.list().selected, 499);
    assert_eq!(a.replies.list().top, 500 - per_page);
    a.update(Action::ScrollPageDown);
    assert_eq!(a.replies.list().selected, 499);
    a.update(Action::Top);
    assert_eq!((a.replies.list().selected, a.replies.list().top), (0, 0));
    // Whole rows, and one more clipped at the bottom when the pane height is not a multiple.
    let partial = usize::from(
        !a.replies
            .geometry()
            .list_height()
            .is_multiple_of(usize::from(ENTRY_HEIGHT)),
    );
    assert_eq!(a.replies.visible().len(), per_page + partial);
    assert_eq!(a.replies.visible()[0].post, 0);
}

#[test]
fn the_wheel_scrolls_the_pane_under_the_pointer_and_a_click_selects_a_reply() {
    let mut a = app(doc(50, &[Some("neutral")], &[]));
    a.update(Action::Resize {
        width: 80,
        height: 24,
    });
    assert!(a.article.lines().len() > a.article.height() + 3);
    let art = a.screen.article;
    a.update(Action::ScrollAt {
        column: art.x + 2,
        row: art.y + 2,
        lines: 1,
    });
    assert_eq!(a.article.scroll(), 3);
    let rep = a.screen.replies;
    a.update(Action::ScrollAt {
        column: rep.x + 2,
        row: rep.y + 2,
        lines: 2,
    });
    assert_eq!(a.replies.list().top, 2);
    assert_eq!(
        a.replies.list().selected,
        0,
        "the wheel does not move the selection"
    );
    // The second entry on screen starts ENTRY_HEIGHT rows below the first.
    a.update(Action::ClickAt {
        column: rep.x + 3,
        row: rep.y + 1 + ENTRY_HEIGHT,
    });
    assert_eq!(a.focus(), Pane::Replies);
    assert_eq!(a.replies.list().selected, 3);
    a.update(Action::ClickAt {
        column: art.x + 3,
        row: art.y + 3,
    });
    assert_eq!(a.focus(), Pane::Article);
}

#[test]
fn help_opens_closes_and_holds_keys_while_open() {
    let mut a = three_tone_app();
    a.update(Action::ToggleHelp);
    assert!(a.overlay.is_some());
    assert_eq!(a.update(Action::NextQuote), Effect::None);
    assert_eq!(a.article.quote(), None);
    assert_eq!(a.update(Action::Back), Effect::None);
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
        let span = a.article.quotes()[4];
        assert!(
            span.first >= a.article.scroll()
                && span.first < a.article.scroll() + a.article.height().max(1),
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

// ---- links, clipboard, focus ------------------------------------------------------------

#[test]
fn open_and_copy_return_effects_and_say_when_there_is_no_link() {
    let mut a = all_supportive();
    a.update(Action::FocusNext);
    assert_eq!(a.update(Action::OpenLink), Effect::None);
    assert!(a.message().unwrap_or("").contains("no URL"));
    match a.update(Action::CopyPost) {
        Effect::Copy(text) => assert!(text.contains("Post 0")),
        e => panic!("{e:?}"),
    }
    assert!(a.message().unwrap_or("").contains("no link"));
    let mut b = app(doc_with_url("https://example.social/p0"));
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
    a.update(Action::FocusPost("p2".into()));
    assert_eq!(a.replies.selected_post(), Some(2));
    assert_eq!(a.article.quote(), Some(0));
    a.update(Action::FocusPost("nope".into()));
    assert_eq!(a.replies.selected_post(), Some(2));
    assert!(a.message().unwrap_or("").contains("no post with id"));
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
    let n = a.replies.strip().len();
    assert_eq!(n, usize::from(a.replies.geometry().strip.height));
    let supportive = ToneKey::Tone(0);
    let critical = ToneKey::Tone(4);
    assert_eq!(a.replies.strip()[0], Some(supportive));
    assert_eq!(a.replies.strip()[n - 1], Some(critical));
}

#[test]
fn a_click_on_the_minimap_jumps_there() {
    let mut a = app(doc(400, &[Some("neutral")], &[]));
    let strip = a.replies.geometry().strip;
    a.update(Action::ClickAt {
        column: strip.x,
        row: strip.y + strip.height - 1,
    });
    assert!(
        a.replies.list().selected > 350,
        "{}",
        a.replies.list().selected
    );
    assert_eq!(a.focus(), Pane::Replies);
}

#[test]
fn half_pages_move_half_as_far_as_pages_in_both_panes() {
    let mut a = app(doc(200, &[Some("neutral")], &[]));
    // The article: a page keeps two lines for context, half a page is half the height.
    let h = a.article.area().height.saturating_sub(2) as usize;
    a.update(Action::HalfPageDown);
    let half = a.article.scroll();
    assert!(half > 0 && half <= h / 2 + 1, "{half} of {h}");
    a.update(Action::HalfPageUp);
    assert_eq!(a.article.scroll(), 0);
    // The replies: the selection moves by half the rows a page moves it.
    a.update(Action::FocusNext);
    a.update(Action::ScrollPageDown);
    let page = a.replies.list().selected;
    a.update(Action::Top);
    a.update(Action::HalfPageDown);
    let half = a.replies.list().selected;
    assert!(half > 0 && half == (page / 2).max(1), "{half} of {page}");
    a.update(Action::HalfPageUp);
    assert_eq!(a.replies.list().selected, 0);
}

#[test]
fn ctrl_z_and_ctrl_l_ask_the_loop_to_suspend_and_redraw() {
    let mut a = app(doc(3, &[Some("neutral")], &[]));
    assert_eq!(a.update(Action::Suspend), Effect::Suspend);
    assert_eq!(a.update(Action::Redraw), Effect::Redraw);
    let keys = KeyMap::default();
    let ctrl = |c| {
        crossterm::event::KeyEvent::new(
            crossterm::event::KeyCode::Char(c),
            crossterm::event::KeyModifiers::CONTROL,
        )
    };
    for mode in [Mode::Normal, Mode::Overview] {
        assert_eq!(keys.action_for(mode, ctrl('z')), Some(Action::Suspend));
        assert_eq!(keys.action_for(mode, ctrl('l')), Some(Action::Redraw));
    }
    assert_eq!(
        keys.action_for(Mode::Normal, ctrl('d')),
        Some(Action::HalfPageDown)
    );
    assert_eq!(
        keys.action_for(Mode::Normal, ctrl('u')),
        Some(Action::HalfPageUp)
    );
    assert_eq!(
        keys.action_for(Mode::Normal, ctrl('f')),
        Some(Action::ScrollPageDown)
    );
    assert_eq!(
        keys.action_for(Mode::Normal, ctrl('b')),
        Some(Action::ScrollPageUp)
    );
}
