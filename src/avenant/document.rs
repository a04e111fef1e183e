//! The avenant document, as the drafting guide's skeleton (§2) has it:
//! title, parties and their deliberations, visas (the convention, every
//! earlier avenant), « Il a été convenu ce qui suit : », Article 1er –
//! Objet, one article per amended division, the unchanged-stipulations
//! article, entry into force, « Fait à … », the signature blocks.
//!
//! It is assembled like any source: an in-memory manifest of kind
//! `avenant` whose clauses are the amending sentences.

use super::ops::{ChangeSet, Operation};
use super::wording::{capital, sentence, Citer};
use crate::error::{Error, Result};
use crate::markdown::escape;
use crate::model::Document;
use crate::numbering::Pattern;
use crate::render::{assemble, BuildOptions};
use crate::source::{Clause, Deliberation, Manifest, Node, Source};
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;
use std::path::Path;

/// One article of the avenant: its title and its alinéas (Markdown).
struct Article {
    title: String,
    alineas: Vec<String>,
}

/// The articles that carry the operations: one per amended division.
fn modification_articles(cs: &ChangeSet, c: &Citer) -> Vec<Article> {
    // Group the operations by division, in the order they first appear;
    // an inserted division is an article of its own.
    let mut groups: Vec<(String, Vec<&Operation>)> = Vec::new();
    for op in &cs.operations {
        let key = match op {
            Operation::InsertDivision { id, .. } => format!("+{}", id),
            _ => op.division().to_string(),
        };
        match groups.iter_mut().find(|(k, _)| *k == key) {
            Some((_, v)) => v.push(op),
            None => groups.push((key, vec![op])),
        }
    }
    groups
        .into_iter()
        .map(|(key, ops)| {
            let title = match ops[0] {
                Operation::InsertDivision { .. } => "Insertion d’une nouvelle division".to_string(),
                Operation::DeleteDivision { .. } => format!("Suppression {}", c.cite(&key).of()),
                _ => format!("Modification {}", c.cite(&key).of()),
            };
            let mut alineas = Vec::new();
            if ops.len() == 1 {
                let s = sentence(ops[0], c, false);
                alineas.push(escape_sentence(&s.text));
                alineas.extend(s.quoted);
            } else {
                alineas.push(escape_sentence(&format!("{} est ainsi modifié :", capital(&c.cite(&key).subject()))));
                let n = ops.len();
                for (k, op) in ops.iter().enumerate() {
                    let s = sentence(op, c, true);
                    let end = if k + 1 == n { "." } else { " ;" };
                    // « 1° Au deuxième alinéa, … ; » — the sentence's own final
                    // point gives way to the list's punctuation.
                    let body = s.text.trim_end_matches('.');
                    if s.quoted.is_empty() {
                        alineas.push(format!("{}° {}{}", k + 1, escape_sentence(&lower_first(body)), end));
                    } else {
                        alineas.push(format!("{}° {}", k + 1, escape_sentence(&lower_first(body))));
                        let mut q = s.quoted;
                        if let Some(last) = q.last_mut() {
                            *last = format!("{}{}", last.trim_end_matches('.'), end);
                        }
                        alineas.extend(q);
                    }
                }
            }
            Article { title, alineas }
        })
        .collect()
}

/// A formula at the head of a « 1° » item: « 1° Au deuxième alinéa, … »
/// keeps its capital, « 1° le troisième alinéa est supprimé » does not.
fn lower_first(s: &str) -> String {
    if s.starts_with("Au ") || s.starts_with("À ") {
        s.to_string()
    } else {
        crate::french::decapitalize(s)
    }
}

/// The sentences already carry escaped quotes; what must not open a
/// Markdown block at the start of the line is escaped here.
fn escape_sentence(s: &str) -> String {
    match s.chars().next() {
        Some('#' | '-' | '+' | '=') => format!("\\{}", s),
        _ => s.to_string(),
    }
}

/// Builds the avenant document for `cs`, amending the text of `src`.
pub fn build(src: &Source, cs: &ChangeSet, path: &Path) -> Result<Document> {
    let old = assemble(src, &BuildOptions::default())?;
    let fp = crate::fingerprint(&old);
    if fp != cs.base.fingerprint {
        return Err(Error::Manifest {
            path: path.to_path_buf(),
            msg: format!("avenant n° {} cites the text {} (source {}), but {} is {}: its citations would be wrong", cs.numero, cs.base.fingerprint, cs.base.source, src.dir.display(), fp),
        });
    }
    let m = &src.manifest;
    // Check the operations against the text before wording them.
    super::apply::apply(src, cs, path, &super::apply::ApplyOptions::default())?;
    let patterns: Vec<Pattern> = m.numbering.iter().filter_map(|p| Pattern::parse(p).ok()).collect();
    let citer = Citer::new(&old, patterns);

    let convention = crate::french::decapitalize(m.title.trim());
    let mut articles = vec![Article {
        title: "Objet".into(),
        alineas: vec![match &cs.objet {
            Some(o) => format!("Le présent avenant a pour objet {}.", escape(o.trim().trim_end_matches('.'), false)),
            None => format!("Le présent avenant a pour objet de modifier la {}.", escape(&convention, false)),
        }],
    }];
    articles.extend(modification_articles(cs, &citer));
    articles.push(Article { title: "Stipulations inchangées".into(), alineas: vec!["Les autres stipulations de la convention demeurent inchangées.".into()] });
    let vigueur = match &cs.entree_en_vigueur {
        Some(e) => match crate::french::Date::parse(e) {
            Some(d) => format!("le {}", d.long()),
            None => escape(e.trim().trim_end_matches('.'), false),
        },
        None => "à compter de sa signature par l’ensemble des parties".into(),
    };
    articles.push(Article { title: "Entrée en vigueur".into(), alineas: vec![format!("Le présent avenant entre en vigueur {}.", vigueur)] });

    let mut clauses = BTreeMap::new();
    let mut outline = Vec::new();
    for (k, a) in articles.iter().enumerate() {
        let id = format!("article-{}", k + 1);
        clauses.insert(id.clone(), Clause { path: path.to_path_buf(), text: a.alineas.join("\n\n") + "\n" });
        outline.push(Node { id: id.clone(), title: escape(&a.title, false), clause: Some(id), numbered: true, label: None, toc: None, in_toc: None, page: None, history: vec![], children: vec![] });
    }

    // The parties, with the deliberations approving this avenant.
    let parties = m
        .parties
        .iter()
        .map(|p| {
            let mut p = p.clone();
            if let Some(d) = cs.deliberations.iter().find(|d| d.partie == p.id) {
                p.deliberation = Some(Deliberation { organe: d.organe.clone(), numero: d.numero.clone(), date: d.date.clone() });
            }
            if let Some(s) = cs.signataires.iter().find(|s| s.partie == p.id) {
                p.signataire = crate::source::Signataire { civilite: s.civilite.clone(), qualite: s.qualite.clone(), nom: s.nom.clone() };
            }
            p
        })
        .collect();
    let mut variables = Map::new();
    variables.insert("numero".into(), json!(cs.numero));
    variables.insert("convention".into(), json!(convention));
    variables.insert("lieu".into(), json!(cs.lieu));
    variables.insert("date".into(), cs.date.as_ref().map_or(Value::Bool(false), |d| json!(d)));
    variables.insert("signee".into(), m.dates.get("signature").cloned().unwrap_or(Value::Bool(false)));
    variables.insert("avenants_precedents".into(), json!(m.avenants.iter().map(|a| json!({ "numero": a.numero, "date": a.date.clone().map_or(Value::Bool(false), Value::String) })).collect::<Vec<_>>()));
    variables.insert("preambule".into(), json!(cs.preambule));
    let manifest = Manifest {
        kind: "avenant".into(),
        title: cs.titre.clone().unwrap_or_else(|| format!("Avenant n° {} à la {}", cs.numero, convention)),
        subject: Some(format!("Avenant n° {}", cs.numero)),
        author: m.author.clone().or_else(|| cs.auteur.clone()),
        template: Some("avenant".into()),
        library: None,
        parties,
        signature_order: m.signature_order.clone(),
        originaux: cs.originaux.or(m.originaux).or(Some(m.parties.len().max(2) as u32)),
        dates: Map::new(),
        variables,
        numbering: vec!["Article {1er} –".into()],
        parts: Map::new(),
        sommaire: None,
        outline,
        avenants: vec![],
        nature: None,
        intitule: None,
        lieu: None,
        visas: vec![],
    };
    let avenant = Source { dir: src.dir.clone(), manifest, clauses };
    assemble(&avenant, &BuildOptions::default())
}
