//! Each `--from` format forced on any bytes (the first byte picks the format): the network
//! answers of each service are read by these same loaders. An error or a document, never a
//! panic.
#![no_main]

use chorus::load::{Format, Input, Limits, load};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&pick, bytes)) = data.split_first() else {
        return;
    };
    let format = Format::ALL[pick as usize % Format::ALL.len()];
    let name = std::path::Path::new("fuzz.input");
    let _ = load(Input::Bytes { name, bytes }, Some(format), &Limits::default());
});
