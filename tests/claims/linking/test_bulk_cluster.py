"""Full clustering in bulk gives the clusters that placing the claims one at a time gives."""
from __future__ import annotations

import random
from dataclasses import replace

import pytest

from claims.linking.clustering import MatchSettings, cluster_claims, cluster_in_bulk
from claims.linking.pair_model import PairTable, pair_features, prepare
from claims.model import StoredClaim
from claims.quantities.parse import parse_quantities

# An invented story: a dock strike in the port of Valdora, told by several outlets and claimants.
PEOPLE = [("Mara Velt", "union", "person"), ("Ivo Dresch", "port authority", "person"),
          ("Lena Orsk", "", "person"), ("Port of Valdora", "port authority", "government body"),
          ("Harbor Ledger", "", "outlet")]
STATEMENTS = [
    "the strike at the container terminal will continue until wages rise by {n} percent",
    "{n} ships are waiting outside the harbour because the cranes stopped",
    "the port authority rejected the union's offer of a {n}-day truce",
    "the port authority accepted the union's offer of a {n}-day truce",
    "dock workers have not been paid overtime for {n} months",
    "the new cranes cost ${n} million and were bought without a tender",
    "the strike will not continue after the weekend",
    "police cleared the gates of the northern terminal at dawn",
    "the union denied that it had blocked fuel deliveries to the hospital",
    "the union confirmed that it had blocked fuel deliveries to the hospital",
    "exports of timber fell sharply during the {n} days of the strike",
    "the mayor of Valdora offered to mediate talks between the union and the port",
]
FILLERS = ["", "reportedly ", "on Tuesday ", "again ", "in a statement "]
STORIES = {
    0: "Dock workers in Valdora walked out on Monday, halting the container terminal and stranding ships.",
    1: "A strike at the port of Valdora entered its second week as talks between the union and the port stalled.",
    2: "The Valdora city council approved a new budget for schools and libraries on Thursday evening.",
}


def _claims(n: int, seed: int = 7) -> list[StoredClaim]:
    rng = random.Random(seed)
    out = []
    for k in range(n):
        st = rng.randrange(len(STATEMENTS))
        number = rng.choice([12, 12, 12, 15, 40]) if st % 2 == 0 else rng.choice([3, 3, 4])
        words = STATEMENTS[st].format(n=number).split()
        if rng.random() < 0.4:
            words.pop(rng.randrange(1, len(words)))
        if rng.random() < 0.3:
            words.insert(rng.randrange(len(words)), rng.choice(FILLERS).strip() or "now")
        content = " ".join(words)
        speaker, side, kind = rng.choice(PEOPLE)
        article = k // 4
        out.append(StoredClaim(
            claim_id=1000 - k if k % 7 == 0 else 2000 + k,  # not in input order: placement follows claim ids
            article_id=article, speaker=speaker, text=f"{speaker} said {content}", content=content,
            stance=rng.choice(["assert", "assert", "assert", "deny", "reject"]), negated=False,
            quote_type="narration" if kind == "outlet" else rng.choice(["direct", "indirect"]),
            quantities=parse_quantities(content), source=f"Outlet {article % 5}",
            published=None if rng.random() < 0.1 else f"2031-03-{1 + (k * 37) % 28:02d}T08:00:00",
            side=side, claimant_kind=kind))
    return out


def _articles(claims: list[StoredClaim]) -> dict[int, str]:
    return {c.article_id: STORIES[c.article_id % 3] for c in claims}


@pytest.mark.parametrize("workers", [1, 2])
def test_bulk_gives_the_clusters_of_placing_claims_one_at_a_time(workers):
    """On a few hundred claims of one story (sides, narration, figures, negations, dates, other stories),
    every claim lands in the same cluster, with the same ids and labels, in bulk as one at a time."""
    claims = _claims(600)
    articles = _articles(claims)
    one_by_one = cluster_claims(claims, [], 5, articles=articles)
    bulk = cluster_in_bulk(claims, [], 5, articles=articles, workers=workers, chunk=150)
    assert bulk.assignments == one_by_one.assignments
    assert bulk.new_clusters == one_by_one.new_clusters
    assert 5 < len(bulk.new_clusters) < 300  # the sample does merge claims, and keeps some apart


def test_a_batch_into_clustered_history_joins_as_one_at_a_time():
    """New claims placed against clustered history (the link of an ingest run) join the same clusters,
    old or new, in bulk as with cluster_claims."""
    claims = _claims(500, seed=5)
    articles = _articles(claims)
    first = cluster_claims(claims[:350], [], 1, articles=articles)
    history = [replace(c, cluster_id=first.assignments[c.claim_id]) for c in claims[:350]]
    next_id = max(first.assignments.values()) + 1
    one_by_one = cluster_claims(claims[350:], history, next_id, articles=articles)
    bulk = cluster_in_bulk(claims[350:], history, next_id, articles=articles, workers=2, chunk=40)
    assert bulk == one_by_one
    assert set(bulk.assignments.values()) & set(first.assignments.values())  # some join old clusters


def test_bulk_follows_the_settings():
    """Tighter settings (fewer candidates, members and words) change the clusters alike in both."""
    claims = _claims(300, seed=3)
    s = MatchSettings(top_candidates=5, max_members=3, min_claim_words=4, lookup_budget=2, block_words=1,
                      max_block=40, linkage_top=2, min_same_story=0.0)
    assert cluster_in_bulk(claims, [], 1, s, workers=1) == cluster_claims(claims, [], 1, s)


def test_pair_table_rows_agree_with_pair_features():
    """The feature rows computed on arrays are those of pair_features, pair by pair."""
    claims = _claims(120, seed=11)
    prep = prepare(claims, _articles(claims))
    table = PairTable(claims, prep)
    rng = random.Random(1)
    pairs = [(rng.randrange(120), rng.randrange(120)) for _ in range(400)]
    rows = table.features([i for i, _ in pairs], [j for _, j in pairs])
    for k, (i, j) in enumerate(pairs):
        assert rows[k] == pytest.approx(pair_features(claims, prep, i, [j])[0], rel=1e-6, abs=1e-7)


def test_empty_input():
    """No claims: no clusters."""
    assert cluster_in_bulk([], [], 1).assignments == {}


def test_a_batch_with_its_warehouse_lookup_joins_as_one_at_a_time():
    """Given the per-claim candidates the warehouse looked up (``candidates_of``, as the link passes
    them), the bulk run places every claim where cluster_claims does."""
    claims = _claims(400, seed=9)
    articles = _articles(claims)
    first = cluster_claims(claims[:250], [], 1, articles=articles)
    history = [replace(c, cluster_id=first.assignments[c.claim_id]) for c in claims[:250]]
    next_id = max(first.assignments.values()) + 1
    rng = random.Random(4)
    # each new claim's lookup found a few of the history's claims, some found none
    candidates_of = {c.claim_id: sorted(h.claim_id for h in rng.sample(history, rng.randrange(0, 6)))
                     for c in claims[250:] if rng.random() < 0.8}
    one_by_one = cluster_claims(claims[250:], history, next_id, candidates_of=candidates_of, articles=articles)
    bulk = cluster_in_bulk(claims[250:], history, next_id, articles=articles, workers=2, chunk=50,
                           candidates_of=candidates_of)
    assert bulk == one_by_one
    assert set(bulk.assignments.values()) & set(first.assignments.values())  # some join old clusters


def test_pair_table_tells_figures_of_different_things_apart():
    """"two dock workers" and "two ships" are not one figure, though "two" equals "two": the rows on
    arrays say so as pair_features does, whichever claim with "two" came first."""
    texts = ["two dock workers were arrested at the gates", "two ships left the harbour at dawn",
             "two dock workers were released on bail", "the harbour reopened two ships later"]
    claims = [StoredClaim(claim_id=k + 1, article_id=k, speaker="Lena Orsk", text=t, content=t, stance="assert",
                          negated=False, quote_type="indirect", quantities=parse_quantities(t), source="Outlet 1",
                          published=None, side="", claimant_kind="person") for k, t in enumerate(texts)]
    assert len({c.quantities for c in claims}) == 1 < len({q.noun for c in claims for q in c.quantities})
    prep = prepare(claims)
    table = PairTable(claims, prep)
    pairs = [(i, j) for i in range(4) for j in range(4) if i != j]
    rows = table.features([i for i, _ in pairs], [j for _, j in pairs])
    for k, (i, j) in enumerate(pairs):
        assert rows[k] == pytest.approx(pair_features(claims, prep, i, [j])[0], rel=1e-6, abs=1e-7)
