//! End-to-end tests of the real `chorus` binary in a pseudo-terminal: what it draws, how keys
//! change the screen, and that it always gives the terminal back (on `q`, on SIGTERM/SIGHUP/SIGINT,
//! and when the terminal goes away).
//!
//! The master side of the pty is read by a background thread into a shared `vt100::Parser` (and
//! a copy of the raw bytes). Tests synchronise by polling the screen with a deadline, never by
//! sleeping a fixed time; every wait has a deadline so no test can hang.

#![cfg(unix)]

use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, ExitStatus, MasterPty, PtySize, native_pty_system};

const ROWS: u16 = 40;
const COLS: u16 = 120;
/// How long any wait for the app may take before the test fails.
const DEADLINE: Duration = Duration::from_secs(10);
const POLL: Duration = Duration::from_millis(20);

const BIN: &str = env!("CARGO_BIN_EXE_chorus");
/// The start of the bundled article's title: short enough to sit on the first line of the pane.
const TITLE: &str = "Serena Williams missed her";

const ENTER_ALT: &[u8] = b"\x1b[?1049h";
const LEAVE_ALT: &[u8] = b"\x1b[?1049l";
const HIDE_CURSOR: &[u8] = b"\x1b[?25l";
const SHOW_CURSOR: &[u8] = b"\x1b[?25h";

/// What the reader thread shares with the test.
struct Shared {
    parser: Mutex<vt100::Parser>,
    raw: Mutex<Vec<u8>>,
    /// The master read EOF or an error: nothing more will arrive.
    done: AtomicBool,
    /// Ask the reader thread to return (and close its descriptor) after its next read.
    stop: AtomicBool,
}

/// A program running in a pty of ROWS x COLS.
struct Session {
    child: Box<dyn Child + Send + Sync>,
    master: Option<Box<dyn MasterPty + Send>>,
    writer: Option<Box<dyn Write + Send>>,
    shared: Arc<Shared>,
    reader: Option<JoinHandle<()>>,
    /// Extra processes (by pid) to kill when the session is dropped, for tests that spawn
    /// chorus under a wrapper.
    also_kill: Vec<u32>,
}

impl Session {
    /// `chorus ARGS` in a fresh pty.
    fn chorus(args: &[&str]) -> Session {
        let mut cmd = CommandBuilder::new(BIN);
        cmd.args(args);
        Session::spawn(cmd)
    }

    fn spawn(mut cmd: CommandBuilder) -> Session {
        cmd.env_remove("NO_COLOR");
        Session::spawn_as_is(cmd)
    }

    /// [`Session::spawn`] leaving NO_COLOR as `cmd` has it.
    fn spawn_as_is(mut cmd: CommandBuilder) -> Session {
        if cmd.get_env("TERM").is_none() {
            cmd.env("TERM", "xterm-256color");
        }
        cmd.cwd(env!("CARGO_MANIFEST_DIR"));
        let pair = native_pty_system()
            .openpty(PtySize {
                rows: ROWS,
                cols: COLS,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open a pty");
        let child = pair.slave.spawn_command(cmd).expect("spawn in the pty");
        // Only the child keeps the slave open, so the master sees EOF/EIO when it is gone.
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().expect("pty reader");
        let writer = pair.master.take_writer().expect("pty writer");
        let shared = Arc::new(Shared {
            parser: Mutex::new(vt100::Parser::new(nonzero(ROWS), nonzero(COLS), 0)),
            raw: Mutex::new(Vec::new()),
            done: AtomicBool::new(false),
            stop: AtomicBool::new(false),
        });
        let thread_shared = Arc::clone(&shared);
        let handle = std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            loop {
                match reader.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => {
                        thread_shared
                            .raw
                            .lock()
                            .unwrap()
                            .extend_from_slice(&buf[..n]);
                        thread_shared.parser.lock().unwrap().process(&buf[..n]);
                    }
                }
                if thread_shared.stop.load(Ordering::SeqCst) {
                    break;
                }
            }
            thread_shared.done.store(true, Ordering::SeqCst);
        });
        Session {
            child,
            master: Some(pair.master),
            writer: Some(writer),
            shared,
            reader: Some(handle),
            also_kill: Vec::new(),
        }
    }

    /// Types `bytes` at the terminal.
    fn send(&mut self, bytes: &[u8]) {
        let w = self.writer.as_mut().expect("the writer is still open");
        w.write_all(bytes).expect("write to the pty");
        w.flush().expect("flush the pty");
    }

    fn contents(&self) -> String {
        self.shared.parser.lock().unwrap().screen().contents()
    }

    fn raw_len(&self) -> usize {
        self.shared.raw.lock().unwrap().len()
    }

    fn raw_from(&self, from: usize) -> Vec<u8> {
        self.shared.raw.lock().unwrap()[from..].to_vec()
    }

    /// The screen as text, framed, for failure messages.
    fn dump(&self) -> String {
        let screen = self.contents();
        let parser = self.shared.parser.lock().unwrap();
        let s = parser.screen();
        format!(
            "alternate screen: {}, cursor hidden: {}, output ended: {}\n{}\n{screen}\n{}",
            s.alternate_screen(),
            s.hide_cursor(),
            self.shared.done.load(Ordering::SeqCst),
            "-".repeat(usize::from(COLS)),
            "-".repeat(usize::from(COLS)),
        )
    }

    /// Polls until `pred` holds of the screen (and the raw bytes), or fails with the screen.
    fn wait_until(&self, what: &str, pred: impl Fn(&vt100::Screen, &[u8]) -> bool) {
        let start = Instant::now();
        loop {
            {
                let parser = self.shared.parser.lock().unwrap();
                let raw = self.shared.raw.lock().unwrap();
                if pred(parser.screen(), &raw) {
                    return;
                }
            }
            if start.elapsed() > DEADLINE {
                panic!(
                    "timed out after {DEADLINE:?} waiting for {what}; the screen:\n{}",
                    self.dump()
                );
            }
            std::thread::sleep(POLL);
        }
    }

    /// Waits until the screen shows `text`; returns the screen's contents.
    fn wait_for(&self, text: &str) -> String {
        self.wait_until(&format!("{text:?} on the screen"), |s, _| {
            s.contents().contains(text)
        });
        self.contents()
    }

    /// Waits until the screen shows every one of `texts` (a frame may arrive in pieces).
    fn wait_for_all(&self, texts: &[&str]) -> String {
        self.wait_until(&format!("all of {texts:?} on the screen"), |s, _| {
            let c = s.contents();
            texts.iter().all(|t| c.contains(t))
        });
        self.contents()
    }

    /// The exit status if the child exits within `limit`, else None (it is left running).
    fn wait_exit(&mut self, limit: Duration) -> Option<ExitStatus> {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().expect("try_wait") {
                return Some(status);
            }
            if start.elapsed() > limit {
                return None;
            }
            std::thread::sleep(POLL);
        }
    }

    /// Like `wait_exit`, but failing the test if it does not exit.
    fn expect_exit(&mut self, why: &str) -> ExitStatus {
        match self.wait_exit(DEADLINE) {
            Some(status) => status,
            None => panic!(
                "chorus still running {DEADLINE:?} after {why}; the screen:\n{}",
                self.dump()
            ),
        }
    }

    /// Waits for the reader thread to see the end of the output, so every byte is in.
    fn wait_output_end(&self) {
        self.wait_until("the end of the pty output", |_, _| {
            self.shared.done.load(Ordering::SeqCst)
        });
    }

    /// Opens the app to its first screen, whole: ratatui writes a frame top to bottom, so the
    /// title (top) and the status line (bottom) both showing means the frame is complete.
    fn started(args: &[&str]) -> Session {
        let s = Session::chorus(args);
        s.wait_for_all(&[TITLE, "? help "]);
        s
    }

    fn pid(&self) -> u32 {
        self.child.process_id().expect("the child has a pid")
    }

    /// Resizes the terminal (the program gets SIGWINCH) and the screen the test reads.
    fn resize(&mut self, rows: u16, cols: u16) {
        self.master
            .as_ref()
            .expect("the pty master")
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("resize the pty");
        self.shared
            .parser
            .lock()
            .unwrap()
            .screen_mut()
            .set_size(nonzero(rows), nonzero(cols));
    }

    /// Whether the terminal is in raw mode (canonical input off), as chorus left it.
    fn raw_mode(&self) -> bool {
        use std::os::fd::BorrowedFd;
        let fd = self
            .master
            .as_ref()
            .and_then(|m| m.as_raw_fd())
            .expect("the pty master's descriptor");
        // SAFETY: the master outlives this call; the descriptor is only read from.
        let fd = unsafe { BorrowedFd::borrow_raw(fd) };
        let t = rustix::termios::tcgetattr(fd).expect("tcgetattr");
        !t.local_modes.contains(rustix::termios::LocalModes::ICANON)
    }

    /// The process state letter from /proc: `T` when stopped.
    fn state(&self) -> char {
        let stat =
            std::fs::read_to_string(format!("/proc/{}/stat", self.pid())).unwrap_or_default();
        // The state follows the command name, which is in parentheses.
        stat.rsplit_once(") ")
            .and_then(|(_, rest)| rest.chars().next())
            .unwrap_or('?')
    }

    /// Asserts the terminal was given back by output from byte `from` on.
    fn assert_restored(&self, from: usize, after: &str) {
        self.wait_output_end();
        let tail = self.raw_from(from);
        assert!(
            contains(&tail, LEAVE_ALT),
            "after {after}, no leave-alternate-screen (ESC[?1049l) in the output: {:?}",
            String::from_utf8_lossy(&tail)
        );
        assert!(
            contains(&tail, SHOW_CURSOR),
            "after {after}, no show-cursor (ESC[?25h) in the output: {:?}",
            String::from_utf8_lossy(&tail)
        );
        let parser = self.shared.parser.lock().unwrap();
        let screen = parser.screen();
        assert!(
            !screen.alternate_screen(),
            "after {after}, still in the alternate screen"
        );
        assert!(
            !screen.hide_cursor(),
            "after {after}, the cursor is still hidden"
        );
        drop(parser);
        assert!(
            !self.raw_mode(),
            "after {after}, the terminal is still in raw mode"
        );
    }
}

impl Drop for Session {
    /// Never leave a process behind, whatever the test did.
    fn drop(&mut self) {
        for pid in &self.also_kill {
            let _ = std::process::Command::new("kill")
                .arg("-KILL")
                .arg(pid.to_string())
                .status();
        }
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.wait_exit(Duration::from_secs(5));
        }
        // Closing every master descriptor ends the reader thread (it reads EIO); it is not
        // joined, so a stuck read cannot hang the test.
        self.writer.take();
        self.master.take();
        self.reader.take();
    }
}

fn nonzero(n: u16) -> NonZeroU16 {
    NonZeroU16::new(n).expect("a non-zero size")
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// The screen row holding `text`, trimmed.
fn row_with<'a>(screen: &'a str, text: &str) -> Option<&'a str> {
    screen.lines().find(|l| l.contains(text)).map(str::trim)
}

fn kill(signal: &str, pid: u32) {
    let status = std::process::Command::new("kill")
        .arg(format!("-{signal}"))
        .arg(pid.to_string())
        .status()
        .expect("run kill");
    assert!(status.success(), "kill -{signal} {pid} failed: {status}");
}

// (a) ----------------------------------------------------------------------------------------

#[test]
fn opens_the_bundled_article_in_the_alternate_screen_with_the_cursor_hidden() {
    let s = Session::started(&[]);
    s.wait_for_all(&[
        " Article ",
        " Replies ",
        " Post ",
        "7 of 7 shown",
        "7 quotes: ] next · ? help",
    ]);
    {
        let parser = s.shared.parser.lock().unwrap();
        assert!(
            parser.screen().alternate_screen(),
            "not in the alternate screen:\n{}",
            s.dump()
        );
        assert!(
            parser.screen().hide_cursor(),
            "cursor not hidden:\n{}",
            s.dump()
        );
    }
    let raw = s.raw_from(0);
    assert!(contains(&raw, ENTER_ALT), "no ESC[?1049h in the output");
    assert!(contains(&raw, HIDE_CURSOR), "no ESC[?25l in the output");
}

#[test]
fn v_opens_the_overview_and_enter_on_a_tone_shows_only_it() {
    let mut s = Session::started(&[]);
    s.wait_for("7 of 7 shown");
    s.send(b"v");
    s.wait_for_all(&[
        " Overview ",
        "7 of 7 posts shown",
        "[S] supportive",
        "By quote",
    ]);
    s.send(b"\r");
    s.wait_for_all(&["only supportive shown (0 shows all)", "3 of 7 posts shown"]);
    s.send(b"0v");
    s.wait_for(" Post ");
    s.send(b"q");
    assert!(s.expect_exit("q").success());
}

// (b) ----------------------------------------------------------------------------------------

#[test]
fn bracket_moves_to_the_first_quote_and_marks_it() {
    let mut s = Session::started(&[]);
    let before = s.contents();
    assert!(
        !before.contains('▶'),
        "a quote is marked before any key:\n{}",
        s.dump()
    );
    assert!(
        !before.contains("quote 1 of 7"),
        "status already on a quote:\n{}",
        s.dump()
    );

    s.send(b"]");
    let screen = s.wait_for("quote 1 of 7");
    assert!(
        screen.contains('▶'),
        "no ▶ marker on the current quote:\n{}",
        s.dump()
    );
    assert!(
        !screen.contains("7 quotes: ] next"),
        "the idle status is still shown:\n{}",
        s.dump()
    );

    s.send(b"]");
    s.wait_for("quote 2 of 7");
    s.send(b"[");
    s.wait_for("quote 1 of 7");
}

// (c) ----------------------------------------------------------------------------------------

#[test]
fn a_digit_hides_that_tone_and_zero_shows_all() {
    let mut s = Session::started(&[]);
    let screen = s.wait_for("7 of 7 shown");
    let entry = row_with(&screen, "7 of 7 shown").unwrap().to_string();
    assert!(
        entry.contains("1[S] supportive 3"),
        "legend does not start with supportive 3: {entry:?}"
    );

    s.send(b"1");
    let screen = s.wait_for("4 of 7 shown");
    let legend = row_with(&screen, "4 of 7 shown").unwrap();
    assert!(
        legend.contains("1[S] supportive hidden") || legend.contains("1[S] off"),
        "the first legend entry does not say hidden/off: {legend:?}"
    );
    assert!(
        !legend.contains("supportive 3"),
        "supportive still counted: {legend:?}"
    );
    // The other entries are untouched, and the replies pane lists only the four left.
    for other in [
        "2[E] empathetic 1",
        "3[R] reassuring 1",
        "5[O] confessional 1",
    ] {
        assert!(legend.contains(other), "legend lost {other:?}: {legend:?}");
    }
    assert!(
        screen.contains(" 1/4 "),
        "replies pane does not show 1/4:\n{}",
        s.dump()
    );

    s.send(b"1");
    let screen = s.wait_for("7 of 7 shown");
    assert!(
        row_with(&screen, "7 of 7 shown")
            .unwrap()
            .contains("1[S] supportive 3"),
        "{}",
        s.dump()
    );

    s.send(b"1");
    s.wait_for("4 of 7 shown");
    s.send(b"0");
    s.wait_for("7 of 7 shown");
}

// (d) ----------------------------------------------------------------------------------------

#[test]
fn question_mark_opens_help_and_esc_closes_it_without_quitting() {
    let mut s = Session::started(&[]);
    assert!(
        !s.contents().contains(" Keys "),
        "help open before any key:\n{}",
        s.dump()
    );

    s.send(b"?");
    s.wait_for_all(&[" Keys ", "next quote in the article", "Esc or ? closes"]);

    s.send(b"\x1b");
    s.wait_until(
        "the help to close and the article to show again",
        |screen, _| {
            let c = screen.contents();
            !c.contains(" Keys ") && !c.contains("next quote in the article") && c.contains(TITLE)
        },
    );
    assert!(
        s.wait_exit(Duration::from_millis(200)).is_none(),
        "Esc closing help quit the app"
    );

    // Still running and answering keys.
    s.send(b"]");
    s.wait_for("quote 1 of 7");
    assert!(s.shared.parser.lock().unwrap().screen().alternate_screen());
}

// (e) ----------------------------------------------------------------------------------------

#[test]
fn q_quits_with_status_zero_and_restores_the_terminal() {
    let mut s = Session::started(&[]);
    let from = s.raw_len();
    s.send(b"q");
    let status = s.expect_exit("q");
    assert!(status.success(), "q: {status:?}");
    assert_eq!(status.exit_code(), 0);
    s.assert_restored(from, "q");
}

#[test]
fn ctrl_c_quits_with_status_zero_and_restores_the_terminal() {
    let mut s = Session::started(&[]);
    let from = s.raw_len();
    // In raw mode Ctrl-C arrives as a key, not as SIGINT.
    s.send(b"\x03");
    let status = s.expect_exit("Ctrl-C");
    assert!(status.success(), "Ctrl-C: {status:?}");
    s.assert_restored(from, "Ctrl-C");
}

#[test]
fn esc_without_help_quits_and_restores_the_terminal() {
    let mut s = Session::started(&[]);
    let from = s.raw_len();
    s.send(b"\x1b");
    let status = s.expect_exit("Esc");
    assert!(status.success(), "Esc: {status:?}");
    s.assert_restored(from, "Esc");
}

// (f) ----------------------------------------------------------------------------------------

/// A signal from outside: the terminal is restored and the exit status is 128 + the signal,
/// as a normal exit (not death by the signal).
fn signal_restores_and_exits_with(signal: &str, code: u32) {
    let mut s = Session::started(&[]);
    // Somewhere other than the first screen, to show the state does not matter.
    s.send(b"]");
    s.wait_for("quote 1 of 7");
    let from = s.raw_len();
    kill(signal, s.pid());
    let status = s.expect_exit(&format!("SIG{signal}"));
    assert_eq!(
        status.signal(),
        None,
        "SIG{signal} killed chorus instead of being handled: {status:?}"
    );
    assert_eq!(status.exit_code(), code, "SIG{signal}: {status:?}");
    assert!(!status.success());
    s.assert_restored(from, &format!("SIG{signal}"));
}

#[test]
fn sigterm_restores_the_terminal_and_exits_143() {
    signal_restores_and_exits_with("TERM", 143);
}

#[test]
fn sighup_restores_the_terminal_and_exits_129() {
    signal_restores_and_exits_with("HUP", 129);
}

#[test]
fn sigint_restores_the_terminal_and_exits_130() {
    signal_restores_and_exits_with("INT", 130);
}

#[test]
fn sigquit_restores_the_terminal_and_exits_131() {
    signal_restores_and_exits_with("QUIT", 131);
}

#[test]
fn sigtstp_gives_the_terminal_back_and_sigcont_takes_it_again_and_redraws() {
    stops_gives_the_terminal_back_and_fg_redraws(|s| kill("TSTP", s.pid()));
}

#[test]
fn ctrl_z_suspends_and_fg_redraws() {
    stops_gives_the_terminal_back_and_fg_redraws(|s| s.send(b"\x1a"));
}

#[test]
fn ctrl_l_clears_and_draws_every_cell_again() {
    let mut s = Session::started(&[]);
    s.send(b"]");
    s.wait_for("quote 1 of 7");
    let from = s.raw_len();
    s.send(b"\x0c");
    let start = Instant::now();
    while !contains(&s.raw_from(from), b"\x1b[2J") && start.elapsed() < DEADLINE {
        std::thread::sleep(POLL);
    }
    assert!(contains(&s.raw_from(from), b"\x1b[2J"), "not cleared");
    s.wait_for_all(&[TITLE, "quote 1 of 7"]);
    s.send(b"q");
    assert!(s.expect_exit("q").success());
}

/// `stop` stops chorus (SIGTSTP, or Ctrl-Z typed): the terminal is given back, and after
/// SIGCONT (what `fg` sends) it is taken again and drawn anew.
fn stops_gives_the_terminal_back_and_fg_redraws(stop: impl FnOnce(&mut Session)) {
    let mut s = Session::started(&[]);
    s.send(b"]");
    s.wait_for("quote 1 of 7");
    assert!(s.raw_mode());
    stop(&mut s);
    s.wait_until(
        "the alternate screen left and the cursor shown",
        |scr, _| !scr.alternate_screen() && !scr.hide_cursor(),
    );
    let start = Instant::now();
    while s.state() != 'T' && start.elapsed() < DEADLINE {
        std::thread::sleep(POLL);
    }
    assert_eq!(s.state(), 'T', "chorus did not stop");
    assert!(!s.raw_mode(), "stopped with the terminal in raw mode");
    // `fg`: the terminal is taken again and every cell drawn anew, keys work.
    let from = s.raw_len();
    kill("CONT", s.pid());
    s.wait_until("the alternate screen again", |scr, _| {
        scr.alternate_screen()
    });
    s.wait_for_all(&[TITLE, "quote 1 of 7"]);
    assert!(s.raw_mode(), "resumed without raw mode: keys would echo");
    assert!(
        contains(&s.raw_from(from), b"\x1b[2J"),
        "the screen was not cleared"
    );
    s.send(b"]");
    s.wait_for("quote 2 of 7");
    let from = s.raw_len();
    s.send(b"q");
    assert!(s.expect_exit("q").success());
    s.assert_restored(from, "q after a stop");
}

#[test]
fn a_text_browser_gets_the_terminal_and_chorus_redraws_after_it() {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("pty-browser");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    // A stand-in for w3m: says what it opened, reads a line from the terminal, and exits.
    let w3m = dir.join("w3m");
    let got = dir.join("got");
    std::fs::write(
        &w3m,
        format!(
            "#!/bin/sh\necho \"W3M OPENED $1\"\nread line\necho \"$line\" > {}\n",
            got.display()
        ),
    )
    .expect("write w3m");
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&w3m, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    let doc = dir.join("doc.json");
    let out = std::process::Command::new(BIN)
        .args(["gen", "--posts", "5", "--seed", "1"])
        .output()
        .expect("chorus gen");
    std::fs::write(&doc, out.stdout).expect("write doc");
    let mut cmd = CommandBuilder::new(BIN);
    cmd.arg(doc.to_str().expect("utf-8 path"));
    let path = std::env::var("PATH").unwrap_or_default();
    cmd.env("PATH", format!("{}:{path}", dir.display()));
    // The first entry is missing, so w3m is the browser that runs.
    cmd.env("BROWSER", "/missing/firefox:w3m");
    let mut s = Session::spawn(cmd);
    s.wait_for("? help");
    s.send(b"o");
    s.wait_until("w3m in the normal screen", |scr, _| {
        !scr.alternate_screen() && scr.contents().contains("W3M OPENED https://")
    });
    assert!(!s.raw_mode(), "the text browser got a terminal in raw mode");
    s.send(b"typed to w3m\r");
    s.wait_for("back from w3m");
    assert_eq!(
        std::fs::read_to_string(&got)
            .expect("w3m read its line")
            .trim(),
        "typed to w3m",
        "chorus took keys meant for the browser"
    );
    assert!(s.raw_mode());
    s.send(b"q");
    assert!(s.expect_exit("q").success());
}

// (g) ----------------------------------------------------------------------------------------

impl Session {
    /// Closes every master descriptor: the terminal goes away (the slave side hangs up, reads
    /// on it fail with EIO). The reader thread is first made to return: it is asked to stop and
    /// woken by a key that makes the app redraw.
    fn hang_up(&mut self, wake: &[u8]) {
        self.shared.stop.store(true, Ordering::SeqCst);
        self.send(wake);
        let reader = self.reader.take().unwrap();
        let start = Instant::now();
        while !reader.is_finished() {
            assert!(
                start.elapsed() < DEADLINE,
                "the reader thread did not stop:\n{}",
                self.dump()
            );
            std::thread::sleep(POLL);
        }
        reader.join().unwrap();
        self.writer.take();
        self.master.take();
    }
}

/// Runs chorus as the session leader of its pty (as a terminal emulator runs it), closes the
/// terminal, and returns how chorus exited: the kernel sends it SIGHUP, so it must exit promptly.
fn hang_up_session_leader() -> ExitStatus {
    let mut s = Session::started(&[]);
    s.hang_up(b"]");
    match s.wait_exit(Duration::from_secs(5)) {
        Some(status) => status,
        None => panic!(
            "chorus still running 5 s after its terminal closed (pid {})",
            s.pid()
        ),
    }
}

#[test]
fn closing_the_terminal_ends_the_session_leader_promptly() {
    let status = hang_up_session_leader();
    assert_eq!(status.signal(), None, "chorus died of a signal: {status:?}");
}

/// The exit status after the terminal closed is 129 (SIGHUP handled) or 0 (input closed), not
/// a panic's 101.
#[test]
fn closing_the_terminal_exits_129_not_by_a_panic() {
    let status = hang_up_session_leader();
    assert!(
        status.exit_code() == 129 || status.exit_code() == 0,
        "unexpected exit after the terminal closed: {status:?} (101 is a Rust panic)"
    );
}

/// The pid of a child of `parent`, found in /proc.
fn child_of(parent: u32) -> Option<u32> {
    for entry in std::fs::read_dir("/proc").ok()?.flatten() {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
            continue;
        };
        // "pid (comm) state ppid ...": comm may hold spaces, so split after the last ')'.
        let Some(rest) = stat.rfind(')').map(|i| &stat[i + 1..]) else {
            continue;
        };
        let ppid = rest
            .split_whitespace()
            .nth(1)
            .and_then(|p| p.parse::<u32>().ok());
        if ppid == Some(parent) {
            return Some(pid);
        }
    }
    None
}

/// CPU time (user + system, in clock ticks) a process has used so far.
fn cpu_ticks(pid: u32) -> Option<u64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let rest = &stat[stat.rfind(')')? + 1..];
    let f: Vec<&str> = rest.split_whitespace().collect();
    // After the comm: state(0) ppid(1) ... utime(11) stime(12).
    Some(f.get(11)?.parse::<u64>().ok()? + f.get(12)?.parse::<u64>().ok()?)
}

/// chorus is not the session leader (as under a shell that does not forward SIGHUP, or any
/// wrapper): when the terminal goes away no signal comes, only EOF/EIO on input. tui.rs says
/// the input thread then sends `InputClosed` and the program ends. It must end within a few
/// seconds rather than spin.
#[test]
fn closing_the_terminal_ends_chorus_when_no_sighup_comes() {
    // sh is the session leader and ignores the hang-up; chorus runs as its child.
    let mut cmd = CommandBuilder::new("/bin/sh");
    cmd.args(["-c", "trap '' HUP; \"$0\"; echo \"chorus exited $?\"", BIN]);
    let mut s = Session::spawn(cmd);
    s.wait_for(TITLE);
    let sh = s.pid();
    let chorus = {
        let start = Instant::now();
        loop {
            if let Some(pid) = child_of(sh) {
                break pid;
            }
            assert!(start.elapsed() < DEADLINE, "no child of sh {sh} found");
            std::thread::sleep(POLL);
        }
    };
    s.also_kill.push(chorus);

    s.hang_up(b"]");
    let before = cpu_ticks(chorus);
    let exited = s.wait_exit(Duration::from_secs(5));
    let after = cpu_ticks(chorus);
    if exited.is_none() {
        let threads: Vec<String> = std::fs::read_dir(format!("/proc/{chorus}/task"))
            .map(|d| {
                d.flatten()
                    .filter_map(|t| {
                        let tid = t.file_name().to_string_lossy().parse::<u32>().ok()?;
                        let stat =
                            std::fs::read_to_string(format!("/proc/{chorus}/task/{tid}/stat"))
                                .ok()?;
                        let rest = &stat[stat.rfind(')')? + 1..];
                        let f: Vec<&str> = rest.split_whitespace().collect();
                        Some(format!("{tid}: state {} ticks {}+{}", f[0], f[11], f[12]))
                    })
                    .collect()
            })
            .unwrap_or_default();
        panic!(
            "chorus (pid {chorus}) still running 5 s after its terminal closed; CPU ticks in \
             those 5 s: {:?} (a tick is usually 10 ms, so ~500 means a core spinning); \
             threads: {threads:?}",
            before.zip(after).map(|(b, a)| a - b)
        );
    }
}

/// A resize storm: hundreds of sizes from 1x1 to 300x100, each with a key or two arriving
/// before chorus has drawn the last size. chorus must come through it drawing the size it ends
/// at, answer keys, and give the terminal back on `q`.
#[test]
fn a_resize_storm_with_keys_arriving_leaves_a_working_reader_and_a_clean_exit() {
    let mut s = Session::started(&[]);
    // Keys that move, filter, fold, reorder and open panes; never one that quits or suspends,
    // and none that opens a prompt, which only Esc leaves (and Esc quits where nothing is
    // open: a stale screen read after the storm could send one too many).
    let keys: [&[u8]; 15] = [
        b"j", b"k", b"]", b"[", b"1", b"0", b" ", b"c", b"s", b"v", b"?", b"\t", b"G", b"g", b"z",
    ];
    let mut seed = 0x5eed_u64;
    let mut next = |n: u64| {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) % n
    };
    for round in 0..400 {
        // The corners and edges first, then anything in between.
        let (rows, cols) = match round {
            0 => (1, 1),
            1 => (100, 300),
            2 => (1, 300),
            3 => (100, 1),
            _ => (1 + next(100) as u16, 1 + next(300) as u16),
        };
        s.resize(rows, cols);
        s.send(keys[next(keys.len() as u64) as usize]);
        if round % 3 == 0 {
            s.send(keys[next(keys.len() as u64) as usize]);
        }
    }
    let exited = s.child.try_wait().expect("try_wait");
    assert!(
        exited.is_none(),
        "chorus exited in the storm: {exited:?}\n{}",
        s.dump()
    );
    // Out of the help or the overview the storm may have left open, with the keys that toggle
    // them (never Esc, which quits where nothing is open): help first, as it may be on top.
    s.resize(ROWS, COLS);
    let deadline = Instant::now() + DEADLINE;
    loop {
        let screen = s.contents();
        let help = screen.contains("┏ Keys ");
        let overview = screen.contains(" Overview ");
        // The reader's two panes, whatever the storm scrolled or reordered in them.
        let reader = screen.contains("Article") && screen.contains("Replies");
        if !help && !overview && reader {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "chorus did not settle after the storm:\n{}",
            s.dump()
        );
        if help || overview {
            s.send(if help { b"?" } else { b"v" });
            // One key at a time: the next is decided on a screen drawn after this one.
            let waited = Instant::now();
            while s.contents() == screen && waited.elapsed() < Duration::from_secs(5) {
                std::thread::sleep(Duration::from_millis(20));
            }
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    // Still alive, drawing the final size whole, and answering keys.
    s.wait_for_all(&["Article", "Replies"]);
    let exited = s.child.try_wait().expect("try_wait");
    assert!(exited.is_none(), "chorus exited in the storm: {exited:?}");
    let from = s.raw_len();
    s.send(b"q");
    let status = s.expect_exit("q after the storm");
    assert_eq!(status.exit_code(), 0, "{status:?}");
    s.assert_restored(from, "q after the storm");
}

// Search, copy, focus ---------------------------------------------------------------------------

#[test]
fn slash_searches_as_you_type_and_n_moves_between_matches() {
    let mut s = Session::started(&[]);
    s.send(b"/");
    s.wait_until("the search prompt", |scr, _| {
        scr.contents().lines().last().unwrap_or("").starts_with('/')
    });
    s.send(b"Teigen");
    // Two mentions in the article, and Chrissy Teigen's own post.
    s.wait_for_all(&["/Teigen", "match 1 of 3"]);
    s.send(b"\r");
    s.wait_until("the prompt to close", |scr, _| {
        !scr.contents()
            .lines()
            .last()
            .unwrap_or("")
            .starts_with("/Teigen")
    });
    s.send(b"n");
    s.wait_for("match 2 of 3");
    s.send(b"n");
    let screen = s.wait_for("match 3 of 3");
    // The third match is Teigen's post: selected in the replies and shown in the detail pane.
    assert!(
        screen.contains("▌│ [S] Chrissy Teigen"),
        "Teigen's post is not selected:\n{}",
        s.dump()
    );
    s.send(b"N");
    s.wait_for("match 2 of 3");
    // Esc clears the search, a second Esc quits.
    s.send(b"\x1b");
    s.wait_until("the search to clear", |scr, _| {
        !scr.contents().contains("match 2 of 3")
    });
    let from = s.raw_len();
    s.send(b"q");
    let status = s.expect_exit("q after a search");
    assert!(status.success(), "{status:?}");
    s.assert_restored(from, "q after a search");
}

#[test]
fn y_copies_the_post_with_osc_52() {
    let mut s = Session::started(&[]);
    s.send(b"\tjjjjj"); // Chrissy Teigen's post
    s.wait_for("▌│ [S] Chrissy Teigen");
    let from = s.raw_len();
    s.send(b"y");
    s.wait_for("copied");
    use base64::Engine;
    let expected = base64::engine::general_purpose::STANDARD
        .encode("Chrissy Teigen: Knew exactly what to say. (described by the article, not quoted)");
    let osc = format!("\x1b]52;c;{expected}\x07");
    s.wait_until("the OSC 52 sequence", |_, raw| {
        contains(&raw[from..], osc.as_bytes())
    });
}

#[test]
fn focus_opens_on_a_post_and_its_quote() {
    let s = Session::chorus(&["--focus", "teigen"]);
    let screen = s.wait_for_all(&["quote 6 of 7", "? help "]);
    assert!(screen.contains("▌│ [S] Chrissy Teigen"), "{}", s.dump());
    assert!(screen.contains("▶ Chrissy Teigen"), "{}", s.dump());
}

// Tone corrections --------------------------------------------------------------------------------

/// A fresh copy of the bundled article in its own directory, so its sidecar is the test's own.
/// A sidecar that cannot be saved (read-only, or a directory in its place) is said in the
/// status line when a correction is made, and what it held is left as it was.
#[test]
fn a_sidecar_that_cannot_be_saved_is_said_in_the_status_line_and_kept() {
    use std::os::unix::fs::PermissionsExt;
    let file = bundled_copy("readonly");
    let sidecar = file.with_file_name("serena.json.chorus-tones.json");
    let saved = b"{\"format\": \"chorus-tones/1\", \"tones\": {\"bender\": \"neutral\"}}\n";
    std::fs::write(&sidecar, saved).expect("write");
    std::fs::set_permissions(&sidecar, std::fs::Permissions::from_mode(0o444)).expect("chmod");
    let mut s = Session::started(&[file.to_str().expect("utf-8 path")]);
    s.send(b"\tT5");
    s.wait_for("could not save the tone correction");
    s.wait_for("read-only");
    s.send(b"q");
    s.expect_exit("q");
    assert_eq!(std::fs::read(&sidecar).expect("sidecar"), saved);

    // A directory where the sidecar goes: said when the document opens, and left alone.
    let file = bundled_copy("sidecar-dir");
    let sidecar = file.with_file_name("serena.json.chorus-tones.json");
    std::fs::create_dir(&sidecar).expect("mkdir");
    // (The reason follows the path, past the edge of a 120-column status line; the
    // sidecar's unit tests check its words.)
    corrections_stay_in_the_session(&file);
    assert!(sidecar.is_dir());
}

fn bundled_copy(name: &str) -> std::path::PathBuf {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("pty-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    let file = dir.join("serena.json");
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("data/serena-williams-first-steps.json");
    std::fs::copy(src, &file).expect("copy the bundled article");
    file
}

#[test]
fn t_corrects_a_tone_saves_it_beside_the_file_and_it_is_there_next_time() {
    let file = bundled_copy("correct");
    let input_before = std::fs::read(&file).expect("input");
    let arg = file.to_str().expect("utf-8 path");
    let mut s = Session::started(&[arg]);
    s.send(b"\tT");
    s.wait_for("Tone of Serena Williams's post");
    s.send(b"5"); // critical
    s.wait_for("tone set to critical");
    let sidecar = file.with_file_name("serena.json.chorus-tones.json");
    s.wait_until("the sidecar file", |_, _| sidecar.exists());
    let saved = std::fs::read_to_string(&sidecar).expect("sidecar");
    assert!(saved.contains("\"williams\": \"critical\""), "{saved}");
    s.send(b"q");
    assert!(s.expect_exit("q").success());
    assert_eq!(
        std::fs::read(&file).expect("input"),
        input_before,
        "the input was written"
    );

    // Next time the correction is applied, and the detail pane says who set it.
    let mut s = Session::started(&[arg]);
    s.send(b"\t");
    s.wait_for_all(&["▌[C] Serena Williams", "tone set by you"]);
    s.send(b"q");
    s.expect_exit("q");

    // --no-sidecar ignores it.
    let mut s = Session::started(&[arg, "--no-sidecar"]);
    s.send(b"\t");
    s.wait_for("▌[O] Serena Williams");
    s.send(b"q");
    s.expect_exit("q");
}

#[test]
fn a_damaged_sidecar_is_reported_and_never_overwritten() {
    let file = bundled_copy("damaged");
    let sidecar = file.with_file_name("serena.json.chorus-tones.json");
    let damaged = b"{\"format\": \"chorus-tones/1\", \"tones\": {\"williams\": ";
    std::fs::write(&sidecar, damaged).expect("write");
    corrections_stay_in_the_session(&file);
    assert_eq!(std::fs::read(&sidecar).expect("sidecar"), damaged);
}

/// Opens `file`, whose sidecar cannot be read: that is said, and a correction is kept for this
/// session only.
fn corrections_stay_in_the_session(file: &std::path::Path) {
    let mut s = Session::started(&[file.to_str().expect("utf-8 path")]);
    s.wait_for("tone corrections not loaded");
    s.send(b"\tT5");
    s.wait_for("tone set for this session only");
    s.send(b"q");
    s.expect_exit("q");
}

#[test]
fn two_sessions_correcting_one_file_keep_both_corrections() {
    let file = bundled_copy("two-sessions");
    let sidecar = file.with_file_name("serena.json.chorus-tones.json");
    std::fs::write(
        &sidecar,
        "{\"format\": \"chorus-tones/1\", \"tones\": {\"williams\": \"humorous\"}}\n",
    )
    .expect("write");
    let arg = file.to_str().expect("utf-8 path");
    let mut a = Session::started(&[arg]);
    let mut b = Session::started(&[arg]);
    // A sets Williams's post to neutral; B, which still holds "humorous" for it, then sets
    // the second post's tone. B must not write its stale copy of Williams's entry back.
    a.send(b"\tT6");
    a.wait_for("tone set to neutral");
    a.wait_until("A's save", |_, _| {
        std::fs::read_to_string(&sidecar).is_ok_and(|s| s.contains("\"williams\": \"neutral\""))
    });
    b.send(b"\tjT1");
    b.wait_for("tone set to supportive");
    for s in [&mut a, &mut b] {
        s.send(b"q");
        assert!(s.expect_exit("q").success());
    }
    let saved = std::fs::read_to_string(&sidecar).expect("sidecar");
    assert!(saved.contains("\"williams\": \"neutral\""), "{saved}");
    assert!(saved.contains("\"supportive\""), "{saved}");
    assert_eq!(saved.matches(": \"").count(), 3, "{saved}");
}

/// The raw output of chorus's first screen under these terminal variables.
fn first_screen_bytes(term: &str, colorterm: Option<&str>) -> Vec<u8> {
    let mut env = vec![("TERM", term)];
    env.extend(colorterm.map(|c| ("COLORTERM", c)));
    let unset: &[&str] = if colorterm.is_none() {
        &["COLORTERM"]
    } else {
        &[]
    };
    first_screen_with(&[], &env, unset)
}

#[test]
fn colours_are_sent_at_the_depth_the_terminal_shows() {
    let truecolor = first_screen_bytes("xterm-256color", Some("truecolor"));
    assert!(
        contains(&truecolor, b"38;2;"),
        "no 24-bit colour with COLORTERM=truecolor"
    );
    // Without COLORTERM: the 256 indexed colours, never 24-bit.
    let indexed = first_screen_bytes("xterm-256color", None);
    assert!(!contains(&indexed, b"38;2;") && !contains(&indexed, b"48;2;"));
    assert!(
        contains(&indexed, b"38;5;"),
        "no indexed colour under xterm-256color"
    );
    // The Linux console and GNU screen: the 16 basic colours only.
    for term in ["linux", "screen"] {
        let basic = first_screen_bytes(term, None);
        for seq in [&b"38;2;"[..], b"48;2;", b"38;5;", b"48;5;"] {
            assert!(
                !contains(&basic, seq),
                "TERM={term} got {:?}",
                String::from_utf8_lossy(seq)
            );
        }
        let green = contains(&basic, b"\x1b[32m") || contains(&basic, b"\x1b[32;");
        assert!(green, "TERM={term}: no basic green (supportive)");
    }
}

/// Serves the Hacker News fixture as the Algolia API would, on 127.0.0.1, until dropped.
struct HnServer {
    base: String,
    /// What `/items/9000001` answers; [`HnServer::add_reply`] changes it.
    body: Arc<std::sync::Mutex<Vec<u8>>>,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl HnServer {
    fn start() -> HnServer {
        let server = tiny_http::Server::http("127.0.0.1:0").expect("bind 127.0.0.1");
        let port = server.server_addr().to_ip().expect("an IP address").port();
        let body = Arc::new(std::sync::Mutex::new(
            std::fs::read(
                std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join("tests/fixtures/hackernews/item.json"),
            )
            .expect("fixture"),
        ));
        let served = Arc::clone(&body);
        let stop = Arc::new(AtomicBool::new(false));
        let thread_stop = Arc::clone(&stop);
        let thread = std::thread::spawn(move || {
            while !thread_stop.load(Ordering::SeqCst) {
                if let Ok(Some(req)) = server.recv_timeout(POLL) {
                    let header = tiny_http::Header::from_bytes("Content-Type", "application/json")
                        .expect("a header");
                    let reply = if req.url() == "/items/9000001" {
                        let body = served.lock().expect("the body").clone();
                        tiny_http::Response::from_data(body).with_header(header)
                    } else {
                        tiny_http::Response::from_data(b"{}".to_vec()).with_status_code(404)
                    };
                    let _ = req.respond(reply);
                }
            }
        });
        HnServer {
            base: format!("http://127.0.0.1:{port}"),
            body,
            stop,
            thread: Some(thread),
        }
    }

    /// From now on the thread has one more comment, by `author`, under the story.
    fn add_reply(&self, id: u64, author: &str, text: &str) {
        let mut body = self.body.lock().expect("the body");
        let mut item: serde_json::Value = serde_json::from_slice(&body).expect("JSON");
        item["children"]
            .as_array_mut()
            .expect("children")
            .push(serde_json::json!({
                "id": id, "created_at": "2024-03-03T09:00:00.000Z", "created_at_i": 0,
                "type": "comment", "author": author, "title": null, "url": null, "text": text,
                "points": null, "parent_id": 9000001, "story_id": 9000001, "children": [],
                "options": []
            }));
        *body = serde_json::to_vec(&item).expect("JSON");
    }
}

impl Drop for HnServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// `chorus ARGS` reading Hacker News from `api`, with its cache and data directories in `dir`
/// and no proxy.
fn chorus_online(dir: &std::path::Path, api: &str, args: &[&str]) -> Session {
    let mut cmd = CommandBuilder::new(BIN);
    cmd.args(args);
    cmd.env("CHORUS_HN_API", api);
    cmd.env("CHORUS_CACHE_DIR", dir.join("cache"));
    cmd.env("CHORUS_DATA_DIR", dir.join("data"));
    for v in [
        "HTTP_PROXY",
        "http_proxy",
        "HTTPS_PROXY",
        "https_proxy",
        "ALL_PROXY",
        "all_proxy",
    ] {
        cmd.env_remove(v);
    }
    Session::spawn(cmd)
}

#[test]
fn a_link_opens_in_the_reader_and_its_corrections_are_kept_for_next_time() {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("pty-link");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    let server = HnServer::start();
    let url = "https://news.ycombinator.com/item?id=9000001";
    let mut s = chorus_online(&dir, &server.base, &[url]);
    s.wait_for("Show HN: A bakery names its sourdough");
    s.send(b"\tT");
    s.wait_for("Tone of");
    s.send(b"5"); // critical
    s.wait_for("tone set to critical");
    s.send(b"q");
    assert!(s.expect_exit("q").success());
    drop(server);
    let urls = dir.join("data").join("urls");
    let sidecars: Vec<_> = std::fs::read_dir(&urls)
        .expect("the data directory")
        .map(|e| e.expect("entry").file_name().into_string().expect("a name"))
        .filter(|n| n.ends_with(".chorus-tones.json"))
        .collect();
    assert_eq!(sidecars.len(), 1, "{sidecars:?}");

    // The server is gone: offline, the cached copy opens with the correction applied.
    let mut s = chorus_online(&dir, "http://127.0.0.1:9", &["--offline", url]);
    s.send(b"\t");
    s.wait_for_all(&["Show HN: A bakery names its sourdough", "tone set by you"]);
    // SIGINT is the reader's again once the fetch is over: it gives the terminal back.
    let from = s.raw_len();
    kill("INT", s.pid());
    let status = s.expect_exit("SIGINT");
    assert_eq!(status.signal(), None, "{status:?}");
    assert_eq!(status.exit_code(), 130, "{status:?}");
    s.assert_restored(from, "SIGINT");
}

#[test]
fn r_fetches_a_link_again_marks_the_new_reply_and_u_goes_to_it() {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("pty-refresh");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    let server = HnServer::start();
    let url = "https://news.ycombinator.com/item?id=9000001";
    let mut s = chorus_online(&dir, &server.base, &[url]);
    s.wait_for("Show HN: A bakery names its sourdough");
    // The first visit marks nothing; u says so.
    s.send(b"u");
    s.wait_for("first visit: nothing is marked new yet");
    s.send(b"\t");

    server.add_reply(9000008, "lin", "Came back for the second batch.");
    s.send(b"r");
    s.wait_for("fetched again: 1 new post (u goes to it)");
    let screen = s.wait_for("1 new: u next");
    assert!(
        row_with(&screen, "new lin").is_some(),
        "the new reply is listed, marked: {screen}"
    );
    s.send(b"u");
    let screen = s.wait_for("new post 1 of 1");
    assert!(
        screen.contains("Came back for the second batch."),
        "{screen}"
    );
    s.send(b"q");
    assert!(s.expect_exit("q").success());

    // Next visit: one more reply came meanwhile, and it is marked when the link opens.
    server.add_reply(9000009, "ines", "Still thinking about that loaf.");
    let mut s = chorus_online(&dir, &server.base, &["--refresh", url]);
    s.wait_for("1 new: u next");
    s.send(b"u");
    let screen = s.wait_for("new post 1 of 1");
    assert!(
        row_with(&screen, "new ines").is_some(),
        "the newer reply is listed, marked: {screen}"
    );
    assert!(
        row_with(&screen, "lin · ").is_some() && row_with(&screen, "new lin").is_none(),
        "seen at the last visit, listed and not marked: {screen}"
    );
    s.send(b"q");
    assert!(s.expect_exit("q").success());
}

// A large file read while it is shown -------------------------------------------------------

/// A generated bundle of `posts` posts in the test's own directory.
fn generated(name: &str, posts: usize) -> std::path::PathBuf {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("pty-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    let file = dir.join(format!("{name}.json"));
    let out = std::process::Command::new(BIN)
        .args(["gen", "--posts", &posts.to_string(), "--seed", "7"])
        .stdout(std::fs::File::create(&file).expect("create"))
        .status()
        .expect("run chorus gen");
    assert!(out.success(), "{out:?}");
    file
}

#[test]
fn a_large_file_is_shown_while_it_loads_and_keys_work_meanwhile() {
    let file = generated("loading", 40_000);
    let mut s = Session::chorus(&["--no-sidecar", file.to_str().unwrap()]);
    // Part of it, with about how much is to come.
    s.wait_until("the posts loaded so far, of about how many", |screen, _| {
        let c = screen.contents();
        row_with(&c, "loading ").is_some_and(|r| r.contains(" of ~"))
    });
    // Keys are answered while the rest is read: the selection moves to the second reply.
    s.send(b"\t");
    s.send(b"j");
    s.wait_until("the selection on the second reply", |screen, _| {
        screen.contents().contains(" 2/")
    });
    // Then it is all in, and the selection stayed where the reader put it.
    let screen = s.wait_for("/40000 ");
    assert!(screen.contains(" 2/40000 "), "{}", s.dump());
    assert!(row_with(&screen, "loading ").is_none(), "{}", s.dump());
    s.send(b"q");
    assert!(s.expect_exit("q").success());
}

#[test]
fn an_error_found_while_the_reader_is_open_gives_the_terminal_back_and_exits_2() {
    let file = generated("late-error", 40_000);
    let mut text = std::fs::read(&file).expect("read");
    text.truncate(text.len() - 200);
    std::fs::write(&file, &text).expect("cut the file short");
    let mut s = Session::chorus(&["--no-sidecar", file.to_str().unwrap()]);
    s.wait_for("posts · ");
    let from = s.raw_len();
    let status = s.expect_exit("the load error");
    assert_eq!(status.exit_code(), 2, "{status:?}");
    s.assert_restored(from, "a late load error");
    s.wait_output_end();
    let screen = s.contents();
    assert!(
        screen.contains("late-error.json:1:") && screen.contains("not JSON"),
        "{}",
        s.dump()
    );
}

#[test]
fn a_search_of_a_large_file_runs_beside_the_keys_and_counts_every_match() {
    let file = generated("search", 40_000);
    // How many posts hold the word, counted by the library itself.
    let doc = chorus::load::load(
        chorus::load::Input::Path(&file),
        None,
        &chorus::load::Limits::default(),
    )
    .expect("load");
    let holding = chorus::app::PostMatcher::new("seal", false)
        .find(doc.store(), 0..doc.len())
        .len();
    assert!(holding > 1000, "{holding}");
    let mut s = Session::chorus(&["--no-sidecar", file.to_str().unwrap()]);
    s.wait_for("/40000 ");
    s.send(b"\t/seal");
    // Every post holding it is counted once the worker is through (the article's own matches
    // come first in the count).
    s.wait_until("every match counted", |screen, _| {
        let c = screen.contents();
        row_with(&c, "/seal").is_some_and(|r| {
            r.split_whitespace()
                .skip_while(|w| *w != "of")
                .nth(1)
                .and_then(|n| n.parse::<usize>().ok())
                .is_some_and(|n| n >= holding && n < holding + 50)
                && !r.contains("searching")
        })
    });
    // Enter keeps it, n walks it.
    s.send(b"\r");
    // From the status line, the last on screen.
    let current = |c: &str| -> Option<usize> {
        let row = c.lines().last()?;
        let at = row.find("match ")? + "match ".len();
        row[at..].split_whitespace().next()?.parse().ok()
    };
    s.wait_until("the current match", |screen, _| {
        current(&screen.contents()).is_some()
    });
    let at = current(&s.contents()).expect("a current match");
    s.send(b"n");
    s.wait_until("the next match", |screen, _| {
        current(&screen.contents()) == Some(at + 1)
    });
    s.send(b"\x1b\x1bq");
    let _ = s.expect_exit("q");
}

/// The first screen's bytes of `chorus ARGS` with `env` set over a 24-bit xterm's, the
/// variables in `unset` removed (and NO_COLOR unset unless given).
fn first_screen_with(args: &[&str], env: &[(&str, &str)], unset: &[&str]) -> Vec<u8> {
    let mut cmd = CommandBuilder::new(BIN);
    cmd.args(args);
    cmd.env("TERM", "xterm-256color");
    cmd.env("COLORTERM", "truecolor");
    cmd.env_remove("NO_COLOR");
    for (k, v) in env {
        cmd.env(k, v);
    }
    for k in unset {
        cmd.env_remove(k);
    }
    let mut s = Session::spawn_as_is(cmd);
    s.wait_for_all(&[TITLE, "? help "]);
    s.send(b"q");
    s.expect_exit("q");
    s.raw_from(0)
}

#[test]
fn color_always_beats_no_color_and_never_draws_none() {
    let truecolor = |b: &[u8]| contains(b, b"38;2;");
    assert!(truecolor(&first_screen_with(
        &["--color", "always"],
        &[("NO_COLOR", "1")],
        &[]
    )));
    assert!(!truecolor(&first_screen_with(
        &[],
        &[("NO_COLOR", "1")],
        &[]
    )));
    assert!(!truecolor(&first_screen_with(
        &["--color", "never"],
        &[],
        &[]
    )));
    assert!(truecolor(&first_screen_with(
        &["--color", "auto"],
        &[],
        &[]
    )));
}

#[test]
fn a_config_remaps_keys_and_colours_in_the_real_binary() {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("pty-config");
    std::fs::create_dir_all(&dir).expect("dir");
    let config = dir.join("config.toml");
    std::fs::write(
        &config,
        "[keys]\nnext_quote = \"ctrl-n\"\n\n[theme]\npreset = \"terminal\"\n",
    )
    .expect("write");
    let mut cmd = CommandBuilder::new(BIN);
    cmd.env("CHORUS_CONFIG", &config);
    cmd.env_remove("NO_COLOR");
    let mut s = Session::spawn(cmd);
    // The hint names the new key, and the key works; `]` no longer does.
    s.wait_for("7 quotes: Ctrl-N next");
    s.send(b"]");
    s.send(b"\x0e");
    s.wait_for("quote 1 of 7");
    s.send(b"q");
    assert!(s.expect_exit("q").success());
    // The terminal preset sends the 16 basic colours for the tones (green for supportive).
    let raw = s.raw_from(0);
    assert!(
        contains(&raw, b"\x1b[32m") || contains(&raw, b"\x1b[32;"),
        "no basic green"
    );
}
