//! Tone corrections, saved beside the input in `FILE.chorus-tones.json` so they survive the
//! session without chorus ever writing the input itself.
//!
//! A save goes to a temporary file in the same directory, is synced, and is renamed over the
//! old sidecar: a crash or a full disk leaves the earlier corrections whole. A sidecar that
//! cannot be read is reported and left alone; chorus then does not save over it.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::load::sanitize::sanitize_owned;
use crate::model::{Document, PostIdx, ToneOrigin};

/// The version string a sidecar carries.
pub const FORMAT: &str = "chorus-tones/1";

/// Post id -> tone name.
pub type Corrections = BTreeMap<String, String>;

#[derive(Debug, Serialize, Deserialize)]
struct SidecarFile {
    format: String,
    tones: Corrections,
}

#[derive(Debug, thiserror::Error)]
pub enum SidecarError {
    #[error("tone corrections not loaded: {}: {reason}", path.display())]
    Io { path: PathBuf, reason: String },
    #[error(
        "tone corrections not loaded: {}:{line}:{column}: damaged ({detail}); left untouched, and not saved over",
        path.display()
    )]
    Damaged {
        path: PathBuf,
        line: usize,
        column: usize,
        detail: String,
    },
}

/// Where the corrections for `input` live.
pub fn path_for(input: &Path) -> PathBuf {
    let mut name = input.as_os_str().to_owned();
    name.push(".chorus-tones.json");
    PathBuf::from(name)
}

/// The largest sidecar read. A correction takes a few dozen bytes, so this is about a million
/// of them; a bigger file is not one chorus wrote.
pub const MAX_SIDECAR_BYTES: u64 = 64 << 20;

/// Reads a sidecar. `Ok(None)` when there is none. Only a regular file (or a link to one) is
/// read, and at most [`MAX_SIDECAR_BYTES`] of it: a directory, a device such as `/dev/zero` or
/// a named pipe in its place is an error, never a wait or an endless read.
pub fn read(path: &Path) -> Result<Option<Corrections>, SidecarError> {
    let io = |reason: String| SidecarError::Io {
        path: path.to_owned(),
        reason,
    };
    // Looked at before it is opened: opening a named pipe waits for a writer.
    match std::fs::metadata(path) {
        Ok(m) if !m.is_file() => return Err(io(not_a_file(&m))),
        Ok(_) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(io(e.to_string())),
    }
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| {
            use std::io::Read;
            f.take(MAX_SIDECAR_BYTES + 1).read_to_end(&mut bytes)
        })
        .map_err(|e| io(e.to_string()))?;
    if bytes.len() as u64 > MAX_SIDECAR_BYTES {
        return Err(io(format!(
            "larger than {} MiB, which no sidecar chorus writes is",
            MAX_SIDECAR_BYTES >> 20
        )));
    }
    let damaged = |line, column, detail: String| SidecarError::Damaged {
        path: path.to_owned(),
        line,
        column,
        detail: sanitize_owned(detail.replace(['\n', '\r'], " ")),
    };
    let file: SidecarFile = serde_json::from_slice(&bytes).map_err(|e| {
        let detail = e.to_string();
        let detail = detail
            .rfind(" at line ")
            .map_or(detail.clone(), |i| detail[..i].to_string());
        damaged(e.line(), e.column().max(1), detail)
    })?;
    if file.format != FORMAT {
        return Err(damaged(
            1,
            1,
            format!("format {:?}, expected {FORMAT:?}", file.format),
        ));
    }
    Ok(Some(
        file.tones
            .into_iter()
            .map(|(id, tone)| (sanitize_owned(id), sanitize_owned(tone)))
            .collect(),
    ))
}

/// Saves corrections a session made into the sidecar at `path`, keeping every other entry the
/// file holds: under an advisory lock on the sidecar's directory (shared with every chorus
/// saving there), the file is read again, these entries are set, and the whole is written
/// atomically. Two sessions correcting the same document lose nothing, in any order.
///
/// A sidecar that cannot be read is never written over: that is an error.
pub fn save(path: &Path, changes: &Corrections) -> std::io::Result<()> {
    // A sidecar that is a link is saved where it points, under that directory's lock.
    let path = &resolve(path)?;
    let dir = parent_dir(path);
    // Held until the end of this function. A file system without locks still gets the save.
    let _lock = DirLock::take(dir);
    let mut all = match read(path) {
        Ok(Some(c)) => c,
        Ok(None) => Corrections::new(),
        Err(e) => return Err(std::io::Error::other(e.to_string())),
    };
    all.extend(changes.iter().map(|(k, v)| (k.clone(), v.clone())));
    write_at(path, &all)
}

/// An exclusive `flock` on a directory, released when dropped (or when the process dies).
struct DirLock(Option<std::fs::File>);

impl DirLock {
    fn take(dir: &Path) -> DirLock {
        let Ok(f) = std::fs::File::open(dir) else {
            return DirLock(None);
        };
        match rustix::fs::flock(&f, rustix::fs::FlockOperation::LockExclusive) {
            Ok(()) => DirLock(Some(f)),
            Err(_) => DirLock(None),
        }
    }
}

impl Drop for DirLock {
    fn drop(&mut self) {
        if let Some(f) = &self.0 {
            let _ = rustix::fs::flock(f, rustix::fs::FlockOperation::Unlock);
        }
    }
}

/// Writes the corrections atomically: temporary file, sync, rename, sync the directory.
pub fn write(path: &Path, corrections: &Corrections) -> std::io::Result<()> {
    // A sidecar that is a link is written where it points, and keeps its permissions.
    write_at(&resolve(path)?, corrections)
}

/// [`write`] to a path that is not a link.
fn write_at(path: &Path, corrections: &Corrections) -> std::io::Result<()> {
    let permissions = match std::fs::metadata(path) {
        Ok(m) if !m.is_file() => return Err(std::io::Error::other(not_a_file(&m))),
        Ok(m) if m.permissions().readonly() => {
            return Err(std::io::Error::new(
                std::io::ErrorKind::PermissionDenied,
                "read-only, so left as it is",
            ));
        }
        Ok(m) => Some(m.permissions()),
        Err(_) => None,
    };
    let dir = parent_dir(path);
    // A new sidecar is made as any file the user saves is (0666 less the umask), not private
    // as temporary files are.
    let mut tmp = tempfile::Builder::new()
        .prefix(&temp_prefix(path))
        .suffix(TEMP_SUFFIX)
        .permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666))
        .tempfile_in(dir)?;
    let file = SidecarFile {
        format: FORMAT.to_string(),
        tones: corrections.clone(),
    };
    serde_json::to_writer_pretty(&mut tmp, &file)?;
    tmp.write_all(b"\n")?;
    if let Some(p) = permissions {
        tmp.as_file().set_permissions(p)?;
    }
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    // The rename is durable once the directory is synced.
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// Where a sidecar really is: a link is followed (one that points at nothing yet names the file
/// a save makes), a chain of them up to the system's own limit of 40.
fn resolve(path: &Path) -> std::io::Result<PathBuf> {
    let mut path = path.to_path_buf();
    for _ in 0..40 {
        match std::fs::symlink_metadata(&path) {
            Ok(m) if m.file_type().is_symlink() => {
                let to = std::fs::read_link(&path)?;
                path = parent_dir(&path).join(to);
            }
            _ => return Ok(path),
        }
    }
    Err(std::io::Error::other(
        "a loop of links, not a file of corrections",
    ))
}

/// The ending of a save's temporary file.
const TEMP_SUFFIX: &str = ".tmp";

/// How a save's temporary file beside the sidecar at `path` starts: a dot and the sidecar's
/// name, so it is hidden and says whose it is.
fn temp_prefix(path: &Path) -> String {
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    format!(".{name}.")
}

/// The directory a sidecar (or its temporary file) is in.
fn parent_dir(path: &Path) -> &Path {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    }
}

/// What a path is when it is not a regular file, for a message.
fn not_a_file(m: &std::fs::Metadata) -> String {
    use std::os::unix::fs::FileTypeExt;
    let t = m.file_type();
    let what = if t.is_dir() {
        "a directory"
    } else if t.is_fifo() {
        "a named pipe"
    } else if t.is_char_device() || t.is_block_device() {
        "a device"
    } else if t.is_socket() {
        "a socket"
    } else {
        "not a regular file"
    };
    format!("{what}, not a file of corrections; left as it is")
}

/// Removes the temporary files a save that was killed part-way left beside the sidecar at
/// `path` (it is called when the document is opened). Done under the directory lock every save
/// takes, so a save going on in another chorus is never touched; where the lock cannot be
/// taken, nothing is removed. Returns how many were removed.
pub fn sweep(path: &Path) -> usize {
    let Ok(path) = resolve(path) else {
        return 0;
    };
    let path = path.as_path();
    let dir = parent_dir(path);
    let lock = DirLock::take(dir);
    if lock.0.is_none() {
        return 0;
    }
    let prefix = temp_prefix(path);
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    let mut removed = 0;
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        // Saves before the temporary file was named after its sidecar used this prefix.
        let ours = name.starts_with(&prefix) || name.starts_with(".chorus-tones");
        let is_file = entry.file_type().is_ok_and(|t| t.is_file());
        if ours
            && name.ends_with(TEMP_SUFFIX)
            && is_file
            && std::fs::remove_file(entry.path()).is_ok()
        {
            removed += 1;
        }
    }
    removed
}

/// Applies corrections to a document. Returns a warning for each one that names no post or
/// no tone the document knows.
pub fn apply(doc: &mut Document, corrections: &Corrections) -> Vec<String> {
    // The first post with an id is the one replies (and so corrections) go to.
    let mut by_id: std::collections::HashMap<&str, PostIdx> = std::collections::HashMap::new();
    for (i, p) in doc.posts().enumerate() {
        by_id.entry(p.id).or_insert(i as PostIdx);
    }
    let mut found = Vec::new();
    let mut warnings = Vec::new();
    for (id, tone) in corrections {
        match (by_id.get(id.as_str()), doc.tones.index_of(tone)) {
            (Some(&post), Some(t)) => found.push((post, t)),
            (None, _) => warnings.push(format!(
                "tone correction for post {id:?}, which is not in the file"
            )),
            (_, None) => warnings.push(format!(
                "tone correction {tone:?} for post {id:?} is not a tone of this file"
            )),
        }
    }
    for (post, tone) in found {
        doc.set_tone(post, Some(tone), ToneOrigin::Corrected);
    }
    warnings
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dir(name: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("chorus-sidecar-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).expect("temp dir");
        d
    }

    #[test]
    fn the_sidecar_sits_beside_the_input() {
        assert_eq!(
            path_for(Path::new("/a/b/thread.json")),
            Path::new("/a/b/thread.json.chorus-tones.json")
        );
    }

    #[test]
    fn a_save_keeps_what_others_saved_and_changes_only_its_own_entries() {
        let d = dir("save");
        let path = d.join("t.json.chorus-tones.json");
        save(&path, &one("p1", "humorous")).expect("first save");
        // Another session changes p1; this one then saves p2 only.
        save(&path, &one("p1", "neutral")).expect("other session");
        save(&path, &one("p2", "critical")).expect("this session");
        let mut want = one("p1", "neutral");
        want.extend(one("p2", "critical"));
        assert_eq!(read(&path).expect("read"), Some(want));
        // A damaged sidecar is never written over.
        std::fs::write(&path, b"{").expect("damage");
        assert!(save(&path, &one("p3", "critical")).is_err());
        assert_eq!(std::fs::read(&path).expect("read"), b"{");
    }

    #[test]
    fn write_then_read_round_trips_and_leaves_no_temporary_file() {
        let d = dir("roundtrip");
        let path = d.join("t.json.chorus-tones.json");
        let mut c = Corrections::new();
        c.insert("p1".into(), "critical".into());
        c.insert("p2".into(), "supportive".into());
        write(&path, &c).expect("write");
        assert_eq!(read(&path).expect("read"), Some(c.clone()));
        c.insert("p3".into(), "neutral".into());
        write(&path, &c).expect("overwrite");
        assert_eq!(read(&path).expect("read"), Some(c));
        let names: Vec<_> = std::fs::read_dir(&d)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 1, "{names:?}");
    }

    #[test]
    fn a_save_keeps_the_sidecar_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let d = dir("perms");
        let path = d.join("t.chorus-tones.json");
        let c = Corrections::new();
        write(&path, &c).expect("write");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).expect("chmod");
        write(&path, &c).expect("write again");
        assert_eq!(
            std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
            0o644
        );
    }

    #[test]
    fn a_missing_sidecar_is_none_and_a_damaged_one_is_an_error_left_untouched() {
        let d = dir("damaged");
        assert!(
            read(&d.join("none.json"))
                .expect("missing is fine")
                .is_none()
        );
        let path = d.join("x.chorus-tones.json");
        std::fs::write(
            &path,
            b"{\"format\": \"chorus-tones/1\", \"tones\": {\"a\": ",
        )
        .unwrap();
        let err = read(&path).expect_err("damaged");
        assert!(matches!(err, SidecarError::Damaged { .. }));
        assert_eq!(err.to_string().lines().count(), 1);
        assert_eq!(
            std::fs::read(&path).unwrap(),
            b"{\"format\": \"chorus-tones/1\", \"tones\": {\"a\": "
        );
        std::fs::write(&path, b"{\"format\": \"other\", \"tones\": {}}").unwrap();
        assert!(matches!(read(&path), Err(SidecarError::Damaged { .. })));
    }

    fn one(id: &str, tone: &str) -> Corrections {
        [(id.to_string(), tone.to_string())].into_iter().collect()
    }

    /// A message for the status line: one line, naming the file.
    fn one_line_naming(message: &str, path: &Path) {
        assert_eq!(message.lines().count(), 1, "{message}");
        assert!(
            message.contains(&*path.to_string_lossy()),
            "{message} names {}",
            path.display()
        );
    }

    #[test]
    fn a_directory_device_or_pipe_in_the_sidecar_s_place_is_an_error_at_once() {
        let d = dir("kinds");
        let as_dir = d.join("a.chorus-tones.json");
        std::fs::create_dir(&as_dir).unwrap();
        let as_device = d.join("b.chorus-tones.json");
        std::os::unix::fs::symlink("/dev/zero", &as_device).unwrap();
        let as_pipe = d.join("c.chorus-tones.json");
        rustix::fs::mknodat(
            rustix::fs::CWD,
            &as_pipe,
            rustix::fs::FileType::Fifo,
            rustix::fs::Mode::from_raw_mode(0o600),
            0,
        )
        .expect("a named pipe");
        for (path, what) in [
            (&as_dir, "a directory"),
            (&as_device, "a device"),
            (&as_pipe, "a named pipe"),
        ] {
            // Neither read (a pipe would wait for a writer, /dev/zero never ends) nor written.
            let err = read(path).expect_err("not a sidecar").to_string();
            one_line_naming(&err, path);
            assert!(err.contains(what), "{err}");
            let err = save(path, &one("p1", "critical")).expect_err("not saved over");
            assert!(err.to_string().contains(what), "{err}");
        }
        assert!(as_dir.is_dir());
        assert_eq!(
            std::fs::read_link(&as_device).unwrap(),
            Path::new("/dev/zero")
        );
    }

    #[test]
    fn a_new_sidecar_gets_the_mode_any_new_file_gets() {
        use std::os::unix::fs::PermissionsExt;
        let d = dir("newmode");
        let path = d.join("t.chorus-tones.json");
        save(&path, &one("p1", "critical")).expect("saved");
        let plain = d.join("plain");
        std::fs::File::create(&plain).unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&path), mode(&plain));
    }

    #[test]
    fn a_read_only_sidecar_is_not_saved_over() {
        use std::os::unix::fs::PermissionsExt;
        let d = dir("readonly");
        let path = d.join("t.chorus-tones.json");
        save(&path, &one("p1", "critical")).expect("first save");
        let before = std::fs::read(&path).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).unwrap();
        // Renaming over it would work even so (and always for root): chorus asks first.
        let err = save(&path, &one("p2", "neutral")).expect_err("read-only");
        assert_eq!(err.kind(), std::io::ErrorKind::PermissionDenied);
        assert_eq!(std::fs::read(&path).unwrap(), before);
        assert_eq!(read(&path).unwrap(), Some(one("p1", "critical")));
    }

    #[test]
    fn a_sidecar_that_is_a_link_is_saved_where_it_points() {
        let d = dir("link");
        let real = d.join("kept").join("tones.json");
        std::fs::create_dir_all(real.parent().unwrap()).unwrap();
        save(&real, &one("p1", "critical")).expect("first save");
        let path = d.join("t.chorus-tones.json");
        std::os::unix::fs::symlink(&real, &path).unwrap();
        save(&path, &one("p2", "neutral")).expect("saved through the link");
        // The link is still a link, and the file it names holds both corrections.
        assert!(
            std::fs::symlink_metadata(&path)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        let mut both = one("p1", "critical");
        both.extend(one("p2", "neutral"));
        assert_eq!(read(&real).unwrap(), Some(both));
        // A link to nothing is written where it points, making that file.
        let dangling = d.join("u.chorus-tones.json");
        std::os::unix::fs::symlink(d.join("kept").join("new.json"), &dangling).unwrap();
        save(&dangling, &one("p3", "humorous")).expect("saved through a dangling link");
        assert!(
            std::fs::symlink_metadata(&dangling)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(read(&dangling).unwrap(), Some(one("p3", "humorous")));
        // Links in a loop are an error, and stay as they were.
        let (a, b) = (d.join("a.chorus-tones.json"), d.join("b.json"));
        std::os::unix::fs::symlink(&b, &a).unwrap();
        std::os::unix::fs::symlink(&a, &b).unwrap();
        assert!(read(&a).is_err());
        let err = save(&a, &one("p4", "neutral")).expect_err("a loop");
        assert!(err.to_string().contains("loop of links"), "{err}");
        assert_eq!(std::fs::read_link(&a).unwrap(), b);
    }

    #[test]
    fn a_read_only_folder_keeps_the_sidecar_it_has() {
        use std::os::unix::fs::PermissionsExt;
        let d = dir("rofolder");
        let path = d.join("t.chorus-tones.json");
        save(&path, &one("p1", "critical")).expect("first save");
        let before = std::fs::read(&path).unwrap();
        std::fs::set_permissions(&d, std::fs::Permissions::from_mode(0o555)).unwrap();
        let result = save(&path, &one("p2", "neutral"));
        // Root may write in a read-only folder; anyone else gets the error, and either way
        // nothing saved before is lost.
        let writable = std::fs::File::create(d.join("probe")).is_ok();
        std::fs::set_permissions(&d, std::fs::Permissions::from_mode(0o755)).unwrap();
        if writable {
            let _ = std::fs::remove_file(d.join("probe"));
            result.expect("a folder root may write in");
            assert_eq!(read(&path).unwrap().unwrap().get("p1").unwrap(), "critical");
        } else {
            let err = result.expect_err("the folder is read-only");
            assert_eq!(err.kind(), std::io::ErrorKind::PermissionDenied, "{err}");
            assert_eq!(std::fs::read(&path).unwrap(), before);
        }
    }

    #[test]
    fn a_sidecar_too_large_to_be_one_is_an_error_without_reading_it() {
        let d = dir("large");
        let path = d.join("t.chorus-tones.json");
        let f = std::fs::File::create(&path).unwrap();
        f.set_len(MAX_SIDECAR_BYTES + 1).unwrap(); // sparse: nothing on the disk
        let err = read(&path).expect_err("too large").to_string();
        one_line_naming(&err, &path);
        assert!(err.contains("larger than 64 MiB"), "{err}");
        assert!(save(&path, &one("p1", "critical")).is_err());
        assert_eq!(
            std::fs::metadata(&path).unwrap().len(),
            MAX_SIDECAR_BYTES + 1
        );
    }

    #[test]
    fn a_killed_save_s_temporary_files_are_swept_and_nothing_else() {
        let d = dir("sweep");
        let path = d.join("t.json.chorus-tones.json");
        save(&path, &one("p1", "critical")).expect("save");
        let left = [
            ".t.json.chorus-tones.json.a1B2c3.tmp",
            ".chorus-tonesXyZ123.tmp",
        ];
        let others = [".u.json.chorus-tones.json.a1B2c3", ".other.tmp", "t.json"];
        for name in left.iter().chain(&others) {
            std::fs::write(d.join(name), b"{\"format\": \"chorus-tones/1\", \"to").unwrap();
        }
        assert_eq!(sweep(&path), 2);
        let mut names: Vec<String> = std::fs::read_dir(&d)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        let mut want: Vec<String> = others.iter().map(|s| s.to_string()).collect();
        want.push("t.json.chorus-tones.json".into());
        want.sort();
        assert_eq!(names, want);
        assert_eq!(read(&path).unwrap(), Some(one("p1", "critical")));
        // A save names its temporary file so that a sweep would find it.
        assert!(temp_prefix(&path).starts_with(".t.json.chorus-tones.json."));
    }

    #[test]
    fn a_failed_write_keeps_the_earlier_corrections() {
        let d = dir("failed");
        let path = d.join("t.chorus-tones.json");
        let mut c = Corrections::new();
        c.insert("p1".into(), "critical".into());
        write(&path, &c).expect("write");
        // A directory where the temporary file should go makes the next write fail.
        let blocked = d.join("sub").join("t.chorus-tones.json");
        assert!(write(&blocked, &c).is_err());
        assert_eq!(read(&path).expect("read"), Some(c));
    }
}
