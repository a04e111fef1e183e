//! The package: a zip archive read with strict limits, and the
//! relationships that name its parts.
//!
//! A DOCX comes from outside (a legal service's mailbox), so the archive is
//! treated as hostile until measured: the number of entries, the sizes the
//! central directory declares and their compression ratio are checked
//! before anything is inflated (a zip bomb is refused at once, from its
//! directory), and every part is then read through a cap on the bytes that
//! actually come out, whatever its header claimed. Relationships are
//! followed only to parts inside the archive: an external target (a
//! linked template, an image on a server) is never opened, and a path that
//! climbs out of the archive (`../../x`) is ignored.

use std::collections::HashMap;
use std::io::{Cursor, Read};

/// More entries than any Word document has (the seed's DOCX has 12, a
/// 300-page report with images a few hundred).
const MAX_ENTRIES: usize = 10_000;
/// The most one XML part may inflate to. The seed's `document.xml` is
/// 300 KB; a 1 000-page convention would be about 30 MB.
const MAX_PART: u64 = 64 * 1024 * 1024;
/// The most all the parts read may inflate to together.
const MAX_READ: u64 = 128 * 1024 * 1024;
/// The most the entries may declare together (images included, though
/// they are never inflated).
const MAX_DECLARED: u64 = 1024 * 1024 * 1024;
/// XML compresses 5 to 20 times; a zip bomb a thousand times. Entries
/// smaller than `RATIO_FLOOR` are not judged on their ratio: they cannot
/// hurt, and a few thousand empty paragraphs do compress very well.
const MAX_RATIO: u64 = 100;
const RATIO_FLOOR: u64 = 16 * 1024 * 1024;

pub(crate) struct Package<'a> {
    zip: zip::ZipArchive<Cursor<&'a [u8]>>,
    /// Part names, normalised (no leading `/`, `/` for `\`, lower case:
    /// part names are case-insensitive in OPC) → entry index.
    names: HashMap<String, usize>,
    read: u64,
}

/// A relationship to a part inside the package.
#[derive(Debug, Clone)]
pub(crate) struct Rel {
    /// The last segment of the relationship type (`styles`, `numbering`,
    /// `footnotes`, `officeDocument`…), the same in transitional and strict.
    pub(crate) kind: String,
    /// The part's name in the archive.
    pub(crate) target: String,
}

use crate::error::{in_bytes as mib, Unreadable};

fn norm_name(name: &str) -> String {
    name.replace('\\', "/").trim_start_matches('/').to_lowercase()
}

impl<'a> Package<'a> {
    pub(crate) fn open(bytes: &'a [u8]) -> Result<Package<'a>, Unreadable> {
        Package::open_as(bytes, "DOCX")
    }

    /// A package meant to be `what` (« ODT »): the same limits, messages
    /// that name it.
    pub(crate) fn open_as(bytes: &'a [u8], what: &'static str) -> Result<Package<'a>, Unreadable> {
        let ext = what.to_lowercase();
        if !bytes.starts_with(b"PK") {
            let kind: String = if bytes.starts_with(b"\xD0\xCF\x11\xE0") {
                format!("an old Word 97-2003 .doc (save it as .{})", ext)
            } else if bytes.starts_with(b"{\\rtf") {
                format!("an RTF file (save it as .{})", ext)
            } else if bytes.starts_with(b"%PDF") {
                "a PDF".into()
            } else {
                "not a zip archive".into()
            };
            return Err(Unreadable::NotAPackage { kind: what, found: kind });
        }
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
            .map_err(|e| Unreadable::DamagedZip { kind: what, why: e.to_string() })?;
        if zip.len() > MAX_ENTRIES {
            return Err(Unreadable::TooManyEntries { entries: zip.len(), kind: what, max: MAX_ENTRIES });
        }
        let mut names = HashMap::with_capacity(zip.len());
        let mut declared: u64 = 0;
        for i in 0..zip.len() {
            let f = zip.by_index_raw(i).map_err(|e| Unreadable::DamagedEntry {
                kind: what,
                entry: i + 1,
                why: e.to_string(),
            })?;
            let size = f.size();
            let packed = f.compressed_size().max(1);
            let name = f.name().to_string();
            if size > RATIO_FLOOR && size / packed > MAX_RATIO {
                let why = format!(
                    "{} compressed into {} (ratio {}:1): refused as a zip bomb",
                    mib(size),
                    mib(packed),
                    size / packed
                );
                return Err(Unreadable::Part { part: name, why });
            }
            declared = declared.saturating_add(size);
            if declared > MAX_DECLARED {
                return Err(Unreadable::ZipBomb { max: MAX_DECLARED });
            }
            names.entry(norm_name(&name)).or_insert(i);
        }
        Ok(Package { zip, names, read: 0 })
    }

    /// Whether the archive has a part of this name.
    pub(crate) fn has(&self, name: &str) -> bool {
        self.names.contains_key(&norm_name(name))
    }

    /// The bytes of a part, `None` when the archive has no such part.
    pub(crate) fn read(&mut self, name: &str) -> Result<Option<Vec<u8>>, Unreadable> {
        let Some(&i) = self.names.get(&norm_name(name)) else { return Ok(None) };
        let refused = |why: String| Unreadable::Part { part: name.to_string(), why };
        let mut f = self.zip.by_index(i).map_err(|e| refused(format!("cannot be read ({})", e)))?;
        if f.size() > MAX_PART {
            return Err(refused(format!(
                "{} once inflated: refused (a part is at most {})",
                mib(f.size()),
                mib(MAX_PART)
            )));
        }
        let budget = MAX_READ - self.read;
        if f.size() > budget {
            return Err(refused(format!(
                "the parts read inflate to more than {}: refused as a zip bomb",
                mib(MAX_READ)
            )));
        }
        // Never more than the entry declares: a zip that lies about a size
        // is stopped at once, not after inflating what it hides.
        let cap = f.size();
        let mut buf = Vec::with_capacity(cap as usize);
        (&mut f).take(cap + 1).read_to_end(&mut buf).map_err(|e| refused(format!("cannot be inflated ({})", e)))?;
        let n = buf.len() as u64;
        if n > cap {
            let why = format!("inflates to more than its zip entry declares ({}): refused as a zip bomb", mib(cap));
            return Err(refused(why));
        }
        self.read += n;
        Ok(Some(buf))
    }

    /// The relationships of a part (`word/document.xml` →
    /// `word/_rels/document.xml.rels`; the package itself is `""`), internal
    /// targets only, resolved to part names.
    pub(crate) fn rels(&mut self, source: &str) -> Result<Vec<Rel>, Unreadable> {
        let (dir, file) = match source.rfind('/') {
            Some(k) => (&source[..k], &source[k + 1..]),
            None => ("", source),
        };
        let rels_name =
            if dir.is_empty() { format!("_rels/{}.rels", file) } else { format!("{}/_rels/{}.rels", dir, file) };
        let Some(bytes) = self.read(&rels_name)? else { return Ok(Vec::new()) };
        let mut xml = crate::read::xml::Xml::new(&bytes, &rels_name)?;
        let mut out = Vec::new();
        loop {
            match xml.next()? {
                crate::read::xml::Node::Open { e, .. } if crate::read::xml::local(&e) == b"Relationship" => {
                    if xml.attr(&e, b"TargetMode")?.is_some_and(|m| m.eq_ignore_ascii_case("External")) {
                        continue;
                    }
                    let (Some(kind), Some(target)) = (xml.attr(&e, b"Type")?, xml.attr(&e, b"Target")?) else {
                        continue;
                    };
                    let kind = kind.rsplit('/').next().unwrap_or("").to_string();
                    if let Some(target) = resolve(dir, &target) {
                        out.push(Rel { kind, target });
                    }
                }
                crate::read::xml::Node::Eof => break,
                _ => {}
            }
        }
        Ok(out)
    }
}

/// A relationship target as a part name: relative to the source's folder,
/// or absolute from the package root; `None` for a URL or a path that
/// climbs out of the package.
fn resolve(dir: &str, target: &str) -> Option<String> {
    if target.contains("://") || target.starts_with("//") {
        return None;
    }
    let target = percent_decode(target);
    let mut parts: Vec<&str> =
        if target.starts_with('/') { Vec::new() } else { dir.split('/').filter(|s| !s.is_empty()).collect() };
    for seg in target.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

fn percent_decode(s: &str) -> String {
    if !s.contains('%') {
        return s.to_string();
    }
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut k = 0;
    while k < b.len() {
        if b[k] == b'%' && k + 2 < b.len() {
            let hex = |c: u8| (c as char).to_digit(16);
            if let (Some(h), Some(l)) = (hex(b[k + 1]), hex(b[k + 2])) {
                out.push((h * 16 + l) as u8);
                k += 3;
                continue;
            }
        }
        out.push(b[k]);
        k += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_stay_inside_the_package() {
        assert_eq!(resolve("word", "styles.xml").as_deref(), Some("word/styles.xml"));
        assert_eq!(resolve("word", "/word/numbering.xml").as_deref(), Some("word/numbering.xml"));
        assert_eq!(resolve("word", "../docProps/core.xml").as_deref(), Some("docProps/core.xml"));
        assert_eq!(resolve("", "word/document.xml").as_deref(), Some("word/document.xml"));
        assert_eq!(resolve("word", "../../etc/passwd"), None);
        assert_eq!(resolve("word", "http://example.com/x.xml"), None);
        assert_eq!(resolve("word", "media/image%201.png").as_deref(), Some("word/media/image 1.png"));
    }
}
