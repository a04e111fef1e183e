//! The calendar a convention states: concluded for a term from its adoption,
//! tacitly renewed once, terminable with notice.
//!
//! The terms are facts the text prints, and they have one home: the words
//! the text prints them with (`variables.duree.initiale` « 2 ans »,
//! `variables.duree.reconduction` « deux ans », `variables.duree.preavis`
//! « trois mois »), which the calendar counts. When an avenant changes those
//! words, the consolidated source's fact changes with them
//! (`avenant::apply`), and so does its calendar. Manifests written before
//! that may still give the numbers (`variables.calendrier.{duree_mois,
//! reconduction_mois, preavis_mois}`); a number that contradicts the words
//! the text prints is refused. A term the source does not state is never a
//! default: the calendar says it is unknown.

use crate::error::BadManifest;
use crate::french::Date;
use crate::source::Manifest;
use serde_json::{json, Value};

/// The longest term or notice a convention states, in months (a century).
const MAX_MONTHS: i64 = 1200;

/// One term of the calendar: the fact that prints it (under `variables`),
/// the number an older manifest may give instead, and the least it may be.
pub(crate) struct TermFact {
    /// The fact's name, as `facts` and `check` print it.
    pub name: &'static str,
    /// Its path under `variables`.
    pub path: [&'static str; 2],
    /// The older manifests' number (`variables.calendrier.<key>`).
    legacy: &'static str,
    min: i64,
    /// What the legal service calls it.
    pub label: &'static str,
}

impl TermFact {
    /// The key of `variables.calendrier` an older manifest gives it by.
    pub(crate) fn legacy_key(&self) -> &'static str {
        self.legacy
    }
}

/// The terms the calendar counts, in the order it counts them.
pub(crate) const TERMS: [TermFact; 3] = [
    TermFact {
        name: "variables.duree.initiale",
        path: ["duree", "initiale"],
        legacy: "duree_mois",
        min: 1,
        label: "la durée de la convention",
    },
    TermFact {
        name: "variables.duree.reconduction",
        path: ["duree", "reconduction"],
        legacy: "reconduction_mois",
        min: 0,
        label: "la durée de la reconduction tacite",
    },
    TermFact {
        name: "variables.duree.preavis",
        path: ["duree", "preavis"],
        legacy: "preavis_mois",
        min: 0,
        label: "le délai de préavis de résiliation",
    },
];

/// A duration as a text writes it, in months: « 2 ans », « deux ans »,
/// « trois mois », « 36 mois », « une durée d'un an », « six (6) mois »,
/// « un an et demi ». None when the words hold no duration, or several
/// that differ.
pub(crate) fn months_of(text: &str) -> Option<i32> {
    let lower = text.to_lowercase().replace(['\u{a0}', '\u{202f}'], " ").replace(['’', '\''], " ");
    // « six (6) mois »: the figures in parentheses repeat the words.
    let words: Vec<&str> = lower
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '.' | ':'))
        .filter(|w| !(w.is_empty() || (w.starts_with('(') && w.ends_with(')'))))
        .collect();
    let mut found: Option<i32> = None;
    for (k, w) in words.iter().enumerate() {
        let per = match *w {
            "an" | "ans" | "année" | "années" | "annee" | "annees" => 12,
            "mois" => 1,
            _ => continue,
        };
        // The number before the unit: the longest run of words that is one.
        let start = (0..k).rev().take_while(|&j| crate::french::parse_count(words[j]).is_some() || words[j] == "et");
        let start = start.last()?;
        let count = crate::french::parse_count(&words[start..k].join(" "))?;
        let mut months = i32::try_from(count).ok()?.checked_mul(per)?;
        if per == 12 && words.get(k + 1) == Some(&"et") && words.get(k + 2) == Some(&"demi") {
            months += 6;
        }
        match found {
            Some(m) if m != months => return None,
            _ => found = Some(months),
        }
    }
    found
}

pub use crate::error::Uncountable;

/// A term's months: from the words the text prints, else from an older
/// manifest's number; the two must agree.
fn term(m: &Manifest, t: &TermFact) -> Result<Option<i32>, Uncountable> {
    let words = m.variables.get(t.path[0]).and_then(|v| v.get(t.path[1]));
    let from_words = match words {
        None => None,
        Some(Value::String(s)) => Some(
            months_of(s)
                .filter(|n| (t.min..=MAX_MONTHS).contains(&i64::from(*n)))
                .ok_or_else(|| Uncountable::Words { name: t.name, words: s.clone() })?,
        ),
        Some(v) => return Err(Uncountable::NotWords { name: t.name, value: v.to_string() }),
    };
    let cfg = m.variables.get("calendrier");
    if cfg.is_some_and(|c| !c.is_object()) {
        return Err(Uncountable::CalendrierNotObject);
    }
    let from_number = match cfg.and_then(|c| c.get(t.legacy)) {
        None => None,
        Some(v) => match v.as_i64() {
            Some(n) if (t.min..=MAX_MONTHS).contains(&n) => Some(n as i32),
            _ => {
                return Err(Uncountable::NotMonths {
                    legacy: t.legacy,
                    value: v.to_string(),
                    min: t.min,
                    max: MAX_MONTHS,
                })
            }
        },
    };
    match (from_words, from_number) {
        (Some(w), Some(n)) if w != n => Err(Uncountable::Contradicts {
            legacy: t.legacy,
            months: n,
            name: t.name,
            words: words.and_then(Value::as_str).unwrap_or_default().to_string(),
            printed: w,
        }),
        (w, n) => Ok(w.or(n)),
    }
}

/// The terms a source states, in months (each None when it states none).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Terms {
    pub duree: Option<i32>,
    pub reconduction: Option<i32>,
    pub preavis: Option<i32>,
}

impl Terms {
    /// The terms of `m`: an error for words the calendar cannot count or a
    /// number that contradicts them.
    pub fn of(m: &Manifest) -> Result<Terms, Uncountable> {
        let t = Terms { duree: term(m, &TERMS[0])?, reconduction: term(m, &TERMS[1])?, preavis: term(m, &TERMS[2])? };
        if let (Some(p), Some(d)) = (t.preavis, t.duree) {
            if p > d {
                return Err(Uncountable::NoticeLongerThanTerm { name: TERMS[2].name, notice: p, term: d });
            }
        }
        Ok(t)
    }
}

/// One deadline: a stable key (`preavis`, `fin-premiere-periode`,
/// `fin-reconduction`), what it is in French, and its day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Echeance {
    pub cle: &'static str,
    pub libelle: &'static str,
    pub date: Date,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Calendar {
    pub(crate) adoption: Date,
    pub(crate) duree_mois: i32,
    /// None: the source states no tacit renewal.
    pub(crate) reconduction_mois: Option<i32>,
    /// None: the source states no notice.
    preavis_mois: Option<i32>,
}

impl Calendar {
    /// The calendar, if the manifest states an adoption date and the term.
    /// A date that is not `YYYY-MM-DD`, or a term the calendar cannot count,
    /// is an error, never silently a default.
    pub fn from_manifest(m: &Manifest) -> Result<Option<Calendar>, Uncountable> {
        let adoption = match m.dates.get("adoption") {
            None => return Ok(None),
            Some(v) => {
                v.as_str().and_then(Date::parse).ok_or_else(|| Uncountable::Adoption { value: v.to_string() })?
            }
        };
        let terms = Terms::of(m)?;
        Ok(terms.duree.map(|duree_mois| Calendar {
            adoption,
            duree_mois,
            reconduction_mois: terms.reconduction,
            preavis_mois: terms.preavis,
        }))
    }

    /// Last day of the first term: the day before the anniversary.
    fn fin_premiere_periode(&self) -> Date {
        self.adoption.add_months(self.duree_mois).add_days(-1)
    }

    /// Last day of the tacitly renewed term, when the text renews it.
    fn fin_reconduction_stated(&self) -> Option<Date> {
        self.reconduction_mois.map(|r| self.adoption.add_months(self.duree_mois + r).add_days(-1))
    }

    /// The last day the convention runs: the end of the renewed term, or of
    /// the first when the text states no renewal.
    pub(crate) fn fin_reconduction(&self) -> Date {
        self.fin_reconduction_stated().unwrap_or_else(|| self.fin_premiere_periode())
    }

    /// Last day a party can send its registered letter so that the notice
    /// has run by the end of the first term (and so avoid the renewal).
    fn dernier_jour_preavis(&self) -> Option<Date> {
        self.preavis_mois.map(|p| self.fin_premiere_periode().add_days(1).add_months(-p).add_days(-1))
    }

    /// The deadlines the convention states, in date order: what the
    /// échéancier lists and a calendar application is reminded of.
    pub fn echeances(&self) -> Vec<Echeance> {
        let mut v: Vec<Echeance> = self
            .dernier_jour_preavis()
            .map(|date| Echeance {
                cle: "preavis",
                libelle: "Dernier jour pour notifier la résiliation avant le terme",
                date,
            })
            .into_iter()
            .collect();
        v.extend([
            Echeance {
                cle: "fin-premiere-periode",
                libelle: "Fin de la première période",
                date: self.fin_premiere_periode(),
            },
            Echeance {
                cle: "fin-reconduction",
                libelle: "Fin de la période reconduite tacitement",
                date: self.fin_reconduction(),
            },
        ]);
        v.sort_by_key(|e| e.date);
        v
    }

    /// The calendar of a source, with the adoption date given when the
    /// manifest does not state it; an error that says what to add when
    /// there is none.
    pub fn of_source(src: &crate::source::Source, adoption: Option<&str>) -> crate::Result<Calendar> {
        let mut m = src.manifest.clone();
        if let Some(a) = adoption {
            if Date::parse(a).is_none() {
                return Err(crate::Error::Usage(crate::error::Misuse::Adoption { typed: a.to_string() }));
            }
            m.dates.insert("adoption".into(), Value::String(a.into()));
        }
        let bad = |why: BadManifest| crate::Error::Manifest { path: src.manifest_path(), why };
        Calendar::from_manifest(&m).map_err(|e| bad(e.into()))?.ok_or_else(|| {
            let adoption = m.dates.get("adoption").map(|v| v.as_str().and_then(Date::parse));
            bad(if let Some(Some(_)) = adoption {
                BadManifest::NoTerm { term: TERMS[0].name, folder: src.dir.clone() }
            } else if adoption.is_some() {
                BadManifest::AdoptionNotADate
            } else {
                BadManifest::NoAdoption
            })
        })
    }

    /// The calendar as the legal service reads it.
    pub fn text(&self) -> String {
        let nb = |s: String| s.replace('\u{a0}', " ");
        let mut s = format!(
            "Adoption : {}\nFin de la première période ({} mois) : {}\n",
            nb(self.adoption.long()),
            self.duree_mois,
            nb(self.fin_premiere_periode().long())
        );
        match (self.reconduction_mois, self.fin_reconduction_stated()) {
            (Some(r), Some(end)) => {
                s.push_str(&format!("Fin de la période reconduite tacitement ({} mois) : {}\n", r, nb(end.long())))
            }
            _ => s.push_str(&format!("Reconduction tacite : la source ne l’énonce pas ({})\n", TERMS[1].name)),
        }
        match (self.preavis_mois, self.dernier_jour_preavis()) {
            (Some(p), Some(d)) => s.push_str(&format!(
                "Dernier jour pour notifier la résiliation avant le terme (préavis de {} mois) : {}\n",
                p,
                nb(d.long())
            )),
            _ => s.push_str(&format!("Préavis de résiliation : la source ne l’énonce pas ({})\n", TERMS[2].name)),
        }
        s
    }

    pub fn to_json(&self) -> Value {
        let d = |x: Date| json!({ "iso": x.iso(), "texte": x.long() });
        let mut v = json!({
            "adoption": d(self.adoption),
            "duree_mois": self.duree_mois,
            "fin_premiere_periode": d(self.fin_premiere_periode()),
        });
        if let (Some(r), Some(end)) = (self.reconduction_mois, self.fin_reconduction_stated()) {
            v["reconduction_mois"] = json!(r);
            v["fin_reconduction"] = d(end);
        }
        if let (Some(p), Some(last)) = (self.preavis_mois, self.dernier_jour_preavis()) {
            v["preavis_mois"] = json!(p);
            v["dernier_jour_preavis"] = d(last);
        }
        v
    }
}

#[cfg(test)]
mod tests {
    use super::months_of;

    #[test]
    fn durations_as_texts_write_them() {
        for (t, n) in [
            ("2 ans", 24),
            ("deux ans", 24),
            ("trois mois", 3),
            ("36 mois", 36),
            ("une durée d'un an", 12),
            ("une durée d’un an", 12),
            ("1 an", 12),
            ("six (6) mois", 6),
            ("dix-huit mois", 18),
            ("un an et demi", 18),
            ("trois années", 36),
            ("vingt-quatre mois", 24),
            ("3\u{a0}ans", 36),
        ] {
            assert_eq!(months_of(t), Some(n), "{}", t);
        }
        for t in ["", "la durée des travaux", "deux ans ou trois ans", "ans", "quelques mois", "3 semaines"] {
            assert_eq!(months_of(t), None, "{}", t);
        }
    }
}
