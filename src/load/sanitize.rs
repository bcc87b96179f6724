//! Untrusted text made safe to draw, once, at load.
//!
//! A file must not be able to drive the terminal through chorus: no escape sequences (CSI, OSC,
//! DCS, APC, PM, SOS, in their 7-bit and 8-bit forms), so no window titles, cursor moves, OSC 52
//! clipboard writes or OSC 8 links; no C0/C1 control characters other than newline and tab; no
//! bidi overrides or isolates that would reorder what the reader sees. Escape sequences are
//! removed whole; other control characters become visible placeholders, so the reader can tell
//! something was there.

use std::borrow::Cow;

const ESC: char = '\u{1b}';
const BEL: char = '\u{07}';
/// Shown in place of a C1 control character, which has no control picture of its own.
const C1_PLACEHOLDER: char = '\u{fffd}';

/// Returns `s` unchanged when it is already safe (the common case: no allocation).
pub fn sanitize(s: &str) -> Cow<'_, str> {
    if !needs_sanitizing(s.as_bytes()) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\n' | '\t' => out.push(c),
            '\r' => {
                // CRLF and lone CR both end a line; a CR must never return the cursor.
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push('\n');
            }
            ESC => match chars.next() {
                Some('[') => skip_csi(&mut chars),
                Some(']' | 'P' | '_' | '^' | 'X') => skip_string(&mut chars),
                // ESC followed by any other character is a two-character sequence.
                Some(_) | None => {}
            },
            '\u{9b}' => skip_csi(&mut chars),
            '\u{9d}' | '\u{90}' | '\u{9f}' | '\u{9e}' | '\u{98}' => skip_string(&mut chars),
            c if is_bidi_control(c) => {}
            c if (c as u32) < 0x20 => {
                out.push(char::from_u32(0x2400 + c as u32).unwrap_or(C1_PLACEHOLDER));
            }
            '\u{7f}' => out.push('\u{2421}'),
            c if ('\u{80}'..='\u{9f}').contains(&c) => out.push(C1_PLACEHOLDER),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Sanitizes in place, allocating only when something changes.
pub fn sanitize_owned(s: String) -> String {
    match sanitize(&s) {
        Cow::Borrowed(_) => s,
        Cow::Owned(clean) => clean,
    }
}

/// Whether any character of `s` needs work, decided on the UTF-8 bytes: every such character
/// is a C0 control or DEL (one byte), a C1 control (`C2 80`..`C2 9F`), or a bidi control
/// (`E2 80 AA`..`E2 80 AE`, `E2 81 A6`..`E2 81 A9`). Most strings are clean, and this is what
/// a load spends its time on.
fn needs_sanitizing(s: &[u8]) -> bool {
    // A branch-free pass over 32-byte blocks (which the compiler vectorizes) finds the blocks
    // holding a byte that could start such a character; only those are looked at closely.
    const BLOCK: usize = 32;
    let suspicious =
        |b: u8| (b < 0x20) as u8 | (b == 0x7f) as u8 | (b == 0xc2) as u8 | (b == 0xe2) as u8;
    let mut start = 0;
    for block in s.chunks(BLOCK) {
        let hits = block.iter().fold(0u8, |acc, &b| acc | suspicious(b));
        if hits != 0 && precise(s, start, start + block.len()) {
            return true;
        }
        start += block.len();
    }
    false
}

/// The exact test for characters starting in `s[from..to]` (looking past `to` for the rest of a
/// multi-byte character).
fn precise(s: &[u8], from: usize, to: usize) -> bool {
    (from..to).any(|i| match s[i] {
        b'\n' | b'\t' => false,
        0..0x20 | 0x7f => true,
        0xc2 => matches!(s.get(i + 1), Some(0x80..=0x9f)),
        0xe2 => matches!(
            (s.get(i + 1), s.get(i + 2)),
            (Some(0x80), Some(0xaa..=0xae)) | (Some(0x81), Some(0xa6..=0xa9))
        ),
        _ => false,
    })
}

/// The same test on one character; the byte check above is what runs, this one is its reference.
#[cfg(test)]
fn needs_work(c: char) -> bool {
    let u = c as u32;
    (u < 0x20 && c != '\n' && c != '\t') || (0x7f..=0x9f).contains(&u) || is_bidi_control(c)
}

/// Explicit embeddings and overrides (U+202A..U+202E) and isolates (U+2066..U+2069).
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Skips a CSI sequence's parameter and intermediate bytes through its final byte (0x40..0x7E).
fn skip_csi(chars: &mut impl Iterator<Item = char>) {
    for c in chars.by_ref() {
        if ('\u{40}'..='\u{7e}').contains(&c) {
            break;
        }
    }
}

/// Skips the body of an OSC, DCS, APC, PM or SOS string through its terminator: BEL, ST (ESC \),
/// or the 8-bit ST (U+009C). An unterminated string runs to the end of the text and is dropped.
fn skip_string(chars: &mut std::iter::Peekable<impl Iterator<Item = char>>) {
    while let Some(c) = chars.next() {
        match c {
            BEL | '\u{9c}' => break,
            ESC => {
                if chars.peek() == Some(&'\\') {
                    chars.next();
                }
                break;
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clean(s: &str) -> String {
        sanitize(s).into_owned()
    }

    #[test]
    fn plain_text_is_borrowed_unchanged() {
        let s = "Hello, world — ça va? 👶🏽\n\tindented";
        assert!(matches!(sanitize(s), Cow::Borrowed(_)));
        assert_eq!(clean(s), s);
    }

    #[test]
    fn csi_sequences_are_removed() {
        // Colour, cursor movement, screen clear.
        assert_eq!(clean("a\u{1b}[31mred\u{1b}[0m b"), "ared b");
        assert_eq!(clean("x\u{1b}[2J\u{1b}[10;20Hy"), "xy");
        // 8-bit CSI.
        assert_eq!(clean("x\u{9b}1Ay"), "xy");
    }

    #[test]
    fn osc_title_is_removed_with_bel_or_st() {
        assert_eq!(clean("a\u{1b}]0;pwned\u{07}b"), "ab");
        assert_eq!(clean("a\u{1b}]2;pwned\u{1b}\\b"), "ab");
        assert_eq!(clean("a\u{9d}0;pwned\u{9c}b"), "ab");
    }

    #[test]
    fn osc52_clipboard_write_is_removed() {
        assert_eq!(clean("copy\u{1b}]52;c;ZXZpbA==\u{07}me"), "copyme");
    }

    #[test]
    fn osc8_hyperlink_is_removed_but_its_text_stays() {
        let s = "\u{1b}]8;;https://evil.example\u{1b}\\click\u{1b}]8;;\u{1b}\\";
        assert_eq!(clean(s), "click");
    }

    #[test]
    fn dcs_apc_pm_sos_are_removed() {
        assert_eq!(clean("a\u{1b}Pq#0;1;2\u{1b}\\b"), "ab");
        assert_eq!(clean("a\u{1b}_Gf=100;AAAA\u{1b}\\b"), "ab");
        assert_eq!(clean("a\u{1b}^private\u{1b}\\b"), "ab");
        assert_eq!(clean("a\u{1b}Xstring\u{1b}\\b"), "ab");
        assert_eq!(clean("a\u{90}dcs\u{9c}b"), "ab");
        assert_eq!(clean("a\u{9f}apc\u{9c}b"), "ab");
    }

    #[test]
    fn unterminated_sequences_are_dropped_to_the_end() {
        assert_eq!(clean("safe\u{1b}]0;never ends"), "safe");
        assert_eq!(clean("safe\u{1b}[12"), "safe");
        assert_eq!(clean("safe\u{1b}"), "safe");
    }

    #[test]
    fn two_character_escapes_are_removed() {
        // ESC 7 / ESC 8 save and restore the cursor; ESC c resets the terminal.
        assert_eq!(clean("a\u{1b}7b\u{1b}8c\u{1b}cd"), "abcd");
    }

    #[test]
    fn c0_controls_become_control_pictures() {
        assert_eq!(clean("bell\u{07}!"), "bell\u{2407}!");
        assert_eq!(clean("nul\u{0}"), "nul\u{2400}");
        assert_eq!(clean("bs\u{08}x"), "bs\u{2408}x");
        assert_eq!(clean("del\u{7f}"), "del\u{2421}");
    }

    #[test]
    fn newline_and_tab_stay_and_carriage_returns_end_lines() {
        assert_eq!(clean("a\tb\nc"), "a\tb\nc");
        assert_eq!(clean("a\r\nb"), "a\nb");
        assert_eq!(clean("over\rwrite"), "over\nwrite");
    }

    #[test]
    fn c1_controls_become_replacement_characters() {
        assert_eq!(clean("a\u{85}b\u{8d}c"), "a\u{fffd}b\u{fffd}c");
    }

    #[test]
    fn bidi_overrides_and_isolates_are_removed() {
        // A "Trojan Source" style reordering.
        assert_eq!(clean("abc\u{202e}fed\u{202c}"), "abcfed");
        assert_eq!(clean("\u{2066}x\u{2069}\u{2067}y\u{2068}"), "xy");
        for c in ['\u{202a}', '\u{202b}', '\u{202d}'] {
            assert_eq!(clean(&format!("a{c}b")), "ab");
        }
    }

    #[test]
    fn the_byte_check_agrees_with_the_char_check() {
        let mut all: String = (0u32..0x3000).filter_map(char::from_u32).collect();
        all.push_str("👶🏽 ❤️ ’ “ ” …");
        for c in all.chars() {
            let s = format!("a{c}b");
            assert_eq!(
                needs_sanitizing(s.as_bytes()),
                s.chars().any(needs_work),
                "{:?} U+{:04X}",
                c,
                c as u32
            );
        }
    }

    #[test]
    fn output_never_contains_escape_or_controls() {
        let nasty: String = (0u32..0x100).filter_map(char::from_u32).collect();
        let out = clean(&nasty);
        assert!(!out.chars().any(needs_work), "{out:?}");
    }
}
