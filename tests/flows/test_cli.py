"""The claimtrack command as a user runs it: real processes, real files."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from flows.cli import demo_corpus

ARTICLE = (
    "Mayor Ana Ruiz said the new bridge would open in May.\n\n"
    "\"We will not raise the toll,\" Ruiz told reporters on Tuesday.\n"
)


def run(*args: str, env_db: Path | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    import os

    env = dict(os.environ)
    if env_db:
        env["CLAIMTRACK_DB"] = str(env_db)
    return subprocess.run([sys.executable, "-m", "flows.cli", *args], capture_output=True, text=True, env=env,
                          cwd=cwd, timeout=300)


@pytest.fixture(scope="module")
def ingested(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("cli")
    folder = tmp / "Harbor Ledger"
    folder.mkdir()
    (folder / "bridge.txt").write_text(ARTICLE, encoding="utf-8")
    db = tmp / "cli.duckdb"
    result = run("ingest", str(folder), str(demo_corpus()), "--db", str(db), "--no-prefect")
    assert result.returncode == 0, result.stderr
    assert "new contradiction" in result.stdout
    return db


def test_sql_reads_views_in_every_format(ingested):
    """`claimtrack sql` answers queries on the views as a table, CSV and JSON lines."""
    as_json = run("sql", "select source, count(*) as n from articles group by 1 order by 1", "--format", "json",
                  env_db=ingested)
    assert as_json.returncode == 0, as_json.stderr
    rows = [json.loads(line) for line in as_json.stdout.splitlines()]
    assert {"source": "Harbor Ledger", "n": 3} in rows
    as_csv = run("sql", "select count(*) as n from claims", "--format", "csv", "--db", str(ingested))
    assert as_csv.stdout.splitlines()[0] == "n" and int(as_csv.stdout.splitlines()[1]) > 10


def test_sql_refuses_delete_and_keeps_claims(ingested):
    """`claimtrack sql "delete from claims"` fails with one line and the claims are still there."""
    before = run("sql", "select count(*) as n from claims", "--format", "csv", "--db", str(ingested)).stdout
    result = run("sql", "delete from claims", "--db", str(ingested))
    assert result.returncode == 1
    assert len(result.stderr.strip().splitlines()) == 1 and "read-only" in result.stderr
    assert run("sql", "select count(*) as n from claims", "--format", "csv", "--db", str(ingested)).stdout == before


def test_report_formats(ingested, tmp_path):
    """The contradiction report renders as markdown, CSV and an HTML file."""
    md = run("report", "contradictions", "--format", "md", "--db", str(ingested))
    assert md.returncode == 0 and "Numbers disagree" in md.stdout
    csv = run("report", "contradictions", "--format", "csv", "--db", str(ingested))
    assert csv.stdout.startswith("contradiction_id,kind,status")
    out = tmp_path / "r.html"
    html = run("report", "contradictions", "--format", "html", "--output", str(out), "--db", str(ingested))
    assert html.returncode == 0 and out.read_text(encoding="utf-8").startswith("<!doctype html>")


def test_review_decision_persists(ingested):
    """Dismissing a contradiction changes its status and keeps the note."""
    listing = run("review", "list", "--format", "json", "--db", str(ingested))
    first = json.loads(listing.stdout.splitlines()[0])
    done = run("review", "dismiss", str(first["contradiction_id"]), "--note", "checked", "--db", str(ingested))
    assert done.returncode == 0, done.stderr
    back = run("sql", f"select status, note from contradictions where contradiction_id = {first['contradiction_id']}",
               "--format", "json", "--db", str(ingested))
    assert json.loads(back.stdout) == {"status": "dismissed", "note": "checked"}
    missing = run("review", "confirm", "99999", "--db", str(ingested))
    assert missing.returncode == 1 and "no contradiction 99999" in missing.stderr


def test_runs_lists_the_ingest(ingested):
    """`claimtrack runs` shows the run with its counts."""
    result = run("runs", "--format", "json", "--db", str(ingested))
    row = json.loads(result.stdout.splitlines()[0])
    assert row["status"] == "ok" and row["articles_new"] == 9 and row["claims_new"] > 0


def test_extract_jsonl_offsets_point_into_the_file(tmp_path):
    """`claimtrack extract --format jsonl` prints one line per attribution with offsets into the file."""
    f = tmp_path / "bridge-story.txt"
    f.write_text(ARTICLE, encoding="utf-8")
    result = run("extract", str(f), "--format", "jsonl")
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert lines and all(line["doc"] == "bridge-story" for line in lines)
    for line in lines:
        assert set(line) >= {"doc", "speaker", "cue", "content", "speaker_name", "cue_lemma", "stance", "text"}
        for start, end in line["content"]:
            assert 0 <= start < end <= len(ARTICLE)
    assert any(line["speaker_name"] == "Ana Ruiz" for line in lines)


def test_bad_jsonl_lines_are_named_and_the_rest_stored(tmp_path):
    """Broken JSON Lines are each named with their line number; good lines go in; exit status 1."""
    f = tmp_path / "mixed.jsonl"
    good = {"id": "x1", "outlet": "Civic Wire", "url": "https://civic.example/1", "published": "2026-01-02",
            "text": "Mayor Ana Ruiz said the bridge would open in May."}
    f.write_text("\n".join([json.dumps(good), "{not json", "[1, 2]", json.dumps({"id": "x2", "url": "u"})]) + "\n",
                 encoding="utf-8")
    db = tmp_path / "m.duckdb"
    result = run("ingest", str(f), "--db", str(db), "--no-prefect")
    assert result.returncode == 1
    for n in (2, 3, 4):
        assert f"mixed.jsonl:{n}:" in result.stderr
    assert "Traceback" not in result.stderr
    count = run("sql", "select count(*) as n from articles", "--format", "csv", "--db", str(db))
    assert count.stdout.splitlines()[1] == "1"


def test_every_command_has_help_with_an_example():
    """Each command's --help shows an example."""
    for cmd in (["ingest"], ["extract"], ["sql"], ["runs"], ["demo"], ["history"], ["claims"],
                ["report", "contradictions"], ["review", "list"], ["review", "dismiss"]):
        result = run(*cmd, "--help")
        assert result.returncode == 0 and "Example: claimtrack" in result.stdout, cmd
