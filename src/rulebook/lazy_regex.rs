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
    compiled: OnceLock<Option<regex_automata::meta::Regex>>,
}

impl LazyUnfiltered {
    /// `source` as a rule pattern's [`LazyRegex::as_str`] gives it (word boundaries rewritten).
    pub fn new(source: &str, case_sensitive: bool) -> Self {
        LazyUnfiltered(Arc::new(UnfilteredInner {
            source: source.to_string(),
            case_sensitive,
            compiled: OnceLock::new(),
        }))
    }

    pub fn get(&self) -> Option<&regex_automata::meta::Regex> {
        self.0
            .compiled
            .get_or_init(|| {
                regex_automata::meta::Builder::new()
                    .configure(regex_automata::meta::Config::new().auto_prefilter(false))
                    .syntax(
                        regex_automata::util::syntax::Config::new()
                            .case_insensitive(!self.0.case_sensitive),
                    )
                    .build(&self.0.source)
                    .ok()
            })
            .as_ref()
    }
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
