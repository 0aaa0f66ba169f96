"""Disagreements from pairs: one record per thing disagreed about, every mention on its side.

The rules (``detect``, ``reworded``) find pairs of claims that cannot both be true. A reader sees
one disagreement ("cost of the fish ladder: $12 million — Civic Wire · $15 million — Eastport
Herald"), however many outlets repeat each figure. Pairs are joined into one disagreement when
they are of one kind, about one thing (numeric: one unit and one measured-thing heading; the
others: one proposition or quote), equally known to be of one story, and connected by their
mentions (a claim in both). Each mention takes a side: the value it states (numeric; values compatible with each
other, "75 minutes" and "about 1 hour 15 minutes", are one side), the position it takes
(polarity, changed) or the speaker it names (attribution).

Confidence, 0..1: the best pair's score, raised by the outlets that repeat each side
(``support_bonus`` each, beyond one per side). ``same_story``: the mentions are known to be of
one story — the same story id when articles carry one, else the pair is dated (both articles
within the rules' window, or one of them dated), else one claim cluster holds both. Undated claims
of two unrelated articles that merely share a word near a number are not known to be one story.

Pure logic: records in, ``Disagreement`` records out.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Mapping, Sequence

from claims.contradictions.rules import claim_label
from claims.model import Contradiction, Disagreement, Mention, StoredClaim
from claims.quantities.parse import quantities_compatible, rounded_alike
from claims.text import same_person


@dataclass(frozen=True)
class GroupingSettings:
    """How disagreements are rated; equal when every setting is."""

    #: Confidence (0-1) at or above which a disagreement is in the default review queue; below it,
    #: the possible contradictions a reviewer opens on purpose.
    min_confidence: float = 0.0
    #: Confidence added for each further outlet that repeats a side (beyond one outlet per side).
    support_bonus: float = 0.05
    #: Confidence (0-1) at or above which a disagreement of the pairwise numeric rules (numbers in two
    #: alike claims) is in the default queue, where no figure disagreement covers it; above 1: never.
    pairwise_numeric_min_confidence: float = 0.8


def _thing(f: Contradiction) -> tuple:
    """What a pair disagrees about, as far as one pair tells: the join key of its disagreement."""
    if f.kind == "numeric":
        unit = f.sides[3] if len(f.sides) >= 4 else (f.positions[2].unit if len(f.positions) >= 3 else "")
        return ("numeric", unit, f.subject or "")
    if f.kind == "attribution":
        return ("attribution",)
    return ("polarity",)  # polarity and changed: opposite positions on one proposition


def _positions(f: Contradiction) -> tuple[str, str]:
    if len(f.positions) >= 2:
        return str(f.positions[0]), str(f.positions[1])
    return "a", "b"


def group_disagreements(found: Sequence[Contradiction], claims: Mapping[int, StoredClaim],
                        settings: GroupingSettings | None = None,
                        story_of: Mapping[int, int | None] | None = None) -> list[Disagreement]:
    """Join pairs into disagreements (one per thing, connected by mentions) and rate each.

    ``claims``: every claim the pairs name (cluster ids read from them); ``story_of``: article id →
    story id where articles carry one (pairs of two different stories are left out).
    """
    settings = settings or GroupingSettings()
    story_of = story_of or {}

    def story(cid: int):
        return story_of.get(claims[cid].article_id) if cid in claims else None

    pairs = []
    for f in found:
        sa, sb = story(f.claim_id_a), story(f.claim_id_b)
        if sa is not None and sb is not None and sa != sb:
            continue  # nothing joins two stories
        pairs.append(f)

    # union-find over pairs: one thing, and a claim (or a claim cluster) in common
    parent = list(range(len(pairs)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    # pairs known to be of one story and the others are never joined: a dated pair does not lend its
    # story to undated claims that happen to share a figure's heading
    known = [_same_story(claims, f, story) for f in pairs]
    seen: dict[tuple, int] = {}
    for i, f in enumerate(pairs):
        thing = (_thing(f), known[i])
        for cid in (f.claim_id_a, f.claim_id_b):
            k = (thing, cid)
            if k in seen:
                parent[root(i)] = root(seen[k])
            else:
                seen[k] = i
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(pairs)):
        groups[root(i)].append(i)
    out = [_one(f_list, claims, settings, story) for f_list in ([pairs[i] for i in members] for members in groups.values())]
    return sorted((d for d in out if d is not None), key=lambda d: (d.claim_id_a, d.claim_id_b, d.kind))


def _one(pairs: list[Contradiction], claims: Mapping[int, StoredClaim], settings: GroupingSettings,
         story) -> Disagreement | None:
    """One disagreement from its pairs: each mention's side, a representative pair, a confidence."""
    said: dict[int, tuple[str, object]] = {}  # claim → (its position, its quantity or None)
    for f in pairs:
        pa, pb = _positions(f)
        qa = f.positions[2] if len(f.positions) >= 4 else None
        qb = f.positions[3] if len(f.positions) >= 4 else None
        said.setdefault(f.claim_id_a, (pa, qa))
        said.setdefault(f.claim_id_b, (pb, qb))
    # sides: mentions whose values agree (compatible quantities, or the same position) are one side
    ids = sorted(said)
    parent = {c: c for c in ids}

    # two mentions a rule set against each other are never one side, however their neighbours chain
    # ("about 70" and "about 75" are each compatible with "more than an hour", not with each other)
    against = {frozenset((f.claim_id_a, f.claim_id_b)) for f in pairs}
    kind = pairs[0].kind

    def alike(c: int, d: int) -> int:
        """2: the same position; 1: compatible values (or one speaker named twice); 0: different."""
        (pc, qc), (pd, qd) = said[c], said[d]
        if pc == pd:
            return 2
        if kind == "attribution" and c in claims and d in claims and same_person(claims[c].speaker, claims[d].speaker):
            return 1
        return int(qc is not None and qd is not None and (quantities_compatible(qc, qd) or rounded_alike(qc, qd)))

    links = sorted(((alike(c, d), c, d) for x, c in enumerate(ids) for d in ids[x + 1:]), key=lambda t: -t[0])
    side_of = {c: {c} for c in ids}
    for strength, c, d in links:
        if not strength or parent_of(parent, c) == parent_of(parent, d):
            continue
        left, right = side_of[parent_of(parent, c)], side_of[parent_of(parent, d)]
        if any(frozenset((x, y)) in against for x in left for y in right):
            continue
        rc, rd = parent_of(parent, c), parent_of(parent, d)
        parent[rc] = rd
        side_of[rd] = left | right
    members: dict[int, list[int]] = defaultdict(list)
    for c in ids:
        members[parent_of(parent, c)].append(c)
    if len(members) < 2:
        return None  # every mention agrees with the others: no disagreement left
    label = {}
    for group in members.values():
        names = Counter(said[c][0] for c in group)
        top = max(names.items(), key=lambda kv: (kv[1], -min(c for c in group if said[c][0] == kv[0])))[0]
        for c in group:
            label[c] = top
    # the representative pair: the best-scored pair whose claims stand on two sides
    opposed = [f for f in pairs if label[f.claim_id_a] != label[f.claim_id_b]]
    if not opposed:
        return None
    rep = max(opposed, key=lambda f: (f.score, -f.claim_id_a, -f.claim_id_b))
    kind = "changed" if any(f.kind == "changed" for f in pairs) and rep.kind == "changed" else rep.kind
    outlets: dict[str, set[str]] = defaultdict(set)
    for c in ids:
        outlets[label[c]].add(claim_label(claims[c]) if c in claims else f"claim {c}")
    support = sum(len(v) - 1 for v in outlets.values())
    same_story = any(_same_story(claims, f, story) for f in opposed)
    confidence = round(min(1.0, rep.score + settings.support_bonus * support), 3)
    subject = rep.subject
    reason = " · ".join(f"{side} — {', '.join(sorted(outlets[side]))}" for side in _side_order(label, ids))
    thing = _thing(rep)
    if rep.kind == "numeric":
        key = f"numeric|{thing[1]}|{subject}"
    else:
        key = rep.key
    mentions = tuple(Mention(c, label[c]) for c in ids)
    a, b = sorted((rep.claim_id_a, rep.claim_id_b))
    return Disagreement(kind, key, subject, reason, a, b, rep.score, confidence, mentions, same_story)


def parent_of(parent: dict, c: int) -> int:
    while parent[c] != c:
        parent[c] = parent[parent[c]]
        c = parent[c]
    return c


def _side_order(label: dict[int, str], ids: list[int]) -> list[str]:
    out: list[str] = []
    for c in ids:
        if label[c] not in out:
            out.append(label[c])
    return out


def _same_story(claims: Mapping[int, StoredClaim], f: Contradiction, story) -> bool:
    """Whether a pair's two claims are known to be one story: one story id, a date, or one claim cluster."""
    a, b = claims.get(f.claim_id_a), claims.get(f.claim_id_b)
    if a is None or b is None:
        return True
    sa, sb = story(a.claim_id), story(b.claim_id)
    if sa is not None and sa == sb:
        return True
    if a.published or b.published:
        return True  # the rules compared other speakers only within their window of days
    return a.cluster_id is not None and a.cluster_id == b.cluster_id


def in_queue(d: Disagreement, settings: GroupingSettings | None = None) -> bool:
    """Whether a disagreement belongs in the default review queue (else: a possible contradiction)."""
    settings = settings or GroupingSettings()
    return d.same_story and d.confidence >= settings.min_confidence


def from_sides(record, claims: Mapping[int, StoredClaim] | None = None, kind: str = "numeric",
               same_story: bool = True) -> Disagreement | None:
    """A disagreement from a record already grouped by sides: the figures branch's ``NumericDisagreement``
    (``measure``, ``subject``, ``confidence``, ``key``, ``sides``: each a ``label`` and ``mentions`` with a
    ``claim_id``; see /work/notes/figures_interface.md), or anything shaped alike. Mentions no claim holds
    (``claim_id`` None) are left out; a claim keeps its first side. None when fewer than two sides remain.
    """
    claims = claims or {}
    seen: dict[int, str] = {}
    for side in record.sides:
        for m in side.mentions:
            cid = getattr(m, "claim_id", None)
            if cid is not None and cid not in seen:
                seen[cid] = str(side.label)
    order = _side_order(seen, sorted(seen, key=lambda c: (list(seen.values()).index(seen[c]), c)))
    if len(order) < 2:
        return None
    first = {label: min(c for c in seen if seen[c] == label) for label in order}
    a, b = sorted((first[order[0]], first[order[1]]))
    outlets: dict[str, list[str]] = {label: [] for label in order}
    for c in sorted(seen):
        name = claim_label(claims[c]) if c in claims else f"claim {c}"
        if name not in outlets[seen[c]]:
            outlets[seen[c]].append(name)
    reason = " · ".join(f"{label} — {', '.join(outlets[label])}" for label in order)
    measure = getattr(record, "measure", "") or ""
    subject = f"{measure} ({record.subject})" if getattr(record, "subject", "") else measure
    confidence = float(getattr(record, "confidence", 1.0))
    key = getattr(record, "key", "") or f"{kind}|{subject}|{'|'.join(sorted(order))}"
    mentions = tuple(Mention(c, seen[c]) for c in sorted(seen))
    return Disagreement(kind, key, subject, reason, a, b, confidence, confidence, mentions, same_story)


@dataclass(frozen=True)
class _Side:
    label: str
    mentions: tuple


@dataclass(frozen=True)
class _ClaimMention:
    claim_id: int


@dataclass(frozen=True)
class _Sided:
    measure: str
    subject: str
    confidence: float
    key: str
    sides: tuple


def figure_sides(record) -> dict[int, str]:
    """Claim id → side of a figure disagreement (``NumericDisagreement``: sides of ``StoredFigure`` mentions).

    A figure's own claim (``claim_id``, the tightest one holding it) takes its side first; the other claims
    its clause overlaps (``claim_ids``: the extractor may split "the number was | 5,582" in two) take it where
    no figure's own claim placed them. A claim left on two sides is no mention at all.
    """
    own: dict[int, set] = defaultdict(set)
    near: dict[int, set] = defaultdict(set)
    for side in record.sides:
        for m in side.mentions:
            if getattr(m, "claim_id", None) is not None:
                own[m.claim_id].add(str(side.label))
            for c in getattr(m, "claim_ids", ()) or ():
                near[c].add(str(side.label))
    out = {c: next(iter(s)) for c, s in own.items() if len(s) == 1}
    for c, s in near.items():
        if c not in own and len(s) == 1:
            out[c] = next(iter(s))
    return out


def _plural(noun: str) -> str:
    if noun in ("person", "people"):
        return "people"
    if noun.endswith("s"):
        return noun
    if noun.endswith("y") and noun[-2:-1] not in tuple("aeiou"):
        return noun[:-1] + "ies"
    if noun.endswith(("x", "ch", "sh")):
        return noun + "es"
    return noun + "s"


def side_label(side) -> str:
    """How a reader sees one side of a figure disagreement: a count with its noun ("5 helicopters", "≥10
    dead"), a clock time as UTC or local ("06:30 UTC"), else the value as most of its mentions write it
    ("about 75 minutes")."""
    figs = [m.figure for m in side.mentions if getattr(m, "figure", None) is not None]
    if not figs:
        return str(side.label)
    f = figs[0]
    if f.kind == "count":
        nouns = Counter(x.noun for x in figs if x.noun)
        if not nouns:
            return str(side.label)
        noun = nouns.most_common(1)[0][0]
        return f"{side.label} {noun if f.value == 1 and f.high == 1 else _plural(noun)}"
    if f.kind == "clock":
        return str(side.label)
    texts = Counter(" ".join(x.text.split()) for x in figs if x.text)
    return max(texts.items(), key=lambda kv: (kv[1], -len(kv[0])))[0] if texts else str(side.label)


def from_figures(record, claims: Mapping[int, StoredClaim] | None = None) -> Disagreement | None:
    """One grouped numeric disagreement from a figure disagreement, its mentions the claims holding its
    figures (``figure_sides``); None when fewer than two sides keep a claim."""
    side_of = figure_sides(record)
    sides = tuple(_Side(side_label(s), tuple(_ClaimMention(c) for c in sorted(side_of) if side_of[c] == str(s.label)))
                  for s in record.sides)
    return from_sides(_Sided(record.measure, record.subject, record.confidence, record.key, sides), claims)


def across_articles(record) -> bool:
    """Whether two of a figure disagreement's mentions on different sides come from different articles.

    An article giving two values of "one" measure (a 40-year-old and a 43-year-old; 2 a.m. and 6 a.m.) is
    nearly always telling two things, or updating itself: such a disagreement is only a possible one.
    """
    seen: dict[int, set] = {}
    for side in record.sides:
        seen[id(side)] = {m.article_id for m in side.mentions}
    sets = list(seen.values())
    return any(a != b for x, s1 in enumerate(sets) for s2 in sets[x + 1:] for a in s1 for b in s2)


def covered_pairs(groups: Sequence[Disagreement]) -> set[frozenset]:
    """Claim pairs on two different sides of one of these disagreements."""
    out: set[frozenset] = set()
    for d in groups:
        for x, m in enumerate(d.mentions):
            for n in d.mentions[x + 1:]:
                if m.side != n.side:
                    out.add(frozenset((m.claim_id, n.claim_id)))
    return out


@dataclass(frozen=True)
class Routed:
    """What one link stores, by queue: disagreements from figures across articles (the queue), from one
    article's figures (possible only: an article giving two values nearly always tells two things), and
    the rules' pairs that no figure disagreement already sets on two sides."""

    from_figures: tuple[Disagreement, ...]
    one_article: tuple[Disagreement, ...]
    pairs: tuple[Contradiction, ...]


def route(numeric: Sequence, claims: Mapping[int, StoredClaim], found: Sequence[Contradiction]) -> Routed:
    """Figure disagreements (``NumericDisagreement``) as grouped disagreements, and the rules' pairs left
    once a figure disagreement covers a numeric pair."""
    across, one = [], []
    for d in numeric:
        g = from_figures(d, claims)
        if g is not None:
            (across if across_articles(d) else one).append(g)
    covered = covered_pairs([*across, *one])
    pairs = [f for f in found if f.kind != "numeric" or frozenset((f.claim_id_a, f.claim_id_b)) not in covered]
    return Routed(tuple(across), tuple(one), tuple(pairs))


def figure_claim_ids(numeric: Sequence) -> list[int]:
    """Every claim holding a figure of these disagreements (its own claim and the claims its clause overlaps)."""
    return sorted({cid for d in numeric for s in d.sides for m in s.mentions for cid in (m.claim_id, *m.claim_ids)
                   if cid is not None})
