"""Build claims/data/story_prior.json: document frequencies of words and names in PolNeAR train.

The story grouping (claims.stories.grouping) weighs words by TF-IDF over the warehouse's own
articles plus this prior, so the first articles of an empty warehouse are weighed as in a full one.
Only words and names found in two articles or more are kept.

Usage: python bench/story_prior.py [--corpus ../shared/data/polnear/train/text] [--out claims/data/story_prior.json]
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from claims.stories.grouping import article_terms  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared/data/polnear/train/text")
    ap.add_argument("--out", type=Path, default=ROOT / "claims/data/story_prior.json")
    args = ap.parse_args()
    terms: dict[str, int] = {}
    names: dict[str, int] = {}
    files = sorted(args.corpus.glob("*.txt"))
    for path in files:
        text = path.read_text(encoding="utf-8")
        first = next((ln.strip() for ln in text.splitlines() if ln.strip()), "")
        a = article_terms(text, first if len(first) <= 200 else None)
        for d, words in ((terms, a.terms), (names, a.names)):
            for t in words:
                d[t] = d.get(t, 0) + 1
    keep = lambda d: {t: n for t, n in sorted(d.items()) if n >= 2}  # noqa: E731
    args.out.write_text(json.dumps({"docs": len(files), "source": "PolNeAR train (840 US political news articles, 2016)",
                                    "terms": keep(terms), "names": keep(names)}, separators=(",", ":")) + "\n")
    print(f"{len(files)} articles: {len(keep(terms))} words, {len(keep(names))} names -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
