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
