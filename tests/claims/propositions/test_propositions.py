"""Propositions on invented sentences: lists split, roles kept apart, acts are not speech, polarity from structure."""
from __future__ import annotations


import numpy as np
import pytest

from claims.contradictions.rules import structure_polarity_conflict
from claims.extraction.extractor import Extractor, ExtractSettings
from claims.extraction.narration import with_outlet
from claims.linking.clustering import cluster_claims
from claims.linking.pair_model import FEATURES, PairTable, pair_features, prepare
from claims.model import StoredClaim
from claims.propositions.keys import compare, keys_of, place_key
from claims.speakers.claimants import names_no_claimant, with_claimants


@pytest.fixture(scope="module")
def ex() -> Extractor:
    return Extractor(ExtractSettings(include_narration=True))


def finished(ex, text: str):
    return with_claimants(text, with_outlet(ex.extract(text), "Test Outlet"))


def stored(claim, claim_id: int, article_id: int) -> StoredClaim:
    return StoredClaim(claim_id=claim_id, article_id=article_id, speaker=claim.speaker_name, text=claim.text,
                       content=claim.content, stance=claim.stance, negated=claim.negated,
                       quote_type=claim.quote_type, quantities=claim.quantities, source=f"s{article_id}",
                       side=claim.side, claimant_kind=claim.claimant_kind, actor=claim.actor,
                       actor_side=claim.actor_side, predicate=claim.predicate,
                       predicate_class=claim.predicate_class, target=claim.target, target_side=claim.target_side,
                       time=claim.time, polarity=claim.polarity, hedge=claim.hedge)


def test_a_list_of_three_rates_to_three_countries_is_three_propositions(ex):
    text = ("Trade minister Elena Varga said on Monday that Arvenia imposed levies of 25% on Velmoran grain, "
            "10% on Dorish timber and 40% on Kestani cars.")
    claims = ex.extract(text).claims
    assert len(claims) == 3
    assert [c.target for c in claims] == ["Velmoran grain", "Dorish timber", "Kestani cars"]
    assert {c.predicate_class for c in claims} == {"impose"} and {c.actor for c in claims} == {"Arvenia"}
    assert all(c.speaker_name == "Elena Varga" for c in claims)
    assert len({c.attribution_index for c in claims}) == 1  # one attribution, three propositions
    assert claims[1].text == "Elena Varga said Arvenia imposed levies of 10% on Dorish timber"
    assert [c.span.slice(text) for c in claims][1:] == ["10% on Dorish timber", "40% on Kestani cars"]


def test_actor_and_target_swapped_stay_apart(ex):
    a_text = "Arvenia imposed a 20% levy on Velmoran grain on Tuesday, the ministry in Arvenia said."
    b_text = "Velmora imposed a 20% levy on Arvenian grain on Tuesday, the ministry in Velmora said."
    a = ex.extract(a_text).claims[0]
    b = ex.extract(b_text).claims[0]
    ka = keys_of(a.actor, a.actor_side, a.target, a.predicate_class, a.polarity)
    kb = keys_of(b.actor, b.actor_side, b.target, b.predicate_class, b.polarity)
    got = compare(ka, kb)
    assert got["swapped"] and not got["same_proposition"] and got["same_class"]
    claims = [stored(a, 1, 1), stored(b, 2, 2)]
    prep = prepare(claims)
    row = pair_features(claims, prep, 0, [1])[0]
    assert row[FEATURES.index("swapped")] == 1.0 and row[FEATURES.index("same_proposition")] == 0.0
    table = PairTable(claims, prep)
    assert np.allclose(table.features(np.array([0]), np.array([1])), row[None, :])
    result = cluster_claims(claims, [], 1)
    assert result.assignments[1] != result.assignments[2]


def test_the_same_proposition_told_twice_shares_its_structure(ex):
    a = ex.extract("Arvenia imposed a 20% levy on Velmoran grain, the ministry said.").claims[0]
    b = ex.extract("Officials said Arvenia has imposed a 20% levy on grain from Velmora.").claims[0]
    got = compare(keys_of(a.actor, a.actor_side, a.target, a.predicate_class, a.polarity),
                  keys_of(b.actor, b.actor_side, b.target, b.predicate_class, b.polarity))
    assert got["same_actor"] and got["same_class"] and not got["swapped"]


def test_agreed_to_the_outline_is_not_speech(ex):
    text = "Negotiators from Arvenia and Velmora agreed on Wednesday to the outline of a treaty."
    claims = finished(ex, text).claims
    assert len(claims) == 1
    c = claims[0]
    assert c.quote_type == "narration" and c.speaker_name == "Test Outlet"
    assert c.predicate_class == "accept" and c.target == "outline of treaty"
    assert c.text.startswith("Negotiators from Arvenia and Velmora agreed")


def test_an_act_whose_object_holds_a_gerund_is_not_speech(ex):
    """A verb inside a noun phrase ("a pact on pooling the harbor fees") is no clause of reported speech."""
    text = "Port officials from Dunmere and Halvik agreed on Friday to a pact on pooling the harbor fees."
    claims = finished(ex, text).claims
    assert claims and all(c.quote_type == "narration" and c.speaker_name == "Test Outlet" for c in claims)


def test_the_claim_text_writes_irregular_cues_right(ex):
    """A cue the article writes in another form is put in the simple past correctly ("hear" → "heard")."""
    text = "Fishermen gathered in the harbor hall to hear what the new quota will mean for their boats."
    assert all("heared" not in c.text for c in ex.extract(text).claims)


def test_an_act_with_speech_content_stays_speech(ex):
    text = "Negotiators from Arvenia agreed that the treaty would cut the levies by half."
    claims = finished(ex, text).claims
    assert claims and claims[0].quote_type != "narration"


def test_destroyed_against_damaged_not_destroyed_is_a_polarity_disagreement(ex):
    a = ex.extract("The Arvenian army said the strike destroyed the fuel depot at Kessel.").claims[0]
    b = ex.extract("The Velmoran army said the fuel depot at Kessel was damaged, not destroyed.").claims[0]
    assert (a.predicate_class, a.polarity) == ("destroy", "+")
    assert (b.predicate_class, b.polarity) == ("destroy", "-")
    hit = structure_polarity_conflict(stored(a, 1, 1), stored(b, 2, 2))
    assert hit is not None and hit.kind == "polarity"
    claims = [stored(a, 1, 1), stored(b, 2, 2)]
    prep = prepare(claims)
    assert pair_features(claims, prep, 0, [1])[0][FEATURES.index("opposite")] == 1.0


def test_two_parties_doing_opposite_things_is_no_disagreement(ex):
    a = ex.extract("Arvenia accepted the outline of the treaty, its ministry said.").claims[0]
    b = ex.extract("Velmora rejected the outline of the treaty, its ministry said.").claims[0]
    assert structure_polarity_conflict(stored(a, 1, 1), stored(b, 2, 2)) is None


def test_a_common_noun_or_pronoun_is_no_canonical_speaker():
    assert names_no_claimant("it") and names_no_claimant("the move") and names_no_claimant("the report")
    assert not names_no_claimant("officials") and not names_no_claimant("Elena Varga")
    assert not names_no_claimant("the ministry")


def test_claim_text_is_grammatical(ex):
    text = "“The treaty will not survive this,” Elena Varga said. Farmers heard the outline on Friday."
    texts = [c.text for c in ex.extract(text).claims]
    assert "Elena Varga said the treaty will not survive this" in texts
    assert not any("heared" in t for t in texts)


def test_places_and_their_peoples_share_a_key():
    assert place_key("Arvenia") == place_key("Arvenian") == "arven"
    assert place_key("Velmora") == place_key("Velmoran")


def _pieces(ex, text: str) -> list[str]:
    return [c.span.slice(text) for c in finished(ex, text).claims]


def test_a_past_relative_clause_on_an_object_is_its_own_proposition(ex):
    text = "A pier on the Orland River was struck by a cargo barge that had lost its steering."
    claims = finished(ex, text).claims
    assert [c.span.slice(text) for c in claims] == ["A pier on the Orland River was struck by a cargo barge",
                                                     "that had lost its steering."]
    assert claims[1].text.startswith("a cargo barge had lost its steering") and claims[1].actor == "cargo barge"


def test_a_fronted_phrase_keeps_its_relative_clause(ex):
    text = ("Mayor Tello claimed that during the meeting that lasted three hours they were able to settle the "
            "dispute over the port.")
    assert _pieces(ex, text) == ["that during the meeting that lasted three hours",
                                 "they were able to settle the dispute over the port"]


def test_relative_clauses_that_say_what_the_noun_is_stay(ex):
    for text in ("Velmora said the outage hit customers who use the older billing system.",  # present
                 "The barge that lost its steering hit a pier on the Orland River, the port said.",  # on a subject
                 "The mayor hit back at reports that the council had moved the funds.",  # what the reports say
                 "The port said the barge struck a pier that collapsed after the storm had weakened it.",  # a clause in it
                 "Velmora blamed Arvenia for the raid, a charge the Arvenian government has rejected."):
        claims = finished(ex, text).claims
        assert not any(c.span.slice(text).startswith(("who ", "that ")) for c in claims), text
