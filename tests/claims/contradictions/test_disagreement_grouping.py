"""Pairs → disagreements (claims.contradictions.grouping): one per thing, every mention on its side."""
from __future__ import annotations

from types import SimpleNamespace

from claims.contradictions.grouping import GroupingSettings, from_sides, group_disagreements, in_queue
from claims.model import Contradiction, Quantity, StoredClaim


def claim(cid: int, source: str, value: float, published: str | None = "2026-05-04", cluster: int | None = None):
    q = Quantity(value, "usd", "", value, value, f"${value / 1e6:g} million")
    return StoredClaim(cid, 100 + cid, "Lena Marsh", "", f"the pier would cost ${value / 1e6:g} million", "", False,
                       quantities=(q,), cluster_id=cluster, source=source, published=published)


def pair(a: StoredClaim, b: StoredClaim, score: float = 0.8) -> Contradiction:
    qa, qb = a.quantities[0], b.quantities[0]
    return Contradiction("numeric", a.claim_id, b.claim_id, "", "how much: pier", score, "",
                         ("", "", 1, "usd", "", frozenset({"pier"})), (qa.text, qb.text, qa, qb))


def test_pairs_about_one_thing_are_one_disagreement_with_every_mention():
    c = {i: claim(i, f"Outlet {i}", v) for i, v in ((1, 40e6), (2, 40e6), (3, 55e6), (4, 55e6))}
    found = [pair(c[1], c[3]), pair(c[1], c[4], 0.9), pair(c[2], c[3]), pair(c[2], c[4])]
    (d,) = group_disagreements(found, c)
    assert {m.claim_id: m.side for m in d.mentions} == {1: "$40 million", 2: "$40 million", 3: "$55 million",
                                                        4: "$55 million"}
    assert (d.claim_id_a, d.claim_id_b) == (1, 4)  # the best-scored pair represents it
    assert d.reason.startswith("$40 million — Outlet 1 (Lena Marsh), Outlet 2 (Lena Marsh) · $55 million")
    assert d.confidence > 0.9 and d.same_story and in_queue(d)  # repeated by four outlets


def test_two_values_a_rule_opposed_are_never_one_side():
    """"about 70" and "about 75" are each compatible with a wide value, not with each other."""
    c = {1: claim(1, "A", 70e6), 2: claim(2, "B", 75e6)}
    c[1] = StoredClaim(**{**c[1].__dict__, "quantities": (Quantity(70e6, "usd", "about", 63e6, 77e6, "about $70 million"),)})
    c[2] = StoredClaim(**{**c[2].__dict__, "quantities": (Quantity(75e6, "usd", "about", 67.5e6, 82.5e6, "about $75 million"),)})
    (d,) = group_disagreements([pair(c[1], c[2])], c)
    assert len({m.side for m in d.mentions}) == 2


def test_undated_claims_of_two_articles_are_only_possible():
    c = {1: claim(1, "A", 40e6, published=None), 2: claim(2, "B", 55e6, published=None)}
    (d,) = group_disagreements([pair(c[1], c[2])], c)
    assert not d.same_story and not in_queue(d)
    c = {1: claim(1, "A", 40e6, published=None, cluster=7), 2: claim(2, "B", 55e6, published=None, cluster=7)}
    (d,) = group_disagreements([pair(c[1], c[2])], c)
    assert d.same_story  # one claim cluster: one story


def test_pairs_of_two_stories_are_left_out_and_the_bar_moves_to_possible():
    c = {1: claim(1, "A", 40e6), 2: claim(2, "B", 55e6)}
    assert group_disagreements([pair(c[1], c[2])], c, story_of={101: 1, 102: 2}) == []
    (d,) = group_disagreements([pair(c[1], c[2], 0.5)], c)
    assert not in_queue(d, GroupingSettings(min_confidence=0.6))


def test_a_figures_record_plugs_in():
    """The figures branch's NumericDisagreement (sides of labelled mentions) becomes one disagreement."""
    m = lambda cid: SimpleNamespace(claim_id=cid)  # noqa: E731
    record = SimpleNamespace(measure="people killed", subject="Bangkok", confidence=0.8, key="numeric|people killed|6|10",
                             sides=(SimpleNamespace(label="6", mentions=(m(5), m(None))),
                                    SimpleNamespace(label="at least 10", mentions=(m(3), m(9)))))
    d = from_sides(record)
    assert {x.claim_id: x.side for x in d.mentions} == {5: "6", 3: "at least 10", 9: "at least 10"}
    assert d.subject == "people killed (Bangkok)" and d.key == "numeric|people killed|6|10"
    assert (d.claim_id_a, d.claim_id_b) == (3, 5) and d.confidence == 0.8
