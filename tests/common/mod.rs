//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::PathBuf;
use std::process::{Command, Output};

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn seed_path() -> PathBuf {
    root().join("tests/fixtures/convention-paris-ivry.md")
}

pub fn seed() -> String {
    std::fs::read_to_string(seed_path()).unwrap()
}

pub fn library_source() -> PathBuf {
    root().join("clauses/paris-ivry")
}

/// Words as a reader counts them: markup stripped, lower case.
pub fn words(text: &str) -> Vec<String> {
    let re = regex::Regex::new(r"<[^>]+>").unwrap();
    let t = re.replace_all(text, " ");
    let t = t.replace("&nbsp;", " ").replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"");
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
                ParagraphChild::Hyperlink(h) => h.children.iter().filter_map(|x| if let ParagraphChild::Run(r) = x { Some(r.as_ref()) } else { None }).collect(),
                ParagraphChild::Insert(i) => i.children.iter().filter_map(|x| if let docx_rs::InsertChild::Run(r) = x { Some(r.as_ref()) } else { None }).collect(),
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
