"""Rules that find claims which cannot both be true.

Claims are compared when they speak of the same thing, never all pairs:

- the same speaker (any rule; opposite positions reported days apart are
  ``changed`` rather than ``polarity``);
- the same measured thing across speakers and outlets: quantities of one unit
  (and one counted noun, when both name it) whose nearby words overlap
  ("The *call lasted* about 1 hour and 15 minutes" / "his 85-minute phone *call*");
- the same words across speakers: a quote given to two different people.

Kinds and what each needs:

- ``numeric``: the values of one measured thing disagree beyond what their
  qualifiers allow ("more than 40" agrees with 41; "about 70" and "about 75"
  from two accounts are two different estimates).
- ``polarity``: one claim negates what the other asserts ("was not destroyed
  but damaged" / "was destroyed"), or one speaker takes opposite stances.
- ``attribution``: the same quote given to different speakers by different outlets.
- ``changed``: one speaker's opposite positions reported at least
  ``changed_min_days`` apart.

Each ``Contradiction`` carries a reason a person can read ("CBS News: about 75
minutes; Al Jazeera: 85 minutes"), a subject to group it under, a score in
0..1, and a ``key`` naming the disagreement itself (kind, thing, values or
speakers), so that a reviewer's decision on it also covers the same
disagreement met again in new articles.

Pure logic: no I/O.
"""
from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from datetime import datetime
from typing import Iterable, Sequence

from rapidfuzz import fuzz

from .matching import OPPOSITE_STANCES, normalize_content
from .model import Quantity, StoredClaim


@dataclass(frozen=True)
class ContradictionSettings:
    """Thresholds of the contradiction rules; equal when every threshold is."""

    #: Similarity (0-100) of two contents of ONE speaker with numbers masked at or above which
    #: they measure the same thing even when the words near the numbers differ.
    numeric_same_subject: float = 75.0
    #: Similarity (0-100) of two contents with negation removed at or above which opposite positions
    #: are about the same content (token_sort_ratio for one speaker's stances, token_set_ratio for a
    #: negation against an assertion).
    polarity_same_subject: float = 80.0
    #: Words read on each side of a quantity as what it measures ("the call lasted ...").
    context_words: int = 6
    #: Context words (stemmed, beside the counted noun) two quantities must share to measure one thing.
    min_shared_context: int = 1
    #: Relative gap between two approximate values ("about 70" / "about 75") from different
    #: speakers at or above which they are two different estimates.
    approx_gap: float = 0.05
    #: Factor between two values (their nearest bounds) beyond which they measure different things
    #: (a $14 million fund and a $25,000 fee) rather than disagree about one.
    max_value_ratio: float = 3.0
    #: Days between two articles beyond which claims of different speakers are not about one event.
    max_days_apart: float = 7.0
    #: Share (0-1) of the smaller article's names (capitalized words of its claims) the other article must
    #: mention too before claims of different speakers in them are compared: one story, not two.
    same_event_overlap: float = 0.2
    #: Similarity (0-100, partial_ratio of normalized words) at or above which two quotes are the same words.
    attribution_same_quote: float = 90.0
    #: Words the shorter of two quotes needs before a different speaker counts as a misattribution.
    attribution_min_words: int = 8
    #: Content words (stemmed, beside the negated word) two claims of different speakers must share
    #: before a negation in one and an assertion in the other clash.
    polarity_min_shared: int = 3
    #: Days between two reports of one speaker at or above which opposite positions are "changed".
    changed_min_days: float = 2.0


@dataclass(frozen=True)
class Contradiction:
    """Two claims that disagree; equal when every field is."""

    kind: str  # numeric, polarity, attribution, changed
    claim_id_a: int
    claim_id_b: int
    reason: str
    subject: str
    score: float
    key: str = field(default="", compare=False)  # the disagreement itself, the same for new evidence of it
    #: (what side a says, what side b says, how closely they match): used to keep one pair per disagreement
    sides: tuple = field(default=(), compare=False, repr=False)


# --- words -----------------------------------------------------------------------

_WORD = re.compile(r"[A-Za-z][A-Za-z'’\-]*|\d[\d,.]*")
_NEGATION = frozenset({"not", "no", "never", "n't", "neither", "nor", "without", "none", "nothing"})
_SKIP_AFTER_NEG = frozenset({
    "be", "been", "being", "was", "were", "is", "are", "am", "have", "has", "had", "yet", "ever", "so", "very",
    "to", "at", "all", "only", "just", "fully", "entirely", "really", "actually", "directly", "even",
    "immediately", "necessarily", "get", "got", "do", "does", "did", "will", "would", "could", "can", "should",
})
_STOP = frozenset(
    """a an the of to in on for and or but that this these those is are was were be been being will would shall
    should can could may might must has have had do does did it its it's he she they his her their him them we our
    us i you your me my with by at from as not no never into onto over under about around approximately roughly
    some nearly almost more than less fewer least most just only up down out also then there here when while where
    which who whom whose what why how said says say saying told tell added according time now since after before
    during per than very such one two three four five six seven eight nine ten eleven twelve hundred thousand
    million billion trillion dozen half minute minutes hour hours second seconds day days week weeks month months
    year years percent per cent mr mrs ms dr""".split()
)


@lru_cache(maxsize=200_000)
def _stem(word: str) -> str:
    w = word.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    w = w.strip("'-")
    for suffix in ("ing", "ed", "es", "s"):
        if len(w) > len(suffix) + 2 and w.endswith(suffix):
            return w[: -len(suffix)]
    return w


@lru_cache(maxsize=50_000)
def _tokens(text: str, keep_case: bool = False) -> tuple[str, ...]:
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


def _common_words(text: str) -> list[str]:
    """Tokens written in lower case (names and sentence starts left out)."""
    return [t for t in _tokens(text, keep_case=True) if t[:1].islower() or t == "n't"] if text else []


def _is_content(t: str) -> bool:
    t = t.lower()
    return t not in _STOP and t not in _NEGATION and len(t) > 2 and not t[0].isdigit()


def _content_stems(tokens: Iterable[str]) -> set[str]:
    return {_stem(t) for t in tokens if _is_content(t)}


def _negated_targets(tokens: Sequence[str]) -> set[str]:
    """Stems of the words a negation applies to ("was not destroyed" → destroy)."""
    out = set()
    for i, t in enumerate(tokens):
        if t in _NEGATION:
            for w in tokens[i + 1 : i + 5]:
                if w in _SKIP_AFTER_NEG or w in _NEGATION:
                    continue
                if w not in _STOP and len(w) > 2:
                    out.add(_stem(w))
                break
    return out


_CLAUSE = re.compile(r"[,;:.!?()\[\]—–]|\s-\s|\bbut\b|\band\b|\bwhile\b|\bwhereas\b", re.IGNORECASE)


@lru_cache(maxsize=50_000)
def _asserted(text: str) -> frozenset[str]:
    """Stems of content words not in the scope of a negation (which runs to the end of its clause)."""
    out = set()
    for clause in _CLAUSE.split(text):
        negated = False
        for t in _tokens(clause):
            if t in _NEGATION:
                negated = True
            elif not negated and _is_content(t):
                out.add(_stem(t))
    return frozenset(out)


# --- measured things ---------------------------------------------------------------

_ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12,
}
_ORDINAL_PERIOD = re.compile(
    r"\bin\s+(?:its|their|the|his|her|our)\s+(?P<n>" + "|".join(_ORDINALS) + r"|\d+(?:st|nd|rd|th))\s+"
    r"(?P<unit>year|month|week|day)\b",
    re.IGNORECASE,
)
#: "in its Nth year" lasted at least N-1 and less than N whole units; the upper end is kept just below N.
_BELOW = 1e-6


def ordinal_periods(text: str) -> tuple[Quantity, ...]:
    """Durations stated as "(now) in its third year": N-1 up to (not including) N units."""
    out = []
    for m in _ORDINAL_PERIOD.finditer(text):
        raw = m.group("n").lower()
        n = _ORDINALS.get(raw) or int(re.sub(r"\D", "", raw))
        low, high = float(n - 1), n * (1 - _BELOW)
        out.append(Quantity(value=(low + high) / 2, unit=m.group("unit").lower(), qualifier="range", low=low,
                            high=high, text=m.group(0)))
    return tuple(out)


#: Where a quantity's clause ends: punctuation, quotation marks, a dash between spaces.
_BOUNDARY = re.compile(r"[,;:.!?()\[\]“”\"—–]|\s['‘’]|['‘’](?=\s|$)|\s-\s")


@dataclass(frozen=True)
class _Measure:
    q: Quantity
    context: frozenset[str]
    change: bool = False  # "fell by 18 percent": a change of the thing, not its level


#: Words right before a quantity that make it a change ("fell by 18%", "up 5%") rather than a level.
_CHANGE_WORDS = frozenset({"by", "up", "down", "plus", "minus"})


@lru_cache(maxsize=50_000)
def _measures(claim: StoredClaim, settings: ContradictionSettings) -> tuple[_Measure, ...]:
    content = claim.content
    quantities = tuple(claim.quantities) + ordinal_periods(content)
    out = []
    lower = content.lower()
    for q in quantities:
        at = lower.find(q.text.lower()) if q.text else -1
        if at < 0:
            ctx = _content_stems(_common_words(content))
        else:
            # the quantity's own clause: "The conversation lasted about 1 hour and 15 minutes," stops at the comma
            heads = _BOUNDARY.split(content[:at])
            tail = _BOUNDARY.split(content[at + len(q.text):])[0]
            before = [_stem(t) for t in _common_words(heads[-1]) if _is_content(t)][-settings.context_words:]
            after = [_stem(t) for t in _common_words(tail) if _is_content(t)][: settings.context_words]
            if q.unit and q.noun:
                after = []  # "his 85-minute phone call with Putin as ...": the call is the thing, not what follows
            if not before and not after and len(heads) > 1:
                # an apposition: "the Russia-Ukraine war, now in its third year" measures the war
                before = [_stem(t) for t in _common_words(heads[-2]) if _is_content(t)][-settings.context_words:]
            ctx = set(before) | set(after)
        if q.noun and not q.unit:
            from .quantities import _plural  # noqa: PLC0415

            # a count's noun must match anyway (comparable); it is not extra evidence
            ctx -= {_stem(q.noun), _stem(_plural(q.noun)), _plural(q.noun).lower()}
        elif q.noun:
            ctx.add(_stem(q.noun))  # "85-minute phone call": the call is what lasted
        prev = _tokens(content[:at])[-1:] if at > 0 else []
        out.append(_Measure(q, frozenset(ctx), change=bool(prev) and prev[0] in _CHANGE_WORDS))
    return tuple(out)


def _same_thing(ma: _Measure, mb: _Measure, settings: ContradictionSettings) -> set[str] | None:
    """The shared context words when both quantities measure one thing, else None."""
    from .quantities import comparable

    if not comparable(ma.q, mb.q) or ma.change != mb.change:
        return None
    if not ma.q.unit and not (ma.q.noun and mb.q.noun):
        return None  # a bare count ("nearly 3", "two") says too little about what is counted
    shared = set(ma.context & mb.context)
    if len(shared) < settings.min_shared_context:
        return None
    return shared


def _rel_gap(x: float, y: float) -> float:
    if not (math.isfinite(x) and math.isfinite(y)):
        return 0.0
    top = max(abs(x), abs(y))
    return abs(x - y) / top if top else 0.0


def nearest_ratio(a: Quantity, b: Quantity) -> float:
    """How many times larger the nearer bound of one interval is than the other's (1 when they overlap)."""
    if a.high < b.low:
        lo, hi = a.high, b.low
    elif b.high < a.low:
        lo, hi = b.high, a.low
    else:
        return 1.0
    if lo <= 0 or not math.isfinite(hi):
        return math.inf if hi > 0 else 1.0
    return hi / lo


def _interval_gap(a: Quantity, b: Quantity) -> float:
    """Relative distance between two intervals that do not overlap (0 when they do)."""
    if a.high < b.low:
        return _rel_gap(a.high, b.low)
    if b.high < a.low:
        return _rel_gap(b.high, a.low)
    return 0.0


_THING = {"minute": "duration", "day": "duration", "week": "duration", "month": "duration", "year": "duration",
          "percent": "share", "usd": "amount", "eur": "amount", "gbp": "amount"}


def _subject(q: Quantity, shared: set[str]) -> str:
    from .quantities import _plural  # noqa: PLC0415 - the same plural the descriptions use

    if q.noun:
        return f"number of {_plural(q.noun)}" if not q.unit else f"{q.noun}: {_THING.get(q.unit, q.unit)}"
    words = ", ".join(sorted(shared)[:3])
    return f"{_THING.get(q.unit.partition('/')[0], q.unit or 'count')} ({words})"


# --- labels --------------------------------------------------------------------------

def claim_label(c: StoredClaim) -> str:
    """How a claim's side is named in a reason: the outlet, and the speaker when it is someone else."""
    src = c.source or f"claim {c.claim_id}"
    if c.speaker and c.speaker != c.source and c.quote_type != "narration":
        return f"{src} ({c.speaker})"
    return src


@lru_cache(maxsize=20_000)
def _name_tokens(name: str) -> frozenset[str]:
    return frozenset(t for t in re.findall(r"[a-z]+", name.lower()) if len(t) > 2 and t not in _TITLES)


_TITLES = frozenset({"mr", "mrs", "ms", "dr", "president", "prime", "minister", "the", "sen", "rep", "gov",
                     "secretary", "general", "former", "spokesman", "spokeswoman", "spokesperson", "aide", "mayor",
                     "governor", "chancellor", "king", "queen", "chief", "clerk", "officials", "official", "he",
                     "she", "they", "we", "it", "his", "her", "its", "their"})


def _is_named(name: str) -> bool:
    """Whether a speaker is named ("Piet Holm", "the SBU") rather than described ("officials", "mayor")."""
    for t in re.findall(r"[A-Za-z][A-Za-z'’\-]*", name or ""):
        if t[0].isupper() and t.lower() not in _TITLES and not (t.isupper() and len(t) > 4):
            return True
    return False


def _same_person(a: str, b: str) -> bool:
    """Whether two speaker names can be one person ("Trump" / "Donald Trump")."""
    ta, tb = _name_tokens(a), _name_tokens(b)
    if not ta or not tb:
        return a.strip().lower() == b.strip().lower()
    return ta <= tb or tb <= ta


def _days_apart(a: StoredClaim, b: StoredClaim) -> float | None:
    if not a.published or not b.published:
        return None
    try:
        da, db = datetime.fromisoformat(a.published), datetime.fromisoformat(b.published)
    except ValueError:
        return None
    return abs((da - db).total_seconds()) / 86400


# --- rules -----------------------------------------------------------------------------

def numeric_conflict(a: StoredClaim, b: StoredClaim, settings: ContradictionSettings | None = None) -> Contradiction | None:
    """Both claims measure the same thing and their values disagree beyond their qualifiers."""
    from .quantities import describe, quantities_compatible

    settings = settings or ContradictionSettings()
    ma_all, mb_all = _measures(a, settings), _measures(b, settings)
    if not ma_all or not mb_all:
        return None
    same_speaker = bool(a.speaker) and _same_person(a.speaker, b.speaker)
    wording = None
    best = None
    for ma in ma_all:
        for mb in mb_all:
            shared = _same_thing(ma, mb, settings)
            if shared is None and same_speaker:
                from .quantities import comparable

                if comparable(ma.q, mb.q):
                    if wording is None:
                        wording = float(fuzz.token_sort_ratio(_masked(a.content), _masked(b.content)))
                    if wording >= settings.numeric_same_subject:
                        shared = set()
            if shared is None:
                continue
            qa, qb = ma.q, mb.q
            if nearest_ratio(qa, qb) > settings.max_value_ratio:
                continue
            if not quantities_compatible(qa, qb):
                gap = _interval_gap(qa, qb)
            elif (not same_speaker and qa.qualifier == "about" and qb.qualifier == "about"
                  and _rel_gap(qa.value, qb.value) >= settings.approx_gap):
                gap = _rel_gap(qa.value, qb.value) / 2  # two estimates: weaker than a clash of bounds
            else:
                continue
            subject_strength = min(1.0, (len(shared) + 1) / 3)
            score = round(0.5 * subject_strength + 0.5 * min(1.0, gap / 0.2 + 0.25), 3)
            if best is None or score > best[0]:
                best = (score, qa, qb, shared, ma.context | mb.context)
    if best is None:
        return None
    score, qa, qb, shared, around = best
    reason = f"{claim_label(a)}: {describe(qa)}; {claim_label(b)}: {describe(qb)}"
    values = sorted([describe(qa), describe(qb)])
    key = f"numeric|{qa.unit}|{qa.noun or qb.noun}|{values[0]}|{values[1]}"
    shared = {_word_for(w, a.content) or _word_for(w, b.content) or w for w in shared}
    return Contradiction("numeric", a.claim_id, b.claim_id, reason, _subject(qa if qa.noun else qb, shared), score, key,
                         (values_of(qa), values_of(qb), len(shared), qa.unit, qa.noun or qb.noun, around))


def values_of(q: Quantity) -> str:
    """A quantity's value group: what one side of a numeric disagreement says."""
    return f"{q.unit}:{q.value:g}"


_MASK = re.compile(r"\d[\d,.]*|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|hundred|thousand|million|"
                   r"billion|an hour|half)\b", re.IGNORECASE)


def _masked(text: str) -> str:
    return normalize_content(_MASK.sub(" # ", text))


def _without_negation(text: str) -> str:
    return " ".join(t for t in _tokens(text) if t not in _NEGATION)


_PAST = {"reject": "rejected", "accept": "accepted", "deny": "denied", "assert": "asserted",
         "support": "supported", "oppose": "opposed"}


def _short(text: str, words: int = 14) -> str:
    parts = " ".join(text.split()).split(" ")
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")


def polarity_conflict(a: StoredClaim, b: StoredClaim, settings: ContradictionSettings | None = None) -> Contradiction | None:
    """Opposite positions on the same content: opposite stances of one speaker, or a negation against an assertion."""
    settings = settings or ContradictionSettings()
    same_speaker = bool(a.speaker) and _same_person(a.speaker, b.speaker)
    ta, tb = _tokens(a.content), _tokens(b.content)
    stances = frozenset({a.stance, b.stance})
    hit_word = ""
    if same_speaker and stances in OPPOSITE_STANCES:
        sim = float(fuzz.token_sort_ratio(_without_negation(a.content), _without_negation(b.content)))
        if sim < settings.polarity_same_subject:
            return None
        what_a, what_b = _PAST.get(a.stance, a.stance), _PAST.get(b.stance, b.stance)
        score = round(sim / 100, 3)
    else:
        na, nb = _negated_targets(ta), _negated_targets(tb)
        if not na and not nb:
            return None
        clash = (na & _asserted(b.content)) - nb or (nb & _asserted(a.content)) - na
        if not clash:
            return None
        hit_word = sorted(clash)[0]
        shared = (_content_stems(ta) & _content_stems(tb)) - clash
        if len(shared) < settings.polarity_min_shared:
            return None
        sim = float(fuzz.token_set_ratio(_without_negation(a.content), _without_negation(b.content)))
        if sim < settings.polarity_same_subject:
            return None
        a_neg = hit_word in na
        word = _word_for(hit_word, a.content) or _word_for(hit_word, b.content) or hit_word
        what_a = f"not {word}" if a_neg else word
        what_b = word if a_neg else f"not {word}"
        score = round(0.5 * sim / 100 + 0.5 * min(1.0, len(shared) / 6), 3)
    days = _days_apart(a, b)
    kind = "changed" if same_speaker and days is not None and days >= settings.changed_min_days else "polarity"
    if hit_word:
        reason = f"{claim_label(a)}: {what_a}; {claim_label(b)}: {what_b}"
    else:
        reason = f"{claim_label(a)}: {a.speaker} {what_a}; {claim_label(b)}: {b.speaker} {what_b}"
        if kind == "changed":
            reason += f" ({days:.0f} days later)"
    ends = sorted([f"{a.cluster_id or 'c' + str(a.claim_id)}", f"{b.cluster_id or 'c' + str(b.claim_id)}"])
    key = f"{kind}|{ends[0]}|{ends[1]}"
    return Contradiction(kind, a.claim_id, b.claim_id, reason, _short(_strip_quotes(a.content), 10), score, key)


def _word_for(stem: str, text: str) -> str:
    """The word as written whose stem is ``stem`` ("destroy" → "destroyed")."""
    for t in _tokens(text):
        if _stem(t) == stem:
            return t
    return ""


def _strip_quotes(text: str) -> str:
    return " ".join(re.sub(r"[“”„«»\"]", "", text).split()).strip(" ,.;:")


def attribution_conflict(a: StoredClaim, b: StoredClaim,
                         settings: ContradictionSettings | None = None) -> Contradiction | None:
    """The same quoted words given to two different speakers by two outlets."""
    settings = settings or ContradictionSettings()
    if a.quote_type not in ("direct", "mixed") or b.quote_type not in ("direct", "mixed"):
        return None
    if not _is_named(a.speaker) or not _is_named(b.speaker) or _same_person(a.speaker, b.speaker):
        return None  # unnamed ("president", "officials", a dateline) or the same person
    if a.source and a.source == b.source:
        return None
    words_a, words_b = set(_tokens(a.content)), set(_tokens(b.content))
    names_a, names_b = _name_tokens(a.speaker), _name_tokens(b.speaker)
    # a speaker named inside a quote ("President Putin did say ...") means a report of a report: both may be right
    if (names_a | names_b) & (words_a | words_b):
        return None
    wa, wb = " ".join(_tokens(a.content)), " ".join(_tokens(b.content))
    short, long = sorted((wa, wb), key=len)
    if len(short.split()) < settings.attribution_min_words:
        return None
    sim = float(fuzz.partial_ratio(short, long))
    if sim < settings.attribution_same_quote:
        return None
    quote = _short(short, 10)
    reason = f"{claim_label(a)}: said by {a.speaker}; {claim_label(b)}: said by {b.speaker} — “{quote}”"
    speakers = sorted([a.speaker, b.speaker])
    key = f"attribution|{speakers[0]}|{speakers[1]}|{' '.join(short.split()[:12])}"
    whole = float(fuzz.ratio(wa, wb))  # how close the two versions are as a whole, for choosing among pairs
    score = round(0.7 * sim / 100 + 0.3 * whole / 100, 3)
    return Contradiction("attribution", a.claim_id, b.claim_id, reason, f"who said “{quote}”", score, key,
                         (_speaker_key(a.speaker), _speaker_key(b.speaker), 0))


RULES = (attribution_conflict, numeric_conflict, polarity_conflict)


# --- blocking ------------------------------------------------------------------------------

def _blocks(c: StoredClaim, settings: ContradictionSettings, df: Counter) -> list[tuple]:
    """The block keys of a claim: its speaker, its measured units, its three rarest content words."""
    keys: list[tuple] = []
    # two versions of one quote or statement share their rarest words
    words = sorted(_content_stems(_tokens(c.content)), key=lambda w: (df[w], -len(w), w))[:3]
    keys += [("word", w) for w in words]
    if c.speaker:  # one speaker's claims on one subject: the speaker with each rare word
        who = _speaker_key(c.speaker)
        keys += [("speaker", who, w) for w in words]
    for m in _measures(c, settings):  # a measured thing: its unit with each word around it
        keys += [("unit", m.q.unit, w) for w in m.context]
        if m.q.noun:
            keys.append(("unit", m.q.unit, "#" + m.q.noun))
    return keys


def detect_contradictions(new: Sequence[StoredClaim], existing: Sequence[StoredClaim],
                          settings: ContradictionSettings | None = None) -> list[Contradiction]:
    """Compare each new claim with earlier and new claims about the same thing.

    Blocked by speaker, by measured unit and by rare quote words, so the work grows
    with the claims that share a block, not with the square of the warehouse.
    Within one pair the first matching rule wins (attribution, numeric, polarity).
    """
    settings = settings or ContradictionSettings()
    names = _article_names([*existing, *new])
    df: Counter = Counter(w for c in [*existing, *new] for w in _content_stems(_tokens(c.content)))
    index: dict[tuple, list[StoredClaim]] = defaultdict(list)
    for c in existing:
        for k in set(_blocks(c, settings, df)):
            index[k].append(c)
    found: list[Contradiction] = []
    seen: set[tuple[int, int]] = set()
    for claim in sorted(new, key=lambda c: c.claim_id):
        keys = set(_blocks(claim, settings, df))
        for k in keys:
            for other in index[k]:
                if other.article_id == claim.article_id or other.claim_id == claim.claim_id:
                    continue
                pair = tuple(sorted((claim.claim_id, other.claim_id)))
                if pair in seen:
                    continue
                seen.add(pair)
                first, second = (other, claim) if other.claim_id < claim.claim_id else (claim, other)
                same_speaker = bool(first.speaker) and _same_person(first.speaker, second.speaker)
                days = _days_apart(first, second)
                if not same_speaker and days is not None and days > settings.max_days_apart:
                    continue
                if not same_speaker and _overlap(names, first.article_id, second.article_id) < settings.same_event_overlap:
                    continue
                for rule in RULES:
                    hit = rule(first, second, settings)
                    if hit:
                        found.append(hit)
                        break
        for k in keys:
            index[k].append(claim)
    claims = {c.claim_id: c for c in [*existing, *new]}
    return _with_subjects(_mutual_best(found, claims), claims, settings)


_HOW = {"minute": "how long", "day": "how long", "week": "how long", "month": "how long", "year": "how long",
        "": "how many", "percent": "what share", "percentage point": "what change", "age": "how old"}


def _with_subjects(found: list[Contradiction], claims: dict[int, StoredClaim],
                   settings: ContradictionSettings) -> list[Contradiction]:
    """Numeric contradictions named by what is measured, one heading per thing in a report.

    Disagreements in one unit whose surrounding words overlap are one thing; it is named
    by its counted noun, else by the word around it most often used as a measured noun
    ("85-minute call"), else the most frequent one: "how long: call", "how many: aircraft".
    """
    counts: dict[str, Counter] = defaultdict(Counter)
    nouns: dict[str, set] = defaultdict(set)
    for c in claims.values():
        for m in _measures(c, settings):
            counts[m.q.unit].update(m.context)
            if m.q.noun:
                nouns[m.q.unit].add(_stem(m.q.noun))
    numeric = [i for i, f in enumerate(found) if f.kind == "numeric" and len(f.sides) >= 6]
    parent = {i: i for i in numeric}

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for x, i in enumerate(numeric):
        for j in numeric[x + 1:]:
            (ui, ni, ai), (uj, nj, aj) = found[i].sides[3:6], found[j].sides[3:6]
            if ui == uj and (not ni or not nj or ni == nj) and (ai & aj or (ni and ni == nj)):
                parent[root(i)] = root(j)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in numeric:
        groups[root(i)].append(i)
    out = list(found)
    for members in groups.values():
        unit = found[members[0]].sides[3]
        named = Counter(found[i].sides[4] for i in members if found[i].sides[4])
        noun = named.most_common(1)[0][0] if named and not unit else ""  # a count is named by what it counts
        around = set().union(*(found[i].sides[5] for i in members))
        how = _HOW.get(unit.partition("/")[0], "how much")
        if noun:
            what = noun
        elif around:
            texts = [claims[c].content for i in members for c in (found[i].claim_id_a, found[i].claim_id_b)]

            def written(stem: str) -> str:
                return next((w for w in (_word_for(stem, t) for t in texts) if w), stem)

            # a measured noun first ("85-minute call"), then a word not written in the past tense, then the commonest
            stem = max(sorted(around), key=lambda w: (w in nouns[unit], not written(w).endswith("ed"),
                                                       counts[unit][w]))
            what = written(stem)
        else:
            continue
        for i in members:
            f = found[i]
            out[i] = Contradiction(f.kind, f.claim_id_a, f.claim_id_b, f.reason, f"{how}: {what}", f.score, f.key,
                                   f.sides)
    return out


def _article_names(claims: Iterable[StoredClaim]) -> dict[int, set[str]]:
    """Per article, the names its claims mention (capitalized words that are not common words or titles)."""
    out: dict[int, set[str]] = defaultdict(set)
    for c in claims:
        for t in _tokens(c.content, keep_case=True):
            low = t.lower()
            if t[:1].isupper() and len(t) > 2 and low not in _STOP and low not in _TITLES and low not in _NEGATION:
                out[c.article_id].add(low.replace("’", "'").removesuffix("'s"))
    return out


def _overlap(names: dict[int, set[str]], a: int, b: int) -> float:
    """The share of the smaller article's names the other mentions (1 when either names nothing)."""
    na, nb = names.get(a, set()), names.get(b, set())
    if not na or not nb:
        return 1.0
    return len(na & nb) / min(len(na), len(nb))


def _mutual_best(found: list[Contradiction], claims: dict[int, StoredClaim]) -> list[Contradiction]:
    """One pair per disagreement and claim: numeric and attribution pairs are kept only when each
    claim is the other's best match among the claims saying the same thing.

    When seven outlets say 75 minutes and one says 85, the 85 is raised once, against
    the closest primary version of the 75 (a direct quote first, then the most shared
    context, then the score), not against every outlet that agrees.
    """
    best: dict[tuple, tuple] = {}
    # how often other outlets give an article's quotes of one speaker to someone else: an article that
    # misattributes one quote tends to misattribute its neighbours, so it is a poor reference
    def who(c: StoredClaim) -> tuple:
        return (c.article_id, _speaker_key(c.speaker))

    disputed = Counter(who(claims[i]) for f in found if f.kind == "attribution" for i in (f.claim_id_a, f.claim_id_b))
    for f in found:
        if not f.sides:
            continue
        side_a, side_b, closeness = f.sides[:3]
        a, b = claims[f.claim_id_a], claims[f.claim_id_b]
        for mine, other, other_side in ((a, b, side_b), (b, a, side_a)):
            # a primary version first (the speaker's words quoted), then the closest, then the most fully named
            # (a version whose speaker many outlets dispute is a poor primary source)
            primary = {"direct": 2, "mixed": 1}.get(other.quote_type, 0)
            doubt = 0 if f.kind == "attribution" else disputed[who(other)]
            # ties: for "who said it" the most fully named speaker, for a number the earliest stored claim
            named = len(_name_tokens(other.speaker)) if f.kind == "attribution" else 0
            rank = (primary, -doubt, closeness, f.score, named, -other.claim_id)
            k = (f.kind, mine.claim_id, other_side)
            if k not in best or rank > best[k][0]:
                best[k] = (rank, f)
    winners = {}
    for (kind, cid, _), (_, f) in best.items():
        winners.setdefault(id(f), set()).add(cid)
    return [f for f in found if not f.sides or len(winners.get(id(f), ())) == 2]


def _speaker_key(name: str) -> str:
    """A person's surname (the last word of the name that is not a title): "Donald Trump" → trump."""
    toks = [t for t in re.findall(r"[a-z]+", name.lower()) if len(t) > 2 and t not in _TITLES]
    return toks[-1] if toks else name.lower()


__all__ = ["ContradictionSettings", "Contradiction", "claim_label", "values_of", "nearest_ratio", "numeric_conflict", "polarity_conflict",
           "attribution_conflict", "ordinal_periods", "detect_contradictions", "RULES"]
