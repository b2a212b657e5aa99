//! `claimlint rules`, `claimlint rules test` and `claimlint explain`.

use std::io::{self, Write};

use super::{RuleArgs, RulesAction, config_for, engine_for};
use crate::config::Config;
use crate::engine::Engine;
use crate::rulebook::{self, RuleKind};
use crate::selftest;

pub(super) fn rules(
    args: &RuleArgs,
    action: Option<RulesAction>,
    export_phrases: bool,
) -> Result<u8, miette::Report> {
    match action {
        None if export_phrases => phrases(args),
        None => list(args),
        Some(RulesAction::Test { paths }) => test(args, &paths),
    }
}

fn write_err(e: io::Error) -> miette::Report {
    miette::miette!(code = "claimlint::io", "cannot write output: {e}")
}

fn phrases(args: &RuleArgs) -> Result<u8, miette::Report> {
    let config = config_for(args)?;
    let engine = engine_for(args, &config)?;
    let mut body = String::new();
    for phrase in engine.matcher().phrases() {
        body.push_str(phrase);
        body.push('\n');
    }
    match io::stdout().lock().write_all(body.as_bytes()) {
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => Err(write_err(e)),
        _ => Ok(0),
    }
}

fn list(args: &RuleArgs) -> Result<u8, miette::Report> {
    let config = config_for(args)?;
    let engine = engine_for(args, &config)?;
    let book = engine.rulebook();
    let width = book.rules.iter().map(|r| r.id.len()).max().unwrap_or(0);
    let mut out = io::stdout().lock();
    let mut body = String::new();
    for rule in &book.rules {
        body.push_str(&format!(
            "{:<width$}  {:<20}  {:<7}  {}\n",
            rule.id,
            rule.category.as_str(),
            rule.severity.as_str(),
            rule.message.replace("{match}", "…"),
        ));
    }
    body.push_str(&format!("{} rules\n", book.rules.len()));
    match out.write_all(body.as_bytes()) {
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => Err(write_err(e)),
        _ => Ok(0),
    }
}

fn test(args: &RuleArgs, paths: &[std::path::PathBuf]) -> Result<u8, miette::Report> {
    let engine = if paths.is_empty() {
        let config = config_for(args)?;
        engine_for(args, &config)?
    } else {
        let mut sources = Vec::new();
        for p in paths {
            sources.extend(rulebook::read_sources(p)?);
        }
        let book = rulebook::load(&sources).map_err(miette::Report::new)?;
        Engine::new(book).map_err(miette::Report::new)?
    };
    let report = selftest::run(&engine, |_| true);
    let mut err = io::stderr().lock();
    for failure in &report.failures {
        let _ = writeln!(err, "FAIL {failure}");
    }
    let without: Vec<&str> = engine
        .rulebook()
        .rules
        .iter()
        .filter(|r| r.examples.flag.is_empty() || r.examples.pass.is_empty())
        .map(|r| r.id.as_str())
        .collect();
    for id in &without {
        let _ = writeln!(err, "note: rule `{id}` lacks flag or pass examples");
    }
    let verdict = if report.failures.is_empty() {
        "ok"
    } else {
        "FAILED"
    };
    let line = format!(
        "rules test {verdict}: {} rules, {} examples, {} failed\n",
        report.rules,
        report.examples,
        report.failures.len()
    );
    io::stdout()
        .lock()
        .write_all(line.as_bytes())
        .map_err(write_err)?;
    Ok(if report.failures.is_empty() {
        0
    } else {
        super::EXIT_FINDINGS
    })
}

pub(super) fn explain(args: &RuleArgs, id: &str) -> Result<u8, miette::Report> {
    let config: Config = config_for(args)?;
    let engine = engine_for(args, &config)?;
    let Some(rule) = engine.rulebook().get(id) else {
        let known: Vec<&str> = engine
            .rulebook()
            .rules
            .iter()
            .map(|r| r.id.as_str())
            .collect();
        let close: Vec<&str> = known
            .iter()
            .copied()
            .filter(|k| {
                k.contains(id)
                    || id.contains(*k)
                    || k.split('/').next_back() == id.split('/').next_back()
            })
            .collect();
        let help = if close.is_empty() {
            "`claimlint rules` lists the rule ids".to_string()
        } else {
            format!("did you mean: {}", close.join(", "))
        };
        return Err(miette::miette!(
            code = "claimlint::usage",
            help = help,
            "no rule `{id}`"
        ));
    };
    let mut s = String::new();
    s.push_str(&format!("{}\n", rule.id));
    s.push_str(&format!("  category:   {}\n", rule.category));
    s.push_str(&format!("  severity:   {}\n", rule.severity));
    s.push_str(&format!("  defined at: {}\n", rule.origin));
    match &rule.kind {
        RuleKind::Document(check) => s.push_str(&format!(
            "  check:      {} (document level)\n",
            check.as_str()
        )),
        RuleKind::Text(t) => {
            let scope: Vec<&str> = t.scope.sections().map(|s| s.as_str()).collect();
            s.push_str(&format!("  scope:      {}\n", scope.join(", ")));
            if !t.phrases.is_empty() {
                s.push_str(&format!("  phrases:    {}\n", t.phrases.join(" | ")));
            }
            for p in &t.patterns {
                s.push_str(&format!("  pattern:    {p}\n"));
            }
            for c in &t.unless {
                s.push_str(&format!(
                    "  unless:     {} (within {:?})\n",
                    c.regex.as_str(),
                    c.within
                ));
            }
            for c in &t.requires {
                s.push_str(&format!(
                    "  requires:   {} (within {:?})\n",
                    c.regex.as_str(),
                    c.within
                ));
            }
        }
    }
    s.push_str(&format!("\nmessage:\n  {}\n", rule.message));
    if !rule.help.is_empty() {
        s.push_str(&format!(
            "\nhelp:\n  {}\n",
            rule.help.trim().replace('\n', "\n  ")
        ));
    }
    if !rule.references.is_empty() {
        s.push_str("\nreferences:\n");
        for r in &rule.references {
            s.push_str(&format!("  - {r}\n"));
        }
    }
    if !rule.suggest.is_empty() {
        s.push_str("\nsuggested rewordings (editor code actions):\n");
        for sug in &rule.suggest {
            let with: Vec<String> = sug
                .with
                .iter()
                .map(|w| {
                    if w.is_empty() {
                        "(remove)".into()
                    } else {
                        format!("“{w}”")
                    }
                })
                .collect();
            let when = if sug.when.is_empty() {
                "any match".to_string()
            } else {
                sug.when.join(", ")
            };
            s.push_str(&format!("  - {when} → {}\n", with.join(" or ")));
        }
    }
    for (title, list) in [
        ("flags", &rule.examples.flag),
        ("passes", &rule.examples.pass),
    ] {
        if !list.is_empty() {
            s.push_str(&format!("\nexamples it {title}:\n"));
            for e in list {
                s.push_str(&format!("  - {}\n", e.text.trim().replace('\n', "\n    ")));
            }
        }
    }
    match io::stdout().lock().write_all(s.as_bytes()) {
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => Err(write_err(e)),
        _ => Ok(0),
    }
}
