//! Hostile inputs, generated at test time (nothing large is committed): each case runs the
//! binary on a directory holding the hostile file beside an ordinary release, and checks the
//! exit code, the per-file message, that the ordinary release is still audited, that nothing
//! panicked, and (where `/usr/bin/time` is installed) the peak memory. RELIABILITY.md has the
//! table of observed behaviour.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// A release with one forward-looking finding (and no cautionary statement).
const GOOD: &str = "Acme expects revenue to grow next year.\n";

struct Run {
    code: i32,
    stderr: String,
    /// JSON report entries by path.
    files: BTreeMap<String, serde_json::Value>,
    /// Peak resident memory in KiB, when /usr/bin/time is available.
    max_rss_kb: Option<u64>,
}

impl Run {
    fn entry(&self, suffix: &str) -> &serde_json::Value {
        self.files
            .iter()
            .find(|(p, _)| p.ends_with(suffix))
            .map(|(_, v)| v)
            .unwrap_or_else(|| panic!("no entry for {suffix} in {:?}", self.files.keys()))
    }

    /// The ordinary release beside the hostile input was audited as usual.
    fn good_audited(&self) {
        let good = self.entry("good.txt");
        let rules: Vec<&str> = good["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .filter_map(|f| f["rule"].as_str())
            .collect();
        assert!(
            rules.contains(&"forward-looking/expectation"),
            "good.txt not audited: {good}"
        );
        assert!(!self.stderr.contains("panicked"), "{}", self.stderr);
    }
}

/// `claimlint check --format json -q? ARGS` in `dir`, with peak memory when measurable.
fn check(dir: &Path, args: &[&str]) -> Run {
    let time = Path::new("/usr/bin/time");
    let mut cmd = if time.exists() {
        let mut c = Command::new(time);
        c.args(["-f", "MAXRSS %M"])
            .arg(env!("CARGO_BIN_EXE_claimlint"));
        c
    } else {
        Command::new(env!("CARGO_BIN_EXE_claimlint"))
    };
    cmd.args(["check", "--no-config", "--format", "json"])
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null());
    let out = cmd.output().expect("claimlint runs");
    let mut stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let mut max_rss_kb = None;
    if let Some(at) = stderr.rfind("MAXRSS ") {
        max_rss_kb = stderr[at + 7..].trim().parse().ok();
        stderr.truncate(at);
    }
    let report: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("no JSON report ({e}); stderr:\n{stderr}"));
    let files = report["files"]
        .as_array()
        .expect("files")
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap_or_default().to_string(),
                f.clone(),
            )
        })
        .collect();
    Run {
        code: out.status.code().unwrap_or(-1),
        stderr,
        files,
        max_rss_kb,
    }
}

fn dir_with_good() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("good.txt"), GOOD).expect("write");
    dir
}

fn assert_rss_below(run: &Run, mib: u64) {
    match run.max_rss_kb {
        Some(kb) => assert!(kb < mib * 1024, "peak memory {kb} KiB over {mib} MiB"),
        None => eprintln!("NOTE: /usr/bin/time is absent, peak memory not measured"),
    }
}

fn findings_of<'a>(run: &'a Run, suffix: &str) -> Vec<(&'a str, &'a str)> {
    run.entry(suffix)["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap_or_default(),
                f["text"].as_str().unwrap_or_default(),
            )
        })
        .collect()
}

#[test]
fn empty_and_whitespace_only_files() {
    let dir = dir_with_good();
    std::fs::write(dir.path().join("empty.txt"), "").expect("write");
    std::fs::write(dir.path().join("blank.txt"), " \n\t\r\n \u{A0}\r  \n").expect("write");
    let run = check(dir.path(), &["."]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    run.good_audited();
    for f in ["empty.txt", "blank.txt"] {
        let e = run.entry(f);
        assert!(
            e.get("error").is_none() && e.get("skipped").is_none(),
            "{e}"
        );
        assert_eq!(e["findings"].as_array().map(Vec::len), Some(0), "{e}");
    }
    // Alone, an empty file is a clean run.
    let alone = check(dir.path(), &["empty.txt"]);
    assert_eq!(alone.code, 0, "{}", alone.stderr);
}

#[test]
fn a_file_of_nul_bytes_is_skipped_as_binary() {
    let dir = dir_with_good();
    std::fs::write(dir.path().join("nul.txt"), vec![0u8; 1 << 20]).expect("write");
    let run = check(dir.path(), &["."]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    run.good_audited();
    assert_eq!(run.entry("nul.txt")["skipped"], "binary file");
    assert!(
        run.stderr.contains("skipped: ./nul.txt: binary file"),
        "{}",
        run.stderr
    );
    assert_eq!(check(dir.path(), &["nul.txt"]).code, 0);
}

/// A 200 MB file that is one line, over the default 64 MiB limit: skipped with the reason,
/// without being read (memory stays small).
#[test]
fn a_200_mb_single_line_is_skipped_over_the_size_limit() {
    let dir = dir_with_good();
    let line = "We expect a superior result ".repeat(200_000_000 / 28 + 1);
    std::fs::write(dir.path().join("huge.txt"), line.as_bytes()).expect("write");
    drop(line);
    let run = check(dir.path(), &["."]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    run.good_audited();
    let skipped = run.entry("huge.txt")["skipped"]
        .as_str()
        .unwrap_or_default();
    assert!(
        skipped.starts_with("file too large (200000024 bytes; the limit is 67108864"),
        "{skipped}"
    );
    assert!(
        run.stderr.contains("skipped: ./huge.txt: file too large"),
        "{}",
        run.stderr
    );
    assert_rss_below(&run, 100);
}

/// A megabyte-long one-line "sentence" with tens of thousands of matches: conditions and context
/// modifiers are searched once per sentence, not once per match, so this takes seconds
/// (it took minutes when they were searched per match; no timing is asserted, a regression
/// shows as a hung test).
#[test]
fn a_one_megabyte_single_line_is_audited() {
    let dir = dir_with_good();
    // Dense with pattern literals as well: per-literal searches (forward from "plans to",
    // back from " expects") over one megabyte-long sentence were quadratic until a sentence
    // dense with them is searched forward once.
    let line = "We expect a superior result and the drug was well tolerated; Acme expects growth \
                as it plans to grow "
        .repeat(1_000_000 / 100);
    std::fs::write(dir.path().join("line.txt"), line.as_bytes()).expect("write");
    let run = check(dir.path(), &["."]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    run.good_audited();
    assert!(
        !run.entry("line.txt")["findings"]
            .as_array()
            .expect("findings")
            .is_empty()
    );
}

/// The same 200 MB line audited with a raised limit. Not run by default (it audits 200 MB:
/// ~80 s and a few GB in a release build, see RELIABILITY.md). Memory is bounded since the
/// engine copies a sentence only into the findings kept after merging (before: one copy per
/// match, 24 GB and the OOM killer).
#[test]
#[ignore = "slow: audits 200 MB; run with --release -- --ignored"]
fn a_200_mb_single_line_with_a_raised_limit_is_audited() {
    let dir = dir_with_good();
    let line = "We expect a superior result ".repeat(200_000_000 / 28 + 1);
    std::fs::write(dir.path().join("huge.txt"), line.as_bytes()).expect("write");
    drop(line);
    let run = check(dir.path(), &["--max-file-size", "300000000", "."]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    run.good_audited();
    assert!(
        !run.entry("huge.txt")["findings"]
            .as_array()
            .expect("findings")
            .is_empty()
    );
    eprintln!("peak memory: {:?} KiB", run.max_rss_kb);
    assert_rss_below(&run, 8 * 1024);
}

#[test]
fn invalid_utf8_in_the_middle_of_a_phrase() {
    let dir = dir_with_good();
    // Not UTF-8, so read as Windows-1252: 0xFF is "ÿ" and breaks the phrase it sits in; the
    // other finding's offsets are still exact file bytes.
    let bytes = b"It was equivalent or su\xffperior to placebo. We expect growth.\n";
    std::fs::write(dir.path().join("bad.txt"), bytes).expect("write");
    let run = check(dir.path(), &["."]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    run.good_audited();
    let e = run.entry("bad.txt");
    let fls = e["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .find(|f| f["rule"] == "forward-looking/expectation")
        .unwrap_or_else(|| panic!("no forward-looking finding: {e}"));
    let (s, en) = (
        fls["start"].as_u64().unwrap_or(0),
        fls["end"].as_u64().unwrap_or(0),
    );
    assert_eq!(&bytes[s as usize..en as usize], b"We expect");
    assert_eq!(fls["text"], "We expect");
    assert!(
        !findings_of(&run, "bad.txt")
            .iter()
            .any(|(_, t)| t.contains("superior"))
    );
}

#[test]
fn mixed_crlf_cr_and_lf_line_ends() {
    let dir = dir_with_good();
    let text =
        "Acme Update\r\n\r\nIt was equivalent or\r\nsuperior to placebo.\rWe expect\ngrowth.\r\n";
    std::fs::write(dir.path().join("mixed.txt"), text).expect("write");
    let run = check(dir.path(), &["."]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    run.good_audited();
    let found = findings_of(&run, "mixed.txt");
    assert!(
        found.contains(&("comparative/superiority", "equivalent or\r\nsuperior")),
        "{found:?}"
    );
}

#[test]
fn a_utf8_bom_in_the_middle_of_a_phrase() {
    let dir = dir_with_good();
    let text = "\u{FEFF}It was equivalent or su\u{FEFF}perior to placebo.\n";
    std::fs::write(dir.path().join("bom.txt"), text).expect("write");
    let run = check(dir.path(), &["."]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    run.good_audited();
    let found = findings_of(&run, "bom.txt");
    assert!(
        found.contains(&("comparative/superiority", "equivalent or su\u{FEFF}perior")),
        "{found:?}"
    );
}

#[test]
fn deeply_nested_html() {
    let dir = dir_with_good();
    let depth = 100_000;
    let html = format!(
        "<html><body>{}<p>We expect growth.</p>{}</body></html>",
        "<div><span><b>".repeat(depth),
        "</b></span></div>".repeat(depth)
    );
    std::fs::write(dir.path().join("deep.html"), html).expect("write");
    let run = check(dir.path(), &["."]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    run.good_audited();
    assert!(
        findings_of(&run, "deep.html")
            .iter()
            .any(|(r, t)| *r == "forward-looking/expectation" && *t == "We expect"),
        "{:?}",
        run.entry("deep.html")
    );
    assert_rss_below(&run, 500);
}

#[test]
fn a_hundred_thousand_tiny_files() {
    let dir = dir_with_good();
    let sub = dir.path().join("many");
    std::fs::create_dir(&sub).expect("mkdir");
    for i in 0..100_000 {
        std::fs::write(sub.join(format!("f{i:06}.txt")), "ok\n").expect("write");
    }
    let run = check(dir.path(), &["-q", "."]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    run.good_audited();
    assert_eq!(run.files.len(), 100_001);
    assert_rss_below(&run, 1024);
    eprintln!("100,000 files: peak memory {:?} KiB", run.max_rss_kb);
}

/// Unreadable: a file the kernel refuses to read (a link to /proc/self/mem: reading its
/// first page fails with EIO, also for root), and a mode-000 file when not running as root
/// (root reads those anyway, so that half is skipped with a notice under root, as in CI).
#[test]
fn unreadable_files() {
    use std::os::unix::fs::PermissionsExt;
    let dir = dir_with_good();
    std::os::unix::fs::symlink("/proc/self/mem", dir.path().join("mem.txt")).expect("symlink");
    let locked = dir.path().join("locked.txt");
    std::fs::write(&locked, GOOD).expect("write");
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).expect("chmod");
    let root = std::fs::read(&locked).is_ok();
    let run = check(dir.path(), &["."]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    run.good_audited();
    let mem = run.entry("mem.txt")["error"].as_str().unwrap_or_default();
    assert!(
        mem.starts_with("cannot read file: Input/output error"),
        "{mem}"
    );
    assert!(
        run.stderr.contains("error: ./mem.txt: cannot read file"),
        "{}",
        run.stderr
    );
    if root {
        eprintln!("NOTE: running as root, which reads mode-000 files; that case is not tested");
    } else {
        let e = run.entry("locked.txt")["error"]
            .as_str()
            .unwrap_or_default();
        assert!(e.contains("Permission denied"), "{e}");
    }
}

/// A directory removed while the run is going on. The walk lists every path first, then the
/// files are read: the run streams NDJSON, and once 100 files of `gone/` have been reported
/// the directory is removed; each of its files not yet read is an error of its own, every
/// other file is still audited, nothing is reported twice.
#[test]
fn a_directory_removed_during_the_run() {
    use std::io::BufRead;
    let dir = dir_with_good();
    let gone = dir.path().join("gone");
    for d in 0..4 {
        let sub = gone.join(format!("d{d:02}"));
        std::fs::create_dir_all(&sub).expect("mkdir");
        for i in 0..500 {
            std::fs::write(sub.join(format!("f{i:03}.txt")), "We expect it.\n").expect("write");
        }
    }
    let err_path = dir.path().join("stderr.log");
    let mut child = Command::new(env!("CARGO_BIN_EXE_claimlint"))
        .args([
            "check",
            "--no-config",
            "--format",
            "ndjson",
            "-j",
            "1",
            "gone",
            "good.txt",
        ])
        .current_dir(dir.path())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        // A file, not a pipe: 2,000 error lines would fill a pipe nobody reads yet.
        .stderr(std::fs::File::create(&err_path).expect("stderr file"))
        .spawn()
        .expect("claimlint starts");
    let stdout = std::io::BufReader::new(child.stdout.take().expect("stdout"));
    let mut lines = Vec::new();
    let mut removed = false;
    for line in stdout.lines() {
        let line = line.expect("line");
        let paths: std::collections::HashSet<&str> = lines
            .iter()
            .filter_map(|l: &serde_json::Value| l["path"].as_str())
            .collect();
        if !removed && paths.len() >= 100 {
            std::fs::remove_dir_all(&gone).expect("remove");
            removed = true;
        }
        lines.push(serde_json::from_str::<serde_json::Value>(&line).expect("NDJSON"));
    }
    let status = child.wait().expect("claimlint runs");
    let stderr = std::fs::read_to_string(&err_path).expect("stderr");
    assert!(removed, "the run ended before 100 files were reported");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(status.code(), Some(2), "{stderr}");
    let errors: Vec<&str> = lines
        .iter()
        .filter(|l| l.get("error").is_some())
        .filter_map(|l| l["path"].as_str())
        .collect();
    let mut unique = errors.clone();
    unique.dedup();
    assert_eq!(unique.len(), errors.len(), "an error reported twice");
    assert!(errors.len() > 1000, "only {} errors", errors.len());
    assert!(
        lines
            .iter()
            .any(|l| l["path"] == "good.txt" && l["rule"] == "forward-looking/expectation"),
        "good.txt not audited"
    );
    assert!(
        stderr.contains("cannot read file: No such file or directory"),
        "{stderr}"
    );
    eprintln!(
        "removed during the run: {} files were errors, of 2000",
        errors.len()
    );
}

#[test]
fn a_symlink_loop() {
    let dir = dir_with_good();
    std::fs::create_dir(dir.path().join("a")).expect("mkdir");
    std::os::unix::fs::symlink("..", dir.path().join("a/loop")).expect("symlink");
    let run = check(dir.path(), &["."]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    run.good_audited();
    let e = run.entry("a/loop")["error"].as_str().unwrap_or_default();
    assert!(e.contains("File system loop found"), "{e}");
    assert!(run.stderr.contains("error: ./a/loop"), "{}", run.stderr);
    assert_eq!(run.files.len(), 2, "{:?}", run.files.keys());
}

#[test]
fn a_path_that_is_not_valid_utf8() {
    use std::os::unix::ffi::OsStrExt;
    let dir = dir_with_good();
    let name = std::ffi::OsStr::from_bytes(b"caf\xe9-release.txt");
    let path: PathBuf = dir.path().join(name);
    std::fs::write(&path, GOOD).expect("write");
    let run = check(dir.path(), &["."]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    run.good_audited();
    let found = findings_of(&run, "caf\u{FFFD}-release.txt");
    assert!(
        found.contains(&("forward-looking/expectation", "Acme expects")),
        "{found:?}"
    );
    // Named on the command line too.
    let out = Command::new(env!("CARGO_BIN_EXE_claimlint"))
        .args(["check", "--no-config"])
        .arg(&path)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("caf\u{FFFD}-release.txt"));
}
