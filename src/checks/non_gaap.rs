//! `financial/non-gaap-unreconciled`: a release that presents a non-GAAP measure but never
//! reconciles it to (or even names) the most directly comparable GAAP measure, as Regulation G
//! requires. A measure is presented when its sentence states an amount; mentions inside the
//! cautionary statement ("may include non-GAAP measures") or of a policy ("30% of free cash
//! flow") present nothing.

use std::sync::LazyLock;

use regex::Regex;

use super::finding_at_sentence;
use crate::document::{Document, Sentence, locate};
use crate::finding::Finding;
use crate::rulebook::{Rule, Section};
use crate::text::fixed_regex;

static MEASURE: LazyLock<Regex> = LazyLock::new(|| {
    fixed_regex(
        r"\bnon-?GAAP\b|\b(adjusted|adj\.)\s+(EBITDA|EBIT|net\s+(income|loss)|EPS|diluted\s+EPS|earnings|operating\s+(income|expenses|profit)|gross\s+(margin|profit))\b|\bEBITDA\b|\bfree\s+cash\s+flows?\b|\bcore\s+(earnings|EPS)\b",
    )
});

/// An amount: a measure "presented" states a value, not just its name or a policy about it.
static AMOUNT: LazyLock<Regex> = LazyLock::new(|| {
    fixed_regex(
        r"[$€£]\s?\d|\b(EUR|USD|GBP|CHF|CAD)\s?\d|\d[\d.,]*\s*(million|billion|thousand)\b|\bper\s+(diluted\s+)?share\b",
    )
});

static RECONCILED: LazyLock<Regex> = LazyLock::new(|| {
    fixed_regex(
        r"\breconcil\w*|\bmost\s+(directly\s+)?comparable\s+(U\.?S\.?\s+)?(GAAP|IFRS)\b|\bGAAP\s+to\s+non-?GAAP\b|\bnon-?GAAP\s+to\s+GAAP\b",
    )
});

/// An adjustment stated with its amount: "which excludes stock-based compensation of $2.3 million".
static ADJUSTMENT: LazyLock<Regex> = LazyLock::new(|| {
    fixed_regex(
        r"\b(excludes?|excluding|adjusted\s+for|before)\b[^.]{0,80}?([$€£]\s?\d|\d[\d.,]*\s*(million|billion))",
    )
});

/// A GAAP measure stated with its amount: "Net loss was $18.7 million".
static GAAP_STATED: LazyLock<Regex> = LazyLock::new(|| {
    fixed_regex(
        r"\b(GAAP\s+)?(net\s+(loss|income)|operating\s+(loss|income)|(diluted\s+)?(EPS|earnings\s+per\s+share)|cash\s+(provided|used)\s+(by|in)\s+operating\s+activities)\s+(was|were|of|totaled|amounted\s+to)\s+(a\s+)?(loss\s+of\s+)?[$€£(]?\s?\d",
    )
});

/// A reconciliation in prose: one paragraph states the GAAP measure and the adjustment with
/// their amounts (the non-GAAP figure then follows from them).
fn reconciled_in_prose(doc: &Document<'_>) -> bool {
    doc.blocks.iter().any(|b| {
        let text = &doc.source[b.start..b.end];
        let gaap = GAAP_STATED.find_iter(text).any(|m| {
            let before = text[..m.start()].trim_end().to_ascii_lowercase();
            !(before.ends_with("adjusted")
                || before.ends_with("non-gaap")
                || before.ends_with("non gaap"))
        });
        gaap && ADJUSTMENT.is_match(text)
    })
}

pub fn check(rule_idx: usize, rule: &Rule, doc: &Document<'_>) -> Option<Finding> {
    let first = first_presented(doc)?;
    if RECONCILED.is_match(doc.source) || reconciled_in_prose(doc) {
        return None;
    }
    let s = doc.sentences[first];
    let measure = MEASURE
        .find(&doc.source[s.start..s.end])
        .map(|m| m.as_str().to_string())
        .unwrap_or_default();
    let notes = vec![format!(
        "“{measure}” is presented, but the release has no reconciliation to the most directly comparable GAAP measure"
    )];
    Some(finding_at_sentence(rule_idx, rule, doc, first, notes))
}

/// The first sentence outside the legend that states a measure with an amount. The sentences
/// tried are those the measure's matches in the whole release point at (see
/// [`locate::first_sentence`]), unless that is not exact for this release.
fn first_presented(doc: &Document<'_>) -> Option<usize> {
    let presents = |s: &Sentence| {
        let text = &doc.source[s.start..s.end];
        s.section != Section::SafeHarbor && MEASURE.is_match(text) && AMOUNT.is_match(text)
    };
    if *MEASURE_LOOKS_ONLY_AT_ASCII_WORDS {
        let spans: Vec<(usize, usize)> = doc.sentences.iter().map(|s| (s.start, s.end)).collect();
        if let Some(first) = locate::first_sentence(
            doc.source,
            &spans,
            |from| MEASURE.find_at(doc.source, from).map(|m| m.start()),
            |k| presents(&doc.sentences[k]),
        ) {
            return first;
        }
    }
    doc.sentences.iter().position(presents)
}

static MEASURE_LOOKS_ONLY_AT_ASCII_WORDS: LazyLock<bool> =
    LazyLock::new(|| locate::looks_only_at_ascii_words(MEASURE.as_str()));

#[cfg(test)]
mod tests {
    #[test]
    fn measures_and_reconciliations_are_recognised() {
        for t in [
            "Adjusted EBITDA was $4 million.",
            "free cash flow of EUR 5 million",
            "non-GAAP net income",
        ] {
            assert!(super::MEASURE.is_match(t), "{t}");
        }
        for t in [
            "GAAP net income was $3 million.",
            "Cash flow from operations rose.",
        ] {
            assert!(!super::MEASURE.is_match(t), "{t}");
        }
        assert!(super::AMOUNT.is_match("adjusted EBITDA of $12.4 million"));
        assert!(super::AMOUNT.is_match("free cash flow of EUR 58.7 million"));
        assert!(!super::AMOUNT.is_match("up to 30 % of monthly free cash flow"));
        for t in [
            "A reconciliation of GAAP to non-GAAP results is included below.",
            "the most directly comparable GAAP measure",
            "Reconciliations are provided in the tables.",
        ] {
            assert!(super::RECONCILED.is_match(t), "{t}");
        }
    }

    #[test]
    fn the_first_presented_measure_is_found_as_a_search_of_each_sentence_finds_it() {
        use crate::document::Document;
        use crate::rulebook::Section;
        assert!(*super::MEASURE_LOOKS_ONLY_AT_ASCII_WORDS);
        for (text, expected) in [
            // Named without an amount first, then presented.
            (
                "Adjusted EBITDA is a key metric.\n\nRevenue rose. Adjusted EBITDA was $4.2 million.",
                Some(2),
            ),
            ("Revenue rose 5%. Free cash flow improved.", None),
            ("Free cash flow was $3 million. Net income rose.", Some(0)),
            ("", None),
        ] {
            let doc = Document::new(text);
            let by_each = doc.sentences.iter().position(|s| {
                let t = &doc.source[s.start..s.end];
                s.section != Section::SafeHarbor
                    && super::MEASURE.is_match(t)
                    && super::AMOUNT.is_match(t)
            });
            assert_eq!(super::first_presented(&doc), by_each, "{text}");
            assert_eq!(by_each, expected, "{text}");
        }
        // Inside the cautionary statement a measure presents nothing.
        let legend = Document::in_section("Adjusted EBITDA was $4.2 million.", Section::SafeHarbor);
        assert_eq!(super::first_presented(&legend), None);
    }
}
