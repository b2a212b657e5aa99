//! The labelled files' format: tab-separated with a header row, where a field that begins with
//! a double quote is quoted CSV-style (RFC 4180 with a tab delimiter: wrapped in `"`, inner
//! quotes doubled, may hold tabs and line breaks). Unquoted fields run to the next tab or line
//! break and keep any quote characters they contain.
//!
//! Small enough to write by hand, and stricter than a general CSV reader on purpose: a stray
//! character after a closing quote or a row with the wrong number of fields is an error with its
//! line number, because a silently misread label skews every figure computed from it.

use std::fmt;

/// A problem in a TSV file, at a 1-based line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TsvError {
    pub line: usize,
    pub message: String,
}

impl fmt::Display for TsvError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

impl std::error::Error for TsvError {}

/// One data row and the line it starts on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    pub line: usize,
    pub fields: Vec<String>,
}

/// A parsed file: the header's column names and the data rows, each as long as the header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub header: Vec<String>,
    pub rows: Vec<Record>,
}

impl Table {
    /// Parses a whole file. Blank lines are skipped; a trailing line break is optional.
    pub fn parse(text: &str) -> Result<Table, TsvError> {
        let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
        let mut records = parse_records(text)?.into_iter();
        let Some(header) = records.next() else {
            return Err(TsvError {
                line: 1,
                message: "the file is empty (a header row is required)".into(),
            });
        };
        let width = header.fields.len();
        let mut rows = Vec::new();
        for record in records {
            if record.fields.len() != width {
                return Err(TsvError {
                    line: record.line,
                    message: format!(
                        "{} field(s), but the header has {width}",
                        record.fields.len()
                    ),
                });
            }
            rows.push(record);
        }
        Ok(Table {
            header: header.fields,
            rows,
        })
    }

    /// Index of a required column.
    pub fn column(&self, name: &str) -> Result<usize, TsvError> {
        self.header
            .iter()
            .position(|h| h == name)
            .ok_or_else(|| TsvError {
                line: 1,
                message: format!(
                    "no `{name}` column (the header has: {})",
                    self.header.join(", ")
                ),
            })
    }
}

/// Splits the text into records of fields, honouring quoted fields.
fn parse_records(text: &str) -> Result<Vec<Record>, TsvError> {
    let mut records = Vec::new();
    let mut fields: Vec<String> = Vec::new();
    let mut field = String::new();
    let mut line = 1;
    let mut record_line = 1;
    let mut chars = text.chars().peekable();
    // At the start of a field (so a quote opens a quoted field).
    let mut at_field_start = true;
    loop {
        if at_field_start && chars.peek() == Some(&'"') {
            chars.next();
            let open_line = line;
            loop {
                match chars.next() {
                    None => {
                        return Err(TsvError {
                            line: open_line,
                            message: "a quoted field is never closed".into(),
                        });
                    }
                    Some('"') if chars.peek() == Some(&'"') => {
                        chars.next();
                        field.push('"');
                    }
                    Some('"') => break,
                    Some(c) => {
                        if c == '\n' {
                            line += 1;
                        }
                        field.push(c);
                    }
                }
            }
            // Only a delimiter, a line break or the end may follow a closing quote.
            if chars.peek() == Some(&'\r') {
                chars.next();
                if chars.peek() != Some(&'\n') {
                    return Err(TsvError {
                        line,
                        message: "a carriage return after a closing quote".into(),
                    });
                }
            }
            match chars.peek() {
                None | Some('\t') | Some('\n') => {}
                Some(c) => {
                    return Err(TsvError {
                        line,
                        message: format!(
                            "unexpected {c:?} after the closing quote of a quoted field \
                             (inner quotes must be doubled)"
                        ),
                    });
                }
            }
            at_field_start = false;
            continue;
        }
        at_field_start = false;
        match chars.next() {
            Some('\t') => {
                fields.push(std::mem::take(&mut field));
                at_field_start = true;
            }
            Some('\n') | None => {
                let end = chars.peek().is_none();
                if field.ends_with('\r') {
                    field.pop();
                }
                let blank = fields.is_empty() && field.is_empty();
                if !blank {
                    fields.push(std::mem::take(&mut field));
                    records.push(Record {
                        line: record_line,
                        fields: std::mem::take(&mut fields),
                    });
                }
                if end {
                    break;
                }
                line += 1;
                record_line = line;
                at_field_start = true;
            }
            Some(c) => field.push(c),
        }
    }
    Ok(records)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(t: &Table) -> Vec<Vec<&str>> {
        t.rows
            .iter()
            .map(|r| r.fields.iter().map(String::as_str).collect())
            .collect()
    }

    #[test]
    fn plain_rows() {
        let t = Table::parse("a\tb\tc\n1\t2\t\n4\t5\t6\n").expect("parses");
        assert_eq!(t.header, vec!["a", "b", "c"]);
        assert_eq!(rows(&t), vec![vec!["1", "2", ""], vec!["4", "5", "6"]]);
        assert_eq!(t.rows[1].line, 3);
        assert_eq!(t.column("c"), Ok(2));
        assert!(t.column("d").is_err());
    }

    #[test]
    fn quoted_fields_double_their_quotes() {
        let t = Table::parse(
            "id\ttext\tfls\nu1\t\"the \"\"company\"\" said\"\tNOT\nu2\t\"tab\there\"\tFLS\n",
        )
        .expect("parses");
        assert_eq!(
            rows(&t),
            vec![
                vec!["u1", "the \"company\" said", "NOT"],
                vec!["u2", "tab\there", "FLS"]
            ]
        );
    }

    #[test]
    fn quoted_field_may_span_lines_and_end_a_row() {
        let t = Table::parse("a\tb\n\"x\ny\"\t\"z\"\n2\t3").expect("parses");
        assert_eq!(rows(&t), vec![vec!["x\ny", "z"], vec!["2", "3"]]);
        assert_eq!(t.rows[1].line, 4);
    }

    #[test]
    fn quotes_inside_unquoted_fields_are_literal() {
        let t = Table::parse("a\tb\nsay \"hi\"\t1\n").expect("parses");
        assert_eq!(rows(&t), vec![vec!["say \"hi\"", "1"]]);
    }

    #[test]
    fn empty_quoted_field_and_crlf() {
        let t = Table::parse("a\tb\r\n\"\"\tx\r\n\r\n").expect("parses");
        assert_eq!(t.header, vec!["a", "b"]);
        assert_eq!(rows(&t), vec![vec!["", "x"]]);
    }

    #[test]
    fn errors_carry_lines() {
        let e = Table::parse("a\tb\n1\t2\n3\n").expect_err("fails");
        assert_eq!(e.line, 3);
        let e = Table::parse("a\tb\n1\t\"open\n").expect_err("fails");
        assert_eq!(e.line, 2);
        assert!(e.message.contains("never closed"));
        let e = Table::parse("a\tb\n1\t\"x\"y\n").expect_err("fails");
        assert!(e.message.contains("after the closing quote"), "{e}");
        assert!(Table::parse("").is_err());
    }
}
