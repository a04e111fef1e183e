//! The shape of `src/`: modules depend downward only. A module that reaches
//! back up (`write` using `layout` while `layout` uses `write`) makes every
//! later change touch both; this test names the circle the day one appears.

use crate::common::root;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Top-level module → the top-level modules its code names (`crate::x`),
/// comments and unit tests left out.
fn graph() -> BTreeMap<String, BTreeSet<String>> {
    fn files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                files(&p, out);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(p);
            }
        }
    }
    let src = root().join("src");
    let mut all = Vec::new();
    files(&src, &mut all);
    let reference = regex::Regex::new(r"crate::([a-z_]+)").unwrap();
    let mut g: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for p in &all {
        let rel = p.strip_prefix(&src).unwrap();
        let top = rel.components().next().unwrap().as_os_str().to_string_lossy().trim_end_matches(".rs").to_string();
        if top == "main" || top == "lib" {
            continue;
        }
        let text = std::fs::read_to_string(p).unwrap();
        let code = text.split("#[cfg(test)]").next().unwrap();
        let deps = g.entry(top.clone()).or_default();
        for line in code.lines().map(|l| l.split("//").next().unwrap()) {
            for c in reference.captures_iter(line) {
                if c[1] != *top {
                    deps.insert(c[1].to_string());
                }
            }
        }
    }
    let known: BTreeSet<String> = g.keys().cloned().collect();
    g.values_mut().for_each(|d| d.retain(|m| known.contains(m)));
    g
}

/// A circle of modules, if there is one.
fn circle(g: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        n: &str,
        g: &BTreeMap<String, BTreeSet<String>>,
        state: &mut BTreeMap<String, u8>,
        path: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        state.insert(n.to_string(), 1);
        path.push(n.to_string());
        for m in &g[n] {
            match state.get(m.as_str()) {
                Some(1) => {
                    let k = path.iter().position(|p| p == m).unwrap();
                    let mut c = path[k..].to_vec();
                    c.push(m.clone());
                    return Some(c);
                }
                None => {
                    if let Some(c) = visit(m, g, state, path) {
                        return Some(c);
                    }
                }
                _ => {}
            }
        }
        path.pop();
        state.insert(n.to_string(), 2);
        None
    }
    let mut state = BTreeMap::new();
    for n in g.keys() {
        if !state.contains_key(n.as_str()) {
            if let Some(c) = visit(n, g, &mut state, &mut Vec::new()) {
                return Some(c);
            }
        }
    }
    None
}

#[test]
fn the_modules_of_src_form_no_circle() {
    let g = graph();
    // The pipeline is there to be checked: readers, model, compare, writers.
    for m in ["model", "markdown", "read", "import", "source", "render", "compare", "avenant", "write", "word"] {
        assert!(g.contains_key(m), "no module {} in src/", m);
    }
    assert!(
        !g["model"].contains("write") && !g["model"].contains("compare"),
        "the model depends on what is built on it: {:?}",
        g["model"]
    );
    if let Some(c) = circle(&g) {
        panic!("modules depend on each other in a circle: {}", c.join(" → "));
    }
}

/// The pipeline's stages, bottom first: a module may name modules of its
/// own stage or below, never above (ARCHITECTURE.md draws the same).
const STAGES: [(&str, &[&str]); 8] = [
    (
        "foundations",
        &["error", "diagnostic", "input", "fsutil", "french", "tokens", "templates", "sequence_diff", "numbering"],
    ),
    // The model, and its notation in the library's fragments (Markdown,
    // with the bits of HTML texts carry).
    ("model", &["model", "markdown", "html_in_texts"]),
    // Readers of documents and of the library, and the assembly of a source into the model.
    ("readers", &["read", "import", "party", "source", "calendar", "render"]),
    ("compare", &["compare", "fingerprint"]),
    ("operations", &["avenant", "cite", "facts", "consolidation"]),
    ("layout", &["layout"]),
    ("writers", &["write"]),
    // What a user asks for, each a few stages put together.
    ("commands", &["word", "redline", "originals", "dossier", "councils", "desk"]),
];

/// Each module's stage (its index in `STAGES`).
fn stage_of() -> BTreeMap<&'static str, usize> {
    STAGES.iter().enumerate().flat_map(|(k, (_, ms))| ms.iter().map(move |m| (*m, k))).collect()
}

/// Every dependency that points up the pipeline, as « from (stage) → to (stage) ».
fn arrows_back(g: &BTreeMap<String, BTreeSet<String>>) -> Vec<String> {
    let stage = stage_of();
    let mut back = Vec::new();
    for (from, deps) in g {
        for to in deps {
            let (a, b) = (stage[from.as_str()], stage[to.as_str()]);
            if b > a {
                back.push(format!("{from} ({}) → {to} ({})", STAGES[a].0, STAGES[b].0));
            }
        }
    }
    back
}

/// Readers → model → compare → operations → layout → writers: no module
/// reaches up the pipeline (a reader using a writer, the model using the
/// comparison), and every module of `src/` has its stage.
#[test]
fn the_modules_of_src_follow_the_pipeline() {
    let g = graph();
    let stage = stage_of();
    let unstaged: Vec<&String> = g.keys().filter(|m| !stage.contains_key(m.as_str())).collect();
    assert!(unstaged.is_empty(), "modules with no stage in STAGES: {unstaged:?}");
    let back = arrows_back(&g);
    assert!(back.is_empty(), "dependencies up the pipeline:\n{}", back.join("\n"));
}

#[test]
fn an_arrow_back_is_seen() {
    let mut g: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    g.insert("write".into(), ["layout".to_string(), "model".to_string()].into());
    g.insert("layout".into(), ["model".to_string()].into());
    g.insert("model".into(), BTreeSet::new());
    assert!(arrows_back(&g).is_empty());
    g.get_mut("model").unwrap().insert("write".into());
    assert_eq!(arrows_back(&g), vec!["model (model) → write (writers)".to_string()]);
}

#[test]
fn a_circle_is_seen() {
    // The check itself: a graph with a circle is caught, one without is not.
    let mut g: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    g.insert("a".into(), ["b".to_string()].into());
    g.insert("b".into(), ["c".to_string()].into());
    g.insert("c".into(), BTreeSet::new());
    assert_eq!(circle(&g), None);
    g.get_mut("c").unwrap().insert("a".into());
    assert_eq!(circle(&g), Some(vec!["a".into(), "b".into(), "c".into(), "a".into()]));
}
