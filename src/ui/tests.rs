//! Each widget drawn alone into a buffer the size of the screen: it draws inside its own pane
//! and nowhere else, and shows what its component holds.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Color;
use ratatui::widgets::Widget;

use super::*;
use crate::app::{Action, App, Theme};
use crate::load::build_document;
use crate::load::bundle::{ArticleFile, AuthorFile, BlockFile, BundleFile, PostFile};

fn app() -> App {
    let posts = (0..6)
        .map(|i| PostFile {
            id: format!("p{i}"),
            author: AuthorFile {
                name: format!("Author {i}"),
                handle: Some(format!("a{i}")),
            },
            text: format!("Reply {i} says the tide was high."),
            in_reply_to: (i > 0).then(|| "p0".to_string()),
            tone: Some(["supportive", "critical", "humorous"][i % 3].to_string()),
            text_is_description: i == 1,
            ..Default::default()
        })
        .collect();
    let doc = build_document(BundleFile {
        format: Some("chorus/1".into()),
        article: ArticleFile {
            title: "High tide at the club".into(),
            blocks: vec![
                BlockFile::Paragraph {
                    text: "The courts flooded by noon.".into(),
                },
                BlockFile::Embed { post: "p1".into() },
            ],
            ..Default::default()
        },
        posts,
    });
    let mut a = App::new(doc, Theme::new(true));
    a.update(Action::Resize {
        width: 100,
        height: 30,
    });
    a.update(Action::NextQuote);
    a
}

fn text(buf: &Buffer, area: Rect) -> String {
    let mut s = String::new();
    for y in area.top()..area.bottom() {
        for x in area.left()..area.right() {
            s.push_str(buf[(x, y)].symbol());
        }
        s.push('\n');
    }
    s
}

/// Draws `w` into an empty screen and checks that every cell it touched is inside `area`.
fn alone(a: &App, area: Rect, w: impl Widget) -> String {
    let screen = a.screen().area;
    let mut buf = Buffer::empty(screen);
    w.render(area, &mut buf);
    for y in screen.top()..screen.bottom() {
        for x in screen.left()..screen.right() {
            let cell = &buf[(x, y)];
            let touched =
                cell.symbol() != " " || cell.fg != Color::Reset || cell.bg != Color::Reset;
            assert!(
                !touched || area.contains((x, y).into()),
                "drew at {x},{y} outside {area:?}"
            );
        }
    }
    text(&buf, area)
}

#[test]
fn the_article_draws_its_lines_and_the_current_quote() {
    let a = app();
    let s = alone(&a, a.screen().article, ArticleWidget::new(&a));
    assert!(s.contains("High tide at the club"), "{s}");
    assert!(s.contains("▶ Author 1"), "{s}");
    assert!(s.contains("(described) Reply 1"), "{s}");
}

#[test]
fn the_reply_list_draws_its_rows_and_strip() {
    let a = app();
    let s = alone(&a, a.screen().replies, ReplyListWidget::new(&a));
    assert!(s.contains("[S] Author 0"), "{s}");
    assert!(s.contains("▌│ [C] Author 1"), "{s}");
    assert!(s.contains(" 2/6 "), "{s}");
}

#[test]
fn the_detail_pane_draws_the_selected_post() {
    let a = app();
    let s = alone(&a, a.screen().detail, DetailWidget::new(&a));
    assert!(s.contains("Author 1 @a1"), "{s}");
    assert!(s.contains("[C] critical"), "{s}");
    assert!(s.contains("↳ Author 0"), "{s}");
}

#[test]
fn the_legend_draws_every_tone_and_the_count() {
    let a = app();
    let s = alone(&a, a.screen().legend, LegendWidget::new(&a));
    assert!(s.contains("1[S] supportive 2"), "{s}");
    assert!(s.contains("6 of 6 shown"), "{s}");
}

#[test]
fn the_status_line_says_where_the_reader_is() {
    let a = app();
    let s = alone(&a, a.screen().status, StatusWidget::new(&a));
    assert!(s.contains("quote 1 of 1 · ? help"), "{s}");
}

#[test]
fn the_overlays_draw_inside_their_popups() {
    let mut a = app();
    a.update(Action::ToggleHelp);
    let Some(crate::app::Overlay::Help(help)) = a.overlay() else {
        panic!("help is open")
    };
    let look = Look::of(&a);
    let s = alone(&a, help.popup(), HelpWidget { help, look });
    assert!(s.contains("next quote in the article"), "{s}");
    a.update(Action::Back);
    a.update(Action::FocusNext);
    a.update(Action::PickTone);
    let Some(crate::app::Overlay::TonePicker(picker)) = a.overlay() else {
        panic!("the picker is open")
    };
    let w = PickerWidget {
        picker,
        doc: a.doc(),
        look: Look::of(&a),
        keys: a.keys(),
    };
    let s = alone(&a, picker.popup(), w);
    assert!(s.contains("[C] critical ← now"), "{s}");
    assert!(s.contains("Enter or 1-9 sets it; Esc leaves it."), "{s}");
}
