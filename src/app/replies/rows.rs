//! The rows of the reply list, kept as a set of places in the current order rather than as a
//! list of rows: one bit a place for "listed" and one for "listed as context", and the count of
//! listed places before each word of 64. "Row k" is a search of the counts and a bit select
//! within one word; "the row of place p" is a count and a popcount. A filter change rewrites
//! the bits (a million places are 16 KB of words each) instead of a million-entry list, and a
//! million-post thread costs 0.3 MB here instead of 8 MB.

use std::sync::Arc;

use super::list::Row;
use crate::model::PostIdx;

/// Bits a word.
const W: usize = 64;

/// A set of places, one bit each.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PlaceBits(Vec<u64>);

impl PlaceBits {
    /// `len` places, all out.
    pub fn none(len: usize) -> Self {
        PlaceBits(vec![0; len.div_ceil(W)])
    }

    /// `len` places, all in.
    pub fn all(len: usize) -> Self {
        let mut bits = PlaceBits(vec![u64::MAX; len.div_ceil(W)]);
        if !len.is_multiple_of(W)
            && let Some(last) = bits.0.last_mut()
        {
            *last = (1u64 << (len % W)) - 1;
        }
        bits
    }

    /// The words, 64 places each, the first place in the lowest bit; the bits past the last
    /// place must stay clear.
    pub fn words_mut(&mut self) -> &mut [u64] {
        &mut self.0
    }

    /// Sets place `k` when `on`, without a branch on it.
    #[inline]
    pub fn put(&mut self, k: usize, on: bool) {
        self.0[k / W] |= u64::from(on) << (k % W);
    }

    #[inline]
    pub fn get(&self, k: usize) -> bool {
        self.0[k / W] >> (k % W) & 1 == 1
    }

    /// Takes places `from..to` out.
    pub fn clear(&mut self, from: usize, to: usize) {
        if from >= to {
            return;
        }
        let (a, b) = (from / W, (to - 1) / W);
        let from_up = !0u64 << (from % W); // `from` and the places above it in its word
        let to_down = !0u64 >> (W - 1 - (to - 1) % W); // `to - 1` and the places below it
        if a == b {
            self.0[a] &= !(from_up & to_down);
        } else {
            self.0[a] &= !from_up;
            self.0[a + 1..b].iter_mut().for_each(|w| *w = 0);
            self.0[b] &= !to_down;
        }
    }

    /// The first place at or after `from` that is in.
    pub fn next_at(&self, from: usize) -> Option<usize> {
        let mut w = from / W;
        let mut word = *self.0.get(w)? & (!0u64 << (from % W));
        while word == 0 {
            w += 1;
            word = *self.0.get(w)?;
        }
        Some(w * W + word.trailing_zeros() as usize)
    }
}

/// The listed places and what they are.
#[derive(Debug, Clone, Default)]
pub struct Rows {
    /// The post at each place, first to last in the order's own direction.
    order: Arc<[PostIdx]>,
    /// Places count from the end of `order` (newest first reads the time order backwards).
    reversed: bool,
    listed: PlaceBits,
    context: PlaceBits,
    /// Listed places in the words before each word; one entry more than words, the last the
    /// number of rows.
    before: Vec<u32>,
}

impl Rows {
    /// The rows of `listed` (a set of places of `order`), those in `context` dim context rows.
    pub fn new(
        order: Arc<[PostIdx]>,
        reversed: bool,
        listed: PlaceBits,
        context: PlaceBits,
    ) -> Self {
        let mut before = Vec::with_capacity(listed.0.len() + 1);
        let mut n = 0u32;
        before.push(0);
        for w in &listed.0 {
            n += w.count_ones();
            before.push(n);
        }
        Rows {
            order,
            reversed,
            listed,
            context,
            before,
        }
    }

    /// The order the places are in.
    pub fn order(&self) -> &Arc<[PostIdx]> {
        &self.order
    }

    pub fn len(&self) -> usize {
        self.before.last().copied().unwrap_or(0) as usize
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Row `i`.
    pub fn get(&self, i: usize) -> Option<Row> {
        self.place_of_row(i).map(|k| self.row_at(k))
    }

    /// Row `i`'s screen lines, or 0 past the end.
    pub fn height(&self, i: usize) -> usize {
        self.get(i).map_or(0, Row::height)
    }

    /// Rows listed before place `k`: the row place `k` has when it is listed, or else the row
    /// that follows where it would be.
    pub fn rows_before(&self, k: usize) -> usize {
        let (w, b) = (k / W, k % W);
        match self.listed.0.get(w) {
            Some(word) => (self.before[w] + (word & ((1u64 << b) - 1)).count_ones()) as usize,
            None => self.len(),
        }
    }

    /// Whether place `k` is listed.
    pub fn has_place(&self, k: usize) -> bool {
        k / W < self.listed.0.len() && self.listed.get(k)
    }

    /// Rows from `i` on, in order.
    pub fn iter_from(&self, i: usize) -> impl Iterator<Item = Row> + '_ {
        let start = self.place_of_row(i);
        let mut w = start.map_or(self.listed.0.len(), |k| k / W);
        let mut word = start.map_or(0, |k| self.listed.0[w] & !((1u64 << (k % W)) - 1));
        std::iter::from_fn(move || {
            while word == 0 {
                w += 1;
                word = *self.listed.0.get(w)?;
            }
            let k = w * W + word.trailing_zeros() as usize;
            word &= word - 1;
            Some(self.row_at(k))
        })
    }

    /// Every row, in order.
    pub fn iter(&self) -> impl Iterator<Item = Row> + '_ {
        self.iter_from(0)
    }

    /// Every row, in order.
    pub fn to_vec(&self) -> Vec<Row> {
        self.iter_from(0).collect()
    }

    /// The place of row `i`: the word whose count passes `i`, then the bit within it.
    fn place_of_row(&self, i: usize) -> Option<usize> {
        if i >= self.len() {
            return None;
        }
        let w = self.before.partition_point(|&n| n as usize <= i) - 1;
        let mut word = self.listed.0[w];
        for _ in 0..i - self.before[w] as usize {
            word &= word - 1;
        }
        Some(w * W + word.trailing_zeros() as usize)
    }

    fn row_at(&self, k: usize) -> Row {
        let at = if self.reversed {
            self.order.len() - 1 - k
        } else {
            k
        };
        Row {
            post: self.order[at],
            context: self.context.get(k),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A plain list of the places in `set`, the definition the bits must agree with.
    fn rows_of(n: usize, set: &[usize], ctx: &[usize], reversed: bool) -> Rows {
        let mut listed = PlaceBits::none(n);
        let mut context = PlaceBits::none(n);
        for &k in set {
            listed.put(k, true);
        }
        for &k in ctx {
            context.put(k, true);
        }
        let order: Arc<[PostIdx]> = (0..n as PostIdx).map(|p| p * 10).collect();
        Rows::new(order, reversed, listed, context)
    }

    #[test]
    fn row_k_and_the_row_of_a_place_agree_with_a_plain_list() {
        let mut seed = 12345u64;
        for n in [0, 1, 63, 64, 65, 130, 1000] {
            for density in [0, 1, 3, 7, 8] {
                let mut set = Vec::new();
                for k in 0..n {
                    seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1);
                    if (seed >> 40) % 8 < density {
                        set.push(k);
                    }
                }
                let ctx: Vec<usize> = set.iter().copied().filter(|k| k % 3 == 0).collect();
                for reversed in [false, true] {
                    let rows = rows_of(n, &set, &ctx, reversed);
                    assert_eq!(rows.len(), set.len());
                    let post = |k: usize| (if reversed { n - 1 - k } else { k }) as PostIdx * 10;
                    for (i, &k) in set.iter().enumerate() {
                        let want = Row {
                            post: post(k),
                            context: k % 3 == 0,
                        };
                        assert_eq!(rows.get(i), Some(want), "n {n} row {i}");
                        assert_eq!(rows.rows_before(k), i);
                        assert!(rows.has_place(k));
                        assert_eq!(rows.iter_from(i).next(), Some(want));
                        assert_eq!(rows.iter_from(i).count(), set.len() - i);
                    }
                    assert_eq!(rows.get(set.len()), None);
                    assert_eq!(rows.iter_from(set.len()).next(), None);
                    for k in 0..n {
                        assert_eq!(rows.rows_before(k), set.iter().filter(|&&s| s < k).count());
                        assert_eq!(rows.has_place(k), set.contains(&k));
                    }
                    assert_eq!(rows.rows_before(n + 100), set.len());
                    assert_eq!(rows.to_vec().len(), set.len());
                }
            }
        }
    }

    #[test]
    fn clearing_a_span_takes_out_exactly_that_span() {
        for n in [1, 5, 64, 65, 200] {
            for from in 0..n.min(70) {
                for to in from..=n.min(from + 140) {
                    let mut bits = PlaceBits::all(n);
                    bits.clear(from, to);
                    for k in 0..n {
                        assert_eq!(
                            bits.get(k),
                            !(from..to).contains(&k),
                            "{n} {from}..{to} {k}"
                        );
                    }
                    let first_after = |f: usize| (f..n).find(|&k| bits.get(k));
                    for f in 0..n + 3 {
                        assert_eq!(bits.next_at(f), first_after(f));
                    }
                    // Nothing past the end is ever set.
                    let ones: u32 = bits.0.iter().map(|w| w.count_ones()).sum();
                    assert_eq!(ones as usize, n - (to - from));
                }
            }
        }
    }
}
