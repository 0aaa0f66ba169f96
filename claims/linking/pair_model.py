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
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Iterable, Mapping, Sequence

import numpy as np
from rapidfuzz import fuzz, process

from claims.linking.guards import antonym_bits, antonyms_differ
from claims.model import StoredClaim
from claims.propositions.keys import Keys, compare, keys_of, opposite_groups
from claims.quantities.parse import comparable, quantities_compatible
from claims.semantic import embed
from claims.text import OPPOSITE_STANCES, analyze
from claims.trained import ModelFileError, model_bytes

#: Feature names, in the order of the model's weights.
FEATURES = (
    "dice", "cosine", "cosine_sq", "same_speaker", "same_side", "other_side", "narration", "both_narration",
    "figures_agree", "figures_differ", "opposite", "shared_words", "length_ratio", "days_apart", "no_date",
    "rare_dice", "same_value", "side_cosine", "same_story", "token_set", "shared_names", "two_people",
    # the propositions' structure (claims.propositions.keys): who did what to whom
    "same_actor", "actor_differs", "same_class", "same_target", "swapped", "same_proposition",
)

#: The structure features, in FEATURES order, as ``claims.propositions.keys.compare`` names them.
STRUCTURE = ("same_actor", "actor_differs", "same_class", "same_target", "swapped", "same_proposition")


#: Characters of an article read for its story (the same_story feature).
STORY_CHARS = 3000


class MergeModelError(ModelFileError):
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
        data = json.loads(model_bytes("merge_model").decode("utf-8"))  # checked against its card's sha256
        if tuple(data["features"]) != FEATURES:
            raise ValueError(f"features {data['features']} do not match this code's {list(FEATURES)}")
        return MergeModel(tuple(float(w) for w in data["weights"]), float(data["bias"]), float(data["threshold"]),
                          float(data.get("max_days_apart", 60.0)))
    except ModelFileError:
        raise
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
    keys: list[Keys]  # each proposition's actor, target and predicate class as comparable keys


def word_counts(contents: Iterable[str]) -> Counter:
    """How many of ``contents`` hold each content word: the document frequencies ``prepare`` weighs words
    by (the warehouse keeps them as running counts, so a claim's weights do not depend on its batch)."""
    return Counter(t for text in contents for t in set(analyze(text)[0]))


def with_new(counted: Mapping[str, int], claims: int, fresh: Mapping[str, int], new: int
             ) -> tuple[dict[str, int], int]:
    """Running counts (word -> claims holding it, claims counted) with ``new`` claims' own counts added."""
    out = dict(counted)
    for t, k in fresh.items():
        out[t] = out.get(t, 0) + k
    return out, claims + new


def prepare(claims: Sequence[StoredClaim], articles: dict[int, str] | None = None, workers: int = 1,
            counts: tuple[Mapping[str, int], int] | None = None) -> Prepared:
    """Per-claim inputs of the features; ``articles`` (article id → text) tells stories apart.

    ``workers``: processes that share the embedding of a long list (the vectors are the same).
    ``counts``: (content word -> claims holding it, claims counted): the document frequencies the words'
    weights (idf) are taken from, a running count of the warehouse (the claims here included); without
    them, the frequencies are counted over ``claims``.
    """
    # one string per distinct word and one empty set for every claim with none: a million claims'
    # words would otherwise hold a copy of each word per claim
    canon: dict[str, str] = {}
    analyzed = [analyze(c.content) for c in claims]
    terms = [frozenset(canon.setdefault(t, t) for t in a[0]) or _EMPTY for a in analyzed]
    negated = [a[1] for a in analyzed]
    del canon, analyzed  # before the embedding, the largest array
    df: dict[str, int] = {}
    for ts in terms:
        for t in ts:
            df[t] = df.get(t, 0) + 1
    n = len(claims)
    if counts is not None:
        known, n = counts
        df = {t: known.get(t, k) for t, k in df.items()}
    idf = {t: math.log((1.0 + n) / (1.0 + k)) + 1.0 for t, k in df.items()}
    ids = sorted({c.article_id for c in claims if articles and c.article_id in articles})
    # an article's opening tells its story; reading it whole costs more and adds little
    story_of = dict(zip(ids, embed([articles[i][:STORY_CHARS] for i in ids], workers))) if ids else {}
    zero = np.zeros(256, dtype=np.float32)
    if story_of:
        stories = np.stack([story_of.get(c.article_id, zero) for c in claims])
    else:  # no story known: one shared zero row, not a zero row per claim
        stories = np.broadcast_to(zero, (len(claims), 256))
    return Prepared(terms, embed([c.content for c in claims], workers), negated,
                    [published_day(c) for c in claims],
                    idf, [frozenset(q.value for q in c.quantities) or _EMPTY for c in claims], stories,
                    [" ".join(sorted(ts)) for ts in terms],
                    [frozenset(w.lower() for w in _NAME.findall(c.content)) or _EMPTY for c in claims],
                    [sum(idf[t] for t in ts) for ts in terms],
                    [keys_of(c.actor, c.actor_side, c.target, c.predicate_class, c.polarity) for c in claims])


_NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z]{2,}\b")
_EMPTY: frozenset = frozenset()


def _figures(a: StoredClaim, b: StoredClaim) -> tuple[float, float]:
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
        structure = compare(prep.keys[i], prep.keys[j])
        opposite = (frozenset({a.stance, b.stance}) in OPPOSITE_STANCES or prep.negated[i] != prep.negated[j]
                    or (shared > 0 and antonyms_differ(ta, tb)) or structure["contrary"])
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
            *(float(structure[f]) for f in STRUCTURE),
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


# --- many pairs at once -----------------------------------------------------------------

def _padded(rows: Sequence[Sequence], pad, dtype) -> np.ndarray:
    """Rows of different lengths as one array, each row filled up with ``pad``."""
    lens = np.fromiter(map(len, rows), dtype=np.int64, count=len(rows))
    flat = np.fromiter((x for r in rows for x in r), dtype=dtype, count=int(lens.sum()))
    return _padded_flat(flat, lens, pad, dtype)


def _padded_flat(flat: np.ndarray, lens: np.ndarray, pad, dtype) -> np.ndarray:
    """``_padded`` of the rows given end to end (``flat``) with their lengths."""
    out = np.full((len(lens), max(int(lens.max(initial=0)), 1)), pad, dtype=dtype)
    starts = np.repeat(np.cumsum(lens) - lens, lens)
    out[np.repeat(np.arange(len(lens)), lens), np.arange(len(flat)) - starts] = flat
    return out


_LOG10 = math.log(10.0)


class PairTable:
    """``pair_features`` for many (i, j) pairs in one pass of NumPy and rapidfuzz.

    Each feature is computed with the same formula as ``pair_features``, on arrays: the
    rows agree with it up to the last bits of a sum (a sum over a set's words, the
    order of a dot product), which decide nothing short of an exact tie.
    """

    def __init__(self, claims: Sequence[StoredClaim], prep: Prepared, workers: int = 1):
        self.claims, self.prep, self.workers = claims, prep, workers
        vocab: dict[str, int] = {}
        self.n_terms = np.fromiter(map(len, prep.terms), dtype=np.int64, count=len(claims))
        # word ids end to end (no list per claim: a million claims' lists would be 300 MB while this runs)
        term_ids = np.fromiter((vocab.setdefault(t, len(vocab)) for ts in prep.terms for t in ts), dtype=np.int32,
                               count=int(self.n_terms.sum()))
        self.terms = [_padded_flat(term_ids, self.n_terms, -1, np.int32), _padded_flat(term_ids, self.n_terms, -2, np.int32)]
        del term_ids
        by_id = list(vocab)
        idf = np.array([prep.idf.get(t, 1.0) for t in by_id] + [0.0], dtype=np.float64)
        # per word id (the pad, -1, reads the 0.0 at the end); read per pair as idf_of[terms[0][i]], the same
        # values as a claims × words table without holding one (a million claims' would be 100 MB)
        self.idf_of = idf
        bits = np.array([antonym_bits(t) for t in by_id] + [0], dtype=np.int64)
        self.bits_of = bits
        values = [sorted(v) for v in prep.values]
        self.values = [_padded(values, np.nan, np.float64)] * 2
        self.n_values = np.fromiter(map(len, values), dtype=np.int64, count=len(claims))
        names: dict[str, int] = {}
        name_ids = [[names.setdefault(w, len(names)) for w in ns] for ns in prep.names]
        self.names = [_padded(name_ids, -1, np.int32), _padded(name_ids, -2, np.int32)]
        self.n_names = np.fromiter(map(len, name_ids), dtype=np.int64, count=len(claims))
        ids = lambda xs: {x: k for k, x in enumerate(dict.fromkeys(xs))}  # noqa: E731
        speakers = ids(["", *(c.speaker for c in claims)])
        self.speaker = np.array([speakers[c.speaker] for c in claims], dtype=np.int64)
        sides = ids(["", *(c.side for c in claims)])
        self.side = np.array([sides[c.side] for c in claims], dtype=np.int64)
        stances = ids(c.stance for c in claims)
        self.stance = np.array([stances[c.stance] for c in claims], dtype=np.int64)
        names_of = list(stances)
        self.opposite_stance = np.array([[frozenset({a, b}) in OPPOSITE_STANCES for b in names_of] for a in names_of],
                                        dtype=bool).reshape(len(names_of), len(names_of))
        self.narration = np.array([c.quote_type == "narration" for c in claims], dtype=bool)
        self.person = np.array([c.claimant_kind == "person" for c in claims], dtype=bool)
        self.negated = np.array(prep.negated, dtype=bool)
        self.days = np.array([np.nan if d is None else d for d in prep.days], dtype=np.float64)
        self.weight = np.array(prep.weight, dtype=np.float64)
        # a Quantity's equality leaves out what is counted, which decides whether two figures compare
        counted = [tuple((q, q.noun) for q in c.quantities) for c in claims]
        quantities = ids([(), *counted])
        self.quantity = np.array([quantities[q] for q in counted], dtype=np.int64)
        self.first_with: dict[int, int] = {}
        for k, q in enumerate(self.quantity.tolist()):
            self.first_with.setdefault(q, k)
        self.has_story = bool(prep.stories.any())
        # the propositions' structure as ids ("" → 0); actors and owners share one vocabulary (swapped roles)
        words = ids(["", *(k.actor for k in prep.keys), *(k.actor_name for k in prep.keys),
                     *(k.actor_place for k in prep.keys), *(k.target_owner for k in prep.keys)])
        heads = ids(["", *(k.target_head for k in prep.keys)])
        classes = ids(["", *(k.cls for k in prep.keys)])
        self.k_name = np.array([words[k.actor_name] for k in prep.keys], dtype=np.int64)
        self.k_place = np.array([words[k.actor_place] for k in prep.keys], dtype=np.int64)
        # an actor with neither name nor side is known by its head noun ("the army"), compared only with another
        self.k_bare = np.array([words[k.actor] if not k.actor_name and not k.actor_place else 0 for k in prep.keys],
                               dtype=np.int64)
        self.k_owner = np.array([words[k.target_owner] for k in prep.keys], dtype=np.int64)
        self.k_head = np.array([heads[k.target_head] for k in prep.keys], dtype=np.int64)
        self.k_cls = np.array([classes[k.cls] for k in prep.keys], dtype=np.int64)
        self.k_neg = np.array([k.polarity == "-" for k in prep.keys], dtype=bool)
        groups = opposite_groups()
        self.k_group = np.array([groups.get(k.cls, (-1, 0))[0] for k in prep.keys], dtype=np.int64)
        self.k_side = np.array([groups.get(k.cls, (-1, 0))[1] for k in prep.keys], dtype=np.int64)
        self._figures: dict[int, tuple[float, float]] = {}  # quantity pair key → (agree, differ)
        self.log_shared = np.array([math.log1p(k) / _LOG10 for k in range(self.terms[0].shape[1] + 1)])

    @staticmethod
    def _overlap(pads: list[np.ndarray], lens: np.ndarray, i: np.ndarray,
                 j: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Which entries of row i[k] row j[k] holds too, and which of j[k]'s i[k] holds (padded id rows)."""
        n, full = len(i), pads[0].shape[1]
        in_a = np.zeros((n, full), dtype=bool)
        in_b = np.zeros((n, full), dtype=bool)
        # pairs grouped by the longer row, so that few pairs pay for one long row's padding
        width = np.maximum(lens[i], lens[j])
        order = np.argsort(width, kind="stable")
        ordered = width[order]
        start = 0
        while start < n:
            cap = min(1 << max(int(ordered[start]) - 1, 0).bit_length(), full)
            stop = int(np.searchsorted(ordered, cap, side="right"))
            for lo in range(start, stop, 8192):
                sel = order[lo:min(stop, lo + 8192)]
                eq = pads[0][i[sel], :cap, None] == pads[1][j[sel], None, :cap]
                in_a[sel, :cap] = eq.any(2)
                in_b[sel, :cap] = eq.any(1)
            start = stop
        return in_a, in_b

    def features(self, i: np.ndarray, j: np.ndarray, cos: np.ndarray | None = None) -> np.ndarray:
        """Feature rows for the pairs (i[k], j[k]), as ``pair_features`` gives them.

        ``cos``: the pairs' cosines when the caller has them (the candidates' ranking computed them).
        """
        return self._rows(np.asarray(i, dtype=np.int64), np.asarray(j, dtype=np.int64), cos)[0]

    def probabilities(self, model: MergeModel, i: np.ndarray, j: np.ndarray, cos: np.ndarray | None = None):
        """The model's probability for each pair where it may reach the threshold, NaN where it cannot.

        The costly features (``token_set``, the figures) are computed only for pairs whose other
        features leave the threshold within reach. Also returns each pair's keep-apart flag (``opposite``
        positions, or actor and target ``swapped``).
        """
        i, j = np.asarray(i, dtype=np.int64), np.asarray(j, dtype=np.int64)
        rows, costly = self._rows(i, j, cos, model)
        p = np.full(len(i), np.nan)
        p[costly] = model.probability(rows[costly])
        return p, (rows[:, FEATURES.index("opposite")] > 0) | (rows[:, FEATURES.index("swapped")] > 0)

    _COSTLY = tuple(FEATURES.index(f) for f in ("token_set", "figures_agree", "figures_differ"))

    def _rows(self, i: np.ndarray, j: np.ndarray, cos: np.ndarray | None = None, model: MergeModel | None = None):
        n = len(i)
        rows = np.zeros((n, len(FEATURES)), dtype=np.float64)
        costly = np.ones(n, dtype=bool)
        if not n:
            return rows, costly
        prep = self.prep
        la, lb = self.n_terms[i], self.n_terms[j]
        in_a, in_b = self._overlap(self.terms, self.n_terms, i, j)
        shared = in_a.sum(1)
        dice = np.where((la > 0) & (lb > 0), 2.0 * shared / np.maximum(la + lb, 1), 0.0)
        only_a = np.bitwise_or.reduce(np.where(in_a, 0, self.bits_of[self.terms[0][i]]), axis=1)
        only_b = np.bitwise_or.reduce(np.where(in_b, 0, self.bits_of[self.terms[0][j]]), axis=1)
        ax, ay, bx, by = only_a & 0xFFFFFFFF, only_a >> 32, only_b & 0xFFFFFFFF, only_b >> 32
        antonyms = ((ax & by & ~ay & ~bx) | (ay & bx & ~ax & ~by)) != 0
        ni, nj, pi, pj, bi, bj = self.k_name[i], self.k_name[j], self.k_place[i], self.k_place[j], \
            self.k_bare[i], self.k_bare[j]
        same_actor = (((ni > 0) & ((ni == nj) | (ni == pj))) | ((pi > 0) & ((pi == pj) | (pi == nj)))
                      | ((bi > 0) & (bi == bj)))
        comparable = ((ni > 0) & (nj > 0)) | ((pi > 0) & (pj > 0)) | ((bi > 0) & (bj > 0))
        actor_differs = comparable & ~same_actor
        same_class = (self.k_cls[i] > 0) & (self.k_cls[i] == self.k_cls[j])
        oi, oj = self.k_owner[i], self.k_owner[j]
        same_target = (self.k_head[i] > 0) & (self.k_head[i] == self.k_head[j]) & ((oi == 0) | (oj == 0) | (oi == oj))
        names = lambda o, n, p, b: (o > 0) & ((o == n) | (o == p) | (o == b))  # noqa: E731
        swapped = actor_differs & names(oj, ni, pi, bi) & names(oi, nj, pj, bj)
        opposed = (self.k_group[i] >= 0) & (self.k_group[i] == self.k_group[j]) & (self.k_side[i] != self.k_side[j])
        contrary = ((same_class & (self.k_neg[i] != self.k_neg[j])) | opposed) & (same_target | same_actor)
        opposite = (self.opposite_stance[self.stance[i], self.stance[j]] | (self.negated[i] != self.negated[j])
                    | ((shared > 0) & antonyms) | contrary)
        if cos is None:
            cos = np.einsum("ij,ij->i", prep.vectors[i], prep.vectors[j])
        c = np.maximum(np.asarray(cos, dtype=np.float64), 0.0)
        story = (np.maximum(np.einsum("ij,ij->i", prep.stories[i], prep.stories[j]).astype(np.float64), 0.0)
                 if self.has_story else np.zeros(n))
        na, nb = self.narration[i], self.narration[j]
        si, sj = self.speaker[i], self.speaker[j]
        same_side = (self.side[i] > 0) & (self.side[i] == self.side[j])
        da, db = self.days[i], self.days[j]
        dated = ~np.isnan(da) & ~np.isnan(db)
        weight = self.weight[i] + self.weight[j]
        idf_shared = np.where(in_a, self.idf_of[self.terms[0][i]], 0.0).sum(1)
        rare = np.where((shared > 0) & (weight != 0), 2.0 * idf_shared / np.where(weight != 0, weight, 1.0), 0.0)
        same_value = self._overlap(self.values, self.n_values, i, j)[0].any(1)
        names_a = self._overlap(self.names, self.n_names, i, j)[0]
        rows[:, 0] = dice
        rows[:, 1] = c
        rows[:, 2] = c * c
        rows[:, 3] = (si > 0) & (si == sj) & ~na & ~nb
        rows[:, 4] = same_side
        rows[:, 5] = (self.side[i] > 0) & (self.side[j] > 0) & (self.side[i] != self.side[j])
        rows[:, 6] = na != nb
        rows[:, 7] = na & nb
        rows[:, 10] = opposite
        rows[:, 11] = self.log_shared[shared]
        rows[:, 12] = np.minimum(la, lb) / np.maximum(np.maximum(la, lb), 1)
        rows[:, 13] = np.where(dated, np.minimum(np.abs(da - db), 30.0) / 30.0, 0.0)
        rows[:, 14] = ~dated
        rows[:, 15] = rare
        rows[:, 16] = same_value
        rows[:, 17] = c * same_side
        rows[:, 18] = story
        rows[:, 20] = np.minimum(names_a.sum(1), 3) / 3.0
        rows[:, 21] = self.person[i] & self.person[j] & (si != sj)
        rows[:, 22] = same_actor
        rows[:, 23] = actor_differs
        rows[:, 24] = same_class
        rows[:, 25] = same_target
        rows[:, 26] = swapped
        rows[:, 27] = same_actor & same_class & same_target
        if model is not None:
            # the costly features are at most 1 each: pairs that miss the threshold even with the most
            # they can add are left out (margin: a last-bit difference must not drop a pair)
            w = np.asarray(model.weights)
            most = sum(max(w[k], 0.0) for k in self._COSTLY)
            z = rows @ w + model.bias + most
            costly = z >= math.log(model.threshold / (1.0 - model.threshold)) - 1e-6
        ic, jc = i[costly], j[costly]
        both = (self.quantity[ic] > 0) & (self.quantity[jc] > 0)
        if both.any():
            qa, qb = self.quantity[ic[both]], self.quantity[jc[both]]
            keys, back = np.unique(qa * (self.quantity.max() + 1) + qb, return_inverse=True)
            out = np.array([self._figure_pair(int(k)) for k in keys]).reshape(-1, 2)
            at = np.flatnonzero(costly)[both]
            rows[at, 8], rows[at, 9] = out[back.ravel(), 0], out[back.ravel(), 1]
        normalized = prep.normalized
        rows[costly, 19] = process.cpdist([normalized[k] for k in ic], [normalized[k] for k in jc],
                                          scorer=fuzz.token_set_ratio, dtype=np.float64, workers=self.workers) / 100.0
        return rows, costly

    def _figure_pair(self, key: int) -> tuple[float, float]:
        got = self._figures.get(key)
        if got is None:
            base = int(self.quantity.max()) + 1
            a, b = self.first_with[key // base], self.first_with[key % base]
            got = self._figures[key] = _figures(self.claims[a], self.claims[b])
        return got

    def two_claimants(self, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        """``matching._other_person`` for each pair: two different people, neither tied to a side."""
        return (self.person[i] & self.person[j] & (self.speaker[i] != self.speaker[j])
                & (self.side[i] == 0) & (self.side[j] == 0))
