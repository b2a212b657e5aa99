//! The compiled scanner: every phrase of every rule in one Aho-Corasick automaton, and each regex
//! pattern run once over the folded text behind its own literal prefilter.

use std::collections::HashMap;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use regex::Regex;

use crate::rulebook::LazyRegex;
use crate::rulebook::lazy_regex::LazyUnfiltered;

use crate::rulebook::{RuleKind, Rulebook};
use crate::text::normalize::fold_phrase;
use crate::text::words::is_whole_word;

/// A match of one rule in the folded text (byte offsets into the folded text).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct RawMatch {
    pub rule: usize,
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum BuildError {
    #[error("cannot build the phrase automaton: {0}")]
    #[diagnostic(code(claimlint::matcher))]
    Automaton(#[from] aho_corasick::BuildError),
}

/// Which rules one automaton pattern belongs to, and whether each wants an exact-case match.
#[derive(Debug, Clone)]
struct PhraseOwner {
    rule: usize,
    case_sensitive: bool,
}

#[derive(Debug, Clone)]
pub struct Matcher {
    automaton: Option<AhoCorasick>,
    /// Folded text of each automaton pattern, for the exact-case check.
    phrases: Vec<String>,
    owners: Vec<Vec<PhraseOwner>>,
    /// Every pattern with the rule it belongs to.
    /// Each pattern's rule, its regex for whole-text scans (with its literal prefilter) and
    /// for candidate sentences (without).
    patterns: Vec<(usize, LazyRegex, LazyUnfiltered)>,
    /// Required literals of the patterns that have them, in one automaton; each literal lists
    /// the patterns (indices into `patterns`) it anchors.
    anchors: Option<AhoCorasick>,
    anchor_owners: Vec<Vec<usize>>,
    /// Whether a pattern has anchors (else it runs over the whole text).
    anchored: Vec<bool>,
}

/// Literals one of which every match of `source` starts (or else ends) with, lower-cased; None
/// when the pattern has no usable ones (too many, too short, infinite, or non-ASCII, which the
/// ASCII case-insensitive anchor automaton could not match in every case).
fn required_literals(source: &str) -> Option<Vec<String>> {
    use regex_syntax::hir::literal::{ExtractKind, Extractor};
    let hir = regex_syntax::ParserBuilder::new()
        .build()
        .parse(&crate::rulebook::load::ascii_word_boundaries(source))
        .ok()?;
    // Both ends are exact necessary conditions; keep the more selective set, the one whose
    // shortest literal is longest: `(is|are|was) … (effective|efficacious)` is anchored on its
    // suffixes, since "is" would make nearly every sentence a candidate.
    let mut best: Option<Vec<String>> = None;
    for kind in [ExtractKind::Prefix, ExtractKind::Suffix] {
        let mut extractor = Extractor::new();
        extractor.kind(kind).limit_class(8).limit_total(256);
        let seq = extractor.extract(&hir);
        let Some(literals) = seq.literals() else {
            continue;
        };
        if literals.is_empty() || literals.iter().any(|l| l.as_bytes().len() < 2) {
            continue;
        }
        let words: Option<Vec<String>> = literals
            .iter()
            .map(|l| {
                std::str::from_utf8(l.as_bytes())
                    .ok()
                    .filter(|w| w.is_ascii())
                    .map(str::to_ascii_lowercase)
            })
            .collect();
        if let Some(mut words) = words {
            words.sort();
            words.dedup();
            let shortest = |w: &[String]| w.iter().map(String::len).min().unwrap_or(0);
            if best
                .as_deref()
                .is_none_or(|b| shortest(&words) > shortest(b))
            {
                best = Some(words);
            }
        }
    }
    best
}

/// Spellings of a phrase that should all match: hyphens and spaces between words are
/// interchangeable ("well-tolerated", "well tolerated"), all of one kind or as written.
fn variants(folded: &str) -> Vec<String> {
    let mut out = vec![folded.to_string()];
    if folded.contains(['-', ' ']) {
        out.push(folded.replace('-', " "));
        out.push(folded.replace(' ', "-"));
    }
    out.sort();
    out.dedup();
    out
}

impl Matcher {
    pub fn new(book: &Rulebook) -> Result<Self, BuildError> {
        let mut index: HashMap<String, usize> = HashMap::new();
        let mut phrases: Vec<String> = Vec::new();
        let mut owners: Vec<Vec<PhraseOwner>> = Vec::new();
        let mut patterns = Vec::new();
        let mut pattern_literals: Vec<Option<Vec<String>>> = Vec::new();
        for (rule_idx, rule) in book.rules.iter().enumerate() {
            let RuleKind::Text(text) = &rule.kind else {
                continue;
            };
            let case_sensitive = text.case_sensitive;
            for phrase in &text.phrases {
                for variant in variants(&fold_phrase(phrase)) {
                    // Case-insensitive automaton: one entry per spelling, owners share it.
                    let key = variant.to_ascii_lowercase();
                    let id = *index.entry(key).or_insert_with(|| {
                        phrases.push(variant.clone());
                        owners.push(Vec::new());
                        phrases.len() - 1
                    });
                    let owner = PhraseOwner {
                        rule: rule_idx,
                        case_sensitive,
                    };
                    if !owners[id].iter().any(|o| o.rule == rule_idx) {
                        owners[id].push(owner);
                    }
                    if case_sensitive && phrases[id] != variant {
                        // Keep the exact spelling the case-sensitive rule asked for.
                        phrases[id] = variant;
                    }
                }
            }
            for (source, compiled) in text.patterns.iter().zip(&text.compiled) {
                // Case-sensitive patterns keep running over the whole text: the anchor
                // automaton folds case.
                let literals = if case_sensitive {
                    None
                } else {
                    required_literals(source)
                };
                pattern_literals.push(literals);
                let unfiltered = LazyUnfiltered::new(compiled.as_str(), case_sensitive);
                patterns.push((rule_idx, compiled.clone(), unfiltered));
            }
        }
        let automaton = if phrases.is_empty() {
            None
        } else {
            Some(
                AhoCorasickBuilder::new()
                    .match_kind(MatchKind::Standard)
                    .ascii_case_insensitive(true)
                    .build(&phrases)?,
            )
        };
        let mut anchor_index: HashMap<String, usize> = HashMap::new();
        let mut anchor_owners: Vec<Vec<usize>> = Vec::new();
        let mut anchor_words: Vec<String> = Vec::new();
        for (p, literals) in pattern_literals.iter().enumerate() {
            for word in literals.iter().flatten() {
                let id = *anchor_index.entry(word.clone()).or_insert_with(|| {
                    anchor_words.push(word.clone());
                    anchor_owners.push(Vec::new());
                    anchor_words.len() - 1
                });
                anchor_owners[id].push(p);
            }
        }
        let anchors = if anchor_words.is_empty() {
            None
        } else {
            Some(
                AhoCorasickBuilder::new()
                    .match_kind(MatchKind::Standard)
                    .ascii_case_insensitive(true)
                    .build(&anchor_words)?,
            )
        };
        Ok(Matcher {
            automaton,
            phrases,
            owners,
            patterns,
            anchors,
            anchor_owners,
            anchored: pattern_literals.iter().map(Option::is_some).collect(),
        })
    }

    /// Number of distinct phrase spellings in the automaton.
    pub fn phrase_count(&self) -> usize {
        self.phrases.len()
    }

    /// Every phrase spelling in the automaton (for exporting to other tools).
    pub fn phrases(&self) -> &[String] {
        &self.phrases
    }

    /// All whole-word matches of every rule in `text`, per rule leftmost-longest and
    /// non-overlapping, sorted by rule then position. Phrases are found in one pass over the
    /// whole text; patterns that the gate says can match are then run sentence by sentence
    /// (`sentences`: byte ranges of `text`), so no pattern match straddles two sentences.
    pub fn scan(&self, text: &str, sentences: &[(usize, usize)]) -> Vec<RawMatch> {
        let mut out = Vec::new();
        if let Some(ac) = &self.automaton {
            // Overlapping search so that one rule's phrase never hides another rule's.
            for m in ac.find_overlapping_iter(text) {
                let (start, end) = (m.start(), m.end());
                if !is_whole_word(text, start, end) {
                    continue;
                }
                let id = m.pattern().as_usize();
                for owner in &self.owners[id] {
                    if owner.case_sensitive
                        && text.get(start..end) != Some(self.phrases[id].as_str())
                    {
                        continue;
                    }
                    out.push(RawMatch {
                        rule: owner.rule,
                        start,
                        end,
                    });
                }
            }
        }
        // Patterns with required literals run only in the sentences where one of their
        // literals occurs (one automaton pass finds them all); the others run once over the
        // whole text behind their own prefilter.
        let mut candidate_sentences: Vec<Vec<usize>> = vec![Vec::new(); self.patterns.len()];
        if let Some(anchors) = &self.anchors {
            for m in anchors.find_overlapping_iter(text) {
                let idx = sentences.partition_point(|&(s, _)| s <= m.start());
                let Some(si) = idx.checked_sub(1) else {
                    continue;
                };
                if m.start() >= sentences[si].1 {
                    continue;
                }
                for &p in &self.anchor_owners[m.pattern().as_usize()] {
                    if candidate_sentences[p].last() != Some(&si) {
                        candidate_sentences[p].push(si);
                    }
                }
            }
        }
        for (p, (rule, lazy, unfiltered)) in self.patterns.iter().enumerate() {
            let mut found = |start: usize, end: usize| {
                if is_whole_word(text, start, end) {
                    out.push(RawMatch {
                        rule: *rule,
                        start,
                        end,
                    });
                }
            };
            if !self.anchored[p] {
                if let Some(regex) = lazy.get() {
                    scan_pattern(regex, text, sentences, &mut found);
                }
                continue;
            }
            let mut hits = std::mem::take(&mut candidate_sentences[p]);
            if hits.is_empty() {
                continue; // never compiled when its literals never occur
            }
            let Some(regex) = unfiltered.get() else {
                continue;
            };
            hits.sort_unstable();
            hits.dedup();
            for si in hits {
                let (s, e) = sentences[si];
                let Some(sentence) = text.get(s..e) else {
                    continue;
                };
                for m in regex.find_iter(sentence) {
                    found(s + m.start(), s + m.end());
                }
            }
        }
        leftmost_longest_per_rule(out)
    }
}

/// Runs one pattern over the whole text (one pass, with its literal prefilter) and reports
/// only matches inside a single sentence. A match that straddles a sentence boundary is
/// discarded and that sentence is searched on its own, so a straddling match never hides one
/// inside the sentence; the search then resumes after it.
fn scan_pattern(
    regex: &Regex,
    text: &str,
    sentences: &[(usize, usize)],
    found: &mut impl FnMut(usize, usize),
) {
    let mut pos = 0;
    while pos < text.len() {
        let Some(m) = regex.find_at(text, pos) else {
            break;
        };
        let next = (m.start() + 1..=text.len())
            .find(|&i| text.is_char_boundary(i))
            .unwrap_or(text.len());
        // The sentence holding the match start (sentences are sorted and disjoint).
        let idx = sentences.partition_point(|&(s, _)| s <= m.start());
        let Some(&(s, e)) = idx.checked_sub(1).and_then(|i| sentences.get(i)) else {
            pos = next;
            continue;
        };
        if m.start() >= e {
            pos = next; // in the gap between two sentences
            continue;
        }
        if m.end() <= e {
            found(m.start(), m.end());
            pos = m.end().max(next);
            continue;
        }
        let Some(sentence) = text.get(s..e) else {
            pos = e.max(next);
            continue;
        };
        let mut from = m.start() - s;
        while let Some(inner) = regex.find_at(sentence, from) {
            found(s + inner.start(), s + inner.end());
            from = inner.end().max(inner.start() + 1);
            if from >= sentence.len() {
                break;
            }
        }
        pos = e.max(next);
    }
}

/// For each rule, keeps the leftmost match and, among those starting there, the longest; then
/// the next match that starts after it ends.
fn leftmost_longest_per_rule(mut matches: Vec<RawMatch>) -> Vec<RawMatch> {
    matches.sort_by(|a, b| {
        (a.rule, a.start, std::cmp::Reverse(a.end)).cmp(&(
            b.rule,
            b.start,
            std::cmp::Reverse(b.end),
        ))
    });
    let mut out: Vec<RawMatch> = Vec::with_capacity(matches.len());
    for m in matches {
        match out.last() {
            Some(last) if last.rule == m.rule && m.start < last.end => {}
            _ => out.push(m),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rulebook::{RuleSource, load};

    fn book(yaml: &str) -> Rulebook {
        load(&[RuleSource::new("t.yaml", yaml)]).expect("test rulebook loads")
    }

    const RULES: &str = r#"
rules:
  - id: a/cmp
    category: comparative-claim
    severity: warning
    message: m
    phrases: ["equivalent or superior", "superior to", "well-tolerated"]
  - id: a/fls
    category: forward-looking
    severity: info
    message: m
    phrases: ["will"]
    patterns: ['\bplans?\s+to\b']
  - id: a/month
    category: forward-looking
    severity: info
    message: m
    case-sensitive: true
    phrases: ["May"]
"#;

    fn found<'a>(m: &Matcher, text: &'a str) -> Vec<(usize, &'a str)> {
        m.scan(text, &[(0, text.len())])
            .into_iter()
            .map(|r| (r.rule, &text[r.start..r.end]))
            .collect()
    }

    #[test]
    fn finds_phrases_and_patterns_of_all_rules() {
        let m = Matcher::new(&book(RULES)).expect("matcher builds");
        let text =
            "It is equivalent or superior to X and we plan to dose; it will. Willing, May, may.";
        assert_eq!(
            found(&m, text),
            vec![
                (0, "equivalent or superior"),
                (1, "plan to"),
                (1, "will"),
                (2, "May"),
            ]
        );
    }

    #[test]
    fn hyphen_and_space_spellings_both_match() {
        let m = Matcher::new(&book(RULES)).expect("matcher builds");
        assert_eq!(found(&m, "was well tolerated"), vec![(0, "well tolerated")]);
        assert_eq!(found(&m, "was well-tolerated"), vec![(0, "well-tolerated")]);
        assert_eq!(found(&m, "was superior-to"), vec![(0, "superior-to")]);
    }

    #[test]
    fn a_pattern_match_never_straddles_sentences_or_hides_one_inside() {
        let re = Regex::new(r"(?i)(outlook|expects)[^.]{0,40}?\$\d+").expect("regex");
        let text = "Outlook Acme expects revenue of $5 million";
        // Two sentences: the heading "Outlook" and the rest.
        let sentences = [(0, 7), (8, text.len())];
        let mut found = Vec::new();
        scan_pattern(&re, text, &sentences, &mut |s, e| found.push(&text[s..e]));
        assert_eq!(found, vec!["expects revenue of $5"]);
    }

    #[test]
    fn required_literals_come_from_prefixes_or_suffixes() {
        assert_eq!(
            required_literals(r"\b(plans?|intends?)\s+to\b"),
            Some(vec![
                "intend".into(),
                "intends".into(),
                "plan".into(),
                "plans".into()
            ])
        );
        let suffix = required_literals(r"(?-i:[A-Z])[\w&.'-]*\s+(expects|anticipates)\b");
        assert_eq!(suffix, Some(vec!["anticipates".into(), "expects".into()]));
        assert_eq!(required_literals(r"\w+\s+\w+"), None);
    }

    #[test]
    fn anchored_patterns_find_what_whole_text_scans_find() {
        let m = Matcher::new(&book(RULES)).expect("matcher builds");
        let text = "First we plan to dose. Then nothing. Finally they PLAN TO grow.";
        let sentences = [(0, 21), (22, 35), (36, text.len())];
        let found: Vec<&str> = m
            .scan(text, &sentences)
            .into_iter()
            .filter(|r| r.rule == 1)
            .map(|r| &text[r.start..r.end])
            .collect();
        assert_eq!(found, vec!["plan to", "PLAN TO"]);
    }

    #[test]
    fn keeps_longest_at_same_start_and_skips_overlaps() {
        let v = leftmost_longest_per_rule(vec![
            RawMatch {
                rule: 0,
                start: 0,
                end: 5,
            },
            RawMatch {
                rule: 0,
                start: 0,
                end: 9,
            },
            RawMatch {
                rule: 0,
                start: 3,
                end: 12,
            },
            RawMatch {
                rule: 1,
                start: 3,
                end: 4,
            },
        ]);
        assert_eq!(
            v,
            vec![
                RawMatch {
                    rule: 0,
                    start: 0,
                    end: 9
                },
                RawMatch {
                    rule: 1,
                    start: 3,
                    end: 4
                }
            ]
        );
    }
}
