"""Figures that cannot both be true, told in different words: the numeric rule by meaning.

``contradictions.numeric_conflict`` compares quantities whose nearby words overlap. Outlets
often tell one figure in other words ("shot down five Indian fighters" / "its air force
shot down four Indian aircraft"; "1,002 dead" / "at least 1,007 people were killed"), so
two claims are also compared when they tell the same thing — contents alike in meaning
(WordLlama cosine at or above ``min_cosine``) that are one claim cluster, come from one
claimant side (``side_min_cosine``), or share ``min_shared_words`` content words — and state counts of one kind of thing (the counted nouns in one class of
``claims/data/noun_classes.tsv``: jets / aircraft / fighters, dead / people) in one unit. Values whose intervals do not overlap, within ``max_value_ratio`` of each
other, disagree; for each value it disagrees with, a claim raises its closest such claim.

Pure logic: text in, ``Contradiction`` records out.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Sequence

import numpy as np

from claims.contradictions.rules import claim_label, values_of
from claims.linking.pair_model import published_day
from claims.model import Contradiction, Quantity, StoredClaim
from claims.quantities.describe import describe
from claims.quantities.measures import nearest_ratio
from claims.quantities.parse import quantities_compatible, rounded_alike
from claims.semantic import embed
from claims.text import content_terms


@dataclass(frozen=True)
class VariantSettings:
    """Thresholds of the by-meaning numeric rule; equal when every threshold is."""

    #: Cosine (WordLlama, 0-1) of two claims' contents at or above which they may tell one thing.
    min_cosine: float = 0.35
    #: Content words (stemmed, numbers aside) such claims must share as well ...
    min_shared_words: int = 2
    #: ... unless they come from one claimant side and are at least this alike in meaning.
    side_min_cosine: float = 0.55
    #: Factor between the nearest bounds beyond which two values measure different things.
    max_value_ratio: float = 3.0
    #: Days between two articles beyond which their figures are not compared.
    max_days_apart: float = 7.0
    #: Disagreements one new claim raises at most (its closest ones): one odd figure is one report item.
    per_claim: int = 2


@lru_cache(maxsize=1)
def noun_classes() -> dict[str, str]:
    """Counted noun → its class, from claims/data/noun_classes.tsv (an error when the file is missing)."""
    try:
        raw = resources.files("claims").joinpath("data/noun_classes.tsv").read_text(encoding="utf-8")
    except OSError as exc:
        raise RuntimeError(f"claims/data/noun_classes.tsv cannot be read ({exc}): reinstall claimtrack") from exc
    out = {}
    for line in raw.splitlines():
        if line.strip() and not line.startswith("#"):
            cls, _, nouns = line.partition("\t")
            for n in nouns.split(","):
                out[n.strip().lower()] = cls.strip()
    return out


def nouns_alike(x: str, y: str) -> bool:
    """Whether two counted nouns count one kind of thing ("jet" / "aircraft")."""
    x, y = x.lower(), y.lower()
    if x == y:
        return True
    classes = noun_classes()
    return x in classes and classes.get(x) == classes.get(y)


def _disagree(a: Quantity, b: Quantity, settings: VariantSettings) -> bool:
    if a.unit != b.unit or quantities_compatible(a, b) or rounded_alike(a, b):
        return False
    if not (a.noun and b.noun and nouns_alike(a.noun, b.noun)):
        return False  # a bare figure says too little about what it measures (the quake or its aftershock?)
    return nearest_ratio(a, b) <= settings.max_value_ratio


def variant_conflicts(new: Sequence[StoredClaim], existing: Sequence[StoredClaim],
                      settings: VariantSettings | None = None,
                      known: set[frozenset[int]] | None = None) -> list[Contradiction]:
    """Numeric contradictions between claims alike in meaning whose figures disagree.

    Each new claim is compared with the earlier and new claims that state a quantity;
    pairs in ``known`` (already raised by another rule) are skipped.
    """
    s = settings or VariantSettings()
    known = known or set()
    pool = [c for c in (*existing, *new) if c.quantities]
    new_ids = {c.claim_id for c in new}
    fresh = [i for i, c in enumerate(pool) if c.claim_id in new_ids]
    if not fresh:
        return []
    vectors = embed([c.content for c in pool])
    terms = [frozenset(t for t in content_terms(c.content) if not t[:1].isdigit()) for c in pool]

    days = [published_day(c) for c in pool]
    found: dict[frozenset[int], Contradiction] = {}
    for start in range(0, len(fresh), 512):
        rows = fresh[start:start + 512]
        sims = vectors[rows] @ vectors.T
        for r, i in enumerate(rows):
            a = pool[i]
            best: dict[str, tuple] = {}  # the other side's value → its closest claim
            for j in np.flatnonzero(sims[r] >= s.min_cosine):
                b = pool[int(j)]
                if b.article_id == a.article_id or b.story_id != a.story_id:
                    continue  # one article, or two stories
                pair = frozenset((a.claim_id, b.claim_id))
                if pair in known or pair in found:
                    continue
                same_cluster = a.cluster_id is not None and a.cluster_id == b.cluster_id
                if days[i] is None or days[j] is None:
                    if not same_cluster:
                        continue  # undated: only one claim's own variants are known to be one story
                elif abs(days[i] - days[j]) > s.max_days_apart:
                    continue
                # one cluster, one side's figures, or the same words: the claims tell one thing
                told_alike = same_cluster or \
                    (bool(a.side) and a.side == b.side and sims[r, j] >= s.side_min_cosine) or \
                    len(terms[i] & terms[int(j)]) >= s.min_shared_words
                if not told_alike:
                    continue
                for qa in a.quantities:
                    for qb in b.quantities:
                        key = values_of(qb)
                        if _disagree(qa, qb, s) and (key not in best or sims[r, j] > best[key][0]):
                            best[key] = (float(sims[r, j]), b, qa, qb)
            for cos, b, qa, qb in sorted(best.values(), key=lambda x: -x[0])[: s.per_claim]:
                pair = frozenset((a.claim_id, b.claim_id))
                if pair in found:
                    continue
                first, second, q1, q2 = (a, b, qa, qb) if a.claim_id < b.claim_id else (b, a, qb, qa)
                values = sorted([describe(q1), describe(q2)])
                noun = q1.noun or q2.noun
                found[pair] = Contradiction(
                    "numeric", first.claim_id, second.claim_id,
                    f"{claim_label(first)}: {describe(q1)}; {claim_label(second)}: {describe(q2)}",
                    f"number of {noun}" if noun and not q1.unit else (noun or q1.unit or "figure"),
                    round(min(1.0, cos), 3), f"numeric|{q1.unit}|{noun}|{values[0]}|{values[1]}",
                    (values_of(q1), values_of(q2), 0, q1.unit, noun, frozenset()),
                    (describe(q1), describe(q2), q1, q2))
    return list(found.values())


def figure_path(figures: Sequence[str | None]) -> str:
    """How a claim's figure moved over its mentions, oldest first: "40 → 41 → more than 40" ("" when it never did)."""
    path: list[str] = []
    for f in figures:
        if f and (not path or path[-1] != f):
            path.append(f)
    return " → ".join(path) if len(set(path)) > 1 else ""
