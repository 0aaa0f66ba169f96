"""The parts of a proposition that tell it from another, as comparable keys.

``actor``: who acts ("Arvenia", "the container ship" → "arven", "ship"); ``target_head`` and
``target_owner``: what it is done to, and whose ("Velmoran grain" → "grain", "velmor"); ``cls``: the
predicate class ("" for a generic one: "be", "say"). A place and its people's adjective share a key
("Arvenia" / "Arvenian"), so "Arvenia imposed a levy on Velmoran grain" and "Velmora imposed a levy on
Arvenian grain" have the same target head and swapped actor and owner.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from claims.propositions.classes import _data, opposed
from claims.text import STOP_WORDS, stem

_ENDINGS = ("ians", "ian", "ans", "ese", "ish", "an", "ia", "i", "a", "e", "s")


@lru_cache(maxsize=100_000)
def place_key(word: str) -> str:
    """A place name and its people's adjective as one key ("Arvenia"/"Arvenian" → "arven")."""
    w = word.lower().strip(".’'")
    for _ in range(2):
        for suffix in _ENDINGS:
            if w.endswith(suffix) and len(w) - len(suffix) >= 4:
                w = w[: -len(suffix)]
                break
    return w


@lru_cache(maxsize=1)
def generic_lemmas() -> frozenset[str]:
    return frozenset(_data()["generic"]["lemmas"].split())


@dataclass(frozen=True)
class Keys:
    actor: str
    target_head: str
    target_owner: str
    cls: str
    polarity: str


def _words(phrase: str) -> list[str]:
    return [w.strip(".,;:\"'“”‘’()") for w in phrase.replace("-", " ").split()]


def _owner(phrase: str) -> str:
    for w in _words(phrase):
        if w[:1].isupper() and w.lower() not in STOP_WORDS:
            return place_key(w)
    return ""


def _head(phrase: str) -> str:
    words = [w for w in _words(phrase) if w and w.lower() not in STOP_WORDS]
    if "of" in phrase.split():  # "levies of 25%": the head is before "of"
        before = phrase.split(" of ")[0]
        words = [w for w in _words(before) if w and w.lower() not in STOP_WORDS] or words
    return stem(words[-1].lower()) if words else ""


def keys_of(actor: str, actor_side: str, target: str, predicate_class: str, polarity: str) -> Keys:
    actor_key = place_key(actor_side) if actor_side else (_owner(actor) or _head(actor))
    cls = "" if predicate_class in generic_lemmas() else predicate_class
    return Keys(actor_key, _head(target), _owner(target), cls, polarity or "+")


def compare(a: Keys, b: Keys) -> dict[str, bool]:
    """What two propositions share and where they part (the merge model's structure features)."""
    same_actor = bool(a.actor) and a.actor == b.actor
    actor_differs = bool(a.actor) and bool(b.actor) and a.actor != b.actor
    same_class = bool(a.cls) and a.cls == b.cls
    same_target = bool(a.target_head) and a.target_head == b.target_head and (
        not a.target_owner or not b.target_owner or a.target_owner == b.target_owner)
    swapped = actor_differs and bool(a.target_owner) and a.actor == b.target_owner and b.actor == a.target_owner
    contrary = (same_class and a.polarity != b.polarity) or opposed(a.cls, b.cls)
    return {
        "same_actor": same_actor, "actor_differs": actor_differs, "same_class": same_class,
        "same_target": same_target, "swapped": swapped,
        "same_proposition": same_actor and same_class and same_target,
        "contrary": contrary and (same_target or same_actor),
    }


def opposite_groups() -> dict[str, tuple[int, int]]:
    """Each class of an opposite pair: (the pair's number, its side 0 or 1)."""
    from claims.propositions.classes import _data as data

    out: dict[str, tuple[int, int]] = {}
    for g, (x, y) in enumerate(data()["opposites"]["pairs"]):
        out.setdefault(x, (g, 0))
        out.setdefault(y, (g, 1))
    return out
