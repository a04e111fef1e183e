//! How the amended text takes effect, as the avenant's frame says it
//! (`Manifest::approbation`): a convention signed by its parties (« Vu la
//! convention …, signée le … »; the avenant « entre en vigueur à compter de
//! sa signature »); one approved by arrêté or décret (« signée le … et
//! approuvée par arrêté du … »; the avenant enters into force on the
//! publication of the act approving it); a cahier des charges annexed to a
//! décret (« Vu le cahier des charges annexé au décret n° … du … », no
//! signature); statuts adopted by an assembly (no parties, « Les statuts …
//! sont modifiés ainsi qu'il suit », « adoptés par délibération … »).

use crate::french::{Date, Nature};
use crate::model::BLANK;
use crate::source::{Acte, Approbation, Manifest};

/// A date in words, or the blank when the source does not state it.
fn date_or_blank(iso: Option<&str>) -> String {
    match iso.and_then(Date::parse) {
        Some(d) => d.long(),
        None => BLANK.to_string(),
    }
}

/// What follows the amended text's name in the avenant's visa: « , signée
/// le 1er février 2027 », « annexé au décret n° 52-77 du 15 janvier 1952 »,
/// « , adoptés par délibération du comité syndical du … ». `signed` is the
/// text's date of signature.
pub(crate) fn visa(m: &Manifest, nature: &Nature, signed: Option<&str>) -> String {
    let signe = format!(", {} le {}", nature.agree("signé"), date_or_blank(signed));
    let Some(a) = &m.approbation else { return signe };
    let numero = a.numero.as_deref().map(|n| format!(" n° {}", n.trim())).unwrap_or_default();
    let date = date_or_blank(a.date.as_deref());
    match (a.acte, a.annexe) {
        (acte, true) => {
            let numero = if numero.is_empty() { format!(" n° {}", BLANK) } else { numero };
            format!(" {} au {}{} du {}", nature.agree("annexé"), acte.noun(), numero, date)
        }
        (Acte::Deliberation, false) => {
            format!(", {} par délibération {} du {}", nature.agree("adopté"), of_organe(a), date)
        }
        (acte, false) => format!("{} et {} par {}{} du {}", signe, nature.agree("approuvé"), acte.noun(), numero, date),
    }
}

/// « du comité syndical », or a blank when the assembly is not stated.
fn of_organe(a: &Approbation) -> String {
    match a.organe.as_deref().map(str::trim).filter(|o| !o.is_empty()) {
        Some(o) => {
            let lower = o.to_lowercase();
            if let Some(rest) = lower.strip_prefix("le ") {
                format!("du {}", &o[o.len() - rest.len()..])
            } else if lower.starts_with("la ") || lower.starts_with("l’") || lower.starts_with("l'") {
                format!("de {}", o)
            } else {
                format!("du {}", o)
            }
        }
        None => format!("de {}", BLANK),
    }
}

/// When the avenant enters into force, unless its change set says.
pub(crate) fn entry_into_force(m: &Manifest) -> Option<String> {
    let a = m.approbation.as_ref()?;
    Some(match a.acte {
        Acte::Deliberation => "à la date à laquelle la délibération qui l’adopte est devenue exécutoire".into(),
        acte => format!(
            "à la date de publication {} portant son approbation",
            match acte {
                Acte::Arrete => "de l’arrêté",
                _ => "du décret",
            }
        ),
    })
}

/// Whether the avenant has parties who sign it: not a modification of
/// statuts, which their assembly adopts.
pub(crate) fn has_parties(m: &Manifest) -> bool {
    m.approbation.as_ref().is_none_or(|a| a.acte != Acte::Deliberation)
}

/// The sentence before the avenant's articles: « Il a été convenu ce qui
/// suit : », or for statuts « Les statuts de … sont modifiés ainsi qu'il
/// suit : » (`named`: the text with its article).
pub(crate) fn opening(m: &Manifest, nature: &Nature, named: &str) -> String {
    if has_parties(m) {
        return "Il a été convenu ce qui suit :".into();
    }
    let verb = if nature.plural { "sont" } else { "est" };
    format!("{} {} {} ainsi qu’il suit :", crate::french::capitalize(named), verb, nature.agree("modifié"))
}

/// The closing of an avenant no party signs: « Adopté par le comité
/// syndical le … ».
pub(crate) fn adopted_by(m: &Manifest) -> Option<String> {
    let a = m.approbation.as_ref().filter(|a| a.acte == Acte::Deliberation)?;
    Some(match a.organe.as_deref().map(str::trim).filter(|o| !o.is_empty()) {
        Some(o) if o.to_lowercase().starts_with("le ") || o.to_lowercase().starts_with("la ") => o.to_string(),
        Some(o) => format!("le {}", o),
        None => BLANK.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn manifest(approbation: serde_json::Value, nature: &str) -> Manifest {
        serde_json::from_value(serde_json::json!({
            "kind": "convention", "title": "T", "outline": [{ "id": "a", "title": "A" }],
            "nature": nature, "approbation": approbation,
        }))
        .unwrap()
    }

    #[test]
    fn each_way_of_taking_effect_has_its_visa() {
        let n = |s: &str| Nature::parse(s);
        let m = manifest(serde_json::json!({ "acte": "arrêté", "date": "2000-04-19" }), "la convention");
        assert_eq!(
            visa(&m, &n("la convention"), Some("1999-04-19")).replace('\u{a0}', " "),
            ", signée le 19 avril 1999 et approuvée par arrêté du 19 avril 2000"
        );
        assert_eq!(entry_into_force(&m).unwrap(), "à la date de publication de l’arrêté portant son approbation");
        let m = manifest(
            serde_json::json!({ "acte": "décret", "annexe": true, "numero": "52-77", "date": "1952-01-15" }),
            "le cahier des charges",
        );
        assert_eq!(
            visa(&m, &n("le cahier des charges"), None).replace('\u{a0}', " "),
            " annexé au décret n° 52-77 du 15 janvier 1952"
        );
        let m = manifest(serde_json::json!({ "acte": "délibération", "organe": "comité syndical" }), "les statuts");
        assert_eq!(
            visa(&m, &n("les statuts"), None),
            format!(", adoptés par délibération du comité syndical du {}", BLANK)
        );
        assert!(!has_parties(&m));
        assert_eq!(
            opening(&m, &n("les statuts"), "les statuts du SIVOM"),
            "Les statuts du SIVOM sont modifiés ainsi qu’il suit :"
        );
        assert_eq!(adopted_by(&m).as_deref(), Some("le comité syndical"));
        let plain = manifest(serde_json::Value::Null, "la convention");
        assert_eq!(visa(&plain, &n("la convention"), None), format!(", signée le {}", BLANK));
        assert!(entry_into_force(&plain).is_none() && has_parties(&plain));
    }
}
