//! In-source suppression comments, for Markdown and HTML releases:
//!
//! ```text
//! <!-- claimlint-disable-next-line RULE[, RULE…] -->   findings starting on the next line
//! <!-- claimlint-disable [RULE[, RULE…]] -->          from here on …
//! <!-- claimlint-enable [RULE[, RULE…]] -->           … until here
//! ```
//!
//! No RULE means every rule. A RULE is a rule id (`comparative/superiority`) or an id prefix up
//! to a `/` (`forward-looking` covers `forward-looking/expectation`). Rules are separated by
//! commas and/or spaces. The comments are found in the SOURCE text (the decoded file), and
//! findings are filtered by their source offsets, so this runs after `Unit::to_decoded`.

use std::sync::LazyLock;

use regex::Regex;

use crate::finding::Finding;
use crate::rulebook::Rulebook;
use crate::text::LineIndex;

static DIRECTIVE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"<!--[ \t\r\n]*claimlint-(disable-next-line|disable|enable)\b([^>]*?)-->").ok()
});

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    DisableNextLine,
    Disable,
    Enable,
}

/// One suppression comment found in a source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive {
    pub kind: Kind,
    /// The rules named; empty means all rules.
    pub rules: Vec<String>,
    /// Source byte range of the whole comment.
    pub start: usize,
    pub end: usize,
}

impl Directive {
    fn covers(&self, id: &str) -> bool {
        self.rules.is_empty()
            || self.rules.iter().any(|r| {
                id == r
                    || id
                        .strip_prefix(r.trim_end_matches('/'))
                        .is_some_and(|rest| rest.starts_with('/'))
            })
    }
}

/// The suppression comments of a source, in source order.
#[derive(Debug, Clone, Default)]
pub struct Suppressions {
    directives: Vec<Directive>,
    /// For `disable-next-line`: the 0-based source line each one applies to.
    next_lines: Vec<(usize, usize)>,
    lines: Option<LineIndex>,
}

impl Suppressions {
    /// Scans `source` for suppression comments. Cheap when there are none (one substring test).
    pub fn scan(source: &str) -> Self {
        if !source.contains("claimlint-") {
            return Suppressions::default();
        }
        let Some(re) = DIRECTIVE.as_ref() else {
            return Suppressions::default();
        };
        let directives: Vec<Directive> = re
            .captures_iter(source)
            .filter_map(|c| {
                let whole = c.get(0)?;
                let kind = match c.get(1)?.as_str() {
                    "disable-next-line" => Kind::DisableNextLine,
                    "disable" => Kind::Disable,
                    _ => Kind::Enable,
                };
                let rules = c
                    .get(2)
                    .map(|m| {
                        m.as_str()
                            .split(|ch: char| ch == ',' || ch.is_whitespace())
                            .filter(|r| !r.is_empty())
                            .map(str::to_string)
                            .collect()
                    })
                    .unwrap_or_default();
                Some(Directive {
                    kind,
                    rules,
                    start: whole.start(),
                    end: whole.end(),
                })
            })
            .collect();
        if directives.is_empty() {
            return Suppressions::default();
        }
        let lines = LineIndex::new(source);
        let next_lines = directives
            .iter()
            .enumerate()
            .filter(|(_, d)| d.kind == Kind::DisableNextLine)
            .map(|(i, d)| (i, lines.line_of(d.end) + 1))
            .collect();
        Suppressions {
            directives,
            next_lines,
            lines: Some(lines),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.directives.is_empty()
    }

    pub fn directives(&self) -> &[Directive] {
        &self.directives
    }

    /// Whether a finding of rule `id` starting at source offset `offset` is suppressed.
    pub fn suppresses(&self, id: &str, offset: usize) -> bool {
        let Some(lines) = &self.lines else {
            return false;
        };
        let line = lines.line_of(offset);
        if self
            .next_lines
            .iter()
            .any(|&(i, l)| l == line && self.directives[i].covers(id))
        {
            return true;
        }
        let mut disabled = false;
        for d in self.directives.iter().take_while(|d| d.end <= offset) {
            match d.kind {
                Kind::Disable if d.covers(id) => disabled = true,
                Kind::Enable if d.covers(id) => disabled = false,
                _ => {}
            }
        }
        disabled
    }

    /// Drops the findings the comments suppress. Offsets must be source offsets.
    pub fn filter(&self, book: &Rulebook, findings: &mut Vec<Finding>) {
        if self.is_empty() {
            return;
        }
        findings.retain(|f| {
            book.rules
                .get(f.rule)
                .is_none_or(|r| !self.suppresses(&r.id, f.start))
        });
    }
}

/// Whether sources of this format can hold suppression comments (`<!-- -->` is a comment in
/// Markdown and HTML, and in the HTML exhibits of EDGAR submissions; in plain text it is text,
/// and so it is in the text extracted from a `.docx` or PDF).
pub fn applies_to(format: crate::input::Format) -> bool {
    use crate::input::Format;
    !matches!(format, Format::Text | Format::Docx | Format::Pdf)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_three_forms() {
        let src = "<!-- claimlint-disable-next-line a/b, c/d -->\nx\n<!--claimlint-disable-->\n<!-- claimlint-enable a/b -->";
        let s = Suppressions::scan(src);
        let d = s.directives();
        assert_eq!(d.len(), 3);
        assert_eq!(d[0].kind, Kind::DisableNextLine);
        assert_eq!(d[0].rules, vec!["a/b".to_string(), "c/d".to_string()]);
        assert_eq!(d[1].kind, Kind::Disable);
        assert!(d[1].rules.is_empty());
        assert_eq!(d[2].kind, Kind::Enable);
        assert_eq!(d[2].rules, vec!["a/b".to_string()]);
    }

    #[test]
    fn next_line_only() {
        let src = "<!-- claimlint-disable-next-line a/b -->\nline one\nline two\n";
        let s = Suppressions::scan(src);
        let one = src.find("one").unwrap_or_default();
        let two = src.find("two").unwrap_or_default();
        assert!(s.suppresses("a/b", one));
        assert!(!s.suppresses("c/d", one));
        assert!(!s.suppresses("a/b", two));
    }

    #[test]
    fn regions_and_prefixes() {
        let src =
            "AAA\n<!-- claimlint-disable forward-looking -->\nBBB\n<!-- claimlint-enable -->\nCCC";
        let s = Suppressions::scan(src);
        let at = |t: &str| src.rfind(t).unwrap_or_default();
        assert!(!s.suppresses("forward-looking/expectation", at("AAA")));
        assert!(s.suppresses("forward-looking/expectation", at("BBB")));
        assert!(!s.suppresses("forward-lookingx/y", at("BBB")));
        assert!(!s.suppresses("claims/cure", at("BBB")));
        assert!(!s.suppresses("forward-looking/expectation", at("CCC")));
    }

    #[test]
    fn disable_all_then_enable_one() {
        let src = "<!-- claimlint-disable -->\n<!-- claimlint-enable x/y -->\nz";
        let s = Suppressions::scan(src);
        let z = src.rfind('z').unwrap_or_default();
        assert!(!s.suppresses("x/y", z));
        assert!(s.suppresses("q/r", z));
    }

    #[test]
    fn no_comments_no_work() {
        let s = Suppressions::scan("plain text <!-- other comment -->");
        assert!(s.is_empty());
        assert!(!s.suppresses("a/b", 0));
    }
}
