//! Assembly: a source's fragments go through handlebars (variables,
//! conditions, strict: an unknown variable is an error), then CommonMark,
//! into the document model, with division numbers computed from the outline.

use crate::error::{Error, Result};
use crate::french;
use crate::markdown::{self, Block};
use crate::model::{Alinea, Division, Document, Inline, Meta, SignatureBlock, TocEntry};
use crate::numbering::{number_siblings, Pattern};
use crate::source::{Node, Source};
use crate::templates;
use handlebars::{handlebars_helper, Handlebars};
use serde_json::{json, Map, Value};
use std::path::{Path, PathBuf};

/// What a build may add to the plain text.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// Show under each division the avenants that changed it.
    pub annotate: bool,
    /// « Exemplaire original n° k sur N » (originals only).
    pub copy_mark: Option<String>,
}

handlebars_helper!(upper_h: |s: str| french::upper(s));
handlebars_helper!(capitalize_h: |s: str| french::capitalize(s));
handlebars_helper!(date_h: |s: str| french::Date::parse(s).map(|d| d.long()).unwrap_or_else(|| s.to_string()));
handlebars_helper!(ordinal_h: |n: u64| french::ordinal_abbr(n as usize));

/// A handlebars registry set up the way every template of clausier expects:
/// strict variables, values escaped as Markdown text (a party named
/// « *X* » stays literal), and the French helpers.
pub fn registry() -> Handlebars<'static> {
    let mut hb = Handlebars::new();
    hb.set_strict_mode(true);
    hb.set_prevent_indent(true);
    hb.register_escape_fn(|s| markdown::escape(s, false));
    hb.register_helper("upper", Box::new(upper_h));
    hb.register_helper("capitalize", Box::new(capitalize_h));
    hb.register_helper("date", Box::new(date_h));
    hb.register_helper("ordinal", Box::new(ordinal_h));
    hb
}

/// Renders one template text, naming `path` in errors.
pub fn render_text(hb: &Handlebars, path: &Path, text: &str, ctx: &Value) -> Result<String> {
    if !text.contains("{{") {
        return Ok(text.to_string());
    }
    hb.render_template_with_context(text, &handlebars::Context::wraps(ctx).map_err(|e| Error::Other(e.to_string()))?)
        .map_err(|e| template_error(path, e))
}

fn template_error(path: &Path, e: handlebars::RenderError) -> Error {
    use handlebars::RenderErrorReason as R;
    let line = e.line_no.unwrap_or(0);
    let col = e.column_no.unwrap_or(0);
    let msg = match e.reason() {
        R::MissingVariable(Some(v)) => format!("undefined variable « {} »", v),
        R::MissingVariable(None) => "undefined variable".to_string(),
        R::TemplateError(t) => {
            let (l, c) = t.pos().unwrap_or((line, col));
            return Error::Fragment { path: path.to_path_buf(), line: l, msg: format!("column {}: template syntax: {}", c, t.reason()) };
        }
        other => other.to_string(),
    };
    Error::Fragment { path: path.to_path_buf(), line, msg: if col > 0 { format!("column {}: {}", col, msg) } else { msg } }
}

/// The variables every fragment and frame sees.
pub fn context(src: &Source) -> Value {
    let m = &src.manifest;
    let mut ctx: Map<String, Value> = m.variables.clone();
    let parties: Vec<Value> = m.parties.iter().map(|p| serde_json::to_value(p).unwrap_or(Value::Null)).collect();
    ctx.insert("parties".into(), Value::Array(parties));
    ctx.insert("dates".into(), Value::Object(m.dates.clone()));
    ctx.insert("parties_nombre".into(), json!(french::cardinal_word(m.parties.len())));
    if let Some(n) = m.originaux {
        ctx.insert("originaux".into(), json!(n));
    }
    ctx.insert(
        "document".into(),
        json!({ "title": m.title, "kind": m.kind, "subject": m.subject.clone().unwrap_or_default() }),
    );
    if let Some(cal) = crate::calendar::Calendar::from_manifest(m) {
        ctx.insert("calendrier".into(), cal.to_json());
    }
    Value::Object(ctx)
}

/// Parses rendered Markdown as the alinéas of a clause: headings have no
/// place there (a subdivision is its own node of the outline).
fn alineas_of(path: &Path, md: &str) -> Result<Vec<Alinea>> {
    let mut out = Vec::new();
    for b in markdown::parse(md) {
        match b {
            Block::Alinea { alinea, .. } => out.push(alinea),
            Block::Rule { .. } => {}
            Block::Heading { line, inlines, .. } => {
                return Err(Error::Fragment {
                    path: path.to_path_buf(),
                    line,
                    msg: format!("heading « {} » inside a clause: make it a division of the outline instead", crate::model::inline_text(&inlines)),
                })
            }
        }
    }
    Ok(out)
}

struct Assembler<'a> {
    src: &'a Source,
    hb: Handlebars<'static>,
    ctx: Value,
    patterns: Vec<Pattern>,
    opts: &'a BuildOptions,
}

impl<'a> Assembler<'a> {
    fn clause(&self, id: &str) -> Result<(PathBuf, String)> {
        let c = self.src.clauses.get(id).ok_or_else(|| Error::MissingClause {
            manifest: self.src.manifest_path(),
            id: id.to_string(),
            expected: self.src.dir.join(format!("{}.md", id)),
        })?;
        if !self.hb.has_template(id) {
            return Ok((c.path.clone(), c.text.clone()));
        }
        let md = self.hb.render(id, &self.ctx).map_err(|e| {
            // An error inside an included clause names that clause's file.
            let at = e.template_name.as_ref().and_then(|n| self.src.clauses.get(n)).map_or(&c.path, |inc| &inc.path);
            template_error(at, e)
        })?;
        Ok((c.path.clone(), md))
    }

    fn inline(&self, text: &str) -> Result<Vec<Inline>> {
        let md = render_text(&self.hb, &self.src.manifest_path(), text, &self.ctx)?;
        Ok(markdown::parse_inline(&md))
    }

    fn division(&self, node: &Node, level: usize, number: Option<String>, label: Option<String>) -> Result<Division> {
        let title = self.inline(&node.title)?;
        let mut alineas = match &node.clause {
            Some(id) => {
                let (path, md) = self.clause(id)?;
                alineas_of(&path, &md)?
            }
            None => Vec::new(),
        };
        if self.opts.annotate && !node.history.is_empty() {
            alineas.insert(0, Alinea::paragraph(vec![Inline::styled(
                format!("({})", annotation(&node.history)),
                crate::model::Style { italic: true, ..Default::default() },
            )]));
        }
        let children = self.divisions(&node.children, level + 1, number.as_deref())?;
        Ok(Division { id: node.id.clone(), label, title, level, alineas, children, history: node.history.clone() })
    }

    fn divisions(&self, nodes: &[Node], level: usize, parent_number: Option<&str>) -> Result<Vec<Division>> {
        let numbers = number_siblings(nodes.iter().map(|n| (n.label.as_deref(), n.numbered)), self.patterns.get(level - 1), parent_number);
        nodes.iter().zip(numbers).map(|(node, (number, label))| self.division(node, level, number, label)).collect()
    }

    /// A frame part: the source's own clause if the manifest names one,
    /// else the frame template of the document kind.
    fn part(&self, name: &str, ctx: &Value) -> Result<Option<(PathBuf, String)>> {
        if let Some(id) = self.src.manifest.parts.get(name).and_then(Value::as_str) {
            let c = &self.src.clauses[id];
            return Ok(Some((c.path.clone(), render_text(&self.hb, &c.path, &c.text, ctx)?)));
        }
        let frame = self.src.manifest.template.clone().unwrap_or_else(|| self.src.manifest.kind.clone());
        match templates::find(&frame, name) {
            Some((tname, text)) => {
                let path = PathBuf::from(format!("templates/{}.hbs", tname));
                Ok(Some((path.clone(), render_text(&self.hb, &path, text, ctx)?)))
            }
            None => Ok(None),
        }
    }

    fn part_alineas(&self, name: &str) -> Result<Vec<Alinea>> {
        match self.part(name, &self.ctx)? {
            Some((path, md)) => alineas_of(&path, &md),
            None => Ok(Vec::new()),
        }
    }
}

/// « modifié par l'avenant n° 1 », « modifié par les avenants n° 1 et n° 2 ».
pub fn annotation(history: &[String]) -> String {
    match history {
        [one] => format!("modifié par l’avenant n° {}", one),
        many => {
            let (last, rest) = many.split_last().expect("non-empty");
            format!("modifié par les avenants n° {} et n° {}", rest.join(", n° "), last)
        }
    }
}


/// Assembles a source into the document model.
pub fn assemble(src: &Source, opts: &BuildOptions) -> Result<Document> {
    let m = &src.manifest;
    let patterns = m
        .numbering
        .iter()
        .map(|p| Pattern::parse(p).map_err(|msg| Error::Manifest { path: src.manifest_path(), msg }))
        .collect::<Result<Vec<_>>>()?;
    let mut hb = registry();
    // Every clause can be included in another as a partial: `{{> commun/duree}}`.
    // A clause with no expression, included by none, needs no parsing: it
    // is its own rendering (most of an imported text).
    let included: std::collections::HashSet<String> = src.clauses.values().flat_map(|c| crate::source::includes(&c.text)).map(|(id, _)| id).collect();
    for (id, c) in src.clauses.iter().filter(|(id, c)| c.text.contains("{{") || included.contains(*id)) {
        hb.register_template_string(id, &c.text).map_err(|e| {
            let (line, col) = e.pos().unwrap_or((0, 0));
            Error::Fragment { path: c.path.clone(), line, msg: format!("column {}: template syntax: {}", col, e.reason()) }
        })?;
    }
    let a = Assembler { src, hb, ctx: context(src), patterns, opts };

    let divisions = a.divisions(&m.outline, 1, None)?;

    let title_page: Vec<Vec<Inline>> = a.part_alineas("titre")?.into_iter().map(|al| al.inlines).collect();
    // Before the divisions: an imported text's own opening, or the frame's
    // parties and visas.
    let mut front = a.part_alineas("ouverture")?;
    front.extend(a.part_alineas("parties")?);
    front.extend(a.part_alineas("visas")?);
    let closing = a.part_alineas("cloture")?;

    // The source's own signature blocks (an imported text's, kept as
    // written), else one signature column per party, in the order the
    // manifest asks.
    let mut signatures = Vec::new();
    if let Some((path, md)) = m.parts.contains_key("signatures").then(|| a.part("signatures", &a.ctx)).transpose()?.flatten() {
        signatures = signature_blocks(&path, &md)?;
    }
    let order: Vec<&crate::source::Party> = if m.signature_order.is_empty() {
        m.parties.iter().collect()
    } else {
        m.signature_order.iter().filter_map(|id| m.parties.iter().find(|p| &p.id == id)).collect()
    };
    for p in order.into_iter().filter(|_| !m.parts.contains_key("signatures")) {
        let mut ctx = a.ctx.clone();
        if let Value::Object(o) = &mut ctx {
            o.insert("partie".into(), serde_json::to_value(p).unwrap_or(Value::Null));
        }
        if let Some((path, md)) = a.part("signature", &ctx)? {
            let lines = alineas_of(&path, &md)?.into_iter().map(|al| al.inlines).collect();
            signatures.push(SignatureBlock { lines });
        }
    }

    let (toc_title, toc) = match &m.sommaire {
        Some(s) => (Some(s.titre.clone()), toc_entries(&a, &m.outline, &divisions, s.niveaux)?),
        None => (None, Vec::new()),
    };

    Ok(Document {
        meta: Meta {
            title: m.title.clone(),
            subject: m.subject.clone().unwrap_or_else(|| m.kind.replace('-', " ")),
            author: m.author.clone().unwrap_or_else(|| m.parties.iter().map(|p| french::capitalize(&p.nom)).collect::<Vec<_>>().join(" – ")),
            kind: m.kind.clone(),
            copy_mark: opts.copy_mark.clone(),
        },
        title_page,
        toc_title,
        toc,
        front,
        divisions,
        closing,
        signatures,
    })
}

/// The `signatures` part: literal signature blocks, separated by a
/// thematic break (`---`), each alinéa one line of its block.
fn signature_blocks(path: &Path, md: &str) -> Result<Vec<SignatureBlock>> {
    let mut blocks = vec![SignatureBlock { lines: Vec::new() }];
    for b in markdown::parse(md) {
        match b {
            Block::Rule { .. } => blocks.push(SignatureBlock { lines: Vec::new() }),
            Block::Alinea { alinea, .. } => blocks.last_mut().expect("one block at least").lines.push(alinea.inlines),
            Block::Heading { line, inlines, .. } => {
                return Err(Error::Fragment { path: path.to_path_buf(), line, msg: format!("heading « {} » inside the signature blocks", crate::model::inline_text(&inlines)) })
            }
        }
    }
    blocks.retain(|b| !b.lines.is_empty());
    Ok(blocks)
}

fn toc_entries(a: &Assembler, nodes: &[Node], divs: &[Division], depth: usize) -> Result<Vec<TocEntry>> {
    let mut out = Vec::new();
    for (node, d) in nodes.iter().zip(divs) {
        let default_in = d.level <= depth && (d.label.is_some() || d.level == 1);
        if node.in_toc.unwrap_or(default_in) {
            let title = match &node.toc {
                Some(t) => a.inline(t)?,
                None => d.title.clone(),
            };
            let mut text = Vec::new();
            if let Some(l) = &d.label {
                text.push(Inline::plain(format!("{} ", l)));
            }
            text.extend(title);
            out.push(TocEntry { division: d.id.clone(), level: d.level, text: markdown::normalize(text), page: node.page.clone() });
        }
        out.extend(toc_entries(a, &node.children, &d.children, depth)?);
    }
    Ok(out)
}
