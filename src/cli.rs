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
    },
}
