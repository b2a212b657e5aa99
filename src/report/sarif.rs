//! SARIF 2.1.0: one run whose driver lists every rule of the rulebook (so `ruleIndex` is the
//! rule's place in the rulebook), one result per finding, and the files that could not be
//! audited as tool-execution notifications. Written at the end of the run.
//!
//! Columns are counted in Unicode scalar values, as in every other format, and the run says so
//! (`columnKind: unicodeCodePoints`); `byteOffset`/`byteLength` are the finding's byte span.
//! Message strings double `{` and `}`, as SARIF §3.11.5 requires of every message string.

use std::io::{self, Write};

use serde::Serialize;

use super::{Emitter, FileResult, Outcome, Positions, Summary};
use crate::finding::Finding;
use crate::input::container::Kind;
use crate::rulebook::{Rule, Rulebook, Severity};

pub const SCHEMA_URI: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// The subset of the SARIF object model claimlint writes, in the order SARIF documents show it.
#[derive(Serialize)]
struct Log {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: Vec<Run>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run {
    tool: Tool,
    invocations: Vec<Invocation>,
    column_kind: &'static str,
    results: Vec<SarifResult>,
}

#[derive(Serialize)]
struct Tool {
    driver: Driver,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    name: &'static str,
    version: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    information_uri: Option<&'static str>,
    rules: Vec<RuleDescriptor>,
}

#[derive(Serialize)]
struct Message {
    text: String,
}

impl Message {
    /// A SARIF message string: literal braces are doubled.
    fn new(text: &str) -> Self {
        Message {
            text: text.replace('{', "{{").replace('}', "}}"),
        }
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RuleDescriptor {
    id: String,
    short_description: Message,
    #[serde(skip_serializing_if = "Option::is_none")]
    full_description: Option<Message>,
    #[serde(skip_serializing_if = "Option::is_none")]
    help: Option<Message>,
    default_configuration: Configuration,
    properties: RuleProperties,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
struct RuleProperties {
    category: &'static str,
    tags: [&'static str; 1],
    #[serde(skip_serializing_if = "Vec::is_empty")]
    references: Vec<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult {
    rule_id: String,
    rule_index: usize,
    level: &'static str,
    message: Message,
    locations: Vec<Location>,
    properties: ResultProperties,
}

#[derive(Serialize)]
struct ResultProperties {
    category: &'static str,
    section: &'static str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    notes: Vec<String>,
    /// `extracted` for a container (`.docx`, PDF): the finding is placed in the extracted
    /// text, by page or paragraph, as no region of the file's bytes holds it.
    #[serde(skip_serializing_if = "Option::is_none")]
    offsets: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    page: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    paragraph: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    part: Option<&'static str>,
    /// The matched text, as extracted (a container's findings have no region snippet).
    #[serde(rename = "extractedText", skip_serializing_if = "Option::is_none")]
    extracted_text: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    physical_location: PhysicalLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<Message>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<Region>,
}

#[derive(Serialize)]
struct ArtifactLocation {
    uri: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    start_column: usize,
    end_line: usize,
    end_column: usize,
    byte_offset: usize,
    byte_length: usize,
    snippet: Snippet,
}

#[derive(Serialize)]
struct Snippet {
    text: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Invocation {
    execution_successful: bool,
    tool_execution_notifications: Vec<Notification>,
}

#[derive(Serialize)]
struct Notification {
    level: &'static str,
    message: Message,
    locations: Vec<Location>,
}

/// SARIF `level` for a severity.
pub fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A path as a SARIF `uri`: a URI reference with `/` separators and every byte outside RFC
/// 3986's path characters percent-encoded (`<stdin>` becomes `%3Cstdin%3E`). A `:` is encoded
/// too, so a relative path is never read as a scheme; on Windows a drive path becomes a `file:`
/// URI.
pub fn uri(path: &str) -> String {
    let path = if cfg!(windows) {
        path.replace('\\', "/")
    } else {
        path.to_string()
    };
    let bytes = path.as_bytes();
    let drive = cfg!(windows)
        && bytes.len() >= 3
        && bytes[0].is_ascii_alphabetic()
        && bytes[1] == b':'
        && bytes[2] == b'/';
    let (mut out, rest) = if drive {
        (format!("file:///{}:", bytes[0] as char), &path[2..])
    } else {
        (String::new(), path.as_str())
    };
    for &b in rest.as_bytes() {
        let keep = b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=@/".contains(&b);
        if keep {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn descriptor(rule: &Rule) -> RuleDescriptor {
    let help = rule.help.trim();
    let help = || (!help.is_empty()).then(|| Message::new(help));
    RuleDescriptor {
        id: rule.id.clone(),
        // The message template, with the matched text's place shown as in `claimlint rules`.
        short_description: Message::new(&rule.message.replace("{match}", "…")),
        full_description: help(),
        help: help(),
        default_configuration: Configuration {
            level: level(rule.severity),
        },
        properties: RuleProperties {
            category: rule.category.as_str(),
            tags: [rule.category.as_str()],
            references: rule.references.clone(),
        },
    }
}

fn sarif_result(
    book: &Rulebook,
    result: &FileResult<'_>,
    uri: &str,
    source: &str,
    positions: &mut Positions<'_>,
    f: &Finding,
) -> SarifResult {
    let pos = positions.of(f);
    let (start, end) = result.file_span(f);
    let matched = source.get(f.start..f.end).unwrap_or_default().to_string();
    let place = result
        .origin
        .and_then(|o| Some((o.kind, o.place_at(f.start)?)));
    let region = match place {
        // No region: line, column and byte offsets would point into the extracted text, not
        // the artifact. The location's message and the properties say where instead.
        Some(_) => None,
        None => Some(Region {
            start_line: pos.line,
            start_column: pos.column,
            end_line: pos.end_line,
            end_column: pos.end_column,
            byte_offset: start,
            byte_length: end.saturating_sub(start),
            snippet: Snippet {
                text: matched.clone(),
            },
        }),
    };
    let location_message = result
        .place(f)
        .map(|at| Message::new(&format!("{at}: “{matched}”")));
    SarifResult {
        rule_id: f.rule(book).id.clone(),
        rule_index: f.rule,
        level: level(f.severity),
        message: Message::new(&f.message),
        locations: vec![Location {
            physical_location: PhysicalLocation {
                artifact_location: ArtifactLocation {
                    uri: uri.to_string(),
                },
                region,
            },
            message: location_message,
        }],
        properties: ResultProperties {
            category: f.category.as_str(),
            section: f.section.as_str(),
            notes: f.notes.clone(),
            offsets: place.map(|_| "extracted"),
            page: place.and_then(|(k, p)| (k == Kind::Pdf).then_some(p.number)),
            paragraph: place.and_then(|(k, p)| (k == Kind::Docx).then_some(p.number)),
            part: place.and_then(|(_, p)| p.part),
            extracted_text: place.map(|_| matched),
        },
    }
}

/// Collects results and notifications; writes the log at the end.
#[derive(Default)]
pub struct Sarif {
    rules: Option<Vec<RuleDescriptor>>,
    results: Vec<SarifResult>,
    notifications: Vec<Notification>,
}

impl Emitter for Sarif {
    fn file(
        &mut self,
        _out: &mut dyn Write,
        book: &Rulebook,
        result: &FileResult<'_>,
    ) -> io::Result<()> {
        if self.rules.is_none() {
            self.rules = Some(book.rules.iter().map(descriptor).collect());
        }
        let file_uri = uri(result.path);
        match &result.outcome {
            Outcome::Audited { source, findings } => {
                let mut positions = Positions::new(source);
                self.results.extend(
                    findings
                        .iter()
                        .map(|f| sarif_result(book, result, &file_uri, source, &mut positions, f)),
                );
            }
            Outcome::Skipped { reason } => self.notifications.push(Notification {
                level: "note",
                message: Message::new(&format!("skipped: {reason}")),
                locations: vec![Location {
                    physical_location: PhysicalLocation {
                        artifact_location: ArtifactLocation {
                            uri: file_uri.clone(),
                        },
                        region: None,
                    },
                    message: None,
                }],
            }),
            Outcome::Failed { error } => self.notifications.push(Notification {
                level: "error",
                message: Message::new(error),
                locations: vec![Location {
                    physical_location: PhysicalLocation {
                        artifact_location: ArtifactLocation { uri: file_uri },
                        region: None,
                    },
                    message: None,
                }],
            }),
        }
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, _summary: &Summary) -> io::Result<()> {
        let repository = env!("CARGO_PKG_REPOSITORY");
        let notifications = std::mem::take(&mut self.notifications);
        let log = Log {
            schema: SCHEMA_URI,
            version: "2.1.0",
            runs: vec![Run {
                tool: Tool {
                    driver: Driver {
                        name: "claimlint",
                        version: env!("CARGO_PKG_VERSION"),
                        information_uri: (!repository.is_empty()).then_some(repository),
                        rules: self.rules.take().unwrap_or_default(),
                    },
                },
                invocations: vec![Invocation {
                    execution_successful: !notifications.iter().any(|n| n.level == "error"),
                    tool_execution_notifications: notifications,
                }],
                column_kind: "unicodeCodePoints",
                results: std::mem::take(&mut self.results),
            }],
        };
        serde_json::to_writer_pretty(&mut *out, &log)?;
        writeln!(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::fixture;

    #[test]
    fn uris_are_percent_encoded_references() {
        assert_eq!(uri("<stdin>"), "%3Cstdin%3E");
        assert_eq!(uri("news/a, b:1%.txt"), "news/a,%20b%3A1%25.txt");
        assert_eq!(uri("/srv/pr/été.txt"), "/srv/pr/%C3%A9t%C3%A9.txt");
        if !cfg!(windows) {
            assert_eq!(
                uri("C:/x.txt"),
                "C%3A/x.txt",
                "a directory named C: on Unix"
            );
        }
    }

    #[test]
    fn renders_findings_rules_and_notifications() {
        let book = fixture::book();
        let findings = fixture::findings();
        let mut out = Vec::new();
        let mut emitter = Sarif::default();
        for result in fixture::results(&findings) {
            emitter
                .file(&mut out, &book, &result)
                .expect("write to a Vec");
        }
        assert!(out.is_empty(), "nothing is written before the end");
        emitter
            .finish(&mut out, &Summary::default())
            .expect("write to a Vec");
        let out = String::from_utf8_lossy(&out);
        assert_eq!(
            out,
            EXPECTED.replace("{VERSION}", env!("CARGO_PKG_VERSION"))
        );
    }

    const EXPECTED: &str = r#"{
  "$schema": "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json",
  "version": "2.1.0",
  "runs": [
    {
      "tool": {
        "driver": {
          "name": "claimlint",
          "version": "{VERSION}",
          "rules": [
            {
              "id": "safe-harbor/missing",
              "shortDescription": {
                "text": "Forward-looking statements without a cautionary statement"
              },
              "fullDescription": {
                "text": "Add a cautionary statement."
              },
              "help": {
                "text": "Add a cautionary statement."
              },
              "defaultConfiguration": {
                "level": "error"
              },
              "properties": {
                "category": "safe-harbor",
                "tags": [
                  "safe-harbor"
                ],
                "references": [
                  "15 U.S.C. 78u-5(c)"
                ]
              }
            },
            {
              "id": "safety/tolerability-claim",
              "shortDescription": {
                "text": "Safety claim: “…”"
              },
              "fullDescription": {
                "text": "Give the adverse-event data."
              },
              "help": {
                "text": "Give the adverse-event data."
              },
              "defaultConfiguration": {
                "level": "warning"
              },
              "properties": {
                "category": "safety-claim",
                "tags": [
                  "safety-claim"
                ]
              }
            },
            {
              "id": "forward-looking/expectation",
              "shortDescription": {
                "text": "Forward-looking statement: “…” states an expectation"
              },
              "defaultConfiguration": {
                "level": "note"
              },
              "properties": {
                "category": "forward-looking",
                "tags": [
                  "forward-looking"
                ]
              }
            }
          ]
        }
      },
      "invocations": [
        {
          "executionSuccessful": false,
          "toolExecutionNotifications": [
            {
              "level": "error",
              "message": {
                "text": "cannot read file: No such file\nor directory (os error 2)"
              },
              "locations": [
                {
                  "physicalLocation": {
                    "artifactLocation": {
                      "uri": "news/missing%20100%25.txt"
                    }
                  }
                }
              ]
            }
          ]
        }
      ],
      "columnKind": "unicodeCodePoints",
      "results": [
        {
          "ruleId": "safety/tolerability-claim",
          "ruleIndex": 1,
          "level": "warning",
          "message": {
            "text": "Safety claim: “well tolerated”"
          },
          "locations": [
            {
              "physicalLocation": {
                "artifactLocation": {
                  "uri": "news/a,%20b%3A1%25.txt"
                },
                "region": {
                  "startLine": 3,
                  "startColumn": 31,
                  "endLine": 4,
                  "endColumn": 10,
                  "byteOffset": 47,
                  "byteLength": 14,
                  "snippet": {
                    "text": "well\ntolerated"
                  }
                }
              }
            }
          ],
          "properties": {
            "category": "safety-claim",
            "section": "body"
          }
        },
        {
          "ruleId": "safe-harbor/missing",
          "ruleIndex": 0,
          "level": "error",
          "message": {
            "text": "Forward-looking statements without a cautionary statement"
          },
          "locations": [
            {
              "physicalLocation": {
                "artifactLocation": {
                  "uri": "news/a,%20b%3A1%25.txt"
                },
                "region": {
                  "startLine": 4,
                  "startColumn": 16,
                  "endLine": 4,
                  "endColumn": 40,
                  "byteOffset": 67,
                  "byteLength": 24,
                  "snippet": {
                    "text": "it expects data in 2026."
                  }
                }
              }
            }
          ],
          "properties": {
            "category": "safe-harbor",
            "section": "body"
          }
        },
        {
          "ruleId": "forward-looking/expectation",
          "ruleIndex": 2,
          "level": "note",
          "message": {
            "text": "Forward-looking statement: “it expects” states an expectation"
          },
          "locations": [
            {
              "physicalLocation": {
                "artifactLocation": {
                  "uri": "news/a,%20b%3A1%25.txt"
                },
                "region": {
                  "startLine": 4,
                  "startColumn": 16,
                  "endLine": 4,
                  "endColumn": 26,
                  "byteOffset": 67,
                  "byteLength": 10,
                  "snippet": {
                    "text": "it expects"
                  }
                }
              }
            }
          ],
          "properties": {
            "category": "forward-looking",
            "section": "body"
          }
        }
      ]
    }
  ]
}
"#;
}
