//! A document that arrives in parts while it is shown.

use super::*;
use crate::app::action::Arrived;

/// The first `n` posts of `full`, as the loader's snapshot would have them.
fn part_of(full: &BundleFile, n: usize) -> Document {
    let mut b = full.clone();
    b.posts.truncate(n);
    build_document(b)
}

fn full() -> BundleFile {
    bundle(
        200,
        &[Some("supportive"), Some("critical"), None],
        &[0, 150],
    )
}

#[test]
fn more_posts_fill_in_without_moving_the_view_or_the_selection() {
    let full = full();
    let mut app = app(part_of(&full, 50));
    app.update(Action::DocumentArrived(Arrived::part(
        part_of(&full, 50),
        Some(200),
    )));
    app.update(Action::FocusNext);
    for _ in 0..20 {
        app.update(Action::MoveDown);
    }
    let selected = app.replies().selected_post();
    let top = app
        .replies()
        .list()
        .rows
        .get(app.replies().list().top)
        .unwrap()
        .post;
    assert_eq!(app.status().loading, Some((50, Some(200))));

    app.update(Action::DocumentArrived(Arrived::part(
        part_of(&full, 120),
        Some(200),
    )));
    assert_eq!(app.doc().len(), 120);
    assert_eq!(app.replies().list().rows.len(), 120);
    assert_eq!(app.replies().selected_post(), selected);
    assert_eq!(
        app.replies()
            .list()
            .rows
            .get(app.replies().list().top)
            .unwrap()
            .post,
        top
    );
    assert_eq!(app.filter().total_posts(), 120);

    app.update(Action::DocumentArrived(Arrived::whole(build_document(
        full,
    ))));
    assert_eq!(app.doc().len(), 200);
    assert_eq!(app.status().loading, None);
    assert_eq!(app.replies().selected_post(), selected);
    // The quote of post 150 found its post once it arrived.
    assert_eq!(app.article().quotes().len(), 2);
}

#[test]
fn a_correction_made_while_loading_stays_on_its_post() {
    let full = full();
    let mut app = app(part_of(&full, 30));
    app.update(Action::FocusNext);
    app.update(Action::MoveDown);
    let post = app.replies().selected_post().expect("a selection");
    let critical = app.doc().tones.index_of("critical").expect("critical");
    app.update(Action::PickTone);
    let effect = app.update(Action::ChooseTone(critical as u8 + 1));
    assert!(matches!(effect, Effect::SaveCorrection(_)), "{effect:?}");
    assert_eq!(app.doc().tone_origin(post), ToneOrigin::Corrected);

    app.update(Action::DocumentArrived(Arrived::whole(build_document(
        full,
    ))));
    assert_eq!(app.doc().tone_origin(post), ToneOrigin::Corrected);
    assert_eq!(app.doc().tone(post), Some(critical));
}

#[test]
fn a_hidden_tone_stays_hidden_as_posts_arrive() {
    let full = full();
    let mut app = app(part_of(&full, 30));
    app.update(Action::ToggleTone(2)); // critical
    let shown = app.replies().list().rows.len();
    assert_eq!(shown, 20);
    app.update(Action::DocumentArrived(Arrived::whole(build_document(
        full,
    ))));
    let rows = &app.replies().list().rows;
    assert_eq!(rows.len(), 133, "every post but the 67 critical ones");
    let critical = ToneKey::Tone(app.doc().tones.index_of("critical").unwrap());
    assert!(
        rows.iter()
            .filter(|r| !r.context)
            .all(|r| app.doc().tone_key(r.post) != critical)
    );
}
