"""Speaker resolution within one article.

Every person the article names gets one canonical name: the fullest form seen,
without titles ("Russian President Vladimir Putin" -> "Vladimir Putin"). A
speaker mention is resolved to that name when it is

- a name or part of one ("Putin", "Mr. Putin", "Putin's aide" is not: only the
  head of the speaker phrase counts);
- a pronoun ("he", "she", "they"): the nearest earlier person (or group);
- a description ("the Russian leader", "the pontiff", "Ukrainian officials"): the
  person or place whose title words and nationality match, nearest first.

Works on a parsed spaCy ``Doc`` (tagger, parser and NER).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from claims.nlp import lemma as _lemma
from claims.text import LEXICON, TITLES, clean_name, demonym_key, lexicon_words

#: Head nouns of descriptions and the title words they can stand for.
ROLE_SYNONYMS: dict[str, frozenset[str]] = {k: frozenset(v.split()) for k, v in LEXICON["role_synonyms"].items()}
#: Head nouns of group descriptions ("Norland officials"): they resolve to a place.
GROUP_HEADS = lexicon_words("group_heads")
#: Nouns whose possessor is their author ("his statement", "the senator's tweet").
DOCUMENT_NOUNS = lexicon_words("document_nouns")
PRONOUNS_PERSON = lexicon_words("person_pronouns")
PRONOUNS_GROUP = lexicon_words("group_pronouns")


@dataclass
class Person:
    name: str  # canonical: the fullest form seen
    words: set[str] = field(default_factory=set)  # title/nationality words seen with it
    mentions: list[int] = field(default_factory=list)  # token indices
    kind: str = "PERSON"

    @property
    def last(self) -> str:
        return self.name.split(" ")[-1].lower()


class SpeakerResolver:
    """Canonical speaker names for one parsed article."""

    def __init__(self, doc):
        self.doc = doc
        self.people: list[Person] = []
        self.places: list[Person] = []
        self._by_token: dict[int, Person] = {}
        self._build()

    # ---- the article's people -------------------------------------------------
    def _descriptors(self, ent) -> set[str]:
        """Title and nationality words before a name or in an appositive."""
        doc, words = self.doc, set()
        i = ent.start - 1
        while i >= 0 and ent.start - i <= 6:
            tok = doc[i]
            if tok.is_punct and tok.text not in "-.":
                break
            if tok.dep_ in ("compound", "amod", "nmod", "poss", "case", "det", "punct", "npadvmod", "nummod") \
                    or tok.lower_ in TITLES:
                if tok.dep_ not in ("det", "case", "punct"):
                    words.add(tok.lower_.strip("."))
                    words.add(demonym_key(tok.text))
                i -= 1
                continue
            break
        root = ent.root
        for child in root.children:
            if child.dep_ == "appos":
                for t in child.subtree:
                    if t.pos_ in ("NOUN", "PROPN", "ADJ"):
                        words.add(t.lower_)
                        words.add(demonym_key(t.text))
        if root.dep_ == "appos" and root.head.pos_ == "NOUN":
            for t in root.head.subtree:
                if t.i < ent.start and t.pos_ in ("NOUN", "PROPN", "ADJ"):
                    words.add(t.lower_)
                    words.add(demonym_key(t.text))
        return words

    def _build(self) -> None:
        for ent in self.doc.ents:
            if ent.label_ in ("GPE", "NORP", "ORG"):
                name = clean_name(ent.text)
                if name:
                    place = next((p for p in self.places if p.name == name), None)
                    if place is None:
                        place = Person(name, {demonym_key(name)}, kind=ent.label_)
                        self.places.append(place)
                    place.mentions.append(ent.start)
                    for i in range(ent.start, ent.end):
                        self._by_token.setdefault(i, place)
                continue
            if ent.label_ != "PERSON":
                continue
            name = clean_name(ent.text)
            if not name or not any(c.isalpha() for c in name):
                continue
            person = self.match_name(name)
            if person is None:
                person = Person(name)
                self.people.append(person)
            elif len(name.split(" ")) > len(person.name.split(" ")) and name.split(" ")[-1].lower() == person.last:
                person.name = name
            person.words |= self._descriptors(ent)
            person.mentions.append(ent.start)
            for i in range(ent.start, ent.end):
                self._by_token[i] = person

    def match_name(self, name: str) -> Person | None:
        """The article's person this name can be (same name, same surname, or a first name alone)."""
        words = name.lower().split(" ")
        for person in reversed(self.people):
            if person.name.lower() == name.lower():
                return person
        last = words[-1]
        for person in reversed(self.people):
            pw = person.name.lower().split(" ")
            if pw[-1] == last and (len(words) == 1 or len(pw) == 1 or words[0] == pw[0]):
                return person
        if len(words) == 1:
            for person in reversed(self.people):
                if person.name.lower().split(" ")[0] == last:
                    return person
        return None

    # ---- resolution ------------------------------------------------------------
    def resolve(self, start: int, end: int) -> str:
        """Canonical name for the speaker tokens ``doc[start:end]``."""
        doc = self.doc
        span = doc[start:end]
        if not len(span):
            return ""
        text = clean_name(span.text)
        # the phrase's head and the words before it (not relative clauses or appositives after)
        root = span.root
        head_toks = [t for t in span if t.i <= root.i] or [root]
        for t in reversed(head_toks):
            p = self._by_token.get(t.i)
            if p is not None and p.kind == "PERSON":
                return p.name
        p = self._by_token.get(root.i)
        if p is not None:
            if p.kind != "PERSON":  # NER sometimes tags a known person's surname as ORG or GPE
                person = self.match_name(clean_name(span.text)) if root.pos_ == "PROPN" else None
                if person is not None:
                    return person.name
            return p.name
        for child in root.children:  # "Turkey's President Recep Tayyip Erdoğan": the name in apposition
            if child.dep_ in ("appos", "compound") and child.i > root.i:
                for t in child.subtree:
                    p = self._by_token.get(t.i)
                    if p is not None and p.kind == "PERSON":
                        return p.name
        low = root.lower_
        if _lemma(root) in DOCUMENT_NOUNS:
            # "his summary", "Trump's statement", "the senator's tweet": the author
            for child in root.children:
                if child.dep_ == "poss":
                    return self.resolve(child.left_edge.i, child.right_edge.i + 1)
        if low in ("who", "which", "that", "whom") and root.head.dep_ == "relcl" and root.head.head.i < root.i:
            ante = root.head.head  # "Smith, who said": the antecedent
            left = ante.left_edge.i
            return self.resolve(left, ante.i + 1) if left < start else text
        if low in PRONOUNS_PERSON or (len(span) == 1 and low in ("i",)):
            person = self._recent_person(start)
            return person.name if person else text
        if low in PRONOUNS_GROUP or low == "we":
            return text
        desc = self._description(span, root)
        if desc:
            return desc
        # a name NER missed: a capitalized phrase matching a known surname
        for t in reversed(head_toks):
            if t.pos_ == "PROPN":
                person = self.match_name(clean_name(t.text))
                if person:
                    return person.name
        words = text.split(" ")
        if words and words[0].lower() in ("the", "a", "an"):
            text = " ".join(words[1:])
        return text

    def _recent_person(self, before: int) -> Person | None:
        best, best_pos = None, -1
        sent_start = self.doc[before].sent.start
        for person in self.people:
            for m in person.mentions:
                if m < before and m > best_pos:
                    best, best_pos = person, m
        # prefer a person who is a subject in this or the previous sentence
        if best is not None:
            prev_sent_start = self.doc[sent_start - 1].sent.start if sent_start > 0 else 0
            subj = None
            for i in range(before - 1, prev_sent_start - 1, -1):
                tok = self.doc[i]
                p = self._by_token.get(i)
                if p is not None and p.kind == "PERSON" and tok.dep_ in ("nsubj", "nsubjpass") \
                        or (p is not None and p.kind == "PERSON" and tok.head.dep_ in ("nsubj", "nsubjpass")
                            and tok.head.i in range(i, i + 4)):
                    subj = p
                    break
            if subj is not None:
                return subj
        return best

    def _description(self, span, root) -> str:
        if root.pos_ not in ("NOUN", "PROPN"):
            return ""
        head = _lemma(root)
        mods = {demonym_key(t.text) for t in span if t.i < root.i and t.pos_ in ("ADJ", "PROPN", "NOUN")}
        mods |= {t.lower_ for t in span if t.i < root.i}
        if head in GROUP_HEADS or root.lower_ in GROUP_HEADS:
            for kinds in (("GPE",), ("NORP", "ORG")):
                for place in self.places:
                    if place.words & mods and place.kind in kinds and place.mentions and min(place.mentions) < span.start:
                        return place.name
            return ""
        synonyms = ROLE_SYNONYMS.get(head, frozenset((head,)))
        best, best_key = None, None
        for person in self.people:
            if not (person.words & synonyms):
                continue
            prior = [m for m in person.mentions if m < span.start]
            if not prior:
                continue
            key = (len(person.words & mods), max(prior))
            if best_key is None or key > best_key:
                best, best_key = person, key
        has_det = any(t.dep_ == "det" and t.lower_ == "the" for t in span) or any(t.dep_ == "poss" for t in span)
        if best is not None and (has_det or mods):
            return best.name
        return ""
