//! `clausier redline`: two versions of a text, compared for the councils —
//! given as two sources, or as a source and an avenant to it — written by
//! the writer the output asks for (tracked changes, tableau comparatif,
//! HTML view).

use crate::avenant::ChangeSet;
use crate::compare::compare;
use crate::error::{Error, Result};
use crate::model::Document;
use crate::render::{assemble, BuildOptions};
use crate::source::Source;
use std::path::{Path, PathBuf};

/// Two versions compared, and what they were read from.
pub struct Versions {
    pub old: Document,
    pub revised: Document,
    /// The avenant, when the new version is the old one after it.
    pub avenant: Option<ChangeSet>,
    /// Every file read, which an output must not overwrite.
    pub inputs: Vec<PathBuf>,
    /// What a DOCX held that could not be read as text, to warn about.
    pub notes: Vec<String>,
    /// The comments of an edited document, as the tableau's observations.
    pub observations: Vec<crate::write::tableau::Observation>,
}

/// Reads the two versions: `old` and `new` (a source, or the convention
/// edited in Word: `word::read_version`), or `old` before and after the
/// avenant at `avenant`.
pub fn versions(old: &Path, new: Option<&Path>, avenant: Option<&Path>) -> Result<Versions> {
    let src = Source::load(old)?;
    let o = assemble(&src, &BuildOptions::default())?;
    let mut inputs = src.inputs();
    let mut notes = Vec::new();
    let mut observations = Vec::new();
    let (n, cs) = match (new, avenant) {
        (Some(n), None) => {
            let v = crate::word::read_version(n, &o, &old.display().to_string())?;
            observations = v.observations(&v.doc);
            inputs.extend(v.inputs);
            notes = v.notes;
            (v.doc, None)
        }
        (None, Some(a)) => {
            let cs = crate::avenant::load(a)?;
            inputs.push(a.to_path_buf());
            let (_, text) = crate::avenant::apply::consolidate(&src, &o, &cs, a, &Default::default())?;
            (text, Some(cs))
        }
        _ => return Err(Error::Usage(crate::error::Misuse::NewOrAvenant)),
    };
    let revised = compare(&o, &n);
    Ok(Versions { old: o, revised, avenant: cs, inputs, notes, observations })
}

impl Versions {
    /// The comparison written by `writer`: tracked changes by `author` on
    /// `date` (by default the avenant's), cited as the avenant cites. A PDF
    /// is laid out by LibreOffice, its working files in `scratch`.
    pub fn write(
        &self,
        writer: &'static crate::write::Writer,
        author: Option<String>,
        date: Option<String>,
        scratch: &Path,
    ) -> Result<Vec<u8>> {
        let cs = self.avenant.as_ref();
        let author = author.or_else(|| cs.and_then(|c| c.auteur.clone())).unwrap_or_else(|| "Comité technique".into());
        let date = date.or_else(|| cs.and_then(|c| c.date.clone()));
        let rev = crate::write::RevInfo::new(author, date.as_deref())?;
        let title = cs.map(|c| format!("Avenant n° {}", c.numero));
        let opts = crate::write::Options {
            old: Some(&self.old),
            rev,
            title,
            observations: &self.observations,
            ..Default::default()
        };
        // A redline's sommaire is the word processor's to number.
        let laying = crate::write::Laying { pages: false, scratch };
        Ok(writer.produce(&self.revised, &opts, &laying)?.0)
    }
}
