//! PDF to text: positioned lines from an extractor, then paragraphs rebuilt from the layout
//! ([`super::pdf_layout`]).
//!
//! Extractors: the built-in pure-Rust reader ([`super::pdf_builtin`]) by default; poppler's
//! `pdftotext -bbox-layout` (run as a child process with a time limit, killed when over it)
//! when asked for, or when the built-in reader cannot read a file and pdftotext is installed.
//! Measured on real releases, the two agree (docs/pdf-extraction.md), so pure Rust is the
//! default. `--pdf-extractor` picks one; reports name the one used.
//!
//! Encrypted PDFs and PDFs without a text layer (scans) are skipped with that reason; PDFs
//! over the page limit are skipped before any text is extracted past it.

use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

use quick_xml::Reader;
use quick_xml::events::Event;

use super::container::{Kind, Limits, Origin, Refusal, TextBuilder};
use super::pdf_layout::{self, Line, Page};

/// Which PDF extractor to use.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Extractor {
    /// The built-in reader; poppler's pdftotext for a file it cannot read, when installed.
    #[default]
    Auto,
    /// poppler's pdftotext (the file fails when it is not installed).
    Poppler,
    /// The built-in pure-Rust reader.
    Builtin,
}

/// Whether `bytes` is a PDF (`%PDF-` within the first KiB, as readers accept it).
pub fn is_pdf(bytes: &[u8]) -> bool {
    bytes
        .get(..bytes.len().min(1024))
        .is_some_and(|head| head.windows(5).any(|w| w == b"%PDF-"))
}

/// Whether the PDF is encrypted: its trailer (or a cross-reference stream) names an
/// `/Encrypt` dictionary.
pub fn is_encrypted(bytes: &[u8]) -> bool {
    memfind(bytes, b"/Encrypt")
}

fn memfind(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

/// The text of a PDF, with the page of every stretch of it.
pub fn extract(
    bytes: &[u8],
    limits: &Limits,
    extractor: Extractor,
) -> Result<(String, Origin), Refusal> {
    if is_encrypted(bytes) {
        return Err(Refusal::Skip("encrypted PDF".into()));
    }
    let (pages, name) = match extractor {
        Extractor::Builtin => (super::pdf_builtin::pages(bytes, limits)?, "builtin".into()),
        Extractor::Poppler => {
            let version = pdftotext_version().ok_or_else(|| {
                Refusal::Fail("--pdf-extractor poppler: pdftotext is not installed".into())
            })?;
            (pdftotext_pages(bytes, limits)?, version)
        }
        Extractor::Auto => match super::pdf_builtin::pages(bytes, limits) {
            Ok(pages) => (pages, "builtin".into()),
            Err(Refusal::Fail(why)) => match pdftotext_version() {
                // A file the built-in reader gives up on: poppler may still read it.
                Some(version) => (
                    pdftotext_pages(bytes, limits)?,
                    format!("{version} (the built-in reader failed: {why})"),
                ),
                None => return Err(Refusal::Fail(why)),
            },
            Err(skip) => return Err(skip),
        },
    };
    if pages.len() > limits.max_pages {
        return Err(Refusal::Skip(format!(
            "PDF over the limit of {} pages",
            limits.max_pages
        )));
    }
    if pages
        .iter()
        .all(|p| p.lines.iter().all(|l| l.text.trim().is_empty()))
    {
        return Err(Refusal::Skip(
            "PDF without a text layer (image-only, e.g. a scan; OCR it first)".into(),
        ));
    }
    let mut out = TextBuilder::default();
    let stats = pdf_layout::rebuild(&pages, &mut out);
    if out.text_len() > limits.max_text {
        return Err(Refusal::Skip(format!(
            "text extracted from the PDF over {} bytes",
            limits.max_text
        )));
    }
    // Left-out furniture and joined hyphens are routine: no note for the reader.
    let _ = stats;
    let notes = Vec::new();
    let origin = Origin {
        kind: Kind::Pdf,
        extractor: name,
        places: out.places,
        notes,
    };
    Ok((out.text, origin))
}

/// `pdftotext 22.12.0` when poppler's pdftotext runs here (asked once per run).
pub fn pdftotext_version() -> Option<String> {
    static VERSION: std::sync::OnceLock<Option<String>> = std::sync::OnceLock::new();
    VERSION.get_or_init(probe_pdftotext).clone()
}

fn probe_pdftotext() -> Option<String> {
    let out = Command::new("pdftotext")
        .arg("-v")
        .stdin(Stdio::null())
        .output()
        .ok()?;
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stderr),
        String::from_utf8_lossy(&out.stdout)
    );
    let line = all.lines().find(|l| l.starts_with("pdftotext version"))?;
    Some(line.replace(" version", ""))
}

/// Runs `pdftotext -bbox-layout` on the bytes, under the time limit.
fn pdftotext_pages(bytes: &[u8], limits: &Limits) -> Result<Vec<Page>, Refusal> {
    let io = |e: std::io::Error| Refusal::Fail(format!("cannot run pdftotext: {e}"));
    let dir = tempfile::tempdir().map_err(io)?;
    let input = dir.path().join("in.pdf");
    let output = dir.path().join("out.html");
    std::fs::write(&input, bytes).map_err(io)?;
    let mut child = Command::new("pdftotext")
        .args(["-bbox-layout", "-enc", "UTF-8", "-q", "-f", "1", "-l"])
        // One page past the limit: enough to know the file is over it.
        .arg((limits.max_pages + 1).to_string())
        .arg(&input)
        .arg(&output)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(io)?;
    let started = Instant::now();
    let status = loop {
        match child.try_wait().map_err(io)? {
            Some(status) => break status,
            None if started.elapsed() > limits.timeout => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(Refusal::Skip(format!(
                    "PDF text extraction took over {} s (the time limit)",
                    limits.timeout.as_secs()
                )));
            }
            None => std::thread::sleep(std::time::Duration::from_millis(10)),
        }
    };
    if !status.success() {
        let mut err = String::new();
        if let Some(mut e) = child.stderr.take() {
            let _ = e.read_to_string(&mut err);
        }
        return Err(Refusal::Fail(format!(
            "damaged PDF (pdftotext: {})",
            err.lines().next().unwrap_or("failed").trim()
        )));
    }
    let size = std::fs::metadata(&output).map(|m| m.len()).unwrap_or(0);
    // The bbox markup is ~10x the text it holds.
    if size > 10 * limits.max_text as u64 {
        return Err(Refusal::Skip(format!(
            "text extracted from the PDF over {} bytes",
            limits.max_text
        )));
    }
    let html = std::fs::read_to_string(&output)
        .map_err(|e| Refusal::Fail(format!("cannot read pdftotext output: {e}")))?;
    parse_bbox_layout(&html, limits)
}

fn attr(e: &quick_xml::events::BytesStart<'_>, name: &str) -> f32 {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == name)
        .and_then(|a| a.value.parse().ok())
        .unwrap_or(0.0)
}

/// Pages and lines of `pdftotext -bbox-layout` output (XHTML: page > flow > block > line >
/// word, each with its box).
fn parse_bbox_layout(html: &str, limits: &Limits) -> Result<Vec<Page>, Refusal> {
    let mut reader = Reader::from_str(html);
    let mut pages: Vec<Page> = Vec::new();
    let mut line: Option<Line> = None;
    let mut in_word = false;
    let mut word = String::new();
    let mut depth = 0usize;
    loop {
        let event = reader
            .read_event()
            .map_err(|e| Refusal::Fail(format!("unreadable pdftotext output: {e}")))?;
        match event {
            Event::Start(e) => {
                depth += 1;
                if depth > limits.max_depth {
                    return Err(Refusal::Fail(
                        "unreadable pdftotext output (nesting)".into(),
                    ));
                }
                match e.local_name().as_ref() {
                    "page" => pages.push(Page {
                        width: attr(&e, "width"),
                        height: attr(&e, "height"),
                        lines: vec![],
                    }),
                    "line" => {
                        line = Some(Line {
                            x0: attr(&e, "xMin"),
                            x1: attr(&e, "xMax"),
                            y0: attr(&e, "yMin"),
                            y1: attr(&e, "yMax"),
                            text: String::new(),
                        })
                    }
                    "word" => {
                        in_word = true;
                        word.clear();
                    }
                    _ => {}
                }
            }
            Event::End(e) => {
                depth = depth.saturating_sub(1);
                match e.local_name().as_ref() {
                    "word" => {
                        in_word = false;
                        if let Some(l) = line.as_mut() {
                            if !l.text.is_empty() {
                                l.text.push(' ');
                            }
                            l.text.push_str(&word);
                        }
                    }
                    "line" => {
                        if let (Some(l), Some(p)) = (line.take(), pages.last_mut()) {
                            p.lines.push(l);
                        }
                    }
                    _ => {}
                }
            }
            Event::Text(t) if in_word => word.push_str(&t.xml10_content()),
            Event::GeneralRef(r) if in_word => {
                if let Ok(Some(c)) = r.resolve_char_ref() {
                    word.push(c);
                } else {
                    word.push_str(match &*r {
                        "amp" => "&",
                        "lt" => "<",
                        "gt" => ">",
                        "quot" => "\"",
                        "apos" => "'",
                        _ => "",
                    });
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(pages)
}

/// Extracts a PDF file on disk with pdftotext's plain reading, for comparisons in tests.
pub fn pdftotext_plain(path: &Path) -> Option<String> {
    let out = Command::new("pdftotext")
        .arg(path)
        .arg("-")
        .stdin(Stdio::null())
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_pdfs_and_encryption() {
        assert!(is_pdf(b"%PDF-1.7\n..."));
        assert!(is_pdf(b"\xef\xbb\xbf junk %PDF-1.4"));
        assert!(!is_pdf(b"plain text"));
        assert!(is_encrypted(b"trailer << /Encrypt 5 0 R >>"));
    }

    #[test]
    fn bbox_layout_is_parsed_into_lines() {
        let html = r#"<!DOCTYPE html><html xmlns="http://www.w3.org/1999/xhtml"><head><title></title></head><body><doc>
<page width="612.000000" height="792.000000"><flow><block xMin="56" yMin="70" xMax="500" yMax="90">
<line xMin="56.7" yMin="70.0" xMax="500.0" yMax="80.0"><word xMin="56.7" yMin="70" xMax="80" yMax="80">R&amp;D</word><word xMin="81" yMin="70" xMax="100" yMax="80">is</word></line>
</block></flow></page></doc></body></html>"#;
        let pages = parse_bbox_layout(html, &Limits::default()).expect("parses");
        assert_eq!(pages.len(), 1);
        assert_eq!(pages[0].lines[0].text, "R&D is");
        assert_eq!(pages[0].height, 792.0);
        assert_eq!(pages[0].lines[0].x0, 56.7);
    }
}
