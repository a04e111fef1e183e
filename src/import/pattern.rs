//! The import's patterns, compiled for a process that reads one text and
//! exits. `regex::Regex` builds a literal prefilter for every pattern: for
//! a case-insensitive alternation (« (?i)premier|deuxième|…|dernier ») that
//! build is ~90 % of the compile (1.1 ms of 1.2 ms measured), paid on every
//! `clausier import` for texts of a few pages, where scanning without it
//! costs microseconds. `Pattern` is the same regex engine (regex-automata's
//! meta regex, which `regex` wraps) with the prefilter off, behind the few
//! calls the import makes — same syntax, same matches (tested against
//! `regex::Regex` below).

use regex_automata::meta;
use regex_automata::util::captures::Captures;
use regex_automata::Input;
use std::borrow::Cow;

/// A compiled pattern of the import.
#[derive(Debug, Clone)]
pub(crate) struct Pattern {
    re: meta::Regex,
}

/// A match: where it stands in the text searched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Found<'h> {
    hay: &'h str,
    start: usize,
    end: usize,
}

impl<'h> Found<'h> {
    pub(crate) fn as_str(&self) -> &'h str {
        &self.hay[self.start..self.end]
    }
    pub(crate) fn start(&self) -> usize {
        self.start
    }
    pub(crate) fn end(&self) -> usize {
        self.end
    }
    #[cfg(test)]
    pub(crate) fn range(&self) -> std::ops::Range<usize> {
        self.start..self.end
    }
}

/// The groups of a match, by number or name.
#[derive(Debug, Clone)]
pub(crate) struct Groups<'h> {
    hay: &'h str,
    caps: Captures,
}

impl<'h> Groups<'h> {
    pub(crate) fn get(&self, i: usize) -> Option<Found<'h>> {
        self.caps.get_group(i).map(|s| Found { hay: self.hay, start: s.start, end: s.end })
    }
    pub(crate) fn name(&self, name: &str) -> Option<Found<'h>> {
        self.caps.get_group_by_name(name).map(|s| Found { hay: self.hay, start: s.start, end: s.end })
    }
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.caps.group_len()
    }
}

impl std::ops::Index<usize> for Groups<'_> {
    type Output = str;
    /// The text of group `i`; like `regex`, a group that did not take part is a bug of the caller.
    fn index(&self, i: usize) -> &str {
        self.get(i).map(|m| m.as_str()).unwrap_or_else(|| panic!("no group {i} in this match"))
    }
}

impl std::ops::Index<&str> for Groups<'_> {
    type Output = str;
    fn index(&self, name: &str) -> &str {
        self.name(name).map(|m| m.as_str()).unwrap_or_else(|| panic!("no group {name} in this match"))
    }
}

impl Pattern {
    pub(crate) fn new(pattern: &str) -> Result<Pattern, Box<meta::BuildError>> {
        let config = meta::Config::new().auto_prefilter(false);
        let re = meta::Builder::new().configure(config).build(pattern).map_err(Box::new)?;
        Ok(Pattern { re })
    }

    fn found<'h>(hay: &'h str, m: regex_automata::Match) -> Found<'h> {
        Found { hay, start: m.start(), end: m.end() }
    }

    pub(crate) fn is_match(&self, hay: &str) -> bool {
        self.re.is_match(hay)
    }

    pub(crate) fn find<'h>(&self, hay: &'h str) -> Option<Found<'h>> {
        self.re.find(hay).map(|m| Self::found(hay, m))
    }

    /// The first match starting at or after `start`, the text before it
    /// still seen by `^`, `\b` and the like (as `regex::Regex::find_at`).
    pub(crate) fn find_at<'h>(&self, hay: &'h str, start: usize) -> Option<Found<'h>> {
        self.re.find(Input::new(hay).range(start..)).map(|m| Self::found(hay, m))
    }

    pub(crate) fn find_iter<'r, 'h>(&'r self, hay: &'h str) -> impl Iterator<Item = Found<'h>> + 'r
    where
        'h: 'r,
    {
        self.re.find_iter(hay).map(move |m| Self::found(hay, m))
    }

    pub(crate) fn captures<'h>(&self, hay: &'h str) -> Option<Groups<'h>> {
        let mut caps = self.re.create_captures();
        self.re.captures(hay, &mut caps);
        caps.is_match().then_some(Groups { hay, caps })
    }

    pub(crate) fn captures_iter<'r, 'h>(&'r self, hay: &'h str) -> impl Iterator<Item = Groups<'h>> + 'r
    where
        'h: 'r,
    {
        self.re.captures_iter(hay).map(move |caps| Groups { hay, caps })
    }

    /// Every match replaced by `by`, taken literally (no `$1`).
    pub(crate) fn replace_all<'h>(&self, hay: &'h str, by: &str) -> Cow<'h, str> {
        self.replace_n(hay, by, usize::MAX)
    }

    /// The first match replaced by `by`, taken literally.
    pub(crate) fn replace<'h>(&self, hay: &'h str, by: &str) -> Cow<'h, str> {
        self.replace_n(hay, by, 1)
    }

    fn replace_n<'h>(&self, hay: &'h str, by: &str, n: usize) -> Cow<'h, str> {
        let mut matches = self.re.find_iter(hay).take(n).peekable();
        if matches.peek().is_none() {
            return Cow::Borrowed(hay);
        }
        let mut out = String::new();
        let mut last = 0;
        for m in matches {
            out.push_str(&hay[last..m.start()]);
            out.push_str(by);
            last = m.end();
        }
        out.push_str(&hay[last..]);
        Cow::Owned(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const PATTERNS: [&str; 6] = [
        r"(?i)(?:^|\s)(?:premier|deuxième|second|dernier)\s+tiret(?:\s|[,.;:]|$)",
        r"(?i)\b([0-9]{1,2})(?:er)?\s+(janvier|février|mars)\s+([0-9]{4})",
        r"^(?:Pour\s|POUR\s|(?:Le|La|L['’])\s*(?i:présidente?|maire))",
        r"(?P<n>[0-9]+)\s*°|(?:^|\s)(?:au|du)\s+([a-z])\)",
        r"\s+",
        r"a*",
    ];

    fn text() -> impl Strategy<Value = String> {
        proptest::string::string_regex(
            r"[a-zA-Zéè0-9 °)’'\n]{0,40}|(?:Le |au |du |1er |12 |premier |tiret |mars |2026 |b\) |PRÉSIDENTE ){0,6}",
        )
        .unwrap()
    }

    proptest! {
        /// Same matches as `regex::Regex`, group by group, and the same replacements.
        #[test]
        fn matches_as_regex_does(hay in text(), k in 0usize..6, at in 0usize..40) {
            let p = Pattern::new(PATTERNS[k]).unwrap();
            let r = regex::Regex::new(PATTERNS[k]).unwrap();
            prop_assert_eq!(p.is_match(&hay), r.is_match(&hay));
            let ours: Vec<_> = p.find_iter(&hay).map(|m| m.range()).collect();
            let theirs: Vec<_> = r.find_iter(&hay).map(|m| m.range()).collect();
            prop_assert_eq!(ours, theirs);
            let ours: Vec<Vec<Option<&str>>> =
                p.captures_iter(&hay).map(|c| (0..c.len()).map(|i| c.get(i).map(|m| m.as_str())).collect()).collect();
            let theirs: Vec<Vec<Option<&str>>> =
                r.captures_iter(&hay).map(|c| c.iter().map(|m| m.map(|m| m.as_str())).collect()).collect();
            prop_assert_eq!(ours, theirs);
            prop_assert_eq!(p.replace_all(&hay, "_"), r.replace_all(&hay, "_"));
            prop_assert_eq!(p.replace(&hay, "_"), r.replace(&hay, "_"));
            if hay.is_char_boundary(at.min(hay.len())) {
                let at = at.min(hay.len());
                prop_assert_eq!(p.find_at(&hay, at).map(|m| m.range()), r.find_at(&hay, at).map(|m| m.range()));
            }
        }
    }

    #[test]
    fn groups_by_name_and_number() {
        let p = Pattern::new(r"(?P<jour>[0-9]+) (mars)").unwrap();
        let c = p.captures("le 10 mars").unwrap();
        assert_eq!((&c["jour"], &c[2], c.get(0).unwrap().start()), ("10", "mars", 3));
        assert!(p.captures("le dix mars").is_none());
    }
}
