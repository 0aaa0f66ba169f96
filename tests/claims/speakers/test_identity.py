"""Speakers across articles: one canonical person or organization with its aliases."""
from __future__ import annotations

from claims.speakers.identity import SpeakerRegistry, clean, kind_of


def test_spellings_of_one_person_are_one_speaker():
    """Zelensky, Zelenskyy, Zelenskiy and the full name resolve to one speaker with the full name."""
    reg = SpeakerRegistry()
    found = reg.resolve_all(["Volodymyr Zelenskyy", "Zelensky", "Zelenskiy", "President Volodymyr Zelenskiy",
                             "Ukraine's Volodymyr Zelensky"])
    ids = {sp.speaker_id for sp in found.values()}
    assert len(ids) == 1
    speaker = next(iter(found.values()))
    assert speaker.name.startswith("Volodymyr Zelensk")
    assert {"Zelensky", "Zelenskiy"} <= speaker.aliases


def test_surname_and_title_name_join_the_full_name():
    """"Trump", "President Trump" and "Mr. Trump" are Donald Trump once he is known."""
    reg = SpeakerRegistry()
    donald = reg.resolve("US President Donald Trump")
    assert donald.name == "Donald Trump"
    for raw in ("Trump", "President Trump", "Mr. Trump", "Trump's"):
        assert reg.resolve(raw).speaker_id == donald.speaker_id


def test_full_name_takes_over_an_earlier_bare_surname_and_keeps_its_id():
    """A bare surname seen first becomes the full name when it arrives; the speaker id does not change."""
    reg = SpeakerRegistry()
    first = reg.resolve("Ushakov")
    full = reg.resolve("Yuri Ushakov")
    assert full.speaker_id == first.speaker_id
    assert full.name == "Yuri Ushakov" and full.kind == "person"
    assert reg.resolve("Yury Ushakov").speaker_id == first.speaker_id


def test_two_people_sharing_a_surname_are_not_merged():
    """Donald Trump and Melania Trump stay two speakers; a bare "Trump" is then not guessed onto either."""
    reg = SpeakerRegistry()
    donald = reg.resolve("Donald Trump")
    melania = reg.resolve("Melania Trump")
    assert donald.speaker_id != melania.speaker_id
    bare = SpeakerRegistry([donald, melania]).resolve("Trump")
    assert bare.speaker_id not in (donald.speaker_id, melania.speaker_id)


def test_organizations_match_organizations_only():
    """The Kremlin's spokesperson speaks for the Kremlin; a person is never fuzzy-matched to an organization."""
    reg = SpeakerRegistry()
    kremlin = reg.resolve("the Kremlin")
    assert kind_of(clean("the Kremlin")) == "org"
    assert reg.resolve("Kremlin's spokesperson").speaker_id == kremlin.speaker_id
    peskov = reg.resolve("Kremlin spokesman Dmitry Peskov")
    assert peskov.name == "Dmitry Peskov" and peskov.kind == "person"
    assert reg.resolve("Security Service of Ukraine").speaker_id == reg.resolve(
        "the Security Service of Ukraine").speaker_id


def test_generic_descriptions_are_not_pooled_with_people():
    """Lower-case descriptions ("officials", "they") stay unknown speakers of their own."""
    reg = SpeakerRegistry()
    person = reg.resolve("Donald Trump")
    for raw in ("officials", "they", "security officials"):
        sp = reg.resolve(raw)
        assert sp.kind == "unknown" and sp.speaker_id != person.speaker_id


def test_registry_reloaded_keeps_ids_and_resolves_aliases():
    """Speakers handed to a new registry keep their ids; new speakers get the next free id."""
    reg = SpeakerRegistry()
    a = reg.resolve("Volodymyr Zelenskyy")
    b = reg.resolve("White House")
    again = SpeakerRegistry(list(reg.by_id.values()))
    assert again.resolve("Zelensky").speaker_id == a.speaker_id
    assert again.resolve("the White House").speaker_id == b.speaker_id
    assert again.resolve("Karoline Leavitt").speaker_id == max(a.speaker_id, b.speaker_id) + 1
