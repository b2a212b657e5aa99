//! Every rule carries its own tests: texts it must flag and texts it must pass.

use crate::document::Document;
use crate::engine::Engine;
use crate::rulebook::{Rule, RuleKind, Section};

/// One example that did not behave as its rule says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExampleFailure {
    pub rule: String,
    /// `file:line:column` of the example.
    pub origin: String,
    pub file: std::sync::Arc<str>,
    pub line: u64,
    pub column: u64,
    pub expected_flag: bool,
    pub example: String,
}

impl std::fmt::Display for ExampleFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let verb = if self.expected_flag {
            "should flag"
        } else {
            "should pass"
        };
        write!(
            f,
            "{}: rule `{}` {verb}: {:?}",
            self.origin, self.rule, self.example
        )
    }
}

/// Outcome of running the examples of a set of rules.
#[derive(Debug, Default)]
pub struct Report {
    pub rules: usize,
    pub examples: usize,
    pub failures: Vec<ExampleFailure>,
}

/// Whether `rule` fires on `example`. Text rules see the example as a passage of the first
/// section in their scope (body when it is in scope); document checks see a whole release.
fn fires(engine: &Engine, rule_idx: usize, rule: &Rule, example: &str) -> bool {
    let doc = match &rule.kind {
        RuleKind::Text(t) => {
            let section = if t.scope.contains(Section::Body) {
                Section::Body
            } else {
                t.scope.sections().next().unwrap_or(Section::Body)
            };
            Document::in_section(example, section)
        }
        RuleKind::Document(_) => Document::new(example),
    };
    engine
        .audit_each_rule(&doc)
        .iter()
        .any(|f| f.rule == rule_idx)
}

/// Runs the examples of every rule accepted by `select`.
pub fn run(engine: &Engine, select: impl Fn(&Rule) -> bool) -> Report {
    let mut report = Report::default();
    for (idx, rule) in engine.rulebook().rules.iter().enumerate() {
        if !select(rule) {
            continue;
        }
        report.rules += 1;
        let cases = rule
            .examples
            .flag
            .iter()
            .map(|e| (true, e))
            .chain(rule.examples.pass.iter().map(|e| (false, e)));
        for (expected_flag, example) in cases {
            report.examples += 1;
            if fires(engine, idx, rule, &example.text) != expected_flag {
                report.failures.push(ExampleFailure {
                    rule: rule.id.clone(),
                    origin: format!("{}:{}:{}", rule.origin.file, example.line, example.column),
                    file: std::sync::Arc::clone(&rule.origin.file),
                    line: example.line,
                    column: example.column,
                    expected_flag,
                    example: example.text.clone(),
                });
            }
        }
    }
    report
}
