"""Numeric disagreements from figures, scored on the development events (../shared/data/xsource).

Each event is ingested into a fresh warehouse with this checkout's code (``python -m flows.cli ingest
... --no-prefect``), then its ``figure_disagreement_claims`` (claim pairs with different sides) are
scored as score_xsource.py scores contradictions: numeric recall over the gold ``numeric`` pairs,
false alarms over the gold ``compatible`` pairs, flagged = disagreements among the event's figures.

Usage: python bench/figures_eval.py [EVENT_DIR ...]      (heavy: run under flock /work/notes/heavy.lock)
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
    with tempfile.TemporaryDirectory() as tmp:
        for e in events:
            db = pathlib.Path(tmp) / f"{e.name}.duckdb"
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


if __name__ == "__main__":
    sys.exit(main())
