//! The avenant document, as the drafting guide's skeleton (§2) has it, in
//! two styles:
//!
//! - **Paris**: title, parties and their deliberations, visas (the amended
//!   text with its date, every earlier avenant), « Il a été convenu ce qui
//!   suit : », Article 1er – Objet, one article per amended division (or
//!   part, or group of identical changes), in the order of the amended
//!   text, « Les autres stipulations … demeurent inchangées », entry into
//!   force, « Fait à …, en N exemplaires originaux », the signature blocks.
//! - **État** (avenants to State conventions, as the Journal officiel
//!   publishes them): three short articles — the text « est modifié(e)
//!   conformément aux dispositions figurant en annexe au présent avenant »,
//!   the entry into force, the costs of publication — and the amendments
//!   listed in an annex, article by article.
//!
//! The frame (title, parties, visas, closing, signatures) comes from the
//! `avenant` templates, filled with the convention's and the change set's
//! facts; the articles are built directly as the model's alinéas. No text of
//! the change set goes through handlebars: an avenant quotes words, it does
//! not run templates, so what it quotes is what the consolidated text says.

use super::ops::{ChangeSet, Operation, Style, Target};
use super::wording::{join_and, Sentence, Wording};
use crate::cite::Citer;
use crate::error::{Error, Result};
use crate::french::{capitalize, Nature};
use crate::markdown::escape;
use crate::model::{Document, PartKind};
use crate::render::{assemble, BuildOptions};
use crate::source::{Deliberation, Manifest, Node, Party, Source};
use serde_json::{json, Map, Value};
use std::collections::HashMap;
use std::path::Path;

/// One article of the avenant: its title and its alinéas (Markdown).
struct Article {
    title: String,
    alineas: Vec<String>,
}

/// The sentences already carry escaped quotes; what must not open a
/// Markdown block at the start of the line is escaped here.
fn escape_sentence(s: &str) -> String {
    match s.chars().next() {
        Some('#' | '-' | '+' | '=') => format!("\\{}", s),
        _ => s.to_string(),
    }
}

/// What a group of operations amends, for ordering and titles.
#[derive(Debug, Clone, PartialEq)]
enum Unit {
    Title,
    Part(PartKind),
    Division(String),
    /// Divisions inserted at one place.
    Insertion(String),
    /// The same words replaced in several places.
    SameWords(String, String),
    /// Words replaced throughout the text.
    Everywhere,
    /// Consecutive sibling divisions deleted, with, in their place, the
    /// mention a consolidated text prints (« Art. 23 à 26 – (articles
    /// abrogés) »): one formula, « Les articles 23 à 26 sont abrogés ».
    Run(String),
}

/// The place of an operation in the amended text, so that the avenant's
/// articles follow its order: title, front matter, divisions, closing.
fn position(op: &Operation, order: &HashMap<&str, (usize, usize)>) -> (u8, usize, usize) {
    match op.target() {
        Target::Title => (0, 0, 0),
        Target::Everywhere => (0, 1, 0),
        Target::Part(PartKind::Cloture) => (3, 0, op.alinea().unwrap_or(0)),
        Target::Part(p) => (1, p as usize, op.alinea().unwrap_or(0)),
        Target::Division(id) => {
            let (at, end) = order.get(id).copied().unwrap_or((usize::MAX / 2, usize::MAX / 2));
            match op {
                // After a division and all its subdivisions.
                Operation::InsertDivision { after: Some(_), .. } => (2, end, usize::MAX),
                Operation::InsertDivision { .. } => (2, at, usize::MAX),
                _ => (2, at, op.alinea().unwrap_or(0)),
            }
        }
    }
}

/// The operations grouped into the avenant's units, in the text's order.
fn units<'c>(cs: &'c ChangeSet, old: &Document) -> Vec<(Unit, Vec<&'c Operation>)> {
    // Each division's rank and the rank of its last subdivision.
    let mut order: HashMap<&str, (usize, usize)> = HashMap::new();
    fn walk<'d>(ds: &'d [crate::model::Division], k: &mut usize, order: &mut HashMap<&'d str, (usize, usize)>) {
        for d in ds {
            let at = *k;
            *k += 1;
            walk(&d.children, k, order);
            order.insert(d.id.as_str(), (at, *k - 1));
        }
    }
    walk(&old.divisions, &mut 0, &mut order);
    let mut ops: Vec<&Operation> = cs.operations.iter().collect();
    ops.sort_by_key(|op| position(op, &order));

    // The same words replaced by the same words in several places: one
    // formula for all of them.
    let mut same: HashMap<(String, String), usize> = HashMap::new();
    for op in &ops {
        // (A mark of punctuation is no vocabulary: each is its own formula.)
        if let Operation::ReplaceWords { words, by, occurrence: None, .. } = op {
            if !words.chars().any(char::is_alphanumeric) {
                continue;
            }
            *same.entry((words.clone(), by.clone())).or_default() += 1;
        }
    }
    let mut out: Vec<(Unit, Vec<&Operation>)> = Vec::new();
    for op in ops {
        let unit = match (op, op.target()) {
            (Operation::ReplaceWords { words, by, occurrence: None, .. }, _)
                if same.get(&(words.clone(), by.clone())).is_some_and(|n| *n > 1) =>
            {
                Unit::SameWords(words.clone(), by.clone())
            }
            (Operation::InsertDivision { after, parent, .. }, _) => {
                Unit::Insertion(format!("{}|{}", after.as_deref().unwrap_or(""), parent.as_deref().unwrap_or("")))
            }
            (_, Target::Title) => Unit::Title,
            (_, Target::Everywhere) => Unit::Everywhere,
            (_, Target::Part(p)) => Unit::Part(p),
            (_, Target::Division(id)) => Unit::Division(id.to_string()),
        };
        match out.iter_mut().find(|(u, _)| *u == unit) {
            Some((_, v)) => v.push(op),
            None => out.push((unit, vec![op])),
        }
    }
    runs(out, old)
}

/// Merges consecutive sibling deletions — with the mention inserted in
/// their place, if any — into one unit (see `Unit::Run`).
fn runs<'c>(units: Vec<(Unit, Vec<&'c Operation>)>, old: &Document) -> Vec<(Unit, Vec<&'c Operation>)> {
    // Each division's parent and rank among its siblings.
    let mut place: HashMap<&str, (Option<&str>, usize)> = HashMap::new();
    fn walk<'d>(
        ds: &'d [crate::model::Division],
        parent: Option<&'d str>,
        place: &mut HashMap<&'d str, (Option<&'d str>, usize)>,
    ) {
        for (k, d) in ds.iter().enumerate() {
            place.insert(d.id.as_str(), (parent, k));
            walk(&d.children, Some(d.id.as_str()), place);
        }
    }
    walk(&old.divisions, None, &mut place);
    let deleted = |u: &(Unit, Vec<&Operation>)| match (&u.0, u.1.as_slice()) {
        (Unit::Division(_), [Operation::DeleteDivision { division }]) => {
            place.get(division.as_str()).copied().map(|p| (division.clone(), p))
        }
        _ => None,
    };
    // Where the mention stands: right before the first deleted division.
    let mention = |u: &(Unit, Vec<&Operation>)| match (&u.0, u.1.as_slice()) {
        (Unit::Insertion(_), [Operation::InsertDivision { after, parent, text, children, .. }])
            if children.is_empty() && super::wording::repeal_mention(text).is_some() =>
        {
            match (after, parent) {
                (Some(a), _) => place.get(a.as_str()).map(|&(p, k)| (p.map(str::to_string), k + 1)),
                (None, Some(p)) => Some((Some(p.clone()), 0)),
                _ => None,
            }
        }
        _ => None,
    };
    let mut out = Vec::new();
    let mut k = 0;
    while k < units.len() {
        let start = mention(&units[k]);
        let first = if start.is_some() { k + 1 } else { k };
        let mut end = first;
        let mut next = start.clone();
        while let Some((_, (parent, rank))) = units.get(end).and_then(&deleted) {
            if next.as_ref().is_some_and(|(p, n)| (p.as_deref(), *n) != (parent, rank)) {
                break;
            }
            next = Some((parent.map(str::to_string), rank + 1));
            end += 1;
        }
        let count = end - first;
        if (start.is_some() && count >= 1) || count >= 2 {
            let Some((id, _)) = deleted(&units[first]) else { unreachable!("a run starts with a deletion") };
            let ops = units[k..end].iter().flat_map(|u| u.1.iter().copied()).collect();
            out.push((Unit::Run(id), ops));
            k = end;
        } else {
            out.push(units[k].clone());
            k += 1;
        }
    }
    out
}

/// « Le … est ainsi modifié : 1° … ; 2° … . », or the one sentence.
fn enumerate(w: &Wording, subject: &crate::cite::Cite, ops: &[&Operation]) -> Vec<String> {
    if ops.len() == 1 {
        return w.sentence(ops[0], false).alineas(".").into_iter().map(|a| escape_sentence(&a)).collect();
    }
    let mut out =
        vec![escape_sentence(&format!("{} est ainsi {} :", capitalize(&subject.subject()), subject.agree("modifié")))];
    let n = ops.len();
    for (k, op) in ops.iter().enumerate() {
        let end = if k + 1 == n { "." } else { " ;" };
        // « 1° Au deuxième alinéa, … ; », « 2° Le troisième alinéa est
        // supprimé . » — the Journal officiel keeps the capital after « 1° ».
        let mut alineas = w.sentence(op, true).alineas(end);
        alineas[0] = format!("{}° {}", k + 1, escape_sentence(&alineas[0]));
        out.extend(alineas);
    }
    out
}

/// A division rewritten whole with a new title: one formula, the new
/// heading quoted first (« L'article 3 est ainsi rédigé : « Article 3 –
/// Durée / … » »).
fn rewritten_with_title(w: &Wording, ops: &[&Operation]) -> Option<Vec<String>> {
    let (mut text, mut title, mut number, mut id) = (None, None, None, None);
    for op in ops {
        match op {
            // A repeal is said as such, not quoted (« (article abrogé) »).
            Operation::ReplaceDivision { text: t, title: tt, .. }
                if super::wording::repealed_by(tt.as_deref(), t).is_some() =>
            {
                return None
            }
            Operation::ReplaceDivision { division, text: t, children, title: tt } => {
                text = Some((t.as_slice(), children.as_deref()));
                id = Some(division.as_str());
                if let Some(tt) = tt {
                    title = Some(tt.as_slice());
                }
            }
            // The only alinéa of a division with no subdivisions is all of
            // its text.
            Operation::ReplaceAlinea { division, part: None, alinea: 1, text: t }
                if w.citer.division(division).is_some_and(|d| d.alineas.len() == 1 && d.children.is_empty()) =>
            {
                text = Some((t.as_slice(), None));
                id = Some(division.as_str());
            }
            Operation::RenameDivision { title: t, .. } => title = Some(t.as_slice()),
            Operation::Renumber { number: n, label: l, .. } => number = Some((n.clone(), l.clone())),
            _ => return None,
        }
    }
    let (Some(text), Some(id)) = (text, id) else { return None };
    title.as_ref()?;
    let d = w.citer.division(id)?;
    let label = match &number {
        Some((n, l)) => Some(l.clone().unwrap_or_else(|| w.citer.label(d.level, n))),
        None => d.label.clone(),
    };
    let c = w.citer.cite(id);
    let mut quoted = super::wording::heading_and_text(label.as_deref(), title.unwrap_or(&[]), text.0);
    quoted.extend(w.division_lines(&[], text.1.unwrap_or(&[]), d.level));
    let s = Sentence { text: format!("{} est ainsi {} :", capitalize(&c.subject()), c.agree("rédigé")), quoted };
    Some(s.alineas(".").into_iter().map(|a| escape_sentence(&a)).collect())
}

/// The alinéas amending one unit, and the unit's title.
fn unit_text(w: &Wording, unit: &Unit, ops: &[&Operation], old: &Document, style: Style) -> Article {
    // When the avenant amends several texts, a title that cites nothing
    // says which text it is about (« Modifications de vocabulaire du cahier
    // des charges »); a citation already does, and so does the heading of
    // its text in the État style's annex.
    let text = w.citer.text().filter(|_| style == Style::Paris);
    let of_text = text.map(|n| format!(" {}", n.of())).unwrap_or_default();
    match unit {
        Unit::Run(_) => deletion_article(w, ops, style),
        Unit::Everywhere => Article {
            title: format!("Modifications de vocabulaire{}", of_text),
            alineas: ops
                .iter()
                .flat_map(|op| w.sentence(op, false).alineas("."))
                .map(|a| escape_sentence(&a))
                .collect(),
        },
        Unit::Title => Article {
            title: format!("Intitulé{}", of_text),
            alineas: enumerate(
                w,
                &crate::cite::Cite { article: "l’", name: format!("intitulé {}", w.nature.of()), feminine: false },
                ops,
            ),
        },
        Unit::Part(p) => {
            let c = w.citer.part(*p);
            Article { title: format!("Modification {}", c.of()), alineas: enumerate(w, &c, ops) }
        }
        Unit::Insertion(_) => {
            let s = w.insert_divisions(ops);
            // Where several texts are amended, the title says which one
            // (a sub-division's location already names it).
            let title = w.insertion_title(ops);
            let title = match text {
                Some(n) if !title.contains(&n.noun) => format!("{} {}", title, n.with("dans", &n.noun)),
                _ => title,
            };
            Article { title, alineas: s.alineas(".").into_iter().map(|a| escape_sentence(&a)).collect() }
        }
        Unit::SameWords(words, by) => same_words_article(w, words, by, ops, old, &of_text),
        Unit::Division(id) => division_article(w, id, ops, style),
    }
}

/// Divisions deleted (or repealed) one after the other: one article.
fn deletion_article(w: &Wording, ops: &[&Operation], style: Style) -> Article {
    let ids: Vec<&str> = ops
        .iter()
        .filter_map(|op| match op {
            Operation::DeleteDivision { division } => Some(division.as_str()),
            _ => None,
        })
        .collect();
    let verb = ops
        .iter()
        .find_map(|op| match op {
            Operation::InsertDivision { text, .. } => super::wording::repeal_mention(text),
            _ => None,
        })
        .unwrap_or("supprimé");
    let c = w.citer.cite_all(&ids);
    let title = match style {
        // Under the heading of its text in the annex: « Articles 23 à 26 ».
        Style::Etat => heading_case(&w.citer.local_all(&ids).name),
        Style::Paris if verb == "abrogé" => format!("Abrogation {}", c.of()),
        Style::Paris => format!("Suppression {}", c.of()),
    };
    Article {
        title,
        alineas: vec![escape_sentence(&format!(
            "{} {} {}.",
            capitalize(&c.subject()),
            if ids.len() > 1 { "sont" } else { "est" },
            c.agree(verb)
        ))],
    }
}

/// The same words replaced in several places: one sentence that lists
/// the places, or says « dans l'ensemble » when they are all.
fn same_words_article(
    w: &Wording,
    words: &str,
    by: &str,
    ops: &[&Operation],
    old: &Document,
    of_text: &str,
) -> Article {
    // « Aux deuxième et quatrième alinéas de l'article 2, au premier
    // alinéa de l'article 6 »: the alinéas of one division together.
    let mut places: Vec<String> = Vec::new();
    let mut k = 0;
    while k < ops.len() {
        match (ops[k], ops[k].target()) {
            (Operation::ReplaceWords { alinea, .. }, Target::Division(id)) => {
                let mut ns = vec![*alinea];
                while let Some((Operation::ReplaceWords { alinea, .. }, Target::Division(next))) =
                    ops.get(k + 1).map(|op| (*op, op.target()))
                {
                    if next != id {
                        break;
                    }
                    if !ns.contains(alinea) {
                        ns.push(*alinea);
                    }
                    k += 1;
                }
                places.push(w.citer.alineas(id, &ns).at());
            }
            (Operation::ReplaceWords { alinea, .. }, Target::Part(p)) => {
                places.push(w.citer.part_alinea(p, *alinea).at())
            }
            _ => {}
        }
        k += 1;
    }
    // Every place the words stand in the text: « Dans l'ensemble de
    // la convention ».
    let everywhere = ops.len() == occurrences(old, words);
    let plural = |s: &str| s.split_whitespace().count() > 1;
    let verb = if plural(words) { "sont remplacés" } else { "est remplacé" };
    let mots = |s: &str| format!("{} : « {} »", if plural(s) { "les mots" } else { "le mot" }, escape(s, false));
    let lead = if everywhere {
        format!("Dans l’ensemble {}", w.nature.of())
    } else {
        // « Au deuxième alinéa du 1. et au premier alinéa du IV »
        let lower: Vec<String> = places
            .iter()
            .enumerate()
            .map(|(k, p)| if k == 0 { p.clone() } else { crate::french::decapitalize(p) })
            .collect();
        join_and(&lower)
    };
    Article {
        title: format!("Modifications de vocabulaire{}", of_text),
        alineas: vec![escape_sentence(&format!("{}, {} {} par {}.", lead, mots(words), verb, mots(by)))],
    }
}

/// The amendments of one division, under its citation (or, in the État
/// style's annex, under its heading).
fn division_article(w: &Wording, id: &str, ops: &[&Operation], style: Style) -> Article {
    let c = w.citer.cite(id);
    let title = match (style, ops) {
        // The State style's annex lists the amendments under the
        // division they amend, under the heading of its text when
        // there are several: « Article 25 ».
        (Style::Etat, _) => heading_case(&w.citer.local(id).name),
        (_, [Operation::DeleteDivision { .. }]) => format!("Suppression {}", c.of()),
        _ => format!("Modification {}", c.of()),
    };
    // An annex rewritten whole is replaced by the one joined to the
    // avenant, its new heading included: one formula.
    if let Some(replace) = ops.iter().find(|op| matches!(op, Operation::ReplaceDivision { text, title, .. } if super::wording::is_annex(&c) && super::wording::repealed_by(title.as_deref(), text).is_none())) {
        return Article { title: format!("Remplacement {}", c.of()), alineas: w.sentence(replace, false).alineas(".") };
    }
    let alineas = rewritten_with_title(w, ops).unwrap_or_else(|| enumerate(w, &c, ops));
    Article { title, alineas }
}

/// A citation as a heading of the État style's annex: « Article 25 »,
/// « Articles 23 à 26 », but « ii) du 1. du A du II », « b du 7.3.5 » as
/// cited — a label keeps its case (« Ii) » would read as a Roman I).
fn heading_case(name: &str) -> String {
    let first = name.split_whitespace().next().unwrap_or("");
    let noun = first.chars().count() >= 3
        && first.chars().all(char::is_alphabetic)
        && !first.chars().all(|c| "ivxlcdmIVXLCDM".contains(c));
    if noun {
        capitalize(name)
    } else {
        name.to_string()
    }
}

/// How many times words stand, as whole words, in the text's divisions and parts.
fn occurrences(doc: &Document, words: &str) -> usize {
    let count =
        |a: &crate::model::Alinea| super::apply::find_words(&crate::model::inline_text(&a.inlines), words).len();
    doc.all_divisions().iter().flat_map(|d| d.alineas.iter()).map(count).sum::<usize>()
        + doc.front_alineas().chain(doc.closing_alineas()).map(count).sum::<usize>()
}

/// Builds the avenant document for `cs`, amending the text of `src`.
pub fn build(src: &Source, cs: &ChangeSet, path: &Path) -> Result<Document> {
    let old = assemble(src, &BuildOptions::default())?;
    build_on(src, &old, cs, path)
}

/// Builds the avenant document for `cs`, amending `old`, the assembled text
/// of `src`.
pub fn build_on(src: &Source, old: &Document, cs: &ChangeSet, path: &Path) -> Result<Document> {
    build_amending(&[Amended { src, old, cs, path }])
}

/// One text an avenant amends: its source, its text as it stands before
/// the avenant, and its own change set (read from `path`), whose operations
/// cite that text and whose base is its fingerprint.
pub(crate) struct Amended<'a> {
    pub(crate) src: &'a Source,
    pub(crate) old: &'a Document,
    pub(crate) cs: &'a ChangeSet,
    pub(crate) path: &'a Path,
}

/// Builds one avenant amending several texts — a convention and its cahier
/// des charges, say —, each given with its own change set: the first is the
/// principal text (see `build_amending`).
pub fn build_several(texts: &[(&Source, &ChangeSet, &Path)]) -> Result<Document> {
    let olds = texts.iter().map(|(src, _, _)| assemble(src, &BuildOptions::default())).collect::<Result<Vec<_>>>()?;
    let amended: Vec<Amended> =
        texts.iter().zip(&olds).map(|(&(src, cs, path), old)| Amended { src, old, cs, path }).collect();
    build_amending(&amended)
}

/// The facts of the avenant itself, which the principal change set states:
/// another text's change set may repeat them, never state them otherwise
/// (what it alone said would be lost).
fn check_joined(principal: &Amended, other: &Amended) -> Result<()> {
    let (p, o) = (principal.cs, other.cs);
    let refuse = |msg: String| Error::ChangeSet { path: other.path.to_path_buf(), msg };
    if o.numero != p.numero {
        return Err(refuse(format!(
            "avenant n° {}, but {} is avenant n° {}: the change sets of one avenant bear its number",
            o.numero,
            principal.path.display(),
            p.numero
        )));
    }
    let differs = |set: bool, same: bool| set && !same;
    let fields = [
        ("date", differs(o.date.is_some(), o.date == p.date)),
        ("titre", differs(o.titre.is_some(), o.titre == p.titre)),
        // An objet clausier drafted from one text's changes is no statement.
        ("objet", differs(o.objet.is_some() && !drafted_objet(o), o.objet == p.objet)),
        ("entree_en_vigueur", differs(o.entree_en_vigueur.is_some(), o.entree_en_vigueur == p.entree_en_vigueur)),
        ("frais", differs(o.frais.is_some(), o.frais == p.frais)),
        ("originaux", differs(o.originaux.is_some(), o.originaux == p.originaux)),
        ("auteur", differs(o.auteur.is_some(), o.auteur == p.auteur)),
        ("preambule", differs(!o.preambule.is_empty(), o.preambule == p.preambule)),
        ("motifs", differs(!o.motifs.is_empty(), o.motifs == p.motifs)),
        ("deliberations", !deliberations_agree(o, p)),
        ("signataires", differs(!o.signataires.is_empty(), o.signataires == p.signataires)),
        ("style", differs(o.style != Style::Paris, o.style == p.style)),
    ];
    if let Some((field, _)) = fields.iter().find(|(_, d)| *d) {
        return Err(refuse(format!(
            "{} differs from {}'s: the avenant's own facts come from the first change set, state it there",
            field,
            principal.path.display()
        )));
    }
    Ok(())
}

/// Whether the change set's objet is the one `avenant draft` drafted from
/// its changes (not one a person wrote or set).
fn drafted_objet(cs: &ChangeSet) -> bool {
    cs.provenance.get("objet").is_some_and(|p| p.origine == crate::source::Origine::Redige)
}

/// Whether what `other` says of the deliberations approving the avenant
/// agrees with the principal change set. `avenant draft` writes each
/// party's assembly with no number or date: that much, left as drafted
/// while the principal change set is completed, is no conflict.
fn deliberations_agree(other: &ChangeSet, principal: &ChangeSet) -> bool {
    other.deliberations.iter().all(|d| match principal.deliberations.iter().find(|p| p.partie == d.partie) {
        Some(p) => {
            (d.organe.trim().is_empty() || d.organe == p.organe)
                && (d.numero.is_none() || d.numero == p.numero)
                && (d.date.is_none() || d.date == p.date)
        }
        None => d.numero.is_none() && d.date.is_none(),
    })
}

/// Builds the avenant amending each of `texts` by its change set. The first
/// text is the principal one: the parties, their deliberations and
/// signatories, the date, place, style and number come from it and its
/// change set. When there are several texts, each keeps its own operations
/// and every citation names its text (« l'article 5 du cahier des
/// charges »); the title, the visas, the objet and « Les autres
/// stipulations … » name them all.
fn build_amending(texts: &[Amended]) -> Result<Document> {
    let Some(first) = texts.first() else { return Err(Error::Usage(crate::error::Misuse::NoText)) };
    let (src, cs) = (first.src, first.cs);
    let several = texts.len() > 1;
    let named = check_and_name(texts)?;
    let m = &src.manifest;
    // « la convention … et le cahier des charges … », « à la convention … et
    // au cahier des charges … ».
    let all = |prep: &str| join_and(&named.iter().map(|(n, d)| n.with(prep, d)).collect::<Vec<_>>());
    let (amendments, joined) = amendments_of(texts, &named, cs.style);
    let vigueur = entry_into_force(cs, m);
    let (articles, listed) = match cs.style {
        Style::Paris => {
            let mut articles = vec![objet_article(cs, several, &all(""))];
            articles.extend(amendments.into_iter().flatten());
            articles.extend(closing_articles_paris(&named, &vigueur));
            (articles, texts.iter().map(|_| Vec::new()).collect())
        }
        Style::Etat => (articles_etat(cs, &named, &all(""), &vigueur), amendments),
    };
    let annex = annex_of(listed, joined, &named, cs.style);
    let manifest = Manifest {
        kind: "avenant".into(),
        title: cs.titre.clone().unwrap_or_else(|| format!("Avenant n° {} {}", cs.numero, all("à"))),
        subject: Some(format!("Avenant n° {}", cs.numero)),
        author: m.author.clone().or_else(|| cs.auteur.clone()),
        template: Some(match cs.style {
            Style::Paris => "avenant".into(),
            Style::Etat => "avenant-etat".into(),
        }),
        library: None,
        parties: parties_approving(m, cs),
        signature_order: if super::effect::has_parties(m) { m.signature_order.clone() } else { vec![] },
        nature: Some("l’avenant".into()),
        lieu: cs.lieu.clone(),
        originaux: cs.originaux.or(m.originaux),
        dates: Map::new(),
        variables: frame_variables(texts, &named, &all("à"), &all("")),
        numbering: vec!["Article {1er} –".into()],
        parts: Map::new(),
        sommaire: None,
        outline: outline_of(&articles, &annex, cs.style),
        avenants: vec![],
        intitule: None,
        visas: vec![],
        provenance: Default::default(),
        approbation: None,
        numero: None,
        modifie: None,
    };
    let frame = Source { dir: src.dir.clone(), manifest, clauses: Default::default() };
    let mut doc = assemble(&frame, &BuildOptions::default())?;
    fill_in(&mut doc, &articles, &annex);
    Ok(doc)
}

/// Checks each text against its change set (the text it cites, the
/// parties, the operations), and names each text so that no two are called
/// the same: its nature (« la convention ») and its designation.
fn check_and_name(texts: &[Amended]) -> Result<Vec<(Nature, String)>> {
    let mut named: Vec<(Nature, String)> = Vec::new();
    for (k, t) in texts.iter().enumerate() {
        super::apply::check_base(t.old, t.cs, t.path, t.src, false).map_err(|_| Error::ChangeSet {
            path: t.path.to_path_buf(),
            msg: format!(
                "avenant n° {} cites the text {} (source {}), but {} is {}: its citations would be wrong",
                t.cs.numero,
                t.cs.base.fingerprint,
                t.cs.base.source,
                t.src.dir.display(),
                crate::fingerprint::of(t.old)
            ),
        })?;
        if k == 0 {
            super::check_parties(t.cs, &t.src.manifest, t.path)?;
        } else {
            check_joined(&texts[0], t)?;
        }
        // Check the operations against the text before wording them.
        super::apply::resolve(t.old, t.cs, &super::apply::patterns_of(t.src))
            .map_err(|r| super::apply::refusal(t.path, t.cs, r))?;
        let (nature, designated) = super::naming::designation(&t.src.manifest, t.old);
        // « l'article 5 de la convention » must say which text it is.
        if let Some((j, _)) =
            named.iter().enumerate().find(|(_, (n, _))| n.the().to_lowercase() == nature.the().to_lowercase())
        {
            return Err(Error::ChangeSet {
                path: t.path.to_path_buf(),
                msg: format!("{} and {} are both « {} »: the avenant's citations could not tell them apart; give one of them its own `nature` in its manifest (« {} financière »)", t.src.dir.display(), texts[j].src.dir.display(), nature.the(), nature.the()),
            });
        }
        named.push((nature, designated));
    }
    Ok(named)
}

/// Each text's amendments, worded with its own citations, and the annexes
/// it has rewritten whole, joined to the avenant.
fn amendments_of(
    texts: &[Amended],
    named: &[(Nature, String)],
    style: Style,
) -> (Vec<Vec<Article>>, Vec<Vec<Article>>) {
    let several = texts.len() > 1;
    let mut amendments: Vec<Vec<Article>> = Vec::new();
    let mut joined: Vec<Vec<Article>> = Vec::new();
    for (t, (nature, _)) in texts.iter().zip(named) {
        // An avenant amended is always named: its articles are not the new avenant's.
        let names_text = several || nature.noun.starts_with("avenant");
        let citer = if names_text { Citer::new(t.old).naming(nature.clone()) } else { Citer::new(t.old) };
        let w = Wording { citer: &citer, nature: nature.clone() };
        let units = units(t.cs, t.old);
        amendments.push(units.iter().map(|(u, ops)| unit_text(&w, u, ops, t.old, style)).collect());
        joined.push(joined_annexes(&w, &units));
    }
    (amendments, joined)
}

/// When the avenant enters into force: the change set's date or words,
/// else what the text provides, else at its signature (at its approval by
/// decree, in the État style).
fn entry_into_force(cs: &ChangeSet, m: &Manifest) -> String {
    match &cs.entree_en_vigueur {
        Some(e) => match crate::french::Date::parse(e) {
            Some(d) => format!("le {}", d.long()),
            None => escape(e.trim().trim_end_matches('.'), false),
        },
        None => match super::effect::entry_into_force(m) {
            Some(e) => e,
            None if cs.style == Style::Etat => "dès son approbation par décret".into(),
            None => "à compter de sa signature par l’ensemble des parties".into(),
        },
    }
}

/// Article 1 of the Paris style: the objet.
fn objet_article(cs: &ChangeSet, several: bool, the: &str) -> Article {
    Article {
        title: "Objet".into(),
        // With several texts, an objet drafted from the first text's
        // changes alone would not say the others'.
        alineas: vec![match cs.objet.as_ref().filter(|_| !(several && drafted_objet(cs))) {
            Some(o) => format!("Le présent avenant a pour objet {}.", escape(o.trim().trim_end_matches('.'), false)),
            None => format!("Le présent avenant a pour objet de modifier {}.", escape(the, false)),
        }],
    }
}

/// The last articles of the Paris style: the other stipulations unchanged,
/// the entry into force.
fn closing_articles_paris(named: &[(Nature, String)], vigueur: &str) -> [Article; 2] {
    let of = join_and(&named.iter().map(|(n, _)| n.of()).collect::<Vec<_>>());
    [
        Article {
            title: "Stipulations inchangées".into(),
            alineas: vec![format!("Les autres stipulations {} demeurent inchangées.", of)],
        },
        Article {
            title: "Entrée en vigueur".into(),
            alineas: vec![format!("Le présent avenant entre en vigueur {}.", vigueur)],
        },
    ]
}

/// The three articles of the État style: the texts amended as the annex
/// says, the entry into force, the costs of publication.
fn articles_etat(cs: &ChangeSet, named: &[(Nature, String)], the: &str, vigueur: &str) -> Vec<Article> {
    let frais = match &cs.frais {
        Some(f) => escape(f.trim().trim_end_matches('.'), false),
        None => "…………………".into(),
    };
    // « La convention … et le cahier des charges … sont modifiés ».
    let amended = if named.len() > 1 {
        format!("sont modifié{}s", if named.iter().all(|(n, _)| n.feminine) { "e" } else { "" })
    } else {
        format!("est {}", named[0].0.agree("modifié"))
    };
    let article = |text: String| Article { title: String::new(), alineas: vec![text] };
    vec![
        article(format!(
            "{} {} conformément aux dispositions figurant en annexe au présent avenant.",
            capitalize(&escape(the, false)),
            amended
        )),
        article(format!("Le présent avenant entre en vigueur {}.", vigueur)),
        article(format!("Les frais de publication du présent avenant sont à la charge de {}.", frais)),
    ]
}

/// The annex: what the État style lists, then the annexes joined. With
/// several texts, each text's share comes under a heading naming it.
fn annex_of(
    listed: Vec<Vec<Article>>,
    joined: Vec<Vec<Article>>,
    named: &[(Nature, String)],
    style: Style,
) -> Vec<(Option<String>, Vec<Article>)> {
    if named.len() > 1 {
        return listed
            .into_iter()
            .zip(joined)
            .zip(named)
            .filter(|((l, j), _)| !l.is_empty() || !j.is_empty())
            .map(|((l, j), (n, _))| {
                let heading = match style {
                    Style::Etat => format!("Modifications {}", n.of()),
                    Style::Paris if j.len() > 1 => format!("Annexes {}", n.of()),
                    Style::Paris => format!("Annexe {}", n.of()),
                };
                (Some(heading), l.into_iter().chain(j).collect())
            })
            .collect();
    }
    let entries: Vec<Article> = listed.into_iter().flatten().chain(joined.into_iter().flatten()).collect();
    if entries.is_empty() {
        vec![]
    } else {
        vec![(None, entries)]
    }
}

/// The frame: an outline of articles, assembled from the avenant
/// templates; the articles' alinéas are filled in afterwards.
fn outline_of(articles: &[Article], annex: &[(Option<String>, Vec<Article>)], style: Style) -> Vec<Node> {
    let mut outline: Vec<Node> =
        articles.iter().enumerate().map(|(k, a)| node(format!("article-{}", k + 1), &a.title, true)).collect();
    if annex.is_empty() {
        return outline;
    }
    let title = if style == Style::Etat { "ANNEXE" } else { "ANNEXE AU PRÉSENT AVENANT" };
    let mut a = node("annexe".into(), title, false);
    let mut k = 0;
    for (g, (heading, entries)) in annex.iter().enumerate() {
        let mut nodes = Vec::new();
        for x in entries {
            k += 1;
            nodes.push(node(format!("annexe-{}", k), &x.title, false));
        }
        match heading {
            Some(h) => {
                let mut group = node(format!("annexe-texte-{}", g + 1), h, false);
                group.children = nodes;
                a.children.push(group);
            }
            None => a.children.extend(nodes),
        }
    }
    outline.push(a);
    outline
}

/// The parties, with the deliberations approving this avenant (none for
/// statuts, which their assembly adopts) and its signatories.
fn parties_approving(m: &Manifest, cs: &ChangeSet) -> Vec<Party> {
    m.parties
        .iter()
        .filter(|_| super::effect::has_parties(m))
        .map(|p| {
            let mut p = p.clone();
            // A party that does not deliberate (a minister, a company) has no
            // deliberation line, whatever the change set says.
            p.delibere = Some(p.deliberates());
            if !p.deliberates() {
                p.deliberation = None;
                return p;
            }
            // The deliberation approving this avenant, never the convention's:
            // what the change set does not state prints as a blank.
            p.deliberation = Some(match cs.deliberations.iter().find(|d| d.partie == p.id) {
                Some(d) => Deliberation { organe: d.organe.clone(), numero: d.numero.clone(), date: d.date.clone() },
                None => Deliberation {
                    organe: p.deliberation.as_ref().map(|d| d.organe.clone()).unwrap_or_default(),
                    numero: None,
                    date: None,
                },
            });
            if let Some(s) = cs.signataires.iter().find(|s| s.partie == p.id) {
                p.signataire = crate::source::Signataire {
                    civilite: s.civilite.clone(),
                    qualite: s.qualite.clone(),
                    nom: s.nom.clone(),
                };
            }
            p
        })
        .collect()
}

/// What the avenant templates print besides the articles: its number and
/// rank, the texts it amends (« à la convention … »), one visa per text,
/// the place, date, preamble and opening formula. `a_all` and `the_all`
/// name every text, with « à » and with the article.
fn frame_variables(texts: &[Amended], named: &[(Nature, String)], a_all: &str, the_all: &str) -> Map<String, Value> {
    let (cs, m) = (texts[0].cs, &texts[0].src.manifest);
    let mut variables = Map::new();
    variables.insert("numero".into(), json!(cs.numero));
    variables.insert(
        "rang".into(),
        json!(if cs.numero == 1 { "premier".to_string() } else { crate::french::ordinal_word(cs.numero as usize) }),
    );
    // « À LA CONVENTION … ET AU CAHIER DES CHARGES … ».
    variables.insert("texte".into(), json!({ "a": a_all }));
    // One visa per amended text, with its date (« signée » / « signé »),
    // then the earlier avenants to it (« à cette convention »).
    let visas: Vec<Value> = texts
        .iter()
        .zip(named)
        .map(|(t, (n, d))| {
            let m = &t.src.manifest;
            json!({
                "le": n.with("", d),
                "suite": super::effect::visa(m, n, m.dates.get("signature").and_then(Value::as_str)),
                "signe": n.agree("signé"),
                "ce": n.this(),
                "signee": m.dates.get("signature").cloned().unwrap_or(Value::Bool(false)),
                "avenants": m.avenants.iter().map(|a| json!({ "numero": a.numero, "date": a.date.clone().map_or(Value::Bool(false), Value::String) })).collect::<Vec<_>>(),
            })
        })
        .collect();
    variables.insert("textes".into(), json!(visas));
    variables.insert("lieu".into(), cs.lieu.as_ref().map_or(Value::Bool(false), |l| json!(l)));
    variables.insert("date".into(), cs.date.as_ref().map_or(Value::Bool(false), |d| json!(d)));
    variables.insert("preambule".into(), json!(cs.preambule));
    variables.insert("formule".into(), json!(super::effect::opening(m, &named[0].0, the_all)));
    variables.insert("adopte_par".into(), super::effect::adopted_by(m).map_or(Value::Bool(false), |a| json!(a)));
    variables
}

/// The articles' alinéas, and the annex's, put into the frame assembled.
fn fill_in(doc: &mut Document, articles: &[Article], annex: &[(Option<String>, Vec<Article>)]) {
    let parse = |v: &[String]| -> Vec<crate::model::Alinea> {
        v.iter()
            .flat_map(|md| crate::markdown::parse(md))
            .filter_map(|b| match b {
                crate::markdown::TextBlock::Alinea { alinea, .. } => Some(alinea),
                _ => None,
            })
            .collect()
    };
    for (d, a) in doc.divisions.iter_mut().zip(articles) {
        d.alineas = parse(&a.alineas);
    }
    if let Some(annex_div) = doc.divisions.iter_mut().find(|d| d.id == "annexe") {
        let entries = annex.iter().flat_map(|(_, e)| e);
        let slots = annex_div.children.iter_mut().flat_map(|d| {
            if d.id.starts_with("annexe-texte-") {
                d.children.iter_mut().collect::<Vec<_>>()
            } else {
                vec![d]
            }
        });
        for (d, a) in slots.zip(entries) {
            d.alineas = parse(&a.alineas);
        }
    }
}

/// The annexes a change set rewrites whole, joined to the avenant, each
/// with its text.
fn joined_annexes(w: &Wording, units: &[(Unit, Vec<&Operation>)]) -> Vec<Article> {
    let mut joined: Vec<Article> = Vec::new();
    for (unit, ops) in units {
        for op in ops {
            if let (Unit::Division(id), Operation::ReplaceDivision { text, children, title: retitled, .. }) =
                (unit, *op)
            {
                let c = w.citer.cite(id);
                if super::wording::is_annex(&c) && super::wording::repealed_by(retitled.as_deref(), text).is_none() {
                    let d = w.citer.division(id);
                    // Its heading as the avenant renames it, if it does.
                    let renamed = retitled.as_deref().or_else(|| {
                        ops.iter().find_map(|op| match op {
                            Operation::RenameDivision { title, .. } => Some(title.as_slice()),
                            _ => None,
                        })
                    });
                    // (The frame escapes an article's title: its words, not Markdown.)
                    let heading = match (d, renamed) {
                        (Some(d), Some(t)) => super::wording::heading_line(d.label.as_deref(), t),
                        (d, None) => d
                            .map(|d| crate::model::inline_text(&crate::compare::heading_inlines(d)))
                            .unwrap_or_default(),
                        (None, Some(t)) => crate::model::inline_text(t),
                    };
                    joined.push(Article {
                        title: heading,
                        alineas: w.division_lines(text, children.as_deref().unwrap_or(&[]), d.map_or(1, |d| d.level)),
                    });
                }
            }
        }
    }
    joined
}

fn node(id: String, title: &str, numbered: bool) -> Node {
    Node {
        id,
        title: escape(title, false),
        clause: None,
        numbered,
        label: None,
        toc: None,
        in_toc: None,
        page: None,
        history: vec![],
        after_signatures: false,
        children: vec![],
    }
}
