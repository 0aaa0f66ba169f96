"""Text as spaCy is given it: overlong runs broken (offsets kept), long articles cut at paragraphs."""
from __future__ import annotations

import re

from claims.extraction.wire import mask_furniture

#: Longest run of non-space characters given to spaCy as is: its tokenizer takes quadratic time on
#: long runs (24,000 punctuation marks: ~110 s), and no word or URL in news is this long.
MAX_RUN_CHARS = 200
_LONG_RUN = re.compile(r"\S{%d,}" % (MAX_RUN_CHARS + 1))


def break_long_runs(text: str) -> str:
    """The text with every MAX_RUN_CHARS-th character of an overlong run made a space; same length, same offsets."""
    if len(text) <= MAX_RUN_CHARS or not _LONG_RUN.search(text):
        return text

    def cut(m: re.Match) -> str:  # overwrite (not insert) one character per MAX_RUN_CHARS
        run = m.group(0)
        return "".join(" " if (i + 1) % MAX_RUN_CHARS == 0 else c for i, c in enumerate(run))

    return _LONG_RUN.sub(cut, text)


def chunks(text: str, limit: int) -> list[tuple[int, str]]:
    """(offset, piece) of a text as spaCy is given it: furniture masked (datelines, bylines, photo credits
    are never speakers or contents), overlong runs broken, pieces of at most ``limit`` characters cut at
    a paragraph (else a space) in their second half; same offsets as the text."""
    text = mask_furniture(text)
    if len(text) <= limit:
        return [(0, break_long_runs(text))] if text.strip() else []
    out, start = [], 0
    while start < len(text):
        end = min(len(text), start + limit)
        if end < len(text):
            cut = text.rfind("\n", start + limit // 2, end)
            if cut < 0:
                cut = text.rfind(" ", start + limit // 2, end)
            if cut > start:
                end = cut + 1
        if text[start:end].strip():
            out.append((start, break_long_runs(text[start:end])))
        start = end
    return out
