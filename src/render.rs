//! Assembly: a source's fragments go through handlebars (variables,
//! conditions, strict: an unknown variable is an error), then CommonMark,
//! into the document model, with division numbers computed from the outline.

use crate::error::{Error, Result};
use crate::french;
use crate::markdown::{self, TextBlock};
use crate::model::{Alinea, Division, Document, Inline, Meta, Part, PartKind, SignatureBlock};
use crate::numbering::{number_siblings, Pattern};
use crate::source::{Node, Source};
use crate::templates;
use handlebars::{
    BlockContext, BlockParams, Context, Decorator, Handlebars, Helper, HelperDef, HelperResult, RenderContext,
    RenderError, RenderErrorReason, Renderable, ScopedJson,
};
use serde_json::{json, Map, Value};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicU8, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

/// What a build may add to the plain text.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// Show under each division the avenants that changed it.
    pub annotate: bool,
    /// « Exemplaire original n° k sur N » (originals only).
    pub copy_mark: Option<String>,
}

/// The most a registry renders: enough for a convention many times the
/// largest real one, little enough that a template multiplying its text
/// (loops, inclusions of inclusions) stops in a fraction of a second.
const MAX_RENDERED: usize = 4 * 1024 * 1024;

/// The most loop iterations (and clause inclusions inside loops) one
/// assembly runs: 40 nested `{{#each}}` over ten items would never end.
const MAX_ITERATIONS: u64 = 100_000;

/// What a registry may still spend, shared by its helpers and its outputs.
struct Budget {
    output_max: usize,
    output_left: AtomicUsize,
    work_left: AtomicU64,
    /// Which limit stopped a render: 1 output, 2 iterations.
    exceeded: AtomicU8,
    /// Clause inclusions each clause makes, counting those of the clauses
    /// it includes (`source::expansions`): the cost of one `{{> id}}`.
    expansions: Mutex<HashMap<String, u64>>,
}

impl Budget {
    fn spend_work(&self, n: u64) -> bool {
        let ok = self.work_left.fetch_update(Ordering::Relaxed, Ordering::Relaxed, |left| left.checked_sub(n)).is_ok();
        if !ok {
            self.exceeded.store(2, Ordering::Relaxed);
        }
        ok
    }
}

/// A handlebars registry set up the way every template of clausier expects:
/// strict variables, values escaped as Markdown text (a party named
/// « *X* » stays literal), the French helpers, and limits (output size,
/// loop iterations, no inline partials) that keep a hostile template from
/// hanging or overflowing the stack.
pub struct Registry {
    hb: Handlebars<'static>,
    budget: Arc<Budget>,
}

impl std::ops::Deref for Registry {
    type Target = Handlebars<'static>;
    fn deref(&self) -> &Handlebars<'static> {
        &self.hb
    }
}

impl std::ops::DerefMut for Registry {
    fn deref_mut(&mut self) -> &mut Handlebars<'static> {
        &mut self.hb
    }
}

impl Registry {
    /// Renders the registered template `name` within the budget. The
    /// context is made once per document and shared by every render (a
    /// `Value` given to handlebars is copied whole at each call: with
    /// thousands of parties, each clause and each title copied them all).
    fn render_named(&self, name: &str, ctx: &Context) -> std::result::Result<String, handlebars::RenderError> {
        let mut sink = Sink { out: Vec::new(), budget: &self.budget };
        self.hb.render_with_context_to_write(name, ctx, &mut sink)?;
        Ok(String::from_utf8(sink.out).unwrap_or_default())
    }

    fn render_str(&self, text: &str, ctx: &Context) -> std::result::Result<String, handlebars::RenderError> {
        let mut sink = Sink { out: Vec::new(), budget: &self.budget };
        self.hb.render_template_with_context_to_write(text, ctx, &mut sink)?;
        Ok(String::from_utf8(sink.out).unwrap_or_default())
    }

    /// A render error, or the limit that stopped the render, naming `path`.
    fn error(&self, path: &Path, e: handlebars::RenderError) -> Error {
        let line = e.line_no.unwrap_or(0);
        match self.budget.exceeded.load(Ordering::Relaxed) {
            1 => Error::Fragment {
                path: path.to_path_buf(),
                line,
                msg: format!(
                    "renders to more than {:.1} MB: loops or inclusions multiply the text",
                    self.budget.output_max as f64 / (1024.0 * 1024.0)
                ),
            },
            2 => Error::Fragment {
                path: path.to_path_buf(),
                line,
                msg: format!("loops and inclusions repeat more than {} times", MAX_ITERATIONS),
            },
            _ => template_error(path, e),
        }
    }
}

/// Where a render writes: refuses to grow past the registry's budget.
struct Sink<'a> {
    out: Vec<u8>,
    budget: &'a Budget,
}

impl std::io::Write for Sink<'_> {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        if self
            .budget
            .output_left
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |left| left.checked_sub(b.len()))
            .is_err()
        {
            self.budget.exceeded.store(1, Ordering::Relaxed);
            return Err(std::io::Error::other("rendered text too large"));
        }
        self.out.extend_from_slice(b);
        Ok(b.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// `{{#each}}`, counting its iterations (and the inclusions its body makes
/// at each one) against the registry's budget; otherwise the built-in's
/// behaviour: `@index`, `@key`, `@first`, `@last`, block params, `{{else}}`.
struct CountedEach(Arc<Budget>);

impl HelperDef for CountedEach {
    fn call<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        r: &'reg Handlebars<'reg>,
        ctx: &'rc handlebars::Context,
        rc: &mut RenderContext<'reg, 'rc>,
        out: &mut dyn handlebars::Output,
    ) -> HelperResult {
        let value = h.param(0).ok_or(RenderErrorReason::ParamNotFoundForIndex("each", 0))?;
        let Some(t) = h.template() else { return Ok(()) };
        let len = match value.value() {
            Value::Array(list) => list.len(),
            Value::Object(obj) => obj.len(),
            _ => 0,
        };
        if len == 0 {
            let is_collection = matches!(value.value(), Value::Array(_) | Value::Object(_));
            return match h.inverse() {
                Some(inv) => inv.render(r, ctx, rc, out),
                None if !is_collection && r.strict_mode() => Err(RenderError::strict_error(value.relative_path())),
                None => Ok(()),
            };
        }
        // The whole loop is paid for before it runs: each iteration, plus
        // the inclusions its body makes.
        let per_item = {
            let exp = self.0.expansions.lock().unwrap_or_else(|e| e.into_inner());
            1 + crate::source::inclusions_in(t, &exp)
        };
        if !self.0.spend_work(per_item.saturating_mul(len as u64)) {
            return Err(RenderErrorReason::Other("too many loop iterations".into()).into());
        }
        let items: Box<dyn Iterator<Item = (Value, &Value)>> = match value.value() {
            Value::Array(list) => Box::new(list.iter().enumerate().map(|(i, v)| (json!(i), v))),
            Value::Object(obj) => Box::new(obj.iter().map(|(k, v)| (json!(k), v))),
            _ => Box::new(std::iter::empty()),
        };
        let is_object = value.value().is_object();
        let path = value.context_path();
        let mut block = BlockContext::new();
        match path {
            Some(p) => block.base_path_mut().clone_from(p),
            None => block.set_base_value(value.value().clone()),
        }
        rc.push_block(block);
        for (i, (key, v)) in items.enumerate() {
            if let Some(block) = rc.block_mut() {
                block.set_local_var("first", json!(i == 0));
                block.set_local_var("last", json!(i + 1 == len));
                block.set_local_var("index", json!(i));
                if is_object {
                    block.set_local_var("key", key.clone());
                }
                match path {
                    Some(p) => {
                        let mut bp = p.clone();
                        bp.push(key.as_str().map(str::to_string).unwrap_or_else(|| i.to_string()));
                        *block.base_path_mut() = bp;
                    }
                    None => block.set_base_value(v.clone()),
                }
                let mut params = BlockParams::new();
                if let Some(name) = h.block_param().or(h.block_param_pair().map(|(n, _)| n)) {
                    if path.is_some() {
                        params.add_path(name, Vec::new())?;
                    } else {
                        params.add_value(name, v.clone())?;
                    }
                    if let Some((_, key_name)) = h.block_param_pair() {
                        params.add_value(key_name, key.clone())?;
                    }
                    block.set_block_params(params);
                }
            }
            t.render(r, ctx, rc, out)?;
        }
        rc.pop_block();
        Ok(())
    }
}

/// Inline partials (`{{#*inline "x"}}{{> x}}{{/inline}}{{> x}}`) can call
/// themselves without end: a clause includes other clauses by their id.
struct NoInline;

impl handlebars::DecoratorDef for NoInline {
    fn call<'reg: 'rc, 'rc>(
        &'reg self,
        _: &Decorator<'rc>,
        _: &'reg Handlebars<'reg>,
        _: &'rc handlebars::Context,
        _: &mut RenderContext<'reg, 'rc>,
    ) -> std::result::Result<(), RenderError> {
        Err(RenderErrorReason::Other(
            "inline partials ({{#*inline}}) are not allowed: include a clause by its id ({{> commun/duree}})".into(),
        )
        .into())
    }
}

/// A helper of one text (or number) value, whose errors name the helper and
/// the variable given to it.
struct ValueHelper {
    name: &'static str,
    expects: &'static str,
    f: fn(&Value) -> Option<String>,
}

impl HelperDef for ValueHelper {
    fn call_inner<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        _: &'rc handlebars::Context,
        _: &mut RenderContext<'reg, 'rc>,
    ) -> std::result::Result<ScopedJson<'rc>, RenderError> {
        let Some(p) = h.param(0) else {
            return Err(
                RenderErrorReason::Other(format!("« {} » needs a value ({{{{{} …}}}})", self.name, self.name)).into()
            );
        };
        let var = p.relative_path().map(|v| format!("« {} »", v)).unwrap_or_else(|| "its value".into());
        if p.is_value_missing() {
            return Err(
                RenderErrorReason::Other(format!("undefined variable {} (given to « {} »)", var, self.name)).into()
            );
        }
        match (self.f)(p.value()) {
            Some(s) => Ok(ScopedJson::Derived(Value::String(s))),
            None => Err(RenderErrorReason::Other(format!(
                "« {} » expects {}, and {} is {}",
                self.name,
                self.expects,
                var,
                p.value()
            ))
            .into()),
        }
    }
}

/// A registry with the default limits (`MAX_RENDERED`, `MAX_ITERATIONS`).
pub fn registry() -> Registry {
    registry_within(MAX_RENDERED)
}

/// A registry that renders at most `max_output` bytes in all.
fn registry_within(max_output: usize) -> Registry {
    let budget = Arc::new(Budget {
        output_max: max_output,
        output_left: AtomicUsize::new(max_output),
        work_left: AtomicU64::new(MAX_ITERATIONS),
        exceeded: AtomicU8::new(0),
        expansions: Mutex::new(HashMap::new()),
    });
    let mut hb = Handlebars::new();
    hb.set_strict_mode(true);
    hb.set_prevent_indent(true);
    hb.register_escape_fn(|s| markdown::escape(s, false));
    hb.register_helper("each", Box::new(CountedEach(budget.clone())));
    hb.register_decorator("inline", Box::new(NoInline));
    hb.register_helper(
        "upper",
        Box::new(ValueHelper { name: "upper", expects: "a text", f: |v| v.as_str().map(french::upper) }),
    );
    hb.register_helper(
        "capitalize",
        Box::new(ValueHelper { name: "capitalize", expects: "a text", f: |v| v.as_str().map(french::capitalize) }),
    );
    hb.register_helper(
        "date",
        Box::new(ValueHelper {
            name: "date",
            expects: "a date written YYYY-MM-DD",
            f: |v| v.as_str().map(|s| french::Date::parse(s).map(|d| d.long()).unwrap_or_else(|| s.to_string())),
        }),
    );
    hb.register_helper(
        "ordinal",
        Box::new(ValueHelper {
            name: "ordinal",
            expects: "a whole number",
            f: |v| v.as_u64().filter(|n| *n <= 1_000_000).map(|n| french::ordinal_abbr(n as usize)),
        }),
    );
    hb.register_helper(
        "exemplaires",
        Box::new(ValueHelper {
            name: "exemplaires",
            expects: "a whole number",
            f: |v| v.as_u64().map(french::exemplaires),
        }),
    );
    Registry { hb, budget }
}

fn refuse_deep_blocks(path: &Path, text: &str) -> Result<()> {
    match crate::source::too_deep(text) {
        Some(line) => Err(Error::Fragment {
            path: path.to_path_buf(),
            line,
            msg: format!(
                "blocks ({{{{#if}}}}, {{{{#each}}}}…) nested more than {} deep",
                crate::source::MAX_BLOCK_DEPTH
            ),
        }),
        None => Ok(()),
    }
}

/// Renders one template text, naming `path` in errors.
pub fn render_text(hb: &Registry, path: &Path, text: &str, ctx: &Value) -> Result<String> {
    if !text.contains("{{") {
        return Ok(text.to_string());
    }
    let ctx = Context::wraps(ctx).map_err(|e| hb.error(path, e))?;
    render_in(hb, path, text, &ctx)
}

/// Renders one template text in a context made once.
fn render_in(hb: &Registry, path: &Path, text: &str, ctx: &Context) -> Result<String> {
    if !text.contains("{{") {
        return Ok(text.to_string());
    }
    refuse_deep_blocks(path, text)?;
    hb.render_str(text, ctx).map_err(|e| hb.error(path, e))
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
            return Error::Fragment {
                path: path.to_path_buf(),
                line: l,
                msg: format!("column {}: template syntax: {}", c, t.reason()),
            };
        }
        R::PartialNotFound(p) => format!("no clause « {} » to include", p),
        R::HelperNotFound(h) => {
            format!("unknown helper « {} » (helpers: upper, capitalize, date, ordinal, exemplaires)", h)
        }
        R::Other(m) => m.clone(),
        other => other.to_string(),
    };
    Error::Fragment {
        path: path.to_path_buf(),
        line,
        msg: if col > 0 { format!("column {}: {}", col, msg) } else { msg },
    }
}

/// The variables every fragment and frame sees.
pub(crate) fn context(src: &Source) -> Result<Value> {
    let m = &src.manifest;
    let mut ctx: Map<String, Value> = m.variables.clone();
    let parties: Vec<Value> = m.parties.iter().map(party_context).collect();
    ctx.insert("parties".into(), Value::Array(parties));
    ctx.insert("dates".into(), Value::Object(m.dates.clone()));
    ctx.insert("parties_nombre".into(), json!(french::cardinal_word(m.parties.len())));
    if let Some(n) = m.originaux {
        ctx.insert("originaux".into(), json!(n));
    }
    // The place of signature has one home, `lieu`; older manifests wrote it
    // as a variable.
    if let Some(l) = m.lieu.as_deref().filter(|l| !l.trim().is_empty()) {
        ctx.insert("lieu".into(), json!(l));
    }
    ctx.insert(
        "document".into(),
        json!({ "title": m.title, "kind": m.kind, "subject": m.subject.clone().unwrap_or_default() }),
    );
    let cal = crate::calendar::Calendar::from_manifest(m)
        .map_err(|e| Error::Manifest { path: src.manifest_path(), why: e.into() })?;
    if let Some(cal) = cal {
        ctx.insert("calendrier".into(), cal.to_json());
    }
    Ok(Value::Object(ctx))
}

/// A party as the frames see it: its facts, and what the rules of
/// `party.rs` say of it — `feminin` (every agreement: « représentée »,
/// « ci-après dénommée »), `delibere` (a deliberation line, or none for a
/// minister, an association, a company).
pub(crate) fn party_context(p: &crate::source::Party) -> Value {
    let mut v = serde_json::to_value(p).unwrap_or(Value::Null);
    if let Value::Object(o) = &mut v {
        o.insert("feminin".into(), json!(p.gender() == crate::source::Genre::Feminin));
        o.insert("delibere".into(), json!(p.deliberates()));
    }
    v
}

/// Parses rendered Markdown as the alinéas of a clause: headings have no
/// place there (a subdivision is its own node of the outline).
fn alineas_of(path: &Path, md: &str) -> Result<Vec<Alinea>> {
    let mut out = Vec::new();
    for b in markdown::parse(md) {
        match b {
            TextBlock::Alinea { alinea, .. } => out.push(alinea),
            TextBlock::Rule { .. } => {}
            TextBlock::Heading { line, inlines, .. } => {
                return Err(Error::Fragment {
                    path: path.to_path_buf(),
                    line,
                    msg: format!(
                        "heading « {} » inside a clause: make it a division of the outline instead",
                        crate::model::inline_text(&inlines)
                    ),
                })
            }
        }
    }
    Ok(out)
}

struct Assembler<'a> {
    src: &'a Source,
    hb: Registry,
    ctx: Context,
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
        let md = self.hb.render_named(id, &self.ctx).map_err(|e| {
            // An error inside an included clause names that clause's file.
            let at = e.template_name.as_ref().and_then(|n| self.src.clauses.get(n)).map_or(&c.path, |inc| &inc.path);
            self.hb.error(at, e)
        })?;
        Ok((c.path.clone(), md))
    }

    fn inline(&self, text: &str) -> Result<Vec<Inline>> {
        let md = render_in(&self.hb, &self.src.manifest_path(), text, &self.ctx)?;
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
            alineas.insert(
                0,
                Alinea::paragraph(vec![Inline::styled(
                    format!("({})", annotation(&node.history, &self.src.manifest.avenants)),
                    crate::model::Style { italic: true, ..Default::default() },
                )]),
            );
        }
        let children = self.divisions(&node.children, level + 1, number.as_deref())?;
        let toc = crate::model::TocSetting {
            listed: node.in_toc,
            wording: match &node.toc {
                Some(t) => Some(self.inline(t)?),
                None => None,
            },
            page: node.page.clone(),
        };
        Ok(Division {
            id: node.id.clone(),
            label,
            title,
            level,
            alineas,
            children,
            history: node.history.clone(),
            toc,
            after_signatures: node.after_signatures && level == 1,
            change: Default::default(),
        })
    }

    fn divisions(&self, nodes: &[Node], level: usize, parent_number: Option<&str>) -> Result<Vec<Division>> {
        let numbers = number_siblings(
            nodes.iter().map(|n| (n.label.as_deref(), n.numbered)),
            self.patterns.get(level - 1),
            parent_number,
        );
        nodes.iter().zip(numbers).map(|(node, (number, label))| self.division(node, level, number, label)).collect()
    }

    /// A frame part: the source's own clause if the manifest names one,
    /// else the frame template of the document kind.
    fn part(&self, name: &str, ctx: &Context) -> Result<Option<(PathBuf, String)>> {
        if let Some(id) = self.src.manifest.parts.get(name).and_then(Value::as_str) {
            let c = &self.src.clauses[id];
            return Ok(Some((c.path.clone(), render_in(&self.hb, &c.path, &c.text, ctx)?)));
        }
        let frame = self.src.manifest.template.clone().unwrap_or_else(|| self.src.manifest.kind.clone());
        match templates::find(&frame, name) {
            Some((tname, text)) => {
                let path = PathBuf::from(format!("templates/{}.hbs", tname));
                Ok(Some((path.clone(), render_in(&self.hb, &path, text, ctx)?)))
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

/// « modifié par l’avenant n° 1 du 15 janvier 2027 », « modifié par les
/// avenants n° 1 du … et n° 2 du … »: each avenant with its date, as the
/// consolidated source records it (a blank when it does not).
fn annotation(history: &[String], applied: &[crate::source::AppliedAvenant]) -> String {
    let one = |n: &String| match applied.iter().find(|a| a.numero.to_string() == *n) {
        Some(a) => format!(
            "n° {} du {}",
            n,
            a.date
                .as_deref()
                .and_then(french::Date::parse)
                .map_or_else(|| crate::model::BLANK.to_string(), |d| d.long())
        ),
        None => format!("n° {}", n),
    };
    match history {
        [n] => format!("modifié par l’avenant {}", one(n)),
        many => {
            let (last, rest) = many.split_last().expect("non-empty");
            format!("modifié par les avenants {} et {}", rest.iter().map(one).collect::<Vec<_>>().join(", "), one(last))
        }
    }
}

/// Assembles a source into the document model.
pub fn assemble(src: &Source, opts: &BuildOptions) -> Result<Document> {
    let m = &src.manifest;
    let patterns = m
        .numbering
        .iter()
        .map(|p| Pattern::parse(p).map_err(|e| Error::Manifest { path: src.manifest_path(), why: e.into() }))
        .collect::<Result<Vec<_>>>()?;
    // The rendered text may be a few times the source (a shared clause
    // included twice), never without bound.
    let input: usize = src.clauses.values().map(|c| c.text.len()).sum();
    let mut hb = registry_within(MAX_RENDERED.saturating_add(input.saturating_mul(4)));
    if let Ok(mut e) = hb.budget.expansions.lock() {
        *e = crate::source::expansions(&src.clauses);
    }
    // Every clause can be included in another as a partial: `{{> commun/duree}}`.
    // A clause with no expression, included by none, needs no parsing: it
    // is its own rendering (most of an imported text).
    let included: std::collections::HashSet<String> =
        src.clauses.values().flat_map(|c| crate::source::includes(&c.text)).map(|(id, _)| id).collect();
    for (id, c) in src.clauses.iter().filter(|(id, c)| c.text.contains("{{") || included.contains(*id)) {
        refuse_deep_blocks(&c.path, &c.text)?;
        hb.register_template_string(id, &c.text).map_err(|e| {
            let (line, col) = e.pos().unwrap_or((0, 0));
            Error::Fragment {
                path: c.path.clone(),
                line,
                msg: format!("column {}: template syntax: {}", col, e.reason()),
            }
        })?;
    }
    let ctx = Context::from(context(src)?);
    let mut a = Assembler { src, hb, ctx, patterns, opts };

    let divisions = a.divisions(&m.outline, 1, None)?;

    let title_page: Vec<Vec<Inline>> = a.part_alineas("titre")?.into_iter().map(|al| al.inlines).collect();
    // Before the divisions: an imported text's own opening, or the frame's
    // parties and visas.
    let mut front = Vec::new();
    for (name, kind) in [("ouverture", PartKind::Ouverture), ("parties", PartKind::Parties), ("visas", PartKind::Visas)]
    {
        let alineas = a.part_alineas(name)?;
        if !alineas.is_empty() {
            front.push(Part { kind, alineas });
        }
    }
    let closing: Vec<Part> = Some(a.part_alineas("cloture")?)
        .filter(|v| !v.is_empty())
        .map(|alineas| Part { kind: PartKind::Cloture, alineas })
        .into_iter()
        .collect();

    // The source's own signature blocks (an imported text's, kept as
    // written), else one signature column per party, in the order the
    // manifest asks.
    let mut signatures = Vec::new();
    if let Some((path, md)) =
        m.parts.contains_key("signatures").then(|| a.part("signatures", &a.ctx)).transpose()?.flatten()
    {
        signatures = signature_blocks(&path, &md)?;
    }
    // One context for every party's block, its « partie » set in turn (a
    // copy of the whole context per party made 1 600 parties cost seconds).
    let mut ctx = std::mem::replace(&mut a.ctx, Context::null());
    for p in m.signing_parties().into_iter().filter(|_| !m.parts.contains_key("signatures")) {
        if let Value::Object(o) = ctx.data_mut() {
            o.insert("partie".into(), party_context(p));
        }
        if let Some((path, md)) = a.part("signature", &ctx)? {
            let lines = alineas_of(&path, &md)?.into_iter().map(|al| al.inlines).collect();
            signatures.push(SignatureBlock { lines, change: Default::default() });
        }
    }
    if let Value::Object(o) = ctx.data_mut() {
        o.remove("partie");
    }
    a.ctx = ctx;

    let (toc_title, toc_levels) = match &m.sommaire {
        Some(s) => (Some(s.titre.clone()), s.niveaux),
        None => (None, 0),
    };

    Ok(Document {
        meta: Meta {
            title: m.title.clone(),
            subject: m.subject.clone().unwrap_or_else(|| crate::source::subject_of_kind(&m.kind)),
            author: m.author.clone().unwrap_or_else(|| crate::source::author_of_parties(&m.parties)),
            kind: m.kind.clone(),
            copy_mark: opts.copy_mark.clone(),
            numbering: m.numbering.clone(),
        },
        title_page,
        toc_title,
        toc_levels,
        front,
        divisions,
        closing,
        signatures,
        revision: None,
    })
}

/// The `signatures` part: literal signature blocks, separated by a
/// thematic break (`---`), each alinéa one line of its block.
fn signature_blocks(path: &Path, md: &str) -> Result<Vec<SignatureBlock>> {
    let mut blocks = vec![SignatureBlock { lines: Vec::new(), change: Default::default() }];
    for b in markdown::parse(md) {
        match b {
            TextBlock::Rule { .. } => blocks.push(SignatureBlock { lines: Vec::new(), change: Default::default() }),
            TextBlock::Alinea { alinea, .. } => {
                blocks.last_mut().expect("one block at least").lines.push(alinea.inlines)
            }
            TextBlock::Heading { line, inlines, .. } => {
                return Err(Error::Fragment {
                    path: path.to_path_buf(),
                    line,
                    msg: format!("heading « {} » inside the signature blocks", crate::model::inline_text(&inlines)),
                })
            }
        }
    }
    blocks.retain(|b| !b.lines.is_empty());
    Ok(blocks)
}
