"""The merge decision: are two claims one proposition from one claimant side?

A logistic model over what tells a reader two reports carry one claim, learned from
the gold pairs of the development events (``bench/train_merge_model.py``; weights and
threshold in ``claims/data/merge_model.json`` with its card ``merge_model.md``):

- wording: Dice of stemmed content words (rapidfuzz) and the meaning of the contents
  (WordLlama cosine, ``claims.semantic``), so "obliterated" meets "completely destroyed";
- claimant: the same canonical speaker, the same side, two different sides;
- the outlet's own narration reporting the claim;
- figures: a shared measured value that agrees, or values that cannot both be true
  (variants stay in the cluster: "40" / "41" / "more than 40");
- opposite positions (stance, negation, antonyms), days apart.

Clustering is average link: a claim joins the cluster whose members it matches best on
average, never through a single weak link, and only when the average clears the
threshold. Pure logic: the model file is package data.
"""
from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from importlib import resources
from typing import Sequence

import numpy as np
from rapidfuzz import fuzz

from .model import StoredClaim

#: Feature names, in the order of the model's weights.
FEATURES = (
    "dice", "cosine", "cosine_sq", "same_speaker", "same_side", "other_side", "narration", "both_narration",
    "figures_agree", "figures_differ", "opposite", "shared_words", "length_ratio", "days_apart", "no_date",
    "rare_dice", "same_value", "side_cosine", "same_story", "token_set", "shared_names", "two_people",
)


#: Characters of an article read for its story (the same_story feature).
STORY_CHARS = 3000


class MergeModelError(RuntimeError):
    """The shipped merge model is missing or unreadable."""


@dataclass(frozen=True)
class MergeModel:
    """Logistic weights over ``FEATURES`` and the decision threshold; equal when all are."""

    weights: tuple[float, ...]
    bias: float
    threshold: float
    max_days_apart: float = 60.0

    def probability(self, x: np.ndarray) -> np.ndarray:
        z = x @ np.asarray(self.weights) + self.bias
        return 1.0 / (1.0 + np.exp(-z))


@lru_cache(maxsize=1)
def shipped_model() -> MergeModel:
    """The model in claims/data/merge_model.json; a missing or corrupt file is an error, never a fallback."""
    try:
        raw = resources.files("claims").joinpath("data/merge_model.json").read_text(encoding="utf-8")
        data = json.loads(raw)
        if tuple(data["features"]) != FEATURES:
            raise ValueError(f"features {data['features']} do not match this code's {list(FEATURES)}")
        return MergeModel(tuple(float(w) for w in data["weights"]), float(data["bias"]), float(data["threshold"]),
                          float(data.get("max_days_apart", 60.0)))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise MergeModelError(f"claims/data/merge_model.json cannot be used ({exc}); "
                              "retrain with python bench/train_merge_model.py") from exc


def published_day(c: StoredClaim) -> float | None:
    if not c.published:
        return None
    try:
        return datetime.fromisoformat(c.published[:19]).timestamp() / 86400.0
    except ValueError:
        return None


@dataclass
class Prepared:
    """What the features need of each claim, computed once per claim."""

    terms: list[frozenset[str]]
    vectors: np.ndarray
    negated: list[bool]
    days: list[float | None]
    idf: dict[str, float]
    values: list[frozenset[float]]
    stories: np.ndarray  # the meaning of each claim's whole article (a zero row when not given)
    normalized: list[str]
    names: list[frozenset[str]]  # capitalized words of the content (people, places, bodies)
    weight: list[float]  # the sum of each claim's word weights (idf)


def prepare(claims: Sequence[StoredClaim], articles: dict[int, str] | None = None) -> Prepared:
    """Per-claim inputs of the features; ``articles`` (article id → text) tells stories apart."""
    from .matching import analyze
    from .semantic import embed

    analyzed = [analyze(c.content) for c in claims]
    terms = [frozenset(a[0]) for a in analyzed]
    df: dict[str, int] = {}
    for ts in terms:
        for t in ts:
            df[t] = df.get(t, 0) + 1
    n = len(claims)
    idf = {t: math.log((1.0 + n) / (1.0 + k)) + 1.0 for t, k in df.items()}
    ids = sorted({c.article_id for c in claims if articles and c.article_id in articles})
    # an article's opening tells its story; reading it whole costs more and adds little
    story_of = dict(zip(ids, embed([articles[i][:STORY_CHARS] for i in ids]))) if ids else {}
    zero = np.zeros(256, dtype=np.float32)
    stories = np.stack([story_of.get(c.article_id, zero) for c in claims]) if claims else np.zeros((0, 256))
    return Prepared(terms, embed([c.content for c in claims]), [a[1] for a in analyzed],
                    [published_day(c) for c in claims],
                    idf, [frozenset(q.value for q in c.quantities) for c in claims], stories,
                    [" ".join(sorted(ts)) for ts in terms],
                    [frozenset(w.lower() for w in _NAME.findall(c.content)) for c in claims],
                    [sum(idf[t] for t in ts) for ts in terms])


_NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z]{2,}\b")


def _figures(a: StoredClaim, b: StoredClaim) -> tuple[float, float]:
    from .quantities import comparable, quantities_compatible

    agree = differ = 0.0
    for qa in a.quantities:
        for qb in b.quantities:
            if comparable(qa, qb):
                if quantities_compatible(qa, qb):
                    agree = 1.0
                else:
                    differ = 1.0
    return agree, differ


def pair_features(claims: Sequence[StoredClaim], prep: Prepared, i: int, js: Sequence[int]) -> np.ndarray:
    """Feature rows (one per j in ``js``) for claim i against claims j."""
    from .matching import OPPOSITE_STANCES, antonyms_differ

    a = claims[i]
    ta, va, da = prep.terms[i], prep.vectors[i], prep.days[i]
    rows = np.zeros((len(js), len(FEATURES)), dtype=np.float64)
    if not len(js):
        return rows
    cos = prep.vectors[list(js)] @ va
    story = prep.stories[list(js)] @ prep.stories[i]
    idf, wsum = prep.idf, prep.weight
    for r, j in enumerate(js):
        b = claims[j]
        tb = prep.terms[j]
        shared = len(ta & tb)
        dice = 2.0 * shared / (len(ta) + len(tb)) if ta and tb else 0.0
        na, nb = a.quote_type == "narration", b.quote_type == "narration"
        agree, differ = _figures(a, b) if a.quantities and b.quantities else (0.0, 0.0)
        opposite = (frozenset({a.stance, b.stance}) in OPPOSITE_STANCES or prep.negated[i] != prep.negated[j]
                    or (shared > 0 and antonyms_differ(ta, tb)))
        db = prep.days[j]
        c = max(0.0, float(cos[r]))
        weight = wsum[i] + wsum[j]
        rare = 2.0 * sum(idf.get(t, 1.0) for t in ta & tb) / weight if shared and weight else 0.0
        same_side = bool(a.side) and a.side == b.side
        rows[r] = (
            dice, c, c * c,
            float(bool(a.speaker) and a.speaker == b.speaker and not na and not nb),
            float(bool(a.side) and a.side == b.side),
            float(bool(a.side) and bool(b.side) and a.side != b.side),
            float(na != nb), float(na and nb),
            agree, differ, float(opposite),
            math.log1p(shared) / math.log(10.0),
            min(len(ta), len(tb)) / max(len(ta), len(tb), 1),
            min(abs(da - db), 30.0) / 30.0 if da is not None and db is not None else 0.0,
            float(da is None or db is None),
            rare, float(bool(prep.values[i] & prep.values[j])), c * float(same_side),
            max(0.0, float(story[r])),
            fuzz.token_set_ratio(prep.normalized[i], prep.normalized[j]) / 100.0,
            min(len(prep.names[i] & prep.names[j]), 3) / 3.0,
            float(a.claimant_kind == "person" and b.claimant_kind == "person" and a.speaker != b.speaker),
        )
    return rows


def other_story(prep: Prepared, i: int, j: int, min_story: float) -> bool:
    """Whether the two claims' articles read as different stories (both known, openings unalike)."""
    a, b = prep.stories[i], prep.stories[j]
    return bool(min_story) and bool(a.any()) and bool(b.any()) and float(a @ b) < min_story


def too_far_apart(prep: Prepared, i: int, j: int, max_days: float) -> bool:
    """Both dated and further apart than any one story's reports of a claim."""
    da, db = prep.days[i], prep.days[j]
    return da is not None and db is not None and abs(da - db) > max_days
