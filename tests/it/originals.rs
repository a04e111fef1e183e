//! The signing set, the council pack and the calendar.

use crate::common::*;
use std::collections::HashSet;

fn sha(bytes: &[u8]) -> String {
    use sha2::Digest;
    format!("{:x}", sha2::Sha256::digest(bytes))
}

#[test]
fn four_originals_identical_but_for_their_number_with_a_true_manifest() {
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("originaux");
    let r = clausier(&["originals", "-o", out.to_str().unwrap()]);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let m: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(m["copies"], 4);
    let files = m["files"].as_array().unwrap();
    assert_eq!(files.len(), 4);
    let mut texts = Vec::new();
    for (k, f) in files.iter().enumerate() {
        let bytes = std::fs::read(out.join(f["name"].as_str().unwrap())).unwrap();
        assert_eq!(f["sha256"].as_str().unwrap(), sha(&bytes), "manifest SHA-256 of {}", f["name"]);
        let paras = accept_reject(&bytes, true);
        assert_eq!(paras[0], format!("Exemplaire original n°\u{a0}{} sur 4", k + 1));
        // Both mayors' blocks, with room for place and date.
        let all = paras.join("\n");
        assert!(all.contains("PHILIPPE BOUYSSOU") && all.contains("ANNE HIDALGO"));
        assert!(all.contains("À …………………, le …………………"));
        // Footer: the copy number and a paraphe box per party.
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let mut footer = String::new();
        std::io::Read::read_to_string(&mut zip.by_name("word/footer1.xml").unwrap(), &mut footer).unwrap();
        assert!(footer.contains(&format!("Exemplaire original n° {} sur 4", k + 1)), "{}", footer);
        assert!(footer.contains("Paraphe – Ville de Paris"), "{}", footer);
        assert!(footer.contains("Paraphe – Ville d’Ivry-sur-Seine"), "{}", footer);
        texts.push(paras[1..].to_vec());
    }
    // The copies differ only by their number.
    assert!(texts.windows(2).all(|w| w[0] == w[1]));
    let contents: HashSet<&str> = files.iter().map(|_| m["content_fingerprint"].as_str().unwrap()).collect();
    assert_eq!(contents.len(), 1);
    assert_eq!(m["content_fingerprint"], m["source_fingerprint"], "the originals carry the text of the source");
    // Reproducible: the same set again, byte for byte.
    let out2 = d.path().join("encore");
    assert!(clausier(&["originals", "-o", out2.to_str().unwrap()]).status.success());
    for f in files {
        let n = f["name"].as_str().unwrap();
        assert_eq!(std::fs::read(out.join(n)).unwrap(), std::fs::read(out2.join(n)).unwrap(), "{}", n);
    }
}

#[test]
fn originals_of_an_avenant_and_of_a_convention_d_application() {
    let d = tempfile::tempdir().unwrap();
    let a = d.path().join("a");
    let r =
        // The example avenant lacks facts to sign (a deliberation's number, the
        // convention's date of signature): printed as a draft.
        clausier(&["originals", "--avenant", "examples/avenant-1.json", "-o", a.to_str().unwrap(), "--copies", "2", "--projet"]);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    assert!(a.join("avenant-1-original-2-sur-2.docx").is_file());
    let b = d.path().join("b");
    // (A draft too: the library's convention d'application lacks its deliberations.)
    let r = clausier(&["originals", "clauses/application-passerelle", "-o", b.to_str().unwrap(), "--projet"]);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    // Six originals, as the convention d'application states; three paraphes.
    assert!(b.join("application-passerelle-original-6-sur-6.docx").is_file());
    let bytes = std::fs::read(b.join("application-passerelle-original-1-sur-6.docx")).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut footer = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("word/footer1.xml").unwrap(), &mut footer).unwrap();
    assert_eq!(footer.matches("Paraphe – ").count(), 3);
}

#[test]
fn pdf_without_libreoffice_is_a_clear_error_and_writes_nothing() {
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("o");
    let empty = d.path().join("bin");
    std::fs::create_dir(&empty).unwrap();
    let r = std::process::Command::new(env!("CARGO_BIN_EXE_clausier"))
        .args(["originals", "-o", out.to_str().unwrap(), "--pdf"])
        .current_dir(root())
        .env("PATH", &empty)
        .output()
        .unwrap();
    assert_eq!(r.status.code(), Some(1));
    let e = String::from_utf8(r.stderr).unwrap();
    assert!(e.contains("LibreOffice") && e.contains("apt-get install"), "{}", e);
    assert!(!out.exists());
}

#[test]
fn the_council_pack_holds_every_document_and_a_true_manifest() {
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("dossier");
    let r = clausier(&[
        "dossier",
        "clauses/paris-ivry",
        "examples/avenant-1.json",
        "-o",
        out.to_str().unwrap(),
        "-q",
        "--no-pdf",
    ]);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    assert!(r.stderr.is_empty(), "quiet: {}", String::from_utf8_lossy(&r.stderr));
    let m: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("manifest.json")).unwrap()).unwrap();
    let names: Vec<&str> = m["files"].as_array().unwrap().iter().map(|f| f["name"].as_str().unwrap()).collect();
    // Then each deliberating party's projet and note (tests/it/councils.rs).
    assert_eq!(
        names[..5],
        vec![
            "avenant-1.docx",
            "convention-consolidee-avenant-1.docx",
            "redline-avenant-1.docx",
            "tableau-comparatif-avenant-1.docx",
            "modifications-avenant-1.html"
        ]
    );
    for f in m["files"].as_array().unwrap() {
        let bytes = std::fs::read(out.join(f["name"].as_str().unwrap())).unwrap();
        assert_eq!(f["sha256"].as_str().unwrap(), sha(&bytes));
    }
    // The consolidated source, for the next avenant.
    assert!(out.join("source-consolidee-avenant-1/manifest.json").is_file());
    let again = clausier(&[
        "build",
        out.join("source-consolidee-avenant-1").to_str().unwrap(),
        "-o",
        d.path().join("c.txt").to_str().unwrap(),
    ]);
    assert!(again.status.success());
}

#[test]
fn the_calendar_of_the_convention() {
    let r = clausier(&["calendrier", "--adoption", "2019-07-11", "--json"]);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let v: serde_json::Value = serde_json::from_slice(&r.stdout).unwrap();
    assert_eq!(v["fin_premiere_periode"]["iso"], "2021-07-10");
    assert_eq!(v["fin_reconduction"]["iso"], "2023-07-10");
    assert_eq!(v["dernier_jour_preavis"]["iso"], "2021-04-10");
    // Without an adoption date, a clear refusal naming the manifest.
    let r = clausier(&["calendrier"]);
    assert_eq!(r.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&r.stderr).contains("manifest.json")
            && String::from_utf8_lossy(&r.stderr).contains("adoption")
    );
}
