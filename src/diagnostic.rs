//! What clausier tells its user besides the result: a fact left blank, a
//! page number left for Word, a part of a text it could not read. One type
//! for every such message, so that the CLI prints them as one line each and
//! the web desk lists them beside the field or division they are about.

use std::fmt;
use std::path::PathBuf;

/// How much a diagnostic matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Something the user may want to know (« the sommaire's page numbers are left for Word »).
    Note,
    /// Something that is not what it should be, but the output was written
    /// (a blank where a fact is missing).
    Warning,
}

/// Where a diagnostic points: any of a file (with its line), a division of
/// the text (its citation or its id), a fact (by the name `facts --set` takes).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, serde::Serialize)]
pub struct Place {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<PathBuf>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub division: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fact: Option<String>,
}

impl Place {
    pub fn file(path: impl Into<PathBuf>) -> Place {
        Place { file: Some(path.into()), ..Place::default() }
    }
    pub fn line(path: impl Into<PathBuf>, line: usize) -> Place {
        Place { file: Some(path.into()), line: Some(line), ..Place::default() }
    }
    pub fn fact(name: impl Into<String>) -> Place {
        Place { fact: Some(name.into()), ..Place::default() }
    }
    pub fn division(citation: impl Into<String>) -> Place {
        Place { division: Some(citation.into()), ..Place::default() }
    }
    fn is_empty(&self) -> bool {
        self.file.is_none() && self.division.is_none() && self.fact.is_none()
    }
}

impl fmt::Display for Place {
    /// `file:line: division: fact`, each part where known.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts = Vec::new();
        if let Some(file) = &self.file {
            parts.push(match self.line {
                Some(l) => format!("{}:{}", file.display(), l),
                None => file.display().to_string(),
            });
        }
        parts.extend(self.division.clone());
        parts.extend(self.fact.clone());
        f.write_str(&parts.join(": "))
    }
}

/// One message to the user: how much it matters, where, what, and what to do.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    pub place: Place,
    pub message: String,
    /// What to do about it (« clausier facts SRC --set dates.signature=… »).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
}

impl Diagnostic {
    pub fn warning(place: Place, message: impl Into<String>) -> Diagnostic {
        Diagnostic { severity: Severity::Warning, place, message: message.into(), hint: None }
    }
    pub fn note(place: Place, message: impl Into<String>) -> Diagnostic {
        Diagnostic { severity: Severity::Note, place, message: message.into(), hint: None }
    }
    pub fn with_hint(mut self, hint: impl Into<String>) -> Diagnostic {
        self.hint = Some(hint.into());
        self
    }
}

impl fmt::Display for Diagnostic {
    /// One line: `warning: file:line: message (hint)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.severity {
            Severity::Note => "note",
            Severity::Warning => "warning",
        };
        write!(f, "{}: ", level)?;
        if !self.place.is_empty() {
            write!(f, "{}: ", self.place)?;
        }
        f.write_str(&self.message)?;
        if let Some(h) = &self.hint {
            write!(f, " ({})", h)?;
        }
        Ok(())
    }
}

/// A result and the diagnostics that came with it.
#[derive(Debug, Clone, PartialEq)]
pub struct Warned<T> {
    pub value: T,
    pub diagnostics: Vec<Diagnostic>,
}

impl<T> Warned<T> {
    pub fn clean(value: T) -> Warned<T> {
        Warned { value, diagnostics: Vec::new() }
    }
    pub fn new(value: T, diagnostics: Vec<Diagnostic>) -> Warned<T> {
        Warned { value, diagnostics }
    }
    /// The value, with its diagnostics added to `sink`.
    pub fn into_value(self, sink: &mut Vec<Diagnostic>) -> T {
        sink.extend(self.diagnostics);
        self.value
    }
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Warned<U> {
        Warned { value: f(self.value), diagnostics: self.diagnostics }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_line_names_the_place_and_the_hint() {
        let d = Diagnostic::warning(Place::line("clauses/x/manifest.json", 12), "no date of signature")
            .with_hint("clausier facts clauses/x --set dates.signature=2026-03-10");
        assert_eq!(
            d.to_string(),
            "warning: clauses/x/manifest.json:12: no date of signature \
             (clausier facts clauses/x --set dates.signature=2026-03-10)"
        );
        assert_eq!(Diagnostic::note(Place::default(), "x").to_string(), "note: x");
        assert_eq!(Place::fact("dates.signature").to_string(), "dates.signature");
    }
}
