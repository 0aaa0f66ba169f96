"""What keeps two claims apart whatever their likeness: opposite stances, a negation, an antonym,
figures that cannot both hold. Shared by the clustering and the merge model's features."""
from __future__ import annotations

from claims.model import StoredClaim
from claims.quantities.parse import comparable, quantities_compatible
from claims.text import ANTONYMS, OPPOSITE_STANCES, content_words, has_negation, stem


def opposite(a: StoredClaim, b: StoredClaim) -> bool:
    """Whether the two claims take opposite positions (stance or negation)."""
    if frozenset({a.stance, b.stance}) in OPPOSITE_STANCES:
        return True
    return has_negation(a.content) != has_negation(b.content)


def _quantities_differ(qs_a, qs_b) -> bool:
    for qa in qs_a:
        for qb in qs_b:
            if comparable(qa, qb) and not quantities_compatible(qa, qb):
                return True
    return False


def numbers_differ(a: StoredClaim, b: StoredClaim) -> bool:
    """Whether the claims state quantities that cannot both be true."""
    return _quantities_differ(a.quantities, b.quantities)


_ANTONYM_SIDES = tuple(
    (frozenset(stem(w) for w in x.split()), frozenset(stem(w) for w in y.split())) for x, y in ANTONYMS
)


def antonyms_differ(a_terms: frozenset[str], b_terms: frozenset[str]) -> bool:
    """Whether one claim uses a word and the other its opposite ("rejected" / "accepted")."""
    only_a, only_b = a_terms - b_terms, b_terms - a_terms
    for x, y in _ANTONYM_SIDES:
        if (only_a & x and only_b & y and not only_a & y and not only_b & x) or \
                (only_a & y and only_b & x and not only_a & x and not only_b & y):
            return True
    return False


def kept_apart(a: StoredClaim, b: StoredClaim) -> bool:
    """Guards: different numbers, opposite stance, a negation or an antonym keep two claims apart."""
    return opposite(a, b) or numbers_differ(a, b) or antonyms_differ(content_words(a.content),
                                                                     content_words(b.content))


def antonym_bits(term: str) -> int:
    """The antonym pairs a stemmed word sides with: bit k for pair k's first side, bit 32 + k for its second."""
    bits = 0
    for k, (x, y) in enumerate(_ANTONYM_SIDES):
        if term in x:
            bits |= 1 << k
        if term in y:
            bits |= 1 << (32 + k)
    return bits
