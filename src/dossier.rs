//! The council pack (`clausier dossier`): everything the council secretariat
//! needs before the vote, in one run — the avenant, the consolidated
//! convention, the redline with tracked changes, the tableau comparatif, the
//! HTML view, and a manifest of their SHA-256.

use crate::avenant::{self, ChangeSet};
use crate::error::Result;
use crate::originals::sha256;
use crate::render::{assemble, BuildOptions};
use crate::source::Source;
use crate::write::{self, docx};
use serde::Serialize;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Serialize)]
pub struct Entry {
    pub(crate) name: String,
    pub(crate) what: String,
    pub(crate) sha256: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct PackManifest {
    pub avenant: u32,
    pub(crate) convention: String,
    base_fingerprint: String,
    consolidated_fingerprint: String,
    pub files: Vec<Entry>,
}

/// One step of the pack, for a progress bar.
type Progress<'a> = &'a mut dyn FnMut(&str);

/// The avenant a pack is made for.
#[derive(Debug, Clone)]
pub struct Given {
    pub avenant: ChangeSet,
    /// Drafted here from the convention edited in Word (then the pack
    /// carries it as JSON, for `avenant apply` and the next avenant).
    pub(crate) drafted: bool,
    /// What the DOCX held that could not be read as text.
    pub notes: Vec<String>,
}

/// The avenant at `path`: a change set (JSON), or the one drafted from a
/// DOCX of the convention edited in Word (known by its zip signature),
/// exactly as `avenant draft SOURCE EDITED.docx` drafts it.
pub fn avenant_for(src: &Source, source_path: &Path, path: &Path) -> Result<Given> {
    // Read once (a pipe gives its bytes once), then told apart by them.
    let input = crate::input::Input::read(path, crate::input::CHANGE_SET)?;
    if input.kind() != crate::input::Kind::Zip {
        return Ok(Given { avenant: avenant::parse(input)?, drafted: false, notes: vec![] });
    }
    let name = source_path.display().to_string();
    let old = assemble(src, &BuildOptions::default())?;
    let v = crate::word::docx_version(&input, &old, &name)?;
    let cs =
        avenant::draft::draft_from(src, &old, &v.doc, &avenant::draft::DraftOptions { numero: None, base_name: name })?;
    Ok(Given { avenant: cs, drafted: true, notes: v.notes })
}

/// Builds the pack for the avenant `given` amending `src` and writes it into
/// `dir`, atomically. `force` writes into a folder that holds other files
/// (they are kept).
pub fn build(
    src: &Source,
    given: &Given,
    avenant_path: &Path,
    dir: &Path,
    force: bool,
    progress: Progress,
) -> Result<PackManifest> {
    let cs = &given.avenant;
    let n = cs.numero;
    progress("avenant");
    let old = assemble(src, &BuildOptions::default())?;
    let avenant_doc = avenant::document::build_on(src, &old, cs, avenant_path)?;
    progress("texte consolidé");
    let (consolidated, new) = avenant::apply::consolidate(src, &old, cs, avenant_path, &Default::default())?;
    progress("redline");
    let red = crate::compare::compare(&old, &new);
    let author = cs.auteur.clone().unwrap_or_else(|| "Comité technique".into());
    let rev = docx::RevInfo::new(author, cs.date.as_deref())?;
    let title = format!("Avenant n° {}", n);
    let text = |doc: &crate::model::Document| write::render(doc, "docx");
    let mut files: Vec<(String, String, Vec<u8>)> = vec![
        (format!("avenant-{}.docx", n), "l’avenant".into(), text(&avenant_doc)),
        (format!("convention-consolidee-avenant-{}.docx", n), "la convention consolidée après l’avenant".into(), {
            // Printed for reading, it says it is a consolidated version.
            let mut marked = new.clone();
            crate::consolidation::mark(&mut marked, &consolidated.manifest);
            text(&marked)
        }),
    ];
    let opts = write::Options { old: Some(&old), rev, title: Some(title), ..Default::default() };
    progress("redline");
    files.push((
        format!("redline-avenant-{}.docx", n),
        "la convention avec les modifications en suivi de Word".into(),
        (write::writer("docx").write)(&red, &opts),
    ));
    progress("tableau comparatif");
    files.push((
        format!("tableau-comparatif-avenant-{}.docx", n),
        "le tableau comparatif".into(),
        (write::writer("tableau").write)(&red, &opts),
    ));
    progress("vue HTML");
    files.push((
        format!("modifications-avenant-{}.html", n),
        "les modifications, à lire à l’écran".into(),
        (write::writer("redline-html").write)(&red, &opts),
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
    let manifest = PackManifest {
        avenant: n,
        convention: src.manifest.title.clone(),
        base_fingerprint: cs.base.fingerprint.clone(),
        consolidated_fingerprint: crate::fingerprint::of(&new),
        files: files
            .iter()
            .map(|(name, what, bytes)| Entry { name: name.clone(), what: what.clone(), sha256: sha256(bytes) })
            .collect(),
    };
    progress("manifeste");
    let mut out: Vec<(PathBuf, Vec<u8>)> = files.into_iter().map(|(name, _, b)| (PathBuf::from(name), b)).collect();
    let mut json = serde_json::to_string_pretty(&manifest).expect("a manifest always serializes");
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
        &crate::fsutil::DirOptions { what: "council pack", force, check: Some(&check) },
    )?;
    Ok(manifest)
}
