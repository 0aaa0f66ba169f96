"""Write claims/data/figure_model.json: the figure lexicon and the measure identity model.

The lexicon (concepts, noun classes, zones, places, vague durations) is general news vocabulary;
the weights and thresholds are the configuration chosen leave-one-event-out over the development
events (bench/figures_eval.py --search reproduces the selection; the card records the figures).
Deterministic: same inputs, same bytes. Run: python bench/figure_model.py
"""
from __future__ import annotations

import hashlib
import json
import pathlib

OUT = pathlib.Path(__file__).resolve().parents[1] / "claims" / "data" / "figure_model.json"

CONCEPTS = {
    "killed": "kill dead death die died casualt fatal bodi perish",
    "injured": "injur wound hurt hospitalis hospitaliz",
    "missing": "miss unaccount",
    "trapped": "trap",
    "rescued": "rescu pull save",
    "evacuated": "evacu displac homeless",
    "arrested": "arrest detain",
    "crew": "crew aboard board sailor",
    "cancelled": "cancel",
    "delayed": "delay",
    "struck": "strike struck hit target site place locat",
    "downed": "shot shoot down downed destroy",
    "bombs": "bomb munit bunker buster penetr",
    "aftershock": "aftershock",
    "depth": "depth deep",
    "height": "storey stori floor tall height",
    "length": "long length",
    "call": "call convers talk",
    "setback": "set setback back delai progress rebuilt rebuild restor",
    "began": "began begin start surfac",
    "occurred": "occur struck strike hit quake earthquak",
    "departed": "depart left leav sail",
    "children": "child children son daughter father mother",
    "population": "popul resid inhabit home",
    "shares": "share stock",
    "value": "valu cap capit worth",
}
NOUN_CLASSES = {
    **dict.fromkeys("person people civilian citizen worshipper individual dead resident victim casualty death "
                    "fatality other worker survivor".split(), "person"),
    **dict.fromkeys("jet fighter aircraft plane rafale bomber warplane".split(), "aircraft"),
    **dict.fromkeys("bomb munition".split(), "bomb"),
    **dict.fromkeys("flight cancellation".split(), "flight"),
    **dict.fromkeys("site place target location".split(), "target"),
    "child": "child", "crew": "crew", "member": "crew", "missile": "missile", "drone": "drone",
}
MEASURE_LABELS = {
    "killed": "people killed", "injured": "people injured", "missing": "people missing", "trapped": "people trapped",
    "rescued": "people rescued", "evacuated": "people evacuated", "arrested": "people arrested", "crew": "crew",
    "cancelled": "cancellations", "delayed": "delays", "struck": "places struck", "downed": "aircraft downed",
    "bombs": "bombs", "aftershock": "aftershock", "depth": "depth", "height": "height", "length": "length",
    "call": "the call", "setback": "setback", "began": "start", "occurred": "when it happened",
    "departed": "departure", "children": "children", "population": "population", "shares": "shares",
    "value": "value",
}
KIND_LABELS = {"clock": "time", "duration": "duration", "distance": "distance", "age": "age", "magnitude": "magnitude",
               "height": "height", "money": "amount", "percent": "share", "rate": "rate", "other": "amount"}
ZONES = {"gmt": 0, "utc": 0, "bst": 60, "cet": 60, "cest": 120, "et": -240, "edt": -240, "est": -300, "pt": -420,
         "pdt": -420, "pst": -480, "ist": 330, "pkt": 300, "aest": 600, "sgt": 480}
PLACE_ZONES = {
    "myanmar": 390, "burma": 390, "mandalay": 390, "yangon": 390, "naypyitaw": 390,
    "beijing": 480, "china": 480, "chinese": 480, "singapore": 480, "hong kong": 480,
    "thailand": 420, "bangkok": 420, "thai": 420,
    "india": 330, "indian": 330, "delhi": 330, "new delhi": 330,
    "pakistan": 300, "pakistani": 300, "islamabad": 300,
    "australia": 600, "sydney": 600, "melbourne": 600, "australian": 600,
    "baltimore": -240, "new york": -240, "washington": -240,
    "moscow": 180, "russia": 180, "kyiv": 180, "ukraine": 180, "iran": 210, "tehran": 210, "israel": 180,
    "london": 60, "britain": 60,
}
VAGUE = [  # pattern, low months, high months (None: no upper bound)
    [r"\ba year or less\b", 0.0, 12.0], [r"\ba month or two\b", 1.0, 2.0], [r"\b(?:only )?months at most\b", 0.0, 11.99],
    [r"\ba (?:matter|couple) of months\b", 1.0, 6.0], [r"\ba few months\b", 1.0, 6.0],
    [r"\bseveral months\b", 2.0, 11.99], [r"\ba few years\b", 24.0, 72.0], [r"\bseveral years\b", 36.0, 120.0],
    [r"\bmany years\b", 36.0, None], [r"\b(?:basically |several |many )?decades\b", 240.0, None],
    [r"(?<=\bby )months\b|(?<=\bonly )months\b|(?<=\bjust )months\b", 1.0, 11.99],
    [r"(?<=course of )years\b|(?<=\bfor )years\b|(?<=\bby )years\b|(?<=\btake )years\b", 24.0, None],
]
MODEL = {
    "kind": "figure_measures",
    "version": 1,
    "concepts": {k: v.split() for k, v in CONCEPTS.items()},
    "running_concepts": ["killed", "injured", "missing", "trapped", "rescued", "evacuated", "arrested", "cancelled",
                         "delayed"],
    "noun_classes": NOUN_CLASSES,
    "measure_labels": MEASURE_LABELS,
    "kind_labels": KIND_LABELS,
    "zones": ZONES,
    "place_zones": PLACE_ZONES,
    "place_min_share": 0.25,
    "not_names": ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "the", "this"],
    "vague_durations": VAGUE,
    "clause_words": 6,
    "concept_words_before": 3,
    "concept_words_after": 4,
    "clock_about_minutes": 10.0,
    "clock_rounded_minutes": 2.5,
    # measure identity: a linear score over pair features; chosen leave-one-event-out (see the card)
    "weights": {"concept": 1.0, "concept_any": 1.0, "concept_clash": -1.0, "noun": 0.5, "noun_exact": 0.0,
                "ctx": 0.5, "ctx1": 0.0, "names": 0.0, "wide": 0.0, "noncount": 1.0, "same_article": 0.0},
    "conversion_score": 5.0,
    "link_threshold": 1.0,
    "edge_min": 1.0,
    "max_ratio": 2.0,
    "max_groups": 1,
    "rel_tol": 0.003,
    "running_ratio": 1.25,
    "approx_gap": 0.05,
    "conversion_tol": 0.02,
    "age_tol_years": 1.0,
    "max_sides": 4,
}

if __name__ == "__main__":
    data = (json.dumps(MODEL, indent=1, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")
    OUT.write_bytes(data)
    print(OUT, hashlib.sha256(data).hexdigest())
