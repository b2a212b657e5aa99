//! Measured accuracy: scores a rulebook against labelled data (`claimlint eval`).
//!
//! Four labelled sets (see [`labels`]) give four measures:
//! - **forward-looking statements**, per sentence unit of the corpus: a unit is predicted FLS
//!   when a forward-looking finding's match, or the engine sentence holding it, overlaps the
//!   unit. Units labelled CAUTION (the cautionary language itself) are left out of precision
//!   and recall; every finding of any category inside them is counted separately instead.
//! - **claims**, per unit and category: a unit is predicted to carry category C when a finding
//!   of category C overlaps it. Micro-averaged over the six claim categories.
//! - **regulator-quoted claims**: recall, the share on which the engine raises a claim finding.
//! - **neutral sentences**: the false-positive rate, the share raising a claim finding.
//!
//! A naive baseline, the Li (2010) forward-looking keyword list, is scored on the same units.
//! Everything here is pure computation over an [`Engine`] and a [`LabelSet`]; rendering is in
//! [`render`], the command in `cli::eval_cmd`.

pub mod labels;
pub mod render;
pub mod tsv;

use std::collections::BTreeMap;

pub use labels::{CLAIM_CATEGORIES, FlsLabel, LabelSet, LabelledDoc, Unit, is_claim};

use crate::document::Document;
use crate::engine::Engine;
use crate::finding::Finding;
use crate::rulebook::{Category, Rulebook, Section};
use crate::text::collapse_whitespace;

/// True-positive, false-positive, false-negative and true-negative counts of a binary decision.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
    pub tn: usize,
}

/// `num / den`, or 0 when nothing was counted (the usual convention for an empty precision
/// or recall; the counts are always reported alongside).
pub fn ratio(num: usize, den: usize) -> f64 {
    if den == 0 {
        0.0
    } else {
        num as f64 / den as f64
    }
}

impl Counts {
    /// Counts one decision.
    pub fn record(&mut self, predicted: bool, actual: bool) {
        match (predicted, actual) {
            (true, true) => self.tp += 1,
            (true, false) => self.fp += 1,
            (false, true) => self.fn_ += 1,
            (false, false) => self.tn += 1,
        }
    }

    pub fn add(&mut self, other: Counts) {
        self.tp += other.tp;
        self.fp += other.fp;
        self.fn_ += other.fn_;
        self.tn += other.tn;
    }

    pub fn total(&self) -> usize {
        self.tp + self.fp + self.fn_ + self.tn
    }

    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }

    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }

    /// Harmonic mean of precision and recall (0 when both are 0).
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

/// The Li (2010) forward-looking keywords with their inflections: the naive baseline. Li's
/// list is "will, should, can, could, may, might, expect, anticipate, believe, plan, hope,
/// intend, seek, project, forecast, objective, goal" and their variants.
pub const LI_2010_KEYWORDS: &[&str] = &[
    "will",
    "should",
    "can",
    "could",
    "may",
    "might",
    "expect",
    "expects",
    "expected",
    "expecting",
    "anticipate",
    "anticipates",
    "anticipated",
    "anticipating",
    "believe",
    "believes",
    "believed",
    "believing",
    "plan",
    "plans",
    "planned",
    "planning",
    "hope",
    "hopes",
    "hoped",
    "hoping",
    "intend",
    "intends",
    "intended",
    "intending",
    "seek",
    "seeks",
    "seeking",
    "sought",
    "project",
    "projects",
    "projected",
    "projecting",
    "forecast",
    "forecasts",
    "forecasted",
    "forecasting",
    "objective",
    "objectives",
    "goal",
    "goals",
];

/// Number of Li (2010) keywords in `text`: whole words (maximal runs of letters and digits),
/// case-insensitive.
pub fn li_keyword_hits(text: &str) -> usize {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .filter(|w| {
            let lower = w.to_lowercase();
            LI_2010_KEYWORDS.contains(&lower.as_str())
        })
        .count()
}

/// A unit named in a list of misses, with what fired on it (for false positives).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitRef {
    pub doc: String,
    pub unit: String,
    /// The unit's text, whitespace collapsed.
    pub text: String,
    /// `rule-id “matched text”` for each finding that counted; empty for false negatives.
    pub fired: Vec<String>,
}

/// A labelled sentence (regulator-quoted or neutral) named in a list of misses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SentenceRef {
    pub id: String,
    pub text: String,
    /// The regulator claim's bucket; empty for neutral sentences.
    pub bucket: String,
    pub fired: Vec<String>,
}

#[derive(Debug, Clone, Default)]
pub struct FlsScore {
    pub counts: Counts,
    /// Units predicted FLS only because the engine sentence of a finding overlaps them (the
    /// matched words lie outside the unit): where the engine's sentence split differs.
    pub via_sentence_only: usize,
    pub false_negatives: Vec<UnitRef>,
    pub false_positives: Vec<UnitRef>,
}

#[derive(Debug, Clone, Default)]
pub struct BaselineScore {
    pub counts: Counts,
    /// CAUTION units holding at least one keyword, and the keywords in them.
    pub caution_units: usize,
    pub caution_hits: usize,
}

#[derive(Debug, Clone, Default)]
pub struct CautionScore {
    pub units: usize,
    pub units_with_findings: usize,
    pub findings: usize,
    /// Findings inside CAUTION units per rule id.
    pub by_rule: BTreeMap<String, usize>,
    /// CAUTION units with findings, and what fired.
    pub hits: Vec<UnitRef>,
}

#[derive(Debug, Clone)]
pub struct ClaimScore {
    pub category: Category,
    pub counts: Counts,
    pub false_negatives: Vec<UnitRef>,
    pub false_positives: Vec<UnitRef>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BucketScore {
    pub bucket: String,
    pub total: usize,
    pub detected: usize,
}

#[derive(Debug, Clone, Default)]
pub struct RegulatorScore {
    pub total: usize,
    pub detected: usize,
    /// By the `category` column's bucket, in order of first appearance.
    pub by_bucket: Vec<BucketScore>,
    pub misses: Vec<SentenceRef>,
}

impl RegulatorScore {
    pub fn recall(&self) -> f64 {
        ratio(self.detected, self.total)
    }
}

#[derive(Debug, Clone, Default)]
pub struct NeutralScore {
    pub total: usize,
    /// Sentences with at least one claim-category finding (false positives).
    pub with_claims: usize,
    /// Sentences with at least one forward-looking finding.
    pub with_fls: usize,
    pub claim_hits: Vec<SentenceRef>,
    pub fls_hits: Vec<SentenceRef>,
}

impl NeutralScore {
    pub fn fp_rate(&self) -> f64 {
        ratio(self.with_claims, self.total)
    }

    pub fn fls_rate(&self) -> f64 {
        ratio(self.with_fls, self.total)
    }
}

/// How one rule did on the units.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleScore {
    pub id: String,
    pub category: Category,
    /// Units the rule fired on, CAUTION units left out.
    pub fired: usize,
    /// Of those, units labelled with the rule's category.
    pub true_positives: usize,
    /// CAUTION units the rule fired on.
    pub in_caution: usize,
}

impl RuleScore {
    /// Precision for rules whose category is labelled (forward-looking and claims); `None` for
    /// safe-harbor and consistency rules, or when the rule never fired.
    pub fn precision(&self) -> Option<f64> {
        let labelled = self.category == Category::ForwardLooking || is_claim(self.category);
        (labelled && self.fired > 0).then(|| ratio(self.true_positives, self.fired))
    }
}

/// How many units carry each label.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct UnitTally {
    pub total: usize,
    pub fls: usize,
    pub not: usize,
    pub caution: usize,
}

/// A target from the issue and whether the measurement meets it.
#[derive(Debug, Clone, PartialEq)]
pub struct Target {
    pub name: &'static str,
    /// `>=` or `<=`.
    pub op: &'static str,
    pub threshold: f64,
    pub value: f64,
}

impl Target {
    pub fn met(&self) -> bool {
        match self.op {
            ">=" => self.value >= self.threshold,
            _ => self.value <= self.threshold,
        }
    }
}

/// The complete measurement.
#[derive(Debug, Clone, Default)]
pub struct Evaluation {
    pub rules: usize,
    pub documents: usize,
    pub units: UnitTally,
    pub fls: FlsScore,
    pub baseline: BaselineScore,
    pub caution: CautionScore,
    /// One per claim category, in [`CLAIM_CATEGORIES`] order.
    pub claims: Vec<ClaimScore>,
    pub claims_overall: Counts,
    pub regulator: RegulatorScore,
    pub neutral: NeutralScore,
    pub per_rule: Vec<RuleScore>,
    /// Findings (any category) that overlap no labelled unit: text between units.
    pub unplaced_findings: usize,
}

impl Evaluation {
    /// The targets of issue 3, "Measured accuracy".
    pub fn targets(&self) -> Vec<Target> {
        vec![
            Target {
                name: "FLS F1",
                op: ">=",
                threshold: 0.92,
                value: self.fls.counts.f1(),
            },
            Target {
                name: "FLS precision",
                op: ">=",
                threshold: 0.90,
                value: self.fls.counts.precision(),
            },
            Target {
                name: "regulator-quoted claim recall",
                op: ">=",
                threshold: 0.95,
                value: self.regulator.recall(),
            },
            Target {
                name: "neutral false-positive rate",
                op: "<=",
                threshold: 0.03,
                value: self.neutral.fp_rate(),
            },
            Target {
                name: "findings inside CAUTION units",
                op: "<=",
                threshold: 0.0,
                value: self.caution.findings as f64,
            },
        ]
    }
}

fn overlaps(a: (usize, usize), b: (usize, usize)) -> bool {
    a.0 < b.1 && b.0 < a.1
}

/// `rule-id “matched text”`, noting when the match lies outside the unit.
fn describe(book: &Rulebook, source: &str, f: &Finding, unit: Option<(usize, usize)>) -> String {
    let matched = source
        .get(f.start..f.end)
        .map(collapse_whitespace)
        .unwrap_or_default();
    let matched: String = if matched.chars().count() > 60 {
        format!("{}…", matched.chars().take(60).collect::<String>())
    } else {
        matched
    };
    let outside = match unit {
        Some(u) if !overlaps((f.start, f.end), u) => " (elsewhere in the engine's sentence)",
        _ => "",
    };
    format!("{} “{matched}”{outside}", f.rule(book).id)
}

/// Scores `engine` on `labels`.
pub fn evaluate(engine: &Engine, labels: &LabelSet) -> Evaluation {
    let book = engine.rulebook();
    let mut ev = Evaluation {
        rules: book.rules.len(),
        documents: labels.docs.len(),
        ..Evaluation::default()
    };
    let mut claims: Vec<ClaimScore> = CLAIM_CATEGORIES
        .iter()
        .map(|&category| ClaimScore {
            category,
            counts: Counts::default(),
            false_negatives: Vec::new(),
            false_positives: Vec::new(),
        })
        .collect();
    ev.per_rule = book
        .rules
        .iter()
        .map(|r| RuleScore {
            id: r.id.clone(),
            category: r.category,
            fired: 0,
            true_positives: 0,
            in_caution: 0,
        })
        .collect();

    for doc in &labels.docs {
        let findings = engine.audit_text(&doc.text);
        ev.unplaced_findings += findings
            .iter()
            .filter(|f| {
                !doc.units
                    .iter()
                    .any(|u| overlaps((f.start, f.end), (u.start, u.end)))
            })
            .count();
        for unit in &doc.units {
            score_unit(book, doc, unit, &findings, &mut ev, &mut claims);
        }
    }
    for c in &claims {
        ev.claims_overall.add(c.counts);
    }
    ev.claims = claims;
    ev.regulator = score_regulator(engine, labels);
    ev.neutral = score_neutral(engine, labels);
    ev
}

fn unit_ref(doc: &LabelledDoc, unit: &Unit, fired: Vec<String>) -> UnitRef {
    UnitRef {
        doc: doc.name.clone(),
        unit: unit.id.clone(),
        text: collapse_whitespace(doc.unit_text(unit)),
        fired,
    }
}

fn score_unit(
    book: &Rulebook,
    doc: &LabelledDoc,
    unit: &Unit,
    findings: &[Finding],
    ev: &mut Evaluation,
    claims: &mut [ClaimScore],
) {
    let span = (unit.start, unit.end);
    let text = doc.unit_text(unit);
    let in_match = |f: &&Finding| overlaps((f.start, f.end), span);
    // A forward-looking finding marks its whole engine sentence as forward-looking.
    let fls: Vec<&Finding> = findings
        .iter()
        .filter(|f| f.category == Category::ForwardLooking)
        .filter(|f| overlaps((f.start, f.end), span) || overlaps(f.sentence, span))
        .collect();
    let touching: Vec<&Finding> = findings
        .iter()
        .filter(|f| in_match(f) || fls.contains(f))
        .collect();

    ev.units.total += 1;
    let keywords = li_keyword_hits(text);
    if unit.fls == FlsLabel::Caution {
        ev.units.caution += 1;
        ev.caution.units += 1;
        if keywords > 0 {
            ev.baseline.caution_units += 1;
            ev.baseline.caution_hits += keywords;
        }
        let inside: Vec<&Finding> = findings.iter().filter(in_match).collect();
        if !inside.is_empty() {
            ev.caution.units_with_findings += 1;
            ev.caution.findings += inside.len();
            for f in &inside {
                *ev.caution
                    .by_rule
                    .entry(f.rule(book).id.clone())
                    .or_default() += 1;
            }
            let fired = inside
                .iter()
                .map(|f| describe(book, &doc.text, f, Some(span)))
                .collect();
            ev.caution.hits.push(unit_ref(doc, unit, fired));
        }
        let mut fired_rules: Vec<usize> = touching.iter().map(|f| f.rule).collect();
        fired_rules.sort_unstable();
        fired_rules.dedup();
        for r in fired_rules {
            ev.per_rule[r].in_caution += 1;
        }
    } else {
        let actual = unit.fls == FlsLabel::Fls;
        if actual {
            ev.units.fls += 1;
        } else {
            ev.units.not += 1;
        }
        let predicted = !fls.is_empty();
        ev.fls.counts.record(predicted, actual);
        ev.baseline.counts.record(keywords > 0, actual);
        if predicted && !fls.iter().any(in_match) {
            ev.fls.via_sentence_only += 1;
        }
        match (predicted, actual) {
            (false, true) => ev.fls.false_negatives.push(unit_ref(doc, unit, Vec::new())),
            (true, false) => {
                let fired = fls
                    .iter()
                    .map(|f| describe(book, &doc.text, f, Some(span)))
                    .collect();
                ev.fls.false_positives.push(unit_ref(doc, unit, fired));
            }
            _ => {}
        }
        // Per rule, each unit once.
        let mut fired_rules: Vec<usize> = touching.iter().map(|f| f.rule).collect();
        fired_rules.sort_unstable();
        fired_rules.dedup();
        for r in fired_rules {
            let rule = &mut ev.per_rule[r];
            rule.fired += 1;
            let hit = match rule.category {
                Category::ForwardLooking => actual,
                c => unit.claims.contains(&c),
            };
            if hit {
                rule.true_positives += 1;
            }
        }
    }

    // Claims are scored on every unit: the cautionary language carries no claim labels, so a
    // claim finding there is a false positive as well as a CAUTION finding.
    for score in claims.iter_mut() {
        let c = score.category;
        let hits: Vec<&Finding> = findings
            .iter()
            .filter(|f| f.category == c && overlaps((f.start, f.end), span))
            .collect();
        let actual = unit.claims.contains(&c);
        score.counts.record(!hits.is_empty(), actual);
        match (!hits.is_empty(), actual) {
            (false, true) => score.false_negatives.push(unit_ref(doc, unit, Vec::new())),
            (true, false) => {
                let fired = hits
                    .iter()
                    .map(|f| describe(book, &doc.text, f, None))
                    .collect();
                score.false_positives.push(unit_ref(doc, unit, fired));
            }
            _ => {}
        }
    }
}

/// Findings on one sentence read as body text.
fn audit_sentence(engine: &Engine, text: &str) -> Vec<Finding> {
    engine.audit(&Document::in_section(text, Section::Body))
}

fn describe_all(book: &Rulebook, text: &str, findings: &[&Finding]) -> Vec<String> {
    findings
        .iter()
        .map(|f| describe(book, text, f, None))
        .collect()
}

fn score_regulator(engine: &Engine, labels: &LabelSet) -> RegulatorScore {
    let mut score = RegulatorScore::default();
    for claim in &labels.regulator {
        let findings = audit_sentence(engine, &claim.claim);
        let detected = findings.iter().any(|f| is_claim(f.category));
        score.total += 1;
        let bucket = match score
            .by_bucket
            .iter_mut()
            .position(|b| b.bucket == claim.bucket)
        {
            Some(i) => &mut score.by_bucket[i],
            None => {
                score.by_bucket.push(BucketScore {
                    bucket: claim.bucket.clone(),
                    total: 0,
                    detected: 0,
                });
                let last = score.by_bucket.len() - 1;
                &mut score.by_bucket[last]
            }
        };
        bucket.total += 1;
        if detected {
            bucket.detected += 1;
            score.detected += 1;
        } else {
            let other: Vec<&Finding> = findings.iter().collect();
            score.misses.push(SentenceRef {
                id: claim.id.clone(),
                text: collapse_whitespace(&claim.claim),
                bucket: claim.bucket.clone(),
                fired: describe_all(engine.rulebook(), &claim.claim, &other),
            });
        }
    }
    score
}

fn score_neutral(engine: &Engine, labels: &LabelSet) -> NeutralScore {
    let mut score = NeutralScore::default();
    let book = engine.rulebook();
    for n in &labels.neutral {
        let findings = audit_sentence(engine, &n.sentence);
        score.total += 1;
        let claim_findings: Vec<&Finding> =
            findings.iter().filter(|f| is_claim(f.category)).collect();
        let fls_findings: Vec<&Finding> = findings
            .iter()
            .filter(|f| f.category == Category::ForwardLooking)
            .collect();
        let sref = |fired: &[&Finding]| SentenceRef {
            id: n.id.clone(),
            text: collapse_whitespace(&n.sentence),
            bucket: String::new(),
            fired: describe_all(book, &n.sentence, fired),
        };
        if !claim_findings.is_empty() {
            score.with_claims += 1;
            score.claim_hits.push(sref(&claim_findings));
        }
        if !fls_findings.is_empty() {
            score.with_fls += 1;
            score.fls_hits.push(sref(&fls_findings));
        }
    }
    score
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rulebook::{RuleSource, load};

    #[test]
    fn precision_recall_f1() {
        let c = Counts {
            tp: 8,
            fp: 2,
            fn_: 8,
            tn: 100,
        };
        assert_eq!(c.precision(), 0.8);
        assert_eq!(c.recall(), 0.5);
        assert!((c.f1() - 2.0 * 0.8 * 0.5 / 1.3).abs() < 1e-12);
        assert_eq!(c.total(), 118);
        // Nothing predicted, nothing to find: zeros, not NaN.
        let empty = Counts::default();
        assert_eq!(
            (empty.precision(), empty.recall(), empty.f1()),
            (0.0, 0.0, 0.0)
        );
    }

    #[test]
    fn record_and_add() {
        let mut c = Counts::default();
        for (p, a) in [(true, true), (true, false), (false, true), (false, false)] {
            c.record(p, a);
        }
        assert_eq!(
            c,
            Counts {
                tp: 1,
                fp: 1,
                fn_: 1,
                tn: 1
            }
        );
        let mut sum = c;
        sum.add(c);
        assert_eq!(sum.total(), 8);
    }

    #[test]
    fn li_keywords_are_whole_words_any_case() {
        assert_eq!(
            li_keyword_hits("We EXPECT growth and plans will follow."),
            3
        );
        assert_eq!(li_keyword_hits("Planning, Canada, willing, goalkeeper"), 1);
        assert_eq!(li_keyword_hits("Dated May 5; we can't"), 2);
        assert_eq!(li_keyword_hits("Revenue was $4 million."), 0);
    }

    #[test]
    fn targets_compare_both_ways() {
        let t = Target {
            name: "x",
            op: "<=",
            threshold: 0.03,
            value: 0.03,
        };
        assert!(t.met());
        let t = Target {
            name: "y",
            op: ">=",
            threshold: 0.92,
            value: 0.919,
        };
        assert!(!t.met());
    }

    const RULES: &str = r#"
rules:
  - id: fls/plan
    category: forward-looking
    severity: info
    message: "plan"
    phrases: ["plans to"]
  - id: claim/safe
    category: safety-claim
    severity: warning
    message: "safe"
    phrases: ["well tolerated"]
"#;

    fn engine() -> Engine {
        let book = load(&[RuleSource::new("t.yaml", RULES)]).expect("test rulebook loads");
        Engine::new(book).expect("engine builds")
    }

    /// One paragraph, three labelled units: each sentence a unit.
    fn labels() -> LabelSet {
        let doc =
            "Acme plans to start a trial. The drug was well tolerated. It was tested in mice.";
        let units = "doc\tunit\tstart\tend\ttext\tfls\tclaims\n\
            d.txt\t0\t0\t28\tAcme plans to start a trial.\tFLS\t\n\
            d.txt\t1\t29\t57\tThe drug was well tolerated.\tNOT\tsafety-claim\n\
            d.txt\t2\t58\t80\tIt was tested in mice.\tFLS\tefficacy-claim\n";
        let reg = "id\tclaim\tcategory\n\
            P1\tIt is well tolerated in all patients.\tsafety | minimised risk\n\
            P2\tCures everything.\tcure | cancer\n";
        let neutral = "id\tsentence\n\
            N1\tThe company plans to move offices.\n\
            N2\tThe office is in Boston.\n";
        LabelSet::from_texts(units, reg, neutral, |_| Ok(doc.to_string())).expect("labels load")
    }

    #[test]
    fn scores_units_claims_and_sentence_sets() {
        let ev = evaluate(&engine(), &labels());
        assert_eq!(
            ev.units,
            UnitTally {
                total: 3,
                fls: 2,
                not: 1,
                caution: 0
            }
        );
        assert_eq!(
            ev.fls.counts,
            Counts {
                tp: 1,
                fp: 0,
                fn_: 1,
                tn: 1
            }
        );
        assert_eq!(ev.fls.false_negatives.len(), 1);
        assert_eq!(ev.fls.false_negatives[0].unit, "2");
        // Li: "plans" in unit 0 only.
        assert_eq!(ev.baseline.counts.tp, 1);
        let safety = &ev.claims[1];
        assert_eq!(safety.category, Category::SafetyClaim);
        assert_eq!(safety.counts.tp, 1);
        let efficacy = &ev.claims[0];
        assert_eq!(efficacy.counts.fn_, 1);
        assert_eq!(
            ev.claims_overall,
            Counts {
                tp: 1,
                fp: 0,
                fn_: 1,
                tn: 16
            }
        );
        assert_eq!((ev.regulator.detected, ev.regulator.total), (1, 2));
        assert_eq!(ev.regulator.by_bucket.len(), 2);
        assert_eq!(ev.regulator.misses[0].id, "P2");
        assert_eq!((ev.neutral.with_claims, ev.neutral.with_fls), (0, 1));
        assert_eq!(ev.per_rule[0].fired, 1);
        assert_eq!(ev.per_rule[0].precision(), Some(1.0));
        assert_eq!(ev.per_rule[1].true_positives, 1);
        assert_eq!(ev.caution.findings, 0);
        assert_eq!(ev.unplaced_findings, 0);
    }

    #[test]
    fn caution_units_are_counted_apart() {
        let doc =
            "Acme plans to start a trial. The drug was well tolerated. It was tested in mice.";
        let units = "doc\tunit\tstart\tend\ttext\tfls\tclaims\n\
            d.txt\t0\t0\t28\tAcme plans to start a trial.\tCAUTION\t\n\
            d.txt\t1\t29\t57\tThe drug was well tolerated.\tCAUTION\t\n";
        let set = LabelSet::from_texts(units, "id\tclaim\tcategory\n", "id\tsentence\n", |_| {
            Ok(doc.to_string())
        })
        .expect("labels load");
        let ev = evaluate(&engine(), &set);
        assert_eq!(ev.fls.counts.total(), 0);
        assert_eq!(ev.caution.units, 2);
        assert_eq!(ev.caution.units_with_findings, 2);
        assert_eq!(ev.caution.findings, 2);
        assert_eq!(ev.baseline.caution_units, 1);
        assert_eq!(ev.per_rule[0].in_caution, 1);
        assert_eq!(ev.per_rule[0].fired, 0);
        // A claim finding in a CAUTION unit is also a claim false positive.
        assert_eq!(ev.claims[1].counts.fp, 1);
        assert_eq!(ev.regulator.recall(), 0.0);
        assert_eq!(ev.unplaced_findings, 0);
    }

    #[test]
    fn a_finding_marks_its_engine_sentence() {
        // The engine reads one sentence where the labels have two units.
        let doc = "Acme plans to start; a trial is costly";
        let units = "doc\tunit\tstart\tend\ttext\tfls\tclaims\n\
            d.txt\t0\t0\t20\tAcme plans to start;\tFLS\t\n\
            d.txt\t1\t21\t38\ta trial is costly\tNOT\t\n";
        let set = LabelSet::from_texts(units, "id\tclaim\tcategory\n", "id\tsentence\n", |_| {
            Ok(doc.to_string())
        })
        .expect("labels load");
        let ev = evaluate(&engine(), &set);
        assert_eq!(ev.fls.counts.tp, 1);
        assert_eq!(ev.fls.counts.fp, 1);
        assert_eq!(ev.fls.via_sentence_only, 1);
        assert!(ev.fls.false_positives[0].fired[0].contains("elsewhere"));
    }
}
