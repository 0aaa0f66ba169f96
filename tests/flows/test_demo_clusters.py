"""The demo tells the truth (issue 20): the clusters a careful reader of flows/demo_corpus/articles.jsonl
makes, and how the demo warehouse's clusters compare (no cluster should hold two propositions; the ones
that still do are listed in KNOWN_MIXED and the full assertion is a strict xfail until they are fixed).

PROPOSITIONS was written by reading the eight demo articles: each entry is one proposition and the
snippets (verbatim parts of claims) that state it. Snippets of one entry may share a cluster (and those
in TOGETHER must); snippets of two entries must never.
"""
from __future__ import annotations

import pytest

from warehouse import reading

PROPOSITIONS: dict[str, list[str]] = {
    # designed fact 1: the same claim in three outlets
    "varga: 40 percent of the flow guaranteed": [
        "The treaty will guarantee 40 percent of the river's flow to the downstream farms",
        "the agreement guarantees 40 percent of the river flow to the downstream farms",
        "the treaty would guarantee downstream farms 40 percent of the river's flow"],
    # designed fact 4: one claim in two units
    "rell: the meeting was productive": [
        "the 75-minute meeting was productive",
        "the meeting, which lasted an hour and 15 minutes, was productive"],
    # one measured thing, two values: a contradiction, which may share the claim's history
    "albrecht: the fish ladder's cost": [
        "the new fish ladder would cost $12 million",
        "the new fish ladder would cost $15 million"],
    "rell and varga met in lindhaven": [
        "The draft was settled at a meeting in the border city of Lindhaven",
        "Prime Minister Tomas Rell met Velmora's minister of water and agriculture"],
    "the treaty outline was agreed": [
        "to the outline of a treaty on sharing the waters of the Orsel River",
        "The outline treaty agreed by Arvenia and Velmora this week sets out how water"],
    "union meetings in the villages": [
        "the union would hold meetings in twelve villages next week",
        "hold meetings in nine more villages before the end of the month"],
    "holm: an independent study first": [
        "her party would ask for an independent study of the river before any vote",
        "We should have insisted on an independent study before anything else"],
    # the named case: four propositions that were one cluster
    "the talks had stalled for two years": ["ending two years of stalled talks over the Kestrel Gorge Dam"],
    "rell: the dam a shared asset": ["his government wanted the dam to be a shared asset"],
    "the governments disagree on measuring the share": [
        "The two governments still disagree on how the share will be measured"],
    "supporters: the deal ends a dispute": ["it ends a dispute that had soured trade"],
    # other propositions of the same story
    "arvenia pauses work and builds a fish passage": [
        "Arvenia will pause construction at the Kestrel Gorge Dam and build a fish passage"],
    "farmers hear what the treaty means": ["what the outline Orsel River treaty will mean for their fields"],
    "varga led the delegation": ["led the delegation at the talks in Lindhaven"],
    "varga answered questions": ["answered questions after the talks in Lindhaven"],
    "velmora asked for a halt": ["Arvenia to stop construction while engineers reviewed the dam's effect"],
    "the pause gives engineers time": ["to give engineers time to review the dam's design"],
    "the commission monitors the flow": ["would monitor the flow and report to both governments"],
    "velmora still argues three days on": ["Three days after the outline of the Orsel River treaty was agreed"],
}
#: Propositions whose mentions must be one cluster (the designed facts).
TOGETHER = ["varga: 40 percent of the flow guaranteed", "rell: the meeting was productive"]
#: Mixed clusters the linking still makes; each is a known defect (issue 20, item 5, open), listed so that
#: the test fails when one is fixed (then remove it here) or a new one appears. Two general floors were
#: tried and not kept, as both cost precision or recall on the cross-source events (see the branch's
#: report): proposition words shared (names and numbers aside), and a cosine floor to a cluster member.
KNOWN_MIXED: set[frozenset[str]] = {
    # the top cluster: four propositions of one story sharing its setting ("two neighbors", "dam")
    frozenset({"the talks had stalled for two years", "rell: the dam a shared asset",
               "the governments disagree on measuring the share", "supporters: the deal ends a dispute"}),
    frozenset({"the treaty outline was agreed", "arvenia pauses work and builds a fish passage",
               "farmers hear what the treaty means"}),
    frozenset({"rell and varga met in lindhaven", "varga led the delegation", "varga answered questions"}),
    frozenset({"velmora asked for a halt", "the pause gives engineers time"}),
    frozenset({"the commission monitors the flow", "velmora still argues three days on"}),
}


def _clusters(db) -> dict[str, set[int]]:
    """Proposition → the cluster ids of its snippets' claims (each snippet is in exactly one claim)."""
    with reading(db) as con:
        claims = con.execute("SELECT claim_id, content, cluster_id FROM claims").fetchall()
    out: dict[str, set[int]] = {}
    for name, snippets in PROPOSITIONS.items():
        for snippet in snippets:
            hits = {cluster for _, content, cluster in claims if snippet in content}
            assert len(hits) == 1, f"{snippet!r}: in {len(hits)} claims' clusters (claim units changed?)"
            out.setdefault(name, set()).update(hits)
    return out


def _mixed(db) -> set[frozenset[str]]:
    """Groups of different propositions that share a cluster."""
    by_cluster: dict[int, set[str]] = {}
    for name, clusters in _clusters(db).items():
        for c in clusters:
            by_cluster.setdefault(c, set()).add(name)
    return {frozenset(names) for names in by_cluster.values() if len(names) > 1}


def test_designed_claims_share_a_cluster(demo_warehouse):
    clusters = _clusters(demo_warehouse)
    for name in TOGETHER:
        assert len(clusters[name]) == 1, f"{name}: split over clusters {clusters[name]}"


def test_no_cluster_holds_two_propositions_beyond_the_known_defects(demo_warehouse):
    """The mixed clusters are exactly the known defects: none new."""
    mixed = _mixed(demo_warehouse)
    assert mixed == KNOWN_MIXED, f"new mixed clusters: {mixed - KNOWN_MIXED}; fixed: {KNOWN_MIXED - mixed}"


@pytest.mark.xfail(strict=True, reason="issue 20 item 5: KNOWN_MIXED clusters remain (linking joins claims of "
                                       "one story that share its names and setting, not one proposition)")
def test_no_cluster_holds_two_propositions(demo_warehouse):
    assert _mixed(demo_warehouse) == set()
