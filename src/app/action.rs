//! What the reader can be asked to do ([`Action`]), and what the event loop must do afterwards
//! ([`Effect`]): `update` changes state only, so anything that touches the world outside (the
//! browser, the clipboard, the sidecar file) is handed back as an effect.

use super::search::{PostsFound, SearchRequest};
use crate::model::Document;
use crate::tone::ComputedTone;

/// Everything the reader can be asked to do. Keys become actions through the key tables
/// ([`super::keymap`]); background work reports through actions too.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    NextQuote,
    PrevQuote,
    /// Scroll the article to the selected reply's quote.
    ShowQuote,
    MoveDown,
    MoveUp,
    ScrollPageDown,
    ScrollPageUp,
    /// Half a page down (Ctrl-d), as less and vim do.
    HalfPageDown,
    /// Half a page up (Ctrl-u).
    HalfPageUp,
    /// Give the terminal back and stop until `fg` (Ctrl-Z).
    Suspend,
    /// Paint every cell again (Ctrl-L).
    Redraw,
    Top,
    Bottom,
    FocusNext,
    FocusPrev,
    /// Select the parent of the selected reply.
    Parent,
    /// Select the first reply to the selected post (unfolding it).
    FirstReply,
    NextSibling,
    PrevSibling,
    ToggleFold,
    FoldAll,
    UnfoldAll,
    /// Switch between context rows for hidden ancestors and matches only.
    ToggleContext,
    /// Cycle thread order, oldest first, newest first.
    CycleOrder,
    /// Toggle the tone at this place (1-based) in the legend.
    ToggleTone(u8),
    ShowAllTones,
    /// Mute the selected post's author everywhere, or unmute them (`m`).
    ToggleMute,
    /// Unmute every author (`M`).
    UnmuteAll,
    /// A worker's matches for a filter expression.
    Filtered(Box<Filtered>),
    /// Apply this filter expression (a named filter's key); again, clear it.
    UseFilter(String),
    /// Open the filter prompt (`f`).
    FilterStart,
    FilterInput(char),
    FilterBackspace,
    /// Enter in the filter prompt: apply it (an empty one clears the filter).
    FilterAccept,
    /// Esc in the filter prompt: close it, the filter as it was.
    FilterCancel,
    SearchStart,
    SearchInput(char),
    SearchBackspace,
    SearchAccept,
    SearchCancel,
    NextMatch,
    PrevMatch,
    /// Open the selected post's link (or the article's, from the article pane).
    OpenLink,
    /// Copy the selected post's text and link to the clipboard.
    CopyPost,
    /// Open the tone picker for the selected post.
    PickTone,
    /// Open or close the overview pane (`v`).
    ToggleOverview,
    /// In the overview: choose the row under the cursor.
    ChooseRow,
    /// In the overview: the first row of the next section.
    NextSection,
    /// In the overview: the first row of the previous section.
    PrevSection,
    /// Fetch the link again and take in what changed (`r`).
    Refresh,
    /// Go to the next post new since the last visit.
    NextNew,
    /// Go to the previous post new since the last visit.
    PrevNew,
    /// In the picker: choose the tone at this place (1-based), or the highlighted one (0).
    ChooseTone(u8),
    ToggleHelp,
    /// Esc: close an overlay, or quit when none is open.
    Back,
    Quit,
    /// Select the post with this id and bring its quote into view (`--focus`).
    FocusPost(String),
    /// Tell the reader how an effect went (a follow-up from the effect runner).
    Notify(String),
    /// The background tagger is starting on this many posts.
    TaggingStarted(usize),
    /// A batch of computed tones from the background tagger.
    TonesComputed(Vec<ComputedTone>),
    /// The background tagger stopped on an error; the rest stay untagged.
    TaggingFailed,
    /// A document read as it comes: more of it, or all of it.
    DocumentArrived(Arrived),
    /// A document read as it comes: how many posts are read so far, of about how many.
    LoadProgress {
        posts: usize,
        expected: Option<usize>,
    },
    /// Matches the search worker found, and how far it has got.
    PostsFound(PostsFound),
    /// The document came from this link; `new` are its posts not seen at the last visit,
    /// which was at `since` (`None` on the first visit).
    LinkOpened {
        url: String,
        new: Vec<crate::model::PostIdx>,
        since: Option<jiff::Timestamp>,
    },
    /// The overview's figures, counted on a worker.
    Tallied(Box<crate::stats::Tallied>),
    /// Fetching the link again: how far it has got.
    Refetching(String),
    /// The link fetched again, merged with the document shown.
    Refetched(Box<Refetched>),
    /// Fetching the link again failed: why, in one line.
    RefetchFailed(String),
    Resize {
        width: u16,
        height: u16,
    },
    /// Mouse wheel at a screen cell; negative is up.
    ScrollAt {
        column: u16,
        row: u16,
        lines: i8,
    },
    ClickAt {
        column: u16,
        row: u16,
    },
}

impl Action {
    /// Whether the action comes from the reader's own hand (a key or a click), as opposed to a
    /// resize, the wheel or background work. A one-off message lasts until the next such action.
    pub fn is_from_reader(&self) -> bool {
        !matches!(
            self,
            Action::Resize { .. }
                | Action::ScrollAt { .. }
                | Action::TonesComputed(_)
                | Action::TaggingStarted(_)
                | Action::TaggingFailed
                | Action::DocumentArrived(_)
                | Action::LoadProgress { .. }
                | Action::PostsFound(_)
                | Action::Notify(_)
                | Action::LinkOpened { .. }
                | Action::Tallied(_)
                | Action::Filtered(_)
                | Action::Refetching(_)
                | Action::Refetched(_)
                | Action::RefetchFailed(_)
        )
    }
}

/// The document as read so far, replacing the one shown: the same posts at the same places,
/// and more after them.
#[derive(Debug, Clone)]
pub struct Arrived {
    pub doc: Box<Document>,
    /// While the rest is read: the posts in, and about how many the input holds. `None` once
    /// this is the whole document.
    pub loading: Option<(usize, Option<usize>)>,
}

impl Arrived {
    /// Part of a document whose input holds about `expected` posts.
    pub fn part(doc: Document, expected: Option<usize>) -> Self {
        let posts = doc.len();
        Arrived {
            doc: Box::new(doc),
            loading: Some((posts, expected)),
        }
    }

    /// All of a document.
    pub fn whole(doc: Document) -> Self {
        Arrived {
            doc: Box::new(doc),
            loading: None,
        }
    }
}

impl PartialEq for Arrived {
    /// The same arrival: documents are too large to compare, and never compared.
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(&*self.doc, &*other.doc) && self.loading == other.loading
    }
}

/// A link's document fetched again and merged with the one shown: every old post is at
/// `remap[old]` (`None` for a row the fetch replaced, such as a "more replies" row now loaded),
/// and `added` are the posts that are new.
#[derive(Debug, Clone)]
pub struct Refetched {
    pub doc: Box<Document>,
    pub remap: Vec<Option<crate::model::PostIdx>>,
    pub added: Vec<crate::model::PostIdx>,
}

impl PartialEq for Refetched {
    /// The same answer: documents are too large to compare, and never compared.
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(&*self.doc, &*other.doc)
    }
}

/// A filter expression for a worker to match: the document as it is now (its words shared).
#[derive(Debug, Clone)]
pub struct FilterRequest {
    pub generation: u64,
    pub text: String,
    pub doc: Box<Document>,
}

impl PartialEq for FilterRequest {
    fn eq(&self, other: &Self) -> bool {
        self.generation == other.generation
    }
}

impl Eq for FilterRequest {}

impl FilterRequest {
    /// Matches (on whatever thread calls it).
    pub fn run(self) -> Filtered {
        let matches = crate::filter::parse(&self.text)
            .map(|e| e.matches(&self.doc))
            .unwrap_or_default();
        Filtered {
            generation: self.generation,
            text: self.text,
            matches,
        }
    }
}

/// A worker's answer to a [`FilterRequest`]: which posts match, by post index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filtered {
    pub generation: u64,
    pub text: String,
    pub matches: Vec<bool>,
}

/// A tone the reader set on a post, for the sidecar file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Correction {
    pub post_id: String,
    pub tone: String,
}

/// What the event loop must carry out after an update. Redrawing is not an effect: the loop
/// asks [`super::App::take_dirty`] after every update.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    None,
    Quit,
    /// Open this URL in the browser.
    OpenUrl(String),
    /// Put this text on the clipboard.
    Copy(String),
    /// Save this correction beside the input (merged with what the file already holds).
    SaveCorrection(Correction),
    /// Stop the process until it is continued, the terminal given back meanwhile.
    Suspend,
    /// Clear the terminal and draw every cell again.
    Redraw,
    /// Match a filter expression on a worker, and report with [`Action::Filtered`].
    Filter(Box<FilterRequest>),
    /// Save the muted authors (beside the config file).
    SaveMutes(crate::mutes::Mutes),
    /// Count the overview's figures on a worker, and report with [`Action::Tallied`].
    Tally(Box<crate::stats::TallyRequest>),
    /// Fetch this link again, and report with [`Action::Refetched`] or
    /// [`Action::RefetchFailed`] (progress with [`Action::Refetching`]).
    Refresh(String),
    /// Look through the document's posts for a search, off the UI thread, and report with
    /// [`Action::PostsFound`].
    Search(SearchRequest),
}

/// The two scrollable panes that take focus.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    Article,
    Replies,
}

impl Pane {
    pub fn other(self) -> Pane {
        match self {
            Pane::Article => Pane::Replies,
            Pane::Replies => Pane::Article,
        }
    }
}

/// Which key table applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Normal,
    /// Typing a search query in the prompt.
    SearchPrompt,
    /// Reading the key help.
    Help,
    /// Choosing a tone in the picker.
    TonePicker,
    /// In the overview pane.
    Overview,
    /// Typing a filter expression.
    FilterPrompt,
}
