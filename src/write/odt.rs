//! OpenDocument Text (ODT), written directly: the format the Référentiel
//! général d'interopérabilité recommends to administrations, and
//! LibreOffice's own. The same page furniture as the DOCX (`crate::layout`):
//! title page, sommaire (a real `text:table-of-content`, each entry a link
//! to its heading's bookmark, as LibreOffice links them: clickable in the
//! document and in its PDF), signature blocks, paraphe boxes, copy marks,
//! footers « page X sur Y »; Arial (Liberation Sans where Arial is
//! missing), French. Bulleted items are a `text:list` whose dash is the
//! list's label (the DOCX's numbering); an ordered item's marker (« a) »,
//! « 1° ») stays typed before a tab, words of the text as in the DOCX.
//!
//! Reproducible like the DOCX: `mimetype` stored first and uncompressed,
//! fixed timestamps, no date in the metadata, styles and change ids numbered
//! in the order of the text, so the originals' hashes hold.
//!
//! A comparison is written with ODF tracked changes (`text:tracked-changes`):
//! inserted words between `text:change-start` and `text:change-end`,
//! deleted words kept in their `text:changed-region`, marked in the text by
//! `text:change`. A whole inserted paragraph takes its paragraph mark with it
//! (the region ends at the start of the next paragraph); a whole deleted one
//! is restored, mark included, at the start of the next. LibreOffice's
//! Accept All then gives the new text and Reject All the old. Where a whole
//! paragraph change meets a table or the end of the document, the region
//! closes inside the paragraph and one empty paragraph may remain on one
//! side; a table inserted or deleted whole has its cells' text tracked (ODF
//! has no tracked table).

use super::xml::Xml;
use super::{Options, RevInfo};
use crate::layout::{self, reading_order, Footer, FooterPiece, Layout, Length, Paraphes, Piece, Signatures};
use crate::model::{Alinea, Division, Document, Line, Mark, Seg};
use crate::model::{AlineaKind, Inline, Style};
use std::collections::BTreeMap;
use std::io::Write;

pub(crate) const NS: &[(&str, &str)] = &[
    ("xmlns:office", "urn:oasis:names:tc:opendocument:xmlns:office:1.0"),
    ("xmlns:style", "urn:oasis:names:tc:opendocument:xmlns:style:1.0"),
    ("xmlns:text", "urn:oasis:names:tc:opendocument:xmlns:text:1.0"),
    ("xmlns:table", "urn:oasis:names:tc:opendocument:xmlns:table:1.0"),
    ("xmlns:fo", "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"),
    ("xmlns:svg", "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"),
    ("xmlns:xlink", "http://www.w3.org/1999/xlink"),
    ("xmlns:dc", "http://purl.org/dc/elements/1.1/"),
    ("xmlns:meta", "urn:oasis:names:tc:opendocument:xmlns:meta:1.0"),
    ("office:version", "1.3"),
];

/// The automatic styles a document uses, named in the order first used.
#[derive(Default)]
pub(crate) struct Styles {
    /// Text styles by their bits (bold 1, italic 2, underline 4, superscript 8, strike 16).
    text: std::collections::BTreeSet<u8>,
    /// Paragraph, table, column, row and cell styles: key → (name, XML).
    auto: BTreeMap<String, (String, String)>,
}

impl Styles {
    fn text_style(&mut self, s: Style, strike: bool) -> Option<String> {
        let bits = s.bold as u8 | (s.italic as u8) << 1 | (s.underline as u8) << 2 | (s.superscript as u8) << 3;
        let bits = bits | (strike as u8) << 4;
        if bits == 0 {
            return None;
        }
        self.text.insert(bits);
        Some(format!("T{}", bits))
    }

    /// An automatic style of `family`, its properties given as XML.
    /// `attrs` are attributes of the style itself (a master page), `props` its properties.
    pub(crate) fn auto(
        &mut self,
        prefix: &str,
        family: &str,
        parent: Option<&str>,
        attrs: &str,
        props: &str,
    ) -> String {
        let key = format!("{}|{}|{}|{}|{}", prefix, family, parent.unwrap_or(""), attrs, props);
        let n = self.auto.len() + 1;
        let entry = self.auto.entry(key).or_insert_with(|| {
            let name = format!("{}{}", prefix, n);
            let parent = parent.map(|p| format!(" style:parent-style-name=\"{}\"", p)).unwrap_or_default();
            let xml = format!(
                "<style:style style:name=\"{}\" style:family=\"{}\"{}{}>{}</style:style>",
                name, family, parent, attrs, props
            );
            (name, xml)
        });
        entry.0.clone()
    }

    /// The `office:automatic-styles` of content.xml.
    pub(crate) fn xml(&self) -> String {
        let mut out = String::from("<office:automatic-styles>");
        for bits in &self.text {
            let mut props = String::new();
            if bits & 1 != 0 {
                props.push_str(" fo:font-weight=\"bold\" style:font-weight-complex=\"bold\"");
            }
            if bits & 2 != 0 {
                props.push_str(" fo:font-style=\"italic\" style:font-style-complex=\"italic\"");
            }
            if bits & 4 != 0 {
                props.push_str(" style:text-underline-style=\"solid\" style:text-underline-width=\"auto\" style:text-underline-color=\"font-color\"");
            }
            if bits & 8 != 0 {
                props.push_str(" style:text-position=\"super 58%\"");
            }
            if bits & 16 != 0 {
                props.push_str(" style:text-line-through-style=\"solid\" style:text-line-through-type=\"single\"");
            }
            out.push_str(&format!(
                "<style:style style:name=\"T{}\" style:family=\"text\"><style:text-properties{}/></style:style>",
                bits, props
            ));
        }
        let mut auto: Vec<&(String, String)> = self.auto.values().collect();
        auto.sort_by_key(|(name, _)| {
            (name.trim_start_matches(char::is_alphabetic).parse::<usize>().unwrap_or(0), name.clone())
        });
        for (_, xml) in auto {
            out.push_str(xml);
        }
        out.push_str("</office:automatic-styles>");
        out
    }
}

/// Writes text, ODF's way with white space: a space after a space (or at
/// the start of a paragraph) is `text:s`, a tab `text:tab`, a line break
/// `text:line-break`. `space` says whether the last character written was a
/// space.
fn push_text(x: &mut Xml, s: &str, space: &mut bool, no_break_hyphens: bool) {
    let mut run = 0usize;
    let flush = |x: &mut Xml, run: &mut usize| {
        if *run > 0 {
            if *run == 1 {
                x.empty("text:s", &[]);
            } else {
                x.empty("text:s", &[("text:c", &run.to_string())]);
            }
            *run = 0;
        }
    };
    let mut plain = String::new();
    for c in s.chars() {
        match c {
            ' ' if *space => {
                x.text(&std::mem::take(&mut plain));
                run += 1;
            }
            ' ' => {
                plain.push(' ');
                *space = true;
            }
            '\t' | '\n' => {
                x.text(&std::mem::take(&mut plain));
                flush(x, &mut run);
                x.empty(if c == '\t' { "text:tab" } else { "text:line-break" }, &[]);
                *space = true;
            }
            // Names in signature blocks never break at their hyphen.
            '-' if no_break_hyphens => {
                flush(x, &mut run);
                plain.push('\u{2011}');
                *space = false;
            }
            _ => {
                flush(x, &mut run);
                plain.push(c);
                *space = false;
            }
        }
    }
    x.text(&plain);
    flush(x, &mut run);
}

/// Where the text goes: the body, or a deletion's region.
pub(crate) struct Runs<'s> {
    pub(crate) styles: &'s mut Styles,
    pub(crate) space: bool,
    pub(crate) no_break_hyphens: bool,
    /// The characters just before and after the run being written, in its
    /// paragraph: whether « 2e » ends a word there.
    pub(crate) around: (Option<char>, Option<char>),
}

impl Runs<'_> {
    /// One run, struck through when `strike`; ordinal suffixes superscript.
    pub(crate) fn run(&mut self, x: &mut Xml, text: &str, style: Style, strike: bool) {
        // What surrounds this run holds for this run only.
        let (before, after) = std::mem::take(&mut self.around);
        if text.is_empty() {
            return;
        }
        let pieces: Vec<(&str, bool)> = if style.superscript {
            vec![(text, true)]
        } else {
            crate::french::ordinal_pieces_between(text, before, after)
        };
        for (piece, sup) in pieces {
            match self.styles.text_style(Style { superscript: sup, ..style }, strike) {
                Some(name) => {
                    x.open("text:span", &[("text:style-name", &name)]);
                    push_text(x, piece, &mut self.space, self.no_break_hyphens);
                    x.close("text:span");
                }
                None => push_text(x, piece, &mut self.space, self.no_break_hyphens),
            }
        }
    }

    pub(crate) fn inlines(&mut self, x: &mut Xml, v: &[Inline]) {
        for (k, i) in v.iter().enumerate() {
            match i {
                Inline::Text { text, style } => {
                    self.around = crate::model::chars_around(v, k);
                    self.run(x, text, *style, false)
                }
                Inline::Break => {
                    x.empty("text:line-break", &[]);
                    self.space = true;
                }
                // Runs reach here cut at their change spans (`Line::segs`).
                Inline::Change { inlines, .. } => self.inlines(x, inlines),
            }
        }
    }
}

/// A paragraph's look: its named style, and what an automatic style adds.
#[derive(Debug, Clone, Copy, Default)]
struct Para {
    style: &'static str,
    keep_next: bool,
    break_before: bool,
    /// A marker hanging in a margin of 1 cm (items).
    hanging: bool,
}

impl Para {
    fn of(style: &'static str) -> Para {
        Para { style, ..Default::default() }
    }
}

/// Builds content.xml's body.
struct Body<'a> {
    x: Xml,
    styles: Styles,
    rev: RevInfo,
    regions: Vec<String>,
    next_change: usize,
    tables: usize,
    /// A whole-paragraph insertion to close at the next paragraph's start,
    /// and where to close it in place (before the end of its last paragraph).
    pending_ins: Option<(String, usize)>,
    /// Whole deleted paragraphs waiting to be marked at the next paragraph's start.
    pending_del: Option<(String, String)>,
    /// The master page the next paragraph starts (after the title page, the signature page).
    next_master: Option<&'static str>,
    no_break_hyphens: bool,
    /// The bookmark the next paragraph links to (a sommaire entry's heading).
    next_link: Option<String>,
    /// The paragraph written is a bulleted item (`BULLET_LIST`).
    in_list: bool,
    /// A list of bulleted items is open: the items that follow join it.
    list_open: bool,
    layout: &'a Layout<'a>,
}

impl<'a> Body<'a> {
    fn new(layout: &'a Layout<'a>, rev: RevInfo) -> Body<'a> {
        Body {
            x: Xml::default(),
            styles: Styles::default(),
            rev,
            regions: Vec::new(),
            next_change: 1,
            tables: 0,
            pending_ins: None,
            pending_del: None,
            next_master: None,
            no_break_hyphens: false,
            next_link: None,
            in_list: false,
            list_open: false,
            layout,
        }
    }

    fn change_id(&mut self) -> String {
        let id = format!("ct{}", self.next_change);
        self.next_change += 1;
        id
    }

    fn region(&mut self, id: &str, kind: &str, content: &str) {
        let mut x = Xml::default();
        x.open("office:change-info", &[]).elem("dc:creator", &[], &self.rev.author);
        // A fixed date when none is known: the same texts, the same bytes.
        let date = self.rev.date.as_deref().map(|d| d.trim_end_matches('Z')).unwrap_or("1980-01-01T00:00:00");
        x.elem("dc:date", &[], date).close("office:change-info");
        self.regions.push(format!(
            "<text:changed-region xml:id=\"{id}\" text:id=\"{id}\"><text:{kind}>{}{content}</text:{kind}></text:changed-region>",
            x.buf
        ));
    }

    fn runs(&mut self) -> (Runs<'_>, &mut Xml) {
        (
            Runs {
                styles: &mut self.styles,
                space: true,
                no_break_hyphens: self.no_break_hyphens,
                around: (None, None),
            },
            &mut self.x,
        )
    }

    fn para_style(&mut self, p: &Para) -> String {
        let mut props = String::new();
        if p.keep_next {
            props.push_str(" fo:keep-with-next=\"always\"");
        }
        if p.break_before {
            props.push_str(" fo:break-before=\"page\"");
        }
        if p.hanging {
            props.push_str(" fo:margin-left=\"28.35pt\" fo:text-indent=\"-28.35pt\"");
        }
        let attrs = self.next_master.take().map(|m| format!(" style:master-page-name=\"{}\"", m)).unwrap_or_default();
        if props.is_empty() && attrs.is_empty() {
            return p.style.to_string();
        }
        let props = if props.is_empty() { props } else { format!("<style:paragraph-properties{}/>", props) };
        self.styles.auto("P", "paragraph", Some(p.style), &attrs, &props)
    }

    /// Opens a paragraph (`text:h` at `level`), settling first the
    /// whole-paragraph changes pending before it.
    fn open(&mut self, p: &Para, level: Option<usize>, inserted: bool) {
        if !self.in_list {
            self.close_list();
        }
        let name = self.para_style(p);
        let lvl = level.map(|l| l.to_string());
        let mut attrs = vec![("text:style-name", name.as_str())];
        if let Some(l) = &lvl {
            attrs.push(("text:outline-level", l));
        }
        self.x.open(if level.is_some() { "text:h" } else { "text:p" }, &attrs);
        if self.pending_ins.is_some() && (!inserted || self.pending_del.is_some()) {
            let (id, _) = self.pending_ins.take().expect("checked");
            self.x.empty("text:change-end", &[("text:change-id", &id)]);
        }
        if let Some((id, content)) = self.pending_del.take() {
            self.x.empty("text:change", &[("text:change-id", &id)]);
            // The deleted paragraphs with their marks: the last one merges
            // with this paragraph's text on Reject All.
            self.region(&id, "deletion", &(content + "<text:p/>"));
        }
        if inserted && self.pending_ins.is_none() {
            let id = self.change_id();
            self.x.empty("text:change-start", &[("text:change-id", &id)]);
            self.region(&id, "insertion", "");
            self.pending_ins = Some((id, 0));
        }
    }

    fn close(&mut self, level: Option<usize>, inserted: bool) {
        if inserted {
            if let Some((_, at)) = &mut self.pending_ins {
                *at = self.x.buf.len();
            }
        }
        self.x.close(if level.is_some() { "text:h" } else { "text:p" });
    }

    /// A table, or the end of the text: pending whole-paragraph changes
    /// close before it.
    fn boundary(&mut self) {
        self.close_list();
        if let Some((id, at)) = self.pending_ins.take() {
            self.x.buf.insert_str(at, &format!("<text:change-end text:change-id=\"{}\"/>", id));
        }
        if let Some((id, content)) = self.pending_del.take() {
            let name = self.para_style(&Para::of("Standard"));
            self.x.open("text:p", &[("text:style-name", &name)]);
            self.x.empty("text:change", &[("text:change-id", &id)]).close("text:p");
            self.region(&id, "deletion", &content);
        }
    }

    /// A whole deleted paragraph: kept for the region marked at the next one.
    fn deleted(&mut self, p: &Para, level: Option<usize>, marker: Option<&str>, segs: &[Seg]) {
        let mut tmp = Xml::default();
        let lvl = level.map(|l| l.to_string());
        let mut attrs = vec![("text:style-name", p.style)];
        if let Some(l) = &lvl {
            attrs.push(("text:outline-level", l));
        }
        let tag = if level.is_some() { "text:h" } else { "text:p" };
        tmp.open(tag, &attrs);
        let mut runs = Runs {
            styles: &mut self.styles,
            space: true,
            no_break_hyphens: self.no_break_hyphens,
            around: (None, None),
        };
        if let Some(m) = marker {
            runs.run(&mut tmp, m, Style::PLAIN, false);
            tmp.empty("text:tab", &[]);
        }
        for seg in super::typeset_segs(segs) {
            runs.inlines(&mut tmp, &seg.inlines);
        }
        tmp.close(tag);
        if self.in_list {
            // Restored on Reject All as the bulleted item it was.
            tmp.buf = format!(
                "<text:list text:style-name=\"{}\"><text:list-item>{}</text:list-item></text:list>",
                BULLET_LIST, tmp.buf
            );
        }
        match &mut self.pending_del {
            Some((_, content)) => content.push_str(&tmp.buf),
            None => {
                let id = self.change_id();
                self.pending_del = Some((id, tmp.buf));
            }
        }
    }

    /// Segments kept, inserted or deleted, inside an open paragraph.
    fn segs(&mut self, segs: &[Seg], space: &mut bool) {
        for seg in super::typeset_segs(segs) {
            match seg.mark {
                Mark::Same => {
                    let (mut runs, x) = self.runs();
                    runs.space = *space;
                    runs.inlines(x, &seg.inlines);
                    *space = runs.space;
                }
                Mark::Ins => {
                    let id = self.change_id();
                    self.x.empty("text:change-start", &[("text:change-id", &id)]);
                    let (mut runs, x) = self.runs();
                    runs.space = *space;
                    runs.inlines(x, &seg.inlines);
                    *space = runs.space;
                    self.x.empty("text:change-end", &[("text:change-id", &id)]);
                    self.region(&id, "insertion", "");
                }
                Mark::Del => {
                    let id = self.change_id();
                    self.x.empty("text:change", &[("text:change-id", &id)]);
                    let mut tmp = Xml::default();
                    tmp.open("text:p", &[]);
                    // A paragraph of its own in the region: a leading space is kept as `text:s`.
                    let mut runs =
                        Runs { styles: &mut self.styles, space: true, no_break_hyphens: false, around: (None, None) };
                    runs.inlines(&mut tmp, &seg.inlines);
                    tmp.close("text:p");
                    self.region(&id, "deletion", &tmp.buf);
                }
            }
        }
    }

    /// One paragraph of the merged text: kept, inserted or deleted whole,
    /// or with changes inside; `marker` hangs before it (items), `anchors`
    /// are the heading's bookmarks (its stable id, the sommaire's target).
    fn line(
        &mut self,
        p: &Para,
        level: Option<usize>,
        line: &Line,
        marker: Option<&str>,
        anchors: Option<(&str, &str)>,
    ) {
        let link = self.next_link.take();
        if line.mark == Mark::Del {
            return self.deleted(p, level, marker, &line.segs);
        }
        let inserted = line.mark == Mark::Ins;
        self.open(p, level, inserted);
        if let Some((id, toc)) = anchors {
            self.x.empty("text:bookmark", &[("text:name", id)]);
            self.x.empty("text:bookmark-start", &[("text:name", toc)]);
        }
        if let Some(target) = &link {
            // The whole entry, page number included, as LibreOffice links it.
            let href = format!("#{}", target);
            self.x.open(
                "text:a",
                &[
                    ("xlink:type", "simple"),
                    ("xlink:href", &href),
                    ("text:style-name", "Index_20_Link"),
                    ("text:visited-style-name", "Index_20_Link"),
                ],
            );
        }
        let mut space = true;
        if let Some(m) = marker {
            let (mut runs, x) = self.runs();
            runs.run(x, m, Style::PLAIN, false);
            x.empty("text:tab", &[]);
            space = true;
        }
        if inserted {
            // Inside the paragraph's own insertion: its words as they read.
            let plain: Vec<Seg> =
                line.segs.iter().map(|s| Seg { mark: Mark::Same, inlines: s.inlines.clone() }).collect();
            self.segs(&plain, &mut space);
        } else {
            self.segs(&line.segs, &mut space);
        }
        if link.is_some() {
            self.x.close("text:a");
        }
        if let Some((_, toc)) = anchors {
            self.x.empty("text:bookmark-end", &[("text:name", toc)]);
        }
        self.close(level, inserted);
    }
}

/// A table's look.
pub(crate) struct TableLook<'w> {
    widths: &'w [Length],
    /// Never split across pages (signatures), kept with what follows.
    whole: bool,
    centred: bool,
}

/// Opens a table: its style, its columns.
pub(crate) fn table_open(x: &mut Xml, styles: &mut Styles, n: usize, look: &TableLook, prefix: &str) {
    let total: u32 = look.widths.iter().map(|w| w.0).sum();
    let mut props = format!(
        "style:width=\"{}\" table:align=\"{}\"",
        Length(total).pt(),
        if look.centred { "center" } else { "left" }
    );
    if look.whole {
        props.push_str(" style:may-break-between-rows=\"false\" fo:keep-with-next=\"always\"");
    }
    let style = styles.auto(prefix, "table", None, "", &format!("<style:table-properties {}/>", props));
    x.open("table:table", &[("table:name", &format!("Tableau{}", n)), ("table:style-name", &style)]);
    for w in look.widths {
        let col = styles.auto(
            prefix,
            "table-column",
            None,
            "",
            &format!("<style:table-column-properties style:column-width=\"{}\"/>", w.pt()),
        );
        x.empty("table:table-column", &[("table:style-name", &col)]);
    }
}

/// The style of a cell: a grid line on every side, or none; its padding.
pub(crate) fn cell_style(styles: &mut Styles, grid: bool, prefix: &str) -> String {
    let border = if grid { "0.5pt solid #000000" } else { "none" };
    styles.auto(
        prefix,
        "table-cell",
        None,
        "",
        &format!("<style:table-cell-properties fo:padding-left=\"5.4pt\" fo:padding-right=\"5.4pt\" fo:padding-top=\"0pt\" fo:padding-bottom=\"0pt\" fo:border=\"{}\"/>", border),
    )
}

/// A row of a fixed height.
pub(crate) fn row_style(styles: &mut Styles, height: Option<Length>, prefix: &str) -> String {
    let h = height.map(|h| format!(" style:row-height=\"{}\"", h.pt())).unwrap_or_default();
    styles.auto(
        prefix,
        "table-row",
        None,
        "",
        &format!("<style:table-row-properties{} fo:keep-together=\"always\"/>", h),
    )
}

impl Body<'_> {
    fn table_open(&mut self, look: &TableLook) {
        self.boundary();
        self.tables += 1;
        table_open(&mut self.x, &mut self.styles, self.tables, look, "Tab");
    }

    /// A cell of one paragraph: its text kept, or inserted or deleted as text
    /// (ODF tracks no table).
    fn cell(&mut self, p: &Para, cell: &str, mark: Mark, inlines: &[Inline]) {
        self.x.open("table:table-cell", &[("table:style-name", cell), ("office:value-type", "string")]);
        let line = Line { mark: Mark::Same, segs: vec![Seg { mark, inlines: inlines.to_vec() }] };
        self.line(p, None, &line, None, None);
        self.x.close("table:table-cell");
    }

    /// An alinéa-table, its cells' text tracked when the table is inserted or deleted.
    fn alinea_table(&mut self, rows: &[Vec<Vec<Inline>>], header: bool, mark: Mark) {
        let ncols = rows.iter().map(Vec::len).max().unwrap_or(1).max(1);
        let w = Length(self.layout.sheet.text_width.0 / ncols as u32);
        let widths = vec![w; ncols];
        self.table_open(&TableLook { widths: &widths, whole: false, centred: false });
        let cell = cell_style(&mut self.styles, true, "Tab");
        let empty = Vec::new();
        for (k, r) in rows.iter().enumerate() {
            let head = header && k == 0;
            if head {
                self.x.open("table:table-header-rows", &[]);
            }
            self.x.open("table:table-row", &[]);
            for c in 0..ncols {
                let p = Para { keep_next: head, ..Para::of("TableText") };
                self.cell(&p, &cell, mark, r.get(c).unwrap_or(&empty));
            }
            self.x.close("table:table-row");
            if head {
                self.x.close("table:table-header-rows");
            }
        }
        self.x.close("table:table");
    }

    /// The signature blocks side by side (see `layout::Signatures`).
    fn signatures(&mut self, s: &Signatures) {
        if s.blank_before {
            self.line(&Para { keep_next: true, ..Para::of("Standard") }, None, &Line::same(&[]), None, None);
        }
        let widths = vec![s.column; s.names.len()];
        self.table_open(&TableLook { widths: &widths, whole: true, centred: false });
        let cell = cell_style(&mut self.styles, false, "Tab");
        self.no_break_hyphens = true;
        let keep = Para { keep_next: true, ..Para::of("Signature") };
        let row = row_style(&mut self.styles, None, "Tab");
        for r in &s.heads {
            self.x.open("table:table-row", &[("table:style-name", &row)]);
            for line in r {
                self.cell(&keep, &cell, s.mark, line);
            }
            self.x.close("table:table-row");
        }
        // Room to sign: a row of fixed height.
        let room = row_style(&mut self.styles, Some(s.room), "Tab");
        self.x.open("table:table-row", &[("table:style-name", &room)]);
        for _ in &s.names {
            self.cell(&Para { keep_next: true, ..Para::of("SignatureSpace") }, &cell, Mark::Same, &[]);
        }
        self.x.close("table:table-row");
        self.x.open("table:table-row", &[("table:style-name", &row)]);
        for name in &s.names {
            self.cell(&Para::of("Signature"), &cell, s.mark, name);
        }
        self.x.close("table:table-row");
        self.x.close("table:table");
        self.no_break_hyphens = false;
    }

    fn alinea(&mut self, a: &Alinea, first: Para) {
        match &a.kind {
            AlineaKind::Paragraph => self.line(&first, None, &a.line(), None, None),
            AlineaKind::Item { marker: None } => self.bulleted(a, first),
            // The marker of an ordered item (« a) », « 1° ») is words of the
            // text: typed before a tab and tracked with its alinéa, as the
            // DOCX writes it, never a counter that could renumber it.
            AlineaKind::Item { marker: Some(m) } => {
                let p = Para { hanging: true, ..first };
                self.line(&p, None, &a.line(), Some(m), None);
            }
            AlineaKind::Table { rows, header } => {
                if first.break_before {
                    self.line(&first, None, &Line::same(&[]), None, None);
                }
                self.alinea_table(rows, *header, a.line().mark);
            }
        }
    }
}

impl Body<'_> {
    /// A bulleted item: an item of a list of the bullet style, consecutive
    /// items one list, as LibreOffice's bullet button makes it and as the
    /// DOCX numbers it, the dash a label and not a word. A deleted item goes
    /// whole into its region, list included.
    fn bulleted(&mut self, a: &Alinea, first: Para) {
        let p = Para { style: "List_20_Paragraph", ..first };
        let line = a.line();
        self.in_list = true;
        if line.mark == Mark::Del {
            self.line(&p, None, &line, None, None);
        } else {
            if !self.list_open {
                self.x.open("text:list", &[("text:style-name", BULLET_LIST)]);
                self.list_open = true;
            }
            self.x.open("text:list-item", &[]);
            self.line(&p, None, &line, None, None);
            self.x.close("text:list-item");
        }
        self.in_list = false;
    }

    /// Ends the list of bulleted items before what is not one.
    fn close_list(&mut self) {
        if std::mem::take(&mut self.list_open) {
            self.x.close("text:list");
        }
    }
}

/// The list style of bulleted items: a dash hanging in a margin of 1 cm,
/// as the DOCX's numbering.
const BULLET_LIST: &str = "Tiret";

fn bullet_list_style() -> String {
    format!(
        "<text:list-style style:name=\"{BULLET_LIST}\" style:display-name=\"{BULLET_LIST}\"><text:list-level-style-bullet text:level=\"1\" text:bullet-char=\"–\"><style:list-level-properties text:list-level-position-and-space-mode=\"label-alignment\"><style:list-level-label-alignment text:label-followed-by=\"listtab\" text:list-tab-stop-position=\"28.35pt\" fo:text-indent=\"-14.15pt\" fo:margin-left=\"28.35pt\"/></style:list-level-properties><style:text-properties style:font-name=\"{}\"/></text:list-level-style-bullet></text:list-style>",
        layout::FONT
    )
}

/// Walks the merged text, as the DOCX writer does.
struct Walk<'a> {
    body: Body<'a>,
    pending_break: bool,
    /// The title page is behind: the text's master page has started.
    title_left: bool,
}

impl<'a> Walk<'a> {
    /// The first paragraph of a page: after the title page, the text's
    /// master page starts; later, a page break.
    fn first(&mut self, style: &'static str) -> Para {
        let brk = std::mem::replace(&mut self.pending_break, false);
        if brk && self.body.layout.title_page && !self.title_left {
            self.title_left = true;
            self.body.next_master = Some("Standard");
            return Para::of(style);
        }
        Para { break_before: brk, ..Para::of(style) }
    }

    fn division(&mut self, d: &Division) {
        let empty = d.heading_line().segs.iter().all(|s| crate::model::inline_text(&s.inlines).is_empty());
        if !empty {
            let level = d.level.clamp(1, 10);
            let style =
                ["Heading_20_1", "Heading_20_2", "Heading_20_3", "Heading_20_4", "Heading_20_5", "Heading_20_6"]
                    [d.level.clamp(1, 6) - 1];
            let p = self.first(style);
            let anchors = self.body.layout.anchors.clone();
            let toc = anchors.sommaire(&d.id);
            self.body.line(&p, Some(level), &d.heading_line(), None, Some((anchors.id(&d.id), &toc)));
        }
        for a in &d.alineas {
            let p = if empty { self.first("Standard") } else { Para::of("Standard") };
            self.body.alinea(a, p);
        }
        for c in &d.children {
            self.division(c);
        }
    }

    fn sommaire(&mut self) {
        let Some(s) = &self.body.layout.sommaire else { return };
        let head = self.first("Contents_20_Heading");
        let levels = s.lines.iter().map(|l| l.level).max().unwrap_or(1).clamp(1, 10);
        let x = &mut self.body.x;
        x.open("text:table-of-content", &[("text:name", "Sommaire"), ("text:protected", "false")]);
        x.open(
            "text:table-of-content-source",
            &[("text:outline-level", &levels.to_string()), ("text:use-index-marks", "false")],
        );
        x.elem("text:index-title-template", &[("text:style-name", "Contents_20_Heading")], s.title);
        for l in 1..=10 {
            x.open(
                "text:table-of-content-entry-template",
                &[("text:outline-level", &l.to_string()), ("text:style-name", &format!("Contents_20_{}", l.min(9)))],
            );
            x.empty("text:index-entry-link-start", &[("text:style-name", "Index_20_Link")]);
            x.empty("text:index-entry-text", &[]);
            x.empty("text:index-entry-tab-stop", &[("style:type", "right"), ("style:leader-char", ".")]);
            x.empty("text:index-entry-page-number", &[]);
            x.empty("text:index-entry-link-end", &[]);
            x.close("text:table-of-content-entry-template");
        }
        x.close("text:table-of-content-source");
        x.open("text:index-body", &[]);
        x.open("text:index-title", &[("text:name", "Sommaire_Titre")]);
        self.body.line(&head, None, &Line::same(&[Inline::plain(s.title)]), None, None);
        self.body.x.close("text:index-title");
        for e in &s.lines {
            let style = [
                "Contents_20_1",
                "Contents_20_2",
                "Contents_20_3",
                "Contents_20_4",
                "Contents_20_5",
                "Contents_20_6",
                "Contents_20_7",
                "Contents_20_8",
                "Contents_20_9",
            ][e.level.clamp(1, 9) - 1];
            // The entry and its page, as one line ending in a tab and the number.
            let mut line = e.line.clone();
            let page = e.page.map(|n| n.to_string()).unwrap_or_default();
            let mark = if line.mark == Mark::Same { Mark::Same } else { line.mark };
            line.segs.push(Seg { mark, inlines: vec![Inline::plain(format!("\t{}", page))] });
            self.body.next_link = Some(e.anchor.clone());
            self.body.line(&Para::of(style), None, &line, None, None);
        }
        self.body.boundary();
        self.body.x.close("text:index-body").close("text:table-of-content");
        self.pending_break = true;
    }
}

/// The body of content.xml: the text and its tracked changes.
fn document_body(doc: &Document, layout: &Layout, rev: RevInfo) -> (String, Styles) {
    let mut w = Walk { body: Body::new(layout, rev), pending_break: false, title_left: false };
    if layout.title_page {
        w.body.next_master = Some("Title");
    }
    if let Some(m) = layout.copy_mark {
        w.body.line(&Para::of("CopyMark"), None, &Line::same(&[Inline::plain(m)]), None, None);
    }
    for l in &layout.title_lines {
        w.body.line(&Para::of("Title"), None, l, None, None);
    }
    w.pending_break = layout.title_page;
    w.sommaire();
    // An original's signature page: its own master page, without paraphes,
    // from the closing matter on.
    let own_page = layout.footers.signature_page.is_some() && layout.signed;
    let mut page_to_open = own_page;
    for piece in reading_order(doc) {
        if matches!(piece, Piece::Closing(_) | Piece::Signatures) && std::mem::take(&mut page_to_open) {
            w.body.next_master = Some("Signatures");
        }
        match piece {
            Piece::Front(p) => {
                for a in &p.alineas {
                    let first = w.first("Standard");
                    w.body.alinea(a, first);
                }
            }
            Piece::Division(d) => w.division(d),
            Piece::Closing(p) => p
                .alineas
                .iter()
                .for_each(|a| w.body.alinea(a, Para { keep_next: layout.signed, ..Para::of("Standard") })),
            Piece::Signatures => layout.signatures.iter().for_each(|s| w.body.signatures(s)),
            // Each on a new page as an annex is; after an original's
            // signature page, the text's master page again (its paraphes).
            Piece::AnnexAfterSignatures(k, d) => {
                if k == 0 && own_page {
                    w.body.next_master = Some("Standard");
                } else {
                    w.pending_break = true;
                }
                w.division(d);
            }
        }
    }
    w.body.boundary();
    let mut x = Xml::default();
    x.open("office:body", &[]).open("office:text", &[]);
    if !w.body.regions.is_empty() {
        x.open("text:tracked-changes", &[("text:track-changes", "false")]);
        for r in &w.body.regions {
            x.raw(r);
        }
        x.close("text:tracked-changes");
    }
    x.raw(&w.body.x.buf).close("office:text").close("office:body");
    (x.buf, w.body.styles)
}

/// A named paragraph style, as the DOCX's (sizes, spacing, alignment).
struct Named {
    name: &'static str,
    display: &'static str,
    parent: &'static str,
    next: &'static str,
    outline: u8,
    para: String,
    /// Children of the paragraph properties (tab stops).
    tabs: String,
    text: &'static str,
}

/// name, display name, parent, next, outline level, paragraph and text properties.
type StyleRow = (&'static str, &'static str, &'static str, &'static str, u8, &'static str, &'static str);

const STYLES: &[StyleRow] = &[
        ("Standard", "Normal", "", "", 0, "fo:text-align=\"justify\"", ""),
        ("Heading_20_1", "Heading 1", "Standard", "Standard", 1, "fo:margin-top=\"24pt\" fo:margin-bottom=\"12pt\" fo:text-align=\"start\"", "fo:font-size=\"14pt\" fo:font-weight=\"bold\""),
        ("Heading_20_2", "Heading 2", "Standard", "Standard", 2, "fo:margin-top=\"18pt\" fo:margin-bottom=\"9pt\" fo:text-align=\"start\"", "fo:font-size=\"12pt\" fo:font-weight=\"bold\""),
        ("Heading_20_3", "Heading 3", "Standard", "Standard", 3, "fo:margin-top=\"12pt\" fo:margin-bottom=\"6pt\" fo:text-align=\"start\"", "fo:font-weight=\"bold\" fo:font-style=\"italic\""),
        ("Heading_20_4", "Heading 4", "Standard", "Standard", 4, "fo:margin-top=\"12pt\" fo:margin-bottom=\"6pt\" fo:text-align=\"start\"", "fo:font-style=\"italic\" style:text-underline-style=\"solid\" style:text-underline-width=\"auto\" style:text-underline-color=\"font-color\""),
        ("Heading_20_5", "Heading 5", "Standard", "Standard", 5, "fo:margin-top=\"10pt\" fo:margin-bottom=\"5pt\" fo:text-align=\"start\"", "fo:font-style=\"italic\""),
        ("Heading_20_6", "Heading 6", "Standard", "Standard", 6, "fo:margin-top=\"10pt\" fo:margin-bottom=\"5pt\" fo:text-align=\"start\"", "fo:font-style=\"italic\""),
        ("Title", "Title", "Standard", "Standard", 0, "fo:margin-top=\"12pt\" fo:margin-bottom=\"12pt\" fo:text-align=\"center\"", "fo:font-size=\"16pt\" fo:font-weight=\"bold\""),
        ("Subtitle", "Subtitle", "Standard", "Standard", 0, "fo:margin-bottom=\"12pt\" fo:text-align=\"center\"", "fo:font-size=\"12pt\" fo:font-weight=\"bold\""),
        ("Contents_20_Heading", "Contents Heading", "Standard", "Standard", 0, "fo:keep-with-next=\"always\" fo:margin-top=\"12pt\" fo:margin-bottom=\"18pt\" fo:text-align=\"center\"", "fo:font-size=\"14pt\" fo:font-weight=\"bold\""),
        ("List_20_Paragraph", "List Paragraph", "Standard", "", 0, "fo:margin-bottom=\"3pt\" fo:margin-left=\"28.35pt\"", ""),
        ("Footer", "Footer", "Standard", "", 0, "fo:margin-bottom=\"0pt\" fo:text-align=\"center\"", "fo:font-size=\"9pt\""),
        ("FooterUnderBoxes", "Footer under boxes", "Footer", "", 0, "fo:margin-top=\"6pt\" fo:margin-bottom=\"0pt\"", ""),
        ("Signature", "Signature", "Standard", "", 0, "fo:margin-bottom=\"3pt\" fo:text-align=\"center\"", ""),
        ("SignatureSpace", "Signature Space", "Standard", "", 0, "fo:margin-top=\"72pt\" fo:margin-bottom=\"0pt\"", ""),
        ("TableText", "Table Text", "Standard", "", 0, "fo:margin-top=\"2pt\" fo:margin-bottom=\"2pt\" fo:text-align=\"start\"", "fo:font-size=\"10pt\""),
        ("Initials", "Initials", "Standard", "", 0, "fo:margin-bottom=\"0pt\" fo:text-align=\"center\"", "fo:font-size=\"7pt\""),
        ("CopyMark", "Copy Mark", "Standard", "", 0, "fo:margin-bottom=\"24pt\" fo:text-align=\"end\"", "fo:font-size=\"10pt\" fo:font-weight=\"bold\""),
        ("TableHeader", "Table Header", "Standard", "", 0, "fo:keep-with-next=\"always\" fo:margin-top=\"3pt\" fo:margin-bottom=\"3pt\" fo:text-align=\"center\"", "fo:font-size=\"10pt\" fo:font-weight=\"bold\""),
        ("Quote", "Quote", "Standard", "Standard", 0, "fo:margin-left=\"28.35pt\" fo:margin-right=\"28.35pt\"", ""),
        ("Projet", "Projet", "Standard", "", 0, "fo:text-align=\"center\" fo:margin-bottom=\"0pt\"", "fo:font-size=\"14pt\" fo:font-weight=\"bold\" fo:letter-spacing=\"2pt\""),
];

fn named_styles() -> Vec<Named> {
    let mut out: Vec<Named> = STYLES
        .iter()
        .map(|&(name, display, parent, next, outline, para, text)| Named {
            name,
            display,
            parent,
            next,
            outline,
            // Headings stay with their text and whole.
            para: if outline > 0 {
                format!("fo:keep-with-next=\"always\" fo:keep-together=\"always\" {}", para)
            } else {
                para.into()
            },
            tabs: String::new(),
            text,
        })
        .collect();
    // The sommaire's levels: a right tab with dots at the margin.
    let width = layout::PORTRAIT.text_width.0;
    const LEVELS: [(&str, &str, u32, &str); 9] = [
        ("Contents_20_1", "Contents 1", 0, "fo:font-weight=\"bold\""),
        ("Contents_20_2", "Contents 2", 284, ""),
        ("Contents_20_3", "Contents 3", 567, "fo:font-style=\"italic\""),
        ("Contents_20_4", "Contents 4", 851, ""),
        ("Contents_20_5", "Contents 5", 1134, ""),
        ("Contents_20_6", "Contents 6", 1418, ""),
        ("Contents_20_7", "Contents 7", 1701, ""),
        ("Contents_20_8", "Contents 8", 1985, ""),
        ("Contents_20_9", "Contents 9", 2268, ""),
    ];
    for (name, display, indent, text) in LEVELS {
        out.push(Named {
            name,
            display,
            parent: "Standard",
            next: "Standard",
            outline: 0,
            para: format!(
                "fo:margin-top=\"3pt\" fo:margin-bottom=\"3pt\" fo:margin-left=\"{}\" fo:margin-right=\"0pt\" fo:text-align=\"start\"",
                Length(indent).pt()
            ),
            tabs: format!(
                "<style:tab-stops><style:tab-stop style:position=\"{}\" style:type=\"right\" style:leader-style=\"dotted\" style:leader-text=\".\"/></style:tab-stops>",
                Length(width - indent).pt()
            ),
            text,
        });
    }
    out
}

/// The paraphe boxes in a footer: each label above its box (see `layout::Paraphes`).
fn paraphes(x: &mut Xml, styles: &mut Styles, p: &Paraphes) {
    let parts = p.widths();
    let widths: Vec<Length> = p.labels.iter().flat_map(|_| parts).collect();
    table_open(x, styles, 0, &TableLook { widths: &widths, whole: true, centred: true }, "F");
    let plain = cell_style(styles, false, "F");
    let boxed = cell_style(styles, true, "F");
    let row = row_style(styles, None, "F");
    x.open("table:table-row", &[("table:style-name", &row)]);
    for label in &p.labels {
        x.open(
            "table:table-cell",
            &[("table:style-name", &plain), ("table:number-columns-spanned", "3"), ("office:value-type", "string")],
        );
        x.elem("text:p", &[("text:style-name", "Initials")], label);
        x.close("table:table-cell");
        x.empty("table:covered-table-cell", &[]).empty("table:covered-table-cell", &[]);
    }
    x.close("table:table-row");
    let square = row_style(styles, Some(p.square), "F");
    x.open("table:table-row", &[("table:style-name", &square)]);
    for _ in &p.labels {
        for k in 0..3 {
            let style = if k == 1 { &boxed } else { &plain };
            x.open("table:table-cell", &[("table:style-name", style), ("office:value-type", "string")]);
            x.empty("text:p", &[("text:style-name", "Initials")]);
            x.close("table:table-cell");
        }
    }
    x.close("table:table-row").close("table:table");
}

/// A footer's content: paraphe boxes, then its line.
fn footer(f: &Footer, styles: &mut Styles) -> String {
    let mut x = Xml::default();
    if let Some(p) = &f.paraphes {
        paraphes(&mut x, styles, p);
    }
    x.open("text:p", &[("text:style-name", if f.paraphes.is_some() { "FooterUnderBoxes" } else { "Footer" })]);
    for piece in &f.line {
        match piece {
            FooterPiece::Text(t) => {
                let mut space = false;
                push_text(&mut x, t, &mut space, false);
            }
            FooterPiece::Page => {
                x.elem("text:page-number", &[("text:select-page", "current")], "1");
            }
            FooterPiece::Pages => {
                x.elem("text:page-count", &[], "1");
            }
        }
    }
    x.close("text:p");
    x.buf
}

/// styles.xml: fonts, the named styles, the page, the master pages with
/// their footers (the text's, the title page's, the signature page's).
pub(crate) fn styles_xml(layout: &Layout) -> String {
    let mut x = Xml::new();
    x.open("office:document-styles", NS);
    x.open("office:font-face-decls", &[]);
    x.empty(
        "style:font-face",
        &[
            ("style:name", layout::FONT),
            ("svg:font-family", layout::FONT),
            ("style:font-family-generic", "swiss"),
            ("style:font-pitch", "variable"),
        ],
    );
    x.close("office:font-face-decls");
    x.open("office:styles", &[]);
    let (lang, country) = layout::LANGUAGE;
    x.open("style:default-style", &[("style:family", "paragraph")]);
    x.empty(
        "style:paragraph-properties",
        &[
            ("fo:margin-top", "0pt"),
            ("fo:margin-bottom", "6pt"),
            ("fo:line-height", "110%"),
            ("style:tab-stop-distance", "35.4pt"),
        ],
    );
    x.empty(
        "style:text-properties",
        &[
            ("style:font-name", layout::FONT),
            ("fo:font-size", "11pt"),
            ("fo:language", lang),
            ("fo:country", country),
            ("style:font-name-complex", layout::FONT),
            ("style:font-size-complex", "11pt"),
            ("fo:hyphenate", "false"),
        ],
    );
    x.close("style:default-style");
    for s in named_styles() {
        let mut attrs = vec![("style:name", s.name), ("style:display-name", s.display), ("style:family", "paragraph")];
        if !s.parent.is_empty() {
            attrs.push(("style:parent-style-name", s.parent));
        }
        if !s.next.is_empty() {
            attrs.push(("style:next-style-name", s.next));
        }
        let level = s.outline.to_string();
        if s.outline > 0 {
            attrs.push(("style:default-outline-level", &level));
        }
        x.open("style:style", &attrs);
        x.raw(&format!("<style:paragraph-properties {}>{}</style:paragraph-properties>", s.para, s.tabs));
        if !s.text.is_empty() {
            x.raw(&format!("<style:text-properties {}/>", s.text));
        }
        x.close("style:style");
    }
    x.raw("<style:style style:name=\"Index_20_Link\" style:display-name=\"Index Link\" style:family=\"text\"/>");
    x.raw(&bullet_list_style());
    x.close("office:styles");
    // The page, its footer area, and the master pages.
    let mut styles = Styles::default();
    let masters = master_pages(layout, &mut styles);
    x.raw(
        &styles
            .xml()
            .replace("<office:automatic-styles>", &format!("<office:automatic-styles>{}", page_layout(layout))),
    );
    x.raw(&masters);
    x.close("office:document-styles");
    x.buf
}

fn page_layout(layout: &Layout) -> String {
    let s = &layout.sheet;
    let hf = |tag: &str, margin: &str| {
        // The footer sits in the bottom margin, as Word places it: the text
        // ends where the margin starts.
        format!(
            "<style:{tag}><style:header-footer-properties fo:min-height=\"{}\" fo:{margin}=\"0pt\" style:dynamic-spacing=\"false\"/></style:{tag}>",
            Length(s.bottom.0 - s.footer.0).pt()
        )
    };
    format!(
        "<style:page-layout style:name=\"Page\"><style:page-layout-properties fo:page-width=\"{}\" fo:page-height=\"{}\" style:print-orientation=\"{}\" fo:margin-top=\"{}\" fo:margin-bottom=\"{}\" fo:margin-left=\"{}\" fo:margin-right=\"{}\"/>{}{}</style:page-layout>",
        s.width.pt(),
        s.height.pt(),
        if s.landscape { "landscape" } else { "portrait" },
        if layout.projet.is_some() { s.header.pt() } else { s.top.pt() },
        s.footer.pt(),
        s.left.pt(),
        s.right.pt(),
        if layout.projet.is_some() { hf("header-style", "margin-bottom") } else { String::new() },
        hf("footer-style", "margin-top"),
    )
}

fn master_pages(layout: &Layout, styles: &mut Styles) -> String {
    let mut x = Xml::default();
    x.open("office:master-styles", &[]);
    let header = |x: &mut Xml| {
        if let Some(p) = layout.projet {
            x.open("style:header", &[]).elem("text:p", &[("text:style-name", "Projet")], p).close("style:header");
        }
    };
    let footers = &layout.footers;
    let mut pages: Vec<(&str, Option<&str>, &Footer)> = vec![("Standard", None, &footers.text)];
    if layout.title_page {
        pages.push(("Title", Some("Standard"), &footers.title_page));
    }
    if let Some(f) = &footers.signature_page {
        pages.push(("Signatures", None, f));
    }
    for (name, next, f) in pages {
        let mut attrs = vec![("style:name", name), ("style:page-layout-name", "Page")];
        if let Some(n) = next {
            attrs.push(("style:next-style-name", n));
        }
        x.open("style:master-page", &attrs);
        header(&mut x);
        if !f.line.is_empty() || f.paraphes.is_some() {
            let content = footer(f, styles);
            x.open("style:footer", &[]).raw(&content).close("style:footer");
        }
        x.close("style:master-page");
    }
    x.close("office:master-styles");
    x.buf
}

fn meta_xml(p: &layout::Properties) -> String {
    let mut x = Xml::new();
    x.open("office:document-meta", NS).open("office:meta", &[]);
    x.elem("meta:generator", &[], "clausier");
    x.elem("dc:title", &[], &p.title);
    x.elem("dc:subject", &[], &p.subject);
    x.elem("meta:initial-creator", &[], &p.author);
    x.elem("dc:creator", &[], &p.author);
    x.elem("meta:keyword", &[], &p.keywords);
    x.elem("dc:language", &[], &p.language);
    x.close("office:meta").close("office:document-meta");
    x.buf
}

fn manifest_xml() -> String {
    let mut x = Xml::new();
    x.open(
        "manifest:manifest",
        &[("xmlns:manifest", "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"), ("manifest:version", "1.3")],
    );
    x.empty(
        "manifest:file-entry",
        &[("manifest:full-path", "/"), ("manifest:version", "1.3"), ("manifest:media-type", MIMETYPE)],
    );
    for part in ["content.xml", "styles.xml", "meta.xml"] {
        x.empty("manifest:file-entry", &[("manifest:full-path", part), ("manifest:media-type", "text/xml")]);
    }
    x.close("manifest:manifest");
    x.buf
}

const MIMETYPE: &str = "application/vnd.oasis.opendocument.text";

/// content.xml around a body and its automatic styles.
pub(crate) fn content_xml(body: &str, styles: &Styles) -> String {
    let mut x = Xml::new();
    x.open("office:document-content", NS);
    x.open("office:font-face-decls", &[]);
    x.empty(
        "style:font-face",
        &[
            ("style:name", layout::FONT),
            ("svg:font-family", layout::FONT),
            ("style:font-family-generic", "swiss"),
            ("style:font-pitch", "variable"),
        ],
    );
    x.close("office:font-face-decls");
    x.raw(&styles.xml()).raw(body).close("office:document-content");
    x.buf
}

/// Zips the package: `mimetype` first, stored; then the parts, deflated,
/// in a fixed order with fixed timestamps (1980-01-01).
pub(crate) fn package(layout: &Layout, content: String) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Stored)
        .last_modified_time(zip::DateTime::default());
    let deflated = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(1))
        .last_modified_time(zip::DateTime::default())
        .unix_permissions(0o644);
    zip.start_file("mimetype", stored).expect("writing to memory cannot fail");
    zip.write_all(MIMETYPE.as_bytes()).expect("writing to memory cannot fail");
    let parts = [
        ("content.xml", content),
        ("styles.xml", styles_xml(layout)),
        ("meta.xml", meta_xml(&layout.properties)),
        ("META-INF/manifest.xml", manifest_xml()),
    ];
    for (name, text) in parts {
        zip.start_file(name, deflated).expect("writing to memory cannot fail");
        zip.write_all(text.as_bytes()).expect("writing to memory cannot fail");
    }
    zip.finish().expect("writing to memory cannot fail").into_inner()
}

/// Writes a text as ODT: for a comparison, the new text with ODF tracked
/// changes; for a text alone, a document with none.
pub fn write(doc: &Document, opts: &Options) -> Vec<u8> {
    let layout = Layout::of(doc, &opts.ask());
    let (body, styles) = document_body(doc, &layout, opts.rev.clone());
    package(&layout, content_xml(&body, &styles))
}

/// One side of a row of the tableau comparatif: struck deletions on the
/// left, bold underlined insertions on the right (as the DOCX tableau).
fn tableau_side(x: &mut Xml, styles: &mut Styles, side: &super::tableau::Side) {
    use super::tableau::Side;
    let mut runs = Runs { styles, space: true, no_break_hyphens: false, around: (None, None) };
    match side {
        Side::Placeholder(t) => {
            x.open("text:p", &[("text:style-name", "TableText")]);
            runs.run(x, t, Style { italic: true, ..Style::PLAIN }, false);
            x.close("text:p");
        }
        Side::Text(paras) => {
            for segs in paras {
                x.open("text:p", &[("text:style-name", "TableText")]);
                runs.space = true;
                for seg in super::typeset_segs(segs) {
                    for i in &seg.inlines {
                        match i {
                            Inline::Break => {
                                x.empty("text:line-break", &[]);
                            }
                            Inline::Text { text, style } => match seg.mark {
                                Mark::Same => runs.run(x, text, *style, false),
                                Mark::Del => runs.run(x, text, *style, true),
                                Mark::Ins => runs.run(x, text, Style { bold: true, underline: true, ..*style }, false),
                            },
                            // Runs are cut at their change spans (`Line::segs`): none is left here.
                            Inline::Change { .. } => {}
                        }
                    }
                }
                x.close("text:p");
            }
        }
    }
}

/// A cell of the tableau holding `content`.
fn tableau_cell(x: &mut Xml, cell: &str, content: impl FnOnce(&mut Xml)) {
    x.open("table:table-cell", &[("table:style-name", cell), ("office:value-type", "string")]);
    content(x);
    x.close("table:table-cell");
}

/// The tableau comparatif as ODT: landscape, its header row repeated on each page.
pub fn tableau(red: &Document, opts: &Options) -> Vec<u8> {
    let rows = super::tableau::rows(red, opts.old);
    let subject = match opts.title.as_deref() {
        Some(t) => format!("{} à la {}", t, crate::french::decapitalize(&red.meta.title)),
        None => red.meta.title.clone(),
    };
    let meta = crate::model::Meta {
        title: format!("Tableau comparatif – {}", subject),
        subject: "Tableau comparatif".into(),
        kind: "tableau-comparatif".into(),
        ..red.meta.clone()
    };
    let layout = Layout::landscape(&crate::model::Meta { copy_mark: None, ..meta });
    let mut styles = Styles::default();
    let mut x = Xml::default();
    x.open("office:body", &[]).open("office:text", &[]);
    x.elem("text:p", &[("text:style-name", "Title")], "TABLEAU COMPARATIF");
    x.elem("text:p", &[("text:style-name", "Subtitle")], &subject);
    x.open("text:p", &[("text:style-name", "TableText")]);
    let mut runs = Runs { styles: &mut styles, space: true, no_break_hyphens: false, around: (None, None) };
    runs.run(&mut x, "Légende\u{a0}: les mots supprimés sont ", Style::PLAIN, false);
    runs.run(&mut x, "barrés", Style::PLAIN, true);
    runs.run(&mut x, " dans la rédaction actuelle\u{a0}; les mots ajoutés sont ", Style::PLAIN, false);
    runs.run(&mut x, "en gras et soulignés", Style { bold: true, underline: true, ..Style::PLAIN }, false);
    runs.run(&mut x, " dans la rédaction proposée.", Style::PLAIN, false);
    x.close("text:p");
    let widths = [2400u32, 5000, 5000, 1590].map(Length);
    table_open(&mut x, &mut styles, 1, &TableLook { widths: &widths, whole: false, centred: false }, "Tab");
    let cell = cell_style(&mut styles, true, "Tab");
    let row = row_style(&mut styles, None, "Tab");
    x.open("table:table-header-rows", &[]).open("table:table-row", &[("table:style-name", &row)]);
    for h in ["Stipulation", "Rédaction actuelle", "Rédaction proposée", "Observations"] {
        tableau_cell(&mut x, &cell, |x| {
            x.elem("text:p", &[("text:style-name", "TableHeader")], h);
        });
    }
    x.close("table:table-row").close("table:table-header-rows");
    if rows.is_empty() {
        x.open("table:table-row", &[]);
        for t in ["Aucune modification", "", "", ""] {
            tableau_cell(&mut x, &cell, |x| {
                x.elem("text:p", &[("text:style-name", "TableText")], t);
            });
        }
        x.close("table:table-row");
    }
    for r in &rows {
        x.open("table:table-row", &[]);
        tableau_cell(&mut x, &cell, |x| {
            x.open("text:p", &[("text:style-name", "TableText")]);
            Runs { styles: &mut styles, space: true, no_break_hyphens: false, around: (None, None) }.run(
                x,
                &r.citation,
                Style { bold: true, ..Style::PLAIN },
                false,
            );
            x.close("text:p");
        });
        tableau_cell(&mut x, &cell, |x| tableau_side(x, &mut styles, &r.left));
        tableau_cell(&mut x, &cell, |x| tableau_side(x, &mut styles, &r.right));
        tableau_cell(&mut x, &cell, |x| {
            x.empty("text:p", &[("text:style-name", "TableText")]);
        });
        x.close("table:table-row");
    }
    x.close("table:table").close("office:text").close("office:body");
    package(&layout, content_xml(&x.buf, &styles))
}
