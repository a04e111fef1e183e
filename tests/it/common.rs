//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::PathBuf;
use std::process::{Command, Output};

/// Whether a program answers on this machine (`--version`, else `-v`).
pub fn tool(name: &str) -> bool {
    Command::new(name).arg("--version").output().is_ok_and(|o| o.status.success())
        || Command::new(name).arg("-v").output().is_ok()
}

/// Whether the programs a test needs (LibreOffice, pdftotext) are there.
/// On a machine without them (a developer's) the test is skipped, saying
/// so; in CI (`CI` set, as `.ci/run` and CI services set it), which installs
/// them, their absence is a failure — a skipped test must never read there
/// as a passed one. `what` says what the test needs them for.
pub fn tools_or_skip(tools: &[&str], what: &str) -> bool {
    let missing: Vec<&str> = tools.iter().copied().filter(|t| !tool(t)).collect();
    if missing.is_empty() {
        return true;
    }
    let msg =
        format!("{} not installed (apt-get install libreoffice-writer-nogui poppler-utils)", missing.join(" and "));
    let in_ci = std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "0" && v != "false");
    assert!(!in_ci, "CI must {}, and {}", what, msg);
    eprintln!("SKIPPED (not a pass): {}", msg);
    false
}

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn seed_path() -> PathBuf {
    root().join("tests/fixtures/convention-paris-ivry.md")
}

pub fn seed() -> String {
    std::fs::read_to_string(seed_path()).unwrap()
}

/// The seed's text as a text build prints it: « 1<sup>er</sup> » reads as
/// two words in the seed, one once built; the sommaire's page numbers are
/// the seed's layout, not its text (only a laid-out DOCX or PDF knows its
/// pages).
pub fn seed_text() -> String {
    let seed = seed().replace("1<sup>er</sup>", "1er");
    let pages = regex::Regex::new(r"(?m)(\.{3,}\s*)(?:<b>)?\d+(?:</b>)?\s*$").unwrap();
    pages.replace_all(&seed, "$1").to_string()
}

/// Words without their accents: the sommaire takes the accents of the
/// headings it points to (the seed's is in unaccented capitals).
pub fn folded_words(t: &str) -> Vec<String> {
    words(t)
        .into_iter()
        .map(|w| {
            w.replace(['é', 'è', 'ê'], "e")
                .replace(['à', 'â'], "a")
                .replace(['î', 'ï'], "i")
                .replace('ô', "o")
                .replace(['ù', 'û'], "u")
                .replace('ç', "c")
        })
        .collect()
}

pub fn library_source() -> PathBuf {
    root().join("clauses/paris-ivry")
}

/// Words as a reader counts them: markup stripped, lower case.
pub fn words(text: &str) -> Vec<String> {
    let re = regex::Regex::new(r"<[^>]+>").unwrap();
    let t = re.replace_all(text, " ");
    let t = t
        .replace("&nbsp;", " ")
        .replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"");
    let w = regex::Regex::new(r"\w+").unwrap();
    w.find_iter(&t).map(|m| m.as_str().to_lowercase()).collect()
}

/// Share of `reference`'s words found, in order, in `out` (0..=1).
pub fn kept_in_order(reference: &str, out: &str) -> f64 {
    let a = words(reference);
    let b = words(out);
    let ops = similar::capture_diff_slices(similar::Algorithm::Myers, &a, &b);
    let kept: usize = ops
        .iter()
        .map(|op| match op {
            similar::DiffOp::Equal { len, .. } => *len,
            _ => 0,
        })
        .sum();
    kept as f64 / a.len().max(1) as f64
}

/// The words of `reference` that `out` does not give in order, each run
/// lost as one string: what a claim « every word is kept » names when it
/// fails.
pub fn words_lost(reference: &str, out: &str) -> Vec<String> {
    let a = words(reference);
    let b = words(out);
    similar::capture_diff_slices(similar::Algorithm::Myers, &a, &b)
        .iter()
        .filter_map(|op| match *op {
            similar::DiffOp::Delete { old_index, old_len, .. }
            | similar::DiffOp::Replace { old_index, old_len, .. } => Some(a[old_index..old_index + old_len].join(" ")),
            _ => None,
        })
        .collect()
}

/// Every word of `reference` is in `out`, in its order: the claim exact,
/// the words lost named when it fails.
pub fn assert_keeps_every_word(reference: &str, out: &str) {
    let lost = words_lost(reference, out);
    assert!(lost.is_empty(), "{} run(s) of words lost: {:?}", lost.len(), lost);
}

/// Every word of `reference` is in `out`, in its order, but for runs that
/// `allowed` says differ in the reference only (`what` names them): the
/// claim exact, with its one named exception.
pub fn assert_keeps_every_word_but(reference: &str, out: &str, what: &str, allowed: &dyn Fn(&str) -> bool) {
    let lost: Vec<String> = words_lost(reference, out).into_iter().filter(|r| !allowed(r)).collect();
    assert!(lost.is_empty(), "{} run(s) of words lost (besides {}): {:?}", lost.len(), what, lost);
}

/// A note call that LibreOffice's text export glues to the word it
/// follows (« suivantes1 »): the reference's way of printing the note, not
/// a word.
pub fn glued_note_call(run: &str) -> bool {
    regex::Regex::new(r"^\p{L}+\d+$").unwrap().is_match(run)
}

/// The words of a Légifrance export's page title, its first heading
/// (« # Article Convention du 19 février 2009 »): the export's furniture,
/// which the import reads as the title or leaves, never text.
pub fn export_heading(reference: &str) -> String {
    let first = reference.lines().find(|l| l.starts_with("# Article")).unwrap_or("");
    words(first).join(" ")
}

/// Markdown as the words it prints: emphasis underscores (« _n_ ») and
/// sub- and superscript tags (« T<sub>0</sub> » is « T0 ») go without a
/// space, as a word processor shows them.
pub fn printed_words(md: &str) -> String {
    let md = regex::Regex::new(r"</?su[bp]>").unwrap().replace_all(md, "");
    without_emphasis_marks(&md)
}

/// Markdown without its emphasis underscores (« les _n_ années »).
pub fn without_emphasis_marks(md: &str) -> String {
    regex::Regex::new(r"\b_(\w+)_\b").unwrap().replace_all(md, "$1").to_string()
}

/// Runs a failing command and returns its single stderr line.
pub fn refused(args: &[&str], out: &std::path::Path) -> String {
    let r = clausier(args);
    assert!(!r.status.success(), "should fail: {:?}", args);
    assert_eq!(r.status.code(), Some(1), "an error, not a crash: {:?}", args);
    let err = String::from_utf8(r.stderr).unwrap();
    assert_eq!(err.trim_end().lines().count(), 1, "one line: {}", err);
    assert!(!err.contains("panicked"), "{}", err);
    assert!(!out.exists(), "no output left behind at {}", out.display());
    let parent = out.parent().unwrap();
    if parent.exists() {
        let leftovers: Vec<_> = std::fs::read_dir(parent)
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().starts_with(".clausier"))
            .collect();
        assert!(leftovers.is_empty(), "temporary files left: {:?}", leftovers);
    }
    err
}

pub fn clausier(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_clausier")).args(args).current_dir(root()).output().unwrap()
}

/// Plain text of every `w:t` of a DOCX's main part, paragraph by paragraph,
/// read back with docx-rs (the user's library) — not with our own writer.
pub fn docx_text(bytes: &[u8]) -> String {
    use docx_rs::{DocumentChild, ParagraphChild, RunChild, TableCellContent, TableChild, TableRowChild};
    let docx = docx_rs::read_docx(bytes).expect("docx-rs reads our DOCX");
    fn para(p: &docx_rs::Paragraph, out: &mut String) {
        for c in &p.children {
            let runs: Vec<&docx_rs::Run> = match c {
                ParagraphChild::Run(r) => vec![r.as_ref()],
                ParagraphChild::Hyperlink(h) => h
                    .children
                    .iter()
                    .filter_map(|x| if let ParagraphChild::Run(r) = x { Some(r.as_ref()) } else { None })
                    .collect(),
                ParagraphChild::Insert(i) => i
                    .children
                    .iter()
                    .filter_map(|x| if let docx_rs::InsertChild::Run(r) = x { Some(r.as_ref()) } else { None })
                    .collect(),
                _ => vec![],
            };
            for r in runs {
                for rc in &r.children {
                    match rc {
                        RunChild::Text(t) => out.push_str(&t.text),
                        RunChild::Tab(_) => out.push('\t'),
                        RunChild::Break(_) => out.push('\n'),
                        _ => {}
                    }
                }
            }
        }
        out.push('\n');
    }
    let mut out = String::new();
    for child in &docx.document.children {
        match child {
            DocumentChild::Paragraph(p) => para(p, &mut out),
            DocumentChild::Table(t) => {
                for TableChild::TableRow(row) in &t.rows {
                    for TableRowChild::TableCell(cell) in &row.cells {
                        for cc in &cell.children {
                            if let TableCellContent::Paragraph(p) = cc {
                                para(p, &mut out);
                            }
                        }
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// Paragraph texts of a DOCX's main part with every tracked change accepted
/// (`accept = true`) or rejected, per ECMA-376 17.13.5: text under `w:del`
/// goes on accept, under `w:ins` on reject; a paragraph whose mark is
/// deleted (accept) or inserted (reject) joins the next; rows tracked as a
/// whole go. Field instructions are not text. Our own reader, independent of
/// the writer, so that the tests prove what Word will do.
pub fn accept_reject(bytes: &[u8], accept: bool) -> Vec<String> {
    use quick_xml::events::Event;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("word/document.xml").unwrap(), &mut xml).unwrap();
    let mut reader = quick_xml::Reader::from_str(&xml);

    struct Para {
        text: String,
        mark_ins: bool,
        mark_del: bool,
        row_ins: bool,
        row_del: bool,
    }
    let mut paras: Vec<Para> = Vec::new();
    let mut stack: Vec<String> = Vec::new();
    let (mut row_ins, mut row_del) = (false, false);
    let mut cur: Option<Para> = None;
    let inside = |stack: &[String], tag: &str| stack.iter().any(|t| t == tag);
    loop {
        let ev = reader.read_event().unwrap();
        let (name, is_start, is_empty) = match &ev {
            Event::Start(e) => (String::from_utf8(e.name().as_ref().to_vec()).unwrap(), true, false),
            Event::Empty(e) => (String::from_utf8(e.name().as_ref().to_vec()).unwrap(), true, true),
            Event::End(e) => (String::from_utf8(e.name().as_ref().to_vec()).unwrap(), false, false),
            Event::Text(t) => {
                let top = stack.last().map(String::as_str);
                if matches!(top, Some("w:t") | Some("w:delText")) {
                    let (ins, del) = (inside(&stack, "w:ins"), inside(&stack, "w:del"));
                    let keep = if accept { !del } else { !ins };
                    if keep {
                        if let Some(p) = cur.as_mut() {
                            p.text.push_str(&t.unescape().unwrap());
                        }
                    }
                }
                continue;
            }
            Event::Eof => break,
            _ => continue,
        };
        if is_start {
            let in_ppr_rpr = stack.ends_with(&["w:pPr".to_string(), "w:rPr".to_string()]);
            let in_trpr = stack.last().map(String::as_str) == Some("w:trPr");
            match name.as_str() {
                "w:p" => cur = Some(Para { text: String::new(), mark_ins: false, mark_del: false, row_ins, row_del }),
                "w:tr" => {
                    row_ins = false;
                    row_del = false;
                }
                "w:ins" if in_ppr_rpr => cur.as_mut().unwrap().mark_ins = true,
                "w:del" if in_ppr_rpr => cur.as_mut().unwrap().mark_del = true,
                "w:ins" if in_trpr => row_ins = true,
                "w:del" if in_trpr => row_del = true,
                "w:tab" | "w:br" if !inside(&stack, "w:pPr") => {
                    let (ins, del) = (inside(&stack, "w:ins"), inside(&stack, "w:del"));
                    if if accept { !del } else { !ins } {
                        if let Some(p) = cur.as_mut() {
                            p.text.push(if name == "w:tab" { '\t' } else { ' ' });
                        }
                    }
                }
                _ => {}
            }
            if !is_empty {
                stack.push(name);
            }
        } else {
            stack.pop();
            if name == "w:p" {
                paras.push(cur.take().unwrap());
            }
        }
    }
    // Rows already set their flags before their paragraphs: fix those that
    // saw the row's trPr after the paragraph began (none do: trPr comes first).
    let mut out = Vec::new();
    let mut buf = String::new();
    for p in paras {
        if (accept && p.row_del) || (!accept && p.row_ins) {
            continue;
        }
        buf.push_str(&p.text);
        if (accept && p.mark_del) || (!accept && p.mark_ins) {
            continue;
        }
        out.push(std::mem::take(&mut buf));
    }
    if !buf.is_empty() {
        out.push(buf);
    }
    out
}

use proptest::prelude::*;

/// A random convention and a random edit of it.
pub fn edit_strategy() -> impl Strategy<Value = (String, String)> {
    let word = prop::sample::select(vec![
        "la",
        "commune",
        "verse",
        "une",
        "subvention",
        "annuelle",
        "au",
        "comité",
        "de",
        "suivi",
        "chaque",
        "année",
        "les",
        "parties",
        "conviennent",
        "deux",
        "trois",
        "mois",
        "ans",
        "Paris",
        "Ivry-sur-Seine",
        "l'État",
        "d'un",
        "rapport",
        "public",
        "1 000",
        "euros",
    ]);
    let sentence = prop::collection::vec(word, 4..16).prop_map(|w| {
        let mut s = w.join(" ");
        s.push('.');
        let mut c = s.chars();
        c.next().map(|f| f.to_uppercase().chain(c).collect::<String>()).unwrap()
    });
    let article = prop::collection::vec(sentence.clone(), 1..5);
    let doc = prop::collection::vec(article, 1..5);
    // Edits: (article, alinéa, kind, a word position, a replacement sentence)
    let edits = prop::collection::vec((0usize..5, 0usize..5, 0u8..6, 0usize..16, sentence), 1..5);
    (doc, edits).prop_map(|(doc, edits)| {
        let render = |d: &Vec<Vec<String>>| {
            let mut s = String::new();
            for (k, art) in d.iter().enumerate() {
                s.push_str(&format!("## Article {} – Stipulation {}\n\n", k + 1, k + 1));
                for a in art {
                    s.push_str(a);
                    s.push_str("\n\n");
                }
            }
            s
        };
        let old = render(&doc);
        let mut new = doc.clone();
        for (art, al, kind, pos, sent) in edits {
            let art = art % new.len();
            if new[art].is_empty() {
                new[art].push(sent);
                continue;
            }
            let al = al % new[art].len();
            let mut words: Vec<String> = new[art][al].trim_end_matches('.').split(' ').map(str::to_string).collect();
            let p = pos % words.len();
            match kind {
                0 => words[p] = "modifié".into(),
                1 => words.insert(p + 1, "notamment".into()),
                2 if words.len() > 2 => {
                    words.remove(p);
                }
                3 => {
                    new[art][al] = sent;
                    continue;
                }
                4 => {
                    new[art].insert(al, sent);
                    continue;
                }
                _ if new[art].len() > 1 => {
                    new[art].remove(al);
                    continue;
                }
                _ => words.push("aussi".into()),
            }
            let mut s = words.join(" ");
            s.push('.');
            let mut c = s.chars();
            new[art][al] = c.next().map(|f| f.to_uppercase().chain(c).collect::<String>()).unwrap();
        }
        (old, render(&new))
    })
}

/// A text imported as a source (the text import, in process).
pub fn import_text(text: &str, name: &str) -> clausier::source::Source {
    clausier::import::import_text(text, std::path::Path::new(name)).unwrap()
}

/// A copy of a shipped source, with the shared clauses beside it, in the
/// library folder `lib` (to edit, or to write beside): the source's folder.
pub fn copy_source(name: &str, lib: &std::path::Path) -> PathBuf {
    for sub in [name, "commun"] {
        std::fs::create_dir_all(lib.join(sub)).unwrap();
        for e in std::fs::read_dir(root().join("clauses").join(sub)).unwrap() {
            let e = e.unwrap();
            std::fs::copy(e.path(), lib.join(sub).join(e.file_name())).unwrap();
        }
    }
    lib.join(name)
}

/// A copy of the folder `from` at `to`, sub-folders included.
pub fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        if e.path().is_dir() {
            copy_dir(&e.path(), &to.join(e.file_name()));
        } else {
            std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
        }
    }
}

/// A part of a zip package (a DOCX, an ODT) as text; None when it has no such part.
pub fn zip_part(bytes: &[u8], name: &str) -> Option<String> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut s = String::new();
    std::io::Read::read_to_string(&mut zip.by_name(name).ok()?, &mut s).unwrap();
    Some(s)
}

/// A DOCX with its `word/document.xml` rewritten by `f`, as a word
/// processor saves an edit (or adds its noise).
pub fn rewrite_document_xml(bytes: &[u8], f: impl Fn(&str) -> String) -> Vec<u8> {
    use std::io::{Read, Write};
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..z.len() {
        let mut e = z.by_index(i).unwrap();
        let name = e.name().to_string();
        let mut data = Vec::new();
        e.read_to_end(&mut data).unwrap();
        if name == "word/document.xml" {
            data = f(&String::from_utf8(data).unwrap()).into_bytes();
        }
        w.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
        w.write_all(&data).unwrap();
    }
    w.finish().unwrap().into_inner()
}

/// The outline as a reader writes it down: one line per division, indented
/// by depth, its label (or its title when it has none).
pub fn outline(doc: &clausier::model::Document) -> String {
    fn go(d: &clausier::model::Division, out: &mut Vec<String>) {
        let name = match &d.label {
            Some(l) => l.clone(),
            None if d.title.is_empty() => "(sans titre)".into(),
            None => clausier::model::inline_text(&d.title),
        };
        out.push(format!("{}{}", "  ".repeat(d.level - 1), name));
        for c in &d.children {
            go(c, out);
        }
    }
    let mut out = Vec::new();
    for d in &doc.divisions {
        go(d, &mut out);
    }
    out.join("\n")
}

/// The edits of `tests/fixtures/docx/sources/edits.json` applied to
/// paragraphs the way `lo_edit.py` applies them (the first paragraph that
/// holds or starts with the key; an appended text joined as given), each
/// paragraph as `norm` reads it: the expectation of a round trip comes from
/// the inputs, never from the reader or the drafter.
pub fn apply_lo_edits(paras: &[String], edits: &serde_json::Value, norm: fn(&str) -> String) -> Vec<String> {
    let mut paras: Vec<String> = paras.iter().map(|p| norm(p)).collect();
    let find = |paras: &[String], key: &str| {
        paras
            .iter()
            .position(|p| p.starts_with(&norm(key)))
            .unwrap_or_else(|| panic!("no paragraph starts with « {} »", key))
    };
    for e in edits.as_array().unwrap() {
        let s = |k: &str| e[k].as_str().unwrap();
        if let Some(old) = e["replace"].as_str() {
            let old = norm(old);
            let k =
                paras.iter().position(|p| p.contains(&old)).unwrap_or_else(|| panic!("no paragraph holds « {} »", old));
            paras[k] = norm(&paras[k].replacen(&old, s("by"), 1));
        } else if let Some(key) = e["insert_after"].as_str() {
            let k = find(&paras, key);
            paras.insert(k + 1, norm(s("text")));
        } else if let Some(key) = e["delete_paragraph"].as_str() {
            let k = find(&paras, key);
            paras.remove(k);
        } else if let Some(key) = e["append"].as_str() {
            let k = find(&paras, key);
            paras[k] = norm(&format!("{}{}", paras[k], s("text")));
        }
    }
    paras
}

/// Whether `dir` holds a temporary file or folder of clausier (`.clausier-…`,
/// the marker of a folder output aside).
pub fn holds_a_temporary(dir: &std::path::Path) -> bool {
    std::fs::read_dir(dir).is_ok_and(|rd| {
        rd.filter_map(|e| e.ok()).any(|e| {
            let n = e.file_name().to_string_lossy().to_string();
            n.starts_with(".clausier") && n != ".clausier-output"
        })
    })
}

/// Waits until `child` holds a temporary in `dir`, and stops it there
/// (SIGSTOP). True when it was stopped with the temporary still present:
/// a kill or an interruption sent now lands in the middle of the write,
/// which a test of atomic outputs must prove rather than hope for.
pub fn stop_holding_a_temporary(child: &mut std::process::Child, dir: &std::path::Path) -> bool {
    use rustix::process::{kill_process, Pid, Signal};
    let pid = Pid::from_raw(child.id() as i32).unwrap();
    let start = std::time::Instant::now();
    while child.try_wait().unwrap().is_none() && start.elapsed() < std::time::Duration::from_secs(120) {
        if holds_a_temporary(dir) {
            let _ = kill_process(pid, Signal::STOP);
            // A signal is delivered after `kill` returns: only once the
            // process is seen stopped does the temporary prove anything.
            while !stopped(child.id()) {
                if child.try_wait().unwrap().is_some() {
                    return false;
                }
                std::thread::yield_now();
            }
            return holds_a_temporary(dir);
        }
    }
    false
}

/// Whether the process is stopped (state `T` in /proc/PID/stat).
fn stopped(pid: u32) -> bool {
    let stat = std::fs::read_to_string(format!("/proc/{}/stat", pid)).unwrap_or_default();
    stat.rsplit_once(") ").is_some_and(|(_, rest)| rest.starts_with('T'))
}

/// Removes what a killed run left (`.clausier-…` temporaries) in `dir`.
pub fn remove_temporaries(dir: &std::path::Path) {
    for e in std::fs::read_dir(dir).unwrap().filter_map(|e| e.ok()) {
        let n = e.file_name().to_string_lossy().to_string();
        if n.starts_with(".clausier") && n != ".clausier-output" {
            let p = e.path();
            let _ = if p.is_dir() { std::fs::remove_dir_all(&p) } else { std::fs::remove_file(&p) };
        }
    }
}
