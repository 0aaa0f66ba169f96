"""Lexicons of attribution cues and the stance each one expresses.

Verb cues are keyed by lemma. The lists started from the cue spans annotated in
the PolNeAR train split (speech, belief, intention and endorsement verbs) and
keep the lemmas whose use as a cue outweighs other uses there; the stance is
ours. ``assert`` is the neutral default.
"""
from __future__ import annotations

from claims.models import ModelFileError, load_model

_STANCE_GROUPS: dict[str, str] = {
    "assert": """say tell add write note report announce explain state declare claim insist
        argue assert reiterate repeat stress emphasize emphasise mention recall recount observe
        point reply respond answer tweet post testify confirm acknowledge admit concede disclose
        reveal show find suggest indicate conclude describe characterize characterise call
        label brand dub term cite continue contend maintain allege charge accuse blame credit
        boast brag joke quip complain lament grumble muse remark comment counter retort
        explain elaborate detail outline summarize summarise highlight underscore
        signal hint imply acknowledge estimate calculate figure learn discover
        know realize realise recognize recognise understand see view consider regard
        think believe feel assume guess suspect suppose reckon agree confide
        announce proclaim declare assure reassure inform remind advise brief
        shout yell scream whisper mutter cry exclaim
        speak talk discuss chat tout sound recommend write read
        seem appear refer express list echo portray deem quote reference voice chant title
        invoke speculate retweet tweet document articulate interject liken allude reaffirm
        shrug coin dwell preach herald clarify attribute paint interpret contemplate mull
        trumpet lecture affirm name identify remember recite insinuate theorize surmise
        concur emphasize predict reckon rate label""",
    "deny": "deny dispute contradict refute disavow downplay",
    "reject": "reject dismiss rebuff refuse decline rule scoff spurn brush balk",
    "accept": "accept concede embrace welcome approve acquiesce",
    "predict": "predict expect anticipate forecast project foresee envision estimate bet",
    "question": "ask question wonder doubt inquire query challenge",
    "intend": "plan intend vow pledge promise want wish hope hop aim seek vow threaten order press push "
              "propose offer try decide prefer",
    "support": "support endorse back praise defend applaud laud hail commend thank champion "
               "advocate vouch promote side rally "
               "favor favour urge encourage celebrate credit congratulate like love",
    "oppose": "oppose criticize criticise condemn denounce attack blast slam decry "
              "assail lambaste mock ridicule deride blame accuse fault chide scold rebuke "
              "castigate berate disparage bash hit rip knock protest object fear hate dislike "
              "rail lash lambast bemoan repudiate savage rebut chastise denigrate pan fume "
              "oppose demand",
    "warn": "warn caution alert threaten worry",
}

#: lemma -> stance for verb cues (a later group wins for a lemma listed twice).
VERB_CUES: dict[str, str] = {}
for _stance in ("assert", "predict", "question", "intend", "support", "oppose", "accept", "reject", "deny", "warn"):
    for _lemma in _STANCE_GROUPS[_stance].split():
        VERB_CUES[_lemma] = _stance
for _lemma in ("say", "tell", "add", "write", "report", "call", "describe", "blame", "accuse", "credit",
               "demand", "offer", "estimate", "concede", "charge"):
    VERB_CUES[_lemma] = {"blame": "oppose", "accuse": "oppose", "credit": "support",
                         "demand": "intend", "offer": "intend", "estimate": "predict",
                         "concede": "accept", "charge": "oppose"}.get(_lemma, "assert")

#: Verbs that are cues only with a clausal complement ("show that", "know that"), not
#: with a plain object ("show a film", "know him").
CLAUSE_ONLY: frozenset[str] = frozenset(
    """show find see know read learn discover understand realize realise recognize recognise
    feel seem appear figure calculate answer hit rip knock like love try decide want
    continue point post speak talk chat sound rule brush bet signal project hate""".split()
)

#: Verbs whose complement is usually a noun phrase that IS the content
#: ("rejected the proposal", "endorsed Clinton", "criticized the plan").
OBJECT_CONTENT: frozenset[str] = frozenset(
    """reject dismiss rebuff refuse decline deny dispute downplay accept embrace welcome approve
    support endorse back praise defend applaud laud hail commend champion favor favour oppose
    criticize criticise condemn denounce attack blast slam decry assail lambaste mock ridicule
    deride fault chide rebuke castigate disparage bash protest blame accuse credit
    describe characterize characterise call label brand dub term cite predict expect anticipate
    forecast propose offer demand seek want promise pledge vow question challenge doubt
    fear announce confirm acknowledge admit highlight tout recommend urge ask warn
    thank congratulate mention discuss""".split()
)

#: Particles/prepositions kept in the cue span ("called for", "pointed out").
CUE_PARTICLES: frozenset[str] = frozenset("out for on to up about of down off".split())

#: Noun cues: head noun lemma -> stance ("the claim that", "his statement").
NOUN_CUES: dict[str, str] = {
    "statement": "assert", "claim": "assert", "assertion": "assert", "remark": "assert",
    "comment": "assert", "comments": "assert", "argument": "assert", "allegation": "assert",
    "accusation": "oppose", "charge": "oppose", "criticism": "oppose", "attack": "oppose",
    "view": "assert", "belief": "assert", "opinion": "assert", "position": "assert",
    "promise": "intend", "pledge": "intend", "vow": "intend", "plan": "intend", "proposal": "intend",
    "call": "intend", "demand": "intend", "threat": "warn", "warning": "warn",
    "prediction": "predict", "forecast": "predict", "expectation": "predict",
    "denial": "deny", "rejection": "reject", "endorsement": "support", "support": "support",
    "opposition": "oppose", "suggestion": "assert", "insistence": "assert", "idea": "assert",
    "announcement": "assert", "report": "assert", "testimony": "assert", "admission": "accept",
    "question": "question", "concern": "warn", "fear": "warn", "hope": "intend", "message": "assert",
    "interview": "assert", "speech": "assert", "tweet": "assert", "post": "assert", "poll": "assert",
    "survey": "assert", "study": "assert", "analysis": "assert", "memo": "assert", "letter": "assert",
    "according": "assert",
}

#: Past tense of irregular cue verbs for the normalized claim text.
IRREGULAR_PAST: dict[str, str] = {
    "say": "said", "tell": "told", "write": "wrote", "think": "thought", "find": "found",
    "see": "saw", "know": "knew", "feel": "felt", "seek": "sought", "hit": "hit", "read": "read",
    "speak": "spoke", "bet": "bet", "forecast": "forecast", "foresee": "foresaw", "understand": "understood",
    "rip": "ripped", "learn": "learned", "lead": "led", "put": "put", "go": "went", "give": "gave",
    "make": "made", "hold": "held", "cast": "cast", "mean": "meant", "swear": "swore", "teach": "taught",
    "admit": "admitted", "slam": "slammed", "plan": "planned", "prefer": "preferred", "commit": "committed",
    "regret": "regretted", "stop": "stopped", "knock": "knocked", "chat": "chatted", "quip": "quipped",
    "refer": "referred", "occur": "occurred", "drop": "dropped", "rebut": "rebutted", "ban": "banned",
    "shout": "shouted", "bash": "bashed",
}


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
        """The shipped model; a missing or corrupt file raises claims.models.ModelFileError."""
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
        import math

        z = self.score(features)
        if z < -30:
            return 0.0
        return 1.0 / (1.0 + math.exp(-z))
