//! Division numbers are computed, never typed: a source states one pattern
//! per outline level (« {I}. », « {A}. », « {1}. », « {i}) », « Article {1er} »)
//! and each division gets the next number of its level among its siblings.

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Counter {
    /// I, II, III
    Roman,
    /// Ier, II, III (« TITRE Ier »)
    RomanPremier,
    /// i, ii, iii
    RomanLower,
    /// A, B, C
    Upper,
    /// a, b, c
    Lower,
    /// 1, 2, 3
    Arabic,
    /// 1er, 2, 3 (« Article 1er »)
    ArabicPremier,
    /// 1.2.3: the parent's number, a dot, then this one
    Decimal,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pattern {
    pub(crate) prefix: String,
    pub(crate) counter: Counter,
    pub(crate) suffix: String,
}

impl fmt::Display for Pattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let c = match self.counter {
            Counter::Roman => "I",
            Counter::RomanPremier => "Ier",
            Counter::RomanLower => "i",
            Counter::Upper => "A",
            Counter::Lower => "a",
            Counter::Arabic => "1",
            Counter::ArabicPremier => "1er",
            Counter::Decimal => "1.1",
        };
        write!(f, "{}{{{}}}{}", self.prefix, c, self.suffix)
    }
}

pub(crate) use crate::error::BadPattern;

impl Pattern {
    pub(crate) fn parse(s: &str) -> Result<Pattern, BadPattern> {
        let pattern = || s.to_string();
        let open = s.find('{').ok_or_else(|| BadPattern::NoCounter { pattern: pattern() })?;
        let close = s[open..].find('}').map(|k| k + open).ok_or_else(|| BadPattern::Unclosed { pattern: pattern() })?;
        let counter = match &s[open + 1..close] {
            "I" => Counter::Roman,
            "Ier" => Counter::RomanPremier,
            "i" => Counter::RomanLower,
            "A" => Counter::Upper,
            "a" => Counter::Lower,
            "1" => Counter::Arabic,
            "1er" => Counter::ArabicPremier,
            "1.1" => Counter::Decimal,
            other => return Err(BadPattern::UnknownCounter { counter: other.to_string(), pattern: pattern() }),
        };
        Ok(Pattern { prefix: s[..open].to_string(), counter, suffix: s[close + 1..].to_string() })
    }

    /// The number alone (« II », « 1er », « 1.2 ») for the `n`th division
    /// (from 1); `parent` is the parent's number, used by decimal counters.
    pub(crate) fn number(&self, n: usize, parent: Option<&str>) -> String {
        match self.counter {
            Counter::Roman => roman(n),
            Counter::RomanPremier if n == 1 => "Ier".into(),
            Counter::RomanPremier => roman(n),
            Counter::RomanLower => roman(n).to_lowercase(),
            Counter::Upper => letters(n),
            Counter::Lower => letters(n).to_lowercase(),
            Counter::Arabic => n.to_string(),
            Counter::ArabicPremier if n == 1 => "1er".into(),
            Counter::ArabicPremier => n.to_string(),
            Counter::Decimal => match parent {
                Some(p) if !p.is_empty() => format!("{}.{}", p, n),
                _ => n.to_string(),
            },
        }
    }

    /// The label as printed (« II. », « Article 1er », « i) »).
    pub(crate) fn label(&self, number: &str) -> String {
        format!("{}{}{}", self.prefix, number, self.suffix)
    }
}

/// Numbers one list of sibling divisions, given for each its explicit
/// label (if any) and whether it is numbered: an explicit label (« 3 bis. »)
/// is kept and consumes no number; a numbered division takes the next
/// number of `pattern`. Gives each sibling its (number, label). The one
/// place where numbers are computed: the build and the import's sommaire
/// matching both read it.
pub(crate) fn number_siblings<'a>(
    siblings: impl IntoIterator<Item = (Option<&'a str>, bool)>,
    pattern: Option<&Pattern>,
    parent: Option<&str>,
) -> Vec<(Option<String>, Option<String>)> {
    let mut n = 0;
    siblings
        .into_iter()
        .map(|(explicit, numbered)| match (explicit, pattern, numbered) {
            (Some(l), _, _) => (Some(label_number(l)), Some(l.to_string())),
            (None, Some(p), true) => {
                n += 1;
                let num = p.number(n, parent);
                (Some(num.clone()), Some(p.label(&num)))
            }
            _ => (None, None),
        })
        .collect()
}

/// The label a division of `level` (from 1) takes with `number`, by the
/// patterns of its text (« Article {1er} – » and « 2 bis » → « Article 2 bis – »).
pub(crate) fn label_at(patterns: &[Pattern], level: usize, number: &str) -> String {
    match patterns.get(level.max(1) - 1) {
        Some(p) => p.label(number),
        None => format!("{}.", number),
    }
}

/// The number a label carries, read by the pattern of its level
/// (« Article 3 bis – » → « 3 bis »): what `label_at` turns back into it.
pub(crate) fn number_in(patterns: &[Pattern], level: usize, label: &str) -> String {
    let mut l = label.trim();
    if let Some(p) = patterns.get(level.max(1) - 1) {
        l = l.strip_prefix(p.prefix.as_str()).unwrap_or(l);
        l = l.strip_suffix(p.suffix.as_str()).unwrap_or(l);
    }
    label_number(l)
}

/// The patterns of a source's manifest (they were checked when it loaded).
pub(crate) fn patterns(specs: &[String]) -> Vec<Pattern> {
    specs.iter().filter_map(|p| Pattern::parse(p).ok()).collect()
}

/// The number inside an explicit label (« 3 bis. » → « 3 bis »).
pub(crate) fn label_number(label: &str) -> String {
    label.trim().trim_end_matches(['.', ')', '–', '-', ' ']).to_string()
}

pub(crate) fn roman(mut n: usize) -> String {
    if n == 0 || n >= 4000 {
        return n.to_string();
    }
    const T: [(usize, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut s = String::new();
    for (v, r) in T {
        while n >= v {
            s.push_str(r);
            n -= v;
        }
    }
    s
}

/// Reads a Roman numeral (upper or lower case); `None` if it is not one.
pub(crate) fn parse_roman(s: &str) -> Option<usize> {
    if s.is_empty() || s.len() > 15 {
        return None;
    }
    let up = s.to_ascii_uppercase();
    let val = |c| match c {
        'I' => Some(1),
        'V' => Some(5),
        'X' => Some(10),
        'L' => Some(50),
        'C' => Some(100),
        'D' => Some(500),
        'M' => Some(1000),
        _ => None,
    };
    let cs: Vec<char> = up.chars().collect();
    let mut total = 0usize;
    let mut k = 0;
    while k < cs.len() {
        let v = val(cs[k])?;
        let next = cs.get(k + 1).and_then(|c| val(*c)).unwrap_or(0);
        if v < next {
            total += next - v;
            k += 2;
        } else {
            total += v;
            k += 1;
        }
    }
    // Canonical form only, so that « IIII » or « VX » are not taken for numbers.
    if roman(total) == up {
        Some(total)
    } else {
        None
    }
}

fn letters(mut n: usize) -> String {
    let mut s = Vec::new();
    while n > 0 {
        let r = (n - 1) % 26;
        s.push((b'A' + r as u8) as char);
        n = (n - 1) / 26;
    }
    s.iter().rev().collect()
}

pub(crate) fn parse_letters(s: &str) -> Option<usize> {
    if s.is_empty() || s.len() > 2 || !s.chars().all(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    Some(s.to_ascii_uppercase().bytes().fold(0, |acc, b| acc * 26 + (b - b'A' + 1) as usize))
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn romans_round_trip() {
        for n in 1..400 {
            assert_eq!(parse_roman(&roman(n)), Some(n));
        }
        assert_eq!(parse_roman("IIII"), None);
        assert_eq!(parse_roman("ii"), Some(2));
    }
    #[test]
    fn patterns() {
        let p = Pattern::parse("Article {1er}").unwrap();
        assert_eq!(p.label(&p.number(1, None)), "Article 1er");
        assert_eq!(p.label(&p.number(2, None)), "Article 2");
        let d = Pattern::parse("{1.1}.").unwrap();
        assert_eq!(d.label(&d.number(3, Some("1.5"))), "1.5.3.");
        assert_eq!(Pattern::parse("{i})").unwrap().label("iv"), "iv)");
        assert!(Pattern::parse("{x}").is_err());
        assert_eq!(letters(27), "AA");
        assert_eq!(parse_letters("AA"), Some(27));
    }
}
