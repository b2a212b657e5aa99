//! `claimlint eval --format json` over the shared labelled data, when it is present.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

fn ratio_ok(v: &Value, what: &str) {
    let Some(x) = v.as_f64() else {
        panic!("{what} is not a number: {v}");
    };
    assert!((0.0..=1.0).contains(&x), "{what} = {x} is outside 0..=1");
}

fn count(v: &Value, what: &str) -> u64 {
    v.as_u64()
        .unwrap_or_else(|| panic!("{what} is not a count: {v}"))
}

fn metrics_ok(v: &Value, what: &str) -> u64 {
    for m in ["precision", "recall", "f1"] {
        ratio_ok(&v[m], &format!("{what}.{m}"));
    }
    ["tp", "fp", "fn", "tn"]
        .iter()
        .map(|k| count(&v[*k], &format!("{what}.{k}")))
        .sum()
}

#[test]
fn eval_scores_the_shared_labels() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let labels = root.join("../shared/labels");
    if !labels.join("units.tsv").is_file() {
        eprintln!(
            "skipping eval_scores_the_shared_labels: no labelled data at {}",
            labels.display()
        );
        return;
    }
    let out = Command::new(env!("CARGO_BIN_EXE_claimlint"))
        .current_dir(root)
        .args(["eval", "--no-config", "--format", "json", "--show-misses"])
        .output()
        .expect("claimlint runs");
    assert!(
        out.status.success(),
        "exit {:?}: {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).expect("stdout is JSON");
    assert_eq!(v["version"], 1);
    assert!(count(&v["rules"], "rules") > 0);
    assert!(count(&v["documents"], "documents") > 0);

    // Every unit is counted once: FLS and NOT are scored, CAUTION apart.
    let units = &v["units"];
    let total = count(&units["total"], "units.total");
    let (fls, not, caution) = (
        count(&units["fls"], "units.fls"),
        count(&units["not"], "units.not"),
        count(&units["caution"], "units.caution"),
    );
    assert!(total > 0);
    assert_eq!(fls + not + caution, total);
    let text = std::fs::read_to_string(labels.join("units.tsv")).expect("units.tsv reads");
    let table = claimlint::eval::tsv::Table::parse(&text).expect("units.tsv parses");
    assert_eq!(total, table.rows.len() as u64);

    let scored = metrics_ok(&v["fls"], "fls");
    assert_eq!(scored, fls + not);
    assert_eq!(count(&v["fls"]["scored_units"], "fls.scored_units"), scored);
    assert_eq!(
        count(&v["fls"]["tp"], "fls.tp") + count(&v["fls"]["fn"], "fls.fn"),
        fls
    );
    assert_eq!(metrics_ok(&v["baseline"], "baseline"), fls + not);
    assert_eq!(v["baseline"]["name"], "li-2010");
    assert!(count(&v["baseline"]["caution_units"], "baseline.caution_units") <= caution);

    assert_eq!(count(&v["caution"]["units"], "caution.units"), caution);
    assert!(
        count(
            &v["caution"]["units_with_findings"],
            "caution.units_with_findings"
        ) <= caution
    );
    count(&v["caution"]["findings"], "caution.findings");

    // Claims: one decision per unit and category.
    let by_category = v["claims"]["by_category"]
        .as_object()
        .expect("claims.by_category is an object");
    assert_eq!(by_category.len(), 6);
    for (name, c) in by_category {
        assert_eq!(metrics_ok(c, name), total);
    }
    assert_eq!(
        metrics_ok(&v["claims"]["overall"], "claims.overall"),
        6 * total
    );

    let reg = &v["regulator"];
    ratio_ok(&reg["recall"], "regulator.recall");
    let reg_total = count(&reg["total"], "regulator.total");
    assert!(reg_total > 0);
    assert!(count(&reg["detected"], "regulator.detected") <= reg_total);
    let buckets = reg["by_bucket"].as_array().expect("by_bucket is a list");
    let bucket_total: u64 = buckets
        .iter()
        .map(|b| count(&b["total"], "bucket.total"))
        .sum();
    assert_eq!(bucket_total, reg_total);

    let neutral = &v["neutral"];
    ratio_ok(&neutral["fp_rate"], "neutral.fp_rate");
    ratio_ok(&neutral["fls_rate"], "neutral.fls_rate");
    assert!(count(&neutral["total"], "neutral.total") > 0);

    let per_rule = v["per_rule"].as_array().expect("per_rule is a list");
    assert_eq!(per_rule.len() as u64, count(&v["rules"], "rules"));
    for r in per_rule {
        assert!(count(&r["true_positives"], "tp") <= count(&r["fired"], "fired"));
        if !r["precision"].is_null() {
            ratio_ok(&r["precision"], "per_rule.precision");
        }
    }
    assert_eq!(v["targets"].as_array().map(Vec::len), Some(5));
    // The default rulebook meets every target of issue 3 on the shared labels: a rule change
    // that loses precision or recall there fails here.
    let missed: Vec<&Value> = v["targets"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|t| t["met"] != Value::Bool(true))
        .collect();
    assert!(missed.is_empty(), "targets not met: {missed:#?}");

    let misses = &v["misses"];
    assert_eq!(
        misses["fls_false_negatives"].as_array().map(Vec::len),
        Some(count(&v["fls"]["fn"], "fls.fn") as usize)
    );
    assert_eq!(
        misses["fls_false_positives"].as_array().map(Vec::len),
        Some(count(&v["fls"]["fp"], "fls.fp") as usize)
    );
}

#[test]
fn eval_without_labels_is_a_usage_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = Command::new(env!("CARGO_BIN_EXE_claimlint"))
        .args(["eval", "--no-config", "--labels"])
        .arg(dir.path().join("missing"))
        .output()
        .expect("claimlint runs");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("labels directory"), "{stderr}");
    assert!(out.stdout.is_empty());
}
