//! The form of each assembly's deliberation, as data: `templates/deliberation/
//! formes.json` says which form an assembly deliberates in (its code articles,
//! its headings), and the handlebars templates beside it write the projet de
//! délibération and the explanatory note in that form. A library adapts any
//! of them by putting its own file at `<library>/deliberation/<form>/<name>`
//! (or `<library>/deliberation/formes.json`): the shipped ones are compiled
//! into the binary, like the convention frames.

use crate::error::{Error, Result};
use crate::markdown::TextBlock;
use crate::model::{Alinea, Division, Document, Inline, Meta, Part, PartKind, SignatureBlock};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The shipped files, by their name under `templates/deliberation/`.
const SHIPPED: &[(&str, &str)] = &[
    ("formes.json", include_str!("../../templates/deliberation/formes.json")),
    ("deliberation.hbs", include_str!("../../templates/deliberation/deliberation.hbs")),
    ("expose.hbs", include_str!("../../templates/deliberation/expose.hbs")),
    ("commun/visas.hbs", include_str!("../../templates/deliberation/commun/visas.hbs")),
    ("commun/dispositif.hbs", include_str!("../../templates/deliberation/commun/dispositif.hbs")),
    ("commun/expose.hbs", include_str!("../../templates/deliberation/commun/expose.hbs")),
    (
        "conseil-de-paris/deliberation.hbs",
        include_str!("../../templates/deliberation/conseil-de-paris/deliberation.hbs"),
    ),
    ("conseil-de-paris/expose.hbs", include_str!("../../templates/deliberation/conseil-de-paris/expose.hbs")),
];

/// The partials every form may include (`{{> deliberation/commun/visas}}`).
const PARTIALS: &[&str] = &["commun/visas.hbs", "commun/dispositif.hbs", "commun/expose.hbs"];

/// One assembly's form.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Forme {
    /// Its name, and the folder of its own templates.
    pub forme: String,
    /// The assemblies deliberating in it, by the words their name starts
    /// with (accents and case aside).
    #[serde(default)]
    pub assemblees: Vec<String>,
    /// When the same assembly deliberates differently for different bodies
    /// (the commission permanente of a département or of a région): the
    /// nouns the party's name starts with (« departement »); empty, any.
    #[serde(default)]
    pub collectivites: Vec<String>,
    /// The code articles that give the assembly its power, one visa each.
    pub visas: Vec<String>,
    /// The heading of the projet (« Projet de délibération »).
    pub titre: String,
    /// The title of the note sent with it (« Note explicative de synthèse »).
    pub note: String,
    /// The text that requires the note, if any.
    #[serde(default)]
    pub fondement: String,
    /// How the rapporteur is introduced (« Sur le rapport de »).
    pub rapport: String,
}

#[derive(Debug, Clone, Deserialize)]
struct Formes {
    #[serde(default, rename = "_")]
    _doc: Option<String>,
    formes: Vec<Forme>,
    defaut: Forme,
}

/// Where the forms are read: the library's own files first, then the
/// shipped ones.
#[derive(Debug, Clone)]
pub struct Forms {
    library: Option<PathBuf>,
    formes: Formes,
}

/// Lower case, no accents, apostrophes and hyphens as spaces.
fn fold(s: &str) -> String {
    let mapped: String =
        s.chars().map(|c| if c.is_alphanumeric() { crate::french::base_letter(c) } else { ' ' }).collect();
    mapped.split_whitespace().collect::<Vec<_>>().join(" ")
}

impl Forms {
    /// The forms, with a library's own files where it has them.
    pub fn load(library: Option<&Path>) -> Result<Forms> {
        let library = library.map(|l| l.join("deliberation")).filter(|l| l.is_dir());
        let (path, text) = Self::read(library.as_deref(), "formes.json")?;
        let formes: Formes = serde_json::from_str(&text).map_err(|e| Error::json(&path, e))?;
        Ok(Forms { library, formes })
    }

    /// A file of the forms: the library's, else the shipped one.
    fn read(library: Option<&Path>, name: &str) -> Result<(PathBuf, String)> {
        if let Some(dir) = library {
            let p = dir.join(name);
            if p.is_file() {
                return Ok((p.clone(), crate::input::read_utf8(&p, crate::input::TEXT, "a template")?));
            }
        }
        let shipped = SHIPPED.iter().find(|(n, _)| *n == name).map(|(_, t)| t.to_string());
        shipped.map(|t| (PathBuf::from("templates/deliberation").join(name), t)).ok_or_else(|| Error::Io {
            path: PathBuf::from("templates/deliberation").join(name),
            msg: "no such template".into(),
        })
    }

    /// The form an assembly deliberates in for the party named `party`: the
    /// one whose names begin the assembly's (the longest when several do)
    /// and whose bodies, if it names any, begin the party's name; else the
    /// default.
    pub fn of(&self, assembly: Option<&str>, party: &str) -> &Forme {
        let folded = assembly.map(fold).unwrap_or_default();
        let begins = |whole: &str, start: &str| whole == start || whole.starts_with(&format!("{} ", start));
        let name = fold(party);
        let name = ["la ", "le ", "les ", "l "].iter().find_map(|a| name.strip_prefix(a)).unwrap_or(&name).to_string();
        self.formes
            .formes
            .iter()
            .filter(|f| f.collectivites.is_empty() || f.collectivites.iter().any(|c| begins(&name, &fold(c))))
            .flat_map(|f| f.assemblees.iter().map(move |a| (fold(a), f)))
            .filter(|(a, _)| !a.is_empty() && begins(&folded, a))
            .max_by_key(|(a, f)| (a.len(), !f.collectivites.is_empty()))
            .map(|(_, f)| f)
            .unwrap_or(&self.formes.defaut)
    }

    /// The template `name` (« deliberation », « expose ») of a form: its own,
    /// else the shared one.
    pub fn template(&self, forme: &Forme, name: &str) -> Result<(PathBuf, String)> {
        let own = format!("{}/{}.hbs", forme.forme, name);
        let in_library = self.library.as_ref().is_some_and(|l| l.join(&own).is_file());
        if in_library || SHIPPED.iter().any(|(n, _)| *n == own) {
            return Self::read(self.library.as_deref(), &own);
        }
        Self::read(self.library.as_deref(), &format!("{}.hbs", name))
    }

    /// The text of the shared partials, as the forms include them.
    pub fn partials(&self) -> Result<String> {
        let mut all = String::new();
        for p in PARTIALS {
            all.push_str(&Self::read(self.library.as_deref(), p)?.1);
        }
        Ok(all)
    }

    /// Renders a form's template with `ctx` into Markdown.
    pub fn render(&self, forme: &Forme, name: &str, ctx: &serde_json::Value) -> Result<(String, String)> {
        let (path, text) = self.template(forme, name)?;
        let mut hb = crate::render::registry();
        for p in PARTIALS {
            let (ppath, ptext) = Self::read(self.library.as_deref(), p)?;
            let id = format!("deliberation/{}", p.trim_end_matches(".hbs"));
            hb.register_partial(&id, ptext).map_err(|e| Error::Fragment {
                path: ppath.clone(),
                line: e.pos().map_or(0, |(l, _)| l),
                msg: format!("template syntax: {}", e.reason()),
            })?;
        }
        let md = crate::render::render_text(&hb, &path, &text, ctx)?;
        Ok((path.display().to_string(), md))
    }
}

/// What a Markdown form becomes: `#` lines head the document (its title
/// lines), `##` headings open its sections, what follows `---` is its
/// signature, every other paragraph an alinéa of the section it is in (of
/// the front matter before the first section).
pub fn to_document(md: &str, meta: Meta) -> Document {
    let mut doc = Document { meta, ..Default::default() };
    let mut front: Vec<Alinea> = Vec::new();
    let mut signature: Option<Vec<Vec<Inline>>> = None;
    for block in crate::markdown::parse(md) {
        match block {
            TextBlock::Heading { level: 1, inlines, .. } if front.is_empty() && doc.divisions.is_empty() => {
                doc.title_page.push(inlines)
            }
            TextBlock::Heading { inlines, .. } => doc.divisions.push(Division {
                id: format!("section-{}", doc.divisions.len() + 1),
                title: inlines,
                level: 1,
                ..Default::default()
            }),
            TextBlock::Rule { .. } => signature = Some(Vec::new()),
            TextBlock::Alinea { alinea, .. } => match (&mut signature, doc.divisions.last_mut()) {
                (Some(lines), _) => lines.push(alinea.inlines),
                (None, Some(d)) => d.alineas.push(alinea),
                (None, None) => front.push(alinea),
            },
        }
    }
    if !front.is_empty() {
        doc.front.push(Part { kind: PartKind::Ouverture, alineas: front });
    }
    if let Some(lines) = signature.filter(|l| !l.is_empty()) {
        doc.signatures.push(SignatureBlock { lines, change: Default::default() });
    }
    doc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_assembly_finds_its_form() {
        let f = Forms::load(None).unwrap();
        let of = |a: Option<&str>, p: &str| f.of(a, p).forme.clone();
        assert_eq!(of(Some("Conseil de Paris"), "la Ville de Paris"), "conseil-de-paris");
        assert_eq!(of(Some("conseil municipal"), "la Ville d’Ivry-sur-Seine"), "conseil-municipal");
        assert_eq!(of(Some("Conseil municipal d’Ivry-sur-Seine"), "la Ville"), "conseil-municipal");
        assert_eq!(of(Some("Conseil départemental"), "le Département du Val-de-Marne"), "conseil-departemental");
        assert_eq!(of(Some("conseil de la métropole"), "la Métropole du Grand Paris"), "conseil-communautaire");
        assert_eq!(of(Some("comité syndical"), "le Syndicat mixte"), "comite-syndical");
        assert_eq!(of(Some("conseil d’administration"), "la Société"), "generique");
        assert_eq!(of(None, "x"), "generique");
        // A name that only begins like a form's is not it.
        assert_eq!(of(Some("conseil municipalité"), "x"), "generique");
        // The commission permanente deliberates by delegation, of a
        // département or of a région.
        assert_eq!(
            of(Some("Commission Permanente"), "le Département du Haut-Rhin"),
            "commission-permanente-departement"
        );
        assert_eq!(of(Some("commission permanente"), "la Région Nouvelle-Aquitaine"), "commission-permanente-region");
        assert_eq!(of(Some("commission permanente"), "le Syndicat"), "generique");
    }

    #[test]
    fn every_form_has_its_templates() {
        let f = Forms::load(None).unwrap();
        for forme in f.formes.formes.iter().chain([&f.formes.defaut]) {
            for name in ["deliberation", "expose"] {
                let (_, t) = f.template(forme, name).unwrap();
                assert!(t.contains("{{"), "{} {}", forme.forme, name);
            }
        }
    }

    #[test]
    fn markdown_becomes_heading_front_sections_and_signature() {
        let md = "# CONSEIL\n\n# Projet\n\n**Objet**\n\nVu le code ;\n\n## La convention\n\nTexte.\n\n---\n\nLa Maire de Paris\n";
        let d = to_document(md, Meta::default());
        assert_eq!(d.title_page.len(), 2);
        assert_eq!(d.front[0].alineas.len(), 2);
        assert_eq!(d.divisions.len(), 1);
        assert_eq!(d.divisions[0].alineas[0].text(), "Texte.");
        assert_eq!(crate::model::inline_text(&d.signatures[0].lines[0]), "La Maire de Paris");
    }
}
