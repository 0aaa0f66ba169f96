"""Merging the same claim reported by different outlets into clusters.

A new claim joins the cluster of the most similar earlier claim by the same
speaker, when their contents are alike enough and nothing tells them apart
(other numbers, opposite stance, a negation). Clusters are never rebuilt:
existing cluster ids stay as they are, new claims only join or open clusters.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Sequence

from rapidfuzz import fuzz

from .model import StoredClaim

_QUOTES = re.compile(r"[\"“”‘’'`«»]")
_NON_WORD = re.compile(r"[^\w%$€£.]+", re.UNICODE)
_LEADING = re.compile(r"^(that|whether|if)\s+", re.IGNORECASE)

#: Stances that say the opposite of each other about the same content.
OPPOSITE_STANCES = frozenset({
    frozenset({"reject", "accept"}), frozenset({"deny", "assert"}), frozenset({"oppose", "support"}),
    frozenset({"deny", "accept"}), frozenset({"reject", "support"}), frozenset({"oppose", "accept"}),
})


@dataclass(frozen=True)
class MatchSettings:
    """Thresholds for merging claims; equal when every threshold is."""

    #: Similarity (0-100, rapidfuzz token_sort_ratio on normalized content) at or above
    #: which two claims by one speaker are the same claim.
    same_claim: float = 78.0
    #: Minimum number of content words two claims must share before they are compared.
    min_shared_words: int = 2


def normalize_content(text: str) -> str:
    """Lower-case content words: quotes, punctuation and a leading "that" dropped."""
    text = _QUOTES.sub(" ", text)
    text = _NON_WORD.sub(" ", text).strip(" .").lower()
    return _LEADING.sub("", text)


_STOP = frozenset(
    "a an the of to in on for and or but that this these those is are was were be been will would has have had"
    " it its he she they his her their him them we our us i you with by at from as not no".split()
)


def content_words(text: str) -> frozenset[str]:
    return frozenset(w for w in normalize_content(text).split() if w not in _STOP and len(w) > 1)


def similarity(a: str, b: str) -> float:
    """How alike two contents read, 0-100."""
    return float(fuzz.token_sort_ratio(normalize_content(a), normalize_content(b)))


def opposite(a: StoredClaim, b: StoredClaim) -> bool:
    """Whether the two claims take opposite positions (stance or negation)."""
    if frozenset({a.stance, b.stance}) in OPPOSITE_STANCES:
        return True
    return a.negated != b.negated


def numbers_differ(a: StoredClaim, b: StoredClaim) -> bool:
    """Whether the claims state quantities that cannot both be true."""
    from .quantities import comparable, quantities_compatible

    for qa in a.quantities:
        for qb in b.quantities:
            if comparable(qa, qb) and not quantities_compatible(qa, qb):
                return True
    if bool(a.quantities) != bool(b.quantities):
        return False
    return False


def kept_apart(a: StoredClaim, b: StoredClaim) -> bool:
    """Guards: different numbers, opposite stance or a negation keep two claims apart."""
    return opposite(a, b) or numbers_differ(a, b)


@dataclass(frozen=True)
class ClusterAssignment:
    """The outcome of matching a batch: claim → cluster, and the clusters it opened."""

    assignments: dict[int, int] = field(default_factory=dict)
    new_clusters: dict[int, tuple[str, str]] = field(default_factory=dict)  # id → (label, speaker)


def cluster_claims(new: Sequence[StoredClaim], existing: Sequence[StoredClaim], next_cluster_id: int,
                   settings: MatchSettings | None = None) -> ClusterAssignment:
    """Assign each new claim to an existing cluster or a new one.

    Comparisons are blocked by speaker and by shared content words; each claim
    joins the cluster of its single best match, so clusters do not chain.
    """
    settings = settings or MatchSettings()
    pool: dict[str, list[StoredClaim]] = defaultdict(list)
    words_of: dict[int, frozenset[str]] = {}
    for c in existing:
        if c.cluster_id is not None:
            pool[c.speaker.lower()].append(c)
            words_of[c.claim_id] = content_words(c.content)
    assignments: dict[int, int] = {}
    new_clusters: dict[int, tuple[str, str]] = {}
    next_id = next_cluster_id
    for claim in sorted(new, key=lambda c: c.claim_id):
        words = content_words(claim.content)
        best, best_score = None, -1.0
        for other in pool[claim.speaker.lower()]:
            if len(words & words_of[other.claim_id]) < min(settings.min_shared_words, len(words)):
                continue
            score = similarity(claim.content, other.content)
            if score >= settings.same_claim and score > best_score and not kept_apart(claim, other):
                best, best_score = other, score
        if best is not None:
            cluster_id = best.cluster_id
        else:
            cluster_id = next_id
            next_id += 1
            new_clusters[cluster_id] = (claim.text, claim.speaker)
        assignments[claim.claim_id] = cluster_id
        placed = StoredClaim(**{**claim.__dict__, "cluster_id": cluster_id})
        pool[claim.speaker.lower()].append(placed)
        words_of[claim.claim_id] = words
    return ClusterAssignment(assignments, new_clusters)
