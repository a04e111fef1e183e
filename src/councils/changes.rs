//! What an avenant changes, told to a councillor: one paragraph per change,
//! in plain French, with the title of the division it changes and the
//! sentence as it will read (« **Durée de la convention** — premier alinéa du
//! IV : « 2 ans » devient « 3 ans » ; la phrase se lira : « La présente
//! convention est conclue pour une durée de 3 ans … » »); what it leaves as
//! it is; and the three lines the redline opens with. Everything is read
//! from the change set's operations and the text they amend, through the
//! citations the avenant itself uses (`cite`): nothing is paraphrased, the
//! words quoted are the avenant's.

use crate::avenant::ops::Target;
use crate::avenant::{ChangeSet, Operation};
use crate::cite::Citer;
use crate::french::{capitalize, Nature};
use crate::markdown::escape;
use crate::model::{inline_text, Document, PartKind};

/// The longest quotation a paragraph carries before it is cut with « […] »:
/// the note is read before the séance; the annexes carry every word.
const QUOTE_MAX: usize = 600;

/// A whole alinéa shorter than this is quoted whole, rather than the one
/// sentence that changes in it.
const WHOLE_ALINEA: usize = 320;

/// How many places the redline's first page names before « et N autres ».
const PLACES_MAX: usize = 5;

/// What an avenant changes, as the councils read it.
#[derive(Debug, Clone, Default)]
pub struct Reading {
    /// One Markdown paragraph per change, in the order of the text.
    pub changes: Vec<String>,
    /// What does not change (Markdown).
    pub unchanged: String,
    /// The redline's first lines: what it is, what changes and where, how
    /// to read it.
    pub summary: Vec<String>,
    /// The avenant changes an amount (words in euros among those it
    /// quotes): the deliberation then names the budget line.
    pub money: bool,
}

/// « a, b et c ».
fn join_and(v: &[String]) -> String {
    match v {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} et {}", rest.join(", "), last),
    }
}

/// Plain text cut at a word boundary, with « […] » where it was cut.
fn shorten(text: &str, max: usize) -> String {
    let t = text.trim();
    if t.chars().count() <= max {
        return t.to_string();
    }
    let cut: String = t.chars().take(max).collect();
    let at = cut.rfind(char::is_whitespace).unwrap_or(cut.len());
    format!("{} […]", cut[..at].trim_end_matches([',', ';', ':', ' ']))
}

/// « « text » », escaped for Markdown, cut if long.
fn quoted(text: &str) -> String {
    format!("« {} »", escape(&shorten(&crate::model::fold_spaces(text), QUOTE_MAX), false))
}

/// The plain text of an operation's new alinéas.
fn plain(text: &[crate::model::Alinea]) -> Vec<String> {
    text.iter().map(crate::model::Alinea::text).collect()
}

/// The sentence of `text` around the bytes `at..end`, or the whole alinéa
/// when it is short.
fn sentence_around(text: &str, at: usize, end: usize) -> String {
    if text.chars().count() <= WHOLE_ALINEA {
        return text.trim().to_string();
    }
    let ends_sentence = |i: usize| {
        let b = text.as_bytes();
        matches!(b.get(i), Some(b'.' | b'!' | b'?')) && b.get(i + 1).is_none_or(|c| c.is_ascii_whitespace())
    };
    let start = (0..at.min(text.len())).rev().find(|&i| ends_sentence(i)).map_or(0, |i| i + 1);
    let stop = (end.min(text.len())..text.len()).find(|&i| ends_sentence(i)).map_or(text.len(), |i| i + 1);
    text.get(start..stop).unwrap_or(text).trim().to_string()
}

/// Reads what an avenant changes in `old` (the text before it).
pub fn read(old: &Document, cs: &ChangeSet, nature: &Nature) -> Reading {
    let citer = Citer::new(old);
    let mut ops: Vec<&Operation> = cs.operations.iter().collect();
    let order = rank(old);
    ops.sort_by_key(|op| position(op, &order));
    let changes = ops.iter().map(|op| paragraph(&citer, old, op, nature)).collect();
    Reading {
        changes,
        unchanged: unchanged(&citer, old, &ops, nature),
        summary: summary(&citer, &ops, cs.numero, nature),
        money: ops.iter().any(|op| touches_money(&citer, op)),
    }
}

/// Each division's rank in the text, depth first.
fn rank(doc: &Document) -> std::collections::HashMap<String, usize> {
    doc.all_divisions().iter().enumerate().map(|(k, d)| (d.id.clone(), k)).collect()
}

/// Where an operation stands in the text: title, parts before, divisions,
/// closing.
fn position(op: &Operation, order: &std::collections::HashMap<String, usize>) -> (u8, usize, usize) {
    let alinea = op.alinea().unwrap_or(0);
    match op.target() {
        Target::Title | Target::Everywhere => (0, 0, 0),
        Target::Part(PartKind::Cloture) => (3, 0, alinea),
        Target::Part(p) => (1, p as usize, alinea),
        Target::Division(id) => (2, order.get(id).copied().unwrap_or(usize::MAX), alinea),
    }
}

/// A division's title as the councils read it (its label when it has none).
fn title_of(citer: &Citer, id: &str) -> String {
    match citer.division(id) {
        Some(d) => {
            let t = inline_text(&d.title);
            let t = t.trim().trim_end_matches([':', ' ']);
            if t.is_empty() {
                d.label.clone().unwrap_or_default().trim().to_string()
            } else {
                t.to_string()
            }
        }
        None => id.to_string(),
    }
}

/// « Le ii) du 1. du A du II (Mise en place d’un comité technique) ».
fn place(citer: &Citer, id: &str) -> String {
    let c = citer.cite(id);
    let t = title_of(citer, id);
    if t.is_empty() || c.name.ends_with(&t) {
        c.subject()
    } else {
        format!("{} ({})", c.subject(), shorten(&t, 90))
    }
}

/// The alinéa an operation on words reads, as it stands before the avenant.
fn old_alinea(citer: &Citer, op: &Operation) -> Option<String> {
    let n = op.alinea()?;
    match op.target() {
        Target::Division(id) => citer.division(id)?.alineas.get(n.checked_sub(1)?).map(|a| a.text()),
        Target::Part(p) => citer.part_alineas(p).get(n.checked_sub(1)?).map(|a| a.text()),
        _ => None,
    }
}

/// The alinéa with `words` (its `occurrence`-th whole-word match) replaced
/// by `by`, and where the new words stand in it.
fn replaced(text: &str, words: &str, by: &str, occurrence: Option<usize>) -> Option<(String, usize, usize)> {
    let found = crate::avenant::apply::find_words(text, words);
    let (s, e) = *found.get(occurrence.unwrap_or(1).checked_sub(1)?)?;
    Some((format!("{}{}{}", &text[..s], by, &text[e..]), s, s + by.len()))
}

/// The alinéa without `words` (its `occurrence`-th whole-word match), one
/// space left where they stood, none before a punctuation mark.
fn deleted(text: &str, words: &str, occurrence: Option<usize>) -> Option<(String, usize, usize)> {
    let found = crate::avenant::apply::find_words(text, words);
    let (s, e) = *found.get(occurrence.unwrap_or(1).checked_sub(1)?)?;
    let (before, after) = (text[..s].trim_end(), text[e..].trim_start());
    let glue = if after.starts_with(['.', ',', ';', ':', ')', '!', '?']) || before.is_empty() { "" } else { " " };
    let t = format!("{}{}{}", before, glue, after);
    Some((t, before.len(), before.len()))
}

/// « ; la phrase se lira : « … » », or nothing when the text cannot be read.
fn reads(new: Option<(String, usize, usize)>) -> String {
    match new {
        Some((t, s, e)) => format!(" ; la phrase se lira : {}", quoted(&sentence_around(&t, s, e))),
        None => String::new(),
    }
}

/// The title and place of what an operation amends, for its paragraph.
fn heading(citer: &Citer, op: &Operation, nature: &Nature) -> (String, String) {
    let alinea = |id: &str, n: usize| citer.alinea(id, n).name;
    match (op, op.target()) {
        (_, Target::Title) => (format!("Intitulé {}", nature.of()), String::new()),
        (_, Target::Everywhere) => (format!("Ensemble {}", nature.of()), String::new()),
        (Operation::InsertAlineas { .. }, Target::Part(p)) => (capitalize(p.name()), String::new()),
        (_, Target::Part(p)) => {
            (capitalize(p.name()), op.alinea().map(|n| citer.part_alinea(p, n).name).unwrap_or_default())
        }
        (Operation::InsertDivision { after, parent, title, .. }, _) => {
            let at = match (after, parent) {
                (Some(a), _) => format!("nouvelle stipulation, après {}", citer.cite(a).subject()),
                (None, Some(p)) => format!("nouvelle stipulation, au début {}", citer.cite(p).of()),
                _ => "nouvelle stipulation".into(),
            };
            (inline_text(title).trim().to_string(), at)
        }
        (Operation::InsertAlineas { .. }, Target::Division(id)) => (title_of(citer, id), citer.cite(id).name),
        (_, Target::Division(id)) => {
            let at = match op.alinea() {
                Some(n) if op.changes_alineas() => alinea(id, n),
                _ => citer.cite(id).name,
            };
            (title_of(citer, id), at)
        }
    }
}

/// One change, in plain French, with its title and place.
fn paragraph(citer: &Citer, old: &Document, op: &Operation, nature: &Nature) -> String {
    let (title, at) = heading(citer, op, nature);
    let lead = if at.is_empty() {
        format!("**{}**", escape(&title, false))
    } else {
        format!("**{}** — {}", escape(&title, false), escape(&at, false))
    };
    let what = what(citer, old, op);
    // A quotation that ends its sentence ends the paragraph: « … mois. », not « … mois. ». »
    let inner = what.trim_end().trim_end_matches('»').trim_end();
    let stop = if what.ends_with('»') && inner.ends_with(['.', '!', '?', '…']) { "" } else { "." };
    format!("{} : {}{}", lead, what, stop)
}

/// What one operation does.
fn what(citer: &Citer, old: &Document, op: &Operation) -> String {
    let alinea = old_alinea(citer, op);
    let count = |n: usize, one: &str, many: &str| {
        if n == 1 {
            one.to_string()
        } else {
            many.replace("{}", &crate::french::cardinal_word(n))
        }
    };
    match op {
        Operation::ReplaceWords { words, by, occurrence, .. } => format!(
            "{} devient {}{}",
            quoted(words),
            quoted(by),
            reads(alinea.and_then(|t| replaced(&t, words, by, *occurrence)))
        ),
        Operation::InsertWords { after, words, occurrence, .. } => {
            let new = alinea.and_then(|t| match after {
                Some(a) => replaced(&t, a, &format!("{} {}", a, words.trim()), *occurrence),
                None => Some((format!("{} {}", words.trim(), t), 0, words.len())),
            });
            format!("les mots {} sont ajoutés{}", quoted(words), reads(new))
        }
        Operation::DeleteWords { words, occurrence, .. } => {
            let new = alinea.and_then(|t| deleted(&t, words, *occurrence));
            format!("les mots {} sont supprimés{}", quoted(words), reads(new))
        }
        Operation::AppendWords { words, .. } => format!("l’alinéa est complété par {}", quoted(words)),
        Operation::ReplaceAlinea { text, .. } => {
            let t = plain(text);
            let was = alinea.map(|a| format!(" ; il disait : {}", quoted(&a))).unwrap_or_default();
            format!(
                "{} : {}{}",
                count(t.len(), "l’alinéa est réécrit", "l’alinéa est remplacé par {} alinéas"),
                join_quotes(&t),
                was
            )
        }
        Operation::InsertAlineas { after, text, division, part } => {
            let t = plain(text);
            let total = match part {
                Some(p) => citer.part_alineas(*p).len(),
                None => citer.division(division).map_or(0, |d| d.alineas.len()),
            };
            let at = match *after {
                0 => "au début".to_string(),
                a if a >= total => "à la fin".to_string(),
                a => format!("après le {} alinéa", crate::cite::alinea_ordinal(a, total)),
            };
            format!(
                "{} {} : {}",
                count(t.len(), "un alinéa est ajouté", "{} alinéas sont ajoutés"),
                at,
                join_quotes(&t)
            )
        }
        Operation::DeleteAlineas { count: n, .. } => match (alinea, n) {
            (Some(a), 1) => format!("l’alinéa {} est supprimé", quoted(&a)),
            _ => count(*n, "l’alinéa est supprimé", "{} alinéas sont supprimés"),
        },
        Operation::ReplaceDivision { text, children, .. } => {
            if crate::avenant::repeal_mention(text).is_some() {
                return "la stipulation est abrogée".into();
            }
            let subs = if children.as_ref().is_some_and(|c| !c.is_empty()) { ", avec ses subdivisions," } else { "" };
            format!("la stipulation est réécrite{} ; elle se lira : {}", subs, join_quotes(&plain(text)))
        }
        Operation::RenameDivision { title, .. } => format!("l’intitulé devient {}", quoted(&inline_text(title))),
        Operation::InsertDivision { text, .. } => {
            let t = plain(text);
            if t.is_empty() {
                "elle est insérée".into()
            } else {
                format!("elle se lira : {}", join_quotes(&t))
            }
        }
        Operation::DeleteDivision { .. } => "la stipulation est supprimée".into(),
        Operation::Renumber { division, number, label } => {
            let level = citer.division(division).map_or(1, |d| d.level);
            let l = label.clone().unwrap_or_else(|| citer.label(level, number));
            format!("la stipulation est renumérotée {}", quoted(l.trim()))
        }
        Operation::ReplaceTitle { lines } => {
            format!("il se lira : {}", quoted(&lines.iter().map(|l| inline_text(l)).collect::<Vec<_>>().join(" ")))
        }
        Operation::ReplaceEverywhere { words, by } => {
            let n = occurrences(old, words);
            format!("{} devient {} partout où ces mots figurent ({} fois)", quoted(words), quoted(by), n)
        }
    }
}

/// How many times words stand, as whole words, in the text.
fn occurrences(doc: &Document, words: &str) -> usize {
    let count = |a: &crate::model::Alinea| crate::avenant::apply::find_words(&inline_text(&a.inlines), words).len();
    doc.all_divisions().iter().flat_map(|d| d.alineas.iter()).map(count).sum::<usize>()
        + doc.front_alineas().map(count).sum::<usize>()
}

/// Quotations one after the other.
fn join_quotes(v: &[String]) -> String {
    v.iter().map(|t| quoted(t)).collect::<Vec<_>>().join(" ; ")
}

/// An operation changes an amount: the words it quotes mention euros, or
/// the alinéa (the division) it amends does — an amount's words may change
/// around it (« 10 000 euros » completed by « par an »).
fn touches_money(citer: &Citer, op: &Operation) -> bool {
    static RE: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let re = RE.get_or_init(|| regex::Regex::new(r"(?i)€|\beuros?\b|\bEUR\b").expect("a fixed, valid pattern"));
    let amended = match (old_alinea(citer, op), op.target()) {
        (Some(a), _) => a,
        (None, Target::Division(id)) => citer
            .division(id)
            .map(|d| d.alineas.iter().map(|a| a.text()).collect::<Vec<_>>().join(" "))
            .unwrap_or_default(),
        _ => String::new(),
    };
    if re.is_match(&amended) {
        return true;
    }
    let texts: Vec<String> = match op {
        Operation::ReplaceWords { words, by, .. } | Operation::ReplaceEverywhere { words, by } => {
            vec![words.clone(), by.clone()]
        }
        Operation::InsertWords { words, .. }
        | Operation::DeleteWords { words, .. }
        | Operation::AppendWords { words, .. } => vec![words.clone()],
        Operation::ReplaceAlinea { text, .. }
        | Operation::InsertAlineas { text, .. }
        | Operation::ReplaceDivision { text, .. }
        | Operation::InsertDivision { text, .. } => plain(text),
        _ => vec![],
    };
    texts.iter().any(|t| re.is_match(t))
}

/// The top-level divisions an operation reaches.
fn top_of<'a>(citer: &'a Citer, id: &'a str) -> String {
    let mut cur = id.to_string();
    while let Some(p) = citer.parent(&cur) {
        cur = p.id.clone();
    }
    cur
}

/// « Les autres stipulations … demeurent inchangées, notamment : le
/// préambule, le I (…) et le III (…). »
fn unchanged(citer: &Citer, old: &Document, ops: &[&Operation], nature: &Nature) -> String {
    let general = format!("Les autres stipulations {} demeurent inchangées", nature.of());
    // A change everywhere or of the title leaves no division untouched for sure.
    if ops.iter().any(|op| matches!(op.target(), Target::Everywhere | Target::Title)) {
        return format!("{}.", escape(&general, false));
    }
    let touched: std::collections::HashSet<String> =
        ops.iter().filter_map(|op| op.division()).filter(|id| !id.is_empty()).map(|id| top_of(citer, id)).collect();
    let kept: Vec<String> =
        old.divisions.iter().filter(|d| !touched.contains(&d.id)).map(|d| place(citer, &d.id)).collect();
    if kept.is_empty() {
        return format!("{}.", escape(&general, false));
    }
    escape(&format!("{}, notamment {}.", general, join_and(&kept)), false)
}

/// The redline's three first lines.
fn summary(citer: &Citer, ops: &[&Operation], numero: u32, nature: &Nature) -> Vec<String> {
    let mut places: Vec<String> = Vec::new();
    for op in ops {
        let p = match op.target() {
            Target::Division(id) if !id.is_empty() => place(citer, id),
            Target::Division(_) => continue,
            Target::Part(p) => p.name().to_string(),
            Target::Title => format!("l’intitulé {}", nature.of()),
            Target::Everywhere => format!("l’ensemble {}", nature.of()),
        };
        if !places.contains(&p) {
            places.push(p);
        }
    }
    let more = places.len().saturating_sub(PLACES_MAX);
    places.truncate(PLACES_MAX);
    if more > 0 {
        places.push(format!("{} autre{}", more, if more > 1 { "s" } else { "" }));
    }
    let n = ops.len();
    vec![
        format!("Version comparée : {} avec les modifications de l’avenant n° {}", nature.the(), numero),
        format!(
            "{} modification{} : {}",
            n,
            if n > 1 { "s" } else { "" },
            crate::french::decapitalize(&join_and(&places))
        ),
        "Mots supprimés barrés, mots ajoutés soulignés ; le reste du texte est inchangé".to_string(),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_text_is_cut_at_a_word() {
        assert_eq!(shorten("un deux trois", 20), "un deux trois");
        assert_eq!(shorten("un deux trois quatre", 10), "un deux […]");
    }

    #[test]
    fn the_sentence_that_changes_is_quoted() {
        let long = format!("{} Le comité se réunit tous les deux mois. {}", "Avant. ".repeat(60), "Après. ".repeat(60));
        let at = long.find("tous").unwrap();
        assert_eq!(sentence_around(&long, at, at + 4), "Le comité se réunit tous les deux mois.");
        assert_eq!(sentence_around("Court. Texte.", 0, 1), "Court. Texte.");
    }

    fn doc() -> Document {
        use crate::model::{Alinea, Division, Inline, Part};
        let al = |t: &str| Alinea::paragraph(vec![Inline::plain(t)]);
        let div = |id: &str, n: &str, title: &str, alineas: Vec<Alinea>| Division {
            id: id.into(),
            label: Some(format!("Article {} –", n)),
            title: vec![Inline::plain(title)],
            level: 1,
            alineas,
            ..Default::default()
        };
        Document {
            meta: Meta { numbering: vec!["Article {1er} –".into()], ..Default::default() },
            title_page: vec![vec![Inline::plain("CONVENTION")]],
            front: vec![Part { kind: PartKind::Visas, alineas: vec![al("Vu le code ;"), al("Vu la loi ;")] }],
            divisions: vec![
                div(
                    "a1",
                    "1er",
                    "Objet",
                    vec![al("Le texte a pour objet la coopération."), al("Il dure 2 ans."), al("Il est public.")],
                ),
                div("a2", "2", "Financement", vec![al("La contribution est de 10 000 euros.")]),
                div("a3", "3", "Durée", vec![al("Trois ans.")]),
                div("a4", "4", "Fin", vec![al("Fin.")]),
            ],
            ..Default::default()
        }
    }

    use crate::model::Meta;

    #[test]
    fn every_operation_is_told_in_one_paragraph_with_its_title() {
        let cs: ChangeSet = serde_json::from_value(serde_json::json!({
            "numero": 2,
            "base": { "source": "x", "fingerprint": "words-v1:0" },
            "operations": [
                { "op": "replace_words", "division": "a1", "alinea": 2, "words": "2 ans", "by": "3 ans" },
                { "op": "insert_words", "division": "a1", "alinea": 1, "after": "la coopération", "words": "renforcée" },
                { "op": "delete_words", "division": "a1", "alinea": 3, "words": "public" },
                { "op": "append_words", "division": "a2", "alinea": 1, "words": "par an" },
                { "op": "replace_alinea", "part": "visas", "alinea": 2, "text": ["Vu la loi n° 2 ;"] },
                { "op": "insert_alineas", "division": "a3", "after": 1, "text": ["Un.", "Deux."] },
                { "op": "delete_alineas", "division": "a4", "alinea": 1 },
                { "op": "replace_division", "division": "a3", "text": ["(article abrogé)"] },
                { "op": "rename_division", "division": "a2", "title": "Financement commun" },
                { "op": "insert_division", "after": "a4", "id": "a5", "number": "5", "title": "Suivi", "text": ["Un comité suit l'exécution."] },
                { "op": "delete_division", "division": "a4" },
                { "op": "renumber", "division": "a2", "number": "2 bis" },
                { "op": "replace_title", "lines": ["CONVENTION NOUVELLE"] },
                { "op": "replace_everywhere", "words": "texte", "by": "document" }
            ]
        }))
        .unwrap();
        let r = read(&doc(), &cs, &Nature::of_noun("convention"));
        assert_eq!(r.changes.len(), cs.operations.len());
        let all = r.changes.join("\n");
        for want in [
            "**Intitulé de la convention** : il se lira : « CONVENTION NOUVELLE ».",
            "**Ensemble de la convention** : « texte » devient « document » partout où ces mots figurent (1 fois).",
            "**Les visas** — second visa : l’alinéa est réécrit : « Vu la loi n° 2 ; » ; il disait : « Vu la loi ; ».",
            "**Objet** — deuxième alinéa de l’article 1er : « 2 ans » devient « 3 ans » ; la phrase se lira : « Il dure 3 ans. »",
            "les mots « renforcée » sont ajoutés ; la phrase se lira : « Le texte a pour objet la coopération renforcée. »",
            "**Objet** — dernier alinéa de l’article 1er : les mots « public » sont supprimés ; la phrase se lira : « Il est. »",
            "**Financement** — article 2 : l’alinéa est complété par « par an ».",
            "**Durée** — article 3 : deux alinéas sont ajoutés à la fin : « Un. » ; « Deux. »",
            "**Durée** — article 3 : la stipulation est abrogée.",
            "**Financement** — article 2 : l’intitulé devient « Financement commun ».",
            "**Suivi** — nouvelle stipulation, après l’article 4 : elle se lira : « Un comité suit l'exécution. »",
            "**Fin** — article 4 : la stipulation est supprimée.",
            "**Financement** — article 2 : la stipulation est renumérotée « Article 2 bis – ».",
        ] {
            assert!(all.contains(want), "lacks « {} » in:\n{}", want, all);
        }
        // Titles and changes in the order of the text: title, visas, articles.
        assert!(r.changes[0].starts_with("**Intitulé") && r.changes[2].starts_with("**Les visas"), "{:?}", r.changes);
        assert!(r.money, "10 000 euros are quoted");
        assert_eq!(r.summary.len(), 3);
        assert!(r.summary[1].starts_with("14 modifications : "), "{}", r.summary[1]);
        assert!(
            r.unchanged.starts_with("Les autres stipulations de la convention demeurent inchangées."),
            "{}",
            r.unchanged
        );
    }

    #[test]
    fn words_replaced_in_their_alinea() {
        let (t, s, e) = replaced("pour une durée de 2 ans à compter", "2 ans", "3 ans", None).unwrap();
        assert_eq!(t, "pour une durée de 3 ans à compter");
        assert_eq!(&t[s..e], "3 ans");
        assert!(replaced("rien", "2 ans", "3 ans", None).is_none());
    }
}
