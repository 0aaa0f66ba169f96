"""Propositions read from the parse: where a claim's content splits into clauses, and each
proposition's structure (who did what to whom, when, with what polarity and hedge).

Runs after attribution, over the spaCy ``Doc`` the extractor parsed (inside the extraction worker
processes), on a claim's character range. Every rule is about sentence structure, none about topics:

Cuts (a new proposition starts at):
- an adverbial clause with its own subject after its head, set off by a comma (", one of whom was
  hospitalized"); a bare one ("died after the dam collapsed") stays;
- a prepositional phrase after a comma that holds a predicate (", with 12 people still missing");
- a coordinated clause or verb phrase with its own subject or a finite verb ("35 were injured and
  two were missing", "announced X and suspended the search");
- a participle clause after a comma (", causing the span to buckle", ", sending vehicles ...");
- a relative or participle clause set off by commas (", who has lived there for 19 years");
- a relative clause in the past on an object, opened by its relative word ("was hit by a ship | that had
  lost power"); its claim text tells it of its noun ("a ship had lost power");
- an appositive with a figure set off by commas (", a 985-foot-long ship,");
- ", including ..." (a part of what was just said);
- items of a list that each carry a figure ("25% on grain, 10% on timber and 40% on cars").

Pure logic over a parsed document: no I/O.
"""
from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass

from claims.model import PropositionParts
from claims.nlp import lemma as lemma_of
from claims.propositions.classes import hedge_words, predicate_class, stronger_of
from claims.speakers.claimants import gazetteer
from claims.text import LEXICON, demonym_key, stem

_SUBJECTS = ("nsubj", "nsubjpass", "csubj", "expl")
_FINITE = ("VBD", "VBZ", "VBP", "MD")
_PRONOUNS = frozenset("it he she they we i this that these those who which".split())
_TARGET_PREPS = frozenset("on against into to at over from".split())
_DETS = frozenset("the a an its their his her our this that these those".split())
_RELATIVES = frozenset("that which who".split())
#: Verbs that report what was said (claims/data/lexicon.toml [verb_cues] assert): said of a clause,
#: the clause holds the proposition.
_PARTICLES = frozenset("back down out off up".split())
_SPEECH = frozenset(LEXICON["verb_cues"]["assert"].split())


@dataclass(frozen=True)
class Structure(PropositionParts):
    """Who did what to whom in one proposition (``PropositionParts``), and what a list item shares with its
    list. Equal when every field is."""

    lead: str = ""  # the words a list item shares with the first item ("imposed levies of"), for its text


class ParsedPiece:
    """One parsed piece of an article (a spaCy Doc and its offset in the article), searchable by offset."""

    def __init__(self, doc, offset: int):
        self.doc, self.offset = doc, offset
        self.starts = [t.idx + offset for t in doc]
        self.end = offset + len(doc.text)
        self._times: list[tuple[int, str]] | None = None

    def times(self) -> list[tuple[int, str]]:
        """(token index, text) of each date or time the model found: read from the doc once per piece."""
        if self._times is None:
            self._times = [(e.start, e.text) for e in self.doc.ents if e.label_ in ("DATE", "TIME")]
        return self._times

    def tokens(self, start: int, end: int):
        a, b = bisect_left(self.starts, start), bisect_left(self.starts, end)
        return self.doc[a:b]


def piece_of(pieces: list[ParsedPiece], start: int, end: int) -> ParsedPiece | None:
    for p in pieces:
        if p.offset <= start and end <= p.end:
            return p
    return None


def _words(toks) -> int:
    return sum(1 for t in toks if t.is_alpha or t.like_num) if toks is not None else 0


def _has_subject(t) -> bool:
    return any(c.dep_ in _SUBJECTS for c in t.children)


def _clause_start(t) -> int:
    """The token index where the clause headed by ``t`` starts (its subtree's left edge, after a cc)."""
    i = t.left_edge.i
    doc = t.doc
    while i < t.i and (doc[i].dep_ in ("cc", "punct") or (doc[i].dep_ == "mark" and doc[i].lower_ == "that")):
        i += 1
    return i


def cuts(piece: ParsedPiece, start: int, end: int) -> list[int]:
    """Article offsets inside [start, end) where a new proposition starts."""
    toks = piece.tokens(start, end)
    if len(toks) < 4:
        return []
    lo, hi = toks[0].i, toks[-1].i
    doc = piece.doc
    inside = lambda i: lo <= i <= hi  # noqa: E731
    out: set[int] = set()

    def cut_at(i: int) -> None:
        if lo < i <= hi:
            out.add(doc[i].idx + piece.offset)

    def comma_before(i: int) -> bool:
        return i - 1 >= lo and doc[i - 1].text in (",", "—", "–", ";")

    for t in toks:
        dep = t.dep_
        if dep == "conj" and inside(t.head.i):
            h = t.head
            verbal = t.pos_ in ("VERB", "AUX") and h.pos_ in ("VERB", "AUX", "ADJ")
            if verbal and _bare_count(t):
                continue  # "144 were killed and 730 injured": one toll
            if verbal and (_has_subject(t) or (t.tag_ in _FINITE and h.tag_ in _FINITE)
                           or (t.tag_ == "VBG" and h.tag_ == "VBG" and h.dep_ == "advcl")
                           or (h.pos_ == "VERB" and t.pos_ == "VERB" and _own_args(t) and _own_args(h))):
                cut_at(_clause_start(t))
                continue
            if t.pos_ in ("NOUN", "PROPN", "NUM", "SYM") and _figure(t) and _figure(h) and not _one_entity(t):
                cut_at(_clause_start(t))  # a list item with its own figure
                continue
        if dep in ("npadvmod", "appos", "dobj", "conj") and t.pos_ in ("NOUN", "PROPN", "NUM", "SYM") \
                and _figure(t) and comma_before(t.left_edge.i) and inside(t.head.i) and not _one_entity(t) \
                and any(_figure(x) for x in doc[lo : t.left_edge.i]):
            cut_at(t.left_edge.i)  # the next item of a list of figures
            continue
        if dep in ("advcl", "xcomp", "conj") and t.tag_ == "VBG" and t.left_edge.i == t.i and comma_before(t.i) \
                and inside(t.head.i):
            cut_at(t.i)
            continue
        if dep in ("relcl", "acl", "appos") and comma_before(t.left_edge.i) and inside(t.head.i):
            sub = doc[t.left_edge.i : t.right_edge.i + 1]
            if dep == "appos" and not any(x.like_num for x in sub):
                continue
            if dep != "appos" and _words(sub) < 3:
                continue
            cut_at(t.left_edge.i)
            after = t.right_edge.i + 1
            if after <= hi and doc[after].text in (",", "—", "–") and after + 1 <= hi:
                cut_at(after + 1)
            continue
        if dep == "relcl" and inside(t.head.i) and t.head.dep_ not in _SUBJECTS and _past(t) \
                and t.head.pos_ in ("NOUN", "PROPN") and not any(c.dep_ == "advcl" for c in t.children) \
                and _opens_relative(t) and _words(doc[t.left_edge.i : t.right_edge.i + 1]) >= 3 \
                and not any(a.dep_ == "relcl" or a.lower_ == "including" for a in t.head.ancestors):
            # a relative clause in the past on an object ("hit by a ship that had lost power", "the block
            # where an official said 90 people could be trapped"): an event of its own. It stays where it
            # tells what the noun is (the present: "customers who use Windows"), on a subject ("the ship that
            # lost power hit the bridge": the main clause would lose its subject), where it holds a clause of
            # its own ("a bridge that collapsed after a ship hit it"), inside another relative clause or an
            # "including" list
            after = t.right_edge.i + 1
            governor = _governing_verb(t.head)
            if governor is not None and governor.i > t.right_edge.i:
                if after <= hi and _finite(governor):
                    cut_at(after)  # "during the call that lasted an hour | they discussed ...": the fronted
                    # phrase and its clause are one proposition, the main clause another
            else:
                cut_at(t.left_edge.i)
            continue
        if dep == "advcl" and _has_subject(t) and inside(t.head.i) and t.left_edge.i > t.head.i \
                and comma_before(t.left_edge.i):
            # ", one of whom was hospitalized", ", as rescuers searched the river"; a bare "died after the dam
            # collapsed" tells when or why, and stays one proposition
            cut_at(t.left_edge.i)
            continue
        if dep == "prep" and comma_before(t.i) and inside(t.head.i) and (
                t.lower_ == "including"
                or any(x.pos_ in ("VERB", "AUX") or x.dep_ in ("acl", "amod", "advmod", "relcl")
                       for x in t.subtree if x.i != t.i and x.head.i != t.i or x.pos_ == "VERB")):
            cut_at(t.i)  # ", including ...", ", with 12 people still missing", ", in what would be ..."
    return sorted(out)


def _finite(t) -> bool:
    """A verb with a tense of its own: a finite tag, or a finite auxiliary ("had lost", "were used")."""
    return t.tag_ in _FINITE or any(c.dep_ in ("aux", "auxpass") and c.tag_ in _FINITE for c in t.children)


def _opens_relative(t) -> bool:
    """Whether the relative clause ``t`` opens with its relative word ("that had", "where an official",
    "from which"), not a bare clause ("a charge the government rejected")."""
    first = t.doc[t.left_edge.i]
    if first.i <= t.head.i or first.dep_ == "mark":
        return False  # "accounts that Iran moved the uranium": what the accounts say, not a clause on them
    if first.tag_ in ("WDT", "WP", "WP$", "WRB"):
        return True
    nxt = t.doc[first.i + 1] if first.i + 1 < len(t.doc) else None
    return first.tag_ == "IN" and nxt is not None and nxt.tag_ in ("WDT", "WP", "WP$")


def _past(t) -> bool:
    """A verb in the past: "struck", "had lost", "were repairing", "was hit"."""
    return t.tag_ == "VBD" or any(c.dep_ in ("aux", "auxpass") and c.tag_ == "VBD" for c in t.children)


def _governing_verb(t):
    """The verb the noun ``t`` belongs to ("the call" in "during the call ... they discussed": discussed)."""
    for _ in range(6):
        if t.head.i == t.i:
            return None
        t = t.head
        if t.pos_ in ("VERB", "AUX"):
            return t
    return None


def _one_entity(t) -> bool:
    """Whether the item continues the entity before it ("an hour and 15 minutes": one duration)."""
    return t.left_edge.ent_iob_ == "I"


def _bare_count(t) -> bool:
    """A clause that is only a number and its verb ("730 injured", "730 have been injured")."""
    subj = [c for c in t.children if c.dep_ in ("nsubj", "nsubjpass")]
    if not subj or not (subj[0].like_num or any(c.like_num for c in subj[0].children)):
        return False
    if len(list(subj[0].subtree)) > 3:
        return False
    return all(c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass", "advmod", "advcl", "prep", "punct", "cc",
                          "npadvmod", "neg") for c in t.children)


def _own_args(t) -> bool:
    """A verb with an object, a complement or an auxiliary of its own ("did not destroy the sites")."""
    return any(c.dep_ in ("dobj", "ccomp", "xcomp", "aux", "auxpass", "prt", "dative") for c in t.children)


def _figure(t) -> bool:
    """A token that states a figure or carries one ("25%", "three Rafale", "40 cars")."""
    if t.like_num or t.pos_ == "NUM":
        return True
    return any(c.dep_ == "nummod" or c.like_num for c in t.children)


def _phrase(t, limit: int = 6) -> str:
    """A noun's phrase without determiners: its compounds, modifiers and the head ("Velmoran grain")."""
    keep = [c for c in t.lefts if c.dep_ in ("compound", "amod", "nmod", "poss", "nummod", "npadvmod")
            and c.lower_ not in _DETS]
    words = []
    for c in keep:
        words.extend(x.text for x in c.subtree if x.lower_ not in _DETS and not x.is_punct and x.dep_ != "case")
    words.append(t.text)
    for c in t.rights:  # "levies of 25%": the first of-phrase
        if c.dep_ == "prep" and c.lower_ == "of":
            for x in c.children:
                if x.dep_ == "pobj":
                    words.extend(["of", *(y.text for y in x.subtree if not y.is_punct and y.lower_ not in _DETS)])
            break
    return " ".join(words[:limit]).replace("’s", "").replace("'s", "")


def key(phrase: str) -> str:
    """A phrase as one comparable key: stems and place/people adjectives folded ("Velmoran grain" → "velmor grain")."""
    out = []
    for w in phrase.replace("-", " ").split():
        w = w.strip(".,;:\"'“”‘’()").lower()
        if not w or w in _DETS:
            continue
        out.append(demonym_key(w) if w[:1].isalpha() else w)
    return " ".join(sorted(stem(w) for w in out))


def _predicate(root):
    t = root
    for _ in range(6):
        if t.pos_ in ("VERB", "AUX") and t.dep_ not in ("amod", "compound"):
            return t
        if t.head.i == t.i:
            break
        t = t.head
    return root


def _subject(v):
    for _ in range(4):
        for c in v.children:
            if c.dep_ in ("nsubj", "nsubjpass", "csubj"):
                return c
        if v.dep_ in ("conj", "xcomp", "advcl", "relcl", "acl") and v.head.i != v.i:
            if v.dep_ in ("relcl", "acl"):
                return v.head  # "the ship that lost power": the ship
            v = v.head
            continue
        break
    return None


def _relative_subject(v, lo: int):
    """The noun a relative clause cut from its sentence tells of, when the relative word is its subject
    ("a ship that had lost power": ship); None otherwise."""
    if v.dep_ != "relcl" or v.head.i >= lo:
        return None
    if not any(c.dep_ in ("nsubj", "nsubjpass") and c.lower_ in _RELATIVES for c in v.children):
        return None
    return v.head


def structure(piece: ParsedPiece, start: int, end: int, speaker: str = "") -> Structure:
    """The structure of the proposition in [start, end) of the article."""
    toks = piece.tokens(start, end)
    if not len(toks):
        return Structure()
    lo, hi = toks[0].i, toks[-1].i
    roots = [t for t in toks if not (lo <= t.head.i <= hi) or t.head.i == t.i]
    root = max(roots, key=lambda t: (t.pos_ in ("VERB", "AUX"), -t.i)) if roots else toks[0]
    v = _predicate(root)
    for _ in range(2):
        # "I can confirm that we shot down five jets": a speech verb heading the content reports the
        # proposition of its clause, whose verb is the predicate (a denial is no speech verb here: it
        # is the proposition's polarity); "Putin said he will respond": the clause's pronoun is the
        # speech verb's subject, not the claim's speaker
        clause = next((c for c in v.children if c.dep_ == "ccomp" and lo <= c.i <= hi), None)
        if clause is None or lemma_of(v) not in _SPEECH:
            break
        said_by = next((c for c in v.children if c.dep_ == "nsubj"), None)
        if said_by is not None and said_by.lower_ not in _PRONOUNS:
            speaker = _phrase(said_by)
        v = _predicate(clause)
    lemma = lemma_of(v)
    # the particle of a particle verb, also where the parse reads it as an adverb ("set the plan back")
    prt = [c.lower_ for c in v.children if c.dep_ == "prt" or (c.dep_ == "advmod" and c.lower_ in _PARTICLES)]
    if prt:
        lemma = f"{lemma} {prt[0]}"
    cls = predicate_class(lemma)
    neg = any(c.dep_ == "neg" for c in v.children) or any(c.lower_ in ("never", "no") for c in v.children)
    polarity = "-" if neg else "+"
    stronger = stronger_of().get(cls)
    if stronger:  # "damaged, not destroyed": denies the stronger class
        for t in toks:
            if t.i != v.i and any(c.dep_ == "neg" for c in t.children) and \
                    predicate_class(lemma_of(t)) == stronger:
                cls, polarity = stronger, "-"
                break
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in v.children)
    subj = _subject(v)
    actor_tok = target_tok = None
    if passive:
        target_tok = subj
        for c in v.children:
            if c.dep_ == "agent":
                actor_tok = next((x for x in c.children if x.dep_ == "pobj"), None)
    else:
        actor_tok = subj
        target_tok = next((c for c in v.children if c.dep_ in ("dobj", "attr", "oprd")), None)
    # a list item: what it says of its own ("10% on timber"): the item's target
    item = root if root.i != v.i and root.pos_ in ("NOUN", "PROPN", "NUM", "SYM") and _figure(root) else None
    prep_target = None
    for base in ([item] if item is not None else []) + ([target_tok] if target_tok is not None else []) + [v]:
        for c in base.children:
            if c.dep_ == "prep" and c.lower_ in _TARGET_PREPS:
                prep_target = next((x for x in c.children if x.dep_ == "pobj"
                                    and x.ent_type_ not in ("DATE", "TIME")), None)
                if prep_target is not None:
                    break
        if prep_target is not None:
            break
    target = _phrase(prep_target) if prep_target is not None else (_phrase(target_tok) if target_tok is not None
                                                                   else "")
    relative = _relative_subject(v, lo)
    if relative is not None:  # "that had lost power" of "a ship that had lost power": the ship lost power
        actor_tok = relative
    actor = ""
    if actor_tok is not None:
        actor = speaker if actor_tok.lower_ in _PRONOUNS and speaker else _phrase(actor_tok)
    gz = gazetteer()
    actor_side = gz.first(actor) if actor else ""
    target_side = gz.first(target) if target else ""
    times = [text for at, text in piece.times() if lo <= at <= hi]
    hedges = hedge_words()
    hedge = next((t.lower_ for t in toks if t.lower_ in hedges), "")
    lead = ""
    if item is not None and v.i < lo:
        # a list item: the words its list shares ("Arvenia imposed levies of" before "25% on grain")
        first = next((t for t in v.subtree if t.i > v.i and t.like_num), None)
        if first is not None and first.i < lo:
            a = actor_tok.left_edge.i if actor_tok is not None and actor_tok.i < v.i else v.i
            lead = piece.doc[a : first.i].text
            det = piece.doc[first.i - 1] if first.i > a else None
            if det is not None and det.dep_ == "det":
                lead = piece.doc[a : first.i - 1].text
    if relative is not None and not lead:
        lead = piece.doc[relative.left_edge.i : relative.i + 1].text
    return Structure(actor=actor, actor_side=actor_side, predicate=lemma, predicate_class=cls, target=target,
                     target_side=target_side, time=times[0] if times else "", polarity=polarity, hedge=hedge,
                     lead=lead)
