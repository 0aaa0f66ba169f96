"""Extraction spread over worker processes: each worker parses a batch and runs the rules on it.

With spaCy's own ``n_process`` the workers only parse; every Doc is serialized back and the
rules then run one after another in the main process, which becomes the bottleneck. Here a
worker does the whole job for its batch (``extract_batch``: parse, rules, speaker resolution,
atomic claims) and sends back only the frozen records (``ArticleClaims``), which are small.

Given the articles' outlets, a worker also does what ingest adds to each article
(``finish_article``: the outlet as speaker of its own statements, claimant kind and side), so the
main process gets records ready to store. ``prestart`` can hand the pool its texts at once:
the workers then parse while the caller does something else (Prefect starting), and
``extract_parallel`` with the same texts collects those batches instead of submitting them again.
"""
from __future__ import annotations

import atexit
import signal
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import replace
from typing import Any, Callable, Iterator, Sequence

from claims.extraction.narration import with_outlet
from claims.model import ArticleClaims
from claims.speakers.claimants import with_claimants

#: Batches per worker a run is cut into: enough that a long article late in the run does not
#: leave the other worker idle, few enough that each batch still fills a spaCy batch.
BATCHES_PER_WORKER = 16

_extractors: dict = {}  # (make, ExtractSettings) -> extractor, one per worker process

#: What builds a worker's extractor from its settings: ``claims.extraction.extractor.Extractor``,
#: handed in by the caller (this module sits below the extractor, which calls it for large inputs).
Make = Callable[[Any], Any]


def init_worker(settings=None, make: Make | None = None) -> None:
    """Set up a new extraction worker process; the one hook for everything a worker needs first.

    With ``settings``, the extractor (and its spaCy model) is loaded here, before the first batch.
    """
    # Ctrl-C is for the main process, which shuts the pool down; a worker would only print a traceback
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if settings is not None and make is not None:
        _extractor(settings, make).extract_many([""])  # loads the model


def _extractor(settings, make: Make):
    settings = replace(settings, n_process=1)
    ex = _extractors.get((make, settings))
    if ex is None:
        ex = _extractors[(make, settings)] = make(settings)
    return ex


class _Started:
    """A started pool nobody has collected from yet, and the batches already submitted to it."""

    def __init__(self, pool: ProcessPoolExecutor):
        self.pool = pool
        self.inputs: tuple[list[str], list[str] | None] | None = None  # (texts, outlets) submitted
        self.futures: dict[int, Future] = {}  # batch number -> its future
        self.ranges: list[tuple[int, int]] = []


_warm: dict = {}  # ExtractSettings -> _Started


def _new_pool(settings, make: Make) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(max_workers=max(1, int(settings.n_process)), initializer=init_worker,
                               initargs=(settings, make))


def prestart(settings, texts: Sequence[str] | None = None, outlets: Sequence[str] | None = None, *,
             make: Make) -> None:
    """Start ``settings.n_process`` workers now, each loading the model, for the next
    ``extract_parallel`` with these settings (the caller meanwhile does something else).

    With ``texts`` (and ``outlets``), their batches are submitted at once: a later
    ``extract_parallel(settings, texts, outlets)`` with equal inputs collects them; with other
    inputs they are cancelled (those running are left to finish, unused).
    """
    if settings in _warm or settings.n_process < 2:
        return
    started = _warm[settings] = _Started(_new_pool(settings, make))
    if texts:
        started.inputs = (list(texts), None if outlets is None else list(outlets))
        started.ranges, started.futures = _submit(started.pool, settings, *started.inputs, make)
    else:
        started.pool.submit(int)  # the first task starts every worker process (and so their initializer)
    atexit.register(started.pool.shutdown, wait=False, cancel_futures=True)


def finish_article(text: str, outlet: str, found: ArticleClaims) -> ArticleClaims:
    """What ingest adds to an article's claims: the outlet as speaker of its own (narration)
    statements, then each claim's claimant kind and side."""
    return with_claimants(text, with_outlet(found, outlet))


def extract_batch(settings, texts: Sequence[str], outlets: Sequence[str] | None, make: Make) -> list[ArticleClaims]:
    """Parse and extract ``texts`` in this process: what one worker does with one batch.

    With ``outlets`` (one per text), each article's claims are finished as ingest stores them
    (``finish_article``).
    """
    found = _extractor(settings, make).extract_many(texts)
    if outlets is None:
        return found
    return [finish_article(text, outlet, claims) for text, outlet, claims in zip(texts, outlets, found)]


def batches(texts: Sequence[str], workers: int, max_texts: int) -> list[tuple[int, int]]:
    """Consecutive [start, end) ranges of about equal characters, at most ``max_texts`` texts each."""
    total = sum(len(t) for t in texts)
    target = max(1, total // max(1, workers * BATCHES_PER_WORKER))
    out, start, size = [], 0, 0
    for k, text in enumerate(texts):
        size += len(text)
        if size >= target or k + 1 - start >= max(1, max_texts):
            out.append((start, k + 1))
            start, size = k + 1, 0
    if start < len(texts):
        out.append((start, len(texts)))
    return out


def _submit(pool: ProcessPoolExecutor, settings, texts: list[str], outlets: list[str] | None, make: Make):
    """Every batch of ``texts`` submitted to ``pool`` in input order (so the first results can be stored,
    and linked, while the workers parse the rest): (ranges, batch number -> future)."""
    ranges = batches(texts, max(1, int(settings.n_process)), settings.batch_size)
    return ranges, {k: pool.submit(extract_batch, settings, texts[a:b], None if outlets is None else outlets[a:b], make)
                    for k, (a, b) in enumerate(ranges)}


def _stop(pool: ProcessPoolExecutor) -> None:
    """Stop the workers now rather than wait for the batches still queued."""
    pool.shutdown(wait=False, cancel_futures=True)
    for proc in list((getattr(pool, "_processes", None) or {}).values()):
        proc.terminate()


def extract_parallel_iter(settings, texts: Sequence[str], outlets: Sequence[str] | None = None, *,
                          make: Make) -> Iterator[tuple[int, int, list[ArticleClaims] | None, BaseException | None]]:
    """``extract_batch`` over ``settings.n_process`` worker processes, one worker batch at a time in input
    order as soon as it is done: (start, end, its records, None), or (start, end, None, the error) for a
    batch whose extraction raised (the caller may retry its texts one by one). The workers go on
    parsing while the caller handles what it got."""
    texts = list(texts)
    outlets = None if outlets is None else list(outlets)
    started = _warm.pop(settings, None)
    pool = started.pool if started else _new_pool(settings, make)
    try:
        if started and started.inputs == (texts, outlets):
            ranges, futures = started.ranges, started.futures  # submitted ahead by prestart
        else:
            for fut in started.futures.values() if started else ():
                fut.cancel()  # submitted for other inputs
            ranges, futures = _submit(pool, settings, texts, outlets, make)
        for k, (a, b) in enumerate(ranges):
            try:
                found = futures[k].result()
            except Exception as exc:  # this batch failed (or a worker died: then every batch after it)
                yield a, b, None, exc
            else:
                yield a, b, found, None
    except BaseException:
        _stop(pool)  # interrupted or failed (or the caller stopped reading): do not wait for the rest
        raise
    pool.shutdown()


def extract_parallel(settings, texts: Sequence[str], outlets: Sequence[str] | None = None, *,
                     make: Make) -> list[ArticleClaims]:
    """``extract_batch`` over ``settings.n_process`` worker processes; results in input order."""
    out: list[ArticleClaims] = []
    for _, _, found, exc in extract_parallel_iter(settings, texts, outlets, make=make):
        if exc is not None:
            raise exc
        out.extend(found or [])
    return out
