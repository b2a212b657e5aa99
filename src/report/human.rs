//! The human report: miette's graphical diagnostics with the source snippet underlined.
//!
//! Press releases put whole paragraphs on one line, so a snippet is cropped to a window of
//! words around the finding instead of printing a 1,000-character line.

use std::io::{self, Write};

use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError,
    MietteSpanContents, SourceCode, SourceSpan, SpanContents,
};

use super::{Emitter, FileResult, Outcome, Summary, plural};
use crate::finding::Finding;
use crate::rulebook::{Rule, Rulebook, Severity};

/// Characters of context kept on each side of a finding in a snippet.
const CONTEXT_CHARS: usize = 70;

pub struct Human {
    handler: GraphicalReportHandler,
}

impl Human {
    pub fn new(color: bool) -> Self {
        let theme = if color {
            GraphicalTheme::unicode()
        } else {
            GraphicalTheme::unicode_nocolor()
        };
        // One context line is asked for so the cropping source can tell the snippet request
        // (context > 0) from the header's position request (context 0); see `Cropped`.
        let handler = GraphicalReportHandler::new_themed(theme)
            .with_context_lines(1)
            .with_width(110)
            .with_links(false);
        Human { handler }
    }
}

/// Source text that answers snippet requests with a window cropped around the span.
struct Cropped<'a> {
    name: &'a str,
    text: &'a str,
}

fn floor_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

impl Cropped<'_> {
    /// 0-based line and character column of byte `offset`.
    fn line_col(&self, offset: usize) -> (usize, usize) {
        let before = &self.text[..offset];
        let line = before.matches('\n').count();
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        (line, before[line_start..].chars().count())
    }

    /// Window around `start..end`: within the lines of the span, at most [`CONTEXT_CHARS`]
    /// characters either side, cut at a word break.
    fn window(&self, start: usize, end: usize) -> (usize, usize) {
        let text = self.text;
        let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[end..]
            .find(['\n', '\r'])
            .map_or(text.len(), |i| end + i);
        let left = text[line_start..start]
            .char_indices()
            .rev()
            .nth(CONTEXT_CHARS)
            .map_or(line_start, |(i, _)| line_start + i);
        let left = if left > line_start {
            text[left..start].find(' ').map_or(left, |i| left + i + 1)
        } else {
            left
        };
        let right = text[end..line_end]
            .char_indices()
            .nth(CONTEXT_CHARS)
            .map_or(line_end, |(i, _)| end + i);
        let right = if right < line_end {
            text[end..right].rfind(' ').map_or(right, |i| end + i)
        } else {
            right
        };
        (left, right)
    }
}

impl SourceCode for Cropped<'_> {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        _context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let start = floor_boundary(self.text, span.offset().min(self.text.len()));
        let end =
            floor_boundary(self.text, (span.offset() + span.len()).min(self.text.len())).max(start);
        let (from, to) = if context_lines_before == 0 {
            (start, end) // the header asks where the span starts
        } else {
            self.window(start, end)
        };
        let (line, column) = self.line_col(from);
        let data = &self.text.as_bytes()[from..to];
        let line_count = self.text[from..to].matches('\n').count();
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.to_string(),
            data,
            SourceSpan::new(from.into(), to - from),
            line,
            column,
            line_count,
        )))
    }
}

/// A finding dressed as a miette diagnostic.
struct FindingDiagnostic<'a> {
    rule: &'a Rule,
    finding: &'a Finding,
    source: Cropped<'a>,
    help: String,
}

impl std::fmt::Debug for FindingDiagnostic<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.finding.message)
    }
}

impl std::fmt::Display for FindingDiagnostic<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.finding.message)
    }
}

impl std::error::Error for FindingDiagnostic<'_> {}

impl Diagnostic for FindingDiagnostic<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn std::fmt::Display + 'b>> {
        Some(Box::new(format!(
            "{} ({})",
            self.rule.id, self.finding.category
        )))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.finding.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn std::fmt::Display + 'b>> {
        (!self.help.is_empty()).then(|| Box::new(&self.help) as Box<dyn std::fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(&self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let f = self.finding;
        let label = format!("{} in {}", self.finding.severity, f.section);
        Some(Box::new(std::iter::once(
            LabeledSpan::new_primary_with_span(
                Some(label),
                SourceSpan::new(f.start.into(), f.end - f.start),
            ),
        )))
    }
}

fn help_text(rule: &Rule, finding: &Finding) -> String {
    let mut parts = Vec::new();
    if !rule.help.is_empty() {
        parts.push(rule.help.trim().to_string());
    }
    for note in &finding.notes {
        parts.push(format!("note: {note}"));
    }
    if !rule.references.is_empty() {
        parts.push(format!("see: {}", rule.references.join("; ")));
    }
    parts.join("\n")
}

impl Emitter for Human {
    fn file(
        &mut self,
        out: &mut dyn Write,
        book: &Rulebook,
        result: &FileResult<'_>,
    ) -> io::Result<()> {
        match &result.outcome {
            Outcome::Audited { source, findings } => {
                if let Some(origin) = result.origin {
                    for note in &origin.notes {
                        writeln!(out, "note: {}: {note}\n", result.path)?;
                    }
                }
                for finding in *findings {
                    let rule = finding.rule(book);
                    // A container's snippet is from its extracted text; the header says where.
                    let name = match result.place(finding) {
                        Some(place) => format!("{} ({place}, extracted text)", result.path),
                        None => result.path.to_string(),
                    };
                    let diag = FindingDiagnostic {
                        rule,
                        finding,
                        source: Cropped {
                            name: &name,
                            text: source,
                        },
                        help: help_text(rule, finding),
                    };
                    let mut rendered = String::new();
                    self.handler
                        .render_report(&mut rendered, &diag)
                        .map_err(|_| io::Error::other("could not render a diagnostic"))?;
                    writeln!(out, "{rendered}")?;
                }
            }
            // Errors and skips go to stderr from the driver; nothing to add to the report.
            Outcome::Failed { .. } | Outcome::Skipped { .. } => {}
        }
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, summary: &Summary) -> io::Result<()> {
        let mut line = format!(
            "claimlint: {} in {}: {}, {}, {}",
            plural(summary.findings(), "finding", "findings"),
            plural(summary.files, "file", "files"),
            plural(summary.errors, "error", "errors"),
            plural(summary.warnings, "warning", "warnings"),
            plural(summary.infos, "info", "info"),
        );
        if summary.baselined > 0 {
            line.push_str(&format!(
                "; {} already in the baseline",
                plural(summary.baselined, "finding", "findings")
            ));
        }
        if summary.skipped_files > 0 {
            line.push_str(&format!(
                "; {} skipped",
                plural(summary.skipped_files, "file", "files")
            ));
        }
        if summary.failed_files > 0 {
            line.push_str(&format!(
                "; {} could not be audited",
                plural(summary.failed_files, "file", "files")
            ));
        }
        writeln!(out, "{line}")
    }
}
