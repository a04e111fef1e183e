//! PDF/A-2b out of clausier: the document written in a word-processing
//! format (DOCX by default, as it is signed and checked), laid out by
//! LibreOffice with its PDF/A-2b export (fonts embedded, an sRGB output
//! intent, tagged, title, author and language fr-FR in the metadata), then
//! made reproducible: the same document always gives the same bytes.
//!
//! LibreOffice stamps each export with the time (the creation date, in the
//! document information and in the XMP metadata, and inside its sRGB colour
//! profile) and with identifiers computed from it (the file `/ID`, its own
//! `/DocChecksum`). The dates are blanked (no date rather than an invented
//! one: PDF/A asks only that the two say the same when present), the
//! profile's date is set to the one the zip parts of a DOCX carry
//! (1980-01-01), and the identifiers become a hash of the content. Every
//! object that moves is re-indexed in the cross-reference table, so the
//! file stays a valid PDF.

use super::libreoffice::{Job, LaidOut, LibreOffice};
use super::{Options, Writer};
use crate::error::{Error, Result, ToolFailure};
use crate::model::Document;
use sha2::{Digest, Sha256};
use std::io::{Read, Write};
use std::path::Path;

/// A document to lay out as PDF/A.
pub(crate) struct Piece<'a> {
    /// Its file name without extension, as LibreOffice sees it and errors name it.
    pub name: String,
    /// The writer of the document laid out (`docx`, `odt`, `tableau`…); a
    /// PDF row of the table stands for the format it is laid out from.
    pub writer: &'static Writer,
    pub doc: &'a Document,
    /// How it is written; its `pages` are the layout's to fill.
    pub opts: Options<'a>,
}

/// Lays the pieces out as PDF/A-2b in one LibreOffice run per pass (a pass
/// more while a sommaire's page numbers settle), each PDF byte-reproducible.
/// Gives, per piece, the document as laid out (its sommaire numbered with
/// the pages the PDF shows) and its PDF. `scratch` is where LibreOffice's
/// working files go (an existing directory; they are removed).
///
/// This is the function the other parts of clausier (the councils' dossier)
/// call to have a document in PDF/A.
pub(crate) fn pdf_a(pieces: &[Piece], scratch: &Path) -> Result<Vec<LaidOut>> {
    let lo = LibreOffice::find()?;
    let jobs: Vec<Job> = pieces
        .iter()
        .map(|p| {
            let writer = p.writer.laid_out_from();
            Job {
                name: format!("{}.{}", p.name, writer.extensions[0]),
                write: Box::new(move |pages| (writer.write)(p.doc, &Options { pages, ..p.opts.clone() })),
            }
        })
        .collect();
    let mut out = lo.lay_out(&jobs, scratch)?;
    for (l, j) in out.iter_mut().zip(&jobs) {
        l.pdf = reproducible(&l.pdf).map_err(|why| Error::Tool {
            tool: "LibreOffice",
            why: ToolFailure::NotReproducible { name: j.name.clone(), why: why.to_string() },
        })?;
    }
    Ok(out)
}

/// The date the colour profile says it was made: the zip parts' 1980-01-01.
const PROFILE_DATE: [u16; 6] = [1980, 1, 1, 0, 0, 0];

/// One change to the file: bytes `start..end` become `with`.
struct Edit {
    start: usize,
    end: usize,
    with: Vec<u8>,
}

fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    hay.get(from..)?.windows(needle.len()).position(|w| w == needle).map(|k| k + from)
}

/// The decimal number at `at` (after optional spaces), and where it ends.
fn number(pdf: &[u8], at: usize) -> Option<(usize, usize)> {
    let start = at + pdf.get(at..)?.iter().take_while(|b| b.is_ascii_whitespace()).count();
    let len = pdf[start..].iter().take_while(|b| b.is_ascii_digit()).count();
    let n = std::str::from_utf8(&pdf[start..start + len]).ok()?.parse().ok()?;
    Some((n, start + len))
}

/// Where object `n` starts (`n 0 obj`), by the cross-reference table.
fn object(pdf: &[u8], n: usize) -> Option<usize> {
    let head = format!("\n{} 0 obj", n);
    find(pdf, head.as_bytes(), 0).map(|k| k + 1)
}

/// The colour profile of the output intent, its date fixed: the stream
/// recompressed, and its length (a separate object or a direct number).
fn profile_edits(pdf: &[u8]) -> std::result::Result<Vec<Edit>, String> {
    let Some(at) = find(pdf, b"/DestOutputProfile", 0) else { return Ok(Vec::new()) };
    let (n, _) = number(pdf, at + "/DestOutputProfile".len()).ok_or("no profile object")?;
    let obj = object(pdf, n).ok_or("the profile object is missing")?;
    let dict_end = find(pdf, b"stream", obj).ok_or("the profile has no stream")?;
    let dict = &pdf[obj..dict_end];
    if find(dict, b"/FlateDecode", 0).is_none() {
        return Ok(Vec::new());
    }
    let data_start = dict_end + "stream".len() + if pdf.get(dict_end + 6) == Some(&b'\r') { 2 } else { 1 };
    // Its length: `/Length 393 0 R` (an object of its own) or `/Length 3456`;
    // the data are exactly that long (a last byte may well be a newline).
    let l = find(dict, b"/Length", 0).ok_or("the profile stream has no length")?;
    let (value, value_end) = number(dict, l + "/Length".len()).ok_or("the profile's length is unreadable")?;
    let rest = &dict[value_end..];
    let indirect = rest.iter().skip_while(|b| b.is_ascii_whitespace()).take(1).eq(b"0".iter())
        && find(rest, b"R", 0).is_some_and(|r| r < 6);
    let (len, len_span) = if indirect {
        let lobj = object(pdf, value).ok_or("the profile's length object is missing")?;
        let after = find(pdf, b"obj", lobj).ok_or("bad length object")? + 3;
        let (n, n_end) = number(pdf, after).ok_or("bad length object")?;
        (n, (n_end - pdf[..n_end].iter().rev().take_while(|b| b.is_ascii_digit()).count(), n_end))
    } else {
        let end = obj + value_end;
        (value, (end - dict[..value_end].iter().rev().take_while(|b| b.is_ascii_digit()).count(), end))
    };
    let end = data_start + len;
    if end > pdf.len() {
        return Err("the profile stream is shorter than its length".into());
    }
    let mut icc = Vec::new();
    flate2::read::ZlibDecoder::new(&pdf[data_start..end]).read_to_end(&mut icc).map_err(|e| e.to_string())?;
    if icc.len() < 40 || &icc[36..40] != b"acsp" {
        return Err("the output intent's profile is not an ICC profile".into());
    }
    for (k, v) in PROFILE_DATE.iter().enumerate() {
        icc[24 + 2 * k..26 + 2 * k].copy_from_slice(&v.to_be_bytes());
    }
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::new(6));
    z.write_all(&icc).map_err(|e| e.to_string())?;
    let packed = z.finish().map_err(|e| e.to_string())?;
    let edits = vec![
        Edit { start: len_span.0, end: len_span.1, with: packed.len().to_string().into_bytes() },
        Edit { start: data_start, end, with: packed },
    ];
    Ok(edits)
}

/// Same-length blanks: the dates of the information dictionary and of the
/// XMP metadata become spaces (whitespace in both syntaxes).
fn date_edits(pdf: &[u8]) -> Vec<Edit> {
    let mut edits = Vec::new();
    for key in [&b"/CreationDate"[..], b"/ModDate"] {
        let mut from = 0;
        while let Some(k) = find(pdf, key, from) {
            let Some(close) = find(pdf, b")", k) else { break };
            edits.push(Edit { start: k, end: close + 1, with: vec![b' '; close + 1 - k] });
            from = close + 1;
        }
    }
    for tag in ["xmp:CreateDate", "xmp:ModifyDate", "xmp:MetadataDate"] {
        let (open, close) = (format!("<{}>", tag), format!("</{}>", tag));
        let mut from = 0;
        while let Some(k) = find(pdf, open.as_bytes(), from) {
            let Some(e) = find(pdf, close.as_bytes(), k) else { break };
            let end = e + close.len();
            edits.push(Edit { start: k, end, with: vec![b' '; end - k] });
            from = end;
        }
    }
    edits
}

/// The hexadecimal strings of `/ID [<…><…>]` and LibreOffice's
/// `/DocChecksum /…`, each `(start, end)`.
fn identifier_spans(pdf: &[u8]) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let trailer = pdf.windows(7).rposition(|w| w == b"trailer").unwrap_or(0);
    if let Some(id) = find(pdf, b"/ID", trailer) {
        let mut at = id;
        for _ in 0..2 {
            let Some(open) = find(pdf, b"<", at) else { break };
            let Some(close) = find(pdf, b">", open) else { break };
            spans.push((open + 1, close));
            at = close + 1;
        }
    }
    if let Some(c) = find(pdf, b"/DocChecksum", trailer) {
        let start = find(pdf, b"/", c + 1).unwrap_or(c);
        let len = pdf[start + 1..].iter().take_while(|b| b.is_ascii_hexdigit()).count();
        spans.push((start + 1, start + 1 + len));
    }
    spans
}

/// Applies the edits (none overlapping) and re-indexes the objects: every
/// offset of the cross-reference table, and `startxref`.
fn apply(pdf: &[u8], mut edits: Vec<Edit>) -> std::result::Result<Vec<u8>, String> {
    edits.sort_by_key(|e| e.start);
    let shifts: Vec<(usize, isize)> =
        edits.iter().map(|e| (e.end, e.with.len() as isize - (e.end - e.start) as isize)).collect();
    let moved = |old: usize| -> usize {
        (old as isize + shifts.iter().filter(|(end, _)| *end <= old).map(|(_, d)| d).sum::<isize>()) as usize
    };
    let sx = pdf.windows(9).rposition(|w| w == b"startxref").ok_or("no startxref")?;
    let (xref, sx_end) = number(pdf, sx + 9).ok_or("unreadable startxref")?;
    if pdf.get(xref..xref + 4) != Some(b"xref") {
        return Err("the cross-reference table is not where startxref says (or is a stream)".into());
    }
    // Offsets of the table: ten digits at the start of each 20-byte entry.
    let mut entries = Vec::new();
    let mut at = xref + 4;
    loop {
        let (first, e1) = number(pdf, at).ok_or("unreadable xref")?;
        let (count, e2) = number(pdf, e1).ok_or("unreadable xref")?;
        let _ = first;
        let mut k = e2 + pdf[e2..].iter().take_while(|b| b.is_ascii_whitespace()).count();
        for _ in 0..count {
            if pdf.get(k + 17) == Some(&b'n') {
                entries.push(k);
            }
            k += 20;
        }
        at = k;
        let next = at + pdf[at..].iter().take_while(|b| b.is_ascii_whitespace()).count();
        if pdf[next..].starts_with(b"trailer") {
            break;
        }
    }
    for k in &entries {
        let (old, _) = number(pdf, *k).ok_or("unreadable xref entry")?;
        edits.push(Edit { start: *k, end: k + 10, with: format!("{:010}", moved(old)).into_bytes() });
    }
    let sx_start = sx_end - pdf[..sx_end].iter().rev().take_while(|b| b.is_ascii_digit()).count();
    edits.push(Edit { start: sx_start, end: sx_end, with: moved(xref).to_string().into_bytes() });
    edits.sort_by_key(|e| e.start);
    let mut out = Vec::with_capacity(pdf.len() + 1024);
    let mut last = 0;
    for e in &edits {
        if e.start < last {
            return Err("overlapping edits".into());
        }
        out.extend_from_slice(&pdf[last..e.start]);
        out.extend_from_slice(&e.with);
        last = e.end;
    }
    out.extend_from_slice(&pdf[last..]);
    Ok(out)
}

/// The PDF LibreOffice wrote, made reproducible: no date, a fixed colour
/// profile, identifiers that are a hash of the content.
pub(crate) fn reproducible(pdf: &[u8]) -> std::result::Result<Vec<u8>, String> {
    if !pdf.starts_with(b"%PDF-") {
        return Err("not a PDF".into());
    }
    let mut edits = profile_edits(pdf)?;
    edits.extend(date_edits(pdf));
    let mut out = apply(pdf, edits)?;
    // The identifiers: first zeroed, then the hash of everything else.
    let spans = identifier_spans(&out);
    for (s, e) in &spans {
        out[*s..*e].fill(b'0');
    }
    let digest = Sha256::digest(&out);
    let hex: String = digest.iter().map(|b| format!("{:02X}", b)).collect();
    for (s, e) in &spans {
        let n = e - s;
        out[*s..*e].copy_from_slice(&hex.as_bytes()[..n.min(hex.len())]);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small PDF as LibreOffice lays its end out: an info dictionary with
    /// a date, a compressed ICC profile whose length is its own object, an
    /// XMP date, a trailer with /ID and /DocChecksum.
    fn sample(date: &str, id: &str) -> Vec<u8> {
        let mut icc = vec![0u8; 128];
        icc[36..40].copy_from_slice(b"acsp");
        let year: u16 = date[..4].parse().unwrap();
        icc[24..26].copy_from_slice(&year.to_be_bytes());
        icc[34] = date.as_bytes()[13];
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::new(1));
        z.write_all(&icc).unwrap();
        let packed = z.finish().unwrap();
        let mut pdf = b"%PDF-1.6\n".to_vec();
        let mut offsets = Vec::new();
        offsets.push(pdf.len());
        pdf.extend_from_slice(b"1 0 obj\n<</N 3/Length 2 0 R/Filter/FlateDecode>>\nstream\n");
        pdf.extend_from_slice(&packed);
        pdf.extend_from_slice(b"\nendstream\nendobj\n\n");
        offsets.push(pdf.len());
        pdf.extend_from_slice(format!("2 0 obj\n{}\nendobj\n\n", packed.len()).as_bytes());
        offsets.push(pdf.len());
        pdf.extend_from_slice(b"3 0 obj\n<</Type/OutputIntent/DestOutputProfile 1 0 R>>\nendobj\n\n");
        offsets.push(pdf.len());
        pdf.extend_from_slice(format!("4 0 obj\n<</Title(x)/CreationDate(D:{}Z')>>\nendobj\n\n", date).as_bytes());
        offsets.push(pdf.len());
        let xmp = format!("<x><xmp:CreateDate>{}</xmp:CreateDate></x>", date);
        pdf.extend_from_slice(
            format!("5 0 obj\n<</Length {}>>\nstream\n{}\nendstream\nendobj\n\n", xmp.len(), xmp).as_bytes(),
        );
        let xref = pdf.len();
        pdf.extend_from_slice(b"xref\n0 6\n0000000000 65535 f \n");
        for o in &offsets {
            pdf.extend_from_slice(format!("{:010} 00000 n \n", o).as_bytes());
        }
        pdf.extend_from_slice(
            format!(
                "trailer\n<</Size 6/Info 4 0 R\n/ID [ <{id}>\n<{id}> ]\n/DocChecksum /{id}\n>>\nstartxref\n{}\n%%EOF\n",
                xref
            )
            .as_bytes(),
        );
        pdf
    }

    #[test]
    fn two_exports_of_one_document_give_the_same_bytes() {
        let a = reproducible(&sample("20261207162541", "EAC051B32E334AF0B94CE7DF57E7F46F")).unwrap();
        let b = reproducible(&sample("20270102030405", "F2380589C3E1DEA102D463ADA174009A")).unwrap();
        assert_eq!(a, b);
        let has = |needle: &[u8]| a.windows(needle.len()).any(|w| w == needle);
        assert!(!has(b"2026") && !has(b"EAC051B3"));
        // Still indexed: every object where the table says.
        let sx = a.windows(10).rposition(|w| w == b"startxref\n").unwrap();
        let tail = String::from_utf8_lossy(&a[sx + 10..]).to_string();
        let xref: usize = tail.lines().next().unwrap().parse().unwrap();
        assert!(a[xref..].starts_with(b"xref"));
        let table = String::from_utf8_lossy(&a[xref..]).to_string();
        for (n, line) in table.lines().skip(3).take(5).enumerate() {
            let off: usize = line[..10].parse().unwrap();
            assert!(a[off..].starts_with(format!("{} 0 obj", n + 1).as_bytes()), "object {} at {}", n + 1, off);
        }
        // The profile reads back, dated 1980-01-01.
        let s = a.windows(7).position(|w| w == b"stream\n").unwrap() + 7;
        let mut icc = Vec::new();
        flate2::read::ZlibDecoder::new(&a[s..]).read_to_end(&mut icc).unwrap();
        assert_eq!(&icc[24..26], &1980u16.to_be_bytes());
        assert!(reproducible(b"not a pdf").is_err());
    }
}
