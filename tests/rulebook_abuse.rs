//! Hostile rulebooks: each is refused with a diagnostic at file:line:col, exit 2, no report
//! and nothing half-loaded (no finding of the good rules beside the bad one is reported).
//! The rulebooks are generated here; nothing large is committed.

mod common;

use std::path::Path;
use std::time::{Duration, Instant};

const RELEASE: &str =
    "Our alpha bravo charlie delta product is equivalent or superior to placebo.\n";

/// A rule that is fine, so a half-loaded rulebook would show its findings.
const GOOD_RULE: &str = r#"  - id: good/superior
    category: comparative-claim
    severity: warning
    message: "Comparative claim: {match}"
    help: Say what the trial showed.
    phrases: [equivalent or superior]
    examples:
      flag: ["It was equivalent or superior to placebo."]
      pass: ["It was tested against placebo."]
"#;

fn rule_header(id: &str) -> String {
    format!(
        "  - id: {id}\n    category: promotional-language\n    severity: warning\n    message: m\n    help: h\n"
    )
}

/// Runs `check` with only the rulebooks at `rules` (files or directories) on a release.
fn check_with(dir: &Path, rules: &[&str]) -> (i32, String, String, Duration) {
    std::fs::write(dir.join("release.txt"), RELEASE).expect("write release");
    let mut args = vec![
        "check",
        "--no-config",
        "--no-default-rules",
        "--format",
        "json",
    ];
    for r in rules {
        args.extend(["--rules", r]);
    }
    args.push("release.txt");
    let started = Instant::now();
    let out = common::run_in(Some(dir), &args, None);
    (
        out.status.code().unwrap_or(-1),
        common::stdout(&out),
        common::stderr(&out),
        started.elapsed(),
    )
}

/// The run was refused as a whole: exit 2, no report, and a diagnostic at `at` (file:line:col).
fn assert_refused(code: i32, stdout: &str, stderr: &str, at: &str, says: &str) {
    assert_eq!(code, 2, "exit code; stderr:\n{stderr}");
    assert!(stdout.is_empty(), "a report was written: {stdout}");
    assert!(stderr.contains(at), "no diagnostic at {at}:\n{stderr}");
    assert!(stderr.contains(says), "no {says:?} in:\n{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn huge_regex_is_refused_with_the_size_limit() {
    let dir = tempfile::tempdir().expect("temp dir");
    let yaml = format!(
        "rules:\n{GOOD_RULE}{}    patterns: ['\\w{{1000}}\\w{{1000}}\\w{{1000}}']\n",
        rule_header("bad/huge")
    );
    std::fs::write(dir.path().join("huge.yaml"), yaml).expect("write");
    let (code, out, err, _) = check_with(dir.path(), &["huge.yaml"]);
    assert_refused(
        code,
        &out,
        &err,
        "huge.yaml:16:16",
        "pattern compiles to more than",
    );
}

#[test]
fn a_hundred_thousand_phrases_load_and_one_bad_rule_beside_them_loads_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let words = [
        "alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet",
    ];
    let mut yaml = format!(
        "rules:\n{GOOD_RULE}{}    phrases:\n",
        rule_header("many/phrases")
    );
    let mut n = 0;
    'all: for a in words {
        for b in words {
            for c in words {
                for d in words {
                    for e in words {
                        yaml.push_str(&format!("      - {a} {b} {c} {d} {e}\n"));
                        n += 1;
                        if n == 100_000 {
                            break 'all;
                        }
                    }
                }
            }
        }
    }
    std::fs::write(dir.path().join("many.yaml"), &yaml).expect("write");
    let (code, out, err, took) = check_with(dir.path(), &["many.yaml"]);
    assert_eq!(code, 1, "{err}");
    let report: serde_json::Value = serde_json::from_str(&out).expect("JSON report");
    let rules: Vec<&str> = report["files"][0]["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter_map(|f| f["rule"].as_str())
        .collect();
    assert_eq!(
        rules,
        ["good/superior"],
        "100,000 phrases loaded and scanned"
    );
    eprintln!("100,000 phrases: loaded and scanned in {took:?} (debug build)");

    // The same file with one broken rule after it: nothing of it is used.
    yaml.push_str(&rule_header("bad/regex"));
    yaml.push_str("    patterns: ['(unclosed']\n");
    std::fs::write(dir.path().join("many.yaml"), &yaml).expect("write");
    let (code, out, err, _) = check_with(dir.path(), &["many.yaml"]);
    let line = yaml.lines().count();
    assert_refused(
        code,
        &out,
        &err,
        &format!("many.yaml:{line}:16"),
        "invalid pattern in rule `bad/regex`",
    );
}

#[test]
fn duplicate_ids_across_files_point_at_both() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir(dir.path().join("book")).expect("mkdir");
    std::fs::write(
        dir.path().join("book/a.yaml"),
        format!("rules:\n{GOOD_RULE}"),
    )
    .expect("a");
    std::fs::write(
        dir.path().join("book/b.yaml"),
        format!("rules:\n{GOOD_RULE}"),
    )
    .expect("b");
    let (code, out, err, _) = check_with(dir.path(), &["book"]);
    assert_refused(
        code,
        &out,
        &err,
        "b.yaml:2:9",
        "duplicate rule id `good/superior`",
    );
    assert!(
        err.contains("a.yaml:2"),
        "the first definition is named:\n{err}"
    );
}

#[test]
fn yaml_alias_bomb_is_refused_quickly() {
    let dir = tempfile::tempdir().expect("temp dir");
    // Billion laughs: nine levels of nine aliases (387,420,489 strings if expanded).
    let mut yaml = String::from(
        "lol0: &l0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    for i in 1..=9 {
        let prev = format!("*l{}", i - 1);
        yaml.push_str(&format!("lol{i}: &l{i} [{}]\n", vec![prev; 9].join(",")));
    }
    yaml.push_str("rules: *l9\n");
    std::fs::write(dir.path().join("bomb.yaml"), &yaml).expect("write");
    let (code, out, err, took) = check_with(dir.path(), &["bomb.yaml"]);
    assert_refused(code, &out, &err, "bomb.yaml:1:1", "unknown field `lol0`");
    assert!(took < Duration::from_secs(60), "took {took:?}");

    // The same bomb where the rulebook expects a list of phrases: refused at the alias.
    let mut yaml = format!(
        "rules:\n{GOOD_RULE}{}    phrases: &l0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
        rule_header("bomb/l0")
    );
    for i in 1..=9 {
        yaml.push_str(&rule_header(&format!("bomb/l{i}")));
        let prev = format!("*l{}", i - 1);
        yaml.push_str(&format!(
            "    phrases: &l{i} [{}]\n",
            vec![prev; 9].join(",")
        ));
    }
    std::fs::write(dir.path().join("bomb.yaml"), &yaml).expect("write");
    let (code, out, err, took) = check_with(dir.path(), &["bomb.yaml"]);
    assert_refused(
        code,
        &out,
        &err,
        "bomb.yaml:22:19",
        "expected string scalar",
    );
    assert!(took < Duration::from_secs(60), "took {took:?}");
}

#[test]
fn wrong_types_are_refused_at_the_value() {
    let dir = tempfile::tempdir().expect("temp dir");
    let yaml = format!(
        "rules:\n{GOOD_RULE}  - id: bad/types\n    category: [x]\n    severity: warning\n    message: m\n    help: h\n    phrases: [a]\n"
    );
    std::fs::write(dir.path().join("types.yaml"), yaml).expect("write");
    let (code, out, err, _) = check_with(dir.path(), &["types.yaml"]);
    assert_refused(
        code,
        &out,
        &err,
        "types.yaml:12:15",
        "expected scalar or mapping",
    );

    let yaml = format!(
        "rules:\n{GOOD_RULE}{}    phrases: 5\n",
        rule_header("bad/phrases")
    );
    std::fs::write(dir.path().join("types.yaml"), yaml).expect("write");
    let (code, out, err, _) = check_with(dir.path(), &["types.yaml"]);
    assert_refused(
        code,
        &out,
        &err,
        "types.yaml:16:14",
        "expected sequence start",
    );
}

#[test]
fn unknown_keys_are_refused_at_the_key() {
    let dir = tempfile::tempdir().expect("temp dir");
    let yaml = format!(
        "rules:\n{GOOD_RULE}{}    phrases: [a]\n    colour: red\n",
        rule_header("bad/key")
    );
    std::fs::write(dir.path().join("keys.yaml"), yaml).expect("write");
    let (code, out, err, _) = check_with(dir.path(), &["keys.yaml"]);
    assert_refused(code, &out, &err, "keys.yaml:17:5", "unknown field `colour`");
}

#[test]
fn a_rule_whose_examples_fail_is_refused_at_the_example() {
    let dir = tempfile::tempdir().expect("temp dir");
    let yaml = format!(
        "rules:\n{GOOD_RULE}{}    phrases: [alpha bravo]\n    examples:\n      flag: [\"Nothing to see here.\"]\n      pass: [\"alpha bravo\"]\n",
        rule_header("bad/examples")
    );
    std::fs::write(dir.path().join("examples.yaml"), yaml).expect("write");
    let (code, out, err, _) = check_with(dir.path(), &["examples.yaml"]);
    assert_refused(
        code,
        &out,
        &err,
        "examples.yaml:18:14",
        "does not flag its example",
    );
    assert!(
        err.contains("examples.yaml:19:14"),
        "both examples reported:\n{err}"
    );
    assert!(err.contains("does not pass its example"), "{err}");
}
