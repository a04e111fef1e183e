//! Safe on real folders and untrusted files (issue 9): names that come from
//! a manifest or a change set never reach outside, outputs never destroy
//! what the user had, hostile templates end in one line of error. Every test
//! here failed before its fix.

mod common;
use common::*;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

/// A temp library with the Paris–Ivry source and the shared clauses, and
/// the example avenant beside it.
fn library() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let lib = dir.path().join("clauses");
    for sub in ["paris-ivry", "commun"] {
        let from = root().join("clauses").join(sub);
        let to = lib.join(sub);
        std::fs::create_dir_all(&to).unwrap();
        for e in std::fs::read_dir(&from).unwrap() {
            let e = e.unwrap();
            std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
        }
    }
    let avenant = dir.path().join("avenant-1.json");
    std::fs::copy(root().join("examples/avenant-1.json"), &avenant).unwrap();
    (dir, lib.join("paris-ivry"), avenant)
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn run_ok(args: &[&str]) -> String {
    let r = clausier(args);
    assert!(r.status.success(), "{:?}: {}", args, String::from_utf8_lossy(&r.stderr));
    String::from_utf8(r.stdout).unwrap()
}

/// A failing run: exit 1, one line, no panic (for outputs that existed before).
fn fails(args: &[&str]) -> String {
    let r = clausier(args);
    let err = String::from_utf8(r.stderr).unwrap();
    assert_eq!(r.status.code(), Some(1), "{:?}: {}", args, err);
    assert_eq!(err.trim_end().lines().count(), 1, "one line: {}", err);
    assert!(!err.contains("panicked"), "{}", err);
    err
}

/// The example avenant with its operations replaced.
fn avenant_with(path: &Path, ops: Value) -> PathBuf {
    let mut a: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    a["operations"] = ops;
    let p = path.with_file_name("a.json");
    std::fs::write(&p, serde_json::to_string_pretty(&a).unwrap()).unwrap();
    p
}

/// Every file under `dir`, relative, sorted.
fn tree(dir: &Path) -> Vec<String> {
    fn go(d: &Path, base: &Path, out: &mut Vec<String>) {
        for e in std::fs::read_dir(d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() && !p.is_symlink() {
                go(&p, base, out);
            } else {
                out.push(p.strip_prefix(base).unwrap().display().to_string());
            }
        }
    }
    let mut out = Vec::new();
    go(dir, dir, &mut out);
    out.sort();
    out
}

// ---------------------------------------------------------------------------
// 1. Names from inputs are checked once, where they enter.

#[test]
fn a_change_set_cannot_write_outside_the_output() {
    let (d, src, av) = library();
    let outside = d.path().join("x.md");
    for (k, bad) in ["../../../../x", "/tmp/x", "..", "a/b", "", "a b", "é"].iter().enumerate() {
        let spec = json!([{ "op": "insert_division", "after": "iv", "id": "nouveau", "number": "4 bis", "title": "Titre", "text": ["Texte."],
                            "children": [{ "id": "enfant", "title": "Enfant", "text": ["Un."], "children": [{ "id": bad, "title": "x", "text": ["Evil."] }] }] }]);
        let a = avenant_with(&av, spec);
        let out = d.path().join(format!("out{}", k));
        for cmd in [vec!["avenant", "apply", s(&src), s(&a), "-o", s(&out)], vec!["dossier", s(&src), s(&a), "-o", s(&out), "-q"]] {
            let e = refused(&cmd, &out);
            assert!(e.contains("a.json") && e.contains("operation 1 (insert_division)") && e.contains("children[0].children[0].id"), "{}", e);
        }
        assert!(!outside.exists() && !d.path().join("tmp/x.md").exists());
    }
    // The top-level id, `after`, `parent`, `division` and the parties are checked the same way.
    for (op, field) in [
        (json!({ "op": "insert_division", "after": "iv", "id": "../../x", "title": "T", "text": ["a"] }), "new division.id"),
        (json!({ "op": "insert_division", "after": "../iv", "id": "x", "title": "T", "text": ["a"] }), "after"),
        (json!({ "op": "insert_division", "parent": "/iv", "id": "x", "title": "T", "text": ["a"] }), "parent"),
        (json!({ "op": "replace_alinea", "division": "../../etc", "alinea": 1, "text": ["a"] }), "division"),
    ] {
        let a = avenant_with(&av, json!([op]));
        let out = d.path().join("out");
        let e = refused(&["avenant", "apply", s(&src), s(&a), "-o", s(&out)], &out);
        assert!(e.contains("operation 1") && e.contains(field), "{}", e);
    }
    let mut a: Value = serde_json::from_str(&std::fs::read_to_string(&av).unwrap()).unwrap();
    a["deliberations"][0]["partie"] = json!("../paris");
    std::fs::write(d.path().join("p.json"), a.to_string()).unwrap();
    let out = d.path().join("av.docx");
    let e = refused(&["avenant", "build", s(&src), s(&d.path().join("p.json")), "-o", s(&out)], &out);
    assert!(e.contains("deliberations[0].partie"), "{}", e);
}

#[test]
fn the_library_field_names_a_folder_of_the_library_only() {
    let (d, src, _) = library();
    let m = src.join("manifest.json");
    let text = std::fs::read_to_string(&m).unwrap();
    let out = d.path().join("c.txt");
    for lib in ["/etc", "../..", "../../..", "x/../../..", ""] {
        std::fs::write(&m, text.replacen("\"kind\"", &format!("\"library\": {},\n  \"kind\"", json!(lib)), 1)).unwrap();
        let e = refused(&["build", s(&src), "-o", s(&out)], &out);
        assert!(e.contains("manifest.json") && e.contains("library"), "{}", e);
    }
    // The parent (the default) and a folder below stay allowed.
    std::fs::write(&m, text.replacen("\"kind\"", "\"library\": \"..\",\n  \"kind\"", 1)).unwrap();
    run_ok(&["build", s(&src), "-o", s(&out)]);
}

#[test]
fn fragments_and_manifests_that_are_links_leaving_the_library_are_refused() {
    let (d, src, _) = library();
    let out = d.path().join("c.txt");
    // A local clause pointing outside the source folder.
    std::fs::remove_file(src.join("i.md")).unwrap();
    std::os::unix::fs::symlink("/etc/passwd", src.join("i.md")).unwrap();
    let e = refused(&["build", s(&src), "-o", s(&out)], &out);
    assert!(e.contains("i.md") && e.contains("outside"), "{}", e);
    std::fs::remove_file(src.join("i.md")).unwrap();
    std::os::unix::fs::symlink("/proc/self/environ", src.join("i.md")).unwrap();
    let e = refused(&["build", s(&src), "-o", s(&out)], &out);
    assert!(e.contains("outside"), "{}", e);
    std::fs::remove_file(src.join("i.md")).unwrap();
    std::fs::copy(root().join("clauses/paris-ivry/i.md"), src.join("i.md")).unwrap();
    // A shared clause pointing outside the library.
    let duree = src.parent().unwrap().join("commun/duree.md");
    std::fs::remove_file(&duree).unwrap();
    std::os::unix::fs::symlink("/etc/hostname", &duree).unwrap();
    let e = refused(&["build", s(&src), "-o", s(&out)], &out);
    assert!(e.contains("duree.md") && e.contains("outside"), "{}", e);
    std::fs::remove_file(&duree).unwrap();
    std::fs::copy(root().join("clauses/commun/duree.md"), &duree).unwrap();
    // A manifest that is a link out of the source folder.
    let elsewhere = d.path().join("ailleurs.json");
    std::fs::rename(src.join("manifest.json"), &elsewhere).unwrap();
    std::os::unix::fs::symlink(&elsewhere, src.join("manifest.json")).unwrap();
    let e = refused(&["build", s(&src), "-o", s(&out)], &out);
    assert!(e.contains("manifest.json") && e.contains("outside"), "{}", e);
    // A link that stays inside is fine.
    std::fs::remove_file(src.join("manifest.json")).unwrap();
    std::fs::rename(&elsewhere, src.join("vrai-manifest.json")).unwrap();
    std::os::unix::fs::symlink("vrai-manifest.json", src.join("manifest.json")).unwrap();
    run_ok(&["build", s(&src), "-o", s(&out)]);
}

#[test]
fn a_source_given_as_dot_finds_its_shared_clauses_in_the_parent() {
    let (_d, src, _) = library();
    let r = std::process::Command::new(env!("CARGO_BIN_EXE_clausier")).args(["build", ".", "-o", "../c.txt"]).current_dir(&src).output().unwrap();
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
}
