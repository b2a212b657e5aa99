//! CSV: one row per finding, written as each file finishes.
//!
//! RFC 4180: records end in CRLF; a field is quoted when it holds a comma, a double quote, CR
//! or LF, and a double quote inside a quoted field is doubled. Spreadsheet formula prefixes
//! (`=`, `+`, `-`, `@`) are left as they are: the text is the release's own.
//!
//! Columns: `path,line,column,end_line,end_column,start,end,severity,category,rule,message,text`
//! with the same units as the JSON output (1-based lines, character columns, byte offsets). A
//! file that could not be audited is a row with rule `error`, severity `error`, the reason as
//! message and the position columns empty.

use std::io::{self, Write};

use super::{Emitter, FileResult, Outcome, Positions, Summary};
use crate::rulebook::Rulebook;

pub const HEADER: [&str; 12] = [
    "path",
    "line",
    "column",
    "end_line",
    "end_column",
    "start",
    "end",
    "severity",
    "category",
    "rule",
    "message",
    "text",
];

/// Writes the header before the first row (or at the end of a run with no input).
#[derive(Default)]
pub struct Csv {
    header_written: bool,
}

impl Csv {
    fn header(&mut self, out: &mut dyn Write) -> io::Result<()> {
        if !self.header_written {
            self.header_written = true;
            record(out, &HEADER)?;
        }
        Ok(())
    }
}

/// Appends `field` to `line`, quoted if RFC 4180 requires it.
fn push_field(line: &mut String, field: &str) {
    if field.contains([',', '"', '\r', '\n']) {
        line.push('"');
        line.push_str(&field.replace('"', "\"\""));
        line.push('"');
    } else {
        line.push_str(field);
    }
}

fn record(out: &mut dyn Write, fields: &[&str]) -> io::Result<()> {
    let mut line = String::new();
    for (i, field) in fields.iter().enumerate() {
        if i > 0 {
            line.push(',');
        }
        push_field(&mut line, field);
    }
    line.push_str("\r\n");
    out.write_all(line.as_bytes())
}

impl Emitter for Csv {
    fn file(
        &mut self,
        out: &mut dyn Write,
        book: &Rulebook,
        result: &FileResult<'_>,
    ) -> io::Result<()> {
        self.header(out)?;
        match &result.outcome {
            Outcome::Audited { source, findings } => {
                let mut positions = Positions::new(source);
                for f in *findings {
                    let pos = positions.of(f);
                    let (start, end) = result.file_span(f);
                    let numbers = [
                        pos.line,
                        pos.column,
                        pos.end_line,
                        pos.end_column,
                        start,
                        end,
                    ]
                    .map(|n| n.to_string());
                    let [line, column, end_line, end_column, start, end] = &numbers;
                    // A container's finding: the path says the page or paragraph (as a PDF
                    // open-parameter fragment, `#page=2`); offsets are in the extracted text.
                    let path = match result
                        .origin
                        .and_then(|o| Some((o.kind, o.place_at(f.start)?)))
                    {
                        Some((kind, place)) => format!(
                            "{}#{}={}",
                            result.path,
                            match kind {
                                crate::input::container::Kind::Pdf => "page",
                                crate::input::container::Kind::Docx => "paragraph",
                            },
                            place.number
                        ),
                        None => result.path.to_string(),
                    };
                    record(
                        out,
                        &[
                            &path,
                            line,
                            column,
                            end_line,
                            end_column,
                            start,
                            end,
                            f.severity.as_str(),
                            f.category.as_str(),
                            &f.rule(book).id,
                            &f.message,
                            source.get(f.start..f.end).unwrap_or_default(),
                        ],
                    )?;
                }
            }
            Outcome::Failed { error } => {
                record(
                    out,
                    &[
                        result.path,
                        "",
                        "",
                        "",
                        "",
                        "",
                        "",
                        "error",
                        "",
                        "error",
                        error,
                        "",
                    ],
                )?;
            }
            Outcome::Skipped { reason } => {
                record(
                    out,
                    &[
                        result.path,
                        "",
                        "",
                        "",
                        "",
                        "",
                        "",
                        "info",
                        "",
                        "skipped",
                        reason,
                        "",
                    ],
                )?;
            }
        }
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, _summary: &Summary) -> io::Result<()> {
        self.header(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::fixture;

    fn render(results: &[FileResult<'_>]) -> String {
        let book = fixture::book();
        let mut emitter = Csv::default();
        let mut out = Vec::new();
        for r in results {
            emitter.file(&mut out, &book, r).expect("write to a Vec");
        }
        emitter
            .finish(&mut out, &Summary::default())
            .expect("write to a Vec");
        String::from_utf8(out).expect("CSV is UTF-8")
    }

    #[test]
    fn renders_findings_and_failures() {
        let findings = fixture::findings();
        let out = render(&fixture::results(&findings));
        let expected = concat!(
            "path,line,column,end_line,end_column,start,end,severity,category,rule,message,text\r\n",
            "\"news/a, b:1%.txt\",3,31,4,10,47,61,warning,safety-claim,safety/tolerability-claim,Safety claim: “well tolerated”,\"well\ntolerated\"\r\n",
            "\"news/a, b:1%.txt\",4,16,4,40,67,91,error,safe-harbor,safe-harbor/missing,Forward-looking statements without a cautionary statement,it expects data in 2026.\r\n",
            "\"news/a, b:1%.txt\",4,16,4,26,67,77,info,forward-looking,forward-looking/expectation,Forward-looking statement: “it expects” states an expectation,it expects\r\n",
            "news/missing 100%.txt,,,,,,,error,,error,\"cannot read file: No such file\nor directory (os error 2)\",\r\n",
        );
        assert_eq!(out, expected);
    }

    #[test]
    fn quotes_only_what_rfc_4180_requires() {
        let mut line = String::new();
        push_field(&mut line, "plain text; with “quotes”");
        line.push('|');
        push_field(&mut line, "said \"hi\", then left");
        line.push('|');
        push_field(&mut line, "a\rb");
        assert_eq!(
            line,
            "plain text; with “quotes”|\"said \"\"hi\"\", then left\"|\"a\rb\""
        );
    }

    #[test]
    fn an_empty_run_still_has_the_header() {
        assert_eq!(
            render(&[]),
            "path,line,column,end_line,end_column,start,end,severity,category,rule,message,text\r\n"
        );
    }
}
