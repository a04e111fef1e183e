//! The handlebars frames of each document kind, from `templates/`, compiled
//! into the binary so that clausier builds a source wherever it lives.
//! A frame part is looked up in `templates/<kind>/` then `templates/commun/`.

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
    "convention-application/parties",
    "convention-application/visas",
    "convention-application/cloture",
    "convention-application/signature",
];

/// The template for `part` of the frame `kind`, with its name.
pub fn find(kind: &str, part: &str) -> Option<(String, &'static str)> {
    for dir in [kind, "commun"] {
        let name = format!("{}/{}", dir, part);
        if let Some((_, t)) = TEMPLATES.iter().find(|(n, _)| *n == name) {
            return Some((name, t));
        }
    }
    None
}
