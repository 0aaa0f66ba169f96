"""Rules that find claims which cannot both be true.

Each rule takes two claims about the same thing and returns a
``Contradiction`` with a reason a person can read, or None.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Sequence

from rapidfuzz import fuzz

from .matching import OPPOSITE_STANCES, content_words, normalize_content
from .model import StoredClaim

_NUMBERISH = re.compile(
    r"[$€£]?\d[\d,.]*\s*(%|percent|per cent|bn|billion|million|m|k|thousand)?"
    r"|\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|"
    r"sixty|seventy|eighty|ninety|hundred|an hour|a half|half)\b",
    re.IGNORECASE,
)
_NEGATION = re.compile(r"\b(not|no|never|n't|neither|nor)\b", re.IGNORECASE)


@dataclass(frozen=True)
class ContradictionSettings:
    """Thresholds of the contradiction rules; equal when every threshold is."""

    #: Similarity (0-100) of two contents with their numbers masked, at or above which
    #: they speak of the same measured thing.
    numeric_same_subject: float = 75.0
    #: Similarity (0-100) of two contents with negations removed, at or above which
    #: opposite stances are about the same thing.
    polarity_same_subject: float = 80.0


@dataclass(frozen=True)
class Contradiction:
    """Two claims that disagree; equal when kind and both claim ids are."""

    kind: str  # numeric, polarity, attribution, changed
    claim_id_a: int
    claim_id_b: int
    reason: str
    subject: str
    score: float


def _masked(text: str) -> str:
    return normalize_content(_NUMBERISH.sub(" # ", text))


def _without_negation(text: str) -> str:
    return normalize_content(_NEGATION.sub(" ", text))


def _label(c: StoredClaim) -> str:
    return c.source or f"claim {c.claim_id}"


def numeric_conflict(a: StoredClaim, b: StoredClaim, settings: ContradictionSettings | None = None) -> Contradiction | None:
    """Both claims measure the same thing and their values disagree beyond their qualifiers."""
    from .quantities import comparable, describe, quantities_compatible

    settings = settings or ContradictionSettings()
    if not a.quantities or not b.quantities:
        return None
    subject_score = float(fuzz.token_sort_ratio(_masked(a.content), _masked(b.content)))
    if subject_score < settings.numeric_same_subject:
        return None
    clashes = []
    for qa in a.quantities:
        pairs = [qb for qb in b.quantities if comparable(qa, qb)]
        if pairs and not any(quantities_compatible(qa, qb) for qb in pairs):
            clashes.append((qa, pairs[0]))
    if not clashes:
        return None
    qa, qb = clashes[0]
    reason = f"{_label(a)}: {describe(qa)}; {_label(b)}: {describe(qb)}"
    return Contradiction("numeric", a.claim_id, b.claim_id, reason, a.text, round(subject_score / 100, 3))


def polarity_conflict(a: StoredClaim, b: StoredClaim, settings: ContradictionSettings | None = None) -> Contradiction | None:
    """The same speaker is reported taking opposite positions on the same content."""
    settings = settings or ContradictionSettings()
    stances = frozenset({a.stance, b.stance})
    if stances not in OPPOSITE_STANCES and a.negated == b.negated:
        return None
    subject_score = float(fuzz.token_sort_ratio(_without_negation(a.content), _without_negation(b.content)))
    if subject_score < settings.polarity_same_subject:
        return None
    what_a = _PAST.get(a.stance, a.stance) if stances in OPPOSITE_STANCES else ("denied" if a.negated else "affirmed")
    what_b = _PAST.get(b.stance, b.stance) if stances in OPPOSITE_STANCES else ("denied" if b.negated else "affirmed")
    reason = f"{_label(a)}: {a.speaker} {what_a}; {_label(b)}: {b.speaker} {what_b}"
    return Contradiction("polarity", a.claim_id, b.claim_id, reason, a.text, round(subject_score / 100, 3))


_PAST = {"reject": "rejected", "accept": "accepted", "deny": "denied", "assert": "asserted",
         "support": "supported", "oppose": "opposed"}

RULES = (numeric_conflict, polarity_conflict)


def detect_contradictions(new: Sequence[StoredClaim], existing: Sequence[StoredClaim],
                          settings: ContradictionSettings | None = None) -> list[Contradiction]:
    """Compare each new claim with earlier and new claims by the same speaker.

    Blocked by speaker and by shared content words, so the work grows with the
    claims a speaker has, not with the square of the warehouse.
    """
    settings = settings or ContradictionSettings()
    by_speaker: dict[str, list[StoredClaim]] = defaultdict(list)
    for c in existing:
        by_speaker[c.speaker.lower()].append(c)
    found: list[Contradiction] = []
    seen: set[tuple[int, int]] = set()
    for claim in sorted(new, key=lambda c: c.claim_id):
        words = content_words(claim.content)
        for other in by_speaker[claim.speaker.lower()]:
            if other.article_id == claim.article_id or not (words & content_words(other.content)):
                continue
            key = tuple(sorted((claim.claim_id, other.claim_id)))
            if key in seen:
                continue
            seen.add(key)
            first, second = (other, claim) if other.claim_id < claim.claim_id else (claim, other)
            for rule in RULES:
                hit = rule(first, second, settings)
                if hit:
                    found.append(hit)
        by_speaker[claim.speaker.lower()].append(claim)
    return found
