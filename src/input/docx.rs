//! Word `.docx` (Office Open XML) to text: the body's paragraphs and tables, then footnotes,
//! endnotes, headers and footers, each paragraph separated from the next by a blank line so
//! sentences and sections work as they do for text.
//!
//! Runs are concatenated whatever their formatting, so a phrase split across runs
//! (`equivalent or <b>superior</b>`) reads as one. Tracked insertions (`w:ins`, `w:moveTo`)
//! are text and deletions (`w:del`, `w:moveFrom`) are not, or the other way round with
//! [`TrackedChanges::Original`]. Comments live in their own part and are never read; field
//! instructions (`w:instrText`) and the fallback copy of drawings (`mc:Fallback`) are skipped.
//!
//! Hostile files are bounded: every part is decompressed through a reader capped at what is
//! left of [`Limits::max_bytes`] (declared sizes are not trusted: a zip bomb stops at the cap),
//! XML nesting deeper than [`Limits::max_depth`] is refused, entities other than XML's five
//! are not expanded, and at most [`MAX_SIDE_PARTS`] header/footer parts are read.

use std::io::{Cursor, Read};

use quick_xml::Reader;
use quick_xml::events::Event;

use super::container::{Kind, Limits, Origin, Refusal, TextBuilder, TrackedChanges};

/// Headers and footers read at most (a document has a handful; a hostile one may have more).
pub const MAX_SIDE_PARTS: usize = 64;

/// Whether `bytes` is a zip archive holding `word/document.xml` (cheap: the central directory
/// only).
pub fn is_docx(bytes: &[u8]) -> bool {
    if !bytes.starts_with(b"PK\x03\x04") {
        return false;
    }
    zip::ZipArchive::new(Cursor::new(bytes))
        .map(|z| z.index_for_name("word/document.xml").is_some())
        .unwrap_or(false)
}

/// The text of a `.docx`, with the paragraph of every stretch of it.
pub fn extract(
    bytes: &[u8],
    limits: &Limits,
    tracked: TrackedChanges,
) -> Result<(String, Origin), Refusal> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| Refusal::Fail(format!("not a readable .docx (zip): {e}")))?;
    let mut budget = limits.max_bytes;
    let mut out = TextBuilder::default();
    let mut stats = Stats::default();

    let body = read_part(&mut zip, "word/document.xml", &mut budget)?
        .ok_or_else(|| Refusal::Fail("not a .docx: no word/document.xml".into()))?;
    paragraphs(&body, "body", limits, tracked, &mut out, &mut stats)?;

    for (name, part) in [
        ("word/footnotes.xml", "footnote"),
        ("word/endnotes.xml", "endnote"),
    ] {
        if let Some(xml) = read_part(&mut zip, name, &mut budget)? {
            paragraphs(&xml, part, limits, tracked, &mut out, &mut stats)?;
        }
    }
    let mut side: Vec<String> = zip
        .file_names()
        .flatten()
        .filter(|n| {
            n.strip_prefix("word/").is_some_and(|n| {
                (n.starts_with("header") || n.starts_with("footer"))
                    && n.ends_with(".xml")
                    && !n.contains('/')
            })
        })
        .map(|n| n.to_string())
        .collect();
    side.sort();
    side.truncate(MAX_SIDE_PARTS);
    // First, even and default headers often repeat one another: each text once.
    let mut seen: Vec<String> = Vec::new();
    for name in side {
        let part = if name.starts_with("word/header") {
            "header"
        } else {
            "footer"
        };
        if let Some(xml) = read_part(&mut zip, &name, &mut budget)? {
            let mut one = TextBuilder::default();
            let mut s = Stats::default();
            paragraphs(&xml, part, limits, tracked, &mut one, &mut s)?;
            for p in one.text.split("\n\n") {
                if !seen.iter().any(|q| q == p) {
                    seen.push(p.to_string());
                    out.paragraph(p, None, Some(part));
                }
            }
        }
        if out.text_len() > limits.max_text {
            break;
        }
    }
    if out.text_len() > limits.max_text {
        return Err(Refusal::Skip(format!(
            "text extracted from the .docx over {} bytes",
            limits.max_text
        )));
    }

    let mut notes = Vec::new();
    if stats.insertions + stats.deletions > 0 {
        notes.push(match tracked {
            TrackedChanges::Accepted => format!(
                "tracked changes: {} insertion(s) read as text, {} deletion(s) not \
                 (--tracked-changes original reads the text before the changes)",
                stats.insertions, stats.deletions
            ),
            TrackedChanges::Original => format!(
                "tracked changes: {} deletion(s) read as text, {} insertion(s) not \
                 (the text before the changes)",
                stats.deletions, stats.insertions
            ),
        });
    }
    let origin = Origin {
        kind: Kind::Docx,
        extractor: "docx".into(),
        places: out.places,
        notes,
    };
    Ok((out.text, origin))
}

/// Reads one part, decompressing at most what is left of `budget`.
fn read_part(
    zip: &mut zip::ZipArchive<Cursor<&[u8]>>,
    name: &str,
    budget: &mut u64,
) -> Result<Option<String>, Refusal> {
    let file = match zip.by_name(name) {
        Ok(f) => f,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(zip::result::ZipError::UnsupportedArchive(m)) => {
            return Err(Refusal::Skip(format!("unsupported .docx ({m})")));
        }
        Err(e) => return Err(Refusal::Fail(format!("damaged .docx ({name}): {e}"))),
    };
    let mut buf = Vec::new();
    let read = file
        .take(*budget + 1)
        .read_to_end(&mut buf)
        .map_err(|e| Refusal::Fail(format!("damaged .docx ({name}): {e}")))?;
    if read as u64 > *budget {
        return Err(Refusal::Skip(format!(
            "decompressed .docx over the limit of {} bytes (zip bomb?)",
            *budget
        )));
    }
    *budget -= read as u64;
    String::from_utf8(buf)
        .map(Some)
        .map_err(|_| Refusal::Fail(format!("damaged .docx ({name}): not UTF-8 XML")))
}

#[derive(Debug, Default)]
struct Stats {
    insertions: usize,
    deletions: usize,
}

/// Appends the paragraphs of one WordprocessingML part.
fn paragraphs(
    xml: &str,
    part: &'static str,
    limits: &Limits,
    tracked: TrackedChanges,
    out: &mut TextBuilder,
    stats: &mut Stats,
) -> Result<(), Refusal> {
    let mut reader = Reader::from_str(xml);
    let mut depth = 0usize;
    // Depth at which skipped content started (deleted text, field code, fallback, comment).
    let mut skip_from: Option<usize> = None;
    let mut in_text = false;
    let mut tables = 0usize;
    let mut para = String::new();
    let bad = |e: &dyn std::fmt::Display| Refusal::Fail(format!("damaged .docx XML: {e}"));
    loop {
        let event = reader.read_event().map_err(|e| bad(&e))?;
        match event {
            Event::Start(e) => {
                depth += 1;
                if depth > limits.max_depth {
                    return Err(Refusal::Skip(format!(
                        ".docx XML nested deeper than {} elements",
                        limits.max_depth
                    )));
                }
                let name = e.local_name();
                let name = name.as_ref();
                if skip_from.is_none() {
                    let skipped = match name {
                        "del" | "moveFrom" => {
                            stats.deletions += 1;
                            tracked == TrackedChanges::Accepted
                        }
                        "ins" | "moveTo" => {
                            stats.insertions += 1;
                            tracked == TrackedChanges::Original
                        }
                        "instrText" | "Fallback" | "delInstrText" => true,
                        _ => false,
                    };
                    if skipped {
                        skip_from = Some(depth);
                    }
                }
                match name {
                    "t" | "delText" => in_text = true,
                    "tbl" => tables += 1,
                    "p" if !para.trim().is_empty() => {
                        // A paragraph inside a paragraph (a text box): its own paragraph.
                        flush(out, &mut para, part, tables);
                    }
                    _ => {}
                }
            }
            Event::End(e) => {
                let name = e.local_name();
                match name.as_ref() {
                    "t" | "delText" => in_text = false,
                    "p" => flush(out, &mut para, part, tables),
                    "tbl" => tables = tables.saturating_sub(1),
                    "tc" => flush(out, &mut para, part, tables),
                    _ => {}
                }
                if skip_from == Some(depth) {
                    skip_from = None;
                }
                depth = depth.saturating_sub(1);
            }
            Event::Empty(e) if skip_from.is_none() => match e.local_name().as_ref() {
                "tab" | "ptab" => para.push('\t'),
                "br" | "cr" => {
                    let page = e
                        .attributes()
                        .flatten()
                        .any(|a| a.key.local_name().as_ref() == "type" && &*a.value == "page");
                    if page {
                        flush(out, &mut para, part, tables);
                    } else {
                        para.push('\n');
                    }
                }
                "noBreakHyphen" => para.push('\u{2011}'),
                "softHyphen" => para.push('\u{AD}'),
                _ => {}
            },
            Event::Text(t) if in_text && skip_from.is_none() => {
                para.push_str(&t.xml10_content());
            }
            Event::CData(t) if in_text && skip_from.is_none() => {
                para.push_str(&t.xml10_content());
            }
            Event::GeneralRef(r) if in_text && skip_from.is_none() => {
                if let Ok(Some(c)) = r.resolve_char_ref() {
                    para.push(c);
                } else {
                    match &*r {
                        "amp" => para.push('&'),
                        "lt" => para.push('<'),
                        "gt" => para.push('>'),
                        "quot" => para.push('"'),
                        "apos" => para.push('\''),
                        _ => {} // no DTD entities: nothing to expand (no billion laughs)
                    }
                }
            }
            Event::Eof => break,
            _ => {}
        }
        if para.len() > limits.max_text || out.text_len() > limits.max_text {
            return Err(Refusal::Skip(format!(
                "text extracted from the .docx over {} bytes",
                limits.max_text
            )));
        }
    }
    flush(out, &mut para, part, tables);
    Ok(())
}

fn flush(out: &mut TextBuilder, para: &mut String, part: &'static str, tables: usize) {
    let part = if part == "body" && tables > 0 {
        "table"
    } else {
        part
    };
    out.paragraph(para, None, Some(part));
    para.clear();
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;

    fn docx(parts: &[(&str, &str)]) -> Vec<u8> {
        let mut buf = Cursor::new(Vec::new());
        {
            let mut z = zip::ZipWriter::new(&mut buf);
            let opts = zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Deflated);
            for (name, body) in parts {
                z.start_file(*name, opts).expect("zip entry");
                z.write_all(body.as_bytes()).expect("zip write");
            }
            z.finish().expect("zip finish");
        }
        buf.into_inner()
    }

    fn doc(body: &str) -> String {
        format!(r#"<?xml version="1.0"?><w:document {W}><w:body>{body}</w:body></w:document>"#)
    }

    fn text(parts: &[(&str, &str)], tracked: TrackedChanges) -> Result<(String, Origin), Refusal> {
        extract(&docx(parts), &Limits::default(), tracked)
    }

    #[test]
    fn runs_join_and_paragraphs_are_separated() {
        let body = doc(
            "<w:p><w:r><w:t xml:space=\"preserve\">It is equivalent or </w:t></w:r>\
             <w:r><w:rPr><w:b/></w:rPr><w:t>superior</w:t></w:r><w:r><w:t> &amp; safe.</w:t></w:r></w:p>\
             <w:p/><w:p><w:r><w:t>Second</w:t><w:tab/><w:t>one.</w:t></w:r></w:p>",
        );
        let (t, o) = text(&[("word/document.xml", &body)], TrackedChanges::Accepted).expect("ok");
        assert_eq!(t, "It is equivalent or superior & safe.\n\nSecond\tone.");
        assert_eq!(
            o.describe(t.find("Second").expect("x")).as_deref(),
            Some("paragraph 2")
        );
        assert!(is_docx(&docx(&[("word/document.xml", &body)])));
        assert!(!is_docx(&docx(&[("other.xml", &body)])));
    }

    #[test]
    fn tracked_changes_have_two_readings() {
        let body = doc(
            "<w:p><w:r><w:t xml:space=\"preserve\">The drug is </w:t></w:r>\
             <w:del w:id=\"1\"><w:r><w:delText>safe</w:delText></w:r></w:del>\
             <w:ins w:id=\"2\"><w:r><w:t>well tolerated</w:t></w:r></w:ins>\
             <w:r><w:t>.</w:t></w:r></w:p>",
        );
        let parts = [("word/document.xml", body.as_str())];
        let (t, o) = text(&parts, TrackedChanges::Accepted).expect("ok");
        assert_eq!(t, "The drug is well tolerated.");
        assert!(o.notes[0].contains("1 insertion(s) read as text, 1 deletion(s) not"));
        let (t, _) = text(&parts, TrackedChanges::Original).expect("ok");
        assert_eq!(t, "The drug is safe.");
    }

    #[test]
    fn tables_notes_headers_and_no_comments() {
        let body = doc(
            "<w:p><w:r><w:t>Body.</w:t></w:r><w:commentRangeStart w:id=\"0\"/></w:p>\
             <w:tbl><w:tr><w:tc><w:p><w:r><w:t>Cell A</w:t></w:r></w:p></w:tc>\
             <w:tc><w:p><w:r><w:t>Cell B</w:t></w:r></w:p></w:tc></w:tr></w:tbl>\
             <w:p><w:r><w:fldChar/><w:instrText>PAGE</w:instrText></w:r></w:p>",
        );
        let notes = format!(
            "<w:footnotes {W}><w:footnote><w:p><w:r><w:t>A footnote.</w:t></w:r></w:p></w:footnote></w:footnotes>"
        );
        let header = format!("<w:hdr {W}><w:p><w:r><w:t>Draft</w:t></w:r></w:p></w:hdr>");
        let comments = format!(
            "<w:comments {W}><w:comment><w:p><w:r><w:t>Reviewer: superior?</w:t></w:r></w:p></w:comment></w:comments>"
        );
        let (t, o) = text(
            &[
                ("word/document.xml", &body),
                ("word/footnotes.xml", &notes),
                ("word/header1.xml", &header),
                ("word/header2.xml", &header),
                ("word/comments.xml", &comments),
            ],
            TrackedChanges::Accepted,
        )
        .expect("ok");
        assert_eq!(t, "Body.\n\nCell A\n\nCell B\n\nA footnote.\n\nDraft");
        assert_eq!(
            o.describe(t.find("Cell B").expect("x")).as_deref(),
            Some("paragraph 3 (table)")
        );
        assert_eq!(
            o.describe(t.find("A footnote").expect("x")).as_deref(),
            Some("paragraph 4 (footnote)")
        );
        assert_eq!(
            o.describe(t.find("Draft").expect("x")).as_deref(),
            Some("paragraph 5 (header)")
        );
    }

    #[test]
    fn zip_bombs_stop_at_the_limit() {
        let big = doc(&format!(
            "<w:p><w:r><w:t>{}</w:t></w:r></w:p>",
            "a".repeat(2_000_000)
        ));
        let bytes = docx(&[("word/document.xml", &big)]);
        assert!(bytes.len() < 50_000, "compresses well: {}", bytes.len());
        let limits = Limits {
            max_bytes: 1_000_000,
            ..Limits::default()
        };
        match extract(&bytes, &limits, TrackedChanges::Accepted) {
            Err(Refusal::Skip(r)) => assert!(r.contains("zip bomb"), "{r}"),
            other => panic!("expected a skip, got {other:?}"),
        }
    }

    #[test]
    fn deep_nesting_and_damage_are_refused() {
        let deep = doc(&format!(
            "{}{}",
            "<w:p>".repeat(10_000),
            "</w:p>".repeat(10_000)
        ));
        match text(&[("word/document.xml", &deep)], TrackedChanges::Accepted) {
            Err(Refusal::Skip(r)) => assert!(r.contains("nested deeper"), "{r}"),
            other => panic!("expected a skip, got {other:?}"),
        }
        let broken = doc("<w:p><w:r><w:t>unclosed</w:r></w:p>");
        assert!(matches!(
            text(&[("word/document.xml", &broken)], TrackedChanges::Accepted),
            Err(Refusal::Fail(_))
        ));
        assert!(matches!(
            extract(
                b"PK\x03\x04 not really",
                &Limits::default(),
                TrackedChanges::Accepted
            ),
            Err(Refusal::Fail(_))
        ));
    }
}
