//! Context modifiers (rulebook reference, part B4): the same claim is more serious about an
//! investigational product backed by Phase 1 data, in a headline, than hedged in a body sentence
//! about an approved one. Each modifier that applies adds its weight to the claim's base score;
//! the score maps back to a severity, and the finding says which context moved it.
//!
//! The scoring table lives in the rulebook (`context:` in any rulebook file), not in code.

use std::collections::HashMap;

use crate::document::Document;
use crate::finding::Finding;
use crate::rulebook::{Category, Condition, Section, Severity};

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
    pub condition: Option<Condition>,
    /// Sections the finding must be in (empty: any).
    pub sections: Vec<Section>,
    /// A negative modifier never lowers a finding below this severity.
    pub floor: Option<Severity>,
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
pub fn apply(model: &ContextModel, doc: &Document<'_>, findings: &mut [Finding]) {
    if model.modifiers.is_empty() {
        return;
    }
    // Document-wide evidence is looked up once per modifier; paragraphs once per block and
    // sentences once per sentence (however many findings they hold: a megabyte-long one-line
    // "sentence" with thousands of findings was quadratic otherwise).
    let mut in_document: HashMap<usize, bool> = HashMap::new();
    let mut in_block: HashMap<(usize, usize), bool> = HashMap::new();
    let mut in_sentence: HashMap<(usize, usize), bool> = HashMap::new();
    let text = doc.normalized.as_str();
    let matches_in = |c: &Condition, start: usize, end: usize| -> bool {
        let (s, e) = doc.normalized.from_source(start, end);
        text.get(s..e).is_some_and(|t| c.regex.is_match(t))
    };
    for f in findings.iter_mut().filter(|f| is_claim(f.category)) {
        let Some(sentence_idx) = doc.sentence_at(f.start) else {
            continue;
        };
        let sentence = doc.sentences[sentence_idx];
        let mut applied: Vec<&Modifier> = Vec::new();
        for (m_idx, m) in model.modifiers.iter().enumerate() {
            if !m.categories.is_empty() && !m.categories.contains(&f.category) {
                continue;
            }
            if !m.sections.is_empty() && !m.sections.contains(&f.section) {
                continue;
            }
            let Some(condition) = &m.condition else {
                applied.push(m);
                continue;
            };
            let hit = match m.reach {
                Reach::Sentence => *in_sentence
                    .entry((m_idx, sentence_idx))
                    .or_insert_with(|| matches_in(condition, sentence.start, sentence.end)),
                Reach::Paragraph => {
                    let block = sentence.block;
                    *in_block.entry((m_idx, block)).or_insert_with(|| {
                        doc.blocks
                            .get(block)
                            .is_some_and(|b| matches_in(condition, b.start, b.end))
                    })
                }
                Reach::Document => *in_document.entry(m_idx).or_insert_with(|| {
                    // The cautionary statement talks about risks hypothetically: it is not
                    // evidence about the product.
                    doc.sentences
                        .iter()
                        .filter(|s| s.section != Section::SafeHarbor)
                        .any(|s| matches_in(condition, s.start, s.end))
                }),
            };
            if hit {
                applied.push(m);
            }
        }
        if applied.is_empty() {
            continue;
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
}
