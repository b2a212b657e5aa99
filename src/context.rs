//! Context modifiers (rulebook reference, part B4): the same claim is more serious about an
//! investigational product backed by Phase 1 data, in a headline, than hedged in a body sentence
//! about an approved one. Each modifier that applies adds its weight to the claim's base score;
//! the score maps back to a severity, and the finding says which context moved it.
//!
//! The scoring table lives in the rulebook (`context:` in any rulebook file), not in code.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::document::{Document, locate};
use crate::finding::Finding;
use crate::rulebook::lazy_regex::LazyUnfiltered;
use crate::rulebook::{Category, Section, Severity};

/// Where a modifier looks for its evidence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Reach {
    Sentence,
    Paragraph,
    Document,
}

#[derive(Debug, Clone)]
pub struct Modifier {
    pub id: String,
    /// Shown in notes: "investigational product".
    pub label: String,
    pub weight: i32,
    /// Claim categories it applies to (empty: every claim category).
    pub categories: Vec<Category>,
    pub reach: Reach,
    /// Evidence to look for (when None, `sections` alone decides).
    pub evidence: Option<EvidencePattern>,
    /// Sections the finding must be in (empty: any).
    pub sections: Vec<Section>,
    /// A negative modifier never lowers a finding below this severity.
    pub floor: Option<Severity>,
}

/// What a modifier looks for: its phrases and patterns as one regex, searched without a
/// literal prefilter (sentences and paragraphs are short, and common literals such as "not" or
/// "has" would restart a prefilter at nearly every word).
#[derive(Debug, Clone)]
pub struct EvidencePattern {
    regex: LazyUnfiltered,
    /// Whether the whole text may be searched for it ([`locate::looks_only_at_ascii_words`]),
    /// worked out on first use.
    looks_only_at_ascii_words: OnceLock<bool>,
}

impl EvidencePattern {
    /// `source` as a rule pattern's [`crate::rulebook::LazyRegex::as_str`] gives it.
    pub fn new(source: &str, case_sensitive: bool) -> Self {
        EvidencePattern {
            regex: LazyUnfiltered::new(source, case_sensitive),
            looks_only_at_ascii_words: OnceLock::new(),
        }
    }

    /// Compiles it now (see [`crate::Engine::compile_share`]).
    pub fn compile(&self) {
        self.regex.compile();
    }

    /// Compiles it now; the error says why it cannot be.
    pub fn force(&self) -> Result<(), String> {
        self.regex.force()
    }

    fn looks_only_at_ascii_words(&self) -> bool {
        *self
            .looks_only_at_ascii_words
            .get_or_init(|| locate::looks_only_at_ascii_words(self.regex.as_str()))
    }
}

/// The scoring table: base scores of severities, thresholds back to severities, modifiers.
#[derive(Debug, Clone)]
pub struct ContextModel {
    pub base_error: i32,
    pub base_warning: i32,
    pub base_info: i32,
    /// Score at or above which a finding is an error / a warning.
    pub error_at: i32,
    pub warning_at: i32,
    pub modifiers: Vec<Modifier>,
}

impl ContextModel {
    fn base(&self, s: Severity) -> i32 {
        match s {
            Severity::Error => self.base_error,
            Severity::Warning => self.base_warning,
            Severity::Info => self.base_info,
        }
    }

    fn level(&self, score: i32) -> Severity {
        if score >= self.error_at {
            Severity::Error
        } else if score >= self.warning_at {
            Severity::Warning
        } else {
            Severity::Info
        }
    }
}

fn one_above(s: Severity) -> Severity {
    match s {
        Severity::Info => Severity::Warning,
        Severity::Warning | Severity::Error => Severity::Error,
    }
}

fn one_below(s: Severity) -> Severity {
    match s {
        Severity::Error => Severity::Warning,
        Severity::Warning | Severity::Info => Severity::Info,
    }
}

/// Claim categories: what context modifiers are about (not FLS tags, legends or consistency).
fn is_claim(c: Category) -> bool {
    !matches!(
        c,
        Category::ForwardLooking | Category::SafeHarbor | Category::Consistency
    )
}

/// Re-levels `findings` of `doc` by the context model.
pub fn apply(model: &ContextModel, doc: &Document<'_>, findings: &mut Vec<Finding>) {
    apply_many(
        model,
        std::slice::from_ref(doc),
        std::slice::from_mut(findings),
    );
}

/// [`apply`] to several documents (`findings[i]` are those of `docs[i]`). Evidence is looked up
/// modifier by modifier across the documents, so a modifier's regex serves all of them while in
/// the CPU cache; each document's result is that of [`apply`] on it alone.
pub fn apply_many(model: &ContextModel, docs: &[Document<'_>], findings: &mut [Vec<Finding>]) {
    if model.modifiers.is_empty() {
        return;
    }
    // Per finding, the modifiers whose evidence is found, in the model's order.
    let mut applied: Vec<Vec<Vec<&Modifier>>> =
        findings.iter().map(|f| vec![Vec::new(); f.len()]).collect();
    let sentences: Vec<Vec<Option<usize>>> = docs
        .iter()
        .zip(findings.iter())
        .map(|(doc, found)| found.iter().map(|f| doc.sentence_at(f.start)).collect())
        .collect();
    for m in &model.modifiers {
        for (d, doc) in docs.iter().enumerate() {
            let mut evidence = Evidence::new(doc);
            for (i, f) in findings[d].iter().enumerate() {
                let Some(sentence) = sentences[d][i] else {
                    continue;
                };
                if is_claim(f.category) && evidence.applies(m, f, sentence) {
                    applied[d][i].push(m);
                }
            }
        }
    }
    for (found, applied) in findings.iter_mut().zip(applied) {
        for (f, applied) in found.iter_mut().zip(applied) {
            relevel(model, f, &applied);
        }
    }
}

/// One modifier's evidence in one document, looked up once per sentence, block or document
/// however many findings ask (a megabyte-long one-line "sentence" with thousands of findings
/// was quadratic otherwise).
struct Evidence<'d, 'a> {
    doc: &'d Document<'a>,
    in_document: Option<bool>,
    in_block: HashMap<usize, bool>,
    in_sentence: HashMap<usize, bool>,
}

impl<'d, 'a> Evidence<'d, 'a> {
    fn new(doc: &'d Document<'a>) -> Self {
        Evidence {
            doc,
            in_document: None,
            in_block: HashMap::new(),
            in_sentence: HashMap::new(),
        }
    }

    /// Whether modifier `m` applies to finding `f` (in sentence `sentence_idx`).
    fn applies(&mut self, m: &Modifier, f: &Finding, sentence_idx: usize) -> bool {
        if !m.categories.is_empty() && !m.categories.contains(&f.category) {
            return false;
        }
        if !m.sections.is_empty() && !m.sections.contains(&f.section) {
            return false;
        }
        let Some(evidence) = &m.evidence else {
            return true;
        };
        let doc = self.doc;
        // Evidence in a range of the folded text.
        let matches_folded = |(s, e): (usize, usize)| -> bool {
            doc.normalized
                .as_str()
                .get(s..e)
                .is_some_and(|t| evidence.regex.is_match(t))
        };
        let in_sentence = |i: usize| {
            doc.folded_sentences
                .get(i)
                .is_some_and(|&r| matches_folded(r))
        };
        let Some(sentence) = doc.sentences.get(sentence_idx) else {
            return false;
        };
        match m.reach {
            Reach::Sentence => *self
                .in_sentence
                .entry(sentence_idx)
                .or_insert_with(|| in_sentence(sentence_idx)),
            Reach::Paragraph => {
                let block = sentence.block;
                *self.in_block.entry(block).or_insert_with(|| {
                    doc.blocks
                        .get(block)
                        .is_some_and(|b| matches_folded(doc.normalized.from_source(b.start, b.end)))
                })
            }
            Reach::Document => *self.in_document.get_or_insert_with(|| {
                // The cautionary statement talks about risks hypothetically: it is not
                // evidence about the product.
                match in_whole_text(evidence, doc) {
                    Some(found) => found,
                    None => (0..doc.sentences.len())
                        .filter(|&i| doc.sentences[i].section != Section::SafeHarbor)
                        .any(in_sentence),
                }
            }),
        }
    }
}

/// Whether a sentence outside the legend holds a match of `evidence`, found with one search of
/// the whole folded text ([`locate::first_sentence`]). None when that is not exact for this
/// pattern and document, so the caller checks sentence by sentence.
fn in_whole_text(evidence: &EvidencePattern, doc: &Document<'_>) -> Option<bool> {
    use regex_automata::Input;
    if !evidence.looks_only_at_ascii_words() {
        return None;
    }
    let regex = evidence.regex.full()?;
    let text = doc.normalized.as_str();
    let spans = &doc.folded_sentences;
    let first = locate::first_sentence(
        text,
        spans,
        |from| {
            regex
                .search(&Input::new(text).range(from..))
                .map(|m| m.start())
        },
        |k| {
            doc.sentences[k].section != Section::SafeHarbor
                && text
                    .get(spans[k].0..spans[k].1)
                    .is_some_and(|t| evidence.regex.is_match(t))
        },
    )?;
    Some(first.is_some())
}

/// Sets a finding's severity from the modifiers that apply to it, with a note saying why.
fn relevel(model: &ContextModel, f: &mut Finding, applied: &[&Modifier]) {
    if applied.is_empty() {
        return;
    }
    let base = f.severity;
    let score = model.base(base) + applied.iter().map(|m| m.weight).sum::<i32>();
    // Context moves a finding at most one level: an info-level tag becomes a warning, not
    // an error; a hedged error stays at least a warning.
    let mut level = model.level(score).clamp(one_below(base), one_above(base));
    if level < base {
        // Lowering stops at the highest floor among the lowering modifiers.
        if let Some(floor) = applied
            .iter()
            .filter(|m| m.weight < 0)
            .filter_map(|m| m.floor)
            .max()
        {
            level = level.max(floor.min(base));
        }
    }
    let reasons = applied
        .iter()
        .map(|m| format!("{} ({:+})", m.label, m.weight))
        .collect::<Vec<_>>()
        .join(", ");
    let note = match level.cmp(&base) {
        std::cmp::Ordering::Greater => format!("raised from {base} to {level}: {reasons}"),
        std::cmp::Ordering::Less => format!("lowered from {base} to {level}: {reasons}"),
        std::cmp::Ordering::Equal => format!("context: {reasons}"),
    };
    f.severity = level;
    f.notes.push(note);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the whole-text search must answer: sentence by sentence, the legend left out.
    fn in_some_sentence(evidence: &EvidencePattern, doc: &Document<'_>) -> bool {
        doc.sentences
            .iter()
            .filter(|s| s.section != Section::SafeHarbor)
            .any(|s| {
                let (start, end) = doc.normalized.from_source(s.start, s.end);
                evidence
                    .regex
                    .is_match(&doc.normalized.as_str()[start..end])
            })
    }

    #[test]
    fn the_whole_text_search_answers_as_each_sentence_would() {
        let evidence = EvidencePattern::new(r"(?-u:\b)alpha\W+beta(?-u:\b)", false);
        for (text, expected) in [
            // The whole text's first match spans two sentences; the next one is in a sentence.
            (
                "We tested alpha. Beta was fine.\n\nLater alpha beta was seen.",
                true,
            ),
            ("We tested alpha. Beta was fine.", false),
            ("Nothing here at all.", false),
            ("", false),
            ("An alpha\u{2014}beta result, wrapped\nacross lines.", true),
        ] {
            let doc = Document::new(text);
            assert_eq!(in_whole_text(&evidence, &doc), Some(expected), "{text}");
            assert_eq!(in_some_sentence(&evidence, &doc), expected, "{text}");
        }
    }

    #[test]
    fn evidence_inside_the_legend_does_not_count() {
        let evidence = EvidencePattern::new(r"(?-u:\b)alpha\s+beta(?-u:\b)", false);
        let text = "Results of alpha beta may differ.";
        let legend = Document::in_section(text, Section::SafeHarbor);
        let body = Document::in_section(text, Section::Body);
        assert_eq!(in_whole_text(&evidence, &legend), Some(false));
        assert_eq!(in_whole_text(&evidence, &body), Some(true));
    }

    #[test]
    fn anchors_and_unicode_word_boundaries_are_searched_sentence_by_sentence() {
        // `^` holds at each sentence's start but only at the whole text's start.
        let doc = Document::new("Intro sentence. Alpha beta follows.");
        for pattern in [r"^alpha", r"(?u:\b)alpha", r"alpha\s+beta$"] {
            let evidence = EvidencePattern::new(pattern, false);
            assert_eq!(in_whole_text(&evidence, &doc), None, "{pattern}");
        }
        let anchored = EvidencePattern::new(r"^alpha", false);
        assert!(in_some_sentence(&anchored, &doc));
    }
}
