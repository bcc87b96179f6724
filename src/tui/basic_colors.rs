//! Output for terminals with only the 16 basic colours. crossterm writes every colour, the named
//! ones too, as an indexed colour (`ESC[38;5;1m`), which the Linux console and GNU screen
//! without 256-colour support do not all take. This writer passes everything through but
//! rewrites an indexed colour below 16 in a colour sequence (SGR) to its classic code
//! (`ESC[31m`), which every colour terminal knows.

use std::io::{self, Write};

/// Longest escape sequence held back to be looked at; longer ones pass through as they are.
const MAX_SEQUENCE: usize = 64;

pub struct BasicColors<W: Write> {
    inner: W,
    /// An escape sequence begun and not yet ended.
    pending: Vec<u8>,
}

impl<W: Write> BasicColors<W> {
    pub fn new(inner: W) -> Self {
        BasicColors {
            inner,
            pending: Vec::new(),
        }
    }
}

impl<W: Write> Write for BasicColors<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let mut out = Vec::with_capacity(buf.len());
        for &b in buf {
            if self.pending.is_empty() {
                if b == 0x1b {
                    self.pending.push(b);
                } else {
                    out.push(b);
                }
                continue;
            }
            self.pending.push(b);
            let len = self.pending.len();
            if len == 2 && b != b'[' {
                // Not a control sequence (CSI): nothing to rewrite.
                out.append(&mut self.pending);
            } else if len > 2 && (0x40..=0x7e).contains(&b) {
                out.extend(rewrite(&self.pending));
                self.pending.clear();
            } else if len > MAX_SEQUENCE {
                out.append(&mut self.pending);
            }
        }
        self.inner.write_all(&out)?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// A whole control sequence, `ESC [ params final`, with indexed colours below 16 made classic.
fn rewrite(seq: &[u8]) -> Vec<u8> {
    let (Some(&b'm'), Some(params)) = (seq.last(), seq.get(2..seq.len() - 1)) else {
        return seq.to_vec();
    };
    let Ok(params) = std::str::from_utf8(params) else {
        return seq.to_vec();
    };
    let parts: Vec<&str> = params.split(';').collect();
    let mut out: Vec<String> = Vec::with_capacity(parts.len());
    let mut i = 0;
    while i < parts.len() {
        let index = parts.get(i + 2).and_then(|n| n.parse::<u8>().ok());
        match (parts[i], parts.get(i + 1), index) {
            ("38", Some(&"5"), Some(n)) if n < 16 => {
                out.push(classic(n, 30, 90));
                i += 3;
            }
            ("48", Some(&"5"), Some(n)) if n < 16 => {
                out.push(classic(n, 40, 100));
                i += 3;
            }
            (p, _, _) => {
                out.push(p.to_string());
                i += 1;
            }
        }
    }
    format!("\x1b[{}m", out.join(";")).into_bytes()
}

/// Colour `n` (0-15) as the classic code: `base + n`, or the bright range for 8-15.
fn classic(n: u8, base: u8, bright: u8) -> String {
    if n < 8 {
        (base + n).to_string()
    } else {
        (bright + n - 8).to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn through(chunks: &[&[u8]]) -> Vec<u8> {
        let mut w = BasicColors::new(Vec::new());
        for c in chunks {
            w.write_all(c).expect("write");
        }
        w.inner
    }

    #[test]
    fn indexed_basic_colours_become_classic_codes() {
        assert_eq!(through(&[b"\x1b[38;5;2m"]), b"\x1b[32m");
        assert_eq!(through(&[b"a\x1b[38;5;9;48;5;4mb"]), b"a\x1b[91;44mb");
        assert_eq!(through(&[b"\x1b[48;5;8m"]), b"\x1b[100m");
    }

    #[test]
    fn everything_else_passes_through_even_split_across_writes() {
        assert_eq!(through(&[b"\x1b[38;5;200m"]), b"\x1b[38;5;200m");
        assert_eq!(
            through(&[b"\x1b[1;2H", b"x\x1b[?25l"]),
            b"\x1b[1;2Hx\x1b[?25l"
        );
        assert_eq!(through(&[b"\x1b[38", b";5", b";3m", b"z"]), b"\x1b[33mz");
        assert_eq!(through(&[b"\x1b]52;c;aGk=\x07"]), b"\x1b]52;c;aGk=\x07");
        assert_eq!(through(&["é\x1b[0m".as_bytes()]), "é\x1b[0m".as_bytes());
    }
}
