//! The filter expression parser on any text: an error at a place inside the text, or an
//! expression that, written back, parses to itself.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Ok(expr) = chorus::filter::parse(text) {
        let again = chorus::filter::parse(&expr.to_string()).expect("written back, it parses");
        assert_eq!(again.to_string(), expr.to_string());
    }
});
