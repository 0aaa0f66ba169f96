"""What a quantity in a claim measures: the words around it, so that two claims' figures are compared
only when they measure one thing ("the call lasted about 75 minutes" / "his 85-minute phone call")."""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

from claims.model import Quantity, StoredClaim
from claims.quantities.nouns import plural_of
from claims.quantities.parse import comparable
from claims.text import (
    ORDINAL_PERIOD,
    ORDINALS,
    common_words,
    content_stems,
    is_content,
    word_stem,
    words,
)

# --- measured things ---------------------------------------------------------------

#: "in its Nth year" lasted at least N-1 and less than N whole units; the upper end is kept just below N.
_BELOW = 1e-6


def ordinal_periods(text: str) -> tuple[Quantity, ...]:
    """Durations stated as "(now) in its third year": N-1 up to (not including) N units."""
    out = []
    for m in ORDINAL_PERIOD.finditer(text):
        raw = m.group("n").lower()
        n = ORDINALS.get(raw) or int(re.sub(r"\D", "", raw))
        low, high = float(n - 1), n * (1 - _BELOW)
        out.append(Quantity(value=(low + high) / 2, unit=m.group("unit").lower(), qualifier="range", low=low,
                            high=high, text=m.group(0)))
    return tuple(out)


#: Where a quantity's clause ends: punctuation, quotation marks, a dash between spaces.
_BOUNDARY = re.compile(r"[,;:.!?()\[\]“”\"—–]|\s['‘’]|['‘’](?=\s|$)|\s-\s")


@dataclass(frozen=True)
class _Measure:
    q: Quantity
    context: frozenset[str]
    change: bool = False  # "fell by 18 percent": a change of the thing, not its level


#: Words right before a quantity that make it a change ("fell by 18%", "up 5%") rather than a level.
_CHANGE_WORDS = frozenset({"by", "up", "down", "plus", "minus"})


@lru_cache(maxsize=50_000)
def measures(claim: StoredClaim, context_words: int) -> tuple[_Measure, ...]:
    """The quantities of a claim (ordinal periods too), each with the content words around it."""
    content = claim.content
    quantities = tuple(claim.quantities) + ordinal_periods(content)
    out = []
    lower = content.lower()
    for q in quantities:
        at = lower.find(q.text.lower()) if q.text else -1
        if at < 0:
            ctx = content_stems(common_words(content))
        else:
            # the quantity's own clause: "The conversation lasted about 1 hour and 15 minutes," stops at the comma
            heads = _BOUNDARY.split(content[:at])
            tail = _BOUNDARY.split(content[at + len(q.text):])[0]
            before = [word_stem(t) for t in common_words(heads[-1]) if is_content(t)][-context_words:]
            after = [word_stem(t) for t in common_words(tail) if is_content(t)][:context_words]
            if q.unit and q.noun:
                after = []  # "his 85-minute phone call with Putin as ...": the call is the thing, not what follows
            if not before and not after and len(heads) > 1:
                # an apposition: "the Russia-Ukraine war, now in its third year" measures the war
                before = [word_stem(t) for t in common_words(heads[-2]) if is_content(t)][-context_words:]
            ctx = set(before) | set(after)
        if q.noun and not q.unit:
            # a count's noun must match anyway (comparable); it is not extra evidence
            ctx -= {word_stem(q.noun), word_stem(plural_of(q.noun)), plural_of(q.noun).lower()}
        elif q.noun:
            ctx.add(word_stem(q.noun))  # "85-minute phone call": the call is what lasted
        prev = words(content[:at])[-1:] if at > 0 else []
        out.append(_Measure(q, frozenset(ctx), change=bool(prev) and prev[0] in _CHANGE_WORDS))
    return tuple(out)


def same_thing(ma: _Measure, mb: _Measure, min_shared: int) -> set[str] | None:
    """The shared context words when both quantities measure one thing, else None."""
    if not comparable(ma.q, mb.q) or ma.change != mb.change:
        return None
    if not ma.q.unit and not (ma.q.noun and mb.q.noun):
        return None  # a bare count ("nearly 3", "two") says too little about what is counted
    shared = set(ma.context & mb.context)
    if len(shared) < min_shared:
        return None
    return shared


def rel_gap(x: float, y: float) -> float:
    if not (math.isfinite(x) and math.isfinite(y)):
        return 0.0
    top = max(abs(x), abs(y))
    return abs(x - y) / top if top else 0.0


def nearest_ratio(a: Quantity, b: Quantity) -> float:
    """How many times larger the nearer bound of one interval is than the other's (1 when they overlap)."""
    if a.high < b.low:
        lo, hi = a.high, b.low
    elif b.high < a.low:
        lo, hi = b.high, a.low
    else:
        return 1.0
    if lo <= 0 or not math.isfinite(hi):
        return math.inf if hi > 0 else 1.0
    return hi / lo


def interval_gap(a: Quantity, b: Quantity) -> float:
    """Relative distance between two intervals that do not overlap (0 when they do)."""
    if a.high < b.low:
        return rel_gap(a.high, b.low)
    if b.high < a.low:
        return rel_gap(b.high, a.low)
    return 0.0


_THING = {"minute": "duration", "day": "duration", "week": "duration", "month": "duration", "year": "duration",
          "percent": "share", "usd": "amount", "eur": "amount", "gbp": "amount"}


def measured_subject(q: Quantity, shared: set[str]) -> str:
    """A heading for what a quantity measures: "number of aircraft", "call: duration", "duration (call, lasted)"."""
    if q.noun:
        return f"number of {plural_of(q.noun)}" if not q.unit else f"{q.noun}: {_THING.get(q.unit, q.unit)}"
    words = ", ".join(sorted(shared)[:3])
    return f"{_THING.get(q.unit.partition('/')[0], q.unit or 'count')} ({words})"
