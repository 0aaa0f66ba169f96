"""Predicate classes, their opposites and hedge words (claims/data/predicates.toml)."""
from __future__ import annotations

import tomllib
from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=1)
def _data() -> dict:
    with resources.files("claims").joinpath("data/predicates.toml").open("rb") as fh:
        return tomllib.load(fh)


@lru_cache(maxsize=1)
def class_of_lemma() -> dict[str, str]:
    """Lemma ("levy", "shoot_down") → class ("impose", "shoot_down"); a lemma is in one class at most."""
    out: dict[str, str] = {}
    for cls, lemmas in _data()["classes"].items():
        for lemma in lemmas.split():
            if lemma in out:
                raise ValueError(f"claims/data/predicates.toml: {lemma!r} is in {out[lemma]!r} and {cls!r}")
            out[lemma] = cls
    return out


def predicate_class(lemma: str) -> str:
    """The class of a predicate lemma; a lemma in no class is its own class ("" stays "").

    A particle verb in no class is its verb's ("set back" → "set", "pull out" → "pull"): the parse
    finds the particle in one report and not in another of the same words.
    """
    lemma = lemma.lower().replace(" ", "_")
    table = class_of_lemma()
    if lemma in table:
        return table[lemma]
    head = lemma.split("_")[0]
    return table.get(head, head)


@lru_cache(maxsize=1)
def opposite_classes() -> frozenset[frozenset[str]]:
    """Pairs of classes that cannot both hold of one proposition (accept / reject)."""
    return frozenset(frozenset(pair) for pair in _data()["opposites"]["pairs"])


def opposed(a: str, b: str) -> bool:
    return bool(a) and bool(b) and frozenset({a, b}) in opposite_classes()


@lru_cache(maxsize=1)
def stronger_of() -> dict[str, str]:
    """A weaker class and the stronger one it is said against ("damaged, not destroyed")."""
    return dict(_data()["weaker"])


@lru_cache(maxsize=1)
def hedge_words() -> frozenset[str]:
    return frozenset(_data()["hedges"]["words"].split())


@lru_cache(maxsize=1)
def act_cues() -> frozenset[str]:
    """Cue lemmas that report an act unless speech content follows (claims/data/predicates.toml [acts])."""
    return frozenset(_data()["acts"]["cues"].split())
