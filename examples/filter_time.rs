//! Times a filter expression against a file's posts: `cargo run --release --example
//! filter_time -- FILE EXPR`.

use std::time::Instant;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(file), Some(expr)) = (args.next(), args.next()) else {
        eprintln!("usage: filter_time FILE EXPR");
        std::process::exit(2);
    };
    let path = std::path::PathBuf::from(file);
    let doc = chorus::load::load(
        chorus::load::Input::Path(&path),
        None,
        &chorus::load::Limits::default(),
    )
    .unwrap_or_else(|e| {
        eprintln!("{e}");
        std::process::exit(2)
    });
    let e = chorus::filter::parse(&expr).unwrap_or_else(|e| {
        eprintln!("{e}");
        std::process::exit(2)
    });
    for _ in 0..3 {
        let t = Instant::now();
        let m = e.matches(&doc);
        println!(
            "{} of {} posts in {:.1} ms",
            m.iter().filter(|&&b| b).count(),
            doc.len(),
            t.elapsed().as_secs_f64() * 1000.0
        );
    }
}
