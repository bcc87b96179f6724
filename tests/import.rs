//! Importers: every fixture in tests/fixtures/<format>/ (written from each format's public
//! documentation; the people and addresses are invented) is detected as its format and no
//! other, reads as the chorus/1 bundle in its snapshot (`print --format json`) and as the text
//! in its text snapshot, keeps every post once, and converts to a bundle that reads the same.
//! Then the awkward cases: 10,000-deep threads, damaged files, unknown input.

use std::path::{Path, PathBuf};

use chorus::export::{OutputFormat, PrintOptions, print};
use chorus::load::{Format, Input, Limits, LoadError, detect::detect, load, read_bundle};
use chorus::model::{Block, Document};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");

/// Every fixture with the format it is, by its folder.
fn fixtures() -> Vec<(PathBuf, Format)> {
    let mut out = Vec::new();
    for format in Format::ALL {
        let dir = Path::new(FIXTURES).join(format.name());
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut files: Vec<PathBuf> = entries.map(|e| e.unwrap().path()).collect();
        files.sort();
        out.extend(files.into_iter().map(|f| (f, format)));
    }
    out
}

/// The name a fixture's snapshots go by: `reddit_thread`.
fn snapshot_name(path: &Path, format: Format) -> String {
    let stem = path
        .file_stem()
        .unwrap()
        .to_string_lossy()
        .replace('-', "_");
    format!("{}_{stem}", format.name().replace('-', "_"))
}

fn render(doc: &Document, format: OutputFormat, tones: &[&str]) -> String {
    let opts = PrintOptions {
        format,
        tones: tones.iter().map(|s| s.to_string()).collect(),
        color: false,
        width: 80,
        ..Default::default()
    };
    let mut out = Vec::new();
    print(doc, &opts, &mut out).expect("prints");
    String::from_utf8(out).expect("UTF-8")
}

fn fixture(rel: &str) -> Document {
    let path = Path::new(FIXTURES).join(rel);
    load(Input::Path(&path), None, &Limits::default()).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// A fixture's path relative to the repository, so snapshots do not depend on where it lives.
fn relative(path: &Path) -> String {
    path.strip_prefix(env!("CARGO_MANIFEST_DIR"))
        .unwrap()
        .display()
        .to_string()
}

#[test]
fn there_are_fixtures_for_every_input_format() {
    let found = fixtures();
    for format in Format::ALL {
        if format == Format::Chorus {
            continue; // the bundled article and docs/format.md are chorus/1's fixtures
        }
        assert!(
            found.iter().any(|(_, f)| *f == format),
            "no fixture for {format}"
        );
    }
}

#[test]
fn each_fixture_is_detected_as_its_format_and_no_other() {
    for (path, format) in fixtures() {
        let text = std::fs::read_to_string(&path).unwrap();
        let found = detect(&path, &text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert_eq!(found, format, "{}", path.display());
    }
    let bundled = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/data/serena-williams-first-steps.json"
    );
    let text = std::fs::read_to_string(bundled).unwrap();
    assert_eq!(detect(Path::new(bundled), &text).unwrap(), Format::Chorus);
}

#[test]
fn each_fixture_reads_as_its_snapshot() {
    for (path, format) in fixtures() {
        let doc = load(Input::Path(&path), None, &Limits::default())
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let name = snapshot_name(&path, format);
        let json = render(&doc, OutputFormat::Json, &[]);
        insta::with_settings!({ description => relative(&path), omit_expression => true }, {
            insta::assert_snapshot!(name.clone(), json);
            insta::assert_snapshot!(format!("text_{name}"), render(&doc, OutputFormat::Text, &[]));
        });
    }
}

#[test]
fn every_post_shows_once_in_thread_order() {
    for (path, _) in fixtures() {
        let doc = load(Input::Path(&path), None, &Limits::default()).unwrap();
        let mut ids: Vec<&str> = doc.posts().map(|p| p.id).collect();
        let n = ids.len();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), n, "{}: a post id twice", path.display());
        let mut order = doc.thread.preorder.to_vec();
        assert_eq!(order.len(), n, "{}", path.display());
        order.sort();
        order.dedup();
        assert_eq!(order.len(), n, "{}", path.display());
        // Each embed names a post once, and the post is in the file.
        let mut embeds: Vec<&str> = doc
            .article
            .blocks
            .iter()
            .filter_map(|b| match b {
                Block::Embed { id, post } => {
                    assert!(post.is_some(), "{}: embed {id} has no post", path.display());
                    Some(id.as_str())
                }
                _ => None,
            })
            .collect();
        let e = embeds.len();
        embeds.sort();
        embeds.dedup();
        assert_eq!(embeds.len(), e, "{}: a post embedded twice", path.display());
    }
}

#[test]
fn convert_then_open_gives_the_same_document() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("import-round-trip");
    std::fs::create_dir_all(&dir).unwrap();
    for (path, format) in fixtures() {
        let out = dir.join(format!("{}.json", snapshot_name(&path, format)));
        let read_as = chorus::export::convert(&path, None, &Limits::default(), &out, |_| {})
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert_eq!(read_as, format);
        let before = load(Input::Path(&path), None, &Limits::default()).unwrap();
        let after = load(Input::Path(&out), None, &Limits::default()).unwrap();
        for f in [
            OutputFormat::Text,
            OutputFormat::Markdown,
            OutputFormat::Json,
        ] {
            assert_eq!(
                render(&before, f, &[]),
                render(&after, f, &[]),
                "{}: {f:?} differs after convert",
                path.display()
            );
        }
        assert_eq!(before.warnings, after.warnings, "{}", path.display());
        // The bundle is chorus/1 and says so.
        let v: serde_json::Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
        assert_eq!(v["format"], "chorus/1");
        let _ = std::fs::remove_file(&out);
    }
}

// ---------------------------------------------------------------------------------------------
// What each format keeps

#[test]
fn html_embeds_stand_where_the_page_had_them() {
    let doc = fixture("html/article-embeds.html");
    assert_eq!(
        doc.article.title,
        "Harbour town bakery names its new loaf after a retired ferry"
    );
    assert_eq!(doc.article.outlet.as_deref(), Some("The Example Gazette"));
    assert_eq!(doc.article.author.as_deref(), Some("Jo Marlow"));
    let kinds: Vec<String> = doc
        .article
        .blocks
        .iter()
        .map(|b| match b {
            Block::Paragraph(t) => format!("p:{}", t.split_whitespace().next().unwrap_or("")),
            Block::Heading(t) => format!("h:{t}"),
            Block::Embed { id, .. } => format!("e:{id}"),
        })
        .collect();
    assert_eq!(
        kinds,
        [
            "p:The",
            "p:Owner",
            "e:1000000000000000001",
            "p:A",
            "e:1000000000000000002",
            "h:The town reacts",
            "p:Not",
            "e:1000000000000000003",
            "p:Another",
            "e:unavailable-embed-1",
            "p:The",
            "p:Petra",
        ]
    );
    // The same tweet embedded twice is one post, quoted where it first stands; the second copy
    // gave it its date.
    assert_eq!(doc.len(), 4);
    let ted = doc.post(1);
    assert_eq!(ted.author.name, "Ted Orrin");
    assert_eq!(ted.author.handle.as_deref(), Some("tedorrin"));
    assert!(ted.text.contains("twelve years & never"), "{}", ted.text);
    assert!(ted.text.contains("<3"), "{}", ted.text);
    assert!(ted.created_at.is_some());
    let petra = doc.post(0);
    assert!(petra.text.contains("🍞⛴️"), "{}", petra.text);
    assert_eq!(
        petra.url,
        Some("https://twitter.com/crumbandanchor/status/1000000000000000001")
    );
    for p in doc.posts().skip(2) {
        assert!(p.text_is_description, "{:?}", p);
        assert!(p.text.contains("unavailable"), "{}", p.text);
    }
    // Nothing from the page's furniture or scripts.
    let all: String = doc
        .article
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Paragraph(t) | Block::Heading(t) => Some(t.as_str()),
            _ => None,
        })
        .collect();
    for junk in [
        "analytics",
        "Related stories",
        "All rights reserved",
        "Weather",
        "chorusembed",
    ] {
        assert!(!all.contains(junk), "{junk:?} in the article");
    }
}

#[test]
fn html_without_an_article_element_and_with_a_bare_embed() {
    let doc = fixture("html/no-article-element.html");
    assert_eq!(doc.len(), 2);
    assert_eq!(doc.post(0).author.name, "Lucía Ferrer");
    // A date in another language is left out rather than guessed.
    assert_eq!(doc.post(0).created_at, None);
    assert!(doc.post(1).text_is_description);
    assert_eq!(
        doc.post(1).author.handle.as_deref(),
        Some("lifeboat_example")
    );
}

/// A `<pre>` in the article (a table, ASCII art) keeps its lines and spacing, as seen on a
/// real status page whose ASCII art was flattened into one line.
#[test]
fn html_article_pre_keeps_its_white_space() {
    let doc = fixture("html/pre-block.html");
    let pre: Vec<&str> = doc
        .article
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Paragraph(t) if t.contains("Height") => Some(t.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(pre, ["  Time   Height\n  06:12  4.1 m\n  18:40  3.9 m"]);
    assert_eq!(doc.len(), 1);
}

/// The article's paragraphs of an HTML page given as bytes.
fn html_paragraphs(bytes: &[u8]) -> Vec<String> {
    let doc = load(
        Input::Bytes {
            name: Path::new("page.html"),
            bytes,
        },
        Some(Format::Html),
        &Limits::default(),
    )
    .unwrap();
    doc.article
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Paragraph(t) => Some(t.clone()),
            _ => None,
        })
        .collect()
}

/// Ruby's readings are drawn above the words in a browser; on one line they would double
/// every word they annotate, so the text is the words.
#[test]
fn html_ruby_keeps_the_words_without_their_readings() {
    let page = "<html><head><title>法律</title></head><body><article><p>\
        <ruby>子<rp>(</rp><rt>こ</rt><rp>)</rp></ruby>どもを<ruby>守<rt>まも</rt></ruby>る\
        <ruby>法律<rt>ほうりつ</rt></ruby>ができました。</p></article></body></html>";
    assert_eq!(
        html_paragraphs(page.as_bytes()),
        ["子どもを守る法律ができました。"]
    );
}

/// A page that states its story's text in its structured data (JSON-LD `articleBody`): the
/// sign-up line and the picture's caption inside the story's element are the page's, not the
/// story's, and go; the story's paragraphs stay in their order.
#[test]
fn html_with_a_stated_body_leaves_out_what_the_body_lacks() {
    let paragraphs: Vec<String> = (1..=10)
        .map(|i| format!("Part {i} of the story: the ferry ran late again on day {i}, and the council met at the harbour to ask the operator why the morning crossing missed its slot."))
        .collect();
    let body = paragraphs.join("\n");
    let shown: String = paragraphs
        .iter()
        .enumerate()
        .map(|(i, p)| match i {
            3 => format!("<p>{p}</p><p>Get the news in your inbox every morning!</p>"),
            6 => format!("<p>{p}</p><div class=\"pic\"><p>The pier at dawn</p></div>"),
            _ => format!("<p>{p}</p>"),
        })
        .collect();
    let page = format!(
        "<html><head><title>The ferry</title><script type=\"application/ld+json\">\
         {{\"@type\":\"NewsArticle\",\"articleBody\":{}}}</script></head>\
         <body><article>{shown}</article></body></html>",
        serde_json::to_string(&body).unwrap()
    );
    assert_eq!(html_paragraphs(page.as_bytes()), paragraphs);
    // Without the statement, both stay.
    let unstated = page.replace("articleBody", "description");
    assert_eq!(html_paragraphs(unstated.as_bytes()).len(), 12);
}

/// A picture's caption the page names by class ("wp-caption-text") describes a picture the
/// reader does not show: it is not read, as a `<figcaption>` is not.
#[test]
fn html_captions_named_by_class_are_left_out() {
    let paragraphs: Vec<String> = (1..=6)
        .map(|i| format!("Part {i}: the ferry ran late again, and the council met at the harbour to ask the operator why the morning crossing missed its slot."))
        .collect();
    let shown: String = paragraphs
        .iter()
        .enumerate()
        .map(|(i, p)| match i {
            2 => format!(
                "<p>{p}</p><div class=\"wp-caption\"><img src=\"pier.jpg\">\
                 <p class=\"wp-caption-text\">The pier at dawn, before the first crossing</p></div>"
            ),
            _ => format!("<p>{p}</p>"),
        })
        .collect();
    let page = format!(
        "<html><head><title>The ferry</title></head><body><article>{shown}</article></body></html>"
    );
    assert_eq!(html_paragraphs(page.as_bytes()), paragraphs);
}

/// A page that loads the next stories as the reader scrolls, saved with two loaded after its
/// own: the reader shows the page's story, not the longest one.
#[test]
fn html_with_the_next_stories_loaded_shows_its_own() {
    let story = |name: &str, n: usize| -> String {
        let paragraphs: String = (1..=n)
            .map(|i| format!("<p>{name}, part {i}: the town met again on Tuesday, and the council said it would look into it.</p>"))
            .collect();
        format!(
            "<article class=\"entry\"><h1>{name}</h1><div class=\"text\">{paragraphs}</div></article>"
        )
    };
    let page = format!(
        "<html><head><title>The ferry</title></head><body><main>{}{}{}</main></body></html>",
        story("The ferry", 14),
        story("The bakery", 40),
        story("The fair", 12)
    );
    let paragraphs = html_paragraphs(page.as_bytes());
    assert_eq!(paragraphs.len(), 14, "{paragraphs:?}");
    assert!(paragraphs.iter().all(|p| p.starts_with("The ferry, part")));
}

/// A page whose `<article>` keeps its text where chorus does not read a story (its `<header>`)
/// while the extractor took a notice outside it: the notice is shown, not nothing.
#[test]
fn html_whose_story_element_gives_no_blocks_keeps_what_the_extractor_took() {
    let paragraphs: String = (1..=14)
        .map(|i| format!("<p>Part {i}: the town met again on Tuesday, and the council said it would look into it.</p>"))
        .collect();
    let notice = "Cookies help us run this site, and we ask before we set any of them. ".repeat(8);
    let page = format!(
        "<html><head><title>The ferry</title></head><body>\
         <div class=\"notice\"><p>{notice}</p></div>\
         <article><header><h1>The ferry</h1><div>{paragraphs}</div></header></article></body></html>"
    );
    let paragraphs = html_paragraphs(page.as_bytes());
    assert!(!paragraphs.is_empty());
}

/// A page with a standfirst in its story's header and the same words as its description.
fn page_with_standfirst(description: &str, standfirst: &str, after: &str) -> String {
    let paragraphs: String = (1..=12)
        .map(|i| format!("<p>Part {i}: the town met again on Tuesday, and the council said it would look into it.</p>"))
        .collect();
    format!(
        "<html><head><title>The ferry</title><meta name=\"description\" content=\"{description}\"></head>\
         <body><article><header><h1>The ferry</h1><p class=\"intro\">{standfirst}</p></header>\
         <div class=\"body\">{paragraphs}</div>{after}</article></body></html>"
    )
}

/// The standfirst above the story, which the extractor leaves out with the header it sits
/// in, is the article's first paragraph when the page's description begins with its words.
#[test]
fn html_keeps_the_standfirst_the_page_describes_itself_with() {
    let lead = "The ferry to the island ran late for the third week in a row, and the town wants to know why.";
    let paragraphs = html_paragraphs(page_with_standfirst(lead, lead, "").as_bytes());
    assert_eq!(paragraphs.len(), 13, "{paragraphs:?}");
    assert_eq!(paragraphs[0], lead);
    assert!(paragraphs[1].starts_with("Part 1:"));
    // A description cut short with an ellipsis still finds the whole standfirst.
    let cut = "The ferry to the island ran late for the third week…";
    assert_eq!(
        html_paragraphs(page_with_standfirst(cut, lead, "").as_bytes())[0],
        lead
    );
    // After a kicker of its own.
    let kicked = format!("FERRY WATCH {lead}");
    assert_eq!(
        html_paragraphs(page_with_standfirst(lead, &kicked, "").as_bytes())[0],
        kicked
    );
}

/// What is not a standfirst stays out: a description of a few words (a site's tagline), a
/// header paragraph the description does not begin, and the description's words found only
/// after the story (a teaser for it in a box below).
#[test]
fn html_takes_no_standfirst_where_there_is_none() {
    let lead = "The ferry to the island ran late for the third week in a row, and the town wants to know why.";
    let starts_with_part = |html: String| {
        let paragraphs = html_paragraphs(html.as_bytes());
        assert_eq!(paragraphs.len(), 12, "{paragraphs:?}");
        assert!(paragraphs[0].starts_with("Part 1:"));
    };
    starts_with_part(page_with_standfirst(
        "News from the island",
        "News from the island",
        "",
    ));
    starts_with_part(page_with_standfirst(
        lead,
        "Photographs by the harbour master, who was on the ferry.",
        "",
    ));
    let teaser = format!("<div class=\"more\"><p>{lead}</p></div>");
    starts_with_part(
        page_with_standfirst(lead, "Photographs by the harbour master.", &teaser)
            .replace("<div class=\"more\">", "</article><div class=\"more\">"),
    );
}

/// Boxes the page names as never the story (the author's, a newsletter's sign-up, sharing
/// buttons) are left out even inside the story's container; a page with nothing else still
/// shows what it has.
#[test]
fn html_leaves_out_the_boxes_the_page_names_and_reads_a_page_of_nothing_else() {
    let bio = "Ana Ruiz has written about the harbour and its ferries for the Harbour News since \
               2019, and she stitches blankets for the shop.";
    let part = |i: usize| {
        format!(
            "<p>Part {i}: the town met again on Tuesday, and the council said it would look into it.</p>"
        )
    };
    let (first, second): (String, String) =
        ((1..=6).map(part).collect(), (7..=12).map(part).collect());
    let page = format!(
        "<html><head><title>The ferry</title></head><body><article><div class=\"body\">{first}\
         <div class=\"author-box\"><p>{bio}</p></div>\
         <div class=\"newsletter-signup\"><p>The harbour's news in your inbox, every week, \
         with the ferry's times and the council's agenda.</p></div>\
         {second}</div></article></body></html>"
    );
    let paragraphs = html_paragraphs(page.as_bytes());
    assert_eq!(paragraphs.len(), 12, "{paragraphs:?}");
    assert!(paragraphs.iter().all(|p| p.starts_with("Part")));
    // A shop whose text sits in its order form, which is never the story, beside the author's
    // box: with the box left out the page has nothing, so it is read with it.
    let product = "A blanket of two layers, with a name and a cat stitched on it, washable at forty degrees. ".repeat(10);
    let page = format!(
        "<html><head><title>A blanket</title></head><body><div class=\"shop\"><form><p>{product}</p>\
         <input name=\"a\"><input name=\"b\"><input name=\"c\"><select><option>Red</option></select>\
         </form></div><div class=\"author-bio\"><p>{bio}</p></div></body></html>"
    );
    assert_eq!(html_paragraphs(page.as_bytes()), [bio]);
}

/// A saved page in a legacy encoding reads as it was written, not as Windows-1252.
#[test]
fn html_in_a_declared_legacy_encoding() {
    // "Zażółć gęślą jaźń." in Windows-1250.
    let page = b"<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1250\">\
        </head><body><article><p>Za\xbf\xf3\xb3\xe6 g\xea\x9cl\xb9 ja\x9f\xf1.</p></article></body></html>";
    assert_eq!(html_paragraphs(page), ["Zażółć gęślą jaźń."]);
}

#[test]
fn mastodon_keeps_content_warnings_media_polls_and_boosts() {
    let doc = fixture("mastodon/status-context.json");
    let ids: Vec<&str> = doc
        .thread
        .preorder
        .iter()
        .map(|&p| doc.post(p).id)
        .collect();
    assert_eq!(
        ids,
        [
            "110000000000000001",
            "110000000000000002",
            "110000000000000003",
            "110000000000000004",
            "110000000000000005"
        ]
    );
    let olu = doc.post(2);
    assert!(
        olu.text.starts_with("CW: boat photo, seasickness\n\n"),
        "{}",
        olu.text
    );
    assert!(
        olu.text
            .contains("[image: A small red boat tilted on wet sand at low tide]"),
        "{}",
        olu.text
    );
    assert!(olu.text.contains("[video]"), "{}", olu.text);
    assert_eq!(olu.author.handle.as_deref(), Some("olu@other.example"));
    let focal = doc.post(1);
    assert!(
        focal.text.contains("https://harbour.example/tides/2024-05"),
        "{}",
        focal.text
    );
    assert!(
        focal.text.contains("Thanks @olu & everyone 🌊"),
        "{}",
        focal.text
    );
    assert_eq!(focal.author.handle.as_deref(), Some("mira@social.example"));
    assert!(doc.post(0).text.contains("[poll: Yes / No]"));
    // A reply to a deleted status stays, at the top level, with a warning.
    assert_eq!(doc.post(4).parent, None);
    assert!(
        doc.warnings
            .iter()
            .any(|w| w.contains("110000000000000099"))
    );

    let doc = fixture("mastodon/statuses.json");
    assert_eq!(doc.post(1).id, "3002", "a boost is the boosted status");
    assert_eq!(doc.post(1).parent, Some(0));

    let doc = fixture("mastodon/context.json");
    assert!(
        doc.post(0).text_is_description,
        "the missing status is a placeholder"
    );
    assert!(doc.post(2).text.contains("[GIF: A cat waving]"));
}

#[test]
fn bluesky_links_facets_and_shows_missing_and_blocked_posts() {
    let doc = fixture("bluesky/thread.json");
    let root = doc.post(0);
    assert!(
        root.text
            .contains("https://harbour.example/tides/2024-05 cc @olu.bsky.example"),
        "{}",
        root.text
    );
    assert!(
        root.text
            .contains("[image: A printed tide table pinned to a noticeboard]")
    );
    let texts: Vec<&str> = doc.posts().map(|p| p.text).collect();
    assert!(texts.iter().any(|t| t.contains("not found")));
    assert!(texts.iter().any(|t| t.contains("blocked")));
    assert!(
        texts
            .iter()
            .any(|t| t.contains("[quoting Port Authority (@port.example.com)"))
    );
    assert!(texts.iter().any(|t| t.contains("[quoted post not found]")));
    // A reply listed twice is shown once.
    assert_eq!(doc.posts().filter(|p| p.id.ends_with("/3kr1")).count(), 1);
    assert_eq!(doc.post(1).depth, 1);
}

#[test]
fn reddit_keeps_deleted_comments_and_more_stubs() {
    let doc = fixture("reddit/thread.json");
    assert_eq!(
        doc.article.title,
        "Bakery names new loaf after the old ferry & the town reacts"
    );
    assert_eq!(doc.article.outlet.as_deref(), Some("r/harbourtown"));
    let texts: Vec<&str> = doc.posts().map(|p| p.text).collect();
    // Reddit's "[deleted]" and "[removed]" are not the author's words: described, not tagged.
    for text in ["This comment was deleted.", "This comment was removed."] {
        let post = doc.posts().find(|p| p.text == text).unwrap();
        assert!(post.text_is_description, "{post:?}");
    }
    assert!(!texts.contains(&"[deleted]") && !texts.contains(&"[removed]"));
    assert!(texts.contains(&"7 more replies not loaded"));
    assert!(texts.iter().any(|t| t.contains("&") && t.contains(">_<")));
}

#[test]
fn a_removed_reddit_post_is_described() {
    let json = r#"[{"kind":"Listing","data":{"children":[{"kind":"t3","data":{"id":"p","name":"t3_p","title":"Gone","selftext":"[removed]","author":"[deleted]"}}]}},
        {"kind":"Listing","data":{"children":[{"kind":"t1","data":{"id":"c","name":"t1_c","parent_id":"t3_p","author":"u","body":"[ Removed by Reddit ]"}}]}}]"#;
    let doc = load(
        Input::Bytes {
            name: Path::new("gone.json"),
            bytes: json.as_bytes(),
        },
        None,
        &Limits::default(),
    )
    .unwrap();
    let texts: Vec<(&str, bool)> = doc
        .posts()
        .map(|p| (p.text, p.text_is_description))
        .collect();
    assert_eq!(
        texts,
        [
            ("This post was removed.", true),
            ("This comment was removed by Reddit.", true)
        ]
    );
}

#[test]
fn hacker_news_text_is_html() {
    let doc = fixture("hackernews/item.json");
    assert_eq!(
        doc.article.url.as_deref(),
        Some("https://gazette.example/2024/03/ferry-loaf")
    );
    let mira = doc.post(1);
    assert_eq!(
        mira.text,
        "I'd buy it for the name alone.\n\nSecond paragraph with \"quotes\" & an emoji 🍞."
    );
    assert!(doc.posts().any(|p| p.author.name == "[deleted]"
        && p.text == "This comment was deleted."
        && p.text_is_description));
    assert!(doc.posts().any(|p| p.text.contains("march-schedule.html")));
}

#[test]
fn twitter_v2_orders_oldest_first_and_finds_the_root() {
    let doc = fixture("twitter-v2/conversation.json");
    assert_eq!(doc.post(0).id, "1500000000000000000");
    let ted = doc.posts().find(|p| p.id == "1500000000000000002").unwrap();
    assert!(
        ted.text
            .contains("<3 https://gazette.example/2024/03/ferry-loaf"),
        "{}",
        ted.text
    );
    assert!(ted.text.contains("[image: A sandwich on a ferry bench]"));
    assert!(!ted.text.contains("t.co"), "{}", ted.text);
    let gone = doc.posts().find(|p| p.id == "1500000000000000009").unwrap();
    assert!(gone.text_is_description);

    let doc = fixture("twitter-v2/pages.jsonl");
    assert_eq!(doc.len(), 4, "the overlapping page adds nothing twice");
    assert_eq!(doc.post(0).author.name, "Mira Okafor");
    assert!(doc.post(0).text_is_description);
    assert_eq!(doc.article.title, "Replies to a post by Mira Okafor");
}

#[test]
fn twitter_archive_threads_and_owner() {
    let doc = fixture("twitter-archive/tweets.js");
    assert_eq!(doc.article.title, "Twitter archive of @mira_o: 4 tweets");
    let ids: Vec<&str> = doc
        .thread
        .preorder
        .iter()
        .map(|&p| doc.post(p).id)
        .collect();
    assert_eq!(ids[0], "1700000000000000001");
    assert_eq!(doc.post(2).depth, 2);
    assert!(
        doc.post(0)
            .text
            .contains("https://harbour.example/festival")
    );
    assert!(doc.post(2).text.contains("& its queue 😅"));

    let doc = fixture("twitter-archive/tweet-part0.js");
    assert_eq!(
        doc.post(0).text,
        "An older archive’s single tweet: hello <world>"
    );
}

// ---------------------------------------------------------------------------------------------
// Deep threads

/// Loads and prints a generated thread, and drops it, all on a 2 MiB stack (a test thread's).
fn deep(name: &str, text: String, expected_posts: usize) {
    let name = name.to_string();
    std::thread::Builder::new()
        .stack_size(2 * 1024 * 1024)
        .spawn(move || {
            let doc = load(
                Input::Bytes {
                    name: Path::new(&name),
                    bytes: text.as_bytes(),
                },
                None,
                &Limits::default(),
            )
            .unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(doc.len(), expected_posts, "{name}");
            let deepest = doc.posts().map(|p| p.depth).max().unwrap();
            assert!(
                deepest as usize >= expected_posts - 2,
                "{name}: depth {deepest}"
            );
            let out = render(&doc, OutputFormat::Text, &[]);
            assert!(out.contains("reply at depth"), "{name}");
            drop(doc);
        })
        .unwrap()
        .join()
        .unwrap();
}

const DEPTH: usize = 10_000;

#[test]
fn a_thread_nested_past_the_limit_is_refused_before_it_is_parsed() {
    use chorus::load::MAX_NESTING;
    // Each reply is two levels: its object and its children's array.
    let replies = MAX_NESTING / 2 + 1;
    let mut s = String::from("{\"id\":0,\"story_id\":0,\"children\":[");
    s.push_str(&"{\"children\":[".repeat(replies));
    s.push_str(&"]}".repeat(replies));
    s.push_str("]}");
    let (e, shown) = err("deep.json", &s, None);
    // The object and the array of the root, then two per reply.
    let column = s.match_indices(['{', '[']).nth(MAX_NESTING).unwrap().0 + 1;
    assert!(
        matches!(e, LoadError::TooDeep { line: 1, column: c, .. } if c == column),
        "{e:?}"
    );
    assert_eq!(
        shown,
        format!(
            "deep.json:1:{column}: nested deeper than 200,000 levels; chorus reads threads \
             nested at most that deep"
        )
    );
}

#[test]
fn a_10000_deep_reddit_thread() {
    let mut s = String::from(
        r#"[{"kind":"Listing","data":{"children":[{"kind":"t3","data":{"id":"p","name":"t3_p","title":"Deep","selftext":"root","author":"a"}}]}},{"kind":"Listing","data":{"children":["#,
    );
    for i in 0..DEPTH {
        s.push_str(&format!(
            r#"{{"kind":"t1","data":{{"id":"c{i}","name":"t1_c{i}","author":"u{i}","body":"reply {i}","replies":{{"kind":"Listing","data":{{"children":["#
        ));
    }
    for _ in 0..DEPTH {
        s.push_str("]}}}}");
    }
    s.push_str("]}}]");
    deep("deep-reddit.json", s, DEPTH + 1);
}

#[test]
fn a_10000_deep_hacker_news_thread() {
    let mut s = String::new();
    for i in 0..=DEPTH {
        s.push_str(&format!(
            r#"{{"id":{i},"story_id":0,"type":"comment","author":"u{i}","text":"<p>reply {i}","children":["#
        ));
    }
    for _ in 0..=DEPTH {
        s.push_str("]}");
    }
    deep("deep-hn.json", s, DEPTH + 1);
}

#[test]
fn a_10000_deep_bluesky_thread_both_ways() {
    let node = |i: usize| {
        format!(
            r#""$type":"app.bsky.feed.defs#threadViewPost","post":{{"uri":"at://did:plc:x/app.bsky.feed.post/{i}","author":{{"handle":"u{i}.example"}},"record":{{"text":"post {i}"}}}}"#
        )
    };
    // The parent chain upwards, then the replies downwards.
    let mut s = String::from(r#"{"thread":{"#);
    s.push_str(&node(0));
    for i in 1..=DEPTH / 2 {
        s.push_str(&format!(r#","parent":{{{}"#, node(DEPTH + i)));
    }
    for _ in 1..=DEPTH / 2 {
        s.push('}');
    }
    for i in 1..=DEPTH / 2 {
        s.push_str(&format!(r#","replies":[{{{}"#, node(i)));
    }
    for _ in 1..=DEPTH / 2 {
        s.push_str("}]");
    }
    s.push_str("}}");
    deep("deep-bluesky.json", s, DEPTH + 1);
}

// ---------------------------------------------------------------------------------------------
// Damaged and unknown input

fn err(name: &str, text: &str, from: Option<Format>) -> (LoadError, String) {
    let e = read_bundle(
        Input::Bytes {
            name: Path::new(name),
            bytes: text.as_bytes(),
        },
        from,
        &Limits::default(),
    )
    .expect_err("an error");
    let shown = e.to_string();
    assert!(!shown.contains('\n'), "{shown:?}");
    assert!(shown.starts_with(name), "{shown:?}");
    (e, shown)
}

#[test]
fn a_damaged_file_says_which_format_it_looked_like_and_where() {
    let reddit = std::fs::read_to_string(Path::new(FIXTURES).join("reddit/thread.json")).unwrap();
    let cut = &reddit[..reddit.len() / 2];
    let (e, shown) = err("cut.json", cut, None);
    assert!(
        matches!(
            e,
            LoadError::Syntax {
                format: Some(Format::Reddit),
                ..
            }
        ),
        "{e:?}"
    );
    assert!(shown.contains("it looks like a Reddit thread"), "{shown}");
    assert!(shown.starts_with("cut.json:"), "{shown}");

    // The wrong type in a known field: the shape, with line and column.
    let (e, shown) = err(
        "hn.json",
        "{\n  \"id\": 1,\n  \"story_id\": 1,\n  \"children\": 7\n}",
        None,
    );
    assert!(
        matches!(
            e,
            LoadError::Shape {
                line: 4,
                format: Format::HackerNews,
                ..
            }
        ),
        "{e:?}"
    );
    assert!(
        shown.contains("wrong shape for a Hacker News thread"),
        "{shown}"
    );

    let (_, shown) = err(
        "m.json",
        "[{\"account\": {}, \"content\": \"<p>hi\"}, 3]",
        None,
    );
    assert!(shown.contains("Mastodon"), "{shown}");

    let (_, shown) = err(
        "tweets.js",
        "window.YTD.tweets.part0 = {\"tweet\": 1}",
        None,
    );
    assert!(shown.contains("Twitter archive"), "{shown}");
    let (e, _) = err(
        "tweets.js",
        "window.YTD.tweets.part0 = [\n  {\"tweet\": {\"id_str\": }\n]",
        None,
    );
    assert!(matches!(e, LoadError::Syntax { line: 2, .. }), "{e:?}");
}

#[test]
fn unknown_input_names_the_formats_chorus_reads() {
    let (e, shown) = err("notes.txt", "Just some notes\nabout the ferry.\n", None);
    assert!(
        matches!(
            e,
            LoadError::Syntax {
                format: None,
                line: 1,
                column: 1,
                ..
            }
        ),
        "{e:?}"
    );
    for name in [
        "chorus/1",
        "HTML",
        "Mastodon",
        "Bluesky",
        "Reddit",
        "Hacker News",
        "Twitter",
    ] {
        assert!(shown.contains(name), "{name} missing from {shown}");
    }
    let (e, shown) = err(
        "other.json",
        "{\"name\": \"a package\", \"version\": \"1.0\"}",
        None,
    );
    assert!(matches!(e, LoadError::Unrecognized { .. }), "{e:?}");
    assert!(shown.contains("not a format chorus reads"), "{shown}");
}

#[test]
fn from_forces_a_format() {
    let hn = std::fs::read_to_string(Path::new(FIXTURES).join("hackernews/item.json")).unwrap();
    let (format, _) = read_bundle(
        Input::Bytes {
            name: Path::new("x"),
            bytes: hn.as_bytes(),
        },
        Some(Format::HackerNews),
        &Limits::default(),
    )
    .unwrap();
    assert_eq!(format, Format::HackerNews);
    // Forced to the wrong format, the error names the format asked for.
    let (_, shown) = err("x", &hn, Some(Format::Bluesky));
    assert!(shown.contains("Bluesky"), "{shown}");
    let (_, shown) = err("x", "<html><body></body></html>", Some(Format::Reddit));
    assert!(shown.contains("Reddit"), "{shown}");
}

#[test]
fn an_empty_page_has_nothing_to_show() {
    let (e, shown) = err(
        "empty.html",
        "<html><head><title>x</title></head><body></body></html>",
        None,
    );
    assert!(matches!(e, LoadError::Nothing { .. }), "{e:?}");
    assert!(shown.contains("no article text"), "{shown}");
}

#[test]
fn a_page_in_windows_1252_still_reads() {
    let bytes = b"<html><body><article><p>Caf\xe9 \x93quoted\x94 text that is long enough to be an article paragraph for the extractor to keep it, with commas, and more words.</p></article></body></html>";
    let doc = load(
        Input::Bytes {
            name: Path::new("latin.html"),
            bytes,
        },
        None,
        &Limits::default(),
    )
    .unwrap();
    let Block::Paragraph(t) = &doc.article.blocks[0] else {
        panic!("{:?}", doc.article.blocks)
    };
    assert!(t.starts_with("Café “quoted”"), "{t}");
}

#[test]
fn hostile_strings_are_sanitized_like_any_bundle() {
    let text = r#"{"id": 1, "story_id": 1, "author": "x\u001b]0;pwned\u0007", "title": "T\u202e", "text": "<p>a\u001b[31mb", "children": []}"#;
    let doc = load(
        Input::Bytes {
            name: Path::new("evil.json"),
            bytes: text.as_bytes(),
        },
        None,
        &Limits::default(),
    )
    .unwrap();
    assert_eq!(doc.post(0).author.name, "x");
    assert_eq!(doc.article.title, "T");
    assert_eq!(doc.post(0).text, "ab");
}

// ---------------------------------------------------------------------------------------------
// print

#[test]
fn tone_filters_keep_only_those_posts() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/format.md");
    let md = std::fs::read_to_string(path).unwrap();
    let json = md
        .split("## A complete example")
        .nth(1)
        .and_then(|s| s.split("```json\n").nth(1))
        .and_then(|s| s.split("\n```").next())
        .unwrap();
    let doc = load(
        Input::Bytes {
            name: Path::new("example.json"),
            bytes: json.as_bytes(),
        },
        None,
        &Limits::default(),
    )
    .unwrap();
    let out = render(&doc, OutputFormat::Text, &["humorous"]);
    assert!(out.contains("Thread: 2 of 5 posts (humorous)"), "{out}");
    let thread = out.split("Thread:").nth(1).unwrap();
    assert!(!thread.contains("Ted Orrin"), "{thread}");
    assert!(thread.contains("Only on Tuesdays."), "{thread}");
    let out = render(&doc, OutputFormat::Text, &["Humorous", "untagged"]);
    assert!(
        out.contains("Thread: 3 of 5 posts (humorous, untagged)"),
        "{out}"
    );
    let out = render(&doc, OutputFormat::Markdown, &["proud"]);
    insta::assert_snapshot!("markdown_format_doc_example_proud", out);
    let out = render(&doc, OutputFormat::Markdown, &[]);
    insta::assert_snapshot!("markdown_format_doc_example", out);
    // A tone the document does not know is an error, not an empty print.
    let opts = PrintOptions {
        tones: vec!["grumpy".into()],
        ..Default::default()
    };
    let e = print(&doc, &opts, &mut Vec::new()).unwrap_err().to_string();
    assert!(e.contains("unknown tone \"grumpy\""), "{e}");
    assert!(e.contains("supportive, humorous, proud, untagged"), "{e}");
}

#[test]
fn a_page_nested_deeper_than_any_article_still_reads() {
    let n = 2_000;
    let page = format!(
        "<html><body><article><p>{}</p>{}<p>Deep down, a paragraph that is long enough to keep, with \
         commas, and words.</p><blockquote class=\"twitter-tweet\"><p lang=\"en\" dir=\"ltr\">deep \
         tweet</p>&mdash; Ana (@ana) <a href=\"https://twitter.com/ana/status/42\">May 1, 2024</a>\
         </blockquote>{}</article></body></html>",
        "An opening paragraph, long enough to count as the article's text. ".repeat(3),
        "<div>".repeat(n),
        "</div>".repeat(n)
    );
    std::thread::Builder::new()
        .stack_size(2 * 1024 * 1024)
        .spawn(move || {
            let doc = load(
                Input::Bytes {
                    name: Path::new("deep.html"),
                    bytes: page.as_bytes(),
                },
                None,
                &Limits::default(),
            )
            .unwrap();
            assert_eq!(doc.len(), 1);
            assert_eq!(doc.post(0).text, "deep tweet");
            assert_eq!(doc.quotes().count(), 1);
        })
        .unwrap()
        .join()
        .unwrap();
}

/// An article page quoting a Bluesky post, a Mastodon post (in its frame) and a Reddit thread,
/// each with its service's own embed markup.
fn service_embeds_page(mastodon_origin: &str) -> String {
    let para = "The harbour office published the spring tide tables on Monday, and the ferry \
                company said the timetable would change for three weeks in April.";
    format!(
        r#"<html><head><title>Tide tables</title></head><body><article>
<h1>Tide tables</h1><p>{para}</p>
<blockquote class="bluesky-embed" data-bluesky-uri="at://did:plc:mira111/app.bsky.feed.post/3kfocal" data-bluesky-cid="bafy"><p lang="en">Correction: high tide on Tuesday is 14:05.</p>&mdash; Mira Okafor (<a href="https://bsky.app/profile/did:plc:mira111?ref_src=embed">@mira.example</a>) <a href="https://bsky.app/profile/did:plc:mira111/post/3kfocal?ref_src=embed">May 1, 2024 at 10:00 AM</a></blockquote>
<p>{para}</p>
<blockquote class="bluesky-embed" data-bluesky-uri="at://did:plc:olu222/app.bsky.feed.post/3kr1"><p lang="en">Thanks for checking!</p>&mdash; Olu (<a href="https://bsky.app/profile/did:plc:olu222">@olu.example</a>)</blockquote>
<p>{para}</p>
<iframe src="{mastodon_origin}/@mira/110000000000000002/embed" class="mastodon-embed" style="max-width: 100%; border: 0" width="400" allowfullscreen="allowfullscreen"></iframe>
<p>{para}</p>
<blockquote class="reddit-embed-bq" data-embed-height="240"><a href="https://www.reddit.com/r/tides/comments/abc123/spring_tables/">Spring tables are out</a><br> by <a href="https://www.reddit.com/user/harbourmaster/">u/harbourmaster</a> in <a href="https://www.reddit.com/r/tides/">tides</a></blockquote>
<p>{para}</p>
</article></body></html>"#
    )
}

#[test]
fn bluesky_mastodon_and_reddit_embeds_are_quoted_in_place_with_their_addresses() {
    let page = service_embeds_page("https://mastodon.example");
    let doc = load(
        Input::Bytes {
            name: Path::new("tides.html"),
            bytes: page.as_bytes(),
        },
        None,
        &Limits::default(),
    )
    .expect("load");
    let quoted: Vec<_> = doc.quotes().map(|(_, p)| doc.post(p)).collect();
    let ids: Vec<&str> = quoted.iter().map(|p| p.id).collect();
    assert_eq!(
        ids,
        [
            "at://did:plc:mira111/app.bsky.feed.post/3kfocal",
            "at://did:plc:olu222/app.bsky.feed.post/3kr1",
            "mastodon.example/@mira/110000000000000002",
            "t3_abc123",
        ]
    );
    let bsky = &quoted[0];
    assert_eq!(bsky.text, "Correction: high tide on Tuesday is 14:05.");
    assert_eq!(bsky.author.name, "Mira Okafor");
    assert_eq!(bsky.author.handle.as_deref(), Some("mira.example"));
    assert_eq!(
        bsky.url,
        Some("https://bsky.app/profile/did:plc:mira111/post/3kfocal")
    );
    // The frame's words are not in the page: said so, with where the post is.
    let masto = &quoted[2];
    assert!(masto.text_is_description);
    assert_eq!(
        masto.url,
        Some("https://mastodon.example/@mira/110000000000000002")
    );
    assert_eq!(
        masto.author.handle.as_deref(),
        Some("mira@mastodon.example")
    );
    let reddit = &quoted[3];
    assert_eq!(reddit.text, "Spring tables are out");
    assert_eq!(reddit.author.name, "u/harbourmaster");
    assert_eq!(
        reddit.url,
        Some("https://www.reddit.com/r/tides/comments/abc123/spring_tables/")
    );
}

/// The embeds of each HTML page among the fixtures, in order, as the article shows them. Any
/// change to the extraction must keep every one where it stands.
#[test]
fn every_html_fixture_keeps_every_embed_in_its_place() {
    let expected: [(&str, &[&str]); 3] = [
        (
            "html/article-embeds.html",
            &[
                "1000000000000000001",
                "1000000000000000002",
                "1000000000000000003",
                "unavailable-embed-1",
            ],
        ),
        (
            "html/no-article-element.html",
            &["2000000000000000001", "2000000000000000002"],
        ),
        ("html/pre-block.html", &["1100000000000000001"]),
    ];
    let html: Vec<PathBuf> = fixtures()
        .into_iter()
        .filter(|(_, f)| *f == Format::Html)
        .map(|(p, _)| p)
        .collect();
    assert_eq!(html.len(), expected.len(), "a new page needs its line here");
    for (rel, embeds) in expected {
        let doc = fixture(rel);
        let got: Vec<&str> = doc
            .article
            .blocks
            .iter()
            .filter_map(|b| match b {
                Block::Embed { id, .. } => Some(id.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(got, embeds, "{rel}");
    }
}
