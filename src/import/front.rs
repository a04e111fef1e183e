//! The Markdown front end of the import: raw text → `markdown::Block`s.
//!
//! What only raw text shows is settled here, before CommonMark folds lines
//! into paragraphs: HTML comments (dropped), raw HTML tables (read by a real
//! HTML parser and kept as tables), words between angle brackets that are
//! not HTML (`<montant>`: kept as words), sommaire lines and label lines
//! that an export put one under the other without a blank line (each its own
//! paragraph), and the page headings of an official export (« # Article »,
//! « # Article Annexe (suite) »: dropped; « # Article Annexe III » names the
//! annex that follows). Everything else — structure, parts, facts — is the
//! business of `import_blocks`, which a DOCX reader feeds too.

use super::detect::{self, Class};
use crate::html_in_texts as html;
use crate::markdown::{self, TextBlock as Block};
use crate::model::{inline_text, Alinea, Inline};
use pulldown_cmark::{Event, Options, Parser};

/// Marks where a raw HTML table stood, so that Markdown parsing leaves it be.
const TABLE_MARK: char = '\u{E000}';

/// Raw Markdown text → blocks.
pub(crate) fn blocks(text: &str) -> Vec<Block> {
    let text = html::strip_comments(text);
    let (text, tables) = extract_tables(&text);
    let text = split_lines(&text);
    let text = escape_angle_words(&text);
    let blocks = restore_tables(markdown::parse(&text), &tables);
    page_headings(blocks)
}

/// Replaces each `<table>…</table>` with a marker paragraph and returns
/// what each table holds (the table, and any stray text it carried).
fn extract_tables(text: &str) -> (String, Vec<Vec<Alinea>>) {
    let spans = html::table_spans(text);
    if spans.is_empty() {
        return (text.to_string(), Vec::new());
    }
    let mut out = String::with_capacity(text.len());
    let mut tables = Vec::new();
    let mut pos = 0;
    for (start, end) in spans {
        out.push_str(&text[pos..start]);
        out.push_str(&format!("\n\n{}{}\n\n", TABLE_MARK, tables.len()));
        tables.push(html::table_alineas(&text[start..end]));
        pos = end;
    }
    out.push_str(&text[pos..]);
    (out, tables)
}

fn restore_tables(blocks: Vec<Block>, tables: &[Vec<Alinea>]) -> Vec<Block> {
    if tables.is_empty() {
        return blocks;
    }
    blocks
        .into_iter()
        .flat_map(|b| match &b {
            Block::Alinea { alinea, line } if inline_text(&alinea.inlines).starts_with(TABLE_MARK) => {
                let t = inline_text(&alinea.inlines);
                // Several marks may share a paragraph when tables touch.
                t.split(TABLE_MARK)
                    .filter_map(|n| n.trim().parse::<usize>().ok())
                    .filter_map(|n| tables.get(n))
                    .flatten()
                    .map(|a| Block::Alinea { alinea: a.clone(), line: *line })
                    .collect::<Vec<_>>()
            }
            _ => vec![b],
        })
        .collect()
}

/// The text of a line with its Markdown emphasis and heading marks taken
/// off, to look for a label or a dot leader.
fn bare(line: &str) -> &str {
    line.trim().trim_start_matches('#').trim().trim_matches(['*', '_']).trim()
}

/// A sommaire entry: text, a dot leader (or a tab), a page number.
fn is_toc_entry_line(line: &str) -> bool {
    static R: std::sync::OnceLock<crate::import::pattern::Pattern> = std::sync::OnceLock::new();
    let re = R.get_or_init(|| {
        crate::import::pattern::Pattern::new(
            r"\S.*?(?:\.{4,}|…{2,}|(?:\. ){3,}|\t)\s*(?:</?b>|\*+|\s)*[0-9IVXLCivxlc]{1,5}(?:</?b>|\*+|\s)*$",
        )
        .unwrap()
    });
    re.is_match(line.trim_end())
}

fn is_toc_title(line: &str) -> bool {
    super::sommaire::is_title(bare(line))
}

/// A line that heads a division (a keyword or a structural label) and
/// whose label is followed by a title, nothing, or a delimiter.
fn is_label_line(line: &str) -> bool {
    let b = bare(line);
    match detect::label(b, None) {
        Some(l) if l.class != Class::SubPoint => {
            let delimited = l.text.trim_end().ends_with(['.', ':', ')', '–', '—', '-']);
            l.rest.is_empty() || delimited || l.rest.starts_with(|c: char| c.is_uppercase())
        }
        _ => false,
    }
}

/// A plain text line that a Markdown block construct does not claim.
fn plain_line(line: &str) -> bool {
    let t = line.trim_start();
    !(t.is_empty()
        || t.starts_with(['#', '>', '|', '-', '+', '`', '~', '<', TABLE_MARK])
        || line.starts_with("    ")
        || line.starts_with('\t'))
}

/// Puts on its own paragraph each line that a sommaire or a heading block
/// holds one under the other: sommaire entries (dot leaders, tabs), the
/// lines after a sommaire title, and label lines under a label line
/// (« TITRE Ier » / « Article 1er » / « Objet »: the title stays with its
/// article, the article does not become the titre's title).
fn split_lines(text: &str) -> String {
    let lines: Vec<&str> = text.split('\n').collect();
    let closing = closing_line(&lines);
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    // Does the paragraph being copied start with a label line?
    let mut para_label = false;
    let mut in_para = false;
    let mut fence = false;
    // After a sommaire title: 1 until its first entry, 2 in the paragraph
    // of its entries (which ends at the next blank line).
    let mut toc = 0u8;
    for (k, line) in lines.iter().enumerate() {
        if k > 0 {
            out.push('\n');
        }
        let t = line.trim_start();
        if t.starts_with("```") || t.starts_with("~~~") {
            fence = !fence;
        }
        if fence || t.is_empty() {
            if t.is_empty() {
                in_para = false;
                if toc == 2 {
                    toc = 0;
                }
            }
            out.push_str(line);
            continue;
        }
        let entry = is_toc_entry_line(line);
        if toc == 1 && !is_toc_title(line) {
            toc = 2;
        }
        // After the closing (« Fait à … »), each line is a line of a
        // signature block: « Pour la Ville de Paris, / La Maire, / Anne HIDALGO ».
        let signing = closing.is_some_and(|(c, e)| k > c && k < e);
        let after_label = para_label
            && plain_line(line)
            && is_label_line(line)
            && lines.get(k.wrapping_sub(1)).is_some_and(|p| !p.trim_end().ends_with([',', ';']));
        let split = in_para && (entry || signing || (plain_line(line) && (toc == 2 || after_label)));
        if split {
            out.push('\n');
        }
        if !in_para || split {
            para_label = plain_line(line) && is_label_line(line);
        }
        out.push_str(line);
        in_para = !t.starts_with('#');
        if is_toc_title(line) {
            toc = 1;
            // The title is a paragraph of its own.
            out.push('\n');
            in_para = false;
        } else if entry {
            // An entry is a paragraph of its own: the next line starts another.
            out.push('\n');
            in_para = false;
        }
    }
    out
}

/// « ANNEXE 1 – Budget », « # Annexe tarifaire »: what follows the
/// signatures.
fn is_annex_line(line: &str) -> bool {
    let b = bare(line);
    line.trim_start().starts_with('#') || detect::label(b, None).is_some_and(|l| l.is_annex()) || {
        let f = b.to_lowercase();
        (f == "annexe" || f.starts_with("annexe ") || f.starts_with("annexes")) && b.chars().count() <= 120
    }
}

/// The lines of the closing and the signatures: from the first closing line
/// (« Fait à Paris, le … ») after the last article, to the first annex.
fn closing_line(lines: &[&str]) -> Option<(usize, usize)> {
    let last_article = lines.iter().rposition(|l| {
        let b = bare(l);
        detect::label(b, None).is_some_and(|x| x.class == Class::Keyword && !x.is_annex()) && is_label_line(l)
    });
    let from = last_article.map_or(0, |k| k + 1);
    let mut k = from;
    while k < lines.len() {
        let b = bare(lines[k]);
        if is_annex_line(lines[k]) {
            return None;
        }
        if super::parts::is_closing(b) || super::parts::is_lu_et_approuve(b) {
            let end = (k + 1..lines.len()).find(|&j| is_annex_line(lines[j])).unwrap_or(lines.len());
            return Some((k, end));
        }
        k += 1;
    }
    None
}

/// Writes `&lt;` for the `<` of tags that are not HTML (`<montant>`,
/// `<date>`), where CommonMark would take them for markup and drop the word.
fn escape_angle_words(text: &str) -> String {
    let mut at: Vec<usize> = Vec::new();
    for (ev, range) in Parser::new_ext(text, Options::ENABLE_TABLES).into_offset_iter() {
        match ev {
            Event::InlineHtml(h) | Event::Html(h) => {
                let src = &text[range.clone()];
                if !src.starts_with(h.as_ref()) && src != h.as_ref() {
                    continue;
                }
                // Every tag of the snippet: those that are not markup are words.
                let mut k = 0;
                while let Some(off) = src[k..].find('<') {
                    let p = k + off;
                    let tail = &src[p..];
                    let end = tail[1..].find(['>', '<']).map(|e| e + 1).filter(|e| tail.as_bytes()[*e] == b'>');
                    let markup = end.is_some_and(|e| html::is_markup(&tail[..=e]));
                    if !markup && end.is_some() {
                        at.push(range.start + p);
                    }
                    k = p + end.map_or(1, |e| e + 1);
                }
            }
            _ => {}
        }
    }
    if at.is_empty() {
        return text.to_string();
    }
    at.sort_unstable();
    at.dedup();
    let mut out = String::with_capacity(text.len() + at.len() * 3);
    let mut pos = 0;
    for p in at {
        out.push_str(&text[pos..p]);
        out.push_str("&lt;");
        pos = p + 1;
    }
    out.push_str(&text[pos..]);
    out
}

/// The page headings of an official export: « # Article » alone, or with
/// the name of the exported piece (« # Article Convention du 19 février
/// 2009 », « # Article Avenant n° 6 »), and continuations « (suite) », are
/// dropped; « # Article Annexe III » becomes the heading of that annex.
pub(crate) fn page_headings(blocks: Vec<Block>) -> Vec<Block> {
    blocks
        .into_iter()
        .filter_map(|b| match b {
            Block::Heading { level, inlines, line } if level <= 2 => {
                let text = inline_text(&inlines);
                let t = text.trim();
                let Some(rest) = t.strip_prefix("Article").or_else(|| t.strip_prefix("ARTICLE")) else {
                    return Some(Block::Heading { level, inlines, line });
                };
                if !(rest.is_empty() || rest.starts_with(char::is_whitespace)) || detect::label(t, None).is_some() {
                    return Some(Block::Heading { level, inlines, line });
                }
                let rest = rest.trim();
                let suite = rest.to_lowercase().ends_with("(suite)");
                if rest.to_lowercase().starts_with("annexe") && !suite {
                    return Some(Block::Heading { level, inlines: vec![Inline::plain(rest)], line });
                }
                None
            }
            b => Some(b),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(md: &str) -> Vec<String> {
        blocks(md)
            .iter()
            .map(|b| match b {
                Block::Heading { inlines, .. } => format!("# {}", inline_text(inlines)),
                Block::Alinea { alinea, .. } => alinea.text(),
                Block::Rule { .. } => "---".into(),
            })
            .collect()
    }

    #[test]
    fn label_lines_under_a_label_line_are_their_own_paragraphs() {
        assert_eq!(texts("TITRE Ier\nArticle 1er\nObjet\n\nTexte."), vec!["TITRE Ier", "Article 1er Objet", "Texte."]);
        assert_eq!(texts("TITRE II\nENGAGEMENTS DES PARTIES\n"), vec!["TITRE II ENGAGEMENTS DES PARTIES"]);
        // Running text that cites an article is not split.
        assert_eq!(
            texts("Article 2 – Les parties appliquent l'\nArticle 3 du décret.\n"),
            vec!["Article 2 – Les parties appliquent l' Article 3 du décret."]
        );
    }

    #[test]
    fn sommaire_lines_are_entries() {
        let t = texts("SOMMAIRE\nArticle 1 – Objet ..... 2\nArticle 2 – Durée ..... 3\n\n## Article 1 – Objet\n");
        assert_eq!(
            t,
            vec!["SOMMAIRE", "Article 1 – Objet ..... 2", "Article 2 – Durée ..... 3", "# Article 1 – Objet"]
        );
        let t = texts("PLAN DE LA CONVENTION\nArticle 1 – Objet\nArticle 2 – Durée\n\nArticle 1 – Objet\n\nTexte.");
        assert_eq!(
            t,
            vec!["PLAN DE LA CONVENTION", "Article 1 – Objet", "Article 2 – Durée", "Article 1 – Objet", "Texte."]
        );
    }

    #[test]
    fn signature_lines_after_the_closing_are_their_own_paragraphs() {
        let t = texts("Article 5\n\nTexte.\n\nFait à Montreuil, le 2 mai 2022.\n\nPour la Commune,\nLe Maire,\nPatrice BESSAC\n\nANNEXE 1\nBudget\n");
        assert_eq!(
            t,
            vec![
                "Article 5",
                "Texte.",
                "Fait à Montreuil, le 2 mai 2022.",
                "Pour la Commune,",
                "Le Maire,",
                "Patrice BESSAC",
                "ANNEXE 1 Budget"
            ]
        );
    }

    #[test]
    fn words_in_angle_brackets_stay() {
        assert_eq!(
            texts("Le <montant> est versé le <date>.\n\n<montant>\n\nsi a<b et c>d"),
            vec!["Le <montant> est versé le <date>.", "<montant>", "si a<b et c>d"]
        );
        assert_eq!(texts("un mot <b>gras</b>"), vec!["un mot gras"]);
    }

    #[test]
    fn export_page_headings() {
        let t = texts("# Article \n\nCHAPITRE Ier\n\n# Article Annexe III\n\nDEVIS\n\n# Article Annexe (suite)\n\nSuite du texte.\n\n# Article 3\n");
        assert_eq!(t, vec!["CHAPITRE Ier", "# Annexe III", "DEVIS", "Suite du texte.", "# Article 3"]);
    }
}
