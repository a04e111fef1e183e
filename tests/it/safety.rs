//! Safe on real folders and untrusted files (issue 9): names that come from
//! a manifest or a change set never reach outside, outputs never destroy
//! what the user had, hostile templates end in one line of error. Every test
//! here failed before its fix.

use crate::common::*;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

/// A temp library with the Paris–Ivry source and the shared clauses, and
/// the example avenant beside it.
fn library() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let src = copy_source("paris-ivry", &dir.path().join("clauses"));
    let avenant = dir.path().join("avenant-1.json");
    std::fs::copy(root().join("examples/avenant-1.json"), &avenant).unwrap();
    (dir, src, avenant)
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
        for cmd in [
            vec!["avenant", "apply", s(&src), s(&a), "-o", s(&out)],
            vec!["dossier", s(&src), s(&a), "-o", s(&out), "-q"],
        ] {
            let e = refused(&cmd, &out);
            assert!(
                e.contains("a.json")
                    && e.contains("operation 1 (insert_division)")
                    && e.contains("children[0].children[0].id"),
                "{}",
                e
            );
        }
        assert!(!outside.exists() && !d.path().join("tmp/x.md").exists());
    }
    // The top-level id, `after`, `parent`, `division` and the parties are checked the same way.
    for (op, field) in [
        (
            json!({ "op": "insert_division", "after": "iv", "id": "../../x", "title": "T", "text": ["a"] }),
            "new division.id",
        ),
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
    let r = std::process::Command::new(env!("CARGO_BIN_EXE_clausier"))
        .args(["build", ".", "-o", "../c.txt"])
        .current_dir(&src)
        .output()
        .unwrap();
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
}

// ---------------------------------------------------------------------------
// 2. A change set's texts are literal text, in the avenant and in the
// consolidated source alike.

#[test]
fn what_is_signed_is_what_is_consolidated() {
    let (d, src, av) = library();
    let md = "Signé par {{parties.0.signataire.nom}}, voir {{> commun/duree}} et *stars*.";
    let words = "2 ans {{parties.0.signataire.nom}} {{> commun/duree}} *stars*";
    let ops = json!([
        { "op": "replace_words", "division": "iv", "alinea": 1, "words": "2 ans", "by": words },
        { "op": "insert_alineas", "division": "ii-a-3-i", "after": 4, "text": [md] },
        { "op": "replace_alinea", "division": "ii-a-1-ii", "alinea": 2, "text": [md.replace("Signé", "Remplacé")] },
        { "op": "rename_division", "division": "ii-a-1-ii", "title": "Titre {{parties.0.nom}} *x*" },
        { "op": "insert_division", "after": "iv", "id": "nouveau", "number": "4 bis", "title": "Nouveau {{document.title}}", "text": [md.replace("Signé", "Inséré")],
          "children": [{ "id": "enfant", "title": "Enfant {{originaux}}", "text": [md.replace("Signé", "Enfant")] }] }
    ]);
    let a = avenant_with(&av, ops);
    let avenant_txt = d.path().join("avenant.txt");
    run_ok(&["avenant", "build", s(&src), s(&a), "-o", s(&avenant_txt)]);
    let out = d.path().join("consolidee");
    run_ok(&["avenant", "apply", s(&src), s(&a), "-o", s(&out)]);
    let consolidated_txt = d.path().join("consolidee.txt");
    run_ok(&["build", s(&out), "-o", s(&consolidated_txt)]);
    let (avenant, consolidated) =
        (std::fs::read_to_string(&avenant_txt).unwrap(), std::fs::read_to_string(&consolidated_txt).unwrap());
    let plain = |t: &str| t.replace("*stars*", "stars");
    for expected in [
        words.to_string(),
        plain(md),
        plain(&md.replace("Signé", "Remplacé")),
        plain(&md.replace("Signé", "Inséré")),
        plain(&md.replace("Signé", "Enfant")),
        "Titre {{parties.0.nom}} x".to_string(),
        "Nouveau {{document.title}}".to_string(),
        "Enfant {{originaux}}".to_string(),
    ] {
        assert!(avenant.contains(&expected), "the avenant quotes « {} »:\n{}", expected, avenant);
        assert!(consolidated.contains(&expected), "the consolidated text reads « {} »:\n{}", expected, consolidated);
    }
    assert!(!avenant.contains("Signé par Anne HIDALGO"), "{}", avenant);
}

// ---------------------------------------------------------------------------
// 4. Hostile templates end in one line of error, never a crash or a hang.

/// A small source: two articles, a list variable.
fn small_source() -> (tempfile::TempDir, PathBuf) {
    let d = tempfile::tempdir().unwrap();
    let src = d.path().join("conv");
    std::fs::create_dir(&src).unwrap();
    std::fs::write(
        src.join("manifest.json"),
        r#"{ "kind": "convention", "title": "Essai", "numbering": ["Article {1er} –"], "variables": { "a": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] },
             "outline": [ { "id": "a1", "title": "Objet", "clause": "a1" }, { "id": "a2", "title": "Durée", "clause": "a2" } ] }"#,
    )
    .unwrap();
    std::fs::write(src.join("a1.md"), "Texte.\n").unwrap();
    std::fs::write(src.join("a2.md"), "Texte.\n").unwrap();
    (d, src)
}

fn build_refused(src: &Path, expect: &str) -> String {
    let out = src.parent().unwrap().join("c.docx");
    let e = refused(&["build", s(src), "-o", s(&out)], &out);
    assert!(e.contains(expect), "expected « {} »: {}", expect, e);
    e
}

#[test]
fn every_way_of_including_a_clause_counts_in_the_cycle_check() {
    let (_d, src) = small_source();
    for (a1, a2) in [
        ("{{ > a2}}", "{{ > a1}}"),
        ("{{#> a2}}x{{/a2}}", "{{#> a1}}y{{/a1}}"),
        ("{{~> a2~}}", "{{~ > a1}}"),
        ("{{> a2 n=1}}", "{{#> a1 n=2}}{{/a1}}"),
    ] {
        std::fs::write(src.join("a1.md"), format!("Texte {}\n", a1)).unwrap();
        std::fs::write(src.join("a2.md"), format!("Suite {}\n", a2)).unwrap();
        build_refused(&src, "cycle");
    }
}

#[test]
fn recursive_inline_partials_are_refused_not_a_stack_overflow() {
    let (_d, src) = small_source();
    std::fs::write(src.join("a1.md"), "{{#*inline \"x\"}}{{> x}}{{/inline}}{{> x}}\n").unwrap();
    let e = build_refused(&src, "inline");
    assert!(e.contains("a1.md:1"), "{}", e);
    // In a division title, which is a template too.
    std::fs::write(src.join("a1.md"), "Texte.\n").unwrap();
    let m = std::fs::read_to_string(src.join("manifest.json"))
        .unwrap()
        .replace("\"Objet\"", r#""{{#*inline \"x\"}}{{> x}}{{/inline}}{{> x}}""#);
    std::fs::write(src.join("manifest.json"), m).unwrap();
    build_refused(&src, "inline");
}

#[test]
fn long_and_wide_chains_of_inclusions_are_bounded() {
    let (_d, src) = small_source();
    // A chain of 3 000 clauses, each including the next.
    for k in 0..3000 {
        let next = if k + 1 < 3000 { format!("{{{{> c{}}}}}\n", k + 1) } else { "Fin.\n".into() };
        std::fs::write(src.join(format!("c{}.md", k)), next).unwrap();
    }
    std::fs::write(src.join("a1.md"), "{{> c0}}\n").unwrap();
    build_refused(&src, "deep");
    // Each clause including the next twice, 18 deep: 2^18 inclusions.
    for k in 0..18 {
        let next = if k + 1 < 18 { format!("{{{{> d{}}}}} {{{{> d{}}}}}\n", k + 1, k + 1) } else { "Fin.\n".into() };
        std::fs::write(src.join(format!("d{}.md", k)), next).unwrap();
    }
    std::fs::write(src.join("a1.md"), "{{> d0}}\n").unwrap();
    build_refused(&src, "times over");
}

#[test]
fn nested_loops_and_huge_outputs_stop_with_an_error() {
    let (_d, src) = small_source();
    // 40 nested loops over ten items: 10^40 iterations, with or without output.
    for body in ["", "x"] {
        std::fs::write(
            src.join("a1.md"),
            format!("{}{}{}\n", "{{#each @root.a}}".repeat(40), body, "{{/each}}".repeat(40)),
        )
        .unwrap();
        build_refused(&src, "repeat more than");
    }
    // Three loops over a 200 KB clause: 200 MB of text.
    std::fs::write(src.join("a2.md"), "x".repeat(200_000) + "\n").unwrap();
    std::fs::write(
        src.join("a1.md"),
        format!("{}{{{{> a2}}}}{}\n", "{{#each @root.a}}".repeat(3), "{{/each}}".repeat(3)),
    )
    .unwrap();
    build_refused(&src, "renders to more than");
    // Blocks nested thousands deep: the parser's cost grows with the square
    // of the depth (5 000 took half a minute), refused before it.
    std::fs::write(src.join("a2.md"), "Texte.\n").unwrap();
    std::fs::write(src.join("a1.md"), format!("Texte.\n\n{}x{}\n", "{{#if a}}".repeat(5000), "{{/if}}".repeat(5000)))
        .unwrap();
    let e = build_refused(&src, "nested more than");
    assert!(e.contains("a1.md:3"), "{}", e);
    let m = std::fs::read_to_string(src.join("manifest.json")).unwrap();
    std::fs::write(src.join("a1.md"), "Texte.\n").unwrap();
    std::fs::write(
        src.join("manifest.json"),
        m.replace("\"Objet\"", &json!(format!("{}x{}", "{{#if a}}".repeat(3000), "{{/if}}".repeat(3000))).to_string()),
    )
    .unwrap();
    build_refused(&src, "nested more than");
    std::fs::write(src.join("manifest.json"), m).unwrap();
    // A loop still works, with @index, @first and block params.
    std::fs::write(src.join("a2.md"), "Texte.\n").unwrap();
    std::fs::write(
        src.join("a1.md"),
        "{{#each a as |n|}}{{#if @first}}[{{/if}}{{@index}}={{n}} {{/each}}{{#each document}}{{@key}} {{/each}}\n",
    )
    .unwrap();
    let out = src.parent().unwrap().join("c.txt");
    run_ok(&["build", s(&src), "-o", s(&out)]);
    let t = std::fs::read_to_string(&out).unwrap();
    assert!(t.contains("[0=1 1=2 2=3") && t.contains("9=10") && t.contains("title kind subject"), "{}", t);
}

#[test]
fn a_change_set_with_nested_loops_is_quoted_not_run() {
    let (d, src, av) = library();
    let text = format!("{}x{}", "{{#each parties}}".repeat(40), "{{/each}}".repeat(40));
    let a = avenant_with(&av, json!([{ "op": "insert_alineas", "division": "iv", "after": 1, "text": [text] }]));
    assert!(std::fs::metadata(&a).unwrap().len() < 4096);
    let out = d.path().join("a.txt");
    run_ok(&["avenant", "build", s(&src), s(&a), "-o", s(&out)]);
    assert!(std::fs::read_to_string(&out).unwrap().contains("{{#each parties}}{{#each parties}}"));
}

#[test]
fn helper_errors_name_the_helper_and_the_variable() {
    let (_d, src) = small_source();
    std::fs::write(src.join("a1.md"), "Texte.\n\nMaire : {{upper parties.0.maire}}.\n").unwrap();
    let e = build_refused(&src, "a1.md:3");
    assert!(e.contains("parties.0.maire") && e.contains("« upper »") && !e.contains("upper_h"), "{}", e);
    std::fs::write(src.join("a1.md"), "Le {{date a}}.\n").unwrap();
    let e = build_refused(&src, "« date »");
    assert!(e.contains("« a »") && !e.contains("date_h"), "{}", e);
    std::fs::write(src.join("a1.md"), "Le {{ordinal}}.\n").unwrap();
    build_refused(&src, "« ordinal » needs a value");
    std::fs::write(src.join("a1.md"), "Le {{inconnu a}}.\n").unwrap();
    build_refused(&src, "unknown helper « inconnu »");
}

// ---------------------------------------------------------------------------
// 3. Outputs never destroy user data.

fn leftovers(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().to_string())
        .filter(|n| n.starts_with(".clausier"))
        .collect()
}

#[test]
fn an_existing_folder_is_written_over_only_if_clausier_wrote_it_or_with_force() {
    let d = tempfile::tempdir().unwrap();
    let home = d.path().join("home");
    std::fs::create_dir(&home).unwrap();
    std::fs::write(home.join("notes.txt"), "mes notes").unwrap();
    std::fs::copy(seed_path(), home.join("seed.md")).unwrap();
    let before = tree(&home);
    // The folder holds the input: refused, even with --force for the input itself.
    let e = fails(&["import", s(&home.join("seed.md")), "-o", s(&home)]);
    assert!(e.contains("holds an input"), "{}", e);
    assert_eq!(tree(&home), before);
    // A folder of the user's: refused without --force.
    std::fs::remove_file(home.join("seed.md")).unwrap();
    let e = fails(&["import", s(&seed_path()), "-o", s(&home)]);
    assert!(e.contains("notes.txt") && e.contains("--force"), "{}", e);
    assert_eq!(tree(&home), vec!["notes.txt"]);
    assert!(leftovers(d.path()).is_empty());
    // With --force: clausier's files are written, the user's stay.
    run_ok(&["import", s(&seed_path()), "-o", s(&home), "--force"]);
    assert_eq!(std::fs::read_to_string(home.join("notes.txt")).unwrap(), "mes notes");
    assert!(home.join("manifest.json").is_file() && home.join(".clausier-output").is_file());
    // Now a folder clausier wrote: written again without --force, notes kept.
    run_ok(&["import", s(&seed_path()), "-o", s(&home)]);
    assert_eq!(std::fs::read_to_string(home.join("notes.txt")).unwrap(), "mes notes");
    run_ok(&["build", s(&home), "-o", s(&d.path().join("c.txt"))]);
    // A file of the user's under a name clausier now writes is not replaced without --force.
    let out = d.path().join("out");
    run_ok(&["import", s(&seed_path()), "-o", s(&out)]);
    let marker = std::fs::read_to_string(out.join(".clausier-output")).unwrap();
    let without: Vec<&str> = marker.lines().filter(|l| *l != "i.md" && !l.ends_with(" i.md")).collect();
    assert!(without.len() < marker.lines().count());
    std::fs::write(out.join(".clausier-output"), without.join("\n") + "\n").unwrap();
    std::fs::write(out.join("i.md"), "le mien").unwrap();
    let e = fails(&["import", s(&seed_path()), "-o", s(&out)]);
    assert!(e.contains("i.md") && e.contains("did not write"), "{}", e);
    assert_eq!(std::fs::read_to_string(out.join("i.md")).unwrap(), "le mien");
}

#[test]
fn a_folder_clausier_wrote_is_replaced_whole_and_its_stale_files_go() {
    let (d, src, av) = library();
    let out = d.path().join("out");
    // First: the division « iv » amended; then another avenant deletes it.
    run_ok(&["avenant", "apply", s(&src), s(&av), "-o", s(&out)]);
    assert!(out.join("iv.md").is_file());
    let del = avenant_with(&av, json!([{ "op": "delete_division", "division": "iv" }]));
    run_ok(&["avenant", "apply", s(&src), s(&del), "-o", s(&out)]);
    assert!(!out.join("iv.md").exists(), "the file of the previous run that is no longer written goes");
    assert!(leftovers(d.path()).is_empty(), "{:?}", leftovers(d.path()));
    // With a note of the user's in it: updated in place, the note stays, stale files still go.
    std::fs::write(out.join("NOTES"), "à relire").unwrap();
    run_ok(&["avenant", "apply", s(&src), s(&av), "-o", s(&out)]);
    assert!(out.join("iv.md").is_file());
    run_ok(&["avenant", "apply", s(&src), s(&del), "-o", s(&out)]);
    assert!(!out.join("iv.md").exists());
    assert_eq!(std::fs::read_to_string(out.join("NOTES")).unwrap(), "à relire");
    run_ok(&["build", s(&out), "-o", s(&d.path().join("c.txt"))]);
}

#[test]
fn an_output_equal_to_or_inside_an_input_is_refused() {
    let (d, src, av) = library();
    std::fs::create_dir(src.join(".git")).unwrap();
    std::fs::write(src.join(".git/HEAD"), "ref: refs/heads/main\n").unwrap();
    std::fs::write(src.join("NOTES.md"), "notes").unwrap();
    let before = tree(&src);
    let lib = src.parent().unwrap().to_path_buf();
    let av_dir = d.path().join("av1");
    std::fs::create_dir(&av_dir).unwrap();
    std::fs::copy(&av, av_dir.join("a.json")).unwrap();
    let ava = av_dir.join("a.json");
    for (args, what) in [
        (vec!["build", s(&src), "-o", s(&src.join("i.md"))], "inside an input"),
        (vec!["build", s(&src), "-o", s(&src.join("new.docx"))], "inside an input"),
        (vec!["build", s(&src), "-o", s(&lib.join("commun/duree.md"))], "one of the inputs"),
        (vec!["avenant", "draft", s(&src), s(&src), "-o", s(&src.join("manifest.json"))], "inside an input"),
        (vec!["avenant", "build", s(&src), s(&av), "-o", s(&src.join("preambule.md"))], "inside an input"),
        (vec!["redline", s(&src), s(&src), "-o", s(&src.join("r.docx"))], "inside an input"),
        (vec!["avenant", "apply", s(&src), s(&av), "-o", s(&src)], "one of the inputs"),
        (vec!["avenant", "apply", s(&src), s(&av), "-o", s(&lib)], "holds an input"),
        (vec!["dossier", s(&src), s(&ava), "-o", s(&av_dir), "-q"], "holds an input"),
        (vec!["originals", s(&src), "-o", s(&lib)], "holds an input"),
    ] {
        let e = fails(&args);
        assert!(e.contains(what), "{:?}: {}", args, e);
        assert_eq!(tree(&src), before, "{:?} changed the source", args);
    }
    assert_eq!(tree(&av_dir), vec!["a.json"]);
    // --force does not make an input an output (issue 22): the consolidated
    // source is written elsewhere.
    let e = fails(&["avenant", "apply", s(&src), s(&av), "-o", s(&src), "--force"]);
    assert!(e.contains("one of the inputs"), "{}", e);
    assert_eq!(tree(&src), before);
}

#[test]
fn dot_mount_points_links_and_files_as_output_folders_get_one_line_and_leave_nothing() {
    let d = tempfile::tempdir().unwrap();
    let here = d.path().join("ici");
    std::fs::create_dir(&here).unwrap();
    for out in [".", "..", "./"] {
        let r = std::process::Command::new(env!("CARGO_BIN_EXE_clausier"))
            .args(["import", s(&seed_path()), "-o", out])
            .current_dir(&here)
            .output()
            .unwrap();
        assert_eq!(r.status.code(), Some(1));
        let e = String::from_utf8_lossy(&r.stderr);
        assert!(e.trim_end().lines().count() == 1 && e.contains("by its name"), "{}", e);
        assert!(tree(d.path()).is_empty(), "{:?}", tree(d.path()));
    }
    for mount in ["/proc", "/dev/shm", "/dev"] {
        if Path::new(mount).is_dir() {
            let e = fails(&["originals", "-o", mount]);
            assert!(e.contains("mount point"), "{}", e);
        }
    }
    std::os::unix::fs::symlink(&here, d.path().join("lien")).unwrap();
    let e = fails(&["import", s(&seed_path()), "-o", s(&d.path().join("lien"))]);
    assert!(e.contains("symbolic link"), "{}", e);
    std::fs::write(d.path().join("fichier"), "x").unwrap();
    let e = fails(&["import", s(&seed_path()), "-o", s(&d.path().join("fichier"))]);
    assert!(e.contains("not a folder"), "{}", e);
    assert_eq!(std::fs::read_to_string(d.path().join("fichier")).unwrap(), "x");
    assert!(leftovers(d.path()).is_empty());
}

#[test]
fn outputs_follow_the_umask() {
    use std::os::unix::fs::PermissionsExt;
    let d = tempfile::tempdir().unwrap();
    for (umask, file, dir) in [("027", 0o640, 0o750), ("022", 0o644, 0o755), ("077", 0o600, 0o700)] {
        let out = d.path().join(format!("c{}.txt", umask));
        let folder = d.path().join(format!("src{}", umask));
        let cmd = format!(
            "umask {} && '{}' build -o '{}' && '{}' import '{}' -o '{}'",
            umask,
            env!("CARGO_BIN_EXE_clausier"),
            s(&out),
            env!("CARGO_BIN_EXE_clausier"),
            s(&seed_path()),
            s(&folder)
        );
        let r = std::process::Command::new("sh").args(["-c", &cmd]).current_dir(root()).output().unwrap();
        assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
        assert_eq!(std::fs::metadata(&out).unwrap().permissions().mode() & 0o777, file, "file under umask {}", umask);
        assert_eq!(
            std::fs::metadata(&folder).unwrap().permissions().mode() & 0o777,
            dir,
            "folder under umask {}",
            umask
        );
        assert_eq!(std::fs::metadata(folder.join("manifest.json")).unwrap().permissions().mode() & 0o777, file);
    }
}

#[test]
fn a_killed_folder_output_is_the_old_folder_or_the_new_one() {
    use std::process::{Command, Stdio};
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("originaux");
    run_ok(&["originals", "-o", s(&out), "--copies", "2"]);
    let old = tree(&out);
    let new = {
        let n = d.path().join("n");
        run_ok(&["originals", "-o", s(&n), "--copies", "9"]);
        tree(&n)
    };
    // Each run stopped while its staged folder stands beside the output,
    // then killed: the staged folder left behind proves where it landed.
    let mut landed = 0;
    for _ in 0..20 {
        if landed >= 3 {
            break;
        }
        let mut child = Command::new(env!("CARGO_BIN_EXE_clausier"))
            .args(["originals", "-o", s(&out), "--copies", "9"])
            .current_dir(root())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mid_write = stop_holding_a_temporary(&mut child, d.path());
        let _ = child.kill();
        let _ = child.wait();
        let now = tree(&out);
        assert!(now == old || now == new, "after a kill: {:?}", now);
        if mid_write {
            assert!(holds_a_temporary(d.path()), "killed while writing, the staged folder stays (SIGKILL)");
            landed += 1;
        }
        remove_temporaries(d.path());
        // Whole: every file the manifest lists is there with its SHA-256.
        let sums = std::fs::read_to_string(out.join("SHA256SUMS")).unwrap();
        for line in sums.lines() {
            let (sha, name) = line.split_once("  ").unwrap();
            use sha2::Digest;
            assert_eq!(format!("{:x}", sha2::Sha256::digest(std::fs::read(out.join(name)).unwrap())), sha);
        }
        if now == new {
            run_ok(&["originals", "-o", s(&out), "--copies", "2"]);
        }
    }
    assert!(landed >= 3, "only {} kills landed while the folder was being written", landed);
}

#[test]
fn an_interrupted_run_removes_its_temporary_files() {
    use rustix::process::{kill_process, Pid, Signal};
    use std::process::{Command, Stdio};
    let d = tempfile::tempdir().unwrap();
    // A big source, so that the outputs take a while to write.
    let s0 = seed();
    let body = &s0[s0.find("## ***Préambule").unwrap()..];
    let big: String = (0..10)
        .map(|k| body.replacen("## ***Préambule", &format!("## ***Préambule {}", k), 1))
        .collect::<Vec<_>>()
        .join("\n\n");
    let md = d.path().join("big.md");
    std::fs::write(&md, big).unwrap();
    let src = d.path().join("big");
    run_ok(&["import", s(&md), "-o", s(&src)]);
    let outs = d.path().join("outs");
    std::fs::create_dir(&outs).unwrap();
    let mut interrupted = 0;
    // Until enough runs were interrupted holding temporaries (a busy machine
    // lets some finish first): each is stopped the moment a temporary
    // appears, checked to hold it still, then signalled and let go on.
    for k in 0..40 {
        if interrupted >= 4 {
            break;
        }
        let signal = [Signal::TERM, Signal::INT, Signal::HUP][k % 3];
        let args: Vec<String> = if k % 2 == 0 {
            vec!["import".into(), s(&md).into(), "-o".into(), s(&outs.join(format!("i{}", k))).into()]
        } else {
            vec!["build".into(), s(&src).into(), "-o".into(), s(&outs.join(format!("c{}.docx", k))).into()]
        };
        let mut child = Command::new(env!("CARGO_BIN_EXE_clausier"))
            .args(&args)
            .current_dir(root())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mid_write = stop_holding_a_temporary(&mut child, &outs);
        let pid = Pid::from_raw(child.id() as i32).unwrap();
        let _ = kill_process(pid, signal);
        let _ = kill_process(pid, Signal::CONT);
        let out = child.wait_with_output().unwrap();
        // Signalled while it held a temporary, the run either stops there
        // (« interrupted », its temporaries removed) or, the signal handled
        // a moment late, finishes first (its output whole, status 0).
        let said = String::from_utf8_lossy(&out.stderr).contains("interrupted");
        if mid_write && said {
            assert_ne!(out.status.code(), Some(0));
            interrupted += 1;
        } else if mid_write {
            assert_eq!(out.status.code(), Some(0), "{:?} on {:?}", signal, args);
        }
        assert!(leftovers(&outs).is_empty(), "after {:?} on {:?}: {:?}", signal, args, leftovers(&outs));
    }
    assert!(interrupted >= 3, "only {} runs were interrupted while writing", interrupted);
}

// ---------------------------------------------------------------------------
// 5. apply and dossier never write a source that build refuses.

#[test]
fn apply_and_dossier_never_write_a_source_build_refuses() {
    let (d, src, av) = library();
    // A sub-division given the id of an existing division (no text, so no
    // clause file clashes): the manifest would hold the id twice.
    let a = avenant_with(
        &av,
        json!([{ "op": "insert_division", "after": "iv", "id": "nouveau", "number": "4 bis", "title": "Titre", "text": ["Texte."],
                                        "children": [{ "id": "i", "title": "Doublon", "text": [] }] }]),
    );
    for (cmd, out) in [("apply", d.path().join("out")), ("dossier", d.path().join("dossier"))] {
        let args = if cmd == "apply" {
            vec!["avenant", "apply", s(&src), s(&a), "-o", s(&out)]
        } else {
            vec!["dossier", s(&src), s(&a), "-o", s(&out), "-q", "--no-pdf"]
        };
        let e = refused(&args, &out);
        // Refused when the change set is resolved, or when the written
        // source is read back: never written.
        assert!(e.contains("« i »") && (e.contains("already taken") || e.contains("would not build")), "{}", e);
        assert!(!e.contains(".clausier-"), "names the output, not the staging folder: {}", e);
    }
    // Two new divisions with one id, in one change set.
    let a = avenant_with(
        &av,
        json!([{ "op": "insert_division", "after": "iv", "id": "x", "title": "A", "text": ["a"] }, { "op": "insert_division", "after": "i", "id": "x", "title": "B", "text": ["b"] }]),
    );
    let out = d.path().join("out");
    let e = refused(&["avenant", "apply", s(&src), s(&a), "-o", s(&out)], &out);
    assert!(e.contains("operation 2") && e.contains("two new divisions"), "{}", e);
}

// ---------------------------------------------------------------------------
// 6. The smaller ones.

#[test]
fn the_calendar_refuses_what_it_cannot_count() {
    let (d, src, _) = library();
    let m = src.join("manifest.json");
    let text = std::fs::read_to_string(&m).unwrap();
    let with = |cal: &str, adoption: &str| {
        let mut v: Value = serde_json::from_str(&text).unwrap();
        v["dates"]["adoption"] = json!(adoption);
        v["variables"]["calendrier"] = serde_json::from_str(cal).unwrap();
        std::fs::write(&m, serde_json::to_string_pretty(&v).unwrap()).unwrap();
    };
    for (cal, field) in [
        (r#"{ "duree_mois": "24" }"#, "duree_mois"),
        (r#"{ "duree_mois": 24.5 }"#, "duree_mois"),
        (r#"{ "duree_mois": -3 }"#, "duree_mois"),
        (r#"{ "duree_mois": 0 }"#, "duree_mois"),
        (r#"{ "duree_mois": 2000000000 }"#, "duree_mois"),
        (r#"{ "reconduction_mois": 1e300 }"#, "reconduction_mois"),
        (r#"{ "preavis_mois": 30, "duree_mois": 24 }"#, "preavis_mois"),
        (r#"{ "preavis_mois": null }"#, "preavis_mois"),
        (r#"[24, 24, 3]"#, "calendrier"),
    ] {
        with(cal, "2027-01-15");
        let e = fails(&["calendrier", s(&src)]);
        assert!(e.contains("manifest.json") && e.contains(field), "{} → {}", cal, e);
        // The build, whose fragments may use the calendar, refuses it too.
        let out = d.path().join("c.txt");
        let e = refused(&["build", s(&src), "-o", s(&out)], &out);
        assert!(e.contains(field), "{}", e);
    }
    for date in ["2027-01-15x", "2027-01-155", "0000-06-01", "12027-01-01", "2027-1-15", "2027-02-30", "15/01/2027"] {
        with("{}", date);
        let e = fails(&["calendrier", s(&src)]);
        assert!(e.contains("dates.adoption") && e.contains(date), "{} → {}", date, e);
        with("{}", "2027-01-15");
        let e = fails(&["calendrier", s(&src), "--adoption", date]);
        assert!(e.contains("--adoption") && e.contains(date), "{} → {}", date, e);
    }
    // A number that contradicts the words the text prints: two homes for one
    // fact, refused naming both.
    with(r#"{ "duree_mois": 36, "preavis_mois": 6 }"#, "2027-01-15");
    let e = fails(&["calendrier", s(&src)]);
    assert!(e.contains("duree_mois 36") && e.contains("variables.duree.initiale « 2 ans »"), "{}", e);
    // An older manifest that gives only the numbers is still counted; a term
    // it does not give is said unknown, never a default.
    let mut v: Value = serde_json::from_str(&text).unwrap();
    v["dates"]["adoption"] = json!("2027-01-15");
    v["variables"].as_object_mut().unwrap().remove("duree");
    v["variables"]["calendrier"] = json!({ "duree_mois": 36, "preavis_mois": 6 });
    std::fs::write(&m, serde_json::to_string_pretty(&v).unwrap()).unwrap();
    let t = run_ok(&["calendrier", s(&src)]);
    assert!(t.contains("14 janvier 2030") && t.contains("(36 mois)"), "{}", t);
    assert!(t.contains("Reconduction tacite : la source ne l’énonce pas"), "{}", t);
    // The words alone, as the text prints them.
    let mut v: Value = serde_json::from_str(&text).unwrap();
    v["dates"]["adoption"] = json!("2027-01-15");
    v["variables"]["duree"]["initiale"] = json!("trente-six mois");
    std::fs::write(&m, serde_json::to_string_pretty(&v).unwrap()).unwrap();
    let t = run_ok(&["calendrier", s(&src)]);
    assert!(t.contains("14 janvier 2030") && t.contains("(36 mois)") && t.contains("préavis de 3 mois"), "{}", t);
    // Words the calendar cannot count are refused, naming the fact.
    v["variables"]["duree"]["initiale"] = json!("la durée des travaux");
    std::fs::write(&m, serde_json::to_string_pretty(&v).unwrap()).unwrap();
    let e = fails(&["calendrier", s(&src)]);
    assert!(e.contains("variables.duree.initiale « la durée des travaux »"), "{}", e);
}

#[test]
fn a_byte_order_mark_is_accepted_and_dropped() {
    let (d, src, av) = library();
    for f in ["manifest.json", "i.md"] {
        let p = src.join(f);
        let mut bytes = b"\xEF\xBB\xBF".to_vec();
        bytes.extend(std::fs::read(&p).unwrap());
        std::fs::write(&p, bytes).unwrap();
    }
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend(std::fs::read(&av).unwrap());
    std::fs::write(&av, bytes).unwrap();
    let out = d.path().join("c.txt");
    run_ok(&["build", s(&src), "-o", s(&out)]);
    assert!(!std::fs::read_to_string(&out).unwrap().contains('\u{feff}'));
    run_ok(&["avenant", "build", s(&src), s(&av), "-o", s(&d.path().join("a.txt"))]);
}

#[test]
fn list_reports_a_broken_source_and_goes_on() {
    let (_d, src, _) = library();
    let lib = src.parent().unwrap();
    for (name, manifest) in [("casse", "{ \"kind\": "), ("vide", "{}")] {
        std::fs::create_dir(lib.join(name)).unwrap();
        std::fs::write(lib.join(name).join("manifest.json"), manifest).unwrap();
    }
    let r = clausier(&["list", "--library", s(lib)]);
    assert_eq!(r.status.code(), Some(1));
    let (out, err) = (String::from_utf8(r.stdout).unwrap(), String::from_utf8(r.stderr).unwrap());
    assert!(out.contains("paris-ivry"), "the good source is still listed: {}", out);
    assert_eq!(err.lines().count(), 2, "one line per broken source: {}", err);
    assert!(err.contains("casse/manifest.json") && err.contains("vide/manifest.json"), "{}", err);
    assert!(!err.contains("panicked"));
}

#[test]
fn avenant_number_zero_and_change_sets_without_operation_are_refused() {
    let (d, src, av) = library();
    let base: Value = serde_json::from_str(&std::fs::read_to_string(&av).unwrap()).unwrap();
    let out = d.path().join("a.txt");
    for (change, expect) in [
        (json!({ "numero": 0 }), "numero 0"),
        (json!({ "operations": [] }), "no operation"),
        (json!({ "originaux": 0 }), "originaux 0"),
        (json!({ "operations": [{ "op": "delete_alineas", "division": "iv", "alinea": 1, "count": 0 }] }), "count 0"),
        (
            json!({ "operations": [{ "op": "delete_alineas", "division": "iv", "alinea": 1, "count": 18446744073709551615u64 }] }),
            "count",
        ),
        (
            json!({ "operations": [{ "op": "replace_alinea", "division": "iv", "alinea": 0, "text": ["x"] }] }),
            "alinea 0",
        ),
        (
            json!({ "operations": [{ "op": "replace_words", "division": "iv", "alinea": 1, "words": "ans", "by": "mois", "occurrence": 0 }] }),
            "occurrence 0",
        ),
        (
            json!({ "operations": [{ "op": "insert_words", "division": "iv", "alinea": 1, "words": "" }] }),
            "words is empty",
        ),
        (json!({ "operations": [{ "op": "renumber", "division": "iv", "number": "5\n\n# titre" }] }), "number"),
    ] {
        let mut a = base.clone();
        for (k, v) in change.as_object().unwrap() {
            a[k] = v.clone();
        }
        let p = d.path().join("bad.json");
        std::fs::write(&p, a.to_string()).unwrap();
        for args in [
            vec!["avenant", "build", s(&src), s(&p), "-o", s(&out)],
            vec!["avenant", "apply", s(&src), s(&p), "-o", s(&d.path().join("o"))],
        ] {
            let e = refused(&args, &out);
            assert!(e.contains("bad.json") && e.contains(expect), "{} → {}", change, e);
        }
    }
}

#[test]
fn one_original_is_written_in_the_singular() {
    let (d, src, av) = library();
    let m = src.join("manifest.json");
    let mut v: Value = serde_json::from_str(&std::fs::read_to_string(&m).unwrap()).unwrap();
    v["originaux"] = json!(1);
    std::fs::write(&m, v.to_string()).unwrap();
    let out = d.path().join("c.txt");
    run_ok(&["build", s(&src), "-o", s(&out)]);
    let t = std::fs::read_to_string(&out).unwrap();
    assert!(t.contains("établie en 1 exemplaire original.") && !t.contains("1 exemplaires"), "{}", t);
    let mut a: Value = serde_json::from_str(&std::fs::read_to_string(&av).unwrap()).unwrap();
    a["originaux"] = json!(1);
    a["base"]["fingerprint"] = json!(clausier::fingerprint::of(&clausier::build(&src, &Default::default()).unwrap()));
    std::fs::write(&av, a.to_string()).unwrap();
    run_ok(&["avenant", "build", s(&src), s(&av), "-o", s(&out)]);
    assert!(std::fs::read_to_string(&out).unwrap().contains("en 1 exemplaire original."));
    let set = d.path().join("set");
    let r = clausier(&["originals", s(&src), "-o", s(&set)]);
    assert!(
        String::from_utf8_lossy(&r.stderr).starts_with("1 exemplaire original dans"),
        "{}",
        String::from_utf8_lossy(&r.stderr)
    );
    assert!(std::fs::read_to_string(set.join("manifest.txt")).unwrap().contains("\n1 exemplaire original — "));
    // And four in the plural, as before.
    v["originaux"] = json!(4);
    std::fs::write(&m, v.to_string()).unwrap();
    run_ok(&["build", s(&src), "-o", s(&out)]);
    assert!(std::fs::read_to_string(&out).unwrap().contains("établie en 4 exemplaires originaux."));
}

// ---------------------------------------------------------------------------
// Found trying the CLI as a hostile or careless user would.

#[test]
fn a_fifo_or_device_as_output_is_written_to_not_replaced() {
    use std::io::Read;
    let d = tempfile::tempdir().unwrap();
    let fifo = d.path().join("sortie.txt");
    assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let f2 = fifo.clone();
    let reader = std::thread::spawn(move || {
        let mut s = String::new();
        std::fs::File::open(&f2).unwrap().read_to_string(&mut s).unwrap();
        s
    });
    run_ok(&["build", "-o", s(&fifo)]);
    let text = reader.join().unwrap();
    assert!(text.contains("CONVENTION"), "{}", &text[..text.len().min(200)]);
    use std::os::unix::fs::FileTypeExt;
    assert!(std::fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo(), "the fifo is still a fifo");
    assert!(leftovers(d.path()).is_empty());
}

#[test]
fn errors_stay_on_one_line_whatever_the_names_hold() {
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("x\ny\u{1b}[31m").join("c.docx");
    let e = fails(&["build", "-o", s(&out)]);
    assert!(e.contains("x\\ny\\u{1b}[31m"), "{}", e);
    // Bad arguments too: one line, status 1 (clap said them on five lines, status 2).
    for args in [
        vec!["originals", "-o", "o", "--copies", "-1"],
        vec!["avenant", "draft", "a", "b", "-o", "c.json", "--numero", "0"],
        vec!["bulid"],
        vec!["build"],
    ] {
        let e = fails(&args);
        assert!(e.starts_with("clausier: "), "{}", e);
    }
    let e = fails(&["redline", "clauses/paris-ivry", "clauses/paris-ivry", "--stat", "--format", "yaml"]);
    assert!(e.contains("yaml") && e.contains("--format"), "{}", e);
    // Help still prints in full, with status 0.
    let r = clausier(&["--help"]);
    assert!(r.status.success() && String::from_utf8_lossy(&r.stdout).lines().count() > 5);
}

#[test]
fn a_change_set_says_what_it_means_or_is_refused() {
    let (d, src, av) = library();
    let base: Value = serde_json::from_str(&std::fs::read_to_string(&av).unwrap()).unwrap();
    let out = d.path().join("a.txt");
    for (change, expect) in [
        (json!({ "date": "2027-99-99" }), "date « 2027-99-99 »"),
        (json!({ "date": "15/01/2027" }), "date « 15/01/2027 »"),
        (json!({ "entree_en_vigueur": "2027-01-15junk" }), "entree_en_vigueur"),
        (
            json!({ "deliberations": [{ "partie": "paris", "organe": "Conseil de Paris", "date": "2026-12-9" }] }),
            "deliberations[0].date",
        ),
        (json!({ "deliberations": [{ "partie": "lyon", "organe": "conseil municipal" }] }), "« lyon » is not a party"),
        (json!({ "signataires": [{ "partie": "inconnue", "nom": "X" }] }), "« inconnue » is not a party"),
        (json!({ "operations": [{ "op": "rename_division", "division": "iv", "title": " " }] }), "title is empty"),
        (
            json!({ "operations": [{ "op": "rename_division", "division": "iv", "title": "a\n\n# b" }] }),
            "several lines",
        ),
        (
            json!({ "operations": [{ "op": "insert_division", "after": "iv", "id": "n", "title": "T", "text": [], "children": [{ "id": "m", "title": "x\n \ny", "text": [] }] }] }),
            "children[0].title",
        ),
    ] {
        let mut a = base.clone();
        for (k, v) in change.as_object().unwrap() {
            a[k] = v.clone();
        }
        let p = d.path().join("bad.json");
        std::fs::write(&p, a.to_string()).unwrap();
        let e = refused(&["avenant", "build", s(&src), s(&p), "-o", s(&out)], &out);
        assert!(e.contains(expect), "{} → {}", change, e);
        let dossier = d.path().join("dossier");
        refused(&["dossier", s(&src), s(&p), "-o", s(&dossier), "-q"], &dossier);
    }
    // Words, not a date, stay allowed.
    let mut a = base.clone();
    a["entree_en_vigueur"] = json!("à compter du 1er janvier 2028");
    std::fs::write(d.path().join("ok.json"), a.to_string()).unwrap();
    run_ok(&["avenant", "build", s(&src), s(&d.path().join("ok.json")), "-o", s(&out)]);
}

#[test]
fn folders_devices_and_endless_files_where_a_file_is_expected() {
    let (d, src, av) = library();
    let out = d.path().join("c.txt");
    // A fragment that is a folder, or a fifo (reading it would wait forever).
    std::fs::remove_file(src.join("i.md")).unwrap();
    std::fs::create_dir(src.join("i.md")).unwrap();
    let e = refused(&["build", s(&src), "-o", s(&out)], &out);
    assert!(e.contains("i.md") && e.contains("not a fragment"), "{}", e);
    std::fs::remove_dir(src.join("i.md")).unwrap();
    assert!(std::process::Command::new("mkfifo").arg(src.join("i.md")).status().unwrap().success());
    let e = refused(&["build", s(&src), "-o", s(&out)], &out);
    assert!(e.contains("not a fragment"), "{}", e);
    std::fs::remove_file(src.join("i.md")).unwrap();
    std::fs::copy(root().join("clauses/paris-ivry/i.md"), src.join("i.md")).unwrap();
    // An included clause that is missing is named with the file that includes it.
    std::fs::rename(src.parent().unwrap().join("commun/duree.md"), d.path().join("duree.md")).unwrap();
    let e = refused(&["build", s(&src), "-o", s(&out)], &out);
    assert!(e.contains("iv.md") && e.contains("« commun/duree » has no fragment") && !e.contains("outline"), "{}", e);
    std::fs::rename(d.path().join("duree.md"), src.parent().unwrap().join("commun/duree.md")).unwrap();
    // A change set that is a folder, or /dev/zero (no size, no end).
    let e = refused(&["avenant", "build", s(&src), s(d.path()), "-o", s(&out)], &out);
    assert!(e.contains("is a folder"), "{}", e);
    let e = refused(&["avenant", "build", s(&src), "/dev/zero", "-o", s(&out)], &out);
    assert!(e.contains("/dev/zero") && e.contains("too large"), "{}", e);
    let _ = av;
}

#[test]
fn a_party_signs_once() {
    let (d, src, _) = library();
    let m = src.join("manifest.json");
    let mut v: Value = serde_json::from_str(&std::fs::read_to_string(&m).unwrap()).unwrap();
    v["signature_order"] = json!(["paris", "paris", "ivry"]);
    std::fs::write(&m, v.to_string()).unwrap();
    let out = d.path().join("c.txt");
    let e = refused(&["build", s(&src), "-o", s(&out)], &out);
    assert!(e.contains("signature_order") && e.contains("twice"), "{}", e);
}

#[test]
fn the_marker_never_leads_a_removal_or_a_write_outside_the_folder() {
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("out");
    run_ok(&["import", s(&seed_path()), "-o", s(&out)]);
    let outside = d.path().join("ailleurs");
    std::fs::create_dir(&outside).unwrap();
    std::fs::write(outside.join("victime.txt"), "à garder").unwrap();
    std::fs::write(d.path().join("voisin.txt"), "à garder").unwrap();
    std::os::unix::fs::symlink(&outside, out.join("lien")).unwrap();
    std::fs::write(out.join("notes.txt"), "mes notes").unwrap();
    let marker = std::fs::read_to_string(out.join(".clausier-output")).unwrap();
    std::fs::write(out.join(".clausier-output"), format!("{}lien/victime.txt\n../voisin.txt\n/etc/hostname\n", marker))
        .unwrap();
    run_ok(&["import", s(&seed_path()), "-o", s(&out)]);
    assert_eq!(std::fs::read_to_string(outside.join("victime.txt")).unwrap(), "à garder");
    assert_eq!(std::fs::read_to_string(d.path().join("voisin.txt")).unwrap(), "à garder");
    assert_eq!(std::fs::read_to_string(out.join("notes.txt")).unwrap(), "mes notes");
    assert!(out.join("lien").is_symlink());
}

#[test]
fn a_folder_clausier_wrote_as_something_else_is_not_replaced_without_force() {
    let d = tempfile::tempdir().unwrap();
    let src = d.path().join("source");
    run_ok(&["import", s(&seed_path()), "-o", s(&src)]);
    let before = tree(&src);
    // A signing set over an imported source would remove its clauses.
    let e = fails(&["originals", "-o", s(&src)]);
    assert!(e.contains("something other than a signing set"), "{}", e);
    assert_eq!(tree(&src), before);
    // The same kind of folder is replaced as before.
    run_ok(&["import", s(&seed_path()), "-o", s(&src)]);
    assert_eq!(tree(&src), before);
}

// ---------------------------------------------------------------------------
// 7. Safe again (issue 22): each reproduction of the hostile sweep, which
// lost data, read outside the library, hung or panicked before its fix.

/// A run that must end within `secs` (a hang is a failure, not a stuck
/// test), with `stdin` fed from a thread.
fn run_within(args: &[&str], stdin: Option<Vec<u8>>, secs: u64) -> std::process::Output {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_clausier"))
        .args(args)
        .current_dir(root())
        .stdin(if stdin.is_some() { Stdio::piped() } else { Stdio::null() })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let feeder = stdin.map(|bytes| {
        let mut w = child.stdin.take().unwrap();
        std::thread::spawn(move || {
            let _ = w.write_all(&bytes);
        })
    });
    let start = std::time::Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > std::time::Duration::from_secs(secs) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{:?} still running after {} s: it hangs", args, secs);
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    if let Some(f) = feeder {
        f.join().unwrap();
    }
    child.wait_with_output().unwrap()
}

fn mkfifo(p: &Path) {
    assert!(std::process::Command::new("mkfifo").arg(p).status().unwrap().success());
}

/// Every file under `dir` with its bytes.
fn contents(dir: &Path) -> Vec<(String, Vec<u8>)> {
    tree(dir).into_iter().map(|f| (f.clone(), std::fs::read(dir.join(&f)).unwrap_or_default())).collect()
}

#[test]
fn force_never_writes_over_an_input() {
    let (d, src, av) = library();
    let before = contents(&src);
    for args in [
        vec!["originals", s(&src), "-o", s(&src), "--force"],
        vec!["dossier", s(&src), s(&av), "-o", s(&src), "-q", "--force"],
        vec!["avenant", "apply", s(&src), s(&av), "-o", s(&src), "--force"],
    ] {
        let e = fails(&args);
        assert!(e.contains("one of the inputs"), "{:?}: {}", args, e);
        assert_eq!(contents(&src), before, "{:?} changed the source", args);
    }
    // The source still builds.
    run_ok(&["build", s(&src), "-o", s(&d.path().join("c.txt"))]);
    // A text imported into the folder that holds it, with --force.
    let folder = d.path().join("d");
    std::fs::create_dir(&folder).unwrap();
    std::fs::copy(seed_path(), folder.join("titre.md")).unwrap();
    let e = fails(&["import", s(&folder.join("titre.md")), "-o", s(&folder), "--force"]);
    assert!(e.contains("holds an input"), "{}", e);
    assert_eq!(std::fs::read(folder.join("titre.md")).unwrap(), std::fs::read(seed_path()).unwrap());
    assert_eq!(tree(&folder), vec!["titre.md"]);
}

#[test]
fn a_folder_of_the_users_where_clausier_wrote_a_file_survives() {
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("out");
    run_ok(&["import", s(&seed_path()), "-o", s(&out)]);
    std::fs::remove_file(out.join("i.md")).unwrap();
    std::fs::create_dir(out.join("i.md")).unwrap();
    std::fs::write(out.join("i.md/USERDATA.txt"), "x").unwrap();
    let seed = seed_path();
    for force in [false, true] {
        let mut args = vec!["import", s(&seed), "-o", s(&out)];
        if force {
            args.push("--force");
        }
        let e = fails(&args);
        assert!(e.contains("i.md") && e.contains("folder"), "{}", e);
        assert_eq!(std::fs::read_to_string(out.join("i.md/USERDATA.txt")).unwrap(), "x");
        assert!(leftovers(d.path()).is_empty());
    }
}

#[test]
fn a_file_clausier_wrote_then_changed_is_the_users() {
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("out");
    let small = d.path().join("petit.md");
    std::fs::write(&small, "CONVENTION DE TEST\n\n## Article 1 – Objet\n\nLes parties coopèrent.\n").unwrap();
    // A file the next run no longer writes, edited by the user: refused
    // without --force, kept with it (and no longer clausier's).
    run_ok(&["import", s(&seed_path()), "-o", s(&out)]);
    std::fs::write(out.join("cloture.md"), "ma version").unwrap();
    let e = fails(&["import", s(&small), "-o", s(&out)]);
    assert!(e.contains("cloture.md") && e.contains("changed") && e.contains("--force"), "{}", e);
    assert_eq!(std::fs::read_to_string(out.join("cloture.md")).unwrap(), "ma version");
    run_ok(&["import", s(&small), "-o", s(&out), "--force"]);
    assert_eq!(std::fs::read_to_string(out.join("cloture.md")).unwrap(), "ma version");
    assert!(!std::fs::read_to_string(out.join(".clausier-output")).unwrap().contains("cloture.md"));
    run_ok(&["import", s(&small), "-o", s(&out)]);
    assert_eq!(std::fs::read_to_string(out.join("cloture.md")).unwrap(), "ma version");
    // A file the next run writes again, edited: refused without --force,
    // replaced with it.
    let out = d.path().join("out2");
    run_ok(&["import", s(&seed_path()), "-o", s(&out)]);
    let mine = std::fs::read_to_string(out.join("i.md")).unwrap() + "\nUne phrase ajoutée.\n";
    std::fs::write(out.join("i.md"), &mine).unwrap();
    let e = fails(&["import", s(&seed_path()), "-o", s(&out)]);
    assert!(e.contains("i.md") && e.contains("changed"), "{}", e);
    assert_eq!(std::fs::read_to_string(out.join("i.md")).unwrap(), mine);
    run_ok(&["import", s(&seed_path()), "-o", s(&out), "--force"]);
    assert!(!std::fs::read_to_string(out.join("i.md")).unwrap().contains("Une phrase ajoutée"));
    // A link where clausier wrote a file.
    std::fs::remove_file(out.join("cloture.md")).unwrap();
    std::os::unix::fs::symlink(&small, out.join("cloture.md")).unwrap();
    let e = fails(&["import", s(&small), "-o", s(&out)]);
    assert!(e.contains("cloture.md") && e.contains("symbolic link"), "{}", e);
    assert!(out.join("cloture.md").is_symlink());
    // A marker of an older clausier (names alone) is still read: its files
    // are replaced, a folder where it listed a file is refused.
    let out = d.path().join("out3");
    run_ok(&["import", s(&seed_path()), "-o", s(&out)]);
    let names: Vec<String> = tree(&out).into_iter().filter(|f| f != ".clausier-output").collect();
    let head = std::fs::read_to_string(out.join(".clausier-output")).unwrap().lines().next().unwrap().to_string();
    std::fs::write(out.join(".clausier-output"), format!("{}\n{}\n", head, names.join("\n"))).unwrap();
    std::fs::write(out.join("notes.txt"), "mes notes").unwrap();
    run_ok(&["import", s(&seed_path()), "-o", s(&out)]);
    assert_eq!(std::fs::read_to_string(out.join("notes.txt")).unwrap(), "mes notes");
    std::fs::write(out.join(".clausier-output"), format!("{}\n{}\n", head, names.join("\n"))).unwrap();
    std::fs::remove_file(out.join("cloture.md")).unwrap();
    std::fs::create_dir(out.join("cloture.md")).unwrap();
    std::fs::write(out.join("cloture.md/USERDATA.txt"), "x").unwrap();
    let e = fails(&["import", s(&small), "-o", s(&out)]);
    assert!(e.contains("cloture.md") && e.contains("folder"), "{}", e);
    assert!(out.join("cloture.md/USERDATA.txt").is_file());
}

#[test]
fn the_library_itself_must_lie_in_the_library() {
    let (d, src, _) = library();
    let outside = d.path().join("outside");
    std::fs::create_dir_all(outside.join("commun")).unwrap();
    for e in std::fs::read_dir(src.parent().unwrap().join("commun")).unwrap() {
        let e = e.unwrap();
        std::fs::write(outside.join("commun").join(e.file_name()), "SECRET hors de la bibliothèque.\n").unwrap();
    }
    let set_library = |l: &str| {
        let mut m: Value = serde_json::from_str(&std::fs::read_to_string(src.join("manifest.json")).unwrap()).unwrap();
        m["library"] = json!(l);
        std::fs::write(src.join("manifest.json"), serde_json::to_string_pretty(&m).unwrap()).unwrap();
    };
    // `ln -s ../../outside SRC/shared`, "library": "shared".
    std::os::unix::fs::symlink("../../outside", src.join("shared")).unwrap();
    set_library("shared");
    let out = d.path().join("c.txt");
    let e = refused(&["build", s(&src), "-o", s(&out)], &out);
    assert!(e.contains("library") && e.contains("outside"), "{}", e);
    assert!(!e.contains("SECRET"));
    // `ln -s / SRC/r`, "library": "r".
    std::os::unix::fs::symlink("/", src.join("r")).unwrap();
    set_library("r");
    let e = refused(&["build", s(&src), "-o", s(&out)], &out);
    assert!(e.contains("library") && e.contains("outside"), "{}", e);
    // A library folder inside the library, or the source's parent, still reads.
    set_library("..");
    run_ok(&["build", s(&src), "-o", s(&out)]);
    assert!(!std::fs::read_to_string(&out).unwrap().contains("SECRET"));
}

/// A minimal Word package: `document.xml` with this body, and a
/// `numbering.xml` when given.
fn docx_package(document: &str, numbering: Option<&str>) -> Vec<u8> {
    use std::io::Write;
    let rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let mut parts: Vec<(String, String)> = vec![
        ("[Content_Types].xml".into(), r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/></Types>"#.into()),
        ("_rels/.rels".into(), format!(r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{}/officeDocument" Target="word/document.xml"/></Relationships>"#, rel)),
        ("word/document.xml".into(), document.to_string()),
    ];
    if let Some(n) = numbering {
        parts.push(("word/_rels/document.xml.rels".into(), format!(r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{}/numbering" Target="numbering.xml"/></Relationships>"#, rel)));
        parts.push(("word/numbering.xml".into(), n.to_string()));
    }
    for (name, data) in parts {
        w.start_file(name, opts).unwrap();
        w.write_all(data.as_bytes()).unwrap();
    }
    w.finish().unwrap().into_inner()
}

const W_NS: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;

#[test]
fn a_custom_number_format_of_any_length_is_read_without_a_panic() {
    let d = tempfile::tempdir().unwrap();
    let custom = format!("{}1, {}2", "0".repeat(65_540), "0".repeat(65_540));
    let numbering = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><w:numbering {}><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="custom" w:format="{}"/><w:lvlText w:val="Article %1"/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>"#,
        W_NS, custom
    );
    let para = |num: bool, text: &str| {
        let ppr = if num { r#"<w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr>"# } else { "" };
        format!(r#"<w:p>{}<w:r><w:t xml:space="preserve">{}</w:t></w:r></w:p>"#, ppr, text)
    };
    let body = [
        para(false, "CONVENTION DE TEST"),
        para(true, "Objet"),
        para(false, "Les parties coopèrent."),
        para(true, "Durée"),
        para(false, "La convention est conclue pour deux ans."),
    ]
    .concat();
    let document =
        format!(r#"<?xml version="1.0" encoding="UTF-8"?><w:document {}><w:body>{}</w:body></w:document>"#, W_NS, body);
    let docx = d.path().join("numerotee.docx");
    std::fs::write(&docx, docx_package(&document, Some(&numbering))).unwrap();
    let out = d.path().join("src");
    let r = run_within(&["import", s(&docx), "-o", s(&out)], None, 60);
    let err = String::from_utf8_lossy(&r.stderr);
    assert!(r.status.success(), "{}", err);
    assert!(!err.contains("panicked"));
    let txt = d.path().join("c.txt");
    run_ok(&["build", s(&out), "-o", s(&txt)]);
    let text = std::fs::read_to_string(&txt).unwrap();
    assert!(text.contains("Article 0000000001") && text.contains("Article 0000000002"), "{}", text);
}

#[test]
fn a_pipe_a_fifo_and_a_process_substitution_are_read_whole_and_once() {
    let d = tempfile::tempdir().unwrap();
    let title = |dir: &Path| -> String {
        let m: Value = serde_json::from_str(&std::fs::read_to_string(dir.join("manifest.json")).unwrap()).unwrap();
        m["title"].as_str().unwrap().to_string()
    };
    let file = d.path().join("file");
    run_ok(&["import", s(&seed_path()), "-o", s(&file)]);
    let expected = title(&file);
    assert!(expected.starts_with("CONVENTION"), "{}", expected);
    // A text whose first bytes are words: the 4 bytes a sniff took were lost
    // (« NVENTION DE COOPÉRATION »).
    let small = "CONVENTION DE COOPÉRATION\n\n## Article 1\n\nLes parties coopèrent.\n";
    let out = d.path().join("small");
    let r = run_within(&["import", "/dev/stdin", "-o", s(&out)], Some(small.as_bytes().to_vec()), 60);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    assert_eq!(title(&out), "CONVENTION DE COOPÉRATION");
    // `cat seed.md | clausier import /dev/stdin`.
    let piped = d.path().join("piped");
    let r = run_within(&["import", "/dev/stdin", "-o", s(&piped)], Some(std::fs::read(seed_path()).unwrap()), 60);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    assert_eq!(title(&piped), expected);
    assert_eq!(
        std::fs::read(piped.join("i.md")).unwrap(),
        std::fs::read(file.join("i.md")).unwrap(),
        "the same source as from the file"
    );
    // A DOCX piped.
    let docx = d.path().join("seed.docx");
    run_ok(&["build", "-o", s(&docx)]);
    let from_file = d.path().join("docx-file");
    run_ok(&["import", s(&docx), "-o", s(&from_file)]);
    let from_pipe = d.path().join("docx-pipe");
    let r = run_within(&["import", "/dev/stdin", "-o", s(&from_pipe)], Some(std::fs::read(&docx).unwrap()), 60);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    assert_eq!(title(&from_pipe), title(&from_file));
    // A process substitution, `import <(cat seed.md)`.
    let subst = d.path().join("subst");
    let cmd = format!("'{}' import <(cat '{}') -o '{}'", env!("CARGO_BIN_EXE_clausier"), s(&seed_path()), s(&subst));
    let r = std::process::Command::new("bash").args(["-c", &cmd]).output().unwrap();
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    assert_eq!(title(&subst), expected);
    // A FIFO as the text: `mkfifo f.md; cat seed.md > f.md & clausier import f.md`.
    let fifo = d.path().join("f.md");
    mkfifo(&fifo);
    let (f2, seed) = (fifo.clone(), std::fs::read(seed_path()).unwrap());
    let writer = std::thread::spawn(move || {
        use std::io::Write;
        let _ = std::fs::OpenOptions::new().write(true).open(&f2).and_then(|mut f| f.write_all(&seed));
    });
    let from_fifo = d.path().join("fifo");
    let r = run_within(&["import", s(&fifo), "-o", s(&from_fifo)], None, 30);
    writer.join().unwrap();
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    assert_eq!(title(&from_fifo), expected);
}

#[test]
fn a_marker_that_is_a_fifo_or_a_link_to_an_endless_file_is_refused_at_once() {
    let d = tempfile::tempdir().unwrap();
    for (k, make) in ["fifo", "/dev/zero"].into_iter().enumerate() {
        let out = d.path().join(format!("out{}", k));
        run_ok(&["import", s(&seed_path()), "-o", s(&out)]);
        std::fs::remove_file(out.join(".clausier-output")).unwrap();
        if make == "fifo" {
            mkfifo(&out.join(".clausier-output"));
        } else {
            std::os::unix::fs::symlink(make, out.join(".clausier-output")).unwrap();
        }
        let before = tree(&out);
        let r = run_within(&["import", s(&seed_path()), "-o", s(&out)], None, 20);
        let e = String::from_utf8_lossy(&r.stderr);
        assert_eq!(r.status.code(), Some(1), "{}", e);
        assert!(e.contains(".clausier-output") && e.contains("not a plain file"), "{}", e);
        assert_eq!(tree(&out), before);
    }
}

#[test]
fn an_endless_input_stops_at_the_cap_it_names() {
    // `(printf 'PK\003\004'; head -c … /dev/zero) | clausier import /dev/stdin`:
    // 100 MB fed, refused once 32 MB are read.
    let d = tempfile::tempdir().unwrap();
    let mut bytes = b"PK\x03\x04".to_vec();
    bytes.resize(100 * 1024 * 1024, 0);
    let out = d.path().join("out");
    let r = run_within(&["import", "/dev/stdin", "-o", s(&out)], Some(bytes), 60);
    let e = String::from_utf8_lossy(&r.stderr);
    assert_eq!(r.status.code(), Some(1), "{}", e);
    assert!(e.contains("/dev/stdin") && e.contains("32 MB") && e.contains("too large"), "{}", e);
    assert!(!out.exists());
}

#[test]
fn errors_name_what_a_file_is() {
    let (d, src, av) = library();
    let out = d.path().join("a.json");
    // A PDF and an RTF named .docx, given as the edited version.
    for (name, bytes, what) in [
        ("as-pdf.docx", b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj\n<< >>\nendobj\n".to_vec(), "is a PDF, not a Word"),
        (
            "as-rtf.docx",
            b"{\\rtf1\\ansi\\deff0 {\\fonttbl {\\f0 Times;}} Convention}".to_vec(),
            "is an RTF document, not a Word",
        ),
    ] {
        let f = d.path().join(name);
        std::fs::write(&f, bytes).unwrap();
        for args in [vec!["avenant", "draft", s(&src), s(&f), "-o", s(&out)], vec!["redline", s(&src), s(&f), "--stat"]]
        {
            let e = fails(&args);
            assert!(e.contains(name) && e.contains(what), "{:?}: {}", args, e);
        }
        let e = fails(&["dossier", s(&src), s(&f), "-o", s(&d.path().join("pack")), "-q"]);
        assert!(e.contains(name) && e.contains("is a") && !e.contains("JSON:"), "{}", e);
        let e = fails(&["import", s(&f), "-o", s(&d.path().join("imported"))]);
        assert!(e.contains(name) && e.contains(what.split(", not").next().unwrap()), "{}", e);
    }
    assert!(!out.exists());
    // UTF-16 without a byte order mark.
    let f = d.path().join("utf16.md");
    let text = "CONVENTION DE TEST\n\n## Article 1 – Objet\n\nLes parties coopèrent.\n";
    std::fs::write(&f, text.encode_utf16().flat_map(u16::to_le_bytes).collect::<Vec<u8>>()).unwrap();
    let e = fails(&["import", s(&f), "-o", s(&d.path().join("imported"))]);
    assert!(e.contains("UTF-16") && e.contains("without a byte order mark") && e.contains("UTF-8"), "{}", e);
    // An unbound namespace prefix: the namespace at fault is named.
    let docx = d.path().join("prefixe.docx");
    let document = r#"<?xml version="1.0" encoding="UTF-8"?><w:document><w:body><w:p><w:r><w:t>Texte</w:t></w:r></w:p></w:body></w:document>"#;
    std::fs::write(&docx, docx_package(document, None)).unwrap();
    let e = fails(&["import", s(&docx), "-o", s(&d.path().join("imported"))]);
    assert!(e.contains("w:") && e.contains("not bound") && !e.contains("<w:document>, not <w:document>"), "{}", e);
    // A count the manifest states is named as the manifest's field, not as
    // a flag that was never given.
    let mut m: Value = serde_json::from_str(&std::fs::read_to_string(src.join("manifest.json")).unwrap()).unwrap();
    m["originaux"] = json!(4_294_967_295u64);
    std::fs::write(src.join("manifest.json"), serde_json::to_string_pretty(&m).unwrap()).unwrap();
    let e = fails(&["originals", s(&src), "-o", s(&d.path().join("originaux"))]);
    assert!(e.contains("originaux") && e.contains("4294967295") && !e.contains("--copies"), "{}", e);
    let _ = av;
}

#[test]
fn a_replaced_file_keeps_its_mode_and_a_link_is_written_through() {
    use std::os::unix::fs::PermissionsExt;
    let d = tempfile::tempdir().unwrap();
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    // A private file stays private.
    let out = d.path().join("c.txt");
    std::fs::write(&out, "ancien").unwrap();
    std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o600)).unwrap();
    run_ok(&["build", "-o", s(&out)]);
    assert_eq!(mode(&out), 0o600);
    assert!(std::fs::read_to_string(&out).unwrap().contains("CONVENTION"));
    // In a folder output too, and the folder itself.
    let src = d.path().join("src");
    run_ok(&["import", s(&seed_path()), "-o", s(&src)]);
    std::fs::set_permissions(src.join("i.md"), std::fs::Permissions::from_mode(0o600)).unwrap();
    std::fs::set_permissions(&src, std::fs::Permissions::from_mode(0o700)).unwrap();
    run_ok(&["import", s(&seed_path()), "-o", s(&src)]);
    assert_eq!((mode(&src.join("i.md")), mode(&src)), (0o600, 0o700));
    std::fs::write(src.join("notes.txt"), "mes notes").unwrap();
    run_ok(&["import", s(&seed_path()), "-o", s(&src)]);
    assert_eq!(mode(&src.join("i.md")), 0o600, "updated file by file");
    // A link given as -o is written through: the file it points to is
    // replaced, the link stays.
    let target = d.path().join("cible.txt");
    std::fs::write(&target, "ancien").unwrap();
    let link = d.path().join("lien.txt");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    run_ok(&["build", "-o", s(&link)]);
    assert!(link.is_symlink());
    assert!(std::fs::read_to_string(&target).unwrap().contains("CONVENTION"));
    // A link to nothing and a read-only file are refused, left as they are.
    let dangling = d.path().join("perdu.txt");
    std::os::unix::fs::symlink(d.path().join("nulle-part.txt"), &dangling).unwrap();
    let e = fails(&["build", "-o", s(&dangling)]);
    assert!(e.contains("symbolic link") && e.contains("does not exist"), "{}", e);
    let ro = d.path().join("lecture-seule.txt");
    std::fs::write(&ro, "ancien").unwrap();
    std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o444)).unwrap();
    let e = fails(&["build", "-o", s(&ro)]);
    assert!(e.contains("read-only"), "{}", e);
    assert_eq!(std::fs::read_to_string(&ro).unwrap(), "ancien");
    assert!(leftovers(d.path()).is_empty());
}

/// The quoted text of the first quotation of an avenant: the alinéa after
/// « (a table), or the words between « and ».
fn first_quotation(avenant: &clausier::model::Document) -> Option<String> {
    let alineas: Vec<&clausier::model::Alinea> =
        avenant.all_divisions().into_iter().flat_map(|d| d.alineas.iter()).collect();
    let k = alineas.iter().position(|a| a.text().trim_start().starts_with('«'))?;
    let t = alineas[k].text();
    if t.trim() == "«" {
        return Some(alineas.get(k + 1)?.text());
    }
    let inner = t.trim().strip_prefix('«')?.trim_end().trim_end_matches('.');
    let inner = inner.strip_suffix('»')?.trim();
    Some(inner.strip_prefix("– ").unwrap_or(inner).to_string())
}

/// The avenant document and the consolidated text for `text` inserted as
/// an alinéa of article IV, and the alinéa the consolidated text reads.
fn inserted(text: &str) -> (clausier::model::Document, clausier::model::Alinea) {
    let src = clausier::source::Source::load(&library_source()).unwrap();
    let old = clausier::render::assemble(&src, &Default::default()).unwrap();
    let mut cs = clausier::avenant::load(&root().join("examples/avenant-1.json")).unwrap();
    cs.operations = serde_json::from_value(json!([
        { "op": "insert_alineas", "division": "iv", "after": 1, "text": [text] }
    ]))
    .unwrap();
    let path = Path::new("a.json");
    let avenant = clausier::avenant::document::build_on(&src, &old, &cs, path).unwrap();
    let (_, consolidated) = clausier::avenant::apply::consolidate(&src, &old, &cs, path, &Default::default()).unwrap();
    let iv = consolidated.find("iv").unwrap();
    assert_eq!(iv.alineas.len(), old.find("iv").unwrap().alineas.len() + 1, "one text, one alinéa: {:?}", text);
    (avenant, iv.alineas[1].clone())
}

#[test]
fn a_change_set_text_in_block_syntax_is_quoted_as_the_consolidated_text_reads_it() {
    use clausier::model::AlineaKind;
    // The three forms the sweep found: a quote, a fenced block, a pipe table.
    let (avenant, a) = inserted("> cité");
    assert_eq!(a.text(), "> cité");
    assert_eq!(first_quotation(&avenant).unwrap(), "> cité");
    let (avenant, a) = inserted("```\nbloc de code\n```");
    assert_eq!(a.text(), "``` bloc de code ```");
    assert_eq!(first_quotation(&avenant).unwrap(), a.text());
    let (avenant, a) = inserted("| Année | Montant |\n|---|---|\n| 2027 | 1 000 € |");
    assert!(matches!(a.kind, AlineaKind::Table { .. }), "{:?}", a);
    assert_eq!(first_quotation(&avenant).unwrap(), a.text());
    // Inline formatting is read on both sides, a list item is an item.
    let (avenant, a) = inserted("Le comité se réunit *chaque mois*.");
    assert_eq!(a.text(), "Le comité se réunit chaque mois.");
    assert_eq!(first_quotation(&avenant).unwrap(), a.text());
    let (avenant, a) = inserted("- un rapport annuel ;");
    assert_eq!(a.kind, AlineaKind::Item { marker: None });
    assert_eq!(first_quotation(&avenant).unwrap(), a.text());
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(
        std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(48)
    ))]

    /// For any text, the avenant quotes exactly what the consolidated text says.
    #[test]
    fn the_avenant_quotes_what_the_consolidated_text_says(
        lines in proptest::collection::vec(
            (
                proptest::sample::select(vec![
                    "", "> ", ">> ", "```", "~~~", "    ", "- ", "* ", "+ ", "1. ", "2) ", "---", "***", "===",
                    "| ", "[note]: ", "#", "<b>", "\\> ", "1\\. ",
                ]),
                proptest::collection::vec(
                    proptest::sample::select(vec![
                        "la", "commune", "*verse*", "**une**", "subvention", "`code`", "_annuelle_", "|", "au",
                        "comité", "1 000 €", "l'État", "[lien](x)", "<i>suivi</i>", "{{variable}}", ">", "-", "#",
                    ]),
                    0..6,
                ),
            ),
            1..4,
        ),
        table in proptest::bool::weighted(0.15),
    ) {
        let text: String = if table {
            "| a | b |\n|---|---|\n| 1 | 2 |".to_string()
        } else {
            lines.iter().map(|(p, w)| format!("{}{}", p, w.join(" "))).collect::<Vec<_>>().join("\n")
        };
        let words = text.lines().map(str::trim).filter(|l| !l.is_empty()).count();
        proptest::prop_assume!(words > 0);
        // A heading is refused, not quoted: nothing to compare.
        let first = text.lines().map(str::trim).find(|l| !l.is_empty()).unwrap();
        proptest::prop_assume!(!(first.starts_with('#') && first.trim_start_matches('#').chars().next().is_none_or(char::is_whitespace)));
        let (avenant, a) = inserted(&text);
        let quoted = first_quotation(&avenant).unwrap();
        proptest::prop_assert_eq!(quoted, a.text(), "text {:?}", text);
    }
}
