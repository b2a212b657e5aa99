//! Property tests (proptest): normalisation maps offsets back and forth exactly, and a run's
//! findings depend on nothing but each document: not the thread count, not the order the
//! files are given in, not which other documents are in the run.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use proptest::prelude::*;
use proptest::sample::select;

use claimlint::text::Normalized;

/// Characters normalisation treats specially, mixed with plain text.
const PIECES: &[&str] = &[
    "a", "superior", "expect", " ", "  ", "\t", "\n", "\r\n", "\r", "\u{A0}", "\u{AD}", "\u{200B}",
    "\u{FEFF}", "\u{2028}", "\u{3000}", "\u{85}", "“", "”", "’", "`", "\u{2013}", "\u{2014}",
    "\u{2212}", "™", "®", "\\", "\\$", "$5", "é", "²", "😀", ".", "\"", "-", "\u{B}",
];

fn folded_text() -> impl Strategy<Value = String> {
    prop::collection::vec(select(PIECES), 0..60).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    /// Every folded character maps to whole source characters whose folding it is, ranges of
    /// whole folded characters map to the source and back unchanged, and any source range
    /// maps to whole folded characters (the fuzz check asserts all of it).
    #[test]
    fn normalisation_round_trips_offsets(text in folded_text()) {
        claimlint::fuzz_checks::check_normalize(text.as_bytes());
        let n = Normalized::new(&text);
        let (s, e) = n.to_source(0, n.as_str().len());
        prop_assert!(s <= e && e <= text.len());
        prop_assert_eq!(n.from_source(0, text.len()), (0, n.as_str().len()));
    }
}

/// Sentences of invented releases; each generated document is a few of them.
const SENTENCES: &[&str] = &[
    "Acme Bio Announces Topline Results",
    "BOSTON, March 3, 2025 (WIRE) -- Acme Bio today announced results.",
    "The drug was equivalent or superior to approved drugs.",
    "We expect revenue to grow 40% next year.",
    "\"This is a breakthrough,\" said Jane Roe, CEO.",
    "The treatment was safe and well tolerated.",
    "Adjusted EBITDA was $5.6 million.",
    "The catheter sat in the superior vena cava.",
    "It is the first and only cure for the disease.",
    "Forward-Looking Statements",
    "This press release contains forward-looking statements within the meaning of the Private Securities Litigation Reform Act of 1995. Actual results may differ materially.",
    "About Acme Bio",
    "Acme Bio is a clinical-stage company.",
    "Contact: press@example.com",
];

#[derive(Debug, Clone)]
struct Doc {
    ext: &'static str,
    paragraphs: Vec<Vec<&'static str>>,
}

impl Doc {
    fn render(&self) -> String {
        match self.ext {
            "html" => self
                .paragraphs
                .iter()
                .map(|p| format!("<p>{}</p>\n", p.join(" ")))
                .collect(),
            _ => self
                .paragraphs
                .iter()
                .map(|p| p.join(" "))
                .collect::<Vec<_>>()
                .join("\n\n"),
        }
    }
}

fn doc() -> impl Strategy<Value = Doc> {
    (
        select(&["txt", "md", "html"][..]),
        prop::collection::vec(prop::collection::vec(select(SENTENCES), 1..4), 1..6),
    )
        .prop_map(|(ext, paragraphs)| Doc { ext, paragraphs })
}

/// Per-file findings of a JSON report, keyed by path.
fn findings_by_path(dir: &Path, args: &[&str], files: &[String]) -> BTreeMap<String, String> {
    let mut all: Vec<&str> = args.to_vec();
    all.extend(files.iter().map(String::as_str));
    let out = common::run_in(Some(dir), &all, None);
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{}",
        common::stderr(&out)
    );
    let report = common::json(&out);
    report["files"]
        .as_array()
        .expect("files")
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap_or_default().to_string(),
                f["findings"].to_string(),
            )
        })
        .collect()
}

proptest! {
    // Each case runs the (debug) binary four times: few cases, each a whole small archive.
    #![proptest_config(ProptestConfig::with_cases(5))]

    #[test]
    fn findings_do_not_depend_on_threads_order_or_company(
        docs in prop::collection::vec(doc(), 1..9),
        order in any::<prop::sample::Index>(),
        subset_mask in any::<u16>(),
    ) {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut names = Vec::new();
        for (i, d) in docs.iter().enumerate() {
            let name = format!("doc{i}.{}", d.ext);
            std::fs::write(dir.path().join(&name), d.render()).expect("write");
            names.push(name);
        }
        let base = ["check", "--no-config", "--format", "json", "-q"];
        let one = findings_by_path(dir.path(), &[&base[..], &["-j", "1"]].concat(), &names);
        let four = findings_by_path(dir.path(), &[&base[..], &["-j", "4"]].concat(), &names);
        prop_assert_eq!(&one, &four);

        let mut shuffled = names.clone();
        let k = order.index(shuffled.len());
        shuffled.rotate_left(k);
        shuffled.reverse();
        let reordered = findings_by_path(dir.path(), &[&base[..], &["-j", "3"]].concat(), &shuffled);
        prop_assert_eq!(&one, &reordered);

        let subset: Vec<String> = names
            .iter()
            .enumerate()
            .filter(|(i, _)| subset_mask & (1 << i) != 0)
            .map(|(_, n)| n.clone())
            .collect();
        if !subset.is_empty() {
            let alone = findings_by_path(dir.path(), &[&base[..], &["-j", "2"]].concat(), &subset);
            for (path, findings) in &alone {
                prop_assert_eq!(Some(findings), one.get(path), "{} differs in a smaller run", path);
            }
        }
    }
}
