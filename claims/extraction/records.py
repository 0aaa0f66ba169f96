"""Candidates as records: offsets shifted into the article, speaker resolved, the claim sentence, negation,
quantities; the article's attributions checked and split into atomic claims."""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import replace
from typing import Sequence

from claims.extraction.cues import past_tense
from claims.extraction.parsed import Candidate, ParsedText, char_span, trim_tokens
from claims.extraction.splitting import split_claims
from claims.model import ArticleClaims, Attribution, Claim, Quantity, Span
from claims.propositions.classes import act_cues
from claims.propositions.parse import ParsedPiece, cuts, piece_of, structure
from claims.quantities.parse import parse_quantities
from claims.speakers.resolution import SpeakerResolver
from claims.text import clean_name


def attribution_of(d: ParsedText, r: Candidate, resolver: SpeakerResolver, offset: int) -> Attribution | None:
    """The record of a kept candidate, its spans shifted by ``offset`` (None when no content is left)."""
    doc, text = d.doc, d.text
    content = tuple(Span(s.start + offset, s.end + offset) for s in r.content if s.end > s.start)
    if not content:
        return None
    if r.speaker_char is not None:
        speaker = Span(r.speaker_char.start + offset, r.speaker_char.end + offset)
        speaker_text = r.speaker_text_override
        name = clean_name(speaker_text)
        person = resolver.match_name(name) if name else None
        speaker_name = person.name if person else name
    elif r.speaker is not None:
        a, b = r.speaker
        a, b = trim_tokens(doc, a, b, keep_quotes=False)
        sp = char_span(doc, a, b)
        if sp is None:
            speaker, speaker_text, speaker_name = None, "", ""
        else:
            speaker = Span(sp.start + offset, sp.end + offset)
            speaker_text = text[sp.start : sp.end]
            speaker_name = resolver.resolve(a, b)
    else:
        speaker, speaker_text, speaker_name = None, "", ""
    cue = Span(r.cue.start + offset, r.cue.end + offset) if r.cue else None
    content_text = " ".join(text[s.start : s.end] for s in r.content)
    norm = _normalize_content(content_text)
    verb = _cue_past(d, r) if r.cue_lemma not in (":", "according to") else "said"
    if r.cue_negated and r.cue_lemma not in (":", "according to"):
        verb = "did not " + r.cue_lemma
    claim_text = " ".join(x for x in (speaker_name, verb, _sentence_case(d, r, norm)) if x)
    quantities = _quantities(text, r.content, offset)
    return Attribution(
        speaker=speaker,
        cue=cue,
        content=content,
        speaker_text=_one_line(speaker_text),
        speaker_name=_one_line(speaker_name),
        cue_lemma=r.cue_lemma,
        stance=r.stance,
        quote_type=r.quote_type,
        text=claim_text,
        negated=r.negated or _content_negated(d, r.content),
        quantities=quantities,
    )


def _cue_past(d: ParsedText, r: Candidate) -> str:
    """The cue verb in the simple past: as written where the article writes it so ("heard", "agreed"),
    else made from the lemma."""
    if r.cue is not None and " " not in r.cue_lemma:
        a, b = bisect_left(d.tok_starts, r.cue.start), bisect_left(d.tok_starts, r.cue.end)
        toks = d.doc[a:b]  # the tokens starting inside the cue (found by offset, not by reading the doc)
        if len(toks) == 1 and toks[0].tag_ == "VBD":
            return toks[0].lower_
    return past_tense(r.cue_lemma)


def _sentence_case(d: ParsedText, r: Candidate, norm: str) -> str:
    """The content as the middle of the claim sentence: "said the treaty will ...", not "said The treaty"
    (a name, "I" or an acronym keeps its capital)."""
    if not norm or not norm[0].isupper() or not r.content:
        return norm
    first = next((t for t in d.doc[bisect_left(d.tok_starts, r.content[0].start):] if t.is_alpha), None)
    if first is None or first.pos_ == "PROPN" or first.text == "I" or first.text.isupper() or \
            first.ent_type_ or not norm.startswith(first.text):
        return norm
    return norm[0].lower() + norm[1:]


def article_claims(text: str, atts: list[Attribution], parsed: Sequence[ParsedPiece] = ()) -> ArticleClaims:
    """An article's attributions whose spans fit its text, in text order, and the atomic claims split from them.

    ``parsed``: the article's parsed pieces; with them each claim splits into propositions where the parse
    says a new clause or list item starts, and each gets its structure (claims.propositions.parse)."""
    n = len(text)
    good = []
    for att in atts:
        if all(0 <= s.start < s.end <= n for s in att.content) and \
                (att.speaker is None or 0 <= att.speaker.start <= att.speaker.end <= n) and \
                (att.cue is None or 0 <= att.cue.start <= att.cue.end <= n):
            good.append(att)
    good.sort(key=lambda a: (a.start, a.end))
    pieces = list(parsed)

    def clause_cuts(start: int, end: int) -> list[int]:
        piece = piece_of(pieces, start, end)
        return cuts(piece, start, end) if piece is not None else []

    claims = split_claims(text, good, clause_cuts=clause_cuts if pieces else None)  # one claim per proposition
    if pieces:
        claims = tuple(_with_structure(_act_or_speech(text, c, good[c.attribution_index], pieces), pieces)
                       for c in claims)
    return ArticleClaims(tuple(good), claims)


#: Tags of a finite verb: what a clause of reported speech has ("would", "is", "agreed", "go").
_FINITE = frozenset({"VBD", "VBZ", "VBP", "MD"})


def _act_or_speech(text: str, claim: Claim, att: Attribution, pieces: list[ParsedPiece]) -> Claim:
    """An act read as speech ("Negotiators agreed to the outline of a treaty": a cue that reports an act,
    with no clause after it) is the outlet's report of the act: a narration claim over the whole clause.
    The attribution stays as extracted."""
    if att.quote_type not in ("indirect", "mixed") or att.speaker is None or att.cue is None \
            or att.cue_lemma.split(" ")[0] not in act_cues():
        return claim
    piece = piece_of(pieces, min(att.speaker.start, claim.span.start), claim.span.end)
    if piece is None:
        return claim
    if any(t.pos_ in ("VERB", "AUX") and t.tag_ in _FINITE for t in piece.tokens(claim.span.start, claim.span.end)):
        return claim  # speech content follows: a clause with a finite verb ("agreed that the levy would go");
        # a gerund in a noun phrase ("the outline of a treaty on sharing the waters") is no clause
    start = min(att.speaker.start, att.cue.start, claim.span.start)
    words = _one_line(text[start : claim.span.end]).rstrip(" ,;:.")
    return replace(claim, span=Span(start, claim.span.end), content=text[start : claim.span.end], text=words,
                   speaker_name="", cue_lemma="", stance="assert", quote_type="narration")


def _with_structure(claim: Claim, pieces: list[ParsedPiece]) -> Claim:
    """The claim with its proposition's structure; a list item's text gets the words its list shares."""
    piece = piece_of(pieces, claim.span.start, claim.span.end)
    if piece is None:
        return claim
    st = structure(piece, claim.span.start, claim.span.end, claim.speaker_name)
    text = claim.text
    if st.lead:
        norm = _normalize_content(claim.content)
        if norm and text.endswith(norm) and not norm.startswith(st.lead):
            # a relative clause told of its noun: "a ship that had lost power" → "a ship had lost power"
            told = _RELATIVE.sub("", norm)
            text = f"{text[: len(text) - len(norm)]}{_one_line(st.lead)} {told}"
    return replace(claim, text=text, actor=_one_line(st.actor), actor_side=st.actor_side, predicate=st.predicate,
                   predicate_class=st.predicate_class, target=_one_line(st.target), target_side=st.target_side,
                   time=_one_line(st.time), polarity=st.polarity, hedge=st.hedge)


_WS = re.compile(r"\s+")
_RELATIVE = re.compile(r"^(?:that|which|who)\s+", re.IGNORECASE)


def _one_line(s: str) -> str:
    """The text on one line, runs of white space made one space."""
    return _WS.sub(" ", s).strip()


def _normalize_content(s: str) -> str:
    """A content as the claim sentence writes it: no quote marks, no leading "that", no final punctuation."""
    s = s.replace("``", "").replace("''", "")
    s = re.sub(r"[“”„«»\"]", "", s)
    s = _one_line(s)
    s = re.sub(r"^‘(.*?)’?([.!?]?)$", r"\1\2", s)  # a quote in single marks ("‘There is no impact.")
    s = re.sub(r"([.!?])’$", r"\1", s)
    s = re.sub(r"^(?:that|which|what)\s+", "", s, flags=re.I)
    return s.rstrip(" ,;:")


def _content_negated(d: ParsedText, spans: list[Span]) -> bool:
    """Negation on the main verb of the content (the content token whose head lies outside)."""
    if not spans:
        return False
    s = spans[0]
    # the tokens starting inside the span, found by bisection: a scan of the whole doc per claim
    # made this grow with article length times claims
    starts = d.tok_starts
    a, b = bisect_left(starts, s.start), bisect_left(starts, s.end)
    if a >= b or b - a > 80:
        return False
    toks = list(d.doc[a:b])
    inside = {t.i for t in toks}
    for t in toks:
        if t.head.i not in inside or t.head.i == t.i:
            if any(c.dep_ == "neg" for c in t.children):
                return True
            break
    return False


def _quantities(text: str, spans: list[Span], offset: int) -> tuple[Quantity, ...]:
    # nothing to catch: parse_quantities reads any text without raising (tests/claims/quantities/test_parse.py
    # checks it on generated texts); a bug there is caught per text piece by Extractor.extract_many
    out: list[Quantity] = []
    for s in spans:
        out.extend(parse_quantities(text[s.start : s.end], offset=s.start + offset))
    return tuple(out)
