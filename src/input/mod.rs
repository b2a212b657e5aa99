//! Inputs: which paths to audit, how to read them, and what text of them to audit.
//!
//! A file is decoded ([`decode`]), then its format decides the units audited: the whole text,
//! the text extracted from HTML ([`html`]), or each press-release exhibit of an EDGAR
//! submission ([`edgar`]). Every unit keeps a map from its text back to the decoded file, and the
//! decoded file one back to the file's bytes, so findings point at the exact source bytes.
//!
//! Containers (Word `.docx`, PDF; [`container`]) are recognised by their bytes before any
//! decoding: their audited text is the text extracted from them, and reports point into that
//! text (with the paragraph or page it came from), not into the file's bytes.

pub mod container;
pub mod decode;
pub mod docx;
pub mod edgar;
pub mod html;
pub mod markdown;
pub mod pdf;
mod pdf_builtin;
pub mod pdf_layout;
pub mod walk;
mod writer;

use std::io::Read;

pub use decode::Decoded;
pub use walk::{Input, WalkError, WalkOptions, collect};

use crate::finding::Finding;
use crate::text::OffsetMap;

/// File formats claimlint reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Markdown,
    Html,
    Edgar,
    /// Word `.docx`: the audited text is extracted from the document.
    Docx,
    /// PDF: the audited text is extracted from the pages.
    Pdf,
}

impl Format {
    /// Detects the format from the file name and content.
    pub fn detect(name: &str, text: &str) -> Format {
        let ext = name
            .rsplit_once('.')
            .map(|(_, e)| e.to_ascii_lowercase())
            .unwrap_or_default();
        if edgar::is_submission(text) {
            return Format::Edgar;
        }
        match ext.as_str() {
            "html" | "htm" | "xhtml" | "xht" => Format::Html,
            "md" | "markdown" => Format::Markdown,
            "txt" | "text" => Format::Text,
            _ if html::looks_like_html(text) => Format::Html,
            _ => Format::Text,
        }
    }
}

/// One thing audited: a whole file, or one exhibit of a submission.
#[derive(Debug)]
pub struct Unit {
    /// The name findings are reported under (`file.txt#EX-99.1` for an exhibit).
    pub name: String,
    /// The text audited, when it differs from the decoded file (extracted or an exhibit).
    pub extracted: Option<Extracted>,
}

#[derive(Debug)]
pub struct Extracted {
    pub text: String,
    /// Offsets of `text` to offsets of the decoded file.
    pub to_decoded: OffsetMap,
}

impl Unit {
    pub fn text<'a>(&'a self, decoded: &'a Decoded) -> &'a str {
        self.extracted.as_ref().map_or(&decoded.text, |e| &e.text)
    }

    /// Moves findings from this unit's text to the decoded file's offsets.
    pub fn to_decoded(&self, findings: &mut [Finding]) {
        let Some(e) = &self.extracted else { return };
        for f in findings {
            (f.start, f.end) = e.to_decoded.to_source(f.start, f.end);
            f.sentence = e.to_decoded.to_source(f.sentence.0, f.sentence.1);
        }
    }
}

/// A file read and split into units.
#[derive(Debug)]
pub struct Prepared {
    pub decoded: Decoded,
    pub format: Format,
    pub units: Vec<Unit>,
}

/// Why a file was read but not audited.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Skip {
    Binary,
    TooLarge {
        size: u64,
        limit: u64,
    },
    NoPressRelease,
    /// A `.docx` or PDF whose text is not extracted (encrypted, image-only, over a limit).
    Container {
        kind: &'static str,
        reason: String,
    },
}

impl std::fmt::Display for Skip {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Skip::Binary => f.write_str("binary file"),
            Skip::TooLarge { size, limit } => {
                write!(
                    f,
                    "file too large ({size} bytes; the limit is {limit}, see --max-file-size)"
                )
            }
            Skip::NoPressRelease => {
                f.write_str("EDGAR submission without a press-release exhibit (EX-99)")
            }
            Skip::Container { reason, .. } => f.write_str(reason),
        }
    }
}

/// Outcome of reading one input.
#[derive(Debug)]
pub enum Loaded {
    Ready(Prepared),
    Skipped(Skip),
}

/// Default limit on the size of one file.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 64 * 1024 * 1024;

/// How containers are read.
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    /// Which reading of a `.docx` with tracked changes is audited.
    pub tracked_changes: container::TrackedChanges,
    /// Which PDF extractor is used.
    pub pdf_extractor: pdf::Extractor,
    /// Bounds on extracting containers.
    pub limits: container::Limits,
}

/// Reads an input (at most `max_size` bytes) and prepares its units.
pub fn read(input: &Input, max_size: u64) -> Result<Loaded, String> {
    read_with(input, max_size, &ReadOptions::default())
}

/// [`read`], with how containers are read.
pub fn read_with(input: &Input, max_size: u64, options: &ReadOptions) -> Result<Loaded, String> {
    let bytes = match input {
        Input::Stdin => {
            let mut buf = Vec::new();
            std::io::stdin()
                .take(max_size + 1)
                .read_to_end(&mut buf)
                .map_err(|e| format!("cannot read standard input: {e}"))?;
            buf
        }
        Input::File(path) => {
            let file = std::fs::File::open(path).map_err(|e| format!("cannot read file: {e}"))?;
            let size = file.metadata().map(|m| m.len()).unwrap_or(0);
            if size > max_size {
                return Ok(Loaded::Skipped(Skip::TooLarge {
                    size,
                    limit: max_size,
                }));
            }
            let mut buf = Vec::with_capacity(size as usize);
            file.take(max_size + 1)
                .read_to_end(&mut buf)
                .map_err(|e| format!("cannot read file: {e}"))?;
            buf
        }
    };
    if bytes.len() as u64 > max_size {
        return Ok(Loaded::Skipped(Skip::TooLarge {
            size: bytes.len() as u64,
            limit: max_size,
        }));
    }
    // A container may inflate to four times the size limit of a file, no more (zip bombs).
    let mut options = options.clone();
    options.limits.max_bytes = options.limits.max_bytes.min(max_size.saturating_mul(4));
    prepare_with(&input.display_name(), bytes, &options)
}

/// Decodes bytes and splits them into the units to audit.
pub fn prepare(name: &str, bytes: Vec<u8>) -> Loaded {
    match prepare_with(name, bytes, &ReadOptions::default()) {
        Ok(loaded) => loaded,
        Err(error) => Loaded::Skipped(Skip::Container {
            kind: "container",
            reason: error,
        }),
    }
}

/// Which container, if any, the bytes named `name` are: by content (`%PDF-`, a zip holding
/// `word/document.xml`), or by extension for what claims to be one and is not readable.
pub fn container_kind(name: &str, bytes: &[u8]) -> Option<container::Kind> {
    let ext = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    if pdf::is_pdf(bytes) || ext == "pdf" {
        Some(container::Kind::Pdf)
    } else if docx::is_docx(bytes) || matches!(ext.as_str(), "docx" | "docm" | "dotx") {
        Some(container::Kind::Docx)
    } else {
        None
    }
}

/// [`prepare`], with how containers are read. A container that cannot be read (damaged, not
/// what its name says) is an error for that file (`Err`); one that is read and refused
/// (encrypted, image-only, over a limit) is skipped with the reason.
pub fn prepare_with(name: &str, bytes: Vec<u8>, options: &ReadOptions) -> Result<Loaded, String> {
    if let Some(kind) = container_kind(name, &bytes) {
        let extracted = contain(|| match kind {
            container::Kind::Docx => {
                if bytes.starts_with(b"\xD0\xCF\x11\xE0") {
                    return Err(container::Refusal::Skip(
                        "encrypted (password-protected) or legacy binary Word file".into(),
                    ));
                }
                // `~$draft.docx`: the owner file Word keeps beside a document it has open.
                let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
                if base.starts_with("~$") && !docx::is_docx(&bytes) {
                    return Err(container::Refusal::Skip(
                        "Word owner file (~$…), written while the document is open".into(),
                    ));
                }
                docx::extract(&bytes, &options.limits, options.tracked_changes)
            }
            container::Kind::Pdf => pdf::extract(&bytes, &options.limits, options.pdf_extractor),
        });
        return match extracted {
            Ok((text, origin)) => Ok(Loaded::Ready(Prepared {
                format: match kind {
                    container::Kind::Docx => Format::Docx,
                    container::Kind::Pdf => Format::Pdf,
                },
                units: vec![Unit {
                    name: name.to_string(),
                    extracted: None,
                }],
                decoded: Decoded {
                    text,
                    encoding: "UTF-8",
                    to_file: None,
                    origin: Some(origin),
                },
            })),
            Err(container::Refusal::Skip(reason)) => Ok(Loaded::Skipped(Skip::Container {
                kind: kind.as_str(),
                reason,
            })),
            Err(container::Refusal::Fail(error)) => Err(error),
        };
    }
    Ok(prepare_text(name, bytes))
}

/// Runs an extractor, turning a panic inside it (a third-party parser meeting a malformed
/// file) into a failure of that file rather than of the run.
fn contain<T>(f: impl FnOnce() -> Result<T, container::Refusal>) -> Result<T, container::Refusal> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).unwrap_or_else(|_| {
        Err(container::Refusal::Fail(
            "the file is malformed: its reader gave up (internal panic contained)".into(),
        ))
    })
}

fn prepare_text(name: &str, bytes: Vec<u8>) -> Loaded {
    let decoded = match decode::decode(bytes) {
        Ok(d) => d,
        Err(decode::Unreadable::Binary) => return Loaded::Skipped(Skip::Binary),
    };
    let format = Format::detect(name, &decoded.text);
    let Some(units) = units(name, format, &decoded.text) else {
        return Loaded::Skipped(Skip::NoPressRelease);
    };
    Loaded::Ready(Prepared {
        decoded,
        format,
        units,
    })
}

/// The units of a decoded file named `name`, with its detected format: what [`prepare`]
/// audits (none for an EDGAR submission without a press-release exhibit). Reporters that show
/// a unit's text (the HTML report) re-derive it from the decoded source they are handed.
pub fn split_units(name: &str, text: &str) -> (Format, Vec<Unit>) {
    let format = Format::detect(name, text);
    (format, units(name, format, text).unwrap_or_default())
}

/// Splits a decoded text of a known format into the units to audit (None: an EDGAR
/// submission without a press-release exhibit). The language server uses this too, so editors
/// audit exactly what `check` audits.
pub fn units(name: &str, format: Format, text: &str) -> Option<Vec<Unit>> {
    let units = match format {
        Format::Text | Format::Docx | Format::Pdf => vec![Unit {
            name: name.to_string(),
            extracted: None,
        }],
        Format::Html | Format::Markdown => {
            let x = if format == Format::Html {
                html::extract(text)
            } else {
                markdown::extract(text)
            };
            vec![Unit {
                name: name.to_string(),
                extracted: Some(Extracted {
                    text: x.text,
                    to_decoded: x.map,
                }),
            }]
        }
        Format::Edgar => {
            let exhibits = edgar::press_releases(text);
            if exhibits.is_empty() {
                return None;
            }
            let mut seen: Vec<String> = Vec::new();
            exhibits
                .into_iter()
                .map(|ex| {
                    let body = &text[ex.start..ex.end];
                    let mut unit_name = format!("{name}#{}", ex.kind);
                    if seen.contains(&unit_name) {
                        unit_name = format!("{unit_name}@{}", ex.start);
                    }
                    seen.push(unit_name.clone());
                    let extracted = if html::looks_like_html(body) {
                        let x = html::extract(body);
                        let mut map = OffsetMap::default();
                        // Compose: exhibit text -> body -> submission.
                        shift_map(&x.map, ex.start, &x.text, &mut map);
                        Extracted {
                            text: x.text,
                            to_decoded: map,
                        }
                    } else {
                        let mut map = OffsetMap::default();
                        map.push_copy(0, ex.start);
                        map.finish(body.len(), text.len());
                        Extracted {
                            text: body.to_string(),
                            to_decoded: map,
                        }
                    };
                    Unit {
                        name: unit_name,
                        extracted: Some(extracted),
                    }
                })
                .collect()
        }
    };
    Some(units)
}

/// Rebuilds `inner` (text -> body) as a map text -> submission, the body starting at `base`.
fn shift_map(inner: &OffsetMap, base: usize, text: &str, out: &mut OffsetMap) {
    for seg in inner.segments() {
        match seg.replaced_len {
            None => out.push_copy(seg.norm, base + seg.src),
            Some(len) => out.push_replace(seg.norm, base + seg.src, len),
        }
    }
    out.finish(text.len(), base + inner.source_len());
}

#[cfg(test)]
mod tests {
    use super::*;

    fn skip_reason(name: &str, bytes: &[u8]) -> String {
        match prepare_with(name, bytes.to_vec(), &ReadOptions::default()) {
            Ok(Loaded::Skipped(s)) => s.to_string(),
            Ok(Loaded::Ready(_)) => "ready".into(),
            Err(e) => format!("error: {e}"),
        }
    }

    #[test]
    fn containers_are_recognised_before_decoding() {
        assert_eq!(
            container_kind("x.bin", b"%PDF-1.7"),
            Some(container::Kind::Pdf)
        );
        assert_eq!(
            container_kind("x.DOCX", b"junk"),
            Some(container::Kind::Docx)
        );
        assert_eq!(container_kind("x.txt", b"plain"), None);
        assert!(skip_reason("dir/~$draft.docx", b"\x0bWriter name").contains("owner file"));
        assert!(skip_reason("old.docx", b"\xD0\xCF\x11\xE0\xA1\xB1").contains("encrypted"));
        assert!(skip_reason("broken.docx", b"PK\x03\x04").starts_with("error: "));
        // A file that is not a container still reads as text.
        assert_eq!(skip_reason("a.txt", b"Acme Update"), "ready");
    }
}
