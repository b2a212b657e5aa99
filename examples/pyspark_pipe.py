"""Audit a folder of releases with claimlint as a Spark stage (RDD.pipe), in local mode.

    pip install pyspark            # needs Java 17+
    cargo build --release
    python examples/pyspark_pipe.py corpus/ target/release/claimlint

Each release becomes one {"id", "text"} record; claimlint's record mode answers each with one
{"id", "findings"} line, so the stage is a plain line-in, line-out map that Spark can spread
over partitions (the same command works under Hadoop streaming or GNU parallel).
"""

import json
import os
import sys

from pyspark.sql import SparkSession


def main() -> None:
    folder = sys.argv[1] if len(sys.argv) > 1 else "corpus"
    claimlint = os.path.abspath(sys.argv[2] if len(sys.argv) > 2 else "target/release/claimlint")
    spark = SparkSession.builder.master("local[2]").appName("claimlint").getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    sc = spark.sparkContext

    releases = sc.wholeTextFiles(os.path.abspath(folder)).filter(
        lambda kv: kv[0].endswith((".txt", ".md"))
    )
    records = releases.map(lambda kv: json.dumps({"id": os.path.basename(kv[0]), "text": kv[1]}))
    # Exit status 1 (findings) is expected, so the default checkCode=False is what we want.
    results = records.pipe(f"{claimlint} check --input ndjson --no-config --quiet").map(json.loads)

    per_rule = (
        results.flatMap(lambda r: [f["rule"] for f in r.get("findings", [])])
        .countByValue()
    )
    worst = (
        results.map(lambda r: (r["id"], sum(f["severity"] == "error" for f in r.get("findings", [])),
                               len(r.get("findings", []))))
        .takeOrdered(5, key=lambda t: (-t[1], -t[2], t[0]))
    )
    print(f"records audited: {results.count()}")
    print("findings by rule:")
    for rule, n in sorted(per_rule.items(), key=lambda kv: (-kv[1], kv[0])):
        print(f"  {n:4d}  {rule}")
    print("most serious releases (errors, findings):")
    for name, errors, total in worst:
        print(f"  {errors:2d} {total:3d}  {name}")
    spark.stop()


if __name__ == "__main__":
    main()
