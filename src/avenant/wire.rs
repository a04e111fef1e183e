//! The change set's operations as its JSON spells them: every new text —
//! an alinéa, a title, a line of the title page — a Markdown string (inline
//! Markdown; a list item or a pipe table for an alinéa). This is the only
//! place the change set's texts are Markdown: reading turns each into the
//! model's `Alinea`s and `Inline`s by the one rule of change-set texts
//! (`markdown::text_alinea`, `markdown::title_inlines`: block syntax is
//! text), writing turns them back (`alinea_to_markdown`,
//! `inlines_to_markdown`), so that a change set `avenant draft` writes reads
//! back as it was drafted and stored change sets keep applying.
//!
//! What only the strings show is refused here, naming the operation: a
//! title on several lines, a text that is a heading.

use super::ops::{self, InvalidChangeSet};
use crate::markdown::{alinea_to_markdown, inlines_to_markdown, text_alinea, title_inlines};
use crate::model::{Alinea, Inline, PartKind};
use serde::{Deserialize, Deserializer, Serialize};

/// One amendment, as written in the JSON (see `ops::Operation`).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(tag = "op", rename_all = "snake_case", deny_unknown_fields)]
pub(super) enum Operation {
    ReplaceWords {
        #[serde(default, skip_serializing_if = "String::is_empty")]
        division: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        part: Option<PartKind>,
        alinea: usize,
        words: String,
        by: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        occurrence: Option<usize>,
    },
    InsertWords {
        #[serde(default, skip_serializing_if = "String::is_empty")]
        division: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        part: Option<PartKind>,
        alinea: usize,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        after: Option<String>,
        words: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        occurrence: Option<usize>,
    },
    DeleteWords {
        #[serde(default, skip_serializing_if = "String::is_empty")]
        division: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        part: Option<PartKind>,
        alinea: usize,
        words: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        occurrence: Option<usize>,
    },
    AppendWords {
        #[serde(default, skip_serializing_if = "String::is_empty")]
        division: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        part: Option<PartKind>,
        alinea: usize,
        words: String,
    },
    ReplaceAlinea {
        #[serde(default, skip_serializing_if = "String::is_empty")]
        division: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        part: Option<PartKind>,
        alinea: usize,
        /// One Markdown string per new alinéa.
        text: Vec<String>,
    },
    InsertAlineas {
        #[serde(default, skip_serializing_if = "String::is_empty")]
        division: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        part: Option<PartKind>,
        after: usize,
        text: Vec<String>,
    },
    DeleteAlineas {
        #[serde(default, skip_serializing_if = "String::is_empty")]
        division: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        part: Option<PartKind>,
        alinea: usize,
        #[serde(default = "one")]
        count: usize,
    },
    ReplaceDivision {
        division: String,
        /// Inline Markdown, on one line.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        title: Option<String>,
        text: Vec<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        children: Option<Vec<NewDivision>>,
    },
    RenameDivision {
        division: String,
        title: String,
    },
    InsertDivision {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        after: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        parent: Option<String>,
        id: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        number: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        label: Option<String>,
        title: String,
        text: Vec<String>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        children: Vec<NewDivision>,
    },
    DeleteDivision {
        division: String,
    },
    Renumber {
        division: String,
        number: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        label: Option<String>,
    },
    /// One string of inline Markdown per line of the title page.
    ReplaceTitle {
        lines: Vec<String>,
    },
    ReplaceEverywhere {
        words: String,
        by: String,
    },
}

/// A subdivision of an inserted division, as written in the JSON.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub(super) struct NewDivision {
    id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    number: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    label: Option<String>,
    title: String,
    text: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    children: Vec<NewDivision>,
}

fn one() -> usize {
    1
}

impl Operation {
    /// The operation's name as the JSON spells it.
    fn name(&self) -> &'static str {
        super::ops::operation_name!(self)
    }
}

/// The operations of a change set read from its JSON, each text read into
/// the model; the first that cannot be is refused by its number and name.
pub(super) fn operations<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<ops::Operation>, D::Error> {
    let written = Vec::<Operation>::deserialize(d)?;
    read_all(written).map_err(|(k, name, why)| {
        serde::de::Error::custom(InvalidChangeSet::Operation { number: k + 1, name, why: Box::new(why) })
    })
}

/// The operations read from their written form; the first refused: its
/// index (from 0), its name, and why.
pub(super) fn read_all(
    written: Vec<Operation>,
) -> Result<Vec<ops::Operation>, (usize, &'static str, InvalidChangeSet)> {
    written
        .into_iter()
        .enumerate()
        .map(|(k, op)| {
            let name = op.name();
            read(op).map_err(|why| (k, name, why))
        })
        .collect()
}

/// The operations as the JSON writes them.
pub(super) fn write_all(ops: &[ops::Operation]) -> Vec<Operation> {
    ops.iter().map(write).collect()
}

/// New alinéas from their Markdown strings: an empty string brings none, a
/// heading is a division, which no operation on alinéas brings.
fn alineas(field: &str, text: Vec<String>) -> Result<Vec<Alinea>, InvalidChangeSet> {
    let mut out = Vec::new();
    for t in &text {
        match text_alinea(t) {
            Ok(a) => out.extend(a),
            Err(heading) => return Err(InvalidChangeSet::Heading { field: field.to_string(), text: heading.text }),
        }
    }
    Ok(out)
}

/// A title from its Markdown string: one paragraph (a blank line would make
/// the rest another block). `may_be_empty`: a new division may have none
/// (« Article 3 bis »); a renamed one keeps one.
fn title(field: &str, t: &str, may_be_empty: bool) -> Result<Vec<Inline>, InvalidChangeSet> {
    if t.trim().lines().any(|l| l.trim().is_empty()) {
        return Err(InvalidChangeSet::TitleOnSeveralLines {
            field: field.to_string(),
            title: t.escape_debug().to_string(),
        });
    }
    if !may_be_empty && t.trim().is_empty() {
        return Err(InvalidChangeSet::EmptyTitle { field: field.to_string() });
    }
    Ok(title_inlines(t))
}

fn read_new(field: &str, d: NewDivision) -> Result<ops::NewDivision, InvalidChangeSet> {
    Ok(ops::NewDivision {
        title: title(&format!("{}.title", field), &d.title, true)?,
        text: alineas(&format!("{}.text", field), d.text)?,
        children: read_children(field, d.children)?,
        id: d.id,
        number: d.number,
        label: d.label,
    })
}

fn read_children(field: &str, kids: Vec<NewDivision>) -> Result<Vec<ops::NewDivision>, InvalidChangeSet> {
    kids.into_iter().enumerate().map(|(k, c)| read_new(&format!("{}.children[{}]", field, k), c)).collect()
}

fn write_new(d: &ops::NewDivision) -> NewDivision {
    NewDivision {
        id: d.id.clone(),
        number: d.number.clone(),
        label: d.label.clone(),
        title: inlines_to_markdown(&d.title),
        text: d.text.iter().map(alinea_to_markdown).collect(),
        children: d.children.iter().map(write_new).collect(),
    }
}

/// One operation read into the model: its texts read, the rest as written.
fn read(op: Operation) -> Result<ops::Operation, InvalidChangeSet> {
    use ops::Operation as M;
    Ok(match op {
        Operation::ReplaceWords { division, part, alinea, words, by, occurrence } => {
            M::ReplaceWords { division, part, alinea, words, by, occurrence }
        }
        Operation::InsertWords { division, part, alinea, after, words, occurrence } => {
            M::InsertWords { division, part, alinea, after, words, occurrence }
        }
        Operation::DeleteWords { division, part, alinea, words, occurrence } => {
            M::DeleteWords { division, part, alinea, words, occurrence }
        }
        Operation::AppendWords { division, part, alinea, words } => M::AppendWords { division, part, alinea, words },
        Operation::ReplaceAlinea { division, part, alinea, text } => {
            M::ReplaceAlinea { division, part, alinea, text: alineas("text", text)? }
        }
        Operation::InsertAlineas { division, part, after, text } => {
            M::InsertAlineas { division, part, after, text: alineas("text", text)? }
        }
        Operation::DeleteAlineas { division, part, alinea, count } => {
            M::DeleteAlineas { division, part, alinea, count }
        }
        Operation::ReplaceDivision { division, title: t, text, children } => M::ReplaceDivision {
            division,
            title: t.map(|t| title("title", &t, true)).transpose()?,
            text: alineas("text", text)?,
            children: children.map(|c| read_children("new division", c)).transpose()?,
        },
        Operation::RenameDivision { division, title: t } => {
            M::RenameDivision { division, title: title("title", &t, false)? }
        }
        Operation::InsertDivision { after, parent, id, number, label, title: t, text, children } => M::InsertDivision {
            after,
            parent,
            id,
            number,
            label,
            title: title("new division.title", &t, true)?,
            text: alineas("text", text)?,
            children: read_children("new division", children)?,
        },
        Operation::DeleteDivision { division } => M::DeleteDivision { division },
        Operation::Renumber { division, number, label } => M::Renumber { division, number, label },
        Operation::ReplaceTitle { lines } => {
            if lines.iter().all(|l| l.trim().is_empty()) {
                return Err(InvalidChangeSet::NoTitle);
            }
            M::ReplaceTitle { lines: lines.iter().map(|l| title("title", l, false)).collect::<Result<_, _>>()? }
        }
        Operation::ReplaceEverywhere { words, by } => M::ReplaceEverywhere { words, by },
    })
}

/// One operation as the JSON writes it: its texts as Markdown.
fn write(op: &ops::Operation) -> Operation {
    use ops::Operation as M;
    let md = |text: &[Alinea]| text.iter().map(alinea_to_markdown).collect::<Vec<_>>();
    match op.clone() {
        M::ReplaceWords { division, part, alinea, words, by, occurrence } => {
            Operation::ReplaceWords { division, part, alinea, words, by, occurrence }
        }
        M::InsertWords { division, part, alinea, after, words, occurrence } => {
            Operation::InsertWords { division, part, alinea, after, words, occurrence }
        }
        M::DeleteWords { division, part, alinea, words, occurrence } => {
            Operation::DeleteWords { division, part, alinea, words, occurrence }
        }
        M::AppendWords { division, part, alinea, words } => Operation::AppendWords { division, part, alinea, words },
        M::ReplaceAlinea { division, part, alinea, text } => {
            Operation::ReplaceAlinea { division, part, alinea, text: md(&text) }
        }
        M::InsertAlineas { division, part, after, text } => {
            Operation::InsertAlineas { division, part, after, text: md(&text) }
        }
        M::DeleteAlineas { division, part, alinea, count } => {
            Operation::DeleteAlineas { division, part, alinea, count }
        }
        M::ReplaceDivision { division, title, text, children } => Operation::ReplaceDivision {
            division,
            title: title.as_deref().map(inlines_to_markdown),
            text: md(&text),
            children: children.map(|c| c.iter().map(write_new).collect()),
        },
        M::RenameDivision { division, title } => {
            Operation::RenameDivision { division, title: inlines_to_markdown(&title) }
        }
        M::InsertDivision { after, parent, id, number, label, title, text, children } => Operation::InsertDivision {
            after,
            parent,
            id,
            number,
            label,
            title: inlines_to_markdown(&title),
            text: md(&text),
            children: children.iter().map(write_new).collect(),
        },
        M::DeleteDivision { division } => Operation::DeleteDivision { division },
        M::Renumber { division, number, label } => Operation::Renumber { division, number, label },
        M::ReplaceTitle { lines } => {
            Operation::ReplaceTitle { lines: lines.iter().map(|l| inlines_to_markdown(l)).collect() }
        }
        M::ReplaceEverywhere { words, by } => Operation::ReplaceEverywhere { words, by },
    }
}

impl From<ops::Operation> for Operation {
    fn from(op: ops::Operation) -> Operation {
        write(&op)
    }
}

impl TryFrom<Operation> for ops::Operation {
    type Error = InvalidChangeSet;
    fn try_from(op: Operation) -> Result<ops::Operation, InvalidChangeSet> {
        read(op)
    }
}
