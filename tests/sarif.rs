//! `--format sarif` through the real binary, validated against the official SARIF 2.1.0 JSON
//! schema (tests/data/sarif-schema-2.1.0.json; see tests/data/README.md).

mod common;

use common::{json, run_in, stderr};
use serde_json::Value;

/// A release with several findings (errors, warnings, info), one of them across a line break
/// and after non-ASCII text, so columns (characters) and byte offsets differ.
const RELEASE: &str = "Acme Update\n\nBOSTON, March 3, 2025 -- “Acme” Bio, Inc. said its drug was well\ntolerated and superior to placebo. The company expects data in 2026. It is a breakthrough.\n";

fn schema() -> Value {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/sarif-schema-2.1.0.json"
    );
    let text = std::fs::read_to_string(path).expect("the vendored SARIF schema is readable");
    serde_json::from_str(&text).expect("the vendored SARIF schema is JSON")
}

fn validator() -> jsonschema::Validator {
    let schema = schema();
    assert_eq!(
        schema["id"],
        "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
    );
    jsonschema::draft4::options()
        .should_validate_formats(true)
        .with_format("uri-reference", is_uri_reference)
        .build(&schema)
        .expect("the SARIF schema compiles")
}

/// The `uri-reference` format (RFC 3986), which draft-04 validators do not know: only URI
/// characters, and `%` only as the start of a percent-encoded byte.
fn is_uri_reference(s: &str) -> bool {
    let bytes = s.as_bytes();
    bytes.iter().enumerate().all(|(i, &b)| {
        b.is_ascii_alphanumeric()
            || b"-._~:/?#[]@!$&'()*+,;=".contains(&b)
            || (b == b'%'
                && bytes.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
                && bytes.get(i + 2).is_some_and(u8::is_ascii_hexdigit))
    })
}

/// Schema violations as readable lines, empty when the log is valid.
fn violations(validator: &jsonschema::Validator, log: &Value) -> Vec<String> {
    validator
        .iter_errors(log)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

/// `check --no-config --format sarif - missing.txt` in an empty directory.
fn sarif_log() -> Value {
    let dir = tempfile::tempdir().expect("tempdir");
    let o = run_in(
        Some(dir.path()),
        &[
            "check",
            "--no-config",
            "--format",
            "sarif",
            "-",
            "missing.txt",
        ],
        Some(RELEASE),
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    json(&o)
}

#[test]
fn output_is_valid_sarif_2_1_0() {
    let log = sarif_log();
    let errors = violations(&validator(), &log);
    assert!(errors.is_empty(), "{}\n{log:#}", errors.join("\n"));
}

#[test]
fn the_validator_rejects_what_the_schema_forbids() {
    let validator = validator();
    let mut log = sarif_log();
    log["runs"][0]["results"][0]["level"] = "info".into();
    log["runs"][0]["results"][1]["locations"][0]["physicalLocation"]["region"]["startLine"] =
        0.into();
    log["runs"][0]["tool"]["driver"]["rules"][0]["shortDescription"] = "a string".into();
    log["runs"][0]["results"][2]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] =
        "<stdin>".into();
    let errors = violations(&validator, &log);
    assert_eq!(errors.len(), 4, "{}", errors.join("\n"));
}

#[test]
fn results_rules_and_notifications_carry_the_details() {
    let log = sarif_log();
    assert_eq!(log["version"], "2.1.0");
    let runs = log["runs"].as_array().cloned().unwrap_or_default();
    assert_eq!(runs.len(), 1);
    let run = &runs[0];
    assert_eq!(run["columnKind"], "unicodeCodePoints");

    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "claimlint");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
    let rules = driver["rules"].as_array().cloned().unwrap_or_default();
    let superiority = rules
        .iter()
        .position(|r| r["id"] == "comparative/superiority")
        .unwrap_or_else(|| panic!("comparative/superiority among {rules:#?}"));
    let rule = &rules[superiority];
    assert_eq!(rule["shortDescription"]["text"], "Comparative claim: “…”");
    assert_eq!(rule["defaultConfiguration"]["level"], "warning");
    assert_eq!(rule["properties"]["category"], "comparative-claim");
    assert!(rule["help"]["text"].as_str().is_some_and(|h| !h.is_empty()));
    assert_eq!(rule["fullDescription"], rule["help"]);
    let levels: Vec<(&str, &str)> = rules
        .iter()
        .map(|r| {
            (
                r["id"].as_str().unwrap_or_default(),
                r["defaultConfiguration"]["level"]
                    .as_str()
                    .unwrap_or_default(),
            )
        })
        .collect();
    assert!(
        levels.contains(&("safe-harbor/missing", "error")),
        "{levels:?}"
    );
    assert!(
        levels.contains(&("forward-looking/expectation", "note")),
        "{levels:?}"
    );

    let results = run["results"].as_array().cloned().unwrap_or_default();
    let summary: Vec<(&str, &str)> = results
        .iter()
        .map(|r| {
            (
                r["ruleId"].as_str().unwrap_or_default(),
                r["level"].as_str().unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("safety/tolerability-claim", "warning"),
            ("comparative/superiority", "warning"),
            ("forward-looking/expectation", "note"),
            ("safe-harbor/missing", "error"),
            ("promotional/hype", "warning"),
        ]
    );
    for r in &results {
        let index = r["ruleIndex"].as_u64().unwrap_or(u64::MAX) as usize;
        assert_eq!(rules.get(index).map(|rule| &rule["id"]), Some(&r["ruleId"]));
    }

    let claim = &results[0];
    assert_eq!(claim["message"]["text"], "Safety claim: “well tolerated”");
    let location = &claim["locations"][0]["physicalLocation"];
    assert_eq!(location["artifactLocation"]["uri"], "%3Cstdin%3E");
    let start = RELEASE.find("well\ntolerated").unwrap_or_default();
    let region = &location["region"];
    assert_eq!(region["startLine"], 3);
    // Characters, not bytes: the curly quotes are one column each.
    let line_start = RELEASE[..start].rfind('\n').map_or(0, |i| i + 1);
    assert_eq!(
        region["startColumn"],
        RELEASE[line_start..start].chars().count() + 1
    );
    assert_eq!(region["endLine"], 4);
    assert_eq!(region["endColumn"], 10);
    assert_eq!(region["byteOffset"], start);
    assert_eq!(region["byteLength"], "well\ntolerated".len());
    assert_eq!(region["snippet"]["text"], "well\ntolerated");

    let invocation = &run["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);
    let notes = invocation["toolExecutionNotifications"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(notes.len(), 1);
    assert_eq!(notes[0]["level"], "error");
    assert_eq!(
        notes[0]["message"]["text"],
        "cannot read: No such file or directory (os error 2)"
    );
    assert_eq!(
        notes[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "missing.txt"
    );
}

#[test]
fn a_clean_run_is_successful() {
    let text = "Acme Names CFO\n\nBOSTON, March 3, 2025 -- Acme Bio, Inc. today named Jane Roe chief financial officer.\n";
    let o = common::run(
        &["check", "--no-config", "--format", "sarif", "-"],
        Some(text),
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let log = json(&o);
    let errors = violations(&validator(), &log);
    assert!(errors.is_empty(), "{}", errors.join("\n"));
    let run = &log["runs"][0];
    assert_eq!(run["results"], Value::Array(Vec::new()));
    assert_eq!(run["invocations"][0]["executionSuccessful"], true);
    assert_eq!(
        run["invocations"][0]["toolExecutionNotifications"],
        Value::Array(Vec::new())
    );
}

/// A finding in a container (.docx here) has no region (its offsets are into the extracted
/// text, not the artifact) but a location message and its place in the properties; the log is
/// still valid SARIF.
#[test]
fn container_findings_are_valid_sarif_without_a_region() {
    use std::io::Write;
    let dir = tempfile::tempdir().expect("tempdir");
    let body = "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">\
        <w:body><w:p><w:r><w:t>Acme Update</w:t></w:r></w:p><w:p><w:r><w:t xml:space=\"preserve\">\
        The drug is equivalent or </w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>superior</w:t></w:r>\
        <w:r><w:t xml:space=\"preserve\"> to approved therapies.</w:t></w:r></w:p></w:body></w:document>";
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut buf);
        z.start_file(
            "word/document.xml",
            zip::write::SimpleFileOptions::default(),
        )
        .expect("zip entry");
        z.write_all(body.as_bytes()).expect("zip write");
        z.finish().expect("zip finish");
    }
    std::fs::write(dir.path().join("draft.docx"), buf.into_inner()).expect("write");
    let o = run_in(
        Some(dir.path()),
        &["check", "--no-config", "--format", "sarif", "draft.docx"],
        None,
    );
    let log = json(&o);
    assert!(
        violations(&validator(), &log).is_empty(),
        "{:?}\n{}",
        violations(&validator(), &log),
        stderr(&o)
    );
    let result = log["runs"][0]["results"]
        .as_array()
        .and_then(|r| r.iter().find(|r| r["ruleId"] == "comparative/superiority"))
        .expect("a comparative finding");
    let location = &result["locations"][0];
    assert!(
        location["physicalLocation"].get("region").is_none(),
        "{result:#}"
    );
    assert_eq!(
        location["physicalLocation"]["artifactLocation"]["uri"],
        "draft.docx"
    );
    assert_eq!(
        location["message"]["text"],
        "paragraph 2: “equivalent or superior”"
    );
    assert_eq!(result["properties"]["offsets"], "extracted");
    assert_eq!(result["properties"]["paragraph"], 2);
    assert_eq!(result["properties"]["part"], "body");
    assert_eq!(
        result["properties"]["extractedText"],
        "equivalent or superior"
    );
}
