"""The claimtrack command as a user runs it: real processes, real files."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from flows.cli import demo_corpus

ARTICLE = (
    "Mayor Ana Ruiz said the new bridge would open in May.\n\n"
    "\"We will not raise the toll,\" Ruiz told reporters on Tuesday.\n"
)


@pytest.fixture(scope="module")
def ingested(claimtrack, tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("cli")
    folder = tmp / "Harbor Ledger"
    folder.mkdir()
    (folder / "bridge.txt").write_text(ARTICLE, encoding="utf-8")
    db = tmp / "cli.duckdb"
    result = claimtrack("ingest", str(folder), str(demo_corpus()), "--db", str(db), "--no-prefect")
    assert result.returncode == 0, result.stderr
    assert "new contradiction" in result.stdout
    return db


def test_sql_reads_views_in_every_format(claimtrack, ingested):
    """`claimtrack sql` answers queries on the views as a table, CSV and JSON lines."""
    as_json = claimtrack("sql", "select source, count(*) as n from articles group by 1 order by 1", "--format",
                         "json", env={"CLAIMTRACK_DB": str(ingested)})
    assert as_json.returncode == 0, as_json.stderr
    rows = [json.loads(line) for line in as_json.stdout.splitlines()]
    assert {"source": "Harbor Ledger", "n": 3} in rows
    as_csv = claimtrack("sql", "select count(*) as n from claims", "--format", "csv", "--db", str(ingested))
    assert as_csv.stdout.splitlines()[0] == "n" and int(as_csv.stdout.splitlines()[1]) > 10


@pytest.mark.slow  # three processes; test_reliability.py refuses a delete in the quick lane
def test_sql_refuses_delete_and_keeps_claims(claimtrack, ingested):
    """`claimtrack sql "delete from claims"` fails with one line and the claims are still there."""
    count = ("sql", "select count(*) as n from claims", "--format", "csv", "--db", str(ingested))
    before = claimtrack(*count).stdout
    result = claimtrack("sql", "delete from claims", "--db", str(ingested))
    assert result.returncode == 1
    assert len(result.stderr.strip().splitlines()) == 1 and "read-only" in result.stderr
    assert claimtrack(*count).stdout == before


def test_report_formats(claimtrack, ingested, tmp_path):
    """The contradiction report renders as markdown, CSV and an HTML file."""
    md = claimtrack("report", "contradictions", "--format", "md", "--db", str(ingested))
    assert md.returncode == 0 and "Numbers disagree" in md.stdout
    csv = claimtrack("report", "contradictions", "--format", "csv", "--db", str(ingested))
    assert csv.stdout.startswith("contradiction_id,kind,status")
    out = tmp_path / "r.html"
    html = claimtrack("report", "contradictions", "--format", "html", "--output", str(out), "--db", str(ingested))
    assert html.returncode == 0 and out.read_text(encoding="utf-8").startswith("<!doctype html>")


def test_review_decision_persists(claimtrack, ingested):
    """Dismissing a contradiction changes its status and keeps the note."""
    listing = claimtrack("review", "list", "--format", "json", "--db", str(ingested))
    first = json.loads(listing.stdout.splitlines()[0])
    done = claimtrack("review", "dismiss", str(first["contradiction_id"]), "--note", "checked", "--db", str(ingested))
    assert done.returncode == 0, done.stderr
    query = f"select status, note from contradictions where contradiction_id = {first['contradiction_id']}"
    back = claimtrack("sql", query, "--format", "json", "--db", str(ingested))
    assert json.loads(back.stdout) == {"status": "dismissed", "note": "checked"}
    missing = claimtrack("review", "confirm", "99999", "--db", str(ingested))
    assert missing.returncode == 3 and "no contradiction 99999" in missing.stderr  # ExitCode.NOT_FOUND


def test_runs_lists_the_ingest(claimtrack, ingested):
    """`claimtrack runs` shows the run with its counts."""
    result = claimtrack("runs", "--format", "json", "--db", str(ingested))
    row = json.loads(result.stdout.splitlines()[0])
    assert row["status"] == "ok" and row["articles_new"] == 9 and row["claims_new"] > 0


def test_extract_jsonl_offsets_point_into_the_file(claimtrack, tmp_path):
    """`claimtrack extract --format jsonl` prints one line per attribution with offsets into the file."""
    f = tmp_path / "bridge-story.txt"
    f.write_text(ARTICLE, encoding="utf-8")
    result = claimtrack("extract", str(f), "--format", "jsonl")
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert lines and all(line["doc"] == "bridge-story" for line in lines)
    for line in lines:
        assert set(line) >= {"doc", "speaker", "cue", "content", "speaker_name", "cue_lemma", "stance", "text"}
        for start, end in line["content"]:
            assert 0 <= start < end <= len(ARTICLE)
    assert any(line["speaker_name"] == "Ana Ruiz" for line in lines)


def test_bad_jsonl_lines_are_named_and_the_rest_stored(claimtrack, tmp_path):
    """Broken JSON Lines are each named with their line number; good lines go in; exit status 1."""
    f = tmp_path / "mixed.jsonl"
    good = {"id": "x1", "outlet": "Civic Wire", "url": "https://civic.example/1", "published": "2026-01-02",
            "text": "Mayor Ana Ruiz said the bridge would open in May."}
    f.write_text("\n".join([json.dumps(good), "{not json", "[1, 2]", json.dumps({"id": "x2", "url": "u"})]) + "\n",
                 encoding="utf-8")
    db = tmp_path / "m.duckdb"
    result = claimtrack("ingest", str(f), "--db", str(db), "--no-prefect")
    assert result.returncode == 1
    for n in (2, 3, 4):
        assert f"mixed.jsonl:{n}:" in result.stderr
    assert "Traceback" not in result.stderr
    count = claimtrack("sql", "select count(*) as n from articles", "--format", "csv", "--db", str(db))
    assert count.stdout.splitlines()[1] == "1"


# Each --help is a process of its own (~1 s of imports): one in the quick lane, every command in CI.
@pytest.mark.parametrize("cmd", [["ingest"]] + [pytest.param(c, marks=pytest.mark.slow) for c in (
    ["extract"], ["sql"], ["runs"], ["demo"], ["history"], ["claims"], ["report", "contradictions"],
    ["review", "list"], ["review", "dismiss"])], ids=" ".join)
def test_every_command_has_help_with_an_example(claimtrack, cmd):
    """Each command's --help shows an example."""
    result = claimtrack(*cmd, "--help")
    assert result.returncode == 0 and "Example: claimtrack" in result.stdout, cmd
