//! French as the legal services write it: dates (« le 1er janvier 2027 »),
//! ordinals in words (« deuxième alinéa »), accented capitals, and the
//! typography of the drafting guide (§5): non-breaking spaces before « : ; ! ? »
//! and inside guillemets, after « n° », inside « 35 % ».

pub const NBSP: char = '\u{00A0}';

const MONTHS: [&str; 12] = [
    "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre",
];

/// A civil date parsed from ISO 8601 (`2026-12-09`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl Date {
    /// Exactly `YYYY-MM-DD` (surrounding spaces aside), year 1 to 9999: a
    /// date with anything after it (`2027-01-15x`, `2027-01-155`) is not one.
    pub fn parse(iso: &str) -> Option<Date> {
        let b = iso.trim().as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' || ![0, 1, 2, 3, 5, 6, 8, 9].iter().all(|&k| b[k].is_ascii_digit()) {
            return None;
        }
        let num = |r: std::ops::Range<usize>| b[r].iter().fold(0u32, |n, d| n * 10 + u32::from(d - b'0'));
        let (year, month, day) = (num(0..4) as i32, num(5..7), num(8..10));
        if year == 0 || !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Date { year, month, day })
    }

    /// « 1er janvier 2027 », « 9 décembre 2026 » (the day and month joined by
    /// a non-breaking space).
    pub fn long(&self) -> String {
        let d = if self.day == 1 { "1er".to_string() } else { self.day.to_string() };
        format!("{}{}{} {}", d, NBSP, MONTHS[(self.month - 1) as usize], self.year)
    }

    pub fn iso(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }

    /// The same day `months` later, clamped to the month's end (31 août + 6 mois = 28/29 février).
    pub fn add_months(&self, months: i32) -> Date {
        let total = self.year * 12 + (self.month as i32 - 1) + months;
        let year = total.div_euclid(12);
        let month = (total.rem_euclid(12) + 1) as u32;
        Date { year, month, day: self.day.min(days_in_month(year, month)) }
    }

    pub fn add_days(&self, days: i64) -> Date {
        let mut d = *self;
        let mut n = days;
        while n > 0 {
            if d.day < days_in_month(d.year, d.month) {
                d.day += 1;
            } else if d.month < 12 {
                d = Date { year: d.year, month: d.month + 1, day: 1 };
            } else {
                d = Date { year: d.year + 1, month: 1, day: 1 };
            }
            n -= 1;
        }
        while n < 0 {
            if d.day > 1 {
                d.day -= 1;
            } else if d.month > 1 {
                d = Date { year: d.year, month: d.month - 1, day: days_in_month(d.year, d.month - 1) };
            } else {
                d = Date { year: d.year - 1, month: 12, day: 31 };
            }
            n += 1;
        }
        d
    }
}

fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        _ => 28,
    }
}

/// Ordinal adjective in words: premier, deuxième … vingtième, then « 21e ».
pub fn ordinal_word(n: usize) -> String {
    const W: [&str; 20] = [
        "premier", "deuxième", "troisième", "quatrième", "cinquième", "sixième", "septième", "huitième", "neuvième", "dixième",
        "onzième", "douzième", "treizième", "quatorzième", "quinzième", "seizième", "dix-septième", "dix-huitième", "dix-neuvième", "vingtième",
    ];
    match n {
        1..=20 => W[n - 1].to_string(),
        _ => format!("{}e", n),
    }
}

/// Cardinal in words for small counts (« deux alinéas »).
pub fn cardinal_word(n: usize) -> String {
    const W: [&str; 10] = ["zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf"];
    if n < 10 { W[n].to_string() } else { n.to_string() }
}

/// « 1er », « 2e » (for articles: « Article 1er »).
pub fn ordinal_abbr(n: usize) -> String {
    if n == 1 { "1er".into() } else { format!("{}e", n) }
}

/// Capitals keep their accents (« À LA CONVENTION », « ÉTAT »).
pub fn upper(s: &str) -> String {
    s.chars().flat_map(|c| if c == 'ß' { vec!['ß'] } else { c.to_uppercase().collect() }).collect()
}

/// First letter in capitals: « la Ville de Paris » → « La Ville de Paris ».
pub fn capitalize(s: &str) -> String {
    let mut cs = s.chars();
    match cs.next() {
        Some(f) => f.to_uppercase().chain(cs).collect(),
        None => String::new(),
    }
}

/// First letter in lower case: « Convention de … » → « convention de … »
/// (a title inside a sentence).
pub fn decapitalize(s: &str) -> String {
    let mut cs = s.chars();
    match cs.next() {
        Some(f) => f.to_lowercase().chain(cs).collect(),
        None => String::new(),
    }
}

/// Applies French typography to text, changing only spaces: the space before
/// « : ; ! ? » and « » », after « « » and « n° », and inside « 35 % » becomes
/// non-breaking. No character is added or removed, so offsets stay valid.
pub fn typography(text: &str) -> String {
    let cs: Vec<char> = text.chars().collect();
    let mut out = cs.clone();
    for k in 0..cs.len() {
        if cs[k] != ' ' {
            continue;
        }
        let next = cs.get(k + 1).copied();
        let prev = if k > 0 { Some(cs[k - 1]) } else { None };
        let before_punct = matches!(next, Some(':' | ';' | '!' | '?' | '»' | '%'));
        let after_open = prev == Some('«');
        let after_no = k >= 2 && (cs[k - 2] == 'n' || cs[k - 2] == 'N') && cs[k - 1] == '°' && (k < 3 || !cs[k - 3].is_alphanumeric());
        if (before_punct && prev.is_some()) || after_open || after_no {
            out[k] = NBSP;
        }
    }
    out.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn dates() {
        assert_eq!(Date::parse("2027-01-01").unwrap().long(), "1er\u{a0}janvier 2027");
        assert_eq!(Date::parse("2026-12-09").unwrap().long(), "9\u{a0}décembre 2026");
        assert!(Date::parse("2026-02-30").is_none());
        assert_eq!(Date::parse("2024-01-31").unwrap().add_months(1).iso(), "2024-02-29");
        assert_eq!(Date::parse("2026-12-31").unwrap().add_days(1).iso(), "2027-01-01");
        assert_eq!(Date::parse("2027-01-01").unwrap().add_days(-1).iso(), "2026-12-31");
    }
    #[test]
    fn typo() {
        assert_eq!(typography("« oui » : non ; n° 12, 35 %"), "«\u{a0}oui\u{a0}»\u{a0}: non\u{a0}; n°\u{a0}12, 35\u{a0}%");
        assert_eq!(typography("a : b"), "a\u{a0}: b");
        assert_eq!(typography("https://x.fr"), "https://x.fr");
    }
    #[test]
    fn words() {
        assert_eq!(ordinal_word(2), "deuxième");
        assert_eq!(upper("à la convention d'état"), "À LA CONVENTION D'ÉTAT");
    }
}
