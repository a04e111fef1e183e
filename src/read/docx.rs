//! The DOCX reader: a Word document (as Word, LibreOffice, pandoc or
//! clausier write it) read into the blocks every reader of clausier
//! produces (`crate::markdown::TextBlock`), with the facts only a DOCX has
//! beside each block (its bookmarks, its paragraph style).
//!
//! What it reads: paragraphs and runs with bold, italic, underline and
//! superscript, set directly or by a paragraph or character style (along
//! `basedOn`, bold and italic toggling as ECMA-376 says); headings from
//! their style (`Heading1…9`, `Titre1…`, the names `heading 1…9`) or their
//! outline level; automatic numbering computed as Word shows it and put
//! before the text (« Article 1er », « I. », « a) »: a numbered paragraph
//! becomes a list item with that marker, a numbered heading starts with
//! its label); tables, merged cells kept in their columns; footnotes and
//! endnotes as text (see below); field results, never their codes; line
//! breaks, tabs, symbols, non-breaking hyphens; the text of hyperlinks,
//! content controls, smart tags, custom XML, text boxes, one branch of
//! each `mc:AlternateContent`. Tracked changes are read in the view asked
//! for: every change accepted, or every change rejected (a paragraph whose
//! mark is deleted joins the next; whole table rows inserted or deleted;
//! formatting changes ignored — the current formatting is kept —, but for
//! a paragraph's style, numbering and outline level, which rejecting gives
//! back: a heading restyled as text is a heading again). Comments are not
//! text: they are read apart, with their author, date and anchor.
//!
//! **Labels.** A numbered heading reads « label title » (one space between
//! them whatever `w:suff` says: a tab, a space, or an indent, a gap in every
//! case); a numbered paragraph is an `Item` whose marker is the label, an
//! empty one included (Word shows « 2. » on an empty numbered line); a
//! bullet is an `Item` without marker. Lists are counted as Word counts
//! them (see `numbering.rs`), ordinals in French (« 1er », « 2e »).
//!
//! **Tracked paragraphs.** A paragraph whose mark is gone in the view read
//! joins the next one and keeps the properties of the part that has text
//! (rejecting a paragraph typed after a heading gives the heading back;
//! accepting a deleted paragraph, the one after it). Hidden text
//! (`w:vanish`) is text: it is kept, as every word of the source is.
//!
//! **Notes.** A footnote reference reads « (1) » where Word shows the
//! number, and the note follows the paragraph that calls it, as an alinéa
//! starting with « (1) » — the way the Journal officiel prints notes in
//! running text, and close to where a reader meets it; endnotes come at
//! the end of the document. Numbers follow the document's note numbering
//! (decimal footnotes, lower-roman endnotes by default, in Word).
//!
//! **Bookmarks.** Each block carries the names of the bookmarks that start
//! inside it or between it and the block before (`_Toc…` and `_GoBack`
//! included: the caller picks the ones it gave).
//!
//! **Why our own reader rather than docx-rs** (the user's named package,
//! 0.4.22), measured with `examples/docx_readers.rs` on the DOCX clausier
//! writes, on the seed edited by LibreOffice with and without Track
//! Changes, on DOCX by pandoc and LibreOffice, and on the three real Word
//! files of the corpus (words kept in order against
//! `docx_accept_reject.py --mode accept`; median of 20 in-process reads,
//! release build):
//!
//! | file (who wrote it) | docx-rs: words, time | ours: words, time |
//! | --- | ---: | ---: |
//! | the seed convention (clausier) | 100 %, 4.8 ms | 100 %, 1.9 ms |
//! | the seed edited in LibreOffice, untracked / tracked | 100 %, 3.5 / 3.6 ms | 100 %, 2.3 / 2.3 ms |
//! | corpus texts (pandoc) | 100 %, 2.6 / 2.1 ms | 100 %, 1.6 / 1.1 ms |
//! | corpus text with tables (LibreOffice) | 100 %, 5.3 ms | 100 %, 3.2 ms |
//! | real avenant template (Word, text box) | **97.95 %**, 17.9 ms | 100 %, 8.8 ms |
//! | real convention template (Word) | 100 %, 34.1 ms | 100 %, 14.4 ms |
//! | real rendered convention (Word, 42 numbered paragraphs) | 100 %, 37.8 ms | 100 %, 16.3 ms |
//!
//! docx-rs parses everything into a tree, but leaves to its caller all
//! that makes the text: it reports `numPr` without computing a label
//! (« Article 1er » is lost), resolves no style (a heading style or a bold
//! style is just an id), gives field characters without their logic, and
//! drops text boxes (2 % of the words of the avenant template). Its zip
//! reading has no limit: it allocates what each entry declares and
//! unwraps the inflation (`read_zip.rs`), so a zip bomb takes what it
//! claims and a damaged entry panics (tried: `a_damaged_zip_entry_is_named`
//! in `tests/read_docx.rs` is that entry); and it is 1.5 to 2.5 times
//! slower (it builds the whole tree, headers and images included). Writing the missing parts on top of its tree would have
//! been most of a reader anyway; zip and quick-xml, already dependencies,
//! give a one-pass, linear reader with limits we control.

use super::{package, xml};
use crate::error::Unreadable;
use crate::error::{Error, Result};
use crate::markdown::TextBlock;

pub(crate) mod body;
pub(crate) mod list_numbering;
mod styles;

/// Which text of a document with tracked changes to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum View {
    /// Every change accepted: the document as edited.
    #[default]
    Accept,
    /// Every change rejected: the document it was made from.
    Reject,
}

#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    pub view: View,
}

/// A block with what the DOCX says beside it.
#[derive(Debug, Clone, PartialEq)]
pub struct ReadBlock {
    /// The block; its `line` is the rank of its first paragraph among all
    /// the `w:p` of the document (table cells included, from 1), so that a
    /// message can say « paragraph 42 » where a text would say « line 42 »;
    /// a note's blocks take the rank of the paragraph calling it.
    pub block: TextBlock,
    /// Names of the bookmarks starting in this block or just before it.
    pub bookmarks: Vec<String>,
    /// The paragraph style's name (`heading 2`, `Titre article`), or its
    /// id when it has no name; `None` for tables.
    pub style: Option<String>,
    /// The comments anchored in this block (their range starts in it), by
    /// their rank in `DocxText::comments`.
    pub comments: Vec<usize>,
}

/// A reviewer's comment: Word's `w:comment`, LibreOffice's
/// `office:annotation`. Not text of the document: listed beside it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comment {
    pub author: String,
    /// As the file states it (ISO 8601), when it does.
    pub date: Option<String>,
    /// Its paragraphs, one line each.
    pub text: String,
}

/// The revisions and comments of a document, whatever the view read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tracked {
    /// Inserted runs (`w:ins`).
    pub insertions: usize,
    /// Deleted runs (`w:del`).
    pub deletions: usize,
    /// Moved runs (`w:moveTo`; their origin is a `w:moveFrom`).
    pub moves: usize,
    /// Paragraph marks inserted (a paragraph split or added) or deleted.
    pub inserted_marks: usize,
    pub deleted_marks: usize,
    /// Table rows inserted or deleted whole.
    pub inserted_rows: usize,
    pub deleted_rows: usize,
    /// Formatting changes (`w:rPrChange`, `w:pPrChange`…): not text.
    pub formatting: usize,
    /// Comments anchored in the text.
    pub comments: usize,
}

impl Tracked {
    /// Whether accepting and rejecting can give different texts.
    pub fn changes_text(&self) -> bool {
        self.insertions
            + self.deletions
            + self.moves
            + self.inserted_marks
            + self.deleted_marks
            + self.inserted_rows
            + self.deleted_rows
            > 0
    }

    fn add(&mut self, o: Tracked) {
        self.insertions += o.insertions;
        self.deletions += o.deletions;
        self.moves += o.moves;
        self.inserted_marks += o.inserted_marks;
        self.deleted_marks += o.deleted_marks;
        self.inserted_rows += o.inserted_rows;
        self.deleted_rows += o.deleted_rows;
        self.formatting += o.formatting;
        self.comments += o.comments;
    }
}

/// The core properties (`docProps/core.xml`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Properties {
    pub title: Option<String>,
    pub subject: Option<String>,
    pub creator: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DocxText {
    pub blocks: Vec<ReadBlock>,
    pub tracked: Tracked,
    pub properties: Properties,
    /// Content the reader saw but could not read as text, one line each
    /// (an embedded `w:altChunk` document): for the caller to warn about,
    /// since a word it holds is a word missing from the blocks.
    pub unread: Vec<String>,
    /// The comments, in the order of their anchors in the text (those
    /// whose anchor is lost last).
    pub comments: Vec<Comment>,
}

/// Reads a DOCX from its bytes. Errors are one line naming what is wrong
/// (« word/document.xml: malformed XML at byte 1234: … »); the caller adds
/// the file's name (`read_docx_file` does).
pub fn read_docx(bytes: &[u8], opts: &Options) -> Result<DocxText> {
    read(bytes, opts).map_err(Error::Docx)
}

/// Reads a DOCX file — or an ODT, known by its content —, opened once
/// through the bounded reader (a pipe or `/dev/stdin` too), refusing one
/// larger than clausier reads and naming what a file that is neither is
/// (« a PDF, not a Word document »).
pub fn read_docx_file(path: &std::path::Path, opts: &Options) -> Result<DocxText> {
    let input = crate::input::Input::read(path, crate::input::TEXT)?;
    if !matches!(input.kind(), crate::input::Kind::Zip | crate::input::Kind::FlatOdt) {
        return Err(input.not_a("a Word or LibreOffice document"));
    }
    read_word_processor(path, &input.bytes, opts)
}

/// Reads the bytes of a DOCX or an ODT (zipped or flat), known by their
/// content, not their name: every reader of an edited version reads both.
pub(crate) fn read_word_processor(path: &std::path::Path, bytes: &[u8], opts: &Options) -> Result<DocxText> {
    if super::odt::is_odt_bytes(bytes) {
        return super::odt::read_odt(bytes, opts).map_err(|e| e.unreadable_at(path));
    }
    read(bytes, opts).map_err(|e| Error::Import { path: path.to_path_buf(), why: e.into() })
}

fn read(bytes: &[u8], opts: &Options) -> std::result::Result<DocxText, Unreadable> {
    let mut pkg = package::Package::open(bytes)?;
    let root_rels = pkg.rels("")?;
    let main = root_rels
        .iter()
        .find(|r| r.kind == "officeDocument")
        .map(|r| r.target.clone())
        .unwrap_or_else(|| "word/document.xml".to_string());
    let core = root_rels
        .iter()
        .find(|r| r.kind == "core-properties")
        .map(|r| r.target.clone())
        .unwrap_or_else(|| "docProps/core.xml".to_string());
    let Some(doc) = pkg.read(&main)? else {
        return Err(Unreadable::NoMainPart { part: main });
    };
    let rels = pkg.rels(&main)?;
    let part = |kind: &str| rels.iter().find(|r| r.kind == kind).map(|r| r.target.clone());

    let mut styles = match part("styles") {
        Some(p) => match pkg.read(&p)? {
            Some(b) => styles::Styles::parse(&b, &p)?,
            None => styles::Styles::default(),
        },
        None => styles::Styles::default(),
    };
    let numbering = match part("numbering") {
        Some(p) => match pkg.read(&p)? {
            Some(b) => list_numbering::Numbering::parse(&b, &p)?,
            None => list_numbering::Numbering::default(),
        },
        None => list_numbering::Numbering::default(),
    };
    let (foot_fmt, end_fmt) = match part("settings") {
        Some(p) => match pkg.read(&p)? {
            Some(b) => note_numbering(&b, &p)?,
            None => default_note_numbering(),
        },
        None => default_note_numbering(),
    };

    let mut tracked = Tracked::default();
    let notes = |kind: &str,
                 root: &str,
                 pkg: &mut package::Package,
                 styles: &mut styles::Styles,
                 tracked: &mut Tracked|
     -> std::result::Result<Option<body::NoteMap>, Unreadable> {
        let Some(p) = part(kind) else { return Ok(None) };
        let Some(b) = pkg.read(&p)? else { return Ok(None) };
        let mut x = xml::Xml::new(&b, &p)?;
        let w = body::Walker::new(opts.view, styles, &numbering).walk(&mut x, &[root])?;
        tracked.add(w.tracked);
        Ok(Some(w.notes))
    };
    let comments = match part("comments") {
        Some(p) => match pkg.read(&p)? {
            Some(b) => {
                let mut x = xml::Xml::new(&b, &p)?;
                let w = body::Walker::new(opts.view, &mut styles, &numbering).walk(&mut x, &["comments"])?;
                Some((w.notes, w.comment_info))
            }
            None => None,
        },
        None => None,
    };
    let footnotes = notes("footnotes", "footnotes", &mut pkg, &mut styles, &mut tracked)?;
    let endnotes = notes("endnotes", "endnotes", &mut pkg, &mut styles, &mut tracked)?;

    let mut x = xml::Xml::new(&doc, &main)?;
    let w = body::Walker::new(opts.view, &mut styles, &numbering)
        .with_notes(footnotes.as_ref().map(|m| (m, foot_fmt)), endnotes.as_ref().map(|m| (m, end_fmt)))
        .walk(&mut x, &["document"])?;
    tracked.add(w.tracked);
    let unread = w.unread.clone();
    let mut blocks = w.blocks();
    let comments = match comments {
        Some((text, info)) => anchor_comments(&mut blocks, &text, &info),
        None => {
            // Anchors without a comments part name nothing to list.
            take_comment_anchors(&mut blocks);
            Vec::new()
        }
    };

    let properties = match pkg.read(&core)? {
        Some(b) => core_properties(&b, &core)?,
        None => Properties::default(),
    };
    Ok(DocxText { blocks, tracked, properties, unread, comments })
}

/// The comment anchors the walk left among the blocks' bookmarks, taken
/// out: each block's comment ids, in order.
fn take_comment_anchors(blocks: &mut [ReadBlock]) -> Vec<Vec<String>> {
    blocks
        .iter_mut()
        .map(|b| {
            if !b.bookmarks.iter().any(|n| n.starts_with(body::COMMENT_ANCHOR)) {
                return Vec::new();
            }
            let (ids, marks): (Vec<String>, Vec<String>) =
                std::mem::take(&mut b.bookmarks).into_iter().partition(|n| n.starts_with(body::COMMENT_ANCHOR));
            b.bookmarks = marks;
            ids.into_iter().map(|n| n[body::COMMENT_ANCHOR.len_utf8()..].to_string()).collect()
        })
        .collect()
}

/// The comments of the comments part, in the order of their anchors, each
/// block given the ranks of those anchored in it; comments whose anchor
/// is lost come last, in the part's order.
fn anchor_comments(
    blocks: &mut [ReadBlock],
    text: &body::NoteMap,
    info: &std::collections::HashMap<String, (String, Option<String>)>,
) -> Vec<Comment> {
    let mut ids: Vec<&String> = info.keys().collect();
    ids.sort_by_key(|id| (id.parse::<u64>().unwrap_or(u64::MAX), id.to_string()));
    let all = ids
        .into_iter()
        .map(|id| {
            let (author, date) = info.get(id).cloned().unwrap_or_default();
            let lines: Vec<String> =
                text.get(id).map(|bs| bs.iter().map(|b| block_text(&b.block)).collect()).unwrap_or_default();
            (id.clone(), Comment { author, date, text: lines.join("\n").trim().to_string() })
        })
        .collect();
    place_comments(blocks, all)
}

/// Comments read in their order, each anchored under its rank (the ODT
/// reader's annotations), placed as `anchor_comments` places them.
pub(crate) fn anchor_listed(blocks: &mut [ReadBlock], comments: Vec<Comment>) -> Vec<Comment> {
    place_comments(blocks, comments.into_iter().enumerate().map(|(k, c)| (k.to_string(), c)).collect())
}

/// Comments (by id) in the order of their anchors among the blocks, each
/// block given the ranks of those anchored in it, those never anchored
/// last, in the order given.
fn place_comments(blocks: &mut [ReadBlock], all: Vec<(String, Comment)>) -> Vec<Comment> {
    let anchors = take_comment_anchors(blocks);
    let mut by_id: std::collections::HashMap<String, Comment> = all.iter().cloned().collect();
    let mut out = Vec::new();
    for (b, ids) in blocks.iter_mut().zip(anchors) {
        for id in ids {
            if let Some(c) = by_id.remove(&id) {
                b.comments.push(out.len());
                out.push(c);
            }
        }
    }
    out.extend(all.into_iter().filter_map(|(id, _)| by_id.remove(&id)));
    out
}

/// A block's words as one line.
fn block_text(b: &TextBlock) -> String {
    match b {
        TextBlock::Alinea { alinea, .. } => alinea.text(),
        TextBlock::Heading { inlines, .. } => crate::model::inline_text(inlines),
        TextBlock::Rule { .. } => String::new(),
    }
}

fn default_note_numbering() -> (body::NoteNumbering, body::NoteNumbering) {
    (
        body::NoteNumbering { format: list_numbering::Format::Decimal, start: 1 },
        body::NoteNumbering { format: list_numbering::Format::LowerRoman, start: 1 },
    )
}

/// `w:footnotePr` and `w:endnotePr` of the settings: the format and first
/// number of notes.
fn note_numbering(
    bytes: &[u8],
    part: &str,
) -> std::result::Result<(body::NoteNumbering, body::NoteNumbering), Unreadable> {
    let (mut foot, mut end) = default_note_numbering();
    let mut x = xml::Xml::new(bytes, part)?;
    // Inside `w:footnotePr` (true) or `w:endnotePr` (false), opened at that depth.
    let mut inside: Option<(bool, usize)> = None;
    let mut depth = 0usize;
    loop {
        match x.next()? {
            xml::Node::Eof => break,
            xml::Node::Open { ns, e, empty } => {
                if ns == xml::Ns::W {
                    match (xml::local(&e), inside) {
                        (b"footnotePr", None) => inside = Some((true, depth)),
                        (b"endnotePr", None) => inside = Some((false, depth)),
                        (b"numFmt", Some((f, _))) => {
                            if let Some(fm) = x.attr(&e, b"val")?.and_then(|v| list_numbering::Format::parse(&v, None))
                            {
                                if f {
                                    foot.format = fm
                                } else {
                                    end.format = fm
                                }
                            }
                        }
                        (b"numStart", Some((f, _))) => {
                            let n = x.num(&e, b"val")?.map_or(1, |v| v.clamp(0, 1_000_000) as u32);
                            if f {
                                foot.start = n
                            } else {
                                end.start = n
                            }
                        }
                        _ => {}
                    }
                }
                if !empty {
                    depth += 1;
                } else if inside.is_some_and(|(_, d)| d == depth) {
                    inside = None;
                }
            }
            xml::Node::Close { .. } => {
                depth = depth.saturating_sub(1);
                if inside.is_some_and(|(_, d)| d == depth) {
                    inside = None;
                }
            }
            _ => {}
        }
    }
    Ok((foot, end))
}

fn core_properties(bytes: &[u8], part: &str) -> std::result::Result<Properties, Unreadable> {
    let mut p = Properties::default();
    let mut x = xml::Xml::new(bytes, part)?;
    let mut field: Option<u8> = None;
    let mut depth = 0usize;
    let mut text = String::new();
    loop {
        match x.next()? {
            xml::Node::Eof => break,
            xml::Node::Open { ns, e, empty } if !empty => {
                depth += 1;
                if depth == 2 && ns == xml::Ns::Dc {
                    field = match xml::local(&e) {
                        b"title" => Some(0),
                        b"subject" => Some(1),
                        b"creator" => Some(2),
                        _ => None,
                    };
                    text.clear();
                }
            }
            xml::Node::Text(t) if field.is_some() => text.push_str(&x.text(&t)?),
            xml::Node::CData(s) if field.is_some() => text.push_str(&s),
            xml::Node::Close { .. } => {
                if depth == 2 {
                    if let Some(f) = field.take() {
                        let v = text.trim().to_string();
                        if !v.is_empty() {
                            match f {
                                0 => p.title = Some(v),
                                1 => p.subject = Some(v),
                                _ => p.creator = Some(v),
                            }
                        }
                    }
                }
                depth = depth.saturating_sub(1);
            }
            _ => {}
        }
    }
    Ok(p)
}
