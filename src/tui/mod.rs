//! The interactive session: takes over the terminal, runs the event loop, carries out the
//! effects the app asks for, and always gives the terminal back: on quit, on a panic, on
//! SIGTERM/SIGHUP/SIGINT/SIGQUIT, and when input ends. SIGTSTP gives it back until `fg`.
//!
//! Terminal input, signals, the background tagger and the sidecar writer all report over one
//! channel, so the loop sleeps until something happens and draws only when the state changed.

mod basic_colors;
mod browser;
mod terminal;

use std::io::{self, Write};
use std::path::PathBuf;
use std::sync::mpsc;
use std::sync::{Arc, mpsc::Sender};
use std::thread::JoinHandle;

use crossterm::event::{self, Event};
use signal_hook::consts::{SIGCONT, SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGTSTP};

pub use terminal::restore_terminal;
use terminal::{INPUT_POLL, InputGate, Screen};

use crate::app::{Action, App, Arrived, Correction, Effect, Refetched};
use crate::load::background::{Arrival, Loading};
use crate::tone::ComputedTone;

/// Why the session ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Exit {
    /// The reader quit.
    Quit,
    /// Input ended (the terminal went away).
    InputClosed,
    /// A signal asked us to stop; the process should exit with 128 + this number.
    Signal(i32),
    /// The rest of the document could not be read: this says why, in one line.
    LoadFailed(String),
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
    pub untagged: crate::tone::compute::Work,
    /// The rest of the document, while it is read (the app has what came so far).
    pub loading: Option<Loading>,
    /// The link the document was opened from, if it was.
    pub link: Option<LinkSession>,
    /// Where muted authors are saved; `None` when they are not (no config directory).
    pub mutes: Option<PathBuf>,
}

/// What the session needs to fetch a link again.
#[derive(Debug, Clone)]
pub struct LinkSession {
    pub url: String,
    /// Where the link's "seen" posts are kept (see [`crate::fetch::refresh::visit`]); `None`
    /// without a data directory.
    pub home: Option<PathBuf>,
}

mod search_worker;

use search_worker::SearchWorker;

enum Msg {
    Input(Event),
    Tagged(Vec<ComputedTone>),
    Arrival(Box<Arrival>),
    TaggerFailed,
    /// A worker's news for the status line.
    Notify(String),
    /// Matches the search worker found.
    Found(crate::app::PostsFound),
    /// The overview's figures, counted.
    Tallied(Box<crate::stats::Tallied>),
    /// A filter's matches.
    Filtered(Box<crate::app::Filtered>),
    /// Fetching the link again: how far it has got.
    Refetching(String),
    /// The link fetched again, or why it could not be.
    Refetched(Result<Box<crate::load::bundle::BundleFile>, String>),
    InputClosed,
    Signal(i32),
}

/// Runs the reader until it quits. The terminal is restored, and every correction the reader
/// made is saved, before this returns.
pub fn run(mut app: App, session: Session) -> io::Result<Exit> {
    let (tx, rx) = mpsc::channel();
    if !session.untagged.is_empty() {
        app.update(Action::TaggingStarted(session.untagged.len()));
        spawn_tagger(session.untagged, tx.clone());
    }
    let saver = Saver::start(session.sidecar, tx.clone());
    let demand = session.loading.map(|loading| {
        let (arrivals, demand) = loading.into_parts();
        let arrival_tx = tx.clone();
        std::thread::spawn(move || {
            for arrival in arrivals {
                if arrival_tx.send(Msg::Arrival(Box::new(arrival))).is_err() {
                    break;
                }
            }
        });
        demand
    });
    let tagger_tx = tx.clone();
    let mut signals =
        signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGINT, SIGQUIT, SIGTSTP, SIGCONT])?;
    let signal_tx = tx.clone();
    std::thread::spawn(move || {
        for sig in signals.forever() {
            if signal_tx.send(Msg::Signal(sig)).is_err() {
                break;
            }
        }
    });
    let hangup_tx = tx.clone();
    std::thread::spawn(move || watch_for_hangup(&hangup_tx));
    let gate = Arc::new(InputGate::default());
    let input_gate = gate.clone();
    std::thread::spawn(move || read_input(&tx, &input_gate));

    let mut screen = Screen::take(app.theme().depth)?;
    let mut runner = Runner {
        screen,
        gate,
        saver,
        demand,
        tagger_tx,
        searcher: None,
        home: session.link.and_then(|l| l.home),
        mutes: session.mutes,
    };
    let result = event_loop(&mut runner, &mut app, &rx);
    screen = runner.screen;
    screen.restore();
    runner.saver.finish();
    result
}

/// The reader is usable at once; tones fill in a few times a second.
fn spawn_tagger(work: crate::tone::compute::Work, tx: Sender<Msg>) {
    std::thread::spawn(move || {
        use crate::tone::compute::{SEND_EVERY, tag_in_background};
        let done = tag_in_background(&work, SEND_EVERY, |tagged| {
            tx.send(Msg::Tagged(tagged)).is_ok()
        });
        // A tagger bug must not take the reader down: the rest stay untagged.
        if done.is_err() {
            let _ = tx.send(Msg::TaggerFailed);
        }
    });
}

/// Reads terminal events, parking while the terminal is lent to another program.
///
/// The terminal's size is also looked at whenever no input came for [`INPUT_POLL`]: in a
/// storm of resizes the last one's notice can be folded into an earlier one that read the size
/// before it changed, and the reader would be left drawing a size the terminal no longer has.
/// A size that differs from the last one seen is sent as a resize of its own.
fn read_input(tx: &Sender<Msg>, gate: &InputGate) {
    let mut seen = crossterm::terminal::size().ok();
    loop {
        gate.wait_while_paused();
        let msg = match event::poll(INPUT_POLL) {
            Ok(false) => match crossterm::terminal::size() {
                Ok(now) if Some(now) != seen => {
                    seen = Some(now);
                    Msg::Input(event::Event::Resize(now.0, now.1))
                }
                _ => continue,
            },
            Ok(true) => match event::read() {
                Ok(ev) => {
                    if let event::Event::Resize(w, h) = ev {
                        seen = Some((w, h));
                    }
                    Msg::Input(ev)
                }
                Err(_) => Msg::InputClosed,
            },
            // EOF or EIO: the terminal is gone. Stop reading rather than spin on the error.
            Err(_) => Msg::InputClosed,
        };
        let closed = matches!(msg, Msg::InputClosed);
        if tx.send(msg).is_err() || closed {
            break;
        }
    }
    gate.input_ended();
}

/// crossterm retries forever on a hung-up terminal (its reads return 0 and it reads again), so
/// a hang-up that comes without a SIGHUP (chorus under `sh -c`, sudo, ...) would never end the
/// session and would spin a core. This thread sleeps in poll(2) until the kernel reports the
/// hang-up on the terminal, and says so.
fn watch_for_hangup(tx: &Sender<Msg>) {
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

/// What carries out effects: the screen, the input gate, the sidecar writer; and what asks
/// the loading thread for more, and starts the tagger once all is in.
struct Runner {
    screen: Screen,
    gate: Arc<InputGate>,
    saver: Saver,
    demand: Option<crate::load::background::Demand>,
    tagger_tx: Sender<Msg>,
    /// Started with the first search that needs it.
    searcher: Option<SearchWorker>,
    /// Where a link's "seen" posts are kept, to record what a refresh brought.
    home: Option<PathBuf>,
    /// Where muted authors are saved.
    mutes: Option<PathBuf>,
}

/// Runs the loop. A write to a terminal that went away (its other end closed while a frame was
/// being drawn) ends the session as the hang-up does, not as a terminal error: the SIGHUP that
/// comes with it is waited for a moment, so the exit status says what happened.
fn event_loop(runner: &mut Runner, app: &mut App, rx: &mpsc::Receiver<Msg>) -> io::Result<Exit> {
    match run_loop(runner, app, rx) {
        Err(e) if terminal_gone(&e) => {
            let deadline = std::time::Instant::now() + std::time::Duration::from_millis(200);
            loop {
                let left = deadline.saturating_duration_since(std::time::Instant::now());
                match rx.recv_timeout(left) {
                    Ok(Msg::Signal(sig)) if sig != SIGTSTP && sig != SIGCONT => {
                        return Ok(Exit::Signal(sig));
                    }
                    Ok(_) => continue,
                    Err(_) => return Ok(Exit::InputClosed),
                }
            }
        }
        other => other,
    }
}

/// Whether an error says the terminal is gone: EIO or ENXIO from a hung-up tty, or EPIPE.
fn terminal_gone(e: &io::Error) -> bool {
    let gone = [rustix::io::Errno::IO, rustix::io::Errno::NXIO];
    e.kind() == io::ErrorKind::BrokenPipe
        || e.raw_os_error()
            .is_some_and(|code| gone.iter().any(|g| g.raw_os_error() == code))
}

fn run_loop(runner: &mut Runner, app: &mut App, rx: &mpsc::Receiver<Msg>) -> io::Result<Exit> {
    let (width, height) = runner.screen.size()?;
    app.update(Action::Resize { width, height });
    runner.screen.draw(app)?;
    app.take_dirty();
    loop {
        let mut effect = match rx.recv() {
            Ok(Msg::Input(ev)) => app.handle_event(&ev),
            Ok(Msg::Tagged(batch)) => app.update(Action::TonesComputed(batch)),
            Ok(Msg::Arrival(arrival)) => match runner.arrived(app, *arrival) {
                Ok(effect) => effect,
                Err(message) => return Ok(Exit::LoadFailed(message)),
            },
            Ok(Msg::TaggerFailed) => app.update(Action::TaggingFailed),
            Ok(Msg::Notify(m)) => app.update(Action::Notify(m)),
            Ok(Msg::Found(found)) => app.update(Action::PostsFound(found)),
            Ok(Msg::Refetching(p)) => app.update(Action::Refetching(p)),
            Ok(Msg::Tallied(t)) => app.update(Action::Tallied(t)),
            Ok(Msg::Filtered(f)) => app.update(Action::Filtered(f)),
            Ok(Msg::Refetched(fetched)) => runner.refetched(app, fetched),
            Ok(Msg::Signal(SIGTSTP)) => {
                runner.suspend_while(app, stop_self)?;
                continue;
            }
            Ok(Msg::Signal(SIGCONT)) => {
                // Continued after someone else stopped chorus: whoever ran meanwhile may have
                // changed the terminal's modes. Take it again and paint every cell.
                runner.screen.resume()?;
                runner.redraw_all(app)?;
                continue;
            }
            Ok(Msg::Signal(sig)) => return Ok(Exit::Signal(sig)),
            Ok(Msg::InputClosed) | Err(_) => return Ok(Exit::InputClosed),
        };
        // An effect's outcome comes back as an action, which may ask for more.
        loop {
            if effect == Effect::Quit {
                return Ok(Exit::Quit);
            }
            match perform(runner, app, effect)? {
                Some(next) => effect = app.update(next),
                None => break,
            }
        }
        if app.take_dirty() {
            runner.screen.draw(app)?;
        }
    }
}

impl Runner {
    /// More of the document: to the app, and a request for the next part; once all of it is
    /// in, the posts without a tone go to the tagger. A load error ends the session with it.
    fn arrived(&mut self, app: &mut App, arrival: Arrival) -> Result<Effect, String> {
        match arrival {
            Arrival::Part { doc, read } => {
                let expected = read.expected_posts(doc.len());
                let effect = app.update(Action::DocumentArrived(Arrived::part(doc, expected)));
                if let Some(demand) = &self.demand {
                    demand.taken();
                }
                Ok(effect)
            }
            Arrival::Progress { posts, read } => Ok(app.update(Action::LoadProgress {
                posts,
                expected: read.expected_posts(posts),
            })),
            Arrival::Whole(doc) => {
                self.demand = None;
                let effect = app.update(Action::DocumentArrived(Arrived::whole(doc)));
                // Asked of the app's document: it has the reader's corrections made meanwhile.
                let untagged = crate::tone::compute::untagged(app.doc());
                if !untagged.is_empty() {
                    app.update(Action::TaggingStarted(untagged.len()));
                    spawn_tagger(untagged, self.tagger_tx.clone());
                }
                Ok(effect)
            }
            Arrival::Failed(e) => Err(e.to_string()),
        }
    }
}

impl Runner {
    /// A link fetched again: merged with the document shown (the reader's place and tones
    /// kept), this visit recorded, and the new posts sent to the tagger.
    fn refetched(
        &mut self,
        app: &mut App,
        fetched: Result<Box<crate::load::bundle::BundleFile>, String>,
    ) -> Effect {
        let bundle = match fetched {
            Ok(bundle) => bundle,
            Err(why) => return app.update(Action::RefetchFailed(why)),
        };
        let mut merged = crate::fetch::refresh::merge(app.doc(), *bundle);
        let untagged = crate::tone::compute::tag_if_small(&mut merged.doc);
        let effect = app.update(Action::Refetched(Box::new(Refetched {
            doc: Box::new(merged.doc),
            remap: merged.remap,
            added: merged.added,
        })));
        if let Some(home) = &self.home
            && let Err(e) = crate::fetch::refresh::visit(home, app.doc())
        {
            app.update(Action::Notify(e.to_string()));
        }
        if !untagged.is_empty() {
            app.update(Action::TaggingStarted(untagged.len()));
            spawn_tagger(untagged, self.tagger_tx.clone());
        }
        effect
    }
}

/// Fetches a link again on a thread of its own, ignoring the cache (and replacing it); its
/// progress and its answer come back over the loop's channel.
fn spawn_refetch(url: String, tx: Sender<Msg>) {
    std::thread::spawn(move || {
        use crate::fetch::{CacheMode, ErrorKind, OpenOptions, open};
        let answer = OpenOptions::from_env(CacheMode::Refresh).and_then(|opts| {
            let progress_tx = std::sync::Mutex::new(tx.clone());
            let report = move |p: &crate::fetch::Progress| {
                if let Ok(tx) = progress_tx.lock() {
                    let _ = tx.send(Msg::Refetching(p.to_string()));
                }
            };
            // The reader knows the link, and has the document: neither the link nor a hint
            // about the cached copy is worth the status line's room.
            open(&url, &opts, &report)
                .map(|opened| Box::new(opened.bundle))
                .map_err(|mut e| {
                    if let ErrorKind::Unreachable { cached, .. }
                    | ErrorKind::Timeout { cached, .. } = &mut e.kind
                    {
                        *cached = None;
                    }
                    e.kind.to_string()
                })
        });
        let _ = tx.send(Msg::Refetched(answer));
    });
}

/// Carries out one effect; what the reader should hear of it comes back as an action.
fn perform(runner: &mut Runner, app: &mut App, effect: Effect) -> io::Result<Option<Action>> {
    Ok(match effect {
        Effect::None | Effect::Quit => None,
        Effect::OpenUrl(url) => Some(Action::Notify(open_url(runner, app, &url)?)),
        Effect::Copy(text) => copy_osc52(&text)
            .err()
            .map(|e| Action::Notify(format!("could not copy: {e}"))),
        Effect::SaveCorrection(c) => runner.saver.save(c).map(Action::Notify),
        Effect::Filter(request) => {
            let tx = runner.tagger_tx.clone();
            std::thread::spawn(move || {
                let _ = tx.send(Msg::Filtered(Box::new(request.run())));
            });
            None
        }
        Effect::SaveMutes(mutes) => match &runner.mutes {
            Some(path) => crate::mutes::write(path, &mutes).err().map(|e| {
                Action::Notify(format!(
                    "could not save the muted authors to {}: {e}",
                    crate::load::one_line(&path.display().to_string())
                ))
            }),
            None => Some(Action::Notify(
                "muted for this session only: no config directory".into(),
            )),
        },
        Effect::Suspend => {
            runner.suspend_while(app, stop_self)?;
            None
        }
        Effect::Redraw => {
            runner.screen.clear()?;
            runner.redraw_all(app)?;
            None
        }
        Effect::Tally(request) => {
            let tx = runner.tagger_tx.clone();
            std::thread::spawn(move || {
                let _ = tx.send(Msg::Tallied(Box::new(request.count())));
            });
            None
        }
        Effect::Refresh(url) => {
            spawn_refetch(url, runner.tagger_tx.clone());
            None
        }
        Effect::Search(request) => {
            let tx = &runner.tagger_tx;
            let worker = runner
                .searcher
                .get_or_insert_with(|| SearchWorker::spawn(tx.clone()));
            worker.search(request, app.doc().store().clone());
            None
        }
    })
}

fn open_url(runner: &mut Runner, app: &mut App, url: &str) -> io::Result<String> {
    let browser = std::env::var("BROWSER").ok();
    let path = std::env::var("PATH").ok();
    match browser::opener(browser.as_deref(), path.as_deref(), url) {
        // A text browser needs the terminal: lend it, as a shell would, and take it back.
        browser::Opener::Text(cmd) => {
            let name = cmd.name();
            let mut status = None;
            runner.suspend_while(app, || status = Some(cmd.command().status()))?;
            Ok(match status {
                Some(Ok(s)) if s.success() => format!("back from {name}"),
                Some(Ok(s)) => format!("{name} ended with {s}"),
                Some(Err(e)) => format!("could not run {name}: {e}"),
                None => format!("could not run {name}"),
            })
        }
        // A graphical browser starts detached, its output discarded: the screen needs no repair.
        browser::Opener::Graphical => Ok(match webbrowser::open(url) {
            Ok(()) => format!("opened {url}"),
            Err(e) => format!("could not open {url}: {e}"),
        }),
    }
}

impl Runner {
    /// Gives the terminal back, runs `f` (a stop, a program in the foreground), then takes the
    /// terminal again and redraws every cell at its size now.
    fn suspend_while(&mut self, app: &mut App, f: impl FnOnce()) -> io::Result<()> {
        self.gate.pause();
        self.screen.suspend();
        f();
        let resumed = self.screen.resume();
        self.gate.resume();
        resumed?;
        self.redraw_all(app)
    }

    fn redraw_all(&mut self, app: &mut App) -> io::Result<()> {
        let (width, height) = self.screen.size()?;
        app.update(Action::Resize { width, height });
        app.take_dirty();
        self.screen.draw(app)
    }
}

/// Stops the process as SIGTSTP's default action would, until SIGCONT (`fg`).
fn stop_self() {
    let _ = signal_hook::low_level::raise(signal_hook::consts::SIGSTOP);
}

/// Saves tone corrections on a thread of its own, so a slow disk never holds up a key. A
/// failure comes back as a message for the status line. Every correction sent is saved before
/// the session ends.
struct Saver {
    target: SidecarTarget,
    tx: Option<Sender<Correction>>,
    worker: Option<JoinHandle<()>>,
}

impl Saver {
    fn start(target: SidecarTarget, notify: Sender<Msg>) -> Saver {
        let (tx, rx) = mpsc::channel::<Correction>();
        let worker = match &target {
            SidecarTarget::File(path) => {
                let path = path.clone();
                Some(std::thread::spawn(move || {
                    for c in rx {
                        let changes = [(c.post_id, c.tone)].into_iter().collect();
                        if let Err(e) = crate::sidecar::save(&path, &changes) {
                            // The file's name, not its whole path: the status line is one
                            // line, and what went wrong must fit on it.
                            let name = path.file_name().unwrap_or(path.as_os_str());
                            let _ = notify.send(Msg::Notify(format!(
                                "could not save the tone correction to {}: {e}",
                                name.to_string_lossy()
                            )));
                        }
                    }
                }))
            }
            SidecarTarget::NotSaved(_) => None,
        };
        Saver {
            target,
            tx: Some(tx),
            worker,
        }
    }

    /// Queues a correction; says why when corrections are not saved.
    fn save(&self, c: Correction) -> Option<String> {
        match &self.target {
            SidecarTarget::File(_) => {
                let sent = self.tx.as_ref().is_some_and(|tx| tx.send(c).is_ok());
                (!sent).then(|| "the tone correction could not be saved".to_string())
            }
            SidecarTarget::NotSaved(why) => Some(format!("tone set for this session only: {why}")),
        }
    }

    /// Waits for every queued correction to be written.
    fn finish(mut self) {
        drop(self.tx.take());
        if let Some(w) = self.worker.take() {
            let _ = w.join();
        }
    }
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
