//! The generated prose: article paragraphs, post texts and tones.

use super::rng::Rng;
use super::words::{
    CLAIMS, EXTRAS, PEOPLE, POST_BODIES, POST_STARTS, QUOTES, SUBJECTS, TAILS, VERBS, tone_lines,
};

/// Mostly the default tones, supportive most often; about 5% custom, about 5% untagged.
pub(super) fn pick_tone(rng: &mut Rng) -> Option<&'static str> {
    const WEIGHTS: [(Option<&str>, usize); 9] = [
        (Some("supportive"), 300),
        (Some("empathetic"), 170),
        (Some("humorous"), 140),
        (Some("reassuring"), 120),
        (Some("critical"), 110),
        (Some("neutral"), 60),
        (Some("wistful"), 25),
        (Some("sarcastic"), 25),
        (None, 50),
    ];
    let mut r = rng.below(1000);
    for (tone, w) in WEIGHTS {
        if r < w {
            return tone;
        }
        r -= w;
    }
    None
}

/// 1 to 6 sentences, the first often in the post's tone; now and then a long post (about 600
/// characters, in two paragraphs).
pub(super) fn post_text(rng: &mut Rng, tone: Option<&str>) -> String {
    let long = rng.chance(30);
    // Short posts are the most common.
    let most = rng.range(1, 6);
    let sentences = rng.range(1, most);
    let mut text = String::with_capacity(if long { 700 } else { 160 });
    if let Some(lines) = tone.and_then(tone_lines)
        && rng.chance(700)
    {
        text.push_str(rng.pick(lines));
        text.push_str(rng.pick(&[".", "!", ".", " 🎾", " ❤️"]));
    }
    let mut n = usize::from(!text.is_empty());
    while if long {
        text.len() < 600
    } else {
        n < sentences
    } {
        if !text.is_empty() {
            text.push_str(if long && n == 4 { "\n\n" } else { " " });
        }
        post_sentence(rng, &mut text);
        n += 1;
    }
    text
}

fn post_sentence(rng: &mut Rng, out: &mut String) {
    let start = rng.pick(POST_STARTS);
    let body = rng.pick(POST_BODIES);
    if start.is_empty() {
        push_capitalized(out, body);
    } else {
        out.push_str(start);
        out.push_str(body);
    }
    out.push_str(rng.pick(&[".", ".", ".", "!", "!!", "?", "…"]));
    if rng.chance(250) {
        out.push(' ');
        out.push_str(rng.pick(EXTRAS));
    }
}

pub(super) fn article_paragraph(rng: &mut Rng) -> String {
    let sentences = rng.range(2, 5);
    let mut text = String::with_capacity(400);
    let mut quoted = false;
    for s in 0..sentences {
        if s > 0 {
            text.push(' ');
        }
        if !quoted && rng.chance(200) {
            quoted = true;
            text.push('“');
            text.push_str(rng.pick(QUOTES));
            text.push_str(",” said ");
            text.push_str(rng.pick(PEOPLE));
            text.push('.');
        } else {
            text.push_str(rng.pick(SUBJECTS));
            text.push(' ');
            text.push_str(rng.pick(VERBS));
            text.push_str(" that ");
            text.push_str(rng.pick(CLAIMS));
            text.push_str(rng.pick(TAILS));
            text.push('.');
        }
    }
    text
}

fn push_capitalized(out: &mut String, s: &str) {
    let mut chars = s.chars();
    if let Some(c) = chars.next() {
        out.extend(c.to_uppercase());
        out.push_str(chars.as_str());
    }
}

pub(super) fn slug(title: &str) -> String {
    let mut s = String::new();
    for w in title.split(|c: char| !c.is_ascii_alphanumeric()) {
        if !w.is_empty() {
            if !s.is_empty() {
                s.push('-');
            }
            s.push_str(&w.to_ascii_lowercase());
        }
    }
    s
}
