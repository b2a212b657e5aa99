//! Input formats and encodings, through the real binary: every finding's `start`/`end` are
//! byte offsets into the file as it is on disk, and `text` is exactly those bytes (decoded).

mod common;

use common::{json, run, shared_dir};

fn check_file(path: &std::path::Path) -> serde_json::Value {
    let o = run(
        &[
            "check",
            "--no-config",
            "--format",
            "json",
            path.to_str().unwrap_or(""),
        ],
        None,
    );
    json(&o)
}

fn finding<'a>(report: &'a serde_json::Value, file: usize, rule: &str) -> &'a serde_json::Value {
    report["files"][file]["findings"]
        .as_array()
        .and_then(|a| a.iter().find(|f| f["rule"] == rule))
        .unwrap_or_else(|| panic!("no {rule} finding in {report:#}"))
}

fn span(f: &serde_json::Value) -> (usize, usize) {
    (
        f["start"].as_u64().unwrap_or(0) as usize,
        f["end"].as_u64().unwrap_or(0) as usize,
    )
}

#[test]
fn html_with_entities_and_tags_inside_a_phrase() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("release.html");
    let html = "<html><head><title>Acme</title><script>var s = 'superior to placebo';</script></head>\n<body><p>Acme&rsquo;s drug was equivalent or <b>superior</b> to&nbsp;approved drugs.</p>\n<p>It was <i>well</i>-tolerated &amp; safe.</p></body></html>\n";
    std::fs::write(&path, html).expect("write");
    let report = check_file(&path);
    let cmp = finding(&report, 0, "comparative/superiority");
    let (s, e) = span(cmp);
    assert_eq!(&html[s..e], "equivalent or <b>superior");
    assert_eq!(cmp["text"], "equivalent or <b>superior");
    assert_eq!(cmp["line"], 2);
    // The sentence is context for people: the text as read, not the markup.
    assert_eq!(
        cmp["sentence"],
        "Acme’s drug was equivalent or superior to approved drugs."
    );
    let tol = finding(&report, 0, "safety/tolerability-claim");
    let (s, e) = span(tol);
    assert_eq!(&html[s..e], "well</i>-tolerated");
    // Nothing from the script or title.
    let n = report["files"][0]["findings"]
        .as_array()
        .map_or(0, Vec::len);
    let in_script = report["files"][0]["findings"]
        .as_array()
        .is_some_and(|a| a.iter().any(|f| f["start"].as_u64().unwrap_or(0) < 100));
    assert!(n >= 2 && !in_script, "{report:#}");
}

#[test]
fn edgar_submission_audits_press_release_exhibits() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("0001-submission.txt");
    let sub = "<SEC-DOCUMENT>0001.txt : 20250101\n<SEC-HEADER>0001.hdr.sgml\nCOMPANY: ACME BIO\n</SEC-HEADER>\n<DOCUMENT>\n<TYPE>8-K\n<SEQUENCE>1\n<TEXT>\n<html><p>The registrant is superior to everyone.</p></html>\n</TEXT>\n</DOCUMENT>\n<DOCUMENT>\n<TYPE>EX-99.1\n<SEQUENCE>2\n<FILENAME>ex99.htm\n<TEXT>\n<html><body><p>Acme Bio said its drug was well tolerated.</p></body></html>\n</TEXT>\n</DOCUMENT>\n<DOCUMENT>\n<TYPE>EX-99.2\n<SEQUENCE>3\n<TEXT>\nAcme Bio expects its therapy to be a breakthrough.\n</TEXT>\n</DOCUMENT>\n</SEC-DOCUMENT>\n";
    std::fs::write(&path, sub).expect("write");
    let report = check_file(&path);
    let names: Vec<String> = report["files"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|f| f["path"].as_str().unwrap_or("").to_string())
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(names.len(), 2, "{names:?}");
    assert!(
        names[0].ends_with("0001-submission.txt#EX-99.1"),
        "{names:?}"
    );
    assert!(
        names[1].ends_with("0001-submission.txt#EX-99.2"),
        "{names:?}"
    );
    let tol = finding(&report, 0, "safety/tolerability-claim");
    let (s, e) = span(tol);
    assert_eq!(&sub[s..e], "well tolerated");
    let hype = finding(&report, 1, "promotional/hype");
    let (s, e) = span(hype);
    assert_eq!(&sub[s..e], "breakthrough");
    // The 8-K cover document is not a press release.
    let all = serde_json::to_string(&report).unwrap_or_default();
    assert!(!all.contains("everyone"));
}

#[test]
fn windows_1252_offsets_are_file_bytes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("latin.txt");
    let bytes = b"Acme caf\xe9 \x93news\x94: the drug was well tolerated.\n".to_vec();
    std::fs::write(&path, &bytes).expect("write");
    let report = check_file(&path);
    let tol = finding(&report, 0, "safety/tolerability-claim");
    let (s, e) = span(tol);
    assert_eq!(&bytes[s..e], b"well tolerated");
    assert_eq!(tol["column"], 32);
}

#[test]
fn utf16_offsets_are_file_bytes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("utf16.txt");
    let text = "Caf\u{e9} 😀 news: the drug was well tolerated.\n";
    let mut bytes = vec![0xFF, 0xFE];
    for u in text.encode_utf16() {
        bytes.extend_from_slice(&u.to_le_bytes());
    }
    std::fs::write(&path, &bytes).expect("write");
    let report = check_file(&path);
    let tol = finding(&report, 0, "safety/tolerability-claim");
    let (s, e) = span(tol);
    let expected: Vec<u8> = "well tolerated"
        .encode_utf16()
        .flat_map(|u| u.to_le_bytes())
        .collect();
    assert_eq!(&bytes[s..e], expected.as_slice());
    assert_eq!(tol["text"], "well tolerated");
}

#[test]
fn utf8_bom_is_ignored_and_offsets_count_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("bom.txt");
    let text = "\u{FEFF}The drug was well tolerated.\n";
    std::fs::write(&path, text).expect("write");
    let report = check_file(&path);
    let tol = finding(&report, 0, "safety/tolerability-claim");
    let (s, e) = span(tol);
    assert_eq!(&text[s..e], "well tolerated");
}

#[test]
fn real_edgar_files_are_audited() {
    let Some(dir) = shared_dir("EDGAR input sweep") else {
        return;
    };
    let o = run(
        &[
            "check",
            "--no-config",
            "--format",
            "json",
            dir.join("edgar").to_str().unwrap_or(""),
        ],
        None,
    );
    let report = json(&o);
    let files = report["files"].as_array().cloned().unwrap_or_default();
    let names: Vec<&str> = files
        .iter()
        .map(|f| f["path"].as_str().unwrap_or(""))
        .collect();
    assert!(
        names
            .iter()
            .any(|n| n.ends_with("003-abvc-biopharma-fy2024-results-8k.submission.txt#EX-99.1")),
        "{names:?}"
    );
    for f in &files {
        assert!(f.get("error").is_none(), "{f:#}");
    }
    // Offsets point at the original bytes: the reported text is what the file holds there.
    for f in &files {
        let path = f["path"].as_str().unwrap_or("");
        let file = path.split('#').next().unwrap_or(path);
        let Ok(bytes) = std::fs::read(file) else {
            continue;
        };
        for x in f["findings"].as_array().cloned().unwrap_or_default() {
            let (s, e) = span(&x);
            let original = String::from_utf8_lossy(&bytes[s..e]);
            assert_eq!(original, x["text"].as_str().unwrap_or(""), "{path}");
        }
    }
}

/// (rule, matched text with whitespace collapsed) of every finding of a file entry.
fn signature(file: &serde_json::Value) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = file["findings"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|f| {
            let text = f["text"].as_str().unwrap_or("");
            // HTML spans include the markup between words; compare the words only.
            let words = claimlint_words(text);
            (f["rule"].as_str().unwrap_or("").to_string(), words)
        })
        .collect();
    v.sort();
    v
}

fn claimlint_words(text: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in text.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    // Entities and punctuation become spaces, so `&#8217;` and `’` compare equal.
    let mut plain = String::new();
    let mut entity = false;
    for c in out.chars() {
        match c {
            '&' => entity = true,
            ';' if entity => {
                entity = false;
                plain.push(' ');
            }
            _ if entity && (c.is_ascii_alphanumeric() || c == '#') => {}
            _ => {
                entity = false;
                plain.push(if c.is_alphanumeric() { c } else { ' ' });
            }
        }
    }
    plain.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn original_html_and_submissions_match_their_text_renderings() {
    let Some(dir) = shared_dir("HTML/EDGAR vs text rendering") else {
        return;
    };
    let o = run(
        &[
            "check",
            "--no-config",
            "--format",
            "json",
            dir.join("edgar").to_str().unwrap_or(""),
        ],
        None,
    );
    let report = json(&o);
    let files = report["files"].as_array().cloned().unwrap_or_default();
    let mut compared = 0;
    for original in &files {
        let path = original["path"].as_str().unwrap_or("");
        let file = path.split('#').next().unwrap_or(path);
        let Some(stem) = file
            .strip_suffix(".submission.txt")
            .or_else(|| file.strip_suffix(".html"))
            .or_else(|| file.strip_suffix(".htm"))
        else {
            continue;
        };
        let rendering = format!("{stem}.txt");
        let Some(text) = files.iter().find(|f| f["path"] == rendering.as_str()) else {
            continue;
        };
        assert_eq!(
            signature(original),
            signature(text),
            "{path} vs {rendering}"
        );
        compared += 1;
    }
    assert!(compared >= 9, "compared {compared}");
    // The issuer-name check stays precise on real filings.
    for f in &files {
        let n = f["findings"].as_array().map_or(0, |a| {
            a.iter()
                .filter(|x| {
                    x["rule"] == "consistency/issuer-name" || x["rule"] == "consistency/ticker"
                })
                .count()
        });
        assert_eq!(n, 0, "{}", f["path"]);
    }
}

#[cfg(unix)]
#[test]
fn symlink_loops_and_dangling_links_are_reported_and_the_run_goes_on() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    std::fs::create_dir_all(root.join("a")).expect("mkdir");
    std::fs::write(root.join("a/good.txt"), "The drug was well tolerated.\n").expect("write");
    std::os::unix::fs::symlink(root, root.join("a/loop")).expect("symlink");
    std::os::unix::fs::symlink(root.join("nowhere.txt"), root.join("a/dangling.txt"))
        .expect("symlink");
    let o = run(
        &[
            "check",
            "--no-config",
            "--format",
            "json",
            root.to_str().unwrap_or(""),
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(2), "errors for the bad entries");
    let report = json(&o);
    let files = report["files"].as_array().cloned().unwrap_or_default();
    let errors: Vec<String> = files
        .iter()
        .filter_map(|f| {
            f["error"]
                .as_str()
                .map(|e| format!("{}: {e}", f["path"].as_str().unwrap_or("")))
        })
        .collect();
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(errors.iter().any(|e| e.contains("loop")), "{errors:?}");
    assert!(
        errors.iter().any(|e| e.contains("dangling.txt")),
        "{errors:?}"
    );
    let good = files
        .iter()
        .find(|f| f["path"].as_str().is_some_and(|p| p.ends_with("good.txt")));
    assert_eq!(
        good.map(|f| f["findings"][0]["rule"].clone()),
        Some(serde_json::json!("safety/tolerability-claim"))
    );
}
