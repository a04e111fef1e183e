//! Citations in the terms of the Guide de légistique: a division is cited
//! from the most precise one outwards (« le deuxième alinéa du i) du 1. du A
//! du II »), an article alone (its number is unique in the text), alinéas in
//! words (« premier », « second » of two, « dernier »). The avenant's
//! formulas and the tableau comparatif cite through this one module, so that
//! they always name a change the same way.

use crate::french::ordinal_word;
use crate::markdown::escape;
use crate::model::{inline_text, Division, Document};
use crate::numbering::Pattern;
use std::collections::HashMap;

/// A division as a citation: its article (« le », « la », « l’ ») and name.
#[derive(Debug, Clone)]
pub struct Cite {
    pub article: &'static str,
    pub name: String,
}

impl Cite {
    /// « le 1. », « l’article 3 ».
    pub fn subject(&self) -> String {
        format!("{}{}", self.article, self.name)
    }
    /// « du 1. », « de l’article 3 », « de la rubrique … ».
    pub fn of(&self) -> String {
        match self.article {
            "le " => format!("du {}", self.name),
            a => format!("de {}{}", a, self.name),
        }
    }
    /// « Au 1. », « À l’article 3 ».
    pub fn at(&self) -> String {
        match self.article {
            "le " => format!("Au {}", self.name),
            a => format!("À {}{}", a, self.name),
        }
    }
}

/// Knows every division of the text before the avenant.
pub struct Citer<'a> {
    by_id: HashMap<&'a str, &'a Division>,
    parent: HashMap<&'a str, &'a Division>,
    /// The numbering patterns of the text, to print new labels.
    patterns: Vec<Pattern>,
}

impl<'a> Citer<'a> {
    pub fn new(doc: &'a Document, patterns: Vec<Pattern>) -> Citer<'a> {
        let mut by_id = HashMap::new();
        let mut parent = HashMap::new();
        fn go<'a>(d: &'a Division, by_id: &mut HashMap<&'a str, &'a Division>, parent: &mut HashMap<&'a str, &'a Division>) {
            by_id.insert(d.id.as_str(), d);
            for c in &d.children {
                parent.insert(c.id.as_str(), d);
                go(c, by_id, parent);
            }
        }
        for d in &doc.divisions {
            go(d, &mut by_id, &mut parent);
        }
        Citer { by_id, parent, patterns }
    }

    /// The label a division of `level` takes with `number`.
    pub fn label(&self, level: usize, number: &str) -> String {
        crate::numbering::label_at(&self.patterns, level, number)
    }

    pub fn division(&self, id: &str) -> Option<&'a Division> {
        self.by_id.get(id).copied()
    }

    /// How one division is named on its own.
    pub fn token(d: &Division) -> Cite {
        match &d.label {
            Some(l) => label_cite(l),
            None => {
                let t = inline_text(&d.title);
                let t = t.trim().trim_end_matches([':', ' ', '.']);
                if t.to_lowercase().starts_with("préambule") {
                    Cite { article: "le ", name: "préambule".into() }
                } else {
                    Cite { article: "la ", name: format!("rubrique « {} »", escape(t, false)) }
                }
            }
        }
    }

    /// The full citation, from this division outwards: « le 1. du A du II ».
    pub fn cite(&self, id: &str) -> Cite {
        let Some(d) = self.division(id) else { return Cite { article: "la ", name: format!("division « {} »", id) } };
        let mut c = Self::token(d);
        let mut cur = d;
        while let Some(p) = self.parent.get(cur.id.as_str()) {
            // An article is cited alone: its number is unique in the text.
            if c.name.starts_with("article ") {
                break;
            }
            c.name = format!("{} {}", c.name, Self::token(p).of());
            cur = p;
        }
        c
    }

    /// The alinéa as cited: « le deuxième alinéa du 1. », or the division
    /// itself when it has only one.
    pub fn alinea(&self, id: &str, n: usize) -> Cite {
        let count = self.division(id).map_or(0, |d| d.alineas.len());
        let div = self.cite(id);
        if count <= 1 {
            return div;
        }
        Cite { article: "le ", name: format!("{} alinéa {}", alinea_ordinal(n, count), div.of()) }
    }
}

/// « premier », « second » (of two), « dernier » (the last of three or more).
pub fn alinea_ordinal(n: usize, count: usize) -> String {
    if n == count && count >= 3 {
        "dernier".into()
    } else if n == 2 && count == 2 {
        "second".into()
    } else {
        ordinal_word(n)
    }
}

/// A label as cited: « II. » → « II », « 1. » → « 1. », « i) » → « i) »,
/// « Article 3 – » → « l’article 3 », « TITRE II » → « le titre II ».
pub fn label_cite(label: &str) -> Cite {
    let l = label.trim().trim_end_matches(['–', '—', '-', ':', ' ']).trim();
    let mut words = l.split_whitespace();
    let first = words.next().unwrap_or("");
    let keyword = first.to_lowercase();
    let keyword = keyword.trim_end_matches('.');
    let (article, kw) = match keyword {
        "article" | "art" => ("l’", "article"),
        "titre" => ("le ", "titre"),
        "chapitre" => ("le ", "chapitre"),
        "section" => ("la ", "section"),
        "sous-section" => ("la ", "sous-section"),
        "partie" => ("la ", "partie"),
        "annexe" => ("l’", "annexe"),
        "paragraphe" => ("le ", "paragraphe"),
        _ => {
            // A bare number: keep « 1. » for Arabic numbers, drop the dot of
            // letters and Roman numerals.
            let bare = l.trim_end_matches('.');
            let name = if bare.chars().all(|c| c.is_ascii_digit()) && l.ends_with('.') { l.to_string() } else { bare.to_string() };
            return Cite { article: "le ", name };
        }
    };
    let rest: Vec<&str> = words.collect();
    let number = rest.join(" ").trim_end_matches('.').to_string();
    Cite { article, name: format!("{} {}", kw, number) }
}


#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn labels_as_cited() {
        assert_eq!(label_cite("II.").subject(), "le II");
        assert_eq!(label_cite("1.").subject(), "le 1.");
        assert_eq!(label_cite("i)").of(), "du i)");
        assert_eq!(label_cite("Article 3 –").at(), "À l’article 3");
        assert_eq!(label_cite("TITRE Ier").of(), "du titre Ier");
        assert_eq!(label_cite("3 bis.").subject(), "le 3 bis");
        assert_eq!(alinea_ordinal(3, 3), "dernier");
        assert_eq!(alinea_ordinal(2, 2), "second");
        assert_eq!(alinea_ordinal(2, 5), "deuxième");
    }
}
