//! Splitting a release into blocks: paragraphs, bullet items and heading lines.
//!
//! Works on the source text so spans stay exact. A paragraph broken by a stray blank line in
//! mid-sentence (common in wire copy) is joined back, so its sentence stays whole.

/// What a block looks like on the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockShape {
    /// One short line without final punctuation: a headline, sub-heading or label.
    Heading,
    /// A list item (`-`, `*`, `•`, `1.`).
    Bullet,
    /// Running text.
    Paragraph,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Block {
    /// Source byte range, trimmed of surrounding whitespace.
    pub start: usize,
    pub end: usize,
    pub shape: BlockShape,
}

impl Block {
    pub fn text<'a>(&self, source: &'a str) -> &'a str {
        &source[self.start..self.end]
    }
}

/// Longest line still read as a heading rather than a paragraph.
const MAX_HEADING_CHARS: usize = 220;

fn is_blank(line: &str) -> bool {
    line.chars().all(|c| c.is_whitespace() || c == '\u{FEFF}')
}

/// Length in bytes of a leading bullet marker (with its following space), if any.
pub fn bullet_marker_len(line: &str) -> Option<usize> {
    let trimmed = line.trim_start();
    let indent = line.len() - trimmed.len();
    let mut chars = trimmed.char_indices();
    let (_, first) = chars.next()?;
    let after = match first {
        '-' | '*' | '•' | '·' | '▪' | '◦' | '–' | '—' | '+' => first.len_utf8(),
        '0'..='9' => {
            let digits = trimmed.bytes().take_while(u8::is_ascii_digit).count();
            if digits > 2 {
                return None;
            }
            match trimmed.as_bytes().get(digits) {
                Some(b'.' | b')') => digits + 1,
                _ => return None,
            }
        }
        _ => return None,
    };
    let rest = &trimmed[after..];
    if rest.starts_with(' ') || rest.starts_with('\t') || rest.starts_with('\u{A0}') {
        Some(indent + after)
    } else {
        None
    }
}

fn ends_sentence(text: &str) -> bool {
    let trimmed = text.trim_end_matches(|c: char| {
        c.is_whitespace() || matches!(c, '"' | '\'' | '”' | '’' | ')' | ']' | '*' | '_')
    });
    trimmed.ends_with(['.', '!', '?', ':', ';'])
}

fn starts_lowercase(text: &str) -> bool {
    text.trim_start()
        .chars()
        .next()
        .is_some_and(char::is_lowercase)
}

/// Lines of `source` as (start, end) byte ranges without their line terminators.
fn lines(source: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let bytes = source.as_bytes();
    let mut start = 0;
    // Line ends found with memchr: this runs over every byte of every release.
    for i in memchr::memchr2_iter(b'\n', b'\r', bytes) {
        if i < start {
            continue; // the `\n` of a `\r\n` already ended its line
        }
        out.push((start, i));
        start = if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
            i + 2
        } else {
            i + 1
        };
    }
    if start < bytes.len() {
        out.push((start, bytes.len()));
    }
    out
}

fn trimmed_range(source: &str, start: usize, end: usize) -> (usize, usize) {
    let text = &source[start..end];
    let lead = text.len()
        - text
            .trim_start_matches(|c: char| c.is_whitespace() || c == '\u{FEFF}')
            .len();
    let trail = text.len() - text.trim_end().len();
    (start + lead, (end - trail).max(start + lead))
}

/// Longest line below the dateline still taken for a sub-heading in one-paragraph-per-line text.
const MAX_SUBHEADING_CHARS: usize = 100;

/// Longest line still taken for hard-wrapped prose; longer lines are whole paragraphs.
const MAX_WRAPPED_LINE_CHARS: usize = 250;

/// Whether `text` has more than `chars` characters (counted only when its bytes could be).
fn longer_than(text: &str, chars: usize) -> bool {
    text.len() > chars && text.chars().nth(chars).is_some()
}

/// The parts of a paragraph (`start..end`, whose lines are `ranges`) that are really separate
/// blocks (see [`split`]).
fn split_lines_of_paragraph(
    source: &str,
    ranges: &[(usize, usize)],
    start: usize,
    end: usize,
) -> Vec<(usize, usize)> {
    if ranges.len() < 2 {
        return vec![(start, end)];
    }
    let one_paragraph_per_line = ranges
        .iter()
        .any(|&(s, e)| longer_than(&source[s..e], MAX_WRAPPED_LINE_CHARS));
    if one_paragraph_per_line {
        // Lines above the dateline are the headline stack, one block each. Below it, break
        // after lines that end a sentence or are short enough to be sub-headings; a longer line
        // stopping mid-sentence was wrapped and continues on the next line.
        let dateline_line = ranges
            .iter()
            .take(8)
            .position(|&(s, e)| super::sections::find_dateline(&source[s..e]).is_some())
            .unwrap_or(0);
        let mut out: Vec<(usize, usize)> = ranges[..dateline_line].to_vec();
        let mut open: Option<(usize, usize)> = None;
        for &(s, e) in &ranges[dateline_line..] {
            let (s0, _) = open.unwrap_or((s, e));
            let line = &source[s..e];
            if ends_sentence(line) || !longer_than(line.trim(), MAX_SUBHEADING_CHARS) {
                out.push((s0, e));
                open = None;
            } else {
                open = Some((s0, e));
            }
        }
        out.extend(open);
        return out;
    }
    let first = source[ranges[0].0..ranges[0].1].trim();
    let second = source[ranges[1].0..ranges[1].1].trim_start();
    let heading_on_top = !longer_than(first, 100)
        && !ends_sentence(first)
        && first.to_ascii_lowercase().starts_with("about ")
        && second.chars().next().is_some_and(char::is_uppercase);
    if heading_on_top {
        return vec![ranges[0], (ranges[1].0, end)];
    }
    vec![(start, end)]
}

/// Splits `source` into blocks in document order.
pub fn split(source: &str) -> Vec<Block> {
    // Paragraphs: runs of non-blank lines; inside them, bullet lines start new items.
    struct Raw {
        start: usize,
        end: usize,
        bullet: bool,
        after_blank: bool,
    }
    struct Paragraph {
        raw: Raw,
        /// Indices of its lines in `all_lines`.
        lines: std::ops::Range<usize>,
    }
    let all_lines = lines(source);
    let mut paragraphs: Vec<Paragraph> = Vec::new();
    let mut in_paragraph = false;
    for (i, &(ls, le)) in all_lines.iter().enumerate() {
        let line = &source[ls..le];
        if is_blank(line) {
            in_paragraph = false;
            continue;
        }
        let bullet = bullet_marker_len(line).is_some();
        match paragraphs.last_mut() {
            Some(paragraph) if in_paragraph && !bullet => {
                paragraph.raw.end = le;
                paragraph.lines.end = i + 1;
            }
            _ => paragraphs.push(Paragraph {
                raw: Raw {
                    start: ls,
                    end: le,
                    bullet,
                    after_blank: !in_paragraph,
                },
                lines: i..i + 1,
            }),
        }
        in_paragraph = true;
    }

    // Some releases put each paragraph on one line with no blank line between them; a line too
    // long to be hard-wrapped text marks that style, and then every line is its own block. A
    // short heading line glued to the text under it ("About Acme" + paragraph) is split off.
    let raw: Vec<Raw> = paragraphs
        .into_iter()
        .flat_map(|Paragraph { raw: r, lines }| {
            let ranges: Vec<(usize, usize)> = if r.bullet {
                vec![(r.start, r.end)]
            } else {
                split_lines_of_paragraph(source, &all_lines[lines], r.start, r.end)
            };
            let first = r.after_blank;
            ranges
                .into_iter()
                .enumerate()
                .map(move |(i, (start, end))| Raw {
                    start,
                    end,
                    bullet: r.bullet,
                    after_blank: first && i == 0,
                })
        })
        .collect();

    let mut blocks: Vec<Block> = Vec::with_capacity(raw.len());
    for r in &raw {
        let bullet = r.bullet;
        let (s, e) = trimmed_range(source, r.start, r.end);
        if s >= e {
            continue;
        }
        let text = &source[s..e];
        // Re-join a sentence that a stray blank line cut in two.
        if let Some(prev) = blocks.last_mut()
            && r.after_blank
            && !bullet
            && prev.shape != BlockShape::Bullet
            && !ends_sentence(prev.text(source))
            && starts_lowercase(text)
        {
            prev.end = e;
            prev.shape = BlockShape::Paragraph;
            continue;
        }
        let single_line = memchr::memchr2(b'\n', b'\r', text.as_bytes()).is_none();
        let shape = if bullet {
            BlockShape::Bullet
        } else if single_line && !longer_than(text, MAX_HEADING_CHARS) && !ends_sentence(text) {
            BlockShape::Heading
        } else {
            BlockShape::Paragraph
        };
        blocks.push(Block {
            start: s,
            end: e,
            shape,
        });
    }
    blocks
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts<'a>(src: &'a str, blocks: &[Block]) -> Vec<(&'a str, BlockShape)> {
        blocks.iter().map(|b| (b.text(src), b.shape)).collect()
    }

    #[test]
    fn lengths_are_counted_in_characters() {
        assert!(!longer_than("abc", 3));
        assert!(longer_than("abcd", 3));
        // Six bytes, three characters.
        assert!(!longer_than("ééé", 3));
        assert!(longer_than("ééé", 2));
    }

    #[test]
    fn lines_end_at_lf_cr_and_crlf() {
        assert_eq!(
            lines("a\r\nbc\rd\n\ne"),
            vec![(0, 1), (3, 5), (6, 7), (8, 8), (9, 10)]
        );
        // A CR before a CRLF ends an empty line; a trailing terminator adds no empty line.
        assert_eq!(lines("\r\r\nx\n"), vec![(0, 0), (1, 1), (3, 4)]);
        assert_eq!(lines("\n\r"), vec![(0, 0), (1, 1)]);
        assert_eq!(lines("no end"), vec![(0, 6)]);
        assert!(lines("").is_empty());
    }

    #[test]
    fn splits_headings_paragraphs_and_bullets() {
        let src = "Big News Headline\n\nCITY, Jan. 2, 2020 -- Acme said things.\nMore text here.\n\nHighlights include:\n- one item\n- two\n  wrapped\n\nAbout Acme\n";
        let b = split(src);
        assert_eq!(
            texts(src, &b),
            vec![
                ("Big News Headline", BlockShape::Heading),
                (
                    "CITY, Jan. 2, 2020 -- Acme said things.\nMore text here.",
                    BlockShape::Paragraph
                ),
                ("Highlights include:", BlockShape::Paragraph),
                ("- one item", BlockShape::Bullet),
                ("- two\n  wrapped", BlockShape::Bullet),
                ("About Acme", BlockShape::Heading),
            ]
        );
    }

    #[test]
    fn rejoins_a_sentence_cut_by_a_blank_line() {
        let src = "Expenses were $1.3 million during the third\n\nquarter of 2016, up slightly.\n\nNext paragraph.";
        let b = split(src);
        assert_eq!(b.len(), 2);
        assert!(b[0].text(src).ends_with("up slightly."));
    }

    #[test]
    fn handles_crlf_and_lone_cr() {
        let src = "Title\r\n\r\nBody one.\rBody two.\r\n";
        let b = split(src);
        assert_eq!(texts(src, &b)[0], ("Title", BlockShape::Heading));
        assert_eq!(b.len(), 2);
    }

    #[test]
    fn one_paragraph_per_line_releases_are_split_by_line() {
        let long = "x ".repeat(150);
        let src = format!(
            "Headline One\nSub headline two\nCITY, Jan. 2, 2020 -- Acme said {long}.\nNext paragraph {long}.\n"
        );
        let b = split(&src);
        assert_eq!(b.len(), 4);
        assert_eq!(b[0].text(&src), "Headline One");
        assert_eq!(b[0].shape, BlockShape::Heading);
        // A long line cut mid-sentence continues on the next line.
        let wrapped =
            "a wrapped line of prose that goes on well past the length of any sub-heading and";
        let src = format!(
            "Title\nCITY, Jan. 2, 2020 -- {wrapped} has granted Breakthrough Therapy\nDesignation to the drug. {long}.\n"
        );
        let b = split(&src);
        assert_eq!(b.len(), 2);
        assert!(b[1].text(&src).contains("Therapy\nDesignation"));
    }

    #[test]
    fn hard_wrapped_paragraphs_stay_whole() {
        let src = "The company expects to begin the trial\nin the second half of the year and\nto report data in 2026.\n";
        assert_eq!(split(src).len(), 1);
        let src = "About Acme\nAcme is a company that makes\nthings.\n";
        let b = split(src);
        assert_eq!(texts(src, &b)[0], ("About Acme", BlockShape::Heading));
        assert_eq!(b.len(), 2);
    }

    #[test]
    fn numbers_are_not_bullets_unless_marked() {
        assert_eq!(bullet_marker_len("1. First"), Some(2));
        assert_eq!(bullet_marker_len("2016 was good"), None);
        assert_eq!(bullet_marker_len("-5% change"), None);
    }
}
