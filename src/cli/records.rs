//! Record mode (`check --input ndjson`): claimlint as a stage of a data pipeline.
//!
//! Each input line is a JSON object `{"id": …, "text": …}`; each output line is
//! `{"id": …, "findings": […]}` (findings as in the JSON report, offsets into `text`), or
//! `{"id": …, "line": N, "error": "…"}` for a line that is not a valid record. Lines are read and
//! written in batches, in order, so memory stays bounded however long the stream is.

use std::io::{self, BufRead, BufWriter, Write};

use serde::Deserialize;
use serde_json::{Value, json};

use super::output::ReportTarget;
use super::{CheckArgs, EXIT_ERROR, exit_code};
use crate::engine::Engine;
use crate::finding::Finding;
use crate::report::{FileResult, Outcome, Summary, json::findings_json};
use crate::rulebook::Severity;

/// Records audited together between writes.
const BATCH: usize = 256;
/// Records one worker audits together (see [`crate::Engine::audit_many`]); 16 of a batch's 256
/// leave every thread work.
const RECORDS_PER_GROUP: usize = 16;

#[derive(Deserialize)]
struct Record {
    #[serde(default)]
    id: Value,
    text: String,
}

enum Parsed {
    Record(Record),
    Invalid { id: Value, error: String },
}

fn parse(line: &str) -> Parsed {
    match serde_json::from_str::<Record>(line) {
        Ok(r) => Parsed::Record(r),
        Err(e) => {
            // Keep the id when the object has one, so the error can be joined back.
            let id = serde_json::from_str::<Value>(line)
                .ok()
                .and_then(|v| v.get("id").cloned())
                .unwrap_or(Value::Null);
            Parsed::Invalid {
                id,
                error: format!("not a {{\"id\", \"text\"}} record: {e}"),
            }
        }
    }
}

pub(super) fn check_records(
    args: &CheckArgs,
    engine: &Engine,
    fail_on: Severity,
) -> Result<u8, miette::Report> {
    if args.format != crate::report::Format::Ndjson && args.format != crate::report::Format::Human {
        return Err(miette::miette!(
            code = "claimlint::usage",
            help = "record mode writes one NDJSON line per record; drop --format or use --format ndjson",
            "--input ndjson does not support --format {:?}",
            args.format
        ));
    }
    let mut target = ReportTarget::open(args.output.as_deref())?;
    let mut out = BufWriter::new(target.writer());
    let mut summary = Summary::default();
    let threads = args
        .input
        .threads
        .unwrap_or_else(crate::batch::default_threads);
    let sources: Vec<Option<&std::path::Path>> = if args.input.paths.is_empty() {
        vec![None]
    } else {
        args.input
            .paths
            .iter()
            .map(|p| (p.as_os_str() != "-").then_some(p.as_path()))
            .collect()
    };
    let mut run = || -> io::Result<()> {
        for source in &sources {
            let reader: Box<dyn BufRead> = match source {
                Some(path) => match std::fs::File::open(path) {
                    Ok(f) => Box::new(io::BufReader::new(f)),
                    Err(e) => {
                        summary.failed_files += 1;
                        let _ = writeln!(
                            io::stderr(),
                            "error: {}: cannot read file: {e}",
                            path.display()
                        );
                        continue;
                    }
                },
                None => Box::new(io::stdin().lock()),
            };
            stream(reader, engine, threads, &mut out, &mut summary)?;
        }
        out.flush()
    };
    match run() {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {}
        Err(e) => {
            return Err(miette::miette!(
                code = "claimlint::io",
                "cannot write the records: {e}"
            ));
        }
    }
    drop(out);
    target.commit()?;
    Ok(if summary.failed_files > 0 {
        EXIT_ERROR
    } else {
        exit_code(&summary, fail_on)
    })
}

/// Reads records from one source, audits them batch by batch and writes one line each.
fn stream(
    reader: Box<dyn BufRead + '_>,
    engine: &Engine,
    threads: usize,
    out: &mut impl Write,
    summary: &mut Summary,
) -> io::Result<()> {
    let mut lines = reader.lines().enumerate();
    loop {
        let mut batch: Vec<(usize, String)> = Vec::with_capacity(BATCH);
        for (n, line) in lines.by_ref() {
            let line = line?;
            if line.trim().is_empty() {
                continue;
            }
            batch.push((n + 1, line));
            if batch.len() == BATCH {
                break;
            }
        }
        if batch.is_empty() {
            return Ok(());
        }
        // Records are audited in groups, like `check`'s chunks of files (`Engine::audit_many`).
        let groups: Vec<&[(usize, String)]> = batch.chunks(RECORDS_PER_GROUP).collect();
        let audit = |group: &&[(usize, String)]| -> Vec<(usize, Parsed, Vec<Finding>)> {
            let parsed: Vec<(usize, Parsed)> =
                group.iter().map(|(n, line)| (*n, parse(line))).collect();
            let docs = parsed
                .iter()
                .filter_map(|(_, p)| match p {
                    Parsed::Record(r) => Some(crate::document::Document::new(&r.text)),
                    Parsed::Invalid { .. } => None,
                })
                .collect::<Vec<_>>();
            let mut findings = engine.audit_many(&docs).into_iter();
            drop(docs);
            parsed
                .into_iter()
                .map(|(n, p)| {
                    let found = match p {
                        Parsed::Record(_) => findings.next().unwrap_or_default(),
                        Parsed::Invalid { .. } => Vec::new(),
                    };
                    (n, p, found)
                })
                .collect()
        };
        crate::batch::run_ordered(
            &groups,
            threads,
            // The batch is in memory already: only the count of waiting results matters.
            crate::batch::Window {
                items: 4 * threads.max(1),
                weight: usize::MAX,
            },
            |_| 0,
            audit,
            |_, audited| {
                for one in audited {
                    emit_record(engine, one, out, summary)?;
                }
                Ok::<(), io::Error>(())
            },
        )?;
    }
}

/// Writes one audited record (or the error of an invalid one) as a line.
fn emit_record(
    engine: &Engine,
    (n, parsed, findings): (usize, Parsed, Vec<Finding>),
    out: &mut impl Write,
    summary: &mut Summary,
) -> io::Result<()> {
    let value = match &parsed {
        Parsed::Record(r) => {
            let result = FileResult {
                path: "",
                outcome: Outcome::Audited {
                    source: &r.text,
                    findings: &findings,
                },
                to_file: None,
                origin: None,
            };
            summary.add(&result);
            json!({"id": r.id, "findings": findings_json(engine.rulebook(), &result, &r.text, &findings)})
        }
        Parsed::Invalid { id, error } => {
            summary.failed_files += 1;
            json!({"id": id, "line": n, "error": error})
        }
    };
    serde_json::to_writer(&mut *out, &value)?;
    writeln!(out)?;
    out.flush()
}
