"""Speaker names as the warehouse looks them up: the alias key of a name a user or an article wrote."""
from __future__ import annotations

from claims.identity import clean, fold


def alias_key(name: str) -> str:
    """The key a speaker's alias is stored under: case, accents, titles and punctuation removed."""
    return fold(clean(name))
