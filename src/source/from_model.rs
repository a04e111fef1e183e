//! Writing a source from the model: a `Document` becomes a manifest (its
//! outline: the divisions' ids, the labels the numbering patterns do not
//! give; its parts; its sommaire) and one Markdown fragment per division
//! or part that has text. The import reaches the model first and writes
//! its source here, so that what a source holds is decided in one place,
//! not by each reader.

use super::{Clause, Manifest, Node, Sommaire, Source};
use crate::markdown::{alinea_to_markdown, inlines_to_markdown};
use crate::model::{Alinea, Division, Document, PartKind};
use crate::numbering::Pattern;
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use std::path::PathBuf;

/// The source of `doc` in the folder `dir`: the manifest's kind, title,
/// numbering, parts, sommaire and outline, and the fragments. What the
/// model does not hold (the parties, the dates, where each fact was read)
/// is the caller's to add to the manifest.
pub(crate) fn source(doc: &Document, dir: PathBuf) -> Source {
    let patterns = crate::numbering::patterns(&doc.meta.numbering);
    let mut fragments = Fragments::new(dir.clone());
    fragments.add_divisions(&doc.divisions);
    let parts = parts(doc, &mut fragments);
    let manifest = Manifest {
        kind: doc.meta.kind.clone(),
        title: doc.meta.title.clone(),
        subject: None,
        author: None,
        template: None,
        library: None,
        parties: vec![],
        signature_order: vec![],
        originaux: None,
        dates: Map::new(),
        variables: Map::new(),
        numbering: doc.meta.numbering.clone(),
        parts,
        sommaire: doc.toc_title.as_ref().map(|t| Sommaire { titre: t.clone(), niveaux: doc.toc_levels }),
        outline: outline(&doc.divisions, &patterns),
        avenants: vec![],
        nature: None,
        intitule: None,
        lieu: None,
        visas: vec![],
        provenance: Default::default(),
        approbation: None,
        numero: None,
        modifie: None,
    };
    Source { dir, manifest, clauses: fragments.clauses }
}

/// The name a part's fragment and manifest entry take (its `parts` key),
/// for the import and for an avenant applied alike.
pub(crate) fn part_name(kind: PartKind) -> &'static str {
    match kind {
        PartKind::Ouverture => "ouverture",
        PartKind::Parties => "parties",
        PartKind::Visas => "visas",
        PartKind::Cloture => "cloture",
    }
}

/// The manifest's parts, in reading order (title page, front matter,
/// closing, signatures), each written as its fragment.
fn parts(doc: &Document, fragments: &mut Fragments) -> Map<String, Value> {
    let mut parts = Map::new();
    let title: Vec<Alinea> = doc.title_page.iter().map(|l| Alinea::paragraph(l.clone())).collect();
    if let Some(id) = fragments.add("titre", &title) {
        parts.insert("titre".into(), Value::String(id));
    }
    for part in doc.front.iter().chain(&doc.closing) {
        let name = part_name(part.kind);
        if let Some(id) = fragments.add(name, &part.alineas) {
            parts.insert(name.into(), Value::String(id));
        }
    }
    if !doc.signatures.is_empty() {
        // One fragment: the blocks separated by a rule, each line an
        // alinéa (as `render::assemble` reads them back).
        let text = doc
            .signatures
            .iter()
            .map(|b| {
                b.lines
                    .iter()
                    .map(|l| alinea_to_markdown(&Alinea::paragraph(l.clone())))
                    .collect::<Vec<_>>()
                    .join("\n\n")
            })
            .collect::<Vec<_>>()
            .join("\n\n---\n\n")
            + "\n";
        fragments.add_text("signatures", text);
        parts.insert("signatures".into(), Value::String("signatures".into()));
    }
    parts
}

/// A fragment holding these alinéas literally: one Markdown paragraph per
/// alinéa (the import's fragments and those an avenant applied writes).
pub(crate) fn fragment(alineas: &[Alinea]) -> String {
    alineas.iter().map(alinea_to_markdown).collect::<Vec<_>>().join("\n\n") + "\n"
}

/// The fragments of a source being written, each under its id.
struct Fragments {
    dir: PathBuf,
    clauses: BTreeMap<String, Clause>,
}

impl Fragments {
    /// No fragment yet, in the source folder `dir`.
    fn new(dir: PathBuf) -> Fragments {
        Fragments { dir, clauses: BTreeMap::new() }
    }

    /// Writes `alineas` as the fragment `id` (one Markdown paragraph per
    /// alinéa) and gives its id; none when there is no text, so that an
    /// empty division or part has no empty file.
    fn add(&mut self, id: &str, alineas: &[Alinea]) -> Option<String> {
        if alineas.is_empty() {
            return None;
        }
        self.add_text(id, fragment(alineas));
        Some(id.to_string())
    }

    /// Writes each division's alinéas as its fragment, under its id.
    fn add_divisions(&mut self, divisions: &[Division]) {
        for d in divisions {
            self.add(&d.id, &d.alineas);
            self.add_divisions(&d.children);
        }
    }

    /// Writes `text`, already Markdown, as the fragment `id`.
    fn add_text(&mut self, id: &str, text: String) {
        self.clauses.insert(id.to_string(), Clause::written(&self.dir, id, text));
    }
}

/// The manifest's outline of `divisions`, whose `label` is the label as the
/// text writes it: a label the numbering `patterns` give at its place is
/// left to them (renumbering then follows), any other is kept explicit
/// (« 3 bis. », a number the text skipped). A division with alinéas names
/// its fragment, under its id; its sommaire setting (listed or not, the
/// sommaire's own wording, the page) goes with it.
pub(crate) fn outline(divisions: &[Division], patterns: &[Pattern]) -> Vec<Node> {
    nodes_under(divisions, patterns, None)
}

fn nodes_under(divisions: &[Division], patterns: &[Pattern], parent_number: Option<&str>) -> Vec<Node> {
    let mut out = Vec::new();
    // How many siblings the pattern has numbered so far: an explicit label
    // takes no number.
    let mut counted = 0;
    for d in divisions {
        let pattern = patterns.get(d.level - 1);
        let (label, number) = match &d.label {
            None => (None, None),
            Some(written) => {
                // A label that does not count (« Article unique », « – »)
                // never reads as a number a pattern gives: it stays explicit.
                let expected = pattern.map(|p| {
                    let num = p.number(counted + 1, parent_number);
                    (p.label(&num), num)
                });
                match expected {
                    Some((lab, num)) if &lab == written => {
                        counted += 1;
                        (None, Some(num))
                    }
                    _ => (Some(written.clone()), None),
                }
            }
        };
        // The number the build gives the children: an explicit label's is
        // the label less its final punctuation (« Article 3 »).
        let for_children = match &label {
            Some(l) => Some(crate::numbering::label_number(l)),
            None => number,
        };
        let clause = (!d.alineas.is_empty()).then(|| d.id.clone());
        let children = nodes_under(&d.children, patterns, for_children.as_deref());
        out.push(Node {
            id: d.id.clone(),
            title: inlines_to_markdown(&d.title),
            clause,
            numbered: d.label.is_some(),
            label,
            toc: d.toc.wording.as_deref().map(inlines_to_markdown),
            in_toc: d.toc.listed,
            page: d.toc.page.clone(),
            history: d.history.clone(),
            after_signatures: d.after_signatures,
            children,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{inline_text, Inline, Meta, Part, SignatureBlock};

    fn division(id: &str, label: Option<&str>, text: &str) -> Division {
        let alineas = if text.is_empty() { vec![] } else { vec![Alinea::paragraph(vec![Inline::plain(text)])] };
        Division {
            id: id.into(),
            label: label.map(String::from),
            title: vec![Inline::plain(format!("Titre {}", id))],
            level: 1,
            alineas,
            ..Division::default()
        }
    }

    /// A préambule, then articles numbered 1, « 2 bis » (not the pattern's
    /// next number) and 2, with front and closing parts and two signature blocks.
    fn sample() -> Document {
        Document {
            meta: Meta {
                title: "Convention".into(),
                kind: "convention".into(),
                numbering: vec!["Article {1} –".into()],
                ..Meta::default()
            },
            title_page: vec![vec![Inline::plain("CONVENTION")]],
            front: vec![Part {
                kind: PartKind::Parties,
                alineas: vec![Alinea::paragraph(vec![Inline::plain("Entre")])],
            }],
            divisions: vec![
                division("preambule", None, "Considérant."),
                division("article-1", Some("Article 1 –"), "Objet."),
                division("article-2-bis", Some("Article 2 bis –"), ""),
                division("article-2", Some("Article 2 –"), "Durée."),
            ],
            closing: vec![Part {
                kind: PartKind::Cloture,
                alineas: vec![Alinea::paragraph(vec![Inline::plain("Fait")])],
            }],
            signatures: ["A", "B"]
                .iter()
                .map(|n| SignatureBlock { lines: vec![vec![Inline::plain(*n)]], change: Default::default() })
                .collect(),
            ..Document::default()
        }
    }

    #[test]
    fn labels_the_pattern_gives_are_left_to_it_others_stay_explicit() {
        let src = source(&sample(), PathBuf::from("c"));
        let o = &src.manifest.outline;
        let shape: Vec<(bool, Option<&str>, Option<&str>)> =
            o.iter().map(|n| (n.numbered, n.label.as_deref(), n.clause.as_deref())).collect();
        assert_eq!(
            shape,
            vec![
                (false, None, Some("preambule")),
                (true, None, Some("article-1")),
                (true, Some("Article 2 bis –"), None),
                (true, None, Some("article-2")),
            ]
        );
        let parts: Vec<&str> = src.manifest.parts.keys().map(String::as_str).collect();
        assert_eq!(parts, ["titre", "parties", "cloture", "signatures"]);
        assert_eq!(src.clauses["signatures"].text, "A\n\n---\n\nB\n");
        assert_eq!(src.clauses["article-2"].path, PathBuf::from("c/article-2.md"));
    }

    #[test]
    fn the_source_written_assembles_into_the_same_document() {
        let doc = sample();
        let back = crate::render::assemble(&source(&doc, PathBuf::from("c")), &Default::default()).unwrap();
        let heads = |d: &Document| -> Vec<(String, Option<String>, String, Vec<String>)> {
            d.divisions
                .iter()
                .map(|v| {
                    let text = v.alineas.iter().map(Alinea::text).collect();
                    (v.id.clone(), v.label.clone(), inline_text(&v.title), text)
                })
                .collect()
        };
        assert_eq!(heads(&back), heads(&doc));
        assert_eq!(back.front, doc.front);
        assert_eq!(back.closing, doc.closing);
        assert_eq!(back.signatures, doc.signatures);
        assert_eq!(back.title_page, doc.title_page);
    }
}
