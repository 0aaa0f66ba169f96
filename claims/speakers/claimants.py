"""Claimants: on whose authority a claim is made — its kind and the side it speaks for.

Outlets tell one government's claim through its president, a ministry, a spokesman,
"officials" or the country's name; the side ties them together. The side is read
from the text, nearest first:

1. a country, demonym, capital or state body inside the speaker phrase
   ("Pakistan's army spokesman", "Indian officials", "the Kremlin");
2. for a named person, the words introducing the person in the article
   ("Pakistani Prime Minister Shehbaz Sharif", "Chaudhry, Pakistan's military spokesman");
3. for a government body, anonymous officials, a document or a pronoun, the side
   named last before it ("Ukraine's security service ... the service said"), else
   the article's dominant side when one clearly dominates.

The outlet's own voice (narration) has no side. The gazetteer is
``claims/data/sides.tsv`` (package data). Pure logic: text in, records out.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources

from claims.model import ArticleClaims, Attribution

#: Kinds of claimant a reader tells apart.
KINDS = ("person", "organization", "government body", "anonymous officials", "outlet", "document", "unknown")

_GOVERNMENT = re.compile(
    r"\b(ministry|ministries|minister|government|army|military|armed forces|forces|police|junta|authorities|"
    r"spokes(?:man|woman|person)|department|agency|office|command|navy|air force|embassy|administration|"
    r"council|state media|state television|state-run|state tv|regime|cabinet|presidency|kremlin|"
    r"white house|pentagon|service|intelligence|guard|officials?|diplomats?|sources?|aides?)\b", re.I)
_ANONYMOUS = re.compile(r"\b(officials?|sources?|diplomats?|aides?|people familiar|person familiar|insiders?|"
                        r"analysts?|experts?)\b", re.I)
_DOCUMENT = re.compile(r"\b(statement|report|reports|document|memo|assessment|letter|post|briefing|"
                       r"communique|release|data|figures|bulletin)\b", re.I)
_PRONOUN = frozenset("he she it they we i you this that".split())
_SENTENCE_END = re.compile(r"[.!?]\s+(?=[A-Z“\"])")


@dataclass(frozen=True)
class Claimant:
    """Who a claim is from: kind (one of KINDS) and side ("" when unknown). Equal when both are."""

    kind: str
    side: str


class Gazetteer:
    """Names that speak for a side (countries, demonyms, capitals, state bodies), matched whole-word."""

    def __init__(self, rows: dict[str, list[str]]):
        self.side_of: dict[str, str] = {}
        for side, names in rows.items():
            for name in names:
                self.side_of[name] = side
        names = sorted(self.side_of, key=len, reverse=True)
        # case as written: "US" is a side, "us" is not
        self.pattern = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, names)) + r")(?:'s|’s)?(?![\w])")

    def find(self, text: str) -> list[tuple[int, str]]:
        """(offset, side) of each side named in the text, in order."""
        return [(m.start(), self.side_of[m.group(1)]) for m in self.pattern.finditer(text)]

    def first(self, text: str) -> str:
        found = self.find(text)
        return found[0][1] if found else ""


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The shipped gazetteer (claims/data/sides.tsv); a missing or broken file is an error."""
    try:
        raw = resources.files("claims").joinpath("data/sides.tsv").read_text(encoding="utf-8")
    except (FileNotFoundError, OSError) as exc:
        raise RuntimeError(f"claims/data/sides.tsv cannot be read ({exc}): reinstall claimtrack") from exc
    rows: dict[str, list[str]] = {}
    for n, line in enumerate(raw.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        side, sep, names = line.partition("\t")
        if not sep or not names.strip():
            raise RuntimeError(f"claims/data/sides.tsv:{n}: expected 'side<TAB>name, name, ...'")
        rows[side.strip()] = [x.strip() for x in names.split(",") if x.strip()]
    return Gazetteer(rows)


def kind_of_claimant(speaker_text: str, speaker_name: str, quote_type: str) -> str:
    """person, organization, government body, anonymous officials, outlet, document or unknown."""
    if quote_type == "narration":
        return "outlet"
    phrase = f"{speaker_text} {speaker_name}".strip()
    words = speaker_name.split()
    if not phrase or (len(words) == 1 and words[0].lower() in _PRONOUN):
        return "unknown"
    if _DOCUMENT.search(speaker_text):
        return "document"
    named = [w for w in words if w[:1].isupper()]
    if _ANONYMOUS.search(phrase) and not (len(named) >= 2 and not _GOVERNMENT.search(speaker_name)):
        return "anonymous officials"
    if _GOVERNMENT.search(phrase):
        return "government body"
    if gazetteer().first(phrase):
        return "government body"  # "Pakistan said", "Moscow said": the state itself
    if len(named) >= 2 and len(named) == len(words):
        return "person"
    if len(words) == 1 and words[0].isupper() and len(words[0]) > 1:
        return "organization"
    if len(named) == 1 and len(words) == 1:
        return "person"  # a surname
    return "unknown"


def _sentence_start(text: str, at: int, back: int = 1) -> int:
    """Offset where the sentence holding ``at`` starts, or ``back`` sentences earlier."""
    starts = [m.end() for m in _SENTENCE_END.finditer(text, 0, at)]
    if len(starts) > back:
        return starts[-1 - back]
    return 0


def _person_side(text: str, name: str, gz: Gazetteer) -> str:
    """The side named where the article introduces a person: before the name in its sentence, or in its apposition."""
    parts = name.split()
    if not parts:
        return ""
    for probe in dict.fromkeys([name, parts[-1]]):
        for m in re.finditer(r"(?<!\w)" + re.escape(probe) + r"(?!\w)", text):
            start = _sentence_start(text, m.start(), 0)
            before = gz.find(text[max(start, m.start() - 80): m.start()])
            if before:
                return before[-1][1]
            after = text[m.end(): m.end() + 80]
            stop = re.search(r"[.;:!?]|\b(?:said|says|told|added)\b", after)
            if after.startswith(",") and stop is not None:
                found = gz.find(after[: stop.start()])
                if found:
                    return found[0][1]
    return ""


def _dominant(text: str, gz: Gazetteer, share: float) -> str:
    counts = Counter(side for _, side in gz.find(text))
    if not counts:
        return ""
    side, n = counts.most_common(1)[0]
    return side if n >= share * sum(counts.values()) else ""


def claimant_of(text: str, att: Attribution, dominant: str = "", gz: Gazetteer | None = None) -> Claimant:
    """The claimant of one attribution in its article text."""
    gz = gz or gazetteer()
    kind = kind_of_claimant(att.speaker_text, att.speaker_name, att.quote_type)
    if kind == "outlet":
        return Claimant(kind, "")
    side = gz.first(att.speaker_text) or gz.first(att.speaker_name)
    if not side and kind in ("person", "unknown") and att.speaker_name and \
            att.speaker_name.split()[0].lower() not in _PRONOUN:
        side = _person_side(text, att.speaker_name, gz)
    if not side and kind in ("government body", "anonymous officials", "document", "unknown"):
        at = att.speaker.start if att.speaker else att.start
        window = text[_sentence_start(text, at, 1): at]
        found = gz.find(window)
        side = found[-1][1] if found else dominant
    return Claimant(kind, side)


def names_no_claimant(name: str) -> bool:
    """Whether a speaker name names no one who could make a claim: an unresolved pronoun ("it", "they")
    or a common noun that is no body, official or source ("the move", "the report", "notion")."""
    words = name.split()
    if not words:
        return False
    if len(words) == 1 and words[0].lower() in _PRONOUN:
        return True
    if any(w[:1].isupper() for w in words):
        return False  # a name, a title, a country
    return not _GOVERNMENT.search(name) and not _ANONYMOUS.search(name)


def with_claimants(text: str, extracted: ArticleClaims, dominant_share: float = 0.6) -> ArticleClaims:
    """The article's claims with their claimant kind and side filled in; a speaker that names no
    claimant (``names_no_claimant``) is no canonical speaker: the claim keeps its side, not the name."""
    gz = gazetteer()
    dominant = _dominant(text, gz, dominant_share)
    found = [claimant_of(text, att, dominant, gz) for att in extracted.attributions]
    claims = []
    for c in extracted.claims:
        who = found[c.attribution_index]
        c = replace(c, claimant_kind=who.kind, side=who.side)
        if c.quote_type == "narration" and extracted.attributions[c.attribution_index].quote_type != "narration":
            c = replace(c, claimant_kind="outlet", side="")  # an act the outlet reports (claims.extraction.records)
        if c.quote_type != "narration" and names_no_claimant(c.speaker_name):
            c = replace(c, speaker_name="", claimant_kind="unknown")
        if c.actor and c.actor == extracted.attributions[c.attribution_index].speaker_name and not c.actor_side:
            c = replace(c, actor_side=who.side)  # "it shot down five jets", said by the side's army
        claims.append(c)
    return replace(extracted, claims=tuple(claims))
