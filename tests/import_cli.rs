//! `chorus print` and `chorus convert` as a user runs them: plain text when piped, tone
//! filters, a closed pipe, standard input, and a convert that never leaves half a file nor
//! touches its input. Every child has a deadline; stdout and stderr are pipes, so nothing here
//! can take over the terminal the tests run in.

mod common;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use common::{BIN, Run, chorus, drain, wait_deadline};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");

impl Run {
    fn out(&self) -> String {
        String::from_utf8(self.stdout.clone()).expect("stdout is UTF-8")
    }

    /// Exit 2, nothing on stdout, one line "chorus: ..." on stderr; returns the message.
    fn refused(&self) -> String {
        assert_eq!(
            self.status.code(),
            Some(2),
            "{:?} {:?}",
            self.status,
            self.stderr
        );
        assert!(self.stdout.is_empty(), "stdout: {:?}", self.out());
        let lines: Vec<&str> = self.stderr.lines().collect();
        assert_eq!(lines.len(), 1, "not one line: {:?}", self.stderr);
        assert!(!self.stderr.contains('\u{1b}'), "{:?}", self.stderr);
        lines[0]
            .strip_prefix("chorus: ")
            .unwrap_or_else(|| panic!("{:?}", self.stderr))
            .to_string()
    }
}

/// `chorus convert INPUT -o OUT`.
fn convert(input: &Path, out: &Path) -> Run {
    chorus(
        &[
            "convert",
            input.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ],
        None,
    )
}

fn fixture(rel: &str) -> String {
    Path::new(FIXTURES).join(rel).display().to_string()
}

/// A fresh directory for this test.
fn scratch_dir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("import-cli")
        .join(format!("{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

// print ------------------------------------------------------------------------------------

#[test]
fn print_is_plain_text_when_piped() {
    let run = chorus(&["print", &fixture("reddit/thread.json")], None);
    assert!(run.status.success(), "{:?}", run.stderr);
    assert!(run.stderr.is_empty(), "{:?}", run.stderr);
    assert!(
        !run.stdout.contains(&0x1b),
        "an escape sequence in piped output"
    );
    let out = run.out();
    assert!(out.starts_with("Bakery names new loaf after the old ferry & the town reacts\n"));
    // Replies indented by depth, each with a tone: the file gives none, so the tagger's,
    // marked `~` as the reader marks it.
    let line = |who: &str| {
        out.lines()
            .find(|l| l.contains(who) && l.trim_start().starts_with('['))
            .unwrap_or_else(|| panic!("no {who}: {out}"))
            .to_string()
    };
    assert!(line("petra_bakes").starts_with("    [~"), "{out}");
    assert!(line("ted_orrin").starts_with("      [~"), "{out}");
}

#[test]
fn print_filters_by_the_tones_the_reader_shows() {
    let path = fixture("reddit/thread.json");
    let all = chorus(&["print", &path], None).out();
    let supportive = all
        .lines()
        .filter(|l| l.trim_start().starts_with("[~S] supportive"))
        .count();
    assert!(supportive > 0, "{all}");
    let run = chorus(&["print", "--tone", "supportive", &path], None);
    assert!(run.status.success(), "{:?}", run.stderr);
    let out = run.out();
    let thread = out.split("Thread:").nth(1).unwrap();
    assert!(
        thread.starts_with(&format!(" {supportive} of 9 posts (supportive)")),
        "{thread}"
    );
    // The bundle carries the computed tones, each marked as computed with its confidence and
    // cues; posts whose text is a description of a post (not its words) are not tagged.
    let json = chorus(&["print", "--format", "json", &path], None).out();
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    for p in v["posts"].as_array().unwrap() {
        if p["text_is_description"] == serde_json::Value::Bool(true) {
            assert!(p["tone"].is_null(), "{p}");
        } else {
            assert_eq!(p["tone_source"], "computed", "{p}");
            let c = p["tone_confidence"].as_f64().unwrap();
            assert!((0.0..=1.0).contains(&c), "{p}");
            assert!(p["tone_cues"].is_string(), "{p}");
        }
    }
}

#[test]
fn print_json_is_the_bundle_the_library_writes() {
    let path = fixture("bluesky/thread.json");
    let run = chorus(&["print", "--format", "json", &path], None);
    assert!(run.status.success(), "{:?}", run.stderr);
    let mut doc = chorus::load::load(
        chorus::load::Input::Path(Path::new(&path)),
        None,
        &chorus::load::Limits::default(),
    )
    .unwrap();
    // The reader's tones: computed for the posts the file leaves untagged.
    chorus::tone::compute::tag_document(&mut doc);
    let mut lib = Vec::new();
    chorus::export::print(
        &doc,
        &chorus::export::PrintOptions {
            format: chorus::export::OutputFormat::Json,
            ..Default::default()
        },
        &mut lib,
    )
    .unwrap();
    assert_eq!(run.stdout, lib);
}

#[test]
fn print_markdown_and_tone_filters() {
    let run = chorus(
        &["print", "--format", "markdown", "--tone", "humorous"],
        None,
    );
    assert_eq!(
        run.status.code(),
        Some(2),
        "print needs a file: {:?}",
        run.stderr
    );

    let bundled = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/data/serena-williams-first-steps.json"
    );
    let run = chorus(
        &[
            "print", "--format", "markdown", "--tone", "humorous", bundled,
        ],
        None,
    );
    assert!(run.status.success(), "{:?}", run.stderr);
    let out = run.out();
    assert!(out.starts_with("# Serena Williams missed"), "{out}");
    let thread = out.split("## Thread").nth(1).expect("a thread section");
    assert!(thread.starts_with(" (1 of 7 posts: humorous)"), "{thread}");
    assert_eq!(
        thread.matches("\n- ").count() + thread.matches("\n  - ").count(),
        1,
        "{thread}"
    );

    let run = chorus(&["print", "--tone", "cheerful", bundled], None);
    let msg = run.refused();
    assert!(msg.contains("--tone: unknown tone \"cheerful\""), "{msg}");
}

#[test]
fn print_into_a_closed_pipe_exits_quietly() {
    let dir = scratch_dir("closed-pipe");
    let big = dir.join("big.json");
    let generated = chorus(&["gen", "--posts", "20000"], None);
    assert!(generated.status.success());
    std::fs::write(&big, &generated.stdout).unwrap();
    for format in ["text", "markdown", "json"] {
        let mut child = Command::new(BIN)
            .args(["print", "--format", format, big.to_str().unwrap()])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdout = child.stdout.take().unwrap();
        let mut first = [0u8; 10];
        stdout.read_exact(&mut first).unwrap();
        drop(stdout); // `| head -c 10`
        let err = drain(child.stderr.take().unwrap());
        let status = wait_deadline(&mut child, "chorus print | head");
        let stderr = String::from_utf8_lossy(&err.join().unwrap()).into_owned();
        assert!(status.success(), "{format}: {status:?} {stderr:?}");
        assert!(stderr.is_empty(), "{format}: {stderr:?}");
    }
}

#[test]
fn dash_reads_standard_input() {
    let bytes = std::fs::read(fixture("hackernews/item.json")).unwrap();
    let run = chorus(&["print", "-"], Some(&bytes));
    assert!(run.status.success(), "{:?}", run.stderr);
    assert!(run.out().starts_with("Show HN: A bakery names"));

    let run = chorus(
        &["print", "-"],
        Some(b"{\"id\": 1, \"story_id\": 1, \"children\": ["),
    );
    let msg = run.refused();
    assert!(msg.starts_with("<stdin>:1:"), "{msg}");
    assert!(msg.contains("Hacker News"), "{msg}");

    let run = chorus(&["print", "-"], Some(b""));
    assert!(run.refused().starts_with("<stdin>: file is empty"));
}

#[test]
fn only_web_addresses_reach_the_output() {
    let dir = scratch_dir("schemes");
    let input = dir.join("links.json");
    let bundle = r#"{"format": "chorus/1",
        "article": {"title": "Links", "url": "file:///etc/passwd",
                    "blocks": [{"type": "embed", "post": "a"}]},
        "posts": [
            {"id": "a", "author": {"name": "A"}, "text": "one", "url": "javascript:alert(1)"},
            {"id": "b", "author": {"name": "B"}, "text": "two", "url": "https://example.com/b",
             "in_reply_to": "a"}
        ]}"#;
    std::fs::write(&input, bundle).unwrap();
    let path = input.to_str().unwrap();
    let out = dir.join("out.json");
    let runs = [
        chorus(&["print", "--format", "markdown", path], None),
        chorus(&["print", path], None),
        chorus(&["print", "--format", "json", path], None),
        chorus(&["convert", path, "-o", out.to_str().unwrap()], None),
    ];
    for run in &runs {
        assert!(run.status.success(), "{:?} {:?}", run.status, run.stderr);
        let written = format!(
            "{}{}",
            run.out(),
            std::fs::read_to_string(&out).unwrap_or_default()
        );
        assert!(!written.contains("javascript:"), "{written}");
        assert!(!written.contains("file:"), "{written}");
        assert!(written.contains("https://example.com/b"), "{written}");
        let warnings: Vec<&str> = run.stderr.lines().collect();
        assert_eq!(warnings.len(), 2, "{:?}", run.stderr);
        assert!(
            warnings[0].starts_with(&format!(
                "chorus: {path}: warning: post \"a\": address \"javascript:alert(1)\" is not a \
                 web address"
            )),
            "{warnings:?}"
        );
        assert!(
            warnings[1].contains("article: address \"file:"),
            "{warnings:?}"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

// opening ----------------------------------------------------------------------------------

#[test]
fn unknown_input_exits_2_naming_the_formats() {
    let dir = scratch_dir("unknown");
    let notes = dir.join("notes.txt");
    std::fs::write(&notes, "Buy bread.\nCheck the tide tables.\n").unwrap();
    // Opening it for reading fails before the terminal is touched.
    let run = chorus(&[notes.to_str().unwrap()], None);
    let msg = run.refused();
    assert!(
        msg.starts_with(&format!(
            "{}:1:1: not a format chorus reads",
            notes.display()
        )),
        "{msg}"
    );
    for name in [
        "chorus/1",
        "HTML",
        "Mastodon",
        "Bluesky",
        "Reddit",
        "Hacker News",
        "Twitter",
    ] {
        assert!(msg.contains(name), "{name}: {msg}");
    }
}

#[test]
fn from_forces_the_format() {
    let page = fixture("html/article-embeds.html");
    let run = chorus(&["--from", "reddit", &page], None);
    let msg = run.refused();
    assert!(msg.contains("Reddit"), "{msg}");
    let run = chorus(&["print", "--from", "html", &page], None);
    assert!(run.status.success(), "{:?}", run.stderr);
    let run = chorus(&["print", "--from", "nonsense", &page], None);
    assert_eq!(run.status.code(), Some(2));
    assert!(run.stderr.contains("twitter-archive"), "{:?}", run.stderr);
}

#[test]
fn help_lists_the_new_commands() {
    let run = chorus(&["--help"], None);
    assert!(run.status.success());
    let out = run.out();
    for word in ["print", "convert", "--from", "standard input"] {
        assert!(out.contains(word), "{word} missing from --help: {out}");
    }
    for args in [&["print", "--help"][..], &["convert", "--help"]] {
        let run = chorus(args, None);
        assert!(run.status.success(), "{args:?}");
    }
}

// convert ----------------------------------------------------------------------------------

#[test]
fn convert_writes_a_bundle_that_opens_the_same() {
    let dir = scratch_dir("convert");
    let input = dir.join("thread.json");
    std::fs::copy(fixture("reddit/thread.json"), &input).unwrap();
    let before = std::fs::read(&input).unwrap();
    let out = dir.join("out.json");
    let run = convert(&input, &out);
    assert!(run.status.success(), "{:?}", run.stderr);
    assert!(run.stdout.is_empty() && run.stderr.is_empty());
    assert_eq!(std::fs::read(&input).unwrap(), before, "the input changed");
    assert_eq!(
        listing(&dir),
        ["out.json", "thread.json"],
        "a temporary file was left"
    );
    let a = chorus(&["print", input.to_str().unwrap()], None);
    let b = chorus(&["print", out.to_str().unwrap()], None);
    assert_eq!(a.out(), b.out());

    // Converting again replaces the bundle whole.
    std::fs::write(&out, b"old").unwrap();
    let run = convert(&input, &out);
    assert!(run.status.success(), "{:?}", run.stderr);
    assert!(
        std::fs::read(&out)
            .unwrap()
            .starts_with(b"{\n  \"format\": \"chorus/1\"")
    );

    // From standard input, to standard output.
    let run = chorus(&["convert", "-", "-o", "-"], Some(&before));
    assert!(run.status.success(), "{:?}", run.stderr);
    assert_eq!(run.stdout, std::fs::read(&out).unwrap());
}

#[test]
fn convert_never_overwrites_its_input() {
    let dir = scratch_dir("same-file");
    let input = dir.join("thread.json");
    std::fs::copy(fixture("mastodon/statuses.json"), &input).unwrap();
    let before = std::fs::read(&input).unwrap();
    let alias = dir.join(".").join("thread.json");
    for out in [input.clone(), alias] {
        let run = convert(&input, &out);
        let msg = run.refused();
        assert!(msg.contains("is the input"), "{msg}");
        assert_eq!(std::fs::read(&input).unwrap(), before);
    }
    #[cfg(unix)]
    {
        let link = dir.join("link.json");
        std::fs::hard_link(&input, &link).unwrap();
        let run = convert(&input, &link);
        assert!(run.refused().contains("is the input"));
        assert_eq!(std::fs::read(&input).unwrap(), before);
    }
}

#[test]
fn a_failed_convert_leaves_no_file() {
    let dir = scratch_dir("failures");
    let input = fixture("hackernews/item.json");

    // No such directory.
    let out = dir.join("missing-dir").join("out.json");
    let msg = chorus(&["convert", &input, "-o", out.to_str().unwrap()], None).refused();
    assert!(msg.starts_with(&out.display().to_string()), "{msg}");
    assert!(msg.contains("cannot write"), "{msg}");
    assert!(!out.exists());

    // The output is a directory.
    let sub = dir.join("a-dir");
    std::fs::create_dir(&sub).unwrap();
    let msg = chorus(&["convert", &input, "-o", sub.to_str().unwrap()], None).refused();
    assert!(msg.contains("not a regular file"), "{msg}");

    // A damaged input: nothing written, an existing output kept as it was.
    let bad = dir.join("bad.json");
    std::fs::write(&bad, b"[{\"kind\": \"Listing\", \"data\": {\"children\": [").unwrap();
    let out = dir.join("keep.json");
    std::fs::write(&out, b"keep me").unwrap();
    let msg = convert(&bad, &out).refused();
    assert!(msg.contains("Reddit"), "{msg}");
    assert_eq!(std::fs::read(&out).unwrap(), b"keep me");

    // A read-only directory (root writes there anyway: then there is nothing to test).
    let ro = dir.join("read-only");
    std::fs::create_dir(&ro).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o555)).unwrap();
        if std::fs::write(ro.join("probe"), b"x").is_err() {
            let out = ro.join("out.json");
            let msg = chorus(&["convert", &input, "-o", out.to_str().unwrap()], None).refused();
            assert!(msg.contains("permission denied"), "{msg}");
            assert!(listing(&ro).is_empty(), "{:?}", listing(&ro));
        } else {
            eprintln!("running as root: the read-only directory check is skipped");
        }
        std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let left: Vec<String> = listing(&dir)
        .into_iter()
        .filter(|n| n.contains("chorus-convert"))
        .collect();
    assert!(left.is_empty(), "temporary files left: {left:?}");
}
