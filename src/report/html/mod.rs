//! `--format html`: one self-contained HTML file (inline CSS, JS and SVG; nothing fetched) with
//! an overview of the run and every document with its findings highlighted in place.
//!
//! Streaming, and why the overview comes last in the file: the overview's charts need counts
//! over the whole run, but the documents should not be held in memory until the end (an
//! archive may have tens of thousands). So each document is rendered and written as soon as
//! its `file()` call arrives (the page head with the first one), while the emitter keeps only
//! counters and small records (top-ten list, paths lacking a cautionary statement, counts per
//! month, the rules seen). `finish()` then writes the overview, the filter bar and the rules
//! after the documents, inside the same flex container; CSS `order` shows them first, and the
//! script moves them first in the DOM too, so keyboard and screen-reader order matches what is
//! seen. No second pass or temporary buffer is needed.
//!
//! Size: with `--html-text full` each document's whole text is embedded; with `context` only
//! the paragraphs holding findings (cropped around long sentences), so the file grows with the
//! number of findings, not with the archive's text. `auto` (the default) embeds full texts up
//! to [`AUTO_FULL_LIMIT`] inputs. In context mode a document's findings and excerpts sit in a
//! non-executed script element that the page renders when the document is opened (see
//! [`LAZY_OPEN`]). A run of more than [`PAGED_OVER`] inputs is paged: every document's whole
//! markup is inert (see [`DOC_OPEN`]) and the page builds [`PAGE_SIZE`] articles at a time, so
//! a 10,000-document report opens in about a second with a live DOM of one page.

mod charts;
pub mod escape;
mod markup;

use std::cmp::Reverse;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::{self, Write};

use super::{Emitter, FileResult, Outcome, Positions, Summary, plural};
use crate::document::Document;
use crate::finding::Finding;
use crate::rulebook::{Category, DocumentCheck, RuleKind, Rulebook, Severity};
use crate::text::OffsetMap;
use charts::Bar;
use escape::html;
use markup::Span;

const CSS: &str = include_str!("assets.css");
const JS: &str = include_str!("assets.js");

/// Context mode keeps each document's body as markup in a non-executed script element: the
/// parser passes over raw text far faster than it builds even an inert `<template>` tree (a
/// 10,000-document report took 7 s to parse with templates), and the page's script renders a
/// body when its document is opened. Safe because every piece of document text in the body is
/// escaped (it holds no `<`), and the report's own markup never contains `</script` or `<!--`.
const LAZY_OPEN: &str =
    "<script type=\"text/x-claimlint-body\" class=\"lazy\"><div class=\"body\">";
const LAZY_CLOSE: &str = "</div></script>";

/// `auto` embeds full texts when the run has at most this many inputs.
pub const AUTO_FULL_LIMIT: usize = 200;
/// Runs of more inputs than this are paged: each document's markup is inert (see
/// [`DOC_OPEN`]) and the page shows [`PAGE_SIZE`] documents at a time.
pub const PAGED_OVER: usize = 200;
pub const PAGE_SIZE: usize = 100;

/// A paged report keeps every document's whole markup (summary line and body) in a
/// non-executed script element carrying the document's filter attributes: the browser parses
/// 10,000 of these as raw text in a fraction of the time it takes to build 10,000 live
/// articles, and the page's script builds only the articles of the page shown. Safe for the
/// same reason as [`LAZY_OPEN`]; paged articles have no lazy body inside, so there is no
/// nested script.
const DOC_OPEN: &str = "<script type=\"text/x-claimlint-doc\" class=\"doc-src";
/// How many documents the "most serious" list shows.
const WORST: usize = 10;
/// How many documents lacking a cautionary statement are listed by name.
const LACKING_LISTED: usize = 100;
/// How many rules the rule chart shows.
const RULES_CHARTED: usize = 20;
/// Longest excerpt (bytes) shown whole in context mode; longer paragraphs are cropped.
const EXCERPT_MAX: usize = 1200;
/// Text kept either side of a finding's sentence when a paragraph is cropped.
const EXCERPT_PAD: usize = 280;

/// How much of each document's text the report embeds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum TextMode {
    /// Full texts for runs of up to 200 inputs, context excerpts for larger ones.
    #[default]
    Auto,
    /// Every document's whole text.
    Full,
    /// Only the paragraphs around findings.
    Context,
}

/// A rule as the overview and the rules list show it (the rulebook is not at hand in
/// `finish`).
struct RuleInfo {
    id: String,
    category: Category,
    severity: Severity,
    help: String,
    references: Vec<String>,
    count: usize,
}

/// One document in the "most serious" list.
struct Record {
    counts: [usize; 3],
    path: String,
    doc: usize,
}

impl Record {
    fn rank(&self) -> impl Ord + '_ {
        (
            Reverse(self.counts[0]),
            Reverse(self.counts[1]),
            Reverse(self.counts[2]),
            &self.path,
            self.doc,
        )
    }
}

#[derive(Default)]
pub struct Html {
    mode: TextMode,
    inputs: Option<usize>,
    full: Option<bool>,
    paged: Option<bool>,
    started: bool,
    docs: usize,
    audited: usize,
    skipped: usize,
    failed: usize,
    /// Findings by severity: error, warning, info.
    severity: [usize; 3],
    by_category: BTreeMap<Category, usize>,
    /// Rule index -> what is shown of it.
    rules: BTreeMap<usize, RuleInfo>,
    lacking: Vec<(usize, String)>,
    lacking_total: usize,
    worst: Vec<Record>,
    /// (year, month) -> findings by severity, for documents with a dated dateline.
    months: BTreeMap<(i32, u32), [usize; 3]>,
    dated_docs: usize,
}

fn sev_index(s: Severity) -> usize {
    match s {
        Severity::Error => 0,
        Severity::Warning => 1,
        Severity::Info => 2,
    }
}

const SEVERITIES: [Severity; 3] = [Severity::Error, Severity::Warning, Severity::Info];

/// The visible label of a category's highlights and badges.
pub fn category_label(c: Category) -> &'static str {
    match c {
        Category::ForwardLooking => "Forward-looking",
        Category::SafeHarbor => "Safe harbor",
        Category::EfficacyClaim => "Efficacy",
        Category::SafetyClaim => "Safety",
        Category::ComparativeClaim => "Comparative",
        Category::RegulatoryStatus => "Regulatory",
        Category::PromotionalLanguage => "Promotional",
        Category::FinancialDisclosure => "Financial",
        Category::Consistency => "Consistency",
    }
}

/// The text a unit was audited as (extracted from HTML, Markdown or an EDGAR exhibit, or the
/// source itself) and the map from it back to the source the findings point into.
struct View<'a> {
    text: std::borrow::Cow<'a, str>,
    map: Option<OffsetMap>,
}

impl View<'_> {
    /// A source span as a span of the shown text, on char boundaries.
    fn span(&self, start: usize, end: usize) -> (usize, usize) {
        let (s, e) = match &self.map {
            Some(m) => m.from_source(start, end),
            None => (start, end),
        };
        let len = self.text.len();
        let s = floor_char(&self.text, s.min(len));
        let e = ceil_char(&self.text, e.min(len)).max(s);
        (s, e)
    }
}

fn floor_char(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil_char(s: &str, mut i: usize) -> usize {
    while i < s.len() && !s.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// Re-derives the audited text of the unit named `path` from its decoded source, the way the
/// input stage made it, so spans map exactly. Falls back to the source itself.
fn view<'a>(path: &str, source: &'a str) -> View<'a> {
    let find = |name: &str| {
        let (_, units) = crate::input::split_units(name, source);
        units.into_iter().find(|u| u.name == path)
    };
    let unit = find(path).or_else(|| path.rsplit_once('#').and_then(|(base, _)| find(base)));
    match unit.and_then(|u| u.extracted) {
        Some(x) => View {
            text: x.text.into(),
            map: Some(x.to_decoded),
        },
        None => View {
            text: source.into(),
            map: None,
        },
    }
}

impl Html {
    pub fn new(mode: TextMode) -> Self {
        Html {
            mode,
            ..Html::default()
        }
    }

    fn full_text(&mut self) -> bool {
        *self.full.get_or_insert(match self.mode {
            TextMode::Full => true,
            TextMode::Context => false,
            TextMode::Auto => self.inputs.is_none_or(|n| n <= AUTO_FULL_LIMIT),
        })
    }

    fn paged(&mut self) -> bool {
        *self
            .paged
            .get_or_insert(self.inputs.is_some_and(|n| n > PAGED_OVER))
    }

    /// Writes a document's article, wrapped in its inert script element in a paged report.
    fn write_doc(
        &mut self,
        out: &mut dyn Write,
        status: bool,
        attrs: &str,
        article: &str,
    ) -> io::Result<()> {
        if self.paged() {
            writeln!(
                out,
                "{DOC_OPEN}{}\" id=\"src-d{}\" {attrs}>{article}</script>",
                if status { " status" } else { "" },
                self.docs
            )
        } else {
            writeln!(out, "{article}")
        }
    }

    fn head(&mut self, out: &mut dyn Write) -> io::Result<()> {
        if self.started {
            return Ok(());
        }
        self.started = true;
        let full = self.full_text();
        let paged = if self.paged() {
            format!(
                " data-paged=\"{PAGE_SIZE}\"><noscript><p class=\"none\">This report lists its {} \
                 documents page by page with its script; allow JavaScript to see them.</p></noscript",
                self.inputs.unwrap_or_default()
            )
        } else {
            String::new()
        };
        write!(
            out,
            "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
             <meta name=\"generator\" content=\"claimlint {}\">\
             <title>claimlint report</title><style>{CSS}</style></head>\n\
             <body class=\"{}\"><a class=\"skip\" href=\"#documents\">Skip to documents</a>\
             <header class=\"top\"><div class=\"brand\"><span class=\"logo\" aria-hidden=\"true\">◆</span> \
             claimlint <span class=\"sub\">compliance report</span></div>\
             <div class=\"meta\">Forward-looking statements and promotional claims · {} · \
             flags text for review; not legal advice</div></header>\n\
             <main id=\"main\" class=\"flow\">\n<section id=\"documents\" class=\"documents\" \
             aria-labelledby=\"documents-h\"><h2 id=\"documents-h\">Documents</h2>\
             <div id=\"doclist\"{paged}>\n",
            env!("CARGO_PKG_VERSION"),
            if full { "mode-full" } else { "mode-context" },
            if full {
                "full texts"
            } else {
                "context excerpts around findings"
            },
        )
    }

    fn remember_rules(&mut self, book: &Rulebook, findings: &[Finding]) {
        for f in findings {
            let rule = f.rule(book);
            self.rules
                .entry(f.rule)
                .or_insert_with(|| RuleInfo {
                    id: rule.id.clone(),
                    category: rule.category,
                    severity: rule.severity,
                    help: rule.help.clone(),
                    references: rule.references.clone(),
                    count: 0,
                })
                .count += 1;
        }
    }

    fn audited(
        &mut self,
        out: &mut dyn Write,
        book: &Rulebook,
        result: &FileResult<'_>,
        source: &str,
        findings: &[Finding],
    ) -> io::Result<()> {
        let d = self.docs;
        self.audited += 1;
        self.remember_rules(book, findings);
        let mut counts = [0usize; 3];
        let mut lacks = false;
        for f in findings {
            counts[sev_index(f.severity)] += 1;
            *self.by_category.entry(f.category).or_default() += 1;
            if matches!(
                f.rule(book).kind,
                RuleKind::Document(DocumentCheck::SafeHarborMissing)
            ) {
                lacks = true;
            }
        }
        for (total, n) in self.severity.iter_mut().zip(counts) {
            *total += n;
        }
        if lacks {
            self.lacking_total += 1;
            if self.lacking.len() < LACKING_LISTED {
                self.lacking.push((d, result.path.to_string()));
            }
        }
        if !findings.is_empty() {
            self.worst.push(Record {
                counts,
                path: result.path.to_string(),
                doc: d,
            });
            self.worst.sort_by(|a, b| a.rank().cmp(&b.rank()));
            self.worst.truncate(WORST);
        }

        // A container's source is its extracted text already: nothing to re-derive.
        let view = match result.origin {
            Some(_) => View {
                text: (*source).into(),
                map: None,
            },
            None => view(result.path, source),
        };
        let doc = Document::new(&view.text);
        let date = doc.dateline.as_ref().and_then(|dl| dl.date);
        if let Some(date) = date {
            self.dated_docs += 1;
            let m = self.months.entry((date.year, date.month)).or_default();
            for (total, n) in m.iter_mut().zip(counts) {
                *total += n;
            }
        }
        let full = self.full_text();
        let mut s = String::with_capacity(if full { view.text.len() * 2 } else { 4096 });
        let mut cats: Vec<&str> = findings.iter().map(|f| f.category.as_str()).collect();
        cats.sort_unstable();
        cats.dedup();
        let mut rules: Vec<&str> = findings.iter().map(|f| f.rule(book).id.as_str()).collect();
        rules.sort_unstable();
        rules.dedup();
        let sevs: Vec<&str> = SEVERITIES
            .iter()
            .filter(|s| counts[sev_index(**s)] > 0)
            .map(|s| s.as_str())
            .collect();
        let attrs = format!(
            "data-path=\"{}\" data-sev=\"{}\" data-cat=\"{}\" data-rule=\"{}\" data-n=\"{}\" \
             data-fs=\"{}\"",
            html(result.path),
            escape::set_attr(sevs.iter().copied()),
            escape::set_attr(cats.iter().copied()),
            escape::set_attr(rules.iter().copied()),
            findings.len(),
            findings
                .iter()
                .map(|f| format!("{}{}", &f.severity.as_str()[..1], f.rule))
                .collect::<Vec<_>>()
                .join(" "),
        );
        let _ = write!(
            s,
            "<article class=\"doc{}\" id=\"d{d}\" {attrs}><details><summary>\
             <span class=\"path\">{}</span><span class=\"counts\">",
            if findings.is_empty() { " clean" } else { "" },
            html(result.path),
        );
        if let Some(date) = date {
            let _ = write!(
                s,
                "<span class=\"date\">{:04}-{:02}-{:02}</span>",
                date.year, date.month, date.day
            );
        }
        if lacks {
            s.push_str("<span class=\"flag\">No cautionary statement</span>");
        }
        if findings.is_empty() {
            s.push_str("<span class=\"pill ok\">No findings</span>");
        }
        for sev in SEVERITIES {
            let n = counts[sev_index(sev)];
            if n > 0 {
                let label = match sev {
                    Severity::Error => plural(n, "error", "errors"),
                    Severity::Warning => plural(n, "warning", "warnings"),
                    Severity::Info => format!("{n} info"),
                };
                let _ = write!(s, "<span class=\"pill s-{}\">{label}</span>", sev.as_str());
            }
        }
        s.push_str("</span></summary>");
        // Context mode: the body is inert until the document is opened (see the module doc);
        // in a paged report the whole article already is.
        let lazy = !full && !self.paged();
        s.push_str(if lazy {
            LAZY_OPEN
        } else {
            "<div class=\"body\">"
        });
        self.findings_list(&mut s, book, source, findings, d, result);
        self.text(&mut s, &view, &doc, findings, d, full);
        s.push_str(if lazy { LAZY_CLOSE } else { "</div>" });
        s.push_str("</details></article>");
        self.write_doc(out, false, &attrs, &s)
    }

    fn findings_list(
        &self,
        s: &mut String,
        book: &Rulebook,
        source: &str,
        findings: &[Finding],
        d: usize,
        result: &FileResult<'_>,
    ) {
        if findings.is_empty() {
            s.push_str("<p class=\"none\">No findings in this document.</p>");
            return;
        }
        let mut positions = Positions::new(source);
        s.push_str("<ol class=\"findings\">");
        for (i, f) in findings.iter().enumerate() {
            let rule = f.rule(book);
            let pos = positions.of(f);
            // A container's finding is placed by page or paragraph, not by a line of a file.
            let at = match result.place(f) {
                Some(place) => place,
                None => format!("{}:{}", pos.line, pos.column),
            };
            let _ = write!(
                s,
                "<li class=\"finding s-{sev}\" id=\"i{d}-{i}\" data-sev=\"{sev}\" data-cat=\"{cat}\" \
                 data-rule=\"{rule_id}\" data-r=\"{r}\">\
                 <a class=\"jump\" href=\"#f{d}-{i}\">{at}</a>\
                 <div class=\"desc\" id=\"m{d}-{i}\"><span class=\"sev\">{sev}</span> \
                 <span class=\"tag c-{cat}\">{label}</span> <span class=\"msg\">{msg}</span> \
                 <a class=\"rule\" href=\"#rule-{r}\">{rule_id}</a>",
                sev = f.severity.as_str(),
                cat = f.category.as_str(),
                rule_id = html(&rule.id),
                r = f.rule,
                at = html(&at),
                label = category_label(f.category),
                msg = html(&f.message),
            );
            if !f.notes.is_empty() {
                s.push_str("<ul class=\"notes\">");
                for n in &f.notes {
                    let _ = write!(s, "<li>{}</li>", html(n));
                }
                s.push_str("</ul>");
            }
            s.push_str("</div></li>");
        }
        s.push_str("</ol>");
    }

    #[allow(clippy::too_many_arguments)]
    fn text(
        &self,
        s: &mut String,
        view: &View<'_>,
        doc: &Document<'_>,
        findings: &[Finding],
        d: usize,
        full: bool,
    ) {
        let text: &str = &view.text;
        let mut spans: Vec<Span> = findings
            .iter()
            .enumerate()
            .map(|(idx, f)| {
                let (start, end) = view.span(f.start, f.end);
                Span { start, end, idx }
            })
            .collect();
        markup::sort(&mut spans);
        let legend = doc.legend_span();
        let mut started = vec![false; findings.len()];
        let open = |out: &mut String, idx: usize, first: bool| {
            let Some(f) = findings.get(idx) else { return };
            let cat = f.category.as_str();
            let sev = f.severity.as_str();
            if first {
                let _ = write!(
                    out,
                    "<mark class=\"hl c-{cat} s-{sev}\" id=\"f{d}-{idx}\" data-f=\"{idx}\" \
                     tabindex=\"0\" aria-describedby=\"m{d}-{idx} rh-{r}\">\
                     <span class=\"badge\">{label}</span>",
                    r = f.rule,
                    label = category_label(f.category),
                );
            } else {
                let _ = write!(
                    out,
                    "<mark class=\"hl c-{cat} s-{sev} cont\" data-f=\"{idx}\">"
                );
            }
        };
        let windows: Vec<(usize, usize)> = if full {
            vec![(0, text.len())]
        } else {
            context_windows(text, doc, &spans, findings, view)
        };
        s.push_str(if full {
            "<div class=\"text\">"
        } else {
            "<div class=\"excerpts\">"
        });
        for (k, &(lo, hi)) in windows.iter().enumerate() {
            if !full {
                if k > 0 || lo > 0 {
                    s.push_str("<div class=\"gap\" aria-hidden=\"true\">⋯</div>");
                }
                s.push_str("<div class=\"excerpt\">");
            }
            // Split the window at the cautionary statement's edges, so it can be shaded.
            let mut cuts = vec![lo, hi];
            if let Some((a, b)) = legend {
                cuts.extend([a, b].into_iter().filter(|&c| lo < c && c < hi));
            }
            cuts.sort_unstable();
            for w in cuts.windows(2) {
                let (a, b) = (w[0], w[1]);
                let in_legend = legend.is_some_and(|(ls, le)| ls <= a && b <= le);
                if in_legend {
                    s.push_str(
                        "<div class=\"legend\" role=\"note\" aria-label=\"Cautionary statement\">",
                    );
                }
                markup::render(s, text, a, b, &spans, &mut started, &open);
                if in_legend {
                    s.push_str("</div>");
                }
            }
            if !full {
                s.push_str("</div>");
            }
        }
        if !full && windows.last().is_some_and(|&(_, hi)| hi < text.len()) {
            s.push_str("<div class=\"gap\" aria-hidden=\"true\">⋯</div>");
        }
        s.push_str("</div>");
    }

    fn overview(&self, s: &mut String) {
        let findings: usize = self.severity.iter().sum();
        s.push_str(
            "<section id=\"overview\" class=\"overview\" aria-labelledby=\"overview-h\">\
             <h1 id=\"overview-h\">Overview</h1><div class=\"tiles\">",
        );
        let tile = |s: &mut String, n: usize, label: &str, class: &str| {
            let _ = write!(
                s,
                "<div class=\"tile {class}\"><div class=\"n\">{n}</div><div class=\"l\">{label}</div></div>"
            );
        };
        tile(s, self.audited, "documents audited", "");
        tile(s, self.skipped, "skipped", "muted");
        tile(s, self.failed, "could not be read", "muted");
        tile(s, findings, "findings", "");
        tile(s, self.severity[0], "errors", "s-error");
        tile(s, self.severity[1], "warnings", "s-warning");
        tile(s, self.severity[2], "info", "s-info");
        tile(
            s,
            self.lacking_total,
            "lack a cautionary statement",
            if self.lacking_total > 0 { "alert" } else { "" },
        );
        s.push_str("</div><div class=\"grid\">");

        s.push_str("<div class=\"card\"><h2>Findings by severity</h2>");
        let sev_bars: Vec<Bar> = SEVERITIES
            .iter()
            .map(|sev| Bar {
                label: sev.as_str().to_string(),
                value: self.severity[sev_index(*sev)],
                class: format!("s-{}", sev.as_str()),
                href: Some(format!("#filter=severity:{}", sev.as_str())),
            })
            .collect();
        charts::bars(s, "chart-severity", "Findings by severity", &sev_bars);
        s.push_str("</div>");

        s.push_str("<div class=\"card\"><h2>Findings by category</h2>");
        let mut cats: Vec<(&Category, &usize)> = self.by_category.iter().collect();
        cats.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        let cat_bars: Vec<Bar> = cats
            .into_iter()
            .map(|(c, n)| Bar {
                label: c.as_str().to_string(),
                value: *n,
                class: format!("c-{}", c.as_str()),
                href: Some(format!("#filter=category:{}", c.as_str())),
            })
            .collect();
        charts::bars(s, "chart-category", "Findings by category", &cat_bars);
        s.push_str("</div>");

        let mut rules: Vec<(&usize, &RuleInfo)> = self.rules.iter().collect();
        rules.sort_by(|a, b| b.1.count.cmp(&a.1.count).then(a.1.id.cmp(&b.1.id)));
        let _ = write!(
            s,
            "<div class=\"card\"><h2>Findings by rule{}</h2>",
            if rules.len() > RULES_CHARTED {
                format!(
                    " <span class=\"note\">(top {RULES_CHARTED} of {})</span>",
                    rules.len()
                )
            } else {
                String::new()
            }
        );
        let rule_bars: Vec<Bar> = rules
            .iter()
            .take(RULES_CHARTED)
            .map(|(_, r)| Bar {
                label: r.id.clone(),
                value: r.count,
                class: format!("c-{}", r.category.as_str()),
                href: Some(format!("#filter=rule:{}", escape::fragment(&r.id))),
            })
            .collect();
        charts::bars(s, "chart-rule", "Findings by rule", &rule_bars);
        s.push_str("</div><div class=\"stack\">");

        s.push_str("<div class=\"card\"><h2>Most serious documents</h2>");
        if self.worst.is_empty() {
            s.push_str("<p class=\"none\">None.</p>");
        } else {
            s.push_str(
                "<table class=\"worst\"><thead><tr><th scope=\"col\">Document</th>\
                 <th scope=\"col\" class=\"num\">Errors</th><th scope=\"col\" class=\"num\">Warnings</th>\
                 <th scope=\"col\" class=\"num\">Info</th></tr></thead><tbody>",
            );
            for r in &self.worst {
                let _ = write!(
                    s,
                    "<tr><td><a href=\"#d{}\">{}</a></td><td class=\"num s-error\">{}</td>\
                     <td class=\"num s-warning\">{}</td><td class=\"num s-info\">{}</td></tr>",
                    r.doc,
                    html(&r.path),
                    r.counts[0],
                    r.counts[1],
                    r.counts[2]
                );
            }
            s.push_str("</tbody></table>");
        }
        s.push_str("</div>");

        let _ = write!(
            s,
            "<div class=\"card\"><h2>Lacking a cautionary statement <span class=\"note\">({})</span></h2>",
            self.lacking_total
        );
        if self.lacking.is_empty() {
            s.push_str("<p class=\"none\">None: every document with forward-looking statements has one.</p>");
        } else {
            s.push_str("<ul class=\"lacking\">");
            for (d, path) in &self.lacking {
                let _ = write!(s, "<li><a href=\"#d{d}\">{}</a></li>", html(path));
            }
            s.push_str("</ul>");
            if self.lacking_total > self.lacking.len() {
                let _ = write!(
                    s,
                    "<p class=\"note\">… and {} more; filter by rule <a href=\"#filter=rule:safe-harbor/missing\">safe-harbor/missing</a>.</p>",
                    self.lacking_total - self.lacking.len()
                );
            }
        }
        s.push_str("</div></div>");
        self.timeline(s);
        s.push_str("</div></section>\n");
    }

    fn timeline(&self, s: &mut String) {
        s.push_str("<div class=\"card wide\"><h2>Findings over time</h2>");
        let (Some(&first), Some(&last)) = (self.months.keys().next(), self.months.keys().last())
        else {
            s.push_str(
                "<p class=\"none\">No document has a dated dateline, so findings cannot be placed in time.</p></div>",
            );
            return;
        };
        let span_months =
            (last.0 - first.0) as i64 * 12 + i64::from(last.1) - i64::from(first.1) + 1;
        let mut bars = Vec::new();
        let by_year = span_months > 48;
        if by_year {
            for y in first.0..=last.0 {
                let n: usize = self
                    .months
                    .range((y, 0)..=(y, 12))
                    .map(|(_, c)| c.iter().sum::<usize>())
                    .sum();
                bars.push(Bar {
                    label: y.to_string(),
                    value: n,
                    class: "time".into(),
                    href: None,
                });
            }
        } else {
            let (mut y, mut m) = first;
            while (y, m) <= last {
                let n: usize = self.months.get(&(y, m)).map_or(0, |c| c.iter().sum());
                bars.push(Bar {
                    label: format!("{y:04}-{m:02}"),
                    value: n,
                    class: "time".into(),
                    href: None,
                });
                (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
            }
        }
        let title = if by_year {
            "Findings per year of the dateline"
        } else {
            "Findings per month of the dateline"
        };
        charts::columns(s, "chart-time", title, &bars);
        let undated = self.audited.saturating_sub(self.dated_docs);
        let _ = write!(
            s,
            "<p class=\"note\">{} by the date in their dateline",
            plural(self.dated_docs, "document placed", "documents placed"),
        );
        if undated > 0 {
            let _ = write!(
                s,
                "; {} without a dated dateline {} not counted here",
                plural(undated, "document", "documents"),
                if undated == 1 { "is" } else { "are" }
            );
        }
        s.push_str(".</p></div>");
    }

    fn toolbar(&self, s: &mut String) {
        s.push_str(
            "<div id=\"toolbar\" class=\"toolbar\" role=\"search\" aria-label=\"Filter findings\">\
             <fieldset class=\"sev\"><legend>Severity</legend>",
        );
        for sev in SEVERITIES {
            let _ = write!(
                s,
                "<label class=\"chk s-{0}\"><input type=\"checkbox\" name=\"severity\" value=\"{0}\" checked> {0}</label>",
                sev.as_str()
            );
        }
        s.push_str(
            "</fieldset><label class=\"sel\">Category <select id=\"f-category\"><option value=\"\">All categories</option>",
        );
        for c in Category::ALL {
            if self.by_category.contains_key(&c) {
                let _ = write!(
                    s,
                    "<option value=\"{}\">{}</option>",
                    c.as_str(),
                    category_label(c)
                );
            }
        }
        s.push_str(
            "</select></label><label class=\"sel\">Rule <select id=\"f-rule\"><option value=\"\">All rules</option>",
        );
        let mut ids: Vec<&str> = self.rules.values().map(|r| r.id.as_str()).collect();
        ids.sort_unstable();
        for id in ids {
            let _ = write!(s, "<option value=\"{0}\">{0}</option>", html(id));
        }
        s.push_str(
            "</select></label><label class=\"search\"><span class=\"vh\">Search</span>\
             <input id=\"f-q\" type=\"search\" placeholder=\"Search paths, messages, text…\" autocomplete=\"off\"></label>\
             <button type=\"button\" id=\"f-reset\">Reset</button>\
             <span id=\"shown\" class=\"shown\" aria-live=\"polite\"></span></div>\n",
        );
    }

    fn rules_section(&self, s: &mut String) {
        s.push_str(
            "<section id=\"rules\" class=\"rules\" aria-labelledby=\"rules-h\"><h2 id=\"rules-h\">Rules with findings</h2>",
        );
        if self.rules.is_empty() {
            s.push_str("<p class=\"none\">None.</p>");
        }
        for (r, info) in &self.rules {
            let _ = write!(
                s,
                "<div class=\"rule-help\" id=\"rule-{r}\" data-id=\"{}\" data-cat=\"{}\"><h3><code>{}</code> \
                 <span class=\"tag c-{}\">{}</span> <span class=\"sev s-{}\">{}</span> \
                 <span class=\"note\">{}</span></h3><div class=\"help\" id=\"rh-{r}\"><p>{}</p>",
                html(&info.id),
                info.category.as_str(),
                html(&info.id),
                info.category.as_str(),
                category_label(info.category),
                info.severity.as_str(),
                info.severity.as_str(),
                plural(info.count, "finding", "findings"),
                html(&info.help),
            );
            if !info.references.is_empty() {
                s.push_str("<p class=\"refs\">See: ");
                for (i, reference) in info.references.iter().enumerate() {
                    if i > 0 {
                        s.push_str("; ");
                    }
                    escape::push(s, reference);
                }
                s.push_str("</p>");
            }
            s.push_str("</div></div>");
        }
        s.push_str("</section>\n");
    }
}

/// Context mode: for each finding the paragraph holding it (a long one cropped to its sentence
/// and some text either side), merged where they overlap, in order.
fn context_windows(
    text: &str,
    doc: &Document<'_>,
    spans: &[Span],
    findings: &[Finding],
    view: &View<'_>,
) -> Vec<(usize, usize)> {
    let mut windows: Vec<(usize, usize)> = Vec::with_capacity(spans.len());
    for sp in spans {
        let block = doc
            .blocks
            .iter()
            .find(|b| b.start <= sp.start && sp.start < b.end.max(b.start + 1));
        let (mut lo, mut hi) = match block {
            Some(b) => (b.start.min(sp.start), b.end.max(sp.end)),
            None => (sp.start, sp.end),
        };
        if hi - lo > EXCERPT_MAX {
            let (ss, se) = findings.get(sp.idx).map_or((sp.start, sp.end), |f| {
                view.span(f.sentence.0, f.sentence.1)
            });
            let (ss, se) = (ss.min(sp.start), se.max(sp.end));
            let a = ss.saturating_sub(EXCERPT_PAD).max(lo);
            let b = (se + EXCERPT_PAD).min(hi);
            // Snap to whitespace so no word is cut.
            lo = text[..a]
                .rfind(char::is_whitespace)
                .map_or(lo, |i| i + 1)
                .max(lo);
            hi = text[b..]
                .find(char::is_whitespace)
                .map_or(hi, |i| b + i)
                .min(hi);
            lo = lo.min(sp.start);
            hi = hi.max(sp.end);
        }
        let lo = floor_char(text, lo);
        let hi = ceil_char(text, hi);
        windows.push((lo, hi));
    }
    windows.sort_unstable();
    let mut merged: Vec<(usize, usize)> = Vec::new();
    for (lo, hi) in windows {
        match merged.last_mut() {
            Some(last) if lo <= last.1 => last.1 = last.1.max(hi),
            _ => merged.push((lo, hi)),
        }
    }
    merged
}

impl Html {
    /// The line of a document that was skipped or not read.
    fn status_doc(
        &mut self,
        out: &mut dyn Write,
        path: &str,
        pill: &str,
        why: &str,
    ) -> io::Result<()> {
        let attrs = format!("data-path=\"{}\"", html(path));
        let article = format!(
            "<article class=\"doc status\" id=\"d{}\" {attrs}><div class=\"line\">\
             <span class=\"path\">{}</span>{pill} <span class=\"why\">{}</span></div></article>",
            self.docs,
            html(path),
            html(why)
        );
        self.write_doc(out, true, &attrs, &article)
    }
}

impl Emitter for Html {
    fn inputs(&mut self, count: usize) {
        self.inputs = Some(count);
    }

    fn file(
        &mut self,
        out: &mut dyn Write,
        book: &Rulebook,
        result: &FileResult<'_>,
    ) -> io::Result<()> {
        self.head(out)?;
        match &result.outcome {
            Outcome::Audited { source, findings } => {
                self.audited(out, book, result, source, findings)?;
            }
            Outcome::Skipped { reason } => {
                self.skipped += 1;
                self.status_doc(
                    out,
                    result.path,
                    "<span class=\"pill muted\">skipped</span>",
                    reason,
                )?;
            }
            Outcome::Failed { error } => {
                self.failed += 1;
                self.status_doc(
                    out,
                    result.path,
                    "<span class=\"pill s-error\">not read</span>",
                    error,
                )?;
            }
        }
        self.docs += 1;
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, _summary: &Summary) -> io::Result<()> {
        self.head(out)?;
        let mut s = String::new();
        if self.docs == 0 {
            s.push_str("<p class=\"none\">No documents.</p>");
        }
        s.push_str("</div></section>\n");
        self.overview(&mut s);
        self.toolbar(&mut s);
        self.rules_section(&mut s);
        s.push_str(
            "</main><div id=\"pop\" class=\"pop\" role=\"tooltip\" hidden></div>\
             <footer class=\"foot\">Generated by claimlint. It flags text for review; it is not legal advice.</footer>\
             <script>",
        );
        s.push_str(JS);
        s.push_str("</script></body></html>\n");
        out.write_all(s.as_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::fixture;

    fn render(mode: TextMode, path: &str, source: &str, findings: &[Finding]) -> String {
        render_in(mode, None, path, source, findings)
    }

    /// Renders one document as the first of a run of `inputs` documents.
    fn render_in(
        mode: TextMode,
        inputs: Option<usize>,
        path: &str,
        source: &str,
        findings: &[Finding],
    ) -> String {
        let book = fixture::book();
        let mut e = Html::new(mode);
        if let Some(n) = inputs {
            e.inputs(n);
        }
        let mut out = Vec::new();
        e.file(
            &mut out,
            &book,
            &FileResult {
                path,
                outcome: Outcome::Audited { source, findings },
                to_file: None,
                origin: None,
            },
        )
        .expect("write to a Vec");
        e.finish(&mut out, &Summary::default())
            .expect("write to a Vec");
        String::from_utf8(out).expect("UTF-8")
    }

    #[test]
    fn highlights_findings_in_full_text() {
        let findings = fixture::findings();
        let out = render(TextMode::Full, "a.txt", fixture::SOURCE, &findings);
        assert!(out.starts_with("<!DOCTYPE html>"));
        assert!(out.ends_with("</html>\n"));
        assert!(out.contains("<mark class=\"hl c-safety-claim s-warning\" id=\"f0-0\""));
        assert!(out.contains("<span class=\"badge\">Safety</span>"));
        assert!(out.contains("<li class=\"finding s-error\" id=\"i0-1\""));
        assert!(out.contains("href=\"#f0-0\""));
        assert!(out.contains("id=\"chart-category\" role=\"img\""));
        assert_eq!(out.matches("<mark").count(), out.matches("</mark>").count());
        // Every finding has its first piece.
        for i in 0..findings.len() {
            assert!(out.contains(&format!("id=\"f0-{i}\"")), "finding {i}");
        }
        assert!(
            !out.contains(LAZY_OPEN),
            "full mode renders the body directly"
        );
    }

    #[test]
    fn hostile_text_and_paths_are_escaped() {
        let source =
            "Acme <script>alert(1)</script> expects \"><img src=x onerror=alert(1)> data.\n";
        let start = source.find("expects").expect("in source");
        let findings = vec![Finding {
            rule: 2,
            category: Category::ForwardLooking,
            severity: Severity::Info,
            message: "<script>alert(2)</script>".into(),
            start,
            end: start + 7,
            sentence: (0, source.len() - 1),
            section: crate::rulebook::Section::Body,
            matched: "expects".into(),
            context: source.into(),
            notes: vec!["\"><img src=x onerror=alert(3)>".into()],
        }];
        let out = render(
            TextMode::Full,
            "<script>x</script>\".txt",
            source,
            &findings,
        );
        assert_eq!(
            out.matches("<script").count(),
            1,
            "only the report's own script"
        );
        assert!(!out.contains("<img"));
        assert!(out.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(out.contains("&quot;&gt;&lt;img src=x onerror=alert(3)&gt;"));
        // Paged (a large run): the document's whole markup is one inert script element,
        // closed only by its own end tag.
        let paged = render_in(
            TextMode::Context,
            Some(PAGED_OVER + 1),
            "<script>x</script>\".txt",
            source,
            &findings,
        );
        assert_eq!(paged.matches(DOC_OPEN).count(), 1);
        assert_eq!(
            paged.matches("<script").count(),
            2,
            "the document and the page script"
        );
        assert_eq!(paged.matches("</script").count(), 2);
        assert!(!paged.contains("<img") && !paged.contains(LAZY_OPEN));
        let ctx = render(
            TextMode::Context,
            "<script>x</script>\".txt",
            source,
            &findings,
        );
        assert_eq!(
            ctx.matches("<script").count() - ctx.matches(LAZY_OPEN).count(),
            1,
            "only the report's own script and inert bodies"
        );
        assert!(ctx.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(!ctx.contains("<img"));
    }

    #[test]
    fn context_mode_keeps_excerpts_only() {
        let mut source = String::from("Acme Update\n\n");
        for i in 0..40 {
            source.push_str(&format!("Paragraph {i} says nothing of note at all.\n\n"));
        }
        let at = source.len();
        source.push_str("Acme expects data in 2026.\n\n");
        for i in 40..80 {
            source.push_str(&format!("Paragraph {i} says nothing of note at all.\n\n"));
        }
        let findings = vec![Finding {
            rule: 2,
            category: Category::ForwardLooking,
            severity: Severity::Info,
            message: "expects".into(),
            start: at + 5,
            end: at + 12,
            sentence: (at, at + 26),
            section: crate::rulebook::Section::Body,
            matched: "expects".into(),
            context: String::new(),
            notes: vec![],
        }];
        let out = render(TextMode::Context, "a.txt", &source, &findings);
        assert!(out.contains(LAZY_OPEN));
        assert!(out.contains("Acme <mark"));
        assert!(!out.contains("Paragraph 3 "), "far paragraphs are left out");
        let full = render(TextMode::Full, "a.txt", &source, &findings);
        assert!(full.contains("Paragraph 3 "));
        assert!(full.len() > out.len());
    }

    #[test]
    fn html_inputs_are_shown_as_their_text() {
        let source = "<html><body><p>Acme <b>expects</b> data.</p></body></html>";
        let start = source.find("expects").expect("in source");
        let findings = vec![Finding {
            rule: 2,
            category: Category::ForwardLooking,
            severity: Severity::Info,
            message: "expects".into(),
            start,
            end: start + 7,
            sentence: (start - 8, start + 17),
            section: crate::rulebook::Section::Body,
            matched: "expects".into(),
            context: String::new(),
            notes: vec![],
        }];
        let out = render(TextMode::Full, "r.html", source, &findings);
        assert!(
            out.contains("Forward-looking</span>expects</mark>"),
            "{out}"
        );
        assert!(!out.contains("&lt;b&gt;"), "markup is not shown as text");
    }

    #[test]
    fn an_empty_run_is_a_complete_page() {
        let mut out = Vec::new();
        Html::new(TextMode::Auto)
            .finish(&mut out, &Summary::default())
            .expect("write to a Vec");
        let out = String::from_utf8(out).expect("UTF-8");
        assert!(out.contains("No documents."));
        assert!(out.ends_with("</html>\n"));
    }
}
