//! The ODT reader: an OpenDocument text (LibreOffice's own format, the one
//! the Référentiel général d'interopérabilité recommends to
//! administrations) read into the blocks the DOCX reader gives for the
//! same text, with the same facts beside each block (bookmarks, paragraph
//! style, comments), so that everything after the readers — the Word
//! round trip, the import — takes either.
//!
//! What it reads (`body.rs`): paragraphs and headings (`text:h`, or a
//! paragraph style with an outline level), spans with bold, italic,
//! underline and superscript, set directly or by a style (`styles.rs`);
//! list labels and heading numbers as LibreOffice shows them (list styles,
//! the outline numbering), lists restarting or going on as they say;
//! tables, covered cells kept in their columns; footnotes and endnotes as
//! the DOCX reader gives them (« (1) »); fields by their shown value;
//! text boxes after the paragraph holding them; bookmarks
//! (`text:bookmark`, `text:bookmark-start`: the `_cl_…` marks of the
//! divisions); LibreOffice's tracked changes, every one accepted or every
//! one rejected; annotations (`office:annotation`) as comments, with their
//! author and date, anchored where they start.
//!
//! The package is read as a DOCX is (`read::package`: entry count, sizes
//! and ratios checked before anything is inflated, every part read through
//! a cap), the XML as a DOCX part is (`read::xml`: no DTD, so no entity of
//! any kind, elements closed, namespaces bounded), and the walk keeps no
//! tree (`body.rs`): a hostile ODT costs what its bytes cost.

use crate::error::Unreadable;
use crate::error::{Error, Result};
use crate::read::docx::{Comment, DocxText, Options, Properties};
use crate::read::package::Package;
use crate::read::xml::{local, Node, Ns, Xml};

mod body;
mod styles;

/// The media types of an OpenDocument text (`.odt`) and its template.
use crate::input::ODT_MEDIA_TYPE as MEDIA_TYPE;

/// Reads an ODT from its bytes. Errors are one line naming what is wrong;
/// the caller adds the file's name.
pub fn read_odt(bytes: &[u8], opts: &Options) -> Result<DocxText> {
    if crate::input::is_flat_odt(bytes) {
        return read_flat(bytes, opts).map_err(Error::Docx);
    }
    read(bytes, opts).map_err(Error::Docx)
}

/// Whether bytes are an OpenDocument text: a flat ODT, or a zip package
/// whose `mimetype` entry says so (ODF puts it first, stored, so that its
/// bytes say it at once), or that has `content.xml` and none of a DOCX's
/// parts.
pub(crate) fn is_odt_bytes(bytes: &[u8]) -> bool {
    if crate::input::is_flat_odt(bytes) {
        return true;
    }
    if bytes.len() > 38 && &bytes[30..38] == b"mimetype" && bytes[38..].starts_with(MEDIA_TYPE) {
        return true;
    }
    let Ok(mut pkg) = Package::open_as(bytes, "ODT") else { return false };
    match pkg.read("mimetype") {
        Ok(Some(m)) => m.starts_with(MEDIA_TYPE),
        _ => pkg.has("content.xml") && !pkg.has("[Content_Types].xml"),
    }
}

fn read(bytes: &[u8], opts: &Options) -> std::result::Result<DocxText, Unreadable> {
    let mut pkg = Package::open_as(bytes, "ODT")?;
    let Some(content) = pkg.read("content.xml")? else {
        return Err(Unreadable::NoContent);
    };
    let mut styles = styles::Styles::default();
    if let Some(b) = pkg.read("styles.xml")? {
        styles.read(&b, "styles.xml")?;
    }
    let properties = match pkg.read("meta.xml")? {
        Some(b) => meta(&b, "meta.xml")?,
        None => Properties::default(),
    };
    body_of(&content, "content.xml", styles, properties, opts)
}

/// A flat ODT (`.fodt`: the whole document as one XML file, as
/// LibreOffice saves it for version control).
fn read_flat(bytes: &[u8], opts: &Options) -> std::result::Result<DocxText, Unreadable> {
    let properties = meta(bytes, "document.fodt")?;
    body_of(bytes, "document.fodt", styles::Styles::default(), properties, opts)
}

/// The body of `content.xml` (or of a flat ODT), its automatic styles
/// (P1, T1, L1…, at its head) added to `styles`.
fn body_of(
    bytes: &[u8],
    part: &str,
    mut styles: styles::Styles,
    properties: Properties,
    opts: &Options,
) -> std::result::Result<DocxText, Unreadable> {
    styles.read(bytes, part)?;
    let mut x = Xml::new(bytes, part)?;
    let w = body::Walker::new(opts.view, &styles).walk(&mut x)?;
    let tracked = w.tracked;
    let comments: Vec<Comment> = w.comments.clone();
    let unread = w.unread.clone();
    let mut blocks = w.blocks();
    let comments = crate::read::docx::anchor_listed(&mut blocks, comments);
    Ok(DocxText { blocks, tracked, properties, unread, comments })
}

/// `meta.xml` (or a flat ODT's `office:meta`, before its body): the title,
/// the subject, the author (the initial creator, else the last one).
fn meta(bytes: &[u8], part: &str) -> std::result::Result<Properties, Unreadable> {
    let mut p = Properties::default();
    let mut x = Xml::new(bytes, part)?;
    let mut field: Option<u8> = None;
    let mut text = String::new();
    let mut initial: Option<String> = None;
    loop {
        match x.next()? {
            Node::Eof => break,
            Node::Open { ns: Ns::Office, e, .. } if local(&e) == b"body" => break,
            Node::Open { ns, e, empty: false } => {
                field = match (ns, local(&e)) {
                    (Ns::Dc, b"title") => Some(0),
                    (Ns::Dc, b"subject") => Some(1),
                    (Ns::Dc, b"creator") => Some(2),
                    (Ns::Meta, b"initial-creator") => Some(3),
                    _ => None,
                };
                text.clear();
            }
            Node::Text(t) if field.is_some() && text.len() < 64 * 1024 => text.push_str(&x.text(&t)?),
            Node::Close { .. } => {
                let v = Some(text.trim().to_string()).filter(|v| !v.is_empty());
                match field.take() {
                    Some(0) => p.title = v,
                    Some(1) => p.subject = v,
                    Some(2) => p.creator = v,
                    Some(3) => initial = v,
                    _ => {}
                }
                text.clear();
            }
            _ => {}
        }
    }
    if initial.is_some() {
        p.creator = initial;
    }
    Ok(p)
}
