"""`claimtrack ingest --dask` without the Dask extra, or with --no-prefect: a one-line error, nothing run."""
from __future__ import annotations

import sys

from typer.testing import CliRunner

from flows.cli import app


def test_dask_without_the_extra_says_how_to_install(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "prefect_dask", None)  # as if not installed
    (tmp_path / "a.txt").write_text("Mayor Ines Varga said the bridge would reopen in May.\n", encoding="utf-8")
    db = tmp_path / "w.duckdb"
    result = CliRunner().invoke(app, ["ingest", str(tmp_path / "a.txt"), "--db", str(db), "--dask", "tcp://127.0.0.1:1"])
    assert result.exit_code != 0
    assert "pip install 'claimtrack[dask]'" in result.output
    assert not db.exists()


def test_dask_with_no_prefect_is_refused(tmp_path):
    (tmp_path / "a.txt").write_text("Mayor Ines Varga said the bridge would reopen in May.\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["ingest", str(tmp_path / "a.txt"), "--db", str(tmp_path / "w.duckdb"),
                                      "--no-prefect", "--dask", "tcp://127.0.0.1:1"])
    assert result.exit_code != 0 and "drop --no-prefect" in result.output
