"""Figures read from invented sentences: every kind, its canonical interval, zones, qualifiers, word numbers."""
from __future__ import annotations

import math

import pytest

from claims.quantities.figures import figures_of_text, place_offsets, sentence_spans


def figs(text: str):
    return figures_of_text(text, sentence_spans(text))


def one(text: str, kind: str):
    found = [f for f in figs(text) if f.kind == kind]
    assert len(found) == 1, [(f.kind, f.text) for f in figs(text)]
    return found[0]


@pytest.mark.parametrize("text,utc,zone", [
    ("The ferry sank at 4:10 p.m. IST on Tuesday.", 16 * 60 + 10 - 330, "ist"),
    ("The ferry sank at 0930 GMT, officials said.", 9 * 60 + 30, "gmt"),
    ("The ferry sank at 9:30 a.m. UTC near the quay.", 9 * 60 + 30, "utc"),
    ("The ferry sank at 2:20 pm (Beijing time) near the quay.", 14 * 60 + 20 - 480, "beijing"),
    ("The ferry sank at 12:51 PM Myanmar Standard Time near the quay.", 12 * 60 + 51 - 390, "myanmar"),
])
def test_clock_times_with_a_zone_are_in_utc(text, utc, zone):
    f = one(text, "clock")
    assert f.value == utc % 1440 and f.zone == zone and f.zone_offset is not None


def test_clock_time_in_local_time_or_without_zone_stays_local():
    local = one("The tremor came around 1:30 p.m. local time on Friday.", "clock")
    assert local.zone == "local" and local.zone_offset is None and local.value == 13 * 60 + 30
    assert (local.low, local.high) == (13 * 60 + 20, 13 * 60 + 40)  # "around": ten minutes either side
    bare = one("The ceasefire came into effect from 17:00 hours on Saturday.", "clock")
    assert bare.zone_offset is None and bare.value == 17 * 60


def test_a_time_after_pm_does_not_end_the_sentence():
    f = one("As of 6 p.m. ET the count was 5,120 flights.", "clock")
    assert f.zone == "et" and f.value == (18 * 60 + 240) % 1440


@pytest.mark.parametrize("text,low,high", [
    ("A 52-year-old fisherman was rescued from the reef.", 52, 52),
    ("The skipper, aged 40, was rescued from the reef.", 40, 40),
    ("A woman in her late 60s was rescued from the reef.", 66, 69),
    ("Two men in their 30s and 40s were rescued from the reef.", 30, 49),
    ("Tomas Verel, 26, of Port Elm was rescued from the reef.", 26, 26),
    ("A three-year-old girl was rescued from the reef.", 3, 3),
])
def test_ages(text, low, high):
    f = one(text, "age")
    assert (f.low, f.high) == (low, high)


def test_durations_in_minutes_hours_and_words():
    a = one("The council meeting lasted 75 minutes on Monday.", "duration")
    b = one("The council meeting lasted an hour and 15 minutes on Monday.", "duration")
    c = one("The council meeting lasted one hour and fifteen minutes.", "duration")
    assert a.value == b.value == c.value == 75
    vague = one("The repairs set the dam project back a few months, engineers said.", "duration")
    assert vague.qualifier == "vague" and vague.low < vague.high
    third = one("The strike, now in its third year, goes on.", "duration")
    assert third.low == 2 * 525960 and third.high < 3 * 525960


@pytest.mark.parametrize("text,value", [
    ("The bridge repair cost $1.2bn last year.", 1.2e9),
    ("The bridge repair cost 1.2 billion dollars last year.", 1.2e9),
    ("The bridge repair cost US$1,200 million last year.", 1.2e9),
])
def test_money_with_scale(text, value):
    f = one(text, "money")
    assert f.unit == "usd" and math.isclose(f.value, value)


@pytest.mark.parametrize("text,low,high", [
    ("At least 14 people were killed in the flood.", 14, math.inf),
    ("More than 40 boats were damaged in the flood.", 40, math.inf),
    ("Up to 300 homes were flooded in the valley.", 0, 300),
    ("Nearly 2,400 people were injured in the flood.", 2160, 2400),
    ("About 700 people were evacuated from the valley.", 630, 770),
    ("Between 30 and 60 homes were flooded in the valley.", 30, 60),
    ("Eighty-one people were trapped in the valley.", 81, 81),
    ("Twelve hundred homes were flooded in the valley.", 1200, 1200),
])
def test_counts_with_qualifiers_ranges_and_words(text, low, high):
    f = one(text, "count")
    assert (f.low, f.high) == (low, high)


def test_lengths_feet_metres_miles_km_in_km():
    ship = [f for f in figs("A massive 948ft (289m) tanker hit the pier.") if f.kind == "distance"]
    assert [f.written_unit for f in ship] == ["ft", "m"] and math.isclose(ship[0].value, 0.2889504)
    assert math.isclose(one("The ship is 300m long, its owner said.", "distance").value, 0.3)
    assert not [f for f in figs("The firm earned $300m in profit last year.") if f.kind == "distance"]
    assert math.isclose(one("The town lies 160 miles south of the capital.", "distance").value, 257.49504)


def test_magnitudes_and_storeys():
    assert one("A magnitude 6.1 quake shook the coast.", "magnitude").value == 6.1
    assert one("A 6.4-magnitude aftershock followed.", "magnitude").value == 6.4
    assert one("The 30-storey tower fell in the quake.", "height").value == 30


def test_clause_names_what_is_measured():
    killed, injured = [f for f in figs("At least 14 people were killed and 230 injured in the flood.") if f.kind == "count"]
    assert "killed" in killed.concepts and "injured" in injured.concepts and "killed" not in injured.concepts
    assert killed.measure.startswith("people killed")


def test_places_decide_local_time():
    assert place_offsets(["Rescuers in Bangkok and Bangkok suburbs", "Thailand said"]) == (420,)
