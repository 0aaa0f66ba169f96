"""Sentence meaning as vectors, offline: WordLlama's static embeddings shipped inside its wheel.

"Putin rejected a 30-60 day ceasefire" and "the Russian leader turned down a ceasefire of
30 to 60 days" share few words but score 0.69; an unrelated sentence scores near 0.1.
The weights are package data of ``wordllama`` (no download: ``disable_download=True``).
"""
from __future__ import annotations

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


def embed(texts: Sequence[str]) -> np.ndarray:
    """Unit-length float32 vectors, one row per text (a zero row for an empty text)."""
    if not texts:
        return np.zeros((0, 256), dtype=np.float32)
    vectors = np.asarray(_model().embed([t or " " for t in texts]), dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.where(norms > 0, norms, 1.0)


def cosine(a: str, b: str) -> float:
    """How alike two texts mean, -1..1."""
    v = embed([a, b])
    return float(v[0] @ v[1])
