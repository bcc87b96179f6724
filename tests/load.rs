//! Integration tests of `chorus::load`: the bundled article, and every way a file can be wrong.

use std::path::{Path, PathBuf};

use chorus::load::{Input, Limits, LoadError, load};
use chorus::model::{Block, Document, PostRef};

const BUNDLED: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/data/serena-williams-first-steps.json"
);

/// The first line of the seed text (/work/shared/seed/000_ecba1ee99dcfa845.txt), verbatim.
const SEED_TITLE: &str = "Serena Williams missed her daughter\u{2019}s first steps because she was \
                          training for Wimbledon, and the moms of Twitter are showing her so much \
                          love";

fn bundled() -> Document {
    load(Input::Path(Path::new(BUNDLED)), None, &Limits::default())
        .expect("the bundled article loads")
}

fn post<'a>(doc: &'a Document, id: &str) -> PostRef<'a> {
    doc.posts()
        .find(|p| p.id == id)
        .unwrap_or_else(|| panic!("no post {id:?}"))
}

fn tone_of<'a>(doc: &'a Document, p: PostRef) -> Option<&'a str> {
    p.tone.map(|t| doc.tones.name(t))
}

/// A fresh path under the test target's scratch directory, unique to this test and process.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("load-tests");
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir.join(format!("{name}-{}", std::process::id()))
}

/// Writes `bytes` to a scratch file and loads it from disk.
fn load_file(name: &str, bytes: &[u8]) -> (PathBuf, Result<Document, LoadError>) {
    let path = scratch(&format!("{name}.json"));
    std::fs::write(&path, bytes).expect("write scratch file");
    let result = load(Input::Path(&path), None, &Limits::default());
    let _ = std::fs::remove_file(&path);
    (path, result)
}

fn load_str(name: &str, text: &str) -> (PathBuf, Result<Document, LoadError>) {
    load_file(name, text.as_bytes())
}

/// The error, after checking that it renders as one line starting with the file's name.
fn error_naming(path: &Path, result: Result<Document, LoadError>) -> LoadError {
    let err = match result {
        Ok(doc) => panic!("{} loaded, expected an error: {doc:?}", path.display()),
        Err(e) => e,
    };
    let shown = err.to_string();
    assert!(!shown.contains('\n'), "not one line: {shown:?}");
    assert!(!shown.contains('\r'), "not one line: {shown:?}");
    let prefix = format!("{}:", path.display());
    assert!(
        shown.starts_with(&prefix),
        "does not start with {prefix:?}: {shown:?}"
    );
    err
}

fn ok(path: &Path, result: Result<Document, LoadError>) -> Document {
    result.unwrap_or_else(|e| panic!("{} failed to load: {e}", path.display()))
}

// ---------------------------------------------------------------------------------------------
// The bundled article

#[test]
fn bundled_article_loads_with_seven_posts_and_no_warnings() {
    let doc = bundled();
    assert_eq!(doc.len(), 7);
    assert!(doc.warnings.is_empty(), "{:?}", doc.warnings);
    let ids: Vec<&str> = doc.posts().map(|p| p.id).collect();
    assert_eq!(
        ids,
        [
            "williams",
            "bender",
            "milestones",
            "dreams",
            "didnt-count",
            "teigen",
            "thread"
        ]
    );
}

#[test]
fn bundled_title_is_the_seed_first_line_and_nothing_is_invented() {
    let doc = bundled();
    assert_eq!(doc.article.title, SEED_TITLE);
    // The seed names no outlet, author, date or address.
    assert_eq!(doc.article.outlet, None);
    assert_eq!(doc.article.author, None);
    assert_eq!(doc.article.published, None);
    assert_eq!(doc.article.url, None);
}

#[test]
fn bundled_paragraphs_are_verbatim_without_the_trailing_residue() {
    let doc = bundled();
    let paragraphs: Vec<&str> = doc
        .article
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Paragraph(t) => Some(t.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(paragraphs.len(), 12);
    assert!(paragraphs[0].starts_with("Mommy-shaming is real, folks,"));
    // The seed's no-break space and curly punctuation are kept as they are.
    assert!(paragraphs[0].contains("in public.\u{a0}But in a welcome turn"));
    assert_eq!(
        paragraphs[11],
        "Don\u{2019}t worry, Serena. There will be plenty more \u{201c}firsts\u{201d} and \
         you\u{2019}ll be there for the next one. Until then, the Twitter moms totally have \
         your back."
    );
    assert!(!paragraphs.iter().any(|p| p.contains("Filed Under")));
    assert!(
        !doc.article
            .blocks
            .iter()
            .any(|b| matches!(b, Block::Heading(_)))
    );
}

#[test]
fn bundled_embeds_all_resolve_right_after_their_paragraphs() {
    let doc = bundled();
    let quotes: Vec<_> = doc.quotes().collect();
    assert_eq!(quotes.len(), 7);
    let embeds = doc
        .article
        .blocks
        .iter()
        .filter(|b| matches!(b, Block::Embed { .. }))
        .count();
    assert_eq!(embeds, 7, "every embed resolves to a post");

    let expected = [
        (
            "The tennis star took to Twitter on Saturday, July 7th,",
            "williams",
        ),
        (
            "ESPN reporter Alison Bender shared her similar experience.",
            "bender",
        ),
        ("One Twitter user reminded", "milestones"),
        ("Another pointed out", "dreams"),
        (
            "One insisted those first steps didn\u{2019}t really count.",
            "didnt-count",
        ),
        (
            "And, of course, Chrissy Teigen knew exactly what to say.",
            "teigen",
        ),
        ("Many mamas were quick to note", "thread"),
    ];
    for ((block, idx), (intro, id)) in quotes.into_iter().zip(expected) {
        let Block::Embed { id: named, .. } = &doc.article.blocks[block] else {
            unreachable!()
        };
        assert_eq!(named, id);
        assert_eq!(doc.post(idx).id, id);
        match &doc.article.blocks[block - 1] {
            Block::Paragraph(t) => assert!(t.starts_with(intro), "{id} follows {t:?}"),
            other => panic!("{id} follows {other:?}"),
        }
    }
}

#[test]
fn bundled_replies_all_answer_williams() {
    let doc = bundled();
    let williams = post(&doc, "williams");
    assert_eq!(williams.parent, None);
    assert_eq!(williams.in_reply_to, None);
    assert_eq!(williams.depth, 0);
    let root = doc.posts().position(|p| p.id == "williams").unwrap() as u32;
    for p in doc.posts().filter(|p| p.id != "williams") {
        assert_eq!(p.parent, Some(root), "{}", p.id);
        assert_eq!(p.in_reply_to, Some("williams"), "{}", p.id);
        assert_eq!(p.depth, 1, "{}", p.id);
    }
}

#[test]
fn bundled_tones_are_as_assigned() {
    let doc = bundled();
    for (id, tone) in [
        ("williams", "confessional"),
        ("bender", "empathetic"),
        ("milestones", "reassuring"),
        ("dreams", "supportive"),
        ("didnt-count", "humorous"),
        ("teigen", "supportive"),
        ("thread", "supportive"),
    ] {
        assert_eq!(tone_of(&doc, post(&doc, id)), Some(tone), "{id}");
    }
    // The six defaults first in their fixed order, then the custom tone; the legend lists the
    // tones some post carries.
    assert_eq!(
        doc.tones.names,
        [
            "supportive",
            "empathetic",
            "reassuring",
            "humorous",
            "critical",
            "neutral",
            "confessional"
        ]
    );
    let legend: Vec<&str> = doc
        .tones
        .legend()
        .into_iter()
        .map(|(k, _)| match k {
            chorus::model::ToneKey::Tone(i) => doc.tones.name(i),
            chorus::model::ToneKey::Untagged => "untagged",
        })
        .collect();
    assert_eq!(
        legend,
        [
            "supportive",
            "empathetic",
            "reassuring",
            "humorous",
            "confessional"
        ]
    );
    assert_eq!(doc.tones.counts, [3, 1, 1, 1, 0, 0, 1]);
    assert_eq!(doc.tones.untagged, 0);
}

#[test]
fn bundled_posts_are_descriptions_with_no_invented_details() {
    let doc = bundled();
    assert!(doc.posts().all(|p| p.text_is_description));
    assert!(doc.posts().all(|p| !p.text.trim().is_empty()));
    assert!(doc.posts().all(|p| p.url.is_none()));

    let williams = post(&doc, "williams");
    assert_eq!(williams.author.name, "Serena Williams");
    assert_eq!(williams.author.handle.as_deref(), Some("serenawilliams"));
    assert_eq!(
        williams.created_at.map(|t| t.to_string()).as_deref(),
        Some("7 Jul 2018")
    );

    let teigen = post(&doc, "teigen");
    assert_eq!(teigen.author.name, "Chrissy Teigen");
    assert_eq!(teigen.author.handle.as_deref(), Some("chrissyteigen"));

    for (id, name) in [
        ("bender", "Alison Bender"),
        ("milestones", "A Twitter user"),
        ("dreams", "Another Twitter user"),
        ("didnt-count", "Another Twitter user"),
        ("thread", "A Twitter mom"),
    ] {
        let p = post(&doc, id);
        assert_eq!(p.author.name, name, "{id}");
        assert_eq!(p.author.handle, None, "{id}");
    }
    for p in doc.posts().filter(|p| p.id != "williams") {
        assert_eq!(p.created_at, None, "{}", p.id);
    }
}

#[test]
fn bundled_file_loads_the_same_from_bytes() {
    let bytes = std::fs::read(BUNDLED).unwrap();
    let doc = load(
        Input::Bytes {
            name: Path::new(BUNDLED),
            bytes: &bytes,
        },
        None,
        &Limits::default(),
    )
    .unwrap();
    let from_disk = bundled();
    assert_eq!(doc.article.blocks, from_disk.article.blocks);
    assert_eq!(doc.tones, from_disk.tones);
}

// ---------------------------------------------------------------------------------------------
// Files that cannot be opened as a document

#[test]
fn missing_file_is_an_io_error() {
    let path = scratch("does-not-exist.json");
    let err = error_naming(&path, load(Input::Path(&path), None, &Limits::default()));
    match &err {
        LoadError::Io { path: p, reason } => {
            assert_eq!(p, &path);
            assert_eq!(reason, "no such file");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        err.to_string(),
        format!("{}: cannot read: no such file", path.display())
    );
}

#[test]
fn directory_is_refused() {
    let path = scratch("a-directory");
    std::fs::create_dir_all(&path).unwrap();
    let result = load(Input::Path(&path), None, &Limits::default());
    let _ = std::fs::remove_dir(&path);
    let err = error_naming(&path, result);
    assert!(
        matches!(&err, LoadError::Directory { path: p } if p == &path),
        "{err:?}"
    );
    assert!(err.to_string().contains("is a directory"), "{err}");
}

#[test]
fn a_file_over_the_input_limit_is_refused_naming_the_limit() {
    let path = scratch("over-the-limit.json");
    std::fs::write(&path, vec![b' '; 3000]).unwrap();
    let limits = Limits {
        max_input: 2048,
        ..Limits::default()
    };
    let result = load(Input::Path(&path), None, &limits);
    let _ = std::fs::remove_file(&path);
    let err = error_naming(&path, result);
    assert!(
        matches!(err, LoadError::TooLarge { limit: 2048, .. }),
        "{err:?}"
    );
    assert_eq!(
        err.to_string(),
        format!(
            "{}: larger than the input limit of 2 KiB; to read it, raise the limit with \
             --max-input",
            path.display()
        )
    );
}

/// A bundle of one post for each tone name.
fn posts_with_tones(tones: impl Iterator<Item = String>) -> String {
    let posts: Vec<String> = tones
        .enumerate()
        .map(|(i, t)| format!(r#"{{"id": "p{i}", "text": "x", "tone": {t:?}}}"#))
        .collect();
    format!(
        r#"{{"format": "chorus/1", "article": {{"title": "t"}}, "posts": [{}]}}"#,
        posts.join(",")
    )
}

fn load_text(name: &str, text: &str) -> Result<Document, LoadError> {
    let bytes = text.as_bytes();
    load(
        Input::Bytes {
            name: Path::new(name),
            bytes,
        },
        None,
        &Limits::default(),
    )
}

#[test]
fn every_tone_a_file_names_is_its_own_even_past_sixty_five_thousand() {
    use chorus::model::DEFAULT_TONES;
    let custom = 70_000;
    let many = posts_with_tones((0..custom).map(|i| format!("mood{i}")));
    let doc = load_text("many.json", &many).expect("70,000 tones load");
    assert_eq!(doc.tones.names.len(), custom + DEFAULT_TONES.len());
    assert!(doc.warnings.is_empty(), "{:?}", doc.warnings);
    let last = doc.posts().last().unwrap();
    assert_eq!(
        last.tone.map(|t| doc.tones.name(t)),
        Some(&*format!("mood{}", custom - 1))
    );
    assert!(
        doc.tones.counts.iter().all(|&n| n <= 1),
        "no two tones merged"
    );

    // Names that differ only in case and space are one tone, as they are when loaded.
    let same = posts_with_tones((0..10).map(|i| format!("mood{i}")).chain([
        "  Mood7".to_string(),
        "MOOD8 ".to_string(),
        "Neutral".to_string(),
    ]));
    let doc = load_text("same.json", &same).expect("loads");
    assert_eq!(doc.tones.names.len(), 10 + DEFAULT_TONES.len());
}

#[test]
fn a_text_past_the_longest_is_cut_with_a_marker() {
    use chorus::load::MAX_TEXT_CHARS;
    let long = "é".repeat(MAX_TEXT_CHARS + 12_345);
    let text = format!(
        r#"{{"format": "chorus/1",
            "article": {{"title": "t", "blocks": [{{"type": "paragraph", "text": "{long}"}}]}},
            "posts": [{{"id": "long", "text": "{long}"}}, {{"id": "short", "text": "{}"}}]}}"#,
        "é".repeat(MAX_TEXT_CHARS)
    );
    let doc = load_text("long.json", &text).expect("loads");
    let marker = "\n[\u{2026} cut here: 12,345 more characters; chorus keeps 100,000 of one text]";
    let post = doc.post(0).text;
    assert!(post.ends_with(marker), "{}", &post[post.len() - 200..]);
    assert_eq!(
        post.chars().count(),
        MAX_TEXT_CHARS + marker.chars().count()
    );
    assert_eq!(
        doc.post(1).text.chars().count(),
        MAX_TEXT_CHARS,
        "exactly the limit: kept"
    );
    let Block::Paragraph(paragraph) = &doc.article.blocks[0] else {
        panic!("{:?}", doc.article.blocks[0]);
    };
    assert!(paragraph.ends_with(marker));
    assert_eq!(
        doc.warnings,
        [
            "post \"long\": text cut at 100,000 characters (12,345 more left out)",
            "article: text cut at 100,000 characters (12,345 more left out)",
        ]
    );
}

#[test]
fn empty_file_is_refused() {
    let (path, result) = load_file("empty", b"");
    let err = error_naming(&path, result);
    assert!(matches!(err, LoadError::Empty { .. }), "{err:?}");
    assert!(err.to_string().contains("file is empty"), "{err}");
    assert!(err.to_string().contains("chorus/1"), "{err}");
}

#[test]
fn whitespace_only_file_is_empty() {
    let (path, result) = load_file("whitespace", b"  \n\t\r\n   \n");
    let err = error_naming(&path, result);
    assert!(matches!(err, LoadError::Empty { .. }), "{err:?}");
}

#[test]
fn text_that_is_not_json_is_a_syntax_error_with_its_place() {
    // The comma after the title is missing: the problem is found at `"blocks"`, line 5 col 5.
    let text = "{\n  \"format\": \"chorus/1\",\n  \"article\": {\n    \"title\": \"A \
                title\"\n    \"blocks\": []\n  }\n}\n";
    let (path, result) = load_str("not-json", text);
    let err = error_naming(&path, result);
    match &err {
        LoadError::Syntax {
            line,
            column,
            detail,
            ..
        } => {
            assert_eq!((*line, *column), (5, 5), "{err}");
            assert!(detail.contains("expected `,` or `}`"), "{detail}");
            assert!(
                !detail.contains(" at line "),
                "position not repeated: {detail}"
            );
        }
        other => panic!("{other:?}"),
    }
    assert!(
        err.to_string()
            .starts_with(&format!("{}:5:5: not JSON (", path.display())),
        "{err}"
    );
}

#[test]
fn prose_is_not_json() {
    let (path, result) = load_str(
        "prose",
        "Serena Williams missed her daughter's first steps\n",
    );
    let err = error_naming(&path, result);
    assert!(
        matches!(
            err,
            LoadError::Syntax {
                line: 1,
                column: 1,
                ..
            }
        ),
        "{err:?}"
    );
}

#[test]
fn truncated_json_is_a_syntax_error() {
    let (path, result) = load_str("truncated", "{\n  \"format\": \"chorus/1\",\n  \"arti");
    let err = error_naming(&path, result);
    assert!(matches!(err, LoadError::Syntax { line: 3, .. }), "{err:?}");
    assert!(err.to_string().contains("EOF"), "{err}");
}

#[test]
fn trailing_text_after_the_bundle_is_a_syntax_error() {
    let (path, result) = load_str(
        "trailing",
        "{\"format\": \"chorus/1\", \"article\": {}}\nmore\n",
    );
    let err = error_naming(&path, result);
    assert!(
        matches!(
            err,
            LoadError::Syntax {
                line: 2,
                column: 1,
                ..
            }
        ),
        "{err:?}"
    );
}

#[test]
fn posts_as_a_string_is_the_wrong_shape() {
    let text = "{\n  \"format\": \"chorus/1\",\n  \"article\": {},\n  \"posts\": \"nope\"\n}\n";
    let (path, result) = load_str("posts-string", text);
    let err = error_naming(&path, result);
    match &err {
        LoadError::Shape {
            line,
            column,
            detail,
            ..
        } => {
            // `  "posts": "nope"`: the value spans columns 12 to 17.
            assert_eq!(*line, 4, "{err}");
            assert!((12..=17).contains(column), "{err}");
            assert!(detail.contains("expected a sequence"), "{detail}");
            assert!(
                !detail.contains(" at line "),
                "position not repeated: {detail}"
            );
        }
        other => panic!("{other:?}"),
    }
    assert!(
        err.to_string()
            .contains(": wrong shape for a chorus bundle: "),
        "{err}"
    );
}

#[test]
fn post_without_an_id_is_the_wrong_shape() {
    let text = "{\n  \"format\": \"chorus/1\",\n  \"article\": {},\n  \"posts\": [\n    {\"id\": \
                \"a\"},\n    {\"text\": \"hi\"}\n  ]\n}\n";
    let (path, result) = load_str("post-no-id", text);
    let err = error_naming(&path, result);
    match &err {
        LoadError::Shape {
            line,
            column,
            detail,
            ..
        } => {
            // The second post, `    {"text": "hi"}`: reported at its closing brace.
            assert_eq!((*line, *column), (6, 18), "{err}");
            assert_eq!(detail, "missing field `id`");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn unknown_block_type_is_the_wrong_shape() {
    let text = "{\n  \"format\": \"chorus/1\",\n  \"article\": {\"blocks\": [\n    {\"type\": \
                \"image\", \"src\": \"x.png\"}\n  ]}\n}\n";
    let (path, result) = load_str("block-type", text);
    let err = error_naming(&path, result);
    match &err {
        LoadError::Shape { line, detail, .. } => {
            assert_eq!(*line, 4, "{err}");
            assert!(detail.contains("unknown variant `image`"), "{detail}");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn missing_article_is_the_wrong_shape() {
    let (path, result) = load_str("no-article", "{\"format\": \"chorus/1\"}");
    let err = error_naming(&path, result);
    assert!(
        matches!(&err, LoadError::Shape { detail, .. } if detail == "missing field `article`"),
        "{err:?}"
    );
}

#[test]
fn an_array_at_top_level_is_the_wrong_shape() {
    let (path, result) = load_str("array", "[1, 2, 3]\n");
    let err = error_naming(&path, result);
    assert!(matches!(err, LoadError::Shape { line: 1, .. }), "{err:?}");
}

#[test]
fn a_scalar_at_top_level_is_the_wrong_shape() {
    let (path, result) = load_str("scalar", "\n  42\n");
    let err = error_naming(&path, result);
    match &err {
        LoadError::Shape {
            line,
            column,
            detail,
            ..
        } => {
            assert_eq!(*line, 2, "{err}");
            assert!((3..=4).contains(column), "{err}");
            assert!(detail.contains("expected a chorus bundle"), "{detail}");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn missing_format_is_reported_as_such() {
    let (path, result) = load_str(
        "no-format",
        "{\"article\": {\"title\": \"T\"}, \"posts\": []}",
    );
    let err = error_naming(&path, result);
    assert!(matches!(err, LoadError::MissingFormat { .. }), "{err:?}");
    assert!(err.to_string().contains("missing \"format\""), "{err}");

    let (path, result) = load_str("null-format", "{\"format\": null, \"article\": {}}");
    let err = error_naming(&path, result);
    assert!(matches!(err, LoadError::MissingFormat { .. }), "{err:?}");
}

#[test]
fn missing_format_wins_over_the_wrong_shape() {
    let (path, result) = load_str("no-format-bad-shape", "{\"posts\": \"nope\"}");
    let err = error_naming(&path, result);
    assert!(matches!(err, LoadError::MissingFormat { .. }), "{err:?}");
}

#[test]
fn unsupported_format_string() {
    let (path, result) = load_str("chorus2", "{\"format\": \"chorus/2\", \"article\": {}}");
    let err = error_naming(&path, result);
    assert!(
        matches!(&err, LoadError::UnsupportedFormat { found, .. } if found == "chorus/2"),
        "{err:?}"
    );
    assert_eq!(
        err.to_string(),
        format!(
            "{}: unsupported format \"chorus/2\"; this chorus reads \"chorus/1\"",
            path.display()
        )
    );
}

#[test]
fn unsupported_format_wins_over_the_wrong_shape() {
    // A later version may well have another shape: say which version it is, not what is wrong.
    let text = "{\"format\": \"chorus/2\", \"document\": {\"sections\": []}, \"posts\": {}}";
    let (path, result) = load_str("chorus2-shape", text);
    let err = error_naming(&path, result);
    assert!(
        matches!(&err, LoadError::UnsupportedFormat { found, .. } if found == "chorus/2"),
        "{err:?}"
    );
}

#[test]
fn unsupported_format_number() {
    let (path, result) = load_str("format-number", "{\"format\": 2, \"article\": {}}");
    let err = error_naming(&path, result);
    assert!(
        matches!(&err, LoadError::UnsupportedFormat { found, .. } if found == "2"),
        "{err:?}"
    );
}

#[test]
fn invalid_utf8_names_its_line_and_column_in_characters() {
    let mut bytes = "{\n  \"format\": \"chorus/1\",\n  \"article\": {\"title\": \"Café \u{201c}"
        .as_bytes()
        .to_vec();
    bytes.push(0xff);
    bytes.extend_from_slice(b"\"}\n}\n");
    let (path, result) = load_file("bad-utf8", &bytes);
    let err = error_naming(&path, result);
    // `  "article": {"title": "Café “` is 30 characters (34 bytes): the bad byte is column 31.
    assert!(
        matches!(
            err,
            LoadError::Utf8 {
                line: 3,
                column: 31,
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(
        err.to_string(),
        format!(
            "{}:3:31: invalid UTF-8; expected text encoded as UTF-8",
            path.display()
        )
    );
}

#[test]
fn invalid_utf8_at_the_very_start() {
    let (path, result) = load_file("bad-utf8-start", b"\xc3\x28{}");
    let err = error_naming(&path, result);
    assert!(
        matches!(
            err,
            LoadError::Utf8 {
                line: 1,
                column: 1,
                ..
            }
        ),
        "{err:?}"
    );
}

#[test]
fn an_input_in_memory_is_named_by_its_given_name() {
    let path = Path::new("somewhere/else.json");
    let err = error_naming(
        path,
        load(
            Input::Bytes {
                name: path,
                bytes: b"{\"format\": \"chorus/9\", \"article\": {}}",
            },
            None,
            &Limits::default(),
        ),
    );
    assert!(
        matches!(err, LoadError::UnsupportedFormat { .. }),
        "{err:?}"
    );
}

// ---------------------------------------------------------------------------------------------
// Files that load, perhaps with warnings

#[test]
fn unknown_fields_are_ignored() {
    let text = r#"{
  "format": "chorus/1",
  "generator": "someone's exporter",
  "article": {
    "title": "T",
    "subtitle": "ignored",
    "blocks": [
      {"type": "paragraph", "text": "P", "lang": "en"},
      {"type": "embed", "post": "a", "width": 500}
    ]
  },
  "posts": [
    {"id": "a", "likes": 12, "author": {"name": "Ana", "verified": true}, "text": "hi"}
  ],
  "extra": [1, 2, 3]
}"#;
    let (path, result) = load_str("unknown-fields", text);
    let doc = ok(&path, result);
    assert!(doc.warnings.is_empty(), "{:?}", doc.warnings);
    assert_eq!(doc.article.title, "T");
    assert_eq!(doc.len(), 1);
    assert_eq!(doc.post(0).author.name, "Ana");
    assert_eq!(doc.quotes().count(), 1);
}

#[test]
fn optional_fields_may_be_missing() {
    let (path, result) = load_str("minimal", "{\"format\": \"chorus/1\", \"article\": {}}");
    let doc = ok(&path, result);
    assert_eq!(doc.article.title, "");
    assert!(doc.article.blocks.is_empty());
    assert!(doc.is_empty());
    assert!(doc.warnings.is_empty(), "{:?}", doc.warnings);

    let text = r#"{"format": "chorus/1", "article": {"title": "T"},
                   "posts": [{"id": "a"}, {"id": "b", "author": {"handle": "@bee"}}]}"#;
    let (path, result) = load_str("minimal-posts", text);
    let doc = ok(&path, result);
    assert!(doc.warnings.is_empty(), "{:?}", doc.warnings);
    let a = doc.post(0);
    assert_eq!(a.author.name, "unknown");
    assert_eq!(a.author.handle, None);
    assert_eq!(a.text, "");
    assert_eq!(a.created_at, None);
    assert_eq!(a.url, None);
    assert_eq!(a.in_reply_to, None);
    assert_eq!(a.parent, None);
    assert_eq!(a.tone, None);
    assert!(!a.text_is_description);
    let b = doc.post(1);
    assert_eq!(b.author.name, "@bee");
    assert_eq!(b.author.handle.as_deref(), Some("bee"));
    assert_eq!(doc.tones.untagged, 2);
}

#[test]
fn explicit_nulls_in_optional_fields_are_fine() {
    let text = r#"{"format": "chorus/1",
                   "article": {"title": "T", "outlet": null, "author": null, "published": null, "url": null},
                   "posts": [{"id": "a", "author": {"name": "A", "handle": null}, "created_at": null,
                              "url": null, "in_reply_to": null, "tone": null}]}"#;
    let (path, result) = load_str("nulls", text);
    let doc = ok(&path, result);
    assert!(doc.warnings.is_empty(), "{:?}", doc.warnings);
    assert_eq!(doc.tones.untagged, 1);
}

#[test]
fn an_embed_naming_no_post_is_a_warning() {
    let text = r#"{"format": "chorus/1",
                   "article": {"blocks": [{"type": "embed", "post": "ghost"}]},
                   "posts": []}"#;
    let (path, result) = load_str("embed-missing", text);
    let doc = ok(&path, result);
    assert_eq!(doc.warnings.len(), 1, "{:?}", doc.warnings);
    assert!(doc.warnings[0].contains("\"ghost\""), "{:?}", doc.warnings);
    assert_eq!(
        doc.article.blocks,
        [Block::Embed {
            id: "ghost".into(),
            post: None
        }]
    );
    assert_eq!(doc.quotes().count(), 0);
}

#[test]
fn a_reply_to_a_missing_post_is_a_warning() {
    let text = r#"{"format": "chorus/1", "article": {},
                   "posts": [{"id": "a", "in_reply_to": "gone"}]}"#;
    let (path, result) = load_str("reply-missing", text);
    let doc = ok(&path, result);
    assert_eq!(doc.warnings.len(), 1, "{:?}", doc.warnings);
    assert!(doc.warnings[0].contains("\"gone\""), "{:?}", doc.warnings);
    assert_eq!(doc.post(0).parent, None);
    assert_eq!(doc.post(0).in_reply_to, Some("gone"));
    assert_eq!(doc.post(0).depth, 0);
}

#[test]
fn bad_times_self_replies_and_duplicates_are_warnings() {
    let text = r#"{"format": "chorus/1", "article": {"published": "last week"},
                   "posts": [{"id": "a", "in_reply_to": "a", "created_at": "2018-07-07T14:03:00"},
                             {"id": "a"}]}"#;
    let (path, result) = load_str("warnings", text);
    let doc = ok(&path, result);
    assert_eq!(doc.warnings.len(), 4, "{:?}", doc.warnings);
    assert_eq!(doc.article.published, None);
    assert_eq!(doc.post(0).created_at, None);
    assert_eq!(doc.post(0).parent, None);
}

#[test]
fn strings_are_sanitized_at_load() {
    let text = r#"{"format": "chorus/1",
                   "article": {"title": "T\u001b]0;pwned\u0007itle\u202e",
                               "blocks": [{"type": "paragraph", "text": "a\u001b[31mb\u0000"}]},
                   "posts": [{"id": "a", "text": "x\u0008y"}]}"#;
    let (path, result) = load_str("sanitize", text);
    let doc = ok(&path, result);
    assert_eq!(doc.article.title, "Title");
    assert_eq!(doc.article.blocks, [Block::Paragraph("ab\u{2400}".into())]);
    assert_eq!(doc.post(0).text, "x\u{2408}y");
}

// ---------------------------------------------------------------------------------------------
// Problems once found in src/load, kept as regression tests.

#[test]
fn error_detail_is_sanitized_and_one_line() {
    let text = r#"{"format": "chorus/1",
                   "article": {"blocks": [{"type": "x\u001b]0;pwned\u0007\nline two"}]}}"#;
    let (path, result) = load_str("detail-escape", text);
    let err = error_naming(&path, result);
    assert!(matches!(err, LoadError::Shape { .. }), "{err:?}");
    let shown = err.to_string();
    assert!(
        !shown.contains('\u{1b}') && !shown.contains('\u{7}'),
        "{shown:?}"
    );
}

#[test]
fn path_in_error_is_sanitized() {
    let path = Path::new("evil\nname\u{1b}[2J.json");
    let shown = load(
        Input::Bytes {
            name: path,
            bytes: b"",
        },
        None,
        &Limits::default(),
    )
    .unwrap_err()
    .to_string();
    assert!(
        !shown.contains('\n') && !shown.contains('\u{1b}'),
        "{shown:?}"
    );
}

#[test]
fn a_top_level_array_is_always_the_wrong_shape_at_its_start() {
    for text in [
        "[{\"id\": \"a\"}]",
        "[\"chorus/1\", {\"title\": \"T\"}]",
        "[1, 2, 3]",
    ] {
        let (path, result) = load_str("array-any", text);
        let err = error_naming(&path, result);
        assert!(
            matches!(
                err,
                LoadError::Shape {
                    line: 1,
                    column: 1,
                    ..
                }
            ),
            "{text}: {err:?}"
        );
    }
}

#[test]
fn syntax_columns_count_characters_like_utf8_columns() {
    // `x` is the 38th character of the line and its 42nd byte.
    let (path, result) = load_str(
        "column-chars",
        "{\"format\": \"\u{201c}chorus\u{201d}\", \"article\": {} x}",
    );
    let err = error_naming(&path, result);
    assert!(
        matches!(
            err,
            LoadError::Syntax {
                line: 1,
                column: 38,
                ..
            }
        ),
        "{err:?}"
    );
}

#[test]
fn tone_names_are_sanitized_before_they_are_normalized() {
    let text = r#"{"format": "chorus/1", "article": {},
                   "posts": [{"id": "a", "tone": "\u202e"},
                             {"id": "b", "tone": "wistful"},
                             {"id": "c", "tone": "Wistful \u001b[0m"}]}"#;
    let (path, result) = load_str("tone-sanitize", text);
    let doc = ok(&path, result);
    assert_eq!(&doc.tones.names[6..], ["wistful"]);
    assert_eq!(doc.tones.counts[6..], [2]);
    assert_eq!(doc.tones.untagged, 1);
}

// ---------------------------------------------------------------------------------------------
// docs/format.md

#[test]
fn the_example_in_the_format_doc_loads_as_it_says() {
    let doc_path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/format.md");
    let md = std::fs::read_to_string(doc_path).expect("docs/format.md");
    let after = md
        .split("## A complete example")
        .nth(1)
        .expect("a complete example section");
    let json = after
        .split("```json\n")
        .nth(1)
        .and_then(|s| s.split("\n```").next())
        .expect("a json block");
    let doc = load(
        Input::Bytes {
            name: Path::new(doc_path),
            bytes: json.as_bytes(),
        },
        None,
        &Limits::default(),
    )
    .expect("the example loads");
    assert!(doc.warnings.is_empty(), "{:?}", doc.warnings);
    assert_eq!(doc.quotes().count(), 3);
    assert_eq!(doc.article.outlet.as_deref(), Some("The Example Gazette"));
    assert!(doc.article.published.is_some());
    assert_eq!(post(&doc, "reply-to-skeptic").depth, 2);
    assert_eq!(
        post(&doc, "deckhand").author.handle.as_deref(),
        Some("tedorrin")
    );
    assert!(post(&doc, "skeptic").created_at.is_some());
    assert_eq!(&doc.tones.names[6..], ["proud"]);
    assert_eq!(doc.tones.counts, [1, 0, 0, 2, 0, 0, 1]);
    assert_eq!(doc.tones.untagged, 1);
    assert!(
        doc.article
            .blocks
            .iter()
            .any(|b| matches!(b, Block::Heading(h) if h == "The town reacts"))
    );
}

#[test]
fn a_page_with_stray_nul_bytes_still_loads_without_them() {
    // Real pages carry the odd NUL (trafilatura's evaluation set has one with 22); browsers
    // and the HTML parser pass over them, and so does chorus. Anything else with a NUL is
    // still refused as binary data.
    let page = b"<!DOCTYPE html><html><head><title>Fair day</title></head><body><article>\
        <p>The village fair raised money for the new roof.\0 Everyone came.</p>\
        <p>The band played until the \0\0rain stopped them, and then a little longer.</p>\
        </article></body></html>";
    let (path, result) = load_file("nul.html", page);
    let doc = ok(&path, result);
    let text: Vec<&str> = doc
        .article
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Paragraph(t) => Some(t.as_str()),
            _ => None,
        })
        .collect();
    assert!(text.iter().any(|t| t.contains("new roof")), "{text:?}");
    assert!(text.iter().all(|t| !t.contains('\0')), "{text:?}");
    let (path, result) = load_file("nul.json", b"{\"format\":\"chorus/1\"\0}");
    let err = error_naming(&path, result);
    assert!(err.to_string().contains("binary data: a NUL byte"), "{err}");
}
