//! The `chorus` binary: parse the command line, load, run.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use chorus::app::{App, Theme};
use chorus::cli::{Cli, Command};
use chorus::tui::{self, Exit};
use clap::Parser;

/// The article chorus opens when given no file, built into the binary so it runs from anywhere.
const BUNDLED: &[u8] = include_bytes!("../data/serena-williams-first-steps.json");
const BUNDLED_NAME: &str = "data/serena-williams-first-steps.json";

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Some(Command::Gen { posts, seed, shape }) => {
            let stdout = std::io::stdout().lock();
            match chorus::synth::write_bundle_shaped(posts, seed, shape, stdout) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
                Err(e) => fail(1, &format!("cannot write the bundle: {e}")),
            }
        }
        None => {
            // Every problem with the input is found here, before the terminal is touched.
            let loaded = match &cli.file {
                Some(path) => chorus::load::load_path(path),
                None => chorus::load::load_bytes(Path::new(BUNDLED_NAME), BUNDLED),
            };
            let doc = match loaded {
                Ok(doc) => doc,
                Err(e) => return fail(2, &e.to_string()),
            };
            let color = std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
            let mut app = App::new(doc, Theme { color });
            if let Some(id) = &cli.focus
                && !app.focus_post(id)
            {
                let name = cli.file.as_deref().unwrap_or(Path::new(BUNDLED_NAME));
                return fail(
                    2,
                    &format!("{}: --focus: no post with id {id:?}", name.display()),
                );
            }
            match tui::run(app) {
                Ok(Exit::Quit | Exit::InputClosed) => ExitCode::SUCCESS,
                Ok(Exit::Signal(sig)) => ExitCode::from(128u8.saturating_add(sig as u8)),
                Err(e) => fail(1, &format!("terminal error: {e}")),
            }
        }
    }
}

fn fail(code: u8, msg: &str) -> ExitCode {
    let _ = writeln!(std::io::stderr(), "chorus: {msg}");
    ExitCode::from(code)
}
