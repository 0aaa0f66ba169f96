"""Cues that are not verbs: "according to X", "in a new poll", noun cues ("his claim that ..."),
adjective cues ("X is confident that ..."), colon cues ("PENCE: ..."), dash cues ("“...” ― Name")."""
from __future__ import annotations

import re

from claims.extraction.cue_features import adjective_features, noun_features
from claims.extraction.cues import ADJECTIVE_CUES, NOUN_CUES
from claims.extraction.parsed import (
    Candidate,
    CueScorer,
    ParsedText,
    char_span,
    cue_subject,
    snap_to_quotes,
    speaker_range,
    trim_tokens,
)
from claims.extraction.quotes import QUOTE_CHARS
from claims.model import Span
from claims.nlp import lemma as _lemma
from claims.text import lexicon_words


def according_to_cues(d: ParsedText) -> list[Candidate]:
    """"According to X, ...": X is the speaker, the rest of the sentence the content."""
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
            x, y = trim_tokens(doc, x, y)
            sp = char_span(doc, x, y)
            if sp is not None and len(re.findall(r"\w+", d.text[sp.start:sp.end])) >= 2:
                spans.append(sp)
        if not spans:
            continue
        out.append(Candidate((sa, sb), char_span(doc, tok.i, nxt.i + 1), "according to", "assert", spans, "indirect"))
    return out


_NOUN_PREPS = lexicon_words("noun_cue_prepositions")

_SOURCE_NOUNS = lexicon_words("source_nouns")


def source_cues(d: ParsedText) -> list[Candidate]:
    """"In a new poll, 75 percent said ...", "X leads in the latest survey": the poll is the source."""
    doc = d.doc
    out = []
    for tok in doc:
        if tok.lower_ != "in" or tok.dep_ != "prep" or tok.i != tok.sent.start or d.in_quote(tok):
            continue
        pobj = [c for c in tok.children if c.dep_ == "pobj"]
        if not pobj or pobj[0].lower_ not in _SOURCE_NOUNS:
            continue
        sa, sb = pobj[0].left_edge.i, pobj[0].right_edge.i + 1
        sent = tok.sent
        spans = []
        for x, y in ((sent.start, tok.i), (sb, sent.end)):
            x, y = trim_tokens(doc, x, y)
            sp = char_span(doc, x, y)
            if sp is not None and len(re.findall(r"\w+", d.text[sp.start : sp.end])) >= 2:
                spans.append(sp)
        if spans:
            out.append(Candidate((sa, sb), char_span(doc, tok.i, tok.i + 1), tok.lower_, "assert", spans, "indirect"))
    return out


def noun_cues(d: ParsedText, scorer: CueScorer) -> list[Candidate]:
    """Noun cues: "his claim that ...", "Trump's criticism of ...", "voiced support for ..."."""
    doc = d.doc
    out = []
    for tok in doc:
        if tok.pos_ != "NOUN" or d.in_quote(tok):
            continue
        lemma = _lemma(tok)
        if lemma in ("interview", "speech", "tweet", "post", "according"):
            continue
        if not scorer.open and lemma not in NOUN_CUES:
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
            subj = cue_subject(tok.head)
            if subj is not None and subj.lower_ not in ("it", "there"):
                speaker, spk_kind = speaker_range(subj), "verb"
        prep = "-"
        if that:
            c = that[0]
            a, b = c.left_edge.i, c.right_edge.i + 1
            prep = "that"
        else:
            if not scorer.open:
                continue
            preps = [c for c in tok.rights if c.dep_ == "prep" and c.lower_ in _NOUN_PREPS
                     and any(g.dep_ in ("pobj", "pcomp") for g in c.children)]
            if not preps or speaker is None:
                continue
            prep = preps[0].lower_
            objs = [g for g in preps[0].children if g.dep_ in ("pobj", "pcomp")]
            a, b = objs[0].left_edge.i, objs[0].right_edge.i + 1
            if speaker[0] <= a < speaker[1]:
                continue
        a, b = trim_tokens(doc, a, b)
        sp = char_span(doc, a, b)
        if sp is None:
            continue
        sp = snap_to_quotes(d, sp)
        seg = d.text[sp.start : sp.end]
        qtype = "mixed" if any(ch in seg for ch in "“”\"") or "''" in seg else "indirect"
        raw = Candidate(speaker, char_span(doc, tok.i, tok.i + 1), lemma, NOUN_CUES.get(lemma, "assert"), [sp], qtype)
        if scorer.open and not scorer.keep(raw, noun_features(d, tok, raw, prep, spk_kind, head_verb, b - a)):
            continue
        out.append(raw)
    return out


def adjective_cues(d: ParsedText, scorer: CueScorer) -> list[Candidate]:
    """Adjective cues: "X is confident that ...", "X was critical of ...", "X is worried about ..."."""
    doc = d.doc
    out: list[Candidate] = []
    if not scorer.open:
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
        subj = cue_subject(tok.head) if tok.head.i != tok.i else None
        if subj is not None and subj.lower_ in ("it", "there"):
            continue
        speaker = speaker_range(subj) if subj is not None else None
        a, b = trim_tokens(doc, a, b)
        sp = char_span(doc, a, b)
        if sp is None:
            continue
        sp = snap_to_quotes(d, sp)
        lemma = _lemma(tok)
        seg = d.text[sp.start : sp.end]
        qtype = "mixed" if any(ch in seg for ch in "“”\"") or "''" in seg else "indirect"
        raw = Candidate(speaker, char_span(doc, tok.i, tok.i + 1), lemma, ADJECTIVE_CUES.get(lemma, "assert"), [sp], qtype)
        if not scorer.keep(raw, adjective_features(d, tok, raw, kind)):
            continue
        out.append(raw)
    return out


_COLON = re.compile(r"^[^\S\n]*([\"“]?)([A-Z][\w.'’\- ]{0,40}?)[^\S\n]*:[^\S\n]+(\S[^\n]*)$", re.M)
_COLON_STOP = lexicon_words("colon_not_speakers")


def colon_cues(d: ParsedText) -> list[Candidate]:
    """Transcript lines "PENCE: ..." and labels "Poll: ...": the words before the colon speak."""
    text = d.text
    out = []
    for m in _COLON.finditer(text):
        head = m.group(2).strip()
        words = head.split()
        if not words or len(words) > d.settings.max_colon_speaker_words:
            continue
        if head.lower() in _COLON_STOP or words[0].lower() in _COLON_STOP:
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
            content = content.rstrip(QUOTE_CHARS)
            ce = cs + len(content)
            k = d.char_quote[m.start(1)]
            if k >= 0:
                d.used_quotes.add(k)
        out.append(Candidate(None, Span(colon, colon + 1), ":", "assert", [Span(cs, ce)], "direct",
                        speaker_char=Span(m.start(2), m.start(2) + len(head)), speaker_text_override=head))
    return out


_DASH = re.compile(r"([”\"])[^\S\n]*([―—–-]{1,2})[^\S\n]*([A-Z][^\n,”“\"]{1,60}?)[^\S\n]*[.]?[^\S\n]*$", re.M)


def dash_cues(d: ParsedText) -> list[Candidate]:
    """A quote signed after a dash: "“...” ― Name"."""
    text = d.text
    out = []
    for m in _DASH.finditer(text):
        k = d.char_quote[m.start(1)]
        if k < 0 or k in d.used_quotes:
            continue
        q = d.quotes[k]
        d.used_quotes.add(k)
        name = m.group(3).strip()
        out.append(Candidate(None, Span(m.start(2), m.end(2)), "say", "assert", [Span(q.start, q.end)], "direct",
                        speaker_char=Span(m.start(3), m.start(3) + len(name)), speaker_text_override=name))
    return out
