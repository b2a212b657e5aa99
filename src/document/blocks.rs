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
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => {
                out.push((start, i));
                start = i + 1;
            }
            b'\r' => {
                out.push((start, i));
                if bytes.get(i + 1) == Some(&b'\n') {
                    i += 1;
                }
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
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

/// Splits `source` into blocks in document order.
pub fn split(source: &str) -> Vec<Block> {
    // Paragraphs: runs of non-blank lines; inside them, bullet lines start new items.
    struct Raw {
        start: usize,
        end: usize,
        bullet: bool,
        after_blank: bool,
    }
    let mut raw: Vec<Raw> = Vec::new();
    let mut in_paragraph = false;
    for (ls, le) in lines(source) {
        let line = &source[ls..le];
        if is_blank(line) {
            in_paragraph = false;
            continue;
        }
        let bullet = bullet_marker_len(line).is_some();
        match raw.last_mut() {
            Some(block) if in_paragraph && !bullet => block.end = le,
            _ => raw.push(Raw {
                start: ls,
                end: le,
                bullet,
                after_blank: !in_paragraph,
            }),
        }
        in_paragraph = true;
    }

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
        let single_line = !text.contains(['\n', '\r']);
        let shape = if bullet {
            BlockShape::Bullet
        } else if single_line && text.chars().count() <= MAX_HEADING_CHARS && !ends_sentence(text) {
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
    fn numbers_are_not_bullets_unless_marked() {
        assert_eq!(bullet_marker_len("1. First"), Some(2));
        assert_eq!(bullet_marker_len("2016 was good"), None);
        assert_eq!(bullet_marker_len("-5% change"), None);
    }
}
