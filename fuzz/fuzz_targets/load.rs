//! Format detection and whichever loader it picks, on any bytes: an error or a document, never
//! a panic, and a document's every string free of terminal controls.
#![no_main]

use chorus::load::{Input, Limits, load};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let name = std::path::Path::new("fuzz.json");
    let input = Input::Bytes { name, bytes: data };
    if let Ok(doc) = load(input, None, &Limits::default()) {
        for i in 0..doc.len() as u32 {
            let text = &doc.post(i).text;
            assert!(!text.contains('\u{1b}'), "an escape reached a post's text");
        }
    }
});
