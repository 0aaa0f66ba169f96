"""Claim histories across runs and outlets: one cluster per claim, stable ids, speakers, timeline, export."""
from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from flows import pipeline
from warehouse import reading

RUNS = [
    ("Harbor Ledger", "2031-03-02", "Finance Minister Lena Marsh said the port expansion will cost $12 million."),
    ("Coastal Courier", "2031-03-03", '"The port expansion will cost $12 million," Marsh told reporters on Monday.'),
    ("Bay Herald", "2031-03-05", "Lena Marsh told reporters that the expansion of the port would cost $12 million."),
]


def _jsonl(path: Path, rows: list[tuple[str, str, str]], start: int) -> Path:
    with path.open("w", encoding="utf-8") as f:
        for i, (outlet, day, text) in enumerate(rows, start):
            f.write(json.dumps({"id": f"t{i}", "outlet": outlet, "url": f"https://example.test/{i}",
                                "published": day, "text": text}) + "\n")
    return path


def _cluster_of(db: Path, needle: str) -> list[tuple]:
    with reading(db) as con:
        return con.execute("SELECT claim_id, cluster_id, source FROM claims WHERE content LIKE ? ORDER BY claim_id",
                           [f"%{needle}%"]).fetchall()


@pytest.fixture(scope="module")
def history_db(tmp_path_factory, settings_module) -> Path:
    tmp = tmp_path_factory.mktemp("history")
    db = tmp / "history.duckdb"
    seen = []
    for n, row in enumerate(RUNS):
        pipeline.ingest([str(_jsonl(tmp / f"run{n}.jsonl", [row], n))], db, settings_module)
        seen.append(_cluster_of(db, "12 million"))
    return db, seen


@pytest.fixture(scope="module")
def settings_module() -> dict:
    from flows import settings as config

    return config.load(None)


def test_same_claim_in_three_runs_from_three_outlets_is_one_cluster(history_db):
    """The claim arriving in three runs from three outlets ends in one cluster, three mentions, unchanged id."""
    db, seen = history_db
    first_cluster = seen[0][0][1]
    assert first_cluster is not None
    for rows in seen:  # after every run, every mention so far sits in the first run's cluster
        assert {r[1] for r in rows} == {first_cluster}
    assert len(seen[-1]) == 3 and {r[2] for r in seen[-1]} == {o for o, _, _ in RUNS}
    with reading(db) as con:
        mentions, outlets, first_outlet = con.execute(
            "SELECT mentions, outlets, first_outlet FROM claim_clusters WHERE cluster_id = ?", [first_cluster]
        ).fetchone()
        history = con.execute("SELECT mention_no, source FROM claim_history WHERE cluster_id = ? ORDER BY mention_no",
                              [first_cluster]).fetchall()
    assert (mentions, outlets, first_outlet) == (3, 3, "Harbor Ledger")
    assert [s for _, s in history] == ["Harbor Ledger", "Coastal Courier", "Bay Herald"]


def test_speaker_spellings_across_runs_share_one_speaker(history_db):
    """"Finance Minister Lena Marsh" and "Marsh" in other articles are one speaker with aliases."""
    db, _ = history_db
    with reading(db) as con:
        rows = con.execute("SELECT DISTINCT s.name, s.kind FROM claim_store c JOIN speaker_store s USING (speaker_id)"
                           " WHERE c.content LIKE '%12 million%'").fetchall()
        aliases = json.loads(con.execute("SELECT aliases FROM speaker_store WHERE name = 'Lena Marsh'").fetchone()[0])
    assert rows == [("Lena Marsh", "person")]
    assert "Marsh" in aliases


def test_figure_variants_share_a_cluster_and_opposite_stances_do_not(tmp_path, settings_module):
    """"$12 million" vs "$15 million" is one history with a numeric contradiction; "rejected" vs "accepted" stay apart."""
    db = tmp_path / "apart.duckdb"
    rows = [
        ("Harbor Ledger", "2031-03-02", "Finance Minister Lena Marsh said the port expansion will cost $12 million."),
        ("Coastal Courier", "2031-03-03", "Finance Minister Lena Marsh said the port expansion will cost $15 million."),
        ("Harbor Ledger", "2031-03-04", "Mayor Tom Reyes said the council rejected the ferry operator's timetable."),
        ("Bay Herald", "2031-03-05", "Mayor Tom Reyes said the council accepted the ferry operator's timetable."),
    ]
    pipeline.ingest([str(_jsonl(tmp_path / "a.jsonl", rows[:2], 0))], db, settings_module)
    pipeline.ingest([str(_jsonl(tmp_path / "b.jsonl", rows[2:], 2))], db, settings_module)
    twelve, fifteen = _cluster_of(db, "12 million"), _cluster_of(db, "15 million")
    rejected, accepted = _cluster_of(db, "rejected"), _cluster_of(db, "accepted")
    assert twelve and fifteen and rejected and accepted
    # one speaker's figure told two ways is one claim's history, and the disagreement is raised
    assert twelve[0][1] == fifteen[0][1]
    con = duckdb.connect(str(db), read_only=True)
    try:
        kinds = {r[0] for r in con.execute(
            "SELECT kind FROM contradictions WHERE claim_id_a IN (?, ?) AND claim_id_b IN (?, ?)",
            [twelve[0][0], fifteen[0][0], twelve[0][0], fifteen[0][0]]).fetchall()}
    finally:
        con.close()
    assert kinds == {"numeric"}
    assert rejected[0][1] != accepted[0][1]


def test_history_and_speaker_commands_print_a_timeline(claimtrack, history_db):
    """`claimtrack history CLUSTER` lists each outlet in order; `claims --speaker` finds a speaker by alias."""
    db, seen = history_db
    cluster = seen[-1][0][1]
    out = claimtrack("history", str(cluster), "--db", str(db), "--format", "csv")
    assert out.returncode == 0, out.stderr
    lines = out.stdout.strip().splitlines()
    assert lines[0].startswith("mention_no,published_at,source")
    assert [l.split(",")[2] for l in lines[1:]] == ["Harbor Ledger", "Coastal Courier", "Bay Herald"]
    found = claimtrack("claims", "--speaker", "Marsh", "--db", str(db), "--format", "json")
    assert found.returncode == 0, found.stderr
    rows = [json.loads(line) for line in found.stdout.splitlines() if line.strip()]
    assert len(rows) == 3 and {r["speaker"] for r in rows} == {"Lena Marsh"}
    missing = claimtrack("history", "999", "--db", str(db))
    assert missing.returncode == 3 and "no cluster 999" in missing.stderr  # ExitCode.NOT_FOUND


@pytest.mark.parametrize("fmt", ["parquet", "csv"])
def test_export_writes_every_view_for_duckdb_or_pandas(claimtrack, history_db, tmp_path, fmt):
    """`claimtrack export` writes one file per public view that DuckDB reads back with the same rows."""
    db, _ = history_db
    out = claimtrack("export", "--format", fmt, "--output", str(tmp_path / "out"), "--db", str(db))
    assert out.returncode == 0, out.stderr
    names = {p.name for p in (tmp_path / "out").iterdir()}
    assert {f"{v}.{fmt}" for v in ("articles", "claims", "claim_clusters", "claim_history", "speakers")} <= names
    reader = "read_parquet" if fmt == "parquet" else "read_csv_auto"
    exported = duckdb.connect().execute(
        f"SELECT count(*) FROM {reader}('{tmp_path / 'out' / ('claim_history.' + fmt)}')").fetchone()[0]
    with reading(db) as con:
        assert exported == con.execute("SELECT count(*) FROM claim_history").fetchone()[0]
