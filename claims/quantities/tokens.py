"""Reading quantities, first stage: tokens, then numbers (digits or words) and amounts with their unit."""
from __future__ import annotations

import math
import re
from dataclasses import dataclass

from claims.quantities.lexicon import (
    AMBIGUOUS_MONTHS,
    ARTICLE_TIME_UNITS,
    BIG_SCALES,
    CURRENCY_CODES,
    CURRENCY_SYMBOLS,
    CURRENCY_WORDS,
    DOLLAR_PREFIXES,
    MONTHS,
    ONES,
    PERCENT_SUFFIXES,
    POUND_WORDS,
    SCALE_SUFFIXES,
    SCALE_WORDS,
    TEENS,
    TENS,
    TIME_SUFFIXES,
    UNIT_SUFFIXES,
    UNIT_WORDS,
)

# --- tokens -----------------------------------------------------------------

_TOKEN_RE = re.compile(
    r"""
     (?P<clock>[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?)
    |(?P<time>(?<![^\W\d_])[AaPp]\.[Mm]\.?(?![^\W\d_]))
    |(?P<num>[0-9][0-9A-Za-z]*(?:(?:,[0-9]{3}(?![0-9])|\.[0-9]+)[0-9A-Za-z]*)*)
    |(?P<word>[^\W\d_]+(?:['’][^\W\d_]+)*)
    |(?P<cur>[$£€¥₽₴₹])
    |(?P<pct>%)
    |(?P<dash>[-‐‑‒–—])
    |(?P<plus>\+)
    |(?P<tilde>~)
    |(?P<slash>/)
    |(?P<punct>\S)
    """,
    re.VERBOSE,
)
_PLAIN_NUM_RE = re.compile(r"[0-9]+(?:,[0-9]{3})*(?:\.[0-9]+)?")
_SUFFIXED_NUM_RE = re.compile(r"([0-9]+(?:,[0-9]{3})*(?:\.[0-9]+)?)([A-Za-z]+)")
_HOUR_MIN_RE = re.compile(r"([0-9]+)(?:h|hr|hrs)([0-9]{1,2})(?:m|min|mins)?", re.IGNORECASE)
SENTENCE_PUNCT = set(".!?\"'“”‘’:;()[]")


@dataclass
class Tok:
    kind: str  # clock, time, num, numx, hm, other, word, cur, pct, dash, plus, tilde, slash, punct
    text: str
    start: int
    end: int
    low: str
    value: float = 0.0
    suffix: str = ""
    plain: bool = False  # digits only, no comma or decimal point


def tokenize(text: str) -> list[Tok]:
    toks: list[Tok] = []
    for m in _TOKEN_RE.finditer(text):
        kind = m.lastgroup or "punct"
        s = m.group()
        tok = Tok(kind, s, m.start(), m.end(), s.lower())
        if kind == "num":
            if _PLAIN_NUM_RE.fullmatch(s):
                tok.value = float(s.replace(",", ""))
                tok.plain = s.isdigit()
            elif hm := _HOUR_MIN_RE.fullmatch(s):
                tok.kind = "hm"
                tok.value = float(hm.group(1)) * 60 + float(hm.group(2))
            elif sm := _SUFFIXED_NUM_RE.fullmatch(s):
                tok.kind = "numx"
                tok.value = float(sm.group(1).replace(",", ""))
                tok.suffix = sm.group(2).lower()
            else:
                tok.kind = "other"
        toks.append(tok)
    return toks


def adjacent(a: Tok, b: Tok) -> bool:
    return a.end == b.start


# --- reading numbers and amounts ---------------------------------------------

@dataclass
class _Num:
    value: float
    start: int  # token indices, end exclusive
    end: int
    raw: float  # before any scale word
    scaled: bool = False
    plain: bool = False  # one plain digit token ("2025")
    weak: bool = False  # "a"/"an"/"one" alone: a number only in context
    words: bool = False  # spelled out
    suffix: str = ""  # unit or marker glued to the digits ("h", "pc", "pm")
    minutes: bool = False  # "1h15": already in minutes


@dataclass
class Amt:
    value: float  # in the base unit
    unit: str
    start: int
    end: int
    num: _Num
    rank: int = 0  # 3 hour, 2 minute, 1 second: for "1 hour 15 minutes"
    hyphen: bool = False  # "75-minute", "30-day"
    explicit_unit: bool = False
    compound: bool = False
    time_of_day: bool = False


def word_at(toks: list[Tok], i: int) -> str:
    return toks[i].low if 0 <= i < len(toks) and toks[i].kind == "word" else ""


def words_at(toks: list[Tok], i: int, words: tuple[str, ...]) -> bool:
    return all(word_at(toks, i + k) == w for k, w in enumerate(words))


def _read_spelled(toks: list[Tok], i: int, current: float = 0.0, last: str | None = None) -> tuple[float, int, str] | None:
    """A spelled-out number from token i: (value, end, last kind) or None."""
    n = len(toks)
    total = 0.0
    last_scale = math.inf
    j = i
    while j < n:
        tk = toks[j]
        if tk.kind == "dash" and last == "ten" and j + 1 < n and adjacent(toks[j - 1], tk) \
                and adjacent(tk, toks[j + 1]) and toks[j + 1].low in ONES and toks[j + 1].low != "zero":
            j += 1
            continue
        if tk.kind != "word":
            break
        w = tk.low
        if w == "and" and last in ("hundred", "scale") and (word_at(toks, j + 1) in ONES or
                                                           word_at(toks, j + 1) in TEENS or
                                                           word_at(toks, j + 1) in TENS):
            j += 1
            continue
        if w in ONES and last in (None, "ten", "hundred", "scale"):
            if last == "ten" and ONES[w] == 0:
                break
            current += ONES[w]
            last = "one"
        elif w in TEENS and last in (None, "hundred", "scale"):
            current += TEENS[w]
            last = "teen"
        elif w in TENS and last in (None, "hundred", "scale"):
            current += TENS[w]
            last = "ten"
        elif w == "hundred" and last in ("one", "teen"):
            current = (current or 1) * 100  # "two hundred", "a hundred"
            last = "hundred"
        elif w in BIG_SCALES and last in ("one", "teen", "ten", "hundred") and BIG_SCALES[w] < last_scale:
            total += current * BIG_SCALES[w]
            current = 0.0
            last_scale = BIG_SCALES[w]
            last = "scale"
        elif w == "dozen" and last in ("one", "teen", "ten"):
            current *= 12
            last = "dozen"
            j += 1
            break
        else:
            break
        j += 1
    if last is None:
        return None
    return total + current, j, last


def _read_number(toks: list[Tok], i: int) -> _Num | None:
    """A number (digits, words, "a dozen", "half a million") starting at token i."""
    n = len(toks)
    t = toks[i]
    if t.kind == "num":
        v = t.value
        j = i + 1
        if words_at(toks, j, ("and", "a", "half")):
            v += 0.5
            j += 3
        raw = v
        scaled = False
        if word_at(toks, j) in SCALE_WORDS:
            v *= SCALE_WORDS[word_at(toks, j)]
            scaled = True
            j += 1
        return _Num(v, i, j, raw, scaled=scaled, plain=t.plain and j == i + 1)
    if t.kind == "hm":
        return _Num(t.value, i, i + 1, t.value, minutes=True)
    if t.kind == "numx":
        if t.suffix in SCALE_SUFFIXES:
            return _Num(t.value * SCALE_SUFFIXES[t.suffix], i, i + 1, t.value, scaled=True)
        if t.suffix in UNIT_SUFFIXES or t.suffix in PERCENT_SUFFIXES or t.suffix in TIME_SUFFIXES:
            return _Num(t.value, i, i + 1, t.value, suffix=t.suffix)
        return None
    if t.kind != "word":
        return None
    w = t.low
    if w in ("a", "an"):
        nxt = word_at(toks, i + 1)
        if nxt in BIG_SCALES or nxt in ("hundred", "dozen"):
            got = _read_spelled(toks, i + 1, current=1.0, last="one")
            if got is None:
                return None
            v, j, last = got
            return _finish_spelled(toks, i, v, j, last)
        if nxt in ARTICLE_TIME_UNITS:
            return _Num(1.0, i, i + 1, 1.0, weak=True, words=True)
        return None
    if w == "half":
        nxt = word_at(toks, i + 1)
        if nxt in ("a", "an"):
            x = word_at(toks, i + 2)
            if x in BIG_SCALES or x == "dozen":
                v = 0.5 * SCALE_WORDS[x]
                return _Num(v, i, i + 3, v, scaled=True, words=True)
            if x in ARTICLE_TIME_UNITS:
                return _Num(0.5, i, i + 2, 0.5, words=True)
            return None
        if nxt in ARTICLE_TIME_UNITS or (i + 2 < n and toks[i + 1].kind == "dash" and adjacent(t, toks[i + 1])
                                           and word_at(toks, i + 2) in ARTICLE_TIME_UNITS):
            return _Num(0.5, i, i + 1, 0.5, words=True)  # "half an hour", "half-hour"
        return None
    if w in ONES or w in TEENS or w in TENS:
        got = _read_spelled(toks, i)
        if got is None:
            return None
        v, j, last = got
        num = _finish_spelled(toks, i, v, j, last)
        num.weak = w == "one" and num.end == i + 1
        return num
    return None


def _finish_spelled(toks: list[Tok], i: int, v: float, j: int, last: str) -> _Num:
    scaled = last in ("scale", "hundred", "dozen")
    raw = v
    if last != "scale" and words_at(toks, j, ("and", "a", "half")):
        v += 0.5
        j += 3
        if word_at(toks, j) in BIG_SCALES:
            v *= BIG_SCALES[word_at(toks, j)]
            scaled = True
            j += 1
    return _Num(v, i, j, raw, scaled=scaled, words=True)


def _unit_at(toks: list[Tok], k: int) -> tuple[str, float, int, int, bool] | None:
    """A unit word at token k, or after a hyphen there: (unit, factor, rank, end, hyphen)."""
    n = len(toks)
    hyphen = False
    if k < n and toks[k].kind == "dash" and k + 1 < n and adjacent(toks[k - 1], toks[k]) \
            and adjacent(toks[k], toks[k + 1]):
        hyphen = True
        k += 1
    w = word_at(toks, k)
    if not w:
        return None
    if w in ("square", "sq") and word_at(toks, k + 1) in ("km", "kms", "kilometres", "kilometers", "kilometre",
                                                         "kilometer"):
        return "km2", 1.0, 0, k + 2, hyphen
    if w == "nautical" and word_at(toks, k + 1) in ("mile", "miles"):
        return "nautical mile", 1.0, 0, k + 2, hyphen
    if w == "metric" and word_at(toks, k + 1) in ("ton", "tons", "tonne", "tonnes"):
        return "tonne", 1.0, 0, k + 2, hyphen
    if w == "km" and k + 2 < n and toks[k + 1].kind == "slash" and word_at(toks, k + 2) == "h":
        return "km/h", 1.0, 0, k + 3, hyphen
    if w in UNIT_WORDS:
        unit, factor, rank = UNIT_WORDS[w]
        return unit, factor, rank, k + 1, hyphen
    return None


def read_amount(toks: list[Tok], i: int) -> Amt | None:
    """A number with its currency, scale and unit starting at token i."""
    n = len(toks)
    t = toks[i]
    currency = ""
    j = i
    if t.kind == "word" and t.low in DOLLAR_PREFIXES and i + 1 < n and toks[i + 1].text == "$" \
            and adjacent(t, toks[i + 1]) and t.text.isupper():
        currency = DOLLAR_PREFIXES[t.low]
        j = i + 2
    elif t.kind == "cur":
        currency = CURRENCY_SYMBOLS[t.text]
        j = i + 1
    elif t.kind == "word" and t.text.isupper() and t.low in CURRENCY_CODES and i + 1 < n \
            and toks[i + 1].kind in ("num", "numx"):
        currency = t.low
        j = i + 1
    if j >= n:
        return None
    num = _read_number(toks, j)
    if num is None or (currency and (num.words or num.suffix)):
        return None
    value = num.value
    end = num.end
    amt = Amt(value, currency, i, end, num)
    if num.minutes:
        amt.unit, amt.rank, amt.explicit_unit = "minute", 2, True
    elif num.suffix in TIME_SUFFIXES:
        amt.time_of_day = True
    elif num.suffix in PERCENT_SUFFIXES:
        amt.unit, amt.explicit_unit = "percent", True
    elif num.suffix:
        unit, factor, rank = UNIT_SUFFIXES[num.suffix]
        amt.unit, amt.value, amt.rank, amt.explicit_unit = unit, value * factor, rank, True
    elif currency:
        pass
    else:
        _read_unit_after(toks, amt)
    if amt.rank >= 2:
        _read_compound(toks, amt)
    return amt


def _read_unit_after(toks: list[Tok], amt: Amt) -> None:
    """Percent, currency word or measure unit after the number (in place)."""
    n = len(toks)
    k = amt.end
    w = word_at(toks, k)
    if k < n and toks[k].kind == "pct":
        amt.unit, amt.end, amt.explicit_unit = "percent", k + 1, True
        return
    if w in ("percent", "pct"):
        amt.unit, amt.end, amt.explicit_unit = "percent", k + 1, True
    elif w == "per" and word_at(toks, k + 1) == "cent":
        amt.unit, amt.end, amt.explicit_unit = "percent", k + 2, True
    elif w == "percentage" and word_at(toks, k + 1) in ("point", "points"):
        amt.unit, amt.end, amt.explicit_unit = "percentage point", k + 2, True
    elif w == "percentage" and k + 2 < n and toks[k + 1].kind == "dash" and word_at(toks, k + 2) in ("point", "points"):
        amt.unit, amt.end, amt.explicit_unit = "percentage point", k + 3, True
    elif w == "us" and word_at(toks, k + 1) in ("dollar", "dollars"):
        amt.unit, amt.end, amt.explicit_unit = "usd", k + 2, True
    elif w in CURRENCY_WORDS and not (w in CURRENCY_CODES and not toks[k].text.isupper()):
        amt.unit, amt.end, amt.explicit_unit = CURRENCY_WORDS[w], k + 1, True
    elif w in POUND_WORDS and (amt.num.scaled or word_at(toks, k + 1) == "sterling"):
        amt.unit, amt.end, amt.explicit_unit = "gbp", k + 1 + (word_at(toks, k + 1) == "sterling"), True
    if amt.explicit_unit:
        return
    unit = _unit_at(toks, k)
    if unit is None:
        return
    name, factor, rank, end, hyphen = unit
    amt.unit, amt.value, amt.rank, amt.end, amt.hyphen, amt.explicit_unit = name, amt.value * factor, rank, end, \
        hyphen, True
    if not hyphen and amt.num.value != 1 and word_at(toks, end - 1) in ARTICLE_TIME_UNITS | {"second"}:
        amt.hyphen = True  # "a 30-60 day ceasefire": a singular unit after a plural number is an adjective
    # "19-year-old", "19 years old", "hour-long"
    if name == "year" and factor == 1.0:
        if end + 1 < n and toks[end].kind == "dash" and word_at(toks, end + 1) == "old" and adjacent(toks[end - 1],
                                                                                                    toks[end]):
            amt.unit, amt.end = "age", end + 2
        elif not hyphen and word_at(toks, end) == "old":
            amt.unit, amt.end = "age", end + 1
    if amt.end + 1 < n and toks[amt.end].kind == "dash" and word_at(toks, amt.end + 1) == "long" \
            and adjacent(toks[amt.end - 1], toks[amt.end]):
        amt.end += 2
        amt.hyphen = True


def _read_compound(toks: list[Tok], amt: Amt) -> None:
    """Extend "1 hour" by "15 minutes", "and 15 minutes", "and a half" (in place)."""
    n = len(toks)
    factor = {3: 60.0, 2: 1.0, 1: 1 / 60}
    while amt.rank >= 2:
        k = amt.end
        joined = False
        if word_at(toks, k) == "and" or (k < n and toks[k].text == ","):
            k += 1
            joined = True
        if joined and toks[k - 1].low == "and" and words_at(toks, k, ("a", "half")):
            amt.value += 0.5 * factor[amt.rank]
            amt.end = k + 2
            amt.compound = True
            return
        if k >= n:
            return
        tk = toks[k]
        if tk.kind == "numx" and tk.suffix in ("m", "min", "mins", "s", "sec", "secs"):
            rank = 2 if tk.suffix.startswith("m") else 1
            if rank >= amt.rank:
                return
            amt.value += tk.value * factor[rank]
            amt.end, amt.rank, amt.compound = k + 1, rank, True
            continue
        num = _read_number(toks, k)
        if num is None or num.suffix or num.minutes or num.scaled or (num.weak and toks[k].low != "one"):
            return
        unit = _unit_at(toks, num.end)
        if unit is None or unit[0] != "minute" or unit[2] >= amt.rank or unit[4]:
            return
        amt.value += num.value * unit[1]
        amt.end, amt.rank, amt.compound = unit[3], unit[2], True


def is_month(tok: Tok | None) -> bool:
    if tok is None or tok.kind != "word" or tok.low not in MONTHS:
        return False
    return tok.low not in AMBIGUOUS_MONTHS or tok.text[0].isupper()


def rounded(x: float) -> float:
    """Round away float noise (0.1·3) so equal wordings give equal values."""
    if not math.isfinite(x) or x == 0:
        return x
    return float(f"{x:.12g}")
