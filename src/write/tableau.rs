//! The tableau comparatif the councils print (drafting guide §4): one row
//! per changed alinéa or division, with its citation, « Rédaction
//! actuelle » (deleted words struck through) and « Rédaction proposée »
//! (added words bold and underlined), « (nouveau) » / « (supprimé) » for
//! whole alinéas, and an « Observations » column. Readable in black and
//! white: nothing relies on colour.

use super::Options;
use crate::cite::Citer;
use crate::french::capitalize;
use crate::layout::{reading_order, Piece};
use crate::model::{Alinea, Division, Document, Line, Mark, Seg};
use crate::model::{Inline, Meta, Style};
use crate::write::docx::{package, Body, PPr, Package, TEXT_WIDTH_LANDSCAPE};

/// One side of a row.
#[derive(Debug, Clone)]
pub enum Side {
    /// Paragraphs of segments (kept and deleted on the left, kept and
    /// inserted on the right).
    Text(Vec<Vec<Seg>>),
    /// « (nouveau) » or « (supprimé) ».
    Placeholder(&'static str),
}

#[derive(Debug, Clone)]
pub struct Row {
    /// « Deuxième alinéa du ii) du 1. du A du II ».
    pub citation: String,
    /// The title of the division the row is in, as the text before the
    /// avenant has it (« Mise en place d’un comité technique »): printed
    /// beside the citation, so that a councillor knows what the row is
    /// about without the sommaire. None for the parts around the divisions
    /// and for a division inserted or deleted whole (its heading is quoted).
    pub title: Option<String>,
    pub left: Side,
    pub(crate) right: Side,
    /// What reviewers said of this place (comments of the edited document).
    pub observations: Vec<String>,
}

/// A remark for the « Observations » column, at a place of the new text:
/// a division's alinéa (its rank among the division's own, from 1), a
/// division's heading (`alinea` none), a part's alinéa; none of these, the
/// document as a whole.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Observation {
    /// The division's id in the new text.
    pub division: Option<String>,
    pub part: Option<crate::model::PartKind>,
    pub alinea: Option<usize>,
    pub text: String,
}

/// The observations, each given to the first row at its place.
struct Observed<'a> {
    obs: &'a [Observation],
    used: Vec<bool>,
}

impl<'a> Observed<'a> {
    fn new(obs: &'a [Observation]) -> Observed<'a> {
        Observed { obs, used: vec![false; obs.len()] }
    }

    fn take(&mut self, f: impl Fn(&Observation) -> bool) -> Vec<String> {
        let mut out = Vec::new();
        for (k, o) in self.obs.iter().enumerate() {
            if !self.used[k] && f(o) {
                self.used[k] = true;
                out.push(o.text.clone());
            }
        }
        out
    }

    /// At a division's heading (`alinea` none) or alinéa.
    fn at(&mut self, division: &str, alinea: Option<usize>) -> Vec<String> {
        self.take(|o| o.division.as_deref() == Some(division) && o.alinea == alinea)
    }

    fn at_part(&mut self, part: crate::model::PartKind, alinea: Option<usize>) -> Vec<String> {
        self.take(|o| o.division.is_none() && o.part == Some(part) && o.alinea == alinea)
    }

    /// Anywhere in a division and its subdivisions (a row for all of it).
    fn within(&mut self, d: &Division) -> Vec<String> {
        let mut ids = Vec::new();
        fn walk<'b>(d: &'b Division, ids: &mut Vec<&'b str>) {
            ids.push(d.id.as_str());
            d.children.iter().for_each(|c| walk(c, ids));
        }
        walk(d, &mut ids);
        self.take(|o| o.division.as_deref().is_some_and(|x| ids.contains(&x)))
    }

    /// Those no row took.
    fn rest(&mut self) -> Vec<String> {
        self.take(|_| true)
    }
}

fn side_segs(line: &Line, side: Mark) -> Vec<Seg> {
    line.segs.iter().filter(|s| s.mark == Mark::Same || s.mark == side).cloned().collect()
}

fn whole(div: &Division, side: Mark) -> Vec<Vec<Seg>> {
    let mut v = vec![side_segs(&div.heading_line(), side)];
    for a in &div.alineas {
        v.push(side_segs(&a.line(), side));
    }
    for c in &div.children {
        v.extend(whole(c, side));
    }
    v
}

/// The rows of the tableau, in the order of the text.
pub fn rows(red: &Document, old: Option<&Document>) -> Vec<Row> {
    rows_observed(red, old, &[])
}

/// The rows, each with the observations made at its place; a place that
/// did not change but was commented has a row of its own (its text on both
/// sides), and remarks on no place a last row.
pub fn rows_observed(red: &Document, old: Option<&Document>, obs: &[Observation]) -> Vec<Row> {
    let empty = Document::default();
    let citer = Citer::new(old.unwrap_or(&empty));
    let mut out = Vec::new();
    let mut notes = Observed::new(obs);
    for piece in reading_order(red) {
        match piece {
            Piece::Front(p) | Piece::Closing(p) => part_rows(std::slice::from_ref(p), &citer, &mut notes, &mut out),
            Piece::Division(d) | Piece::AnnexAfterSignatures(_, d) => {
                division_rows(d, None, &citer, &mut notes, &mut out)
            }
            Piece::Signatures => {}
        }
    }
    // Remarks on the document as a whole (or on no place left in it).
    let rest = notes.rest();
    if !rest.is_empty() {
        out.push(Row {
            citation: "Ensemble du document".into(),
            title: None,
            left: Side::Placeholder("—"),
            right: Side::Placeholder("—"),
            observations: rest,
        });
    }
    out
}

/// A division as the avenant cites it (« Le 2. du A du II »), or, new, by
/// its heading and where it stands.
fn cite_division(d: &Division, parent: Option<&Division>, citer: &Citer) -> String {
    match d.old_id() {
        Some(id) if citer.division(id).is_some() => citer.cite(id).subject(),
        _ => {
            let label = crate::model::inline_text(&d.heading_line().side(Mark::Ins));
            match parent.and_then(|p| p.old_id()) {
                Some(pid) if citer.division(pid).is_some() => {
                    format!("« {} » (nouveau) {}", label, citer.cite(pid).of())
                }
                _ => format!("« {} » (nouveau)", label),
            }
        }
    }
}

/// The rows of a division: one for it whole when inserted or deleted;
/// else its heading's, its alinéas', then its subdivisions'.
fn division_rows(d: &Division, parent: Option<&Division>, citer: &Citer, notes: &mut Observed, out: &mut Vec<Row>) {
    match d.mark() {
        Mark::Ins => {
            out.push(Row {
                citation: capitalize(&cite_division(d, parent, citer)),
                title: None,
                left: Side::Placeholder("(nouveau)"),
                right: Side::Text(whole(d, Mark::Ins)),
                observations: notes.within(d),
            });
            return;
        }
        Mark::Del => {
            out.push(Row {
                citation: capitalize(&cite_division(d, parent, citer)),
                title: None,
                left: Side::Text(whole(d, Mark::Del)),
                right: Side::Placeholder("(supprimé)"),
                observations: vec![],
            });
            return;
        }
        Mark::Same => {}
    }
    let said = notes.at(&d.id, None);
    let heading = d.heading_line();
    if heading.changed() || !said.is_empty() {
        out.push(Row {
            citation: format!("Intitulé {}", citer_of(citer, d)),
            title: None,
            left: Side::Text(vec![side_segs(&heading, Mark::Del)]),
            right: Side::Text(vec![side_segs(&heading, Mark::Ins)]),
            observations: said,
        });
    }
    alinea_rows(d, parent, citer, notes, out);
    for c in &d.children {
        division_rows(c, Some(d), citer, notes, out);
    }
}

/// The rows of a kept division's alinéas that changed or were commented.
fn alinea_rows(d: &Division, parent: Option<&Division>, citer: &Citer, notes: &mut Observed, out: &mut Vec<Row>) {
    let known = d.old_id().filter(|id| citer.division(id).is_some());
    for (al, (old_n, new_n)) in d.alineas.iter().zip(crate::model::alinea_ranks(&d.alineas)) {
        let line = al.line();
        let said = match new_n {
            Some(n) if line.mark != Mark::Del => notes.at(&d.id, Some(n)),
            _ => vec![],
        };
        if !line.changed() && said.is_empty() {
            continue;
        }
        let of = citer_of(citer, d);
        // The alinéa as the avenant cites it (its items counted).
        let citation = match (line.mark, old_n, known) {
            (Mark::Ins, _, _) => format!("Alinéa nouveau {}", of),
            (_, Some(n), Some(id)) => {
                let c = citer.alinea(id, n);
                // « Second alinéa du IV », but « Le IV » for its only one.
                capitalize(&if c.name.contains("alinéa") { c.name } else { c.subject() })
            }
            _ => capitalize(&cite_division(d, parent, citer)),
        };
        out.push(Row {
            citation,
            title: title_of(citer, d),
            left: alinea_side(al, Mark::Del),
            right: alinea_side(al, Mark::Ins),
            observations: said,
        });
    }
}

/// The rows of the parts around the divisions, cited as the avenant cites
/// them (« Troisième visa », « Visa nouveau »).
fn part_rows(parts: &[crate::model::Part], citer: &Citer, notes: &mut Observed, out: &mut Vec<Row>) {
    for p in parts {
        for (a, (old_n, new_n)) in p.alineas.iter().zip(crate::model::alinea_ranks(&p.alineas)) {
            let line = a.line();
            let said = match new_n {
                Some(n) if line.mark != Mark::Del => notes.at_part(p.kind, Some(n)),
                _ => vec![],
            };
            if !line.changed() && said.is_empty() {
                continue;
            }
            let citation = match (line.mark, old_n) {
                (Mark::Ins, _) | (_, None) => format!("Alinéa nouveau {}", crate::cite::part_cite(p.kind).of()),
                (_, Some(n)) => capitalize(&citer.part_alinea(p.kind, n).subject()),
            };
            out.push(Row {
                citation,
                title: None,
                left: alinea_side(a, Mark::Del),
                right: alinea_side(a, Mark::Ins),
                observations: said,
            });
        }
    }
}

/// The title of a division as the text before the avenant has it, when it
/// has one.
fn title_of(citer: &Citer, d: &Division) -> Option<String> {
    let old = citer.division(d.old_id()?)?;
    let t = crate::model::inline_text(&old.title);
    let t = t.trim().trim_end_matches([':', ' ']);
    (!t.is_empty()).then(|| t.to_string())
}

fn citer_of(citer: &Citer, d: &Division) -> String {
    match d.old_id() {
        Some(id) if citer.division(id).is_some() => citer.cite(id).of(),
        _ => format!("de « {} »", crate::model::inline_text(&d.heading_line().side(Mark::Ins))),
    }
}

fn alinea_side(a: &Alinea, side: Mark) -> Side {
    match (a.line().mark, side) {
        (Mark::Ins, Mark::Del) => Side::Placeholder("(nouveau)"),
        (Mark::Del, Mark::Ins) => Side::Placeholder("(supprimé)"),
        _ => {
            let mut segs = side_segs(&a.line(), side);
            if let crate::model::AlineaKind::Table { rows, .. } = &a.kind {
                // A table reads row by row in a cell.
                segs = rows
                    .iter()
                    .map(|r| Seg {
                        mark: a.line().mark,
                        inlines: vec![Inline::plain(
                            r.iter().map(|c| crate::model::inline_text(c)).collect::<Vec<_>>().join(" | "),
                        )],
                    })
                    .collect();
                return Side::Text(segs.into_iter().map(|s| vec![s]).collect());
            }
            if let crate::model::AlineaKind::Item { marker } = &a.kind {
                let m = marker.clone().unwrap_or_else(|| "–".into());
                segs.insert(0, Seg { mark: Mark::Same, inlines: vec![Inline::plain(format!("{} ", m))] });
            }
            Side::Text(vec![segs])
        }
    }
}

/// Writes one side in a cell: struck deletions on the left, bold underlined
/// insertions on the right.
fn cell(body: &mut Body, side: &Side) {
    let p = PPr { style: Some("TableText".into()), ..Default::default() };
    match side {
        Side::Placeholder(t) => body.paragraph(&p, &[Inline::styled(*t, Style { italic: true, ..Default::default() })]),
        Side::Text(paras) => {
            for segs in paras {
                body.xml.open("w:p", &[]);
                body.ppr(&p);
                for seg in crate::write::typeset_segs(segs) {
                    for i in &seg.inlines {
                        match i {
                            Inline::Break => body.line_break(),
                            Inline::Text { text, style } => match seg.mark {
                                Mark::Same => body.run(text, *style, false),
                                Mark::Del => body.run_fmt(text, *style, false, true),
                                Mark::Ins => body.run(text, Style { bold: true, underline: true, ..*style }, false),
                            },
                            // Runs are cut at their change spans (`Line::segs`): none is left here.
                            Inline::Change { .. } => {}
                        }
                    }
                }
                body.xml.close("w:p");
            }
        }
    }
}

/// The tableau comparatif as DOCX: landscape, header row repeated on each page.
pub fn write(red: &Document, opts: &Options) -> Vec<u8> {
    let title = opts.title.as_deref();
    let rows = rows_observed(red, opts.old, opts.observations);
    let mut b = Body::new();
    b.paragraph(&PPr { style: Some("Title".into()), ..Default::default() }, &[Inline::plain("TABLEAU COMPARATIF")]);
    let subject = match title {
        Some(t) => format!("{} à la {}", t, crate::french::decapitalize(&red.meta.title)),
        None => red.meta.title.clone(),
    };
    b.paragraph(&PPr { style: Some("Subtitle".into()), ..Default::default() }, &[Inline::plain(subject.clone())]);
    // The legend shows each mark as it is used.
    b.xml.open("w:p", &[]);
    b.ppr(&PPr { style: Some("TableText".into()), ..Default::default() });
    b.run("Légende\u{a0}: les mots supprimés sont ", Style::PLAIN, false);
    b.run_fmt("barrés", Style::PLAIN, false, true);
    b.run(" dans la rédaction actuelle\u{a0}; les mots ajoutés sont ", Style::PLAIN, false);
    b.run("en gras et soulignés", Style { bold: true, underline: true, ..Default::default() }, false);
    b.run(" dans la rédaction proposée.", Style::PLAIN, false);
    b.xml.close("w:p");
    let widths = [2400u32, 5000, 5000, 1590];
    debug_assert_eq!(widths.iter().sum::<u32>(), TEXT_WIDTH_LANDSCAPE);
    b.table_start(&widths, true);
    b.row_start(true, true);
    for (w, h) in widths.iter().zip(["Stipulation", "Rédaction actuelle", "Rédaction proposée", "Observations"]) {
        b.cell_start(*w);
        b.paragraph(&PPr { style: Some("TableHeader".into()), ..Default::default() }, &[Inline::plain(h)]);
        b.cell_end();
    }
    b.row_end();
    if rows.is_empty() {
        b.row_start(false, true);
        for (k, w) in widths.iter().enumerate() {
            b.cell_start(*w);
            let t = if k == 0 { "Aucune modification" } else { "" };
            b.paragraph(&PPr { style: Some("TableText".into()), ..Default::default() }, &[Inline::plain(t)]);
            b.cell_end();
        }
        b.row_end();
    }
    for r in &rows {
        b.row_start(false, false);
        b.cell_start(widths[0]);
        // « Deuxième alinéa du ii) du 1. du A du II — Mise en place d’un comité technique ».
        let mut cited = vec![Inline::styled(r.citation.clone(), Style { bold: true, ..Default::default() })];
        if let Some(t) = &r.title {
            cited.push(Inline::plain(format!(" — {}", t)));
        }
        b.paragraph(&PPr { style: Some("TableText".into()), ..Default::default() }, &cited);
        b.cell_end();
        b.cell_start(widths[1]);
        cell(&mut b, &r.left);
        b.cell_end();
        b.cell_start(widths[2]);
        cell(&mut b, &r.right);
        b.cell_end();
        b.cell_start(widths[3]);
        if r.observations.is_empty() {
            b.paragraph(&PPr { style: Some("TableText".into()), ..Default::default() }, &[]);
        }
        for o in &r.observations {
            b.paragraph(&PPr { style: Some("TableText".into()), ..Default::default() }, &[Inline::plain(o.clone())]);
        }
        b.cell_end();
        b.row_end();
    }
    b.table_end();
    let meta = Meta {
        title: format!("Tableau comparatif – {}", subject),
        subject: "Tableau comparatif".into(),
        author: red.meta.author.clone(),
        kind: "tableau-comparatif".into(),
        copy_mark: None,
        numbering: vec![],
    };
    let layout = crate::layout::Layout::landscape(&meta);
    package(&Package { body: b.finish(), layout: &layout, update_fields: false, signature_page: None })
}
