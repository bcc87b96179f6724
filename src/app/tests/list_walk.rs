//! The reply list's thread walk against the plain definition of what it lists, on many small
//! random threads, tone filters and folds.

use super::*;
use crate::app::filter::ToneFilter;
use crate::app::replies::{Order, ReplyList, Row};

/// A small deterministic generator, so a failure names a case that can be run again.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) % n as u64) as usize
    }
}

/// What the list must hold, from the definition: the thread depth first; a shown post is a
/// row, and its replies follow unless it is folded; a hidden post is a context row when
/// context rows are on and a shown post is below it (folded or not), else it is left out with
/// everything below it; with context rows off, a hidden post is left out and its replies are
/// still looked at.
fn expected(doc: &Document, filter: &ToneFilter, folded: &[bool], context: bool) -> Vec<Row> {
    fn any_shown(doc: &Document, filter: &ToneFilter, p: PostIdx) -> bool {
        !filter.is_hidden(doc.tone_key(p))
            || doc
                .thread
                .children(p)
                .iter()
                .any(|&c| any_shown(doc, filter, c))
    }
    fn visit(
        doc: &Document,
        filter: &ToneFilter,
        folded: &[bool],
        context: bool,
        p: PostIdx,
        rows: &mut Vec<Row>,
    ) {
        let shown = !filter.is_hidden(doc.tone_key(p));
        let listed = shown || (context && any_shown(doc, filter, p));
        if listed {
            rows.push(Row {
                post: p,
                context: !shown,
            });
        }
        let descend = if listed {
            !folded[p as usize]
        } else {
            !context
        };
        if descend {
            for &c in doc.thread.children(p) {
                visit(doc, filter, folded, context, c, rows);
            }
        }
    }
    let mut rows = Vec::new();
    for &root in &doc.thread.roots {
        visit(doc, filter, folded, context, root, &mut rows);
    }
    rows
}

#[test]
fn the_thread_walk_lists_what_the_definition_says() {
    let tones = [Some("supportive"), Some("critical"), Some("humorous"), None];
    let mut rng = Lcg(7);
    for case in 0..300 {
        // Some over several words of the list's bit set (64 places a word).
        let posts = 1 + rng.below(if case % 3 == 0 { 300 } else { 40 });
        let mut b = bundle(posts, &[None], &[]);
        for i in 0..posts {
            b.posts[i].tone = tones[rng.below(tones.len())].map(String::from);
            // Replies to any post, earlier or later in the file, or to none.
            b.posts[i].in_reply_to = (rng.below(4) != 0).then(|| format!("p{}", rng.below(posts)));
        }
        let doc = build_document(b);
        let mut filter = ToneFilter::new(&doc.tones);
        for place in 0..filter.legend.len() {
            if rng.below(2) == 0 {
                filter.toggle(place);
            }
        }
        let mut list = ReplyList::new(&doc, &filter);
        for f in list.folded.iter_mut() {
            *f = rng.below(4) == 0;
        }
        for context in [true, false] {
            list.context_mode = context;
            list.rebuild(&doc, &filter, None);
            assert_eq!(
                list.rows.to_vec(),
                expected(&doc, &filter, &list.folded, context),
                "case {case}, context rows {context}"
            );
            // Each post's row, found from the post, is the row that lists it.
            for (i, row) in list.rows.iter().enumerate() {
                assert_eq!(list.position_of(row.post), Some(i), "case {case}");
            }
            let listed = list.rows.len();
            let unlisted = (0..posts as PostIdx).filter(|&p| list.position_of(p).is_none());
            assert_eq!(unlisted.count(), posts - listed, "case {case}");
        }
        // By time: every shown post, no context rows, no folds, in the document's time order
        // or its reverse.
        for order in [Order::OldestFirst, Order::NewestFirst] {
            list.set_order(&doc, order);
            list.rebuild(&doc, &filter, None);
            let mut want: Vec<Row> = doc
                .time_order()
                .iter()
                .filter(|&&p| !filter.is_hidden(doc.tone_key(p)))
                .map(|&post| Row {
                    post,
                    context: false,
                })
                .collect();
            if order == Order::NewestFirst {
                want.reverse();
            }
            assert_eq!(list.rows.to_vec(), want, "case {case}, {order:?}");
            for (i, row) in want.iter().enumerate() {
                assert_eq!(list.position_of(row.post), Some(i), "case {case}");
            }
        }
        list.set_order(&doc, Order::Thread);
    }
}
