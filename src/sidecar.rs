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

/// Reads a sidecar. `Ok(None)` when there is none.
pub fn read(path: &Path) -> Result<Option<Corrections>, SidecarError> {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => {
            return Err(SidecarError::Io {
                path: path.to_owned(),
                reason: e.to_string(),
            });
        }
    };
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
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    // Held until the end of this function. A file system without locks still gets the save.
    let _lock = DirLock::take(dir);
    let mut all = match read(path) {
        Ok(Some(c)) => c,
        Ok(None) => Corrections::new(),
        Err(e) => return Err(std::io::Error::other(e.to_string())),
    };
    all.extend(changes.iter().map(|(k, v)| (k.clone(), v.clone())));
    write(path, &all)
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
    let resolved;
    let path = match std::fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => {
            resolved = std::fs::canonicalize(path)?;
            resolved.as_path()
        }
        _ => path,
    };
    let permissions = std::fs::metadata(path).ok().map(|m| m.permissions());
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".chorus-tones")
        .suffix(".tmp")
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
        let one = |id: &str, tone: &str| -> Corrections {
            [(id.to_string(), tone.to_string())].into_iter().collect()
        };
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
