//! The `chorus` binary: parse the command line, load, run.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use chorus::app::{Action, App, Theme};
use chorus::cli::{Cli, Command};
use chorus::load::{Input, Limits, load};
use chorus::tui::{self, Exit};
use clap::Parser;

/// mimalloc rather than the system allocator: loading a thread allocates a few small strings per
/// post, and with glibc's allocator that was a third of the time to open 100,000 posts (the
/// load took 300 ms; it takes 130 ms with mimalloc; docs/BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
        Some(Command::Tone) => {
            let stdin = std::io::stdin().lock();
            let stdout = std::io::stdout().lock();
            match chorus::tone::tone_lines(stdin, stdout) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
                Err(e) => fail(1, &format!("tone: {e}")),
            }
        }
        Some(Command::Print {
            file,
            tones,
            format,
            from,
            max_input,
        }) => print(
            &file,
            from,
            &Limits { max_input },
            tones,
            format,
            color_depth(cli.color_depth),
            cli.net,
        ),
        Some(Command::Convert {
            input,
            output,
            from,
            max_input: _,
        }) if chorus::fetch::cli::is_link(&input) => done(chorus::fetch::cli::convert(
            &input,
            from,
            &output,
            cli.net,
            readers_tones,
        )),
        Some(Command::Fetch { url, output }) => {
            done(chorus::fetch::cli::save(&url, &output, cli.net))
        }
        Some(Command::Convert {
            input,
            output,
            from,
            max_input,
        }) => {
            let limits = Limits { max_input };
            match chorus::export::convert(&input, from, &limits, &output, |doc| {
                readers_tones(doc, Some(&input));
                warn(&input, &doc.warnings);
            }) {
                Ok(_) => ExitCode::SUCCESS,
                Err(e) => fail(2, &e.to_string()),
            }
        }
        None => read(cli),
    }
}

/// The reader: load (every problem with the input is reported before the terminal is touched),
/// then hand the terminal to the session until it ends.
fn read(cli: Cli) -> ExitCode {
    let limits = Limits {
        max_input: cli.max_input,
    };
    let loaded = match &cli.file {
        Some(path) => chorus::fetch::cli::load_input(path, cli.from, &limits, cli.net),
        None => load(
            Input::Bytes {
                name: Path::new(BUNDLED_NAME),
                bytes: BUNDLED,
            },
            None,
            &limits,
        )
        .map(Into::into)
        .map_err(Into::into),
    };
    let (mut doc, home) = match loaded {
        Ok(input) => (input.doc, input.home),
        Err(e) => return fail(e.exit_code(), &e.to_string()),
    };
    let sidecar = corrections(&mut doc, home.as_deref(), cli.no_sidecar);
    if let Some(id) = &cli.focus
        && doc.find(id).is_none()
    {
        let name = cli.file.as_deref().unwrap_or(Path::new(BUNDLED_NAME));
        let name = chorus::load::sanitize::sanitize(&name.display().to_string()).into_owned();
        let id = chorus::load::sanitize::sanitize(id).into_owned();
        return fail(2, &format!("{name}: --focus: no post with id {id:?}"));
    }
    // Small documents are tagged now, so the first frame has every tone; large ones
    // are tagged in the background while the reader is in use.
    let untagged = chorus::tone::compute::untagged(&doc);
    let untagged = if untagged.len() <= chorus::tone::compute::FOREGROUND_LIMIT {
        let computed = chorus::tone::compute::tag_batch(&untagged.store, &untagged.posts);
        chorus::tone::compute::apply(&mut doc, &computed);
        Default::default()
    } else {
        untagged
    };
    let color = std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let theme = Theme {
        color,
        depth: color_depth(cli.color_depth),
    };
    let mut app = App::new(doc, theme);
    if let Some(id) = cli.focus {
        app.update(Action::FocusPost(id));
    }
    // The reader draws on standard output: into a file or a pipe it would write escape
    // sequences there while the keys it waits for go unseen.
    if !std::io::IsTerminal::is_terminal(&std::io::stdout()) {
        return fail(
            2,
            "standard output is not a terminal; to write the document out, use `chorus print FILE`",
        );
    }
    match tui::run(app, tui::Session { sidecar, untagged }) {
        Ok(Exit::Quit | Exit::InputClosed) => ExitCode::SUCCESS,
        Ok(Exit::Signal(sig)) => ExitCode::from(128u8.saturating_add(sig as u8)),
        Err(e) => fail(1, &format!("terminal error: {e}")),
    }
}

/// Gives a document the tones the reader would show, for `print` and `convert`: the corrections
/// saved beside the input, then the tagger's (marked computed) for posts that still have none.
fn readers_tones(doc: &mut chorus::model::Document, input: Option<&Path>) {
    corrections(doc, input, false);
    chorus::tone::compute::tag_document(doc);
}

/// Applies the tone corrections saved beside the input, and says where new ones go. A sidecar
/// that cannot be read becomes a warning, and is then never written over.
fn corrections(
    doc: &mut chorus::model::Document,
    file: Option<&Path>,
    ignore: bool,
) -> tui::SidecarTarget {
    use chorus::sidecar;
    use tui::SidecarTarget::{File, NotSaved};
    let Some(file) = file else {
        return NotSaved("the bundled article has no file to save beside".into());
    };
    if file.as_os_str() == "-" {
        return NotSaved("standard input has no file to save beside".into());
    }
    let path = sidecar::path_for(file);
    if ignore {
        return NotSaved(format!("--no-sidecar leaves {} alone", path.display()));
    }
    match sidecar::read(&path) {
        Ok(Some(c)) => {
            let warnings = sidecar::apply(doc, &c);
            doc.warnings.extend(warnings);
            File(path)
        }
        Ok(None) => File(path),
        Err(e) => {
            doc.warnings.insert(0, e.to_string());
            let why = format!("{} could not be read and is left untouched", path.display());
            NotSaved(why)
        }
    }
}

/// `chorus print`: plain text (no colour, 80 columns) when piped; a closed pipe ends it
/// quietly, as `head` expects.
fn print(
    file: &Path,
    from: Option<chorus::load::Format>,
    limits: &Limits,
    tones: Vec<String>,
    format: chorus::export::OutputFormat,
    depth: chorus::ui::ColorDepth,
    net: chorus::fetch::cli::NetFlags,
) -> ExitCode {
    use std::io::IsTerminal;
    let (mut doc, home) = match chorus::fetch::cli::load_for_output(file, from, limits, net) {
        Ok(input) => (input.doc, input.home),
        Err(e) => return fail(e.exit_code(), &e.to_string()),
    };
    readers_tones(&mut doc, home.as_deref());
    warn(file, &doc.warnings);
    let stdout = std::io::stdout();
    let tty = stdout.is_terminal();
    let opts = chorus::export::PrintOptions {
        format,
        tones,
        color: tty && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
        width: if tty {
            crossterm::terminal::size().map_or(80, |(w, _)| usize::from(w))
        } else {
            80
        },
        depth,
    };
    let mut out = std::io::BufWriter::new(stdout.lock());
    match chorus::export::print(&doc, &opts, &mut out) {
        Ok(()) => ExitCode::SUCCESS,
        Err(chorus::export::PrintError::Io(e)) if e.kind() == std::io::ErrorKind::BrokenPipe => {
            ExitCode::SUCCESS
        }
        Err(chorus::export::PrintError::Tone(e)) => {
            let name = file.display().to_string().replace(['\n', '\r', '\t'], " ");
            let name = chorus::load::sanitize::sanitize(&name);
            fail(2, &format!("{name}: --tone: {e}"))
        }
        Err(e) => fail(1, &e.to_string()),
    }
}

/// The colour depth asked for, or what the terminal says it shows.
fn color_depth(asked: Option<chorus::ui::ColorDepth>) -> chorus::ui::ColorDepth {
    asked.unwrap_or_else(|| {
        let term = std::env::var("TERM").ok();
        let colorterm = std::env::var("COLORTERM").ok();
        chorus::ui::ColorDepth::detect(term.as_deref(), colorterm.as_deref())
    })
}

/// The load warnings, one line each on stderr, for print and convert (the reader shows them
/// in its status line).
fn warn(file: &Path, warnings: &[String]) {
    let name = Input::arg(file).name().display().to_string();
    let name =
        chorus::load::sanitize::sanitize(&name.replace(['\n', '\r', '\t'], " ")).into_owned();
    let mut stderr = std::io::stderr().lock();
    for w in warnings {
        let _ = writeln!(stderr, "chorus: {name}: warning: {w}");
    }
}

/// The exit of a command that writes a file: success, or its one-line error.
fn done(written: Result<(), chorus::fetch::cli::InputError>) -> ExitCode {
    written.map_or_else(
        |e| fail(e.exit_code(), &e.to_string()),
        |()| ExitCode::SUCCESS,
    )
}

fn fail(code: u8, msg: &str) -> ExitCode {
    let _ = writeln!(std::io::stderr(), "chorus: {msg}");
    ExitCode::from(code)
}
