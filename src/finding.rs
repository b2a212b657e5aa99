//! A finding is plain data: which rule, where (source byte spans), how serious, and why.
//! Rendering it is the reporters' job.

use crate::rulebook::{Category, Rule, Rulebook, Section, Severity};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Index of the rule in the run's rulebook.
    pub rule: usize,
    pub category: Category,
    pub severity: Severity,
    pub message: String,
    /// Source byte range of the matched text.
    pub start: usize,
    pub end: usize,
    /// Source byte range of the sentence holding the match.
    pub sentence: (usize, usize),
    pub section: Section,
    /// The matched text as the pipeline read it (extracted from HTML or Markdown, whitespace
    /// collapsed): stable across markup changes, used for fingerprints.
    pub matched: String,
    /// The sentence as the pipeline read it, whitespace collapsed: readable context.
    pub context: String,
    /// Context that explains this finding (what raised or lowered it, related places).
    pub notes: Vec<String>,
}

impl Finding {
    pub fn rule<'r>(&self, book: &'r Rulebook) -> &'r Rule {
        &book.rules[self.rule]
    }
}
