//! The facts of a convention, read from its own words: its title as
//! written, what the text is (« la convention », « le cahier des charges »…),
//! the parties, their representatives and signatories, the deliberations
//! cited, the visas, the place and date of signature, the number of
//! originals. A fact the text does not state is left empty and reported —
//! never guessed. The text itself is not touched: facts are copies.

use super::parts::{is_visa, opens_block};
use super::pattern::Pattern;
use crate::french::Date;
use crate::model::{inline_text, Alinea, Inline};
use crate::source::{Deliberation, Party, Signataire};
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

fn re(cell: &'static OnceLock<Pattern>, pattern: &str) -> &'static Pattern {
    cell.get_or_init(|| super::detect::compile(pattern))
}

#[derive(Debug, Default, Clone, PartialEq)]
pub(crate) struct Facts {
    /// The title as written, capitals kept.
    pub(crate) title: String,
    /// The title as it reads inside a sentence, when every word's case is
    /// certain (see `intitule`).
    pub(crate) intitule: Option<String>,
    pub(crate) nature: Option<String>,
    pub(crate) parties: Vec<Party>,
    pub(crate) signature_order: Vec<String>,
    pub(crate) lieu: Option<String>,
    /// ISO date of signature.
    pub(crate) signature: Option<String>,
    pub(crate) originaux: Option<u32>,
    pub(crate) visas: Vec<String>,
    /// The text's own number (« 5 » for « AVENANT N°5 », « 94.D.26.0001 »
    /// for « Convention n° 94.D.26.0001 »).
    pub(crate) numero: Option<String>,
    /// What an avenant amends, as its title names it.
    pub(crate) modifie: Option<String>,
}

/// What the facts are read from.
pub(crate) struct Input<'a> {
    pub(crate) title: &'a [Vec<Inline>],
    pub(crate) parties: &'a [Alinea],
    /// The text of every block before the first division, in order.
    pub(crate) front: &'a [String],
    pub(crate) visas: &'a [Alinea],
    pub(crate) closing: &'a [Alinea],
    pub(crate) signatures: &'a [Vec<Vec<Inline>>],
    /// The text of every alinéa, in order (for what the text says of itself).
    pub(crate) body: &'a [String],
}

/// Folds a text for comparison: lower case, no accents, apostrophes and
/// punctuation as spaces.
pub(crate) fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars().flat_map(char::to_lowercase) {
        let c = match crate::french::base_letter(c) {
            c if c.is_alphanumeric() => c,
            _ => ' ',
        };
        if c == ' ' && out.ends_with(' ') {
            continue;
        }
        out.push(c);
    }
    out.trim().to_string()
}

pub(crate) fn extract(input: &Input) -> Facts {
    let raw_title = input
        .title
        .iter()
        .map(|l| inline_text(l).trim().to_string())
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("\n");
    let mut f = Facts { title: super::parties::clean_title(&raw_title), ..Facts::default() };
    // Title lines that name no kind of text (a letterhead stopped by a line
    // « - AQUAPOLE - », a site's page mark): the words before the parties
    // are read when they name one (« AVENANT N° 10 À LA CONVENTION »).
    if f.title.is_empty() || nature(&f.title, &[]).is_none() {
        let zone = super::parties::clean_title(&super::parties::title_zone(input.front));
        if f.title.is_empty() || nature(&zone, &[]).is_some() {
            f.title = zone;
        }
    }
    f.nature = nature(&f.title, input.body);
    f.numero = numero(&f.title).or_else(|| reference_number(&raw_title));
    if f.nature.as_deref() == Some("l’avenant") {
        f.modifie = amended(&f.title);
    }
    let declared: Vec<String> = input.parties.iter().map(|a| inline_text(&a.inlines)).collect();
    let mut parties = super::parties::read(input.front, &declared);
    let blocks: Vec<SignatureInfo> = input.signatures.iter().map(|b| signature_info(b)).collect();
    // Parties named only by their signature blocks (and the title page).
    if parties.is_empty() {
        let mut named: Vec<(usize, Party)> = Vec::new();
        let title = fold(&f.title);
        for (k, b) in blocks.iter().enumerate() {
            let Some(name) = &b.party else { continue };
            let p = Party {
                id: String::new(),
                nom: nom_in_sentence(name),
                representant: String::new(),
                signataire: Signataire::default(),
                deliberation: None,
                genre: None,
                delibere: None,
                designation: None,
                extra: Default::default(),
            };
            let at = title.find(&fold(core(name))).unwrap_or(usize::MAX - blocks.len() + k);
            named.push((at, p));
        }
        named.sort_by_key(|(at, _)| *at);
        parties = named.into_iter().map(|(_, p)| p).collect();
    }
    assign_ids(&mut parties);
    // Each signature block, matched to its party.
    for b in &blocks {
        let Some(k) = match_party(&parties, b) else { continue };
        let p = &mut parties[k];
        if !f.signature_order.contains(&p.id) {
            f.signature_order.push(p.id.clone());
        }
        if p.representant.is_empty() {
            if let Some(r) = &b.representant {
                p.representant = r.clone();
            }
        }
        // The signature block is where the signatory signs: its words win
        // over those of the parties block.
        let s = &mut p.signataire;
        if let Some(n) = &b.nom {
            s.nom = n.clone();
            s.civilite = b.civilite.clone().unwrap_or_default();
        }
        if let Some(q) = &b.qualite {
            s.qualite = q.clone();
        }
    }
    f.visas = input
        .visas
        .iter()
        .map(|a| crate::markdown::fold_spaces(inline_text(&a.inlines).trim()))
        .filter(|t| is_visa(t) && t.to_lowercase().starts_with("vu"))
        .collect();
    // Deliberations cited in the visas, for parties whose own paragraph cites none.
    for v in &super::parties::visa_deliberations(input.front) {
        if let Some(d) = deliberation(v) {
            if let Some(k) = party_of_organe(&parties, &owner(v), &d.organe) {
                if parties[k].deliberation.is_none() {
                    parties[k].deliberation = Some(d);
                }
            }
        }
    }
    f.parties = parties;
    let closing: Vec<String> = input.closing.iter().map(|a| inline_text(&a.inlines)).collect();
    let closing = closing.join(" ");
    f.lieu = lieu(&closing);
    f.signature = french_date(&closing).map(|d| d.iso());
    f.originaux = originaux(&closing);
    f.intitule = intitule(&f.title, &f.parties, input.body);
    f
}

/// Where each fact was read: the file and the line of the first block that
/// writes it (the party's paragraph for what its paragraph says, the
/// signature block for its signatory, the closing for the place, the date
/// and the originals), by the names `check` prints and `facts --set` takes.
/// A fact import did not read has no entry.
pub(crate) fn provenance(
    f: &Facts,
    lines: &[(usize, String)],
    fichier: &str,
) -> std::collections::BTreeMap<String, crate::source::Provenance> {
    use crate::source::{Origine, Provenance};
    // A value a line break of the source cuts is found by its first words;
    // spaces are folded once per line, not once per fact.
    let folded: Vec<(usize, String)> = lines.iter().map(|(l, t)| (*l, crate::markdown::fold_spaces(t))).collect();
    let lines = &folded;
    let at = |needle: &str| -> Option<usize> {
        let n = needle.trim();
        if n.chars().count() < 2 {
            return None;
        }
        let head: String = n.split_whitespace().take(3).collect::<Vec<_>>().join(" ");
        let first = |x: &str| lines.iter().find(|(_, t)| t.contains(x)).map(|(l, _)| *l);
        // A value whose first words a line break cuts: the line holding its
        // first distinctive word (« représentée par son / Président M. … »).
        let across = || {
            let word = n.split_whitespace().find(|w| w.chars().count() > 3)?;
            lines.windows(2).find_map(|w| {
                let joined = format!("{} {}", w[0].1, w[1].1);
                joined.contains(&head).then(|| if w[0].1.contains(word) { w[0].0 } else { w[1].0 })
            })
        };
        first(n).or_else(|| first(&head)).or_else(across)
    };
    let mut out = std::collections::BTreeMap::new();
    let mut put = |name: String, line: Option<usize>| {
        if let Some(l) = line {
            out.insert(name, Provenance { origine: Origine::Lu, fichier: Some(fichier.to_string()), ligne: Some(l) });
        }
    };
    // The title and what it says (nature, number) are read where it begins.
    let title_line = f.title.split_whitespace().take(3).collect::<Vec<_>>().join(" ");
    put("title".into(), at(&title_line));
    if f.numero.is_some() {
        put("numero".into(), at(&title_line));
    }
    for p in &f.parties {
        let pre = format!("parties[{}]", p.id);
        // The name where the party's own paragraph writes it: the last time
        // before its representative (a visa may name it first).
        let own = at(&p.representant);
        let c = core(&p.nom);
        let name = own
            .and_then(|o| lines.iter().rev().find(|(l, t)| *l <= o && t.contains(c)).map(|(l, _)| *l))
            // With no representative to place it: the name as written (its
            // article capitalised at a paragraph's head) before its core
            // alone, which any line may use (« à une association »).
            .or_else(|| at(&p.nom))
            .or_else(|| at(&capitalised(&p.nom)))
            .or_else(|| at(c))
            .or(own);
        let own = own.or(name);
        put(format!("{pre}.nom"), name);
        if p.genre.is_some() {
            put(format!("{pre}.genre"), name);
        }
        if !p.representant.is_empty() {
            put(format!("{pre}.representant"), own);
        }
        if let Some(d) = &p.designation {
            put(format!("{pre}.designation"), at(d).or(own));
        }
        if p.delibere.is_some() {
            put(format!("{pre}.delibere"), own);
        }
        let s = &p.signataire;
        for (k, v) in [("nom", &s.nom), ("qualite", &s.qualite), ("civilite", &s.civilite)] {
            if !v.is_empty() {
                // The signature block's line when it writes the name, else the party's paragraph.
                let line =
                    lines.iter().rev().find(|(_, t)| t.contains(s.nom.as_str()) && !s.nom.is_empty()).map(|(l, _)| *l);
                put(format!("{pre}.signataire.{k}"), line.or(own));
            }
        }
        if let Some(d) = &p.deliberation {
            let line = d.numero.as_deref().and_then(&at).or_else(|| at(&d.organe)).or(own);
            for (k, known) in
                [("organe", !d.organe.is_empty()), ("numero", d.numero.is_some()), ("date", d.date.is_some())]
            {
                if known {
                    put(format!("{pre}.deliberation.{k}"), line);
                }
            }
        }
    }
    let closing = lines.iter().rev().find(|(_, t)| super::parts::is_closing(t)).map(|(l, _)| *l);
    if f.lieu.is_some() {
        put("lieu".into(), closing);
    }
    if f.signature.is_some() {
        put("dates.signature".into(), closing);
    }
    if f.originaux.is_some() {
        let line = lines.iter().rev().find(|(_, t)| t.contains("exemplaires")).map(|(l, _)| *l);
        put("originaux".into(), line.or(closing));
    }
    out
}

/// « l’association » as it opens a paragraph: « L’association ».
fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next().map_or_else(String::new, |f| f.to_uppercase().chain(c).collect())
}

/// What the facts leave empty, in words, for the import's report.
pub(crate) fn missing(f: &Facts) -> Vec<String> {
    let mut out = Vec::new();
    if f.title.is_empty() {
        out.push("the title".to_string());
    }
    if f.nature.is_none() {
        out.push("what the text is (convention, avenant…)".into());
    }
    if f.parties.is_empty() {
        out.push("the parties".into());
    } else {
        // « the signatories », or « the signatory of UPA, CGT » when only some lack one.
        let mut report = |what: &str, whats: &str, lacks: fn(&Party) -> bool| {
            let names: Vec<String> = f.parties.iter().filter(|p| lacks(p)).map(short_name).collect();
            if names.len() == f.parties.len() {
                out.push(format!("the {}", whats));
            } else if !names.is_empty() {
                out.push(format!("the {} of {}", what, names.join(", ")));
            }
        };
        report("representative", "representatives", |p| p.representant.is_empty());
        report("signatory", "signatories", |p| p.signataire.nom.is_empty());
        // A body that acts by no assembly's vote (an association, a company,
        // a minister: its noun says so) lacks no deliberation.
        report("deliberation", "deliberations", |p| {
            p.deliberation.is_none() && (p.deliberates() || crate::party::kind_of(&p.nom).is_none())
        });
        if f.parties.iter().any(|p| p.deliberation.is_some()) {
            report("deliberation number", "deliberation numbers", |p| {
                p.deliberation.as_ref().is_some_and(|d| d.numero.is_none())
            });
            report("deliberation date", "deliberation dates", |p| {
                p.deliberation.as_ref().is_some_and(|d| d.date.is_none())
            });
        }
    }
    if f.lieu.is_none() {
        out.push("the place of signature".into());
    }
    if f.signature.is_none() {
        out.push("the date of signature".into());
    }
    if f.originaux.is_none() {
        out.push("the number of originals".into());
    }
    out
}

/// A party as the report names it: its acronym, or its name without article.
fn short_name(p: &Party) -> String {
    acronym_of(&p.nom).unwrap_or_else(|| core(&p.nom).to_string())
}

/// What the text is, with its article and gender: from the first words of
/// its title (« CONVENTION DE … » → « la convention », « AVENANT N° 6 » →
/// « l'avenant »), else from how it names itself most often (« le présent
/// cahier des charges »).
fn nature(title: &str, body: &[String]) -> Option<String> {
    const NATURES: &[(&str, &str)] = &[
        ("convention cadre", "la convention-cadre"),
        ("convention", "la convention"),
        ("avenant", "l’avenant"),
        ("cahier des charges", "le cahier des charges"),
        ("accord cadre", "l’accord-cadre"),
        ("accord", "l’accord"),
        ("protocole", "le protocole"),
        ("statuts", "les statuts"),
        ("contrat", "le contrat"),
        ("charte", "la charte"),
        ("reglement", "le règlement"),
    ];
    // « CONVENTION DE MANDAT N° 02/1280 … AVENANT N°5 »: the avenant's own
    // line in capitals names what the text is, before the words it amends.
    static AV_LINE: OnceLock<Pattern> = OnceLock::new();
    if re(&AV_LINE, r"(?:^|\s)AVENANT\s*(?:N°|Nº|NO\.?|N\s)?\s*(?:[0-9]+|[IVXLC]+\b)").is_match(title) {
        return Some("l’avenant".into());
    }
    let t = fold(title);
    // « PROJET DE CONVENTION … »: a draft of what follows.
    let t = t.strip_prefix("projet de ").or_else(|| t.strip_prefix("projet d ")).unwrap_or(&t);
    let t = ["la ", "le ", "l ", "les "].iter().find_map(|a| t.strip_prefix(a)).unwrap_or(t);
    // « C ONVENTION MISE A DISPOSITION »: a first letter a PDF set apart
    // from the rest of its word.
    let joined = t.split_once(' ').filter(|(l, _)| l.chars().count() == 1).map(|(l, rest)| format!("{l}{rest}"));
    let t = match &joined {
        Some(j) if NATURES.iter().any(|(w, _)| j.starts_with(w)) => j.as_str(),
        _ => t,
    };
    if let Some((_, n)) =
        NATURES.iter().find(|(w, _)| t.starts_with(w) && t[w.len()..].chars().next().is_none_or(|c| c == ' '))
    {
        return Some(n.to_string());
    }
    // « … CONVENTION DE MANDAT N° 02/1280 … AVENANT N°5 »: the avenant's own line.
    static AV: OnceLock<Pattern> = OnceLock::new();
    if re(&AV, r"(?i)(?:^|\s)avenant\s*(?:n°|nº|no\.?)\s*(?:[0-9]+|[IVXLC]+\b)").is_match(title) {
        return Some("l’avenant".into());
    }
    // « PACTE D’ADMINISTRATION COMMUNE … ( Convention de création d’un
    // service commun … ) »: a name the list does not know, its kind in brackets.
    static BRACKETED: OnceLock<Pattern> = OnceLock::new();
    if let Some(c) = re(&BRACKETED, r"\(\s*(?i:la\s+|le\s+|l['’]\s*)?(\p{L}+)").captures(title) {
        let w = fold(&c[1]);
        if let Some((_, n)) = NATURES.iter().find(|(k, _)| *k == w) {
            return Some(n.to_string());
        }
    }
    // « FOOTBALL CLUB DE ROUEN CONVENTION D’OBJECTIFS PLURIANNUELLE »: a
    // name above the kind, the kind's word in capitals — not the text a
    // title names after an article or « à » (« ANNEXE 2 À LA CONVENTION »).
    static CAPITAL: OnceLock<Pattern> = OnceLock::new();
    let capital = re(&CAPITAL, r"(?:^|\s)(\S+)\s+(CONVENTION|CONTRAT|PROTOCOLE|ACCORD|CHARTE)\b");
    if let Some(c) = capital.captures(title) {
        let before = fold(&c[1]);
        let w = fold(&c[2]);
        let linked = ["la", "le", "l", "a", "au", "aux", "de", "du", "des", "d", "une", "un", "cette"];
        if !linked.contains(&before.rsplit(' ').next().unwrap_or("")) {
            if let Some((_, n)) = NATURES.iter().find(|(k, _)| *k == w) {
                return Some(n.to_string());
            }
        }
    }
    static R: OnceLock<Pattern> = OnceLock::new();
    let r = re(
        &R,
        r"(?i)(?:^|\s)(?:le |la |les )?présente?s? (convention-cadre|convention|avenant|cahier des charges|accord-cadre|accord|protocole|statuts|contrat|charte|règlement)(?:[\s,.;:)]|$)",
    );
    let mut counts: HashMap<String, usize> = HashMap::new();
    for t in body {
        for c in r.captures_iter(t) {
            *counts.entry(fold(&c[1])).or_default() += 1;
        }
    }
    let best = counts.into_iter().max_by_key(|(w, n)| (*n, std::cmp::Reverse(w.clone())))?;
    // Once is no evidence of an avenant: a convention may say « le présent
    // avenant » in a clause about its amendments, or quote an avenant's words.
    if best.0 == "avenant" && best.1 < 2 {
        return None;
    }
    NATURES.iter().find(|(w, _)| *w == best.0).map(|(_, n)| n.to_string())
}

/// A name as it reads inside a sentence: its leading article in lower case
/// (« La Ville de Paris » → « la Ville de Paris »). Nothing else changes.
fn nom_in_sentence(name: &str) -> String {
    let t = name.trim();
    for art in ["Le ", "La ", "Les ", "L'", "L’", "LE ", "LA ", "LES "] {
        if let Some(rest) = t.strip_prefix(art) {
            // An all-capitals name keeps its capitals (« LA VILLE DE PARIS »).
            if art.chars().nth(1).is_some_and(char::is_uppercase)
                && rest.chars().filter(|c| c.is_alphabetic()).all(char::is_uppercase)
            {
                return t.to_string();
            }
            return format!("{}{}", art.to_lowercase(), rest);
        }
    }
    t.to_string()
}

/// The distinctive part of a name: no leading article, no acronym in
/// parentheses (« l'Union nationale des caisses d'assurance maladie (UNCAM) »
/// → « Union nationale des caisses d'assurance maladie »).
fn core(name: &str) -> &str {
    let t = name.trim();
    let t = ["le ", "la ", "les ", "l'", "l’", "Le ", "La ", "Les ", "L'", "L’", "LE ", "LA ", "LES "]
        .iter()
        .find_map(|a| t.strip_prefix(a))
        .unwrap_or(t);
    match t.find(" (") {
        Some(k) if t.ends_with(')') => &t[..k],
        _ => t,
    }
}

/// « (UNCAM) » at the end of a name.
fn acronym_of(name: &str) -> Option<String> {
    let t = name.trim();
    let open = t.rfind('(')?;
    let inner = t[open + 1..].strip_suffix(')')?;
    (inner.chars().any(char::is_alphabetic)
        && inner.chars().filter(|c| c.is_alphabetic()).all(char::is_uppercase)
        && inner.len() <= 12)
        .then(|| inner.to_string())
}

fn assign_ids(parties: &mut [Party]) {
    let mut used: HashMap<String, usize> = HashMap::new();
    for p in parties.iter_mut() {
        let base = match acronym_of(&p.nom) {
            Some(a) => super::number_slug(&a),
            None => super::slug(core(&p.nom), 4),
        };
        let n = used.entry(base.clone()).or_insert(0);
        *n += 1;
        p.id = if *n == 1 { base } else { format!("{}-{}", base, n) };
    }
}

fn clean_end(s: &str) -> String {
    s.trim().trim_end_matches([',', ';', '.', ':', ' ']).trim().to_string()
}

/// A blank left to fill in: « ………… », « --- », « xx/xx/xxxx », « XXXXXXX »,
/// « n », or nothing.
pub(crate) fn is_blank(t: &str) -> bool {
    let t = t.trim();
    let letters: String = t.chars().filter(|c| c.is_alphanumeric()).collect();
    letters.is_empty()
        || t.contains("…")
        || t.contains("...")
        || t.contains("__")
        || letters.chars().all(|c| c == 'x' || c == 'X')
        || letters.eq_ignore_ascii_case("n")
}

/// A deliberation cited: « délibération n° 2019 DAE 23 du Conseil de Paris
/// en date du 8 juillet 2019 », « agissant en vertu d'une délibération du
/// 12 mars 2024 », « délibération de la Commission Permanente … n°2019.1230.CP
/// en date du 8 juillet 2019 ». A blank (« n° ………… du ………… ») is no number
/// and no date.
pub(crate) fn deliberation(t: &str) -> Option<Deliberation> {
    let lower = t.to_lowercase();
    let at = lower.find("délibération").or_else(|| lower.find("deliberation"))?;
    let rest = &t[at + "délibération".len().min(t.len() - at)..];
    // The words of this deliberation only: up to the next one.
    let rest = match rest.to_lowercase().find("délibération") {
        Some(k) => &rest[..k],
        None => rest,
    };
    let rest = &rest[..rest.char_indices().nth(300).map_or(rest.len(), |(k, _)| k)];
    static NUM: OnceLock<Pattern> = OnceLock::new();
    let num = re(
        &NUM,
        r"(?:^|\s)(?:n°s?|N°|nº|no\.?\s)\s*([^\s,;]+(?:\s+[A-Z0-9][A-Z0-9/.\-]*)*?)(?:\s+(?:du|de la|de l['’]|des|en date|accordant|approuvant|portant)\b|[,;]|\s*$)",
    );
    let numero = num
        .captures(rest)
        .map(|c| c[1].trim().trim_end_matches(['.', ',']).to_string())
        .filter(|s| !is_blank(s) && s.chars().any(|c| c.is_ascii_digit()) && !masked(s));
    static ORG: OnceLock<Pattern> = OnceLock::new();
    let org = re(
        &ORG,
        r"(?:^|\s)(?:(?:du|de la|de son|de sa)\s+|de l['’]\s*)((?:[Cc]onseil du territoire|[Cc]onseil|[Cc]ommission|[Bb]ureau|[Aa]ssemblée|[Cc]omité)[^,;]*?)(?:\s+(?:en date|du (?-i:[^A-Z])|du\s+(?i:d[ée]sign|d[ée]nomm)|ci-?\s*apr|«|des [0-9]+|le [0-9]+|lors|n°|N°|accordant|approuvant|portant|autorisant)|[,;.]|$)",
    );
    let mended = mended_organ_words(rest);
    let mut organe = org.captures(&mended).map(|c| c[1].trim().to_string()).unwrap_or_default();
    // « de la Commission permanente du conseil général »: a commission or a
    // bureau named with the council it is part of, in lower case too.
    static OF_COUNCIL: OnceLock<Pattern> = OnceLock::new();
    let of_council = re(
        &OF_COUNCIL,
        r"^\s+(du\s+conseil\s+(?:général|départemental|régional|municipal|communautaire|métropolitain))\b",
    );
    if let Some(c) = org.captures(&mended).and_then(|c| c.get(1)).and_then(|m| of_council.captures(&mended[m.end()..]))
    {
        if !organe.to_lowercase().contains("conseil") {
            organe = format!("{organe} {}", &c[1]);
        }
    }
    // « en vertu des pouvoirs qui lui ont été conférés par le Conseil
    // Municipal, par une délibération en date du, »: the organ just before.
    static ORG_BEFORE: OnceLock<Pattern> = OnceLock::new();
    let before = re(
        &ORG_BEFORE,
        r"(?:par|du|de)\s+(?:le|la|l['’])\s*((?:[Cc]onseil|[Cc]ommission|[Bb]ureau|[Aa]ssemblée|[Cc]omité)[^,;]{0,80}?)\s*,\s*(?:par\s+)?(?:une\s+|la\s+)?$",
    );
    if organe.is_empty() {
        if let Some(c) = before.captures(&t[..at]) {
            organe = c[1].trim().to_string();
        }
    }
    let date = french_date(rest).map(|d| d.iso());
    if numero.is_none() && organe.is_empty() && date.is_none() {
        return None;
    }
    Some(Deliberation { organe, numero, date })
}

/// « n° 2015-XXXX »: a number whose digits a model left as letters X (four
/// or more: no Roman numeral is written so) is a blank, not a number.
fn masked(numero: &str) -> bool {
    numero.contains("XXXX") || numero.contains("xxxx")
}

/// The words naming an organ, mended where a PDF's extraction split one
/// with a space (« de la Commi ssion permanente du conseil général »): read
/// as split, the organ would be the « conseil général » after it, another one.
fn mended_organ_words(t: &str) -> Cow<'_, str> {
    const WORDS: [&str; 5] = ["Commission", "Conseil", "Bureau", "Assemblée", "Comité"];
    let mut out = Cow::Borrowed(t);
    for w in WORDS {
        for (k, _) in w.char_indices().skip(2) {
            for word in [w.to_string(), w.to_lowercase()] {
                let split = format!("{} {}", &word[..k], &word[k..]);
                // Only a split whose second half begins a word: « Commi ssion ».
                let spaced = format!(" {split}");
                if out.contains(&spaced) || out.starts_with(&split) {
                    out = Cow::Owned(out.replace(&split, &word));
                }
            }
        }
    }
    out
}

/// Who took the deliberation a visa cites: the words between « délibération »
/// (and its number) and its date (« de la Communauté de communes du
/// Thouarsais »).
fn owner(visa: &str) -> String {
    let lower = visa.to_lowercase();
    let Some(at) = lower.find("délibération") else { return String::new() };
    let rest = &visa[at + "délibération".len()..];
    static END: OnceLock<Pattern> = OnceLock::new();
    let end = re(
        &END,
        r"(?i)\s(?:en date|du [0-9]|des [0-9]|le [0-9]|n°|approuvant|accordant|portant|autorisant|s['’]engageant)|[,;]",
    );
    let stop = end.find(rest).map_or(rest.len(), |m| m.start());
    rest[..stop].to_string()
}

/// The party a deliberation cited in a visa belongs to: the one a
/// distinctive word of whose name the deliberation's author names (« de la
/// Ville de Thouars »), else the one whose assembly took it (« du conseil
/// communautaire » → the communauté), when only one party has that assembly.
fn party_of_organe(parties: &[Party], owner: &str, organe: &str) -> Option<usize> {
    let v = fold(owner);
    const GENERIC: &[&str] = &[
        "ville",
        "commune",
        "departement",
        "region",
        "conseil",
        "communaute",
        "communes",
        "agglomeration",
        "metropole",
        "syndicat",
        "union",
        "nationale",
        "national",
        "caisse",
        "caisses",
        "commission",
        "permanente",
    ];
    let by_name = parties.iter().position(|p| {
        fold(core(&p.nom))
            .split(' ')
            .filter(|w| w.len() >= 4 && !GENERIC.contains(w))
            .any(|w| v.split(' ').any(|x| x == w))
    });
    if by_name.is_some() {
        return by_name;
    }
    let organe = fold(organe);
    if organe.is_empty() {
        return None;
    }
    let same: Vec<usize> = (0..parties.len())
        .filter(|&k| crate::party::kind_of(&parties[k].nom).and_then(|b| b.assembly).is_some_and(|a| fold(a) == organe))
        .collect();
    (same.len() == 1).then(|| same[0])
}

/// What an avenant amends, from its title: the words after « AVENANT N° 1 À »
/// (« la convention n°15/1077 relative à … »), or, when the avenant's line
/// comes after the amended text's (« CONVENTION DE MANDAT N° 02/1280 RELATIVE
/// À … AVENANT N°5 »), the words before it, from the name of a text.
fn amended(title: &str) -> Option<String> {
    static AFTER: OnceLock<Pattern> = OnceLock::new();
    let after = re(
        &AFTER,
        r"(?i)^(?:projet\s+)?avenant\b(?:\s*(?:n°|nº|no\.?|n\s)?\s*(?:[0-9]+|[IVXLC]+\b))?(?:\s+d['’ ]\s*\w+)?\s+(?:à|a|au|aux)\s+(.+)$",
    );
    if let Some(c) = after.captures(title) {
        let t = c[1].trim().to_string();
        return Some(t);
    }
    static KIND: OnceLock<Pattern> = OnceLock::new();
    let kind = re(&KIND, r"(?i)\b(?:convention|contrat|accord|protocole|concession|cahier des charges)\b");
    // « Avenant n°1 COMMUNE D’EGUILLES CONTRAT DE CONCESSION DU SERVICE
    // PUBLIC … »: no « au »; the name of a text after the avenant's number.
    static NUMBERED: OnceLock<Pattern> = OnceLock::new();
    let numbered = re(&NUMBERED, r"(?i)^(?:projet\s+)?avenant\s*(?:n°|nº|no\.?|n\s)\s*(?:[0-9]+|[IVXLC]+\b)\s+(.+)$");
    if let Some(c) = numbered.captures(title) {
        let rest = c.get(1).map_or("", |m| m.as_str());
        if let Some(k) = kind.find(rest) {
            return Some(rest[k.start()..].trim().to_string());
        }
    }
    static BEFORE: OnceLock<Pattern> = OnceLock::new();
    let before = re(&BEFORE, r"(?i)(?:^|\s)avenant\s*(?:n°|nº|no\.?)\s*(?:[0-9]+|[IVXLC]+\b)");
    let at = before.find(title)?.start();
    let head = &title[..at];
    let from = kind.find(head)?.start();
    let t = head[from..].trim();
    (!t.is_empty()).then(|| t.to_string())
}

/// The text's own number, from its title: « AVENANT N°5 » → « 5 »,
/// « Convention n° 94.D.26.0001 » → « 94.D.26.0001 ».
fn numero(title: &str) -> Option<String> {
    static AV: OnceLock<Pattern> = OnceLock::new();
    // « AVENANT N 7 »: an export that lost the « ° ».
    let av = re(&AV, r"(?i)\bavenant\s*(?:n°|nº|no\.?|numéro|n\s)?\s*([0-9]+|[IVXLC]+\b)");
    if let Some(c) = av.captures(title) {
        return Some(c[1].to_string());
    }
    static CONV: OnceLock<Pattern> = OnceLock::new();
    let conv = re(
        &CONV,
        r"(?i)^(?:convention|contrat|accord|protocole)\b[^,]{0,40}?\s(?:n°|nº)\s*((?-i:[\w./\-]*[0-9][\w./\-]*))",
    );
    conv.captures(title).map(|c| c[1].trim_end_matches('.').to_string()).filter(|n| !is_blank(n))
}

/// The number a reference line under the title gives the text (« N°
/// 2017-AMU-080 Accord- cadre numéro …… »): a year or a count, a dash, a code
/// ending in a digit — not a file's « N°11-Dossier … ».
fn reference_number(title: &str) -> Option<String> {
    static REF: OnceLock<Pattern> = OnceLock::new();
    let r = re(&REF, r"(?:^|\n)\s*(?:N°|n°|Nº)\s*([0-9]{2,4}\s*-\s*\p{Lu}[\p{Lu}0-9\-/]*[0-9])(?:\s|$)");
    r.captures(title).map(|c| c[1].to_string())
}

#[derive(Debug, Default)]
struct SignatureInfo {
    party: Option<String>,
    representant: Option<String>,
    civilite: Option<String>,
    qualite: Option<String>,
    nom: Option<String>,
    /// All the block's words, folded, to match its party.
    all: String,
}

fn function_line(t: &str) -> bool {
    static R: OnceLock<Pattern> = OnceLock::new();
    re(&R, r"^(?:Le|La|Les|L['’]|LE|LA|LES)\s*(?i:(?:vice-)?présidente?|directeur|directrice|ministre|maire|préfète?|secrétaire|déléguée?|gérante?|trésorière?|adjointe?|conseillère?|chef|représentante?|administrat(?:eur|rice)|rect(?:eur|rice)|commissaire|garde des sceaux)\b").is_match(t.trim())
}

/// Reads a signature block: the party (« Pour … », or a line naming it),
/// « Représentée par Madame la Maire », the function (« Le président, »)
/// and the signatory's name (its last line).
fn signature_info(lines: &[Vec<Inline>]) -> SignatureInfo {
    let mut text: Vec<String> = Vec::new();
    for l in lines {
        let t = crate::markdown::fold_spaces(inline_text(l).trim());
        if super::parts::is_lu_et_approuve(&t) {
            continue;
        }
        // « Le président du conseil général, C. Belot »: the office, then the name.
        match t.rsplit_once(", ") {
            Some((office, name)) if function_line(office) && civilite_of(name).1.split_whitespace().count() >= 2 => {
                text.push(format!("{},", office));
                text.push(name.to_string());
            }
            _ => text.push(t),
        }
    }
    let mut s = SignatureInfo { all: fold(&text.join(" ")), ..Default::default() };
    let mut k = 0;
    let n = text.len();
    if n == 1 && !text[0].contains(' ') {
        s.party = Some(clean_end(&text[0]));
        return s;
    }
    // The party: « Pour X » running to a line ending with « : » or « , ».
    if k < n && (text[k].starts_with("Pour ") || text[k].starts_with("POUR ")) {
        let mut name = text[k][5..].to_string();
        while !name.trim_end().ends_with([':', ',']) && k + 1 < n && text[k + 1].starts_with(char::is_lowercase) {
            k += 1;
            name.push(' ');
            name.push_str(&text[k]);
        }
        s.party = Some(clean_end(&name));
        k += 1;
    } else if k < n && opens_block(&text[k]) && !function_line(&text[k]) {
        s.party = Some(clean_end(&text[k]));
        k += 1;
    }
    // The name: the last line, when it is not a function or a party.
    let mut end = n;
    if n > k {
        let last = &text[n - 1];
        let not_a_name = last.ends_with([':', ','])
            || function_line(last)
            || last.to_lowercase().starts_with("représenté")
            || (n - 1 == k && s.party.is_none() && opens_block(last));
        if !not_a_name {
            let (civ, nom) = civilite_of(last);
            s.civilite = civ;
            s.nom = Some(nom);
            end = n - 1;
        }
    }
    while k < end {
        let t = &text[k];
        if t.to_lowercase().starts_with("représenté") {
            let r = t.split_once(" par ").map(|(_, r)| clean_end(r)).unwrap_or_default();
            if r.starts_with("Madame") || r.starts_with("Monsieur") {
                s.civilite.get_or_insert_with(|| r.clone());
            }
            s.representant = Some(r);
            k += 1;
        } else if function_line(t) {
            let mut q = t.clone();
            while !q.ends_with(',') && k + 1 < end && text[k + 1].starts_with(char::is_lowercase) {
                k += 1;
                q.push(' ');
                q.push_str(&text[k]);
            }
            s.qualite = Some(clean_end(&q));
            k += 1;
        } else {
            k += 1;
        }
    }
    s
}

/// « M. Frédéric van Roekeghem » → (« M. », « Frédéric van Roekeghem »).
fn civilite_of(name: &str) -> (Option<String>, String) {
    for c in ["Monsieur ", "Madame ", "M. ", "Mme ", "Mlle "] {
        if let Some(rest) = name.strip_prefix(c) {
            return (Some(c.trim().to_string()), clean_end(rest));
        }
    }
    (None, clean_end(name))
}

/// The party a signature block is for: the one whose name (or acronym)
/// the block names; the longest such name when several do.
fn match_party(parties: &[Party], b: &SignatureInfo) -> Option<usize> {
    let mut best: Option<(usize, usize)> = None;
    for (k, p) in parties.iter().enumerate() {
        let c = fold(core(&p.nom));
        if c.is_empty() {
            continue;
        }
        let named = b.party.as_ref().map(|x| fold(core(x)));
        let hit = b.all.split(' ').collect::<Vec<_>>().windows(c.split(' ').count()).any(|w| w.join(" ") == c)
            || named.as_ref().is_some_and(|n| !n.is_empty() && (n == &c || c.contains(n.as_str())))
            || acronym_of(&p.nom).is_some_and(|a| {
                b.party.as_ref().is_some_and(|x| x.trim() == a) || b.all.split(' ').any(|w| w == fold(&a))
            });
        if hit && best.is_none_or(|(_, len)| c.len() > len) {
            best = Some((k, c.len()));
        }
    }
    best.map(|(k, _)| k)
}

/// « Fait à Paris, le … » → « Paris ».
fn lieu(closing: &str) -> Option<String> {
    static R: OnceLock<Pattern> = OnceLock::new();
    let r = re(&R, r"(?i)(?:^|\s)(?:fait\s+)?(?:à|a)\s+([A-ZÀ-Ý](?-i:[\w'’ -]*?))\s*(?:,|\s+le\b|\s+en\b|\.|$)");
    let c = r.captures(closing)?;
    let l = c[1].trim();
    (!l.is_empty() && !l.chars().all(|ch| ch == '.' || ch == '…')).then(|| l.to_string())
}

/// The number of exemplaires originaux: « en 4 exemplaires », « en quatre
/// exemplaires originaux ».
fn originaux(closing: &str) -> Option<u32> {
    static R: OnceLock<Pattern> = OnceLock::new();
    let r = re(&R, r"(?i)\ben\s+((?-i:\S+))\s+exemplaires\b");
    let w = r.captures(closing)?[1].to_lowercase();
    if let Ok(n) = w.parse() {
        return Some(n);
    }
    const WORDS: [&str; 20] = [
        "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix", "onze", "douze", "treize",
        "quatorze", "quinze", "seize", "dix-sept", "dix-huit", "dix-neuf", "vingt",
    ];
    WORDS.iter().position(|x| *x == w).map(|k| k as u32 + 1)
}

/// The first date written in words or figures: « 19 février 2009 »,
/// « 1er avril 2024 », « 12/03/2024 ».
fn french_date(t: &str) -> Option<Date> {
    static R: OnceLock<Pattern> = OnceLock::new();
    let r = re(
        &R,
        r"(?i)\b([0-9]{1,2})(?:er)?\s+(janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|novembre|décembre|decembre)\s+([0-9]{4})\b|\b([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})\b",
    );
    for c in r.captures_iter(t) {
        let (d, m, y) = if let Some(d) = c.get(1) {
            let month = match fold(&c[2]).as_str() {
                "janvier" => 1,
                "fevrier" => 2,
                "mars" => 3,
                "avril" => 4,
                "mai" => 5,
                "juin" => 6,
                "juillet" => 7,
                "aout" => 8,
                "septembre" => 9,
                "octobre" => 10,
                "novembre" => 11,
                _ => 12,
            };
            (d.as_str().to_string(), month, c[3].to_string())
        } else {
            (c[4].to_string(), c[5].parse().unwrap_or(0), c[6].to_string())
        };
        if let Some(date) = Date::parse(&format!("{}-{:02}-{:0>2}", y, m, d)) {
            return Some(date);
        }
    }
    None
}

/// The title as it reads inside a sentence, when that is certain: each word
/// written in capitals takes the case the text gives it elsewhere — a
/// party's name as the text writes it (« LA VILLE DE PARIS » → « la Ville
/// de Paris »), a word the text writes only in lower case inside its
/// sentences (« COOPERATION » → « coopération »), a proper noun only with
/// its capital (« IVRY-SUR-SEINE » → « Ivry-sur-Seine »). One word the text
/// does not settle, and there is no such form: it is never guessed.
fn intitule(title: &str, parties: &[Party], body: &[String]) -> Option<String> {
    if title.is_empty() {
        return None;
    }
    let caps = |w: &str| {
        let letters: Vec<char> = w.chars().filter(|c| c.is_alphabetic()).collect();
        !letters.is_empty() && letters.iter().all(|c| c.is_uppercase())
    };
    if !title.split_whitespace().any(caps) {
        // Written in lower case already: only its first letter changes.
        return Some(crate::french::decapitalize(title));
    }
    // The lengths of the title's words: only body words of those lengths
    // need folding.
    let lengths: HashSet<usize> =
        title.split(|c: char| !(c.is_alphanumeric() || c == '-')).map(|w| w.chars().count()).collect();
    // How the text writes each word inside its sentences: its lower-case
    // forms (several when accents differ: « a », « à »), its capitalised one.
    let mut seen: HashMap<String, (Vec<String>, Option<String>)> = HashMap::new();
    for t in body {
        let mut sentence_start = true;
        for w in t.split_inclusive(|c: char| c.is_whitespace() || c == '\'' || c == '’' || c == '(' || c == '«') {
            let word = w.trim_matches(|c: char| !(c.is_alphanumeric() || c == '-'));
            if !word.is_empty() && lengths.contains(&word.chars().count()) && word.chars().any(char::is_alphabetic) {
                let key = fold(word).to_uppercase();
                let e = seen.entry(key).or_default();
                let lower = word.chars().filter(|c| c.is_alphabetic()).all(char::is_lowercase);
                let capital = word.chars().next().is_some_and(char::is_uppercase)
                    && word.chars().skip(1).filter(|c| c.is_alphabetic()).any(char::is_lowercase);
                if lower {
                    if !e.0.iter().any(|w| w == word) {
                        e.0.push(word.to_string());
                    }
                } else if capital && !sentence_start {
                    e.1.get_or_insert_with(|| word.to_string());
                }
            }
            let end = w.trim_end();
            sentence_start =
                end.ends_with(['.', ':', '!', '?', ';']) && !end.ends_with("M.") || (word.is_empty() && sentence_start);
        }
    }
    // The parties' names, as the text writes them, replace their capitals.
    let mut t = title.to_string();
    for p in parties {
        let c = core(&p.nom);
        if c.chars().filter(|ch| ch.is_alphabetic()).all(char::is_uppercase) {
            continue;
        }
        let upper = crate::french::upper(c);
        if let Some(at) = t.find(&upper) {
            t.replace_range(at..at + upper.len(), c);
        }
    }
    let mut out = String::with_capacity(t.len());
    for w in t.split_inclusive(|c: char| c.is_whitespace() || c == '\'' || c == '’') {
        let core_len = w.trim_end_matches(|c: char| c.is_whitespace() || c == '\'' || c == '’').len();
        let (word, sep) = w.split_at(core_len);
        let letters: Vec<char> = word.chars().filter(|c| c.is_alphabetic()).collect();
        let all_caps = !letters.is_empty() && letters.iter().all(|c| c.is_uppercase());
        if !all_caps {
            out.push_str(word);
        } else {
            let inner = word.trim_matches(|c: char| !(c.is_alphanumeric() || c == '-'));
            let (pre, post) = word.split_at(word.find(inner).unwrap_or(0));
            let post = &post[inner.len()..];
            let key = fold(inner).to_uppercase();
            let exact = inner.to_lowercase();
            let form = match seen.get(&key) {
                // Written in lower case inside a sentence: a common word. A
                // capital with its accent (« À ») says which form; without
                // (« COOPERATION »), the text must know only one.
                Some((l, _)) if l.contains(&exact) => exact,
                Some((l, _)) if l.len() == 1 && exact == fold(&exact) => l[0].clone(),
                Some((l, Some(c))) if l.is_empty() => c.clone(),
                // « N° »: the text writes « n° ».
                _ if key == "N" && post.starts_with('°') => "n".into(),
                _ => return None,
            };
            out.push_str(pre);
            out.push_str(&form);
            out.push_str(post);
        }
        out.push_str(sep);
    }
    let out = out.trim().to_string();
    Some(crate::french::decapitalize(&out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_places() {
        assert_eq!(french_date("Fait à Paris, le 1er avril 2024.").map(|d| d.iso()), Some("2024-04-01".into()));
        assert_eq!(french_date("le 31 février 2024"), None);
        assert_eq!(lieu("Fait à Paris, 26 juillet 2011."), Some("Paris".into()));
        assert_eq!(lieu("Fait à Vitry-sur-Seine, le 1er avril 2024"), Some("Vitry-sur-Seine".into()));
        assert_eq!(lieu("A CRETEIL, le"), Some("CRETEIL".into()));
        assert_eq!(lieu("Fait à …, le …"), None);
        assert_eq!(originaux("Convention-cadre établie en 4 exemplaires originaux."), Some(4));
        assert_eq!(originaux("Fait en deux exemplaires."), Some(2));
    }

    #[test]
    fn the_title_keeps_its_proper_nouns() {
        let body = vec!["La Ville de Paris et la Ville d'Ivry-sur-Seine engagent une coopération entre les deux villes et la convention le dit.".to_string()];
        let parties = vec![Party {
            id: "p".into(),
            nom: "la Ville de Paris".into(),
            representant: String::new(),
            signataire: Default::default(),
            deliberation: None,
            genre: None,
            delibere: None,
            designation: None,
            extra: Default::default(),
        }];
        let t =
            intitule("CONVENTION DE COOPERATION ENTRE LA VILLE DE PARIS ET LA VILLE D'IVRY-SUR-SEINE", &parties, &body);
        assert_eq!(
            t.as_deref(),
            Some("convention de coopération entre la Ville de Paris et la Ville d'Ivry-sur-Seine")
        );
        // A word the text never writes otherwise: no sentence form.
        assert_eq!(intitule("CONVENTION DE JUMELAGE", &parties, &body), None);
    }

    #[test]
    fn only_bodies_that_vote_lack_a_deliberation() {
        let party = |nom: &str, voted: bool| Party {
            id: nom.into(),
            nom: nom.into(),
            representant: "x".into(),
            signataire: Signataire { nom: "X".into(), ..Default::default() },
            deliberation: voted.then(Default::default),
            genre: None,
            delibere: None,
            designation: None,
            extra: Default::default(),
        };
        let said = |parties: Vec<Party>| {
            let f = Facts { title: "T".into(), nature: Some("la convention".into()), parties, ..Default::default() };
            missing(&f).join(", ")
        };
        // An association acts by no vote; a commune and a body of unknown kind may.
        assert!(!said(vec![party("la Commune de Montreuil", true), party("l'association X", false)])
            .contains("deliberation of"));
        assert!(said(vec![party("la Commune de Montreuil", true), party("la Commune de Bagnolet", false)])
            .contains("the deliberation of"));
        assert!(said(vec![party("la Commune de Montreuil", true), party("le GIP RECIA", false)])
            .contains("the deliberation of"));
    }

    #[test]
    fn natures() {
        assert_eq!(nature("AVENANT N° 8", &[]), Some("l’avenant".into()));
        assert_eq!(nature("CONVENTION-CADRE DE COOPÉRATION", &[]), Some("la convention-cadre".into()));
        // A first letter set apart: « C ONVENTION », « A VENANT »; not « A LA CONVENTION ».
        assert_eq!(nature("C ONVENTION MISE A DISPOSITION MINIBUS", &[]), Some("la convention".into()));
        assert_eq!(nature("A VENANT N°2", &[]), Some("l’avenant".into()));
        assert_ne!(nature("A LA CONVENTION", &[]), Some("la convention".into()));
        assert_eq!(
            nature("", &["Le présent cahier des charges s'applique.".into()]),
            Some("le cahier des charges".into())
        );
        assert_eq!(nature("DEVIS TYPE", &[]), None);
        // A name the list does not know, its kind in brackets.
        assert_eq!(
            nature("PACTE D’ADMINISTRATION COMMUNE ( Convention de création d’un service commun )", &[]),
            Some("la convention".into())
        );
        assert_eq!(nature("SCHEMA DE MUTUALISATION (RAPPORT)", &[]), None);
        // A name above the kind, its word in capitals; not a text named after « À LA ».
        assert_eq!(nature("FOOTBALL CLUB DE ROUEN CONVENTION D’OBJECTIFS", &[]), Some("la convention".into()));
        assert_eq!(nature("ANNEXE 2 À LA CONVENTION DE PARTENARIAT", &[]), None);
        assert_eq!(nature("ANNEXE 2 DE LA CONVENTION", &[]), None);
        // A long title the list does not know, and « le présent avenant » once.
        let body = ["Toute modification fera l'objet d'un avenant ; le présent avenant type est annexé.".to_string()];
        assert_eq!(
            nature("PROGRAMME DE RÉNOVATION URBAINE DU QUARTIER DES HAUTS-DE-ROUEN ET DE SES ABORDS", &body),
            None
        );
        let twice = [body[0].clone(), "Le présent avenant entre en vigueur à sa signature.".to_string()];
        assert_eq!(nature("", &twice), Some("l’avenant".into()));
    }

    #[test]
    fn deliberations() {
        let d =
            deliberation("La Commune, représentée par son Maire, agissant en vertu d'une délibération du 12 mars 2024")
                .unwrap();
        assert_eq!((d.organe.as_str(), d.numero, d.date.as_deref()), ("", None, Some("2024-03-12")));
        let d =
            deliberation("Vu la délibération n° 2019 DAE 23 du Conseil de Paris en date du 8 juillet 2019").unwrap();
        assert_eq!(
            (d.organe.as_str(), d.numero.as_deref(), d.date.as_deref()),
            ("Conseil de Paris", Some("2019 DAE 23"), Some("2019-07-08"))
        );
    }

    /// A reference line under the title gives the number; a file's
    /// reference does not.
    #[test]
    fn a_reference_line_numbers_the_text() {
        assert_eq!(
            reference_number("CONVENTION CADRE\nN° 2017-AMU-080 Accord- cadre numéro ……"),
            Some("2017-AMU-080".into())
        );
        assert_eq!(reference_number("CONVENTION\nN°11-Dossier 11020198"), None);
        // A number inside the title's line is the amended text's, not a reference line.
        assert_eq!(reference_number("AVENANT N°1 A LA CONVENTION N°15/1077 DE VENTE"), None);
        assert_eq!(reference_number("CONVENTION DE PARTENARIAT"), None);
    }

    /// A party with no representative is placed where its name is written,
    /// not at the first line using its noun.
    #[test]
    fn a_party_without_representative_is_read_where_named() {
        let text = "Une note sur une association.\n\nCONVENTION\n\nEntre :\n\nLa commune de Y, représentée par son Maire, M. Paul Z\n\nEt :\n\nL’association , représentée par son (sa) président(e),\n\nD’autre part,\n\nIl a été convenu ce qui suit :\n\nArticle 1\n\nObjet.\n";
        let m = crate::import::import(text, std::path::Path::new("a.md")).unwrap().source.manifest;
        let p = m.parties.iter().find(|p| p.nom.to_lowercase().contains("association")).expect("the association");
        let at = m.provenance.get(&format!("parties[{}].nom", p.id)).and_then(|v| v.ligne);
        assert_eq!(at, Some(11), "{:?}", m.provenance);
    }

    /// « délibération du conseil du territoire du ……… »: an établissement
    /// public territorial's organ keeps its « du territoire »; a date or a
    /// blank after « du » ends an organ.
    #[test]
    fn an_organ_whose_name_has_du() {
        let d = deliberation(
            "agissant en exécution de la délibération du conseil du territoire du ………… et élisant domicile",
        )
        .unwrap();
        assert_eq!(d.organe, "conseil du territoire");
        let d = deliberation("par délibération du conseil municipal du 3 mars 2020").unwrap();
        assert_eq!((d.organe.as_str(), d.date.as_deref()), ("conseil municipal", Some("2020-03-03")));
        let d = deliberation("par délibération du Conseil de Paris du mois de mars 2022").unwrap();
        assert_eq!(d.organe, "Conseil de Paris");
    }

    /// « délibération du Conseil Municipal du Désigné ci-après par La Ville »:
    /// a blank date, the designation after it is not the organ's.
    #[test]
    fn an_organ_before_a_blank_date() {
        let d = deliberation("agissant au nom de la Commune, en vertu d'une délibération du Conseil Municipal du Désigné ci-après par La Ville").unwrap();
        assert_eq!((d.organe.as_str(), d.numero, d.date), ("Conseil Municipal", None, None));
    }

    /// « … conférés par le Conseil Municipal, par une délibération en date du, »:
    /// the organ named just before, the blank date none.
    #[test]
    fn an_organ_named_before_its_deliberation() {
        let d = deliberation("La Commune, représentée par son Maire, agissant en cette qualité en vertu des pouvoirs qui lui ont été conférés par le Conseil Municipal, par une délibération en date du, désignée dans ce qui suit par «la Collectivité»").unwrap();
        assert_eq!((d.organe.as_str(), d.numero, d.date), ("Conseil Municipal", None, None));
    }

    /// « délibération du conseil municipal n° 2015-XXXX en date du 18
    /// septembre 2015 »: the placeholder is no number; the date is read.
    #[test]
    fn a_number_left_as_x_is_a_blank() {
        let d = deliberation(
            "conformément à la délibération du conseil municipal n° 2015-XXXX en date du 18 septembre 2015, ci après",
        )
        .unwrap();
        assert_eq!((d.numero, d.date.as_deref()), (None, Some("2015-09-18")));
        let d = deliberation("par délibération n° 2019-XIV du conseil municipal").unwrap();
        assert_eq!(d.numero.as_deref(), Some("2019-XIV"));
    }

    /// « de la Commi ssion permanente du conseil général »: an organ's word
    /// split by a PDF's extraction is read whole, not the organ after it.
    #[test]
    fn an_organ_word_split_by_the_extraction() {
        let d = deliberation("autorisé aux fins des présentes par délibération n°\nde la Commi ssion permanente du conseil général en date du 4\nfévrier 2008.").unwrap();
        assert_eq!(
            (d.organe.as_str(), d.numero, d.date.as_deref()),
            ("Commission permanente du conseil général", None, Some("2008-02-04"))
        );
        // Whole words stay as they are.
        let d = deliberation("par délibération du Conseil Municipal en date du 22 mars 2018").unwrap();
        assert_eq!(d.organe, "Conseil Municipal");
    }

    /// « AVENANT N 7 » (an export lost the « ° »), an avenant's line in
    /// capitals after the name of the text it amends.
    #[test]
    fn avenants_numbers_and_lines() {
        assert_eq!(numero("AVENANT N 7 AU CAHIER DES CHARGES").as_deref(), Some("7"));
        assert_eq!(amended("AVENANT N 7 AU CAHIER DES CHARGES").as_deref(), Some("CAHIER DES CHARGES"));
        // No « au »: the name of a text after the number, a letterhead between.
        assert_eq!(
            amended("Avenant n°1 COMMUNE D’EGUILLES CONTRAT DE CONCESSION DU SERVICE PUBLIC").as_deref(),
            Some("CONTRAT DE CONCESSION DU SERVICE PUBLIC")
        );
        assert_eq!(amended("Avenant n°1 COMMUNE D’EGUILLES"), None);
        assert_eq!(
            nature("CONVENTION DE MANDAT N° 02/1280 RELATIVE AUX MISSIONS AVENANT N°5", &[]).as_deref(),
            Some("l’avenant")
        );
        assert_eq!(nature("Convention relative à l'avenant n° 3 du contrat", &[]).as_deref(), Some("la convention"));
    }
}
