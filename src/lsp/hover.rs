//! Hover over a finding: its message, the rule's help and references, and the finding's notes
//! (what raised or lowered it, what else the sentence holds).

use std::fmt::Write as _;

use crate::engine::Engine;

use super::state::Located;

/// Markdown for the findings whose span holds `offset` (None: no finding there).
pub fn markdown(
    engine: &Engine,
    findings: &[Located],
    offset: usize,
) -> Option<(String, (usize, usize))> {
    let here: Vec<&Located> = findings
        .iter()
        .filter(|l| l.finding.start <= offset && offset <= l.finding.end)
        .collect();
    let first = here.first()?;
    let mut span = (first.finding.start, first.finding.end);
    let mut out = String::new();
    for (i, l) in here.iter().enumerate() {
        let f = &l.finding;
        span = (span.0.max(f.start), span.1.min(f.end));
        if i > 0 {
            out.push_str("\n\n---\n\n");
        }
        let _ = write!(
            out,
            "**{}** · {} · {} in {}\n\n{}",
            l.rule_id,
            f.category.as_str(),
            f.severity.as_str(),
            f.section.as_str(),
            f.message
        );
        if !f.notes.is_empty() {
            out.push_str("\n\nWhy:\n");
            for note in &f.notes {
                let _ = write!(out, "\n- {note}");
            }
        }
        if let Some(rule) = engine.rulebook().get(&l.rule_id) {
            if !rule.help.trim().is_empty() {
                let _ = write!(out, "\n\n{}", rule.help.trim());
            }
            if !rule.references.is_empty() {
                out.push_str("\n\nReferences:\n");
                for r in &rule.references {
                    let _ = write!(out, "\n- {r}");
                }
            }
        }
    }
    if span.0 > span.1 {
        span = (first.finding.start, first.finding.end);
    }
    Some((out, span))
}
