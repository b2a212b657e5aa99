//! JSON (one document) and NDJSON (one finding per line) output. The shape is a documented,
//! versioned contract (README, "JSON output").

use std::io::{self, Write};

use serde_json::{Value, json};

use super::{Emitter, FileResult, Outcome, Positions, Summary};
use crate::finding::Finding;
use crate::input::container::{Kind, Origin};
use crate::rulebook::Rulebook;

pub const VERSION: u32 = 1;

/// One finding as the contract spells it. Fields are in alphabetical order, the order the
/// `serde_json::Value` maps of the JSON document use, so both formats print them alike.
#[derive(serde::Serialize)]
struct FindingRecord<'a> {
    category: &'a str,
    column: usize,
    end: usize,
    end_column: usize,
    end_line: usize,
    line: usize,
    message: &'a str,
    notes: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    offsets: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    page: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    paragraph: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    part: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    path: Option<&'a str>,
    rule: &'a str,
    section: &'a str,
    sentence: &'a str,
    severity: &'a str,
    start: usize,
    text: &'a str,
}

fn finding_record<'a>(
    book: &'a Rulebook,
    result: &FileResult<'a>,
    source: &'a str,
    positions: &mut Positions<'_>,
    f: &'a Finding,
) -> FindingRecord<'a> {
    let pos = positions.of(f);
    let (start, end) = result.file_span(f);
    let mut record = FindingRecord {
        category: f.category.as_str(),
        column: pos.column,
        end,
        end_column: pos.end_column,
        end_line: pos.end_line,
        line: pos.line,
        message: &f.message,
        notes: &f.notes,
        offsets: None,
        page: None,
        paragraph: None,
        part: None,
        path: None,
        rule: &f.rule(book).id,
        section: f.section.as_str(),
        sentence: &f.context,
        severity: f.severity.as_str(),
        start,
        text: source.get(f.start..f.end).unwrap_or_default(),
    };
    // For a container: offsets are into the extracted text, and the page or paragraph it came
    // from (contract v1, additive fields).
    if let Some(origin) = result.origin {
        record.offsets = Some("extracted");
        if let Some(place) = origin.place_at(f.start) {
            match origin.kind {
                Kind::Pdf => record.page = Some(place.number),
                Kind::Docx => record.paragraph = Some(place.number),
            }
            record.part = place.part;
        }
    }
    record
}

fn finding_json(
    book: &Rulebook,
    result: &FileResult<'_>,
    source: &str,
    positions: &mut Positions<'_>,
    f: &Finding,
) -> Value {
    serde_json::to_value(finding_record(book, result, source, positions, f)).unwrap_or(Value::Null)
}

/// The `container` object of a file read from a `.docx` or PDF.
pub(crate) fn container_json(origin: &Origin) -> Value {
    json!({
        "kind": origin.kind.as_str(),
        "extractor": origin.extractor,
        "offsets": "extracted",
        "notes": origin.notes,
    })
}

pub(crate) fn findings_json(
    book: &Rulebook,
    result: &FileResult<'_>,
    source: &str,
    findings: &[Finding],
) -> Vec<Value> {
    let mut positions = Positions::new(source);
    findings
        .iter()
        .map(|f| finding_json(book, result, source, &mut positions, f))
        .collect()
}

fn summary_json(summary: &Summary) -> Value {
    json!({
        "files": summary.files,
        "files_with_errors": summary.failed_files,
        "files_skipped": summary.skipped_files,
        "baselined": summary.baselined,
        "findings": summary.findings(),
        "by_severity": {
            "error": summary.errors,
            "warning": summary.warnings,
            "info": summary.infos,
        },
        "fail_on": summary.fail_on.map(|s| s.as_str()),
    })
}

/// Collects every file, writes one document at the end.
#[derive(Default)]
pub struct Json {
    files: Vec<Value>,
}

impl Emitter for Json {
    fn file(
        &mut self,
        _out: &mut dyn Write,
        book: &Rulebook,
        result: &FileResult<'_>,
    ) -> io::Result<()> {
        let value = match &result.outcome {
            Outcome::Audited { source, findings } => {
                let mut value = json!({
                    "path": result.path,
                    "findings": findings_json(book, result, source, findings),
                });
                if let (Some(origin), Value::Object(map)) = (result.origin, &mut value) {
                    map.insert("container".into(), container_json(origin));
                }
                value
            }
            Outcome::Skipped { reason } => json!({
                "path": result.path,
                "skipped": reason,
                "findings": [],
            }),
            Outcome::Failed { error } => json!({
                "path": result.path,
                "error": error,
                "findings": [],
            }),
        };
        self.files.push(value);
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, summary: &Summary) -> io::Result<()> {
        let doc = json!({
            "version": VERSION,
            "files": std::mem::take(&mut self.files),
            "summary": summary_json(summary),
        });
        serde_json::to_writer_pretty(&mut *out, &doc)?;
        writeln!(out)
    }
}

/// Writes each finding as a line as soon as its file is done.
#[derive(Default)]
pub struct Ndjson {
    /// One file's lines, serialised here and written at once: serde_json writes many small
    /// pieces, each a dynamic call on the output.
    lines: Vec<u8>,
}

impl Emitter for Ndjson {
    fn file(
        &mut self,
        out: &mut dyn Write,
        book: &Rulebook,
        result: &FileResult<'_>,
    ) -> io::Result<()> {
        match &result.outcome {
            Outcome::Audited { source, findings } => {
                let mut positions = Positions::new(source);
                self.lines.clear();
                for f in findings.iter() {
                    let mut record = finding_record(book, result, source, &mut positions, f);
                    record.path = Some(result.path);
                    serde_json::to_writer(&mut self.lines, &record)?;
                    self.lines.push(b'\n');
                }
                out.write_all(&self.lines)?;
            }
            Outcome::Skipped { reason } => {
                serde_json::to_writer(&mut *out, &json!({"path": result.path, "skipped": reason}))?;
                writeln!(out)?;
            }
            Outcome::Failed { error } => {
                serde_json::to_writer(&mut *out, &json!({"path": result.path, "error": error}))?;
                writeln!(out)?;
            }
        }
        Ok(())
    }

    fn finish(&mut self, _out: &mut dyn Write, _summary: &Summary) -> io::Result<()> {
        Ok(())
    }
}
