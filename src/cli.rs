//! Command-line interface.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

/// A terminal reader for an article and the conversation around it.
#[derive(Debug, Parser)]
#[command(
    name = "chorus",
    version,
    about,
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    /// A chorus bundle to open (default: the bundled article).
    pub file: Option<PathBuf>,
    /// Open with this post (by id) selected and its quote in view.
    #[arg(long, value_name = "POST_ID")]
    pub focus: Option<String>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
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
