//! EDGAR full-submission files: SGML `<DOCUMENT>` blocks, each with a `<TYPE>` and a `<TEXT>`
//! body. Press releases are the EX-99 exhibits; each is audited as `file.txt#EX-99.1`.

/// One document of a submission worth auditing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exhibit {
    /// The document type, e.g. `EX-99.1`.
    pub kind: String,
    /// Byte range of the `<TEXT>` body in the submission.
    pub start: usize,
    pub end: usize,
}

/// Whether `text` is an EDGAR submission (or a single SGML-wrapped document of one).
pub fn is_submission(text: &str) -> bool {
    let head = text.get(..text.len().min(4096)).unwrap_or(text);
    let head = head.trim_start_matches('\u{FEFF}').trim_start();
    let tag_line = |tag: &str| head.lines().any(|l| l.trim_start().starts_with(tag));
    head.starts_with("<SEC-DOCUMENT>")
        || head.starts_with("<SEC-HEADER>")
        || head.starts_with("<IMS-DOCUMENT>")
        || (tag_line("<DOCUMENT>") && tag_line("<TYPE>"))
}

/// The value of an SGML line tag (`<TYPE>EX-99.1`) inside `block`.
fn line_value<'a>(block: &'a str, tag: &str) -> Option<&'a str> {
    let at = find(block, tag)? + tag.len();
    let rest = &block[at..];
    Some(rest[..rest.find(['\n', '\r', '<']).unwrap_or(rest.len())].trim())
}

/// Where `needle` first occurs in `haystack`: memchr's SIMD substring search, since a
/// submission's closing tags sit after megabytes of exhibits, graphics and XBRL.
fn find(haystack: &str, needle: &str) -> Option<usize> {
    memchr::memmem::find(haystack.as_bytes(), needle.as_bytes())
}

/// All documents of the submission as (type, body range), in order.
pub fn documents(text: &str) -> Vec<Exhibit> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(rel) = find(&text[from..], "<DOCUMENT>") {
        let start = from + rel;
        let end = find(&text[start..], "</DOCUMENT>").map_or(text.len(), |e| start + e);
        let block = &text[start..end];
        let kind = line_value(block, "<TYPE>").unwrap_or("").to_string();
        if let Some(t) = find(block, "<TEXT>") {
            let body_start = start + t + "<TEXT>".len();
            let body_end = find(&text[body_start..end], "</TEXT>").map_or(end, |e| body_start + e);
            out.push(Exhibit {
                kind,
                start: body_start,
                end: body_end,
            });
        }
        from = end.max(start + 1);
    }
    out
}

/// The press-release exhibits (EX-99.x) of a submission, skipping encoded binaries. A filing
/// without any (a 6-K whose cover document carries the release) yields its first document.
pub fn press_releases(text: &str) -> Vec<Exhibit> {
    let docs: Vec<Exhibit> = documents(text)
        .into_iter()
        .filter(|d| !text[d.start..d.end].trim_start().starts_with("begin "))
        .collect();
    let exhibits: Vec<Exhibit> = docs
        .iter()
        .filter(|d| d.kind.to_ascii_uppercase().starts_with("EX-99"))
        .cloned()
        .collect();
    if exhibits.is_empty() {
        docs.into_iter().take(1).collect()
    } else {
        exhibits
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SUBMISSION: &str = "<SEC-DOCUMENT>0001.txt : 20250101\n<SEC-HEADER>x</SEC-HEADER>\n<DOCUMENT>\n<TYPE>8-K\n<SEQUENCE>1\n<TEXT>\n<html>cover</html>\n</TEXT>\n</DOCUMENT>\n<DOCUMENT>\n<TYPE>EX-99.1\n<SEQUENCE>2\n<FILENAME>ex99.htm\n<TEXT>\n<html><p>Release one.</p></html>\n</TEXT>\n</DOCUMENT>\n<DOCUMENT>\n<TYPE>GRAPHIC\n<TEXT>\nbegin 644 x.jpg\nM..\nend\n</TEXT>\n</DOCUMENT>\n<DOCUMENT>\n<TYPE>EX-99.2\n<TEXT>\nPlain release two.\n</TEXT>\n</DOCUMENT>\n</SEC-DOCUMENT>\n";

    #[test]
    fn finds_press_release_exhibits() {
        assert!(is_submission(SUBMISSION));
        assert!(!is_submission("Just a release.\n"));
        assert!(!is_submission(
            "Notes: files hold `<DOCUMENT><TYPE>EX-99.1` blocks.\n"
        ));
        let ex = press_releases(SUBMISSION);
        let kinds: Vec<&str> = ex.iter().map(|e| e.kind.as_str()).collect();
        assert_eq!(kinds, vec!["EX-99.1", "EX-99.2"]);
        assert!(SUBMISSION[ex[0].start..ex[0].end].contains("Release one."));
        assert_eq!(
            SUBMISSION[ex[1].start..ex[1].end].trim(),
            "Plain release two."
        );
        assert_eq!(documents(SUBMISSION).len(), 4);
    }

    #[test]
    fn a_filing_without_exhibits_yields_its_main_document() {
        let six_k =
            "<DOCUMENT>\n<TYPE>6-K\n<TEXT>\n<html><p>Release.</p></html>\n</TEXT>\n</DOCUMENT>\n";
        let ex = press_releases(six_k);
        assert_eq!(ex.len(), 1);
        assert_eq!(ex[0].kind, "6-K");
    }

    #[test]
    fn truncated_submissions_do_not_panic() {
        let cut = &SUBMISSION[..SUBMISSION.find("Release one").unwrap_or(0)];
        let ex = press_releases(cut);
        assert_eq!(ex.len(), 1);
        assert!(ex[0].end <= cut.len());
    }
}
