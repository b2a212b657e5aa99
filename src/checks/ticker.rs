//! `consistency/ticker`: a ticker or exchange that differs from the issuer's listing in the
//! dateline paragraph ("Acme, Inc. (Nasdaq: ACME)").
//!
//! Other companies' listings (a partner's "(NYSE: BETA)") are not mistakes, so a mention is
//! reported only when it is the issuer's ticker on another exchange, or a near miss of the
//! issuer's ticker (one edit) on the issuer's exchange, or a near miss given as "under the
//! symbol …".

use std::sync::LazyLock;

use regex::Regex;

use crate::document::Document;
use crate::finding::Finding;
use crate::rulebook::Rule;
use crate::text::collapse_whitespace;
use crate::text::fixed_regex_case_sensitive;

/// `(Nasdaq: ACME)`, `(NYSE American: ACM.U)`, `OTCQB:ACME`; exchange names as releases write them.
static LISTING: LazyLock<Regex> = LazyLock::new(|| {
    fixed_regex_case_sensitive(
        r"\b(NASDAQ|Nasdaq|NYSE(?: American| MKT| Arca)?|AMEX|OTCQB|OTCQX|OTCPK|OTC Pink|OTCBB|OTC|TSX(?:-V| Venture)?|TSXV|CSE|ASX|SIX|AEX|LSE|AIM)\s*(?::|&#58;)\s*([A-Z][A-Z0-9]{0,5}(?:\.[A-Z]{1,2})?)\b",
    )
});

/// `under the symbol "ACME"`, `ticker symbol ACME`.
static SYMBOL: LazyLock<Regex> = LazyLock::new(|| {
    fixed_regex_case_sensitive(
        r#"\b(?:under the (?:ticker )?symbols?|ticker symbol)\s+["“']?([A-Z][A-Z0-9]{1,5})\b"#,
    )
});

/// One name per exchange, however a release writes it.
fn exchange_key(name: &str) -> &'static str {
    match name {
        "NASDAQ" | "Nasdaq" => "Nasdaq",
        "NYSE American" | "NYSE MKT" | "AMEX" => "NYSE American",
        "NYSE" | "NYSE Arca" => "NYSE",
        "OTCQB" | "OTCQX" | "OTCPK" | "OTC Pink" | "OTCBB" | "OTC" => "OTC",
        "TSX-V" | "TSX Venture" | "TSXV" => "TSXV",
        "TSX" => "TSX",
        "CSE" => "CSE",
        "ASX" => "ASX",
        "SIX" => "SIX",
        "AEX" => "AEX",
        _ => "LSE",
    }
}

/// Tickers one edit apart (substitution, insertion, deletion or adjacent swap).
fn one_edit_apart(a: &str, b: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    if a == b || a.len().abs_diff(b.len()) > 1 {
        return false;
    }
    if a.len() == b.len() {
        let diff: Vec<usize> = (0..a.len()).filter(|&i| a[i] != b[i]).collect();
        return diff.len() == 1
            || (diff.len() == 2
                && diff[1] == diff[0] + 1
                && a[diff[0]] == b[diff[1]]
                && a[diff[1]] == b[diff[0]]);
    }
    let (long, short) = if a.len() > b.len() {
        (&a, &b)
    } else {
        (&b, &a)
    };
    (0..long.len()).any(|skip| {
        long.iter()
            .enumerate()
            .filter(|&(i, _)| i != skip)
            .map(|(_, c)| c)
            .eq(short.iter())
    })
}

/// The last `chars` characters of `text` lower-cased (with a few more for context, which
/// lower-casing can depend on): what `ends_with` needs, without lower-casing the whole prefix
/// of the document once per listing (quadratic on long concatenated files).
fn lowercase_tail(text: &str, chars: usize) -> String {
    let start = text
        .char_indices()
        .rev()
        .nth(chars + 16)
        .map_or(0, |(i, _)| i);
    text[start..].to_lowercase()
}

pub(super) fn check(rule_idx: usize, rule: &Rule, doc: &Document<'_>) -> Vec<Finding> {
    let Some(d) = &doc.dateline else {
        return Vec::new();
    };
    let Some(lead) = doc.blocks.get(d.block) else {
        return Vec::new();
    };
    // The issuer's listing(s): the first exchange:ticker pairs after the dateline, through
    // any directly following ones: "(Nasdaq: ACME, ACMEW)", "(NYSE: X, AEX: Y)",
    // "(NASDAQ:ACME)(NASDAQ:ACMEW)".
    let lead_text = &doc.source[d.end..lead.end];
    let mut listings: Vec<(&'static str, String)> = Vec::new();
    let mut group_end = 0;
    for c in LISTING.captures_iter(lead_text) {
        let (Some(all), Some(ex), Some(t)) = (c.get(0), c.get(1), c.get(2)) else {
            continue;
        };
        let gap = &lead_text[group_end..all.start()];
        if !listings.is_empty()
            && !gap
                .chars()
                .all(|ch| ch.is_whitespace() || matches!(ch, ')' | '(' | ',' | ';'))
        {
            break;
        }
        let exchange = exchange_key(ex.as_str());
        listings.push((exchange, t.as_str().to_string()));
        group_end = all.end();
        // Further tickers on the same exchange: "(Nasdaq: LEXX, LEXXW)".
        let rest = &lead_text[group_end..];
        let close = rest.find(')').unwrap_or(0);
        for part in rest[..close].split([',', ';']) {
            let t = part.trim();
            if !t.is_empty()
                && LISTING.find(part).is_none()
                && t.chars()
                    .all(|ch| ch.is_ascii_uppercase() || ch.is_ascii_digit() || ch == '.')
            {
                listings.push((exchange, t.to_string()));
            }
        }
    }
    // The issuer's name as written after the dateline ("Quorvan" of "Quorvan Therapeutics").
    let issuer = lead_text
        .split(|ch: char| !ch.is_alphanumeric())
        .find(|w| !w.is_empty())
        .unwrap_or("")
        .to_lowercase();
    if listings.is_empty() {
        return Vec::new();
    }
    let skip_until = d.end + group_end;
    // A listing right after another company's name is that company's: "partner Qorvex (Nasdaq:
    // QRVX)". Only mentions after the issuer's name, "the Company", or no name are compared.
    let names_other_company = |at: usize| -> bool {
        let before = doc.source[..at].trim_end_matches(['(', ' ', '\u{A0}']);
        let word: String = before
            .chars()
            .rev()
            .take_while(|ch| ch.is_alphanumeric() || *ch == '.' || *ch == ',')
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        let word = word
            .trim_matches(|ch: char| !ch.is_alphanumeric())
            .to_lowercase();
        let capitalised = before
            .split(|ch: char| !ch.is_alphanumeric())
            .rev()
            .find(|w| !w.is_empty())
            .is_some_and(|w| w.chars().next().is_some_and(char::is_uppercase));
        capitalised
            && !word.is_empty()
            && word != issuer
            && !matches!(
                word.as_str(),
                "company" | "inc" | "corp" | "ltd" | "plc" | "llc" | "co"
            )
            && !lowercase_tail(before, issuer.chars().count() + 4)
                .ends_with(&format!("{issuer} inc"))
    };
    let mut out = Vec::new();
    let mut report = |start: usize, end: usize, why: String| {
        let Some(si) = doc.sentence_at(start) else {
            return;
        };
        let s = doc.sentences[si];
        out.push(Finding {
            rule: rule_idx,
            category: rule.category,
            severity: rule.severity,
            message: format!("{}: {why}", rule.message),
            start,
            end,
            sentence: (s.start, s.end),
            section: doc.section_at(si, start),
            notes: vec![format!(
                "the dateline paragraph lists the issuer as {}",
                listings
                    .iter()
                    .map(|(e, t)| format!("{e}: {t}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )],
            matched: collapse_whitespace(&doc.source[start..end]),
            context: collapse_whitespace(&doc.source[s.start..s.end]),
        });
    };
    for c in LISTING.captures_iter(doc.source) {
        let (Some(all), Some(ex), Some(t)) = (c.get(0), c.get(1), c.get(2)) else {
            continue;
        };
        if all.start() < skip_until || names_other_company(all.start()) {
            continue;
        }
        let (ex_key, ticker) = (exchange_key(ex.as_str()), t.as_str());
        if listings.iter().any(|(e, l)| *e == ex_key && l == ticker) {
            continue;
        }
        if let Some((e, _)) = listings.iter().find(|(_, l)| l == ticker) {
            report(
                all.start(),
                all.end(),
                format!(
                    "“{}” is listed on {e} in the dateline paragraph",
                    all.as_str()
                ),
            );
        } else if let Some((_, l)) = listings
            .iter()
            .find(|(e, l)| *e == ex_key && one_edit_apart(l, ticker))
        {
            report(
                t.start(),
                t.end(),
                format!("ticker “{ticker}” where the dateline paragraph gives “{l}”"),
            );
        }
    }
    for c in SYMBOL.captures_iter(doc.source) {
        let Some(t) = c.get(1) else { continue };
        let ticker = t.as_str();
        if listings.iter().any(|(_, l)| l == ticker) {
            continue;
        }
        if let Some((_, l)) = listings.iter().find(|(_, l)| one_edit_apart(l, ticker)) {
            report(
                t.start(),
                t.end(),
                format!("symbol “{ticker}” where the dateline paragraph gives “{l}”"),
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_edit_means_one_edit() {
        assert!(one_edit_apart("CLRB", "CLRX"));
        assert!(one_edit_apart("CLRB", "CRLB"));
        assert!(one_edit_apart("CLRB", "CLR"));
        assert!(!one_edit_apart("CLRB", "CLRB"));
        assert!(!one_edit_apart("CLRB", "ABCD"));
        assert!(!one_edit_apart("LEXX", "LEXXWW"));
    }

    #[test]
    fn lowercase_tail_ends_like_the_whole_text_lowercased() {
        let text = "Früher ÜBER Acme ΟΔΟΣ Quorvan Inc";
        for n in 0..text.chars().count() {
            let tail = lowercase_tail(text, n);
            assert!(text.to_lowercase().ends_with(&tail), "{n}: {tail}");
            assert!(tail.chars().count() >= n.min(text.chars().count()));
        }
        assert_eq!(lowercase_tail("Acme Inc", 3), "acme inc");
    }
}
