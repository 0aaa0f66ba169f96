#!/usr/bin/env python3
"""Train the extractor's models on PolNeAR train and write them as package data.

Writes claims/data/cue_model.json (logistic scorer of cue candidates) and its model card
claims/data/cue_model.md (training data, command, seed, date, dev scores, sha256). Other
learners were measured against it on dev and lost (bench/content_crf.py: a CRF for content
edges; a gradient-boosted cue scorer); see the card.

Every verb, noun and adjective that could head an attribution becomes a candidate through
the same rules the extractor uses (speaker, cue, content); a candidate is positive when some
annotator's attribution has the same cue (overlapping characters) and a content whose word
tokens overlap it with Dice >= 0.5 (the scorer's claim match). A logistic model over feature
strings (claims.extraction.cue_features: verb, noun and adjective templates) is fitted with AdaGrad
and L2; features seen fewer than --min-count times are dropped. No feature names a person:
speaker and neighbour words that are names become their entity type (claims.extraction.cue_features.word_feature).

Reproducible: same data, same seed -> the same model bytes (the card's date and dev scores
are the only lines that change). Dev is used only to report scores, never to fit.

Usage:
  python bench/train_models.py [--train ../shared/data/polnear/train] [--dev ../shared/data/polnear/dev]
                               [--cache DIR] [--seed 13]

Parsing train takes several minutes on one core; --cache DIR keeps the parses (DocBin) there.
"""
from __future__ import annotations

import argparse
import datetime as _dt
import glob
import hashlib
import importlib.util
import json
import math
import os
import random
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from claims.extraction.chunks import break_long_runs  # noqa: E402
from claims.extraction.extractor import Extractor, ExtractSettings  # noqa: E402
from claims.extraction.wire import mask_furniture  # noqa: E402
from claims.nlp import load_nlp  # noqa: E402

WORD = re.compile(r"\w+")
SHARED = ROOT.parent / "shared"
DATA = ROOT / "claims" / "data"


def parse_ann(path: str) -> list[dict]:
    """Attribution relations of one brat file (cue and content character spans)."""
    spans: dict[str, list[tuple[int, int]]] = {}
    rels = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            parts = line.rstrip("\n").split("\t")
            if line.startswith("T") and len(parts) >= 2:
                head = parts[1].split(" ", 1)
                if len(head) == 2:
                    try:
                        spans[parts[0]] = [tuple(map(int, s.split())) for s in head[1].split(";")]
                    except ValueError:
                        pass
            elif line.startswith("E") and len(parts) >= 2:
                rels.append(parts[1].split())
    out = []
    for args in rels:
        rel: dict[str, list] = {"cue": [], "content": [], "speaker": []}
        for arg in args:
            role, _, tid = arg.partition(":")
            role = role.rstrip("0123456789")
            key = {"Cue": "cue", "Content": "content", "Source": "speaker"}.get(role)
            if key and tid in spans:
                rel[key].extend(spans[tid])
        if rel["content"]:
            out.append(rel)
    return out


def toks(text: str, spans) -> set[int]:
    return {m.start() for s, e in spans for m in WORD.finditer(text, s, e)}


def label(text: str, raw, gold: list[dict]) -> int:
    pt = toks(text, [(s.start, s.end) for s in raw.content])
    if not pt:
        return 0
    cue = set(range(raw.cue.start, raw.cue.end)) if raw.cue else set()
    for g in gold:
        gt = g["toks"]
        if not (pt & gt):
            continue
        if 2 * len(pt & gt) / (len(pt) + len(gt)) >= 0.5 and (not g["cue"] or cue & g["cue"]):
            return 1
    return 0


def parsed(split_dir: str, cache: str | None, nlp) -> tuple[list[str], list]:
    """(names, docs) of a split's texts, parsed once (and cached as a DocBin when asked)."""
    from spacy.tokens import DocBin

    files = sorted(glob.glob(os.path.join(split_dir, "text", "*.txt")))
    names = [os.path.basename(f)[:-4] for f in files]
    path = None
    if cache:
        os.makedirs(cache, exist_ok=True)
        path = os.path.join(cache, os.path.basename(os.path.normpath(split_dir)) + ".spacy")
    if path and os.path.exists(path):
        docs = list(DocBin().from_disk(path).get_docs(nlp.vocab))
        if len(docs) == len(names):
            return names, docs
    texts = [break_long_runs(mask_furniture(open(f, encoding="utf-8").read())) for f in files]
    docs = list(nlp.pipe(texts, batch_size=16))
    if path:
        db = DocBin(store_user_data=False)
        for d in docs:
            db.add(d)
        db.to_disk(path)
    return names, docs


def gold_of(split_dir: str) -> dict[str, list[dict]]:
    anns = defaultdict(list)
    for ann in sorted(glob.glob(os.path.join(split_dir, "attributions", "*.ann"))):
        stem = os.path.basename(ann)[:-4].rpartition("_")[0]
        anns[stem].extend(parse_ann(ann))
    return anns


def candidates(names, docs, anns, nlp):
    """(document, features, label) of every cue candidate the rules build, with no model deciding."""
    ex = Extractor(ExtractSettings(use_model=False), nlp=nlp)
    for name, doc in zip(names, docs):
        gold = [{"toks": toks(doc.text, g["content"]), "cue": {c for s, e in g["cue"] for c in range(s, e)}}
                for g in anns.get(name, [])]
        for found in ex.cue_candidates(doc):
            yield name, found.features, label(doc.text, found.candidate, gold)


def train_logistic(data, epochs: int, l2: float, lr: float, min_count: int, seed: int):
    counts = Counter(f for _, feats, _ in data for f in feats)
    keep = {f for f, c in counts.items() if c >= min_count}
    w: dict[str, float] = defaultdict(float)
    g2: dict[str, float] = defaultdict(lambda: 1e-8)
    bias, gb = 0.0, 1e-8
    rng = random.Random(seed)
    order = list(range(len(data)))
    for epoch in range(epochs):
        rng.shuffle(order)
        loss = 0.0
        for i in order:
            _, feats, y = data[i]
            fs = [f for f in feats if f in keep]
            z = bias + sum(w[f] for f in fs)
            p = 1 / (1 + math.exp(-max(-30, min(30, z))))
            loss -= math.log(p + 1e-12) if y else math.log(1 - p + 1e-12)
            g = p - y
            gb += g * g
            bias -= lr * g / math.sqrt(gb)
            for f in fs:
                grad = g + l2 * w[f]
                g2[f] += grad * grad
                w[f] -= lr * grad / math.sqrt(g2[f])
        print(f"epoch {epoch + 1}: loss {loss / len(data):.4f}", file=sys.stderr)
    return {f: round(v, 4) for f, v in sorted(w.items()) if abs(v) >= 1e-3}, round(bias, 4)


def model_json(obj: dict) -> bytes:
    """Canonical bytes: sorted keys, one weight per line (readable diffs), a final newline."""
    return (json.dumps(obj, sort_keys=True, indent=1, ensure_ascii=False) + "\n").encode("utf-8")


def score_dev(dev_dir: str, names, docs, extractor) -> dict:
    spec = importlib.util.spec_from_file_location("score_attribution", SHARED / "eval" / "score_attribution.py")
    sc = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(sc)
    gold = sc.load_gold(dev_dir)
    counts: dict = defaultdict(int)
    for name, doc in zip(names, docs):
        text = sc.read_text(dev_dir, name)
        res = extractor.extract_parsed(doc)
        pred = [{"speaker": a.speaker.as_list() if a.speaker else None, "cue": a.cue.as_list() if a.cue else None,
                 "content": [s.as_list() for s in a.content]} for a in res.attributions]
        sc.score_doc(text, sc.first_annotator(gold[name]), pred, counts)
    return sc.summarize(counts, len(names))


def write_card(name: str, ext: str, data: bytes, title: str, body: str, params: str, n_docs: int,
               dev: dict | None) -> None:
    sha = hashlib.sha256(data).hexdigest()
    date = os.environ.get("SOURCE_DATE_EPOCH")
    date = (_dt.datetime.fromtimestamp(int(date), _dt.timezone.utc) if date else _dt.datetime.now(_dt.timezone.utc))
    lines = [
        f"# {title}",
        "",
        body.strip(),
        "",
        f"- file: `claims/data/{name}.{ext}` ({len(data):,} bytes)",
        f"- sha256: `{sha}`",
        f"- training data: PolNeAR train ({n_docs} articles, every annotator's attributions); dev used only to score",
        "- command: `python bench/train_models.py` (same data and seed give the same bytes)",
        f"- seed and parameters: {params}",
        f"- date: {date:%Y-%m-%d %H:%M} UTC",
    ]
    if dev:
        lines.append(
            "- PolNeAR dev (first annotator, ../shared/eval/score_attribution.py), extractor with this model: "
            f"claim F1 {dev['claim']['f1']:.3f} (P {dev['claim']['p']:.3f}, R {dev['claim']['r']:.3f}), "
            f"full F1 {dev['full']['f1']:.3f}, exact F1 {dev['exact']['f1']:.3f}, "
            f"speaker accuracy {dev['speaker_acc']:.3f}, cue accuracy {dev['cue_acc']:.3f}")
    (DATA / f"{name}.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


def corpus_parser(description: str) -> argparse.ArgumentParser:
    """The options every PolNeAR training script takes: --train, --dev and --cache (parsed texts)."""
    ap = argparse.ArgumentParser(description=description, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--train", default=str(SHARED / "data" / "polnear" / "train"))
    ap.add_argument("--dev", default=str(SHARED / "data" / "polnear" / "dev"))
    ap.add_argument("--cache", help="folder for the parsed texts (DocBin), reused when present")
    return ap


def main() -> int:
    ap = corpus_parser(__doc__)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--epochs", type=int, default=6)
    ap.add_argument("--l2", type=float, default=3e-3)
    ap.add_argument("--lr", type=float, default=0.2)
    ap.add_argument("--min-count", type=int, default=5)
    ap.add_argument("--no-dev", action="store_true", help="skip scoring on dev (the card then has no dev scores)")
    args = ap.parse_args()
    if not os.path.isdir(os.path.join(args.train, "text")):
        print(f"error: no PolNeAR train texts in {args.train}", file=sys.stderr)
        return 1
    nlp = load_nlp()
    names, docs = parsed(args.train, args.cache, nlp)
    anns = gold_of(args.train)
    data = list(candidates(names, docs, anns, nlp))
    pos = sum(y for _, _, y in data)
    print(f"cue model: {len(data)} candidates, {pos} positive", file=sys.stderr)
    weights, bias = train_logistic(data, args.epochs, args.l2, args.lr, args.min_count, args.seed)
    del data
    from claims.extraction.cues import CueModel

    cue_bytes = model_json({"kind": "logistic", "bias": bias, "weights": weights,
                            "features": "claims.extraction.extractor.verb_features and the N:/A: templates"})
    DATA.mkdir(exist_ok=True)
    (DATA / "cue_model.json").write_bytes(cue_bytes)
    dev_rules = None
    if not args.no_dev and os.path.isdir(os.path.join(args.dev, "text")):
        dev_names, dev_docs = parsed(args.dev, args.cache, nlp)
        ex = Extractor(ExtractSettings(use_model=False), nlp=nlp, model=CueModel(weights, bias))
        dev_rules = score_dev(args.dev, dev_names, dev_docs, ex)
        print("dev:", json.dumps(dev_rules), file=sys.stderr)
    params = f"seed {args.seed}; epochs {args.epochs}, l2 {args.l2}, learning rate {args.lr}, min feature count {args.min_count}"
    write_card("cue_model", "json", cue_bytes, "Cue model: logistic scorer of attribution cue candidates",
               "Scores every verb, noun and adjective candidate the extraction rules build (speaker, cue, "
               "content); the extractor keeps a candidate whose probability reaches `extract.min_cue_prob`. "
               "Features: the cue lemma and lexicon entries, the construction (complements, quote type, "
               "content length and first word), the speaker's kind (pronoun, entity type, common noun), "
               "never a person's name. Content edges come from the rules.",
               params, len(names), dev_rules)
    print(f"{len(weights)} weights -> {DATA / 'cue_model.json'}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
