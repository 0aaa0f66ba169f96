"""Online story grouping: each article joins the open story it matches best, or starts one.

After Miranda et al. 2018 ("Multilingual Clustering of Streaming News"), one pass: a story keeps
a centroid of term weights (stems of its words, and the capitalized names it mentions); an
article is compared with the stories whose dates lie within ``window_days`` of its own by
TF-IDF cosine (words and names mixed by ``name_weight``), the document frequencies being a
running count over every article grouped so far plus a shipped prior (so the first articles of
an empty warehouse are weighed as in a full one). It joins the best story at or above
``join_threshold`` (``undated_join_threshold`` when the article has no date: no time evidence), else it
starts a story with the next id. Ids are given once and never change.

Pure: the state (stories, document frequencies) is plain data handed in and read back, so the
warehouse stores it and a later run goes on from it.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from importlib import resources
from typing import Iterable, Mapping

from claims.text import STOP_WORDS, lexicon_words, stem, word_key

#: Words that tell no story apart: the stop words and the lexicon's story_stop_words.
STOP = STOP_WORDS | lexicon_words("story_stop_words")

_WORD = re.compile(r"[A-Za-z][A-Za-z'’\-]*[A-Za-z]|[A-Za-z]")
_SENTENCE_END = re.compile(r"[.!?:\"“”]\s*$")


def day_number(published) -> int | None:
    """The day of an ISO date or datetime (proleptic ordinal), None when absent or unreadable."""
    if published is None:
        return None
    if isinstance(published, (date, datetime)):
        return published.toordinal()
    try:
        return datetime.fromisoformat(str(published)[:10]).toordinal()
    except ValueError:
        return None


@dataclass(frozen=True)
class ArticleTerms:
    """What grouping reads of an article: its words and names (sublinear counts) and its day."""

    terms: Mapping[str, float]
    names: Mapping[str, float]
    day: int | None


def article_terms(text: str, title: str | None = None, published=None, title_weight: float = 2.0) -> ArticleTerms:
    """Stems of an article's content words, and its names (capitalized words not opening a sentence, short
    acronyms), title words counted ``title_weight`` times."""
    terms: Counter = Counter()
    names: Counter = Counter()
    for part, weight in ((title or "", title_weight), (text, 1.0)):
        prev_end = 0
        for m in _WORD.finditer(part):
            w = m.group(0)
            k = word_key(w)
            opens = prev_end == 0 or "\n" in part[prev_end:m.start()] or bool(
                _SENTENCE_END.search(part[max(0, m.start() - 3):m.start()]))
            prev_end = m.end()
            if len(k) < 3 or k in STOP:
                continue
            if (w.isupper() and len(w) <= 5) or (w[0].isupper() and not w.isupper() and not opens):
                names[k] += weight
            terms[stem(k)] += weight
    sub = lambda c: {t: 1.0 + math.log(v) if v >= 1 else v for t, v in c.items()}  # noqa: E731
    return ArticleTerms(sub(terms), sub(names), day_number(published))


@dataclass
class Story:
    """A story's state: summed term and name weights (its top ones), first and last day, article count."""

    story_id: int
    terms: dict = field(default_factory=dict)
    names: dict = field(default_factory=dict)
    first_day: int | None = None
    last_day: int | None = None
    articles: int = 0
    label: str = ""


@dataclass
class Frequencies:
    """Document frequencies of words and names over ``docs`` articles (a running statistic)."""

    docs: int = 0
    terms: dict = field(default_factory=dict)
    names: dict = field(default_factory=dict)


@dataclass(frozen=True)
class StorySettings:
    """The [stories] section of config/defaults.toml (each key's meaning is commented there)."""

    join_threshold: float = 0.15
    undated_join_threshold: float = 0.25
    name_weight: float = 0.0
    window_days: float = 3.0
    max_span_days: float = 0.0
    top_terms: int = 200
    title_weight: float = 2.0
    prior_weight: float = 1.0


def shipped_prior() -> Frequencies:
    """Document frequencies of words and names in 840 news articles (claims/data/story_prior.json)."""
    import json

    with resources.files("claims").joinpath("data/story_prior.json").open("r", encoding="utf-8") as fh:
        raw = json.load(fh)
    return Frequencies(raw["docs"], raw["terms"], raw["names"])


class Grouper:
    """Assigns articles to stories one at a time; ``changed`` and ``frequencies`` give the state to store."""

    def __init__(self, settings: StorySettings, stories: Iterable[Story] = (), frequencies: Frequencies | None = None,
                 next_id: int | None = None, prior: Frequencies | None = None):
        self.s = settings
        self.stories: dict[int, Story] = {st.story_id: st for st in stories}
        self.freq = frequencies or Frequencies()
        self.prior = prior or Frequencies()
        self.next_id = next_id if next_id is not None else max(self.stories, default=0) + 1
        self.touched: set[int] = set()
        self.df_delta = Frequencies()
        self._index: dict[str, set[int]] = {}
        self._norm: dict[int, tuple[float, float]] = {}
        for st in self.stories.values():
            self._indexed(st)

    # --- weights
    def _idf(self, kind: str, t: str) -> float:
        df = getattr(self.freq, kind).get(t, 0) + self.s.prior_weight * getattr(self.prior, kind).get(t, 0)
        docs = self.freq.docs + self.s.prior_weight * self.prior.docs
        return math.log((1.0 + docs) / (1.0 + df)) + 1.0

    def _norm_of(self, counts: Mapping[str, float], kind: str) -> float:
        return math.sqrt(sum((c * self._idf(kind, t)) ** 2 for t, c in counts.items())) or 1.0

    def _indexed(self, st: Story) -> None:
        for t in st.terms:
            self._index.setdefault(t, set()).add(st.story_id)
        self._norm[st.story_id] = (self._norm_of(st.terms, "terms"), self._norm_of(st.names, "names"))

    def _open(self, st: Story, day: int | None) -> bool:
        if day is None or st.first_day is None:
            return True
        w = self.s.window_days
        if self.s.max_span_days and max(day, st.last_day) - min(day, st.first_day) > self.s.max_span_days:
            return False
        return st.first_day - w <= day <= st.last_day + w

    def similarities(self, a: ArticleTerms) -> list[tuple[float, int]]:
        """(similarity, story id) of the open stories sharing a word with the article, best first."""
        wt = {t: c * self._idf("terms", t) for t, c in a.terms.items()}
        wn = {t: c * self._idf("names", t) for t, c in a.names.items()}
        nt = math.sqrt(sum(x * x for x in wt.values())) or 1.0
        nn = math.sqrt(sum(x * x for x in wn.values())) or 1.0
        dots: dict[int, float] = {}
        for t, x in wt.items():
            for sid in self._index.get(t, ()):
                dots[sid] = dots.get(sid, 0.0) + x * self.stories[sid].terms[t] * self._idf("terms", t)
        out = []
        for sid, dot in dots.items():
            st = self.stories[sid]
            if not self._open(st, a.day):
                continue
            norm_t, norm_n = self._norm[sid]
            sim = (1.0 - self.s.name_weight) * dot / (nt * norm_t)
            if self.s.name_weight and wn:
                dn = sum(x * st.names.get(t, 0.0) * self._idf("names", t) for t, x in wn.items())
                sim += self.s.name_weight * dn / (nn * norm_n)
            out.append((sim, sid))
        out.sort(key=lambda p: (-p[0], p[1]))
        return out

    def assign(self, a: ArticleTerms, label: str = "") -> int:
        """The story id the article joins (a new story when none matches well enough)."""
        self._count(a)
        scored = self.similarities(a)
        bar = self.s.join_threshold if a.day is not None else max(self.s.join_threshold, self.s.undated_join_threshold)
        if scored and scored[0][0] >= bar:
            st = self.stories[scored[0][1]]
        else:
            st = Story(self.next_id, label=label)
            self.next_id += 1
            self.stories[st.story_id] = st
        self._join(st, a)
        return st.story_id

    def _count(self, a: ArticleTerms) -> None:
        for freq in (self.freq, self.df_delta):
            freq.docs += 1
            for kind, words in (("terms", a.terms), ("names", a.names)):
                d = getattr(freq, kind)
                for t in words:
                    d[t] = d.get(t, 0) + 1

    def _join(self, st: Story, a: ArticleTerms) -> None:
        for t in st.terms:
            self._index.get(t, set()).discard(st.story_id)
        for kind, words in (("terms", a.terms), ("names", a.names)):
            d = getattr(st, kind)
            for t, c in words.items():
                d[t] = d.get(t, 0.0) + c
            if self.s.top_terms and len(d) > self.s.top_terms:
                keep = sorted(d, key=lambda t: (-d[t] * self._idf(kind, t), t))[: self.s.top_terms]
                setattr(st, kind, {t: d[t] for t in keep})
        st.articles += 1
        if a.day is not None:
            st.first_day = a.day if st.first_day is None else min(st.first_day, a.day)
            st.last_day = a.day if st.last_day is None else max(st.last_day, a.day)
        self._indexed(st)
        self.touched.add(st.story_id)

    def changed(self) -> list[Story]:
        """The stories created or joined since this grouper was made."""
        return [self.stories[sid] for sid in sorted(self.touched)]

    def label(self, st: Story, words: int = 4) -> str:
        """A story's label: the title it was started with, else its most telling names (or words)."""
        if st.label:
            return st.label
        kind, d = ("names", st.names) if st.names else ("terms", st.terms)
        top = sorted(d, key=lambda t: (-d[t] * self._idf(kind, t), t))[:words]
        return " · ".join(t.title() if kind == "names" else t for t in top)


class StoryAssigner:
    """A ``Grouper`` as the ingest uses it: built from the warehouse's rows, assigning stored
    articles (claims.model.Article) in turn, and giving back what changed as rows to save."""

    def __init__(self, settings: StorySettings, story_rows=(), term_rows=(), frequencies=None, docs: int = 0,
                 next_id: int = 1, prior: Frequencies | None = None):
        stories = {sid: Story(sid, label=label, first_day=first, last_day=last, articles=n)
                   for sid, label, first, last, n in story_rows}
        for sid, kind, term, weight in term_rows:
            if sid in stories:
                getattr(stories[sid], kind)[term] = weight
        freq = Frequencies(docs, dict((frequencies or {}).get("terms", {})), dict((frequencies or {}).get("names", {})))
        self.grouper = Grouper(settings, stories.values(), freq, next_id,
                               prior if prior is not None else shipped_prior())

    def reach_days(self) -> float:
        """How far from an article's day a story can be and still take it (the window, and the span cap)."""
        s = self.grouper.s
        return s.window_days + (s.max_span_days or 0.0)

    def assign_article(self, article, published=None) -> int:
        """The story of ``article`` (source, title, text; ``published`` a date or datetime when known)."""
        s = self.grouper.s
        terms = article_terms(article.text, article.title, published if published is not None else article.published,
                              s.title_weight)
        return self.grouper.assign(terms, label=(article.title or "").strip()[:200])

    def take_changes(self) -> tuple[list, list, dict, int]:
        """(story rows, their term rows, frequency counts added, articles counted) since the last call."""
        g = self.grouper
        stories = g.changed()
        rows = [(st.story_id, g.label(st), st.first_day, st.last_day, st.articles) for st in stories]
        terms = [(st.story_id, kind, t, w) for st in stories for kind in ("terms", "names")
                 for t, w in getattr(st, kind).items()]
        delta = g.df_delta
        out = (rows, terms, {"terms": delta.terms, "names": delta.names}, delta.docs)
        g.touched, g.df_delta = set(), Frequencies()
        return out
