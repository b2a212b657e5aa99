//! Recognising the safe-harbor (cautionary) paragraph(s) by what they say, not by a heading:
//! many real legends have neither a heading nor a statute citation. Each paragraph is scored on
//! the signals of cautionary language (rulebook reference, part D.2).

use std::sync::LazyLock;

use crate::overlapping::{ASCII_LOWERCASE, LiteralAutomaton};
use regex::Regex;

fn ci(pattern: &str) -> Regex {
    crate::text::fixed_regex(pattern)
}

struct Signals {
    statute: Regex,
    fls: Regex,
    differ: Regex,
    keyword_list: Regex,
    undue_reliance: Regex,
    no_update: Regex,
    risk_factors: Regex,
    filings: Regex,
    risks_and_uncertainties: Regex,
    including: Regex,
    heading: Regex,
    pointer: Regex,
}

static SIGNALS: LazyLock<Signals> = LazyLock::new(|| Signals {
    statute: ci(r"private securities litigation reform act|section 27a|section 21e|safe harbou?r"),
    fls: ci(r"forward[- ]looking (statements?|information)"),
    differ: ci(
        r"\bactual\b.{0,60}\b(results|outcomes|events|experience|performance)\b.{0,100}\bdiffer\w*\b.{0,20}\bmaterially|\bmaterially different\b",
    ),
    keyword_list: ci(
        r"\b(words?|terms|expressions|phrases)\s+(such as|like)\b.{0,300}\bidentif|\bidentif\w*\b.{0,100}\b(words?|terms|expressions)\s+(such as|like)\b|\bsuch as\b.{0,200}\bare intended to identify",
    ),
    undue_reliance: ci(r"\bundue reliance\b"),
    no_update: ci(
        r"\b(undertakes?|assumes?|has|have)\s+no\s+(obligation|duty|intention)|\bdisclaims?\s+(any\s+)?(obligation|intention|duty)|\bdo(es)?\s+not\s+(intend|undertake|assume)\b.{0,40}\bupdate|\bno obligation to (publicly )?(update|revise)",
    ),
    risk_factors: ci(
        r"\brisk factors\b|\brisks and uncertainties\b|\bdescription of (the )?risks\b",
    ),
    filings: ci(
        r"\bform\s+(10-?k|10-?q|20-?f|40-?f|8-?k)\b|\bannual report\b|\bquarterly report\b|\bperiodic reports?\b|\bfilings?\s+(made\s+)?with\s+the\s+(sec|securities and exchange commission)\b|\bsec filings\b",
    ),
    risks_and_uncertainties: ci(r"\brisks and uncertainties\b"),
    including: ci(
        r"\b(including|include|includes),?\s+(but\s+(are\s+)?not\s+limited\s+to|among\s+others|without\s+limitation)",
    ),
    heading: ci(
        r"^\W*(cautionary\s+(note|statement|language)s?(\s+(regarding|concerning|about|on))?\s+forward[- ]looking\s+(statements?|information)|(special\s+)?note\s+(regarding|on|about|concerning)\s+forward[- ]looking\s+(statements?|information)|forward[- ]looking\s+(statements?|information)(\s+and\s+(risk\s+factors|safe\s+harbou?r))?|safe\s+harbou?r(\s+(statement|notice|provision)s?)?|(legal\s+)?disclaimers?|important\s+(information|notice))(\s+statements?)?\W*$",
    ),
    pointer: ci(
        r"\bsee\b.{0,40}forward[- ]looking statements|\b(this|the)\s+(news\s+|press\s+)?(release|announcement|communication)\s+(contains|includes|may contain)\s+forward[- ]looking statements",
    ),
});

/// Whether cautionary text says results may differ materially from those projected, in any of
/// the usual wordings ("could differ materially", "cause significant differences", "materially
/// different"), with or without "actual".
pub fn says_differ_materially(text: &str) -> bool {
    static DIFFER: LazyLock<Regex> = LazyLock::new(|| {
        ci(
            r"(?s)\bdiffer\w*\b.{0,30}\b(materially|significantly|substantially)\b|\b(materially|significantly|substantially)\s+(different|differ\w*)\b|\b(material|significant|substantial)\s+differences?\b",
        )
    });
    SIGNALS.differ.is_match(text) || DIFFER.is_match(text)
}

/// Whether cautionary text identifies statements as forward-looking (by name, or by the words
/// that identify them).
pub fn identifies_forward_looking(text: &str) -> bool {
    SIGNALS.fls.is_match(text) || SIGNALS.keyword_list.is_match(text)
}

/// Literal stems, at least one of which each scoring signal needs. One automaton pass over a
/// paragraph bounds its score before any regex runs: most body paragraphs are ruled out by it,
/// and a signal none of whose stems occur is not searched.
const SIGNAL_STEMS: &[&str] = &[
    "reform act",
    "section 27a",
    "section 21e",
    "safe harbo",
    "forward-looking",
    "forward looking",
    "differ",
    "identif",
    "undue reliance",
    "obligation",
    "duty",
    "intention",
    "update",
    "risk factors",
    "risks and uncertainties",
    "description of",
    "includ",
];

static STEMS: LazyLock<Option<LiteralAutomaton>> =
    LazyLock::new(|| LiteralAutomaton::new(SIGNAL_STEMS, true).ok());

/// The signal stems a paragraph holds.
#[derive(Debug, Clone, Copy)]
pub struct Stems {
    seen: [bool; SIGNAL_STEMS.len()],
}

impl Stems {
    /// Finds them in `text`.
    pub fn of(text: &str) -> Self {
        let mut one = Stems::of_blocks(text, &[(0, text.len())]);
        one.pop().unwrap_or(Stems::EVERYTHING)
    }

    /// Every stem, as for a text that folds case beyond ASCII.
    const EVERYTHING: Stems = Stems {
        seen: [true; SIGNAL_STEMS.len()],
    };

    /// The stems of each block `source[start..end]` (in order, not overlapping), from one pass
    /// over `source`. The signals fold case by Unicode, which also matches the Kelvin sign for
    /// "k" and the long s for "s": a block holding either is taken to hold every stem.
    pub fn of_blocks(source: &str, blocks: &[(usize, usize)]) -> Vec<Self> {
        let Some(automaton) = STEMS.as_ref() else {
            return vec![Stems::EVERYTHING; blocks.len()];
        };
        let mut stems: Vec<Stems> = blocks
            .iter()
            .map(|&(start, end)| {
                let text = source.get(start..end).unwrap_or_default();
                if crate::text::has_unicode_case_variant_of_ascii(text) {
                    Stems::EVERYTHING
                } else {
                    Stems {
                        seen: [false; SIGNAL_STEMS.len()],
                    }
                }
            })
            .collect();
        let mut hits = Vec::new();
        automaton.overlapping(source.as_bytes(), &ASCII_LOWERCASE, &mut hits);
        // Hits come by end: the block holding one is the first not ending before it.
        let mut block = 0;
        for hit in hits {
            while blocks.get(block).is_some_and(|&(_, end)| end < hit.end) {
                block += 1;
            }
            let Some(&(start, _)) = blocks.get(block) else {
                break;
            };
            if hit.start >= start {
                stems[block].seen[hit.pattern.as_usize()] = true;
            }
        }
        stems
    }

    /// Whether any stem of signal `i` of [`SCORED`] occurs.
    fn any_of_signal(&self, i: usize) -> bool {
        let bits = SCORED_STEM_BITS.get(i).copied().unwrap_or(u32::MAX);
        self.seen
            .iter()
            .enumerate()
            .any(|(k, &seen)| seen && bits & (1 << k) != 0)
    }

    /// An upper bound of [`score`]: the most each signal with one of its stems can add.
    pub fn bound(&self) -> i32 {
        SCORED
            .iter()
            .enumerate()
            .filter(|&(i, _)| self.any_of_signal(i))
            .map(|(_, signal)| signal.most)
            .sum()
    }
}

/// For each signal of [`SCORED`], its stems as bits of their indices in [`SIGNAL_STEMS`].
static SCORED_STEM_BITS: LazyLock<Vec<u32>> = LazyLock::new(|| {
    SCORED
        .iter()
        .map(|signal| {
            debug_assert!(
                signal.stems.iter().all(|s| SIGNAL_STEMS.contains(s)),
                "a signal names a stem that is not in SIGNAL_STEMS: {:?}",
                signal.stems
            );
            SIGNAL_STEMS
                .iter()
                .enumerate()
                .filter(|(_, stem)| signal.stems.contains(stem))
                .fold(0, |bits, (k, _)| bits | 1 << k)
        })
        .collect()
});

/// The scoring signals of cautionary language: what each needs among the stems, the most it
/// adds, and what it adds to a text.
struct Scored {
    stems: &'static [&'static str],
    most: i32,
    adds: Adds,
}

enum Adds {
    /// All of `most` when this regex matches, else nothing.
    IfMatches(fn(&Signals) -> &Regex),
    /// What this works out.
    By(fn(&str) -> i32),
}

impl Scored {
    fn adds(&self, text: &str) -> i32 {
        match self.adds {
            Adds::IfMatches(signal) if signal(&SIGNALS).is_match(text) => self.most,
            Adds::IfMatches(_) => 0,
            Adds::By(work_out) => work_out(text),
        }
    }
}

/// In the order they are tried when a question can be answered before all are: the weightiest
/// first, so a paragraph that cannot reach a threshold is told so soonest.
const SCORED: &[Scored] = &[
    Scored {
        stems: &["forward-looking", "forward looking"],
        most: 4,
        adds: Adds::By(|text| {
            // One mention scores 2, each further one 1 more, up to 4.
            let mentions = SIGNALS.fls.find_iter(text).take(3).count() as i32;
            if mentions > 0 { mentions + 1 } else { 0 }
        }),
    },
    Scored {
        stems: &["reform act", "section 27a", "section 21e", "safe harbo"],
        most: 3,
        adds: Adds::IfMatches(|s| &s.statute),
    },
    Scored {
        stems: &["differ"],
        most: 3,
        adds: Adds::IfMatches(|s| &s.differ),
    },
    Scored {
        stems: &["identif"],
        most: 2,
        adds: Adds::IfMatches(|s| &s.keyword_list),
    },
    Scored {
        stems: &["undue reliance"],
        most: 2,
        adds: Adds::IfMatches(|s| &s.undue_reliance),
    },
    Scored {
        stems: &["obligation", "duty", "intention", "update"],
        most: 2,
        adds: Adds::IfMatches(|s| &s.no_update),
    },
    Scored {
        stems: &["risk factors", "risks and uncertainties", "description of"],
        most: 2,
        adds: Adds::By(|text| {
            // Risk factors named near a filing that describes them.
            let Some(m) = SIGNALS.risk_factors.find(text) else {
                return 0;
            };
            let lo = m.start().saturating_sub(200);
            let hi = (m.end() + 200).min(text.len());
            let window = text
                .get(floor_char(text, lo)..floor_char(text, hi))
                .unwrap_or(text);
            if SIGNALS.filings.is_match(window) {
                2
            } else {
                0
            }
        }),
    },
    Scored {
        stems: &["risks and uncertainties"],
        most: 1,
        adds: Adds::IfMatches(|s| &s.risks_and_uncertainties),
    },
    Scored {
        stems: &["includ"],
        most: 1,
        adds: Adds::IfMatches(|s| &s.including),
    },
];

/// How strongly a paragraph reads as cautionary language.
pub fn score(text: &str) -> i32 {
    score_with(text, &Stems::of(text))
}

/// [`score`] given the paragraph's stems: a signal is searched only when one of its stems
/// occurs, since each of its patterns needs one.
pub fn score_with(text: &str, stems: &Stems) -> i32 {
    let mut partial = PartialScore::new(*stems);
    partial.try_signals(text, |_| false);
    partial.scored
}

/// A paragraph's score worked out signal by signal, only as far as the questions asked of it
/// need: "can this paragraph score 5?" is often answered after one or two signals.
#[derive(Debug, Clone, Copy)]
pub struct PartialScore {
    stems: Stems,
    /// Signals of [`SCORED`] worked out so far (a bit each).
    tried: u16,
    /// What they added.
    scored: i32,
    /// The most the signals not yet tried can add.
    open: i32,
}

impl PartialScore {
    pub fn new(stems: Stems) -> Self {
        PartialScore {
            stems,
            tried: 0,
            scored: 0,
            open: stems.bound(),
        }
    }

    /// Whether `text` (the paragraph whose stems these are) scores at least `threshold`.
    pub fn at_least(&mut self, text: &str, threshold: i32) -> bool {
        self.try_signals(text, |p| {
            p.scored >= threshold || p.scored + p.open < threshold
        });
        self.scored >= threshold
    }

    /// Tries the signals not tried yet, in order, until `settled` says the question is answered.
    fn try_signals(&mut self, text: &str, settled: impl Fn(&Self) -> bool) {
        for (i, signal) in SCORED.iter().enumerate() {
            if settled(self) {
                return;
            }
            if self.tried & (1 << i) != 0 || !self.stems.any_of_signal(i) {
                continue;
            }
            self.tried |= 1 << i;
            self.scored += signal.adds(text);
            self.open -= signal.most;
        }
    }
}

fn floor_char(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// A paragraph at or above this score is cautionary language by itself.
pub const SEED_SCORE: i32 = 5;
/// Right after a legend heading, this score is enough.
pub const AFTER_HEADING_SCORE: i32 = 3;

/// A heading that announces cautionary language ("Forward-Looking Statements", "Safe Harbor").
pub fn is_legend_heading(text: &str) -> bool {
    text.len() < 120 && SIGNALS.heading.is_match(text.trim())
}

/// A body sentence that points the reader at the cautionary statement.
pub fn is_pointer(text: &str) -> bool {
    SIGNALS.pointer.is_match(text)
}

/// Issuer-specific risk topics a meaningful legend names (rulebook reference, part D.3): each
/// topic's name and pattern, searched as one set.
static RISK_TOPICS: LazyLock<(Vec<&'static str>, regex::RegexSet)> = LazyLock::new(|| {
    let topics: [(&str, &str); 12] = [
        (
            "clinical",
            r"\bclinical\s+(trials?|studies|study|development|results|data)\b|\benrol?lment\b|\bdata\s+read-?outs?\b|\bendpoints?\b|\btrial design\b|\binterim data\b|\bpreclinical\b",
        ),
        (
            "regulatory",
            r"\bFDA\b|\bEMA\b|\bregulatory\s+(approvals?|review|submissions?|authorities|agencies|process|clearance)\b|\bmarketing (approval|authori[sz]ation)\b|\b(NDA|BLA|IND|PMA|510\(k\))\b|\bclinical hold\b|\bgovernment regulation\b",
        ),
        (
            "financing",
            r"\badditional\s+(capital|funding|financing)\b|\braise\s+(additional\s+)?(capital|funds)\b|\bcash\s+(runway|resources|position)\b|\bsufficien\w+\s+of\s+(cash|capital)\b|\bdilution\b|\bgoing concern\b|\bindebtedness\b|\baccess to capital\b|\bliquidity\b",
        ),
        (
            "commercial",
            r"\bcommerciali[sz]\w*\b|\bmarket acceptance\b|\bpricing\b|\breimbursement\b|\bpayors?\b|\bproduct launch\b|\bdemand for\b|\bsales\s+(of|growth|cycles?)\b|\bcustomers?\b|\brevenue\s+(growth|recognition)\b",
        ),
        ("competition", r"\bcompetit\w+\b"),
        (
            "intellectual-property",
            r"\bpatents?\b|\bintellectual property\b|\bexclusivity\b|\binfring\w+\b",
        ),
        (
            "third-parties",
            r"\bthird[- ]party\s+(manufacturers?|suppliers?|CROs?|payors?)\b|\bcontract\s+(research|manufacturing)\b|\bcollaborat\w+\b|\bpartners?\b|\blicens\w+\b|\bsuppliers?\b|\bvendors?\b",
        ),
        (
            "safety",
            r"\badverse\s+(events?|effects?|reactions?)\b|\bsafety\s+(concerns?|signals?|issues?|profile)\b|\bside effects\b|\btoxicit\w+\b|\bproduct liability\b",
        ),
        (
            "manufacturing",
            r"\bmanufactur\w+\b|\bsupply chain\b|\bimport alert\b|\bcGMP\b|\bproduction\b",
        ),
        (
            "people",
            r"\bkey personnel\b|\bmanagement team\b|\bretain\s+(key\s+)?(employees|personnel|executives)\b|\bhire\b",
        ),
        (
            "legal",
            r"\blitigation\b|\blegal proceedings\b|\binvestigations?\b|\bcybersecurity\b|\bdata privacy\b|\btariffs?\b",
        ),
        (
            "transaction",
            r"\b(merger|acquisition|transaction|spin-?off|offering|integration)\b",
        ),
    ];
    let patterns: Vec<&str> = topics.iter().map(|(_, p)| *p).collect();
    (
        topics.iter().map(|(name, _)| *name).collect(),
        crate::text::fixed_regex_set(&patterns),
    )
});

/// The distinct risk topics named in `text`, in the order of the list. Statute names are left
/// out first: the "Private Securities Litigation Reform Act" names no litigation risk.
pub fn risk_topics(text: &str) -> Vec<&'static str> {
    let text = SIGNALS.statute.replace_all(text, " ");
    let (names, set) = &*RISK_TOPICS;
    set.matches(&text)
        .into_iter()
        .filter_map(|i| names.get(i).copied())
        .collect()
}

/// Whether `text` names any risk topic: [`risk_topics`] is not empty. The search stops at the
/// first topic instead of looking for every one across the whole legend.
pub fn names_risk_topic(text: &str) -> bool {
    let text = SIGNALS.statute.replace_all(text, " ");
    RISK_TOPICS.1.is_match(&text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_a_legend_without_heading_or_statute() {
        let legend = "This announcement contains forward-looking statements. Words such as \"may\" and \"expect\" identify them. They are subject to risks and uncertainties that may cause actual future results to differ materially. Factors include, among others, our ability to raise additional capital and the FDA review process. See our Form 10-K for a description of risks.";
        assert!(score(legend) >= SEED_SCORE, "{}", score(legend));
    }

    #[test]
    fn the_bound_is_never_below_the_score() {
        for text in [
            "This announcement contains forward-looking statements. Words such as \"may\" identify them. Actual results may differ materially. Factors include, among others, risks and uncertainties described in our Form 10-K Risk Factors. We undertake no obligation to update them and readers should not place undue reliance on them. Safe harbor under the Private Securities Litigation Reform Act.",
            "Revenue grew, including in Europe.",
            "Nothing to see.",
        ] {
            assert!(Stems::of(text).bound() >= score(text), "{text}");
        }
        assert_eq!(Stems::of("Nothing to see.").bound(), 0);
    }

    #[test]
    fn stems_of_blocks_are_those_found_in_each_block_alone() {
        let reference = aho_corasick::AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build(SIGNAL_STEMS)
            .expect("stems build");
        let alone = |text: &str| {
            let mut seen = [false; SIGNAL_STEMS.len()];
            for m in reference.find_overlapping_iter(text) {
                seen[m.pattern().as_usize()] = true;
            }
            seen
        };
        // Stems inside blocks, across a block's edge, between blocks, and in a long block that
        // the search splits into lanes.
        let long = "Revenue grew across markets, including in Europe. ".repeat(60);
        let source = format!(
            "Safe Harbor statement\n\nThe Reform Act covers forward-\nlooking statements.\n\nRisk\n\nfactors: see the DESCRIPTION OF risks.\n\n{long}\n\nupdate"
        );
        let blocks: Vec<(usize, usize)> = crate::document::blocks::split(&source)
            .iter()
            .map(|b| (b.start, b.end))
            .collect();
        assert!(blocks.len() >= 5, "{blocks:?}");
        let found = Stems::of_blocks(&source, &blocks);
        for (&(start, end), stems) in blocks.iter().zip(&found) {
            assert_eq!(
                stems.seen,
                alone(&source[start..end]),
                "{}",
                &source[start..end]
            );
        }
        // A stem across the edge of two ranges belongs to neither.
        let edge = Stems::of_blocks("the safe harbor", &[(0, 8), (9, 15)]);
        assert!(edge.iter().all(|s| !s.seen.iter().any(|&x| x)));
        // Not every block holds every stem: the test can tell blocks apart.
        assert!(found.iter().any(|s| s.seen.iter().any(|&x| x)));
        assert!(found.iter().any(|s| s.seen.iter().any(|&x| !x)));
    }

    #[test]
    fn skipping_signals_without_stems_changes_no_score() {
        let every_signal = |text: &str| {
            score_with(
                text,
                &Stems {
                    seen: [true; SIGNAL_STEMS.len()],
                },
            )
        };
        for text in [
            "This release contains forward-looking statements within the meaning of Section 27A and Section 21E and the Private Securities Litigation Reform Act (safe harbour). Terms such as \"may\" are intended to identify them; actual results could differ materially. Do not place undue reliance on them; we disclaim any duty to update them.",
            "See the description of the risks in our annual report on Form 10-K, among the risks and uncertainties, including, without limitation, others.",
            "Actual outcomes may be materially different. The company does not intend to publicly update these.",
            "Forward Looking Information: RISK FACTORS in the quarterly report filed with the SEC.",
            "Revenue grew, including in Europe.",
            "See the description of the risks in our annual report.",
            "\u{212A}eep in mind the \u{17F}afe harbor.",
        ] {
            assert_eq!(score(text), every_signal(text), "{text}");
            assert!(Stems::of(text).bound() >= score(text), "{text}");
        }
    }

    #[test]
    fn partial_scores_answer_every_threshold_as_the_full_score() {
        let texts = [
            "This release contains forward-looking statements within the meaning of the Private Securities Litigation Reform Act. Forward-looking statements are subject to risks and uncertainties, including, without limitation, those in our Form 10-K. Actual results could differ materially. We undertake no obligation to update any forward-looking statement.",
            "Revenue grew, including in Europe, and we will update guidance; results may differ.",
            "See the description of the risks in our annual report.",
            "Nothing to see.",
        ];
        for text in texts {
            let full = score(text);
            // One partial score asked in a changing order, as the layout asks.
            let mut partial = PartialScore::new(Stems::of(text));
            let around = [full + 1, full, full - 1];
            for threshold in [SEED_SCORE, 1, AFTER_HEADING_SCORE, 0, 20, 8, 2, 5, 13]
                .into_iter()
                .chain(around)
            {
                assert_eq!(
                    partial.at_least(text, threshold),
                    full >= threshold,
                    "{text} at {threshold} (score {full})"
                );
            }
        }
        // Asked first at exactly its score, a paragraph whose every signal fires must reach it.
        for text in texts {
            let full = score(text);
            assert!(
                PartialScore::new(Stems::of(text)).at_least(text, full),
                "{text}"
            );
        }
        assert!(score(texts[0]) >= 13, "{}", score(texts[0]));
    }

    #[test]
    fn body_prose_scores_low() {
        let body = "The company expects that additional capital will be required to complete its planned clinical development.";
        assert!(score(body) < AFTER_HEADING_SCORE);
    }

    #[test]
    fn recognises_headings_and_pointers() {
        assert!(is_legend_heading("Forward-Looking Statements"));
        assert!(is_legend_heading(
            "Cautionary Note Regarding Forward-Looking Statements:"
        ));
        assert!(is_legend_heading("Safe Harbor Statement"));
        assert!(!is_legend_heading("About Acme Corp."));
        assert!(is_pointer(
            "This press release contains forward-looking statements."
        ));
    }

    #[test]
    fn finds_issuer_specific_topics() {
        let t = risk_topics(
            "uncertainties related to the ability to raise additional capital, the completion of clinical trials, the FDA review process and competition",
        );
        assert_eq!(
            t,
            vec!["clinical", "regulatory", "financing", "competition"]
        );
        assert!(risk_topics("general economic conditions and other factors").is_empty());
    }

    #[test]
    fn names_a_risk_topic_exactly_when_some_topic_is_found() {
        for text in [
            "uncertainties related to the completion of clinical trials",
            "general economic conditions and other factors",
            "as defined in the Private Securities Litigation Reform Act of 1995",
            "risks of litigation under the Private Securities Litigation Reform Act",
            "",
        ] {
            assert_eq!(
                names_risk_topic(text),
                !risk_topics(text).is_empty(),
                "{text}"
            );
        }
        assert!(!names_risk_topic(
            "as defined in the Private Securities Litigation Reform Act of 1995"
        ));
    }

    #[test]
    fn differ_materially_in_its_usual_wordings() {
        for text in [
            "Actual results may differ materially from those projected.",
            "Results of the offer could differ\nmaterially from those expressed.",
            "Factors that may cause significant differences from actual results.",
            "Outcomes may be materially different from those anticipated.",
        ] {
            assert!(says_differ_materially(text), "{text}");
        }
        for text in [
            "Risks could significantly affect the Company's plans.",
            "Results are subject to inherent uncertainties that are difficult to predict.",
        ] {
            assert!(!says_differ_materially(text), "{text}");
        }
        assert!(identifies_forward_looking(
            "This release contains forward-looking statements."
        ));
        assert!(identifies_forward_looking(
            "Words such as \"expects\" and \"plans\" identify such statements."
        ));
        assert!(!identifies_forward_looking(
            "Certain statements here involve risks, and actual results could differ materially."
        ));
    }
}
