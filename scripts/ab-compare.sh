#!/usr/bin/env bash
# Side-by-side wall time of two claimlint binaries on one archive, alternating runs (this
# machine's speed drifts, so only a ratio from one sitting means anything), one thread.
#
#   scripts/ab-compare.sh BASE_BINARY NEW_BINARY ARCHIVE_DIR [RUNS]
#
# Build the base binary from an older commit in a worktree, e.g.
#   git worktree add /tmp/base 94025a1 && (cd /tmp/base && cargo build --release)
# Prints the best time of each and base/new. Check that both give the same findings with
#   diff <(BASE check --no-config -q --format ndjson DIR | sort) <(NEW ... | sort)
set -euo pipefail

base=${1:?usage: scripts/ab-compare.sh BASE_BINARY NEW_BINARY ARCHIVE_DIR [RUNS]}
new=${2:?usage: scripts/ab-compare.sh BASE_BINARY NEW_BINARY ARCHIVE_DIR [RUNS]}
archive=${3:?usage: scripts/ab-compare.sh BASE_BINARY NEW_BINARY ARCHIVE_DIR [RUNS]}
runs=${4:-3}
timing=$(mktemp)
trap 'rm -f "$timing"' EXIT

# Wall seconds of one run (exit code 1 means findings, which is expected).
seconds() {
  /usr/bin/time -f '%e' -o "$timing" "$1" check --no-config --quiet --format ndjson \
    --threads 1 "$archive" > /dev/null 2>&1 || true
  tail -n 1 "$timing"
}

best_base="" best_new=""
for _ in $(seq "$runs"); do
  a=$(seconds "$base")
  b=$(seconds "$new")
  best_base=$(awk -v x="$a" -v y="${best_base:-$a}" 'BEGIN {print (x < y) ? x : y}')
  best_new=$(awk -v x="$b" -v y="${best_new:-$b}" 'BEGIN {print (x < y) ? x : y}')
done
awk -v a="$best_base" -v b="$best_new" -v n="$runs" 'BEGIN {
  printf "best of %d, one thread: base %.2f s, new %.2f s, base/new %.2f\n", n, a, b, a / b }'
