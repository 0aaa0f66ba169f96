"""What a quantity counts: the noun after it, its singular and plural."""
from __future__ import annotations

from claims.quantities.lexicon import (
    CURRENCY_WORDS,
    INVARIANT_PLURALS,
    IRREGULAR_PLURAL,
    IRREGULAR_SINGULAR,
    NOUN_LOOKAHEAD_WORDS,
    NOUN_STOP,
    PARTITIVE_DETERMINERS,
    QUANTITY_WORDS,
    UNIT_WORDS,
)
from claims.quantities.tokens import Tok, adjacent, is_month, word_at

# --- nouns ------------------------------------------------------------------


def _looks_plural(word: str) -> bool:
    w = word.rsplit("-", 1)[-1]
    if w[:1].isdigit():
        return w.endswith("s")  # "f-16s"
    if w in INVARIANT_PLURALS or w in IRREGULAR_SINGULAR:
        return True
    return len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is", "'s", "’s"))


def singular_of(word: str) -> str:
    """A rough singular of a lowercase noun ("casualties" -> "casualty", "children" -> "child")."""
    head, sep, w = word.rpartition("-")
    for poss in ("'s", "’s", "'", "’"):
        if w.endswith(poss):
            w = w[: -len(poss)]
            break
    if w in IRREGULAR_SINGULAR:
        w = IRREGULAR_SINGULAR[w]
    elif w in INVARIANT_PLURALS and w not in ("troops", "civilians", "casualties", "people"):
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


def plural_of(noun: str) -> str:
    head, sep, w = noun.rpartition("-")
    if w in IRREGULAR_PLURAL:
        w = IRREGULAR_PLURAL[w]
    elif w in INVARIANT_PLURALS:
        pass
    elif w.endswith("y") and len(w) > 1 and w[-2] not in "aeiou":
        w = w[:-1] + "ies"
    elif w.endswith(("s", "x", "z", "ch", "sh")):
        w = w + "es"
    else:
        w = w + "s"
    return head + sep + w


def _noun_run(toks: list[Tok], k: int, lowercase: bool = False) -> list[tuple[str, bool]]:
    """Up to NOUN_LOOKAHEAD_WORDS content words from token k: (lowercase word, written capitalized)."""
    n = len(toks)
    words: list[tuple[str, bool]] = []
    while k < n and len(words) < NOUN_LOOKAHEAD_WORDS:
        tk = toks[k]
        if tk.kind != "word" or (lowercase and not tk.text.islower()):
            break
        w = tk.low
        if w in NOUN_STOP or w in QUANTITY_WORDS or is_month(tk) or w in UNIT_WORDS or w in CURRENCY_WORDS:
            break
        k += 1
        while k + 1 < n and toks[k].kind == "dash" and adjacent(toks[k - 1], toks[k]) \
                and adjacent(toks[k], toks[k + 1]) and toks[k + 1].kind in ("word", "num", "numx", "other"):
            nxt = toks[k + 1]
            if nxt.kind == "numx" and nxt.suffix == "s":
                w += "-" + nxt.low[:-1] + "s"  # "F-16s": a plural model name
            else:
                w += "-" + nxt.low
            k += 2
        words.append((w, tk.text[:1].isupper()))
    return words


def head_noun(toks: list[Tok], k: int, value: float, partitive_only: bool = False,
               modifier: bool = False) -> tuple[str, bool, bool]:
    """The noun counted by a number ending before token k: (lemma, written plural, written capitalized).

    ``partitive_only``: only "of (the) NOUN" ("40 percent of voters");
    ``modifier``: the amount qualifies a lowercase noun right after it ("a 30-day ceasefire").
    """
    run = [] if partitive_only else _noun_run(toks, k, lowercase=modifier)
    if not run and not modifier and word_at(toks, k) == "of":
        j = k + 1
        while word_at(toks, j) in PARTITIVE_DETERMINERS and word_at(toks, j) != "them":
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
        return singular_of(plural[0][0]), True, plural[0][1]
    singular = [(w, cap) for w, cap in run if not _looks_plural(w) and not w.endswith(("ed", "ly"))]
    nouns = [x for x in singular if not x[0].endswith("ing")] or singular  # "meeting" only when nothing else
    if nouns:
        return singular_of(nouns[-1][0]), False, nouns[-1][1]
    if plural:
        return singular_of(plural[0][0]), True, plural[0][1]
    return "", False, False
