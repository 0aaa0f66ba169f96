"""Figures through ingest: stored with their claim, shown by `claimtrack figures` and `claimtrack history`,
and one disagreement grouped across outlets (invented articles)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from flows import pipeline
from flows.cli import app
from warehouse import reading

ARTICLES = [
    ("Harbor Ledger", "2031-06-02", "Rescue chief Ana Kord said at least 14 people were killed in the Tern Bay "
     "ferry sinking. The ferry sank at 12:51 PM Myanmar Standard Time on Friday. The ferry is 948ft long."),
    ("Civic Wire", "2031-06-02", "Rescue chief Ana Kord said nine people were killed in the Tern Bay ferry "
     "sinking. The ferry sank at 2:51 pm (Beijing time) on Friday. The ferry is 289m long, its owner said."),
    ("Bay Herald", "2031-06-02", "Nine people were killed in the Tern Bay ferry sinking, rescue chief Ana Kord "
     "told reporters. A 52-year-old captain survived, and the crossing took 75 minutes."),
]


@pytest.fixture(scope="module")
def figures_db(tmp_path_factory) -> Path:
    from flows import settings as config

    tmp = tmp_path_factory.mktemp("figures")
    src = tmp / "a.jsonl"
    with src.open("w", encoding="utf-8") as f:
        for i, (outlet, day, text) in enumerate(ARTICLES):
            f.write(json.dumps({"id": f"f{i}", "outlet": outlet, "url": f"https://example.test/f{i}",
                                "published": day, "text": text}) + "\n")
    db = tmp / "w.duckdb"
    pipeline.ingest([str(src)], db, config.load(None))
    return db


def test_every_figure_is_stored_with_its_kind_and_claim(figures_db):
    with reading(figures_db) as con:
        rows = con.execute("SELECT outlet, kind, text, claim_id FROM figures ORDER BY figure_id").fetchall()
    kinds = {(o, k, t) for o, k, t, _ in rows}
    assert ("Harbor Ledger", "count", "at least 14") in kinds
    assert ("Civic Wire", "clock", "at 2:51 pm") in kinds
    assert ("Bay Herald", "age", "52-year-old") in kinds and ("Bay Herald", "duration", "75 minutes") in kinds
    assert all(c is not None for o, k, t, c in rows if k == "count")  # inside Kord's attributed claims


def test_one_disagreement_groups_the_outlets_by_value(figures_db):
    with reading(figures_db) as con:
        groups = con.execute("SELECT disagreement_id, measure, values FROM figure_disagreements").fetchall()
        sides = con.execute("SELECT d.measure, m.side, f.outlet FROM figure_disagreement_mention m "
                            "JOIN figure_disagreement_store d USING (disagreement_id) "
                            "JOIN figures f USING (figure_id) ORDER BY 1, 2, 3").fetchall()
        claims = con.execute("SELECT count(*) FROM figure_disagreement_claims").fetchone()[0]
    killed = [s for s in sides if s[0].startswith("people killed")]
    assert {(side, outlet) for _, side, outlet in killed} == {
        ("9", "Bay Herald"), ("9", "Civic Wire"), ("≥14", "Harbor Ledger")}
    assert claims >= 3
    # 12:51 in Myanmar (06:21 UTC) and 2:51 pm in Beijing (06:51 UTC) cannot both hold; 948ft and 289m agree
    assert any(m == "time: when it happened" or m.startswith("time") for _, m, _ in groups)
    assert not any(m.startswith("distance") or m.startswith("length") for _, m, _ in groups)


def test_cli_figures_and_history(figures_db):
    """`claimtrack figures` lists each value with outlet and claimant, then the disagreement; history shows them."""
    result = CliRunner().invoke(app, ["figures", "--db", str(figures_db), "--measure", "killed"])
    assert result.exit_code == 0, result.output
    rows = [line for line in result.output.splitlines() if "at least 14" in line]
    assert rows and "Harbor Ledger" in rows[0] and "Ana Kord" in rows[0]
    told = " ".join(result.output.split())
    assert "disagreement" in told and "9 — Bay Herald, Civic Wire" in told
    with reading(figures_db) as con:
        cluster = con.execute("SELECT cluster_id FROM claims WHERE content LIKE '%nine people%' "
                              "AND cluster_id IS NOT NULL").fetchone()[0]
    shown = CliRunner().invoke(app, ["history", str(cluster), "--db", str(figures_db)])
    assert shown.exit_code == 0, shown.output
    assert "figures: people killed" in shown.output
    nothing = CliRunner().invoke(app, ["figures", "--db", str(figures_db), "--measure", "no such thing"])
    assert nothing.exit_code != 0 and "no figures" in nothing.output


def test_the_toll_disagreement_is_one_contradiction_whose_decision_covers_later_mentions(figures_db, tmp_path):
    """The figures' toll disagreement is in the contradiction queue once (no second pairwise row for the same
    claims); a confirmed decision covers a mention ingested later; linking an unrelated story does not
    recompute the toll's story."""
    import shutil

    from flows import settings as config
    from warehouse import review, writing

    db = tmp_path / "w.duckdb"
    shutil.copy(figures_db, db)
    with reading(db) as con:
        rows = con.execute("SELECT contradiction_id, side, source FROM contradiction_claims"
                           " WHERE contradiction_id IN (SELECT contradiction_id FROM contradictions"
                           " WHERE subject LIKE 'people killed%')").fetchall()
        pairs = con.execute("SELECT count(*) FROM contradictions WHERE kind = 'numeric'").fetchone()[0]
        fig = con.execute("SELECT disagreement_id, disagreement_key FROM figure_disagreement_store"
                          " WHERE measure LIKE 'people killed%'").fetchall()
    (cid,) = {r[0] for r in rows}
    assert {(side, source) for _, side, source in rows} == {
        ("9 people", "Bay Herald"), ("9 people", "Civic Wire"), ("≥14 people", "Harbor Ledger")}
    assert pairs == len({r[1] for r in fig}) + 1  # the toll and the clock time: one row each, no pairwise copy
    with writing(db) as con:
        assert review.decide(con, cid, "confirmed", "two tolls")

    def ingest(i, outlet, text):
        src = tmp_path / f"{i}.jsonl"
        src.write_text(json.dumps({"id": f"g{i}", "outlet": outlet, "url": f"https://example.test/g{i}",
                                   "published": "2031-06-02", "text": text}) + "\n", encoding="utf-8")
        pipeline.ingest([str(src)], db, config.load(None))

    ingest(1, "Delta Post", "Rescue chief Ana Kord said nine people were killed in the Tern Bay ferry sinking "
           "on Friday. Divers searched the wreck overnight.")
    with reading(db) as con:
        status, mentions = con.execute("SELECT status, mentions FROM contradictions WHERE contradiction_id = ?",
                                       [cid]).fetchone()
        sources = {s for (s,) in con.execute("SELECT source FROM contradiction_claims WHERE contradiction_id = ?",
                                             [cid]).fetchall()}
        kept = con.execute("SELECT disagreement_id FROM figure_disagreement_store").fetchall()
    assert status == "confirmed" and "Delta Post" in sources and mentions == 4
    ingest(2, "Upland Times", "The Kestrel valley apple fair drew 3,000 visitors in March, organisers said. "
           "Fair chair Omar Reyes said 4,500 tickets were sold in advance.")
    with reading(db) as con:
        assert con.execute("SELECT disagreement_id FROM figure_disagreement_store").fetchall() == kept
        assert con.execute("SELECT count(*) FROM contradictions WHERE kind = 'numeric'").fetchone()[0] == pairs
