"""Reviewer load on unrelated news: how many contradictions the rules raise on PolNeAR articles.

PolNeAR (2016 US election coverage, 7 publishers) has no gold contradictions, so this measures the
other side of the trade-off: how many rows a fact-checker would have to read per 100 articles of
ordinary news, by kind, and how long detection takes. Prints a sample of the flagged reasons to read.

Usage: python bench/contradiction_load.py [--split dev|train] [--limit N] [--sample K]
Reads ../shared/data/polnear; writes only to a temporary folder.
"""
from __future__ import annotations

import argparse
import csv
import json
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

POLNEAR = REPO.parent / "shared" / "data" / "polnear"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--split", default="dev")
    ap.add_argument("--limit", type=int, default=84)
    ap.add_argument("--sample", type=int, default=15)
    ap.add_argument("--keep", help="write the warehouse here instead of a temporary file")
    args = ap.parse_args()

    from flows import settings as config
    from flows import pipeline
    from warehouse import reading, review

    meta = {r["filename"]: r for r in csv.DictReader(open(POLNEAR / "metadata.tsv", encoding="utf-8"), delimiter="\t")}
    texts = sorted((POLNEAR / args.split / "text").glob("*.txt"))[: args.limit]
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "articles.jsonl"
        with open(src, "w", encoding="utf-8") as out:
            for path in texts:
                m = meta.get(path.stem, {})
                out.write(json.dumps({"id": path.stem, "outlet": m.get("publisher", "unknown"),
                                      "url": f"https://polnear.example/{path.stem}",
                                      "published": m.get("publication_date") or None,
                                      "text": path.read_text(encoding="utf-8")}) + "\n")
        db = Path(args.keep) if args.keep else Path(tmp) / "load.duckdb"
        if db.exists():
            db.unlink()
        settings = config.load(None)
        t0 = time.perf_counter()
        summary = pipeline.ingest([str(src)], db, settings)
        total = time.perf_counter() - t0
        with reading(db) as con:
            df = review.report(con)
            narration = con.execute("SELECT count(*) FROM claims WHERE quote_type = 'narration'").fetchall()[0][0]
        n = summary.articles_new
        print(f"articles {n}  claims {summary.claims_new} (narration {narration})  ingest {total:.1f} s")
        print(f"contradictions {len(df)}  per 100 articles {100 * len(df) / max(1, n):.1f}")
        for kind, count in df["kind"].value_counts().items():
            print(f"  {kind:12s} {count}")
        from claims.contradictions.detect import (
            ContradictionSettings,
            detect_contradictions,
        )
        from warehouse.store import CLAIM_COLUMNS, CLAIM_FROM, fetch_claims

        with reading(db) as con:
            every = fetch_claims(con, f"SELECT {CLAIM_COLUMNS} {CLAIM_FROM}")
        csettings = settings.build(ContradictionSettings, "contradictions")
        t2 = time.perf_counter()
        again = detect_contradictions(every, [], csettings)
        print(f"rules over all {len(every)} claims at once: {time.perf_counter() - t2:.2f} s, {len(again)} found")
        for row in df.head(args.sample).itertuples(index=False):
            print(f"- [{row.kind} {row.score:.2f}] {row.reason}  || {row.subject}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
