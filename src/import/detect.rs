//! Recognising division labels in French legal texts: « TITRE Ier »,
//! « CHAPITRE II », « Article 3 – Objet », « Art. 5. – », « ARTICLE 1 : »,
//! « Article unique », « Annexe III », « 1.5.1. », « I. – », « A. »,
//! « 1. », « i) », « a) », « 1° », « § 2. », « – ».

use super::pattern::Pattern;
use crate::numbering::{parse_letters, parse_roman, Counter};
use std::sync::OnceLock;

/// What a label says about the place of its division.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Class {
    /// A legal keyword (TITRE, CHAPITRE, Article, Annexe…): always a division.
    Keyword,
    /// « I. », « A. », « 1.2. »: a division when it heads a line.
    Structural,
    /// « a) », « 1° », « § 2 », « 1. », « i) », « – » followed by their own
    /// text: a sub-point, which is a division only by the sub-point rule
    /// (see `outline`), else an alinéa.
    SubPoint,
}

/// A label found at the start of a heading line.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Label {
    /// What kind of division this is (« article », « roman », « decimal-3 »…):
    /// divisions with the same key are siblings.
    pub(crate) key: String,
    /// Legal rank for keyword divisions (partie < titre < chapitre < section < article).
    pub(crate) rank: Option<u8>,
    pub(crate) class: Class,
    /// The label as written (« Art. 5. – », « II. », « i) »).
    pub(crate) text: String,
    /// Byte offsets of the number inside `text` (empty for « – »).
    pub(crate) num: (usize, usize),
    /// How the number counts; `None` for labels that do not count
    /// (« Article unique », « – »): they are kept as written.
    pub(crate) counter: Option<Counter>,
    /// The number's value (1 for « Ier », « premier »), when it has one.
    pub(crate) value: Option<usize>,
    /// What follows the label: the division title, or its first sentence.
    pub(crate) rest: String,
}

impl Label {
    pub(crate) fn number(&self) -> &str {
        &self.text[self.num.0..self.num.1]
    }
    pub(crate) fn prefix(&self) -> &str {
        &self.text[..self.num.0]
    }
    pub(crate) fn suffix(&self) -> &str {
        &self.text[self.num.1..]
    }
    pub(crate) fn is_annex(&self) -> bool {
        self.key == "annexe"
    }
}

/// Compiles a pattern of the import once per process, its letter classes
/// narrowed to the Latin letters French texts are written in: `\p{Lu}`,
/// `\p{Ll}`, `\p{L}` and `\w` as Unicode has them hold thousands of
/// ranges, and compiling them cost most of an import's time (a process
/// compiles every pattern it uses: 16 ms of the 20 ms the seed's DOCX took).
pub(crate) fn compile(pattern: &str) -> Pattern {
    const UPPER: &str = "A-ZÀ-ÖØ-ÞŒŸ";
    const LOWER: &str = "a-zß-öø-ÿœ";
    let mut out = String::with_capacity(pattern.len() + 64);
    let mut in_class = 0usize;
    let mut chars = pattern.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' {
            let rest: String = chars.clone().take(5).collect();
            let (class, skip) = if rest.starts_with("p{Lu}") {
                (UPPER.to_string(), 5)
            } else if rest.starts_with("p{Ll}") {
                (LOWER.to_string(), 5)
            } else if rest.starts_with("p{L}") {
                (format!("{UPPER}{LOWER}"), 4)
            } else if rest.starts_with('w') {
                (format!("0-9_{UPPER}{LOWER}"), 1)
            } else {
                out.push(c);
                if let Some(n) = chars.next() {
                    out.push(n);
                }
                continue;
            };
            for _ in 0..skip {
                chars.next();
            }
            if in_class > 0 {
                out.push_str(&class);
            } else {
                out.push('[');
                out.push_str(&class);
                out.push(']');
            }
            continue;
        }
        if c == '[' {
            in_class += 1;
        } else if c == ']' && in_class > 0 {
            in_class -= 1;
        }
        out.push(c);
    }
    Pattern::new(&out).expect("patterns written here compile")
}

fn keyword_re() -> &'static Pattern {
    static R: OnceLock<Pattern> = OnceLock::new();
    R.get_or_init(|| {
        // keyword, number (« premier », « 1er », « Ier », Roman, decimal,
        // a letter, « unique »), « bis », then the delimiter: « . », « : »,
        // « ) », a dash, or several (« 17.- », « 5. – »). A dash may touch
        // the text that follows (« Art. 34. -Tous »).
        compile(r"^(?i:(partie|livre|titre|chapitre|sous-section|section|paragraphe|article|annexe)|(art\.?))\s*((?i:premier|première|ier|unique)|1er|1re|[IVXLC]{2,}|[ivxlc]{2,}|[0-9]+(?:[.\-][0-9]+)*|[A-Za-z])((?:\s+(?:bis|ter|quater|quinquies|sexies|septies|octies))?)(\s*[.:)]?(?:\s*(?:à|au)\s+[0-9]+(?:er)?\s*[.:)]?)?(?:\s*[–—―-])?)(\s+|$|[^\w\s])")
    })
}

fn plain_re() -> &'static Pattern {
    static R: OnceLock<Pattern> = OnceLock::new();
    // number, optional bis/ter, then the delimiter; a dash may follow.
    R.get_or_init(|| Pattern::new(r"^([0-9]+(?:\.[0-9]+)+\.?|[IVXLC]+|[A-Z]|[0-9]+|[ivxlc]+|[a-z])((?:\s+(?:bis|ter|quater))?)(\s*(?:\.|\))(?:\s*[–—―-])?|\s+[–—―-])(\s+|$)").unwrap())
}

fn subpoint_re() -> &'static Pattern {
    static R: OnceLock<Pattern> = OnceLock::new();
    // « 1° », « 2 ° », « § 3. », « §  2 », and dashes opening an item.
    R.get_or_init(|| Pattern::new(r"^(?:([0-9]+)((?:\s+(?:bis|ter|quater))?)\s*°(\s*[.:)–—-]?)|(§)\s*([0-9]+)((?:\s+(?:bis|ter))?)(\s*[.:)]?(?:\s*[–—-])?)|([–—―-]))(\s+|$)").unwrap())
}

fn rank_of(word: &str) -> u8 {
    match word.to_lowercase().as_str() {
        "annexe" => 0,
        "partie" | "livre" => 1,
        "titre" => 2,
        "chapitre" => 3,
        "section" => 4,
        "sous-section" => 5,
        "paragraphe" => 6,
        _ => 7, // article
    }
}

/// Finds the label at the start of `text`, if it has one.
/// `prev_lower` is the letter of the previous « a) »-style sibling, to tell
/// « i) » the ninth letter from « i) » the first Roman numeral.
pub(crate) fn label(text: &str, prev_lower: Option<usize>) -> Option<Label> {
    // A label is short: only the start of a line is searched (a regex with
    // captures costs the length of what it is given, and a text may give a
    // line of megabytes). A « label » running past it is no label.
    const HEAD: usize = 160;
    let (head, cut) = if text.len() > HEAD {
        let mut k = HEAD;
        while !text.is_char_boundary(k) {
            k -= 1;
        }
        (&text[..k], true)
    } else {
        (text, false)
    };
    let mut l = keyword(head).or_else(|| subpoint(head)).or_else(|| plain(head, prev_lower))?;
    if cut {
        if l.text.len() + 8 >= head.len() {
            return None;
        }
        // What follows the label (white space, then the words) runs on.
        l.rest = text[l.text.len()..].trim().to_string();
    }
    Some(l)
}

fn keyword(text: &str) -> Option<Label> {
    let c = keyword_re().captures(text)?;
    // « Art. » is an article.
    let word = match c.get(1) {
        Some(w) => w.as_str().to_lowercase(),
        None => "article".to_string(),
    };
    let num = c.get(3).unwrap();
    let n = num.as_str();
    // « Article a » is not a label, nor « Article L. 1234 » (a code's article
    // cited at the start of a line): a letter number only with a delimiter.
    let bis = c.get(4).map_or("", |m| m.as_str());
    let delim = c.get(5).unwrap();
    let after = c.get(6).unwrap();
    // A single letter is a number only as « I », « V », « X », or with a
    // delimiter (« Section A. »); « Article L. 1234-5 » cites a code.
    let single_letter = n.len() == 1 && n.chars().all(|ch| ch.is_ascii_alphabetic()) && !matches!(n, "I" | "V" | "X");
    let rest = text[delim.end()..].trim_start();
    if single_letter
        && ((delim.as_str().trim().is_empty() && !rest.is_empty()) || rest.starts_with(|ch: char| ch.is_ascii_digit()))
    {
        return None;
    }
    // « Art » with no dot needs a space before its number.
    if c.get(2).is_some_and(|m| !m.as_str().ends_with('.'))
        && !text[c.get(2).unwrap().end()..].starts_with(char::is_whitespace)
    {
        return None;
    }
    // The delimiter may only touch what follows when it ends in a dash.
    if !after.as_str().trim().is_empty()
        && !delim.as_str().ends_with(char::is_whitespace)
        && !delim.as_str().trim_end().ends_with(['–', '—', '―', '-'])
    {
        return None;
    }
    // « Art. 29 à 31 (articles abrogés) »: a range is kept as written.
    let range = delim.as_str().contains(|ch: char| ch.is_ascii_digit());
    let (counter, value) = if n.eq_ignore_ascii_case("unique") || range {
        (None, None)
    } else if n.eq_ignore_ascii_case("premier") || n.eq_ignore_ascii_case("première") || n == "1er" || n == "1re" {
        (Some(Counter::ArabicPremier), Some(1))
    } else if n.eq_ignore_ascii_case("ier") {
        (Some(Counter::RomanPremier), Some(1))
    } else if let Ok(v) = n.parse::<usize>() {
        (Some(Counter::Arabic), Some(v))
    } else if n.contains(['.', '-']) {
        (Some(Counter::Decimal), n.rsplit(['.', '-']).next().and_then(|x| x.parse().ok()))
    } else if n.len() == 1 && !matches!(n, "I" | "V" | "X") {
        (
            Some(if n.chars().all(|ch| ch.is_ascii_uppercase()) { Counter::Upper } else { Counter::Lower }),
            parse_letters(n),
        )
    } else if let Some(v) = parse_roman(n).filter(|_| n.chars().all(|ch| ch.is_ascii_uppercase())) {
        (Some(Counter::Roman), Some(v))
    } else if n.len() == 1 {
        (
            Some(if n.chars().all(|ch| ch.is_ascii_uppercase()) { Counter::Upper } else { Counter::Lower }),
            parse_letters(n),
        )
    } else {
        (Some(Counter::Roman), parse_roman(n))
    };
    let mut end = delim.end();
    // « Art. 34. -Tous les impôts »: the dash belongs to the label.
    let tail = text[end..].trim_start();
    if tail.starts_with(['–', '—', '―', '-']) && tail.chars().nth(1).is_some_and(char::is_alphabetic) {
        end = text.len() - tail.len() + tail.chars().next().map_or(0, char::len_utf8);
    }
    Some(Label {
        key: word.clone(),
        rank: Some(rank_of(&word)),
        class: Class::Keyword,
        num: (
            num.start(),
            if range {
                delim.as_str().trim_end().trim_end_matches(['.', ':', ')', '–', '—', '―', '-', ' ']).len()
                    + delim.start()
            } else {
                num.end() + bis.len()
            },
        ),
        text: text[..end].trim_end().to_string(),
        counter,
        value: if bis.is_empty() { value } else { None },
        rest: text[end..].trim().to_string(),
    })
}

fn subpoint(text: &str) -> Option<Label> {
    let c = subpoint_re().captures(text)?;
    let (key, num, bis, end) = if let Some(n) = c.get(1) {
        ("degree", n, c.get(2).map_or("", |m| m.as_str()), c.get(3).unwrap().end())
    } else if let Some(n) = c.get(5) {
        ("paragraph-sign", n, c.get(6).map_or("", |m| m.as_str()), c.get(7).unwrap().end())
    } else {
        let d = c.get(8).unwrap();
        return Some(Label {
            key: "dash".into(),
            rank: None,
            class: Class::SubPoint,
            num: (d.end(), d.end()),
            text: d.as_str().to_string(),
            counter: None,
            value: None,
            rest: text[d.end()..].trim().to_string(),
        });
    };
    let value = num.as_str().parse().ok();
    Some(Label {
        key: key.into(),
        rank: None,
        class: Class::SubPoint,
        num: (num.start(), num.end() + bis.len()),
        text: text[..end].trim_end().to_string(),
        counter: Some(Counter::Arabic),
        value: if bis.is_empty() { value } else { None },
        rest: text[end..].trim().to_string(),
    })
}

fn plain(text: &str, prev_lower: Option<usize>) -> Option<Label> {
    let c = plain_re().captures(text)?;
    let num = c.get(1).unwrap();
    let bis = c.get(2).map_or("", |m| m.as_str());
    let delim = c.get(3).unwrap().as_str();
    let n = num.as_str();
    let paren = delim.trim_start().starts_with(')');
    let (key, counter, value, class) = if n.contains('.') && n.trim_end_matches('.').contains('.') {
        let depth = n.trim_end_matches('.').split('.').count();
        (
            format!("decimal-{}", depth),
            Counter::Decimal,
            n.trim_end_matches('.').rsplit('.').next().and_then(|x| x.parse().ok()),
            Class::Structural,
        )
    } else if let Ok(v) = n.parse::<usize>() {
        // « 1. » is a division or a point; « 12 – » is not a label (a year, a sum).
        if delim.trim().starts_with(['–', '—', '―', '-']) {
            return None;
        }
        (if paren { "arabic-paren" } else { "arabic" }.to_string(), Counter::Arabic, Some(v), Class::SubPoint)
    } else if n.chars().all(|ch| ch.is_ascii_uppercase()) {
        match (n.len(), parse_roman(n)) {
            // « I. », « V. », « X. » are Roman numerals; other single capitals are letters.
            (1, Some(v)) if matches!(n, "I" | "V" | "X") => {
                ("roman".into(), Counter::Roman, Some(v), Class::Structural)
            }
            (1, _) => ("upper".into(), Counter::Upper, parse_letters(n), Class::Structural),
            (_, Some(v)) => ("roman".into(), Counter::Roman, Some(v), Class::Structural),
            _ => return None,
        }
    } else {
        let letter = parse_letters(n).filter(|_| n.len() == 1);
        let roman = parse_roman(n);
        match (letter, roman) {
            // « i) » after « h) » is a letter; otherwise a Roman numeral.
            (Some(l), Some(_)) if prev_lower.is_some_and(|p| p + 1 == l) => {
                ("lower".into(), Counter::Lower, Some(l), Class::SubPoint)
            }
            (Some(_), Some(r)) if n == "i" || n.len() > 1 => {
                ("roman-lower".into(), Counter::RomanLower, Some(r), Class::SubPoint)
            }
            (None, Some(r)) => ("roman-lower".into(), Counter::RomanLower, Some(r), Class::SubPoint),
            (Some(l), _) => ("lower".into(), Counter::Lower, Some(l), Class::SubPoint),
            _ => return None,
        }
    };
    let end = c.get(3).unwrap().end();
    Some(Label {
        key,
        rank: None,
        class,
        num: (num.start(), num.end() + bis.len()),
        text: text[..end].trim_end().to_string(),
        counter: Some(counter),
        value: if bis.is_empty() { value } else { None },
        rest: text[end..].trim().to_string(),
    })
}

/// The label `text` opens with, when it is the one the next division of a
/// level numbered by `pattern` takes: the same kind of label as the
/// pattern prints (« V. » for « {I}. », « ARTICLE 4 : » for « Article {1er} – »),
/// numbered `next`, or the number before it with « bis », « ter »…
/// (« Article 2 bis » after Article 2). `parent` is the parent's number
/// (decimal patterns). What an edited document's reader (`word::map`)
/// asks of a paragraph typed as a new division.
pub(crate) fn next_label(
    text: &str,
    pattern: &crate::numbering::Pattern,
    next: usize,
    parent: Option<&str>,
) -> Option<Label> {
    // « i) » after « h) » is a letter: the previous number says which.
    let prev = next.checked_sub(1).filter(|p| *p > 0);
    let model = label(&pattern.label(&pattern.number(next, parent)), prev)?;
    let l = label(text.trim(), prev)?;
    if l.key != model.key {
        return None;
    }
    if l.value == Some(next) {
        return Some(l);
    }
    // « 2 bis »: the number before `next`, then a Latin multiplier.
    let mut words = l.number().split_whitespace();
    let (Some(base), Some(latin), None) = (words.next(), words.next(), words.next()) else { return None };
    let multiplier = ["bis", "ter", "quater", "quinquies", "sexies", "septies", "octies"].contains(&latin);
    let before = prev.and_then(|p| label(&pattern.label(&pattern.number(p, parent)), p.checked_sub(1)));
    let base_value = label(&pattern.label(base), prev.and_then(|p| p.checked_sub(1))).and_then(|b| b.value);
    (multiplier && before.is_some() && base_value == prev).then_some(l)
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn labels() {
        let l = label("Article 3 – Objet", None).unwrap();
        assert_eq!(
            (l.key.as_str(), l.text.as_str(), l.rest.as_str(), l.number()),
            ("article", "Article 3 –", "Objet", "3")
        );
        let l = label("Art. 5. – Les parties", None).unwrap();
        assert_eq!((l.key.as_str(), l.text.as_str(), l.number()), ("article", "Art. 5. –", "5"));
        let l = label("TITRE Ier", None).unwrap();
        assert_eq!((l.text.as_str(), l.counter, l.value), ("TITRE Ier", Some(Counter::RomanPremier), Some(1)));
        let l = label("1.5.1. Modalités", None).unwrap();
        assert_eq!((l.key.as_str(), l.number()), ("decimal-3", "1.5.1"));
        let l = label("I. – Le comité", None).unwrap();
        assert_eq!((l.key.as_str(), l.text.as_str()), ("roman", "I. –"));
        // The Journal officiel's horizontal bar is a dash too.
        let l = label("25.2. ― I. ― Les tarifs", None).unwrap();
        assert_eq!((l.key.as_str(), l.text.as_str(), l.rest.as_str()), ("decimal-2", "25.2. ―", "I. ― Les tarifs"));
        assert_eq!(label("ii) Mise en place", None).unwrap().key, "roman-lower");
        assert_eq!(label("i) Suite", Some(8)).unwrap().key, "lower");
        assert_eq!(label("A. RELEVER", None).unwrap().key, "upper");
        assert_eq!(label("3 bis. Nouveau", None).unwrap().number(), "3 bis");
        assert!(label("L'État", None).is_none());
        assert!(label("2019 – année", None).is_none());
    }

    #[test]
    fn labels_of_real_texts() {
        // The 1952 cahier des charges: « Art » without its dot, a dash touching the text.
        let l = label("Art 6. - le concessionnaire", None).unwrap();
        assert_eq!((l.key.as_str(), l.number(), l.rest.as_str()), ("article", "6", "le concessionnaire"));
        let l = label("Art. 34. -Tous les impôts", None).unwrap();
        assert_eq!((l.number(), l.rest.as_str()), ("34", "Tous les impôts"));
        let l = label("Art. 17.- La mise en service", None).unwrap();
        assert_eq!((l.text.as_str(), l.rest.as_str()), ("Art. 17.-", "La mise en service"));
        let l = label("CHAPITRE Ier : OBJET DE LA CONCESSION", None).unwrap();
        assert_eq!((l.key.as_str(), l.rest.as_str()), ("chapitre", "OBJET DE LA CONCESSION"));
        let l = label("ARTICLE 1 : OBJET", None).unwrap();
        assert_eq!((l.text.as_str(), l.rest.as_str()), ("ARTICLE 1 :", "OBJET"));
        let l = label("Article unique", None).unwrap();
        assert_eq!((l.counter, l.rest.as_str()), (None, ""));
        let l = label("Annexe III", None).unwrap();
        assert!(l.is_annex());
        let l = label("1° Pour l'alimentation", None).unwrap();
        assert_eq!((l.key.as_str(), l.class, l.value), ("degree", Class::SubPoint, Some(1)));
        let l = label("§  2. La situation", None).unwrap();
        assert_eq!((l.key.as_str(), l.number(), l.rest.as_str()), ("paragraph-sign", "2", "La situation"));
        assert_eq!(label("§ 1.A la présente", None).map(|l| l.key), None);
        assert_eq!(label("– qui ne remette pas", None).unwrap().key, "dash");
        assert_eq!(label("a) Si les quantités", None).unwrap().class, Class::SubPoint);
        assert!(label("Article L. 1234-5 du code", None).is_none());
        assert!(label("Articles 3 et 4", None).is_none());
        assert!(label("Artisans du bâtiment", None).is_none());
        let l = label("Art 23. à 26 -  (articles abrogés)", None).unwrap();
        assert_eq!(
            (l.text.as_str(), l.number(), l.counter, l.rest.as_str()),
            ("Art 23. à 26 -", "23. à 26", None, "(articles abrogés)")
        );
        let l = label("Art. 29 à 31 (articles abrogés)", None).unwrap();
        assert_eq!((l.text.as_str(), l.number()), ("Art. 29 à 31", "29 à 31"));
    }

    #[test]
    fn the_next_label_of_a_level() {
        use crate::numbering::Pattern;
        let roman = Pattern::parse("{I}.").unwrap();
        assert!(next_label("V. Évaluation de la convention", &roman, 5, None).is_some());
        assert!(next_label("V. Évaluation", &roman, 4, None).is_none(), "IV comes next");
        assert!(next_label("A. Évaluation", &roman, 5, None).is_none(), "another kind of label");
        let article = Pattern::parse("Article {1er} –").unwrap();
        assert!(next_label("Article 4 – Évaluation", &article, 4, None).is_some());
        assert!(next_label("ARTICLE 4 : ÉVALUATION", &article, 4, None).is_some());
        assert!(next_label("Art. 4. – Les parties", &article, 4, None).is_some());
        assert!(next_label("Article 1er – Objet", &article, 1, None).is_some());
        let bis = next_label("Article 2 bis – Suivi", &article, 3, None).unwrap();
        assert_eq!(bis.number(), "2 bis");
        assert!(next_label("Article 3 bis – Suivi", &article, 3, None).is_none(), "3 bis comes after 3");
        let letter = Pattern::parse("{a})").unwrap();
        assert!(next_label("c) les frais", &letter, 3, None).is_some());
        assert!(next_label("i) les frais", &letter, 9, None).is_some(), "the ninth letter after h)");
        let arabic = Pattern::parse("{1}.").unwrap();
        assert!(next_label("3. Poursuivre", &arabic, 3, None).is_some());
        assert!(next_label("3) Poursuivre", &arabic, 3, None).is_none());
        assert!(next_label("2019. Une année", &arabic, 3, None).is_none());
        let decimal = Pattern::parse("{1.1}.").unwrap();
        assert!(next_label("2.3. Suivi", &decimal, 3, Some("2")).is_some());
    }
}
