#!/usr/bin/env python3
"""Build a benchmark archive of press releases from the real releases in ../shared.

    scripts/make-archive.py OUT_DIR SIZE_MB [--shared ../shared] [--seed 1]

Copies of ../shared/corpus/*.txt and ../shared/edgar/* (text, Markdown, HTML and EDGAR
submissions) under varied names in nested year/month folders, about 1 in 50 concatenated into a
"big" file of several MB, until SIZE_MB is reached. Deterministic for a given seed. The archive is
for local measurement only: it holds third-party text and is never committed.
"""

import argparse
import os
import random
import sys


def sources(shared):
    out = []
    for sub in ("corpus", "edgar"):
        d = os.path.join(shared, sub)
        if not os.path.isdir(d):
            continue
        for name in sorted(os.listdir(d)):
            if name.endswith((".txt", ".md", ".html", ".htm")) and name != "INDEX.tsv":
                with open(os.path.join(d, name), "rb") as f:
                    out.append((name, f.read()))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("size_mb", type=float)
    ap.add_argument("--shared", default=os.path.join(os.path.dirname(__file__), "..", "..", "shared"))
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    docs = sources(args.shared)
    if not docs:
        sys.exit(f"no releases found under {args.shared}")
    rng = random.Random(args.seed)
    target = int(args.size_mb * 1024 * 1024)
    written = files = 0
    while written < target:
        year = 2010 + files % 15
        month = 1 + (files // 15) % 12
        folder = os.path.join(args.out, str(year), f"{month:02d}")
        os.makedirs(folder, exist_ok=True)
        if files % 50 == 49:
            # A big file: many releases back to back (text only, so it stays one document).
            body = b"\n\n".join(d for n, d in rng.sample(docs, k=min(len(docs), 40)) if n.endswith(".txt"))
            name = f"big-{files:07d}.txt"
        else:
            src_name, body = docs[rng.randrange(len(docs))]
            ext = os.path.splitext(src_name)[1]
            stem = os.path.splitext(src_name)[0].replace(".submission", "-sub")
            name = f"{files:07d}-{stem[:40]}{ext}"
        with open(os.path.join(folder, name), "wb") as f:
            f.write(body)
        written += len(body)
        files += 1
    print(f"{files} files, {written / 1e6:.1f} MB in {args.out}")


if __name__ == "__main__":
    main()
