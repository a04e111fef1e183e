//! What the word-processor readers (DOCX, ODT) do alike with a table of the
//! body: a bound on its columns that keeps every word, and the alinéa it
//! becomes once read to its end.

use crate::markdown::TextBlock;
use crate::model::{Alinea, AlineaKind, Inline};
use crate::read::docx::ReadBlock;

/// Word's tables have at most 63 columns; cells past this join the last
/// column, so that a row of 100 000 cells cannot widen every row.
pub(crate) const MAX_COLUMNS: usize = 64;

/// Keeps a row within `MAX_COLUMNS`: the cells past the last column join
/// it, each after a line break, so that no word is lost.
pub(crate) fn fit_columns(cells: &mut Vec<Vec<Inline>>) {
    if cells.len() <= MAX_COLUMNS {
        return;
    }
    let extra: Vec<Vec<Inline>> = cells.split_off(MAX_COLUMNS);
    let last = cells.last_mut().expect("MAX_COLUMNS > 0");
    for c in extra.into_iter().filter(|c| !c.is_empty()) {
        if !last.is_empty() {
            last.push(Inline::Break);
        }
        last.extend(c);
    }
}

/// A table read to its end, as the alinéa it is: rows padded to its widest,
/// with the bookmarks that stood in it. A table with no text is no alinéa:
/// its bookmarks are given back, to go with the next block.
pub(crate) fn finished(
    mut rows: Vec<Vec<Vec<Inline>>>,
    header: bool,
    line: usize,
    bookmarks: Vec<String>,
) -> Result<ReadBlock, Vec<String>> {
    if !rows.iter().flatten().any(|c| !c.is_empty()) {
        return Err(bookmarks);
    }
    let width = rows.iter().map(Vec::len).max().unwrap_or(0);
    for r in &mut rows {
        r.resize(width, Vec::new());
    }
    Ok(ReadBlock {
        block: TextBlock::Alinea {
            alinea: Alinea { kind: AlineaKind::Table { rows, header }, inlines: vec![], change: Default::default() },
            line,
        },
        bookmarks,
        style: None,
        comments: vec![],
    })
}
