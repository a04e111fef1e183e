//! Avenants: the change set (`ops`), drafting it from two versions of a text
//! (`draft`), applying it to get the consolidated source (`apply`), and the
//! avenant document in French légistique (`wording`, `document`).

pub mod apply;
pub mod document;
pub mod draft;
mod effect;
mod in_step;
mod naming;
mod objet;
pub mod ops;
mod wire;
mod wording;

pub(crate) use naming::designation;
pub use ops::{ChangeSet, Operation};
pub(crate) use wording::repeal_mention;

use crate::error::{BadManifest, Error, Result};
use std::path::Path;

/// Reads a change set, naming the file, line and column of a JSON error,
/// and checks every id and number it brings before anything uses them
/// (a new division's id becomes a file name).
pub fn load(path: &Path) -> Result<ChangeSet> {
    parse(crate::input::Input::read(path, crate::input::CHANGE_SET)?)
}

/// A change set from an input already read (`dossier` tells a DOCX from a
/// change set by its bytes, and a pipe is read once).
pub(crate) fn parse(input: crate::input::Input) -> Result<ChangeSet> {
    let path = input.path.clone();
    let path = path.as_path();
    let text = input.text("a change set (JSON)")?;
    let cs: ChangeSet = serde_json::from_str(&text).map_err(|e| Error::json(path, e))?;
    cs.validate()
        .map_err(|why| Error::Manifest { path: path.to_path_buf(), why: BadManifest::InvalidChangeSet(why.into()) })?;
    Ok(cs)
}

/// The change set as written to disk.
pub fn to_json(cs: &ChangeSet) -> String {
    let mut s = serde_json::to_string_pretty(cs).expect("a change set always serializes");
    s.push('\n');
    s
}

/// Checks a consolidated source as written, the way `build` will read it:
/// `apply` and `dossier` never put in place a source that `build` refuses
/// (two divisions with one id, a title with an undefined variable…).
pub fn check_written_source(dir: &Path, changeset: &Path) -> Result<()> {
    let checked =
        crate::source::Source::load(dir).and_then(|s| crate::render::assemble(&s, &Default::default()).map(|_| ()));
    checked.map_err(|e| Error::Manifest {
        path: changeset.to_path_buf(),
        why: BadManifest::WouldNotBuild { written: true, error: Box::new(e) },
    })
}

/// Checks the change set against the convention it amends: every party it
/// names (deliberations, signatories) is a party of the convention. A
/// deliberation for an unknown party would otherwise vanish silently.
pub(crate) fn check_parties(cs: &ChangeSet, m: &crate::source::Manifest, path: &Path) -> Result<()> {
    let ids: Vec<&str> = m.parties.iter().map(|p| p.id.as_str()).collect();
    let named = cs
        .deliberations
        .iter()
        .map(|d| ("deliberations", &d.partie))
        .chain(cs.signataires.iter().map(|s| ("signataires", &s.partie)));
    for (field, partie) in named {
        if !ids.contains(&partie.as_str()) {
            let parties = ids.iter().map(|p| p.to_string()).collect();
            let why = BadManifest::NotAParty { field, party: partie.clone(), parties };
            return Err(Error::Manifest { path: path.to_path_buf(), why });
        }
    }
    Ok(())
}
