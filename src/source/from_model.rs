//! Writing a source from the model: the divisions of a `Document` become
//! the manifest's outline (their ids, the labels the numbering patterns do
//! not give) and one Markdown fragment per division that has text. The
//! import reaches the model first and writes its source here, so that what
//! a source holds is decided in one place, not by each reader.

use super::{Clause, Node};
use crate::markdown::{alinea_to_markdown, inlines_to_markdown};
use crate::model::{Alinea, Division};
use crate::numbering::Pattern;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// The fragments of a source being written, each under its id.
pub(crate) struct Fragments {
    dir: PathBuf,
    pub(crate) clauses: BTreeMap<String, Clause>,
}

impl Fragments {
    /// No fragment yet, in the source folder `dir`.
    pub(crate) fn new(dir: PathBuf) -> Fragments {
        Fragments { dir, clauses: BTreeMap::new() }
    }

    /// Writes `alineas` as the fragment `id` (one Markdown paragraph per
    /// alinéa) and gives its id; none when there is no text, so that an
    /// empty division or part has no empty file.
    pub(crate) fn add(&mut self, id: &str, alineas: &[Alinea]) -> Option<String> {
        if alineas.is_empty() {
            return None;
        }
        let text = alineas.iter().map(alinea_to_markdown).collect::<Vec<_>>().join("\n\n") + "\n";
        self.add_text(id, text);
        Some(id.to_string())
    }

    /// Writes `text`, already Markdown, as the fragment `id`.
    pub(crate) fn add_text(&mut self, id: &str, text: String) {
        self.clauses.insert(id.to_string(), Clause { path: self.dir.join(format!("{}.md", id)), text });
    }
}

/// The manifest's outline of `divisions`, whose `label` is the label as the
/// text writes it: a label the numbering `patterns` give at its place is
/// left to them (renumbering then follows), any other is kept explicit
/// (« 3 bis. », a number the text skipped). Each division's alinéas go to
/// its fragment.
pub(crate) fn outline(divisions: &[Division], patterns: &[Pattern], fragments: &mut Fragments) -> Vec<Node> {
    nodes_under(divisions, patterns, None, fragments)
}

fn nodes_under(
    divisions: &[Division],
    patterns: &[Pattern],
    parent_number: Option<&str>,
    fragments: &mut Fragments,
) -> Vec<Node> {
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
        let clause = fragments.add(&d.id, &d.alineas);
        let children = nodes_under(&d.children, patterns, for_children.as_deref(), fragments);
        out.push(Node {
            id: d.id.clone(),
            title: inlines_to_markdown(&d.title),
            clause,
            numbered: d.label.is_some(),
            label,
            toc: None,
            in_toc: None,
            page: None,
            history: d.history.clone(),
            after_signatures: d.after_signatures,
            children,
        });
    }
    out
}
