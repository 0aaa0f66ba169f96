"""Quoted stretches of an article: where each quote opens and closes, paragraph by paragraph."""
from __future__ import annotations

import re
from dataclasses import dataclass

_QMARK = re.compile(r"``|''|[“”„«»\"]")
_OPENERS = {"“", "„", "«", "``"}
_CLOSERS = {"”", "»"}
#: Quote marks and apostrophes stripped from the edges of quoted text.
QUOTE_CHARS = "“”„«»\"'`‘’"


@dataclass
class Quote:
    """A quoted stretch of text: its marks' character offsets, its words, the quote it continues."""

    start: int  # the opening mark
    end: int  # after the closing mark (or the paragraph's last character)
    closed: bool  # False: the quote runs on to the next paragraph
    words: int = 0
    chain: int = -1  # index of the quote it continues (open across paragraphs)


def find_quotes(text: str) -> list[Quote]:
    """Quoted stretches, paragraph by paragraph; an unclosed quote runs to its paragraph's end."""
    quotes: list[Quote] = []
    pos = 0
    n = len(text)
    while pos < n:
        nl = text.find("\n", pos)
        para_end = n if nl < 0 else nl
        single = _single_quoted(text, pos, para_end)
        if single is not None:
            quotes.append(single)
            pos = para_end + 1
            continue
        open_at = -1
        for m in _QMARK.finditer(text, pos, para_end):
            mark, i, j = m.group(), m.start(), m.end()
            before = text[i - 1] if i > pos else " "
            after = text[j] if j < para_end else " "
            if mark in _OPENERS:
                role = "open"
            elif mark in _CLOSERS:
                role = "open" if (before.isspace() or before in "([—–-") and after.isalnum() and open_at < 0 else "close"
            else:
                if open_at < 0:
                    role = "open" if not (after.isspace() and not before.isspace()) else "close"
                else:
                    role = "close"
            if role == "open":
                if open_at < 0:
                    open_at = i
            elif open_at >= 0:
                quotes.append(Quote(open_at, j, True))
                open_at = -1
        if open_at >= 0:
            end = para_end
            while end > open_at and text[end - 1].isspace():
                end -= 1
            if end - open_at > 1:
                quotes.append(Quote(open_at, end, False))
        pos = para_end + 1
    for k, q in enumerate(quotes):
        q.words = len(re.findall(r"\w+", text[q.start : q.end]))
        if k and not quotes[k - 1].closed:
            prev = quotes[k - 1]
            gap = text[prev.end : q.start]
            if gap.strip() == "" and "\n" in gap:
                q.chain = k - 1
    return quotes


def _single_quoted(text: str, pos: int, para_end: int) -> Quote | None:
    """A paragraph that opens with a single quote mark and holds no double ones ("‘There is no impact on
    ...": British style, each paragraph of a long quote opened again): the quote, closed at the first ’ that
    ends a word before a space or punctuation, else running to the paragraph's end. An apostrophe inside a
    word ("don’t") closes nothing."""
    start = pos
    while start < para_end and text[start].isspace():
        start += 1
    if start >= para_end or text[start] != "‘" or _QMARK.search(text, start, para_end):
        return None
    for m in re.finditer("’", text[start + 1 : para_end]):
        j = start + 1 + m.end()
        after = text[j] if j < para_end else " "
        before = text[j - 2]
        if not after.isalnum() and not before.isspace() and not (before == "s" and after == " "):
            return Quote(start, j, True)
    end = para_end
    while end > start and text[end - 1].isspace():
        end -= 1
    return Quote(start, end, False) if end - start > 1 else None


def is_quote_token(tok) -> bool:
    """Whether a spaCy token is a quote mark."""
    return tok.text in ("“", "”", '"', "''", "``", "„", "«", "»") or tok.tag_ in ("``", "''")
