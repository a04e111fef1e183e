//! The signing set: N exemplaires originaux, numbered, identical but for
//! that number, each with the signature page of every party and a paraphe
//! box per party in the footer of every page; and a manifest of their
//! SHA-256, with one content fingerprint shared by all copies, so that
//! anyone can prove the originals carry the same text and match the version
//! voted.

use crate::error::{Error, Result};
use crate::model::{Document, Inline};
use crate::write::docx::{write_with_footer, Footer};
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Serialize)]
pub struct FileEntry {
    pub name: String,
    pub sha256: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pdf: Option<Box<FileEntry>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Manifest {
    pub document: String,
    pub kind: String,
    pub copies: usize,
    /// Where the text comes from, and the fingerprint of that text.
    pub source: String,
    pub source_fingerprint: String,
    /// The fingerprint of the document's text without the copy number: the
    /// same for every original.
    pub content_fingerprint: String,
    pub files: Vec<FileEntry>,
}

pub fn sha256(bytes: &[u8]) -> String {
    format!("{:x}", Sha256::digest(bytes))
}

/// « Exemplaire original n° 2 sur 4 ».
pub fn copy_mark(k: usize, n: usize) -> String {
    format!("Exemplaire original n° {} sur {}", k, n)
}

/// The document as signed: each party's block gets the place and date of
/// its signature to fill in (the room to sign follows in the table).
pub fn for_signature(doc: &Document) -> Document {
    let mut d = doc.clone();
    for s in &mut d.signatures {
        s.lines.push(vec![Inline::plain("À …………………, le …………………")]);
    }
    d
}

/// The N originals as (file name, DOCX bytes).
pub fn originals(doc: &Document, stem: &str, copies: usize, initials: &[String]) -> Vec<(String, Vec<u8>)> {
    let signed = for_signature(doc);
    (1..=copies)
        .map(|k| {
            let mut d = signed.clone();
            d.meta.copy_mark = Some(copy_mark(k, copies));
            let footer = Footer { copy_mark: d.meta.copy_mark.clone(), initials: initials.to_vec() };
            (format!("{}-original-{}-sur-{}.docx", stem, k, copies), write_with_footer(&d, footer))
        })
        .collect()
}

/// The short party names for the paraphe boxes (« Ville de Paris »).
pub fn initials_of(m: &crate::source::Manifest) -> Vec<String> {
    let order: Vec<&crate::source::Party> = if m.signature_order.is_empty() {
        m.parties.iter().collect()
    } else {
        m.signature_order.iter().filter_map(|id| m.parties.iter().find(|p| &p.id == id)).collect()
    };
    order.iter().map(|p| crate::french::capitalize(p.nom.trim_start_matches("la ").trim_start_matches("le ").trim_start_matches("l'"))).collect()
}

/// Converts DOCX files to PDF with one LibreOffice run (not one per file).
pub fn to_pdf(files: &[PathBuf], outdir: &Path) -> Result<()> {
    let soffice = ["soffice", "libreoffice"].into_iter().find(|c| std::process::Command::new(c).arg("--version").output().is_ok_and(|o| o.status.success()));
    let Some(soffice) = soffice else {
        return Err(Error::Other("--pdf needs LibreOffice, which is not installed: apt-get install libreoffice-writer-nogui (or run ../shared/tools/install-checkers.sh)".into()));
    };
    let profile = crate::fsutil::Temp::dir_in(&std::env::temp_dir()).map_err(|e| Error::io(outdir, e))?;
    let out = std::process::Command::new(soffice)
        .arg(format!("-env:UserInstallation=file://{}", profile.path().display()))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(outdir)
        .args(files)
        .output()
        .map_err(|e| Error::Other(format!("LibreOffice could not be started: {}", e)))?;
    for f in files {
        let pdf = outdir.join(f.with_extension("pdf").file_name().unwrap_or_default());
        if !pdf.is_file() {
            return Err(Error::Other(format!("LibreOffice did not convert {}: {}", f.display(), String::from_utf8_lossy(&out.stderr).lines().last().unwrap_or(""))));
        }
    }
    Ok(())
}

/// The human-readable manifest.
pub fn manifest_text(m: &Manifest) -> String {
    let mut s = format!(
        "{}\n{} — {}\n\nSource : {}\nEmpreinte du texte source : {}\nEmpreinte du contenu (identique pour tous les exemplaires, hors numéro) : {}\n\nFichiers (SHA-256) :\n",
        m.document, crate::render::exemplaires(m.copies as u64), m.kind, m.source, m.source_fingerprint, m.content_fingerprint
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
pub fn sha256sums(m: &Manifest) -> String {
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
    pub pdf: bool,
    /// Write into a folder that holds other files (they are kept).
    pub force: bool,
}

/// Writes the signing set into `dir`, atomically (all or nothing).
pub fn write_set(dir: &Path, doc: &Document, o: &SetOptions) -> Result<Manifest> {
    let (stem, copies, initials, pdf) = (o.stem, o.copies, o.initials, o.pdf);
    if copies == 0 || copies > 99 {
        return Err(Error::Other(format!("--copies {}: between 1 and 99 originals", copies)));
    }
    let files = originals(doc, stem, copies, initials);
    let parent = match dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if !parent.is_dir() {
        return Err(Error::Io { path: dir.to_path_buf(), msg: format!("cannot write: directory {} does not exist", parent.display()) });
    }
    // The DOCX stay in memory; LibreOffice, when asked, converts them from a
    // scratch directory. The set is then written in one atomic step.
    let mut entries = Vec::new();
    let mut all: Vec<(PathBuf, Vec<u8>)> = Vec::new();
    for (name, bytes) in files {
        entries.push(FileEntry { name: name.clone(), sha256: sha256(&bytes), pdf: None });
        all.push((PathBuf::from(name), bytes));
    }
    if pdf {
        let scratch = crate::fsutil::Temp::dir_in(&parent).map_err(|e| Error::io(dir, e))?;
        let mut paths = Vec::new();
        for (name, bytes) in &all {
            let p = scratch.path().join(name);
            std::fs::write(&p, bytes).map_err(|e| Error::io(&p, e))?;
            paths.push(p);
        }
        to_pdf(&paths, scratch.path())?;
        for e in &mut entries {
            let name = Path::new(&e.name).with_extension("pdf").to_string_lossy().to_string();
            let path = scratch.path().join(&name);
            let bytes = std::fs::read(&path).map_err(|err| Error::io(&path, err))?;
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
        content_fingerprint: crate::fingerprint(doc),
        files: entries,
    };
    let mut json = serde_json::to_string_pretty(&m).map_err(|e| Error::Other(e.to_string()))?;
    json.push('\n');
    all.push((PathBuf::from("manifest.json"), json.into_bytes()));
    all.push((PathBuf::from("manifest.txt"), manifest_text(&m).into_bytes()));
    all.push((PathBuf::from("SHA256SUMS"), sha256sums(&m).into_bytes()));
    crate::fsutil::write_dir(dir, &all, &crate::fsutil::DirOptions { what: "signing set", force: o.force, check: None })?;
    Ok(m)
}
