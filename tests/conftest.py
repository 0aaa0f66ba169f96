"""Shared fixtures: a temporary warehouse path and the shared data folder."""
from __future__ import annotations

import os
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
def settings() -> dict:
    import config

    return config.load(None)
