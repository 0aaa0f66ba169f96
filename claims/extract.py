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
"""
from __future__ import annotations

import logging
import re
from bisect import bisect_left
from dataclasses import dataclass
from typing import Iterable, Sequence

from claims.cues import (
    CLAUSE_ONLY,
    CUE_PARTICLES,
    CueModel,
    NOUN_CUES,
    OBJECT_CONTENT,
    VENUE_NOUNS,
    VERB_CUES,
    past_tense,
)
from claims.nlp import lemma as _lemma
from claims.model import ArticleClaims, Attribution, Claim, Quantity, Span
from claims.speakers import SpeakerResolver, clean_name
from claims.wire import mask_furniture

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ExtractSettings:
    batch_size: int = 32  # texts per nlp.pipe batch
    n_process: int = 2  # worker processes that each parse and extract a share of the texts, for large inputs
    parallel_min_words: int = 40_000  # input words below which one process is faster than starting more
    include_narration: bool = False  # also emit the outlet's own unattributed statements
    max_chars: int = 200_000  # characters of an article read; the rest is ignored
    min_quote_words: int = 2  # words a quote needs to be a content on its own
    max_colon_speaker_words: int = 5  # words before ":" that can be a speaker ("PENCE:", "Poll:")
    max_quote_gap_chars: int = 3  # characters (punctuation, space) between a quote and its cue clause
    chunk_chars: int = 200_000  # longest piece given to spaCy at once; longer texts split at paragraphs
    use_ner: bool = True  # run NER (person names for speaker resolution)
    use_model: bool = True  # score cue candidates with the trained cue model (claims/data/cue_model.json)
    min_cue_prob: float = 0.5  # cue-model probability a verb needs to count as an attribution cue
    object_content_to_clause_end: bool = True  # an object content runs on to the end of the verb phrase


# ---------------------------------------------------------------------------
# quotes
# ---------------------------------------------------------------------------
_QMARK = re.compile(r"``|''|[“”„«»\"]")
_OPENERS = {"“", "„", "«", "``"}
_CLOSERS = {"”", "»"}


@dataclass
class Quote:
    start: int  # the opening mark
    end: int  # after the closing mark (or the paragraph's last character)
    closed: bool  # False: the quote runs on to the next paragraph
    words: int = 0
    chain: int = -1  # index of the quote it continues (open across paragraphs)


def find_quotes(text: str) -> list[Quote]:
    """Quoted stretches, paragraph by paragraph; an unclosed quote runs to its paragraph's end."""
    quotes: list[Quote] = []
    pos = 0
    n = len(text)
    while pos < n:
        nl = text.find("\n", pos)
        para_end = n if nl < 0 else nl
        open_at = -1
        for m in _QMARK.finditer(text, pos, para_end):
            mark, i, j = m.group(), m.start(), m.end()
            before = text[i - 1] if i > pos else " "
            after = text[j] if j < para_end else " "
            if mark in _OPENERS:
                role = "open"
            elif mark in _CLOSERS:
                role = "open" if (before.isspace() or before in "([—–-") and after.isalnum() and open_at < 0 else "close"
            else:
                if open_at < 0:
                    role = "open" if not (after.isspace() and not before.isspace()) else "close"
                else:
                    role = "close"
            if role == "open":
                if open_at < 0:
                    open_at = i
            elif open_at >= 0:
                quotes.append(Quote(open_at, j, True))
                open_at = -1
        if open_at >= 0:
            end = para_end
            while end > open_at and text[end - 1].isspace():
                end -= 1
            if end - open_at > 1:
                quotes.append(Quote(open_at, end, False))
        pos = para_end + 1
    for k, q in enumerate(quotes):
        q.words = len(re.findall(r"\w+", text[q.start : q.end]))
        if k and not quotes[k - 1].closed:
            prev = quotes[k - 1]
            gap = text[prev.end : q.start]
            if gap.strip() == "" and "\n" in gap:
                q.chain = k - 1
    return quotes


# ---------------------------------------------------------------------------
# helpers on the parse
# ---------------------------------------------------------------------------
_SUBJ = ("nsubj", "nsubjpass", "csubj")
_CONTENT_DEPS = ("ccomp", "xcomp", "dobj", "oprd", "dative", "attr", "obj")
_ADJ_STANCE = {"confident": "predict", "sure": "assert", "certain": "assert", "worried": "warn", "concerned": "warn",
               "afraid": "warn", "skeptical": "question", "doubtful": "question", "critical": "oppose",
               "supportive": "support", "opposed": "oppose", "hopeful": "predict", "optimistic": "predict",
               "eager": "intend", "willing": "intend", "determined": "intend", "clear": "assert", "aware": "assert"}
#: Prepositions that continue an object content ("blamed X for Y", "likened X to Y", "described X as Y").
_OBJECT_PREPS = frozenset("for from as to of about against with into over on".split())
_PARATAXIS_CUES = frozenset("say add write tell argue note insist warn explain".split())
_REL_PRON = frozenset("who that which whom".split())
_TRIM = set(".,;:!?—–-()[]") | {"...", "…", "--"}
_QCHARS = "“”„«»\"'`‘’"


def _is_quote_tok(tok) -> bool:
    return tok.text in ("“", "”", '"', "''", "``", "„", "«", "»") or tok.tag_ in ("``", "''")


class _Doc:
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
        return k >= 0 and not _is_quote_tok(tok)


def _subject(v):
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


def _speaker_range(tok) -> tuple[int, int]:
    """Token range of the speaker phrase headed by ``tok`` (without relative clauses after a comma)."""
    left = tok.left_edge.i
    right = tok.i
    for child in tok.rights:
        if child.dep_ in ("relcl", "acl", "punct", "appos", "cc", "conj") and child.dep_ != "appos":
            break
        if child.dep_ == "appos":
            break
        right = max(right, child.right_edge.i)
    if tok.dep_ == "relcl":
        pass
    return left, right + 1


def _trim(doc, a: int, b: int, keep_quotes: bool = True) -> tuple[int, int]:
    """Token range without leading/trailing punctuation (closing quote marks are kept)."""
    while a < b and (doc[a].is_space or (doc[a].text in _TRIM or doc[a].text in (",",))):
        a += 1
    while b > a:
        t = doc[b - 1]
        if t.is_space or t.text in _TRIM:
            b -= 1
            continue
        if _is_quote_tok(t) and not keep_quotes:
            b -= 1
            continue
        break
    return a, b


def _char_span(doc, a: int, b: int) -> Span | None:
    if b <= a:
        return None
    return Span(doc[a].idx, doc[b - 1].idx + len(doc[b - 1].text))


def _strip_unbalanced(text: str, span: Span) -> Span:
    """Drop a dangling quote mark at either end of an indirect content."""
    s, e = span.start, span.end
    seg = text[s:e]
    n_open = sum(seg.count(c) for c in "“") + seg.count('"') // 2
    n_close = sum(seg.count(c) for c in "”")
    if seg.startswith("“") and n_close == 0:
        s += 1
    if seg.endswith("”") and seg.count("“") == 0 and seg.count("”") == 1:
        e -= 1
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    del n_open
    return Span(s, e)


# ---------------------------------------------------------------------------
# features of a verb-cue candidate (for the trained cue model)
# ---------------------------------------------------------------------------
_PRON = frozenset("i you he she we they it who which that one someone everyone".split())


def _subject_kind(doc, raw) -> str:
    if raw.speaker is None:
        return "none"
    a, b = raw.speaker
    span = doc[a:b]
    if not len(span):
        return "none"
    root = span.root
    if root.lower_ in _PRON:
        return "pron:" + root.lower_ if root.lower_ in ("i", "we", "you", "they", "it", "who", "which", "that") else "pron"
    if root.ent_type_:
        return "ent:" + root.ent_type_
    if root.pos_ == "PROPN":
        return "propn"
    return "noun"


def _content_root_pos(doc, span: Span) -> str:
    """POS of the content's head word (the token whose head lies outside the span)."""
    for t in doc.char_span(span.start, span.end, alignment_mode="expand") or ():
        if not (span.start <= t.head.idx < span.end) or t.head.i == t.i:
            return t.pos_
    return "-"


def _gap_bucket(v, span: Span) -> str:
    """How far the content starts from the cue (in characters): adjacent, near, far, before."""
    end = v.idx + len(v.text)
    if span.end <= v.idx:
        return "before"
    gap = span.start - end
    return "adj" if gap <= 1 else "near" if gap <= 25 else "far"


def _word_feature(tok, lemma: bool = True) -> str:
    """A word as a model feature, but never a name: names would only teach the model the
    training corpus's people ("subjL=zimmerman"), which says nothing about other news."""
    if tok.pos_ == "PROPN" or tok.ent_type_ in ("PERSON", "ORG", "GPE", "NORP", "FAC", "LOC") \
            or (tok.is_title and tok.i > tok.sent.start and not tok.is_stop):
        return "<" + (tok.ent_type_ or "NAME") + ">"
    if tok.like_num:
        return "<NUM>"
    return _lemma(tok) if lemma else tok.lower_


def verb_features(d: "_Doc", v, raw, quote_ids) -> list[str]:
    """Feature strings of a verb candidate: its lemma and lexicon entries, the construction, the speaker."""
    doc = d.doc
    lemma = _lemma(v)
    deps = sorted({c.dep_ for c in v.children if c.dep_ in ("ccomp", "xcomp", "dobj", "dative", "oprd", "attr", "prep", "agent", "advcl", "neg", "auxpass", "nsubjpass")})
    comp = "+".join(deps) or "-"
    subj = _subject_kind(doc, raw)
    subj_lemma = _word_feature(doc[raw.speaker[0] : raw.speaker[1]].root) if raw.speaker else "-"
    first = doc[0]
    c0 = raw.content[0]
    for t in doc[v.i:] if c0.start > v.idx else doc:
        if t.idx >= c0.start:
            first = t
            break
    first_w = first.lower_ if first.lower_ in ("that", "to", "whether", "if", "what", "how", "why", "the", "a", "his", "her", "their") else first.pos_
    n_tok = sum(1 for _ in re.finditer(r"\w+", d.text[raw.content[0].start : raw.content[-1].end]))
    clen = "1" if n_tok <= 1 else "2-3" if n_tok <= 3 else "4-8" if n_tok <= 8 else "9-20" if n_tok <= 20 else "21+"
    lex = VERB_CUES.get(lemma, "none")
    kind = "clause" if lemma in CLAUSE_ONLY else "obj" if lemma in OBJECT_CONTENT else "plain"
    head = v.head
    parent = "root" if head.i == v.i else ("cue" if _lemma(head) in VERB_CUES else head.pos_)
    aux = sorted({c.lower_ for c in v.children if c.dep_ == "aux" and c.lower_ in ("will", "would", "to", "can", "could", "may", "might", "should", "must")})
    f = [
        "L=" + lemma,
        "L=%s|qt=%s" % (lemma, raw.quote_type),
        "L=%s|comp=%s" % (lemma, comp),
        "L=%s|subj=%s" % (lemma, "none" if subj == "none" else "yes"),
        "L=%s|tag=%s" % (lemma, v.tag_),
        "lex=" + lex,
        "lex=%s|kind=%s|comp=%s" % (lex != "none", kind, comp),
        "lex=%s|qt=%s" % (lex != "none", raw.quote_type),
        "comp=" + comp,
        "qt=" + raw.quote_type,
        "qt=%s|subj=%s" % (raw.quote_type, subj),
        "subj=" + subj,
        "subjL=" + subj_lemma,
        "tag=" + v.tag_,
        "dep=" + v.dep_,
        "dep=%s|tag=%s" % (v.dep_, v.tag_),
        "parent=" + parent,
        "first=" + first_w,
        "L=%s|first=%s" % (lemma, first_w),
        "clen=" + clen,
        "clen=%s|qt=%s" % (clen, raw.quote_type),
        "aux=" + ("+".join(aux) or "-"),
        "cue=" + raw.cue_lemma,
        "nq=%d" % min(len(quote_ids), 3),
    ]
    prev_w = _word_feature(doc[v.i - 1], lemma=False) if v.i > 0 else "<s>"
    next_t = doc[v.i + 1] if v.i + 1 < len(doc) else None
    next_w = next_t.lower_ if next_t is not None and (next_t.is_punct or next_t.pos_ in ("ADP", "PART", "SCONJ", "DET", "PRON")) else (next_t.pos_ if next_t is not None else "</s>")
    f += [
        "prev=" + prev_w,
        "next=" + next_w,
        "L=%s|next=%s" % (lemma, next_w),
        "L=%s|dep=%s" % (lemma, v.dep_),
        "L=%s|subjk=%s" % (lemma, subj),
        "first=%s|comp=%s" % (first_w, comp),
        "cent=" + (first.ent_type_ or "-"),
        "sentq=%d" % any(d.tok_quote[t.i] >= 0 for t in v.sent),
        "head=%d" % (v.sent.start == 0),
        "croot=" + _content_root_pos(doc, raw.content[0]),
        "L=%s|croot=%s" % (lemma, _content_root_pos(doc, raw.content[0])),
        "perf=%d" % any(c.dep_ == "aux" and c.lower_ in ("has", "have", "had", "'s", "’s") for c in v.children),
        "prog=%d" % (v.tag_ == "VBG" and any(c.dep_ == "aux" for c in v.children)),
        "gap=" + _gap_bucket(v, raw.content[0]),
    ]
    if raw.negated:
        f.append("neg")
    return f


#: Longest run of non-space characters given to spaCy as is: its tokenizer takes quadratic time on
#: long runs (24,000 punctuation marks: ~110 s), and no word or URL in news is this long.
MAX_RUN_CHARS = 200
_LONG_RUN = re.compile(r"\S{%d,}" % (MAX_RUN_CHARS + 1))


def _break_long_runs(text: str) -> str:
    """The text with every MAX_RUN_CHARS-th character of an overlong run made a space; same length, same offsets."""
    if len(text) <= MAX_RUN_CHARS or not _LONG_RUN.search(text):
        return text

    def cut(m: re.Match) -> str:  # overwrite (not insert) one character per MAX_RUN_CHARS
        run = m.group(0)
        return "".join(" " if (i + 1) % MAX_RUN_CHARS == 0 else c for i, c in enumerate(run))

    return _LONG_RUN.sub(cut, text)


def _cut_trailing_adjuncts(doc, comp, a: int, b: int) -> int:
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


def _cut_trailing_relative(doc, a: int, b: int) -> int:
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


def _snap_to_quotes(d: "_Doc", sp: Span) -> Span:
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


# ---------------------------------------------------------------------------
# the extractor
# ---------------------------------------------------------------------------
@dataclass
class _Raw:
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


class Extractor:
    """Attribution extractor over a shared spaCy pipeline."""

    def __init__(self, settings: ExtractSettings | None = None, nlp=None):
        self.settings = settings or ExtractSettings()
        self._nlp = nlp
        self.model = CueModel.load() if self.settings.use_model else None
        self.collect: list | None = None  # training: every verb candidate with its features

    @property
    def nlp(self):
        if self._nlp is None:
            from claims.nlp import load_nlp

            disable = () if self.settings.use_ner else ("ner",)
            self._nlp = load_nlp(disable)
        return self._nlp

    # ---- public ---------------------------------------------------------------
    def extract(self, text: str) -> ArticleClaims:
        return self.extract_many([text])[0]

    def extract_many(self, texts: Sequence[str]) -> list[ArticleClaims]:
        texts = [t if isinstance(t, str) else "" for t in texts]
        if (self.settings.n_process > 1 and len(texts) > 1
                and sum(t.count(" ") for t in texts) >= self.settings.parallel_min_words):
            # parse and rules together in worker processes (claims.pool); this process only collects
            from claims.pool import extract_parallel

            return extract_parallel(self.settings, texts)
        # spaCy cannot encode lone surrogates; one replacement character each keeps every offset
        clean = [_SURROGATE.sub("\ufffd", t[: self.settings.max_chars]) for t in texts]
        pieces: list[tuple[int, int, str]] = []  # (text index, offset, piece)
        for k, text in enumerate(clean):
            for offset, piece in self._chunks(text):
                pieces.append((k, offset, piece))
        results: list[list[Attribution]] = [[] for _ in texts]
        for (k, offset, piece), doc in zip(pieces, self._parse([p[2] for p in pieces])):
            if doc is None:
                continue
            try:
                results[k].extend(self._from_doc(doc, offset))
            except Exception as err:  # never let one odd text stop a batch
                log.warning("attribution extraction failed on a text piece at %d: %s", offset, err)
        return [self._article(texts[k], atts) for k, atts in enumerate(results)]

    def _parse(self, pieces: list[str]) -> Iterable:
        """Parsed docs in order; a piece spaCy fails on yields None (the batch goes on)."""
        if not pieces:
            return
        done = 0
        try:
            # one process: more than one goes through claims.pool, which parses and extracts in each worker
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

    # ---- chunks ------------------------------------------------------------------
    def _chunks(self, text: str) -> list[tuple[int, str]]:
        limit = min(self.settings.chunk_chars, getattr(self.nlp, "max_length", 1_000_000) - 1)
        limit = max(limit, 1000)
        text = mask_furniture(text)  # datelines, bylines, photo credits: never speakers or contents
        if len(text) <= limit:
            return [(0, _break_long_runs(text))] if text.strip() else []
        out, start = [], 0
        while start < len(text):
            end = min(len(text), start + limit)
            if end < len(text):
                cut = text.rfind("\n", start + limit // 2, end)
                if cut < 0:
                    cut = text.rfind(" ", start + limit // 2, end)
                if cut > start:
                    end = cut + 1
            if text[start:end].strip():
                out.append((start, _break_long_runs(text[start:end])))
            start = end
        return out

    # ---- one parsed piece --------------------------------------------------------------
    def _from_doc(self, doc, offset: int) -> list[Attribution]:
        d = _Doc(doc, self.settings)
        raws: list[_Raw] = []
        raws += self._colon_cues(d)
        raws += self._verb_cues(d)
        raws += self._according_to(d)
        raws += self._noun_cues(d)
        raws += self._source_preps(d)
        raws += self._adjective_cues(d)
        raws += self._dash_cues(d)
        self._continue_direct(d, raws)
        self._continue_quotes(d, raws)
        raws = self._dedupe(raws)
        resolver = SpeakerResolver(doc)
        out = []
        for r in sorted(raws, key=lambda r: r.content[0].start):
            att = self._finish(d, r, resolver, offset)
            if att is not None:
                out.append(att)
        if self.settings.include_narration:  # issue 5: the outlet's own statements (claims.narration)
            from claims.narration import narration_attributions

            out += narration_attributions(doc, offset, out)
        return out

    def _verb_cues(self, d: _Doc) -> list[_Raw]:
        """Verb cues in text order; a kept candidate claims its quotes before later ones look."""
        out: list[_Raw] = []
        model = self.model
        for v in d.doc:
            if v.pos_ != "VERB" or d.in_quote(v):
                continue
            cand = self._verb_candidate(d, v, generic=model is not None)
            if cand is None:
                continue
            raw, quote_ids = cand
            if model is not None:
                p = model.prob(verb_features(d, v, raw, quote_ids))
                if self.collect is not None:
                    self.collect.append((raw, verb_features(d, v, raw, quote_ids), p))
                    continue
                if p < self.settings.min_cue_prob:
                    continue
            for k in quote_ids:
                d.used_quotes.add(k)
            out.append(raw)
        return out

    def _verb_candidate(self, d: _Doc, v, generic: bool = False) -> tuple[_Raw, list[int]] | None:
        """The attribution a verb would head: speaker, cue, content (None when it has no content)."""
        doc, text = d.doc, d.text
        lemma = _lemma(v)
        in_lex = lemma in VERB_CUES
        if not in_lex and not generic:
            return None
        stance = VERB_CUES.get(lemma, "assert")
        if v.dep_ == "amod" or v.tag_ == "VBN" and v.dep_ in ("acl",) and not any(c.dep_ == "agent" for c in v.children):
            return None
        subj = _subject(v)
        speaker = None
        if subj is not None:
            if subj.lower_ == "there":
                return None
            a, b = _speaker_range(subj)
            if subj.dep_ not in _SUBJ and subj.i == v.head.i:  # relative clause antecedent
                a, b = subj.left_edge.i, subj.i + 1
            speaker = (a, b)
        else:
            for child in v.children:
                if child.dep_ == "agent":
                    pobj = [c for c in child.children if c.dep_ == "pobj"]
                    if pobj:
                        speaker = (pobj[0].left_edge.i, pobj[0].right_edge.i + 1)
        # cue span: the verb with particles ("called for", "pointed out")
        cue_end = v.i + 1
        lemma_text = lemma
        for child in v.rights:
            if child.i == cue_end and (child.dep_ == "prt" or (child.dep_ == "prep" and child.lower_ in CUE_PARTICLES
                                                                and lemma in ("call", "point", "refer"))):
                cue_end = child.i + 1
                lemma_text = f"{lemma} {child.lower_}"
        cue = _char_span(doc, v.i, cue_end)
        quote_ids = self._attached_quotes(d, v, speaker)
        comp = [c for c in v.children if c.dep_ in _CONTENT_DEPS and c.i != (subj.i if subj is not None else -1)]
        clausal = [c for c in comp if c.dep_ in ("ccomp", "xcomp")]
        # the prep of "called for", "warned of", "spoke about", "referred to"
        prep_ok = generic or lemma in OBJECT_CONTENT | {"warn", "talk", "speak", "call", "refer", "point", "complain", "worry"}
        for child in v.children:
            if child.dep_ == "prep" and child.i >= cue_end - 1 and child.lower_ in ("for", "of", "about", "on", "to", "against") \
                    and prep_ok and (child.i == cue_end - 1 or not generic or not comp):
                if child.i == cue_end - 1:
                    comp.extend(c for c in child.children if c.dep_ in ("pobj", "pcomp"))
                elif child.i == cue_end and generic:
                    cue_end = child.i + 1
                    cue = _char_span(doc, v.i, cue_end)
                    lemma_text = f"{lemma} {child.lower_}"
                    comp.extend(c for c in child.children if c.dep_ in ("pobj", "pcomp"))
                else:
                    comp.append(child)
        if quote_ids and len(quote_ids) == 1:
            # "he said “budget reforms” would pay for it": a quoted fragment inside a longer clause
            q = d.quotes[quote_ids[0]]
            clause = d.clause.get(v.i)
            sent_end = v.sent[-1].idx + len(v.sent[-1].text)
            inner = text[q.start : q.end].rstrip(_QCHARS + " ")
            if clause and q.start >= clause[1] and q.end < sent_end and re.match(r"[^\S\n]*[\w(]", text[q.end : sent_end]) \
                    and not inner.endswith((",", ".", "?", "!", ":", ";", "—")):
                quote_ids = []
        if quote_ids and not any(not self._inside_quotes(d, c, quote_ids) and c.dep_ in ("ccomp",) for c in clausal):
            spans = [Span(d.quotes[k].start, d.quotes[k].end) for k in quote_ids]
            qtype = "direct"
            first = spans[0]
            clause = d.clause.get(v.i)
            if clause and first.end <= clause[0]:
                lead = self._lead_in(d, first.start)
                if lead < first.start:
                    spans[0] = Span(lead, first.end)
                    qtype = "mixed"
            sent_end = v.sent[-1].idx + len(v.sent[-1].text)
            cue_neg = any(c.dep_ == "neg" for c in v.children)
            return (_Raw(speaker, cue, lemma_text, stance, spans, qtype, negated=cue_neg,
                         clause=clause, sent_end=sent_end, cue_negated=cue_neg), quote_ids)
        if not clausal and not generic and (lemma in CLAUSE_ONLY or lemma not in OBJECT_CONTENT):
            if not (lemma in ("say", "tell", "add", "write", "ask", "argue") and comp):
                comp = []
        if not comp:
            if v.dep_ == "parataxis" and speaker is not None and (generic or lemma in _PARATAXIS_CUES):
                raw = self._parataxis(d, v, speaker, cue, lemma_text)
                if raw is not None:
                    return raw, []
            return None
        if comp and any(c.dep_ == "dobj" for c in comp):
            # "cited X as Y", "described X as Y": the "as" phrase belongs to the content
            comp.extend(c for c in v.children if c.dep_ == "prep" and c.lower_ == "as" and c not in comp)
        if lemma == "tell":
            comp = [c for c in comp if c.dep_ not in ("dative", "dobj")] or comp
        if any(c.dep_ == "ccomp" for c in comp):
            comp = [c for c in comp if c.dep_ in ("ccomp", "xcomp", "oprd")]
        a = min(c.left_edge.i for c in comp)
        b = max(c.right_edge.i for c in comp) + 1
        if any(c.dep_ in ("dobj", "pobj", "dative") for c in comp) and not any(c.dep_ == "ccomp" for c in comp) \
                and self.settings.object_content_to_clause_end:
            # "criticized X for Y", "blocked X from Y": the rest of the verb phrase after the object
            for child in v.rights:
                if child.i < b:
                    continue
                if child.dep_ in ("cc", "conj", "punct", "parataxis", "advcl", "npadvmod", "advmod", "relcl"):
                    break
                if child.dep_ == "prep":
                    pobj = [g for g in child.children if g.dep_ in ("pobj", "pcomp")]
                    if child.lower_ not in _OBJECT_PREPS or not pobj or pobj[0].ent_type_ in ("DATE", "TIME"):
                        break
                elif child.dep_ not in ("xcomp", "ccomp", "oprd", "dative", "dobj"):
                    break
                b = child.right_edge.i + 1
        if speaker and speaker[0] <= a < speaker[1]:
            a = speaker[1]
        b = _cut_trailing_adjuncts(doc, comp, a, b)
        b = _cut_trailing_relative(doc, a, b)
        pieces = [(a, b)]
        if a <= v.i < b:
            # the cue sits inside its own content: "The benefit, it says, would be $300" and
            # "which he said were ...": the content is the part before and the part after
            cut_lo = min(v.i, speaker[0]) if speaker else v.i
            cut_hi = max(cue_end, speaker[1]) if speaker else cue_end
            pieces = [(a, cut_lo), (cut_hi, b)] if cut_lo > a else [(cut_hi, b)]
        spans = []
        for x, y in pieces:
            x, y = _trim(doc, x, y)
            sp = _char_span(doc, x, y)
            if sp is None:
                continue
            sp = _strip_unbalanced(text, sp)
            if sp.end <= sp.start:
                continue
            spans.append(_snap_to_quotes(d, sp))
        if not spans:
            return None
        seg = " ".join(text[sp.start : sp.end] for sp in spans)
        qtype = "mixed" if any(ch in seg for ch in "“”\"") or "''" in seg else "indirect"
        neg = any(c.dep_ == "neg" for c in v.children)
        for c in comp:
            if c.dep_ in ("ccomp", "xcomp") and any(g.dep_ == "neg" for g in c.children):
                neg = True
        return _Raw(speaker, cue, lemma_text, stance, spans, qtype, negated=neg,
                    cue_negated=any(c.dep_ == "neg" for c in v.children)), []

    def _parataxis(self, d: _Doc, v, speaker, cue, lemma_text) -> _Raw | None:
        """"The economy, he said, is growing": the content is the host clause around the cue."""
        doc = d.doc
        host = v.head
        sent = v.sent
        lo, hi = v.left_edge.i, v.right_edge.i + 1
        a, b = host.left_edge.i, host.right_edge.i + 1
        a, b = max(a, sent.start), min(b, sent.end)
        spans = []
        for x, y in ((a, lo), (hi, b)):
            x, y = _trim(doc, x, y)
            sp = _char_span(doc, x, y)
            if sp is not None and sp.end > sp.start:
                spans.append(sp)
        if not spans:
            return None
        # if the host is a quote, take the quotes
        ks = sorted({d.tok_quote[t.i] for t in doc[a:b] if d.tok_quote[t.i] >= 0})
        if ks and all(k not in d.used_quotes for k in ks):
            quoted = [Span(d.quotes[k].start, d.quotes[k].end) for k in ks]
            for k in ks:
                d.used_quotes.add(k)
            return _Raw(speaker, cue, lemma_text, VERB_CUES.get(lemma_text.split(" ")[0], "assert"), quoted, "direct")
        return _Raw(speaker, cue, lemma_text, VERB_CUES.get(lemma_text.split(" ")[0], "assert"), spans, "indirect")

    @staticmethod
    def _inside_quotes(d: _Doc, tok, quote_ids) -> bool:
        ks = {d.tok_quote[t.i] for t in tok.subtree}
        return ks <= set(quote_ids) | {-1} and any(k in quote_ids for k in ks)

    def _attached_quotes(self, d: _Doc, v, speaker) -> list[int]:
        """Quotes right before or after the cue clause (only punctuation between), continued."""
        doc, text = d.doc, d.text
        # the cue clause: the verb, its speaker and its small modifiers
        lo, hi = v.i, v.i
        if speaker:
            lo, hi = min(lo, speaker[0]), max(hi, speaker[1] - 1)
        for child in v.children:
            if child.dep_ in ("npadvmod", "advmod", "prep", "prt", "aux", "auxpass", "neg", "dative", "dobj", "agent") \
                    and d.tok_quote[child.i] < 0 and child.right_edge.i - child.left_edge.i < 12:
                if any(d.tok_quote[t.i] >= 0 for t in child.subtree):
                    continue
                lo, hi = min(lo, child.left_edge.i), max(hi, child.right_edge.i)
        # also the speaker's own modifiers (apposition, relative clause)
        subj = _subject(v)
        if subj is not None and subj.head.i == v.i:
            r = subj.right_edge.i
            if r > hi and not any(d.tok_quote[t.i] >= 0 for t in doc[hi : r + 1]):
                hi = r
        start_c = doc[lo].idx
        end_c = doc[hi].idx + len(doc[hi].text)
        colon_after = text[end_c : end_c + 3].lstrip(" ").startswith(":")
        gap = self.settings.max_quote_gap_chars
        found: list[int] = []
        # quote ending right before the clause
        for k in range(len(d.quotes) - 1, -1, -1):
            q = d.quotes[k]
            if q.end <= start_c:
                between = text[q.end : start_c]
                if len(between.strip(" ,.—–-:;")) == 0 and len(between) <= gap + 2 and "\n" not in between:
                    inner = text[q.start : q.end].rstrip(_QCHARS + " ")
                    own = any(c.dep_ in ("dobj", "ccomp", "xcomp", "oprd") and c.i > v.i and d.tok_quote[c.i] < 0
                              for c in v.children)
                    # "... “Lyin' Ted.” Trump called the senator ...": a finished quote before a verb with its own object
                    if inner.endswith(".") and own:
                        break
                    if q.words >= self.settings.min_quote_words and k not in d.used_quotes:
                        found.append(k)
                break
        # quote starting right after the clause
        for k, q in enumerate(d.quotes):
            if q.start >= end_c:
                between = text[end_c : q.start]
                near = len(between) <= gap + 2 and "\n" not in between
                if colon_after and between.count("\n") <= 2 and len(between) <= 8:
                    near = True  # "He said: ⏎⏎ “...”"
                if len(between.strip(" ,.—–-:;\n")) == 0 and near:
                    if q.words >= self.settings.min_quote_words and k not in d.used_quotes:
                        found.append(k)
                break
        d.clause[v.i] = (start_c, end_c)
        return sorted(set(found))

    def _according_to(self, d: _Doc) -> list[_Raw]:
        doc = d.doc
        out = []
        for tok in doc:
            if tok.lower_ != "according" or d.in_quote(tok):
                continue
            nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
            if nxt is None or nxt.lower_ != "to":
                continue
            pobj = [c for c in nxt.children if c.dep_ == "pobj"]
            if pobj:
                sa, sb = pobj[0].left_edge.i, pobj[0].right_edge.i + 1
            else:
                sa, sb = nxt.i + 1, nxt.i + 2
                while sb < tok.sent.end and not doc[sb].is_punct:
                    sb += 1
            sent = tok.sent
            phrase_lo = tok.i
            phrase_hi = max(sb, nxt.i + 1)
            spans = []
            for x, y in ((sent.start, phrase_lo), (phrase_hi, sent.end)):
                x, y = _trim(doc, x, y)
                sp = _char_span(doc, x, y)
                if sp is not None and len(re.findall(r"\w+", d.text[sp.start:sp.end])) >= 2:
                    spans.append(sp)
            if not spans:
                continue
            out.append(_Raw((sa, sb), _char_span(doc, tok.i, nxt.i + 1), "according to", "assert", spans, "indirect"))
        return out

    _LIGHT_VERBS = frozenset(
        "have make express voice offer give issue release announce deliver draw face raise share reiterate "
        "repeat renew lodge level file send post publish pen write sign make air signal register".split()
    )
    _NOUN_PREPS = frozenset("of for on about against over to with toward towards from".split())

    _SOURCE_NOUNS = frozenset("poll polls survey surveys study studies analysis report findings".split())

    def _source_preps(self, d: _Doc) -> list[_Raw]:
        """"In a new poll, 75 percent said ...", "X leads in the latest survey": the poll is the source."""
        doc = d.doc
        out = []
        for tok in doc:
            if tok.lower_ != "in" or tok.dep_ != "prep" or tok.i != tok.sent.start or d.in_quote(tok):
                continue
            pobj = [c for c in tok.children if c.dep_ == "pobj"]
            if not pobj or pobj[0].lower_ not in self._SOURCE_NOUNS:
                continue
            sa, sb = pobj[0].left_edge.i, pobj[0].right_edge.i + 1
            sent = tok.sent
            spans = []
            for x, y in ((sent.start, tok.i), (sb, sent.end)):
                x, y = _trim(doc, x, y)
                sp = _char_span(doc, x, y)
                if sp is not None and len(re.findall(r"\w+", d.text[sp.start : sp.end])) >= 2:
                    spans.append(sp)
            if spans:
                out.append(_Raw((sa, sb), _char_span(doc, tok.i, tok.i + 1), tok.lower_, "assert", spans, "indirect"))
        return out

    def _noun_cues(self, d: _Doc) -> list[_Raw]:
        """Noun cues: "his claim that ...", "Trump's criticism of ...", "voiced support for ..."."""
        doc = d.doc
        out = []
        model = self.model
        for tok in doc:
            if tok.pos_ != "NOUN" or d.in_quote(tok):
                continue
            lemma = _lemma(tok)
            if lemma in ("interview", "speech", "tweet", "post", "according"):
                continue
            if model is None and lemma not in NOUN_CUES:
                continue
            that = [c for c in tok.children if c.dep_ in ("acl", "ccomp") and any(g.lower_ == "that" and g.dep_ == "mark" for g in c.children)]
            speaker, spk_kind = None, "none"
            for c in tok.children:
                if c.dep_ == "poss":
                    speaker, spk_kind = (c.left_edge.i, c.right_edge.i + 1), "poss"
                if c.dep_ == "prep" and c.lower_ in ("by", "from") and speaker is None:
                    pobj = [g for g in c.children if g.dep_ == "pobj"]
                    if pobj:
                        speaker, spk_kind = (pobj[0].left_edge.i, pobj[0].right_edge.i + 1), "by"
            head_verb = "-"
            if tok.head.pos_ in ("VERB", "AUX") and tok.dep_ in ("dobj", "attr", "nsubj", "nsubjpass", "pobj"):
                head_verb = _lemma(tok.head)
            if speaker is None and tok.head.pos_ == "VERB" and tok.dep_ == "dobj":
                subj = _subject(tok.head)
                if subj is not None and subj.lower_ not in ("it", "there"):
                    speaker, spk_kind = _speaker_range(subj), "verb"
            prep = "-"
            if that:
                c = that[0]
                a, b = c.left_edge.i, c.right_edge.i + 1
                prep = "that"
            else:
                if model is None:
                    continue
                preps = [c for c in tok.rights if c.dep_ == "prep" and c.lower_ in self._NOUN_PREPS
                         and any(g.dep_ in ("pobj", "pcomp") for g in c.children)]
                if not preps or speaker is None:
                    continue
                prep = preps[0].lower_
                objs = [g for g in preps[0].children if g.dep_ in ("pobj", "pcomp")]
                a, b = objs[0].left_edge.i, objs[0].right_edge.i + 1
                if speaker[0] <= a < speaker[1]:
                    continue
            a, b = _trim(doc, a, b)
            sp = _char_span(doc, a, b)
            if sp is None:
                continue
            sp = _snap_to_quotes(d, sp)
            seg = d.text[sp.start : sp.end]
            qtype = "mixed" if any(ch in seg for ch in "“”\"") or "''" in seg else "indirect"
            raw = _Raw(speaker, _char_span(doc, tok.i, tok.i + 1), lemma, NOUN_CUES.get(lemma, "assert"), [sp], qtype)
            if model is not None:
                n_tok = b - a
                clen = "1" if n_tok <= 1 else "2-3" if n_tok <= 3 else "4-8" if n_tok <= 8 else "9+"
                feats = ["N:bias", "N:L=" + lemma, "N:L=%s|prep=%s" % (lemma, prep), "N:prep=" + prep,
                         "N:spk=" + spk_kind, "N:L=%s|spk=%s" % (lemma, spk_kind), "N:hv=" + head_verb,
                         "N:dep=" + tok.dep_, "N:clen=" + clen, "N:lex=%s" % (lemma in NOUN_CUES),
                         "N:subj=" + _subject_kind(doc, raw), "N:qt=" + qtype]
                p = model.prob(feats)
                if self.collect is not None:
                    self.collect.append((raw, feats, p))
                    continue
                if p < self.settings.min_cue_prob:
                    continue
            out.append(raw)
        return out

    def _adjective_cues(self, d: _Doc) -> list[_Raw]:
        """Adjective cues: "X is confident that ...", "X was critical of ...", "X is worried about ..."."""
        doc = d.doc
        out = []
        model = self.model
        if model is None:
            return out
        for tok in doc:
            if tok.pos_ != "ADJ" or tok.dep_ not in ("acomp", "oprd") or d.in_quote(tok):
                continue
            comps = [c for c in tok.children if c.dep_ in ("ccomp", "xcomp")]
            comps += [c for c in tok.children if c.dep_ == "prep" and c.lower_ in ("of", "about", "with", "that", "on", "in", "to")
                      and any(g.dep_ in ("pobj", "pcomp") for g in c.children)]
            if not comps:
                continue
            c = comps[0]
            kind = c.dep_ if c.dep_ != "prep" else "prep:" + c.lower_
            if c.dep_ == "prep":
                objs = [g for g in c.children if g.dep_ in ("pobj", "pcomp")]
                a, b = objs[0].left_edge.i, objs[0].right_edge.i + 1
            else:
                a, b = c.left_edge.i, c.right_edge.i + 1
            subj = _subject(tok.head) if tok.head.i != tok.i else None
            if subj is not None and subj.lower_ in ("it", "there"):
                continue
            speaker = _speaker_range(subj) if subj is not None else None
            a, b = _trim(doc, a, b)
            sp = _char_span(doc, a, b)
            if sp is None:
                continue
            sp = _snap_to_quotes(d, sp)
            lemma = _lemma(tok)
            seg = d.text[sp.start : sp.end]
            qtype = "mixed" if any(ch in seg for ch in "“”\"") or "''" in seg else "indirect"
            raw = _Raw(speaker, _char_span(doc, tok.i, tok.i + 1), lemma, _ADJ_STANCE.get(lemma, "assert"), [sp], qtype)
            feats = ["A:bias", "A:L=" + lemma, "A:L=%s|c=%s" % (lemma, kind), "A:c=" + kind,
                     "A:subj=" + _subject_kind(doc, raw), "A:hv=" + _lemma(tok.head)]
            p = model.prob(feats)
            if self.collect is not None:
                self.collect.append((raw, feats, p))
                continue
            if p < self.settings.min_cue_prob:
                continue
            out.append(raw)
        return out

    _COLON = re.compile(r"^[^\S\n]*([\"“]?)([A-Z][\w.'’\- ]{0,40}?)[^\S\n]*:[^\S\n]+(\S[^\n]*)$", re.M)
    _COLON_STOP = frozenset(
        "update updated related photo photos getty video watch read note editor source sources "
        "via credit image images listen follow subscribe advertisement ad see also share tags "
        "q a question answer more by".split()
    )

    def _colon_cues(self, d: _Doc) -> list[_Raw]:
        text = d.text
        out = []
        for m in self._COLON.finditer(text):
            head = m.group(2).strip()
            words = head.split()
            if not words or len(words) > self.settings.max_colon_speaker_words:
                continue
            if head.lower() in self._COLON_STOP or words[0].lower() in self._COLON_STOP:
                continue
            if any(ch.isdigit() for ch in head):
                continue
            if not all(w[0].isupper() for w in words if w[0].isalpha() and w.lower() not in ("of", "the", "and", "de", "van")):
                continue
            content = m.group(3).rstrip()
            if len(re.findall(r"\w+", content)) < 3:
                continue
            colon = text.index(":", m.start(2) + len(m.group(2)))
            cs = m.start(3)
            ce = cs + len(content)
            if d.char_quote[m.start(2)] >= 0 and not m.group(1):
                continue
            if m.group(1):  # a transcript line opened with a quote mark: "WALLACE: ...
                content = content.rstrip(_QCHARS)
                ce = cs + len(content)
                k = d.char_quote[m.start(1)]
                if k >= 0:
                    d.used_quotes.add(k)
            out.append(_Raw(None, Span(colon, colon + 1), ":", "assert", [Span(cs, ce)], "direct",
                            speaker_char=Span(m.start(2), m.start(2) + len(head)), speaker_text_override=head))
        return out

    _DASH = re.compile(r"([”\"])[^\S\n]*([―—–-]{1,2})[^\S\n]*([A-Z][^\n,”“\"]{1,60}?)[^\S\n]*[.]?[^\S\n]*$", re.M)

    def _dash_cues(self, d: _Doc) -> list[_Raw]:
        text = d.text
        out = []
        for m in self._DASH.finditer(text):
            k = d.char_quote[m.start(1)]
            if k < 0 or k in d.used_quotes:
                continue
            q = d.quotes[k]
            d.used_quotes.add(k)
            name = m.group(3).strip()
            out.append(_Raw(None, Span(m.start(2), m.end(2)), "say", "assert", [Span(q.start, q.end)], "direct",
                            speaker_char=Span(m.start(3), m.start(3) + len(name)), speaker_text_override=name))
        return out

    @staticmethod
    def _lead_in(d: _Doc, qstart: int) -> int:
        """Start of the words that lead into a quote in the same sentence ("This is “...,” she said")."""
        text = d.text
        tok = None
        for t in d.doc:
            if t.idx >= qstart:
                tok = t
                break
        if tok is None:
            return qstart
        start = max(tok.sent.start_char, text.rfind("\n", 0, qstart) + 1)
        # not past another quote or a sentence end
        for k, q in enumerate(d.quotes):
            if start < q.end <= qstart:
                start = q.end
        m = None
        for m in re.finditer(r"[.!?:;][\"”’']*\s+", text[start:qstart]):
            pass
        if m is not None:
            start = start + m.end()
        seg = text[start:qstart]
        if not re.search(r"\w", seg) or "―" in seg:
            return qstart
        while start < qstart and text[start].isspace():
            start += 1
        return start

    def _continue_direct(self, d: _Doc, raws: list[_Raw]) -> None:
        """Quotes that go on after a direct attribution: "“Q1,” he said. “Q2.”", open paragraphs."""
        text = d.text
        starts = {q.start: k for k, q in enumerate(d.quotes)}
        for r in sorted(raws, key=lambda r: r.content[-1].end):
            if r.quote_type not in ("direct", "mixed") or r.clause is None:
                continue
            last = starts.get(r.content[-1].start)
            if last is None:
                # a mixed lead-in: find the quote the span ends with
                last = next((k for k, q in enumerate(d.quotes) if q.end == r.content[-1].end), None)
            if last is None:
                continue
            cs, ce = r.clause
            k = last + 1
            while k < len(d.quotes) and k not in d.used_quotes:
                prev, q = d.quotes[k - 1], d.quotes[k]
                between = text[prev.end : q.start]
                ok = False
                if q.chain == k - 1:
                    ok = True
                elif between.strip() == "" and "\n" not in between:
                    ok = True
                elif prev.end <= cs and q.start >= ce:
                    mid = text[ce : q.start]
                    if not any(c in mid for c in _QCHARS) and "\n" not in mid:
                        tail = text[q.start : max(q.start, r.sent_end)]
                        if mid.strip(" ,.;:") in ("", "but", "and") or (tail.strip(_QCHARS + " ") == "" and len(mid) < 300):
                            ok = True
                if not ok or self._has_own_cue(d, q):
                    break
                r.content.append(Span(q.start, q.end))
                d.used_quotes.add(k)
                k += 1

    @staticmethod
    def _has_own_cue(d: _Doc, q: Quote) -> bool:
        """A quote right followed by "he said" / "said X" belongs to that cue."""
        tail = d.text[q.end : q.end + 60]
        return bool(re.match(r"[^\S\n]*(?:[A-Z][\w.’']*(?: [A-Z][\w.’']*){0,3}|he|she|they|I|we) (?:\w+ )?(?:said|says|added|adds|told|asked|wrote|tweeted|continued|explained|argued|noted|insisted)\b"
                             r"|[^\S\n]*(?:said|says|added|adds|wrote|asked|continued)\b", tail))

    def _continue_quotes(self, d: _Doc, raws: list[_Raw]) -> None:
        """A paragraph that is only a quote continues the direct attribution just before it."""
        text = d.text
        by_end = sorted((r for r in raws if r.quote_type == "direct"), key=lambda r: r.content[-1].end)
        for k, q in enumerate(d.quotes):
            if k in d.used_quotes or q.words < 4:
                continue
            line_start = text.rfind("\n", 0, q.start) + 1
            if text[line_start : q.start].strip():
                continue
            line_end = text.find("\n", q.end)
            line_end = len(text) if line_end < 0 else line_end
            if text[q.end : line_end].strip(" .,"):
                continue
            prev = None
            for r in by_end:
                if r.content[-1].end <= q.start:
                    prev = r
            if prev is None:
                continue
            between = text[prev.content[-1].end : q.start]
            if between.count("\n") > 2 or self._has_own_cue(d, q):
                continue
            if len(between.strip(" .\n\t")) > 0:
                # "“Q1,” he said Monday. ⏎ “Q2.”": only the rest of the cue's sentence between
                if not (prev.clause and prev.sent_end > 0 and prev.content[-1].end <= prev.clause[0]
                        and text[prev.sent_end : q.start].strip(" .\n\t") == ""
                        and not any(c in text[prev.clause[1] : prev.sent_end] for c in _QCHARS)):
                    continue
            prev.content.append(Span(q.start, q.end))
            d.used_quotes.add(k)

    @staticmethod
    def _dedupe(raws: list[_Raw]) -> list[_Raw]:
        out: list[_Raw] = []
        seen: set[tuple] = set()
        for r in raws:
            key = tuple((s.start, s.end) for s in r.content)
            if key in seen:
                continue
            seen.add(key)
            out.append(r)
        return out

    # ---- records --------------------------------------------------------------
    def _finish(self, d: _Doc, r: _Raw, resolver: SpeakerResolver, offset: int) -> Attribution | None:
        doc, text = d.doc, d.text
        content = tuple(Span(s.start + offset, s.end + offset) for s in r.content if s.end > s.start)
        if not content:
            return None
        if r.speaker_char is not None:
            speaker = Span(r.speaker_char.start + offset, r.speaker_char.end + offset)
            speaker_text = r.speaker_text_override
            name = clean_name(speaker_text)
            person = resolver._match(name) if name else None
            speaker_name = person.name if person else name
        elif r.speaker is not None:
            a, b = r.speaker
            a, b = _trim(doc, a, b, keep_quotes=False)
            sp = _char_span(doc, a, b)
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
        verb = past_tense(r.cue_lemma) if r.cue_lemma not in (":", "according to") else "said"
        if r.cue_negated and r.cue_lemma not in (":", "according to"):
            verb = "did not " + r.cue_lemma
        claim_text = " ".join(x for x in (speaker_name, verb, norm) if x)
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

    def _article(self, text: str, atts: list[Attribution]) -> ArticleClaims:
        n = len(text)
        good = []
        for att in atts:
            if all(0 <= s.start < s.end <= n for s in att.content) and \
                    (att.speaker is None or 0 <= att.speaker.start <= att.speaker.end <= n) and \
                    (att.cue is None or 0 <= att.cue.start <= att.cue.end <= n):
                good.append(att)
        good.sort(key=lambda a: (a.start, a.end))
        from claims.atomic import split_claims  # issue 4: one claim per atomic assertion

        claims = split_claims(text, good)
        return ArticleClaims(tuple(good), claims)


_WS = re.compile(r"\s+")
_SURROGATE = re.compile("[\ud800-\udfff]")


def _one_line(s: str) -> str:
    return _WS.sub(" ", s).strip()


def _normalize_content(s: str) -> str:
    s = s.replace("``", "").replace("''", "")
    s = re.sub(r"[“”„«»\"]", "", s)
    s = _one_line(s)
    s = re.sub(r"^(?:that|which|what)\s+", "", s, flags=re.I)
    return s.rstrip(" ,;:")


def _content_negated(d: "_Doc", spans: list[Span]) -> bool:
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
    try:
        from claims.quantities import parse_quantities
    except Exception:
        return ()
    out: list[Quantity] = []
    for s in spans:
        try:
            out.extend(parse_quantities(text[s.start : s.end], offset=s.start + offset))
        except Exception as err:
            log.debug("quantities failed: %s", err)
    return tuple(out)
