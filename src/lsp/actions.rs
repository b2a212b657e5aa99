//! Code actions that edit the document: a rule's suggested rewording, suppressing a finding
//! with a comment (Markdown, HTML), and for a release without a cautionary statement, a PSLRA
//! cautionary statement template. (Recording a finding in the review baseline is a command, see
//! [`super::baseline`].)

use crate::input::Format;
use crate::rulebook::Rulebook;
pub use crate::suggest::Edit;

use super::state::{Doc, Located};

#[derive(Debug, Clone)]
pub struct Action {
    pub title: String,
    pub edit: Edit,
    /// Index into the document's findings this action resolves.
    pub finding: usize,
    pub preferred: bool,
}

pub const SAFE_HARBOR_MISSING: &str = "safe-harbor/missing";

/// The cautionary statement template: identifies the forward-looking statements, says results
/// may differ materially, and leaves placeholders for the issuer-specific factors that the
/// safe harbor needs ("meaningful cautionary statements", 15 U.S.C. 78u-5(c)(1)(A)(i)).
pub const TEMPLATE_HEADING: &str = "Forward-Looking Statements";
pub const TEMPLATE: &str = "This press release contains forward-looking statements within the \
meaning of Section 27A of the Securities Act of 1933 and Section 21E of the Securities Exchange \
Act of 1934, which are intended to be covered by the safe harbor provisions of the Private \
Securities Litigation Reform Act of 1995. All statements other than statements of historical \
fact, including statements about [COMPANY]'s plans, objectives, expectations, financial \
guidance and the timing of [MILESTONES], are forward-looking statements. Words such as \
\"anticipate,\" \"believe,\" \"expect,\" \"intend,\" \"may,\" \"plan,\" \"will\" and similar \
expressions identify forward-looking statements. These statements are based on management's \
current expectations and are subject to risks and uncertainties that could cause actual results \
to differ materially, including [ISSUER-SPECIFIC RISK FACTORS, for example: the timing and \
results of clinical trials; regulatory review and approval of [PRODUCT]; the need for additional \
financing; competition and market acceptance; manufacturing and supply], and the other risks \
described under \"Risk Factors\" in [COMPANY]'s most recent Annual Report on Form 10-K and \
subsequent Quarterly Reports on Form 10-Q filed with the Securities and Exchange Commission. \
Forward-looking statements speak only as of the date of this press release, and [COMPANY] \
undertakes no obligation to update them, except as required by law.";

/// The findings overlapping `start..end`, by index.
pub fn in_range(doc: &Doc, start: usize, end: usize) -> impl Iterator<Item = usize> + '_ {
    doc.findings
        .iter()
        .enumerate()
        .filter(move |(_, l)| l.finding.start <= end && start <= l.finding.end)
        .map(|(i, _)| i)
}

/// The actions for the findings overlapping `start..end`.
pub fn for_range(doc: &Doc, book: &Rulebook, start: usize, end: usize) -> Vec<Action> {
    let mut out = Vec::new();
    for i in in_range(doc, start, end) {
        let l = &doc.findings[i];
        let f = &l.finding;
        if let Some(rule) = book.rules.get(f.rule).filter(|r| r.id == l.rule_id) {
            for (n, r) in crate::suggest::rewordings(rule, &doc.text, f.start, f.end)
                .into_iter()
                .enumerate()
            {
                out.push(Action {
                    title: r.title,
                    edit: r.edit,
                    finding: i,
                    preferred: n == 0,
                });
            }
        }
        if let Some(edit) = suppress_edit(doc, l) {
            out.push(Action {
                title: format!(
                    "Suppress {} on this line (claimlint-disable-next-line)",
                    l.rule_id
                ),
                edit,
                finding: i,
                preferred: false,
            });
        }
        if l.rule_id == SAFE_HARBOR_MISSING {
            out.push(Action {
                title: "Insert a cautionary statement template".into(),
                edit: template_edit(doc),
                finding: i,
                preferred: true,
            });
        }
    }
    out
}

fn newline(text: &str) -> &'static str {
    if text.contains("\r\n") { "\r\n" } else { "\n" }
}

/// `<!-- claimlint-disable-next-line RULE -->` on a new line above the finding's line, indented
/// like it. Only where `<!-- -->` is a comment.
fn suppress_edit(doc: &Doc, l: &Located) -> Option<Edit> {
    if !matches!(doc.format, Format::Markdown | Format::Html) {
        return None;
    }
    let line = doc.lines.line_of(l.finding.start);
    let at = doc.lines.start(line);
    let indent: String = doc
        .text
        .get(at..)
        .unwrap_or_default()
        .chars()
        .take_while(|c| *c == ' ' || *c == '\t')
        .collect();
    Some(Edit {
        start: at,
        end: at,
        text: format!(
            "{indent}<!-- claimlint-disable-next-line {} -->{}",
            l.rule_id,
            newline(&doc.text)
        ),
    })
}

/// The template appended to the release (in HTML, before `</body>` when there is one).
pub fn template_edit(doc: &Doc) -> Edit {
    let nl = newline(&doc.text);
    let text = &doc.text;
    let lead = if text.is_empty() || text.ends_with("\n\n") || text.ends_with("\r\n\r\n") {
        String::new()
    } else if text.ends_with('\n') {
        nl.to_string()
    } else {
        nl.repeat(2)
    };
    match doc.format {
        Format::Html => {
            let at = text
                .to_ascii_lowercase()
                .rfind("</body>")
                .unwrap_or(text.len());
            Edit {
                start: at,
                end: at,
                text: format!(
                    "<h2>{TEMPLATE_HEADING}</h2>{nl}<p>{}</p>{nl}",
                    html_escape(TEMPLATE)
                ),
            }
        }
        Format::Markdown => Edit {
            start: text.len(),
            end: text.len(),
            text: format!("{lead}## {TEMPLATE_HEADING}{nl}{nl}{TEMPLATE}{nl}"),
        },
        _ => Edit {
            start: text.len(),
            end: text.len(),
            text: format!("{lead}{TEMPLATE_HEADING}{nl}{nl}{TEMPLATE}{nl}"),
        },
    }
}

fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}
