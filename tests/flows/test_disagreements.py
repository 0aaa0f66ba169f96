"""A contradiction is one disagreement with every mention on each side (issue 20): grouping across outlets,
later mentions attached to it and covered by its review decision, older warehouses upgraded."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from flows import pipeline
from warehouse import reading, review, writing

# Our own invented story: a harbour pier whose cost four outlets report two ways.
DAY = "2026-05-04"


LEADS = {
    "Coastal Gazette": "The Harlow port board voted on Monday to build a cargo pier on the north quay.",
    "Pine Street Journal": "Harlow will get its long-awaited cargo pier after a unanimous board vote.",
    "Meridian Daily": "Board members in Harlow backed the pier plan despite objections from fishermen.",
    "Northbank Times": "A new pier is coming to Harlow, the port's board decided at a crowded meeting.",
    "Westerly Herald": "Construction crews could be on Harlow's north quay by October after the board's decision.",
}
TAILS = {
    "Coastal Gazette": "Fishing crews fear the works will close the old slipway for a season.",
    "Pine Street Journal": "The council's harbour committee will review the tender documents next month.",
    "Meridian Daily": "Opponents gathered outside the port offices with banners and a petition.",
    "Northbank Times": "Ferry timetables will not change during the first phase, officials added.",
    "Westerly Herald": "The port expects the first container ships to berth there within three years.",
}


def _article(i: int, outlet: str, cost: str) -> dict:
    slug = outlet.lower().replace(" ", "-")
    return {"id": f"p{i}", "outlet": outlet, "url": f"https://{slug}.example/{DAY}/harlow-pier", "published": DAY,
            "title": f"Harlow pier ({outlet})",
            "text": f"{LEADS[outlet]}\n\nPort director Lena Marsh said the new cargo pier would cost {cost}.\n\n"
                    f"{TAILS[outlet]}"}


FOUR = [_article(1, "Coastal Gazette", "$40 million"), _article(2, "Pine Street Journal", "$40 million"),
        _article(3, "Meridian Daily", "$55 million"), _article(4, "Northbank Times", "$55 million")]
FIFTH = _article(5, "Westerly Herald", "$55 million")


def write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


@pytest.fixture
def pier(tmp_path: Path, settings: dict) -> Path:
    db = tmp_path / "pier.duckdb"
    summary = pipeline.ingest([str(write_jsonl(tmp_path / "four.jsonl", FOUR))], db, settings)
    assert summary.articles_new == 4 and not summary.errors
    return db


def _groups(db: Path) -> dict[int, dict[str, set[str]]]:
    """contradiction id → side → the outlets on it (from the public views)."""
    with reading(db) as con:
        rows = con.execute("SELECT contradiction_id, side, source FROM contradiction_claims").fetchall()
    out: dict[int, dict[str, set[str]]] = {}
    for cid, side, source in rows:
        out.setdefault(cid, {}).setdefault(side, set()).add(source)
    return out


def test_one_disagreement_across_four_outlets_is_one_contradiction_with_four_mentions(pier):
    groups = _groups(pier)
    assert len(groups) == 1, groups
    (sides,) = groups.values()
    assert sides == {"$40 million": {"Coastal Gazette", "Pine Street Journal"},
                     "$55 million": {"Meridian Daily", "Northbank Times"}}
    with reading(pier) as con:
        (row,) = con.execute("SELECT kind, mentions, outlets, sides, confidence FROM contradictions").fetchall()
        df = review.report(con)
    assert row[:4] == ("numeric", 4, 4, 2) and 0 < row[4] <= 1
    assert df.iloc[0]["grouped"] == ("$40 million — Coastal Gazette, Pine Street Journal · "
                                     "$55 million — Meridian Daily, Northbank Times")


def test_confirming_it_covers_a_fifth_mention_ingested_later(pier, settings, tmp_path):
    (cid,) = _groups(pier)
    with writing(pier) as con:
        assert review.decide(con, cid, "confirmed", "checked with the port board")
    pipeline.ingest([str(write_jsonl(tmp_path / "fifth.jsonl", [FIFTH]))], pier, settings)
    groups = _groups(pier)
    assert list(groups) == [cid], "the later mention joins the disagreement, no new one opens"
    assert groups[cid]["$55 million"] == {"Meridian Daily", "Northbank Times", "Westerly Herald"}
    with reading(pier) as con:
        status, note, mentions = con.execute(
            "SELECT status, note, mentions FROM contradictions WHERE contradiction_id = ?", [cid]).fetchone()
        row = review.report(con, contradiction_id=cid).iloc[0]
    assert (status, note, mentions) == ("confirmed", "checked with the port board", 5)
    assert [e["source_a"] for e in row["evidence"]] == ["Westerly Herald"]  # shown as new since the decision


def _downgrade_to_007(con) -> None:
    """Make a warehouse look as one written before migration 008: pairs only, the old reason format."""
    con.execute("DROP TABLE contradiction_mention")
    con.execute("CREATE TEMP TABLE old_x AS SELECT contradiction_id, kind, claim_id_a, claim_id_b, reason, subject, score,"
                " status, note, reviewed_at, run_id, detected_at, pair_key FROM contradiction_store")
    con.execute("DROP TABLE contradiction_store")
    con.execute("""CREATE TABLE contradiction_store (
        contradiction_id BIGINT PRIMARY KEY, kind VARCHAR NOT NULL, claim_id_a BIGINT NOT NULL,
        claim_id_b BIGINT NOT NULL, reason VARCHAR NOT NULL, subject VARCHAR, score DOUBLE,
        status VARCHAR NOT NULL DEFAULT 'open', note VARCHAR, reviewed_at TIMESTAMP, run_id BIGINT,
        detected_at TIMESTAMP DEFAULT current_timestamp, pair_key VARCHAR, UNIQUE (claim_id_a, claim_id_b, kind))""")
    con.execute("INSERT INTO contradiction_store SELECT * FROM old_x")
    con.execute("DELETE FROM schema_migrations WHERE version >= 8")
    con.execute("DELETE FROM schema_views")


def test_an_upgraded_old_warehouse_keeps_its_decisions(pier):
    (cid,) = _groups(pier)
    with writing(pier) as con:
        a, b = con.execute("SELECT claim_id_a, claim_id_b FROM contradiction_store").fetchone()
        sa, sb = (con.execute("SELECT source FROM claims WHERE claim_id = ?", [c]).fetchone()[0] for c in (a, b))
        va, vb = ("$40 million", "$55 million") if sa in ("Coastal Gazette", "Pine Street Journal") else \
            ("$55 million", "$40 million")
        con.execute("UPDATE contradiction_store SET status = 'confirmed', note = 'two budgets', reviewed_at = now(),"
                    " reason = ?", [f"{sa} (Lena Marsh): {va}; {sb} (Lena Marsh): {vb}"])
    import duckdb

    con = duckdb.connect(str(pier))
    try:
        _downgrade_to_007(con)
    finally:
        con.close()
    with writing(pier) as con:  # opening it migrates: 008 turns the pair into a group of two
        versions = {v for (v,) in con.execute("SELECT version FROM schema_migrations").fetchall()}
    assert 8 in versions
    assert _groups(pier) == {cid: {va: {sa}, vb: {sb}}}
    with reading(pier) as con:
        status, note, mentions = con.execute(
            "SELECT status, note, mentions FROM contradictions WHERE contradiction_id = ?", [cid]).fetchone()
    assert (status, note, mentions) == ("confirmed", "two budgets", 2)

