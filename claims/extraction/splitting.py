"""Splitting one attribution's content into atomic claims.

An attribution as written ("Trump said: 'The call lasted 75 minutes. It was a good
conversation, but not one that will lead to peace'") often asserts several
things. Each atomic claim keeps the attribution's speaker, cue, stance and
``attribution_index``, and gets its own span, content, quantities and negation,
so each is free to join its own cluster.

Where content is split (every rule is about sentence structure, none about topics):

- sentence ends inside the content (". " followed by a capital or a quote), and
  separate quoted passages ('"...," "The call ..."') that start a new sentence;
- semicolons;
- a repeated complementizer: "... and that ...", "..., but that ...";
- a contrastive or additive clause: ", while ...", ", whereas ...";
- between two quantities of different kinds (several numbers about different
  things: "117 drones were smuggled in, and 41 aircraft were hit", "destroyed 41
  aircraft, worth $7bn"), at the comma or "and" nearest the second quantity.

An outlet's own statement (quote type "narration") keeps only its words outside
every attribution's speaker, cue and content: "X spoke for an hour, but he
conceded the talks would not lead to peace" is the outlet's "X spoke for an
hour" and X's claim, not one sentence-long claim over both.

A piece shorter than ``MIN_PIECE_WORDS`` content words stays with its
neighbour. A quote interrupted by a cue ("'It was good,' he said, 'but ...'")
stays one claim when its second part continues the first part's sentence.

Pure logic: no I/O.
"""
from __future__ import annotations

import re
from dataclasses import replace
from typing import Callable, Sequence

from claims.model import Attribution, Claim, Quantity, Span
from claims.text import STOP_WORDS, negated

#: A piece with fewer content words than this is not a claim of its own; it stays with its neighbour.
MIN_PIECE_WORDS = 2

_SENT_END = re.compile(r"(?<=[.!?…])[\"”’']?\s+(?=[\"“‘']?[A-Z0-9])")
_ABBREV = re.compile(r"\b(?:Mr|Mrs|Ms|Dr|St|Gen|Lt|Col|Sen|Rep|Gov|Jr|Sr|U\.S|U\.K|No|vs|approx|Prof|[A-Z])\.$")
_SEMI = re.compile(r"\s*;\s+")
_COMP = re.compile(r",?\s+(?:and|but)\s+(?:also\s+)?that\s+", re.IGNORECASE)
_WHILE = re.compile(r",\s+(?:while|whereas)\s+", re.IGNORECASE)
_QUANTITY_SEP = re.compile(r",\s+(?:and\s+|including\s+|while\s+)?|\s+and\s+|\s+(?:while|whereas)\s+", re.IGNORECASE)
_WORD = re.compile(r"[A-Za-z0-9][\w’'-]*")
_QUOTE_CHARS = "\"“”‘’'`«» "


def _content_words(s: str) -> int:
    return sum(1 for w in _WORD.findall(s) if w.lower() not in STOP_WORDS)


def _continues(text: str, prev: Span, nxt: Span) -> bool:
    """Whether span ``nxt`` continues the sentence of ``prev`` ("'It was good,' he said, 'but ...'")."""
    before = text[prev.start : prev.end].rstrip(_QUOTE_CHARS + ",")
    after = text[nxt.start : nxt.end].lstrip(_QUOTE_CHARS)
    return not before.endswith((".", "!", "?", "…")) and not after[:1].isupper()


def _cuts(piece: str, quantities: Sequence[Quantity], base: int, extra: Sequence[int] = ()) -> list[int]:
    """Offsets (relative to ``piece``) where the piece splits into clauses (``extra``: article offsets
    where the parse starts a new proposition, claims.propositions)."""
    cuts: set[int] = {c - base for c in extra}
    for m in _SENT_END.finditer(piece):
        if not _ABBREV.search(piece[: m.start()].rstrip(_QUOTE_CHARS)):
            cuts.add(m.end())
    for rx in (_SEMI, _COMP, _WHILE):
        for m in rx.finditer(piece):
            cuts.add(m.end())
    placed = sorted((q for q in quantities if q.span is not None), key=lambda q: q.span.start)
    for a, b in zip(placed, placed[1:]):
        if (a.unit, a.noun) == (b.unit, b.noun):
            continue  # one thing stated twice ("40 or 41 aircraft") stays one claim
        lo, hi = a.span.end - base, b.span.start - base
        seps = [m for m in _QUANTITY_SEP.finditer(piece, max(lo, 0), max(hi, 0))]
        if seps:  # the clause boundary nearest the second quantity
            cuts.add(seps[-1].end())
    return sorted(c for c in cuts if 0 < c < len(piece))


def _trim_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop separators (", and that", ";", spaces) from the end of a piece and spaces from its start."""
    piece = text[start:end]
    m = re.search(r"(?:[\s,;]+(?:and|but)(?:\s+also)?(?:\s+that)?|[\s,;]+(?:while|whereas|including))?[\s,;]*$", piece,
                  re.IGNORECASE)
    if m and m.start() > 0:
        end = start + m.start()
    while start < end and text[start].isspace():
        start += 1
    return start, end


def split_content(text: str, att: Attribution, min_words: int = MIN_PIECE_WORDS,
                  clause_cuts: Callable[[int, int], Sequence[int]] | None = None) -> list[tuple[Span, ...]]:
    """The atomic pieces of one attribution's content: each a tuple of spans into ``text``.

    ``clause_cuts(start, end)``: article offsets inside a content span where the parse starts a new
    proposition (claims.propositions.parse.cuts); none without a parse."""
    pieces: list[tuple[Span, ...]] = []
    previous: Span | None = None
    for span in sorted(att.content):
        piece = text[span.start : span.end]
        quantities = [q for q in att.quantities if q.span is not None and span.start <= q.span.start < span.end]
        extra = clause_cuts(span.start, span.end) if clause_cuts is not None else ()
        bounds = [0, *_cuts(piece, quantities, span.start, extra), len(piece)]
        parts = []
        for a, b in zip(bounds, bounds[1:]):
            s, e = _trim_span(text, span.start + a, span.start + b)
            if e > s:
                parts.append(Span(s, e))
        if not parts:
            continue
        if pieces and previous is not None and _continues(text, previous, span):
            pieces[-1] = (*pieces[-1], parts[0])
            parts = parts[1:]
        pieces.extend((p,) for p in parts)
        previous = span
    merged: list[tuple[Span, ...]] = []
    for p in pieces:
        if merged and (_words_in(text, p) < min_words or _words_in(text, merged[-1]) < min_words):
            merged[-1] = (*merged[-1], *p)
        else:
            merged.append(p)
    return merged


def _words_in(text: str, spans: tuple[Span, ...]) -> int:
    return sum(_content_words(text[s.start : s.end]) for s in spans)


def _normalize(s: str) -> str:
    s = re.sub(r"[“”„«»\"]", "", s)
    s = re.sub(r"\s+", " ", s).strip()
    s = re.sub(r"^‘(.*?)’?([.!?]?)$", r"\1\2", s)
    s = re.sub(r"([.!?])’$", r"\1", s)  # a quote in single marks
    s = re.sub(r"^(?:that|and|but)\s+", "", s, flags=re.I)
    return s.rstrip(" ,;:")


def _prefix(att: Attribution, text: str) -> str:
    """The "Speaker said" part of the attribution's one-line text."""
    whole = _normalize(" ".join(text[s.start : s.end] for s in att.content))
    if whole and att.text.endswith(whole):
        return att.text[: len(att.text) - len(whole)].strip()
    if att.speaker_name and att.text.startswith(att.speaker_name):
        words = att.text[len(att.speaker_name):].split()
        return f"{att.speaker_name} {words[0]}" if words else att.speaker_name
    return att.speaker_name


def _own_spans(text: str, content: Sequence[Span], taken: Sequence[Span], min_words: int) -> list[Span]:
    """The parts of an outlet's sentence outside every attribution's speaker, cue and content."""
    own: list[Span] = []
    for span in content:
        pieces = [(span.start, span.end)]
        for t in taken:
            nxt = []
            for a, b in pieces:
                if t.end <= a or t.start >= b:
                    nxt.append((a, b))
                    continue
                if t.start > a:
                    nxt.append((a, t.start))
                if t.end < b:
                    nxt.append((t.end, b))
            pieces = nxt
        for a, b in pieces:
            a, b = _trim_span(text, a, b)
            while b > a and text[b - 1] in ",;:—–- ":
                b -= 1
            if b > a and _content_words(text[a:b]) >= min_words:
                own.append(Span(a, b))
    return own


def split_claims(text: str, attributions: Sequence[Attribution], min_words: int = MIN_PIECE_WORDS,
                 clause_cuts: Callable[[int, int], Sequence[int]] | None = None) -> tuple[Claim, ...]:
    """Atomic claims of an article's attributions (in the given order), each with its own span.

    An attribution whose content asserts one thing gives exactly the claim it
    gave before splitting existed (same span, content, text, negation, quantities).
    """
    out: list[Claim] = []
    attributed = sorted(sp for a in attributions if a.quote_type != "narration"
                        for sp in (*a.content, *(x for x in (a.speaker, a.cue) if x is not None)))
    for i, att in enumerate(attributions):
        if att.quote_type == "narration" and attributed:
            own = _own_spans(text, att.content, attributed, min_words)
            if own and own != list(att.content):
                att = replace(att, content=tuple(own))
        pieces = split_content(text, att, min_words, clause_cuts)
        if len(pieces) <= 1:
            out.append(Claim(
                attribution_index=i, span=Span(att.start, att.end),
                content=" ".join(text[s.start : s.end] for s in att.content), text=att.text,
                speaker_name=att.speaker_name, cue_lemma=att.cue_lemma, stance=att.stance,
                quote_type=att.quote_type, negated=att.negated, quantities=att.quantities,
            ))
            continue
        prefix = _prefix(att, text)
        for spans in pieces:
            start, end = spans[0].start, spans[-1].end
            content = " ".join(text[s.start : s.end] for s in spans)
            norm = _normalize(content)
            out.append(Claim(
                attribution_index=i, span=Span(start, end), content=content,
                text=" ".join(x for x in (prefix, norm) if x), speaker_name=att.speaker_name,
                cue_lemma=att.cue_lemma, stance=att.stance, quote_type=att.quote_type,
                negated=negated(content),
                quantities=tuple(q for q in att.quantities if q.span is None or start <= q.span.start < end),
            ))
    return tuple(out)
