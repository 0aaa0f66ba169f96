"""Quotes that run on after their cue: "“Q1,” he said. “Q2.”", paragraphs that are only a quote."""
from __future__ import annotations

import re

from claims.extraction.parsed import Candidate, ParsedText
from claims.extraction.quotes import QUOTE_CHARS, Quote
from claims.model import Span


def continue_direct(d: ParsedText, raws: list[Candidate]) -> None:
    """Quotes that go on after a direct attribution: "“Q1,” he said. “Q2.”", open paragraphs."""
    text = d.text
    starts = {q.start: k for k, q in enumerate(d.quotes)}
    for r in sorted(raws, key=lambda r: r.content[-1].end):
        if r.quote_type not in ("direct", "mixed") or r.clause is None:
            continue
        last = starts.get(r.content[-1].start)
        if last is None:
            # a mixed lead-in: find the quote the span ends with
            last = next((k for k, q in enumerate(d.quotes) if q.end == r.content[-1].end), None)
        if last is None:
            continue
        cs, ce = r.clause
        k = last + 1
        while k < len(d.quotes) and k not in d.used_quotes:
            prev, q = d.quotes[k - 1], d.quotes[k]
            between = text[prev.end : q.start]
            ok = False
            if q.chain == k - 1:
                ok = True
            elif between.strip() == "" and "\n" not in between:
                ok = True
            elif prev.end <= cs and q.start >= ce:
                mid = text[ce : q.start]
                if not any(c in mid for c in QUOTE_CHARS) and "\n" not in mid:
                    tail = text[q.start : max(q.start, r.sent_end)]
                    if mid.strip(" ,.;:") in ("", "but", "and") or (tail.strip(QUOTE_CHARS + " ") == "" and len(mid) < 300):
                        ok = True
            if not ok or _has_own_cue(d, q):
                break
            r.content.append(Span(q.start, q.end))
            d.used_quotes.add(k)
            k += 1


def _has_own_cue(d: ParsedText, q: Quote) -> bool:
    """A quote right followed by "he said" / "said X" belongs to that cue."""
    tail = d.text[q.end : q.end + 60]
    return bool(re.match(r"[^\S\n]*(?:[A-Z][\w.’']*(?: [A-Z][\w.’']*){0,3}|he|she|they|I|we) (?:\w+ )?(?:said|says|added|adds|told|asked|wrote|tweeted|continued|explained|argued|noted|insisted)\b"
                         r"|[^\S\n]*(?:said|says|added|adds|wrote|asked|continued)\b", tail))


def continue_quotes(d: ParsedText, raws: list[Candidate]) -> None:
    """A paragraph that is only a quote continues the direct attribution just before it."""
    text = d.text
    by_end = sorted((r for r in raws if r.quote_type == "direct"), key=lambda r: r.content[-1].end)
    for k, q in enumerate(d.quotes):
        if k in d.used_quotes or q.words < 4:
            continue
        line_start = text.rfind("\n", 0, q.start) + 1
        if text[line_start : q.start].strip():
            continue
        line_end = text.find("\n", q.end)
        line_end = len(text) if line_end < 0 else line_end
        if text[q.end : line_end].strip(" .,"):
            continue
        prev = None
        for r in by_end:
            if r.content[-1].end <= q.start:
                prev = r
        if prev is None:
            continue
        between = text[prev.content[-1].end : q.start]
        if between.count("\n") > 2 or _has_own_cue(d, q):
            continue
        if len(between.strip(" .\n\t")) > 0:
            # "“Q1,” he said Monday. ⏎ “Q2.”": only the rest of the cue's sentence between
            if not (prev.clause and prev.sent_end > 0 and prev.content[-1].end <= prev.clause[0]
                    and text[prev.sent_end : q.start].strip(" .\n\t") == ""
                    and not any(c in text[prev.clause[1] : prev.sent_end] for c in QUOTE_CHARS)):
                continue
        prev.content.append(Span(q.start, q.end))
        d.used_quotes.add(k)


def dedupe(raws: list[Candidate]) -> list[Candidate]:
    """The candidates without a repeat of the same content spans (the first found stays)."""
    out: list[Candidate] = []
    seen: set[tuple] = set()
    for r in raws:
        key = tuple((s.start, s.end) for s in r.content)
        if key in seen:
            continue
        seen.add(key)
        out.append(r)
    return out
