//! How an avenant names the text it amends, as a légiste does: « la
//! convention de coopération entre la Ville de Paris et … », « l'avenant
//! n° IV à la convention nationale des transporteurs sanitaires privés » —
//! a title written in capitals is named in sentence case (each word as the
//! text itself writes it inside its sentences), never quoted in capitals;
//! an avenant is named with its number (« Les autres stipulations de
//! l'avenant n° IV demeurent inchangées »).

use crate::french::{base_letter, Nature};
use crate::model::{inline_text, Document};
use crate::source::Manifest;
use std::collections::HashMap;

/// How the amended text is named in prose: its nature (with its number
/// when it is an avenant: « l'avenant n° IV ») and its designation (« la
/// convention de coopération entre … »). `doc` is its text, whose sentences
/// say how each word of a title in capitals is written.
pub(crate) fn designation(m: &Manifest, doc: &Document) -> (Nature, String) {
    let nature = m.nature();
    let named = named(m, &nature, doc);
    (numbered(nature, m.numero.as_deref(), &named), named)
}

fn named(m: &Manifest, nature: &Nature, doc: &Document) -> String {
    let within = |t: &str| {
        if t.to_lowercase().starts_with(&nature.noun) {
            t.to_string()
        } else {
            format!("{} « {} »", nature.noun, t)
        }
    };
    // The title as it reads in a sentence, when the source knows it.
    if let Some(i) = m.intitule.as_deref().map(str::trim).filter(|i| !i.is_empty()) {
        return within(i);
    }
    let title = m.title.trim();
    if title.is_empty() {
        return nature.noun.clone();
    }
    let letters: Vec<char> = title.chars().filter(|c| c.is_alphabetic()).collect();
    let capitals = letters.iter().filter(|c| c.is_uppercase()).count() * 10 >= letters.len() * 8;
    if capitals {
        return within(&sentence_case(title, &Spellings::of(m, doc)));
    }
    within(&crate::french::decapitalize(title))
}

/// An avenant named with its number, as its manifest states it, else as
/// its title gives it (« AVENANT N° IV À … » → « l'avenant n° IV »): « de
/// l'avenant » alone would not say which one.
fn numbered(nature: Nature, numero: Option<&str>, named: &str) -> Nature {
    if nature.noun != "avenant" {
        return nature;
    }
    if let Some(n) = numero.map(str::trim).filter(|n| !n.is_empty()) {
        return Nature { noun: format!("avenant n° {}", n), ..nature };
    }
    static RE: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let re = RE.get_or_init(|| {
        regex::Regex::new(r"^avenant\s+(?:n°|no|n\s*°)\s*([0-9]+|[IVXLC]+)\b").expect("a pattern written here")
    });
    match re.captures(named) {
        Some(c) => Nature { noun: format!("avenant n° {}", &c[1]), ..nature },
        None => nature,
    }
}

/// How the text writes each word inside its sentences: folded word → the
/// forms found, with how often.
struct Spellings(HashMap<String, HashMap<String, usize>>);

impl Spellings {
    fn of(m: &Manifest, doc: &Document) -> Spellings {
        let mut texts: Vec<String> = Vec::new();
        for d in doc.all_divisions() {
            texts.extend(d.alineas.iter().map(|a| inline_text(&a.inlines)));
        }
        texts.extend(doc.front_alineas().map(|a| inline_text(&a.inlines)));
        texts.extend(m.parties.iter().map(|p| p.nom.clone()));
        let mut map: HashMap<String, HashMap<String, usize>> = HashMap::new();
        for t in &texts {
            let mut sentence_start = true;
            for w in t.split(|c: char| {
                c.is_whitespace() || matches!(c, '\'' | '’' | '(' | ')' | ',' | ';' | ':' | '«' | '»' | '"')
            }) {
                let word = w.trim_end_matches(['.', '!', '?']);
                if word.chars().any(char::is_alphabetic) && !sentence_start {
                    *map.entry(fold(word)).or_default().entry(word.to_string()).or_default() += 1;
                }
                sentence_start = w.ends_with(['.', '!', '?']) || (sentence_start && word.is_empty());
            }
        }
        Spellings(map)
    }

    /// The form a word of the title takes in running text: lower case when
    /// the text writes it so, its capital when the text always does (a
    /// proper noun), lower case when the text never writes it.
    fn spell(&self, word: &str) -> String {
        let lower = word.to_lowercase();
        let Some(forms) = self.0.get(&fold(word)) else { return lower };
        if forms.keys().any(|f| f.chars().all(|c| !c.is_uppercase())) {
            // With the accents the text gives it (« PRIVES » → « privés »).
            return forms
                .iter()
                .filter(|(f, _)| f.chars().all(|c| !c.is_uppercase()))
                .max_by_key(|(f, n)| (**n, std::cmp::Reverse((*f).clone())))
                .map_or(lower, |(f, _)| f.clone());
        }
        forms
            .iter()
            .filter(|(f, _)| !f.chars().all(|c| c.is_uppercase()))
            .max_by_key(|(f, n)| (**n, std::cmp::Reverse((*f).clone())))
            .map_or(lower, |(f, _)| f.clone())
    }
}

/// A word folded for comparison: lower case, no accents.
fn fold(w: &str) -> String {
    w.chars().map(base_letter).collect()
}

/// Whether a word of a title in capitals stays in capitals: a Roman number
/// after « N° » or a keyword (« AVENANT N° IV », « TITRE II »), an acronym
/// in parentheses (« (APRR) »), initials (« S.N.C.F. »).
fn stays(word: &str, prev: &str) -> bool {
    let roman = !word.is_empty() && word.chars().all(|c| "IVXLC".contains(c));
    let after_number = matches!(prev.to_lowercase().as_str(), "n°" | "no" | "n");
    let after_keyword =
        matches!(fold(prev).as_str(), "avenant" | "titre" | "chapitre" | "annexe" | "livre" | "partie" | "section");
    let initials = word.len() >= 3 && word.contains('.') && word.chars().all(|c| c.is_uppercase() || c == '.');
    (roman && (after_number || after_keyword)) || initials
}

/// A title in capitals in sentence case: each word as the text writes it
/// in its sentences (see `Spellings`), « N° » as « n° », Roman numbers and
/// acronyms kept.
fn sentence_case(title: &str, spellings: &Spellings) -> String {
    let mut out = String::with_capacity(title.len());
    let mut word = String::new();
    let mut prev = String::new();
    let mut in_parens = false;
    let flush = |word: &mut String, prev: &mut String, out: &mut String, in_parens: bool| {
        if word.is_empty() {
            return;
        }
        let w = std::mem::take(word);
        let spelled = if w == "N°" {
            "n°".to_string()
        } else if stays(&w, prev) || (in_parens && w.chars().all(|c| c.is_uppercase() || c == '-')) {
            w.clone()
        } else if w.chars().any(char::is_lowercase) {
            // Written in lower case in the title itself (« 1er »).
            w.clone()
        } else {
            spellings.spell(&w)
        };
        out.push_str(&spelled);
        *prev = w;
    };
    for c in title.chars() {
        if c.is_alphanumeric()
            || c == '°'
            || c == '-'
            || (c == '.' && word.chars().all(|x| x.is_uppercase() || x == '.') && !word.is_empty())
        {
            word.push(c);
        } else {
            flush(&mut word, &mut prev, &mut out, in_parens);
            match c {
                '(' => in_parens = true,
                ')' => in_parens = false,
                _ => {}
            }
            out.push(c);
        }
    }
    flush(&mut word, &mut prev, &mut out, in_parens);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spellings(texts: &[&str]) -> Spellings {
        let mut map: HashMap<String, HashMap<String, usize>> = HashMap::new();
        for t in texts {
            for w in t.split_whitespace().skip(1).map(|w| w.trim_end_matches(['.', ','])) {
                *map.entry(fold(w)).or_default().entry(w.to_string()).or_default() += 1;
            }
        }
        Spellings(map)
    }

    #[test]
    fn a_title_in_capitals_reads_in_sentence_case() {
        let s =
            spellings(&["Les transporteurs sanitaires privés signent la convention nationale avec la Ville de Paris."]);
        assert_eq!(
            sentence_case("AVENANT N° IV À LA CONVENTION NATIONALE DES TRANSPORTEURS SANITAIRES PRIVES", &s),
            "avenant n° IV à la convention nationale des transporteurs sanitaires privés"
        );
        assert_eq!(
            sentence_case("CONVENTION ENTRE L'ÉTAT ET LA VILLE DE PARIS (APRR)", &s),
            "convention entre l'état et la Ville de Paris (APRR)"
        );
        assert_eq!(sentence_case("TITRE II", &s), "titre II");
    }

    #[test]
    fn an_avenant_is_named_with_its_number() {
        let n = numbered(Nature::parse("l’avenant"), None, "avenant n° IV à la convention nationale");
        assert_eq!(n.of(), "de l’avenant n° IV");
        assert_eq!(numbered(Nature::parse("la convention"), None, "convention n° 3").of(), "de la convention");
    }
}
