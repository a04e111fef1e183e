//! The ODT writer: a package LibreOffice accepts (mimetype first, stored),
//! reproducible, with the DOCX's page furniture, and real ODF tracked
//! changes in a redline. (LibreOffice opening them, and its Accept/Reject
//! All, are checked by .ci/odt.sh.)

use crate::common::*;
use clausier::compare::compare;
use clausier::render::BuildOptions;
use clausier::write::{self, Options};
use std::io::Read;

fn parts(bytes: &[u8]) -> Vec<(String, String, zip::CompressionMethod)> {
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    (0..z.len())
        .map(|k| {
            let mut f = z.by_index(k).unwrap();
            let mut s = String::new();
            f.read_to_string(&mut s).unwrap();
            (f.name().to_string(), s, f.compression())
        })
        .collect()
}

fn part(bytes: &[u8], name: &str) -> String {
    parts(bytes).into_iter().find(|(n, _, _)| n == name).unwrap().1
}

#[test]
fn an_odt_package_is_reproducible_and_opens_with_its_mimetype() {
    let doc = clausier::build(&library_source(), &BuildOptions::default()).unwrap();
    let a = write::render(&doc, "odt");
    assert_eq!(a, write::render(&doc, "odt"), "the same document, the same bytes");
    let p = parts(&a);
    assert_eq!(p[0].0, "mimetype");
    assert_eq!(p[0].1, "application/vnd.oasis.opendocument.text");
    assert_eq!(p[0].2, zip::CompressionMethod::Stored);
    // The mimetype's bytes are at offset 38, as ODF readers look for them.
    assert_eq!(&a[30..38], b"mimetype");
    let content = part(&a, "content.xml");
    // A real table of contents, each line pointing at a heading's bookmark.
    assert!(content.contains("<text:table-of-content text:name=\"Sommaire\""));
    // Every heading is a target, as in the DOCX; the sommaire lists 16 of them.
    assert!(content.matches("<text:bookmark-start text:name=\"_Toc").count() >= doc.sommaire().len());
    assert_eq!(content.matches("<text:p text:style-name=\"Contents_20_").count(), doc.sommaire().len());
    assert!(content.contains("<text:bookmark text:name=\"_cl_"), "the stable ids, as in the DOCX");
    let styles = part(&a, "styles.xml");
    assert!(styles.contains("fo:language=\"fr\" fo:country=\"FR\"") && styles.contains("style:font-name=\"Arial\""));
    // The title page's own footer, the text's « page X sur Y ».
    assert!(styles.contains("style:name=\"Title\" style:page-layout-name=\"Page\" style:next-style-name=\"Standard\""));
    assert!(styles.contains("page <text:page-number text:select-page=\"current\">1</text:page-number> sur <text:page-count>1</text:page-count>"));
    let meta = part(&a, "meta.xml");
    assert!(meta.contains("<dc:language>fr-FR</dc:language>") && !meta.contains("meta:creation-date"));
}

#[test]
fn an_odt_redline_carries_insertions_and_deletions_as_odf_tracked_changes() {
    let src = clausier::source::Source::load(&library_source()).unwrap();
    let path = root().join("examples/avenant-1.json");
    let cs = clausier::avenant::load(&path).unwrap();
    let old = clausier::render::assemble(&src, &BuildOptions::default()).unwrap();
    let (_, new) = clausier::avenant::apply::consolidate(&src, &old, &cs, &path, &Default::default()).unwrap();
    let red = compare(&old, &new);
    let opts = Options {
        rev: write::RevInfo::new("Comité technique".into(), Some("2026-12-09")).unwrap(),
        ..Default::default()
    };
    let bytes = (write::writer("odt").write)(&red, &opts);
    let content = part(&bytes, "content.xml");
    let regions = content.matches("<text:changed-region").count();
    assert!(regions >= 3, "{}", regions);
    assert!(content.contains("<text:insertion><office:change-info><dc:creator>Comité technique</dc:creator><dc:date>2026-12-09T00:00:00</dc:date>"));
    assert!(content.contains("<text:deletion>"));
    // Every region is marked in the text, once.
    for k in 1..=regions {
        let id = format!("\"ct{}\"", k);
        let marks = content.matches(&format!("text:change-id={}", id)).count();
        assert!((1..=2).contains(&marks), "ct{} marked {} times", k, marks);
    }
    // A plain build has none.
    let plain = (write::writer("odt").write)(&new, &Options::default());
    assert!(!part(&plain, "content.xml").contains("tracked-changes"));
}

#[test]
fn odt_originals_carry_their_number_and_paraphes_and_their_hashes_hold() {
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("o");
    let r = clausier(&["originals", "--format", "odt", "-o", out.to_str().unwrap()]);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let bytes = std::fs::read(out.join("paris-ivry-original-2-sur-4.odt")).unwrap();
    let styles = part(&bytes, "styles.xml");
    assert!(styles.contains("Paraphe – Ville de Paris") && styles.contains("Exemplaire original n° 2 sur 4 – page "));
    // The signature page: its own master page, no paraphe box.
    let sig = &styles[styles.find("style:name=\"Signatures\"").unwrap()..];
    assert!(!sig[..sig.find("</style:master-page>").unwrap()].contains("Paraphe"));
    let again = d.path().join("p");
    assert!(clausier(&["originals", "--format", "odt", "-o", again.to_str().unwrap()]).status.success());
    assert_eq!(std::fs::read(out.join("SHA256SUMS")).unwrap(), std::fs::read(again.join("SHA256SUMS")).unwrap());
}
