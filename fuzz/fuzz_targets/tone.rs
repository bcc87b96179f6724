//! The tone tagger on any bytes, through `chorus tone` (one answer line per input line) and
//! on the text whole.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let tagged = chorus::tone::tagger::tag(&String::from_utf8_lossy(data));
    assert!((0.0..=1.0).contains(&tagged.confidence));
    let mut out = Vec::new();
    chorus::tone::tagger::tone_lines(data, &mut out).expect("writing to memory");
    // Lines as `chorus tone` reads them: a last line without its newline counts, nothing
    // after a final newline does.
    let newlines = data.iter().filter(|&&b| b == b'\n').count();
    let lines_in = newlines + usize::from(!data.is_empty() && !data.ends_with(b"\n"));
    assert_eq!(out.iter().filter(|&&b| b == b'\n').count(), lines_in);
});
