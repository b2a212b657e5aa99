//! Container formats (Word `.docx`, PDF): text extracted from a binary file.
//!
//! A container has no meaningful byte offsets to point findings at, so its audited text is the
//! extracted text itself, and reports say so (`"offsets": "extracted"` in JSON). Beside the
//! text, each container keeps where every piece of it came from: the paragraph of a `.docx`
//! (and the part of the document: body, table, header, footnote, ...), the page of a PDF.

use std::time::Duration;

/// Which container a text was extracted from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Docx,
    Pdf,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Docx => "docx",
            Kind::Pdf => "pdf",
        }
    }
}

/// Where a stretch of extracted text came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    /// First byte of the stretch in the extracted text.
    pub start: usize,
    /// The paragraph (`.docx`, counted from 1 over all parts in the order extracted) or the
    /// page (PDF, from 1).
    pub number: u32,
    /// The part of a `.docx` the paragraph is in (`body`, `table`, `header`, `footer`,
    /// `footnote`, `endnote`); `None` for PDF.
    pub part: Option<&'static str>,
}

/// What was learnt about a container while extracting its text.
#[derive(Debug, Clone)]
pub struct Origin {
    pub kind: Kind,
    /// The program or module that extracted the text (`docx`, `pdftotext`, `lopdf`).
    pub extractor: String,
    /// Places, sorted by `start`; the first starts at 0.
    pub places: Vec<Place>,
    /// Facts worth telling the reader (tracked changes present, pages left out, ...).
    pub notes: Vec<String>,
}

impl Origin {
    /// The place holding extracted-text byte `offset`.
    pub fn place_at(&self, offset: usize) -> Option<Place> {
        let i = self.places.partition_point(|p| p.start <= offset);
        self.places.get(i.checked_sub(1)?).copied()
    }

    /// "page 2", "paragraph 14", "paragraph 3 (footnote)".
    pub fn describe(&self, offset: usize) -> Option<String> {
        let p = self.place_at(offset)?;
        Some(match (self.kind, p.part) {
            (Kind::Pdf, _) => format!("page {}", p.number),
            (Kind::Docx, Some(part)) if part != "body" => {
                format!("paragraph {} ({part})", p.number)
            }
            (Kind::Docx, _) => format!("paragraph {}", p.number),
        })
    }
}

/// Which reading of a `.docx` with tracked changes is audited.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum TrackedChanges {
    /// The text with every change accepted: insertions are text, deletions are not.
    #[default]
    Accepted,
    /// The text before the changes: deletions are text, insertions are not.
    Original,
}

/// Bounds on the work of extracting one container (hostile files: zip bombs, deep XML, huge
/// or malformed PDFs).
#[derive(Debug, Clone)]
pub struct Limits {
    /// Decompressed bytes read from one container, all parts together (`check` makes it at
    /// most four times `--max-file-size`).
    pub max_bytes: u64,
    /// Nesting depth of XML elements.
    pub max_depth: usize,
    /// Pages of a PDF.
    pub max_pages: usize,
    /// Extracted text, in bytes.
    pub max_text: usize,
    /// Wall-clock time of one extraction.
    pub timeout: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_bytes: 256 * 1024 * 1024,
            max_depth: 256,
            max_pages: 2000,
            max_text: 32 * 1024 * 1024,
            timeout: Duration::from_secs(30),
        }
    }
}

/// Why a container's text could not be extracted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// A skip reason the user should see (encrypted, image-only, over a limit).
    Skip(String),
    /// The file is damaged or not what its name says.
    Fail(String),
}

/// Extracted text being built: paragraphs separated by blank lines, places recorded.
#[derive(Debug, Default)]
pub struct TextBuilder {
    pub text: String,
    pub places: Vec<Place>,
    paragraphs: u32,
}

impl TextBuilder {
    /// Adds one paragraph (trimmed; nothing when empty). Returns whether it was added.
    pub fn paragraph(
        &mut self,
        text: &str,
        number: Option<u32>,
        part: Option<&'static str>,
    ) -> bool {
        let text = text.trim_matches(|c: char| c.is_whitespace());
        if text.is_empty() {
            return false;
        }
        if !self.text.is_empty() {
            self.text.push_str("\n\n");
        }
        self.paragraphs += 1;
        let number = number.unwrap_or(self.paragraphs);
        let start = self.text.len();
        if self
            .places
            .last()
            .is_none_or(|p| p.number != number || p.part != part)
        {
            self.places.push(Place {
                start: if self.places.is_empty() { 0 } else { start },
                number,
                part,
            });
        }
        self.text.push_str(text);
        true
    }

    /// Adds one paragraph whose stretches come from several places: `(offset in text,
    /// number)`, the first at 0. The text is taken as is (no trimming: offsets are kept).
    pub fn paragraph_with_places(&mut self, text: &str, places: &[(usize, u32)]) {
        if text.trim().is_empty() {
            return;
        }
        if !self.text.is_empty() {
            self.text.push_str("\n\n");
        }
        self.paragraphs += 1;
        let base = self.text.len();
        for &(rel, number) in places {
            if self.places.last().is_none_or(|p| p.number != number) {
                self.places.push(Place {
                    start: if self.places.is_empty() {
                        0
                    } else {
                        base + rel
                    },
                    number,
                    part: None,
                });
            }
        }
        self.text.push_str(text);
    }

    /// Bytes of text so far.
    pub fn text_len(&self) -> usize {
        self.text.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_are_found_by_offset() {
        let mut b = TextBuilder::default();
        b.paragraph("  One. ", None, Some("body"));
        b.paragraph("", None, Some("body"));
        b.paragraph("Two.", None, Some("footnote"));
        assert_eq!(b.text, "One.\n\nTwo.");
        let origin = Origin {
            kind: Kind::Docx,
            extractor: "docx".into(),
            places: b.places,
            notes: vec![],
        };
        assert_eq!(origin.describe(0).as_deref(), Some("paragraph 1"));
        assert_eq!(origin.describe(4).as_deref(), Some("paragraph 1"));
        assert_eq!(
            origin.describe(6).as_deref(),
            Some("paragraph 2 (footnote)")
        );
    }

    #[test]
    fn pdf_places_are_pages() {
        let mut b = TextBuilder::default();
        b.paragraph("First page.", Some(1), None);
        b.paragraph("Still first.", Some(1), None);
        b.paragraph("Second.", Some(2), None);
        let origin = Origin {
            kind: Kind::Pdf,
            extractor: "test".into(),
            places: b.places,
            notes: vec![],
        };
        assert_eq!(origin.places.len(), 2);
        let at = origin_text_offset(&b.text, "Second");
        assert_eq!(origin.describe(at).as_deref(), Some("page 2"));
        assert_eq!(origin.describe(0).as_deref(), Some("page 1"));
    }

    fn origin_text_offset(text: &str, needle: &str) -> usize {
        text.find(needle).unwrap_or(usize::MAX)
    }
}
