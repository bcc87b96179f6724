//! Tone corrections survive a process killed at any moment of a save, a save that runs out of
//! room, and two processes saving at once.
//!
//! The saving process is this test binary run again with one ignored test selected
//! (`saver`): it saves corrections one at a time with `chorus::sidecar::save`, the function
//! the reader's saving thread calls, and prints `ack N` once save N has returned, as the
//! reader then tells its user. The test kills it with SIGKILL at a random moment, then checks
//! the sidecar.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use chorus::sidecar;

/// Where a saver is told to save, and the first correction number it saves.
const DIR_VAR: &str = "CHORUS_TEST_SAVER_DIR";
const FROM_VAR: &str = "CHORUS_TEST_SAVER_FROM";
const COUNT_VAR: &str = "CHORUS_TEST_SAVER_COUNT";
/// When set, the most bytes the saver may write to any file (`RLIMIT_FSIZE`).
const ROOM_VAR: &str = "CHORUS_TEST_SAVER_ROOM";

fn sidecar_in(dir: &Path) -> PathBuf {
    sidecar::path_for(&dir.join("thread.json"))
}

fn correction(n: u64) -> (String, String) {
    let tones = ["critical", "supportive", "neutral", "humorous"];
    (format!("post-{n}"), tones[(n % 4) as usize].to_string())
}

/// The saving process. Ignored, so a plain `cargo test` does not run it; the tests below run
/// it in a process of its own.
#[test]
#[ignore = "run by the tests below as a process of its own"]
fn saver() {
    let dir = PathBuf::from(std::env::var(DIR_VAR).expect("run by a test"));
    let from: u64 = std::env::var(FROM_VAR).unwrap().parse().unwrap();
    let count: u64 = std::env::var(COUNT_VAR).unwrap().parse().unwrap();
    let path = sidecar_in(&dir);
    if let Ok(room) = std::env::var(ROOM_VAR) {
        // Writing past the limit fails with EFBIG at the write, where a full disk fails with
        // ENOSPC; the signal that comes with it is caught so the write returns its error.
        let room: u64 = room.parse().unwrap();
        signal_hook::flag::register(
            signal_hook::consts::SIGXFSZ,
            std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false)),
        )
        .expect("catch SIGXFSZ");
        let limit = rustix::process::getrlimit(rustix::process::Resource::Fsize);
        rustix::process::setrlimit(
            rustix::process::Resource::Fsize,
            rustix::process::Rlimit {
                current: Some(room),
                maximum: limit.maximum,
            },
        )
        .expect("set RLIMIT_FSIZE");
        let changes = (from..from + count).map(correction).collect();
        match sidecar::save(&path, &changes) {
            Ok(()) => println!("saved"),
            Err(e) => println!("failed: {e}"),
        }
        return;
    }
    for n in from..from + count {
        let changes = [correction(n)].into_iter().collect();
        sidecar::save(&path, &changes).expect("save");
        println!("ack {n}");
    }
}

fn spawn_saver(dir: &Path, from: u64, count: u64) -> Child {
    saver_command(dir, from, count)
        .spawn()
        .expect("spawn the saver")
}

fn saver_command(dir: &Path, from: u64, count: u64) -> Command {
    let mut c = Command::new(std::env::current_exe().expect("this test binary"));
    c.args([
        "saver",
        "--exact",
        "--ignored",
        "--nocapture",
        "--test-threads=1",
    ])
    .env(DIR_VAR, dir)
    .env(FROM_VAR, from.to_string())
    .env(COUNT_VAR, count.to_string())
    .stdout(Stdio::piped())
    .stderr(Stdio::null());
    c
}

/// The corrections a saver acknowledged, read from its output on a thread, so the test can
/// kill it at any moment and then take what it had said.
fn acks(child: &mut Child) -> mpsc::Receiver<u64> {
    let out = child.stdout.take().expect("piped");
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(out).lines().map_while(Result::ok) {
            if let Some(n) = line.strip_prefix("ack ").and_then(|n| n.parse().ok())
                && tx.send(n).is_err()
            {
                break;
            }
        }
    });
    rx
}

fn fresh_dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("chorus-kill-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("temp dir");
    d
}

#[test]
fn corrections_acknowledged_before_a_sigkill_are_all_in_a_valid_sidecar() {
    let dir = fresh_dir("sigkill");
    let path = sidecar_in(&dir);
    let mut acknowledged = Vec::new();
    let mut next = 0u64;
    let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
    let mut killed_mid_run = 0;
    let mut swept = 0;
    for round in 0..200 {
        let mut child = spawn_saver(&dir, next, 1_000);
        let rx = acks(&mut child);
        // Killed after the process has started saving: 0 to 40 ms after its first
        // acknowledgement (or after a second, if it never gives one).
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1);
        let wait = Duration::from_micros((seed >> 33) % 40_000);
        if let Ok(n) = rx.recv_timeout(Duration::from_secs(10)) {
            acknowledged.push(n);
        }
        let until = Instant::now() + wait;
        while let Some(left) = until.checked_duration_since(Instant::now()) {
            match rx.recv_timeout(left) {
                Ok(n) => acknowledged.push(n),
                Err(_) => break,
            }
        }
        child.kill().expect("SIGKILL");
        let status = child.wait().expect("wait");
        if status.code().is_none() {
            killed_mid_run += 1;
        }
        // Whatever it said before dying counts.
        acknowledged.extend(rx.try_iter());
        next += 1_000;

        // Opened again, as the reader does: the sweep takes a killed save's temporary file,
        // and the sidecar reads whole with every acknowledged correction.
        swept += sidecar::sweep(&path);
        let saved = sidecar::read(&path)
            .unwrap_or_else(|e| panic!("round {round}: the sidecar is damaged: {e}"))
            .unwrap_or_default();
        for &n in &acknowledged {
            let (id, tone) = correction(n);
            assert_eq!(
                saved.get(&id),
                Some(&tone),
                "round {round}: acknowledged correction {n} is missing"
            );
        }
        let others: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|name| !name.ends_with(".chorus-tones.json"))
            .collect();
        assert!(others.is_empty(), "round {round}: left behind: {others:?}");
    }
    // The kills landed while saves were going on, not after the savers had finished.
    assert!(
        killed_mid_run >= 190,
        "only {killed_mid_run} of 200 killed mid-run"
    );
    assert!(
        acknowledged.len() >= 200,
        "{} acknowledged",
        acknowledged.len()
    );
    eprintln!(
        "{} corrections acknowledged, {killed_mid_run} savers killed mid-run, {swept} temporary files swept",
        acknowledged.len()
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn two_processes_saving_at_once_lose_nothing() {
    let dir = fresh_dir("two");
    let path = sidecar_in(&dir);
    let mut a = spawn_saver(&dir, 0, 60);
    let mut b = spawn_saver(&dir, 1_000, 60);
    assert!(a.wait().expect("wait").success());
    assert!(b.wait().expect("wait").success());
    let saved = sidecar::read(&path).expect("valid").expect("saved");
    for n in (0..60).chain(1_000..1_060) {
        let (id, tone) = correction(n);
        assert_eq!(saved.get(&id), Some(&tone), "correction {n} lost");
    }
    assert_eq!(saved.len(), 120);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_save_that_runs_out_of_room_keeps_what_was_saved() {
    let dir = fresh_dir("room");
    let path = sidecar_in(&dir);
    let first: sidecar::Corrections = (0..10).map(correction).collect();
    sidecar::save(&path, &first).expect("the first save");
    let before = std::fs::read(&path).unwrap();
    assert!(before.len() < 4_096, "the first sidecar fits the limit");

    // 2,000 more corrections are some 60 KB: the write fails part-way.
    let out = saver_command(&dir, 1_000, 2_000)
        .env(ROOM_VAR, "4096")
        .output()
        .expect("run the saver");
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        said.contains("failed: File too large"),
        "the save fails with the write's error: {said}"
    );

    // The sidecar is the one saved before, byte for byte, and the half-written temporary file
    // is gone.
    assert_eq!(std::fs::read(&path).unwrap(), before);
    assert_eq!(sidecar::read(&path).unwrap(), Some(first));
    let others: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| !name.ends_with(".chorus-tones.json"))
        .collect();
    assert!(others.is_empty(), "left behind: {others:?}");
    let _ = std::fs::remove_dir_all(&dir);
}
