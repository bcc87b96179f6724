//! The key tables: the one place that says which key (or mouse gesture) does what, per mode.
//! The app dispatches from them, and the help overlay, the status-line hints, the messages that
//! name a key and README's key table are all generated from them, so none can drift apart.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};

use super::action::{Action, Mode};

/// A key with its modifiers, as the tables hold it. Shift is part of the character (`G`), not a
/// modifier, so a terminal that reports `Shift+G` and one that reports `G` agree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

impl Key {
    pub const fn plain(code: KeyCode) -> Key {
        Key {
            code,
            mods: KeyModifiers::NONE,
        }
    }

    pub const fn ctrl(c: char) -> Key {
        Key {
            code: KeyCode::Char(c),
            mods: KeyModifiers::CONTROL,
        }
    }

    /// The key a terminal event stands for, with Shift folded into characters and Shift-Tab.
    pub fn from_event(e: KeyEvent) -> Key {
        let mut mods = e.modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT);
        let code = match e.code {
            KeyCode::Char(c) if mods.contains(KeyModifiers::CONTROL) => {
                KeyCode::Char(c.to_ascii_lowercase())
            }
            KeyCode::Char(c) => KeyCode::Char(c),
            KeyCode::BackTab => KeyCode::BackTab,
            other => {
                mods |= e.modifiers & KeyModifiers::SHIFT;
                other
            }
        };
        Key { code, mods }
    }

    /// The modifiers as `names` writes them ("Ctrl-", "Alt-", "Shift-" in help).
    fn modifiers(self, names: [&str; 3]) -> String {
        [
            KeyModifiers::CONTROL,
            KeyModifiers::ALT,
            KeyModifiers::SHIFT,
        ]
        .iter()
        .zip(names)
        .filter(|(m, _)| self.mods.contains(**m))
        .map(|(_, n)| n)
        .collect()
    }

    /// How the key is written in help and messages: `]`, `Enter`, `Ctrl-C`, `Space`, `↓`.
    pub fn label(self) -> String {
        let mut s = self.modifiers(["Ctrl-", "Alt-", "Shift-"]);
        let ctrl = self.mods.contains(KeyModifiers::CONTROL);
        match self.code {
            KeyCode::Char(' ') => s.push_str("Space"),
            KeyCode::Char(c) if ctrl => s.extend(c.to_uppercase()),
            KeyCode::Char(c) => s.push(c),
            KeyCode::Enter => s.push_str("Enter"),
            KeyCode::Esc => s.push_str("Esc"),
            KeyCode::Tab => s.push_str("Tab"),
            KeyCode::BackTab => s.push_str("Shift-Tab"),
            KeyCode::Backspace => s.push_str("Backspace"),
            KeyCode::Up => s.push('↑'),
            KeyCode::Down => s.push('↓'),
            KeyCode::Left => s.push('←'),
            KeyCode::Right => s.push('→'),
            KeyCode::PageDown => s.push_str("PgDn"),
            KeyCode::PageUp => s.push_str("PgUp"),
            KeyCode::Home => s.push_str("Home"),
            KeyCode::End => s.push_str("End"),
            KeyCode::Delete => s.push_str("Del"),
            KeyCode::Insert => s.push_str("Ins"),
            KeyCode::F(n) => s.push_str(&format!("F{n}")),
            other => s.push_str(&format!("{other:?}")),
        }
        s
    }
}

impl Key {
    /// A key as a config file writes it: `x`, `G`, `]`, `ctrl-n`, `alt-x`, `Enter`, `Esc`,
    /// `Tab`, `Shift-Tab`, `Space`, `Backspace`, `Up` (or `↑`), `Down`, `Left`, `Right`, `PgUp`,
    /// `PgDn`, `Home`, `End`, `Del`, `Ins`, `F1`..`F12`. Names and modifiers in any case.
    pub fn parse(text: &str) -> Result<Key, String> {
        let mut mods = KeyModifiers::NONE;
        let mut rest = text;
        loop {
            let lower = rest.to_ascii_lowercase();
            let (m, len) = if lower.starts_with("ctrl-") && rest.len() > 5 {
                (KeyModifiers::CONTROL, 5)
            } else if lower.starts_with("alt-") && rest.len() > 4 {
                (KeyModifiers::ALT, 4)
            } else if lower.starts_with("shift-") && rest.len() > 6 && lower != "shift-tab" {
                (KeyModifiers::SHIFT, 6)
            } else {
                break;
            };
            mods |= m;
            rest = &rest[len..];
        }
        let mut chars = rest.chars();
        let code = match (chars.next(), chars.next()) {
            (Some(c), None) if mods.contains(KeyModifiers::CONTROL) => {
                KeyCode::Char(c.to_ascii_lowercase())
            }
            (Some('↑'), None) => KeyCode::Up,
            (Some('↓'), None) => KeyCode::Down,
            (Some('←'), None) => KeyCode::Left,
            (Some('→'), None) => KeyCode::Right,
            (Some(c), None) => KeyCode::Char(c),
            _ => match rest.to_ascii_lowercase().as_str() {
                "space" => KeyCode::Char(' '),
                "enter" | "return" => KeyCode::Enter,
                "esc" | "escape" => KeyCode::Esc,
                "tab" => KeyCode::Tab,
                "shift-tab" | "backtab" => KeyCode::BackTab,
                "backspace" => KeyCode::Backspace,
                "up" => KeyCode::Up,
                "down" => KeyCode::Down,
                "left" => KeyCode::Left,
                "right" => KeyCode::Right,
                "pgup" | "pageup" => KeyCode::PageUp,
                "pgdn" | "pagedown" => KeyCode::PageDown,
                "home" => KeyCode::Home,
                "end" => KeyCode::End,
                "del" | "delete" => KeyCode::Delete,
                "ins" | "insert" => KeyCode::Insert,
                f => match f.strip_prefix('f').and_then(|n| n.parse::<u8>().ok()) {
                    Some(n) if (1..=12).contains(&n) => KeyCode::F(n),
                    _ => {
                        return Err(format!(
                            "{text:?} is not a key (a character, or ctrl-x, alt-x, Enter, Esc, \
                             Tab, Shift-Tab, Space, Backspace, Up, Down, Left, Right, PgUp, \
                             PgDn, Home, End, Del, Ins, F1-F12)"
                        ));
                    }
                },
            },
        };
        Ok(Key { code, mods })
    }

    /// How a config file writes the key (what [`Key::parse`] reads back).
    pub fn config_name(self) -> String {
        let mut s = self.modifiers(["ctrl-", "alt-", "shift-"]);
        match self.code {
            KeyCode::Up => s.push_str("Up"),
            KeyCode::Down => s.push_str("Down"),
            KeyCode::Left => s.push_str("Left"),
            KeyCode::Right => s.push_str("Right"),
            KeyCode::Char(c) if self.mods.contains(KeyModifiers::CONTROL) => s.push(c),
            _ => s.push_str(&Key::plain(self.code).label()),
        }
        s
    }
}

/// The reading actions a config file can give keys to, by the names it uses.
pub const ACTION_NAMES: [(&str, Action); 43] = [
    ("next_quote", Action::NextQuote),
    ("prev_quote", Action::PrevQuote),
    ("show_quote", Action::ShowQuote),
    ("down", Action::MoveDown),
    ("up", Action::MoveUp),
    ("page_down", Action::ScrollPageDown),
    ("page_up", Action::ScrollPageUp),
    ("half_page_down", Action::HalfPageDown),
    ("half_page_up", Action::HalfPageUp),
    ("top", Action::Top),
    ("bottom", Action::Bottom),
    ("focus_next", Action::FocusNext),
    ("focus_prev", Action::FocusPrev),
    ("parent", Action::Parent),
    ("first_reply", Action::FirstReply),
    ("next_sibling", Action::NextSibling),
    ("prev_sibling", Action::PrevSibling),
    ("fold", Action::ToggleFold),
    ("fold_all", Action::FoldAll),
    ("unfold_all", Action::UnfoldAll),
    ("show_all_tones", Action::ShowAllTones),
    ("context_rows", Action::ToggleContext),
    ("order", Action::CycleOrder),
    ("search", Action::SearchStart),
    ("filter", Action::FilterStart),
    ("mute", Action::ToggleMute),
    ("unmute_all", Action::UnmuteAll),
    ("next_match", Action::NextMatch),
    ("prev_match", Action::PrevMatch),
    ("open_link", Action::OpenLink),
    ("copy", Action::CopyPost),
    ("set_tone", Action::PickTone),
    ("overview", Action::ToggleOverview),
    ("refresh", Action::Refresh),
    ("next_new", Action::NextNew),
    ("prev_new", Action::PrevNew),
    ("help", Action::ToggleHelp),
    ("back", Action::Back),
    ("redraw", Action::Redraw),
    ("suspend", Action::Suspend),
    ("quit", Action::Quit),
    ("next_section", Action::NextSection),
    ("prev_section", Action::PrevSection),
];

/// The action a config file names, if it names one.
pub fn action_named(name: &str) -> Option<Action> {
    ACTION_NAMES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, a)| a.clone())
}

/// What sets a binding off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trigger {
    Key(Key),
    /// Any printable character (the search prompt's text).
    Text,
    /// The mouse wheel, either way.
    Wheel,
    /// A left click.
    Click,
}

/// What a binding does: one action, or one chosen by the key pressed or the pointer's place.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    Do(Action),
    /// `1`..`9`: the tone at that place in the legend.
    ToggleToneAtDigit,
    /// `1`..`9` in the tone picker: the tone at that place.
    ChooseToneAtDigit,
    /// A printable character typed into the search prompt.
    TypeChar,
    /// Scroll the pane under the pointer.
    ScrollAtPointer,
    /// Select what is under the pointer.
    ClickAtPointer,
}

/// One row of a key table.
#[derive(Debug, Clone)]
pub struct Binding {
    pub triggers: Vec<Trigger>,
    pub command: Command,
    pub help: String,
}

impl Binding {
    /// How the triggers are written in help: `j ↓`, `1-9`, `Esc T`, `wheel`.
    pub fn label(&self) -> String {
        let keys: Vec<Key> = self.keys().collect();
        let digits: Vec<Key> = ('1'..='9').map(|c| Key::plain(KeyCode::Char(c))).collect();
        let mut parts: Vec<String> = if keys == digits {
            vec!["1-9".to_string()]
        } else {
            keys.iter().map(|k| k.label()).collect()
        };
        for t in &self.triggers {
            match t {
                Trigger::Key(_) => {}
                Trigger::Text => parts.push("text".into()),
                Trigger::Wheel => parts.push("wheel".into()),
                Trigger::Click => parts.push("click".into()),
            }
        }
        parts.join(" ")
    }

    fn keys(&self) -> impl Iterator<Item = Key> + '_ {
        self.triggers.iter().filter_map(|t| match t {
            Trigger::Key(k) => Some(*k),
            _ => None,
        })
    }
}

/// The bindings of one mode, in the order help lists them.
#[derive(Debug, Clone)]
pub struct KeyTable {
    pub bindings: Vec<Binding>,
}

impl KeyTable {
    fn find(&self, trigger: Trigger) -> Option<&Binding> {
        self.bindings.iter().find(|b| b.triggers.contains(&trigger))
    }

    /// A key two bindings share, said with the actions' config names.
    fn conflict(&self) -> Option<(Key, String)> {
        let named = |b: &Binding| match &b.command {
            Command::Do(a) => ACTION_NAMES
                .iter()
                .find(|(_, x)| x == a)
                .map_or_else(|| b.help.clone(), |(n, _)| n.to_string()),
            _ => b.help.clone(),
        };
        for (i, b) in self.bindings.iter().enumerate() {
            for key in b.keys() {
                if let Some(other) = self.bindings[i + 1..]
                    .iter()
                    .find(|o| o.triggers.contains(&Trigger::Key(key)))
                {
                    return Some((
                        key,
                        format!(
                            "{} is given to both {} and {}",
                            key.config_name(),
                            named(b),
                            named(other)
                        ),
                    ));
                }
            }
        }
        None
    }

    /// The first key that runs `action` here, written as help writes it.
    pub fn label_for(&self, action: &Action) -> Option<String> {
        self.bindings
            .iter()
            .find(|b| b.command == Command::Do(action.clone()))
            .and_then(|b| b.keys().next())
            .map(Key::label)
    }
}

/// Every mode's key table.
#[derive(Debug, Clone)]
pub struct KeyMap {
    pub normal: KeyTable,
    pub search: KeyTable,
    pub help: KeyTable,
    pub picker: KeyTable,
    pub overview: KeyTable,
    pub filter: KeyTable,
}

impl Default for KeyMap {
    fn default() -> Self {
        defaults::keymap()
    }
}

impl KeyMap {
    pub fn table(&self, mode: Mode) -> &KeyTable {
        match mode {
            Mode::Normal => &self.normal,
            Mode::SearchPrompt => &self.search,
            Mode::Help => &self.help,
            Mode::TonePicker => &self.picker,
            Mode::Overview => &self.overview,
            Mode::FilterPrompt => &self.filter,
        }
    }

    /// The action for a key press in `mode`, if its table has one.
    pub fn action_for(&self, mode: Mode, event: KeyEvent) -> Option<Action> {
        let key = Key::from_event(event);
        let table = self.table(mode);
        let digit = match key.code {
            KeyCode::Char(c) if key.mods.is_empty() => c.to_digit(10).map(|d| d as u8),
            _ => None,
        };
        if let Some(b) = table.find(Trigger::Key(key)) {
            return match &b.command {
                Command::Do(a) => Some(a.clone()),
                Command::ToggleToneAtDigit => digit.map(Action::ToggleTone),
                Command::ChooseToneAtDigit => digit.map(Action::ChooseTone),
                Command::TypeChar | Command::ScrollAtPointer | Command::ClickAtPointer => None,
            };
        }
        match key.code {
            KeyCode::Char(c) if key.mods.is_empty() && !c.is_control() => {
                match table.find(Trigger::Text)?.command {
                    Command::TypeChar if mode == Mode::FilterPrompt => Some(Action::FilterInput(c)),
                    Command::TypeChar => Some(Action::SearchInput(c)),
                    _ => None,
                }
            }
            _ => None,
        }
    }

    /// The action for a mouse event in `mode`, if its table binds the gesture.
    pub fn action_for_mouse(&self, mode: Mode, m: MouseEvent) -> Option<Action> {
        let (trigger, lines) = match m.kind {
            MouseEventKind::ScrollDown => (Trigger::Wheel, 1),
            MouseEventKind::ScrollUp => (Trigger::Wheel, -1),
            MouseEventKind::Down(MouseButton::Left) => (Trigger::Click, 0),
            _ => return None,
        };
        match self.table(mode).find(trigger)?.command {
            Command::ScrollAtPointer => Some(Action::ScrollAt {
                column: m.column,
                row: m.row,
                lines,
            }),
            Command::ClickAtPointer => Some(Action::ClickAt {
                column: m.column,
                row: m.row,
            }),
            _ => None,
        }
    }

    /// The key that runs `action` while reading, for hints and messages ("] next").
    pub fn label_for(&self, action: &Action) -> String {
        self.normal
            .label_for(action)
            .unwrap_or_else(|| "(unbound)".into())
    }

    /// Gives actions the keys a config file names, in place of their defaults, in the reading
    /// table and in the overview's for the actions it has too. A key given to two actions of
    /// one table is refused, naming both; so is a name that is no action.
    pub fn remap(&mut self, keys: &[(String, Vec<String>)]) -> Result<(), RemapError> {
        for (i, (name, texts)) in keys.iter().enumerate() {
            let fail = |message: String| RemapError { entry: i, message };
            let Some(action) = action_named(name) else {
                let names: Vec<&str> = ACTION_NAMES.iter().map(|(n, _)| *n).collect();
                return Err(fail(format!(
                    "unknown action `{name}`; the actions are {}",
                    names.join(", ")
                )));
            };
            let parsed: Vec<Key> = texts
                .iter()
                .map(|t| Key::parse(t))
                .collect::<Result<_, _>>()
                .map_err(&fail)?;
            for table in [&mut self.normal, &mut self.overview] {
                if let Some(b) = table
                    .bindings
                    .iter_mut()
                    .find(|b| b.command == Command::Do(action.clone()))
                {
                    b.triggers.retain(|t| !matches!(t, Trigger::Key(_)));
                    b.triggers
                        .splice(0..0, parsed.iter().map(|&k| Trigger::Key(k)));
                }
            }
        }
        for table in [&self.normal, &self.overview] {
            if let Some((key, message)) = table.conflict() {
                // Said at the entry that gave the key (a default's key given anew is its).
                let entry = keys
                    .iter()
                    .rposition(|(_, texts)| texts.iter().any(|t| Key::parse(t) == Ok(key)))
                    .unwrap_or(keys.len().saturating_sub(1));
                return Err(RemapError { entry, message });
            }
        }
        Ok(())
    }

    /// Binds a named filter from the config to `key` in the reading table; a key already
    /// taken is refused, naming both.
    pub fn bind_filter(&mut self, name: &str, expr: &str, key: Key) -> Result<(), String> {
        self.normal.bindings.push(Binding {
            triggers: vec![Trigger::Key(key)],
            command: Command::Do(Action::UseFilter(expr.to_string())),
            help: format!("filter {name}: {expr}"),
        });
        match self.normal.conflict() {
            Some((_, message)) => {
                self.normal.bindings.pop();
                Err(message)
            }
            None => Ok(()),
        }
    }

    /// Every action a config file can name, with its keys as the config writes them and its
    /// help.
    pub fn config_keys(&self) -> Vec<(&'static str, Vec<String>, String)> {
        ACTION_NAMES
            .iter()
            .filter_map(|(name, action)| {
                let b = self
                    .normal
                    .bindings
                    .iter()
                    .chain(&self.overview.bindings)
                    .find(|b| b.command == Command::Do(action.clone()))?;
                Some((
                    *name,
                    b.keys().map(Key::config_name).collect(),
                    b.help.clone(),
                ))
            })
            .collect()
    }

    /// The tables with the headings help and README give them, the reading table first.
    pub fn sections(&self) -> Vec<(String, &KeyTable)> {
        vec![
            (String::new(), &self.normal),
            ("In the search prompt".into(), &self.search),
            (
                format!("In the tone picker ({})", self.label_for(&Action::PickTone)),
                &self.picker,
            ),
            (
                format!(
                    "In the filter prompt ({})",
                    self.label_for(&Action::FilterStart)
                ),
                &self.filter,
            ),
            (
                format!(
                    "In the overview ({})",
                    self.label_for(&Action::ToggleOverview)
                ),
                &self.overview,
            ),
            (
                format!("In the help ({})", self.label_for(&Action::ToggleHelp)),
                &self.help,
            ),
        ]
    }

    /// The key tables as Markdown, for README.md.
    pub fn markdown_table(&self) -> String {
        let mut s = String::new();
        for (title, table) in self.sections() {
            if !title.is_empty() {
                s.push_str(&format!("\n{}:\n\n", markdown_title(&title)));
            }
            s.push_str("| key | does |\n|---|---|\n");
            for b in &table.bindings {
                s.push_str(&format!("| {} | {} |\n", keys_md(&b.label()), b.help));
            }
        }
        s
    }
}

/// Why a config's keys were refused: which entry (in the order given) and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemapError {
    pub entry: usize,
    pub message: String,
}

/// "In the tone picker (T)" as README writes it: the key in code style.
fn markdown_title(title: &str) -> String {
    match title.rsplit_once(" (") {
        Some((head, key)) => format!("{head} (`{}`)", key.trim_end_matches(')')),
        None => title.to_string(),
    }
}

fn keys_md(label: &str) -> String {
    label
        .split(' ')
        .map(|k| format!("`{k}`"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The tables chorus ships with.
mod defaults {
    use super::*;
    use Action::*;
    use KeyCode::{
        BackTab, Backspace, Char, Down, End, Enter, Esc, Home, Left, PageDown, PageUp, Right, Tab,
        Up,
    };

    fn k(code: KeyCode) -> Trigger {
        Trigger::Key(Key::plain(code))
    }

    fn digits() -> Vec<Trigger> {
        ('1'..='9').map(|c| k(Char(c))).collect()
    }

    fn bind(triggers: Vec<Trigger>, command: Command, help: &str) -> Binding {
        Binding {
            triggers,
            command,
            help: help.to_string(),
        }
    }

    fn table(rows: Vec<(Vec<Trigger>, Command, &str)>) -> KeyTable {
        KeyTable {
            bindings: rows.into_iter().map(|(t, c, h)| bind(t, c, h)).collect(),
        }
    }

    const CTRL_C: Trigger = Trigger::Key(Key::ctrl('c'));

    fn ctrl(c: char) -> Trigger {
        Trigger::Key(Key::ctrl(c))
    }

    pub(super) fn keymap() -> KeyMap {
        use Command::Do;
        #[rustfmt::skip]
        let normal = table(vec![
            (vec![k(Char(']'))], Do(NextQuote), "next quote in the article"),
            (vec![k(Char('['))], Do(PrevQuote), "previous quote in the article"),
            (vec![k(Enter)], Do(ShowQuote), "show the selected reply's quote in the article"),
            (vec![k(Char('j')), k(Down)], Do(MoveDown), "next reply / scroll down"),
            (vec![k(Char('k')), k(Up)], Do(MoveUp), "previous reply / scroll up"),
            (vec![k(PageDown), ctrl('f')], Do(ScrollPageDown), "page down"),
            (vec![k(PageUp), ctrl('b')], Do(ScrollPageUp), "page up"),
            (vec![ctrl('d')], Do(HalfPageDown), "half a page down"),
            (vec![ctrl('u')], Do(HalfPageUp), "half a page up"),
            (vec![k(Char('g')), k(Home)], Do(Top), "go to the top"),
            (vec![k(Char('G')), k(End)], Do(Bottom), "go to the bottom"),
            (vec![k(Tab)], Do(FocusNext), "focus the next pane"),
            (vec![k(BackTab)], Do(FocusPrev), "focus the previous pane"),
            (vec![k(Char('h')), k(Left)], Do(Parent), "go to the parent post"),
            (vec![k(Char('l')), k(Right)], Do(FirstReply), "go to the first reply"),
            (vec![k(Char('J'))], Do(NextSibling), "next sibling"),
            (vec![k(Char('K'))], Do(PrevSibling), "previous sibling"),
            (vec![k(Char(' '))], Do(ToggleFold), "fold/unfold the selected post's replies"),
            (vec![k(Char('z'))], Do(FoldAll), "fold all"),
            (vec![k(Char('Z'))], Do(UnfoldAll), "unfold all"),
            (digits(), Command::ToggleToneAtDigit, "hide/show the tone at that place in the legend"),
            (vec![k(Char('0'))], Do(ShowAllTones), "show all tones"),
            (vec![k(Char('c'))], Do(ToggleContext), "context rows for hidden posts / matches only"),
            (vec![k(Char('s'))], Do(CycleOrder), "order: thread, oldest first, newest first"),
            (vec![k(Char('/'))], Do(SearchStart), "search the article and the posts"),
            (vec![k(Char('m'))], Do(ToggleMute), "mute the post's author everywhere (again: unmute)"),
            (vec![k(Char('M'))], Do(UnmuteAll), "unmute every author"),
            (vec![k(Char('f'))], Do(FilterStart), "filter the replies: tone:, @name, \"words\", /regex/, depth, ... (README)"),
            (vec![k(Char('n'))], Do(NextMatch), "next match"),
            (vec![k(Char('N'))], Do(PrevMatch), "previous match"),
            (vec![k(Char('o'))], Do(OpenLink), "open the post's link (the article's, from the article)"),
            (vec![k(Char('y'))], Do(CopyPost), "copy the post and its link (OSC 52)"),
            (vec![k(Char('T'))], Do(PickTone), "set the selected post's tone (saved beside the file)"),
            (vec![k(Char('v'))], Do(ToggleOverview), "the overview: tone charts by quote and over time"),
            (vec![k(Char('r'))], Do(Refresh), "fetch the link again, keeping your place"),
            (vec![k(Char('u'))], Do(NextNew), "next post new since the last visit"),
            (vec![k(Char('U'))], Do(PrevNew), "previous post new since the last visit"),
            (vec![k(Char('?'))], Do(ToggleHelp), "show/hide this help"),
            (vec![k(Esc)], Do(Back), "clear the search, or quit"),
            (vec![ctrl('l')], Do(Redraw), "draw the screen again"),
            (vec![ctrl('z')], Do(Suspend), "suspend (fg resumes)"),
            (vec![k(Char('q')), CTRL_C], Do(Quit), "quit"),
            (vec![Trigger::Wheel], Command::ScrollAtPointer, "scroll the pane under the pointer"),
            (vec![Trigger::Click], Command::ClickAtPointer, "select a reply or a place in the tone strip; focus a pane"),
        ]);
        let accept = format!(
            "keep the search; {}/{} move between matches",
            normal.label_for(&NextMatch).unwrap_or_default(),
            normal.label_for(&PrevMatch).unwrap_or_default()
        );
        #[rustfmt::skip]
        let search = table(vec![
            (vec![Trigger::Text], Command::TypeChar, "search as you type (a capital makes it case-sensitive)"),
            (vec![k(Backspace)], Do(SearchBackspace), "delete a character"),
            (vec![k(Enter)], Do(SearchAccept), &accept),
            (vec![k(Esc)], Do(SearchCancel), "cancel and go back"),
            (vec![CTRL_C], Do(Quit), "quit"),
        ]);
        #[rustfmt::skip]
        let picker = table(vec![
            (vec![k(Char('j')), k(Down)], Do(MoveDown), "next tone"),
            (vec![k(Char('k')), k(Up)], Do(MoveUp), "previous tone"),
            (vec![k(Enter)], Do(ChooseTone(0)), "set the highlighted tone"),
            (digits(), Command::ChooseToneAtDigit, "set the tone at that place"),
            (vec![k(Esc), k(Char('T'))], Do(Back), "close without changing"),
            (vec![k(Char('q')), CTRL_C], Do(Quit), "quit"),
        ]);
        #[rustfmt::skip]
        let filter = table(vec![
            (vec![Trigger::Text], Command::TypeChar, "type the filter"),
            (vec![k(Backspace)], Do(FilterBackspace), "delete a character"),
            (vec![k(Enter)], Do(FilterAccept), "apply it (empty: show every post again)"),
            (vec![k(Esc)], Do(FilterCancel), "close, the filter as it was"),
            (vec![CTRL_C], Do(Quit), "quit"),
        ]);
        #[rustfmt::skip]
        let overview = table(vec![
            (vec![k(Char('j')), k(Down)], Do(MoveDown), "next row (a tone, a quote, a time step)"),
            (vec![k(Char('k')), k(Up)], Do(MoveUp), "previous row"),
            (vec![k(Char('l')), k(Right), k(Tab)], Do(NextSection), "next section"),
            (vec![k(Char('h')), k(Left), k(BackTab)], Do(PrevSection), "previous section"),
            (vec![k(Char('g')), k(Home)], Do(Top), "first row"),
            (vec![k(Char('G')), k(End)], Do(Bottom), "last row"),
            (vec![k(Enter), k(Char(' '))], Do(ChooseRow), "show only that tone / go to that quote / go to the step's first reply"),
            (digits(), Command::ToggleToneAtDigit, "hide/show the tone at that place in the legend"),
            (vec![k(Char('0'))], Do(ShowAllTones), "show all tones"),
            (vec![k(Esc), k(Char('v'))], Do(ToggleOverview), "close the overview"),
            (vec![ctrl('l')], Do(Redraw), "draw the screen again"),
            (vec![ctrl('z')], Do(Suspend), "suspend (fg resumes)"),
            (vec![k(Char('?'))], Do(ToggleHelp), "show/hide the help"),
            (vec![k(Char('q')), CTRL_C], Do(Quit), "quit"),
            (vec![Trigger::Click], Command::ClickAtPointer, "choose the row under the pointer"),
        ]);
        #[rustfmt::skip]
        let help = table(vec![
            (vec![k(Char('j')), k(Down)], Do(MoveDown), "scroll down"),
            (vec![k(Char('k')), k(Up)], Do(MoveUp), "scroll up"),
            (vec![k(PageDown), ctrl('f')], Do(ScrollPageDown), "page down"),
            (vec![k(PageUp), ctrl('b')], Do(ScrollPageUp), "page up"),
            (vec![ctrl('d')], Do(HalfPageDown), "half a page down"),
            (vec![ctrl('u')], Do(HalfPageUp), "half a page up"),
            (vec![k(Char('g')), k(Home)], Do(Top), "go to the top"),
            (vec![k(Char('G')), k(End)], Do(Bottom), "go to the bottom"),
            (vec![k(Esc), k(Char('?'))], Do(Back), "close the help"),
            (vec![k(Char('q')), CTRL_C], Do(Quit), "quit"),
            (vec![Trigger::Wheel], Command::ScrollAtPointer, "scroll the help"),
        ]);
        KeyMap {
            normal,
            search,
            help,
            picker,
            overview,
            filter,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Action::*;
    use KeyCode::*;

    fn press(mode: Mode, code: KeyCode, mods: KeyModifiers) -> Option<Action> {
        KeyMap::default().action_for(mode, KeyEvent::new(code, mods))
    }

    fn normal(code: KeyCode) -> Option<Action> {
        press(Mode::Normal, code, KeyModifiers::NONE)
    }

    fn typed(code: KeyCode) -> Option<Action> {
        press(Mode::SearchPrompt, code, KeyModifiers::NONE)
    }

    #[test]
    fn keys_map_to_actions() {
        assert_eq!(normal(Char(']')), Some(NextQuote));
        assert_eq!(normal(Char('3')), Some(ToggleTone(3)));
        assert_eq!(normal(Char('0')), Some(ShowAllTones));
        assert_eq!(normal(Char('G')), Some(Bottom));
        assert_eq!(normal(Char(' ')), Some(ToggleFold));
        assert_eq!(normal(Left), Some(Parent));
        assert_eq!(normal(Char('n')), Some(NextMatch));
        assert_eq!(normal(Esc), Some(Back));
        assert_eq!(normal(Char('x')), None);
    }

    #[test]
    fn shift_is_part_of_the_character_and_ctrl_c_quits_in_every_mode() {
        assert_eq!(
            press(Mode::Normal, Char('G'), KeyModifiers::SHIFT),
            Some(Bottom)
        );
        assert_eq!(
            press(Mode::Normal, BackTab, KeyModifiers::SHIFT),
            Some(FocusPrev)
        );
        for mode in [
            Mode::Normal,
            Mode::SearchPrompt,
            Mode::Help,
            Mode::TonePicker,
            Mode::Overview,
            Mode::FilterPrompt,
        ] {
            assert_eq!(
                press(mode, Char('c'), KeyModifiers::CONTROL),
                Some(Quit),
                "{mode:?}"
            );
        }
        // Other control keys are not typed into the prompt.
        assert_eq!(
            press(Mode::SearchPrompt, Char('a'), KeyModifiers::CONTROL),
            None
        );
    }

    #[test]
    fn the_search_prompt_takes_text_and_its_own_keys() {
        assert_eq!(typed(Char('q')), Some(SearchInput('q')));
        assert_eq!(typed(Char('1')), Some(SearchInput('1')));
        assert_eq!(typed(Char('É')), Some(SearchInput('É')));
        assert_eq!(typed(Enter), Some(SearchAccept));
        assert_eq!(typed(Esc), Some(SearchCancel));
        assert_eq!(typed(Backspace), Some(SearchBackspace));
        assert_eq!(typed(Tab), None);
    }

    #[test]
    fn help_and_the_picker_have_tables_of_their_own() {
        let help = |c| press(Mode::Help, c, KeyModifiers::NONE);
        assert_eq!(help(PageDown), Some(ScrollPageDown));
        assert_eq!(help(Char('?')), Some(Back));
        assert_eq!(help(Char(']')), None);
        let picker = |c| press(Mode::TonePicker, c, KeyModifiers::NONE);
        assert_eq!(picker(Char('4')), Some(ChooseTone(4)));
        assert_eq!(picker(Char('T')), Some(Back));
    }

    #[test]
    fn the_mouse_is_in_the_tables() {
        let m = |kind| MouseEvent {
            kind,
            column: 3,
            row: 4,
            modifiers: KeyModifiers::NONE,
        };
        let keys = KeyMap::default();
        assert_eq!(
            keys.action_for_mouse(Mode::Normal, m(MouseEventKind::ScrollUp)),
            Some(ScrollAt {
                column: 3,
                row: 4,
                lines: -1
            })
        );
        assert_eq!(
            keys.action_for_mouse(Mode::Normal, m(MouseEventKind::Down(MouseButton::Left))),
            Some(ClickAt { column: 3, row: 4 })
        );
        assert_eq!(
            keys.action_for_mouse(Mode::TonePicker, m(MouseEventKind::ScrollDown)),
            None
        );
    }

    #[test]
    fn labels_come_from_the_tables() {
        let keys = KeyMap::default();
        assert_eq!(keys.label_for(&NextQuote), "]");
        assert_eq!(keys.label_for(&ToggleContext), "c");
        assert_eq!(keys.label_for(&ShowAllTones), "0");
        let quit = keys
            .normal
            .bindings
            .iter()
            .find(|b| b.command == Command::Do(Quit));
        assert_eq!(quit.map(Binding::label).as_deref(), Some("q Ctrl-C"));
        let digits = keys
            .normal
            .bindings
            .iter()
            .find(|b| b.command == Command::ToggleToneAtDigit);
        assert_eq!(digits.map(Binding::label).as_deref(), Some("1-9"));
        assert_eq!(Key::plain(BackTab).label(), "Shift-Tab");
        assert_eq!(Key::plain(Char(' ')).label(), "Space");
    }

    #[test]
    fn no_trigger_is_bound_twice_in_a_table() {
        let keys = KeyMap::default();
        for (title, table) in keys.sections() {
            let mut all: Vec<String> = table
                .bindings
                .iter()
                .flat_map(|b| b.triggers.iter().map(|t| format!("{t:?}")))
                .collect();
            let n = all.len();
            all.sort();
            all.dedup();
            assert_eq!(all.len(), n, "{title}");
        }
    }
}
