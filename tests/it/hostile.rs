//! Hostile and broken inputs: each ends in a clear error or a correct
//! document — never a panic, a hang, a partial file or an invalid DOCX.

use crate::common::*;
use std::path::Path;

fn run_ok(args: &[&str]) {
    let r = clausier(args);
    assert!(r.status.success(), "{:?}: {}", args, String::from_utf8_lossy(&r.stderr));
}

fn run_err(args: &[&str]) -> String {
    let r = clausier(args);
    assert_eq!(r.status.code(), Some(1), "{:?}: {}", args, String::from_utf8_lossy(&r.stderr));
    let e = String::from_utf8(r.stderr).unwrap();
    assert_eq!(e.trim_end().lines().count(), 1, "{}", e);
    assert!(!e.contains("panicked"));
    e
}

/// The DOCX's parts are well-formed XML with no character XML forbids.
fn assert_clean_docx(path: &Path) {
    let bytes = std::fs::read(path).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    for k in 0..zip.len() {
        let mut f = zip.by_index(k).unwrap();
        let mut xml = String::new();
        std::io::Read::read_to_string(&mut f, &mut xml).unwrap();
        assert!(
            !xml.chars()
                .any(|c| (c.is_control() && !matches!(c, '\t' | '\n' | '\r')) || c == '\u{FFFE}' || c == '\u{FFFF}'),
            "{}",
            f.name()
        );
        let mut r = quick_xml::Reader::from_str(&xml);
        loop {
            match r.read_event() {
                Ok(quick_xml::events::Event::Eof) => break,
                Ok(_) => {}
                Err(e) => panic!("{}: {}", f.name(), e),
            }
        }
    }
}

#[test]
fn deeply_nested_markdown_imports_and_builds() {
    let d = tempfile::tempdir().unwrap();
    for (name, text) in [
        ("quotes.md", "> ".repeat(50_000) + "texte\n"),
        ("lists.md", (0..3000).map(|i| format!("{}- point\n", "  ".repeat(i))).collect::<String>()),
        ("emphasis.md", "*".repeat(100_000) + "a" + &"*".repeat(100_000) + "\n\n" + &"[".repeat(50_000)),
        (
            "headings.md",
            (0..5000)
                .map(|i| format!("{} {}. Titre\n\nTexte {}.\n\n", "#".repeat(1 + i % 6), i + 1, i))
                .collect::<String>(),
        ),
    ] {
        let f = d.path().join(name);
        std::fs::write(&f, text).unwrap();
        let src = d.path().join(format!("{}-src", name));
        run_ok(&["import", f.to_str().unwrap(), "-o", src.to_str().unwrap()]);
        let out = d.path().join(format!("{}.docx", name));
        run_ok(&["build", src.to_str().unwrap(), "-o", out.to_str().unwrap()]);
        assert_clean_docx(&out);
    }
}

#[test]
fn a_huge_text_is_refused_at_once() {
    let d = tempfile::tempdir().unwrap();
    let f = d.path().join("enorme.md");
    // 100 MB, sparse: refused from its size, never read into memory.
    let file = std::fs::File::create(&f).unwrap();
    file.set_len(100 * 1024 * 1024).unwrap();
    let out = d.path().join("src");
    let e = run_err(&["import", f.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert!(e.contains("enorme.md") && e.contains("too large"), "{}", e);
    assert!(!out.exists());
}

fn scratch() -> (tempfile::TempDir, std::path::PathBuf) {
    let d = tempfile::tempdir().unwrap();
    let src = d.path().join("conv");
    std::fs::create_dir(&src).unwrap();
    std::fs::write(
        src.join("manifest.json"),
        r#"{ "kind": "convention", "title": "Essai", "numbering": ["Article {1er} –"],
             "outline": [ { "id": "a1", "title": "Objet", "clause": "a1" }, { "id": "a2", "title": "Durée", "clause": "a2" } ] }"#,
    )
    .unwrap();
    std::fs::write(src.join("a1.md"), "Texte.\n").unwrap();
    std::fs::write(src.join("a2.md"), "Texte.\n").unwrap();
    (d, src)
}

#[test]
fn clauses_including_each_other_are_refused() {
    let (d, src) = scratch();
    std::fs::write(src.join("a1.md"), "Texte.\n\n{{> a2}}\n").unwrap();
    std::fs::write(src.join("a2.md"), "Suite.\n\n{{> a1}}\n").unwrap();
    let out = d.path().join("c.docx");
    let e = run_err(&["build", src.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert!(e.contains("cycle"), "{}", e);
    assert!(!out.exists());
}

#[test]
fn templates_cannot_read_files_or_the_environment() {
    let (d, src) = scratch();
    let out = d.path().join("c.docx");
    for (text, expect) in [
        ("{{> ../../etc/passwd}}\n", "not valid"),
        ("{{> /etc/passwd}}\n", "not valid"),
        ("{{env.HOME}}\n", "undefined variable"),
        ("{{lookup this \"PATH\"}}\n", "undefined"),
    ] {
        std::fs::write(src.join("a1.md"), text).unwrap();
        let e = run_err(&["build", src.to_str().unwrap(), "-o", out.to_str().unwrap()]);
        assert!(e.contains(expect), "{} → {}", text, e);
        assert!(!out.exists());
    }
}

#[test]
fn control_and_invalid_xml_characters_never_make_an_invalid_docx() {
    let (d, src) = scratch();
    std::fs::write(src.join("a1.md"), "Ligne\u{1} avec\u{B} des\u{0} caractères\u{1B}[31m interdits \u{FFFE}\u{FFFF} et un\u{7F} DEL.\n\n- point\u{8} ;\n").unwrap();
    let manifest = std::fs::read_to_string(src.join("manifest.json"))
        .unwrap()
        .replace("\"Essai\"", "\"Essai\\u0001\\u000b titre\"");
    std::fs::write(src.join("manifest.json"), manifest).unwrap();
    for ext in ["docx", "html", "md", "txt"] {
        let out = d.path().join(format!("c.{}", ext));
        run_ok(&["build", src.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    }
    assert_clean_docx(&d.path().join("c.docx"));
    let txt = std::fs::read_to_string(d.path().join("c.txt")).unwrap();
    assert!(txt.contains("Ligne avec des caractères[31m interdits et un DEL."), "{}", txt);
}

#[test]
fn an_output_that_cannot_be_written_is_an_error() {
    let (_d, src) = scratch();
    // Not writable even for root.
    let e = run_err(&["build", src.to_str().unwrap(), "-o", "/proc/clausier-test.docx"]);
    assert!(e.contains("/proc/clausier-test.docx"), "{}", e);
    let e = run_err(&["import", seed_path().to_str().unwrap(), "-o", "/proc/clausier-src"]);
    assert!(e.contains("/proc/clausier-src"), "{}", e);
}

#[test]
fn a_change_set_of_ten_thousand_operations() {
    // Two copies of the seed: an insertion after (almost) every word.
    let s = seed();
    let body = &s[s.find("## ***Préambule").unwrap()..];
    let text = format!("{}\n\n{}", body, body.replacen("## ***Préambule", "## ***Préambule bis", 1));
    let src = clausier::import::import_text(&text, Path::new("double.md")).unwrap();
    let doc = clausier::render::assemble(&src, &Default::default()).unwrap();
    let mut ops = Vec::new();
    'outer: for d in doc.all_divisions() {
        for (k, a) in d.alineas.iter().enumerate() {
            if !matches!(a.kind, clausier::model::AlineaKind::Paragraph) {
                continue;
            }
            let t = a.text();
            let mut seen = std::collections::HashMap::new();
            for tok in clausier::tokens::tokenize(&t).into_iter().filter(|t| t.kind == clausier::tokens::Kind::Word) {
                let all = clausier::avenant::apply::find_words(&t, tok.text);
                let Some(pos) = all.iter().position(|(s, _)| *s == tok.start) else { continue };
                let occ = seen.entry(tok.text).or_insert(0);
                *occ += 1;
                let _ = occ;
                ops.push(serde_json::json!({ "op": "insert_words", "division": d.id, "alinea": k + 1, "after": tok.text, "words": "(x)", "occurrence": pos + 1 }));
                if ops.len() == 10_000 {
                    break 'outer;
                }
            }
        }
    }
    assert_eq!(ops.len(), 10_000);
    let cs: clausier::avenant::ChangeSet = serde_json::from_value(serde_json::json!({
        "numero": 1, "base": { "source": "double", "fingerprint": clausier::fingerprint::of(&doc) }, "operations": ops
    }))
    .unwrap();
    let after = clausier::avenant::apply::apply(&src, &cs, Path::new("a.json"), &Default::default()).unwrap();
    let t = clausier::write::to_text(&clausier::render::assemble(&after, &Default::default()).unwrap());
    assert_eq!(t.matches("(x)").count(), 10_000);
    // The avenant document with ten thousand amendments still builds.
    let av = clausier::avenant::document::build(&src, &cs, Path::new("a.json")).unwrap();
    assert!(
        clausier::write::to_text(&av).matches("sont insérés les mots").count()
            + clausier::write::to_text(&av).matches("est inséré le mot").count()
            >= 10_000
    );
    // One conflicting operation more: a clear refusal.
    let mut bad = cs.clone();
    bad.operations.push(bad.operations[0].clone());
    let e = clausier::avenant::apply::apply(&src, &bad, Path::new("a.json"), &Default::default()).unwrap_err();
    assert!(e.to_string().contains("operation 10001"), "{}", e);
}

#[test]
fn a_killed_run_leaves_the_previous_output_whole() {
    use std::process::{Command, Stdio};
    let d = tempfile::tempdir().unwrap();
    // A source of one clause of 3 MB of text: a plain-text output as large,
    // so that its write lasts long enough to be caught.
    let words: Vec<String> = words(&seed()).into_iter().filter(|w| w.chars().all(char::is_alphabetic)).collect();
    let mut k = 1usize;
    let text: String = (0..3000)
        .map(|_| {
            (0..200)
                .map(|_| {
                    k = k.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                    words[(k >> 33) % words.len()].as_str()
                })
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect::<Vec<_>>()
        .join("\n\n");
    let src = d.path().join("big");
    std::fs::create_dir(&src).unwrap();
    std::fs::write(src.join("texte.md"), text).unwrap();
    std::fs::write(
        src.join("manifest.json"),
        r#"{ "kind": "convention", "title": "Grand texte", "numbering": ["Article {1er} –"],
             "outline": [{ "id": "texte", "title": "Texte", "clause": "texte" }] }"#,
    )
    .unwrap();
    let out = d.path().join("out.txt");
    run_ok(&["build", "-o", out.to_str().unwrap()]);
    let before = std::fs::read(&out).unwrap();
    let full = {
        let o2 = d.path().join("full.txt");
        run_ok(&["build", src.to_str().unwrap(), "-o", o2.to_str().unwrap()]);
        std::fs::read(&o2).unwrap()
    };
    assert!(full.len() > 3_000_000, "{} bytes", full.len());
    // Each run is stopped the moment it holds its temporary file, then
    // killed (SIGKILL: nothing can clean up): the temporary left behind
    // proves the kill landed in the middle of the write. (The write lasts
    // about a millisecond: a run that finishes first is tried again.)
    let (mut landed, mut tries) = (0, 0);
    while landed < 3 && tries < 20 {
        tries += 1;
        let mut child = Command::new(env!("CARGO_BIN_EXE_clausier"))
            .args(["build", src.to_str().unwrap(), "-o", out.to_str().unwrap()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mid_write = stop_holding_a_temporary(&mut child, d.path());
        let _ = child.kill();
        let _ = child.wait();
        let now = std::fs::read(&out).unwrap();
        assert!(now == before || now == full, "after a kill the output is neither the old nor the new document");
        if mid_write {
            assert!(holds_a_temporary(d.path()), "killed while writing, the temporary stays (SIGKILL)");
            assert!(now == before, "killed before the rename: the old document");
            landed += 1;
        }
        remove_temporaries(d.path());
        if now == full {
            std::fs::write(&out, &before).unwrap();
        }
    }
    assert!(landed >= 3, "only {} kills of {} landed while the output was being written", landed, tries);
    eprintln!("{} kills of {} landed while the output was being written", landed, tries);
}
