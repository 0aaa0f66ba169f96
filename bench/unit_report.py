"""Claim units against the cross-source gold: which claims hold two gold propositions, and which
gold mentions lose the unit cap.

For each event in ../shared/data/xsource the articles are extracted in this process as ingest
extracts them (claims.extraction with narration, finished with the outlet), without a warehouse.
Each gold mention is mapped, as ../shared/eval/score_xsource.py maps it, to the claim of its
article whose span overlaps the quote most (then the tightest). Printed per event:

- MULTI: a claim holding mentions of two or more gold clusters: the claim's span and text, and
  each mention (cluster, the quote's span) it holds;
- LOST: a mention whose claim took another cluster's label (the scorer labels a claim with the
  first mention mapped to it), or that maps to no claim;
- the unit cap F1 and the multi count, as the scorer computes them.

    python bench/unit_report.py [EVENT_DIR ...] [--brief]

Reads the shared articles only to print them; nothing is stored.
"""
from __future__ import annotations

import itertools
import json
import pathlib
import sys

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
SHARED = HERE.parent.parent / "shared"


def _claims(articles: list[dict]) -> dict[str, tuple[str, list]]:
    from dataclasses import replace

    from claims.extraction.parallel import finish_article
    from flows import pipeline
    from flows.settings import load

    settings = load(None)
    chosen = replace(pipeline.extract_settings(settings, 0, narration=True), n_process=1)
    found = pipeline._extractor(chosen).extract_many([a["text"] for a in articles])
    out = {}
    for a, claims in zip(articles, found):
        done = finish_article(a["text"], a["outlet"], claims)
        out[a["id"]] = (a["text"], list(done.claims))
    return out


def _locate(text: str, claims: list, quote: str):
    start = text.find(quote)
    if start < 0:
        return None, None
    end = start + len(quote)
    best, best_key = None, (0, 0)
    for k, c in enumerate(claims):
        key = (min(end, c.span.end) - max(start, c.span.start), -(c.span.end - c.span.start))
        if key[0] > 0 and key > best_key:
            best, best_key = k, key
    return best, (start, end)


def _pair_f1(mentions, key) -> float:
    tp = fp = fn = 0
    for (g1, a1, h1), (g2, a2, h2) in itertools.combinations(mentions, 2):
        if a1 == a2:
            continue
        k1, k2 = (key(h1) if h1 is not None else None), (key(h2) if h2 is not None else None)
        same_gold, same_sys = g1 == g2, k1 is not None and k1 == k2
        tp += same_gold and same_sys
        fp += same_sys and not same_gold
        fn += same_gold and not same_sys
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return 2 * p * r / (p + r) if p + r else 0.0


def report(event: pathlib.Path, brief: bool) -> tuple[float, int]:
    articles = [json.loads(x) for x in open(event / "articles.jsonl", encoding="utf-8") if x.strip()]
    gold = json.load(open(event / "gold_clusters.json", encoding="utf-8"))
    claims = _claims(articles)
    mentions = []  # (cluster, article, (article, claim index) | None, quote span)
    for cl in gold:
        for m in cl["mentions"]:
            text, cs = claims[m["article"]]
            k, span = _locate(text, cs, m["quote"])
            mentions.append((cl["cluster"], m["article"], None if k is None else (m["article"], k), span))
    label_of, labels_in = {}, {}
    for g, _, hit, _ in mentions:
        if hit is not None:
            label_of.setdefault(hit, g)
            labels_in.setdefault(hit, []).append(g)
    cap = _pair_f1([(g, a, h) for g, a, h, _ in mentions], lambda h: label_of.get(h))
    multi = [h for h, gs in labels_in.items() if len(set(gs)) > 1]
    print(f"=== {event.name}: unit cap {cap:.3f}  multi {len(multi)}  mentions {len(mentions)}")
    if brief:
        return cap, len(multi)

    def fixed(which) -> float:
        """The cap were the claim ``which`` (or the lost mention number ``which``) split so each mention
        holding it is a unit of its own."""
        return _pair_f1([(g, a, (h, g) if (h == which or k == which) else h) for k, (g, a, h, _) in enumerate(mentions)],
                        lambda h: h[1] if isinstance(h[1], str) else label_of.get(h))

    def show(h) -> None:
        art, k = h
        text, cs = claims[art]
        c = cs[k]
        print(f"  claim {art}[{c.span.start}:{c.span.end}] {c.quote_type} speaker={c.speaker_name!r}")
        print(f"    | {text[c.span.start:c.span.end]!r}")
        for g, a, hit, span in mentions:
            if hit == h:
                print(f"    - {g} [{span[0]}:{span[1]}] {text[span[0]:span[1]][:160]!r}")

    for h in multi:
        print(f"MULTI gain {fixed(h) - cap:+.3f}")
        show(h)
    for k, (g, a, hit, span) in enumerate(mentions):
        if hit is None:
            text, _ = claims[a]
            print(f"NONE gain {fixed(k) - cap:+.3f} {g} {a} {'not found' if span is None else repr(text[span[0]:span[1]][:160])}")
        elif label_of[hit] != g and hit not in multi:
            print(f"LOST {g}")
            show(hit)
    return cap, len(multi)


def main(argv: list[str]) -> int:
    brief = "--brief" in argv
    args = [a for a in argv if not a.startswith("--")]
    events = [pathlib.Path(a) for a in args] or sorted(
        p for p in (SHARED / "data" / "xsource").iterdir() if (p / "gold_clusters.json").exists())
    rows = [(e.name, *report(e, brief)) for e in events]
    print(" ".join(f"{n}_cap={c:.3f} {n}_multi={m}" for n, c, m in rows))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
