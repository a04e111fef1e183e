//! Measures the two candidate DOCX readers on real files: docx-rs 0.4.22's
//! `read_docx` (the user's named package) and clausier's own
//! `read::docx` (zip + quick-xml).
//!
//! ```sh
//! cargo run --release --example docx_readers -- FILE.docx [REFERENCE.txt] …
//! ```
//! For each FILE, give the text it should read as (e.g. the output of
//! `../shared/tools/docx_accept_reject.py FILE --mode accept`) as the next
//! argument ending in `.txt`. Prints, per reader, whether it read the file,
//! the share of the reference's words it keeps in order, the number of
//! numbering labels it gives, and the median time of 20 reads.

use clausier::read::docx::{read_docx, Options, View};
use std::time::{Duration, Instant};

fn words(text: &str) -> Vec<String> {
    let w = regex::Regex::new(r"\w+").unwrap();
    w.find_iter(text).map(|m| m.as_str().to_lowercase()).collect()
}

fn kept_in_order(reference: &str, out: &str) -> f64 {
    let a = words(reference);
    let b = words(out);
    let ops = similar::capture_diff_slices(similar::Algorithm::Myers, &a, &b);
    let kept: usize = ops.iter().map(|op| if let similar::DiffOp::Equal { len, .. } = op { *len } else { 0 }).sum();
    kept as f64 / a.len().max(1) as f64
}

/// The text docx-rs gives, with every tracked change accepted: runs,
/// hyperlinks, insertions, moves-to, structured document tags, tables;
/// deleted text and field instructions left out. docx-rs hands over the
/// parts; the numbering labels, the field logic and the styles are for its
/// caller to compute, which this does not attempt beyond fields.
mod docxrs {
    use docx_rs::*;

    #[derive(Default)]
    pub struct Out {
        pub text: String,
        in_instr: usize,
        pub numbered: usize,
    }

    fn run(r: &Run, o: &mut Out) {
        for c in &r.children {
            match c {
                RunChild::FieldChar(f) => match f.field_char_type {
                    FieldCharType::Begin => o.in_instr += 1,
                    FieldCharType::Separate => o.in_instr = o.in_instr.saturating_sub(1),
                    _ => {}
                },
                RunChild::Text(t) if o.in_instr == 0 => o.text.push_str(&t.text),
                RunChild::Tab(_) if o.in_instr == 0 => o.text.push(' '),
                RunChild::Break(_) | RunChild::CarriageReturn(_) if o.in_instr == 0 => o.text.push(' '),
                _ => {}
            }
        }
    }

    fn pchild(c: &ParagraphChild, o: &mut Out) {
        match c {
            ParagraphChild::Run(r) => run(r, o),
            ParagraphChild::Hyperlink(h) => h.children.iter().for_each(|c| pchild(c, o)),
            ParagraphChild::Insert(i) => {
                for c in &i.children {
                    if let InsertChild::Run(r) = c {
                        run(r, o)
                    }
                }
            }
            ParagraphChild::MoveTo(m) => {
                for c in &m.children {
                    if let MoveToChild::Run(r) = c {
                        run(r, o)
                    }
                }
            }
            ParagraphChild::StructuredDataTag(s) => sdt(s, o),
            _ => {}
        }
    }

    pub fn para(p: &Paragraph, o: &mut Out) {
        if p.has_numbering {
            o.numbered += 1;
        }
        p.children.iter().for_each(|c| pchild(c, o));
        o.text.push('\n');
    }

    fn sdt(s: &StructuredDataTag, o: &mut Out) {
        for c in &s.children {
            match c {
                StructuredDataTagChild::Run(r) => run(r, o),
                StructuredDataTagChild::Paragraph(p) => para(p, o),
                StructuredDataTagChild::Table(t) => table(t, o),
                StructuredDataTagChild::StructuredDataTag(s) => sdt(s, o),
                _ => {}
            }
        }
    }

    pub fn table(t: &Table, o: &mut Out) {
        for TableChild::TableRow(row) in &t.rows {
            for TableRowChild::TableCell(cell) in &row.cells {
                for cc in &cell.children {
                    match cc {
                        TableCellContent::Paragraph(p) => para(p, o),
                        TableCellContent::Table(t) => table(t, o),
                        TableCellContent::StructuredDataTag(s) => sdt(s, o),
                        _ => {}
                    }
                }
            }
        }
    }

    pub fn text(bytes: &[u8]) -> Result<Out, String> {
        let d = read_docx(bytes).map_err(|e| format!("{:?}", e))?;
        let mut o = Out::default();
        for c in &d.document.children {
            match c {
                DocumentChild::Paragraph(p) => para(p, &mut o),
                DocumentChild::Table(t) => table(t, &mut o),
                DocumentChild::StructuredDataTag(s) => sdt(s, &mut o),
                _ => {}
            }
        }
        Ok(o)
    }
}

fn ours(bytes: &[u8]) -> Result<(String, usize), String> {
    let d = read_docx(bytes, &Options { view: View::Accept }).map_err(|e| e.to_string())?;
    let mut text = String::new();
    let mut labels = 0;
    for b in &d.blocks {
        match &b.block {
            clausier::markdown::TextBlock::Heading { inlines, .. } => {
                text.push_str(&clausier::model::inline_text(inlines))
            }
            clausier::markdown::TextBlock::Alinea { alinea, .. } => {
                if let clausier::model::AlineaKind::Item { marker: Some(_) } = alinea.kind {
                    labels += 1;
                }
                text.push_str(&alinea.text())
            }
            clausier::markdown::TextBlock::Rule { .. } => {}
        }
        text.push('\n');
    }
    Ok((text, labels))
}

fn median<T>(mut f: impl FnMut() -> T) -> Duration {
    let mut v: Vec<Duration> = (0..20)
        .map(|_| {
            let t = Instant::now();
            std::hint::black_box(f());
            t.elapsed()
        })
        .collect();
    v.sort();
    v[v.len() / 2]
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut k = 0;
    println!("| file | reader | reads | words kept | numbered | median time |");
    println!("| --- | --- | --- | ---: | ---: | ---: |");
    while k < args.len() {
        let file = &args[k];
        let reference = args.get(k + 1).filter(|a| a.ends_with(".txt")).map(|r| std::fs::read_to_string(r).unwrap());
        k += if reference.is_some() { 2 } else { 1 };
        let bytes = std::fs::read(file).unwrap();
        let name = std::path::Path::new(file).file_name().unwrap().to_string_lossy().to_string();
        let kept = |t: &str| {
            reference.as_deref().map_or("–".to_string(), |r| format!("{:.2} %", 100.0 * kept_in_order(r, t)))
        };
        let skip_docxrs = std::env::var("ONLY_CLAUSIER").is_ok();
        match if skip_docxrs { Err("skipped".into()) } else { docxrs::text(&bytes) } {
            Ok(o) => {
                let t = median(|| docxrs::text(&bytes).map(|o| o.text.len()));
                println!(
                    "| {} | docx-rs | yes | {} | {} (numPr, no label) | {:.2} ms |",
                    name,
                    kept(&o.text),
                    o.numbered,
                    t.as_secs_f64() * 1e3
                );
            }
            Err(e) => {
                println!("| {} | docx-rs | **no**: {} | – | – | – |", name, e.chars().take(80).collect::<String>())
            }
        }
        match ours(&bytes) {
            Ok((text, labels)) => {
                let t = median(|| ours(&bytes).map(|o| o.0.len()));
                println!(
                    "| {} | clausier | yes | {} | {} labels | {:.2} ms |",
                    name,
                    kept(&text),
                    labels,
                    t.as_secs_f64() * 1e3
                );
            }
            Err(e) => println!("| {} | clausier | **no**: {} | – | – | – |", name, e),
        }
    }
}
