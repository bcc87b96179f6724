//! Finding text: which posts contain a query, and the ranges to highlight in a line. Smart case:
//! a query with a capital letter matches case exactly.

use std::ops::Range;
use std::time::{Duration, Instant};

use memchr::memmem;

use super::{PostsFound, SearchRequest};
use crate::model::{PostIdx, PostStore};

/// Whether a post holds a query. A post is searched as the list shows it, one line of its
/// author's name, `@handle` and text, so a query can run from the name into the text. Nothing
/// is built ahead: each post is lower-cased into a reused buffer as it is looked at, so there
/// is no second copy of every text and no set-up before the first search.
pub struct PostMatcher {
    finder: memmem::Finder<'static>,
    case_sensitive: bool,
    empty: bool,
}

impl PostMatcher {
    pub fn new(query: &str, case_sensitive: bool) -> Self {
        let needle = if case_sensitive {
            query.to_string()
        } else {
            query.to_lowercase()
        };
        PostMatcher {
            finder: memmem::Finder::new(needle.as_bytes()).into_owned(),
            case_sensitive,
            empty: query.is_empty(),
        }
    }

    /// Whether `post` holds the query. `line` is scratch space, reused between calls.
    pub fn matches(&self, store: &PostStore, post: PostIdx, line: &mut Vec<u8>) -> bool {
        if self.empty {
            return false;
        }
        let author = store.author(post);
        line.clear();
        for part in [
            author.name.as_str(),
            " @",
            author.handle.as_deref().unwrap_or(""),
            " ",
            store.text(post),
        ] {
            if self.case_sensitive {
                line.extend_from_slice(part.as_bytes());
            } else if part.is_ascii() {
                line.extend(part.bytes().map(|b| b.to_ascii_lowercase()));
            } else if part.contains('Σ') {
                // As the query was: `str::to_lowercase` knows a final sigma, `char`'s does not.
                line.extend_from_slice(part.to_lowercase().as_bytes());
            } else {
                // The same as `str::to_lowercase` without a sigma, and without allocating.
                let mut utf8 = [0u8; 4];
                for c in part.chars() {
                    if c.is_ascii() {
                        line.push(c.to_ascii_lowercase() as u8);
                    } else {
                        for l in c.to_lowercase() {
                            line.extend_from_slice(l.encode_utf8(&mut utf8).as_bytes());
                        }
                    }
                }
            }
        }
        self.finder.find(line).is_some()
    }

    /// The posts in `range` (file order) that hold the query.
    pub fn find(&self, store: &PostStore, range: Range<usize>) -> Vec<PostIdx> {
        let mut line = Vec::new();
        range
            .map(|p| p as PostIdx)
            .filter(|&p| self.matches(store, p, &mut line))
            .collect()
    }
}

/// Posts looked through between two looks at whether the search is still wanted.
const CHUNK: usize = 8192;

/// Looks through the posts a request names, in file order, handing over what it found at
/// least every `every` (and at the end) through `send`, with how far it has got. Stops early,
/// returning false, once `wanted` says a newer request replaced this one or `send` says
/// nobody listens.
pub fn look_through(
    request: &SearchRequest,
    store: &PostStore,
    every: Duration,
    wanted: impl Fn() -> bool,
    mut send: impl FnMut(PostsFound) -> bool,
) -> bool {
    let matcher = PostMatcher::new(&request.query, request.case_sensitive);
    let total = store.len();
    let mut line = Vec::new();
    let mut posts = Vec::new();
    let mut from = request.from.min(total);
    let mut last_sent = Instant::now();
    loop {
        if !wanted() {
            return false;
        }
        let to = (from + CHUNK).min(total);
        posts.extend(
            (from..to)
                .map(|p| p as PostIdx)
                .filter(|&p| matcher.matches(store, p, &mut line)),
        );
        from = to;
        if from == total || last_sent.elapsed() >= every {
            let found = PostsFound {
                generation: request.generation,
                posts: std::mem::take(&mut posts),
                searched: from,
                total,
            };
            if !send(found) {
                return false;
            }
            last_sent = Instant::now();
        }
        if from == total {
            return true;
        }
    }
}

/// Smart case: exact when the query has a capital letter.
pub fn is_case_sensitive(query: &str) -> bool {
    query.chars().any(char::is_uppercase)
}

/// Byte ranges of `query` in `line`, for highlighting.
pub fn ranges_in(line: &str, query: &str, case_sensitive: bool) -> Vec<Range<usize>> {
    if query.is_empty() {
        return Vec::new();
    }
    if case_sensitive {
        return line
            .match_indices(query)
            .map(|(i, m)| i..i + m.len())
            .collect();
    }
    // Lower-case the line keeping, for every lowered byte, the original char's byte range.
    let mut lowered = String::with_capacity(line.len());
    let mut origin: Vec<Range<usize>> = Vec::with_capacity(line.len());
    for (i, c) in line.char_indices() {
        let range = i..i + c.len_utf8();
        for l in c.to_lowercase() {
            for _ in 0..l.len_utf8() {
                origin.push(range.clone());
            }
            lowered.push(l);
        }
    }
    let q = query.to_lowercase();
    lowered
        .match_indices(q.as_str())
        .map(|(i, m)| origin[i].start..origin[i + m.len() - 1].end)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::build_document;
    use crate::load::bundle::{ArticleFile, BundleFile, PostFile};
    use crate::model::Document;

    fn bundle(texts: &[&str]) -> BundleFile {
        BundleFile {
            format: Some("chorus/1".into()),
            article: ArticleFile::default(),
            posts: texts
                .iter()
                .enumerate()
                .map(|(i, t)| PostFile {
                    id: i.to_string(),
                    text: t.to_string(),
                    ..Default::default()
                })
                .collect(),
        }
    }

    fn doc(texts: &[&str]) -> Document {
        build_document(bundle(texts))
    }

    /// The posts of `doc` holding `query`, smart case.
    fn find(doc: &Document, query: &str) -> Vec<PostIdx> {
        find_as(doc, query, is_case_sensitive(query))
    }

    fn find_as(doc: &Document, query: &str, case_sensitive: bool) -> Vec<PostIdx> {
        PostMatcher::new(query, case_sensitive).find(doc.store(), 0..doc.len())
    }

    #[test]
    fn smart_case() {
        let d = doc(&["Tennis is great", "tennis again", "no match"]);
        assert_eq!(find(&d, "tennis"), [0, 1]);
        assert_eq!(find(&d, "Tennis"), [0]);
    }

    #[test]
    fn one_match_per_post_and_none_across_posts() {
        let d = doc(&["aa aa aa", "b", "aa"]);
        assert_eq!(find_as(&d, "aa", false), [0, 2]);
        assert!(find_as(&d, "aa b", false).is_empty());
        assert!(find_as(&d, "", false).is_empty());
    }

    #[test]
    fn lowercasing_that_changes_length_keeps_posts_apart() {
        // 'İ' lower-cases to two chars; the next post must still be found as itself.
        let d = doc(&["İİİİ", "target", "ΟΔΟΣ"]);
        assert_eq!(find_as(&d, "target", false), [1]);
        assert_eq!(find_as(&d, "i̇", false), [0]);
        // A final sigma lower-cases the same way in the query and in the post.
        assert_eq!(find(&d, &"ΟΔΟΣ".to_lowercase()), [2]);
    }

    #[test]
    fn authors_are_searched_too() {
        let mut file = bundle(&["hello"]);
        file.posts[0].author.name = "Zoë".into();
        let d = build_document(file);
        assert_eq!(find(&d, "zoë"), [0]);
        assert_eq!(find(&d, "zoë @"), [0]);
        assert_eq!(find(&d, "Zoë"), [0]);
        assert!(find(&d, "ZOË").is_empty());
    }

    #[test]
    fn a_worker_search_hands_over_all_it_finds_and_stops_when_replaced() {
        let texts: Vec<String> = (0..20_000)
            .map(|i| {
                if i % 3 == 0 {
                    format!("Match {i}")
                } else {
                    format!("other {i}")
                }
            })
            .collect();
        let d = doc(&texts.iter().map(String::as_str).collect::<Vec<_>>());
        let request = SearchRequest {
            generation: 4,
            query: "match".into(),
            case_sensitive: false,
            from: 100,
        };
        let mut got = Vec::new();
        let mut last = 0;
        let finished = look_through(
            &request,
            d.store(),
            Duration::ZERO,
            || true,
            |f| {
                assert_eq!((f.generation, f.total), (4, 20_000));
                assert!(f.searched > last);
                last = f.searched;
                got.extend(f.posts);
                true
            },
        );
        assert!(finished);
        assert_eq!(last, 20_000);
        let expected: Vec<PostIdx> = (100..20_000).filter(|i| i % 3 == 0).collect();
        assert_eq!(got, expected);

        // Replaced after the first chunk: it stops, having said no more than that chunk.
        let looks = std::cell::Cell::new(0);
        let mut handed = 0;
        let finished = look_through(
            &request,
            d.store(),
            Duration::ZERO,
            || {
                looks.set(looks.get() + 1);
                looks.get() == 1
            },
            |_| {
                handed += 1;
                true
            },
        );
        assert!(!finished);
        assert_eq!(handed, 1);
    }

    #[test]
    fn ranges_map_back_to_the_original_bytes() {
        assert_eq!(
            ranges_in("Tennis TENNIS tennis", "tennis", false),
            [0..6, 7..13, 14..20]
        );
        assert_eq!(
            ranges_in("Tennis TENNIS tennis", "TENNIS", true),
            vec![7..13; 1]
        );
        let line = "ÉCOLE école";
        for r in ranges_in(line, "école", false) {
            assert!(line.is_char_boundary(r.start) && line.is_char_boundary(r.end));
        }
        assert_eq!(ranges_in(line, "école", false).len(), 2);
        assert!(ranges_in("abc", "", false).is_empty());
    }
}
