//! GitHub Actions workflow commands: one annotation per finding, so findings show on the
//! pull request's files. `error` findings are `::error`, `warning` `::warning`, `info`
//! `::notice`; a file that could not be audited is an `::error` on the file alone.
//!
//! Escaping follows the runner's rules: in the message (`data`) `%`, CR and LF become `%25`,
//! `%0D` and `%0A`; property values (`file`, `title`) additionally escape `:` and `,` as `%3A`
//! and `%2C`.

use std::io::{self, Write};

use super::{Emitter, FileResult, Outcome, Positions, Summary};
use crate::rulebook::{Rulebook, Severity};

pub struct Github;

fn escape_data(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            c => out.push(c),
        }
    }
    out
}

fn escape_property(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            ':' => out.push_str("%3A"),
            ',' => out.push_str("%2C"),
            c => out.push(c),
        }
    }
    out
}

fn command(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    }
}

impl Emitter for Github {
    fn file(
        &mut self,
        out: &mut dyn Write,
        book: &Rulebook,
        result: &FileResult<'_>,
    ) -> io::Result<()> {
        let file = escape_property(result.path);
        match &result.outcome {
            Outcome::Audited { source, findings } => {
                let mut positions = Positions::new(source);
                for f in *findings {
                    let pos = positions.of(f);
                    // A container (.docx, PDF) has no lines to annotate: the file, and the page
                    // or paragraph in the message.
                    if let Some(place) = result.place(f) {
                        writeln!(
                            out,
                            "::{} file={file},title={}::{}",
                            command(f.severity),
                            escape_property(&f.rule(book).id),
                            escape_data(&format!("{place}: {}", f.message)),
                        )?;
                        continue;
                    }
                    writeln!(
                        out,
                        "::{} file={file},line={},col={},endLine={},endColumn={},title={}::{}",
                        command(f.severity),
                        pos.line,
                        pos.column,
                        pos.end_line,
                        pos.end_column,
                        escape_property(&f.rule(book).id),
                        escape_data(&f.message),
                    )?;
                }
            }
            Outcome::Failed { error } => {
                writeln!(out, "::error file={file}::{}", escape_data(error))?;
            }
            Outcome::Skipped { reason } => {
                writeln!(
                    out,
                    "::notice file={file}::{}",
                    escape_data(&format!("skipped: {reason}"))
                )?;
            }
        }
        Ok(())
    }

    fn finish(&mut self, _out: &mut dyn Write, _summary: &Summary) -> io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::fixture;

    #[test]
    fn renders_findings_and_failures() {
        let book = fixture::book();
        let findings = fixture::findings();
        let mut out = Vec::new();
        let mut emitter = Github;
        for result in fixture::results(&findings) {
            emitter
                .file(&mut out, &book, &result)
                .expect("write to a Vec");
        }
        emitter
            .finish(&mut out, &Summary::default())
            .expect("write to a Vec");
        let expected = concat!(
            "::warning file=news/a%2C b%3A1%25.txt,line=3,col=31,endLine=4,endColumn=10,title=safety/tolerability-claim::Safety claim: “well tolerated”\n",
            "::error file=news/a%2C b%3A1%25.txt,line=4,col=16,endLine=4,endColumn=40,title=safe-harbor/missing::Forward-looking statements without a cautionary statement\n",
            "::notice file=news/a%2C b%3A1%25.txt,line=4,col=16,endLine=4,endColumn=26,title=forward-looking/expectation::Forward-looking statement: “it expects” states an expectation\n",
            "::error file=news/missing 100%25.txt::cannot read file: No such file%0Aor directory (os error 2)\n",
        );
        assert_eq!(String::from_utf8_lossy(&out), expected);
    }

    #[test]
    fn escapes_data_and_properties() {
        assert_eq!(escape_data("50%: a, b\r\nc"), "50%25: a, b%0D%0Ac");
        assert_eq!(escape_property("50%: a, b\r\nc"), "50%25%3A a%2C b%0D%0Ac");
    }
}
