//! Word-level comparison of two alinéas with the French tokenizer.

use crate::model::{inline_text, Inline};
use crate::model::{Line, Mark, Seg};
use crate::sequence_diff::{diff, Tag};
use crate::tokens::tokenize;
use similar::Algorithm;
use std::time::{Duration, Instant};

/// How long a word diff may take on one alinéa before it settles for what
/// it found — a bounded worst case, never « everything changed » for the
/// whole text.
const DEADLINE: Duration = Duration::from_millis(50);

/// Byte range `start..end` of the inlines' text, with their formatting.
pub(crate) fn slice_inlines(v: &[Inline], start: usize, end: usize) -> Vec<Inline> {
    let mut out = Vec::new();
    let mut pos = 0;
    for i in v {
        match i {
            // Compared texts hold no change span: one counts as its text.
            Inline::Change { inlines, .. } => {
                out.extend(slice_inlines(inlines, start.saturating_sub(pos), end.saturating_sub(pos)));
                pos += inline_text(inlines).len();
            }
            Inline::Break => {
                if pos >= start && pos < end {
                    out.push(Inline::Break);
                }
                pos += 1;
            }
            Inline::Text { text, style } => {
                let (a, b) = (pos, pos + text.len());
                let (s, e) = (start.max(a), end.min(b));
                if s < e {
                    out.push(Inline::Text { text: text[s - a..e - a].to_string(), style: *style });
                }
                pos = b;
            }
        }
    }
    out
}

/// Word-level comparison of two runs of inlines.
pub fn compare_inlines(old: &[Inline], new: &[Inline]) -> Line {
    let ot = inline_text(old);
    let nt = inline_text(new);
    if ot == nt {
        return Line::whole(Mark::Same, new);
    }
    let a = tokenize(&ot);
    let b = tokenize(&nt);
    let ak: Vec<&str> = a.iter().map(|t| t.text).collect();
    let bk: Vec<&str> = b.iter().map(|t| t.text).collect();
    let deadline = Instant::now() + DEADLINE;
    let spans = diff(Algorithm::Patience, &ak, &bk, Some(deadline));
    let end_of = |t: &[crate::tokens::Token], k: usize, total: usize| if k < t.len() { t[k].start } else { total };
    // Token ranges to byte ranges; changes are marked Ins here and split
    // into Del + Ins below.
    // (mark, old byte range, new byte range)
    type Piece = (Mark, (usize, usize), (usize, usize));
    let mut raw: Vec<Piece> = Vec::new();
    for sp in spans {
        let ob = (end_of(&a, sp.old.start, ot.len()), end_of(&a, sp.old.end, ot.len()));
        let nb = (end_of(&b, sp.new.start, nt.len()), end_of(&b, sp.new.end, nt.len()));
        raw.push((if sp.tag == Tag::Equal { Mark::Same } else { Mark::Ins }, ob, nb));
    }
    // Absorb equal runs that are only white space between two changes.
    let mut k = 0;
    while k < raw.len() {
        let (m, ob, _) = raw[k];
        let lone_space = m == Mark::Same
            && ot[ob.0..ob.1].trim().is_empty()
            && k > 0
            && k + 1 < raw.len()
            && raw[k - 1].0 != Mark::Same
            && raw[k + 1].0 != Mark::Same;
        if lone_space {
            let prev = raw[k - 1];
            let next = raw[k + 1];
            raw[k - 1] = (Mark::Ins, (prev.1 .0, next.1 .1), (prev.2 .0, next.2 .1));
            raw.drain(k..k + 2);
            continue;
        }
        k += 1;
    }
    let mut line = Line { mark: Mark::Same, segs: Vec::new() };
    for (m, ob, nb) in raw {
        if m == Mark::Same {
            line.segs.push(Seg { mark: Mark::Same, inlines: slice_inlines(new, nb.0, nb.1) });
        } else {
            if ob.0 < ob.1 {
                line.segs.push(Seg { mark: Mark::Del, inlines: slice_inlines(old, ob.0, ob.1) });
            }
            if nb.0 < nb.1 {
                line.segs.push(Seg { mark: Mark::Ins, inlines: slice_inlines(new, nb.0, nb.1) });
            }
        }
    }
    line.segs.retain(|s| !s.inlines.is_empty());
    line
}
