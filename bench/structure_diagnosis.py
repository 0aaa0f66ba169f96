"""How far the propositions' structure tells gold clusters apart (issue 22, "clusters from structure").

    python bench/structure_diagnosis.py [--reclass] [--top N]

Each development event of ../shared/data/xsource is ingested once (cached as
bench/train_merge_model.py caches it, $CLAIMTRACK_MERGE_CACHE) and each gold mention is mapped to
the claim it overlaps most. For every two mapped claims of different articles of one event, the pair
is *same* (they share a gold cluster) or *different*; for each part of the structure
(``claims.propositions.keys``) the script prints how often it agrees, differs or is unknown in each
group, and the precision and recall of "agrees" as a predictor of *same*. Then the same-cluster
pairs whose predicate classes differ, by lemma pair: the synonyms, nominalizations, light verbs and
speech cues the classes miss.

``--reclass``: read each claim's class from its stored predicate lemma with today's
claims/data/predicates.toml (a lexicon edit measured without a new ingest).
"""
from __future__ import annotations

import argparse
import collections
import itertools
import os
import pathlib
import sys
import tempfile

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import train_merge_model as tm  # noqa: E402

from claims.propositions.classes import predicate_class  # noqa: E402
from claims.propositions.keys import compare, keys_of  # noqa: E402

PARTS = ("actor", "actor_side", "class", "lemma", "target", "figure")


def part_states(a, b, ka, kb) -> dict[str, str]:
    """Each part of two claims' structure: "agree", "differ" or "unknown" (one side says nothing)."""
    def state(x, y):
        if not x or not y:
            return "unknown"
        return "agree" if x == y else "differ"

    cmp = compare(ka, kb)
    target = "unknown" if not ka.target_head or not kb.target_head else ("agree" if cmp["same_target"] else "differ")
    va = {q.value for q in a.quantities}
    vb = {q.value for q in b.quantities}
    figure = "unknown" if not va or not vb else ("agree" if va & vb else "differ")
    actor = "agree" if cmp["same_actor"] else ("differ" if cmp["actor_differs"] else "unknown")
    return {"actor": actor, "actor_side": state(a.actor_side, b.actor_side),
            "class": state(ka.cls, kb.cls), "lemma": state(a.predicate, b.predicate), "target": target,
            "figure": figure}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--reclass", action="store_true", help="classes from today's predicates.toml")
    ap.add_argument("--top", type=int, default=40, help="lemma pairs to list")
    args = ap.parse_args()
    if not tm.EVENTS.is_dir():
        print("../shared/data/xsource is not present", file=sys.stderr)
        return 2
    cache = pathlib.Path(os.environ.get("CLAIMTRACK_MERGE_CACHE",
                                        pathlib.Path(tempfile.gettempdir()) / "claimtrack-merge"))
    cache.mkdir(parents=True, exist_ok=True)
    events = sorted(p for p in tm.EVENTS.iterdir() if (p / "gold_clusters.json").exists())
    counts = {g: {p: collections.Counter() for p in PARTS} for g in ("same", "different")}
    n_pairs = collections.Counter()
    all3 = collections.Counter()
    missed = collections.Counter()
    per_event = {}
    for k, e in enumerate(events):
        claims, labels, _, _ = tm.load_event(e, tm.ingest_event(e, cache), 100_000 * k)
        cls_of = {i: predicate_class(claims[i].predicate) if args.reclass else claims[i].predicate_class
                  for i in labels}
        keys = {i: keys_of(claims[i].actor, claims[i].actor_side, claims[i].target, cls_of[i], claims[i].polarity)
                for i in labels}
        ev = collections.Counter()
        for i, j in itertools.combinations(sorted(labels), 2):
            a, b = claims[i], claims[j]
            if a.article_id == b.article_id:
                continue
            group = "same" if labels[i] & labels[j] else "different"
            n_pairs[group] += 1
            states = part_states(a, b, keys[i], keys[j])
            for p, s in states.items():
                counts[group][p][s] += 1
            rule = all(states[p] == "agree" for p in ("actor", "class", "target"))
            all3[(group, rule)] += 1
            ev[(group, states["class"])] += 1
            if group == "same" and states["class"] == "differ":
                missed[tuple(sorted((a.predicate, b.predicate)))] += 1
        per_event[e.name] = ev
    print(f"pairs of mapped claims (different articles, one event): same {n_pairs['same']}, "
          f"different {n_pairs['different']}")
    print(f"{'part':<11} {'group':<10} {'agree':>7} {'differ':>7} {'unknown':>8}   P(same|agree)  R(agree|same)")
    for p in PARTS:
        for g in ("same", "different"):
            c = counts[g][p]
            tot = sum(c.values()) or 1
            line = f"{p:<11} {g:<10} {c['agree'] / tot:7.3f} {c['differ'] / tot:7.3f} {c['unknown'] / tot:8.3f}"
            if g == "same":
                agree_same, agree_diff = c["agree"], counts["different"][p]["agree"]
                prec = agree_same / (agree_same + agree_diff) if agree_same + agree_diff else 0.0
                line += f"   {prec:13.3f}  {agree_same / tot:13.3f}"
            print(line)
    tp, fp = all3[("same", True)], all3[("different", True)]
    print(f"actor+class+target all agree: same {tp}/{n_pairs['same']} ({tp / max(n_pairs['same'], 1):.3f}), "
          f"different {fp}/{n_pairs['different']} ({fp / max(n_pairs['different'], 1):.3f}); "
          f"precision {tp / max(tp + fp, 1):.3f}")
    print("class differs on same-cluster pairs, per event: " + " ".join(
        f"{name} {ev[('same', 'differ')]}/{sum(v for (g, _), v in ev.items() if g == 'same')}"
        for name, ev in per_event.items()))
    print(f"same-cluster pairs whose classes differ, by lemma pair (top {args.top}):")
    for (x, y), n in missed.most_common(args.top):
        print(f"  {n:4d}  {x or '-'} / {y or '-'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
