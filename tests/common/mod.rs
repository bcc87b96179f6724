//! The harness the CLI tests share: run the `chorus` binary with stdin null or fed from a byte
//! slice and stdout/stderr captured, so no test can take over the terminal the tests run in.
//! Every child has a deadline: a hang fails the test instead of stalling it.

// Each test crate compiles its own copy of this module and need not use all of it.
#![allow(dead_code)]

use std::ffi::OsStr;
use std::io::{Read, Write};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

pub const BIN: &str = env!("CARGO_BIN_EXE_chorus");
pub const DEADLINE: Duration = Duration::from_secs(30);

pub struct Run {
    pub status: ExitStatus,
    pub stdout: Vec<u8>,
    pub stderr: String,
}

/// Reads `pipe` to its end on a thread of its own, so a full pipe never blocks the child.
pub fn drain(mut pipe: impl Read + Send + 'static) -> JoinHandle<Vec<u8>> {
    std::thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = pipe.read_to_end(&mut buf);
        buf
    })
}

/// Waits for `child` until DEADLINE; kills it and fails the test if it is still running.
pub fn wait_deadline(child: &mut Child, what: &str) -> ExitStatus {
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().expect("try_wait") {
            return status;
        }
        if start.elapsed() > DEADLINE {
            let _ = child.kill();
            let _ = child.wait();
            panic!("`{what}` still running after {DEADLINE:?}");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// `chorus ARGS` with `stdin` fed to it (or null), stdout and stderr captured.
pub fn chorus(args: &[impl AsRef<OsStr>], stdin: Option<&[u8]>) -> Run {
    let args: Vec<&OsStr> = args.iter().map(AsRef::as_ref).collect();
    let what = format!("chorus {args:?}");
    let mut child = Command::new(BIN)
        .args(&args)
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .env_remove("NO_COLOR")
        .spawn()
        .expect("spawn chorus");
    if let Some(bytes) = stdin {
        let mut pipe = child.stdin.take().unwrap();
        let bytes = bytes.to_vec();
        std::thread::spawn(move || {
            let _ = pipe.write_all(&bytes);
        });
    }
    let out = drain(child.stdout.take().unwrap());
    let err = drain(child.stderr.take().unwrap());
    let status = wait_deadline(&mut child, &what);
    Run {
        status,
        stdout: out.join().unwrap(),
        stderr: String::from_utf8(err.join().unwrap()).expect("stderr is UTF-8"),
    }
}

/// A drawn buffer as text, a line per row; a wide character's second cell is skipped, so the
/// text reads as the terminal shows it.
pub fn buffer_text(buf: &ratatui::buffer::Buffer) -> String {
    let mut s = String::new();
    for y in 0..buf.area.height {
        let mut skip = 0;
        for x in 0..buf.area.width {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let sym = buf[(x, y)].symbol();
            skip = unicode_width::UnicodeWidthStr::width(sym).saturating_sub(1);
            s.push_str(sym);
        }
        s.push('\n');
    }
    s
}

/// The bundled article, as `cargo run` opens it.
pub fn bundled() -> chorus::model::Document {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("data/serena-williams-first-steps.json");
    chorus::load::load(
        chorus::load::Input::Path(&path),
        None,
        &chorus::load::Limits::default(),
    )
    .expect("the bundled article loads")
}

/// A document from text in memory, named `name` in messages.
pub fn load_text(name: &str, text: &str) -> chorus::model::Document {
    chorus::load::load(
        chorus::load::Input::Bytes {
            name: std::path::Path::new(name),
            bytes: text.as_bytes(),
        },
        None,
        &chorus::load::Limits::default(),
    )
    .expect("the test document loads")
}
