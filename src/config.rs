//! Project configuration: `claimlint.yaml` or `.claimlint.yaml`, found by walking up from the
//! working directory. Extra rulebooks, disabled rules, severity overrides, the fail level and the
//! review baseline.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use miette::{NamedSource, SourceSpan};
use serde::Deserialize;

use crate::rulebook::{Rulebook, Severity};

pub const FILE_NAMES: [&str; 2] = ["claimlint.yaml", ".claimlint.yaml"];

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawConfig {
    #[serde(default)]
    rules: Vec<String>,
    #[serde(default = "yes")]
    default_rules: bool,
    #[serde(default)]
    disable: Vec<String>,
    #[serde(default)]
    severity: BTreeMap<String, Severity>,
    #[serde(default)]
    fail_on: Option<Severity>,
    #[serde(default)]
    baseline: Option<String>,
}

fn yes() -> bool {
    true
}

/// A loaded configuration file.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// Where it was read from (None: no file).
    pub path: Option<PathBuf>,
    text: Arc<str>,
    /// Extra rulebooks, resolved against the file's directory.
    pub rules: Vec<PathBuf>,
    pub default_rules: bool,
    pub disable: Vec<String>,
    pub severity: BTreeMap<String, Severity>,
    pub fail_on: Option<Severity>,
    /// The review baseline `check` and the language server filter by, resolved against the
    /// file's directory.
    pub baseline: Option<PathBuf>,
}

#[derive(Debug, thiserror::Error, miette::Diagnostic)]
#[error("{message}")]
#[diagnostic(code(claimlint::config))]
pub struct ConfigError {
    message: String,
    #[source_code]
    source_code: Option<NamedSource<Arc<str>>>,
    #[label("here")]
    span: Option<SourceSpan>,
    #[help]
    help: Option<String>,
}

impl Config {
    /// The built-in configuration: default rulebook, nothing changed.
    pub fn none() -> Self {
        Config {
            default_rules: true,
            ..Config::default()
        }
    }

    /// Finds the nearest configuration file at or above `dir`.
    pub fn discover(dir: &Path) -> Option<PathBuf> {
        dir.ancestors()
            .flat_map(|d| FILE_NAMES.iter().map(move |n| d.join(n)))
            .find(|p| p.is_file())
    }

    pub fn load(path: &Path) -> Result<Config, miette::Report> {
        let text: Arc<str> = std::fs::read_to_string(path)
            .map_err(|e| {
                miette::miette!(
                    code = "claimlint::io",
                    "cannot read config {}: {e}",
                    path.display()
                )
            })?
            .into();
        let name = path.display().to_string();
        let raw: RawConfig = if text.trim().is_empty() {
            RawConfig {
                default_rules: true,
                ..RawConfig::default()
            }
        } else {
            serde_saphyr::from_str(&text)
                .map_err(|e| crate::rulebook::load::yaml_error(&e, &text, &name))?
        };
        let base = path.parent().unwrap_or(Path::new("."));
        Ok(Config {
            path: Some(path.to_path_buf()),
            rules: raw.rules.iter().map(|r| base.join(r)).collect(),
            default_rules: raw.default_rules,
            disable: raw.disable,
            severity: raw.severity,
            fail_on: raw.fail_on,
            baseline: raw.baseline.map(|b| base.join(b)),
            text,
        })
    }

    fn unknown_rule(&self, id: &str) -> ConfigError {
        let name = self
            .path
            .as_ref()
            .map(|p| p.display().to_string())
            .unwrap_or_default();
        let span = self
            .text
            .find(id)
            .map(|at| SourceSpan::new(at.into(), id.len()));
        ConfigError {
            message: format!("configuration names unknown rule `{id}`"),
            source_code: Some(NamedSource::new(name, Arc::clone(&self.text))),
            span,
            help: Some("`claimlint rules` lists the rule ids".into()),
        }
    }

    /// Applies disabled rules and severity overrides to a loaded rulebook.
    pub fn apply(&self, book: &mut Rulebook) -> Result<(), miette::Report> {
        for id in self.disable.iter().chain(self.severity.keys()) {
            if book.get(id).is_none() {
                return Err(self.unknown_rule(id).into());
            }
        }
        book.rules.retain(|r| !self.disable.contains(&r.id));
        for rule in &mut book.rules {
            if let Some(&severity) = self.severity.get(&rule.id) {
                rule.severity = severity;
            }
        }
        Ok(())
    }
}
