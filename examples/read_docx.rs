//! Prints what clausier reads in a DOCX, one block per line: headings as
//! `#… text`, list items with their marker, tables row by row, then the
//! bookmarks and style of each block.
//!
//! ```sh
//! cargo run --example read_docx -- FILE.docx [--reject] [--facts | --summary]
//! ```
//! `--summary` prints one JSON line instead: the number of blocks,
//! headings, list items (numbered ones apart), tables, and the tracked
//! changes.

use clausier::markdown::TextBlock;
use clausier::model::{inline_text, AlineaKind};
use clausier::read::docx::{read_docx_file, Options, View};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(file) = args.iter().find(|a| !a.starts_with("--")) else {
        eprintln!("usage: read_docx FILE.docx [--reject] [--facts]");
        std::process::exit(2);
    };
    let view = if args.iter().any(|a| a == "--reject") { View::Reject } else { View::Accept };
    let facts = args.iter().any(|a| a == "--facts");
    let summary = args.iter().any(|a| a == "--summary");
    let d = match read_docx_file(std::path::Path::new(file), &Options { view }) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("{}", e);
            std::process::exit(1);
        }
    };
    if summary {
        let count = |f: &dyn Fn(&TextBlock) -> bool| d.blocks.iter().filter(|b| f(&b.block)).count();
        let item = |b: &TextBlock, numbered: bool| matches!(b, TextBlock::Alinea { alinea, .. } if matches!(&alinea.kind, AlineaKind::Item { marker } if marker.is_some() || !numbered));
        let t = &d.tracked;
        println!(
            r#"{{"blocks": {}, "headings": {}, "items": {}, "numbered": {}, "tables": {}, "insertions": {}, "deletions": {}, "comments": {}}}"#,
            d.blocks.len(),
            count(&|b| matches!(b, TextBlock::Heading { .. })),
            count(&|b| item(b, false)),
            count(&|b| item(b, true)),
            count(
                &|b| matches!(b, TextBlock::Alinea { alinea, .. } if matches!(alinea.kind, AlineaKind::Table { .. }))
            ),
            t.insertions,
            t.deletions,
            t.comments
        );
        return;
    }
    for b in &d.blocks {
        let text = match &b.block {
            TextBlock::Heading { level, inlines, .. } => format!("{} {}", "#".repeat(*level), inline_text(inlines)),
            TextBlock::Alinea { alinea, .. } => match &alinea.kind {
                AlineaKind::Item { marker: None } => format!("- {}", inline_text(&alinea.inlines)),
                AlineaKind::Table { rows, .. } => rows
                    .iter()
                    .map(|r| {
                        format!(
                            "| {} |",
                            r.iter().map(|c| inline_text(c).replace('\n', " / ")).collect::<Vec<_>>().join(" | ")
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n"),
                _ => alinea.text(),
            },
            TextBlock::Rule { .. } => "---".into(),
        };
        println!("{}", text);
        if facts && (!b.bookmarks.is_empty() || b.style.is_some()) {
            println!("    [{}] {:?}", b.style.as_deref().unwrap_or(""), b.bookmarks);
        }
    }
    if facts {
        println!("{:?}\n{:?}", d.tracked, d.properties);
    }
}
