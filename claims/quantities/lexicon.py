"""The words and thresholds quantities are read with: number words, scales, units, currencies, months."""
from __future__ import annotations

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

ONES = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
}
TEENS = {
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}
#: Scale words that close a group of a spelled-out number ("two million three hundred").
BIG_SCALES = {"thousand": 1e3, "lakh": 1e5, "million": 1e6, "crore": 1e7, "billion": 1e9, "trillion": 1e12}
#: Scale words accepted after digits ("12 million", "7 bn", "3 dozen").
SCALE_WORDS = {**BIG_SCALES, "hundred": 100.0, "dozen": 12.0, "bn": 1e9, "mn": 1e6, "mln": 1e6, "tn": 1e12,
                "trn": 1e12}
#: Scale suffixes glued to digits ("7bn", "1.2m", "5k").
SCALE_SUFFIXES = {"k": 1e3, "m": 1e6, "mn": 1e6, "mln": 1e6, "b": 1e9, "bn": 1e9, "bln": 1e9, "tn": 1e12,
                   "trn": 1e12}

#: Every word that can make (part of) a number; callers and tests may use it.
QUANTITY_WORDS = frozenset(
    [*ONES, *TENS, *TEENS, *SCALE_WORDS, "a", "an", "half", "and"]
)

# unit word -> (base unit, factor to the base unit, rank among hour/minute/second for compounds)
UNIT_WORDS: dict[str, tuple[str, float, int]] = {}
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
        UNIT_WORDS[_w] = (_unit, _factor, _rank)

#: Units glued to digits ("90min", "2hrs", "40km", "1h").
UNIT_SUFFIXES = {w: UNIT_WORDS[w] for w in ("h", "hr", "hrs", "min", "mins", "sec", "secs", "km", "kms", "kg",
                                             "mph", "kph", "yr", "yrs") if w in UNIT_WORDS}
UNIT_SUFFIXES["h"] = ("minute", 60.0, 3)
PERCENT_SUFFIXES = {"pc", "pct"}
TIME_SUFFIXES = {"am", "pm"}
DURATION_BASES = {"minute", "day", "week", "month", "year"}
#: Singular time units an article can count ("an hour", "a week"); "a second" is too ambiguous.
ARTICLE_TIME_UNITS = {"minute", "hour", "day", "week", "fortnight", "month", "year", "decade", "century"}

CURRENCY_SYMBOLS = {"$": "usd", "£": "gbp", "€": "eur", "¥": "jpy", "₽": "rub", "₴": "uah", "₹": "inr"}
#: Words glued before "$" naming the dollar ("US$", "A$").
DOLLAR_PREFIXES = {"us": "usd", "a": "aud", "au": "aud", "c": "cad", "ca": "cad", "hk": "hkd", "nz": "nzd",
                    "s": "sgd"}
CURRENCY_CODES = {"usd", "eur", "gbp", "jpy", "cny", "rub", "uah", "inr", "chf", "aud", "cad"}
CURRENCY_WORDS = {
    "dollar": "usd", "dollars": "usd", "euro": "eur", "euros": "eur", "yen": "jpy", "yuan": "cny",
    "renminbi": "cny", "rouble": "rub", "roubles": "rub", "ruble": "rub", "rubles": "rub", "hryvnia": "uah",
    "hryvnias": "uah", "rupee": "inr", "rupees": "inr", "franc": "chf", "francs": "chf",
    **{c: c for c in CURRENCY_CODES},
}
#: "pounds" is money only when scaled or followed by "sterling" (else it may be weight).
POUND_WORDS = {"pound", "pounds"}
MONEY_UNITS = {*CURRENCY_SYMBOLS.values(), *DOLLAR_PREFIXES.values(), *CURRENCY_WORDS.values()}

MONTHS = {
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
}
#: Month names that are also ordinary words; they count as months only when capitalized.
AMBIGUOUS_MONTHS = {"may", "march", "jan", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"}
CLOCK_WORDS = {"am", "pm", "o'clock", "o’clock", "gmt", "utc", "bst", "cet", "cest", "est", "edt", "pst", "pdt",
                "msk", "eet", "eest"}
#: Words before a year ("in 2024", "the 2024 election").
YEAR_CONTEXT = {
    "in", "since", "by", "until", "till", "before", "after", "during", "early", "late", "mid", "of", "from",
    "through", "the", "summer", "spring", "autumn", "fall", "winter", "fiscal", "fy", "year", "until", "circa",
    "and", "to", "or", *MONTHS,
}
#: Words before a label number ("Article 5", "Flight 370", "page 4").
LABEL_WORDS = {
    "article", "section", "chapter", "clause", "paragraph", "page", "no", "nos", "number", "resolution", "flight",
    "route", "highway", "road", "room", "phase", "stage", "level", "round", "item", "line", "platform", "gate",
    "version", "model", "category", "type", "class", "division", "block", "building", "floor", "district", "ward",
    "zone", "sector", "channel", "episode", "season", "volume", "issue", "terminal", "runway", "exit", "junction",
    "grade", "tier", "code", "rule", "amendment", "act", "decree", "day", "week", "year", "unit", "reactor",
    "protocol", "point", "step", "figure", "table", "annex", "appendix", "lot", "bus", "train", "world", "war",
}
#: Words after which "a/an/one + time unit" is a duration ("for a week", "lasted an hour").
DURATION_CONTEXT = {
    "for", "within", "in", "after", "lasted", "lasting", "last", "lasts", "took", "take", "takes", "taking",
    "only", "just", "than", "barely", "spent", "spend", "spends", "waited", "wait", "extra", "another",
    "over", "under", "about", "around", "nearly", "almost", "some", "roughly", "approximately", "least", "most",
    "to", "between", "by", "extend", "extended", "extends", "long", "whole", "entire", "full", "than",
}
#: Determiners before "one" that make it a pronoun ("the one", "no one", "every one").
ONE_PRONOUN_BEFORE = {"the", "no", "any", "every", "each", "this", "that", "which", "someone", "anyone", "only",
                       "last", "next", "such", "little", "big", "new", "old", "right", "wrong", "same", "other"}
#: Words after "one" that make it a pronoun or idiom ("one of", "one another").
ONE_PRONOUN_AFTER = {"of", "another", "or", "who", "that", "which", "way", "thing", "side", "hand", "time", "day",
                      "point", "by", "too", "and", "another's"}

PARTITIVE_DETERMINERS = {"the", "its", "their", "his", "her", "our", "your", "these", "those", "all", "them"}

# Function words and verbs that end the search for a counted noun.
NOUN_STOP = {
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
INVARIANT_PLURALS = {
    "aircraft", "spacecraft", "hovercraft", "personnel", "police", "staff", "sheep", "fish", "deer", "offspring",
    "species", "series", "crew", "cattle", "livestock", "infantry", "artillery", "data", "media", "militia",
    "troops", "people", "civilians", "casualties", "news", "swine", "salmon", "bison", "means", "headquarters",
}
IRREGULAR_SINGULAR = {
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
IRREGULAR_PLURAL = {v: k for k, v in IRREGULAR_SINGULAR.items()}

# Qualifier phrases before a number: words -> mode.
PREFIX_PHRASES: dict[tuple[str, ...], str] = {}
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
        PREFIX_PHRASES[tuple(_p.split())] = _mode
PREFIX_MAX_WORDS = max(len(p) for p in PREFIX_PHRASES)

#: Nouns a rate may be expressed in with "a/an" ("$80 a barrel"); "per" takes any noun.
RATE_NOUNS = {"barrel", "gallon", "litre", "liter", "tonne", "ton", "head", "person", "share", "kilo", "kilogram",
               "pound", "ounce", "unit", "month", "year", "week", "day", "hour", "minute", "night", "piece"}
RATE_TIME = {"second": "second", "minute": "minute", "min": "minute", "hour": "hour", "hr": "hour", "day": "day",
              "week": "week", "month": "month", "year": "year", "annum": "year", "night": "night"}

QUALIFIER_OF_MODE = {"about": "about", "nearly": "about", "over": "over", "just over": "over",
                      "at least": "at least", "under": "under", "up to": "up to"}
