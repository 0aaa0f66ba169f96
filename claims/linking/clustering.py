"""Placing claims in clusters: the same claim told by different outlets becomes one cluster.

The decision is the learned merge model's (``claims.linking.pair_model``): a new claim joins the
existing cluster whose members it matches best on average (average link, so clusters never
chain through one weak link) when that average reaches the model's threshold; otherwise it
opens a cluster. Clusters are never rebuilt: cluster ids stay, new claims only join or open
clusters in claim id order, so the outcome does not depend on how the history was batched.

Candidates, never all pairs: a claim is compared with the earlier claims that share one of its
rarer content words (an inverted index; ``block_words``/``max_block``/``lookup_budget``), of
which the ``top_candidates`` closest in meaning (WordLlama cosine) are scored. Opposite
positions, two different people with no shared side, articles of other stories and claims too
far apart in time never join (``claims.linking.guards``).

``cluster_claims`` places claims one at a time; ``cluster_in_bulk`` scores every claim's
candidates on arrays first (optionally in forked workers) and replays the placements in order:
the same clusters, faster for large batches. ``keys_of`` gives the lookup keys the warehouse
stores for a claim (one per content word, and MinHash pair keys for near-verbatim contents).
"""
from __future__ import annotations

import multiprocessing as mp
import zlib
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Iterable, Mapping, Sequence

import numpy as np

from claims.linking.pair_model import (
    FEATURES,
    PairTable,
    other_story,
    pair_features,
    prepare,
    shipped_model,
    too_far_apart,
)
from claims.model import StoredClaim
from claims.text import content_terms


@dataclass(frozen=True)
class MatchSettings:
    """Thresholds for merging claims; equal when every threshold is."""

    #: Content words a claim needs before it is matched across speakers.
    cross_min_words: int = 5
    #: A word found in more earlier claims of one block than this is too common to block on.
    max_block: int = 2000
    #: Candidates come from at least this many of a claim's rarest words in its speaker's block (more
    #: words while the candidates stay under ``max_block``).
    block_words: int = 4
    #: Stored claims a new claim fetches from the warehouse at most, rarest words first (its rarest
    #: word's claims always).
    lookup_budget: int = 200
    #: MinHash keys per claim for finding near-verbatim claims across speakers.
    minhash_keys: int = 4
    #: Candidates closest in meaning that the merge model scores for each new claim.
    top_candidates: int = 30
    #: Members of a candidate cluster the model scores a new claim against (average link).
    max_members: int = 40
    #: Average over this many of the cluster's best-matching members (0: all of them); a cluster told
    #: in many wordings is joined through its closest few, never through one.
    linkage_top: int = 0
    #: Content words a claim needs before it is matched with other claims at all ("plans", "the call" say
    #: too little to be one proposition with anything).
    min_claim_words: int = 2
    #: Cosine 0-1 of two articles' openings below which they tell different stories and their claims
    #: never merge (0 turns this off). Kept inside a story too: it still parts a story's threads (measured).
    min_same_story: float = 0.3
    #: New claims in one batch from which they are clustered in bulk (``cluster_in_bulk``: the same
    #: clusters, scored on arrays) rather than placed one at a time.
    bulk_min_claims: int = 500
    #: Processes that score a bulk batch's candidates (forked; 1: in this process).
    bulk_workers: int = 1


_CRC: dict[str, int] = {}


def word_hash(term: str) -> int:
    """A stable 32-bit hash of a content word (the same in every process and run)."""
    h = _CRC.get(term)
    if h is None:
        if len(_CRC) > 2_000_000:
            _CRC.clear()
        h = _CRC[term] = zlib.crc32(term.encode("utf-8"))
    return h


def minhash_keys(terms: Iterable[str], k: int) -> list[int]:
    """Lookup keys of a claim's MinHash sketch: each pair of its ``k`` smallest stable word hashes.

    Two claims share a key when two of their bottom-``k`` words agree, which near-verbatim
    wordings do and claims merely sharing one common word do not.
    """
    crc = _CRC
    hashes = set()
    for t in terms:
        h = crc.get(t)
        if h is None:
            if len(crc) > 2_000_000:
                crc.clear()
            h = crc[t] = zlib.crc32(t.encode("utf-8"))
        hashes.add(h)
    low = sorted(hashes)[:k]
    return [(a << 32) + b - (1 << 63) for i, a in enumerate(low) for b in low[i + 1:]]


#: Lookup keys of each claim: (content-word keys, MinHash pair keys).
Keys = dict[int, tuple[list[int], list[int]]]


_MIX = 0x9E3779B97F4A7C15  # spreads a story id over 64 bits (Fibonacci hashing)


def _in_story(key: int, story_id: int | None) -> int:
    """A lookup key made one story's own (signed 64-bit): claims of other stories never share it."""
    if story_id is None:
        return key
    mixed = ((key + (1 << 63)) ^ ((story_id + 1) * _MIX)) & 0xFFFFFFFFFFFFFFFF
    return mixed - (1 << 63)


def keys_of(claims: Iterable[StoredClaim], settings: MatchSettings) -> Keys:
    """Lookup keys of each claim: one per content word, for the claims of any speaker sharing a word
    (the merge model weighs claimant and side), and MinHash pair keys; each of its story's own."""
    out = {}
    for c in claims:
        terms = set(content_terms(c.content))
        words = [_in_story(word_hash(t), c.story_id) for t in terms]
        pairs = minhash_keys(terms, settings.minhash_keys) if len(terms) >= settings.cross_min_words else []
        out[c.claim_id] = (words, [_in_story(k, c.story_id) for k in pairs])
    return out


@dataclass(frozen=True)
class ClusterAssignment:
    """The outcome of matching a batch: claim → cluster, and the clusters it opened."""

    assignments: dict[int, int] = field(default_factory=dict)
    new_clusters: dict[int, tuple[str, str]] = field(default_factory=dict)  # id → (label, speaker)


def _other_person(a: StoredClaim, b: StoredClaim) -> bool:
    """Two different people of whom nothing says they speak for one side: two claimants."""
    return (a.claimant_kind == "person" and b.claimant_kind == "person" and a.speaker != b.speaker
            and not a.side and not b.side)


def cluster_claims(new: Sequence[StoredClaim], existing: Sequence[StoredClaim], next_cluster_id: int,
                   settings: MatchSettings | None = None,
                   candidates_of: dict[int, list[int]] | None = None, model=None,
                   articles: dict[int, str] | None = None,
                   counts: tuple[Mapping[str, int], int] | None = None) -> ClusterAssignment:
    """Assign each new claim to an existing cluster or a new one, by the learned merge decision.

    ``existing`` are clustered claims (what the warehouse looked up for the batch, with every
    member of their clusters); ``StoredClaim.speaker`` is the canonical speaker and ``side``
    the claimant's side. New claims are placed one at a time in claim id order, each also
    matching the new claims placed before it, so the outcome does not depend on batching.
    A claim's candidates share one of its rarer content words (``block_words`` rarest, while
    under ``max_block``); the ``top_candidates`` closest in meaning are scored, and the claim
    joins the cluster whose members it matches best on average (average link: no chaining
    through one weak link) when that average reaches the model's threshold.
    ``candidates_of`` is accepted for callers that looked candidates up per claim; every
    existing claim given is a candidate for every new one. ``articles`` (article id → text) lets
    the model tell stories apart; a claim with fewer than ``min_claim_words`` content words says
    too little to be matched and opens its own cluster. ``counts``: the warehouse's running word counts
    (``pair_model.prepare``), so that a claim's decision does not depend on which batch it came in.
    """
    _OPPOSITE = FEATURES.index("opposite")
    _SWAPPED = FEATURES.index("swapped")

    s = settings or MatchSettings()
    model = model or shipped_model()
    old = sorted((c for c in existing if c.cluster_id is not None), key=lambda c: c.claim_id)
    fresh = sorted(new, key=lambda c: c.claim_id)
    claims = [*old, *fresh]
    prep = prepare(claims, articles, counts=counts)
    cluster_of: list[int | None] = [c.cluster_id for c in old] + [None] * len(fresh)
    members: dict[int, list[int]] = {}
    # a word's block is one story's: claims of two stories are never candidates of each other
    postings: dict[tuple, list[int]] = {}
    story = [c.story_id for c in claims]
    min_story = s.min_same_story

    def index(i: int) -> None:
        members.setdefault(cluster_of[i], []).append(i)
        for t in prep.terms[i]:
            postings.setdefault((story[i], t), []).append(i)

    for i in range(len(old)):
        index(i)
    assignments: dict[int, int] = {}
    new_clusters: dict[int, tuple[str, str]] = {}
    for i in range(len(old), len(claims)):
        lists = sorted((postings[(story[i], t)] for t in prep.terms[i]
                        if (story[i], t) in postings and len(postings[(story[i], t)]) <= s.max_block), key=len)
        found: set[int] = set()
        if len(prep.terms[i]) < s.min_claim_words:
            lists = []
        for n, posting in enumerate(lists):
            if n >= s.block_words and len(found) + len(posting) > s.lookup_budget * 10:
                break
            found.update(posting)
        best, best_score = None, -1.0
        if found:
            cands = sorted(found)
            closeness = prep.vectors[cands] @ prep.vectors[i]
            order = np.argsort(-closeness, kind="stable")[: s.top_candidates]
            top = [cands[k] for k in order if not too_far_apart(prep, i, cands[k], model.max_days_apart)
                   and len(prep.terms[cands[k]]) >= s.min_claim_words
                   and not other_story(prep, i, cands[k], min_story)]
            # a cluster is scored in full only when one of its closest members alone reaches the threshold
            # (its average cannot, otherwise, unless a member outside the closest does)
            reach = model.probability(pair_features(claims, prep, i, top)) if top else np.zeros(0)
            clusters = dict.fromkeys(cluster_of[j] for j, p in zip(top, reach) if p >= model.threshold)
            for cid in clusters:
                group = [j for j in members[cid] if not too_far_apart(prep, i, j, model.max_days_apart)
                         and len(prep.terms[j]) >= s.min_claim_words and not other_story(prep, i, j, min_story)
                         and story[j] == story[i]]
                group = group[: s.max_members]
                if not group:
                    continue
                rows = pair_features(claims, prep, i, group)
                if rows[:, _OPPOSITE].any() or rows[:, _SWAPPED].any():
                    continue  # opposite positions (rejected / accepted, a negation), or roles swapped: two claims
                if any(_other_person(claims[i], claims[j]) for j in group):
                    continue  # two people are two claimants unless a side ties them
                p = model.probability(rows)
                if s.linkage_top and len(p) > s.linkage_top:
                    p = np.sort(p)[-s.linkage_top:]
                score = float(p.mean())
                if score > best_score:
                    best, best_score = cid, score
        if best is None or best_score < model.threshold:
            best = next_cluster_id
            next_cluster_id += 1
            new_clusters[best] = (claims[i].text, claims[i].speaker)
        cluster_of[i] = best
        assignments[claims[i].claim_id] = best
        index(i)
    return ClusterAssignment(assignments, new_clusters)


# --- full clustering in bulk -----------------------------------------------------------------
#
# Placing claims one at a time spends nearly all its time on what does not depend on the
# clusters: a claim's candidates (earlier claims sharing its rarer words), their ranking by
# meaning and the merge model's score of each. Only which cluster each candidate is in
# depends on the claims placed before. So the bulk run scores every claim's candidates first,
# on arrays and in parallel over claim ranges, then replays the placements in claim order,
# scoring only the few cluster members that were not among a claim's candidates.

_BULK: dict = {}  # what the forked workers of one bulk run read: set before the pool starts


def _score_candidates(bounds: tuple[int, int]):
    """Each claim's candidates in [lo, hi), ranked as ``cluster_claims`` ranks them, with the model's scores.

    Returns the number of candidates per claim, the candidates, their probabilities, and whether
    each pair states opposite positions or comes from two claimants (``_other_person``).
    """
    lo, hi = bounds
    b = _BULK
    s, model, prep, table = b["settings"], b["model"], b["prep"], b["table"]
    off, counts_before, term_of, post, post_start = b["off"], b["before"], b["term_of"], b["post"], b["post_start"]
    vectors, n_terms, days = prep.vectors, table.n_terms, table.days
    budget, max_block, block_words, top_n = s.lookup_budget * 10, s.max_block, s.block_words, s.top_candidates
    min_words, max_days, min_story = s.min_claim_words, model.max_days_apart, b["min_story"]
    story_known = b["story_known"]
    n_found = np.zeros(hi - lo, dtype=np.int64)
    found_j: list[np.ndarray] = []
    found_c: list[np.ndarray] = []
    base = int(off[lo])
    bounds_l = (off[lo:hi + 1] - base).tolist()
    before_l = counts_before[base:int(off[hi])].tolist()  # this range's words as Python lists: read per claim
    term_l = term_of[base:int(off[hi])].tolist()
    starts = post_start.tolist() if hi - lo > 2000 else post_start
    days_l = days[lo:hi].tolist()
    dated = not np.isnan(days).all()
    first = itemgetter(0)
    # 1. each claim's word lists, as cluster_claims picks them (rarest first, within the budget)
    lists_of: list[list[tuple[int, int]] | None] = [None] * (hi - lo)
    for i in range(lo, hi):
        a0, a1 = bounds_l[i - lo], bounds_l[i - lo + 1]
        if a1 - a0 < min_words:
            continue
        pairs = [(c, t) for c, t in zip(before_l[a0:a1], term_l[a0:a1]) if 0 < c <= max_block]
        if not pairs:
            continue
        pairs.sort(key=first)
        if len(pairs) > block_words and sum(c for c, _ in pairs) > budget:
            seen: set[int] = set()
            for n, (c, t) in enumerate(pairs):
                if n >= block_words and len(seen) + c > budget:
                    pairs = pairs[:n]
                    break
                seen.update(post[starts[t]: starts[t] + c].tolist())
        lists_of[i - lo] = pairs
    # 2. closeness of each claim to the earlier claims of each of its lists: one matrix product per word
    # for all the claims of the range that read it (its earlier claims' vectors read once, not once per claim)
    readers: dict[int, list[int]] = {}
    longest: dict[int, int] = {}
    for k, pairs in enumerate(lists_of):
        if pairs:
            for c, t in pairs:
                readers.setdefault(t, []).append(k)
                if c > longest.get(t, 0):
                    longest[t] = c
    block_of: dict[int, tuple[np.ndarray, dict[int, int]]] = {}
    for t, ks in readers.items():
        earlier = vectors[post[starts[t]: starts[t] + longest[t]]]
        if len(ks) == 1:
            block_of[t] = ((earlier @ vectors[ks[0] + lo])[None, :], {ks[0]: 0})
        else:
            block_of[t] = (vectors[np.asarray(ks, dtype=np.int64) + lo] @ earlier.T, {q: r for r, q in enumerate(ks)})
    for i in range(lo, hi):
        pairs = lists_of[i - lo]
        if not pairs:
            continue
        ids = [post[starts[t]: starts[t] + c] for c, t in pairs]
        vals = [block_of[t][0][block_of[t][1][i - lo], :c] for c, t in pairs]
        if len(ids) == 1:
            cands, closeness = ids[0], vals[0]
        else:
            ids_all, vals_all = np.concatenate(ids), np.concatenate(vals)
            order = np.argsort(ids_all, kind="stable")
            ids_all = ids_all[order]
            first_seen = np.concatenate(([True], ids_all[1:] != ids_all[:-1]))
            cands, closeness = ids_all[first_seen], vals_all[order][first_seen]
        if len(cands) > 4 * top_n:
            # the top_n largest, ties broken by position as a stable sort breaks them, without sorting all
            kth = closeness[np.argpartition(closeness, len(closeness) - top_n)[len(closeness) - top_n]]
            above = np.flatnonzero(closeness > kth)
            level = np.flatnonzero(closeness == kth)[: top_n - len(above)]
            pick = np.concatenate((above, level))
            ranked = pick[np.lexsort((pick, -closeness[pick]))]
        else:
            ranked = np.argsort(-closeness, kind="stable")[:top_n]
        top, close = cands[ranked], closeness[ranked]
        keep = n_terms[top] >= min_words
        if dated and days_l[i - lo] == days_l[i - lo]:
            keep &= ~(np.abs(days[top] - days_l[i - lo]) > max_days)
        if min_story and story_known[i]:
            keep &= ~(story_known[top] & (prep.stories[top] @ prep.stories[i] < min_story))
        if not keep.all():
            top, close = top[keep], close[keep]
        if len(top):
            n_found[i - lo] = len(top)
            found_j.append(top)
            found_c.append(close)
    if not found_j:
        return n_found, np.zeros(0, np.int64), np.zeros(0), np.zeros(0, bool), np.zeros(0, bool)
    fi, fj = np.repeat(np.arange(lo, hi, dtype=np.int64), n_found), np.concatenate(found_j)
    p, opposed = table.probabilities(model, fi, fj, np.concatenate(found_c))
    return n_found, fj, p, opposed, table.two_claimants(fi, fj)


def cluster_in_bulk(new: Sequence[StoredClaim], existing: Sequence[StoredClaim] = (), next_cluster_id: int = 1,
                    settings: MatchSettings | None = None, model=None, articles: dict[int, str] | None = None,
                    workers: int = 2, chunk: int = 20_000, timings: dict[str, float] | None = None,
                    candidates_of: dict[int, list[int]] | None = None,
                    counts: tuple[Mapping[str, int], int] | None = None) -> ClusterAssignment:
    """The clusters ``cluster_claims(new, existing, next_cluster_id, ...)`` gives, computed in bulk.

    ``candidates_of`` means what it means to ``cluster_claims``: accepted from callers that looked
    candidates up per claim, while every existing claim given is a candidate for every new one.

    For a full re-cluster (no ``existing``: every claim from scratch) or a large batch: the
    candidates of every new claim are blocked, ranked and scored by the merge model on arrays,
    split over ``workers`` forked processes; the placements are then replayed in claim id
    order as ``cluster_claims`` makes them, so each claim joins the same cluster (ties aside
    that only the last bit of a sum decides). New clusters are numbered from
    ``next_cluster_id`` in order of their first claim.
    ``timings``, when given, receives the seconds each stage took (prepare, candidates, replay).
    """
    import time

    clock = time.perf_counter()
    timings = {} if timings is None else timings
    s = settings or MatchSettings()
    model = model or shipped_model()
    old = sorted((c for c in existing if c.cluster_id is not None), key=lambda c: c.claim_id)
    claims = [*old, *sorted(new, key=lambda c: c.claim_id)]
    n, n_old = len(claims), len(old)
    if n == n_old:
        return ClusterAssignment({}, {})
    prep = prepare(claims, articles, workers, counts)
    timings["embed_and_words"] = time.perf_counter() - clock
    table = PairTable(claims, prep)
    # each claim's words in the order cluster_claims meets them, with how many earlier claims hold each;
    # a word's block is one story's (claims of two stories are never candidates of each other): the key of
    # a (story, word) pair is one number, sorted once, with no Python object per pair
    words: dict[str, int] = {}
    total = int(table.n_terms.sum())
    key = np.fromiter((words.setdefault(t, len(words)) for ts in prep.terms for t in ts), dtype=np.int64, count=total)
    story_codes: dict = {}
    story_of = np.fromiter((story_codes.setdefault(c.story_id, len(story_codes)) for c in claims), dtype=np.int64,
                           count=n)
    if len(story_codes) > 1:
        key += np.repeat(story_of, table.n_terms) * max(len(words), 1)
    del story_of, words
    by_term = np.argsort(key, kind="stable")  # within a block: claims in order
    sorted_key = key[by_term]
    del key
    starts_block = np.ones(total, dtype=bool)
    np.not_equal(sorted_key[1:], sorted_key[:-1], out=starts_block[1:])
    del sorted_key
    block = np.cumsum(starts_block, dtype=np.int32)
    del starts_block
    block -= 1
    n_blocks = int(block[-1]) + 1 if total else 0
    term_of = np.empty(total, dtype=np.int32)
    term_of[by_term] = block
    del block
    off = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(table.n_terms, out=off[1:])
    owner = np.repeat(np.arange(n, dtype=np.int32), table.n_terms)
    post = owner[by_term]
    del owner
    sizes = np.bincount(term_of, minlength=n_blocks)
    post_start = np.zeros(n_blocks + 1, dtype=np.int64)
    np.cumsum(sizes, out=post_start[1:])
    before = np.empty_like(term_of)
    before[by_term] = np.arange(len(term_of), dtype=np.int64) - np.repeat(post_start[:-1], sizes)
    del by_term
    story_known = np.asarray(prep.stories.any(axis=1)) if table.has_story else np.zeros(n, dtype=bool)
    min_story = s.min_same_story
    _BULK.update(settings=s, model=model, prep=prep, table=table, off=off, before=before, term_of=term_of, post=post,
                 post_start=post_start, story_known=story_known, opposite=FEATURES.index("opposite"), min_story=min_story)
    ranges = [(lo, min(n, lo + chunk)) for lo in range(n_old, n, chunk)]
    timings["tables"] = time.perf_counter() - clock - timings["embed_and_words"]
    clock = time.perf_counter()
    try:
        if workers > 1 and len(ranges) > 1 and "fork" in mp.get_all_start_methods():
            with mp.get_context("fork").Pool(workers) as pool:
                parts = pool.map(_score_candidates, ranges, chunksize=1)
        else:
            parts = [_score_candidates(r) for r in ranges]
    finally:
        _BULK.clear()
    parts = [list(p) for p in parts]

    def joined(k: int, *head) -> np.ndarray:
        """Field k of every range as one array, each range's own let go at once (a million claims' are 100s of MB)."""
        out = np.concatenate([*head, *(p[k] for p in parts)])
        for p in parts:
            p[k] = None
        return out

    n_found = joined(0, np.zeros(n_old, dtype=np.int64))
    cand, prob, opposed, apart = joined(1), joined(2), joined(3), joined(4)
    del parts
    start = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(n_found, out=start[1:])
    reaches = np.zeros(n, dtype=bool)
    hit = prob >= model.threshold
    if len(hit):
        reaches[np.repeat(np.arange(n), n_found)[hit]] = True
    timings["candidates"] = time.perf_counter() - clock
    clock = time.perf_counter()
    out = _replay(claims, n_old, prep, table, s, model, next_cluster_id, start, cand, prob, opposed, apart, reaches)
    timings["replay"] = time.perf_counter() - clock
    return out


def _replay(claims, n_old: int, prep, table, s: MatchSettings, model, next_cluster_id: int, start, cand, prob, opposed,
            apart, reaches) -> ClusterAssignment:
    """Place the claims in order, as ``cluster_claims`` does, from their scored candidates."""
    opposite_col = FEATURES.index("opposite")
    n = len(claims)
    threshold, max_days = model.threshold, model.max_days_apart
    min_words, max_members = s.min_claim_words, s.max_members
    n_terms = table.n_terms.tolist()
    days = prep.days
    min_story = s.min_same_story
    check_story = bool(min_story) and table.has_story
    story = [c.story_id for c in claims]
    cluster_of = [c.cluster_id for c in claims[:n_old]] + [0] * (n - n_old)
    members: dict[int, list[int]] = {}
    for i in range(n_old):
        members.setdefault(cluster_of[i], []).append(i)
    assignments: dict[int, int] = {}
    new_clusters: dict[int, tuple[str, str]] = {}
    reaches_l = reaches.tolist()
    for i in range(n_old, n):
        best, best_score = None, -1.0
        if reaches_l[i]:
            a, b = int(start[i]), int(start[i + 1])
            js, ps = cand[a:b].tolist(), prob[a:b].tolist()
            known = None
            di = days[i]
            for cid in dict.fromkeys([cluster_of[j] for j, p in zip(js, ps) if p >= threshold]):
                group = []
                for j in members[cid]:
                    dj = days[j]
                    if (di is not None and dj is not None and abs(di - dj) > max_days) or n_terms[j] < min_words \
                            or (check_story and other_story(prep, i, j, min_story)) or story[j] != story[i]:
                        continue
                    group.append(j)
                    if len(group) == max_members:
                        break
                if not group:
                    continue
                if known is None:
                    known = {j: k for k, j in enumerate(js)}
                    opp_l, two_l = opposed[a:b].tolist(), apart[a:b].tolist()
                p = []
                missing = []
                for j in group:
                    k = known.get(j)
                    if k is None or ps[k] != ps[k]:  # not a candidate, or left unscored below the threshold
                        missing.append(j)
                        p.append(0.0)
                    elif opp_l[k] or two_l[k]:
                        break
                    else:
                        p.append(ps[k])
                if len(p) < len(group):
                    continue  # opposite positions or two claimants: two claims
                if missing:
                    jj = np.asarray(missing, dtype=np.int64)
                    ii = np.full(len(missing), i, dtype=np.int64)
                    rows = table.features(ii, jj)
                    if rows[:, opposite_col].any() or rows[:, FEATURES.index("swapped")].any() \
                            or table.two_claimants(ii, jj).any():
                        continue
                    got = dict(zip(missing, model.probability(rows).tolist()))
                    p = [got[j] if j in got else pj for j, pj in zip(group, p)]
                if s.linkage_top and len(p) > s.linkage_top:
                    p = np.sort(np.asarray(p))[-s.linkage_top:].tolist()
                # numpy's mean: a plain running sum below 8 values, its pairwise sum from 8 on
                score = sum(p) / len(p) if len(p) < 8 else float(np.asarray(p, dtype=np.float64).mean())
                if score > best_score:
                    best, best_score = cid, score
        if best is None or best_score < threshold:
            best = next_cluster_id
            next_cluster_id += 1
            new_clusters[best] = (claims[i].text, claims[i].speaker)
            members[best] = [i]
        else:
            members.setdefault(best, []).append(i)
        cluster_of[i] = best
        assignments[claims[i].claim_id] = best
    return ClusterAssignment(assignments, new_clusters)
