//! The amending formulas of the Guide de légistique (fiche 3.4.1), as the
//! drafting guide gives them: every change cites the text as it stands
//! before the avenant, from the most precise division outwards (« le
//! deuxième alinéa du i) du 1. du A du II »), alinéas named in words, quoted
//! text after a colon between « and ».
//!
//! Sentences are built as Markdown (the avenant is assembled like any
//! source): cited words are escaped, quoted alinéas keep their formatting.

use super::ops::Operation;
use crate::cite::{alinea_ordinal, label_cite, Cite, Citer};
use crate::french::{cardinal_word, ordinal_word};
use crate::markdown::escape;

/// « les mots : « … » » or « le mot : « … » ».
fn mots(words: &str) -> (String, bool) {
    let plural = words.split_whitespace().count() > 1 || words.contains(['-', '\'', '’']) && words.split(['-', '\'', '’']).count() > 2;
    let q = quote(words);
    if plural { (format!("les mots : {}", q), true) } else { (format!("le mot : {}", q), false) }
}

/// Quoted inline text: « … » with the words escaped.
pub fn quote(words: &str) -> String {
    format!("« {} »", escape(words, false))
}

fn is_date(s: &str) -> bool {
    let re = regex::Regex::new(r"^(1er|\d{1,2})\s+(janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre)\s+\d{4}$").unwrap();
    re.is_match(s.trim())
}

fn is_rate(s: &str) -> bool {
    let re = regex::Regex::new(r"^\d+([,.]\d+)?\s*%$").unwrap();
    re.is_match(s.trim())
}

/// One amending sentence, and the quoted alinéas that follow it (Markdown).
pub struct Sentence {
    pub text: String,
    pub quoted: Vec<String>,
}

/// Quoted alinéas: each opens with «, only the last closes with ».
pub fn quoted_alineas(md: &[String], end: &str) -> Vec<String> {
    let n = md.len();
    md.iter()
        .enumerate()
        .map(|(k, a)| {
            let a = a.trim().trim_start_matches("- ");
            if k + 1 == n { format!("« {} »{}", a, end) } else { format!("« {}", a) }
        })
        .collect()
}

/// « un alinéa ainsi rédigé », « deux alinéas ainsi rédigés ».
fn n_alineas(n: usize) -> String {
    if n == 1 { "un alinéa ainsi rédigé".into() } else { format!("{} alinéas ainsi rédigés", cardinal_word(n)) }
}

/// The sentence for one operation. `within` is true inside « Le … est ainsi
/// modifié : », where the division is already named.
pub fn sentence(op: &Operation, c: &Citer, within: bool) -> Sentence {
    let div = |id: &str| c.cite(id);
    let al = |id: &str, n: usize| {
        if within {
            let count = c.division(id).map_or(0, |d| d.alineas.len());
            Cite { article: "le ", name: format!("{} alinéa", alinea_ordinal(n, count)) }
        } else {
            c.alinea(id, n)
        }
    };
    let plain = |t: String| Sentence { text: t, quoted: vec![] };
    match op {
        Operation::ReplaceWords { division, alinea, words, by, .. } => {
            let at = al(division, *alinea).at();
            if is_date(words) && is_date(by) {
                return plain(format!("{}, la date du {} est remplacée par la date du {}.", at, escape(words, false), escape(by, false)));
            }
            if is_rate(words) && is_rate(by) {
                return plain(format!("{}, le taux : {} est remplacé par le taux : {}.", at, quote(words), quote(by)));
            }
            let (w, pw) = mots(words);
            let (b, _) = mots(by);
            let verb = if pw { "sont remplacés" } else { "est remplacé" };
            plain(format!("{}, {} {} par {}.", at, w, verb, b))
        }
        Operation::InsertWords { division, alinea, after, words, .. } => {
            let (w, pw) = mots(words);
            let verb = if pw { "sont insérés" } else { "est inséré" };
            match after {
                Some(a) => {
                    let (aw, _) = mots(a);
                    plain(format!("{}, après {}, {} {}.", al(division, *alinea).at(), aw, verb, w))
                }
                None => plain(format!("Au début {}, {} {}.", al(division, *alinea).of(), verb, w)),
            }
        }
        Operation::DeleteWords { division, alinea, words, .. } => {
            let (w, pw) = mots(words);
            let verb = if pw { "sont supprimés" } else { "est supprimé" };
            plain(format!("{}, {} {}.", al(division, *alinea).at(), w, verb))
        }
        Operation::ReplaceAlinea { division, alinea, text } => Sentence {
            text: format!("{} est remplacé par les dispositions suivantes :", capital(&al(division, *alinea).subject())),
            quoted: quoted_alineas(text, "."),
        },
        Operation::InsertAlineas { division, after, text } => {
            let count = c.division(division).map_or(0, |d| d.alineas.len());
            let d = if within { None } else { Some(div(division)) };
            let n = text.len();
            let head = if *after == 0 {
                let verb = if n == 1 { "il est ajouté" } else { "sont ajoutés" };
                match &d {
                    Some(d) => format!("Au début {}, {} {} :", d.of(), verb, n_alineas(n)),
                    None => format!("Au début, {} {} :", verb, n_alineas(n)),
                }
            } else if *after == count && count > 0 {
                match &d {
                    Some(d) => format!("{} est complété par {} :", capital(&d.subject()), n_alineas(n)),
                    None => format!("Il est complété par {} :", n_alineas(n)),
                }
            } else {
                let verb = if n == 1 { "il est inséré" } else { "sont insérés" };
                let after_al = match &d {
                    Some(d) => format!("le {} alinéa {}", alinea_ordinal(*after, count), d.of()),
                    None => format!("le {} alinéa", alinea_ordinal(*after, count)),
                };
                format!("Après {}, {} {} :", after_al, verb, n_alineas(n))
            };
            Sentence { text: head, quoted: quoted_alineas(text, ".") }
        }
        Operation::DeleteAlineas { division, alinea, count } => {
            let total = c.division(division).map_or(0, |d| d.alineas.len());
            let of = if within { String::new() } else { format!(" {}", div(division).of()) };
            let t = match count {
                1 => format!("Le {} alinéa{} est supprimé.", alinea_ordinal(*alinea, total), of),
                2 => format!("Les {} et {} alinéas{} sont supprimés.", ordinal_word(*alinea), alinea_ordinal(alinea + 1, total), of),
                _ => format!("Les {} à {} alinéas{} sont supprimés.", ordinal_word(*alinea), alinea_ordinal(alinea + count - 1, total), of),
            };
            plain(t)
        }
        Operation::ReplaceDivision { division, text } => Sentence {
            text: format!("{} est ainsi rédigé :", capital(&div(division).subject())),
            quoted: quoted_alineas(text, "."),
        },
        Operation::RenameDivision { division, title } => plain(format!("L’intitulé {} est ainsi rédigé : « {} ».", div(division).of(), title.trim())),
        Operation::InsertDivision { after, parent, number, title, text, children, .. } => {
            let level = match (after, parent) {
                (Some(a), _) => c.division(a).map_or(1, |d| d.level),
                (None, Some(p)) => c.division(p).map_or(1, |d| d.level + 1),
                _ => 1,
            };
            let label = number.as_ref().map(|n| c.label(level, n));
            let what = match &label {
                Some(l) => {
                    let named = label_cite(l);
                    let un = if named.article == "la " { "une" } else { "un" };
                    format!("{} {}", un, named.name)
                }
                None => "une rubrique".into(),
            };
            let rédigé = if what.starts_with("une") { "ainsi rédigée" } else { "ainsi rédigé" };
            let head = match (after, parent) {
                (Some(a), _) => format!("Après {}, il est inséré {} {} :", div(a).subject(), what, rédigé),
                (None, Some(p)) => format!("Au début {}, il est inséré {} {} :", div(p).of(), what, rédigé),
                _ => format!("Il est inséré {} {} :", what, rédigé),
            };
            let mut lines = Vec::new();
            let heading = match &label {
                Some(l) => format!("{} {}", l, title.trim()),
                None => title.trim().to_string(),
            };
            lines.push(heading);
            lines.extend(text.iter().cloned());
            fn kids(ch: &[super::ops::NewDivision], level: usize, c: &Citer, lines: &mut Vec<String>) {
                for k in ch {
                    lines.push(match &k.number { Some(n) => format!("{} {}", c.label(level, n), k.title), None => k.title.clone() });
                    lines.extend(k.text.iter().cloned());
                    kids(&k.children, level + 1, c, lines);
                }
            }
            kids(children, level + 1, c, &mut lines);
            Sentence { text: head, quoted: quoted_alineas(&lines, ".") }
        }
        Operation::DeleteDivision { division } => plain(format!("{} est supprimé.", capital(&div(division).subject()))),
        Operation::Renumber { division, number } => {
            let level = c.division(division).map_or(1, |d| d.level);
            let new = label_cite(&c.label(level, number)).subject();
            plain(format!("{} devient {}.", capital(&div(division).subject()), new))
        }
    }
}

pub fn capital(s: &str) -> String {
    crate::french::capitalize(s)
}

