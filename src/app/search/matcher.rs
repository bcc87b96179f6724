//! Finding text: which posts contain a query, and the ranges to highlight in a line. Smart case:
//! a query with a capital letter matches case exactly.

use std::ops::Range;

use memchr::memmem;

use crate::model::{Document, PostIdx};

/// Every post's author and text, lower-cased, in one string so a search is one pass of memmem
/// over contiguous memory. Built the first time a search runs.
#[derive(Debug, Default)]
pub struct PostHaystack {
    lower: String,
    exact: String,
    /// Byte offset where each post's text starts, in both strings (same layout, see `new`).
    starts: Vec<usize>,
}

/// Separates posts in the haystack; a query holding it matches nothing.
const SEP: char = '\0';

impl PostHaystack {
    pub fn new(doc: &Document) -> Self {
        let mut lower = String::new();
        let mut exact = String::new();
        let mut starts = Vec::with_capacity(doc.len());
        for p in doc.posts() {
            // Lower-casing can change a string's length, so each post is padded to the same
            // length in both strings; offsets then map from one to the other.
            starts.push(exact.len());
            let e = format!(
                "{} @{} {}",
                p.author.name,
                p.author.handle.as_deref().unwrap_or(""),
                p.text
            );
            let l = e.to_lowercase();
            exact.push_str(&e);
            lower.push_str(&l);
            let (el, ll) = (e.len(), l.len());
            for _ in el..ll {
                exact.push(SEP);
            }
            for _ in ll..el {
                lower.push(SEP);
            }
            exact.push(SEP);
            lower.push(SEP);
        }
        PostHaystack {
            lower,
            exact,
            starts,
        }
    }

    /// The posts containing `query`, in file order.
    pub fn find(&self, query: &str, case_sensitive: bool) -> Vec<PostIdx> {
        if query.is_empty() || query.contains(SEP) {
            return Vec::new();
        }
        let (hay, needle) = if case_sensitive {
            (self.exact.as_bytes(), query.to_string())
        } else {
            (self.lower.as_bytes(), query.to_lowercase())
        };
        let finder = memmem::Finder::new(needle.as_bytes());
        let mut out: Vec<PostIdx> = Vec::new();
        let mut from = 0;
        while let Some(i) = finder.find(&hay[from..]) {
            let at = from + i;
            let post = self.starts.partition_point(|&s| s <= at) - 1;
            out.push(post as PostIdx);
            // One match per post: continue after this post.
            from = self.starts.get(post + 1).copied().unwrap_or(hay.len());
            if from >= hay.len() {
                break;
            }
        }
        out
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

    #[test]
    fn smart_case() {
        let h = PostHaystack::new(&doc(&["Tennis is great", "tennis again", "no match"]));
        assert_eq!(h.find("tennis", is_case_sensitive("tennis")), [0, 1]);
        assert_eq!(h.find("Tennis", is_case_sensitive("Tennis")), [0]);
    }

    #[test]
    fn one_match_per_post_and_none_across_posts() {
        let h = PostHaystack::new(&doc(&["aa aa aa", "b", "aa"]));
        assert_eq!(h.find("aa", false), [0, 2]);
        assert!(h.find("aa b", false).is_empty());
    }

    #[test]
    fn lowercasing_that_changes_length_keeps_posts_apart() {
        // 'İ' lower-cases to two chars; the next post must still be found as itself.
        let h = PostHaystack::new(&doc(&["İİİİ", "target"]));
        assert_eq!(h.find("target", false), [1]);
        assert_eq!(h.find("i̇", false), [0]);
    }

    #[test]
    fn authors_are_searched_too() {
        let mut file = bundle(&["hello"]);
        file.posts[0].author.name = "Zoë".into();
        let h = PostHaystack::new(&build_document(file));
        assert_eq!(h.find("zoë", false), [0]);
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
