//! Writing outputs so that a reader never sees half a file: write to a
//! temporary file in the target directory, then rename it into place.

use crate::error::{Error, Result};
use std::io::Write;
use std::path::{Path, PathBuf};

fn parent_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Writes `bytes` to `path` atomically (same directory, then rename).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = parent_of(path);
    if !dir.is_dir() {
        return Err(Error::Io { path: path.to_path_buf(), msg: format!("cannot write: directory {} does not exist", dir.display()) });
    }
    let mut tmp = tempfile::Builder::new()
        .prefix(".clausier-")
        .suffix(".tmp")
        .tempfile_in(&dir)
        .map_err(|e| Error::io(path, e))?;
    tmp.write_all(bytes).map_err(|e| Error::io(path, e))?;
    // No fsync: the rename already guarantees that a killed run leaves the
    // previous output whole (measured: fsync is a quarter of a build).
    // A temporary file is private (0600); the document is not.
    set_mode(tmp.path(), 0o644).map_err(|e| Error::io(path, e))?;
    tmp.persist(path).map_err(|e| Error::io(path, e.error))?;
    Ok(())
}

/// Writes a whole directory of files atomically: into a temporary sibling
/// directory, then renamed over `dir` (a previous `dir` is replaced only
/// once the new one is complete).
pub fn write_dir_atomic(dir: &Path, files: &[(PathBuf, Vec<u8>)]) -> Result<()> {
    let parent = parent_of(dir);
    if !parent.is_dir() {
        return Err(Error::Io { path: dir.to_path_buf(), msg: format!("cannot write: directory {} does not exist", parent.display()) });
    }
    if dir.exists() && !dir.is_dir() {
        return Err(Error::Io { path: dir.to_path_buf(), msg: "exists and is not a directory".into() });
    }
    let tmp = tempfile::Builder::new().prefix(".clausier-").tempdir_in(&parent).map_err(|e| Error::io(dir, e))?;
    for (rel, bytes) in files {
        let p = tmp.path().join(rel);
        if let Some(d) = p.parent() {
            std::fs::create_dir_all(d).map_err(|e| Error::io(&p, e))?;
        }
        std::fs::write(&p, bytes).map_err(|e| Error::io(&p, e))?;
    }
    let staged = tmp.keep();
    set_mode(&staged, 0o755).map_err(|e| Error::io(dir, e))?;
    if dir.exists() {
        let old = parent.join(format!(".clausier-old-{}", std::process::id()));
        std::fs::rename(dir, &old).map_err(|e| Error::io(dir, e))?;
        if let Err(e) = std::fs::rename(&staged, dir) {
            let _ = std::fs::rename(&old, dir);
            let _ = std::fs::remove_dir_all(&staged);
            return Err(Error::io(dir, e));
        }
        let _ = std::fs::remove_dir_all(&old);
    } else {
        std::fs::rename(&staged, dir).map_err(|e| {
            let _ = std::fs::remove_dir_all(&staged);
            Error::io(dir, e)
        })?;
    }
    Ok(())
}

#[cfg(unix)]
fn set_mode(p: &Path, mode: u32) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode))
}

#[cfg(not(unix))]
fn set_mode(_: &Path, _: u32) -> std::io::Result<()> {
    Ok(())
}
