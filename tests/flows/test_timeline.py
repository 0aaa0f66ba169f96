"""The claim timeline's layout (flows/timeline.py): lanes, variants, the first report, undated mentions."""
from __future__ import annotations

import json
from datetime import datetime

from flows.timeline import Mention, figures_of, layout, variants_of


def m(no, when, outlet, wording, figures=()):
    return Mention(no, datetime.fromisoformat(when) if when else None, outlet, wording, tuple(figures))


MENTIONS = [
    m(1, "2026-03-02T09:00", "Harbor Ledger", "The meeting lasted about 75 minutes.", ["about 75 minutes"]),
    m(2, "2026-03-02T15:00", "Valley Courier", "the meeting lasted 95 minutes", ["95 minutes"]),
    m(3, "2026-03-04T08:00", "Eastport Herald", "The meeting lasted about 75 minutes", ["about 75 minutes"]),
    m(4, "2026-03-04T08:00", "Eastport Herald", "a long meeting"),
    m(5, None, "Harbor Ledger", "a long meeting!"),
]


def test_variants_group_same_figures_and_words():
    """Mentions with the same figures and words (case and punctuation aside) share a letter, in order of
    first appearance."""
    v = variants_of(MENTIONS)
    assert [v[i].letter for i in range(1, 6)] == ["A", "B", "A", "C", "C"]
    assert v[1].label == "A · about 75 minutes" and v[4].label == "C" and v[1].mentions == 2


def test_layout_lanes_time_axis_first_report_and_undated():
    """A lane per outlet in order of first report, x growing with time, the first report flagged once,
    undated mentions in a column right of the dated ones, same-time dots of one lane side by side."""
    chart = layout(MENTIONS)
    assert [lane.full_name for lane in chart.lanes] == ["Harbor Ledger", "Valley Courier", "Eastport Herald"]
    by_no = {d.mention_no: d for d in chart.dots}
    assert by_no[1].x < by_no[2].x < by_no[3].x
    assert [d.mention_no for d in chart.dots if d.first] == [1] and chart.first is by_no[1]
    assert chart.undated_x is not None and by_no[5].x >= chart.undated_x > by_no[3].x
    assert abs(by_no[3].x - by_no[4].x) >= 16 and by_no[3].y == by_no[4].y
    assert chart.ticks and all(chart.plot_left <= t.x <= chart.plot_right for t in chart.ticks)
    assert [v.letter for v in chart.variants] == ["A", "B", "C"]


def test_figures_read_from_stored_quantities():
    """Figures are described from claim_store.quantities; bad JSON gives none."""
    stored = json.dumps([{"value": 75.0, "unit": "minute", "qualifier": "about", "low": 67.5, "high": 82.5,
                          "text": "about an hour and 15 minutes", "noun": ""}])
    assert figures_of(stored) == ("about 75 minutes",)
    assert figures_of("[]") == () and figures_of(None) == () and figures_of("{not json") == ()


def test_one_mention_and_only_undated():
    """A single undated mention still draws: one lane, no time axis ticks, the dot in the undated column."""
    chart = layout([m(1, None, "Civic Wire", "x")])
    assert len(chart.lanes) == 1 and chart.ticks == () and chart.dots[0].first
