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

/// A pattern searched only in short texts (candidate sentences that the matcher's own literal
/// automaton found, a sentence for a condition), compiled on first use without the regex's
/// literal prefilter: on a ~150-byte sentence the prefilter (restarted at every common literal
/// such as "the") cost more than the lazy DFA scan it was meant to save (see BENCHMARKS.md).
///
/// Most of its searches need only where a match ends (searches anchored where a literal starts)
/// or whether there is one, which a forward lazy DFA answers alone: it is compiled without the
/// reverse automaton a full regex builds to find where matches start (a third less compiling).
/// The full regex is compiled only if a search needs a start ([`LazyUnfiltered::full`]).
#[derive(Debug, Clone)]
pub struct LazyUnfiltered(Arc<UnfilteredInner>);

#[derive(Debug)]
struct UnfilteredInner {
    source: String,
    case_sensitive: bool,
    /// As [`LazyRegex::deferred`]'s; 0 keeps the regex crate's default.
    size_limit: usize,
    forward: OnceLock<Option<Forward>>,
    full: OnceLock<Option<regex_automata::meta::Regex>>,
}

/// Makes a search cache for one thread's use, as a pool needs.
type MakeCache<T> =
    Box<dyn Fn() -> T + Send + Sync + std::panic::UnwindSafe + std::panic::RefUnwindSafe>;

/// A forward lazy DFA, and the PikeVM that answers when the DFA cannot (it gives up when its
/// cache thrashes, and quits on a Unicode word boundary next to a non-ASCII byte), as the
/// regex crate's own engine does.
struct Forward {
    dfa: Option<(
        regex_automata::hybrid::dfa::DFA,
        regex_automata::util::pool::Pool<
            regex_automata::hybrid::dfa::Cache,
            MakeCache<regex_automata::hybrid::dfa::Cache>,
        >,
    )>,
    pikevm: regex_automata::nfa::thompson::pikevm::PikeVM,
    pikevm_caches: regex_automata::util::pool::Pool<
        regex_automata::nfa::thompson::pikevm::Cache,
        MakeCache<regex_automata::nfa::thompson::pikevm::Cache>,
    >,
}

impl std::fmt::Debug for Forward {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Forward").finish_non_exhaustive()
    }
}

impl Forward {
    /// Where the leftmost-first match in `input` ends.
    fn end(&self, input: &regex_automata::Input<'_>) -> Option<usize> {
        if let Some((dfa, caches)) = &self.dfa {
            let mut cache = caches.get();
            if let Ok(found) = dfa.try_search_fwd(&mut cache, input) {
                return found.map(|m| m.offset());
            }
        }
        let mut cache = self.pikevm_caches.get();
        // The whole match's start and end: the implicit group's two slots.
        let mut slots = [None, None];
        self.pikevm.search_slots(&mut cache, input, &mut slots)?;
        slots[1].map(|end| end.get())
    }
}

/// The regex crate's default sizes, which [`LazyUnfiltered::new`] keeps.
const DEFAULT_NFA_SIZE_LIMIT: usize = 10 * (1 << 20);
const DEFAULT_DFA_CACHE_CAPACITY: usize = 2 * (1 << 20);

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
            forward: OnceLock::new(),
            full: OnceLock::new(),
        }))
    }

    pub fn as_str(&self) -> &str {
        &self.0.source
    }

    /// Whether `text` holds a match; None if the pattern cannot compile.
    pub fn matches(&self, text: &str) -> Option<bool> {
        let input = regex_automata::Input::new(text).earliest(true);
        self.forward().map(|f| f.end(&input).is_some())
    }

    /// Whether `text` holds a match (false if the pattern cannot compile, as for [`LazyRegex`]).
    pub fn is_match(&self, text: &str) -> bool {
        self.matches(text).unwrap_or(false)
    }

    /// Where the leftmost-first match that starts exactly at `start` ends, if one does. As in a
    /// search of the whole of `haystack`, look-around at `start` sees the text before it.
    pub fn match_end_at(&self, haystack: &str, start: usize) -> Option<usize> {
        let input = regex_automata::Input::new(haystack)
            .range(start..)
            .anchored(regex_automata::Anchored::Yes);
        self.forward()?.end(&input)
    }

    /// The full regex, for searches that must find where matches start; compiled on first use.
    pub fn full(&self) -> Option<&regex_automata::meta::Regex> {
        self.0.full.get_or_init(|| self.build_full().ok()).as_ref()
    }

    /// Whether it is compiled already (the forward part, which every search needs).
    #[cfg(test)]
    pub(crate) fn is_compiled(&self) -> bool {
        self.0.forward.get().is_some()
    }

    /// Compiles now what most searches need (see [`crate::Engine::compile_share`]).
    pub fn compile(&self) {
        let _ = self.forward();
    }

    /// Compiles now; the error says why it cannot be.
    pub fn force(&self) -> Result<(), String> {
        if self.forward().is_some() {
            return Ok(());
        }
        let why = self
            .build_forward()
            .err()
            .unwrap_or_else(|| "unknown error".to_string());
        Err(format!(
            "pattern `{}` does not compile: {why}",
            self.0.source
        ))
    }

    fn forward(&self) -> Option<&Forward> {
        self.0
            .forward
            .get_or_init(|| self.build_forward().ok())
            .as_ref()
    }

    fn syntax(&self) -> regex_automata::util::syntax::Config {
        regex_automata::util::syntax::Config::new().case_insensitive(!self.0.case_sensitive)
    }

    fn nfa_size_limit(&self) -> usize {
        if self.0.size_limit > 0 {
            self.0.size_limit
        } else {
            DEFAULT_NFA_SIZE_LIMIT
        }
    }

    fn dfa_cache_capacity(&self) -> usize {
        if self.0.size_limit > 0 {
            self.0.size_limit
        } else {
            DEFAULT_DFA_CACHE_CAPACITY
        }
    }

    fn build_forward(&self) -> Result<Forward, String> {
        use regex_automata::nfa::thompson::{self, pikevm::PikeVM};
        use regex_automata::{MatchKind, hybrid, util::pool::Pool};
        let nfa = thompson::Compiler::new()
            .syntax(self.syntax())
            .configure(
                thompson::Config::new()
                    .nfa_size_limit(Some(self.nfa_size_limit()))
                    .which_captures(thompson::WhichCaptures::Implicit),
            )
            .build(&self.0.source)
            .map_err(|e| e.to_string())?;
        // The lazy DFA as the regex crate configures it; if it cannot be built, the PikeVM
        // answers every search.
        let dfa = hybrid::dfa::Builder::new()
            .configure(
                hybrid::dfa::Config::new()
                    .match_kind(MatchKind::LeftmostFirst)
                    .unicode_word_boundary(true)
                    .cache_capacity(self.dfa_cache_capacity())
                    .minimum_cache_clear_count(Some(3))
                    .minimum_bytes_per_state(Some(10)),
            )
            .build_from_nfa(nfa.clone())
            .ok()
            .map(|dfa| {
                let for_caches = dfa.clone();
                let make: MakeCache<hybrid::dfa::Cache> =
                    Box::new(move || for_caches.create_cache());
                (dfa, Pool::new(make))
            });
        let pikevm = PikeVM::new_from_nfa(nfa).map_err(|e| e.to_string())?;
        let for_caches = pikevm.clone();
        let make: MakeCache<thompson::pikevm::Cache> = Box::new(move || for_caches.create_cache());
        Ok(Forward {
            dfa,
            pikevm,
            pikevm_caches: Pool::new(make),
        })
    }

    fn build_full(&self) -> Result<regex_automata::meta::Regex, String> {
        let config = regex_automata::meta::Config::new()
            .auto_prefilter(false)
            .nfa_size_limit(Some(self.nfa_size_limit()))
            .hybrid_cache_capacity(self.dfa_cache_capacity());
        regex_automata::meta::Builder::new()
            .configure(config)
            .syntax(self.syntax())
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
            .full()
            .map(|re| {
                re.find_iter("Well  tolerated; well tolerated")
                    .map(|m| (m.start(), m.end()))
                    .collect()
            })
            .unwrap_or_default();
        assert_eq!(hits, vec![(0, 15), (17, 31)]);
    }

    #[test]
    fn forward_searches_answer_as_the_full_regex_does() {
        let patterns = [
            r"(?-u:\b)well\s+tolerated(?-u:\b)",
            r"(?-u:\b)(safe|effective)\s+([\w-]+\s+){0,3}?for(?-u:\b)",
            // A Unicode word boundary: the lazy DFA quits next to a non-ASCII byte and the
            // PikeVM answers.
            r"\bcafé\b|\bdéjà\b",
            r"x*",
            r"[^.]{0,12}vu",
        ];
        let texts = [
            "Well tolerated and SAFE and well   tolerated.",
            "safe and effective for all; effective in most for some",
            "Un café déjà vu, cafés, déjàs.",
            "",
            "\u{212A}elvin and \u{17F}afe for",
        ];
        for pattern in patterns {
            for case_sensitive in [false, true] {
                let lazy = LazyUnfiltered::new(pattern, case_sensitive);
                let full = lazy.full().expect("compiles");
                for text in texts {
                    assert_eq!(
                        lazy.matches(text),
                        Some(full.is_match(text)),
                        "{pattern} in {text}"
                    );
                    for start in (0..=text.len()).filter(|&i| text.is_char_boundary(i)) {
                        let input = regex_automata::Input::new(text)
                            .range(start..)
                            .anchored(regex_automata::Anchored::Yes);
                        assert_eq!(
                            lazy.match_end_at(text, start),
                            full.search(&input).map(|m| m.end()),
                            "{pattern} at {start} in {text}"
                        );
                    }
                }
            }
        }
        let broken = LazyUnfiltered::new("(unclosed", false);
        assert_eq!(broken.matches("unclosed"), None);
        assert!(!broken.is_match("unclosed"));
        assert_eq!(broken.match_end_at("unclosed", 0), None);
        assert!(broken.force().is_err());
    }
}
