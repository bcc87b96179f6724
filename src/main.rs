//! The `chorus` binary: parse the command line, load, run.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;
use std::time::Duration;

use chorus::app::{Action, App, Arrived, Theme};
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
        Some(Command::Completions { shell }) => {
            let mut cmd = <Cli as clap::CommandFactory>::command();
            clap_complete::generate(shell, &mut cmd, "chorus", &mut std::io::stdout());
            ExitCode::SUCCESS
        }
        Some(Command::Man) => {
            let cmd = <Cli as clap::CommandFactory>::command();
            let mut out = Vec::new();
            match clap_mangen::Man::new(cmd).render(&mut out) {
                Ok(()) => {
                    out.extend_from_slice(man_keys().as_bytes());
                    write_out(&out)
                }
                Err(e) => fail(1, &format!("man: {e}")),
            }
        }
        Some(Command::Config { default: true }) => {
            write_out(chorus::config::default_text().as_bytes())
        }
        Some(Command::Config { default: false }) => {
            let path = chorus::config::path(cli.config.as_deref());
            match read_config(cli.config.as_deref()) {
                Ok(_) => write_out(
                    match &path {
                        Some(p) if p.exists() => format!("{}: good\n", p.display()),
                        Some(p) => format!(
                            "{}: not there; the defaults apply (chorus config --default prints them)\n",
                            p.display()
                        ),
                        None => "no config directory: the defaults apply\n".to_string(),
                    }
                    .as_bytes(),
                ),
                Err(e) => fail(2, &e.to_string()),
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
            filter,
            format,
            from,
            max_input,
        }) => print(
            &file,
            from,
            &Limits {
                max_input,
                ..Limits::default()
            },
            (tones, filter),
            format,
            (cli.color, color_depth(cli.color_depth)),
            cli.net,
        ),
        Some(Command::Stats {
            file,
            tones,
            format,
            from,
            max_input,
        }) => stats(
            &file,
            from,
            &Limits {
                max_input,
                ..Limits::default()
            },
            &tones,
            format,
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
            let limits = Limits {
                max_input,
                ..Limits::default()
            };
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

/// `--focus ID` names no post of the document.
fn no_such_post(file: Option<&Path>, id: &str) -> String {
    let name = file.unwrap_or(Path::new(BUNDLED_NAME));
    let name = chorus::load::sanitize::sanitize(&name.display().to_string()).into_owned();
    let id = chorus::load::sanitize::sanitize(id).into_owned();
    format!("{name}: --focus: no post with id {id:?}")
}

/// The reader: load (every problem with the input found before the first screen is reported
/// before the terminal is touched), then hand the terminal to the session until it ends. A
/// file is read on a thread of its own: when it takes longer than a moment, the reader starts
/// with what is in and the rest arrives while it is in use.
fn read(cli: Cli) -> ExitCode {
    let config = match read_config(cli.config.as_deref()) {
        Ok(c) => c,
        Err(e) => return fail(2, &e.to_string()),
    };
    let limits = Limits {
        max_input: cli.max_input,
        ..Limits::default()
    };
    let mut loading = None;
    let mut link = None;
    let loaded = match &cli.file {
        Some(path) if cli.focus.is_none() && is_local_file(path) => {
            match read_in_background(path, &cli, &limits) {
                Ok(Background::Whole(doc, sidecar)) => Ok((*doc, sidecar)),
                Ok(Background::Started(part, sidecar, l)) => {
                    loading = Some((l, part));
                    Ok((chorus::model::Document::default(), sidecar))
                }
                Err(message) => return fail(2, &message),
            }
        }
        Some(path) => {
            chorus::fetch::cli::load_input(path, cli.from, &limits, cli.net).map(|input| {
                let mut doc = input.doc;
                let sidecar = corrections(&mut doc, input.home.as_deref(), cli.no_sidecar);
                if let Some(url) = input.link {
                    link = Some(tui::LinkSession {
                        url,
                        home: input.home,
                    });
                }
                (doc, sidecar)
            })
        }
        None => load(
            Input::Bytes {
                name: Path::new(BUNDLED_NAME),
                bytes: BUNDLED,
            },
            None,
            &limits,
        )
        .map(|mut doc| {
            let sidecar = corrections(&mut doc, None, cli.no_sidecar);
            (doc, sidecar)
        })
        .map_err(Into::into),
    };
    let (mut doc, sidecar) = match loaded {
        Ok(loaded) => loaded,
        Err(e) => return fail(e.exit_code(), &e.to_string()),
    };
    if let Some(id) = &cli.focus
        && doc.find(id).is_none()
    {
        return fail(2, &no_such_post(cli.file.as_deref(), id));
    }
    let untagged = if loading.is_some() {
        Default::default()
    } else {
        chorus::tone::compute::tag_if_small(&mut doc)
    };
    let color = match cli.color {
        chorus::cli::ColorWhen::Always => {
            // crossterm drops colours itself under NO_COLOR unless told otherwise.
            crossterm::style::force_color_output(true);
            true
        }
        chorus::cli::ColorWhen::Never => false,
        chorus::cli::ColorWhen::Auto => std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
    } && config.theme.color();
    let theme = Theme {
        color,
        depth: color_depth(cli.color_depth),
        ui: chorus::config::ui_colors(&config.theme),
    };
    let mut app = App::new(doc, theme);
    app.configure(config.keys, config.theme.palette());
    let mutes_path = chorus::mutes::path(cli.config.as_deref());
    if let Some(p) = &mutes_path {
        app.configure_mutes(chorus::mutes::read(p));
    }
    let loading = loading.map(|(loading, part)| {
        app.update(Action::DocumentArrived(part));
        loading
    });
    if let Some(link) = &link {
        visited(&mut app, link);
    }
    if let Some(id) = cli.focus {
        app.update(Action::FocusPost(id));
    }
    run_reader(
        app,
        tui::Session {
            sidecar,
            untagged,
            loading,
            link,
            mutes: mutes_path,
        },
    )
}

/// The config `--config`, `CHORUS_CONFIG` or the config directory gives; the defaults when
/// there is none (a file named by `--config` or `CHORUS_CONFIG` must exist).
fn read_config(
    given: Option<&Path>,
) -> Result<chorus::config::Config, chorus::config::ConfigError> {
    let named = given.is_some() || std::env::var_os("CHORUS_CONFIG").is_some_and(|v| !v.is_empty());
    match chorus::config::path(given) {
        Some(path) => chorus::config::load(&path, named),
        None => Ok(chorus::config::Config::default()),
    }
}

/// Tells the reader the document came from a link, with the posts new since it was last opened
/// (and records this visit). A "seen" file that cannot be read or written is said on the status
/// line; the reader opens all the same, with nothing marked new.
fn visited(app: &mut App, link: &tui::LinkSession) {
    let visit = link
        .home
        .as_deref()
        .map(|home| chorus::fetch::refresh::visit(home, app.doc()));
    let (new, since) = match visit {
        Some(Ok(v)) => (v.new, v.last),
        Some(Err(e)) => {
            app.update(Action::Notify(e.to_string()));
            (Vec::new(), None)
        }
        None => (Vec::new(), None),
    };
    app.update(Action::LinkOpened {
        url: link.url.clone(),
        new,
        since,
    });
}

/// Runs the reader on the terminal until it quits, and says how it ended.
fn run_reader(app: App, session: tui::Session) -> ExitCode {
    // The reader draws on standard output: into a file or a pipe it would write escape
    // sequences there while the keys it waits for go unseen.
    if !std::io::IsTerminal::is_terminal(&std::io::stdout()) {
        return fail(
            2,
            "standard output is not a terminal; to write the document out, use `chorus print FILE`",
        );
    }
    match tui::run(app, session) {
        Ok(Exit::Quit | Exit::InputClosed) => ExitCode::SUCCESS,
        Ok(Exit::Signal(sig)) => ExitCode::from(128u8.saturating_add(sig as u8)),
        Ok(Exit::LoadFailed(message)) => fail(2, &message),
        Err(e) => fail(1, &format!("terminal error: {e}")),
    }
}

/// A file to read on a loading thread: one on this machine (not a link, not standard input).
fn is_local_file(path: &Path) -> bool {
    path.as_os_str() != "-" && !chorus::fetch::cli::is_link(path) && path.is_file()
}

/// How long the reader waits for a whole document before it starts with part of one.
const WHOLE_WITHIN: Duration = Duration::from_millis(50);
/// How often the loading thread shows the reader more of the document.
const PARTS_EVERY: Duration = Duration::from_millis(250);

enum Background {
    /// All of it came within [`WHOLE_WITHIN`].
    Whole(Box<chorus::model::Document>, tui::SidecarTarget),
    /// The first part; the rest is on its way.
    Started(
        Arrived,
        tui::SidecarTarget,
        chorus::load::background::Loading,
    ),
}

/// Starts reading `path` on a loading thread and waits for all of it, an error, or, after
/// [`WHOLE_WITHIN`], the first part with posts in it.
fn read_in_background(path: &Path, cli: &Cli, limits: &Limits) -> Result<Background, String> {
    use chorus::load::background::{self, Arrival};
    let saved = saved_corrections(Some(path), cli.no_sidecar);
    let (target, corrections, warning) = (saved.target, saved.corrections, saved.warning);
    let finish = move |doc: &mut chorus::model::Document| {
        if let Some(c) = &corrections {
            let warnings = chorus::sidecar::apply(doc, c);
            doc.warnings.extend(warnings);
        }
        if let Some(w) = warning {
            doc.warnings.insert(0, w);
        }
    };
    let loading = background::spawn(
        path.to_owned(),
        cli.from,
        limits.clone(),
        PARTS_EVERY,
        finish,
    )
    .map_err(|e| format!("cannot start reading {}: {e}", path.display()))?;
    let start = std::time::Instant::now();
    let mut part = None;
    loop {
        let wait = WHOLE_WITHIN.saturating_sub(start.elapsed());
        let arrival = if part.is_some() && wait.is_zero() {
            break;
        } else if part.is_some() {
            match loading.arrivals.recv_timeout(wait) {
                Ok(a) => a,
                Err(_) => break,
            }
        } else {
            match loading.arrivals.recv() {
                Ok(a) => a,
                Err(_) => return Err(format!("{}: the loading thread stopped", path.display())),
            }
        };
        match arrival {
            Arrival::Whole(doc) => return Ok(Background::Whole(Box::new(doc), target)),
            Arrival::Failed(e) => return Err(e.to_string()),
            // The first part with posts says as much, and shows them.
            Arrival::Progress { .. } => {}
            Arrival::Part { doc, read } => {
                let has_posts = !doc.is_empty();
                let expected = read.expected_posts(doc.len());
                part = Some(Arrived::part(doc, expected));
                loading.taken();
                if has_posts && start.elapsed() >= WHOLE_WITHIN {
                    break;
                }
            }
        }
    }
    match part {
        Some(part) => Ok(Background::Started(part, target, loading)),
        None => Err(format!("{}: the loading thread stopped", path.display())),
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
    let saved = saved_corrections(file, ignore);
    if let Some(c) = &saved.corrections {
        let warnings = chorus::sidecar::apply(doc, c);
        doc.warnings.extend(warnings);
    }
    if let Some(w) = saved.warning {
        doc.warnings.insert(0, w);
    }
    saved.target
}

/// The tone corrections saved beside an input, read before the document is.
struct Saved {
    /// Where new ones go.
    target: tui::SidecarTarget,
    corrections: Option<chorus::sidecar::Corrections>,
    /// Why the saved ones could not be read.
    warning: Option<String>,
}

fn saved_corrections(file: Option<&Path>, ignore: bool) -> Saved {
    use chorus::sidecar;
    use tui::SidecarTarget::{File, NotSaved};
    let none = |target| Saved {
        target,
        corrections: None,
        warning: None,
    };
    let Some(file) = file else {
        return none(NotSaved(
            "the bundled article has no file to save beside".into(),
        ));
    };
    if file.as_os_str() == "-" {
        return none(NotSaved("standard input has no file to save beside".into()));
    }
    let path = sidecar::path_for(file);
    if ignore {
        return none(NotSaved(format!(
            "--no-sidecar leaves {} alone",
            path.display()
        )));
    }
    // A save killed part-way leaves its temporary file; nothing else can be mid-save while
    // the sweep holds the directory lock.
    sidecar::sweep(&path);
    match sidecar::read(&path) {
        Ok(corrections) => Saved {
            target: File(path),
            corrections,
            warning: None,
        },
        Err(e) => {
            let why = format!("{} could not be read and is left untouched", path.display());
            Saved {
                target: NotSaved(why),
                corrections: None,
                warning: Some(e.to_string()),
            }
        }
    }
}

/// A file or link for output (`print`, `stats`) with the tones the reader would show; its
/// warnings said on standard error. A failure is said and its exit code returned.
fn as_the_reader_shows(
    file: &Path,
    from: Option<chorus::load::Format>,
    limits: &Limits,
    net: chorus::fetch::cli::NetFlags,
) -> Result<chorus::model::Document, ExitCode> {
    let (mut doc, home) = match chorus::fetch::cli::load_for_output(file, from, limits, net) {
        Ok(input) => (input.doc, input.home),
        Err(e) => return Err(fail(e.exit_code(), &e.to_string())),
    };
    readers_tones(&mut doc, home.as_deref());
    warn(file, &doc.warnings);
    Ok(doc)
}

/// `chorus stats`: the overview's figures, for scripts. Times are in the local time zone (TZ).
fn stats(
    file: &Path,
    from: Option<chorus::load::Format>,
    limits: &Limits,
    tones: &[String],
    format: chorus::cli::StatsFormat,
    net: chorus::fetch::cli::NetFlags,
) -> ExitCode {
    use chorus::stats::{Figures, TimeIndex};
    let doc = match as_the_reader_shows(file, from, limits, net) {
        Ok(doc) => doc,
        Err(code) => return code,
    };
    let kept = match chorus::export::KeptTones::new(&doc.tones, tones) {
        Ok(k) => k,
        Err(e) => return fail(2, &format!("--tone: {e}")),
    };
    let tz = jiff::tz::TimeZone::system();
    let tz_name = tz.iana_name().unwrap_or("local time").to_string();
    let snapshot = chorus::stats::Snapshot::of(&doc);
    let time = TimeIndex::of(&snapshot, &tz);
    let tally = chorus::stats::Tally::of(&snapshot, &time);
    let figures = Figures::new(&tally, &time, &|k| !kept.keeps_tone(k));
    let text = match format {
        chorus::cli::StatsFormat::Text => chorus::stats::to_text(&doc, &time, &figures, &tz_name),
        chorus::cli::StatsFormat::Json => chorus::stats::to_json(&doc, &time, &figures, &tz_name),
    };
    write_out(text.as_bytes())
}

/// The reader's keys as a man page section, from the key tables the reader dispatches from.
fn man_keys() -> String {
    // roff: a backslash is written \e, and a line may not start with a dot or a quote.
    let roff = |s: &str| {
        let s = s.replace('\\', "\\e").replace('-', "\\-");
        if s.starts_with('.') || s.starts_with('\'') {
            format!("\\&{s}")
        } else {
            s
        }
    };
    let keys = chorus::app::KeyMap::default();
    let mut out = String::from(".SH KEYS\n");
    for (title, table) in keys.sections() {
        if !title.is_empty() {
            out.push_str(&format!(".SS {}\n", roff(&title)));
        }
        for b in &table.bindings {
            out.push_str(&format!(
                ".TP\n\\fB{}\\fR\n{}\n",
                roff(&b.label()),
                roff(&b.help)
            ));
        }
    }
    out
}

/// Writes to standard output; a closed pipe ends quietly, as `head` expects.
fn write_out(bytes: &[u8]) -> ExitCode {
    match std::io::stdout().lock().write_all(bytes) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => fail(1, &format!("could not write: {e}")),
    }
}

/// `chorus print`: plain text (no colour, 80 columns) when piped; a closed pipe ends it
/// quietly, as `head` expects.
fn print(
    file: &Path,
    from: Option<chorus::load::Format>,
    limits: &Limits,
    (tones, filter): (Vec<String>, Option<String>),
    format: chorus::export::OutputFormat,
    (when, depth): (chorus::cli::ColorWhen, chorus::ui::ColorDepth),
    net: chorus::fetch::cli::NetFlags,
) -> ExitCode {
    use std::io::IsTerminal;
    // A bad filter is said before a large file is read.
    if let Some(Err(e)) = filter.as_deref().map(chorus::filter::parse) {
        return fail(2, &format!("--filter: {e}"));
    }
    let doc = match as_the_reader_shows(file, from, limits, net) {
        Ok(doc) => doc,
        Err(code) => return code,
    };
    let stdout = std::io::stdout();
    let tty = stdout.is_terminal();
    let opts = chorus::export::PrintOptions {
        format,
        tones,
        filter,
        color: match when {
            chorus::cli::ColorWhen::Always => true,
            chorus::cli::ColorWhen::Never => false,
            chorus::cli::ColorWhen::Auto => {
                tty && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
            }
        },
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
        Err(e @ chorus::export::PrintError::Filter(_)) => fail(2, &e.to_string()),
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
