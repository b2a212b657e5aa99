#!/usr/bin/env bash
# Whole-process comparison, side by side in one run (ratios, because this machine is noisy):
#   claimlint check --format ndjson over an archive, ripgrep counting every literal phrase of the
#   default rulebook (the practical floor for a literal scan), cat (the I/O floor), proselint on a
#   subset; plus rulebook scaling (default, 1,000 and 10,000 phrases) and 1 vs 2 threads.
#
#   scripts/bench-compare.sh ARCHIVE_DIR [RUNS]
#
# Build the archive with scripts/make-archive.py. Needs ripgrep (apt-get install ripgrep);
# proselint is installed into .venv-bench from PyPI when missing. Prints a Markdown table.
set -euo pipefail

archive=${1:?usage: scripts/bench-compare.sh ARCHIVE_DIR [RUNS]}
runs=${2:-3}
root=$(cd "$(dirname "$0")/.." && pwd)
bin="$root/target/release/claimlint"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cargo build --release --quiet --manifest-path "$root/Cargo.toml"
command -v rg >/dev/null || { echo "ripgrep is needed: apt-get install ripgrep" >&2; exit 2; }

bytes=$(find "$archive" -type f -printf '%s\n' | awk '{s+=$1} END {print s}')
files=$(find "$archive" -type f | wc -l)
mb=$(awk -v b="$bytes" 'BEGIN {printf "%.1f", b/1e6}')
"$bin" rules --no-config --export-phrases > "$work/phrases.txt"

# Best wall time of $runs runs, and peak RSS of the last, for a command.
measure() {
  local best="" rss=0 t
  for _ in $(seq "$runs"); do
    /usr/bin/time -f '%e %M' -o "$work/time" "$@" > /dev/null 2>&1 || true
    read -r t rss < <(tail -n 1 "$work/time")
    if [ -z "$best" ] || awk -v a="$t" -v b="$best" 'BEGIN {exit !(a < b)}'; then best=$t; fi
  done
  echo "$best $rss"
}

row() { # name seconds rss
  local name=$1 s=$2 rss=$3
  awk -v n="$name" -v s="$s" -v r="$rss" -v mb="$mb" -v f="$files" -v rg="$rg_s" -v cat="$cat_s" 'BEGIN {
    if (s <= 0) s = 0.001;
    printf "| %s | %.2f | %.0f | %.0f | %.2f | %.2f | %.0f |\n", n, s, mb/s, f/s, s/rg, s/cat, r/1024 }'
}

find "$archive" -type f -print0 > "$work/list"
read -r cat_s cat_rss < <(measure sh -c "xargs -0 cat < '$work/list'")
read -r rg_s rg_rss < <(measure rg -c -i -F -f "$work/phrases.txt" "$archive")
read -r cl_s cl_rss < <(measure "$bin" check --no-config --quiet --format ndjson "$archive")
read -r cl1_s cl1_rss < <(measure "$bin" check --no-config --quiet --format ndjson --threads 1 "$archive")

echo "Archive: $files files, $mb MB ($archive). Best of $runs runs."
echo
echo "| command | seconds | MB/s | files/s | × ripgrep | × cat | peak RSS (MB) |"
echo "|---|---|---|---|---|---|---|"
row "cat (I/O floor)" "$cat_s" "$cat_rss"
row "rg -c -i -F -f phrases.txt ($(wc -l < "$work/phrases.txt") phrases)" "$rg_s" "$rg_rss"
row "claimlint check --format ndjson (2 threads)" "$cl_s" "$cl_rss"
row "claimlint check --format ndjson --threads 1" "$cl1_s" "$cl1_rss"

# Rulebook scaling: synthetic phrase rules added to the default rulebook.
for n in 1000 10000; do
  python3 - "$n" > "$work/synth-$n.yaml" <<'EOF'
import random, sys
n = int(sys.argv[1])
rng = random.Random(n)
letters = "abcdefghijklmnopqrstuvwxyz"
words = {"".join(rng.choice(letters) for _ in range(rng.randint(5, 10))) for _ in range(n * 2)}
words = sorted(words)[:n]
print("rules:")
for i in range(0, n, 100):
    print(f"  - id: synthetic/r{i}")
    print("    category: promotional-language")
    print("    severity: info")
    print("    message: synthetic")
    print("    phrases: [" + ", ".join(f'"{w} {words[(i + k + 1) % n]}"' for k, w in enumerate(words[i:i + 100])) + "]")
EOF
  read -r s rss < <(measure "$bin" check --no-config --quiet --format ndjson --rules "$work/synth-$n.yaml" "$archive")
  row "claimlint + $n synthetic phrases" "$s" "$rss"
done

# A prose linter on a subset (it is far slower): per-MB comparison.
venv="$root/.venv-bench"
if [ ! -x "$venv/bin/proselint" ]; then
  python3 -m venv "$venv" >/dev/null && "$venv/bin/pip" install -q proselint==0.16.0 >/dev/null 2>&1 || true
fi
if [ -x "$venv/bin/proselint" ]; then
  # The first 40 and 200 files in directory order (one or two month folders): start-up
  # included. Then every 10th file in path order, a sample of the whole archive (~10% of its
  # bytes) large enough that claimlint's start-up (regex compilation, lazy DFA warm-up, ~0.3 s)
  # is spread out. Each tool is one process over the whole list, as a user would run it
  # (claimlint on all cores, proselint on one, its only mode).
  sort -z "$work/list" | awk 'BEGIN {RS = ORS = "\0"} NR % 10 == 1' > "$work/sample"
  for subset in first-40 first-200 sample; do
    case $subset in
      first-40) head -z -n 40 "$work/list" > "$work/subset"; what="the first 40 files" ;;
      first-200) head -z -n 200 "$work/list" > "$work/subset"; what="the first 200 files" ;;
      sample) cp "$work/sample" "$work/subset"; what="every 10th file" ;;
    esac
    n=$(tr -cd '\0' < "$work/subset" | wc -c)
    sub_bytes=$(xargs -0 cat < "$work/subset" | wc -c)
    /usr/bin/time -f '%e %M' -o "$work/time" sh -c "xargs -0 -s 2000000 '$venv/bin/proselint' check < '$work/subset'" > /dev/null 2>&1 || true
    read -r ps_s ps_rss < <(tail -n 1 "$work/time")
    /usr/bin/time -f '%e %M' -o "$work/time" sh -c "xargs -0 -s 2000000 '$bin' check --no-config --quiet --format ndjson < '$work/subset'" > /dev/null 2>&1 || true
    read -r cs_s cs_rss < <(tail -n 1 "$work/time")
    awk -v what="$what" -v n="$n" -v b="$sub_bytes" -v p="$ps_s" -v c="$cs_s" 'BEGIN {
      if (c <= 0) c = 0.001;
      printf "\nproselint 0.16.0 on %s (%d files, %.2f MB): %.2f s (%.2f MB/s); claimlint on the same files: %.3f s (%.1f MB/s); claimlint is %.0f× faster per MB.\n", what, n, b/1e6, p, b/1e6/p, c, b/1e6/c, p/c }'
  done
else
  echo; echo "proselint could not be installed; skipped."
fi
