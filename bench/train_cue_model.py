#!/usr/bin/env python3
"""Train the verb-cue model (claims/cue_weights.py) on PolNeAR train.

Every verb outside a quote becomes a candidate attribution through the same rules
the extractor uses (speaker, cue, content); a candidate is positive when some
annotator's attribution has the same cue (overlapping characters) and a content
whose word tokens overlap it with Dice >= 0.5 (the scorer's claim match). A
logistic model over feature strings (claims.extract.verb_features) is fitted with
AdaGrad and L2, features seen fewer than --min-count times are dropped, and the
weights are written as a Python module (no file is read at run time).

Usage:
  python bench/train_cue_model.py ../shared/data/polnear/train [--docbin CACHE.spacy] [--out claims/cue_weights.py]

The parse of train takes a few minutes on one core; --docbin caches it.
"""
from __future__ import annotations

import argparse
import glob
import math
import os
import random
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from claims.extract import Extractor, ExtractSettings, _Doc  # noqa: E402
from claims.nlp import load_nlp  # noqa: E402

WORD = re.compile(r"\w+")


def parse_ann(path: str) -> list[dict]:
    """Attribution relations of one brat file (cue and content character spans)."""
    spans: dict[str, list[tuple[int, int]]] = {}
    rels = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            parts = line.rstrip("\n").split("\t")
            if line.startswith("T") and len(parts) >= 2:
                head = parts[1].split(" ", 1)
                if len(head) == 2:
                    try:
                        spans[parts[0]] = [tuple(map(int, s.split())) for s in head[1].split(";")]
                    except ValueError:
                        pass
            elif line.startswith("E") and len(parts) >= 2:
                rels.append(parts[1].split())
    out = []
    for args in rels:
        rel: dict[str, list] = {"cue": [], "content": []}
        for arg in args:
            role, _, tid = arg.partition(":")
            role = role.rstrip("0123456789")
            key = {"Cue": "cue", "Content": "content"}.get(role)
            if key and tid in spans:
                rel[key].extend(spans[tid])
        if rel["content"]:
            out.append(rel)
    return out


def toks(text: str, spans) -> set[int]:
    return {m.start() for s, e in spans for m in WORD.finditer(text, s, e)}


def label(text: str, raw, gold: list[dict]) -> int:
    pt = toks(text, [(s.start, s.end) for s in raw.content])
    if not pt:
        return 0
    cue = set(range(raw.cue.start, raw.cue.end)) if raw.cue else set()
    for g in gold:
        gt = g["toks"]
        if not (pt & gt):
            continue
        if 2 * len(pt & gt) / (len(pt) + len(gt)) >= 0.5 and (not g["cue"] or cue & g["cue"]):
            return 1
    return 0


class _Always:
    def prob(self, features):
        return 1.0


def candidates(train_dir: str, docbin: str | None):
    texts_dir = os.path.join(train_dir, "text")
    files = sorted(glob.glob(os.path.join(texts_dir, "*.txt")))
    names = [os.path.basename(f)[:-4] for f in files]
    nlp = load_nlp()
    if docbin and os.path.exists(docbin):
        from spacy.tokens import DocBin

        docs = list(DocBin().from_disk(docbin).get_docs(nlp.vocab))
    else:
        texts = [open(f, encoding="utf-8").read() for f in files]
        docs = list(nlp.pipe(texts, batch_size=16))
        if docbin:
            from spacy.tokens import DocBin

            db = DocBin()
            for d in docs:
                db.add(d)
            db.to_disk(docbin)
    anns = defaultdict(list)
    for ann in glob.glob(os.path.join(train_dir, "attributions", "*.ann")):
        stem = os.path.basename(ann)[:-4].rpartition("_")[0]
        anns[stem].extend(parse_ann(ann))
    ex = Extractor(ExtractSettings(use_model=False), nlp=nlp)
    ex.model = _Always()
    for name, doc in zip(names, docs):
        gold = [{"toks": toks(doc.text, g["content"]), "cue": {c for s, e in g["cue"] for c in range(s, e)}}
                for g in anns.get(name, [])]
        ex.collect = []
        d = _Doc(doc, ex.settings)
        ex._verb_cues(d)
        ex._noun_cues(d)
        ex._adjective_cues(d)
        for raw, feats, _ in ex.collect:
            yield name, feats, label(doc.text, raw, gold)


def train(data, epochs: int, l2: float, lr: float, min_count: int):
    counts = Counter(f for _, feats, _ in data for f in feats)
    keep = {f for f, c in counts.items() if c >= min_count}
    w: dict[str, float] = defaultdict(float)
    g2: dict[str, float] = defaultdict(lambda: 1e-8)
    bias, gb = 0.0, 1e-8
    rng = random.Random(13)
    order = list(range(len(data)))
    for epoch in range(epochs):
        rng.shuffle(order)
        loss = 0.0
        for i in order:
            _, feats, y = data[i]
            fs = [f for f in feats if f in keep]
            z = bias + sum(w[f] for f in fs)
            p = 1 / (1 + math.exp(-max(-30, min(30, z))))
            loss -= math.log(p if y else 1 - p + 1e-12) if y else math.log(1 - p + 1e-12)
            g = p - y
            gb += g * g
            bias -= lr * g / math.sqrt(gb)
            for f in fs:
                grad = g + l2 * w[f]
                g2[f] += grad * grad
                w[f] -= lr * grad / math.sqrt(g2[f])
        print(f"epoch {epoch + 1}: loss {loss / len(data):.4f}", file=sys.stderr)
    return {f: round(v, 4) for f, v in w.items() if abs(v) >= 1e-3}, round(bias, 4)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("train_dir")
    ap.add_argument("--docbin", help="cache of the parsed train texts")
    ap.add_argument("--out", default=str(Path(__file__).resolve().parents[1] / "claims" / "cue_weights.py"))
    ap.add_argument("--epochs", type=int, default=6)
    ap.add_argument("--l2", type=float, default=3e-3)
    ap.add_argument("--lr", type=float, default=0.2)
    ap.add_argument("--min-count", type=int, default=5)
    args = ap.parse_args()
    data = list(candidates(args.train_dir, args.docbin))
    pos = sum(y for _, _, y in data)
    print(f"{len(data)} candidates, {pos} positive", file=sys.stderr)
    weights, bias = train(data, args.epochs, args.l2, args.lr, args.min_count)
    with open(args.out, "w", encoding="utf-8") as fh:
        fh.write('"""Weights of the verb-cue model. Generated by bench/train_cue_model.py from PolNeAR train; do not edit."""\n')
        fh.write(f"BIAS = {bias!r}\n")
        fh.write("WEIGHTS = {\n")
        for f in sorted(weights):
            fh.write(f"    {f!r}: {weights[f]!r},\n")
        fh.write("}\n")
    print(f"{len(weights)} weights -> {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
