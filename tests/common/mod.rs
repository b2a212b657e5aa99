//! Helpers shared by the integration tests: run the real binary, find the shared corpus.
#![allow(dead_code)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

pub fn bin() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_claimlint"));
    cmd.env_remove("NO_COLOR");
    cmd
}

/// Runs claimlint with `args`, no config discovery, and optional stdin.
pub fn run(args: &[&str], stdin: Option<&str>) -> Output {
    run_in(None, args, stdin)
}

pub fn run_in(dir: Option<&Path>, args: &[&str], stdin: Option<&str>) -> Output {
    let mut cmd = bin();
    cmd.args(args);
    if let Some(d) = dir {
        cmd.current_dir(d);
    }
    cmd.stdin(if stdin.is_some() {
        Stdio::piped()
    } else {
        Stdio::null()
    });
    cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("claimlint starts");
    if let Some(text) = stdin {
        let mut pipe = child.stdin.take().expect("stdin is piped");
        pipe.write_all(text.as_bytes()).expect("write stdin");
    }
    child.wait_with_output().expect("claimlint runs")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

pub fn json(o: &Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}):\n{}\nstderr:\n{}",
            stdout(o),
            stderr(o)
        )
    })
}

/// `../shared` beside the repository, or None (with a printed notice) when absent.
pub fn shared_dir(what: &str) -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared");
    if dir.join("corpus").is_dir() {
        Some(dir)
    } else {
        eprintln!(
            "SKIPPED {what}: ../shared is absent (it holds third-party releases used for testing)"
        );
        None
    }
}

/// Findings of a JSON report as (rule, text) pairs for one file.
pub fn rules_and_texts(report: &serde_json::Value, file: usize) -> Vec<(String, String)> {
    report["files"][file]["findings"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|f| {
                    (
                        f["rule"].as_str().unwrap_or_default().to_string(),
                        f["text"].as_str().unwrap_or_default().to_string(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}
