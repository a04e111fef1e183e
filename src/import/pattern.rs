//! The import's patterns, compiled for a process that reads one text and
//! exits: there, compiling the ~40 patterns a text needs costs more than
//! every search the import makes (a `regex::Regex` each: 7 ms of the
//! 12 ms of user time importing the seed's DOCX, measured). `regex` builds,
//! for every pattern, a literal prefilter, a forward and a reverse NFA, a
//! lazy DFA over both and a one-pass DFA, each with a fresh compiler
//! (whose UTF-8 tables, 400 KB, are allocated and zeroed per build).
//!
//! `Pattern` is the same engines (regex-automata, which `regex` wraps),
//! built as the import uses them: one forward NFA per pattern, from
//! compilers kept for the thread; the bounded backtracker on the short
//! texts most searches see (a line, a paragraph); the lazy DFA, and the
//! reverse NFA it needs, only for a pattern that is asked to search a long
//! text, the first time it is. Same syntax, same matches (tested against
//! `regex::Regex` below, on short and long texts).

use regex_automata::hybrid;
use regex_automata::nfa::thompson::{self, backtrack, pikevm, WhichCaptures, NFA};
use regex_automata::util::captures::Captures;
use regex_automata::util::iter::Searcher;
use regex_automata::util::pool::Pool;
use regex_automata::{Anchored, Input, Match, MatchError};
use std::borrow::Cow;
use std::panic::{RefUnwindSafe, UnwindSafe};
use std::sync::{Arc, OnceLock};

/// A compiled pattern of the import.
pub(crate) struct Pattern {
    engines: Arc<Engines>,
    caches: Pool<Caches, CacheFn>,
}

/// The engines of one pattern, shared by its caches' maker.
struct Engines {
    /// Kept to build the reverse NFA if the lazy DFA is ever needed.
    pattern: Box<str>,
    nfa: NFA,
    backtrack: backtrack::BoundedBacktracker,
    pikevm: pikevm::PikeVM,
    /// The forward lazy DFA, built on the first search.
    forward: OnceLock<Option<hybrid::dfa::DFA>>,
    /// The lazy DFA pair (with the reverse NFA), built the first time a
    /// text too long for the backtracker is searched.
    dfa: OnceLock<Option<hybrid::regex::Regex>>,
    /// Texts longer than this go to the lazy DFA (the backtracker's limit;
    /// lowered by the tests to exercise that path on short texts).
    long: usize,
}

/// What a search writes as it goes, one set per thread searching at once.
struct Caches {
    backtrack: backtrack::Cache,
    pikevm: pikevm::Cache,
    forward: Option<Option<hybrid::dfa::Cache>>,
    dfa: Option<hybrid::regex::Cache>,
}

type CacheFn = Box<dyn Fn() -> Caches + Send + Sync + UnwindSafe + RefUnwindSafe>;

impl std::fmt::Debug for Pattern {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pattern").field("nfa_states", &self.engines.nfa.states().len()).finish()
    }
}

thread_local! {
    /// The compilers, kept: each keeps its tables from one build to the next.
    static FORWARD: thompson::Compiler = thompson::Compiler::new();
    static REVERSE: thompson::Compiler = {
        let mut c = thompson::Compiler::new();
        c.configure(thompson::Config::new().reverse(true).which_captures(WhichCaptures::None).shrink(false));
        c
    };
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
    pub(crate) fn new(pattern: &str) -> Result<Pattern, Box<thompson::BuildError>> {
        Self::build(pattern, None)
    }

    /// `long`: the length above which a text is searched by the lazy DFA
    /// (by default the backtracker's limit for this pattern).
    fn build(pattern: &str, long: Option<usize>) -> Result<Pattern, Box<thompson::BuildError>> {
        let nfa = FORWARD.with(|c| c.build(pattern).map_err(Box::new))?;
        let backtrack = backtrack::Builder::new().build_from_nfa(nfa.clone()).map_err(Box::new)?;
        let pikevm = pikevm::Builder::new().build_from_nfa(nfa.clone()).map_err(Box::new)?;
        let long = long.unwrap_or_else(|| backtrack.max_haystack_len());
        let engines = Arc::new(Engines {
            pattern: pattern.into(),
            nfa,
            backtrack,
            pikevm,
            forward: OnceLock::new(),
            dfa: OnceLock::new(),
            long,
        });
        let maker = Arc::clone(&engines);
        let make: CacheFn = Box::new(move || Caches {
            backtrack: maker.backtrack.create_cache(),
            pikevm: maker.pikevm.create_cache(),
            forward: None,
            dfa: None,
        });
        Ok(Pattern { engines, caches: Pool::new(make) })
    }

    fn found<'h>(hay: &'h str, m: Match) -> Found<'h> {
        Found { hay, start: m.start(), end: m.end() }
    }

    /// The leftmost-first match in `input`'s span. Most searches of the
    /// import find nothing: the forward lazy DFA (built from the NFA at no
    /// cost up front) says so, or says where the match ends; the match is
    /// then the backtracker's in the text up to that end. A pattern that
    /// can match the empty string skips the DFA, whose empty matches may
    /// split a character (the backtracker steps over those).
    fn search(&self, caches: &mut Caches, input: &Input<'_>) -> Option<Match> {
        let e = &*self.engines;
        if e.nfa.has_empty() {
            return self.leftmost(caches, input);
        }
        let forward = e.forward.get_or_init(|| e.forward_dfa());
        let cache = caches.forward.get_or_insert_with(|| forward.as_ref().map(|dfa| dfa.create_cache()));
        let end = match (forward, cache) {
            (Some(dfa), Some(cache)) => match dfa.try_search_fwd(cache, input) {
                Ok(None) => return None,
                Ok(Some(half)) => half.offset(),
                Err(_) => input.end(),
            },
            _ => input.end(),
        };
        self.leftmost(caches, &input.clone().range(input.start()..end))
    }

    /// The leftmost-first match by the backtracker where the text is short
    /// enough for it, else by the lazy DFA pair, else by the PikeVM.
    fn leftmost(&self, caches: &mut Caches, input: &Input<'_>) -> Option<Match> {
        let e = &*self.engines;
        let mut slots = [None, None];
        if input.get_span().len() <= e.long {
            if let Ok(found) = e.backtrack.try_search_slots(&mut caches.backtrack, input, &mut slots) {
                return found.map(|_| Match::new(regex_automata::PatternID::ZERO, slot(slots[0])..slot(slots[1])));
            }
        } else if let Some(found) = self.search_long(caches, input) {
            return found;
        }
        e.pikevm.search_slots(&mut caches.pikevm, input, &mut slots)?;
        Some(Match::new(regex_automata::PatternID::ZERO, slot(slots[0])..slot(slots[1])))
    }

    /// By the lazy DFA, built on first need; `None` when it cannot answer
    /// (it gives up on a Unicode word boundary beside a non-ASCII letter).
    fn search_long(&self, caches: &mut Caches, input: &Input<'_>) -> Option<Option<Match>> {
        let dfa = self.engines.dfa.get_or_init(|| self.engines.lazy_dfa()).as_ref()?;
        let cache = caches.dfa.get_or_insert_with(|| dfa.create_cache());
        dfa.try_search(cache, input).ok()
    }

    /// The groups of the match `m` found in `input`: an anchored search of
    /// that very span, the text around it still seen by `^`, `\b`, `$`.
    fn groups(&self, caches: &mut Caches, input: &Input<'_>, m: Match) -> Captures {
        let e = &*self.engines;
        let mut caps = Captures::all(e.nfa.group_info().clone());
        let span = input.clone().span(m.range()).anchored(Anchored::Yes);
        if m.len() > e.backtrack.max_haystack_len()
            || e.backtrack.try_search(&mut caches.backtrack, &span, &mut caps).is_err()
        {
            e.pikevm.search(&mut caches.pikevm, &span, &mut caps);
        }
        caps
    }

    pub(crate) fn is_match(&self, hay: &str) -> bool {
        self.find(hay).is_some()
    }

    pub(crate) fn find<'h>(&self, hay: &'h str) -> Option<Found<'h>> {
        self.find_at(hay, 0)
    }

    /// The first match starting at or after `start`, the text before it
    /// still seen by `^`, `\b` and the like (as `regex::Regex::find_at`).
    pub(crate) fn find_at<'h>(&self, hay: &'h str, start: usize) -> Option<Found<'h>> {
        let mut caches = self.caches.get();
        self.search(&mut caches, &Input::new(hay).range(start..)).map(|m| Self::found(hay, m))
    }

    /// Every match, left to right, as `regex::Regex::find_iter` gives them
    /// (an empty match right after a match is skipped), found as they are
    /// asked for.
    fn matches<'r, 'h>(&'r self, hay: &'h str) -> impl Iterator<Item = Match> + 'r
    where
        'h: 'r,
    {
        let mut caches = self.caches.get();
        let mut searcher = Searcher::new(Input::new(hay));
        std::iter::from_fn(move || searcher.advance(|input| Ok::<_, MatchError>(self.search(&mut caches, input))))
    }

    pub(crate) fn find_iter<'r, 'h>(&'r self, hay: &'h str) -> impl Iterator<Item = Found<'h>> + 'r
    where
        'h: 'r,
    {
        self.matches(hay).map(move |m| Self::found(hay, m))
    }

    pub(crate) fn captures<'h>(&self, hay: &'h str) -> Option<Groups<'h>> {
        let mut caches = self.caches.get();
        let input = Input::new(hay);
        let m = self.search(&mut caches, &input)?;
        Some(Groups { hay, caps: self.groups(&mut caches, &input, m) })
    }

    pub(crate) fn captures_iter<'r, 'h>(&'r self, hay: &'h str) -> impl Iterator<Item = Groups<'h>> + 'r
    where
        'h: 'r,
    {
        let mut caches = self.caches.get();
        let input = Input::new(hay);
        self.matches(hay).map(move |m| Groups { hay, caps: self.groups(&mut caches, &input, m) })
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
        let mut matches = self.matches(hay).take(n).peekable();
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

fn slot(s: Option<regex_automata::util::primitives::NonMaxUsize>) -> usize {
    s.map_or(0, |s| s.get())
}

/// The lazy DFAs' settings, as `regex` sets them.
fn dfa_config() -> hybrid::dfa::Config {
    hybrid::dfa::Config::new()
        .match_kind(regex_automata::MatchKind::LeftmostFirst)
        .starts_for_each_pattern(true)
        .unicode_word_boundary(true)
        .minimum_cache_clear_count(Some(3))
        .minimum_bytes_per_state(Some(10))
}

impl Engines {
    fn forward_dfa(&self) -> Option<hybrid::dfa::DFA> {
        hybrid::dfa::Builder::new().configure(dfa_config()).build_from_nfa(self.nfa.clone()).ok()
    }

    /// The lazy DFA pair `regex` would have built up front (forward,
    /// leftmost-first; reverse, to find where a match starts).
    fn lazy_dfa(&self) -> Option<hybrid::regex::Regex> {
        let reverse = REVERSE.with(|c| c.build(&self.pattern).ok())?;
        let config = dfa_config();
        let forward = hybrid::dfa::Builder::new().configure(config.clone()).build_from_nfa(self.nfa.clone()).ok()?;
        let reverse = hybrid::dfa::Builder::new()
            .configure(config.match_kind(regex_automata::MatchKind::All).specialize_start_states(false))
            .build_from_nfa(reverse)
            .ok()?;
        Some(hybrid::regex::Builder::new().build_from_dfas(forward, reverse))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const PATTERNS: [&str; 8] = [
        r"(?i)(?:^|\s)(?:premier|deuxième|second|dernier)\s+tiret(?:\s|[,.;:]|$)",
        r"(?i)\b([0-9]{1,2})(?:er)?\s+(janvier|février|mars)\s+([0-9]{4})",
        r"^(?:Pour\s|POUR\s|(?:Le|La|L['’])\s*(?i:présidente?|maire))",
        r"(?P<n>[0-9]+)\s*°|(?:^|\s)(?:au|du)\s+([a-z])\)",
        r"\s+",
        r"a*",
        r"(?m)^\s*\(([0-9]{1,2})\)\s*$",
        r"\b(?:Vu|VU)\b\s+(\w+)",
    ];

    fn text() -> impl Strategy<Value = String> {
        proptest::string::string_regex(
            r"[a-zA-Zéè0-9 °)’'\n]{0,40}|(?:Le |au |du |1er |12 |premier |tiret |mars |2026 |b\) |PRÉSIDENTE ){0,6}",
        )
        .unwrap()
    }

    /// Every answer of `p` equals `regex::Regex`'s for the same pattern.
    fn same_as_regex(p: &Pattern, pattern: &str, hay: &str, at: usize) -> Result<(), TestCaseError> {
        let r = regex::Regex::new(pattern).unwrap();
        prop_assert_eq!(p.is_match(hay), r.is_match(hay));
        let ours: Vec<_> = p.find_iter(hay).map(|m| m.range()).collect();
        let theirs: Vec<_> = r.find_iter(hay).map(|m| m.range()).collect();
        prop_assert_eq!(ours, theirs);
        let ours: Vec<Vec<Option<&str>>> =
            p.captures_iter(hay).map(|c| (0..c.len()).map(|i| c.get(i).map(|m| m.as_str())).collect()).collect();
        let theirs: Vec<Vec<Option<&str>>> =
            r.captures_iter(hay).map(|c| c.iter().map(|m| m.map(|m| m.as_str())).collect()).collect();
        prop_assert_eq!(ours, theirs);
        let ours = p.captures(hay).map(|c| (0..c.len()).map(|i| c.get(i).map(|m| m.range())).collect::<Vec<_>>());
        let theirs = r.captures(hay).map(|c| c.iter().map(|m| m.map(|m| m.range())).collect::<Vec<_>>());
        prop_assert_eq!(ours, theirs);
        prop_assert_eq!(p.replace_all(hay, "_"), r.replace_all(hay, "_"));
        prop_assert_eq!(p.replace(hay, "_"), r.replace(hay, "_"));
        if hay.is_char_boundary(at.min(hay.len())) {
            let at = at.min(hay.len());
            prop_assert_eq!(p.find_at(hay, at).map(|m| m.range()), r.find_at(hay, at).map(|m| m.range()));
        }
        Ok(())
    }

    proptest! {
        /// Same matches as `regex::Regex`, group by group, and the same
        /// replacements: on the short texts the backtracker searches…
        #[test]
        fn matches_as_regex_does(hay in text(), k in 0usize..PATTERNS.len(), at in 0usize..40) {
            same_as_regex(&Pattern::new(PATTERNS[k]).unwrap(), PATTERNS[k], &hay, at)?;
        }

        /// … and by the lazy DFA, forced on every text here, and used
        /// unforced on texts past the backtracker's limit.
        #[test]
        fn long_texts_match_as_regex_does(hay in text(), k in 0usize..PATTERNS.len(), at in 0usize..40, times in 1usize..400) {
            same_as_regex(&Pattern::build(PATTERNS[k], Some(0)).unwrap(), PATTERNS[k], &hay, at)?;
            let long = hay.repeat(times);
            same_as_regex(&Pattern::new(PATTERNS[k]).unwrap(), PATTERNS[k], &long, at * times)?;
        }
    }

    /// A text past the backtracker's limit is searched by the lazy DFA,
    /// built then and not before.
    #[test]
    fn the_lazy_dfa_is_built_for_long_texts_only() {
        let p = Pattern::new(PATTERNS[1]).unwrap();
        assert!(p.find("le 12 mars 2026").is_some());
        assert!(p.engines.dfa.get().is_none());
        let long = format!("{}le 12 mars 2026", "x ".repeat(p.engines.long));
        assert_eq!(p.find(&long).map(|m| m.as_str()), Some("12 mars 2026"));
        assert!(matches!(p.engines.dfa.get(), Some(Some(_))));
    }

    /// A Unicode word boundary beside a non-ASCII letter, where the lazy
    /// DFA gives up: the PikeVM answers.
    #[test]
    fn where_the_lazy_dfa_gives_up_the_pikevm_answers() {
        let p = Pattern::build(r"\bété\b", Some(0)).unwrap();
        assert_eq!(p.find("il a été convenu").map(|m| m.range()), Some(5..10));
    }

    #[test]
    fn groups_by_name_and_number() {
        let p = Pattern::new(r"(?P<jour>[0-9]+) (mars)").unwrap();
        let c = p.captures("le 10 mars").unwrap();
        assert_eq!((&c["jour"], &c[2], c.get(0).unwrap().start()), ("10", "mars", 3));
        assert!(p.captures("le dix mars").is_none());
    }
}
