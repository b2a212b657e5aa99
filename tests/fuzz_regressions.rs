//! Replays the fuzz seed corpus (`fuzz/seeds/<target>/`) and every crash the fuzzers found
//! (`fuzz/regressions/<target>/`) through the same checks the fuzz targets run
//! (`claimlint::fuzz_checks`), on stable, so `cargo test` catches a regression without nightly.

use std::cell::Cell;
use std::path::Path;
use std::sync::Once;

use claimlint::fuzz_checks as checks;

// Panics seen, including ones the language server catches to keep serving (the fuzzer sees
// those too: libFuzzer's panic hook aborts on any panic). Counted per thread: the checks run
// on the test's thread, and tests run in parallel.
thread_local! {
    static PANICS: Cell<usize> = const { Cell::new(0) };
}

fn count_panics() {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            PANICS.with(|p| p.set(p.get() + 1));
            previous(info);
        }));
    });
}

fn replay(target: &str, check: fn(&[u8])) {
    count_panics();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut count = 0;
    for dir in ["seeds", "regressions"] {
        let Ok(entries) = std::fs::read_dir(root.join(dir).join(target)) else {
            continue;
        };
        let mut paths: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.sort();
        for path in paths {
            let data = std::fs::read(&path).expect("seed readable");
            let before = PANICS.with(Cell::get);
            check(&data);
            assert_eq!(
                PANICS.with(Cell::get),
                before,
                "{} panicked (caught)",
                path.display()
            );
            count += 1;
        }
    }
    assert!(count > 0, "no seeds for fuzz target {target}");
}

#[test]
fn rulebook() {
    replay("rulebook", checks::check_rulebook);
}

#[test]
fn scan() {
    replay("scan", checks::check_scan);
}

#[test]
fn segment() {
    replay("segment", checks::check_segment);
}

#[test]
fn html() {
    replay("html", checks::check_html);
}

#[test]
fn edgar() {
    replay("edgar", checks::check_edgar);
}

#[test]
fn lsp() {
    replay("lsp", checks::check_lsp);
}
