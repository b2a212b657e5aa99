//! Text utilities shared by every stage: folding for matching and positions for reports.
pub mod line_index;
pub mod normalize;
pub mod offset_map;
pub mod words;

pub use line_index::LineIndex;
pub use normalize::Normalized;
pub use offset_map::OffsetMap;

/// Compiles a case-insensitive pattern written into this program (not user input), with `\b`
/// as the fast ASCII boundary. Every such pattern is exercised by unit tests, so a failure here
/// is a bug in this program caught before release.
pub(crate) fn fixed_regex(pattern: &str) -> regex::Regex {
    regex::RegexBuilder::new(&crate::rulebook::load::ascii_word_boundaries(pattern))
        .case_insensitive(true)
        .build()
        .expect("built-in pattern compiles") // ok: constant pattern, covered by unit tests
}

/// Like [`fixed_regex`], for a set searched in one pass (which of them match).
pub(crate) fn fixed_regex_set(patterns: &[&str]) -> regex::RegexSet {
    regex::RegexSetBuilder::new(
        patterns
            .iter()
            .map(|p| crate::rulebook::load::ascii_word_boundaries(p)),
    )
    .case_insensitive(true)
    .build()
    .expect("built-in patterns compile") // ok: constant patterns, covered by unit tests
}

/// Like [`fixed_regex`], but case-sensitive.
pub(crate) fn fixed_regex_case_sensitive(pattern: &str) -> regex::Regex {
    regex::Regex::new(&crate::rulebook::load::ascii_word_boundaries(pattern))
        .expect("built-in pattern compiles") // ok: constant pattern, covered by unit tests
}
