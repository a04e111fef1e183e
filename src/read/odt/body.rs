//! The walk through `content.xml`: one pass over the XML events, with
//! counters and small stacks instead of a tree (50 000 nested elements
//! are as cheap as 50 000 siblings), giving the blocks the DOCX reader
//! gives for the same text.
//!
//! What is text: the text nodes of paragraphs (`text:p`, `text:h`) and of
//! what they hold — spans, links, fields (their shown value), ruby bases —,
//! `text:s`, `text:tab`, `text:line-break`. Not text: annotations (read
//! apart, as comments), a note's citation (it becomes « (1) »), index
//! templates, drawing titles.
//!
//! **Tracked changes** (`text:tracked-changes`, read first: LibreOffice
//! writes them at the head of the body). An insertion is a range between
//! `text:change-start` and `text:change-end`, possibly across paragraphs;
//! a deletion is a point, `text:change`, whose words are kept in its
//! `text:changed-region`. Accepting: the body as it is. Rejecting: the
//! inserted ranges dropped (a paragraph whose end lies in one joins the
//! next, the part that has words giving its style, as in the DOCX reader),
//! each deletion put back at its point — one paragraph's words in the
//! paragraph, several paragraphs splitting it: the first goes on the words
//! before the point, the last carries those after it, with its own style
//! (deleting the paragraph before a heading is kept as « that paragraph,
//! then the heading », as LibreOffice itself gives it back).

use super::styles::{Level, ParaInfo, Styles, TextProps};
use crate::error::Unreadable;
use crate::markdown::{normalize, TextBlock};
use crate::model::{Alinea, AlineaKind, Inline};
use crate::read::docx::body::COMMENT_ANCHOR;
use crate::read::docx::{Comment, ReadBlock, Tracked, View};
use crate::read::xml::{local, Node, Ns, Xml};
use std::collections::{HashMap, HashSet};

/// Paragraphs nested in paragraphs (text boxes, notes) kept apart up to this depth.
const MAX_NESTED_PARAGRAPHS: usize = 8;
const MAX_LIST_LEVELS: usize = 10;
/// `text:s text:c="1000000"` is as many spaces as one: they fold.
const MAX_SPACES: usize = 8;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tag {
    Other,
    P,
    Span,
    List,
    ListItem,
    Table,
    Row,
    HeaderRows,
    Cell,
    Note,
    NoteCitation,
    Region,
    Deletion,
    Annotation,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Change {
    Insertion,
    Deletion,
    Format,
}

/// The list a paragraph is an item of.
#[derive(Debug, Clone)]
struct ListCtx {
    style: Option<String>,
    level: usize,
    /// The item's first paragraph: it carries the label.
    first: bool,
    /// A list header: an item without a label.
    header: bool,
    start: Option<u32>,
}

#[derive(Debug, Clone, Default)]
struct Para {
    /// Heading level (`text:h`, or a style with an outline level).
    heading: Option<usize>,
    /// `text:is-list-header`: a heading without its number.
    unnumbered: bool,
    restart: Option<u32>,
    info: ParaInfo,
    list: Option<ListCtx>,
    inlines: Vec<Inline>,
    bookmarks: Vec<String>,
    /// Blocks that come after this paragraph: its footnotes, its text boxes.
    deferred: Vec<ReadBlock>,
    line: usize,
    joins_next: bool,
}

impl Para {
    fn has_text(&self) -> bool {
        self.inlines.iter().any(|i| matches!(i, Inline::Text { text, .. } if !text.trim().is_empty()))
    }
}

#[derive(Debug, Default)]
struct Table {
    structural: bool,
    rows: Vec<Vec<Vec<Inline>>>,
    header: bool,
    row: Option<(Vec<Vec<Inline>>, bool)>,
    cell: Option<Vec<Inline>>,
    bookmarks: Vec<String>,
    line: usize,
}

#[derive(Debug)]
struct ListFrame {
    style: Option<String>,
    level: usize,
    item: Option<ListCtx>,
}

#[derive(Debug)]
struct NoteFrame {
    foot: bool,
    citation: String,
    /// How many paragraphs were open when it opened (its paragraphs sit above).
    depth: usize,
    blocks: Vec<ReadBlock>,
}

#[derive(Debug, Default)]
struct Annotation {
    author: String,
    date: String,
    lines: Vec<String>,
    /// 1: the author, 2: the date, 3: a paragraph.
    field: u8,
}

pub(crate) struct Walker<'a> {
    view: View,
    styles: &'a Styles,
    pub(crate) tracked: Tracked,
    changes: HashMap<String, Change>,
    deleted: HashMap<String, Vec<Para>>,
    open_insertions: HashSet<String>,
    /// Reading a `text:changed-region`: its id and kind.
    region: Option<(String, Option<Change>)>,
    stack: Vec<Tag>,
    skip_at: Option<usize>,
    paras: Vec<Para>,
    spans: Vec<TextProps>,
    lists: Vec<ListFrame>,
    counters: HashMap<Option<String>, Vec<Option<u32>>>,
    outline: Vec<Option<u32>>,
    tables: Vec<Table>,
    notes: Vec<NoteFrame>,
    endnotes: Vec<ReadBlock>,
    annotation: Option<Annotation>,
    pub(crate) comments: Vec<Comment>,
    /// What the part holds that is not read as text (see `DocxText::unread`).
    pub(crate) unread: Vec<String>,
    out: Vec<ReadBlock>,
    pending_bookmarks: Vec<String>,
    carry: Option<Para>,
    para_count: usize,
    in_body: bool,
    /// Open `text:deletion` elements (their paragraphs are kept apart).
    deletions: usize,
}

impl<'a> Walker<'a> {
    pub(crate) fn new(view: View, styles: &'a Styles) -> Walker<'a> {
        Walker {
            view,
            styles,
            tracked: Tracked::default(),
            changes: HashMap::new(),
            deleted: HashMap::new(),
            open_insertions: HashSet::new(),
            region: None,
            stack: Vec::new(),
            skip_at: None,
            paras: Vec::new(),
            spans: Vec::new(),
            lists: Vec::new(),
            counters: HashMap::new(),
            outline: Vec::new(),
            tables: Vec::new(),
            notes: Vec::new(),
            endnotes: Vec::new(),
            annotation: None,
            comments: Vec::new(),
            unread: Vec::new(),
            out: Vec::new(),
            pending_bookmarks: Vec::new(),
            carry: None,
            para_count: 0,
            in_body: false,
            deletions: 0,
        }
    }

    /// Reads `content.xml`.
    pub(crate) fn walk(mut self, xml: &mut Xml) -> Result<Walker<'a>, Unreadable> {
        let mut first = true;
        loop {
            match xml.next()? {
                Node::Eof => break,
                Node::Open { ns, e, empty } => {
                    if first {
                        first = false;
                        if ns != Ns::Office || local(&e) != b"document-content" && local(&e) != b"document" {
                            return Err(xml.refused(format!(
                                "not an OpenDocument text: its root element is <{}>",
                                String::from_utf8_lossy(e.name().0)
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
                    if self.skip_at.is_none() && (self.annotation.is_some() || !self.paras.is_empty()) {
                        let s = xml.text(&t)?;
                        self.push_node_text(&s);
                    }
                }
                Node::CData(s) => {
                    if self.skip_at.is_none() && (self.annotation.is_some() || !self.paras.is_empty()) {
                        self.push_node_text(&s);
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
        let endnotes = std::mem::take(&mut self.endnotes);
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

    fn visible(&self) -> bool {
        self.view != View::Reject || self.open_insertions.is_empty()
    }

    fn in_deletion(&self) -> bool {
        self.deletions > 0
    }

    fn open(&mut self, xml: &Xml, ns: Ns, e: &quick_xml::events::BytesStart) -> Result<Tag, Unreadable> {
        if self.skip_at.is_some() {
            return Ok(Tag::Other);
        }
        let name = local(e);
        if let Some(a) = self.annotation.as_mut() {
            match (ns, name) {
                (Ns::Dc, b"creator") => a.field = 1,
                (Ns::Dc, b"date") => a.field = 2,
                (Ns::Text, b"p" | b"h") => {
                    a.field = 3;
                    a.lines.push(String::new());
                }
                (Ns::Text, b"s" | b"tab") => a.push(" "),
                (Ns::Text, b"line-break") => a.push("\n"),
                _ => {}
            }
            return Ok(Tag::Other);
        }
        match ns {
            Ns::Office => return Ok(self.open_office(name)),
            Ns::Text => {}
            Ns::Table => return self.open_table(name),
            // Frames and text boxes are read through (their paragraphs come
            // after the one holding them); images and objects hold no text.
            Ns::Draw => {
                if matches!(name, b"object" | b"object-ole") && self.unread.len() < 20 {
                    // A spreadsheet, a formula, another document embedded:
                    // its words are not in the text, and clausier does not
                    // open it.
                    self.unread.push(format!(
                        "content.xml: an embedded object (draw:{}) after paragraph {} is not read: paste its content as text to make it part of the document",
                        String::from_utf8_lossy(name),
                        self.para_count
                    ));
                }
                return Ok(if matches!(name, b"image" | b"object" | b"object-ole") { self.skip() } else { Tag::Other });
            }
            // Titles and descriptions of drawings are not text; other
            // vocabularies inside a paragraph (content controls, field
            // marks) are read through.
            _ => return Ok(if matches!(name, b"title" | b"desc") { self.skip() } else { Tag::Other }),
        }
        if !self.in_body {
            return Ok(Tag::Other);
        }
        self.open_text(xml, name, e)
    }

    fn open_office(&mut self, name: &[u8]) -> Tag {
        match name {
            b"text" => {
                self.in_body = true;
                Tag::Other
            }
            b"annotation" if self.in_body => {
                self.tracked.comments += 1;
                let k = self.comments.len();
                self.anchor(format!("{}{}", COMMENT_ANCHOR, k));
                self.annotation = Some(Annotation::default());
                Tag::Annotation
            }
            b"change-info" | b"binary-data" | b"event-listeners" => self.skip(),
            b"automatic-styles" | b"font-face-decls" | b"scripts" | b"forms" | b"settings" | b"master-styles" => {
                self.skip()
            }
            _ => Tag::Other,
        }
    }

    fn open_text(&mut self, xml: &Xml, name: &[u8], e: &quick_xml::events::BytesStart) -> Result<Tag, Unreadable> {
        Ok(match name {
            b"tracked-changes" | b"changed-region" | b"insertion" | b"deletion" | b"format-change"
            | b"change-start" | b"change-end" | b"change" => self.open_change(xml, name, e)?,
            b"p" | b"h" if self.paras.len() >= MAX_NESTED_PARAGRAPHS => {
                self.push_break();
                Tag::Other
            }
            b"p" | b"h" => {
                self.open_paragraph(xml, name == b"h", e)?;
                Tag::P
            }
            b"span" => {
                let props = match xml.attr(e, b"style-name")? {
                    Some(n) => self.styles.text(&n),
                    None => TextProps::default(),
                };
                self.spans.push(props);
                Tag::Span
            }
            b"s" => {
                let n = xml.num(e, b"c")?.unwrap_or(1).clamp(1, MAX_SPACES as i64) as usize;
                self.push_char(&" ".repeat(n));
                Tag::Other
            }
            b"tab" => {
                self.push_char("\t");
                Tag::Other
            }
            b"line-break" => {
                self.push_break();
                Tag::Other
            }
            b"bookmark" | b"bookmark-start" => {
                if let Some(n) = xml.attr(e, b"name")? {
                    self.anchor(n);
                }
                Tag::Other
            }
            b"list" => {
                self.open_list(xml, e)?;
                Tag::List
            }
            b"list-item" | b"list-header" => {
                let start = xml.num(e, b"start-value")?.map(|v| v.clamp(0, 1_000_000) as u32);
                if let Some(f) = self.lists.last_mut() {
                    f.item = Some(ListCtx {
                        style: f.style.clone(),
                        level: f.level,
                        first: true,
                        header: name == b"list-header",
                        start,
                    });
                }
                Tag::ListItem
            }
            b"note" => {
                let foot = xml.attr(e, b"note-class")?.as_deref() != Some("endnote");
                self.notes.push(NoteFrame { foot, citation: String::new(), depth: self.paras.len(), blocks: vec![] });
                Tag::Note
            }
            b"note-citation" => Tag::NoteCitation,
            // Index templates, declarations, ruby guides: not text.
            b"table-of-content-source"
            | b"illustration-index-source"
            | b"alphabetical-index-source"
            | b"user-index-source"
            | b"bibliography-source"
            | b"object-index-source"
            | b"table-index-source"
            | b"sequence-decls"
            | b"variable-decls"
            | b"user-field-decls"
            | b"dde-connection-decls"
            | b"ruby-text"
            | b"tracked-changes-info" => self.skip(),
            _ => Tag::Other,
        })
    }

    /// The elements of tracked changes: the regions (read first), the
    /// marks in the body.
    fn open_change(&mut self, xml: &Xml, name: &[u8], e: &quick_xml::events::BytesStart) -> Result<Tag, Unreadable> {
        Ok(match name {
            b"tracked-changes" => Tag::Other,
            b"changed-region" => {
                let id = xml.attr(e, b"id")?.unwrap_or_default();
                self.region = Some((id, None));
                Tag::Region
            }
            b"insertion" | b"deletion" | b"format-change" if self.stack.last() == Some(&Tag::Region) => {
                let kind = match name {
                    b"insertion" => Change::Insertion,
                    b"deletion" => Change::Deletion,
                    _ => Change::Format,
                };
                match kind {
                    Change::Insertion => self.tracked.insertions += 1,
                    Change::Deletion => self.tracked.deletions += 1,
                    Change::Format => self.tracked.formatting += 1,
                }
                if let Some((id, k)) = self.region.as_mut() {
                    *k = Some(kind);
                    if self.changes.len() < 1_000_000 {
                        self.changes.insert(id.clone(), kind);
                    }
                }
                if kind == Change::Deletion {
                    self.deletions += 1;
                    Tag::Deletion
                } else {
                    Tag::Other
                }
            }
            b"change-start" => {
                let id = xml.attr(e, b"change-id")?.unwrap_or_default();
                if self.changes.get(&id) == Some(&Change::Insertion) && self.open_insertions.len() < 10_000 {
                    self.open_insertions.insert(id);
                }
                Tag::Other
            }
            b"change-end" => {
                let id = xml.attr(e, b"change-id")?.unwrap_or_default();
                self.open_insertions.remove(&id);
                Tag::Other
            }
            b"change" => {
                let id = xml.attr(e, b"change-id")?.unwrap_or_default();
                if self.view == View::Reject && !self.in_deletion() {
                    self.put_back(&id);
                }
                Tag::Other
            }
            _ => Tag::Other,
        })
    }

    fn open_paragraph(&mut self, xml: &Xml, h: bool, e: &quick_xml::events::BytesStart) -> Result<(), Unreadable> {
        self.para_count += 1;
        let style = xml.attr(e, b"style-name")?;
        let info = self.styles.para(style.as_deref());
        let heading = if h {
            Some(xml.num(e, b"outline-level")?.map_or(info.outline.unwrap_or(1) as i64, |v| v).clamp(1, 10) as usize)
        } else {
            info.outline.filter(|o| *o > 0).map(|o| o as usize)
        };
        let unnumbered = xml.attr(e, b"is-list-header")?.is_some_and(|v| v == "true");
        let restart = match xml.attr(e, b"restart-numbering")?.as_deref() {
            Some("true") => Some(xml.num(e, b"start-value")?.map_or(1, |v| v.clamp(0, 1_000_000) as u32)),
            _ => None,
        };
        let list = self.lists.last_mut().and_then(|f| {
            let item = f.item.as_mut()?;
            let ctx = item.clone();
            item.first = false;
            Some(ctx)
        });
        self.paras.push(Para { heading, unnumbered, restart, info, list, line: self.para_count, ..Default::default() });
        Ok(())
    }

    fn open_list(&mut self, xml: &Xml, e: &quick_xml::events::BytesStart) -> Result<(), Unreadable> {
        let parent = self.lists.last();
        let level = parent.map_or(0, |p| (p.level + 1).min(MAX_LIST_LEVELS - 1));
        let style = xml.attr(e, b"style-name")?.or_else(|| parent.and_then(|p| p.style.clone())).or_else(|| {
            // A list without a style of its own numbers as its paragraph's style says.
            self.paras.last().and_then(|p| p.info.list_style.clone())
        });
        let continues = xml.attr(e, b"continue-numbering")?.is_some_and(|v| v == "true")
            || xml.attr(e, b"continue-list")?.is_some();
        if level == 0 && !continues && !self.in_deletion() {
            self.counters.remove(&style);
        }
        self.lists.push(ListFrame { style, level, item: None });
        Ok(())
    }

    fn open_table(&mut self, name: &[u8]) -> Result<Tag, Unreadable> {
        if !self.in_body {
            return Ok(Tag::Other);
        }
        Ok(match name {
            b"table" => {
                let structural =
                    self.paras.is_empty() && self.tables.is_empty() && self.notes.is_empty() && !self.in_deletion();
                if structural {
                    if let Some(c) = self.carry.take() {
                        self.place_top(c);
                    }
                }
                self.tables.push(Table { structural, line: self.para_count + 1, ..Default::default() });
                Tag::Table
            }
            b"table-header-rows" => Tag::HeaderRows,
            b"table-row" => {
                let header = self.stack.last() == Some(&Tag::HeaderRows);
                if let Some(t) = self.tables.last_mut() {
                    t.row = Some((Vec::new(), header));
                }
                Tag::Row
            }
            b"table-cell" | b"covered-table-cell" => {
                if let Some(t) = self.tables.last_mut() {
                    t.cell = Some(Vec::new());
                }
                Tag::Cell
            }
            b"table-columns" | b"table-column" | b"table-header-columns" => Tag::Other,
            _ => Tag::Other,
        })
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
            Tag::Span => {
                self.spans.pop();
            }
            Tag::List => {
                self.lists.pop();
            }
            Tag::ListItem => {
                if let Some(f) = self.lists.last_mut() {
                    f.item = None;
                }
            }
            Tag::Cell => self.end_cell(),
            Tag::Row => self.end_row(),
            Tag::Table => self.end_table(),
            Tag::Note => self.end_note(),
            Tag::Region => self.region = None,
            Tag::Annotation => {
                if let Some(a) = self.annotation.take() {
                    let text = a.lines.iter().map(|l| l.trim()).collect::<Vec<_>>().join("\n");
                    let date = Some(a.date.trim().to_string()).filter(|d| !d.is_empty());
                    self.comments.push(Comment { author: a.author.trim().to_string(), date, text });
                }
            }
            Tag::Deletion => self.deletions = self.deletions.saturating_sub(1),
            Tag::Other | Tag::NoteCitation | Tag::HeaderRows => {}
        }
    }

    /// A text node: white space as ODF folds it (line ends and tabs of the
    /// XML are spaces; `text:tab` is a tab). The non-breaking hyphen is the
    /// hyphen of the text and the soft hyphen shows only at a line's end,
    /// as the DOCX reader reads Word's `w:noBreakHyphen` and `w:softHyphen`
    /// (LibreOffice writes them as U+2011 and U+00AD).
    fn push_node_text(&mut self, s: &str) {
        let s: String = s
            .chars()
            .filter(|c| *c != '\u{ad}')
            .map(|c| match c {
                '\n' | '\r' | '\t' => ' ',
                '\u{2011}' => '-',
                c => c,
            })
            .collect();
        if let Some(a) = self.annotation.as_mut() {
            a.push(&s);
            return;
        }
        if self.stack.last() == Some(&Tag::NoteCitation) {
            if let Some(n) = self.notes.last_mut() {
                if n.citation.len() < 64 {
                    n.citation.push_str(s.trim());
                }
            }
            return;
        }
        self.push_char(&s);
    }

    fn push_char(&mut self, s: &str) {
        if s.is_empty() || !self.visible() {
            return;
        }
        let style = self.run_style();
        let Some(p) = self.paras.last_mut() else { return };
        match p.inlines.last_mut() {
            Some(Inline::Text { text, style: st }) if *st == style => text.push_str(s),
            _ => p.inlines.push(Inline::Text { text: s.to_string(), style }),
        }
    }

    fn push_break(&mut self) {
        if self.visible() {
            if let Some(p) = self.paras.last_mut() {
                p.inlines.push(Inline::Break);
            }
        }
    }

    /// The style of the text here: a heading's own style is how headings
    /// look, not emphasis (as the DOCX reader reads it); spans on top.
    fn run_style(&self) -> crate::model::Style {
        let base = match self.paras.last() {
            Some(p) if p.heading.is_none() => p.info.text,
            _ => TextProps::default(),
        };
        self.spans.iter().fold(base, |acc, s| acc.over(*s)).style()
    }

    /// A bookmark, or a comment's anchor: in the paragraph, else the table,
    /// else the next block.
    fn anchor(&mut self, name: String) {
        if let Some(p) = self.paras.last_mut() {
            p.bookmarks.push(name);
        } else if let Some(t) = self.tables.first_mut().filter(|t| t.structural) {
            t.bookmarks.push(name);
        } else {
            self.pending_bookmarks.push(name);
        }
    }

    /// Rejecting: the words a deletion took out, put back at its point
    /// (each deletion once, however many points name it).
    fn put_back(&mut self, id: &str) {
        let Some(mut ds) = self.deleted.remove(id) else { return };
        if ds.is_empty() {
            return;
        }
        let Some(mut here) = self.paras.pop() else {
            // Between blocks: the deleted paragraphs, as they were.
            for d in ds {
                self.finish(d);
            }
            return;
        };
        if ds.len() == 1 {
            let d = ds.pop().expect("one");
            here.inlines.extend(d.inlines);
            here.bookmarks.extend(d.bookmarks);
            self.paras.push(here);
            return;
        }
        let last = ds.pop().expect("two at least");
        let mut first = ds.remove(0);
        // The words before the point, then the first deleted paragraph's:
        // one paragraph, styled by the part that has words.
        let before = here.has_text();
        let mut inlines = std::mem::take(&mut here.inlines);
        inlines.append(&mut first.inlines);
        let marks = std::mem::take(&mut here.bookmarks);
        let mut head = if before { here.clone() } else { first };
        head.inlines = inlines;
        head.line = here.line;
        head.joins_next = false;
        let mut rest = last;
        if before {
            head.bookmarks = marks;
        } else {
            // Marks at the very start belong to the paragraph that goes on.
            rest.bookmarks.splice(0..0, marks);
        }
        rest.line = here.line;
        rest.deferred.append(&mut here.deferred);
        self.finish(head);
        for d in ds {
            self.finish(d);
        }
        self.paras.push(rest);
    }

    fn end_paragraph(&mut self) {
        let Some(mut p) = self.paras.pop() else { return };
        if !self.open_insertions.is_empty() {
            self.tracked.inserted_marks += 1;
            p.joins_next = self.view == View::Reject;
        }
        self.finish(p);
    }

    /// A paragraph read to its end, where it goes: a deletion's words, a
    /// note, the paragraph holding it (a text box), a table cell, or the
    /// body (joined to the next when its end is gone in this view).
    fn finish(&mut self, p: Para) {
        if self.in_deletion() {
            if let Some((id, _)) = &self.region {
                let ds = self.deleted.entry(id.clone()).or_default();
                if !ds.is_empty() {
                    self.tracked.deleted_marks += 1;
                }
                if ds.len() < 100_000 {
                    ds.push(p);
                }
            }
            return;
        }
        if let Some(n) = self.notes.last() {
            if n.depth == self.paras.len() {
                let (block, deferred, marks) = self.emit(p);
                let n = self.notes.last_mut().expect("checked");
                n.blocks.extend(block);
                n.blocks.extend(deferred);
                let _ = marks;
                return;
            }
        }
        if !self.paras.is_empty() {
            // A paragraph in a text box: after the paragraph holding it.
            let (block, deferred, marks) = self.emit(p);
            let q = self.paras.last_mut().expect("checked");
            q.bookmarks.extend(marks);
            q.deferred.extend(block);
            q.deferred.extend(deferred);
            return;
        }
        if self.in_cell() {
            let (block, deferred, marks) = self.emit(p);
            self.put_in_cell(block.into_iter().chain(deferred).collect(), marks);
            return;
        }
        let p = match self.carry.take() {
            Some(prev) => join(prev, p),
            None => p,
        };
        if p.joins_next {
            self.carry = Some(p);
        } else {
            self.place_top(p);
        }
    }

    fn in_cell(&self) -> bool {
        self.paras.is_empty() && self.tables.first().is_some_and(|t| t.structural && t.cell.is_some())
    }

    fn place_top(&mut self, p: Para) {
        let (block, deferred, marks) = self.emit(p);
        match block {
            Some(mut b) => {
                let mut all = std::mem::take(&mut self.pending_bookmarks);
                all.extend(b.bookmarks);
                b.bookmarks = all;
                self.out.push(b);
            }
            None => self.pending_bookmarks.extend(marks),
        }
        self.out.extend(deferred);
    }

    fn put_in_cell(&mut self, blocks: Vec<ReadBlock>, marks: Vec<String>) {
        let Some(t) = self.tables.first_mut() else { return };
        t.bookmarks.extend(marks);
        let Some(c) = t.cell.as_mut() else { return };
        for b in blocks {
            t.bookmarks.extend(b.bookmarks.iter().cloned());
            let inl = crate::read::docx::body::block_inlines(&b.block);
            if inl.is_empty() {
                continue;
            }
            if !c.is_empty() {
                c.push(Inline::Break);
            }
            c.extend(inl);
        }
    }

    /// The block of a finished paragraph, its label counted; with the
    /// blocks that follow it, and its bookmarks when it makes no block.
    fn emit(&mut self, p: Para) -> (Option<ReadBlock>, Vec<ReadBlock>, Vec<String>) {
        let label = self.label(&p);
        let inlines = normalize(crate::read::docx::body::plain_ordinals(p.inlines));
        let block = match p.heading {
            Some(level) => {
                let mut v = Vec::new();
                if let Some(l) = label.as_ref().filter(|l| !l.trim().is_empty()) {
                    v.push(Inline::plain(format!("{} ", l.trim())));
                }
                v.extend(inlines);
                let v = normalize(v);
                (!v.is_empty()).then_some(TextBlock::Heading { level, inlines: v, line: p.line })
            }
            None => match (&p.list, label) {
                (Some(l), _) if !l.first || l.header => (!inlines.is_empty())
                    .then(|| TextBlock::Alinea { alinea: Alinea::paragraph(inlines), line: p.line }),
                (Some(_), Some(m)) if !m.trim().is_empty() => Some(TextBlock::Alinea {
                    alinea: Alinea {
                        kind: AlineaKind::Item { marker: Some(crate::markdown::fold_spaces(m.trim())) },
                        inlines,
                        change: Default::default(),
                    },
                    line: p.line,
                }),
                (Some(_), _) => (!inlines.is_empty()).then_some(TextBlock::Alinea {
                    alinea: Alinea { kind: AlineaKind::Item { marker: None }, inlines, change: Default::default() },
                    line: p.line,
                }),
                (None, _) => (!inlines.is_empty())
                    .then(|| TextBlock::Alinea { alinea: Alinea::paragraph(inlines), line: p.line }),
            },
        };
        let style = p.info.name.clone();
        match block {
            Some(block) => {
                (Some(ReadBlock { block, bookmarks: p.bookmarks, style, comments: vec![] }), p.deferred, Vec::new())
            }
            None => (None, p.deferred, p.bookmarks),
        }
    }

    /// The label of a list item's first paragraph (from its list style),
    /// or of a heading (from the outline numbering), counted here.
    fn label(&mut self, p: &Para) -> Option<String> {
        if let Some(l) = &p.list {
            if !l.first || l.header {
                return None;
            }
            let levels = l.style.as_deref().and_then(|s| self.styles.list(s))?;
            let counters = self.counters.entry(l.style.clone()).or_default();
            return count(levels, counters, l.level, l.start);
        }
        let level = p.heading?;
        if p.unnumbered || self.styles.outline.is_empty() {
            return None;
        }
        count(&self.styles.outline, &mut self.outline, level - 1, p.restart)
    }

    fn end_cell(&mut self) {
        if self.tables.len() != 1 || !self.tables[0].structural {
            return;
        }
        let t = &mut self.tables[0];
        let Some(c) = t.cell.take() else { return };
        if let Some((cells, _)) = t.row.as_mut() {
            cells.push(normalize(c));
            crate::read::table::fit_columns(cells);
        }
    }

    fn end_row(&mut self) {
        if self.tables.len() != 1 || !self.tables[0].structural {
            return;
        }
        let t = &mut self.tables[0];
        let Some((cells, header)) = t.row.take() else { return };
        if t.rows.is_empty() && header {
            t.header = true;
        }
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

    /// A note read to its end: « (n) » where its citation stands, its
    /// paragraphs after the paragraph calling it (a footnote) or at the end
    /// (an endnote), the first starting with « (n) ».
    fn end_note(&mut self) {
        let Some(mut n) = self.notes.pop() else { return };
        let label = format!("({})", n.citation);
        if self.in_deletion() {
            return;
        }
        self.push_char(&label);
        match n.blocks.first_mut() {
            Some(first) => crate::read::docx::body::prefix_block(first, &label),
            None => n.blocks.push(ReadBlock {
                block: TextBlock::Alinea {
                    alinea: Alinea::paragraph(vec![Inline::plain(label)]),
                    line: self.para_count,
                },
                bookmarks: vec![],
                style: None,
                comments: vec![],
            }),
        }
        let line = self.paras.last().map_or(self.para_count, |p| p.line);
        for b in &mut n.blocks {
            crate::read::docx::body::set_line(&mut b.block, line);
        }
        if n.foot {
            match self.paras.last_mut() {
                Some(p) => p.deferred.extend(n.blocks),
                None => self.out.extend(n.blocks),
            }
        } else {
            self.endnotes.extend(n.blocks);
        }
    }
}

impl Annotation {
    fn push(&mut self, s: &str) {
        let into = match self.field {
            1 => &mut self.author,
            2 => &mut self.date,
            3 => match self.lines.last_mut() {
                Some(l) => l,
                None => return,
            },
            _ => return,
        };
        if into.len() < 64 * 1024 {
            into.push_str(s);
        }
    }
}

/// The next number of `level` (from 0) in `counters`, deeper levels
/// restarted, and the label its level style prints (« 1.2. », « a) »);
/// `None` for a bullet or a level without numbers.
fn count(
    levels: &[Option<Level>],
    counters: &mut Vec<Option<u32>>,
    level: usize,
    start: Option<u32>,
) -> Option<String> {
    let style = levels.get(level)?.as_ref()?;
    counters.resize(level + 1, None);
    let n = match (start, counters[level]) {
        (Some(s), _) => s,
        (None, Some(c)) => c.saturating_add(1),
        (None, None) => style.start,
    };
    counters[level] = Some(n);
    if matches!(style.format, crate::read::docx::list_numbering::Format::Bullet) {
        return None;
    }
    let from = (level + 1).saturating_sub(style.display.max(1));
    let numbers: Vec<String> = (from..=level)
        .filter_map(|k| {
            let f = levels.get(k)?.as_ref()?.format;
            let v = counters.get(k).copied().flatten().unwrap_or(levels[k].as_ref()?.start);
            let t = f.format(v);
            (!t.is_empty()).then_some(t)
        })
        .collect();
    if numbers.is_empty() && style.prefix.is_empty() && style.suffix.is_empty() {
        return None;
    }
    Some(format!("{}{}{}", style.prefix, numbers.join("."), style.suffix))
}

/// A paragraph whose end is gone joined with the next: the properties of
/// the part that has words (the first's when both have), as the DOCX reader
/// joins them.
fn join(first: Para, next: Para) -> Para {
    let keep_first = first.has_text();
    let mut joined = if keep_first { first.clone() } else { next.clone() };
    joined.inlines = first.inlines;
    joined.inlines.extend(next.inlines);
    joined.bookmarks = first.bookmarks;
    joined.bookmarks.extend(next.bookmarks);
    joined.deferred = first.deferred;
    joined.deferred.extend(next.deferred);
    joined.line = first.line;
    joined.joins_next = next.joins_next;
    joined
}
