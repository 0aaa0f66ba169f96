"""Warehouses shared by several test modules of flows/ (built once per session, copied before changing)."""
from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def demo_warehouse(tmp_path_factory, settings) -> Path:
    """The bundled demo corpus ingested without Prefect. Copy it before writing to it."""
    from flows import pipeline
    from flows.cli import demo_corpus

    db = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    summary = pipeline.ingest([str(demo_corpus())], db, settings)
    assert summary.contradictions_new >= 2 and not summary.errors, summary
    return db
