//! The detail pane: the selected post whole, wrapped to the pane, and where its tone came from.

use std::rc::Rc;

use ratatui::layout::{Margin, Rect};

use super::wrap::{wrap, wrap_post};
use crate::model::{Document, PostIdx, ToneOrigin};

/// Columns of padding inside the border on either side of the text.
pub const DETAIL_PADDING: u16 = 1;

#[derive(Debug, Clone, Default)]
pub struct DetailView {
    /// The pane, border included; zero-sized when there is no room for it.
    area: Rect,
    /// Where the text goes: inside the border and the padding.
    text: Rect,
    post: Option<PostIdx>,
    /// The post's whole text wrapped to the pane (described posts leave room for the marker).
    lines: Rc<[String]>,
    /// Where the tone came from, wrapped: a computed tone's confidence and cues, or that the
    /// reader set it. Empty for a tone from the file.
    why: Vec<String>,
    /// (post, width) the lines were wrapped for.
    wrapped_for: Option<(PostIdx, usize)>,
}

impl DetailView {
    pub fn resize(&mut self, area: Rect) {
        self.area = area;
        self.text = area
            .inner(Margin::new(1, 1))
            .inner(Margin::new(DETAIL_PADDING, 0));
    }

    pub fn area(&self) -> Rect {
        self.area
    }

    /// Columns the text has.
    pub fn width(&self) -> usize {
        usize::from(self.text.width).max(1)
    }

    pub fn post(&self) -> Option<PostIdx> {
        self.post
    }

    pub fn lines(&self) -> &[String] {
        &self.lines
    }

    pub fn why(&self) -> &[String] {
        &self.why
    }

    /// Forgets the wrapped text: the document changed under the same post numbers.
    pub fn forget(&mut self) {
        self.wrapped_for = None;
    }

    /// Shows `post` (the selected one), rewrapping only when the post or the width changed.
    pub fn refresh(&mut self, doc: &Document, post: Option<PostIdx>) {
        self.post = post;
        let width = self.width();
        let Some(post) = post else {
            self.lines = Rc::from(Vec::new());
            self.why.clear();
            self.wrapped_for = None;
            return;
        };
        self.why = match doc.tone_origin(post) {
            ToneOrigin::Computed { confidence } => {
                // The cues start with the tone and confidence; say in words what it is.
                let explained = crate::tone::compute::explain(doc, post);
                let cues = explained
                    .split_once(": ")
                    .map_or("no tone cues", |(_, c)| c);
                wrap(
                    &format!("~ computed, confidence {confidence:.2}; cues: {cues}"),
                    width,
                )
            }
            ToneOrigin::Corrected => vec!["✎ tone set by you".to_string()],
            ToneOrigin::File => Vec::new(),
        };
        if self.wrapped_for != Some((post, width)) {
            self.lines = wrap_post(doc, post, width).into();
            self.wrapped_for = Some((post, width));
        }
    }
}
