"""Word lists shared by the rules that read names and claims (no spaCy: cheap to import)."""
from __future__ import annotations

#: Titles and roles written before a name ("President", "Gen.", "Foreign Minister").
TITLES = frozenset(
    """mr mr. mrs mrs. ms ms. miss dr dr. prof prof. sir dame lord lady president
    vice-president vp sen sen. senator rep rep. representative gov gov. governor mayor
    gen gen. general adm adm. admiral col col. colonel capt capt. captain lt lt. sgt sgt.
    pope king queen prince princess chancellor premier minister prime secretary judge justice
    speaker chairman chairwoman chair ceo director ambassador commissioner attorney former
    the rev rev. reverend father sheikh ayatollah emir sultan leader chief deputy state foreign
    u.s. us acting incumbent candidate nominee""".split()
)
