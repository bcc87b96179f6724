//! Bugs that followed from state and geometry kept in two places, each pinned by a test.

use super::*;
use crate::app::keymap::{Key, Trigger};
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};

fn press(a: &mut App, code: KeyCode) -> Effect {
    a.handle_event(&Event::Key(KeyEvent::new(code, KeyModifiers::NONE)))
}

fn help_scroll(a: &App) -> usize {
    match &a.overlay {
        Some(Overlay::Help(h)) => h.scroll(),
        other => panic!("help is not open: {other:?}"),
    }
}

#[test]
fn help_scrolls_back_at_once_after_holding_j_and_pages_by_a_page() {
    let mut a = three_tone_app();
    a.update(Action::Resize {
        width: 80,
        height: 24,
    });
    press(&mut a, KeyCode::Char('?'));
    for _ in 0..200 {
        press(&mut a, KeyCode::Char('j'));
    }
    let bottom = help_scroll(&a);
    assert!(bottom > 0, "the help is longer than the screen");
    // The first k moves: the scroll stopped where the drawing stops.
    press(&mut a, KeyCode::Char('k'));
    assert_eq!(help_scroll(&a), bottom - 1);
    let Some(Overlay::Help(h)) = &a.overlay else {
        unreachable!()
    };
    assert_eq!(bottom, h.rows().len() - h.visible_rows());
    let page = h.visible_rows();
    assert!(page > 1);
    press(&mut a, KeyCode::Home);
    press(&mut a, KeyCode::PageDown);
    assert_eq!(help_scroll(&a), page.min(bottom));
    press(&mut a, KeyCode::PageUp);
    assert_eq!(help_scroll(&a), 0);
}

#[test]
fn background_tones_do_not_pull_a_wheel_scrolled_list_back_to_the_selection() {
    let mut a = tree_app_of(400);
    let work = crate::tone::compute::untagged(&a.doc);
    a.update(Action::TaggingStarted(work.len()));
    let rep = a.screen.replies;
    for _ in 0..30 {
        a.update(Action::ScrollAt {
            column: rep.x + 2,
            row: rep.y + 2,
            lines: 3,
        });
    }
    let top = a.replies.list().top;
    assert_eq!(top, 90);
    assert_eq!(
        a.replies.list().selected,
        0,
        "the wheel leaves the selection"
    );
    for chunk in work.posts.chunks(50) {
        a.update(Action::TonesComputed(crate::tone::compute::tag_batch(
            &work.store,
            chunk,
        )));
        assert_eq!(a.replies.list().top, top, "a batch of tones moved the view");
    }
    assert_eq!(a.status.tagging, None);
}

/// A wide thread of untagged replies to one post.
fn tree_app_of(n: usize) -> App {
    app(doc(n, &[None], &[]))
}

#[test]
fn a_cleared_message_is_redrawn_even_when_the_key_does_nothing_else() {
    let mut a = three_tone_app();
    a.update(Action::ToggleHelp);
    // A worker's news arrives while the help is open.
    a.update(Action::Notify("could not save".into()));
    assert!(a.message().is_some());
    a.take_dirty();
    // `]` means nothing in the help; the message it cleared must still leave the screen.
    assert_eq!(press(&mut a, KeyCode::Char(']')), Effect::None);
    assert_eq!(a.message(), None);
    assert!(a.take_dirty(), "the stale message would stay on screen");
    // A key that changes nothing at all asks for no drawing.
    assert_eq!(press(&mut a, KeyCode::Char(']')), Effect::None);
    assert!(!a.take_dirty());
}

#[test]
fn messages_and_hints_name_the_keys_the_tables_bind() {
    let mut tones = [Some("supportive"); 8];
    tones[1] = Some("critical");
    let mut a = tree_app(tones);
    // Bind context rows to `x` and thread order to `O`, as a remap would.
    for b in &mut a.keys.normal.bindings {
        let key = match &b.command {
            keymap::Command::Do(Action::ToggleContext) => 'x',
            keymap::Command::Do(Action::CycleOrder) => 'O',
            _ => continue,
        };
        b.triggers = vec![Trigger::Key(Key::plain(KeyCode::Char(key)))];
    }
    select(&mut a, 2);
    a.update(Action::ToggleTone(2)); // critical: p1
    a.update(Action::ToggleContext); // matches only: p1 leaves the list
    a.update(Action::Parent);
    let said = a.message().unwrap_or("");
    assert!(said.contains("(x shows context)"), "{said:?}");
    a.update(Action::CycleOrder);
    a.update(Action::ToggleFold);
    let said = a.message().unwrap_or("");
    assert!(said.contains("thread order (O)"), "{said:?}");
    a.update(Action::NextMatch);
    assert!(a.message().unwrap_or("").contains("/ starts one"));
    // The status line's hint follows the table too.
    for b in &mut a.keys.normal.bindings {
        if b.command == keymap::Command::Do(Action::NextQuote) {
            b.triggers = vec![Trigger::Key(Key::ctrl('n'))];
        }
    }
    let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).unwrap();
    a.update(Action::Resize {
        width: 80,
        height: 24,
    });
    t.draw(|f| crate::ui::draw(f, &a)).unwrap();
    let last: String = (0..80)
        .map(|x| t.backend().buffer()[(x, 23)].symbol().to_string())
        .collect();
    assert!(last.contains("Ctrl-N next"), "{last}");
}

#[test]
fn ctrl_c_and_the_mouse_go_through_the_key_table() {
    let mut a = three_tone_app();
    let ctrl_c = Event::Key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL));
    assert_eq!(a.handle_event(&ctrl_c), Effect::Quit);
    // Unbound, Ctrl-C does nothing.
    for b in &mut a.keys.normal.bindings {
        b.triggers.retain(|t| *t != Trigger::Key(Key::ctrl('c')));
    }
    assert_eq!(a.handle_event(&ctrl_c), Effect::None);
    let rep = a.screen.replies;
    let click = Event::Mouse(crossterm::event::MouseEvent {
        kind: crossterm::event::MouseEventKind::Down(crossterm::event::MouseButton::Left),
        column: rep.x + 3,
        row: rep.y + 1,
        modifiers: KeyModifiers::NONE,
    });
    a.handle_event(&click);
    assert_eq!(a.focus(), Pane::Replies);
}

#[test]
fn the_panes_wrap_rows_to_the_width_they_draw() {
    // Every visible row's lines fit the width its pane gives text at its depth.
    let mut a = tree_app([Some("supportive"); 8]);
    for (w, h) in [(120, 40), (80, 24), (70, 30), (40, 30), (24, 8)] {
        a.update(Action::Resize {
            width: w,
            height: h,
        });
        let g = *a.replies.geometry();
        for row in a.replies.visible() {
            let width = g.text_width(row.guides);
            for l in row.lines.iter() {
                assert!(
                    unicode_width::UnicodeWidthStr::width(l.as_str()) <= width,
                    "{w}x{h}: {l:?} is wider than {width}"
                );
            }
        }
        for l in a.detail.lines() {
            assert!(unicode_width::UnicodeWidthStr::width(l.as_str()) <= a.detail.width());
        }
    }
}
