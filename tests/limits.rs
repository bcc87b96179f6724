//! Hostile and endless input at the command line: devices, binary streams, a file far past the
//! input limit, a named pipe that never closes. Each is refused with one line naming the input
//! (and the limit, where a size is the reason) and exit status 2, without reading it all.
//!
//! Every child runs with its address space limited to 1 GB (`ulimit -v`), so a chorus that
//! read such an input to the end fails the test with "out of memory" instead of taking the
//! machine's memory; and with a deadline, so one that waits forever fails it too.

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use common::{BIN, Run, drain, wait_deadline};

/// `chorus ARGS` with its memory bounded, stdin from `stdin` (a file or device) or null.
fn bounded(args: &[&str], stdin: Option<&Path>) -> Run {
    let shown = format!("chorus {}", args.join(" "));
    let mut child = Command::new("sh")
        .arg("-c")
        .arg("ulimit -v 1000000 && exec \"$0\" \"$@\"")
        .arg(BIN)
        .args(args)
        .stdin(match stdin {
            Some(p) => Stdio::from(std::fs::File::open(p).expect("open stdin")),
            None => Stdio::null(),
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn sh");
    let out = drain(child.stdout.take().unwrap());
    let err = drain(child.stderr.take().unwrap());
    let status = wait_deadline(&mut child, &shown);
    Run {
        status,
        stdout: out.join().unwrap(),
        stderr: String::from_utf8(err.join().unwrap()).expect("stderr is UTF-8"),
    }
}

/// Exit 2, nothing on stdout, one line "chorus: ..." on stderr; returns the message.
fn refused(run: &Run) -> String {
    assert_eq!(
        run.status.code(),
        Some(2),
        "{:?} {:?}",
        run.status,
        run.stderr
    );
    assert!(run.stdout.is_empty(), "{:?}", run.stdout.len());
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(lines.len(), 1, "not one line: {:?}", run.stderr);
    lines[0]
        .strip_prefix("chorus: ")
        .unwrap_or_else(|| panic!("{:?}", run.stderr))
        .to_string()
}

fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("limits")
        .join(format!("{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn devices_given_by_name_are_refused_unread() {
    let out = scratch("devices").join("out.json");
    let out = out.to_str().unwrap();
    for args in [
        &["/dev/zero"][..],
        &["print", "/dev/zero"],
        &["/dev/urandom"],
        &["print", "--format", "json", "/dev/urandom"],
        &["convert", "/dev/zero", "-o", out],
    ] {
        let device = args.iter().find(|a| a.starts_with("/dev/")).unwrap();
        let msg = refused(&bounded(args, None));
        assert_eq!(
            msg,
            format!(
                "{device}: is a character device, not a file or a pipe; chorus reads files, \
                 pipes and standard input"
            ),
            "{args:?}"
        );
    }
    assert!(!Path::new(out).exists());
}

#[test]
fn an_endless_binary_stream_is_refused_from_its_first_bytes() {
    for args in [&["-"][..], &["print", "-"], &["convert", "-", "-o", "-"]] {
        let msg = refused(&bounded(args, Some(Path::new("/dev/zero"))));
        assert!(
            msg.starts_with("<stdin>:1:1: not a format chorus reads (binary data: a NUL byte)"),
            "{args:?}: {msg}"
        );
        // Random bytes: a NUL byte or a byte that is not UTF-8, whichever rule sees it first.
        let msg = refused(&bounded(args, Some(Path::new("/dev/urandom"))));
        assert!(
            msg.contains("binary data: a NUL byte") || msg.contains("invalid UTF-8"),
            "{args:?}: {msg}"
        );
    }
}

#[test]
fn a_10_gb_file_is_refused_unread() {
    let path = scratch("huge").join("huge.json");
    // Sparse: it takes no disk, and reading it would give ten gigabytes of NUL bytes.
    std::fs::File::create(&path)
        .and_then(|f| f.set_len(10 << 30))
        .expect("a sparse file");
    let shown = path.to_str().unwrap();
    for args in [&[shown][..], &["print", shown]] {
        let msg = refused(&bounded(args, None));
        assert_eq!(
            msg,
            format!(
                "{shown}: larger than the input limit of 2 GiB; to read it, raise the limit \
                 with --max-input"
            )
        );
    }
    // Redirected to standard input it has the same size, and is refused the same way.
    let msg = refused(&bounded(&["print", "-"], Some(&path)));
    assert!(
        msg.starts_with("<stdin>: larger than the input limit of 2 GiB"),
        "{msg}"
    );
    let _ = std::fs::remove_file(&path);
}

#[test]
fn max_input_sets_the_limit() {
    let dir = scratch("max-input");
    let path = dir.join("bundle.json");
    let mut bundle =
        br#"{"format": "chorus/1", "article": {"title": "Limits"}, "posts": []}"#.to_vec();
    bundle.resize(3000, b' ');
    std::fs::write(&path, &bundle).unwrap();
    let shown = path.to_str().unwrap();
    let msg = refused(&bounded(&["print", "--max-input", "2K", shown], None));
    assert_eq!(
        msg,
        format!(
            "{shown}: larger than the input limit of 2 KiB; to read it, raise the limit with \
             --max-input"
        )
    );
    let run = bounded(&["print", "--max-input", "3000", shown], None);
    assert!(run.status.success(), "{:?}", run.stderr);
    let out = dir.join("out.json");
    let run = bounded(
        &[
            "convert",
            "--max-input",
            "1KB",
            shown,
            "-o",
            out.to_str().unwrap(),
        ],
        None,
    );
    assert!(
        refused(&run).contains("input limit of 1000 bytes"),
        "{:?}",
        run.stderr
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// A named pipe, and a writer that keeps writing `chunk` until the reader goes away.
fn endless_fifo(dir: &Path, start: &'static [u8], chunk: &'static [u8]) -> PathBuf {
    let fifo = dir.join("fifo");
    let made = Command::new("mkfifo").arg(&fifo).status().expect("mkfifo");
    assert!(made.success());
    let path = fifo.clone();
    std::thread::spawn(move || {
        let Ok(mut w) = std::fs::OpenOptions::new().write(true).open(&path) else {
            return;
        };
        let _ = w.write_all(start);
        while w.write_all(chunk).is_ok() {}
    });
    fifo
}

#[test]
fn a_named_pipe_that_never_closes_is_bounded_by_the_limit() {
    let dir = scratch("fifo");
    // It looks like a bundle for as long as anyone reads: only the size limit stops it.
    let fifo = endless_fifo(
        &dir,
        br#"{"format": "chorus/1", "article": {"title": "x"}, "posts": ["#,
        br#"{"id": "p", "text": "again"},"#,
    );
    let shown = fifo.to_str().unwrap();
    let msg = refused(&bounded(&["print", "--max-input", "1M", shown], None));
    assert_eq!(
        msg,
        format!(
            "{shown}: larger than the input limit of 1 MiB; to read it, raise the limit with \
             --max-input"
        )
    );
    let _ = std::fs::remove_dir_all(&dir);

    let dir = scratch("fifo-zero");
    let fifo = endless_fifo(&dir, b"", &[0; 4096]);
    let msg = refused(&bounded(&[fifo.to_str().unwrap()], None));
    assert!(msg.contains("binary data: a NUL byte"), "{msg}");
    let _ = std::fs::remove_dir_all(&dir);

    let dir = scratch("fifo-text");
    let fifo = endless_fifo(&dir, b"", b"y\n");
    let msg = refused(&bounded(&["print", fifo.to_str().unwrap()], None));
    assert!(
        msg.contains(":1:1: not a format chorus reads (not JSON"),
        "{msg}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_page_nested_a_hundred_thousand_deep_loads_with_its_text() {
    let n = 100_000;
    let page = format!(
        "<html><head><title>Deep</title></head><body><p>Start of the story here.</p>{}deep \
         text{}<p>End of it.</p></body></html>",
        "<div>".repeat(n),
        "</div>".repeat(n)
    );
    let dir = scratch("nested");
    let file = dir.join("deep.html");
    std::fs::write(&file, page).expect("write the page");
    let run = bounded(&["print", file.to_str().unwrap()], None);
    assert!(run.status.success(), "{}", run.stderr);
    let out = String::from_utf8_lossy(&run.stdout);
    for text in ["Start of the story here.", "deep text", "End of it."] {
        assert!(out.contains(text), "{text:?} missing from {out}");
    }
}

/// A named pipe at `dir/name`, made with mkfifo.
fn fifo(dir: &Path, name: &str) -> PathBuf {
    let fifo = dir.join(name);
    let made = Command::new("mkfifo").arg(&fifo).status().expect("mkfifo");
    assert!(made.success());
    fifo
}

/// Loads `path` with pipes given up on after 300 ms of silence; the error's text if it fails.
fn load_stalling(path: &Path) -> Result<usize, String> {
    let limits = chorus::load::Limits {
        stall: std::time::Duration::from_millis(300),
        ..chorus::load::Limits::default()
    };
    chorus::load::load(chorus::load::Input::Path(path), None, &limits)
        .map(|doc| doc.len())
        .map_err(|e| e.to_string())
}

#[test]
fn a_named_pipe_nobody_writes_to_is_given_up_on_after_a_silence() {
    let dir = scratch("stall");
    // Nobody ever opens it for writing: opening it must not wait for one.
    let never = fifo(&dir, "never");
    let start = std::time::Instant::now();
    let err = load_stalling(&never).expect_err("given up on");
    assert_eq!(
        err,
        format!(
            "{}: cannot read: no data for 300 ms: nothing writes to this pipe, or it is never \
             closed",
            never.display()
        )
    );
    assert!(start.elapsed() < std::time::Duration::from_secs(5));

    // A writer opens it, writes a little, then neither writes nor closes.
    let silent = fifo(&dir, "silent");
    let path = silent.clone();
    let writer = std::thread::spawn(move || {
        let mut w = std::fs::OpenOptions::new().write(true).open(&path).unwrap();
        w.write_all(br#"{"format": "chorus/1", "posts": ["#)
            .unwrap();
        std::thread::sleep(std::time::Duration::from_secs(2));
    });
    let err = load_stalling(&silent).expect_err("given up on");
    assert!(err.contains("no data for 300 ms"), "{err}");
    writer.join().unwrap();
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_named_pipe_that_writes_slowly_but_within_the_limit_loads() {
    let dir = scratch("slow");
    let slow = fifo(&dir, "slow");
    let path = slow.clone();
    let writer = std::thread::spawn(move || {
        let mut w = std::fs::OpenOptions::new().write(true).open(&path).unwrap();
        let parts: [&[u8]; 4] = [
            br#"{"format": "chorus/1", "article": {"title": "t"}, "posts": ["#,
            br#"{"id": "a", "text": "one"},"#,
            br#"{"id": "b", "text": "two", "in_reply_to": "a"}"#,
            b"]}",
        ];
        for part in parts {
            // Pauses shorter than the silence allowed, and longer than any read takes.
            std::thread::sleep(std::time::Duration::from_millis(120));
            w.write_all(part).unwrap();
            w.flush().unwrap();
        }
    });
    assert_eq!(load_stalling(&slow), Ok(2));
    writer.join().unwrap();
    let _ = std::fs::remove_dir_all(&dir);
}
