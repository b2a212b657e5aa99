//! Assigning blocks to the parts of a release: headline, dateline, body, "About" boilerplate,
//! the cautionary legend and the contact block; and finding quotations inside them.

use std::sync::LazyLock;

use regex::Regex;

use super::blocks::{Block, BlockShape};
use super::legend;
use crate::rulebook::Section;
use crate::text::{fixed_regex, fixed_regex_case_sensitive};

/// A calendar date read from a dateline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

/// The "CITY, State, Month D, YYYY (WIRE) --" lead-in of the first body paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dateline {
    pub block: usize,
    /// Source byte range of the dateline text (ends after its trailing dash).
    pub start: usize,
    pub end: usize,
    pub date: Option<Date>,
}

/// Quoted speech, with its attribution ("said Jane Doe, CEO") when one is found nearby.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quote {
    pub start: usize,
    pub end: usize,
    pub attribution: Option<(usize, usize)>,
}

struct Patterns {
    date: Regex,
    wire: Regex,
    caps_city: Regex,
    date_only: Regex,
    about_heading: Regex,
    about_inline: Regex,
    contacts: Regex,
    said: Regex,
}

static PATTERNS: LazyLock<Patterns> = LazyLock::new(|| Patterns {
    // Case-sensitive month names: "May" the month, not "may" the modal.
    date: fixed_regex_case_sensitive(
        r"(?-u:\b)(?:(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+(\d{1,2}),?\s+((?:19|20)\d{2})|(\d{1,2})\s+(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?,?\s+((?:19|20)\d{2}))(?-u:\b)",
    ),
    wire: fixed_regex(
        r"\b(globe\s*newswire|business\s*wire|pr\s*newswire|marketwired?|accesswire|newmediawire|mediawire|newswire|prweb|cision|canada newswire|eqs|dgap)\b",
    ),
    caps_city: fixed_regex_case_sensitive(
        r"^[A-Z][A-Z .'’]{2,40},\s*[A-Z][A-Za-z.]{1,20}\s*(?:--|—|–|-)\s+",
    ),
    date_only: fixed_regex(
        r"^\W*((mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?[a-z]{3,9}\.?\s+\d{1,2},?\s+\d{4}\W*$|^\W*\d{1,2}\s+[a-z]{3,9}\s+\d{4}\W*$|^\W*\d{4}-\d{2}-\d{2}\W*$",
    ),
    about_heading: fixed_regex(r"^\W{0,3}about\s+\S"),
    about_inline: fixed_regex_case_sensitive(
        r"^\W{0,3}(?:About|ABOUT)\s+[A-Z][^.:\n]{1,80}(?::|\s[-–—]\s)",
    ),
    contacts: fixed_regex(
        r"^\W*((media|investors?|press|company|corporate|public)\s+(relations\s+)?(and\s+\w+\s+)?(contacts?|inquiries|enquiries)|contacts?|for\s+(further|more|additional)\s+information|source:|###|-\s*30\s*-|investor relations:?$)",
    ),
    said: fixed_regex(
        r"^[\s,]{0,3}(said|says|stated|states|commented|comments|added|adds|noted|notes|explained|explains|remarked|continued|concluded|according to)\b",
    ),
});

fn month_number(name: &str) -> u32 {
    match name.get(..3).unwrap_or("") {
        "Jan" => 1,
        "Feb" => 2,
        "Mar" => 3,
        "Apr" => 4,
        "May" => 5,
        "Jun" => 6,
        "Jul" => 7,
        "Aug" => 8,
        "Sep" => 9,
        "Oct" => 10,
        "Nov" => 11,
        _ => 12,
    }
}

fn parse_date(caps: &regex::Captures<'_>) -> Option<Date> {
    let (mon, day, year) = match (caps.get(1), caps.get(4)) {
        (Some(m), _) => (m.as_str(), caps.get(2)?.as_str(), caps.get(3)?.as_str()),
        (None, Some(d)) => (caps.get(5)?.as_str(), d.as_str(), caps.get(6)?.as_str()),
        _ => return None,
    };
    let day: u32 = day.parse().ok()?;
    (1..=31).contains(&day).then_some(())?;
    Some(Date {
        year: year.parse().ok()?,
        month: month_number(mon),
        day,
    })
}

/// Finds the dateline at the start of `text`; returns its length in bytes and its date.
pub fn find_dateline(text: &str) -> Option<(usize, Option<Date>)> {
    let p = &*PATTERNS;
    // Markdown emphasis or a heading marker may wrap the dateline ("**BOSTON, …** --").
    let lead = text.len() - text.trim_start_matches(['*', '_', '#', ' ']).len();
    let (offset, text) = (lead, &text[lead..]);
    let first = text.chars().next()?;
    if !first.is_uppercase() {
        return None;
    }
    let head_end = text.char_indices().nth(220).map_or(text.len(), |(i, _)| i);
    let head = &text[..head_end];
    let date = p.date.captures(head);
    let wire = p.wire.find(head);
    let anchor_start = match (&date, &wire) {
        (Some(d), Some(w)) => d.get(0).map_or(w.start(), |m| m.start().min(w.start())),
        (Some(d), None) => d.get(0)?.start(),
        (None, Some(w)) => w.start(),
        (None, None) => {
            return p.caps_city.find(head).map(|m| (offset + m.end(), None));
        }
    };
    let anchor_end = match (&date, &wire) {
        (Some(d), Some(w)) => d.get(0).map_or(w.end(), |m| m.end().max(w.end())),
        (Some(d), None) => d.get(0)?.end(),
        (None, Some(w)) => w.end(),
        (None, None) => return None,
    };
    let prefix = &head[..anchor_start];
    // The prefix names a place: short, no sentence inside it.
    let has_prose_word = prefix
        .split(|c: char| !c.is_alphabetic())
        .any(|w| w.len() >= 3 && w != "and" && w.chars().all(char::is_lowercase));
    if prefix.chars().count() > 90 || has_prose_word {
        return None;
    }
    // After the anchor: closing brackets, slashes or commas, then a dash separator.
    let rest = &head[anchor_end..];
    let skipped = rest.len()
        - rest
            .trim_start_matches(|c: char| {
                c.is_whitespace() || matches!(c, ')' | ']' | '/' | ',' | '*' | '_')
            })
            .len();
    let after = &rest[skipped..];
    let dash_len = if after.starts_with("--") {
        2
    } else if after.starts_with('—') || after.starts_with('–') {
        3
    } else if after.starts_with("- ")
        || after.starts_with("-\u{A0}")
        || (after.starts_with('-') && wire.is_some())
    {
        1
    } else {
        return None;
    };
    let after_dash = &after[dash_len..];
    let ws = after_dash.len() - after_dash.trim_start().len();
    let end = anchor_end + skipped + dash_len + ws;
    Some((offset + end, date.as_ref().and_then(parse_date)))
}

fn is_contacts_start(block: &Block, text: &str) -> bool {
    (block.shape != BlockShape::Paragraph || text.len() < 200) && PATTERNS.contacts.is_match(text)
}

fn is_about_start(block: &Block, text: &str) -> bool {
    match block.shape {
        BlockShape::Heading => text.len() < 120 && PATTERNS.about_heading.is_match(text),
        BlockShape::Paragraph => PATTERNS.about_inline.is_match(text),
        BlockShape::Bullet => false,
    }
}

fn is_prose(block: &Block, text: &str) -> bool {
    block.shape == BlockShape::Paragraph && text.len() >= 200
}

/// Legend scores of blocks, worked out only as far as needed: a cheap literal bound answers
/// most threshold questions ("can this block score 5?") without running the scoring regexes,
/// and the signals are tried only until the answer is known.
struct LegendScores<'a> {
    texts: &'a [&'a str],
    scores: Vec<legend::PartialScore>,
}

impl<'a> LegendScores<'a> {
    /// Scores of `blocks` of `source`, whose texts are `texts`; their stems found in one pass.
    fn new(source: &str, blocks: &[Block], texts: &'a [&'a str]) -> Self {
        let ranges: Vec<(usize, usize)> = blocks.iter().map(|b| (b.start, b.end)).collect();
        LegendScores {
            texts,
            scores: legend::Stems::of_blocks(source, &ranges)
                .into_iter()
                .map(legend::PartialScore::new)
                .collect(),
        }
    }

    /// Whether block `i` scores at least `threshold` (false past the last block).
    fn at_least(&mut self, i: usize, threshold: i32) -> bool {
        match (self.texts.get(i), self.scores.get_mut(i)) {
            (Some(text), Some(score)) => score.at_least(text, threshold),
            _ => false,
        }
    }
}

/// The section of every block, the dateline, and the indices of legend blocks.
pub struct Layout {
    pub sections: Vec<Section>,
    pub dateline: Option<Dateline>,
    pub legend: Vec<usize>,
}

pub fn layout(source: &str, blocks: &[Block]) -> Layout {
    let texts: Vec<&str> = blocks.iter().map(|b| b.text(source)).collect();
    let mut sections = vec![Section::Body; blocks.len()];

    // Dateline: the first block, among the first few, that opens with one.
    let dateline = blocks.iter().enumerate().take(12).find_map(|(i, b)| {
        find_dateline(texts[i]).map(|(len, date)| Dateline {
            block: i,
            start: b.start,
            end: b.start + len,
            date,
        })
    });
    // Headline: what comes before the dateline (or the first heading when there is none).
    let headline_end = match &dateline {
        Some(d) => d.block,
        None => usize::from(
            blocks
                .first()
                .is_some_and(|b| b.shape == BlockShape::Heading),
        ),
    };
    for (i, section) in sections.iter_mut().enumerate().take(headline_end) {
        *section = if PATTERNS.date_only.is_match(texts[i]) {
            Section::Dateline
        } else {
            Section::Headline
        };
    }

    // Legend: paragraphs scoring as cautionary language, extended over their continuation.
    let mut scores = LegendScores::new(source, blocks, &texts);
    let mut legend = vec![false; blocks.len()];
    let mut i = headline_end;
    while i < blocks.len() {
        let heading =
            legend::is_legend_heading(texts[i]) && blocks[i].shape != BlockShape::Paragraph;
        let seeded = scores.at_least(i, legend::SEED_SCORE)
            || (heading && scores.at_least(i + 1, legend::AFTER_HEADING_SCORE));
        if !seeded || dateline.as_ref().is_some_and(|d| d.block == i) {
            i += 1;
            continue;
        }
        legend[i] = true;
        let mut j = i + 1;
        while j < blocks.len() {
            let continues = scores.at_least(j, 1)
                || blocks[j].shape == BlockShape::Bullet
                || (heading && j == i + 1);
            if !continues
                || is_contacts_start(&blocks[j], texts[j])
                || is_about_start(&blocks[j], texts[j])
            {
                break;
            }
            legend[j] = true;
            j += 1;
        }
        i = j;
    }

    // About and contacts regions, then the legend on top of everything after the headline.
    let mut region = Section::Body;
    for i in headline_end..blocks.len() {
        let (b, t) = (&blocks[i], texts[i]);
        if legend[i] {
            sections[i] = Section::SafeHarbor;
            region = Section::Body;
            continue;
        }
        if is_contacts_start(b, t) {
            region = Section::Contacts;
        } else if is_about_start(b, t) {
            region = Section::About;
        } else if (region == Section::Contacts && is_prose(b, t))
            || (region == Section::About && b.shape == BlockShape::Heading)
        {
            region = Section::Body;
        }
        sections[i] = region;
    }
    Layout {
        sections,
        dateline,
        legend: (0..blocks.len()).filter(|&i| legend[i]).collect(),
    }
}

/// Where the attribution clause that continues at byte `from` of `after` ends: at the next
/// quote mark, or at a full stop that ends the sentence as the sentence splitter judges it, so
/// "said Jane Roe, M.D., Chief Medical Officer" and "said Dr. Roe" are kept whole.
fn attribution_end(after: &str, from: usize) -> usize {
    let bytes = after.as_bytes();
    let mut at = from;
    while let Some(i) = after
        .get(at..)
        .and_then(|rest| rest.find(['.', '"', '“', '”']))
    {
        let i = at + i;
        if bytes[i] != b'.' {
            return i;
        }
        let rest = &after[i + 1..];
        let next = rest.trim_start();
        let spaced = next.len() < rest.len() || next.is_empty();
        if spaced && super::sentences::period_ends_sentence(after, i, next) {
            return i;
        }
        at = i + 1;
    }
    after.len()
}

/// Shortest quoted text counted as a quotation (shorter ones are terms: the "Company").
const MIN_QUOTE_CHARS: usize = 40;

/// Quotations inside one block starting at source byte `base`. A quote left open at the end of
/// the block runs to its end (multi-paragraph quotations reopen in the next paragraph).
pub fn quotes_in(text: &str, base: usize, out: &mut Vec<Quote>) {
    let mut open: Option<usize> = None;
    let push = |start: usize, end: usize, out: &mut Vec<Quote>| {
        if text[start..end].chars().count() < MIN_QUOTE_CHARS || !text[start..end].contains(' ') {
            return;
        }
        let after = &text[end..];
        let attribution = PATTERNS
            .said
            .captures(after)
            .and_then(|c| c.get(1))
            .map(|m| {
                let clause_end = attribution_end(after, m.end());
                (base + end + m.start(), base + end + clause_end)
            });
        out.push(Quote {
            start: base + start,
            end: base + end,
            attribution,
        });
    };
    // Quote marks found with memchr: `"`, and the lead byte of `“` and `”` (E2 80 9C/9D).
    let bytes = text.as_bytes();
    for i in memchr::memchr2_iter(b'"', 0xE2, bytes) {
        let mark = match bytes.get(i..i + 3) {
            _ if bytes[i] == b'"' => '"',
            Some([_, 0x80, 0x9C]) => '“',
            Some([_, 0x80, 0x9D]) => '”',
            _ => continue,
        };
        match (mark, open) {
            ('“', _) => open = Some(i),
            ('”', Some(s)) => {
                push(s, i + mark.len_utf8(), out);
                open = None;
            }
            ('"', None) => open = Some(i),
            ('"', Some(s)) => {
                push(s, i + 1, out);
                open = None;
            }
            _ => {}
        }
    }
    if let Some(s) = open {
        push(s, text.len(), out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_datelines_in_wire_styles() {
        let cases = [
            (
                "MADISON, Wisc., Nov. 11, 2016 (GLOBE NEWSWIRE) -- Acme, Inc. today",
                "Acme, Inc. today",
                Some((2016, 11, 11)),
            ),
            (
                "CHICAGO, November 6, 2025 -- Acme Inc. (NYSE: ACME)",
                "Acme Inc. (NYSE: ACME)",
                Some((2025, 11, 6)),
            ),
            (
                "BURLINGTON, Mass.--(BUSINESS WIRE)--Acme, Inc. (NASDAQ: ACME)",
                "Acme, Inc. (NASDAQ: ACME)",
                None,
            ),
            (
                "AMARILLO, TX--(Marketwired - Sep 6, 2017) - Acme Biosciences",
                "Acme Biosciences",
                Some((2017, 9, 6)),
            ),
            (
                "Salt Lake City, UTAH — March 16, 2005 – Acme, Inc. announced",
                "Acme, Inc. announced",
                Some((2005, 3, 16)),
            ),
            (
                "RICHMOND, Va. – Acme Energy (NYSE: D) today announced",
                "Acme Energy (NYSE: D) today announced",
                None,
            ),
            (
                "TAIPEI, TAIWAN - [Media OutReach Newswire](https://x.example/) - 2 July 2026 - Acme Pharma",
                "Acme Pharma",
                Some((2026, 7, 2)),
            ),
            (
                "PARIS and BOSTON, Nov. 4, 2025 (GLOBE NEWSWIRE) -- Acme SA today",
                "Acme SA today",
                Some((2025, 11, 4)),
            ),
            (
                "**NASHVILLE, Tenn., Nov. 4, 2025** -- Acme Inc. today",
                "Acme Inc. today",
                Some((2025, 11, 4)),
            ),
        ];
        for (text, rest, date) in cases {
            let found = find_dateline(text);
            assert!(found.is_some(), "no dateline in {text}");
            let (len, d) = found.unwrap_or_default();
            assert_eq!(&text[len..], rest, "{text}");
            assert_eq!(d.map(|d| (d.year, d.month, d.day)), date, "{text}");
        }
    }

    #[test]
    fn ordinary_sentences_are_not_datelines() {
        assert!(
            find_dateline("The company ended the quarter on September 30, 2016 with cash.")
                .is_none()
        );
        assert!(
            find_dateline("In May 2024 the trial - which enrolled 30 patients - completed.")
                .is_none()
        );
    }

    #[test]
    fn finds_quotations_and_attribution() {
        let text = "“We continue to make progress with our program and plan to start a trial,” said Jane Doe, CEO of Acme. The (the \"company\") term is short.";
        let mut out = Vec::new();
        quotes_in(text, 0, &mut out);
        assert_eq!(out.len(), 1);
        let q = &out[0];
        assert!(text[q.start..q.end].starts_with("“We continue"));
        let (s, e) = q.attribution.unwrap_or_default();
        assert_eq!(&text[s..e], "said Jane Doe, CEO of Acme");
    }

    #[test]
    fn attributions_run_past_titles_and_degrees() {
        let quote = "“We continue to make progress with our program and plan to start a trial,”";
        for (said, expected) in [
            (
                " said Jane Roe, M.D., Chief Medical Officer of Acme. Next sentence.",
                "said Jane Roe, M.D., Chief Medical Officer of Acme",
            ),
            (" said Dr. Jane Roe. Next.", "said Dr. Jane Roe"),
            (
                " said Jane Roe, CEO of Acme Inc. The company",
                "said Jane Roe, CEO of Acme Inc",
            ),
            (" said Jane Roe, CEO. “More.”", "said Jane Roe, CEO"),
            (" said Jane Roe, CEO of Acme", "said Jane Roe, CEO of Acme"),
        ] {
            let text = format!("{quote}{said}");
            let mut out = Vec::new();
            quotes_in(&text, 0, &mut out);
            let (s, e) = out[0].attribution.unwrap_or_default();
            assert_eq!(&text[s..e], expected, "{text}");
        }
    }

    #[test]
    fn other_marks_sharing_the_curly_quotes_lead_byte_are_not_quotes() {
        // The dash, the curly apostrophe and the ellipsis start with the same byte as “ and ”.
        let text = "Acme’s lead — in short… “We are pleased with the data we have seen so far,” noted the CEO — and \"we plan more work on this in the coming year\" later.";
        let mut out = Vec::new();
        quotes_in(text, 10, &mut out);
        let quoted: Vec<&str> = out
            .iter()
            .map(|q| &text[q.start - 10..q.end - 10])
            .collect();
        assert_eq!(
            quoted,
            vec![
                "“We are pleased with the data we have seen so far,”",
                "\"we plan more work on this in the coming year\""
            ]
        );
        let (s, e) = out[0].attribution.unwrap_or_default();
        assert_eq!(&text[s - 10..e - 10], "noted the CEO — and ");
    }
}
