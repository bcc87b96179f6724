//! A chorus/1 bundle in a file, read in large chunks and parsed post by post from memory.
//!
//! serde_json parses a reader (`from_reader`) one byte at a time through the `Read` trait; text
//! in memory (`from_str`) it scans a block at a time, and its strings can be borrowed instead of
//! copied. So the file is read into a window of a few MiB (checked as UTF-8 once), each post is
//! parsed from the window, and the window moves on: the whole file is never in memory at once.
//! Parsing runs on a thread of its own and hands the posts over in batches, while the calling
//! thread builds the document from them. A million-post bundle loads in about a third of the
//! time of the reader-based parse on one thread (docs/BENCHMARKS.md).
//!
//! Only a well-formed bundle in its usual shape is read here: an object whose `format` is
//! chorus/1, with `article` and `posts`. Anything else (a syntax error, a wrong shape, a duplicate
//! field, an escaped key) gives [`Read::Other`], and the caller reads the file again the exact
//! way, which finds the error and places it as a whole read does.

use std::io::Read as _;

use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde::de::IgnoredAny;

use super::MAX_POSTS;
use super::bundle::{ArticleFile, PostRef};
use super::stream::Sink;

/// Bytes read from the file at a time.
const CHUNK: usize = 4 << 20;

/// How a chunked read ended.
pub enum Read {
    /// The whole bundle is in the builder.
    Done,
    /// The bundle has more posts than chorus reads.
    TooManyPosts,
    /// Not read: the file is not a bundle in the usual shape, or could not be read.
    Other,
}

/// A window on a file: the text from `pos` to the end of `text` is read and not yet parsed.
/// The window is text (checked as UTF-8 once, a chunk at a time), so serde_json need not check
/// each string again.
struct Window<R> {
    reader: R,
    /// Bytes read at a time.
    chunk: usize,
    text: String,
    pos: usize,
    /// Bytes of the file before `text` (dropped once parsed).
    dropped: u64,
    /// The bytes read, before they join `text`; between reads, the start of a character cut
    /// by the chunk's end.
    raw: Vec<u8>,
    /// Bytes that are not UTF-8 were read: the file is left to the exact read.
    invalid: bool,
    eof: bool,
}

impl<R: std::io::Read> Window<R> {
    fn new(reader: R, chunk: usize) -> Self {
        Window {
            reader,
            chunk,
            text: String::with_capacity(chunk),
            pos: 0,
            dropped: 0,
            raw: Vec::with_capacity(chunk),
            invalid: false,
            eof: false,
        }
    }

    /// Drops what is parsed and reads one more chunk after what is not (the window grows for
    /// a value longer than a chunk). False at the end of the file.
    fn fill(&mut self) -> std::io::Result<bool> {
        if self.eof || self.invalid {
            return Ok(false);
        }
        // `pos` is always just after a value or blank space: a character boundary.
        self.text.drain(..self.pos);
        self.dropped += self.pos as u64;
        self.pos = 0;
        let before = self.raw.len();
        (&mut self.reader)
            .take(self.chunk as u64)
            .read_to_end(&mut self.raw)?;
        let read = self.raw.len() - before;
        self.eof = read < self.chunk;
        match std::str::from_utf8(&self.raw) {
            Ok(t) => {
                self.text.push_str(t);
                self.raw.clear();
            }
            Err(e) => {
                let valid = e.valid_up_to();
                // Not only the start of a character cut by the end of what is read so far.
                self.invalid = e.error_len().is_some() || self.eof;
                if let Ok(t) = std::str::from_utf8(&self.raw[..valid]) {
                    self.text.push_str(t);
                }
                self.raw.drain(..valid);
            }
        }
        Ok(read > 0 && !self.invalid)
    }

    /// How far into the file the parse has got, in bytes.
    fn offset(&self) -> u64 {
        self.dropped + self.pos as u64
    }

    /// The next byte that is not blank space, not taken; `None` at the end of the file.
    fn peek(&mut self) -> std::io::Result<Option<u8>> {
        loop {
            let rest = &self.text.as_bytes()[self.pos..];
            match rest.iter().position(|b| !b.is_ascii_whitespace()) {
                Some(i) => {
                    self.pos += i;
                    return Ok(Some(self.text.as_bytes()[self.pos]));
                }
                None => {
                    self.pos = self.text.len();
                    if !self.fill()? {
                        return Ok(None);
                    }
                }
            }
        }
    }

    /// Takes `byte` when it is next (after blank space).
    fn expect(&mut self, byte: u8) -> std::io::Result<bool> {
        if self.peek()? == Some(byte) {
            self.pos += 1;
            return Ok(true);
        }
        Ok(false)
    }

    /// Parses the value at the window's start with `parse`, which is given the unparsed bytes
    /// and answers how many it used (`None`: there was no value). A value cut by the window's
    /// end is parsed again with more of the file. False when the value is not what `parse`
    /// wants.
    fn parse(
        &mut self,
        mut parse: impl FnMut(&str) -> Result<Option<usize>, serde_json::Error>,
    ) -> std::io::Result<bool> {
        if self.peek()?.is_none() {
            return Ok(false);
        }
        loop {
            let rest = &self.text[self.pos..];
            let error = match parse(rest) {
                Ok(Some(used)) => {
                    self.pos += used;
                    return Ok(true);
                }
                Ok(None) => return Ok(false),
                Err(e) => e,
            };
            // Cut by the window's end (in a string, a number, a literal), or wrong where it is.
            let at = offset(rest.as_bytes(), error.line(), error.column());
            if at + 256 < rest.len() || !self.fill()? {
                return Ok(false);
            }
        }
    }

    /// The owned value at the window's start, or `None` when it is not a `T`.
    fn value<T: DeserializeOwned>(&mut self) -> std::io::Result<Option<T>> {
        let mut out = None;
        self.parse(|rest| one::<T>(rest).map(|v| v.map(|(v, used)| (out = Some(v), used).1)))?;
        Ok(out)
    }
}

/// The first value in `text` and the bytes it took.
fn one<'de, T: Deserialize<'de>>(text: &'de str) -> Result<Option<(T, usize)>, serde_json::Error> {
    let mut values = serde_json::Deserializer::from_str(text).into_iter::<T>();
    match values.next() {
        Some(Ok(v)) => Ok(Some((v, values.byte_offset()))),
        Some(Err(e)) => Err(e),
        None => Ok(None),
    }
}

/// The byte offset in `text` of serde's line and column (both counted from 1).
fn offset(text: &[u8], line: usize, column: usize) -> usize {
    let start = match line {
        0 | 1 => 0,
        n => text
            .iter()
            .enumerate()
            .filter(|(_, b)| **b == b'\n')
            .nth(n - 2)
            .map_or(text.len(), |(i, _)| i + 1),
    };
    start + column
}

/// Reads a bundle from `reader` into the sink's builder, showing it as it goes: the posts are
/// parsed on a thread of their own (into batches of owned text) while this one builds the
/// document from them, so the two halves of the work overlap on two cores. `built` is kept at
/// the byte of the file where the posts built so far end (the read itself runs megabytes
/// ahead), for an estimate of the posts to come.
pub fn read(
    path: &std::path::Path,
    reader: impl std::io::Read + Send,
    sink: &mut Sink<'_>,
    built: &std::sync::atomic::AtomicU64,
) -> Read {
    read_alongside(path, reader, sink, CHUNK, built)
}

/// Where parsed parts of a bundle go: straight into a builder, or to the building thread.
trait Target {
    fn article(&mut self, a: ArticleFile);
    fn post(&mut self, p: PostRef<'_>);
    /// Posts so far.
    fn len(&self) -> usize;
    /// The posts so far end at this byte of the file.
    fn parsed_to(&mut self, _offset: u64) {}
}

impl Target for Sink<'_> {
    fn article(&mut self, a: ArticleFile) {
        self.builder.set_article(a);
        self.tick(true);
    }

    fn post(&mut self, p: PostRef<'_>) {
        self.push(p);
    }

    fn len(&self) -> usize {
        self.builder.len()
    }
}

/// Posts sent to the building thread at a time.
const BATCH: usize = 1024;

/// Posts parsed on the parsing thread: their strings in one buffer, each post's as spans.
#[derive(Default)]
struct Batch {
    text: String,
    posts: Vec<Parsed>,
    /// Where in the file the batch's last post ends.
    end: u64,
}

type Span = (u32, u32);

/// A post of a [`Batch`].
struct Parsed {
    id: Span,
    name: Span,
    handle: Option<Span>,
    text: Span,
    created_at: Option<Span>,
    url: Option<Span>,
    in_reply_to: Option<Span>,
    tone: Option<Span>,
    tone_source: Option<Span>,
    tone_cues: Option<Span>,
    tone_confidence: Option<f32>,
    described: bool,
}

impl Batch {
    fn put(&mut self, s: &str) -> Span {
        let start = self.text.len() as u32;
        self.text.push_str(s);
        (start, s.len() as u32)
    }

    fn put_opt(&mut self, s: &Option<std::borrow::Cow<'_, str>>) -> Option<Span> {
        s.as_deref().map(|s| self.put(s))
    }

    fn add(&mut self, p: &PostRef<'_>) {
        let parsed = Parsed {
            id: self.put(&p.id),
            name: self.put(&p.author.name),
            handle: self.put_opt(&p.author.handle),
            text: self.put(&p.text),
            created_at: self.put_opt(&p.created_at),
            url: self.put_opt(&p.url),
            in_reply_to: self.put_opt(&p.in_reply_to),
            tone: self.put_opt(&p.tone),
            tone_source: self.put_opt(&p.tone_source),
            tone_cues: self.put_opt(&p.tone_cues),
            tone_confidence: p.tone_confidence,
            described: p.text_is_description,
        };
        self.posts.push(parsed);
    }

    /// A post of this batch, borrowing its strings from it.
    fn post(&self, p: &Parsed) -> PostRef<'_> {
        use std::borrow::Cow::Borrowed;
        let s = |(start, len): Span| &self.text[start as usize..(start + len) as usize];
        let o = |span: Option<Span>| span.map(|span| Borrowed(s(span)));
        PostRef {
            id: Borrowed(s(p.id)),
            author: super::bundle::AuthorRef {
                name: Borrowed(s(p.name)),
                handle: o(p.handle),
            },
            text: Borrowed(s(p.text)),
            created_at: o(p.created_at),
            url: o(p.url),
            in_reply_to: o(p.in_reply_to),
            tone: o(p.tone),
            tone_source: o(p.tone_source),
            tone_confidence: p.tone_confidence,
            tone_cues: o(p.tone_cues),
            text_is_description: p.described,
        }
    }
}

/// What the parsing thread sends the building thread.
enum Parts {
    Article(ArticleFile),
    Posts(Batch),
}

/// The parsing thread's side: posts gathered into batches and sent.
struct Batcher {
    tx: std::sync::mpsc::SyncSender<Parts>,
    batch: Batch,
    len: usize,
}

impl Batcher {
    fn flush(&mut self) {
        if !self.batch.posts.is_empty() {
            let batch = std::mem::take(&mut self.batch);
            // The building thread stops only when the parsing one is done.
            let _ = self.tx.send(Parts::Posts(batch));
        }
    }
}

impl Target for Batcher {
    fn article(&mut self, a: ArticleFile) {
        self.flush();
        let _ = self.tx.send(Parts::Article(a));
    }

    fn post(&mut self, p: PostRef<'_>) {
        self.batch.add(&p);
        self.len += 1;
        // The first screenful as soon as it is in; then full batches.
        if self.batch.posts.len() >= BATCH {
            self.flush();
        }
    }

    fn len(&self) -> usize {
        self.len
    }

    fn parsed_to(&mut self, offset: u64) {
        self.batch.end = offset;
    }
}

/// [`read`], `chunk` bytes at a time, parsing on a thread of its own.
fn read_alongside(
    path: &std::path::Path,
    reader: impl std::io::Read + Send,
    sink: &mut Sink<'_>,
    chunk: usize,
    built: &std::sync::atomic::AtomicU64,
) -> Read {
    let (tx, rx) = std::sync::mpsc::sync_channel(16);
    std::thread::scope(|scope| {
        let parser = std::thread::Builder::new()
            .name("parser".into())
            .spawn_scoped(scope, move || {
                let mut w = Window::new(reader, chunk.max(1));
                let mut batcher = Batcher {
                    tx,
                    batch: Batch::default(),
                    len: 0,
                };
                let read = bundle(path, &mut w, &mut batcher).unwrap_or(Read::Other);
                batcher.flush();
                read
            });
        let Ok(parser) = parser else {
            return Read::Other;
        };
        for parts in rx {
            match parts {
                Parts::Article(a) => sink.article(a),
                Parts::Posts(batch) => {
                    // Before the posts, so the sink shows them with the estimate they make.
                    built.store(batch.end, std::sync::atomic::Ordering::Relaxed);
                    for p in &batch.posts {
                        sink.post(batch.post(p));
                    }
                }
            }
        }
        parser.join().unwrap_or(Read::Other)
    })
}

fn bundle<R: std::io::Read>(
    path: &std::path::Path,
    w: &mut Window<R>,
    sink: &mut impl Target,
) -> std::io::Result<Read> {
    if !w.expect(b'{')? {
        return Ok(Read::Other);
    }
    let (mut format, mut article, mut posts) = (false, false, false);
    if !w.expect(b'}')? {
        loop {
            let Some(key) = w.value::<String>()? else {
                return Ok(Read::Other);
            };
            if !w.expect(b':')? {
                return Ok(Read::Other);
            }
            let seen = match key.as_str() {
                "format" => std::mem::replace(&mut format, true),
                "article" => std::mem::replace(&mut article, true),
                "posts" => std::mem::replace(&mut posts, true),
                _ => false,
            };
            if seen {
                return Ok(Read::Other);
            }
            let ok = match key.as_str() {
                "format" => w
                    .value::<Option<String>>()?
                    .is_some_and(|f| super::check_format(path, f.as_ref()).is_ok()),
                "article" => match w.value::<ArticleFile>()? {
                    Some(a) => {
                        sink.article(a);
                        true
                    }
                    None => false,
                },
                "posts" => match posts_array(w, sink)? {
                    Read::Done => true,
                    other => return Ok(other),
                },
                _ => w.value::<IgnoredAny>()?.is_some(),
            };
            if !ok {
                return Ok(Read::Other);
            }
            if w.expect(b',')? {
                continue;
            }
            if w.expect(b'}')? {
                break;
            }
            return Ok(Read::Other);
        }
    }
    // Nothing but blank space after the bundle, and every part there.
    if w.peek()?.is_some() || !format || !article {
        return Ok(Read::Other);
    }
    Ok(Read::Done)
}

/// The `posts` array, each post pushed into the builder as it is parsed.
fn posts_array<R: std::io::Read>(
    w: &mut Window<R>,
    sink: &mut impl Target,
) -> std::io::Result<Read> {
    if !w.expect(b'[')? {
        return Ok(Read::Other);
    }
    if w.expect(b']')? {
        return Ok(Read::Done);
    }
    loop {
        if sink.len() == MAX_POSTS {
            return Ok(Read::TooManyPosts);
        }
        let pushed = w.parse(|rest| {
            Ok(one::<PostRef>(rest)?.map(|(post, used)| {
                sink.post(post);
                used
            }))
        })?;
        if !pushed {
            return Ok(Read::Other);
        }
        sink.parsed_to(w.offset());
        if w.expect(b',')? {
            continue;
        }
        if w.expect(b']')? {
            return Ok(Read::Done);
        }
        return Ok(Read::Other);
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;
    use std::time::Duration;

    use proptest::prelude::*;

    use super::*;
    use crate::export::KeptTones;
    use crate::load::DocBuilder;
    use crate::model::Document;

    /// The document read `chunk` bytes at a time, or how the read ended.
    fn chunked(text: &str, chunk: usize) -> Result<Document, &'static str> {
        chunked_bytes(text.as_bytes(), chunk)
    }

    fn chunked_bytes(bytes: &[u8], chunk: usize) -> Result<Document, &'static str> {
        let mut builder = DocBuilder::with_capacity(0);
        let mut shown = 0;
        let mut progress = |_: &DocBuilder| shown += 1;
        let mut sink = Sink::new(&mut builder, Duration::ZERO, &mut progress);
        let built = std::sync::atomic::AtomicU64::new(0);
        match read_alongside(Path::new("t.json"), bytes, &mut sink, chunk, &built) {
            Read::Done => Ok(builder.finish()),
            Read::TooManyPosts => Err("too many"),
            Read::Other => Err("other"),
        }
    }

    /// The document as the exact whole read gives it.
    fn whole(text: &str) -> Document {
        crate::load::load(
            crate::load::Input::Bytes {
                name: Path::new("t.json"),
                bytes: text.as_bytes(),
            },
            None,
            &crate::load::Limits::default(),
        )
        .unwrap()
    }

    /// Everything a document holds, as text to compare.
    fn written(doc: &Document) -> String {
        let all = KeptTones::new(&doc.tones, &[]).unwrap();
        let bundle = crate::export::json::to_bundle(doc, &all);
        format!(
            "{}\n{:?}\n{:?}",
            serde_json::to_string(&bundle).unwrap(),
            doc.warnings,
            doc.tones.counts
        )
    }

    const BUNDLE: &str = r#"{
      "format": "chorus/1",
      "extra": {"ignored": [1, 2.5e3, true, null, "x\"y"]},
      "article": {"title": "T", "blocks": [{"type": "embed", "post": "a"}]},
      "posts": [
        {"id": "a", "author": {"name": "Ann", "handle": "@ann"}, "text": "caf\u00e9 \"quoted\" \\ ok",
         "created_at": "2024-01-02T03:04:05Z", "tone": "Supportive"},
        {"id": "b", "in_reply_to": "a", "text": "line\nbreak \u001b[31mred", "tone": "critical",
         "tone_source": "computed", "tone_confidence": 0.75, "tone_cues": "\"no\" -1.0"},
        {"id": "c", "in_reply_to": "later", "author": {"name": ""}, "url": "javascript:x",
         "text": "→ ☃ 🎾", "text_is_description": true},
        {"id": "later", "author": {"name": "Bo", "handle": null}, "created_at": "not a time",
         "tone": " odd "},
        {"id": "a", "text": "same id again"}
      ]
    }"#;

    #[test]
    fn a_bundle_read_in_chunks_is_the_bundle_read_whole_at_every_chunk_size() {
        let want = written(&whole(BUNDLE));
        for chunk in [1, 2, 3, 7, 64, 255, 256, 257, 1000, 1 << 20] {
            let got = chunked(BUNDLE, chunk).unwrap_or_else(|e| panic!("chunk {chunk}: {e}"));
            assert_eq!(written(&got), want, "chunk {chunk}");
        }
    }

    #[test]
    fn keys_in_any_order_and_no_posts_are_read() {
        let text = r#"{"posts": [{"id": "x"}], "article": {"title": "A"}, "format": "chorus/1"}"#;
        assert_eq!(written(&chunked(text, 5).unwrap()), written(&whole(text)));
        let text = r#" {"format":"chorus/1","article":{"title":"A"},"posts":[]} "#;
        assert_eq!(chunked(text, 3).unwrap().len(), 0);
        let text = r#"{"format":"chorus/1","article":{"title":"A"}}"#;
        assert_eq!(chunked(text, 3).unwrap().len(), 0);
    }

    #[test]
    fn anything_but_a_well_formed_bundle_is_left_to_the_exact_read() {
        let other = [
            "",
            "[]",
            r#"{"format":"chorus/2","article":{},"posts":[]}"#,
            r#"{"article":{},"posts":[]}"#,
            r#"{"format":"chorus/1","posts":[]}"#,
            r#"{"format":"chorus/1","article":{},"posts":[{"id":"a"},]}"#,
            r#"{"format":"chorus/1","article":{},"posts":[{"id":"a"} {"id":"b"}]}"#,
            r#"{"format":"chorus/1","article":{},"posts":[{"text":"no id"}]}"#,
            r#"{"format":"chorus/1","article":{},"posts":[{"id":"a","text":5}]}"#,
            r#"{"format":"chorus/1","article":{},"posts":[{"id":"a"}]} x"#,
            r#"{"format":"chorus/1","article":{},"posts":[{"id":"a"}]"#,
            r#"{"format":"chorus/1","article":{},"article":{},"posts":[]}"#,
            r#"{"format":"chorus/1","article":{},"posts":[{"id":"a"}],}"#,
            r#"{"format":"chorus/1","article":{},"posts":[{"id":"a","text":"cut"#,
            r#"{"format":"chorus/1","article":{},"posts":[{"id":"a","tone_confidence":0."#,
        ];
        for text in other {
            for chunk in [1, 4, 1 << 20] {
                assert_eq!(
                    chunked(text, chunk).err(),
                    Some("other"),
                    "{text:?} by {chunk}"
                );
            }
        }
    }

    #[test]
    fn bytes_that_are_not_utf8_are_left_to_the_exact_read_wherever_the_chunk_ends() {
        let good = r#"{"format":"chorus/1","article":{},"posts":[{"id":"a","text":"é"}]}"#;
        let at = good.find('é').unwrap();
        for bad in [&[0xffu8][..], &[0xc3], &[0xe2, 0x82]] {
            let mut bytes = good.as_bytes()[..at].to_vec();
            bytes.extend_from_slice(bad);
            bytes.extend_from_slice(&good.as_bytes()[at + 2..]);
            for chunk in [1, 2, at, at + 1, 1 << 20] {
                let got = chunked_bytes(&bytes, chunk).err();
                assert_eq!(got, Some("other"), "{bad:?} by {chunk}");
            }
        }
        // A character cut at the very end of the file.
        let mut cut = good.as_bytes()[..at + 1].to_vec();
        cut.truncate(at + 1);
        assert_eq!(chunked_bytes(&cut, 4).err(), Some("other"));
        assert_eq!(chunked_bytes(good.as_bytes(), at + 1).unwrap().len(), 1);
    }

    #[test]
    fn a_value_longer_than_the_chunk_is_read_whole() {
        let long = "word ".repeat(10_000);
        let text = format!(
            r#"{{"format":"chorus/1","article":{{"title":"A"}},"posts":[{{"id":"a","text":"{long}"}},{{"id":"b"}}]}}"#
        );
        let doc = chunked(&text, 100).unwrap();
        assert_eq!(doc.len(), 2);
        assert_eq!(doc.post(0).text.len(), long.len());
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// Generated bundles, cut anywhere: the same document as the whole read.
        #[test]
        fn generated_bundles_read_the_same_in_any_chunks(
            posts in 0usize..40,
            seed in 0u64..1000,
            chunk in 1usize..600,
        ) {
            let mut bytes = Vec::new();
            crate::synth::write_bundle(posts, seed, &mut bytes).unwrap();
            let text = String::from_utf8(bytes).unwrap();
            let got = chunked(&text, chunk).map(|d| written(&d));
            prop_assert_eq!(got, Ok(written(&whole(&text))));
        }
    }
}
