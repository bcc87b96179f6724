//! The key table: the one place that says which key does what. The app dispatches from it and
//! the help overlay and README's key table are generated from it, so they cannot drift apart.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::Action;

/// One row of the key table.
#[derive(Debug, Clone, Copy)]
pub struct Binding {
    pub keys: &'static [KeyCode],
    /// How the keys are written in help.
    pub label: &'static str,
    pub command: Command,
    pub help: &'static str,
}

/// What a binding does: one action, or one chosen by the digit pressed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Command {
    Do(Action),
    /// `1`..`9`: the tone at that place in the legend.
    ToggleToneAtDigit,
}

use Action::*;
use KeyCode::{BackTab, Char, Down, End, Enter, Esc, Home, PageDown, PageUp, Tab, Up};

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

pub const KEYMAP: &[Binding] = &[
    Binding {
        keys: &[Char(']')],
        label: "]",
        command: Command::Do(NextQuote),
        help: "next quote in the article",
    },
    Binding {
        keys: &[Char('[')],
        label: "[",
        command: Command::Do(PrevQuote),
        help: "previous quote in the article",
    },
    Binding {
        keys: &[Enter],
        label: "Enter",
        command: Command::Do(ShowQuote),
        help: "show the selected reply's quote in the article",
    },
    Binding {
        keys: &[Char('j'), Down],
        label: "j ↓",
        command: Command::Do(MoveDown),
        help: "next reply / scroll down",
    },
    Binding {
        keys: &[Char('k'), Up],
        label: "k ↑",
        command: Command::Do(MoveUp),
        help: "previous reply / scroll up",
    },
    Binding {
        keys: &[PageDown, Char(' ')],
        label: "PgDn Space",
        command: Command::Do(ScrollPageDown),
        help: "page down",
    },
    Binding {
        keys: &[PageUp],
        label: "PgUp",
        command: Command::Do(ScrollPageUp),
        help: "page up",
    },
    Binding {
        keys: &[Char('g'), Home],
        label: "g Home",
        command: Command::Do(Top),
        help: "go to the top",
    },
    Binding {
        keys: &[Char('G'), End],
        label: "G End",
        command: Command::Do(Bottom),
        help: "go to the bottom",
    },
    Binding {
        keys: &[Tab],
        label: "Tab",
        command: Command::Do(FocusNext),
        help: "focus the next pane",
    },
    Binding {
        keys: &[BackTab],
        label: "Shift-Tab",
        command: Command::Do(FocusPrev),
        help: "focus the previous pane",
    },
    Binding {
        keys: DIGITS,
        label: "1-9",
        command: Command::ToggleToneAtDigit,
        help: "hide/show the tone at that place in the legend",
    },
    Binding {
        keys: &[Char('0')],
        label: "0",
        command: Command::Do(ShowAllTones),
        help: "show all tones",
    },
    Binding {
        keys: &[Char('?')],
        label: "?",
        command: Command::Do(ToggleHelp),
        help: "show/hide this help",
    },
    Binding {
        keys: &[Esc],
        label: "Esc",
        command: Command::Do(Back),
        help: "close the help, or quit",
    },
    Binding {
        keys: &[Char('q')],
        label: "q",
        command: Command::Do(Quit),
        help: "quit",
    },
];

/// The action for a key press, if the table has one. Ctrl-C always quits: in raw mode it arrives
/// as a key, not a signal.
pub fn action_for(key: KeyEvent) -> Option<Action> {
    if key.modifiers.contains(KeyModifiers::CONTROL) {
        return matches!(key.code, Char('c')).then_some(Quit);
    }
    KEYMAP
        .iter()
        .find(|b| b.keys.contains(&key.code))
        .map(|b| match b.command {
            Command::Do(a) => a,
            Command::ToggleToneAtDigit => match key.code {
                Char(c) => ToggleTone(c.to_digit(10).map_or(0, |d| d as u8)),
                _ => ToggleTone(0),
            },
        })
}

/// The key table as Markdown rows, for README.md.
pub fn markdown_table() -> String {
    let mut s = String::from("| key | does |\n|---|---|\n");
    for b in KEYMAP {
        let keys = b
            .label
            .split(' ')
            .map(|k| format!("`{k}`"))
            .collect::<Vec<_>>()
            .join(" ");
        s.push_str(&format!("| {keys} | {} |\n", b.help));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(code: KeyCode) -> Option<Action> {
        action_for(KeyEvent::new(code, KeyModifiers::NONE))
    }

    #[test]
    fn keys_map_to_actions() {
        assert_eq!(press(Char(']')), Some(NextQuote));
        assert_eq!(press(Char('3')), Some(ToggleTone(3)));
        assert_eq!(press(Char('0')), Some(ShowAllTones));
        assert_eq!(press(Char('G')), Some(Bottom));
        assert_eq!(press(Esc), Some(Back));
        assert_eq!(
            action_for(KeyEvent::new(Char('c'), KeyModifiers::CONTROL)),
            Some(Quit)
        );
    }

    #[test]
    fn n_and_shift_n_stay_free_for_search() {
        assert_eq!(press(Char('n')), None);
        assert_eq!(press(Char('N')), None);
    }

    #[test]
    fn no_key_is_bound_twice() {
        let mut all: Vec<String> = KEYMAP
            .iter()
            .flat_map(|b| b.keys.iter().map(|k| format!("{k:?}")))
            .collect();
        let n = all.len();
        all.sort();
        all.dedup();
        assert_eq!(all.len(), n);
    }
}
