//! The embedded rulebook is its own test suite: every rule's examples run here.

use claimlint::Engine;
use claimlint::rulebook::{Category, RuleKind, embedded, load};

fn engine() -> Engine {
    let book =
        load(&embedded::sources()).unwrap_or_else(|e| panic!("default rulebook loads: {e:?}"));
    Engine::new(book).unwrap_or_else(|e| panic!("default rulebook compiles: {e}"))
}

#[test]
fn every_rule_passes_its_own_examples() {
    let engine = engine();
    let report = claimlint::selftest::run(&engine, |_| true);
    let failures: Vec<String> = report.failures.iter().map(ToString::to_string).collect();
    assert!(
        failures.is_empty(),
        "{} example(s) failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(report.examples > 100);
}

#[test]
fn every_rule_has_flag_and_pass_examples_help_and_references() {
    for rule in &engine().rulebook().rules {
        assert!(
            rule.examples.flag.len() >= 3,
            "{} needs 3 flag examples",
            rule.id
        );
        assert!(
            rule.examples.pass.len() >= 3,
            "{} needs 3 pass examples",
            rule.id
        );
        assert!(!rule.help.trim().is_empty(), "{} needs help", rule.id);
        assert!(!rule.references.is_empty(), "{} needs references", rule.id);
    }
}

#[test]
fn covers_every_category_with_enough_rules() {
    let engine = engine();
    let rules = &engine.rulebook().rules;
    assert!(rules.len() >= 15);
    for category in Category::ALL {
        assert!(
            rules.iter().any(|r| r.category == category),
            "no rule for {category}"
        );
    }
    assert!(
        rules
            .iter()
            .any(|r| matches!(r.kind, RuleKind::Document(_)))
    );
}

/// The embedded rulebook compiles its patterns on first use; here every one is compiled, and
/// the same files pass the eager checks a rulebook from disk gets (syntax, size limits,
/// patterns that match empty text), so the lazy path can never meet a broken pattern.
#[test]
fn embedded_patterns_all_compile_and_pass_the_eager_checks() {
    let as_files: Vec<claimlint::rulebook::RuleSource> = embedded::sources()
        .into_iter()
        .map(|s| claimlint::rulebook::RuleSource::new(s.name, s.text))
        .collect();
    assert!(as_files.iter().all(|s| !s.trusted));
    if let Err(e) = load(&as_files) {
        panic!("the default rulebook fails the eager checks: {e:?}");
    }
    let engine = engine();
    let book = engine.rulebook();
    let mut forced = 0;
    for rule in &book.rules {
        if let RuleKind::Text(t) = &rule.kind {
            for (re, source) in t.compiled.iter().zip(&t.patterns) {
                let compiled = re.force().unwrap_or_else(|e| panic!("{}: {e}", rule.id));
                assert!(
                    !compiled.is_match(""),
                    "{}: `{source}` matches empty text",
                    rule.id
                );
                forced += 1;
            }
            for c in t.unless.iter().chain(&t.requires) {
                c.regex
                    .force()
                    .unwrap_or_else(|e| panic!("{}: {e}", rule.id));
                forced += 1;
            }
        }
    }
    for m in book.context.iter().flat_map(|c| &c.modifiers) {
        if let Some(evidence) = &m.evidence {
            evidence
                .force()
                .unwrap_or_else(|e| panic!("modifier {}: {e}", m.id));
            forced += 1;
        }
    }
    assert!(forced > 200, "{forced} patterns compiled");
}
