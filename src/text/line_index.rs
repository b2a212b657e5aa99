//! Byte offsets inside, line/column at the edges: a line-start table built once per document.

/// Line starts of a text, for converting byte offsets into 1-based line and column numbers.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
    len: usize,
}

/// Where [`LineIndex::line_col_after`] last answered: line, offset and 0-based column.
#[derive(Debug, Clone, Copy, Default)]
pub struct ColumnCursor {
    last: Option<(usize, usize, usize)>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        let bytes = text.as_bytes();
        for i in memchr::memchr2_iter(b'\n', b'\r', bytes) {
            match bytes[i] {
                b'\n' => starts.push(i + 1),
                // A lone CR (old Mac line ending) also ends a line; CRLF counts once.
                b'\r' if bytes.get(i + 1) != Some(&b'\n') => starts.push(i + 1),
                _ => {}
            }
        }
        LineIndex {
            starts,
            len: text.len(),
        }
    }

    /// Number of lines (a text ending in a newline has an empty last line).
    pub fn count(&self) -> usize {
        self.starts.len()
    }

    /// Byte offset where `line` (0-based) starts; the text's length past the last line.
    pub fn start(&self, line: usize) -> usize {
        self.starts.get(line).copied().unwrap_or(self.len)
    }

    /// Byte offset where `line` (0-based) ends, before its line terminator.
    pub fn end(&self, text: &str, line: usize) -> usize {
        let Some(&next) = self.starts.get(line + 1) else {
            return text.len();
        };
        let bytes = text.as_bytes();
        let mut end = next;
        if end > 0 && bytes.get(end - 1) == Some(&b'\n') {
            end -= 1;
        }
        if end > 0 && bytes.get(end - 1) == Some(&b'\r') {
            end -= 1;
        }
        end.max(self.start(line))
    }

    /// 0-based line containing `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        self.starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1)
    }

    pub fn line_start(&self, line: usize) -> usize {
        self.starts.get(line).copied().unwrap_or(0)
    }

    /// 1-based line and 1-based column counted in Unicode scalar values.
    pub fn line_col(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = offset.min(text.len());
        let line = self.line_of(offset);
        let start = self.first_char(text, line);
        let column = text
            .get(start..offset.max(start))
            .map_or(offset.saturating_sub(start), |prefix| {
                prefix.chars().count()
            });
        (line + 1, column + 1)
    }

    /// [`LineIndex::line_col`], counting on from `cursor` (the last offset it answered) when
    /// `offset` lies after it on the same line: offsets asked in order along a long line cost
    /// the characters between them, not the whole line's.
    pub fn line_col_after(
        &self,
        text: &str,
        offset: usize,
        cursor: &mut ColumnCursor,
    ) -> (usize, usize) {
        let offset = offset.min(text.len());
        let line = self.line_of(offset);
        let (from, base) = match cursor.last {
            Some((l, at, column)) if l == line && at <= offset => (at, column),
            _ => (self.first_char(text, line), 0),
        };
        let Some(between) = text.get(from..offset.max(from)) else {
            return self.line_col(text, offset); // not on character boundaries
        };
        let column = base + between.chars().count();
        cursor.last = Some((line, offset.max(from), column));
        (line + 1, column + 1)
    }

    /// 0-based line and a column in UTF-16 code units, as LSP clients count by default.
    pub fn line_col_utf16(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = offset.min(text.len());
        let line = self.line_of(offset);
        let start = self.first_char(text, line);
        let column = text
            .get(start..offset.max(start))
            .map_or(0, |prefix| prefix.chars().map(char::len_utf16).sum());
        (line, column)
    }

    /// Where columns start counting on `line`: after a byte-order mark, which editors hide.
    fn first_char(&self, text: &str, line: usize) -> usize {
        let start = self.line_start(line);
        if start == 0 && text.starts_with('\u{FEFF}') {
            '\u{FEFF}'.len_utf8()
        } else {
            start
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_lines_and_character_columns() {
        let text = "ab\n“c” d\r\nx\ry";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_col(text, 0), (1, 1));
        let d = text.find('d').unwrap_or_default();
        assert_eq!(idx.line_col(text, d), (2, 5));
        let y = text.find('y').unwrap_or_default();
        assert_eq!(idx.line_col(text, y), (4, 1));
    }

    #[test]
    fn columns_counted_on_from_a_cursor_equal_columns_counted_afresh() {
        let text = "\u{FEFF}ab “c” d\nlong line ééé x y z\r\nlast";
        let idx = LineIndex::new(text);
        // In order; then repeats, steps back on one line, other lines and offsets inside
        // characters.
        let mut offsets: Vec<usize> = (0..=text.len()).collect();
        offsets.extend([20, 25, 25, 18, 30, 17, 12, 12, 1, 40, 5, 4]);
        let mut cursor = ColumnCursor::default();
        for offset in offsets {
            assert_eq!(
                idx.line_col_after(text, offset, &mut cursor),
                idx.line_col(text, offset),
                "offset {offset}"
            );
        }
    }

    #[test]
    fn a_byte_order_mark_is_not_a_column() {
        let text = "\u{FEFF}Remarkable";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_col(text, 3), (1, 1));
        assert_eq!(idx.line_col(text, 4), (1, 2));
    }

    #[test]
    fn utf16_columns_count_surrogate_pairs() {
        let text = "😀é x";
        let idx = LineIndex::new(text);
        let x = text.find('x').unwrap_or_default();
        assert_eq!(idx.line_col_utf16(text, x), (0, 4));
    }
}
