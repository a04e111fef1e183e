//! CommonMark, the text format of clause fragments and of imported texts.
//!
//! `parse` turns Markdown into blocks (headings, alinéas, rules) with their
//! line numbers; `inlines_to_markdown` and `alinea_to_markdown` write the model
//! back so that parsing gives the same inlines again (property-tested). The
//! writer prefers the readable `**gras**` and `*italique*` and falls back to
//! `<b>`/`<i>` where CommonMark's flanking rules would not read them back.

use crate::model::{Alinea, AlineaKind, Inline, Style};
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// One block of a text as a reader yields it — a heading, an alinéa or a
/// rule — with the line it starts on: what the Markdown reader (fragments,
/// imports) and the DOCX and ODT readers all produce.
#[derive(Debug, Clone, PartialEq)]
pub enum TextBlock {
    Heading {
        level: usize,
        inlines: Vec<Inline>,
        line: usize,
    },
    Alinea {
        alinea: Alinea,
        line: usize,
    },
    /// `---`: presentation only, no words.
    Rule {
        line: usize,
    },
}

use crate::model::InlineBuf;
pub use crate::model::{fold_spaces, normalize};

/// Line numbers of byte offsets, counted incrementally: events come in
/// order, so each newline is counted once (counting from the start for every
/// block made large texts quadratic).
struct Lines<'a> {
    src: &'a [u8],
    offset: usize,
    line: usize,
}

impl<'a> Lines<'a> {
    fn new(src: &'a str) -> Self {
        Lines { src: src.as_bytes(), offset: 0, line: 1 }
    }

    fn at(&mut self, offset: usize) -> usize {
        let offset = offset.min(self.src.len());
        if offset < self.offset {
            self.offset = 0;
            self.line = 1;
        }
        self.line += self.src[self.offset..offset].iter().filter(|b| **b == b'\n').count();
        self.offset = offset;
        self.line
    }
}

/// Inline HTML tags we give a meaning to; every other tag is dropped and its
/// text kept, so that no word is lost.
fn html_tag(tag: &str) -> Option<(bool, &'static str)> {
    let t = tag.trim();
    if !t.starts_with('<') || t.starts_with("<!--") {
        return None;
    }
    let closing = t.starts_with("</");
    let name: String = t
        .trim_start_matches('<')
        .trim_start_matches('/')
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase();
    let kind = match name.as_str() {
        "b" | "strong" => "b",
        "i" | "em" => "i",
        "u" | "ins" => "u",
        "sup" => "sup",
        "br" => "br",
        _ => return None,
    };
    Some((closing, kind))
}

/// The text of an HTML snippet: tags and comments removed, entities decoded.
pub fn strip_tags(h: &str) -> String {
    let mut out = String::with_capacity(h.len());
    let mut rest = h;
    while let Some(k) = rest.find('<') {
        out.push_str(&rest[..k]);
        match rest[k..].find('>') {
            Some(e) => {
                out.push(' ');
                rest = &rest[k + e + 1..];
            }
            None => {
                out.push_str(&rest[k..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    crate::html_in_texts::decode_entities(&out)
}

/// Parses CommonMark into blocks. `src` has already been through handlebars
/// when it is a fragment.
pub fn parse(src: &str) -> Vec<TextBlock> {
    let mut r = BlockReader::new(src);
    for (ev, range) in Parser::new_ext(src, Options::ENABLE_TABLES).into_offset_iter() {
        r.event(ev, range);
    }
    r.flush(r.heading);
    r.blocks
}

/// The state of `parse` between two Markdown events: the blocks so far, the
/// words of the one being read, the styles open around them.
struct BlockReader<'s> {
    src: &'s str,
    lines: Lines<'s>,
    blocks: Vec<TextBlock>,
    buf: InlineBuf,
    // Counters of nested styles, so that `**a *b* c**` closes correctly.
    bold: usize,
    italic: usize,
    under: usize,
    sup: usize,
    heading: Option<usize>,
    /// Per open list, the next number (`None`: a bulleted list).
    item_markers: Vec<Option<u64>>,
    /// In a list item: its marker (« 1. »), `None` for a bullet.
    current_marker: Option<Option<String>>,
    block_line: usize,
    table: Option<(Vec<Vec<Vec<Inline>>>, bool)>,
    row: Vec<Vec<Inline>>,
}

impl<'s> BlockReader<'s> {
    fn new(src: &'s str) -> Self {
        BlockReader {
            src,
            lines: Lines::new(src),
            blocks: Vec::new(),
            buf: InlineBuf::default(),
            bold: 0,
            italic: 0,
            under: 0,
            sup: 0,
            heading: None,
            item_markers: Vec::new(),
            current_marker: None,
            block_line: 1,
            table: None,
            row: Vec::new(),
        }
    }

    fn style(&self) -> Style {
        Style { bold: self.bold > 0, italic: self.italic > 0, underline: self.under > 0, superscript: self.sup > 0 }
    }

    fn line_at(&mut self, offset: usize) -> usize {
        self.lines.at(offset)
    }

    /// Ends the block being read: a heading of `heading`'s level, else an
    /// alinéa (a list item when a marker is pending).
    fn flush(&mut self, heading: Option<usize>) {
        let b = std::mem::take(&mut self.buf);
        if b.is_empty() {
            return;
        }
        let (inlines, line) = (b.finish(), self.block_line);
        if let Some(level) = heading {
            self.blocks.push(TextBlock::Heading { level, inlines, line });
        } else {
            let kind = match self.current_marker.take() {
                Some(m) => AlineaKind::Item { marker: m },
                None => AlineaKind::Paragraph,
            };
            self.blocks.push(TextBlock::Alinea { alinea: Alinea { kind, inlines, change: Default::default() }, line });
        }
    }

    fn event(&mut self, ev: Event, range: std::ops::Range<usize>) {
        match ev {
            Event::Start(Tag::Paragraph) | Event::Start(Tag::CodeBlock(_)) | Event::Start(Tag::HtmlBlock) => {
                self.block_line = self.line_at(range.start);
            }
            Event::End(TagEnd::Paragraph) | Event::End(TagEnd::CodeBlock) => self.flush(self.heading),
            Event::End(TagEnd::HtmlBlock) => self.flush(None),
            Event::Start(Tag::Heading { level, .. }) => {
                self.flush(None);
                self.block_line = self.line_at(range.start);
                self.heading = Some(level as usize);
            }
            Event::End(TagEnd::Heading(_)) => {
                self.flush(self.heading);
                self.heading = None;
            }
            Event::Start(Tag::List(start)) => {
                self.flush(None);
                self.item_markers.push(start);
            }
            Event::End(TagEnd::List(_)) => {
                self.item_markers.pop();
            }
            Event::Start(Tag::Item) => self.item(range),
            Event::End(TagEnd::Item) => {
                self.flush(None);
                self.current_marker = None;
            }
            Event::Rule => {
                self.flush(None);
                let line = self.line_at(range.start);
                self.blocks.push(TextBlock::Rule { line });
            }
            Event::Start(Tag::Table(_))
            | Event::Start(Tag::TableHead)
            | Event::End(TagEnd::TableHead)
            | Event::Start(Tag::TableRow)
            | Event::End(TagEnd::TableRow)
            | Event::End(TagEnd::TableCell)
            | Event::End(TagEnd::Table) => self.table_event(ev, range),
            _ => self.inline_event(ev),
        }
    }

    /// A list item opens: its marker as the author typed it (« 1. » or
    /// « 1) »), or none for a bullet.
    fn item(&mut self, range: std::ops::Range<usize>) {
        self.flush(None);
        self.block_line = self.line_at(range.start);
        let marker = match self.item_markers.last_mut() {
            Some(Some(n)) => {
                // Keep the delimiter the author typed (« 1. » or « 1) »).
                let typed = self.src[range].trim_start();
                let delim = typed.chars().find(|c| *c == '.' || *c == ')').unwrap_or('.');
                let m = format!("{}{}", n, delim);
                *n += 1;
                Some(m)
            }
            _ => None,
        };
        self.current_marker = Some(marker);
    }

    /// A pipe table: its rows, the first a header unless all empty.
    fn table_event(&mut self, ev: Event, range: std::ops::Range<usize>) {
        match ev {
            Event::Start(Tag::Table(_)) => {
                self.flush(None);
                self.block_line = self.line_at(range.start);
                self.table = Some((Vec::new(), false));
            }
            Event::Start(Tag::TableHead) | Event::Start(Tag::TableRow) => self.row.clear(),
            Event::End(TagEnd::TableHead) => {
                // An all-empty header row is how a header-less table is written.
                let head = std::mem::take(&mut self.row);
                if let Some((rows, header)) = self.table.as_mut() {
                    if head.iter().any(|c| !c.is_empty()) {
                        rows.push(head);
                        *header = true;
                    }
                }
            }
            Event::End(TagEnd::TableRow) => {
                if let Some((rows, _)) = self.table.as_mut() {
                    rows.push(std::mem::take(&mut self.row));
                }
            }
            Event::End(TagEnd::TableCell) => self.row.push(std::mem::take(&mut self.buf).finish()),
            Event::End(TagEnd::Table) => {
                if let Some((rows, header)) = self.table.take() {
                    if rows.iter().flatten().any(|c| !c.is_empty()) {
                        self.blocks.push(TextBlock::Alinea {
                            alinea: Alinea {
                                kind: AlineaKind::Table { rows, header },
                                inlines: vec![],
                                change: Default::default(),
                            },
                            line: self.block_line,
                        });
                    }
                }
            }
            _ => {}
        }
    }

    /// Words, breaks and styles inside a block.
    fn inline_event(&mut self, ev: Event) {
        match ev {
            Event::Start(Tag::Strong) => self.bold += 1,
            Event::End(TagEnd::Strong) => self.bold = self.bold.saturating_sub(1),
            Event::Start(Tag::Emphasis) => self.italic += 1,
            Event::End(TagEnd::Emphasis) => self.italic = self.italic.saturating_sub(1),
            Event::Text(t) | Event::Code(t) => {
                let style = self.style();
                self.buf.push_text(&t, style)
            }
            Event::SoftBreak => {
                let style = self.style();
                self.buf.push_text(" ", style)
            }
            Event::HardBreak => self.buf.push_break(),
            Event::InlineHtml(h) | Event::Html(h) => match html_tag(&h) {
                Some((_, "br")) => self.buf.push_break(),
                Some((closing, kind)) => {
                    let c = match kind {
                        "b" => &mut self.bold,
                        "i" => &mut self.italic,
                        "u" => &mut self.under,
                        _ => &mut self.sup,
                    };
                    if closing {
                        *c = c.saturating_sub(1)
                    } else {
                        *c += 1
                    }
                }
                None => {
                    // Unknown markup (a <div>, an unclosed <table>…): the tags
                    // go, every word between them stays.
                    let style = self.style();
                    self.buf.push_text(&strip_tags(&h), style);
                }
            },
            _ => {}
        }
    }
}

/// A change set's text read as the one alinéa it is: the one rule of the
/// consolidated text, the avenant's quotation and the redline, so that the
/// avenant quotes exactly what the consolidated text says. Inline Markdown
/// is read (*emphasis*, `<b>`, `<br>`, backslash escapes), and so are the
/// two other forms of alinéa clausier writes — a list item (« - », « 1. »)
/// and a pipe table; every other block syntax (a quote « > », a code fence
/// or an indented block, a rule, a heading underline, a link definition)
/// is text, kept as written, and lines are joined by spaces. `None` for an
/// empty text; an error for a heading, which is a division, not an alinéa.
pub(crate) fn text_alinea(text: &str) -> Result<Option<Alinea>, HeadingNotAlinea> {
    let lines: Vec<&str> = text.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    let Some(first) = lines.first() else { return Ok(None) };
    if is_pipe_table(&lines) || is_item(first) {
        if let [TextBlock::Alinea { alinea, .. }] = parse(&lines.join("\n")).as_slice() {
            return Ok(Some(alinea.clone()));
        }
    }
    let hashes = first.chars().take_while(|c| *c == '#').count();
    if (1..=6).contains(&hashes) && first[hashes..].chars().next().is_none_or(char::is_whitespace) {
        return Err(HeadingNotAlinea { text: text.trim().to_string() });
    }
    Ok(Some(literal_paragraph(&lines)))
}

/// Lines read as one paragraph of inline Markdown, whatever block syntax
/// they hold.
fn literal_paragraph(lines: &[&str]) -> Alinea {
    let md: Vec<String> = lines.iter().map(|l| literal_line(l)).collect();
    match parse(&md.join("\n")).as_slice() {
        [TextBlock::Alinea { alinea, .. }] if alinea.kind == AlineaKind::Paragraph => alinea.clone(),
        // Nothing else can come of escaped lines; if it did, the words as typed.
        _ => Alinea::paragraph(vec![Inline::plain(lines.join(" "))]),
    }
}

/// A title from a change set (a division's, a line of the title page), by
/// the same rule: inline Markdown, any block syntax kept as text.
pub(crate) fn title_inlines(text: &str) -> Vec<Inline> {
    let lines: Vec<&str> = text.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    if lines.is_empty() {
        return Vec::new();
    }
    literal_paragraph(&lines).inlines
}

/// A change set's text that is a heading: a division, which an operation
/// on alinéas cannot bring.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("« {text} » is a heading, not an alinéa: insert a division instead")]
pub struct HeadingNotAlinea {
    pub text: String,
}

/// Whether lines are a pipe table: a header row, then a delimiter row.
fn is_pipe_table(lines: &[&str]) -> bool {
    lines.len() >= 2
        && lines[0].starts_with('|')
        && lines[1].contains('-')
        && lines[1].chars().all(|c| matches!(c, '|' | '-' | ':' | ' ' | '\t'))
}

/// Whether a line opens a list item: « - », « + », « * » or « 1. », « 1) »
/// and a space.
fn is_item(line: &str) -> bool {
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    let rest = &line[digits..];
    let marker =
        if digits == 0 { rest.starts_with(['-', '+', '*']) } else { digits <= 9 && rest.starts_with(['.', ')']) };
    marker && rest[1..].starts_with([' ', '\t'])
}

/// One line of a text made unable to open a block: what would start one at
/// the line's start is escaped, and every backtick (clausier has no code
/// span: « ``` » is three backticks); emphasis and escapes stay.
fn literal_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 4);
    let first = line.chars().next();
    let rest = first.map_or("", |c| &line[c.len_utf8()..]);
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    let only = |c: char| line.chars().all(|x| x == c || x == ' ' || x == '\t');
    let opens = match first {
        Some('>' | '#' | '=' | '|' | '[' | '~' | ':') => true,
        Some(c @ ('-' | '+' | '*' | '_')) => rest.is_empty() || rest.starts_with([' ', '\t']) || only(c),
        _ => false,
    };
    if opens {
        out.push('\\');
    } else if digits > 0 && line[digits..].starts_with(['.', ')']) {
        // « 1. » would open a list: the delimiter escaped.
        out.push_str(&line[..digits]);
        out.push('\\');
        out.push_str(&escape_backticks(&line[digits..]));
        return out;
    }
    out.push_str(&escape_backticks(line));
    out
}

/// Every backtick not already escaped, escaped.
fn escape_backticks(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut backslashes = 0usize;
    for c in s.chars() {
        if c == '`' && backslashes.is_multiple_of(2) {
            out.push('\\');
        }
        backslashes = if c == '\\' { backslashes + 1 } else { 0 };
        out.push(c);
    }
    out
}

/// Parses inline Markdown (a division title) into inlines.
pub fn parse_inline(src: &str) -> Vec<Inline> {
    let mut out = Vec::new();
    for b in parse(src) {
        match b {
            TextBlock::Alinea { alinea, .. } => {
                if !out.is_empty() {
                    out.push(Inline::plain(" "));
                }
                out.extend(alinea.inlines)
            }
            TextBlock::Heading { inlines, .. } => out.extend(inlines),
            TextBlock::Rule { .. } => {}
        }
    }
    normalize(out)
}

/// Escapes text so that CommonMark (and handlebars before it) reads it back
/// literally. `line_start` escapes what would open a block.
pub(crate) fn escape(text: &str, line_start: bool) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\\' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '&' | '|' | '~' | '!' => {
                out.push('\\');
                out.push(c);
            }
            // `{{` would open a handlebars expression.
            '{' => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    if line_start {
        let first = out.chars().next();
        let needs = match first {
            Some('#') | Some('-') | Some('+') | Some('=') => true,
            Some(c) if c.is_ascii_digit() => {
                // « 1. » or « 1) » at a line start would open a list.
                let digits: String = out.chars().take_while(|c| c.is_ascii_digit()).collect();
                let rest = &out[digits.len()..];
                (rest.starts_with('.') || rest.starts_with(')')) && digits.len() <= 9
            }
            _ => false,
        };
        if needs {
            let digits: String = out.chars().take_while(|c| c.is_ascii_digit()).collect();
            if !digits.is_empty() {
                let rest = out[digits.len()..].to_string();
                return format!("{}\\{}", digits, rest);
            }
            return format!("\\{}", out);
        }
    }
    out
}

fn safe_delims(prev: Option<char>, content: &str, next: Option<char>) -> bool {
    let (Some(f), Some(l)) = (content.chars().next(), content.chars().last()) else { return false };
    if f.is_whitespace() || l.is_whitespace() {
        return false;
    }
    let open_ok = f.is_alphanumeric() || prev.is_none_or(|p| p.is_whitespace());
    let close_ok = l.is_alphanumeric() || next.is_none_or(|n| n.is_whitespace());
    open_ok && close_ok
}

/// Writes inlines as fragment Markdown (readable, and read back identically).
pub fn inlines_to_markdown(inlines: &[Inline]) -> String {
    let mut out = String::new();
    for (k, i) in inlines.iter().enumerate() {
        match i {
            Inline::Break => out.push_str("<br>"),
            // Markdown has no tracked change: the text of the span as it stands.
            Inline::Change { inlines, .. } => out.push_str(&inlines_to_markdown(inlines)),
            Inline::Text { text, style } => {
                let line_start = k == 0 || matches!(inlines.get(k - 1), Some(Inline::Break));
                if style.is_plain() {
                    out.push_str(&escape(text, line_start));
                    continue;
                }
                // White space at the edges goes outside the markup.
                let core = text.trim_matches(' ');
                let lead = &text[..text.len() - text.trim_start_matches(' ').len()];
                let trail = &text[text.trim_end_matches(' ').len()..];
                out.push_str(lead);
                if core.is_empty() {
                    out.push_str(trail);
                    continue;
                }
                let prev = if lead.is_empty() { inline_last_char(inlines, k) } else { Some(' ') };
                let next = if trail.is_empty() { inline_first_char(inlines, k) } else { Some(' ') };
                let esc = escape(core, false);
                // Delimiter runs of two styled neighbours would run together
                // (« *a****b** »): only between plain text do we use them.
                let plain_at = |j: Option<usize>| match j.and_then(|j| inlines.get(j)) {
                    Some(Inline::Text { style, .. }) => style.is_plain(),
                    _ => true,
                };
                let neighbours_plain =
                    (!lead.is_empty() || plain_at(k.checked_sub(1))) && (!trail.is_empty() || plain_at(Some(k + 1)));
                let md_ok = !style.underline && !style.superscript && neighbours_plain && safe_delims(prev, core, next);
                if md_ok {
                    let d = match (style.bold, style.italic) {
                        (true, true) => "***",
                        (true, false) => "**",
                        _ => "*",
                    };
                    out.push_str(d);
                    out.push_str(&esc);
                    out.push_str(d);
                } else {
                    let (open, close) = style.tags(["b", "i", "u", "sup"]);
                    out.push_str(&open);
                    out.push_str(&esc);
                    out.push_str(&close);
                }
                out.push_str(trail);
            }
        }
    }
    out
}

fn inline_last_char(inlines: &[Inline], k: usize) -> Option<char> {
    match k.checked_sub(1).and_then(|j| inlines.get(j)) {
        Some(Inline::Text { text, .. }) => text.chars().last(),
        _ => None,
    }
}

fn inline_first_char(inlines: &[Inline], k: usize) -> Option<char> {
    match inlines.get(k + 1) {
        Some(Inline::Text { text, .. }) => text.chars().next(),
        _ => None,
    }
}

/// Writes one alinéa as a Markdown block (without the trailing blank line).
pub(crate) fn alinea_to_markdown(a: &Alinea) -> String {
    match &a.kind {
        AlineaKind::Paragraph => inlines_to_markdown(&a.inlines),
        AlineaKind::Item { marker: None } => format!("- {}", inlines_to_markdown(&a.inlines)),
        AlineaKind::Item { marker: Some(m) } => {
            // Markdown can only say « 1. » or « 1) »; other markers stay text.
            if m.trim_end_matches(['.', ')']).chars().all(|c| c.is_ascii_digit())
                && !m.is_empty()
                && m.len() < 10
                && (m.ends_with('.') || m.ends_with(')'))
            {
                format!("{} {}", m, inlines_to_markdown(&a.inlines))
            } else {
                format!("- {} {}", escape(m, false), inlines_to_markdown(&a.inlines))
            }
        }
        AlineaKind::Table { rows, header } => table_to_markdown(rows, *header),
    }
}

fn table_to_markdown(rows: &[Vec<Vec<Inline>>], header: bool) -> String {
    let ncols = rows.iter().map(|r| r.len()).max().unwrap_or(1).max(1);
    let cell = |c: Option<&Vec<Inline>>| c.map(|c| inlines_to_markdown(c)).unwrap_or_default();
    let line = |r: Option<&Vec<Vec<Inline>>>| {
        let cells: Vec<String> = (0..ncols).map(|k| cell(r.and_then(|r| r.get(k)))).collect();
        format!("| {} |", cells.join(" | "))
    };
    let mut out = Vec::new();
    let mut it = rows.iter();
    // A pipe table always has a header row; an empty one when the source had none.
    if header {
        out.push(line(it.next()));
    } else {
        out.push(line(None));
    }
    out.push(format!("|{}", "---|".repeat(ncols)));
    for r in it {
        out.push(line(Some(r)));
    }
    out.join("\n")
}
