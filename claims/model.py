"""The records claimtrack passes between stages: frozen, with character offsets.

Offsets are Python ``str`` indices into the article text exactly as stored
(``articles.text``), half-open ``[start, end)``.
"""
from __future__ import annotations

from dataclasses import dataclass, field

#: Stances a cue can express. ``assert`` is the neutral default.
STANCES = ("assert", "deny", "reject", "accept", "predict", "question", "intend", "support", "oppose", "warn")

#: How the claim was reported: quoted word for word, paraphrased, a paraphrase
#: with quoted fragments, or stated by the outlet itself.
QUOTE_TYPES = ("direct", "indirect", "mixed", "narration")


@dataclass(frozen=True, order=True)
class Span:
    """A half-open character range; two spans are equal when both ends are."""

    start: int
    end: int

    def slice(self, text: str) -> str:
        return text[self.start : self.end]

    def as_list(self) -> list[int]:
        return [self.start, self.end]


@dataclass(frozen=True)
class Quantity:
    """A number stated in a claim, normalized to a base unit.

    Equal when value, bounds, unit and qualifier are equal; ``text`` and the span
    are where it was read. ``low``/``high`` hold the interval the wording allows
    ("about 40" → 36..44, "more than 40" → 40..inf, "30-60" → 30..60).
    """

    value: float
    unit: str  # "" (a count), "minute", "usd", "percent", "day", ...
    qualifier: str  # "", "about", "over", "under", "at least", "up to", "range"
    low: float
    high: float
    text: str = field(compare=False)
    span: Span | None = field(default=None, compare=False)
    noun: str = field(default="", compare=False)  # what is counted ("aircraft", "prisoners")


@dataclass(frozen=True)
class Attribution:
    """One attribution as written: who said (or believes) what, through which cue.

    ``speaker``/``cue`` are spans in the article (None when absent, e.g. an
    attribution with no named source); ``content`` may be several spans (a quote
    interrupted by "he said"). ``speaker_name`` is the speaker resolved within the
    article ("he" → "Vladimir Putin").
    """

    speaker: Span | None
    cue: Span | None
    content: tuple[Span, ...]
    speaker_text: str
    speaker_name: str
    cue_lemma: str
    stance: str
    quote_type: str
    text: str  # one-line normalized claim: "Vladimir Putin rejected ..."
    negated: bool = False
    quantities: tuple[Quantity, ...] = ()

    @property
    def start(self) -> int:
        return min(s.start for s in self.content)

    @property
    def end(self) -> int:
        return max(s.end for s in self.content)


@dataclass(frozen=True)
class Claim:
    """An atomic claim split from an attribution's content.

    Several claims may share one attribution (``attribution_index`` into the
    article's list). ``span`` covers this claim's own part of the content.
    """

    attribution_index: int
    span: Span
    content: str  # the claim's own content words, as written
    text: str  # normalized one-line claim
    speaker_name: str
    cue_lemma: str
    stance: str
    quote_type: str
    negated: bool = False
    quantities: tuple[Quantity, ...] = ()
    claimant_kind: str = ""  # person, government body, anonymous officials, outlet, ... (claims.speakers.claimants)
    side: str = ""  # the country or body the claimant speaks for ("" when unknown)


@dataclass(frozen=True)
class ArticleClaims:
    """Everything extracted from one article."""

    attributions: tuple[Attribution, ...]
    claims: tuple[Claim, ...]


@dataclass(frozen=True)
class Article:
    """An article read from a source, before storage. Equal when every field is."""

    source: str  # the outlet name users see ("Harbor Ledger")
    text: str
    url: str | None = None
    title: str | None = None
    published: str | None = None  # ISO 8601 date or datetime, as read
    origin: str = ""  # the file, line or URL it came from, for messages
    external_id: str | None = None  # the input's own id (JSON Lines "id")
    source_kind: str = ""  # folder, file, jsonl, feed, page


@dataclass(frozen=True)
class StoredClaim:
    """A claim as the warehouse holds it, for matching and contradiction rules.

    Equal when every field is; ``claim_id`` alone identifies the row.
    """

    claim_id: int
    article_id: int
    speaker: str
    text: str
    content: str
    stance: str
    negated: bool
    quote_type: str = "indirect"
    quantities: tuple[Quantity, ...] = ()
    cluster_id: int | None = None
    source: str = ""
    published: str | None = None
    side: str = ""  # the side the claimant speaks for ("" unknown; narration has none)
    claimant_kind: str = ""  # person, government body, anonymous officials, outlet, ... ("" unknown)
    story_id: int | None = None  # the story of its article (claims.stories); claims are compared only inside one


@dataclass(frozen=True)
class Contradiction:
    """Two claims that disagree; equal when every field is."""

    kind: str  # numeric, polarity, attribution, changed
    claim_id_a: int
    claim_id_b: int
    reason: str
    subject: str
    score: float
    key: str = field(default="", compare=False)  # the disagreement itself, the same for new evidence of it
    #: (what side a says, what side b says, how closely they match): used to keep one pair per disagreement
    sides: tuple = field(default=(), compare=False, repr=False)
