"""The Prefect flow ``ingest``: read → extract → store → link, as four coarse tasks.

It runs with no Prefect server (ephemeral) or against the one in
``PREFECT_API_URL``, and leaves a markdown artifact summarizing the run.
"""
from __future__ import annotations

from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.context import TaskRunContext
from prefect.artifacts import create_markdown_artifact
from prefect.runtime import flow_run
from prefect.states import Completed

from warehouse import feeds
from warehouse.db import DatabaseBusy, writing

from . import fetch, lifecycle, pipeline
from . import settings as configuration
from .link import link
from .report import run_summary_markdown
from .settings import Settings
from .sources import ReadResult, is_url

#: Set by the CLI to draw a progress bar while storing (same process only).
progress_sink: pipeline.Progress | None = None


@task(name="read sources", retries=0)
def read_task(sources: list[str], settings: Settings) -> pipeline.ReadResult:
    return pipeline.read(sources, settings)


def _transient_only(task, task_run, state) -> bool:
    """Retry on network errors and 5xx (fetch.Retryable) only; never on 4xx or bad content."""
    try:
        state.result()
    except fetch.Retryable:
        return True
    except BaseException:
        return False
    return False


def _attempt(step, url: str, *args):
    """Run a fetch step: a Retryable error is raised while retries remain (Prefect retries the task
    with backoff), then returned as a fetch.Failure like every NotRetryable one: no traceback."""
    ctx = TaskRunContext.get()
    retries = ctx.task.retries if ctx else 0
    run_count = ctx.task_run.run_count if ctx else 1
    try:
        return step(url, *args)
    except fetch.Retryable as exc:
        if run_count <= retries:
            raise
        return fetch.Failure(url, f"{exc} (after {retries} {'retry' if retries == 1 else 'retries'})" if retries
                             else str(exc), True)
    except fetch.FetchError as exc:
        return fetch.Failure(url, str(exc), False)


@task(name="fetch source", retry_condition_fn=_transient_only)
def fetch_source_task(url: str, settings: Settings, state, outlet):
    return _attempt(fetch.read_source, url, settings, state, outlet)


@task(name="fetch page", retry_condition_fn=_transient_only)
def fetch_page_task(url: str, settings: Settings, outlet, published):
    return _attempt(fetch.read_page, url, settings, outlet, published)


def _with_retries(t, settings: Settings):
    fs = settings.fetch
    delays = [fs.retry_delay * 2 ** i for i in range(fs.retries)]  # exponential backoff
    return t.with_options(retries=fs.retries, retry_delay_seconds=delays or 0)


def read_all(sources: list[str], db: Path, settings: Settings, config_path: str | None) -> tuple[ReadResult, list]:
    """Paths through the read task; URLs through the fetch tasks (conditional GET, known URLs skipped)."""
    paths = [s for s in sources if not is_url(s)]
    urls = [s for s in sources if is_url(s)]
    result = read_task(paths, settings) if paths else ReadResult()
    states: list = []
    if urls:
        outlets = {s.location: s.outlet for s in configuration.sources(config_path) if s.outlet}
        web = fetch.read_web(urls, settings, db, outlets=outlets,
                             source_step=_with_retries(fetch_source_task, settings),
                             page_step=_with_retries(fetch_page_task, settings))
        result.extend(web.result)
        states = web.states
    return result, states


@task(name="extract and store")
def extract_store_task(db: Path, run_id: int, articles: list, settings: Settings
                       ) -> tuple[tuple[list[int], list[int]], pipeline.RunSummary]:
    """(New claim ids, new article ids) not linked yet, and a summary holding this step's counts and failures (and the clusters
    and contradictions of the parts linked while the workers parsed)."""
    part = pipeline.RunSummary(run_id=run_id)
    return pipeline.extract_and_save(db, part, articles, settings, progress_sink), part


@task(name="extract batch", cache_policy=NO_CACHE)
def extract_batch_task(articles: list, settings: Settings) -> tuple[list[int], list, list[tuple[str, str]]]:
    """Claims of a batch of articles, in one process of whichever machine runs it (no database here).

    Returns the positions of the articles extracted, their claims, and one line per failure.
    """
    ok, found, failed = pipeline.extract_each(articles, settings)
    done = {id(a) for a in ok}
    return [k for k, a in enumerate(articles) if id(a) in done], found, failed


DASK_MISSING = "--dask needs the Dask extra: pip install 'claimtrack[dask]' (prefect-dask and distributed)"


def extract_on_dask(db: Path, summary: pipeline.RunSummary, articles: list, settings: Settings,
                    address: str) -> list[int]:
    """Extract the new articles in batches on the Dask cluster at ``address``; store here, batch by batch.

    Only extraction leaves this machine: the warehouse has one writer, this process, which
    stores each batch in input order (so the rows are those a local run stores).
    """
    try:
        from prefect_dask import DaskTaskRunner  # an optional extra (claimtrack[dask])
    except ImportError:
        raise RuntimeError(DASK_MISSING) from None
    fresh, _ = pipeline.only_new(db, articles)
    # a Dask worker is one process: no second spaCy process inside it
    one = settings.replace("extract", n_process=1)
    size = max(1, settings.scale.dask_batch_articles)
    claim_ids: list[int] = []
    with DaskTaskRunner(address=address) as runner:
        futures = [runner.submit(extract_batch_task, {"articles": fresh[k : k + size], "settings": one})
                   for k in range(0, len(fresh), size)]
        for k, future in zip(range(0, len(fresh), size), futures):
            ok, found, failed = future.result()
            summary.errors.extend(failed)
            kept = [fresh[k + i] for i in ok]
            claim_ids.extend(pipeline.save(db, summary.run_id, kept, found, batch=settings.scale.store_batch_articles,
                                           settings=settings))
            summary.articles_new += len(kept)
            if progress_sink:
                progress_sink(min(k + size, len(fresh)), len(fresh))
    summary.claims_new += len(claim_ids)
    return claim_ids


@task(name="detect")
def link_task(db: Path, run_id: int, claim_ids: list[int], settings: Settings,
              articles: list[int] | None = None) -> tuple[int, int]:
    return link(db, run_id, claim_ids, settings, articles=articles)


def _run(summary: pipeline.RunSummary, db_path: Path, sources: list[str], settings: Settings,
         config_path: str | None, address: str = "") -> None:
    """Read, extract (here or on the Dask cluster at ``address``) and store, link; counts and failures go into
    ``summary``."""
    read_result, feed_states = read_all(sources, db_path, settings, config_path)
    summary.errors.extend(read_result.errors)
    summary.notes.extend(read_result.notes)
    summary.articles_read = len(read_result.articles)
    article_ids = None  # every article the run stored
    if address:
        claim_ids = extract_on_dask(db_path, summary, read_result.articles, settings, address)
    else:
        (claim_ids, article_ids), part = extract_store_task(db_path, summary.run_id, read_result.articles, settings)
        summary.articles_new, summary.claims_new = part.articles_new, part.claims_new
        summary.clusters_new, summary.contradictions_new = part.clusters_new, part.contradictions_new
        summary.errors.extend(part.errors)
    clusters, contradictions = link_task(db_path, summary.run_id, claim_ids, settings, article_ids)
    summary.clusters_new += clusters
    summary.contradictions_new += contradictions
    if feed_states:
        with writing(db_path) as con:
            feeds.save_states(con, feed_states)


@flow(name="ingest", log_prints=True)
def ingest(sources: list[str], db: str, config_path: str | None = None, dask_address: str | None = None,
           busy_wait: float | None = None):
    """Ingest articles from sources into the warehouse at ``db`` and raise contradictions.

    With ``dask_address`` (or ``[scale] dask_address``) set, extraction runs on that Dask cluster.
    ``busy_wait``: seconds to wait for another ingest of the same database (default
    database.busy_wait_seconds); then the run is recorded 'failed' in the warehouse with a
    one-line reason, logged as that one line, and the flow run ends in a Completed state named
    "Skipped" carrying it: a Failed state would make Prefect's engine print a traceback in
    ``claimtrack serve``'s output for what is no error of the flow.
    """
    settings = configuration.load(config_path)
    address = dask_address if dask_address is not None else settings.scale.dask_address
    db_path = Path(db)
    wait = settings.database.busy_wait_seconds if busy_wait is None else busy_wait
    prefect_id = str(flow_run.get_id() or "")
    try:
        run_id = pipeline.start_run(db_path, sources, prefect_id, wait)
    except DatabaseBusy as exc:
        reason = f"did not start: {exc}"
        try:
            run_id = pipeline.record_refused(db_path, sources, reason, prefect_id, wait)
            message = f"run {run_id} failed: {reason}"
        except DatabaseBusy:
            message = f"run not recorded (database still busy) and failed: {reason}"
        get_run_logger().error(message)
        return Completed(name="Skipped", message=message)
    summary = pipeline.RunSummary(run_id=run_id)
    try:
        with lifecycle.stopping_workers_on_sigterm():
            _run(summary, db_path, list(sources), settings, config_path, address)
    except BaseException as exc:
        pipeline.finish_after(db_path, summary, exc)
        raise
    pipeline.finish(db_path, summary)
    contradictions = pipeline.new_contradictions(db_path, summary.run_id)
    create_markdown_artifact(
        key="ingest-summary", markdown=run_summary_markdown(summary, contradictions),
        description=f"claimtrack ingest run {summary.run_id}",
    )
    return summary.__dict__
