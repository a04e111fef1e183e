//! The XML layer: quick-xml's namespace-aware reader over one part, with
//! the checks every part gets (no DTD, elements closed, UTF-8) and errors
//! that name the part and the byte.
//!
//! The DOCX and ODT readers share it (WordprocessingML and OpenDocument).
//!
//! Elements are matched by namespace URI and local name, never by prefix:
//! Word writes `w:`, but other programs may bind the same namespace to any
//! prefix, and Strict OOXML uses another URI for the same vocabulary.

use quick_xml::events::{BytesEnd, BytesStart, BytesText, Event};
use quick_xml::name::{Namespace, ResolveResult};
use quick_xml::NsReader;

use crate::error::Unreadable;

/// The vocabularies the reader understands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ns {
    /// WordprocessingML (transitional or strict).
    W,
    /// Markup compatibility (`mc:AlternateContent`).
    Mc,
    /// Office Math: its `m:t` carry words.
    M,
    /// Dublin Core, for the title, subject and creator.
    Dc,
    /// Package relationships.
    Rel,
    /// OpenDocument: `office:`, `text:`, `table:`, `style:`, `draw:`, `meta:`.
    Office,
    Text,
    Table,
    Style,
    Draw,
    Meta,
    Other,
}

fn ns_of(r: &ResolveResult) -> Ns {
    match r {
        ResolveResult::Bound(Namespace(n)) => match *n {
            b"http://schemas.openxmlformats.org/wordprocessingml/2006/main"
            | b"http://purl.oclc.org/ooxml/wordprocessingml/main" => Ns::W,
            b"http://schemas.openxmlformats.org/markup-compatibility/2006" => Ns::Mc,
            b"http://schemas.openxmlformats.org/officeDocument/2006/math"
            | b"http://purl.oclc.org/ooxml/officeDocument/math" => Ns::M,
            b"http://purl.org/dc/elements/1.1/" => Ns::Dc,
            b"http://schemas.openxmlformats.org/package/2006/relationships" => Ns::Rel,
            b"urn:oasis:names:tc:opendocument:xmlns:office:1.0" => Ns::Office,
            b"urn:oasis:names:tc:opendocument:xmlns:text:1.0" => Ns::Text,
            b"urn:oasis:names:tc:opendocument:xmlns:table:1.0" => Ns::Table,
            b"urn:oasis:names:tc:opendocument:xmlns:style:1.0" => Ns::Style,
            b"urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" => Ns::Draw,
            b"urn:oasis:names:tc:opendocument:xmlns:meta:1.0" => Ns::Meta,
            _ => Ns::Other,
        },
        _ => Ns::Other,
    }
}

/// One step through a part.
pub(crate) enum Node<'i> {
    /// An opening tag; `empty` when it closes at once (`<w:b/>`).
    Open {
        ns: Ns,
        e: BytesStart<'i>,
        empty: bool,
    },
    Close {
        ns: Ns,
        e: BytesEnd<'i>,
    },
    Text(BytesText<'i>),
    /// A CDATA section: text, taken literally.
    CData(String),
    Eof,
}

pub(crate) struct Xml<'i> {
    r: NsReader<&'i [u8]>,
    part: String,
    depth: usize,
    /// Namespace declarations in scope, and how many each open element made.
    bindings: usize,
    declared: Vec<u32>,
}

/// More namespace declarations in scope than any real part has (Word puts
/// about 40 on the root): each element's prefix is looked up among them,
/// so their number must stay small for the reading to stay linear.
const MAX_BINDINGS: usize = 1000;

fn declarations(e: &BytesStart) -> u32 {
    e.attributes().with_checks(false).flatten().filter(|a| a.key.as_ref().starts_with(b"xmlns")).count() as u32
}

impl<'i> Xml<'i> {
    pub(crate) fn new(bytes: &'i [u8], part: &str) -> Result<Xml<'i>, Unreadable> {
        if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
            let why = "encoded in UTF-16, which clausier does not read (Word writes UTF-8)".to_string();
            return Err(Unreadable::Part { part: part.to_string(), why });
        }
        let bytes = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF][..]).unwrap_or(bytes);
        let mut r = NsReader::from_reader(bytes);
        let c = r.config_mut();
        c.trim_text(false);
        c.check_end_names = true;
        c.expand_empty_elements = false;
        Ok(Xml { r, part: part.to_string(), depth: 0, bindings: 0, declared: Vec::new() })
    }

    pub(crate) fn part(&self) -> &str {
        &self.part
    }

    /// The error for a malformed part, at the byte where reading stopped.
    pub(crate) fn malformed(&self, what: impl std::fmt::Display) -> Unreadable {
        Unreadable::MalformedXml { part: self.part.clone(), byte: self.r.buffer_position(), what: what.to_string() }
    }

    /// The error for a part refused for a reason of its own.
    pub(crate) fn refused(&self, why: String) -> Unreadable {
        Unreadable::Part { part: self.part.clone(), why }
    }

    fn too_many_bindings(&self) -> Unreadable {
        self.refused(format!("more than {} namespace declarations in scope: refused", MAX_BINDINGS))
    }

    pub(crate) fn next(&mut self) -> Result<Node<'i>, Unreadable> {
        loop {
            let (res, ev) = match self.r.read_resolved_event() {
                Ok(x) => x,
                Err(e) => return Err(self.malformed(e)),
            };
            let ns = ns_of(&res);
            return Ok(match ev {
                Event::Start(e) => {
                    self.depth += 1;
                    let n = declarations(&e);
                    self.bindings += n as usize;
                    self.declared.push(n);
                    if self.bindings > MAX_BINDINGS {
                        return Err(self.too_many_bindings());
                    }
                    Node::Open { ns, e, empty: false }
                }
                Event::Empty(e) => {
                    if self.bindings + declarations(&e) as usize > MAX_BINDINGS {
                        return Err(self.too_many_bindings());
                    }
                    Node::Open { ns, e, empty: true }
                }
                Event::End(e) => {
                    self.depth = self.depth.saturating_sub(1);
                    self.bindings -= self.declared.pop().unwrap_or(0) as usize;
                    Node::Close { ns, e }
                }
                Event::Text(t) => Node::Text(t),
                Event::CData(c) => match std::str::from_utf8(&c) {
                    Ok(s) => Node::CData(s.to_string()),
                    Err(e) => return Err(self.malformed(e)),
                },
                Event::DocType(_) => {
                    return Err(
                        self.refused("has a DTD (<!DOCTYPE …>), which a DOCX or ODT part never has: refused".into())
                    )
                }
                Event::Eof => {
                    if self.depth > 0 {
                        return Err(self.refused(format!(
                            "ends with {} element(s) still open (a truncated or damaged file)",
                            self.depth
                        )));
                    }
                    Node::Eof
                }
                Event::Decl(_) | Event::PI(_) | Event::Comment(_) => continue,
            });
        }
    }

    /// The namespace of an element just opened, in words, for a message:
    /// « the prefix w: is not bound to a namespace (no xmlns:w) », « the
    /// namespace urn:x ».
    pub(crate) fn namespace_of(&self, e: &BytesStart<'_>) -> String {
        let prefix = e.name().prefix().map(|p| String::from_utf8_lossy(p.as_ref()).to_string());
        match (self.r.resolve_element(e.name()).0, prefix) {
            (ResolveResult::Bound(Namespace(n)), _) => format!("the namespace {}", String::from_utf8_lossy(n)),
            (_, Some(p)) => format!("the prefix {}: is not bound to a namespace (no xmlns:{})", p, p),
            (_, None) => "no namespace".to_string(),
        }
    }

    /// The text of a text node, entities decoded.
    pub(crate) fn text(&self, t: &BytesText<'i>) -> Result<String, Unreadable> {
        t.unescape().map(|c| c.into_owned()).map_err(|e| self.malformed(e))
    }

    /// The value of the attribute with this local name (`w:val` → `val`),
    /// whatever its prefix.
    pub(crate) fn attr(&self, e: &BytesStart<'_>, local: &[u8]) -> Result<Option<String>, Unreadable> {
        // Without the duplicate check, which compares each attribute with
        // all those before it: an element with 100 000 attributes must not
        // cost 10^10 comparisons.
        for a in e.attributes().with_checks(false) {
            let a = a.map_err(|err| self.malformed(err))?;
            if a.key.local_name().as_ref() == local {
                return a.unescape_value().map(|v| Some(v.into_owned())).map_err(|err| self.malformed(err));
            }
        }
        Ok(None)
    }

    /// `w:val` read as a number; absent or not a number is `None`.
    pub(crate) fn num(&self, e: &BytesStart<'_>, local: &[u8]) -> Result<Option<i64>, Unreadable> {
        Ok(self.attr(e, local)?.and_then(|v| v.trim().parse().ok()))
    }
}

/// An on/off property (`<w:b/>`, `<w:b w:val="0"/>`, `w:val="false"`).
pub(crate) fn on_off(v: Option<&str>) -> bool {
    !matches!(v.map(str::trim), Some("0") | Some("false") | Some("off") | Some("none"))
}

/// The local name of an opening tag, as text.
pub(crate) fn local<'a>(e: &'a BytesStart<'_>) -> &'a [u8] {
    let n = e.name().0;
    match n.iter().position(|b| *b == b':') {
        Some(k) => &n[k + 1..],
        None => n,
    }
}

pub(crate) fn local_end<'a>(e: &'a BytesEnd<'_>) -> &'a [u8] {
    let n = e.name().0;
    match n.iter().position(|b| *b == b':') {
        Some(k) => &n[k + 1..],
        None => n,
    }
}
