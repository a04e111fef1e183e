//! The walk through `document.xml` (and the notes parts): one pass over the
//! XML events, with counters and small stacks instead of a tree, so that
//! time and memory grow with the size of the part and nothing recurses
//! (50 000 nested elements are as cheap as 50 000 siblings).
//!
//! What is text: `w:t` (and `w:delText`, `m:t`) outside field
//! instructions, in the view chosen — `w:ins`/`w:moveTo` dropped when
//! rejecting, `w:del`/`w:moveFrom` when accepting. Tabs, breaks, symbols
//! and hyphens become characters; containers that only group runs
//! (hyperlinks, `w:sdt`, smart tags, custom XML, simple fields, ruby bases)
//! are read through; what is not text (field instructions, properties,
//! old formatting of a tracked change, ruby guides) is skipped whole.
//!
//! Paragraphs nested in a paragraph (text boxes) come out after the one
//! holding them, as docx_accept_reject.py and LibreOffice give them;
//! tables nested in a table cell or in a text box are flattened into the
//! text around them, one line per paragraph.

use super::list_numbering::{Counters, Format, Label, Numbering};
use super::styles::{self, Inherited, ParaStyle, RProps, Styles};
use super::{ReadBlock, Tracked, View};
use crate::error::Unreadable;
use crate::markdown::{normalize, TextBlock};
use crate::model::{Alinea, AlineaKind, Inline, Style};
use crate::read::table::MAX_COLUMNS;
use crate::read::xml::{local, on_off, Node, Ns, Xml};
use std::collections::HashMap;

/// Paragraphs nested in paragraphs (text boxes) kept apart up to this depth.
const MAX_NESTED_PARAGRAPHS: usize = 8;

/// What an open element is, as far as closing it matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tag {
    Other,
    P,
    PPr,
    /// `w:pPrChange`: the paragraph's properties before a tracked change.
    PPrChange,
    NumPr,
    /// `w:pPr/w:rPr`: the paragraph mark's properties.
    MarkRPr,
    R,
    RPr,
    /// An element whose text nodes are text (`w:t`, `w:delText`, `m:t`).
    Text,
    /// Run-level tracked containers.
    Ins,
    Del,
    AltContent,
    Tbl,
    Tr,
    TrPr,
    Tc,
    TcPr,
    Note,
}

/// Paragraph properties as written on the paragraph itself.
#[derive(Debug, Clone, Default)]
struct Props {
    style: Option<String>,
    num_id: Option<u32>,
    ilvl: Option<u8>,
    outline: Option<u8>,
    mark: RProps,
}

#[derive(Debug, Default)]
struct Run {
    direct: RProps,
    style: Option<String>,
    chr: Option<Inherited>,
}

#[derive(Debug, Default)]
struct Para {
    props: Props,
    /// Resolved on the first run (the properties come first in a paragraph).
    info: Option<(ParaStyle, Option<u8>)>,
    inlines: Vec<Inline>,
    bookmarks: Vec<String>,
    /// Blocks that come after this paragraph: its footnotes, its text boxes.
    deferred: Vec<ReadBlock>,
    line: usize,
    mark_ins: bool,
    mark_del: bool,
    run: Run,
}

/// A paragraph read to its end, before its label is counted.
#[derive(Debug)]
struct Finished {
    props: Props,
    info: (ParaStyle, Option<u8>),
    inlines: Vec<Inline>,
    bookmarks: Vec<String>,
    deferred: Vec<ReadBlock>,
    line: usize,
    /// Its mark is gone in this view: it joins the next paragraph.
    joins_next: bool,
    /// Whether it has words (kept through joins, not recounted).
    has_text: bool,
}

fn has_text(inlines: &[Inline]) -> bool {
    inlines.iter().any(|i| matches!(i, Inline::Text { text, .. } if !text.trim().is_empty()))
}

#[derive(Debug, Default)]
struct Cell {
    inlines: Vec<Inline>,
    span: usize,
    carry: Option<Finished>,
}

#[derive(Debug, Default)]
struct Row {
    cells: Vec<Vec<Inline>>,
    ins: bool,
    del: bool,
    header: bool,
    before: usize,
    after: usize,
}

#[derive(Debug, Default)]
struct Table {
    /// A table of the body (kept as a table); others (nested in a cell or
    /// a text box) are flattened into the text around them.
    structural: bool,
    rows: Vec<Vec<Vec<Inline>>>,
    header: bool,
    row: Option<Row>,
    cell: Option<Cell>,
    bookmarks: Vec<String>,
    line: usize,
}

/// How notes are numbered (`w:footnotePr`, `w:endnotePr` in the settings).
#[derive(Debug, Clone, Copy)]
pub(crate) struct NoteNumbering {
    pub(crate) format: Format,
    pub(crate) start: u32,
}

pub(crate) type NoteMap = HashMap<String, Vec<ReadBlock>>;

pub(crate) struct Walker<'a> {
    view: View,
    styles: &'a mut Styles,
    numbering: &'a Numbering,
    counters: Counters,
    footnotes: Option<(&'a NoteMap, NoteNumbering)>,
    endnotes: Option<(&'a NoteMap, NoteNumbering)>,
    next_footnote: u32,
    next_endnote: u32,
    endnote_blocks: Vec<ReadBlock>,
    /// Notes already written out: a second reference to one gets its
    /// number only (a note called 100 000 times must not be copied as often).
    expanded: std::collections::HashSet<(bool, String)>,
    pub(crate) tracked: Tracked,
    /// What the part holds that is not read as text (see `DocxText::unread`).
    pub(crate) unread: Vec<String>,

    stack: Vec<Tag>,
    /// Depth of the element whose content is skipped whole.
    skip_at: Option<usize>,
    /// Open `mc:AlternateContent`: whether a branch was taken.
    alt: Vec<bool>,
    ins: usize,
    del: usize,
    /// Open complex fields: `true` once past `separate` (the result).
    fields: Vec<bool>,
    in_instr: usize,
    paras: Vec<Para>,
    tables: Vec<Table>,
    out: Vec<ReadBlock>,
    pending_bookmarks: Vec<String>,
    carry: Option<Finished>,
    para_count: usize,
    /// Reading a notes part: the note being read and where its blocks start.
    note: Option<(String, usize)>,
    pub(crate) notes: NoteMap,
    /// Reading the comments part: each comment's author and date, by id.
    pub(crate) comment_info: HashMap<String, (String, Option<String>)>,
    /// Comments anchored so far (by their range's start, else their
    /// reference), so that each is anchored once.
    anchored: std::collections::HashSet<String>,
}

/// The name a comment's anchor travels under among a block's bookmarks: a
/// control character no XML name or attribute value can hold, so it never
/// meets a real bookmark; `read` turns it back into the block's comments.
pub(crate) const COMMENT_ANCHOR: char = '\u{1}';

impl<'a> Walker<'a> {
    pub(crate) fn new(view: View, styles: &'a mut Styles, numbering: &'a Numbering) -> Walker<'a> {
        Walker {
            view,
            styles,
            numbering,
            counters: Counters::default(),
            footnotes: None,
            endnotes: None,
            next_footnote: 0,
            next_endnote: 0,
            endnote_blocks: Vec::new(),
            expanded: Default::default(),
            tracked: Tracked::default(),
            unread: Vec::new(),
            stack: Vec::new(),
            skip_at: None,
            alt: Vec::new(),
            ins: 0,
            del: 0,
            fields: Vec::new(),
            in_instr: 0,
            paras: Vec::new(),
            tables: Vec::new(),
            out: Vec::new(),
            pending_bookmarks: Vec::new(),
            carry: None,
            para_count: 0,
            note: None,
            notes: NoteMap::new(),
            comment_info: HashMap::new(),
            anchored: Default::default(),
        }
    }

    pub(crate) fn with_notes(
        mut self,
        footnotes: Option<(&'a NoteMap, NoteNumbering)>,
        endnotes: Option<(&'a NoteMap, NoteNumbering)>,
    ) -> Self {
        self.next_footnote = footnotes.map_or(1, |f| f.1.start);
        self.next_endnote = endnotes.map_or(1, |e| e.1.start);
        self.footnotes = footnotes;
        self.endnotes = endnotes;
        self
    }

    fn visible(&self) -> bool {
        self.in_instr == 0
            && match self.view {
                View::Accept => self.del == 0,
                View::Reject => self.ins == 0,
            }
    }

    /// Reads a part. `roots` are the root elements it may have
    /// (`document`; `footnotes`, `endnotes`).
    pub(crate) fn walk(mut self, xml: &mut Xml, roots: &[&str]) -> Result<Walker<'a>, Unreadable> {
        let mut first = true;
        loop {
            match xml.next()? {
                Node::Eof => break,
                Node::Open { ns, e, empty } => {
                    if first {
                        first = false;
                        let name = String::from_utf8_lossy(local(&e)).to_string();
                        if ns != Ns::W || !roots.contains(&name.as_str()) {
                            return Err(xml.refused(format!(
                                "not a Word part: its root element <{}> is in {}, not in WordprocessingML's (<w:{}>)",
                                String::from_utf8_lossy(e.name().0),
                                xml.namespace_of(&e),
                                roots[0]
                            )));
                        }
                    }
                    let tag = self.open(xml, ns, &e)?;
                    self.stack.push(tag);
                    if empty {
                        self.close();
                    }
                }
                Node::Close { .. } => self.close(),
                Node::Text(t) => {
                    // Decoded in either view, so that a malformed entity is
                    // an error whichever view is read.
                    if self.skip_at.is_none() && self.stack.last() == Some(&Tag::Text) {
                        let s = xml.text(&t)?;
                        if self.visible() {
                            self.push_text(&s);
                        }
                    }
                }
                Node::CData(s) => {
                    if self.skip_at.is_none() && self.stack.last() == Some(&Tag::Text) && self.visible() {
                        self.push_text(&s);
                    }
                }
            }
        }
        if first {
            return Err(xml.refused("empty part (no XML element)".into()));
        }
        if let Some(c) = self.carry.take() {
            self.place_top(c);
        }
        let endnotes = std::mem::take(&mut self.endnote_blocks);
        self.out.extend(endnotes);
        if !self.pending_bookmarks.is_empty() {
            if let Some(last) = self.out.last_mut() {
                last.bookmarks.append(&mut self.pending_bookmarks);
            }
        }
        Ok(self)
    }

    pub(crate) fn blocks(self) -> Vec<ReadBlock> {
        self.out
    }

    fn skip(&mut self) -> Tag {
        self.skip_at = Some(self.stack.len());
        Tag::Other
    }

    fn parent(&self) -> Option<Tag> {
        self.stack.last().copied()
    }

    fn open(&mut self, xml: &Xml, ns: Ns, e: &quick_xml::events::BytesStart) -> Result<Tag, Unreadable> {
        if self.skip_at.is_some() {
            return Ok(Tag::Other);
        }
        let name = local(e);
        match ns {
            Ns::Mc => {
                return Ok(match name {
                    b"AlternateContent" => {
                        self.alt.push(false);
                        Tag::AltContent
                    }
                    // The first Choice is Word's richest form of the content
                    // (a text box as DrawingML); the Fallback repeats its text
                    // for older readers. One of them, never both.
                    b"Choice" | b"Fallback" if self.parent() == Some(Tag::AltContent) => match self.alt.last_mut() {
                        Some(taken) if !*taken => {
                            *taken = true;
                            Tag::Other
                        }
                        _ => self.skip(),
                    },
                    _ => Tag::Other,
                });
            }
            Ns::M => return Ok(if name == b"t" { Tag::Text } else { Tag::Other }),
            Ns::W => {}
            _ => return Ok(Tag::Other),
        }
        let parent = self.parent();
        for step in [
            Self::open_tracked_formatting,
            Self::open_paragraph,
            Self::open_run,
            Self::open_tracked_change,
            Self::open_in_run,
            Self::open_reference,
            Self::open_table,
            Self::open_note,
        ] {
            if let Some(tag) = step(self, xml, e, name, parent)? {
                return Ok(tag);
            }
        }
        Ok(Tag::Other)
    }

    /// A change of formatting tracked, and what the reader never reads
    /// (section properties, field codes, ruby text…): counted or skipped.
    fn open_tracked_formatting(
        &mut self,
        _xml: &Xml,
        _e: &quick_xml::events::BytesStart,
        name: &[u8],
        parent: Option<Tag>,
    ) -> Result<Option<Tag>, Unreadable> {
        Ok(Some(match name {
            // A paragraph restyled with Track Changes on (a heading made
            // body text): rejecting gives it its old style, numbering and
            // outline level back (those it had, and no others).
            b"pPrChange" if parent == Some(Tag::PPr) && self.view == View::Reject => {
                self.tracked.formatting += 1;
                Tag::PPrChange
            }
            b"pPr" if parent == Some(Tag::PPrChange) => {
                if let Some(p) = self.paras.last_mut() {
                    p.props.style = None;
                    p.props.num_id = None;
                    p.props.ilvl = None;
                    p.props.outline = None;
                }
                Tag::PPr
            }
            _ if parent == Some(Tag::PPrChange) => self.skip(),
            b"pPrChange" | b"rPrChange" | b"sectPrChange" | b"tblPrChange" | b"trPrChange" | b"tcPrChange"
            | b"tblPrExChange" | b"numberingChange" | b"tblGridChange" => {
                self.tracked.formatting += 1;
                self.skip()
            }
            b"sectPr" | b"instrText" | b"delInstrText" | b"sdtPr" | b"sdtEndPr" | b"tblPr" | b"tblGrid"
            | b"tblPrEx" | b"rt" | b"smartTagPr" | b"customXmlPr" | b"fldData" | b"ffData" | b"headerReference"
            | b"footerReference" => self.skip(),
            _ => return Ok(None),
        }))
    }

    /// A paragraph and its properties: style, numbering, outline level,
    /// and the mark that ends it (inserted or deleted with Track Changes).
    fn open_paragraph(
        &mut self,
        xml: &Xml,
        e: &quick_xml::events::BytesStart,
        name: &[u8],
        parent: Option<Tag>,
    ) -> Result<Option<Tag>, Unreadable> {
        let val = || xml.attr(e, b"val");
        Ok(Some(match name {
            b"p" if self.paras.len() >= MAX_NESTED_PARAGRAPHS => {
                // Text boxes in text boxes this deep are no layout anyone
                // made: the paragraph's text joins the one holding it, on
                // a line of its own (handing blocks up a deep chain of
                // paragraphs would cost the square of the depth).
                self.push_break();
                Tag::Other
            }
            b"p" => {
                self.para_count += 1;
                self.paras.push(Para { line: self.para_count, ..Default::default() });
                Tag::P
            }
            b"pPr" if parent == Some(Tag::P) => Tag::PPr,
            b"pStyle" if parent == Some(Tag::PPr) => {
                if let Some(p) = self.paras.last_mut() {
                    p.props.style = val()?;
                }
                Tag::Other
            }
            b"numPr" if parent == Some(Tag::PPr) => Tag::NumPr,
            b"numId" if parent == Some(Tag::NumPr) => {
                if let Some(p) = self.paras.last_mut() {
                    p.props.num_id = xml.num(e, b"val")?.map(|v| v.clamp(0, u32::MAX as i64) as u32);
                }
                Tag::Other
            }
            b"ilvl" if parent == Some(Tag::NumPr) => {
                if let Some(p) = self.paras.last_mut() {
                    p.props.ilvl = xml.num(e, b"val")?.map(|v| v.clamp(0, 8) as u8);
                }
                Tag::Other
            }
            b"outlineLvl" if parent == Some(Tag::PPr) => {
                if let Some(p) = self.paras.last_mut() {
                    p.props.outline = xml.num(e, b"val")?.map(|v| v.clamp(0, 9) as u8);
                }
                Tag::Other
            }
            b"rPr" if parent == Some(Tag::PPr) => Tag::MarkRPr,
            b"ins" | b"moveTo" if parent == Some(Tag::MarkRPr) => {
                self.tracked.inserted_marks += 1;
                if let Some(p) = self.paras.last_mut() {
                    p.mark_ins = true;
                }
                Tag::Other
            }
            b"del" | b"moveFrom" if parent == Some(Tag::MarkRPr) => {
                self.tracked.deleted_marks += 1;
                if let Some(p) = self.paras.last_mut() {
                    p.mark_del = true;
                }
                Tag::Other
            }
            _ if parent == Some(Tag::MarkRPr) => {
                if let Some(p) = self.paras.last_mut() {
                    p.props.mark.set(xml, e)?;
                }
                Tag::Other
            }
            _ => return Ok(None),
        }))
    }

    /// A run of text and its formatting.
    fn open_run(
        &mut self,
        xml: &Xml,
        e: &quick_xml::events::BytesStart,
        name: &[u8],
        parent: Option<Tag>,
    ) -> Result<Option<Tag>, Unreadable> {
        let val = || xml.attr(e, b"val");
        Ok(Some(match name {
            b"r" => {
                if let Some(p) = self.paras.last_mut() {
                    p.run = Run::default();
                }
                Tag::R
            }
            b"rPr" if parent == Some(Tag::R) => Tag::RPr,
            b"rStyle" if parent == Some(Tag::RPr) => {
                if let Some(p) = self.paras.last_mut() {
                    p.run.style = val()?;
                }
                Tag::Other
            }
            _ if parent == Some(Tag::RPr) => {
                if let Some(p) = self.paras.last_mut() {
                    p.run.direct.set(xml, e)?;
                }
                Tag::Other
            }
            b"t" | b"delText" => Tag::Text,
            _ => return Ok(None),
        }))
    }

    /// Text or a table row inserted, deleted or moved with Track Changes.
    fn open_tracked_change(
        &mut self,
        _xml: &Xml,
        _e: &quick_xml::events::BytesStart,
        name: &[u8],
        parent: Option<Tag>,
    ) -> Result<Option<Tag>, Unreadable> {
        Ok(Some(match name {
            b"ins" | b"moveTo" if parent == Some(Tag::TrPr) => {
                self.tracked.inserted_rows += 1;
                if let Some(r) = self.tables.last_mut().and_then(|t| t.row.as_mut()) {
                    r.ins = true;
                }
                Tag::Other
            }
            b"del" | b"moveFrom" if parent == Some(Tag::TrPr) => {
                self.tracked.deleted_rows += 1;
                if let Some(r) = self.tables.last_mut().and_then(|t| t.row.as_mut()) {
                    r.del = true;
                }
                Tag::Other
            }
            b"ins" | b"moveTo" => {
                if name == b"ins" {
                    self.tracked.insertions += 1;
                } else {
                    self.tracked.moves += 1;
                }
                self.ins += 1;
                Tag::Ins
            }
            b"del" | b"moveFrom" => {
                if name == b"del" {
                    self.tracked.deletions += 1;
                }
                self.del += 1;
                Tag::Del
            }
            b"cellIns" | b"cellDel" | b"cellMerge" => {
                self.tracked.formatting += 1;
                Tag::Other
            }
            _ => return Ok(None),
        }))
    }

    /// What a run holds besides its text: tabs, breaks, symbols, hyphens,
    /// fields (whose codes are not text).
    fn open_in_run(
        &mut self,
        xml: &Xml,
        e: &quick_xml::events::BytesStart,
        name: &[u8],
        parent: Option<Tag>,
    ) -> Result<Option<Tag>, Unreadable> {
        Ok(Some(match name {
            b"tab" | b"ptab" if parent == Some(Tag::R) => {
                self.push_char("\t");
                Tag::Other
            }
            b"br" | b"cr" if parent == Some(Tag::R) => {
                // A page or column break ends a line of print, not of text:
                // a space keeps the words on either side apart.
                match xml.attr(e, b"type")?.as_deref() {
                    Some("page") | Some("column") => self.push_char(" "),
                    _ => self.push_break(),
                }
                Tag::Other
            }
            // Word's non-breaking hyphen is the hyphen of the text
            // (« Ivry-sur-Seine » typed so that it does not break); the
            // soft hyphen shows only at a line's end.
            b"noBreakHyphen" if parent == Some(Tag::R) => {
                self.push_char("-");
                Tag::Other
            }
            b"sym" if parent == Some(Tag::R) => {
                let code = xml.attr(e, b"char")?.and_then(|c| u32::from_str_radix(c.trim(), 16).ok());
                let font = xml.attr(e, b"font")?.unwrap_or_default();
                if let Some(c) = code.and_then(|c| symbol(&font, c)) {
                    self.push_char(c.encode_utf8(&mut [0; 4]));
                }
                Tag::Other
            }
            b"fldChar" => {
                match xml.attr(e, b"fldCharType")?.as_deref() {
                    Some("begin") => {
                        self.fields.push(false);
                        self.in_instr += 1;
                    }
                    Some("separate") => {
                        if let Some(f) = self.fields.last_mut() {
                            if !*f {
                                *f = true;
                                self.in_instr -= 1;
                            }
                        }
                    }
                    Some("end") => {
                        if let Some(f) = self.fields.pop() {
                            if !f {
                                self.in_instr -= 1;
                            }
                        }
                    }
                    _ => {}
                }
                Tag::Other
            }
            _ => return Ok(None),
        }))
    }

    /// References and anchors: notes, comments, bookmarks, and an embedded
    /// document that is not read.
    fn open_reference(
        &mut self,
        xml: &Xml,
        e: &quick_xml::events::BytesStart,
        name: &[u8],
        _parent: Option<Tag>,
    ) -> Result<Option<Tag>, Unreadable> {
        Ok(Some(match name {
            b"footnoteReference" | b"endnoteReference" => {
                if self.visible() {
                    let id = xml.attr(e, b"id")?.unwrap_or_default();
                    let custom = xml.attr(e, b"customMarkFollows")?.is_some_and(|v| on_off(Some(&v)));
                    self.note_reference(name == b"footnoteReference", &id, custom);
                }
                Tag::Other
            }
            b"altChunk" => {
                // Another document (HTML, RTF, DOCX) embedded whole, which
                // Word converts when it opens the file: its words are not
                // in WordprocessingML, and clausier does not convert it.
                if self.unread.len() < 20 {
                    let id = xml.attr(e, b"id")?.unwrap_or_default();
                    self.unread.push(format!("{}: an embedded document (w:altChunk {}) after paragraph {} is not read: open the file in Word and save it again to make it text", xml.part(), id, self.para_count));
                }
                Tag::Other
            }
            b"commentReference" => {
                self.tracked.comments += 1;
                if let Some(id) = xml.attr(e, b"id")? {
                    self.anchor_comment(id);
                }
                Tag::Other
            }
            b"commentRangeStart" => {
                if let Some(id) = xml.attr(e, b"id")? {
                    self.anchor_comment(id);
                }
                Tag::Other
            }
            b"bookmarkStart" => {
                if let Some(n) = xml.attr(e, b"name")? {
                    self.bookmark(n);
                }
                Tag::Other
            }
            _ => return Ok(None),
        }))
    }

    /// A table, its rows and cells.
    fn open_table(
        &mut self,
        xml: &Xml,
        e: &quick_xml::events::BytesStart,
        name: &[u8],
        parent: Option<Tag>,
    ) -> Result<Option<Tag>, Unreadable> {
        let val = || xml.attr(e, b"val");
        Ok(Some(match name {
            b"tbl" => {
                let structural = self.paras.is_empty() && self.tables.is_empty() && self.note.is_none();
                if structural {
                    if let Some(c) = self.carry.take() {
                        self.place_top(c);
                    }
                }
                self.tables.push(Table { structural, line: self.para_count + 1, ..Default::default() });
                Tag::Tbl
            }
            b"tr" => {
                if let Some(t) = self.tables.last_mut() {
                    t.row = Some(Row::default());
                }
                Tag::Tr
            }
            b"trPr" if parent == Some(Tag::Tr) => Tag::TrPr,
            b"tblHeader" if parent == Some(Tag::TrPr) => {
                let on = on_off(val()?.as_deref());
                if let Some(r) = self.tables.last_mut().and_then(|t| t.row.as_mut()) {
                    r.header = on;
                }
                Tag::Other
            }
            b"gridBefore" | b"gridAfter" if parent == Some(Tag::TrPr) => {
                let n = xml.num(e, b"val")?.unwrap_or(0).clamp(0, 64) as usize;
                if let Some(r) = self.tables.last_mut().and_then(|t| t.row.as_mut()) {
                    if name == b"gridBefore" {
                        r.before = n;
                    } else {
                        r.after = n;
                    }
                }
                Tag::Other
            }
            b"tc" => {
                if let Some(t) = self.tables.last_mut() {
                    t.cell = Some(Cell { span: 1, ..Default::default() });
                }
                Tag::Tc
            }
            b"tcPr" if parent == Some(Tag::Tc) => Tag::TcPr,
            b"gridSpan" if parent == Some(Tag::TcPr) => {
                let n = xml.num(e, b"val")?.unwrap_or(1).clamp(1, 64) as usize;
                if let Some(c) = self.tables.last_mut().and_then(|t| t.cell.as_mut()) {
                    c.span = n;
                }
                Tag::Other
            }
            _ => return Ok(None),
        }))
    }

    /// A comment, a footnote or an endnote in their own parts.
    fn open_note(
        &mut self,
        xml: &Xml,
        e: &quick_xml::events::BytesStart,
        name: &[u8],
        _parent: Option<Tag>,
    ) -> Result<Option<Tag>, Unreadable> {
        Ok(Some(match name {
            b"comment" if self.stack.len() == 1 => {
                let id = xml.attr(e, b"id")?.unwrap_or_default();
                let author = xml.attr(e, b"author")?.unwrap_or_default();
                self.comment_info.insert(id.clone(), (author, xml.attr(e, b"date")?));
                self.note = Some((id, self.out.len()));
                Tag::Note
            }
            b"footnote" | b"endnote" if self.stack.len() == 1 => {
                let kind = xml.attr(e, b"type")?;
                if matches!(
                    kind.as_deref(),
                    Some("separator") | Some("continuationSeparator") | Some("continuationNotice")
                ) {
                    self.skip()
                } else {
                    let id = xml.attr(e, b"id")?.unwrap_or_default();
                    self.note = Some((id, self.out.len()));
                    Tag::Note
                }
            }
            _ => return Ok(None),
        }))
    }

    fn close(&mut self) {
        let Some(tag) = self.stack.pop() else { return };
        if let Some(d) = self.skip_at {
            if self.stack.len() <= d {
                self.skip_at = None;
            }
            return;
        }
        match tag {
            Tag::P => self.end_paragraph(),
            Tag::Ins => self.ins = self.ins.saturating_sub(1),
            Tag::Del => self.del = self.del.saturating_sub(1),
            Tag::AltContent => {
                self.alt.pop();
            }
            Tag::Tc => self.end_cell(),
            Tag::Tr => self.end_row(),
            Tag::Tbl => self.end_table(),
            Tag::Note => {
                if let Some(c) = self.carry.take() {
                    self.place_top(c);
                }
                if let Some((id, start)) = self.note.take() {
                    let blocks = self.out.split_off(start.min(self.out.len()));
                    self.notes.entry(id).or_insert(blocks);
                }
            }
            _ => {}
        }
    }

    /// The style of the text of the current run.
    fn run_style(&mut self) -> Style {
        let defaults = self.styles.defaults;
        let Some(p) = self.paras.last_mut() else { return Style::PLAIN };
        if p.info.is_none() {
            let style = self.styles.para(p.props.style.as_deref());
            let heading = match p.props.outline {
                Some(o) if o < 9 => Some(o + 1),
                Some(_) => None,
                None => style.heading,
            };
            p.info = Some((style, heading));
        }
        let (style, heading) = p.info.as_ref().expect("set above");
        // A heading style's bold or size is how headings look, not emphasis
        // in the text: the heading's words read as the Markdown reader reads
        // `# Titre`, with only what was set on the words themselves.
        let para = if heading.is_some() { Inherited::default() } else { style.inherited };
        if p.run.chr.is_none() {
            p.run.chr = Some(match p.run.style.as_deref() {
                Some(id) => self.styles.char(id),
                None => Inherited::default(),
            });
        }
        let chr = p.run.chr.unwrap_or_default();
        styles::resolve(defaults, para, chr, p.run.direct)
    }

    fn push_text(&mut self, s: &str) {
        if s.is_empty() || self.paras.is_empty() {
            return;
        }
        let style = self.run_style();
        let Some(p) = self.paras.last_mut() else { return };
        match p.inlines.last_mut() {
            Some(Inline::Text { text, style: st }) if *st == style => text.push_str(s),
            _ => p.inlines.push(Inline::Text { text: s.to_string(), style }),
        }
    }

    fn push_char(&mut self, s: &str) {
        if self.visible() && self.skip_at.is_none() {
            self.push_text(s);
        }
    }

    fn push_break(&mut self) {
        if self.visible() {
            if let Some(p) = self.paras.last_mut() {
                p.inlines.push(Inline::Break);
            }
        }
    }

    /// A comment's anchor, where it starts (once per comment; at most as
    /// many as a part can name, one per id).
    fn anchor_comment(&mut self, id: String) {
        if self.anchored.len() < 100_000 && self.anchored.insert(id.clone()) {
            self.bookmark(format!("{}{}", COMMENT_ANCHOR, id));
        }
    }

    fn bookmark(&mut self, name: String) {
        if let Some(p) = self.paras.last_mut() {
            p.bookmarks.push(name);
        } else if let Some(t) = self.tables.first_mut().filter(|t| t.structural) {
            t.bookmarks.push(name);
        } else {
            self.pending_bookmarks.push(name);
        }
    }

    /// A footnote or endnote reference: « (n) » where Word shows the
    /// number, and the note's text after the paragraph (footnotes) or at
    /// the end of the document (endnotes), each note's first paragraph
    /// starting with its « (n) ».
    fn note_reference(&mut self, foot: bool, id: &str, custom: bool) {
        let (notes, next) =
            if foot { (self.footnotes, &mut self.next_footnote) } else { (self.endnotes, &mut self.next_endnote) };
        let Some((map, numbering)) = notes else { return };
        // A custom mark (« * ») is typed after the reference, in the text
        // and in the note: Word generates no number for it.
        let label = if custom {
            None
        } else {
            let n = *next;
            *next = next.saturating_add(1);
            Some(format!("({})", numbering.format.format(n)))
        };
        let first_call = self.expanded.insert((foot, id.to_string()));
        let mut blocks = if first_call { map.get(id).cloned().unwrap_or_default() } else { Vec::new() };
        if let Some(l) = &label {
            self.push_text(l);
            if !first_call {
                return;
            }
            match blocks.first_mut() {
                Some(first) => prefix_block(first, l),
                None => blocks.push(ReadBlock {
                    block: TextBlock::Alinea {
                        alinea: Alinea::paragraph(vec![Inline::plain(l.clone())]),
                        line: self.para_count,
                    },
                    bookmarks: vec![],
                    style: None,
                    comments: vec![],
                }),
            }
        }
        for b in &mut blocks {
            set_line(&mut b.block, self.para_count);
        }
        if foot {
            if let Some(p) = self.paras.last_mut() {
                p.deferred.extend(blocks);
            }
        } else {
            self.endnote_blocks.extend(blocks);
        }
    }

    fn end_paragraph(&mut self) {
        let Some(mut p) = self.paras.pop() else { return };
        if p.info.is_none() {
            let style = self.styles.para(p.props.style.as_deref());
            let heading = match p.props.outline {
                Some(o) if o < 9 => Some(o + 1),
                Some(_) => None,
                None => style.heading,
            };
            p.info = Some((style, heading));
        }
        let joins_next = match self.view {
            View::Accept => p.mark_del,
            View::Reject => p.mark_ins,
        };
        let f = Finished {
            has_text: has_text(&p.inlines),
            props: p.props,
            info: p.info.unwrap_or_default(),
            inlines: p.inlines,
            bookmarks: p.bookmarks,
            deferred: p.deferred,
            line: p.line,
            joins_next,
        };
        if !self.paras.is_empty() {
            // A paragraph in a text box: after the paragraph holding it.
            let (block, deferred, bookmarks) = self.emit(f);
            let q = self.paras.last_mut().expect("checked");
            q.bookmarks.extend(bookmarks);
            q.deferred.extend(block);
            q.deferred.extend(deferred);
            return;
        }
        if self.in_cell() {
            let t = self.tables.first_mut().expect("in a cell");
            if let Some(f) = carried(&mut t.cell.as_mut().expect("in a cell").carry, f) {
                self.place_in_cell(f);
            }
            return;
        }
        if let Some(f) = carried(&mut self.carry, f) {
            self.place_top(f);
        }
    }

    fn in_cell(&self) -> bool {
        self.paras.is_empty() && self.tables.first().is_some_and(|t| t.structural && t.cell.is_some())
    }

    fn place_top(&mut self, f: Finished) {
        let (block, deferred, bookmarks) = self.emit(f);
        match block {
            Some(mut b) => {
                let mut marks = std::mem::take(&mut self.pending_bookmarks);
                marks.extend(b.bookmarks);
                b.bookmarks = marks;
                self.out.push(b);
            }
            None => self.pending_bookmarks.extend(bookmarks),
        }
        self.out.extend(deferred);
    }

    fn place_in_cell(&mut self, f: Finished) {
        let (block, deferred, bookmarks) = self.emit(f);
        let Some(t) = self.tables.first_mut() else { return };
        t.bookmarks.extend(bookmarks);
        let Some(c) = t.cell.as_mut() else { return };
        for b in block.into_iter().chain(deferred) {
            t.bookmarks.extend(b.bookmarks.iter().cloned());
            let inl = block_inlines(&b.block);
            if inl.is_empty() {
                continue;
            }
            if !c.inlines.is_empty() {
                c.inlines.push(Inline::Break);
            }
            c.inlines.extend(inl);
        }
    }

    /// The block of a finished paragraph, its label counted; with the
    /// blocks that follow it, and its bookmarks when it makes no block.
    fn emit(&mut self, f: Finished) -> (Option<ReadBlock>, Vec<ReadBlock>, Vec<String>) {
        let (style, heading) = &f.info;
        let num_id = f.props.num_id.or(style.num_id);
        let label: Option<Label> = match num_id {
            Some(n) if n != 0 => {
                let ilvl = f.props.ilvl.or(style.ilvl).unwrap_or_else(|| match (&f.props.num_id, &style.id) {
                    (None, Some(sid)) => self.numbering.level_of_style(self.styles, n, sid),
                    _ => 0,
                });
                self.counters.next(self.numbering, self.styles, n, ilvl)
            }
            _ => None,
        };
        let inlines = normalize(plain_ordinals(f.inlines));
        let name = style.name.clone();
        let block = match heading {
            Some(level) => {
                let mut v = Vec::new();
                if let Some(l) = label.as_ref().filter(|l| !l.bullet && !l.text.trim().is_empty()) {
                    let st = styles::resolve(
                        self.styles.defaults,
                        Inherited::default(),
                        Inherited::default(),
                        f.props.mark.over(l.rpr),
                    );
                    v.push(Inline::styled(l.text.clone(), st));
                    // A tab, a space, or (`w:suff` « nothing ») an indent:
                    // a gap between label and text in every case.
                    v.push(Inline::plain(" "));
                }
                v.extend(inlines);
                let v = normalize(v);
                (!v.is_empty()).then_some(TextBlock::Heading { level: *level as usize, inlines: v, line: f.line })
            }
            None => {
                let kind = match &label {
                    Some(l) if l.bullet => Some(AlineaKind::Item { marker: None }),
                    Some(l) if !l.text.trim().is_empty() => {
                        Some(AlineaKind::Item { marker: Some(crate::markdown::fold_spaces(l.text.trim())) })
                    }
                    _ => None,
                };
                match kind {
                    Some(AlineaKind::Item { marker: Some(m) }) => Some(TextBlock::Alinea {
                        alinea: Alinea {
                            kind: AlineaKind::Item { marker: Some(m) },
                            inlines,
                            change: Default::default(),
                        },
                        line: f.line,
                    }),
                    Some(k) if !inlines.is_empty() => Some(TextBlock::Alinea {
                        alinea: Alinea { kind: k, inlines, change: Default::default() },
                        line: f.line,
                    }),
                    None if !inlines.is_empty() => {
                        Some(TextBlock::Alinea { alinea: Alinea::paragraph(inlines), line: f.line })
                    }
                    _ => None,
                }
            }
        };
        match block {
            Some(block) => (
                Some(ReadBlock { block, bookmarks: f.bookmarks, style: name, comments: vec![] }),
                f.deferred,
                Vec::new(),
            ),
            None => (None, f.deferred, f.bookmarks),
        }
    }

    fn end_cell(&mut self) {
        if self.tables.len() != 1 || !self.tables[0].structural {
            return;
        }
        if let Some(c) = self.tables[0].cell.as_mut().and_then(|c| c.carry.take()) {
            self.place_in_cell(c);
        }
        let t = &mut self.tables[0];
        let Some(c) = t.cell.take() else { return };
        if let Some(r) = t.row.as_mut() {
            r.cells.push(normalize(plain_ordinals(c.inlines)));
            // A span past the table's width adds no column.
            for _ in 1..c.span.min(MAX_COLUMNS.saturating_sub(r.cells.len()) + 1) {
                r.cells.push(Vec::new());
            }
        }
    }

    fn end_row(&mut self) {
        if self.tables.len() != 1 || !self.tables[0].structural {
            return;
        }
        let view = self.view;
        let t = &mut self.tables[0];
        let Some(r) = t.row.take() else { return };
        let gone = match view {
            View::Accept => r.del,
            View::Reject => r.ins,
        };
        if gone {
            return;
        }
        if t.rows.is_empty() && r.header {
            t.header = true;
        }
        let mut cells = vec![Vec::new(); r.before.min(MAX_COLUMNS)];
        cells.extend(r.cells);
        cells.extend(std::iter::repeat_n(Vec::new(), r.after.min(MAX_COLUMNS)));
        crate::read::table::fit_columns(&mut cells);
        t.rows.push(cells);
    }

    fn end_table(&mut self) {
        let Some(mut t) = self.tables.pop() else { return };
        if !t.structural {
            return;
        }
        let mut marks = std::mem::take(&mut self.pending_bookmarks);
        marks.append(&mut t.bookmarks);
        match crate::read::table::finished(t.rows, t.header, t.line, marks) {
            Ok(block) => self.out.push(block),
            Err(marks) => self.pending_bookmarks = marks,
        }
    }
}

/// Joins a paragraph whose mark is gone with the next. The paragraph takes
/// the properties of the part that has text: rejecting an inserted
/// paragraph must give back the heading it was typed after, accepting a
/// deleted one the paragraph that followed it; when both have text, the
/// first's (what the reader sees first).
/// A finished paragraph joined to the one carried before it; kept back in
/// `carry` while it joins the next one too, otherwise given out to place.
fn carried(carry: &mut Option<Finished>, f: Finished) -> Option<Finished> {
    let f = match carry.take() {
        Some(prev) => join(prev, f),
        None => f,
    };
    if f.joins_next {
        *carry = Some(f);
        None
    } else {
        Some(f)
    }
}

fn join(first: Finished, next: Finished) -> Finished {
    let keep_first = first.has_text;
    let (props, info) = if keep_first { (first.props, first.info) } else { (next.props, next.info) };
    let mut inlines = first.inlines;
    inlines.extend(next.inlines);
    let mut bookmarks = first.bookmarks;
    bookmarks.extend(next.bookmarks);
    let mut deferred = first.deferred;
    deferred.extend(next.deferred);
    Finished {
        props,
        info,
        inlines,
        bookmarks,
        deferred,
        line: first.line,
        joins_next: next.joins_next,
        has_text: first.has_text || next.has_text,
    }
}

/// The inlines of a block as a line of text in a table cell.
pub(crate) fn block_inlines(b: &TextBlock) -> Vec<Inline> {
    match b {
        TextBlock::Heading { inlines, .. } => inlines.clone(),
        TextBlock::Alinea { alinea, .. } => match &alinea.kind {
            AlineaKind::Item { marker: Some(m) } => {
                let mut v = vec![Inline::plain(format!("{} ", m))];
                v.extend(alinea.inlines.iter().cloned());
                normalize(v)
            }
            AlineaKind::Table { rows, .. } => {
                let mut v = Vec::new();
                for c in rows.iter().flatten().filter(|c| !c.is_empty()) {
                    if !v.is_empty() {
                        v.push(Inline::Break);
                    }
                    v.extend(c.iter().cloned());
                }
                v
            }
            _ => alinea.inlines.clone(),
        },
        TextBlock::Rule { .. } => Vec::new(),
    }
}

pub(crate) fn prefix_block(b: &mut ReadBlock, label: &str) {
    let with = |inl: &mut Vec<Inline>| {
        let mut v = vec![Inline::plain(format!("{} ", label))];
        v.append(inl);
        *inl = normalize(v);
    };
    match &mut b.block {
        TextBlock::Heading { inlines, .. } => with(inlines),
        TextBlock::Alinea { alinea, .. } => match &alinea.kind {
            AlineaKind::Table { .. } => {}
            AlineaKind::Item { marker } => {
                let mut v = vec![Inline::plain(format!("{} {} ", label, marker.clone().unwrap_or_default()))];
                v.append(&mut alinea.inlines);
                alinea.inlines = normalize(v);
                alinea.kind = AlineaKind::Paragraph;
            }
            AlineaKind::Paragraph => with(&mut alinea.inlines),
        },
        TextBlock::Rule { .. } => {}
    }
}

pub(crate) fn set_line(b: &mut TextBlock, n: usize) {
    match b {
        TextBlock::Heading { line, .. } | TextBlock::Alinea { line, .. } | TextBlock::Rule { line } => *line = n,
    }
}

/// The character of a `w:sym`. Symbol fonts put their glyphs at
/// U+F020–U+F0FF; the common ones are mapped to their Unicode character,
/// the others kept as they are (a private-use character, not a guess).
fn symbol(font: &str, code: u32) -> Option<char> {
    let low = if (0xF000..=0xF0FF).contains(&code) { code - 0xF000 } else { code };
    let f = font.to_ascii_lowercase();
    if f == "symbol" && (0x20..=0xFF).contains(&low) {
        const UPPER: &str = "ΑΒΧΔΕΦΓΗΙϑΚΛΜΝΟΠΘΡΣΤΥςΩΞΨΖ";
        const LOWER: &str = "αβχδεφγηιϕκλμνοπθρστυϖωξψζ";
        let c = low as u8;
        return Some(match c {
            b'A'..=b'Z' => UPPER.chars().nth((c - b'A') as usize)?,
            b'a'..=b'z' => LOWER.chars().nth((c - b'a') as usize)?,
            0x20..=0x7E => c as char,
            0xA3 => '≤',
            0xA5 => '∞',
            0xAB => '↔',
            0xAC => '←',
            0xAD => '↑',
            0xAE => '→',
            0xAF => '↓',
            0xB0 => '°',
            0xB1 => '±',
            0xB3 => '≥',
            0xB4 => '×',
            0xB7 => '•',
            0xB8 => '÷',
            0xB9 => '≠',
            0xBA => '≡',
            0xBB => '≈',
            0xBC => '…',
            0xD7 => '⋅',
            0xDE => '⇒',
            0xDB => '⇔',
            _ => char::from_u32(code)?,
        });
    }
    if f.starts_with("wingdings") {
        let m = match low {
            0x6C => Some('●'),
            0x6E => Some('■'),
            0x6F => Some('□'),
            0x71 => Some('❑'),
            0x76 => Some('❖'),
            0x9F => Some('•'),
            0xA7 => Some('▪'),
            0xA8 => Some('◻'),
            0xD8 => Some('➢'),
            0xE0 => Some('→'),
            0xE8 => Some('➔'),
            0xF0 => Some('⇨'),
            0xFB => Some('✗'),
            0xFC => Some('✓'),
            0xFD => Some('☒'),
            0xFE => Some('☑'),
            _ => None,
        };
        if m.is_some() {
            return m;
        }
    }
    char::from_u32(code)
}

/// An ordinal's suffix in superscript (« 1<sup>er</sup> », « 13<sup>e</sup> »,
/// « TITRE I<sup>er</sup> ») is typography — what clausier's writer and
/// Word's autocorrection print — not a word's formatting: read as plain
/// text, « 1er » compares equal however it was set. A superscript is an
/// ordinal's suffix exactly when the writers would set it so
/// (`french::ordinal_pieces_between`, read across the runs around it), so
/// what the writer prints reads back as what it was given.
pub(crate) fn plain_ordinals(mut v: Vec<Inline>) -> Vec<Inline> {
    use crate::model::chars_around;
    for k in 1..v.len() {
        let (Inline::Text { text: prev, .. }, Inline::Text { text, style }) = (&v[k - 1], &v[k]) else { continue };
        if !style.superscript || !matches!(text.as_str(), "er" | "re" | "e" | "es" | "ers" | "res") {
            continue;
        }
        let joined = format!("{prev}{text}");
        let (before, after) = (chars_around(&v, k - 1).0, chars_around(&v, k).1);
        let ordinal =
            crate::french::ordinal_pieces_between(&joined, before, after).last() == Some(&(text.as_str(), true));
        if let (true, Inline::Text { style, .. }) = (ordinal, &mut v[k]) {
            style.superscript = false;
        }
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn symbols() {
        assert_eq!(symbol("Symbol", 0xF0B7), Some('•'));
        assert_eq!(symbol("Symbol", 0xF061), Some('α'));
        assert_eq!(symbol("Wingdings", 0xF0FE), Some('☑'));
        assert_eq!(symbol("Wingdings", 0xF021), Some('\u{F021}'), "unknown: kept, not guessed");
        assert_eq!(symbol("Arial", 0x2665), Some('♥'));
        assert_eq!(symbol("Arial", 0x11FFFF), None);
    }
}
