//! The release claimlint was conceived from, and the rest of the shared corpus of real
//! releases. Skipped with a notice when `../shared` is absent.

mod common;

use common::{json, run, shared_dir};

fn reference() -> Option<String> {
    let dir = shared_dir("reference release tests")?;
    std::fs::read_to_string(dir.join("corpus/000-cellectar-2016-11-11.txt")).ok()
}

fn audit(text: &str) -> serde_json::Value {
    let o = run(
        &["check", "--no-config", "--format", "json", "-"],
        Some(text),
    );
    json(&o)
}

fn findings(report: &serde_json::Value) -> Vec<serde_json::Value> {
    report["files"][0]["findings"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

fn has(findings: &[serde_json::Value], rule: &str, text_contains: &str) -> bool {
    findings.iter().any(|f| {
        f["rule"] == rule
            && (f["text"].as_str().unwrap_or("").contains(text_contains)
                || f["sentence"].as_str().unwrap_or("").contains(text_contains))
    })
}

#[test]
fn reports_what_a_reviewer_must_see() {
    let Some(text) = reference() else { return };
    let report = audit(&text);
    let f = findings(&report);
    let show = || serde_json::to_string_pretty(&f).unwrap_or_default();
    assert!(
        has(
            &f,
            "comparative/superiority",
            "equivalent or superior to drugs recently approved"
        ),
        "{}",
        show()
    );
    assert!(
        has(
            &f,
            "safety/tolerability-claim",
            "positive adverse event (AE) profile"
        ),
        "{}",
        show()
    );
    assert!(
        has(&f, "safety/no-adverse-events", "no observed neuropathies"),
        "{}",
        show()
    );
    assert!(
        has(&f, "promotional/evaluative", "impressive"),
        "{}",
        show()
    );
    let ceo = f.iter().find(|x| {
        x["category"] == "forward-looking"
            && x["sentence"]
                .as_str()
                .unwrap_or("")
                .contains("we plan to initiate")
    });
    assert_eq!(
        ceo.map(|x| x["section"].clone()),
        Some(serde_json::json!("quote")),
        "{}",
        show()
    );
    assert!(
        has(
            &f,
            "financial/cash-runway",
            "fund its planned operations into"
        ),
        "{}",
        show()
    );
    assert!(
        has(&f, "consistency/issuer-name", "Cellestar"),
        "{}",
        show()
    );
}

#[test]
fn recognises_the_cautionary_paragraph() {
    let Some(text) = reference() else { return };
    let report = audit(&text);
    let f = findings(&report);
    assert!(!f.iter().any(|x| x["rule"] == "safe-harbor/missing"));
    assert!(!f.iter().any(|x| x["rule"] == "safe-harbor/boilerplate"));
    let legend_start = text
        .find("This news release contains forward-looking statements")
        .unwrap_or(0);
    let legend_end = text.find("CONTACT:").unwrap_or(text.len());
    assert!(legend_start > 0);
    for x in &f {
        let start = x["start"].as_u64().unwrap_or(0) as usize;
        assert!(
            !(legend_start..legend_end).contains(&start),
            "finding inside the cautionary statement: {x:#}"
        );
    }
    // The logistics of the call are not forward-looking findings.
    assert!(!f.iter().any(|x| {
        x["sentence"]
            .as_str()
            .unwrap_or("")
            .contains("holding a conference call")
    }));
}

#[test]
fn without_its_cautionary_paragraph_safe_harbor_is_missing() {
    let Some(text) = reference() else { return };
    let start = text
        .find("This news release contains forward-looking statements")
        .unwrap_or(0);
    let end = text.find("CONTACT:").unwrap_or(text.len());
    assert!(start > 0 && end > start);
    let cut = format!("{}{}", &text[..start], &text[end..]);
    let report = audit(&cut);
    let f = findings(&report);
    let missing: Vec<_> = f
        .iter()
        .filter(|x| x["rule"] == "safe-harbor/missing")
        .collect();
    assert_eq!(missing.len(), 1, "{f:#?}");
    assert_eq!(missing[0]["severity"], "error");
}

#[test]
fn every_shared_release_is_audited_without_errors() {
    let Some(dir) = shared_dir("shared corpus sweep") else {
        return;
    };
    let o = run(
        &[
            "check",
            "--no-config",
            "--format",
            "json",
            dir.join("corpus").to_str().unwrap_or(""),
        ],
        None,
    );
    let report = json(&o);
    let files = report["files"].as_array().cloned().unwrap_or_default();
    assert!(files.len() >= 40, "{}", files.len());
    for file in &files {
        assert!(file.get("error").is_none(), "{file:#}");
        for f in file["findings"].as_array().cloned().unwrap_or_default() {
            let (s, e) = (
                f["start"].as_u64().unwrap_or(0),
                f["end"].as_u64().unwrap_or(0),
            );
            assert!(s < e, "{f:#}");
        }
    }
    // The issuer-name check is precise: only the reference release misspells its issuer.
    let misspelled: Vec<String> = files
        .iter()
        .filter(|file| {
            file["findings"]
                .as_array()
                .is_some_and(|a| a.iter().any(|f| f["rule"] == "consistency/issuer-name"))
        })
        .map(|file| file["path"].as_str().unwrap_or("").to_string())
        .collect();
    assert_eq!(misspelled.len(), 1, "{misspelled:?}");
    // No release of the shared corpus gets its own ticker or exchange wrong.
    let tickers: Vec<String> = files
        .iter()
        .filter(|file| {
            file["findings"]
                .as_array()
                .is_some_and(|a| a.iter().any(|f| f["rule"] == "consistency/ticker"))
        })
        .map(|file| file["path"].as_str().unwrap_or("").to_string())
        .collect();
    assert!(tickers.is_empty(), "{tickers:?}");
    assert!(misspelled[0].ends_with("000-cellectar-2016-11-11.txt"));
}
