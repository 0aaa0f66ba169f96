"""claims.quantities.parse: reading quantities from text and comparing them."""
from __future__ import annotations

import math
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claims.model import Quantity, Span
from claims.quantities.describe import describe
from claims.quantities.lexicon import ABOUT_TOLERANCE, NEARLY_TOLERANCE, QUANTITY_WORDS
from claims.quantities.parse import comparable, parse_quantities, quantities_compatible


def one(text: str) -> Quantity:
    """The single quantity in ``text``."""
    qs = parse_quantities(text)
    assert len(qs) == 1, (text, qs)
    return qs[0]


def q(value: float, unit: str = "", qualifier: str = "", low: float | None = None, high: float | None = None,
      noun: str = "") -> Quantity:
    """A hand-made quantity."""
    return Quantity(value, unit, qualifier, value if low is None else low, value if high is None else high,
                    text="", noun=noun)


# --- numbers ----------------------------------------------------------------------

@pytest.mark.parametrize("text, value", [
    ("Russia holds 1,200 prisoners", 1200),
    ("a rise of 3.5 points", 3.5),
    ("1,200,000 voters", 1_200_000),
    ("forty aircraft", 40),
    ("one hundred and twenty soldiers", 120),
    ("two thousand five hundred troops", 2500),
    ("twenty-five drones", 25),
    ("a dozen drones", 12),
    ("two dozen drones", 24),
    ("a hundred people", 100),
    ("a million people", 1e6),
    ("half a million people", 5e5),
    ("12 million people", 12e6),
    ("1.2m people", 1.2e6),
    ("two and a half million people", 2.5e6),
])
def test_numbers_in_digits_and_words(text, value):
    """Digits with commas and decimals, number words and scale words give the number."""
    got = one(text)
    assert got.value == value and got.unit == "" and got.qualifier == ""
    assert got.low == got.high == value


def test_hundreds_and_dozens_are_not_numbers():
    """Vague plurals ("hundreds", "dozens of") are not read as quantities."""
    assert parse_quantities("hundreds of people and dozens of drones, thousands fled") == ()


# --- money and percent -------------------------------------------------------------

@pytest.mark.parametrize("text, value, unit", [
    ("$7bn", 7e9, "usd"),
    ("$7 billion", 7e9, "usd"),
    ("7 billion dollars", 7e9, "usd"),
    ("US$7 billion", 7e9, "usd"),
    ("USD 7 billion", 7e9, "usd"),
    ("$12 million", 12e6, "usd"),
    ("$1.2m", 1.2e6, "usd"),
    ("£3 million", 3e6, "gbp"),
    ("3 million pounds", 3e6, "gbp"),
    ("€2.5bn", 2.5e9, "eur"),
    ("5 million euros", 5e6, "eur"),
])
def test_money_is_scaled_into_its_currency(text, value, unit):
    """Currency symbols, codes and words with scale words and suffixes normalize to one amount."""
    got = one(text)
    assert (got.value, got.unit) == (value, unit)


def test_pounds_without_scale_are_not_money():
    """Bare "40 pounds" may be a weight, so it is a count of pounds, not sterling."""
    got = one("40 pounds")
    assert got.unit == "" and got.noun == "pound"


@pytest.mark.parametrize("text", ["40 percent", "40%", "40 per cent", "40pc", "forty percent"])
def test_percent_spellings(text):
    """Every way of writing a percentage gives unit "percent"."""
    got = one(text)
    assert (got.value, got.unit) == (40, "percent")


def test_percent_of_names_what_it_is_a_share_of():
    """"40 percent of voters" is a share of voters."""
    assert one("40 percent of voters backed it").noun == "voter"


def test_percentage_points_are_their_own_unit():
    """Percentage points and percent are different units."""
    assert one("up 3 percentage points").unit == "percentage point"


# --- durations ---------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "a 75-minute call",
    "they spoke for 75 minutes",
    "they spoke for one hour and 15 minutes",
    "they spoke for an hour and 15 minutes",
    "they spoke for 1 hour 15 minutes",
    "they spoke for 1h15",
    "they spoke for 1h 15m",
    "they spoke for seventy-five minutes",
])
def test_durations_normalize_to_minutes(text):
    """Every spelling of seventy-five minutes is 75 "minute"."""
    got = one(text)
    assert (got.value, got.unit, got.qualifier, got.low, got.high) == (75, "minute", "", 75, 75)


@pytest.mark.parametrize("text, minutes", [
    ("half an hour", 30),
    ("a half-hour meeting", 30),
    ("an hour and a half", 90),
    ("two and a half hours", 150),
    ("1.5 hours", 90),
    ("90min", 90),
    ("2hrs", 120),
    ("30 seconds", 0.5),
])
def test_other_durations_in_minutes(text, minutes):
    """Halves, decimals, glued units and seconds are converted to minutes."""
    got = one(text)
    assert got.unit == "minute" and got.value == pytest.approx(minutes)


def test_over_an_hour_is_open_ended():
    """"over an hour" is 60 minutes or more."""
    got = one("the call lasted over an hour")
    assert (got.value, got.unit, got.qualifier, got.low, got.high) == (60, "minute", "over", 60, math.inf)


def test_day_durations_equal_in_both_spellings():
    """"30-day" and "30 days" are the same quantity, in days."""
    a, b = one("a 30-day ceasefire"), one("a ceasefire of 30 days")
    assert a == b and a.unit == "day"


@pytest.mark.parametrize("text, unit, value", [
    ("2 weeks", "week", 2), ("3 months", "month", 3), ("for a year", "year", 1), ("a decade-long war", "year", 10),
])
def test_long_durations_keep_their_unit(text, unit, value):
    """Weeks, months and years are kept in their own unit."""
    got = one(text)
    assert (got.unit, got.value) == (unit, value)


def test_article_time_units_need_duration_context():
    """"a day" in "twice a day" or "one day he said" is not a duration, "for a week" is."""
    assert parse_quantities("twice a day, once a week, one day he said") == ()
    assert one("a truce for a week").unit == "week"


def test_time_ago_is_not_a_quantity():
    """"two days ago" depends on the day of writing and is left out."""
    assert parse_quantities("the strike two days ago") == ()


# --- ranges and qualifiers -----------------------------------------------------------

@pytest.mark.parametrize("text", [
    "a 30-60 day ceasefire", "30 to 60 days", "between 30 and 60 days", "a 30- to 60-day pause",
    "from 30 to 60 days", "30–60 days",
])
def test_ranges(text):
    """Ranges in every spelling are qualifier "range", 30..60 days."""
    got = one(text)
    assert (got.unit, got.qualifier, got.low, got.high) == ("day", "range", 30, 60)


def test_range_ends_share_scale_and_unit():
    """A range end without a scale or unit takes the other end's."""
    got = one("$3-5bn")
    assert (got.unit, got.low, got.high) == ("usd", 3e9, 5e9)
    assert (one("30-40%").low, one("30-40%").unit) == (30, "percent")
    assert (one("one to two hours").low, one("one to two hours").high) == (60, 120)
    assert one("between 2 and 3 million people").low == 2e6


def test_or_range_and_scores():
    """"2 or 3 days" is a range; a score "3-1" is not a quantity."""
    assert (one("2 or 3 days").low, one("2 or 3 days").high) == (2, 3)
    assert parse_quantities("they won 3-1 at home") == ()


@pytest.mark.parametrize("word", ["about", "around", "approximately", "roughly", "some", "close to", "~"])
def test_about_qualifiers(word):
    """"about"-like words give a symmetric interval of ABOUT_TOLERANCE."""
    got = one(f"{word} 40 aircraft")
    assert got.qualifier == "about"
    assert (got.low, got.high) == pytest.approx((40 * (1 - ABOUT_TOLERANCE), 40 * (1 + ABOUT_TOLERANCE)))
    assert got.noun == "aircraft"


@pytest.mark.parametrize("word", ["nearly", "almost", "just under"])
def test_nearly_never_exceeds_the_value(word):
    """"nearly 40" allows NEARLY_TOLERANCE below 40 and nothing above."""
    got = one(f"{word} 40 bombers")
    assert got.qualifier == "about"
    assert (got.low, got.high) == pytest.approx((40 * (1 - NEARLY_TOLERANCE), 40))


@pytest.mark.parametrize("text, qualifier, low, high", [
    ("more than 40", "over", 40, math.inf),
    ("over 40", "over", 40, math.inf),
    ("above 40", "over", 40, math.inf),
    ("upwards of 40", "over", 40, math.inf),
    ("at least 40", "at least", 40, math.inf),
    ("40 or more", "at least", 40, math.inf),
    ("40+ casualties", "at least", 40, math.inf),
    ("less than 40", "under", 0, 40),
    ("fewer than 40", "under", 0, 40),
    ("under 40", "under", 0, 40),
    ("up to 40", "up to", 0, 40),
    ("at most 40", "up to", 0, 40),
    ("as many as 40", "up to", 0, 40),
])
def test_bound_qualifiers(text, qualifier, low, high):
    """Lower- and upper-bound wordings give open intervals."""
    got = one(text)
    assert (got.qualifier, got.low, got.high) == (qualifier, low, high)


def test_qualifier_is_part_of_the_span():
    """The span runs from the qualifier to the unit, without the counted noun."""
    text = "Officials said more than $7bn in aid arrived"
    got = one(text)
    assert got.text == "more than $7bn" == got.span.slice(text)


# --- nouns ------------------------------------------------------------------------

@pytest.mark.parametrize("text, noun", [
    ("40 Russian aircraft were destroyed", "aircraft"),
    ("40 aircraft destroyed", "aircraft"),
    ("1,200 prisoners of war", "prisoner"),
    ("12 long-range bombers", "bomber"),
    ("three children", "child"),
    ("12 million people", "person"),
    ("one British soldier was killed", "soldier"),
    ("40 casualties", "casualty"),
    ("3 F-16s", "f-16"),
    ("40 of the prisoners", "prisoner"),
    ("a 30-day ceasefire", "ceasefire"),
    ("a $7bn aid package", "package"),
    ("40 were killed", ""),
])
def test_counted_noun(text, noun):
    """The noun after the number, singular and lowercase."""
    assert one(text).noun == noun


# --- what is not a quantity ------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "He came first, she came third, the 2nd and 21st",
    "It happened in 2025.",
    "Since 2014, the 2024 election",
    "in 2014-2022",
    "on June 4", "on 4 June", "June 4-6, 2025", "Sept. 11", "on the 4th of June",
    "at 3 p.m.", "at 3pm", "at 14:00", "at 9 o'clock", "1400 GMT",
    "COVID-19 and the G7 and F-16 jets", "MH17", "9/11", "24/7",
    "the Boeing 737 crashed", "Article 5", "Resolution 2231", "10 Downing Street", "No. 10",
    "on 2025-06-04", "in the 1990s",
    "one of the most important", "no one knows", "one another",
])
def test_not_quantities(text):
    """Ordinals, years, dates, clock times and numbers inside names are left out."""
    assert parse_quantities(text) == ()


def test_year_like_count_with_plural_noun_is_a_count():
    """A four-digit number followed by a plural noun counts it ("1500 soldiers")."""
    assert one("they sent 1500 soldiers").value == 1500
    assert one("between 2000 and 3000 troops").noun == "troop"


def test_several_quantities_in_order():
    """Every quantity is returned, in text order."""
    text = "In June 2025, 40 aircraft and 12 ships left for 30 days; costs rose 5% to $7bn."
    got = parse_quantities(text)
    assert [(x.value, x.unit) for x in got] == [(40, ""), (12, ""), (30, "day"), (5, "percent"), (7e9, "usd")]
    assert [x.span.slice(text) for x in got] == ["40", "12", "30 days", "5%", "$7bn"]


def test_offset_shifts_spans():
    """``offset`` is added to each span so spans index the whole article."""
    text = "cost $12 million"
    got = parse_quantities(text, offset=100)[0]
    assert got.span == Span(105, 116) and got.text == "$12 million"


def test_rates_carry_their_period():
    """"$5 a day" is a rate, not comparable with $5."""
    assert one("$5 a day").unit == "usd/day"
    assert one("3 percent a year").unit == "percent/year"
    assert not comparable(one("$5 a day"), one("$5"))


# --- comparing ------------------------------------------------------------------------

@pytest.mark.parametrize("a, b, ok", [
    ("more than 40 aircraft", "41 aircraft", True),
    ("about 40 aircraft", "41 aircraft", True),
    ("about 40 aircraft", "50 aircraft", False),
    ("nearly 40 aircraft", "41 aircraft", False),
    ("75 minutes", "an hour and 15 minutes", True),
    ("75 minutes", "85 minutes", False),
    ("$12 million", "$15 million", False),
    ("$7bn", "$7 billion", True),
    ("a 30-60 day ceasefire", "a 45-day ceasefire", True),
    ("a 30-60 day ceasefire", "a 90-day ceasefire", False),
    ("over an hour", "45 minutes", False),
    ("up to 40", "12", True),
    ("at least 40", "fewer than 30", False),
])
def test_quantities_compatible(a, b, ok):
    """Two statements are compatible exactly when their intervals overlap."""
    qa, qb = one(a), one(b)
    assert comparable(qa, qb)
    assert quantities_compatible(qa, qb) is ok
    assert quantities_compatible(qb, qa) is ok


def test_different_units_never_conflict():
    """Quantities in different units are not comparable and so compatible."""
    a, b = one("40 days"), one("40 percent")
    assert not comparable(a, b)
    assert quantities_compatible(a, b)


def test_comparable_needs_same_noun_when_both_have_one():
    """Counts of different things are not comparable; a count without a noun compares with any."""
    assert not comparable(q(40, noun="aircraft"), q(40, noun="ship"))
    assert comparable(q(40, noun="aircraft"), q(40))
    assert comparable(q(40, noun="aircraft"), q(50, noun="aircraft"))


def test_float_noise_is_not_a_conflict():
    """Bounds that differ only by float rounding are compatible."""
    assert quantities_compatible(q(0.1 * 3, "minute"), q(0.3, "minute"))


def test_equal_wordings_give_equal_quantities():
    """Quantity equality ignores text and span: "$7bn" == "$7 billion"."""
    assert one("$7bn") == one("$7 billion")
    assert one("75-minute") == one("an hour and 15 minutes")


# --- describing -----------------------------------------------------------------------

@pytest.mark.parametrize("text, shown", [
    ("75 minutes", "75 minutes"),
    ("about 40 aircraft", "about 40 aircraft"),
    ("$12 million", "$12 million"),
    ("a 30-60 day ceasefire", "30-60 days"),
    ("more than 40 prisoners", "more than 40 prisoners"),
    ("nearly 40 bombers", "nearly 40 bombers"),
    ("over an hour", "more than 1 hour"),
    ("40%", "40%"),
    ("up to 3 children", "up to 3 children"),
    ("1,200 prisoners", "1,200 prisoners"),
    ("£3 million", "£3 million"),
    ("one soldier", "1 soldier"),
])
def test_describe(text, shown):
    """describe() gives a short normalized form for reports."""
    assert describe(one(text)) == shown


# --- properties -----------------------------------------------------------------------

_ALPHABET = st.sampled_from(
    list("0123456789 ,.-–/:%$£€+~'ahmnostx") + [
        " one ", " forty", "-five", " hundred", " and ", " a ", " an ", " half ", " million", "bn", " hour",
        " minutes", " days", "-day", " percent", " per cent", " about ", " more than ", " up to ", " between ",
        " to ", " or ", " June ", " p.m.", " aircraft", " of the ", "COVID-", " F-", " 2025", " 1,200", " US$",
        "\n", "é", "٣", "²",
    ]
)


def _relates(q: Quantity) -> bool:
    words = set(re.findall(r"[a-z]+", q.text.lower()))
    return any(ch.isdigit() for ch in q.text) or bool(words & QUANTITY_WORDS)


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.text(max_size=120), st.lists(_ALPHABET, max_size=40).map("".join)),
       st.integers(min_value=0, max_value=10_000))
def test_parse_never_raises_and_spans_fit(text, offset):
    """Any text parses; every span lies in the text and holds the number it reports."""
    got = parse_quantities(text, offset=offset)
    previous_end = offset
    for x in got:
        assert offset <= x.span.start < x.span.end <= offset + len(text)
        assert x.span.start >= previous_end  # in order, not overlapping
        previous_end = x.span.end
        assert text[x.span.start - offset:x.span.end - offset] == x.text
        assert x.text == x.text.strip() and _relates(x)
        assert x.low <= x.high and not math.isnan(x.value)
        assert x.low <= x.value <= x.high or x.qualifier == "range"
        assert isinstance(describe(x), str) and describe(x)
        assert quantities_compatible(x, x)


def test_shares_are_percentages():
    """"one in five Ukrainians" is about 20 percent of Ukrainians; "40 in 2022" is not a share."""
    got = one("one in five Ukrainians")
    assert (got.value, got.unit, got.qualifier, got.noun) == (20, "percent", "about", "ukrainian")
    assert quantities_compatible(one("one in three voters"), one("33% of voters"))
    assert [x.value for x in parse_quantities("40 in 2022")] == [40]
