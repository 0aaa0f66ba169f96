"""Outlet-voice claims: what an article states as fact in its own voice.

"The call lasted approximately one hour and 15 minutes." or "Trump described
his 85-minute phone call" are checkable statements made by the outlet, not by a
quoted speaker. They are claims too (quote type ``narration``) so that outlets
can be compared with each other and with the people they quote.

A sentence is narration when no attribution the extractor found touches it
(its speaker, cue and content all lie elsewhere), it is not inside quotation
marks, and it states something checkable: a quantity, or a named actor doing
something (a finite verb with a subject and a named entity in the sentence).
The speaker is left empty here; the pipeline sets it to the article's outlet.

Pure logic over a parsed spaCy ``Doc``: no I/O.
"""
from __future__ import annotations

import re
from dataclasses import replace
from typing import Iterable, Sequence

from claims.model import ArticleClaims, Attribution, Claim, Span
from claims.quantities.parse import parse_quantities
from claims.text import ORDINAL_PERIOD

#: Fewest words a sentence needs to be a narration claim (shorter: headlines, bylines, captions).
MIN_WORDS = 5
#: Most words a narration claim may have (longer: lists, run-on captions that spaCy failed to split).
MAX_WORDS = 80
#: Entity labels that make a sentence "someone did something" when it has a subject and a finite verb.
ACTOR_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC", "EVENT", "PRODUCT"})

_QUOTE_MARKS = re.compile(r"[“”„«»\"]|``|''")
_WS = re.compile(r"\s+")


def _spans_of(att: Attribution) -> list[Span]:
    spans = list(att.content)
    if att.speaker is not None:
        spans.append(att.speaker)
    if att.cue is not None:
        spans.append(att.cue)
    return spans


def _overlaps(start: int, end: int, taken: Sequence[Span]) -> bool:
    return any(s.start < end and start < s.end for s in taken)


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """Strip surrounding whitespace and bullets from text[start:end]."""
    while start < end and (text[start].isspace() or text[start] in "•*-–—·"):
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _negated(sent) -> bool:
    root = sent.root
    return any(c.dep_ == "neg" for c in root.children)


def _checkable(sent, has_quantity: bool) -> bool:
    """A quantity, or an actor (a named one, or a counted or definite one: "two workers", "the ship")
    with a finite verb and its subject."""
    if has_quantity:
        return True
    if sent.text.rstrip().endswith("?"):
        return False
    root = sent.root
    if root.pos_ not in ("VERB", "AUX"):
        return False
    subjects = [c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")]
    if not subjects:
        return False
    if any(e.label_ in ACTOR_LABELS for e in sent.ents):
        return True
    # an event told without names ("Two other workers were rescued from the water"): a subject that is
    # counted or definite, not a pronoun, and a verb in the past or a modal future
    subj = subjects[0]
    told = root.tag_ in ("VBD", "VBN") or any(c.dep_ in ("aux", "auxpass") and c.tag_ in ("VBD", "MD", "VBZ", "VBP")
                                                for c in root.children)
    named = subj.pos_ in ("NOUN", "PROPN", "NUM") and (
        any(c.dep_ in ("det", "nummod", "poss") for c in subj.children) or subj.pos_ == "NUM")
    return told and named


#: Fewest words of its own an outlet's clause beside an attribution needs to be a claim.
MIN_OWN_CLAUSE_WORDS = 6


def _own_clause(sent, offset: int, covered: Sequence[Span]) -> bool:
    """Whether the sentence has a clause of the outlet's own beside the attribution: a verb and enough
    words outside every covered span ("..., said Moore, striking one of the supports at 1:30 am")."""
    own = [t for t in sent if not _overlaps(t.idx + offset, t.idx + len(t.text) + offset, covered)]
    return sum(1 for t in own if t.is_alpha) >= MIN_OWN_CLAUSE_WORDS and \
        any(t.pos_ == "VERB" and t.tag_ in ("VBD", "VBG", "VBN", "VBZ") for t in own)


def narration_attributions(doc, offset: int, attributions: Iterable[Attribution]) -> list[Attribution]:
    """The outlet's own checkable statements in a parsed piece (``offset``: its place in the article)."""
    taken = [s for att in attributions for s in _spans_of(att)]
    text = doc.text
    out: list[Attribution] = []
    for sent in doc.sents:
        start, end = _trimmed(text, sent.start_char, sent.end_char)
        if end <= start:
            continue
        words = sum(1 for t in sent if t.is_alpha)
        if words < MIN_WORDS or words > MAX_WORDS:
            continue
        if end == len(text) and text[end - 1] not in ".!?…\"”'’)":
            continue  # cut off mid-sentence (a truncated page)
        raw = text[start:end]
        try:
            quantities = parse_quantities(raw, offset=start + offset)
        except Exception:  # pragma: no cover - defensive: a parser slip never stops extraction
            quantities = ()
        covered = [s for s in taken if s.start < end + offset and start + offset < s.end]
        if covered:
            # an attribution holds part of the sentence: the outlet's own words around it count only
            # when they state a quantity of their own ("... the Russia-Ukraine war, now in its third year.")
            own = [q for q in quantities if q.span is not None and not _overlaps(q.span.start, q.span.end, covered)]
            own_periods = [m for m in ORDINAL_PERIOD.finditer(raw)
                           if not _overlaps(start + offset + m.start(), start + offset + m.end(), covered)]
            if not own and not own_periods and not _own_clause(sent, offset, covered):
                continue
            quantities = tuple(own)
        elif _QUOTE_MARKS.search(raw):
            continue  # quoted words belong to someone; the extractor decides whose
        elif not _checkable(sent, bool(quantities)):
            continue
        line = _WS.sub(" ", raw).strip()
        out.append(Attribution(
            speaker=None, cue=None, content=(Span(start + offset, end + offset),), speaker_text="",
            speaker_name="", cue_lemma="", stance="assert", quote_type="narration", text=line,
            negated=_negated(sent), quantities=tuple(quantities),
        ))
    return out


def with_outlet(extracted: ArticleClaims, outlet: str) -> ArticleClaims:
    """The same claims with the outlet as the speaker of every narration claim."""
    if not outlet or not any(c.quote_type == "narration" for c in extracted.claims):
        return extracted
    atts = tuple(
        replace(a, speaker_name=outlet, speaker_text=outlet) if a.quote_type == "narration" else a
        for a in extracted.attributions
    )
    claims = tuple(
        replace(c, speaker_name=outlet) if c.quote_type == "narration" else c for c in extracted.claims
    )
    return ArticleClaims(atts, claims, extracted.figures)


def without_narration(extracted: ArticleClaims) -> ArticleClaims:
    """Only the attributed claims (what ``claimtrack extract`` prints unless --include-narration)."""
    keep = [i for i, a in enumerate(extracted.attributions) if a.quote_type != "narration"]
    if len(keep) == len(extracted.attributions):
        return extracted
    index = {old: new for new, old in enumerate(keep)}
    claims = tuple(replace(c, attribution_index=index[c.attribution_index]) for c in extracted.claims
                   if c.attribution_index in index)
    return ArticleClaims(tuple(extracted.attributions[i] for i in keep), claims, extracted.figures)


__all__ = ["MIN_WORDS", "MAX_WORDS", "ACTOR_LABELS", "narration_attributions", "with_outlet", "without_narration",
           "Claim"]
