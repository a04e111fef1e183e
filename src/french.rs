//! French as the legal services write it: dates (« le 1er janvier 2027 »),
//! ordinals in words (« deuxième alinéa »), accented capitals, and the
//! typography of the drafting guide (§5): non-breaking spaces before « : ; ! ? »
//! and inside guillemets, after « n° », inside « 35 % ».

const NBSP: char = '\u{00A0}';

const MONTHS: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];

/// A civil date parsed from ISO 8601 (`2026-12-09`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    pub(crate) year: i32,
    pub(crate) month: u32,
    pub(crate) day: u32,
}

impl Date {
    /// Exactly `YYYY-MM-DD` (surrounding spaces aside), year 1 to 9999: a
    /// date with anything after it (`2027-01-15x`, `2027-01-155`) is not one.
    pub fn parse(iso: &str) -> Option<Date> {
        let b = iso.trim().as_bytes();
        if b.len() != 10
            || b[4] != b'-'
            || b[7] != b'-'
            || ![0, 1, 2, 3, 5, 6, 8, 9].iter().all(|&k| b[k].is_ascii_digit())
        {
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
    pub(crate) fn long(&self) -> String {
        let d = if self.day == 1 { "1er".to_string() } else { self.day.to_string() };
        format!("{}{}{} {}", d, NBSP, MONTHS[(self.month - 1) as usize], self.year)
    }

    pub(crate) fn iso(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }

    /// The same day `months` later, clamped to the month's end (31 août + 6 mois = 28/29 février).
    pub(crate) fn add_months(&self, months: i32) -> Date {
        let total = self.year * 12 + (self.month as i32 - 1) + months;
        let year = total.div_euclid(12);
        let month = (total.rem_euclid(12) + 1) as u32;
        Date { year, month, day: self.day.min(days_in_month(year, month)) }
    }

    pub(crate) fn add_days(&self, days: i64) -> Date {
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

impl Date {
    /// A date as a person types it: ISO (`2026-03-10`), in words (« 10 mars
    /// 2026 », « 1er mars 2026 », « le 10 mars 2026 ») or in figures
    /// (`10/03/2026`). Anything else, or a day the month does not have, is
    /// not a date.
    pub fn parse_any(s: &str) -> Option<Date> {
        if let Some(d) = Date::parse(s) {
            return Some(d);
        }
        let t = s.trim().replace('\u{a0}', " ").to_lowercase();
        let t = t.strip_prefix("le ").unwrap_or(&t).trim();
        let iso = |y: &str, m: u32, d: &str| -> Option<Date> {
            let (y, d): (i32, u32) = (y.parse().ok()?, d.parse().ok()?);
            Date::parse(&format!("{:04}-{:02}-{:02}", y, m, d)).filter(|_| (1..=9999).contains(&y) && d <= 31)
        };
        if let [d, m, y] = t.split('/').collect::<Vec<_>>()[..] {
            let ok = |x: &str, n: usize| !x.is_empty() && x.len() <= n && x.bytes().all(|b| b.is_ascii_digit());
            if ok(d, 2) && ok(m, 2) && ok(y, 4) && y.len() == 4 {
                return iso(y, m.parse().ok()?, d);
            }
            return None;
        }
        let words: Vec<&str> = t.split_whitespace().collect();
        let [d, m, y] = words[..] else { return None };
        let d = d.strip_suffix("er").unwrap_or(d);
        let month = MONTHS.iter().position(|x| *x == m || crate::french::fold_accents(x) == m)? as u32 + 1;
        if !(d.bytes().all(|b| b.is_ascii_digit()) && y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit())) {
            return None;
        }
        iso(y, month, d)
    }
}

/// A word without its accents, lower case (« août » → « aout »).
pub(crate) fn fold_accents(s: &str) -> String {
    s.chars().map(base_letter).collect()
}

/// A count written in figures or in words: « 4 », « quatre », « vingt-quatre »,
/// « soixante-dix », « quatre-vingt-dix-neuf », « trente-six », « un », « une »
/// (up to 999). Anything that is not wholly a number is none.
pub fn parse_count(s: &str) -> Option<u32> {
    let t = s.trim();
    if !t.is_empty() && t.len() <= 6 && t.bytes().all(|b| b.is_ascii_digit()) {
        return t.parse().ok();
    }
    const UNITS: [(&str, u32); 18] = [
        ("zero", 0),
        ("un", 1),
        ("une", 1),
        ("deux", 2),
        ("trois", 3),
        ("quatre", 4),
        ("cinq", 5),
        ("six", 6),
        ("sept", 7),
        ("huit", 8),
        ("neuf", 9),
        ("dix", 10),
        ("onze", 11),
        ("douze", 12),
        ("treize", 13),
        ("quatorze", 14),
        ("quinze", 15),
        ("seize", 16),
    ];
    const TENS: [(&str, u32); 5] =
        [("vingt", 20), ("trente", 30), ("quarante", 40), ("cinquante", 50), ("soixante", 60)];
    let folded = fold_accents(&t.to_lowercase());
    let words: Vec<&str> = folded.split(['-', ' ']).filter(|w| !w.is_empty() && *w != "et").collect();
    if words.is_empty() {
        return None;
    }
    let (mut current, mut last) = (0u32, 0u32);
    for w in words {
        if let Some(&(_, n)) = UNITS.iter().chain(TENS.iter()).find(|(x, _)| *x == w) {
            // « quatre-vingt(s) »: four twenties.
            if n == 20 && last == 4 && current % 100 == 4 {
                current = current - 4 + 80;
            } else {
                current += n;
            }
            last = n;
        } else if w == "vingts" && last == 4 {
            current = current - 4 + 80;
            last = 80;
        } else if w == "cent" || w == "cents" {
            current = current.max(1) * 100;
            last = 100;
        } else {
            return None;
        }
    }
    (current < 1000).then_some(current)
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
pub(crate) fn ordinal_word(n: usize) -> String {
    const W: [&str; 20] = [
        "premier",
        "deuxième",
        "troisième",
        "quatrième",
        "cinquième",
        "sixième",
        "septième",
        "huitième",
        "neuvième",
        "dixième",
        "onzième",
        "douzième",
        "treizième",
        "quatorzième",
        "quinzième",
        "seizième",
        "dix-septième",
        "dix-huitième",
        "dix-neuvième",
        "vingtième",
    ];
    match n {
        1..=20 => W[n - 1].to_string(),
        _ => format!("{}e", n),
    }
}

/// Cardinal in words for small counts (« deux alinéas »).
pub(crate) fn cardinal_word(n: usize) -> String {
    const W: [&str; 10] = ["zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf"];
    if n < 10 {
        W[n].to_string()
    } else {
        n.to_string()
    }
}

/// « 1er », « 2e » (for articles: « Article 1er »).
pub(crate) fn ordinal_abbr(n: usize) -> String {
    if n == 1 {
        "1er".into()
    } else {
        format!("{}e", n)
    }
}

/// Capitals keep their accents (« À LA CONVENTION », « ÉTAT »).
pub(crate) fn upper(s: &str) -> String {
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
pub(crate) fn decapitalize(s: &str) -> String {
    let mut cs = s.chars();
    match cs.next() {
        Some(f) => f.to_lowercase().chain(cs).collect(),
        None => String::new(),
    }
}

/// Applies French typography to text: the space before « : ; ! ? » and
/// « » », after « « » and « n° », and inside « 35 % » becomes non-breaking,
/// and the typewriter apostrophe becomes the typographic one (’), so that a
/// clause typed with ' and a frame written with ’ print alike. Each change is
/// one character for one, so offsets stay valid.
pub(crate) fn typography(text: &str) -> String {
    let cs: Vec<char> = text.chars().collect();
    let mut out = cs.clone();
    for k in 0..cs.len() {
        if cs[k] == '\'' {
            out[k] = '\u{2019}';
            continue;
        }
        if cs[k] != ' ' {
            continue;
        }
        let next = cs.get(k + 1).copied();
        let prev = if k > 0 { Some(cs[k - 1]) } else { None };
        let before_punct = matches!(next, Some(':' | ';' | '!' | '?' | '»' | '%'));
        let after_open = prev == Some('«');
        let after_no = k >= 2
            && (cs[k - 2] == 'n' || cs[k - 2] == 'N')
            && cs[k - 1] == '°'
            && (k < 3 || !cs[k - 3].is_alphanumeric());
        if (before_punct && prev.is_some()) || after_open || after_no {
            out[k] = NBSP;
        }
    }
    out.into_iter().collect()
}

/// What a text is, as a sentence names it: its noun with the article that
/// agrees (« la convention », « le cahier des charges », « les statuts »,
/// « l’accord »), so that formulas say « À LA CONVENTION », « AU CAHIER DES
/// CHARGES », « Vu les statuts ».
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Nature {
    /// « la », « le », « l’ », « les ».
    pub(crate) article: &'static str,
    /// « convention », « cahier des charges ».
    pub(crate) noun: String,
    pub(crate) feminine: bool,
    pub(crate) plural: bool,
}

impl Nature {
    /// Reads « la convention », « le cahier des charges », « les statuts »,
    /// « l'accord ».
    pub(crate) fn parse(s: &str) -> Nature {
        let t = s.trim();
        let lower = t.to_lowercase();
        let (article, rest) = if let Some(r) = lower.strip_prefix("la ") {
            ("la", &t[t.len() - r.len()..])
        } else if let Some(r) = lower.strip_prefix("le ") {
            ("le", &t[t.len() - r.len()..])
        } else if let Some(r) = lower.strip_prefix("les ") {
            ("les", &t[t.len() - r.len()..])
        } else if let Some(r) = lower.strip_prefix("l'").or_else(|| lower.strip_prefix("l’")) {
            ("l’", &t[t.len() - r.len()..])
        } else {
            return Nature::of_noun(t);
        };
        let noun = rest.trim().to_string();
        let guessed = Nature::of_noun(&noun);
        Nature {
            article,
            noun,
            feminine: if article == "la" {
                true
            } else if article == "le" {
                false
            } else {
                guessed.feminine
            },
            plural: article == "les",
        }
    }

    /// The nature a noun or a title says, by its first word: a convention,
    /// a cahier des charges, a protocole, statuts, an accord, an avenant.
    pub(crate) fn of_noun(title: &str) -> Nature {
        let lower = title.trim().to_lowercase();
        const KNOWN: [(&str, &str, bool, bool); 9] = [
            ("convention", "la", true, false),
            ("cahier des charges", "le", false, false),
            ("protocole", "le", false, false),
            ("statuts", "les", false, true),
            ("accord", "l’", false, false),
            ("avenant", "l’", false, false),
            ("charte", "la", true, false),
            ("contrat", "le", false, false),
            ("règlement", "le", false, false),
        ];
        for (noun, article, feminine, plural) in KNOWN {
            if lower.starts_with(noun) {
                return Nature { article, noun: noun.to_string(), feminine, plural };
            }
        }
        Nature { article: "la", noun: "convention".into(), feminine: true, plural: false }
    }

    fn joined(&self, prep: &str) -> String {
        let sep = if self.article.ends_with('’') { "" } else { " " };
        match (prep, self.article) {
            ("de", "le") => "du ".into(),
            ("de", "les") => "des ".into(),
            ("à", "le") => "au ".into(),
            ("à", "les") => "aux ".into(),
            ("", a) => format!("{}{}", a, sep),
            (p, a) => format!("{} {}{}", p, a, sep),
        }
    }

    /// « la convention », « le cahier des charges ».
    pub(crate) fn the(&self) -> String {
        format!("{}{}", self.joined(""), self.noun)
    }
    /// « de la convention », « du cahier des charges », « des statuts ».
    pub(crate) fn of(&self) -> String {
        format!("{}{}", self.joined("de"), self.noun)
    }
    /// « à la convention », « au cahier des charges », « aux statuts ». The
    /// formulas say « à » through `with`; the tests check the contractions
    /// through this.
    #[cfg(test)]
    fn to(&self) -> String {
        format!("{}{}", self.joined("à"), self.noun)
    }
    /// The article and a longer designation (the title): « la convention de
    /// coopération entre … », « au cahier des charges type … ».
    pub(crate) fn with(&self, prep: &str, designation: &str) -> String {
        format!("{}{}", self.joined(prep), designation)
    }
    /// « cette convention », « ce cahier des charges », « cet accord », « ces statuts ».
    pub(crate) fn this(&self) -> String {
        let d = match (self.plural, self.feminine, self.article) {
            (true, _, _) => "ces",
            (_, true, _) => "cette",
            (_, false, "l’") => "cet",
            _ => "ce",
        };
        format!("{} {}", d, self.noun)
    }
    /// A past participle agreeing with the text: « modifiée », « modifiés ».
    pub(crate) fn agree(&self, participle: &str) -> String {
        format!("{}{}{}", participle, if self.feminine { "e" } else { "" }, if self.plural { "s" } else { "" })
    }
}

/// A letter without its accent, in lower case (« É » → « e », « ç » → « c »).
pub(crate) fn base_letter(c: char) -> char {
    let l = c.to_lowercase().next().unwrap_or(c);
    match l {
        'à' | 'â' | 'ä' | 'á' => 'a',
        'é' | 'è' | 'ê' | 'ë' => 'e',
        'î' | 'ï' | 'í' => 'i',
        'ô' | 'ö' | 'ó' => 'o',
        'ù' | 'û' | 'ü' | 'ú' => 'u',
        'ÿ' => 'y',
        'ç' => 'c',
        _ => l,
    }
}

/// `text` with the accents of `reference`, when the two are the same
/// letters but for accents and case: a sommaire typed in capitals without
/// accents (« COOPERATION ») takes the spelling of the heading it points to
/// (« COOPÉRATION »). `None` when they differ by anything else.
pub(crate) fn accents_from(text: &str, reference: &str) -> Option<String> {
    let t: Vec<char> = text.chars().collect();
    let r: Vec<char> = reference.chars().collect();
    if t.len() != r.len() || t.iter().zip(&r).any(|(a, b)| base_letter(*a) != base_letter(*b)) {
        return None;
    }
    Some(
        t.iter()
            .zip(&r)
            .map(|(a, b)| {
                if !a.is_alphabetic() || a == b {
                    *a
                } else if a.is_uppercase() {
                    b.to_uppercase().next().unwrap_or(*b)
                } else {
                    b.to_lowercase().next().unwrap_or(*b)
                }
            })
            .collect(),
    )
}

/// Splits a text into pieces, each marked when it is an ordinal's suffix to
/// print in superscript: « 1er », « 1re », « 2e », « 13e », « TITRE Ier »
/// (the drafting guide, §5). A suffix counts only after a number standing
/// alone and before the end of the word: « 2eme », « H2e », « 1e5 » are
/// left as they are.
///
/// A text that is one run of a paragraph is read between the characters of
/// the runs around it (`before`, `after`): « 2e » followed by a run « me »
/// is no ordinal, as in the paragraph's text read whole (what `typeset` reads).
pub fn ordinal_pieces_between(text: &str, before: Option<char>, after: Option<char>) -> Vec<(&str, bool)> {
    let b = text.as_bytes();
    let word = |i: usize| -> bool { text[i..].chars().next().or(after).is_some_and(|c| c.is_alphanumeric()) };
    let word_before =
        |i: usize| -> bool { text[..i].chars().next_back().or(before).is_some_and(|c| c.is_alphanumeric()) };
    let mut out = Vec::new();
    let mut last = 0;
    let mut i = 0;
    while i < b.len() {
        let start = i;
        let number_end = if b[i].is_ascii_digit() {
            let mut j = i;
            while j < b.len() && b[j].is_ascii_digit() {
                j += 1;
            }
            Some(j)
        } else if text[i..].starts_with("Ier") {
            Some(i + 1)
        } else {
            None
        };
        let Some(j) = number_end.filter(|_| !word_before(start)) else {
            i += text[i..].chars().next().map_or(1, char::len_utf8);
            continue;
        };
        let suffix =
            ["ers", "res", "er", "re", "es", "e"].into_iter().find(|s| text[j..].starts_with(s) && !word(j + s.len()));
        let suffix = if b[start] == b'I' { suffix.filter(|s| *s == "er") } else { suffix };
        match suffix {
            Some(s) => {
                if last < j {
                    out.push((&text[last..j], false));
                }
                out.push((&text[j..j + s.len()], true));
                last = j + s.len();
                i = last;
            }
            None => i = j.max(start + 1),
        }
    }
    if last < text.len() || out.is_empty() {
        out.push((&text[last..], false));
    }
    out
}

/// « 1 exemplaire original », « 4 exemplaires originaux ».
pub fn exemplaires(n: u64) -> String {
    if n == 1 {
        "1 exemplaire original".into()
    } else {
        format!("{} exemplaires originaux", n)
    }
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
        assert_eq!(
            typography("« oui » : non ; n° 12, 35 %"),
            "«\u{a0}oui\u{a0}»\u{a0}: non\u{a0}; n°\u{a0}12, 35\u{a0}%"
        );
        assert_eq!(typography("a : b"), "a\u{a0}: b");
        assert_eq!(typography("https://x.fr"), "https://x.fr");
        assert_eq!(typography("l'État d’Ivry"), "l\u{2019}État d\u{2019}Ivry");
    }
    #[test]
    fn sommaire_spelled_as_its_heading() {
        assert_eq!(
            accents_from("DUREE DE LA CONVENTION", "Durée de la convention").as_deref(),
            Some("DURÉE DE LA CONVENTION")
        );
        assert_eq!(accents_from("MISE EN ŒUVRE", "mise en œuvre").as_deref(), Some("MISE EN ŒUVRE"));
        assert_eq!(accents_from("Etat", "État").as_deref(), Some("État"));
        assert_eq!(accents_from("DUREE", "Durée de la convention"), None);
        assert_eq!(accents_from("AXES", "Actes"), None);
    }
    #[test]
    fn ordinals_in_superscript() {
        fn ordinal_pieces(t: &str) -> Vec<(&str, bool)> {
            ordinal_pieces_between(t, None, None)
        }
        let sup =
            |t: &str| ordinal_pieces(t).into_iter().filter(|(_, s)| *s).map(|(p, _)| p.to_string()).collect::<Vec<_>>();
        assert_eq!(
            sup("Article 1er – le 13e arrondissement, la 1re fois, les 2es, TITRE Ier"),
            ["er", "e", "re", "es", "er"]
        );
        assert!(sup("2eme H2e 1e5 A4 Ce De Le 12 e").is_empty());
        assert_eq!(ordinal_pieces("du 1er janvier").into_iter().map(|(p, _)| p).collect::<String>(), "du 1er janvier");
        assert_eq!(ordinal_pieces(""), [("", false)]);
        assert_eq!(ordinal_pieces("1er"), [("1", false), ("er", true)]);
        // Between other runs: a letter after or before makes it no ordinal.
        assert_eq!(ordinal_pieces_between("0e", None, Some('ô')), [("0e", false)]);
        assert_eq!(ordinal_pieces_between("2e", Some('H'), None), [("2e", false)]);
        assert_eq!(ordinal_pieces_between("2e", Some(' '), Some(' ')), [("2", false), ("e", true)]);
    }
    #[test]
    fn natures() {
        let c = Nature::parse("la convention");
        assert_eq!(
            (c.of(), c.to(), c.agree("modifié")),
            ("de la convention".into(), "à la convention".into(), "modifiée".into())
        );
        let c = Nature::parse("le cahier des charges");
        assert_eq!((c.of(), c.to()), ("du cahier des charges".into(), "au cahier des charges".into()));
        let s = Nature::parse("les statuts");
        assert_eq!(
            (s.of(), s.to(), s.agree("modifié")),
            ("des statuts".into(), "aux statuts".into(), "modifiés".into())
        );
        let a = Nature::parse("l'accord");
        assert_eq!((a.the(), a.of(), a.to()), ("l’accord".into(), "de l’accord".into(), "à l’accord".into()));
        assert_eq!(Nature::of_noun("Cahier des charges type pour la concession").to(), "au cahier des charges");
    }

    #[test]
    fn counts_and_dates_as_people_type_them() {
        for (t, n) in [
            ("4", 4),
            ("quatre", 4),
            ("une", 1),
            ("vingt-quatre", 24),
            ("trente-six", 36),
            ("soixante-dix", 70),
            ("quatre-vingt-dix-neuf", 99),
            ("vingt et un", 21),
            ("Dix-huit", 18),
            ("quatre-vingts", 80),
        ] {
            assert_eq!(parse_count(t), Some(n), "{}", t);
        }
        for t in ["", "quatre ans", "4a", "beaucoup", "-", "1234567"] {
            assert_eq!(parse_count(t), None, "{}", t);
        }
        for (t, iso) in [
            ("2026-03-10", "2026-03-10"),
            ("10 mars 2026", "2026-03-10"),
            ("1er août 2026", "2026-08-01"),
            ("le 1er aout 2026", "2026-08-01"),
            ("10/03/2026", "2026-03-10"),
            ("9 Décembre 2026", "2026-12-09"),
        ] {
            assert_eq!(Date::parse_any(t).map(|d| d.iso()).as_deref(), Some(iso), "{}", t);
        }
        for t in ["31 février 2026", "10 mars", "mars 2026", "10 brumaire 2026", "32/01/2026", "10/03/26", "demain"] {
            assert!(Date::parse_any(t).is_none(), "{}", t);
        }
    }

    #[test]
    fn words() {
        assert_eq!(ordinal_word(2), "deuxième");
        assert_eq!(upper("à la convention d'état"), "À LA CONVENTION D'ÉTAT");
    }
}
