//! Language server latency, as an editor sees it: the real `claimlint lsp` binary over stdio,
//! a ~50 KB release built from corpus/*.txt, one-character didChange edits, and the time from
//! writing each edit to reading the publishDiagnostics for that version.
//!
//!     cargo bench --bench lsp_latency            # 300 measured edits after 20 warm-up edits
//!     cargo bench --bench lsp_latency -- 1000    # more edits
//!
//! Harness-free (no criterion): one process, a plain main, p50/p95/p99/max printed.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{ChildStdout, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

const TARGET_BYTES: usize = 50 * 1024;
const WARMUP: usize = 20;

fn read_message(out: &mut BufReader<ChildStdout>) -> Option<Value> {
    let mut length = 0;
    loop {
        let mut line = String::new();
        if out.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(v) = line.strip_prefix("Content-Length: ") {
            length = v.parse().ok()?;
        }
    }
    let mut body = vec![0; length];
    out.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

fn send(w: &mut impl Write, msg: Value) -> std::io::Result<()> {
    let mut msg = msg;
    msg["jsonrpc"] = json!("2.0");
    let body = msg.to_string();
    write!(w, "Content-Length: {}\r\n\r\n{body}", body.len())?;
    w.flush()
}

/// Paragraphs of the corpus's plain-text releases, repeated up to ~50 KB.
fn release() -> String {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let mut files: Vec<_> = std::fs::read_dir(&corpus)
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|e| e == "txt"));
    files.sort();
    let texts: Vec<String> = files
        .iter()
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .collect();
    let mut out = String::new();
    'fill: loop {
        for t in &texts {
            for para in t.split("\n\n") {
                if out.len() + para.len() > TARGET_BYTES {
                    break 'fill;
                }
                out.push_str(para.trim_end());
                out.push_str("\n\n");
            }
        }
        if texts.is_empty() {
            break;
        }
    }
    out
}

/// CPU time (user + system) a process has used so far, from /proc (Linux); None elsewhere.
fn cpu_time(pid: u32) -> Option<Duration> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // Fields after the parenthesised command name; utime and stime are the 12th and 13th.
    let rest = &stat[stat.rfind(')')? + 2..];
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks: u64 = f.get(11)?.parse::<u64>().ok()? + f.get(12)?.parse::<u64>().ok()?;
    Some(Duration::from_millis(ticks * 10)) // USER_HZ is 100 on Linux
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "unknown".into())
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted.get(i).copied().unwrap_or_default()
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let edits: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(300);
    let text = release();
    let mut child = Command::new(env!("CARGO_BIN_EXE_claimlint"))
        .arg("lsp")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()?;
    let mut stdin = child.stdin.take().ok_or("no stdin")?;
    let mut stdout = BufReader::new(child.stdout.take().ok_or("no stdout")?);
    let mut wait_for = |pred: &dyn Fn(&Value) -> bool| -> Result<Value, String> {
        loop {
            let v = read_message(&mut stdout).ok_or("server closed its output")?;
            if pred(&v) {
                return Ok(v);
            }
        }
    };

    send(
        &mut stdin,
        json!({"id": 1, "method": "initialize", "params": {"processId": null, "rootUri": null, "capabilities": {}}}),
    )?;
    wait_for(&|v| v["id"] == 1)?;
    send(&mut stdin, json!({"method": "initialized", "params": {}}))?;
    let uri = "file:///tmp/claimlint-bench/release.txt";
    send(
        &mut stdin,
        json!({"method": "textDocument/didOpen", "params": {"textDocument": {
            "uri": uri, "languageId": "plaintext", "version": 1, "text": text}}}),
    )?;
    let first = wait_for(&|v| v["method"] == "textDocument/publishDiagnostics")?;
    let findings = first["params"]["diagnostics"]
        .as_array()
        .map_or(0, Vec::len);

    let pid = child.id();
    let cpu_before = cpu_time(pid);
    let load_before = load_average();
    // Edit in the middle of the release: insert a character, then delete it, alternately.
    let line = (text.lines().count() / 2) as u32;
    let mut times = Vec::with_capacity(edits);
    for i in 0..WARMUP + edits {
        let version = i as i32 + 2;
        let change = if i % 2 == 0 {
            json!({"range": {"start": {"line": line, "character": 0}, "end": {"line": line, "character": 0}}, "text": "x"})
        } else {
            json!({"range": {"start": {"line": line, "character": 0}, "end": {"line": line, "character": 1}}, "text": ""})
        };
        let start = Instant::now();
        send(
            &mut stdin,
            json!({"method": "textDocument/didChange", "params": {
                "textDocument": {"uri": uri, "version": version}, "contentChanges": [change]}}),
        )?;
        wait_for(&|v| {
            v["method"] == "textDocument/publishDiagnostics" && v["params"]["version"] == version
        })?;
        if i >= WARMUP {
            times.push(start.elapsed());
        }
    }
    let cpu_used = cpu_time(pid)
        .zip(cpu_before)
        .map(|(after, before)| after.saturating_sub(before));
    send(&mut stdin, json!({"id": 2, "method": "shutdown"}))?;
    wait_for(&|v| v["id"] == 2)?;
    send(&mut stdin, json!({"method": "exit"}))?;
    let status = child.wait()?;

    times.sort();
    let mean = times.iter().sum::<Duration>() / times.len().max(1) as u32;
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!("language server latency: didChange -> publishDiagnostics (same version), real stdio");
    println!(
        "release: {} bytes, {} lines, {} diagnostics; {} edits after {} warm-up",
        text.len(),
        text.lines().count(),
        findings,
        times.len(),
        WARMUP
    );
    println!(
        "p50 {:.2} ms  p95 {:.2} ms  p99 {:.2} ms  max {:.2} ms  mean {:.2} ms",
        ms(percentile(&times, 0.50)),
        ms(percentile(&times, 0.95)),
        ms(percentile(&times, 0.99)),
        ms(times.last().copied().unwrap_or_default()),
        ms(mean)
    );
    if let Some(cpu) = cpu_used {
        println!(
            "server CPU time per edit: {:.2} ms (user+sys over all {} edits)",
            ms(cpu) / (WARMUP + edits) as f64,
            WARMUP + edits
        );
    }
    println!(
        "load average before/after: {load_before} / {} on {} CPUs",
        load_average(),
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );
    println!("server exit: {status}");
    Ok(())
}
