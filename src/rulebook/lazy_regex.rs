//! Rule patterns compiled on first use.
//!
//! Compiling every pattern and condition of the default rulebook with Unicode case folding
//! costs ~2 G instructions (0.2-0.3 s), which dominated single-file runs and language-server
//! start-up, while a typical release needs only a fraction of them: patterns run only in
//! sentences holding one of their literals, conditions only where a rule matched. The embedded
//! rulebook is therefore compiled lazily (a test compiles all of it, so it cannot hold a broken
//! pattern); rulebooks from files are compiled when loaded, so their errors point at the line.

use std::sync::{Arc, OnceLock};

use regex::Regex;

/// A pattern (already rewritten for ASCII word boundaries) and, once needed, its regex. Clones
/// share one compilation.
#[derive(Debug, Clone)]
pub struct LazyRegex(Arc<Inner>);

#[derive(Debug)]
struct Inner {
    source: String,
    case_sensitive: bool,
    size_limit: usize,
    compiled: OnceLock<Option<Regex>>,
}

impl LazyRegex {
    /// A pattern compiled on first use.
    pub fn deferred(source: String, case_sensitive: bool, size_limit: usize) -> Self {
        LazyRegex(Arc::new(Inner {
            source,
            case_sensitive,
            size_limit,
            compiled: OnceLock::new(),
        }))
    }

    /// A pattern compiled now.
    pub fn compiled(re: Regex, case_sensitive: bool) -> Self {
        let lazy = LazyRegex(Arc::new(Inner {
            source: re.as_str().to_string(),
            case_sensitive,
            size_limit: 0,
            compiled: OnceLock::new(),
        }));
        let _ = lazy.0.compiled.set(Some(re));
        lazy
    }

    /// The regex; None only if a deferred pattern fails to compile, which the embedded
    /// rulebook's tests rule out (a pattern that cannot compile matches nothing).
    pub fn get(&self) -> Option<&Regex> {
        self.0
            .compiled
            .get_or_init(|| build(&self.0.source, self.0.case_sensitive, self.0.size_limit).ok())
            .as_ref()
    }

    /// Whether it is compiled already.
    #[cfg(test)]
    pub(crate) fn is_compiled(&self) -> bool {
        self.0.compiled.get().is_some()
    }

    /// Compiles now; the error says why it cannot be.
    pub fn force(&self) -> Result<&Regex, String> {
        if let Some(re) = self.get() {
            return Ok(re);
        }
        let why = build(&self.0.source, self.0.case_sensitive, self.0.size_limit)
            .err()
            .map_or_else(|| "unknown error".to_string(), |e| e.to_string());
        Err(format!(
            "pattern `{}` does not compile: {why}",
            self.0.source
        ))
    }

    pub fn as_str(&self) -> &str {
        &self.0.source
    }

    pub fn is_match(&self, text: &str) -> bool {
        self.get().is_some_and(|re| re.is_match(text))
    }
}

/// A pattern searched only in short candidate sentences that the matcher's own literal automaton
/// found, compiled on first use without the regex's literal prefilter: on a ~150-byte sentence
/// the prefilter (restarted at every common literal such as "the") cost more than the lazy DFA
/// scan it was meant to save (see BENCHMARKS.md).
#[derive(Debug, Clone)]
pub struct LazyUnfiltered(Arc<UnfilteredInner>);

#[derive(Debug)]
struct UnfilteredInner {
    source: String,
    case_sensitive: bool,
    /// As [`LazyRegex::deferred`]'s; 0 keeps the regex crate's default.
    size_limit: usize,
    compiled: OnceLock<Option<regex_automata::meta::Regex>>,
}

impl LazyUnfiltered {
    /// `source` as a rule pattern's [`LazyRegex::as_str`] gives it (word boundaries rewritten).
    pub fn new(source: &str, case_sensitive: bool) -> Self {
        Self::with_size_limit(source, case_sensitive, 0)
    }

    /// Like [`LazyUnfiltered::new`], bounded in size as [`build`] bounds a regex.
    pub fn with_size_limit(source: &str, case_sensitive: bool, size_limit: usize) -> Self {
        LazyUnfiltered(Arc::new(UnfilteredInner {
            source: source.to_string(),
            case_sensitive,
            size_limit,
            compiled: OnceLock::new(),
        }))
    }

    pub fn as_str(&self) -> &str {
        &self.0.source
    }

    /// Whether `text` holds a match (false if the pattern cannot compile, as for [`LazyRegex`]).
    pub fn is_match(&self, text: &str) -> bool {
        self.get().is_some_and(|re| re.is_match(text))
    }

    /// Whether it is compiled already.
    #[cfg(test)]
    pub(crate) fn is_compiled(&self) -> bool {
        self.0.compiled.get().is_some()
    }

    /// Compiles now; the error says why it cannot be.
    pub fn force(&self) -> Result<&regex_automata::meta::Regex, String> {
        if let Some(re) = self.get() {
            return Ok(re);
        }
        let why = self
            .build()
            .err()
            .unwrap_or_else(|| "unknown error".to_string());
        Err(format!(
            "pattern `{}` does not compile: {why}",
            self.0.source
        ))
    }

    pub fn get(&self) -> Option<&regex_automata::meta::Regex> {
        self.0.compiled.get_or_init(|| self.build().ok()).as_ref()
    }

    fn build(&self) -> Result<regex_automata::meta::Regex, String> {
        let mut config = regex_automata::meta::Config::new().auto_prefilter(false);
        if self.0.size_limit > 0 {
            // What `regex::RegexBuilder::size_limit` and `dfa_size_limit` set.
            config = config
                .nfa_size_limit(Some(self.0.size_limit))
                .hybrid_cache_capacity(self.0.size_limit);
        }
        regex_automata::meta::Builder::new()
            .configure(config)
            .syntax(
                regex_automata::util::syntax::Config::new()
                    .case_insensitive(!self.0.case_sensitive),
            )
            .build(&self.0.source)
            .map_err(|e| e.to_string())
    }
}

/// The reverse lazy DFA of a pattern whose matches all end with one of a few literals: from a
/// literal's end it walks back only as far as the pattern reaches, instead of a forward search
/// over the whole sentence. Compiled on first use; each thread takes a cache from a pool.
#[derive(Debug, Clone)]
pub struct LazyReverse(Arc<ReverseInner>);

#[derive(Debug)]
struct ReverseInner {
    source: String,
    case_sensitive: bool,
    compiled: OnceLock<Option<ReverseDfa>>,
}

type CacheFn = Box<
    dyn Fn() -> regex_automata::hybrid::dfa::Cache
        + Send
        + Sync
        + std::panic::UnwindSafe
        + std::panic::RefUnwindSafe,
>;

struct ReverseDfa {
    dfa: regex_automata::hybrid::dfa::DFA,
    caches: regex_automata::util::pool::Pool<regex_automata::hybrid::dfa::Cache, CacheFn>,
}

impl std::fmt::Debug for ReverseDfa {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ReverseDfa").finish_non_exhaustive()
    }
}

/// The reverse DFA could not answer (it gave up, or would not build); search forward instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReverseUnavailable;

impl LazyReverse {
    /// `source` as a rule pattern's [`LazyRegex::as_str`] gives it (word boundaries rewritten).
    pub fn new(source: &str, case_sensitive: bool) -> Self {
        LazyReverse(Arc::new(ReverseInner {
            source: source.to_string(),
            case_sensitive,
            compiled: OnceLock::new(),
        }))
    }

    /// Whether it is compiled already.
    #[cfg(test)]
    pub(crate) fn is_compiled(&self) -> bool {
        self.0.compiled.get().is_some()
    }

    /// Compiles it now if it was not yet (see [`crate::Engine::compile_share`]).
    pub fn compile(&self) {
        let _ = self.get();
    }

    fn get(&self) -> Option<&ReverseDfa> {
        self.0
            .compiled
            .get_or_init(|| build_reverse(&self.0.source, self.0.case_sensitive))
            .as_ref()
    }

    /// The earliest start, at or after `from`, of a match in `haystack` that ends exactly at
    /// `end`. Look-around at both bounds sees the rest of `haystack`, as a forward search would.
    pub fn earliest_start(
        &self,
        haystack: &str,
        from: usize,
        end: usize,
    ) -> Result<Option<usize>, ReverseUnavailable> {
        use regex_automata::{Anchored, Input};
        let rev = self.get().ok_or(ReverseUnavailable)?;
        if from > end || end > haystack.len() {
            return Ok(None);
        }
        let input = Input::new(haystack)
            .range(from..end)
            .anchored(Anchored::Yes);
        let mut cache = rev.caches.get();
        rev.dfa
            .try_search_rev(&mut cache, &input)
            .map(|m| m.map(|hm| hm.offset()))
            .map_err(|_| ReverseUnavailable)
    }
}

fn build_reverse(source: &str, case_sensitive: bool) -> Option<ReverseDfa> {
    use regex_automata::nfa::thompson;
    use regex_automata::{MatchKind, hybrid, util::syntax};
    let nfa = thompson::Compiler::new()
        .syntax(syntax::Config::new().case_insensitive(!case_sensitive))
        .configure(
            thompson::Config::new()
                .reverse(true)
                .shrink(false)
                .which_captures(thompson::WhichCaptures::None),
        )
        .build(source)
        .ok()?;
    // MatchKind::All: the walk goes on past the first start it finds, so the last one it
    // reports is the earliest.
    let dfa = hybrid::dfa::Builder::new()
        .configure(
            hybrid::dfa::Config::new()
                .match_kind(MatchKind::All)
                .unicode_word_boundary(true)
                .minimum_cache_clear_count(Some(3)),
        )
        .build_from_nfa(nfa)
        .ok()?;
    let for_caches = dfa.clone();
    let create: CacheFn = Box::new(move || for_caches.create_cache());
    Some(ReverseDfa {
        dfa,
        caches: regex_automata::util::pool::Pool::new(create),
    })
}

/// Compiles a pattern as the rulebook does: case-insensitive unless asked, bounded in size.
pub fn build(source: &str, case_sensitive: bool, size_limit: usize) -> Result<Regex, regex::Error> {
    let mut b = regex::RegexBuilder::new(source);
    b.case_insensitive(!case_sensitive);
    if size_limit > 0 {
        b.size_limit(size_limit).dfa_size_limit(size_limit);
    }
    b.build()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clones_share_one_compilation_and_bad_patterns_match_nothing() {
        let a = LazyRegex::deferred(r"well\s+tolerated".into(), false, 1 << 20);
        let b = a.clone();
        assert!(b.is_match("It was Well tolerated."));
        assert!(std::ptr::eq(
            a.get().map_or(std::ptr::null(), |r| r as *const Regex),
            b.get().map_or(std::ptr::null(), |r| r as *const Regex)
        ));
        let broken = LazyRegex::deferred("(unclosed".into(), false, 1 << 20);
        assert!(!broken.is_match("unclosed"));
        assert!(broken.force().is_err());
        assert!(a.force().is_ok());
        let u = LazyUnfiltered::new(a.as_str(), false);
        let hits: Vec<(usize, usize)> = u
            .get()
            .map(|re| {
                re.find_iter("Well  tolerated; well tolerated")
                    .map(|m| (m.start(), m.end()))
                    .collect()
            })
            .unwrap_or_default();
        assert_eq!(hits, vec![(0, 15), (17, 31)]);
    }
}
