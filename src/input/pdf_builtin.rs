//! The built-in, pure-Rust PDF reader: `pdf-extract` (on `lopdf`) interprets each page's
//! content stream and hands us every glyph with its position; glyphs are grouped into
//! positioned lines for [`super::pdf_layout`].
//!
//! Bounds: every compressed (Flate) stream other than an image is measured while the file is
//! loaded, before the parser inflates it (object streams) or the interpreter does (content
//! streams, fonts): one that inflates past [`MAX_STREAM`], or all of them together past
//! [`Limits::max_bytes`], makes the file skipped as a decompression bomb, so memory stays
//! bounded. The page count is checked before any page is read; every glyph callback checks the
//! deadline and the text budget and stops the interpreter when over either. Parsing itself
//! (`lopdf` on a malformed cross-reference table) cannot be interrupted, so extraction runs on
//! its own thread and is abandoned at the deadline (the thread ends with the process); a panic
//! inside the parser ends that thread and the file is reported as failed.

use std::cell::Cell;
use std::io::Read;
use std::sync::mpsc;
use std::time::Instant;

use pdf_extract::{MediaBox, OutputDev, OutputError, Transform};

use super::container::{Limits, Refusal};
use super::pdf_layout::{Line, Page};

/// The positioned lines of every page (at most `limits.max_pages + 1` pages are counted).
pub fn pages(bytes: &[u8], limits: &Limits) -> Result<Vec<Page>, Refusal> {
    let (tx, rx) = mpsc::channel();
    let bytes = bytes.to_vec();
    let limits_in = limits.clone();
    let deadline = Instant::now() + limits.timeout;
    let spawned = std::thread::Builder::new()
        .name("pdf-builtin".into())
        .spawn(move || {
            let _ = tx.send(read(&bytes, &limits_in, deadline));
        });
    if let Err(e) = spawned {
        return Err(Refusal::Fail(format!("cannot start the PDF reader: {e}")));
    }
    match rx.recv_timeout(limits.timeout) {
        Ok(result) => result,
        Err(mpsc::RecvTimeoutError::Timeout) => Err(too_slow(limits)),
        Err(mpsc::RecvTimeoutError::Disconnected) => Err(Refusal::Fail(
            "malformed PDF: the built-in reader gave up on it (internal panic contained)".into(),
        )),
    }
}

fn too_slow(limits: &Limits) -> Refusal {
    Refusal::Skip(format!(
        "PDF text extraction took over {} s (the time limit)",
        limits.timeout.as_secs()
    ))
}

/// Inflated bytes one stream may have.
pub const MAX_STREAM: u64 = 64 * 1024 * 1024;

thread_local! {
    /// Inflated bytes still allowed to this thread's file, all streams together.
    static BUDGET: Cell<u64> = const { Cell::new(0) };
    /// Set when a stream went over a limit.
    static BOMB: Cell<bool> = const { Cell::new(false) };
}

/// The load-time check of every object (lopdf's filter hook, a plain `fn`, hence the
/// thread-locals): a Flate stream that inflates past the limits is emptied before anything
/// inflates it, and the file is marked.
fn defuse(
    id: (u32, u16),
    object: &mut pdf_extract::Object,
) -> Option<((u32, u16), pdf_extract::Object)> {
    if let Ok(stream) = object.as_stream_mut() {
        let image = stream
            .dict
            .get(b"Subtype")
            .and_then(|s| s.as_name())
            .is_ok_and(|n| n == b"Image");
        let flate = stream
            .filters()
            .is_ok_and(|f| f.iter().any(|n| *n == b"FlateDecode" || *n == b"Fl"));
        if flate && !image {
            let left = BUDGET.with(Cell::get);
            let cap = left.min(MAX_STREAM);
            let inflated = inflated_len(&stream.content, cap + 1);
            if inflated > cap {
                BOMB.with(|b| b.set(true));
                stream.set_content(Vec::new());
                stream.dict.remove(b"Filter");
                stream.dict.remove(b"DecodeParms");
            } else {
                BUDGET.with(|b| b.set(left - inflated));
            }
        }
    }
    // lopdf keeps the object edited in place for top-level objects and takes the returned one
    // for those inside object streams: both must be the (possibly emptied) object.
    Some((id, object.clone()))
}

/// Bytes `data` inflates to (zlib, or raw deflate as lopdf also accepts), counting at most
/// `cap`; nothing is kept.
fn inflated_len(data: &[u8], cap: u64) -> u64 {
    let count = |r: &mut dyn Read| std::io::copy(&mut r.take(cap), &mut std::io::sink());
    match count(&mut flate2::read::ZlibDecoder::new(data)) {
        Ok(n) => n,
        Err(_) => count(&mut flate2::read::DeflateDecoder::new(data)).unwrap_or(0),
    }
}

fn read(bytes: &[u8], limits: &Limits, deadline: Instant) -> Result<Vec<Page>, Refusal> {
    BUDGET.with(|b| b.set(limits.max_bytes));
    BOMB.with(|b| b.set(false));
    let options = pdf_extract::LoadOptions {
        filter: Some(defuse),
        ..Default::default()
    };
    let doc = pdf_extract::Document::load_mem_with_options(bytes, options)
        .map_err(|e| Refusal::Fail(format!("damaged PDF: {e}")))?;
    if BOMB.with(Cell::get) {
        return Err(Refusal::Skip(format!(
            "PDF streams inflate past the limit ({} MiB per stream, {} MiB in all): \
             a decompression bomb?",
            MAX_STREAM >> 20,
            limits.max_bytes >> 20
        )));
    }
    if doc.is_encrypted() {
        return Err(Refusal::Skip("encrypted PDF".into()));
    }
    let numbers: Vec<u32> = doc.get_pages().keys().copied().collect();
    if numbers.len() > limits.max_pages {
        return Err(Refusal::Skip(format!(
            "PDF of {} pages, over the limit of {} pages",
            numbers.len(),
            limits.max_pages
        )));
    }
    let mut sink = Collector {
        pages: Vec::with_capacity(numbers.len()),
        page_height: 0.0,
        line: None,
        last_end: 0.0,
        last_y: 0.0,
        deadline,
        budget: limits.max_text,
        over: None,
    };
    for n in numbers {
        if let Err(e) = pdf_extract::output_doc_page(&doc, &mut sink, n) {
            if let Some(over) = sink.over.take() {
                return Err(over);
            }
            // A page the interpreter cannot read: its text so far is kept, the rest goes on.
            let _ = e;
            sink.flush_line();
        }
        if Instant::now() > deadline {
            return Err(too_slow(limits));
        }
    }
    Ok(sink.pages)
}

/// Glyphs to lines.
struct Collector {
    pages: Vec<Page>,
    page_height: f64,
    line: Option<Line>,
    last_end: f64,
    last_y: f64,
    deadline: Instant,
    /// Text bytes still allowed.
    budget: usize,
    /// Why the interpreter was stopped, when it was.
    over: Option<Refusal>,
}

impl Collector {
    fn flush_line(&mut self) {
        if let Some(line) = self.line.take()
            && let Some(page) = self.pages.last_mut()
            && !line.text.trim().is_empty()
        {
            page.lines.push(line);
        }
    }

    fn stop(&mut self, why: Refusal) -> Result<(), OutputError> {
        self.over = Some(why);
        Err(OutputError::FormatError(std::fmt::Error))
    }
}

impl OutputDev for Collector {
    fn begin_page(
        &mut self,
        _page_num: u32,
        media_box: &MediaBox,
        _art_box: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), OutputError> {
        self.flush_line();
        self.page_height = media_box.ury - media_box.lly;
        self.pages.push(Page {
            width: (media_box.urx - media_box.llx) as f32,
            height: self.page_height as f32,
            lines: Vec::new(),
        });
        Ok(())
    }

    fn end_page(&mut self) -> Result<(), OutputError> {
        self.flush_line();
        Ok(())
    }

    fn output_character(
        &mut self,
        trm: &Transform,
        width: f64,
        _spacing: f64,
        font_size: f64,
        char: &str,
    ) -> Result<(), OutputError> {
        if Instant::now() > self.deadline {
            return self.stop(Refusal::Skip(
                "PDF text extraction took over the time limit".into(),
            ));
        }
        if char.len() > self.budget {
            return self.stop(Refusal::Skip(
                "extracted PDF text over the size limit".into(),
            ));
        }
        self.budget -= char.len();
        let size = font_size * (trm.m11 * trm.m22 - trm.m12 * trm.m21).abs().sqrt();
        let size = if size.is_finite() && size > 0.0 {
            size
        } else {
            1.0
        };
        let (x, y) = (trm.m31, self.page_height - trm.m32);
        let new_line = match &self.line {
            None => true,
            Some(_) => (y - self.last_y).abs() > size * 0.5 || x < self.last_end - size * 2.0,
        };
        if new_line {
            self.flush_line();
            self.line = Some(Line {
                x0: x as f32,
                x1: x as f32,
                y0: (y - size) as f32,
                y1: y as f32,
                text: String::new(),
            });
        }
        if let Some(line) = self.line.as_mut() {
            if !new_line
                && x > self.last_end + size * 0.15
                && !line.text.ends_with(' ')
                && char != " "
            {
                line.text.push(' ');
            }
            line.text.push_str(char);
            let end = x + width * size;
            line.x1 = line.x1.max(end as f32);
            line.y0 = line.y0.min((y - size) as f32);
            line.y1 = line.y1.max(y as f32);
            self.last_end = end;
        }
        self.last_y = y;
        Ok(())
    }

    fn begin_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_line(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A one-page PDF showing `lines` (top to bottom, 14 points apart) with correct offsets.
    fn pdf(lines: &[&str]) -> Vec<u8> {
        let mut content = String::from("BT /F1 12 Tf 72 720 Td 14 TL\n");
        for l in lines {
            content.push_str(&format!("({l}) Tj T*\n"));
        }
        content.push_str("ET");
        let objects = [
            "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
            "<< /Type /Pages /Kids [4 0 R] /Count 1 >>".to_string(),
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_string(),
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] \
             /Resources << /Font << /F1 3 0 R >> >> /Contents 5 0 R >>"
                .to_string(),
            format!(
                "<< /Length {} >>\nstream\n{content}\nendstream",
                content.len()
            ),
        ];
        let mut out = String::from("%PDF-1.4\n");
        let mut offsets = Vec::new();
        for (i, o) in objects.iter().enumerate() {
            offsets.push(out.len());
            out.push_str(&format!("{} 0 obj\n{o}\nendobj\n", i + 1));
        }
        let xref = out.len();
        out.push_str("xref\n0 6\n0000000000 65535 f \n");
        for off in offsets {
            out.push_str(&format!("{off:010} 00000 n \n"));
        }
        out.push_str(&format!(
            "trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"
        ));
        out.into_bytes()
    }

    #[test]
    fn glyphs_become_positioned_lines() {
        let bytes = pdf(&["The response rate is equivalent", "or superior to placebo."]);
        let pages = pages(&bytes, &Limits::default()).expect("reads");
        assert_eq!(pages.len(), 1);
        let lines = &pages[0].lines;
        assert_eq!(lines.len(), 2, "{lines:?}");
        assert_eq!(lines[0].text, "The response rate is equivalent");
        assert_eq!(lines[1].text, "or superior to placebo.");
        assert!((lines[0].x0 - 72.0).abs() < 0.5, "{lines:?}");
        assert!(lines[1].y0 > lines[0].y0, "y grows downwards: {lines:?}");
        assert_eq!(pages[0].height, 792.0);
    }

    #[test]
    fn inflated_sizes_are_counted_not_kept() {
        use std::io::Write;
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
        z.write_all(&vec![b' '; 1_000_000]).expect("compress");
        let small = z.finish().expect("compress");
        assert!(small.len() < 10_000);
        assert_eq!(inflated_len(&small, u64::MAX), 1_000_000);
        assert_eq!(inflated_len(&small, 1001), 1001);
        assert_eq!(inflated_len(b"not deflate", 1000), 0);
    }

    #[test]
    fn garbage_is_a_failure_not_a_panic() {
        let limits = Limits::default();
        assert!(matches!(
            pages(
                b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer <<>>\n%%EOF",
                &limits
            ),
            Err(Refusal::Fail(_))
        ));
        assert!(matches!(pages(b"%PDF-", &limits), Err(Refusal::Fail(_))));
    }
}
