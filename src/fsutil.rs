//! Writing outputs without ever destroying what the user had.
//!
//! - A file is written to a temporary file beside it, then renamed into
//!   place: a reader never sees half a file.
//! - A folder is written beside its target, checked, then swapped in
//!   (`renameat2(RENAME_EXCHANGE)` on Linux): a kill at any moment leaves the
//!   old folder or the new one. Every folder clausier writes holds a marker,
//!   `.clausier-output`, listing the files it wrote with their size and
//!   SHA-256; an existing folder is written over only if it holds that
//!   marker (or `--force` is given), and then only clausier's own files are
//!   replaced: anything else in it (`.git`, notes) stays. A listed file that
//!   is no longer what clausier wrote (edited, made a folder or a link) is
//!   the user's: refused without `--force`, kept with it. Such a folder is
//!   updated file by file, each file whole, the marker last.
//! - An output equal to or inside an input, or an input inside a folder
//!   output, is refused, whatever the flags: `--force` only lets clausier
//!   write among files it did not write, never over what it reads.
//! - SIGINT, SIGTERM and SIGHUP remove the temporary files before exiting.
//! - New outputs are created with the default permissions (the umask
//!   decides); a file replaced keeps its mode.

use crate::error::{Error, Result};
use std::io::Write;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

/// The file clausier leaves in every folder it writes: the list of its files.
const MARKER: &str = ".clausier-output";

/// Temporary files and folders to remove if the run is interrupted.
static PENDING: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());
/// Held while temporaries become outputs (renames): an interruption waits
/// for the step to finish, so that it never removes a half-placed output.
static CRITICAL: Mutex<()> = Mutex::new(());
/// Whether an output was placed: an interruption after that cannot say
/// « nothing written ».
static PLACED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// Removes the temporary files of this run on SIGINT, SIGTERM or SIGHUP,
/// then exits (128 + the signal, as shells report it). Call once, early.
pub fn remove_temporaries_on_interrupt() {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP]) else { return };
    std::thread::spawn(move || {
        if let Some(sig) = signals.forever().next() {
            // Held until exit: the run cannot place an output half-way now.
            let _critical = lock(&CRITICAL);
            // The run goes on writing into its temporary folders meanwhile:
            // a removal can meet a file created after it listed the folder,
            // so it is tried again until the folder is gone.
            for p in lock(&PENDING).iter() {
                for _ in 0..100 {
                    remove(p);
                    if std::fs::symlink_metadata(p).is_err() {
                        break;
                    }
                    std::thread::sleep(std::time::Duration::from_millis(1));
                }
            }
            if PLACED.load(std::sync::atomic::Ordering::SeqCst) {
                eprintln!("clausier: interrupted; what it had written is whole, the rest removed");
            } else {
                eprintln!("clausier: interrupted, nothing written");
            }
            std::process::exit(128 + sig);
        }
    });
}

/// The run is over: from here no interruption removes or reports anything.
/// Held by `main` until it returns, so that an interruption already being
/// handled ends the process with its own status and message, rather than
/// racing `main` to exit (a run that said « interrupted » then exited 0).
pub fn run_over() -> std::sync::MutexGuard<'static, ()> {
    lock(&CRITICAL)
}

fn remove(p: &Path) {
    let _ = if p.is_dir() && !p.is_symlink() { std::fs::remove_dir_all(p) } else { std::fs::remove_file(p) };
}

/// A temporary file or folder (`.clausier-…`), removed when dropped unless
/// placed, and on interruption: it is registered in the same critical step
/// that creates it, so no signal finds it created but unknown.
pub(crate) struct Temp {
    path: PathBuf,
    kept: bool,
}

impl Temp {
    fn register(path: PathBuf) -> Temp {
        lock(&PENDING).push(path.clone());
        Temp { path, kept: false }
    }

    /// A new file in `dir`, with the permissions the umask leaves.
    fn file_in(dir: &Path) -> std::io::Result<(Temp, std::fs::File)> {
        let _critical = lock(&CRITICAL);
        let (file, path) = temp_builder().tempfile_in(dir)?.keep().map_err(|e| e.error)?;
        Ok((Temp::register(path), file))
    }

    /// A new folder in `parent`, with the permissions the umask leaves.
    pub(crate) fn dir_in(parent: &Path) -> std::io::Result<Temp> {
        let _critical = lock(&CRITICAL);
        let mut b = temp_builder();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            b.permissions(std::fs::Permissions::from_mode(0o777));
        }
        let path = b.tempdir_in(parent)?.keep();
        Ok(Temp::register(path))
    }

    pub(crate) fn path(&self) -> &Path {
        &self.path
    }

    /// Renames the temporary into place, as one critical step.
    fn place(mut self, to: &Path) -> std::io::Result<()> {
        let _critical = lock(&CRITICAL);
        std::fs::rename(&self.path, to)?;
        PLACED.store(true, std::sync::atomic::Ordering::SeqCst);
        self.forget();
        Ok(())
    }

    /// No longer removed: it has become (or left place for) an output.
    fn forget(&mut self) {
        self.kept = true;
        let mut v = lock(&PENDING);
        if let Some(k) = v.iter().rposition(|p| *p == self.path) {
            v.remove(k);
        }
    }
}

impl Drop for Temp {
    fn drop(&mut self) {
        if !self.kept {
            let _critical = lock(&CRITICAL);
            remove(&self.path);
            self.forget();
        }
    }
}

fn parent_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// The path as the file system resolves it: links followed, even when the
/// path itself does not exist yet (its folder does).
fn resolve(path: &Path) -> Result<PathBuf> {
    if let Ok(p) = path.canonicalize() {
        return Ok(p);
    }
    let dir = parent_of(path);
    let real = dir.canonicalize().map_err(|_| Error::Io {
        path: path.to_path_buf(),
        msg: format!("cannot write: directory {} does not exist", dir.display()),
    })?;
    Ok(match path.file_name() {
        Some(n) => real.join(n),
        None => real,
    })
}

/// An output must not be an input, lie inside one, or (a folder) hold one.
fn refuse_overlap(out: &Path, inputs: &[PathBuf], folder: bool) -> Result<()> {
    let o = resolve(out)?;
    for i in inputs {
        let Ok(r) = i.canonicalize() else { continue };
        let clash = if o == r {
            Some("is one of the inputs")
        } else if o.starts_with(&r) {
            Some("lies inside an input")
        } else if folder && r.starts_with(&o) {
            Some("holds an input")
        } else {
            None
        };
        if let Some(what) = clash {
            return Err(Error::Io {
                path: out.to_path_buf(),
                msg: format!("{} ({}): write the output elsewhere", what, i.display()),
            });
        }
    }
    Ok(())
}

/// Refuses a file output that would overwrite or sit inside an input.
pub fn check_file_output(out: &Path, inputs: &[PathBuf]) -> Result<()> {
    if out.is_dir() {
        return Err(Error::Io { path: out.to_path_buf(), msg: "is a folder: give a file name".into() });
    }
    if out.file_name().is_none()
        || matches!(out.components().next_back(), Some(Component::CurDir | Component::ParentDir))
    {
        return Err(Error::Io { path: out.to_path_buf(), msg: "give a file name".into() });
    }
    let target = through_link(out)?;
    if std::fs::metadata(&target).is_ok_and(|m| m.is_file() && m.permissions().readonly()) {
        return Err(Error::Io {
            path: out.to_path_buf(),
            msg: "is read-only: clausier does not replace it (make it writable, or write elsewhere)".into(),
        });
    }
    refuse_overlap(out, inputs, false)
}

/// Refuses a folder output that could not be written without harm: one
/// that overlaps an input (whatever `force` says), that is `.`, a mount
/// point or a link, or that already holds files clausier did not write
/// (unless `force`).
pub fn check_dir_output(out: &Path, inputs: &[PathBuf], force: bool, what: &str) -> Result<()> {
    refuse_overlap(out, inputs, true)?;
    check_target_folder(out)?;
    if out.is_dir() && !force && read_marker(out, what)?.is_none() {
        if let Some(first) = first_entry(out) {
            let msg = if out.join(MARKER).is_file() {
                format!("was written by clausier as something other than a {}: give a new or empty folder, or --force to write clausier's files there and keep the others", what)
            } else {
                format!("already holds files clausier did not write ({}): give a new or empty folder, or --force to write clausier's files there and keep the others", first)
            };
            return Err(Error::Io { path: out.to_path_buf(), msg });
        }
    }
    Ok(())
}

fn first_entry(dir: &Path) -> Option<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .ok()?
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().to_string())
        .collect();
    names.sort();
    names.into_iter().next()
}

/// What a folder output's path itself may be.
fn check_target_folder(dir: &Path) -> Result<()> {
    let bad = |msg: &str| Err(Error::Io { path: dir.to_path_buf(), msg: msg.to_string() });
    if dir.file_name().is_none()
        || matches!(dir.components().next_back(), Some(Component::CurDir | Component::ParentDir | Component::RootDir))
    {
        return bad(
            "give the output folder by its name (clausier writes a folder beside it and swaps it in), not . or ..",
        );
    }
    let Ok(meta) = std::fs::symlink_metadata(dir) else { return Ok(()) };
    if meta.file_type().is_symlink() {
        return bad("is a symbolic link: give the folder it points to");
    }
    if !meta.is_dir() {
        return bad("exists and is not a folder");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if let Ok(up) = std::fs::metadata(parent_of(dir)) {
            if up.dev() != meta.dev() {
                return bad("is a mount point, which cannot be replaced: write into a new folder inside it");
            }
        }
    }
    Ok(())
}

/// A relative path with plain names only: the last line of defence against
/// a name from an input reaching outside the output.
fn check_relative(dir: &Path, rel: &Path) -> Result<()> {
    if rel.as_os_str().is_empty()
        || !rel.components().all(|c| matches!(c, Component::Normal(_)))
        || rel == Path::new(MARKER)
    {
        return Err(Error::Io {
            path: dir.to_path_buf(),
            msg: format!("refusing to write « {} »: not a plain name inside the output", rel.display()),
        });
    }
    Ok(())
}

/// Writes `bytes` to `path` atomically (same directory, then rename). A
/// symbolic link is written through: the file it points to is replaced
/// (beside it, then renamed), the link stays. A file replaced keeps its
/// mode; a read-only one is not replaced.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let target = through_link(path)?;
    let path = target.as_path();
    let dir = parent_of(path);
    if !dir.is_dir() {
        return Err(Error::Io {
            path: path.to_path_buf(),
            msg: format!("cannot write: directory {} does not exist", dir.display()),
        });
    }
    if path.is_dir() {
        return Err(Error::Io { path: path.to_path_buf(), msg: "is a folder: give a file name".into() });
    }
    let old = std::fs::metadata(path).ok();
    // A device or a pipe (`/dev/null`, a fifo) is written to, never replaced:
    // renaming over it would put a plain file in place of /dev/null.
    if old.as_ref().is_some_and(|m| !m.is_file()) {
        let mut f = std::fs::OpenOptions::new().write(true).open(path).map_err(|e| Error::io(path, e))?;
        return f.write_all(bytes).map_err(|e| Error::io(path, e));
    }
    if old.as_ref().is_some_and(|m| m.permissions().readonly()) {
        return Err(Error::Io {
            path: path.to_path_buf(),
            msg: "is read-only: clausier does not replace it (make it writable, or write elsewhere)".into(),
        });
    }
    let (tmp, mut file) = Temp::file_in(&dir).map_err(|e| Error::io(path, e))?;
    file.write_all(bytes).map_err(|e| Error::io(path, e))?;
    if let Some(m) = &old {
        file.set_permissions(m.permissions()).map_err(|e| Error::io(path, e))?;
    }
    drop(file);
    // No fsync: the rename already guarantees that a killed run leaves the
    // previous output whole (measured: fsync is a quarter of a build).
    tmp.place(path).map_err(|e| Error::io(path, e))
}

/// The file an output path names: itself, or what the symbolic link it is
/// points to (which must exist: a dangling link is refused).
fn through_link(path: &Path) -> Result<PathBuf> {
    if !std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
        return Ok(path.to_path_buf());
    }
    path.canonicalize().map_err(|_| Error::Io {
        path: path.to_path_buf(),
        msg: "is a symbolic link to nothing (its target does not exist): give a file name".into(),
    })
}

/// Temporary files named `.clausier-…`, created with the permissions the
/// umask leaves (a document is not private, unlike tempfile's default).
fn temp_builder() -> tempfile::Builder<'static, 'static> {
    let mut b = tempfile::Builder::new();
    b.prefix(".clausier-");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        b.permissions(std::fs::Permissions::from_mode(0o666));
    }
    b
}

/// A check run on a staged folder before it is put in place.
pub(crate) type Check<'a> = &'a dyn Fn(&Path) -> Result<()>;

/// How a folder output is written.
pub struct DirOptions<'a> {
    /// What the folder is (« source », « signing set », « council pack »):
    /// its marker says so, and only a run writing the same replaces it.
    pub what: &'a str,
    /// Write even into a folder that holds other files (they are kept).
    pub force: bool,
    /// Run on the staged folder before it is swapped in: an output that
    /// fails it is never put in place. Errors naming the staged folder are
    /// reworded to name the output.
    pub check: Option<Check<'a>>,
}

/// The first line of the marker: what the folder is, in clausier's words.
fn marker_head(what: &str) -> String {
    format!("# Written by clausier ({}). Its next run into this folder replaces the files below; anything else is left alone.", what)
}

/// A file a previous run wrote, as its marker lists it: with its size and
/// SHA-256 (markers written before they were recorded list the name alone).
/// (A marker written half-way through an update lists a file twice: as it
/// was and as it is to be; either is clausier's.)
#[derive(Debug, Clone)]
struct Listed {
    path: PathBuf,
    sums: Vec<(u64, String)>,
    /// Also listed by its name alone (a marker of an older clausier).
    bare: bool,
}

/// The marker's line for a file written: « SHA-256 size name ».
fn marker_line(rel: &Path, bytes: &[u8]) -> String {
    use sha2::Digest;
    format!("{:x} {} {}", sha2::Sha256::digest(bytes), bytes.len(), rel.display())
}

fn parse_marker_line(line: &str) -> Listed {
    let mut it = line.splitn(3, ' ');
    if let (Some(sha), Some(size), Some(name)) = (it.next(), it.next(), it.next()) {
        if sha.len() == 64 && sha.bytes().all(|b| b.is_ascii_hexdigit()) {
            if let Ok(size) = size.parse() {
                return Listed { path: PathBuf::from(name), sums: vec![(size, sha.to_string())], bare: false };
            }
        }
    }
    Listed { path: PathBuf::from(line), sums: Vec::new(), bare: true }
}

/// Opens a file that must be a regular file, without following a link and
/// without waiting on a FIFO (`O_NOFOLLOW | O_NONBLOCK`); checked again
/// once open.
fn open_regular(path: &Path) -> std::io::Result<std::fs::File> {
    let mut o = std::fs::OpenOptions::new();
    o.read(true);
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::OFlags;
        use std::os::unix::fs::OpenOptionsExt;
        o.custom_flags((OFlags::NOFOLLOW | OFlags::NONBLOCK).bits() as i32);
    }
    let f = o.open(path)?;
    if !f.metadata()?.is_file() {
        return Err(std::io::Error::other("not a regular file"));
    }
    Ok(f)
}

/// The files a previous run listed in its marker, if it wrote the same kind
/// of folder (a signing set is not replaced by a source without --force).
/// A marker that is not a plain file (a link to `/dev/zero`, a FIFO) is
/// refused at once, never read.
fn read_marker(dir: &Path, what: &str) -> Result<Option<Vec<Listed>>> {
    let path = dir.join(MARKER);
    let meta = match std::fs::symlink_metadata(&path) {
        Err(_) => return Ok(None),
        Ok(m) => m,
    };
    let refuse = || {
        Error::Io {
        path: path.clone(),
        msg: "is not a plain file (a link, a FIFO, a device or a folder), so clausier did not write it: remove it, or write elsewhere".into(),
    }
    };
    if !meta.is_file() {
        return Err(refuse());
    }
    let file = open_regular(&path).map_err(|_| refuse())?;
    let text = crate::input::Input::from_file(file, &path, crate::input::MARKER)?.text("a list of files")?;
    if text.lines().next() != Some(marker_head(what).as_str()) {
        return Ok(None);
    }
    let mut listed: Vec<Listed> = Vec::new();
    let mut at: std::collections::HashMap<PathBuf, usize> = std::collections::HashMap::new();
    for l in text.lines().filter(|l| !l.is_empty() && !l.starts_with('#')).map(parse_marker_line) {
        if !l.path.components().all(|c| matches!(c, Component::Normal(_))) || l.path == Path::new(MARKER) {
            continue;
        }
        match at.get(&l.path) {
            Some(&k) => {
                listed[k].sums.extend(l.sums);
                listed[k].bare |= l.bare;
            }
            None => {
                at.insert(l.path.clone(), listed.len());
                listed.push(l);
            }
        }
    }
    Ok(Some(listed))
}

/// What became of a file a previous run listed.
enum Now {
    /// Still what clausier wrote: clausier's to replace or remove.
    Ours,
    /// No longer there.
    Gone,
    /// Something else stands there now (a folder, a link, an edited file):
    /// the user's, and why.
    Changed(&'static str),
}

fn now(dir: &Path, l: &Listed) -> Now {
    if !no_link_on_the_way(dir, l.path.parent().unwrap_or(Path::new(""))) {
        // Outside the folder now: never followed, never removed (the link
        // itself is the user's, and stays).
        return Now::Gone;
    }
    let p = dir.join(&l.path);
    let Ok(meta) = std::fs::symlink_metadata(&p) else { return Now::Gone };
    let t = meta.file_type();
    if t.is_symlink() {
        return Now::Changed("is a symbolic link now");
    }
    if t.is_dir() {
        return Now::Changed("is a folder now");
    }
    if !t.is_file() {
        return Now::Changed("is a FIFO or a device now");
    }
    if l.bare {
        // A marker of an older clausier: the kind of file is all it tells.
        return Now::Ours;
    }
    let size = meta.len();
    let same = l.sums.iter().any(|(s, _)| *s == size)
        && open_regular(&p).ok().and_then(|f| {
            use sha2::Digest;
            use std::io::Read;
            let mut h = sha2::Sha256::new();
            std::io::copy(&mut f.take(size + 1), &mut h).ok()?;
            let sha = format!("{:x}", h.finalize());
            Some(l.sums.iter().any(|(s, h)| *s == size && *h == sha))
        }) == Some(true);
    if same {
        Now::Ours
    } else {
        Now::Changed("was changed since clausier wrote it")
    }
}

/// The files of the previous run as they are now: those still clausier's,
/// and the first that is the user's now (refused without `force`, kept
/// with it: never removed, never listed again).
fn still_ours(dir: &Path, what: &str, files: &[(PathBuf, Vec<u8>)], force: bool) -> Result<Vec<Listed>> {
    let listed = if dir.is_dir() { read_marker(dir, what)?.unwrap_or_default() } else { Vec::new() };
    let mut ours = Vec::new();
    for l in listed {
        match now(dir, &l) {
            Now::Ours => ours.push(l),
            Now::Gone => {}
            Now::Changed(why) if !force => {
                return Err(Error::Io {
                    path: dir.join(&l.path),
                    msg: format!("{}: it is yours now, so clausier leaves it alone: move it, or pass --force to keep it there and write the rest", why),
                })
            }
            Now::Changed(_) => {}
        }
    }
    // A folder (of the user's) where clausier writes a file: nothing may
    // replace it, --force or not.
    if let Some((p, _)) = files
        .iter()
        .find(|(p, _)| std::fs::symlink_metadata(dir.join(p)).is_ok_and(|m| m.is_dir()) && no_link_on_the_way(dir, p))
    {
        return Err(Error::Io {
            path: dir.join(p),
            msg: "is a folder, where clausier writes a file: move it, or write elsewhere".into(),
        });
    }
    Ok(ours)
}

/// The first entry of `dir` that is neither listed in `ours` nor a folder
/// on the way to one of them.
fn first_foreign(dir: &Path, rel: &Path, ours: &std::collections::HashSet<PathBuf>) -> Option<PathBuf> {
    for e in std::fs::read_dir(dir.join(rel)).ok()?.filter_map(|e| e.ok()) {
        let r = rel.join(e.file_name());
        if r == Path::new(MARKER) || ours.contains(&r) {
            continue;
        }
        let is_dir = e.file_type().is_ok_and(|t| t.is_dir());
        if is_dir && ours.iter().any(|o| o.starts_with(&r)) {
            if let Some(f) = first_foreign(dir, &r, ours) {
                return Some(f);
            }
            continue;
        }
        return Some(r);
    }
    None
}

/// Writes a whole folder (see the module documentation).
pub fn write_dir(dir: &Path, files: &[(PathBuf, Vec<u8>)], opts: &DirOptions) -> Result<()> {
    for (rel, _) in files {
        check_relative(dir, rel)?;
    }
    let parent = parent_of(dir);
    if !parent.is_dir() {
        return Err(Error::Io {
            path: dir.to_path_buf(),
            msg: format!("cannot write: directory {} does not exist", parent.display()),
        });
    }
    check_target_folder(dir)?;
    let new: std::collections::HashSet<PathBuf> = files.iter().map(|(p, _)| p.clone()).collect();
    let existing = dir.is_dir() && first_entry(dir).is_some();
    if existing && !opts.force && read_marker(dir, opts.what)?.is_none() {
        check_dir_output(dir, &[], false, opts.what)?;
    }
    let owned = still_ours(dir, opts.what, files, opts.force)?;
    let owned_paths: std::collections::HashSet<PathBuf> = owned.iter().map(|l| l.path.clone()).collect();
    if existing && !opts.force {
        // A folder clausier wrote: it may replace its own files, not one the
        // user put there under a name it now writes.
        if let Some((p, _)) =
            files.iter().find(|(p, _)| !owned_paths.contains(p) && std::fs::symlink_metadata(dir.join(p)).is_ok())
        {
            return Err(Error::Io {
                path: dir.join(p),
                msg: "exists and clausier did not write it: move it, or pass --force to replace it".into(),
            });
        }
    }
    let staged = stage(dir, &parent, files, opts)?;
    // Clausier's own: the files it still recognises, and the names it now
    // writes where nothing stands. Anything else makes the folder the
    // user's too, updated file by file.
    let mut ours = owned_paths.clone();
    ours.extend(new.iter().filter(|p| std::fs::symlink_metadata(dir.join(p)).is_err()).cloned());
    let foreign = if existing { first_foreign(dir, Path::new(""), &ours) } else { None };
    match foreign {
        None => swap_in(staged, dir),
        Some(_) => merge_in(staged, dir, files, &owned, &new, opts.what),
    }
}

/// The new folder, written beside the target and checked; each file takes
/// the mode of the file it replaces, the folder the mode of the old one.
fn stage(dir: &Path, parent: &Path, files: &[(PathBuf, Vec<u8>)], opts: &DirOptions) -> Result<Temp> {
    let staged = Temp::dir_in(parent).map_err(|e| Error::io(dir, e))?;
    for (rel, bytes) in files {
        // Each file is written in a critical step, so that an interruption
        // never removes the folder while a file is being added to it; and
        // folders are made one level at a time, never the staged one itself.
        let _critical = lock(&CRITICAL);
        let mut d = staged.path().to_path_buf();
        for c in rel.parent().into_iter().flat_map(Path::components) {
            d.push(c);
            match std::fs::create_dir(&d) {
                Err(e) if e.kind() != std::io::ErrorKind::AlreadyExists => return Err(Error::io(&dir.join(rel), e)),
                _ => {}
            }
        }
        std::fs::write(staged.path().join(rel), bytes).map_err(|e| Error::io(&dir.join(rel), e))?;
        keep_mode(&dir.join(rel), &staged.path().join(rel));
    }
    let mut list: Vec<(&PathBuf, String)> = files.iter().map(|(p, b)| (p, marker_line(p, b))).collect();
    list.sort();
    let lines: Vec<String> = list.into_iter().map(|(_, l)| l).collect();
    let marker = format!("{}\n{}\n", marker_head(opts.what), lines.join("\n"));
    std::fs::write(staged.path().join(MARKER), &marker).map_err(|e| Error::io(&dir.join(MARKER), e))?;
    if let Some(check) = opts.check {
        check(staged.path()).map_err(|e| Error::Invalid {
            error: Box::new(e),
            staged: staged.path().to_path_buf(),
            dir: dir.to_path_buf(),
        })?;
    }
    // Last: the old folder's mode may not let anything more be written.
    keep_mode(dir, staged.path());
    Ok(staged)
}

/// Gives `new` the permissions of `old`, when `old` is a file or folder
/// (not a link) of the same kind: a replaced output keeps its mode.
fn keep_mode(old: &Path, new: &Path) {
    if let (Ok(o), Ok(n)) = (std::fs::symlink_metadata(old), std::fs::symlink_metadata(new)) {
        if !o.file_type().is_symlink() && o.is_dir() == n.is_dir() && o.is_file() == n.is_file() {
            let _ = std::fs::set_permissions(new, o.permissions());
        }
    }
}

/// The staged folder takes the target's place in one step; the old one
/// (clausier's files only) is then removed.
fn swap_in(staged: Temp, dir: &Path) -> Result<()> {
    if !dir.exists() {
        return staged.place(dir).map_err(|e| Error::io(dir, e));
    }
    let exchanged = {
        let _critical = lock(&CRITICAL);
        exchange(staged.path(), dir).is_ok()
    };
    if exchanged {
        // `staged` now names the old folder: removed as it is dropped.
        drop(staged);
        return Ok(());
    }
    // No atomic exchange here (another OS, some file systems): the old folder
    // steps aside for the new one, in one critical step.
    let old = Temp::dir_in(&parent_of(dir)).map_err(|e| Error::io(dir, e))?;
    let aside = old.path().join("old");
    let mut staged = staged;
    {
        let _critical = lock(&CRITICAL);
        std::fs::rename(dir, &aside).map_err(|e| Error::io(dir, e))?;
        if let Err(e) = std::fs::rename(staged.path(), dir) {
            let _ = std::fs::rename(&aside, dir);
            return Err(Error::io(dir, e));
        }
        PLACED.store(true, std::sync::atomic::Ordering::SeqCst);
        staged.forget();
    }
    drop(old);
    Ok(())
}

#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use rustix::fs::{renameat_with, RenameFlags, CWD};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(std::io::Error::from)
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> std::io::Result<()> {
    Err(std::io::Error::from(std::io::ErrorKind::Unsupported))
}

/// Whether `rel` can be followed under `dir` without passing through a
/// symbolic link (a link the user left in the folder must not lead a write
/// or a removal elsewhere).
fn no_link_on_the_way(dir: &Path, rel: &Path) -> bool {
    let mut p = dir.to_path_buf();
    rel.components().all(|c| {
        p.push(c);
        !std::fs::symlink_metadata(&p).is_ok_and(|m| m.file_type().is_symlink())
    })
}

/// A folder that also holds the user's files: clausier's files are moved in
/// one by one (each whole), those of its previous run that are no longer
/// written are removed, the marker comes last. Nothing else is touched.
fn merge_in(
    staged: Temp,
    dir: &Path,
    files: &[(PathBuf, Vec<u8>)],
    owned: &[Listed],
    new: &std::collections::HashSet<PathBuf>,
    what: &str,
) -> Result<()> {
    // First a marker listing the old files and the new: a run killed half-way
    // leaves a folder the next run still recognises as its own.
    let mut both: Vec<String> = owned
        .iter()
        .flat_map(|l| {
            let bare = l.bare.then(|| l.path.display().to_string());
            l.sums.iter().map(move |(size, sha)| format!("{} {} {}", sha, size, l.path.display())).chain(bare)
        })
        .chain(files.iter().map(|(p, b)| marker_line(p, b)))
        .collect();
    both.sort();
    both.dedup();
    write_atomic(&dir.join(MARKER), format!("{}\n{}\n", marker_head(what), both.join("\n")).as_bytes())?;
    for (rel, _) in files {
        let to = dir.join(rel);
        if !no_link_on_the_way(dir, rel.parent().unwrap_or(Path::new(""))) {
            return Err(Error::Io {
                path: to,
                msg: "lies behind a symbolic link of the folder: refusing to write through it".into(),
            });
        }
        if let Some(d) = to.parent() {
            std::fs::create_dir_all(d).map_err(|e| Error::io(&to, e))?;
        }
        if to.is_dir() && !to.is_symlink() {
            return Err(Error::Io { path: to, msg: "is a folder, where clausier writes a file".into() });
        }
        keep_mode(&to, &staged.path().join(rel));
        let _critical = lock(&CRITICAL);
        std::fs::rename(staged.path().join(rel), &to).map_err(|e| Error::io(&to, e))?;
    }
    for rel in owned.iter().map(|l| &l.path).filter(|r| !new.contains(*r) && no_link_on_the_way(dir, r)) {
        let p = dir.join(rel);
        if std::fs::symlink_metadata(&p).is_ok_and(|m| !m.is_dir()) {
            let _ = std::fs::remove_file(&p);
            // Folders clausier made for it go too, if nothing else is left.
            let mut up = p.parent();
            while let Some(d) = up.filter(|d| d.starts_with(dir) && *d != dir) {
                if std::fs::remove_dir(d).is_err() {
                    break;
                }
                up = d.parent();
            }
        }
    }
    {
        let _critical = lock(&CRITICAL);
        std::fs::rename(staged.path().join(MARKER), dir.join(MARKER)).map_err(|e| Error::io(&dir.join(MARKER), e))?;
    }
    drop(staged);
    Ok(())
}
