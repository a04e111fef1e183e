//! The calendar a convention states: concluded for a term from its adoption,
//! tacitly renewed once, terminable with notice. Computed from the manifest
//! (`dates.adoption`, `variables.calendrier.{duree_mois, reconduction_mois,
//! preavis_mois}`, by default 24, 24 and 3 as in the Paris–Ivry convention).

use crate::french::Date;
use crate::source::Manifest;
use serde_json::{json, Value};

/// The longest term or notice a convention states, in months (a century).
const MAX_MONTHS: i64 = 1200;

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
    pub(crate) reconduction_mois: i32,
    preavis_mois: i32,
}

impl Calendar {
    /// The calendar, if the manifest states an adoption date. A date that
    /// is not `YYYY-MM-DD`, or a duration that is not a whole number of
    /// months within reason, is an error, never silently a default.
    pub fn from_manifest(m: &Manifest) -> Result<Option<Calendar>, String> {
        let adoption = match m.dates.get("adoption") {
            None => return Ok(None),
            Some(v) => v
                .as_str()
                .and_then(Date::parse)
                .ok_or_else(|| format!("dates.adoption {}: expected a date YYYY-MM-DD (year 1 to 9999)", v))?,
        };
        let cfg = m.variables.get("calendrier");
        if cfg.is_some_and(|c| !c.is_object()) {
            return Err("variables.calendrier: expected an object (duree_mois, reconduction_mois, preavis_mois)".into());
        }
        let get = |k: &str, default: i32, min: i64| -> Result<i32, String> {
            match cfg.and_then(|c| c.get(k)) {
                None => Ok(default),
                Some(v) => match v.as_i64() {
                    Some(n) if (min..=MAX_MONTHS).contains(&n) => Ok(n as i32),
                    _ => Err(format!(
                        "variables.calendrier.{} {}: expected a whole number of months from {} to {}",
                        k, v, min, MAX_MONTHS
                    )),
                },
            }
        };
        let cal = Calendar {
            adoption,
            duree_mois: get("duree_mois", 24, 1)?,
            reconduction_mois: get("reconduction_mois", 24, 0)?,
            preavis_mois: get("preavis_mois", 3, 0)?,
        };
        if cal.preavis_mois > cal.duree_mois {
            return Err(format!(
                "variables.calendrier.preavis_mois {}: longer than the term itself ({} months)",
                cal.preavis_mois, cal.duree_mois
            ));
        }
        Ok(Some(cal))
    }

    /// Last day of the first term: the day before the anniversary.
    fn fin_premiere_periode(&self) -> Date {
        self.adoption.add_months(self.duree_mois).add_days(-1)
    }

    /// Last day of the tacitly renewed term.
    pub(crate) fn fin_reconduction(&self) -> Date {
        self.adoption.add_months(self.duree_mois + self.reconduction_mois).add_days(-1)
    }

    /// Last day a party can send its registered letter so that the notice
    /// has run by the end of the first term (and so avoid the renewal).
    fn dernier_jour_preavis(&self) -> Date {
        self.fin_premiere_periode().add_days(1).add_months(-self.preavis_mois).add_days(-1)
    }

    /// The deadlines the convention states, in date order: what the
    /// échéancier lists and a calendar application is reminded of.
    pub fn echeances(&self) -> Vec<Echeance> {
        let mut v = vec![
            Echeance {
                cle: "preavis",
                libelle: "Dernier jour pour notifier la résiliation avant le terme",
                date: self.dernier_jour_preavis(),
            },
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
        ];
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
                return Err(crate::Error::Usage(format!(
                    "--adoption « {} »: expected a date YYYY-MM-DD (year 1 to 9999)",
                    a
                )));
            }
            m.dates.insert("adoption".into(), Value::String(a.into()));
        }
        let bad = |msg: String| crate::Error::Manifest { path: src.manifest_path(), msg };
        Calendar::from_manifest(&m).map_err(bad)?.ok_or_else(|| {
            bad(if m.dates.contains_key("adoption") {
                "dates.adoption is not a date (YYYY-MM-DD): correct it in the manifest, or pass --adoption".into()
            } else {
                "the convention runs from its adoption, and the manifest states no adoption date: add \"dates\": {\"adoption\": \"YYYY-MM-DD\"} to it, or pass --adoption YYYY-MM-DD".into()
            })
        })
    }

    /// The calendar as the legal service reads it.
    pub fn text(&self) -> String {
        let nb = |s: String| s.replace('\u{a0}', " ");
        format!(
            "Adoption : {}\nFin de la première période ({} mois) : {}\nFin de la période reconduite tacitement ({} mois) : {}\nDernier jour pour notifier la résiliation avant le terme (préavis de {} mois) : {}\n",
            nb(self.adoption.long()),
            self.duree_mois,
            nb(self.fin_premiere_periode().long()),
            self.reconduction_mois,
            nb(self.fin_reconduction().long()),
            self.preavis_mois,
            nb(self.dernier_jour_preavis().long())
        )
    }

    pub fn to_json(&self) -> Value {
        let d = |x: Date| json!({ "iso": x.iso(), "texte": x.long() });
        json!({
            "adoption": d(self.adoption),
            "fin_premiere_periode": d(self.fin_premiere_periode()),
            "fin_reconduction": d(self.fin_reconduction()),
            "dernier_jour_preavis": d(self.dernier_jour_preavis()),
        })
    }
}
