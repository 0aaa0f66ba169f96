"""flows.listing.render: any rows fit any width, headers whole, long text cut with "…" after three lines."""
from __future__ import annotations

from datetime import datetime

from hypothesis import given, settings, strategies as st

from flows.listing import Column, cell, render

COLUMNS = [Column("n", "#", "int"), Column("at", "started", "time"), Column("who", "outlet", max_width=12),
           Column("text", "claim", "text")]
words = st.text(alphabet=st.sampled_from("abcdefghij "), min_size=0, max_size=300)


@settings(max_examples=60, deadline=None)
@given(rows=st.lists(st.tuples(st.integers(0, 10**6), words, words), max_size=6), width=st.integers(40, 160))
def test_any_rows_fit_any_width(rows, width):
    data = [{"n": n, "at": datetime(2026, 3, 1, 7, 52, 27), "who": who, "text": text} for n, who, text in rows]
    out = render(data, COLUMNS, width, title="A title that is long enough to be wrapped at forty columns or so")
    lines = out.splitlines()
    assert max(len(line) for line in lines) <= width
    headers = ["#", "started", "outlet", "claim"]
    tables = [line for line in lines if line.split()[:2] == headers[:2]]
    if tables:  # a table: the headers whole, in order
        assert tables[0].split() == headers
    else:  # too narrow for the table: a record per row, a header at the start of each line
        assert not data or {line.split()[0] for line in lines if line[:1] not in (" ", "─", "")} >= set(headers)


def test_text_is_cut_with_an_ellipsis_after_three_lines_and_numbers_align_right():
    text = " ".join(["word"] * 200)
    out = render([{"n": 7, "at": None, "who": "Harbor Ledger Evening Edition", "text": text}], COLUMNS, 80)
    lines = out.splitlines()
    body = lines[2:]
    assert len(body) == 3 and body[2].endswith("…")
    assert "Harbor Ledg…" in body[0]
    assert lines[0].index("#") == body[0].index("7")  # right-aligned under its header


def test_times_are_to_the_minute_in_one_cell():
    assert cell(datetime(2026, 12, 6, 7, 52, 27, 389810), "time") == "2026-12-06 07:52"
    assert cell(datetime(2026, 12, 6), "date") == "2026-12-06"
    assert cell(float("nan"), "num") == "" and cell(None) == ""
