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
