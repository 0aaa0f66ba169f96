"""Shared fixtures: a temporary warehouse path, the shared data folder, the `claimtrack` command."""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"

# Prefect must never try the network or write to the user's home during tests.
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
os.environ.setdefault("PREFECT_HOME", tempfile.mkdtemp(prefix="claimtrack-prefect-"))


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """A warehouse file in a fresh temporary folder."""
    return tmp_path / "test.duckdb"


@pytest.fixture(scope="session")
def shared() -> Path:
    """../shared, or skip when it is not beside the repo."""
    if not (SHARED / "data").is_dir():
        pytest.skip("../shared is not present")
    return SHARED


@pytest.fixture(scope="session")
def settings():
    """The shipped defaults (flows.settings.Settings)."""
    from flows import settings as config

    return config.load(None)


def _run_claimtrack(*args: str, env: dict | None = None, cwd: Path | None = None,
                    timeout: float = 300) -> subprocess.CompletedProcess:
    """`claimtrack ARGS...` in its own process, as a user runs it; text output captured.

    The process gets this environment without the user's CLAIMTRACK_DB / CLAIMTRACK_CONFIG (a test names its
    warehouse and settings), 200 columns so rich never wraps a one-line message, then ``env`` on top (a value
    of None removes the variable).
    """
    full = {k: v for k, v in os.environ.items() if k not in ("CLAIMTRACK_DB", "CLAIMTRACK_CONFIG")}
    full.update({"COLUMNS": "200", **(env or {})})
    full = {k: v for k, v in full.items() if v is not None}
    return subprocess.run([sys.executable, "-m", "flows.cli", *args], capture_output=True, text=True, env=full,
                          cwd=cwd, timeout=timeout)


@pytest.fixture(scope="session")
def claimtrack():
    """Run the claimtrack CLI in a subprocess: ``claimtrack("sql", "select 1", env={...}, cwd=..., timeout=...)``
    returns the CompletedProcess."""
    return _run_claimtrack
