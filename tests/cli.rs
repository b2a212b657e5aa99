//! The command line's contract, driven through the real binary: exit codes, JSON shape,
//! inputs, configuration and rulebook errors.

mod common;

use common::{json, run, run_in, stderr, stdout};

const CLAIMS: &str = "Acme Update\n\nBOSTON, March 3, 2025 -- Acme Bio, Inc. said its drug was well tolerated and superior to placebo.\n\nThis press release contains forward-looking statements. Actual results may differ materially because of risks in clinical trials and our need for additional capital. We undertake no obligation to update them.\n";

const CLEAN: &str = "Acme Names CFO\n\nBOSTON, March 3, 2025 -- Acme Bio, Inc. today named Jane Roe chief financial officer.\n";

#[test]
fn clean_input_exits_zero() {
    let o = run(&["check", "--no-config", "-"], Some(CLEAN));
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("0 findings in 1 file"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn findings_at_fail_level_exit_one() {
    let o = run(&["check", "--no-config", "-"], Some(CLAIMS));
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(out.contains("safety/tolerability-claim"), "{out}");
    assert!(out.contains("comparative/superiority"), "{out}");
    assert!(
        out.contains("<stdin>:3:"),
        "miette header names file:line:col\n{out}"
    );
}

#[test]
fn fail_on_error_ignores_warnings() {
    let o = run(
        &["check", "--no-config", "--fail-on", "error", "-"],
        Some(CLAIMS),
    );
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
}

#[test]
fn json_contract_has_exact_spans() {
    let text = "Acme Update\n\nBOSTON, March 3, 2025 -- “Acme’s drug is equivalent or\n   superior to approved drugs,” said the CEO.\n";
    let o = run(
        &["check", "--no-config", "--format", "json", "-"],
        Some(text),
    );
    let report = json(&o);
    assert_eq!(report["version"], 1);
    let findings = report["files"][0]["findings"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let cmp = findings
        .iter()
        .find(|f| f["rule"] == "comparative/superiority")
        .unwrap_or_else(|| panic!("comparative finding in {report:#}"));
    let (start, end) = (
        cmp["start"].as_u64().unwrap_or(0) as usize,
        cmp["end"].as_u64().unwrap_or(0) as usize,
    );
    assert_eq!(
        &text.as_bytes()[start..end],
        "equivalent or\n   superior".as_bytes()
    );
    assert_eq!(cmp["text"], "equivalent or\n   superior");
    assert_eq!(cmp["line"], 3);
    // Column counts characters: the curly quote and apostrophe are one each.
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let col = text[line_start..start].chars().count() + 1;
    assert_eq!(cmp["column"], col as u64);
    assert_eq!(cmp["section"], "quote");
    for key in [
        "category",
        "severity",
        "message",
        "sentence",
        "end_line",
        "end_column",
    ] {
        assert!(cmp.get(key).is_some(), "missing {key}");
    }
    assert_eq!(report["summary"]["files"], 1);
}

#[test]
fn ndjson_writes_one_finding_per_line() {
    let o = run(
        &["check", "--no-config", "--format", "ndjson", "-"],
        Some(CLAIMS),
    );
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines.len() >= 2, "{out}");
    for line in lines {
        let v: serde_json::Value = serde_json::from_str(line).expect("each line is JSON");
        assert_eq!(v["path"], "<stdin>");
        assert!(v["rule"].is_string());
    }
}

#[test]
fn missing_file_is_an_error_but_other_files_are_audited() {
    let dir = tempfile::tempdir().expect("tempdir");
    let good = dir.path().join("good.txt");
    std::fs::write(&good, CLAIMS).expect("write");
    let missing = dir.path().join("missing.txt");
    let o = run(
        &[
            "check",
            "--no-config",
            "--format",
            "json",
            missing.to_str().unwrap_or(""),
            good.to_str().unwrap_or(""),
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("missing.txt"), "{}", stderr(&o));
    let report = json(&o);
    let files = report["files"].as_array().cloned().unwrap_or_default();
    assert_eq!(files.len(), 2);
    assert!(files[0]["error"].is_string());
    assert!(
        !files[1]["findings"]
            .as_array()
            .map(Vec::is_empty)
            .unwrap_or(true)
    );
    assert_eq!(report["summary"]["files_with_errors"], 1);
}

#[test]
fn directories_are_walked_recursively_in_order() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir_all(dir.path().join("b/c")).expect("mkdir");
    std::fs::write(dir.path().join("b/c/z.txt"), CLAIMS).expect("write");
    std::fs::write(dir.path().join("a.md"), CLAIMS).expect("write");
    std::fs::write(dir.path().join("data.tsv"), CLAIMS).expect("write");
    std::fs::write(dir.path().join(".hidden.txt"), CLAIMS).expect("write");
    let o = run(
        &[
            "check",
            "--no-config",
            "--format",
            "json",
            dir.path().to_str().unwrap_or(""),
        ],
        None,
    );
    let report = json(&o);
    let paths: Vec<String> = report["files"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|f| f["path"].as_str().unwrap_or("").to_string())
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(paths.len(), 2, "{paths:?}");
    assert!(
        paths[0].ends_with("a.md") && paths[1].ends_with("z.txt"),
        "{paths:?}"
    );
}

#[test]
fn binary_files_are_skipped_with_a_reason_not_dropped() {
    let dir = tempfile::tempdir().expect("tempdir");
    let binary = dir.path().join("blob.txt");
    std::fs::write(&binary, b"\x00\x01\x02 will grow").expect("write");
    let o = run(
        &[
            "check",
            "--no-config",
            "--format",
            "json",
            binary.to_str().unwrap_or(""),
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(0), "a skip is not an error");
    assert!(
        stderr(&o).contains("skipped:") && stderr(&o).contains("binary"),
        "{}",
        stderr(&o)
    );
    let report = json(&o);
    assert_eq!(report["files"][0]["skipped"], "binary file");
    assert_eq!(report["summary"]["files_skipped"], 1);
}

#[test]
fn oversized_files_are_skipped() {
    let o = run(
        &[
            "check",
            "--no-config",
            "--format",
            "json",
            "--max-file-size",
            "10",
            "-",
        ],
        Some(CLAIMS),
    );
    let report = json(&o);
    assert!(
        report["files"][0]["skipped"]
            .as_str()
            .unwrap_or("")
            .contains("too large"),
        "{report:#}"
    );
}

#[test]
fn bad_rulebook_points_at_file_line_and_column() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("bad.yaml");
    std::fs::write(
        &path,
        "rules:\n  - id: my/rule\n    category: safety-claim\n    severity: warning\n    message: m\n    patterns: ['(unclosed']\n",
    )
    .expect("write");
    let o = run(
        &[
            "check",
            "--no-config",
            "--rules",
            path.to_str().unwrap_or(""),
            "-",
        ],
        Some(CLEAN),
    );
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("bad.yaml:6:"), "{err}");
    assert!(err.contains("invalid pattern in rule `my/rule`"), "{err}");
}

#[test]
fn unknown_key_and_duplicate_id_are_rejected() {
    let dir = tempfile::tempdir().expect("tempdir");
    let dup = dir.path().join("dup.yaml");
    std::fs::write(
        &dup,
        "rules:\n  - id: comparative/superiority\n    category: comparative-claim\n    severity: warning\n    message: m\n    phrases: [x]\n",
    )
    .expect("write");
    let unknown = dir.path().join("unknown.yaml");
    std::fs::write(
        &unknown,
        "rules:\n  - id: mine/x\n    category: safety-claim\n    severity: info\n    message: m\n    phrasez: [y]\n",
    )
    .expect("write");
    let o = run(
        &[
            "rules",
            "--no-config",
            "--rules",
            dup.to_str().unwrap_or(""),
            "--rules",
            unknown.to_str().unwrap_or(""),
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("2 problems"), "{err}");
    assert!(
        err.contains("duplicate rule id `comparative/superiority`"),
        "{err}"
    );
    assert!(err.contains("dup.yaml:2:"), "{err}");
    assert!(
        err.contains("already defined at <default>/claims.yaml:"),
        "{err}"
    );
    assert!(err.contains("phrasez"), "{err}");
    assert!(err.contains("unknown.yaml:6:"), "{err}");
}

#[test]
fn custom_rulebook_without_defaults() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("mine.yaml");
    std::fs::write(
        &path,
        "rules:\n  - id: house/banned-word\n    category: promotional-language\n    severity: error\n    message: \"Banned: {match}\"\n    phrases: [synergy]\n",
    )
    .expect("write");
    let o = run(
        &[
            "check",
            "--no-config",
            "--no-default-rules",
            "--rules",
            path.to_str().unwrap_or(""),
            "--format",
            "json",
            "-",
        ],
        Some("We see real Synergy here. It is well tolerated."),
    );
    let report = json(&o);
    let findings = common::rules_and_texts(&report, 0);
    assert_eq!(
        findings,
        vec![("house/banned-word".to_string(), "Synergy".to_string())]
    );
    assert_eq!(
        report["files"][0]["findings"][0]["message"],
        "Banned: Synergy"
    );
}

#[test]
fn config_file_is_discovered_upward_and_applied() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("claimlint.yaml"),
        "disable: [comparative/superiority]\nseverity:\n  safety/tolerability-claim: error\nfail-on: error\n",
    )
    .expect("write");
    let sub = dir.path().join("drafts/q3");
    std::fs::create_dir_all(&sub).expect("mkdir");
    let o = run_in(
        Some(&sub),
        &["check", "--format", "json", "-"],
        Some(CLAIMS),
    );
    let report = json(&o);
    let findings = report["files"][0]["findings"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert!(
        findings
            .iter()
            .all(|f| f["rule"] != "comparative/superiority")
    );
    let tol = findings
        .iter()
        .find(|f| f["rule"] == "safety/tolerability-claim");
    assert_eq!(
        tol.map(|f| f["severity"].clone()),
        Some(serde_json::json!("error"))
    );
    assert_eq!(
        o.status.code(),
        Some(1),
        "the error-level finding fails the run"
    );
    assert_eq!(report["summary"]["fail_on"], "error");
}

#[test]
fn config_with_unknown_rule_is_an_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    let cfg = dir.path().join("c.yaml");
    std::fs::write(&cfg, "disable: [no/such-rule]\n").expect("write");
    let o = run(
        &["check", "--config", cfg.to_str().unwrap_or(""), "-"],
        Some(CLEAN),
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("unknown rule `no/such-rule`"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn rules_lists_and_explain_describes() {
    let o = run(&["rules", "--no-config"], None);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    assert!(
        out.contains("safe-harbor/missing") && out.contains("comparative/superiority"),
        "{out}"
    );
    let o = run(&["explain", "--no-config", "comparative/superiority"], None);
    let out = stdout(&o);
    assert!(out.contains("21 CFR 202.1(e)(6)"), "{out}");
    assert!(out.contains("examples it flags"), "{out}");
    let o = run(&["explain", "--no-config", "superiority"], None);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("did you mean: comparative/superiority"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn rules_test_passes_on_defaults_and_fails_on_a_wrong_example() {
    let o = run(&["rules", "--no-config", "test"], None);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    assert!(stdout(&o).contains("rules test ok"));
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("r.yaml");
    std::fs::write(
        &path,
        "rules:\n  - id: my/word\n    category: promotional-language\n    severity: info\n    message: m\n    phrases: [stellar]\n    examples:\n      flag: [\"A stellar year.\", \"Nothing here.\"]\n      pass: [\"A normal year.\"]\n",
    )
    .expect("write");
    let o = run(&["rules", "test", path.to_str().unwrap_or("")], None);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("r.yaml:8") && err.contains("Nothing here."),
        "{err}"
    );
}

#[test]
fn usage_errors_exit_two() {
    let o = run(&["check", "--format", "yaml"], None);
    assert_eq!(o.status.code(), Some(2));
    let o = run(&["frobnicate"], None);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn closed_pipe_exits_quietly() {
    use std::process::Stdio;
    let text = CLAIMS.repeat(200);
    let mut child = common::bin()
        .args(["check", "--no-config", "--format", "ndjson", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start");
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().expect("stdin");
        stdin.write_all(text.as_bytes()).expect("write");
    }
    drop(child.stdout.take()); // the reader goes away before anything is read
    let out = child.wait_with_output().expect("wait");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("panicked"), "{err}");
    assert!(!err.contains("Broken pipe"), "{err}");
}

#[test]
fn output_is_identical_whatever_the_thread_count_and_written_atomically() {
    let dir = tempfile::tempdir().expect("tempdir");
    for i in 0..40 {
        let text = if i % 3 == 0 { CLAIMS } else { CLEAN };
        std::fs::write(dir.path().join(format!("r{i:02}.txt")), text).expect("write");
    }
    let root = dir.path().to_str().unwrap_or("");
    let one = run(
        &[
            "check",
            "--no-config",
            "--format",
            "ndjson",
            "--threads",
            "1",
            root,
        ],
        None,
    );
    let many = run(
        &[
            "check",
            "--no-config",
            "--format",
            "ndjson",
            "--threads",
            "8",
            root,
        ],
        None,
    );
    assert_eq!(stdout(&one), stdout(&many));
    assert!(stdout(&one).lines().count() >= 14 * 2);

    let out = dir.path().join("report/out.json");
    std::fs::create_dir_all(dir.path().join("report")).expect("mkdir");
    let o = run(
        &[
            "check",
            "--no-config",
            "--format",
            "json",
            "-o",
            out.to_str().unwrap_or(""),
            root,
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).is_empty());
    let written: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out).expect("report written"))
            .expect("valid JSON");
    assert_eq!(written["summary"]["files"], 40);
    let leftovers: Vec<_> = std::fs::read_dir(dir.path().join("report"))
        .expect("list")
        .filter_map(Result::ok)
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with(".claimlint-report-")
        })
        .collect();
    assert!(leftovers.is_empty());
}

#[test]
fn unwritable_output_is_an_error() {
    let o = run(
        &[
            "check",
            "--no-config",
            "-o",
            "/nonexistent-dir/x/report.json",
            "-",
        ],
        Some(CLEAN),
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("cannot write"), "{}", stderr(&o));
}

#[test]
fn baseline_reports_only_new_findings_and_keeps_dispositions() {
    let dir = tempfile::tempdir().expect("tempdir");
    let release = dir.path().join("release.txt");
    std::fs::write(&release, CLAIMS).expect("write");
    let base = dir.path().join("baseline.json");
    let (r, b) = (release.to_str().unwrap_or(""), base.to_str().unwrap_or(""));
    let o = run(&["baseline", "create", "--no-config", "-o", b, r], None);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let mut baseline: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&base).expect("baseline written"))
            .expect("JSON");
    let entries = baseline["entries"].as_array().cloned().unwrap_or_default();
    assert!(entries.len() >= 2, "{baseline:#}");
    assert!(
        entries
            .iter()
            .all(|e| e["fingerprint"].as_str().is_some_and(|f| f.len() == 16))
    );

    // Unchanged: nothing new.
    let o = run(
        &[
            "check",
            "--no-config",
            "--format",
            "json",
            "--baseline",
            b,
            r,
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    let report = json(&o);
    assert_eq!(report["summary"]["findings"], 0);
    assert_eq!(
        report["summary"]["baselined"].as_u64(),
        Some(entries.len() as u64)
    );

    // Edited elsewhere (a new opening paragraph shifts every offset), plus one new claim.
    let edited = format!(
        "Acme Update\n\nA new first paragraph about the office move.\n\n{}\nThe drug is a breakthrough.\n",
        &CLAIMS[13..]
    );
    std::fs::write(&release, &edited).expect("write");
    let o = run(
        &[
            "check",
            "--no-config",
            "--format",
            "json",
            "--baseline",
            b,
            r,
        ],
        None,
    );
    let report = json(&o);
    let rules: Vec<String> = common::rules_and_texts(&report, 0)
        .into_iter()
        .map(|(rule, _)| rule)
        .collect();
    assert_eq!(rules, vec!["promotional/hype".to_string()], "{report:#}");

    // A reviewer's disposition survives re-creating the baseline.
    baseline["entries"][0]["disposition"] = serde_json::json!("waived");
    baseline["entries"][0]["reason"] = serde_json::json!("approved by counsel");
    std::fs::write(
        &base,
        serde_json::to_string_pretty(&baseline).unwrap_or_default(),
    )
    .expect("write");
    let o = run(&["baseline", "create", "--no-config", "-o", b, r], None);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let again = std::fs::read_to_string(&base).expect("read");
    assert!(again.contains("\"approved by counsel\""), "{again}");
    assert!(again.contains("promotional/hype"));

    // A broken baseline file is an error naming its place.
    std::fs::write(&base, "{\"version\": 1, \"entries\": [}").expect("write");
    let o = run(&["check", "--no-config", "--baseline", b, r], None);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("baseline.json:1:"), "{}", stderr(&o));
}

#[test]
fn record_mode_streams_one_line_per_record_in_order() {
    let mut input = String::new();
    for i in 0..600 {
        let text = if i % 2 == 0 {
            "The drug was well tolerated."
        } else {
            "Revenue was $5 million."
        };
        input.push_str(&serde_json::json!({"id": format!("r{i}"), "text": text}).to_string());
        input.push('\n');
    }
    input.push_str("not json\n");
    let o = run(
        &[
            "check",
            "--no-config",
            "--input",
            "ndjson",
            "--threads",
            "2",
            "-",
        ],
        Some(&input),
    );
    assert_eq!(o.status.code(), Some(2), "a malformed line is an error");
    let out = stdout(&o);
    let lines: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect();
    assert_eq!(lines.len(), 601);
    for (i, line) in lines.iter().take(600).enumerate() {
        assert_eq!(line["id"], format!("r{i}"));
        let n = line["findings"].as_array().map_or(0, Vec::len);
        assert_eq!(n, usize::from(i % 2 == 0), "{line}");
    }
    let f = &lines[0]["findings"][0];
    assert_eq!(f["rule"], "safety/tolerability-claim");
    assert_eq!(f["start"], 13);
    assert_eq!(lines[600]["line"], 601);
    assert!(lines[600]["error"].is_string());
}

#[test]
fn a_configured_baseline_applies_from_any_working_directory() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    std::fs::create_dir_all(root.join("archive")).expect("mkdir");
    std::fs::create_dir_all(root.join("review")).expect("mkdir");
    std::fs::write(root.join("archive/release.txt"), CLAIMS).expect("write");
    std::fs::write(
        root.join("claimlint.yaml"),
        "baseline: review/baseline.json\n",
    )
    .expect("write");
    let o = common::run_in(
        Some(root),
        &[
            "baseline",
            "create",
            "-o",
            "review/baseline.json",
            "archive",
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let written = std::fs::read_to_string(root.join("review/baseline.json")).expect("baseline");
    assert!(
        written.contains("\"path\": \"../archive/release.txt\""),
        "{written}"
    );

    // From a subdirectory, with no --baseline: the configuration's baseline applies.
    let o = common::run_in(
        Some(&root.join("archive")),
        &["check", "--format", "json", "release.txt"],
        None,
    );
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    let report = json(&o);
    assert_eq!(report["summary"]["findings"], 0, "{report:#}");
    assert!(
        report["summary"]["baselined"].as_u64().unwrap_or(0) >= 2,
        "{report:#}"
    );
}
