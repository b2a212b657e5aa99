//! The line-oriented and text formats (`csv`, `github`, `summary`), driven through the real
//! binary on a fixed release given on standard input plus a path that does not exist.

mod common;

use common::{run_in, stderr, stdout};

/// A release with a claim of each severity: a safety and a comparative claim and hype
/// (warnings), a forward-looking statement (info) and no cautionary statement (error).
const RELEASE: &str = "Acme Update\n\nBOSTON, March 3, 2025 -- Acme Bio, Inc. said its drug was well tolerated and superior to placebo. The company expects data in 2026. It is a breakthrough.\n";

/// Runs `check --format FORMAT - missing.txt` in an empty directory, so the missing path
/// is reported exactly as given.
fn check(format: &str) -> (Option<i32>, String) {
    let dir = tempfile::tempdir().expect("tempdir");
    let o = run_in(
        Some(dir.path()),
        &[
            "check",
            "--no-config",
            "--format",
            format,
            "-",
            "missing.txt",
        ],
        Some(RELEASE),
    );
    assert!(
        stderr(&o).contains("error: missing.txt: cannot read"),
        "{}",
        stderr(&o)
    );
    (o.status.code(), stdout(&o))
}

#[test]
fn csv_has_a_header_and_one_row_per_finding() {
    let (code, out) = check("csv");
    assert_eq!(
        code,
        Some(2),
        "an input that could not be read fails the run"
    );
    let expected = concat!(
        "path,line,column,end_line,end_column,start,end,severity,category,rule,message,text\r\n",
        "missing.txt,,,,,,,error,,error,cannot read: No such file or directory (os error 2),\r\n",
        "<stdin>,3,59,3,73,71,85,warning,safety-claim,safety/tolerability-claim,Safety claim: “well tolerated”,well tolerated\r\n",
        "<stdin>,3,78,3,89,90,101,warning,comparative-claim,comparative/superiority,Comparative claim: “superior to”,superior to\r\n",
        "<stdin>,3,99,3,118,111,130,info,forward-looking,forward-looking/expectation,\"Forward-looking statement: “The company expects” states a plan, expectation or belief about the future\",The company expects\r\n",
        "<stdin>,3,99,3,132,111,144,error,safe-harbor,safe-harbor/missing,Forward-looking statements without a cautionary statement,The company expects data in 2026.\r\n",
        "<stdin>,3,141,3,153,153,165,warning,promotional-language,promotional/hype,Hype: “breakthrough”,breakthrough\r\n",
    );
    assert_eq!(out, expected);
}

#[test]
fn csv_quotes_text_that_spans_lines() {
    let text = "Acme Update\n\nBOSTON, March 3, 2025 -- Acme said the drug was well\ntolerated, \"a first\".\n";
    let o = common::run(
        &["check", "--no-config", "--format", "csv", "-"],
        Some(text),
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains(
            ",safety/tolerability-claim,Safety claim: “well tolerated”,\"well\ntolerated\"\r\n"
        ),
        "{out}"
    );
}

#[test]
fn github_writes_one_workflow_command_per_finding() {
    let (code, out) = check("github");
    assert_eq!(code, Some(2));
    let expected = concat!(
        "::error file=missing.txt::cannot read: No such file or directory (os error 2)\n",
        "::warning file=<stdin>,line=3,col=59,endLine=3,endColumn=73,title=safety/tolerability-claim::Safety claim: “well tolerated”\n",
        "::warning file=<stdin>,line=3,col=78,endLine=3,endColumn=89,title=comparative/superiority::Comparative claim: “superior to”\n",
        "::notice file=<stdin>,line=3,col=99,endLine=3,endColumn=118,title=forward-looking/expectation::Forward-looking statement: “The company expects” states a plan, expectation or belief about the future\n",
        "::error file=<stdin>,line=3,col=99,endLine=3,endColumn=132,title=safe-harbor/missing::Forward-looking statements without a cautionary statement\n",
        "::warning file=<stdin>,line=3,col=141,endLine=3,endColumn=153,title=promotional/hype::Hype: “breakthrough”\n",
    );
    assert_eq!(out, expected);
}

#[test]
fn github_escapes_file_names() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("q3, 100%: update.txt"), RELEASE).expect("write release");
    let o = run_in(
        Some(dir.path()),
        &[
            "check",
            "--no-config",
            "--format",
            "github",
            "q3, 100%: update.txt",
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.starts_with("::warning file=q3%2C 100%25%3A update.txt,line=3,col=59,"),
        "{out}"
    );
}

#[test]
fn summary_reports_totals_at_the_end() {
    let (code, out) = check("summary");
    assert_eq!(code, Some(2));
    let expected = "\
claimlint summary

Files: 1 audited, 0 skipped, 1 could not be audited
Findings: 5 (1 error, 3 warnings, 1 info)

Files that could not be audited, by reason
  1  cannot read: No such file or directory
       missing.txt (os error 2)

Findings by severity
  3  warning
  1  error
  1  info

Findings by category
  1  comparative-claim
  1  forward-looking
  1  promotional-language
  1  safe-harbor
  1  safety-claim

Findings by rule
  1  comparative/superiority
  1  forward-looking/expectation
  1  promotional/hype
  1  safe-harbor/missing
  1  safety/tolerability-claim

Documents lacking a safe-harbor statement (1)
  <stdin>

Worst documents (top 10: by errors, then warnings, then info)
  errors  warnings  info  path
       1         3     1  <stdin>
";
    assert_eq!(out, expected);
}

#[test]
fn summary_ranks_the_documents_of_a_directory() {
    let dir = tempfile::tempdir().expect("tempdir");
    let files = [
        (
            "a-clean.txt",
            "Acme Names CFO\n\nBOSTON, March 3, 2025 -- Acme Bio, Inc. today named Jane Roe chief financial officer.\n",
        ),
        (
            "b-claims.txt",
            "Acme Update\n\nBOSTON, March 3, 2025 -- Acme Bio, Inc. said its drug was well tolerated and superior to placebo.\n",
        ),
        ("c-release.txt", RELEASE),
        ("d-binary.txt", "Acme\0Update\n"),
    ];
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).expect("write release");
    }
    let o = run_in(
        Some(dir.path()),
        &["check", "--no-config", "--format", "summary", "."],
        None,
    );
    // A binary file is skipped with its reason, which is not an error: exit 1 for findings.
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.starts_with(
            "claimlint summary\n\nFiles: 3 audited, 1 skipped, 0 could not be audited\nFindings: 7 (1 error, 5 warnings, 1 info)\n"
        ),
        "{out}"
    );
    assert!(
        out.contains("\nFiles skipped, by reason\n  1  binary file\n     ./d-binary.txt\n"),
        "{out}"
    );
    assert!(
        out.contains("\nFindings by rule\n  2  comparative/superiority\n  2  safety/tolerability-claim\n  1  forward-looking/expectation\n"),
        "{out}"
    );
    assert!(
        out.ends_with("  errors  warnings  info  path\n       1         3     1  ./c-release.txt\n       0         2     0  ./b-claims.txt\n"),
        "{out}"
    );
}
