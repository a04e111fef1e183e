//! The signing set: N exemplaires originaux, numbered, identical but for
//! that number, each with the signature page of every party and a paraphe
//! box per party in the footer of every page; and a manifest of their
//! SHA-256, with one content fingerprint shared by all copies, so that
//! anyone can prove the originals carry the same text and match the version
//! voted.

use crate::error::{Error, Misuse, Result};
use crate::model::{Document, Inline};
use crate::write::{Options, Writer};
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
    /// A draft marked « PROJET » on every page, not a signing set.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub projet: bool,
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

/// The file name of original n° k of N, without its extension.
pub(crate) fn file_stem(stem: &str, k: usize, copies: usize) -> String {
    format!("{}-original-{}-sur-{}", stem, k, copies)
}

/// The N originals as signed, each with its number.
fn numbered(doc: &Document, copies: usize) -> Vec<Document> {
    let signed = for_signature(doc);
    (1..=copies)
        .map(|k| {
            let mut d = signed.clone();
            d.meta.copy_mark = Some(copy_mark(k, copies));
            d.clone()
        })
        .collect()
}

/// The N originals as (file name, bytes) in the format of `format`, and
/// the PDF of each when `pdf` asks; laid out by LibreOffice (in `scratch`)
/// for a PDF, or when `pages` asks for the sommaire's page numbers.
#[allow(clippy::type_complexity)]
fn written(doc: &Document, o: &SetOptions, scratch: &Path) -> Result<(Vec<(String, Vec<u8>)>, Vec<Vec<u8>>)> {
    let copies = numbered(doc, o.copies);
    // Original n° k of N: its copy mark and the paraphe boxes on every page.
    let opts =
        Options { paraphes: o.initials.to_vec(), projet: o.projet.then(|| PROJET.to_string()), ..Default::default() };
    let name = |k: usize| format!("{}.{}", file_stem(o.stem, k, o.copies), o.format.extension());
    let (mut files, mut pdfs) = (Vec::new(), Vec::new());
    if o.pdf || o.pages || o.format.is_laid_out() {
        let pieces: Vec<crate::write::pdf::Piece> = copies
            .iter()
            .enumerate()
            .map(|(k, r)| crate::write::pdf::Piece {
                name: file_stem(o.stem, k + 1, o.copies),
                writer: o.format,
                doc: r,
                opts: opts.clone(),
            })
            .collect();
        for (k, l) in crate::write::pdf::pdf_a(&pieces, scratch)?.into_iter().enumerate() {
            if o.format.is_laid_out() {
                files.push((name(k + 1), l.pdf));
            } else {
                files.push((name(k + 1), l.source));
                if o.pdf {
                    pdfs.push(l.pdf);
                }
            }
        }
    } else {
        for (k, r) in copies.iter().enumerate() {
            files.push((name(k + 1), (o.format.write)(r, &opts)));
        }
    }
    Ok((files, pdfs))
}

/// The mark a draft of the originals carries on every page.
pub const PROJET: &str = "PROJET – document de travail, non signable";

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
    let mut s = String::new();
    if m.projet {
        s.push_str(&format!("{}\n\n", PROJET));
    }
    s.push_str(&format!(
        "{}\n{} — {}\n\nSource : {}\nEmpreinte du texte source : {}\nEmpreinte du contenu (identique pour tous les exemplaires, hors numéro) : {}\n\nFichiers (SHA-256) :\n",
        m.document, crate::french::exemplaires(m.copies as u64), m.kind, m.source, m.source_fingerprint, m.content_fingerprint
    ));
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
pub(crate) struct SetOptions<'a> {
    /// File name stem (« paris-ivry »).
    pub stem: &'a str,
    pub copies: usize,
    /// Party names for the paraphe boxes.
    pub initials: &'a [String],
    /// The source as named on the command line, and its text's fingerprint.
    pub source: &'a str,
    pub source_fingerprint: &'a str,
    /// The format of the originals: `write::writer("docx")`, `"odt"` or `"pdf"`.
    pub format: &'static Writer,
    /// A PDF/A of each original besides it, laid out by LibreOffice.
    pub pdf: bool,
    /// The sommaire's page numbers computed by laying the originals out
    /// (implied by `pdf`); otherwise Word fills them in on opening.
    pub pages: bool,
    /// Write into a folder that holds other files (they are kept).
    pub force: bool,
    /// A draft: « PROJET » on every page (facts may be missing).
    pub projet: bool,
}

/// Writes the signing set into `dir`, atomically (all or nothing).
pub(crate) fn write_set(dir: &Path, doc: &Document, o: &SetOptions) -> Result<Manifest> {
    let copies = o.copies;
    if copies == 0 || copies > 99 {
        return Err(Error::Usage(Misuse::Copies { copies, max: crate::source::MAX_ORIGINALS }));
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
    // The originals stay in memory; LibreOffice, when asked, lays them out
    // in a scratch directory beside the output. The set is then written in
    // one atomic step.
    let (files, pdfs) = written(doc, o, &parent)?;
    let mut entries: Vec<FileEntry> =
        files.iter().map(|(name, bytes)| FileEntry { name: name.clone(), sha256: sha256(bytes), pdf: None }).collect();
    let mut all: Vec<(PathBuf, Vec<u8>)> =
        files.into_iter().map(|(name, bytes)| (PathBuf::from(name), bytes)).collect();
    for (e, bytes) in entries.iter_mut().zip(pdfs) {
        let name = Path::new(&e.name).with_extension("pdf").to_string_lossy().to_string();
        e.pdf = Some(Box::new(FileEntry { name: name.clone(), sha256: sha256(&bytes), pdf: None }));
        all.push((PathBuf::from(name), bytes));
    }
    let m = Manifest {
        document: doc.meta.title.clone(),
        kind: doc.meta.kind.clone(),
        copies,
        source: o.source.to_string(),
        source_fingerprint: o.source_fingerprint.to_string(),
        content_fingerprint: crate::fingerprint::of(doc),
        projet: o.projet,
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
pub(crate) struct Prepared {
    pub doc: Document,
    /// The facts the originals need that the source (or the change set)
    /// does not state: `originals` refuses to print them, but as a
    /// « PROJET ».
    pub missing: Vec<crate::facts::Missing>,
    pub stem: String,
    pub copies: usize,
    /// The fingerprint of the text the originals carry or amend.
    pub source_fingerprint: String,
    pub initials: Vec<String>,
    pub notes: Vec<String>,
}

impl Prepared {
    /// Refuses to print originals with blanks, naming each missing fact and
    /// the command that fills it (`facts_cmd`: « clausier facts SRC
    /// --avenant A.json »).
    pub(crate) fn refuse_blanks(&self, facts_cmd: &str) -> Result<()> {
        if self.missing.is_empty() {
            return Ok(());
        }
        let missing = self.missing.iter().map(|m| (m.what().to_string(), m.name().to_string())).collect();
        Err(Error::Usage(Misuse::BlanksInOriginals { missing, facts_cmd: facts_cmd.to_string() }))
    }
}

/// Prepares the originals of `src` (found at `path`), or of the avenant
/// at `avenant` to it. A consolidated version is never signed; a number of
/// originals other than the one the text states is refused, unless the text
/// takes it from the `originaux` variable (then it is printed anew).
pub(crate) fn prepare(
    src: &mut crate::source::Source,
    path: &Path,
    avenant: Option<&Path>,
    copies: Option<usize>,
) -> Result<Prepared> {
    use crate::render::{assemble, BuildOptions};
    let base = assemble(src, &BuildOptions::default())?;
    let mut notes = Vec::new();
    let mut missing;
    let (mut doc, stem, cs) = match avenant {
        Some(a) => {
            let cs = crate::avenant::load(a)?;
            missing = crate::facts::of_avenant(src, &cs);
            notes.extend(crate::facts::warnings(&missing));
            notes.extend(crate::facts::avenant_after_end(src, &cs));
            let doc = crate::avenant::document::build_on(src, &base, &cs, a)?;
            (doc, format!("avenant-{}", cs.numero), Some(cs))
        }
        None => {
            if !src.manifest.avenants.is_empty() {
                let avenants = src.manifest.avenants.iter().map(|a| a.numero).collect();
                return Err(Error::Usage(Misuse::ConsolidatedNotSigned { text: path.to_path_buf(), avenants }));
            }
            missing = crate::facts::of_source(src);
            notes.extend(crate::facts::warnings(&missing));
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
                return Err(Error::Usage(Misuse::CopiesAgainstText { copies: n, stated: m }));
            }
            notes.push(format!("note: the text now states {} exemplaires originaux (its source says {}): these originals are not the text of the source", n, m));
            doc = again;
            n
        }
        (Some(n), _) => n,
        (None, Some(m)) => m,
        // A number nobody stated is never printed: the fact is missing.
        (None, None) => cs.as_ref().and_then(|c| c.originaux).or(src.manifest.originaux).unwrap_or(0) as usize,
    };
    // Named by where the number comes from: the flag, or the text.
    if copies_flag == Some(0) || copies > crate::source::MAX_ORIGINALS as usize {
        let max = crate::source::MAX_ORIGINALS;
        return Err(Error::Usage(match (copies_flag, stated) {
            (Some(copies), _) => Misuse::Copies { copies, max },
            _ => Misuse::TextStatesCopies { text: path.to_path_buf(), stated: copies, max },
        }));
    }
    // What the originals need: the number of originals once they have one.
    missing.retain(|m| m.required && !(m.name() == "originaux" && copies > 0));
    if copies == 0 && !missing.iter().any(|m| m.name() == "originaux") {
        missing.push(crate::facts::Missing::originaux());
    }
    Ok(Prepared {
        doc,
        missing,
        stem,
        copies,
        source_fingerprint: crate::fingerprint::of(&base),
        initials: initials_of(&src.manifest),
        notes,
    })
}

/// What `clausier originals` is asked for.
pub struct Request<'a> {
    /// The source, as named on the command line.
    pub source: &'a Path,
    /// The folder to write the signing set into.
    pub output: &'a Path,
    pub copies: Option<usize>,
    /// The originals of this avenant (change set JSON) to the source.
    pub avenant: Option<&'a Path>,
    /// The format of the originals: `write::writer("docx")`, `"odt"` or `"pdf"`.
    pub format: &'static Writer,
    pub pdf: bool,
    pub pages: bool,
    pub force: bool,
    /// A draft: printed with its blanks, « PROJET » on every page. Without
    /// it, a set with a fact missing is refused.
    pub projet: bool,
}

/// Writes the signing set `req` asks for: the source loaded, the output
/// checked against the inputs, the originals prepared and written. Gives
/// the set's manifest and the notes to show.
pub fn make(req: &Request) -> Result<(Manifest, Vec<String>)> {
    let mut src = crate::source::Source::load(req.source)?;
    crate::fsutil::check_dir_output(
        req.output,
        &[src.inputs(), req.avenant.map(Path::to_path_buf).into_iter().collect()].concat(),
        req.force,
        "signing set",
    )?;
    let p = prepare(&mut src, req.source, req.avenant, req.copies)?;
    if !req.projet {
        let facts = match req.avenant {
            Some(a) => format!("clausier facts {} --avenant {}", req.source.display(), a.display()),
            None => format!("clausier facts {}", req.source.display()),
        };
        p.refuse_blanks(&facts)?;
    }
    let source_name = req.source.display().to_string();
    let opts = SetOptions {
        stem: &p.stem,
        copies: p.copies,
        initials: &p.initials,
        source: &source_name,
        source_fingerprint: &p.source_fingerprint,
        format: req.format,
        pdf: req.pdf,
        pages: req.pages,
        force: req.force,
        projet: req.projet,
    };
    let m = write_set(req.output, &p.doc, &opts)?;
    let mut notes = p.notes;
    if !(req.pdf || req.pages) && p.doc.toc_title.is_some() {
        notes.extend(req.format.sommaire_note().map(|n| n.replace("--pages", "--pages (or --pdf)")));
    }
    Ok((m, notes))
}
