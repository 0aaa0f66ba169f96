"""One parsed text as the cue rules read it, a candidate attribution, and helpers that turn parse
subtrees into speaker and content spans."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from claims.extraction.quotes import find_quotes, is_quote_token
from claims.model import Span

if TYPE_CHECKING:
    from claims.extraction.settings import ExtractSettings

_TRIM = set(".,;:!?—–-()[]") | {"...", "…", "--"}


class ParsedText:
    """One parsed text with its quotes and token→quote map."""

    def __init__(self, doc, settings: ExtractSettings):
        self.doc = doc
        self.text = doc.text
        self.settings = settings
        self.quotes = find_quotes(self.text)
        self.char_quote = [-1] * (len(self.text) + 1)
        for k, q in enumerate(self.quotes):
            for c in range(q.start, q.end):
                self.char_quote[c] = k
        self.tok_starts = [tok.idx for tok in doc]  # ascending: tokens by character offset
        # a quote mark itself belongs to its quote; words inside are "in" it
        self.tok_quote = [self.char_quote[i] for i in self.tok_starts]
        self.used_quotes: set[int] = set()
        self.clause: dict[int, tuple[int, int]] = {}

    def in_quote(self, tok) -> bool:
        k = self.tok_quote[tok.i]
        return k >= 0 and not is_quote_token(tok)


@dataclass
class Candidate:
    """A possible attribution as a cue rule builds it: token or character spans within one parsed piece."""

    speaker: tuple[int, int] | None  # token range
    cue: Span | None
    cue_lemma: str
    stance: str
    content: list[Span]
    quote_type: str
    negated: bool = False
    speaker_char: Span | None = None  # when the speaker is not a token range (colon, dash cues)
    speaker_text_override: str = ""
    clause: tuple[int, int] | None = None  # chars of the cue clause (speaker + cue + modifiers)
    sent_end: int = -1  # end of the cue's sentence
    cue_negated: bool = False  # "did not say": the cue verb itself is negated


@dataclass(frozen=True)
class CueCandidate:
    """A candidate with the features the cue model read and its probability: one training example."""

    candidate: Candidate
    features: list[str]
    prob: float


class CueScorer:
    """Which cue candidates the rules keep.

    Without a model only lexicon cues are candidates, and each is kept. With the cue model any verb,
    noun or adjective that could head an attribution is a candidate, kept when its probability
    reaches ``min_prob``. Collecting (a training run) keeps none and records every candidate with
    its features in ``collect``.
    """

    def __init__(self, model: Any = None, min_prob: float = 0.5, collect: list[CueCandidate] | None = None):
        self.model, self.min_prob, self.collect = model, min_prob, collect

    @property
    def open(self) -> bool:
        """Whether any word may head a candidate (not only the lexicon's cues)."""
        return self.model is not None or self.collect is not None

    def keep(self, candidate: Candidate, features: list[str]) -> bool:
        p = self.model.prob(features) if self.model is not None else 1.0
        if self.collect is not None:
            self.collect.append(CueCandidate(candidate, features, p))
            return False
        return p >= self.min_prob


def cue_subject(v):
    """The speaker token of a cue: its subject (a relative pronoun stays: PolNeAR marks "who"),
    or the subject it shares with the verb it hangs from ("and added", "saying", "vowed to say")."""
    seen = 0
    cur = v
    while cur is not None and seen < 5:
        seen += 1
        for child in cur.children:
            if child.dep_ in ("nsubj", "csubj"):
                return child
            if child.dep_ == "nsubjpass":
                return None
        head = cur.head
        if head.i == cur.i:
            return None
        if cur.dep_ in ("conj", "xcomp", "acomp"):
            cur = head
            continue
        if cur.dep_ == "advcl":
            # "..., saying ..." and purpose clauses "to say ..." share the main subject
            if cur.tag_ == "VBG" or any(c.dep_ == "aux" and c.lower_ == "to" for c in cur.children):
                if cur.tag_ == "VBG" and head.dep_ == "ccomp" and cur.i > 0 and cur.doc[cur.left_edge.i - 1].text == ",":
                    # "X admitted that ..., cautioning that ...": the participle is X's, not the clause's
                    cur = head.head
                    continue
                cur = head
                continue
            return None
        if cur.dep_ == "pcomp" and head.dep_ == "prep" and head.head.pos_ in ("VERB", "AUX"):
            cur = head.head  # "refused to comment, aside from saying ..."
            continue
        if cur.dep_ == "relcl" and head.pos_ in ("NOUN", "PROPN"):
            return None
        if cur.dep_ == "acl" and cur.tag_ == "VBG" and head.pos_ in ("PROPN", "NOUN"):
            return head
        return None
    return None


def speaker_range(tok) -> tuple[int, int]:
    """Token range of the speaker phrase headed by ``tok`` (without relative clauses after a comma)."""
    left = tok.left_edge.i
    right = tok.i
    for child in tok.rights:
        if child.dep_ in ("relcl", "acl", "punct", "appos", "cc", "conj"):
            break
        right = max(right, child.right_edge.i)
    return left, right + 1


def trim_tokens(doc, a: int, b: int, keep_quotes: bool = True) -> tuple[int, int]:
    """Token range without leading/trailing punctuation (closing quote marks are kept)."""
    while a < b and (doc[a].is_space or (doc[a].text in _TRIM or doc[a].text in (",",))):
        a += 1
    while b > a:
        t = doc[b - 1]
        if t.is_space or t.text in _TRIM:
            b -= 1
            continue
        if is_quote_token(t) and not keep_quotes:
            b -= 1
            continue
        break
    return a, b


def char_span(doc, a: int, b: int) -> Span | None:
    """The characters of tokens ``doc[a:b]`` (None when the range is empty)."""
    if b <= a:
        return None
    return Span(doc[a].idx, doc[b - 1].idx + len(doc[b - 1].text))


def strip_unbalanced(text: str, span: Span) -> Span:
    """Drop a dangling quote mark at either end of an indirect content."""
    s, e = span.start, span.end
    seg = text[s:e]
    n_close = sum(seg.count(c) for c in "”")
    if seg.startswith("“") and n_close == 0:
        s += 1
    if seg.endswith("”") and seg.count("“") == 0 and seg.count("”") == 1:
        e -= 1
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return Span(s, e)


def cut_trailing_adjuncts(doc, comp, a: int, b: int) -> int:
    """End a clausal content before a trailing ", citing ..." / ", according to ..." adjunct of its head
    (the parser often hangs the reporter's own participle clause inside the reported clause)."""
    for c in comp:
        if c.dep_ != "ccomp":
            continue
        for child in c.rights:
            if child.i <= a or child.i >= b:
                continue
            prev = doc[child.left_edge.i - 1] if child.left_edge.i > 0 else None
            if prev is None or prev.text != ",":
                continue
            if (child.dep_ == "advcl" and child.tag_ == "VBG") or (child.dep_ == "prep" and child.lower_ == "according"):
                return min(b, prev.i)
    return b


def cut_trailing_relative(doc, a: int, b: int) -> int:
    """End a content before a final ", which ..." / ", who ..." clause: a non-restrictive relative
    clause at the end is the reporter's aside about a noun, not part of what was said."""
    for t in doc[a:b]:
        if t.dep_ != "relcl" or not (a <= t.head.i < b):
            continue
        lo = t.left_edge.i
        if lo <= a or doc[lo - 1].text != "," or doc[lo].lower_ not in ("which", "who"):
            continue
        end = t.right_edge.i + 1
        while end < b and (doc[end].is_punct or doc[end].is_space):
            end += 1
        if end >= b:
            return lo - 1
    return b


def snap_to_quotes(d: ParsedText, sp: Span) -> Span:
    """Take in the quote marks of a quote that the content starts or ends in (PolNeAR keeps them)."""
    s, e = sp.start, sp.end
    text = d.text
    for q in d.quotes:
        if q.start > e + 3:
            break
        if s - 2 <= q.start < s and s < q.end <= e + 3 and not re.search(r"\w", text[q.start : s]):
            s = q.start
        if s <= q.start < e < q.end <= e + 3 and not re.search(r"\w", text[e : q.end]):
            e = q.end
    return Span(s, e)
