//! WordprocessingML written directly (quick-xml escaping + zip with fixed
//! timestamps), in schema order, so that Microsoft's Open XML SDK validator
//! reports nothing and the same document always gives the same bytes.
//!
//! Why not docx-rs for writing: measured on 0.4.22, its output fails the SDK
//! validator (child order, duplicate styles, numbering ids), takes revision
//! and bookmark ids from process-wide counters (two builds in one process
//! differ), cannot set title, author or language, and stores the zip
//! uncompressed. Fixing that meant writing a serializer anyway; docx-rs stays
//! in the tests, where it reads our DOCX back.
//!
//! The parts here (`Body`, `Package`, the styles) are shared by every DOCX
//! clausier writes: conventions, avenants, redlines, tableaux comparatifs.

use super::typeset;
use super::xml::Xml;
use crate::layout::{self, reading_order, Footer, FooterPiece, Layout, Paraphes, Piece, Properties, Signatures};
use crate::model::{Alinea, Division, Document, Line, Mark, Seg};
use crate::model::{AlineaKind, Inline, Style};
use std::io::Write;
use std::ops::Range;

const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const R_NS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/// The width of the text on a portrait page, in twips.
const TEXT_WIDTH: u32 = layout::PORTRAIT.text_width.0;
pub(crate) const TEXT_WIDTH_LANDSCAPE: u32 = layout::LANDSCAPE.text_width.0;
const FONT: &str = layout::FONT;

/// A tracked change on a run or a paragraph mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Rev {
    Ins,
    Del,
}

pub use super::RevInfo;

/// The paragraph properties clausier uses, written in schema order.
#[derive(Debug, Clone, Default)]
pub(crate) struct PPr {
    pub(crate) style: Option<String>,
    pub(crate) keep_next: bool,
    pub(crate) page_break_before: bool,
    /// Bullet list (numbering id 1).
    pub(crate) bullet: bool,
    /// A right tab with dot leader at this position (sommaire entries).
    pub(crate) right_tab: Option<u32>,
    /// Left indent and hanging indent, in twips.
    pub(crate) ind: Option<(u32, u32)>,
    pub(crate) jc: Option<&'static str>,
    /// The paragraph mark itself inserted or deleted (tracked).
    pub(crate) mark: Option<Rev>,
}

/// Builds the body of a document part: paragraphs, runs, tables, fields.
pub(crate) struct Body {
    pub(crate) xml: Xml,
    next_rev: u32,
    next_bookmark: u32,
    pub(crate) rev: RevInfo,
    /// Hyphens written as `w:noBreakHyphen` (signature blocks).
    no_break_hyphens: bool,
    /// The characters just before and after the run being written, in its
    /// paragraph: whether « 2e » ends a word there.
    around: (Option<char>, Option<char>),
}

impl Default for Body {
    fn default() -> Self {
        Body::new()
    }
}

impl Body {
    pub(crate) fn new() -> Body {
        Body {
            xml: Xml::default(),
            next_rev: 1,
            next_bookmark: 0,
            rev: RevInfo::default(),
            no_break_hyphens: false,
            around: (None, None),
        }
    }

    /// Revision ids are numbered per document, from 1: two builds of one
    /// document in one process give the same ids.
    fn rev_id(&mut self) -> String {
        let id = self.next_rev;
        self.next_rev += 1;
        id.to_string()
    }

    /// Attributes of a tracked change: id, author, and date when known.
    fn rev_attrs(&mut self) -> Vec<(&'static str, String)> {
        let mut v = vec![("w:id", self.rev_id()), ("w:author", self.rev.author.clone())];
        if let Some(d) = &self.rev.date {
            v.push(("w:date", d.clone()));
        }
        v
    }

    fn rev_empty(&mut self, tag: &str) {
        let attrs = self.rev_attrs();
        let a: Vec<(&str, &str)> = attrs.iter().map(|(k, v)| (*k, v.as_str())).collect();
        self.xml.empty(tag, &a);
    }

    fn rev_open(&mut self, tag: &str) {
        let attrs = self.rev_attrs();
        let a: Vec<(&str, &str)> = attrs.iter().map(|(k, v)| (*k, v.as_str())).collect();
        self.xml.open(tag, &a);
    }

    pub(crate) fn ppr(&mut self, p: &PPr) {
        let x = &mut self.xml;
        x.open("w:pPr", &[]);
        if let Some(s) = &p.style {
            x.empty("w:pStyle", &[("w:val", s)]);
        }
        if p.keep_next {
            x.empty("w:keepNext", &[]);
        }
        if p.page_break_before {
            x.empty("w:pageBreakBefore", &[]);
        }
        if p.bullet {
            x.open("w:numPr", &[])
                .empty("w:ilvl", &[("w:val", "0")])
                .empty("w:numId", &[("w:val", "1")])
                .close("w:numPr");
        }
        if let Some(pos) = p.right_tab {
            x.open("w:tabs", &[])
                .empty("w:tab", &[("w:val", "right"), ("w:leader", "dot"), ("w:pos", &pos.to_string())])
                .close("w:tabs");
        }
        if let Some((left, hanging)) = p.ind {
            x.empty("w:ind", &[("w:left", &left.to_string()), ("w:hanging", &hanging.to_string())]);
        }
        if let Some(jc) = p.jc {
            x.empty("w:jc", &[("w:val", jc)]);
        }
        if let Some(r) = p.mark {
            let tag = if r == Rev::Ins { "w:ins" } else { "w:del" };
            self.xml.open("w:rPr", &[]);
            self.rev_empty(tag);
            self.xml.close("w:rPr");
        }
        self.xml.close("w:pPr");
    }

    fn rpr(&mut self, s: Style, strike: bool) {
        if s.is_plain() && !strike {
            return;
        }
        let x = &mut self.xml;
        x.open("w:rPr", &[]);
        if s.bold {
            x.empty("w:b", &[]);
        }
        if s.italic {
            x.empty("w:i", &[]);
        }
        if strike {
            x.empty("w:strike", &[]);
        }
        if s.underline {
            x.empty("w:u", &[("w:val", "single")]);
        }
        if s.superscript {
            x.empty("w:vertAlign", &[("w:val", "superscript")]);
        }
        x.close("w:rPr");
    }

    /// One run of text. `deleted` writes `w:delText` (inside a `w:del`).
    pub(crate) fn run(&mut self, text: &str, style: Style, deleted: bool) {
        self.run_fmt(text, style, deleted, false)
    }

    /// A run, struck through when `strike` (the tableau comparatif's left column).
    /// Ordinal suffixes (« 1er », « 13e ») are their own superscript runs.
    pub(crate) fn run_fmt(&mut self, text: &str, style: Style, deleted: bool, strike: bool) {
        // What surrounds this run holds for this run only.
        let (before, after) = std::mem::take(&mut self.around);
        if text.is_empty() {
            return;
        }
        if style.superscript {
            return self.one_run(text, style, deleted, strike);
        }
        for (piece, sup) in crate::french::ordinal_pieces_between(text, before, after) {
            self.one_run(piece, Style { superscript: sup, ..style }, deleted, strike);
        }
    }

    fn one_run(&mut self, text: &str, style: Style, deleted: bool, strike: bool) {
        if text.is_empty() {
            return;
        }
        self.xml.open("w:r", &[]);
        self.rpr(style, strike);
        let tag = if deleted { "w:delText" } else { "w:t" };
        if self.no_break_hyphens && text.contains('-') {
            // Names in signature blocks never break at their hyphen
            // (« Ivry-sur-/Seine »): Word's own non-breaking hyphen.
            for (k, part) in text.split('-').enumerate() {
                if k > 0 {
                    self.xml.empty("w:noBreakHyphen", &[]);
                }
                if !part.is_empty() {
                    self.xml.elem(tag, &[("xml:space", "preserve")], part);
                }
            }
        } else {
            self.xml.elem(tag, &[("xml:space", "preserve")], text);
        }
        self.xml.close("w:r");
    }

    pub(crate) fn line_break(&mut self) {
        self.xml.open("w:r", &[]).empty("w:br", &[]).close("w:r");
    }

    /// Runs for inlines (already typeset).
    pub(crate) fn inlines(&mut self, v: &[Inline], deleted: bool) {
        for (k, i) in v.iter().enumerate() {
            match i {
                Inline::Text { text, style } => {
                    self.around = crate::model::chars_around(v, k);
                    self.run(text, *style, deleted)
                }
                Inline::Break => self.line_break(),
                Inline::Change { mark, inlines } => match rev_of(*mark) {
                    Some(r) => self.tracked(r, inlines),
                    None => self.inlines(inlines, deleted),
                },
            }
        }
    }

    /// Inlines wrapped in a tracked insertion or deletion.
    pub(crate) fn tracked(&mut self, rev: Rev, v: &[Inline]) {
        if v.is_empty() {
            return;
        }
        let tag = if rev == Rev::Ins { "w:ins" } else { "w:del" };
        self.rev_open(tag);
        self.inlines(v, rev == Rev::Del);
        self.xml.close(tag);
    }

    pub(crate) fn paragraph(&mut self, p: &PPr, v: &[Inline]) {
        self.xml.open("w:p", &[]);
        self.ppr(p);
        self.inlines(&typeset(v), false);
        self.xml.close("w:p");
    }

    fn bookmark_start(&mut self, name: &str) -> u32 {
        let id = self.next_bookmark;
        self.next_bookmark += 1;
        self.xml.empty("w:bookmarkStart", &[("w:id", &id.to_string()), ("w:name", name)]);
        id
    }

    fn bookmark_end(&mut self, id: u32) {
        self.xml.empty("w:bookmarkEnd", &[("w:id", &id.to_string())]);
    }

    /// A complex field (`PAGE`, `NUMPAGES`, `PAGEREF`, `TOC`…) with its cached result.
    fn field_begin(&mut self, instr: &str) {
        self.xml.open("w:r", &[]).empty("w:fldChar", &[("w:fldCharType", "begin")]).close("w:r");
        self.xml
            .open("w:r", &[])
            .elem("w:instrText", &[("xml:space", "preserve")], &format!(" {} ", instr))
            .close("w:r");
        self.xml.open("w:r", &[]).empty("w:fldChar", &[("w:fldCharType", "separate")]).close("w:r");
    }

    fn field_end(&mut self) {
        self.xml.open("w:r", &[]).empty("w:fldChar", &[("w:fldCharType", "end")]).close("w:r");
    }

    pub(crate) fn field(&mut self, instr: &str, cached: &str, style: Style) {
        self.field_begin(instr);
        self.run(cached, style, false);
        self.field_end();
    }

    /// Opens a table: `widths` in twips, `grid` draws borders.
    pub(crate) fn table_start(&mut self, widths: &[u32], grid: bool) {
        let x = &mut self.xml;
        x.open("w:tbl", &[]).open("w:tblPr", &[]);
        if grid {
            x.empty("w:tblStyle", &[("w:val", "TableGrid")]);
        }
        let total: u32 = widths.iter().sum();
        x.empty("w:tblW", &[("w:w", &total.to_string()), ("w:type", "dxa")]);
        x.empty("w:tblLayout", &[("w:type", "fixed")]);
        x.empty(
            "w:tblLook",
            &[
                ("w:val", "04A0"),
                ("w:firstRow", "1"),
                ("w:lastRow", "0"),
                ("w:firstColumn", "1"),
                ("w:lastColumn", "0"),
                ("w:noHBand", "0"),
                ("w:noVBand", "1"),
            ],
        );
        x.close("w:tblPr");
        x.open("w:tblGrid", &[]);
        for w in widths {
            x.empty("w:gridCol", &[("w:w", &w.to_string())]);
        }
        x.close("w:tblGrid");
    }

    /// Opens a row; `header` repeats it on each page, `cant_split` keeps it whole.
    pub(crate) fn row_start(&mut self, header: bool, cant_split: bool) {
        self.row_start_rev(header, cant_split, None)
    }

    /// A row, itself inserted or deleted when `rev` says so.
    fn row_start_rev(&mut self, header: bool, cant_split: bool, rev: Option<Rev>) {
        self.xml.open("w:tr", &[]);
        if header || cant_split || rev.is_some() {
            self.xml.open("w:trPr", &[]);
            if cant_split {
                self.xml.empty("w:cantSplit", &[]);
            }
            if header {
                self.xml.empty("w:tblHeader", &[]);
            }
            match rev {
                Some(Rev::Ins) => self.rev_empty("w:ins"),
                Some(Rev::Del) => self.rev_empty("w:del"),
                None => {}
            }
            self.xml.close("w:trPr");
        }
    }

    pub(crate) fn cell_start(&mut self, width: u32) {
        self.xml
            .open("w:tc", &[])
            .open("w:tcPr", &[])
            .empty("w:tcW", &[("w:w", &width.to_string()), ("w:type", "dxa")])
            .close("w:tcPr");
    }

    pub(crate) fn cell_end(&mut self) {
        self.xml.close("w:tc");
    }

    pub(crate) fn row_end(&mut self) {
        self.xml.close("w:tr");
    }

    pub(crate) fn table_end(&mut self) {
        self.xml.close("w:tbl");
    }

    /// Writes one merged paragraph: its mark, then its segments, each kept,
    /// inserted or deleted.
    fn rline(&mut self, p: &PPr, line: &Line) {
        let mut p = p.clone();
        p.mark = rev_of(line.mark);
        self.xml.open("w:p", &[]);
        self.ppr(&p);
        self.segs(&line.segs);
        self.xml.close("w:p");
    }

    /// The runs of merged segments, typeset side by side.
    pub(crate) fn segs(&mut self, segs: &[Seg]) {
        for seg in super::typeset_segs(segs) {
            match rev_of(seg.mark) {
                None => self.inlines(&seg.inlines, false),
                Some(r) => self.tracked(r, &seg.inlines),
            }
        }
    }

    /// Writes an alinéa of the merged text.
    fn ralinea(&mut self, a: &Alinea, first: &mut PPr) {
        let mut p = std::mem::take(first);
        match &a.kind {
            AlineaKind::Paragraph => self.rline(&p, &a.line()),
            AlineaKind::Item { marker: None } => {
                p.bullet = true;
                p.style = Some("ListParagraph".into());
                self.rline(&p, &a.line());
            }
            AlineaKind::Item { marker: Some(m) } => {
                p.ind = Some((567, 567));
                p.mark = rev_of(a.line().mark);
                self.xml.open("w:p", &[]);
                self.ppr(&p);
                // The marker and its tab belong to the alinéa: tracked with it.
                match p.mark {
                    None => {
                        self.run(m, Style::PLAIN, false);
                        self.xml.open("w:r", &[]).empty("w:tab", &[]).close("w:r");
                    }
                    Some(r) => {
                        let tag = if r == Rev::Ins { "w:ins" } else { "w:del" };
                        self.rev_open(tag);
                        self.run(m, Style::PLAIN, r == Rev::Del);
                        self.xml.open("w:r", &[]).empty("w:tab", &[]).close("w:r");
                        self.xml.close(tag);
                    }
                }
                self.segs(&a.line().segs);
                self.xml.close("w:p");
            }
            AlineaKind::Table { rows, header } => {
                if p.page_break_before {
                    self.paragraph(&p, &[]);
                }
                self.table_rev(rows, *header, rev_of(a.line().mark));
            }
        }
    }

    /// An alinéa-table, whole rows tracked when the table is inserted or deleted.
    fn table_rev(&mut self, rows: &[Vec<Vec<Inline>>], header: bool, rev: Option<Rev>) {
        let ncols = rows.iter().map(Vec::len).max().unwrap_or(1).max(1);
        let w = TEXT_WIDTH / ncols as u32;
        self.table_start(&vec![w; ncols], true);
        for (k, r) in rows.iter().enumerate() {
            self.row_start_rev(header && k == 0, false, rev);
            for c in 0..ncols {
                self.cell_start(w);
                let empty = Vec::new();
                let inl = r.get(c).unwrap_or(&empty);
                let p = PPr {
                    style: Some("TableText".into()),
                    keep_next: header && k == 0,
                    mark: rev,
                    ..Default::default()
                };
                self.rline(&p, &Line::whole(mark_of(rev), inl));
                self.cell_end();
            }
            self.row_end();
        }
        self.table_end();
    }

    /// Consumes the builder, returning the XML built so far.
    pub(crate) fn finish(self) -> String {
        self.xml.buf
    }
}

/// The heading style of an outline level.
fn heading_style(level: usize) -> String {
    format!("Heading{}", level.clamp(1, 6))
}

fn rev_of(m: Mark) -> Option<Rev> {
    match m {
        Mark::Same => None,
        Mark::Ins => Some(Rev::Ins),
        Mark::Del => Some(Rev::Del),
    }
}

fn mark_of(rev: Option<Rev>) -> Mark {
    match rev {
        None => Mark::Same,
        Some(Rev::Ins) => Mark::Ins,
        Some(Rev::Del) => Mark::Del,
    }
}

struct DocWriter<'a> {
    body: Body,
    layout: &'a Layout<'a>,
    pending_break: bool,
}

impl<'a> DocWriter<'a> {
    fn take_break(&mut self) -> bool {
        std::mem::replace(&mut self.pending_break, false)
    }

    fn division(&mut self, d: &'a Division) {
        let empty = d.heading_line().segs.iter().all(|s| crate::model::inline_text(&s.inlines).is_empty());
        if !empty {
            let mut p =
                PPr { style: Some(heading_style(d.level)), mark: rev_of(d.heading_line().mark), ..Default::default() };
            p.page_break_before = self.take_break();
            self.body.xml.open("w:p", &[]);
            self.body.ppr(&p);
            // The stable id, collapsed right after the paragraph's
            // properties: retyping or renaming the heading in Word replaces
            // the text after it, never the mark itself.
            let id = self.body.bookmark_start(self.layout.anchors.id(&d.id));
            self.body.bookmark_end(id);
            let bm = self.body.bookmark_start(&self.layout.anchors.sommaire(&d.id));
            self.body.segs(&d.heading_line().segs);
            self.body.bookmark_end(bm);
            self.body.xml.close("w:p");
        }
        for a in &d.alineas {
            let mut first = PPr { page_break_before: empty && self.take_break(), ..Default::default() };
            self.body.ralinea(a, &mut first);
        }
        for c in &d.children {
            self.division(c);
        }
    }

    fn toc(&mut self) {
        let Some(sommaire) = &self.layout.sommaire else { return };
        let p = PPr { style: Some("TOCHeading".into()), page_break_before: self.take_break(), ..Default::default() };
        self.body.paragraph(&p, &[Inline::plain(sommaire.title)]);
        let n = sommaire.lines.len();
        for (k, e) in sommaire.lines.iter().enumerate() {
            let p = PPr {
                style: Some(format!("TOC{}", e.level.clamp(1, 9))),
                right_tab: Some(TEXT_WIDTH),
                mark: rev_of(e.line.mark),
                ..Default::default()
            };
            self.body.xml.open("w:p", &[]);
            self.body.ppr(&p);
            if k == 0 {
                self.body.field_begin("TOC \\o \"1-3\" \\h \\z \\u");
            }
            self.body.xml.open("w:hyperlink", &[("w:anchor", &e.anchor), ("w:history", "1")]);
            self.body.segs(&e.line.segs);
            let page = e.page.map(|n| n.to_string()).unwrap_or_default();
            let page = page.as_str();
            match rev_of(e.line.mark) {
                None => {
                    self.body.xml.open("w:r", &[]).empty("w:tab", &[]).close("w:r");
                    self.body.field(&format!("PAGEREF {} \\h", e.anchor), page, Style::PLAIN);
                }
                Some(r) => {
                    // A whole new or removed entry: its tab and page go with it.
                    let tag = if r == Rev::Ins { "w:ins" } else { "w:del" };
                    self.body.rev_open(tag);
                    self.body.xml.open("w:r", &[]).empty("w:tab", &[]).close("w:r");
                    self.body.run(page, Style::PLAIN, r == Rev::Del);
                    self.body.xml.close(tag);
                }
            }
            self.body.xml.close("w:hyperlink");
            if k + 1 == n {
                self.body.field_end();
            }
            self.body.xml.close("w:p");
        }
        self.pending_break = true;
    }
}

/// The whole `word/document.xml` body for a merged document.
/// Also says where the closing matter and the signatures start in it, and
/// where they end (the annexes that follow them start).
fn document_body(doc: &Document, layout: &Layout, rev: RevInfo) -> (String, Option<Range<usize>>) {
    let mut body = Body::new();
    body.rev = rev;
    let mut w = DocWriter { body, layout, pending_break: false };
    if let Some(m) = layout.copy_mark {
        w.body.paragraph(&PPr { style: Some("CopyMark".into()), ..Default::default() }, &[Inline::plain(m)]);
    }
    for l in &layout.title_lines {
        w.body.rline(&PPr { style: Some("Title".into()), ..Default::default() }, l);
    }
    w.pending_break = layout.title_page;
    w.toc();
    // Where an original's signature page may start (see `Section`), and
    // where the annexes that follow the signatures start.
    let (mut signature_at, mut annexes_at) = (None, 0);
    // The first annex after an original's signature page starts on the
    // section break that closes that page.
    let own_section = layout.signed && layout.footers.signature_page.is_some();
    for piece in reading_order(doc) {
        if matches!(piece, Piece::Closing(_) | Piece::Signatures) && signature_at.is_none() {
            signature_at = Some(w.body.xml.buf.len());
        }
        match piece {
            Piece::Front(p) => {
                for a in &p.alineas {
                    let mut first = PPr { page_break_before: w.take_break(), ..Default::default() };
                    w.body.ralinea(a, &mut first);
                }
            }
            Piece::Division(d) => w.division(d),
            Piece::Closing(p) => {
                for a in &p.alineas {
                    let mut first = PPr { keep_next: layout.signed, ..Default::default() };
                    w.body.ralinea(a, &mut first);
                }
            }
            // Changed signatories: the old blocks deleted, the new ones inserted.
            Piece::Signatures => {
                layout.signatures.iter().for_each(|s| signatures(&mut w.body, s));
                annexes_at = w.body.xml.buf.len();
            }
            // Each on a new page as an annex is.
            Piece::AnnexAfterSignatures(k, d) => {
                w.pending_break = k > 0 || !own_section;
                w.division(d);
            }
        }
    }
    let signature_at = signature_at.filter(|_| layout.signed);
    (w.body.finish(), signature_at.map(|at| at..annexes_at))
}

/// A row of the signature table, whole and kept with the next.
fn signature_row(body: &mut Body, cells: &[&[Inline]], s: &Signatures, keep_next: bool) {
    body.row_start_rev(false, true, rev_of(s.mark));
    for line in cells {
        body.cell_start(s.column.0);
        let p = PPr { style: Some("Signature".into()), keep_next, ..Default::default() };
        body.rline(&p, &Line::whole(s.mark, line));
        body.cell_end();
    }
    body.row_end();
}

/// The signature blocks side by side (see `layout::Signatures`).
fn signatures(body: &mut Body, s: &Signatures) {
    let n = s.names.len();
    if s.blank_before {
        body.paragraph(&PPr { keep_next: true, ..Default::default() }, &[]);
    }
    body.no_break_hyphens = true;
    body.table_start(&vec![s.column.0; n], false);
    for row in &s.heads {
        signature_row(body, row, s, true);
    }
    // Room to sign: a row of fixed height.
    body.xml.open("w:tr", &[]).open("w:trPr", &[]);
    body.xml.empty("w:cantSplit", &[]);
    body.xml.empty("w:trHeight", &[("w:val", &s.room.0.to_string()), ("w:hRule", "exact")]);
    match rev_of(s.mark) {
        Some(Rev::Ins) => body.rev_empty("w:ins"),
        Some(Rev::Del) => body.rev_empty("w:del"),
        None => {}
    }
    body.xml.close("w:trPr");
    for _ in 0..n {
        body.cell_start(s.column.0);
        body.rline(
            &PPr { style: Some("SignatureSpace".into()), keep_next: true, ..Default::default() },
            &Line::whole(s.mark, &[]),
        );
        body.cell_end();
    }
    body.row_end();
    signature_row(body, &s.names, s, false);
    body.table_end();
    body.no_break_hyphens = false;
}

/// The page header that carries the PROJET mark (`Layout::projet`): large,
/// bold, red, centred, on every page — the title page and the signature page
/// included —, so that a draft printed with blanks is never taken for a
/// signable original.
fn header_xml(mark: &str) -> String {
    let mut x = Xml::new();
    x.open("w:hdr", &[("xmlns:w", W_NS), ("xmlns:r", R_NS)]);
    x.open("w:p", &[]).open("w:pPr", &[]).empty("w:jc", &[("w:val", "center")]).close("w:pPr");
    x.open("w:r", &[]).open("w:rPr", &[]);
    x.empty("w:b", &[]).empty("w:color", &[("w:val", "C00000")]).empty("w:sz", &[("w:val", "32")]);
    x.close("w:rPr");
    x.elem("w:t", &[("xml:space", "preserve")], mark);
    x.close("w:r").close("w:p").close("w:hdr");
    x.buf
}

fn footer_xml(f: &Footer) -> String {
    if f.line.is_empty() && f.paraphes.is_none() {
        return empty_footer_xml();
    }
    let mut b = Body::new();
    if let Some(p) = &f.paraphes {
        paraphes(&mut b, p);
    }
    b.xml.open("w:p", &[]);
    // Under paraphe boxes, a little air before the page line.
    b.ppr(&PPr {
        style: Some(if f.paraphes.is_none() { "Footer" } else { "FooterUnderBoxes" }.into()),
        ..Default::default()
    });
    for piece in &f.line {
        match piece {
            FooterPiece::Text(t) => b.run(t, Style::PLAIN, false),
            FooterPiece::Page => b.field("PAGE", "1", Style::PLAIN),
            FooterPiece::Pages => b.field("NUMPAGES", "1", Style::PLAIN),
        }
    }
    b.xml.close("w:p");
    let mut x = Xml::new();
    x.open("w:ftr", &[("xmlns:w", W_NS), ("xmlns:r", R_NS)]).raw(&b.finish()).close("w:ftr");
    x.buf
}

/// The paraphe boxes, centred on the page: each label small, above its
/// box, outside it. Each party's column is three grid columns (margin, box,
/// margin) under a label spanning them.
fn paraphes(b: &mut Body, p: &Paraphes) {
    let parts = p.widths().map(|l| l.0);
    let widths: Vec<u32> = p.labels.iter().flat_map(|_| parts).collect();
    let total: u32 = widths.iter().sum();
    let x = &mut b.xml;
    x.open("w:tbl", &[]).open("w:tblPr", &[]);
    x.empty("w:tblW", &[("w:w", &total.to_string()), ("w:type", "dxa")]);
    x.empty("w:jc", &[("w:val", "center")]);
    x.empty("w:tblLayout", &[("w:type", "fixed")]);
    x.open("w:tblCellMar", &[])
        .empty("w:left", &[("w:w", "0"), ("w:type", "dxa")])
        .empty("w:right", &[("w:w", "0"), ("w:type", "dxa")])
        .close("w:tblCellMar");
    x.close("w:tblPr");
    x.open("w:tblGrid", &[]);
    for w in &widths {
        x.empty("w:gridCol", &[("w:w", &w.to_string())]);
    }
    x.close("w:tblGrid");
    b.xml.open("w:tr", &[]).open("w:trPr", &[]).empty("w:cantSplit", &[]).close("w:trPr");
    for label in &p.labels {
        b.xml
            .open("w:tc", &[])
            .open("w:tcPr", &[])
            .empty("w:tcW", &[("w:w", &p.column.0.to_string()), ("w:type", "dxa")])
            .empty("w:gridSpan", &[("w:val", "3")])
            .close("w:tcPr");
        b.paragraph(&PPr { style: Some("Initials".into()), ..Default::default() }, &[Inline::plain(label.clone())]);
        b.cell_end();
    }
    b.row_end();
    b.xml
        .open("w:tr", &[])
        .open("w:trPr", &[])
        .empty("w:cantSplit", &[])
        .empty("w:trHeight", &[("w:val", &p.square.0.to_string()), ("w:hRule", "exact")])
        .close("w:trPr");
    for _ in &p.labels {
        for (k, w) in parts.into_iter().enumerate() {
            b.xml.open("w:tc", &[]).open("w:tcPr", &[]).empty("w:tcW", &[("w:w", &w.to_string()), ("w:type", "dxa")]);
            if k == 1 {
                b.xml.open("w:tcBorders", &[]);
                for edge in ["w:top", "w:left", "w:bottom", "w:right"] {
                    b.xml.empty(edge, &[("w:val", "single"), ("w:sz", "8"), ("w:space", "0"), ("w:color", "000000")]);
                }
                b.xml.close("w:tcBorders");
            }
            b.xml.close("w:tcPr");
            b.paragraph(&PPr { style: Some("Initials".into()), ..Default::default() }, &[]);
            b.cell_end();
        }
    }
    b.row_end();
    b.table_end();
}

fn empty_footer_xml() -> String {
    let mut x = Xml::new();
    x.open("w:ftr", &[("xmlns:w", W_NS), ("xmlns:r", R_NS)])
        .open("w:p", &[])
        .open("w:pPr", &[])
        .empty("w:pStyle", &[("w:val", "Footer")])
        .close("w:pPr")
        .close("w:p")
        .close("w:ftr");
    x.buf
}

/// Everything a DOCX package needs besides the styles.
pub(crate) struct Package<'a> {
    pub(crate) body: String,
    /// The page, its footers, the title page, the file's properties.
    pub(crate) layout: &'a Layout<'a>,
    /// Ask Word to refresh the fields (the sommaire) on opening.
    pub(crate) update_fields: bool,
    /// Where the signature page starts and ends in `body`, when it is a
    /// section of its own, without paraphe boxes (originals); the annexes
    /// that follow the signatures, after it, carry the paraphes again.
    pub(crate) signature_page: Option<Range<usize>>,
}

/// Which section a `w:sectPr` closes.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Section {
    /// The whole document.
    Whole,
    /// An original's text, up to its signature page: paraphes in the footer.
    Text,
    /// An original's signature page: signed there, so no paraphe box; its
    /// own footer keeps the copy number and the page.
    Signatures,
    /// An original's annexes after its signature page: paraphes again.
    Annexes,
}

fn section(p: &Package, which: Section) -> String {
    let mut x = Xml::default();
    x.open("w:sectPr", &[]);
    let title_page = p.layout.title_page && matches!(which, Section::Whole | Section::Text);
    if p.layout.projet.is_some() {
        x.empty("w:headerReference", &[("w:type", "default"), ("r:id", "rIdHeader1")]);
        if title_page {
            x.empty("w:headerReference", &[("w:type", "first"), ("r:id", "rIdHeader1")]);
        }
    }
    if which == Section::Signatures {
        x.empty("w:footerReference", &[("w:type", "default"), ("r:id", "rIdFooter3")]);
    } else {
        x.empty("w:footerReference", &[("w:type", "default"), ("r:id", "rIdFooter1")]);
    }
    if title_page {
        x.empty("w:footerReference", &[("w:type", "first"), ("r:id", "rIdFooter2")]);
    }
    if p.layout.sheet.landscape {
        x.empty("w:pgSz", &[("w:w", "16838"), ("w:h", "11906"), ("w:orient", "landscape")]);
        x.empty(
            "w:pgMar",
            &[
                ("w:top", "1134"),
                ("w:right", "1417"),
                ("w:bottom", "1134"),
                ("w:left", "1417"),
                ("w:header", "567"),
                ("w:footer", "567"),
                ("w:gutter", "0"),
            ],
        );
    } else {
        x.empty("w:pgSz", &[("w:w", "11906"), ("w:h", "16838")]);
        x.empty(
            "w:pgMar",
            &[
                ("w:top", "1417"),
                ("w:right", "1417"),
                ("w:bottom", "1417"),
                ("w:left", "1417"),
                ("w:header", "708"),
                ("w:footer", "567"),
                ("w:gutter", "0"),
            ],
        );
    }
    x.empty("w:cols", &[("w:space", "708")]);
    if title_page {
        x.empty("w:titlePg", &[]);
    }
    x.close("w:sectPr");
    x.buf
}

fn document_xml(p: &Package) -> String {
    let mut x = Xml::new();
    x.open("w:document", &[("xmlns:w", W_NS), ("xmlns:r", R_NS)]).open("w:body", &[]);
    let page = p.signature_page.clone().filter(|r| p.body.is_char_boundary(r.start) && p.body.is_char_boundary(r.end));
    match page {
        Some(r) if r.end < p.body.len() => {
            let (text, rest) = p.body.split_at(r.start);
            let (signatures, annexes) = rest.split_at(r.end - r.start);
            x.raw(text);
            x.open("w:p", &[]).open("w:pPr", &[]).raw(&section(p, Section::Text)).close("w:pPr").close("w:p");
            x.raw(signatures);
            x.open("w:p", &[]).open("w:pPr", &[]).raw(&section(p, Section::Signatures)).close("w:pPr").close("w:p");
            x.raw(annexes).raw(&section(p, Section::Annexes));
        }
        Some(r) => {
            let (text, signatures) = p.body.split_at(r.start);
            x.raw(text);
            x.open("w:p", &[]).open("w:pPr", &[]).raw(&section(p, Section::Text)).close("w:pPr").close("w:p");
            x.raw(signatures).raw(&section(p, Section::Signatures));
        }
        None => {
            x.raw(&p.body).raw(&section(p, Section::Whole));
        }
    }
    x.close("w:body").close("w:document");
    x.buf
}

fn core_xml(m: &Properties) -> String {
    let mut x = Xml::new();
    x.open(
        "cp:coreProperties",
        &[
            ("xmlns:cp", "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"),
            ("xmlns:dc", "http://purl.org/dc/elements/1.1/"),
            ("xmlns:dcterms", "http://purl.org/dc/terms/"),
            ("xmlns:dcmitype", "http://purl.org/dc/dcmitype/"),
            ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
        ],
    );
    x.elem("dc:title", &[], &m.title);
    x.elem("dc:subject", &[], &m.subject);
    x.elem("dc:creator", &[], &m.author);
    x.elem("cp:keywords", &[], &m.keywords);
    x.elem("dc:language", &[], &m.language);
    x.close("cp:coreProperties");
    x.buf
}

fn app_xml() -> String {
    let mut x = Xml::new();
    x.open("Properties", &[("xmlns", "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties")]);
    x.elem("Application", &[], "clausier");
    x.close("Properties");
    x.buf
}

fn settings_xml(update_fields: bool) -> String {
    let mut x = Xml::new();
    x.open("w:settings", &[("xmlns:w", W_NS)]);
    x.empty("w:zoom", &[("w:percent", "100")]);
    x.empty("w:defaultTabStop", &[("w:val", "708")]);
    x.empty("w:hyphenationZone", &[("w:val", "425")]);
    x.empty("w:characterSpacingControl", &[("w:val", "doNotCompress")]);
    if update_fields {
        // Word lays the document out with its own fonts: it refreshes the
        // sommaire's page numbers on opening.
        x.empty("w:updateFields", &[("w:val", "true")]);
    }
    x.open("w:compat", &[]);
    // A justified line ending in a manual line break (« Paris : … » then
    // « Ivry-sur-Seine : … ») keeps its natural spacing instead of being
    // stretched across the page; LibreOffice reads the same setting.
    x.empty("w:doNotExpandShiftReturn", &[]);
    x.empty(
        "w:compatSetting",
        &[("w:name", "compatibilityMode"), ("w:uri", "http://schemas.microsoft.com/office/word"), ("w:val", "15")],
    );
    x.close("w:compat");
    x.empty("w:themeFontLang", &[("w:val", "fr-FR")]);
    x.empty("w:decimalSymbol", &[("w:val", ",")]);
    x.empty("w:listSeparator", &[("w:val", ";")]);
    x.close("w:settings");
    x.buf
}

fn numbering_xml() -> String {
    let mut x = Xml::new();
    x.open("w:numbering", &[("xmlns:w", W_NS)]);
    x.open("w:abstractNum", &[("w:abstractNumId", "0")]);
    x.empty("w:multiLevelType", &[("w:val", "singleLevel")]);
    x.open("w:lvl", &[("w:ilvl", "0")]);
    x.empty("w:start", &[("w:val", "1")]);
    x.empty("w:numFmt", &[("w:val", "bullet")]);
    x.empty("w:lvlText", &[("w:val", "–")]);
    x.empty("w:lvlJc", &[("w:val", "left")]);
    x.open("w:pPr", &[]).empty("w:ind", &[("w:left", "567"), ("w:hanging", "283")]).close("w:pPr");
    x.open("w:rPr", &[]).empty("w:rFonts", &[("w:ascii", FONT), ("w:hAnsi", FONT), ("w:cs", FONT)]).close("w:rPr");
    x.close("w:lvl");
    x.close("w:abstractNum");
    x.open("w:num", &[("w:numId", "1")]).empty("w:abstractNumId", &[("w:val", "0")]).close("w:num");
    x.close("w:numbering");
    x.buf
}

/// One paragraph style, its children in schema order.
struct StyleDef<'a> {
    id: &'a str,
    name: &'a str,
    based_on: Option<&'a str>,
    next: Option<&'a str>,
    ppr: &'a str,
    rpr: &'a str,
    ui: Option<&'a str>,
}

fn style(x: &mut Xml, s: &StyleDef) {
    x.open("w:style", &[("w:type", "paragraph"), ("w:styleId", s.id)]);
    x.empty("w:name", &[("w:val", s.name)]);
    if let Some(b) = s.based_on {
        x.empty("w:basedOn", &[("w:val", b)]);
    }
    if let Some(n) = s.next {
        x.empty("w:next", &[("w:val", n)]);
    }
    if let Some(u) = s.ui {
        x.empty("w:uiPriority", &[("w:val", u)]);
    }
    x.empty("w:qFormat", &[]);
    if !s.ppr.is_empty() {
        x.open("w:pPr", &[]).raw(s.ppr).close("w:pPr");
    }
    if !s.rpr.is_empty() {
        x.open("w:rPr", &[]).raw(s.rpr).close("w:rPr");
    }
    x.close("w:style");
}

/// The title and the sommaire's heading, styled before the sommaire's levels.
const TITLE_STYLES: &[StyleDef<'static>] = &[
    StyleDef {
        id: "Title",
        name: "Title",
        based_on: Some("Normal"),
        next: Some("Normal"),
        ppr: "<w:spacing w:before=\"240\" w:after=\"240\"/><w:jc w:val=\"center\"/>",
        rpr: "<w:b/><w:sz w:val=\"32\"/><w:szCs w:val=\"32\"/>",
        ui: Some("10"),
    },
    StyleDef {
        id: "TOCHeading",
        name: "TOC Heading",
        based_on: Some("Normal"),
        next: Some("Normal"),
        ppr: "<w:keepNext/><w:spacing w:before=\"240\" w:after=\"360\"/><w:jc w:val=\"center\"/>",
        rpr: "<w:b/><w:sz w:val=\"28\"/><w:szCs w:val=\"28\"/>",
        ui: Some("39"),
    },
];

/// The paragraph styles after the sommaire's levels: lists, footers,
/// signatures, tables, the copy mark.
const OTHER_STYLES: &[StyleDef<'static>] = &[
    StyleDef {
        id: "ListParagraph",
        name: "List Paragraph",
        based_on: Some("Normal"),
        next: None,
        ppr: "<w:spacing w:after=\"60\"/><w:ind w:left=\"567\"/>",
        rpr: "",
        ui: Some("34"),
    },
    StyleDef {
        id: "Footer",
        name: "footer",
        based_on: Some("Normal"),
        next: None,
        ppr: "<w:spacing w:after=\"0\"/><w:jc w:val=\"center\"/>",
        rpr: "<w:sz w:val=\"18\"/><w:szCs w:val=\"18\"/>",
        ui: Some("99"),
    },
    StyleDef {
        id: "FooterUnderBoxes",
        name: "Footer under boxes",
        based_on: Some("Footer"),
        next: None,
        ppr: "<w:spacing w:before=\"120\" w:after=\"0\"/>",
        rpr: "",
        ui: Some("99"),
    },
    StyleDef {
        id: "Signature",
        name: "Signature",
        based_on: Some("Normal"),
        next: None,
        ppr: "<w:spacing w:after=\"60\"/><w:jc w:val=\"center\"/>",
        rpr: "",
        ui: Some("99"),
    },
    StyleDef {
        id: "SignatureSpace",
        name: "Signature Space",
        based_on: Some("Normal"),
        next: None,
        ppr: "<w:spacing w:before=\"1440\" w:after=\"0\"/>",
        rpr: "",
        ui: Some("99"),
    },
    StyleDef {
        id: "TableText",
        name: "Table Text",
        based_on: Some("Normal"),
        next: None,
        ppr: "<w:spacing w:before=\"40\" w:after=\"40\"/><w:jc w:val=\"left\"/>",
        rpr: "<w:sz w:val=\"20\"/><w:szCs w:val=\"20\"/>",
        ui: Some("99"),
    },
    StyleDef {
        id: "Initials",
        name: "Initials",
        based_on: Some("Normal"),
        next: None,
        ppr: "<w:spacing w:after=\"0\"/><w:jc w:val=\"center\"/>",
        rpr: "<w:sz w:val=\"14\"/><w:szCs w:val=\"14\"/>",
        ui: Some("99"),
    },
    StyleDef {
        id: "CopyMark",
        name: "Copy Mark",
        based_on: Some("Normal"),
        next: None,
        ppr: "<w:spacing w:after=\"480\"/><w:jc w:val=\"right\"/>",
        rpr: "<w:b/><w:sz w:val=\"20\"/><w:szCs w:val=\"20\"/>",
        ui: Some("99"),
    },
    StyleDef {
        id: "Subtitle",
        name: "Subtitle",
        based_on: Some("Normal"),
        next: Some("Normal"),
        ppr: "<w:spacing w:after=\"240\"/><w:jc w:val=\"center\"/>",
        rpr: "<w:b/><w:sz w:val=\"24\"/><w:szCs w:val=\"24\"/>",
        ui: Some("11"),
    },
    StyleDef {
        id: "TableHeader",
        name: "Table Header",
        based_on: Some("Normal"),
        next: None,
        ppr: "<w:keepNext/><w:spacing w:before=\"60\" w:after=\"60\"/><w:jc w:val=\"center\"/>",
        rpr: "<w:b/><w:sz w:val=\"20\"/><w:szCs w:val=\"20\"/>",
        ui: Some("99"),
    },
    StyleDef {
        id: "Quote",
        name: "Quote",
        based_on: Some("Normal"),
        next: Some("Normal"),
        ppr: "<w:ind w:left=\"567\" w:right=\"567\"/>",
        rpr: "",
        ui: Some("29"),
    },
];

/// The defaults every run and paragraph inherits, and the styles Word
/// expects to find (Normal, the default fonts, tables and lists).
fn base_styles(x: &mut Xml) {
    x.open("w:docDefaults", &[]);
    x.open("w:rPrDefault", &[]).open("w:rPr", &[]);
    x.empty("w:rFonts", &[("w:ascii", FONT), ("w:eastAsia", FONT), ("w:hAnsi", FONT), ("w:cs", FONT)]);
    x.empty("w:sz", &[("w:val", "22")]).empty("w:szCs", &[("w:val", "22")]);
    x.empty("w:lang", &[("w:val", "fr-FR"), ("w:eastAsia", "fr-FR"), ("w:bidi", "ar-SA")]);
    x.close("w:rPr").close("w:rPrDefault");
    x.open("w:pPrDefault", &[])
        .open("w:pPr", &[])
        .empty("w:spacing", &[("w:after", "120"), ("w:line", "264"), ("w:lineRule", "auto")])
        .close("w:pPr")
        .close("w:pPrDefault");
    x.close("w:docDefaults");

    // Normal: justified, one font, French.
    x.open("w:style", &[("w:type", "paragraph"), ("w:default", "1"), ("w:styleId", "Normal")]);
    x.empty("w:name", &[("w:val", "Normal")]).empty("w:qFormat", &[]);
    x.open("w:pPr", &[]).empty("w:jc", &[("w:val", "both")]).close("w:pPr");
    x.close("w:style");
    x.open("w:style", &[("w:type", "character"), ("w:default", "1"), ("w:styleId", "DefaultParagraphFont")]);
    x.empty("w:name", &[("w:val", "Default Paragraph Font")])
        .empty("w:uiPriority", &[("w:val", "1")])
        .empty("w:semiHidden", &[])
        .empty("w:unhideWhenUsed", &[]);
    x.close("w:style");
    x.open("w:style", &[("w:type", "table"), ("w:default", "1"), ("w:styleId", "TableNormal")]);
    x.empty("w:name", &[("w:val", "Normal Table")])
        .empty("w:uiPriority", &[("w:val", "99")])
        .empty("w:semiHidden", &[])
        .empty("w:unhideWhenUsed", &[]);
    x.open("w:tblPr", &[]).empty("w:tblInd", &[("w:w", "0"), ("w:type", "dxa")]);
    x.open("w:tblCellMar", &[])
        .empty("w:top", &[("w:w", "0"), ("w:type", "dxa")])
        .empty("w:left", &[("w:w", "108"), ("w:type", "dxa")])
        .empty("w:bottom", &[("w:w", "0"), ("w:type", "dxa")])
        .empty("w:right", &[("w:w", "108"), ("w:type", "dxa")])
        .close("w:tblCellMar");
    x.close("w:tblPr").close("w:style");
    x.open("w:style", &[("w:type", "numbering"), ("w:default", "1"), ("w:styleId", "NoList")]);
    x.empty("w:name", &[("w:val", "No List")])
        .empty("w:uiPriority", &[("w:val", "99")])
        .empty("w:semiHidden", &[])
        .empty("w:unhideWhenUsed", &[]);
    x.close("w:style");
}

/// The headings of the six outline levels, then the title, the sommaire's
/// heading and its nine levels.
fn heading_styles(x: &mut Xml) {
    let headings = [
        ("Heading1", "heading 1", "<w:keepNext/><w:keepLines/><w:spacing w:before=\"480\" w:after=\"240\"/><w:jc w:val=\"left\"/><w:outlineLvl w:val=\"0\"/>", "<w:b/><w:sz w:val=\"28\"/><w:szCs w:val=\"28\"/>"),
        ("Heading2", "heading 2", "<w:keepNext/><w:keepLines/><w:spacing w:before=\"360\" w:after=\"180\"/><w:jc w:val=\"left\"/><w:outlineLvl w:val=\"1\"/>", "<w:b/><w:sz w:val=\"24\"/><w:szCs w:val=\"24\"/>"),
        ("Heading3", "heading 3", "<w:keepNext/><w:keepLines/><w:spacing w:before=\"240\" w:after=\"120\"/><w:jc w:val=\"left\"/><w:outlineLvl w:val=\"2\"/>", "<w:b/><w:i/><w:sz w:val=\"22\"/><w:szCs w:val=\"22\"/>"),
        ("Heading4", "heading 4", "<w:keepNext/><w:keepLines/><w:spacing w:before=\"240\" w:after=\"120\"/><w:jc w:val=\"left\"/><w:outlineLvl w:val=\"3\"/>", "<w:i/><w:u w:val=\"single\"/>"),
        ("Heading5", "heading 5", "<w:keepNext/><w:keepLines/><w:spacing w:before=\"200\" w:after=\"100\"/><w:jc w:val=\"left\"/><w:outlineLvl w:val=\"4\"/>", "<w:i/>"),
        ("Heading6", "heading 6", "<w:keepNext/><w:keepLines/><w:spacing w:before=\"200\" w:after=\"100\"/><w:jc w:val=\"left\"/><w:outlineLvl w:val=\"5\"/>", "<w:i/>"),
    ];
    for (id, name, ppr, rpr) in headings {
        style(x, &StyleDef { id, name, based_on: Some("Normal"), next: Some("Normal"), ppr, rpr, ui: Some("9") });
    }
    for s in TITLE_STYLES {
        style(x, s);
    }
    for (lvl, indent, rpr) in [
        (1u32, 0u32, "<w:b/>"),
        (2, 284, ""),
        (3, 567, "<w:i/>"),
        (4, 851, ""),
        (5, 1134, ""),
        (6, 1418, ""),
        (7, 1701, ""),
        (8, 1985, ""),
        (9, 2268, ""),
    ] {
        let id = format!("TOC{}", lvl);
        let name = format!("toc {}", lvl);
        let ppr = format!("<w:tabs><w:tab w:val=\"right\" w:leader=\"dot\" w:pos=\"{}\"/></w:tabs><w:spacing w:before=\"60\" w:after=\"60\"/><w:ind w:left=\"{}\" w:right=\"0\"/><w:jc w:val=\"left\"/>", TEXT_WIDTH, indent);
        style(
            x,
            &StyleDef {
                id: &id,
                name: &name,
                based_on: Some("Normal"),
                next: Some("Normal"),
                ppr: &ppr,
                rpr,
                ui: Some("39"),
            },
        );
    }
}

/// The grid drawn around a table's cells.
fn table_grid_style(x: &mut Xml) {
    x.open("w:style", &[("w:type", "table"), ("w:styleId", "TableGrid")]);
    x.empty("w:name", &[("w:val", "Table Grid")])
        .empty("w:basedOn", &[("w:val", "TableNormal")])
        .empty("w:uiPriority", &[("w:val", "39")]);
    x.open("w:tblPr", &[]).open("w:tblBorders", &[]);
    for side in ["w:top", "w:left", "w:bottom", "w:right", "w:insideH", "w:insideV"] {
        x.empty(side, &[("w:val", "single"), ("w:sz", "4"), ("w:space", "0"), ("w:color", "000000")]);
    }
    x.close("w:tblBorders").close("w:tblPr").close("w:style");
}

fn styles_xml() -> String {
    let mut x = Xml::new();
    x.open("w:styles", &[("xmlns:w", W_NS)]);
    base_styles(&mut x);
    heading_styles(&mut x);
    for s in OTHER_STYLES {
        style(&mut x, s);
    }
    table_grid_style(&mut x);
    x.close("w:styles");
    x.buf
}

fn content_types(signature_page: bool, header: bool) -> String {
    let mut x = Xml::new();
    x.open("Types", &[("xmlns", "http://schemas.openxmlformats.org/package/2006/content-types")]);
    x.empty(
        "Default",
        &[("Extension", "rels"), ("ContentType", "application/vnd.openxmlformats-package.relationships+xml")],
    );
    x.empty("Default", &[("Extension", "xml"), ("ContentType", "application/xml")]);
    let wml = "application/vnd.openxmlformats-officedocument.wordprocessingml";
    for (part, ct) in [
        ("/word/document.xml", format!("{}.document.main+xml", wml)),
        ("/word/styles.xml", format!("{}.styles+xml", wml)),
        ("/word/settings.xml", format!("{}.settings+xml", wml)),
        ("/word/numbering.xml", format!("{}.numbering+xml", wml)),
        ("/word/footer1.xml", format!("{}.footer+xml", wml)),
        ("/word/footer2.xml", format!("{}.footer+xml", wml)),
        ("/word/footer3.xml", format!("{}.footer+xml", wml)),
        ("/word/header1.xml", format!("{}.header+xml", wml)),
        ("/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml".to_string()),
        ("/docProps/app.xml", "application/vnd.openxmlformats-officedocument.extended-properties+xml".to_string()),
    ] {
        if (part == "/word/footer3.xml" && !signature_page) || (part == "/word/header1.xml" && !header) {
            continue;
        }
        x.empty("Override", &[("PartName", part), ("ContentType", &ct)]);
    }
    x.close("Types");
    x.buf
}

fn rels(items: &[(&str, &str, &str)]) -> String {
    let mut x = Xml::new();
    x.open("Relationships", &[("xmlns", "http://schemas.openxmlformats.org/package/2006/relationships")]);
    for (id, ty, target) in items {
        x.empty("Relationship", &[("Id", id), ("Type", ty), ("Target", target)]);
    }
    x.close("Relationships");
    x.buf
}

/// Zips the package. Fixed entry order and timestamps (1980-01-01): the
/// same document always gives the same bytes.
pub(crate) fn package(p: &Package) -> Vec<u8> {
    let od = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    let root_rels = rels(&[
        ("rId1", &format!("{}/officeDocument", od), "word/document.xml"),
        (
            "rId2",
            "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties",
            "docProps/core.xml",
        ),
        ("rId3", &format!("{}/extended-properties", od), "docProps/app.xml"),
    ]);
    let doc_rels = rels(&[
        ("rIdStyles", &format!("{}/styles", od), "styles.xml"),
        ("rIdSettings", &format!("{}/settings", od), "settings.xml"),
        ("rIdNumbering", &format!("{}/numbering", od), "numbering.xml"),
        ("rIdFooter1", &format!("{}/footer", od), "footer1.xml"),
        ("rIdFooter2", &format!("{}/footer", od), "footer2.xml"),
        ("rIdFooter3", &format!("{}/footer", od), "footer3.xml"),
    ]);
    let footers = &p.layout.footers;
    let doc_rels = if p.signature_page.is_some() {
        doc_rels
    } else {
        doc_rels
            .replace(&format!("<Relationship Id=\"rIdFooter3\" Type=\"{}/footer\" Target=\"footer3.xml\"/>", od), "")
    };
    let doc_rels = match p.layout.projet {
        Some(_) => doc_rels.replace(
            "</Relationships>",
            &format!("<Relationship Id=\"rIdHeader1\" Type=\"{}/header\" Target=\"header1.xml\"/></Relationships>", od),
        ),
        None => doc_rels,
    };
    let parts: Vec<(&str, String)> = vec![
        ("[Content_Types].xml", content_types(p.signature_page.is_some(), p.layout.projet.is_some())),
        ("_rels/.rels", root_rels),
        ("docProps/core.xml", core_xml(&p.layout.properties)),
        ("docProps/app.xml", app_xml()),
        ("word/_rels/document.xml.rels", doc_rels),
        ("word/document.xml", document_xml(p)),
        ("word/styles.xml", styles_xml()),
        ("word/settings.xml", settings_xml(p.update_fields)),
        ("word/numbering.xml", numbering_xml()),
        ("word/footer1.xml", footer_xml(&footers.text)),
        ("word/footer2.xml", footer_xml(&footers.title_page)),
    ];
    let mut parts = parts;
    if let Some(mark) = p.layout.projet {
        parts.push(("word/header1.xml", header_xml(mark)));
    }
    if let (Some(_), Some(f)) = (&p.signature_page, &footers.signature_page) {
        parts.push(("word/footer3.xml", footer_xml(f)));
    }
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(1))
        .last_modified_time(zip::DateTime::default())
        .unix_permissions(0o644);
    for (name, content) in parts {
        zip.start_file(name, opts).expect("writing to memory cannot fail");
        zip.write_all(content.as_bytes()).expect("writing to memory cannot fail");
    }
    zip.finish().expect("writing to memory cannot fail").into_inner()
}

/// Writes a text as DOCX: for a comparison, the new text with real tracked
/// changes; for a text alone, a document with none.
pub fn write(doc: &Document, opts: &super::Options) -> Vec<u8> {
    let layout = Layout::of(doc, &opts.ask());
    let (body, signature_at) = document_body(doc, &layout, opts.rev.clone());
    let signature_page = signature_at.filter(|_| layout.footers.signature_page.is_some());
    package(&Package { body, layout: &layout, update_fields: layout.sommaire.is_some(), signature_page })
}
