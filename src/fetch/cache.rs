//! Where fetched documents and a link's own state are kept.
//!
//! * The **cache** (`CHORUS_CACHE_DIR`, else the platform's cache directory: `~/.cache/chorus`
//!   on Linux) holds, for each link opened, the document as last fetched, in
//!   `urls/KEY.json`, where KEY is the first 32 hex digits of the SHA-256 of the link's
//!   canonical address. The file also holds the address and when it was fetched. It is written
//!   to a temporary file in the same directory and renamed into place, so it is whole or absent.
//! * The **data directory** (`CHORUS_DATA_DIR`, else `~/.local/share/chorus` on Linux) holds
//!   what the reader keeps for a link, as it keeps it beside a file: `urls/KEY` stands for the
//!   file, so the tone corrections are `urls/KEY.chorus-tones.json` and the posts already seen
//!   `urls/KEY.chorus-seen.json`.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::load::bundle::BundleFile;

/// The version string a cache entry carries.
pub const FORMAT: &str = "chorus-cache/1";

/// The two directories chorus keeps things in for links. `None` where the platform has none
/// (no home directory) and no variable names one.
#[derive(Debug, Clone, Default)]
pub struct Dirs {
    pub cache: Option<PathBuf>,
    pub data: Option<PathBuf>,
}

impl Dirs {
    /// `CHORUS_CACHE_DIR` and `CHORUS_DATA_DIR`, else the platform's directories for chorus.
    pub fn from_env() -> Dirs {
        let project = directories::ProjectDirs::from("", "", "chorus");
        let pick = |var: &str, fallback: Option<&Path>| {
            std::env::var_os(var)
                .filter(|v| !v.is_empty())
                .map(PathBuf::from)
                .or_else(|| fallback.map(Path::to_path_buf))
        };
        Dirs {
            cache: pick("CHORUS_CACHE_DIR", project.as_ref().map(|p| p.cache_dir())),
            data: pick("CHORUS_DATA_DIR", project.as_ref().map(|p| p.data_dir())),
        }
    }
}

/// The file-name key of a canonical address.
pub fn key(canonical: &str) -> String {
    let digest = Sha256::digest(canonical.as_bytes());
    digest[..16].iter().map(|b| format!("{b:02x}")).collect()
}

/// A document as it was fetched.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Entry {
    pub format: String,
    /// The canonical address it was fetched for (checked on reading: a key names one address).
    pub url: String,
    /// RFC 3339, UTC.
    pub fetched_at: String,
    pub bundle: BundleFile,
}

impl Entry {
    pub fn new(url: &str, fetched_at: jiff::Timestamp, bundle: BundleFile) -> Entry {
        Entry {
            format: FORMAT.to_string(),
            url: url.to_string(),
            fetched_at: fetched_at.to_string(),
            bundle,
        }
    }

    /// When it was fetched (the epoch for an entry whose time cannot be read).
    pub fn fetched_at(&self) -> jiff::Timestamp {
        self.fetched_at
            .parse()
            .unwrap_or(jiff::Timestamp::UNIX_EPOCH)
    }
}

fn entry_path(cache: &Path, canonical: &str) -> PathBuf {
    cache.join("urls").join(format!("{}.json", key(canonical)))
}

/// The cached copy of `canonical`. A missing, unreadable or damaged entry is `None` (the cache
/// only ever saves a fetch; a bad entry is fetched again and replaced).
pub fn read(dirs: &Dirs, canonical: &str) -> Option<Entry> {
    let path = entry_path(dirs.cache.as_deref()?, canonical);
    let bytes = std::fs::read(path).ok()?;
    let entry: Entry = serde_json::from_slice(&bytes).ok()?;
    (entry.format == FORMAT && entry.url == canonical).then_some(entry)
}

/// Saves a fetch, atomically: a temporary file in the cache directory, synced, renamed over the
/// old entry. A failure leaves the old entry (or none), never part of a file.
pub fn write(dirs: &Dirs, entry: &Entry) -> std::io::Result<PathBuf> {
    let Some(cache) = dirs.cache.as_deref() else {
        return Err(std::io::Error::other("no cache directory"));
    };
    let path = entry_path(cache, &entry.url);
    let dir = cache.join("urls");
    std::fs::create_dir_all(&dir)?;
    sweep(&dir, STALE);
    write_json(&path, entry)?;
    Ok(path)
}

/// How old a temporary file must be before [`sweep`] takes it for one left by a process that
/// was killed while writing (a write takes milliseconds).
const STALE: std::time::Duration = std::time::Duration::from_secs(3600);

/// Removes temporary files older than `age` from `dir`: a process killed in the middle of a
/// write (SIGKILL, a power cut) cannot remove its own. Entries are never touched.
fn sweep(dir: &Path, age: std::time::Duration) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name();
        let name = name.to_string_lossy();
        if !(name.starts_with(".chorus-") && name.ends_with(".tmp")) {
            continue;
        }
        let old = e
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|a| a >= age);
        if old {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

/// Writes `value` as JSON at `path` through a temporary file in the same directory, synced and
/// renamed into place: the file is whole (old or new), never part-written.
pub fn write_json(path: &Path, value: &impl Serialize) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".chorus-")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    {
        let mut w = std::io::BufWriter::new(tmp.as_file_mut());
        serde_json::to_writer(&mut w, value).map_err(std::io::Error::from)?;
        w.write_all(b"\n")?;
        w.flush()?;
    }
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// The path that stands for a link's document in the data directory, as a file's own path
/// does: the sidecars go beside it (`HOME.chorus-tones.json`, `HOME.chorus-seen.json`). The
/// directory is created; `None` when there is no data directory.
pub fn home(dirs: &Dirs, canonical: &str) -> Option<PathBuf> {
    let dir = dirs.data.as_deref()?.join("urls");
    std::fs::create_dir_all(&dir).ok()?;
    Some(dir.join(key(canonical)))
}

/// When something was fetched, for messages: "2024-05-01 14:03 (3 hours ago)", in the local
/// time zone.
pub fn when(at: jiff::Timestamp, now: jiff::Timestamp) -> String {
    let tz = jiff::tz::TimeZone::system();
    let local = at.to_zoned_datetime(tz);
    format!(
        "{} ({})",
        local.strftime("%Y-%m-%d %H:%M"),
        ago(now.as_second().saturating_sub(at.as_second()))
    )
}

/// "just now", "5 minutes ago", "3 hours ago", "2 days ago".
pub fn ago(seconds: i64) -> String {
    let plural = |n: i64, unit: &str| {
        if n == 1 {
            format!("1 {unit} ago")
        } else {
            format!("{n} {unit}s ago")
        }
    };
    match seconds.max(0) {
        s if s < 60 => "just now".to_string(),
        s if s < 3600 => plural(s / 60, "minute"),
        s if s < 86_400 => plural(s / 3600, "hour"),
        s => plural(s / 86_400, "day"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dirs() -> (tempfile::TempDir, Dirs) {
        let t = tempfile::tempdir().expect("temp dir");
        let d = Dirs {
            cache: Some(t.path().join("cache")),
            data: Some(t.path().join("data")),
        };
        (t, d)
    }

    fn entry(url: &str, title: &str) -> Entry {
        let mut bundle = BundleFile::default();
        bundle.article.title = title.into();
        Entry::new(
            url,
            jiff::Timestamp::from_second(1_700_000_000).unwrap(),
            bundle,
        )
    }

    #[test]
    fn keys_are_stable_and_distinct() {
        // The SHA-256 of "abc" begins ba7816bf8f01cfea414140de5dae2223.
        assert_eq!(key("abc"), "ba7816bf8f01cfea414140de5dae2223");
        assert_ne!(key("https://a.example/1"), key("https://a.example/2"));
    }

    #[test]
    fn write_then_read_leaves_one_file() {
        let (_t, d) = dirs();
        assert!(read(&d, "https://a.example/").is_none());
        write(&d, &entry("https://a.example/", "one")).expect("write");
        write(&d, &entry("https://a.example/", "two")).expect("write again");
        let e = read(&d, "https://a.example/").expect("cached");
        assert_eq!(e.bundle.article.title, "two");
        let names: Vec<_> = std::fs::read_dir(d.cache.unwrap().join("urls"))
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 1, "{names:?}");
    }

    #[test]
    fn a_damaged_or_foreign_entry_is_no_entry() {
        let (_t, d) = dirs();
        let path = write(&d, &entry("https://a.example/", "one")).expect("write");
        let whole = std::fs::read(&path).unwrap();
        std::fs::write(&path, &whole[..whole.len() / 2]).unwrap();
        assert!(read(&d, "https://a.example/").is_none());
        // An entry renamed under another address's key is not that address's copy.
        std::fs::write(&path, &whole).unwrap();
        let other = entry_path(d.cache.as_deref().unwrap(), "https://b.example/");
        std::fs::rename(&path, &other).unwrap();
        assert!(read(&d, "https://b.example/").is_none());
    }

    #[test]
    fn a_failed_write_keeps_the_old_entry() {
        let (_t, d) = dirs();
        write(&d, &entry("https://a.example/", "one")).expect("write");
        let blocked = Dirs {
            cache: Some(d.cache.clone().unwrap().join("urls").join("x").join("y")),
            data: None,
        };
        // The cache directory's place is taken by a file: nothing can be written there.
        std::fs::write(d.cache.clone().unwrap().join("urls").join("x"), b"file").unwrap();
        assert!(write(&blocked, &entry("https://a.example/", "two")).is_err());
        assert_eq!(
            read(&d, "https://a.example/").unwrap().bundle.article.title,
            "one"
        );
    }

    #[test]
    fn leftover_temporary_files_are_swept_and_entries_kept() {
        let (_t, d) = dirs();
        write(&d, &entry("https://a.example/", "one")).expect("write");
        let dir = d.cache.clone().unwrap().join("urls");
        std::fs::write(dir.join(".chorus-abc.tmp"), b"{\"format\": \"chorus-ca").unwrap();
        std::fs::write(dir.join("notes.txt"), b"mine").unwrap();
        sweep(&dir, std::time::Duration::from_secs(3600));
        assert!(
            dir.join(".chorus-abc.tmp").exists(),
            "a fresh one may be in use"
        );
        sweep(&dir, std::time::Duration::ZERO);
        let mut names: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        names.sort();
        assert_eq!(names.len(), 2, "{names:?}");
        assert_eq!(names[1], "notes.txt");
        assert!(read(&d, "https://a.example/").is_some());
    }

    #[test]
    fn ages_in_words() {
        assert_eq!(ago(5), "just now");
        assert_eq!(ago(60), "1 minute ago");
        assert_eq!(ago(7200), "2 hours ago");
        assert_eq!(ago(3 * 86_400 + 5), "3 days ago");
        assert_eq!(ago(-30), "just now");
    }
}
