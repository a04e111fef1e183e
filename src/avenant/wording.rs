//! The amending formulas of the Guide de légistique (fiche 3.4.1) and of the
//! Journal officiel, as the drafting guide gives them. Every change cites the
//! text as it stands before the avenant (`cite`); quoted text follows a colon
//! between « and »; the formula fits the change — words replaced, removed
//! (« sont supprimés »), added at the end (« est complété par »), an alinéa
//! or a division rewritten (« est ainsi rédigé »), one alinéa becoming two
//! (« est remplacé par deux alinéas ainsi rédigés »).
//!
//! Sentences are Markdown (cited words escaped, quoted alinéas keeping their
//! formatting), read by CommonMark only — never by handlebars: an avenant
//! quotes text, it does not run it.

use super::ops::{NewDivision, Operation, Target};
use crate::cite::{
    alinea_ordinal, cardinal_in_words as cardinal_word, label_cite, ordinal_in_words as ordinal_word, recital_kind,
    Cite, Citer,
};
use crate::french::{capitalize, Nature};
use crate::markdown::{alinea_to_markdown, escape, inlines_to_markdown};
use crate::model::{Alinea, Inline};

/// Everything a formula needs to know besides the operation.
pub(crate) struct Wording<'a> {
    pub(crate) citer: &'a Citer<'a>,
    /// What the amended text is (« la convention »).
    pub(crate) nature: Nature,
}

/// One amending sentence (Markdown, without its final point), and the
/// quoted alinéas that follow it.
#[derive(Debug, Clone)]
pub(crate) struct Sentence {
    pub(crate) text: String,
    pub(crate) quoted: Vec<String>,
}

impl Sentence {
    fn plain(text: String) -> Sentence {
        Sentence { text, quoted: vec![] }
    }

    /// The sentence's alinéas, closed by `end` (« . » for a sentence, « ; »
    /// inside an enumeration). A quotation that itself ends a sentence keeps
    /// one point: « … habitants. » — never « … habitants. ». ».
    pub(crate) fn alineas(self, end: &str) -> Vec<String> {
        if self.quoted.is_empty() {
            let end = end.trim_start();
            // A sentence ending on a label (« Le 2. devient le 3. ») keeps
            // one point.
            let end = if end == "." && self.text.ends_with('.') { "" } else { end };
            let sep = if end.starts_with(';') { " " } else { "" };
            return vec![format!("{}{}{}", self.text, sep, end)];
        }
        let mut out = vec![self.text];
        let n = self.quoted.len();
        for (k, q) in self.quoted.into_iter().enumerate() {
            // A table is quoted as a table, between « and » on lines of
            // their own (a table cannot stand inside a line).
            if q.contains('\n') && q.trim_start().starts_with('|') {
                out.push("«".into());
                out.push(q);
                if k + 1 == n {
                    out.push(format!("»{}", end.trim_start()));
                }
                continue;
            }
            if k + 1 < n {
                out.push(format!("« {}", q));
            } else {
                let closes_sentence = q.trim_end().ends_with(['.', '!', '?', '…']);
                let end = end.trim_start();
                let end = if end == "." && closes_sentence { "" } else { end };
                // French typography: a space before « ; », none before « . ».
                let sep = if end.starts_with(';') { " " } else { "" };
                out.push(format!("« {} »{}{}", q.trim_end(), sep, end));
            }
        }
        out
    }
}

/// Whether words are one word or several, for agreement (« le mot »,
/// « les mots »).
fn plural(words: &str) -> bool {
    crate::tokens::tokenize(words).iter().filter(|t| t.kind == crate::tokens::Kind::Word).count() > 1
}

/// « les mots : « … » » or « le mot : « … » ».
fn mots(words: &str) -> String {
    if plural(words) {
        format!("les mots : {}", quote(words))
    } else {
        format!("le mot : {}", quote(words))
    }
}

/// « la deuxième occurrence des mots : « … » ».
fn occurrence_of(words: &str, k: usize, count: usize) -> String {
    let ordinal = match alinea_ordinal(k, count).as_str() {
        "premier" => "première".to_string(),
        "second" => "seconde".to_string(),
        "dernier" => "dernière".to_string(),
        o => o.to_string(),
    };
    let of = if plural(words) { "des mots" } else { "du mot" };
    format!("la {} occurrence {} : {}", ordinal, of, quote(words))
}

/// Quoted inline text: « … » with the words escaped.
pub(crate) fn quote(words: &str) -> String {
    format!("« {} »", escape(words.trim(), false))
}

fn is_date(s: &str) -> bool {
    static RE: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    RE.get_or_init(|| regex::Regex::new(r"^(1er|\d{1,2})\s+(janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre)\s+\d{4}$").unwrap()).is_match(s.trim())
}

fn is_rate(s: &str) -> bool {
    static RE: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    RE.get_or_init(|| regex::Regex::new(r"^\d+([,.]\d+)?\s*%$").unwrap()).is_match(s.trim())
}

/// Whether added words are whole sentences (« est complété par une phrase
/// ainsi rédigée »), and how many.
fn sentences(words: &str) -> usize {
    let t = words.trim();
    if !t.chars().next().is_some_and(|c| c.is_uppercase()) || !t.ends_with(['.', '!', '?']) {
        return 0;
    }
    t.split_inclusive(['.', '!', '?'])
        .filter(|s| s.trim().chars().next().is_some_and(|c| c.is_uppercase()))
        .count()
        .max(1)
}

/// A quoted alinéa as it reads inside « … » (the avenant's sentences are
/// Markdown): a list item keeps its dash. The change set's alinéa is the
/// one the consolidated text holds: the avenant quotes what it says.
fn quoted_alinea(a: &Alinea) -> String {
    let md = alinea_to_markdown(a);
    let t = md.trim();
    match t.strip_prefix("- ") {
        Some(rest) => format!("– {}", rest),
        None => t.to_string(),
    }
}

fn quoted_all(text: &[Alinea]) -> Vec<String> {
    text.iter().map(quoted_alinea).collect()
}

/// « un alinéa ainsi rédigé », « deux alinéas ainsi rédigés »; « un visa ».
fn n_things(n: usize, thing: &str) -> String {
    if n == 1 {
        format!("un {} ainsi rédigé", thing)
    } else {
        format!("{} {}s ainsi rédigés", cardinal_word(n), thing)
    }
}

/// What inserted alinéas are: visas if they all are, else alinéas. (As
/// they are written: « **Vu** » is no visa's opening.)
fn kind_of_alineas(text: &[Alinea]) -> &'static str {
    let kinds: Vec<Option<&str>> = text.iter().map(|a| recital_kind(&alinea_to_markdown(a))).collect();
    match kinds.first() {
        Some(Some(k)) if kinds.iter().all(|x| x == &Some(*k)) => k,
        _ => "alinéa",
    }
}

impl<'a> Wording<'a> {
    /// The place an operation on alinéas or words cites, or none inside
    /// « Le … est ainsi modifié : » when the division has one alinéa.
    fn alinea_place(&self, target: Target, n: usize, within: bool) -> Option<Cite> {
        match target {
            Target::Part(p) => Some(self.citer.part_alinea(p, n)),
            Target::Division(id) if within => {
                let count = self.citer.alinea_count(id);
                (count > 1).then(|| Cite {
                    article: "le ",
                    name: format!("{} alinéa", alinea_ordinal(n, count)),
                    feminine: false,
                })
            }
            Target::Division(id) => Some(self.citer.alinea(id, n)),
            Target::Title | Target::Everywhere => None,
        }
    }

    /// The thing itself (a division or a part), as cited.
    fn whole(&self, target: Target) -> Cite {
        match target {
            Target::Division(id) => self.citer.cite(id),
            Target::Part(p) => self.citer.part(p),
            Target::Title => Cite { article: "l’", name: format!("intitulé {}", self.nature.of()), feminine: false },
            Target::Everywhere => {
                Cite { article: "l’", name: format!("ensemble {}", self.nature.of()), feminine: false }
            }
        }
    }

    /// « Au deuxième alinéa du 1., » — or nothing; the sentence's subject
    /// then opens it.
    fn at(&self, target: Target, n: usize, within: bool) -> Option<String> {
        self.alinea_place(target, n, within).map(|c| c.at())
    }

    /// The sentence for one operation. `within` is true inside « Le … est
    /// ainsi modifié : », where the division is already named.
    pub(crate) fn sentence(&self, op: &Operation, within: bool) -> Sentence {
        let t = op.target();
        let lead = |at: Option<String>, rest: String| match at {
            Some(a) => format!("{}, {}", a, rest),
            None => capitalize(&rest),
        };
        match op {
            Operation::ReplaceWords { alinea, .. } | Operation::DeleteWords { alinea, .. }
                if self.final_mark(op).is_some() =>
            {
                let rest = self.final_mark(op).unwrap_or_default();
                Sentence::plain(lead(self.at(t, *alinea, within), rest))
            }
            Operation::ReplaceWords { alinea, words, by, occurrence, .. } => {
                Sentence::plain(lead(self.at(t, *alinea, within), self.replaced(op, words, by, *occurrence)))
            }
            Operation::InsertWords { alinea, after, words, occurrence, .. } => {
                Sentence::plain(self.inserted_words(op, *alinea, after.as_deref(), words, *occurrence, within))
            }
            Operation::AppendWords { alinea, words, .. } => self.completed(t, *alinea, words, within),
            Operation::DeleteWords { alinea, words, occurrence, .. } => {
                let rest = match occurrence {
                    Some(k) => format!("{} est supprimée", occurrence_of(words, *k, self.count(op))),
                    None if plural(words) => format!("{} sont supprimés", mots(words)),
                    None => format!("{} est supprimé", mots(words)),
                };
                Sentence::plain(lead(self.at(t, *alinea, within), rest))
            }
            Operation::ReplaceAlinea { alinea, text, .. } => {
                let (subject, agree) = match self.alinea_place(t, *alinea, within) {
                    Some(c) => (capitalize(&c.subject()), c.agree("rédigé")),
                    None if within => ("Il".to_string(), "rédigé".to_string()),
                    None => (capitalize(&self.whole(t).subject()), self.whole(t).agree("rédigé")),
                };
                let head = if text.len() == 1 {
                    format!("{} est ainsi {} :", subject, agree)
                } else {
                    format!("{} est remplacé par {} :", subject, n_things(text.len(), kind_of_alineas(text)))
                };
                Sentence { text: head, quoted: quoted_all(text) }
            }
            Operation::InsertAlineas { after, text, .. } => {
                Sentence { text: self.insert_alineas(t, *after, text, within), quoted: quoted_all(text) }
            }
            Operation::DeleteAlineas { alinea, count, .. } => {
                Sentence::plain(self.delete_alineas(t, *alinea, *count, within))
            }
            Operation::ReplaceDivision { title, text, children, .. } => {
                self.replace_division(t, title.as_deref(), text, children.as_deref(), within)
            }
            Operation::RenameDivision { title, .. } => {
                let c = self.whole(t);
                if crate::model::inline_text(title).trim().is_empty() {
                    Sentence::plain(format!("L’intitulé {} est supprimé", c.of()))
                } else {
                    // Inside « L'article 20 est ainsi modifié : », the
                    // article is already named.
                    let of = if within { String::new() } else { format!(" {}", c.of()) };
                    Sentence {
                        text: format!("L’intitulé{} est ainsi rédigé :", of),
                        quoted: vec![inlines_to_markdown(title)],
                    }
                }
            }
            Operation::InsertDivision { .. } => self.insert_divisions(&[op]),
            Operation::DeleteDivision { .. } => {
                let c = self.whole(t);
                Sentence::plain(format!("{} est {}", capitalize(&c.subject()), c.agree("supprimé")))
            }
            Operation::Renumber { division, number, label } => {
                let level = self.citer.division(division).map_or(1, |d| d.level);
                let new = label_cite(&label.clone().unwrap_or_else(|| self.citer.label(level, number))).subject();
                Sentence::plain(format!("{} devient {}", capitalize(&self.whole(t).subject()), new))
            }
            Operation::ReplaceEverywhere { words, by } => {
                let verb = if plural(words) { "sont remplacés" } else { "est remplacé" };
                Sentence::plain(format!(
                    "Dans l’ensemble {}, {} {} par {}",
                    self.nature.of(),
                    mots(words),
                    verb,
                    mots(by)
                ))
            }
            Operation::ReplaceTitle { lines } => Sentence {
                text: format!("L’intitulé {} est ainsi rédigé :", self.nature.of()),
                quoted: vec![lines
                    .iter()
                    .map(|l| inlines_to_markdown(l).trim().to_string())
                    .collect::<Vec<_>>()
                    .join(" ")],
            },
        }
    }

    /// A division rewritten: repealed when all it keeps is the mention of
    /// its repeal; an annex replaced by the one joined to the avenant; its
    /// title alone removed; its own alinéas before its subdivisions
    /// replaced; or « ainsi rédigé », its heading quoted when it changes.
    fn replace_division(
        &self,
        t: Target,
        title: Option<&[Inline]>,
        text: &[Alinea],
        children: Option<&[NewDivision]>,
        within: bool,
    ) -> Sentence {
        let c = self.whole(t);
        let old = match t {
            Target::Division(id) => self.citer.division(id),
            _ => None,
        };
        // What a consolidated text shows of a repealed article (« (article
        // abrogé) », in its text or in place of its title) is drafted as
        // the repeal itself.
        if let Some(word) = repealed_by(title, text) {
            let subject =
                if within { (if c.feminine { "Elle" } else { "Il" }).to_string() } else { capitalize(&c.subject()) };
            return Sentence::plain(format!("{} est {}", subject, c.agree(word)));
        }
        // An annex rewritten whole travels with the avenant.
        if is_annex(&c) {
            return Sentence::plain(format!(
                "{} est {} par l’annexe jointe au présent avenant",
                capitalize(&c.subject()),
                c.agree("remplacé")
            ));
        }
        let same_text =
            old.is_some_and(|d| d.alineas.iter().map(alinea_to_markdown).eq(text.iter().map(alinea_to_markdown)));
        if title.is_some_and(|t| crate::model::inline_text(t).trim().is_empty()) && same_text && children.is_none() {
            return Sentence::plain(format!("L’intitulé {} est supprimé", c.of()));
        }
        // Its subdivisions stay: only the alinéas before them are replaced.
        if let (None, Some(d), None) = (children, old, title) {
            if !d.children.is_empty() {
                return self.own_alineas(t, d, text, within);
            }
        }
        let quoted = match old {
            Some(d) if children.is_some() || title.is_some() => {
                let mut lines = heading_and_text(d.label.as_deref(), title.unwrap_or(&d.title), text);
                lines.extend(self.division_lines(&[], children.unwrap_or(&[]), d.level));
                lines
            }
            _ => quoted_all(text),
        };
        Sentence { text: format!("{} est ainsi {} :", capitalize(&c.subject()), c.agree("rédigé")), quoted }
    }

    /// The alinéas of a division that stand before its subdivisions,
    /// replaced: « Le premier alinéa de l'article 9 est ainsi rédigé : »,
    /// « Les premier et deuxième alinéas … sont remplacés par trois alinéas
    /// ainsi rédigés : », « … sont supprimés », « Au début de … ».
    fn own_alineas(&self, t: Target, d: &crate::model::Division, text: &[Alinea], within: bool) -> Sentence {
        let n = d.alineas.len();
        if n == 0 {
            return Sentence { text: self.insert_alineas(t, 0, text, within), quoted: quoted_all(text) };
        }
        let count = match t {
            Target::Division(id) => self.citer.alinea_count(id),
            _ => n,
        };
        let of = if within { String::new() } else { format!(" {}", self.whole(t).of()) };
        let subject = match n {
            1 => format!("Le {} alinéa{}", alinea_ordinal(1, count), of),
            2 => format!("Les premier et {} alinéas{}", alinea_ordinal(2, count), of),
            _ => format!("Les premier à {} alinéas{}", alinea_ordinal(n, count), of),
        };
        let verb = if n == 1 { "est" } else { "sont" };
        if text.is_empty() {
            return Sentence::plain(format!("{} {} supprimé{}", subject, verb, if n == 1 { "" } else { "s" }));
        }
        let head = if n == 1 && text.len() == 1 {
            format!("{} est ainsi rédigé :", subject)
        } else {
            format!(
                "{} {} remplacé{} par {} :",
                subject,
                verb,
                if n == 1 { "" } else { "s" },
                n_things(text.len(), kind_of_alineas(text))
            )
        };
        Sentence { text: head, quoted: quoted_all(text) }
    }

    /// Words inserted: « Au deuxième alinéa, après les mots : « … », sont
    /// insérés les mots : « … » », « Au début du …, … ».
    fn inserted_words(
        &self,
        op: &Operation,
        alinea: usize,
        after: Option<&str>,
        words: &str,
        occurrence: Option<usize>,
        within: bool,
    ) -> String {
        let t = op.target();
        let verb = if plural(words) { "sont insérés" } else { "est inséré" };
        match after {
            Some(a) => {
                let anchor = match occurrence {
                    Some(k) => occurrence_of(a, k, self.count(op)),
                    None => mots(a),
                };
                let rest = format!("après {}, {} {}", anchor, verb, mots(words));
                match self.at(t, alinea, within) {
                    Some(at) => format!("{}, {}", at, rest),
                    None => capitalize(&rest),
                }
            }
            None => {
                let place = match self.alinea_place(t, alinea, within) {
                    Some(c) => format!("Au début {}", c.of()),
                    None if within => "Au début".into(),
                    None => format!("Au début {}", self.whole(t).of()),
                };
                format!("{}, {} {}", place, verb, mots(words))
            }
        }
    }

    /// Words added at the end of an alinéa: « … est complété par les mots :
    /// « … » », « … par une phrase ainsi rédigée : ».
    fn completed(&self, t: Target, alinea: usize, words: &str, within: bool) -> Sentence {
        let (subject, complete) = match self.alinea_place(t, alinea, within) {
            Some(c) => (capitalize(&c.subject()), c.agree("complété")),
            None if within => ("Il".into(), "complété".into()),
            None => (capitalize(&self.whole(t).subject()), self.whole(t).agree("complété")),
        };
        match sentences(words) {
            0 => Sentence::plain(format!("{} est {} par {}", subject, complete, mots(words))),
            1 => Sentence {
                text: format!("{} est {} par une phrase ainsi rédigée :", subject, complete),
                quoted: vec![escape(words.trim(), false)],
            },
            k => Sentence {
                text: format!("{} est {} par {} phrases ainsi rédigées :", subject, complete, cardinal_word(k)),
                quoted: vec![escape(words.trim(), false)],
            },
        }
    }

    /// What words replaced say after their place: « la date du 3 mai 2019
    /// est remplacée par la date du 5 juin 2019 », « le taux : « 9,7 % » est
    /// remplacé par … », « les mots : « … » sont remplacés par … ».
    fn replaced(&self, op: &Operation, words: &str, by: &str, occurrence: Option<usize>) -> String {
        if occurrence.is_none() && is_date(words) && is_date(by) {
            return format!("la date du {} est remplacée par la date du {}", escape(words, false), escape(by, false));
        }
        if occurrence.is_none() && is_rate(words) && is_rate(by) {
            return format!("le taux : {} est remplacé par le taux : {}", quote(words), quote(by));
        }
        match occurrence {
            Some(k) => format!("{} est remplacée par {}", occurrence_of(words, k, self.count(op)), mots(by)),
            None => format!(
                "{} {} remplacé{} par {}",
                mots(words),
                if plural(words) { "sont" } else { "est" },
                if plural(words) { "s" } else { "" },
                mots(by)
            ),
        }
    }

    /// « le point final est remplacé par un point-virgule », « la virgule
    /// finale est supprimée »: the quoted words are the last mark of the
    /// alinéa, glued to its last word.
    fn final_mark(&self, op: &Operation) -> Option<String> {
        let (words, by, occurrence) = match op {
            Operation::ReplaceWords { words, by, occurrence, .. } => (words, Some(by.trim()), occurrence),
            Operation::DeleteWords { words, occurrence, .. } => (words, None, occurrence),
            _ => return None,
        };
        let (name, feminine) = mark_name(words)?;
        let text = self.alinea_text(op)?;
        let count = super::apply::find_words(&text, words).len();
        let glued = text.trim_end().strip_suffix(words.as_str())?.chars().last().is_some_and(char::is_alphanumeric);
        if !glued || occurrence.unwrap_or(1) != count {
            return None;
        }
        let subject = if feminine { format!("la {} finale", name) } else { format!("le {} final", name) };
        match by {
            None => Some(format!("{} est supprimé{}", subject, if feminine { "e" } else { "" })),
            Some(b) => {
                let (new, f) = mark_name(b)?;
                Some(format!(
                    "{} est remplacé{} par {} {}",
                    subject,
                    if feminine { "e" } else { "" },
                    if f { "une" } else { "un" },
                    new
                ))
            }
        }
    }

    /// The text of the alinéa an operation on words amends, as it stands
    /// before the avenant.
    fn alinea_text(&self, op: &Operation) -> Option<String> {
        let n = op.alinea()?;
        match op.target() {
            Target::Division(id) => self
                .citer
                .division(id)
                .and_then(|d| d.alineas.get(n.wrapping_sub(1)))
                .map(|a| crate::model::inline_text(&a.inlines)),
            Target::Part(p) => {
                self.citer.part_alineas(p).get(n.wrapping_sub(1)).map(|a| crate::model::inline_text(&a.inlines))
            }
            Target::Title | Target::Everywhere => None,
        }
    }

    /// How many times an operation's quoted words stand in its alinéa.
    fn count(&self, op: &Operation) -> usize {
        let (Some(n), words) = (
            op.alinea(),
            match op {
                Operation::ReplaceWords { words, .. } | Operation::DeleteWords { words, .. } => Some(words.as_str()),
                Operation::InsertWords { after, .. } => after.as_deref(),
                _ => None,
            },
        ) else {
            return 0;
        };
        let Some(words) = words else { return 0 };
        let text = match op.target() {
            Target::Division(id) => self
                .citer
                .division(id)
                .and_then(|d| d.alineas.get(n.wrapping_sub(1)))
                .map(|a| crate::model::inline_text(&a.inlines)),
            Target::Part(p) => {
                self.citer.part_alineas(p).get(n.wrapping_sub(1)).map(|a| crate::model::inline_text(&a.inlines))
            }
            Target::Title | Target::Everywhere => None,
        };
        text.map_or(0, |t| super::apply::find_words(&t, words).len())
    }

    fn insert_alineas(&self, t: Target, after: usize, text: &[Alinea], within: bool) -> String {
        let count = match t {
            Target::Division(id) => self.citer.alinea_count(id),
            Target::Part(p) => self.citer.part_alineas(p).len(),
            Target::Title | Target::Everywhere => 0,
        };
        let thing = kind_of_alineas(text);
        let n = text.len();
        let whole = self.whole(t);
        if after == 0 {
            if let (Target::Part(p), true) = (t, count > 0) {
                return format!(
                    "Avant {}, {} {} :",
                    self.citer.part_alinea(p, 1).subject(),
                    if n == 1 { "il est inséré" } else { "sont insérés" },
                    n_things(n, thing)
                );
            }
            let verb = if n == 1 { "il est ajouté" } else { "sont ajoutés" };
            return if within {
                format!("Au début, {} {} :", verb, n_things(n, thing))
            } else {
                format!("Au début {}, {} {} :", whole.of(), verb, n_things(n, thing))
            };
        }
        if after == count && count > 0 && !matches!(t, Target::Part(_)) {
            let completed = whole.agree("complété");
            return if within {
                format!("Il est complété par {} :", n_things(n, thing))
            } else {
                format!("{} est {} par {} :", capitalize(&whole.subject()), completed, n_things(n, thing))
            };
        }
        let verb = if n == 1 { "il est inséré" } else { "sont insérés" };
        let anchor = match t {
            Target::Part(p) => self.citer.part_alinea(p, after).subject(),
            _ if within => format!("le {} alinéa", alinea_ordinal(after, count)),
            _ => format!("le {} alinéa {}", alinea_ordinal(after, count), whole.of()),
        };
        format!("Après {}, {} {} :", anchor, verb, n_things(n, thing))
    }

    fn delete_alineas(&self, t: Target, alinea: usize, count: usize, within: bool) -> String {
        if let Target::Part(p) = t {
            return if count == 1 {
                // « Le troisième visa est supprimé », « Les visas sont supprimés ».
                let c = self.citer.part_alinea(p, alinea);
                let verb = if c.article == "les " { "sont" } else { "est" };
                format!("{} {} {}", capitalize(&c.subject()), verb, c.agree("supprimé"))
            } else {
                let names: Vec<String> =
                    (alinea..alinea + count).map(|k| self.citer.part_alinea(p, k).subject()).collect();
                format!("{} sont supprimés", capitalize(&join_and(&names)))
            };
        }
        let Target::Division(id) = t else { return String::new() };
        let total = self.citer.alinea_count(id);
        let of = if within { String::new() } else { format!(" {}", self.citer.cite(id).of()) };
        match count {
            1 => format!("Le {} alinéa{} est supprimé", alinea_ordinal(alinea, total), of),
            2 => format!(
                "Les {} et {} alinéas{} sont supprimés",
                ordinal_word(alinea),
                alinea_ordinal(alinea + 1, total),
                of
            ),
            _ => format!(
                "Les {} à {} alinéas{} sont supprimés",
                ordinal_word(alinea),
                alinea_ordinal(alinea + count - 1, total),
                of
            ),
        }
    }

    /// The lines of a division's text and of its subdivisions (headings
    /// with their labels), as quoted after « ainsi rédigé : ».
    pub(crate) fn division_lines(&self, text: &[Alinea], children: &[NewDivision], level: usize) -> Vec<String> {
        let mut lines: Vec<String> = quoted_all(text);
        for k in children {
            let label = k.label.clone().or_else(|| k.number.as_ref().map(|n| self.citer.label(level + 1, n)));
            lines.extend(heading_and_text(label.as_deref(), &k.title, &k.text));
            lines.extend(self.division_lines(&[], &k.children, level + 1));
        }
        lines
    }

    /// One or several divisions inserted at one place: « Après l'article 5,
    /// il est inséré un article 5 bis ainsi rédigé : », « … sont insérés deux
    /// articles 5 bis et 5 ter ainsi rédigés : ».
    pub(crate) fn insert_divisions(&self, ops: &[&Operation]) -> Sentence {
        let mut lines = Vec::new();
        let mut head = String::new();
        for op in ops {
            let Operation::InsertDivision { after, parent, title, text, children, .. } = op else { continue };
            let level = self.inserted_level(op);
            if head.is_empty() {
                head = match (after, parent) {
                    (Some(a), _) => format!("Après {}", self.citer.cite(a).subject()),
                    (None, Some(p)) => format!("Au début {}", self.citer.cite(p).of()),
                    _ => "Il".into(),
                };
            }
            lines.extend(heading_and_text(self.inserted_label(op).as_deref(), title, text));
            lines.extend(self.division_lines(&[], children, level));
        }
        let (what, feminine, n) = self.inserted(ops);
        let rédigé = if feminine {
            if n == 1 {
                "ainsi rédigée"
            } else {
                "ainsi rédigées"
            }
        } else if n == 1 {
            "ainsi rédigé"
        } else {
            "ainsi rédigés"
        };
        let verb = match (n, feminine) {
            (1, _) => "il est inséré",
            (_, true) => "sont insérées",
            _ => "sont insérés",
        };
        Sentence { text: format!("{}, {} {} {} :", head, verb, what, rédigé), quoted: lines }
    }

    /// The title of the avenant's article inserting divisions: « Insertion
    /// d'un article 2 bis », « Insertion d'un 3. au C du II ».
    pub(crate) fn insertion_title(&self, ops: &[&Operation]) -> String {
        let (what, _, _) = self.inserted(ops);
        let of =
            if what.starts_with(['u', 'a', 'e', 'i', 'o']) { format!("d’{}", what) } else { format!("de {}", what) };
        // A sub-division is located by its parent; an article locates itself.
        let parent = ops.first().and_then(|op| match op {
            Operation::InsertDivision { after: Some(a), .. } => self.citer.parent(a).map(|p| p.id.clone()),
            Operation::InsertDivision { parent: Some(p), .. } => Some(p.clone()),
            _ => None,
        });
        match parent {
            Some(p) if !what.contains("article") && !what.contains("annexe") => {
                format!("Insertion {} {}", of, crate::french::decapitalize(&self.citer.cite(&p).at()))
            }
            _ => format!("Insertion {}", of),
        }
    }

    /// An inserted division as named: a decimal number under an article
    /// is one of its paragraphes (« un paragraphe 9.4 »), as `cite` names
    /// the others.
    fn inserted_cite(&self, op: &Operation, label: &str) -> Cite {
        let c = label_cite(label);
        let holder = match op {
            Operation::InsertDivision { after: Some(a), .. } => self.citer.parent(a),
            Operation::InsertDivision { parent: Some(p), .. } => self.citer.division(p),
            _ => None,
        };
        let under_article = holder.is_some_and(|p| self.citer.token(p).name.starts_with("article "));
        if crate::cite::self_locating(label) && under_article {
            Cite { article: "le ", name: format!("paragraphe {}", c.name), feminine: false }
        } else {
            c
        }
    }

    fn inserted_level(&self, op: &Operation) -> usize {
        match op {
            Operation::InsertDivision { after: Some(a), .. } => self.citer.division(a).map_or(1, |d| d.level),
            Operation::InsertDivision { parent: Some(p), .. } => self.citer.division(p).map_or(1, |d| d.level + 1),
            _ => 1,
        }
    }

    fn inserted_label(&self, op: &Operation) -> Option<String> {
        let Operation::InsertDivision { number, label, .. } = op else { return None };
        label.clone().or_else(|| number.as_ref().map(|n| self.citer.label(self.inserted_level(op), n)))
    }

    /// What is inserted, as named: « un 3. », « deux articles 5 bis et 5
    /// ter », « une division »; its gender and count.
    fn inserted(&self, ops: &[&Operation]) -> (String, bool, usize) {
        let labels: Vec<Option<Cite>> = ops
            .iter()
            .filter(|op| matches!(op, Operation::InsertDivision { .. }))
            .map(|op| self.inserted_label(op).map(|l| self.inserted_cite(op, &l)))
            .collect();
        let n = labels.len();
        if !labels.iter().all(Option::is_some) {
            return (if n == 1 { "une division".into() } else { format!("{} divisions", cardinal_word(n)) }, true, n);
        }
        let cites: Vec<Cite> = labels.into_iter().flatten().collect();
        let feminine = cites.first().is_some_and(|c| c.feminine);
        // « deux articles 5 bis et 5 ter » when they share a keyword.
        let keyword = cites.first().and_then(|c| c.name.split_once(' ').map(|(k, _)| k.to_string())).filter(|k| {
            cites.iter().all(|c| c.name.starts_with(&format!("{} ", k)))
                && ["article", "titre", "chapitre", "section", "paragraphe", "annexe", "partie"].contains(&k.as_str())
        });
        let un = if feminine { "une" } else { "un" };
        let what = match keyword {
            Some(k) if n > 1 => format!(
                "{} {}s {}",
                cardinal_word(n),
                k,
                join_and(&cites.iter().map(|c| c.name[k.len() + 1..].to_string()).collect::<Vec<_>>())
            ),
            _ => join_and(&cites.iter().map(|c| format!("{} {}", un, c.name)).collect::<Vec<_>>()),
        };
        (what, feminine, n)
    }
}

/// The verb of a repeal when a line (an alinéa or a title, as the
/// change set writes it) is only the mention a consolidated text prints in
/// a division's place (« (article abrogé) », « (Supprimé) »).
fn repeal_line(line: &str) -> Option<&'static str> {
    static RE: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let re = RE.get_or_init(|| {
        regex::Regex::new(
            r"(?i)^[\\(\[]*\s*(?:(?:article|articles|alinéa|annexe)\s+)?(abrogée?s?|supprimée?s?)\s*[\\)\]]*\s*\.?$",
        )
        .unwrap()
    });
    re.captures(line.trim()).map(|c| if c[1].to_lowercase().starts_with("abrog") { "abrogé" } else { "supprimé" })
}

/// The verb of a repeal when a division's new text is only the mention of
/// it: one alinéa (« (article abrogé) »).
pub(crate) fn repeal_mention(text: &[Alinea]) -> Option<&'static str> {
    match text {
        [one] => repeal_line(&alinea_to_markdown(one)),
        _ => None,
    }
}

/// The same for a title that is only the mention.
pub(crate) fn repeal_title(title: &[Inline]) -> Option<&'static str> {
    repeal_line(&inlines_to_markdown(title))
}

/// The verb of a repeal when all a rewritten division keeps is the mention
/// of it, as its one alinéa or, with no alinéa, as its title — or nothing
/// but its label.
pub(crate) fn repealed_by(title: Option<&[Inline]>, text: &[Alinea]) -> Option<&'static str> {
    if text.is_empty() {
        // Nothing left but its label: an empty body is a repeal too.
        return title.and_then(|t| {
            if crate::model::inline_text(t).trim().is_empty() {
                Some("abrogé")
            } else {
                repeal_title(t)
            }
        });
    }
    repeal_mention(text)
}

/// A heading as quoted: its label and its title, separated as a heading
/// reads (« Article 3 bis – Registre des ouvrages »): a label that ends on
/// no mark of its own (« Article 3 bis », which the text sets above its
/// title) takes a dash before the title.
pub(crate) fn heading_line(label: Option<&str>, title: &[Inline]) -> String {
    // Quoted as the consolidated text prints it (the sentence is Markdown).
    let title = inlines_to_markdown(title);
    let title = title.trim();
    match label.map(str::trim) {
        Some(l) if title.is_empty() => l.trim_end_matches(['–', '—', '―', '-', ':', ' ']).to_string(),
        Some(l) if l.ends_with(['.', ':', ')', '–', '—', '―', '-', '°']) => format!("{} {}", l, title),
        Some(l) => format!("{} – {}", l, title),
        None => title.to_string(),
    }
}

/// Whether a label is a legal keyword with its number (« Article 3 »,
/// « CHAPITRE II », « Annexe 1 »): such a heading stands on its own line.
fn keyword_label(label: &str) -> bool {
    let first = label.split_whitespace().next().unwrap_or("");
    let word: String = first.chars().take_while(|c| c.is_alphabetic()).collect();
    word.chars().count() >= 3 && !word.chars().all(|c| "IVXLCDM".contains(c))
}

/// The quoted lines of a division: its heading, then its alinéas. A
/// number that opens its text, as « 9.4. » does, opens it in the quote too
/// (« 9.4. Le concessionnaire… »), never on a line apart; a keyword's
/// heading (« Article 3 bis – Registre des ouvrages ») has its line.
pub(crate) fn heading_and_text(label: Option<&str>, title: &[Inline], text: &[Alinea]) -> Vec<String> {
    let mut lines = Vec::new();
    let first = text.first().map(quoted_alinea);
    let opens = |l: &str, f: &str| {
        crate::model::inline_text(title).trim().is_empty()
            && !keyword_label(l)
            && !f.starts_with('–')
            && (f.ends_with(['.', ';', ':', '!', '?', '…']) || f.chars().count() > 150)
    };
    match (label, first) {
        (Some(l), Some(f)) if opens(l, &f) => {
            lines.push(format!("{} {}", l.trim(), f));
            lines.extend(quoted_all(&text[1..]));
        }
        _ => {
            let heading = heading_line(label, title);
            if !heading.is_empty() {
                lines.push(heading);
            }
            lines.extend(quoted_all(text));
        }
    }
    lines
}

/// A punctuation mark as a formula names it, and whether the name is
/// feminine (« le point », « la virgule »).
fn mark_name(mark: &str) -> Option<(&'static str, bool)> {
    Some(match mark {
        "." => ("point", false),
        ";" => ("point-virgule", false),
        ":" => ("deux-points", false),
        "," => ("virgule", true),
        "!" => ("point d’exclamation", false),
        "?" => ("point d’interrogation", false),
        _ => return None,
    })
}

/// Whether a citation names an annex.
pub(crate) fn is_annex(c: &Cite) -> bool {
    c.name.starts_with("annexe")
}

/// « a, b et c ».
pub(crate) fn join_and(v: &[String]) -> String {
    match v.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} et {}", rest.join(", "), last),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn a_quotation_that_ends_a_sentence_keeps_one_point() {
        let s = Sentence {
            text: "Le 1. est complété par une phrase ainsi rédigée :".into(),
            quoted: vec!["Un bilan est publié.".into()],
        };
        assert_eq!(
            s.clone().alineas("."),
            vec!["Le 1. est complété par une phrase ainsi rédigée :", "« Un bilan est publié. »"]
        );
        assert_eq!(
            s.alineas(" ;"),
            vec!["Le 1. est complété par une phrase ainsi rédigée :", "« Un bilan est publié. » ;"]
        );
    }
    #[test]
    fn repeal_mentions() {
        let text = |t: &str| vec![Alinea::paragraph(vec![Inline::plain(t)])];
        assert_eq!(repeal_mention(&text("(article abrogé)")), Some("abrogé"));
        assert_eq!(repeal_mention(&text("(Supprimé)")), Some("supprimé"));
        assert_eq!(repeal_line("\\(Supprimé\\)"), Some("supprimé"));
        assert_eq!(repeal_mention(&text("Le comité est supprimé.")), None);
        assert_eq!(repeal_title(&[Inline::plain("(Abrogé)")]), Some("abrogé"));
    }

    #[test]
    fn added_words_or_sentences() {
        assert_eq!(sentences("et des usagers"), 0);
        assert_eq!(sentences("Un bilan annuel est publié."), 1);
        assert_eq!(sentences("Un bilan est publié. Il est présenté au comité."), 2);
    }
}
