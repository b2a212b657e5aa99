//! Review baselines: the findings a reviewer has already seen, so later runs report only new
//! ones.
//!
//! A finding's fingerprint is its rule, its matched text and the sentence around it, folded
//! (case, whitespace, quotes, dashes): not byte offsets, so edits elsewhere in a document keep
//! it valid, while an edit to the sentence itself makes the finding new again. The file is
//! JSON meant to be committed beside the archive; reviewers may set `disposition` (`accepted`
//! or `waived`) and `reason` on entries, and re-creating the baseline keeps them.

use std::collections::HashMap;
use std::io::{self, Write};
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::finding::Finding;
use crate::report::{Emitter, FileResult, Outcome, Summary};
use crate::rulebook::Rulebook;
use crate::text::normalize::fold_phrase;

pub const VERSION: u32 = 1;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Disposition {
    /// Reviewed and acceptable as written.
    Accepted,
    /// Not acceptable in general, waived here for a stated reason.
    Waived,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    pub fingerprint: String,
    pub path: String,
    pub rule: String,
    pub text: String,
    pub sentence: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disposition: Option<Disposition>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    pub version: u32,
    pub entries: Vec<Entry>,
}

/// Folds text so that typography and case do not change a fingerprint.
fn fold(text: &str) -> String {
    fold_phrase(text).to_lowercase()
}

/// 64-bit FNV-1a: tiny, stable across versions and platforms (unlike std's hasher).
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// The fingerprint of a finding of `rule` on `text` in `sentence`.
pub fn fingerprint(rule: &str, text: &str, sentence: &str) -> String {
    let key = format!("{rule}\u{1f}{}\u{1f}{}", fold(text), fold(sentence));
    format!("{:016x}", fnv1a(key.as_bytes()))
}

fn entry(book: &Rulebook, path: &str, f: &Finding) -> Entry {
    let rule = f.rule(book).id.clone();
    Entry {
        fingerprint: fingerprint(&rule, &f.matched, &f.context),
        path: path.to_string(),
        rule,
        text: f.matched.clone(),
        sentence: f.context.clone(),
        disposition: None,
        reason: None,
    }
}

impl Baseline {
    /// Reads a baseline file; errors name the file, line and column.
    pub fn load(path: &Path) -> Result<Baseline, miette::Report> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            miette::miette!(
                code = "claimlint::baseline",
                "cannot read baseline {}: {e}",
                path.display()
            )
        })?;
        let baseline: Baseline = serde_json::from_str(&text).map_err(|e| {
            miette::miette!(
                code = "claimlint::baseline",
                "invalid baseline {}:{}:{}: {e}",
                path.display(),
                e.line(),
                e.column()
            )
        })?;
        if baseline.version != VERSION {
            return Err(miette::miette!(
                code = "claimlint::baseline",
                "baseline {} has version {}; this claimlint reads version {VERSION}",
                path.display(),
                baseline.version
            ));
        }
        Ok(baseline)
    }

    /// Keeps the reviewers' dispositions of `previous` for entries still present.
    pub fn carry_dispositions(&mut self, previous: &Baseline) {
        let known: HashMap<(&str, &str), &Entry> = previous
            .entries
            .iter()
            .map(|e| ((e.path.as_str(), e.fingerprint.as_str()), e))
            .collect();
        for e in &mut self.entries {
            if let Some(old) = known.get(&(e.path.as_str(), e.fingerprint.as_str())) {
                e.disposition = old.disposition;
                e.reason.clone_from(&old.reason);
            }
        }
    }
}

/// Filters findings against a baseline: each entry excuses one matching finding per file.
#[derive(Debug, Default)]
pub struct Filter {
    remaining: HashMap<(String, String), usize>,
}

impl Filter {
    pub fn new(baseline: &Baseline) -> Self {
        let mut remaining = HashMap::new();
        for e in &baseline.entries {
            *remaining
                .entry((e.path.clone(), e.fingerprint.clone()))
                .or_insert(0) += 1;
        }
        Filter { remaining }
    }

    /// Removes the findings the baseline already holds; returns how many were removed.
    pub fn apply(&mut self, book: &Rulebook, path: &str, findings: &mut Vec<Finding>) -> usize {
        let before = findings.len();
        findings.retain(|f| {
            let fp = entry(book, path, f).fingerprint;
            match self.remaining.get_mut(&(path.to_string(), fp)) {
                Some(n) if *n > 0 => {
                    *n -= 1;
                    false
                }
                _ => true,
            }
        });
        before - findings.len()
    }
}

/// Collects every finding of a run into a baseline, written at the end.
#[derive(Default)]
pub struct Collector {
    pub baseline: Baseline,
    previous: Option<Baseline>,
}

impl Collector {
    pub fn new(previous: Option<Baseline>) -> Self {
        Collector {
            baseline: Baseline {
                version: VERSION,
                entries: Vec::new(),
            },
            previous,
        }
    }
}

impl Emitter for Collector {
    fn file(
        &mut self,
        _out: &mut dyn Write,
        book: &Rulebook,
        result: &FileResult<'_>,
    ) -> io::Result<()> {
        if let Outcome::Audited { findings, .. } = &result.outcome {
            self.baseline
                .entries
                .extend(findings.iter().map(|f| entry(book, result.path, f)));
        }
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, _summary: &Summary) -> io::Result<()> {
        if let Some(previous) = &self.previous {
            self.baseline.carry_dispositions(previous);
        }
        serde_json::to_writer_pretty(&mut *out, &self.baseline)?;
        writeln!(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_ignore_typography_and_case_but_not_words() {
        let a = fingerprint("r/x", "well tolerated", "It was “well tolerated” in   all.");
        let b = fingerprint(
            "r/x",
            "Well\ntolerated",
            "It was \"well tolerated\" in all.",
        );
        assert_eq!(a, b);
        assert_ne!(
            a,
            fingerprint("r/x", "well tolerated", "It was well tolerated in most.")
        );
        assert_ne!(
            a,
            fingerprint("r/y", "well tolerated", "It was “well tolerated” in all.")
        );
        assert_eq!(a.len(), 16);
    }

    #[test]
    fn dispositions_survive_recreation() {
        let e = |d: Option<Disposition>| Entry {
            fingerprint: "f".into(),
            path: "p".into(),
            rule: "r".into(),
            text: "t".into(),
            sentence: "s".into(),
            disposition: d,
            reason: d.map(|_| "legal approved".into()),
        };
        let previous = Baseline {
            version: 1,
            entries: vec![e(Some(Disposition::Waived))],
        };
        let mut fresh = Baseline {
            version: 1,
            entries: vec![e(None)],
        };
        fresh.carry_dispositions(&previous);
        assert_eq!(fresh.entries[0].disposition, Some(Disposition::Waived));
        assert_eq!(fresh.entries[0].reason.as_deref(), Some("legal approved"));
    }
}
