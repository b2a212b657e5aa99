//! The command line: `check`, `rules` (list, test), `explain`, `inspect`, `eval` and `lsp`. A thin driver: it loads the
//! rulebook, feeds documents to the engine and hands findings to an emitter.

mod chunks;
mod eval_cmd;
mod output;
mod records;
mod rules_cmd;

use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::config::Config;
use crate::engine::Engine;
use crate::input;
use crate::report::{self, FileResult, Format, Outcome, Summary};
use crate::rulebook::{self, RuleSource, Severity};

/// Exit codes: findings at or above the fail level, and usage/config/IO errors.
pub const EXIT_FINDINGS: u8 = 1;
pub const EXIT_ERROR: u8 = 2;

#[derive(Debug, Parser)]
#[command(
    name = "claimlint",
    version,
    about = "Audit press releases for forward-looking statements and promotional claims",
    long_about = "Audit press releases and other investor or medical communications for \
forward-looking statements (PSLRA safe harbor) and promotional claims (efficacy, safety, \
comparative, regulatory status, financial) before they are published.\n\n\
Exit codes: 0 clean, 1 findings at or above --fail-on, 2 usage, configuration or I/O error."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Audit files, directories (recursively) or standard input (`-`).
    Check(CheckArgs),
    /// List the rules of the rulebook, or run their self-tests (`rules test`).
    Rules(RulesArgs),
    /// Review baselines: record findings once, then report only new ones.
    Baseline {
        #[command(subcommand)]
        action: BaselineAction,
    },
    /// Show how a release is read: its sections, sentences, dateline and cautionary legend.
    Inspect {
        /// The file to inspect (`-` for standard input).
        path: PathBuf,
    },
    /// Show a rule's help, references and examples.
    Explain {
        /// Rule id, e.g. `comparative/superiority`.
        id: String,
        #[command(flatten)]
        rules: RuleArgs,
    },
    /// Score the rulebook on labelled data: FLS and claim precision/recall against a
    /// Li (2010) keyword baseline, regulator-quoted claim recall, neutral false positives.
    Eval(eval_cmd::EvalArgs),
    /// Run the language server on standard input/output (for editors; see the README's
    /// "Editor integration"). Reads claimlint.yaml from the workspace folders.
    Lsp,
}

/// Where the rulebook comes from.
#[derive(Debug, Clone, Args)]
pub struct RuleArgs {
    /// Add a rulebook (a YAML file or a directory of them). Repeatable.
    #[arg(long = "rules", value_name = "PATH")]
    rules: Vec<PathBuf>,
    /// Do not load the rulebook embedded in claimlint.
    #[arg(long)]
    no_default_rules: bool,
    /// Use this configuration file instead of discovering claimlint.yaml / .claimlint.yaml.
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    config: Option<PathBuf>,
    /// Ignore configuration files.
    #[arg(long)]
    no_config: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// What to audit and how to walk and read it.
#[derive(Debug, Args)]
struct InputArgs {
    /// Files or directories to audit; `-` (or nothing) reads standard input.
    paths: Vec<PathBuf>,
    /// Files larger than this many bytes are skipped (and reported as skipped).
    #[arg(long, value_name = "BYTES", default_value_t = input::DEFAULT_MAX_FILE_SIZE)]
    max_file_size: u64,
    /// Worker threads (default: one per core). Output is the same whatever the number.
    #[arg(long, short = 'j', value_name = "N")]
    threads: Option<usize>,
    /// When walking directories, audit only files matching this glob (repeatable). As with
    /// ripgrep's -g, globs take precedence over ignore files.
    #[arg(long, value_name = "GLOB")]
    include: Vec<String>,
    /// When walking directories, leave out files or directories matching this glob (repeatable).
    #[arg(long, value_name = "GLOB")]
    exclude: Vec<String>,
    /// Walk hidden files and directories too.
    #[arg(long)]
    hidden: bool,
    /// Do not respect .gitignore, .ignore and other ignore files.
    #[arg(long)]
    no_ignore: bool,
    /// Audit everything under the given directories: hidden, ignored and any file type.
    #[arg(long)]
    all: bool,
    /// No progress bar and no notes about skipped files.
    #[arg(long, short = 'q')]
    quiet: bool,
    /// Which reading of a .docx with tracked changes to audit: with the changes accepted
    /// (insertions are text, deletions are not), or the original text before them.
    #[arg(long, value_name = "READING", default_value = "accepted")]
    tracked_changes: input::container::TrackedChanges,
    /// Which PDF text extractor to use: poppler's pdftotext when installed (auto), poppler
    /// only, or the built-in pure-Rust reader.
    #[arg(long, value_name = "EXTRACTOR", default_value = "auto")]
    pdf_extractor: input::pdf::Extractor,
}

impl InputArgs {
    fn read_options(&self) -> input::ReadOptions {
        input::ReadOptions {
            tracked_changes: self.tracked_changes,
            pdf_extractor: self.pdf_extractor,
            ..input::ReadOptions::default()
        }
    }
}

/// What the inputs hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum InputKind {
    /// Files and directories of releases (text, Markdown, HTML, EDGAR).
    Files,
    /// Records, one JSON object per line: {"id": …, "text": …}; output is one NDJSON line per
    /// record, {"id": …, "findings": […]}, streamed, for use as a pipeline stage.
    Ndjson,
}

#[derive(Debug, Args)]
struct CheckArgs {
    #[command(flatten)]
    input: InputArgs,
    /// What the inputs hold: release files, or NDJSON records ({"id", "text"} per line).
    #[arg(long = "input", value_enum, default_value_t = InputKind::Files, value_name = "KIND")]
    input_kind: InputKind,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Lowest severity that makes the run fail (exit 1). Default: warning.
    #[arg(long, value_enum, value_name = "LEVEL")]
    fail_on: Option<Severity>,
    /// Colour in human output.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,
    /// Write the report to FILE (atomically: a partial report never replaces it).
    #[arg(long, short = 'o', value_name = "FILE")]
    output: Option<PathBuf>,
    /// Report only findings that are not in this review baseline (see `baseline create`).
    #[arg(long, value_name = "FILE")]
    baseline: Option<PathBuf>,
    /// HTML report: embed each document's full text, or only context around findings. `auto`
    /// embeds full texts for runs of up to 200 inputs.
    #[arg(long, value_enum, value_name = "MODE", default_value_t = report::html::TextMode::Auto)]
    html_text: report::html::TextMode,
    #[command(flatten)]
    rules: RuleArgs,
}

#[derive(Debug, Subcommand)]
enum BaselineAction {
    /// Record the current findings as a baseline file. Re-creating an existing baseline keeps
    /// the dispositions and reasons reviewers wrote into it.
    Create {
        /// The baseline file to write (JSON).
        #[arg(long, short = 'o', value_name = "FILE")]
        output: PathBuf,
        #[command(flatten)]
        input: InputArgs,
        #[command(flatten)]
        rules: RuleArgs,
    },
}

#[derive(Debug, Args)]
struct RulesArgs {
    #[command(subcommand)]
    action: Option<RulesAction>,
    /// Print every literal phrase of the rulebook, one per line, as the scanner matches them
    /// (folded, with hyphen/space variants): e.g. for `rg -i -F -f`.
    #[arg(long)]
    export_phrases: bool,
    #[command(flatten)]
    rules: RuleArgs,
}

#[derive(Debug, Subcommand)]
enum RulesAction {
    /// Run every rule's examples (the rulebook's own test suite). With PATHs, test those
    /// rulebooks on their own instead of the configured one.
    Test {
        /// Rulebook files or directories to test.
        paths: Vec<PathBuf>,
    },
}

pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(EXIT_ERROR)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    let result = match cli.command {
        Command::Check(args) => check(&args),
        Command::Baseline {
            action:
                BaselineAction::Create {
                    output,
                    input,
                    rules,
                },
        } => baseline_create(&output, &input, &rules),
        Command::Rules(args) => rules_cmd::rules(&args.rules, args.action, args.export_phrases),
        Command::Explain { id, rules } => rules_cmd::explain(&rules, &id),
        Command::Inspect { path } => inspect(&path),
        Command::Eval(args) => eval_cmd::eval(&args),
        Command::Lsp => return ExitCode::from(crate::lsp::run_stdio()),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(report) => {
            print_error(&report);
            ExitCode::from(EXIT_ERROR)
        }
    }
}

fn stderr_color() -> bool {
    io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}

/// Prints a miette report to stderr.
pub fn print_error(report: &miette::Report) {
    let theme = if stderr_color() {
        miette::GraphicalTheme::unicode()
    } else {
        miette::GraphicalTheme::unicode_nocolor()
    };
    let handler = miette::GraphicalReportHandler::new_themed(theme);
    let mut out = String::new();
    if handler.render_report(&mut out, report.as_ref()).is_err() {
        out = format!("{report}");
    }
    let _ = writeln!(io::stderr(), "{out}");
}

/// The configuration in force for this run.
fn config_for(args: &RuleArgs) -> Result<Config, miette::Report> {
    if args.no_config {
        return Ok(Config::none());
    }
    let path = match &args.config {
        Some(p) => Some(p.clone()),
        None => std::env::current_dir()
            .ok()
            .and_then(|dir| Config::discover(&dir)),
    };
    match path {
        Some(p) => Config::load(&p),
        None => Ok(Config::none()),
    }
}

/// Loads, validates and compiles the rulebook the arguments and configuration ask for.
pub(crate) fn engine_for(args: &RuleArgs, config: &Config) -> Result<Engine, miette::Report> {
    build_engine(config, &args.rules, !args.no_default_rules)
}

/// The engine for a configuration, plus extra rulebooks; the embedded rulebook only when both
/// the configuration and `default_rules` want it. Shared with the language server.
pub fn build_engine(
    config: &Config,
    extra_rules: &[PathBuf],
    default_rules: bool,
) -> Result<Engine, miette::Report> {
    let mut sources: Vec<RuleSource> = Vec::new();
    if config.default_rules && default_rules {
        sources.extend(rulebook::embedded::sources());
    }
    for path in config.rules.iter().chain(extra_rules) {
        sources.extend(rulebook::read_sources(path)?);
    }
    let mut book = rulebook::load(&sources).map_err(miette::Report::new)?;
    config.apply(&mut book)?;
    let engine = Engine::new(book).map_err(miette::Report::new)?;
    examples_hold(&engine, &sources)?;
    Ok(engine)
}

/// A rulebook whose own examples fail is refused like any other rulebook error (the embedded
/// rulebook's examples are checked by its tests): one diagnostic per failing example, at its
/// file:line:column, and nothing is loaded.
fn examples_hold(engine: &Engine, sources: &[RuleSource]) -> Result<(), miette::Report> {
    let user: Vec<&RuleSource> = sources
        .iter()
        .filter(|s| !s.name.starts_with("<default>/"))
        .collect();
    if user.is_empty() {
        return Ok(());
    }
    let report = crate::selftest::run(engine, |r| {
        user.iter().any(|s| s.name.as_str() == &*r.origin.file)
    });
    if report.failures.is_empty() {
        return Ok(());
    }
    let problems: Vec<miette::Report> = report
        .failures
        .iter()
        .map(|f| {
            let verb = if f.expected_flag { "flag" } else { "pass" };
            let source = user.iter().find(|s| s.name.as_str() == &*f.file);
            let text = source.map_or_else(|| std::sync::Arc::from(""), |s| s.text.clone());
            let at = rulebook::load::byte_offset_of(&text, f.line, f.column);
            let (message, label) = match &f.rewording {
                Some(problem) => (
                    format!("rule `{}`: suggested rewording {problem}", f.rule),
                    "suggestion checked on this example".to_string(),
                ),
                None => (
                    format!(
                        "rule `{}` does not {verb} its example {:?}",
                        f.rule, f.example
                    ),
                    format!("should {verb}"),
                ),
            };
            let report = miette::miette!(
                code = "claimlint::rulebook",
                labels = vec![miette::LabeledSpan::at(at..at, label)],
                help =
                    "fix the rule or its example; `claimlint rules test FILE` runs every example",
                "{message}"
            );
            report.with_source_code(miette::NamedSource::new(&f.file, text))
        })
        .collect();
    Err(miette::Report::new(rulebook::LoadError { problems }))
}

fn check(args: &CheckArgs) -> Result<u8, miette::Report> {
    let config = config_for(&args.rules)?;
    let engine = engine_for(&args.rules, &config)?;
    let fail_on = args.fail_on.or(config.fail_on).unwrap_or(Severity::Warning);
    let color = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            args.output.is_none()
                && io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none()
        }
    };
    if args.input_kind == InputKind::Ndjson {
        return records::check_records(args, &engine, fail_on);
    }
    let baseline = args.baseline.as_ref().or(config.baseline.as_ref());
    let filter = match baseline {
        Some(path) => Some(crate::baseline::Filter::new(
            &crate::baseline::Baseline::load(path)?,
            crate::baseline::Paths::from_cwd(path),
        )),
        None => None,
    };
    let run = Run {
        engine: &engine,
        input: &args.input,
        output: args.output.as_deref(),
        stream: args.output.is_none() && args.format != Format::Json,
        filter,
    };
    let emitter = report::emitter_with(args.format, color, args.html_text);
    let mut summary = run.execute(emitter, fail_on)?;
    summary.fail_on = Some(fail_on);
    Ok(exit_code(&summary, fail_on))
}

fn baseline_create(
    output: &std::path::Path,
    input: &InputArgs,
    rules: &RuleArgs,
) -> Result<u8, miette::Report> {
    let config = config_for(rules)?;
    let engine = engine_for(rules, &config)?;
    // Reviewers' dispositions in an existing baseline are carried over.
    let previous = if output.exists() {
        Some(crate::baseline::Baseline::load(output)?)
    } else {
        None
    };
    let run = Run {
        engine: &engine,
        input,
        output: Some(output),
        stream: false,
        filter: None,
    };
    let summary = run.execute(
        Box::new(crate::baseline::Collector::new(
            previous,
            crate::baseline::Paths::from_cwd(output),
        )),
        Severity::Info,
    )?;
    let _ = writeln!(
        io::stderr(),
        "baseline: {} recorded in {}",
        report::plural(summary.findings(), "finding", "findings"),
        output.display()
    );
    Ok(if summary.failed_files > 0 {
        EXIT_ERROR
    } else {
        0
    })
}

/// One audit run: inputs walked, audited in parallel, results emitted in order.
struct Run<'a> {
    engine: &'a Engine,
    input: &'a InputArgs,
    /// Write to this file (atomically) instead of stdout.
    output: Option<&'a std::path::Path>,
    /// Flush after every file so streaming formats reach a pipe as files finish.
    stream: bool,
    filter: Option<crate::baseline::Filter>,
}

impl Run<'_> {
    fn execute(
        self,
        mut emitter: Box<dyn report::Emitter>,
        fail_on: Severity,
    ) -> Result<Summary, miette::Report> {
        let args = self.input;
        let walk = input::WalkOptions {
            include: args.include.clone(),
            exclude: args.exclude.clone(),
            hidden: args.hidden,
            no_ignore: args.no_ignore,
            all: args.all,
        };
        let (inputs, walk_errors) = input::collect(&args.paths, &walk);
        emitter.inputs(inputs.len() + walk_errors.len());
        let threads = args.threads.unwrap_or_else(crate::batch::default_threads);
        let progress = progress_bar(inputs.len(), args.quiet);

        let mut target = output::ReportTarget::open(self.output)?;
        let writer = target.writer();
        let mut summary = Summary {
            fail_on: Some(fail_on),
            ..Summary::default()
        };
        let mut sink = Sink {
            out: BufWriter::new(writer),
            emitter,
            book: self.engine.rulebook(),
            summary: &mut summary,
            stream: self.stream,
            quiet: args.quiet,
            filter: self.filter,
        };
        let engine = self.engine;
        let read_options = args.read_options();
        let run = (|| {
            for e in &walk_errors {
                sink.emit(FileResult {
                    path: &e.path,
                    outcome: Outcome::Failed {
                        error: e.message.clone(),
                    },
                    to_file: None,
                    origin: None,
                })?;
            }
            let (chunks, bytes) = chunks::chunk_inputs(&inputs, threads);
            if threads > 1 && bytes >= COMPILE_UP_FRONT_BYTES {
                std::thread::scope(|scope| {
                    for part in 0..threads {
                        scope.spawn(move || engine.compile_share(part, threads));
                    }
                });
            }
            crate::batch::run_ordered(
                &chunks,
                threads,
                AUDIT_WINDOW,
                |audited: &Vec<Audited>| audited.iter().map(Audited::weight).sum(),
                |chunk| {
                    let files = inputs.get(chunk.clone()).unwrap_or_default();
                    audit_inputs(engine, files, args.max_file_size, &read_options)
                },
                |_, audited| {
                    for one in audited {
                        progress.inc(1);
                        sink.emit_audited(one)?;
                    }
                    Ok::<(), io::Error>(())
                },
            )?;
            sink.finish()
        })();
        progress.finish_and_clear();
        drop(sink);

        match run {
            Ok(()) => {}
            // The reader went away (`claimlint check … | head`): stop quietly.
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {}
            Err(e) => {
                return Err(miette::miette!(
                    code = "claimlint::io",
                    "cannot write the report: {e}"
                ));
            }
        }
        target.commit()?;
        Ok(summary)
    }
}

fn progress_bar(total: usize, quiet: bool) -> indicatif::ProgressBar {
    if quiet || total < 2 || !io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(total as u64);
    if let Ok(style) = indicatif::ProgressStyle::with_template(
        "{spinner} {pos}/{len} files [{elapsed_precise}] {wide_bar} {per_sec} eta {eta}",
    ) {
        bar.set_style(style);
    }
    bar
}

/// One input, read and audited (owned, so it can cross threads).
enum Audited {
    Ready {
        decoded: input::Decoded,
        units: Vec<(String, Vec<crate::Finding>)>,
    },
    Skipped {
        name: String,
        reason: String,
    },
    Failed {
        name: String,
        error: String,
    },
}

/// From this much input on, the threads compile the rulebook's regexes together before they
/// start (see [`Engine::compile_share`]): a run this big uses nearly all of them, while a small
/// one compiles only those its text needs, on first use.
const COMPILE_UP_FRONT_BYTES: u64 = 16 << 20;

/// Results may wait for an earlier, bigger file up to this much: enough for the small files
/// another thread audits meanwhile, while memory stays bounded by the biggest file per thread
/// plus this.
const AUDIT_WINDOW: crate::batch::Window = crate::batch::Window {
    items: 4096,
    weight: 64 << 20,
};

impl Audited {
    /// About how many bytes a result holds while it waits to be delivered.
    fn weight(&self) -> usize {
        /// A finding with its message and help, roughly.
        const FINDING_BYTES: usize = 256;
        match self {
            Audited::Ready { decoded, units } => {
                decoded.text.len()
                    + units
                        .iter()
                        .map(|(name, findings)| name.len() + findings.len() * FINDING_BYTES)
                        .sum::<usize>()
            }
            Audited::Skipped { name, reason } => name.len() + reason.len(),
            Audited::Failed { name, error } => name.len() + error.len(),
        }
    }
}

/// Reads and audits `inputs` (one chunk of the run): the documents of every file read are
/// audited together ([`Engine::audit_many`]), each exactly as on its own. One result per input,
/// in order.
fn audit_inputs(
    engine: &Engine,
    inputs: &[input::Input],
    max_file_size: u64,
    options: &input::ReadOptions,
) -> Vec<Audited> {
    let loaded: Vec<_> = inputs
        .iter()
        .map(|input| input::read_with(input, max_file_size, options))
        .collect();
    let ready = || {
        loaded.iter().filter_map(|l| match l {
            Ok(input::Loaded::Ready(prepared)) => Some(prepared),
            _ => None,
        })
    };
    let docs: Vec<crate::document::Document<'_>> = ready()
        .flat_map(|p| {
            p.units
                .iter()
                .map(|unit| crate::document::Document::new(unit.text(&p.decoded)))
        })
        .collect();
    let mut findings = engine.audit_many(&docs).into_iter();
    drop(docs);
    let mut out = Vec::with_capacity(inputs.len());
    for (input, loaded) in inputs.iter().zip(loaded) {
        out.push(match loaded {
            Ok(input::Loaded::Ready(prepared)) => {
                let suppressions = if crate::suppress::applies_to(prepared.format) {
                    crate::suppress::Suppressions::scan(&prepared.decoded.text)
                } else {
                    crate::suppress::Suppressions::default()
                };
                let units = prepared
                    .units
                    .iter()
                    .map(|unit| {
                        let mut found = findings.next().unwrap_or_default();
                        unit.to_decoded(&mut found);
                        suppressions.filter(engine.rulebook(), &mut found);
                        (unit.name.clone(), found)
                    })
                    .collect();
                Audited::Ready {
                    decoded: prepared.decoded,
                    units,
                }
            }
            Ok(input::Loaded::Skipped(skip)) => Audited::Skipped {
                name: input.display_name(),
                reason: skip.to_string(),
            },
            Err(error) => Audited::Failed {
                name: input.display_name(),
                error,
            },
        });
    }
    out
}

/// Where results go: the emitter, the report writer and the running summary.
struct Sink<'a, W: Write> {
    out: W,
    emitter: Box<dyn report::Emitter>,
    book: &'a rulebook::Rulebook,
    summary: &'a mut Summary,
    /// Flush after every file so streaming formats reach a pipe as files finish.
    stream: bool,
    quiet: bool,
    /// Findings already in a review baseline are left out.
    filter: Option<crate::baseline::Filter>,
}

impl<W: Write> Sink<'_, W> {
    fn emit(&mut self, result: FileResult<'_>) -> io::Result<()> {
        self.summary.add(&result);
        match &result.outcome {
            Outcome::Failed { error } => {
                let _ = writeln!(io::stderr(), "error: {}: {error}", result.path);
            }
            Outcome::Skipped { reason } if !self.quiet => {
                let _ = writeln!(io::stderr(), "skipped: {}: {reason}", result.path);
            }
            _ => {}
        }
        self.emitter.file(&mut self.out, self.book, &result)?;
        if self.stream {
            self.out.flush()?;
        }
        Ok(())
    }

    fn emit_audited(&mut self, audited: Audited) -> io::Result<()> {
        match audited {
            Audited::Ready { decoded, mut units } => {
                for (name, findings) in &mut units {
                    if let Some(filter) = self.filter.as_mut() {
                        self.summary.baselined += filter.apply(self.book, name, findings);
                    }
                    self.emit(FileResult {
                        path: name,
                        outcome: Outcome::Audited {
                            source: &decoded.text,
                            findings,
                        },
                        to_file: decoded.to_file.as_ref(),
                        origin: decoded.origin.as_ref(),
                    })?;
                }
                Ok(())
            }
            Audited::Skipped { name, reason } => self.emit(FileResult {
                path: &name,
                outcome: Outcome::Skipped { reason },
                to_file: None,
                origin: None,
            }),
            Audited::Failed { name, error } => self.emit(FileResult {
                path: &name,
                outcome: Outcome::Failed { error },
                to_file: None,
                origin: None,
            }),
        }
    }

    fn finish(&mut self) -> io::Result<()> {
        self.emitter.finish(&mut self.out, self.summary)?;
        self.out.flush()
    }
}

fn inspect(path: &std::path::Path) -> Result<u8, miette::Report> {
    let input = if path.as_os_str() == "-" {
        input::Input::Stdin
    } else {
        input::Input::File(path.to_path_buf())
    };
    let prepared = match input::read(&input, input::DEFAULT_MAX_FILE_SIZE) {
        Ok(input::Loaded::Ready(p)) => p,
        Ok(input::Loaded::Skipped(skip)) => {
            return Err(miette::miette!(
                code = "claimlint::input",
                "{}: skipped: {skip}",
                input.display_name()
            ));
        }
        Err(e) => {
            return Err(miette::miette!(
                code = "claimlint::io",
                "{}: {e}",
                input.display_name()
            ));
        }
    };
    let Some(unit) = prepared.units.first() else {
        return Ok(0);
    };
    let text = unit.text(&prepared.decoded).to_string();
    if prepared.units.len() > 1 {
        eprintln!(
            "note: {} units in this file; showing {}",
            prepared.units.len(),
            unit.name
        );
    }
    let doc = crate::document::Document::new(&text);
    let mut s = String::new();
    if let Some(d) = &doc.dateline {
        let date = d
            .date
            .map(|d| format!("{:04}-{:02}-{:02}", d.year, d.month, d.day))
            .unwrap_or_else(|| "no date".into());
        s.push_str(&format!("dateline: {:?} ({date})\n", &text[d.start..d.end]));
    } else {
        s.push_str("dateline: none found\n");
    }
    match doc.legend_span() {
        Some(_) => {
            let topics = crate::document::legend::risk_topics(&doc.legend_text());
            s.push_str(&format!(
                "cautionary legend: {} block(s); risk topics: {}\n",
                doc.legend.len(),
                if topics.is_empty() {
                    "none".to_string()
                } else {
                    topics.join(", ")
                }
            ));
        }
        None => s.push_str("cautionary legend: none found\n"),
    }
    let index = crate::text::LineIndex::new(&text);
    for sentence in &doc.sentences {
        let (line, col) = index.line_col(&text, sentence.start);
        let body = crate::text::collapse_whitespace(&text[sentence.start..sentence.end]);
        let short: String = body.chars().take(100).collect();
        let ellipsis = if short.len() < body.len() { "…" } else { "" };
        s.push_str(&format!(
            "{line:>4}:{col:<4} {:<11} {short}{ellipsis}\n",
            sentence.section.as_str()
        ));
    }
    match io::stdout().lock().write_all(s.as_bytes()) {
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => Err(miette::miette!(
            code = "claimlint::io",
            "cannot write output: {e}"
        )),
        _ => Ok(0),
    }
}

pub(super) fn exit_code(summary: &Summary, fail_on: Severity) -> u8 {
    if summary.failed_files > 0 {
        EXIT_ERROR
    } else if summary.at_or_above(fail_on) > 0 {
        EXIT_FINDINGS
    } else {
        0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exit_codes_follow_the_contract() {
        let mut s = Summary {
            warnings: 1,
            ..Summary::default()
        };
        assert_eq!(exit_code(&s, Severity::Warning), EXIT_FINDINGS);
        assert_eq!(exit_code(&s, Severity::Error), 0);
        s.failed_files = 1;
        assert_eq!(exit_code(&s, Severity::Error), EXIT_ERROR);
    }

    #[test]
    fn stdin_is_the_default_input() {
        let (inputs, errors) = input::collect(&[], &input::WalkOptions::default());
        assert_eq!(inputs, vec![input::Input::Stdin]);
        assert!(errors.is_empty());
    }
}
