//! The signing set: N exemplaires originaux, numbered, identical but for
//! that number, each with the signature page of every party and a paraphe
//! box per party in the footer of every page; and a manifest of their
//! SHA-256, with one content fingerprint shared by all copies, so that
//! anyone can prove the originals carry the same text and match the version
//! voted.

use crate::error::{Error, Result};
use crate::model::{Document, Inline};
use crate::write::docx::Footer;
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Serialize)]
pub(crate) struct FileEntry {
    pub(crate) name: String,
    pub(crate) sha256: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) pdf: Option<Box<FileEntry>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Manifest {
    pub(crate) document: String,
    pub(crate) kind: String,
    pub copies: usize,
    /// Where the text comes from, and the fingerprint of that text.
    pub(crate) source: String,
    source_fingerprint: String,
    /// The fingerprint of the document's text without the copy number: the
    /// same for every original.
    pub content_fingerprint: String,
    pub(crate) files: Vec<FileEntry>,
}

pub(crate) fn sha256(bytes: &[u8]) -> String {
    format!("{:x}", Sha256::digest(bytes))
}

/// « Exemplaire original n° 2 sur 4 ».
pub(crate) fn copy_mark(k: usize, n: usize) -> String {
    format!("Exemplaire original n° {} sur {}", k, n)
}

/// The document as signed. Place and date are written once: when the
/// closing says « Fait à …, le … », the parties sign under it; when it does
/// not (the convention-cadre: « Convention-cadre établie en 4 exemplaires
/// originaux. »), each party's block opens with its own place and date to
/// fill in — never both.
fn for_signature(doc: &Document) -> Document {
    let mut d = doc.clone();
    if !states_place_and_date(doc) {
        for s in &mut d.signatures {
            s.lines.insert(0, vec![Inline::plain("À …………………, le …………………")]);
        }
    }
    d
}

/// The number of originals the text itself states (« établie en 4
/// exemplaires originaux », « en quatre exemplaires »), if it states one.
fn stated_copies(doc: &Document) -> Option<usize> {
    static RE: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let re = RE.get_or_init(|| {
        regex::Regex::new(r"(?i)\ben\s+(\d+|un|deux|trois|quatre|cinq|six|sept|huit|neuf|dix)\s+exemplaires?\b")
            .expect("a fixed, valid pattern")
    });
    const WORDS: [&str; 10] = ["un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix"];
    let all: Vec<String> = doc
        .closing_alineas()
        .chain(doc.all_divisions().into_iter().rev().take(1).flat_map(|d| d.alineas.iter()))
        .map(|a| a.text())
        .collect();
    all.iter().find_map(|t| {
        let n = re.captures(t)?.get(1)?.as_str().to_lowercase();
        n.parse().ok().or_else(|| WORDS.iter().position(|w| *w == n).map(|k| k + 1))
    })
}

/// Whether the closing matter gives the place and date of signature
/// (« Fait à Paris, le … »).
fn states_place_and_date(doc: &Document) -> bool {
    static RE: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let re = RE.get_or_init(|| regex::Regex::new(r"(?i)\bfait\s+(à|a)\s").expect("a fixed, valid pattern"));
    doc.closing_alineas().any(|a| re.is_match(&a.text()))
}

/// The file name of original n° k of N.
pub(crate) fn file_name(stem: &str, k: usize, copies: usize) -> String {
    format!("{}-original-{}-sur-{}.docx", stem, k, copies)
}

/// Original n° k of N, its sommaire numbered with `pages` when the set has
/// been laid out.
pub(crate) fn original(
    signed: &Document,
    k: usize,
    copies: usize,
    initials: &[String],
    pages: Option<&crate::write::Pages>,
) -> Vec<u8> {
    let mut d = signed.clone();
    d.meta.copy_mark = Some(copy_mark(k, copies));
    let footer = Footer { copy_mark: d.meta.copy_mark.clone(), initials: initials.to_vec() };
    let opts = crate::write::Options { footer: Some(footer), pages, ..Default::default() };
    crate::write::docx::write(&crate::compare::Revised::unchanged(&d), &opts)
}

/// The N originals as (file name, DOCX bytes), not laid out.
pub(crate) fn originals(doc: &Document, stem: &str, copies: usize, initials: &[String]) -> Vec<(String, Vec<u8>)> {
    let signed = for_signature(doc);
    (1..=copies).map(|k| (file_name(stem, k, copies), original(&signed, k, copies, initials, None))).collect()
}

/// The short party names for the paraphe boxes (« Ville de Paris »).
fn initials_of(m: &crate::source::Manifest) -> Vec<String> {
    let order = m.signing_parties();
    order
        .iter()
        .map(|p| {
            crate::french::capitalize(
                p.nom.trim_start_matches("la ").trim_start_matches("le ").trim_start_matches("l'"),
            )
        })
        .collect()
}

/// The human-readable manifest.
fn manifest_text(m: &Manifest) -> String {
    let mut s = format!(
        "{}\n{} — {}\n\nSource : {}\nEmpreinte du texte source : {}\nEmpreinte du contenu (identique pour tous les exemplaires, hors numéro) : {}\n\nFichiers (SHA-256) :\n",
        m.document, crate::french::exemplaires(m.copies as u64), m.kind, m.source, m.source_fingerprint, m.content_fingerprint
    );
    for f in &m.files {
        s.push_str(&format!("  {}  {}\n", f.sha256, f.name));
        if let Some(p) = &f.pdf {
            s.push_str(&format!("  {}  {}\n", p.sha256, p.name));
        }
    }
    s.push_str("\nVérifier : sha256sum -c SHA256SUMS\n");
    s
}

/// `sha256sum -c` format.
fn sha256sums(m: &Manifest) -> String {
    let mut s = String::new();
    for f in &m.files {
        s.push_str(&format!("{}  {}\n", f.sha256, f.name));
        if let Some(p) = &f.pdf {
            s.push_str(&format!("{}  {}\n", p.sha256, p.name));
        }
    }
    s
}

/// What a signing set is made of, besides the document.
pub struct SetOptions<'a> {
    /// File name stem (« paris-ivry »).
    pub stem: &'a str,
    pub copies: usize,
    /// Party names for the paraphe boxes.
    pub initials: &'a [String],
    /// The source as named on the command line, and its text's fingerprint.
    pub source: &'a str,
    pub source_fingerprint: &'a str,
    /// A PDF of each original, laid out by LibreOffice.
    pub pdf: bool,
    /// The sommaire's page numbers computed by laying the originals out
    /// (implied by `pdf`); otherwise Word fills them in on opening.
    pub pages: bool,
    /// Write into a folder that holds other files (they are kept).
    pub force: bool,
}

/// Writes the signing set into `dir`, atomically (all or nothing).
pub fn write_set(dir: &Path, doc: &Document, o: &SetOptions) -> Result<Manifest> {
    let (stem, copies, initials, pdf) = (o.stem, o.copies, o.initials, o.pdf);
    if copies == 0 || copies > 99 {
        return Err(Error::Usage(format!("--copies {}: between 1 and 99 originals", copies)));
    }
    let parent = match dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if !parent.is_dir() {
        return Err(Error::Io {
            path: dir.to_path_buf(),
            msg: format!("cannot write: directory {} does not exist", parent.display()),
        });
    }
    // The DOCX stay in memory; LibreOffice, when asked, lays them out in a
    // scratch directory beside the output. The set is then written in one
    // atomic step.
    let mut entries = Vec::new();
    let mut all: Vec<(PathBuf, Vec<u8>)> = Vec::new();
    let mut pdfs = Vec::new();
    if pdf || o.pages {
        let lo = crate::layout::LibreOffice::find()?;
        let signed = for_signature(doc);
        let jobs: Vec<crate::layout::Job> = (1..=copies)
            .map(|k| {
                let signed = &signed;
                crate::layout::Job {
                    name: file_name(stem, k, copies),
                    write: Box::new(move |pages| original(signed, k, copies, initials, pages)),
                }
            })
            .collect();
        let laid = lo.lay_out(&jobs, &parent)?;
        for (j, l) in jobs.iter().zip(laid) {
            all.push((PathBuf::from(&j.name), l.docx));
            pdfs.push(l.pdf);
        }
    } else {
        for (name, bytes) in originals(doc, stem, copies, initials) {
            all.push((PathBuf::from(name), bytes));
        }
    }
    for (name, bytes) in &all {
        entries.push(FileEntry { name: name.to_string_lossy().to_string(), sha256: sha256(bytes), pdf: None });
    }
    if pdf {
        for (e, bytes) in entries.iter_mut().zip(pdfs) {
            let name = Path::new(&e.name).with_extension("pdf").to_string_lossy().to_string();
            e.pdf = Some(Box::new(FileEntry { name: name.clone(), sha256: sha256(&bytes), pdf: None }));
            all.push((PathBuf::from(name), bytes));
        }
    }
    let m = Manifest {
        document: doc.meta.title.clone(),
        kind: doc.meta.kind.clone(),
        copies,
        source: o.source.to_string(),
        source_fingerprint: o.source_fingerprint.to_string(),
        content_fingerprint: crate::fingerprint::of(doc),
        files: entries,
    };
    let mut json = serde_json::to_string_pretty(&m).expect("a manifest always serializes");
    json.push('\n');
    all.push((PathBuf::from("manifest.json"), json.into_bytes()));
    all.push((PathBuf::from("manifest.txt"), manifest_text(&m).into_bytes()));
    all.push((PathBuf::from("SHA256SUMS"), sha256sums(&m).into_bytes()));
    crate::fsutil::write_dir(
        dir,
        &all,
        &crate::fsutil::DirOptions { what: "signing set", force: o.force, check: None },
    )?;
    Ok(m)
}

/// The document a signing set is made of, as the command asks for it: the
/// convention, or an avenant to it; how many originals; what the files are
/// called; and what to say about it (missing facts, a number of originals
/// printed anew).
pub struct Prepared {
    pub doc: Document,
    pub stem: String,
    pub copies: usize,
    /// The fingerprint of the text the originals carry or amend.
    pub source_fingerprint: String,
    pub initials: Vec<String>,
    pub notes: Vec<String>,
}

/// Prepares the originals of `src` (found at `path`), or of the avenant
/// at `avenant` to it. A consolidated version is never signed; a number of
/// originals other than the one the text states is refused, unless the text
/// takes it from the `originaux` variable (then it is printed anew).
pub fn prepare(
    src: &mut crate::source::Source,
    path: &Path,
    avenant: Option<&Path>,
    copies: Option<usize>,
) -> Result<Prepared> {
    use crate::render::{assemble, BuildOptions};
    let base = assemble(src, &BuildOptions::default())?;
    let mut notes = Vec::new();
    let (mut doc, stem, cs) = match avenant {
        Some(a) => {
            let cs = crate::avenant::load(a)?;
            notes.extend(crate::facts::warnings(&crate::facts::of_avenant(src, &cs)));
            notes.extend(crate::facts::avenant_after_end(src, &cs));
            let doc = crate::avenant::document::build_on(src, &base, &cs, a)?;
            (doc, format!("avenant-{}", cs.numero), Some(cs))
        }
        None => {
            if !src.manifest.avenants.is_empty() {
                return Err(Error::Usage(format!(
                    "{} is a consolidated version (it integrates avenant n° {}): it is not signed; sign the convention, or the avenant with --avenant",
                    path.display(),
                    src.manifest.avenants.iter().map(|a| a.numero.to_string()).collect::<Vec<_>>().join(", n° ")
                )));
            }
            notes.extend(crate::facts::warnings(&crate::facts::of_source(src)));
            let stem = path
                .canonicalize()
                .ok()
                .and_then(|p| p.file_name().map(|s| s.to_string_lossy().to_string()))
                .unwrap_or_else(|| "convention".into());
            (base.clone(), stem, None)
        }
    };
    let stated = stated_copies(&doc);
    let copies_flag = copies;
    let copies = match (copies, stated) {
        (Some(n), Some(m)) if n != m => {
            // The text says m: n originals of it would be false, unless the
            // number is the `originaux` variable, printed anew as n.
            let again = match (avenant, &cs) {
                (Some(a), Some(cs)) => {
                    let cs = crate::avenant::ChangeSet { originaux: Some(n as u32), ..cs.clone() };
                    crate::avenant::document::build_on(src, &base, &cs, a)?
                }
                _ => {
                    src.manifest.originaux = Some(n as u32);
                    assemble(src, &BuildOptions::default())?
                }
            };
            if stated_copies(&again) != Some(n) {
                return Err(Error::Usage(format!("--copies {}: the text states {} exemplaires originaux, in its own words: change the text, or leave out --copies", n, m)));
            }
            notes.push(format!("note: the text now states {} exemplaires originaux (its source says {}): these originals are not the text of the source", n, m));
            doc = again;
            n
        }
        (Some(n), _) => n,
        (None, Some(m)) => m,
        (None, None) => src.manifest.originaux.unwrap_or(2) as usize,
    };
    // Named by where the number comes from: the flag, or the text.
    if copies == 0 || copies > crate::source::MAX_ORIGINALS as usize {
        return Err(Error::Usage(match (copies_flag, stated) {
            (Some(n), _) => format!("--copies {}: between 1 and {} originals", n, crate::source::MAX_ORIGINALS),
            _ => format!(
                "{}: the text states {} exemplaires originaux: clausier prints 1 to {} originals",
                path.display(),
                copies,
                crate::source::MAX_ORIGINALS
            ),
        }));
    }
    Ok(Prepared {
        doc,
        stem,
        copies,
        source_fingerprint: crate::fingerprint::of(&base),
        initials: initials_of(&src.manifest),
        notes,
    })
}
