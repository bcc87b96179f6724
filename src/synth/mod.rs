//! Synthetic bundles for tests and benchmarks: `chorus gen --posts N --seed S > FILE`.
//!
//! The article is made-up reporting about an invented place (Quillfen, a harbour town whose
//! tennis club plays on a sandbar between tides); the posts are a conversation about it, in a
//! handful of threads with both deep back-and-forth chains and wide fan-outs, from a pool of
//! fictional authors, with emoji, CJK, combining accents and right-to-left words mixed in.
//!
//! Everything is a pure function of `(posts, seed, shape)`: the same arguments give
//! byte-identical output. [`write_bundle`] streams the posts one at a time, so a million posts
//! need no more memory than one.

use std::io::{BufWriter, Write};

use crate::load::bundle::{BundleFile, FORMAT};

mod plan;
mod rng;
#[cfg(test)]
mod tests;
mod text;
mod words;

use plan::Plan;

/// The shape of the generated conversation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Shape {
    /// A few threads with deep back-and-forth chains and wide fan-outs.
    #[default]
    Mixed,
    /// One chain: every post answers the one before, as deep as there are posts.
    Deep,
    /// One fan-out: every post answers the first.
    Wide,
}

/// Builds the whole bundle in memory.
pub fn generate(posts: usize, seed: u64) -> BundleFile {
    generate_shaped(posts, seed, Shape::Mixed)
}

/// Builds the whole bundle in memory, in the given shape.
pub fn generate_shaped(posts: usize, seed: u64, shape: Shape) -> BundleFile {
    let plan = Plan::new(posts, seed, shape);
    BundleFile {
        format: Some(FORMAT.to_string()),
        article: plan.article(),
        posts: plan.posts().collect(),
    }
}

/// Writes the bundle as compact JSON, post by post, byte-identical to serializing
/// [`generate`]'s result. Memory stays constant whatever the number of posts.
///
/// # Errors
///
/// Whatever writing to `out` returns.
pub fn write_bundle(posts: usize, seed: u64, out: impl Write) -> std::io::Result<()> {
    write_bundle_shaped(posts, seed, Shape::Mixed, out)
}

/// [`write_bundle`] in the given shape.
///
/// # Errors
///
/// Whatever writing to `out` returns.
pub fn write_bundle_shaped(
    posts: usize,
    seed: u64,
    shape: Shape,
    out: impl Write,
) -> std::io::Result<()> {
    let plan = Plan::new(posts, seed, shape);
    let mut w = BufWriter::with_capacity(1 << 16, out);
    w.write_all(b"{\"format\":")?;
    serde_json::to_writer(&mut w, FORMAT)?;
    w.write_all(b",\"article\":")?;
    serde_json::to_writer(&mut w, &plan.article())?;
    w.write_all(b",\"posts\":[")?;
    for (i, post) in plan.posts().enumerate() {
        if i > 0 {
            w.write_all(b",")?;
        }
        serde_json::to_writer(&mut w, &post)?;
    }
    w.write_all(b"]}")?;
    w.flush()
}
