"""Sentence meaning as vectors, offline: WordLlama's static embeddings shipped inside its wheel.

"Putin rejected a 30-60 day ceasefire" and "the Russian leader turned down a ceasefire of
30 to 60 days" share few words but score 0.69; an unrelated sentence scores near 0.1.
The weights are package data of ``wordllama`` (no download: ``disable_download=True``).
"""
from __future__ import annotations

import multiprocessing as mp
import os
from functools import lru_cache
from typing import Sequence

import numpy as np


class SemanticModelMissing(RuntimeError):
    """The embedding model cannot be loaded from the installed wordllama package."""


@lru_cache(maxsize=1)
def _model():
    try:
        import wordllama
        from wordllama import WordLlama
    except ImportError as exc:  # pragma: no cover - a dependency of the package
        raise SemanticModelMissing("wordllama is not installed: pip install claimtrack's dependencies") from exc
    try:
        return WordLlama.load(cache_dir=os.path.dirname(wordllama.__file__), disable_download=True)
    except Exception as exc:
        raise SemanticModelMissing(f"wordllama's bundled weights cannot be loaded ({exc})") from exc


#: Texts WordLlama pools in one step (its own default).
_BATCH = 64


def _embed_range(bounds: tuple[int, int]) -> np.ndarray:
    lo, hi = bounds
    return np.asarray(_model().embed(_TEXTS[lo:hi], batch_size=_BATCH), dtype=np.float32)


_TEXTS: list[str] = []


def embed(texts: Sequence[str], workers: int = 1) -> np.ndarray:
    """Unit-length float32 vectors, one row per text (a zero row for an empty text).

    A text's vector does not depend on the texts pooled with it, so a repeated text is embedded
    once; ``workers`` > 1 shares a long list among forked processes (the same vectors to the bit).
    """
    if not texts:
        return np.zeros((0, 256), dtype=np.float32)
    global _TEXTS
    row_of: dict[str, int] = {}
    rows = np.fromiter((row_of.setdefault(t or " ", len(row_of)) for t in texts), dtype=np.int64, count=len(texts))
    items = list(row_of)
    del row_of
    # filled in place, one row per text: a repeated text's vector is copied to each of its rows as its
    # part arrives (no second array of the distinct texts' vectors: a million texts' vectors are 1 GB)
    vectors = np.empty((len(texts), 256), dtype=np.float32)
    if len(items) == len(texts):
        def put(lo: int, hi: int, part: np.ndarray) -> None:
            vectors[lo:hi] = part
    else:
        order = np.argsort(rows, kind="stable")
        sorted_rows = rows[order]
        bounds = np.searchsorted(sorted_rows, np.arange(len(items) + 1))

        def put(lo: int, hi: int, part: np.ndarray) -> None:
            a, b = bounds[lo], bounds[min(hi, len(items))]
            vectors[order[a:b]] = part[sorted_rows[a:b] - lo]
    step = -(-len(items) // (workers * 4 * _BATCH)) * _BATCH if workers > 1 else 0
    if workers > 1 and len(items) >= 8 * step > 0 and "fork" in mp.get_all_start_methods():
        _model()
        _TEXTS = items
        try:
            with mp.get_context("fork").Pool(workers) as pool:
                ranges = [(k, k + step) for k in range(0, len(items), step)]
                for (lo, hi), part in zip(ranges, pool.imap(_embed_range, ranges)):
                    put(lo, hi, part)
        finally:
            _TEXTS = []
    else:
        for lo in range(0, len(items), 16384):  # a multiple of _BATCH
            put(lo, lo + 16384, np.asarray(_model().embed(items[lo:lo + 16384], batch_size=_BATCH), dtype=np.float32))
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    np.divide(vectors, np.where(norms > 0, norms, 1.0), out=vectors)
    return vectors


def vocabulary() -> dict[str, int]:
    """WordLlama's tokens and their ids (whole words start with "\u2581")."""
    return _model().tokenizer.get_vocab()


def cosine(a: str, b: str) -> float:
    """How alike two texts mean, -1..1."""
    v = embed([a, b])
    return float(v[0] @ v[1])
