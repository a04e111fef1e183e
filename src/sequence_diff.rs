//! Diff operations as spans of both sequences.
//!
//! `similar`'s Patience diff can report, on a deletion or an insertion, an
//! index of the *other* sequence that is not where the cursor stands (found
//! by fuzzing: a deletion after an equal run said `new_index: 2` where the
//! new sequence stood at 4). So positions are taken from our own cursors,
//! advanced by the operations' lengths, never from those indices.

use similar::{capture_diff_slices_deadline, Algorithm, DiffOp};
use std::ops::Range;
use std::time::Instant;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Tag {
    Equal,
    Delete,
    Insert,
    Replace,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Span {
    pub(crate) tag: Tag,
    pub(crate) old: Range<usize>,
    pub(crate) new: Range<usize>,
}

/// The spans of a diff of `a` into `b`, in order, covering both wholly.
pub(crate) fn diff<T: PartialEq + std::hash::Hash + Ord>(
    alg: Algorithm,
    a: &[T],
    b: &[T],
    deadline: Option<Instant>,
) -> Vec<Span> {
    let ops = capture_diff_slices_deadline(alg, a, b, deadline);
    let (mut o, mut n) = (0usize, 0usize);
    let mut out = Vec::with_capacity(ops.len());
    for op in ops {
        let (tag, ol, nl) = match op {
            DiffOp::Equal { len, .. } => (Tag::Equal, len, len),
            DiffOp::Delete { old_len, .. } => (Tag::Delete, old_len, 0),
            DiffOp::Insert { new_len, .. } => (Tag::Insert, 0, new_len),
            DiffOp::Replace { old_len, new_len, .. } => (Tag::Replace, old_len, new_len),
        };
        out.push(Span { tag, old: o..o + ol, new: n..n + nl });
        o += ol;
        n += nl;
    }
    debug_assert!(o == a.len() && n == b.len());
    out
}

/// Windows at most this long (both sides together) are diffed by
/// `similar`'s patience diff as they always were; its Myers steps cost up
/// to the square of the window, which stays small here.
const SMALL_WINDOW: usize = 512;
/// How many times the anchoring may look again inside a gap for items that
/// became unique there.
const MAX_DEPTH: usize = 48;

/// The spans of a diff of `a` into `b` that stays near-linear whatever the
/// sequences hold (thousands of sibling divisions with nothing unique to
/// tell them apart): common ends taken off, then the items found once on
/// each side anchor the alignment (patience: the longest increasing run of
/// such pairs), and each gap between anchors is diffed the same way. A
/// small window goes to `similar`'s patience diff; a large one that no
/// unique item anchors is reported as replaced, never given to a quadratic
/// step.
pub(crate) fn anchored<T: Eq + std::hash::Hash + Ord>(a: &[T], b: &[T]) -> Vec<Span> {
    let mut out = Vec::new();
    window(a, b, (0, 0), 0, &mut out);
    debug_assert!(covers(&out, a.len(), b.len()));
    out
}

fn covers(spans: &[Span], a: usize, b: usize) -> bool {
    let (mut o, mut n) = (0, 0);
    for s in spans {
        if s.old.start != o || s.new.start != n {
            return false;
        }
        o = s.old.end;
        n = s.new.end;
    }
    (o, n) == (a, b)
}

/// Appends a span, joined to the previous one when of the same kind.
fn push(out: &mut Vec<Span>, tag: Tag, old: Range<usize>, new: Range<usize>) {
    if old.is_empty() && new.is_empty() {
        return;
    }
    if let Some(last) = out.last_mut() {
        if last.tag == tag && last.old.end == old.start && last.new.end == new.start {
            last.old.end = old.end;
            last.new.end = new.end;
            return;
        }
    }
    out.push(Span { tag, old, new });
}

fn window<T: Eq + std::hash::Hash + Ord>(a: &[T], b: &[T], base: (usize, usize), depth: usize, out: &mut Vec<Span>) {
    if a.len() + b.len() <= SMALL_WINDOW {
        for s in diff(Algorithm::Patience, a, b, None) {
            push(out, s.tag, base.0 + s.old.start..base.0 + s.old.end, base.1 + s.new.start..base.1 + s.new.end);
        }
        return;
    }
    let pre = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    push(out, Tag::Equal, base.0..base.0 + pre, base.1..base.1 + pre);
    let (a, b, base) = (&a[pre..], &b[pre..], (base.0 + pre, base.1 + pre));
    let suf = a.iter().rev().zip(b.iter().rev()).take_while(|(x, y)| x == y).count();
    let (am, bm) = (&a[..a.len() - suf], &b[..b.len() - suf]);
    match (am.is_empty(), bm.is_empty()) {
        (true, _) => push(out, Tag::Insert, base.0..base.0, base.1..base.1 + bm.len()),
        (_, true) => push(out, Tag::Delete, base.0..base.0 + am.len(), base.1..base.1),
        _ => {
            let anchors = if depth < MAX_DEPTH { unique_anchors(am, bm) } else { Vec::new() };
            if anchors.is_empty() {
                push(out, Tag::Replace, base.0..base.0 + am.len(), base.1..base.1 + bm.len());
            } else {
                let (mut i, mut j) = (0, 0);
                for (x, y) in anchors {
                    window(&am[i..x], &bm[j..y], (base.0 + i, base.1 + j), depth + 1, out);
                    push(out, Tag::Equal, base.0 + x..base.0 + x + 1, base.1 + y..base.1 + y + 1);
                    (i, j) = (x + 1, y + 1);
                }
                window(&am[i..], &bm[j..], (base.0 + i, base.1 + j), depth + 1, out);
            }
        }
    }
    push(out, Tag::Equal, base.0 + am.len()..base.0 + a.len(), base.1 + bm.len()..base.1 + b.len());
}

/// The pairs of positions of items found exactly once in `a` and once in
/// `b`, the longest run of them in the same order on both sides.
fn unique_anchors<T: Eq + std::hash::Hash>(a: &[T], b: &[T]) -> Vec<(usize, usize)> {
    // item → (times in a, position in a, times in b, position in b)
    let mut seen: rustc_hash::FxHashMap<&T, (u32, usize, u32, usize)> = Default::default();
    for (i, x) in a.iter().enumerate() {
        let e = seen.entry(x).or_insert((0, i, 0, 0));
        e.0 += 1;
    }
    for (j, y) in b.iter().enumerate() {
        if let Some(e) = seen.get_mut(y) {
            e.2 += 1;
            e.3 = j;
        }
    }
    let pairs: Vec<(usize, usize)> =
        a.iter().filter_map(|x| seen.get(x).filter(|e| e.0 == 1 && e.2 == 1).map(|e| (e.1, e.3))).collect();
    longest_increasing(&pairs)
}

/// The longest subsequence of `pairs` (in order of their first position)
/// whose second positions increase: patience sorting, O(n log n).
fn longest_increasing(pairs: &[(usize, usize)]) -> Vec<(usize, usize)> {
    let mut tops: Vec<usize> = Vec::new(); // index into pairs of each pile's top
    let mut back: Vec<Option<usize>> = vec![None; pairs.len()];
    for (k, p) in pairs.iter().enumerate() {
        let pile = tops.partition_point(|&t| pairs[t].1 < p.1);
        back[k] = pile.checked_sub(1).map(|q| tops[q]);
        if pile == tops.len() {
            tops.push(k);
        } else {
            tops[pile] = k;
        }
    }
    let mut run = Vec::with_capacity(tops.len());
    let mut at = tops.last().copied();
    while let Some(k) = at {
        run.push(pairs[k]);
        at = back[k];
    }
    run.reverse();
    run
}

/// How many items the two sequences share, in order.
pub(crate) fn common<T: PartialEq + std::hash::Hash + Ord>(
    alg: Algorithm,
    a: &[T],
    b: &[T],
    deadline: Option<Instant>,
) -> usize {
    diff(alg, a, b, deadline).iter().filter(|s| s.tag == Tag::Equal).map(|s| s.old.len()).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(a: &[u32], b: &[u32]) -> Vec<Span> {
        let spans = anchored(a, b);
        assert!(covers(&spans, a.len(), b.len()));
        for s in spans.iter().filter(|s| s.tag == Tag::Equal) {
            assert_eq!(a[s.old.clone()], b[s.new.clone()]);
        }
        spans
    }

    #[test]
    fn the_anchored_diff_covers_both_sequences_and_matches_what_it_says() {
        // Small: as similar's patience diff.
        let (a, b) = ([1, 2, 3, 4, 5], [1, 9, 3, 4, 6]);
        assert_eq!(check(&a, &b), diff(Algorithm::Patience, &a, &b, None));
        // Large, nothing in common: one replacement, not a quadratic search.
        let a: Vec<u32> = (0..20_000).collect();
        let b: Vec<u32> = (20_000..40_000).collect();
        assert_eq!(check(&a, &b).len(), 1);
        // Large, one item in a hundred changed: every other item kept.
        let b: Vec<u32> = a.iter().map(|x| if x % 100 == 50 { x + 1_000_000 } else { *x }).collect();
        let kept: usize = check(&a, &b).iter().filter(|s| s.tag == Tag::Equal).map(|s| s.old.len()).sum();
        assert_eq!(kept, 20_000 - 200);
        // Repeated items between unique ones, an insertion, a move.
        let a: Vec<u32> = (0..3000).map(|k| if k % 3 == 0 { k } else { 7 }).collect();
        let mut b = a.clone();
        b.insert(1500, 99_999);
        b.swap(300, 2400);
        check(&a, &b);
    }
    #[test]
    fn spans_follow_both_sequences() {
        // The case fuzzing found.
        let a = ["La", " ", "c", "\u{FFFD}", "ne"];
        let b = ["se", " ", "2", " ", "\u{FFFD}", "00"];
        let spans = diff(Algorithm::Patience, &a, &b, None);
        let (mut o, mut n) = (0, 0);
        for s in &spans {
            assert_eq!((s.old.start, s.new.start), (o, n));
            o = s.old.end;
            n = s.new.end;
            if s.tag == Tag::Equal {
                assert_eq!(a[s.old.clone()], b[s.new.clone()]);
            }
        }
        assert_eq!((o, n), (a.len(), b.len()));
    }
}
