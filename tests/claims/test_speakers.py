"""Speaker resolution within one article, on invented text."""
from __future__ import annotations

import pytest

from claims.extract import Extractor
from claims.speakers import clean_name


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


@pytest.mark.parametrize("text, name", [
    # "Norland President Ada Voss said" -> "Ada Voss"
    ("Norland President Ada Voss said that the border would stay open.", "Ada Voss"),
    # a later surname-only mention -> the full name introduced earlier
    ("Mayor Lena Ortiz opened the new bridge on Monday.\n\n"
     "Ortiz said that the bridge would carry 20,000 cars a day.", "Lena Ortiz"),
    # "He said" -> the person who is the subject just before
    ("Engineer Hal Brenner inspected the tunnel with Lena Ortiz on Friday.\n\n"
     "He said that the walls were sound.", "Hal Brenner"),
    # "the Norland leader" -> the person introduced as Norland's president
    ("Norland President Ada Voss met Harbor Mayor Lena Ortiz on Monday.\n\n"
     "The Norland leader said that the border would stay open.", "Ada Voss"),
    # "the pontiff" -> the pope named earlier
    ("Pope Clement XX visited the island on Sunday.\n\n"
     "The pontiff said that the harbor workers deserved fair pay.", "Clement XX"),
    # "Norland officials" -> the place the article named
    ("Talks between Norland and Sudmark ended on Monday.\n\n"
     "Norland officials said that a new round would start in May.", "Norland"),
], ids=["full-title", "surname", "pronoun", "description", "pontiff", "group-to-place"])
def test_mention_resolves_to_the_person_named(ex, text, name):
    """A title phrase, a surname, a pronoun or a description resolves to the canonical name given earlier."""
    assert names(ex, text)["said"] == name


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
