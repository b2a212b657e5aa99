//! Every rule carries its own tests: texts it must flag and texts it must pass.

use crate::document::Document;
use crate::engine::Engine;
use crate::finding::Finding;
use crate::rulebook::model::Example;
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
    /// For a suggested rewording that fails: the replacement, and why.
    pub rewording: Option<String>,
}

impl std::fmt::Display for ExampleFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if let Some(problem) = &self.rewording {
            return write!(
                f,
                "{}: rule `{}`: {problem}: {:?}",
                self.origin, self.rule, self.example
            );
        }
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
    !findings(engine, rule_idx, rule, example).is_empty()
}

/// The findings of `rule` on `example`, placed as [`fires`] places it.
fn findings(engine: &Engine, rule_idx: usize, rule: &Rule, example: &str) -> Vec<Finding> {
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
    let mut all = engine.audit_each_rule(&doc);
    all.retain(|f| f.rule == rule_idx);
    all
}

/// Checks a rule's suggested rewordings on its flag examples: each rewording must remove the
/// finding it is offered for, and each `suggest` entry must apply to at least one example.
fn check_rewordings(engine: &Engine, idx: usize, rule: &Rule, report: &mut Report) {
    if rule.suggest.is_empty() {
        return;
    }
    let mut used = vec![false; rule.suggest.len()];
    let fail = |example: &Example, problem: String| ExampleFailure {
        rule: rule.id.clone(),
        origin: format!("{}:{}:{}", rule.origin.file, example.line, example.column),
        file: std::sync::Arc::clone(&rule.origin.file),
        line: example.line,
        column: example.column,
        expected_flag: true,
        example: example.text.clone(),
        rewording: Some(problem),
    };
    for example in &rule.examples.flag {
        for f in findings(engine, idx, rule, &example.text) {
            let key = crate::suggest::key(&f.matched);
            for (i, s) in rule.suggest.iter().enumerate() {
                if s.when.is_empty() || s.when.contains(&key) {
                    used[i] = true;
                }
            }
            for r in crate::suggest::rewordings(rule, &example.text, f.start, f.end) {
                let edited = crate::suggest::apply(&example.text, &r.edit);
                let (a, b) = (r.edit.start, r.edit.start + r.edit.text.len());
                let still = findings(engine, idx, rule, &edited)
                    .iter()
                    .any(|g| g.start <= b && a <= g.end);
                if still {
                    report.failures.push(fail(
                        example,
                        format!("“{}” does not remove the finding ({edited:?})", r.title),
                    ));
                }
            }
        }
    }
    for (i, s) in rule.suggest.iter().enumerate() {
        if !used[i] {
            let line = Example {
                text: s.when.join(", "),
                line: rule.origin.line,
                column: 1,
            };
            report.failures.push(fail(
                &line,
                "this `suggest` entry applies to none of the rule's flag examples".into(),
            ));
        }
    }
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
                    rewording: None,
                });
            }
        }
        check_rewordings(engine, idx, rule, &mut report);
    }
    report
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rulebook::{RuleSource, load};

    fn report_for(suggest: &str) -> Report {
        let yaml = format!(
            r#"
rules:
  - id: promotional/hype
    category: promotional-language
    severity: warning
    message: "Hype: {{match}}"
    phrases: [revolutionary, game changer, remarkable]
    suggest:
{suggest}
    examples:
      flag: ["It is a revolutionary drug.", "Results were remarkable."]
      pass: ["It is a drug."]
"#
        );
        let book = load(&[RuleSource::new("t.yaml", yaml.as_str())]);
        let engine = book
            .map_err(|e| e.to_string())
            .and_then(|b| Engine::new(b).map_err(|e| e.to_string()));
        match engine {
            Ok(engine) => run(&engine, |_| true),
            Err(e) => panic!("test rulebook must load: {e}"),
        }
    }

    #[test]
    fn a_rewording_that_keeps_the_finding_fails() {
        let report =
            report_for("      - when: [revolutionary]\n        with: [game changer, novel]");
        assert_eq!(report.failures.len(), 1, "{:?}", report.failures);
        let text = report.failures[0].to_string();
        assert!(
            text.contains("game changer") && text.contains("does not remove"),
            "{text}"
        );
    }

    #[test]
    fn a_suggestion_no_example_exercises_fails() {
        let report = report_for("      - when: [game changer]\n        with: [novelty]");
        assert_eq!(report.failures.len(), 1, "{:?}", report.failures);
        assert!(report.failures[0].to_string().contains("applies to none"));
    }

    #[test]
    fn good_rewordings_pass() {
        let report = report_for(
            "      - when: [revolutionary]\n        with: [novel]\n      - when: [remarkable]\n        with: [\"\"]",
        );
        assert!(report.failures.is_empty(), "{:?}", report.failures);
        assert_eq!(report.examples, 3);
    }
}
