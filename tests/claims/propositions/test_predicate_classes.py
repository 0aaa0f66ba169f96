"""Predicate classes group the words news uses for one act (claims/data/predicates.toml), on invented sentences."""
from __future__ import annotations

import numpy as np
import pytest

from claims.extraction.extractor import Extractor, ExtractSettings
from claims.linking.pair_model import FEATURES, PairTable, pair_features, prepare
from claims.model import StoredClaim
from claims.propositions.classes import class_of_lemma, predicate_class
from claims.propositions.keys import compare, keys_of


@pytest.fixture(scope="module")
def ex() -> Extractor:
    return Extractor(ExtractSettings(include_narration=True))


def keys(c):
    return keys_of(c.actor, c.actor_side, c.target, c.predicate_class, c.polarity)


def stored(claim, claim_id: int) -> StoredClaim:
    return StoredClaim(claim_id=claim_id, article_id=claim_id, speaker=claim.speaker_name, text=claim.text,
                       content=claim.content, stance=claim.stance, negated=claim.negated,
                       quote_type=claim.quote_type, quantities=claim.quantities, source=f"s{claim_id}",
                       side=claim.side, claimant_kind=claim.claimant_kind, actor=claim.actor,
                       actor_side=claim.actor_side, predicate=claim.predicate,
                       predicate_class=claim.predicate_class, target=claim.target, target_side=claim.target_side,
                       time=claim.time, polarity=claim.polarity, hedge=claim.hedge)


@pytest.mark.parametrize("words,cls", [
    ("halt pause suspend stop freeze", "halt"),
    ("reject refuse dismiss turn_down rebuff", "reject"),
    ("attack strike hit bomb shell raid", "attack"),
    ("kill slay murder", "kill"),
    ("announce unveil declare", "announce"),
    ("delay postpone set_back", "delay"),
    ("shoot_down bring_down intercept", "shoot_down"),
])
def test_synonyms_share_a_class(words, cls):
    assert {predicate_class(w) for w in words.split()} == {cls}


def test_a_noun_for_the_act_shares_the_verbs_class():
    assert predicate_class("ban") == predicate_class("prohibit") == "ban"
    assert predicate_class("suspension") == predicate_class("halted".removesuffix("ed")) == "halt"
    assert predicate_class("refusal") == "reject" and predicate_class("withdrawal") == "withdraw"


def test_an_unlisted_particle_verb_is_its_verbs_class():
    assert predicate_class("pull out") == "pull" and predicate_class("dig in") == "dig"
    assert predicate_class("turn down") == "reject"  # a listed one keeps its own class


def test_every_lemma_is_in_one_class_at_most():
    table = class_of_lemma()  # raises on a lemma listed twice
    assert len(table) > 200


def test_halted_and_paused_the_ferries_are_one_act(ex):
    a = ex.extract("The port authority of Dunmere halted the night ferries to Halvik, a spokesman said.").claims[0]
    b = ex.extract("Officials said the port authority of Dunmere paused the night ferries to Halvik.").claims[0]
    assert a.predicate_class == b.predicate_class == "halt"
    got = compare(keys(a), keys(b))
    assert got["same_class"] and got["same_target"] and not got["swapped"]
    claims = [stored(a, 1), stored(b, 2)]
    prep = prepare(claims)
    row = pair_features(claims, prep, 0, [1])[0]
    assert row[FEATURES.index("same_class")] == 1.0 and row[FEATURES.index("same_target")] == 1.0
    assert np.allclose(PairTable(claims, prep).features(np.array([0]), np.array([1])), row[None, :])


def test_halted_and_reopened_are_two_acts(ex):
    a = ex.extract("The port authority of Dunmere halted the night ferries to Halvik, a spokesman said.").claims[0]
    b = ex.extract("The port authority of Dunmere reopened the night ferries to Halvik, a spokesman said.").claims[0]
    got = compare(keys(a), keys(b))
    assert not got["same_class"] and a.predicate_class == "halt" and b.predicate_class == "resume"


def test_swapped_roles_stay_apart_with_synonyms(ex):
    a = ex.extract("Arvenia suspended its grain shipments to Velmora, the ministry in Arvenia said.").claims[0]
    b = ex.extract("Velmora halted its grain shipments to Arvenia, the ministry in Velmora said.").claims[0]
    got = compare(keys(a), keys(b))
    assert got["same_class"] and got["actor_differs"] and not got["same_proposition"]


def test_a_confirmed_act_is_the_act(ex):
    """'I can confirm that we shot down two drones': the proposition is the shooting down, not the confirming."""
    text = "\u201cI can confirm that we shot down two drones over Kessel,\u201d the Arvenian defence minister said."
    c = ex.extract(text).claims[0]
    assert c.predicate_class == "shoot_down"
    other = ex.extract("Two drones were brought down over Kessel, the Arvenian army said.").claims[0]
    assert other.predicate_class == "shoot_down"
    claims = [stored(c, 1), stored(other, 2)]
    row = pair_features(claims, prepare(claims), 0, [1])[0]
    assert row[FEATURES.index("same_class")] == 1.0 and row[FEATURES.index("same_value")] == 1.0


def test_a_particle_read_as_an_adverb_is_still_the_particle(ex):
    a = ex.extract("The farmers' union said the flood set the harvest back by a month.").claims[0]
    assert a.predicate == "set back" and a.predicate_class == "delay"


def test_an_actor_is_known_by_its_name_and_by_the_side_its_words_name():
    """A person's name, titles left out, is their key; a side they only inherit from the article does not
    override it, and a name against a side ("Putin" / "Russia") says neither same nor different."""
    def cmp(a, b, side_a="", side_b=""):
        return compare(keys_of(a, side_a, "", "halt", "+"), keys_of(b, side_b, "", "halt", "+"))

    got = cmp("Mayor Ilse Brandt", "Brandt", side_a="Velmora")  # the side is the quoting article's guess
    assert got["same_actor"] and not got["actor_differs"]
    assert cmp("President Putin", "Russian president Vladimir Putin")["same_actor"]
    got = cmp("Putin", "Russia")
    assert not got["same_actor"] and not got["actor_differs"]
    assert cmp("Russia", "Ukraine")["actor_differs"] and cmp("Brandt", "Varga")["actor_differs"]
    assert cmp("the army", "it", side_b="Pakistan")["same_actor"] is False
    assert cmp("the coast guard", "the coast guard")["same_actor"]


def test_a_pronoun_in_reported_speech_is_the_inner_speaker(ex):
    """'Brandt said Varga told him she will halt the ferries': "she" is Varga, not the claim's speaker."""
    text = "Mayor Ilse Brandt said that Governor Anna Varga said she will halt the night ferries to Halvik."
    c = ex.extract(text).claims[0]
    assert c.predicate_class == "halt" and "Varga" in c.actor
