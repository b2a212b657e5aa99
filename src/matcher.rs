//! The compiled scanner: every phrase of every rule and the required literals of every regex
//! pattern in one Aho-Corasick automaton (one pass over the folded text); each pattern is then
//! searched only from the occurrences of its literals, forward or backward. The few patterns
//! without usable literals run over the whole text behind their own prefilter.

use std::collections::HashMap;

use regex::Regex;

use crate::overlapping::LiteralAutomaton;

use crate::rulebook::LazyRegex;
use crate::rulebook::lazy_regex::{LazyReverse, LazyUnfiltered};

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
    /// Every phrase spelling, then every anchor literal of the patterns.
    automaton: Option<LiteralAutomaton>,
    /// Folded text of each automaton pattern, for the exact-case check.
    phrases: Vec<String>,
    owners: Vec<Vec<PhraseOwner>>,
    patterns: Vec<Pattern>,
    /// For each anchor literal (automaton pattern `phrases.len() + i`), the patterns (indices
    /// into `patterns`) it anchors.
    anchor_owners: Vec<Vec<usize>>,
    /// For each automaton pattern, its lower-cased literal when it holds a byte that
    /// [`automaton_byte`] merges with others: a match of it is confirmed against the text.
    to_confirm: Vec<Option<String>>,
}

/// The byte the automaton sees for a text (or literal) byte: ASCII letters lower-cased; space,
/// hyphen and apostrophe moved next to them; every other digit and ASCII punctuation mark one
/// symbol after those; the rest (controls, non-ASCII) as it is. The automaton's byte classes
/// are contiguous ranges, so the default rulebook's literals then make 32 classes (30 symbols
/// in one run and the two ranges around it) instead of 43: the stride, a power of two, halves,
/// and so does the DFA table. A match of a literal holding a merged byte is confirmed against
/// the text ([`Matcher::scan`]).
const fn automaton_byte(b: u8) -> u8 {
    match b {
        b'A'..=b'Z' => b.to_ascii_lowercase(),
        b'a'..=b'z' => b,
        b' ' => b'{',
        b'-' => b'|',
        b'\'' => b'}',
        b'!'..=b'~' => MERGED_SYMBOL,
        _ => b,
    }
}

const MERGED_SYMBOL: u8 = b'~';

/// `text` as the automaton sees it (see [`automaton_byte`]); same length, same offsets.
fn automaton_view(text: &str) -> Vec<u8> {
    text.bytes().map(automaton_byte).collect()
}

/// [`automaton_byte`] as a table, applied to each text byte as the automaton reads it.
const AUTOMATON_VIEW: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = automaton_byte(b as u8);
        b += 1;
    }
    table
};

/// One regex pattern of a rule.
#[derive(Debug, Clone)]
struct Pattern {
    rule: usize,
    /// For whole-text scans, behind its own literal prefilter (patterns without anchors).
    whole_text: LazyRegex,
    /// For searches in a sentence, from a known start or over all of it.
    in_sentence: LazyUnfiltered,
    /// How to search from the pattern's anchor literals; None: it has none.
    anchored: Option<AnchoredSearch>,
}

/// How a pattern is searched from the occurrences of its anchor literals.
#[derive(Debug, Clone)]
enum AnchoredSearch {
    /// Every match starts with a literal: forward from each occurrence.
    FromStarts,
    /// Every match ends with a literal: back from each occurrence's end with this reverse DFA.
    BackFromEnds(LazyReverse),
}

/// The end of a pattern's matches that its required literals fix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum AnchorEnd {
    /// Every match starts with one of the literals.
    Start,
    /// Every match ends with one of the literals.
    End,
}

/// An occurrence of one of a pattern's anchor literals inside one sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Anchor {
    sentence: usize,
    start: usize,
    end: usize,
}

/// Literals one of which every match of `source` starts (or else ends) with, lower-cased; None
/// when the pattern has no usable ones (too many, too short, infinite, or non-ASCII, which the
/// ASCII case-insensitive anchor automaton could not match in every case).
fn required_literals(source: &str) -> Option<(AnchorEnd, Vec<String>)> {
    use regex_syntax::hir::literal::{ExtractKind, Extractor};
    let hir = regex_syntax::ParserBuilder::new()
        .build()
        .parse(&crate::rulebook::load::ascii_word_boundaries(source))
        .ok()?;
    let hir = single_spaces(&hir);
    // Both ends are exact necessary conditions; keep the more selective set, the one whose
    // shortest literal is longest: `(is|are|was) … (effective|efficacious)` is anchored on its
    // suffixes, since "is" would make nearly every sentence a candidate.
    let mut best: Option<(AnchorEnd, Vec<String>)> = None;
    for (kind, end) in [
        (ExtractKind::Prefix, AnchorEnd::Start),
        (ExtractKind::Suffix, AnchorEnd::End),
    ] {
        let mut extractor = Extractor::new();
        // Bounded: every literal is a state path in the one automaton that every byte of every
        // document goes through. 64 literals of at most 12 bytes per pattern keep it at ~2,400
        // literals for the default rulebook; 256 of any length made it 10,000 and doubled
        // start-up (see BENCHMARKS.md).
        extractor
            .kind(kind)
            .limit_class(8)
            .limit_total(64)
            .limit_literal_len(12);
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
                .as_ref()
                .is_none_or(|(_, b)| shortest(&words) > shortest(b))
            {
                best = Some((end, words));
            }
        }
    }
    best
}

/// `hir` as it can match in folded text, where every run of whitespace is one space: `\s+`
/// becomes " " and `\s*` an optional " ", so literals run on across words ("in the future",
/// not "in"). Only for finding literals; the pattern itself is searched as written.
fn single_spaces(hir: &regex_syntax::hir::Hir) -> regex_syntax::hir::Hir {
    use regex_syntax::hir::{Capture, Hir, HirKind, Repetition};
    static WHITESPACE: std::sync::OnceLock<Option<Hir>> = std::sync::OnceLock::new();
    let whitespace = WHITESPACE.get_or_init(|| regex_syntax::parse(r"\s").ok());
    match hir.kind() {
        HirKind::Repetition(rep) if Some(rep.sub.as_ref()) == whitespace.as_ref() => {
            let space = Hir::literal(*b" ");
            match (rep.min, rep.max) {
                (1, None) => space,
                (0, None) => Hir::repetition(Repetition {
                    min: 0,
                    max: Some(1),
                    greedy: true,
                    sub: Box::new(space),
                }),
                _ => hir.clone(),
            }
        }
        HirKind::Repetition(rep) => Hir::repetition(Repetition {
            sub: Box::new(single_spaces(&rep.sub)),
            ..rep.clone()
        }),
        HirKind::Capture(cap) => Hir::capture(Capture {
            sub: Box::new(single_spaces(&cap.sub)),
            ..cap.clone()
        }),
        HirKind::Concat(parts) => Hir::concat(parts.iter().map(single_spaces).collect()),
        HirKind::Alternation(parts) => Hir::alternation(parts.iter().map(single_spaces).collect()),
        _ => hir.clone(),
    }
}

/// A DFA while the literals are few enough that its table stays bounded: the overlapping pass is
/// about twice as fast as with the contiguous NFA (7% of a whole run on the default rulebook),
/// for ~2 MB and ~10 ms at start-up. With 10,000 more two-word phrases (~350 KB of literals
/// with their hyphenated spellings) it still pays off on an archive (a whole run 5% faster) for
/// ~28 MB and ~0.1 s at start-up (see BENCHMARKS.md).
/// Larger rulebooks keep the NFA, whose size grows with the literals only.
fn build_automaton(literals: &[Vec<u8>]) -> Result<LiteralAutomaton, aho_corasick::BuildError> {
    let bytes: usize = literals.iter().map(Vec::len).sum();
    LiteralAutomaton::new(literals, bytes <= DFA_LITERAL_BYTES)
}

/// Total literal bytes up to which the automaton is a DFA (the default rulebook has ~28 KB). A
/// state (at most one per literal byte, far fewer where literals share prefixes) takes 128
/// bytes with the default alphabet.
const DFA_LITERAL_BYTES: usize = 512 * 1024;

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
                let anchored = literals.as_ref().map(|(end, _)| match end {
                    AnchorEnd::Start => AnchoredSearch::FromStarts,
                    AnchorEnd::End => AnchoredSearch::BackFromEnds(LazyReverse::new(
                        compiled.as_str(),
                        case_sensitive,
                    )),
                });
                pattern_literals.push(literals.map(|(_, words)| words));
                patterns.push(Pattern {
                    rule: rule_idx,
                    whole_text: compiled.clone(),
                    in_sentence: LazyUnfiltered::new(compiled.as_str(), case_sensitive),
                    anchored,
                });
            }
        }
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
        // One automaton, one pass: phrases first, then anchor literals (ids offset by the
        // number of phrases).
        // Searched over a copy of the text with case folded and digits and punctuation merged
        // (`automaton_view`): fewer byte classes, a smaller DFA table.
        let lowered: Vec<String> = phrases
            .iter()
            .chain(&anchor_words)
            .map(|l| l.to_ascii_lowercase())
            .collect();
        let literals: Vec<Vec<u8>> = lowered.iter().map(|l| automaton_view(l)).collect();
        let to_confirm = lowered
            .iter()
            .map(|l| {
                l.bytes()
                    .any(|b| automaton_byte(b) == MERGED_SYMBOL)
                    .then(|| l.clone())
            })
            .collect();
        let automaton = if literals.is_empty() {
            None
        } else {
            Some(build_automaton(&literals)?)
        };
        Ok(Matcher {
            automaton,
            phrases,
            owners,
            patterns,
            anchor_owners,
            to_confirm,
        })
    }

    /// Compiles the regexes a scan of many texts will use (share `part` of `parts`, round
    /// robin), which a scan otherwise compiles on first use.
    pub fn compile_share(&self, part: usize, parts: usize) {
        let mut next = 0;
        let mut mine = || {
            next += 1;
            (next - 1) % parts.max(1) == part
        };
        for pattern in &self.patterns {
            match &pattern.anchored {
                None => {
                    if mine() {
                        let _ = pattern.whole_text.get();
                    }
                }
                Some(anchored) => {
                    if mine() {
                        pattern.in_sentence.compile();
                    }
                    if let AnchoredSearch::BackFromEnds(reverse) = anchored
                        && mine()
                    {
                        reverse.compile();
                    }
                }
            }
        }
    }

    /// Number of distinct phrase spellings in the automaton.
    pub fn phrase_count(&self) -> usize {
        self.phrases.len()
    }

    /// Every phrase spelling in the automaton (for exporting to other tools).
    pub fn phrases(&self) -> &[String] {
        &self.phrases
    }

    /// Records an occurrence of anchor literal `anchor` at `start..end` for the patterns it
    /// anchors, in the sentence holding it.
    fn note_anchor(
        &self,
        anchor: usize,
        start: usize,
        end: usize,
        sentences: &[(usize, usize)],
        occurrences: &mut [Vec<Anchor>],
    ) {
        let idx = sentences.partition_point(|&(s, _)| s <= start);
        let Some(si) = idx.checked_sub(1) else {
            return;
        };
        let (s, e) = sentences[si];
        if end > e {
            return; // a literal crossing the sentence's end starts no match in it
        }
        for &p in self.anchor_owners.get(anchor).into_iter().flatten() {
            occurrences[p].push(Anchor {
                sentence: si,
                start: start - s,
                end: end - s,
            });
        }
    }

    /// All whole-word matches of every rule in `text`, per rule leftmost-longest and
    /// non-overlapping, sorted by rule then position. Phrases and pattern literals are found
    /// in one pass over the whole text; patterns are then searched inside the sentence holding
    /// each literal occurrence (`sentences`: byte ranges of `text`), so no pattern match
    /// straddles two sentences.
    pub fn scan(&self, text: &str, sentences: &[(usize, usize)]) -> Vec<RawMatch> {
        self.scan_many(&[(text, sentences)])
            .pop()
            .unwrap_or_default()
    }

    /// [`Matcher::scan`] of several texts (each with its sentences), giving the same matches
    /// as scanning them one by one. Each pattern is searched in every text before the next
    /// pattern: a pattern's lazy DFA stays in the CPU cache across the texts instead of being
    /// evicted by the ~200 others between two documents (warm, a document's pattern searches
    /// take a fifth of the time; see BENCHMARKS.md).
    pub fn scan_many(&self, texts: &[(&str, &[(usize, usize)])]) -> Vec<Vec<RawMatch>> {
        let mut scans: Vec<TextScan> = texts
            .iter()
            .map(|&(text, sentences)| self.literal_pass(text, sentences))
            .collect();
        for (p, pattern) in self.patterns.iter().enumerate() {
            for (scan, &(text, sentences)) in scans.iter_mut().zip(texts) {
                search_pattern(p, pattern, text, sentences, scan);
            }
        }
        scans
            .into_iter()
            .map(|scan| leftmost_longest_per_rule(scan.found))
            .collect()
    }

    /// The one automaton pass over `text`: phrase matches, and the occurrences of the pattern
    /// literals that the pattern searches start from.
    fn literal_pass(&self, text: &str, sentences: &[(usize, usize)]) -> TextScan {
        let mut found = Vec::new();
        // Patterns with required literals are searched only where one of their literals
        // occurs: forward from the literal when matches start with it, back from it when they
        // end with it. The others run once over the whole text behind their own prefilter.
        let mut occurrences: Vec<Vec<Anchor>> = vec![Vec::new(); self.patterns.len()];
        if let Some(automaton) = &self.automaton {
            // Overlapping search so that one rule's phrase never hides another rule's.
            let mut hits = Vec::new();
            automaton.overlapping(text.as_bytes(), &AUTOMATON_VIEW, &mut hits);
            for hit in hits {
                let (start, end) = (hit.start, hit.end);
                let id = hit.pattern.as_usize();
                if let Some(Some(literal)) = self.to_confirm.get(id)
                    && !text
                        .as_bytes()
                        .get(start..end)
                        .is_some_and(|found| found.eq_ignore_ascii_case(literal.as_bytes()))
                {
                    continue; // a merged digit or punctuation mark differs
                }
                let Some(owners) = self.owners.get(id) else {
                    self.note_anchor(
                        id - self.owners.len(),
                        start,
                        end,
                        sentences,
                        &mut occurrences,
                    );
                    continue;
                };
                if !is_whole_word(text, start, end) {
                    continue;
                }
                for owner in owners {
                    if owner.case_sensitive
                        && text.get(start..end) != Some(self.phrases[id].as_str())
                    {
                        continue;
                    }
                    found.push(RawMatch {
                        rule: owner.rule,
                        start,
                        end,
                    });
                }
            }
        }
        TextScan { found, occurrences }
    }
}

/// One text's scan in progress: the matches so far and, per pattern, the occurrences of its
/// anchor literals still to search from.
struct TextScan {
    found: Vec<RawMatch>,
    occurrences: Vec<Vec<Anchor>>,
}

/// Searches pattern `p` in one text, from its anchor occurrences (or over the whole text when it
/// has none), adding its whole-word matches to the scan.
fn search_pattern(
    p: usize,
    pattern: &Pattern,
    text: &str,
    sentences: &[(usize, usize)],
    scan: &mut TextScan,
) {
    let mut found = |start: usize, end: usize| {
        if is_whole_word(text, start, end) {
            scan.found.push(RawMatch {
                rule: pattern.rule,
                start,
                end,
            });
        }
    };
    let Some(anchored) = &pattern.anchored else {
        if let Some(regex) = pattern.whole_text.get() {
            scan_pattern(regex, text, sentences, &mut found);
        }
        return;
    };
    let Some(hits) = scan.occurrences.get_mut(p) else {
        return;
    };
    let mut hits = std::mem::take(hits);
    if hits.is_empty() {
        return; // never compiled when its literals never occur
    }
    let regex = &pattern.in_sentence;
    hits.sort_unstable();
    hits.dedup();
    for group in hits.chunk_by(|a, b| a.sentence == b.sentence) {
        let (s, e) = sentences[group[0].sentence];
        let Some(sentence) = text.get(s..e) else {
            continue;
        };
        let mut found_here = |start: usize, end: usize| found(s + start, s + end);
        let searched = match anchored {
            // A sentence dense with literals (a file of megabytes with no full stop) is
            // searched once, forward: per-literal searches that each reach far would make it
            // quadratic.
            _ if group.len() > MAX_ANCHORS_PER_SENTENCE => false,
            AnchoredSearch::FromStarts => {
                search_from_starts(regex, sentence, group, &mut found_here);
                true
            }
            AnchoredSearch::BackFromEnds(reverse) => {
                search_back_from_ends(regex, reverse, sentence, group, &mut found_here)
            }
        };
        if !searched && let Some(full) = regex.full() {
            for m in full.find_iter(sentence) {
                found_here(m.start(), m.end());
            }
        }
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

/// Beyond this many literal occurrences of one pattern in one sentence, the sentence is searched
/// forward in one pass instead of from each occurrence.
const MAX_ANCHORS_PER_SENTENCE: usize = 64;

/// The leftmost-first, non-overlapping matches in `sentence` of a pattern whose every match
/// starts with one of its anchor literals (`anchors`: occurrences sorted by start): what
/// `find_iter` over the sentence gives, from anchored searches at the occurrences alone.
fn search_from_starts(
    regex: &LazyUnfiltered,
    sentence: &str,
    anchors: &[Anchor],
    found: &mut impl FnMut(usize, usize),
) {
    let mut from = 0;
    for anchor in anchors {
        if anchor.start < from {
            continue;
        }
        if let Some(end) = regex.match_end_at(sentence, anchor.start) {
            from = end.max(anchor.start + 1);
            found(anchor.start, end);
        }
    }
}

/// As [`search_from_starts`], for a pattern whose every match ends with one of its anchor
/// literals: the next match starts at the earliest start any remaining literal's reverse walk
/// reaches, and the forward search from there says where it ends. False when the reverse DFA
/// cannot answer, so the caller searches the sentence forward instead.
fn search_back_from_ends(
    regex: &LazyUnfiltered,
    reverse: &LazyReverse,
    sentence: &str,
    anchors: &[Anchor],
    found: &mut impl FnMut(usize, usize),
) -> bool {
    let mut matches = Vec::new();
    let mut from = 0;
    loop {
        let mut earliest: Option<usize> = None;
        for anchor in anchors.iter().filter(|a| a.start >= from) {
            match reverse.earliest_start(sentence, from, anchor.end) {
                Ok(Some(start)) => {
                    earliest = Some(earliest.map_or(start, |e| e.min(start)));
                    if start == from {
                        break;
                    }
                }
                Ok(None) => {}
                Err(_) => return false,
            }
        }
        let Some(start) = earliest else {
            break;
        };
        let Some(end) = regex.match_end_at(sentence, start) else {
            return false; // the two directions disagree: let the forward search decide
        };
        from = end.max(start + 1);
        matches.push((start, end));
        if from > sentence.len() {
            break;
        }
    }
    for (start, end) in matches {
        found(start, end);
    }
    true
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
    fn digits_and_punctuation_merged_for_the_automaton_are_confirmed() {
        let m = Matcher::new(&book(
            r#"
rules:
  - id: a/phase
    category: forward-looking
    severity: info
    message: m
    phrases: ["phase 2", "$1 billion", "o'brien"]
"#,
        ))
        .expect("matcher builds");
        assert_eq!(
            found(
                &m,
                "Phase 3, phase 2; #1 billion, $1 billion; O'Brien, o-brien"
            ),
            vec![(0, "phase 2"), (0, "$1 billion"), (0, "O'Brien")]
        );
    }

    #[test]
    fn the_automaton_alphabet_is_one_run_of_symbols() {
        // Letters, space, hyphen, apostrophe and the merged symbol sit side by side, so the
        // literals' byte classes stay at 32 (see `automaton_byte`).
        for b in (b'!'..=b'~').chain([b' ']) {
            let seen = automaton_byte(b);
            assert!((b'a'..=b'~').contains(&seen), "{b} -> {seen}");
        }
        assert_eq!(automaton_byte(b'\n'), b'\n');
        assert_eq!(automaton_byte(0xC3), 0xC3);
    }

    #[test]
    fn scanning_texts_together_finds_what_each_scan_finds() {
        let m = Matcher::new(&book(RULES)).expect("matcher builds");
        let texts = [
            "First we plan to dose. Then nothing.",
            "",
            "It is equivalent or superior to X; they PLAN TO grow. May it will.",
            "plans to plans to plans to",
        ];
        let sentences: Vec<Vec<(usize, usize)>> = texts
            .iter()
            .map(|t| match t.find(". ") {
                Some(i) => vec![(0, i + 1), (i + 2, t.len())],
                None => vec![(0, t.len())],
            })
            .collect();
        let pairs: Vec<(&str, &[(usize, usize)])> = texts
            .iter()
            .zip(&sentences)
            .map(|(t, s)| (*t, s.as_slice()))
            .collect();
        let alone: Vec<Vec<RawMatch>> = pairs.iter().map(|&(t, s)| m.scan(t, s)).collect();
        assert_eq!(m.scan_many(&pairs), alone);
        let counts: Vec<usize> = alone.iter().map(Vec::len).collect();
        assert_eq!(counts, vec![1, 0, 4, 3]);
    }

    #[test]
    fn compile_shares_split_the_regexes_and_together_compile_them_all() {
        let m = Matcher::new(&book(
            r#"
rules:
  - id: a/p
    category: forward-looking
    severity: info
    message: m
    patterns: ['\bplans?\s+to\b', '(?-i:[A-Z])\w*\s+(expects|anticipates)\b', '\w+\s+\w+', '\bwill\s+grow\b']
"#,
        ))
        .expect("matcher builds");
        let compiled = |m: &Matcher| -> Vec<bool> {
            m.patterns
                .iter()
                .flat_map(|p| match &p.anchored {
                    None => vec![p.whole_text.is_compiled()],
                    Some(AnchoredSearch::FromStarts) => vec![p.in_sentence.is_compiled()],
                    Some(AnchoredSearch::BackFromEnds(r)) => {
                        vec![p.in_sentence.is_compiled(), r.is_compiled()]
                    }
                })
                .collect()
        };
        // A rulebook from a file compiles its patterns when loaded (to report errors), so only
        // the whole-text one is compiled yet; the others wait for first use.
        assert_eq!(compiled(&m), vec![false, false, false, true, false]);
        // Round robin over the searches, in pattern order: jobs 0, 2 and 4 are share 0's.
        m.compile_share(0, 2);
        assert_eq!(compiled(&m), vec![true, false, true, true, true]);
        m.compile_share(1, 2);
        assert_eq!(compiled(&m), vec![true; 5]);
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
            Some((
                AnchorEnd::Start,
                vec![
                    "intend to".into(),
                    "intends to".into(),
                    "plan to".into(),
                    "plans to".into()
                ]
            ))
        );
        // Optional whitespace is an optional space in folded text.
        assert_eq!(
            required_literals(r"\bnon\s*-?\s*GAAP\b"),
            Some((
                AnchorEnd::Start,
                vec![
                    "non  gaap".into(),
                    "non - gaap".into(),
                    "non -gaap".into(),
                    "non gaap".into(),
                    "non- gaap".into(),
                    "non-gaap".into(),
                    "nongaap".into(),
                ]
            ))
        );
        let suffix = required_literals(r"(?-i:[A-Z])[\w&.'-]*\s+(expects|anticipates)\b");
        assert_eq!(
            suffix,
            Some((
                AnchorEnd::End,
                vec![" anticipates".into(), " expects".into()]
            ))
        );
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

    /// Patterns anchored at either end, with optional parts, repeats and classes that let
    /// matches overlap, nest and run through several literals.
    const ANCHORED_PATTERNS: &[&str] = &[
        r"\b(plans?|intends?)\s+to\b",
        r"(?-i:[A-Z])[\w&.'-]*\s+(expects|anticipates)\b",
        r"\b(to|will)\s+([\w-]+\s+){0,3}?(expects|plans)\b",
        r"(\w+\s+)?(safe|effective)\s+and\s+(safe|effective)",
        r"\b(times|fold)\b[^.]{0,20}\b(sales|plans)\b",
    ];

    fn sentence_from(words: &[usize]) -> String {
        const WORDS: &[&str] = &[
            "plan",
            "plans",
            "to",
            "will",
            "Acme",
            "expects",
            "anticipates",
            "safe",
            "and",
            "effective",
            "times",
            "fold",
            "sales",
            "x-ray",
            "We",
            "intends",
            "PLANS",
            "é",
        ];
        let mut out = String::new();
        for (i, w) in words.iter().enumerate() {
            if i > 0 {
                out.push_str(match w % 5 {
                    0 => "\n",
                    1 => " \u{A0}\t",
                    _ => " ",
                });
            }
            out.push_str(WORDS[w % WORDS.len()]);
        }
        // Matching runs over folded text: every run of whitespace is one space.
        crate::text::normalize::Normalized::new(&out)
            .as_str()
            .to_string()
    }

    proptest::proptest! {
        /// The searches from anchor occurrences find exactly what a forward `find_iter` over
        /// the sentence finds.
        #[test]
        fn anchored_searches_equal_a_forward_scan(
            words in proptest::collection::vec(0usize..40, 0..24),
            which in 0usize..5,
        ) {
            let source = crate::rulebook::load::ascii_word_boundaries(ANCHORED_PATTERNS[which]);
            let (end, literals) = required_literals(ANCHORED_PATTERNS[which])
                .expect("test patterns have literals");
            let sentence = sentence_from(&words);
            let regex = LazyUnfiltered::new(&source, false);
            let full = regex.full().expect("compiles");
            let literal_automaton = aho_corasick::AhoCorasickBuilder::new()
                .ascii_case_insensitive(true)
                .build(&literals)
                .expect("automaton");
            let mut anchors: Vec<Anchor> = literal_automaton
                .find_overlapping_iter(&sentence)
                .map(|m| Anchor { sentence: 0, start: m.start(), end: m.end() })
                .collect();
            anchors.sort_unstable();
            let expected: Vec<(usize, usize)> =
                full.find_iter(&sentence).map(|m| (m.start(), m.end())).collect();
            let mut got = Vec::new();
            let mut push = |start: usize, end: usize| got.push((start, end));
            match end {
                AnchorEnd::Start => search_from_starts(&regex, &sentence, &anchors, &mut push),
                AnchorEnd::End => {
                    let reverse = LazyReverse::new(&source, false);
                    proptest::prop_assert!(
                        search_back_from_ends(&regex, &reverse, &sentence, &anchors, &mut push)
                    );
                }
            }
            proptest::prop_assert_eq!(got, expected, "{:?} in {:?}", source, sentence);
        }
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
