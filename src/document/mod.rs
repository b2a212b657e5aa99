//! The document model: one release as blocks, sentences and sections over its source text,
//! plus the folded text the scanner matches on. Every span is a byte range of the source.

pub mod blocks;
pub mod legend;
pub mod locate;
pub mod sections;
pub mod sentences;

pub use blocks::{Block, BlockShape};
pub use sections::{Date, Dateline, Quote};

use crate::rulebook::Section;
use crate::text::Normalized;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sentence {
    pub start: usize,
    pub end: usize,
    pub block: usize,
    pub section: Section,
}

#[derive(Debug)]
pub struct Document<'a> {
    pub source: &'a str,
    pub normalized: Normalized,
    pub blocks: Vec<Block>,
    /// Section of each block (parallel to `blocks`).
    pub block_sections: Vec<Section>,
    pub sentences: Vec<Sentence>,
    /// Each sentence as a range of the folded text (parallel to `sentences`).
    pub folded_sentences: Vec<(usize, usize)>,
    pub quotes: Vec<Quote>,
    pub dateline: Option<Dateline>,
    /// Indices of the blocks that form the cautionary legend, in order.
    pub legend: Vec<usize>,
}

impl<'a> Document<'a> {
    /// Analyses a release: blocks, layout, quotations and sentences.
    pub fn new(source: &'a str) -> Self {
        let blocks = blocks::split(source);
        let layout = sections::layout(source, &blocks);
        Self::assemble(
            source,
            blocks,
            layout.sections,
            layout.dateline,
            layout.legend,
        )
    }

    /// A document whose every block belongs to `section`: how rule examples are checked, so a
    /// one-line example is not mistaken for a headline.
    pub fn in_section(source: &'a str, section: Section) -> Self {
        let blocks = blocks::split(source);
        let sections = vec![section; blocks.len()];
        let legend = if section == Section::SafeHarbor {
            (0..blocks.len()).collect()
        } else {
            Vec::new()
        };
        Self::assemble(source, blocks, sections, None, legend)
    }

    fn assemble(
        source: &'a str,
        blocks: Vec<Block>,
        block_sections: Vec<Section>,
        dateline: Option<Dateline>,
        legend: Vec<usize>,
    ) -> Self {
        let mut quotes = Vec::new();
        let mut spans = Vec::new();
        let mut sentences = Vec::new();
        for (i, block) in blocks.iter().enumerate() {
            let section = block_sections[i];
            let mut start = block.start;
            if let Some(d) = dateline.as_ref().filter(|d| d.block == i) {
                sentences.push(Sentence {
                    start: d.start,
                    end: d.end,
                    block: i,
                    section: Section::Dateline,
                });
                start = d.end;
            }
            if matches!(section, Section::Body | Section::Headline | Section::About) {
                sections::quotes_in(&source[start..block.end], start, &mut quotes);
            }
            spans.clear();
            sentences::split_into(&source[start..block.end], start, &mut spans);
            for &(s, e) in &spans {
                let section = if section == Section::Body && in_any(&quotes, s) {
                    Section::Quote
                } else {
                    section
                };
                sentences.push(Sentence {
                    start: s,
                    end: e,
                    block: i,
                    section,
                });
            }
        }
        let normalized = Normalized::new(source);
        let folded_sentences =
            normalized.from_source_in_order(sentences.iter().map(|s| (s.start, s.end)));
        Document {
            source,
            normalized,
            blocks,
            block_sections,
            sentences,
            folded_sentences,
            quotes,
            dateline,
            legend,
        }
    }

    /// Index of the sentence containing source byte `offset`, if any.
    pub fn sentence_at(&self, offset: usize) -> Option<usize> {
        let idx = self.sentences.partition_point(|s| s.start <= offset);
        let i = idx.checked_sub(1)?;
        (offset < self.sentences[i].end).then_some(i)
    }

    /// The section of source byte `offset` in sentence `sentence`: quotations inside body
    /// sentences count as quotes, the narration around a quote ("said the CEO") as body.
    pub fn section_at(&self, sentence: usize, offset: usize) -> Section {
        let s = self.sentences[sentence].section;
        match s {
            Section::Body | Section::Quote => {
                if in_any(&self.quotes, offset) {
                    Section::Quote
                } else {
                    Section::Body
                }
            }
            other => other,
        }
    }

    pub fn sentence_text(&self, sentence: usize) -> &'a str {
        let s = &self.sentences[sentence];
        &self.source[s.start..s.end]
    }

    /// Source range from the first to the last legend block.
    pub fn legend_span(&self) -> Option<(usize, usize)> {
        let first = self.blocks.get(*self.legend.first()?)?;
        let last = self.blocks.get(*self.legend.last()?)?;
        Some((first.start, last.end))
    }

    /// The legend's text, block by block.
    pub fn legend_text(&self) -> String {
        self.legend
            .iter()
            .filter_map(|&i| self.blocks.get(i))
            .map(|b| b.text(self.source))
            .collect::<Vec<_>>()
            .join("\n\n")
    }

    /// The quotation containing `offset`, if any.
    pub fn quote_at(&self, offset: usize) -> Option<&Quote> {
        quote_containing(&self.quotes, offset)
    }
}

/// The quotation holding `offset`: quotations are found in text order and never overlap, so
/// only the last one starting at or before it can.
fn quote_containing(quotes: &[Quote], offset: usize) -> Option<&Quote> {
    let idx = quotes.partition_point(|q| q.start <= offset);
    quotes.get(idx.checked_sub(1)?).filter(|q| offset < q.end)
}

fn in_any(quotes: &[Quote], offset: usize) -> bool {
    quote_containing(quotes, offset).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    const RELEASE: &str = "Acme Announces Phase 2 Results\n\nBOSTON, Mass., Jan. 5, 2024 (GLOBE NEWSWIRE) -- Acme Bio, Inc. (Nasdaq: ACME) today announced results. The trial enrolled 40 patients.\n\n\u{201C}We are pleased with the data from this trial and plan to move forward,\u{201D} said Jane Roe, CEO.\n\nAbout Acme Bio\n\nAcme Bio is a clinical-stage company developing therapies for rare diseases and other serious conditions in patients.\n\nForward-Looking Statements\n\nThis press release contains forward-looking statements. Actual results may differ materially from those expressed. Acme undertakes no obligation to update them.\n\nContacts:\nJohn Smith\njohn@example.com\n";

    #[test]
    fn the_quote_at_an_offset_is_the_one_a_linear_search_finds() {
        let text = "Headline Here\n\nBOSTON, Jan. 5, 2024 -- Acme Bio, Inc. said “the first quotation is long enough to count here,” said Jane Roe. Then “a “reopened quotation that also runs long enough to count,” said John Doe, and \"a straight quoted passage with enough words in it to count\" he said.\n\n“An open quotation running on across the end of this paragraph without closing\n\nand “a last one in the next paragraph, long enough to count as one too.”\n";
        let doc = Document::new(text);
        assert!(doc.quotes.len() >= 4, "{:?}", doc.quotes);
        for offset in 0..=text.len() {
            let linear = doc
                .quotes
                .iter()
                .find(|q| q.start <= offset && offset < q.end);
            assert_eq!(
                doc.quote_at(offset).map(|q| (q.start, q.end)),
                linear.map(|q| (q.start, q.end)),
                "at {offset}"
            );
        }
    }

    #[test]
    fn lays_out_a_release() {
        let doc = Document::new(RELEASE);
        let sections: Vec<(Section, &str)> = doc
            .sentences
            .iter()
            .map(|s| (s.section, &RELEASE[s.start..s.end]))
            .collect();
        let find = |needle: &str| {
            sections
                .iter()
                .find(|(_, t)| t.contains(needle))
                .map(|(s, _)| *s)
        };
        assert_eq!(find("Acme Announces"), Some(Section::Headline));
        assert_eq!(find("BOSTON"), Some(Section::Dateline));
        assert_eq!(find("today announced"), Some(Section::Body));
        assert_eq!(find("plan to move forward"), Some(Section::Quote));
        assert_eq!(find("clinical-stage company"), Some(Section::About));
        assert_eq!(find("undertakes no obligation"), Some(Section::SafeHarbor));
        assert_eq!(
            find("Forward-Looking Statements"),
            Some(Section::SafeHarbor)
        );
        assert_eq!(find("john@example.com"), Some(Section::Contacts));
        let date = doc.dateline.as_ref().and_then(|d| d.date);
        assert_eq!(
            date,
            Some(Date {
                year: 2024,
                month: 1,
                day: 5
            })
        );
    }

    #[test]
    fn attribution_after_a_quote_is_body() {
        let doc = Document::new(RELEASE);
        let said = RELEASE.find("said Jane").unwrap_or_default();
        let sentence = doc.sentence_at(said).unwrap_or_default();
        assert_eq!(doc.section_at(sentence, said), Section::Body);
        let plan = RELEASE.find("plan to").unwrap_or_default();
        assert_eq!(doc.section_at(sentence, plan), Section::Quote);
    }
}
