//! Text utilities shared by every stage: folding for matching and positions for reports.
pub mod line_index;
pub mod normalize;
pub mod offset_map;
pub mod words;

pub use line_index::LineIndex;
pub use normalize::Normalized;
pub use offset_map::OffsetMap;

/// `text` with each run of whitespace as one space and none at either end.
pub fn collapse_whitespace(text: &str) -> String {
    // Most sentences hold no whitespace but single spaces: they only lose the spaces at
    // either end.
    if crate::text::normalize::is_plain(text) {
        return text.trim_matches(' ').to_string();
    }
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Whether `text` holds the Kelvin sign or the long s, the two characters that Unicode case
/// folding matches as the ASCII letters "k" and "s": an ASCII case-insensitive literal search
/// misses them where a case-insensitive regex does not. Looked for by their lead bytes with
/// memchr, since this runs over every paragraph.
pub(crate) fn has_unicode_case_variant_of_ascii(text: &str) -> bool {
    let bytes = text.as_bytes();
    memchr::memchr2_iter(0xE2, 0xC5, bytes).any(|i| {
        let rest = &bytes[i..];
        rest.starts_with("\u{212A}".as_bytes()) || rest.starts_with("\u{17F}".as_bytes())
    })
}

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

#[cfg(test)]
mod tests {
    use super::collapse_whitespace;

    #[test]
    fn collapse_whitespace_joins_words_with_single_spaces() {
        assert_eq!(
            collapse_whitespace("  will\n\tgrow \u{A0} fast  "),
            "will grow fast"
        );
        assert_eq!(collapse_whitespace(" \n "), "");
        assert_eq!(collapse_whitespace("one"), "one");
        assert_eq!(collapse_whitespace(" one two "), "one two");
        assert_eq!(
            collapse_whitespace("one two\u{2003}three\u{0B}four"),
            "one two three four"
        );
    }

    #[test]
    fn finds_the_kelvin_sign_and_the_long_s_only() {
        use super::has_unicode_case_variant_of_ascii as variant;
        assert!(variant("5 \u{212A} warmer"));
        assert!(variant("\u{17F}afe harbor"));
        assert!(!variant(
            "curly \u{2019} quotes \u{2014} and \u{C5}ngstr\u{F6}m, k and s"
        ));
        assert!(!variant(""));
    }
}
