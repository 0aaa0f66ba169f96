"""Golden tests of the attribution extractor on invented sentences, one per kind of attribution."""
from __future__ import annotations

import pytest

from claims.extraction.extractor import Extractor, ExtractSettings
from claims.extraction.quotes import find_quotes
from claims.model import STANCES, ArticleClaims, Attribution


@pytest.fixture(scope="module")
def ex() -> Extractor:
    return Extractor(ExtractSettings())


def by_cue(result: ArticleClaims, text: str, cue: str) -> Attribution:
    found = [a for a in result.attributions if a.cue is not None and a.cue.slice(text) == cue]
    assert found, f"no attribution with cue {cue!r}: {[(a.cue and a.cue.slice(text), a.text) for a in result.attributions]}"
    return found[0]


def contents(a: Attribution, text: str) -> list[str]:
    return [s.slice(text) for s in a.content]


def test_direct_quote_after_speech_verb(ex):
    """A quote followed by "Name said" is a direct attribution with the quote marks kept."""
    text = "“We will finish the Carrow bridge by June,” Mayor Lena Ortiz said on Tuesday."
    a = by_cue(ex.extract(text), text, "said")
    assert contents(a, text) == ["“We will finish the Carrow bridge by June,”"]
    assert a.speaker.slice(text) == "Mayor Lena Ortiz"
    assert a.speaker_name == "Lena Ortiz"
    assert a.quote_type == "direct" and a.stance == "assert"


def test_direct_quote_inverted_said_name(ex):
    """"“Q,” said Name, a description." takes the speaker after the verb."""
    text = "“The tunnel is safe,” said Hal Brenner, the chief engineer of the harbor authority."
    a = by_cue(ex.extract(text), text, "said")
    assert contents(a, text) == ["“The tunnel is safe,”"]
    assert "Hal Brenner" in a.speaker.slice(text)
    assert a.speaker_name == "Hal Brenner"


def test_direct_quote_before_colon(ex):
    """"Name said: “Q”" attaches the quote that follows the cue clause."""
    text = "Councillor Ada Voss said: “The budget leaves the ferries without money.”"
    a = by_cue(ex.extract(text), text, "said")
    assert contents(a, text) == ["“The budget leaves the ferries without money.”"]
    assert a.speaker_name == "Ada Voss"
    assert a.quote_type == "direct"


def test_quote_interrupted_by_cue(ex):
    """"“Q1,” she said, “Q2.”" is one attribution with two content spans."""
    text = "“The ferry will run on Sundays,” Ada Voss said, “and the fares will stay the same.”"
    a = by_cue(ex.extract(text), text, "said")
    assert contents(a, text) == ["“The ferry will run on Sundays,”", "“and the fares will stay the same.”"]


def test_quote_continues_after_cue_sentence(ex):
    """"“Q1,” he said. “Q2.”" continues the quote across the cue sentence."""
    text = "“We are ready,” Hal Brenner said. “The crews have trained for months.”"
    a = by_cue(ex.extract(text), text, "said")
    assert contents(a, text) == ["“We are ready,”", "“The crews have trained for months.”"]
    assert a.speaker_name == "Hal Brenner"


def test_quote_continues_into_next_paragraph(ex):
    """A paragraph that is only a quote continues the direct attribution before it."""
    text = ("“The harbor needs a new dock,” Ada Voss said.\n\n"
            "“Ships wait for days, and the town loses money every week.”\n")
    a = by_cue(ex.extract(text), text, "said")
    assert contents(a, text)[-1] == "“Ships wait for days, and the town loses money every week.”"
    assert len(a.content) == 2


def test_multi_paragraph_quote_left_open(ex):
    """A quote left open at a paragraph end runs on into the next paragraph's quote."""
    text = ("Ada Voss said: “The harbor needs a new dock. Ships wait for days.\n\n"
            "“The town loses money every week.”\n")
    a = by_cue(ex.extract(text), text, "said")
    assert len(a.content) == 2
    assert contents(a, text)[1] == "“The town loses money every week.”"


def test_paragraphs_opened_by_single_quote_marks_continue_the_speaker(ex):
    """British style: each paragraph of a long quote opens with ‘ and none closes; they are the speaker's."""
    text = ("“I understand people are worried about the outage,” Tomas Rell wrote.\n\n"
            "‘My government is working closely with the grid operator.\n\n"
            "‘There is no impact on hospitals or emergency services at this stage.\n\n"
            "The outage began at 3pm on Friday.\n")
    a = by_cue(ex.extract(text), text, "wrote")
    assert contents(a, text)[1:] == ["‘My government is working closely with the grid operator.",
                                     "‘There is no impact on hospitals or emergency services at this stage."]
    assert [c.text for c in ex.extract(text).claims][-1] == \
        "Tomas Rell wrote There is no impact on hospitals or emergency services at this stage."


def test_single_quote_marks_open_a_quote_only_at_a_paragraph_start():
    text = "The minister’s office said ‘no’.\n‘Total failure’: the council’s verdict on the plan\n‘We don’t know yet."
    got = [text[q.start : q.end] for q in find_quotes(text)]
    assert got == ["‘Total failure’", "‘We don’t know yet."]


def test_indirect_speech_keeps_that(ex):
    """Indirect content starts at "that" and drops the sentence's final period."""
    text = "Lena Ortiz said that the Carrow bridge would open in June."
    a = by_cue(ex.extract(text), text, "said")
    assert contents(a, text) == ["that the Carrow bridge would open in June"]
    assert a.quote_type == "indirect"
    assert a.text == "Lena Ortiz said the Carrow bridge would open in June"


def test_mixed_quote(ex):
    """Indirect content with a quoted fragment is a mixed quote."""
    text = "Hal Brenner said the repairs were “entirely routine” and would end soon."
    a = by_cue(ex.extract(text), text, "said")
    assert contents(a, text) == ["the repairs were “entirely routine” and would end soon"]
    assert a.quote_type == "mixed"
    assert "“" not in a.text


def test_mixed_lead_in_before_quote(ex):
    """"The plan is “a disaster,” she said" starts the content at the lead-in words."""
    text = "The ferry plan is “a costly disaster for the island,” Ada Voss said."
    a = by_cue(ex.extract(text), text, "said")
    assert contents(a, text) == ["The ferry plan is “a costly disaster for the island,”"]
    assert a.quote_type == "mixed"


def test_according_to(ex):
    """"according to X" is the cue, X the speaker, the rest of the sentence the content."""
    text = "The dock will cost 40 million dollars, according to the harbor authority."
    a = by_cue(ex.extract(text), text, "according to")
    assert contents(a, text) == ["The dock will cost 40 million dollars"]
    assert a.speaker.slice(text) == "the harbor authority"


def test_noun_cue_claim_that(ex):
    """A noun cue with a that-clause: "his claim that ..."."""
    text = "Residents doubted Hal Brenner's claim that the tunnel was safe."
    a = by_cue(ex.extract(text), text, "claim")
    assert contents(a, text) == ["that the tunnel was safe"]
    assert a.speaker_name == "Hal Brenner"


def test_colon_cue_transcript(ex):
    """An interview line "VOSS: ..." has the colon as cue and the name as speaker."""
    text = "Ada Voss spoke to the radio.\n\nVOSS: The ferries will run every hour from May.\n"
    a = by_cue(ex.extract(text), text, ":")
    assert a.speaker.slice(text) == "VOSS"
    assert contents(a, text) == ["The ferries will run every hour from May."]
    assert a.speaker_name == "Ada Voss"


def test_relative_clause_speaker(ex):
    """"X, who said ..." takes the relative clause's antecedent as speaker."""
    text = "The plan was backed by Hal Brenner, who said that the dock would pay for itself."
    a = by_cue(ex.extract(text), text, "said")
    assert a.speaker_name == "Hal Brenner"
    assert contents(a, text) == ["that the dock would pay for itself"]


@pytest.mark.parametrize(
    ("sentence", "cue", "stance"),
    [
        ("Lena Ortiz rejected the proposal for a toll on the bridge.", "rejected", "reject"),
        ("Hal Brenner denied that the tunnel had leaked.", "denied", "deny"),
        ("Ada Voss warned that the ferries could stop in winter.", "warned", "warn"),
        ("Lena Ortiz expects that the bridge will open in June.", "expects", "predict"),
        ("Ada Voss described the toll plan as unfair to islanders.", "described", "assert"),
        ("Hal Brenner dismissed the report as fiction.", "dismissed", "reject"),
    ],
)
def test_stance_cues(ex, sentence, cue, stance):
    """Stance verbs map to their stance (reject, deny, warn, predict)."""
    a = by_cue(ex.extract(sentence), sentence, cue)
    assert a.stance == stance
    assert a.stance in STANCES


def test_negation_on_cue(ex):
    """A negated cue ("did not say") or negated content verb sets ``negated``."""
    text = "Lena Ortiz said that the bridge would not open in June."
    a = by_cue(ex.extract(text), text, "said")
    assert a.negated


def test_cue_inside_quote_is_ignored(ex):
    """Speech verbs inside a quote are the speaker's words, not a new attribution."""
    text = "“People said the ferry was late again,” Ada Voss said."
    result = ex.extract(text)
    cues = [a.cue.slice(text) for a in result.attributions if a.cue]
    assert cues.count("said") == 1
    assert result.attributions[0].cue.start == text.rindex("said")


def test_pronoun_speaker_resolved(ex):
    """"She said" resolves to the person the article introduced."""
    text = "Harbor councillor Ada Voss visited the dock on Monday.\n\nShe said that the ferries would run every hour."
    a = by_cue(ex.extract(text), text, "said")
    assert a.speaker.slice(text) == "She"
    assert a.speaker_name == "Ada Voss"


def test_claims_one_per_attribution(ex):
    """Each attribution yields a claim that points back at it and spans its content."""
    text = "Lena Ortiz said that the bridge would open in June. Hal Brenner said the tunnel was safe."
    result = ex.extract(text)
    assert len(result.claims) == len(result.attributions) == 2
    for claim in result.claims:
        att = result.attributions[claim.attribution_index]
        assert claim.span.start == att.start and claim.span.end == att.end


def test_find_quotes_straight_and_curly():
    """Quote finder pairs straight, curly and doubled-apostrophe marks within a paragraph."""
    text = "He said \"yes\" and ''no'' and “maybe.”\nThen “open"
    spans = [text[q.start : q.end] for q in find_quotes(text)]
    assert spans == ['"yes"', "''no''", "“maybe.”", "“open"]


@pytest.mark.parametrize(
    "text",
    ["", "   \n\n ", "\ud800\udfff said “", "“" * 200, "said said said", "\x00\x01 he said: “\u202e”", "x" * 5000],
)
def test_never_raises_and_offsets_in_range(ex, text):
    """Arbitrary input never raises and every offset lies inside the text."""
    result = ex.extract(text)
    for a in result.attributions:
        for s in (a.speaker, a.cue, *a.content):
            if s is not None:
                assert 0 <= s.start <= s.end <= len(text)


def test_long_text_is_chunked_with_offsets():
    """Texts over the chunk size are split at paragraphs and offsets stay right."""
    ex = Extractor(ExtractSettings(chunk_chars=1000))
    para = "Lena Ortiz said that the bridge would open in June.\n\n"
    text = "Filler text about the harbor.\n\n" * 40 + para * 3
    result = ex.extract(text)
    assert len(result.attributions) == 3
    for a in result.attributions:
        assert a.content[0].slice(text) == "that the bridge would open in June"


def test_extract_many_matches_extract(ex):
    """extract_many gives the same result as extract, text by text."""
    texts = ["Lena Ortiz said that the bridge would open.", "", "“Fine,” Ada Voss said."]
    assert ex.extract_many(texts) == [ex.extract(t) for t in texts]


def test_dash_cue_after_quote(ex):
    """A quote followed by "― Name" on its line has the dash as cue and the name as speaker."""
    text = "“The ferry saved my business this winter.” ― Mara Quill\n“It was late every day.” ― Tom Reed\n"
    a = by_cue(ex.extract(text), text, "―")
    assert contents(a, text) == ["“The ferry saved my business this winter.”"]
    assert a.speaker.slice(text) == "Mara Quill"


def test_transcript_line_opened_by_quote(ex):
    """A transcript line "\\"VOSS: ..." is a colon attribution even inside the line's quote."""
    text = 'Partial transcript as follows:\n\n"VOSS: The ferries will run every hour from May.\n\n"ORTIZ: And the bridge opens in June.\n'
    result = ex.extract(text)
    colon = [a for a in result.attributions if a.cue_lemma == ":"]
    assert [a.speaker.slice(text) for a in colon][-2:] == ["VOSS", "ORTIZ"]
    assert contents(colon[-1], text) == ["And the bridge opens in June."]


def test_poll_as_source(ex):
    """"In a new poll, X ..." makes the poll the source and the rest of the sentence the content."""
    text = "In a new Harbor Ledger poll, 62 percent of islanders back the bridge toll."
    a = by_cue(ex.extract(text), text, "In")
    assert a.speaker.slice(text) == "a new Harbor Ledger poll"
    assert contents(a, text) == ["62 percent of islanders back the bridge toll"]


def test_content_split_around_inner_cue(ex):
    """"The fare, the authority says, will rise" has the content on both sides of the cue."""
    text = "The ferry fare, the harbor authority says, will rise by a third in May."
    a = by_cue(ex.extract(text), text, "says")
    assert contents(a, text) == ["The ferry fare", "will rise by a third in May"]
    assert a.speaker.slice(text) == "the harbor authority"


def test_relative_pronoun_is_speaker_span(ex):
    """"Voss, who warned that ..." marks "who" as the speaker span (as PolNeAR does) named Voss."""
    text = "The plan was opposed by Ada Voss, who warned that the ferries would lose money."
    a = by_cue(ex.extract(text), text, "warned")
    assert a.speaker.slice(text) == "who"
    assert a.speaker_name == "Ada Voss"
    assert a.stance == "warn"


def test_negated_cue_in_claim_text(ex):
    """A negated cue keeps its negation in the normalized claim text."""
    text = "Ada Voss did not say that the ferry was late."
    a = by_cue(ex.extract(text), text, "say")
    assert a.negated
    assert a.text == "Ada Voss did not say the ferry was late"


@pytest.mark.slow
def test_overlong_runs_without_spaces_are_parsed_quickly_with_offsets_kept():
    """A 24,000-character run of punctuation (quadratic for spaCy's tokenizer) is cut for parsing only."""
    import time

    from claims.extraction.chunks import break_long_runs
    from claims.extraction.extractor import Extractor

    run = ".,;:!?" * 4000
    broken = break_long_runs(run)
    assert len(broken) == len(run) and all(b in (r, " ") for b, r in zip(broken, run))
    assert broken.count(" ") == len(run) // 200
    text = "Mayor Ana Ruiz said the bridge would open in May. " + run
    started = time.monotonic()
    result = Extractor().extract(text)
    assert time.monotonic() - started < 60
    assert any(text[a.content[0].start : a.content[0].end].startswith("the bridge") for a in result.attributions)
