//! End to end with a real editor: headless Neovim (>= 0.10) runs tests/lsp/harness.lua, which
//! starts `claimlint lsp` with vim.lsp.start, opens a Markdown release with non-ASCII text
//! before its claims, checks the diagnostics' byte columns and on-the-wire characters in the
//! negotiated encoding, edits the buffer and checks the update, and hovers.
//!
//! nvim is looked for in $CLAIMLINT_NVIM, on PATH, then in .venv-tools/bin (where
//! scripts/install-test-tools.sh puts it). Without it the test skips with a notice, unless
//! CLAIMLINT_REQUIRE_E2E=1 (as in CI), where it fails.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

/// (major, minor) of an nvim binary, if it runs.
fn version(bin: &Path) -> Option<(u32, u32)> {
    let out = Command::new(bin).arg("--version").output().ok()?;
    let text = String::from_utf8_lossy(&out.stdout);
    let v = text.lines().next()?.strip_prefix("NVIM v")?;
    let mut parts = v.split(['.', '-']);
    Some((parts.next()?.parse().ok()?, parts.next()?.parse().ok()?))
}

fn find_nvim() -> Result<PathBuf, String> {
    let mut candidates: Vec<PathBuf> = Vec::new();
    if let Some(p) = std::env::var_os("CLAIMLINT_NVIM") {
        candidates.push(PathBuf::from(p));
    }
    if let Some(path) = std::env::var_os("PATH") {
        candidates.extend(std::env::split_paths(&path).map(|d| d.join("nvim")));
    }
    candidates.push(Path::new(env!("CARGO_MANIFEST_DIR")).join(".venv-tools/bin/nvim"));
    let mut seen = Vec::new();
    for c in candidates.into_iter().filter(|c| c.is_file()) {
        match version(&c) {
            Some(v) if v >= (0, 10) => return Ok(c),
            v => seen.push(format!("{} ({v:?})", c.display())),
        }
    }
    Err(format!(
        "no nvim >= 0.10 found (seen: {}); run scripts/install-test-tools.sh",
        if seen.is_empty() {
            "none".into()
        } else {
            seen.join(", ")
        }
    ))
}

fn nvim_or_skip() -> Option<PathBuf> {
    match find_nvim() {
        Ok(p) => Some(p),
        Err(why) if std::env::var("CLAIMLINT_REQUIRE_E2E").as_deref() == Ok("1") => {
            panic!("CLAIMLINT_REQUIRE_E2E=1 but {why}")
        }
        Err(why) => {
            eprintln!("SKIPPED: Neovim end-to-end test: {why}");
            None
        }
    }
}

fn run_harness(nvim: &Path, offer: Option<&str>) -> Value {
    let dir = tempfile::tempdir().expect("tempdir");
    let here = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/lsp");
    let file = dir.path().join("release.md");
    std::fs::copy(here.join("release.md"), &file).expect("copy fixture");
    let mut cmd = Command::new(nvim);
    cmd.args(["--headless", "-u", "NONE", "-i", "NONE", "-n", "-l"])
        .arg(here.join("harness.lua"))
        .arg(env!("CARGO_BIN_EXE_claimlint"))
        .arg(&file)
        .arg(dir.path());
    if let Some(enc) = offer {
        cmd.arg(enc);
    }
    let out = cmd.output().expect("nvim runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "harness failed ({}):\n{stdout}\n{stderr}",
        out.status
    );
    let line = stdout
        .lines()
        .find_map(|l| l.strip_prefix("RESULT "))
        .unwrap_or_else(|| panic!("no RESULT line:\n{stdout}\n{stderr}"));
    serde_json::from_str(line).expect("RESULT is JSON")
}

/// Byte and UTF-16 columns of `needle` on the fixture's line holding it.
fn columns(text: &str, needle: &str) -> (u64, u64) {
    let line = text
        .lines()
        .find(|l| l.contains(needle))
        .unwrap_or_default();
    let at = line.find(needle).unwrap_or_default();
    (at as u64, line[..at].encode_utf16().count() as u64)
}

#[test]
fn neovim_shows_exact_diagnostics_and_updates_them() {
    let Some(nvim) = nvim_or_skip() else { return };
    let fixture =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/lsp/release.md"))
            .expect("fixture");
    let (byte, utf16) = columns(&fixture, "superior to");
    assert_ne!(
        byte, utf16,
        "the fixture must have non-ASCII text before the claim"
    );
    let added = "Für µg-Dosen ² 😀: the drug is better than placebo.";
    let (added_byte, added_utf16) = columns(added, "better than");

    // Neovim's own offer (utf-8, utf-16, utf-32): claimlint picks utf-8.
    let r = run_harness(&nvim, None);
    assert_eq!(r["encoding"], "utf-8", "{r}");
    let first = &r["first"];
    assert_eq!(first["superiority"]["col"], byte);
    assert_eq!(first["superiority"]["wire"], byte);
    assert_eq!(first["superiority"]["line"], 2);
    assert_eq!(first["superiority"]["severity"], 2, "warning");
    assert_eq!(first["fls"]["severity"], 3, "information");
    assert_eq!(
        first["codes"],
        serde_json::json!([
            "comparative/superiority",
            "forward-looking/expectation",
            "safe-harbor/missing"
        ])
    );
    assert_eq!(r["after_edit"]["superiority"]["col"], added_byte);
    assert_eq!(r["after_edit"]["superiority"]["wire"], added_byte);
    assert_eq!(r["hover_has_rule"], true);

    // A client that offers only utf-16: same buffer columns, UTF-16 on the wire.
    let r = run_harness(&nvim, Some("utf-16"));
    assert_eq!(r["encoding"], "utf-16", "{r}");
    assert_eq!(r["first"]["superiority"]["col"], byte);
    assert_eq!(r["first"]["superiority"]["wire"], utf16);
    assert_eq!(r["after_edit"]["superiority"]["col"], added_byte);
    assert_eq!(r["after_edit"]["superiority"]["wire"], added_utf16);
}
