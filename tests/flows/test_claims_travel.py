"""Claims that travel across outlets: one side's claim in several wordings, its variants, two stories apart.

Invented articles about an invented dam collapse in Moldova, told by three outlets, and an
unrelated city-budget story months later.
"""
import json

import duckdb
import pytest

from flows.settings import load as load_settings
from flows.pipeline import ingest

DAM = [
    ("Harbor Ledger", "2026-04-02", "Moldovan officials said 41 people were killed when the Marrow dam collapsed on "
     "Tuesday. Rescue teams searched the flooded villages below the dam through the night."),
    ("Civic Wire", "2026-04-02", "The Moldovan interior ministry said 41 people died after the Marrow dam "
     "collapsed on Tuesday, flooding villages downstream. Rescue teams worked through the night."),
    ("Eastport Herald", "2026-04-03", "Moldova's government said more than 40 people were killed in the collapse "
     "of the Marrow dam on Tuesday. The collapse flooded villages below the dam."),
    ("Delta Post", "2026-04-03", "Engineers began inspecting the Marrow dam, whose collapse on Tuesday reportedly "
     "killed 41 people in the villages below it. The Moldovan army said five helicopters joined the search."),
    ("Northern Star", "2026-04-04", "Moldovan military officials said three helicopters had joined the search "
     "for people missing after the Marrow dam collapse."),
]
BUDGET = [
    ("Harbor Ledger", "2026-09-20", "Mayor Lena Ortiz said the city budget would rise by five percent next year. "
     "She said the new money would go to schools and buses."),
]


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("travel")
    src = tmp / "articles.jsonl"
    with src.open("w", encoding="utf-8") as f:
        for n, (outlet, day, text) in enumerate(DAM + BUDGET):
            f.write(json.dumps({"id": f"t{n}", "outlet": outlet, "url": f"https://example.org/t{n}",
                                "published": day, "text": text}) + "\n")
    db = tmp / "w.duckdb"
    ingest([str(src)], db, load_settings())
    return db


def _claims(db, like: str):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute("SELECT claim_id, cluster_id, side, source, content FROM claims WHERE content ILIKE ?"
                           " ORDER BY claim_id", [like]).fetchall()
    finally:
        con.close()


def test_one_sides_toll_is_one_cluster_across_outlets_and_speakers(warehouse):
    """Officials, the interior ministry and the government of one country: one claim, whatever the wording."""
    rows = _claims(warehouse, "%killed%") + _claims(warehouse, "%died%")
    toll = [r for r in rows if "4" in r[4]]
    assert {"Harbor Ledger", "Civic Wire", "Eastport Herald"} <= {r[3] for r in toll}
    assert {r[2] for r in toll} == {"Moldova"} or all(r[2] in ("Moldova", None) for r in toll)
    assert len({r[1] for r in toll}) == 1, toll


def test_history_shows_each_mentions_figure(warehouse):
    """claim_history carries each mention's figure: 41 and "more than 40" in one history."""
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        figures = {r[0] for r in con.execute(
            "SELECT figure FROM claim_history WHERE wording ILIKE '%killed%' OR wording ILIKE '%died%'").fetchall()}
    finally:
        con.close()
    assert "41" in figures and any(f and "40" in f for f in figures)


def test_unrelated_story_never_joins(warehouse):
    """The budget story months later shares no cluster with the dam story."""
    budget = _claims(warehouse, "%budget%")
    dam = {r[1] for r in _claims(warehouse, "%dam%") + _claims(warehouse, "%killed%")}
    assert budget and not ({r[1] for r in budget} & dam)


def test_narration_reporting_the_claim_joins_its_cluster(warehouse):
    """The outlet's own "whose collapse reportedly killed 41 people" joins the officials' toll."""
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        rows = con.execute("SELECT quote_type, cluster_id FROM claims WHERE content ILIKE '%killed%'"
                           " OR content ILIKE '%died%'").fetchall()
    finally:
        con.close()
    narration = {c for q, c in rows if q == "narration"}
    attributed = {c for q, c in rows if q != "narration"}
    assert narration and narration <= attributed


def test_figures_written_as_words_that_disagree_are_raised(warehouse):
    """ "five helicopters" and "three helicopters" from one side's military are a numeric contradiction."""
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        reasons = [r[0] for r in con.execute("SELECT reason FROM contradictions WHERE kind = 'numeric'").fetchall()]
    finally:
        con.close()
    assert any("5 helicopters" in r and "3 helicopters" in r for r in reasons), reasons


def test_history_command_shows_how_the_figure_moved(claimtrack, warehouse):
    """`claimtrack history` of the toll cluster says how its figure moved: 41 → more than 40."""
    cluster = _claims(warehouse, "%more than 40%")[0][1]
    done = claimtrack("history", str(cluster), "--db", str(warehouse), timeout=120)
    assert done.returncode == 0, done.stderr
    assert "figure: 41 → more than 40" in done.stdout
