//! The facts a convention prints — deliberations, dates, numbers,
//! signatories — and what a source lacks of them.
//!
//! A fact the source does not state is never invented: the frame prints a
//! visible blank (`BLANK`, « délibération n° ………………… du ………………… ») and
//! the fact is listed here. `build` warns with the list; `clausier check`
//! prints it whole before signing and fails when a fact the originals need
//! is missing. The list follows the frames of `templates/`: a fact counts as
//! printed when the frame of the document's kind prints it.

use crate::avenant::ChangeSet;
use crate::source::{Approbation, Manifest, Party, Source};
use crate::templates;

mod list;
mod set;

pub use crate::model::BLANK;
pub use list::{list, Fact, Kind, Need, Origin};
pub use set::{Assignment, FactFiles};

/// One fact a source does not state.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Missing {
    /// Where it would be given: `parties[ivry].deliberation.numero`,
    /// `dates.adoption`, or in the change set `deliberations[paris].date`.
    pub(crate) field: String,
    /// What it is, as the legal service names it.
    pub(crate) what: String,
    /// Printed as a blank in the document (else only unknown: the
    /// calendar needs it, the text does not print it).
    pub(crate) blank: bool,
    /// The originals cannot be signed without it. A blank meant to be
    /// filled in by hand at signing (the date of « Fait à …, le … ») is
    /// not required.
    pub required: bool,
}

impl Missing {
    fn new(field: String, what: String, blank: bool, required: bool) -> Missing {
        Missing { field, what, blank, required }
    }

    /// The number of originals, when nothing states it.
    pub fn originaux() -> Missing {
        Missing::new("originaux".into(), "the number of exemplaires originaux".into(), false, true)
    }

    /// The name `facts --set` takes for it (`check` prints it).
    pub fn name(&self) -> &str {
        &self.field
    }

    /// What it is, as the legal service names it.
    pub fn what(&self) -> &str {
        &self.what
    }

    /// One line for stderr or `check`.
    pub fn line(&self) -> String {
        let how = match (self.blank, self.required) {
            (true, true) => "left blank, needed to sign",
            (true, false) => "left blank, to fill in by hand",
            (false, true) => "unknown, needed to sign",
            (false, false) => "unknown",
        };
        format!("{} ({}): {}", self.what, self.field, how)
    }
}

/// Whether the frame of this source prints `part` from its template (an
/// imported text with its own part prints its own words, not the frame's).
fn frame_prints(m: &Manifest, part: &str) -> bool {
    let frame = m.template.clone().unwrap_or_else(|| m.kind.clone());
    !m.parts.contains_key(part) && templates::find(&frame, part).is_some()
}

fn frame_uses(m: &Manifest, part: &str, words: &str) -> bool {
    let frame = m.template.clone().unwrap_or_else(|| m.kind.clone());
    !m.parts.contains_key(part) && templates::find(&frame, part).is_some_and(|(_, t)| t.contains(words))
}

fn empty(s: &str) -> bool {
    s.trim().is_empty()
}

/// A party's name as the list says it: « la Ville de Paris ».
fn who(p: &Party) -> String {
    p.nom.trim().to_string()
}

/// The signatory of each party, as the signature frame prints it.
fn signatories(m: &Manifest, parties: &[Party], out: &mut Vec<Missing>) {
    if !frame_prints(m, "signature") {
        return;
    }
    for p in parties {
        let s = &p.signataire;
        if empty(&s.nom) {
            out.push(Missing::new(
                format!("parties[{}].signataire.nom", p.id),
                format!("the name of the signatory for {}", who(p)),
                true,
                true,
            ));
        }
        if frame_uses(m, "signature", "signataire.qualite") && empty(&s.qualite) {
            out.push(Missing::new(
                format!("parties[{}].signataire.qualite", p.id),
                format!("the title of the signatory for {}", who(p)),
                true,
                true,
            ));
        }
        if frame_uses(m, "signature", "signataire.civilite") && empty(&s.civilite) {
            out.push(Missing::new(
                format!("parties[{}].signataire.civilite", p.id),
                format!("how the signatory for {} is addressed", who(p)),
                true,
                true,
            ));
        }
    }
}

/// What a source lacks: the facts its frame prints, the number of
/// originals, the dates of adoption and signature.
pub(crate) fn of_source(src: &Source) -> Vec<Missing> {
    let m = &src.manifest;
    let mut out = Vec::new();
    let prints_parties = frame_prints(m, "parties");
    for p in &m.parties {
        if prints_parties && empty(&p.representant) {
            out.push(Missing::new(
                format!("parties[{}].representant", p.id),
                format!("who represents {}", who(p)),
                true,
                true,
            ));
        }
        // The deliberation that authorises each party to sign: printed by the
        // frames with a parties block, known before signing in any case —
        // for a party that deliberates (not a minister, an association, a
        // company).
        if !p.deliberates() {
            continue;
        }
        let d = p.deliberation.clone().unwrap_or_default();
        let field = |k: &str| format!("parties[{}].deliberation.{}", p.id, k);
        if empty(&d.organe) {
            out.push(Missing::new(
                field("organe"),
                format!("the assembly whose deliberation authorises {} to sign", who(p)),
                prints_parties,
                prints_parties,
            ));
        }
        if d.numero.as_deref().is_none_or(empty) {
            out.push(Missing::new(
                field("numero"),
                format!("the number of the deliberation of {}", who(p)),
                prints_parties,
                prints_parties,
            ));
        }
        if d.date.as_deref().is_none_or(empty) {
            out.push(Missing::new(
                field("date"),
                format!("the date of the deliberation of {}", who(p)),
                prints_parties,
                prints_parties,
            ));
        }
    }
    signatories(m, &m.parties, &mut out);
    // The number of originals is a fact like the others: a text that does
    // not state it has none (the originals are not printed in a number
    // clausier would choose).
    if m.originaux.is_none() {
        let printed = frame_uses(m, "cloture", "originaux") || frame_uses(m, "titre", "originaux");
        out.push(Missing::new("originaux".into(), "the number of exemplaires originaux".into(), printed, true));
    }
    if frame_uses(m, "cloture", "lieu")
        && m.lieu.as_deref().or_else(|| m.variables.get("lieu").and_then(|v| v.as_str())).is_none_or(empty)
    {
        out.push(Missing::new("lieu".into(), "the place of signature (« Fait à … »)".into(), true, false));
    }
    if frame_uses(m, "visas", "cadre.adoption")
        && m.variables.get("cadre").and_then(|c| c.get("adoption")).and_then(|v| v.as_str()).is_none_or(empty)
    {
        out.push(Missing::new(
            "variables.cadre.adoption".into(),
            "the deliberations that adopted the convention-cadre".into(),
            true,
            true,
        ));
    }
    if frame_uses(m, "cloture", "dates.signature") && !m.dates.contains_key("signature") {
        out.push(Missing::new("dates.signature".into(), "the date of signature".into(), true, false));
    }
    if !m.dates.contains_key("adoption") {
        out.push(Missing::new(
            "dates.adoption".into(),
            "the date of adoption, from which the convention runs (calendrier)".into(),
            false,
            false,
        ));
    }
    out
}

/// What an avenant to `src` lacks: the deliberations approving it, the
/// signature of the convention and of the earlier avenants its visas cite,
/// its signatories, its date and place. A text no party signs (statuts
/// adopted by an assembly, a cahier des charges annexed to a décret) has
/// neither parties nor signatories: its visa cites the act instead.
pub fn of_avenant(src: &Source, cs: &ChangeSet) -> Vec<Missing> {
    let m = &src.manifest;
    let mut out = Vec::new();
    let signs = m.approbation.as_ref().is_none_or(Approbation::signed);
    for p in m.parties.iter().filter(|p| signs && p.deliberates()) {
        let d = cs.deliberations.iter().find(|d| d.partie == p.id);
        let field = |k: &str| format!("deliberations[{}].{}", p.id, k);
        if d.is_none_or(|d| empty(&d.organe)) {
            out.push(Missing::new(
                field("organe"),
                format!("the assembly whose deliberation approves the avenant for {}", who(p)),
                true,
                true,
            ));
        }
        if d.and_then(|d| d.numero.as_deref()).is_none_or(empty) {
            out.push(Missing::new(
                field("numero"),
                format!("the number of the deliberation of {} approving the avenant", who(p)),
                true,
                true,
            ));
        }
        if d.and_then(|d| d.date.as_deref()).is_none_or(empty) {
            out.push(Missing::new(
                field("date"),
                format!("the date of the deliberation of {} approving the avenant", who(p)),
                true,
                true,
            ));
        }
    }
    if signs && !m.dates.contains_key("signature") {
        out.push(Missing::new(
            "dates.signature".into(),
            "the date the convention was signed (first visa)".into(),
            true,
            true,
        ));
    }
    out.extend(approbation_missing(m));
    for a in &m.avenants {
        if a.date.is_none() {
            out.push(Missing::new(
                format!("avenants[{}].date", a.numero),
                format!("the date of avenant n° {} (visa)", a.numero),
                true,
                true,
            ));
        }
    }
    if signs {
        let parties: Vec<Party> = m
            .parties
            .iter()
            .map(|p| {
                let mut p = p.clone();
                if let Some(s) = cs.signataires.iter().find(|s| s.partie == p.id) {
                    p.signataire = crate::source::Signataire {
                        civilite: s.civilite.clone(),
                        qualite: s.qualite.clone(),
                        nom: s.nom.clone(),
                    };
                }
                p
            })
            .collect();
        let frame = Manifest {
            kind: "avenant".into(),
            template: Some("avenant".into()),
            parts: Default::default(),
            ..m.clone()
        };
        let before = out.len();
        signatories(&frame, &parties, &mut out);
        for x in &mut out[before..] {
            x.field = x.field.replace("parties[", "signataires[").replace(".signataire.", ".");
        }
        if cs.lieu.as_deref().is_none_or(empty) {
            out.push(Missing::new("lieu".into(), "the place the avenant is signed (« Fait à … »)".into(), true, false));
        }
    }
    if cs.date.is_none() {
        out.push(Missing::new("date".into(), "the date of signature of the avenant".into(), true, false));
    }
    out
}

/// The act that gives the text effect, as the avenant's visa cites it:
/// its date (and its number, for a text annexed to it).
fn approbation_missing(m: &Manifest) -> Vec<Missing> {
    let Some(a) = &m.approbation else { return Vec::new() };
    let mut out = Vec::new();
    if a.annexe && a.numero.as_deref().is_none_or(empty) {
        out.push(Missing::new(
            "approbation.numero".into(),
            format!("the number of the {} {} is annexed to (visa)", a.acte.noun(), m.nature().the()),
            true,
            true,
        ));
    }
    if a.date.as_deref().is_none_or(empty) {
        out.push(Missing::new(
            "approbation.date".into(),
            format!("the date of the {} giving effect to {} (visa)", a.acte.noun(), m.nature().the()),
            true,
            true,
        ));
    }
    if a.acte == crate::source::Acte::Deliberation && a.organe.as_deref().is_none_or(empty) {
        out.push(Missing::new(
            "approbation.organe".into(),
            format!("the assembly that adopts {}", m.nature().the()),
            true,
            true,
        ));
    }
    out
}

/// What an avenant amending several texts lacks: what `of_avenant` finds
/// for the principal text (the first) and its change set, then, for each
/// other text, the facts of its visas — its date of signature, the dates of
/// the earlier avenants to it.
pub fn of_avenant_to(texts: &[(&Source, &ChangeSet)]) -> Vec<Missing> {
    let Some(((src, cs), others)) = texts.split_first() else { return Vec::new() };
    let mut out = of_avenant(src, cs);
    for (src, _) in others {
        let m = &src.manifest;
        let manifest = src.manifest_path();
        if !m.dates.contains_key("signature") {
            out.push(Missing::new(
                format!("{}: dates.signature", manifest.display()),
                format!("the date of signature of « {} » (its visa)", m.nature().the()),
                true,
                true,
            ));
        }
        for a in &m.avenants {
            if a.date.is_none() {
                out.push(Missing::new(
                    format!("{}: avenants[{}].date", manifest.display(), a.numero),
                    format!("the date of avenant n° {} to « {} » (its visa)", a.numero, m.nature().the()),
                    true,
                    true,
                ));
            }
        }
    }
    out
}

/// A fact as `clausier facts` prints it: its name and value, then what it
/// is, where the value came from and what needs it.
pub fn line(f: &Fact) -> String {
    let needs: Vec<&str> = f.needed_by.iter().map(|n| n.text()).collect();
    format!(
        "  {} = {}\n      {} · {}{}",
        f.name,
        f.value.as_deref().unwrap_or(BLANK),
        f.label,
        f.origin.text(),
        if needs.is_empty() { String::new() } else { format!(" · requis par {}", needs.join(", ")) }
    )
}

/// The warning lines a build prints for the blanks it left.
pub fn warnings(missing: &[Missing]) -> Vec<String> {
    missing.iter().filter(|x| x.blank).map(|x| format!("warning: {}", x.line())).collect()
}

/// A warning when an avenant is dated after the convention it amends has
/// ended, as `calendrier` computes that end (adoption, first term, one tacit
/// renewal): an ended convention cannot be amended.
pub fn avenant_after_end(src: &Source, cs: &ChangeSet) -> Option<String> {
    let cal = crate::calendar::Calendar::from_manifest(&src.manifest).ok()??;
    let date = crate::french::Date::parse(cs.date.as_deref()?)?;
    let end = cal.fin_reconduction();
    (date > end).then(|| {
        format!(
            "warning: avenant n° {} is dated {}, after the end of the convention it amends ({}: adopted {}, {} months, {}): an ended convention cannot be amended",
            cs.numero,
            date.long().replace('\u{a0}', " "),
            end.long().replace('\u{a0}', " "),
            cal.adoption.long().replace('\u{a0}', " "),
            cal.duree_mois,
            match cal.reconduction_mois {
                Some(r) => format!("tacitly renewed for {}", r),
                None => "no tacit renewal stated".to_string(),
            }
        )
    })
}

/// What `clausier check` reports: what is checked, what is missing, and
/// whether an avenant is dated after the convention's end.
pub struct Check {
    pub what: String,
    pub missing: Vec<Missing>,
    pub after_end: Option<String>,
}

/// The facts of `src` (found at `path`), or of the avenant at `avenant` to it.
pub fn check(src: &Source, path: &std::path::Path, avenant: Option<&std::path::Path>) -> crate::Result<Check> {
    Ok(match avenant {
        Some(a) => {
            let cs = crate::avenant::load(a)?;
            Check {
                what: format!("avenant n° {} to {}", cs.numero, path.display()),
                missing: of_avenant(src, &cs),
                after_end: avenant_after_end(src, &cs),
            }
        }
        None => Check {
            what: format!("{} ({})", path.display(), src.manifest.kind),
            missing: of_source(src),
            after_end: None,
        },
    })
}
