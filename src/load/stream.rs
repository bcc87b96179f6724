//! A chorus/1 bundle in memory read post by post straight into a [`DocBuilder`], never as a
//! whole [`super::bundle::BundleFile`] first: each post's strings go into the document's store
//! as the post is read, and every so often the caller is shown the builder.
//!
//! This is the exact read: its messages are the bundle's own, the same serde errors at the same
//! places as reading it whole, and the format checked as soon as its field is read. A bundle in
//! a file is read faster by [`super::chunked`], which leaves anything but a well-formed bundle
//! to this read. [`Sink`] is shared by both.

use std::borrow::Cow;
use std::fmt;
use std::path::Path;
use std::time::{Duration, Instant};

use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};

use super::bundle::{ArticleFile, PostFile, PostRef};
use super::{DocBuilder, LoadError, MAX_POSTS};

/// Posts read between looks at the clock.
const CHECK_EVERY: usize = 1024;

/// Where a streamed bundle goes, and how often the caller hears of it.
pub struct Sink<'a> {
    pub builder: &'a mut DocBuilder,
    /// Called with the builder when the article is in and then about every `every` of reading.
    pub progress: &'a mut dyn FnMut(&DocBuilder),
    pub every: Duration,
    last: Option<Instant>,
    /// Why the read stopped, when it is not a serde error (too many posts).
    stop: Option<LoadError>,
    format_seen: bool,
    /// A `format` that is not chorus/1. Reading goes on, as a whole read would, so that the
    /// file's syntax errors are still found first; nothing is shown meanwhile.
    format_problem: Option<LoadError>,
}

/// A serde error message that only carries a [`Sink::stop`] out of the parser.
const STOP: &str = "chorus: stopped";

impl<'a> Sink<'a> {
    pub fn new(
        builder: &'a mut DocBuilder,
        every: Duration,
        progress: &'a mut dyn FnMut(&DocBuilder),
    ) -> Self {
        Sink {
            builder,
            progress,
            every,
            last: None,
            stop: None,
            format_seen: false,
            format_problem: None,
        }
    }

    pub(super) fn tick(&mut self, now: bool) {
        if self.format_problem.is_some() {
            return;
        }
        let due = now || self.last.is_none_or(|t| t.elapsed() >= self.every);
        if due {
            (self.progress)(self.builder);
            self.last = Some(Instant::now());
        }
    }

    /// Adds a post to the builder, and shows the builder when it is time.
    pub(super) fn push(&mut self, post: PostRef<'_>) {
        self.builder.push(post);
        if self.builder.len().is_multiple_of(CHECK_EVERY) {
            // The first screenful is shown as soon as it is in; then about every `every`.
            self.tick(self.builder.len() == CHECK_EVERY);
        }
    }

    fn stop<E: de::Error>(&mut self, why: LoadError) -> E {
        self.stop = Some(why);
        E::custom(STOP)
    }
}

/// Reads a bundle from `de` into the sink, and says what went wrong as a whole read of the
/// same text would: a syntax error first, then a `format` that is missing or not chorus/1, then
/// the wrong shape. `json_error` places a serde error; `whole_format` looks for the `format`
/// field in the whole input when the read stopped before reaching it.
pub fn read<'de, R: serde_json::de::Read<'de>>(
    path: &Path,
    de: &mut serde_json::Deserializer<R>,
    sink: &mut Sink<'_>,
    json_error: impl FnOnce(&serde_json::Error) -> LoadError,
    whole_format: impl FnOnce() -> Option<LoadError>,
) -> Result<(), LoadError> {
    let result = BundleSeed { sink, path }.deserialize(&mut *de);
    if let Some(stop) = sink.stop.take() {
        return Err(stop);
    }
    match result {
        Ok(()) => match sink.format_problem.take() {
            Some(problem) => Err(problem),
            None if !sink.format_seen => Err(LoadError::MissingFormat {
                path: path.to_owned(),
            }),
            None => Ok(()),
        },
        Err(e) if e.is_syntax() || e.is_eof() => Err(json_error(&e)),
        Err(e) => {
            if let Some(problem) = sink.format_problem.take() {
                return Err(problem);
            }
            if !sink.format_seen
                && let Some(problem) = whole_format()
            {
                return Err(problem);
            }
            Err(json_error(&e))
        }
    }
}

struct BundleSeed<'s, 'a> {
    sink: &'s mut Sink<'a>,
    path: &'s Path,
}

impl<'de> DeserializeSeed<'de> for BundleSeed<'_, '_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for BundleSeed<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a chorus bundle: an object with format, article and posts")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let (mut article, mut posts) = (false, false);
        while let Some(key) = map.next_key::<Cow<'de, str>>()? {
            match key.as_ref() {
                "format" => {
                    if self.sink.format_seen {
                        return Err(de::Error::duplicate_field("format"));
                    }
                    self.sink.format_seen = true;
                    let value: serde_json::Value = map.next_value()?;
                    let found = match value {
                        serde_json::Value::String(s) => Some(s),
                        serde_json::Value::Null => None,
                        other => Some(other.to_string()),
                    };
                    if let Err(problem) = super::check_format(self.path, found.as_ref()) {
                        self.sink.format_problem = Some(problem);
                    }
                }
                "article" => {
                    if article {
                        return Err(de::Error::duplicate_field("article"));
                    }
                    article = true;
                    let a: ArticleFile = map.next_value()?;
                    self.sink.builder.set_article(a);
                    self.sink.tick(true);
                }
                "posts" => {
                    if posts {
                        return Err(de::Error::duplicate_field("posts"));
                    }
                    posts = true;
                    map.next_value_seed(PostsSeed(&mut *self.sink, self.path))?;
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        if !article && self.sink.format_seen {
            return Err(de::Error::missing_field("article"));
        }
        Ok(())
    }
}

struct PostsSeed<'s, 'a>(&'s mut Sink<'a>, &'s Path);

impl<'de> DeserializeSeed<'de> for PostsSeed<'_, '_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for PostsSeed<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a sequence")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let (sink, path) = (self.0, self.1);
        while let Some(post) = seq.next_element::<PostFile>()? {
            if sink.builder.len() == MAX_POSTS {
                let why = LoadError::TooManyPosts {
                    path: path.to_owned(),
                };
                return Err(sink.stop(why));
            }
            sink.push(post.borrowed());
        }
        Ok(())
    }
}
