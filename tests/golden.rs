//! Golden tests: every release in `corpus/` (`*.txt`, `*.md`) is audited by the real binary and
//! its findings are compared with the sidecar `corpus/<name>.expected`, one finding per line:
//!
//! ```text
//! LINE:COL SEVERITY RULE-ID "MATCHED TEXT"
//! ```
//!
//! LINE and COL are 1-based (COL in characters) and MATCHED TEXT is the exact source text of the
//! span, with `\n`, `\r`, `\t`, `\\` and `\"` escaped. An empty sidecar means "no findings".
//!
//! To accept the current output as the new expectation (after a deliberate rule change), run
//! `CLAIMLINT_BLESS=1 cargo test --test golden` and review the sidecar diff before committing.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::Value;

/// Extensions of the releases in the corpus.
const FIXTURE_EXTENSIONS: &[&str] = &["txt", "md"];
/// Extension of the sidecars holding the expected findings.
const SIDECAR_EXTENSION: &str = "expected";

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus")
}

fn blessing() -> bool {
    std::env::var_os("CLAIMLINT_BLESS").is_some_and(|v| v == "1")
}

/// The corpus, read once: fixtures and sidecars keyed by file stem, in sorted order.
struct Corpus {
    fixtures: BTreeMap<String, PathBuf>,
    sidecars: BTreeMap<String, PathBuf>,
}

fn read_corpus() -> Corpus {
    let dir = corpus_dir();
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
        .map(|entry| entry.expect("directory entry").path())
        .filter(|p| p.is_file())
        .collect();
    paths.sort();
    let mut fixtures = BTreeMap::new();
    let mut sidecars = BTreeMap::new();
    for path in paths {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if name.starts_with('.') {
            continue;
        }
        let (Some(stem), Some(ext)) = (
            path.file_stem().and_then(|s| s.to_str()),
            path.extension().and_then(|e| e.to_str()),
        ) else {
            continue;
        };
        if FIXTURE_EXTENSIONS.contains(&ext) {
            if let Some(other) = fixtures.insert(stem.to_string(), path.clone()) {
                panic!(
                    "fixtures {} and {} share the sidecar {stem}.{SIDECAR_EXTENSION}; rename one",
                    other.display(),
                    path.display()
                );
            }
        } else if ext == SIDECAR_EXTENSION {
            sidecars.insert(stem.to_string(), path);
        }
    }
    Corpus { fixtures, sidecars }
}

fn sidecar_path(fixture: &Path) -> PathBuf {
    fixture.with_extension(SIDECAR_EXTENSION)
}

/// The path relative to the crate root, for messages.
fn shown(path: &Path) -> String {
    path.strip_prefix(env!("CARGO_MANIFEST_DIR"))
        .unwrap_or(path)
        .display()
        .to_string()
}

/// Escapes matched text for one sidecar line.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            _ => out.push(c),
        }
    }
    out
}

/// One finding of the JSON report as a sidecar line.
fn render(finding: &Value) -> Result<String, String> {
    let field = |name: &str| {
        finding
            .get(name)
            .ok_or_else(|| format!("finding without `{name}`: {finding}"))
    };
    let number = |name: &str| {
        field(name)?
            .as_u64()
            .ok_or_else(|| format!("`{name}` is not a number: {finding}"))
    };
    let string = |name: &str| {
        field(name)?
            .as_str()
            .ok_or_else(|| format!("`{name}` is not a string: {finding}"))
    };
    Ok(format!(
        "{}:{} {} {} \"{}\"",
        number("line")?,
        number("column")?,
        string("severity")?,
        string("rule")?,
        escape(string("text")?)
    ))
}

/// Runs `claimlint check --format json --no-config` on one fixture; returns its findings as
/// sidecar lines, in the order the tool reports them.
fn actual_lines(fixture: &Path) -> Result<Vec<String>, String> {
    let output = Command::new(env!("CARGO_BIN_EXE_claimlint"))
        .args(["check", "--format", "json", "--no-config"])
        .arg(fixture)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("NO_COLOR")
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("cannot run claimlint: {e}"))?;
    // 0: clean, 1: findings at or above the fail-on level; anything else is a failure.
    if !matches!(output.status.code(), Some(0 | 1)) {
        return Err(format!(
            "claimlint exited with {}; stderr:\n{}",
            output.status,
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    let doc: Value = serde_json::from_slice(&output.stdout).map_err(|e| {
        format!(
            "output is not JSON ({e}):\n{}",
            String::from_utf8_lossy(&output.stdout)
        )
    })?;
    let files = doc
        .get("files")
        .and_then(Value::as_array)
        .ok_or_else(|| format!("no `files` array in the report: {doc}"))?;
    let [file] = files.as_slice() else {
        return Err(format!(
            "expected one file in the report, got {}",
            files.len()
        ));
    };
    if let Some(error) = file.get("error") {
        return Err(format!("claimlint could not audit the file: {error}"));
    }
    file.get("findings")
        .and_then(Value::as_array)
        .ok_or_else(|| format!("no `findings` array for the file: {file}"))?
        .iter()
        .map(render)
        .collect()
}

/// The sidecar's lines (a trailing newline and CRs of a CRLF checkout are ignored).
fn expected_lines(text: &str) -> Vec<String> {
    text.lines()
        .map(|l| l.strip_suffix('\r').unwrap_or(l).to_string())
        .filter(|l| !l.is_empty())
        .collect()
}

fn sidecar_text(lines: &[String]) -> String {
    lines.iter().map(|l| format!("{l}\n")).collect()
}

/// A unified-style diff of two line lists (longest common subsequence): ` ` kept, `-` expected
/// but not reported (missing), `+` reported but not expected (unexpected).
fn diff(expected: &[String], actual: &[String]) -> String {
    let (n, m) = (expected.len(), actual.len());
    let mut lcs = vec![vec![0usize; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i][j] = if expected[i] == actual[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let mut out = String::new();
    let (mut i, mut j) = (0, 0);
    while i < n || j < m {
        if i < n && j < m && expected[i] == actual[j] {
            let _ = writeln!(out, "  {}", expected[i]);
            i += 1;
            j += 1;
        } else if i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1]) {
            let _ = writeln!(out, "- {}", expected[i]);
            i += 1;
        } else {
            let _ = writeln!(out, "+ {}", actual[j]);
            j += 1;
        }
    }
    out
}

/// Writes to the real stderr, bypassing the test harness's output capture, so that blessing
/// reports which sidecars changed even when the test passes.
fn report(message: &str) {
    let _ = writeln!(std::io::stderr().lock(), "{message}");
}

#[test]
fn corpus_matches_expected_findings() {
    let corpus = read_corpus();
    assert!(
        !corpus.fixtures.is_empty(),
        "no fixtures (*.txt, *.md) in {}",
        corpus_dir().display()
    );
    let bless = blessing();
    let mut failures = Vec::new();
    let mut changed = Vec::new();

    for stem in corpus.sidecars.keys() {
        if !corpus.fixtures.contains_key(stem) {
            failures.push(format!(
                "{}: sidecar without a fixture (no corpus/{stem}.txt or .md); delete it",
                shown(&corpus.sidecars[stem])
            ));
        }
    }

    for fixture in corpus.fixtures.values() {
        let sidecar = sidecar_path(fixture);
        let actual = match actual_lines(fixture) {
            Ok(lines) => lines,
            Err(e) => {
                failures.push(format!("{}: {e}", shown(fixture)));
                continue;
            }
        };
        let existing = std::fs::read(&sidecar).ok();
        if bless {
            let text = sidecar_text(&actual);
            if existing.as_deref() != Some(text.as_bytes()) {
                std::fs::write(&sidecar, &text)
                    .unwrap_or_else(|e| panic!("cannot write {}: {e}", sidecar.display()));
                changed.push(shown(&sidecar));
            }
            continue;
        }
        let Some(bytes) = existing else {
            failures.push(format!(
                "{}: no sidecar {} (run with CLAIMLINT_BLESS=1 to create it, then review it)",
                shown(fixture),
                shown(&sidecar)
            ));
            continue;
        };
        let text = match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(e) => {
                failures.push(format!("{}: not UTF-8: {e}", shown(&sidecar)));
                continue;
            }
        };
        let expected = expected_lines(&text);
        if expected != actual {
            let missing = expected.iter().filter(|l| !actual.contains(l)).count();
            let unexpected = actual.iter().filter(|l| !expected.contains(l)).count();
            failures.push(format!(
                "{fixture}: findings differ ({missing} missing, {unexpected} unexpected)\n\
                 --- {sidecar} (expected)\n\
                 +++ claimlint check --format json --no-config {fixture} (actual)\n{}",
                diff(&expected, &actual),
                fixture = shown(fixture),
                sidecar = shown(&sidecar),
            ));
        }
    }

    if bless {
        if changed.is_empty() {
            report("CLAIMLINT_BLESS: all sidecars already match");
        } else {
            for path in &changed {
                report(&format!("CLAIMLINT_BLESS: wrote {path}"));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} golden fixture problem(s):\n\n{}\n\
         If a change of output is intended, rerun with CLAIMLINT_BLESS=1 and review the sidecars.",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn escapes_match_the_sidecar_format() {
    assert_eq!(escape("plain"), "plain");
    assert_eq!(
        escape("a\\b \"q\" x\r\ny\tz"),
        "a\\\\b \\\"q\\\" x\\r\\ny\\tz"
    );
    // Typographic characters are kept as they are.
    assert_eq!(escape("best–in–class\u{a0}“x”"), "best–in–class\u{a0}“x”");
}

#[test]
fn renders_a_json_finding_as_one_line() {
    let finding: Value = serde_json::from_str(
        r#"{"line": 3, "column": 17, "severity": "warning",
            "rule": "comparative/superiority", "text": "equivalent or\n   superior"}"#,
    )
    .expect("valid JSON");
    assert_eq!(
        render(&finding).expect("renders"),
        "3:17 warning comparative/superiority \"equivalent or\\n   superior\""
    );
    assert!(render(&serde_json::json!({"line": 1})).is_err());
}

#[test]
fn diff_lists_missing_and_unexpected_lines() {
    let lines = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let d = diff(&lines(&["a", "b", "c"]), &lines(&["a", "c", "d"]));
    assert_eq!(d, "  a\n- b\n  c\n+ d\n");
    assert_eq!(expected_lines("x\r\n\ny\n"), lines(&["x", "y"]));
}
