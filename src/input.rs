//! What the user gives clausier to read: a file, a pipe, a FIFO,
//! `/dev/stdin`, a process substitution (`<(…)`). Each is opened once and
//! read through one bounded reader; what it is (a Word document, a PDF, an
//! RTF file, UTF-16 text…) is told from the bytes read, never by opening
//! the path again: a pipe gives its bytes once, and a FIFO opened twice
//! waits for a second writer that never comes.

use crate::error::{Error, Result};
use std::io::Read;
use std::path::{Path, PathBuf};

/// The most clausier reads of one input, and what such an input is called
/// in the message that refuses a larger one (« clausier reads texts up to
/// 32 MB »). A convention of 110 KB is a big one: the caps are far above
/// real use and far below what would exhaust memory.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Cap {
    pub(crate) bytes: u64,
    /// Plural noun: « texts », « manifests », « change sets »…
    pub(crate) what: &'static str,
}

const MB: u64 = 1024 * 1024;
/// A text to import, a clause fragment, a Word document (zipped).
pub(crate) const TEXT: Cap = Cap { bytes: 32 * MB, what: "texts and Word documents" };
/// A source's `manifest.json`.
pub(crate) const MANIFEST: Cap = Cap { bytes: 32 * MB, what: "manifests" };
/// A change set (an avenant's JSON).
pub(crate) const CHANGE_SET: Cap = Cap { bytes: 32 * MB, what: "change sets" };
/// The marker of a folder clausier wrote (one line per file).
pub(crate) const MARKER: Cap = Cap { bytes: 16 * MB, what: "output markers" };

impl Cap {
    fn refuse(self, path: &Path, size: Option<u64>) -> Error {
        let mb = |n: u64| format!("{} MB", n / MB);
        let msg = match size {
            Some(n) => format!("{}: too large (clausier reads {} up to {})", mb(n), self.what, mb(self.bytes)),
            None => format!(
                "more than {}: too large (clausier reads {} up to {})",
                mb(self.bytes),
                self.what,
                mb(self.bytes)
            ),
        };
        Error::Io { path: path.to_path_buf(), msg }
    }
}

/// What the first bytes of an input say it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A zip package: a DOCX (or another OOXML or ODF file).
    Zip,
    /// A flat ODT (`.fodt`): LibreOffice's document as one XML file.
    FlatOdt,
    Pdf,
    Rtf,
    /// A Word 97-2003 `.doc` (an OLE compound file).
    OldWord,
    /// UTF-16 text, with its byte order mark or without.
    Utf16 {
        bom: bool,
    },
    /// Bytes that are no text (NUL bytes in the first 4 KB).
    Binary,
    /// Anything else: read as UTF-8, which says where it is not.
    Text,
}

impl Kind {
    /// What the input is, in words (« a PDF »), for messages.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Kind::Zip => "a zip package",
            Kind::FlatOdt => "a flat OpenDocument text (.fodt)",
            Kind::Pdf => "a PDF",
            Kind::Rtf => "an RTF document",
            Kind::OldWord => "a Word 97-2003 document (.doc)",
            Kind::Utf16 { bom: true } => "text encoded in UTF-16",
            Kind::Utf16 { bom: false } => "text encoded in UTF-16 without a byte order mark",
            Kind::Binary => "a binary file",
            Kind::Text => "text",
        }
    }

    /// What to do about it, for messages.
    pub(crate) fn hint(self) -> &'static str {
        match self {
            Kind::Pdf => "clausier does not read PDF: give the Word document or the text",
            Kind::Rtf | Kind::OldWord => "save it as .docx (Word document) first",
            Kind::Utf16 { .. } => "save it as UTF-8 first",
            _ => "give a text (UTF-8) or a Word or LibreOffice document (.docx, .odt)",
        }
    }
}

/// How many leading bytes are looked at to tell binary from text.
const SNIFF: usize = 4096;

/// What bytes are, by their first bytes (never by a file's name).
pub(crate) fn sniff(b: &[u8]) -> Kind {
    let head = &b[..b.len().min(SNIFF)];
    if b.starts_with(b"PK\x03\x04") || b.starts_with(b"PK\x05\x06") {
        Kind::Zip
    } else if is_flat_odt(head) {
        Kind::FlatOdt
    } else if b.starts_with(b"%PDF") {
        Kind::Pdf
    } else if b.starts_with(b"{\\rtf") {
        Kind::Rtf
    } else if b.starts_with(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1") {
        Kind::OldWord
    } else if b.starts_with(b"\xFF\xFE") || b.starts_with(b"\xFE\xFF") {
        Kind::Utf16 { bom: true }
    } else if utf16_without_bom(head) {
        Kind::Utf16 { bom: false }
    } else if head.contains(&0) {
        Kind::Binary
    } else {
        Kind::Text
    }
}

/// Text in UTF-16 without a byte order mark: in Latin text every other
/// byte is NUL (the high byte of ASCII letters), at even offsets (big
/// endian) or odd ones (little endian), and never both.
fn utf16_without_bom(head: &[u8]) -> bool {
    if head.len() < 4 {
        return false;
    }
    let pairs = head.len() / 2;
    let even = head.iter().step_by(2).take(pairs).filter(|b| **b == 0).count();
    let odd = head.iter().skip(1).step_by(2).take(pairs).filter(|b| **b == 0).count();
    let (zeros, others) = if even > odd { (even, odd) } else { (odd, even) };
    zeros * 10 >= pairs * 7 && others * 20 <= pairs
}

/// An input, read whole (up to its cap).
#[derive(Debug)]
pub(crate) struct Input {
    pub(crate) path: PathBuf,
    pub(crate) bytes: Vec<u8>,
}

impl Input {
    /// Opens `path` once and reads it through a reader that stops past
    /// `cap`: a regular file larger than the cap is refused from its size,
    /// a pipe or a device (`/dev/zero`) once the cap is read.
    pub(crate) fn read(path: &Path, cap: Cap) -> Result<Input> {
        let meta = std::fs::metadata(path).map_err(|e| Error::io(path, e))?;
        if meta.is_dir() {
            return Err(Error::Io { path: path.to_path_buf(), msg: "is a folder, where a file was expected".into() });
        }
        if meta.is_file() && meta.len() > cap.bytes {
            return Err(cap.refuse(path, Some(meta.len())));
        }
        let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
        Input::from_file(file, path, cap)
    }

    /// Reads a file already opened, through the same bounded reader.
    pub(crate) fn from_file(file: std::fs::File, path: &Path, cap: Cap) -> Result<Input> {
        // What was opened, not what the path named a moment before.
        let meta = file.metadata().map_err(|e| Error::io(path, e))?;
        let expected = if meta.is_file() {
            if meta.len() > cap.bytes {
                return Err(cap.refuse(path, Some(meta.len())));
            }
            meta.len() as usize
        } else {
            0
        };
        let mut bytes = Vec::with_capacity(expected.saturating_add(1));
        file.take(cap.bytes + 1).read_to_end(&mut bytes).map_err(|e| Error::io(path, e))?;
        if bytes.len() as u64 > cap.bytes {
            return Err(cap.refuse(path, None));
        }
        Ok(Input { path: path.to_path_buf(), bytes })
    }

    pub(crate) fn kind(&self) -> Kind {
        sniff(&self.bytes)
    }

    /// The error for an input that is not what was expected: « fake.docx
    /// is a PDF, not a Word document: … ».
    pub(crate) fn not_a(&self, expected: &str) -> Error {
        let k = self.kind();
        Error::Io { path: self.path.clone(), msg: format!("is {}, not {}: {}", k.name(), expected, k.hint()) }
    }

    /// The input as UTF-8 text: a byte order mark dropped, a document of
    /// another kind (a DOCX, a PDF, UTF-16…) refused by name, an invalid
    /// byte named by its line. (Control characters are text: the writers
    /// drop those XML cannot hold.)
    pub(crate) fn text(self, expected: &str) -> Result<String> {
        if !matches!(self.kind(), Kind::Text | Kind::Binary) {
            return Err(self.not_a(expected));
        }
        let Input { path, mut bytes } = self;
        if bytes.starts_with(b"\xEF\xBB\xBF") {
            bytes.drain(..3);
        }
        String::from_utf8(bytes).map_err(|e| {
            let good = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            let line = good.iter().filter(|b| **b == b'\n').count() + 1;
            let byte = good.len() - good.iter().rposition(|b| *b == b'\n').map_or(0, |p| p + 1) + 1;
            Error::Utf8 { path, line, byte }
        })
    }
}

/// Reads a file as UTF-8 (a manifest, a fragment, a change set), at most
/// `cap`, naming the line of the first invalid byte. A byte order mark at
/// the start (Notepad writes one) is dropped.
pub(crate) fn read_utf8(path: &Path, cap: Cap, expected: &str) -> Result<String> {
    Input::read(path, cap)?.text(expected)
}

/// The media type an OpenDocument text declares (ODF 1.3, part 2, 3.3).
pub(crate) const ODT_MEDIA_TYPE: &[u8] = b"application/vnd.oasis.opendocument.text";

/// Whether bytes are a flat ODT: an XML document whose root says it is an
/// OpenDocument text.
pub(crate) fn is_flat_odt(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(4096)];
    let head = head.strip_prefix(&[0xEF, 0xBB, 0xBF][..]).unwrap_or(head);
    let start = head.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(head.len());
    head[start..].starts_with(b"<")
        && head.windows(15).any(|w| w == b"office:document")
        && head.windows(ODT_MEDIA_TYPE.len()).any(|w| w == ODT_MEDIA_TYPE)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_the_first_bytes_say() {
        assert_eq!(sniff(b"PK\x03\x04rest"), Kind::Zip);
        assert_eq!(sniff(b"%PDF-1.7\n"), Kind::Pdf);
        assert_eq!(sniff(b"{\\rtf1\\ansi"), Kind::Rtf);
        assert_eq!(sniff(b"\xFF\xFEC\0o\0"), Kind::Utf16 { bom: true });
        let le: Vec<u8> = "Convention de coopération".encode_utf16().flat_map(u16::to_le_bytes).collect();
        let be: Vec<u8> = "Convention de coopération".encode_utf16().flat_map(u16::to_be_bytes).collect();
        assert_eq!(sniff(&le), Kind::Utf16 { bom: false });
        assert_eq!(sniff(&be), Kind::Utf16 { bom: false });
        assert_eq!(sniff(b"abc\0\0\0\x01\x02\0\0\xff\0"), Kind::Binary);
        assert_eq!(sniff("# Convention\n\nTexte.".as_bytes()), Kind::Text);
        assert_eq!(sniff(b""), Kind::Text);
    }
}
