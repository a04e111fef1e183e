//! The pages as people read them: handlebars templates (templates/desk/,
//! compiled into the binary), one layout, French wording for every error
//! with what to do, and the responses for downloads and HTML documents.

use super::access::Visitor;
use super::Shared;
use crate::french::Date;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use handlebars::Handlebars;
use serde_json::{json, Value};

const TEMPLATES: &[(&str, &str)] = &[
    ("layout", include_str!("../../templates/desk/layout.hbs")),
    ("bibliotheque", include_str!("../../templates/desk/bibliotheque.hbs")),
    ("convention", include_str!("../../templates/desk/convention.hbs")),
    ("faits", include_str!("../../templates/desk/faits.hbs")),
    ("avenant", include_str!("../../templates/desk/avenant.hbs")),
    ("signature", include_str!("../../templates/desk/signature.hbs")),
    ("echeancier", include_str!("../../templates/desk/echeancier.hbs")),
    ("travail", include_str!("../../templates/desk/travail.hbs")),
    ("connexion", include_str!("../../templates/desk/connexion.hbs")),
    ("erreur", include_str!("../../templates/desk/erreur.hbs")),
];

const STYLE: &str = include_str!("../../templates/desk/style.css");

pub(crate) struct Views {
    hb: Handlebars<'static>,
}

impl Views {
    pub(crate) fn new() -> Views {
        // Not strict: a page shows what its data has (an avenant page
        // without a draft has no facts); the tests check what each page says.
        let mut hb = Handlebars::new();
        for (name, text) in TEMPLATES {
            // Compiled into the binary and covered by the tests: a syntax
            // error here is a bug of this build, not the user's.
            hb.register_template_string(name, *text).expect("the desk's templates are valid handlebars");
            if *name == "faits" {
                hb.register_partial(name, *text).expect("a valid partial");
            }
        }
        Views { hb }
    }

    fn render(&self, name: &str, data: &Value) -> String {
        self.hb.render(name, data).unwrap_or_else(|e| {
            format!("<p class=\"erreur\">Erreur interne de la page « {} » : {}</p>", name, escape(&e.to_string()))
        })
    }
}

pub(crate) fn escape(s: &str) -> String {
    handlebars::html_escape(s)
}

/// A whole page: `template` rendered with `data`, inside the layout.
pub(crate) fn page(desk: &Shared, v: &Visitor, template: &str, title: &str, data: &Value) -> Response {
    page_with(desk, v, StatusCode::OK, template, title, data, None)
}

pub(crate) fn page_with(
    desk: &Shared,
    v: &Visitor,
    status: StatusCode,
    template: &str,
    title: &str,
    data: &Value,
    refresh: Option<u32>,
) -> Response {
    let mut data = data.clone();
    if let Some(o) = data.as_object_mut() {
        o.insert("jeton".into(), json!(v.jeton));
    }
    let body = desk.views.render(template, &data);
    let layout = json!({
        "titre": title,
        "corps": body,
        "utilisateur": v.user,
        "comptes": desk.config.users.is_some(),
        "jeton": v.jeton,
        "rafraichir": refresh,
    });
    let html = desk.views.render("layout", &layout);
    (status, [(header::CONTENT_TYPE, "text/html; charset=utf-8")], html).into_response()
}

/// An error page without a session (refused before the request is served).
pub(crate) fn refusal(desk: &Shared, status: StatusCode, titre: &str, quoi: &str, faire: &str) -> Response {
    let body = desk.views.render("erreur", &json!({ "titre": titre, "quoi": quoi, "faire": faire, "detail": null }));
    let layout = json!({ "titre": titre, "corps": body, "utilisateur": null, "comptes": false, "jeton": "", "rafraichir": null });
    (status, [(header::CONTENT_TYPE, "text/html; charset=utf-8")], desk.views.render("layout", &layout)).into_response()
}

/// What went wrong, in French, with what to do; the library's own line
/// (file, line, clause) given below as the detail.
pub(crate) struct Problem {
    pub(crate) status: StatusCode,
    pub(crate) titre: String,
    pub(crate) quoi: String,
    pub(crate) faire: String,
    pub(crate) detail: Option<String>,
}

impl Problem {
    pub(crate) fn new(status: StatusCode, titre: &str, quoi: &str, faire: &str) -> Problem {
        Problem { status, titre: titre.into(), quoi: quoi.into(), faire: faire.into(), detail: None }
    }

    pub(crate) fn not_found(what: &str) -> Problem {
        Problem::new(
            StatusCode::NOT_FOUND,
            "Introuvable",
            &format!("{} n’existe pas (ou plus) dans la bibliothèque.", what),
            "Revenez à la bibliothèque et choisissez-la dans la liste.",
        )
    }

    /// An error of the library, told in French; the library's line kept as the detail.
    pub(crate) fn of(e: &crate::Error, doing: &str) -> Problem {
        use crate::Error as E;
        let (quoi, faire) = match e {
            E::Docx(_) | E::Import { .. } => (
                "Le document déposé n’a pas pu être lu comme la convention modifiée.",
                "Vérifiez qu’il s’agit bien de la convention téléchargée depuis ce bureau, modifiée puis enregistrée au format Word (.docx), et déposez-la de nouveau.",
            ),
            E::Draft(_) | E::ChangeSet { .. } => (
                "L’avenant ne peut pas être rédigé à partir de ces modifications.",
                "Le détail ci-dessous nomme la modification en cause : reprenez-la dans le document, puis déposez-le de nouveau.",
            ),
            E::Tool { .. } => (
                "Un programme dont clausier a besoin (LibreOffice) manque ou a échoué.",
                "Demandez à la personne qui administre ce poste d’installer LibreOffice, ou choisissez les originaux sans PDF.",
            ),
            E::Manifest { .. } | E::Json { .. } | E::MissingClause { .. } | E::Fragment { .. } | E::Utf8 { .. } => (
                "Cette convention de la bibliothèque est incomplète ou mal formée.",
                "Le détail ci-dessous nomme le fichier et la ligne à corriger ; une fois corrigé, rechargez la page.",
            ),
            _ => ("L’opération n’a pas pu aboutir.", "Le détail ci-dessous dit pourquoi ; rien n’a été modifié dans la bibliothèque."),
        };
        Problem {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            titre: format!("Impossible de {}", doing),
            quoi: quoi.into(),
            faire: faire.into(),
            detail: Some(e.to_string()),
        }
    }

    pub(crate) fn show(self, desk: &Shared, v: &Visitor) -> Response {
        let data = json!({ "titre": self.titre, "quoi": self.quoi, "faire": self.faire, "detail": self.detail });
        page_with(desk, v, self.status, "erreur", &self.titre, &data, None)
    }
}

pub(crate) async fn stylesheet() -> Response {
    ([(header::CONTENT_TYPE, "text/css; charset=utf-8"), (header::CACHE_CONTROL, "max-age=3600")], STYLE)
        .into_response()
}

pub(crate) async fn not_found(
    axum::extract::State(desk): axum::extract::State<Shared>,
    axum::Extension(v): axum::Extension<Visitor>,
) -> Response {
    Problem::new(
        StatusCode::NOT_FOUND,
        "Page introuvable",
        "Cette adresse ne correspond à aucune page du bureau.",
        "Revenez à la bibliothèque par le lien en haut de la page.",
    )
    .show(&desk, &v)
}

/// A document written by one of the library's writers, shown as it is:
/// its inline style allowed, nothing else.
pub(crate) fn document(bytes: Vec<u8>) -> Response {
    let mut r = ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], bytes).into_response();
    r.headers_mut().insert(
        "content-security-policy",
        HeaderValue::from_static(
            "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'",
        ),
    );
    r
}

/// A file to save, under `name`.
pub(crate) fn download(bytes: Vec<u8>, name: &str) -> Response {
    let ext = name.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
    // The writers' own media types; the desk's other files (a zip, a
    // change set, a calendar) by their extension.
    let written = crate::write::writer_of_extension(&ext, crate::write::Purpose::Text)
        .or_else(|| crate::write::writer_of_extension(&ext, crate::write::Purpose::Comparison));
    let mime = match (written, ext.as_str()) {
        (Some(w), _) => w.media_type,
        (None, "zip") => "application/zip",
        (None, "json") => "application/json",
        (None, "ics") => "text/calendar; charset=utf-8",
        _ => "application/octet-stream",
    };
    let ascii: String =
        name.chars().map(|c| if c.is_ascii_alphanumeric() || ".-_".contains(c) { c } else { '_' }).collect();
    let disposition = format!("attachment; filename=\"{}\"", ascii);
    let mut r = ([(header::CONTENT_TYPE, mime)], bytes).into_response();
    if let Ok(v) = HeaderValue::from_str(&disposition) {
        r.headers_mut().insert(header::CONTENT_DISPOSITION, v);
    }
    r
}

/// « 9 décembre 2026 », from an ISO date; the text as given otherwise.
pub(crate) fn date_fr(iso: &str) -> String {
    Date::parse(iso).map_or_else(|| iso.to_string(), |d| d.long())
}

/// Days from `today` to `d`, as a person says it.
pub(crate) fn days_left(days: i64) -> String {
    match days {
        0 => "aujourd’hui".into(),
        1 => "demain".into(),
        -1 => "hier".into(),
        n if n > 1 => format!("dans {} jours", n),
        n => format!("il y a {} jours", -n),
    }
}

/// Day number of a date (days since 1970-01-01), to count days between two.
pub(crate) fn day_number(d: Date) -> i64 {
    // Howard Hinnant's days_from_civil.
    let (y, m, dd) = (i64::from(d.year), i64::from(d.month), i64::from(d.day));
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + dd - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Today, in UTC (the day changes at midnight UTC: an hour or two early in Paris).
pub(crate) fn today() -> Date {
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let z = (secs / 86_400) as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    Date::parse(&format!("{:04}-{:02}-{:02}", y, m, d)).unwrap_or(Date { year: 2000, month: 1, day: 1 })
}

pub(crate) fn today_of(desk: &Shared) -> Date {
    desk.config.today.unwrap_or_else(today)
}

/// The fixed messages a page may show after an action (`?fait=…`): only
/// these, so that a link cannot make the desk say anything else.
pub(crate) fn done_message(key: Option<&str>) -> Option<&'static str> {
    Some(match key? {
        "faits" => "Les faits ont été enregistrés.",
        "rien" => "Rien n’a changé : aucune valeur n’était différente.",
        "depose" => "Le document a été lu et l’avenant rédigé. Vérifiez-le ci-dessous, puis complétez ses faits.",
        "avenant-faits" => "Les faits de l’avenant ont été enregistrés.",
        "signe" => "L’avenant signé a été intégré : la convention est maintenant sa version consolidée.",
        "abandon" => "L’avenant en préparation a été abandonné (il reste archivé dans le dossier de travail).",
        _ => return None,
    })
}
