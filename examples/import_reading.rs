//! Imports a text (Markdown, or a DOCX as `clausier import` reads it) and
//! prints the source it makes in reading order: the text a build prints,
//! with the signature blocks one after the other rather than side by side.
//! What CI compares, word for word, with another program's reading of the
//! same DOCX (`docx_accept_reject.py`).
//!
//! ```sh
//! cargo run --example import_reading -- FILE.docx
//! ```

use clausier::model::inline_text;

fn main() {
    let Some(file) = std::env::args().nth(1) else {
        eprintln!("usage: import_reading FILE");
        std::process::exit(2);
    };
    let imported = clausier::import::import_file(std::path::Path::new(&file))
        .and_then(|i| clausier::render::assemble(&i.source, &Default::default()));
    let mut doc = match imported {
        Ok(d) => d,
        Err(e) => {
            eprintln!("{}", e);
            std::process::exit(1);
        }
    };
    let blocks = std::mem::take(&mut doc.signatures);
    let mut text = clausier::write::to_text(&doc);
    for b in blocks {
        for l in b.lines {
            text.push_str(&inline_text(&l));
            text.push('\n');
        }
        text.push('\n');
    }
    print!("{}", text);
}
