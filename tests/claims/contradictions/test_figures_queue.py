"""A figure disagreement as one grouped contradiction: its mentions are the claims holding its figures."""
from __future__ import annotations

from dataclasses import replace

from claims.contradictions.figures import detect_numeric_disagreements
from claims.contradictions.grouping import across_articles, covered_pairs, figure_sides, from_figures, side_label

from claims.model import StoredFigure
from claims.quantities.figures import figures_of_text, sentence_spans


def stored(articles):
    out, fid = [], 0
    for aid, (outlet, day, text) in enumerate(articles, start=1):
        for f in figures_of_text(text, sentence_spans(text)):
            fid += 1
            out.append(StoredFigure(fid, aid, fid, (fid,), outlet, day, f))
    return out

TOLL = [
    ("Harbor Ledger", "2031-06-02", "Rescue chief Ana Kord said at least 14 people were killed in the Tern Bay sinking."),
    ("Civic Wire", "2031-06-02", "Rescue chief Ana Kord said nine people were killed in the Tern Bay sinking."),
    ("Bay Herald", "2031-06-02", "Nine people were killed in the Tern Bay sinking, rescue chief Ana Kord said."),
]


def toll():
    (d,) = [d for d in detect_numeric_disagreements(stored(TOLL)) if d.measure.startswith("people killed")]
    return d


def test_one_contradiction_with_a_mention_per_claim_and_readable_sides():
    d = from_figures(toll())
    assert d is not None and d.kind == "numeric" and d.key == toll().key
    assert {(m.claim_id, m.side) for m in d.mentions} == {(1, "≥14 people"), (2, "9 people"), (3, "9 people")}
    assert d.reason == "9 people — claim 2, claim 3 · ≥14 people — claim 1"  # lower value first
    assert covered_pairs([d]) == {frozenset((1, 2)), frozenset((1, 3))}


def test_a_claim_on_both_sides_is_left_out_and_a_split_claim_takes_its_figure_side():
    d = toll()
    # the third figure's clause also overlaps claim 7 (the extractor split its sentence); the second's claim is 9,
    # and claim 9 is overlapped by the first figure's clause as well: two sides, so no mention
    first, = d.sides[1].mentions if d.sides[1].label.startswith("≥") else d.sides[0].mentions
    sides = tuple(replace(s, mentions=tuple(
        replace(m, claim_id=9 if m.figure_id == 2 else m.claim_id,
                claim_ids=(m.claim_id, 7) if m.figure_id == 3 else (m.claim_id, 9) if m is first else (9,))
        for m in s.mentions)) for s in d.sides)
    got = figure_sides(replace(d, sides=sides))
    assert got[7] == got[3] == "9" and got[1].startswith("≥") and got[9] == "9"  # its own figure first
    assert side_label(d.sides[0]) in ("9 people", "≥14 people")


def test_two_values_in_one_article_are_not_across_articles():
    one = [("Harbor Ledger", "2031-06-02", "Police said a 40-year-old man was hurt in Tern Bay. "
            "A 43-year-old man was also hurt in Tern Bay, police said.")]
    assert all(not across_articles(d) for d in detect_numeric_disagreements(stored(one)))
    assert across_articles(toll())


def test_route_queues_figure_disagreements_and_drops_the_pairs_they_cover():
    """The toll is one queued disagreement; the rules' numeric pair it covers is dropped, a polarity pair stays."""
    from claims.contradictions.grouping import route
    from claims.model import Contradiction

    numeric_pair = Contradiction("numeric", 1, 2, "14 / 9", "how many: killed", 0.9)
    polarity_pair = Contradiction("polarity", 1, 2, "sank / did not sink", "the ferry", 0.9)
    routed = route([toll()], {}, [numeric_pair, polarity_pair])
    assert [d.kind for d in routed.from_figures] == ["numeric"] and routed.one_article == ()
    assert routed.pairs == (polarity_pair,)


def test_disagreements_are_found_story_by_story():
    """The same two values in two stories are no disagreement; in one story they are."""
    from claims.contradictions.figures import disagreements_by_story

    figs = stored(TOLL[:2])
    texts = {1: (TOLL[0][2], TOLL[0][1]), 2: (TOLL[1][2], TOLL[1][1])}
    assert disagreements_by_story(figs, texts, {1: 1, 2: 2}, 3.0, 0.0) == []
    assert [d.measure for d in disagreements_by_story(figs, texts, {1: 1, 2: 1}, 3.0, 0.0)
            if d.measure.startswith("people killed")]
