"""Clustering claims: near-matches merge, guards keep contradictions apart, ids stay; atomic claims."""
from __future__ import annotations

from claims.extraction.splitting import split_claims
from claims.linking.clustering import cluster_claims
from claims.linking.guards import kept_apart
from claims.model import Attribution, Span, StoredClaim
from claims.quantities.parse import parse_quantities


def claim(claim_id: int, content: str, speaker: str = "Lena Marsh", stance: str = "assert", cluster_id=None,
          source: str = "Harbor Ledger") -> StoredClaim:
    return StoredClaim(claim_id=claim_id, article_id=claim_id, speaker=speaker, text=f"{speaker} said {content}",
                       content=content, stance=stance, negated=False, quantities=parse_quantities(content),
                       cluster_id=cluster_id, source=source,
                       claimant_kind="outlet" if speaker == source else "person")


def test_quote_and_paraphrase_of_one_statement_merge():
    """A direct quote and an indirect paraphrase of it by the same speaker end in one cluster."""
    a = claim(1, "“The harbor tunnel will reopen to traffic before the winter storms,”")
    b = claim(2, "that the harbour tunnel would reopen for traffic before winter storms arrive")
    result = cluster_claims([a, b], [], 1)
    assert result.assignments[1] == result.assignments[2]
    assert list(result.new_clusters) == [1]


def test_rejected_and_accepted_stay_apart():
    """"rejected" vs "accepted" about the same proposal stay in separate clusters."""
    a = claim(1, "the council rejected the ferry operator's proposal for a new timetable")
    b = claim(2, "the council accepted the ferry operator's proposal for a new timetable")
    assert kept_apart(a, b)
    result = cluster_claims([a, b], [], 1)
    assert result.assignments[1] != result.assignments[2]


def test_twelve_and_fifteen_million_are_one_claims_variants():
    """"$12 million" and "$15 million" for the same project by one speaker are one claim's history
    (variants stay in their cluster; the disagreement is raised as a contradiction, not a split)."""
    a = claim(1, "the port expansion will cost $12 million")
    b = claim(2, "the port expansion will cost $15 million")
    c = claim(3, "the expansion of the port will cost $12m")
    result = cluster_claims([a, b, c], [], 1)
    assert result.assignments[1] == result.assignments[2] == result.assignments[3]


def test_negation_and_opposite_stance_stay_apart():
    """A negated claim, or one reported with an opposite stance, does not join the positive one."""
    a = claim(1, "the bridge will open in May")
    b = claim(2, "the bridge will not open in May")
    c = claim(3, "the bridge will open in May", stance="deny")
    result = cluster_claims([a, b, c], [], 1)
    assert len({result.assignments[i] for i in (1, 2, 3)}) == 3


def test_other_speaker_needs_near_verbatim_words():
    """The same topic from another speaker opens its own cluster unless the words are nearly the same."""
    a = claim(1, "the toll on the old bridge will rise next spring", speaker="Lena Marsh")
    b = claim(2, "tolls on the bridge are going up in spring", speaker="Tom Reyes")
    c = claim(3, "the toll on the old bridge will rise next spring", speaker="Harbor Ledger")
    result = cluster_claims([a, b, c], [], 1)
    assert result.assignments[2] != result.assignments[1]
    assert result.assignments[3] == result.assignments[1]


def test_existing_cluster_ids_never_change():
    """New claims join existing clusters by id or open new ones numbered after them; old claims are not moved."""
    old = [claim(1, "the harbor tunnel will reopen before winter", cluster_id=7),
           claim(2, "the ferry fares will be frozen for a year", cluster_id=9)]
    new = [claim(3, "the harbour tunnel is going to reopen before the winter"),
           claim(4, "a new fish market will open on the quay")]
    result = cluster_claims(new, old, 10)
    assert result.assignments == {3: 7, 4: 10}
    assert list(result.new_clusters) == [10]


def test_split_claims_gives_one_claim_per_assertion():
    """Sentences and "and that" clauses of one quote become separate claims with their own spans."""
    text = ('Marsh said: "The call lasted about an hour. We discussed the ferry timetable." '
            'She added that fares would be frozen and that 40 new buses had been ordered.')
    q1 = text.index('"') + 1
    e1 = text.index('"', q1)
    c2 = text.index("fares")
    e2 = text.rindex(".")
    atts = [
        Attribution(speaker=Span(0, 5), cue=Span(6, 10), content=(Span(q1, e1),), speaker_text="Marsh",
                    speaker_name="Lena Marsh", cue_lemma="say", stance="assert", quote_type="direct",
                    text="Lena Marsh said " + text[q1:e1], quantities=parse_quantities(text[q1:e1], q1)),
        Attribution(speaker=None, cue=None, content=(Span(c2, e2),), speaker_text="She", speaker_name="Lena Marsh",
                    cue_lemma="add", stance="assert", quote_type="indirect", text="Lena Marsh added " + text[c2:e2],
                    quantities=parse_quantities(text[c2:e2], c2)),
    ]
    claims = split_claims(text, atts)
    contents = [c.content for c in claims]
    assert contents == ["The call lasted about an hour.", "We discussed the ferry timetable.",
                        "fares would be frozen", "40 new buses had been ordered"]
    assert [c.attribution_index for c in claims] == [0, 0, 1, 1]
    for c in claims:
        assert text[c.span.start:c.span.end] == c.content
        assert c.speaker_name == "Lena Marsh"
    assert [q.value for q in claims[0].quantities] == [60.0]
    assert claims[1].quantities == () and [q.value for q in claims[3].quantities] == [40.0]


def test_split_claims_keeps_a_single_assertion_unchanged():
    """An attribution that asserts one thing gives exactly one claim with the attribution's span and text."""
    text = 'Marsh said the bridge will open in May.'
    att = Attribution(speaker=Span(0, 5), cue=Span(6, 10), content=(Span(11, 38),), speaker_text="Marsh",
                      speaker_name="Lena Marsh", cue_lemma="say", stance="assert", quote_type="indirect",
                      text="Lena Marsh said the bridge will open in May", negated=False)
    (only,) = split_claims(text, [att])
    assert only.span == Span(11, 38) and only.text == att.text and only.content == text[11:38]


def test_split_claims_separates_numbers_about_different_things():
    """An aircraft count, a bomber count and a dollar figure in one content become three claims."""
    text = "Officials said the drones destroyed 41 Russian aircraft, including 11 strategic bombers, worth $7 billion."
    start, end = text.index("the drones"), len(text) - 1
    att = Attribution(speaker=Span(0, 9), cue=Span(10, 14), content=(Span(start, end),), speaker_text="Officials",
                      speaker_name="officials", cue_lemma="say", stance="assert", quote_type="indirect",
                      text="officials said " + text[start:end], quantities=parse_quantities(text[start:end], start))
    claims = split_claims(text, [att])
    assert [c.content for c in claims] == ["the drones destroyed 41 Russian aircraft", "11 strategic bombers",
                                           "worth $7 billion"]
    assert [[q.value for q in c.quantities] for c in claims] == [[41.0], [11.0], [7e9]]
