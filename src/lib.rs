//! claimlint: audits press releases for forward-looking statements and promotional claims.
//!
//! Pipeline: [`rulebook`] (YAML, validated) → [`matcher`] (one automaton + regex set) →
//! [`document`] (blocks, sentences, sections over the source) → [`engine`] (scope, exceptions,
//! document [`checks`]) → [`finding::Finding`]s → [`report`] (one emitter per format).

pub mod baseline;
pub mod batch;
pub mod checks;
pub mod cli;
pub mod config;
pub mod context;
pub mod document;
pub mod engine;
pub mod eval;
pub mod finding;
#[doc(hidden)]
pub mod fuzz_checks;
pub mod input;
pub mod lsp;
pub mod matcher;
pub mod overlapping;
pub mod report;
pub mod rulebook;
pub mod selftest;
pub mod suggest;
pub mod suppress;
pub mod text;

pub use engine::Engine;
pub use finding::Finding;
