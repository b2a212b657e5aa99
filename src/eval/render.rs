//! `claimlint eval` output: a readable report, or one JSON document (versioned shape).

use std::fmt::Write as _;
use std::path::Path;

use serde_json::{Map, Value, json};

use super::{Counts, Evaluation, SentenceRef, UnitRef};

/// Version of the JSON shape below.
pub const VERSION: u32 = 1;

/// Characters of a unit's text shown in the human list of misses.
const SHOWN_CHARS: usize = 150;

/// Where the labels came from, for the report's header.
#[derive(Debug, Clone, Copy)]
pub struct Sources<'a> {
    pub labels: &'a Path,
    pub corpus: &'a Path,
}

fn round(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

fn counts_json(c: &Counts) -> Value {
    json!({
        "tp": c.tp,
        "fp": c.fp,
        "fn": c.fn_,
        "tn": c.tn,
        "precision": round(c.precision()),
        "recall": round(c.recall()),
        "f1": round(c.f1()),
    })
}

/// `counts` with extra fields merged in.
fn counts_with(c: &Counts, extra: Value) -> Value {
    let mut v = counts_json(c);
    if let (Value::Object(m), Value::Object(e)) = (&mut v, extra) {
        m.extend(e);
    }
    v
}

fn unit_json(u: &UnitRef) -> Value {
    json!({ "doc": u.doc, "unit": u.unit, "text": u.text, "fired": u.fired })
}

fn units_json(list: &[UnitRef]) -> Value {
    Value::Array(list.iter().map(unit_json).collect())
}

fn sentence_json(s: &SentenceRef) -> Value {
    let mut v = json!({ "id": s.id, "text": s.text, "fired": s.fired });
    if !s.bucket.is_empty()
        && let Value::Object(m) = &mut v
    {
        m.insert("bucket".into(), Value::String(s.bucket.clone()));
    }
    v
}

fn sentences_json(list: &[SentenceRef]) -> Value {
    Value::Array(list.iter().map(sentence_json).collect())
}

/// The evaluation as one JSON document.
pub fn json(ev: &Evaluation, sources: Sources<'_>, show_misses: bool) -> Value {
    let by_category: Map<String, Value> = ev
        .claims
        .iter()
        .map(|c| (c.category.as_str().to_string(), counts_json(&c.counts)))
        .collect();
    let by_rule: Map<String, Value> = ev
        .caution
        .by_rule
        .iter()
        .map(|(k, v)| (k.clone(), json!(v)))
        .collect();
    let mut out = json!({
        "version": VERSION,
        "labels": sources.labels.display().to_string(),
        "corpus": sources.corpus.display().to_string(),
        "rules": ev.rules,
        "documents": ev.documents,
        "units": {
            "total": ev.units.total,
            "fls": ev.units.fls,
            "not": ev.units.not,
            "caution": ev.units.caution,
        },
        "fls": counts_with(&ev.fls.counts, json!({
            "scored_units": ev.fls.counts.total(),
            "via_sentence_only": ev.fls.via_sentence_only,
        })),
        "baseline": counts_with(&ev.baseline.counts, json!({
            "name": "li-2010",
            "caution_units": ev.baseline.caution_units,
            "caution_hits": ev.baseline.caution_hits,
        })),
        "caution": {
            "units": ev.caution.units,
            "units_with_findings": ev.caution.units_with_findings,
            "findings": ev.caution.findings,
            "by_rule": by_rule,
        },
        "claims": {
            "overall": counts_json(&ev.claims_overall),
            "by_category": by_category,
        },
        "regulator": {
            "total": ev.regulator.total,
            "detected": ev.regulator.detected,
            "recall": round(ev.regulator.recall()),
            "by_bucket": ev.regulator.by_bucket.iter().map(|b| json!({
                "bucket": b.bucket,
                "total": b.total,
                "detected": b.detected,
                "recall": round(super::ratio(b.detected, b.total)),
            })).collect::<Vec<_>>(),
        },
        "neutral": {
            "total": ev.neutral.total,
            "with_claim_findings": ev.neutral.with_claims,
            "fp_rate": round(ev.neutral.fp_rate()),
            "with_fls_findings": ev.neutral.with_fls,
            "fls_rate": round(ev.neutral.fls_rate()),
        },
        "per_rule": ev.per_rule.iter().map(|r| json!({
            "rule": r.id,
            "category": r.category.as_str(),
            "fired": r.fired,
            "true_positives": r.true_positives,
            "precision": r.precision().map(round),
            "in_caution": r.in_caution,
        })).collect::<Vec<_>>(),
        "unplaced_findings": ev.unplaced_findings,
        "targets": ev.targets().iter().map(|t| json!({
            "name": t.name,
            "op": t.op,
            "threshold": t.threshold,
            "value": round(t.value),
            "met": t.met(),
        })).collect::<Vec<_>>(),
    });
    if show_misses && let Value::Object(m) = &mut out {
        let claims: Map<String, Value> = ev
            .claims
            .iter()
            .map(|c| {
                (
                    c.category.as_str().to_string(),
                    json!({
                        "false_negatives": units_json(&c.false_negatives),
                        "false_positives": units_json(&c.false_positives),
                    }),
                )
            })
            .collect();
        m.insert(
            "misses".into(),
            json!({
                "fls_false_negatives": units_json(&ev.fls.false_negatives),
                "fls_false_positives": units_json(&ev.fls.false_positives),
                "caution": units_json(&ev.caution.hits),
                "claims": claims,
                "regulator_not_detected": sentences_json(&ev.regulator.misses),
                "neutral_with_claims": sentences_json(&ev.neutral.claim_hits),
                "neutral_with_fls": sentences_json(&ev.neutral.fls_hits),
            }),
        );
    }
    out
}

fn shorten(text: &str) -> String {
    if text.chars().count() <= SHOWN_CHARS {
        return text.to_string();
    }
    let cut: String = text.chars().take(SHOWN_CHARS).collect();
    format!("{cut}…")
}

fn pct(x: f64) -> String {
    format!("{:.1}%", x * 100.0)
}

const METRIC_HEAD: &str = "precision  recall      F1      TP     FP     FN";

fn metric_row(s: &mut String, label: &str, c: &Counts, tn: bool) {
    let _ = write!(
        s,
        "  {label:<30}{:>9.3}{:>8.3}{:>8.3}{:>8}{:>7}{:>7}",
        c.precision(),
        c.recall(),
        c.f1(),
        c.tp,
        c.fp,
        c.fn_
    );
    if tn {
        let _ = write!(s, "{:>7}", c.tn);
    }
    s.push('\n');
}

fn unit_list(s: &mut String, title: &str, list: &[UnitRef]) {
    let _ = writeln!(s, "\n{title} ({})", list.len());
    for u in list {
        let _ = writeln!(s, "  {}#{}: {}", u.doc, u.unit, shorten(&u.text));
        for f in &u.fired {
            let _ = writeln!(s, "      fired: {f}");
        }
    }
}

fn sentence_list(s: &mut String, title: &str, list: &[SentenceRef]) {
    let _ = writeln!(s, "\n{title} ({})", list.len());
    for r in list {
        let bucket = if r.bucket.is_empty() {
            String::new()
        } else {
            format!(" [{}]", r.bucket)
        };
        let _ = writeln!(s, "  {}{bucket}: {}", r.id, shorten(&r.text));
        for f in &r.fired {
            let _ = writeln!(s, "      fired: {f}");
        }
    }
}

/// The evaluation as a report for people.
pub fn human(ev: &Evaluation, sources: Sources<'_>, show_misses: bool) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "claimlint eval: {} rules scored on {} units of {} documents",
        ev.rules, ev.units.total, ev.documents
    );
    let _ = writeln!(
        s,
        "  labels: {}\n  corpus: {}",
        sources.labels.display(),
        sources.corpus.display()
    );

    let _ = writeln!(
        s,
        "\nForward-looking statements, per unit ({} scored: {} FLS, {} NOT; {} CAUTION units apart)",
        ev.fls.counts.total(),
        ev.units.fls,
        ev.units.not,
        ev.units.caution
    );
    let _ = writeln!(s, "  {:<30}{METRIC_HEAD}     TN", "");
    metric_row(&mut s, "rulebook", &ev.fls.counts, true);
    metric_row(
        &mut s,
        "baseline: Li (2010) keywords",
        &ev.baseline.counts,
        true,
    );
    if ev.fls.via_sentence_only > 0 {
        let _ = writeln!(
            s,
            "  ({} unit(s) predicted FLS only through the engine sentence of a finding)",
            ev.fls.via_sentence_only
        );
    }

    let _ = writeln!(
        s,
        "\nFindings inside CAUTION units: {} in {} of {} units (target 0)",
        ev.caution.findings, ev.caution.units_with_findings, ev.caution.units
    );
    for (rule, n) in &ev.caution.by_rule {
        let _ = writeln!(s, "  {rule:<40}{n:>4}");
    }
    let _ = writeln!(
        s,
        "  baseline: Li (2010) keywords would hit {} of {} CAUTION units ({} keywords)",
        ev.baseline.caution_units, ev.caution.units, ev.baseline.caution_hits
    );

    let _ = writeln!(
        s,
        "\nClaims, per unit and category ({} units)",
        ev.units.total
    );
    let _ = writeln!(s, "  {:<30}{METRIC_HEAD}", "");
    for c in &ev.claims {
        metric_row(&mut s, c.category.as_str(), &c.counts, false);
    }
    metric_row(&mut s, "overall (micro-average)", &ev.claims_overall, false);

    let _ = writeln!(
        s,
        "\nRegulator-quoted claims: recall {:.3} ({} of {} raise a claim finding)",
        ev.regulator.recall(),
        ev.regulator.detected,
        ev.regulator.total
    );
    let width = ev
        .regulator
        .by_bucket
        .iter()
        .map(|b| b.bucket.chars().count())
        .max()
        .unwrap_or(0)
        .max(10);
    for b in &ev.regulator.by_bucket {
        let _ = writeln!(
            s,
            "  {:<width$}  {:>3}/{:<3} {:>6.3}",
            b.bucket,
            b.detected,
            b.total,
            super::ratio(b.detected, b.total)
        );
    }

    let _ = writeln!(
        s,
        "\nNeutral sentences: false-positive rate {} ({} of {} raise a claim finding); {} of {} \
         raise a forward-looking finding",
        pct(ev.neutral.fp_rate()),
        ev.neutral.with_claims,
        ev.neutral.total,
        ev.neutral.with_fls,
        ev.neutral.total
    );

    let _ = writeln!(
        s,
        "\nPer rule: units fired on outside CAUTION units; TP = units labelled with the rule's category"
    );
    let id_width = ev
        .per_rule
        .iter()
        .map(|r| r.id.len())
        .max()
        .unwrap_or(0)
        .max(4);
    let _ = writeln!(
        s,
        "  {:<id_width$}  {:<21}{:>6}{:>6}{:>11}{:>12}",
        "rule", "category", "fired", "TP", "precision", "in CAUTION"
    );
    for r in &ev.per_rule {
        let precision = r
            .precision()
            .map(|p| format!("{p:.3}"))
            .unwrap_or_else(|| "-".into());
        let _ = writeln!(
            s,
            "  {:<id_width$}  {:<21}{:>6}{:>6}{:>11}{:>12}",
            r.id,
            r.category.as_str(),
            r.fired,
            r.true_positives,
            precision,
            r.in_caution
        );
    }
    if ev.unplaced_findings > 0 {
        let _ = writeln!(
            s,
            "\n{} finding(s) overlap no labelled unit (text between units) and are not scored.",
            ev.unplaced_findings
        );
    }

    let _ = writeln!(s, "\nTargets (issue 3)");
    for t in ev.targets() {
        let value = if t.name.starts_with("findings") {
            format!("{}", t.value)
        } else {
            format!("{:.3}", t.value)
        };
        let _ = writeln!(
            s,
            "  {:<32} {} {:<5}  measured {:<7}  {}",
            t.name,
            t.op,
            t.threshold,
            value,
            if t.met() { "met" } else { "NOT MET" }
        );
    }

    if show_misses {
        unit_list(
            &mut s,
            "FLS false negatives: labelled FLS, no forward-looking finding",
            &ev.fls.false_negatives,
        );
        unit_list(
            &mut s,
            "FLS false positives: labelled NOT, forward-looking finding",
            &ev.fls.false_positives,
        );
        unit_list(&mut s, "CAUTION units with findings", &ev.caution.hits);
        for c in &ev.claims {
            let name = c.category.as_str();
            unit_list(
                &mut s,
                &format!("{name}: false negatives"),
                &c.false_negatives,
            );
            unit_list(
                &mut s,
                &format!("{name}: false positives"),
                &c.false_positives,
            );
        }
        sentence_list(
            &mut s,
            "Regulator-quoted claims with no claim finding",
            &ev.regulator.misses,
        );
        sentence_list(
            &mut s,
            "Neutral sentences with a claim finding",
            &ev.neutral.claim_hits,
        );
        sentence_list(
            &mut s,
            "Neutral sentences with a forward-looking finding",
            &ev.neutral.fls_hits,
        );
    } else {
        let _ = writeln!(s, "\n(--show-misses lists the misses unit by unit)");
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eval::{BucketScore, Evaluation, RegulatorScore};

    fn sample() -> Evaluation {
        let mut ev = Evaluation::default();
        ev.fls.counts = Counts {
            tp: 3,
            fp: 1,
            fn_: 1,
            tn: 5,
        };
        ev.regulator = RegulatorScore {
            total: 2,
            detected: 1,
            by_bucket: vec![BucketScore {
                bucket: "cure".into(),
                total: 2,
                detected: 1,
            }],
            misses: vec![],
        };
        ev
    }

    #[test]
    fn json_shape() {
        let sources = Sources {
            labels: Path::new("l"),
            corpus: Path::new("c"),
        };
        let v = json(&sample(), sources, false);
        assert_eq!(v["version"], 1);
        assert_eq!(v["fls"]["precision"], 0.75);
        assert_eq!(v["fls"]["fn"], 1);
        assert_eq!(v["fls"]["scored_units"], 10);
        assert_eq!(v["regulator"]["recall"], 0.5);
        assert_eq!(v["regulator"]["by_bucket"][0]["bucket"], "cure");
        assert!(v.get("misses").is_none());
        let v = json(&sample(), sources, true);
        assert!(v["misses"]["fls_false_negatives"].is_array());
    }

    #[test]
    fn human_report_mentions_every_part() {
        let sources = Sources {
            labels: Path::new("l"),
            corpus: Path::new("c"),
        };
        let text = human(&sample(), sources, true);
        for part in [
            "Forward-looking statements",
            "CAUTION",
            "Claims",
            "Regulator-quoted claims: recall 0.500",
            "Neutral sentences",
            "Targets",
            "FLS false negatives",
        ] {
            assert!(text.contains(part), "missing {part:?} in\n{text}");
        }
    }
}
