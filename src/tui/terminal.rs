//! The terminal, taken and given back: raw mode, the alternate screen, mouse reporting and a
//! hidden cursor; given back on quit, on a panic, on a signal, and for a while (suspend) when
//! the reader stops chorus or a text browser needs the terminal.
//!
//! A panic on another thread while the terminal is taken is not printed onto the alternate
//! screen, where it would corrupt the picture and then vanish: its message is held and printed
//! once the terminal is given back.

use std::io::{self, Stdout, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Condvar, Mutex, Once};
use std::time::Duration;

use crossterm::event::{DisableMouseCapture, EnableMouseCapture};
use crossterm::terminal::{self, Clear, ClearType, EnterAlternateScreen, LeaveAlternateScreen};
use crossterm::{cursor, execute};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

use super::basic_colors::BasicColors;
use crate::app::App;
use crate::ui::ColorDepth;

static TAKEN: AtomicBool = AtomicBool::new(false);
/// Panic messages of other threads, held while the terminal is taken.
static HELD: Mutex<Vec<String>> = Mutex::new(Vec::new());
static HOOK: Once = Once::new();

/// Where frames go: standard output, through [`BasicColors`] on a 16-colour terminal.
pub enum Out {
    Plain(Stdout),
    Basic(BasicColors<Stdout>),
}

impl Out {
    fn new(depth: ColorDepth) -> Out {
        match depth {
            ColorDepth::Ansi16 => Out::Basic(BasicColors::new(io::stdout())),
            _ => Out::Plain(io::stdout()),
        }
    }
}

impl Write for Out {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Out::Plain(w) => w.write(buf),
            Out::Basic(w) => w.write(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Out::Plain(w) => w.flush(),
            Out::Basic(w) => w.flush(),
        }
    }
}

/// The terminal while chorus holds it.
pub struct Screen {
    terminal: Terminal<CrosstermBackend<Out>>,
    depth: ColorDepth,
}

impl Screen {
    /// Takes the terminal. The panic hook that gives it back is installed first.
    pub fn take(depth: ColorDepth) -> io::Result<Screen> {
        install_panic_hook();
        enter()?;
        let terminal = Terminal::new(CrosstermBackend::new(Out::new(depth)))
            .inspect_err(|_| restore_terminal())?;
        Ok(Screen { terminal, depth })
    }

    pub fn draw(&mut self, app: &App) -> io::Result<()> {
        self.terminal.draw(|f| crate::ui::draw(f, app))?;
        Ok(())
    }

    pub fn size(&self) -> io::Result<(u16, u16)> {
        let s = self.terminal.size()?;
        Ok((s.width, s.height))
    }

    /// Gives the terminal back for a while (a stop, a text browser).
    pub fn suspend(&mut self) {
        restore_terminal();
    }

    /// Takes the terminal again after [`Screen::suspend`] (or after someone else changed its
    /// modes while chorus was stopped): the next draw paints every cell.
    pub fn resume(&mut self) -> io::Result<()> {
        enter()?;
        execute!(io::stdout(), Clear(ClearType::All))?;
        // A new terminal has empty buffers, so the next draw writes the whole screen. (Terminal
        // ::clear would ask the terminal for the cursor position, an answer the input thread
        // would swallow.)
        let fresh = Terminal::new(CrosstermBackend::new(Out::new(self.depth)))?;
        let old = std::mem::replace(&mut self.terminal, fresh);
        // ratatui's Drop shows the cursor, which chorus keeps hidden.
        std::mem::forget(old);
        Ok(())
    }

    /// Clears the terminal and forgets what was drawn, so the next draw paints every cell
    /// (Ctrl-L after another program wrote over the screen).
    pub fn clear(&mut self) -> io::Result<()> {
        execute!(io::stdout(), Clear(ClearType::All))?;
        let fresh = Terminal::new(CrosstermBackend::new(Out::new(self.depth)))?;
        let old = std::mem::replace(&mut self.terminal, fresh);
        // As in resume: ratatui's Drop would show the cursor.
        std::mem::forget(old);
        Ok(())
    }

    /// Gives the terminal back for good, then prints what other threads' panics said.
    pub fn restore(self) {
        restore_terminal();
        // ratatui's Drop shows the cursor again and, when that fails on a terminal that is
        // gone, prints to a stderr that is gone too, which panics. The cursor is already shown.
        std::mem::forget(self.terminal);
        print_held_panics();
    }
}

fn enter() -> io::Result<()> {
    terminal::enable_raw_mode()?;
    TAKEN.store(true, Ordering::SeqCst);
    execute!(
        io::stdout(),
        EnterAlternateScreen,
        EnableMouseCapture,
        cursor::Hide
    )
    .inspect_err(|_| restore_terminal())
}

/// Gives the terminal back. Safe to call more than once, from the panic hook, a signal or the
/// loop.
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

/// A panic on the thread that draws gives the terminal back before its message is printed; one
/// on another thread is held until the terminal is given back.
fn install_panic_hook() {
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !TAKEN.load(Ordering::SeqCst) {
                previous(info);
                return;
            }
            let thread = std::thread::current();
            if thread.name() == Some("main") {
                restore_terminal();
                print_held_panics();
                previous(info);
            } else if let Ok(mut held) = HELD.lock() {
                let name = thread.name().unwrap_or("<unnamed>");
                held.push(format!("thread '{name}' {info}"));
            }
        }));
    });
}

fn print_held_panics() {
    let held = match HELD.lock() {
        Ok(mut held) => std::mem::take(&mut *held),
        Err(_) => return,
    };
    let mut err = io::stderr().lock();
    for message in held {
        let _ = writeln!(err, "{message}");
    }
}

/// Stops the thread that reads terminal input while the terminal is lent out, so that a text
/// browser in the foreground gets every key.
#[derive(Default)]
pub struct InputGate {
    state: Mutex<GateState>,
    changed: Condvar,
}

#[derive(Default)]
struct GateState {
    /// The loop wants input paused.
    paused: bool,
    /// The input thread is parked (not reading).
    parked: bool,
    /// The input thread has stopped.
    ended: bool,
}

/// How long a read waits before the input thread looks at the gate again.
pub const INPUT_POLL: Duration = Duration::from_millis(100);

impl InputGate {
    /// Asks the input thread to stop reading, and waits until it has.
    pub fn pause(&self) {
        let Ok(mut s) = self.state.lock() else { return };
        s.paused = true;
        while !s.parked {
            match self.changed.wait(s) {
                Ok(next) => s = next,
                Err(_) => return,
            }
        }
    }

    pub fn resume(&self) {
        if let Ok(mut s) = self.state.lock() {
            s.paused = false;
            self.changed.notify_all();
        }
    }

    /// Called by the input thread when it stops for good: nothing is left to pause.
    pub fn input_ended(&self) {
        if let Ok(mut s) = self.state.lock() {
            s.parked = true;
            s.ended = true;
            self.changed.notify_all();
        }
    }

    /// Called by the input thread before each read: parks while input is paused.
    pub fn wait_while_paused(&self) {
        let Ok(mut s) = self.state.lock() else { return };
        while s.paused {
            s.parked = true;
            self.changed.notify_all();
            match self.changed.wait(s) {
                Ok(next) => s = next,
                Err(_) => return,
            }
        }
        s.parked = s.ended;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_worker_panic_is_held_while_the_terminal_is_taken_and_printed_after() {
        install_panic_hook();
        TAKEN.store(true, Ordering::SeqCst);
        let worker = std::thread::Builder::new()
            .name("tagger".into())
            .spawn(|| panic!("tagger failed on post 7"))
            .expect("spawn");
        assert!(worker.join().is_err());
        let held: Vec<String> = HELD.lock().map(|h| h.clone()).unwrap_or_default();
        TAKEN.store(false, Ordering::SeqCst);
        assert!(
            held.iter()
                .any(|m| m.contains("'tagger'") && m.contains("tagger failed on post 7")),
            "{held:?}"
        );
        // Given back, the terminal gets the message; nothing stays held.
        print_held_panics();
        assert!(HELD.lock().map(|h| h.is_empty()).unwrap_or(false));
    }
}
