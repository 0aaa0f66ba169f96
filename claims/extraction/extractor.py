"""Attribution extraction: who said (or believes, wants, rejects) what, through which cue.

Rules over a spaCy parse, tuned on the conventions of the PolNeAR corpus:

- verb cues with a subject (the speaker) and a clausal or object complement (the
  content): "Putin rejected the proposal", "she said that ...", "X, who argued ...";
- direct quotes attached to a speech verb before, inside or after them, continued
  across "“Q1,” he said. “Q2.”" and across paragraphs whose quote stays open;
- "according to X", noun cues ("the claim that ...", "his statement that ..."),
  colon cues ("PENCE: ...", "Poll: ..."), dash cues ("“...” ― Name");
- cue verbs inside quotes are ignored (they are the speaker's words).

Content spans follow PolNeAR: indirect content keeps a leading "that" and drops the
sentence's final punctuation; a direct quote keeps its quote marks.

Stages, one module each: claims.extraction.chunks (text as spaCy is given it), claims.extraction.quotes (quoted
stretches), claims.extraction.parsed (the parse as the rules read it), claims.extraction.verb_cues and
claims.extraction.phrase_cues (the cue rules), claims.extraction.cue_features (the cue model's features),
claims.extraction.quote_runs (quotes continued), claims.extraction.records (records and atomic claims). This module
runs them over texts.
"""
from __future__ import annotations

import logging
import re
from dataclasses import replace
from typing import Iterable, Sequence

from claims.extraction.chunks import chunks
from claims.extraction.cues import CueModel
from claims.extraction.narration import narration_attributions
from claims.extraction.parallel import extract_parallel
from claims.extraction.parsed import Candidate, CueCandidate, CueScorer, ParsedText
from claims.extraction.phrase_cues import (
    according_to_cues,
    adjective_cues,
    colon_cues,
    dash_cues,
    noun_cues,
    source_cues,
)
from claims.extraction.quote_runs import continue_direct, continue_quotes, dedupe
from claims.extraction.records import article_claims, attribution_of
from claims.extraction.settings import ExtractSettings
from claims.extraction.verb_cues import verb_cues
from claims.model import ArticleClaims, Attribution
from claims.nlp import load_nlp
from claims.propositions.parse import ParsedPiece
from claims.quantities.figures import figures_of_text
from claims.speakers.resolution import SpeakerResolver

log = logging.getLogger(__name__)


_SURROGATE = re.compile("[\ud800-\udfff]")


def _figures(text: str, sentences: list[tuple[int, int]]):
    """The text's figures; a reader slip costs the figures, never the article."""
    try:
        return figures_of_text(text, sentences)
    except Exception as err:  # pragma: no cover - defensive
        log.warning("figure reading failed: %s", err)
        return ()


class Extractor:
    """Attribution extractor over a shared spaCy pipeline.

    ``model``: the cue model that scores candidates (default: the shipped one when
    ``settings.use_model``, else none: lexicon cues only).
    """

    def __init__(self, settings: ExtractSettings | None = None, nlp=None, model: CueModel | None = None):
        self.settings = settings or ExtractSettings()
        self._nlp = nlp
        if model is None and self.settings.use_model:
            model = CueModel.load()
        self.model = model
        self.scorer = CueScorer(model, self.settings.min_cue_prob)

    @property
    def nlp(self):
        if self._nlp is None:
            disable = () if self.settings.use_ner else ("ner",)
            self._nlp = load_nlp(disable)
        return self._nlp

    # ---- texts ------------------------------------------------------------------
    def extract(self, text: str) -> ArticleClaims:
        return self.extract_many([text])[0]

    def extract_many(self, texts: Sequence[str]) -> list[ArticleClaims]:
        texts = [t if isinstance(t, str) else "" for t in texts]
        if (self.settings.n_process > 1 and len(texts) > 1
                and sum(t.count(" ") for t in texts) >= self.settings.parallel_min_words):
            # parse and rules together in worker processes (claims.extraction.parallel); this process only collects
            return extract_parallel(self.settings, texts, make=Extractor)
        # spaCy cannot encode lone surrogates; one replacement character each keeps every offset
        clean = [_SURROGATE.sub("\ufffd", t[: self.settings.max_chars]) for t in texts]
        limit = max(1000, min(self.settings.chunk_chars, getattr(self.nlp, "max_length", 1_000_000) - 1))
        pieces: list[tuple[int, int, str]] = []  # (text index, offset, piece)
        for k, text in enumerate(clean):
            for offset, piece in chunks(text, limit):
                pieces.append((k, offset, piece))
        results: list[list[Attribution]] = [[] for _ in texts]
        sentences: list[list[tuple[int, int]]] = [[] for _ in texts]
        parsed: list[list[ParsedPiece]] = [[] for _ in texts]
        for (k, offset, piece), doc in zip(pieces, self._parse([p[2] for p in pieces])):
            if doc is None:
                continue
            try:
                results[k].extend(self.attributions(doc, offset))
                parsed[k].append(ParsedPiece(doc, offset))
            except Exception as err:  # never let one odd text stop a batch
                log.warning("attribution extraction failed on a text piece at %d: %s", offset, err)
            if self.settings.include_figures:
                sentences[k].extend((offset + s.start_char, offset + s.end_char) for s in doc.sents)
        found = [self._claims(texts[k], atts, parsed[k]) for k, atts in enumerate(results)]
        if self.settings.include_figures:  # every number of the text (claims.quantities.figures)
            found = [replace(f, figures=_figures(texts[k], sentences[k])) for k, f in enumerate(found)]
        return found

    def _claims(self, text: str, atts: list[Attribution], parsed: list[ParsedPiece]) -> ArticleClaims:
        """The article's claims split into propositions with the parse; without it when that fails."""
        try:
            return article_claims(text, atts, parsed if self.settings.propositions else ())
        except Exception as err:  # a slip in the proposition rules never loses the article's claims
            log.warning("proposition splitting failed on a text: %s", err)
            return article_claims(text, atts)

    def _parse(self, pieces: list[str]) -> Iterable:
        """Parsed docs in order; a piece spaCy fails on yields None (the batch goes on)."""
        if not pieces:
            return
        done = 0
        try:
            # one process: more than one goes through claims.extraction.parallel, which parses and extracts in each worker
            for doc in self.nlp.pipe(pieces, batch_size=self.settings.batch_size):
                done += 1
                yield doc
            return
        except Exception as err:  # pragma: no cover - defensive: retry one by one
            log.warning("spaCy batch failed (%s); parsing one text at a time", err)
        for piece in pieces[done:]:
            try:
                yield self.nlp(piece)
            except Exception as err:  # pragma: no cover
                log.warning("spaCy failed on a text: %s", err)
                yield None

    # ---- one parsed text ------------------------------------------------------------
    def extract_parsed(self, doc) -> ArticleClaims:
        """The attributions and claims of one text already parsed by ``self.nlp`` (with chunks.break_long_runs)."""
        return self._claims(doc.text, self.attributions(doc), [ParsedPiece(doc, 0)])

    def attributions(self, doc, offset: int = 0) -> list[Attribution]:
        """The attributions of one parsed piece of text, their offsets shifted by ``offset``."""
        d = ParsedText(doc, self.settings)
        resolver = SpeakerResolver(doc)
        out = []
        for r in sorted(self.candidates(d), key=lambda r: r.content[0].start):
            att = attribution_of(d, r, resolver, offset)
            if att is not None:
                out.append(att)
        if self.settings.include_narration:  # the outlet's own statements (claims.extraction.narration)
            out += narration_attributions(doc, offset, out)
        return out

    def candidates(self, d: ParsedText) -> list[Candidate]:
        """Every cue rule over one parsed text, in this order (earlier rules claim quotes first),
        then quotes that run on after their cue, without duplicates."""
        scorer = self.scorer
        raws: list[Candidate] = []
        raws += colon_cues(d)
        raws += verb_cues(d, scorer)
        raws += according_to_cues(d)
        raws += noun_cues(d, scorer)
        raws += source_cues(d)
        raws += adjective_cues(d, scorer)
        raws += dash_cues(d)
        continue_direct(d, raws)
        continue_quotes(d, raws)
        return dedupe(raws)

    def cue_candidates(self, doc) -> list[CueCandidate]:
        """Training data: every verb, noun and adjective candidate of a parsed text with the features the
        cue model reads, whatever the model would decide (any word may head one, as with a model)."""
        d = ParsedText(doc, self.settings)
        collected: list[CueCandidate] = []
        scorer = CueScorer(self.model, self.settings.min_cue_prob, collect=collected)
        verb_cues(d, scorer)
        noun_cues(d, scorer)
        adjective_cues(d, scorer)
        return collected
