//! The key tables: the one place that says which key does what, per mode. The app dispatches
//! from them, and the help overlay and README's key table are generated from them, so they
//! cannot drift apart.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::{Action, Mode};

/// One row of a key table.
#[derive(Debug, Clone)]
pub struct Binding {
    pub keys: &'static [KeyCode],
    /// How the keys are written in help.
    pub label: &'static str,
    pub command: Command,
    pub help: &'static str,
}

/// What a binding does: one action, or one chosen by the key pressed.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    Do(Action),
    /// `1`..`9`: the tone at that place in the legend.
    ToggleToneAtDigit,
    /// Any printable character: typed into the search prompt.
    TypeChar,
    /// `1`..`9` in the tone picker: the tone at that place.
    ChooseToneAtDigit,
}

use Action::*;
use KeyCode::{
    BackTab, Backspace, Char, Down, End, Enter, Esc, Home, Left, PageDown, PageUp, Right, Tab, Up,
};

const DIGITS: &[KeyCode] = &[
    Char('1'),
    Char('2'),
    Char('3'),
    Char('4'),
    Char('5'),
    Char('6'),
    Char('7'),
    Char('8'),
    Char('9'),
];

macro_rules! bind {
    ($keys:expr, $label:expr, $cmd:expr, $help:expr) => {
        Binding {
            keys: $keys,
            label: $label,
            command: $cmd,
            help: $help,
        }
    };
}

/// Keys while reading.
#[rustfmt::skip]
pub const KEYMAP: &[Binding] = &[
    bind!(&[Char(']')], "]", Command::Do(NextQuote), "next quote in the article"),
    bind!(&[Char('[')], "[", Command::Do(PrevQuote), "previous quote in the article"),
    bind!(&[Enter], "Enter", Command::Do(ShowQuote), "show the selected reply's quote in the article"),
    bind!(&[Char('j'), Down], "j ↓", Command::Do(MoveDown), "next reply / scroll down"),
    bind!(&[Char('k'), Up], "k ↑", Command::Do(MoveUp), "previous reply / scroll up"),
    bind!(&[PageDown], "PgDn", Command::Do(ScrollPageDown), "page down"),
    bind!(&[PageUp], "PgUp", Command::Do(ScrollPageUp), "page up"),
    bind!(&[Char('g'), Home], "g Home", Command::Do(Top), "go to the top"),
    bind!(&[Char('G'), End], "G End", Command::Do(Bottom), "go to the bottom"),
    bind!(&[Tab], "Tab", Command::Do(FocusNext), "focus the next pane"),
    bind!(&[BackTab], "Shift-Tab", Command::Do(FocusPrev), "focus the previous pane"),
    bind!(&[Char('h'), Left], "h ←", Command::Do(Parent), "go to the parent post"),
    bind!(&[Char('l'), Right], "l →", Command::Do(FirstReply), "go to the first reply"),
    bind!(&[Char('J')], "J", Command::Do(NextSibling), "next sibling"),
    bind!(&[Char('K')], "K", Command::Do(PrevSibling), "previous sibling"),
    bind!(&[Char(' ')], "Space", Command::Do(ToggleFold), "fold/unfold the selected post's replies"),
    bind!(&[Char('z')], "z", Command::Do(FoldAll), "fold all"),
    bind!(&[Char('Z')], "Z", Command::Do(UnfoldAll), "unfold all"),
    bind!(DIGITS, "1-9", Command::ToggleToneAtDigit, "hide/show the tone at that place in the legend"),
    bind!(&[Char('0')], "0", Command::Do(ShowAllTones), "show all tones"),
    bind!(&[Char('c')], "c", Command::Do(ToggleContext), "context rows for hidden posts / matches only"),
    bind!(&[Char('s')], "s", Command::Do(CycleOrder), "order: thread, oldest first, newest first"),
    bind!(&[Char('/')], "/", Command::Do(SearchStart), "search the article and the posts"),
    bind!(&[Char('n')], "n", Command::Do(NextMatch), "next match"),
    bind!(&[Char('N')], "N", Command::Do(PrevMatch), "previous match"),
    bind!(&[Char('o')], "o", Command::Do(OpenLink), "open the post's link (the article's, from the article)"),
    bind!(&[Char('y')], "y", Command::Do(CopyPost), "copy the post and its link (OSC 52)"),
    bind!(&[Char('T')], "T", Command::Do(PickTone), "set the selected post's tone (saved beside the file)"),
    bind!(&[Char('?')], "?", Command::Do(ToggleHelp), "show/hide this help"),
    bind!(&[Esc], "Esc", Command::Do(Back), "close the help, clear the search, or quit"),
    bind!(&[Char('q')], "q", Command::Do(Quit), "quit"),
];

/// Keys while typing a search.
#[rustfmt::skip]
pub const SEARCH_KEYMAP: &[Binding] = &[
    bind!(&[], "text", Command::TypeChar, "search as you type (a capital makes it case-sensitive)"),
    bind!(&[Backspace], "Backspace", Command::Do(SearchBackspace), "delete a character"),
    bind!(&[Enter], "Enter", Command::Do(SearchAccept), "keep the search; n/N move between matches"),
    bind!(&[Esc], "Esc", Command::Do(SearchCancel), "cancel and go back"),
];

/// Keys in the tone picker.
#[rustfmt::skip]
pub const PICKER_KEYMAP: &[Binding] = &[
    bind!(&[Char('j'), Down], "j ↓", Command::Do(MoveDown), "next tone"),
    bind!(&[Char('k'), Up], "k ↑", Command::Do(MoveUp), "previous tone"),
    bind!(&[Enter], "Enter", Command::Do(ChooseTone(0)), "set the highlighted tone"),
    bind!(DIGITS, "1-9", Command::ChooseToneAtDigit, "set the tone at that place"),
    bind!(&[Esc, Char('T')], "Esc T", Command::Do(Back), "close without changing"),
    bind!(&[Char('q')], "q", Command::Do(Quit), "quit"),
];

/// The action for a key press in `mode`, if its table has one. Ctrl-C always quits: in raw mode
/// it arrives as a key, not a signal.
pub fn action_for(mode: Mode, key: KeyEvent) -> Option<Action> {
    if key.modifiers.contains(KeyModifiers::CONTROL) {
        return matches!(key.code, Char('c')).then_some(Quit);
    }
    let table = match mode {
        Mode::Normal => KEYMAP,
        Mode::SearchPrompt => SEARCH_KEYMAP,
        Mode::TonePicker => PICKER_KEYMAP,
    };
    if let Some(b) = table.iter().find(|b| b.keys.contains(&key.code)) {
        return Some(match &b.command {
            Command::Do(a) => a.clone(),
            Command::ToggleToneAtDigit => match key.code {
                Char(c) => ToggleTone(c.to_digit(10).map_or(0, |d| d as u8)),
                _ => ToggleTone(0),
            },
            Command::TypeChar => return None,
            Command::ChooseToneAtDigit => match key.code {
                Char(c) => ChooseTone(c.to_digit(10).map_or(0, |d| d as u8)),
                _ => ChooseTone(0),
            },
        });
    }
    match (mode, key.code) {
        (Mode::SearchPrompt, Char(c)) if !c.is_control() => Some(SearchInput(c)),
        _ => None,
    }
}

/// Rows the help overlay shows: both tables, with a heading and a gap between.
pub fn help_rows() -> usize {
    KEYMAP.len() + SEARCH_KEYMAP.len() + PICKER_KEYMAP.len() + 6
}

/// The key tables as Markdown, for README.md.
pub fn markdown_table() -> String {
    let mut s = String::from("| key | does |\n|---|---|\n");
    for b in KEYMAP {
        s.push_str(&format!("| {} | {} |\n", keys_md(b.label), b.help));
    }
    for (title, table) in [
        ("In the search prompt", SEARCH_KEYMAP),
        ("In the tone picker (`T`)", PICKER_KEYMAP),
    ] {
        s.push_str(&format!("\n{title}:\n\n| key | does |\n|---|---|\n"));
        for b in table {
            s.push_str(&format!("| {} | {} |\n", keys_md(b.label), b.help));
        }
    }
    s
}

fn keys_md(label: &str) -> String {
    label
        .split(' ')
        .map(|k| format!("`{k}`"))
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(code: KeyCode) -> Option<Action> {
        action_for(Mode::Normal, KeyEvent::new(code, KeyModifiers::NONE))
    }

    fn type_key(code: KeyCode) -> Option<Action> {
        action_for(Mode::SearchPrompt, KeyEvent::new(code, KeyModifiers::NONE))
    }

    #[test]
    fn keys_map_to_actions() {
        assert_eq!(press(Char(']')), Some(NextQuote));
        assert_eq!(press(Char('3')), Some(ToggleTone(3)));
        assert_eq!(press(Char('0')), Some(ShowAllTones));
        assert_eq!(press(Char('G')), Some(Bottom));
        assert_eq!(press(Char(' ')), Some(ToggleFold));
        assert_eq!(press(Left), Some(Parent));
        assert_eq!(press(Char('n')), Some(NextMatch));
        assert_eq!(press(Esc), Some(Back));
        assert_eq!(
            action_for(
                Mode::Normal,
                KeyEvent::new(Char('c'), KeyModifiers::CONTROL)
            ),
            Some(Quit)
        );
    }

    #[test]
    fn the_search_prompt_takes_text_and_its_own_keys() {
        assert_eq!(type_key(Char('q')), Some(SearchInput('q')));
        assert_eq!(type_key(Char('1')), Some(SearchInput('1')));
        assert_eq!(type_key(Char('É')), Some(SearchInput('É')));
        assert_eq!(type_key(Enter), Some(SearchAccept));
        assert_eq!(type_key(Esc), Some(SearchCancel));
        assert_eq!(type_key(Backspace), Some(SearchBackspace));
        assert_eq!(type_key(Tab), None);
    }

    #[test]
    fn no_key_is_bound_twice_in_a_table() {
        for table in [KEYMAP, SEARCH_KEYMAP, PICKER_KEYMAP] {
            let mut all: Vec<String> = table
                .iter()
                .flat_map(|b| b.keys.iter().map(|k| format!("{k:?}")))
                .collect();
            let n = all.len();
            all.sort();
            all.dedup();
            assert_eq!(all.len(), n);
        }
    }
}
