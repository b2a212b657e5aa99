#!/usr/bin/env bash
# Regenerates docs/report.png, the README's picture of the HTML report: claimlint's HTML report
# over a corpus (default: ../shared/corpus beside the repository), the first document opened,
# captured by headless Chromium and downscaled with ImageMagick.
#
#   scripts/screenshot-report.sh [CORPUS_DIR] [OUT_PNG]
#
# Needs chromium (scripts/install-chromium.sh) and ImageMagick (apt-get install imagemagick).
set -euo pipefail
cd "$(dirname "$0")/.."

corpus="${1:-../shared/corpus}"
out="${2:-docs/report.png}"
[ -d "$corpus" ] || { echo "screenshot-report: no corpus at $corpus" >&2; exit 1; }

browser="$(command -v chromium || command -v chromium-browser || true)"
[ -n "$browser" ] || { echo "screenshot-report: chromium is missing (scripts/install-chromium.sh)" >&2; exit 1; }
# ImageMagick 7 calls itself magick; on Debian's 6, prefer the real convert over stand-ins.
magick="$(command -v magick || command -v convert-im6.q16 || command -v convert || true)"
[ -n "$magick" ] || { echo "screenshot-report: ImageMagick is missing" >&2; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cargo build --quiet
# Exit 1 only means there are findings.
# Run beside the corpus so the report shows short paths (corpus/...).
bin="$(pwd)/target/debug/claimlint"
(cd "$corpus/.." && "$bin" check --no-config -q --format html -o "$work/report.html" "$(basename "$corpus")") || [ $? -eq 1 ]

"$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$work/profile" --hide-scrollbars --virtual-time-budget=3000 \
    --window-size=1400,3000 --screenshot="$work/full.png" \
    "file://$(cd "$work" && pwd)/report.html?open=d0" 2>/dev/null

mkdir -p "$(dirname "$out")"
"$magick" "$work/full.png" -resize 1000x -strip +dither -colors 192 "PNG8:$out"
echo "wrote $out ($(wc -c <"$out") bytes)"
