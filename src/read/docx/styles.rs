//! `styles.xml`: what a paragraph or a run inherits from its style, so that
//! a word made bold by its style reads bold, a paragraph in « Titre 2 »
//! reads as a heading of level 2, and a paragraph in « Liste numérotée »
//! gets its number.
//!
//! Styles inherit along `w:basedOn`; the nearest definition wins, except
//! for the toggle properties bold and italic, which ECMA-376 (17.7.3) makes
//! flip at each level of the hierarchy that turns them on (bold in a bold
//! heading style, set again by a bold character style, reads plain — as
//! Word shows it). Chains are walked with a bound, so a cycle of `basedOn`
//! cannot loop.

use crate::error::Unreadable;
use crate::read::xml::{local, on_off, Node, Ns, Xml};
use std::collections::HashMap;

/// Character formatting as set at one level: `None` where that level says
/// nothing.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct RProps {
    pub(crate) bold: Option<bool>,
    pub(crate) italic: Option<bool>,
    pub(crate) underline: Option<bool>,
    pub(crate) superscript: Option<bool>,
}

impl RProps {
    /// Reads one child of a `w:rPr` (other properties are not ours).
    pub(crate) fn set(&mut self, xml: &Xml, e: &quick_xml::events::BytesStart) -> Result<(), Unreadable> {
        let val = xml.attr(e, b"val")?;
        match local(e) {
            b"b" => self.bold = Some(on_off(val.as_deref())),
            b"i" => self.italic = Some(on_off(val.as_deref())),
            b"u" => self.underline = Some(on_off(val.as_deref())),
            b"vertAlign" => self.superscript = Some(val.as_deref() == Some("superscript")),
            _ => {}
        }
        Ok(())
    }

    /// `over` applied on top of `self`, nearest wins (no toggling).
    pub(crate) fn over(self, over: RProps) -> RProps {
        RProps {
            bold: over.bold.or(self.bold),
            italic: over.italic.or(self.italic),
            underline: over.underline.or(self.underline),
            superscript: over.superscript.or(self.superscript),
        }
    }
}

/// The formatting a style chain contributes: bold and italic as toggles
/// (how many levels turn them on, mod 2), the others nearest-wins.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Inherited {
    bold_flips: bool,
    italic_flips: bool,
    pub(crate) underline: Option<bool>,
    pub(crate) superscript: Option<bool>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Paragraph,
    Character,
    Other,
}

#[derive(Debug, Clone)]
struct StyleDef {
    name: Option<String>,
    kind: Kind,
    based_on: Option<String>,
    rpr: RProps,
    /// `w:outlineLvl`, 0-based (9 is body text).
    outline: Option<u8>,
    num_id: Option<u32>,
    ilvl: Option<u8>,
}

/// What a paragraph style gives a paragraph, resolved along its chain.
#[derive(Debug, Clone, Default)]
pub(crate) struct ParaStyle {
    pub(crate) id: Option<String>,
    /// The style's name as written (`heading 1`, `Titre article`), else its id.
    pub(crate) name: Option<String>,
    /// Heading level 1–9, from the outline level or a built-in heading name.
    pub(crate) heading: Option<u8>,
    pub(crate) inherited: Inherited,
    pub(crate) num_id: Option<u32>,
    pub(crate) ilvl: Option<u8>,
}

#[derive(Debug, Default)]
pub(crate) struct Styles {
    defs: HashMap<String, StyleDef>,
    /// `w:docDefaults/w:rPrDefault`: the base every run starts from.
    pub(crate) defaults: RProps,
    default_para: Option<String>,
    para_cache: HashMap<String, ParaStyle>,
    char_cache: HashMap<String, Inherited>,
}

/// How far `basedOn` is followed: Word itself refuses deeper chains.
const MAX_CHAIN: usize = 64;

/// Level of a built-in heading style from its name or a localized id:
/// `heading 1` (the name Word writes whatever the language), `Heading1`,
/// `Titre1` (French), `berschrift1` (German, Word drops the Ü), `Kop1`,
/// `Titolo1`, `Ttulo1`.
fn heading_level_of(name_or_id: &str) -> Option<u8> {
    let s = name_or_id.trim().to_lowercase();
    let s = s.replace(' ', "");
    for prefix in ["heading", "titre", "überschrift", "berschrift", "kop", "titolo", "título", "ttulo"] {
        if let Some(rest) = s.strip_prefix(prefix) {
            if let Ok(n) = rest.parse::<u8>() {
                if (1..=9).contains(&n) {
                    return Some(n);
                }
            }
        }
    }
    None
}

impl Styles {
    pub(crate) fn parse(bytes: &[u8], part: &str) -> Result<Styles, Unreadable> {
        let mut xml = Xml::new(bytes, part)?;
        let mut st = Styles::default();
        // The style being read (`None` for a duplicate id: the first wins).
        let mut cur: Option<String> = None;
        // Element names from the root; `skip_at` is the depth of a tracked
        // formatting change, whose old values are not the style's;
        // `defaults_at` the depth of `w:rPrDefault`. Counters, not scans of
        // the path, so that deep nesting stays linear.
        let mut path: Vec<Vec<u8>> = Vec::new();
        let mut skip_at: Option<usize> = None;
        let mut defaults_at: Option<usize> = None;
        loop {
            let (ns, e, empty) = match xml.next()? {
                Node::Eof => break,
                Node::Open { ns, e, empty } => (ns, e, empty),
                Node::Close { .. } => {
                    path.pop();
                    if skip_at.is_some_and(|d| path.len() <= d) {
                        skip_at = None;
                    }
                    if defaults_at.is_some_and(|d| path.len() <= d) {
                        defaults_at = None;
                    }
                    continue;
                }
                _ => continue,
            };
            let name = local(&e).to_vec();
            if skip_at.is_none() && ns == Ns::W {
                let parent = path.last().map(Vec::as_slice);
                match (parent, name.as_slice()) {
                    (_, b"rPrChange") | (_, b"pPrChange") => skip_at = Some(path.len()),
                    (_, b"rPrDefault") => defaults_at = Some(path.len()),
                    (Some(b"styles"), b"style") => {
                        let kind = match xml.attr(&e, b"type")?.as_deref() {
                            Some("paragraph") | None => Kind::Paragraph,
                            Some("character") => Kind::Character,
                            _ => Kind::Other,
                        };
                        let id = xml.attr(&e, b"styleId")?.unwrap_or_default();
                        if kind == Kind::Paragraph
                            && xml.attr(&e, b"default")?.is_some_and(|d| on_off(Some(&d)))
                            && st.default_para.is_none()
                        {
                            st.default_para = Some(id.clone());
                        }
                        cur = None;
                        if !st.defs.contains_key(&id) {
                            st.defs.insert(
                                id.clone(),
                                StyleDef {
                                    name: None,
                                    kind,
                                    based_on: None,
                                    rpr: RProps::default(),
                                    outline: None,
                                    num_id: None,
                                    ilvl: None,
                                },
                            );
                            cur = Some(id);
                        }
                    }
                    (Some(p), _) => {
                        if p == b"rPr" && defaults_at.is_some() {
                            st.defaults.set(&xml, &e)?;
                        } else if let Some(d) = cur.as_ref().and_then(|id| st.defs.get_mut(id)) {
                            match (p, name.as_slice()) {
                                (b"style", b"name") => d.name = xml.attr(&e, b"val")?,
                                (b"style", b"basedOn") => d.based_on = xml.attr(&e, b"val")?,
                                (b"pPr", b"outlineLvl") => {
                                    d.outline = xml.num(&e, b"val")?.map(|v| v.clamp(0, 9) as u8)
                                }
                                (b"numPr", b"numId") => {
                                    d.num_id = xml.num(&e, b"val")?.map(|v| v.clamp(0, u32::MAX as i64) as u32)
                                }
                                (b"numPr", b"ilvl") => d.ilvl = xml.num(&e, b"val")?.map(|v| v.clamp(0, 8) as u8),
                                (b"rPr", _) => d.rpr.set(&xml, &e)?,
                                _ => {}
                            }
                        }
                    }
                    _ => {}
                }
            }
            if !empty {
                path.push(name);
            } else {
                if skip_at == Some(path.len()) {
                    skip_at = None;
                }
                if defaults_at == Some(path.len()) {
                    defaults_at = None;
                }
            }
        }
        Ok(st)
    }

    /// The chain of a style, itself first, bounded and cycle-free.
    fn chain<'s>(&'s self, id: &'s str) -> Vec<(&'s str, &'s StyleDef)> {
        let mut out: Vec<(&str, &StyleDef)> = Vec::new();
        let mut cur = Some(id);
        while let Some(i) = cur {
            if out.len() >= MAX_CHAIN || out.iter().any(|(k, _)| *k == i) {
                break;
            }
            let Some(d) = self.defs.get(i) else { break };
            out.push((i, d));
            cur = d.based_on.as_deref();
        }
        out
    }

    fn inherited(chain: &[(&str, &StyleDef)]) -> Inherited {
        let mut inh = Inherited::default();
        for (_, d) in chain {
            inh.bold_flips ^= d.rpr.bold == Some(true);
            inh.italic_flips ^= d.rpr.italic == Some(true);
        }
        inh.underline = chain.iter().find_map(|(_, d)| d.rpr.underline);
        inh.superscript = chain.iter().find_map(|(_, d)| d.rpr.superscript);
        inh
    }

    /// What the paragraph style `id` (or the default paragraph style when
    /// `None`) gives. Memoised: a document uses a few dozen styles.
    pub(crate) fn para(&mut self, id: Option<&str>) -> ParaStyle {
        let Some(id) = id.or(self.default_para.as_deref()).map(str::to_string) else { return ParaStyle::default() };
        if let Some(p) = self.para_cache.get(&id) {
            return p.clone();
        }
        let chain = self.chain(&id);
        // A style the document uses but does not define still says what
        // it is by its id (`Heading1`, `Titre2`).
        let mut heading = if chain.is_empty() { heading_level_of(&id) } else { None };
        for (sid, d) in &chain {
            if let Some(o) = d.outline {
                heading = if o < 9 { Some(o + 1) } else { None };
                break;
            }
            if let Some(n) = d.name.as_deref().and_then(heading_level_of).or_else(|| heading_level_of(sid)) {
                heading = Some(n);
                break;
            }
        }
        let p = ParaStyle {
            name: chain.first().and_then(|(_, d)| d.name.clone()).or(Some(id.clone())),
            id: Some(id.clone()),
            heading,
            inherited: Self::inherited(&chain),
            num_id: chain.iter().find_map(|(_, d)| d.num_id),
            ilvl: chain.iter().find_map(|(_, d)| d.ilvl),
        };
        self.para_cache.insert(id, p.clone());
        p
    }

    /// What the character style `id` gives a run.
    pub(crate) fn char(&mut self, id: &str) -> Inherited {
        if let Some(c) = self.char_cache.get(id) {
            return *c;
        }
        let chain: Vec<_> = self.chain(id).into_iter().filter(|(_, d)| d.kind == Kind::Character).collect();
        let inh = Self::inherited(&chain);
        self.char_cache.insert(id.to_string(), inh);
        inh
    }

    /// The numbering a `w:numStyleLink` names: the `numId` in that
    /// numbering style's properties.
    pub(crate) fn num_of_style(&self, id: &str) -> Option<u32> {
        self.chain(id).iter().find_map(|(_, d)| d.num_id)
    }
}

/// The style of a run as it reads: direct formatting is absolute, under it
/// the paragraph style's and the character style's toggles flip the
/// document defaults.
pub(crate) fn resolve(defaults: RProps, para: Inherited, chr: Inherited, direct: RProps) -> crate::model::Style {
    let toggled = |base: Option<bool>, a: bool, b: bool| base.unwrap_or(false) ^ a ^ b;
    crate::model::Style {
        bold: direct.bold.unwrap_or_else(|| toggled(defaults.bold, para.bold_flips, chr.bold_flips)),
        italic: direct.italic.unwrap_or_else(|| toggled(defaults.italic, para.italic_flips, chr.italic_flips)),
        underline: direct.underline.or(chr.underline).or(para.underline).or(defaults.underline).unwrap_or(false),
        superscript: direct
            .superscript
            .or(chr.superscript)
            .or(para.superscript)
            .or(defaults.superscript)
            .unwrap_or(false),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;

    fn styles(body: &str) -> Styles {
        let xml = format!(r#"<w:styles {}>{}</w:styles>"#, W, body);
        Styles::parse(xml.as_bytes(), "word/styles.xml").unwrap()
    }

    #[test]
    fn headings_by_name_id_and_outline_level() {
        let mut s = styles(
            r#"<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
               <w:style w:type="paragraph" w:styleId="Titre2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/></w:style>
               <w:style w:type="paragraph" w:styleId="Titre1"><w:basedOn w:val="Normal"/></w:style>
               <w:style w:type="paragraph" w:styleId="Article"><w:name w:val="Article"/><w:basedOn w:val="Normal"/><w:pPr><w:outlineLvl w:val="2"/></w:pPr></w:style>
               <w:style w:type="paragraph" w:styleId="ArticleBis"><w:basedOn w:val="Article"/></w:style>
               <w:style w:type="paragraph" w:styleId="Corps"><w:basedOn w:val="Titre2"/><w:pPr><w:outlineLvl w:val="9"/></w:pPr></w:style>"#,
        );
        assert_eq!(s.para(Some("Titre2")).heading, Some(2));
        assert_eq!(s.para(Some("Titre1")).heading, Some(1));
        assert_eq!(s.para(Some("Article")).heading, Some(3));
        assert_eq!(s.para(Some("ArticleBis")).heading, Some(3), "inherited along basedOn");
        assert_eq!(s.para(Some("Corps")).heading, None, "outline level 9 is body text");
        assert_eq!(s.para(None).heading, None);
        assert_eq!(s.para(None).name.as_deref(), Some("Normal"));
        assert_eq!(s.para(Some("Titre2")).name.as_deref(), Some("heading 2"));
    }

    #[test]
    fn toggles_flip_and_cycles_end() {
        let mut s = styles(
            r#"<w:style w:type="paragraph" w:styleId="Gras"><w:rPr><w:b/><w:u w:val="single"/></w:rPr></w:style>
               <w:style w:type="paragraph" w:styleId="GrasBis"><w:basedOn w:val="Gras"/><w:rPr><w:i/></w:rPr></w:style>
               <w:style w:type="character" w:styleId="Strong"><w:rPr><w:b/></w:rPr></w:style>
               <w:style w:type="paragraph" w:styleId="A"><w:basedOn w:val="B"/></w:style>
               <w:style w:type="paragraph" w:styleId="B"><w:basedOn w:val="A"/><w:rPr><w:b w:val="0"/></w:rPr></w:style>"#,
        );
        let p = s.para(Some("GrasBis")).inherited;
        let plain = s.char("none");
        let st = resolve(RProps::default(), p, plain, RProps::default());
        assert!(st.bold && st.italic && st.underline);
        let strong = s.char("Strong");
        let st = resolve(RProps::default(), p, strong, RProps::default());
        assert!(!st.bold, "bold twice in the hierarchy reads plain (ECMA-376 17.7.3)");
        let st = resolve(RProps::default(), p, strong, RProps { bold: Some(true), ..Default::default() });
        assert!(st.bold, "direct formatting is absolute");
        assert_eq!(s.para(Some("A")).heading, None);
        assert!(!s.para(Some("A")).inherited.bold_flips);
    }

    #[test]
    fn localized_heading_ids() {
        for (s, n) in [
            ("heading 1", Some(1)),
            ("Heading 3", Some(3)),
            ("Titre4", Some(4)),
            ("berschrift2", Some(2)),
            ("Überschrift 2", Some(2)),
            ("Titre", None),
            ("Heading10", None),
            ("heading", None),
        ] {
            assert_eq!(heading_level_of(s), n, "{}", s);
        }
    }
}
