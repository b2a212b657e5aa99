//! Typographic normalisation for matching, with an offset map back to the source.
//!
//! Matching must not care about line wraps, runs of whitespace, non-breaking spaces, soft
//! hyphens, curly quotes or dash variants, yet every finding must point at the exact bytes of
//! the original text. [`Normalized`] holds the folded text plus an [`OffsetMap`] from its byte
//! offsets back to source byte offsets (and the inverse, for sentence spans).

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

impl Normalized {
    pub fn new(source: &str) -> Self {
        let mut text = String::with_capacity(source.len());
        let mut map = OffsetMap::default();
        let mut chars = source.char_indices().peekable();
        while let Some((at, c)) = chars.next() {
            match fold(c) {
                Fold::Keep => {
                    // Markdown-style escaped dollar signs ("\$5.6 million") read as "$".
                    if c == '\\' && matches!(chars.peek(), Some((_, '$'))) {
                        continue;
                    }
                    map.copy(text.len(), at);
                    text.push(c);
                }
                Fold::Drop => {}
                Fold::Replace(r) => {
                    map.replace(text.len(), at, c.len_utf8());
                    text.push(r);
                }
                Fold::Space => {
                    let mut end = at + c.len_utf8();
                    while let Some(&(next_at, next)) = chars.peek() {
                        match fold(next) {
                            Fold::Space | Fold::Drop => {
                                end = next_at + next.len_utf8();
                                chars.next();
                            }
                            _ => break,
                        }
                    }
                    map.replace(text.len(), at, end - at);
                    text.push(' ');
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
}

/// A run of normalised text whose bytes map to the source in one of two ways.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Segment {
    /// First normalised byte of the run.
    norm: usize,
    /// Source byte where the run starts.
    src: usize,
    /// `None`: bytes were copied one to one. `Some(n)`: one normalised char stands for `n`
    /// source bytes (a folded quote, or a whole whitespace run).
    replaced_len: Option<usize>,
}

/// Piecewise map from normalised byte offsets to source byte offsets. Monotone in both.
#[derive(Debug, Clone, Default)]
pub struct OffsetMap {
    segments: Vec<Segment>,
    norm_len: usize,
    src_len: usize,
}

impl OffsetMap {
    fn copy(&mut self, norm: usize, src: usize) {
        if let Some(last) = self.segments.last()
            && last.replaced_len.is_none()
            && src - last.src == norm - last.norm
        {
            return;
        }
        self.segments.push(Segment {
            norm,
            src,
            replaced_len: None,
        });
    }

    fn replace(&mut self, norm: usize, src: usize, src_len: usize) {
        self.segments.push(Segment {
            norm,
            src,
            replaced_len: Some(src_len),
        });
    }

    fn finish(&mut self, norm_len: usize, src_len: usize) {
        self.norm_len = norm_len;
        self.src_len = src_len;
    }

    /// Index of the segment containing normalised byte `norm` (which must be < norm_len).
    fn segment_at_norm(&self, norm: usize) -> Option<&Segment> {
        let idx = self.segments.partition_point(|s| s.norm <= norm);
        idx.checked_sub(1).map(|i| &self.segments[i])
    }

    fn segment_at_src(&self, src: usize) -> Option<(usize, &Segment)> {
        let idx = self.segments.partition_point(|s| s.src <= src);
        idx.checked_sub(1).map(|i| (i, &self.segments[i]))
    }

    fn src_start(&self, norm: usize) -> usize {
        if norm >= self.norm_len {
            return self.src_len;
        }
        match self.segment_at_norm(norm) {
            Some(seg) => match seg.replaced_len {
                None => seg.src + (norm - seg.norm),
                Some(_) => seg.src,
            },
            None => 0,
        }
    }

    fn src_end(&self, norm_end: usize) -> usize {
        if norm_end == 0 {
            return 0;
        }
        let last = norm_end - 1;
        if last >= self.norm_len {
            return self.src_len;
        }
        match self.segment_at_norm(last) {
            Some(seg) => match seg.replaced_len {
                None => seg.src + (last - seg.norm) + 1,
                Some(len) => seg.src + len,
            },
            None => 0,
        }
    }

    /// Source range of the normalised range `start..end`.
    pub fn to_source(&self, start: usize, end: usize) -> (usize, usize) {
        if start >= end {
            let at = self.src_start(start);
            return (at, at);
        }
        (self.src_start(start), self.src_end(end))
    }

    fn norm_at(&self, src: usize, rounding_up: bool) -> usize {
        if src >= self.src_len {
            return self.norm_len;
        }
        let Some((idx, seg)) = self.segment_at_src(src) else {
            return 0;
        };
        let next_norm = self
            .segments
            .get(idx + 1)
            .map_or(self.norm_len, |next| next.norm);
        match seg.replaced_len {
            None => (seg.norm + (src - seg.src)).min(next_norm),
            Some(len) => {
                if src >= seg.src + len || (rounding_up && src > seg.src) {
                    // Inside a dropped gap after the run, or past its start when rounding up.
                    next_norm.min(seg.norm + 1)
                } else {
                    seg.norm
                }
            }
        }
    }

    /// Normalised range covering the source range `start..end`.
    pub fn from_source(&self, start: usize, end: usize) -> (usize, usize) {
        let s = self.norm_at(start, false);
        let e = self.norm_at(end, true).max(s);
        (s, e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn multibyte_kept_characters_map_exactly() {
        let src = "mCi/m²  é  x";
        let n = Normalized::new(src);
        assert_eq!(source_of(src, &n, "m² é"), "m²  é");
    }
}
