//! `claimlint eval`: score the rulebook on labelled data. Loading, scoring and rendering live
//! in [`crate::eval`]; this only resolves paths and writes the report.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};

use super::{RuleArgs, config_for, engine_for};
use crate::eval::{self, LabelSet, render};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(super) enum EvalFormat {
    /// Tables for people.
    Human,
    /// One JSON document.
    Json,
}

#[derive(Debug, Args)]
pub(super) struct EvalArgs {
    /// Directory holding units.tsv, regulator-claims.tsv and neutral-sentences.tsv.
    #[arg(long, value_name = "DIR", default_value = "../shared/labels")]
    labels: PathBuf,
    /// Directory of the documents units.tsv refers to. Default: `corpus` next to the labels
    /// directory (`<labels>/../corpus`).
    #[arg(long, value_name = "DIR")]
    corpus: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = EvalFormat::Human)]
    format: EvalFormat,
    /// List the misses: FLS and claim false negatives and positives, findings in CAUTION
    /// units, undetected regulator-quoted claims, flagged neutral sentences.
    #[arg(long)]
    show_misses: bool,
    #[command(flatten)]
    rules: RuleArgs,
}

/// `<labels>/../corpus`, spelled without the `..` when the labels path has a parent.
fn default_corpus(labels: &Path) -> PathBuf {
    match (labels.parent(), labels.file_name()) {
        (Some(parent), Some(_)) => parent.join("corpus"),
        _ => labels.join("..").join("corpus"),
    }
}

pub(super) fn eval(args: &EvalArgs) -> Result<u8, miette::Report> {
    let config = config_for(&args.rules)?;
    let engine = engine_for(&args.rules, &config)?;
    let corpus = args
        .corpus
        .clone()
        .unwrap_or_else(|| default_corpus(&args.labels));
    let labels = LabelSet::load(&args.labels, &corpus)?;
    let evaluation = eval::evaluate(&engine, &labels);
    let sources = render::Sources {
        labels: &args.labels,
        corpus: &corpus,
    };
    let text = match args.format {
        EvalFormat::Human => render::human(&evaluation, sources, args.show_misses),
        EvalFormat::Json => {
            let value = render::json(&evaluation, sources, args.show_misses);
            let mut s = serde_json::to_string_pretty(&value).map_err(|e| {
                miette::miette!(code = "claimlint::io", "cannot encode the report: {e}")
            })?;
            s.push('\n');
            s
        }
    };
    match io::stdout().lock().write_all(text.as_bytes()) {
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => Err(miette::miette!(
            code = "claimlint::io",
            "cannot write output: {e}"
        )),
        _ => Ok(0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn corpus_sits_next_to_the_labels() {
        assert_eq!(
            default_corpus(Path::new("../shared/labels")),
            PathBuf::from("../shared/corpus")
        );
        assert_eq!(default_corpus(Path::new("labels")), PathBuf::from("corpus"));
        assert_eq!(
            default_corpus(Path::new("..")),
            PathBuf::from("../../corpus")
        );
    }
}
