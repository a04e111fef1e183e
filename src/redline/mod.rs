//! The redline: two versions of a text compared on the document model —
//! divisions aligned by title and place, alinéas by text, words with the
//! French tokenizer — into one merged document where every piece is kept,
//! inserted or deleted. The DOCX writer prints it with real tracked changes
//! (an unchanged document is a redline with no change), the tableau
//! comparatif and the HTML view read it too.

pub mod html;
pub mod stat;
pub mod table;

use crate::avenant::draft::{align, flatten};
use crate::model::{inline_text, Alinea, AlineaKind, Division, Document, Inline, Meta, SignatureBlock};
use crate::tokens::{tokenize, Kind};
use crate::diff::{common, diff, Tag};
use similar::Algorithm;
use std::collections::HashMap;
use std::time::{Duration, Instant};

/// What happened to a piece of text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    Same,
    Ins,
    Del,
}

/// A run of inlines with one mark.
#[derive(Debug, Clone, PartialEq)]
pub struct Seg {
    pub mark: Mark,
    pub inlines: Vec<Inline>,
}

/// A paragraph of the merged text: its mark (a whole inserted or deleted
/// paragraph) and its segments.
#[derive(Debug, Clone, PartialEq)]
pub struct RLine {
    pub mark: Mark,
    pub segs: Vec<Seg>,
}

impl RLine {
    pub fn same(v: &[Inline]) -> RLine {
        RLine { mark: Mark::Same, segs: vec![Seg { mark: Mark::Same, inlines: v.to_vec() }] }
    }
    pub fn whole(mark: Mark, v: &[Inline]) -> RLine {
        RLine { mark, segs: vec![Seg { mark, inlines: v.to_vec() }] }
    }
    /// Whether anything in it changed.
    pub fn changed(&self) -> bool {
        self.mark != Mark::Same || self.segs.iter().any(|s| s.mark != Mark::Same)
    }
    /// The text on one side: `Mark::Del` gives the old text, `Mark::Ins` the new.
    pub fn side(&self, side: Mark) -> Vec<Inline> {
        let mut v = Vec::new();
        for s in &self.segs {
            if s.mark == Mark::Same || s.mark == side {
                v.extend(s.inlines.iter().cloned());
            }
        }
        crate::markdown::normalize(v)
    }
}

/// An alinéa of the merged text.
#[derive(Debug, Clone, PartialEq)]
pub struct RAlinea {
    /// The kind (for a whole insertion or deletion, that alinéa's kind).
    pub kind: AlineaKind,
    pub line: RLine,
    /// Its rank in the old and new division (from 1), when it exists there.
    pub old_n: Option<usize>,
    pub new_n: Option<usize>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RDivision {
    /// The new id (the old one for a deletion).
    pub id: String,
    /// The old id, for citations.
    pub old_id: Option<String>,
    pub level: usize,
    pub mark: Mark,
    pub heading: RLine,
    pub alineas: Vec<RAlinea>,
    pub children: Vec<RDivision>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RToc {
    pub division: String,
    pub level: usize,
    pub line: RLine,
    pub page: Option<String>,
}

/// The merged document.
#[derive(Debug, Clone, PartialEq)]
pub struct Redline {
    pub meta: Meta,
    pub title_page: Vec<RLine>,
    pub toc_title: Option<String>,
    pub toc: Vec<RToc>,
    pub front: Vec<RAlinea>,
    pub divisions: Vec<RDivision>,
    pub closing: Vec<RAlinea>,
    /// Old and new signature blocks; the same when unchanged.
    pub signatures_old: Vec<SignatureBlock>,
    pub signatures_new: Vec<SignatureBlock>,
}

/// Author and date of the tracked changes; the date must be ISO.
pub fn rev_info(author: String, date: Option<&str>) -> crate::Result<crate::write::docx::RevInfo> {
    let date = match date {
        None => None,
        Some(d) => {
            let day = crate::french::Date::parse(d).ok_or_else(|| crate::Error::Other(format!("date « {} »: expected YYYY-MM-DD", d)))?;
            Some(format!("{}T00:00:00Z", day.iso()))
        }
    };
    Ok(crate::write::docx::RevInfo { author, date })
}

/// How long a word diff may take on one alinéa before it falls back to
/// marking that alinéa replaced — bounded worst case, never « everything
/// changed » for the whole text.
const DEADLINE: Duration = Duration::from_millis(50);

fn same_alineas(v: &[Alinea]) -> Vec<RAlinea> {
    v.iter().enumerate().map(|(k, a)| RAlinea { kind: a.kind.clone(), line: RLine::same(&a.inlines), old_n: Some(k + 1), new_n: Some(k + 1) }).collect()
}

fn whole_alineas(v: &[Alinea], mark: Mark, first: usize) -> Vec<RAlinea> {
    v.iter()
        .enumerate()
        .map(|(k, a)| RAlinea {
            kind: a.kind.clone(),
            line: RLine::whole(mark, &a.inlines),
            old_n: (mark == Mark::Del).then_some(first + k + 1),
            new_n: (mark == Mark::Ins).then_some(first + k + 1),
        })
        .collect()
}

fn heading_inlines(d: &Division) -> Vec<Inline> {
    let mut v = Vec::new();
    if let Some(l) = &d.label {
        v.push(Inline::plain(format!("{} ", l)));
    }
    v.extend(d.title.iter().cloned());
    crate::markdown::normalize(v)
}

fn whole_division(d: &Division, mark: Mark) -> RDivision {
    RDivision {
        id: d.id.clone(),
        old_id: (mark != Mark::Ins).then(|| d.id.clone()),
        level: d.level,
        mark,
        heading: if mark == Mark::Same { RLine::same(&heading_inlines(d)) } else { RLine::whole(mark, &heading_inlines(d)) },
        alineas: if mark == Mark::Same { same_alineas(&d.alineas) } else { whole_alineas(&d.alineas, mark, 0) },
        children: d.children.iter().map(|c| whole_division(c, mark)).collect(),
    }
}

impl Redline {
    /// A document with no change: how every plain DOCX is written.
    pub fn unchanged(doc: &Document) -> Redline {
        Redline {
            meta: doc.meta.clone(),
            title_page: doc.title_page.iter().map(|l| RLine::same(l)).collect(),
            toc_title: doc.toc_title.clone(),
            toc: doc.toc.iter().map(|e| RToc { division: e.division.clone(), level: e.level, line: RLine::same(&e.text), page: e.page.clone() }).collect(),
            front: same_alineas(&doc.front),
            divisions: doc.divisions.iter().map(|d| whole_division(d, Mark::Same)).collect(),
            closing: same_alineas(&doc.closing),
            signatures_old: doc.signatures.clone(),
            signatures_new: doc.signatures.clone(),
        }
    }

    /// Every division, depth first.
    pub fn all_divisions(&self) -> Vec<&RDivision> {
        fn go<'a>(d: &'a RDivision, out: &mut Vec<&'a RDivision>) {
            out.push(d);
            for c in &d.children {
                go(c, out);
            }
        }
        let mut out = Vec::new();
        for d in &self.divisions {
            go(d, &mut out);
        }
        out
    }
}

/// Byte range `start..end` of the inlines' text, with their formatting.
pub fn slice_inlines(v: &[Inline], start: usize, end: usize) -> Vec<Inline> {
    let mut out = Vec::new();
    let mut pos = 0;
    for i in v {
        match i {
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
pub fn compare_inlines(old: &[Inline], new: &[Inline]) -> RLine {
    let ot = inline_text(old);
    let nt = inline_text(new);
    if ot == nt {
        return RLine::same(new);
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
        let lone_space = m == Mark::Same && ot[ob.0..ob.1].trim().is_empty() && k > 0 && k + 1 < raw.len() && raw[k - 1].0 != Mark::Same && raw[k + 1].0 != Mark::Same;
        if lone_space {
            let prev = raw[k - 1];
            let next = raw[k + 1];
            raw[k - 1] = (Mark::Ins, (prev.1 .0, next.1 .1), (prev.2 .0, next.2 .1));
            raw.drain(k..k + 2);
            continue;
        }
        k += 1;
    }
    let mut line = RLine { mark: Mark::Same, segs: Vec::new() };
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

fn alinea_similarity(a: &Alinea, b: &Alinea) -> f64 {
    if std::mem::discriminant(&a.kind) != std::mem::discriminant(&b.kind) || matches!(a.kind, AlineaKind::Table { .. }) || a.kind != b.kind && matches!(a.kind, AlineaKind::Item { .. }) {
        return 0.0;
    }
    let (ta, tb) = (inline_text(&a.inlines), inline_text(&b.inlines));
    let wa: Vec<&str> = tokenize(&ta).into_iter().filter(|t| t.kind == Kind::Word).map(|t| t.text).collect();
    let wb: Vec<&str> = tokenize(&tb).into_iter().filter(|t| t.kind == Kind::Word).map(|t| t.text).collect();
    let same = common(Algorithm::Myers, &wa, &wb, Some(Instant::now() + DEADLINE));
    2.0 * same as f64 / (wa.len() + wb.len()).max(1) as f64
}

/// Alinéas of two versions of one division, merged.
pub fn compare_alineas(old: &[Alinea], new: &[Alinea]) -> Vec<RAlinea> {
    let key = |a: &Alinea| format!("{:?}|{}", std::mem::discriminant(&a.kind), a.text());
    let ok: Vec<String> = old.iter().map(key).collect();
    let nk: Vec<String> = new.iter().map(key).collect();
    let mut out = Vec::new();
    for sp in diff(Algorithm::Patience, &ok, &nk, None) {
        let (old_index, old_len, new_index, new_len) = (sp.old.start, sp.old.len(), sp.new.start, sp.new.len());
        match sp.tag {
            Tag::Equal => {
                for k in 0..old_len {
                    let a = &new[new_index + k];
                    out.push(RAlinea { kind: a.kind.clone(), line: RLine::same(&a.inlines), old_n: Some(old_index + k + 1), new_n: Some(new_index + k + 1) });
                }
            }
            Tag::Delete => out.extend(whole_alineas(&old[sp.old.clone()], Mark::Del, old_index)),
            Tag::Insert => out.extend(whole_alineas(&new[sp.new.clone()], Mark::Ins, new_index)),
            Tag::Replace => {
                let (mut i, mut j) = (0, 0);
                while i < old_len || j < new_len {
                    let (o, n) = (old_index + i, new_index + j);
                    if i < old_len && j < new_len && alinea_similarity(&old[o], &new[n]) >= 0.5 {
                        out.push(RAlinea { kind: new[n].kind.clone(), line: compare_inlines(&old[o].inlines, &new[n].inlines), old_n: Some(o + 1), new_n: Some(n + 1) });
                        i += 1;
                        j += 1;
                    } else if i < old_len && (j >= new_len || old_len - i >= new_len - j) {
                        out.extend(whole_alineas(&old[o..o + 1], Mark::Del, o));
                        i += 1;
                    } else {
                        out.extend(whole_alineas(&new[n..n + 1], Mark::Ins, n));
                        j += 1;
                    }
                }
            }
        }
    }
    out
}

/// Lines (title page, sommaire) of two versions, merged.
fn compare_lines(old: &[Vec<Inline>], new: &[Vec<Inline>]) -> Vec<RLine> {
    let to_alineas = |v: &[Vec<Inline>]| v.iter().map(|l| Alinea::paragraph(l.clone())).collect::<Vec<_>>();
    compare_alineas(&to_alineas(old), &to_alineas(new)).into_iter().map(|a| a.line).collect()
}

/// Compares two documents.
pub fn compare(old: &Document, new: &Document) -> Redline {
    let fo = flatten(old);
    let fnew = flatten(new);
    let pairs = align(&fo, &fnew);
    let old_index: HashMap<*const Division, usize> = fo.iter().enumerate().map(|(k, f)| (f.div as *const Division, k)).collect();
    let new_index: HashMap<*const Division, usize> = fnew.iter().enumerate().map(|(k, f)| (f.div as *const Division, k)).collect();
    let new_to_old: HashMap<usize, usize> = pairs.iter().enumerate().filter_map(|(o, n)| n.map(|n| (n, o))).collect();

    fn merge(olds: &[Division], news: &[Division], oi: &HashMap<*const Division, usize>, ni: &HashMap<*const Division, usize>, n2o: &HashMap<usize, usize>, fo: &[crate::avenant::draft::Flat]) -> Vec<RDivision> {
        let mut out = Vec::new();
        let mut next_old = 0;
        let position_in_olds = |o: usize| olds.iter().position(|d| oi[&(d as *const Division)] == o);
        for nd in news {
            let n = ni[&(nd as *const Division)];
            match n2o.get(&n).and_then(|&o| position_in_olds(o).map(|p| (o, p))) {
                Some((o, p)) => {
                    // Old siblings before this one that found no pair: deleted here.
                    for od in &olds[next_old..p] {
                        if !n2o.values().any(|&x| x == oi[&(od as *const Division)]) {
                            out.push(whole_division(od, Mark::Del));
                        }
                    }
                    next_old = next_old.max(p + 1);
                    let od = fo[o].div;
                    let heading = compare_inlines(&heading_inlines(od), &heading_inlines(nd));
                    let alineas = compare_alineas(&od.alineas, &nd.alineas);
                    let children = merge(&od.children, &nd.children, oi, ni, n2o, fo);
                    out.push(RDivision { id: nd.id.clone(), old_id: Some(od.id.clone()), level: nd.level, mark: Mark::Same, heading, alineas, children });
                }
                None => out.push(whole_division(nd, Mark::Ins)),
            }
        }
        for od in &olds[next_old..] {
            if !n2o.values().any(|&x| x == oi[&(od as *const Division)]) {
                out.push(whole_division(od, Mark::Del));
            }
        }
        out
    }
    let divisions = merge(&old.divisions, &new.divisions, &old_index, &new_index, &new_to_old, &fo);

    let old_toc: Vec<Vec<Inline>> = old.toc.iter().map(|e| e.text.clone()).collect();
    let new_toc: Vec<Vec<Inline>> = new.toc.iter().map(|e| e.text.clone()).collect();
    let toc_lines = compare_lines(&old_toc, &new_toc);
    let (mut oi, mut ni) = (0, 0);
    let toc = toc_lines
        .into_iter()
        .map(|line| {
            let e = if line.mark == Mark::Del { &old.toc[oi] } else { &new.toc[ni] };
            match line.mark {
                Mark::Del => oi += 1,
                Mark::Ins => ni += 1,
                Mark::Same => {
                    oi += 1;
                    ni += 1;
                }
            }
            RToc { division: e.division.clone(), level: e.level, line, page: e.page.clone() }
        })
        .collect();

    Redline {
        meta: new.meta.clone(),
        title_page: compare_lines(&old.title_page, &new.title_page),
        toc_title: new.toc_title.clone().or_else(|| old.toc_title.clone()),
        toc,
        front: compare_alineas(&old.front, &new.front),
        divisions,
        closing: compare_alineas(&old.closing, &new.closing),
        signatures_old: old.signatures.clone(),
        signatures_new: new.signatures.clone(),
    }
}
