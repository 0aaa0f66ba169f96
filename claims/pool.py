"""Extraction spread over worker processes: each worker parses a batch and runs the rules on it.

With spaCy's own ``n_process`` the workers only parse; every Doc is serialized back and the
rules then run one after another in the main process, which becomes the bottleneck. Here a
worker does the whole job for its batch (``extract_batch``: parse, rules, speaker resolution,
atomic claims) and sends back only the frozen records (``ArticleClaims``), which are small.

``extract_batch`` is also the unit a Dask cluster runs (flows.ingest_flow), so a local pool
and a cluster give the same records.
"""
from __future__ import annotations

import atexit
import signal
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from typing import Sequence

from claims.model import ArticleClaims

#: Batches per worker a run is cut into: enough that a long article late in the run does not
#: leave the other worker idle, few enough that each batch still fills a spaCy batch.
BATCHES_PER_WORKER = 16

_extractors: dict = {}  # ExtractSettings -> Extractor, one per worker process


def init_worker(settings=None) -> None:
    """Set up a new extraction worker process; the one hook for everything a worker needs first.

    With ``settings``, the extractor (and its spaCy model) is loaded here, before the first batch.
    """
    # Ctrl-C is for the main process, which shuts the pool down; a worker would only print a traceback
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if settings is not None:
        _extractor(settings).extract_many([""])  # loads the model


def _extractor(settings):
    from claims.extract import Extractor

    settings = replace(settings, n_process=1)
    ex = _extractors.get(settings)
    if ex is None:
        ex = _extractors[settings] = Extractor(settings)
    return ex


_warm: dict = {}  # ExtractSettings -> a started pool nobody has used yet


def _new_pool(settings) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(max_workers=max(1, int(settings.n_process)), initializer=init_worker,
                               initargs=(settings,))


def prestart(settings) -> None:
    """Start ``settings.n_process`` workers now, each loading the model, for the next
    ``extract_parallel`` with these settings (the caller meanwhile does something else)."""
    if settings in _warm or settings.n_process < 2:
        return
    pool = _warm[settings] = _new_pool(settings)
    pool.submit(int)  # the first task starts every worker process (and so their initializer)
    atexit.register(pool.shutdown, wait=False, cancel_futures=True)


def extract_batch(settings, texts: Sequence[str]) -> list[ArticleClaims]:
    """Parse and extract ``texts`` in this process: what one worker does with one batch."""
    return _extractor(settings).extract_many(texts)


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


def extract_parallel(settings, texts: Sequence[str]) -> list[ArticleClaims]:
    """``extract_batch`` over ``settings.n_process`` worker processes; results in input order."""
    texts = list(texts)
    workers = max(1, int(settings.n_process))
    ranges = batches(texts, workers, settings.batch_size)
    # the biggest batches first, so the last ones to finish are short
    order = sorted(range(len(ranges)), key=lambda k: -sum(len(t) for t in texts[ranges[k][0]:ranges[k][1]]))
    results: list[list[ArticleClaims] | None] = [None] * len(ranges)
    pool = _warm.pop(settings, None) or _new_pool(settings)
    try:
        futures = {k: pool.submit(extract_batch, settings, texts[ranges[k][0]:ranges[k][1]]) for k in order}
        for k, fut in futures.items():
            results[k] = fut.result()
    except BaseException:
        # interrupted or failed: stop now rather than wait for the batches still queued
        pool.shutdown(wait=False, cancel_futures=True)
        for proc in list((getattr(pool, "_processes", None) or {}).values()):
            proc.terminate()
        raise
    pool.shutdown()
    return [found for part in results for found in part]
