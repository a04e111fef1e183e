//! `numbering.xml` and the labels Word computes from it: « Article 1er »,
//! « I. », « a) », « 1.2. » are not in the text of a DOCX, only a numbering
//! instance (`w:numPr`) is, so the reader counts as Word counts and writes
//! the label it would show.
//!
//! The model (ECMA-376 17.9): a `w:num` points at an `w:abstractNum` (nine
//! levels, each with a start, a format and a text such as `Article %1` or
//! `%1.%2.`) and may override levels or their start. Counters belong to the
//! abstract numbering, so two `w:num` on one `w:abstractNum` continue one
//! list; a `w:num` that overrides a start restarts that list there the
//! first time it is used (Word's « Restart at 1 » writes such a `w:num`;
//! LibreOffice writes one for the first item of a restarted list and the
//! plain `w:num` for the items after it, which must continue: 1°, 2°, 3°).
//! Using a level restarts the levels below it (or those whose
//! `w:lvlRestart` names it; `0` never restarts).

use super::styles::{RProps, Styles};
use crate::error::Unreadable;
use crate::read::xml::{local, Node, Ns, Xml};
use std::collections::HashMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    Decimal,
    /// `decimalZero` (01, 02) or a custom `001, 002, …`: the width.
    DecimalZero(usize),
    UpperRoman,
    LowerRoman,
    UpperLetter,
    LowerLetter,
    /// « 1er », « 2e »: Word writes ordinals in the document's language,
    /// and clausier's documents are French.
    Ordinal,
    OrdinalText,
    CardinalText,
    Bullet,
    None,
}

impl Format {
    pub(crate) fn parse(v: &str, custom: Option<&str>) -> Option<Format> {
        Some(match v {
            "decimal" => Format::Decimal,
            "decimalZero" => Format::DecimalZero(2),
            "upperRoman" => Format::UpperRoman,
            "lowerRoman" => Format::LowerRoman,
            "upperLetter" => Format::UpperLetter,
            "lowerLetter" => Format::LowerLetter,
            "ordinal" => Format::Ordinal,
            "ordinalText" => Format::OrdinalText,
            "cardinalText" => Format::CardinalText,
            "bullet" => Format::Bullet,
            "none" => Format::None,
            "custom" => {
                // Word 2010's `001, 002, 003…`: zero-padded decimals. The
                // width comes from the document: bounded before it is used
                // (no number Word counts has more than ten digits).
                let first = custom?.split(',').next()?.trim();
                if first.len() > 1 && first.ends_with('1') && first[..first.len() - 1].bytes().all(|b| b == b'0') {
                    Format::DecimalZero(first.len().min(MAX_ZERO_WIDTH))
                } else {
                    return None;
                }
            }
            // Formats of other scripts (decimalEnclosedCircle, hebrew1…):
            // the number itself, so that nothing is lost.
            _ => Format::Decimal,
        })
    }

    pub(crate) fn format(self, n: u32) -> String {
        match self {
            Format::Decimal => n.to_string(),
            Format::DecimalZero(w) => {
                // Padded by hand: a width from a document never reaches
                // `format!` (whose widths stop at 65 535, with a panic).
                let digits = n.to_string();
                let pad = w.min(MAX_ZERO_WIDTH).saturating_sub(digits.len());
                "0".repeat(pad) + &digits
            }
            Format::UpperRoman => crate::numbering::roman(n as usize),
            Format::LowerRoman => crate::numbering::roman(n as usize).to_lowercase(),
            Format::UpperLetter => letters(n),
            Format::LowerLetter => letters(n).to_lowercase(),
            Format::Ordinal => crate::french::ordinal_abbr(n as usize),
            Format::OrdinalText => crate::french::ordinal_word(n as usize),
            Format::CardinalText => crate::french::cardinal_word(n as usize),
            Format::Bullet | Format::None => String::new(),
        }
    }
}

/// The longest label kept.
const MAX_LABEL: usize = 256;
/// The widest zero-padded number (`0000000001`): `u32::MAX` has ten digits.
const MAX_ZERO_WIDTH: usize = 10;

/// Word's letters: A … Z, then AA, BB … ZZ, then AAA (not AA, AB as a
/// spreadsheet counts). Zero has no letter: it reads as its number.
fn letters(n: u32) -> String {
    if n == 0 {
        return "0".into();
    }
    let c = (b'A' + ((n - 1) % 26) as u8) as char;
    // A thousand-fold repetition is no label anyone reads; cap it.
    std::iter::repeat_n(c, (((n - 1) / 26) as usize + 1).min(64)).collect()
}

#[derive(Debug, Clone)]
pub(crate) struct Level {
    pub(crate) start: u32,
    pub(crate) format: Format,
    /// `w:lvlText`: `None` when absent (no label).
    pub(crate) text: Option<String>,
    /// `w:lvlRestart`: `None` is the default (restart after any higher
    /// level), `Some(0)` never, `Some(k)` after levels 1..=k (1-based).
    restart: Option<u32>,
    /// `w:isLgl`: every number of the label in Arabic numerals.
    pub(crate) legal: bool,
    pub(crate) rpr: RProps,
    /// The paragraph style this level is bound to (`w:pStyle`).
    pub(crate) style: Option<String>,
}

impl Default for Level {
    fn default() -> Level {
        Level {
            start: 0,
            format: Format::Decimal,
            text: None,
            restart: None,
            legal: false,
            rpr: RProps::default(),
            style: None,
        }
    }
}

#[derive(Debug, Clone, Default)]
struct Abstract {
    levels: [Option<Level>; 9],
    /// `w:numStyleLink`: the levels live in the numbering of that style.
    style_link: Option<String>,
}

#[derive(Debug, Clone, Default)]
struct Num {
    abstract_id: u32,
    /// Per level: a start override and/or a replacement level.
    start: [Option<u32>; 9],
    level: [Option<Level>; 9],
}

#[derive(Debug, Default)]
pub(crate) struct Numbering {
    abstracts: HashMap<u32, Abstract>,
    nums: HashMap<u32, Num>,
}

/// A label as Word shows it before a paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Label {
    /// « Article 1er », « a) », « 1.2. »; for a bullet, its character.
    pub(crate) text: String,
    pub(crate) bullet: bool,
    pub(crate) rpr: RProps,
}

fn clamp_u32(v: i64) -> u32 {
    v.clamp(0, u32::MAX as i64) as u32
}

impl Numbering {
    pub(crate) fn parse(bytes: &[u8], part: &str) -> Result<Numbering, Unreadable> {
        let mut xml = Xml::new(bytes, part)?;
        let mut n = Numbering::default();
        // What is being read: an abstract numbering or a `w:num`, the level
        // (with the override it belongs to, if any).
        let mut abs: Option<(u32, Abstract)> = None;
        let mut num: Option<(u32, Num)> = None;
        let mut lvl: Option<(usize, Level, bool)> = None; // (ilvl, level, custom format set)
        let mut over: Option<usize> = None;
        let mut depth = 0usize;
        let mut skip_at: Option<usize> = None;
        let mut in_rpr = false;
        loop {
            match xml.next()? {
                Node::Eof => break,
                Node::Open { ns, e, empty } => {
                    if skip_at.is_none() && ns == Ns::W {
                        let val = || xml.attr(&e, b"val");
                        match local(&e) {
                            b"rPrChange" | b"pPrChange" => skip_at = Some(depth),
                            b"abstractNum" => {
                                let id = xml.num(&e, b"abstractNumId")?.map(clamp_u32).unwrap_or(0);
                                abs = Some((id, Abstract::default()));
                            }
                            b"num" => {
                                let id = xml.num(&e, b"numId")?.map(clamp_u32).unwrap_or(0);
                                num = Some((id, Num::default()));
                            }
                            b"abstractNumId" => {
                                if let Some((_, m)) = num.as_mut() {
                                    m.abstract_id = xml.num(&e, b"val")?.map(clamp_u32).unwrap_or(0);
                                }
                            }
                            b"lvlOverride" => over = xml.num(&e, b"ilvl")?.map(|v| v.clamp(0, 8) as usize),
                            b"startOverride" => {
                                if let (Some((_, m)), Some(k)) = (num.as_mut(), over) {
                                    m.start[k] = xml.num(&e, b"val")?.map(clamp_u32);
                                }
                            }
                            b"numStyleLink" => {
                                if let Some((_, a)) = abs.as_mut() {
                                    a.style_link = val()?;
                                }
                            }
                            b"lvl" => {
                                let k = xml.num(&e, b"ilvl")?.unwrap_or(0).clamp(0, 8) as usize;
                                lvl = Some((k, Level::default(), false));
                            }
                            b"rPr" => in_rpr = true,
                            name => {
                                if let Some((_, l, custom)) = lvl.as_mut() {
                                    match name {
                                        _ if in_rpr => l.rpr.set(&xml, &e)?,
                                        b"start" => l.start = xml.num(&e, b"val")?.map(clamp_u32).unwrap_or(0),
                                        b"numFmt" => {
                                            // In `mc:AlternateContent`, the Choice's custom
                                            // format comes first and the Fallback repeats a
                                            // plain one: a format understood is kept.
                                            if let Some(f) = Format::parse(
                                                &val()?.unwrap_or_default(),
                                                xml.attr(&e, b"format")?.as_deref(),
                                            ) {
                                                if !*custom {
                                                    l.format = f;
                                                    *custom = matches!(f, Format::DecimalZero(w) if w > 2);
                                                }
                                            }
                                        }
                                        b"lvlText" => l.text = val()?,
                                        b"lvlRestart" => l.restart = xml.num(&e, b"val")?.map(clamp_u32),
                                        b"isLgl" => l.legal = crate::read::xml::on_off(val()?.as_deref()),
                                        b"pStyle" => l.style = val()?,
                                        _ => {}
                                    }
                                }
                            }
                        }
                    }
                    if !empty {
                        depth += 1;
                    } else if skip_at == Some(depth) {
                        skip_at = None;
                    } else if skip_at.is_none() && ns == Ns::W {
                        Self::close_named(&mut n, local(&e), &mut abs, &mut num, &mut lvl, &mut over, &mut in_rpr);
                    }
                }
                Node::Close { ns, e } => {
                    depth = depth.saturating_sub(1);
                    if skip_at.is_some_and(|d| depth <= d) {
                        skip_at = None;
                        continue;
                    }
                    if skip_at.is_none() && ns == Ns::W {
                        let name = crate::read::xml::local_end(&e).to_vec();
                        Self::close_named(&mut n, &name, &mut abs, &mut num, &mut lvl, &mut over, &mut in_rpr);
                    }
                }
                _ => {}
            }
        }
        Ok(n)
    }

    fn close_named(
        n: &mut Numbering,
        name: &[u8],
        abs: &mut Option<(u32, Abstract)>,
        num: &mut Option<(u32, Num)>,
        lvl: &mut Option<(usize, Level, bool)>,
        over: &mut Option<usize>,
        in_rpr: &mut bool,
    ) {
        match name {
            b"rPr" => *in_rpr = false,
            b"lvl" => {
                if let Some((k, l, _)) = lvl.take() {
                    if let (Some((_, m)), Some(o)) = (num.as_mut(), *over) {
                        m.level[o] = Some(l);
                    } else if let Some((_, a)) = abs.as_mut() {
                        a.levels[k].get_or_insert(l);
                    }
                }
            }
            b"lvlOverride" => *over = None,
            b"abstractNum" => {
                if let Some((id, a)) = abs.take() {
                    n.abstracts.entry(id).or_insert(a);
                }
            }
            b"num" => {
                if let Some((id, m)) = num.take() {
                    n.nums.entry(id).or_insert(m);
                }
            }
            _ => {}
        }
    }

    /// The abstract numbering a `w:num` uses, following `w:numStyleLink`
    /// (bounded: a link that leads back is no numbering).
    fn abstract_of(&self, styles: &Styles, num_id: u32) -> Option<(u32, &Abstract)> {
        let mut id = self.nums.get(&num_id)?.abstract_id;
        for _ in 0..8 {
            let a = self.abstracts.get(&id)?;
            match &a.style_link {
                Some(s) => {
                    let next = styles.num_of_style(s)?;
                    id = self.nums.get(&next)?.abstract_id;
                }
                None => return Some((id, a)),
            }
        }
        None
    }

    /// The level a paragraph of this style takes in this numbering, when
    /// the style gives the numbering but not the level: the level bound to
    /// the style (`w:pStyle`), else the first.
    pub(crate) fn level_of_style(&self, styles: &Styles, num_id: u32, style: &str) -> u8 {
        self.abstract_of(styles, num_id)
            .and_then(|(_, a)| a.levels.iter().position(|l| l.as_ref().and_then(|l| l.style.as_deref()) == Some(style)))
            .unwrap_or(0) as u8
    }
}

/// Where lists stand while the document is read.
#[derive(Debug, Default)]
pub(crate) struct Counters {
    /// Abstract numbering → the current number of each level (`None`: not
    /// used since its last restart).
    lists: HashMap<u32, [Option<u32>; 9]>,
    /// The `w:num` already met (a start override acts on first use).
    seen: std::collections::HashSet<u32>,
}

impl Counters {
    /// Counts one paragraph at `ilvl` of `num_id` and returns its label;
    /// `None` when the numbering or the level does not exist (`numId` 0
    /// removes numbering).
    pub(crate) fn next(&mut self, numbering: &Numbering, styles: &Styles, num_id: u32, ilvl: u8) -> Option<Label> {
        if num_id == 0 {
            return None;
        }
        let num = numbering.nums.get(&num_id)?;
        let (abs_id, abs) = numbering.abstract_of(styles, num_id)?;
        let ilvl = (ilvl as usize).min(8);
        let level = |k: usize| num.level[k].as_ref().or(abs.levels[k].as_ref());
        let this = level(ilvl)?;
        let start = |k: usize| {
            num.start[k].or(num.level[k].as_ref().map(|l| l.start)).unwrap_or_else(|| level(k).map_or(0, |l| l.start))
        };
        let counts = self.lists.entry(abs_id).or_insert([None; 9]);
        if self.seen.insert(num_id) {
            for (k, c) in counts.iter_mut().enumerate() {
                if num.start[k].is_some() || num.level[k].is_some() {
                    *c = None;
                }
            }
        }
        counts[ilvl] = Some(match counts[ilvl] {
            None => start(ilvl),
            Some(v) => v.saturating_add(1),
        });
        for (k, c) in counts.iter_mut().enumerate().skip(ilvl + 1) {
            let restarts = match level(k).and_then(|l| l.restart) {
                None => true,
                Some(0) => false,
                Some(r) => (ilvl as u32) < r,
            };
            if restarts {
                *c = None;
            }
        }
        let counts = *counts;
        let text = this.text.as_deref().unwrap_or_default();
        let mut out = String::with_capacity(text.len().min(MAX_LABEL) + 4);
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            // No label Word shows is longer: a `w:lvlText` of ten thousand
            // `%1` costs no more than this per paragraph.
            if out.len() >= MAX_LABEL {
                let cut = (0..=MAX_LABEL).rev().find(|k| out.is_char_boundary(*k)).unwrap_or(0);
                out.truncate(cut);
                break;
            }
            if c == '%' {
                if let Some(d) = chars.peek().and_then(|d| d.to_digit(10)).filter(|d| (1..=9).contains(d)) {
                    chars.next();
                    let k = d as usize - 1;
                    let n = counts[k].unwrap_or_else(|| start(k));
                    let f = level(k).map_or(Format::Decimal, |l| l.format);
                    let f = if this.legal && f != Format::None && f != Format::Bullet { Format::Decimal } else { f };
                    out.push_str(&f.format(n));
                    continue;
                }
            }
            out.push(c);
        }
        Some(Label { text: out, bullet: this.format == Format::Bullet, rpr: this.rpr })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;

    fn numbering(body: &str) -> Numbering {
        let xml = format!(r#"<w:numbering {}>{}</w:numbering>"#, W, body);
        Numbering::parse(xml.as_bytes(), "word/numbering.xml").unwrap()
    }

    fn lvl(k: u8, start: u32, fmt: &str, text: &str) -> String {
        format!(
            r#"<w:lvl w:ilvl="{}"><w:start w:val="{}"/><w:numFmt w:val="{}"/><w:lvlText w:val="{}"/></w:lvl>"#,
            k, start, fmt, text
        )
    }

    fn labels(n: &Numbering, seq: &[(u32, u8)]) -> Vec<String> {
        let styles = Styles::default();
        let mut c = Counters::default();
        seq.iter().map(|(id, l)| c.next(n, &styles, *id, *l).map(|l| l.text).unwrap_or_else(|| "∅".into())).collect()
    }

    #[test]
    fn legal_outline_as_word_shows_it() {
        let n = numbering(&format!(
            r#"<w:abstractNum w:abstractNumId="0">{}{}{}{}</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>"#,
            lvl(0, 1, "upperRoman", "%1."),
            lvl(1, 1, "upperLetter", "%2."),
            lvl(2, 1, "decimal", "%3."),
            lvl(3, 1, "lowerRoman", "%4)"),
        ));
        assert_eq!(
            labels(&n, &[(1, 0), (1, 1), (1, 2), (1, 3), (1, 3), (1, 2), (1, 3), (1, 1), (1, 0), (1, 1)]),
            ["I.", "A.", "1.", "i)", "ii)", "2.", "i)", "B.", "II.", "A."]
        );
    }

    #[test]
    fn articles_ordinals_and_multilevel_text() {
        let n = numbering(&format!(
            r#"<w:abstractNum w:abstractNumId="3">{}{}</w:abstractNum><w:num w:numId="7"><w:abstractNumId w:val="3"/></w:num>
               <w:abstractNum w:abstractNumId="4">{}{}</w:abstractNum><w:num w:numId="8"><w:abstractNumId w:val="4"/></w:num>"#,
            lvl(0, 1, "ordinal", "Article %1"),
            lvl(1, 1, "lowerLetter", "%2)"),
            lvl(0, 1, "decimal", "%1."),
            lvl(1, 1, "decimal", "%1.%2."),
        ));
        assert_eq!(labels(&n, &[(7, 0), (7, 1), (7, 1), (7, 0)]), ["Article 1er", "a)", "b)", "Article 2e"]);
        assert_eq!(labels(&n, &[(8, 0), (8, 1), (8, 1), (8, 0), (8, 1)]), ["1.", "1.1.", "1.2.", "2.", "2.1."]);
    }

    #[test]
    fn instances_share_a_list_and_an_override_restarts_it() {
        let n = numbering(&format!(
            r#"<w:abstractNum w:abstractNumId="0">{}</w:abstractNum>
               <w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
               <w:num w:numId="2"><w:abstractNumId w:val="0"/></w:num>
               <w:num w:numId="3"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="5"/></w:lvlOverride></w:num>"#,
            lvl(0, 1, "lowerLetter", "%1)"),
        ));
        assert_eq!(
            labels(&n, &[(1, 0), (1, 0), (2, 0), (3, 0), (3, 0), (1, 0), (9, 0), (0, 0)]),
            ["a)", "b)", "c)", "e)", "f)", "g)", "∅", "∅"]
        );
        // LibreOffice's restarted list: the first item on an overriding
        // `w:num`, the next ones on the plain one, which continue.
        assert_eq!(labels(&n, &[(1, 0), (1, 0), (3, 0), (1, 0), (1, 0)]), ["a)", "b)", "e)", "f)", "g)"]);
    }

    #[test]
    fn restart_rules_and_legal_numbers() {
        let n = numbering(
            r#"<w:abstractNum w:abstractNumId="0">
                 <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="Titre %1"/></w:lvl>
                 <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlRestart w:val="0"/><w:lvlText w:val="Article %2"/></w:lvl>
                 <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:isLgl/><w:lvlText w:val="%1.%2.%3"/></w:lvl>
               </w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>"#,
        );
        assert_eq!(
            labels(&n, &[(1, 0), (1, 1), (1, 1), (1, 2), (1, 0), (1, 1), (1, 2)]),
            ["Titre I", "Article 1", "Article 2", "1.2.1", "Titre II", "Article 3", "2.3.1"]
        );
    }

    #[test]
    fn formats() {
        assert_eq!(letters(1), "A");
        assert_eq!(letters(26), "Z");
        assert_eq!(letters(27), "AA");
        assert_eq!(letters(53), "AAA");
        assert_eq!(Format::DecimalZero(3).format(7), "007");
        assert_eq!(Format::LowerRoman.format(14), "xiv");
        assert_eq!(Format::parse("custom", Some("001, 002, 003, ...")), Some(Format::DecimalZero(3)));
        assert_eq!(Format::parse("custom", Some("α, β")), None);
        // A width from a document is bounded before any formatting.
        let huge = format!("{}1", "0".repeat(70_000));
        let f = Format::parse("custom", Some(&huge)).unwrap();
        assert_eq!(f, Format::DecimalZero(MAX_ZERO_WIDTH));
        assert_eq!(f.format(7), "0000000007");
        assert_eq!(Format::DecimalZero(70_000).format(42), "0000000042");
        assert_eq!(letters(u32::MAX).len(), 64);
    }
}
