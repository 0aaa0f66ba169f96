"""Quantities stated in claims: find them, normalize them, compare them.

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

from .model import Quantity, Span

__all__ = [
    "ABOUT_TOLERANCE",
    "NEARLY_TOLERANCE",
    "JUST_OVER_TOLERANCE",
    "COMPARE_EPSILON",
    "NOUN_LOOKAHEAD_WORDS",
    "YEAR_MIN",
    "YEAR_MAX",
    "DATE_DAY_MAX",
    "CLOCK_HOUR_MAX",
    "QUANTITY_WORDS",
    "parse_quantities",
    "quantities_compatible",
    "comparable",
    "describe",
]

# --- thresholds -------------------------------------------------------------

#: Relative half-width of "about/around/approximately/roughly/some/close to X": X ± 10%.
ABOUT_TOLERANCE = 0.1
#: Relative width below X allowed by "nearly/almost/just under X": X·(1-0.1)..X (never above X).
NEARLY_TOLERANCE = 0.1
#: Relative width above X allowed by "just over/slightly more than X": X..X·(1+0.1).
JUST_OVER_TOLERANCE = 0.1
#: Relative slack when comparing bounds, so float noise (1/60 of a minute) is not a conflict.
COMPARE_EPSILON = 1e-9
#: Words after a number searched for the noun it counts ("40 long-range Russian bombers").
NOUN_LOOKAHEAD_WORDS = 3
#: Plain four-digit integers in YEAR_MIN..YEAR_MAX are read as years unless a plural noun follows.
YEAR_MIN = 1800
YEAR_MAX = 2100
#: Integers up to this beside a month name ("June 4", "4 June") are days of a date.
DATE_DAY_MAX = 31
#: Integers up to this followed by a.m./p.m./GMT/o'clock are clock times.
CLOCK_HOUR_MAX = 24

# --- lexicon ----------------------------------------------------------------

_ONES = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
}
_TEENS = {
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}
#: Scale words that close a group of a spelled-out number ("two million three hundred").
_BIG_SCALES = {"thousand": 1e3, "lakh": 1e5, "million": 1e6, "crore": 1e7, "billion": 1e9, "trillion": 1e12}
#: Scale words accepted after digits ("12 million", "7 bn", "3 dozen").
_SCALE_WORDS = {**_BIG_SCALES, "hundred": 100.0, "dozen": 12.0, "bn": 1e9, "mn": 1e6, "mln": 1e6, "tn": 1e12,
                "trn": 1e12}
#: Scale suffixes glued to digits ("7bn", "1.2m", "5k").
_SCALE_SUFFIXES = {"k": 1e3, "m": 1e6, "mn": 1e6, "mln": 1e6, "b": 1e9, "bn": 1e9, "bln": 1e9, "tn": 1e12,
                   "trn": 1e12}

#: Every word that can make (part of) a number; callers and tests may use it.
QUANTITY_WORDS = frozenset(
    [*_ONES, *_TENS, *_TEENS, *_SCALE_WORDS, "a", "an", "half", "and"]
)

# unit word -> (base unit, factor to the base unit, rank among hour/minute/second for compounds)
_UNIT_WORDS: dict[str, tuple[str, float, int]] = {}
for _words, _unit, _factor, _rank in (
    (("millisecond", "milliseconds", "ms"), "minute", 1 / 60000, 0),
    (("second", "seconds", "sec", "secs", "s"), "minute", 1 / 60, 1),
    (("minute", "minutes", "min", "mins"), "minute", 1.0, 2),
    (("hour", "hours", "hr", "hrs"), "minute", 60.0, 3),
    (("day", "days"), "day", 1.0, 0),
    (("week", "weeks", "wk", "wks"), "week", 1.0, 0),
    (("fortnight", "fortnights"), "week", 2.0, 0),
    (("month", "months"), "month", 1.0, 0),
    (("year", "years", "yr", "yrs"), "year", 1.0, 0),
    (("decade", "decades"), "year", 10.0, 0),
    (("century", "centuries"), "year", 100.0, 0),
    (("km", "kms", "kilometre", "kilometres", "kilometer", "kilometers"), "km", 1.0, 0),
    (("metre", "metres", "meter", "meters"), "km", 1e-3, 0),
    (("mile", "miles"), "mile", 1.0, 0),
    (("kg", "kgs", "kilogram", "kilograms", "kilo", "kilos"), "kg", 1.0, 0),
    (("tonne", "tonnes", "ton", "tons"), "tonne", 1.0, 0),
    (("hectare", "hectares"), "hectare", 1.0, 0),
    (("acre", "acres"), "acre", 1.0, 0),
    (("mph",), "mph", 1.0, 0),
    (("kph", "kmh"), "km/h", 1.0, 0),
    (("storey", "storeys", "storied", "storeyed"), "storey", 1.0, 0),
    (("magnitude",), "magnitude", 1.0, 0),  # "a 7.7-magnitude quake"
):
    for _w in _words:
        _UNIT_WORDS[_w] = (_unit, _factor, _rank)

#: Units glued to digits ("90min", "2hrs", "40km", "1h").
_UNIT_SUFFIXES = {w: _UNIT_WORDS[w] for w in ("h", "hr", "hrs", "min", "mins", "sec", "secs", "km", "kms", "kg",
                                             "mph", "kph", "yr", "yrs") if w in _UNIT_WORDS}
_UNIT_SUFFIXES["h"] = ("minute", 60.0, 3)
_PERCENT_SUFFIXES = {"pc", "pct"}
_TIME_SUFFIXES = {"am", "pm"}
_DURATION_BASES = {"minute", "day", "week", "month", "year"}
#: Singular time units an article can count ("an hour", "a week"); "a second" is too ambiguous.
_ARTICLE_TIME_UNITS = {"minute", "hour", "day", "week", "fortnight", "month", "year", "decade", "century"}

_CURRENCY_SYMBOLS = {"$": "usd", "£": "gbp", "€": "eur", "¥": "jpy", "₽": "rub", "₴": "uah", "₹": "inr"}
#: Words glued before "$" naming the dollar ("US$", "A$").
_DOLLAR_PREFIXES = {"us": "usd", "a": "aud", "au": "aud", "c": "cad", "ca": "cad", "hk": "hkd", "nz": "nzd",
                    "s": "sgd"}
_CURRENCY_CODES = {"usd", "eur", "gbp", "jpy", "cny", "rub", "uah", "inr", "chf", "aud", "cad"}
_CURRENCY_WORDS = {
    "dollar": "usd", "dollars": "usd", "euro": "eur", "euros": "eur", "yen": "jpy", "yuan": "cny",
    "renminbi": "cny", "rouble": "rub", "roubles": "rub", "ruble": "rub", "rubles": "rub", "hryvnia": "uah",
    "hryvnias": "uah", "rupee": "inr", "rupees": "inr", "franc": "chf", "francs": "chf",
    **{c: c for c in _CURRENCY_CODES},
}
#: "pounds" is money only when scaled or followed by "sterling" (else it may be weight).
_POUND_WORDS = {"pound", "pounds"}
_MONEY_UNITS = {*_CURRENCY_SYMBOLS.values(), *_DOLLAR_PREFIXES.values(), *_CURRENCY_WORDS.values()}

_MONTHS = {
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
}
#: Month names that are also ordinary words; they count as months only when capitalized.
_AMBIGUOUS_MONTHS = {"may", "march", "jan", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"}
_CLOCK_WORDS = {"am", "pm", "o'clock", "o’clock", "gmt", "utc", "bst", "cet", "cest", "est", "edt", "pst", "pdt",
                "msk", "eet", "eest"}
#: Words before a year ("in 2024", "the 2024 election").
_YEAR_CONTEXT = {
    "in", "since", "by", "until", "till", "before", "after", "during", "early", "late", "mid", "of", "from",
    "through", "the", "summer", "spring", "autumn", "fall", "winter", "fiscal", "fy", "year", "until", "circa",
    "and", "to", "or", *_MONTHS,
}
#: Words before a label number ("Article 5", "Flight 370", "page 4").
_LABEL_WORDS = {
    "article", "section", "chapter", "clause", "paragraph", "page", "no", "nos", "number", "resolution", "flight",
    "route", "highway", "road", "room", "phase", "stage", "level", "round", "item", "line", "platform", "gate",
    "version", "model", "category", "type", "class", "division", "block", "building", "floor", "district", "ward",
    "zone", "sector", "channel", "episode", "season", "volume", "issue", "terminal", "runway", "exit", "junction",
    "grade", "tier", "code", "rule", "amendment", "act", "decree", "day", "week", "year", "unit", "reactor",
    "protocol", "point", "step", "figure", "table", "annex", "appendix", "lot", "bus", "train", "world", "war",
}
#: Words after which "a/an/one + time unit" is a duration ("for a week", "lasted an hour").
_DURATION_CONTEXT = {
    "for", "within", "in", "after", "lasted", "lasting", "last", "lasts", "took", "take", "takes", "taking",
    "only", "just", "than", "barely", "spent", "spend", "spends", "waited", "wait", "extra", "another",
    "over", "under", "about", "around", "nearly", "almost", "some", "roughly", "approximately", "least", "most",
    "to", "between", "by", "extend", "extended", "extends", "long", "whole", "entire", "full", "than",
}
#: Determiners before "one" that make it a pronoun ("the one", "no one", "every one").
_ONE_PRONOUN_BEFORE = {"the", "no", "any", "every", "each", "this", "that", "which", "someone", "anyone", "only",
                       "last", "next", "such", "little", "big", "new", "old", "right", "wrong", "same", "other"}
#: Words after "one" that make it a pronoun or idiom ("one of", "one another").
_ONE_PRONOUN_AFTER = {"of", "another", "or", "who", "that", "which", "way", "thing", "side", "hand", "time", "day",
                      "point", "by", "too", "and", "another's"}

_PARTITIVE_DETERMINERS = {"the", "its", "their", "his", "her", "our", "your", "these", "those", "all", "them"}

# Function words and verbs that end the search for a counted noun.
_NOUN_STOP = {
    "a", "an", "the", "this", "that", "these", "those", "its", "their", "his", "her", "our", "your", "my",
    "of", "in", "on", "at", "to", "from", "by", "with", "for", "into", "onto", "over", "under", "after", "before",
    "since", "during", "until", "till", "between", "among", "against", "across", "through", "about", "around",
    "up", "down", "out", "off", "away", "back", "ago", "earlier", "later", "than", "per", "via", "near", "inside",
    "outside", "within", "without", "toward", "towards", "upon", "beyond", "behind", "above", "below",
    "and", "or", "but", "nor", "so", "yet", "if", "as", "because", "while", "when", "where", "whereas",
    "who", "whom", "whose", "which", "what", "that", "there", "here", "then", "now", "also", "too", "even",
    "not", "no", "never", "only", "just", "still", "already", "each", "every", "all", "both", "some", "any",
    "more", "most", "less", "least", "fewer", "many", "much", "few", "several", "other", "another", "such",
    "is", "are", "was", "were", "be", "been", "being", "am", "has", "have", "had", "having", "do", "does", "did",
    "will", "would", "shall", "should", "can", "could", "may", "might", "must", "ought",
    "said", "says", "say", "told", "tells", "tell", "added", "adds", "according", "reported", "reports", "claimed",
    "claims", "stated", "states", "wrote", "writes", "noted", "notes", "warned", "warns", "insisted", "insists",
    "died", "dies", "remain", "remains", "remained", "left", "including", "included", "includes", "include",
    "he", "she", "it", "they", "we", "you", "i", "him", "them", "us", "me", "himself", "themselves", "itself",
    "percent", "pct", "cent", "percentage", "times", "fold", "apiece", "each", "ever", "yesterday", "today",
    "tomorrow", "tonight", "last", "next", "this", "year", "years", "old", "aged", "or", "so", "plus", "minus",
    "sterling", "overall", "total", "altogether", "respectively",
}
_INVARIANT_PLURALS = {
    "aircraft", "spacecraft", "hovercraft", "personnel", "police", "staff", "sheep", "fish", "deer", "offspring",
    "species", "series", "crew", "cattle", "livestock", "infantry", "artillery", "data", "media", "militia",
    "troops", "people", "civilians", "casualties", "news", "swine", "salmon", "bison", "means", "headquarters",
}
_IRREGULAR_SINGULAR = {
    "people": "person", "children": "child", "men": "man", "women": "woman", "feet": "foot", "teeth": "tooth",
    "mice": "mouse", "geese": "goose", "lives": "life", "wives": "wife", "knives": "knife", "wolves": "wolf",
    "halves": "half", "thieves": "thief", "leaves": "leaf", "loaves": "loaf", "shelves": "shelf",
    "criteria": "criterion", "phenomena": "phenomenon", "analyses": "analysis", "crises": "crisis",
    "theses": "thesis", "bases": "base", "oases": "oasis", "movies": "movie", "cookies": "cookie",
    "shoes": "shoe", "toes": "toe", "canoes": "canoe", "policemen": "policeman", "servicemen": "serviceman",
    "gunmen": "gunman", "firemen": "fireman", "fishermen": "fisherman", "spokesmen": "spokesman",
    "congressmen": "congressman", "businessmen": "businessman", "countrymen": "countryman", "passersby": "passerby",
    "dice": "die", "indices": "index", "matrices": "matrix", "vertices": "vertex",
}
_IRREGULAR_PLURAL = {v: k for k, v in _IRREGULAR_SINGULAR.items()}

# Qualifier phrases before a number: words -> mode.
_PREFIX_PHRASES: dict[tuple[str, ...], str] = {}
for _mode, _phrases in (
    ("about", ("about", "around", "approximately", "approx", "roughly", "some", "an estimated", "estimated",
               "close to", "circa", "in the region of", "on the order of", "something like", "give or take",
               "more or less")),
    ("nearly", ("nearly", "almost", "just under", "just shy of", "not quite", "a little under", "slightly under",
                "slightly less than", "a little less than", "just below", "just short of")),
    ("over", ("more than", "over", "above", "in excess of", "upwards of", "exceeding", "greater than", "north of",
              "well over", "well above", "far more than", "many more than", "much more than", "well in excess of")),
    ("just over", ("just over", "just above", "slightly more than", "slightly over", "a little over",
                   "a little more than", "just more than", "little more than", "slightly above")),
    ("at least", ("at least", "no fewer than", "no less than", "not less than", "not fewer than",
                  "a minimum of", "minimum of")),
    ("under", ("less than", "fewer than", "under", "below", "lower than", "well under", "well below",
               "far fewer than", "far less than")),
    ("up to", ("up to", "at most", "as many as", "as much as", "no more than", "not more than", "a maximum of",
               "maximum of", "at the most")),
    ("between", ("between",)),
    ("from", ("from",)),
):
    for _p in _phrases:
        _PREFIX_PHRASES[tuple(_p.split())] = _mode
_PREFIX_MAX_WORDS = max(len(p) for p in _PREFIX_PHRASES)

#: Nouns a rate may be expressed in with "a/an" ("$80 a barrel"); "per" takes any noun.
_RATE_NOUNS = {"barrel", "gallon", "litre", "liter", "tonne", "ton", "head", "person", "share", "kilo", "kilogram",
               "pound", "ounce", "unit", "month", "year", "week", "day", "hour", "minute", "night", "piece"}
_RATE_TIME = {"second": "second", "minute": "minute", "min": "minute", "hour": "hour", "hr": "hour", "day": "day",
              "week": "week", "month": "month", "year": "year", "annum": "year", "night": "night"}

_QUALIFIER_OF_MODE = {"about": "about", "nearly": "about", "over": "over", "just over": "over",
                      "at least": "at least", "under": "under", "up to": "up to"}

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
_SENTENCE_PUNCT = set(".!?\"'“”‘’:;()[]")


@dataclass
class _Tok:
    kind: str  # clock, time, num, numx, hm, other, word, cur, pct, dash, plus, tilde, slash, punct
    text: str
    start: int
    end: int
    low: str
    value: float = 0.0
    suffix: str = ""
    plain: bool = False  # digits only, no comma or decimal point


def _tokenize(text: str) -> list[_Tok]:
    toks: list[_Tok] = []
    for m in _TOKEN_RE.finditer(text):
        kind = m.lastgroup or "punct"
        s = m.group()
        tok = _Tok(kind, s, m.start(), m.end(), s.lower())
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


def _adjacent(a: _Tok, b: _Tok) -> bool:
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
class _Amt:
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


def _word(toks: list[_Tok], i: int) -> str:
    return toks[i].low if 0 <= i < len(toks) and toks[i].kind == "word" else ""


def _words_at(toks: list[_Tok], i: int, words: tuple[str, ...]) -> bool:
    return all(_word(toks, i + k) == w for k, w in enumerate(words))


def _read_spelled(toks: list[_Tok], i: int, current: float = 0.0, last: str | None = None) -> tuple[float, int, str] | None:
    """A spelled-out number from token i: (value, end, last kind) or None."""
    n = len(toks)
    total = 0.0
    last_scale = math.inf
    j = i
    while j < n:
        tk = toks[j]
        if tk.kind == "dash" and last == "ten" and j + 1 < n and _adjacent(toks[j - 1], tk) \
                and _adjacent(tk, toks[j + 1]) and toks[j + 1].low in _ONES and toks[j + 1].low != "zero":
            j += 1
            continue
        if tk.kind != "word":
            break
        w = tk.low
        if w == "and" and last in ("hundred", "scale") and (_word(toks, j + 1) in _ONES or
                                                           _word(toks, j + 1) in _TEENS or
                                                           _word(toks, j + 1) in _TENS):
            j += 1
            continue
        if w in _ONES and last in (None, "ten", "hundred", "scale"):
            if last == "ten" and _ONES[w] == 0:
                break
            current += _ONES[w]
            last = "one"
        elif w in _TEENS and last in (None, "hundred", "scale"):
            current += _TEENS[w]
            last = "teen"
        elif w in _TENS and last in (None, "hundred", "scale"):
            current += _TENS[w]
            last = "ten"
        elif w == "hundred" and last in ("one", "teen"):
            current = (current or 1) * 100  # "two hundred", "a hundred"
            last = "hundred"
        elif w in _BIG_SCALES and last in ("one", "teen", "ten", "hundred") and _BIG_SCALES[w] < last_scale:
            total += current * _BIG_SCALES[w]
            current = 0.0
            last_scale = _BIG_SCALES[w]
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


def _read_number(toks: list[_Tok], i: int) -> _Num | None:
    """A number (digits, words, "a dozen", "half a million") starting at token i."""
    n = len(toks)
    t = toks[i]
    if t.kind == "num":
        v = t.value
        j = i + 1
        if _words_at(toks, j, ("and", "a", "half")):
            v += 0.5
            j += 3
        raw = v
        scaled = False
        if _word(toks, j) in _SCALE_WORDS:
            v *= _SCALE_WORDS[_word(toks, j)]
            scaled = True
            j += 1
        return _Num(v, i, j, raw, scaled=scaled, plain=t.plain and j == i + 1)
    if t.kind == "hm":
        return _Num(t.value, i, i + 1, t.value, minutes=True)
    if t.kind == "numx":
        if t.suffix in _SCALE_SUFFIXES:
            return _Num(t.value * _SCALE_SUFFIXES[t.suffix], i, i + 1, t.value, scaled=True)
        if t.suffix in _UNIT_SUFFIXES or t.suffix in _PERCENT_SUFFIXES or t.suffix in _TIME_SUFFIXES:
            return _Num(t.value, i, i + 1, t.value, suffix=t.suffix)
        return None
    if t.kind != "word":
        return None
    w = t.low
    if w in ("a", "an"):
        nxt = _word(toks, i + 1)
        if nxt in _BIG_SCALES or nxt in ("hundred", "dozen"):
            got = _read_spelled(toks, i + 1, current=1.0, last="one")
            if got is None:
                return None
            v, j, last = got
            return _finish_spelled(toks, i, v, j, last)
        if nxt in _ARTICLE_TIME_UNITS:
            return _Num(1.0, i, i + 1, 1.0, weak=True, words=True)
        return None
    if w == "half":
        nxt = _word(toks, i + 1)
        if nxt in ("a", "an"):
            x = _word(toks, i + 2)
            if x in _BIG_SCALES or x == "dozen":
                v = 0.5 * _SCALE_WORDS[x]
                return _Num(v, i, i + 3, v, scaled=True, words=True)
            if x in _ARTICLE_TIME_UNITS:
                return _Num(0.5, i, i + 2, 0.5, words=True)
            return None
        if nxt in _ARTICLE_TIME_UNITS or (i + 2 < n and toks[i + 1].kind == "dash" and _adjacent(t, toks[i + 1])
                                           and _word(toks, i + 2) in _ARTICLE_TIME_UNITS):
            return _Num(0.5, i, i + 1, 0.5, words=True)  # "half an hour", "half-hour"
        return None
    if w in _ONES or w in _TEENS or w in _TENS:
        got = _read_spelled(toks, i)
        if got is None:
            return None
        v, j, last = got
        num = _finish_spelled(toks, i, v, j, last)
        num.weak = w == "one" and num.end == i + 1
        return num
    return None


def _finish_spelled(toks: list[_Tok], i: int, v: float, j: int, last: str) -> _Num:
    scaled = last in ("scale", "hundred", "dozen")
    raw = v
    if last != "scale" and _words_at(toks, j, ("and", "a", "half")):
        v += 0.5
        j += 3
        if _word(toks, j) in _BIG_SCALES:
            v *= _BIG_SCALES[_word(toks, j)]
            scaled = True
            j += 1
    return _Num(v, i, j, raw, scaled=scaled, words=True)


def _unit_at(toks: list[_Tok], k: int) -> tuple[str, float, int, int, bool] | None:
    """A unit word at token k, or after a hyphen there: (unit, factor, rank, end, hyphen)."""
    n = len(toks)
    hyphen = False
    if k < n and toks[k].kind == "dash" and k + 1 < n and _adjacent(toks[k - 1], toks[k]) \
            and _adjacent(toks[k], toks[k + 1]):
        hyphen = True
        k += 1
    w = _word(toks, k)
    if not w:
        return None
    if w in ("square", "sq") and _word(toks, k + 1) in ("km", "kms", "kilometres", "kilometers", "kilometre",
                                                         "kilometer"):
        return "km2", 1.0, 0, k + 2, hyphen
    if w == "nautical" and _word(toks, k + 1) in ("mile", "miles"):
        return "nautical mile", 1.0, 0, k + 2, hyphen
    if w == "metric" and _word(toks, k + 1) in ("ton", "tons", "tonne", "tonnes"):
        return "tonne", 1.0, 0, k + 2, hyphen
    if w == "km" and k + 2 < n and toks[k + 1].kind == "slash" and _word(toks, k + 2) == "h":
        return "km/h", 1.0, 0, k + 3, hyphen
    if w in _UNIT_WORDS:
        unit, factor, rank = _UNIT_WORDS[w]
        return unit, factor, rank, k + 1, hyphen
    return None


def _read_amount(toks: list[_Tok], i: int) -> _Amt | None:
    """A number with its currency, scale and unit starting at token i."""
    n = len(toks)
    t = toks[i]
    currency = ""
    j = i
    if t.kind == "word" and t.low in _DOLLAR_PREFIXES and i + 1 < n and toks[i + 1].text == "$" \
            and _adjacent(t, toks[i + 1]) and t.text.isupper():
        currency = _DOLLAR_PREFIXES[t.low]
        j = i + 2
    elif t.kind == "cur":
        currency = _CURRENCY_SYMBOLS[t.text]
        j = i + 1
    elif t.kind == "word" and t.text.isupper() and t.low in _CURRENCY_CODES and i + 1 < n \
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
    amt = _Amt(value, currency, i, end, num)
    if num.minutes:
        amt.unit, amt.rank, amt.explicit_unit = "minute", 2, True
    elif num.suffix in _TIME_SUFFIXES:
        amt.time_of_day = True
    elif num.suffix in _PERCENT_SUFFIXES:
        amt.unit, amt.explicit_unit = "percent", True
    elif num.suffix:
        unit, factor, rank = _UNIT_SUFFIXES[num.suffix]
        amt.unit, amt.value, amt.rank, amt.explicit_unit = unit, value * factor, rank, True
    elif currency:
        pass
    else:
        _read_unit_after(toks, amt)
    if amt.rank >= 2:
        _read_compound(toks, amt)
    return amt


def _read_unit_after(toks: list[_Tok], amt: _Amt) -> None:
    """Percent, currency word or measure unit after the number (in place)."""
    n = len(toks)
    k = amt.end
    w = _word(toks, k)
    if k < n and toks[k].kind == "pct":
        amt.unit, amt.end, amt.explicit_unit = "percent", k + 1, True
        return
    if w in ("percent", "pct"):
        amt.unit, amt.end, amt.explicit_unit = "percent", k + 1, True
    elif w == "per" and _word(toks, k + 1) == "cent":
        amt.unit, amt.end, amt.explicit_unit = "percent", k + 2, True
    elif w == "percentage" and _word(toks, k + 1) in ("point", "points"):
        amt.unit, amt.end, amt.explicit_unit = "percentage point", k + 2, True
    elif w == "percentage" and k + 2 < n and toks[k + 1].kind == "dash" and _word(toks, k + 2) in ("point", "points"):
        amt.unit, amt.end, amt.explicit_unit = "percentage point", k + 3, True
    elif w == "us" and _word(toks, k + 1) in ("dollar", "dollars"):
        amt.unit, amt.end, amt.explicit_unit = "usd", k + 2, True
    elif w in _CURRENCY_WORDS and not (w in _CURRENCY_CODES and not toks[k].text.isupper()):
        amt.unit, amt.end, amt.explicit_unit = _CURRENCY_WORDS[w], k + 1, True
    elif w in _POUND_WORDS and (amt.num.scaled or _word(toks, k + 1) == "sterling"):
        amt.unit, amt.end, amt.explicit_unit = "gbp", k + 1 + (_word(toks, k + 1) == "sterling"), True
    if amt.explicit_unit:
        return
    unit = _unit_at(toks, k)
    if unit is None:
        return
    name, factor, rank, end, hyphen = unit
    amt.unit, amt.value, amt.rank, amt.end, amt.hyphen, amt.explicit_unit = name, amt.value * factor, rank, end, \
        hyphen, True
    if not hyphen and amt.num.value != 1 and _word(toks, end - 1) in _ARTICLE_TIME_UNITS | {"second"}:
        amt.hyphen = True  # "a 30-60 day ceasefire": a singular unit after a plural number is an adjective
    # "19-year-old", "19 years old", "hour-long"
    if name == "year" and factor == 1.0:
        if end + 1 < n and toks[end].kind == "dash" and _word(toks, end + 1) == "old" and _adjacent(toks[end - 1],
                                                                                                    toks[end]):
            amt.unit, amt.end = "age", end + 2
        elif not hyphen and _word(toks, end) == "old":
            amt.unit, amt.end = "age", end + 1
    if amt.end + 1 < n and toks[amt.end].kind == "dash" and _word(toks, amt.end + 1) == "long" \
            and _adjacent(toks[amt.end - 1], toks[amt.end]):
        amt.end += 2
        amt.hyphen = True


def _read_compound(toks: list[_Tok], amt: _Amt) -> None:
    """Extend "1 hour" by "15 minutes", "and 15 minutes", "and a half" (in place)."""
    n = len(toks)
    factor = {3: 60.0, 2: 1.0, 1: 1 / 60}
    while amt.rank >= 2:
        k = amt.end
        joined = False
        if _word(toks, k) == "and" or (k < n and toks[k].text == ","):
            k += 1
            joined = True
        if joined and toks[k - 1].low == "and" and _words_at(toks, k, ("a", "half")):
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


# --- expressions -------------------------------------------------------------

def _prefix(toks: list[_Tok], start: int, floor: int = 0) -> tuple[str, int]:
    """The qualifier phrase right before token ``start`` and not before ``floor``: (mode, first token)."""
    if start - 1 >= floor and toks[start - 1].kind == "tilde":
        return "about", start - 1
    if start - 2 >= floor and toks[start - 1].text == "." and toks[start - 2].low in ("approx", "c", "ca", "est") \
            and _adjacent(toks[start - 2], toks[start - 1]):
        return "about", start - 2  # "approx. 40", "c. 40"
    words: list[str] = []
    k = start - 1
    while k >= floor and len(words) < _PREFIX_MAX_WORDS and toks[k].kind == "word":
        words.insert(0, toks[k].low)
        k -= 1
    for size in range(len(words), 0, -1):
        mode = _PREFIX_PHRASES.get(tuple(words[-size:]))
        if mode:
            return mode, start - size
    return "", start


def _range_tail(toks: list[_Tok], a: _Amt, mode: str) -> tuple[_Amt, str] | None:
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
        if _word(toks, k) == "to":
            connector = "to"
            k += 1
            if k < n and toks[k].kind == "dash":
                k += 1
    elif tk.low == "to":
        connector = "to"
        k += 1
    elif tk.low == "or" and _word(toks, k + 1) not in ("more", "so", "less", "fewer", "above", "over", "under"):
        connector = "or"
        k += 1
    elif tk.low == "and" and mode == "between":
        connector = "and"
        k += 1
    if not connector or k >= n:
        return None
    if connector == "dash" and tk.text == "-":
        glued = _adjacent(toks[a.end - 1], tk) and _adjacent(tk, toks[k])
        spaced = toks[a.end - 1].end < tk.start and tk.end < toks[k].start
        if not (glued or spaced):
            return None  # "30 -60": a list or a sign, not a range
    if toks[k].kind == "cur" and a.unit == "":
        return None
    b = _read_amount(toks, k)
    if b is None or b.time_of_day:
        return None
    if b.num.weak and toks[k].low in ("a", "an") and not b.explicit_unit:
        return None
    return b, connector


def _ratio_tail(toks: list[_Tok], a: _Amt) -> tuple[_Amt, float] | None:
    """ "in five" / "out of 10" after a count: (second amount, share in percent) or None."""
    if a.unit or a.explicit_unit or a.time_of_day:
        return None
    k = a.end
    if _word(toks, k) == "in":
        k += 1
    elif _words_at(toks, k, ("out", "of")):
        k += 2
    else:
        return None
    if k >= len(toks):
        return None
    b = _read_amount(toks, k)
    if b is None or b.unit or b.explicit_unit or b.time_of_day or b.num.weak or not b.value or b.value < a.value:
        return None
    if b.num.plain and YEAR_MIN <= b.value <= YEAR_MAX:
        return None  # "40 in 2022"
    if _inside_name(toks, b.num.start):
        return None
    return b, 100.0 * a.value / b.value


def _merge_range(a: _Amt, b: _Amt, connector: str) -> tuple[float, float, str] | None:
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


def _suffix_qualifier(toks: list[_Tok], k: int) -> tuple[str, int]:
    """ "or more", "or so", "+", "-plus" after the amount: (mode, end)."""
    n = len(toks)
    if k < n and toks[k].kind == "plus" and _adjacent(toks[k - 1], toks[k]):
        return "at least", k + 1
    if k + 1 < n and toks[k].kind == "dash" and _word(toks, k + 1) == "plus" and _adjacent(toks[k - 1], toks[k]):
        return "at least", k + 2
    if _word(toks, k) == "or":
        nxt = _word(toks, k + 1)
        if nxt == "so":
            return "about", k + 2
        if nxt in ("more", "above", "over"):
            return "at least", k + 2
        if nxt in ("less", "fewer", "under"):
            return "up to", k + 2
    return "", k


def _rate_after(toks: list[_Tok], k: int) -> tuple[str, int]:
    """A rate ("a day", "per year", "/month") after a unit amount: (per, end) or ("", k)."""
    n = len(toks)
    w = _word(toks, k)
    if k < n and toks[k].kind == "slash" and _word(toks, k + 1) and _word(toks, k + 1) not in _NOUN_STOP:
        nxt = _word(toks, k + 1)
        return _RATE_TIME.get(nxt, _singular(nxt)), k + 2
    if w in ("a", "an", "each", "every"):
        nxt = _word(toks, k + 1)
        base = _RATE_TIME.get(nxt) or (_singular(nxt) if _singular(nxt) in _RATE_NOUNS else "")
        if base:
            return base, k + 2
    if w == "per":
        nxt = _word(toks, k + 1)
        if nxt and nxt != "cent" and nxt not in _NOUN_STOP:
            return _RATE_TIME.get(nxt, _singular(nxt)), k + 2
    return "", k


def _is_month(tok: _Tok | None) -> bool:
    if tok is None or tok.kind != "word" or tok.low not in _MONTHS:
        return False
    return tok.low not in _AMBIGUOUS_MONTHS or tok.text[0].isupper()


def _prev_word_tok(toks: list[_Tok], k: int) -> _Tok | None:
    """The token before k, stepping over an abbreviation's period ("Sept. 11", "No. 5")."""
    if k - 1 >= 0 and toks[k - 1].kind == "word":
        return toks[k - 1]
    if k - 2 >= 0 and toks[k - 1].text == "." and toks[k - 2].kind == "word" and _adjacent(toks[k - 2], toks[k - 1]):
        return toks[k - 2]
    return None


def _sentence_start(toks: list[_Tok], k: int) -> bool:
    return k == 0 or (toks[k - 1].kind in ("punct", "dash") and toks[k - 1].text in _SENTENCE_PUNCT | {"—", "–"})


def _inside_name(toks: list[_Tok], i: int) -> bool:
    """Digits glued to a name ("G7", "COVID-19", "F-16", "9/11", "#3")."""
    t = toks[i]
    if t.kind not in ("num", "numx", "hm", "other"):
        return False
    if i > 0:
        p = toks[i - 1]
        if _adjacent(p, t):
            if p.kind == "word" or p.kind == "slash" or p.text in ("#", ".", "'", "’", "_", "@", ":", "&", "=", "^"):
                return True
            if p.kind == "dash" and i > 1 and _adjacent(toks[i - 2], p) and (
                    toks[i - 2].kind in ("word", "other", "numx") and toks[i - 2].low not in _TENS):
                return True
    if i + 1 < len(toks):
        nx = toks[i + 1]
        if _adjacent(t, nx) and (nx.kind == "slash" or nx.text in ("_", "@", "&")):
            return True
        if _adjacent(t, nx) and nx.text == "." and i + 2 < len(toks) and _adjacent(nx, toks[i + 2]) \
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
    first: _Amt
    last: _Amt
    is_range: bool
    ratio: bool = False


def _parse_expression(toks: list[_Tok], i: int, floor: int = 0) -> tuple[_Expr | None, int] | None:
    """The quantity expression whose number starts at token i: (expr or None when excluded, next index).

    Qualifier words before ``floor`` belong to an earlier quantity and are not read.
    """
    a = _read_amount(toks, i)
    if a is None:
        return None
    n = len(toks)
    if _inside_name(toks, a.num.start):
        end = a.end
        # swallow a glued chain ("COVID-19-related", "2025-06-04")
        while end + 1 < n and toks[end].kind == "dash" and _adjacent(toks[end - 1], toks[end]) \
                and toks[end + 1].kind in ("num", "numx") and _adjacent(toks[end], toks[end + 1]):
            end += 2
        return None, end
    mode, pstart = _prefix(toks, a.start, floor)
    ratio = _ratio_tail(toks, a)
    if ratio is not None:  # "one in five", "3 out of 10": a share, in percent
        b, pct = ratio
        expr = _Expr(pstart if mode in _QUALIFIER_OF_MODE else a.start, b.end, pct, pct, pct, "percent",
                     _QUALIFIER_OF_MODE.get(mode, ""), a, b, False, ratio=True)
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
            if b.end + 1 < n and toks[b.end].kind == "dash" and _adjacent(toks[b.end - 1], toks[b.end]) \
                    and toks[b.end + 1].kind in ("num", "numx") and connector == "dash":
                end = b.end
                while end + 1 < n and toks[end].kind == "dash" and toks[end + 1].kind in ("num", "numx"):
                    end += 2
                return None, end
            merged = _merge_range(a, b, connector)
            if merged is None:
                if connector == "dash" and not b.explicit_unit and not a.explicit_unit and \
                        _adjacent(toks[a.end - 1], toks[a.end]):
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
        expr = _Expr(start, end, a.value, a.value, a.value, a.unit, _QUALIFIER_OF_MODE.get(mode, ""), a, a, False)
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


def _excluded(toks: list[_Tok], expr: _Expr, noun: str, noun_plural: bool) -> bool:
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
    if plain_ints and nxt is not None and (nxt.kind == "time" or (nxt.kind == "word" and nxt.low in _CLOCK_WORDS)):
        if all(x.value <= CLOCK_HOUR_MAX or (len(toks[x.start].text) == 4 and x.value % 100 < 60) for x in nums):
            return True
    if expr.unit == "minute" and a.num.plain and before is not None and before.low == "at" \
            and len(toks[a.num.start].text) == 4:
        return True  # "at 1400 hours"
    # dates: "June 4", "4 June", "4-6 June", "June 4, 2025"
    if plain_ints and all(1 <= x.value <= DATE_DAY_MAX for x in nums):
        if _is_month(before) or _is_month(nxt if nxt is not None and nxt.kind == "word" else None):
            return True
        if _word(toks, after) == "of" and after + 1 < n and _is_month(toks[after + 1]):
            return True
    # years: "in 2025", "2014-2022", "the 2024 election"
    if plain_ints and all(YEAR_MIN <= x.value <= YEAR_MAX and len(toks[x.start].text) == 4 for x in nums):
        year_context = before is not None and before.low in _YEAR_CONTEXT
        if not noun_plural or year_context or _is_month(before):
            return True
    # labels: "Article 5", "Boeing 737", "No. 10", "Prefect 3.9"
    digits_only = expr.unit == "" and all(toks[x.start].kind == "num" and not x.scaled for x in nums)
    if digits_only and not noun_plural and expr.qualifier == "" and before is not None:
        k = expr.start - 1 if toks[expr.start - 1].kind == "word" else expr.start - 2
        if before.low in _LABEL_WORDS:
            return True
        if before.text[0].isupper() and before.low not in _NOUN_STOP and before.low not in _DURATION_CONTEXT \
                and before.low not in _YEAR_CONTEXT and not _sentence_start(toks, k) and not _is_month(before):
            return True
    # "two days ago": a time reference that depends on the day of writing
    if expr.unit in _DURATION_BASES and _word(toks, after) == "ago":
        return True
    # "a week", "one day": a duration only in duration context or as an adjective
    if a.num.weak and not expr.is_range:
        if a.unit in _DURATION_BASES:
            if not (a.hyphen or a.compound or expr.qualifier or (before is not None and before.low in _DURATION_CONTEXT)):
                return True
        elif a.unit == "":
            if not noun or (before is not None and before.low in _ONE_PRONOUN_BEFORE) \
                    or _word(toks, a.end) in _ONE_PRONOUN_AFTER:
                return True
    return False


# --- nouns ------------------------------------------------------------------

def _looks_plural(word: str) -> bool:
    w = word.rsplit("-", 1)[-1]
    if w[:1].isdigit():
        return w.endswith("s")  # "f-16s"
    if w in _INVARIANT_PLURALS or w in _IRREGULAR_SINGULAR:
        return True
    return len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is", "'s", "’s"))


def _singular(word: str) -> str:
    """A rough singular of a lowercase noun ("casualties" -> "casualty", "children" -> "child")."""
    head, sep, w = word.rpartition("-")
    for poss in ("'s", "’s", "'", "’"):
        if w.endswith(poss):
            w = w[: -len(poss)]
            break
    if w in _IRREGULAR_SINGULAR:
        w = _IRREGULAR_SINGULAR[w]
    elif w in _INVARIANT_PLURALS and w not in ("troops", "civilians", "casualties", "people"):
        pass
    elif len(w) > 4 and w.endswith("ies"):
        w = w[:-3] + "y"
    elif len(w) > 3 and w.endswith(("sses", "ches", "shes", "xes", "zzes", "oes")):
        w = w[:-2]
    elif len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    elif w[:1].isdigit() and w.endswith("s"):
        w = w[:-1]  # "f-16s"
    return head + sep + w


def _plural(noun: str) -> str:
    head, sep, w = noun.rpartition("-")
    if w in _IRREGULAR_PLURAL:
        w = _IRREGULAR_PLURAL[w]
    elif w in _INVARIANT_PLURALS:
        pass
    elif w.endswith("y") and len(w) > 1 and w[-2] not in "aeiou":
        w = w[:-1] + "ies"
    elif w.endswith(("s", "x", "z", "ch", "sh")):
        w = w + "es"
    else:
        w = w + "s"
    return head + sep + w


def _noun_run(toks: list[_Tok], k: int, lowercase: bool = False) -> list[tuple[str, bool]]:
    """Up to NOUN_LOOKAHEAD_WORDS content words from token k: (lowercase word, written capitalized)."""
    n = len(toks)
    words: list[tuple[str, bool]] = []
    while k < n and len(words) < NOUN_LOOKAHEAD_WORDS:
        tk = toks[k]
        if tk.kind != "word" or (lowercase and not tk.text.islower()):
            break
        w = tk.low
        if w in _NOUN_STOP or w in QUANTITY_WORDS or _is_month(tk) or w in _UNIT_WORDS or w in _CURRENCY_WORDS:
            break
        k += 1
        while k + 1 < n and toks[k].kind == "dash" and _adjacent(toks[k - 1], toks[k]) \
                and _adjacent(toks[k], toks[k + 1]) and toks[k + 1].kind in ("word", "num", "numx", "other"):
            nxt = toks[k + 1]
            if nxt.kind == "numx" and nxt.suffix == "s":
                w += "-" + nxt.low[:-1] + "s"  # "F-16s": a plural model name
            else:
                w += "-" + nxt.low
            k += 2
        words.append((w, tk.text[:1].isupper()))
    return words


def _head_noun(toks: list[_Tok], k: int, value: float, partitive_only: bool = False,
               modifier: bool = False) -> tuple[str, bool, bool]:
    """The noun counted by a number ending before token k: (lemma, written plural, written capitalized).

    ``partitive_only``: only "of (the) NOUN" ("40 percent of voters");
    ``modifier``: the amount qualifies a lowercase noun right after it ("a 30-day ceasefire").
    """
    run = [] if partitive_only else _noun_run(toks, k, lowercase=modifier)
    if not run and not modifier and _word(toks, k) == "of":
        j = k + 1
        while _word(toks, j) in _PARTITIVE_DETERMINERS and _word(toks, j) != "them":
            j += 1
        run = _noun_run(toks, j)
    run = [(w, cap) for w, cap in run if len(w) > 1]
    # a participle after a plural noun ends the phrase ("40 aircraft destroyed", not "four occupied regions")
    for idx in range(1, len(run)):
        if run[idx][0].endswith(("ed", "ing")) and any(_looks_plural(w) for w, _ in run[:idx]):
            run = run[:idx]
            break
    plural = [(w, cap) for w, cap in run if _looks_plural(w)]
    if value != 1 and plural:
        return _singular(plural[0][0]), True, plural[0][1]
    singular = [(w, cap) for w, cap in run if not _looks_plural(w) and not w.endswith(("ed", "ly"))]
    nouns = [x for x in singular if not x[0].endswith("ing")] or singular  # "meeting" only when nothing else
    if nouns:
        return _singular(nouns[-1][0]), False, nouns[-1][1]
    if plural:
        return _singular(plural[0][0]), True, plural[0][1]
    return "", False, False


# --- public API ---------------------------------------------------------------

def parse_quantities(text: str, offset: int = 0) -> tuple[Quantity, ...]:
    """Every quantity stated in ``text``, in order, with spans shifted by ``offset``.

    A span covers the qualifier, currency, number, scale and unit ("more than
    $7bn", "between 30 and 60 days"), not the counted noun.
    """
    toks = _tokenize(text)
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


def _to_quantity(toks: list[_Tok], text: str, expr: _Expr, offset: int) -> tuple[Quantity, int] | None:
    """The Quantity for an expression and the token after it, or None when it is not a quantity."""
    unit = expr.unit
    end = expr.end
    noun, plural, capitalized = "", False, False
    if unit == "":
        noun, plural, capitalized = _head_noun(toks, end, expr.value)
    elif unit == "percent":
        noun, plural, capitalized = _head_noun(toks, end, expr.value, partitive_only=not expr.ratio)
    elif expr.last.hyphen or unit in _MONEY_UNITS:
        noun, plural, capitalized = _head_noun(toks, end, 1.0, modifier=True)  # "a 30-day ceasefire"
    if unit == "" and not expr.is_range and _word(toks, expr.start - 1) == "aged":
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
        value=_clean(expr.value), unit=unit, qualifier=expr.qualifier, low=_clean(expr.low), high=_clean(expr.high),
        text=text[start_char:end_char], span=Span(start_char + offset, end_char + offset), noun=noun,
    )
    return made, end


def _clean(x: float) -> float:
    """Round away float noise (0.1·3) so equal wordings give equal values."""
    if not math.isfinite(x) or x == 0:
        return x
    return float(f"{x:.12g}")


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


def comparable(a: Quantity, b: Quantity) -> bool:
    """Whether two quantities measure the same kind of thing: same unit, and same noun when both name one."""
    if a.unit != b.unit:
        return False
    return not a.noun or not b.noun or a.noun == b.noun


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
    if unit in _MONEY_UNITS:
        sym = _SYMBOL_OF.get(unit)
        parts = [f"{sym}{_fmt_scaled(v)}" if sym else f"{_fmt_scaled(v)} {unit.upper()}" for v in values]
        return " to ".join(parts)
    if unit == "percent":
        return "-".join(_fmt_plain(v) for v in values) + "%" + (f" of {_plural(noun)}" if noun else "")
    nums = values
    if unit == "minute":
        div, one, many = _minutes_unit(values)
        nums = [v / div for v in values]
    elif unit == "age":
        return "-".join(_fmt_plain(v) for v in values) + " years old"
    elif unit in _UNIT_NAMES:
        one, many = _UNIT_NAMES[unit]
    elif unit == "":
        one, many = (noun, _plural(noun)) if noun else ("", "")
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
            core = "about " + _fmt_with_unit([_clean(low), _clean(high)], unit, q.noun)
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
