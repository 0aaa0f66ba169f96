"""Numeric disagreements from figures, on invented articles: what disagrees, what only looks as if it does."""
from __future__ import annotations

from claims.contradictions.figures import detect_numeric_disagreements
from claims.model import StoredFigure
from claims.quantities.figures import figures_of_text, sentence_spans


def stored(articles: list[tuple[str, str | None, str]]) -> list[StoredFigure]:
    out, fid = [], 0
    for aid, (outlet, day, text) in enumerate(articles, start=1):
        for f in figures_of_text(text, sentence_spans(text)):
            fid += 1
            out.append(StoredFigure(fid, aid, fid, (fid,), outlet, day, f))
    return out


def found(articles, places=()):
    return detect_numeric_disagreements(stored(articles), places=places)


def test_compatible_pairs_are_not_flagged():
    assert not found([
        ("Harbor Ledger", "2031-05-01", "The council meeting on the dam lasted 75 minutes, the mayor said."),
        ("Civic Wire", "2031-05-01", "The council meeting on the dam lasted an hour and 15 minutes, the mayor said."),
    ])
    assert not found([
        ("Harbor Ledger", "2031-05-01", "Port Elm lies about 160 miles south of the capital city."),
        ("Civic Wire", "2031-05-01", "Port Elm lies 260 kilometers south of the capital city."),
    ])
    assert not found([
        ("Harbor Ledger", "2031-05-01", "More than 40 boats were damaged in the storm at Tern Bay."),
        ("Civic Wire", "2031-05-01", "In all 41 boats were damaged in the storm at Tern Bay."),
    ])


def test_zones_convert_before_comparing():
    assert not found([
        ("Harbor Ledger", "2031-05-01", "The quake struck Tern Bay at 2:20 pm (Beijing time) on Friday."),
        ("Civic Wire", "2031-05-01", "The quake struck Tern Bay at 12:50 p.m. Myanmar Standard Time on Friday."),
    ])
    clash = found([
        ("Harbor Ledger", "2031-05-01", "The quake struck Tern Bay around 1:30 p.m. local time on Friday."),
        ("Civic Wire", "2031-05-01", "The quake struck Tern Bay at 12:51 PM Myanmar Standard Time on Friday."),
    ], places=(390,))
    assert len(clash) == 1 and clash[0].kind == "clock"


def test_two_counts_of_one_toll_disagree_with_sides_and_confidence():
    d = found([
        ("Harbor Ledger", "2031-05-02", "At least 14 people were killed in the Tern Bay flood."),
        ("Civic Wire", "2031-05-02", "Nine people were killed in the Tern Bay flood."),
        ("Bay Herald", "2031-05-02", "The Tern Bay flood killed 9 people, officials said."),
    ])
    assert len(d) == 1
    sides = {s.label: sorted(m.source for m in s.mentions) for s in d[0].sides}
    assert sides == {"9": ["Bay Herald", "Civic Wire"], "≥14": ["Harbor Ledger"]}
    assert 0 < d[0].confidence <= 1 and d[0].measure.startswith("people killed")


def test_a_toll_rising_over_days_is_an_update_and_a_falling_one_is_not():
    assert not found([
        ("Harbor Ledger", "2031-05-01", "Nine people were killed in the Tern Bay flood."),
        ("Civic Wire", "2031-05-03", "Twelve people were killed in the Tern Bay flood."),
    ])
    assert found([
        ("Harbor Ledger", "2031-05-01", "Twelve people were killed in the Tern Bay flood."),
        ("Civic Wire", "2031-05-03", "Nine people were killed in the Tern Bay flood."),
    ])


def test_different_measures_are_not_compared():
    assert not found([
        ("Harbor Ledger", "2031-05-02", "At least 14 people were killed in the Tern Bay flood."),
        ("Civic Wire", "2031-05-02", "Some 230 people were injured in the Tern Bay flood."),
    ])
