//! Invariant checks for fuzzing: each `check_*` function runs one stage of the pipeline on
//! arbitrary bytes and asserts what must hold for any input. The fuzz targets in `fuzz/` call
//! them under libFuzzer (nightly), and `tests/fuzz_regressions.rs` replays every committed
//! seed and every crash found through them on stable, so `cargo test` catches regressions.
//!
//! Panicking on a violated invariant is the point here: this module is never on a path of the
//! command-line tool or the language server.

use std::sync::{Arc, OnceLock};

use lsp_server::{Connection, Message};

use crate::config::Config;
use crate::document::{Document, blocks, sentences};
use crate::engine::Engine;
use crate::input::{self, Format, Loaded, edgar, html, markdown};
use crate::rulebook::{self, RuleSource};
use crate::text::{Normalized, OffsetMap};

/// The embedded rulebook's engine, built once per process.
pub fn engine() -> &'static Arc<Engine> {
    static ENGINE: OnceLock<Arc<Engine>> = OnceLock::new();
    ENGINE.get_or_init(
        || match crate::cli::build_engine(&Config::none(), &[], true) {
            Ok(e) => Arc::new(e),
            Err(report) => panic!("the embedded rulebook does not load: {report:?}"),
        },
    )
}

fn assert_range(what: &str, text: &str, start: usize, end: usize) {
    assert!(
        start <= end && end <= text.len(),
        "{what}: range {start}..{end} outside text of {} bytes",
        text.len()
    );
    assert!(
        text.is_char_boundary(start) && text.is_char_boundary(end),
        "{what}: range {start}..{end} not on char boundaries"
    );
}

/// Checks a map from `derived` to `source`: every character of `derived` maps to a range of
/// `source` on char boundaries, and the ranges move forward through the source.
fn check_map(what: &str, map: &OffsetMap, derived: &str, source: &str) {
    assert!(
        map.source_len() <= source.len(),
        "{what}: source length {} > {}",
        map.source_len(),
        source.len()
    );
    let mut last_start = 0;
    for (i, c) in derived.char_indices() {
        let (s, e) = map.to_source(i, i + c.len_utf8());
        assert_range(what, source, s, e);
        assert!(
            s >= last_start,
            "{what}: char {i} maps to {s}, before the previous char's {last_start}"
        );
        last_start = s;
    }
    let (s, e) = map.to_source(0, derived.len());
    assert_range(what, source, s, e);
}

/// Typographic folding: offsets map back to whole source characters, each folded character is
/// the folding of the source it maps to, and whole-character ranges round-trip.
pub fn check_normalize(data: &[u8]) {
    let source = String::from_utf8_lossy(data);
    let n = Normalized::new(&source);
    let text = n.as_str();
    check_map("normalize", n.map(), text, &source);
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for (k, &(i, c)) in chars.iter().enumerate() {
        let (s, e) = n.to_source(i, i + c.len_utf8());
        let refolded = Normalized::new(&source[s..e]);
        assert_eq!(
            refolded.as_str(),
            c.to_string(),
            "normalize: char {i} {c:?} maps to {:?}",
            &source[s..e]
        );
        // Round trip: a range of whole folded characters, mapped to the source and back.
        for &(j, d) in chars.iter().skip(k).take(4) {
            let end = j + d.len_utf8();
            let (s, e) = n.to_source(i, end);
            assert_eq!(
                n.from_source(s, e),
                (i, end),
                "normalize: {i}..{end} -> {s}..{e} does not map back"
            );
        }
    }
    // Any source range maps to a range of whole folded characters.
    let bounds: Vec<usize> = source
        .char_indices()
        .map(|(i, _)| i)
        .chain([source.len()])
        .collect();
    for (k, &a) in bounds.iter().enumerate() {
        for &b in bounds.iter().skip(k).take(3) {
            let (s, e) = n.from_source(a, b);
            assert_range("normalize from_source", text, s, e);
        }
    }
}

/// Blocks, sentences, sections and quotations: ranges inside the text, on char boundaries,
/// in order, sentences inside their block.
pub fn check_segment(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    check_document(&Document::new(&text));
    check_document(&Document::in_section(
        &text,
        crate::rulebook::Section::SafeHarbor,
    ));
    let mut spans = Vec::new();
    sentences::split_into(&text, 0, &mut spans);
    let mut prev = 0;
    for &(s, e) in &spans {
        assert_range("sentence", &text, s, e);
        assert!(s >= prev, "sentences out of order");
        prev = e;
    }
    for b in blocks::split(&text) {
        assert_range("block", &text, b.start, b.end);
    }
}

fn check_document(doc: &Document<'_>) {
    let text = doc.source;
    let mut prev = 0;
    for b in &doc.blocks {
        assert_range("block", text, b.start, b.end);
        assert!(b.start >= prev, "blocks out of order");
        prev = b.end;
    }
    assert_eq!(doc.block_sections.len(), doc.blocks.len());
    let mut prev = 0;
    for s in &doc.sentences {
        assert_range("sentence", text, s.start, s.end);
        assert!(s.start >= prev, "sentences out of order or overlapping");
        prev = s.end;
        let block = &doc.blocks[s.block];
        assert!(
            block.start <= s.start && s.end <= block.end,
            "sentence {}..{} outside its block {}..{}",
            s.start,
            s.end,
            block.start,
            block.end
        );
    }
    for q in &doc.quotes {
        assert_range("quote", text, q.start, q.end);
        if let Some((a, b)) = q.attribution {
            assert_range("quote attribution", text, a, b);
        }
    }
    if let Some(d) = &doc.dateline {
        assert_range("dateline", text, d.start, d.end);
    }
    for &l in &doc.legend {
        assert!(l < doc.blocks.len(), "legend block out of range");
    }
    let _ = doc.legend_text();
}

/// Which file name a fuzz input is read under (its first byte chooses), so every format's
/// path through [`input::prepare`] is exercised.
fn name_and_body(data: &[u8]) -> (&'static str, &[u8]) {
    const NAMES: [&str; 4] = ["fuzz.txt", "fuzz.md", "fuzz.html", "fuzz"];
    match data.split_first() {
        Some((&b, rest)) => (NAMES[usize::from(b) % NAMES.len()], rest),
        None => ("fuzz.txt", data),
    }
}

/// The whole pipeline on a file's bytes: decode, format, units, normalise, scan, place. Every
/// finding's span is inside the decoded text and on its char boundaries, its sentence holds
/// it, and the file bytes it maps to are exactly the reported text (decoded the same way).
pub fn check_scan(data: &[u8]) {
    let engine = engine();
    let (name, body) = name_and_body(data);
    check_normalize(body);
    let Loaded::Ready(prepared) = input::prepare(name, body.to_vec()) else {
        return;
    };
    let decoded = &prepared.decoded;
    if let Some(map) = &decoded.to_file {
        assert_eq!(map.source_len(), body.len(), "decode map: file length");
    }
    for unit in &prepared.units {
        let text = unit.text(decoded);
        if let Some(x) = &unit.extracted {
            check_map("unit", &x.to_decoded, &x.text, &decoded.text);
        }
        let doc = Document::new(text);
        check_document(&doc);
        let mut findings = engine.audit(&doc);
        for f in &findings {
            assert_range("finding in unit", text, f.start, f.end);
            assert_range("finding sentence in unit", text, f.sentence.0, f.sentence.1);
            assert!(f.start < f.end, "empty finding {f:?}");
            assert!(
                f.sentence.0 <= f.start && f.end <= f.sentence.1,
                "finding outside its sentence"
            );
        }
        unit.to_decoded(&mut findings);
        for f in &findings {
            assert_range("finding", &decoded.text, f.start, f.end);
            let reported = &decoded.text[f.start..f.end];
            let (s, e) = match &decoded.to_file {
                Some(map) => map.to_source(f.start, f.end),
                None => (f.start, f.end),
            };
            assert!(s <= e && e <= body.len(), "file span {s}..{e} outside file");
            let original = &body[s..e];
            match &decoded.to_file {
                None => assert_eq!(reported.as_bytes(), original, "reported text"),
                Some(_) => {
                    let enc = encoding_rs::Encoding::for_label(decoded.encoding.as_bytes())
                        .unwrap_or(encoding_rs::WINDOWS_1252);
                    let (again, _) = enc.decode_without_bom_handling(original);
                    assert_eq!(reported, again, "reported text vs file bytes {s}..{e}");
                }
            }
        }
    }
}

/// HTML and Markdown extraction: the map covers the source, every extracted character maps
/// to whole source characters in order, and copied characters are the source's own.
pub fn check_html(data: &[u8]) {
    let source = String::from_utf8_lossy(data);
    for (what, x) in [
        ("html", html::extract(&source)),
        ("markdown", markdown::extract(&source)),
    ] {
        check_map(what, &x.map, &x.text, &source);
        let _ = html::looks_like_html(&source);
        // The extracted text goes through the scanner exactly as a file would.
        let doc = Document::new(&x.text);
        check_document(&doc);
    }
}

/// EDGAR splitting: document and exhibit ranges inside the submission on char boundaries, and
/// each unit's map (through HTML extraction of an HTML exhibit) back into the submission.
pub fn check_edgar(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let _ = edgar::is_submission(&text);
    for d in edgar::documents(&text) {
        assert_range("edgar document", &text, d.start, d.end);
    }
    let exhibits = edgar::press_releases(&text);
    for d in &exhibits {
        assert_range("edgar exhibit", &text, d.start, d.end);
    }
    let units = input::units("fuzz.txt", Format::Edgar, &text).unwrap_or_default();
    assert_eq!(units.len(), exhibits.len(), "one unit per exhibit");
    let mut names: Vec<&str> = units.iter().map(|u| u.name.as_str()).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), units.len(), "unit names are unique");
    for unit in &units {
        if let Some(x) = &unit.extracted {
            check_map("edgar unit", &x.to_decoded, &x.text, &text);
        }
    }
}

/// Rulebook loading: any text either loads (and then compiles and scans) or is refused with
/// diagnostics that render. A NUL byte separates files, so cross-file checks run too.
pub fn check_rulebook(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let sources: Vec<RuleSource> = text
        .split('\0')
        .enumerate()
        .map(|(i, t)| RuleSource::new(format!("fuzz{i}.yaml"), t))
        .collect();
    match rulebook::load(&sources) {
        Ok(book) => {
            if let Ok(engine) = Engine::new(book) {
                let _ = engine.audit_text("We expect the drug to be safe and effective.\n");
                let _ = crate::selftest::run(&engine, |_| true);
            }
        }
        Err(err) => {
            let report = miette::Report::new(err);
            let mut out = String::new();
            let handler = miette::GraphicalReportHandler::new_themed(
                miette::GraphicalTheme::unicode_nocolor(),
            );
            let _ = handler.render_report(&mut out, report.as_ref());
        }
    }
}

/// The language server's message handling. The input is read twice: as a raw stream through
/// the framing reader (broken framing must end the stream, never panic), and as one JSON
/// body per line, framed properly and served after a valid `initialize` on the real server
/// loop. No handler may fail (an InternalError answer means one panicked).
pub fn check_lsp(data: &[u8]) {
    let (raw_tx, raw_rx) = crossbeam_channel::unbounded();
    let (msg_tx, msg_rx) = crossbeam_channel::unbounded();
    let _ = crate::lsp::transport::read_loop(&mut &data[..], &msg_tx, &raw_tx);
    drop((raw_rx, msg_rx));

    let mut framed = Vec::new();
    let init = br#"{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"processId":null,"rootUri":null,"capabilities":{"general":{"positionEncodings":["utf-8","utf-16"]}}}}"#;
    let initialized = br#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#;
    for body in [&init[..], &initialized[..]]
        .into_iter()
        .chain(data.split(|&b| b == b'\n'))
    {
        framed.extend_from_slice(format!("Content-Length: {}\r\n\r\n", body.len()).as_bytes());
        framed.extend_from_slice(body);
    }
    let (to_server, from_client) = crossbeam_channel::unbounded();
    let (errors_tx, errors_rx) = crossbeam_channel::unbounded();
    let _ = crate::lsp::transport::read_loop(&mut &framed[..], &to_server, &errors_tx);
    drop(to_server);
    drop(errors_rx);
    let (to_client, client_rx) = crossbeam_channel::unbounded();
    let conn = Connection {
        sender: to_client,
        receiver: from_client,
    };
    let _ = crate::lsp::serve_with(conn, Arc::clone(engine()));
    for msg in client_rx.try_iter() {
        if let Message::Response(r) = msg
            && let Err(e) = r.response_result
        {
            assert_ne!(
                e.code,
                lsp_server::ErrorCode::InternalError as i32,
                "a handler failed: {}",
                e.message
            );
        }
    }
}
