//! The tone-corrections sidecar on any bytes: read, then applied to a small document. An error
//! or corrections, never a panic.
#![no_main]

use chorus::load::{Input, Limits, load};
use libfuzzer_sys::fuzz_target;

const DOC: &str = r#"{"format":"chorus/1","article":{"title":"t"},"posts":[
  {"id":"a","text":"one"},{"id":"b","in_reply_to":"a","text":"two","tone":"critical"}]}"#;

fuzz_target!(|data: &[u8]| {
    let path = std::env::temp_dir().join(format!("chorus-fuzz-sidecar-{}", std::process::id()));
    if std::fs::write(&path, data).is_err() {
        return;
    }
    if let Ok(Some(corrections)) = chorus::sidecar::read(&path) {
        let name = std::path::Path::new("doc.json");
        let input = Input::Bytes { name, bytes: DOC.as_bytes() };
        let mut doc = load(input, None, &Limits::default()).expect("the document loads");
        chorus::sidecar::apply(&mut doc, &corrections);
    }
});
