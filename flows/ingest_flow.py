"""The Prefect flow ``ingest``: read → extract → store → link, as four coarse tasks.

It runs with no Prefect server (ephemeral) or against the one in
``PREFECT_API_URL``, and leaves a markdown artifact summarizing the run.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from prefect import flow, task
from prefect.artifacts import create_markdown_artifact
from prefect.runtime import flow_run

import config as configuration

from . import pipeline
from .report import run_summary_markdown

#: Set by the CLI to draw a progress bar while storing (same process only).
progress_sink: pipeline.Progress | None = None


@task(name="read sources", retries=0)
def read_task(sources: list[str], settings: dict) -> pipeline.ReadResult:
    return pipeline.read(sources, settings)


@task(name="extract claims")
def extract_task(db: Path, articles: list, settings: dict) -> tuple[list, list]:
    fresh, _ = pipeline.only_new(db, articles)
    return fresh, pipeline.extract(fresh, settings)


@task(name="store")
def store_task(db: Path, run_id: int, articles: list, extracted: list) -> list[int]:
    return pipeline.save(db, run_id, articles, extracted, progress_sink)


@task(name="detect")
def link_task(db: Path, run_id: int, claim_ids: list[int], settings: dict) -> tuple[int, int]:
    return pipeline.link(db, run_id, claim_ids, settings)


@flow(name="ingest", log_prints=True)
def ingest(sources: list[str], db: str, config_path: str | None = None) -> dict[str, Any]:
    """Ingest articles from sources into the warehouse at ``db`` and raise contradictions."""
    settings = configuration.load(config_path)
    db_path = Path(db)
    summary = pipeline.RunSummary(run_id=pipeline.start_run(db_path, sources, str(flow_run.get_id() or "")))
    try:
        read_result = read_task(sources, settings)
        summary.errors.extend(read_result.errors)
        summary.notes.extend(read_result.notes)
        summary.articles_read = len(read_result.articles)
        fresh, extracted = extract_task(db_path, read_result.articles, settings)
        claim_ids = store_task(db_path, summary.run_id, fresh, extracted)
        summary.articles_new = len(fresh)
        summary.claims_new = len(claim_ids)
        summary.clusters_new, summary.contradictions_new = link_task(db_path, summary.run_id, claim_ids, settings)
    except BaseException as exc:
        summary.errors.append(("run", f"{type(exc).__name__}: {exc}"))
        pipeline.finish(db_path, summary, status="failed")
        raise
    pipeline.finish(db_path, summary)
    contradictions = pipeline.new_contradictions(db_path, summary.run_id)
    create_markdown_artifact(
        key="ingest-summary", markdown=run_summary_markdown(summary, contradictions),
        description=f"claimtrack ingest run {summary.run_id}",
    )
    return summary.__dict__
