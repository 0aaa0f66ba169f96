"""Rules that find claims which cannot both be true.

Claims are compared when they speak of the same thing, never all pairs:

- the same speaker (any rule; opposite positions reported days apart are
  ``changed`` rather than ``polarity``);
- the same measured thing across speakers and outlets: quantities of one unit
  (and one counted noun, when both name it) whose nearby words overlap
  ("The *call lasted* about 1 hour and 15 minutes" / "his 85-minute phone *call*");
- the same words across speakers: a quote given to two different people.

Kinds and what each needs:

- ``numeric``: the values of one measured thing disagree beyond what their
  qualifiers allow ("more than 40" agrees with 41; "about 70" and "about 75"
  from two accounts are two different estimates).
- ``polarity``: one claim negates what the other asserts ("was not destroyed
  but damaged" / "was destroyed"), or one speaker takes opposite stances.
- ``attribution``: the same quote given to different speakers by different outlets.
- ``changed``: one speaker's opposite positions reported at least
  ``changed_min_days`` apart.

Each ``Contradiction`` carries a reason a person can read ("CBS News: about 75
minutes; Al Jazeera: 85 minutes"), a subject to group it under, a score in
0..1, and a ``key`` naming the disagreement itself (kind, thing, values or
speakers), so that a reviewer's decision on it also covers the same
disagreement met again in new articles.

Stages: claims.quantities.measures (what a quantity measures), claims.contradictions.rules (the
rules on one pair, their thresholds), this module (which pairs to compare, one pair per
disagreement, headings). Pure logic: no I/O.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from typing import Iterable, Sequence

from claims.contradictions.rules import RULES, ContradictionSettings, days_apart
from claims.model import Contradiction, StoredClaim
from claims.quantities.measures import measures
from claims.text import (
    MEASURE_WORDS,
    NEGATIONS,
    NOT_NAME_WORDS,
    STOP_WORDS,
    content_stems,
    name_tokens,
    same_person,
    surname_key,
    word_stem,
    words,
    written_as,
)

# --- blocking ------------------------------------------------------------------------------


def _blocks(c: StoredClaim, settings: ContradictionSettings, df: Counter) -> list[tuple]:
    """The block keys of a claim: its speaker, its measured units, its three rarest content words."""
    keys: list[tuple] = []
    # two versions of one quote or statement share their rarest words
    rare = sorted(content_stems(words(c.content)), key=lambda w: (df[w], -len(w), w))[:3]
    keys += [("word", w) for w in rare]
    if c.speaker:  # one speaker's claims on one subject: the speaker with each rare word
        who = surname_key(c.speaker)
        keys += [("speaker", who, w) for w in rare]
    for m in measures(c, settings.context_words):  # a measured thing: its unit with each word around it
        keys += [("unit", m.q.unit, w) for w in m.context]
        if m.q.noun:
            keys.append(("unit", m.q.unit, "#" + m.q.noun))
    return keys


def detect_contradictions(new: Sequence[StoredClaim], existing: Sequence[StoredClaim],
                          settings: ContradictionSettings | None = None,
                          every_pair: bool = False) -> list[Contradiction]:
    """Compare each new claim with earlier and new claims about the same thing.

    Blocked by speaker, by measured unit and by rare quote words, so the work grows
    with the claims that share a block, not with the square of the warehouse.
    Within one pair the first matching rule wins (attribution, numeric, polarity).
    ``every_pair``: return every disagreeing pair, not only each claim's best one (for grouping).
    """
    settings = settings or ContradictionSettings()
    names = _article_names([*existing, *new])
    df: Counter = Counter(w for c in [*existing, *new] for w in content_stems(words(c.content)))
    index: dict[tuple, list[StoredClaim]] = defaultdict(list)
    for c in existing:  # a block is one story's: claims of two stories are never compared
        for k in set(_blocks(c, settings, df)):
            index[(c.story_id, k)].append(c)
    found: list[Contradiction] = []
    seen: set[tuple[int, int]] = set()
    for claim in sorted(new, key=lambda c: c.claim_id):
        keys = {(claim.story_id, k) for k in _blocks(claim, settings, df)}
        for k in sorted(keys, key=repr):  # a fixed order: the same contradictions get the same ids in every run
            for other in index[k]:
                if other.article_id == claim.article_id or other.claim_id == claim.claim_id:
                    continue
                pair = tuple(sorted((claim.claim_id, other.claim_id)))
                if pair in seen:
                    continue
                seen.add(pair)
                first, second = (other, claim) if other.claim_id < claim.claim_id else (claim, other)
                same_speaker = bool(first.speaker) and same_person(first.speaker, second.speaker)
                days = days_apart(first, second)
                if not same_speaker and days is not None and days > settings.max_days_apart:
                    continue
                if not same_speaker and _overlap(names, first.article_id, second.article_id) < settings.same_event_overlap:
                    continue
                for rule in RULES:
                    hit = rule(first, second, settings)
                    if hit:
                        found.append(hit)
                        break
        for k in keys:
            index[k].append(claim)
    claims = {c.claim_id: c for c in [*existing, *new]}
    # every pair when the caller groups them into disagreements (grouping.group_disagreements): each
    # mention then joins its side; else one pair per disagreement and claim
    return _with_subjects(found if every_pair else _mutual_best(found, claims), claims, settings)


_HOW = {"minute": "how long", "day": "how long", "week": "how long", "month": "how long", "year": "how long",
        "": "how many", "percent": "what share", "percentage point": "what change", "age": "how old"}


def _with_subjects(found: list[Contradiction], claims: dict[int, StoredClaim],
                   settings: ContradictionSettings) -> list[Contradiction]:
    """Numeric contradictions named by what is measured, one heading per thing in a report.

    Disagreements in one unit whose surrounding words overlap are one thing; it is named
    by its counted noun, else by the word around it most often used as a measured noun
    ("85-minute call"), else the most frequent one: "how long: call", "how many: aircraft".
    """
    counts: dict[str, Counter] = defaultdict(Counter)
    nouns: dict[str, set] = defaultdict(set)
    for c in claims.values():
        for m in measures(c, settings.context_words):
            counts[m.q.unit].update(m.context)
            if m.q.noun:
                nouns[m.q.unit].add(word_stem(m.q.noun))
    numeric = [i for i, f in enumerate(found) if f.kind == "numeric" and len(f.sides) >= 6]
    parent = {i: i for i in numeric}

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for x, i in enumerate(numeric):
        for j in numeric[x + 1:]:
            (ui, ni, ai), (uj, nj, aj) = found[i].sides[3:6], found[j].sides[3:6]
            if ui == uj and (not ni or not nj or ni == nj) and (ai & aj or (ni and ni == nj)):
                parent[root(i)] = root(j)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in numeric:
        groups[root(i)].append(i)
    out = list(found)
    for members in groups.values():
        unit = found[members[0]].sides[3]
        named = Counter(found[i].sides[4] for i in members if found[i].sides[4])
        noun = named.most_common(1)[0][0] if named and not unit else ""  # a count is named by what it counts
        around = set().union(*(found[i].sides[5] for i in members))
        how = _HOW.get(unit.partition("/")[0], "how much")
        if noun:
            what = noun
        elif around:
            texts = [claims[c].content for i in members for c in (found[i].claim_id_a, found[i].claim_id_b)]

            def written(stem: str) -> str:
                return next((w for w in (written_as(stem, t) for t in texts) if w), stem)

            # a measured noun first ("85-minute call"), then a word not written in the past tense, then the commonest
            stem = max(sorted(around), key=lambda w: (w in nouns[unit], not written(w).endswith("ed"),
                                                       counts[unit][w]))
            what = written(stem)
        else:
            continue
        for i in members:
            f = found[i]
            out[i] = Contradiction(f.kind, f.claim_id_a, f.claim_id_b, f.reason, f"{how}: {what}", f.score, f.key,
                                   f.sides, f.positions)
    return out


def _article_names(claims: Iterable[StoredClaim]) -> dict[int, set[str]]:
    """Per article, the names its claims mention (capitalized words that are not common words or titles)."""
    out: dict[int, set[str]] = defaultdict(set)
    for c in claims:
        for t in words(c.content, keep_case=True):
            low = t.lower()
            if t[:1].isupper() and len(t) > 2 and low not in STOP_WORDS and low not in MEASURE_WORDS and low not in NOT_NAME_WORDS and low not in NEGATIONS:
                out[c.article_id].add(low.replace("’", "'").removesuffix("'s"))
    return out


def _overlap(names: dict[int, set[str]], a: int, b: int) -> float:
    """The share of the smaller article's names the other mentions (1 when either names nothing)."""
    na, nb = names.get(a, set()), names.get(b, set())
    if not na or not nb:
        return 1.0
    return len(na & nb) / min(len(na), len(nb))


def _mutual_best(found: list[Contradiction], claims: dict[int, StoredClaim]) -> list[Contradiction]:
    """One pair per disagreement and claim: numeric and attribution pairs are kept only when each
    claim is the other's best match among the claims saying the same thing.

    When seven outlets say 75 minutes and one says 85, the 85 is raised once, against
    the closest primary version of the 75 (a direct quote first, then the most shared
    context, then the score), not against every outlet that agrees.
    """
    best: dict[tuple, tuple] = {}
    # how often other outlets give an article's quotes of one speaker to someone else: an article that
    # misattributes one quote tends to misattribute its neighbours, so it is a poor reference

    def who(c: StoredClaim) -> tuple:
        return (c.article_id, surname_key(c.speaker))

    disputed = Counter(who(claims[i]) for f in found if f.kind == "attribution" for i in (f.claim_id_a, f.claim_id_b))
    for f in found:
        if not f.sides:
            continue
        side_a, side_b, closeness = f.sides[:3]
        a, b = claims[f.claim_id_a], claims[f.claim_id_b]
        for mine, other, other_side in ((a, b, side_b), (b, a, side_a)):
            # a primary version first (the speaker's words quoted), then the closest, then the most fully named
            # (a version whose speaker many outlets dispute is a poor primary source)
            primary = {"direct": 2, "mixed": 1}.get(other.quote_type, 0)
            doubt = 0 if f.kind == "attribution" else disputed[who(other)]
            # ties: for "who said it" the most fully named speaker, for a number the earliest stored claim
            named = len(name_tokens(other.speaker)) if f.kind == "attribution" else 0
            rank = (primary, -doubt, closeness, f.score, named, -other.claim_id)
            k = (f.kind, mine.claim_id, other_side)
            if k not in best or rank > best[k][0]:
                best[k] = (rank, f)
    winners = {}
    for (kind, cid, _), (_, f) in best.items():
        winners.setdefault(id(f), set()).add(cid)
    return [f for f in found if not f.sides or len(winners.get(id(f), ())) == 2]


# flows/pipeline.py configures and runs detection through this module
__all__ = ["ContradictionSettings", "Contradiction", "detect_contradictions"]
