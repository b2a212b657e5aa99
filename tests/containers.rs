//! Word (.docx) and PDF inputs, end to end through the real binary.
//!
//! Fixtures are made by the tests: flat-ODT documents written here (bold runs, a table, a
//! header and footer, a footnote, tracked changes, a comment, a page break) and releases from
//! `../shared`, converted by LibreOffice (`soffice --headless --convert-to docx|pdf`). Without
//! soffice those tests skip with a notice, unless CLAIMLINT_REQUIRE_E2E=1 (as in CI), where
//! that is a failure; `scripts/install-office.sh` installs it (and poppler's pdftotext).
//! Hostile containers (zip bomb, deep XML, 10,000 pages, broken cross-references, encrypted,
//! image-only) are built byte by byte here and need no outside program.

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{json, run, stderr};

fn require_e2e() -> bool {
    std::env::var("CLAIMLINT_REQUIRE_E2E").as_deref() == Ok("1")
}

fn on_path(program: &str) -> bool {
    Command::new(program)
        .arg("--version")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok()
}

/// soffice, or None with a notice (a failure under CLAIMLINT_REQUIRE_E2E=1).
fn soffice_or_skip(what: &str) -> Option<&'static str> {
    if on_path("soffice") {
        return Some("soffice");
    }
    if require_e2e() {
        panic!("{what}: soffice is not installed (run scripts/install-office.sh)");
    }
    eprintln!("SKIPPED {what}: soffice is not on PATH (scripts/install-office.sh installs it)");
    None
}

fn pdftotext_installed() -> bool {
    Command::new("pdftotext")
        .arg("-v")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok()
}

/// Converts `inputs` to `to` (`docx` or `pdf`) in `out`, in one soffice run with its own
/// profile (so parallel tests do not share one), and returns the converted paths.
fn convert(soffice: &str, inputs: &[PathBuf], to: &str, out: &Path) -> Vec<PathBuf> {
    let profile = out.join(format!("profile-{to}"));
    let status = Command::new(soffice)
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args(["--headless", "--convert-to", to, "--outdir"])
        .arg(out)
        .args(inputs)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("soffice runs");
    assert!(status.success(), "soffice --convert-to {to} failed");
    inputs
        .iter()
        .map(|p| {
            let stem = p.file_stem().expect("a file name").to_string_lossy();
            let converted = out.join(format!("{stem}.{to}"));
            assert!(
                converted.is_file(),
                "soffice made no {}",
                converted.display()
            );
            converted
        })
        .collect()
}

/// Findings as (rule, text with whitespace collapsed), sorted.
fn findings(report: &serde_json::Value) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = common::rules_and_texts(report, 0)
        .into_iter()
        .map(|(r, t)| (r, t.split_whitespace().collect::<Vec<_>>().join(" ")))
        .collect();
    v.sort();
    v
}

fn check_json(path: &Path, extra: &[&str]) -> serde_json::Value {
    let p = path.to_string_lossy();
    let mut args = vec!["check", "--no-config", "-q", "--format", "json"];
    args.extend_from_slice(extra);
    args.push(&p);
    let out = run(&args, None);
    json(&out)
}

fn finding_with<'a>(report: &'a serde_json::Value, text: &str) -> &'a serde_json::Value {
    report["files"][0]["findings"]
        .as_array()
        .and_then(|a| a.iter().find(|f| f["text"] == text))
        .unwrap_or_else(|| panic!("no finding {text:?} in {report:#}"))
}

const FODT_HEAD: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/" office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
<office:automatic-styles>
<style:style style:name="T1" style:family="text"><style:text-properties fo:font-weight="bold"/></style:style>
<style:style style:name="PB" style:family="paragraph"><style:paragraph-properties fo:break-before="page"/></style:style>
<style:page-layout style:name="pm1"><style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm" fo:margin-top="1.5cm" fo:margin-bottom="1.5cm" fo:margin-left="2cm" fo:margin-right="2cm"/><style:header-style><style:header-footer-properties fo:min-height="0.6cm"/></style:header-style><style:footer-style><style:header-footer-properties fo:min-height="0.6cm"/></style:footer-style></style:page-layout>
</office:automatic-styles>
<office:master-styles>
<style:master-page style:name="Standard" style:page-layout-name="pm1">
<style:header><text:p>Halvorsen Bio draft for compliance review</text:p></style:header>
<style:footer><text:p>Confidential</text:p></style:footer>
</style:master-page>
</office:master-styles>
<office:body><office:text>
"#;

const FODT_TAIL: &str = "</office:text></office:body></office:document>\n";

/// A review draft: a claim split across a bold run, a footnote, a table, a comment, a tracked
/// insertion and deletion, and a page break.
fn review_fodt() -> String {
    format!(
        r#"{FODT_HEAD}<text:tracked-changes>
<text:changed-region text:id="ct1"><text:insertion><office:change-info><dc:creator>Writer</dc:creator><dc:date>2025-01-01T00:00:00</dc:date></office:change-info></text:insertion></text:changed-region>
<text:changed-region text:id="ct2"><text:deletion><office:change-info><dc:creator>Writer</dc:creator><dc:date>2025-01-01T00:00:00</dc:date></office:change-info><text:p>well tolerated</text:p></text:deletion></text:changed-region>
</text:tracked-changes>
<text:p>Halvorsen Announces Phase 2 Results</text:p>
<text:p>BOSTON, March 3, 2025 -- Halvorsen Bio, Inc. today announced results. The response rate is equivalent or <text:span text:style-name="T1">superior</text:span> to that of approved therapies.<text:note text:id="n1" text:note-class="footnote"><text:note-citation>1</text:note-citation><text:note-body><text:p>The drug is a breakthrough.</text:p></text:note-body></text:note></text:p>
<text:p>In the study the drug was <text:change-start text:change-id="ct1"/>safe<text:change-end text:change-id="ct1"/><text:change text:change-id="ct2"/> in all patients.<office:annotation><dc:creator>Reviewer</dc:creator><text:p>Is it a miracle cure?</text:p></office:annotation></text:p>
<table:table table:name="Results"><table:table-column table:number-columns-repeated="2"/>
<table:table-row><table:table-cell office:value-type="string"><text:p>Response</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>A best-in-class result.</text:p></table:table-cell></table:table-row>
</table:table>
<text:p text:style-name="PB">We expect to file for approval next year.</text:p>
{FODT_TAIL}"#
    )
}

/// A release laid out over two pages: a long paragraph that runs across the page break, a
/// running header and footer on both pages, a claim split across a bold run.
fn layout_fodt() -> String {
    let filler = "The company reported its quarterly results and described the progress of \
                  its clinical programs in the usual way for such announcements. ";
    let mut body = String::new();
    body.push_str("<text:p>Halvorsen Announces Phase 2 Results</text:p>\n");
    body.push_str(
        "<text:p>BOSTON, March 3, 2025 -- Halvorsen Bio, Inc. today announced results. The \
         response rate is equivalent or <text:span text:style-name=\"T1\">superior</text:span> \
         to that of approved therapies.</text:p>\n",
    );
    for _ in 0..6 {
        body.push_str(&format!("<text:p>{}</text:p>\n", filler.repeat(6)));
    }
    // Runs across the break to page 2: the header of page 2 must not land in this sentence.
    body.push_str(&format!(
        "<text:p>{}The drug was well tolerated and we expect to file for approval next year.</text:p>\n",
        filler.repeat(9)
    ));
    body.push_str("<text:p text:style-name=\"PB\">The product is a breakthrough.</text:p>\n");
    format!("{FODT_HEAD}{body}{FODT_TAIL}")
}

#[test]
fn docx_reads_runs_tables_notes_and_tracked_changes() {
    let Some(soffice) = soffice_or_skip("docx_reads_runs_tables_notes_and_tracked_changes") else {
        return;
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let src = dir.path().join("review.fodt");
    std::fs::write(&src, review_fodt()).expect("write fodt");
    let docx = convert(soffice, &[src], "docx", dir.path()).remove(0);

    let report = check_json(&docx, &[]);
    let file = &report["files"][0];
    assert_eq!(file["container"]["kind"], "docx");
    assert_eq!(file["container"]["offsets"], "extracted");
    assert!(
        file["container"]["notes"][0]
            .as_str()
            .is_some_and(|n| n.contains("1 insertion(s) read as text")),
        "{file:#}"
    );
    // Split across runs of different formatting, still one match.
    let sup = finding_with(&report, "equivalent or superior");
    assert_eq!(sup["offsets"], "extracted");
    assert_eq!(sup["paragraph"], 2);
    assert_eq!(sup["part"], "body");
    assert_eq!(finding_with(&report, "best-in-class")["part"], "table");
    assert_eq!(finding_with(&report, "breakthrough")["part"], "footnote");
    // Accepted reading: the insertion is text, the deletion is not.
    finding_with(&report, "was safe");
    let texts = findings(&report);
    assert!(
        !texts.iter().any(|(_, t)| t.contains("well tolerated")),
        "{texts:?}"
    );
    // Comments are never read.
    assert!(
        !texts
            .iter()
            .any(|(_, t)| t.contains("miracle") || t.contains("cure")),
        "{texts:?}"
    );

    let original = check_json(&docx, &["--tracked-changes", "original"]);
    finding_with(&original, "well tolerated");
    assert!(!findings(&original).iter().any(|(_, t)| t == "was safe"));

    // The human report shows the snippet with its paragraph.
    let p = docx.to_string_lossy();
    let out = run(&["check", "--no-config", "--color", "never", &p], None);
    let human = common::stdout(&out);
    assert!(human.contains("(paragraph 2, extracted text)"), "{human}");
    assert!(human.contains("equivalent or superior"), "{human}");
    assert!(human.contains("note: "), "{human}");
}

#[test]
fn pdf_pages_paragraphs_and_running_headers() {
    let Some(soffice) = soffice_or_skip("pdf_pages_paragraphs_and_running_headers") else {
        return;
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let src = dir.path().join("layout.fodt");
    std::fs::write(&src, layout_fodt()).expect("write fodt");
    let pdf = convert(soffice, &[src], "pdf", dir.path()).remove(0);

    let mut extractors = vec!["builtin"];
    if pdftotext_installed() {
        extractors.push("poppler");
    }
    for extractor in extractors {
        let report = check_json(&pdf, &["--pdf-extractor", extractor]);
        let file = &report["files"][0];
        assert_eq!(file["container"]["kind"], "pdf", "{extractor}: {file:#}");
        let sup = finding_with(&report, "equivalent or superior");
        assert_eq!(sup["page"], 1, "{extractor}");
        assert_eq!(
            finding_with(&report, "breakthrough")["page"],
            3,
            "{extractor}"
        );
        // The sentence that runs across the page break is whole, without the running header.
        let fls = finding_with(&report, "we expect");
        let sentence = fls["sentence"].as_str().unwrap_or_default();
        assert!(
            sentence.contains("The drug was well tolerated and we expect to file"),
            "{extractor}: {sentence}"
        );
        for f in file["findings"].as_array().into_iter().flatten() {
            let s = f["sentence"].as_str().unwrap_or_default();
            assert!(
                !s.contains("compliance review") && !s.contains("Confidential"),
                "{extractor}: running header or footer glued into {s:?}"
            );
        }
    }
}

/// The reference release and a few EDGAR releases, converted to .docx and PDF: the same
/// findings (rules and matched text) as the text itself.
#[test]
fn shared_releases_round_trip_through_docx_and_pdf() {
    let Some(shared) = common::shared_dir("shared_releases_round_trip_through_docx_and_pdf") else {
        return;
    };
    let Some(soffice) = soffice_or_skip("shared_releases_round_trip_through_docx_and_pdf") else {
        return;
    };
    let sources: Vec<PathBuf> = [
        "corpus/000-cellectar-2016-11-11.txt",
        "edgar/001-beyond-cancer-lv-uno-phase1b-israel-approval.txt",
        "edgar/004-philips-value-creation-plan-6k.txt",
        "edgar/009-adobe-q1-fy2023-results.txt",
    ]
    .iter()
    .map(|p| shared.join(p))
    .filter(|p| p.is_file())
    .collect();
    assert!(!sources.is_empty());
    let dir = tempfile::tempdir().expect("tempdir");
    // soffice names outputs by stem: copy so the sources keep their names.
    let docx = convert(soffice, &sources, "docx", dir.path());
    let pdf = convert(soffice, &sources, "pdf", dir.path());
    let mut pdf_extractors = vec!["builtin"];
    if pdftotext_installed() {
        pdf_extractors.push("poppler");
    }
    for (i, src) in sources.iter().enumerate() {
        let want = findings(&check_json(src, &[]));
        assert!(!want.is_empty(), "{}", src.display());
        let got = findings(&check_json(&docx[i], &[]));
        assert_eq!(got, want, "{} as .docx", src.display());
        for extractor in &pdf_extractors {
            let got = findings(&check_json(&pdf[i], &["--pdf-extractor", extractor]));
            assert_eq!(got, want, "{} as PDF ({extractor})", src.display());
        }
    }
}

/// Runs claimlint on one file with a time limit; returns the JSON report.
fn check_bounded(path: &Path, extra: &[&str], limit: Duration) -> serde_json::Value {
    let started = Instant::now();
    let report = check_json(path, extra);
    assert!(
        started.elapsed() < limit,
        "{} took {:?}",
        path.display(),
        started.elapsed()
    );
    report
}

fn zip_of(parts: &[(&str, &[u8])]) -> Vec<u8> {
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut buf);
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .large_file(true);
        for (name, body) in parts {
            z.start_file(*name, opts).expect("zip entry");
            z.write_all(body).expect("zip write");
        }
        z.finish().expect("zip finish");
    }
    buf.into_inner()
}

#[test]
fn hostile_docx_files_are_bounded_and_reported() {
    let dir = tempfile::tempdir().expect("tempdir");
    // 20 MB of one paragraph, a few KB compressed; with --max-file-size 1000000 (below) a
    // container may inflate to 4 MB.
    let mut bomb = b"<w:document xmlns:w=\"w\"><w:body><w:p><w:r><w:t>".to_vec();
    bomb.resize(20 * 1024 * 1024, b'a');
    bomb.extend_from_slice(b"</w:t></w:r></w:p></w:body></w:document>");
    let bomb = zip_of(&[("word/document.xml", &bomb)]);
    let deep = format!(
        "<w:document xmlns:w=\"w\"><w:body>{}{}</w:body></w:document>",
        "<w:p>".repeat(100_000),
        "</w:p>".repeat(100_000)
    );
    let deep = zip_of(&[("word/document.xml", deep.as_bytes())]);
    let cases = [
        ("bomb.docx", bomb, "skipped", "zip bomb"),
        ("deep.docx", deep, "skipped", "nested deeper"),
        (
            "broken.docx",
            b"PK\x03\x04 truncated".to_vec(),
            "error",
            "docx",
        ),
        (
            "legacy.docx",
            b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1".to_vec(),
            "skipped",
            "encrypted",
        ),
    ];
    for (name, bytes, key, reason) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).expect("write");
        let report = check_bounded(
            &path,
            &["--max-file-size", "1000000"],
            Duration::from_secs(60),
        );
        let why = report["files"][0][key].as_str().unwrap_or_default();
        assert!(why.contains(reason), "{name}: {report:#}");
    }
}

/// A PDF with `pages` pages, each showing `text` (none when empty), with a correct
/// cross-reference table unless `break_xref`.
fn pdf_bytes(pages: usize, text: &str, break_xref: bool, encrypt: bool) -> Vec<u8> {
    let mut objects: Vec<String> = Vec::new();
    let kids: Vec<String> = (0..pages).map(|i| format!("{} 0 R", 5 + i)).collect();
    objects.push("<< /Type /Catalog /Pages 2 0 R >>".into());
    objects.push(format!(
        "<< /Type /Pages /Kids [{}] /Count {pages} >>",
        kids.join(" ")
    ));
    objects.push("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".into());
    let content = if text.is_empty() {
        String::new()
    } else {
        format!("BT /F1 12 Tf 72 720 Td ({text}) Tj ET")
    };
    objects.push(format!(
        "<< /Length {} >>\nstream\n{content}\nendstream",
        content.len()
    ));
    for _ in 0..pages {
        objects.push(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents 4 0 R >>"
                .into(),
        );
    }
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{o}\nendobj\n", i + 1).as_bytes());
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for off in offsets {
        let off = if break_xref { off * 7 + 3 } else { off };
        out.extend_from_slice(format!("{off:010} 00000 n \n").as_bytes());
    }
    let encrypt = if encrypt {
        " /Encrypt << /Filter /Standard /V 1 /R 2 /O (x) /U (x) /P -4 >>"
    } else {
        ""
    };
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R{encrypt} >>\nstartxref\n{}\n%%EOF\n",
            objects.len() + 1,
            if break_xref { xref + 11 } else { xref }
        )
        .as_bytes(),
    );
    out
}

/// A one-page PDF whose content stream is `content`, Flate-compressed.
fn flate_pdf(content: &[u8]) -> Vec<u8> {
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    z.write_all(content).expect("compress");
    let stream = z.finish().expect("compress");
    let mut objects: Vec<Vec<u8>> = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [5 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_vec(),
    ];
    let mut s = format!(
        "<< /Length {} /Filter /FlateDecode >>\nstream\n",
        stream.len()
    )
    .into_bytes();
    s.extend_from_slice(&stream);
    s.extend_from_slice(b"\nendstream");
    objects.push(s);
    objects.push(
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents 4 0 R >>".to_vec(),
    );
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(o);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for off in offsets {
        out.extend_from_slice(format!("{off:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

#[test]
fn pdf_decompression_bombs_are_refused_by_the_builtin_reader() {
    let dir = tempfile::tempdir().expect("tempdir");
    // 100 MB of content stream in ~100 KB; with --max-file-size 1000000 streams may inflate
    // to 4 MB in all.
    let mut content = b"BT /F1 12 Tf 72 720 Td (Equivalent or superior.) Tj ET\n".to_vec();
    content.resize(100 * 1024 * 1024, b' ');
    let path = dir.path().join("bomb.pdf");
    std::fs::write(&path, flate_pdf(&content)).expect("write");
    for extractor in ["builtin", "auto"] {
        let report = check_bounded(
            &path,
            &["--pdf-extractor", extractor, "--max-file-size", "1000000"],
            Duration::from_secs(60),
        );
        let why = report["files"][0]["skipped"].as_str().unwrap_or_default();
        assert!(
            why.contains("decompression bomb"),
            "{extractor}: {report:#}"
        );
    }
    // The same text, compressed and small, is read.
    let path = dir.path().join("small.pdf");
    std::fs::write(&path, flate_pdf(&content[..4096])).expect("write");
    let report = check_json(&path, &["--pdf-extractor", "builtin"]);
    assert!(report["files"][0]["container"].is_object(), "{report:#}");
}

#[test]
fn hostile_pdfs_are_bounded_and_reported() {
    let dir = tempfile::tempdir().expect("tempdir");
    let claim = "The drug is equivalent or superior to approved therapies.";
    let cases: Vec<(&str, Vec<u8>, &str, &str)> = vec![
        (
            "pages.pdf",
            pdf_bytes(10_000, claim, false, false),
            "skipped",
            "pages",
        ),
        (
            "scan.pdf",
            pdf_bytes(2, "", false, false),
            "skipped",
            "text layer",
        ),
        (
            "locked.pdf",
            pdf_bytes(1, claim, false, true),
            "skipped",
            "encrypted",
        ),
        (
            "garbage.pdf",
            b"%PDF-1.7\n\x00\x01garbage".to_vec(),
            "error",
            "",
        ),
    ];
    let mut extractors = vec!["builtin"];
    if pdftotext_installed() {
        extractors.push("poppler");
    }
    for extractor in &extractors {
        for (name, bytes, key, reason) in &cases {
            let path = dir.path().join(name);
            std::fs::write(&path, bytes).expect("write");
            let report = check_bounded(
                &path,
                &["--pdf-extractor", extractor],
                Duration::from_secs(60),
            );
            let file = &report["files"][0];
            let why = file[*key].as_str();
            assert!(
                why.is_some_and(|w| w.contains(reason)),
                "{extractor} {name}: expected {key} with {reason:?}: {file:#}"
            );
        }
        // A broken cross-reference table: read anyway (readers rebuild it) or reported, never
        // a crash or a hang.
        let path = dir.path().join("xref.pdf");
        std::fs::write(&path, pdf_bytes(3, claim, true, false)).expect("write");
        let out = run(
            &[
                "check",
                "--no-config",
                "-q",
                "--format",
                "json",
                "--pdf-extractor",
                extractor,
                &path.to_string_lossy(),
            ],
            None,
        );
        assert!(
            matches!(out.status.code(), Some(0..=2)),
            "{extractor} xref.pdf: {:?} {}",
            out.status,
            stderr(&out)
        );
        json(&out);
    }
}

/// A hand-made one-page PDF is read, and its finding carries the page, in every format.
#[test]
fn pdf_findings_carry_the_page_in_every_format() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("one.pdf");
    std::fs::write(
        &path,
        pdf_bytes(
            1,
            "The drug is equivalent or superior to approved therapies.",
            false,
            false,
        ),
    )
    .expect("write");
    let p = path.to_string_lossy().to_string();
    let report = check_json(&path, &["--pdf-extractor", "builtin"]);
    assert_eq!(report["files"][0]["container"]["extractor"], "builtin");
    assert_eq!(finding_with(&report, "equivalent or superior")["page"], 1);

    let args = |format: &'static str| {
        vec![
            "check",
            "--no-config",
            "-q",
            "--pdf-extractor",
            "builtin",
            "--format",
            format,
        ]
    };
    let mut a = args("ndjson");
    a.push(&p);
    let nd = common::stdout(&run(&a, None));
    assert!(
        nd.lines()
            .any(|l| l.contains("\"page\":1") && l.contains("\"offsets\":\"extracted\"")),
        "{nd}"
    );
    let mut a = args("sarif");
    a.push(&p);
    let sarif: serde_json::Value =
        serde_json::from_str(&common::stdout(&run(&a, None))).expect("SARIF is JSON");
    let result = &sarif["runs"][0]["results"][0];
    assert_eq!(result["properties"]["page"], 1, "{result:#}");
    assert!(
        result["locations"][0]["physicalLocation"]
            .get("region")
            .is_none()
    );
    let mut a = args("csv");
    a.push(&p);
    let csv = common::stdout(&run(&a, None));
    assert!(csv.contains("one.pdf#page=1"), "{csv}");
    let mut a = args("github");
    a.push(&p);
    let gh = common::stdout(&run(&a, None));
    assert!(gh.contains("page 1: "), "{gh}");

    // Walking a directory picks up .pdf and .docx files.
    let out = run(
        &[
            "check",
            "--no-config",
            "-q",
            "--pdf-extractor",
            "builtin",
            "--format",
            "json",
            &dir.path().to_string_lossy(),
        ],
        None,
    );
    let walked = json(&out);
    assert_eq!(
        walked["files"].as_array().map(Vec::len),
        Some(1),
        "{walked:#}"
    );

    // Baselines work the same: a recorded finding is not reported again.
    let baseline = dir.path().join("baseline.json");
    let b = baseline.to_string_lossy().to_string();
    let rec = run(
        &[
            "baseline",
            "create",
            "--no-config",
            "--pdf-extractor",
            "builtin",
            "-o",
            &b,
            &p,
        ],
        None,
    );
    assert!(rec.status.success(), "{}", stderr(&rec));
    let again = check_json(&path, &["--pdf-extractor", "builtin", "--baseline", &b]);
    assert_eq!(
        again["files"][0]["findings"].as_array().map(Vec::len),
        Some(0),
        "{again:#}"
    );
}
