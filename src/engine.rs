//! The audit pipeline for one document: scan, place each match in its sentence and section,
//! apply scope and exceptions, then run the document-level checks.

use std::collections::HashMap;

use crate::checks;
use crate::document::Document;
use crate::finding::Finding;
use crate::matcher::{BuildError, Matcher, RawMatch};
use crate::rulebook::lazy_regex::LazyUnfiltered;
use crate::rulebook::{Category, Condition, RuleKind, Rulebook, Section, Within};
use crate::text::collapse_whitespace;

/// A rulebook compiled for scanning. Built once per run, shared by every document.
#[derive(Debug, Clone)]
pub struct Engine {
    rulebook: Rulebook,
    matcher: Matcher,
    /// Per rule, its `within: sentence` exceptions and requirements, each set joined into one
    /// regex: one search of a sentence instead of one per condition.
    sentence_conditions: Vec<[Option<JoinedConditions>; 2]>,
}

/// `within: sentence` conditions searched as one alternation, which matches exactly when one
/// of them does; if the union cannot compile, the conditions are searched one by one. It runs
/// without a literal prefilter: in a sentence, a prefilter restarted at every common literal
/// ("not", "will") costs more than the lazy DFA's one pass.
#[derive(Debug, Clone)]
struct JoinedConditions {
    union: LazyUnfiltered,
}

/// Size limit of a joined condition regex (several times one condition's).
const JOINED_SIZE_LIMIT: usize = 16 * 1024 * 1024;

impl JoinedConditions {
    fn new(conditions: &[Condition], case_sensitive: bool) -> Option<Self> {
        let parts: Vec<&Condition> = conditions
            .iter()
            .filter(|c| c.within == Within::Sentence)
            .collect();
        let source = match parts.as_slice() {
            [] => return None,
            [one] => one.regex.as_str().to_string(),
            many => many
                .iter()
                .map(|c| format!("(?:{})", c.regex.as_str()))
                .collect::<Vec<_>>()
                .join("|"),
        };
        Some(JoinedConditions {
            union: LazyUnfiltered::with_size_limit(&source, case_sensitive, JOINED_SIZE_LIMIT),
        })
    }
}

impl Engine {
    pub fn new(rulebook: Rulebook) -> Result<Self, BuildError> {
        let matcher = Matcher::new(&rulebook)?;
        let sentence_conditions = rulebook
            .rules
            .iter()
            .map(|rule| match &rule.kind {
                RuleKind::Text(text) => [
                    JoinedConditions::new(&text.unless, text.case_sensitive),
                    JoinedConditions::new(&text.requires, text.case_sensitive),
                ],
                RuleKind::Document(_) => [None, None],
            })
            .collect();
        Ok(Engine {
            rulebook,
            matcher,
            sentence_conditions,
        })
    }

    /// Compiles share `part` of `parts` of the regexes an audit of many documents uses, which
    /// are otherwise compiled on first use. Called by each thread of a big run before it
    /// starts: first use comes at the same moment on every thread, so one thread would compile
    /// while the others wait for it.
    pub fn compile_share(&self, part: usize, parts: usize) {
        self.matcher.compile_share(part, parts);
        let parts = parts.max(1);
        let conditions = self.sentence_conditions.iter().flatten().flatten();
        for (i, joined) in conditions.enumerate() {
            if i % parts == part {
                joined.union.compile();
            }
        }
        let modifiers = self.rulebook.context.iter().flat_map(|m| &m.modifiers);
        for (i, evidence) in modifiers.filter_map(|m| m.evidence.as_ref()).enumerate() {
            if i % parts == part {
                evidence.compile();
            }
        }
    }

    pub fn rulebook(&self) -> &Rulebook {
        &self.rulebook
    }

    pub fn matcher(&self) -> &Matcher {
        &self.matcher
    }

    /// Audits a release given as text.
    pub fn audit_text(&self, source: &str) -> Vec<Finding> {
        self.audit(&Document::new(source))
    }

    /// Audits an analysed document. Findings are sorted by position, then rule order.
    pub fn audit(&self, doc: &Document<'_>) -> Vec<Finding> {
        self.audit_with(doc, true)
    }

    /// Like [`Engine::audit`] but every rule's matches are kept separately, without merging
    /// findings of one sentence: how a rule's own examples are checked.
    pub fn audit_each_rule(&self, doc: &Document<'_>) -> Vec<Finding> {
        self.audit_with(doc, false)
    }

    /// Audits several documents, each exactly as [`Engine::audit`] would: the scan runs over
    /// all of them together (see [`Matcher::scan_many`]), which is how batches of small files
    /// are audited.
    pub fn audit_many(&self, docs: &[Document<'_>]) -> Vec<Vec<Finding>> {
        self.audit_all(docs, true)
    }

    fn audit_with(&self, doc: &Document<'_>, merge: bool) -> Vec<Finding> {
        self.audit_all(std::slice::from_ref(doc), merge)
            .pop()
            .unwrap_or_default()
    }

    /// Audits `docs` stage by stage, each stage over every document before the next (and the
    /// rules' conditions rule by rule), so that a stage's regexes stay in the CPU cache across
    /// documents; each document's findings are exactly those of auditing it alone.
    fn audit_all(&self, docs: &[Document<'_>], merge: bool) -> Vec<Vec<Finding>> {
        let texts: Vec<(&str, &[(usize, usize)])> = docs
            .iter()
            .map(|doc| (doc.normalized.as_str(), doc.folded_sentences.as_slice()))
            .collect();
        let raws = self.matcher.scan_many(&texts);
        let kept = self.placements(docs, &raws);
        let mut all: Vec<Vec<Finding>> = docs
            .iter()
            .zip(raws.into_iter().zip(kept))
            .map(|(doc, (raw, kept))| {
                let mut findings: Vec<Finding> = raw
                    .into_iter()
                    .zip(kept)
                    .filter_map(|(m, at)| Some(self.finding(doc, m, at?)))
                    .collect();
                findings.sort_by_key(|f| (f.start, f.rule));
                findings
            })
            .collect();
        if let Some(model) = &self.rulebook.context {
            crate::context::apply_many(model, docs, &mut all);
        }
        let mut all: Vec<Vec<Finding>> = docs
            .iter()
            .zip(all)
            .map(|(doc, findings)| {
                let mut findings = if merge {
                    self.merge_per_sentence(doc, findings)
                } else {
                    findings
                };
                // The sentence's text is copied into the findings kept, not into every match
                // before merging: one copy per match made a long sentence full of matches (a
                // 200 MB line) quadratic in memory (24 GB and the OOM killer in the
                // hostile-input suite).
                for f in &mut findings {
                    f.context = collapse_whitespace(&doc.source[f.sentence.0..f.sentence.1]);
                }
                findings
            })
            .collect();
        // Rule by rule: a check sees the findings of the checks before it.
        for (idx, rule) in self.rulebook.rules.iter().enumerate() {
            if let RuleKind::Document(check) = rule.kind {
                for (doc, findings) in docs.iter().zip(&mut all) {
                    let extra = checks::run(check, idx, rule, doc, findings);
                    findings.extend(extra);
                }
            }
        }
        for findings in &mut all {
            findings.sort_by_key(|f| (f.start, f.rule));
        }
        all
    }

    /// For every raw match of every document (`raws`: each sorted by rule), where it sits when
    /// scope and its rule's conditions keep it, or None. Worked out rule by rule across the
    /// documents, so one rule's condition regexes serve all of them while in cache.
    fn placements(
        &self,
        docs: &[Document<'_>],
        raws: &[Vec<RawMatch>],
    ) -> Vec<Vec<Option<Placed>>> {
        let mut caches: Vec<ConditionCache> =
            docs.iter().map(|_| ConditionCache::default()).collect();
        let mut kept: Vec<Vec<Option<Placed>>> = raws.iter().map(|r| vec![None; r.len()]).collect();
        // Each document's run of matches of each rule, ordered by rule, then document.
        let mut runs: Vec<(usize, usize, std::ops::Range<usize>)> = Vec::new();
        for (d, raw) in raws.iter().enumerate() {
            let mut from = 0;
            for group in raw.chunk_by(|a, b| a.rule == b.rule) {
                runs.push((group[0].rule, d, from..from + group.len()));
                from += group.len();
            }
        }
        runs.sort_unstable_by_key(|(rule, d, _)| (*rule, *d));
        for (_, d, range) in runs {
            for i in range {
                kept[d][i] = self.place(&docs[d], raws[d][i], &mut caches[d]);
            }
        }
        kept
    }

    /// One forward-looking finding per sentence (a sentence is forward-looking or not) and one
    /// finding per claim rule per sentence (a claim repeated in one sentence is one claim).
    /// Where forward-looking rules meet, the one earlier in the rulebook is kept (so the
    /// specific `forward-looking/guidance` wins over a generic cue); the others become notes.
    fn merge_per_sentence(&self, doc: &Document<'_>, findings: Vec<Finding>) -> Vec<Finding> {
        let mut out: Vec<Finding> = Vec::with_capacity(findings.len());
        let mut kept: HashMap<(usize, usize), usize> = HashMap::new();
        for mut f in findings {
            // Forward-looking cues merge across rules (a sentence is FLS or not); distinct claim
            // rules stay separate, so each claim keeps its own span.
            let group = if f.category == Category::ForwardLooking {
                usize::MAX
            } else {
                f.rule
            };
            let Some(&i) = kept.get(&(f.sentence.0, group)) else {
                kept.insert((f.sentence.0, group), out.len());
                out.push(f);
                continue;
            };
            if f.rule < out[i].rule {
                std::mem::swap(&mut out[i], &mut f);
                for note in std::mem::take(&mut f.notes) {
                    if !out[i].notes.contains(&note) {
                        out[i].notes.push(note);
                    }
                }
            }
            let also = format!(
                "also in this sentence: “{}” ({})",
                collapse_whitespace(&doc.source[f.start..f.end]),
                self.rulebook.rules[f.rule].id
            );
            out[i].notes.push(also);
        }
        out.sort_by_key(|f| (f.start, f.rule));
        out
    }

    /// Where a raw match sits in its document, or None when scope or an exception drops it.
    fn place(&self, doc: &Document<'_>, m: RawMatch, cache: &mut ConditionCache) -> Option<Placed> {
        let rule = &self.rulebook.rules[m.rule];
        let RuleKind::Text(text_rule) = &rule.kind else {
            return None;
        };
        let (start, end) = doc.normalized.to_source(m.start, m.end);
        let sentence_idx = doc.sentence_at(start)?;
        let sentence = doc.sentences[sentence_idx];
        if end > sentence.end {
            return None; // a phrase never runs across two sentences
        }
        let section = doc.section_at(sentence_idx, start);
        if !text_rule.scope.contains(section) {
            return None;
        }
        // Cue words inside the cautionary statement are never findings.
        if rule.category == Category::ForwardLooking && section == Section::SafeHarbor {
            return None;
        }
        let key = (m.rule, sentence_idx);
        let [unless, requires] = &self.sentence_conditions[m.rule];
        if cache.any(
            (Kind::Unless, unless.as_ref()),
            key,
            doc,
            &text_rule.unless,
            (m.start, m.end),
        ) {
            return None;
        }
        if !text_rule.requires.is_empty()
            && !cache.any(
                (Kind::Requires, requires.as_ref()),
                key,
                doc,
                &text_rule.requires,
                (m.start, m.end),
            )
        {
            return None;
        }
        Some(Placed {
            start,
            end,
            sentence: sentence_idx,
            section,
        })
    }

    /// The finding of a raw match that `place` kept.
    fn finding(&self, doc: &Document<'_>, m: RawMatch, at: Placed) -> Finding {
        let Placed {
            start,
            end,
            sentence,
            section,
        } = at;
        let rule = &self.rulebook.rules[m.rule];
        let sentence = doc.sentences[sentence];
        let mut notes = Vec::new();
        if section == Section::Quote
            && let Some((a, b)) = doc.quote_at(start).and_then(|q| q.attribution)
        {
            notes.push(format!(
                "in a quotation ({}); quotes are the company's statements too",
                collapse_whitespace(&doc.source[a..b])
            ));
        }
        let matched = collapse_whitespace(&doc.source[start..end]);
        Finding {
            rule: m.rule,
            category: rule.category,
            severity: rule.severity,
            message: rule.message_with(&matched),
            start,
            end,
            sentence: (sentence.start, sentence.end),
            section,
            notes,
            matched,
            // Filled in by `audit_all` for the findings kept after merging.
            context: String::new(),
        }
    }
}

/// Where a kept raw match sits: its source span, sentence (index) and section.
#[derive(Debug, Clone, Copy)]
struct Placed {
    start: usize,
    end: usize,
    sentence: usize,
    section: Section,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Kind {
    Unless,
    Requires,
}

/// Sentences longer than this (no real sentence is; a file with no full stops can be one
/// "sentence" of megabytes) search `within: match` conditions only near the match.
const LONG_SENTENCE: usize = 8 * 1024;
/// How far around a match such a search looks.
const MATCH_WINDOW: usize = 2 * 1024;

/// Condition results of one audit. A `within: sentence` condition gives the same answer for
/// every match of a rule in a sentence, so it is searched once per (rule, sentence), not once
/// per match: without this, a one-line file of megabytes with thousands of matches took
/// quadratic time.
#[derive(Debug, Default)]
struct ConditionCache {
    sentence_level: HashMap<(Kind, usize, usize), bool>,
    /// Spans (folded text) where a `within: match` condition matches in a sentence, for
    /// sentences short enough to be searched whole.
    match_level: HashMap<(Kind, usize, usize), Vec<(usize, usize)>>,
}

impl ConditionCache {
    /// True when one of `conditions` matches in sentence `sentence_idx` (or over the match, for
    /// `within: match`). `matched` is a range of the folded text; `joined` holds the `within:
    /// sentence` ones as one regex.
    fn any(
        &mut self,
        (kind, joined): (Kind, Option<&JoinedConditions>),
        (rule, sentence_idx): (usize, usize),
        doc: &Document<'_>,
        conditions: &[Condition],
        matched: (usize, usize),
    ) -> bool {
        if conditions.is_empty() {
            return false;
        }
        let text = doc.normalized.as_str();
        let Some(&(ns, ne)) = doc.folded_sentences.get(sentence_idx) else {
            return false;
        };
        let in_sentence = *self
            .sentence_level
            .entry((kind, rule, sentence_idx))
            .or_insert_with(|| {
                let Some(window) = text.get(ns..ne) else {
                    return false;
                };
                match joined.and_then(|j| j.union.matches(window)) {
                    Some(found) => found,
                    None => conditions
                        .iter()
                        .filter(|c| c.within == Within::Sentence)
                        .any(|c| c.regex.is_match(window)),
                }
            });
        if in_sentence {
            return true;
        }
        // `within: match`: a condition match overlapping the matched text.
        if !conditions.iter().any(|c| c.within == Within::Match) {
            return false;
        }
        let overlaps = |&(s, e): &(usize, usize)| s < matched.1 && matched.0 < e;
        if ne.saturating_sub(ns) > LONG_SENTENCE {
            let ws = floor_boundary(text, matched.0.saturating_sub(MATCH_WINDOW).max(ns));
            let we = ceil_boundary(text, (matched.1 + MATCH_WINDOW).min(ne));
            return match_spans(conditions, text, (ws, we)).iter().any(overlaps);
        }
        // The spans of a sentence are the same for every match in it: found once.
        self.match_level
            .entry((kind, rule, sentence_idx))
            .or_insert_with(|| match_spans(conditions, text, (ns, ne)))
            .iter()
            .any(overlaps)
    }
}

/// Where the `within: match` conditions match in `text[window]` (offsets into `text`), each
/// searched on its own so one never hides another's overlapping match.
fn match_spans(
    conditions: &[Condition],
    text: &str,
    (ws, we): (usize, usize),
) -> Vec<(usize, usize)> {
    let Some(window) = text.get(ws..we) else {
        return Vec::new();
    };
    conditions
        .iter()
        .filter(|c| c.within == Within::Match)
        .filter_map(|c| c.regex.get())
        // Exceptions mean exactly what their pattern says: no implicit word edges.
        .flat_map(|regex| regex.find_iter(window))
        .map(|m| (ws + m.start(), ws + m.end()))
        .collect()
}

fn floor_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil_boundary(text: &str, mut i: usize) -> usize {
    while i < text.len() && !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::Engine;
    use crate::document::Document;

    #[test]
    fn auditing_documents_together_finds_what_each_finds_alone() {
        let book = crate::rulebook::load(&crate::rulebook::embedded::sources())
            .expect("embedded rulebook loads");
        let engine = Engine::new(book).expect("engine builds");
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
        let mut texts: Vec<String> = std::fs::read_dir(&dir)
            .expect("corpus/ is readable")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "txt" || x == "md"))
            .filter_map(|p| std::fs::read_to_string(p).ok())
            .collect();
        texts.sort();
        // An empty text and one without any sentence end sit among them too.
        texts.insert(1, String::new());
        texts.push("will expect guidance outlook may superior".repeat(50));
        assert!(texts.len() > 10, "{} texts", texts.len());
        let docs: Vec<Document<'_>> = texts.iter().map(|t| Document::new(t)).collect();
        let together = engine.audit_many(&docs);
        let alone: Vec<_> = docs.iter().map(|d| engine.audit(d)).collect();
        assert_eq!(together, alone);
        assert!(alone.iter().filter(|f| !f.is_empty()).count() > 10);
    }
}
