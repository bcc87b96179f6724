//! How tones look: a badge letter and a colour for every tone a document uses.
//!
//! Meaning never rests on colour alone: every tone has its own badge, so a reader without colour
//! (or with `NO_COLOR` set) loses nothing.

pub mod compute;
mod lexicon;
mod palette;
pub mod tagger;

pub use compute::ComputedTone;
pub use palette::{DEFAULT_COLORS, Palette, PaletteTheme, ToneLook};
pub use tagger::{Cue, Tagged, Tone6, tag, tone_lines};
