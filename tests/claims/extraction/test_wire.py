"""Wire copy: datelines, headlines, photo captions and bylines are never speakers (invented text)."""
from __future__ import annotations

import pytest

from claims.extraction.extractor import Extractor
from claims.extraction.wire import furniture_spans, mask_furniture

ARTICLE = """Norland keeps border open as flood talks end

By MARTA KELLAND and JONAS PRIEST
Associated Press

VELLMOR, Norland (AP) — Prime Minister Ada Voss said Monday that the northern border would stay open to flood refugees.

Ada Voss speaks to reporters in Vellmor on Monday. (AP Photo/Jonas Priest)

She said the army would build three camps near the river.

Opposition leader Karl Voss, who is not related to the prime minister, said the camps would cost too much.

"We cannot pay for this," Karl Voss said.

Henrik Dahl, the harbor master, met the prime minister on Tuesday. He told the Prime Minister that the harbor workers wanted a pay rise.
"""


@pytest.fixture(scope="module")
def claims():
    return Extractor().extract(ARTICLE).attributions


def _by_content(claims, words: str):
    hits = [a for a in claims if words in " ".join(s.slice(ARTICLE) for s in a.content)]
    assert hits, [a.text for a in claims]
    return hits[0]


def test_dateline_is_not_the_speaker(claims):
    """"VELLMOR, Norland (AP) — Prime Minister Ada Voss said": the speaker is Ada Voss, not Norland."""
    att = _by_content(claims, "northern border would stay open")
    assert att.speaker_name == "Ada Voss"
    assert "VELLMOR" not in att.speaker.slice(ARTICLE) and "(AP)" not in att.speaker.slice(ARTICLE)


def test_dateline_is_not_content():
    """"BANGKOK (AP) — Thousands marched ..., police said": the content starts after the dash."""
    text = "KARSTAD (AP) — Thousands marched through the old town on Sunday, police said.\n"
    (att,) = Extractor().extract(text).attributions
    assert att.speaker_name.lower() == "police"
    assert att.content[0].slice(text).startswith("Thousands marched")


def test_byline_and_photo_credit_are_never_speakers(claims):
    """No claim is given to the byline's or the photo credit's people, not even through "she"."""
    speakers = {a.speaker_name for a in claims}
    assert not speakers & {"MARTA KELLAND", "Marta Kelland", "JONAS PRIEST", "Jonas Priest", "Associated Press"}
    assert _by_content(claims, "three camps").speaker_name == "Ada Voss"


def test_headline_is_not_a_speaker(claims):
    """The headline line names nobody who speaks: no claim's speaker lies in it."""
    end = ARTICLE.index("\n")
    assert all(a.speaker is None or a.speaker.start > end for a in claims if a.content[0].start > end)


def test_told_the_prime_minister_gives_the_words_to_he(claims):
    """"He told the Prime Minister that ...": the speaker is "he", resolved to Henrik Dahl."""
    att = _by_content(claims, "harbor workers wanted a pay rise")
    assert att.speaker.slice(ARTICLE) == "He"
    assert att.speaker_name == "Henrik Dahl"


def test_people_sharing_a_surname_stay_apart(claims):
    """Ada Voss and Karl Voss are two speakers."""
    assert _by_content(claims, "would cost too much").speaker_name == "Karl Voss"
    assert _by_content(claims, "We cannot pay").speaker_name == "Karl Voss"
    assert _by_content(claims, "northern border").speaker_name == "Ada Voss"


def test_masking_keeps_offsets_and_leaves_prose_alone():
    """Masking keeps the length; a section heading in capitals and "By Monday morning, ..." stay."""
    masked = mask_furniture(ARTICLE)
    assert len(masked) == len(ARTICLE)
    assert "VELLMOR" not in masked and "AP Photo" not in masked and "KELLAND" not in masked
    assert "Prime Minister Ada Voss said Monday" in masked
    prose = ("QUESTIONABLE HARBOR CLAIMS — For years, the harbor board said nothing.\n"
             "By Monday morning, the water had gone down.\n"
             "By the end of the day, Voss said the camps were full.\n")
    assert furniture_spans(prose) == []
    for byline in ("By Marta Kelland | Associated Press", "By MARTA KELLAND, Reuters"):
        assert furniture_spans(byline) == [(0, len(byline))]
