//! Which format an input is, from its content (never its file name).
//!
//! HTML and the Twitter archive's JavaScript are told by how they begin. JSON is probed: the
//! top-level keys of an object (or of the first element of an array) are read, without keeping
//! any value, until they settle the question. A damaged file is probed as far as it goes, so a
//! truncated Reddit thread is still reported as a Reddit thread.

use std::fmt;
use std::path::Path;

use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};

use super::{LoadError, json_error};

/// The inputs chorus reads. `--from` takes the names shown by clap (`twitter-v2`, ...).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, clap::ValueEnum)]
pub enum Format {
    /// chorus's own bundle, chorus/1.
    #[value(name = "chorus")]
    Chorus,
    /// A saved article page with embedded tweets.
    #[value(name = "html")]
    Html,
    /// A Mastodon status, its /context, an array of statuses, or status + context.
    #[value(name = "mastodon")]
    Mastodon,
    /// A Bluesky app.bsky.feed.getPostThread response.
    #[value(name = "bluesky")]
    Bluesky,
    /// A Reddit thread's .json (the post listing and the comment listing).
    #[value(name = "reddit")]
    Reddit,
    /// A Hacker News item from the Algolia API (/api/v1/items/ID).
    #[value(name = "hackernews", alias = "hn")]
    HackerNews,
    /// Twitter API v2 search results (one JSON document or JSON Lines of pages).
    #[value(name = "twitter-v2")]
    TwitterV2,
    /// A Twitter archive's tweets.js.
    #[value(name = "twitter-archive")]
    TwitterArchive,
}

impl Format {
    pub const ALL: [Format; 8] = [
        Format::Chorus,
        Format::Html,
        Format::Mastodon,
        Format::Bluesky,
        Format::Reddit,
        Format::HackerNews,
        Format::TwitterV2,
        Format::TwitterArchive,
    ];

    /// The name `--from` takes.
    pub fn name(self) -> &'static str {
        match self {
            Format::Chorus => "chorus",
            Format::Html => "html",
            Format::Mastodon => "mastodon",
            Format::Bluesky => "bluesky",
            Format::Reddit => "reddit",
            Format::HackerNews => "hackernews",
            Format::TwitterV2 => "twitter-v2",
            Format::TwitterArchive => "twitter-archive",
        }
    }

    /// What an input of this format is, for messages: "a Reddit thread (JSON)".
    pub fn noun(self) -> &'static str {
        match self {
            Format::Chorus => "a chorus bundle",
            Format::Html => "an article page (HTML)",
            Format::Mastodon => "a Mastodon thread (JSON)",
            Format::Bluesky => "a Bluesky thread (getPostThread JSON)",
            Format::Reddit => "a Reddit thread (JSON)",
            Format::HackerNews => "a Hacker News thread (Algolia items JSON)",
            Format::TwitterV2 => "a Twitter API v2 result (JSON)",
            Format::TwitterArchive => "a Twitter archive (tweets.js)",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The input's format, from its content. Input that is none of them is an error naming what
/// chorus reads; JSON that is neither an object nor a recognized array is left to the chorus/1
/// reader, whose messages say what a bundle must be.
pub fn detect(path: &Path, text: &str) -> Result<Format, LoadError> {
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    if starts_like_html(body.as_bytes()) {
        return Ok(Format::Html);
    }
    if super::twitter_archive::looks_like_script(body) {
        return Ok(Format::TwitterArchive);
    }
    let mut probe = Probe::default();
    let result = {
        let mut de = serde_json::Deserializer::from_str(body);
        de.disable_recursion_limit();
        let de = serde_stacker::Deserializer::new(&mut de);
        TopSeed(&mut probe).deserialize(de)
    };
    let format = probe.classify();
    match result {
        Ok(()) => {}
        Err(e) if e.to_string().starts_with(PROBE_DONE) => {}
        Err(e) if e.is_syntax() || e.is_eof() => {
            return match format {
                // The reader of that format reports the same error with its own name.
                Some(f) => Ok(f),
                None => Err(json_error(path, body, None, &e)),
            };
        }
        Err(_) => {}
    }
    match (format, probe.top) {
        (Some(f), _) => Ok(f),
        (None, Top::Object) => Err(LoadError::Unrecognized {
            path: path.to_owned(),
            found: probe.describe_object(),
        }),
        // An array or a scalar: the chorus/1 reader says what a bundle must be.
        _ => Ok(Format::Chorus),
    }
}

/// The first thing in the file (after a byte-order mark and blank space) is a tag.
/// Whether an input is read as a page: `--from html`, or, with no `--from`, it starts like
/// HTML.
pub fn is_page(bytes: &[u8], from: Option<Format>) -> bool {
    from == Some(Format::Html) || (from.is_none() && starts_like_html(bytes))
}

pub fn starts_like_html(bytes: &[u8]) -> bool {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    bytes
        .iter()
        .find(|b| !b.is_ascii_whitespace())
        .is_some_and(|&b| b == b'<')
}

const PROBE_DONE: &str = "chorus probe: done";
/// Enough keys to tell any format; a huge object is not listed in full.
const MAX_KEYS: usize = 64;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Top {
    #[default]
    Nothing,
    Object,
    Array,
    Scalar,
}

/// What the probe saw: the top-level keys of an object, or those of an array's first element,
/// with the string values of `kind`, `$type` and `format`.
#[derive(Debug, Default)]
struct Probe {
    top: Top,
    keys: Vec<String>,
    kind: Option<String>,
    dollar_type: Option<String>,
}

impl Probe {
    fn has(&self, key: &str) -> bool {
        self.keys.iter().any(|k| k == key)
    }

    fn classify(&self) -> Option<Format> {
        match self.top {
            Top::Object => self.classify_object(),
            Top::Array => self.classify_element(),
            _ => None,
        }
    }

    fn classify_object(&self) -> Option<Format> {
        if self.has("format") || self.has("article") || self.has("posts") {
            return Some(Format::Chorus);
        }
        if self.has("thread")
            || self
                .dollar_type
                .as_deref()
                .is_some_and(|t| t.starts_with("app.bsky."))
            || (self.has("post") && (self.has("replies") || self.has("parent")))
        {
            return Some(Format::Bluesky);
        }
        if self.has("ancestors")
            || self.has("descendants")
            || (self.has("status") && self.has("context"))
            || (self.has("account") && self.has("content"))
        {
            return Some(Format::Mastodon);
        }
        if self.kind.as_deref() == Some("Listing") {
            return Some(Format::Reddit);
        }
        if self.has("story_id")
            || self.has("created_at_i")
            || (self.has("children") && self.has("author") && self.has("type"))
        {
            return Some(Format::HackerNews);
        }
        if self.has("data") || self.has("includes") || self.has("meta") {
            return Some(Format::TwitterV2);
        }
        None
    }

    fn classify_element(&self) -> Option<Format> {
        if self.kind.as_deref() == Some("Listing") {
            Some(Format::Reddit)
        } else if self.has("account") && self.has("content") {
            Some(Format::Mastodon)
        } else if self.has("tweet") {
            Some(Format::TwitterArchive)
        } else {
            None
        }
    }

    /// Whether the keys seen so far already settle the format.
    fn settled(&self) -> bool {
        [
            "format",
            "article",
            "thread",
            "ancestors",
            "descendants",
            "story_id",
        ]
        .iter()
        .any(|k| self.has(k))
    }

    fn describe_object(&self) -> String {
        if self.keys.is_empty() {
            return "an empty JSON object".into();
        }
        let shown: Vec<String> = self
            .keys
            .iter()
            .take(6)
            .map(|k| format!("{:?}", super::one_line(k)))
            .collect();
        let more = if self.keys.len() > 6 { ", ..." } else { "" };
        format!("a JSON object with keys {}{more}", shown.join(", "))
    }
}

struct TopSeed<'a>(&'a mut Probe);

impl<'de> DeserializeSeed<'de> for TopSeed<'_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(TopVisitor(self.0))
    }
}

struct TopVisitor<'a>(&'a mut Probe);

impl<'de> Visitor<'de> for TopVisitor<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<(), A::Error> {
        self.0.top = Top::Object;
        read_keys(self.0, map, true)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        self.0.top = Top::Array;
        seq.next_element_seed(ElementSeed(self.0))?;
        // The first element says what the array is: stop reading here.
        Err(de::Error::custom(PROBE_DONE))
    }
    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        self.0.top = Top::Scalar;
        Ok(())
    }
    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        self.0.top = Top::Scalar;
        Ok(())
    }
    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        self.0.top = Top::Scalar;
        Ok(())
    }
    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        self.0.top = Top::Scalar;
        Ok(())
    }
    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        self.0.top = Top::Scalar;
        Ok(())
    }
    fn visit_unit<E>(self) -> Result<(), E> {
        self.0.top = Top::Scalar;
        Ok(())
    }
}

struct ElementSeed<'a>(&'a mut Probe);

impl<'de> DeserializeSeed<'de> for ElementSeed<'_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(ElementVisitor(self.0))
    }
}

struct ElementVisitor<'a>(&'a mut Probe);

impl<'de> Visitor<'de> for ElementVisitor<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<(), A::Error> {
        read_keys(self.0, map, false)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(())
    }
    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }
}

/// Records an object's keys (and the string values of `kind` and `$type`), skipping every other
/// value unread. At the top level it stops as soon as a key settles the format.
fn read_keys<'de, A: MapAccess<'de>>(
    probe: &mut Probe,
    mut map: A,
    top: bool,
) -> Result<(), A::Error> {
    while let Some(key) = map.next_key::<String>()? {
        // Recorded before its value is read: a file cut short inside the value still counts it.
        if probe.keys.len() < MAX_KEYS {
            probe.keys.push(key.clone());
        }
        if top && probe.settled() {
            return Err(de::Error::custom(PROBE_DONE));
        }
        match key.as_str() {
            "kind" => probe.kind = map.next_value::<MaybeString>()?.0,
            "$type" => probe.dollar_type = map.next_value::<MaybeString>()?.0,
            _ => {
                map.next_value::<IgnoredAny>()?;
            }
        }
        if top && probe.settled() {
            return Err(de::Error::custom(PROBE_DONE));
        }
    }
    Ok(())
}

/// A string value, or `None` for any other value (which is skipped).
struct MaybeString(Option<String>);

impl<'de> de::Deserialize<'de> for MaybeString {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = MaybeString;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_str<E>(self, s: &str) -> Result<MaybeString, E> {
                Ok(MaybeString(Some(s.to_string())))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<MaybeString, A::Error> {
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(MaybeString(None))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<MaybeString, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(MaybeString(None))
            }
            fn visit_bool<E>(self, _: bool) -> Result<MaybeString, E> {
                Ok(MaybeString(None))
            }
            fn visit_i64<E>(self, _: i64) -> Result<MaybeString, E> {
                Ok(MaybeString(None))
            }
            fn visit_u64<E>(self, _: u64) -> Result<MaybeString, E> {
                Ok(MaybeString(None))
            }
            fn visit_f64<E>(self, _: f64) -> Result<MaybeString, E> {
                Ok(MaybeString(None))
            }
            fn visit_unit<E>(self) -> Result<MaybeString, E> {
                Ok(MaybeString(None))
            }
        }
        d.deserialize_any(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fmt(text: &str) -> Result<Format, String> {
        detect(Path::new("t"), text).map_err(|e| e.to_string())
    }

    #[test]
    fn formats_by_content() {
        assert_eq!(fmt("{\"format\": \"chorus/1\"}"), Ok(Format::Chorus));
        assert_eq!(fmt("  <!doctype html><p>x"), Ok(Format::Html));
        assert_eq!(fmt("\u{feff}<html>"), Ok(Format::Html));
        assert_eq!(fmt("{\"thread\": {}}"), Ok(Format::Bluesky));
        assert_eq!(
            fmt("{\"ancestors\": [], \"descendants\": []}"),
            Ok(Format::Mastodon)
        );
        assert_eq!(
            fmt("[{\"kind\": \"Listing\", \"data\": {}}]"),
            Ok(Format::Reddit)
        );
        assert_eq!(
            fmt("{\"id\": 1, \"story_id\": 1, \"children\": []}"),
            Ok(Format::HackerNews)
        );
        assert_eq!(fmt("{\"data\": [], \"meta\": {}}"), Ok(Format::TwitterV2));
        assert_eq!(
            fmt("window.YTD.tweets.part0 = []"),
            Ok(Format::TwitterArchive)
        );
        assert_eq!(fmt("[{\"tweet\": {}}]"), Ok(Format::TwitterArchive));
    }

    #[test]
    fn a_damaged_file_is_still_recognized() {
        assert_eq!(
            fmt("[{\"kind\": \"Listing\", \"data\": {\"children\": ["),
            Ok(Format::Reddit)
        );
        assert_eq!(fmt("{\"ancestors\": [{\"id\": "), Ok(Format::Mastodon));
    }

    #[test]
    fn unknown_input_names_what_chorus_reads() {
        let e = fmt("hello, world").unwrap_err();
        assert!(e.contains("not a format chorus reads"), "{e}");
        assert!(e.contains("Bluesky"), "{e}");
        let e = fmt("{\"name\": \"x\"}").unwrap_err();
        assert!(e.contains("keys \"name\""), "{e}");
        // Arrays and scalars are left to the chorus/1 reader, which says what a bundle is.
        assert_eq!(fmt("[1, 2]"), Ok(Format::Chorus));
        assert_eq!(fmt("42"), Ok(Format::Chorus));
    }

    #[test]
    fn a_deep_file_is_probed_without_overflow() {
        let depth = 100_000;
        let text = format!(
            "{{\"x\": {}{}, \"thread\": 1}}",
            "[".repeat(depth),
            "]".repeat(depth)
        );
        assert_eq!(fmt(&text), Ok(Format::Bluesky));
    }
}
