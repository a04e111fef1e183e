//! A consolidated version says what it is.
//!
//! The text of a convention after its avenants (`avenant apply`) reads like
//! the signed original; in a council pack the two must not be confused.
//! Printed for reading, a consolidated version carries on its first page
//! « Version consolidée au 15 janvier 2027 intégrant l’avenant n° 1 du
//! 15 janvier 2027 » (every avenant applied, in order), and instead of the
//! closing formula (« établie en 4 exemplaires originaux ») and the
//! signature blocks, a mention of the texts that were signed.
//!
//! Only the printed document is dressed so: the consolidated *source* keeps
//! the convention's own words, so that the redline, the next avenant's
//! citations and the fingerprints compare texts, not mentions.

use crate::french::Date;
use crate::model::BLANK;
use crate::model::{Alinea, Document, Inline, Part, PartKind, Style};
use crate::source::{AppliedAvenant, Manifest};

/// A date as printed, or the blank when the source does not state it.
fn date_or_blank(iso: Option<&str>) -> String {
    iso.and_then(Date::parse).map_or_else(|| BLANK.to_string(), |d| d.long())
}

/// « l’avenant n° 1 du 15 janvier 2027 », « les avenants n° 1 du … et n° 2 du … ».
fn avenants_phrase(applied: &[AppliedAvenant], verb: &str) -> String {
    let one = |a: &AppliedAvenant| format!("n° {}{} {}", a.numero, verb, date_or_blank(a.date.as_deref()));
    match applied {
        [a] => format!("l’avenant {}", one(a)),
        many => {
            let (last, rest) = many.split_last().expect("at least one avenant");
            format!("les avenants {} et {}", rest.iter().map(one).collect::<Vec<_>>().join(", "), one(last))
        }
    }
}

/// « Version consolidée au 15 janvier 2027 intégrant l’avenant n° 1 du 15 janvier 2027 ».
pub(crate) fn heading(applied: &[AppliedAvenant]) -> String {
    let last = applied.last().and_then(|a| a.date.as_deref());
    format!("Version consolidée au {} intégrant {}", date_or_blank(last), avenants_phrase(applied, " du"))
}

/// Dresses the printed text of a consolidated source (one whose manifest
/// lists applied avenants); any other text is left as it is.
pub(crate) fn mark(doc: &mut Document, m: &Manifest) {
    if m.avenants.is_empty() {
        return;
    }
    let head = heading(&m.avenants);
    doc.title_page.push(vec![Inline::styled(head.clone(), Style { italic: true, ..Style::PLAIN })]);
    doc.meta.subject = format!("{} – {}", doc.meta.subject, crate::french::decapitalize(&head));
    let signed = date_or_blank(m.dates.get("signature").and_then(|v| v.as_str()));
    let mention = format!(
        "Version consolidée établie pour information, sans valeur d’original : font foi la convention signée le {} et {}.",
        signed,
        avenants_phrase(&m.avenants, " signé le")
    );
    doc.closing = vec![Part {
        kind: PartKind::Cloture,
        alineas: vec![Alinea::paragraph(vec![Inline::styled(mention, Style { italic: true, ..Style::PLAIN })])],
    }];
    doc.signatures.clear();
}

#[cfg(test)]
mod tests {
    use super::*;
    fn applied(n: u32, date: Option<&str>) -> AppliedAvenant {
        AppliedAvenant { numero: n, date: date.map(str::to_string), base: String::new() }
    }
    #[test]
    fn says_which_avenants_it_integrates() {
        assert_eq!(
            heading(&[applied(1, Some("2027-01-15"))]),
            "Version consolidée au 15\u{a0}janvier 2027 intégrant l’avenant n° 1 du 15\u{a0}janvier 2027"
        );
        let two = heading(&[applied(1, Some("2027-01-15")), applied(2, None)]);
        assert_eq!(
            two,
            format!(
                "Version consolidée au {b} intégrant les avenants n° 1 du 15\u{a0}janvier 2027 et n° 2 du {b}",
                b = BLANK
            )
        );
    }
}
