"""Quantities as people write them: "about 75 minutes", "$7 billion", "between 30 and 60 days"."""
from __future__ import annotations

import math

from claims.model import Quantity
from claims.quantities.lexicon import ABOUT_TOLERANCE, MONEY_UNITS
from claims.quantities.nouns import plural_of
from claims.quantities.tokens import rounded

# --- describing -----------------------------------------------------------------

_SYMBOL_OF = {"usd": "$", "gbp": "£", "eur": "€", "jpy": "¥"}
_UNIT_NAMES = {
    "day": ("day", "days"), "week": ("week", "weeks"), "month": ("month", "months"), "year": ("year", "years"),
    "percentage point": ("percentage point", "percentage points"), "km": ("km", "km"), "mile": ("mile", "miles"),
    "nautical mile": ("nautical mile", "nautical miles"), "kg": ("kg", "kg"), "tonne": ("tonne", "tonnes"),
    "km2": ("square km", "square km"), "hectare": ("hectare", "hectares"), "acre": ("acre", "acres"),
    "mph": ("mph", "mph"), "km/h": ("km/h", "km/h"),
}


def _fmt_plain(x: float) -> str:
    if math.isinf(x):
        return "infinity"
    if abs(x) >= 1e15:
        return f"{x:.6g}"
    r = round(x)
    if abs(x - r) < 1e-9 * max(1.0, abs(x)):
        return f"{int(r):,}"
    if abs(x) < 0.01:
        return f"{x:.2g}"
    return f"{x:,.3f}".rstrip("0").rstrip(".")


def _fmt_scaled(x: float) -> str:
    for scale, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        if math.isfinite(x) and abs(x) >= scale:
            return f"{_fmt_plain(x / scale)} {word}"
    return _fmt_plain(x)


def _minutes_unit(values: list[float]) -> tuple[float, str, str]:
    finite = [v for v in values if math.isfinite(v)]
    if finite and all(v >= 60 and abs(v / 60 - round(v / 60)) < 1e-9 for v in finite):
        return 60.0, "hour", "hours"
    if finite and all(0 < abs(v) < 1 for v in finite):
        return 1 / 60, "second", "seconds"
    return 1.0, "minute", "minutes"


def _fmt_with_unit(values: list[float], unit: str, noun: str) -> str:
    """Numbers (one, or two for a range) written with their unit."""
    if unit in MONEY_UNITS:
        sym = _SYMBOL_OF.get(unit)
        parts = [f"{sym}{_fmt_scaled(v)}" if sym else f"{_fmt_scaled(v)} {unit.upper()}" for v in values]
        return " to ".join(parts)
    if unit == "percent":
        return "-".join(_fmt_plain(v) for v in values) + "%" + (f" of {plural_of(noun)}" if noun else "")
    nums = values
    if unit == "minute":
        div, one, many = _minutes_unit(values)
        nums = [v / div for v in values]
    elif unit == "age":
        return "-".join(_fmt_plain(v) for v in values) + " years old"
    elif unit in _UNIT_NAMES:
        one, many = _UNIT_NAMES[unit]
    elif unit == "":
        one, many = (noun, plural_of(noun)) if noun else ("", "")
    else:
        one, many = unit, unit
    parts = [_fmt_scaled(v) if unit == "" else _fmt_plain(v) for v in nums]
    text = (" to " if any(" " in p for p in parts) else "-").join(parts)
    word = one if len(nums) == 1 and nums[0] == 1 else many
    return f"{text} {word}" if word else text


def describe(q: Quantity) -> str:
    """A short human-readable form: "75 minutes", "about 40 aircraft", "$12 million", "30-60 days"."""
    unit, _, per = q.unit.partition("/")
    if q.qualifier == "range":
        if math.isclose((q.low + q.high) / 2, q.value, rel_tol=1e-9):
            core = _fmt_with_unit([q.low, q.high], unit, q.noun)
        else:  # "about 30-60 days": the bounds were widened by ABOUT_TOLERANCE
            low, high = q.low / (1 - ABOUT_TOLERANCE), q.high / (1 + ABOUT_TOLERANCE)
            core = "about " + _fmt_with_unit([rounded(low), rounded(high)], unit, q.noun)
    else:
        core = _fmt_with_unit([q.value], unit, q.noun)
        if q.qualifier == "about":
            core = ("nearly " if q.high == q.value and q.low < q.value else "about ") + core
        elif q.qualifier == "over":
            core = ("just over " if math.isfinite(q.high) else "more than ") + core
        elif q.qualifier == "at least":
            core = "at least " + core
        elif q.qualifier == "under":
            core = "under " + core
        elif q.qualifier == "up to":
            core = "up to " + core
    if per:
        core += f" per {per}"
    return core
