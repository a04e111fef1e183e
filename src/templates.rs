//! The handlebars frames of each document kind, from `templates/`, compiled
//! into the binary so that clausier builds a source wherever it lives.
//! `FRAMES` says which template dresses each part of each kind.

macro_rules! embed {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../templates/", $name, ".hbs")))),*]
    };
}

const TEMPLATES: &[(&str, &str)] = embed![
    "convention-cadre/titre",
    "convention-cadre/cloture",
    "convention-cadre/signature",
    "convention-application/titre",
    "convention-application/visas",
    "convention-application/cloture",
    "avenant/titre",
    "avenant/visas",
    "avenant/cloture",
    "avenant-etat/titre",
    "avenant-etat/visas",
    "avenant-etat/cloture",
    "commun/parties",
    "commun/signature",
];

/// Which template dresses each part of each document kind. A kind not
/// listed (an imported `convention`) has no frame: its text is all its own.
const FRAMES: &[(&str, &[(&str, &str)])] = &[
    (
        "convention-cadre",
        &[
            ("titre", "convention-cadre/titre"),
            ("cloture", "convention-cadre/cloture"),
            ("signature", "convention-cadre/signature"),
        ],
    ),
    (
        "convention-application",
        &[
            ("titre", "convention-application/titre"),
            ("parties", "commun/parties"),
            ("visas", "convention-application/visas"),
            ("cloture", "convention-application/cloture"),
            ("signature", "commun/signature"),
        ],
    ),
    (
        "avenant",
        &[
            ("titre", "avenant/titre"),
            ("parties", "commun/parties"),
            ("visas", "avenant/visas"),
            ("cloture", "avenant/cloture"),
            ("signature", "commun/signature"),
        ],
    ),
    (
        "avenant-etat",
        &[
            ("titre", "avenant-etat/titre"),
            ("parties", "commun/parties"),
            ("visas", "avenant-etat/visas"),
            ("cloture", "avenant-etat/cloture"),
            ("signature", "commun/signature"),
        ],
    ),
];

/// Kinds with no frame: a text imported keeps all its own words.
const IMPORTED_KINDS: &[&str] = &["convention"];

/// Every kind a manifest may name: the kinds with a frame, then the
/// imported ones.
pub fn known_kinds() -> Vec<&'static str> {
    FRAMES.iter().map(|(k, _)| *k).chain(IMPORTED_KINDS.iter().copied()).collect()
}

/// Whether `kind` has a frame of its own.
pub(crate) fn has_frame(kind: &str) -> bool {
    FRAMES.iter().any(|(k, _)| *k == kind)
}

/// The known name closest to a misspelt one, if one is close enough to be
/// what was meant (« convention-aplication » → « convention-application »).
pub(crate) fn closest<'a>(name: &str, known: &[&'a str]) -> Option<&'a str> {
    known
        .iter()
        .map(|k| (strsim::damerau_levenshtein(&name.to_lowercase(), &k.to_lowercase()), *k))
        .filter(|(d, k)| *d <= (k.chars().count() / 3).max(2))
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

/// The template for `part` of the frame `kind`, with its name.
pub(crate) fn find(kind: &str, part: &str) -> Option<(String, &'static str)> {
    let (_, parts) = FRAMES.iter().find(|(k, _)| *k == kind)?;
    let (_, name) = parts.iter().find(|(p, _)| *p == part)?;
    TEMPLATES.iter().find(|(n, _)| n == name).map(|(n, t)| (n.to_string(), *t))
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_typo_finds_the_name_meant() {
        let kinds = super::known_kinds();
        assert_eq!(super::closest("convention-aplication", &kinds), Some("convention-application"));
        assert_eq!(super::closest("originals", &["originaux", "outline", "parties"]), Some("originaux"));
        assert_eq!(super::closest("statuts", &kinds), None);
    }

    #[test]
    fn every_frame_part_has_its_template() {
        for (kind, parts) in super::FRAMES {
            for (part, _) in *parts {
                assert!(super::find(kind, part).is_some(), "{}/{}", kind, part);
            }
        }
    }
}
