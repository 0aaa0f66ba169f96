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


@dataclass(frozen=True, kw_only=True)
class PropositionParts:
    """A proposition's structure (claims.propositions): who did what to whom; "" where the parse does not say.

    Claims and stored claims carry it (keyword-only fields, after their own), and so does the parse's
    ``Structure``: the fields are written once, here."""

    actor: str = ""
    actor_side: str = ""
    predicate: str = ""  # lemma ("impose", "shoot down")
    predicate_class: str = ""  # claims/data/predicates.toml ("impose", "reject", "destroy", ...)
    target: str = ""
    target_side: str = ""
    time: str = ""
    polarity: str = "+"  # "+" asserted, "-" denied ("not destroyed", "damaged, not destroyed")
    hedge: str = ""  # the hedging word ("reportedly", "may"), "" when none


@dataclass(frozen=True)
class Claim(PropositionParts):
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
class Figure:
    """A number an article states, anywhere (claims and narration), with what it measures.

    ``low``/``high`` are the interval the wording allows in the canonical ``unit`` (a duration in
    minutes, a distance in km, money in currency units, a clock time in minutes of the day, an age in
    years). A clock time whose zone is written is in UTC (``zone_offset`` minutes east of UTC);
    otherwise it is local (``zone_offset`` None, ``zone`` "local" or "") and the story's place decides.
    ``clause`` is the stretch of words that says what the figure measures; ``concepts``, ``context``
    and ``names`` are read from it (claims.quantities.figures) for measure identity.
    """

    kind: str  # count, money, percent, duration, distance, clock, age, magnitude, height, rate, other
    unit: str
    value: float
    low: float
    high: float
    qualifier: str  # "", about, over, under, at least, up to, range, vague
    text: str
    span: Span
    sentence: Span
    clause: Span
    noun: str = ""  # the counted noun ("aircraft"), when named
    written_unit: str = ""  # the unit as written ("mile", "ft", "m"): values in two written units allow conversion slack
    zone: str = ""  # a clock time's zone as written ("gmt", "local", "beijing"), "" when none
    zone_offset: int | None = None
    decimals: int = 0  # decimals written: "2.6 km" is rounded to 0.1
    concepts: tuple[str, ...] = ()  # what is measured, from the lexicon ("killed", "aftershock")
    context: tuple[str, ...] = ()  # content stems of the clause
    names: tuple[str, ...] = ()  # capitalized names in the clause (the subject)
    days: tuple[str, ...] = ()  # "on Sunday": the moment a running count is given for
    noun_class: str = ""  # the counted noun's class ("person" for people, civilians, dead)
    measure: str = ""  # a readable label of what is measured ("people killed", "magnitude")
    subject: str = ""  # who or what it is about, when named


@dataclass(frozen=True)
class StoredFigure:
    """A figure as the warehouse holds it: its article, the claim holding it and every claim its clause
    overlaps (``claim_ids``), the article's outlet and date."""

    figure_id: int
    article_id: int
    claim_id: int | None
    claim_ids: tuple[int, ...]
    source: str
    published: str | None
    figure: Figure
    claimant: str = ""


@dataclass(frozen=True)
class ArticleClaims:
    """Everything extracted from one article (figures only when extraction is asked for them)."""

    attributions: tuple[Attribution, ...]
    claims: tuple[Claim, ...]
    figures: tuple[Figure, ...] = ()


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
class StoredClaim(PropositionParts):
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
    #: (position of a, position of b, what a quantity of a, of b): the value or position each claim takes,
    #: as a reader names it ("$12 million", "not destroyed", "said by Ushakov"); quantities for numeric only
    positions: tuple = field(default=(), compare=False, repr=False)


@dataclass(frozen=True)
class Mention:
    """One claim's part in a disagreement: the value or position it takes (its side)."""

    claim_id: int
    side: str


@dataclass(frozen=True)
class Disagreement:
    """One disagreement (about one measured thing or one proposition) with every mention on each side.

    ``key`` names what is disagreed about (kind, thing), the same when new articles mention it again;
    ``claim_id_a``/``claim_id_b`` a representative pair on two different sides; ``confidence`` 0..1;
    ``same_story`` whether the mentions are known to be one story (a story id, dates, or one claim cluster).
    """

    kind: str
    key: str
    subject: str
    reason: str
    claim_id_a: int
    claim_id_b: int
    score: float
    confidence: float
    mentions: tuple[Mention, ...]
    same_story: bool = True
