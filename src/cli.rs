//! Command-line interface.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::export::OutputFormat;
use crate::load::Format;

/// A terminal reader for an article and the conversation around it.
#[derive(Debug, Parser)]
#[command(
    name = "chorus",
    version,
    about,
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    /// What to open: a link (an article page, or a Bluesky, Mastodon, Reddit or Hacker News
    /// thread), a chorus bundle, a saved article page with embedded tweets, or a Mastodon,
    /// Bluesky, Reddit, Hacker News or Twitter thread (see docs/formats.md); `-` reads standard
    /// input. Default: the bundled article.
    pub file: Option<PathBuf>,
    /// Read FILE as this format instead of detecting it from the content.
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub from: Option<Format>,
    /// Open with this post (by id) selected and its quote in view.
    #[arg(long, value_name = "POST_ID")]
    pub focus: Option<String>,
    /// Ignore the tone corrections saved beside FILE (FILE.chorus-tones.json), and save none.
    #[arg(long)]
    pub no_sidecar: bool,
    /// Colours the terminal shows: truecolor (24-bit), 256 or 16. Default: 24-bit when
    /// COLORTERM is truecolor or 24bit, else 16 for TERM=linux, *-16color and screen, else 256.
    #[arg(long, value_enum, value_name = "DEPTH", global = true)]
    pub color_depth: Option<crate::ui::ColorDepth>,
    /// Colour: auto (none when NO_COLOR is set), always (even then), never.
    #[arg(long, value_enum, value_name = "WHEN", default_value_t = ColorWhen::Auto, global = true)]
    pub color: ColorWhen,
    /// The config file to read instead of $XDG_CONFIG_HOME/chorus/config.toml (also
    /// CHORUS_CONFIG).
    #[arg(long, value_name = "FILE", global = true)]
    pub config: Option<PathBuf>,
    /// Refuse an input larger than SIZE: bytes, or a number and a unit (500M, 4G; K, M, G, T
    /// count in 1,024s, KB, MB, GB in 1,000s).
    #[arg(long, value_name = "SIZE", value_parser = crate::load::parse_size, default_value = "2G")]
    pub max_input: u64,
    #[command(flatten)]
    pub net: crate::fetch::cli::NetFlags,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print a document as it would be read: the article, then the thread in thread order,
    /// replies indented, with their tones. Plain text when piped.
    Print {
        /// The file or link to print (any input chorus opens; `-` reads standard input).
        file: PathBuf,
        /// Show only posts with this tone (repeatable; `untagged` for posts with none).
        #[arg(long = "tone", value_name = "TONE")]
        tones: Vec<String>,
        /// Show only posts this filter matches: tone:critical, @alice, "words", /regex/,
        /// depth>2, has:link, after:DATE, before:DATE, op, computed, corrected, conf<0.6,
        /// replies-to:X, in-thread-of:X, with and, or, not and parentheses.
        #[arg(long, value_name = "EXPR")]
        filter: Option<String>,
        /// What to write: text, markdown, or json (the chorus/1 bundle).
        #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
        format: OutputFormat,
        /// Read FILE as this format instead of detecting it from the content.
        #[arg(long, value_enum, value_name = "FORMAT")]
        from: Option<Format>,
        /// Refuse an input larger than SIZE: bytes, or a number and a unit (500M, 4G; K, M, G, T
        /// count in 1,024s, KB, MB, GB in 1,000s).
        #[arg(long, value_name = "SIZE", value_parser = crate::load::parse_size, default_value = "2G")]
        max_input: u64,
    },
    /// The conversation in figures: posts per tone, the replies under each quote by tone,
    /// replies per time step (in the local time zone) by tone, and where the tones came from.
    /// The same figures as the reader's overview (v).
    Stats {
        /// The file or link (any input chorus opens; `-` reads standard input).
        file: PathBuf,
        /// Count only posts with this tone (repeatable; `untagged` for posts with none).
        #[arg(long = "tone", value_name = "TONE")]
        tones: Vec<String>,
        /// text, or json (the chorus-stats/1 shape in docs/formats.md).
        #[arg(long, value_enum, default_value_t = StatsFormat::Text)]
        format: StatsFormat,
        /// Read FILE as this format instead of detecting it from the content.
        #[arg(long, value_enum, value_name = "FORMAT")]
        from: Option<Format>,
        /// Refuse an input larger than SIZE (as for print).
        #[arg(long, value_name = "SIZE", value_parser = crate::load::parse_size, default_value = "2G")]
        max_input: u64,
    },
    /// Convert any input chorus opens into a chorus/1 bundle. The bundle is written to a
    /// temporary file and renamed into place: a failure never leaves half a file, and the input
    /// is never overwritten.
    Convert {
        /// The file or link to convert (`-` reads standard input).
        input: PathBuf,
        /// Where to write the bundle (`-` writes standard output).
        #[arg(short, long, value_name = "OUT.json")]
        output: PathBuf,
        /// Read INPUT as this format instead of detecting it from the content.
        #[arg(long, value_enum, value_name = "FORMAT")]
        from: Option<Format>,
        /// Refuse an INPUT larger than SIZE: bytes, or a number and a unit (500M, 4G; K, M, G, T
        /// count in 1,024s, KB, MB, GB in 1,000s).
        #[arg(long, value_name = "SIZE", value_parser = crate::load::parse_size, default_value = "2G")]
        max_input: u64,
    },
    /// Fetch a link (an article page and its embedded conversations, or a thread) and save it
    /// as a chorus/1 bundle, as fetched: written to a temporary file and renamed into place.
    Fetch {
        /// The link: an article page, or a Bluesky, Mastodon, Reddit or Hacker News thread.
        url: PathBuf,
        /// Where to write the bundle (`-` writes standard output).
        #[arg(short, long, value_name = "OUT.json")]
        output: PathBuf,
    },
    /// Write a shell completion script to stdout (install: see the README).
    Completions {
        /// The shell to complete for.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Write chorus's man page (roff) to stdout: `chorus man > chorus.1`.
    Man,
    /// The config file: `--default` prints every option at its default, commented; without
    /// it, checks the config and says where it is.
    Config {
        /// Print the default config.
        #[arg(long)]
        default: bool,
    },
    /// Tag text with a tone: one text per line on stdin, one `tone<TAB>confidence<TAB>cues` line
    /// per input line on stdout.
    Tone,
    /// Write a synthetic bundle (an article with quotes and N replies in threads) to stdout.
    Gen {
        /// How many posts.
        #[arg(long, default_value_t = 1000)]
        posts: usize,
        /// Seed for the generator: the same seed writes the same file.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// The shape of the thread: mixed threads, one deep chain, or one wide fan-out.
        #[arg(long, value_enum, default_value_t = crate::synth::Shape::Mixed)]
        shape: crate::synth::Shape,
    },
}

/// What `chorus stats` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum StatsFormat {
    Text,
    Json,
}

/// When to draw in colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorWhen {
    Auto,
    Always,
    Never,
}
