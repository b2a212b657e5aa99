//! The rulebook: YAML rules, validated and compiled once per run.
pub mod embedded;
pub mod lazy_regex;
pub mod load;
pub mod model;

pub use lazy_regex::LazyRegex;
pub use load::{LoadError, RuleSource, load, read_sources};
pub use model::{
    Category, Condition, DocumentCheck, Rule, RuleKind, Rulebook, Scope, Section, Severity,
    Suggestion, TextRule, Within,
};
