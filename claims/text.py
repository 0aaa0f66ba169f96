"""Text helpers every rule shares: the one stemmer, word lists, name cleaning (no spaCy: cheap to import).

The word lists live in claims/data/lexicon.toml. Matching, contradiction rules, claim
splitting and speaker resolution all read words through this module, so they see the
same terms for the same text.
"""
from __future__ import annotations

import re
import tomllib
import unicodedata
from functools import lru_cache
from importlib import resources


def _load_lexicon() -> dict:
    with resources.files("claims").joinpath("data/lexicon.toml").open("rb") as fh:
        return tomllib.load(fh)


#: claims/data/lexicon.toml as loaded: word lists (white-space separated) and tables.
LEXICON: dict = _load_lexicon()


def lexicon_words(key: str) -> frozenset[str]:
    """A word list of the lexicon as a set."""
    return frozenset(LEXICON[key].split())


#: Function words and reporting verbs: never content terms.
STOP_WORDS = lexicon_words("stop_words")
#: Words that never name what a quantity measures (numbers, units, qualifiers).
MEASURE_WORDS = lexicon_words("measure_words")
#: Words that negate what follows them.
NEGATIONS = lexicon_words("negations")
#: Words passed over when looking for what a negation applies to ("was not even destroyed").
SKIP_AFTER_NEGATION = lexicon_words("skip_after_negation")
#: Titles and roles written before a name ("President", "Gen.", "Foreign Minister").
TITLES = lexicon_words("titles")
#: Role words after a possessive: "the Kremlin's spokesperson" speaks for the Kremlin.
ROLE_WORDS = lexicon_words("role_words")
#: Pronouns: a speaker label made of them names nobody.
PRONOUNS = lexicon_words("pronouns")
#: Words of a speaker label that are not part of a name.
NOT_NAME_WORDS = TITLES | ROLE_WORDS | PRONOUNS
#: Nationality words before a title or name ("Russian President Vladimir Putin").
NATIONALITIES = lexicon_words("nationalities")
#: Words that make a name an organization.
ORG_WORDS = lexicon_words("org_words")
#: Speaker words that name nobody in particular ("officials", "sources", "he").
GENERIC_SPEAKERS = lexicon_words("generic_speakers")
#: Words that state opposite things, as pairs of sides ("reject rejected ...", "accept accepted ...").
ANTONYMS: tuple[tuple[str, str], ...] = tuple((x, y) for x, y in LEXICON["antonyms"])
#: Ordinal words and their numbers ("third" -> 3).
ORDINALS: dict[str, int] = dict(LEXICON["ordinals"])

#: A duration stated as an ordinal ("now in its third year"): groups ``n`` (the ordinal) and ``unit``.
ORDINAL_PERIOD = re.compile(
    r"\bin\s+(?:its|their|the|his|her|our)\s+(?P<n>" + "|".join(ORDINALS) + r"|\d+(?:st|nd|rd|th))\s+"
    r"(?P<unit>year|month|week|day)\b",
    re.IGNORECASE,
)


# --- words ---------------------------------------------------------------------------------

@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The one light stemmer: a lower-case word without its plural or verb ending ("airfields" -> "airfield").

    The learned merge model (claims/data/merge_model.json) was trained on terms stemmed this way.
    """
    for suffix in ("ies", "es", "s", "ed", "ing", "ly"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def word_key(word: str) -> str:
    """A written word as the stemmer reads it: lower case, straight apostrophe, no possessive."""
    w = word.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    return w.strip("'-")


def demonym_key(word: str) -> str:
    """A place and its people's adjective as one key ("Russian"/"Russia", "Ukrainian"/"Ukraine").

    Not a word stemmer (see ``stem``): it folds the endings of nationality words only.
    """
    w = word.lower().strip(".’'")
    for suffix in ("ians", "ian", "ans", "an", "ese", "ish", "s", "a", "e"):
        if len(w) > len(suffix) + 3 and w.endswith(suffix):
            return w[: -len(suffix)]
    return w


# --- names ---------------------------------------------------------------------------------

_SPACE = re.compile(r"\s+")
_NAME_EDGES = " \t\n,.;:\"'“”‘’()[]"
_TRAILING_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")
_POSSESSIVE = re.compile(r"^(?P<owner>.+?)(?:'s|’s|'|’)\s+(?P<rest>.+)$")
_NON_NAME = re.compile(r"[^\w\s-]", re.UNICODE)


def _trimmed(text: str) -> str:
    return _SPACE.sub(" ", text).strip(_NAME_EDGES)


def clean_name(text: str) -> str:
    """Name text without titles, possessive and surrounding punctuation ("Mr. Putin's" -> "Putin")."""
    words = _TRAILING_POSSESSIVE.sub("", _trimmed(text)).split(" ")
    while len(words) > 1 and words[0].lower() in TITLES:
        words = words[1:]
    return " ".join(words).strip()


def clean_speaker(raw: str) -> str:
    """A speaker phrase as a name to pool across articles: ``clean_name`` that also drops a leading
    "the", a nationality, the role in "Kremlin spokesman Dmitry Peskov" and the owner or the role
    around a possessive ("Kremlin's spokesperson" -> Kremlin, "Ukraine's Volodymyr Zelenskyy" -> the name)."""
    text = _trimmed(raw)
    m = _POSSESSIVE.match(text)
    if m:
        owner, rest = m.group("owner"), m.group("rest")
        rest_words = rest.split()
        if all(w.lower() in ROLE_WORDS or w.lower() in TITLES for w in rest_words):
            text = owner
        elif rest_words and all(w[:1].isupper() for w in rest_words):
            text = rest
    words = _TRAILING_POSSESSIVE.sub("", text).split()
    roles = [i for i, w in enumerate(words) if w.lower().strip(".") in TITLES | ROLE_WORDS]
    if roles and len(words) - roles[-1] - 1 >= 2 and all(w[:1].isupper() for w in words[roles[-1] + 1:]):
        words = words[roles[-1] + 1:]
    while len(words) > 1 and (words[0].lower().strip(".") in TITLES or words[0].lower() == "the"
                              or (words[0].lower() in NATIONALITIES and words[1][:1].isupper())):
        words = words[1:]
    return " ".join(words)


def fold(text: str) -> str:
    """Lower case, no accents, no punctuation except hyphens, single spaces: a name's lookup key."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("’", "'")
    text = _NON_NAME.sub(" ", text.lower())
    return " ".join(text.split())


@lru_cache(maxsize=20_000)
def name_tokens(name: str) -> frozenset[str]:
    """The words of a speaker label that can be part of a name ("President Donald Trump" -> donald, trump)."""
    return frozenset(t for t in re.findall(r"[a-z]+", name.lower()) if len(t) > 2 and t not in NOT_NAME_WORDS)


def is_named(name: str) -> bool:
    """Whether a speaker is named ("Piet Holm", "the SBU") rather than described ("officials", "mayor")."""
    for t in re.findall(r"[A-Za-z][A-Za-z'’\-]*", name or ""):
        if t[0].isupper() and t.lower() not in NOT_NAME_WORDS and not (t.isupper() and len(t) > 4):
            return True
    return False


def same_person(a: str, b: str) -> bool:
    """Whether two speaker names can be one person ("Trump" / "Donald Trump")."""
    ta, tb = name_tokens(a), name_tokens(b)
    if not ta or not tb:
        return a.strip().lower() == b.strip().lower()
    return ta <= tb or tb <= ta


def surname_key(name: str) -> str:
    """A person's surname (the last word of the name that is not a title): "Donald Trump" → trump."""
    toks = [t for t in re.findall(r"[a-z]+", name.lower()) if len(t) > 2 and t not in NOT_NAME_WORDS]
    return toks[-1] if toks else name.lower()


# --- words of a claim, for the contradiction rules ------------------------------------------

_WORD = re.compile(r"[A-Za-z][A-Za-z'’\-]*|\d[\d,.]*")


@lru_cache(maxsize=50_000)
def words(text: str, keep_case: bool = False) -> tuple[str, ...]:
    """Words and numbers of a text, lower-cased unless asked ("didn't" → "did", "n't"); cached per text."""
    out = []
    for m in _WORD.finditer(text):
        w = m.group(0).replace("’", "'")
        if not keep_case:
            w = w.lower()
        if w.lower().endswith("n't"):
            out += [w[:-3], "n't"]
        else:
            out.append(w)
    return tuple(out)


def common_words(text: str) -> list[str]:
    """Words written in lower case (names and sentence starts left out)."""
    return [t for t in words(text, keep_case=True) if t[:1].islower() or t == "n't"] if text else []


def is_content(word: str) -> bool:
    """Whether a word can say what a claim is about: not a stop, measure or negation word, not a number."""
    w = word.lower()
    return w not in STOP_WORDS and w not in MEASURE_WORDS and w not in NEGATIONS and len(w) > 2 and not w[0].isdigit()


def word_stem(word: str) -> str:
    """``stem`` of a word as written ("Destroyed's" → destroy)."""
    return stem(word_key(word))


def content_stems(tokens) -> set[str]:
    """Stems of the content words among ``tokens``."""
    return {word_stem(t) for t in tokens if is_content(t)}


def written_as(stem_: str, text: str) -> str:
    """The word as written in ``text`` whose stem is ``stem_`` ("destroy" → "destroyed"); "" when none."""
    for t in words(text):
        if word_stem(t) == stem_:
            return t
    return ""


def negated_targets(tokens) -> set[str]:
    """Stems of the words a negation applies to ("was not destroyed" → destroy)."""
    out = set()
    for i, t in enumerate(tokens):
        if t in NEGATIONS:
            for w in tokens[i + 1 : i + 5]:
                if w in SKIP_AFTER_NEGATION or w in NEGATIONS:
                    continue
                if w not in STOP_WORDS and w not in MEASURE_WORDS and len(w) > 2:
                    out.add(word_stem(w))
                break
    return out


_CLAUSE = re.compile(r"[,;:.!?()\[\]—–]|\s-\s|\bbut\b|\band\b|\bwhile\b|\bwhereas\b", re.IGNORECASE)


@lru_cache(maxsize=50_000)
def asserted(text: str) -> frozenset[str]:
    """Stems of content words not in the scope of a negation (which runs to the end of its clause)."""
    out = set()
    for clause in _CLAUSE.split(text):
        negated = False
        for t in words(clause):
            if t in NEGATIONS:
                negated = True
            elif not negated and is_content(t):
                out.add(word_stem(t))
    return frozenset(out)


def without_negation(text: str) -> str:
    """The words of a text with its negation words left out."""
    return " ".join(t for t in words(text) if t not in NEGATIONS)


# --- the one tokenizer of claim contents (clustering, merge model, contradictions, splitting) ---

_QUOTES = re.compile(r"[\"“”‘’'`«»]")
_NON_WORD = re.compile(r"[^\w%$€£.]+", re.UNICODE)
_LEADING = re.compile(r"^(that|whether|if)\s+", re.IGNORECASE)
_TOKEN = re.compile(r"[a-z0-9$€£%]+(?:[.,][0-9]+)?")

#: Stances that say the opposite of each other about the same content.
OPPOSITE_STANCES = frozenset({
    frozenset({"reject", "accept"}), frozenset({"deny", "assert"}), frozenset({"oppose", "support"}),
    frozenset({"deny", "accept"}), frozenset({"reject", "support"}), frozenset({"oppose", "accept"}),
})


def normalize_content(text: str) -> str:
    """Lower-case content words: quotes, punctuation and a leading "that" dropped."""
    text = _QUOTES.sub(" ", text)
    text = _NON_WORD.sub(" ", text).strip(" .").lower()
    return _LEADING.sub("", text)


_TERM_MEMO: dict[str, str] = {}


def analyze(text: str) -> tuple[list[str], bool]:
    """Content terms of a text (stemmed, stop words dropped) and whether it carries a negation."""
    low = text.lower().replace("’", "'")
    negated = "n't" in low
    memo = _TERM_MEMO
    if len(memo) > 2_000_000:
        memo.clear()
    out = []
    for w in _TOKEN.findall(low):
        t = memo.get(w)
        if t is None:
            t = memo[w] = "" if (w in STOP_WORDS or len(w) < 2) else stem(w)
        if t:
            out.append(t)
        elif not negated and w in NEGATIONS:
            negated = True
    return out, negated


def content_terms(text: str) -> list[str]:
    """Content words of a claim, stemmed, in order (stop words and one-letter words dropped)."""
    return analyze(text)[0]


def content_words(text: str) -> frozenset[str]:
    return frozenset(content_terms(text))


_NEGATION = re.compile(r"\b(?:" + "|".join(sorted(w for w in NEGATIONS if w != "n't")) + r")\b|n[’']t\b", re.IGNORECASE)


def negated(text: str) -> bool:
    """Whether a text carries any negation word of the lexicon ("not", "never", "n't", "no", "without", ...)."""
    return bool(_NEGATION.search(text))


def has_negation(text: str) -> bool:
    """The merge model's negation feature: "n't" or a negation among the function words ("not", "no");
    content-word negations ("never", "without") are not counted, as the model was trained."""
    return analyze(text)[1]
