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
from claims.speakers.claimants import gazetteer
from claims.text import STOP_WORDS, TITLES, stem

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
    actor: str  # the actor as one key: its name, else its side, else its head noun
    target_head: str
    target_owner: str
    cls: str
    polarity: str
    actor_name: str = ""  # a person's or body's name, titles left out ("President Putin" → "putin")
    actor_place: str = ""  # the side the actor's own words name ("Russian president Vladimir Putin" → "russ")


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


def _name(phrase: str) -> str:
    """The last capitalized word that is no title and no place in the gazetteer ("Donald Trump" → "trump")."""
    gz = gazetteer()
    for w in reversed(_words(phrase)):
        low = w.lower().strip(".")
        if w[:1].isupper() and low not in STOP_WORDS and low not in TITLES and not gz.first(w):
            return place_key(w)
    return ""


def keys_of(actor: str, actor_side: str, target: str, predicate_class: str, polarity: str) -> Keys:
    """The comparable keys of a proposition.

    The actor is known by its name and by the side its own words name; a side the claim only inherits
    from its speaker ("Donald Trump" quoted in an article that is mostly about Ukraine) counts only for
    an actor with no name of its own ("the army", "it").
    """
    name = _name(actor) if actor else ""
    stated = gazetteer().first(actor) if actor else ""
    place = place_key(stated) if stated else (place_key(actor_side) if actor_side and not name else "")
    actor_key = name or place or _head(actor)
    cls = "" if predicate_class in generic_lemmas() else predicate_class
    return Keys(actor_key, _head(target), _owner(target), cls, polarity or "+", name, place)


def _ids(k: Keys) -> frozenset[str]:
    """What names the actor: its name and side, or its head noun when it has neither."""
    return frozenset(x for x in (k.actor_name, k.actor_place) if x) or frozenset(x for x in (k.actor,) if x)


def _actors(a: Keys, b: Keys) -> tuple[bool, bool]:
    """(the same actor, two actors known to differ): names with names, sides with sides, bare nouns with
    bare nouns; a name and a side ("Putin" / "Russia") are neither."""
    bare_a, bare_b = not a.actor_name and not a.actor_place, not b.actor_name and not b.actor_place
    same = bool(_ids(a) & _ids(b)) and bare_a == bare_b
    comparable = (bool(a.actor_name) and bool(b.actor_name)) or (bool(a.actor_place) and bool(b.actor_place)) or (
        bare_a and bare_b and bool(a.actor) and bool(b.actor))
    return same, comparable and not same


def compare(a: Keys, b: Keys) -> dict[str, bool]:
    """What two propositions share and where they part (the merge model's structure features)."""
    same_actor, actor_differs = _actors(a, b)
    same_class = bool(a.cls) and a.cls == b.cls
    same_target = bool(a.target_head) and a.target_head == b.target_head and (
        not a.target_owner or not b.target_owner or a.target_owner == b.target_owner)
    swapped = (actor_differs and bool(a.target_owner) and bool(b.target_owner) and b.target_owner in _ids(a)
               and a.target_owner in _ids(b))
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
