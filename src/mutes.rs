//! Muted authors: `m` on a post hides its author's posts in every document until they are
//! unmuted (`m` on one of their posts shown as context, or `M` for everyone). Kept beside the
//! config file in `muted.json` (`chorus-mutes/1`), written atomically.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::model::{Author, Document, PostIdx};

pub const FORMAT: &str = "chorus-mutes/1";

/// One muted author: by handle when there is one (any case), else by name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Muted {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub handle: Option<String>,
}

impl Muted {
    fn of(a: &Author) -> Muted {
        Muted {
            name: a.name.clone(),
            handle: a.handle.clone(),
        }
    }

    fn is(&self, a: &Author) -> bool {
        match (&self.handle, &a.handle) {
            (Some(h), Some(ah)) => h.eq_ignore_ascii_case(ah),
            (None, None) => self.name == a.name,
            _ => false,
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mutes {
    #[serde(default)]
    pub format: String,
    #[serde(default)]
    pub authors: Vec<Muted>,
}

impl Mutes {
    pub fn is_empty(&self) -> bool {
        self.authors.is_empty()
    }

    pub fn is_muted(&self, a: &Author) -> bool {
        self.authors.iter().any(|m| m.is(a))
    }

    /// Mutes the author, or unmutes them when they were muted. True when muted now.
    pub fn toggle(&mut self, a: &Author) -> bool {
        let before = self.authors.len();
        self.authors.retain(|m| !m.is(a));
        if self.authors.len() < before {
            return false;
        }
        self.authors.push(Muted::of(a));
        true
    }

    /// Which posts are not muted, by post index: each author is looked at once.
    pub fn shown(&self, doc: &Document) -> Vec<bool> {
        let store = doc.store();
        let mut seen: rustc_hash::FxHashMap<*const Author, bool> = Default::default();
        (0..doc.len() as PostIdx)
            .map(|p| {
                let a = store.author(p);
                *seen
                    .entry(std::ptr::from_ref(a))
                    .or_insert_with(|| !self.is_muted(a))
            })
            .collect()
    }
}

/// Where the mutes are kept: beside the config file.
pub fn path(config: Option<&Path>) -> Option<PathBuf> {
    let config = crate::config::path(config)?;
    Some(config.with_file_name("muted.json"))
}

/// The mutes saved at `path`; none when there is no file. A file that cannot be read is an
/// error (and is then never written over by this session).
pub fn read(path: &Path) -> Result<Mutes, String> {
    match std::fs::read(path) {
        Ok(bytes) => serde_json::from_slice::<Mutes>(&bytes)
            .map_err(|e| {
                format!(
                    "{}: {e}; muting is off for this session",
                    crate::load::one_line(&path.display().to_string())
                )
            })
            .and_then(|m| {
                if m.format == FORMAT {
                    Ok(m)
                } else {
                    Err(format!(
                        "{}: not a {FORMAT} file; muting is off for this session",
                        crate::load::one_line(&path.display().to_string())
                    ))
                }
            }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Mutes::default()),
        Err(e) => Err(format!(
            "{}: {e}; muting is off for this session",
            crate::load::one_line(&path.display().to_string())
        )),
    }
}

/// Saves the mutes atomically (a temporary file synced and renamed), making the directory.
pub fn write(path: &Path, mutes: &Mutes) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let file = Mutes {
        format: FORMAT.to_string(),
        authors: mutes.authors.clone(),
    };
    crate::fetch::cache::write_json(path, &file)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn author(name: &str, handle: Option<&str>) -> Author {
        Author {
            name: name.into(),
            handle: handle.map(Into::into),
        }
    }

    #[test]
    fn muting_is_by_handle_else_by_name_and_toggles() {
        let mut m = Mutes::default();
        assert!(m.toggle(&author("Ana", Some("ana_b"))));
        assert!(m.is_muted(&author("Ana B.", Some("ANA_B"))));
        assert!(!m.is_muted(&author("Ana", None)));
        assert!(m.toggle(&author("Bo", None)));
        assert!(m.is_muted(&author("Bo", None)));
        assert!(!m.toggle(&author("Ana", Some("ana_b"))));
        assert!(!m.is_muted(&author("Ana", Some("ana_b"))));
    }

    #[test]
    fn saved_and_read_back_and_a_damaged_file_is_an_error() {
        let dir = tempfile::tempdir().expect("dir");
        let p = dir.path().join("sub").join("muted.json");
        assert_eq!(read(&p), Ok(Mutes::default()));
        let mut m = Mutes::default();
        m.toggle(&author("Bo", None));
        write(&p, &m).expect("written");
        let back = read(&p).expect("read");
        assert_eq!(back.authors, m.authors);
        std::fs::write(&p, "{not json").expect("write");
        assert!(read(&p).is_err());
    }
}
