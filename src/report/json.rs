//! JSON (one document) and NDJSON (one finding per line) output. The shape is a documented,
//! versioned contract (README, "JSON output").

use std::io::{self, Write};

use serde_json::{Value, json};

use super::{Emitter, FileResult, Outcome, Summary, position};
use crate::finding::Finding;
use crate::input::container::{Kind, Origin};
use crate::rulebook::Rulebook;
use crate::text::LineIndex;

pub const VERSION: u32 = 1;

fn finding_json(
    book: &Rulebook,
    result: &FileResult<'_>,
    source: &str,
    index: &LineIndex,
    f: &Finding,
) -> Value {
    let pos = position(index, source, f);
    let (start, end) = result.file_span(f);
    let mut value = json!({
        "rule": f.rule(book).id,
        "category": f.category.as_str(),
        "severity": f.severity.as_str(),
        "message": f.message,
        "start": start,
        "end": end,
        "line": pos.line,
        "column": pos.column,
        "end_line": pos.end_line,
        "end_column": pos.end_column,
        "text": source.get(f.start..f.end).unwrap_or_default(),
        "sentence": f.context,
        "section": f.section.as_str(),
        "notes": f.notes,
    });
    if let (Some(origin), Value::Object(map)) = (result.origin, &mut value) {
        add_place(map, origin, f);
    }
    value
}

/// For a container: offsets are into the extracted text, and the page or paragraph it came
/// from (contract v1, additive fields).
fn add_place(map: &mut serde_json::Map<String, Value>, origin: &Origin, f: &Finding) {
    map.insert("offsets".into(), Value::from("extracted"));
    if let Some(place) = origin.place_at(f.start) {
        let key = match origin.kind {
            Kind::Pdf => "page",
            Kind::Docx => "paragraph",
        };
        map.insert(key.into(), Value::from(place.number));
        if let Some(part) = place.part {
            map.insert("part".into(), Value::from(part));
        }
    }
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
    let index = LineIndex::new(source);
    findings
        .iter()
        .map(|f| finding_json(book, result, source, &index, f))
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
pub struct Ndjson;

impl Emitter for Ndjson {
    fn file(
        &mut self,
        out: &mut dyn Write,
        book: &Rulebook,
        result: &FileResult<'_>,
    ) -> io::Result<()> {
        match &result.outcome {
            Outcome::Audited { source, findings } => {
                for mut value in findings_json(book, result, source, findings) {
                    if let Value::Object(map) = &mut value {
                        map.insert("path".into(), Value::from(result.path));
                    }
                    serde_json::to_writer(&mut *out, &value)?;
                    writeln!(out)?;
                }
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
