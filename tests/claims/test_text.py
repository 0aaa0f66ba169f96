"""claims.text: the one stemmer, the shared word lists and name cleaning."""
from __future__ import annotations

from claims.text import (
    NEGATIONS,
    STOP_WORDS,
    TITLES,
    asserted,
    clean_name,
    clean_speaker,
    content_stems,
    content_terms,
    fold,
    is_named,
    negated_targets,
    same_person,
    stem,
    surname_key,
    words,
)


def test_one_stemmer_for_matching_and_contradictions():
    """Matching and the contradiction rules see the same stem for the same written word."""
    for word in ("airfields", "destroyed", "ceasefires", "rejecting", "Destroyed", "ports’"):
        low = word.lower().replace("’", "'").strip("'")
        assert content_stems([word]) == {stem(low)}
    assert content_terms("The airfields were destroyed") == ["airfield", "destroy"]
    assert content_stems(words("The airfields were destroyed")) == {"airfield", "destroy"}


def test_word_lists_come_from_the_lexicon():
    """The lists loaded from claims/data/lexicon.toml hold the words the rules rely on."""
    assert {"not", "never", "n't", "cannot"} <= NEGATIONS
    assert {"the", "said", "according"} <= STOP_WORDS
    assert {"president", "gen.", "minister"} <= TITLES


def test_negation_scope():
    """"was not destroyed" negates destroy; the words after the clause's end are asserted again."""
    assert negated_targets(words("the bridge was not destroyed")) == {"destroy"}
    assert "destroy" not in asserted("the bridge was not destroyed")
    assert "damag" in asserted("the bridge was not destroyed, but damaged")


def test_names_cleaned_the_same_way_everywhere():
    """Titles, possessives and roles are dropped; accents folded for lookups."""
    assert clean_name("Russian President Vladimir Putin's") == "Russian President Vladimir Putin"
    assert clean_name("Mr. Putin's") == "Putin"
    assert clean_speaker("Russian President Vladimir Putin") == "Vladimir Putin"
    assert clean_speaker("the Kremlin's spokesperson") == "Kremlin"
    assert clean_speaker("Kremlin spokesman Dmitry Peskov") == "Dmitry Peskov"
    assert fold("Volodymyr  ZELENSKYY!") == "volodymyr zelenskyy"
    assert fold("Recep Tayyip Erdoğan") == "recep tayyip erdogan"


def test_speaker_names_compared():
    """A surname and the full name are one person; a role alone names nobody."""
    assert same_person("Trump", "President Donald Trump")
    assert not same_person("Melania Trump", "Donald Trump Jr")
    assert surname_key("President Donald Trump") == "trump"
    assert is_named("Piet Holm") and is_named("the SBU")
    assert not is_named("officials") and not is_named("the mayor")
