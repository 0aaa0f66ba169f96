"""Numeric disagreements from figures: the same measured thing given values that cannot all hold.

Input: the stored figures of one story (``StoredFigure``). Three steps:

1. **Measure identity.** Every two figures of one kind and canonical unit get a score, a linear sum
   over pair features (concepts the clauses name, the counted noun's class, shared content stems,
   shared names, whether the kind is a non-count one such as a clock time or a magnitude). The weights
   are in ``claims/data/figure_model.json`` and were chosen leave-one-event-out (its card). A value and
   its bracketed conversion in one sentence ("948ft (289m)") always measure one thing; two other
   figures of one sentence never do. Average-link clustering at ``link_threshold`` gives the measures.
2. **Disagreeing pairs.** In one measure, two figures disagree when their intervals cannot both hold
   after qualifiers, canonical units, zones and rounding. A value written in another unit gets
   ``conversion_tol`` of slack (160 miles / 260 km), written decimals round ("2.6 km" holds 2.57), and
   ages allow ``age_tol_years`` (a birthday between reports). Two rounded estimates ``approx_gap``
   apart ("about 70" / "about 75") also disagree. Figures more than ``max_ratio`` apart measure
   different things (two vague durations are exempt: "decades" / "a few months"). A running count (people killed, flights cancelled)
   that rose between two publication dates is an update, not a disagreement, unless both name the
   same day ("on Sunday"). A count that fell is a disagreement.
3. **Groups.** The disagreeing figures of one measure form groups with sides: any two figures on
   different sides disagree, and any two on one side agree. A figure that agrees with two sides stays
   out. Groups of one measure merge where that still holds; a group of more than ``max_sides`` values is
   dropped (several measures mixed, not one disagreement), and ``max_groups`` per measure are kept.

Pure logic: no I/O.
"""
from __future__ import annotations

import itertools
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Callable, Sequence

from claims.model import Figure, StoredFigure
from claims.quantities.figures import concepts_of, model, place_offsets
from claims.text import STOP_WORDS

NON_COUNT = frozenset({"clock", "duration", "distance", "age", "magnitude", "height"})
SKIPPED = frozenset({"other", "rate"})


@dataclass(frozen=True)
class DisagreementSide:
    label: str  # the value this side gives, described ("1,002", "about 10 km", "06:21 UTC")
    mentions: tuple[StoredFigure, ...]


@dataclass(frozen=True)
class NumericDisagreement:
    """One measured thing given values that cannot all hold, with every mention on its side."""

    measure: str
    subject: str
    kind: str
    unit: str
    sides: tuple[DisagreementSide, ...]
    confidence: float
    key: str


@dataclass(frozen=True)
class FigureSettings:
    """Thresholds of the figure rule; the defaults are the shipped model's (figure_model.json)."""

    weights: tuple[tuple[str, float], ...]
    conversion_score: float
    link_threshold: float
    edge_min: float
    max_ratio: float
    max_groups: int
    rel_tol: float
    running_ratio: float
    approx_gap: float
    conversion_tol: float
    age_tol_years: float
    running_concepts: frozenset[str]
    max_sides: int = 4

    @classmethod
    def from_model(cls) -> "FigureSettings":
        m = model()
        return cls(weights=tuple(sorted(m["weights"].items())), conversion_score=m["conversion_score"],
                   link_threshold=m["link_threshold"], edge_min=m["edge_min"], max_ratio=m["max_ratio"],
                   max_groups=int(m["max_groups"]), rel_tol=m["rel_tol"], running_ratio=m["running_ratio"],
                   approx_gap=m["approx_gap"], conversion_tol=m["conversion_tol"], age_tol_years=m["age_tol_years"],
                   running_concepts=frozenset(m["running_concepts"]), max_sides=int(m["max_sides"]))


# --- pair features ------------------------------------------------------------------------------

def features(a: StoredFigure, b: StoredFigure) -> dict[str, float]:
    fa, fb = a.figure, b.figure
    ca, cb = set(fa.concepts), set(fb.concepts)
    concept = len(ca & cb) / len(ca | cb) if ca | cb else 0.0
    if fa.noun_class and fb.noun_class and fa.kind == "count":
        noun = 1.0 if fa.noun_class == fb.noun_class else -1.0
        noun_exact = 1.0 if fa.noun == fb.noun else 0.0
    else:
        noun = noun_exact = 0.0
    shared = set(fa.context) & set(fb.context)
    na, nb = set(fa.names), set(fb.names)
    return {
        "concept": concept,
        "concept_any": 1.0 if ca & cb else 0.0,
        "concept_clash": 1.0 if ca and cb and not ca & cb else 0.0,
        "noun": noun,
        "noun_exact": noun_exact,
        "ctx": min(3, len(shared)) / 3,
        "ctx1": 1.0 if shared else 0.0,
        "names": 1.0 if na & nb else (-1.0 if na and nb else 0.0),
        "wide": 1.0 if concepts_of(fa.context) & concepts_of(fb.context) else 0.0,
        "noncount": 1.0 if fa.kind in NON_COUNT else 0.0,
        "same_article": 1.0 if a.article_id == b.article_id else 0.0,
    }


def score(feat: dict[str, float], settings: FigureSettings) -> float:
    w = dict(settings.weights)
    return sum(w.get(k, 0.0) * v for k, v in feat.items())


def _conversion_pair(a: StoredFigure, b: StoredFigure) -> bool:
    """A value and its conversion in brackets right after it, in one sentence."""
    fa, fb = (a.figure, b.figure) if a.figure.span.start < b.figure.span.start else (b.figure, a.figure)
    return (a.article_id == b.article_id and fa.sentence == fb.sentence and fa.written_unit != fb.written_unit
            and 0 <= fb.span.start - fa.span.end <= 3)


def pair_features(figs: Sequence[StoredFigure],
                  same_story: Callable[[int, int], bool] | None = None) -> dict[tuple[int, int], dict[str, float] | None]:
    """Features of the pairs worth scoring (index pairs, i < j; None: a value and its bracketed conversion):
    one kind and unit, one story, blocked so a count is scored only against counts sharing a concept,
    noun class or content stem."""
    out: dict[tuple[int, int], dict[str, float] | None] = {}
    by_family: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, s in enumerate(figs):
        if s.figure.kind not in SKIPPED:
            by_family[(s.figure.kind, s.figure.unit)].append(i)
    for (kind, _), members in by_family.items():
        if kind in NON_COUNT:
            pairs = set(itertools.combinations(members, 2))
        else:
            index: dict[str, list[int]] = defaultdict(list)
            for i in members:
                f = figs[i].figure
                for key in {*("c:" + c for c in f.concepts), *("s:" + s for s in f.context),
                            *(("n:" + f.noun_class,) if f.noun_class else ())}:
                    index[key].append(i)
            pairs = {(x, y) for ids in index.values() for x, y in itertools.combinations(sorted(set(ids)), 2)}
        for i, j in sorted(pairs):
            a, b = figs[i], figs[j]
            if same_story is not None and a.article_id != b.article_id and not same_story(a.article_id, b.article_id):
                continue
            if a.article_id == b.article_id and a.figure.sentence == b.figure.sentence:
                if _conversion_pair(a, b):
                    out[(i, j)] = None
                continue  # two figures of one kind in one sentence measure two things
            out[(i, j)] = features(a, b)
    return out


def pair_scores(figs: Sequence[StoredFigure], settings: FigureSettings,
                same_story: Callable[[int, int], bool] | None = None,
                feats: dict[tuple[int, int], dict[str, float] | None] | None = None) -> dict[tuple[int, int], float]:
    """Measure identity scores of the pairs ``pair_features`` keeps."""
    feats = pair_features(figs, same_story) if feats is None else feats
    return {k: settings.conversion_score if f is None else score(f, settings) for k, f in feats.items()}


def measure_clusters(n: int, scores: dict[tuple[int, int], float], threshold: float) -> list[list[int]]:
    """Average-link clusters: two clusters join while the mean score over their pairs (an unscored pair
    counts as 0) is at or above ``threshold``. Run inside each connected set of pairs scored at or above
    it (no cluster can span two such sets), so the work stays with the figures that could join."""
    parent = list(range(n))

    def root(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for (i, j), s in scores.items():
        if s >= threshold:
            parent[root(i)] = root(j)
    parts: dict[int, list[int]] = defaultdict(list)
    for i in range(n):
        parts[root(i)].append(i)
    out: list[list[int]] = []
    for members in parts.values():
        if len(members) < 2:
            continue
        inside = set(members)
        sub = {k: s for k, s in scores.items() if k[0] in inside and k[1] in inside}
        out += _average_link(members, sub, threshold)
    return out


def _average_link(members: list[int], scores: dict[tuple[int, int], float], threshold: float) -> list[list[int]]:
    clusters = {i: [i] for i in members}
    of = {i: i for i in members}
    while True:
        total: dict[tuple[int, int], float] = defaultdict(float)
        for (i, j), s in scores.items():
            ci, cj = of[i], of[j]
            if ci != cj:
                total[(min(ci, cj), max(ci, cj))] += s
        best, best_avg = None, threshold
        for (ci, cj), s in sorted(total.items()):
            avg = s / (len(clusters[ci]) * len(clusters[cj]))
            if avg >= best_avg and (best is None or avg > best_avg):
                best, best_avg = (ci, cj), avg
        if best is None:
            break
        ci, cj = best
        for x in clusters[cj]:
            of[x] = ci
        clusters[ci] += clusters.pop(cj)
    return [c for c in clusters.values() if len(c) > 1]


# --- values -------------------------------------------------------------------------------------

def _interval(f: Figure, settings: FigureSettings) -> tuple[float, float]:
    lo, hi = f.low, f.high
    if f.decimals and f.qualifier in ("", "range"):
        half = 0.5 * 10 ** -f.decimals * (f.value / _written_value(f) if _written_value(f) else 1.0)
        lo, hi = lo - abs(half), hi + abs(half)
    if f.kind == "age":
        lo, hi = lo - settings.age_tol_years / 2, hi + settings.age_tol_years / 2
    if settings.rel_tol:  # half the rounding slack on each of the two values compared
        lo = lo - abs(lo) * settings.rel_tol / 2
        hi = hi + abs(hi) * settings.rel_tol / 2 if math.isfinite(hi) else hi
    return lo, hi


_NUM = re.compile(r"\d[\d,]*(?:\.\d+)?")


def _written_value(f: Figure) -> float:
    m = _NUM.search(f.text)
    try:
        return float(m.group(0).replace(",", "")) if m else 0.0
    except ValueError:
        return 0.0


def _clock_candidates(f: Figure, places: Sequence[int]) -> list[tuple[float, float]]:
    """A clock time's possible UTC intervals: as written, or local in one of the story's places."""
    half = f.high - f.value
    if f.zone_offset is not None or not places:
        return [(f.value, half)]
    return [((f.value - off) % 1440, half) for off in places]


def compatible(a: Figure, b: Figure, settings: FigureSettings, places: Sequence[int] = ()) -> bool:
    """Whether both values can hold."""
    if a.kind == "clock":
        if (a.zone_offset is None) != (b.zone_offset is None) and not places:
            return True  # a local time of an unknown place against a zoned one: cannot tell
        for va, ha in _clock_candidates(a, places):
            for vb, hb in _clock_candidates(b, places):
                d = abs(va - vb) % 1440
                if min(d, 1440 - d) <= ha + hb + 1e-9:
                    return True
        return False
    lo1, hi1 = _interval(a, settings)
    lo2, hi2 = _interval(b, settings)
    if a.written_unit and b.written_unit and a.written_unit != b.written_unit:
        lo1 = lo1 * (1 - settings.conversion_tol)
        hi1 = hi1 * (1 + settings.conversion_tol) if math.isfinite(hi1) else hi1
    finite = [abs(x) for x in (lo1, hi1, lo2, hi2) if math.isfinite(x)]
    eps = 1e-9 * max([1.0, *finite])
    return max(lo1, lo2) <= min(hi1, hi2) + eps


def two_estimates(a: Figure, b: Figure, settings: FigureSettings) -> bool:
    """Two rounded estimates that differ ("about 70" / "about 75"): two accounts, not one."""
    if a.qualifier != "about" or b.qualifier != "about" or a.kind == "clock":
        return False
    top = max(abs(a.value), abs(b.value))
    return top > 0 and abs(a.value - b.value) / top >= settings.approx_gap


def value_ratio(a: Figure, b: Figure) -> float:
    if a.kind == "clock":
        return 1.0
    x, y = (a.high, b.low) if a.high < b.low else (b.high, a.low)
    if x <= 0 or not math.isfinite(y):
        return math.inf if y > 0 else 1.0
    return max(x, y) / min(x, y)


def disagree(a: StoredFigure, b: StoredFigure, settings: FigureSettings, places: Sequence[int] = ()) -> bool:
    fa, fb = a.figure, b.figure
    if a.claim_id is not None and a.claim_id == b.claim_id:
        return False
    if compatible(fa, fb, settings, places) and not two_estimates(fa, fb, settings):
        return False
    if value_ratio(fa, fb) > settings.max_ratio and not fa.qualifier == fb.qualifier == "vague":
        return False
    if fa.days and fb.days and not set(fa.days) & set(fb.days):
        return False  # given for two different days: two moments
    running = (set(fa.concepts) | set(fb.concepts)) & settings.running_concepts
    if running:
        da, db = (a.published or "")[:10], (b.published or "")[:10]
        if da and db and da != db and not set(fa.days) & set(fb.days):
            early, late = (fa, fb) if da < db else (fb, fa)
            if late.high >= early.low:
                return False  # a running count that rose (or held) from one day to the next: an update
        if not (da and db) and value_ratio(fa, fb) > settings.running_ratio:
            return False  # a running count of an unknown day: values far apart are likely an update
    return True


# --- groups -------------------------------------------------------------------------------------

def _agree(x: StoredFigure, y: StoredFigure, settings: FigureSettings, places) -> bool:
    return compatible(x.figure, y.figure, settings, places) and not two_estimates(x.figure, y.figure, settings)


def _merge_into(group: list[list[int]], sides: list[list[int]], agree: Callable[[int, int], bool], edges,
                adjacent: dict[int, set[int]]) -> bool:
    """Add the members of ``sides`` not in ``group`` yet to the side of ``group`` they agree with (or as a
    side of their own) if every two members on different sides then disagree (an edge); in place.

    ``group`` holds that already (a group is only ever made so), so only the added members are checked.
    ``adjacent``: each member's edges, for a quick no: an added member must disagree with every member
    of the group outside its own side."""
    placed = {m for s in group for m in s}
    need = len(placed) - max(len(s) for s in group)
    for side in sides:
        for m in side:
            if m not in placed and len(adjacent.get(m, ()) & placed) < need:
                return False
    trial = [list(s) for s in group]
    added: list[tuple[int, int]] = []  # (member, its side in trial)
    for side in sides:
        new = [m for m in side if m not in placed]
        if not new:
            continue
        home = []
        for k, s in enumerate(trial):
            if all(agree(m, o) for m in new for o in s):
                home.append(k)
                if len(home) > 1:
                    return False
        if home:
            trial[home[0]] += new
        else:
            trial.append(new)
        k = home[0] if home else len(trial) - 1
        added.extend((m, k) for m in new)
        placed.update(new)
    for m, k in added:
        for k2, s2 in enumerate(trial):
            if k2 != k and any((m, o) not in edges for o in s2):
                return False
    group[:] = trial
    return True


def _groups_of_measure(members: list[int], figs, scores, settings, places) -> list[tuple[float, list[list[int]]]]:
    edges: dict[tuple[int, int], float] = {}
    for i, j in itertools.combinations(sorted(members), 2):
        s = scores.get((i, j), -math.inf)
        if s >= settings.edge_min and disagree(figs[i], figs[j], settings, places):
            edges[(i, j)] = edges[(j, i)] = s
    if not edges:
        return []
    adjacent: dict[int, set[int]] = {}
    for i, j in edges:
        adjacent.setdefault(i, set()).add(j)
    known: dict[tuple[int, int], bool] = {}

    def agree(m: int, o: int) -> bool:  # _agree of two members, each ordered pair worked out once
        hit = known.get((m, o))
        if hit is None:
            hit = known[(m, o)] = _agree(figs[m], figs[o], settings, places)
        return hit

    covered: set[tuple[int, int]] = set()
    found: list[tuple[float, list[list[int]]]] = []
    for (i, j), s in sorted(((k, v) for k, v in edges.items() if k[0] < k[1]), key=lambda kv: (-kv[1], kv[0])):
        if (i, j) in covered:
            continue
        sides = [[i], [j]]
        for m in sorted(members):
            if m in (i, j):
                continue
            fits = [k for k, side in enumerate(sides)
                    if all(agree(m, o) for o in side)
                    and all((m, o) in edges for k2, s2 in enumerate(sides) if k2 != k for o in s2)]
            if len(fits) == 1:
                sides[fits[0]].append(m)
            elif not fits and all((m, o) in edges for s2 in sides for o in s2):
                sides.append([m])
        for s1, s2 in itertools.combinations(sides, 2):
            covered.update((x, y) for x in s1 for y in s2)
            covered.update((y, x) for x in s1 for y in s2)
        strength = sum(edges.get((x, y), 0.0) for s1, s2 in itertools.combinations(sides, 2) for x in s1 for y in s2)
        found.append((strength, sides))
    found.sort(key=lambda x: -x[0])
    merged: list[list[list[int]]] = []
    strengths: list[float] = []
    for strength, sides in found:
        for k, g in enumerate(merged):
            if _merge_into(g, sides, agree, edges, adjacent):
                strengths[k] += strength
                break
        else:
            merged.append([list(s) for s in sides])
            strengths.append(strength)
    changed = True
    while changed:
        changed = False
        for x, y in itertools.combinations(range(len(merged)), 2):
            if _merge_into(merged[x], merged[y], agree, edges, adjacent):
                strengths[x] += strengths.pop(y)
                merged.pop(y)
                changed = True
                break
    # five or more values of "one" measure: more likely several measures mixed than one disagreement
    ranked = sorted(((s, g) for s, g in zip(strengths, merged) if len(g) <= settings.max_sides), key=lambda t: -t[0])
    return [(s, g) for s, g in ranked[:settings.max_groups]]


def fmt_plain(x: float) -> str:
    """1002 → "1,002", 6.4 → "6.4", 0.3 → "0.3"."""
    if not math.isfinite(x):
        return "∞"
    if abs(x - round(x)) < 1e-9:
        return f"{int(round(x)):,}"
    return f"{x:,.3f}".rstrip("0").rstrip(".")


def describe_value(f: Figure) -> str:
    """A figure's value as a side label: "1,002", "at least 10", "06:21 UTC", "30 km"."""
    if f.kind == "clock":
        m = int(round(f.value)) % 1440
        return f"{m // 60:02d}:{m % 60:02d}" + (" UTC" if f.zone_offset is not None else " local")
    unit = {"minute": " min", "km": " km", "year": " y", "storey": " storeys", "": ""}.get(f.unit, f" {f.unit}")
    if f.kind == "duration" and f.value >= 1440:
        unit, scale = " days", 1440.0
    else:
        scale = 1.0
    lo, hi = f.low / scale, f.high / scale
    if f.qualifier in ("over", "at least") or (math.isinf(hi) and not math.isinf(lo)):
        return f"≥{fmt_plain(lo)}{unit}"
    if f.qualifier in ("under", "up to"):
        return f"≤{fmt_plain(hi)}{unit}"
    if lo != hi:
        return f"{fmt_plain(lo)}–{fmt_plain(hi)}{unit}"
    return f"{fmt_plain(f.value / scale)}{unit}"


def detect_numeric_disagreements(figures: Sequence[StoredFigure], settings: FigureSettings | None = None,
                                 places: Sequence[int] = (),
                                 same_story: Callable[[int, int], bool] | None = None,
                                 feats: dict | None = None) -> list[NumericDisagreement]:
    """The numeric disagreements among the figures of one story (``places``: the UTC offsets of the
    story's places, for local clock times; ``same_story``: which articles may be compared; ``feats``:
    ``pair_features`` computed already, for trying many settings on one story)."""
    settings = settings or FigureSettings.from_model()
    figs = list(figures)
    scores = pair_scores(figs, settings, same_story, feats)
    out: list[NumericDisagreement] = []
    for members in measure_clusters(len(figs), scores, settings.link_threshold):
        for strength, sides in _groups_of_measure(members, figs, scores, settings, places):
            mentions = [figs[m] for s in sides for m in s]
            f0 = mentions[0].figure
            measure = Counter(m.figure.measure for m in mentions).most_common(1)[0][0]
            subject = Counter(m.figure.subject for m in mentions if m.figure.subject).most_common(1)
            cross = [scores.get((min(x, y), max(x, y)), 0.0) for s1, s2 in itertools.combinations(sides, 2)
                     for x in s1 for y in s2]
            weakest = min(cross) if cross else 0.0
            confidence = round(1 / (1 + math.exp(-(weakest - settings.link_threshold) * 2)), 3)
            labelled = []
            for side in sides:
                labels = Counter(describe_value(figs[m].figure) for m in side)
                labelled.append(DisagreementSide(labels.most_common(1)[0][0], tuple(figs[m] for m in side)))
            labelled.sort(key=lambda s: min(m.figure.value for m in s.mentions))
            key = f"numeric|{measure}|" + "|".join(sorted(s.label for s in labelled))
            out.append(NumericDisagreement(measure, subject[0][0] if subject else "", f0.kind, f0.unit,
                                           tuple(labelled), confidence, key))
    return out


_NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z]{2,}\b")


def article_names(text: str, stop: frozenset[str] = frozenset()) -> set[str]:
    """Capitalized words of a text not at a sentence start: the names the story gate compares."""
    return {m.group(0).lower() for m in _NAME.finditer(text) if m.group(0).lower() not in stop}


def story_gate(names: dict[int, set[str]], dates: dict[int, str | None], max_days: float,
               min_overlap: float) -> Callable[[int, int], bool]:
    """Which two articles may be compared when the warehouse has no stories: published at most
    ``max_days`` apart (when both dates are known) and sharing ``min_overlap`` of the smaller one's names."""
    from datetime import date

    def day(a: int):
        d = dates.get(a)
        try:
            return date.fromisoformat(d[:10]) if d else None
        except ValueError:
            return None

    cache: dict[tuple[int, int], bool] = {}

    def gate(a: int, b: int) -> bool:
        k = (min(a, b), max(a, b))
        if k not in cache:
            da, db = day(a), day(b)
            ok = da is None or db is None or abs((da - db).days) <= max_days
            na, nb = names.get(a, set()), names.get(b, set())
            if ok and na and nb:
                ok = len(na & nb) / min(len(na), len(nb)) >= min_overlap
            cache[k] = ok
        return cache[k]

    return gate


def disagreements_by_story(figures: Sequence[StoredFigure], texts: dict[int, tuple[str, str | None]],
                           stories: dict[int, int] | None, max_days_apart: float,
                           story_overlap: float) -> list[NumericDisagreement]:
    """The numeric disagreements of ``figures``, story by story (``stories``: article → story id).

    Where articles carry no story yet (``stories`` None) every figure is one group, and two articles are
    compared when the story gate lets them (dates within ``max_days_apart``, names shared as
    ``story_overlap`` asks). Local clock times take the zone of the places the story's articles name most.
    ``texts``: article id → (text, published).
    """
    by_story: dict = {}
    for fig in figures:
        key = stories.get(fig.article_id, -fig.article_id) if stories is not None else 0
        by_story.setdefault(key, []).append(fig)
    stop = frozenset(STOP_WORDS)
    found: list[NumericDisagreement] = []
    for _, members in sorted(by_story.items()):
        gate = None
        if stories is None:
            articles = sorted({m.article_id for m in members})
            names = {aid: article_names(texts[aid][0], stop) for aid in articles}
            gate = story_gate(names, {aid: texts[aid][1] for aid in articles}, max_days_apart, story_overlap)
        clock_articles = sorted({m.article_id for m in members if m.figure.kind == "clock"})
        places = place_offsets([texts[aid][0] for aid in clock_articles])
        found += detect_numeric_disagreements(members, places=places, same_story=gate)
    return found
