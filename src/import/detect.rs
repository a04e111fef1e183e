//! Recognising division headings and their labels in French legal texts:
//! « TITRE Ier », « CHAPITRE II », « Article 3 – Objet », « Art. 5. – »,
//! « 1.5.1. », « I. – », « A. », « 1. », « i) », « a) ».

use crate::numbering::{parse_letters, parse_roman, Counter};
use regex::Regex;
use std::sync::OnceLock;

/// A label found at the start of a heading line.
#[derive(Debug, Clone, PartialEq)]
pub struct Label {
    /// What kind of division this is (« article », « roman », « decimal-3 »…):
    /// divisions with the same key are siblings.
    pub key: String,
    /// Legal rank for keyword divisions (partie < titre < chapitre < section < article).
    pub rank: Option<u8>,
    /// The label as written (« Art. 5. – », « II. », « i) »).
    pub text: String,
    /// Byte offsets of the number inside `text`.
    pub num: (usize, usize),
    pub counter: Counter,
    /// The number's value (1 for « Ier », « premier »), when it has one.
    pub value: Option<usize>,
    /// What follows the label: the division title.
    pub rest: String,
}

impl Label {
    pub fn number(&self) -> &str {
        &self.text[self.num.0..self.num.1]
    }
    pub fn prefix(&self) -> &str {
        &self.text[..self.num.0]
    }
    pub fn suffix(&self) -> &str {
        &self.text[self.num.1..]
    }
}

fn keyword_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| {
        Regex::new(r"^(?i:(partie|livre|titre|chapitre|sous-section|section|paragraphe|article|annexe)|(art\.))\s+(premier|Premier|PREMIER|première|1er|1re|Ier|IER|[IVXLCivxlc]+|\d+(?:[.\-]\d+)*|[A-Za-z])((?:\s+(?:bis|ter|quater|quinquies|sexies))?)(\s*[.:)]?(?:\s*[–—-])?)(\s+|$)").unwrap()
    })
}

fn plain_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    // number, optional bis/ter, then the delimiter; a dash may follow.
    R.get_or_init(|| Regex::new(r"^(\d+(?:\.\d+)+\.?|[IVXLC]+|[A-Z]|\d+|[ivxlc]+|[a-z])((?:\s+(?:bis|ter|quater))?)(\s*(?:\.|\))(?:\s*[–—-])?|\s+[–—-])(\s+|$)").unwrap())
}

fn rank_of(word: &str) -> u8 {
    match word.to_lowercase().as_str() {
        "partie" | "livre" => 0,
        "titre" => 1,
        "chapitre" => 2,
        "section" => 3,
        "sous-section" => 4,
        "paragraphe" => 5,
        "annexe" => 0,
        _ => 6, // article
    }
}

/// Finds the label at the start of `text`, if it has one.
/// `prev_lower` is the letter of the previous « a) »-style sibling, to tell
/// « i) » the ninth letter from « i) » the first Roman numeral.
pub fn label(text: &str, prev_lower: Option<usize>) -> Option<Label> {
    if let Some(c) = keyword_re().captures(text) {
        // « Art. » is an article.
        let keyword = match c.get(1) {
            Some(w) => w.as_str().to_lowercase(),
            None => "article".to_string(),
        };
        let num = c.get(3).unwrap();
        let bis = c.get(4).map_or("", |m| m.as_str());
        let delim = c.get(5).unwrap();
        let n = num.as_str();
        let (counter, value) = if n.eq_ignore_ascii_case("premier") || n.eq_ignore_ascii_case("première") || n == "1er" || n == "1re" {
            (Counter::ArabicPremier, Some(1))
        } else if n == "Ier" || n == "IER" {
            (Counter::RomanPremier, Some(1))
        } else if let Ok(v) = n.parse::<usize>() {
            (Counter::Arabic, Some(v))
        } else if n.contains(['.', '-']) {
            (Counter::Decimal, n.rsplit(['.', '-']).next().and_then(|x| x.parse().ok()))
        } else if let Some(v) = parse_roman(n).filter(|_| n.chars().all(|c| c.is_ascii_uppercase())) {
            (Counter::Roman, Some(v))
        } else if n.len() == 1 {
            (if n.chars().all(|c| c.is_ascii_uppercase()) { Counter::Upper } else { Counter::Lower }, parse_letters(n))
        } else {
            (Counter::Roman, parse_roman(n))
        };
        let end = delim.end();
        let label_text = text[..end].trim_end().to_string();
        return Some(Label {
            key: keyword.clone(),
            rank: Some(rank_of(&keyword)),
            num: (num.start(), num.end() + bis.len()),
            text: label_text,
            counter,
            value: if bis.is_empty() { value } else { None },
            rest: text[end..].trim().to_string(),
        });
    }
    let c = plain_re().captures(text)?;
    let num = c.get(1).unwrap();
    let bis = c.get(2).map_or("", |m| m.as_str());
    let delim = c.get(3).unwrap().as_str();
    let n = num.as_str();
    let (key, counter, value) = if n.contains('.') && n.trim_end_matches('.').contains('.') {
        let depth = n.trim_end_matches('.').split('.').count();
        (format!("decimal-{}", depth), Counter::Decimal, n.trim_end_matches('.').rsplit('.').next().and_then(|x| x.parse().ok()))
    } else if let Ok(v) = n.parse::<usize>() {
        // « 1. » is a division; « 1) » too. « 12 – » is not a label.
        if delim.trim().starts_with(['–', '—', '-']) {
            return None;
        }
        ("arabic".to_string(), Counter::Arabic, Some(v))
    } else if n.chars().all(|c| c.is_ascii_uppercase()) {
        match (n.len(), parse_roman(n)) {
            // « I. », « V. », « X. » are Roman numerals; other single capitals are letters.
            (1, Some(v)) if matches!(n, "I" | "V" | "X") => ("roman".into(), Counter::Roman, Some(v)),
            (1, _) => ("upper".into(), Counter::Upper, parse_letters(n)),
            (_, Some(v)) => ("roman".into(), Counter::Roman, Some(v)),
            _ => return None,
        }
    } else {
        let letter = parse_letters(n).filter(|_| n.len() == 1);
        let roman = parse_roman(n);
        match (letter, roman) {
            // « i) » after « h) » is a letter; otherwise a Roman numeral.
            (Some(l), Some(_)) if prev_lower.is_some_and(|p| p + 1 == l) => ("lower".into(), Counter::Lower, Some(l)),
            (Some(_), Some(r)) if n == "i" || n.len() > 1 => ("roman-lower".into(), Counter::RomanLower, Some(r)),
            (None, Some(r)) => ("roman-lower".into(), Counter::RomanLower, Some(r)),
            (Some(l), _) => ("lower".into(), Counter::Lower, Some(l)),
            _ => return None,
        }
    };
    let end = c.get(3).unwrap().end();
    Some(Label {
        key,
        rank: None,
        num: (num.start(), num.end() + bis.len()),
        text: text[..end].trim_end().to_string(),
        counter,
        value: if bis.is_empty() { value } else { None },
        rest: text[end..].trim().to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn labels() {
        let l = label("Article 3 – Objet", None).unwrap();
        assert_eq!((l.key.as_str(), l.text.as_str(), l.rest.as_str(), l.number()), ("article", "Article 3 –", "Objet", "3"));
        let l = label("Art. 5. – Les parties", None).unwrap();
        assert_eq!((l.key.as_str(), l.text.as_str(), l.number()), ("article", "Art. 5. –", "5"));
        let l = label("TITRE Ier", None).unwrap();
        assert_eq!((l.text.as_str(), l.counter, l.value), ("TITRE Ier", Counter::RomanPremier, Some(1)));
        let l = label("1.5.1. Modalités", None).unwrap();
        assert_eq!((l.key.as_str(), l.number()), ("decimal-3", "1.5.1"));
        let l = label("I. – Le comité", None).unwrap();
        assert_eq!((l.key.as_str(), l.text.as_str()), ("roman", "I. –"));
        assert_eq!(label("ii) Mise en place", None).unwrap().key, "roman-lower");
        assert_eq!(label("i) Suite", Some(8)).unwrap().key, "lower");
        assert_eq!(label("A. RELEVER", None).unwrap().key, "upper");
        assert_eq!(label("3 bis. Nouveau", None).unwrap().number(), "3 bis");
        assert!(label("L'État", None).is_none());
        assert!(label("2019 – année", None).is_none());
    }
}
