#!/usr/bin/env bash
# Time to a usable page for an HTML report over N documents (default 10,000), in headless
# Chromium: the page's script records performance.now() when it has run (data-ready-ms), which
# covers reading and parsing the whole file. Documents are hard links to ../shared/corpus.
# usage: scripts/bench-report-open.sh [N] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-10000}
runs=${2:-3}
corpus=../shared/corpus
[ -d "$corpus" ] || { echo "needs $corpus" >&2; exit 2; }
command -v chromium >/dev/null || { echo "needs chromium (scripts/install-chromium.sh)" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 - "$corpus" "$work/archive" "$n" <<'PY'
import os, sys, glob
src = sorted(glob.glob(os.path.join(sys.argv[1], "*.txt")))
out, n = sys.argv[2], int(sys.argv[3])
for i in range(n):
    d = os.path.join(out, f"{i // 1000:02d}")
    os.makedirs(d, exist_ok=True)
    os.link(src[i % len(src)], os.path.join(d, f"r{i:05d}-{os.path.basename(src[i % len(src)])}"))
PY
cargo build --release --quiet
./target/release/claimlint check --no-config -q --format html -o "$work/report.html" "$work/archive" || true
size=$(stat -c %s "$work/report.html")
for i in $(seq "$runs"); do
  profile=$(mktemp -d)
  ready=$(chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$profile" --dump-dom "file://$work/report.html" 2>/dev/null \
    | grep -o 'data-ready-ms="[0-9]*"' | head -1 | tr -dc 0-9)
  rm -rf "$profile"
  echo "documents=$n report_bytes=$size run=$i ready_ms=$ready"
done
