//! Reading rulebook YAML into a validated [`Rulebook`], with errors that point at the file,
//! line and column to fix. Loading is all or nothing: one bad rule fails the whole load.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use miette::{Diagnostic, NamedSource, SourceSpan};
use serde::Deserialize;
use serde_saphyr::{Location, Spanned};

use super::lazy_regex::{self, LazyRegex};
use super::model::{
    Category, Condition, DocumentCheck, Example, Examples, Origin, Rule, RuleKind, Rulebook, Scope,
    Section, Severity, Suggestion, TextRule, Within,
};
use crate::text::normalize::fold_phrase;

/// Upper bound on one compiled pattern, so a rulebook cannot make the scanner huge.
const REGEX_SIZE_LIMIT: usize = 2 * 1024 * 1024;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    rules: Vec<Spanned<RawRule>>,
    #[serde(default)]
    context: Option<Spanned<RawContext>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawContext {
    #[serde(default)]
    scores: Option<Spanned<RawScores>>,
    #[serde(default)]
    modifiers: Vec<Spanned<RawModifier>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawScores {
    error: i32,
    warning: i32,
    info: i32,
    error_at: i32,
    warning_at: i32,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawModifier {
    id: Spanned<String>,
    label: String,
    weight: i32,
    #[serde(default)]
    categories: Vec<Category>,
    #[serde(default = "sentence_reach")]
    within: crate::context::Reach,
    #[serde(default)]
    phrases: Vec<String>,
    #[serde(default)]
    patterns: Vec<Spanned<String>>,
    #[serde(default)]
    sections: Vec<Section>,
    #[serde(default)]
    floor: Option<Severity>,
}

fn sentence_reach() -> crate::context::Reach {
    crate::context::Reach::Sentence
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawRule {
    id: Spanned<String>,
    category: Category,
    severity: Severity,
    message: String,
    #[serde(default)]
    help: String,
    #[serde(default)]
    references: Vec<String>,
    #[serde(default)]
    phrases: Vec<Spanned<String>>,
    #[serde(default)]
    patterns: Vec<Spanned<String>>,
    #[serde(default)]
    case_sensitive: bool,
    #[serde(default)]
    unless: Vec<Spanned<RawCondition>>,
    #[serde(default)]
    requires: Vec<Spanned<RawCondition>>,
    #[serde(default)]
    scope: Option<Vec<Section>>,
    #[serde(default)]
    check: Option<DocumentCheck>,
    #[serde(default)]
    examples: RawExamples,
    #[serde(default)]
    suggest: Vec<Spanned<RawSuggestion>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSuggestion {
    #[serde(default)]
    when: Vec<Spanned<String>>,
    with: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCondition {
    #[serde(default)]
    phrases: Vec<String>,
    #[serde(default)]
    patterns: Vec<Spanned<String>>,
    #[serde(default)]
    within: Within,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawExamples {
    #[serde(default)]
    flag: Vec<Spanned<String>>,
    #[serde(default)]
    pass: Vec<Spanned<String>>,
}

/// One problem in a rulebook, pointing at its place in the file.
#[derive(Debug, thiserror::Error, Diagnostic)]
#[error("{message}")]
#[diagnostic(code(claimlint::rulebook))]
pub struct RuleError {
    message: String,
    #[source_code]
    source_code: NamedSource<Arc<str>>,
    #[label("{label}")]
    span: SourceSpan,
    label: String,
    #[help]
    help: Option<String>,
}

/// Every problem found while loading rulebooks. Nothing is loaded when this is returned.
#[derive(Debug, thiserror::Error, Diagnostic)]
#[error("the rulebook could not be loaded ({} problem{})", .problems.len(), if .problems.len() == 1 { "" } else { "s" })]
pub struct LoadError {
    #[related]
    pub problems: Vec<miette::Report>,
}

/// A rulebook file's name (as shown in messages) and its text.
pub struct RuleSource {
    pub name: String,
    pub text: Arc<str>,
    /// The embedded rulebook, whose patterns its tests compile: compiled on first use.
    pub trusted: bool,
}

impl RuleSource {
    pub fn new(name: impl Into<String>, text: impl Into<Arc<str>>) -> Self {
        RuleSource {
            name: name.into(),
            text: text.into(),
            trusted: false,
        }
    }

    /// A source compiled lazily (see [`super::lazy_regex`]).
    pub fn trusted(name: impl Into<String>, text: impl Into<Arc<str>>) -> Self {
        RuleSource {
            trusted: true,
            ..RuleSource::new(name, text)
        }
    }
}

/// Collects the `.yaml`/`.yml` files under `path` (a file, or a directory read recursively,
/// in sorted order so load order is stable).
pub fn read_sources(path: &Path) -> Result<Vec<RuleSource>, miette::Report> {
    let mut files = Vec::new();
    collect_yaml(path, &mut files, true)?;
    files.sort();
    files
        .into_iter()
        .map(|file| {
            let text = std::fs::read_to_string(&file).map_err(|e| {
                miette::miette!(
                    code = "claimlint::io",
                    "cannot read rulebook {}: {e}",
                    file.display()
                )
            })?;
            Ok(RuleSource::new(file.display().to_string(), text))
        })
        .collect()
}

fn collect_yaml(path: &Path, out: &mut Vec<PathBuf>, explicit: bool) -> Result<(), miette::Report> {
    let meta = std::fs::metadata(path).map_err(|e| {
        miette::miette!(
            code = "claimlint::io",
            "cannot read rulebook {}: {e}",
            path.display()
        )
    })?;
    if meta.is_dir() {
        let entries = std::fs::read_dir(path).map_err(|e| {
            miette::miette!(
                code = "claimlint::io",
                "cannot list rulebook directory {}: {e}",
                path.display()
            )
        })?;
        for entry in entries {
            let entry = entry.map_err(|e| {
                miette::miette!(
                    code = "claimlint::io",
                    "cannot list rulebook directory {}: {e}",
                    path.display()
                )
            })?;
            collect_yaml(&entry.path(), out, false)?;
        }
    } else if explicit
        || matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("yaml" | "yml")
        )
    {
        out.push(path.to_path_buf());
    }
    Ok(())
}

/// Parses and validates rulebook sources into one [`Rulebook`].
pub fn load(sources: &[RuleSource]) -> Result<Rulebook, LoadError> {
    let mut problems = Vec::new();
    let mut rules = Vec::new();
    // id -> where it was first defined, to report duplicates across files.
    let mut seen: HashMap<String, Origin> = HashMap::new();
    let mut scores: Option<(RawScores, String)> = None;
    let mut modifiers: Vec<crate::context::Modifier> = Vec::new();
    for source in sources {
        let named = NamedSource::new(source.name.clone(), Arc::clone(&source.text));
        let file: RawFile = match serde_saphyr::from_str(&source.text) {
            Ok(file) => file,
            Err(err) => {
                problems.push(yaml_error(&err, &source.text, &source.name));
                continue;
            }
        };
        let ctx = FileCtx {
            named: &named,
            text: &source.text,
            file: Arc::from(source.name.as_str()),
            trusted: source.trusted,
        };
        if let Some(context) = file.context {
            let context = context.value;
            if let Some(s) = context.scores {
                if let Some((_, first)) = &scores {
                    problems.push(miette::Report::new(ctx.error_at(
                        "context scores defined twice".into(),
                        &s.referenced,
                        "defined again here",
                        Some(format!("they are already defined in {first}")),
                    )));
                } else {
                    scores = Some((s.value, source.name.clone()));
                }
            }
            for m in context.modifiers {
                match ctx.build_modifier(m, &modifiers) {
                    Ok(m) => modifiers.push(m),
                    Err(e) => problems.push(miette::Report::new(*e)),
                }
            }
        }
        for raw in file.rules {
            match ctx.build_rule(raw) {
                Ok(rule) => {
                    if let Some(first) = seen.get(&rule.id) {
                        problems.push(miette::Report::new(ctx.error(
                            format!("duplicate rule id `{}`", rule.id),
                            &rule_id_location(&rule, &ctx),
                            "defined again here",
                            Some(format!("`{}` is already defined at {first}", rule.id)),
                        )));
                    } else {
                        seen.insert(rule.id.clone(), rule.origin.clone());
                        rules.push(rule);
                    }
                }
                Err(errs) => problems.extend(errs.into_iter().map(miette::Report::new)),
            }
        }
    }
    let context = (!modifiers.is_empty() || scores.is_some()).then(|| {
        // The reference's mapping when a rulebook gives modifiers but no scores.
        let s = scores.map(|(s, _)| s).unwrap_or(RawScores {
            error: 3,
            warning: 1,
            info: 0,
            error_at: 3,
            warning_at: 1,
        });
        crate::context::ContextModel {
            base_error: s.error,
            base_warning: s.warning,
            base_info: s.info,
            error_at: s.error_at,
            warning_at: s.warning_at,
            modifiers,
        }
    });
    if problems.is_empty() {
        Ok(Rulebook { rules, context })
    } else {
        Err(LoadError { problems })
    }
}

/// A YAML or schema error as a report naming the file it came from.
pub(crate) fn yaml_error(err: &serde_saphyr::Error, text: &str, name: &str) -> miette::Report {
    let mut options = serde_saphyr::RenderOptions::default();
    options.source_name = Some(name);
    serde_saphyr::miette::to_miette_report_with_options(err, text, name, options)
}

/// Location of a rule's `id:` line, recovered from its origin line for duplicate reports.
fn rule_id_location(rule: &Rule, ctx: &FileCtx<'_>) -> SourceSpan {
    let line_start = ctx
        .text
        .split_inclusive('\n')
        .take(rule.origin.line.saturating_sub(1) as usize)
        .map(str::len)
        .sum::<usize>();
    let at = ctx.text[line_start..]
        .find(&rule.id)
        .map_or(line_start, |i| line_start + i);
    SourceSpan::new(at.into(), rule.id.len())
}

struct FileCtx<'a> {
    named: &'a NamedSource<Arc<str>>,
    text: &'a str,
    file: Arc<str>,
    trusted: bool,
}

impl FileCtx<'_> {
    fn span(&self, loc: &Location) -> SourceSpan {
        let span = loc.span();
        let offset = match span.byte_offset() {
            Some(b) => b as usize,
            None => byte_offset_of(self.text, loc.line(), loc.column()),
        };
        let len = span.byte_len().unwrap_or(1) as usize;
        SourceSpan::new(offset.min(self.text.len()).into(), len)
    }

    fn error(
        &self,
        message: String,
        span: &SourceSpan,
        label: &str,
        help: Option<String>,
    ) -> RuleError {
        RuleError {
            message,
            source_code: self.named.clone(),
            span: *span,
            label: label.to_string(),
            help,
        }
    }

    fn error_at(
        &self,
        message: String,
        loc: &Location,
        label: &str,
        help: Option<String>,
    ) -> RuleError {
        self.error(message, &self.span(loc), label, help)
    }

    fn build_rule(&self, raw: Spanned<RawRule>) -> Result<Rule, Vec<RuleError>> {
        let at = raw.referenced;
        let raw = raw.value;
        let mut errors = Vec::new();
        let id = raw.id.value.trim().to_string();
        if !is_valid_id(&id) {
            errors.push(self.error_at(
                format!("invalid rule id `{}`", raw.id.value),
                &raw.id.referenced,
                "this id",
                Some("ids are lower-case words joined by `-`, grouped with `/`, e.g. `comparative/superiority`".into()),
            ));
        }
        if raw.message.trim().is_empty() {
            errors.push(self.error_at(
                format!("rule `{id}` has an empty message"),
                &raw.id.referenced,
                "rule defined here",
                None,
            ));
        }
        let kind = match raw.check {
            Some(check) => {
                if !raw.phrases.is_empty()
                    || !raw.patterns.is_empty()
                    || !raw.unless.is_empty()
                    || !raw.requires.is_empty()
                {
                    errors.push(self.error_at(
                        format!("rule `{id}` is a document check (`check: {}`) and cannot also have phrases, patterns, unless or requires", check.as_str()),
                        &raw.id.referenced,
                        "rule defined here",
                        Some("split it into two rules".into()),
                    ));
                }
                if raw.scope.is_some() {
                    errors.push(self.error_at(
                        format!("rule `{id}` is a document check and cannot have a scope"),
                        &raw.id.referenced,
                        "rule defined here",
                        None,
                    ));
                }
                RuleKind::Document(check)
            }
            None => {
                if raw.phrases.is_empty() && raw.patterns.is_empty() {
                    errors.push(self.error_at(
                        format!("rule `{id}` matches nothing: it has no phrases, no patterns and no check"),
                        &raw.id.referenced,
                        "empty rule",
                        Some("add `phrases:` or `patterns:`, or name a document `check:`".into()),
                    ));
                }
                let scope = match &raw.scope {
                    Some(sections) if sections.is_empty() => {
                        errors.push(self.error_at(
                            format!("rule `{id}` has an empty scope, so it can never fire"),
                            &raw.id.referenced,
                            "rule defined here",
                            None,
                        ));
                        Scope::DEFAULT
                    }
                    Some(sections) => Scope::from_sections(sections),
                    None => Scope::DEFAULT,
                };
                if raw.category == Category::ForwardLooking && scope.contains(Section::SafeHarbor) {
                    errors.push(self.error_at(
                        format!("rule `{id}` is forward-looking and scoped to `safe-harbor`"),
                        &raw.id.referenced,
                        "rule defined here",
                        Some("cue words inside the cautionary statement are never findings; remove `safe-harbor` from the scope".into()),
                    ));
                }
                let mut phrases = Vec::new();
                for phrase in &raw.phrases {
                    if fold_phrase(&phrase.value).is_empty() {
                        errors.push(self.error_at(
                            "empty phrase".into(),
                            &phrase.referenced,
                            "this phrase is blank",
                            None,
                        ));
                    } else {
                        phrases.push(phrase.value.clone());
                    }
                }
                let mut compiled = Vec::new();
                for pattern in &raw.patterns {
                    match self.pattern(&pattern.value, raw.case_sensitive) {
                        Ok(re) => compiled.push(re),
                        Err(msg) => errors.push(self.error_at(
                            format!("invalid pattern in rule `{id}`"),
                            &pattern.referenced,
                            &msg,
                            Some("patterns use Rust `regex` syntax (no look-around or back-references); quote them with single quotes in YAML".into()),
                        )),
                    }
                }
                let mut conditions = [Vec::new(), Vec::new()];
                for (key, items, out) in
                    [("unless", &raw.unless, 0), ("requires", &raw.requires, 1)]
                {
                    for item in items {
                        match self.build_condition(&item.value, raw.case_sensitive) {
                            Ok(Some(c)) => conditions[out].push(c),
                            Ok(None) => errors.push(self.error_at(
                                format!(
                                    "an `{key}` entry of rule `{id}` has no phrases or patterns"
                                ),
                                &item.referenced,
                                "empty condition",
                                None,
                            )),
                            Err(e) => errors.push(*e),
                        }
                    }
                }
                let [unless, requires] = conditions;
                RuleKind::Text(TextRule {
                    phrases,
                    patterns: raw.patterns.iter().map(|p| p.value.clone()).collect(),
                    compiled,
                    unless,
                    requires,
                    scope,
                    case_sensitive: raw.case_sensitive,
                })
            }
        };
        let suggest = self.build_suggestions(&id, &raw.suggest, &kind, &mut errors);
        if errors.is_empty() {
            Ok(Rule {
                id,
                category: raw.category,
                severity: raw.severity,
                message: raw.message,
                help: raw.help,
                references: raw.references,
                kind,
                examples: Examples {
                    flag: raw.examples.flag.into_iter().map(example).collect(),
                    pass: raw.examples.pass.into_iter().map(example).collect(),
                },
                suggest,
                origin: Origin {
                    file: Arc::clone(&self.file),
                    line: at.line(),
                },
            })
        } else {
            Err(errors)
        }
    }

    /// Suggested rewordings: only for text rules; each `when` must be a phrase of the rule (a
    /// pattern rule's `when` is any text the rule matches, checked by `rules test`).
    fn build_suggestions(
        &self,
        id: &str,
        raw: &[Spanned<RawSuggestion>],
        kind: &RuleKind,
        errors: &mut Vec<RuleError>,
    ) -> Vec<Suggestion> {
        let mut out = Vec::new();
        for s in raw {
            let RuleKind::Text(text) = kind else {
                errors.push(self.error_at(
                    format!("rule `{id}` is a document check; only phrase and pattern rules can suggest rewordings"),
                    &s.referenced,
                    "suggestion here",
                    None,
                ));
                continue;
            };
            if s.value.with.is_empty() {
                errors.push(self.error_at(
                    format!("a `suggest` entry of rule `{id}` has no `with` replacements"),
                    &s.referenced,
                    "suggestion here",
                    Some("give one or more replacements; `\"\"` removes the words".into()),
                ));
            }
            let phrases: Vec<String> = text
                .phrases
                .iter()
                .map(|p| crate::suggest::key(p))
                .collect();
            let mut when = Vec::new();
            for w in &s.value.when {
                let key = crate::suggest::key(&w.value);
                if key.is_empty() {
                    errors.push(self.error_at(
                        "empty `when` text".into(),
                        &w.referenced,
                        "blank",
                        None,
                    ));
                } else if text.patterns.is_empty() && !phrases.contains(&key) {
                    errors.push(self.error_at(
                        format!("`{}` is not a phrase of rule `{id}`, so this suggestion can never apply", w.value),
                        &w.referenced,
                        "not one of the rule's phrases",
                        None,
                    ));
                } else {
                    when.push(key);
                }
            }
            out.push(Suggestion {
                when,
                with: s.value.with.iter().map(|w| w.trim().to_string()).collect(),
            });
        }
        out
    }

    fn build_modifier(
        &self,
        raw: Spanned<RawModifier>,
        earlier: &[crate::context::Modifier],
    ) -> Result<crate::context::Modifier, Box<RuleError>> {
        let at = raw.referenced;
        let raw = raw.value;
        let id = raw.id.value.trim().to_string();
        if !is_valid_id(&id) || earlier.iter().any(|m| m.id == id) {
            return Err(Box::new(self.error_at(
                format!("invalid or duplicate context modifier id `{id}`"),
                &raw.id.referenced,
                "this id",
                None,
            )));
        }
        if raw.weight == 0 {
            return Err(Box::new(self.error_at(
                format!("context modifier `{id}` has weight 0, so it can never change anything"),
                &at,
                "modifier defined here",
                None,
            )));
        }
        let condition = self.build_condition(
            &RawCondition {
                phrases: raw.phrases,
                patterns: raw.patterns,
                within: Within::Sentence,
            },
            false,
        )?;
        if condition.is_none() && raw.sections.is_empty() {
            return Err(Box::new(self.error_at(
                format!("context modifier `{id}` has no phrases, patterns or sections: it would apply to everything"),
                &at,
                "modifier defined here",
                None,
            )));
        }
        Ok(crate::context::Modifier {
            id,
            label: raw.label,
            weight: raw.weight,
            categories: raw.categories,
            reach: raw.within,
            evidence: condition
                .map(|c| crate::context::EvidencePattern::new(c.regex.as_str(), false)),
            sections: raw.sections,
            floor: raw.floor,
        })
    }

    /// A rule pattern: compiled and checked now, or for the embedded rulebook on first use.
    fn pattern(&self, pattern: &str, case_sensitive: bool) -> Result<LazyRegex, String> {
        if self.trusted {
            return Ok(LazyRegex::deferred(
                ascii_word_boundaries(pattern),
                case_sensitive,
                REGEX_SIZE_LIMIT,
            ));
        }
        compile_pattern(pattern, case_sensitive).map(|re| LazyRegex::compiled(re, case_sensitive))
    }

    fn build_condition(
        &self,
        raw: &RawCondition,
        case_sensitive: bool,
    ) -> Result<Option<Condition>, Box<RuleError>> {
        let mut alternatives: Vec<String> = raw.phrases.iter().map(|p| phrase_regex(p)).collect();
        for pattern in &raw.patterns {
            if !self.trusted {
                compile_pattern(&pattern.value, case_sensitive).map_err(|msg| {
                    Box::new(self.error_at(
                        "invalid pattern in a condition".into(),
                        &pattern.referenced,
                        &msg,
                        None,
                    ))
                })?;
            }
            alternatives.push(ascii_word_boundaries(&pattern.value));
        }
        if alternatives.is_empty() {
            return Ok(None);
        }
        let joined = alternatives
            .iter()
            .map(|a| format!("(?:{a})"))
            .collect::<Vec<_>>()
            .join("|");
        let regex = if self.trusted {
            LazyRegex::deferred(joined, case_sensitive, REGEX_SIZE_LIMIT)
        } else {
            let re = lazy_regex::build(&joined, case_sensitive, REGEX_SIZE_LIMIT).map_err(|e| {
                Box::new(
                    self.error_at(
                        "the condition is too large".into(),
                        &raw.patterns
                            .first()
                            .map_or(Location::UNKNOWN, |p| p.referenced),
                        &e.to_string(),
                        None,
                    ),
                )
            })?;
            LazyRegex::compiled(re, case_sensitive)
        };
        Ok(Some(Condition {
            regex,
            within: raw.within,
        }))
    }
}

fn example(raw: Spanned<String>) -> Example {
    Example {
        text: raw.value,
        line: raw.referenced.line(),
        column: raw.referenced.column(),
    }
}

fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.split('/').all(|part| {
            !part.is_empty()
                && part
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        })
}

/// Byte offset of a 1-based line and 1-based character column (the end of the text when past
/// it).
pub(crate) fn byte_offset_of(text: &str, line: u64, column: u64) -> usize {
    let mut offset = 0;
    for (i, l) in text.split_inclusive('\n').enumerate() {
        if i as u64 + 1 == line {
            let col = l
                .char_indices()
                .nth(column.saturating_sub(1) as usize)
                .map_or(l.len(), |(b, _)| b);
            return offset + col;
        }
        offset += l.len();
    }
    text.len()
}

/// A literal phrase as a regex over folded text: case folded by the caller, hyphens and spaces
/// interchangeable, word boundaries where the phrase begins or ends with a word character.
pub(crate) fn phrase_regex(phrase: &str) -> String {
    let folded = fold_phrase(phrase);
    let mut out = String::new();
    if folded
        .chars()
        .next()
        .is_some_and(crate::text::words::is_word_char)
    {
        out.push_str(r"(?-u:\b)");
    }
    for c in folded.chars() {
        match c {
            '-' | ' ' => out.push_str("[- ]"),
            _ => out.push_str(&regex::escape(&c.to_string())),
        }
    }
    if folded
        .chars()
        .next_back()
        .is_some_and(crate::text::words::is_word_char)
    {
        out.push_str(r"(?-u:\b)");
    }
    out
}

/// Rewrites `\b` outside character classes as the ASCII boundary `(?-u:\b)`, which keeps the
/// regex engine on its fast path; the true Unicode boundary at a match's edges is checked
/// afterwards on decoded characters.
pub(crate) fn ascii_word_boundaries(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len() + 16);
    let mut chars = pattern.chars().peekable();
    let mut class_depth = 0usize;
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('b') if class_depth == 0 => out.push_str(r"(?-u:\b)"),
                Some('B') if class_depth == 0 => out.push_str(r"(?-u:\B)"),
                Some(next) => {
                    out.push('\\');
                    out.push(next);
                }
                None => out.push('\\'),
            },
            '[' => {
                class_depth += 1;
                out.push(c);
            }
            ']' if class_depth > 0 => {
                class_depth -= 1;
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

/// Compiles a rule pattern, returning a message for the label on failure.
pub(crate) fn compile_pattern(pattern: &str, case_sensitive: bool) -> Result<regex::Regex, String> {
    let re = lazy_regex::build(
        &ascii_word_boundaries(pattern),
        case_sensitive,
        REGEX_SIZE_LIMIT,
    )
    .map_err(|e| match e {
        regex::Error::CompiledTooBig(limit) => {
            format!("pattern compiles to more than {limit} bytes; split or simplify it")
        }
        other => other
            .to_string()
            .lines()
            .last()
            .unwrap_or("invalid regex")
            .trim()
            .to_string(),
    })?;
    if re.is_match("") {
        return Err("this pattern matches empty text, so it would match everywhere".into());
    }
    Ok(re)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load_one(yaml: &str) -> Result<Rulebook, LoadError> {
        load(&[RuleSource::new("test.yaml", yaml)])
    }

    fn problem_text(err: &LoadError) -> String {
        err.problems
            .iter()
            .map(|p| {
                let mut s = String::new();
                let handler = miette::GraphicalReportHandler::new_themed(
                    miette::GraphicalTheme::unicode_nocolor(),
                );
                let _ = handler.render_report(&mut s, p.as_ref());
                s
            })
            .collect()
    }

    const GOOD: &str = r#"
rules:
  - id: comparative/superiority
    category: comparative-claim
    severity: warning
    message: "Comparative claim: {match}"
    help: Name the head-to-head trial.
    references: ["21 CFR 202.1(e)(6)(ii)"]
    phrases: ["superior to", "best-in-class"]
    patterns: ['\bequivalent\s+or\s+superior\b']
    unless:
      - phrases: ["superior vena cava"]
        within: match
    examples:
      flag: ["It is superior to placebo."]
      pass: ["The superior vena cava."]
"#;

    #[test]
    fn loads_a_valid_rule() {
        let book = load_one(GOOD)
            .map_err(|e| problem_text(&e))
            .unwrap_or_default();
        assert_eq!(book.rules.len(), 1);
        let rule = &book.rules[0];
        assert_eq!(rule.id, "comparative/superiority");
        assert_eq!(rule.origin.line, 3);
        let text = rule.text().map(|t| t.compiled.len());
        assert_eq!(text, Some(1));
    }

    #[test]
    fn unknown_key_points_at_line_and_column() {
        let yaml = "rules:\n  - id: a/b\n    category: safety-claim\n    severity: info\n    message: m\n    phrasez: [x]\n";
        let err = load_one(yaml)
            .err()
            .map(|e| problem_text(&e))
            .unwrap_or_default();
        assert!(err.contains("phrasez"), "{err}");
        assert!(err.contains("test.yaml:6"), "{err}");
    }

    #[test]
    fn invalid_regex_points_at_the_pattern() {
        let yaml = "rules:\n  - id: a/b\n    category: safety-claim\n    severity: info\n    message: m\n    patterns: ['(unclosed']\n";
        let err = load_one(yaml)
            .err()
            .map(|e| problem_text(&e))
            .unwrap_or_default();
        assert!(err.contains("invalid pattern"), "{err}");
        assert!(err.contains("test.yaml:6:"), "{err}");
    }

    #[test]
    fn duplicate_ids_across_files_are_rejected() {
        let a = "rules:\n  - id: a/b\n    category: safety-claim\n    severity: info\n    message: m\n    phrases: [x]\n";
        let err = load(&[
            RuleSource::new("one.yaml", a),
            RuleSource::new("two.yaml", a),
        ])
        .err()
        .map(|e| problem_text(&e))
        .unwrap_or_default();
        assert!(err.contains("duplicate rule id `a/b`"), "{err}");
        assert!(err.contains("one.yaml:2"), "{err}");
        assert!(err.contains("two.yaml:2"), "{err}");
    }

    #[test]
    fn empty_rule_and_empty_matching_pattern_are_rejected() {
        let yaml = "rules:\n  - id: a/b\n    category: safety-claim\n    severity: info\n    message: m\n  - id: a/c\n    category: safety-claim\n    severity: info\n    message: m\n    patterns: ['x*']\n";
        let err = load_one(yaml)
            .err()
            .map(|e| problem_text(&e))
            .unwrap_or_default();
        assert!(err.contains("matches nothing"), "{err}");
        assert!(err.contains("matches empty text"), "{err}");
    }

    #[test]
    fn wrong_type_is_reported() {
        let yaml = "rules:\n  - id: a/b\n    category: not-a-category\n    severity: info\n    message: m\n    phrases: [x]\n";
        let err = load_one(yaml)
            .err()
            .map(|e| problem_text(&e))
            .unwrap_or_default();
        assert!(err.contains("test.yaml:3"), "{err}");
    }

    #[test]
    fn forward_looking_rules_may_not_scope_the_legend() {
        let yaml = "rules:\n  - id: a/b\n    category: forward-looking\n    severity: info\n    message: m\n    phrases: [x]\n    scope: [body, safe-harbor]\n";
        let err = load_one(yaml)
            .err()
            .map(|e| problem_text(&e))
            .unwrap_or_default();
        assert!(err.contains("scoped to `safe-harbor`"), "{err}");
    }

    #[test]
    fn rewrites_word_boundaries_outside_classes_only() {
        assert_eq!(ascii_word_boundaries(r"\bx\b"), r"(?-u:\b)x(?-u:\b)");
        assert_eq!(ascii_word_boundaries(r"[\b]\\b"), r"[\b]\\b");
    }

    #[test]
    fn phrase_regex_treats_hyphen_and_space_alike() {
        let re = regex::RegexBuilder::new(&phrase_regex("well-tolerated"))
            .case_insensitive(true)
            .build()
            .map(|r| {
                (
                    r.is_match("Well tolerated"),
                    r.is_match("well-tolerated"),
                    r.is_match("swell-tolerated"),
                )
            });
        assert_eq!(re.ok(), Some((true, true, false)));
    }

    #[test]
    fn suggestions_are_validated_where_written() {
        let base = "rules:\n  - id: a/b\n    category: promotional-language\n    severity: info\n    message: m\n    phrases: [stellar]\n";
        let err = |tail: &str| {
            load_one(format!("{base}{tail}").as_str())
                .err()
                .map(|e| problem_text(&e))
                .unwrap_or_default()
        };
        let unknown = err("    suggest:\n      - when: [superb]\n        with: [good]\n");
        assert!(
            unknown.contains("`superb` is not a phrase of rule `a/b`"),
            "{unknown}"
        );
        assert!(unknown.contains("test.yaml:8:"), "{unknown}");
        let empty = err("    suggest:\n      - when: [stellar]\n        with: []\n");
        assert!(empty.contains("no `with` replacements"), "{empty}");
        let typo = err("    suggest:\n      - when: [stellar]\n        replace: [good]\n");
        assert!(typo.contains("replace"), "{typo}");
        let book = load_one(&format!(
            "{base}    suggest:\n      - when: [Stellar]\n        with: [strong]\n"
        ));
        let rule = book.as_ref().ok().and_then(|b| b.rules.first());
        assert_eq!(
            rule.map(|r| r.suggestions_for("STELLAR")),
            Some(vec!["strong"])
        );
        assert_eq!(rule.map(|r| r.suggestions_for("other")), Some(vec![]));
    }
}
