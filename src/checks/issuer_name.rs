//! `consistency/issuer-name`: the issuer's own name misspelled somewhere in its release.
//!
//! The issuer is the name right after the dateline ("Acme Biosciences, Inc. (Nasdaq: ACME)").
//! Its distinctive word is compared with every capitalised word of the release; a near miss
//! (one edit, two for long names) that is rarer than the real spelling and is not followed by
//! a different proper noun (another company, "Acmex Labs") is reported.

use crate::document::Document;
use crate::finding::Finding;
use crate::rulebook::Rule;

/// First words of company names that say nothing about which company it is.
const GENERIC_WORDS: &[&str] = &[
    "The",
    "First",
    "American",
    "National",
    "United",
    "Global",
    "International",
    "General",
    "New",
    "North",
    "South",
    "East",
    "West",
    "Pacific",
    "Atlantic",
    "Advanced",
    "Applied",
];

/// Words of `text` with their byte offsets: runs of letters, digits and inner apostrophes,
/// possessive "'s" removed.
fn words(text: &str) -> Words<'_> {
    Words {
        text,
        next: 0,
        start: None,
    }
}

/// A word and its byte offset.
type Word<'a> = (usize, &'a str);

struct Words<'a> {
    text: &'a str,
    /// The byte to classify next (`text.len()` stands for a final space).
    next: usize,
    /// Where the word being read began.
    start: Option<usize>,
}

impl<'a> Iterator for Words<'a> {
    type Item = (usize, &'a str);

    fn next(&mut self) -> Option<(usize, &'a str)> {
        let (text, bytes) = (self.text, self.text.as_bytes());
        while self.next <= bytes.len() {
            let i = self.next;
            // ASCII is classified from the byte; only other characters are decoded.
            let c = match bytes.get(i) {
                None => ' ',
                Some(&b) if b.is_ascii() => char::from(b),
                Some(_) => text.get(i..).and_then(|t| t.chars().next()).unwrap_or(' '),
            };
            self.next = if i == bytes.len() {
                i + 1
            } else {
                i + c.len_utf8()
            };
            let inside = c.is_alphanumeric() || ((c == '\'' || c == '’') && self.start.is_some());
            match (inside, self.start) {
                (true, None) => self.start = Some(i),
                (false, Some(s)) => {
                    self.start = None;
                    let w = text
                        .get(s..i)
                        .unwrap_or_default()
                        .trim_end_matches(['\'', '’']);
                    let w = w
                        .strip_suffix("'s")
                        .or_else(|| w.strip_suffix("’s"))
                        .unwrap_or(w);
                    return Some((s, w));
                }
                _ => {}
            }
        }
        None
    }
}

/// Whether `c` starts a capitalised word that `letter` could begin, case aside.
fn same_initial(c: char, letter: char) -> bool {
    c.is_uppercase() && c.to_lowercase().eq(letter.to_lowercase())
}

/// Every word of `text` whose first character is an upper-case form of `letter`, with the word
/// after it: what a pass of [`words`] keeps, found by searching for the letter's bytes when it
/// is ASCII rather than classifying every character.
fn initial_words(text: &str, letter: char) -> Vec<(Word<'_>, Option<Word<'_>>)> {
    let bytes = text.as_bytes();
    // An ASCII upper-case letter and, for K, the Kelvin sign, whose lower case is "k".
    let (upper, kelvin) = match letter.to_ascii_uppercase() {
        u if u.is_ascii_uppercase() => (u as u8, u == 'K'),
        _ => return initial_words_by_scan(text, letter),
    };
    let at_letter = memchr::memchr2_iter(upper, if kelvin { 0xE2 } else { upper }, bytes)
        .filter(|&i| bytes[i] == upper || text.get(i..).is_some_and(|t| t.starts_with('\u{212A}')));
    let mut out = Vec::new();
    for i in at_letter {
        if inside_word_before(text, i) {
            continue;
        }
        let mut rest = Words {
            text,
            next: i,
            start: None,
        };
        if let Some(word) = rest.next() {
            out.push((word, rest.next()));
        }
    }
    out
}

/// [`initial_words`] by classifying every character: for letters that are not ASCII.
fn initial_words_by_scan(text: &str, letter: char) -> Vec<(Word<'_>, Option<Word<'_>>)> {
    let mut out: Vec<(Word<'_>, Option<Word<'_>>)> = Vec::new();
    let mut awaiting_next = false;
    for word in words(text) {
        if std::mem::take(&mut awaiting_next)
            && let Some(last) = out.last_mut()
        {
            last.1 = Some(word);
        }
        if word
            .1
            .chars()
            .next()
            .is_some_and(|c| same_initial(c, letter))
        {
            out.push((word, None));
            awaiting_next = true;
        }
    }
    out
}

/// Whether [`words`] is inside a word when it reaches byte `i`: the characters before it are
/// apostrophes back to a letter or digit.
fn inside_word_before(text: &str, i: usize) -> bool {
    for c in text.get(..i).unwrap_or_default().chars().rev() {
        match c {
            '\'' | '’' => continue,
            c => return c.is_alphanumeric(),
        }
    }
    false
}

/// The issuer's name words, read after the dateline.
fn issuer_words<'a>(doc: &Document<'a>) -> Vec<&'a str> {
    let Some(d) = &doc.dateline else {
        return Vec::new();
    };
    let block_end = doc.blocks.get(d.block).map_or(d.end, |b| b.end);
    let lead = &doc.source[d.end..block_end];
    let mut name = Vec::new();
    for (_, w) in words(lead).take(6) {
        if w.chars().next().is_some_and(char::is_uppercase)
            && !matches!(
                w,
                "Inc" | "Corp" | "Ltd" | "LLC" | "PLC" | "Co" | "NV" | "SA" | "AG"
            )
        {
            name.push(w);
        } else {
            break;
        }
        // Stop at the first punctuation after the word: "Acme Biosciences, Inc."
    }
    let first_sep = lead.find([',', '(', ';']).unwrap_or(lead.len());
    let within: Vec<&str> = words(&lead[..first_sep]).map(|(_, w)| w).collect();
    name.retain(|w| within.contains(w));
    name
}

/// Optimal-string-alignment distance (edits, with adjacent transpositions), bounded by `max`.
fn edit_distance(a: &str, b: &str, max: usize) -> Option<usize> {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > max {
        return None;
    }
    let mut prev2 = vec![0usize; b.len() + 1];
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0usize; b.len() + 1];
    for i in 1..=a.len() {
        cur[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(prev2[j - 2] + 1);
            }
            cur[j] = v;
        }
        std::mem::swap(&mut prev2, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    let d = prev[b.len()];
    (d <= max).then_some(d)
}

pub(super) fn check(rule_idx: usize, rule: &Rule, doc: &Document<'_>) -> Vec<Finding> {
    let name = issuer_words(doc);
    let Some(pos) = name.iter().position(|w| !GENERIC_WORDS.contains(w)) else {
        return Vec::new();
    };
    let key = name[pos];
    let next_name_word = name.get(pos + 1).copied();
    if key.chars().count() < 5 || !key.chars().all(char::is_alphabetic) {
        return Vec::new();
    }
    let key_lower = key.to_lowercase();
    let key_chars = key.chars().count();
    let Some(key_first) = key.chars().next() else {
        return Vec::new();
    };
    let max_edits = if key_chars >= 9 { 2 } else { 1 };
    let same_letters = |w: &str| {
        w.chars()
            .flat_map(char::to_lowercase)
            .eq(key.chars().flat_map(char::to_lowercase))
    };
    // Only capitalised words starting with the key's letter can be the name or a near miss:
    // count the dominant spelling, keep those of a similar length (each with the word after it).
    let mut dominant = 0;
    let mut candidates: Vec<(Word<'_>, Option<Word<'_>>)> = Vec::new();
    for (word, following) in initial_words(doc.source, key_first) {
        if same_letters(word.1) {
            dominant += 1;
        } else if word.1.chars().count().abs_diff(key_chars) <= max_edits {
            candidates.push((word, following));
        }
    }
    if dominant < 2 {
        return Vec::new();
    }
    let mut reported: Vec<&str> = Vec::new();
    let mut out = Vec::new();
    for &((at, w), following) in &candidates {
        // Tickers and acronyms ("ADBE" beside "Adobe") are not spellings of the name.
        let acronym =
            w.chars().count() <= 5 && w.chars().all(|c| c.is_uppercase() || c.is_ascii_digit());
        let occurrences = candidates.iter().filter(|c| c.0.1 == w).count();
        if acronym || reported.contains(&w) || occurrences >= dominant {
            continue;
        }
        if edit_distance(&w.to_lowercase(), &key_lower, max_edits).is_none() {
            continue;
        }
        // "Acmex Labs": followed by another proper noun, it names a different entity.
        if let Some((next_at, next)) = following {
            let gap = &doc.source[at + w.len()..next_at];
            let adjacent = gap
                .chars()
                .all(|c| c.is_whitespace() || c == '’' || c == '\'' || c == 's');
            if adjacent
                && next.chars().next().is_some_and(char::is_uppercase)
                && Some(next) != next_name_word
            {
                continue;
            }
        }
        let Some(sentence) = doc.sentence_at(at) else {
            continue;
        };
        reported.push(w);
        let s = doc.sentences[sentence];
        out.push(Finding {
            rule: rule_idx,
            category: rule.category,
            severity: rule.severity,
            message: format!(
                "{}: “{w}” where the release otherwise writes “{key}”",
                rule.message
            ),
            start: at,
            end: at + w.len(),
            sentence: (s.start, s.end),
            section: doc.section_at(sentence, at),
            notes: vec![format!("“{key}” appears {dominant} times in this release")],
            matched: w.to_string(),
            context: crate::text::collapse_whitespace(&doc.source[s.start..s.end]),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distance_counts_transpositions_once() {
        assert_eq!(edit_distance("cellestar", "cellectar", 2), Some(1));
        assert_eq!(edit_distance("zentirx", "zentrix", 1), Some(1));
        assert_eq!(edit_distance("abc", "xyz", 1), None);
    }

    #[test]
    fn tickers_are_not_misspellings() {
        let text = "Acme Update\n\nBOSTON, March 3, 2025 -- Sigyn Therapeutics, Inc. (OTCQB: SIGY) today said Sigyn grew. Sigyn thanks staff.\n";
        let doc = Document::new(text);
        let rule = crate::rulebook::load(&crate::rulebook::embedded::sources())
            .expect("default rules load")
            .get("consistency/issuer-name")
            .cloned()
            .expect("rule exists");
        assert!(check(0, &rule, &doc).is_empty());
    }

    #[test]
    fn words_read_every_script_like_a_char_by_char_split() {
        // The byte loop's ASCII shortcut must split exactly as classifying each char does.
        let reference = |text: &str| -> Vec<(usize, String)> {
            let mut out = Vec::new();
            let mut start: Option<usize> = None;
            for (i, c) in text.char_indices().chain([(text.len(), ' ')]) {
                let inside = c.is_alphanumeric() || ((c == '\'' || c == '’') && start.is_some());
                match (inside, start) {
                    (true, None) => start = Some(i),
                    (false, Some(s)) => {
                        let w = text[s..i].trim_end_matches(['\'', '’']);
                        let w = w
                            .strip_suffix("'s")
                            .or_else(|| w.strip_suffix("’s"))
                            .unwrap_or(w);
                        out.push((s, w.to_string()));
                        start = None;
                    }
                    _ => {}
                }
            }
            out
        };
        for text in [
            "",
            "Acme’s Zürich-based ÆON unit, 株式会社 and Ωmega's 2nd lab",
            "naïve café’ s 'quoted' x\u{2019}y",
            "trailing é",
            "é",
        ] {
            let got: Vec<(usize, String)> = words(text).map(|(i, w)| (i, w.to_string())).collect();
            assert_eq!(got, reference(text), "{text}");
        }
    }

    #[test]
    fn words_strip_possessives() {
        let w: Vec<&str> = words("Acme’s board and Beta's").map(|(_, w)| w).collect();
        assert_eq!(w, vec!["Acme", "board", "and", "Beta"]);
    }

    #[test]
    fn initial_words_found_by_bytes_equal_a_full_word_pass() {
        let texts = [
            "Acme’s Acmex, O'Acme and Zacme: ACME's 'Acme' acme Acme\u{2019}s",
            "Kelvin \u{212A}elvin kelvin O’Kelly’s K'",
            "''Acme ’Acme x'Acme 3Acme Acme3 é Acme",
            "Acme",
            "no capitals here at all",
            "ÆON Æon æon",
        ];
        for text in texts {
            for letter in ['A', 'K', 'Z', 'O', 'Æ'] {
                assert_eq!(
                    initial_words(text, letter),
                    initial_words_by_scan(text, letter),
                    "{letter} in {text}"
                );
            }
        }
    }
}
