//! What the councils vote: for each party that deliberates, a projet de
//! délibération in its assembly's own form and the note sent with it (exposé
//! des motifs, note explicative de synthèse — CGCT L. 2121-12), written from
//! the facts of the convention and of the avenant; the reading aids (what
//! changes, in plain French; the redline's first lines); and what the
//! transmission to the préfecture (@CTES) asks.
//!
//! The forms are data (`templates/deliberation/`, see `forms`); this module
//! gives them their variables. Every fact the documents print and the facts
//! do not state is a visible blank and a `Missing` entry, named as `check`
//! names facts: the séance's own facts live in the change set, beside the
//! deliberation they belong to — `deliberations[paris].date` (the séance),
//! `.numero`, `.rapporteur`, `.date_projet`, `.imputation`, `.acte`,
//! `.classification` — and `motifs`.

pub mod actes;
mod changes;
pub mod forms;
mod pdf;

pub use changes::Reading;
pub use pdf::to_pdf;

use crate::avenant::ops::PartyDeliberation;
use crate::avenant::ChangeSet;
use crate::error::Result;
use crate::facts::Missing;
use crate::french::{capitalize, decapitalize, Date, Nature};
use crate::model::{Document, Meta, BLANK};
use crate::source::{Genre, Party, Source};
use serde_json::{json, Value};

/// A deliberating party's documents.
#[derive(Debug, Clone)]
pub struct PartyDocs {
    pub id: String,
    pub nom: String,
    /// Its folder in the pack (no space, no accent).
    pub folder: String,
    /// The form its assembly deliberates in (`conseil-municipal`).
    pub forme: String,
    /// The note's title (« Note explicative de synthèse »).
    pub note: String,
    pub deliberation: Document,
    pub expose: Document,
    /// The facts its documents print blank, and those @CTES will need.
    pub missing: Vec<Missing>,
    /// The acte as @CTES takes it, or what it lacks (one line each).
    pub actes: std::result::Result<Acte, Vec<String>>,
}

/// What @CTES asks of the acte, checked.
#[derive(Debug, Clone)]
pub struct Acte {
    pub numero: String,
    pub classification: actes::Classification,
    pub date: String,
    pub objet: String,
}

/// The councils' documents of one avenant.
#[derive(Debug, Clone)]
pub struct Councils {
    pub reading: Reading,
    pub parties: Vec<PartyDocs>,
}

/// Where a source's library is: its `library`, else its parent folder.
fn library_of(src: &Source) -> Option<std::path::PathBuf> {
    match &src.manifest.library {
        Some(l) => Some(src.dir.join(l)),
        None => {
            src.dir
                .parent()
                .map(|p| if p.as_os_str().is_empty() { std::path::PathBuf::from(".") } else { p.to_path_buf() })
        }
    }
}

/// The councils' documents for the avenant `cs` to `src`, whose text
/// before the avenant is `old`.
pub fn prepare(src: &Source, old: &Document, cs: &ChangeSet) -> Result<Councils> {
    let forms = forms::Forms::load(library_of(src).as_deref())?;
    let (nature, designated) = crate::avenant::designation(&src.manifest, old);
    let reading = changes::read(old, cs, &nature);
    let mut parties = Vec::new();
    let mut folders: Vec<String> = Vec::new();
    for p in src.manifest.parties.iter().filter(|p| p.deliberates()) {
        // A folder of the pack, never `..` nor hidden, one per party.
        let mut folder = actes::file_name(&p.id);
        if !folder.starts_with(|c: char| c.is_ascii_alphanumeric()) || folders.contains(&folder) {
            folder = format!("partie-{}", parties.len() + 1);
        }
        folders.push(folder.clone());
        let facts = Facts { src, old, cs, party: p, nature: &nature, designated: &designated, reading: &reading };
        parties.push(facts.documents(&forms, folder)?);
    }
    Ok(Councils { reading, parties })
}

/// Everything one party's documents are written from.
struct Facts<'a> {
    src: &'a Source,
    old: &'a Document,
    cs: &'a ChangeSet,
    party: &'a Party,
    nature: &'a Nature,
    designated: &'a str,
    reading: &'a Reading,
}

/// A value, or `false` for the templates' `{{#if}}` (a blank).
fn or_false(v: Option<&str>) -> Value {
    match v.map(str::trim).filter(|s| !s.is_empty()) {
        Some(s) => Value::String(s.to_string()),
        None => Value::Bool(false),
    }
}

/// « le conseil municipal », « la commission permanente », « l’assemblée ».
fn articled(name: &str) -> (String, String, String) {
    let first = name.trim().chars().next().map(crate::french::base_letter).unwrap_or('x');
    let lower = crate::french::base_letter(first);
    let feminine = ["commission", "assemblee"]
        .iter()
        .any(|n| name.trim().to_lowercase().chars().map(crate::french::base_letter).collect::<String>().starts_with(n));
    if "aeiouh".contains(lower) {
        (format!("l’{}", name), format!("de l’{}", name), format!("à l’{}", name))
    } else if feminine {
        (format!("la {}", name), format!("de la {}", name), format!("à la {}", name))
    } else {
        (format!("le {}", name), format!("du {}", name), format!("au {}", name))
    }
}

/// A name without its leading article: « Ville de Paris ».
fn without_article(nom: &str) -> String {
    let t = nom.trim();
    for a in ["la ", "le ", "les ", "La ", "Le ", "Les ", "l’", "l'", "L’", "L'"] {
        if let Some(rest) = t.strip_prefix(a) {
            return rest.trim().to_string();
        }
    }
    t.to_string()
}

/// « deux ans », « dix-huit mois » (in figures past nine).
fn months(n: i64) -> String {
    if n > 0 && n % 12 == 0 {
        let y = (n / 12) as usize;
        format!("{} an{}", crate::french::cardinal_word(y), if y > 1 { "s" } else { "" })
    } else {
        format!("{} mois", crate::french::cardinal_word(n.max(0) as usize))
    }
}

impl Facts<'_> {
    fn m(&self) -> &crate::source::Manifest {
        &self.src.manifest
    }

    /// The deliberation approving the avenant, as the change set states it.
    fn seance(&self) -> PartyDeliberation {
        self.cs.deliberations.iter().find(|d| d.partie == self.party.id).cloned().unwrap_or_default()
    }

    /// The assembly that deliberates: as the change set names it, else the
    /// party's.
    fn assembly(&self) -> Option<String> {
        let s = self.seance();
        Some(s.organe.trim().to_string()).filter(|o| !o.is_empty()).or_else(|| self.party.assembly())
    }

    /// Who signs the avenant for the party, and how the deliberation names
    /// and agrees with them: « Madame la Maire de Paris est autorisée ».
    fn executive(&self) -> Value {
        let s = match self.cs.signataires.iter().find(|s| s.partie == self.party.id) {
            Some(s) => (s.civilite.clone(), s.qualite.clone(), s.nom.clone()),
            None => {
                let s = &self.party.signataire;
                (s.civilite.clone(), s.qualite.clone(), s.nom.clone())
            }
        };
        let (civilite, qualite, nom) = (s.0.trim().to_string(), s.1.trim().to_string(), s.2.trim().to_string());
        let title = civilite.split_whitespace().next().filter(|w| matches!(*w, "Madame" | "Monsieur"));
        let gender = match (title, qualite.split_whitespace().next()) {
            (Some("Madame"), _) | (None, Some("La" | "la")) => Some(Genre::Feminin),
            (Some("Monsieur"), _) | (None, Some("Le" | "le")) => Some(Genre::Masculin),
            _ => None,
        };
        let designation = match (qualite.is_empty(), title) {
            (true, _) => None,
            (false, Some(t)) => Some(format!("{} {}", t, decapitalize(&qualite))),
            (false, None) => Some(capitalize(&qualite)),
        };
        json!({
            "designation": or_false(designation.as_deref()),
            "qualite": or_false(Some(capitalize(&qualite)).as_deref()),
            "nom": or_false(Some(nom.as_str())),
            "autorise": match gender { Some(Genre::Feminin) => "autorisée", Some(Genre::Masculin) => "autorisé", None => "autorisé(e)" },
        })
    }

    /// The convention's duration as it states it: the terms its text prints
    /// (`calendar::Terms`, their one home), in words.
    fn duration(&self) -> Option<String> {
        let terms = crate::calendar::Terms::of(self.m()).ok()?;
        let duree = months(terms.duree?.into());
        let renewal = terms.reconduction.filter(|n| *n > 0).map(|n| months(n.into()));
        Some(match renewal {
            Some(r) => format!(
                "une durée de {}, renouvelable pour {} par reconduction tacite",
                duree,
                r.trim_start_matches("une durée d’").trim_start_matches("une durée d'")
            ),
            None => format!("une durée de {}", duree),
        })
    }

    /// The convention, as the councils are reminded of it.
    fn convention(&self) -> Value {
        let m = self.m();
        let names: Vec<String> = m.parties.iter().map(|p| p.nom.trim().to_string()).collect();
        let all_f = m.parties.iter().all(|p| p.gender() == Genre::Feminin);
        let plan: Vec<String> = self
            .old
            .divisions
            .iter()
            .map(|d| {
                let h = d.heading_text();
                if d.label.is_none() && h.to_lowercase().starts_with("préambule") {
                    "le préambule".to_string()
                } else {
                    h.trim().trim_end_matches(':').trim().to_string()
                }
            })
            .collect();
        let n = self.nature;
        let pronom = match (n.plural, n.feminine) {
            (true, true) => "elles",
            (true, false) => "ils",
            (false, true) => "elle",
            (false, false) => "il",
        };
        // The designation names the parties already (« la convention … entre
        // la Ville de Paris et la Ville d’Ivry-sur-Seine »): not twice.
        let named = names.iter().all(|nm| self.designated.contains(without_article(nm).as_str()));
        json!({
            "le": n.with("", self.designated),
            "ce": n.this(),
            "pronom": pronom,
            "signee": n.agree("signé"),
            "conclue": n.agree("conclu"),
            "approuvee": n.agree("approuvé"),
            "modifiee": n.agree("modifié"),
            "nomme_parties": named,
            "date": or_false(m.dates.get("signature").and_then(Value::as_str)),
            "parties": changes_join(&names),
            "liees": if all_f { "liées" } else { "liés" },
            "objet": or_false(m.variables.get("objet").and_then(Value::as_str)),
            "plan": plan.join(" ; "),
            "duree": or_false(self.duration().as_deref()),
            "avenants": m.avenants.iter().map(|a| json!({ "numero": a.numero, "date": or_false(a.date.as_deref()) })).collect::<Vec<_>>(),
        })
    }

    /// « l’avenant n° 1 à la convention de coopération entre … ».
    fn avenant(&self) -> String {
        match self.cs.titre.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
            Some(t) if t.to_lowercase().starts_with("avenant") => format!("l’{}", decapitalize(t)),
            Some(t) => format!("l’avenant n° {} « {} »", self.cs.numero, t),
            None => format!("l’avenant n° {} {}", self.cs.numero, self.nature.with("à", self.designated)),
        }
    }
}

/// « a, b et c ».
fn changes_join(v: &[String]) -> String {
    match v {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} et {}", rest.join(", "), last),
    }
}

impl Facts<'_> {
    /// The motifs: as the legal service wrote them, else the avenant's
    /// préambule (its own account of why it is made), else none.
    fn motifs(&self) -> Vec<String> {
        let written: Vec<String> =
            self.cs.motifs.iter().map(|m| m.trim().to_string()).filter(|m| !m.is_empty()).collect();
        if !written.is_empty() {
            return written;
        }
        self.cs
            .preambule
            .iter()
            .flat_map(|md| crate::markdown::parse(md))
            .filter_map(|b| match b {
                crate::markdown::TextBlock::Alinea { alinea, .. } => Some(alinea.text()),
                _ => None,
            })
            .collect()
    }

    /// Every variable the forms see.
    fn context(&self, forme: &forms::Forme, assembly: &str) -> Value {
        let s = self.seance();
        let exec = self.executive();
        let (le, du, au) = articled(assembly);
        let approbation = self.party.deliberation.clone().unwrap_or_default();
        let par = if approbation.organe.trim().is_empty() { le.clone() } else { articled(approbation.organe.trim()).0 };
        let avenant = self.avenant();
        let objet = match exec["designation"].as_str() {
            Some(d) => format!("Approbation de {} et autorisation donnée à {} de le signer", avenant, d),
            None => format!("Approbation de {} et autorisation de le signer", avenant),
        };
        json!({
            "blanc": BLANK,
            "forme": forme,
            "collectivite": { "nom": self.party.nom.trim(), "en_tete": without_article(&self.party.nom) },
            "assemblee": { "nom": assembly, "le": le, "du": du, "au": au },
            "executif": exec,
            "convention": self.convention(),
            "approbation": { "numero": or_false(approbation.numero.as_deref()), "date": or_false(approbation.date.as_deref()), "par": par },
            "avenant": { "numero": self.cs.numero, "le": avenant },
            "objet": objet,
            "seance": {
                "date": or_false(s.date.as_deref()),
                "numero": or_false(s.numero.as_deref()),
                "rapporteur": or_false(s.rapporteur.as_deref()),
                "date_projet": or_false(s.date_projet.as_deref()),
                "imputation": or_false(s.imputation.as_deref()),
            },
            "montant": self.reading.money,
            "motifs": self.motifs(),
            "changements": self.reading.changes,
            "inchange": self.reading.unchanged,
        })
    }

    /// The party's projet de délibération and note, with the facts they
    /// print blank and what @CTES will ask.
    fn documents(&self, forms: &forms::Forms, folder: String) -> Result<PartyDocs> {
        let assembly = self.assembly();
        let forme = forms.of(assembly.as_deref(), &self.party.nom).clone();
        let ctx = self.context(&forme, assembly.as_deref().unwrap_or(BLANK));
        let meta = |kind: &str, what: &str| Meta {
            title: format!("{} – {}", what, ctx["objet"].as_str().unwrap_or_default()),
            subject: what.to_string(),
            author: self.party.nom.trim().to_string(),
            kind: kind.to_string(),
            copy_mark: None,
            numbering: vec![],
        };
        let (_, d) = forms.render(&forme, "deliberation", &ctx)?;
        let (_, e) = forms.render(&forme, "expose", &ctx)?;
        let mut used = String::new();
        for name in ["deliberation", "expose"] {
            used.push_str(&forms.template(&forme, name)?.1);
        }
        used.push_str(&forms.partials()?);
        let objet = actes::objet(ctx["objet"].as_str().unwrap_or_default());
        Ok(PartyDocs {
            id: self.party.id.clone(),
            nom: self.party.nom.trim().to_string(),
            folder,
            forme: forme.forme.clone(),
            note: forme.note.clone(),
            deliberation: forms::to_document(&d, meta("deliberation", &forme.titre)),
            expose: forms::to_document(&e, meta("expose-des-motifs", &forme.note)),
            missing: self.missing(&used, assembly.is_none()),
            actes: self.acte(objet),
        })
    }

    /// The facts the documents print blank (those their templates use), and
    /// those @CTES needs.
    fn missing(&self, templates: &str, no_assembly: bool) -> Vec<Missing> {
        let s = self.seance();
        let who = self.party.nom.trim();
        let field = |k: &str| format!("deliberations[{}].{}", self.party.id, k);
        let blank = |v: &Option<String>| v.as_deref().is_none_or(|x| x.trim().is_empty());
        let mut out = Vec::new();
        let mut push = |k: &str, what: String, printed: bool| {
            out.push(Missing { field: field(k), what, blank: printed, required: false });
        };
        if no_assembly {
            push("organe", format!("the assembly that deliberates for {}", who), true);
        }
        // A variable a template prints: `{{date seance.date}}`, `{{#if seance.date}}`.
        let uses = |v: &str| templates.contains(&format!("{}}}}}", v));
        let facts: [(&str, &Option<String>, &str, bool); 5] = [
            ("date", &s.date, "the date of the séance", uses("seance.date")),
            ("numero", &s.numero, "the number of the délibération", uses("seance.numero")),
            ("rapporteur", &s.rapporteur, "who presents the projet (rapporteur)", uses("seance.rapporteur")),
            ("date_projet", &s.date_projet, "the date of the projet de délibération", uses("seance.date_projet")),
            (
                "imputation",
                &s.imputation,
                "the budget line the avenant's sums are charged to",
                self.reading.money && uses("seance.imputation"),
            ),
        ];
        for (k, v, what, printed) in facts {
            if printed && blank(v) {
                push(k, format!("{} of {}", what, who), true);
            }
        }
        for (k, v, what) in [
            ("acte", &s.acte, "the acte number for @CTES ([0-9A-Z_], 2 to 15 characters)"),
            ("classification", &s.classification, "the ACTES classification (1.4, 5.7…)"),
        ] {
            if blank(v) {
                push(k, format!("{} of {}", what, who), false);
            }
        }
        if uses("motifs") && self.motifs().is_empty() {
            out.push(Missing {
                field: "motifs".into(),
                what: "why the avenant is made (exposé des motifs)".into(),
                blank: true,
                required: false,
            });
        }
        out
    }

    /// The acte as @CTES takes it, or what it lacks, naming each fact.
    fn acte(&self, objet: String) -> std::result::Result<Acte, Vec<String>> {
        let s = self.seance();
        let field = |k: &str| format!("deliberations[{}].{}", self.party.id, k);
        let mut why = Vec::new();
        let mut need = |k: &str,
                        v: &Option<String>,
                        check: &dyn Fn(&str) -> std::result::Result<(), actes::NotForActes>| {
            match v.as_deref().map(str::trim).filter(|x| !x.is_empty()) {
                None => why.push(format!("{}: not set", field(k))),
                Some(x) => {
                    if let Err(e) = check(x) {
                        why.push(format!("{}: {}", field(k), e));
                    }
                }
            }
        };
        need("acte", &s.acte, &actes::check_numero);
        need("classification", &s.classification, &|c| actes::classification(c).map(|_| ()));
        need("date", &s.date, &|d| {
            Date::parse(d).map(|_| ()).ok_or_else(|| actes::NotForActes::Date { date: d.to_string() })
        });
        if !why.is_empty() {
            return Err(why);
        }
        let get = |v: &Option<String>| v.as_deref().unwrap_or_default().trim().to_string();
        Ok(Acte {
            numero: get(&s.acte),
            classification: actes::classification(&get(&s.classification)).map_err(|e| vec![e.to_string()])?,
            date: get(&s.date),
            objet,
        })
    }
}
