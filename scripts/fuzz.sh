#!/usr/bin/env bash
# Runs every fuzz target (fuzz/fuzz_targets/) for SECONDS each (default 60), one after the
# other, with cargo-fuzz on the nightly toolchain (installed when missing).
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]
#
# Inputs found interesting go to fuzz/corpus/<target>/ (gitignored); the committed seeds in
# fuzz/seeds/<target>/ are read too, and so are the third-party releases in ../shared when
# present (copied into the gitignored corpus, never committed). A crash stops the run with
# the reproducer in fuzz/artifacts/<target>/: fix it, then keep the file as a regression in
# fuzz/regressions/<target>/ (tests/fuzz_regressions.rs replays it on stable).
#
# No sanitizer (`--sanitizer none`): claimlint has no unsafe code, so AddressSanitizer would
# only slow the search; panics, timeouts and out-of-memory are what is looked for.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${1:-60}"
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    targets=(rulebook scan segment html edgar lsp)
fi

if ! cargo +nightly --version >/dev/null 2>&1; then
    # The project's convention for outside tools: skip with a notice, unless CI requires them.
    if [ "${CLAIMLINT_REQUIRE_E2E:-}" = 1 ]; then
        echo "fuzz.sh: the nightly toolchain is needed (rustup toolchain install nightly)" >&2
        exit 2
    fi
    echo "SKIPPED fuzzing: no nightly toolchain (rustup toolchain install nightly)" >&2
    exit 0
fi
if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "== installing cargo-fuzz"
    cargo install --locked cargo-fuzz
fi

shared_seeds() {
    # Third-party releases as extra starting points, in the gitignored corpus only.
    local target="$1" dir="fuzz/corpus/$1"
    mkdir -p "$dir"
    [ -d ../shared/corpus ] || return 0
    case "$target" in
        scan | segment | html)
            for f in ../shared/corpus/*.txt; do
                [ -f "$f" ] || continue
                if [ "$target" = scan ]; then
                    { printf '\000'; head -c 20000 "$f"; } >"$dir/shared-$(basename "$f")"
                else
                    head -c 20000 "$f" >"$dir/shared-$(basename "$f")"
                fi
            done
            ;;
        edgar)
            for f in ../shared/edgar/*.submission.txt; do
                [ -f "$f" ] || continue
                head -c 32768 "$f" >"$dir/shared-$(basename "$f")"
            done
            ;;
    esac
    if [ "$target" = html ]; then
        for f in ../shared/edgar/*.htm ../shared/edgar/*.html; do
            [ -f "$f" ] || continue
            head -c 32768 "$f" >"$dir/shared-$(basename "$f")"
        done
    fi
}

# Per-target input size limits: whole releases for the text stages, smaller for the rest.
max_len() {
    case "$1" in
        scan | segment | html | edgar) echo 32768 ;;
        lsp) echo 16384 ;;
        *) echo 8192 ;;
    esac
}

cargo +nightly fuzz build --sanitizer none
for target in "${targets[@]}"; do
    shared_seeds "$target"
    echo "== fuzz $target for ${seconds}s"
    cargo +nightly fuzz run --sanitizer none "$target" \
        "fuzz/corpus/$target" "fuzz/seeds/$target" -- \
        -max_total_time="$seconds" -max_len="$(max_len "$target")" \
        -timeout=10 -rss_limit_mb=2048 -print_final_stats=1
done
