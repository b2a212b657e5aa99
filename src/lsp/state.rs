//! What the server keeps: open documents (text, version, last analysis) and, per workspace
//! folder, the engine built from its configuration.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::config::{self, Config};
use crate::document::Document as Analysed;
use crate::engine::Engine;
use crate::finding::Finding;
use crate::input::{self, Format};
use crate::suppress::Suppressions;

use super::convert::Lines;

/// An open document.
#[derive(Debug)]
pub struct Doc {
    pub uri: lsp_types::Uri,
    pub text: String,
    pub version: i32,
    pub language_id: String,
    pub lines: Lines,
    /// The findings of the last audit, in source offsets.
    pub findings: Vec<Located>,
    pub format: Format,
}

impl Doc {
    pub fn new(uri: lsp_types::Uri, text: String, version: i32, language_id: String) -> Doc {
        Doc {
            uri,
            lines: Lines::new(&text),
            text,
            version,
            language_id,
            findings: Vec::new(),
            format: Format::Text,
        }
    }

    /// Replaces `start..end` (byte offsets, clamped by the caller) with `new`.
    pub fn edit(&mut self, start: usize, end: usize, new: &str) {
        self.text.replace_range(start..end, new);
        self.lines = Lines::new(&self.text);
    }

    pub fn replace(&mut self, text: String) {
        self.text = text;
        self.lines = Lines::new(&self.text);
    }
}

/// A finding with the places that explain it, all in source offsets.
#[derive(Debug, Clone)]
pub struct Located {
    pub finding: Finding,
    pub rule_id: String,
    /// The release's cautionary statement, when it has one.
    pub legend: Option<(usize, usize)>,
    /// Who is quoted, for a finding inside a quotation.
    pub attribution: Option<(usize, usize)>,
}

/// Documents that are configuration or rulebooks, not releases: never audited.
pub fn is_yaml(path: &str, language_id: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    language_id == "yaml" || lower.ends_with(".yaml") || lower.ends_with(".yml")
}

/// The format of an open document: its language id when it names Markdown or HTML, else what
/// the CLI would decide from its name and content.
pub fn format_of(name: &str, language_id: &str, text: &str) -> Format {
    match language_id {
        "markdown" | "md" => Format::Markdown,
        "html" | "xhtml" => Format::Html,
        _ => Format::detect(name, text),
    }
}

/// Audits a document as `claimlint check` would: same extraction, same suppression comments.
pub fn analyse(engine: &Engine, name: &str, format: Format, text: &str) -> Vec<Located> {
    let Some(units) = input::units(name, format, text) else {
        return Vec::new();
    };
    let book = engine.rulebook();
    let mut out = Vec::new();
    for unit in &units {
        let unit_text = unit.extracted.as_ref().map_or(text, |e| e.text.as_str());
        let doc = Analysed::new(unit_text);
        let findings = engine.audit(&doc);
        let to_source = |(a, b): (usize, usize)| match &unit.extracted {
            Some(e) => e.to_decoded.to_source(a, b),
            None => (a, b),
        };
        let legend = doc.legend_span().map(to_source);
        let attributions: Vec<Option<(usize, usize)>> = findings
            .iter()
            .map(|f| {
                doc.quote_at(f.start)
                    .and_then(|q| q.attribution)
                    .map(to_source)
            })
            .collect();
        let mut findings = findings;
        unit.to_decoded(&mut findings);
        for (finding, attribution) in findings.into_iter().zip(attributions) {
            let rule_id = book
                .rules
                .get(finding.rule)
                .map(|r| r.id.clone())
                .unwrap_or_default();
            out.push(Located {
                finding,
                rule_id,
                legend,
                attribution,
            });
        }
    }
    if crate::suppress::applies_to(format) {
        let suppressions = Suppressions::scan(text);
        out.retain(|l| !suppressions.suppresses(&l.rule_id, l.finding.start));
    }
    out
}

/// One workspace folder (or none: documents outside every folder) and its engine.
#[derive(Debug)]
pub struct Workspace {
    pub root: Option<PathBuf>,
    pub engine: Arc<Engine>,
    /// The configuration file in force, and the rulebooks it adds: what to watch.
    pub config_path: Option<PathBuf>,
    pub rule_paths: Vec<PathBuf>,
    /// The review baseline the configuration names.
    pub baseline: Option<PathBuf>,
    /// Files we published configuration problems on (to clear them once fixed).
    pub problem_files: Vec<PathBuf>,
}

/// A configuration or rulebook problem, placed in a file when the report says where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub file: PathBuf,
    /// Byte offset and length in that file.
    pub span: Option<(usize, usize)>,
    pub message: String,
}

impl Workspace {
    /// A workspace on `engine` (the built-in rulebook, until its configuration loads).
    pub fn new(root: Option<PathBuf>, engine: Arc<Engine>) -> Workspace {
        Workspace {
            root,
            engine,
            config_path: None,
            rule_paths: Vec::new(),
            baseline: None,
            problem_files: Vec::new(),
        }
    }

    /// Loads the configuration found at or above the root (as `check` does from its working
    /// directory). On failure the previous engine stays and the problems are returned.
    pub fn reload(&mut self) -> Vec<Problem> {
        let config_path = self.root.as_deref().and_then(Config::discover);
        let config = match &config_path {
            Some(p) => Config::load(p),
            None => Ok(Config::none()),
        };
        let config = match config {
            Ok(c) => c,
            Err(report) => {
                self.config_path = config_path.clone();
                return problems(&report, config_path.as_deref());
            }
        };
        self.config_path = config_path;
        self.rule_paths = config.rules.clone();
        self.baseline = config.baseline.clone();
        match crate::cli::build_engine(&config, &[], true) {
            Ok(engine) => {
                self.engine = Arc::new(engine);
                Vec::new()
            }
            Err(report) => problems(&report, self.config_path.as_deref()),
        }
    }

    /// Whether a change to `path` may change this workspace's engine.
    pub fn watches(&self, path: &Path) -> bool {
        let is_config_name = path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| config::FILE_NAMES.contains(&n));
        let under_root = self.root.as_ref().is_none_or(|r| path.starts_with(r));
        (is_config_name && under_root)
            || self.config_path.as_deref() == Some(path)
            || self.rule_paths.iter().any(|r| path.starts_with(r))
            || self.problem_files.iter().any(|p| p == path)
    }
}

/// The problems of a miette report (and of the reports related to it), each in its file.
pub fn problems(report: &miette::Report, fallback: Option<&Path>) -> Vec<Problem> {
    let mut out = Vec::new();
    collect(report.as_ref(), fallback, &mut out);
    if out.is_empty() {
        out.push(Problem {
            file: fallback.map(Path::to_path_buf).unwrap_or_default(),
            span: None,
            message: report.to_string(),
        });
    }
    out
}

fn collect(diag: &dyn miette::Diagnostic, fallback: Option<&Path>, out: &mut Vec<Problem>) {
    if let Some(related) = diag.related() {
        let before = out.len();
        for r in related {
            collect(r, fallback, out);
        }
        if out.len() > before {
            return;
        }
    }
    let mut message = diag.to_string();
    if let Some(help) = diag.help() {
        message.push_str(&format!("\nhelp: {help}"));
    }
    let label = diag.labels().and_then(|mut l| l.next());
    let (file, span) = match (label, diag.source_code()) {
        (Some(label), Some(source)) => {
            let name = source
                .read_span(label.inner(), 0, 0)
                .ok()
                .and_then(|c| c.name().map(str::to_string));
            let file = name.map(PathBuf::from).or(fallback.map(Path::to_path_buf));
            (file, Some((label.offset(), label.len())))
        }
        _ => (fallback.map(Path::to_path_buf), None),
    };
    if let Some(file) = file {
        out.push(Problem {
            file,
            span,
            message,
        });
    }
}
