//! Citations in the terms of the Guide de légistique: a division is cited
//! from the most precise one outwards (« le deuxième alinéa du ii) du 1. du A
//! du II »), and the chain stops at a label that locates itself — an article
//! (« l'article 3 »), a decimal number (« le b du 7.3.5 », « le paragraphe
//! 25.2 de l'article 25 »); alinéas are named in words (« premier »,
//! « second » of two, « dernier »), visas and recitals by their rank (« le
//! troisième visa »). The avenant's formulas and the tableau comparatif cite
//! through this one module, so that they always name a change the same way.

use crate::french::{ordinal_word, Nature};
use crate::markdown::escape;
use crate::model::{inline_text, Alinea, Division, Document, PartKind};
use crate::numbering::Pattern;
use std::collections::HashMap;

/// Something cited: its article (« le », « la », « l’ ») and its name, with
/// the gender that agrees with it (« l'annexe 2 est supprimée »).
#[derive(Debug, Clone)]
pub struct Cite {
    pub(crate) article: &'static str,
    pub name: String,
    pub(crate) feminine: bool,
}

impl Cite {
    fn masculine(article: &'static str, name: String) -> Cite {
        Cite { article, name, feminine: false }
    }

    /// « le 1. », « l’article 3 ».
    pub(crate) fn subject(&self) -> String {
        format!("{}{}", self.article, self.name)
    }
    /// « du 1. », « de l’article 3 », « de la rubrique … ».
    pub(crate) fn of(&self) -> String {
        match self.article {
            "le " => format!("du {}", self.name),
            "les " => format!("des {}", self.name),
            a => format!("de {}{}", a, self.name),
        }
    }
    /// « Au 1. », « À l’article 3 ».
    pub(crate) fn at(&self) -> String {
        match self.article {
            "le " => format!("Au {}", self.name),
            "les " => format!("Aux {}", self.name),
            a => format!("À {}{}", a, self.name),
        }
    }
    /// A past participle agreeing with the cited thing: « supprimé(e)(s) ».
    pub(crate) fn agree(&self, participle: &str) -> String {
        let one = if self.feminine { format!("{}e", participle) } else { participle.to_string() };
        // « les … » and a list of things each with its article are plural.
        if self.article == "les " || self.article.is_empty() {
            format!("{}s", one)
        } else {
            one
        }
    }
}

/// Knows every division and part of the text before the avenant.
pub struct Citer<'a> {
    by_id: HashMap<&'a str, &'a Division>,
    parent: HashMap<&'a str, &'a Division>,
    parts: HashMap<PartKind, Vec<&'a Alinea>>,
    /// The numbering patterns of the text, to print new labels.
    patterns: Vec<Pattern>,
    /// Divisions whose citation another division shares (a text with two
    /// « Art. 20. »): their rank and how many share it.
    twins: HashMap<&'a str, (usize, usize)>,
    /// The text cited in, when an avenant amends several: every citation
    /// then names it at its outermost level (« l'article 5 du cahier des
    /// charges »), else « l'article 5 » could be either text's.
    text: Option<Nature>,
}

/// Whether a label locates itself in the text: a decimal number (« 7.3.5 »,
/// « 25.2 ») says which division it belongs to.
pub(crate) fn self_locating(label: &str) -> bool {
    let n = crate::numbering::label_number(label.trim().trim_end_matches(['―', '—', ':', ' ']));
    let digits: Vec<&str> = n.split('.').collect();
    digits.len() >= 2 && digits.iter().all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
}

impl<'a> Citer<'a> {
    pub fn new(doc: &'a Document) -> Citer<'a> {
        let patterns = crate::numbering::patterns(&doc.meta.numbering);
        let mut by_id = HashMap::new();
        let mut parent = HashMap::new();
        fn go<'a>(
            d: &'a Division,
            by_id: &mut HashMap<&'a str, &'a Division>,
            parent: &mut HashMap<&'a str, &'a Division>,
        ) {
            by_id.insert(d.id.as_str(), d);
            for c in &d.children {
                parent.insert(c.id.as_str(), d);
                go(c, by_id, parent);
            }
        }
        for d in &doc.divisions {
            go(d, &mut by_id, &mut parent);
        }
        let mut parts: HashMap<PartKind, Vec<&Alinea>> = HashMap::new();
        for p in doc.front.iter().chain(&doc.closing) {
            parts.entry(p.kind).or_default().extend(p.alineas.iter());
        }
        let mut citer = Citer { by_id, parent, parts, patterns, twins: HashMap::new(), text: None };
        // The same citation for two divisions would amend both or neither:
        // each is told apart by its rank (« le second article 20 »).
        let mut named: HashMap<String, Vec<&'a str>> = HashMap::new();
        fn order<'a>(ds: &'a [Division], out: &mut Vec<&'a str>) {
            for d in ds {
                out.push(d.id.as_str());
                order(&d.children, out);
            }
        }
        let mut all = Vec::new();
        order(&doc.divisions, &mut all);
        // Outermost first: two « 1° de l'article 20 » are told apart by
        // their articles, not by their own rank. Each pass settles the
        // shallowest ambiguity left (a handful of passes on real texts).
        let mut depth: HashMap<&str, usize> = HashMap::new();
        for &id in &all {
            let d = citer.parent(id).map_or(0, |p| depth.get(p.id.as_str()).map_or(0, |x| x + 1));
            depth.insert(id, d);
        }
        for _ in 0..16 {
            named.clear();
            for &id in &all {
                named.entry(citer.local(id).name).or_default().push(id);
            }
            let groups: Vec<&Vec<&'a str>> = named.values().filter(|v| v.len() > 1).collect();
            let Some(level) = groups.iter().flat_map(|v| v.iter().map(|id| depth[id])).min() else { break };
            let settle: Vec<Vec<&'a str>> =
                groups.into_iter().filter(|v| v.iter().map(|id| depth[id]).min() == Some(level)).cloned().collect();
            if settle.is_empty() {
                break;
            }
            for ids in settle {
                for (k, id) in ids.iter().enumerate() {
                    citer.twins.insert(id, (k + 1, ids.len()));
                }
            }
        }
        citer
    }

    /// The same citer, naming `text` in every citation: for an avenant to
    /// several texts (« l'article 5 du cahier des charges »).
    pub(crate) fn naming(mut self, text: Nature) -> Citer<'a> {
        self.text = Some(text);
        self
    }

    /// The text every citation names, if any.
    pub(crate) fn text(&self) -> Option<&Nature> {
        self.text.as_ref()
    }

    /// A citation completed with the text it is in, when the citer names it.
    /// Only the outermost citation is completed: « le deuxième alinéa de
    /// l'article 3 de la convention » is built on the article's citation.
    fn in_text(&self, mut c: Cite) -> Cite {
        if let Some(t) = &self.text {
            c.name = format!("{} {}", c.name, t.of());
        }
        c
    }

    /// The label a division of `level` takes with `number`.
    pub(crate) fn label(&self, level: usize, number: &str) -> String {
        crate::numbering::label_at(&self.patterns, level, number)
    }

    pub(crate) fn division(&self, id: &str) -> Option<&'a Division> {
        self.by_id.get(id).copied()
    }

    /// The division an id names, or its parent.
    pub(crate) fn parent(&self, id: &str) -> Option<&'a Division> {
        self.parent.get(id).copied()
    }

    /// How one division is named on its own. A letter is cited without its
    /// parenthesis (« le b du 7.3.5 »), a lower-case Roman numeral keeps it
    /// (« le ii) du 1. ») — the numbering of its level says which « i) » is.
    pub(crate) fn token(&self, d: &Division) -> Cite {
        let roman =
            self.patterns.get(d.level.max(1) - 1).is_some_and(|p| p.counter == crate::numbering::Counter::RomanLower);
        match &d.label {
            Some(l) if roman => Cite::masculine("le ", l.trim().to_string()),
            Some(l) => label_cite(l),
            None => {
                let t = inline_text(&d.title);
                let t = t.trim().trim_end_matches([':', ' ', '.']);
                if t.to_lowercase().starts_with("préambule") {
                    Cite::masculine("le ", "préambule".into())
                } else {
                    Cite { article: "la ", name: format!("rubrique « {} »", escape(t, false)), feminine: true }
                }
            }
        }
    }

    /// The full citation, from this division outwards: « le 1. du A du II »,
    /// « l'article 3 », « le b du 7.3.5 », « le paragraphe 25.2 de l'article
    /// 25 » — and « … du cahier des charges » when the citer names its text.
    pub(crate) fn cite(&self, id: &str) -> Cite {
        self.in_text(self.local(id))
    }

    /// The citation inside its own text, never naming it: a heading placed
    /// under the text's name (the État style's annex) says no more.
    pub(crate) fn local(&self, id: &str) -> Cite {
        let Some(d) = self.division(id) else {
            return Cite { article: "la ", name: format!("division « {} »", id), feminine: true };
        };
        let is_article = |c: &Cite| c.name.starts_with("article ");
        let under_article = |x: &Division| self.parent.get(x.id.as_str()).is_some_and(|p| is_article(&self.token(p)));
        // A decimal label locates itself; under an article it is one of its
        // paragraphes (« le paragraphe 25.2 de l'article 25 »).
        let token = |x: &Division| {
            let t = self.token(x);
            if x.label.as_deref().is_some_and(self_locating) && under_article(x) {
                Cite::masculine("le ", format!("paragraphe {}", t.name))
            } else {
                t
            }
        };
        let stops = |x: &Division| {
            is_article(&self.token(x)) || (x.label.as_deref().is_some_and(self_locating) && !under_article(x))
        };
        let twin = |x: &Division| {
            let t = token(x);
            match self.twins.get(x.id.as_str()) {
                Some(&(rank, count)) => {
                    let ordinal = if count == 2 && rank == 2 { "second".to_string() } else { ordinal_in_words(rank) };
                    let ordinal = if t.feminine {
                        ordinal.replace("premier", "première").replace("second", "seconde")
                    } else {
                        ordinal
                    };
                    Cite {
                        article: if t.feminine { "la " } else { "le " },
                        name: format!("{} {}", ordinal, t.name),
                        feminine: t.feminine,
                    }
                }
                None => t,
            }
        };
        // « 25.2. ― II. ― »: the II of a paragraphe is cited with it, as the
        // text labels it (« le paragraphe 25.2.II »).
        let glued = |x: &'a Division| -> Option<(Cite, &'a Division)> {
            let p = *self.parent.get(x.id.as_str())?;
            let bare = self.token(x).name;
            let roman_or_letter = !bare.is_empty()
                && bare.chars().count() <= 6
                && bare.chars().all(|ch| ch.is_ascii_uppercase())
                && !self.twins.contains_key(x.id.as_str());
            if !(roman_or_letter && p.label.as_deref().is_some_and(self_locating)) {
                return None;
            }
            let mut c = token(p);
            c.name = format!("{}.{}", c.name, bare);
            Some((c, p))
        };
        let (mut c, mut cur) = match glued(d) {
            Some((c, p)) => (c, p),
            None => (twin(d), d),
        };
        while !stops(cur) {
            let Some(p) = self.parent.get(cur.id.as_str()) else { break };
            let (t, next) = glued(p).unwrap_or_else(|| (twin(p), p));
            c.name = format!("{} {}", c.name, t.of());
            cur = next;
        }
        c
    }

    /// Several sibling divisions cited together, in order: « les articles
    /// 23 à 26 », « les 1° et 2° de l’article 9 »; one is cited alone. The
    /// text, when named, is named once, after all of them.
    pub(crate) fn cite_all(&self, ids: &[&str]) -> Cite {
        self.in_text(self.local_all(ids))
    }

    /// `cite_all` inside its own text (see `local`).
    pub(crate) fn local_all(&self, ids: &[&str]) -> Cite {
        let cites: Vec<Cite> = ids.iter().map(|id| self.local(id)).collect();
        let [first, .., last] = cites.as_slice() else {
            return cites.into_iter().next().unwrap_or_else(|| Cite::masculine("le ", String::new()));
        };
        // What follows the labels (« de l’article 9 ») is said once.
        let words: Vec<Vec<&str>> = cites.iter().map(|c| c.name.split(' ').collect()).collect();
        let shortest = words.iter().map(Vec::len).min().unwrap_or(0);
        let mut common = 0;
        while common + 1 < shortest
            && words.iter().all(|w| w[w.len() - 1 - common] == words[0][words[0].len() - 1 - common])
        {
            common += 1;
        }
        let suffix: String = words[0][words[0].len() - common..].iter().map(|w| format!(" {}", w)).collect();
        let heads: Vec<Vec<&str>> = words.iter().map(|w| w[..w.len() - common].to_vec()).collect();
        let joined = |labels: Vec<&str>| {
            if labels.len() > 2 {
                format!("{} à {}", labels[0], labels[labels.len() - 1])
            } else {
                labels.join(" et ")
            }
        };
        let name = if heads.iter().all(|h| h.len() == 2 && h[0] == heads[0][0]) {
            // « articles 23 à 26 »
            let kind = heads[0][0];
            let kinds =
                if kind.ends_with('s') || kind.ends_with('x') { kind.to_string() } else { format!("{}s", kind) };
            format!("{} {}{}", kinds, joined(heads.iter().map(|h| h[1]).collect()), suffix)
        } else if heads.iter().all(|h| h.len() == 1) {
            // « 1° à 3° de l’article 9 »
            format!("{}{}", joined(heads.iter().map(|h| h[0]).collect()), suffix)
        } else {
            // Divisions of different kinds: each with its own article.
            let names: Vec<String> = cites.iter().map(Cite::subject).collect();
            return Cite {
                article: "",
                name: format!("{} et {}", names[..names.len() - 1].join(", "), last.subject()),
                feminine: cites.iter().all(|c| c.feminine),
            };
        };
        Cite { article: "les ", name, feminine: first.feminine }
    }

    /// How many alinéas a division holds as the text counts them: its own,
    /// then those of its subdivisions (an item « 1° … » is an alinéa). Its
    /// own last alinéa is « le dernier » only when nothing follows it.
    pub(crate) fn alinea_count(&self, id: &str) -> usize {
        fn all(d: &Division) -> usize {
            d.alineas.len().max(1) + d.children.iter().map(all).sum::<usize>()
        }
        self.division(id).map_or(0, |d| d.alineas.len() + d.children.iter().map(all).sum::<usize>())
    }

    /// Several alinéas of one division: « les deuxième et quatrième alinéas
    /// de l'article 2 »; one is cited alone.
    pub(crate) fn alineas(&self, id: &str, ns: &[usize]) -> Cite {
        if ns.len() < 2 {
            return self.alinea(id, ns.first().copied().unwrap_or(1));
        }
        let count = self.alinea_count(id);
        let words: Vec<String> = ns.iter().map(|&n| alinea_ordinal(n, count)).collect();
        let joined = format!("{} et {}", words[..words.len() - 1].join(", "), words[words.len() - 1]);
        Cite { article: "les ", name: format!("{} alinéas {}", joined, self.cite(id).of()), feminine: false }
    }

    /// The alinéa as cited: « le deuxième alinéa du 1. », or the division
    /// itself when it has only one (and no subdivisions after it: « Sont à
    /// la charge : » before a 1° and a 2° is « le premier alinéa »).
    pub fn alinea(&self, id: &str, n: usize) -> Cite {
        let count = self.alinea_count(id);
        let div = self.cite(id);
        if count <= 1 {
            return div;
        }
        Cite::masculine("le ", format!("{} alinéa {}", alinea_ordinal(n, count), div.of()))
    }

    /// The alinéas of a part, in order.
    pub(crate) fn part_alineas(&self, kind: PartKind) -> &[&'a Alinea] {
        self.parts.get(&kind).map_or(&[], Vec::as_slice)
    }

    /// An alinéa of a part as cited: « le troisième visa », « le deuxième
    /// considérant », « le deuxième alinéa de la désignation des parties ».
    pub(crate) fn part_alinea(&self, kind: PartKind, n: usize) -> Cite {
        let all = self.part_alineas(kind);
        let what = |a: &Alinea| recital_kind(&inline_text(&a.inlines));
        if let Some(k) = all.get(n.wrapping_sub(1)).and_then(|a| what(a)) {
            let same: Vec<usize> = (0..all.len()).filter(|&i| what(all[i]) == Some(k)).collect();
            let rank = same.iter().position(|&i| i + 1 == n).unwrap_or(0) + 1;
            let ordinal = if same.len() == 1 { "premier".to_string() } else { alinea_ordinal(rank, same.len()) };
            if same.len() == 1 {
                return self.in_text(Cite::masculine("le ", k.to_string()));
            }
            return self.in_text(Cite::masculine("le ", format!("{} {}", ordinal, k)));
        }
        let part = part_cite(kind);
        if all.len() <= 1 {
            return self.in_text(part);
        }
        self.in_text(Cite::masculine("le ", format!("{} alinéa {}", alinea_ordinal(n, all.len()), part.of())))
    }

    /// A part of the text as cited: « la désignation des parties », « les
    /// visas du cahier des charges ».
    pub(crate) fn part(&self, kind: PartKind) -> Cite {
        self.in_text(part_cite(kind))
    }
}

/// « visa » for « Vu … », « considérant » for « Considérant … ».
pub(crate) fn recital_kind(text: &str) -> Option<&'static str> {
    let t = text.trim_start();
    if t.starts_with("Vu ") || t.starts_with("VU ") {
        Some("visa")
    } else if t.starts_with("Considérant") || t.starts_with("CONSIDÉRANT") {
        Some("considérant")
    } else {
        None
    }
}

/// A part of the convention as cited.
pub(crate) fn part_cite(kind: PartKind) -> Cite {
    match kind {
        PartKind::Ouverture => Cite::masculine("l’", "en-tête".into()),
        PartKind::Parties => Cite { article: "la ", name: "désignation des parties".into(), feminine: true },
        PartKind::Visas => Cite::masculine("les ", "visas".into()),
        PartKind::Cloture => Cite { article: "la ", name: "formule finale".into(), feminine: true },
    }
}

/// A number in words, as French writes it (« vingt et un », « soixante-
/// douze », « quatre-vingts », « deux cent un »): an alinéa is never « 21e ».
pub(crate) fn cardinal_in_words(n: usize) -> String {
    const UNITS: [&str; 17] = [
        "zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix", "onze", "douze",
        "treize", "quatorze", "quinze", "seize",
    ];
    const TENS: [&str; 8] =
        ["vingt", "trente", "quarante", "cinquante", "soixante", "soixante", "quatre-vingt", "quatre-vingt"];
    match n {
        0..=16 => UNITS[n].to_string(),
        17..=19 => format!("dix-{}", UNITS[n - 10]),
        20..=99 => {
            let (t, u) = (n / 10, n % 10);
            // 70 to 79 and 90 to 99 count on from soixante and quatre-vingt.
            let (tens, rest) = if t == 7 || t == 9 { (TENS[t - 2], u + 10) } else { (TENS[t - 2], u) };
            match rest {
                0 if t == 8 => "quatre-vingts".into(),
                0 => tens.to_string(),
                1 if t != 8 => format!("{} et un", tens),
                11 if t == 7 => format!("{} et onze", tens),
                r => format!("{}-{}", tens, cardinal_in_words(r)),
            }
        }
        100..=999 => {
            let (h, r) = (n / 100, n % 100);
            let hundreds = if h == 1 { "cent".to_string() } else { format!("{} cent", UNITS[h]) };
            match r {
                0 if h > 1 => format!("{}s", hundreds),
                0 => hundreds,
                r => format!("{} {}", hundreds, cardinal_in_words(r)),
            }
        }
        _ => n.to_string(),
    }
}

/// An ordinal in words (« deuxième », « vingt et unième », « quatre-
/// vingtième »); « premier » for 1.
pub(crate) fn ordinal_in_words(n: usize) -> String {
    if n == 1 {
        return "premier".into();
    }
    if n > 999 {
        return ordinal_word(n);
    }
    let c = cardinal_in_words(n);
    let c = c.strip_suffix("vingts").map(|x| format!("{}vingt", x)).unwrap_or(c);
    let c = c.strip_suffix("cents").map(|x| format!("{}cent", x)).unwrap_or(c);
    if let Some(x) = c.strip_suffix("cinq") {
        format!("{}cinquième", x)
    } else if let Some(x) = c.strip_suffix("neuf") {
        format!("{}neuvième", x)
    } else if let Some(x) = c.strip_suffix('e') {
        format!("{}ième", x)
    } else {
        format!("{}ième", c)
    }
}

/// « premier », « second » (of two), « dernier » (the last of three or more).
pub(crate) fn alinea_ordinal(n: usize, count: usize) -> String {
    if n == count && count >= 3 {
        "dernier".into()
    } else if n == 2 && count == 2 {
        "second".into()
    } else {
        ordinal_in_words(n)
    }
}

/// A label as cited: « II. » → « II », « 1. » → « 1. », « i) » → « i) »,
/// « b) » → « b », « 1° » → « 1° », « Article 3 – » → « l’article 3 »,
/// « TITRE II » → « le titre II », « 25.2 » → « le 25.2 ».
pub(crate) fn label_cite(label: &str) -> Cite {
    let l = label.trim().trim_end_matches(['–', '—', '―', '-', ':', ' ']).trim();
    let mut words = l.split_whitespace();
    let first = words.next().unwrap_or("");
    let keyword = first.to_lowercase();
    let keyword = keyword.trim_end_matches('.');
    let (article, kw, feminine) = match keyword {
        "article" | "art" => ("l’", "article", false),
        "titre" => ("le ", "titre", false),
        "chapitre" => ("le ", "chapitre", false),
        "section" => ("la ", "section", true),
        "sous-section" => ("la ", "sous-section", true),
        "partie" => ("la ", "partie", true),
        "annexe" => ("l’", "annexe", true),
        "paragraphe" => ("le ", "paragraphe", false),
        _ => {
            let bare = l.trim_end_matches('.');
            // A letter is cited without its parenthesis (« le b du 7.3.5 »);
            // an Arabic number keeps its point (« le 1. »), a decimal number
            // (« 7.3.5 ») and a Roman one (« II ») stand bare.
            let letter =
                bare.strip_suffix(')').filter(|x| x.chars().count() == 1 && x.chars().all(|c| c.is_ascii_lowercase()));
            let name = match letter {
                Some(x) => x.to_string(),
                None if bare.chars().all(|c| c.is_ascii_digit()) && l.ends_with('.') => l.to_string(),
                None => bare.to_string(),
            };
            return Cite::masculine("le ", name);
        }
    };
    let rest: Vec<&str> = words.collect();
    let number = rest.join(" ").trim_end_matches('.').to_string();
    Cite { article, name: format!("{} {}", kw, number), feminine }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn labels_as_cited() {
        assert_eq!(label_cite("II.").subject(), "le II");
        assert_eq!(label_cite("1.").subject(), "le 1.");
        assert_eq!(label_cite("ii)").of(), "du ii)");
        assert_eq!(label_cite("b)").of(), "du b");
        assert_eq!(label_cite("Article 3 –").at(), "À l’article 3");
        assert_eq!(label_cite("TITRE Ier").of(), "du titre Ier");
        assert_eq!(label_cite("3 bis.").subject(), "le 3 bis");
        assert_eq!(label_cite("7.3.5.").subject(), "le 7.3.5");
        assert_eq!(label_cite("Annexe 2").agree("supprimé"), "supprimée");
        assert_eq!(alinea_ordinal(3, 3), "dernier");
        assert_eq!(alinea_ordinal(2, 2), "second");
        assert_eq!(alinea_ordinal(2, 5), "deuxième");
        assert_eq!(alinea_ordinal(21, 30), "vingt et unième");
        let words: Vec<String> =
            [11, 17, 30, 45, 70, 71, 72, 80, 81, 91, 100, 201].iter().map(|n| ordinal_in_words(*n)).collect();
        assert_eq!(
            words,
            [
                "onzième",
                "dix-septième",
                "trentième",
                "quarante-cinquième",
                "soixante-dixième",
                "soixante et onzième",
                "soixante-douzième",
                "quatre-vingtième",
                "quatre-vingt-unième",
                "quatre-vingt-onzième",
                "centième",
                "deux cent unième"
            ]
        );
        assert_eq!(cardinal_in_words(12), "douze");
        assert_eq!(recital_kind("Vu le code ;"), Some("visa"));
    }

    fn div(id: &str, label: &str, children: Vec<Division>) -> Division {
        Division { id: id.into(), label: Some(label.into()), children, ..Default::default() }
    }

    #[test]
    fn chains_stop_where_a_label_locates_itself() {
        let doc = Document {
            divisions: vec![
                div(
                    "a7",
                    "Article 7",
                    vec![div("p73", "7.3.", vec![div("p735", "7.3.5.", vec![div("b", "b)", vec![])])])],
                ),
                div("a25", "Article 25", vec![div("p252", "25.2", vec![])]),
                div("ii", "II.", vec![div("ii-a", "A.", vec![div("ii-a-1", "1.", vec![])])]),
            ],
            ..Default::default()
        };
        let c = Citer::new(&doc);
        assert_eq!(c.cite("b").subject(), "le b du 7.3.5");
        assert_eq!(c.cite("p73").subject(), "le paragraphe 7.3 de l’article 7");
        assert_eq!(c.cite("p252").subject(), "le paragraphe 25.2 de l’article 25");
        assert_eq!(c.cite("ii-a-1").subject(), "le 1. du A du II");
    }

    #[test]
    fn the_points_of_a_paragraphe_are_cited_with_it() {
        let p = div(
            "p252",
            "25.2. ―",
            vec![div("p252-i", "I. ―", vec![]), div("p252-ii", "II. ―", vec![div("x", "1.", vec![])])],
        );
        let doc = Document { divisions: vec![div("a25", "Article 25", vec![p])], ..Default::default() };
        let c = Citer::new(&doc);
        assert_eq!(c.cite("p252-ii").subject(), "le paragraphe 25.2.II de l’article 25");
        assert_eq!(c.cite("x").subject(), "le 1. du paragraphe 25.2.II de l’article 25");
        assert_eq!(c.cite("p252").subject(), "le paragraphe 25.2 de l’article 25");
    }

    #[test]
    fn divisions_that_share_a_label_are_told_apart_and_siblings_cited_together() {
        let item = |id: &str, l: &str| div(id, l, vec![]);
        let doc = Document {
            divisions: vec![
                div("a19", "Art. 19.", vec![]),
                div("a20", "Art. 20.", vec![item("a20-1", "1°"), item("a20-2", "2°")]),
                div("a20b", "Art. 20.", vec![item("a20b-1", "1°")]),
                div("a21", "Art. 21.", vec![]),
                div("x", "Annexe II", vec![]),
                div("y", "Annexe III", vec![]),
            ],
            ..Default::default()
        };
        let c = Citer::new(&doc);
        assert_eq!(c.cite("a19").subject(), "l’article 19");
        assert_eq!(c.cite("a20").subject(), "le premier article 20");
        assert_eq!(c.cite("a20b").of(), "du second article 20");
        // Their items are told apart by their articles, not by a rank.
        assert_eq!(c.cite("a20b-1").subject(), "le 1° du second article 20");
        let mixed = c.cite_all(&["a19", "a20", "a20b", "a21"]);
        assert_eq!(mixed.subject(), "l’article 19, le premier article 20, le second article 20 et l’article 21");
        assert_eq!(mixed.agree("abrogé"), "abrogés");
        assert_eq!(c.cite_all(&["a20-1", "a20-2"]).subject(), "les 1° et 2° du premier article 20");
        let annexes = c.cite_all(&["x", "y"]);
        assert_eq!(annexes.subject(), "les annexes II et III");
        assert_eq!(annexes.agree("supprimé"), "supprimées");
        assert_eq!(c.alineas("a20", &[1]).subject(), "le premier alinéa du premier article 20");
    }

    #[test]
    fn a_citer_naming_its_text_names_it_once_at_the_outermost_level() {
        let mut a3 = div("a3", "Article 3", vec![div("a3-1", "1°", vec![]), div("a3-2", "2°", vec![])]);
        a3.alineas = vec![Alinea::paragraph(vec![]), Alinea::paragraph(vec![])];
        let doc = Document {
            divisions: vec![div("a2", "Article 2", vec![]), a3, div("a4", "Article 4", vec![])],
            ..Default::default()
        };
        let c = Citer::new(&doc).naming(Nature::parse("le cahier des charges"));
        assert_eq!(c.cite("a3").subject(), "l’article 3 du cahier des charges");
        assert_eq!(c.local("a3").subject(), "l’article 3");
        assert_eq!(c.cite("a3-2").of(), "du 2° de l’article 3 du cahier des charges");
        assert_eq!(c.alinea("a3", 2).at(), "Au deuxième alinéa de l’article 3 du cahier des charges");
        assert_eq!(
            c.alineas("a3", &[1, 2]).subject(),
            "les premier et deuxième alinéas de l’article 3 du cahier des charges"
        );
        assert_eq!(c.cite_all(&["a2", "a3", "a4"]).subject(), "les articles 2 à 4 du cahier des charges");
        assert_eq!(c.cite_all(&["a3-1", "a3-2"]).subject(), "les 1° et 2° de l’article 3 du cahier des charges");
        assert_eq!(c.local_all(&["a2", "a3"]).subject(), "les articles 2 et 3");
        assert_eq!(c.part(PartKind::Visas).subject(), "les visas du cahier des charges");
        // Without a text named, nothing changes.
        assert_eq!(Citer::new(&doc).cite("a3").subject(), "l’article 3");
    }
}
