"""Quality gate: cluster F1 and conflict recall on each cross-source development event.

Reads ../shared/data/xsource (skips when absent). Each event is ingested alone into a
fresh warehouse and scored with ../shared/eval/score_xsource.py; the floors are pinned a
little under the figures reached (see the closing notes), so a change that loses quality fails.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

SHARED = Path(__file__).parents[1].parent / "shared"
EVENTS = SHARED / "data" / "xsource"
SCORER = SHARED / "eval" / "score_xsource.py"

#: event → (cluster F1 floor, conflict recall floor, false alarms at most, contradictions flagged at most).
#: Re-pinned after stories, grouped disagreements, figures and propositions (December): recall, false
#: alarms and flags are tighter everywhere and H, I are gated too; A's and C's cluster F1 floors are lower
#: (0.792 → 0.755 and 0.394 → 0.352, the price of the proposition units, while the mean rose 0.398 → 0.423).
#: Units (issue 22): a past relative clause on an object is its own claim and British-style quote paragraphs
#: continue their speaker: A 0.755 → 0.758, C 0.352 → 0.479, I 0.326 → 0.353 (floors raised), mean 0.423 →
#: 0.444, precision held or up on every event; D's floor is LOWERED 0.45 → 0.42 (0.463 → 0.430, precision
#: 0.550 → 0.548): its gold mentions of "an attack ... that killed 26" span the whole sentence and now map
#: to the main clause's claim ("the fighting was touched off by an attack"), not to the relative clause's.
#: Predicate classes as synonym groups and actor keys by name (issue 22), merged with the units above: A
#: 0.762, C 0.479, D 0.430, E 0.287, H 0.379, I 0.366 (mean 0.450); E's floor raised 0.25 → 0.28 and I's
#: 0.34 → 0.36; precision up or held (D 0.550 → 0.548, E 0.403 → 0.398); false alarms 0.
FLOORS = {
    "eventA": (0.75, 0.80, 0, 8),
    "eventC": (0.46, 0.45, 0, 17),
    "eventD": (0.42, 0.20, 0, 12),
    "eventE": (0.28, 0.25, 0, 12),
    "eventH": (0.36, 0.20, 0, 14),
    "eventI": (0.36, 0.28, 0, 7),
}

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("event", sorted(FLOORS))
def test_event_floor(event, tmp_path):
    """Each development event keeps its cluster F1, conflict recall and false-alarm floors."""
    folder = EVENTS / event
    if not folder.is_dir() or not SCORER.is_file():
        pytest.skip("../shared xsource events or scorer are not present")
    from flows.settings import load
    from flows.pipeline import ingest

    db = tmp_path / "w.duckdb"
    ingest([str(folder / "articles.jsonl")], db, load())
    out = tmp_path / "score.json"
    subprocess.run([sys.executable, str(SCORER), str(folder), str(db), "--json", str(out)], check=True,
                   capture_output=True, text=True)
    score = json.loads(out.read_text())
    f1, recall, alarms, flagged = FLOORS[event]
    assert score["cluster"]["f1"] >= f1, score
    assert score["conflict_recall"] >= recall, score
    assert score["false_alarms"] <= alarms, score
    assert score["flagged"] <= flagged, score  # reviewer load
