//! The council pack (`clausier dossier`): everything the council secretariat
//! needs before the vote, in one run — the avenant, the consolidated
//! convention, the redline with tracked changes, the tableau comparatif, the
//! HTML view; for each party that deliberates, its projet de délibération
//! and the note sent with it (`councils`); every piece the councils and the
//! préfecture receive as PDF/A-2b, and per party a folder ready for @CTES;
//! and a manifest of their SHA-256.

use crate::avenant::{self, ChangeSet};
use crate::councils::{self, actes, Councils};
use crate::error::Result;
use crate::model::Document;
use crate::model::{Inline, Style};
use crate::originals::sha256;
use crate::render::{assemble, BuildOptions};
use crate::source::Source;
use crate::write::{self, Writer};
use serde::Serialize;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Serialize)]
pub struct Entry {
    pub(crate) name: String,
    pub(crate) what: String,
    pub(crate) sha256: String,
}

/// A deliberating party's share of the pack.
#[derive(Debug, Clone, Serialize)]
pub struct PartyEntry {
    pub partie: String,
    pub nom: String,
    /// The form its assembly deliberates in.
    pub forme: String,
    /// Its folder in the pack.
    pub dossier: String,
    /// Its @CTES folder, when written.
    pub actes: Option<String>,
    /// Why its @CTES folder was not written (one line each).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub actes_refus: Vec<String>,
    /// The facts its documents still print blank (their names).
    pub blancs: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PackManifest {
    pub avenant: u32,
    pub(crate) convention: String,
    base_fingerprint: String,
    consolidated_fingerprint: String,
    pub files: Vec<Entry>,
    pub parties: Vec<PartyEntry>,
}

/// One step of the pack, for a progress bar.
type Progress<'a> = &'a mut dyn FnMut(&str);

/// How the pack is written.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Write into a folder that holds other files (they are kept).
    pub force: bool,
    /// Lay every piece out as PDF/A-2b with LibreOffice (and write the
    /// @CTES folders, which carry PDFs only).
    pub pdf: bool,
}

/// What a pack holds, for the user: the manifest written, and per party
/// what was written and which facts are still blank.
#[derive(Debug, Clone)]
pub struct Report {
    pub manifest: PackManifest,
    pub councils: Councils,
}

/// The avenant a pack is made for.
#[derive(Debug, Clone)]
pub struct Given {
    pub avenant: ChangeSet,
    /// Drafted here from the convention edited in Word (then the pack
    /// carries it as JSON, for `avenant apply` and the next avenant).
    pub(crate) drafted: bool,
    /// What the DOCX held that could not be read as text, the comments.
    pub notes: Vec<String>,
    /// The edited document it was drafted from: its comments go in the
    /// tableau's « Observations ».
    pub(crate) version: Option<crate::word::Version>,
}

/// The avenant at `path`: a change set (JSON), or the one drafted from a
/// DOCX of the convention edited in Word (known by its zip signature),
/// exactly as `avenant draft SOURCE EDITED.docx` drafts it.
pub fn avenant_for(src: &Source, source_path: &Path, path: &Path) -> Result<Given> {
    // Read once (a pipe gives its bytes once), then told apart by them.
    let input = crate::input::Input::read(path, crate::input::CHANGE_SET)?;
    if !matches!(input.kind(), crate::input::Kind::Zip | crate::input::Kind::FlatOdt) {
        return Ok(Given { avenant: avenant::parse(input)?, drafted: false, notes: vec![], version: None });
    }
    let name = source_path.display().to_string();
    let old = assemble(src, &BuildOptions::default())?;
    let v = crate::word::docx_version(&input, &old, &name)?;
    let cs =
        avenant::draft::draft_from(src, &old, &v.doc, &avenant::draft::DraftOptions { numero: None, base_name: name })
            .map_err(|e| v.explain(e))?;
    Ok(Given { avenant: cs, drafted: true, notes: v.notes.clone(), version: Some(v) })
}

/// How many steps `build` reports, for a progress bar.
pub fn steps(src: &Source, opts: &Options) -> u64 {
    6 + u64::from(opts.pdf) * 2 + src.manifest.parties.iter().filter(|p| p.deliberates()).count() as u64
}

/// One file of the pack: its path, what it is, its bytes.
type File = (String, String, Vec<u8>);

/// The redline the councils read: its first page says what changes and
/// where, before the text (the same lines in every format, since they are
/// lines of the document).
fn for_councils(red: &Document, reading: &councils::Reading) -> Document {
    let mut r = red.clone();
    let italic = Style { italic: true, ..Style::PLAIN };
    r.title_page.extend(reading.summary.iter().map(|l| vec![Inline::styled(l.clone(), italic)]));
    r
}

/// The documents every party annexes, in the order of the annexes: name
/// (without extension), what it is, and how it is written.
struct Annex<'a> {
    name: String,
    what: &'static str,
    writer: &'static Writer,
    doc: &'a Document,
    opts: write::Options<'a>,
}

/// An annex written by `writer` (« docx », « tableau »).
fn annex<'a>(
    name: String,
    what: &'static str,
    writer: &str,
    doc: &'a Document,
    opts: &write::Options<'a>,
) -> Annex<'a> {
    Annex { name, what, writer: write::writer(writer), doc, opts: opts.clone() }
}

impl Annex<'_> {
    fn docx(&self) -> Vec<u8> {
        (self.writer.write)(self.doc, &self.opts)
    }
}

/// Builds the pack for the avenant `given` amending `src` and writes it into
/// `dir`, atomically.
pub fn build(
    src: &Source,
    given: &Given,
    avenant_path: &Path,
    dir: &Path,
    opts: &Options,
    progress: Progress,
) -> Result<Report> {
    let cs = &given.avenant;
    let n = cs.numero;
    progress("avenant");
    let old = assemble(src, &BuildOptions::default())?;
    let avenant_doc = avenant::document::build_on(src, &old, cs, avenant_path)?;
    progress("texte consolidé");
    let (consolidated, new) = avenant::apply::consolidate(src, &old, cs, avenant_path, &Default::default())?;
    // Printed for reading, it says it is a consolidated version.
    let mut marked = new.clone();
    crate::consolidation::mark(&mut marked, &consolidated.manifest);
    progress("redline");
    let councils = councils::prepare(src, &old, cs)?;
    let red = for_councils(&crate::compare::compare(&old, &new), &councils.reading);
    let author = cs.auteur.clone().unwrap_or_else(|| "Comité technique".into());
    let rev = write::RevInfo::new(author, cs.date.as_deref())?;
    // The reviewers' comments, on the rows of the text the avenant makes.
    let observations = given.version.as_ref().map(|v| v.observations(&new)).unwrap_or_default();
    let wopts = write::Options {
        old: Some(&old),
        rev,
        title: Some(format!("Avenant n° {}", n)),
        observations: &observations,
        ..Default::default()
    };
    let (avenant_red, consolidated_red) = (avenant_doc.clone(), marked.clone());
    let plain = write::Options::default();
    let annexes: Vec<Annex> = vec![
        annex(format!("avenant-{}", n), "l’avenant", "docx", &avenant_red, &plain),
        annex(format!("tableau-comparatif-avenant-{}", n), "le tableau comparatif", "tableau", &red, &wopts),
        annex(
            format!("redline-avenant-{}", n),
            "la convention avec les modifications en suivi de Word",
            "docx",
            &red,
            &wopts,
        ),
        annex(
            format!("convention-consolidee-avenant-{}", n),
            "la convention consolidée après l’avenant",
            "docx",
            &consolidated_red,
            &plain,
        ),
    ];
    // The pack lists the texts first (avenant, consolidated convention), then
    // the comparisons; the annexes follow the order the deliberation gives.
    let mut files: Vec<File> = [0, 3, 2, 1]
        .iter()
        .map(|&k| &annexes[k])
        .map(|a| (format!("{}.docx", a.name), a.what.to_string(), a.docx()))
        .collect();
    progress("vue HTML");
    files.push((
        format!("modifications-avenant-{}.html", n),
        "les modifications, à lire à l’écran".into(),
        (write::writer("redline-html").write)(&red, &wopts),
    ));
    if given.drafted {
        // What was drafted from the edited document, so that it can be
        // reviewed, applied and signed as it stands in the pack.
        files.push((
            format!("avenant-{}.json", n),
            "l’avenant en opérations (rédigé depuis la convention modifiée dans Word)".into(),
            avenant::to_json(cs).into_bytes(),
        ));
    }
    party_files(&councils, n, &mut files, progress);
    let pdfs = if opts.pdf { Some(pdfs(&annexes, &councils, n, dir, &mut files, progress)?) } else { None };
    progress("@CTES");
    let entries = actes_folders(&councils, &annexes, pdfs.as_ref(), &mut files);
    let manifest = PackManifest {
        avenant: n,
        convention: src.manifest.title.clone(),
        base_fingerprint: cs.base.fingerprint.clone(),
        consolidated_fingerprint: crate::fingerprint::of(&new),
        files: files
            .iter()
            .map(|(name, what, bytes)| Entry { name: name.clone(), what: what.clone(), sha256: sha256(bytes) })
            .collect(),
        parties: entries,
    };
    progress("manifeste");
    write_pack(dir, files, &manifest, &consolidated, avenant_path, opts)?;
    Ok(Report { manifest, councils })
}

/// Each party's projet de délibération and note, as DOCX, in its folder.
fn party_files(councils: &Councils, n: u32, files: &mut Vec<File>, progress: Progress) {
    for p in &councils.parties {
        progress(&format!("délibération : {}", p.nom));
        let deliberation = format!("{}/projet-de-deliberation-avenant-{}", p.folder, n);
        let note = format!("{}/{}-avenant-{}", p.folder, actes::file_name(&p.note), n);
        files.push((
            format!("{}.docx", deliberation),
            format!("le projet de délibération de {}", p.nom),
            write::render(&p.deliberation, "docx"),
        ));
        files.push((
            format!("{}.docx", note),
            format!("{} ({})", crate::french::decapitalize(&p.note), p.nom),
            write::render(&p.expose, "docx"),
        ));
    }
}

/// The PDFs the @CTES folders take: the annexes', in order, and each
/// party's projet's.
struct Pdfs {
    annexes: Vec<Vec<u8>>,
    projets: Vec<Vec<u8>>,
}

/// The PDF/A of every piece, laid out in one LibreOffice run: the annexes
/// once (at the pack's root), each party's projet and note in its folder.
/// Returns the annexes' PDFs, then each party's projet's.
fn pdfs(
    annexes: &[Annex],
    councils: &Councils,
    n: u32,
    dir: &Path,
    files: &mut Vec<File>,
    progress: Progress,
) -> Result<Pdfs> {
    progress("PDF/A (LibreOffice)");
    let parties: Vec<[Document; 2]> =
        councils.parties.iter().map(|p| [p.deliberation.clone(), p.expose.clone()]).collect();
    let mut pieces: Vec<write::pdf::Piece> = annexes
        .iter()
        .map(|a| write::pdf::Piece { name: a.name.clone(), writer: a.writer, doc: a.doc, opts: a.opts.clone() })
        .collect();
    for (k, docs) in parties.iter().enumerate() {
        for (what, doc) in ["deliberation", "note"].iter().zip(docs) {
            pieces.push(write::pdf::Piece {
                name: format!("partie-{}-{}", k + 1, what),
                writer: write::writer("docx"),
                doc,
                opts: Default::default(),
            });
        }
    }
    let scratch = dir.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let mut laid = councils::to_pdf(&pieces, scratch)?.into_iter();
    progress("PDF/A écrits");
    let mut root = Vec::new();
    for a in annexes {
        let pdf = laid.next().unwrap_or_default();
        files.push((format!("{}.pdf", a.name), format!("{} (PDF/A)", a.what), pdf.clone()));
        root.push(pdf);
    }
    let mut projets = Vec::new();
    for p in &councils.parties {
        let (d, e) = (laid.next().unwrap_or_default(), laid.next().unwrap_or_default());
        files.push((
            format!("{}/projet-de-deliberation-avenant-{}.pdf", p.folder, n),
            format!("le projet de délibération de {} (PDF/A)", p.nom),
            d.clone(),
        ));
        files.push((
            format!("{}/{}-avenant-{}.pdf", p.folder, actes::file_name(&p.note), n),
            format!("{} ({}, PDF/A)", crate::french::decapitalize(&p.note), p.nom),
            e,
        ));
        projets.push(d);
    }
    Ok(Pdfs { annexes: root, projets })
}

/// Each party's @CTES folder, when the facts allow it: the projet's PDF,
/// the annexes' PDFs in order, `acte.json`.
fn actes_folders(
    councils: &Councils,
    annexes: &[Annex],
    pdfs: Option<&Pdfs>,
    files: &mut Vec<File>,
) -> Vec<PartyEntry> {
    let mut out = Vec::new();
    for (k, p) in councils.parties.iter().enumerate() {
        let mut entry = PartyEntry {
            partie: p.id.clone(),
            nom: p.nom.clone(),
            forme: p.forme.clone(),
            dossier: p.folder.clone(),
            actes: None,
            actes_refus: vec![],
            blancs: p.missing.iter().filter(|m| m.blank).map(|m| m.field.clone()).collect(),
        };
        match (&p.actes, pdfs) {
            (Err(why), _) => entry.actes_refus = why.clone(),
            (Ok(_), None) => entry.actes_refus = vec!["no PDF made (--no-pdf)".into()],
            (Ok(acte), Some(Pdfs { annexes: root, projets })) => {
                let folder = format!("{}/actes", p.folder);
                let mut pieces: Vec<(String, &Vec<u8>)> =
                    vec![(actes::file_name(&format!("01-deliberation-{}.pdf", acte.numero)), &projets[k])];
                for (j, (a, pdf)) in annexes.iter().zip(root).enumerate() {
                    pieces.push((actes::file_name(&format!("{:02}-annexe-{}.pdf", j + 2, a.name)), pdf));
                }
                let size: u64 = pieces.iter().map(|(_, b)| b.len() as u64).sum();
                if size > actes::SIZE_MAX {
                    entry.actes_refus = vec![format!(
                        "the acte and its annexes weigh {:.1} MB, more than the {} MB @CTES takes",
                        size as f64 / 1048576.0,
                        actes::SIZE_MAX / 1048576
                    )];
                } else {
                    let meta = actes::Metadonnees {
                        collectivite: p.nom.clone(),
                        nature: actes::Nature { code: actes::NATURE_DELIBERATION, libelle: "Délibérations" },
                        classification: acte.classification.clone(),
                        objet: acte.objet.clone(),
                        numero: acte.numero.clone(),
                        date_decision: acte.date.clone(),
                        acte: pieces[0].0.clone(),
                        annexes: pieces[1..].iter().map(|(n, _)| n.clone()).collect(),
                    };
                    for (name, bytes) in &pieces {
                        files.push((format!("{}/{}", folder, name), format!("@CTES : {}", name), (*bytes).clone()));
                    }
                    let mut json = serde_json::to_string_pretty(&meta).expect("metadata always serializes");
                    json.push('\n');
                    files.push((
                        format!("{}/acte.json", folder),
                        "@CTES : les métadonnées de l’acte".into(),
                        json.into_bytes(),
                    ));
                    entry.actes = Some(folder);
                }
            }
        }
        out.push(entry);
    }
    out
}

/// Writes the pack: its files, the manifest, the consolidated source.
fn write_pack(
    dir: &Path,
    files: Vec<File>,
    manifest: &PackManifest,
    consolidated: &Source,
    avenant_path: &Path,
    opts: &Options,
) -> Result<()> {
    let n = manifest.avenant;
    let mut out: Vec<(PathBuf, Vec<u8>)> = files.into_iter().map(|(name, _, b)| (PathBuf::from(name), b)).collect();
    let mut json = serde_json::to_string_pretty(manifest).expect("a manifest always serializes");
    json.push('\n');
    out.push((PathBuf::from("manifest.json"), json.into_bytes()));
    // The consolidated source too, so that the next avenant can be drafted on it.
    let source_dir = format!("source-consolidee-avenant-{}", n);
    for (rel, bytes) in consolidated.files() {
        out.push((PathBuf::from(&source_dir).join(rel), bytes));
    }
    // The pack never carries a source that `build` would refuse.
    let check = |staged: &Path| crate::avenant::check_written_source(&staged.join(&source_dir), avenant_path);
    crate::fsutil::write_dir(
        dir,
        &out,
        &crate::fsutil::DirOptions { what: "council pack", force: opts.force, check: Some(&check) },
    )
}

/// What the pack holds, per party, in a few lines for the user: what was
/// written, whether the @CTES folder was (or why not), which facts its
/// documents still print blank.
pub fn summary(report: &Report, dir: &Path) -> Vec<String> {
    let m = &report.manifest;
    let mut out = Vec::new();
    for (p, docs) in m.parties.iter().zip(&report.councils.parties) {
        let written: Vec<&str> = m
            .files
            .iter()
            .filter(|f| f.name.starts_with(&format!("{}/", p.dossier)) && !f.name.contains("/actes/"))
            .map(|f| f.name.as_str())
            .collect();
        out.push(format!("{} ({}) : {}", p.nom, docs.note.to_lowercase(), written.join(", ")));
        match &p.actes {
            Some(folder) => out.push(format!("{} : dossier @CTES prêt dans {}/", p.nom, folder)),
            None => out.push(format!("{} : dossier @CTES non écrit — {}", p.nom, p.actes_refus.join(" ; "))),
        }
        let blanks: Vec<String> = docs.missing.iter().filter(|x| x.blank).map(|x| x.field.clone()).collect();
        if !blanks.is_empty() {
            out.push(format!("{} : faits encore en blanc — {}", p.nom, blanks.join(", ")));
        }
    }
    out.push(format!("dossier de l'avenant n° {} : {} fichiers dans {}", m.avenant, m.files.len() + 1, dir.display()));
    out
}
