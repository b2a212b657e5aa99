//! Finding the first sentence that holds a pattern's match with one search of the whole text
//! instead of one search per sentence: the whole text's next match says which sentence to try
//! next, and the sentences before it cannot hold one.
//!
//! That is exact when a match inside a sentence is also a match of the whole text at the same
//! place. The characters are the same; only look-arounds at the sentence's edges can differ. A
//! pattern without anchors and with only ASCII word-boundary tests sees the same thing at an
//! edge in both texts when the character outside it is not a word character: a sentence's own
//! text has nothing there, which also counts as a non-word character.

/// Whether `pattern` has no anchors (`^`, `$`, `\A`, `\z`) and no Unicode word-boundary tests, so
/// that [`first_sentence`] may be used for it. False if it does not parse.
pub fn looks_only_at_ascii_words(pattern: &str) -> bool {
    regex_syntax::Parser::new().parse(pattern).is_ok_and(|hir| {
        let looks = hir.properties().look_set();
        !looks.contains_anchor() && !looks.contains_word_unicode()
    })
}

/// The first of `spans` (ranges of `text`, in order, not overlapping) for which `holds` is
/// true, trying only the spans that hold the start of a match of the whole text, or that
/// follow a gap where one starts. `next_match(from)` gives the start of the whole text's first
/// match at or after `from`; `holds(k)` may be true only if span `k`'s own text holds a match
/// of the pattern, which must pass [`looks_only_at_ascii_words`].
///
/// None when the answer would not be exact: a word character touches a span from outside.
pub fn first_sentence(
    text: &str,
    spans: &[(usize, usize)],
    mut next_match: impl FnMut(usize) -> Option<usize>,
    mut holds: impl FnMut(usize) -> bool,
) -> Option<Option<usize>> {
    let is_word = |i: usize| {
        text.as_bytes()
            .get(i)
            .is_some_and(|&b| b.is_ascii_alphanumeric() || b == b'_')
    };
    let touched = spans
        .iter()
        .any(|&(start, end)| (start > 0 && is_word(start - 1)) || is_word(end));
    if touched {
        return None;
    }
    let mut from = 0;
    while from <= text.len() {
        let Some(start) = next_match(from) else {
            return Some(None);
        };
        // The first span not ended before the match: it holds the match's start, or the match
        // starts in the gap before it.
        let k = spans.partition_point(|&(_, end)| end <= start);
        let Some(&(_, end)) = spans.get(k) else {
            return Some(None);
        };
        if holds(k) {
            return Some(Some(k));
        }
        from = end.max(start + 1);
        while from < text.len() && !text.is_char_boundary(from) {
            from += 1;
        }
    }
    Some(None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use regex::Regex;

    /// What [`first_sentence`] must answer: every span tried in order.
    fn by_each_span(
        re: &Regex,
        text: &str,
        spans: &[(usize, usize)],
        keep: &dyn Fn(usize) -> bool,
    ) -> Option<usize> {
        (0..spans.len()).find(|&k| keep(k) && re.is_match(&text[spans[k].0..spans[k].1]))
    }

    fn by_whole_text(
        re: &Regex,
        text: &str,
        spans: &[(usize, usize)],
        keep: &dyn Fn(usize) -> bool,
    ) -> Option<Option<usize>> {
        first_sentence(
            text,
            spans,
            |from| re.find_at(text, from).map(|m| m.start()),
            |k| keep(k) && re.is_match(&text[spans[k].0..spans[k].1]),
        )
    }

    #[test]
    fn finds_the_first_span_holding_a_match_as_a_search_of_each_would() {
        let re = Regex::new(r"(?i)(?-u:\b)alpha\W+beta(?-u:\b)").unwrap();
        assert!(looks_only_at_ascii_words(re.as_str()));
        // The whole text's first match spans the first two sentences; the next one is in the
        // third.
        let text = "We tested alpha. Beta was fine. Later alpha beta was seen. Alpha, beta again.";
        let spans = [(0, 16), (17, 31), (32, 58), (59, 77)];
        let every = |_: usize| true;
        assert_eq!(by_each_span(&re, text, &spans, &every), Some(2));
        assert_eq!(by_whole_text(&re, text, &spans, &every), Some(Some(2)));
        // Spans left out by the caller are passed over for the next one holding a match.
        let not_third = |k: usize| k != 2;
        assert_eq!(by_each_span(&re, text, &spans, &not_third), Some(3));
        assert_eq!(by_whole_text(&re, text, &spans, &not_third), Some(Some(3)));
        // Across the first two only: no span holds a match.
        assert_eq!(by_whole_text(&re, text, &spans[..2], &every), Some(None));
        assert_eq!(by_whole_text(&re, "", &[], &every), Some(None));
    }

    #[test]
    fn a_word_character_touching_a_span_makes_it_inexact() {
        let re = Regex::new(r"(?-u:\b)beta").unwrap();
        // "alphabeta" split inside the word: `\b` holds at the second span's start in its own
        // text, not in the whole text.
        let text = "alphabeta";
        let spans = [(0, 5), (5, 9)];
        let every = |_: usize| true;
        assert_eq!(by_each_span(&re, text, &spans, &every), Some(1));
        assert_eq!(by_whole_text(&re, text, &spans, &every), None);
    }

    #[test]
    fn anchors_and_unicode_word_boundaries_are_not_for_whole_text_search() {
        for pattern in [
            r"^alpha",
            r"alpha$",
            r"(?u:\b)alpha",
            r"\Aalpha",
            r"(?m)^alpha",
        ] {
            assert!(!looks_only_at_ascii_words(pattern), "{pattern}");
        }
        for pattern in [r"(?-u:\b)alpha(?-u:\B)", r"alpha\s+beta", r"[^.]{0,20}"] {
            assert!(looks_only_at_ascii_words(pattern), "{pattern}");
        }
        assert!(!looks_only_at_ascii_words("(unclosed"));
    }
}
