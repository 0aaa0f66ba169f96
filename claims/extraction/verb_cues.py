"""Verb cues: "Putin rejected the proposal", "she said that ...", "“Q,” he said", "X, who argued ..."."""
from __future__ import annotations

import re

from claims.extraction.cue_features import verb_features
from claims.extraction.cues import CLAUSE_ONLY, CUE_PARTICLES, OBJECT_CONTENT, VERB_CUES
from claims.extraction.parsed import (
    Candidate,
    CueScorer,
    ParsedText,
    char_span,
    cue_subject,
    cut_trailing_adjuncts,
    cut_trailing_relative,
    snap_to_quotes,
    speaker_range,
    strip_unbalanced,
    trim_tokens,
)
from claims.extraction.quotes import QUOTE_CHARS
from claims.model import Span
from claims.nlp import lemma as _lemma
from claims.text import lexicon_words

_SUBJ = ("nsubj", "nsubjpass", "csubj")
_CONTENT_DEPS = ("ccomp", "xcomp", "dobj", "oprd", "dative", "attr", "obj")
_OBJECT_PREPS = lexicon_words("object_prepositions")
_PARATAXIS_CUES = lexicon_words("parataxis_cues")


def verb_cues(d: ParsedText, scorer: CueScorer) -> list[Candidate]:
    """Verb cues in text order; a kept candidate claims its quotes before later ones look."""
    out: list[Candidate] = []
    for v in d.doc:
        if v.pos_ != "VERB" or d.in_quote(v):
            continue
        cand = verb_candidate(d, v, generic=scorer.open)
        if cand is None:
            continue
        raw, quote_ids = cand
        if scorer.open and not scorer.keep(raw, verb_features(d, v, raw, quote_ids)):
            continue
        for k in quote_ids:
            d.used_quotes.add(k)
        out.append(raw)
    return out


def verb_candidate(d: ParsedText, v, generic: bool = False) -> tuple[Candidate, list[int]] | None:
    """The attribution a verb would head: speaker, cue, content (None when it has no content)."""
    doc, text = d.doc, d.text
    lemma = _lemma(v)
    in_lex = lemma in VERB_CUES
    if not in_lex and not generic:
        return None
    stance = VERB_CUES.get(lemma, "assert")
    if v.dep_ == "amod" or v.tag_ == "VBN" and v.dep_ in ("acl",) and not any(c.dep_ == "agent" for c in v.children):
        return None
    subj = cue_subject(v)
    speaker = None
    if subj is not None:
        if subj.lower_ == "there":
            return None
        a, b = speaker_range(subj)
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
    cue = char_span(doc, v.i, cue_end)
    quote_ids = _attached_quotes(d, v, speaker)
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
                cue = char_span(doc, v.i, cue_end)
                lemma_text = f"{lemma} {child.lower_}"
                comp.extend(c for c in child.children if c.dep_ in ("pobj", "pcomp"))
            else:
                comp.append(child)
    if quote_ids and len(quote_ids) == 1:
        # "he said “budget reforms” would pay for it": a quoted fragment inside a longer clause
        q = d.quotes[quote_ids[0]]
        clause = d.clause.get(v.i)
        sent_end = v.sent[-1].idx + len(v.sent[-1].text)
        inner = text[q.start : q.end].rstrip(QUOTE_CHARS + " ")
        if clause and q.start >= clause[1] and q.end < sent_end and re.match(r"[^\S\n]*[\w(]", text[q.end : sent_end]) \
                and not inner.endswith((",", ".", "?", "!", ":", ";", "—")):
            quote_ids = []
    if quote_ids and not any(not _inside_quotes(d, c, quote_ids) and c.dep_ in ("ccomp",) for c in clausal):
        spans = [Span(d.quotes[k].start, d.quotes[k].end) for k in quote_ids]
        qtype = "direct"
        first = spans[0]
        clause = d.clause.get(v.i)
        if clause and first.end <= clause[0]:
            lead = _lead_in(d, first.start)
            if lead < first.start:
                spans[0] = Span(lead, first.end)
                qtype = "mixed"
        sent_end = v.sent[-1].idx + len(v.sent[-1].text)
        cue_neg = any(c.dep_ == "neg" for c in v.children)
        return (Candidate(speaker, cue, lemma_text, stance, spans, qtype, negated=cue_neg,
                     clause=clause, sent_end=sent_end, cue_negated=cue_neg), quote_ids)
    if not clausal and not generic and (lemma in CLAUSE_ONLY or lemma not in OBJECT_CONTENT):
        if not (lemma in ("say", "tell", "add", "write", "ask", "argue") and comp):
            comp = []
    if not comp:
        if v.dep_ == "parataxis" and speaker is not None and (generic or lemma in _PARATAXIS_CUES):
            raw = _parataxis(d, v, speaker, cue, lemma_text)
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
            and d.settings.object_content_to_clause_end:
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
    b = cut_trailing_adjuncts(doc, comp, a, b)
    b = cut_trailing_relative(doc, a, b)
    pieces = [(a, b)]
    if a <= v.i < b:
        # the cue sits inside its own content: "The benefit, it says, would be $300" and
        # "which he said were ...": the content is the part before and the part after
        cut_lo = min(v.i, speaker[0]) if speaker else v.i
        cut_hi = max(cue_end, speaker[1]) if speaker else cue_end
        pieces = [(a, cut_lo), (cut_hi, b)] if cut_lo > a else [(cut_hi, b)]
    spans = []
    for x, y in pieces:
        x, y = trim_tokens(doc, x, y)
        sp = char_span(doc, x, y)
        if sp is None:
            continue
        sp = strip_unbalanced(text, sp)
        if sp.end <= sp.start:
            continue
        spans.append(snap_to_quotes(d, sp))
    if not spans:
        return None
    seg = " ".join(text[sp.start : sp.end] for sp in spans)
    qtype = "mixed" if any(ch in seg for ch in "“”\"") or "''" in seg else "indirect"
    neg = any(c.dep_ == "neg" for c in v.children)
    for c in comp:
        if c.dep_ in ("ccomp", "xcomp") and any(g.dep_ == "neg" for g in c.children):
            neg = True
    return Candidate(speaker, cue, lemma_text, stance, spans, qtype, negated=neg,
                cue_negated=any(c.dep_ == "neg" for c in v.children)), []


def _parataxis(d: ParsedText, v, speaker, cue, lemma_text) -> Candidate | None:
    """"The economy, he said, is growing": the content is the host clause around the cue."""
    doc = d.doc
    host = v.head
    sent = v.sent
    lo, hi = v.left_edge.i, v.right_edge.i + 1
    a, b = host.left_edge.i, host.right_edge.i + 1
    a, b = max(a, sent.start), min(b, sent.end)
    spans = []
    for x, y in ((a, lo), (hi, b)):
        x, y = trim_tokens(doc, x, y)
        sp = char_span(doc, x, y)
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
        return Candidate(speaker, cue, lemma_text, VERB_CUES.get(lemma_text.split(" ")[0], "assert"), quoted, "direct")
    return Candidate(speaker, cue, lemma_text, VERB_CUES.get(lemma_text.split(" ")[0], "assert"), spans, "indirect")


def _inside_quotes(d: ParsedText, tok, quote_ids) -> bool:
    """Whether the subtree of ``tok`` lies within the quotes ``quote_ids`` (and touches one)."""
    ks = {d.tok_quote[t.i] for t in tok.subtree}
    return ks <= set(quote_ids) | {-1} and any(k in quote_ids for k in ks)


def _attached_quotes(d: ParsedText, v, speaker) -> list[int]:
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
    subj = cue_subject(v)
    if subj is not None and subj.head.i == v.i:
        r = subj.right_edge.i
        if r > hi and not any(d.tok_quote[t.i] >= 0 for t in doc[hi : r + 1]):
            hi = r
    start_c = doc[lo].idx
    end_c = doc[hi].idx + len(doc[hi].text)
    colon_after = text[end_c : end_c + 3].lstrip(" ").startswith(":")
    gap = d.settings.max_quote_gap_chars
    found: list[int] = []
    # quote ending right before the clause
    for k in range(len(d.quotes) - 1, -1, -1):
        q = d.quotes[k]
        if q.end <= start_c:
            between = text[q.end : start_c]
            if len(between.strip(" ,.—–-:;")) == 0 and len(between) <= gap + 2 and "\n" not in between:
                inner = text[q.start : q.end].rstrip(QUOTE_CHARS + " ")
                own = any(c.dep_ in ("dobj", "ccomp", "xcomp", "oprd") and c.i > v.i and d.tok_quote[c.i] < 0
                          for c in v.children)
                # "... “Lyin' Ted.” Trump called the senator ...": a finished quote before a verb with its own object
                if inner.endswith(".") and own:
                    break
                if q.words >= d.settings.min_quote_words and k not in d.used_quotes:
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
                if q.words >= d.settings.min_quote_words and k not in d.used_quotes:
                    found.append(k)
            break
    d.clause[v.i] = (start_c, end_c)
    return sorted(set(found))


def _lead_in(d: ParsedText, qstart: int) -> int:
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
