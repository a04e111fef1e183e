//! A convention source: a directory with a `manifest.json` and one Markdown
//! fragment per clause. Shared clauses (`commun/duree`) live once in the
//! library (`clauses/`) and are found through the manifest's `library`.

pub(crate) mod from_model;
mod manifest;

use crate::error::{BadManifest, Error, Result};
use crate::input::{read_utf8, MANIFEST as MANIFEST_CAP, TEXT};
use crate::numbering::Pattern;
pub use manifest::*;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

/// A clause fragment as read from disk.
#[derive(Debug, Clone, PartialEq)]
pub struct Clause {
    pub path: PathBuf,
    pub text: String,
}

impl Clause {
    /// The fragment `id` of a source being written in the folder `dir`
    /// (its file « id.md »), holding `text`.
    pub(crate) fn written(dir: &std::path::Path, id: &str, text: String) -> Clause {
        Clause { path: dir.join(format!("{}.md", id)), text }
    }
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
fn valid_id(id: &str) -> bool {
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
pub(crate) fn valid_division_id(id: &str) -> bool {
    valid_id(id) && !id.contains('/')
}

impl Source {
    pub(crate) fn manifest_path(&self) -> PathBuf {
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
            return Err(Error::Io {
                path: mpath,
                msg: "no manifest.json: not a convention source (try `clausier list`)".into(),
            });
        }
        let inside = Within::new(&dir)?;
        inside.check(&mpath, "the source folder")?;
        let text = read_utf8(&mpath, MANIFEST_CAP, "a manifest (JSON)")?;
        let manifest: Manifest = serde_json::from_str(&text).map_err(|e| Error::json(&mpath, e))?;
        check_manifest(&mpath, &manifest)?;
        let root = library_root(&dir, manifest.library.as_deref());
        // Shared clauses may live anywhere in the library, local ones only in
        // the source folder: a fragment that is a symbolic link to
        // `/etc/passwd` must never end up in a document. The library itself,
        // its links resolved, must be the source's parent folder or lie
        // inside it or inside the source (`"library": "shared"` naming a
        // link to `/` reads nothing).
        let library = if root.is_dir() { Some(library_within(&dir, &mpath, &root, &inside)?) } else { None };
        let mut clauses = BTreeMap::new();
        let mut refs = HashMap::new();
        // Each clause to read, with the file that names it and how many
        // inclusions deep it was found (a chain of thousands stops at once).
        let mut todo: Vec<(String, PathBuf, usize)> =
            clause_ids(&manifest).into_iter().map(|id| (id, mpath.clone(), 0)).collect();
        while let Some((id, named_in, depth)) = todo.pop() {
            if clauses.contains_key(&id) {
                continue;
            }
            if depth > MAX_INCLUSION_DEPTH {
                return Err(Error::Fragment {
                    path: named_in,
                    line: 1,
                    msg: format!("clauses included more than {} deep (… → {})", MAX_INCLUSION_DEPTH, id),
                });
            }
            let path = clause_path(&dir, &root, &id);
            if path.exists() && !path.is_file() {
                return Err(Error::Io {
                    path,
                    msg: format!("clause « {} »: a folder or a device, not a fragment", id),
                });
            }
            if !path.is_file() {
                return Err(Error::MissingClause { manifest: named_in, id, expected: path });
            }
            match (&library, id.contains('/')) {
                (_, false) => inside.check(&path, "the source folder")?,
                (Some(lib), true) => lib.check(&path, "the library")?,
                (None, true) => return Err(Error::MissingClause { manifest: named_in, id, expected: path }),
            }
            let text = read_utf8(&path, TEXT, "a clause fragment (Markdown)")?;
            let incs = check_template(&path, &text)?;
            for (inc, line) in incs.clone() {
                if !valid_id(&inc) {
                    return Err(Error::Fragment {
                        path: path.clone(),
                        line,
                        msg: format!("included clause id « {} » is not valid (no .., no absolute path)", inc),
                    });
                }
                todo.push((inc, path.clone(), depth + 1));
            }
            refs.insert(id.clone(), incs);
            clauses.insert(id, Clause { path, text });
        }
        check_cycles(&clauses, &refs)?;
        Ok(Source { dir, manifest, clauses })
    }

    /// Every path this source was read from: its folder, its manifest, its
    /// fragments (shared ones included). An output must be none of them.
    pub fn inputs(&self) -> Vec<PathBuf> {
        let mut v = vec![self.dir.clone(), self.manifest_path()];
        v.extend(self.clauses.values().map(|c| c.path.clone()));
        v
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

/// The most originals a signing set holds (`originals` refuses more).
pub(crate) const MAX_ORIGINALS: u32 = 99;

/// How deep clauses may include each other (a shared clause including
/// another is two): far above real use, far below a stack overflow.
const MAX_INCLUSION_DEPTH: usize = 20;

/// How many inclusions one clause may make, counting those of the clauses it
/// includes: a clause including another ten times, itself including the
/// next ten times, six deep, would be a million.
const MAX_INCLUSIONS: u64 = 10_000;

/// How deep handlebars blocks (`{{#if}}`, `{{#each}}`…) may nest in one
/// text: the template parser's cost grows with the square of the depth (800
/// nested blocks take most of a second, 5 000 half a minute).
pub(crate) const MAX_BLOCK_DEPTH: usize = 64;

/// The line where blocks first nest deeper than `MAX_BLOCK_DEPTH`, if they
/// do: a linear scan of `{{#…}}`, `{{^…}}` and `{{/…}}`, made before the
/// text reaches the parser.
pub(crate) fn too_deep(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (at, _) in text.match_indices("{{") {
        let rest = text[at + 2..].trim_start_matches(['{', '~', ' ', '\t', '\n']);
        match rest.as_bytes().first() {
            Some(b'#') => depth += 1,
            // `{{^}}` alone is an else; `{{^x}}` opens an inverted block.
            Some(b'^') if !rest[1..].trim_start_matches(['~', ' ']).starts_with('}') => depth += 1,
            Some(b'/') => depth = depth.saturating_sub(1),
            _ => {}
        }
        if depth > MAX_BLOCK_DEPTH {
            return Some(text[..at].matches('\n').count() + 1);
        }
    }
    None
}

/// Calls `f` on every element of a parsed template, nested blocks included,
/// with its line.
fn walk_template(t: &handlebars::template::Template, f: &mut dyn FnMut(&handlebars::template::TemplateElement, usize)) {
    use handlebars::template::TemplateElement as E;
    for (k, e) in t.elements.iter().enumerate() {
        f(e, t.mapping.get(k).map_or(1, |m| m.0));
        match e {
            E::HelperBlock(h) => {
                for inner in [&h.template, &h.inverse].into_iter().flatten() {
                    walk_template(inner, f);
                }
            }
            E::DecoratorBlock(d) | E::PartialBlock(d) => {
                if let Some(inner) = &d.template {
                    walk_template(inner, f);
                }
            }
            _ => {}
        }
    }
}

/// The name a partial is included by, when it is written in the template
/// (`{{> commun/duree}}`, `{{> "x"}}`), not computed (`{{> (lookup …)}}`).
fn partial_name(d: &handlebars::template::DecoratorTemplate) -> Option<String> {
    match &d.name {
        handlebars::template::Parameter::Literal(serde_json::Value::String(s)) => Some(s.clone()),
        p => p.as_name().map(str::to_string),
    }
}

/// The clauses a parsed template includes (`{{> x}}`, `{{ > x}}`,
/// `{{#> x}}…{{/x}}`), with their lines.
fn template_includes(t: &handlebars::template::Template) -> Vec<(String, usize)> {
    use handlebars::template::TemplateElement as E;
    let mut out = Vec::new();
    walk_template(t, &mut |e, line| {
        if let E::PartialExpression(d) | E::PartialBlock(d) = e {
            if let Some(n) = partial_name(d).filter(|n| !n.starts_with('@')) {
                out.push((n, line));
            }
        }
    });
    out
}

/// The clauses a fragment includes, with their lines, as handlebars reads
/// the template (with or without spaces, as a partial block or not).
pub(crate) fn includes(text: &str) -> Vec<(String, usize)> {
    if !text.contains("{{") {
        return Vec::new();
    }
    let parsed =
        if too_deep(text).is_some() { Err(()) } else { handlebars::template::Template::compile(text).map_err(|_| ()) };
    match parsed {
        Ok(t) => template_includes(&t),
        // Not a template handlebars reads: the build will say why; here,
        // every `{{> x}}`-looking mark counts, so no cycle goes unseen.
        Err(_) => {
            static RE: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
            let re = RE.get_or_init(|| regex::Regex::new(r"\{\{~?\s*#?\s*>\s*([^\s}~]+)").unwrap());
            re.captures_iter(text)
                .map(|c| {
                    let m = c.get(1).unwrap();
                    let line = text[..m.start()].matches('\n').count() + 1;
                    (m.as_str().trim_matches(['"', '\'']).to_string(), line)
                })
                .collect()
        }
    }
}

/// What a fragment's handlebars may do: include clauses by their id, not
/// by a computed name, and define no inline partial or decorator (an inline
/// partial can call itself without end). Gives the clauses it includes.
fn check_template(path: &Path, text: &str) -> Result<Vec<(String, usize)>> {
    use handlebars::template::TemplateElement as E;
    if !text.contains("{{") {
        return Ok(Vec::new());
    }
    if let Some(line) = too_deep(text) {
        return Err(Error::Fragment {
            path: path.to_path_buf(),
            line,
            msg: format!("blocks ({{{{#if}}}}, {{{{#each}}}}…) nested more than {} deep", MAX_BLOCK_DEPTH),
        });
    }
    let t = handlebars::template::Template::compile(text).map_err(|e| {
        let (line, col) = e.pos().unwrap_or((0, 0));
        Error::Fragment {
            path: path.to_path_buf(),
            line,
            msg: format!("column {}: template syntax: {}", col, e.reason()),
        }
    })?;
    let mut bad = None;
    walk_template(&t, &mut |e, line| {
        if bad.is_some() {
            return;
        }
        match e {
            E::DecoratorExpression(_) | E::DecoratorBlock(_) => bad = Some((line, "inline partials and decorators ({{#*inline}}, {{* …}}) are not allowed: include a clause by its id ({{> commun/duree}})".to_string())),
            E::PartialExpression(d) | E::PartialBlock(d) if partial_name(d).is_none() => bad = Some((line, "a clause is included by its id ({{> commun/duree}}), not by a computed name".to_string())),
            _ => {}
        }
    });
    match bad {
        Some((line, msg)) => Err(Error::Fragment { path: path.to_path_buf(), line, msg }),
        None => Ok(template_includes(&t)),
    }
}

/// The checks `Source::load` makes on the clauses it reads, for a source
/// made in memory: what each template may do, inclusion cycles, depth and
/// count.
pub fn check_templates(clauses: &BTreeMap<String, Clause>) -> Result<()> {
    let mut refs = HashMap::new();
    for (id, c) in clauses {
        refs.insert(id.clone(), check_template(&c.path, &c.text)?);
    }
    check_cycles(clauses, &refs)
}

/// The cost of rendering a template once, in clause inclusions: each
/// `{{> x}}` counts one, plus what `x` itself includes (`expansions`).
pub(crate) fn inclusions_in(t: &handlebars::template::Template, expansions: &HashMap<String, u64>) -> u64 {
    template_includes(t)
        .iter()
        .fold(0u64, |n, (id, _)| n.saturating_add(1).saturating_add(expansions.get(id).copied().unwrap_or(0)))
}

/// For each clause, how many inclusions rendering it makes, counting those
/// of the clauses it includes (saturating; cycles are refused elsewhere).
pub(crate) fn expansions(clauses: &BTreeMap<String, Clause>) -> HashMap<String, u64> {
    let refs: HashMap<String, Vec<(String, usize)>> =
        clauses.iter().map(|(id, c)| (id.clone(), includes(&c.text))).collect();
    expansions_of(&refs)
}

fn expansions_of(refs: &HashMap<String, Vec<(String, usize)>>) -> HashMap<String, u64> {
    fn go(
        id: &str,
        refs: &HashMap<String, Vec<(String, usize)>>,
        memo: &mut HashMap<String, u64>,
        depth: usize,
    ) -> u64 {
        if let Some(n) = memo.get(id) {
            return *n;
        }
        if depth > MAX_INCLUSION_DEPTH + 1 {
            return u64::MAX;
        }
        let n = refs
            .get(id)
            .into_iter()
            .flatten()
            .fold(0u64, |n, (r, _)| n.saturating_add(1).saturating_add(go(r, refs, memo, depth + 1)));
        memo.insert(id.to_string(), n);
        n
    }
    let mut memo = HashMap::new();
    for id in refs.keys() {
        go(id, refs, &mut memo, 0);
    }
    memo
}

/// A clause that includes itself, directly or not, would never finish; one
/// that includes others too deep or too many times over would overflow the
/// stack or never finish either.
fn check_cycles(clauses: &BTreeMap<String, Clause>, refs: &HashMap<String, Vec<(String, usize)>>) -> Result<()> {
    // Height of each clause: the longest chain of inclusions below it.
    fn visit(
        id: &str,
        clauses: &BTreeMap<String, Clause>,
        refs: &HashMap<String, Vec<(String, usize)>>,
        path: &mut Vec<String>,
        height: &mut HashMap<String, usize>,
    ) -> Result<usize> {
        if let Some(h) = height.get(id) {
            return Ok(*h);
        }
        if let Some(k) = path.iter().position(|p| p == id) {
            let cycle = path[k..].join(" → ");
            let c = &clauses[&path[k]];
            return Err(Error::Fragment {
                path: c.path.clone(),
                line: 1,
                msg: format!("clause inclusion cycle: {} → {}", cycle, id),
            });
        }
        if path.len() >= MAX_INCLUSION_DEPTH {
            let c = &clauses[&path[0]];
            return Err(Error::Fragment {
                path: c.path.clone(),
                line: 1,
                msg: format!("clauses included more than {} deep ({} → … → {})", MAX_INCLUSION_DEPTH, path[0], id),
            });
        }
        path.push(id.to_string());
        let mut h = 0;
        for (inc, _) in refs.get(id).into_iter().flatten() {
            h = h.max(1 + visit(inc, clauses, refs, path, height)?);
        }
        path.pop();
        if path.len() + h > MAX_INCLUSION_DEPTH {
            let c = &clauses[path.first().map_or(id, |p| p.as_str())];
            return Err(Error::Fragment {
                path: c.path.clone(),
                line: 1,
                msg: format!("clauses included more than {} deep", MAX_INCLUSION_DEPTH),
            });
        }
        height.insert(id.to_string(), h);
        Ok(h)
    }
    let mut height = HashMap::new();
    for id in clauses.keys() {
        visit(id, clauses, refs, &mut Vec::new(), &mut height)?;
    }
    for (id, n) in expansions_of(refs) {
        if n > MAX_INCLUSIONS {
            return Err(Error::Fragment { path: clauses[&id].path.clone(), line: 1, msg: format!("includes other clauses more than {} times over (counting the inclusions of the clauses it includes)", MAX_INCLUSIONS) });
        }
    }
    Ok(())
}

/// The manifest as written to disk: pretty JSON, keys in a fixed order.
pub(crate) fn manifest_json(m: &Manifest) -> String {
    let mut s = serde_json::to_string_pretty(m).expect("a manifest always serializes");
    s.push('\n');
    s
}

fn library_root(dir: &Path, library: Option<&str>) -> PathBuf {
    match library {
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
            Err(Error::Io {
                path: path.to_path_buf(),
                msg: format!(
                    "leads to {}, outside {} ({}): a source reads only its own files",
                    real.display(),
                    what,
                    self.root.display()
                ),
            })
        }
    }
}

/// The library a source reads its shared clauses from, checked: all links
/// resolved, it is the default library (the source's parent folder) or a
/// folder inside it, or inside the source.
fn library_within(dir: &Path, manifest: &Path, root: &Path, source: &Within) -> Result<Within> {
    let lib = Within::new(root)?;
    let default = library_root(dir, None);
    let parent = default.canonicalize().map_err(|e| Error::io(&default, e))?;
    if lib.root.starts_with(&parent) || lib.root.starts_with(&source.root) {
        return Ok(lib);
    }
    Err(Error::Manifest {
        path: manifest.to_path_buf(),
        why: BadManifest::LibraryOutside {
            library: root.strip_prefix(dir).unwrap_or(root).to_path_buf(),
            leads_to: lib.root.clone(),
            root: parent,
        },
    })
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

/// The annexes that follow the signatures end the outline, at its top: a
/// division after one of them would be printed before the signatures, a
/// subdivision marked alone would not move.
fn check_after_signatures(m: &Manifest) -> std::result::Result<(), BadManifest> {
    if let Some(n) = m
        .outline
        .iter()
        .flat_map(|n| n.children.iter())
        .flat_map(|c| {
            let mut v = Vec::new();
            c.walk(&mut v);
            v
        })
        .find(|n| n.after_signatures)
    {
        return Err(BadManifest::AnnexNotAtTop { id: n.id.clone() });
    }
    let first = m.outline.iter().position(|n| n.after_signatures);
    match first.and_then(|k| m.outline[k..].iter().find(|n| !n.after_signatures).map(|n| (&m.outline[k], n))) {
        Some((annex, n)) => Err(BadManifest::AfterAnAnnex { id: n.id.clone(), annex: annex.id.clone() }),
        None => Ok(()),
    }
}

pub(crate) fn check_manifest(path: &Path, m: &Manifest) -> Result<()> {
    let bad = |why: BadManifest| Error::Manifest { path: path.to_path_buf(), why };
    // A misspelt kind would build a document without its frame (no title
    // page, parties, visas or signatures) and say nothing.
    let kinds = crate::templates::known_kinds();
    if !kinds.contains(&m.kind.as_str()) {
        let hint = crate::templates::closest(&m.kind, &kinds);
        return Err(bad(BadManifest::UnknownKind { kind: m.kind.clone(), hint, known: kinds }));
    }
    if let Some(t) = &m.template {
        if !crate::templates::has_frame(t) {
            let frames: Vec<&str> = kinds.iter().copied().filter(|k| crate::templates::has_frame(k)).collect();
            let hint = crate::templates::closest(t, &frames);
            return Err(bad(BadManifest::UnknownTemplate { template: t.clone(), hint, frames }));
        }
    }
    for p in &m.numbering {
        Pattern::parse(p).map_err(|e| bad(e.into()))?;
    }
    if let Some(l) = &m.library {
        if !valid_library(l) {
            return Err(bad(BadManifest::LibraryName { library: l.clone() }));
        }
    }
    if m.originaux == Some(0) {
        return Err(bad(BadManifest::NoOriginal));
    }
    if let Some(n) = m.originaux.filter(|n| *n > MAX_ORIGINALS) {
        return Err(bad(BadManifest::TooManyOriginals { originaux: n, max: MAX_ORIGINALS }));
    }
    check_after_signatures(m).map_err(bad)?;
    let mut seen = std::collections::HashSet::new();
    for n in m.nodes() {
        if !valid_division_id(&n.id) {
            return Err(bad(BadManifest::DivisionId { id: n.id.clone() }));
        }
        if !seen.insert(n.id.clone()) {
            return Err(bad(BadManifest::DivisionTwice { id: n.id.clone() }));
        }
        if let Some(c) = &n.clause {
            if !valid_id(c) {
                return Err(bad(BadManifest::ClauseId { division: n.id.clone(), clause: c.clone() }));
            }
        }
    }
    for (k, v) in &m.parts {
        match v.as_str() {
            Some(c) if valid_id(c) => {}
            _ => return Err(bad(BadManifest::PartNotAClause { part: k.clone(), found: v.clone() })),
        }
    }
    let party_ids: Vec<&str> = m.parties.iter().map(|p| p.id.as_str()).collect();
    for (k, id) in m.signature_order.iter().enumerate() {
        if m.signature_order[..k].contains(id) {
            return Err(bad(BadManifest::SignatoryTwice { party: id.clone() }));
        }
        if !party_ids.contains(&id.as_str()) {
            let parties = party_ids.iter().map(|p| p.to_string()).collect();
            return Err(bad(BadManifest::SignatoryNotAParty { party: id.clone(), parties }));
        }
    }
    if m.outline.is_empty() {
        return Err(bad(BadManifest::EmptyOutline));
    }
    Ok(())
}

/// A source found in the library, for `clausier list`.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Listed {
    pub path: String,
    pub kind: String,
    pub title: String,
    pub(crate) divisions: usize,
    /// The facts the manifest states (an import records what it found).
    pub(crate) nature: Option<String>,
    pub(crate) parties: Vec<Party>,
    pub(crate) lieu: Option<String>,
    date_signature: Option<String>,
    pub(crate) originaux: Option<u32>,
    pub(crate) visas: Vec<String>,
}

impl Listed {
    /// The facts, a line each, as `clausier list` prints them under the title.
    pub fn facts(&self) -> Vec<String> {
        let mut out = Vec::new();
        let mut first = Vec::new();
        if let Some(n) = &self.nature {
            first.push(n.clone());
        }
        match (&self.lieu, &self.date_signature) {
            (Some(l), Some(d)) => first.push(format!("signée à {} le {}", l, d)),
            (Some(l), None) => first.push(format!("signée à {}", l)),
            (None, Some(d)) => first.push(format!("signée le {}", d)),
            (None, None) => {}
        }
        if let Some(n) = self.originaux {
            first.push(crate::french::exemplaires(n as u64));
        }
        if !self.visas.is_empty() {
            first.push(format!("{} visas", self.visas.len()));
        }
        if !first.is_empty() {
            out.push(first.join(" · "));
        }
        for p in &self.parties {
            let mut l = format!("partie {}: {}", p.id, p.nom);
            if !p.representant.is_empty() {
                l.push_str(&format!(", {} par {}", p.agree("représenté"), p.representant));
            }
            let s = &p.signataire;
            let who: Vec<&str> = [s.civilite.as_str(), s.qualite.as_str(), s.nom.as_str()]
                .into_iter()
                .filter(|x| !x.is_empty())
                .collect();
            if !who.is_empty() {
                l.push_str(&format!("; signataire: {}", who.join(", ")));
            }
            if let Some(d) = p.deliberation.as_ref().filter(|_| p.deliberates()) {
                let mut parts = vec![format!(
                    "délibération{}",
                    d.numero.as_ref().map(|n| format!(" n° {}", n)).unwrap_or_default()
                )];
                if !d.organe.is_empty() {
                    parts.push(d.organe.clone());
                }
                if let Some(date) = &d.date {
                    parts.push(date.clone());
                }
                l.push_str(&format!("; {}", parts.join(", ")));
            }
            out.push(l);
        }
        out
    }
}

/// Lists the sources directly under `root` (each a directory with a
/// manifest), with the error of each source that does not load: one broken
/// source does not hide the others.
pub fn list(root: &Path) -> Result<(Vec<Listed>, Vec<Error>)> {
    let mut out = Vec::new();
    let mut broken = Vec::new();
    let rd = std::fs::read_dir(root).map_err(|e| Error::io(root, e))?;
    let mut dirs: Vec<PathBuf> =
        rd.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.join(MANIFEST).is_file()).collect();
    dirs.sort();
    for d in dirs {
        let s = match Source::load(&d) {
            Ok(s) => s,
            Err(e) => {
                broken.push(e);
                continue;
            }
        };
        let m = &s.manifest;
        out.push(Listed {
            path: d.display().to_string(),
            kind: m.kind.clone(),
            title: m.title.clone(),
            divisions: m.nodes().len(),
            nature: m.nature.clone(),
            parties: m.parties.clone(),
            lieu: m.lieu.clone(),
            date_signature: m.dates.get("signature").and_then(|d| d.as_str()).map(str::to_string),
            originaux: m.originaux,
            visas: m.visas.clone(),
        });
    }
    Ok((out, broken))
}
