"""Train the merge decision (claims/data/merge_model.json) on the development events' gold pairs.

    python bench/train_merge_model.py            # fit on every event, write the model and its card
    python bench/train_merge_model.py --loeo     # leave-one-event-out only: fit on three, score the fourth

Each event of ../shared/data/xsource is ingested once (plain pipeline, cached under
$TMPDIR/claimtrack-merge); each gold mention is mapped to the claim it overlaps most (as
score_xsource.py does). Training pairs: every two mapped claims of different articles of one
event (positive when they share a gold cluster), plus, for each mapped claim, its nearest
claims of the other events (negative: unrelated stories must never merge). Logistic
regression with L2 (Newton steps, deterministic); the threshold is the one that maximizes
the mean cluster F1 of the fitted events when their claims are clustered from scratch.
"""
from __future__ import annotations

import argparse
import datetime
import hashlib
import itertools
import json
import os
import pathlib
import sys
import tempfile

import numpy as np

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SHARED = ROOT.parent / "shared"
EVENTS = SHARED / "data" / "xsource"
OUT = ROOT / "claims" / "data"

from claims.linking.clustering import MatchSettings, cluster_claims  # noqa: E402
from claims.linking.pair_model import FEATURES, MergeModel, pair_features, prepare  # noqa: E402

L2 = 10.0
THRESHOLDS = [round(x, 2) for x in np.arange(0.2, 0.86, 0.05)]


def ingest_event(event: pathlib.Path, cache: pathlib.Path) -> pathlib.Path:
    from flows.settings import load as load_settings
    from flows.pipeline import ingest

    db = cache / f"{event.name}.duckdb"
    if not db.exists():
        ingest([str(event / "articles.jsonl")], db, load_settings())
    return db


def load_event(event: pathlib.Path, db: pathlib.Path, offset: int = 0):
    """(claims as the matcher sees them, claim index → gold cluster names, mentions, article id → text).

    Article ids are shifted by ``offset`` so events from separate warehouses never share one."""
    from dataclasses import replace

    import duckdb

    from warehouse.history import claims_for_matching

    arts = {}
    for line in open(event / "articles.jsonl", encoding="utf-8"):
        if line.strip():
            a = json.loads(line)
            arts[a["id"]] = a
    gold = json.load(open(event / "gold_clusters.json", encoding="utf-8"))
    con = duckdb.connect(str(db), read_only=True)
    by_url = {u: (aid, t) for aid, u, t in con.execute("select article_id, url, text from articles").fetchall()}
    ids = [r[0] for r in con.execute("select claim_id from claim_store order by claim_id").fetchall()]
    claims = [replace(c, article_id=c.article_id + offset) for c in claims_for_matching(con, ids)]
    texts = {aid + offset: t for aid, _, t in con.execute("select article_id, url, text from articles").fetchall()}
    spans = {r[0]: (r[1], r[2], r[3]) for r in con.execute("select claim_id, article_id, claim_start, claim_end from claim_store").fetchall()}
    con.close()
    position = {c.claim_id: i for i, c in enumerate(claims)}
    labels: dict[int, set[str]] = {}
    mentions = []
    for cl in gold:
        for m in cl["mentions"]:
            aid, text = by_url[arts[m["article"]]["url"]]
            start = text.find(m["quote"])
            hit = None
            if start >= 0:
                end = start + len(m["quote"])
                best_key = (0, 0)
                for cid, (a, cs, ce) in spans.items():
                    if a != aid:
                        continue
                    key = (min(end, ce) - max(start, cs), -(ce - cs))
                    if key[0] > 0 and key > best_key:
                        hit, best_key = position[cid], key
            mentions.append((cl["cluster"], m["article"], hit))
            if hit is not None:
                labels.setdefault(hit, set()).add(cl["cluster"])
    return claims, labels, mentions, texts


def cluster_f1(mentions, assignment: dict[int, int], claims) -> float:
    """score_xsource.py's pairwise cluster F1 for an assignment (claim id → cluster)."""
    tp = fp = fn = 0
    for (g1, a1, h1), (g2, a2, h2) in itertools.combinations(mentions, 2):
        if a1 == a2:
            continue
        same_gold = g1 == g2
        same_sys = h1 is not None and h2 is not None and \
            assignment.get(claims[h1].claim_id) == assignment.get(claims[h2].claim_id)
        tp += same_gold and same_sys
        fp += same_sys and not same_gold
        fn += same_gold and not same_sys
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return 2 * p * r / (p + r) if p + r else 0.0


def pairs_of(data, cross: int = 5):
    """Feature rows and labels of every event's training pairs."""
    X, y = [], []
    for name, (claims, labels, _, texts) in data.items():
        prep = prepare(claims, texts)
        mapped = sorted(labels)
        for i, j in itertools.combinations(mapped, 2):
            if claims[i].article_id == claims[j].article_id:
                continue
            X.append(pair_features(claims, prep, i, [j])[0])
            y.append(1.0 if labels[i] & labels[j] else 0.0)
    # unrelated stories: each mapped claim against its nearest claims of the other events
    names = sorted(data)
    for name in names:
        claims, labels, _, texts = data[name]
        others = [c for o in names if o != name for c in data[o][0]]
        both = [*claims, *others]
        prep = prepare(both, {k: v for d in data.values() for k, v in d[3].items()})
        off = len(claims)
        sims = prep.vectors[:off] @ prep.vectors[off:].T
        for i in sorted(labels):
            for k in np.argsort(-sims[i], kind="stable")[:cross]:
                X.append(pair_features(both, prep, i, [off + int(k)])[0])
                y.append(0.0)
    return np.asarray(X), np.asarray(y)


def fit(X: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, float]:
    """L2-regularized logistic regression by Newton's method (deterministic)."""
    A = np.hstack([X, np.ones((len(X), 1))])
    w = np.zeros(A.shape[1])
    reg = np.full(A.shape[1], L2)
    reg[-1] = 0.0
    for _ in range(50):
        p = 1.0 / (1.0 + np.exp(-(A @ w)))
        grad = A.T @ (p - y) + reg * w
        H = (A * (p * (1 - p))[:, None]).T @ A + np.diag(reg + 1e-9)
        step = np.linalg.solve(H, grad)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return w[:-1], float(w[-1])


def score_events(data, model: MergeModel) -> dict[str, float]:
    out = {}
    for name, (claims, labels, mentions, texts) in data.items():
        result = cluster_claims(claims, [], 1, MatchSettings(), model=model, articles=texts)
        out[name] = cluster_f1(mentions, result.assignments, claims)
    return out


def train(data) -> tuple[MergeModel, dict[str, float]]:
    X, y = pairs_of(data)
    w, b = fit(X, y)
    best = None
    for t in THRESHOLDS:
        model = MergeModel(tuple(round(float(v), 6) for v in w), round(b, 6), t)
        scores = score_events(data, model)
        mean = sum(scores.values()) / len(scores)
        if best is None or mean > best[0] + 1e-9:
            best = (mean, model, scores)
    return best[1], best[2]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--loeo", action="store_true", help="leave-one-event-out figures only; write nothing")
    args = ap.parse_args()
    if not EVENTS.is_dir():
        print("../shared/data/xsource is not present", file=sys.stderr)
        return 2
    cache = pathlib.Path(os.environ.get("CLAIMTRACK_MERGE_CACHE", pathlib.Path(tempfile.gettempdir()) / "claimtrack-merge"))
    cache.mkdir(parents=True, exist_ok=True)
    events = sorted(p for p in EVENTS.iterdir() if (p / "gold_clusters.json").exists())
    data = {e.name: load_event(e, ingest_event(e, cache), 100_000 * k) for k, e in enumerate(events)}
    held = {}
    for e in events:
        rest = {k: v for k, v in data.items() if k != e.name}
        model, fitted = train(rest)
        held[e.name] = score_events({e.name: data[e.name]}, model)[e.name]
        print(f"held out {e.name}: cluster F1 {held[e.name]:.3f}  (threshold {model.threshold}, "
              f"fitted events {', '.join(f'{k} {v:.3f}' for k, v in fitted.items())})")
    mean_held = sum(held.values()) / len(held)
    print(f"loeo_mean_cluster_f1={mean_held:.3f} " + " ".join(f"{k}={v:.3f}" for k, v in held.items()))
    if args.loeo:
        return 0
    model, fitted = train(data)
    payload = {"features": list(FEATURES), "weights": list(model.weights), "bias": model.bias,
               "threshold": model.threshold, "max_days_apart": model.max_days_apart}
    raw = (json.dumps(payload, indent=1) + "\n").encode("utf-8")
    (OUT / "merge_model.json").write_bytes(raw)
    card = f"""# merge_model.json — the merge decision

What: logistic weights over `claims.linking.pair_model.FEATURES` and the average-link threshold that
decides whether a claim joins a cluster (one proposition from one claimant side).

- Training data: gold clusters of the development events {', '.join(e.name for e in events)}
  (../shared/data/xsource), every pair of mapped claims from different articles of one event
  ({'positive when they share a gold cluster'}), plus the 5 nearest claims of the other events
  as negatives (unrelated stories).
- Command: `python bench/train_merge_model.py` (deterministic: Newton steps, no sampling; same
  data → same bytes). L2 = {L2}; threshold chosen from {THRESHOLDS[0]}..{THRESHOLDS[-1]} by the mean
  cluster F1 of the events when clustered from scratch.
- Date: {datetime.date.today().isoformat()}
- Leave-one-event-out (fit on three, score the fourth): mean held-out cluster F1 {mean_held:.3f}
  ({', '.join(f'{k} {v:.3f}' for k, v in held.items())}).
- Fitted on all four (in-sample): {', '.join(f'{k} {v:.3f}' for k, v in fitted.items())}; threshold {model.threshold}.
- sha256 of merge_model.json: {hashlib.sha256(raw).hexdigest()}
"""
    (OUT / "merge_model.md").write_text(card, encoding="utf-8")
    print(f"wrote {OUT / 'merge_model.json'} (threshold {model.threshold}); in-sample "
          + " ".join(f"{k}={v:.3f}" for k, v in fitted.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
