//! The divisions of the text: where each heading goes in the outline.
//!
//! Divisions are inferred from their labels more than from Markdown heading
//! levels, which real texts use inconsistently: divisions with the same kind
//! of label (« II. » and « III. ») are siblings, a new kind of label opens a
//! level below, legal keywords keep their rank (a CHAPITRE never sits inside
//! an Article), an annex or a préambule is always at the top.
//!
//! Sub-points (« a) », « 1° », « § 2 », « – » followed by their own text)
//! are divisions only where the text needs them as such (see `decide`);
//! elsewhere they are alinéas, as the Guide de légistique counts them.

use super::detect::{Class, Label};
use super::{after_label, looks_like_title, push_alinea, strip_wrapping_style, Heading, Piece};
use crate::model::{inline_text, Alinea, AlineaKind, Inline};
use std::collections::HashSet;

/// Deepest outline level the import creates. Real conventions use five or
/// six; past this a heading is kept as a line of text (every word stays),
/// so that a hostile text of 2 000 nested labels cannot make a manifest too
/// deep to read back.
const MAX_DEPTH: usize = 16;

/// A division being built.
pub(crate) struct Div {
    pub(crate) heading: Heading,
    pub(crate) level: usize,
    pub(crate) alineas: Vec<Alinea>,
    pub(crate) children: Vec<usize>,
}

pub(crate) struct Outline {
    pub(crate) divs: Vec<Div>,
    pub(crate) roots: Vec<usize>,
}

/// Builds the outline of the body of the text (from its first division to
/// its closing, and its annexes). `cited` names the kinds of sub-point the
/// text cites (« le b du 7.3.5 », « au 2° ci-dessus »).
pub(crate) fn build(pieces: Vec<Piece>, cited: &HashSet<&'static str>) -> Outline {
    let mut pieces: Vec<Option<Piece>> = pieces.into_iter().map(Some).collect();
    attach_rubriques(&mut pieces);
    let decisions = decide(&pieces, cited);
    let mut o = Outline { divs: Vec::new(), roots: Vec::new() };
    let mut stack: Vec<usize> = Vec::new();
    let mut k = 0;
    while k < pieces.len() {
        let Some(piece) = pieces[k].take() else {
            k += 1;
            continue;
        };
        k += 1;
        match piece {
            Piece::Rule => {}
            Piece::Head(mut h) => {
                if h.title.is_empty()
                    && h.sentence.is_none()
                    && h.label.as_ref().is_some_and(|l| l.class != Class::SubPoint)
                {
                    k += take_title(&mut h, &mut pieces[k..]);
                }
                // « 25.2. ― I. ― Les tarifs… »: the I of 25.2, and « 25.2. ―
                // II. ― » later its II — one paragraphe 25.2, never two.
                match split_compound(&h) {
                    Some((outer, inner)) => {
                        if !reopen(&o, &mut stack, &outer) {
                            place(&mut o, &mut stack, outer);
                        }
                        place(&mut o, &mut stack, inner);
                    }
                    None => place(&mut o, &mut stack, h),
                }
            }
            Piece::Sub { label, alinea } => {
                let open = stack.iter().any(|&i| {
                    o.divs[i].heading.label.as_ref().is_some_and(|l| l.key == label.key && l.class == Class::SubPoint)
                });
                if open || decisions[k - 1] {
                    place(&mut o, &mut stack, subpoint_heading(label, &alinea));
                } else {
                    text(&mut o, &stack, alinea);
                }
            }
            Piece::Text(a) => text(&mut o, &stack, a),
        }
    }
    o
}

/// A label that opens on another (« 25.2. ― I. ― Les tarifs… », « Art. 5.
/// ― I. ― Le comité… »): the outer division, and the inner one — a Roman
/// numeral or a capital letter — with the title or the first sentence that
/// follows it.
fn split_compound(h: &Heading) -> Option<(Heading, Heading)> {
    let outer_label = h.label.as_ref().filter(|l| l.class != Class::SubPoint)?;
    let sentence = h.sentence.as_ref().filter(|_| h.title.is_empty())?;
    let text = inline_text(sentence);
    let lead = text.len() - text.trim_start_matches([' ', '\u{a0}', '―', '–', '—', '-']).len();
    let stripped = super::drop_prefix(sentence, lead);
    let inner_label = super::detect::label(inline_text(&stripped).trim(), None)
        .filter(|l| matches!(l.key.as_str(), "roman" | "upper") && !l.rest.is_empty())?;
    let rest = after_label(&stripped, &inner_label);
    let mut inner = Heading::new(Some(inner_label), vec![], None, vec![]);
    if looks_like_title(&rest) && inline_text(&rest).split_whitespace().count() <= 12 {
        inner.title = rest;
    } else {
        inner.sentence = Some(rest);
    }
    let mut outer = Heading::new(Some(outer_label.clone()), vec![], h.md_level, vec![]);
    outer.annex = h.annex;
    Some((outer, inner))
}

/// The outer division of a compound label already open (« 25.2. » of « 25.2.
/// ― II. ― » after « 25.2. ― I. ― »): kept open for its next subdivision.
fn reopen(o: &Outline, stack: &mut Vec<usize>, h: &Heading) -> bool {
    let Some(l) = &h.label else { return false };
    let same = |i: usize| o.divs[i].heading.label.as_ref().is_some_and(|x| x.key == l.key);
    let Some(pos) = stack.iter().rposition(|&i| same(i)) else { return false };
    let open = &o.divs[stack[pos]];
    let number = |x: &Label| x.number().trim_end_matches('.').to_string();
    if open.heading.label.as_ref().is_some_and(|x| number(x) == number(l)) && !open.children.is_empty() {
        stack.truncate(pos + 1);
        return true;
    }
    false
}

fn text(o: &mut Outline, stack: &[usize], a: Alinea) {
    match stack.last() {
        // A line after a list item that states a formula (« ― Kn = 0,70 ×
        // In ») is an alinéa of its own, as the circulaire of 20 October
        // 2000 counts them (« avec In = (in-1/in-2) ― 1 »): a formula is
        // whole on its line, never a sentence a page break cut.
        Some(&i) if ends_on_a_formula_item(&o.divs[i].alineas) => o.divs[i].alineas.push(a),
        Some(&i) => push_alinea(&mut o.divs[i].alineas, a),
        None => {
            // Text before any heading: one untitled division holds it (no
            // heading is invented for it).
            let idx = o.divs.len();
            o.divs.push(Div { heading: Heading::untitled(), level: 1, alineas: vec![a], children: vec![] });
            o.roots.push(idx);
        }
    }
}

/// Whether a division's last alinéa is a list item stating a formula: a
/// line opening with a dash or a sub-point label (« ― Kn = 0,70 × In »)
/// with an equals sign.
fn ends_on_a_formula_item(v: &[Alinea]) -> bool {
    v.last().is_some_and(|a| {
        let t = inline_text(&a.inlines);
        a.kind == AlineaKind::Paragraph
            && t.contains(" = ")
            && super::detect::label(t.trim(), None).is_some_and(|l| l.class == Class::SubPoint)
    })
}

/// A label alone on its line (« Article 1er », « TITRE II »): its title is
/// the next line when that line is a title and no label of its own — « a
/// label line is never a title », so « Article 2 » followed by « Article 3 »
/// is two divisions, the first empty. A title that runs on a second line
/// starting in lower case (« Créer les conditions d'amélioration / de la
/// productivité… ») is one title. Returns how many pieces it took.
fn take_title(h: &mut Heading, next: &mut [Option<Piece>]) -> usize {
    let mut taken = 0;
    while let Some(Some(Piece::Text(a))) = next.get(taken) {
        let continuation = taken > 0 && inline_text(&a.inlines).trim_start().starts_with(char::is_lowercase);
        if a.kind != AlineaKind::Paragraph
            || !looks_like_title(&a.inlines)
            || super::detect::label(inline_text(&a.inlines).trim(), None).is_some()
            || (taken > 0 && !continuation)
        {
            break;
        }
        let words = strip_wrapping_style(a.inlines.clone());
        if taken > 0 {
            h.title.push(Inline::plain(" "));
        }
        h.title.extend(words);
        h.title = crate::markdown::normalize(std::mem::take(&mut h.title));
        next[taken] = None;
        taken += 1;
    }
    taken
}

/// A sub-point made a division: a short rest is its title (« 1° Canalisations »),
/// a sentence its first alinéa (« a) Si les quantités de gaz… ; »).
fn subpoint_heading(label: Label, a: &Alinea) -> Heading {
    let rest = after_label(&a.inlines, &label);
    let words = label.rest.split_whitespace().count();
    let title_like = looks_like_title(&rest) && words <= 8 && !inline_text(&rest).trim_start().starts_with('(');
    let mut h = Heading::new(Some(label), vec![], None, a.inlines.clone());
    if title_like {
        h.title = rest;
    } else if !rest.is_empty() {
        h.sentence = Some(rest);
    }
    h
}

/// Old texts put an article's title on the line before its label
/// (« Services concédé. » / « Art. 1er - Le présent cahier… »). When most
/// articles whose label is followed by their first sentence have such a
/// line before them, that line is their title.
fn attach_rubriques(pieces: &mut [Option<Piece>]) {
    let mut found: Vec<(usize, usize)> = Vec::new();
    let mut articles = 0;
    for a in 0..pieces.len() {
        let Some(Piece::Head(h)) = &pieces[a] else { continue };
        let sentence_article = h.label.as_ref().is_some_and(|l| l.class == Class::Keyword && l.key == "article")
            && h.title.is_empty()
            && h.sentence.is_some()
            && h.md_level.is_none();
        if !sentence_article {
            continue;
        }
        articles += 1;
        // The line before, past lines with no words (« . . . »).
        let mut p = a;
        while p > 0 {
            p -= 1;
            match &pieces[p] {
                Some(Piece::Text(t))
                    if t.kind == AlineaKind::Paragraph
                        && !inline_text(&t.inlines).chars().any(char::is_alphanumeric) =>
                {
                    continue
                }
                Some(Piece::Text(t)) if rubrique_like(t) => found.push((a, p)),
                _ => {}
            }
            break;
        }
    }
    if articles < 3 || found.len() * 3 < articles * 2 {
        return;
    }
    for (a, p) in found {
        let Some(Piece::Text(t)) = pieces[p].take() else { continue };
        if let Some(Piece::Head(h)) = &mut pieces[a] {
            h.title = strip_wrapping_style(t.inlines);
        }
    }
}

/// A line that can be an article's title set above it: short, one line,
/// starting with a capital, not ending like a clause that goes on.
fn rubrique_like(a: &Alinea) -> bool {
    let t = inline_text(&a.inlines);
    let t = t.trim();
    a.kind == AlineaKind::Paragraph
        && !a.inlines.iter().any(|i| matches!(i, Inline::Break))
        && t.chars().count() <= 200
        && t.split_whitespace().count() <= 20
        && t.starts_with(char::is_uppercase)
        && !t.ends_with([',', ';', ':'])
        && super::detect::label(t, None).is_none()
}

/// The sub-point rule. A run of sub-points of one kind (« 1° », « 2° »…)
/// becomes divisions when
/// - divisions are numbered under one of them (« 1.1. », « 1.2. » after
///   « 1° »): the text itself makes them parents; or
/// - the text cites that kind of sub-point (« le b du 7.3.5 », « au 2°
///   ci-dessus », « le § 3 », « le deuxième tiret »), and the run goes on
///   to the end of its parent division: every block after its first
///   sub-point is another of them or their own text (lists, tables, lines
///   going on in lower case, deeper sub-points). Text of the parent after
///   them could not stay in its place (a division's own text comes before
///   its subdivisions), so there they remain alinéas.
///
/// Elsewhere sub-points are alinéas (list items of their article).
fn decide(pieces: &[Option<Piece>], cited: &HashSet<&'static str>) -> Vec<bool> {
    let mut out = vec![false; pieces.len()];
    let mut decided = vec![false; pieces.len()];
    for i in 0..pieces.len() {
        let Some(Piece::Sub { label, .. }) = &pieces[i] else { continue };
        if decided[i] {
            continue;
        }
        let kind = label.key.as_str();
        // Numbered children: « 1.1. » after « 1° ».
        if let Some(v) = label.value {
            let prefix = format!("{}.", v);
            for p in pieces.iter().skip(i + 1).flatten() {
                match p {
                    Piece::Sub { label: l, .. } if l.key == kind => break,
                    Piece::Head(h) => {
                        if h.label
                            .as_ref()
                            .is_some_and(|l| l.key.starts_with("decimal-") && l.number().starts_with(&prefix))
                        {
                            out[i] = true;
                        }
                        break;
                    }
                    _ => {}
                }
            }
            if out[i] {
                decided[i] = true;
                continue;
            }
        }
        // The run, and whether it closes its parent.
        let mut members = vec![i];
        let mut closes = true;
        for (j, p) in pieces.iter().enumerate().skip(i + 1) {
            let Some(p) = p else { continue };
            match p {
                Piece::Head(_) => break,
                Piece::Sub { label: l, .. } if l.key == kind => members.push(j),
                Piece::Sub { .. } | Piece::Rule => {}
                Piece::Text(a) => match a.kind {
                    AlineaKind::Item { .. } | AlineaKind::Table { .. } => {}
                    AlineaKind::Paragraph => {
                        let t = inline_text(&a.inlines);
                        let t = t.trim_start();
                        // A line going on in lower case, or with no words (« …… »), is the sub-point's.
                        if !t.starts_with(char::is_lowercase) && t.chars().any(char::is_alphanumeric) {
                            closes = false;
                            break;
                        }
                    }
                },
            }
        }
        let division = closes && cited.contains(kind);
        if !closes {
            // Text of the parent follows: every run of this kind in the
            // parent stays alinéas, the later ones too (one article does not
            // mix list items and divisions of one kind).
            for (j, p) in pieces.iter().enumerate().skip(i + 1) {
                match p {
                    Some(Piece::Head(_)) => break,
                    Some(Piece::Sub { label: l, .. }) if l.key == kind => members.push(j),
                    _ => {}
                }
            }
        }
        for m in members {
            decided[m] = true;
            out[m] = division;
        }
    }
    out
}

/// Places a heading in the outline (see the module comment).
fn place(o: &mut Outline, stack: &mut Vec<usize>, h: Heading) {
    let divs = &o.divs;
    let md_of = |i: usize| divs[i].heading.md_level;
    // An annex or a préambule is at the top; a préambule has no subdivision.
    if h.annex || h.preamble || stack.first().is_some_and(|&i| divs[i].heading.preamble) {
        stack.clear();
    }
    if let Some(hl) = h.md_level {
        // A Markdown heading closes the unnumbered headings of its level or deeper.
        while let Some(&top) = stack.last() {
            let unnumbered = divs[top].heading.label.is_none();
            if (unnumbered || h.label.is_none()) && md_of(top).is_some_and(|l| l >= hl) {
                stack.pop();
            } else {
                break;
            }
        }
    }
    if let Some(l) = &h.label {
        if let Some(pos) = stack.iter().rposition(|&i| divs[i].heading.label.as_ref().is_some_and(|x| x.key == l.key)) {
            stack.truncate(pos);
        } else if let Some(r) = l.rank {
            // A keyword of higher rank than one open (a CHAPITRE after an
            // Article) closes it.
            if let Some(pos) = stack
                .iter()
                .position(|&i| divs[i].heading.label.as_ref().and_then(|x| x.rank).is_some_and(|xr| xr >= r))
            {
                stack.truncate(pos);
            }
        }
    }
    if stack.len() >= MAX_DEPTH {
        // Too deep: the heading stays, as a line of text of the deepest division.
        let line = h.whole_line();
        let top = *stack.last().expect("a full stack");
        o.divs[top].alineas.push(Alinea::paragraph(line));
        if let Some(s) = h.sentence {
            o.divs[top].alineas.push(Alinea::paragraph(s));
        }
        return;
    }
    let parent = stack.last().copied();
    let md_level = h.md_level.or_else(|| parent.and_then(|p| o.divs[p].heading.md_level).map(|l| l + 1));
    let idx = o.divs.len();
    let alineas = h.sentence.clone().map(|v| vec![Alinea::paragraph(v)]).unwrap_or_default();
    o.divs.push(Div {
        heading: Heading { md_level, sentence: None, ..h },
        level: stack.len() + 1,
        alineas,
        children: vec![],
    });
    match parent {
        Some(p) => o.divs[p].children.push(idx),
        None => o.roots.push(idx),
    }
    stack.push(idx);
}

/// A paragraph of an edited document that opens with the label its place
/// calls for (`detect::next_label`), split as the import splits a heading
/// line: its label as written, its title, and — a label followed by a
/// sentence (« V. – Les parties présentent… ») — the sentence that is the
/// division's first alinéa. `None` for a keyword that opens a sentence
/// citing it (« Article 3 du décret … prévoit »). What `word::map` reads
/// a division typed as a plain paragraph by.
pub(crate) fn typed_heading(
    a: &Alinea,
    label: Label,
    prev_lower: Option<usize>,
) -> Option<(String, Vec<Inline>, Option<Vec<Inline>>)> {
    let h = match super::paragraph_heading(a, prev_lower) {
        Some(h) => h,
        None if label.class == Class::Keyword => return None,
        None => subpoint_heading(label, a),
    };
    let label = h.label?.text;
    Some((label, h.title, h.sentence))
}
