//! Building extracted text (from HTML or Markdown) together with its map back to the source.

use crate::text::OffsetMap;

/// Extracted text being written, with the source range each piece came from.
pub(super) struct Writer {
    text: String,
    map: OffsetMap,
}

impl Writer {
    pub(super) fn with_capacity(capacity: usize) -> Self {
        Writer {
            text: String::with_capacity(capacity),
            map: OffsetMap::default(),
        }
    }

    pub(super) fn finish(mut self, source_len: usize) -> (String, OffsetMap) {
        self.map.finish(self.text.len(), source_len);
        (self.text, self.map)
    }

    /// Text read from `source[at..end]`, aligned char by char: a character found a little
    /// ahead in the source is copied from there (escapes and markup before it become a gap);
    /// one that is not there (a decoded entity) stands for the entity's bytes.
    pub(super) fn aligned(&mut self, source: &str, mut at: usize, end: usize, text: &str) {
        // Most text is the source verbatim: its longest common prefix is copied in one step
        // (the map gets the one segment that copying it char by char would give).
        let verbatim = source.get(at..end.min(source.len())).unwrap_or("");
        let mut same = text
            .bytes()
            .zip(verbatim.bytes())
            .take_while(|(a, b)| a == b)
            .count();
        while !text.is_char_boundary(same) {
            same -= 1;
        }
        if same > 0 {
            self.map.push_copy(self.text.len(), at);
            self.text.push_str(&text[..same]);
            at += same;
        }
        for c in text[same..].chars() {
            // The look-ahead window ends on a char boundary: cut through a character, `get`
            // gave no window at all and the character was mapped to one byte of a multi-byte
            // character (found by fuzzing: `Firdapse™ is Catalyst™ drug.`).
            let mut stop = end.min(at + 16).min(source.len());
            while stop > at && !source.is_char_boundary(stop) {
                stop -= 1;
            }
            let window = source.get(at..stop).unwrap_or("");
            if let Some(i) = window.find(c) {
                self.copy(at + i, c);
                at += i + c.len_utf8();
            } else {
                let len = if window.starts_with('&') {
                    window.find(';').map_or(1, |i| i + 1)
                } else {
                    // Past the end of the source range: stand for nothing rather than for a
                    // byte that may be inside a character or beyond the range.
                    window.chars().next().map_or(0, char::len_utf8)
                };
                self.replace(at, len, c);
                at += len;
            }
        }
    }

    pub(super) fn ends_with_break(&self) -> bool {
        self.text.is_empty() || self.text.ends_with('\n')
    }

    pub(super) fn ends_with_space(&self) -> bool {
        self.text.is_empty() || self.text.ends_with([' ', '\n'])
    }

    /// A paragraph break standing for the markup at `at..at+len`.
    pub(super) fn paragraph_break(&mut self, at: usize, len: usize) {
        while self.text.ends_with(' ') {
            self.text.pop();
        }
        if self.text.is_empty() || self.text.ends_with("\n\n") {
            return;
        }
        let newlines = if self.text.ends_with('\n') { 1 } else { 2 };
        for _ in 0..newlines {
            self.map.push_replace(self.text.len(), at, len);
            self.text.push('\n');
        }
    }

    pub(super) fn line_break(&mut self, at: usize, len: usize) {
        if !self.ends_with_break() {
            self.map.push_replace(self.text.len(), at, len);
            self.text.push('\n');
        }
    }

    pub(super) fn space(&mut self, at: usize, len: usize) {
        if !self.ends_with_space() {
            self.map.push_replace(self.text.len(), at, len);
            self.text.push(' ');
        }
    }

    /// `text`, copied from `source[at..at + text.len()]`.
    pub(super) fn copy_str(&mut self, at: usize, text: &str) {
        self.map.push_copy(self.text.len(), at);
        self.text.push_str(text);
    }

    pub(super) fn copy(&mut self, at: usize, c: char) {
        self.map.push_copy(self.text.len(), at);
        self.text.push(c);
    }

    pub(super) fn replace(&mut self, at: usize, len: usize, c: char) {
        self.map.push_replace(self.text.len(), at, len);
        self.text.push(c);
    }
}
