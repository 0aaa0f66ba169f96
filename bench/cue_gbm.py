#!/usr/bin/env python3
"""Experiment: gradient-boosted trees (LightGBM) as the cue scorer, against the shipped logistic model.

Same candidates, features and labels as bench/train_models.py (PolNeAR train); the trees see the
features as sparse 0/1 columns and can learn their conjunctions. Scored on dev, first annotator.

Measured (dev, first annotator, same rules; the shipped logistic model: claim F1 0.7521, full
0.6933, exact 0.5827, speaker accuracy 0.9285):
  31 leaves, 300 trees, threshold 0.4: claim F1 0.7577, full 0.6972, exact 0.5841, speaker 0.9261
  31 leaves, 300 trees, threshold 0.5: claim F1 0.7514, full 0.6997, exact 0.5854, speaker 0.9375
  63 leaves, 500 trees, threshold 0.4: claim F1 0.7539, full 0.6895, exact 0.5770, speaker 0.9224
  63 leaves, 500 trees, threshold 0.5: claim F1 0.7532, full 0.6957, exact 0.5879, speaker 0.9326
Under +0.01 on every F1 (speaker accuracy +0.009 at 0.5), for a compiled dependency and a
one-row-at-a-time prediction (the cue loop is sequential) that made the dev extraction after
parsing about 8 times slower. Not shipped; batching the candidates of a sentence would be the
way to try it again.

Usage: pip install lightgbm; python bench/cue_gbm.py [--cache DIR]
"""
from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from train_models import candidates, corpus_parser, gold_of, parsed, score_dev  # noqa: E402

from claims.extraction.extractor import Extractor, ExtractSettings  # noqa: E402


def main() -> int:
    import lightgbm as lgb
    import numpy as np
    import scipy.sparse as sp

    ap = corpus_parser(__doc__)
    ap.add_argument("--seed", type=int, default=13)
    args = ap.parse_args()
    from claims.nlp import load_nlp

    nlp = load_nlp()
    names, docs = parsed(args.train, args.cache, nlp)
    data = list(candidates(names, docs, gold_of(args.train), nlp))
    counts = Counter(f for _, feats, _ in data for f in feats)
    vocab = {f: i for i, f in enumerate(sorted(f for f, c in counts.items() if c >= 5))}

    def matrix(rows):
        ind, ptr = [], [0]
        for feats in rows:
            ind += sorted({vocab[f] for f in feats if f in vocab})
            ptr.append(len(ind))
        return sp.csr_matrix((np.ones(len(ind), dtype=np.float32), ind, ptr), shape=(len(rows), len(vocab)))

    x = matrix([feats for _, feats, _ in data])
    y = np.array([label for _, _, label in data])

    class Trees:
        def __init__(self, booster):
            self.booster = booster

        def prob(self, feats):
            return float(self.booster.predict(matrix([feats]))[0])

    dev_names, dev_docs = parsed(args.dev, args.cache, nlp)
    for leaves, rounds in ((31, 300), (63, 500)):
        booster = lgb.train({"objective": "binary", "num_leaves": leaves, "learning_rate": 0.05, "min_data_in_leaf": 20,
                             "feature_fraction": 0.5, "bagging_fraction": 0.8, "bagging_freq": 1, "seed": args.seed,
                             "num_threads": 1, "verbose": -1, "deterministic": True, "force_row_wise": True},
                            lgb.Dataset(x, y), rounds)
        for threshold in (0.4, 0.5):
            ex = Extractor(ExtractSettings(min_cue_prob=threshold), nlp=nlp, model=Trees(booster))
            s = score_dev(args.dev, dev_names, dev_docs, ex)
            print(f"{leaves} leaves {rounds} trees threshold {threshold}: claim F1 {s['claim']['f1']:.4f}  "
                  f"full {s['full']['f1']:.4f}  exact {s['exact']['f1']:.4f}  speaker {s['speaker_acc']:.4f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
