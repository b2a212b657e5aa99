//! Suppression comments in Markdown and HTML sources, through the real binary.

mod common;

use common::{json, run_in};

/// Rule ids of the findings of one audited file.
fn rules_found(dir: &std::path::Path, file: &str, text: &str) -> Vec<(String, u64)> {
    std::fs::write(dir.join(file), text).expect("write fixture");
    let o = run_in(
        Some(dir),
        &["check", "--no-config", "--format", "json", file],
        None,
    );
    let report = json(&o);
    report["files"][0]["findings"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap_or_default().to_string(),
                f["line"].as_u64().unwrap_or_default(),
            )
        })
        .collect()
}

const BODY: &str = "The drug is superior to placebo.\n\nThe company expects revenue to grow.\n";

#[test]
fn markdown_disable_next_line_drops_only_that_line_and_rule() {
    let dir = tempfile::tempdir().expect("tempdir");
    let plain = rules_found(dir.path(), "a.md", BODY);
    assert!(
        plain.iter().any(|(r, _)| r == "comparative/superiority"),
        "{plain:?}"
    );
    let text = format!("<!-- claimlint-disable-next-line comparative/superiority -->\n{BODY}");
    let found = rules_found(dir.path(), "b.md", &text);
    assert!(
        !found.iter().any(|(r, _)| r == "comparative/superiority"),
        "{found:?}"
    );
    assert!(
        found.iter().any(|(r, _)| r.starts_with("forward-looking/")),
        "{found:?}"
    );
    // Another rule named: the finding stays.
    let text = format!("<!-- claimlint-disable-next-line claims/cure -->\n{BODY}");
    let found = rules_found(dir.path(), "c.md", &text);
    assert!(
        found.iter().any(|(r, _)| r == "comparative/superiority"),
        "{found:?}"
    );
}

#[test]
fn html_disable_enable_region() {
    let dir = tempfile::tempdir().expect("tempdir");
    let html = "<html><body>\n<!-- claimlint-disable -->\n<p>The drug is superior to placebo.</p>\n<!-- claimlint-enable -->\n<p>The drug was superior to the standard of care.</p>\n</body></html>\n";
    let found = rules_found(dir.path(), "r.html", html);
    let lines: Vec<u64> = found
        .iter()
        .filter(|(r, _)| r == "comparative/superiority")
        .map(|(_, l)| *l)
        .collect();
    assert_eq!(lines, vec![5], "{found:?}");
}

#[test]
fn plain_text_ignores_comment_lookalikes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let text = format!("<!-- claimlint-disable -->\n{BODY}");
    let found = rules_found(dir.path(), "t.txt", &text);
    assert!(
        found.iter().any(|(r, _)| r == "comparative/superiority"),
        "{found:?}"
    );
}
