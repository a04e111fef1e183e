//! Every fact of a source (or of an avenant to it), as `clausier facts`
//! lists it and the desk shows it: its name (the one `check` prints and
//! `--set` takes), what the legal service calls it, its value, where the
//! value came from, and what needs it.

use super::{frame_prints, frame_uses};
use crate::avenant::ChangeSet;
use crate::source::{Manifest, Origine, Party, Source};
use serde::Serialize;

/// One fact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fact {
    /// `parties[paris].deliberation.numero`, `dates.signature`, `date`…
    pub name: String,
    /// What the legal service calls it, in French: « numéro de la
    /// délibération de la Ville de Paris ».
    pub label: String,
    /// As the document prints it (dates ISO); None when the source does not state it.
    pub value: Option<String>,
    pub origin: Origin,
    /// What cannot be done without it.
    pub needed_by: Vec<Need>,
    /// Printed as a blank « ………………… » while it is missing.
    pub blank: bool,
    /// How `--set` reads a value for it.
    pub kind: Kind,
    /// Whether it lives in the change set (`--avenant`) rather than in the
    /// source's manifest.
    pub of_avenant: bool,
}

/// Where a fact's value came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "origine", rename_all = "lowercase")]
pub enum Origin {
    /// Read in a text (`import`, or the avenant that changed it).
    Lu {
        #[serde(skip_serializing_if = "Option::is_none")]
        fichier: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        ligne: Option<usize>,
    },
    /// Set by a person (`facts --set`, the desk).
    Saisi,
    /// Drafted by clausier (an avenant's objet from its changes).
    Redige,
    /// Written in the manifest or the change set, with no record of where from.
    Ecrit,
    /// Not stated: what the rules say from the party's name (its gender,
    /// whether it deliberates), shown but not recorded.
    Deduit,
    /// Not stated, not known.
    Absent,
}

impl Origin {
    /// In French, as `facts` prints it.
    pub fn text(&self) -> String {
        match self {
            Origin::Lu { fichier: Some(f), ligne: Some(l) } => format!("lu ligne {} de {}", l, f),
            Origin::Lu { fichier: Some(f), ligne: None } => format!("lu dans {}", f),
            Origin::Lu { .. } => "lu dans le texte".into(),
            Origin::Saisi => "saisi".into(),
            Origin::Redige => "rédigé par clausier".into(),
            Origin::Ecrit => "écrit dans le fichier".into(),
            Origin::Deduit => "déduit du nom".into(),
            Origin::Absent => "manquant".into(),
        }
    }
}

/// What needs a fact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Need {
    /// The originals cannot be signed without it (`originals` refuses).
    Originaux,
    /// The frame prints it (the parties, the visas, « Fait à … »).
    Cadre,
    /// `calendrier` counts it.
    Calendrier,
}

impl Need {
    pub fn text(self) -> &'static str {
        match self {
            Need::Originaux => "les originaux",
            Need::Cadre => "le cadre",
            Need::Calendrier => "le calendrier",
        }
    }
}

/// How a value is read and checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Text,
    /// ISO or « 10 mars 2026 »; kept ISO.
    Date,
    /// A whole number (« 4 », « quatre »).
    Count,
    /// A term the calendar counts (« 2 ans », « trois mois »).
    Duree,
    /// `f` or `m`.
    Genre,
    /// `oui` or `non`.
    OuiNon,
    /// The act giving a text effect: `arrêté`, `décret`, `délibération`.
    Acte,
}

fn text(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_string())
}

/// Builds the list: each fact in the order a reader meets it.
struct Lister<'a> {
    m: &'a Manifest,
    cs: Option<&'a ChangeSet>,
    out: Vec<Fact>,
}

impl Lister<'_> {
    fn origin(&self, name: &str, known: bool, of_avenant: bool) -> Origin {
        if !known {
            return Origin::Absent;
        }
        let recorded =
            if of_avenant { self.cs.and_then(|c| c.provenance.get(name)) } else { self.m.provenance.get(name) };
        match recorded.map(|p| (p.origine, p)) {
            Some((Origine::Lu, p)) => Origin::Lu { fichier: p.fichier.clone(), ligne: p.ligne },
            Some((Origine::Saisi, _)) => Origin::Saisi,
            Some((Origine::Redige, _)) => Origin::Redige,
            None => Origin::Ecrit,
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn push(
        &mut self,
        name: String,
        label: String,
        value: Option<String>,
        kind: Kind,
        needs: &[Need],
        printed: bool,
        of_avenant: bool,
    ) {
        let origin = self.origin(&name, value.is_some(), of_avenant);
        let mut needed_by: Vec<Need> = needs.to_vec();
        if printed && !needed_by.contains(&Need::Cadre) {
            needed_by.push(Need::Cadre);
        }
        needed_by.sort();
        let blank = value.is_none() && printed;
        self.out.push(Fact { name, label, value, origin, needed_by, blank, kind, of_avenant });
    }
}

/// « de la Ville de Paris » from « la Ville de Paris ».
fn of(p: &Party) -> String {
    let n = p.nom.trim();
    let lower = n.to_lowercase();
    for (art, contracted) in [("le ", "du "), ("les ", "des ")] {
        if lower.starts_with(art) {
            return format!("{}{}", contracted, &n[art.len()..]);
        }
    }
    format!("de {}", n)
}

/// The facts of each party.
fn parties(l: &mut Lister, parties: &[Party], avenant: bool) {
    let m = l.m;
    // An avenant's own frame prints the parties and their signatures.
    let prints_parties = avenant || frame_prints(m, "parties");
    let prints_signature = avenant || frame_prints(m, "signature");
    for p in parties {
        identity(l, p, prints_parties, prints_signature);
        if !avenant {
            signatory(l, p, prints_signature);
            if p.deliberates() {
                deliberation(l, p, prints_parties);
            }
        }
    }
}

/// Who a party is: its name, representative, gender, whether it
/// deliberates, how the text names it afterwards.
fn identity(l: &mut Lister, p: &Party, prints_parties: bool, prints_signature: bool) {
    let pre = format!("parties[{}]", p.id);
    l.push(
        format!("{}.nom", pre),
        format!("nom de la partie « {} »", p.id),
        text(&p.nom),
        Kind::Text,
        &[],
        prints_parties || prints_signature,
        false,
    );
    l.push(
        format!("{}.representant", pre),
        format!("représentant {}", of(p)),
        text(&p.representant),
        Kind::Text,
        if prints_parties { &[Need::Originaux] } else { &[] },
        prints_parties,
        false,
    );
    let genre = match p.gender() {
        crate::source::Genre::Feminin => "f",
        crate::source::Genre::Masculin => "m",
    };
    let stated = p.genre.is_some() || p.extra.contains_key("feminin");
    l.push(
        format!("{}.genre", pre),
        format!("genre du nom {}", of(p)),
        Some(genre.into()),
        Kind::Genre,
        &[],
        prints_parties,
        false,
    );
    if !stated {
        l.out.last_mut().expect("just pushed").origin = Origin::Deduit;
    }
    l.push(
        format!("{}.delibere", pre),
        format!("{} agit par délibération d’une assemblée", crate::french::capitalize(p.nom.trim())),
        Some(if p.deliberates() { "oui" } else { "non" }.into()),
        Kind::OuiNon,
        &[],
        false,
        false,
    );
    if p.delibere.is_none() {
        l.out.last_mut().expect("just pushed").origin = Origin::Deduit;
    }
    l.push(
        format!("{}.designation", pre),
        format!("désignation {} (« ci-après dénommée … »)", of(p)),
        p.designation.clone(),
        Kind::Text,
        &[],
        false,
        false,
    );
}

/// Who signs for a party, as the signature frame prints it.
fn signatory(l: &mut Lister, p: &Party, prints_signature: bool) {
    let (m, pre) = (l.m, format!("parties[{}]", p.id));
    let sign = if prints_signature { vec![Need::Originaux] } else { vec![] };
    let s = &p.signataire;
    for (k, label, v) in
        [("civilite", "civilité", &s.civilite), ("qualite", "qualité", &s.qualite), ("nom", "nom", &s.nom)]
    {
        let printed = prints_signature && (k == "nom" || frame_uses(m, "signature", &format!("signataire.{}", k)));
        l.push(
            format!("{}.signataire.{}", pre, k),
            format!("{} du signataire pour {}", label, p.nom.trim()),
            text(v),
            Kind::Text,
            if printed { &sign } else { &[] },
            printed,
            false,
        );
    }
}

/// The deliberation that authorises a party to sign (printed by the
/// frames with a parties block).
fn deliberation(l: &mut Lister, p: &Party, prints_parties: bool) {
    let pre = format!("parties[{}]", p.id);
    let d = p.deliberation.clone().unwrap_or_default();
    let need: &[Need] = if prints_parties { &[Need::Originaux] } else { &[] };
    l.push(
        format!("{}.deliberation.organe", pre),
        format!("assemblée qui autorise {} à signer", p.nom.trim()),
        text(&d.organe),
        Kind::Text,
        need,
        prints_parties,
        false,
    );
    l.push(
        format!("{}.deliberation.numero", pre),
        format!("numéro de la délibération {}", of(p)),
        d.numero.as_deref().and_then(text),
        Kind::Text,
        need,
        prints_parties,
        false,
    );
    l.push(
        format!("{}.deliberation.date", pre),
        format!("date de la délibération {}", of(p)),
        d.date.as_deref().and_then(text),
        Kind::Date,
        need,
        prints_parties,
        false,
    );
}

/// The facts of the source itself.
fn of_source(l: &mut Lister) {
    let m = l.m;
    let printed_originaux = frame_uses(m, "cloture", "originaux") || frame_uses(m, "titre", "originaux");
    l.push(
        "originaux".into(),
        "nombre d’exemplaires originaux".into(),
        m.originaux.map(|n| n.to_string()),
        Kind::Count,
        &[Need::Originaux],
        printed_originaux,
        false,
    );
    let lieu = m.lieu.clone().or_else(|| m.variables.get("lieu").and_then(|v| v.as_str()).map(str::to_string));
    l.push(
        "lieu".into(),
        "lieu de signature (« Fait à … »)".into(),
        lieu,
        Kind::Text,
        &[],
        frame_uses(m, "cloture", "lieu"),
        false,
    );
    let date = |k: &str| m.dates.get(k).and_then(|v| v.as_str()).and_then(text);
    l.push(
        "dates.signature".into(),
        format!("date de signature {}", m.nature().of()),
        date("signature"),
        Kind::Date,
        &[],
        frame_uses(m, "cloture", "dates.signature"),
        false,
    );
    l.push(
        "dates.adoption".into(),
        format!("date d’adoption {}, d’où courent ses termes", m.nature().of()),
        date("adoption"),
        Kind::Date,
        &[Need::Calendrier],
        false,
        false,
    );
    for t in &crate::calendar::TERMS {
        let v = m.variables.get(t.path[0]).and_then(|v| v.get(t.path[1])).and_then(|v| v.as_str()).and_then(text);
        l.push(t.name.into(), t.label.into(), v, Kind::Duree, &[Need::Calendrier], false, false);
    }
    if frame_uses(m, "visas", "cadre.adoption") {
        let v = m.variables.get("cadre").and_then(|c| c.get("adoption")).and_then(|v| v.as_str()).and_then(text);
        l.push(
            "variables.cadre.adoption".into(),
            "délibérations qui ont adopté la convention-cadre".into(),
            v,
            Kind::Text,
            &[Need::Originaux],
            true,
            false,
        );
    }
    if let Some(a) = &m.approbation {
        approbation(l, a);
    }
}

/// How the text takes effect: the act, its number and date, who takes it.
fn approbation(l: &mut Lister, a: &crate::source::Approbation) {
    let visa = |x: bool| if x { vec![Need::Originaux] } else { vec![] };
    l.push(
        "approbation.acte".into(),
        "acte qui donne effet au texte".into(),
        Some(a.acte.noun().into()),
        Kind::Acte,
        &[],
        false,
        false,
    );
    l.push(
        "approbation.numero".into(),
        format!("numéro de {}", a.acte.the()),
        a.numero.as_deref().and_then(text),
        Kind::Text,
        &visa(a.annexe),
        a.annexe,
        false,
    );
    l.push(
        "approbation.date".into(),
        format!("date de {}", a.acte.the()),
        a.date.clone(),
        Kind::Date,
        &visa(true),
        true,
        false,
    );
    if a.acte == crate::source::Acte::Deliberation {
        l.push(
            "approbation.organe".into(),
            "assemblée qui adopte le texte".into(),
            a.organe.as_deref().and_then(text),
            Kind::Text,
            &visa(true),
            true,
            false,
        );
    }
}

/// The facts of an avenant to the source: its own, then those of the
/// source its visas cite.
fn of_avenant(l: &mut Lister, cs: &ChangeSet) {
    let m = l.m;
    let signs = m.approbation.as_ref().is_none_or(|a| a.signed());
    l.push(
        "objet".into(),
        "objet de l’avenant (article 1er)".into(),
        cs.objet.as_deref().and_then(text),
        Kind::Text,
        &[],
        true,
        true,
    );
    l.push("date".into(), "date de signature de l’avenant".into(), cs.date.clone(), Kind::Date, &[], true, true);
    l.push(
        "lieu".into(),
        "lieu de signature de l’avenant (« Fait à … »)".into(),
        cs.lieu.as_deref().and_then(text),
        Kind::Text,
        &[],
        true,
        true,
    );
    let originaux = cs.originaux.or(m.originaux);
    l.push(
        "originaux".into(),
        "nombre d’exemplaires originaux de l’avenant".into(),
        originaux.map(|n| n.to_string()),
        Kind::Count,
        &[Need::Originaux],
        signs,
        true,
    );
    if cs.originaux.is_none() && m.originaux.is_some() {
        // Taken from the convention: shown with the convention's origin.
        let o = l.origin("originaux", true, false);
        l.out.last_mut().expect("just pushed").origin = o;
    }
    l.push(
        "entree_en_vigueur".into(),
        "entrée en vigueur de l’avenant".into(),
        cs.entree_en_vigueur.as_deref().and_then(text),
        Kind::Text,
        &[],
        false,
        true,
    );
    let parties: Vec<Party> = if signs { m.parties.clone() } else { Vec::new() };
    parties_of_avenant(l, cs, &parties);
    let signature = m.dates.get("signature").and_then(|v| v.as_str()).and_then(text);
    if signs {
        l.push(
            "dates.signature".into(),
            format!("date de signature {} (visa)", m.nature().of()),
            signature,
            Kind::Date,
            &[Need::Originaux],
            true,
            false,
        );
    }
    for a in &m.avenants {
        l.push(
            format!("avenants[{}].date", a.numero),
            format!("date de l’avenant n° {} (visa)", a.numero),
            a.date.clone(),
            Kind::Date,
            &[Need::Originaux],
            true,
            false,
        );
    }
}

/// The parties' facts for an avenant: the deliberations approving it and
/// who signs for each party.
fn parties_of_avenant(l: &mut Lister, cs: &ChangeSet, parties: &[Party]) {
    for p in parties {
        let id = &p.id;
        if p.deliberates() {
            let d = cs.deliberations.iter().find(|d| d.partie == *id);
            let pre = format!("deliberations[{}]", id);
            l.push(
                format!("{}.organe", pre),
                format!("assemblée qui approuve l’avenant pour {}", p.nom.trim()),
                d.and_then(|d| text(&d.organe)),
                Kind::Text,
                &[Need::Originaux],
                true,
                true,
            );
            l.push(
                format!("{}.numero", pre),
                format!("numéro de la délibération {} approuvant l’avenant", of(p)),
                d.and_then(|d| d.numero.as_deref()).and_then(text),
                Kind::Text,
                &[Need::Originaux],
                true,
                true,
            );
            l.push(
                format!("{}.date", pre),
                format!("date de la délibération {} approuvant l’avenant", of(p)),
                d.and_then(|d| d.date.as_deref()).and_then(text),
                Kind::Date,
                &[Need::Originaux],
                true,
                true,
            );
        }
        let given = cs.signataires.iter().find(|s| s.partie == *id);
        let s = &p.signataire;
        for (k, label, conv, new) in [
            ("civilite", "civilité", &s.civilite, given.map(|g| &g.civilite)),
            ("qualite", "qualité", &s.qualite, given.map(|g| &g.qualite)),
            ("nom", "nom", &s.nom, given.map(|g| &g.nom)),
        ] {
            let name = format!("signataires[{}].{}", id, k);
            let printed = k != "civilite";
            let value = match new {
                Some(v) => text(v),
                None => text(conv),
            };
            l.push(
                name,
                format!("{} du signataire de l’avenant pour {}", label, p.nom.trim()),
                value,
                Kind::Text,
                if printed { &[Need::Originaux] } else { &[] },
                printed,
                true,
            );
            if new.is_none() && text(conv).is_some() {
                // The convention's signatory, until the avenant names another.
                let o = l.origin(&format!("parties[{}].signataire.{}", id, k), true, false);
                l.out.last_mut().expect("just pushed").origin = o;
            }
        }
    }
}

/// Every fact of `src`, or of the avenant `cs` to it.
pub fn list(src: &Source, cs: Option<&ChangeSet>) -> Vec<Fact> {
    let m = &src.manifest;
    let mut l = Lister { m, cs, out: Vec::new() };
    match cs {
        None => {
            parties(&mut l, &m.parties, false);
            of_source(&mut l);
        }
        Some(cs) => {
            let signs = m.approbation.as_ref().is_none_or(|a| a.signed());
            if signs {
                parties(&mut l, &m.parties, true);
            }
            of_avenant(&mut l, cs);
        }
    }
    l.out
}
