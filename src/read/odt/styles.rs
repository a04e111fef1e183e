//! The styles of an OpenDocument text (`styles.xml`, and the automatic
//! styles at the head of `content.xml`): what a paragraph or a span
//! inherits — bold, italic, underline, superscript —, a paragraph style's
//! outline level (a heading), the list style it numbers with, and the list
//! and outline numbering formats. Styles inherit along
//! `style:parent-style-name`, the nearest definition winning (ODF has no
//! toggles); chains are walked with a bound, so a cycle cannot loop.

use crate::error::Unreadable;
use crate::read::docx::list_numbering::Format;
use crate::read::xml::{local, Node, Ns, Xml};
use std::collections::HashMap;

/// Character formatting as one style states it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct TextProps {
    pub(crate) bold: Option<bool>,
    pub(crate) italic: Option<bool>,
    pub(crate) underline: Option<bool>,
    pub(crate) superscript: Option<bool>,
}

impl TextProps {
    /// `over` on top of `self`: the nearest wins.
    pub(crate) fn over(self, over: TextProps) -> TextProps {
        TextProps {
            bold: over.bold.or(self.bold),
            italic: over.italic.or(self.italic),
            underline: over.underline.or(self.underline),
            superscript: over.superscript.or(self.superscript),
        }
    }

    pub(crate) fn style(self) -> crate::model::Style {
        crate::model::Style {
            bold: self.bold.unwrap_or(false),
            italic: self.italic.unwrap_or(false),
            underline: self.underline.unwrap_or(false),
            superscript: self.superscript.unwrap_or(false),
        }
    }

    /// Reads `style:text-properties`.
    fn read(&mut self, xml: &Xml, e: &quick_xml::events::BytesStart) -> Result<(), Unreadable> {
        if let Some(w) = xml.attr(e, b"font-weight")? {
            let w = w.trim();
            self.bold = Some(w == "bold" || w.parse::<u32>().is_ok_and(|n| n >= 600));
        }
        if let Some(s) = xml.attr(e, b"font-style")? {
            self.italic = Some(matches!(s.trim(), "italic" | "oblique"));
        }
        if let Some(u) = xml.attr(e, b"text-underline-style")? {
            self.underline = Some(u.trim() != "none");
        }
        if let Some(p) = xml.attr(e, b"text-position")? {
            // « super 58% », « 33% 58% »: raised; « 0% », « sub », « -33% »: not.
            let first = p.split_whitespace().next().unwrap_or("");
            let raised = first == "super" || first.trim_end_matches('%').parse::<f64>().is_ok_and(|v| v > 0.0);
            self.superscript = Some(raised);
        }
        Ok(())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Family {
    Paragraph,
    Text,
}

#[derive(Debug, Clone, Default)]
struct StyleDef {
    parent: Option<String>,
    display: Option<String>,
    outline: Option<u8>,
    list_style: Option<String>,
    text: TextProps,
    /// An automatic style (`content.xml`): its display name is its parent's.
    automatic: bool,
}

/// One level of a list or outline numbering.
#[derive(Debug, Clone)]
pub(crate) struct Level {
    pub(crate) format: Format,
    pub(crate) prefix: String,
    pub(crate) suffix: String,
    pub(crate) start: u32,
    /// How many levels the label shows (« 1.2. » shows 2).
    pub(crate) display: usize,
}

/// What a paragraph's style says of it.
#[derive(Debug, Clone, Default)]
pub(crate) struct ParaInfo {
    /// The named style's display name (« Heading 1 », « Contents 2 »).
    pub(crate) name: Option<String>,
    pub(crate) outline: Option<u8>,
    pub(crate) list_style: Option<String>,
    pub(crate) text: TextProps,
}

/// Styles are many in a hostile file; chains and levels are bounded.
const MAX_CHAIN: usize = 32;
const MAX_LEVELS: usize = 10;
const MAX_STYLES: usize = 100_000;

#[derive(Debug, Default)]
pub(crate) struct Styles {
    styles: HashMap<(Family, String), StyleDef>,
    lists: HashMap<String, Vec<Option<Level>>>,
    pub(crate) outline: Vec<Option<Level>>,
}

impl Styles {
    /// Reads the styles of a part (`styles.xml`; `content.xml` or a flat
    /// ODT up to its body): named ones (`office:styles`) and automatic
    /// ones (`office:automatic-styles`), whose name is no name to show.
    pub(crate) fn read(&mut self, bytes: &[u8], part: &str) -> Result<(), Unreadable> {
        let mut x = Xml::new(bytes, part)?;
        let mut automatic = false;
        // The style being read, the list style and level being read.
        let mut style: Option<(Family, String, StyleDef)> = None;
        let mut list: Option<(Option<String>, Vec<Option<Level>>)> = None;
        let mut depth = 0usize;
        let mut style_depth = 0usize;
        let mut list_depth = 0usize;
        loop {
            match x.next()? {
                Node::Eof => break,
                Node::Open { ns, e, empty } => {
                    depth += 1;
                    let name = local(&e);
                    match (ns, name) {
                        (Ns::Office, b"body") => break,
                        (Ns::Office, b"automatic-styles") => automatic = true,
                        (Ns::Office, b"styles" | b"master-styles") => automatic = false,
                        (Ns::Style, b"style") if style.is_none() => {
                            let family = match x.attr(&e, b"family")?.as_deref() {
                                Some("paragraph") => Some(Family::Paragraph),
                                Some("text") => Some(Family::Text),
                                _ => None,
                            };
                            if let (Some(f), Some(n)) = (family, x.attr(&e, b"name")?) {
                                let def = StyleDef {
                                    parent: x.attr(&e, b"parent-style-name")?,
                                    display: x.attr(&e, b"display-name")?,
                                    outline: x.num(&e, b"default-outline-level")?.map(|v| v.clamp(0, 10) as u8),
                                    list_style: x.attr(&e, b"list-style-name")?,
                                    text: TextProps::default(),
                                    automatic,
                                };
                                style = Some((f, n, def));
                                style_depth = depth;
                            }
                        }
                        (Ns::Style, b"text-properties") => {
                            if let Some((_, _, def)) = style.as_mut() {
                                def.text.read(&x, &e)?;
                            }
                        }
                        (Ns::Text, b"list-style") if list.is_none() => {
                            list = Some((x.attr(&e, b"name")?, vec![None; MAX_LEVELS]));
                            list_depth = depth;
                        }
                        (Ns::Text, b"outline-style") if list.is_none() => {
                            list = Some((None, vec![None; MAX_LEVELS]));
                            list_depth = depth;
                        }
                        (
                            Ns::Text,
                            b"list-level-style-number"
                            | b"outline-level-style"
                            | b"list-level-style-bullet"
                            | b"list-level-style-image",
                        ) => {
                            if let Some((_, levels)) = list.as_mut() {
                                let k = x.num(&e, b"level")?.unwrap_or(1).clamp(1, MAX_LEVELS as i64) as usize - 1;
                                levels[k] = Some(level(&x, &e, name)?);
                            }
                        }
                        _ => {}
                    }
                    if empty {
                        depth -= 1;
                        close(&mut style, &mut list, depth, style_depth, list_depth, self);
                    }
                }
                Node::Close { .. } => {
                    depth = depth.saturating_sub(1);
                    close(&mut style, &mut list, depth, style_depth, list_depth, self);
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// The list levels of a list style.
    pub(crate) fn list(&self, name: &str) -> Option<&[Option<Level>]> {
        self.lists.get(name).map(Vec::as_slice)
    }

    /// What a paragraph style says, along its chain.
    pub(crate) fn para(&self, name: Option<&str>) -> ParaInfo {
        let mut info = ParaInfo::default();
        let mut texts = Vec::new();
        let mut next = name.map(str::to_string);
        for _ in 0..MAX_CHAIN {
            let Some(n) = next.take() else { break };
            let Some(def) = self.styles.get(&(Family::Paragraph, n.clone())) else {
                if info.name.is_none() {
                    info.name = Some(n.replace("_20_", " "));
                }
                break;
            };
            if info.name.is_none() && !def.automatic {
                info.name = Some(def.display.clone().unwrap_or_else(|| n.replace("_20_", " ")));
            }
            info.outline = info.outline.or(def.outline);
            info.list_style = info.list_style.clone().or(def.list_style.clone());
            texts.push(def.text);
            next = def.parent.clone();
        }
        info.text = texts.into_iter().rev().fold(TextProps::default(), TextProps::over);
        info
    }

    /// What a text (span) style sets, along its chain.
    pub(crate) fn text(&self, name: &str) -> TextProps {
        let mut texts = Vec::new();
        let mut next = Some(name.to_string());
        for _ in 0..MAX_CHAIN {
            let Some(n) = next.take() else { break };
            let Some(def) = self.styles.get(&(Family::Text, n)) else { break };
            texts.push(def.text);
            next = def.parent.clone();
        }
        texts.into_iter().rev().fold(TextProps::default(), TextProps::over)
    }
}

/// Files a style or list style when its element closes at `depth`.
fn close(
    style: &mut Option<(Family, String, StyleDef)>,
    list: &mut Option<(Option<String>, Vec<Option<Level>>)>,
    depth: usize,
    style_depth: usize,
    list_depth: usize,
    styles: &mut Styles,
) {
    if style.is_some() && depth < style_depth {
        let (f, n, def) = style.take().expect("checked");
        if styles.styles.len() < MAX_STYLES {
            styles.styles.insert((f, n), def);
        }
    }
    if list.is_some() && depth < list_depth {
        match list.take().expect("checked") {
            (Some(n), levels) => {
                if styles.lists.len() < MAX_STYLES {
                    styles.lists.insert(n, levels);
                }
            }
            (None, levels) => styles.outline = levels,
        }
    }
}

/// One numbering level: ODF's formats (`1`, `a`, `A`, `i`, `I`, none) as
/// the DOCX reader's, a bullet as a bullet.
fn level(x: &Xml, e: &quick_xml::events::BytesStart, name: &[u8]) -> Result<Level, Unreadable> {
    let bullet = matches!(name, b"list-level-style-bullet" | b"list-level-style-image");
    let format = if bullet {
        Format::Bullet
    } else {
        match x.attr(e, b"num-format")?.as_deref().map(str::trim) {
            Some("1") => Format::Decimal,
            Some("a") => Format::LowerLetter,
            Some("A") => Format::UpperLetter,
            Some("i") => Format::LowerRoman,
            Some("I") => Format::UpperRoman,
            Some("") | None => Format::None,
            // Other scripts' numbers (« ١, ٢ », « 一, 二 »): the number itself.
            Some(_) => Format::Decimal,
        }
    };
    Ok(Level {
        format,
        prefix: x.attr(e, b"num-prefix")?.unwrap_or_default(),
        suffix: x.attr(e, b"num-suffix")?.unwrap_or_default(),
        start: x.num(e, b"start-value")?.map_or(1, |v| v.clamp(0, 1_000_000) as u32),
        display: x.num(e, b"display-levels")?.map_or(1, |v| v.clamp(1, MAX_LEVELS as i64) as usize),
    })
}
