"""The root command's settings reach every command: $CLAIMTRACK_CONFIG's database.path, a retired key's
note, the exit codes, and `demo` leaving alone a file it did not make."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from flows.cli import ExitCode, app


def invoke(args: list[str], env: dict | None = None):
    return CliRunner().invoke(app, args, env={"COLUMNS": "100", "CLAIMTRACK_DB": None, "CLAIMTRACK_CONFIG": None,
                                              **(env or {})})


@pytest.fixture
def configured(demo_warehouse, tmp_path, monkeypatch) -> dict:
    """A copy of the demo warehouse named only by a settings file's database.path; run from an empty folder."""
    db = tmp_path / "from-config.duckdb"
    shutil.copy(demo_warehouse, db)
    cfg = tmp_path / "settings.toml"
    cfg.write_text(f'[database]\npath = "{db}"\n', encoding="utf-8")
    work = tmp_path / "elsewhere"
    work.mkdir()
    monkeypatch.chdir(work)
    return {"CLAIMTRACK_CONFIG": str(cfg)}


#: Every command that opens the warehouse, with arguments (ingest and web have tests of their own below).
COMMANDS = [
    ["sql", "select count(*) as n from claims"], ["runs"], ["history", "3"], ["claims", "--speaker", "Varga"],
    ["report", "contradictions", "--format", "csv"], ["review", "list"], ["review", "show", "1"],
    ["review", "confirm", "1", "--note", "checked"], ["review", "dismiss", "2"], ["export", "--format", "csv",
                                                                                 "--output", "out"],
]


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_every_command_reads_the_database_path_of_claimtrack_config(configured, args):
    result = invoke(args, configured)
    assert result.exit_code == 0, result.output
    assert not Path("claimtrack.duckdb").exists()  # the default file was never made


def test_ingest_and_web_use_it_too(configured, tmp_path):
    """ingest stores into the configured file; web looks there (a missing file is named, exit 3)."""
    article = tmp_path / "a.txt"
    article.write_text("Mayor Ana Ruiz said the new bridge would open in May.\n", encoding="utf-8")
    done = invoke(["ingest", str(article), "--no-prefect"], configured)
    assert done.exit_code == 0, done.output
    runs = invoke(["runs", "--format", "json"], configured)
    assert len(runs.stdout.splitlines()) == 2
    cfg = Path(configured["CLAIMTRACK_CONFIG"])
    cfg.write_text(f'[database]\npath = "{tmp_path / "missing.duckdb"}"\n', encoding="utf-8")
    web = invoke(["web"], configured)
    assert web.exit_code == ExitCode.NOT_FOUND and "missing.duckdb" in web.output


def test_root_options_and_command_options_agree(demo_warehouse, tmp_path):
    """--db before the command, after it, or $CLAIMTRACK_DB: the same file."""
    q = ["sql", "select count(*) as n from articles", "--format", "json"]
    before = invoke(["--db", str(demo_warehouse), *q])
    after = invoke([*q, "--db", str(demo_warehouse)])
    env = invoke(q, {"CLAIMTRACK_DB": str(demo_warehouse)})
    assert before.exit_code == 0 and before.stdout == after.stdout == env.stdout
    assert json.loads(before.stdout)["n"] > 0


def test_a_retired_setting_is_a_note_and_an_unknown_one_a_usage_error(demo_warehouse, tmp_path):
    old = tmp_path / "old.toml"
    old.write_text("[matching]\nsame_claim = 40.0\n", encoding="utf-8")
    result = invoke(["--config", str(old), "runs", "--db", str(demo_warehouse)])
    assert result.exit_code == 0
    assert "note: matching.same_claim is ignored (no longer used)" in result.stderr
    wrong = tmp_path / "wrong.toml"
    wrong.write_text("[matching]\nsame_clam = 40.0\n", encoding="utf-8")
    bad = invoke(["runs", "--db", str(demo_warehouse), "--config", str(wrong)])
    assert bad.exit_code == ExitCode.USAGE and "matching.same_clam" in bad.stderr


def test_exit_codes(demo_warehouse, tmp_path):
    """Not found (3) for a missing warehouse, contradiction or cluster; usage (2) for a wrong choice or date."""
    assert invoke(["runs", "--db", str(tmp_path / "none.duckdb")]).exit_code == ExitCode.NOT_FOUND
    assert invoke(["review", "show", "999", "--db", str(demo_warehouse)]).exit_code == ExitCode.NOT_FOUND
    assert invoke(["history", "99999", "--db", str(demo_warehouse)]).exit_code == ExitCode.NOT_FOUND
    assert invoke(["extract", "x.txt", "--format", "xml"]).exit_code == ExitCode.USAGE
    assert invoke(["review", "list", "--status", "maybe", "--db", str(demo_warehouse)]).exit_code == ExitCode.USAGE
    since = invoke(["report", "contradictions", "--since", "last tuesday", "--db", str(demo_warehouse)])
    assert since.exit_code == ExitCode.USAGE and "--since" in since.stderr


def test_an_internal_error_is_one_line_unless_debug(demo_warehouse, monkeypatch):
    """A bug (here: a report that raises) exits 4 with one line; --debug shows the traceback."""
    from flows import cli

    def broken(*args, **kwargs):
        raise ValueError("something no one expected\nsecond line")

    monkeypatch.setattr("warehouse.review.report", broken)
    monkeypatch.setattr(cli, "_debug", False)
    monkeypatch.setattr("sys.argv", ["claimtrack", "review", "list", "--db", str(demo_warehouse)])
    with pytest.raises(SystemExit) as info:
        cli.main()
    assert info.value.code == ExitCode.INTERNAL
    monkeypatch.setattr("sys.argv", ["claimtrack", "--debug", "review", "list", "--db", str(demo_warehouse)])
    with pytest.raises(ValueError):
        cli.main()


def test_demo_refuses_a_file_it_did_not_make(tmp_path):
    """`demo --db notes.duckdb` on the user's file (or any other) exits non-zero and leaves it byte for byte."""
    notes = tmp_path / "notes.duckdb"
    notes.write_bytes(b"my notes, not a warehouse")
    result = invoke(["demo", "--db", str(notes), "--no-prefect"])
    assert result.exit_code == ExitCode.USAGE and "not a demo warehouse" in result.stderr
    assert notes.read_bytes() == b"my notes, not a warehouse"


def test_demo_may_replace_its_own_warehouse_but_not_one_with_other_runs(demo_warehouse, tmp_path):
    from flows.cli import made_by_demo

    own = tmp_path / "own.duckdb"
    shutil.copy(demo_warehouse, own)
    assert made_by_demo(own)
    article = tmp_path / "a.txt"
    article.write_text("Mayor Ana Ruiz said the new bridge would open in May.\n", encoding="utf-8")
    assert invoke(["ingest", str(article), "--no-prefect", "--db", str(own)]).exit_code == 0
    assert not made_by_demo(own)
