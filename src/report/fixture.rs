//! A small fixed rulebook, release and set of findings for the emitters' snapshot tests.

use crate::finding::Finding;
use crate::report::{FileResult, Outcome};
use crate::rulebook::{Category, RuleSource, Rulebook, Section, Severity, load};

const RULES: &str = r#"
rules:
  - id: safe-harbor/missing
    category: safe-harbor
    severity: error
    check: safe-harbor-missing
    message: "Forward-looking statements without a cautionary statement"
    help: Add a cautionary statement.
    references: ["15 U.S.C. 78u-5(c)"]
  - id: safety/tolerability-claim
    category: safety-claim
    severity: warning
    message: "Safety claim: “{match}”"
    help: Give the adverse-event data.
    phrases: [well tolerated]
  - id: forward-looking/expectation
    category: forward-looking
    severity: info
    message: "Forward-looking statement: “{match}” states an expectation"
    phrases: [expects]
"#;

/// The release the findings point into: a curly-quoted name (columns count characters, offsets
/// count bytes), a claim wrapped over two lines and a comma in the message.
pub const SOURCE: &str =
    "Acme Update\n\nBOSTON -- “Acme” said X-1 was well\ntolerated, and it expects data in 2026.\n";

pub fn book() -> Rulebook {
    load(&[RuleSource::new("fixture.yaml", RULES)]).expect("fixture rulebook loads")
}

fn span(needle: &str) -> (usize, usize) {
    let start = SOURCE.find(needle).expect("needle in fixture source");
    (start, start + needle.len())
}

fn finding(
    rule: usize,
    category: Category,
    severity: Severity,
    message: &str,
    text: &str,
) -> Finding {
    let (start, end) = span(text);
    let sentence_text = "“Acme” said X-1 was well\ntolerated, and it expects data in 2026.";
    let sentence = span(sentence_text);
    Finding {
        rule,
        category,
        severity,
        message: message.to_string(),
        start,
        end,
        sentence,
        section: Section::Body,
        notes: Vec::new(),
        matched: crate::text::collapse_whitespace(text),
        context: crate::text::collapse_whitespace(sentence_text),
    }
}

/// Findings in the engine's order (by position, then rule).
pub fn findings() -> Vec<Finding> {
    vec![
        finding(
            1,
            Category::SafetyClaim,
            Severity::Warning,
            "Safety claim: “well tolerated”",
            "well\ntolerated",
        ),
        finding(
            0,
            Category::SafeHarbor,
            Severity::Error,
            "Forward-looking statements without a cautionary statement",
            "it expects data in 2026.",
        ),
        finding(
            2,
            Category::ForwardLooking,
            Severity::Info,
            "Forward-looking statement: “it expects” states an expectation",
            "it expects",
        ),
    ]
}

/// A path that needs escaping in most formats, and an error that spans two lines.
pub const PATH: &str = "news/a, b:1%.txt";
pub const MISSING: &str = "news/missing 100%.txt";
pub const ERROR: &str = "cannot read file: No such file\nor directory (os error 2)";

/// The two results every emitter test renders: the fixture release with `findings`, and a file
/// that could not be read.
pub fn results(findings: &[Finding]) -> [FileResult<'_>; 2] {
    [
        FileResult {
            path: PATH,
            outcome: Outcome::Audited {
                source: SOURCE,
                findings,
            },
            to_file: None,
            origin: None,
        },
        FileResult {
            path: MISSING,
            outcome: Outcome::Failed {
                error: ERROR.to_string(),
            },
            to_file: None,
            origin: None,
        },
    ]
}
