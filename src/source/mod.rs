//! A convention source: a directory with a `manifest.json` and one Markdown
//! fragment per clause. Shared clauses (`commun/duree`) live once in the
//! library (`clauses/`) and are found through the manifest's `library`.

pub mod manifest;

use crate::error::{read_utf8, Error, Result};
use crate::numbering::Pattern;
pub use manifest::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// A clause fragment as read from disk.
#[derive(Debug, Clone, PartialEq)]
pub struct Clause {
    pub path: PathBuf,
    pub text: String,
}

#[derive(Debug, Clone)]
pub struct Source {
    pub dir: PathBuf,
    pub manifest: Manifest,
    /// Every clause the manifest names, by id.
    pub clauses: BTreeMap<String, Clause>,
}

/// Clause and division ids: letters, digits, `.`, `_`, `-`, and `/` between
/// a shared library folder and the clause. No `..`, no absolute path.
pub fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 200
        && id.split('/').all(|part| {
            !part.is_empty()
                && part != "."
                && part != ".."
                && part.chars().next().is_some_and(|c| c.is_ascii_alphanumeric())
                && part.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
        })
}

/// A division id: a clause id without the `/` of shared clauses.
pub fn valid_division_id(id: &str) -> bool {
    valid_id(id) && !id.contains('/')
}

impl Source {
    /// The directory where shared clause ids are looked up.
    pub fn library_root(&self) -> PathBuf {
        library_root(&self.dir, &self.manifest)
    }

    pub fn manifest_path(&self) -> PathBuf {
        self.dir.join(MANIFEST)
    }

    /// Loads and checks a source directory.
    pub fn load(dir: &Path) -> Result<Source> {
        if !dir.exists() {
            return Err(Error::Io { path: dir.to_path_buf(), msg: "no such source directory".into() });
        }
        let mpath = if dir.is_file() { dir.to_path_buf() } else { dir.join(MANIFEST) };
        let dir = mpath.parent().map(Path::to_path_buf).unwrap_or_else(|| PathBuf::from("."));
        if !mpath.is_file() {
            return Err(Error::Io { path: mpath, msg: "no manifest.json: not a convention source (try `clausier list`)".into() });
        }
        let inside = Within::new(&dir)?;
        inside.check(&mpath, "the source folder")?;
        let text = read_utf8(&mpath)?;
        let manifest: Manifest = serde_json::from_str(&text).map_err(|e| Error::json(&mpath, e))?;
        check_manifest(&mpath, &manifest)?;
        let root = library_root(&dir, &manifest);
        // Shared clauses may live anywhere in the library, local ones only in
        // the source folder: a fragment that is a symbolic link to
        // `/etc/passwd` must never end up in a document.
        let library = if root.is_dir() { Some(Within::new(&root)?) } else { None };
        let mut clauses = BTreeMap::new();
        let mut todo: Vec<(String, PathBuf)> = clause_ids(&manifest).into_iter().map(|id| (id, mpath.clone())).collect();
        while let Some((id, named_in)) = todo.pop() {
            if clauses.contains_key(&id) {
                continue;
            }
            let path = clause_path(&dir, &root, &id);
            if !path.is_file() {
                return Err(Error::MissingClause { manifest: named_in, id, expected: path });
            }
            match (&library, id.contains('/')) {
                (_, false) => inside.check(&path, "the source folder")?,
                (Some(lib), true) => lib.check(&path, "the library")?,
                (None, true) => return Err(Error::MissingClause { manifest: named_in, id, expected: path }),
            }
            let text = read_utf8(&path)?;
            for (inc, line) in includes(&text) {
                if !valid_id(&inc) {
                    return Err(Error::Fragment { path: path.clone(), line, msg: format!("included clause id « {} » is not valid (no .., no absolute path)", inc) });
                }
                todo.push((inc, path.clone()));
            }
            clauses.insert(id, Clause { path, text });
        }
        check_cycles(&clauses)?;
        Ok(Source { dir, manifest, clauses })
    }

    /// The files that make up this source as a self-contained directory:
    /// shared clauses are copied in (under their `commun/…` ids) so the
    /// written source builds anywhere.
    pub fn files(&self) -> Vec<(PathBuf, Vec<u8>)> {
        let mut m = self.manifest.clone();
        if self.clauses.keys().any(|k| k.contains('/')) {
            m.library = Some(".".into());
        } else {
            m.library = None;
        }
        let mut out = vec![(PathBuf::from(MANIFEST), manifest_json(&m).into_bytes())];
        for (id, c) in &self.clauses {
            out.push((PathBuf::from(format!("{}.md", id)), c.text.clone().into_bytes()));
        }
        out
    }
}

/// The clauses a fragment includes with `{{> commun/duree}}`, with their lines.
pub fn includes(text: &str) -> Vec<(String, usize)> {
    static RE: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let re = RE.get_or_init(|| regex::Regex::new(r"\{\{~?>\s*([^\s}~]+)").unwrap());
    re.captures_iter(text)
        .map(|c| {
            let m = c.get(1).unwrap();
            let line = text[..m.start()].matches('\n').count() + 1;
            (m.as_str().trim_matches(['"', '\'']).to_string(), line)
        })
        .collect()
}

/// A clause that includes itself, directly or not, would never finish.
fn check_cycles(clauses: &BTreeMap<String, Clause>) -> Result<()> {
    fn visit(id: &str, clauses: &BTreeMap<String, Clause>, path: &mut Vec<String>, done: &mut std::collections::HashSet<String>) -> Result<()> {
        if done.contains(id) {
            return Ok(());
        }
        if let Some(k) = path.iter().position(|p| p == id) {
            let cycle = path[k..].join(" → ");
            let c = &clauses[&path[k]];
            return Err(Error::Fragment { path: c.path.clone(), line: 1, msg: format!("clause inclusion cycle: {} → {}", cycle, id) });
        }
        path.push(id.to_string());
        if let Some(c) = clauses.get(id) {
            for (inc, _) in includes(&c.text) {
                visit(&inc, clauses, path, done)?;
            }
        }
        path.pop();
        done.insert(id.to_string());
        Ok(())
    }
    let mut done = std::collections::HashSet::new();
    for id in clauses.keys() {
        visit(id, clauses, &mut Vec::new(), &mut done)?;
    }
    Ok(())
}

/// The manifest as written to disk: pretty JSON, keys in a fixed order.
pub fn manifest_json(m: &Manifest) -> String {
    let mut s = serde_json::to_string_pretty(m).expect("a manifest always serializes");
    s.push('\n');
    s
}

fn library_root(dir: &Path, m: &Manifest) -> PathBuf {
    match &m.library {
        Some(l) => dir.join(l),
        // The parent of `.` is `..`, not the empty path (which would look
        // shared clauses up in the source folder itself).
        None => match dir.parent() {
            Some(p) if !p.as_os_str().is_empty() && dir.file_name().is_some() => p.to_path_buf(),
            _ => dir.join(".."),
        },
    }
}

/// A folder whose files may be read: a path is inside when, all symbolic
/// links resolved, it still lies under the folder.
struct Within {
    root: PathBuf,
}

impl Within {
    fn new(dir: &Path) -> Result<Within> {
        let root = dir.canonicalize().map_err(|e| Error::io(dir, e))?;
        Ok(Within { root })
    }

    fn check(&self, path: &Path, what: &str) -> Result<()> {
        let real = path.canonicalize().map_err(|e| Error::io(path, e))?;
        if real.starts_with(&self.root) {
            Ok(())
        } else {
            Err(Error::Io { path: path.to_path_buf(), msg: format!("leads to {}, outside {} ({}): a source reads only its own files", real.display(), what, self.root.display()) })
        }
    }
}

/// `library` names a folder inside the library: relative to the source,
/// going up at most to the source's parent (the default library).
fn valid_library(l: &str) -> bool {
    use std::path::Component;
    let mut depth = 0i32;
    for c in Path::new(l).components() {
        match c {
            Component::CurDir => {}
            Component::Normal(_) => depth += 1,
            Component::ParentDir => {
                depth -= 1;
                if depth < -1 {
                    return false;
                }
            }
            Component::RootDir | Component::Prefix(_) => return false,
        }
    }
    !l.is_empty()
}

fn clause_path(dir: &Path, root: &Path, id: &str) -> PathBuf {
    if id.contains('/') {
        root.join(format!("{}.md", id))
    } else {
        dir.join(format!("{}.md", id))
    }
}

/// Every clause id the manifest refers to: outline clauses and frame parts.
pub fn clause_ids(m: &Manifest) -> Vec<String> {
    let mut ids: Vec<String> = m.nodes().iter().filter_map(|n| n.clause.clone()).collect();
    for v in m.parts.values() {
        if let Some(s) = v.as_str() {
            ids.push(s.to_string());
        }
    }
    ids.sort();
    ids.dedup();
    ids
}

fn check_manifest(path: &Path, m: &Manifest) -> Result<()> {
    let bad = |msg: String| Error::Manifest { path: path.to_path_buf(), msg };
    for p in &m.numbering {
        Pattern::parse(p).map_err(bad)?;
    }
    if let Some(l) = &m.library {
        if !valid_library(l) {
            return Err(bad(format!("library « {} » must name a folder of the library, relative to the source (no absolute path, at most one ..)", l)));
        }
    }
    if m.originaux == Some(0) {
        return Err(bad("originaux 0: a convention is signed in at least one original".into()));
    }
    let mut seen = std::collections::HashSet::new();
    for n in m.nodes() {
        if !valid_division_id(&n.id) {
            return Err(bad(format!("division id « {} » is not valid (letters, digits, . _ - only)", n.id)));
        }
        if !seen.insert(n.id.clone()) {
            return Err(bad(format!("division id « {} » appears twice in the outline", n.id)));
        }
        if let Some(c) = &n.clause {
            if !valid_id(c) {
                return Err(bad(format!("division « {} »: clause id « {} » is not valid (no .., no absolute path)", n.id, c)));
            }
        }
    }
    for (k, v) in &m.parts {
        match v.as_str() {
            Some(c) if valid_id(c) => {}
            _ => return Err(bad(format!("parts.{}: expected a clause id, found {}", k, v))),
        }
    }
    let party_ids: Vec<&str> = m.parties.iter().map(|p| p.id.as_str()).collect();
    for id in &m.signature_order {
        if !party_ids.contains(&id.as_str()) {
            return Err(bad(format!("signature_order names « {} », which is not a party id ({})", id, party_ids.join(", "))));
        }
    }
    if m.outline.is_empty() {
        return Err(bad("the outline is empty: a convention has at least one division".into()));
    }
    Ok(())
}

/// A source found in the library, for `clausier list`.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Listed {
    pub path: String,
    pub kind: String,
    pub title: String,
    pub divisions: usize,
}

/// Lists the sources directly under `root` (each a directory with a manifest).
pub fn list(root: &Path) -> Result<Vec<Listed>> {
    let mut out = Vec::new();
    let rd = std::fs::read_dir(root).map_err(|e| Error::io(root, e))?;
    let mut dirs: Vec<PathBuf> = rd.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.join(MANIFEST).is_file()).collect();
    dirs.sort();
    for d in dirs {
        let s = Source::load(&d)?;
        out.push(Listed {
            path: d.display().to_string(),
            kind: s.manifest.kind.clone(),
            title: s.manifest.title.clone(),
            divisions: s.manifest.nodes().len(),
        });
    }
    Ok(out)
}
