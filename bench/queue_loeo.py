"""The contradiction queue on the development events, and ``pairwise_numeric_min_confidence`` chosen
leave-one-event-out.

Each event is ingested with this checkout's code into DIR/<event>.duckdb (skipped when it exists; run with
``pairwise_numeric_min_confidence = 0`` in the settings so that every pairwise flag is stored in the queue),
then for each bar the pairwise numeric flags no figure disagreement covers and whose confidence is below it
are moved to the possible contradictions in a copy, and score_xsource.py scores the copy. Objective per
event: conflict recall - 0.3 x false alarms - 0.1 x flags beyond 1.5 x gold. For each event the bar is
chosen on the other five (ties: the lower bar).

Usage: python bench/queue_loeo.py DIR [EVENT_DIR ...]   (heavy when it ingests: flock /work/notes/heavy.lock)
"""
from __future__ import annotations

import json
import os
import pathlib
import shutil
import subprocess
import sys

import duckdb

ROOT = pathlib.Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "xsource"
SCORER = ROOT.parent / "shared" / "eval" / "score_xsource.py"
GRID = (0.0, 0.45, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 1.01)
PAIRWISE = ("kind = 'numeric' AND coalesce(group_key, '') NOT IN (SELECT disagreement_key FROM figure_disagreement_store)")


def ingest(event: pathlib.Path, db: pathlib.Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PREFECT_SERVER_ANALYTICS_ENABLED": "false", "DO_NOT_TRACK": "1"}
    subprocess.run([sys.executable, "-m", "flows.cli", "ingest", str(event / "articles.jsonl"), "--db", str(db),
                    "--no-prefect"], env=env, check=False, capture_output=True)


def score(event: pathlib.Path, db: pathlib.Path, bar: float) -> dict:
    copy = db.with_suffix(".bar.duckdb")
    shutil.copy(db, copy)
    con = duckdb.connect(str(copy))
    if bar > 0:
        con.execute(f"UPDATE contradiction_store SET queued = false WHERE {PAIRWISE} AND confidence < ?", [bar])
    con.close()
    out = copy.with_suffix(".json")
    subprocess.run([sys.executable, str(SCORER), str(event), str(copy), "--json", str(out)], check=True,
                   capture_output=True)
    return json.loads(out.read_text())


def objective(r: dict) -> float:
    over = max(0.0, r["flagged"] - 1.5 * r["conflicts_gold"])
    return r["conflict_recall"] - 0.3 * r["false_alarms"] - 0.1 * over


def main() -> int:
    folder = pathlib.Path(sys.argv[1])
    events = [pathlib.Path(p) for p in sys.argv[2:]] or sorted(p for p in DATA.iterdir() if p.is_dir())
    folder.mkdir(parents=True, exist_ok=True)
    dbs = {}
    for e in events:
        dbs[e.name] = folder / f"{e.name}.duckdb"
        if not dbs[e.name].exists():
            ingest(e, dbs[e.name])
    res = {bar: {e.name: score(e, dbs[e.name], bar) for e in events} for bar in GRID}
    show = lambda r: f"{round(r['conflict_recall'] * r['conflicts_gold'])}/{r['conflicts_gold']} fl{r['flagged']} fa{r['false_alarms']}"  # noqa: E731
    for bar in GRID:
        print(bar, " ".join(f"{n}:{show(r)}" for n, r in res[bar].items()),
              round(sum(objective(r) for r in res[bar].values()), 3))
    held = []
    for e in events:
        bar = max(GRID, key=lambda b: (sum(objective(r) for n, r in res[b].items() if n != e.name), -b))
        held.append(res[bar][e.name]["conflict_recall"])
        print(f"held out {e.name}: bar {bar} {show(res[bar][e.name])}")
    print(f"held-out mean conflict recall {sum(held) / len(held):.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
