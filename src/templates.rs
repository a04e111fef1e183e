//! The handlebars frames of each document kind, from `templates/`, compiled
//! into the binary so that clausier builds a source wherever it lives.
//! `FRAMES` says which template dresses each part of each kind.

macro_rules! embed {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../templates/", $name, ".hbs")))),*]
    };
}

pub const TEMPLATES: &[(&str, &str)] = embed![
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
    ("convention-cadre", &[("titre", "convention-cadre/titre"), ("cloture", "convention-cadre/cloture"), ("signature", "convention-cadre/signature")]),
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
    ("avenant", &[("titre", "avenant/titre"), ("parties", "commun/parties"), ("visas", "avenant/visas"), ("cloture", "avenant/cloture"), ("signature", "commun/signature")]),
    ("avenant-etat", &[("titre", "avenant-etat/titre"), ("parties", "commun/parties"), ("visas", "avenant-etat/visas"), ("cloture", "avenant-etat/cloture"), ("signature", "commun/signature")]),
];

/// The template for `part` of the frame `kind`, with its name.
pub fn find(kind: &str, part: &str) -> Option<(String, &'static str)> {
    let (_, parts) = FRAMES.iter().find(|(k, _)| *k == kind)?;
    let (_, name) = parts.iter().find(|(p, _)| *p == part)?;
    TEMPLATES.iter().find(|(n, _)| n == name).map(|(n, t)| (n.to_string(), *t))
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_frame_part_has_its_template() {
        for (kind, parts) in super::FRAMES {
            for (part, _) in *parts {
                assert!(super::find(kind, part).is_some(), "{}/{}", kind, part);
            }
        }
    }
}
