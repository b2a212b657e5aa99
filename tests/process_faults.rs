//! Process faults: a reader that goes away, an interrupt during a run writing `--output FILE`,
//! a full disk, and an output path that is a device rather than a file.

mod common;

use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// A directory of `n` copies of a release with findings.
fn archive(dir: &Path, n: usize) {
    let text = "Acme expects revenue to grow. It was equivalent or superior to placebo.\n";
    for i in 0..n {
        std::fs::write(dir.join(format!("r{i:05}.txt")), text).expect("write");
    }
}

/// `claimlint check … | head -1`: the reader goes away; claimlint stops quietly (no message,
/// no panic), with the exit code of what it audited.
#[test]
fn a_closed_pipe_ends_the_run_quietly() {
    let dir = tempfile::tempdir().expect("temp dir");
    archive(dir.path(), 2000);
    for format in ["human", "json", "ndjson", "csv"] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_claimlint"))
            .args(["check", "--no-config", "--format", format, "."])
            .current_dir(dir.path())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("starts");
        let mut stdout = child.stdout.take().expect("stdout");
        let mut first = [0u8; 64];
        stdout.read_exact(&mut first).expect("some output");
        drop(stdout); // as `head -c 64` does
        let out = child.wait_with_output().expect("runs");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.is_empty(), "{format}: {stderr}");
        assert_eq!(out.status.code(), Some(1), "{format}: {stderr}");
    }
}

/// The same through a real shell pipe, when `sh` and `head` are there.
#[test]
fn a_closed_pipe_in_a_shell_pipeline() {
    let dir = tempfile::tempdir().expect("temp dir");
    archive(dir.path(), 500);
    let script = format!(
        "'{}' check --no-config . 2>err.txt | head -1 >/dev/null; echo \"${{PIPESTATUS[0]:-?}}\"",
        env!("CARGO_BIN_EXE_claimlint")
    );
    let Ok(out) = Command::new("bash")
        .arg("-c")
        .arg(&script)
        .current_dir(dir.path())
        .output()
    else {
        eprintln!("SKIPPED: bash is not installed");
        return;
    };
    let code = String::from_utf8_lossy(&out.stdout).trim().to_string();
    let err = std::fs::read_to_string(dir.path().join("err.txt")).unwrap_or_default();
    assert_eq!(code, "1", "{err}");
    assert!(err.is_empty(), "{err}");
}

/// Nothing but `keep` in `dir` (no report, no temporary file).
fn only(dir: &Path, keep: &[&str]) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("read dir")
        .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
        .filter(|n| !keep.contains(&n.as_str()))
        .collect();
    names.sort();
    names
}

/// SIGINT while `check --output FILE` is writing: no FILE, no temporary file, exit 130.
#[test]
fn an_interrupt_leaves_no_partial_report() {
    let dir = tempfile::tempdir().expect("temp dir");
    let input = dir.path().join("in");
    std::fs::create_dir(&input).expect("mkdir");
    archive(&input, 20_000);
    let out_dir = dir.path().join("out");
    std::fs::create_dir(&out_dir).expect("mkdir");
    let mut child = Command::new(env!("CARGO_BIN_EXE_claimlint"))
        .args([
            "check",
            "--no-config",
            "-j",
            "1",
            "--format",
            "json",
            "-o",
            "out/report.json",
            "in",
        ])
        .current_dir(dir.path())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("starts");
    // Wait until the temporary report exists, so the run is writing.
    let started = Instant::now();
    while only(&out_dir, &[]).is_empty() {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "no temporary report appeared"
        );
        assert!(
            child.try_wait().expect("wait").is_none(),
            "finished before the interrupt"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    std::thread::sleep(Duration::from_millis(200));
    let status = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(status.success());
    let out = child.wait_with_output().expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(130), "{stderr}");
    assert!(stderr.contains("interrupted"), "{stderr}");
    assert_eq!(only(&out_dir, &[]), Vec::<String>::new(), "left behind");
}

/// Output to a full disk (`/dev/full`) is an error, exit 2, whether the report goes to
/// standard output or to `--output /dev/full`; and a device given as `--output` is written in
/// place, never replaced by a renamed temporary file.
#[test]
fn a_full_disk_is_an_error() {
    let full = Path::new("/dev/full");
    if !full.exists() {
        eprintln!("SKIPPED: /dev/full is absent");
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    archive(dir.path(), 50);
    let stdout_full = Command::new(env!("CARGO_BIN_EXE_claimlint"))
        .args(["check", "--no-config", "--format", "json", "."])
        .current_dir(dir.path())
        .stdout(
            std::fs::OpenOptions::new()
                .write(true)
                .open(full)
                .expect("open /dev/full"),
        )
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&stdout_full.stderr);
    assert_eq!(stdout_full.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("No space left on device"), "{stderr}");

    let output_full = common::run_in(
        Some(dir.path()),
        &[
            "check",
            "--no-config",
            "--format",
            "json",
            "-o",
            "/dev/full",
            ".",
        ],
        None,
    );
    let stderr = common::stderr(&output_full);
    assert_eq!(output_full.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("No space left on device"), "{stderr}");
    let meta = std::fs::metadata(full).expect("still there");
    assert!(!meta.is_file(), "/dev/full was replaced by a regular file");

    let null = common::run_in(
        Some(dir.path()),
        &["check", "--no-config", "-o", "/dev/null", "."],
        None,
    );
    assert_eq!(null.status.code(), Some(1), "{}", common::stderr(&null));
    assert!(!std::fs::metadata("/dev/null").expect("there").is_file());
}
