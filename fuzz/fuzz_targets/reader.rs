//! The whole reader: a document from the first part of the input, then the rest as keys and
//! resizes, each followed by a full draw into ratatui's TestBackend. Never a panic, and the
//! selection always within the list.
#![no_main]

use chorus::app::{Action, App, Theme};
use chorus::load::{Input, Limits, load};
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use libfuzzer_sys::fuzz_target;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// Keys a reader presses, picked by a byte.
const KEYS: &[KeyCode] = &[
    KeyCode::Char('j'), KeyCode::Char('k'), KeyCode::Char(']'), KeyCode::Char('['),
    KeyCode::Char('g'), KeyCode::Char('G'), KeyCode::Char(' '), KeyCode::Char('z'),
    KeyCode::Char('Z'), KeyCode::Char('s'), KeyCode::Char('c'), KeyCode::Char('0'),
    KeyCode::Char('1'), KeyCode::Char('2'), KeyCode::Char('5'), KeyCode::Char('T'),
    KeyCode::Char('/'), KeyCode::Char('n'), KeyCode::Char('N'), KeyCode::Char('v'),
    KeyCode::Char('f'), KeyCode::Char('?'), KeyCode::Char('a'), KeyCode::Char('e'),
    KeyCode::Char('t'), KeyCode::Char('@'), KeyCode::Char('"'), KeyCode::Tab,
    KeyCode::BackTab, KeyCode::Enter, KeyCode::Esc, KeyCode::Backspace, KeyCode::Left,
    KeyCode::Right, KeyCode::PageDown, KeyCode::PageUp, KeyCode::Home, KeyCode::End,
];

const MAX_STEPS: usize = 300;

fuzz_target!(|data: &[u8]| {
    // The document, then the script after a 0xff byte.
    let split = data.iter().position(|&b| b == 0xff).unwrap_or(data.len());
    let (doc_bytes, script) = (&data[..split], data.get(split + 1..).unwrap_or(&[]));
    let name = std::path::Path::new("fuzz.json");
    let Ok(doc) = load(Input::Bytes { name, bytes: doc_bytes }, None, &Limits::default()) else {
        return;
    };
    let mut app = App::new(doc, Theme::new(true));
    app.update(Action::Resize { width: 80, height: 24 });
    // At most this many steps, each a full frame: a longer script finds nothing new and, under
    // the sanitizer, takes longer than the 10 s an input is allowed.
    let mut bytes = script.iter().copied().take(MAX_STEPS);
    while let Some(b) = bytes.next() {
        if b >= 0xf0 {
            let (w, h) = (bytes.next().unwrap_or(1) % 200, bytes.next().unwrap_or(1) % 80);
            app.update(Action::Resize { width: w.max(1).into(), height: h.max(1).into() });
        } else {
            let code = KEYS[b as usize % KEYS.len()];
            app.handle_event(&Event::Key(KeyEvent::new(code, KeyModifiers::NONE)));
        }
        let area = app.screen().area;
        let Ok(mut terminal) = Terminal::new(TestBackend::new(area.width, area.height)) else {
            return;
        };
        terminal.draw(|f| chorus::ui::draw(f, &app)).expect("a frame draws");
    }
});
