"""Leave-one-event-out: the figure that predicts events the project has never seen.

For each development event in ../shared/data/xsource: fit the merge model (weights and
threshold) on the other three events, cluster the held-out event from scratch with it, and
score it with score_xsource.py's pairwise cluster F1. Conflict recall comes from the
contradiction rules, which have no weights fitted to the events: each event is ingested with
the shipped settings and scored by ../shared/eval/score_xsource.py.

    python bench/xsource_loeo.py

Last line: ``loeo_mean_cluster_f1=… loeo_mean_conflict_recall=… <event>_f1=… …``
"""
from __future__ import annotations

import json
import pathlib
import subprocess
import sys
import tempfile

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import train_merge_model as tm  # noqa: E402

SCORER = tm.SHARED / "eval" / "score_xsource.py"


def main() -> int:
    if not tm.EVENTS.is_dir():
        print("../shared/data/xsource is not present", file=sys.stderr)
        return 2
    events = sorted(p for p in tm.EVENTS.iterdir() if (p / "gold_clusters.json").exists())
    with tempfile.TemporaryDirectory() as tmp:
        cache = pathlib.Path(tmp)
        dbs = {e.name: tm.ingest_event(e, cache) for e in events}
        data = {e.name: tm.load_event(e, dbs[e.name], 100_000 * k) for k, e in enumerate(events)}
        f1, recall = {}, {}
        for e in events:
            model, _ = tm.train({k: v for k, v in data.items() if k != e.name})
            f1[e.name] = tm.score_events({e.name: data[e.name]}, model)[e.name]
            out = cache / f"{e.name}.json"
            subprocess.run([sys.executable, str(SCORER), str(e), str(dbs[e.name]), "--json", str(out)], check=True,
                           capture_output=True, text=True)
            recall[e.name] = json.loads(out.read_text())["conflict_recall"]
            print(f"{e.name}: held-out cluster F1 {f1[e.name]:.3f} (threshold {model.threshold}), "
                  f"conflict recall {recall[e.name]:.3f}")
    n = len(events)
    print(f"loeo_mean_cluster_f1={sum(f1.values()) / n:.3f} loeo_mean_conflict_recall={sum(recall.values()) / n:.3f} "
          + " ".join(f"{k}_f1={v:.3f}" for k, v in f1.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
