"""Speakers across articles: one canonical person or organization with its aliases.

Within an article the extractor resolves "he" and "Mr. Putin" to the fullest
name it saw ("Vladimir Putin"); across articles the same person still appears
as "Trump", "Donald Trump", "President Trump", "Zelensky", "Zelenskyy",
"Volodymyr Zelenskiy", "Yury Ushakov" / "Yuri Ushakov". ``SpeakerRegistry``
gives each a stable speaker with a canonical name and the aliases seen.

Matching (rapidfuzz plus entity type, never the surname alone for two full names):

- an alias seen before resolves to its speaker (exact key: case, accents,
  titles, possessive and punctuation removed);
- persons: two full names are one person when their surnames are alike
  (``surname_similarity``) *and* their first names are (``first_name_similarity``,
  or one is the other's initial): "Donald Trump" and "Melania Trump" stay two;
- a bare surname ("Trump") joins the one known person with that surname; when two
  known people share it, it is ambiguous and stays a speaker of its own;
- a full name arriving after its bare surname takes that speaker over (the
  canonical name becomes the fuller form; the id stays);
- organizations (Kremlin, White House, SBU, ministries, agencies) match other
  organizations only (``org_similarity``); "the Kremlin's spokesperson" speaks
  for the Kremlin;
- generic descriptions ("officials", "they", lower-case words) are not pooled:
  each stays its own unknown speaker.

Pure logic: no I/O. The warehouse stores speakers and aliases (warehouse/history.py).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

from rapidfuzz import fuzz

from claims.text import GENERIC_SPEAKERS, ORG_WORDS, clean_speaker, fold

# warehouse/history.py pools speaker aliases with these two
clean = clean_speaker

_SUFFIXES = frozenset({"jr", "sr", "ii", "iii"})


@dataclass(frozen=True)
class IdentitySettings:
    """Thresholds for treating two speaker names as one speaker."""

    #: rapidfuzz ratio 0-100 at or above which two surnames are spellings of one (Zelensky/Zelenskiy).
    surname_similarity: float = 85.0
    #: rapidfuzz ratio 0-100 at or above which two first names are one (Yuri/Yury).
    first_name_similarity: float = 70.0
    #: rapidfuzz ratio 0-100 at or above which two organization names are one.
    org_similarity: float = 90.0


@dataclass
class Speaker:
    """A canonical speaker: id, name shown to users, kind (person, org, unknown) and aliases seen."""

    speaker_id: int
    name: str
    kind: str
    aliases: set[str] = field(default_factory=set)


def kind_of(name: str) -> str:
    """person, org or unknown, from the words of a cleaned name."""
    words = name.split()
    if not words:
        return "unknown"
    low = [fold(w) for w in words]
    if low[0] in GENERIC_SPEAKERS or not words[0][:1].isupper():
        return "unknown"
    if any(w in ORG_WORDS for w in low):
        return "org"
    if len(words) == 1 and len(words[0]) >= 2 and words[0].isupper():
        return "org"  # an acronym: SBU, TASS, NATO
    if low[0] in GENERIC_SPEAKERS or not words[0][:1].isupper():
        return "unknown"
    if all(w[:1].isupper() or w.lower() in {"de", "van", "von", "al", "bin", "la", "le", "da"} for w in words):
        return "person"
    return "unknown"


def _name_parts(name: str) -> tuple[str, str]:
    """(first names, surname) folded; first is "" for a bare surname."""
    words = [w for w in fold(name).split() if w not in _SUFFIXES]
    if not words:
        return "", ""
    return " ".join(words[:-1]), words[-1]


def _single_name(name: str) -> bool:
    """One capitalized word ("Trump", "Moscow"): a surname or a place, not known which until matched."""
    words = name.split()
    return len(words) == 1 and words[0][:1].isupper() and not words[0].isupper()


class SpeakerRegistry:
    """Every speaker known so far; ``resolve`` maps a raw speaker phrase to one of them (or a new one).

    Ids are given in order of first sight and never change; ``changed`` lists
    the speakers created or altered since the last ``mark_saved``.
    """

    def __init__(self, speakers: Iterable[Speaker] = (), settings: IdentitySettings | None = None,
                 next_id: int | None = None):
        self.settings = settings or IdentitySettings()
        self.by_id: dict[int, Speaker] = {}
        self.by_alias: dict[str, int] = {}
        self.by_surname: dict[str, set[int]] = {}
        self.changed: set[int] = set()
        self.names: set[str] = set()
        for sp in speakers:
            self._add(sp)
        self.next_id = max([next_id or 1, *(i + 1 for i in self.by_id)])
        self.changed.clear()

    # ---- bookkeeping ----------------------------------------------------------------
    def _add(self, sp: Speaker) -> None:
        self.by_id[sp.speaker_id] = sp
        self.names.add(sp.name)
        for alias in {sp.name, *sp.aliases}:
            self.by_alias.setdefault(fold(clean(alias)), sp.speaker_id)
        if sp.kind == "person" or (sp.kind == "unknown" and _single_name(sp.name)):
            self.by_surname.setdefault(_name_parts(sp.name)[1], set()).add(sp.speaker_id)
        self.changed.add(sp.speaker_id)

    def _alias(self, sp: Speaker, raw: str) -> None:
        if raw and raw != sp.name and raw not in sp.aliases:
            sp.aliases.add(raw)
            self.changed.add(sp.speaker_id)
        key = fold(clean(raw))
        if key:
            self.by_alias.setdefault(key, sp.speaker_id)

    def _new(self, name: str, kind: str, raw: str) -> Speaker:
        if name in self.names:  # canonical names are unique
            name = f"{name} ({kind} {self.next_id})"
        sp = Speaker(self.next_id, name, kind, set())
        self.next_id += 1
        self._add(sp)
        self._alias(sp, raw)
        return sp

    def mark_saved(self) -> None:
        self.changed.clear()

    # ---- matching ---------------------------------------------------------------------
    def _person(self, name: str) -> Speaker | None:
        first, last = _name_parts(name)
        s = self.settings
        candidates = []
        for surname, ids in self.by_surname.items():
            if surname == last or fuzz.ratio(surname, last) >= s.surname_similarity:
                candidates.extend(self.by_id[i] for i in ids)
        if not first:  # a bare surname: only when exactly one person carries it
            full = [c for c in candidates if _name_parts(c.name)[0]]
            pool = full or candidates
            return pool[0] if len(pool) == 1 else None
        best, best_score = None, -1.0
        for c in candidates:
            c_first, _ = _name_parts(c.name)
            if not c_first:
                # a bare-surname speaker: take it over only if no full-name person shares the surname
                if not any(_name_parts(o.name)[0] for o in candidates):
                    score = 50.0
                else:
                    continue
            elif c_first[0] != first[0]:
                continue
            elif len(c_first.rstrip(".")) == 1 or len(first.rstrip(".")) == 1:
                score = 60.0  # an initial: "D. Trump"
            else:
                score = fuzz.ratio(c_first, first)
                if score < s.first_name_similarity:
                    continue
            if score > best_score:
                best, best_score = c, score
        return best

    def _org(self, name: str) -> Speaker | None:
        key = fold(name)
        best, best_score = None, -1.0
        for sp in self.by_id.values():
            if sp.kind != "org":
                continue
            for alias in (sp.name, *sp.aliases):
                score = fuzz.ratio(key, fold(clean(alias)))
                if score >= self.settings.org_similarity and score > best_score:
                    best, best_score = sp, score
        return best

    def resolve(self, raw: str) -> Speaker | None:
        """The speaker a raw speaker name stands for, created when new; None for an empty name."""
        name = clean(raw or "")
        key = fold(name)
        if not key:
            return None
        if key in self.by_alias:
            sp = self.by_id[self.by_alias[key]]
            self._alias(sp, raw)
            return sp
        kind = kind_of(name)
        if kind == "person" or (kind == "unknown" and _single_name(name)):
            sp = self._person(name)
            if sp is not None:
                first, _ = _name_parts(name)
                if first and not _name_parts(sp.name)[0]:  # the full name takes over a bare surname
                    old = sp.name
                    if name in self.names:
                        name = f"{name} (person {sp.speaker_id})"
                    sp.name, sp.kind = name, "person"
                    self.names.discard(old)
                    self.names.add(name)
                    self._alias(sp, old)
                    self.by_surname.setdefault(_name_parts(name)[1], set()).add(sp.speaker_id)
                    self.changed.add(sp.speaker_id)
                self._alias(sp, raw)
                return sp
            return self._new(name, "unknown" if _single_name(name) else kind, raw)
        if kind == "org":
            sp = self._org(name)
            if sp is not None:
                self._alias(sp, raw)
                return sp
        return self._new(name, kind, raw)

    def resolve_outlet(self, name: str) -> Speaker | None:
        """The speaker for an outlet's own voice: its exact name, never fuzzy-matched to a person."""
        key = fold(clean(name or ""))
        if not key:
            return None
        if key in self.by_alias:
            return self.by_id[self.by_alias[key]]
        return self._new(" ".join(name.split()), "outlet", name)

    def resolve_all(self, raws: Iterable[str]) -> dict[str, Speaker | None]:
        """Resolve many names, fullest names first, so "Donald Trump" is known before "Trump" arrives."""
        names = sorted(set(raws), key=lambda r: (-len(clean(r or "").split()), r or ""))
        return {r: self.resolve(r) for r in names}


def alias_key(name: str) -> str:
    """The key a speaker's alias is stored under: case, accents, titles and punctuation removed."""
    return fold(clean(name))
