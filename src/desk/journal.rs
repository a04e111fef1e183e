//! The library's journal: every change the desk makes to the library, one
//! JSON line in `journal.jsonl` at its root — who, when, what — and, where
//! the library is a git repository, a commit of the change as well.

use crate::error::Result;
use serde_json::{json, Value};
use std::path::Path;

pub(crate) const JOURNAL: &str = "journal.jsonl";

/// Now, UTC, as ISO 8601 (`2026-12-07T16:40:00Z`).
pub(crate) fn now_utc() -> String {
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let day = super::view::today();
    let rem = secs % 86_400;
    format!("{}T{:02}:{:02}:{:02}Z", day.iso(), rem / 3600, rem % 3600 / 60, rem % 60)
}

/// Records a change to `source` (a folder of the library) by `who`. The
/// caller holds the desk's write lock; the journal is rewritten whole,
/// atomically, so that a reader never sees half a line.
pub(crate) fn record(library: &Path, who: &str, what: &str, source: &str, detail: Value) -> Result<()> {
    let path = library.join(JOURNAL);
    let mut text =
        if path.exists() { crate::input::read_utf8(&path, crate::input::TEXT, "a journal")? } else { String::new() };
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    let line = json!({ "quand": now_utc(), "qui": who, "quoi": what, "source": source, "detail": detail });
    text.push_str(&serde_json::to_string(&line).expect("a journal line always serializes"));
    text.push('\n');
    crate::fsutil::write_atomic(&path, text.as_bytes())?;
    if library.join(".git").exists() {
        commit(library, who, &format!("{} : {}", what, source), source);
    }
    Ok(())
}

/// A commit of the change in a library kept with git. A commit that fails
/// (git missing, nothing to commit) leaves the journal line as the record.
fn commit(library: &Path, who: &str, message: &str, source: &str) {
    let git = |args: &[&str]| {
        std::process::Command::new("git")
            .arg("-C")
            .arg(library)
            .args(args)
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    };
    let author = format!("{} <bureau@clausier>", who.replace(['<', '>', '\n'], ""));
    if git(&["add", "--", source, JOURNAL]) {
        git(&[
            "-c",
            "user.name=clausier",
            "-c",
            "user.email=bureau@clausier",
            "commit",
            "-q",
            "--author",
            &author,
            "-m",
            message,
        ]);
    }
}

/// The last entries about `source`, newest first, at most `n`.
pub(crate) fn last(library: &Path, source: &str, n: usize) -> Vec<Value> {
    let Ok(text) = std::fs::read_to_string(library.join(JOURNAL)) else { return Vec::new() };
    text.lines()
        .rev()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .filter(|v| v["source"] == source)
        .take(n)
        .map(|mut v| {
            v["quand_fr"] = serde_json::json!(v["quand"].as_str().map(moment_fr).unwrap_or_default());
            v
        })
        .collect()
}

/// « 7 décembre 2026 à 16 h 40 (UTC) », from `now_utc`'s form.
pub(crate) fn moment_fr(iso: &str) -> String {
    match iso.split_once('T') {
        Some((day, time)) if time.len() >= 5 => {
            format!("{} à {} h {} (UTC)", super::view::date_fr(day), &time[..2], &time[3..5])
        }
        _ => iso.to_string(),
    }
}
