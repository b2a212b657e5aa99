//! Markdown to text, with a map back to the Markdown source (pulldown-cmark's offset iterator).
//!
//! Emphasis, links and escapes disappear from the text, so `equivalent or **superior**` and
//! `[superior](url)` still match a phrase; images, raw HTML and footnote markers are dropped;
//! paragraphs, headings, list items, quotes and table rows become blocks.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use super::html::Extracted;
use super::writer::Writer;

pub fn extract(markdown: &str) -> Extracted {
    let mut w = Writer::with_capacity(markdown.len());
    let options =
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_FOOTNOTES;
    let mut in_image = 0usize;
    for (event, range) in Parser::new_ext(markdown, options).into_offset_iter() {
        let (at, len) = (range.start, range.end.saturating_sub(range.start));
        // A break or space closing an element stands at the element's end, not its start
        // (found by fuzzing: at the start, the map back to the source ran backwards, which
        // misplaced spans mapped through `from_source`, as the HTML report does).
        let at = if matches!(event, Event::End(_)) {
            range.end
        } else {
            at
        };
        match event {
            Event::Start(Tag::Image { .. }) => in_image += 1,
            Event::End(TagEnd::Image) => in_image = in_image.saturating_sub(1),
            _ if in_image > 0 => {}
            Event::Start(Tag::Item) => {
                w.paragraph_break(at, 0);
                // A bullet marker, so the item reads as a list item downstream.
                w.replace(at, 1.min(len), '-');
                w.space(at, 1.min(len));
            }
            Event::Start(
                Tag::Paragraph
                | Tag::Heading { .. }
                | Tag::BlockQuote(_)
                | Tag::CodeBlock(_)
                | Tag::TableRow
                | Tag::TableHead,
            )
            | Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::BlockQuote(_)
                | TagEnd::CodeBlock
                | TagEnd::Item
                | TagEnd::TableRow
                | TagEnd::TableHead
                | TagEnd::List(_),
            ) => w.paragraph_break(at, 0),
            Event::End(TagEnd::TableCell) => w.space(at, 0),
            Event::Text(text) | Event::Code(text) => w.aligned(markdown, at, range.end, &text),
            Event::SoftBreak => w.space(at, len),
            Event::HardBreak => w.line_break(at, len),
            _ => {}
        }
    }
    let (text, map) = w.finish(markdown.len());
    Extracted { text, map }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source_of<'a>(md: &'a str, x: &Extracted, needle: &str) -> &'a str {
        let at = x.text.find(needle).expect("needle in extracted text");
        let (s, e) = x.map.to_source(at, at + needle.len());
        &md[s..e]
    }

    #[test]
    fn emphasis_and_links_do_not_break_phrases() {
        let md = "# Acme *Update*\n\nIt was equivalent or **superior** to [approved drugs](https://x.example/a).\n";
        let x = extract(md);
        assert_eq!(
            x.text.trim(),
            "Acme Update\n\nIt was equivalent or superior to approved drugs."
        );
        assert_eq!(
            source_of(md, &x, "equivalent or superior"),
            "equivalent or **superior"
        );
        assert_eq!(source_of(md, &x, "approved drugs"), "approved drugs");
    }

    #[test]
    fn escapes_lists_and_images() {
        let md = "Cash of \\$5.6 million.\n\n- first item\n- second ![logo](l.png) item\n\nR&amp;D and caf&eacute;.\n";
        let x = extract(md);
        assert!(x.text.contains("Cash of $5.6 million."), "{}", x.text);
        assert!(
            x.text.contains("- first item\n\n- second  item") || x.text.contains("- second item"),
            "{}",
            x.text
        );
        assert!(!x.text.contains("logo"));
        assert_eq!(source_of(md, &x, "$5.6"), "$5.6");
        assert_eq!(source_of(md, &x, "café"), "caf&eacute;");
    }
}
