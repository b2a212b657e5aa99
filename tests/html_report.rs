//! `--format html`: escaping of hostile input, and the report as a real browser renders it
//! (headless Chromium: the DOM after the page's script ran, a URL-driven filter, a screenshot).
//!
//! The browser tests skip with a notice when no `chromium` is on PATH, unless
//! CLAIMLINT_REQUIRE_E2E=1 (as in CI), where that is a failure. `scripts/install-chromium.sh`
//! installs it.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{run, stderr};

/// A release that tries to inject markup through its text, plus a claim or two so it has
/// findings (and so highlights next to hostile text).
const HOSTILE: &str = "Acme Update <script>document.body.setAttribute('data-pwned','1')</script>\n\n\
BOSTON, March 3, 2025 -- Acme Bio said the drug was well tolerated \"><img src=x onerror=\"document.body.setAttribute('data-pwned','2')\"> and superior to placebo. \
The company expects data in 2026. <script>alert(1)</script>\n";

/// The fixtures: corpus/*.txt and the hostile release written into `dir`.
fn inputs(dir: &Path) -> Vec<PathBuf> {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&corpus)
        .expect("corpus/ is readable")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    paths.sort();
    let hostile = dir.join("hostile-<script>alert(3)<\\script>.txt");
    std::fs::write(&hostile, HOSTILE).expect("write the hostile fixture");
    paths.push(hostile);
    paths
}

fn make_report(dir: &Path, name: &str, paths: &[PathBuf], extra: &[&str]) -> PathBuf {
    let out = dir.join(name);
    let mut args: Vec<String> = vec![
        "check".into(),
        "--no-config".into(),
        "--format".into(),
        "html".into(),
        "-o".into(),
        out.display().to_string(),
    ];
    args.extend(extra.iter().map(|s| s.to_string()));
    args.extend(paths.iter().map(|p| p.display().to_string()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let o = run(&args, None);
    assert_eq!(o.status.code(), Some(1), "findings: exit 1; {}", stderr(&o));
    out
}

/// Findings of the same inputs by category and severity, from the JSON report.
fn expected(paths: &[PathBuf]) -> (BTreeMap<String, usize>, BTreeMap<String, usize>) {
    let mut args = vec!["check", "--no-config", "--format", "json"];
    let owned: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
    args.extend(owned.iter().map(String::as_str));
    let report = common::json(&run(&args, None));
    let mut by_cat = BTreeMap::new();
    let mut by_sev = BTreeMap::new();
    for file in report["files"].as_array().expect("files") {
        for f in file["findings"].as_array().expect("findings") {
            *by_cat
                .entry(f["category"].as_str().unwrap_or_default().to_string())
                .or_insert(0) += 1;
            *by_sev
                .entry(f["severity"].as_str().unwrap_or_default().to_string())
                .or_insert(0) += 1;
        }
    }
    (by_cat, by_sev)
}

#[test]
fn hostile_text_and_paths_render_as_text() {
    let dir = tempfile::tempdir().expect("tempdir");
    let paths = inputs(dir.path());
    for mode in ["full", "context"] {
        let out = make_report(dir.path(), "report.html", &paths, &["--html-text", mode]);
        let html = std::fs::read_to_string(&out).expect("report written");
        let inert = html
            .matches("<script type=\"text/x-claimlint-body\" class=\"lazy\"><div class=\"body\">")
            .count();
        assert_eq!(
            html.matches("<script").count() - inert,
            1,
            "{mode}: only the report's own script element, and inert document bodies"
        );
        assert_eq!(html.matches("<script>").count(), 1, "{mode}");
        assert!(!html.contains("<img"), "{mode}: no image element");
        assert!(!html.contains("data-pwned','1')</script>"), "{mode}");
        assert!(
            html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "{mode}: the text is shown, escaped"
        );
        assert!(
            html.contains("hostile-&lt;script&gt;alert(3)&lt;\\script&gt;.txt"),
            "{mode}: the path is escaped"
        );
        assert!(
            !html.contains("http://") && !html.contains("https://"),
            "{mode}: nothing fetched"
        );
    }
}

#[test]
fn large_runs_default_to_context_excerpts() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("r.html");
    let body = "Acme Update\n\nBOSTON, March 3, 2025 -- Acme Bio expects data in 2026.\n\n";
    let docs = dir.path().join("docs");
    std::fs::create_dir(&docs).expect("mkdir");
    for i in 0..201 {
        let filler = format!("Unremarkable paragraph number {i} of this release.\n\n").repeat(20);
        std::fs::write(docs.join(format!("r{i:03}.txt")), format!("{body}{filler}"))
            .expect("write a release");
    }
    let o = run(
        &[
            "check",
            "--no-config",
            "-q",
            "--format",
            "html",
            "-o",
            &out.display().to_string(),
            &docs.display().to_string(),
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let html = std::fs::read_to_string(&out).expect("report written");
    assert!(html.contains("<body class=\"mode-context\""));
    // Over 200 documents the report is paged: each document's markup is inert until shown.
    assert!(html.contains("<div id=\"doclist\" data-paged=\"100\">"));
    assert_eq!(
        html.matches("<script type=\"text/x-claimlint-doc\" class=\"doc-src\"")
            .count(),
        201
    );
    assert!(!html.contains("class=\"lazy\""), "no nested inert bodies");
    assert!(
        !html.contains("paragraph number 7 of"),
        "filler is left out"
    );
}

// ---- in a real browser ----

fn chromium() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    for dir in std::env::split_paths(&path) {
        for name in ["chromium", "chromium-browser"] {
            let p = dir.join(name);
            if p.is_file() {
                return Some(p);
            }
        }
    }
    None
}

fn browser_or_skip(what: &str) -> Option<PathBuf> {
    match chromium() {
        Some(p) => Some(p),
        None if std::env::var("CLAIMLINT_REQUIRE_E2E").as_deref() == Ok("1") => {
            panic!("{what}: chromium is not installed (run scripts/install-chromium.sh)")
        }
        None => {
            eprintln!(
                "SKIPPED {what}: chromium is not on PATH (scripts/install-chromium.sh installs it)"
            );
            None
        }
    }
}

/// Runs headless Chromium on `url` with `args`, in a fresh profile, with a time limit.
fn chromium_run(browser: &Path, profile: &Path, args: &[&str], url: &str) -> String {
    let mut child = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .arg(url)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromium starts");
    let mut stdout = child.stdout.take().expect("stdout is piped");
    let reader = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = std::io::Read::read_to_string(&mut stdout, &mut s);
        s
    });
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        match child.try_wait() {
            Ok(Some(_)) => break,
            Ok(None) if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(50)),
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                panic!("chromium did not finish within 120 s");
            }
        }
    }
    reader.join().expect("reader thread")
}

/// The opening tags in `dom` that start with `prefix`.
fn tags<'a>(dom: &'a str, prefix: &str) -> Vec<&'a str> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = dom[from..].find(prefix) {
        let start = from + i;
        let end = dom[start..].find('>').map_or(dom.len(), |e| start + e + 1);
        out.push(&dom[start..end]);
        from = end;
    }
    out
}

fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let key = format!(" {name}=\"");
    let at = tag.find(&key)? + key.len();
    tag[at..].find('"').map(|e| &tag[at..at + e])
}

#[test]
fn chromium_renders_highlights_filters_and_a_screenshot() {
    let Some(browser) = browser_or_skip("HTML report in Chromium") else {
        return;
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let paths = inputs(dir.path());
    let report = make_report(dir.path(), "full.html", &paths, &["--html-text", "full"]);
    let (by_cat, by_sev) = expected(&paths);
    let total: usize = by_sev.values().sum();
    let url = format!("file://{}", report.display());

    // The DOM after the script ran.
    let profile = tempfile::tempdir().expect("profile dir");
    let dom = chromium_run(
        &browser,
        profile.path(),
        &["--virtual-time-budget=5000", "--dump-dom"],
        &url,
    );
    assert!(dom.contains("id=\"overview\""), "the page rendered");
    let body = tags(&dom, "<body").into_iter().next().expect("a body");
    assert!(
        !body.contains("data-pwned"),
        "no injected script ran: {body}"
    );
    assert!(tags(&dom, "<img").is_empty(), "no injected element");
    // The overview was moved before the documents.
    let (ov, docs) = (dom.find("id=\"overview\""), dom.find("id=\"documents\""));
    assert!(ov < docs, "overview first in the DOM");

    // Every finding has its highlight (first piece), with its category.
    let firsts: Vec<&str> = tags(&dom, "<mark class=\"hl ")
        .into_iter()
        .filter(|t| attr(t, "id").is_some_and(|id| id.starts_with('f')))
        .collect();
    assert_eq!(firsts.len(), total, "one highlight per finding");
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for t in &firsts {
        let class = attr(t, "class").expect("class");
        let cat = class
            .split(' ')
            .find_map(|c| c.strip_prefix("c-"))
            .expect("a category class");
        *seen.entry(cat.to_string()).or_insert(0) += 1;
        assert!(attr(t, "tabindex").is_some(), "focusable: {t}");
        assert!(attr(t, "aria-describedby").is_some(), "described: {t}");
    }
    assert_eq!(seen, by_cat, "highlights by category match the findings");
    assert!(dom.contains("<span class=\"badge\">Safety</span>"));
    assert!(
        dom.contains("class=\"legend\""),
        "cautionary statements shaded"
    );
    let shown = tags(&dom, "<span id=\"shown\"")
        .into_iter()
        .next()
        .expect("count");
    assert_eq!(
        attr(shown, "data-visible"),
        Some(total.to_string().as_str())
    );

    // The filter from the URL: only error findings stay visible.
    let profile = tempfile::tempdir().expect("profile dir");
    let filtered = chromium_run(
        &browser,
        profile.path(),
        &["--virtual-time-budget=5000", "--dump-dom"],
        &format!("{url}#filter=severity:error"),
    );
    let items = tags(&filtered, "<li class=\"finding ");
    assert_eq!(items.len(), total, "every finding is listed");
    // Visible: a finding not hidden, in a document not hidden.
    let mut visible: Vec<&str> = Vec::new();
    for article in filtered.split("<article ").skip(1) {
        let open = &article[..article.find('>').unwrap_or(article.len())];
        if open.contains(" hidden") {
            continue;
        }
        let body = &article[..article.find("</article>").unwrap_or(article.len())];
        visible.extend(
            tags(body, "<li class=\"finding ")
                .into_iter()
                .filter(|t| !t.contains(" hidden")),
        );
    }
    assert_eq!(visible.len(), by_sev.get("error").copied().unwrap_or(0));
    assert!(visible.iter().all(|t| attr(t, "data-sev") == Some("error")));
    assert!(visible.len() < total, "the filter hid something");
    let shown = tags(&filtered, "<span id=\"shown\"")
        .into_iter()
        .next()
        .expect("count");
    assert_eq!(
        attr(shown, "data-visible"),
        Some(visible.len().to_string().as_str())
    );

    // Context mode: bodies are inert until opened; counts under a filter still hold, and an
    // opened document has its highlights.
    let ctx = make_report(
        dir.path(),
        "context.html",
        &paths,
        &["--html-text", "context"],
    );
    let profile = tempfile::tempdir().expect("profile dir");
    let dom = chromium_run(
        &browser,
        profile.path(),
        &["--virtual-time-budget=5000", "--dump-dom"],
        &format!("file://{}?filter=severity:error&open=d0", ctx.display()),
    );
    let shown = tags(&dom, "<span id=\"shown\"")
        .into_iter()
        .next()
        .expect("count");
    let errors = by_sev.get("error").copied().unwrap_or(0);
    assert_eq!(
        attr(shown, "data-visible"),
        Some(errors.to_string().as_str())
    );
    let d0 = dom.split("<article ").nth(1).expect("a first document");
    assert!(
        d0.contains("<mark class=\"hl "),
        "the opened document is rendered"
    );
    assert!(dom.contains("class=\"lazy\""), "the others stay inert");

    // A screenshot, with a document opened; kept in target/ for a look.
    let png = dir.path().join("report.png");
    let profile = tempfile::tempdir().expect("profile dir");
    chromium_run(
        &browser,
        profile.path(),
        &[
            "--virtual-time-budget=3000",
            &format!("--screenshot={}", png.display()),
            "--window-size=1400,2000",
        ],
        &format!("{url}?open=d0"),
    );
    let bytes = std::fs::read(&png).expect("a screenshot was written");
    assert!(bytes.starts_with(b"\x89PNG"), "a PNG");
    // A blank page compresses to under 10 kB; the report is far busier.
    assert!(
        bytes.len() > 40_000,
        "the screenshot shows a page ({} bytes)",
        bytes.len()
    );
    let keep = Path::new(env!("CARGO_TARGET_TMPDIR")).join("html-report.png");
    let _ = std::fs::copy(&png, &keep);
    eprintln!("screenshot: {}", keep.display());
}

/// The DOM without the inert markup of documents not shown (paged reports).
fn live(dom: &str) -> String {
    let mut out = String::new();
    let mut rest = dom;
    while let Some(i) = rest.find("<script type=\"text/x-claimlint-doc\"") {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        rest = tail
            .find("</script>")
            .map_or("", |e| &tail[e + "</script>".len()..]);
    }
    out.push_str(rest);
    out
}

fn pager_text(dom: &str) -> String {
    let at = dom.find("<span class=\"where\"").expect("a pager");
    let tail = &dom[at..];
    let start = tail.find('>').map_or(0, |i| i + 1);
    let end = tail.find("</span>").unwrap_or(tail.len());
    tail[start..end].to_string()
}

#[test]
fn chromium_pages_a_large_report() {
    let Some(browser) = browser_or_skip("paged HTML report in Chromium") else {
        return;
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let docs = dir.path().join("docs");
    std::fs::create_dir(&docs).expect("mkdir");
    for i in 0..250 {
        let name = if i == 237 {
            "r237-zyxwidget.txt".to_string()
        } else {
            format!("r{i:03}.txt")
        };
        let text = format!(
            "Acme Update {i}\n\nBOSTON, March 3, 2025 -- Acme Bio expects data in 2026. \
             The drug was well tolerated in {i} patients.\n"
        );
        std::fs::write(docs.join(name), text).expect("write a release");
    }
    let report = dir.path().join("paged.html");
    let o = run(
        &[
            "check",
            "--no-config",
            "-q",
            "--format",
            "html",
            "-o",
            &report.display().to_string(),
            &docs.display().to_string(),
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let url = format!("file://{}", report.display());
    let budget = ["--virtual-time-budget=5000", "--dump-dom"];

    // Opened: the first page only, as live articles.
    let profile = tempfile::tempdir().expect("profile dir");
    let dom = live(&chromium_run(&browser, profile.path(), &budget, &url));
    assert_eq!(
        dom.matches("<article ").count(),
        100,
        "one page of documents is built"
    );
    assert_eq!(pager_text(&dom), "Documents 1–100 of 250 · page 1 of 3");
    assert!(dom.contains("data-ready-ms="), "the script ran to the end");

    // A link to a document on the last page goes to that page and opens it.
    let profile = tempfile::tempdir().expect("profile dir");
    let dom = live(&chromium_run(
        &browser,
        profile.path(),
        &budget,
        &format!("{url}#d237"),
    ));
    assert_eq!(pager_text(&dom), "Documents 201–250 of 250 · page 3 of 3");
    assert_eq!(dom.matches("<article ").count(), 50);
    let d237 = dom
        .split("<article ")
        .find(|a| a.contains("id=\"d237\""))
        .expect("d237 built");
    assert!(d237.contains("<details open"), "opened");
    assert!(d237.contains("<mark class=\"hl "), "with its highlights");

    // A search narrows the list before paging; counts follow.
    let profile = tempfile::tempdir().expect("profile dir");
    let dom = live(&chromium_run(
        &browser,
        profile.path(),
        &budget,
        &format!("{url}#filter=q:zyxwidget"),
    ));
    assert_eq!(pager_text(&dom), "Documents 1–1 of 1 · page 1 of 1");
    assert_eq!(dom.matches("<article ").count(), 1);
    assert!(
        dom.contains("findings · 1 of 250 documents</span>"),
        "the count says so"
    );
}
