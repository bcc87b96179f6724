//! Opening a link: `$BROWSER` resolved the way the opener resolves it (a `:`-separated list of
//! commands, the first one found on the system wins), so chorus knows whether the browser that
//! will run is a text browser, which needs the terminal, or a graphical one, which does not.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Browsers that run in the terminal they are started from: the opener's own list, and a few
/// more that it would start detached, where they could not draw.
const TEXT_BROWSERS: [&str; 12] = [
    "lynx",
    "links",
    "links2",
    "elinks",
    "w3m",
    "eww",
    "netrik",
    "retawq",
    "curl",
    "browsh",
    "carbonyl",
    "www-browser",
];

/// How a link will be opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Opener {
    /// A text browser from `$BROWSER`: the program and its arguments, the URL among them. It
    /// must be run in the foreground with the terminal given back.
    Text(BrowserCommand),
    /// A graphical browser, started detached by the opener.
    Graphical,
}

/// A command line, comparable in tests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrowserCommand {
    pub program: PathBuf,
    pub args: Vec<String>,
}

impl BrowserCommand {
    pub fn command(&self) -> Command {
        let mut c = Command::new(&self.program);
        c.args(&self.args);
        c
    }

    pub fn name(&self) -> String {
        self.program
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
    }
}

/// Decides how `url` will be opened from `$BROWSER` and `$PATH` as given.
pub fn opener(browser: Option<&str>, path: Option<&str>, url: &str) -> Opener {
    for entry in browser.unwrap_or("").split(':').filter(|e| !e.is_empty()) {
        let mut words = entry.split_ascii_whitespace().map(String::from);
        let Some(name) = words.next() else { continue };
        let Some(program) = find_program(&name, path) else {
            continue;
        };
        if !is_text_browser(&program) {
            return Opener::Graphical;
        }
        let mut url_given = false;
        let mut args: Vec<String> = words
            .map(|w| {
                let (arg, has_url) = expand_field_codes(&w, url);
                url_given |= has_url;
                arg
            })
            .collect();
        if !url_given {
            args.push(url.to_string());
        }
        return Opener::Text(BrowserCommand { program, args });
    }
    Opener::Graphical
}

/// `%s` is the URL, `%c` a colon, `%%` a percent sign.
fn expand_field_codes(word: &str, url: &str) -> (String, bool) {
    let mut out = String::new();
    let mut has_url = false;
    let mut chars = word.chars();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('s') => {
                out.push_str(url);
                has_url = true;
            }
            Some('c') => out.push(':'),
            Some('%') => out.push('%'),
            Some(other) => {
                out.push('%');
                out.push(other);
            }
            None => out.push('%'),
        }
    }
    (out, has_url)
}

/// A program by name: as a path when it has a slash, else the first executable in `$PATH`.
fn find_program(name: &str, path: Option<&str>) -> Option<PathBuf> {
    let executable = |p: &Path| {
        p.metadata()
            .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
    };
    if name.contains('/') {
        let p = PathBuf::from(name);
        return executable(&p).then_some(p);
    }
    path?
        .split(':')
        .map(|dir| Path::new(dir).join(name))
        .find(|p| executable(p))
}

fn is_text_browser(program: &Path) -> bool {
    TEXT_BROWSERS.iter().any(|b| program.ends_with(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A directory with executables of these names.
    fn bin(names: &[&str]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("temp dir");
        for n in names {
            let p = dir.path().join(n);
            std::fs::write(&p, "#!/bin/sh\n").expect("write");
            std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o755)).expect("chmod");
        }
        dir
    }

    #[test]
    fn the_first_entry_found_decides() {
        let dir = bin(&["w3m", "firefox"]);
        let path = dir.path().to_str();
        let url = "https://example.org/a";
        // A missing first entry is skipped, as the opener skips it: w3m is what runs.
        match opener(Some("/missing/firefox:w3m"), path, url) {
            Opener::Text(c) => {
                assert_eq!(c.name(), "w3m");
                assert_eq!(c.args, [url]);
            }
            o => panic!("{o:?}"),
        }
        assert_eq!(opener(Some("firefox:w3m"), path, url), Opener::Graphical);
        assert_eq!(opener(None, path, url), Opener::Graphical);
    }

    #[test]
    fn field_codes_place_the_url() {
        let dir = bin(&["lynx"]);
        match opener(Some("lynx -dump %s%c%%"), dir.path().to_str(), "u") {
            Opener::Text(c) => assert_eq!(c.args, ["-dump", "u:%"]),
            o => panic!("{o:?}"),
        }
    }
}
