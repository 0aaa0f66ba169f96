"""Lexicons of attribution cues and the stance each one expresses (words in claims/data/lexicon.toml).

Verb cues are keyed by lemma. The lists started from the cue spans annotated in
the PolNeAR train split (speech, belief, intention and endorsement verbs) and
keep the lemmas whose use as a cue outweighs other uses there; the stance is
ours. ``assert`` is the neutral default.
"""
from __future__ import annotations

import math

from claims.text import LEXICON, lexicon_words
from claims.trained import ModelFileError, load_model

#: lemma -> stance for verb cues (claims/data/lexicon.toml: a later group wins for a lemma listed
#: twice; some lemmas have a fixed stance).
VERB_CUES: dict[str, str] = {}
for _stance, _lemmas in LEXICON["verb_cues"].items():
    for _lemma in _lemmas.split():
        VERB_CUES[_lemma] = _stance
VERB_CUES.update(LEXICON["verb_cue_stances"])

#: Verbs that are cues only with a clausal complement ("show that", "know that"), not
#: with a plain object ("show a film", "know him").
CLAUSE_ONLY = lexicon_words("clause_only")

#: Verbs whose complement is usually a noun phrase that IS the content
#: ("rejected the proposal", "endorsed Clinton", "criticized the plan").
OBJECT_CONTENT = lexicon_words("object_content")

#: Particles/prepositions kept in the cue span ("called for", "pointed out").
CUE_PARTICLES = lexicon_words("cue_particles")

#: Noun cues: head noun lemma -> stance ("the claim that", "his statement").
NOUN_CUES: dict[str, str] = dict(LEXICON["noun_cues"])

#: Adjective cues: adjective -> stance ("confident that", "critical of").
ADJECTIVE_CUES: dict[str, str] = dict(LEXICON["adjective_cues"])

#: Past tense of irregular cue verbs for the normalized claim text.
IRREGULAR_PAST: dict[str, str] = dict(LEXICON["irregular_past"])


def past_tense(lemma: str) -> str:
    """Simple past of a verb lemma ("say" -> "said", "reject" -> "rejected")."""
    lemma = lemma.lower()
    if " " in lemma:
        head, _, rest = lemma.partition(" ")
        return past_tense(head) + " " + rest
    if lemma in IRREGULAR_PAST:
        return IRREGULAR_PAST[lemma]
    if lemma.endswith("e"):
        return lemma + "d"
    if lemma.endswith("y") and len(lemma) > 1 and lemma[-2] not in "aeiou":
        return lemma[:-1] + "ied"
    return lemma + "ed"


class CueModel:
    """Logistic scorer of cue candidates, trained on PolNeAR train (bench/train_models.py).

    ``weights`` maps feature strings ("L=say", "L=say|qt=direct", ...) to weights; the
    lexicons above are features too, so the model learns where they fail. The weights are
    package data (claims/data/cue_model.json, with its model card), not code.
    """

    NAME = "cue_model"

    def __init__(self, weights: dict[str, float], bias: float = 0.0):
        self.weights = weights
        self.bias = bias

    @classmethod
    def load(cls) -> "CueModel":
        """The shipped model; a missing or corrupt file raises claims.trained.ModelFileError."""
        obj = load_model(cls.NAME, "logistic")
        try:
            weights = {str(k): float(v) for k, v in obj["weights"].items()}
            bias = float(obj["bias"])
        except (KeyError, TypeError, ValueError, AttributeError) as err:
            raise ModelFileError(f"model file claims/data/{cls.NAME}.json lacks weights or bias ({err})") from None
        return cls(weights, bias)

    def score(self, features: list[str]) -> float:
        w = self.weights
        return self.bias + sum(w.get(f, 0.0) for f in features)

    def prob(self, features: list[str]) -> float:
        z = self.score(features)
        if z < -30:
            return 0.0
        return 1.0 / (1.0 + math.exp(-z))
