"""Speaker resolution within one article, on invented text."""
from __future__ import annotations

import pytest

from claims.extraction.extractor import Extractor
from claims.text import clean_name


@pytest.fixture(scope="module")
def ex() -> Extractor:
    return Extractor()


def names(ex, text: str) -> dict[str, str]:
    """cue text -> resolved speaker name."""
    return {a.cue.slice(text): a.speaker_name for a in ex.extract(text).attributions if a.cue}


def test_titles_are_stripped():
    """Titles and possessives go: "Harbor Mayor Lena Ortiz's" -> "Lena Ortiz"."""
    assert clean_name("Mayor Lena Ortiz") == "Lena Ortiz"
    assert clean_name("Sen. Hal Brenner’s") == "Hal Brenner"
    assert clean_name("President Ada Voss,") == "Ada Voss"


RESOLVED = {
    # "Norland President Ada Voss said" -> "Ada Voss"
    "full title phrase": ("Norland President Ada Voss said that the border would stay open.", "Ada Voss"),
    # a later surname-only mention resolves to the full name introduced earlier
    "surname": ("Mayor Lena Ortiz opened the new bridge on Monday.\n\n"
                "Ortiz said that the bridge would carry 20,000 cars a day.", "Lena Ortiz"),
    # "He said" resolves to the person who is the subject just before
    "pronoun": ("Engineer Hal Brenner inspected the tunnel with Lena Ortiz on Friday.\n\n"
                "He said that the walls were sound.", "Hal Brenner"),
    # "the Norland leader" resolves to the person introduced as Norland's president
    "description": ("Norland President Ada Voss met Harbor Mayor Lena Ortiz on Monday.\n\n"
                    "The Norland leader said that the border would stay open.", "Ada Voss"),
    # "the pontiff" resolves to the pope named earlier
    "pontiff": ("Pope Clement XX visited the island on Sunday.\n\n"
                "The pontiff said that the harbor workers deserved fair pay.", "Clement XX"),
    # "Norland officials" resolves to the place the article named
    "group description": ("Talks between Norland and Sudmark ended on Monday.\n\n"
                          "Norland officials said that a new round would start in May.", "Norland"),
}


@pytest.mark.parametrize("case", sorted(RESOLVED))
def test_speaker_mention_resolves_to_canonical_name(ex, case):
    """A name with titles, a surname, a pronoun or a description resolves to the person (or place) meant."""
    text, expected = RESOLVED[case]
    assert names(ex, text)["said"] == expected


def test_one_name_per_person(ex):
    """Every mention of one person gets the same canonical name."""
    text = ("Mayor Lena Ortiz said that the bridge would open in June. "
            "Ortiz added that tolls would stay low. She said that the ferries would continue.")
    got = {a.speaker_name for a in ex.extract(text).attributions}
    assert got == {"Lena Ortiz"}


def test_document_noun_resolves_to_author(ex):
    """"according to his statement" names the statement's author."""
    text = ("Mayor Lena Ortiz spoke on Monday.\n\n"
            "The bridge will open in June, according to her statement on the city website.")
    got = [a for a in ex.extract(text).attributions if a.cue_lemma == "according to"]
    assert got and got[0].speaker_name == "Lena Ortiz"


def test_name_in_apposition_to_title(ex):
    """"Norland's President Ada Voss expressing ..." resolves to the name, not another president."""
    text = ("Harbor President Hal Brenner arrived first.\n\n"
            "The talks included Norland's President Ada Voss expressing her wish to host a summit.")
    got = [a for a in ex.extract(text).attributions if a.cue_lemma == "express"]
    assert got and got[0].speaker_name == "Ada Voss"
