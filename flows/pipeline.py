"""The ingest pipeline as plain functions: read → extract → store → link.

The Prefect flow (flows.ingest_flow) runs these same steps as tasks; tests and
``claimtrack ingest --no-prefect`` call them directly.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterator, Sequence

from claims.model import Article, ArticleClaims
from warehouse import review, store
from warehouse.db import (
    acquire_ingest_lock,
    crash_point,
    reading,
    release_ingest_lock,
    transaction,
    writing,
)

from . import lifecycle
from .fetch import read_sources
from .link import link
from .settings import Settings
from .settings import load as load_settings
from .sources import ReadResult, is_url

lifecycle.install_fork_hooks()  # spaCy's worker processes die with this one

Progress = Callable[[int, int], None]


@dataclass
class RunSummary:
    """What one ingest run did, for the CLI, the Prefect artifact and the runs table."""

    run_id: int
    articles_read: int = 0
    articles_new: int = 0
    claims_new: int = 0
    contradictions_new: int = 0
    clusters_new: int = 0
    errors: list[tuple[str, str]] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)


@lru_cache(maxsize=4)
def _extractor(extract_settings):
    from claims.extraction.extractor import Extractor

    return Extractor(extract_settings)


def extract_settings(settings: Settings, words: int = 0, *, narration: bool = False):
    """ExtractSettings from the [extract] section; worker processes only for large inputs. ``narration``:
    as ingest extracts: the outlet's own statements too (quote type "narration", the outlet as speaker) and
    every figure of the text (claims.quantities.figures)."""
    from claims.extraction.extractor import ExtractSettings

    changes: dict = {"include_narration": narration, "include_figures": narration}
    if words < settings.extract.parallel_min_words:
        changes["n_process"] = 1
    return settings.build(ExtractSettings, "extract", **changes)


def extractor_for(settings: Settings, words: int = 0, *, narration: bool = False):
    """The article extractor, one per process and settings."""
    return _extractor(extract_settings(settings, words, narration=narration))


def prestart_extraction(sources: Sequence[str], settings: Settings, db: Path | None = None) -> None:
    """Start the extraction worker processes now, loading the model in each, when the local inputs
    are large enough to use them: they get ready while Prefect starts and the sources are read.

    With ``db`` and only local sources, the sources are read now and the first batch of articles
    ``db`` does not hold yet goes to the workers at once: they parse while Prefect starts. The run's
    read step then takes this reading, and its extraction collects those results (same texts, same
    settings: the same claims; with other texts the early batches are dropped).
    """
    from claims.extraction.extractor import Extractor
    from claims.extraction.parallel import prestart

    if db is not None and sources and not any(is_url(s) for s in sources):
        result = read_sources(sources, settings)
        _read_ahead.clear()
        _read_ahead[_read_key(sources, settings)] = result
        fresh, _ = only_new(db, result.articles)
        first = fresh[: settings.scale.extract_batch_articles]
        chosen = extract_settings(settings, _words(first), narration=True)
        if chosen.n_process > 1 and len(first) > 1:
            prestart(chosen, [a.text for a in first], [a.source for a in first], make=Extractor)
        return
    size = 0
    for source in sources:
        p = Path(source)
        if p.is_dir():
            size += sum(f.stat().st_size for f in p.rglob("*") if f.suffix in (".txt", ".html", ".jsonl") and f.is_file())
        elif p.is_file():
            size += p.stat().st_size
    words = size // 6  # about six bytes a word in English news text
    chosen = extract_settings(settings, words, narration=True)
    if chosen.n_process > 1:
        prestart(chosen, make=Extractor)


_read_ahead: dict = {}  # (sources, max_chars) -> the ReadResult prestart_extraction read, for read() to take


def _read_key(sources: Sequence[str], settings: Settings) -> tuple:
    return tuple(sources), settings.extract.max_chars


def recover(db: Path, wait: float | None = None) -> list[int]:
    """Take the ingest lock (held until ``finish``) and mark runs a crash left 'running' as 'interrupted'."""
    acquire_ingest_lock(db, *([] if wait is None else [wait]))
    try:
        with writing(db) as con:
            return store.mark_interrupted(con)
    except BaseException:
        release_ingest_lock(db)
        raise


def interrupted_notes(run_ids: Sequence[int]) -> list[tuple[str, str]]:
    """One note per run found interrupted."""
    return [(f"run {run_id}", "ended before it finished (killed or crashed): marked 'interrupted'; "
                              "what it did not store or link is done by this run") for run_id in run_ids]


def start_run(db: Path, sources: Sequence[str], prefect_flow_run_id: str | None = None,
              wait: float | None = None) -> int:
    """Open a run: one ingest per database at a time (the ingest lock, released by ``finish``)."""
    recover(db, wait)
    try:
        with writing(db) as con:
            return store.start_run(con, sources, prefect_flow_run_id)
    except BaseException:
        release_ingest_lock(db)
        raise


def record_refused(db: Path, sources: Sequence[str], reason: str, prefect_flow_run_id: str | None = None,
                   wait: float | None = None) -> int:
    """Record a run that could not start (another ingest held the database) as 'failed' with ``reason``.

    The lock is not needed for this one row: the other ingest only ever touches runs left 'running',
    and this one is written 'failed' in a single transaction.
    """
    with writing(db, *([] if wait is None else [wait])) as con:
        with transaction(con):
            run_id = store.start_run(con, sources, prefect_flow_run_id)
            store.record_errors(con, run_id, [("run", reason)])
            store.finish_run(con, run_id, articles_read=0, articles_new=0, claims_new=0, contradictions_new=0,
                             errors=1, status="failed")
    return run_id


def read(sources: Sequence[str], settings: Settings) -> ReadResult:
    """The articles of ``sources`` (as prestart_extraction read them just before, if it did)."""
    ahead = _read_ahead.pop(_read_key(sources, settings), None)
    return ahead if ahead is not None else read_sources(sources, settings)


def only_new(db: Path, articles: Sequence[Article]) -> tuple[list[Article], int]:
    """Articles whose text is not stored yet (and not repeated in this batch); how many were dropped."""
    hashes = [store.content_hash(a.text) for a in articles]
    with reading(db) as con:
        known = store.known_hashes(con, hashes)
    fresh, seen = [], set(known)
    for article, h in zip(articles, hashes):
        if h not in seen:
            seen.add(h)
            fresh.append(article)
    return fresh, len(articles) - len(fresh)


def _words(articles: Sequence[Article]) -> int:
    return sum(a.text.count(" ") for a in articles)


def extract(articles: Sequence[Article], settings: Settings) -> list[ArticleClaims]:
    """The articles' claims as ingest stores them; worker processes (each parsing, extracting and
    finishing its batch) for large inputs."""
    from claims.extraction.extractor import Extractor
    from claims.extraction.parallel import extract_parallel, finish_article

    chosen = extract_settings(settings, _words(articles), narration=True)
    texts, outlets = [a.text for a in articles], [a.source for a in articles]
    if chosen.n_process > 1 and len(articles) > 1:
        return extract_parallel(chosen, texts, outlets, make=Extractor)
    found = _extractor(chosen).extract_many(texts)
    return [finish_article(text, outlet, claims) for text, outlet, claims in zip(texts, outlets, found)]


def extract_each(articles: Sequence[Article], settings: Settings) -> tuple[list[Article], list[ArticleClaims], list[tuple[str, str]]]:
    """Extract a batch; if the extractor fails on it, each article alone, so one bad article is named and skipped.

    Returns the articles extracted, their claims, and (item, message) for each that failed
    (not stored, so the next run tries it again).
    """
    try:
        return list(articles), extract(articles, settings), []
    except Exception:
        ok, found, failed = [], [], []
        for article in articles:
            try:
                found.append(extract([article], settings)[0])
                ok.append(article)
            except Exception as exc:
                why = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else ""
                failed.append((article.origin or article.url or article.source,
                               f"claim extraction failed ({type(exc).__name__}: {why}): article not stored"))
        return ok, found, failed


def story_assigner(con, settings: Settings, articles: Sequence[Article]):
    """The story grouping (claims.stories) with the warehouse's stories near these articles' days."""
    from claims.stories.grouping import StoryAssigner, StorySettings, day_number
    from warehouse.stories import load_state

    chosen = settings.build(StorySettings, "stories")
    days = [day_number(store.parse_published(a.published)) for a in articles]
    story_rows, term_rows, freq, docs, next_id = load_state(con, days, chosen.window_days + chosen.max_span_days)
    return StoryAssigner(chosen, story_rows, term_rows, freq, docs, next_id)


def save(db: Path, run_id: int, articles: Sequence[Article], extracted: Sequence[ArticleClaims],
         progress: Progress | None = None, *, batch: int, settings: Settings | None = None,
         article_ids: list[int] | None = None) -> list[int]:
    """Store ``batch`` articles per transaction (scale.store_batch_articles), each placed in its story;
    returns the new claim ids (and adds the new article ids to ``article_ids``)."""
    claim_ids: list[int] = []
    items = list(zip(articles, extracted))
    stories = None
    for start in range(0, len(items), batch):
        with writing(db) as con:
            if stories is None:
                stories = story_assigner(con, settings or load_settings(None), articles)
            result = store.store_articles(con, run_id, items[start : start + batch], stories=stories)
        claim_ids.extend(result.claim_ids)
        if article_ids is not None:
            article_ids.extend(result.article_ids)
        crash_point("stored")
        if progress:
            progress(min(start + batch, len(items)), len(items))
    return claim_ids


def _stream(articles: Sequence[Article], settings: Settings
            ) -> Iterator[tuple[list[Article], list[ArticleClaims], list[tuple[str, str]]]]:
    """``extract_each`` of the articles, part by part as the worker processes finish them, in input order
    (one part when the input is small enough for this process alone). A part whose extraction failed is
    extracted again here article by article, so one bad article is named and skipped."""
    from claims.extraction.extractor import Extractor
    from claims.extraction.parallel import extract_parallel_iter

    chosen = extract_settings(settings, _words(articles), narration=True)
    if chosen.n_process < 2 or len(articles) < 2:
        yield extract_each(articles, settings)
        return
    texts, outlets = [a.text for a in articles], [a.source for a in articles]
    for a, b, found, exc in extract_parallel_iter(chosen, texts, outlets, make=Extractor):
        part = list(articles[a:b])
        if exc is None:
            yield part, list(found or []), []
        else:
            yield extract_each(part, settings.replace("extract", parallel_min_words=1 << 62))


def extract_and_save(db: Path, summary: RunSummary, articles: Sequence[Article], settings: Settings,
                     progress: Progress | None = None) -> tuple[list[int], list[int]]:
    """Extract the articles not stored yet, storing them ``scale.store_batch_articles`` at a time as the
    workers finish them (at most ``scale.extract_batch_articles`` are submitted to them at once).

    With ``scale.link_batch_articles`` set (shipped 0: none), every that many stored articles are linked
    (clusters, contradictions) at once while the workers parse the next ones; the claims stored last are
    left for the run's link step, the only link after the parse. Counts new articles, claims, clusters and contradictions and one-line failures
    into ``summary``; returns the new claims and articles not linked yet (for the link step).
    """
    fresh, _ = only_new(db, articles)
    lifecycle.hold_point("extracting")  # a test hook; nothing unless CLAIMTRACK_TEST_HOLD_AT=extracting
    step = max(1, settings.scale.extract_batch_articles)
    every = settings.scale.link_batch_articles
    waiting: list[tuple[Article, ArticleClaims]] = []  # extracted, not stored yet
    unlinked: list[int] = []
    unlinked_articles: list[int] = []
    stored = since_link = 0

    def store_waiting() -> None:
        nonlocal waiting, stored, since_link, unlinked, unlinked_articles
        crash_point("extracted")
        new_ids = save(db, summary.run_id, [a for a, _ in waiting], [f for _, f in waiting],
                       batch=settings.scale.store_batch_articles, settings=settings, article_ids=unlinked_articles)
        summary.articles_new += len(waiting)
        summary.claims_new += len(new_ids)
        stored += len(waiting)
        since_link += len(waiting)
        waiting = []
        unlinked.extend(new_ids)
        if progress:
            progress(stored, len(fresh))
        if every > 0 and since_link >= every and stored < len(fresh):
            clusters, contradictions = link(db, summary.run_id, unlinked, settings, while_parsing=True,
                                            articles=unlinked_articles)
            summary.clusters_new += clusters
            summary.contradictions_new += contradictions
            unlinked, unlinked_articles, since_link = [], [], 0

    for start in range(0, len(fresh), step):
        for ok, extracted, failed in _stream(fresh[start : start + step], settings):
            summary.errors.extend(failed)
            waiting.extend(zip(ok, extracted))
            if len(waiting) >= settings.scale.store_batch_articles:
                store_waiting()
        if waiting:
            store_waiting()
    return unlinked, unlinked_articles


def finish(db: Path, summary: RunSummary, status: str | None = None) -> None:
    """Record the run's counts and errors, and give back the ingest lock."""
    try:
        with writing(db) as con:
            store.record_errors(con, summary.run_id, summary.errors)
            store.finish_run(con, summary.run_id, articles_read=summary.articles_read,
                             articles_new=summary.articles_new, claims_new=summary.claims_new,
                             contradictions_new=summary.contradictions_new, errors=len(summary.errors), status=status)
    finally:
        release_ingest_lock(db)


def finish_after(db: Path, summary: RunSummary, exc: BaseException) -> None:
    """Record a run an exception ended: 'interrupted' after a signal (SIGTERM, Ctrl-C), else 'failed'.

    The transaction the exception cut short has rolled back already; what earlier batches
    committed stays, and the next run links it.
    """
    if lifecycle.is_stop(exc):
        summary.errors.append(("run", f"stopped by {lifecycle.signal_name(exc)} before it finished: "
                                      "what it did not store or link is done by the next run"))
        finish(db, summary, status="interrupted")
    else:
        why = str(exc).strip().splitlines()[0][:300] if str(exc).strip() else ""
        summary.errors.append(("run", f"{type(exc).__name__}: {why}" if why else type(exc).__name__))
        finish(db, summary, status="failed")


def ingest(sources: Sequence[str], db: Path, settings: Settings, progress: Progress | None = None) -> RunSummary:
    """Run the whole pipeline without Prefect.

    One ingest per database at a time: a second one waits database.busy_wait_seconds for the
    ingest lock, then fails naming the process that holds it. Runs a crash left 'running' are
    marked 'interrupted' and their unlinked claims linked in this run. Articles are extracted
    in batches and stored scale.store_batch_articles at a time, each with its claims in one transaction, so
    after a crash running again stores what is missing, once.
    """
    interrupted = recover(db, settings.database.busy_wait_seconds)
    try:
        summary = RunSummary(run_id=start_run(db, sources))
    finally:
        release_ingest_lock(db)  # start_run holds its own level until finish
    summary.notes.extend(interrupted_notes(interrupted))
    try:
        read_result = read(sources, settings)
        summary.errors.extend(read_result.errors)
        summary.notes.extend(read_result.notes)
        summary.articles_read = len(read_result.articles)
        crash_point("read")
        claim_ids, article_ids = extract_and_save(db, summary, read_result.articles, settings, progress)
        crash_point("link")
        clusters, contradictions = link(db, summary.run_id, claim_ids, settings, articles=article_ids)
        summary.clusters_new += clusters
        summary.contradictions_new += contradictions
        crash_point("finish")
    except BaseException as exc:
        finish_after(db, summary, exc)
        raise
    finish(db, summary)
    return summary


def new_contradictions(db: Path, run_id: int):
    """The contradictions a run raised, as a DataFrame."""
    with reading(db) as con:
        return review.report(con, run_id=run_id)
