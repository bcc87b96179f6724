use ratatui::style::Color;
use rustc_hash::{FxHashMap, FxHashSet};

use crate::model::{DEFAULT_TONES, ToneKey, ToneSet};

/// The badge and colour a tone is drawn with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ToneLook {
    /// The tone's name, or "untagged".
    pub name: String,
    /// One letter where one is free, so `[S]` reads as supportive.
    pub badge: String,
    pub color: Color,
}

/// Okabe & Ito's palette, chosen to stay distinct under the common colour-vision deficiencies.
pub const DEFAULT_COLORS: [Color; 6] = [
    Color::Rgb(0x00, 0x9e, 0x73), // supportive: bluish green
    Color::Rgb(0xcc, 0x79, 0xa7), // empathetic: reddish purple
    Color::Rgb(0x56, 0xb4, 0xe9), // reassuring: sky blue
    Color::Rgb(0xf0, 0xe4, 0x42), // humorous: yellow
    Color::Rgb(0xd5, 0x5e, 0x00), // critical: vermillion
    Color::Rgb(0x99, 0x99, 0x99), // neutral: grey
];

/// For tones a file names itself: the rest of Okabe-Ito, then Paul Tol's muted scheme.
const CUSTOM_COLORS: [Color; 8] = [
    Color::Rgb(0xe6, 0x9f, 0x00), // orange
    Color::Rgb(0x00, 0x72, 0xb2), // blue
    Color::Rgb(0x88, 0xcc, 0xee), // cyan
    Color::Rgb(0xaa, 0x44, 0x99), // purple
    Color::Rgb(0xdd, 0xcc, 0x77), // sand
    Color::Rgb(0x11, 0x77, 0x33), // green
    Color::Rgb(0x88, 0x22, 0x55), // wine
    Color::Rgb(0x44, 0xaa, 0x99), // teal
];

const UNTAGGED_COLOR: Color = Color::Rgb(0x77, 0x77, 0x77);

/// The looks of every tone in a [`ToneSet`], indexed like it, plus untagged.
#[derive(Debug, Clone)]
pub struct Palette {
    tones: Vec<ToneLook>,
    untagged: ToneLook,
}

/// What a theme changes of the palette: the default tones' colours (in [`DEFAULT_TONES`]
/// order), and any tone's colour or badge by its name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PaletteTheme {
    pub defaults: Option<[Color; 6]>,
    /// The colours tones a file names are given (each by its name's hash); `None` for chorus's.
    pub custom: Option<Vec<Color>>,
    pub by_name: std::collections::BTreeMap<String, (Option<Color>, Option<String>)>,
}

impl Palette {
    /// Every tone's look, in time linear in the number of tones (and the length of their
    /// names): a file may name tens of thousands of tones of its own.
    pub fn new(set: &ToneSet) -> Self {
        Palette::themed(set, &PaletteTheme::default())
    }

    /// [`Palette::new`] with a theme's colours and badges.
    pub fn themed(set: &ToneSet, theme: &PaletteTheme) -> Self {
        let custom = theme
            .custom
            .as_deref()
            .filter(|c| !c.is_empty())
            .unwrap_or(&CUSTOM_COLORS);
        let mut p = Palette::plain(
            set,
            theme.defaults.as_ref().unwrap_or(&DEFAULT_COLORS),
            custom,
        );
        if !theme.by_name.is_empty() {
            for look in p.tones.iter_mut().chain(std::iter::once(&mut p.untagged)) {
                if let Some((color, badge)) = theme.by_name.get(&look.name) {
                    if let Some(c) = color {
                        look.color = *c;
                    }
                    if let Some(b) = badge {
                        look.badge.clone_from(b);
                    }
                }
            }
        }
        p
    }

    fn plain(set: &ToneSet, default_colors: &[Color; 6], custom: &[Color]) -> Self {
        let mut badges = Badges::default();
        let tones = set
            .names
            .iter()
            .map(|name| match DEFAULT_TONES.iter().position(|d| d == name) {
                Some(i) => ToneLook {
                    name: name.clone(),
                    badge: first_letter(DEFAULT_TONES[i]),
                    color: default_colors[i],
                },
                None => ToneLook {
                    name: name.clone(),
                    badge: badges.take(name),
                    color: custom[(fnv1a(name) % custom.len() as u64) as usize],
                },
            })
            .collect();
        let untagged = ToneLook {
            name: "untagged".into(),
            badge: "-".into(),
            color: UNTAGGED_COLOR,
        };
        Palette { tones, untagged }
    }

    pub fn look(&self, key: ToneKey) -> &ToneLook {
        match key {
            ToneKey::Tone(i) => self.tones.get(i as usize).unwrap_or(&self.untagged),
            ToneKey::Untagged => &self.untagged,
        }
    }
}

fn first_letter(name: &str) -> String {
    name.chars()
        .next()
        .map(|c| c.to_uppercase().collect())
        .unwrap_or_else(|| "?".into())
}

/// The badges given so far, to give each custom tone one no other tone has.
struct Badges {
    taken: FxHashSet<String>,
    /// For each first letter, the next number to try after it ("T2", "T3", ...): numbered
    /// badges are only made here, so every one below it is taken.
    next_number: FxHashMap<String, usize>,
    /// Every letter from A up to this one is taken (a letter once taken stays so).
    next_letter: u8,
}

impl Default for Badges {
    fn default() -> Self {
        // Default tones keep their letters even when absent, so `[S]` always means supportive;
        // `-` is untagged.
        let taken = DEFAULT_TONES
            .iter()
            .map(|d| first_letter(d))
            .chain(std::iter::once("-".to_string()))
            .collect();
        Badges {
            taken,
            next_number: FxHashMap::default(),
            next_letter: b'A',
        }
    }
}

impl Badges {
    /// The first letter of the name that no other tone uses, else any free letter, else a
    /// letter and a number.
    fn take(&mut self, name: &str) -> String {
        let letter = name
            .chars()
            .filter(|c| c.is_alphabetic())
            .map(|c| c.to_uppercase().collect::<String>())
            .find(|b| !self.taken.contains(b))
            .or_else(|| self.free_letter());
        let badge = letter.unwrap_or_else(|| {
            let first = first_letter(name);
            let n = self.next_number.entry(first.clone()).or_insert(2);
            loop {
                let badge = format!("{first}{n}");
                *n += 1;
                if !self.taken.contains(&badge) {
                    break badge;
                }
            }
        });
        self.taken.insert(badge.clone());
        badge
    }

    /// The first of A to Z no tone has taken.
    fn free_letter(&mut self) -> Option<String> {
        while self.next_letter <= b'Z' {
            let letter = char::from(self.next_letter).to_string();
            if !self.taken.contains(&letter) {
                return Some(letter);
            }
            self.next_letter += 1;
        }
        None
    }
}

/// FNV-1a: a colour that depends only on the tone's name, the same in every file and run.
fn fnv1a(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(names: &[&str]) -> ToneSet {
        ToneSet {
            names: names.iter().map(|s| s.to_string()).collect(),
            counts: vec![1; names.len()],
            untagged: 0,
        }
    }

    #[test]
    fn default_tones_have_fixed_letters() {
        let p = Palette::new(&set(&DEFAULT_TONES));
        let badges: Vec<_> = (0..6)
            .map(|i| p.look(ToneKey::Tone(i)).badge.clone())
            .collect();
        assert_eq!(badges, ["S", "E", "R", "H", "C", "N"]);
    }

    #[test]
    fn custom_tones_get_unique_badges_and_stable_colours() {
        let p = Palette::new(&set(&["supportive", "sarcastic", "snarky", "confessional"]));
        let b: Vec<_> = (0..4)
            .map(|i| p.look(ToneKey::Tone(i)).badge.clone())
            .collect();
        // S is supportive's; C is critical's even when critical is absent.
        assert_eq!(b, ["S", "A", "K", "O"]);
        let again = Palette::new(&set(&["confessional"]));
        assert_eq!(
            p.look(ToneKey::Tone(3)).color,
            again.look(ToneKey::Tone(0)).color
        );
    }

    #[test]
    fn numbered_badges_follow_the_first_letter() {
        let p = Palette::new(&set(&["tone1", "tone2"]));
        let letters: Vec<_> = ('A'..='Z').map(|c| format!("x{c}")).collect();
        let mut names: Vec<&str> = letters.iter().map(String::as_str).collect();
        names.extend(["tone1", "tone2", "thirty"]);
        let p2 = Palette::new(&set(&names));
        let b: Vec<_> = (26..29)
            .map(|i| p2.look(ToneKey::Tone(i)).badge.clone())
            .collect();
        // Every letter is taken by the first 26 (or a default): numbers after the first letter.
        assert_eq!(b, ["T2", "T3", "T4"]);
        assert_eq!(p.look(ToneKey::Tone(0)).badge, "T");
        assert_eq!(p.look(ToneKey::Tone(1)).badge, "O");
    }

    #[test]
    fn seventy_thousand_custom_tones_never_share_a_badge() {
        let names: Vec<String> = (0..70_000).map(|i| format!("mood{i}")).collect();
        let refs: Vec<&str> = names.iter().map(String::as_str).collect();
        let p = Palette::new(&set(&refs));
        let badges: FxHashSet<&str> = (0..refs.len())
            .map(|i| p.look(ToneKey::Tone(i as u32)).badge.as_str())
            .collect();
        assert_eq!(badges.len(), refs.len());
    }

    #[test]
    fn many_custom_tones_never_share_a_badge() {
        let names: Vec<String> = (0..40).map(|i| format!("tone{i}")).collect();
        let refs: Vec<&str> = names.iter().map(String::as_str).collect();
        let p = Palette::new(&set(&refs));
        let mut badges: Vec<_> = (0..40)
            .map(|i| p.look(ToneKey::Tone(i)).badge.clone())
            .collect();
        badges.sort();
        badges.dedup();
        assert_eq!(badges.len(), 40);
    }
}
