"""The contradiction rules on one pair of claims (numeric, polarity, attribution) and their thresholds."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from rapidfuzz import fuzz

from claims.model import Contradiction, Quantity, StoredClaim
from claims.propositions.keys import compare, keys_of
from claims.quantities.describe import describe
from claims.quantities.measures import (
    interval_gap,
    measured_subject,
    measures,
    nearest_ratio,
    rel_gap,
    same_thing,
)
from claims.quantities.parse import comparable, quantities_compatible, rounded_alike
from claims.text import (
    OPPOSITE_STANCES,
    asserted,
    content_stems,
    is_named,
    name_tokens,
    negated_targets,
    normalize_content,
    same_person,
    surname_key,
    without_negation,
    words,
    written_as,
)


@dataclass(frozen=True)
class ContradictionSettings:
    """Thresholds of the contradiction rules; equal when every threshold is.

    Similarities are rapidfuzz scores 0-100; "words" are content words, stemmed.

    Numeric rule:

    - ``numeric_same_subject``: similarity of two contents of ONE speaker, numbers masked, at or
      above which they measure the same thing even when the words near the numbers differ;
    - ``context_words``: words read on each side of a quantity as what it measures ("the call lasted");
    - ``min_shared_context``: context words (beside the counted noun) two quantities must share to
      measure one thing;
    - ``approx_gap``: relative gap between two approximate values ("about 70" / "about 75") of
      different speakers at or above which they are two different estimates;
    - ``max_value_ratio``: factor between two values (nearest bounds) beyond which they measure
      different things (a $14 million fund and a $25,000 fee) rather than disagree about one.

    Polarity and change:

    - ``polarity_same_subject``: similarity of two contents, negation removed, at or above which
      opposite positions are about the same content (token_sort_ratio for one speaker's stances,
      token_set_ratio for a negation against an assertion);
    - ``polarity_min_shared``: words (beside the negated one) two claims of different speakers must
      share before a negation in one and an assertion in the other clash;
    - ``changed_min_days``: days between two reports of one speaker at or above which opposite
      positions are "changed".

    Attribution: ``attribution_same_quote``, similarity (partial_ratio of normalized words) at or
    above which two quotes are the same words; ``attribution_min_words``, words the shorter quote
    needs before a different speaker counts as a misattribution.

    Which pairs of different speakers are compared at all: ``max_days_apart``, days between two
    articles beyond which their claims are not about one event; ``same_event_overlap``, share (0-1)
    of the smaller article's names (capitalized words of its claims) the other must mention too:
    one story, not two. ``figure_story_overlap``: the same for the figures of two articles
    (claims.contradictions.figures), until articles carry a story.
    """

    numeric_same_subject: float = 75.0
    context_words: int = 6
    min_shared_context: int = 1
    approx_gap: float = 0.05
    max_value_ratio: float = 3.0
    polarity_same_subject: float = 80.0
    polarity_min_shared: int = 3
    changed_min_days: float = 2.0
    attribution_same_quote: float = 90.0
    attribution_min_words: int = 8
    max_days_apart: float = 7.0
    same_event_overlap: float = 0.2
    figure_story_overlap: float = 0.0


# --- labels --------------------------------------------------------------------------

def claim_label(c: StoredClaim) -> str:
    """How a claim's side is named in a reason: the outlet, and the speaker when it is someone else."""
    src = c.source or f"claim {c.claim_id}"
    if c.speaker and c.speaker != c.source and c.quote_type != "narration":
        return f"{src} ({c.speaker})"
    return src


def days_apart(a: StoredClaim, b: StoredClaim) -> float | None:
    if not a.published or not b.published:
        return None
    try:
        da, db = datetime.fromisoformat(a.published), datetime.fromisoformat(b.published)
    except ValueError:
        return None
    return abs((da - db).total_seconds()) / 86400


# --- rules -----------------------------------------------------------------------------

def numeric_conflict(a: StoredClaim, b: StoredClaim, settings: ContradictionSettings | None = None) -> Contradiction | None:
    """Both claims measure the same thing and their values disagree beyond their qualifiers."""
    settings = settings or ContradictionSettings()
    ma_all, mb_all = measures(a, settings.context_words), measures(b, settings.context_words)
    if not ma_all or not mb_all:
        return None
    same_speaker = bool(a.speaker) and same_person(a.speaker, b.speaker)
    wording = None
    best = None
    for ma in ma_all:
        for mb in mb_all:
            shared = same_thing(ma, mb, settings.min_shared_context)
            if shared is None and same_speaker:
                if comparable(ma.q, mb.q):
                    if wording is None:
                        wording = float(fuzz.token_sort_ratio(_masked(a.content), _masked(b.content)))
                    if wording >= settings.numeric_same_subject:
                        shared = set()
            if shared is None:
                continue
            qa, qb = ma.q, mb.q
            if nearest_ratio(qa, qb) > settings.max_value_ratio:
                continue
            if rounded_alike(qa, qb):
                continue  # "2.6 km" and "2.57 km": one figure rounded two ways
            if not quantities_compatible(qa, qb):
                gap = interval_gap(qa, qb)
            elif (not same_speaker and qa.qualifier == "about" and qb.qualifier == "about"
                  and rel_gap(qa.value, qb.value) >= settings.approx_gap):
                gap = rel_gap(qa.value, qb.value) / 2  # two estimates: weaker than a clash of bounds
            else:
                continue
            subject_strength = min(1.0, (len(shared) + 1) / 3)
            score = round(0.5 * subject_strength + 0.5 * min(1.0, gap / 0.2 + 0.25), 3)
            if best is None or score > best[0]:
                best = (score, qa, qb, shared, ma.context | mb.context)
    if best is None:
        return None
    score, qa, qb, shared, around = best
    reason = f"{claim_label(a)}: {describe(qa)}; {claim_label(b)}: {describe(qb)}"
    values = sorted([describe(qa), describe(qb)])
    key = f"numeric|{qa.unit}|{qa.noun or qb.noun}|{values[0]}|{values[1]}"
    shared = {written_as(w, a.content) or written_as(w, b.content) or w for w in shared}
    return Contradiction("numeric", a.claim_id, b.claim_id, reason, measured_subject(qa if qa.noun else qb, shared), score, key,
                         (values_of(qa), values_of(qb), len(shared), qa.unit, qa.noun or qb.noun, around),
                         (describe(qa), describe(qb), qa, qb))


def values_of(q: Quantity) -> str:
    """A quantity's value group: what one side of a numeric disagreement says."""
    return f"{q.unit}:{q.value:g}"


_MASK = re.compile(r"\d[\d,.]*|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|hundred|thousand|million|"
                   r"billion|an hour|half)\b", re.IGNORECASE)


def _masked(text: str) -> str:
    return normalize_content(_MASK.sub(" # ", text))


_PAST = {"reject": "rejected", "accept": "accepted", "deny": "denied", "assert": "asserted",
         "support": "supported", "oppose": "opposed"}


def shortened(text: str, words: int = 14) -> str:
    parts = " ".join(text.split()).split(" ")
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")


def polarity_conflict(a: StoredClaim, b: StoredClaim, settings: ContradictionSettings | None = None) -> Contradiction | None:
    """Opposite positions on the same content: opposite stances of one speaker, or a negation against an assertion."""
    settings = settings or ContradictionSettings()
    same_speaker = bool(a.speaker) and same_person(a.speaker, b.speaker)
    ta, tb = words(a.content), words(b.content)
    stances = frozenset({a.stance, b.stance})
    hit_word = ""
    if same_speaker and stances in OPPOSITE_STANCES:
        sim = float(fuzz.token_sort_ratio(without_negation(a.content), without_negation(b.content)))
        if sim < settings.polarity_same_subject:
            return None
        what_a, what_b = _PAST.get(a.stance, a.stance), _PAST.get(b.stance, b.stance)
        score = round(sim / 100, 3)
    else:
        na, nb = negated_targets(ta), negated_targets(tb)
        if not na and not nb:
            return None
        clash = (na & asserted(b.content)) - nb or (nb & asserted(a.content)) - na
        if not clash:
            return None
        hit_word = sorted(clash)[0]
        shared = (content_stems(ta) & content_stems(tb)) - clash
        if len(shared) < settings.polarity_min_shared:
            return None
        sim = float(fuzz.token_set_ratio(without_negation(a.content), without_negation(b.content)))
        if sim < settings.polarity_same_subject:
            return None
        a_neg = hit_word in na
        word = written_as(hit_word, a.content) or written_as(hit_word, b.content) or hit_word
        what_a = f"not {word}" if a_neg else word
        what_b = word if a_neg else f"not {word}"
        score = round(0.5 * sim / 100 + 0.5 * min(1.0, len(shared) / 6), 3)
    days = days_apart(a, b)
    kind = "changed" if same_speaker and days is not None and days >= settings.changed_min_days else "polarity"
    if hit_word:
        reason = f"{claim_label(a)}: {what_a}; {claim_label(b)}: {what_b}"
    else:
        reason = f"{claim_label(a)}: {a.speaker} {what_a}; {claim_label(b)}: {b.speaker} {what_b}"
        if kind == "changed":
            reason += f" ({days:.0f} days later)"
    ends = sorted([f"{a.cluster_id or 'c' + str(a.claim_id)}", f"{b.cluster_id or 'c' + str(b.claim_id)}"])
    key = f"{kind}|{ends[0]}|{ends[1]}"
    if hit_word:
        positions = (what_a, what_b)
    else:
        positions = (f"{a.speaker} {what_a}", f"{b.speaker} {what_b}")
    return Contradiction(kind, a.claim_id, b.claim_id, reason, shortened(_strip_quotes(a.content), 10), score, key,
                         positions=positions)


def structure_polarity_conflict(a: StoredClaim, b: StoredClaim,
                                settings: ContradictionSettings | None = None) -> Contradiction | None:
    """The same proposition with opposite polarity or an opposite predicate class, read from structure
    (claims.propositions): "the depot was destroyed" / "the depot was damaged, not destroyed",
    "Arvenia accepted the outline" / "Arvenia rejected the outline". The targets must be the same and
    the actors must not differ (two parties doing opposite things is no disagreement)."""
    ka = keys_of(a.actor, a.actor_side, a.target, a.predicate_class, a.polarity)
    kb = keys_of(b.actor, b.actor_side, b.target, b.predicate_class, b.polarity)
    if not ka.cls or not kb.cls:
        return None
    found = compare(ka, kb)
    if not (found["contrary"] and found["same_target"]) or found["actor_differs"]:
        return None
    word = lambda c, k: f"{'not ' if k.polarity == '-' else ''}{c.predicate or k.cls}"  # noqa: E731
    same_speaker = bool(a.speaker) and same_person(a.speaker, b.speaker)
    days = days_apart(a, b)
    settings = settings or ContradictionSettings()
    kind = "changed" if same_speaker and days is not None and days >= settings.changed_min_days else "polarity"
    reason = f"{claim_label(a)}: {word(a, ka)} {a.target}; {claim_label(b)}: {word(b, kb)} {b.target}"
    ends = sorted([f"{a.cluster_id or 'c' + str(a.claim_id)}", f"{b.cluster_id or 'c' + str(b.claim_id)}"])
    return Contradiction(kind, a.claim_id, b.claim_id, reason, shortened(_strip_quotes(a.content), 10), 0.9,
                         f"{kind}|{ends[0]}|{ends[1]}")


def _strip_quotes(text: str) -> str:
    return " ".join(re.sub(r"[“”„«»\"]", "", text).split()).strip(" ,.;:")


def attribution_conflict(a: StoredClaim, b: StoredClaim,
                         settings: ContradictionSettings | None = None) -> Contradiction | None:
    """The same quoted words given to two different speakers by two outlets."""
    settings = settings or ContradictionSettings()
    if a.quote_type not in ("direct", "mixed") or b.quote_type not in ("direct", "mixed"):
        return None
    if not is_named(a.speaker) or not is_named(b.speaker) or same_person(a.speaker, b.speaker):
        return None  # unnamed ("president", "officials", a dateline) or the same person
    if a.source and a.source == b.source:
        return None
    words_a, words_b = set(words(a.content)), set(words(b.content))
    names_a, names_b = name_tokens(a.speaker), name_tokens(b.speaker)
    # a speaker named inside a quote ("President Putin did say ...") means a report of a report: both may be right
    if (names_a | names_b) & (words_a | words_b):
        return None
    wa, wb = " ".join(words(a.content)), " ".join(words(b.content))
    short, long = sorted((wa, wb), key=len)
    if len(short.split()) < settings.attribution_min_words:
        return None
    sim = float(fuzz.partial_ratio(short, long))
    if sim < settings.attribution_same_quote:
        return None
    quote = shortened(short, 10)
    reason = f"{claim_label(a)}: said by {a.speaker}; {claim_label(b)}: said by {b.speaker} — “{quote}”"
    speakers = sorted([a.speaker, b.speaker])
    key = f"attribution|{speakers[0]}|{speakers[1]}|{' '.join(short.split()[:12])}"
    whole = float(fuzz.ratio(wa, wb))  # how close the two versions are as a whole, for choosing among pairs
    score = round(0.7 * sim / 100 + 0.3 * whole / 100, 3)
    return Contradiction("attribution", a.claim_id, b.claim_id, reason, f"who said “{quote}”", score, key,
                         (surname_key(a.speaker), surname_key(b.speaker), 0),
                         (f"said by {a.speaker}", f"said by {b.speaker}"))


RULES = (attribution_conflict, numeric_conflict, polarity_conflict, structure_polarity_conflict)
