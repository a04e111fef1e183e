//! The parts of a convention around its divisions, each recognised into the
//! part of the source it belongs to, so that a build puts it back in place
//! and an avenant can cite it:
//!
//! - `titre`: the title page, the short lines the text opens with;
//! - `ouverture`: any other matter before the parties;
//! - `parties`: « Entre : … d'une part, et … d'autre part »;
//! - `visas`: « Vu … », the recitals « Considérant … », and the formula
//!   « Il a été convenu ce qui suit : », one alinéa each, in order;
//! - the préambule, text after that formula and before the first division,
//!   is a division (untitled when the text gives it no heading);
//! - `cloture`: « Fait à …, le …, en N exemplaires originaux »;
//! - `signatures`: the signature blocks, literally.

use super::pattern::Pattern;
use super::{looks_like_title, push_alinea, Piece};
use crate::model::{inline_text, Alinea, AlineaKind, Inline};
use std::sync::OnceLock;

fn re(cell: &'static OnceLock<Pattern>, pattern: &str) -> &'static Pattern {
    cell.get_or_init(|| super::detect::compile(pattern))
}

/// « Vu … », « Considérant … », « Après avis … », « Sur proposition … ».
pub(crate) fn is_visa(t: &str) -> bool {
    static R: OnceLock<Pattern> = OnceLock::new();
    re(&R, r"^(?i:vu|vus|considérant|considerant|après avis|apres avis|sur (?:la )?proposition|sur le rapport)\b")
        .is_match(t.trim_start())
}

/// « Il a été convenu ce qui suit : », « Sont convenus des dispositions
/// ci-après : », « Les parties conviennent de ce qui suit : ».
fn is_formula(t: &str) -> bool {
    static R: OnceLock<Pattern> = OnceLock::new();
    let t = t.trim();
    t.chars().count() <= 200
        && re(&R, r"(?i)^(?:ceci (?:étant )?exposé,? )?(?:il a été|il est|ont été|sont|les parties (?:ont|sont)|les parties)?\s*(?:convenu|convenus|conviennent|arrêté|décidé)s?\b.*:$|^(?i:il a été convenu|il est convenu|ceci exposé)").is_match(t)
}

/// « Entre : », « Entre les soussignés : », « ENTRE ».
pub(crate) fn is_entre(t: &str) -> bool {
    static R: OnceLock<Pattern> = OnceLock::new();
    re(&R, r"^(?i:entre)\b(?i:\s+les\s+soussign[ée]e?s)?\s*:?$").is_match(t.trim())
}

/// « d'une part, », « d’autre part ; ».
pub(crate) fn is_part_marker(t: &str) -> bool {
    static R: OnceLock<Pattern> = OnceLock::new();
    re(&R, r"(?i)^(?:et\s+)?d['’]\s?(?:une|autre)\s+part\s*[,;.]?$").is_match(t.trim())
}

/// The lines that close a convention: « Fait à Paris, le 19 février
/// 2009. », « Fait en deux exemplaires. », « Convention-cadre établie en 4
/// exemplaires originaux. », « A CRETEIL, le ».
pub(crate) fn is_closing(t: &str) -> bool {
    static R: OnceLock<Pattern> = OnceLock::new();
    let t = t.trim();
    t.chars().count() <= 300
        && re(
            &R,
            r"(?i)^(?:fait\s+(?:à|a|en|et)\b|(?:la présente |le présent )?(?-i:[\w-]+)\s+(?:établie?s?|faite?s?|signée?s?|rédigée?s?|dressée?s?)\s+en\s+(?-i:\S+)\s+exemplaires|en\s+\S+\s+exemplaires\s+originaux|(?:à|a)\s+[A-ZÀ-Ý](?-i:[\w'’ -]*),\s+le\b)",
        )
        .is_match(t)
}

/// A line that goes with the closing (« le 3 mars 2020 », « en quatre
/// exemplaires originaux »).
fn closing_continues(t: &str) -> bool {
    static R: OnceLock<Pattern> = OnceLock::new();
    is_closing(t)
        || re(&R, r"(?i)^(?:le\s+[0-9]{1,2}(?:er)?\s+(?-i:\w+)\s+[0-9]{4}|en\s+(?-i:\S+)\s+exemplaires)")
            .is_match(t.trim())
}

/// « Lu et approuvé »: a signature block begins or goes on.
pub(crate) fn is_lu_et_approuve(t: &str) -> bool {
    t.trim_start().get(..13).is_some_and(|s| s.eq_ignore_ascii_case("lu et approuv"))
}

/// The matter before the first division, as the source's parts.
#[derive(Default, Debug)]
pub(crate) struct Front {
    pub(crate) title: Vec<Vec<Inline>>,
    pub(crate) ouverture: Vec<Alinea>,
    pub(crate) parties: Vec<Alinea>,
    pub(crate) visas: Vec<Alinea>,
    /// Text after the formula, before the first division: the préambule.
    pub(crate) preamble: Vec<Alinea>,
}

/// « … POUR LA MISE EN ŒUVRE, L’HEBERGEMENT ET / L’EXPLOITATION DU
/// DISPOSITIF … BORNES. »: a title line left unfinished (ending on « ET »,
/// « DE », « POUR » …) goes on in the next line, whatever ends it.
fn continues_title(text: &[String], k: usize) -> bool {
    const DANGLING: [&str; 14] =
        ["et", "de", "des", "du", "d’", "d'", "à", "a", "au", "aux", "pour", "entre", "la", "le"];
    let Some(prev) = k.checked_sub(1).map(|p| text[p].as_str()) else { return false };
    let last = prev.rsplit(char::is_whitespace).next().unwrap_or("").to_lowercase();
    let t = text[k].trim();
    let announced = announces_name(prev);
    !t.is_empty() && t.chars().count() <= 150 && (DANGLING.contains(&last.as_str()) || announced)
}

/// « POUR LA REALISATION DE L’OPERATION D’AMENAGEMENT DENOMMEE : »: a title
/// line announcing the name the next line gives.
fn announces_name(t: &str) -> bool {
    let Some(words) = t.trim().strip_suffix(':') else { return false };
    let last = super::facts::fold(words.rsplit(char::is_whitespace).find(|w| !w.is_empty()).unwrap_or(""));
    t.chars().count() <= 150
        && ["denommee", "denomme", "denommees", "intitulee", "intitule", "intitulees"].contains(&last.as_str())
}

/// « Signé par LA COMMUNE DE VITROLLES LA METROPOLE »: a cover's line
/// naming the signatories ends the title.
fn signed_by(t: &str) -> bool {
    let f = super::facts::fold(t);
    f.starts_with("signe par") || f.starts_with("signee par") || f.starts_with("signe entre")
}

/// Splits the matter before the first division into its parts.
pub(crate) fn front(pieces: Vec<Piece>) -> Front {
    let al: Vec<Alinea> = pieces.into_iter().filter_map(Piece::into_alinea).collect();
    let text: Vec<String> = al.iter().map(|a| inline_text(&a.inlines).trim().to_string()).collect();
    let n = al.len();
    let represented = text.iter().any(|t| t.to_lowercase().contains("représenté"));
    // « d'une part », or, with no « Entre », a line « Et » alone between
    // parties each « représenté(e) par … » (« La Région …, représentée par …
    // / Et / Le Territoire …, représenté par … »).
    let has_party_marker = text.iter().any(|t| is_part_marker(t))
        || represented && text.iter().any(|t| matches!(t.trim_end_matches([':', ',']).trim(), "Et" | "ET"));
    // Where the parties begin: « Entre : » (or « ENTRE » when a party
    // follows: in a title page « ENTRE / LA VILLE DE PARIS / ET … » it is
    // a title line).
    let entre = text.iter().position(|t| is_entre(t) && (t.ends_with(':') || has_party_marker || represented));
    // Title lines: the short lines the text opens with.
    let mut t_end = 0;
    while t_end < n
        && Some(t_end) != entre
        && al[t_end].kind == AlineaKind::Paragraph
        && (looks_like_title(&al[t_end].inlines) || continues_title(&text, t_end) || announces_name(&text[t_end]))
        && !signed_by(&text[t_end])
        && !is_visa(&text[t_end])
        && !is_formula(&text[t_end])
    {
        t_end += 1;
    }
    let parties_start = entre.or(if has_party_marker && t_end < n { Some(t_end) } else { None });
    let from = parties_start.unwrap_or(t_end);
    let visas_start = (from..n).find(|&k| is_visa(&text[k]) || is_formula(&text[k]));
    let formula = visas_start.and_then(|v| (v..n).find(|&k| is_formula(&text[k])));
    let mut f = Front { title: al[..t_end].iter().map(|a| a.inlines.clone()).collect(), ..Default::default() };
    let ouverture_end = parties_start.or(visas_start).unwrap_or(n).max(t_end);
    let parties_end = visas_start.unwrap_or(n);
    let visas_end = formula.map_or(n, |k| k + 1);
    for (k, a) in al.into_iter().enumerate() {
        if k < t_end {
            continue;
        }
        if k < ouverture_end {
            push_alinea(&mut f.ouverture, a);
        } else if parties_start.is_some() && k < parties_end {
            push_alinea(&mut f.parties, a);
        } else if visas_start.is_some() && k < visas_end {
            push_visa(&mut f.visas, a);
        } else {
            push_alinea(&mut f.preamble, a);
        }
    }
    f
}

/// One alinéa per visa: a line that neither opens a visa, a recital, a
/// list item nor the formula goes on the one before when that one did not
/// end (a page break of the export: « …L. 5123-6, » / « L. 5312-1, … »).
fn push_visa(v: &mut Vec<Alinea>, a: Alinea) {
    let t = inline_text(&a.inlines);
    let t = t.trim();
    let opens = is_visa(t) || is_formula(t) || t.starts_with(['–', '—', '―', '-', '•']);
    if let (Some(prev), false, AlineaKind::Paragraph) = (v.last_mut(), opens, &a.kind) {
        let p = inline_text(&prev.inlines);
        if prev.kind == AlineaKind::Paragraph && !p.trim_end().ends_with(['.', ';', ':']) {
            prev.inlines.push(Inline::plain(" "));
            prev.inlines.extend(a.inlines);
            prev.inlines = crate::markdown::normalize(std::mem::take(&mut prev.inlines));
            return;
        }
    }
    push_alinea(v, a);
}

/// Where the closing begins and where the annexes that follow it begin,
/// among the pieces of the body: the last closing line (« Fait à … ») that
/// no article follows. Annexes come after the signatures in a signed text,
/// before the closing in a build.
pub(crate) fn end_zone(pieces: &[Piece]) -> Option<(usize, usize)> {
    let mut closing = None;
    let mut in_annex = false;
    for (k, p) in pieces.iter().enumerate() {
        match p {
            Piece::Head(h) if h.annex => {
                if closing.is_some() {
                    return closing.map(|c| (c, k));
                }
                in_annex = true;
            }
            // A heading after the closing line: the closing was not the end.
            Piece::Head(h)
                if h.md_level.is_some()
                    || h.label.as_ref().is_some_and(|l| l.rank.is_some())
                    || (in_annex && closing.is_some()) =>
            {
                closing = None
            }
            Piece::Text(a) | Piece::Sub { alinea: a, .. } if a.kind == AlineaKind::Paragraph && closing.is_none() => {
                let t = inline_text(&a.inlines);
                if is_closing(&t) || is_lu_et_approuve(&t) {
                    closing = Some(k);
                }
            }
            _ => {}
        }
    }
    closing.map(|c| (c, pieces.len())).or_else(|| signatures_without_closing(pieces))
}

/// Signature blocks a text gives without a « Fait à » line, at the end of
/// its last article (« Le ministre de l'aménagement du territoire et de
/// l'environnement, Yves Cochet » / « Le président du conseil général, C.
/// Belot »): the trailing run, two lines at least, of lines each naming an
/// office or a party and ending on a person's name; annexes after them stay
/// after them.
fn signatures_without_closing(pieces: &[Piece]) -> Option<(usize, usize)> {
    let last_article = pieces.iter().rposition(|p| matches!(p, Piece::Head(h) if !h.annex))?;
    let end = (last_article + 1..pieces.len())
        .find(|&k| matches!(&pieces[k], Piece::Head(h) if h.annex))
        .unwrap_or(pieces.len());
    let mut start = end;
    while start > last_article + 1 {
        match &pieces[start - 1] {
            Piece::Text(a) if a.kind == AlineaKind::Paragraph && is_signature_line(&inline_text(&a.inlines)) => {
                start -= 1
            }
            Piece::Rule => start -= 1,
            _ => break,
        }
    }
    let lines = pieces[start..end].iter().filter(|p| matches!(p, Piece::Text(_))).count();
    (lines >= 2).then_some((start, end))
}

/// « Le président du conseil général, C. Belot », « Pour la CFDT : Marcel
/// Grignard »: an office or a party, then a person's name ending the line.
fn is_signature_line(t: &str) -> bool {
    static R: OnceLock<Pattern> = OnceLock::new();
    let t = t.trim();
    t.chars().count() <= 200
        && opens_block(t)
        && re(&R, r"[,:]\s*(?:M\.\s+|Mme\s+|Monsieur\s+|Madame\s+)?(?:\p{Lu}\.\s*|\p{Lu}[\p{L}'’\-]+\s+)+\p{Lu}[\p{L}'’\-]+\.?$")
            .is_match(t)
}

/// The closing lines and the signature blocks, from the pieces of the end
/// zone.
pub(crate) fn end_matter(pieces: Vec<Piece>) -> (Vec<Alinea>, Vec<Vec<Vec<Inline>>>) {
    let mut closing = Vec::new();
    let mut lines: Vec<Option<Vec<Inline>>> = Vec::new();
    let mut in_closing = true;
    for p in pieces {
        if let Piece::Rule = p {
            // A rule separates two signature blocks.
            if !in_closing {
                lines.push(None);
            }
            continue;
        }
        let Some(a) = p.into_alinea() else { continue };
        let t = inline_text(&a.inlines);
        if in_closing && a.kind == AlineaKind::Paragraph && closing_continues(&t) && !is_lu_et_approuve(&t) {
            closing.push(a);
            continue;
        }
        in_closing = false;
        match &a.kind {
            AlineaKind::Table { rows, .. } => {
                // Signature blocks laid out as a table: one block per column.
                let cols = rows.iter().map(Vec::len).max().unwrap_or(0);
                for c in 0..cols {
                    lines.push(None);
                    for r in rows {
                        if let Some(cell) = r.get(c) {
                            lines.extend(split_breaks(cell).into_iter().map(Some));
                        }
                    }
                }
                lines.push(None);
            }
            _ => {
                let mut v = a.inlines.clone();
                if let AlineaKind::Item { marker } = &a.kind {
                    v.insert(0, Inline::plain(format!("{} ", marker.clone().unwrap_or_else(|| "–".into()))));
                }
                lines.extend(split_breaks(&v).into_iter().map(Some));
            }
        }
    }
    (closing, signature_blocks(lines))
}

fn split_breaks(v: &[Inline]) -> Vec<Vec<Inline>> {
    let mut out = vec![Vec::new()];
    for i in v {
        match i {
            Inline::Break => out.push(Vec::new()),
            t => out.last_mut().expect("one line at least").push(t.clone()),
        }
    }
    out.into_iter().map(crate::markdown::normalize).filter(|l| !l.is_empty()).collect()
}

/// A line that names a signing party or its signatory's function, and so
/// may begin a signature block: « Pour la Ville de Paris, », « La Ville
/// d'Ivry-sur-Seine », « Le président de l'Union nationale », « MEDEF ».
pub(crate) fn opens_block(t: &str) -> bool {
    static R: OnceLock<Pattern> = OnceLock::new();
    re(
        &R,
        r"^(?:Pour\s|POUR\s|(?:Le|La|Les|L['’]|LE|LA|LES)\s*(?i:(?:vice-)?présidente?|directeur|directrice|ministre|maire|préfète?|secrétaire|délégué|déléguée|gérante?|trésorière?|adjointe?|conseillère?|chef|représentante?|administrat(?:eur|rice)|rect(?:eur|rice)|commissaire|garde des sceaux|ville|commune|département|région|établissement|syndicat|communauté|métropole|office|société|association|fédération|union|chambre|confédération|caisse|agence|état|etat)\b)",
    )
    .is_match(t.trim())
}

/// A short line naming an organisation by its acronym (« MEDEF », « CGT-FO »).
fn acronym(t: &str) -> bool {
    let t = t.trim().trim_end_matches([',', '.', ';']);
    !t.is_empty()
        && t.chars().count() <= 12
        && !t.contains(' ')
        && t.chars().filter(|c| c.is_alphabetic()).all(|c| c.is_uppercase())
        && t.chars().any(char::is_alphabetic)
}

/// Splits the lines after the closing into signature blocks.
///
/// - Blocks separated by rules are those blocks.
/// - Blocks printed side by side and flattened row by row (« La Ville
///   d'Ivry-sur-Seine / La Ville de Paris / Représentée par Monsieur le
///   Maire / Représentée par Madame la Maire / … ») start with one line per
///   party, one after the other: with k such lines, line i belongs to block
///   i mod k.
/// - Otherwise a block begins at a line that names a party or a function
///   (« Pour … », « Le président … ») once the block before has ended (its
///   last line does not end with « , » or « : »); « Lu et approuvé » goes
///   with the block it heads.
/// - Lines that are all acronyms (« MEDEF », « CFDT ») are one block each.
fn signature_blocks(lines: Vec<Option<Vec<Inline>>>) -> Vec<Vec<Vec<Inline>>> {
    let groups: Vec<Vec<Vec<Inline>>> = lines
        .split(Option::is_none)
        .map(|g| g.iter().flatten().cloned().collect::<Vec<_>>())
        .filter(|g: &Vec<Vec<Inline>>| !g.is_empty())
        .collect();
    let mut out = Vec::new();
    for g in groups {
        out.extend(split_group(g));
    }
    out
}

fn split_group(lines: Vec<Vec<Inline>>) -> Vec<Vec<Vec<Inline>>> {
    let text: Vec<String> = lines.iter().map(|l| inline_text(l).trim().to_string()).collect();
    let n = lines.len();
    // Side by side, flattened row by row.
    // k lines that each open a block, one after the other: with no final
    // « , » or « : » (a block's first line does not stop there), or all
    // beginning with the same word (« Pour … », « Pour … »).
    let strict = text.iter().take_while(|t| opens_block(t) && !t.ends_with([',', ':'])).count();
    let first_word = |t: &str| t.split_whitespace().next().unwrap_or("").to_string();
    let same = text.iter().take_while(|t| opens_block(t) && first_word(t) == first_word(&text[0])).count();
    let k = if strict >= 2 { strict } else { same };
    if k >= 2 && n.is_multiple_of(k) && n > k && text[n - k..].iter().all(|t| !t.ends_with([',', ':'])) {
        let mut blocks = vec![Vec::new(); k];
        for (i, l) in lines.into_iter().enumerate() {
            blocks[i % k].push(l);
        }
        return blocks;
    }
    if text.iter().all(|t| acronym(t)) {
        return lines.into_iter().map(|l| vec![l]).collect();
    }
    let mut blocks: Vec<Vec<Vec<Inline>>> = Vec::new();
    let mut after_lu = false;
    for (i, l) in lines.into_iter().enumerate() {
        let t = &text[i];
        let prev_open = i > 0 && text[i - 1].ends_with([',', ':']);
        let starts = (opens_block(t) || is_lu_et_approuve(t)) && !prev_open && !after_lu;
        if starts || blocks.is_empty() {
            blocks.push(Vec::new());
        }
        after_lu = is_lu_et_approuve(t);
        blocks.last_mut().expect("a block is open").push(l);
    }
    blocks
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(v: &[&str]) -> Vec<Option<Vec<Inline>>> {
        v.iter().map(|t| if *t == "---" { None } else { Some(vec![Inline::plain(*t)]) }).collect()
    }

    fn blocks(v: &[&str]) -> Vec<Vec<String>> {
        signature_blocks(lines(v)).iter().map(|b| b.iter().map(|l| inline_text(l)).collect()).collect()
    }

    /// A title line ending on « ET » goes on in the next, even one ending
    /// with a full stop; a finished line does not.
    #[test]
    fn an_unfinished_title_line_goes_on() {
        let t: Vec<String> =
            ["CONVENTION POUR LA MISE EN ŒUVRE, L’HEBERGEMENT ET", "L’EXPLOITATION DU DISPOSITIF.", "Il est convenu."]
                .iter()
                .map(|s| s.to_string())
                .collect();
        assert!(continues_title(&t, 1));
        assert!(!continues_title(&t, 2));
        assert!(!continues_title(&t, 0));
        let t: Vec<String> =
            ["A LA CONVENTION", "POUR L’OPERATION DENOMMEE :", "QUARTIER DU LION", "Signé par LA COMMUNE DE V"]
                .iter()
                .map(|s| s.to_string())
                .collect();
        assert!(announces_name(&t[1]) && continues_title(&t, 2));
        assert!(!announces_name("Il est convenu ce qui suit :") && signed_by(&t[3]));
    }

    #[test]
    fn blocks_side_by_side_flattened() {
        let b = blocks(&[
            "La Ville d'Ivry-sur-Seine",
            "La Ville de Paris",
            "Représentée par Monsieur le Maire",
            "Représentée par Madame la Maire",
            "PHILIPPE BOUYSSOU",
            "ANNE HIDALGO",
        ]);
        assert_eq!(
            b,
            vec![
                vec!["La Ville d'Ivry-sur-Seine", "Représentée par Monsieur le Maire", "PHILIPPE BOUYSSOU"],
                vec!["La Ville de Paris", "Représentée par Madame la Maire", "ANNE HIDALGO"]
            ]
        );
    }

    #[test]
    fn blocks_one_under_the_other() {
        let b = blocks(&[
            "Pour l'Union nationale",
            "des caisses d'assurance maladie (UNCAM) :",
            "Le directeur général,",
            "F. van Roekeghem",
            "Pour la Chambre nationale",
            "des services d'ambulances :",
            "Le président,",
            "B. Boccard",
        ]);
        assert_eq!(b.len(), 2);
        assert_eq!(b[1][0], "Pour la Chambre nationale");
        let b = blocks(&[
            "Le président de l'Union nationale",
            "des caisses d'assurance maladie,",
            "F. Van Roekeghem",
            "La présidente du Syndicat des orthoptistes",
            "de France",
            "N. Jeanrot",
        ]);
        assert_eq!(b.len(), 2);
        assert_eq!(blocks(&["MEDEF", "CFDT", "UPA"]).len(), 3);
        let b = blocks(&[
            "Lu et approuvé",
            "Pour la Commune de Gentilly,",
            "Le Maire,",
            "Patricia TORDJMAN",
            "Lu et approuvé",
            "Pour la Ville de Paris,",
            "La Maire,",
            "Anne HIDALGO",
        ]);
        assert_eq!(b.len(), 2);
        assert_eq!(b[1][0], "Lu et approuvé");
        assert_eq!(blocks(&["Pour A,", "X", "---", "Pour B,", "Y"]).len(), 2);
    }

    #[test]
    fn closing_lines() {
        for t in [
            "Fait à Paris, le 19 février 2009.",
            "Fait à Paris, 26 juillet 2011.",
            "Convention-cadre établie en 4 exemplaires originaux.",
            "Fait en deux exemplaires originaux.",
            "A CRETEIL, le",
        ] {
            assert!(is_closing(t), "{}", t);
        }
        assert!(!is_closing("Faute par le concessionnaire de remplir ses obligations"));
        assert!(is_formula("Il a été convenu ce qui suit :"));
        assert!(is_formula("Sont convenus des dispositions ci-après :"));
        assert!(!is_formula("Le comité est convenu d'une date."));
    }
}
