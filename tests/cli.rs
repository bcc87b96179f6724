//! The `chorus` binary without a terminal: every kind of bad input is reported as one line on
//! stderr and exit status 2 before the terminal is touched; `chorus gen` writes a valid,
//! reproducible bundle; gen, print and convert stop quietly at a closed pipe; `--help` works.
//!
//! stdin is null and stdout/stderr are pipes, so nothing here can take over the terminal the
//! tests run in. Every child has a deadline: a hang fails the test instead of stalling it.

mod common;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use chorus::load::{Input, Limits, load};
use common::{BIN, Run, drain, wait_deadline};

/// `chorus ARGS` with stdin null and stdout/stderr captured.
fn chorus_str(args: &[&str]) -> Run {
    common::chorus(args, None)
}

/// A fresh path under the test target's scratch directory, unique to this test and process.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli-tests");
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir.join(format!("{name}-{}", std::process::id()))
}

fn scratch_file(name: &str, bytes: &[u8]) -> PathBuf {
    let path = scratch(name);
    std::fs::write(&path, bytes).expect("write scratch file");
    path
}

/// Any ESC byte: a CSI ("\x1b[") or any other escape sequence.
fn has_escape(bytes: &[u8]) -> bool {
    bytes.contains(&0x1b)
}

/// Runs `chorus PATH` and checks the common contract for a file that cannot be opened: exit 2,
/// nothing on stdout, one line on stderr "chorus: PATH...", no escape sequence anywhere.
/// Returns the message after "chorus: ".
fn rejects(path: &Path) -> String {
    let run = common::chorus(&[path], None);
    let shown = path.display().to_string();
    assert_eq!(
        run.status.code(),
        Some(2),
        "{shown}: status {:?}, stderr {:?}",
        run.status,
        run.stderr
    );
    assert!(
        run.stdout.is_empty(),
        "{shown}: wrote to stdout: {:?}",
        String::from_utf8_lossy(&run.stdout)
    );
    assert!(
        !has_escape(&run.stdout),
        "{shown}: escape sequence on stdout"
    );
    assert!(
        !has_escape(run.stderr.as_bytes()),
        "{shown}: escape sequence on stderr: {:?}",
        run.stderr
    );
    assert!(
        run.stderr.ends_with('\n'),
        "{shown}: stderr does not end a line: {:?}",
        run.stderr
    );
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(
        lines.len(),
        1,
        "{shown}: not exactly one line on stderr: {:?}",
        run.stderr
    );
    let msg = lines[0].strip_prefix("chorus: ").unwrap_or_else(|| {
        panic!(
            "{shown}: stderr does not begin \"chorus: \": {:?}",
            lines[0]
        )
    });
    assert!(
        msg.starts_with(&shown),
        "{shown}: message does not begin with the file name: {msg:?}"
    );
    // The binary prints the library's error as it is.
    let expected = load(Input::Path(path), None, &Limits::default())
        .expect_err("the library rejects it too")
        .to_string();
    assert_eq!(
        msg, expected,
        "{shown}: the binary's message differs from the library's"
    );
    msg.to_string()
}

/// The message names `path` followed by `:LINE:COLUMN:`.
fn assert_place(msg: &str, path: &Path, line: usize, column: usize) {
    let want = format!("{}:{line}:{column}: ", path.display());
    assert!(
        msg.starts_with(&want),
        "expected {want:?} at the start of {msg:?}"
    );
}

// Bad input -------------------------------------------------------------------------------

#[test]
fn missing_file() {
    let path = scratch("does-not-exist.json");
    let _ = std::fs::remove_file(&path);
    let msg = rejects(&path);
    assert!(msg.contains("cannot read: no such file"), "{msg:?}");
}

#[test]
fn a_directory() {
    let path = scratch("a-directory.json");
    std::fs::create_dir_all(&path).unwrap();
    let msg = rejects(&path);
    assert!(msg.contains("is a directory"), "{msg:?}");
    let _ = std::fs::remove_dir(&path);
}

#[test]
fn an_empty_file() {
    for (name, bytes) in [("empty.json", &b""[..]), ("blank.json", &b"  \n\t\n"[..])] {
        let path = scratch_file(name, bytes);
        let msg = rejects(&path);
        assert!(msg.contains("file is empty"), "{msg:?}");
        let _ = std::fs::remove_file(&path);
    }
}

#[test]
fn not_json() {
    let path = scratch_file("not-json.json", b"{\n  \"format\": nope\n}\n");
    let msg = rejects(&path);
    assert_place(&msg, &path, 2, 14);
    assert!(msg.contains("not JSON"), "{msg:?}");
    let _ = std::fs::remove_file(&path);

    let path = scratch_file("plain-text.json", b"hello, world\n");
    let msg = rejects(&path);
    assert_place(&msg, &path, 1, 1);
    assert!(msg.contains("not JSON"), "{msg:?}");
    let _ = std::fs::remove_file(&path);
}

#[test]
fn wrong_shape() {
    let path = scratch_file(
        "wrong-shape.json",
        b"{\n  \"format\": \"chorus/1\",\n  \"article\": 42\n}\n",
    );
    let msg = rejects(&path);
    // serde_json places the error just after the offending value.
    assert_place(&msg, &path, 3, 15);
    assert!(msg.contains("wrong shape for a chorus bundle"), "{msg:?}");
    assert!(msg.contains("expected an article object"), "{msg:?}");
    let _ = std::fs::remove_file(&path);

    // A JSON value that is not an object at all.
    let path = scratch_file("array.json", b"[1, 2, 3]\n");
    let msg = rejects(&path);
    assert_place(&msg, &path, 1, 1);
    assert!(msg.contains("wrong shape for a chorus bundle"), "{msg:?}");
    let _ = std::fs::remove_file(&path);
}

#[test]
fn missing_format_field() {
    let path = scratch_file(
        "no-format.json",
        b"{\"article\": {\"title\": \"t\"}, \"posts\": []}",
    );
    let msg = rejects(&path);
    assert!(msg.contains("missing \"format\" field"), "{msg:?}");
    let _ = std::fs::remove_file(&path);
}

#[test]
fn unsupported_format_version() {
    let path = scratch_file(
        "format-2.json",
        b"{\"format\": \"chorus/2\", \"article\": {\"title\": \"t\"}, \"posts\": []}",
    );
    let msg = rejects(&path);
    assert!(msg.contains("unsupported format \"chorus/2\""), "{msg:?}");
    let _ = std::fs::remove_file(&path);

    // Another version with another shape still says "unsupported format", not "wrong shape".
    let path = scratch_file(
        "format-9-shape.json",
        b"{\"format\": \"chorus/9\", \"article\": 42}",
    );
    let msg = rejects(&path);
    assert!(msg.contains("unsupported format \"chorus/9\""), "{msg:?}");
    let _ = std::fs::remove_file(&path);
}

#[test]
fn unsupported_format_with_escapes_is_not_echoed_raw() {
    // A hostile version string must not put an escape sequence on the reader's terminal.
    let path = scratch_file(
        "format-escape.json",
        b"{\"format\": \"\\u001b[31mred\\u001b[0m\", \"article\": {}, \"posts\": []}",
    );
    let msg = rejects(&path);
    assert!(msg.contains("unsupported format"), "{msg:?}");
    let _ = std::fs::remove_file(&path);
}

#[test]
fn invalid_utf8() {
    let path = scratch_file(
        "latin1.json",
        b"{\"format\": \"chorus/1\",\n \"x\": \"caf\xe9\"}\n",
    );
    let msg = rejects(&path);
    assert_place(&msg, &path, 2, 11);
    assert!(msg.contains("invalid UTF-8"), "{msg:?}");
    let _ = std::fs::remove_file(&path);
}

// gen --------------------------------------------------------------------------------------

#[test]
fn gen_writes_a_valid_reproducible_bundle() {
    let a = chorus_str(&["gen", "--posts", "50", "--seed", "7"]);
    assert!(a.status.success(), "gen: {:?} {:?}", a.status, a.stderr);
    assert!(a.stderr.is_empty(), "gen wrote to stderr: {:?}", a.stderr);
    assert!(!has_escape(&a.stdout), "gen wrote an escape sequence");
    let doc = load(
        Input::Bytes {
            name: Path::new("gen.json"),
            bytes: &a.stdout,
        },
        None,
        &Limits::default(),
    )
    .expect("gen's output loads");
    assert_eq!(doc.len(), 50);
    assert!(doc.warnings.is_empty(), "warnings: {:?}", doc.warnings);
    assert!(doc.quotes().count() > 0, "the article quotes no post");
    let json: serde_json::Value = serde_json::from_slice(&a.stdout).expect("gen writes JSON");
    assert_eq!(json["format"], "chorus/1");

    let b = chorus_str(&["gen", "--posts", "50", "--seed", "7"]);
    assert!(b.status.success());
    assert!(a.stdout == b.stdout, "two runs with the same seed differ");

    let c = chorus_str(&["gen", "--posts", "50", "--seed", "8"]);
    assert!(c.status.success());
    assert!(a.stdout != c.stdout, "seeds 7 and 8 write the same file");
}

#[test]
fn gen_output_opens_as_a_file() {
    let run = chorus_str(&["gen", "--posts", "50", "--seed", "7"]);
    assert!(run.status.success());
    let path = scratch_file("gen-50-7.json", &run.stdout);
    let doc = load(Input::Path(&path), None, &Limits::default()).expect("the saved bundle loads");
    assert_eq!(doc.len(), 50);
    let _ = std::fs::remove_file(&path);
}

#[test]
fn help_exits_zero() {
    for args in [&["--help"][..], &["-h"], &["gen", "--help"]] {
        let run = chorus_str(args);
        assert_eq!(
            run.status.code(),
            Some(0),
            "{args:?}: {:?} {:?}",
            run.status,
            run.stderr
        );
        let out = String::from_utf8_lossy(&run.stdout);
        assert!(out.contains("Usage:"), "{args:?}: {out:?}");
        assert!(
            !has_escape(&run.stdout),
            "{args:?}: escape sequence in help"
        );
    }
    let out = String::from_utf8(chorus_str(&["--help"]).stdout).unwrap();
    assert!(out.contains("gen"), "--help does not list gen: {out:?}");
}

#[test]
fn bad_arguments_exit_two_without_touching_the_terminal() {
    let run = chorus_str(&["gen", "--posts", "many"]);
    assert_eq!(run.status.code(), Some(2), "{:?}", run.stderr);
    assert!(run.stdout.is_empty());
    assert!(run.stderr.contains("--posts"), "{:?}", run.stderr);
    assert!(
        !has_escape(run.stderr.as_bytes()),
        "escape sequence: {:?}",
        run.stderr
    );
}

/// `chorus ARGS | head -c 10`: the reader closes the pipe after 10 bytes, and chorus stops
/// quietly with status 0, as a Unix filter does.
fn into_closed_pipe(args: &[&str]) {
    let shown = format!("chorus {} | head -c 10", args.join(" "));
    let mut child = Command::new(BIN)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn chorus");
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 10];
    stdout.read_exact(&mut first).expect("read 10 bytes");
    assert!(first.starts_with(b"{"), "{shown}: {first:?}");
    drop(stdout);
    let err = drain(child.stderr.take().unwrap());
    let status = wait_deadline(&mut child, &shown);
    let stderr = String::from_utf8_lossy(&err.join().unwrap()).into_owned();
    assert!(
        !stderr.contains("panicked"),
        "{shown}: panicked on a closed pipe: {stderr:?}"
    );
    assert!(status.success(), "{shown}: {status:?}, stderr {stderr:?}");
    assert!(
        stderr.is_empty(),
        "{shown}: complained about a closed pipe: {stderr:?}"
    );
}

fn gen_into_closed_pipe(posts: &str) {
    into_closed_pipe(&["gen", "--posts", posts]);
}

/// A generated bundle of `posts` posts in a scratch file.
fn generated(name: &str, posts: usize) -> PathBuf {
    let mut bytes = Vec::new();
    chorus::synth::write_bundle_shaped(posts, 1, chorus::synth::Shape::Mixed, &mut bytes)
        .expect("gen");
    scratch_file(name, &bytes)
}

#[test]
fn convert_to_a_closed_pipe_stops_quietly() {
    // Megabytes of output: convert is still writing when the pipe closes.
    let big = generated("convert-pipe.json", 20_000);
    let path = big.to_str().expect("utf-8 scratch path");
    into_closed_pipe(&["convert", path, "-o", "-"]);
    into_closed_pipe(&["print", "--format", "json", path]);
    let _ = std::fs::remove_file(&big);
}

#[test]
fn gen_into_a_closed_pipe_small() {
    // 10 posts fit in the pipe buffer: gen may finish before the pipe closes.
    gen_into_closed_pipe("10");
}

#[test]
fn gen_into_a_closed_pipe_large() {
    // Megabytes: gen is certainly still writing when the pipe closes, and gets EPIPE.
    gen_into_closed_pipe("20000");
}

/// A bundle in which each of `n` posts names a tone of its own.
fn own_tones(name: &str, n: usize) -> PathBuf {
    let posts: Vec<String> = (0..n)
        .map(|i| format!(r#"{{"id": "p{i}", "text": "post {i}", "tone": "mood{i}"}}"#))
        .collect();
    let bundle = format!(
        r#"{{"format": "chorus/1", "article": {{"title": "Moods"}}, "posts": [{}]}}"#,
        posts.join(",")
    );
    scratch_file(name, bundle.as_bytes())
}

#[test]
fn thousands_of_custom_tones_open() {
    // Choosing badges was cubic in the number of tones: 4,000 took 20 s in a release build,
    // and 20,000 would take hours; in linear time this is well inside the deadline.
    let path = own_tones("moods.json", 20_000);
    let run = chorus_str(&["print", "--tone", "mood19999", path.to_str().unwrap()]);
    let _ = std::fs::remove_file(&path);
    assert!(run.status.success(), "{:?} {:?}", run.status, run.stderr);
    let out = String::from_utf8(run.stdout).unwrap();
    assert!(out.contains("mood19999"), "{out}");
    assert!(out.contains("post 19999"), "{out}");
    assert!(!out.contains("post 19998"), "{out}");
}

#[test]
fn seventy_thousand_tones_open() {
    // Past what a 16-bit tone index held: every one is its own tone, none merged.
    let path = own_tones("many-moods.json", 70_000);
    let run = chorus_str(&["print", "--tone", "mood69999", path.to_str().unwrap()]);
    let _ = std::fs::remove_file(&path);
    assert!(run.status.success(), "{:?} {:?}", run.status, run.stderr);
    let out = String::from_utf8(run.stdout).unwrap();
    assert!(out.contains("post 69999"), "{out}");
    assert!(!out.contains("post 69998"), "{out}");
}

#[test]
fn tone_tags_one_line_per_input_line() {
    let input =
        "I'm so sorry for your loss\nCongratulations, well done!\n\nyou people never learn\n";
    let run = common::chorus(&["tone"], Some(input.as_bytes()));
    assert!(run.status.success(), "{:?} {:?}", run.status, run.stderr);
    let text = String::from_utf8(run.stdout).expect("utf-8");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 4, "{text}");
    let tones: Vec<&str> = lines
        .iter()
        .map(|l| l.split('\t').next().unwrap_or(""))
        .collect();
    assert_eq!(tones, ["empathetic", "supportive", "neutral", "critical"]);
    for l in &lines {
        let fields: Vec<&str> = l.split('\t').collect();
        assert_eq!(fields.len(), 3, "{l:?}");
        let c: f32 = fields[1].parse().expect("confidence");
        assert!((0.0..=1.0).contains(&c));
    }
}

#[test]
fn completions_for_every_shell_and_a_man_page_with_the_keys() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let r = chorus_str(&["completions", shell]);
        assert!(r.status.success(), "{shell}: {}", r.stderr);
        let script = String::from_utf8_lossy(&r.stdout);
        assert!(script.contains("chorus"), "{shell}");
        assert!(
            script.contains("stats"),
            "{shell}: the subcommands are offered"
        );
    }
    let r = chorus_str(&["completions", "tcsh"]);
    assert_eq!(r.status.code(), Some(2));
    let r = chorus_str(&["man"]);
    assert!(r.status.success(), "{}", r.stderr);
    let page = String::from_utf8_lossy(&r.stdout);
    assert!(page.contains(".TH chorus 1"), "{page}");
    assert!(page.contains(".SH KEYS"), "{page}");
    // The keys section is the key table: a key and its help as the reader has them.
    assert!(
        page.contains(".TP\n\\fB]\\fR\nnext quote in the article\n"),
        "{page}"
    );
    assert!(page.contains(".SS In the overview (v)"), "{page}");
}
