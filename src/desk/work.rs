//! The work folder: what the desk writes that is not (yet) the library —
//! the avenant in preparation for each source (`brouillons/NAME/`), the
//! outputs of long jobs (`travaux/ID/`), the drafts once signed
//! (`signes/NAME/`). Nothing else is written outside the library.

use crate::error::{Error, Result};
use std::path::{Path, PathBuf};

/// Makes the work folder if needed; inside a git repository, it is ignored.
pub(crate) fn prepare(work: &Path) -> Result<()> {
    std::fs::create_dir_all(work).map_err(|e| Error::io(work, e))?;
    let ignore = work.join(".gitignore");
    if !ignore.exists() {
        crate::fsutil::write_atomic(&ignore, b"# Le dossier de travail du bureau clausier : rien a suivre.\n*\n")?;
    }
    for sub in ["brouillons", "travaux", "signes", "depots"] {
        let d = work.join(sub);
        std::fs::create_dir_all(&d).map_err(|e| Error::io(&d, e))?;
    }
    Ok(())
}

/// The avenant in preparation for the source `name`.
pub(crate) fn draft_dir(work: &Path, name: &str) -> PathBuf {
    work.join("brouillons").join(name)
}

pub(crate) fn job_dir(work: &Path, id: &str) -> PathBuf {
    work.join("travaux").join(id)
}

/// Where an upload waits while it is read (removed once read).
pub(crate) fn upload_path(work: &Path, id: &str) -> PathBuf {
    work.join("depots").join(format!("{}.depot", id))
}

/// Where a draft is kept once signed or abandoned (`what`), under a name
/// not used yet.
pub(crate) fn archive_dir(work: &Path, name: &str, numero: u32, what: &str) -> PathBuf {
    let base = work.join("signes").join(name);
    let mut k = 1;
    loop {
        let stem = format!("avenant-{}-{}", numero, what);
        let p = base.join(if k == 1 { stem } else { format!("{}-{}", stem, k) });
        if !p.exists() {
            return p;
        }
        k += 1;
    }
}
