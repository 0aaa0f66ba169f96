"""Contradiction rules on claims built in the test: numbers, negation, misattribution, change over time."""
from __future__ import annotations

import itertools

import pytest

from claims.contradictions.detect import detect_contradictions
from claims.contradictions.rules import (
    ContradictionSettings,
    attribution_conflict,
    numeric_conflict,
    polarity_conflict,
)
from claims.model import StoredClaim
from claims.quantities.measures import ordinal_periods
from claims.quantities.parse import parse_quantities

_ids = itertools.count(1)


def claim(content: str, speaker: str = "Ilse Varga", source: str = "Harbor Ledger", quote_type: str = "indirect",
          published: str | None = "2026-03-02T00:00:00", stance: str = "assert", article: int | None = None,
          cluster: int | None = None) -> StoredClaim:
    cid = next(_ids)
    return StoredClaim(claim_id=cid, article_id=article if article is not None else cid, speaker=speaker,
                       text=f"{speaker} said {content}", content=content, stance=stance, negated=False,
                       quote_type=quote_type, quantities=parse_quantities(content), cluster_id=cluster, source=source,
                       published=published)


S = ContradictionSettings()


# --- numeric ---------------------------------------------------------------------------

def test_duration_words_and_digits_agree():
    """'75-minute' and 'an hour and 15 minutes' are one value: no conflict."""
    a = claim("Varga acknowledged the 75-minute meeting", source="Harbor Ledger")
    b = claim("The meeting lasted an hour and 15 minutes", speaker="Valley Courier", source="Valley Courier",
              quote_type="narration")
    assert numeric_conflict(a, b, S) is None


def test_different_speakers_disagree_on_one_duration_with_a_readable_reason():
    """Two outlets' figures for the same meeting length clash across speakers; the reason names both."""
    a = claim("The meeting lasted approximately one hour and 15 minutes", speaker="Ilse Varga",
              source="Harbor Ledger", quote_type="direct")
    b = claim("Varga described her 85-minute meeting with the council", speaker="Valley Courier",
              source="Valley Courier", quote_type="narration")
    hit = numeric_conflict(a, b, S)
    assert hit is not None and hit.kind == "numeric"
    assert hit.reason == "Harbor Ledger (Ilse Varga): about 75 minutes; Valley Courier: 85 minutes"
    assert 0 < hit.score <= 1
    assert numeric_conflict(b, a, S).key == hit.key  # the same disagreement whichever side comes first


@pytest.mark.parametrize("x, y", [
    ("the council counted more than 40 damaged pumps", "the council counted 41 damaged pumps"),
    ("at least 11 pumps were damaged by the flood", "the flood damaged 13 pumps"),
    ("the flood damaged up to 20 pumps", "the flood damaged 18 pumps"),
    ("the repair will cost $7bn", "the repair will cost $7 billion"),
    ("a 30-60 day pause on the repair", "a 45-day pause on the repair"),
    ("nearly 20 pumps were damaged in the flood", "19 pumps were damaged in the flood"),
])
def test_qualifiers_allow_these(x, y):
    """Qualifiers, currency and ranges widen a value so that these pairs agree."""
    a = claim(x, speaker="Ilse Varga", source="Harbor Ledger")
    b = claim(y, speaker="Ana Brandt", source="Valley Courier")
    assert numeric_conflict(a, b, S) is None


@pytest.mark.parametrize("x, y", [
    ("more than 40 pumps were damaged in the flood", "the flood damaged 30 pumps"),
    ("the repair will cost $7bn", "the repair will cost $9 billion"),
    ("a 30-60 day pause on the repair", "a 90-day pause on the repair"),
])
def test_values_beyond_their_qualifiers_clash(x, y):
    """Values outside what their qualifiers allow are a numeric contradiction."""
    a = claim(x, speaker="Ilse Varga", source="Harbor Ledger")
    b = claim(y, speaker="Ana Brandt", source="Valley Courier")
    hit = numeric_conflict(a, b, S)
    assert hit is not None and hit.kind == "numeric"


def test_two_estimates_from_two_accounts_differ():
    """'about 70' and 'about 75 minutes' from two accounts are two estimates: flagged with a low score."""
    a = claim("the meeting lasted about 1 hour and 10 minutes", speaker="Ana Brandt", source="Valley Courier")
    b = claim("The meeting lasted about 1 hour and 15 minutes", speaker="Ilse Varga", source="Harbor Ledger",
              quote_type="direct")
    hit = numeric_conflict(a, b, S)
    assert hit is not None and hit.score < 0.9


def test_different_measured_things_are_not_compared():
    """Same unit, unrelated context (a meeting's length, a promise to act within hours): no conflict."""
    a = claim("The meeting lasted 75 minutes", source="Harbor Ledger")
    b = claim("Brandt promised to repair the dam in 24 hours", speaker="Ana Brandt", source="Valley Courier")
    assert numeric_conflict(a, b, S) is None


def test_counts_of_different_things_are_not_compared():
    """41 pumps and 12 engineers are different nouns: not one measured thing."""
    a = claim("the flood damaged 41 pumps", source="Harbor Ledger")
    b = claim("the flood damaged 12 engineers' cars", speaker="Ana Brandt", source="Valley Courier")
    assert numeric_conflict(a, b, S) is None


def test_ordinal_period_is_a_duration():
    """'now in its third year' is two to three years and clashes with 'more than three years of drought'."""
    (q,) = ordinal_periods("the drought, now in its third year")
    assert (q.unit, q.low) == ("year", 2.0) and q.high < 3
    a = claim("the river drought, now in its third year", speaker="North Times", source="North Times",
              quote_type="narration")
    b = claim("after more than three years of drought", speaker="Ana Brandt", source="Valley Courier")
    assert numeric_conflict(a, b, S) is not None


# --- polarity and changed ----------------------------------------------------------------

def test_negated_damage_against_destroyed():
    """'was not destroyed but damaged' against 'was destroyed': a polarity contradiction naming the word."""
    a = claim("The old Kessel bridge was destroyed in the spring flood", source="Harbor Ledger")
    b = claim("The Kessel bridge was not destroyed but damaged in the spring flood", speaker="roads office",
              source="Valley Courier")
    hit = polarity_conflict(a, b, S)
    assert hit is not None and hit.kind == "polarity"
    assert hit.reason == "Harbor Ledger (Ilse Varga): destroyed; Valley Courier (roads office): not destroyed"


def test_negated_noun_phrase_is_not_a_clash():
    """'a good meeting, but not a meeting that ends the dispute' does not deny that a meeting took place."""
    a = claim("it was a good meeting, but not a meeting that will end the dispute", source="Harbor Ledger")
    b = claim("the meeting lasted an hour and ended the dispute over the dam", speaker="Ana Brandt",
              source="Valley Courier")
    assert polarity_conflict(a, b, S) is None


def test_same_speaker_opposite_stances_then_changed_days_later():
    """One speaker rejecting then accepting a proposal: polarity on one day, changed when days apart."""
    a = claim("the proposal for a 30-day moratorium on construction", speaker="Tomas Rell", stance="reject",
              published="2026-03-02T10:00:00")
    b = claim("the proposal for a 30-day moratorium on construction", speaker="Rell", stance="accept",
              source="Valley Courier", published="2026-03-02T18:00:00")
    assert polarity_conflict(a, b, S).kind == "polarity"
    c = claim("the proposal for a 30-day moratorium on construction", speaker="Tomas Rell", stance="accept",
              source="North Times", published="2026-03-09T10:00:00")
    hit = polarity_conflict(a, c, S)
    assert hit.kind == "changed" and "7 days later" in hit.reason


# --- attribution --------------------------------------------------------------------------

QUOTE = "\u201cWe discussed the flooding of the eastern farms and the repairs that both sides have promised.\u201d"


def test_same_quote_given_to_two_people():
    """One quote given to two different people by two outlets is an attribution contradiction."""
    a = claim(QUOTE, speaker="Ilse Varga", source="Harbor Ledger", quote_type="direct")
    b = claim(QUOTE.replace("\u201c", '"').replace("\u201d", '"'), speaker="Piet Holm", source="Valley Courier",
              quote_type="direct")
    hit = attribution_conflict(a, b, S)
    assert hit is not None and hit.kind == "attribution"
    assert "Ilse Varga" in hit.reason and "Piet Holm" in hit.reason


@pytest.mark.parametrize("speaker_b", ["Varga", "Mayor Ilse Varga", "mayor"])
def test_same_person_or_unnamed_speaker_is_no_misattribution(speaker_b):
    """Name variants of one person, or an unnamed speaker, never make an attribution contradiction."""
    a = claim(QUOTE, speaker="Ilse Varga", source="Harbor Ledger", quote_type="direct")
    b = claim(QUOTE, speaker=speaker_b, source="Valley Courier", quote_type="direct")
    assert attribution_conflict(a, b, S) is None


def test_report_of_a_report_is_no_misattribution():
    """'Mayor Varga did say ...' quoted from Holm names Varga inside the quote: both outlets may be right."""
    text = "Mayor Varga did say, and very firmly, that she will have to respond to the flooding of the farms"
    a = claim(text, speaker="Ilse Varga", source="Harbor Ledger", quote_type="direct")
    b = claim(text, speaker="Piet Holm", source="Valley Courier", quote_type="direct")
    assert attribution_conflict(a, b, S) is None


# --- detection over many claims ------------------------------------------------------------

def test_one_row_per_disagreement_against_the_primary_version():
    """Five outlets say 75 minutes, one says 85: one contradiction, against the direct quote."""
    direct = claim("The meeting lasted approximately one hour and 15 minutes", speaker="Ilse Varga",
                   source="Harbor Ledger", quote_type="direct")
    agree = [claim(f"the 75-minute meeting{' ' * i}", speaker=f"Outlet {i}", source=f"Outlet {i}",
                   quote_type="narration") for i in range(4)]
    odd = claim("Varga described her 85-minute meeting with the council", speaker="Valley Courier",
                source="Valley Courier", quote_type="narration")
    found = detect_contradictions([odd], [direct, *agree], S)
    assert [(f.kind, {f.claim_id_a, f.claim_id_b}) for f in found] == [("numeric", {odd.claim_id, direct.claim_id})]


def test_claims_of_one_article_or_far_apart_in_time_are_not_compared():
    """Two claims in one article, or by different speakers weeks apart, are not compared."""
    a = claim("the flood damaged 41 pumps", source="Harbor Ledger", article=900)
    b = claim("the flood damaged 30 pumps", speaker="Ana Brandt", source="Harbor Ledger", article=900)
    c = claim("the flood damaged 30 pumps", speaker="Ana Brandt", source="Valley Courier",
              published="2026-05-01T00:00:00")
    assert detect_contradictions([a], [b, c], S) == []
    d = claim("the flood damaged 30 pumps", speaker="Ana Brandt", source="Valley Courier")
    assert len(detect_contradictions([a], [b, c, d], S)) == 1


def test_settings_change_the_outcome():
    """A stricter setting turns a flagged pair off: the thresholds are live."""
    a = claim("the meeting lasted about 1 hour and 10 minutes", speaker="Ana Brandt", source="Valley Courier")
    b = claim("The meeting lasted about 1 hour and 15 minutes", speaker="Ilse Varga", source="Harbor Ledger")
    assert numeric_conflict(a, b, ContradictionSettings(approx_gap=0.2)) is None
    assert numeric_conflict(a, b, ContradictionSettings(min_shared_context=5)) is None


def test_a_change_is_not_a_level():
    """'fell by about 18 percent' is a change, '40 percent of the flow' a level: not compared."""
    a = claim("the treaty will guarantee 40 percent of the river's flow", source="Harbor Ledger")
    b = claim("the river's average summer flow had fallen by about 18 percent", speaker="Sofia Haller",
              source="Valley Courier")
    assert numeric_conflict(a, b, S) is None


def test_values_far_apart_measure_different_things():
    """A $14 million fund and a $25,000 donation differ by far more than any misreport: not compared."""
    a = claim("the campaign raised $14 million for the river fund", source="Harbor Ledger")
    b = claim("the campaign raised $25,000 for the river fund", speaker="Ana Brandt", source="Valley Courier")
    assert numeric_conflict(a, b, S) is None
    assert numeric_conflict(a, b, ContradictionSettings(max_value_ratio=1000)) is not None


def test_claims_from_different_stories_are_not_compared():
    """Different speakers' figures are compared only when their articles tell one story (shared names)."""
    a = claim("The Orsel council meeting in Lindhaven lasted 75 minutes", source="Harbor Ledger", article=801)
    a2 = claim("Varga and Brandt met at the Lindhaven dam", source="Harbor Ledger", article=801)
    b = claim("The Kessel budget meeting in Eastport lasted 95 minutes", speaker="Jonas Albrecht",
              source="Valley Courier", article=802)
    b2 = claim("Albrecht and Holm spoke in Eastport", speaker="Jonas Albrecht", source="Valley Courier", article=802)
    assert detect_contradictions([b, b2], [a, a2], S) == []
    c = claim("The Orsel council meeting in Lindhaven lasted 95 minutes", speaker="Ana Brandt",
              source="North Times", article=803)
    assert len(detect_contradictions([c], [a, a2], S)) == 1


def test_disagreements_about_one_thing_share_one_subject():
    """Disagreements about one measured thing get one subject (a report heading) named by what is measured."""
    direct = claim("The meeting lasted approximately one hour and 15 minutes", speaker="Ilse Varga",
                   source="Harbor Ledger", quote_type="direct", article=701)
    odd = claim("Varga described her 85-minute meeting with the council", speaker="Valley Courier",
                source="Valley Courier", quote_type="narration", article=702)
    other = claim("the meeting lasted about 1 hour and 40 minutes", speaker="North Times", source="North Times",
                  quote_type="narration", article=703)
    found = detect_contradictions([odd, other], [direct], S)
    assert len(found) >= 2
    assert {f.subject for f in found} == {"how long: meeting"}
