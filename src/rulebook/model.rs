//! The validated rulebook: what every later stage reads. Built only by [`super::load`].

use std::fmt;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

/// How serious a finding is. Ordered: `Info < Warning < Error`.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    clap::ValueEnum,
)]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What kind of risk a rule looks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Category {
    ForwardLooking,
    SafeHarbor,
    EfficacyClaim,
    SafetyClaim,
    ComparativeClaim,
    RegulatoryStatus,
    PromotionalLanguage,
    FinancialDisclosure,
    Consistency,
}

impl Category {
    pub const ALL: [Category; 9] = [
        Category::ForwardLooking,
        Category::SafeHarbor,
        Category::EfficacyClaim,
        Category::SafetyClaim,
        Category::ComparativeClaim,
        Category::RegulatoryStatus,
        Category::PromotionalLanguage,
        Category::FinancialDisclosure,
        Category::Consistency,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Category::ForwardLooking => "forward-looking",
            Category::SafeHarbor => "safe-harbor",
            Category::EfficacyClaim => "efficacy-claim",
            Category::SafetyClaim => "safety-claim",
            Category::ComparativeClaim => "comparative-claim",
            Category::RegulatoryStatus => "regulatory-status",
            Category::PromotionalLanguage => "promotional-language",
            Category::FinancialDisclosure => "financial-disclosure",
            Category::Consistency => "consistency",
        }
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The part of a release a piece of text belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Section {
    Headline,
    Dateline,
    Body,
    Quote,
    About,
    SafeHarbor,
    Contacts,
}

impl Section {
    pub const ALL: [Section; 7] = [
        Section::Headline,
        Section::Dateline,
        Section::Body,
        Section::Quote,
        Section::About,
        Section::SafeHarbor,
        Section::Contacts,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Section::Headline => "headline",
            Section::Dateline => "dateline",
            Section::Body => "body",
            Section::Quote => "quote",
            Section::About => "about",
            Section::SafeHarbor => "safe-harbor",
            Section::Contacts => "contacts",
        }
    }

    fn bit(self) -> u8 {
        1 << (self as u8)
    }
}

impl fmt::Display for Section {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A set of sections, as a rule's scope.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scope(u8);

impl Scope {
    /// Where text rules apply unless they say otherwise: the release's own statements, not
    /// its cautionary language, dateline or contact block.
    pub const DEFAULT: Scope = Scope(
        (1 << Section::Headline as u8)
            | (1 << Section::Body as u8)
            | (1 << Section::Quote as u8)
            | (1 << Section::About as u8),
    );

    pub fn from_sections(sections: &[Section]) -> Scope {
        Scope(sections.iter().fold(0, |acc, s| acc | s.bit()))
    }

    pub fn contains(self, section: Section) -> bool {
        self.0 & section.bit() != 0
    }

    pub fn sections(self) -> impl Iterator<Item = Section> {
        Section::ALL.into_iter().filter(move |s| self.contains(*s))
    }
}

/// Built-in document-level checks a rule can name with `check:`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DocumentCheck {
    /// Forward-looking statements but no cautionary statement.
    SafeHarborMissing,
    /// A cautionary statement that names no issuer-specific risk factor.
    SafeHarborBoilerplate,
    /// A cautionary statement that never says actual results may differ materially.
    SafeHarborNoDifferMaterially,
    /// A cautionary statement that does not identify the statements as forward-looking.
    SafeHarborNotIdentified,
    /// The issuer's own name spelled slightly differently from its dominant form.
    IssuerNameSpelling,
    /// A ticker or exchange that differs from the issuer's listing in the dateline paragraph.
    TickerConsistency,
    /// A non-GAAP measure with no reconciliation to the comparable GAAP measure.
    NonGaapUnreconciled,
}

impl DocumentCheck {
    pub fn as_str(self) -> &'static str {
        match self {
            DocumentCheck::SafeHarborMissing => "safe-harbor-missing",
            DocumentCheck::SafeHarborBoilerplate => "safe-harbor-boilerplate",
            DocumentCheck::SafeHarborNoDifferMaterially => "safe-harbor-no-differ-materially",
            DocumentCheck::SafeHarborNotIdentified => "safe-harbor-not-identified",
            DocumentCheck::IssuerNameSpelling => "issuer-name-spelling",
            DocumentCheck::TickerConsistency => "ticker-consistency",
            DocumentCheck::NonGaapUnreconciled => "non-gaap-unreconciled",
        }
    }
}

/// Where a condition (`unless` or `requires`) looks for its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Within {
    /// Anywhere in the sentence of the match.
    #[default]
    Sentence,
    /// Overlapping the matched text itself.
    Match,
}

/// A compiled condition on a match's context: an `unless` exception suppresses the finding
/// when it matches; a `requires` condition keeps it only when it matches.
#[derive(Debug, Clone)]
pub struct Condition {
    pub regex: super::LazyRegex,
    pub within: Within,
}

/// One self-test text and the line it was written on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Example {
    pub text: String,
    pub line: u64,
    /// 1-based character column of the example in its file.
    pub column: u64,
}

/// A rule's self-test texts: what it must flag and what it must pass.
#[derive(Debug, Clone, Default)]
pub struct Examples {
    pub flag: Vec<Example>,
    pub pass: Vec<Example>,
}

/// What a rule matches.
#[derive(Debug, Clone)]
pub enum RuleKind {
    /// Phrases and patterns matched in sentences.
    Text(TextRule),
    /// A built-in check over the whole document.
    Document(DocumentCheck),
}

#[derive(Debug, Clone)]
pub struct TextRule {
    /// Phrases as written (before folding), matched case-insensitively on whole words.
    pub phrases: Vec<String>,
    /// Regex sources as written in the rulebook.
    pub patterns: Vec<String>,
    /// Compiled patterns (whole-word edges are checked after matching), compiled on first use
    /// for the embedded rulebook.
    pub compiled: Vec<super::LazyRegex>,
    pub unless: Vec<Condition>,
    /// When not empty, at least one must match for the finding to stand.
    pub requires: Vec<Condition>,
    pub scope: Scope,
    pub case_sensitive: bool,
}

/// Where a rule was defined, for messages about it.
#[derive(Debug, Clone)]
pub struct Origin {
    pub file: Arc<str>,
    pub line: u64,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.file, self.line)
    }
}

#[derive(Debug, Clone)]
pub struct Rule {
    pub id: String,
    pub category: Category,
    pub severity: Severity,
    /// Message template; `{match}` is replaced by the matched text.
    pub message: String,
    pub help: String,
    pub references: Vec<String>,
    pub kind: RuleKind,
    pub examples: Examples,
    /// Rewordings offered for this rule's matches (editor code actions, `explain`).
    pub suggest: Vec<Suggestion>,
    pub origin: Origin,
}

/// Replacements for some (or all) of a rule's matches. An empty replacement removes the words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suggestion {
    /// Matched texts this applies to, folded and lower-cased; empty: every match.
    pub when: Vec<String>,
    pub with: Vec<String>,
}

impl Rule {
    /// The message with `{match}` standing for `matched`, its whitespace runs as single spaces.
    pub fn render_message(&self, matched: &str) -> String {
        if self.message.contains("{match}") {
            self.message_with(&crate::text::collapse_whitespace(matched))
        } else {
            self.message.clone()
        }
    }

    /// The message with `{match}` standing for `collapsed` as it is.
    pub fn message_with(&self, collapsed: &str) -> String {
        let mut parts = self.message.split("{match}");
        let mut out = String::with_capacity(self.message.len() + collapsed.len());
        out.push_str(parts.next().unwrap_or_default());
        for part in parts {
            out.push_str(collapsed);
            out.push_str(part);
        }
        out
    }

    /// The replacements suggested for a match of this rule, in rulebook order.
    pub fn suggestions_for(&self, matched: &str) -> Vec<&str> {
        let key = crate::suggest::key(matched);
        let mut out: Vec<&str> = Vec::new();
        for s in &self.suggest {
            if s.when.is_empty() || s.when.contains(&key) {
                for w in &s.with {
                    if !out.contains(&w.as_str()) {
                        out.push(w);
                    }
                }
            }
        }
        out
    }

    pub fn text(&self) -> Option<&TextRule> {
        match &self.kind {
            RuleKind::Text(t) => Some(t),
            RuleKind::Document(_) => None,
        }
    }
}

/// All rules of a run, validated, in load order.
#[derive(Debug, Clone, Default)]
pub struct Rulebook {
    pub rules: Vec<Rule>,
    /// How context raises or lowers claim severities (None: severities as written).
    pub context: Option<crate::context::ContextModel>,
}

impl Rulebook {
    pub fn get(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.id == id)
    }
}

#[cfg(test)]
mod tests {
    use crate::rulebook::{RuleSource, load};

    #[test]
    fn messages_put_the_match_with_single_spaces_in_every_placeholder() {
        let yaml = r#"
rules:
  - id: a/twice
    category: forward-looking
    severity: info
    message: "“{match}”, and again: {match}."
    phrases: ["will grow"]
  - id: a/plain
    category: forward-looking
    severity: info
    message: "No placeholder here"
    phrases: ["will grow"]
"#;
        let book = load(&[RuleSource::new("t.yaml", yaml)]).expect("test rulebook loads");
        assert_eq!(
            book.rules[0].render_message(" will\n  grow "),
            "“will grow”, and again: will grow."
        );
        assert_eq!(book.rules[0].message_with("x"), "“x”, and again: x.");
        assert_eq!(
            book.rules[1].render_message("will grow"),
            "No placeholder here"
        );
    }
}
