"""The demo tells the truth (issue 20, item 5): the clusters a careful reader of flows/demo_corpus/articles.jsonl
makes of the demo warehouse's claim rows, and the assertion that the warehouse's clusters keep to them.

PROPOSITIONS was written by reading the eight demo articles (one proposition from one claimant side each,
as ../shared/data/xsource/GUIDELINES.md defines a cluster): each entry is one proposition and snippets of
the claim rows that state it (a snippet names the claim whose content it is, else every claim holding it).
Every claim row is read: it is in one entry, or in UNREAD (units that state no proposition). Claims of
one entry may share a cluster, those in TOGETHER must (the designed facts); claims of two entries never.
"""
from __future__ import annotations

import pytest

from warehouse import reading

PROPOSITIONS: dict[str, list[str]] = {
    # --- Harbor Ledger, 12 March
    "the treaty outline was agreed": [
        "Wednesday to the outline of a treaty on sharing the waters of the Orsel River",
        # the unit also says what the outline sets out; its relative clause reports the agreement
        "The outline treaty agreed by Arvenia and Velmora this week sets out how water"],
    "the talks had stalled for two years": ["ending two years of stalled talks over the Kestrel Gorge Dam"],
    "rell and varga met in lindhaven": [
        "The draft was settled at a meeting in the border city of Lindhaven",
        "Prime Minister Tomas Rell met Velmora's minister of water and agriculture"],
    # designed fact 1: the same claim in three outlets
    "varga: 40 percent of the flow guaranteed": [
        "The treaty will guarantee 40 percent of the river's flow to the downstream farms",
        "the agreement guarantees 40 percent of the river flow to the downstream farms",
        "the treaty would guarantee downstream farms 40 percent of the river's flow"],
    "varga: the share measured at the gauging station": ["the share would be measured at the Lindhaven gauging station"],
    # designed fact 4: one claim in two units (75 minutes / an hour and 15 minutes agree)
    "rell: the meeting was productive": [
        "the 75-minute meeting was productive",
        "the meeting, which lasted an hour and 15 minutes, was productive"],
    "rell: the dam a shared asset": ["his government wanted the dam to be a shared asset"],
    "farmers depend on the orsel": ["Farmers in southern Velmora depend on the Orsel for irrigation"],
    "union: 2,300 farms draw water": ["about 2,300 farms draw water from the lower river"],
    "brandt: a good start": ["the deal was a good start"],
    "brandt: farmers judge it by the water": ["farmers would judge it by the water in their canals"],
    "brandt: promises heard before": ["We have heard promises before"],
    "officials: a final text signed in may": ["a final text could be signed in May"],
    # --- Valley Courier, 12 March
    "velmora secured a guaranteed share": ["Velmora secured a guaranteed share of the Orsel River"],
    "officials: velmora's request to halt work turned down": ["its request to halt work on the Kestrel Gorge Dam was turned down"],
    "varga led the delegation": ["led the delegation at the talks in Lindhaven"],
    "velmora asked for a halt": ["Arvenia to stop construction while engineers reviewed the dam's effect"],
    # designed fact: one proposition, opposite positions in two outlets (rejected / accepted): a contradiction
    # (both units read "the proposal for a 30-day moratorium on construction")
    "rell on the 30-day moratorium": ["the proposal for a 30-day moratorium on construction"],
    "mensk: behind schedule": ["the project was already behind schedule"],
    "mensk: delay costs money and jobs": ["Every week of delay costs money and jobs"],
    # Civic Wire's unit holds Mensk's non-answer and the outlet's "the date the government has promised"
    "the dam is due to be finished in 2028": [
        "The dam which is due to be finished in 2028",
        "to say whether the work would still be finished in 2028, the date the government has promised"],
    "the reservoir 30 kilometers long": ["will hold back water in a reservoir about 30 kilometers long"],
    "arvenia: 400,000 homes supplied": ["the power station will supply electricity to roughly 400,000 homes"],
    "holm leads the green alliance": ["who leads the opposition Green Alliance"],
    "holm: too many questions": ["the treaty left too many questions unanswered"],
    "holm: an independent study first": [
        "her party would ask for an independent study of the river before any vote",
        "We should have insisted on an independent study before anything else"],
    # --- Northgate Times, 13 March
    "varga answered questions": ["answered questions after the talks in Lindhaven"],
    "rell struck a positive tone": ["struck a similarly positive tone"],
    "the governments disagree on measuring the share": [
        "The two governments still disagree on how the share will be measured"],
    "haller: summer flow fell 18 percent": ["average summer flow had fallen by about 18 percent since 2005"],
    "haller: a shrinking river": ["A fixed percentage of a shrinking river"],
    # one sentence in two units
    "the commission monitors the flow": [
        "Under the outline, a joint commission of six engineers",
        "would monitor the flow and report to both governments"],
    "albrecht directs the hydro authority": [", director of the Arvenian Hydro Authority"],
    "the hydro authority builds the dam": ["which is building the dam"],
    "albrecht: the reservoir fills next spring": ["the reservoir would begin filling next spring"],
    "albrecht: extra water in droughts": ["the authority would release extra water during droughts"],
    "the parliaments must approve the final text": ["The parliaments of both countries must approve the final text"],
    # --- Civic Wire, 13 March
    "arvenia pauses construction": ["Arvenia will pause construction at the Kestrel Gorge Dam"],
    "arvenia builds a fish passage": ["build a fish passage on the Orsel River"],
    "the pause gives engineers time": ["to give engineers time to review the dam's design"],
    "albrecht: the review's focus": ["the review would focus on the spillway"],
    # designed fact: one measured thing, two values ($12 / $15 million): the same claimant's variants stay
    # in one cluster (GUIDELINES), the pair is also a contradiction
    "albrecht: the fish ladder's cost": [
        "the new fish ladder would cost $12 million",
        "the new fish ladder would cost $15 million"],
    "conservation groups: spawning grounds cut off": ["the dam would cut off spawning grounds upstream"],
    "solberg: a ladder could save the trout": ["a working fish ladder could save most of the river's trout"],
    "solberg: built properly": ["It has to be built properly"],
    "varga: velmora sends engineers": ["Velmora would send its own engineers"],
    # --- Eastport Herald, 13 March
    "the agency priced a change": ["has put a price on one of the main changes Velmora asked for"],
    "albrecht spoke at the dam site": ["spoke to reporters at the dam site on Thursday"],
    "the ladder lets fish upstream": ["would let trout and other fish swim upstream"],
    "albrecht: ladder work in the autumn": ["work on the ladder could begin in the autumn"],
    "the authority: the existing budget": ["The money will come from the dam's existing budget"],
    "solberg: sound on paper": ["the design looked sound on paper"],
    "solberg: believe it when fish climb": ["We will believe it when the fish are climbing it"],
    "velmora's reaction cautious": ["the reaction was cautious"],
    "brandt: water before fish": ["her members cared more about water for their crops than about fish"],
    # twelve villages, three held (600 people), nine more: one plan told twice
    "union meetings in the villages": [
        "the union would hold meetings in twelve villages next week",
        "hold meetings in nine more villages before the end of the month"],
    # --- Meridian Post, 14 March
    "velmora still argues three days on": ["Three days after the outline of the Orsel River treaty was agreed"],
    "holm: leverage given up too early": ["the government had given up its leverage too early"],
    "the government disputes that view": ["that view"],
    "koss: legal protection": ["the treaty gave farmers legal protection"],
    "the mood in brell mixed": ["the mood was mixed"],
    "weiss: the canals ran dry": ["the canals had run dry twice in the last five summers"],
    "weiss: if the water comes": ["If the water comes, good"],
    "weiss: the treaty is just paper": ["the treaty is just paper"],
    "haller: success depends on the commission": ["the success of the deal would depend on the joint commission"],
    "haller: the commission needs power": ["the commission needed the power to order releases"],
    # "next month" (14 March) and "in April": one debate
    "velmora's parliament debates the treaty": [
        "to debate the treaty next month",
        "scheduled to hold its own debate on the treaty in April"],
    # --- Harbor Ledger, 16 March
    # "later this month" (the government) and "March 24" (its spokesman): one proposition
    "the committee's hearings": [
        "will begin hearings on the Orsel River treaty later this month",
        "the hearings would start on March 24"],
    "mensk: ministers and engineers called": ["would be called to give evidence"],
    "lawmakers criticize the treaty": ["has drawn criticism from some Arvenian lawmakers"],
    "sand: too much of the river given away": ["the government had given away too much of the river"],
    "sand: our farmers need that water": ["Our own farmers need that water too"],
    "supporters: the deal ends a dispute": ["it ends a dispute"],
    # the relative clause in the past tells an event of its own: the dispute had soured trade
    "supporters: the dispute had soured trade": ["that had soured trade between the two neighbors"],
    "lindqvist heads the chamber": ["who heads the Lindhaven Chamber of Commerce"],
    "lindqvist: trade slowed": ["cross-border trade had slowed since the dispute began"],
    "lindqvist: shoppers back": ["local businesses hoped the treaty would bring back shoppers"],
    "rell has not commented": ["on the criticism"],
    "rell would speak to the committee": ["he would speak to the committee if asked"],
    # --- Valley Courier, 17 March
    "farmers crowded into village halls": ["crowded into village halls across southern Velmora"],
    "farmers hear what the treaty means": ["what the outline Orsel River treaty will mean for their fields"],
    "brandt: 600 people came": ["more than 600 people had come to the first three meetings"],
    "brandt: water in july": ["will there be water in July"],
    "officials explained the measuring": ["how the flow would be measured and shared"],
    # one question in two units
    "farmers asked about a drought year": ["what would happen in a drought year", "when the river is already low"],
    "falk keeps a dairy herd": ["who keeps a dairy herd near Brell"],
    "falk: sold part of her herd": ["she had sold part of her herd during the last drought"],
    "falk: not again": ["I cannot do that again"],
    "koss: readings published online": ["the joint commission would publish its flow readings online"],
}

#: Claim units that state no proposition a reader would follow: a bare object of "criticized", a bare name.
UNREAD = ["the project", "Anton Weiss"]
#: Propositions whose mentions must be one cluster (the designed facts).
TOGETHER = ["varga: 40 percent of the flow guaranteed", "rell: the meeting was productive",
            "albrecht: the fish ladder's cost"]


#: Mixed clusters the linking still makes: each is a known defect (issue 20 item 5, issue 22), listed so that
#: the test fails when one is fixed (then remove it here) or a new one appears. Why they remain: the merge
#: model (claims/data/merge_model.json, threshold 0.2, the bottom of its grid) scores such pairs 0.39-0.57 on
#: shared words, meaning and one story's setting; the structure keys that should part them (predicate class,
#: actor, target) were measured as a hard veto on the development events (2026-12-06): "different specific
#: predicate classes" takes the demo from nine mixed clusters to three but cuts mean cluster F1 0.423 -> 0.264
#: and precision on eventA 0.783 -> 0.674 and eventI 0.566 -> 0.500; among the pairs the model merges, every
#: class/actor/target difference tried marks about as many same-proposition pairs as different ones (classes
#: are mostly raw lemmas: "pause"/"halt"/"stop"). Training the model on within-story pairs only (no
#: cross-story negatives) left its leave-one-event-out F1 at 0.397 (as today's) and the demo as mixed.
KNOWN_MIXED: set[frozenset[str]] = {
    # the top cluster: four propositions of one story sharing its setting ("two neighbors", "dam")
    # (since the relative clause is its own unit, its "the dispute had soured trade" is the member here)
    frozenset({"the talks had stalled for two years", "rell: the dam a shared asset",
               "the governments disagree on measuring the share", "supporters: the dispute had soured trade"}),
    # the outline agreed is the outlet's report of an act (no speech follows "agreed on Wednesday to"); as
    # narration it now meets Velmora's guaranteed share (the farmers' hearing, which it met before, is apart)
    frozenset({"the treaty outline was agreed", "velmora secured a guaranteed share"}),
    frozenset({"rell and varga met in lindhaven", "varga led the delegation", "varga answered questions"}),
    frozenset({"velmora asked for a halt", "arvenia pauses construction", "the pause gives engineers time"}),
    frozenset({"officials: a final text signed in may", "the parliaments must approve the final text"}),
    frozenset({"albrecht directs the hydro authority", "albrecht spoke at the dam site"}),
    frozenset({"the hydro authority builds the dam", "the agency priced a change"}),
    frozenset({"albrecht: the fish ladder's cost", "albrecht: the review's focus"}),
    frozenset({"conservation groups: spawning grounds cut off", "the ladder lets fish upstream"}),
}


def _claims_of(claims, snippet: str) -> list[tuple]:
    exact = [c for c in claims if c[1].strip() == snippet]
    return exact or [c for c in claims if snippet in c[1]]


def _read(db) -> tuple[list[tuple], dict[str, set[int]]]:
    """The claim rows, and proposition → the cluster ids of its claims."""
    with reading(db) as con:
        claims = con.execute("SELECT claim_id, content, cluster_id FROM claims").fetchall()
    out: dict[str, set[int]] = {}
    for name, snippets in PROPOSITIONS.items():
        for snippet in snippets:
            hits = _claims_of(claims, snippet)
            assert hits, f"{snippet!r}: in no claim (claim units changed?)"
            out.setdefault(name, set()).update(c[2] for c in hits)
    return claims, out


def _mixed(db) -> set[frozenset[str]]:
    """Groups of different propositions that share a cluster."""
    by_cluster: dict[int, set[str]] = {}
    for name, clusters in _read(db)[1].items():
        for c in clusters:
            by_cluster.setdefault(c, set()).add(name)
    return {frozenset(names) for names in by_cluster.values() if len(names) > 1}


def test_every_claim_row_is_read(demo_warehouse):
    claims, _ = _read(demo_warehouse)
    owner: dict[int, list[str]] = {}
    for name, snippets in PROPOSITIONS.items():
        for snippet in snippets:
            for c in _claims_of(claims, snippet):
                owner.setdefault(c[0], []).append(name)
    for snippet in UNREAD:
        for c in _claims_of(claims, snippet):
            owner.setdefault(c[0], []).append("(unread)")
    assert [c for c in claims if c[0] not in owner] == [], "claim rows no entry reads"
    assert {k: v for k, v in owner.items() if len(set(v)) > 1} == {}, "claim rows two entries read"


def test_designed_claims_share_a_cluster(demo_warehouse):
    clusters = _read(demo_warehouse)[1]
    for name in TOGETHER:
        assert len(clusters[name]) == 1, f"{name}: split over clusters {clusters[name]}"


def test_no_cluster_holds_two_propositions_beyond_the_known_defects(demo_warehouse):
    """The mixed clusters are exactly the known defects: none new (remove one here when it is fixed)."""
    mixed = _mixed(demo_warehouse)
    assert mixed == KNOWN_MIXED, f"new mixed clusters: {mixed - KNOWN_MIXED}; fixed: {KNOWN_MIXED - mixed}"


@pytest.mark.xfail(strict=True, reason="issue 20 item 5 / issue 22: the KNOWN_MIXED clusters remain; the merge model "
                                       "joins claims of one story that share its names and setting, and the "
                                       "propositions' structure keys do not yet tell them apart (see KNOWN_MIXED)")
def test_no_cluster_holds_two_propositions(demo_warehouse):
    assert _mixed(demo_warehouse) == set()
