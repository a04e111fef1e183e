//! L'échéancier: every deadline of the library in date order, and the same
//! as an iCalendar feed (RFC 5545) that Outlook or Thunderbird subscribe
//! to — all-day events, a reminder before each, and nothing that changes
//! from one request to the next (DTSTAMP comes from the data).

use super::access::Visitor;
use super::library::{self, Entry};
use super::view::{self, Problem};
use super::Shared;
use crate::french::Date;
use axum::extract::{Path as UrlPath, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Extension;
use serde_json::json;
use std::sync::Arc;

pub(crate) async fn page(State(desk): State<Shared>, Extension(v): Extension<Visitor>) -> Response {
    let d = desk.clone();
    let data = tokio::task::spawn_blocking(move || {
        let entries = d.library.entries(&d.config.library);
        let today = view::today_of(&d);
        let mut rows: Vec<(Date, serde_json::Value)> = Vec::new();
        for e in &entries {
            for dl in &e.deadlines {
                let mut j = library::deadline_json(dl, today);
                j["nom"] = json!(e.name);
                j["titre"] = json!(e.title);
                rows.push((dl.date, j));
            }
        }
        rows.sort_by_key(|a| a.0);
        let (past, next): (Vec<_>, Vec<_>) = rows.into_iter().map(|(_, j)| j).partition(|j| j["passee"] == true);
        let without: Vec<_> = entries
            .iter()
            .filter(|e| e.error.is_none() && e.deadlines.is_empty())
            .map(|e| json!({ "nom": e.name, "titre": e.title, "raison": e.no_calendar }))
            .collect();
        json!({ "a_venir": next, "passees": past, "sans": without, "aujourdhui": today.long() })
    })
    .await
    .unwrap_or_else(|_| json!({ "a_venir": [], "passees": [], "sans": [], "aujourdhui": "" }));
    view::page(&desk, &v, "echeancier", "Échéancier", &data)
}

/// The whole library's deadlines as one calendar.
pub(crate) async fn feed(State(desk): State<Shared>) -> Response {
    let d = desk.clone();
    let body =
        tokio::task::spawn_blocking(move || ics(&d.library.entries(&d.config.library), "Échéancier des conventions"))
            .await
            .unwrap_or_default();
    calendar_response(body, "echeancier.ics")
}

/// One source's deadlines.
pub(crate) async fn feed_of(
    State(desk): State<Shared>,
    Extension(v): Extension<Visitor>,
    UrlPath(nom): UrlPath<String>,
) -> Response {
    if let Err(p) = library::find(&desk, &nom) {
        return p.show(&desk, &v);
    }
    let entries: Vec<Arc<Entry>> =
        desk.library.entries(&desk.config.library).into_iter().filter(|e| e.name == nom).collect();
    if entries.iter().all(|e| e.deadlines.is_empty()) {
        return Problem::new(
            axum::http::StatusCode::NOT_FOUND,
            "Pas d’échéancier",
            "Cette convention n’indique pas sa date d’adoption : ses délais ne peuvent pas être calculés.",
            "Saisissez la date d’adoption dans le formulaire des faits de la convention.",
        )
        .show(&desk, &v);
    }
    let title = entries.first().map_or_else(String::new, |e| format!("Échéances — {}", e.title));
    calendar_response(ics(&entries, &title), &format!("{}.ics", nom))
}

fn calendar_response(body: String, name: &str) -> Response {
    let mut r = ([(header::CONTENT_TYPE, "text/calendar; charset=utf-8")], body).into_response();
    if let Ok(v) = header::HeaderValue::from_str(&format!("inline; filename=\"{}\"", name)) {
        r.headers_mut().insert(header::CONTENT_DISPOSITION, v);
    }
    r
}

/// TEXT as RFC 5545 writes it: backslash, semicolon, comma escaped, line
/// breaks as `\n`.
fn text(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => o.push_str("\\\\"),
            ';' => o.push_str("\\;"),
            ',' => o.push_str("\\,"),
            '\n' => o.push_str("\\n"),
            '\r' => {}
            c if c.is_control() => {}
            c => o.push(c),
        }
    }
    o
}

/// One content line, folded at 75 octets (RFC 5545 §3.1) without cutting
/// a UTF-8 character, ended by CRLF.
fn line(out: &mut String, content: &str) {
    let mut width = 0;
    for c in content.chars() {
        let n = c.len_utf8();
        if width + n > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += n;
    }
    out.push_str("\r\n");
}

fn compact(d: Date) -> String {
    d.iso().replace('-', "")
}

/// The calendar of `entries`' deadlines, byte for byte the same for the
/// same library.
pub(crate) fn ics(entries: &[Arc<Entry>], name: &str) -> String {
    let mut o = String::new();
    for l in
        ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//clausier//bureau//FR", "CALSCALE:GREGORIAN", "METHOD:PUBLISH"]
    {
        line(&mut o, l);
    }
    line(&mut o, &format!("X-WR-CALNAME:{}", text(name)));
    for e in entries {
        // The day the deadlines were computed from: they change only when it does.
        let stamp = e.adoption.map_or_else(|| "19700101".into(), compact);
        for d in &e.deadlines {
            line(&mut o, "BEGIN:VEVENT");
            line(&mut o, &format!("UID:{}-{}-{}@clausier", e.name, d.key, compact(d.date)));
            line(&mut o, &format!("DTSTAMP:{}T000000Z", stamp));
            line(&mut o, &format!("DTSTART;VALUE=DATE:{}", compact(d.date)));
            line(&mut o, &format!("DTEND;VALUE=DATE:{}", compact(d.date.add_days(1))));
            line(&mut o, &format!("SUMMARY:{}", text(&format!("{} — {}", d.label, e.title))));
            let parties = e.parties.join(", ");
            line(
                &mut o,
                &format!(
                    "DESCRIPTION:{}",
                    text(&format!(
                        "{} : {}.\nConvention : {}.\nParties : {}.",
                        d.label,
                        d.date.long().replace('\u{a0}', " "),
                        e.title,
                        parties
                    ))
                ),
            );
            line(&mut o, "TRANSP:TRANSPARENT");
            line(&mut o, "BEGIN:VALARM");
            line(&mut o, "ACTION:DISPLAY");
            line(&mut o, &format!("DESCRIPTION:{}", text(d.label)));
            // A notice takes time to prepare (a deliberation, a registered letter).
            line(&mut o, if d.key == "preavis" { "TRIGGER:-P30D" } else { "TRIGGER:-P14D" });
            line(&mut o, "END:VALARM");
            line(&mut o, "END:VEVENT");
        }
    }
    line(&mut o, "END:VCALENDAR");
    o
}
