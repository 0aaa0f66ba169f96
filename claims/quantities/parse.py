"""Quantities stated in claims: find them, normalize them, compare them.

Stages: quantity_tokens (tokens, numbers, amounts), this module (expressions with their
qualifiers, the public API), quantity_nouns (what is counted), quantity_format (describing);
the word tables are in quantity_lexicon.

``parse_quantities`` reads counts, money, percentages, durations, distances and
weights, written in digits ("1,200", "3.5", "$7bn", "1h15") or in words ("one
hundred and twenty", "a dozen", "an hour and 15 minutes"), with their qualifier
("about", "more than", "up to", "between 30 and 60", ...) turned into an
interval ``low..high``. Dates, clock times, years, ordinals and numbers inside
names ("COVID-19", "F-16", "G7", "Boeing 737") are not quantities and are left
out.

Normal forms (``Quantity.unit``):

- ``""`` a count; ``Quantity.noun`` says what is counted ("aircraft", "person").
- ``"minute"`` every duration of hours, minutes or seconds (75-minute = 1h15).
- ``"day"``, ``"week"``, ``"month"``, ``"year"`` longer durations, kept apart
  (a week is not turned into days; a decade is 10 years, a fortnight 2 weeks).
- ``"usd"``, ``"gbp"``, ``"eur"``, ... money, scale applied ($7bn = 7e9 usd).
- ``"percent"``, ``"percentage point"``.
- ``"km"`` (metres converted), ``"mile"``, ``"kg"``, ``"tonne"``, ``"km2"``,
  ``"hectare"``, ``"acre"``, ``"mph"``, ``"km/h"``, ``"age"`` (years of age).
- a rate appends ``/per``: "$5 a day" is 5 ``"usd/day"``.
- a share "one in five" / "3 out of 10" is ``"percent"`` (20, 30), qualifier
  "about" since such shares are rounded.

Intervals are inclusive: "more than 40" is 40..inf and so agrees with "40"
(reporters round; a strict bound would flag too much). A range's ``value`` is
its midpoint.

Pure logic: no I/O.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass

from claims.model import Quantity, Span
from claims.quantities.lexicon import (
    ABOUT_TOLERANCE,
    CLOCK_HOUR_MAX,
    CLOCK_WORDS,
    COMPARE_EPSILON,
    DATE_DAY_MAX,
    DURATION_BASES,
    DURATION_CONTEXT,
    JUST_OVER_TOLERANCE,
    LABEL_WORDS,
    MONEY_UNITS,
    NEARLY_TOLERANCE,
    NOUN_STOP,
    ONE_PRONOUN_AFTER,
    ONE_PRONOUN_BEFORE,
    PREFIX_MAX_WORDS,
    PREFIX_PHRASES,
    QUALIFIER_OF_MODE,
    RATE_NOUNS,
    RATE_TIME,
    TENS,
    YEAR_CONTEXT,
    YEAR_MAX,
    YEAR_MIN,
)
from claims.quantities.nouns import head_noun, singular_of
from claims.quantities.tokens import (
    SENTENCE_PUNCT,
    Amt,
    Tok,
    adjacent,
    is_month,
    read_amount,
    rounded,
    tokenize,
    word_at,
    words_at,
)

# --- expressions -------------------------------------------------------------


def _prefix(toks: list[Tok], start: int, floor: int = 0) -> tuple[str, int]:
    """The qualifier phrase right before token ``start`` and not before ``floor``: (mode, first token)."""
    if start - 1 >= floor and toks[start - 1].kind == "tilde":
        return "about", start - 1
    if start - 2 >= floor and toks[start - 1].text == "." and toks[start - 2].low in ("approx", "c", "ca", "est") \
            and adjacent(toks[start - 2], toks[start - 1]):
        return "about", start - 2  # "approx. 40", "c. 40"
    words: list[str] = []
    k = start - 1
    while k >= floor and len(words) < PREFIX_MAX_WORDS and toks[k].kind == "word":
        words.insert(0, toks[k].low)
        k -= 1
    for size in range(len(words), 0, -1):
        mode = PREFIX_PHRASES.get(tuple(words[-size:]))
        if mode:
            return mode, start - size
    return "", start


def _range_tail(toks: list[Tok], a: Amt, mode: str) -> tuple[Amt, str] | None:
    """The second end of a range after ``a``: (amount, connector) or None."""
    n = len(toks)
    k = a.end
    if k >= n:
        return None
    tk = toks[k]
    connector = ""
    if tk.kind == "dash":
        connector = "dash"
        k += 1
        if word_at(toks, k) == "to":
            connector = "to"
            k += 1
            if k < n and toks[k].kind == "dash":
                k += 1
    elif tk.low == "to":
        connector = "to"
        k += 1
    elif tk.low == "or" and word_at(toks, k + 1) not in ("more", "so", "less", "fewer", "above", "over", "under"):
        connector = "or"
        k += 1
    elif tk.low == "and" and mode == "between":
        connector = "and"
        k += 1
    if not connector or k >= n:
        return None
    if connector == "dash" and tk.text == "-":
        glued = adjacent(toks[a.end - 1], tk) and adjacent(tk, toks[k])
        spaced = toks[a.end - 1].end < tk.start and tk.end < toks[k].start
        if not (glued or spaced):
            return None  # "30 -60": a list or a sign, not a range
    if toks[k].kind == "cur" and a.unit == "":
        return None
    b = read_amount(toks, k)
    if b is None or b.time_of_day:
        return None
    if b.num.weak and toks[k].low in ("a", "an") and not b.explicit_unit:
        return None
    return b, connector


def _ratio_tail(toks: list[Tok], a: Amt) -> tuple[Amt, float] | None:
    """ "in five" / "out of 10" after a count: (second amount, share in percent) or None."""
    if a.unit or a.explicit_unit or a.time_of_day:
        return None
    k = a.end
    if word_at(toks, k) == "in":
        k += 1
    elif words_at(toks, k, ("out", "of")):
        k += 2
    else:
        return None
    if k >= len(toks):
        return None
    b = read_amount(toks, k)
    if b is None or b.unit or b.explicit_unit or b.time_of_day or b.num.weak or not b.value or b.value < a.value:
        return None
    if b.num.plain and YEAR_MIN <= b.value <= YEAR_MAX:
        return None  # "40 in 2022"
    if _inside_name(toks, b.num.start):
        return None
    return b, 100.0 * a.value / b.value


def _merge_range(a: Amt, b: Amt, connector: str) -> tuple[float, float, str] | None:
    """Low, high and unit of the range "a to b"; None when it is not a range.

    An end missing a scale or unit takes the other's: "30-60 days", "$3-5bn",
    "between 2 and 3 million", "one to two hours".
    """
    if a.unit and b.unit and a.unit != b.unit:
        return None
    unit = a.unit or b.unit
    a_value, b_value = a.value, b.value
    if b.num.scaled and not a.num.scaled and b.num.raw and a.num.raw < b.num.raw:
        a_value *= b.num.value / b.num.raw
    if not a.explicit_unit and b.explicit_unit and b.num.value:
        a_value *= b.value / b.num.value
    if not all(math.isfinite(x) for x in (a_value, b_value)):
        return None
    if a_value > b_value:
        if connector == "dash":
            return None  # a score ("3-1") or a code, not a range
        a_value, b_value = b_value, a_value
    if a_value == b_value and connector == "dash":
        return None
    return a_value, b_value, unit


def _suffix_qualifier(toks: list[Tok], k: int) -> tuple[str, int]:
    """ "or more", "or so", "+", "-plus" after the amount: (mode, end)."""
    n = len(toks)
    if k < n and toks[k].kind == "plus" and adjacent(toks[k - 1], toks[k]):
        return "at least", k + 1
    if k + 1 < n and toks[k].kind == "dash" and word_at(toks, k + 1) == "plus" and adjacent(toks[k - 1], toks[k]):
        return "at least", k + 2
    if word_at(toks, k) == "or":
        nxt = word_at(toks, k + 1)
        if nxt == "so":
            return "about", k + 2
        if nxt in ("more", "above", "over"):
            return "at least", k + 2
        if nxt in ("less", "fewer", "under"):
            return "up to", k + 2
    return "", k


def _rate_after(toks: list[Tok], k: int) -> tuple[str, int]:
    """A rate ("a day", "per year", "/month") after a unit amount: (per, end) or ("", k)."""
    n = len(toks)
    w = word_at(toks, k)
    if k < n and toks[k].kind == "slash" and word_at(toks, k + 1) and word_at(toks, k + 1) not in NOUN_STOP:
        nxt = word_at(toks, k + 1)
        return RATE_TIME.get(nxt, singular_of(nxt)), k + 2
    if w in ("a", "an", "each", "every"):
        nxt = word_at(toks, k + 1)
        base = RATE_TIME.get(nxt) or (singular_of(nxt) if singular_of(nxt) in RATE_NOUNS else "")
        if base:
            return base, k + 2
    if w == "per":
        nxt = word_at(toks, k + 1)
        if nxt and nxt != "cent" and nxt not in NOUN_STOP:
            return RATE_TIME.get(nxt, singular_of(nxt)), k + 2
    return "", k


def _prev_word_tok(toks: list[Tok], k: int) -> Tok | None:
    """The token before k, stepping over an abbreviation's period ("Sept. 11", "No. 5")."""
    if k - 1 >= 0 and toks[k - 1].kind == "word":
        return toks[k - 1]
    if k - 2 >= 0 and toks[k - 1].text == "." and toks[k - 2].kind == "word" and adjacent(toks[k - 2], toks[k - 1]):
        return toks[k - 2]
    return None


def _sentence_start(toks: list[Tok], k: int) -> bool:
    return k == 0 or (toks[k - 1].kind in ("punct", "dash") and toks[k - 1].text in SENTENCE_PUNCT | {"—", "–"})


def _inside_name(toks: list[Tok], i: int) -> bool:
    """Digits glued to a name ("G7", "COVID-19", "F-16", "9/11", "#3")."""
    t = toks[i]
    if t.kind not in ("num", "numx", "hm", "other"):
        return False
    if i > 0:
        p = toks[i - 1]
        if adjacent(p, t):
            if p.kind == "word" or p.kind == "slash" or p.text in ("#", ".", "'", "’", "_", "@", ":", "&", "=", "^"):
                return True
            if p.kind == "dash" and i > 1 and adjacent(toks[i - 2], p) and (
                    toks[i - 2].kind in ("word", "other", "numx") and toks[i - 2].low not in TENS):
                return True
    if i + 1 < len(toks):
        nx = toks[i + 1]
        if adjacent(t, nx) and (nx.kind == "slash" or nx.text in ("_", "@", "&")):
            return True
        if adjacent(t, nx) and nx.text == "." and i + 2 < len(toks) and adjacent(nx, toks[i + 2]) \
                and toks[i + 2].kind in ("word", "num"):
            return True
    return False


@dataclass
class _Expr:
    start: int
    end: int
    value: float
    low: float
    high: float
    unit: str
    qualifier: str
    first: Amt
    last: Amt
    is_range: bool
    ratio: bool = False


def _parse_expression(toks: list[Tok], i: int, floor: int = 0) -> tuple[_Expr | None, int] | None:
    """The quantity expression whose number starts at token i: (expr or None when excluded, next index).

    Qualifier words before ``floor`` belong to an earlier quantity and are not read.
    """
    a = read_amount(toks, i)
    if a is None:
        return None
    n = len(toks)
    if _inside_name(toks, a.num.start):
        end = a.end
        # swallow a glued chain ("COVID-19-related", "2025-06-04")
        while end + 1 < n and toks[end].kind == "dash" and adjacent(toks[end - 1], toks[end]) \
                and toks[end + 1].kind in ("num", "numx") and adjacent(toks[end], toks[end + 1]):
            end += 2
        return None, end
    mode, pstart = _prefix(toks, a.start, floor)
    ratio = _ratio_tail(toks, a)
    if ratio is not None:  # "one in five", "3 out of 10": a share, in percent
        b, pct = ratio
        expr = _Expr(pstart if mode in QUALIFIER_OF_MODE else a.start, b.end, pct, pct, pct, "percent",
                     QUALIFIER_OF_MODE.get(mode, ""), a, b, False, ratio=True)
        if not mode:  # "one in three" is a rounded share: 33.3% ± ABOUT_TOLERANCE
            mode, expr.qualifier = "about", "about"
        _apply_mode(expr, mode)
        return expr, expr.end
    b = None
    merged = None
    tail = _range_tail(toks, a, mode)
    if tail is not None:
        b, connector = tail
        if _inside_name(toks, b.num.start) and connector != "dash":
            b = None
        else:
            # a glued chain of three numbers is a date or a code ("2025-06-04", "1-2-3")
            if b.end + 1 < n and toks[b.end].kind == "dash" and adjacent(toks[b.end - 1], toks[b.end]) \
                    and toks[b.end + 1].kind in ("num", "numx") and connector == "dash":
                end = b.end
                while end + 1 < n and toks[end].kind == "dash" and toks[end + 1].kind in ("num", "numx"):
                    end += 2
                return None, end
            merged = _merge_range(a, b, connector)
            if merged is None:
                if connector == "dash" and not b.explicit_unit and not a.explicit_unit and \
                        adjacent(toks[a.end - 1], toks[a.end]):
                    return None, b.end  # "3-1", "24-7": a score or a code
                b = None
    if b is not None and merged is not None:
        low, high, unit = merged
        start = pstart if mode in ("between", "from", "about") else a.start
        expr = _Expr(start, b.end, (low + high) / 2, low, high, unit, "range", a, b, True)
        if mode == "about":
            expr.low, expr.high = low * (1 - ABOUT_TOLERANCE), high * (1 + ABOUT_TOLERANCE)
    else:
        if mode in ("between", "from"):
            mode, pstart = "", a.start
        smode, send = _suffix_qualifier(toks, a.end)
        if smode and not mode:
            mode = smode
            end = send
        else:
            end = a.end
        start = pstart if mode else a.start
        expr = _Expr(start, end, a.value, a.value, a.value, a.unit, QUALIFIER_OF_MODE.get(mode, ""), a, a, False)
        _apply_mode(expr, mode)
    if not math.isfinite(expr.value) or math.isnan(expr.low) or math.isnan(expr.high):
        return None, expr.end
    return expr, expr.end


def _apply_mode(expr: _Expr, mode: str) -> None:
    v = expr.value
    lo_floor = 0.0 if v >= 0 else -math.inf
    if mode == "about":
        expr.low, expr.high = v * (1 - ABOUT_TOLERANCE), v * (1 + ABOUT_TOLERANCE)
    elif mode == "nearly":
        expr.low, expr.high = v * (1 - NEARLY_TOLERANCE), v
    elif mode in ("over", "at least"):
        expr.low, expr.high = v, math.inf
    elif mode == "just over":
        expr.low, expr.high = v, v * (1 + JUST_OVER_TOLERANCE)
    elif mode in ("under", "up to"):
        expr.low, expr.high = lo_floor, v
    if expr.low > expr.high:  # negative values
        expr.low, expr.high = expr.high, expr.low


def _excluded(toks: list[Tok], expr: _Expr, noun: str, noun_plural: bool) -> bool:
    """Dates, years, clock times, labels, "ago", a pronoun "one": not quantities."""
    a, b = expr.first, expr.last
    n = len(toks)
    if a.time_of_day or b.time_of_day:
        return True
    nums = [a.num] if a is b else [a.num, b.num]
    plain_ints = expr.unit == "" and all(x.plain for x in nums)
    after = expr.end
    before = _prev_word_tok(toks, expr.start)
    # clock times: "3 p.m.", "3 pm", "9 o'clock", "1400 GMT"
    nxt = toks[after] if after < n else None
    if plain_ints and nxt is not None and (nxt.kind == "time" or (nxt.kind == "word" and nxt.low in CLOCK_WORDS)):
        if all(x.value <= CLOCK_HOUR_MAX or (len(toks[x.start].text) == 4 and x.value % 100 < 60) for x in nums):
            return True
    if expr.unit == "minute" and a.num.plain and before is not None and before.low == "at" \
            and len(toks[a.num.start].text) == 4:
        return True  # "at 1400 hours"
    # dates: "June 4", "4 June", "4-6 June", "June 4, 2025"
    if plain_ints and all(1 <= x.value <= DATE_DAY_MAX for x in nums):
        if is_month(before) or is_month(nxt if nxt is not None and nxt.kind == "word" else None):
            return True
        if word_at(toks, after) == "of" and after + 1 < n and is_month(toks[after + 1]):
            return True
    # years: "in 2025", "2014-2022", "the 2024 election"
    if plain_ints and all(YEAR_MIN <= x.value <= YEAR_MAX and len(toks[x.start].text) == 4 for x in nums):
        year_context = before is not None and before.low in YEAR_CONTEXT
        if not noun_plural or year_context or is_month(before):
            return True
    # labels: "Article 5", "Boeing 737", "No. 10", "Prefect 3.9"
    digits_only = expr.unit == "" and all(toks[x.start].kind == "num" and not x.scaled for x in nums)
    if digits_only and not noun_plural and expr.qualifier == "" and before is not None:
        k = expr.start - 1 if toks[expr.start - 1].kind == "word" else expr.start - 2
        if before.low in LABEL_WORDS:
            return True
        if before.text[0].isupper() and before.low not in NOUN_STOP and before.low not in DURATION_CONTEXT \
                and before.low not in YEAR_CONTEXT and not _sentence_start(toks, k) and not is_month(before):
            return True
    # "two days ago": a time reference that depends on the day of writing
    if expr.unit in DURATION_BASES and word_at(toks, after) == "ago":
        return True
    # "a week", "one day": a duration only in duration context or as an adjective
    if a.num.weak and not expr.is_range:
        if a.unit in DURATION_BASES:
            if not (a.hyphen or a.compound or expr.qualifier or (before is not None and before.low in DURATION_CONTEXT)):
                return True
        elif a.unit == "":
            if not noun or (before is not None and before.low in ONE_PRONOUN_BEFORE) \
                    or word_at(toks, a.end) in ONE_PRONOUN_AFTER:
                return True
    return False


# --- public API ---------------------------------------------------------------

def parse_quantities(text: str, offset: int = 0) -> tuple[Quantity, ...]:
    """Every quantity stated in ``text``, in order, with spans shifted by ``offset``.

    A span covers the qualifier, currency, number, scale and unit ("more than
    $7bn", "between 30 and 60 days"), not the counted noun.
    """
    toks = tokenize(text)
    out: list[Quantity] = []
    i = 0
    floor = 0  # the first token after the last quantity read
    n = len(toks)
    while i < n:
        got = _parse_expression(toks, i, floor)
        if got is None:
            i += 1
            continue
        expr, nxt = got
        if expr is not None:
            made = _to_quantity(toks, text, expr, offset)
            if made is not None:
                out.append(made[0])
                nxt = max(nxt, made[1])
        i = max(nxt, i + 1)
        floor = i
    return tuple(out)


def _to_quantity(toks: list[Tok], text: str, expr: _Expr, offset: int) -> tuple[Quantity, int] | None:
    """The Quantity for an expression and the token after it, or None when it is not a quantity."""
    unit = expr.unit
    end = expr.end
    noun, plural, capitalized = "", False, False
    if unit == "":
        noun, plural, capitalized = head_noun(toks, end, expr.value)
    elif unit == "percent":
        noun, plural, capitalized = head_noun(toks, end, expr.value, partitive_only=not expr.ratio)
    elif expr.last.hyphen or unit in MONEY_UNITS:
        noun, plural, capitalized = head_noun(toks, end, 1.0, modifier=True)  # "a 30-day ceasefire"
    if unit == "" and not expr.is_range and word_at(toks, expr.start - 1) == "aged":
        unit, noun, plural = "age", "", False  # "aged 19"
    if unit == "" and noun and capitalized and not plural and expr.qualifier == "":
        return None  # "10 Downing Street", "737 Max": part of a name
    if _excluded(toks, expr, noun, plural):
        return None
    if unit and unit not in ("age",):
        per, rate_end = _rate_after(toks, end)
        if per:
            unit = f"{unit}/{per}"
            end = rate_end
    values = (expr.value, expr.low, expr.high)
    if any(math.isnan(x) for x in values) or not math.isfinite(expr.value):
        return None
    start_char = toks[expr.start].start
    end_char = toks[end - 1].end
    made = Quantity(
        value=rounded(expr.value), unit=unit, qualifier=expr.qualifier, low=rounded(expr.low), high=rounded(expr.high),
        text=text[start_char:end_char], span=Span(start_char + offset, end_char + offset), noun=noun,
    )
    return made, end


def quantities_compatible(a: Quantity, b: Quantity) -> bool:
    """Whether both statements can be true: their intervals overlap.

    Quantities in different units are not comparable and so never conflict (True).
    """
    if a.unit != b.unit:
        return True
    lo = max(a.low, b.low)
    hi = min(a.high, b.high)
    finite = [abs(x) for x in (a.low, a.high, b.low, b.high) if math.isfinite(x)]
    slack = COMPARE_EPSILON * max(finite, default=1.0)
    return lo <= hi + slack


_WRITTEN = re.compile(r"(\d[\d,]*)\.(\d+)")


def written_slack(q: Quantity) -> float:
    """Half a unit of the last digit written, in the quantity's own scale ("2.6 km": 0.05 km; "$1.1 billion":
    $50 million); 0 for whole numbers and for values not written with decimals."""
    m = _WRITTEN.search(q.text or "")
    if not m or not math.isfinite(q.value):
        return 0.0
    try:
        shown = float(m.group(1).replace(",", "") + "." + m.group(2))
    except ValueError:
        return 0.0
    if shown == 0:
        return 0.0
    scale = abs(q.value / shown) if q.qualifier != "range" else 1.0
    return 0.5 * 10 ** -len(m.group(2)) * scale


def rounded_alike(a: Quantity, b: Quantity) -> bool:
    """Whether two figures agree once each is read to the precision it is written in ("2.6 km" and
    "2.57 km": one length rounded two ways). Same unit only."""
    if a.unit != b.unit:
        return False
    slack = max(written_slack(a), written_slack(b))
    return slack > 0 and max(a.low, b.low) <= min(a.high, b.high) + slack


def comparable(a: Quantity, b: Quantity) -> bool:
    """Whether two quantities measure the same kind of thing: same unit, and same noun when both name one."""
    if a.unit != b.unit:
        return False
    return not a.noun or not b.noun or a.noun == b.noun


# flows/timeline.py describes stored quantities through this module
from claims.quantities.describe import describe  # noqa: E402

__all__ = ["parse_quantities", "quantities_compatible", "comparable", "describe", "rounded_alike"]
