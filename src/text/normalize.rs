//! Typographic normalisation for matching, with an offset map back to the source.
//!
//! Matching must not care about line wraps, runs of whitespace, non-breaking spaces, soft
//! hyphens, curly quotes or dash variants, yet every finding must point at the exact bytes of
//! the original text. [`Normalized`] holds the folded text plus an [`OffsetMap`] from its byte
//! offsets back to source byte offsets (and the inverse, for sentence spans).

use super::offset_map::OffsetMap;

/// Text folded for matching, and the map back to the source it came from.
#[derive(Debug, Clone)]
pub struct Normalized {
    text: String,
    map: OffsetMap,
}

/// What the folding does with one source character.
enum Fold {
    Keep,
    Space,
    Drop,
    Replace(char),
}

fn fold(c: char) -> Fold {
    match c {
        ' ' | '\t' | '\n' | '\r' | '\u{0B}' | '\u{0C}' => Fold::Space,
        '\u{A0}'
        | '\u{1680}'
        | '\u{2000}'..='\u{200A}'
        | '\u{2028}'
        | '\u{2029}'
        | '\u{202F}'
        | '\u{205F}'
        | '\u{3000}'
        | '\u{85}' => Fold::Space,
        // Invisible characters that break up words: soft hyphen, zero-width space/joiners, BOM.
        '\u{AD}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' => Fold::Drop,
        // Marks that sit inside product names ("Drug™ is") and carry no meaning for claims.
        '\u{2122}' | '\u{AE}' | '\u{2120}' => Fold::Drop,
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '\u{00B4}' | '`' => {
            Fold::Replace('\'')
        }
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{00AB}'
        | '\u{00BB}' => Fold::Replace('"'),
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}'
        | '\u{2212}' | '\u{FE63}' | '\u{FF0D}' => Fold::Replace('-'),
        _ => Fold::Keep,
    }
}

/// Folds one phrase of a rulebook the same way documents are folded, so both sides agree.
pub fn fold_phrase(phrase: &str) -> String {
    Normalized::new(phrase).text.trim().to_string()
}

/// Bytes that can need folding: whitespace other than a lone space, `\\` (escaped `$`), the
/// backtick, and the lead byte of any non-ASCII character. Everything else is copied as is.
fn is_special(b: u8) -> bool {
    b >= 0x80 || matches!(b, b'\t' | b'\n' | b'\r' | 0x0B | 0x0C | b'\\' | b'`')
}

/// Whether byte `k` ends a plain run: it needs folding, or it is a space that starts a run of
/// whitespace (the next byte is a space or needs folding).
fn ends_plain_run(bytes: &[u8], k: usize) -> bool {
    let b = bytes[k];
    is_special(b)
        || (b == b' '
            && bytes
                .get(k + 1)
                .is_some_and(|&n| n == b' ' || is_special(n)))
}

/// Eight bytes, each `0x80` or `0x00`, marking where `word` has the byte `byte`.
fn bytes_equal(word: u64, byte: u8) -> u64 {
    const LOW7: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    let x = word ^ (u64::from(byte) * 0x0101_0101_0101_0101);
    // A byte's high bit ends up set iff the byte is non-zero; no carry crosses bytes.
    !(((x & LOW7) + LOW7) | x | LOW7)
}

/// The first byte at or after `at` that [`ends_plain_run`] (or the text's length), eight bytes
/// at a time: this runs over every byte of every release. It may stop early at a control
/// byte that needs no folding, or a space before one, which the slow path copies as they are.
fn plain_run_end(bytes: &[u8], mut at: usize) -> usize {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    const LOW7: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    while let Some(chunk) = bytes.get(at..).and_then(|rest| rest.first_chunk::<8>()) {
        let word = u64::from_le_bytes(*chunk);
        // Non-ASCII; below 0x20 (tab, line ends and the other controls); backslash; backtick.
        let below_space = !((word & LOW7) + 0x6060_6060_6060_6060) & HIGH;
        let special =
            (word & HIGH) | below_space | bytes_equal(word, b'\\') | bytes_equal(word, b'`');
        let space = bytes_equal(word, b' ');
        // Byte 7's successor is the next word's first byte.
        let next_is_blank = bytes
            .get(at + 8)
            .is_some_and(|&n| n == b' ' || is_special(n));
        let next = ((space | special) >> 8) | if next_is_blank { 0x80 << 56 } else { 0 };
        let stops = special | (space & next);
        if stops != 0 {
            return at + (stops.trailing_zeros() / 8) as usize;
        }
        at += 8;
    }
    (at..bytes.len())
        .find(|&k| ends_plain_run(bytes, k))
        .unwrap_or(bytes.len())
}

/// Whether `text` folds to itself: plain ASCII whose only whitespace is single spaces.
pub fn is_plain(text: &str) -> bool {
    plain_run_end(text.as_bytes(), 0) == text.len()
}

impl Normalized {
    pub fn new(source: &str) -> Self {
        let bytes = source.as_bytes();
        let mut text = String::with_capacity(source.len());
        let mut map = OffsetMap::default();
        let mut at = 0;
        while at < bytes.len() {
            // Fast path: a run of ordinary ASCII (single spaces included) is copied in one go.
            let run = plain_run_end(bytes, at);
            if run > at {
                map.push_copy(text.len(), at);
                text.push_str(&source[at..run]);
                at = run;
                continue;
            }
            let Some(c) = source[at..].chars().next() else {
                break;
            };
            let width = c.len_utf8();
            match fold(c) {
                Fold::Keep => {
                    // Markdown-style escaped dollar signs ("\\$5.6 million") read as "$".
                    if !(c == '\\' && bytes.get(at + 1) == Some(&b'$')) {
                        map.push_copy(text.len(), at);
                        text.push(c);
                    }
                    at += width;
                }
                Fold::Drop => at += width,
                Fold::Replace(r) => {
                    map.push_replace(text.len(), at, width);
                    text.push(r);
                    at += width;
                }
                Fold::Space => {
                    let mut end = at + width;
                    while let Some(next) = source[end..].chars().next() {
                        match fold(next) {
                            Fold::Space | Fold::Drop => end += next.len_utf8(),
                            _ => break,
                        }
                    }
                    if end - at == 1 && c == ' ' {
                        map.push_copy(text.len(), at);
                    } else {
                        map.push_replace(text.len(), at, end - at);
                    }
                    text.push(' ');
                    at = end;
                }
            }
        }
        map.finish(text.len(), source.len());
        Normalized { text, map }
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    pub fn map(&self) -> &OffsetMap {
        &self.map
    }

    /// The source byte range of a normalised byte range.
    pub fn to_source(&self, start: usize, end: usize) -> (usize, usize) {
        self.map.to_source(start, end)
    }

    /// The normalised byte range covering a source byte range.
    pub fn from_source(&self, start: usize, end: usize) -> (usize, usize) {
        self.map.from_source(start, end)
    }

    /// [`Normalized::from_source`] of each range, faster for ranges in source order.
    pub fn from_source_in_order(
        &self,
        ranges: impl IntoIterator<Item = (usize, usize)>,
    ) -> Vec<(usize, usize)> {
        self.map.from_source_in_order(ranges)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_runs_end_where_the_byte_by_byte_rule_says() {
        let alphabet: &[u8] = b"ab  \t\n\r`\\.\x01\xC3\xA9x";
        let mut seed: u32 = 11;
        for len in 0..200 {
            let bytes: Vec<u8> = (0..len)
                .map(|_| {
                    seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                    // Mostly letters, so runs are long enough to cross words.
                    let r = (seed >> 16) as usize;
                    if r.is_multiple_of(4) {
                        alphabet[r / 4 % alphabet.len()]
                    } else {
                        b'k'
                    }
                })
                .collect();
            for at in 0..=len {
                let byte_by_byte = (at..len)
                    .find(|&k| ends_plain_run(&bytes, k))
                    .unwrap_or(len);
                let fast = plain_run_end(&bytes, at);
                // Stopping early at a control byte (or a space before one) is allowed, as the
                // slow path copies both as they are; stopping late never is.
                assert!(fast <= byte_by_byte, "{bytes:?} from {at}");
                let control_at = |k: usize| bytes.get(k).is_some_and(|&b| b < 0x20);
                assert!(
                    fast == byte_by_byte
                        || control_at(fast)
                        || (bytes[fast] == b' ' && control_at(fast + 1)),
                    "{bytes:?} from {at}: {fast} against {byte_by_byte}"
                );
            }
        }
    }

    fn source_of<'a>(src: &'a str, n: &Normalized, needle: &str) -> &'a str {
        let at = n.as_str().find(needle).expect("needle in normalised text");
        let (s, e) = n.to_source(at, at + needle.len());
        &src[s..e]
    }

    #[test]
    fn folds_wraps_and_runs_of_whitespace() {
        let src = "equivalent or\n   superior to";
        let n = Normalized::new(src);
        assert_eq!(n.as_str(), "equivalent or superior to");
        assert_eq!(source_of(src, &n, "or superior"), "or\n   superior");
    }

    #[test]
    fn folds_quotes_dashes_and_nbsp() {
        let src = "“Breakthrough” first\u{2013}in\u{2013}class\u{A0}drug’s";
        let n = Normalized::new(src);
        assert_eq!(n.as_str(), "\"Breakthrough\" first-in-class drug's");
        assert_eq!(source_of(src, &n, "\"Breakthrough\""), "“Breakthrough”");
        assert_eq!(
            source_of(src, &n, "first-in-class"),
            "first\u{2013}in\u{2013}class"
        );
        assert_eq!(source_of(src, &n, "drug's"), "drug’s");
    }

    #[test]
    fn drops_soft_hyphens_and_marks() {
        let src = "super\u{AD}ior Drug™ is";
        let n = Normalized::new(src);
        assert_eq!(n.as_str(), "superior Drug is");
        assert_eq!(source_of(src, &n, "superior"), "super\u{AD}ior");
        assert_eq!(source_of(src, &n, "Drug is"), "Drug™ is");
    }

    #[test]
    fn unescapes_markdown_dollars() {
        let src = r"of \$5.6 million";
        let n = Normalized::new(src);
        assert_eq!(n.as_str(), "of $5.6 million");
        assert_eq!(source_of(src, &n, "$5.6"), "$5.6");
    }

    #[test]
    fn maps_source_ranges_back_to_normalised() {
        let src = "a  “b”\u{AD}c  d";
        let n = Normalized::new(src);
        assert_eq!(n.as_str(), "a \"b\"c d");
        let (s, e) = n.from_source(0, src.len());
        assert_eq!((s, e), (0, n.as_str().len()));
        let b = src.find('b').unwrap_or_default();
        let (s, e) = n.from_source(b, b + 1);
        assert_eq!(&n.as_str()[s..e], "b");
    }

    #[test]
    fn ranges_in_order_map_as_one_by_one() {
        // Whitespace runs, folded quotes, dropped soft hyphens and copied runs long and short,
        // so that consecutive ranges are one segment apart or many.
        let words = "a  “b”\u{AD}c  d\n\ne ‘f’ ggg   h\u{AD}\u{AD}i — j\t\tk";
        let src = format!("{words} {}  {words}", "plain ".repeat(30));
        let n = Normalized::new(&src);
        let bounds: Vec<usize> = (0..=src.len())
            .filter(|&i| src.is_char_boundary(i))
            .collect();
        for step in [1, 2, 3, 7, 40] {
            let ranges: Vec<(usize, usize)> = bounds
                .iter()
                .step_by(step)
                .zip(bounds.iter().skip(1).step_by(step))
                .map(|(&a, &b)| (a, b))
                .collect();
            let one_by_one: Vec<(usize, usize)> =
                ranges.iter().map(|&(a, b)| n.from_source(a, b)).collect();
            assert_eq!(n.from_source_in_order(ranges.iter().copied()), one_by_one);
            // Out of order, and overlapping: still right.
            let back: Vec<(usize, usize)> =
                ranges.iter().rev().map(|&(a, _)| (a, src.len())).collect();
            let expected: Vec<(usize, usize)> =
                back.iter().map(|&(a, b)| n.from_source(a, b)).collect();
            assert_eq!(n.from_source_in_order(back), expected);
        }
    }

    #[test]
    fn multibyte_kept_characters_map_exactly() {
        let src = "mCi/m²  é  x";
        let n = Normalized::new(src);
        assert_eq!(source_of(src, &n, "m² é"), "m²  é");
    }
}
