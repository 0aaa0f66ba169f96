#!/usr/bin/env python3
"""Experiment: a CRF for the edges of reported contents, against the rules. Not shipped: it lost.

The rules find a cue and a first guess at its content (the complement's subtree). A CRF
(python-crfsuite) reads the tokens of the cue's sentence with that guess as features (and the
parse, the cue's position, the speaker; names never) and tags each token In or Out; runs of In
become the content. Trained on PolNeAR train (candidates whose cue an annotator marked, labelled
with that annotator's content), scored on dev with the shipped cue model.

Measured (dev, first annotator; cue model and rules as shipped), rules / CRF / CRF clipped to the
rule tokens (it may trim, not extend):
  claim F1 0.7521 / 0.7421 / 0.7540, full 0.6933 / 0.6841 / 0.6950, exact 0.5827 / 0.5557 / 0.5742,
  speaker accuracy 0.9285 / 0.9308 / 0.9292.
Left free, the CRF runs contents on into the next clause of the sentence (an earlier run: of 282
contents it changed, 50 became exact and 108 stopped being exact). Clipped, it gains 0.002 claim
F1 and loses 0.009 exact F1. The rules stay; the tagger is not shipped.

Usage: pip install python-crfsuite; python bench/content_crf.py [--cache DIR]
"""
from __future__ import annotations

import os
import re
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from train_models import corpus_parser, gold_of, parsed, score_dev, toks  # noqa: E402

from claims.extraction.cue_features import word_feature  # noqa: E402
from claims.extraction.extractor import Extractor, ExtractSettings  # noqa: E402
from claims.extraction.parsed import (  # noqa: E402
    ParsedText,
    char_span,
    snap_to_quotes,
    strip_unbalanced,
    trim_tokens,
)
from claims.model import Span  # noqa: E402

#: Tokens a window may hold; longer sentences keep the rules' content.
MAX_WINDOW = 120


def _bucket(n: int) -> str:
    n = abs(n)
    return str(n) if n <= 3 else "4-6" if n <= 6 else "7-12" if n <= 12 else "13+"


def window(doc, cue_tok, content: list[Span]) -> tuple[int, int]:
    """Token range the tagger reads: the cue's sentence, stretched over the rule content."""
    sent = cue_tok.sent
    a, b = sent.start, sent.end
    for sp in content:
        span = doc.char_span(sp.start, sp.end, alignment_mode="expand")
        if span is not None:
            a, b = min(a, span.start), max(b, span.end)
    return a, b


def features(doc, a: int, b: int, cue: tuple[int, int], speaker: tuple[int, int] | None,
             rule_toks: set[int], quote_of, word_feature) -> list[list[str]]:
    """Feature strings of each token in doc[a:b] for one candidate attribution."""
    ca, cb = cue
    cue_tok = doc[ca]
    cue_sub = {t.i for t in cue_tok.subtree}
    anc = {t.i for t in cue_tok.ancestors}
    rows: list[list[str]] = []
    for i in range(a, b):
        t = doc[i]
        if ca <= i < cb:
            rel = "cue"
        elif i < ca:
            rel = "before"
        else:
            rel = "after"
        dist = _bucket(i - ca if i < ca else i - cb + 1)
        rule = "R" if i in rule_toks else "-"
        rule_edge = ("Rb" if i in rule_toks and (i - 1) not in rule_toks else
                     "Re" if i in rule_toks and (i + 1) not in rule_toks else
                     "Ro" if (i - 1) in rule_toks and i not in rule_toks else "")
        spk = "S" if speaker and speaker[0] <= i < speaker[1] else "-"
        tree = "sub" if i in cue_sub else "anc" if i in anc else "out"
        head_rel = "cuechild" if t.head.i == ca and i != ca else ("cuehead" if cue_tok.head.i == i else "")
        w = word_feature(t, lemma=False)
        q = "Q" if quote_of(t) else "-"
        f = [
            "b", "w=" + w, "p=" + t.pos_, "t=" + t.tag_, "d=" + t.dep_, "rel=" + rel, "dist=" + rel + dist,
            "rule=" + rule, "re=" + rule_edge, "spk=" + spk, "tree=" + tree, "hr=" + head_rel, "q=" + q,
            "rule|rel=%s|%s" % (rule, rel), "rule|d=%s|%s" % (rule, t.dep_), "rule|tree=%s|%s" % (rule, tree),
            "hd=" + t.head.dep_, "hrule=" + ("R" if t.head.i in rule_toks else "-"),
            "punct=%d" % t.is_punct, "sstart=%d" % (i == t.sent.start),
        ]
        if rule_edge:
            f.append("re|w=%s|%s" % (rule_edge, w))
            f.append("re|d=%s|%s" % (rule_edge, t.dep_))
        for k, name in ((-1, "L"), (1, "N"), (-2, "LL"), (2, "NN")):
            j = i + k
            if a <= j < b:
                u = doc[j]
                f.append(name + "w=" + word_feature(u, lemma=False))
                f.append(name + "p=" + u.pos_)
                f.append(name + "rule=" + ("R" if j in rule_toks else "-"))
                if abs(k) == 1:
                    f.append(name + "d=" + u.dep_)
                    f.append("%srule|rule=%s|%s" % (name, "R" if j in rule_toks else "-", rule))
            else:
                f.append(name + "=<edge>")
        rows.append(f)
    return rows


def labels_to_spans(doc, a: int, labels: list[str]) -> list[tuple[int, int]]:
    """Token ranges of the runs of "I" (a "B" starts a new run)."""
    out: list[tuple[int, int]] = []
    start = None
    for k, lab in enumerate(labels):
        i = a + k
        if lab == "B" or (lab == "I" and start is None):
            if start is not None:
                out.append((start, i))
            start = i
        elif lab == "O" and start is not None:
            out.append((start, i))
            start = None
    if start is not None:
        out.append((start, a + len(labels)))
    return out


def crf_sequences(names, docs, anns, nlp):
    """(feature rows, gold labels) for every reported-content candidate whose cue an annotator marked."""
    ex = Extractor(ExtractSettings(use_model=False), nlp=nlp)
    for name, doc in zip(names, docs):
        text = doc.text
        golds = [(g, toks(text, g["content"]), {c for s, e in g["cue"] for c in range(s, e)})
                 for g in anns.get(name, [])]
        d = ParsedText(doc, ex.settings)
        seen = set()
        for raw in (found.candidate for found in ex.cue_candidates(doc)):
            if raw.clause is not None or raw.cue is None:
                continue  # contents taken from quote marks keep the quote's edges
            key = (raw.cue.start, tuple((s.start, s.end) for s in raw.content))
            if key in seen:
                continue
            seen.add(key)
            got = content_rows(d, raw)
            if got is None:
                continue
            a, rows = got
            cue = set(range(raw.cue.start, raw.cue.end))
            pt = toks(text, [(s.start, s.end) for s in raw.content])
            best, best_d = None, -1.0
            for g, gt, gc in golds:
                if not (gc & cue) or not gt:
                    continue
                dc = 2 * len(pt & gt) / (len(pt) + len(gt)) if pt else 0.0
                if dc > best_d:
                    best, best_d = g, dc
            if best is None:
                continue
            labels = []
            prev_piece = None
            for k in range(len(rows)):
                t = doc[a + k]
                piece = next((n for n, (s, e) in enumerate(best["content"]) if s <= t.idx < e), None)
                if piece is None:
                    labels.append("O")
                else:
                    labels.append("I" if piece == prev_piece else "B")
                prev_piece = piece
            if "B" not in labels:
                continue
            yield rows, labels


def train_crf(seqs, path: str, c1: float, c2: float, iterations: int) -> None:
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    for rows, labels in seqs:
        trainer.append(rows, labels)
    trainer.set_params({"c1": c1, "c2": c2, "max_iterations": iterations, "feature.possible_transitions": True,
                        "feature.minfreq": 2})
    trainer.train(path)


def content_rows(d, raw):
    """(first token, feature rows) of the tagger's window for a candidate, or None."""
    if raw.cue is None or raw.quote_type == "direct" or not raw.content:
        return None
    doc = d.doc
    cspan = doc.char_span(raw.cue.start, raw.cue.end, alignment_mode="expand")
    if cspan is None or not len(cspan):
        return None
    a, b = window(doc, cspan[0], raw.content)
    if b - a > MAX_WINDOW:
        return None
    rule_toks = {t.i for sp in raw.content for t in doc[a:b] if sp.start <= t.idx < sp.end}
    rows = features(doc, a, b, (cspan.start, cspan.end), raw.speaker, rule_toks,
                    lambda t: d.tok_quote[t.i] >= 0, word_feature)
    return a, rows


class CrfExtractor(Extractor):
    """The extractor with every reported (not quoted) content's edges redrawn by the CRF."""

    tagger = None
    clip = False  # keep only tokens the rules had (the CRF may trim, not extend)

    def candidates(self, d):
        raws = super().candidates(d)
        for raw in raws:
            if raw.clause is None and raw.speaker_char is None:
                self._refine(d, raw)
        return raws

    def _refine(self, d, raw):
        got = content_rows(d, raw)
        if got is None:
            return
        a, rows = got
        doc, text = d.doc, d.text
        labels = list(self.tagger.tag(rows))
        if self.clip:
            rule = [any(sp.start <= doc[a + k].idx < sp.end for sp in raw.content) for k in range(len(rows))]
            labels = [lab if r else "O" for lab, r in zip(labels, rule)]
            if sum(lab != "O" for lab in labels) < 0.5 * sum(rule):
                return
        spans = []
        for x, y in labels_to_spans(doc, a, labels):
            x, y = trim_tokens(doc, x, y)
            sp = char_span(doc, x, y)
            if sp is None or not re.search(r"\w", text[sp.start : sp.end]):
                continue
            sp = strip_unbalanced(text, sp)
            if sp.end > sp.start:
                spans.append(snap_to_quotes(d, sp))
        if spans:
            raw.content = spans


def main() -> int:
    import pycrfsuite

    ap = corpus_parser(__doc__)
    ap.add_argument("--c1", type=float, default=0.05)
    ap.add_argument("--c2", type=float, default=0.01)
    ap.add_argument("--iterations", type=int, default=150)
    args = ap.parse_args()
    from claims.nlp import load_nlp

    nlp = load_nlp()
    names, docs = parsed(args.train, args.cache, nlp)
    seqs = list(crf_sequences(names, docs, gold_of(args.train), nlp))
    print(f"{len(seqs)} sequences, {sum(len(r) for r, _ in seqs)} tokens", file=sys.stderr)
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "content.crfsuite")
        train_crf(seqs, path, args.c1, args.c2, args.iterations)
        tagger = pycrfsuite.Tagger()
        tagger.open(path)
        dev_names, dev_docs = parsed(args.dev, args.cache, nlp)
        for label, ex in (("rules", Extractor(nlp=nlp)), ("crf", CrfExtractor(nlp=nlp)), ("crf clipped", CrfExtractor(nlp=nlp))):
            if isinstance(ex, CrfExtractor):
                ex.tagger, ex.clip = tagger, label.endswith("clipped")
            s = score_dev(args.dev, dev_names, dev_docs, ex)
            print(f"{label:12s} claim F1 {s['claim']['f1']:.4f}  full {s['full']['f1']:.4f}  exact {s['exact']['f1']:.4f}  "
                  f"speaker {s['speaker_acc']:.4f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
