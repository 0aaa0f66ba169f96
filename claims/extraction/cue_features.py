"""Features of cue candidates for the trained cue model (claims/data/cue_model.json): the cue word,
the construction, the speaker's kind; never a person's name."""
from __future__ import annotations

import re

from claims.extraction.cues import CLAUSE_ONLY, NOUN_CUES, OBJECT_CONTENT, VERB_CUES
from claims.extraction.parsed import ParsedText
from claims.model import Span
from claims.nlp import lemma as _lemma

_PRON = frozenset("i you he she we they it who which that one someone everyone".split())


def subject_kind(doc, raw) -> str:
    """The speaker's kind as a feature: none, a pronoun, an entity type, a proper or common noun."""
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


def word_feature(tok, lemma: bool = True) -> str:
    """A word as a model feature, but never a name: names would only teach the model the
    training corpus's people ("subjL=zimmerman"), which says nothing about other news."""
    if tok.pos_ == "PROPN" or tok.ent_type_ in ("PERSON", "ORG", "GPE", "NORP", "FAC", "LOC") \
            or (tok.is_title and tok.i > tok.sent.start and not tok.is_stop):
        return "<" + (tok.ent_type_ or "NAME") + ">"
    if tok.like_num:
        return "<NUM>"
    return _lemma(tok) if lemma else tok.lower_


def verb_features(d: ParsedText, v, raw, quote_ids) -> list[str]:
    """Feature strings of a verb candidate: its lemma and lexicon entries, the construction, the speaker."""
    doc = d.doc
    lemma = _lemma(v)
    deps = sorted({c.dep_ for c in v.children if c.dep_ in ("ccomp", "xcomp", "dobj", "dative", "oprd", "attr", "prep", "agent", "advcl", "neg", "auxpass", "nsubjpass")})
    comp = "+".join(deps) or "-"
    subj = subject_kind(doc, raw)
    subj_lemma = word_feature(doc[raw.speaker[0] : raw.speaker[1]].root) if raw.speaker else "-"
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
    prev_w = word_feature(doc[v.i - 1], lemma=False) if v.i > 0 else "<s>"
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


def noun_features(d: ParsedText, tok, raw, prep: str, speaker_kind: str, head_verb: str, n_tokens: int) -> list[str]:
    """Feature strings of a noun candidate ("his claim that ...", "criticism of ...")."""
    lemma = raw.cue_lemma
    clen = "1" if n_tokens <= 1 else "2-3" if n_tokens <= 3 else "4-8" if n_tokens <= 8 else "9+"
    return ["N:bias", "N:L=" + lemma, "N:L=%s|prep=%s" % (lemma, prep), "N:prep=" + prep,
            "N:spk=" + speaker_kind, "N:L=%s|spk=%s" % (lemma, speaker_kind), "N:hv=" + head_verb,
            "N:dep=" + tok.dep_, "N:clen=" + clen, "N:lex=%s" % (lemma in NOUN_CUES),
            "N:subj=" + subject_kind(d.doc, raw), "N:qt=" + raw.quote_type]


def adjective_features(d: ParsedText, tok, raw, kind: str) -> list[str]:
    """Feature strings of an adjective candidate ("confident that ...", "critical of ...")."""
    lemma = raw.cue_lemma
    return ["A:bias", "A:L=" + lemma, "A:L=%s|c=%s" % (lemma, kind), "A:c=" + kind,
            "A:subj=" + subject_kind(d.doc, raw), "A:hv=" + _lemma(tok.head)]
