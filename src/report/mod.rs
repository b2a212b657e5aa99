//! Reporters: one emitter per output format, all fed the same per-file results.

pub mod csv;
#[cfg(test)]
mod fixture;
pub mod github;
pub mod html;
pub mod human;
pub mod json;
pub mod sarif;
pub mod summary;

use std::io::{self, Write};

use crate::finding::Finding;
use crate::input::container::Origin;
use crate::rulebook::{Rulebook, Severity};
use crate::text::line_index::ColumnCursor;
use crate::text::{LineIndex, OffsetMap};

/// Output formats of `claimlint check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Source snippets with the span underlined, for people.
    Human,
    /// One JSON document for the whole run.
    Json,
    /// One JSON object per finding per line, written as each file finishes.
    Ndjson,
    /// SARIF 2.1.0, for code-scanning tools and SARIF viewers.
    Sarif,
    /// One CSV row per finding (RFC 4180), written as each file finishes.
    Csv,
    /// GitHub Actions workflow commands: one annotation per finding.
    Github,
    /// A plain-text overview of the whole run, for archive audits.
    Summary,
    /// One self-contained HTML page: overview charts and every document with its findings
    /// highlighted (use with --output).
    Html,
}

/// The outcome of auditing one input.
pub enum Outcome<'a> {
    Audited {
        source: &'a str,
        findings: &'a [Finding],
    },
    /// The input was read but is not audited, for a reason (binary, too large, …).
    Skipped { reason: String },
    /// The input could not be read.
    Failed { error: String },
}

/// One input's result as handed to an emitter.
pub struct FileResult<'a> {
    pub path: &'a str,
    pub outcome: Outcome<'a>,
    /// For a transcoded file (UTF-16, Windows-1252): offsets of `source` to file bytes.
    pub to_file: Option<&'a OffsetMap>,
    /// For a container (`.docx`, PDF): `source` is the extracted text, offsets point into
    /// it, and this says where each stretch of it came from (paragraph, page).
    pub origin: Option<&'a Origin>,
}

impl FileResult<'_> {
    /// A finding's span as byte offsets into the file as read.
    pub fn file_span(&self, f: &Finding) -> (usize, usize) {
        match self.to_file {
            Some(map) => map.to_source(f.start, f.end),
            None => (f.start, f.end),
        }
    }

    /// Where a finding came from in a container ("page 2", "paragraph 14"), or None for
    /// files whose offsets are the file's own.
    pub fn place(&self, f: &Finding) -> Option<String> {
        self.origin?.describe(f.start)
    }
}

/// Counts over a whole run.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    pub files: usize,
    pub failed_files: usize,
    pub skipped_files: usize,
    /// Findings left out because a review baseline already holds them.
    pub baselined: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    pub fail_on: Option<Severity>,
}

impl Summary {
    pub fn add(&mut self, result: &FileResult<'_>) {
        self.files += 1;
        match &result.outcome {
            Outcome::Audited { findings, .. } => {
                for f in *findings {
                    match f.severity {
                        Severity::Error => self.errors += 1,
                        Severity::Warning => self.warnings += 1,
                        Severity::Info => self.infos += 1,
                    }
                }
            }
            Outcome::Skipped { .. } => self.skipped_files += 1,
            Outcome::Failed { .. } => self.failed_files += 1,
        }
    }

    pub fn findings(&self) -> usize {
        self.errors + self.warnings + self.infos
    }

    /// Findings at or above `level`.
    pub fn at_or_above(&self, level: Severity) -> usize {
        match level {
            Severity::Error => self.errors,
            Severity::Warning => self.errors + self.warnings,
            Severity::Info => self.findings(),
        }
    }
}

/// Receives results file by file, then the summary.
pub trait Emitter {
    /// How many inputs the run has, when known before the first file (walks finish first).
    fn inputs(&mut self, _count: usize) {}
    fn file(
        &mut self,
        out: &mut dyn Write,
        book: &Rulebook,
        result: &FileResult<'_>,
    ) -> io::Result<()>;
    fn finish(&mut self, out: &mut dyn Write, summary: &Summary) -> io::Result<()>;
}

pub fn emitter(format: Format, color: bool) -> Box<dyn Emitter> {
    emitter_with(format, color, html::TextMode::Auto)
}

/// An emitter, with the HTML report's text mode.
pub fn emitter_with(format: Format, color: bool, text: html::TextMode) -> Box<dyn Emitter> {
    match format {
        Format::Human => Box::new(human::Human::new(color)),
        Format::Json => Box::new(json::Json::default()),
        Format::Ndjson => Box::new(json::Ndjson::default()),
        Format::Sarif => Box::new(sarif::Sarif::default()),
        Format::Csv => Box::new(csv::Csv::default()),
        Format::Github => Box::new(github::Github),
        Format::Summary => Box::new(summary::SummaryReport::default()),
        Format::Html => Box::new(html::Html::new(text)),
    }
}

/// Where a finding sits, in the units every machine format reports.
pub(crate) struct Position {
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
}

/// The positions of one file's findings. Findings come in order, so each edge's column is
/// counted on from the previous finding's on the same line (a file of one long line would
/// otherwise cost its length per finding).
pub(crate) struct Positions<'a> {
    source: &'a str,
    index: LineIndex,
    starts: ColumnCursor,
    ends: ColumnCursor,
}

impl<'a> Positions<'a> {
    pub(crate) fn new(source: &'a str) -> Self {
        Positions {
            source,
            index: LineIndex::new(source),
            starts: ColumnCursor::default(),
            ends: ColumnCursor::default(),
        }
    }

    pub(crate) fn of(&mut self, f: &Finding) -> Position {
        let (line, column) = self
            .index
            .line_col_after(self.source, f.start, &mut self.starts);
        let (end_line, end_column) = self
            .index
            .line_col_after(self.source, f.end, &mut self.ends);
        Position {
            line,
            column,
            end_line,
            end_column,
        }
    }
}

pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}
