//! Sentence splitting tuned for press releases.
//!
//! UAX#29 splits after `Inc.`, `U.S.`, `Nov.` and `Dr.`, all of which fill wire copy, so this is a
//! small rule-based splitter: a sentence ends at `.`, `!` or `?` (plus closing quotes or
//! brackets) followed by whitespace and a capital letter or opening quote, unless the word
//! before the period is a known abbreviation, an initial, or a dotted acronym.

/// Abbreviations after which a period does not end a sentence (compared lower-case, without
/// the final period).
const ABBREVIATIONS: &[&str] = &[
    // titles and degrees
    "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "mt", "rev", "gen", "sen", "rep", "gov",
    "ph.d", "m.d", "m.s", "b.s", "m.b.a", "pharm.d", "d.v.m", // months and days
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mon",
    "tue", "tues", "wed", "thu", "thurs", "fri", "sat", "sun",
    // US states and provinces as written in datelines
    "ala", "ariz", "ark", "calif", "colo", "conn", "del", "fla", "ga", "ill", "ind", "kan", "kans",
    "ky", "la", "md", "mass", "mich", "minn", "miss", "mo", "mont", "neb", "nev", "okla", "ore",
    "pa", "tenn", "tex", "va", "vt", "wash", "wis", "wisc", "wyo", "ont", "que", "alta",
    // references, numbers, Latin
    "no", "nos", "vs", "v", "approx", "est", "fig", "figs", "ref", "refs", "vol", "pp", "cf", "e.g",
    "i.e", "al", "ca", "dept", "div", "univ", "assn", "bros", "ave", "blvd", "rd", "ste", "mg",
    "kg", "ml", "hr", "hrs", "min", "sec",
];

/// Company suffixes and `etc`: they often do end a sentence, so a split is made when the next
/// word is a typical sentence opener.
const SOFT_ABBREVIATIONS: &[&str] = &[
    "inc", "corp", "co", "ltd", "llc", "plc", "l.p", "lp", "n.v", "s.a", "ag", "b.v", "etc",
];

const SENTENCE_OPENERS: &[&str] = &[
    "the",
    "this",
    "these",
    "that",
    "those",
    "it",
    "its",
    "we",
    "our",
    "in",
    "as",
    "for",
    "on",
    "at",
    "with",
    "such",
    "a",
    "an",
    "further",
    "furthermore",
    "additionally",
    "however",
    "founded",
    "based",
    "headquartered",
    "he",
    "she",
    "they",
    "their",
    "there",
    "if",
    "under",
    "during",
    "following",
    "after",
    "additional",
    "also",
    "all",
    "each",
    "both",
];

fn is_closing(c: char) -> bool {
    matches!(c, '"' | '\'' | '”' | '’' | ')' | ']' | '»')
}

fn is_opening_quote(c: char) -> bool {
    matches!(c, '"' | '\'' | '“' | '‘' | '«' | '(' | '[')
}

/// The word right before byte `dot` (letters, digits and inner periods), lower-cased.
fn word_before(text: &str, dot: usize) -> String {
    let before = &text[..dot];
    let start = before
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_alphanumeric() || *c == '.' || *c == '&')
        .last()
        .map_or(dot, |(i, _)| i);
    before[start..].trim_start_matches('.').to_lowercase()
}

fn first_word(text: &str) -> String {
    text.chars()
        .skip_while(|c| is_opening_quote(*c))
        .take_while(|c| c.is_alphanumeric())
        .collect::<String>()
        .to_lowercase()
}

/// Whether a period at byte `dot` of `text` ends a sentence, given the text that follows the
/// whitespace after it.
pub(super) fn period_ends_sentence(text: &str, dot: usize, next: &str) -> bool {
    let word = word_before(text, dot);
    if word.is_empty() {
        return true;
    }
    if word.chars().all(|c| c.is_ascii_digit()) {
        // "in 2016. The company" ends a sentence; "No. 5" was handled as an abbreviation.
        return true;
    }
    if ABBREVIATIONS.contains(&word.as_str()) {
        return false;
    }
    if SOFT_ABBREVIATIONS.contains(&word.as_str()) {
        return SENTENCE_OPENERS.contains(&first_word(next).as_str());
    }
    // A form or model name ("Form 10-K.", "8-K.") is not an initial.
    let before_word = text[..dot - word.len().min(dot)].chars().next_back();
    if matches!(before_word, Some('-')) {
        return true;
    }
    // Initials ("J. Smith") and dotted acronyms ("U.S.", "N.A.").
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    if letters == 1 || (word.contains('.') && word.split('.').all(|p| p.chars().count() <= 2)) {
        return false;
    }
    true
}

/// Appends the sentences of `text` (which starts at source byte `base`) to `out` as source
/// byte ranges, trimmed of whitespace.
pub fn split_into(text: &str, base: usize, out: &mut Vec<(usize, usize)>) {
    let mut start = 0;
    let mut from = 0;
    // Terminators are ASCII: jump from one to the next.
    while let Some(found) = text
        .as_bytes()
        .get(from..)
        .and_then(|rest| memchr::memchr3(b'.', b'!', b'?', rest))
    {
        let i = from + found;
        let c = char::from(text.as_bytes()[i]);
        // Consume closing punctuation and repeated terminators ("?!", `."`, `.)`).
        let mut end = i + 1;
        for d in text[end..].chars() {
            if is_closing(d) || matches!(d, '.' | '!' | '?') {
                end += d.len_utf8();
            } else {
                break;
            }
        }
        from = end;
        let rest = &text[end..];
        let after_ws = rest.trim_start();
        if after_ws.len() == rest.len() || after_ws.is_empty() {
            continue; // "5.6", "cellectar.com", or the end of the block
        }
        let Some(next) = after_ws.chars().next() else {
            continue;
        };
        let starts_sentence = next.is_uppercase()
            || (is_opening_quote(next)
                && after_ws
                    .chars()
                    .nth(1)
                    .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit()))
            || super::blocks::bullet_marker_len(after_ws).is_some();
        if !starts_sentence {
            continue;
        }
        if c == '.' && !period_ends_sentence(text, i, after_ws) {
            continue;
        }
        push_trimmed(text, base, start, end, out);
        start = text.len() - after_ws.len();
    }
    push_trimmed(text, base, start, text.len(), out);
}

fn push_trimmed(text: &str, base: usize, start: usize, end: usize, out: &mut Vec<(usize, usize)>) {
    let piece = &text[start..end];
    let lead = piece.len() - piece.trim_start().len();
    let trail = piece.len() - piece.trim_end().len();
    if lead + trail < piece.len() {
        out.push((base + start + lead, base + end - trail));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<&str> {
        let mut out = Vec::new();
        split_into(text, 0, &mut out);
        out.into_iter().map(|(s, e)| &text[s..e]).collect()
    }

    #[test]
    fn keeps_release_abbreviations_together() {
        let t = "MADISON, Wisc., Nov. 11, 2016 -- Acme Biosciences, Inc. (Nasdaq:ACME) had $5.6 million in the U.S. market. Dr. Smith, Ph.D. agreed. It dosed 18.75 mCi/m² today.";
        assert_eq!(
            split(t),
            vec![
                "MADISON, Wisc., Nov. 11, 2016 -- Acme Biosciences, Inc. (Nasdaq:ACME) had $5.6 million in the U.S. market.",
                "Dr. Smith, Ph.D. agreed.",
                "It dosed 18.75 mCi/m² today.",
            ]
        );
    }

    #[test]
    fn company_suffix_can_end_a_sentence() {
        let t = "The deal closed with Acme Inc. The company expects more. We met Acme Inc. Board members.";
        assert_eq!(
            split(t),
            vec![
                "The deal closed with Acme Inc.",
                "The company expects more.",
                "We met Acme Inc. Board members.",
            ]
        );
    }

    #[test]
    fn splits_inside_quotes_and_after_closing_quotes() {
        let t = "\u{201C}Data were strong. In addition, we plan to start,\u{201D} said the CEO. \u{201C}We remain focused.\u{201D} Next.";
        assert_eq!(
            split(t),
            vec![
                "\u{201C}Data were strong.",
                "In addition, we plan to start,\u{201D} said the CEO.",
                "\u{201C}We remain focused.\u{201D}",
                "Next.",
            ]
        );
    }

    #[test]
    fn form_names_end_sentences() {
        assert_eq!(
            split("See our Form 10-K. We undertake no obligation."),
            vec!["See our Form 10-K.", "We undertake no obligation."]
        );
    }

    #[test]
    fn initials_and_decimals_do_not_split() {
        assert_eq!(
            split("J. Smith joined. Revenue was 3.5. x"),
            vec!["J. Smith joined.", "Revenue was 3.5. x"]
        );
    }
}
