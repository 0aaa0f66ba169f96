"""Figures: every number an article states, in claims and narration, with what it measures.

``figures_of_text(text, sentences)`` reads each sentence: the quantities ``parse`` reads (counts,
money with currency and scale, percent, durations, km and miles, word numbers, qualifiers, ranges)
in a canonical unit, plus what ``parse`` leaves out:

- clock times ("1:30 p.m.", "12:51 PM", "0530 GMT", "17:00 hours", "1.30am") with the zone written
  after them ("(Beijing time)", "Myanmar Standard Time", "GMT", "IST", "ET", "in Australia") in UTC;
  without a zone, or "local time", local to the story's place (decided when figures are compared);
- ages ("a 52-year-old", "aged 40", "in her late 60s", "Name, 26,");
- lengths in feet and metres ("948ft (289m)", "a 985-foot-long ship", "300m long");
- magnitudes ("magnitude 7.7", "a 6.4-magnitude aftershock");
- vague durations ("a few months", "several months", "years", "decades") and ordinal periods
  ("in its third year").

Each figure carries its clause (the words up to clause punctuation or the next figure, a bracketed
conversion excepted) and what the clause says it measures: concepts from the lexicon in
``claims/data/figure_model.json`` (``killed``, ``aftershock``, ...), the counted noun's class,
content stems and names. Pure logic: text in, frozen ``Figure`` records out.
"""
from __future__ import annotations

import math
import re
from functools import lru_cache
from typing import Sequence

from claims.model import Figure, Quantity, Span
from claims.text import ORDINAL_PERIOD, ORDINALS, is_content, word_stem, words
from claims.trained import load_model

from .lexicon import MONEY_UNITS
from .parse import parse_quantities

#: Minutes in one unit of a duration (a month is 1/12 of a Julian year).
MINUTES = {"minute": 1.0, "day": 1440.0, "week": 10080.0, "month": 43830.0, "year": 525960.0}
#: Kilometres in one unit of a length.
KM = {"km": 1.0, "mile": 1.609344, "ft": 0.0003048, "m": 0.001}
MODEL = "figure_model"


@lru_cache(maxsize=1)
def model() -> dict:
    """The figure model: lexicon (concepts, noun classes, zones, places) and the measure identity weights."""
    return load_model(MODEL, "figure_measures")


@lru_cache(maxsize=1)
def _concept_index() -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    for concept, stems in model()["concepts"].items():
        for s in stems:
            out.setdefault(s, []).append(concept)
    return {k: tuple(v) for k, v in out.items()}


@lru_cache(maxsize=50_000)
def concepts_of_stem(stem: str) -> tuple[str, ...]:
    """The concepts a word stem names: exact, or a lexicon stem of 4+ letters it starts with."""
    index = _concept_index()
    found: list[str] = list(index.get(stem, ()))
    for k, cs in index.items():
        if len(k) >= 4 and stem != k and stem.startswith(k):
            found += cs
    return tuple(sorted(set(found)))


def concepts_of(stems) -> set[str]:
    out: set[str] = set()
    for s in stems:
        out.update(concepts_of_stem(s))
    return out


# --- clock times ---------------------------------------------------------------------------------

_CLOCK_RE = re.compile(
    r"(?P<q>\b(?:about|around|approximately|roughly|at|just after|shortly after|before|after)\s+)?"
    r"(?P<h>\b\d{1,2})(?:[:.](?P<m>\d{2}))?\s?(?P<ap>[AaPp]\.?\s?[Mm]\.?)(?![A-Za-z])"
    r"|(?P<q2>\b(?:about|around|approximately|at)\s+)?(?P<hh>\b[012]\d):?(?P<mm>[0-5]\d)\s?"
    r"(?P<z2>GMT|UTC|hours|hrs|IST|ET|EDT)\b"
    r"|(?P<q3>\b(?:about|around|approximately|at|from)\s+)?(?P<h3>\b[012]?\d):(?P<m3>[0-5]\d)\b(?!\s?[AaPp]\.?[Mm])"
)
_ZONE_AFTER = re.compile(
    r"^\s*(?:\(|,)?\s*(?:on\s+\w+\s+)?(?:\(\s*)?(?P<z>(?:[A-Z][a-z]+\s+)?(?:Standard\s+)?[Tt]ime|local time|"
    r"GMT|UTC|IST|ET|EDT|EST|PT|PDT|AEST|BST|CET|SGT|PKT)\b"
    r"|^\s*(?:\(|,)?\s*in\s+(?P<place>[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)"
)
_ABOUT = ("about", "around", "approximately", "roughly")


def _zone_after(after: str) -> tuple[str, int | None]:
    """The zone written right after a clock time: (label, minutes east of UTC or None for local/unknown)."""
    zones, places = model()["zones"], model()["place_zones"]
    m = _ZONE_AFTER.match(after)
    if not m:
        return "", None
    if m.group("place"):
        place = m.group("place").lower()
        return (place, places[place]) if place in places else ("", None)
    low = m.group("z").lower()
    if low in zones:
        return low, zones[low]
    if low == "local time":
        return "local", None
    place = low.replace("standard", "").replace("time", "").strip()
    for p, off in places.items():
        if place == p or place.startswith(p + " ") or place.startswith(p):
            return place, off
    return "", None


def clock_figures(sentence: str) -> list[dict]:
    out = []
    for m in _CLOCK_RE.finditer(sentence):
        zone_label, offset = "", None
        if m.group("h") is not None:
            h, mi = int(m.group("h")), int(m.group("m") or 0)
            if h > 12 or mi > 59 or h == 0:
                continue
            h = (h % 12) + (12 if m.group("ap").lower().startswith("p") else 0)
            q = (m.group("q") or "").strip().lower()
        elif m.group("hh") is not None:
            h, mi = int(m.group("hh")), int(m.group("mm"))
            if h > 23:
                continue
            q = (m.group("q2") or "").strip().lower()
            z2 = m.group("z2").lower()
            if z2 in model()["zones"]:
                zone_label, offset = z2, model()["zones"][z2]
        else:
            h, mi = int(m.group("h3")), int(m.group("m3"))
            if h > 23:
                continue
            q = (m.group("q3") or "").strip().lower()
        if not zone_label:
            zone_label, offset = _zone_after(sentence[m.end():m.end() + 40])
        local = h * 60 + mi
        value = float((local - offset) % 1440) if offset is not None else float(local)
        tol = model()["clock_about_minutes"] if q in _ABOUT else (
            model()["clock_rounded_minutes"] if mi % 5 == 0 else 0.5)
        out.append({"kind": "clock", "unit": "minute_of_day", "value": value, "low": value - tol,
                    "high": value + tol, "qualifier": "about" if q in _ABOUT else "", "start": m.start(),
                    "end": m.end(), "zone": zone_label, "zone_offset": offset})
    return out


# --- ages, lengths, magnitudes, vague durations -------------------------------------------------

_AGE_RE = re.compile(
    r"(?P<n>\b\d{1,3})-year-old"
    r"|\baged\s+(?P<a>\d{1,3})(?:\s+and\s+(?P<b>\d{1,3}))?"
    r"|\bin\s+(?:his|her|their)\s+(?P<part>early|mid|mid-|late)?\s*(?P<dec>[1-9]0)s"
    r"(?:\s+(?:and|or|to)\s+(?:(?:early|mid|late)\s+)?(?P<dec2>[1-9]0)s)?"
    r"|(?<=[A-Za-z]), (?P<app>\d{1,2}),(?= (?:of|from|a|an|who|was|is|the)\b)"
    r"|(?P<yo>\b\d{1,3}) years old"
)
_WORD_AGE_RE = re.compile(r"\b(?P<w>[a-z]+(?:-[a-z]+)?)-year-old\b", re.IGNORECASE)


def age_figures(sentence: str) -> list[dict]:
    out = []

    def add(lo, hi, start, end, qualifier=""):
        out.append({"kind": "age", "unit": "year", "value": (lo + hi) / 2, "low": lo, "high": hi,
                    "qualifier": qualifier, "start": start, "end": end})

    for m in _AGE_RE.finditer(sentence):
        if m.group("n") or m.group("yo"):
            v = float(m.group("n") or m.group("yo"))
            add(v, v, m.start(), m.end())
        elif m.group("a"):
            for g in ("a", "b"):
                if m.group(g):
                    v = float(m.group(g))
                    add(v, v, m.start() if g == "a" else m.start(g), m.end(g))
        elif m.group("dec"):
            d = float(m.group("dec"))
            part = (m.group("part") or "").rstrip("-")
            lo, hi = {"early": (d, d + 3), "mid": (d + 3, d + 7), "late": (d + 6, d + 9)}.get(part, (d, d + 9))
            if m.group("dec2"):
                hi = float(m.group("dec2")) + 9
            add(lo, hi, m.start(), m.end(), "range")
        else:
            v = float(m.group("app"))
            add(v, v, m.start("app"), m.end("app"))
    for m in _WORD_AGE_RE.finditer(sentence):  # "a three-year-old girl"
        got = parse_quantities(m.group("w").replace("-", " "))
        if got and got[0].unit == "" and not any(o["start"] <= m.start() < o["end"] for o in out):
            v = float(got[0].value)
            add(v, v, m.start(), m.end())
    return out


_LEN_RE = re.compile(
    r"(?P<q>\b(?:about|around|approximately|nearly|almost|more than|over)\s+)?"
    r"(?P<n>\b\d[\d,]*(?:\.\d+)?)\s?-?(?P<u>ft|feet|foot|m|metres|meters|metre|meter)(?![A-Za-z])(?P<long>-long)?")


def length_figures(sentence: str) -> list[dict]:
    out = []
    for m in _LEN_RE.finditer(sentence):
        u = m.group("u").lower()
        unit = "ft" if u in ("ft", "feet", "foot") else "m"
        if u == "m":
            # "300m" is a length only where written as one ("300m long", "948ft (289m)"); else 300 million
            after = sentence[m.end():m.end() + 12].lower().lstrip()
            before = sentence[max(0, m.start() - 6):m.start()].lower()
            if not (m.group("long") or after.startswith(("long", "tall", "high", "wide", "deep", ")")) or "(" in before):
                continue
        raw = m.group("n").replace(",", "")
        v = float(raw) * KM[unit]
        q = (m.group("q") or "").strip().lower()
        lo, hi = v, v
        if q in ("about", "around", "approximately"):
            lo, hi = v * 0.9, v * 1.1
        elif q in ("nearly", "almost"):
            lo = v * 0.9
        elif q in ("more than", "over"):
            hi = math.inf
        out.append({"kind": "distance", "unit": "km", "value": v, "low": lo, "high": hi, "qualifier": q,
                    "start": m.start(), "end": m.end(), "written_unit": unit,
                    "decimals": len(raw.partition(".")[2])})
    return out


_MAG_RE = re.compile(r"\bmagnitude(?:-|\s+|\s+of\s+)(?P<n>\d(?:\.\d)?)\b|(?P<m>\b\d\.\d)\s+on the Richter")


def magnitude_figures(sentence: str) -> list[dict]:
    out = []
    for m in _MAG_RE.finditer(sentence):
        raw = m.group("n") or m.group("m")
        v = float(raw)
        out.append({"kind": "magnitude", "unit": "magnitude", "value": v, "low": v, "high": v, "qualifier": "",
                    "start": m.start(), "end": m.end(), "decimals": len(raw.partition(".")[2])})
    return out


@lru_cache(maxsize=1)
def _vague() -> list[tuple[re.Pattern, float, float]]:
    return [(re.compile(p), lo, math.inf if hi is None else hi) for p, lo, hi in model()["vague_durations"]]


def vague_figures(sentence: str) -> list[dict]:
    out, taken = [], []
    for rx, lo, hi in _vague():
        for m in rx.finditer(sentence):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            if re.search(r"\bnot\s+$", sentence[max(0, m.start() - 5):m.start()]):
                taken.append((m.start(), m.end()))
                continue  # "a few months, not years": the years are denied
            taken.append((m.start(), m.end()))
            f = MINUTES["month"]
            low, high = lo * f, hi * f
            out.append({"kind": "duration", "unit": "minute", "value": low if math.isinf(high) else (low + high) / 2,
                        "low": low, "high": high, "qualifier": "vague", "start": m.start(), "end": m.end(),
                        "written_unit": "month"})
    return out


def ordinal_figures(sentence: str) -> list[dict]:
    """"(now) in its third year": N-1 up to (not including) N units."""
    out = []
    for m in ORDINAL_PERIOD.finditer(sentence):
        raw = m.group("n").lower()
        n = ORDINALS.get(raw) or int(re.sub(r"\D", "", raw) or 0)
        unit = m.group("unit").lower()
        f = MINUTES.get(unit, MINUTES["year"])
        lo, hi = (n - 1) * f, n * f - 1
        out.append({"kind": "duration", "unit": "minute", "value": (lo + hi) / 2, "low": lo, "high": hi,
                    "qualifier": "range", "start": m.start(), "end": m.end(), "written_unit": unit})
    return out


def _from_quantity(q: Quantity) -> dict | None:
    base, _, per = q.unit.partition("/")
    d = {"value": q.value, "low": q.low, "high": q.high, "qualifier": q.qualifier, "start": q.span.start,
         "end": q.span.end, "noun": q.noun, "decimals": _decimals(q.text)}
    if per:
        return {**d, "kind": "rate", "unit": q.unit}
    if base == "":
        return {**d, "kind": "count", "unit": ""}
    if base in MONEY_UNITS:
        return {**d, "kind": "money", "unit": base}
    if base in ("percent", "percentage point"):
        return {**d, "kind": "percent", "unit": base}
    if base in MINUTES:
        f = MINUTES[base]
        return {**d, "kind": "duration", "unit": "minute", "value": q.value * f, "low": q.low * f,
                "high": q.high * f, "written_unit": base}
    if base in ("km", "mile"):
        f = KM[base]
        return {**d, "kind": "distance", "unit": "km", "value": q.value * f, "low": q.low * f, "high": q.high * f,
                "written_unit": base}
    if base == "age":
        return {**d, "kind": "age", "unit": "year"}
    if base == "magnitude":
        return {**d, "kind": "magnitude", "unit": "magnitude"}
    if base == "storey":
        return {**d, "kind": "height", "unit": "storey"}
    return {**d, "kind": "other", "unit": base}


_DIGITS = re.compile(r"\d[\d,]*(?:\.(\d+))?")


def _decimals(text: str) -> int:
    m = _DIGITS.search(text)
    return len(m.group(1)) if m and m.group(1) else 0


def raw_figures(sentence: str) -> list[dict]:
    """The figures of one sentence, offsets into it, in order; the special readers win over ``parse``."""
    special = (ordinal_figures(sentence) + clock_figures(sentence) + age_figures(sentence)
               + length_figures(sentence) + magnitude_figures(sentence) + vague_figures(sentence))
    out, taken = [], []
    for f in sorted(special, key=lambda f: (f["start"], -f["end"])):
        if not any(s < f["end"] and f["start"] < e for s, e in taken):
            out.append(f)
            taken.append((f["start"], f["end"]))
    try:
        quantities = parse_quantities(sentence)
    except Exception:  # pragma: no cover - a parser slip never stops extraction
        quantities = ()
    for q in quantities:
        f = _from_quantity(q)
        if f is None or any(s < f["end"] and f["start"] < e for s, e in taken):
            continue
        out.append(f)
    return sorted(out, key=lambda f: f["start"])


# --- what a figure measures ---------------------------------------------------------------------

_BOUND = re.compile(r"[;:()\[\]—–]|,\s(?:and|but|while|with|which|who)\b|\s-\s")
_PAREN_FIG = re.compile(r"\([^()]{0,30}\d[^()]{0,30}\)")
_CONVERSION_GAP = re.compile(r"^\s*\(\s*$|^\s*\)\s*$|^\s*/\s*$")
_DAY_RE = re.compile(r"\b(?:on|by|as of|for)\s+(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")
_WORD_RE = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*|\d[\w,.]*")


def _blank(s: str) -> str:
    return _PAREN_FIG.sub(lambda m: " " * len(m.group(0)), s)


def conversion_gap(between: str) -> bool:
    """Whether two figures are one value and its conversion: "948ft (289m)", "1.6 miles (2.6 km)"."""
    return bool(_CONVERSION_GAP.match(between))


def _describe_measure(kind: str, concepts: Sequence[str], noun: str, noun_class: str, context: Sequence[str]) -> str:
    labels = model()["measure_labels"]
    named = [labels.get(c, c) for c in concepts]
    thing = named[0] if named else ""
    if kind == "count":
        what = noun or noun_class
        if thing and what and what not in thing:
            return f"{thing} ({what})"
        return thing or (f"number of {what}" if what else "count")
    head = model()["kind_labels"].get(kind, kind)
    return f"{head}: {thing}" if thing else (f"{head} ({', '.join(context[:2])})" if context else head)


def figures_of_text(text: str, sentences: Sequence[tuple[int, int]]) -> tuple[Figure, ...]:
    """Every figure of ``text``, sentence by sentence (``sentences``: [start, end) offsets)."""
    window = int(model()["clause_words"])
    before_n, after_n = int(model()["concept_words_before"]), int(model()["concept_words_after"])
    out: list[Figure] = []
    classes = model()["noun_classes"]
    for s0, e0 in sentences:
        sent = text[s0:e0]
        found = raw_figures(sent)
        for k, f in enumerate(found):
            start, end = s0 + f["start"], s0 + f["end"]
            lo_b, hi_b = s0, e0
            if k > 0 and not conversion_gap(text[s0 + found[k - 1]["end"]:start]):
                lo_b = max(lo_b, s0 + found[k - 1]["end"])
            if k + 1 < len(found) and not conversion_gap(text[end:s0 + found[k + 1]["start"]]):
                hi_b = min(hi_b, s0 + found[k + 1]["start"])
            before = _BOUND.split(_blank(text[lo_b:start]))[-1]
            after = _BOUND.split(_blank(text[end:hi_b]))[0]
            wb = [m for m in _WORD_RE.finditer(before)][-window:]
            wa = [m for m in _WORD_RE.finditer(after)][:window]
            c0 = start - len(before) + wb[0].start() if wb else start
            c1 = end + wa[-1].end() if wa else end
            tb = [m.group(0) for m in wb]
            ta = [m.group(0) for m in wa]
            figure_words = list(words(text[start:end], keep_case=True))
            stems = sorted({word_stem(w) for w in tb + ta + figure_words if w[:1].islower() and is_content(w)})
            names = sorted({w.lower() for w in tb + ta if w[:1].isupper() and len(w) > 2 and is_content(w)
                            and w.lower() not in model()["not_names"]})
            noun = (f.get("noun") or "").lower()
            after_c = concepts_of({word_stem(w) for w in ta[:after_n] if w[:1].islower()})
            before_c = concepts_of({word_stem(w) for w in tb[-before_n:] if w[:1].islower()})
            modifier = "-" in text[start:end] and text[end - 1:end].isalpha()  # "984-foot cargo ship"
            concepts = after_c or (set() if modifier else before_c)
            if noun:
                concepts |= concepts_of({word_stem(noun)})
            concepts = sorted(concepts)
            noun_class = classes.get(noun, noun)
            days = sorted({d.lower() for d in _DAY_RE.findall(text[min(c0, start):max(c1, end)])})
            subject = " ".join(n.capitalize() for n in names[:2])
            out.append(Figure(
                kind=f["kind"], unit=f["unit"], value=float(f["value"]), low=float(f["low"]), high=float(f["high"]),
                qualifier=f.get("qualifier", ""), text=text[start:end], span=Span(start, end), sentence=Span(s0, e0),
                clause=Span(min(c0, start), max(c1, end)), noun=noun, written_unit=f.get("written_unit", ""),
                zone=f.get("zone", ""), zone_offset=f.get("zone_offset"), decimals=int(f.get("decimals", 0)),
                concepts=tuple(concepts), context=tuple(stems), names=tuple(names), days=tuple(days),
                noun_class=noun_class, measure=_describe_measure(f["kind"], concepts, noun, noun_class, stems),
                subject=subject,
            ))
    return tuple(out)


_SPLIT = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"”’']))\s+(?=[\"“‘'(]?[A-Z0-9])|\n+")
_NO_SPLIT_AFTER = re.compile(r"(?:\b[ap]\.m\.|\b(?:Mr|Mrs|Ms|Dr|St|No|Gen|Lt|Col|Sen|Rep|Gov|U\.S|U\.K|Jan|Feb|Aug|"
                             r"Sept|Oct|Nov|Dec)\.|\b[A-Z]\.)[\"”’']?$", re.IGNORECASE)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Sentences of a text without a parse (tests, tools): split at end punctuation before a capital or
    digit, never after "a.m."/"p.m." or a common abbreviation."""
    out, pos = [], 0
    for m in _SPLIT.finditer(text):
        if m.group(0)[0] != "\n" and _NO_SPLIT_AFTER.search(text[max(0, m.start() - 8):m.start()]):
            continue
        if m.start() > pos:
            out.append((pos, m.start()))
        pos = m.end()
    if pos < len(text):
        out.append((pos, len(text)))
    return out


def place_offsets(texts: Sequence[str], min_share: float | None = None) -> tuple[int, ...]:
    """The UTC offsets of the places a story's texts name most: where its "local time" is.

    Every place's zone with at least ``min_share`` of the place mentions, the commonest first.
    """
    share = model()["place_min_share"] if min_share is None else min_share
    counts: dict[int, int] = {}
    for t in texts:
        low = t.lower()
        for p, off in model()["place_zones"].items():
            n = len(re.findall(r"\b" + re.escape(p) + r"\b", low))
            if n:
                counts[off] = counts.get(off, 0) + n
    total = sum(counts.values())
    if not total:
        return ()
    return tuple(off for off, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])) if n / total >= share)
