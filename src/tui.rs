//! The interactive session: takes over the terminal, runs the event loop, and always gives the
//! terminal back: on quit, on a panic, on SIGTERM/SIGHUP/SIGINT, and when input ends.
//!
//! Terminal events and signals arrive over one channel from two small threads, so the loop
//! sleeps until something happens and redraws only when the state changed.

use std::io::{self, Stdout, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;

use crossterm::event::{
    self, DisableMouseCapture, EnableMouseCapture, Event, KeyEventKind, MouseButton, MouseEventKind,
};
use crossterm::terminal::{self, EnterAlternateScreen, LeaveAlternateScreen};
use crossterm::{cursor, execute};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};

use std::path::PathBuf;

use crate::app::{Action, App, Effect, keymap};
use crate::tone::ComputedTone;

/// Why the session ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// The reader quit.
    Quit,
    /// Input ended (the terminal went away).
    InputClosed,
    /// A signal asked us to stop; the process should exit with 128 + this number.
    Signal(i32),
}

/// Where tone corrections go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SidecarTarget {
    /// Saved to this file.
    File(PathBuf),
    /// Not saved, for this reason (shown when a correction is made).
    NotSaved(String),
}

/// What the session needs besides the app.
#[derive(Debug)]
pub struct Session {
    pub sidecar: SidecarTarget,
    /// Posts to tag in the background, with their texts (empty when there is nothing to do).
    pub untagged: Vec<(crate::model::PostIdx, String)>,
}

enum Msg {
    Input(Event),
    Tagged(Vec<ComputedTone>),
    TaggerFailed,
    InputClosed,
    Signal(i32),
}

static TAKEN: AtomicBool = AtomicBool::new(false);

/// Runs the reader until it quits. The terminal is restored before this returns.
pub fn run(mut app: App, session: Session) -> io::Result<Exit> {
    let (tx, rx) = mpsc::channel();
    if !session.untagged.is_empty() {
        app.update(Action::TaggingStarted(session.untagged.len()));
        let tagger_tx = tx.clone();
        let work = session.untagged;
        // The reader is usable at once; tones fill in a few times a second.
        std::thread::spawn(move || {
            use crate::tone::compute::{SEND_EVERY, tag_in_background};
            let done = tag_in_background(&work, SEND_EVERY, |tagged| {
                tagger_tx.send(Msg::Tagged(tagged)).is_ok()
            });
            // A tagger bug must not take the reader down: the rest stay untagged.
            if done.is_err() {
                let _ = tagger_tx.send(Msg::TaggerFailed);
            }
        });
    }
    let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGINT])?;
    let signal_tx = tx.clone();
    let hangup_tx = tx.clone();
    std::thread::spawn(move || watch_for_hangup(&hangup_tx));
    std::thread::spawn(move || {
        for sig in signals.forever() {
            if signal_tx.send(Msg::Signal(sig)).is_err() {
                break;
            }
        }
    });
    std::thread::spawn(move || {
        loop {
            let msg = match event::read() {
                Ok(ev) => Msg::Input(ev),
                // EOF or EIO: the terminal is gone. Stop reading rather than spin on the error.
                Err(_) => Msg::InputClosed,
            };
            let closed = matches!(msg, Msg::InputClosed);
            if tx.send(msg).is_err() || closed {
                break;
            }
        }
    });

    let mut terminal = take_terminal()?;
    let result = event_loop(&mut terminal, &mut app, &rx, &session.sidecar);
    restore_terminal();
    // ratatui's Drop shows the cursor again and, when that fails on a terminal that is gone,
    // prints to a stderr that is gone too, which panics. The cursor is already shown.
    std::mem::forget(terminal);
    result
}

/// crossterm retries forever on a hung-up terminal (its reads return 0 and it reads again), so
/// a hang-up that comes without a SIGHUP (chorus under `sh -c`, sudo, ...) would never end the
/// session and would spin a core. This thread sleeps in poll(2) until the kernel reports the
/// hang-up on the terminal, and says so.
fn watch_for_hangup(tx: &mpsc::Sender<Msg>) {
    use rustix::event::{PollFd, PollFlags, poll};
    use std::io::IsTerminal;
    use std::os::fd::AsFd;

    let dev_tty;
    let stdin = io::stdin();
    let fd = if stdin.is_terminal() {
        stdin.as_fd()
    } else {
        match std::fs::File::open("/dev/tty") {
            Ok(f) => {
                dev_tty = f;
                dev_tty.as_fd()
            }
            Err(_) => return,
        }
    };
    loop {
        // No events asked for: poll returns only for a hang-up, an error or a closed fd.
        let mut fds = [PollFd::from_borrowed_fd(fd, PollFlags::empty())];
        match poll(&mut fds, None) {
            Ok(_)
                if fds[0]
                    .revents()
                    .intersects(PollFlags::HUP | PollFlags::ERR | PollFlags::NVAL) =>
            {
                let _ = tx.send(Msg::InputClosed);
                return;
            }
            Ok(_) | Err(rustix::io::Errno::INTR) => continue,
            Err(_) => return,
        }
    }
}

fn event_loop(
    terminal: &mut Terminal<CrosstermBackend<Stdout>>,
    app: &mut App,
    rx: &mpsc::Receiver<Msg>,
    sidecar: &SidecarTarget,
) -> io::Result<Exit> {
    let size = terminal.size()?;
    app.update(Action::Resize {
        width: size.width,
        height: size.height,
    });
    terminal.draw(|f| crate::ui::draw(f, app))?;
    loop {
        let action = match rx.recv() {
            Ok(Msg::Input(ev)) => match action_for_event(app.mode(), ev) {
                Some(a) => a,
                None => continue,
            },
            Ok(Msg::Tagged(batch)) => Action::TonesComputed(batch),
            Ok(Msg::TaggerFailed) => Action::TaggingFailed,
            Ok(Msg::Signal(sig)) => return Ok(Exit::Signal(sig)),
            Ok(Msg::InputClosed) | Err(_) => return Ok(Exit::InputClosed),
        };
        match app.update(action) {
            Effect::Quit => return Ok(Exit::Quit),
            Effect::Redraw => {
                terminal.draw(|f| crate::ui::draw(f, app))?;
            }
            Effect::None => {}
            Effect::OpenUrl(url) => {
                let outcome = match text_browser() {
                    Some(name) => Err(format!(
                        "not opening: $BROWSER is {name}, a text browser, which cannot share the terminal with chorus (y copies the link)"
                    )),
                    None => {
                        webbrowser::open(&url).map_err(|e| format!("could not open {url}: {e}"))
                    }
                };
                let outcome = match outcome {
                    Ok(()) => format!("opened {url}"),
                    Err(e) => e,
                };
                // webbrowser starts a graphical browser detached, with its output discarded, so
                // the screen needs no repair. (Terminal::clear would also ask the terminal for
                // the cursor position, which the input thread's read would swallow.) Text
                // browsers, which webbrowser runs in the foreground, are refused above.
                app.update(Action::Notify(outcome));
                terminal.draw(|f| crate::ui::draw(f, app))?;
            }
            Effect::SaveCorrections(corrections) => {
                let outcome = match sidecar {
                    SidecarTarget::File(path) => match save_corrections(path, corrections) {
                        Ok(()) => None,
                        Err(e) => Some(format!(
                            "could not save the tone correction to {}: {e}",
                            path.display()
                        )),
                    },
                    SidecarTarget::NotSaved(why) => {
                        Some(format!("tone set for this session only: {why}"))
                    }
                };
                if let Some(m) = outcome {
                    app.update(Action::Notify(m));
                }
                terminal.draw(|f| crate::ui::draw(f, app))?;
            }
            Effect::Copy(text) => {
                let outcome = match copy_osc52(&text) {
                    Ok(()) => None,
                    Err(e) => Some(format!("could not copy: {e}")),
                };
                if let Some(m) = outcome {
                    app.update(Action::Notify(m));
                }
                terminal.draw(|f| crate::ui::draw(f, app))?;
            }
        }
    }
}

/// Saves the corrections, keeping any that another chorus saved to the same file meanwhile
/// (ours win where both set a post).
fn save_corrections(
    path: &std::path::Path,
    mut corrections: crate::sidecar::Corrections,
) -> io::Result<()> {
    if let Ok(Some(on_disk)) = crate::sidecar::read(path) {
        for (id, tone) in on_disk {
            corrections.entry(id).or_insert(tone);
        }
    }
    crate::sidecar::write(path, &corrections)
}

/// The text browser `$BROWSER` names first, if it does: such a browser would run in this
/// terminal, in raw mode, while chorus reads the same keys.
fn text_browser() -> Option<String> {
    const TEXT_BROWSERS: [&str; 9] = [
        "lynx",
        "w3m",
        "links",
        "links2",
        "elinks",
        "www-browser",
        "browsh",
        "carbonyl",
        "curl",
    ];
    let var = std::env::var("BROWSER").ok()?;
    let first = var.split(':').next()?.split_whitespace().next()?;
    let name = std::path::Path::new(first).file_name()?.to_str()?;
    TEXT_BROWSERS.contains(&name).then(|| name.to_string())
}

/// Largest clipboard payload sent: some terminals drop longer OSC 52 sequences whole.
const OSC52_MAX_BYTES: usize = 74_000;

/// Puts `text` on the clipboard of the terminal chorus runs in, over SSH too, with OSC 52. Inside
/// tmux it is sent both plainly (for `set-clipboard on`) and wrapped for tmux to pass through to
/// the outer terminal (for `allow-passthrough on`).
fn copy_osc52(text: &str) -> io::Result<()> {
    use base64::Engine;
    let mut end = text.len().min(OSC52_MAX_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let b64 = base64::engine::general_purpose::STANDARD.encode(&text.as_bytes()[..end]);
    let mut out = io::stdout().lock();
    write!(out, "\x1b]52;c;{b64}\x07")?;
    if std::env::var_os("TMUX").is_some() {
        write!(out, "\x1bPtmux;\x1b\x1b]52;c;{b64}\x07\x1b\\")?;
    }
    out.flush()
}

fn action_for_event(mode: crate::app::Mode, ev: Event) -> Option<Action> {
    match ev {
        Event::Key(key) if key.kind == KeyEventKind::Press => keymap::action_for(mode, key),
        Event::Resize(width, height) => Some(Action::Resize { width, height }),
        Event::Mouse(m) => match m.kind {
            MouseEventKind::ScrollDown => Some(Action::ScrollAt {
                column: m.column,
                row: m.row,
                lines: 1,
            }),
            MouseEventKind::ScrollUp => Some(Action::ScrollAt {
                column: m.column,
                row: m.row,
                lines: -1,
            }),
            MouseEventKind::Down(MouseButton::Left) => Some(Action::ClickAt {
                column: m.column,
                row: m.row,
            }),
            _ => None,
        },
        _ => None,
    }
}

/// Raw mode, the alternate screen, mouse reporting, hidden cursor; and a panic hook that undoes
/// them before the panic message is printed, so it is readable.
fn take_terminal() -> io::Result<Terminal<CrosstermBackend<Stdout>>> {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        // Only a panic on the thread that draws ends the session; a worker's is caught.
        if std::thread::current().name() == Some("main") {
            restore_terminal();
        }
        previous(info);
    }));
    terminal::enable_raw_mode()?;
    TAKEN.store(true, Ordering::SeqCst);
    let mut stdout = io::stdout();
    if let Err(e) = execute!(
        stdout,
        EnterAlternateScreen,
        EnableMouseCapture,
        cursor::Hide
    ) {
        restore_terminal();
        return Err(e);
    }
    Terminal::new(CrosstermBackend::new(stdout)).inspect_err(|_| restore_terminal())
}

/// Gives the terminal back. Safe to call more than once, from the panic hook or the loop.
pub fn restore_terminal() {
    if !TAKEN.swap(false, Ordering::SeqCst) {
        return;
    }
    let mut stdout = io::stdout();
    // Best effort: the terminal may already be gone, and there is no one left to tell.
    let _ = execute!(
        stdout,
        DisableMouseCapture,
        LeaveAlternateScreen,
        cursor::Show
    );
    let _ = terminal::disable_raw_mode();
    let _ = stdout.flush();
}
