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
