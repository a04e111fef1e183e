//! Bad input: one clear line on stderr naming the file (and line, clause or
//! variable), a non-zero exit, no panic, and no output file left behind.

use crate::common::*;
use std::path::PathBuf;

/// Copies the Paris–Ivry source (and the shared clauses) into a temp library.
fn scratch_source() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let src = copy_source("paris-ivry", &dir.path().join("clauses"));
    (dir, src)
}

fn out_in(dir: &tempfile::TempDir, name: &str) -> PathBuf {
    dir.path().join(name)
}

#[test]
fn missing_source() {
    let d = tempfile::tempdir().unwrap();
    let out = out_in(&d, "c.docx");
    let e = refused(&["build", "/nonexistent/source", "-o", out.to_str().unwrap()], &out);
    assert!(e.contains("/nonexistent/source"), "{}", e);
}

#[test]
fn malformed_manifest_names_file_line_and_column() {
    let (d, src) = scratch_source();
    let m = src.join("manifest.json");
    let text = std::fs::read_to_string(&m).unwrap().replacen("\"kind\":", "\"kind\"", 1);
    std::fs::write(&m, text).unwrap();
    let out = out_in(&d, "c.docx");
    let e = refused(&["build", src.to_str().unwrap(), "-o", out.to_str().unwrap()], &out);
    assert!(e.contains("manifest.json:2:"), "{}", e);
    assert!(e.contains("malformed JSON"), "{}", e);
}

#[test]
fn manifest_with_a_wrong_field_names_it() {
    let (d, src) = scratch_source();
    let m = src.join("manifest.json");
    let text = std::fs::read_to_string(&m).unwrap().replacen("\"originaux\": 4", "\"originaux\": \"quatre\"", 1);
    std::fs::write(&m, text).unwrap();
    let out = out_in(&d, "c.docx");
    let e = refused(&["build", src.to_str().unwrap(), "-o", out.to_str().unwrap()], &out);
    assert!(e.contains("manifest.json:") && e.contains("invalid"), "{}", e);
}

#[test]
fn clause_named_in_the_outline_without_fragment() {
    let (d, src) = scratch_source();
    std::fs::remove_file(src.join("ii-a-1-i.md")).unwrap();
    let out = out_in(&d, "c.docx");
    let e = refused(&["build", src.to_str().unwrap(), "-o", out.to_str().unwrap()], &out);
    assert!(e.contains("ii-a-1-i") && e.contains("manifest.json"), "{}", e);
}

#[test]
fn undefined_variable_names_file_line_and_variable() {
    let (d, src) = scratch_source();
    std::fs::write(src.join("i.md"), "Premier alinéa.\n\nLe maire {{parties.0.maire_inconnu}} signe.\n").unwrap();
    let out = out_in(&d, "c.docx");
    let e = refused(&["build", src.to_str().unwrap(), "-o", out.to_str().unwrap()], &out);
    assert!(e.contains("i.md:3") && e.contains("parties.0.maire_inconnu"), "{}", e);
}

#[test]
fn non_utf8_fragment_names_file_and_line() {
    let (d, src) = scratch_source();
    std::fs::write(src.join("i.md"), b"Ligne une.\n\nD\xe9partement en Latin-1.\n").unwrap();
    let out = out_in(&d, "c.docx");
    let e = refused(&["build", src.to_str().unwrap(), "-o", out.to_str().unwrap()], &out);
    assert!(e.contains("i.md:3") && e.contains("UTF-8"), "{}", e);
}

#[test]
fn heading_inside_a_fragment_is_refused() {
    let (d, src) = scratch_source();
    std::fs::write(src.join("i.md"), "Texte.\n\n## Un titre\n").unwrap();
    let out = out_in(&d, "c.docx");
    let e = refused(&["build", src.to_str().unwrap(), "-o", out.to_str().unwrap()], &out);
    assert!(e.contains("i.md:3") && e.contains("heading"), "{}", e);
}

#[test]
fn clause_id_with_path_traversal_is_refused() {
    let (d, src) = scratch_source();
    let m = src.join("manifest.json");
    let text =
        std::fs::read_to_string(&m).unwrap().replacen("\"clause\": \"i\"", "\"clause\": \"../../etc/passwd\"", 1);
    std::fs::write(&m, text).unwrap();
    let out = out_in(&d, "c.docx");
    let e = refused(&["build", src.to_str().unwrap(), "-o", out.to_str().unwrap()], &out);
    assert!(e.contains("not valid"), "{}", e);
}

#[test]
fn clause_including_itself_is_refused() {
    let (d, src) = scratch_source();
    std::fs::write(src.join("i.md"), "Texte.\n\n{{> i}}\n").unwrap();
    let out = out_in(&d, "c.docx");
    let e = refused(&["build", src.to_str().unwrap(), "-o", out.to_str().unwrap()], &out);
    assert!(e.contains("cycle") && e.contains("i.md"), "{}", e);
}

#[test]
fn output_in_a_missing_directory() {
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("missing/dir/c.docx");
    let e = refused(&["build", "-o", out.to_str().unwrap()], &out);
    assert!(e.contains("does not exist"), "{}", e);
}

#[test]
fn unknown_output_format() {
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("c.pdfx");
    let e = refused(&["build", "-o", out.to_str().unwrap()], &out);
    assert!(e.contains(".docx"), "{}", e);
}

#[test]
fn import_of_an_empty_file() {
    let d = tempfile::tempdir().unwrap();
    let f = d.path().join("vide.md");
    std::fs::write(&f, "  \n\n").unwrap();
    let out = d.path().join("src");
    let e = refused(&["import", f.to_str().unwrap(), "-o", out.to_str().unwrap()], &out);
    assert!(e.contains("vide.md") && e.contains("empty"), "{}", e);
}

#[test]
fn import_of_a_binary_file() {
    let d = tempfile::tempdir().unwrap();
    let f = d.path().join("convention.docx");
    std::fs::write(&f, b"PK\x03\x04\x00\x00binary").unwrap();
    let out = d.path().join("src");
    let e = refused(&["import", f.to_str().unwrap(), "-o", out.to_str().unwrap()], &out);
    // A zip is read as the DOCX it claims to be, and refused as a damaged one.
    assert!(e.contains("convention.docx") && e.contains("not a DOCX: damaged zip archive"), "{}", e);
}

#[test]
fn a_failed_build_leaves_the_previous_output_intact() {
    let (d, src) = scratch_source();
    let out = d.path().join("c.docx");
    assert!(clausier(&["build", src.to_str().unwrap(), "-o", out.to_str().unwrap()]).status.success());
    let before = std::fs::read(&out).unwrap();
    std::fs::write(src.join("i.md"), "{{inconnue}}\n").unwrap();
    let r = clausier(&["build", src.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert!(!r.status.success());
    assert_eq!(std::fs::read(&out).unwrap(), before);
}

#[test]
fn undefined_variable_in_a_shared_clause_names_the_shared_file() {
    let (d, src) = scratch_source();
    let shared = src.parent().unwrap().join("commun/resiliation.md");
    let text = std::fs::read_to_string(&shared).unwrap().replace("{{duree.preavis}}", "{{duree.preavis_inconnu}}");
    std::fs::write(&shared, text).unwrap();
    let out = out_in(&d, "c.docx");
    let e = refused(&["build", src.to_str().unwrap(), "-o", out.to_str().unwrap()], &out);
    assert!(e.contains("commun/resiliation.md:1") && e.contains("duree.preavis_inconnu"), "{}", e);
}
