//! Byte offsets (the engine's) to LSP positions and back, in the negotiated position encoding.
//!
//! Lines end at `\n`, `\r\n` or a lone `\r`, as the protocol says. Columns count UTF-8 bytes,
//! UTF-16 code units or code points on that line. Positions from the client are clamped, never
//! trusted: a line past the end means the end of the text, a column past the end of its line
//! means the end of that line, and a column inside a character moves to its start.

use lsp_types::{Position, PositionEncodingKind, Range};

/// The position encodings we speak.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16,
    Utf32,
}

impl Encoding {
    /// Picks from the client's offer: UTF-8 when offered (no conversion at all), else UTF-16, the
    /// protocol's default and the one every client must support.
    pub fn negotiate(offered: Option<&[PositionEncodingKind]>) -> Encoding {
        match offered {
            Some(kinds) if kinds.contains(&PositionEncodingKind::UTF8) => Encoding::Utf8,
            _ => Encoding::Utf16,
        }
    }

    pub fn kind(self) -> PositionEncodingKind {
        match self {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            Encoding::Utf16 => PositionEncodingKind::UTF16,
            Encoding::Utf32 => PositionEncodingKind::UTF32,
        }
    }

    fn units(self, c: char) -> usize {
        match self {
            Encoding::Utf8 => c.len_utf8(),
            Encoding::Utf16 => c.len_utf16(),
            Encoding::Utf32 => 1,
        }
    }
}

/// Line starts, shared with the CLI's reporters.
pub use crate::text::LineIndex as Lines;

fn floor_boundary(text: &str, offset: usize) -> usize {
    let mut at = offset.min(text.len());
    while at > 0 && !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

pub fn position(text: &str, lines: &Lines, offset: usize, enc: Encoding) -> Position {
    let offset = floor_boundary(text, offset);
    let line = lines.line_of(offset);
    let start = lines.start(line).min(offset);
    let character = match enc {
        Encoding::Utf8 => offset - start,
        _ => text
            .get(start..offset)
            .map_or(0, |s| s.chars().map(|c| enc.units(c)).sum()),
    };
    Position::new(
        u32::try_from(line).unwrap_or(u32::MAX),
        u32::try_from(character).unwrap_or(u32::MAX),
    )
}

pub fn range(text: &str, lines: &Lines, start: usize, end: usize, enc: Encoding) -> Range {
    Range::new(
        position(text, lines, start, enc),
        position(text, lines, end.max(start), enc),
    )
}

/// The byte offset of a client position, clamped into the text (see the module docs).
pub fn offset(text: &str, lines: &Lines, pos: Position, enc: Encoding) -> usize {
    let line = pos.line as usize;
    if line >= lines.count() {
        return text.len();
    }
    let start = lines.start(line);
    let end = lines.end(text, line);
    let want = pos.character as usize;
    let Some(content) = text.get(start..end) else {
        return floor_boundary(text, start);
    };
    if enc == Encoding::Utf8 {
        return floor_boundary(text, start + want.min(content.len()));
    }
    let mut units = 0;
    for (i, c) in content.char_indices() {
        let next = units + enc.units(c);
        if next > want {
            return start + i;
        }
        units = next;
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "é µg x²\r\n😀 y\rz\n";

    #[test]
    fn columns_in_each_encoding() {
        let lines = Lines::new(TEXT);
        let x = TEXT.find('x').unwrap_or_default();
        assert_eq!(
            position(TEXT, &lines, x, Encoding::Utf8),
            Position::new(0, 7)
        );
        assert_eq!(
            position(TEXT, &lines, x, Encoding::Utf16),
            Position::new(0, 5)
        );
        let y = TEXT.find('y').unwrap_or_default();
        assert_eq!(
            position(TEXT, &lines, y, Encoding::Utf8),
            Position::new(1, 5)
        );
        assert_eq!(
            position(TEXT, &lines, y, Encoding::Utf16),
            Position::new(1, 3)
        );
        assert_eq!(
            position(TEXT, &lines, y, Encoding::Utf32),
            Position::new(1, 2)
        );
        let z = TEXT.find('z').unwrap_or_default();
        assert_eq!(
            position(TEXT, &lines, z, Encoding::Utf16),
            Position::new(2, 0)
        );
    }

    #[test]
    fn round_trips_every_boundary() {
        let lines = Lines::new(TEXT);
        for enc in [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32] {
            for (i, _) in TEXT.char_indices() {
                let p = position(TEXT, &lines, i, enc);
                // Offsets inside a CRLF pair are not positions; skip the LF of one.
                if TEXT.as_bytes().get(i) == Some(&b'\n') && i > 0 && &TEXT[i - 1..i] == "\r" {
                    continue;
                }
                assert_eq!(offset(TEXT, &lines, p, enc), i, "{enc:?} at {i}");
            }
        }
    }

    #[test]
    fn client_positions_are_clamped() {
        let lines = Lines::new(TEXT);
        // Past the end of line 0: its end, before the CRLF.
        let eol = TEXT.find('\r').unwrap_or_default();
        assert_eq!(
            offset(TEXT, &lines, Position::new(0, 999), Encoding::Utf16),
            eol
        );
        // Inside the emoji's surrogate pair: its start.
        let emoji = TEXT.find('😀').unwrap_or_default();
        assert_eq!(
            offset(TEXT, &lines, Position::new(1, 1), Encoding::Utf16),
            emoji
        );
        // Inside a UTF-8 sequence: its start.
        assert_eq!(offset(TEXT, &lines, Position::new(0, 1), Encoding::Utf8), 0);
        // Past the last line: the end.
        assert_eq!(
            offset(
                TEXT,
                &lines,
                Position::new(u32::MAX, u32::MAX),
                Encoding::Utf8
            ),
            TEXT.len()
        );
        // Offsets past the end or inside a char.
        assert_eq!(
            position(TEXT, &lines, usize::MAX, Encoding::Utf16),
            Position::new(3, 0)
        );
        assert_eq!(
            position(TEXT, &lines, 1, Encoding::Utf8),
            Position::new(0, 0)
        );
    }

    #[test]
    fn negotiation_prefers_utf8_and_defaults_to_utf16() {
        let both = [PositionEncodingKind::UTF16, PositionEncodingKind::UTF8];
        assert_eq!(Encoding::negotiate(Some(&both)), Encoding::Utf8);
        let only16 = [PositionEncodingKind::UTF16];
        assert_eq!(Encoding::negotiate(Some(&only16)), Encoding::Utf16);
        assert_eq!(Encoding::negotiate(None), Encoding::Utf16);
        let only32 = [PositionEncodingKind::UTF32];
        assert_eq!(Encoding::negotiate(Some(&only32)), Encoding::Utf16);
    }
}
