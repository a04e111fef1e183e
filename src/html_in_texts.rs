//! The bits of HTML that texts from official exports and websites carry:
//! entities, comments, tags around words, and tables as raw `<table>`
//! markup. A helper of the readers (Markdown and DOCX alike): it knows
//! nothing of conventions.
//!
//! Tables are read with a real HTML parser (html5ever, through `scraper`),
//! so that what browsers do is what we do: a self-closing `<td/>` is an
//! empty cell, not the start of one that swallows its neighbour; an
//! unclosed `<td>` ends at the next; `rowspan` and `colspan` keep every
//! cell in its column.

use crate::model::InlineBuf;
use crate::model::{Alinea, AlineaKind, Inline, Style};
use ego_tree::iter::Edge;
use scraper::{Html, Node};

/// Removes `<!-- … -->` comments (an unclosed one runs to the end).
pub(crate) fn strip_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("<!--") {
        out.push_str(&rest[..start]);
        match rest[start + 4..].find("-->") {
            Some(end) => rest = &rest[start + 4 + end + 3..],
            None => rest = "",
        }
    }
    out.push_str(rest);
    out
}

/// Decodes the entities HTML exports use (named ones of French text, and
/// every numeric one). An unknown entity stays as written.
pub(crate) fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(k) = rest.find('&') {
        out.push_str(&rest[..k]);
        let after = &rest[k + 1..];
        let decoded = after.find(';').filter(|e| *e <= 10).and_then(|e| entity(&after[..e]).map(|c| (c, e)));
        match decoded {
            Some((c, e)) => {
                out.push(c);
                rest = &after[e + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

fn entity(name: &str) -> Option<char> {
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        "laquo" => '«',
        "raquo" => '»',
        "lsquo" => '‘',
        "rsquo" => '’',
        "ldquo" => '“',
        "rdquo" => '”',
        "ndash" => '–',
        "mdash" => '—',
        "hellip" => '…',
        "deg" => '°',
        "sect" => '§',
        "euro" => '€',
        "times" => '×',
        "shy" => '\u{ad}',
        "oelig" => 'œ',
        "OElig" => 'Œ',
        "aelig" => 'æ',
        "AElig" => 'Æ',
        "ccedil" => 'ç',
        "Ccedil" => 'Ç',
        n if n.starts_with("#x") || n.starts_with("#X") => {
            return u32::from_str_radix(&n[2..], 16).ok().and_then(char::from_u32)
        }
        n if n.starts_with('#') => return n[1..].parse().ok().and_then(char::from_u32),
        n => return accented(n),
    })
}

/// `&eacute;`, `&Agrave;`, `&ocirc;`, `&iuml;`…: a letter and its accent.
fn accented(name: &str) -> Option<char> {
    let (letter, accent) = name.split_at(name.char_indices().nth(1)?.0);
    let l = letter.chars().next()?;
    let table: &[(&str, &str, &str)] = &[
        ("acute", "aeiouyAEIOUY", "áéíóúýÁÉÍÓÚÝ"),
        ("grave", "aeiouAEIOU", "àèìòùÀÈÌÒÙ"),
        ("circ", "aeiouAEIOU", "âêîôûÂÊÎÔÛ"),
        ("uml", "aeiouyAEIOUY", "äëïöüÿÄËÏÖÜŸ"),
    ];
    let (_, from, to) = table.iter().find(|(a, _, _)| *a == accent)?;
    let k = from.chars().position(|c| c == l)?;
    to.chars().nth(k)
}

/// HTML element names: a `<name …>` with one of these is markup; any other
/// (`<montant>`, `<date>`) is a word a drafter wrote between angle brackets.
/// Words that are also sectioning elements (`<article>`, `<section>`,
/// `<date>`, `<time>`) are read as words: legal texts use them as blanks to
/// fill far more than exports use those elements.
fn is_html_element(name: &str) -> bool {
    const NAMES: &[&str] = &[
        "a",
        "abbr",
        "acronym",
        "b",
        "big",
        "blockquote",
        "body",
        "br",
        "caption",
        "center",
        "cite",
        "code",
        "col",
        "colgroup",
        "dd",
        "del",
        "dfn",
        "div",
        "dl",
        "dt",
        "em",
        "font",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "head",
        "hr",
        "html",
        "i",
        "img",
        "ins",
        "kbd",
        "li",
        "meta",
        "nobr",
        "ol",
        "p",
        "pre",
        "q",
        "s",
        "samp",
        "small",
        "span",
        "strike",
        "strong",
        "style",
        "script",
        "sub",
        "sup",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "tt",
        "u",
        "ul",
        "var",
        "wbr",
    ];
    let lower = name.to_ascii_lowercase();
    NAMES.contains(&lower.as_str())
}

/// Whether the text of a tag (`<b>`, `</td>`, `<td align="center"/>`) is
/// HTML markup: a known element name, and attributes as HTML writes them
/// (`name="value"`). `<b et c>` is not: words between angle brackets.
pub(crate) fn is_markup(tag: &str) -> bool {
    let t = tag.trim();
    let Some(inner) = t.strip_prefix('<').and_then(|s| s.strip_suffix('>')) else { return false };
    if inner.starts_with("!--") || inner.starts_with('!') || inner.starts_with('?') {
        return true;
    }
    let inner = inner.strip_prefix('/').unwrap_or(inner).trim_end_matches('/');
    let name: String = inner.chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
    if name.is_empty() || !is_html_element(&name) {
        return false;
    }
    attributes_ok(&inner[name.len()..])
}

/// `align="center" width=25%`: every attribute has a value, except the few
/// HTML allows bare.
fn attributes_ok(mut s: &str) -> bool {
    loop {
        s = s.trim_start();
        if s.is_empty() {
            return true;
        }
        let name_len =
            s.find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == ':' || c == '_')).unwrap_or(s.len());
        if name_len == 0 {
            return false;
        }
        let name = &s[..name_len];
        s = s[name_len..].trim_start();
        match s.strip_prefix('=') {
            Some(v) => {
                let v = v.trim_start();
                let end = match v.chars().next() {
                    Some(q @ ('"' | '\'')) => match v[1..].find(q) {
                        Some(e) => e + 2,
                        None => return false,
                    },
                    Some(_) => v.find(char::is_whitespace).unwrap_or(v.len()),
                    None => return false,
                };
                s = &v[end..];
            }
            None if matches!(
                name.to_ascii_lowercase().as_str(),
                "nowrap" | "hidden" | "selected" | "checked" | "disabled"
            ) => {}
            None => return false,
        }
    }
}

/// Writes `&lt;` for each `<` that does not open markup (`<montant>`,
/// `a < b`), so that an HTML parser reads those words as text.
fn escape_non_markup(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(k) = rest.find('<') {
        out.push_str(&rest[..k]);
        let tail = &rest[k..];
        // A tag ends at the first `>`, and never spans a new `<`.
        let end = tail[1..].find(['>', '<']).map(|e| e + 1).filter(|e| tail.as_bytes()[*e] == b'>');
        match end {
            Some(e) if is_markup(&tail[..=e]) => {
                out.push_str(&tail[..=e]);
                rest = &tail[e + 1..];
            }
            _ => {
                out.push_str("&lt;");
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Byte ranges of the top-level `<table>…</table>` elements of a text, in
/// one pass (nested tables belong to the outer one). A table that is never
/// closed is not a table: its words are left to the Markdown reader.
pub(crate) fn table_spans(text: &str) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut spans = Vec::new();
    let mut depth = 0usize;
    let mut start = 0usize;
    let mut k = 0usize;
    while let Some(off) = memchr_lt(&bytes[k..]) {
        let at = k + off;
        let rest = &bytes[at..];
        if starts_with_ci(rest, b"<table") && rest.get(6).is_none_or(|c| !c.is_ascii_alphanumeric()) {
            if depth == 0 {
                start = at;
            }
            depth += 1;
        } else if starts_with_ci(rest, b"</table") && depth > 0 {
            depth -= 1;
            if depth == 0 {
                let end = rest.iter().position(|b| *b == b'>').map_or(bytes.len(), |e| at + e + 1);
                spans.push((start, end));
                k = end;
                continue;
            }
        }
        k = at + 1;
    }
    spans
}

fn memchr_lt(b: &[u8]) -> Option<usize> {
    b.iter().position(|c| *c == b'<')
}

fn starts_with_ci(hay: &[u8], needle: &[u8]) -> bool {
    hay.len() >= needle.len() && hay[..needle.len()].eq_ignore_ascii_case(needle)
}

/// Most columns a cell may span, and most empty cells a table may gain
/// from spans: what a real table needs, and a bound on what a hostile one
/// can make us allocate.
const MAX_COLSPAN: usize = 1000;
const MAX_ROWSPAN: usize = 65_534;
const MAX_PADDING: usize = 1_000_000;

/// A table's markup as alinéas: the table, with any text the markup held
/// outside its cells (a caption, stray words) as paragraphs before it, so
/// that no word is lost.
pub(crate) fn table_alineas(markup: &str) -> Vec<Alinea> {
    let html = Html::parse_fragment(&escape_non_markup(markup));
    let mut out = Vec::new();
    let mut loose = InlineBuf::default();
    let root = html.root_element();
    for child in root.children() {
        match child.value() {
            Node::Element(e) if e.name() == "table" => {
                flush_paragraph(&mut loose, &mut out);
                out.push(read_table(child));
            }
            _ => inline_content(child, &mut loose),
        }
    }
    flush_paragraph(&mut loose, &mut out);
    if out.is_empty() {
        out.push(Alinea {
            kind: AlineaKind::Table { rows: vec![vec![vec![]]], header: false },
            inlines: vec![],
            change: Default::default(),
        });
    }
    out
}

fn flush_paragraph(buf: &mut InlineBuf, out: &mut Vec<Alinea>) {
    let b = std::mem::take(buf);
    if !b.is_empty() {
        out.push(Alinea::paragraph(b.finish()));
    }
}

type NodeRef<'a> = ego_tree::NodeRef<'a, Node>;

/// Rows and cells of a table, each cell in its column: a cell spanning
/// columns is followed by empty cells, one spanning rows leaves an empty
/// cell in the rows below.
struct Grid {
    rows: Vec<Vec<Vec<Inline>>>,
    /// For each column, how many more rows a cell above still covers.
    below: Vec<usize>,
    row: Vec<Vec<Inline>>,
    covered: Vec<bool>,
    padding: usize,
    header: Option<bool>,
}

impl Grid {
    fn start_row(&mut self) {
        self.row = Vec::new();
        self.covered = self.below.iter().map(|n| *n > 0).collect();
        for n in &mut self.below {
            *n = n.saturating_sub(1);
        }
    }

    fn skip_covered(&mut self) {
        while self.covered.get(self.row.len()).copied().unwrap_or(false) && self.padding < MAX_PADDING {
            self.row.push(Vec::new());
            self.padding += 1;
        }
    }

    fn cell(&mut self, content: Vec<Inline>, colspan: usize, rowspan: usize) {
        self.skip_covered();
        let col = self.row.len();
        self.row.push(content);
        for _ in 1..colspan {
            if self.padding >= MAX_PADDING {
                break;
            }
            self.row.push(Vec::new());
            self.padding += 1;
        }
        if rowspan > 1 {
            let end = self.row.len();
            if self.below.len() < end {
                self.below.resize(end, 0);
            }
            for c in col..end {
                self.below[c] = self.below[c].max(rowspan - 1);
            }
        }
    }

    fn end_row(&mut self, all_th: bool) {
        // Columns still covered from above at the end of the row.
        if self.covered.iter().skip(self.row.len()).any(|c| *c) {
            while self.row.len() < self.covered.len() && self.padding < MAX_PADDING {
                self.row.push(Vec::new());
                self.padding += 1;
            }
        }
        if self.header.is_none() {
            self.header = Some(all_th && !self.row.is_empty());
        }
        self.rows.push(std::mem::take(&mut self.row));
    }
}

fn span(v: Option<&str>, max: usize) -> usize {
    v.and_then(|s| s.trim().parse::<usize>().ok()).filter(|n| *n >= 1).unwrap_or(1).min(max)
}

/// Reads one `<table>` element (iteratively: nesting depth costs no stack).
fn read_table(table: NodeRef) -> Alinea {
    let mut g =
        Grid { rows: Vec::new(), below: Vec::new(), row: Vec::new(), covered: Vec::new(), padding: 0, header: None };
    let mut in_row = false;
    let mut row_all_th = true;
    // The cell being read: its element, content and spans.
    let mut cell: Option<(ego_tree::NodeId, CellText, usize, usize)> = None;
    for edge in table.traverse() {
        match edge {
            Edge::Open(n) => {
                if let Some((_, text, _, _)) = cell.as_mut() {
                    text.open(n);
                    continue;
                }
                let Node::Element(e) = n.value() else { continue };
                match e.name() {
                    "tr" => {
                        g.start_row();
                        in_row = true;
                        row_all_th = true;
                    }
                    "td" | "th" => {
                        if !in_row {
                            g.start_row();
                            in_row = true;
                            row_all_th = true;
                        }
                        row_all_th &= e.name() == "th";
                        cell = Some((
                            n.id(),
                            CellText::default(),
                            span(e.attr("colspan"), MAX_COLSPAN),
                            span(e.attr("rowspan"), MAX_ROWSPAN),
                        ));
                    }
                    _ => {}
                }
            }
            Edge::Close(n) => {
                if let Some((id, _, _, _)) = &cell {
                    if *id != n.id() {
                        if let Some((_, text, _, _)) = cell.as_mut() {
                            text.close(n);
                        }
                        continue;
                    }
                    let (_, text, colspan, rowspan) = cell.take().expect("a cell is open");
                    g.cell(text.buf.finish(), colspan, rowspan);
                    continue;
                }
                if let Node::Element(e) = n.value() {
                    if e.name() == "tr" && in_row {
                        g.end_row(row_all_th);
                        in_row = false;
                    }
                }
            }
        }
    }
    if in_row {
        g.end_row(row_all_th);
    }
    let header = g.header.unwrap_or(false) && g.rows.len() > 1;
    let mut rows = g.rows;
    if rows.is_empty() {
        rows.push(vec![vec![]]);
    }
    Alinea { kind: AlineaKind::Table { rows, header }, inlines: vec![], change: Default::default() }
}

/// The text of one cell as it is read: styles open and close with their
/// elements, line breaks and block ends become breaks.
#[derive(Default)]
struct CellText {
    buf: InlineBuf,
    bold: usize,
    italic: usize,
    under: usize,
    sup: usize,
    /// Inside `<script>` or `<style>`: not words of the text.
    hidden: usize,
}

impl CellText {
    fn style(&self) -> Style {
        Style { bold: self.bold > 0, italic: self.italic > 0, underline: self.under > 0, superscript: self.sup > 0 }
    }

    fn counter(&mut self, name: &str) -> Option<&mut usize> {
        match name {
            "b" | "strong" => Some(&mut self.bold),
            "i" | "em" => Some(&mut self.italic),
            "u" | "ins" => Some(&mut self.under),
            "sup" => Some(&mut self.sup),
            "script" | "style" => Some(&mut self.hidden),
            _ => None,
        }
    }

    fn open(&mut self, n: NodeRef) {
        match n.value() {
            Node::Text(t) if self.hidden == 0 => {
                let st = self.style();
                self.buf.push_text(t, st);
            }
            Node::Element(e) => match e.name() {
                "br" => self.buf.push_break(),
                // Cells of a nested table, or words either side of an image,
                // stay apart.
                "td" | "th" | "img" => self.buf.push_text(" ", Style::PLAIN),
                name => {
                    if let Some(c) = self.counter(name) {
                        *c += 1;
                    }
                }
            },
            _ => {}
        }
    }

    fn close(&mut self, n: NodeRef) {
        if let Node::Element(e) = n.value() {
            match e.name() {
                "p" | "div" | "li" | "tr" | "table" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "blockquote"
                | "pre" | "dt" | "dd" => {
                    if !self.buf.is_empty() {
                        self.buf.push_break();
                    }
                }
                name => {
                    if let Some(c) = self.counter(name) {
                        *c = c.saturating_sub(1);
                    }
                }
            }
        }
    }
}

/// Text outside any table (a caption, stray words), read as one paragraph.
fn inline_content(n: NodeRef, buf: &mut InlineBuf) {
    let mut text = CellText { buf: std::mem::take(buf), ..Default::default() };
    for edge in n.traverse() {
        match edge {
            Edge::Open(x) => text.open(x),
            Edge::Close(x) => text.close(x),
        }
    }
    *buf = text.buf;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::inline_text;

    fn cells(markup: &str) -> Vec<Vec<String>> {
        let al = table_alineas(markup);
        let Some(Alinea { kind: AlineaKind::Table { rows, .. }, .. }) = al.last() else { panic!("{:?}", al) };
        rows.iter().map(|r| r.iter().map(|c| inline_text(c)).collect()).collect()
    }

    #[test]
    fn self_closing_cells_are_empty_cells() {
        let t = cells("<table><tr><td>a</td><td align=\"center\"/><td>c</td></tr></table>");
        assert_eq!(t, vec![vec!["a", "", "c"]]);
    }

    #[test]
    fn spans_keep_cells_in_their_columns() {
        let t = cells("<table><tr><td rowspan=\"2\">A</td><td>B</td><td>C</td></tr><tr><td>D</td><td>E</td></tr><tr><td colspan=\"2\">F</td><td>G</td></tr></table>");
        assert_eq!(t, vec![vec!["A", "B", "C"], vec!["", "D", "E"], vec!["F", "", "G"]]);
    }

    #[test]
    fn breaks_and_entities() {
        let t = cells("<table><tr><th>USINE <br/>ou gisement</th></tr><tr><td>20&nbsp;000 &euro;</td></tr></table>");
        assert_eq!(t, vec![vec!["USINE\nou gisement"], vec!["20\u{a0}000 €"]]);
    }

    #[test]
    fn words_in_angle_brackets_are_words() {
        assert_eq!(escape_non_markup("<b>x</b> <montant> a<b et c>"), "<b>x</b> &lt;montant> a&lt;b et c>");
        let t = cells("<table><tr><td>le <montant> HT</td></tr></table>");
        assert_eq!(t, vec![vec!["le <montant> HT"]]);
    }

    #[test]
    fn spans_of_nested_tables() {
        let text = "a <TABLE><tr><td><table><tr><td>x</td></tr></table></td></tr></TABLE> b <table>never closed";
        let s = table_spans(text);
        assert_eq!(s.len(), 1);
        assert!(text[s[0].0..s[0].1].ends_with("</TABLE>"));
    }

    #[test]
    fn entities() {
        assert_eq!(
            decode_entities("l&rsquo;&eacute;t&eacute; &Agrave; &#233; &#xE9; &bogus; & x"),
            "l’été À é é &bogus; & x"
        );
    }
}
