//! Tones at run time: the filter, the picker, corrections and the background tagger.

use super::*;

// ---- tones: computed and corrected -------------------------------------------------------

#[test]
fn the_picker_sets_a_tone_records_the_correction_and_asks_to_save() {
    let mut a = all_supportive();
    a.update(Action::FocusNext);
    select(&mut a, 2);
    a.update(Action::PickTone);
    assert_eq!(a.mode(), Mode::TonePicker);
    assert_eq!(picker(&a), Some((2, 0)));
    // Keys meant for the list move the picker's cursor instead.
    a.update(Action::MoveDown);
    assert_eq!(picker(&a), Some((2, 1)));
    let effect = a.update(Action::ChooseTone(5)); // critical
    assert!(a.overlay.is_none());
    assert_eq!(a.doc.post(2).tone, Some(4));
    assert_eq!(a.doc.post(2).tone_origin, ToneOrigin::Corrected);
    assert_eq!(
        effect,
        Effect::SaveCorrection(Correction {
            post_id: "p2".into(),
            tone: "critical".into()
        })
    );
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
    assert!(a.overlay.is_none());
    assert_eq!(a.doc.post(0).tone, Some(0));
    a.update(Action::PickTone);
    a.update(Action::MoveDown);
    a.update(Action::MoveDown);
    assert!(matches!(
        a.update(Action::ChooseTone(0)),
        Effect::SaveCorrection(_)
    ));
    assert_eq!(a.doc.post(0).tone, Some(2), "reassuring");
    // A place past the list is refused.
    a.update(Action::PickTone);
    assert_eq!(a.update(Action::ChooseTone(9)), Effect::None);
    assert!(a.overlay.is_some());
}

#[test]
fn computed_tones_fill_in_and_the_progress_ends() {
    let mut a = tree_app([None; 8]);
    assert_eq!(a.filter.legend, [(ToneKey::Untagged, 8)]);
    let work = crate::tone::compute::untagged(&a.doc);
    a.update(Action::TaggingStarted(work.len()));
    assert_eq!(a.status.tagging, Some((0, 8)));
    a.update(Action::TonesComputed(crate::tone::compute::tag_batch(
        &work.store,
        &work.posts[..3],
    )));
    assert_eq!(a.status.tagging, Some((3, 8)));
    assert_eq!(a.doc.tones.untagged, 5);
    a.update(Action::TonesComputed(crate::tone::compute::tag_batch(
        &work.store,
        &work.posts[3..],
    )));
    assert_eq!(a.status.tagging, None);
    assert_eq!(a.doc.tones.untagged, 0);
    assert!(
        a.doc
            .posts()
            .all(|p| matches!(p.tone_origin, ToneOrigin::Computed { .. }))
    );
    assert!(!a.filter.legend.iter().any(|(k, _)| *k == ToneKey::Untagged));
    // The detail pane explains the selected post's computed tone.
    assert!(
        a.detail.why()[0].starts_with("~ computed, confidence"),
        "{:?}",
        a.detail.why()
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
        &work.store,
        &work.posts,
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
