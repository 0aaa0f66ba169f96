"""Claimants: kind and side read from the article text (invented sentences)."""
from claims.model import Attribution, Span
from claims.speakers.claimants import Claimant, claimant_of, gazetteer, kind_of_claimant


def _att(text: str, speaker: str, name: str | None = None, quote_type: str = "indirect") -> Attribution:
    start = text.index(speaker)
    return Attribution(Span(start, start + len(speaker)), None, (Span(0, 1),), speaker, name or speaker, "say",
                       "assert", quote_type, "")


def test_side_from_the_speaker_phrase():
    """ "Valdorian officials" and "the Kremlin" speak for their country."""
    text = "Russian officials said the bridge was closed. The Kremlin said talks would go on."
    assert claimant_of(text, _att(text, "Russian officials")).side == "Russia"
    assert claimant_of(text, _att(text, "The Kremlin")).side == "Russia"


def test_person_side_from_how_the_article_introduces_them():
    """A person named once as "Pakistani Foreign Minister Amina Qadir" speaks for Pakistan later."""
    text = ("Pakistani Foreign Minister Amina Qadir arrived on Monday. Talks went on for hours. "
            "Qadir said the border would reopen.")
    c = claimant_of(text, _att(text, "Qadir said"[:5], "Amina Qadir"))
    assert c == Claimant("person", "Pakistan")


def test_person_side_from_an_apposition():
    """ "Tomas Berg, Sweden's trade envoy, said ..." gives Berg Sweden's side."""
    text = "Tomas Berg, Sweden's trade envoy, said the deal was close."
    assert claimant_of(text, _att(text, "Tomas Berg", "Tomas Berg")).side == "Sweden"


def test_ministry_takes_the_side_named_before_it():
    """ "the ministry" speaks for the country named in the sentence before."""
    text = "Ukraine's defence ministry published new figures. The ministry said 12 drones were downed."
    c = claimant_of(text, _att(text, "The ministry"))
    assert c.kind == "government body" and c.side == "Ukraine"


def test_outlet_voice_has_no_side():
    """Narration belongs to the outlet, which speaks for no side."""
    text = "The strike hit 41 aircraft, Kyiv said."
    assert claimant_of(text, _att(text, "The strike", "Harbor Ledger", "narration")) == Claimant("outlet", "")


def test_kinds():
    """Anonymous officials, documents and people are told apart."""
    assert kind_of_claimant("people familiar with the matter", "people familiar with the matter", "indirect") == \
        "anonymous officials"
    assert kind_of_claimant("a statement from the army", "statement from the army", "indirect") == "document"
    assert kind_of_claimant("Amina Qadir", "Amina Qadir", "direct") == "person"


def test_us_is_a_side_but_us_is_not():
    """Case matters: "US" names the United States, "us" does not."""
    assert gazetteer().first("US officials said") == "United States"
    assert gazetteer().first("told us they said") == ""
