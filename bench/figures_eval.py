"""Numeric disagreements from figures, scored on the development events (../shared/data/xsource).

Each event is ingested into a fresh warehouse with this checkout's code (``python -m flows.cli ingest
... --no-prefect``), then its ``figure_disagreement_claims`` (claim pairs with different sides) are
scored as score_xsource.py scores contradictions: numeric recall over the gold ``numeric`` pairs,
false alarms over the gold ``compatible`` pairs, flagged = disagreements among the event's figures.

Usage: python bench/figures_eval.py [EVENT_DIR ...] [-v] [--keep=DIR]
       python bench/figures_eval.py --search --keep=DIR [--configs=N]   (after a run with --keep=DIR:
       chooses the rule's settings leave-one-event-out on the stored figures; no re-ingest)      (heavy: run under flock /work/notes/heavy.lock)
"""
from __future__ import annotations

import itertools
import json
import os
import pathlib
import subprocess
import sys
import tempfile

import duckdb

ROOT = pathlib.Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "xsource"


def ingest(event: pathlib.Path, db: pathlib.Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PREFECT_SERVER_ANALYTICS_ENABLED": "false", "DO_NOT_TRACK": "1"}
    subprocess.run([sys.executable, "-m", "flows.cli", "ingest", str(event / "articles.jsonl"), "--db", str(db),
                    "--no-prefect"], check=False, capture_output=True, env=env, cwd=ROOT)


def score(event: pathlib.Path, db: pathlib.Path) -> dict:
    arts = {json.loads(x)["id"]: json.loads(x) for x in open(event / "articles.jsonl", encoding="utf-8") if x.strip()}
    gold = json.load(open(event / "gold_conflicts.json", encoding="utf-8"))
    con = duckdb.connect(str(db), read_only=True)
    by_url = {u: (a, t) for a, u, t in con.execute("SELECT article_id, url, text FROM articles").fetchall()}

    def locate(m):
        aid, text = by_url[arts[m["article"]]["url"]]
        s = text.find(m["quote"])
        if s < 0:
            return None
        e = s + len(m["quote"])
        best, bk = None, (0, 0)
        for cid, cs, ce in con.execute("SELECT claim_id, claim_start, claim_end FROM claims WHERE article_id = ?",
                                       [aid]).fetchall():
            k = (min(e, ce) - max(s, cs), -(ce - cs))
            if k[0] > 0 and k > bk:
                best, bk = cid, k
        return best

    groups: dict = {}
    for did, cid, side in con.execute("SELECT disagreement_id, claim_id, side FROM figure_disagreement_claims").fetchall():
        groups.setdefault(did, []).append((cid, side))
    opposed = {frozenset((c1, c2)) for members in groups.values() for (c1, s1), (c2, s2)
               in itertools.combinations(members, 2) if s1 != s2 and c1 != c2}
    hits = {"numeric": [0, 0], "compatible": [0, 0]}
    missed = []
    for g in gold:
        if g["kind"] not in hits:
            continue
        a, b = locate(g["a"]), locate(g["b"])
        hits[g["kind"]][1] += 1
        found = bool(a and b and frozenset((a, b)) in opposed)
        hits[g["kind"]][0] += found
        if g["kind"] == "numeric" and not found:
            missed.append(g["about"])
    return {"recall": hits["numeric"][0] / max(1, hits["numeric"][1]), "found": hits["numeric"][0],
            "gold": hits["numeric"][1], "false_alarms": hits["compatible"][0], "flagged": len(groups),
            "figures": con.execute("SELECT count(*) FROM figure_store").fetchone()[0], "missed": missed}


def main() -> int:
    events = [pathlib.Path(a) for a in sys.argv[1:] if not a.startswith("-")] or sorted(
        p for p in DATA.iterdir() if (p / "gold_conflicts.json").exists())
    rows = []
    keep = next((a.split("=", 1)[1] for a in sys.argv if a.startswith("--keep=")), None)
    with tempfile.TemporaryDirectory() as tmp:
        for e in events:
            db = pathlib.Path(keep or tmp) / f"{e.name}.duckdb"
            db.unlink(missing_ok=True)
            ingest(e, db)
            r = score(e, db)
            rows.append((e.name, r))
            print(f"{e.name:<8} numeric recall {r['recall']:.3f} ({r['found']}/{r['gold']})  false alarms "
                  f"{r['false_alarms']}  flagged {r['flagged']} (≤ {1.5 * r['gold']:.0f})  figures {r['figures']}")
            if "-v" in sys.argv:
                for about in r["missed"]:
                    print("    missed:", about)
    n = len(rows)
    print(f"events={n} mean_numeric_recall={sum(r['recall'] for _, r in rows) / n:.3f} "
          f"false_alarms={sum(r['false_alarms'] for _, r in rows)} flagged={sum(r['flagged'] for _, r in rows)}")
    return 0




# --- choosing the settings leave-one-event-out (python bench/figures_eval.py --search --keep=DIR) -------

def search(keep: str, n: int, seed: int = 7) -> None:
    """Random search over the figure rule's weights and thresholds on warehouses ingested with --keep;
    for each event the settings are chosen on the other events; prints the held-out figures."""
    import random
    from dataclasses import replace

    sys.path.insert(0, str(ROOT))
    from claims.contradictions.figures import FigureSettings, detect_numeric_disagreements, pair_features
    from claims.quantities.figures import place_offsets
    from warehouse import figures as wf

    events = sorted(p for p in DATA.iterdir() if (p / "gold_conflicts.json").exists())
    prepared = []
    for e in events:
        con = duckdb.connect(str(pathlib.Path(keep) / f"{e.name}.duckdb"), read_only=True)
        figs = wf.stored_figures(con)
        texts = wf.article_texts(con)
        places = place_offsets([texts[a][0] for a in sorted({f.article_id for f in figs if f.figure.kind == "clock"})])
        prepared.append((e, con, figs, places, pair_features(figs)))
    base = FigureSettings.from_model()
    space = {"concept": [0.5, 1.0, 2.0], "concept_any": [0.0, 0.5, 1.0], "concept_clash": [-0.5, -1.0, -2.0],
             "noun": [0.0, 0.5, 1.0], "noun_exact": [0.0, 0.5], "ctx": [0.0, 0.5, 1.0], "ctx1": [0.0, 0.5],
             "names": [0.0, 0.3], "wide": [0.0, 0.5], "noncount": [0.5, 1.0], "same_article": [-0.5, 0.0]}
    other = {"link_threshold": [1.0, 1.5, 2.0], "edge_min": [0.0, 1.0, 1.5, 2.0, 2.5], "max_ratio": [2.0, 3.0, 10.0],
             "max_groups": [1, 2, 3], "rel_tol": [0.0, 0.003], "running_ratio": [1.25, 1.5]}
    rng = random.Random(seed)
    configs = [base]
    for _ in range(n):
        w = tuple(sorted((k, rng.choice(v)) for k, v in space.items()))
        configs.append(replace(base, weights=w, **{k: rng.choice(v) for k, v in other.items()}))
    results = []
    for s in configs:
        row = []
        for e, con, figs, places, feats in prepared:
            found = detect_numeric_disagreements(figs, s, places, feats=feats)
            row.append(_score_found(e, con, found))
        results.append(row)

    def obj(r):
        return r["recall"] - 0.3 * r["false_alarms"] - 0.1 * max(0, r["flagged"] - 1.5 * r["gold"])

    held = []
    for k, (e, *_rest) in enumerate(prepared):
        best = max(range(len(configs)), key=lambda c: (sum(obj(results[c][i]) for i in range(len(prepared)) if i != k), -c))
        r = results[best][k]
        held.append(r)
        print(f"{e.name:<8} held-out numeric recall {r['recall']:.3f} ({r['found']}/{r['gold']})  false alarms "
              f"{r['false_alarms']}  flagged {r['flagged']}  config #{best}")
    print(f"mean held-out numeric recall {sum(r['recall'] for r in held) / len(held):.3f}  "
          f"false alarms {sum(r['false_alarms'] for r in held)}")
    best = max(range(len(configs)), key=lambda c: (sum(obj(r) for r in results[c]), -c))
    print(f"all events: config #{best} {configs[best]}")
    print("  in-sample:", [(r["found"], r["gold"], r["false_alarms"], r["flagged"]) for r in results[best]],
          f"mean {sum(r['recall'] for r in results[best]) / len(prepared):.3f}")


def _score_found(event: pathlib.Path, con, found) -> dict:
    arts = {json.loads(x)["id"]: json.loads(x) for x in open(event / "articles.jsonl", encoding="utf-8") if x.strip()}
    gold = json.load(open(event / "gold_conflicts.json", encoding="utf-8"))
    by_url = {u: (a, t) for a, u, t in con.execute("SELECT article_id, url, text FROM articles").fetchall()}
    claims_of: dict = {}

    def locate(m):
        aid, text = by_url[arts[m["article"]]["url"]]
        if aid not in claims_of:
            claims_of[aid] = con.execute("SELECT claim_id, claim_start, claim_end FROM claims WHERE article_id = ?",
                                         [aid]).fetchall()
        s = text.find(m["quote"])
        if s < 0:
            return None
        e = s + len(m["quote"])
        best, bk = None, (0, 0)
        for cid, cs, ce in claims_of[aid]:
            k = (min(e, ce) - max(s, cs), -(ce - cs))
            if k[0] > 0 and k > bk:
                best, bk = cid, k
        return best

    opposed = set()
    for d in found:
        for s1, s2 in itertools.combinations(d.sides, 2):
            for x in s1.mentions:
                for y in s2.mentions:
                    opposed.update(frozenset((c1, c2)) for c1 in x.claim_ids for c2 in y.claim_ids if c1 != c2)
    hits = {"numeric": [0, 0], "compatible": [0, 0]}
    for g in gold:
        if g["kind"] in hits:
            a, b = locate(g["a"]), locate(g["b"])
            hits[g["kind"]][1] += 1
            hits[g["kind"]][0] += bool(a and b and frozenset((a, b)) in opposed)
    return {"recall": hits["numeric"][0] / max(1, hits["numeric"][1]), "found": hits["numeric"][0],
            "gold": hits["numeric"][1], "false_alarms": hits["compatible"][0], "flagged": len(found)}


if __name__ == "__main__":
    if "--search" in sys.argv:
        keep_dir = next(a.split("=", 1)[1] for a in sys.argv if a.startswith("--keep="))
        count = next((int(a.split("=", 1)[1]) for a in sys.argv if a.startswith("--configs=")), 300)
        search(keep_dir, count)
    else:
        sys.exit(main())
