//! Document-level checks: findings about the release as a whole rather than one phrase.

mod issuer_name;
mod non_gaap;
mod ticker;

use crate::document::{Document, legend};
use crate::finding::Finding;
use crate::rulebook::{Category, DocumentCheck, Rule, Section};
use crate::text::collapse_whitespace;

/// Runs one document check; `findings` are the text findings made so far.
pub fn run(
    check: DocumentCheck,
    rule_idx: usize,
    rule: &Rule,
    doc: &Document<'_>,
    findings: &[Finding],
) -> Vec<Finding> {
    match check {
        DocumentCheck::SafeHarborMissing => safe_harbor_missing(rule_idx, rule, doc, findings)
            .into_iter()
            .collect(),
        DocumentCheck::SafeHarborBoilerplate => {
            safe_harbor_boilerplate(rule_idx, rule, doc, findings)
                .into_iter()
                .collect()
        }
        DocumentCheck::SafeHarborNoDifferMaterially => legend_lacks(
            rule_idx,
            rule,
            doc,
            findings,
            legend::says_differ_materially,
            "the cautionary statement (line {line}) never says that actual results may differ materially from those expressed or implied",
        )
        .into_iter()
        .collect(),
        DocumentCheck::SafeHarborNotIdentified => legend_lacks(
            rule_idx,
            rule,
            doc,
            findings,
            legend::identifies_forward_looking,
            "the cautionary statement (line {line}) does not identify the statements it covers as forward-looking",
        )
        .into_iter()
        .collect(),
        DocumentCheck::IssuerNameSpelling => issuer_name::check(rule_idx, rule, doc),
        DocumentCheck::TickerConsistency => ticker::check(rule_idx, rule, doc),
        DocumentCheck::NonGaapUnreconciled => {
            non_gaap::check(rule_idx, rule, doc).into_iter().collect()
        }
    }
}

pub(crate) fn finding_at_sentence(
    rule_idx: usize,
    rule: &Rule,
    doc: &Document<'_>,
    sentence: usize,
    notes: Vec<String>,
) -> Finding {
    let s = doc.sentences[sentence];
    // The sentence is the match, its message's `{match}` and its context alike.
    let text = collapse_whitespace(&doc.source[s.start..s.end]);
    Finding {
        rule: rule_idx,
        category: rule.category,
        severity: rule.severity,
        message: rule.message_with(&text),
        start: s.start,
        end: s.end,
        sentence: (s.start, s.end),
        section: s.section,
        notes,
        matched: text.clone(),
        context: text,
    }
}

/// Forward-looking statements, but no cautionary statement and no pointer to one.
fn safe_harbor_missing(
    rule_idx: usize,
    rule: &Rule,
    doc: &Document<'_>,
    findings: &[Finding],
) -> Option<Finding> {
    if !doc.legend.is_empty() {
        return None;
    }
    let fls: Vec<&Finding> = findings
        .iter()
        .filter(|f| f.category == Category::ForwardLooking)
        .collect();
    let first = fls.first()?;
    let sentence = doc.sentence_at(first.start)?;
    // A sentence saying the release "contains forward-looking statements" identifies them but
    // cautions nothing; without a cautionary statement the finding stands, with a note.
    let pointer = doc.sentences.iter().any(|s| {
        s.section != Section::SafeHarbor && legend::is_pointer(&doc.source[s.start..s.end])
    });
    let mut notes = vec![format!(
        "{} forward-looking statement{} found; the first is shown: “{}”",
        fls.len(),
        if fls.len() == 1 { "" } else { "s" },
        collapse_whitespace(&doc.source[first.start..first.end])
    )];
    if pointer {
        notes.push("the release refers to its forward-looking statements, but no cautionary statement was found in it".into());
    }
    Some(finding_at_sentence(rule_idx, rule, doc, sentence, notes))
}

/// The first forward-looking statement outside the cautionary statement, its sentence, and the
/// line the cautionary statement starts on: where the adequacy checks report.
fn first_covered_statement(
    doc: &Document<'_>,
    findings: &[Finding],
) -> Option<(usize, String, usize)> {
    let &first_block = doc.legend.first()?;
    let first = findings
        .iter()
        .find(|f| f.category == Category::ForwardLooking && f.section != Section::SafeHarbor)?;
    let sentence = doc.sentence_at(first.start)?;
    let legend_at = doc.blocks.get(first_block).map_or(0, |b| b.start);
    let line = doc.source[..legend_at].matches('\n').count() + 1;
    Some((
        sentence,
        collapse_whitespace(&doc.source[first.start..first.end]),
        line,
    ))
}

/// A cautionary statement that lacks an element the safe harbor needs (`says` is false of its
/// text), in a release with forward-looking statements it should cover.
fn legend_lacks(
    rule_idx: usize,
    rule: &Rule,
    doc: &Document<'_>,
    findings: &[Finding],
    says: fn(&str) -> bool,
    why: &str,
) -> Option<Finding> {
    let (sentence, statement, line) = first_covered_statement(doc, findings)?;
    if says(&doc.legend_text()) {
        return None;
    }
    let notes = vec![
        why.replace("{line}", &line.to_string()),
        format!("first forward-looking statement it should cover: “{statement}”"),
    ];
    Some(finding_at_sentence(rule_idx, rule, doc, sentence, notes))
}

/// A cautionary statement that names no issuer-specific risk factor, while the release makes
/// forward-looking statements that need one. Reported at the first of those statements (the
/// statement left without meaningful caution), with the legend's place in a note: cue words
/// and findings never sit inside the cautionary statement itself.
fn safe_harbor_boilerplate(
    rule_idx: usize,
    rule: &Rule,
    doc: &Document<'_>,
    findings: &[Finding],
) -> Option<Finding> {
    // The cheap question first: without a statement to cover, the legend need not be read.
    let (sentence, statement, line) = first_covered_statement(doc, findings)?;
    if legend::names_risk_topic(&doc.legend_text()) {
        return None;
    }
    let notes = vec![
        format!(
            "the cautionary statement (line {line}) lists only generic risks: no clinical, regulatory, financing, commercial, competitive or other issuer-specific factor"
        ),
        format!("first forward-looking statement it should cover: “{statement}”"),
    ];
    Some(finding_at_sentence(rule_idx, rule, doc, sentence, notes))
}
