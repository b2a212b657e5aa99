//! The summary report: a plain-text overview of a whole run, for audits of an archive of
//! releases. Written at the end; while the run goes on it keeps counters and, per file, only
//! small records (a path and its counts), never a document or its findings.
//!
//! Every list has a fixed order: counts descending, then name; paths alphabetically.

use std::cmp::Reverse;
use std::collections::BTreeMap;
use std::io::{self, Write};

use super::{Emitter, FileResult, Outcome, Summary, plural};
use crate::rulebook::{DocumentCheck, RuleKind, Rulebook, Severity};

/// How many documents the "worst documents" list shows.
pub const WORST: usize = 10;

/// One audited document's counts.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Record {
    errors: usize,
    warnings: usize,
    infos: usize,
    path: String,
    /// Input order, to keep two inputs of the same name apart.
    seq: usize,
}

impl Record {
    fn rank(&self) -> impl Ord + '_ {
        (
            Reverse(self.errors),
            Reverse(self.warnings),
            Reverse(self.infos),
            &self.path,
            self.seq,
        )
    }
}

#[derive(Default)]
pub struct SummaryReport {
    seq: usize,
    audited: usize,
    /// Reason -> (path, detail) of each file that could not be audited.
    failures: BTreeMap<String, Vec<(String, String)>>,
    /// Reason -> paths of files read but not audited (binary, too large, …).
    skipped: BTreeMap<String, Vec<String>>,
    errors: usize,
    warnings: usize,
    infos: usize,
    by_category: BTreeMap<&'static str, usize>,
    by_rule: BTreeMap<String, usize>,
    lacking_safe_harbor: Vec<String>,
    /// The worst documents so far, best-ranked first, at most [`WORST`].
    worst: Vec<Record>,
}

/// Splits an error message into a reason shared by many files and the file's own detail: a
/// parenthesised part holding a digit (`(os error 2)`, `(invalid byte at offset 12)`) is
/// detail. Whitespace in the reason is collapsed so it stays on one line.
fn split_reason(message: &str) -> (String, String) {
    let mut reason = String::new();
    let mut details = Vec::new();
    let mut rest = message;
    while let Some(open) = rest.find('(') {
        let Some(close) = rest[open..].find(')').map(|i| open + i) else {
            break;
        };
        let inner = &rest[open + 1..close];
        if inner.bytes().any(|b| b.is_ascii_digit()) {
            reason.push_str(rest[..open].trim_end());
            details.push(inner);
        } else {
            reason.push_str(&rest[..=close]);
        }
        rest = &rest[close + 1..];
    }
    reason.push_str(rest);
    let reason = reason.split_whitespace().collect::<Vec<_>>().join(" ");
    (reason, details.join("; "))
}

/// Entries sorted by count descending, then name.
fn ranked<'a>(counts: impl Iterator<Item = (&'a str, usize)>) -> Vec<(&'a str, usize)> {
    let mut v: Vec<_> = counts.filter(|(_, n)| *n > 0).collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    v
}

fn counts_section(s: &mut String, title: &str, rows: &[(&str, usize)]) {
    s.push_str(&format!("\n{title}\n"));
    if rows.is_empty() {
        s.push_str("  none\n");
        return;
    }
    let width = rows
        .iter()
        .map(|(_, n)| n.to_string().len())
        .max()
        .unwrap_or(1);
    for (name, n) in rows {
        s.push_str(&format!("  {n:>width$}  {name}\n"));
    }
}

impl SummaryReport {
    fn add_document(&mut self, book: &Rulebook, path: &str, findings: &[crate::Finding]) {
        let mut record = Record {
            errors: 0,
            warnings: 0,
            infos: 0,
            path: path.to_string(),
            seq: self.seq,
        };
        let mut lacks_safe_harbor = false;
        for f in findings {
            match f.severity {
                Severity::Error => record.errors += 1,
                Severity::Warning => record.warnings += 1,
                Severity::Info => record.infos += 1,
            }
            *self.by_category.entry(f.category.as_str()).or_default() += 1;
            let rule = f.rule(book);
            match self.by_rule.get_mut(&rule.id) {
                Some(n) => *n += 1,
                None => {
                    self.by_rule.insert(rule.id.clone(), 1);
                }
            }
            if matches!(
                rule.kind,
                RuleKind::Document(DocumentCheck::SafeHarborMissing)
            ) {
                lacks_safe_harbor = true;
            }
        }
        self.errors += record.errors;
        self.warnings += record.warnings;
        self.infos += record.infos;
        if lacks_safe_harbor {
            self.lacking_safe_harbor.push(path.to_string());
        }
        if !findings.is_empty() {
            self.worst.push(record);
            self.worst.sort_by(|a, b| a.rank().cmp(&b.rank()));
            self.worst.truncate(WORST);
        }
    }

    fn render(&mut self) -> String {
        let failed: usize = self.failures.values().map(Vec::len).sum();
        let findings = self.errors + self.warnings + self.infos;
        let mut s = String::from("claimlint summary\n\n");
        let skipped: usize = self.skipped.values().map(Vec::len).sum();
        s.push_str(&format!(
            "Files: {} audited, {} skipped, {} could not be audited\n",
            self.audited, skipped, failed
        ));
        s.push_str(&format!(
            "Findings: {} ({}, {}, {})\n",
            findings,
            plural(self.errors, "error", "errors"),
            plural(self.warnings, "warning", "warnings"),
            plural(self.infos, "info", "info"),
        ));

        s.push_str("\nFiles that could not be audited, by reason\n");
        if self.failures.is_empty() {
            s.push_str("  none\n");
        }
        let mut groups: Vec<_> = self.failures.iter_mut().collect();
        groups.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.0.cmp(b.0)));
        let width = groups
            .iter()
            .map(|(_, files)| files.len().to_string().len())
            .max()
            .unwrap_or(1);
        for (reason, files) in groups {
            files.sort();
            s.push_str(&format!("  {:>width$}  {reason}\n", files.len()));
            for (path, detail) in files.iter() {
                if detail.is_empty() {
                    s.push_str(&format!("  {:width$}    {path}\n", ""));
                } else {
                    s.push_str(&format!("  {:width$}    {path} ({detail})\n", ""));
                }
            }
        }

        if !self.skipped.is_empty() {
            s.push_str("\nFiles skipped, by reason\n");
            let mut groups: Vec<_> = self.skipped.iter_mut().collect();
            groups.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.0.cmp(b.0)));
            for (reason, files) in groups {
                files.sort();
                s.push_str(&format!("  {}  {reason}\n", files.len()));
                for path in files.iter() {
                    s.push_str(&format!("     {path}\n"));
                }
            }
        }

        let severity = [
            ("error", self.errors),
            ("warning", self.warnings),
            ("info", self.infos),
        ];
        counts_section(
            &mut s,
            "Findings by severity",
            &ranked(severity.into_iter()),
        );
        counts_section(
            &mut s,
            "Findings by category",
            &ranked(self.by_category.iter().map(|(k, v)| (*k, *v))),
        );
        counts_section(
            &mut s,
            "Findings by rule",
            &ranked(self.by_rule.iter().map(|(k, v)| (k.as_str(), *v))),
        );

        self.lacking_safe_harbor.sort();
        s.push_str(&format!(
            "\nDocuments lacking a safe-harbor statement ({})\n",
            self.lacking_safe_harbor.len()
        ));
        if self.lacking_safe_harbor.is_empty() {
            s.push_str("  none\n");
        }
        for path in &self.lacking_safe_harbor {
            s.push_str(&format!("  {path}\n"));
        }

        s.push_str(&format!(
            "\nWorst documents (top {WORST}: by errors, then warnings, then info)\n"
        ));
        if self.worst.is_empty() {
            s.push_str("  none\n");
        } else {
            s.push_str("  errors  warnings  info  path\n");
            for r in &self.worst {
                s.push_str(&format!(
                    "  {:>6}  {:>8}  {:>4}  {}\n",
                    r.errors, r.warnings, r.infos, r.path
                ));
            }
        }
        s
    }
}

impl Emitter for SummaryReport {
    fn file(
        &mut self,
        _out: &mut dyn Write,
        book: &Rulebook,
        result: &FileResult<'_>,
    ) -> io::Result<()> {
        self.seq += 1;
        match &result.outcome {
            Outcome::Audited { findings, .. } => {
                self.audited += 1;
                self.add_document(book, result.path, findings);
            }
            Outcome::Skipped { reason } => {
                self.skipped
                    .entry(reason.clone())
                    .or_default()
                    .push(result.path.to_string());
            }
            Outcome::Failed { error } => {
                let (reason, detail) = split_reason(error);
                self.failures
                    .entry(reason)
                    .or_default()
                    .push((result.path.to_string(), detail));
            }
        }
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, _summary: &Summary) -> io::Result<()> {
        out.write_all(self.render().as_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::fixture;

    #[test]
    fn reasons_keep_per_file_detail_apart() {
        assert_eq!(
            split_reason("cannot read file: No such file or directory (os error 2)"),
            (
                "cannot read file: No such file or directory".to_string(),
                "os error 2".to_string()
            )
        );
        assert_eq!(
            split_reason("not valid UTF-8 (invalid byte at offset 12); convert the file to UTF-8"),
            (
                "not valid UTF-8; convert the file to UTF-8".to_string(),
                "invalid byte at offset 12".to_string()
            )
        );
        assert_eq!(
            split_reason("binary file (contains NUL bytes); not audited"),
            (
                "binary file (contains NUL bytes); not audited".to_string(),
                String::new()
            )
        );
    }

    #[test]
    fn renders_totals_groups_and_rankings() {
        let book = fixture::book();
        let all = fixture::findings();
        let warning_only = &all[..1];
        let info_only = &all[2..];
        let mut emitter = SummaryReport::default();
        let mut out = Vec::new();
        let audited = |path, findings| FileResult {
            path,
            outcome: Outcome::Audited {
                source: fixture::SOURCE,
                findings,
            },
            to_file: None,
            origin: None,
        };
        let failed = |path, error: &str| FileResult {
            path,
            outcome: Outcome::Failed {
                error: error.to_string(),
            },
            to_file: None,
            origin: None,
        };
        let mut results = vec![
            failed("b/missing.txt", fixture::ERROR),
            failed(
                "a/missing.txt",
                "cannot read file: No such file or directory (os error 2)",
            ),
            failed("c.bin", "binary file (contains NUL bytes); not audited"),
            audited("z.txt", info_only),
            audited("y.txt", &all),
            audited("x.txt", warning_only),
            audited("clean.txt", &[]),
            audited("w.txt", &all),
        ];
        // Enough documents to push some out of the worst-ten list.
        let names: Vec<String> = (0..12).map(|i| format!("info-{i:02}.txt")).collect();
        results.extend(names.iter().map(|n| audited(n, info_only)));
        for r in &results {
            emitter.file(&mut out, &book, r).expect("write to a Vec");
        }
        assert!(out.is_empty(), "nothing is written before the end");
        emitter
            .finish(&mut out, &Summary::default())
            .expect("write to a Vec");
        let expected = "\
claimlint summary

Files: 17 audited, 0 skipped, 3 could not be audited
Findings: 20 (2 errors, 3 warnings, 15 info)

Files that could not be audited, by reason
  2  cannot read file: No such file or directory
       a/missing.txt (os error 2)
       b/missing.txt (os error 2)
  1  binary file (contains NUL bytes); not audited
       c.bin

Findings by severity
  15  info
   3  warning
   2  error

Findings by category
  15  forward-looking
   3  safety-claim
   2  safe-harbor

Findings by rule
  15  forward-looking/expectation
   3  safety/tolerability-claim
   2  safe-harbor/missing

Documents lacking a safe-harbor statement (2)
  w.txt
  y.txt

Worst documents (top 10: by errors, then warnings, then info)
  errors  warnings  info  path
       1         1     1  w.txt
       1         1     1  y.txt
       0         1     0  x.txt
       0         0     1  info-00.txt
       0         0     1  info-01.txt
       0         0     1  info-02.txt
       0         0     1  info-03.txt
       0         0     1  info-04.txt
       0         0     1  info-05.txt
       0         0     1  info-06.txt
";
        assert_eq!(String::from_utf8_lossy(&out), expected);
    }

    #[test]
    fn an_empty_run_says_none() {
        let mut out = Vec::new();
        SummaryReport::default()
            .finish(&mut out, &Summary::default())
            .expect("write to a Vec");
        let expected = "\
claimlint summary

Files: 0 audited, 0 skipped, 0 could not be audited
Findings: 0 (0 errors, 0 warnings, 0 info)

Files that could not be audited, by reason
  none

Findings by severity
  none

Findings by category
  none

Findings by rule
  none

Documents lacking a safe-harbor statement (0)
  none

Worst documents (top 10: by errors, then warnings, then info)
  none
";
        assert_eq!(String::from_utf8_lossy(&out), expected);
    }
}
