"""A claim's timeline as shapes for an inline SVG: one lane per outlet, time across, each mention a dot
labelled with its variant (the figures it gives and its wording), the first report marked.

Pure layout: mentions in, coordinates and texts out. The template draws them; every text is escaped
there like any other scraped string.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Sequence

from claims.quantities.parse import describe
from warehouse.store import quantities_from_json

#: Chart geometry in SVG user units (the SVG scales to the page width).
WIDTH = 960
LEFT = 180          # outlet names
RIGHT = 90          # the "undated" column and room for the last label
TOP = 36
LANE = 46
BOTTOM = 44
UNDATED_GAP = 60
MAX_NAME = 24       # characters of an outlet name shown in its lane
MAX_LABEL = 22      # characters of a variant label beside its dot
DOT_GAP = 16        # least distance between two dots of one lane
PALETTE = ("#1f6feb", "#d1242f", "#1a7f37", "#9a6700", "#8250df", "#bc4c00", "#0a7b83", "#6e7781")


@dataclass(frozen=True)
class Mention:
    """One report of the claim as the timeline needs it."""

    mention_no: int
    published: datetime | None
    outlet: str
    wording: str
    figures: tuple[str, ...]


@dataclass(frozen=True)
class Variant:
    """A distinct way the claim was told: the figures given and the words used (case and punctuation aside)."""

    letter: str
    figures: tuple[str, ...]
    wording: str
    color: str
    mentions: int

    @property
    def label(self) -> str:
        return f"{self.letter} · {', '.join(self.figures)}" if self.figures else self.letter


@dataclass(frozen=True)
class Dot:
    x: float
    y: float
    label: str          # the variant's short label beside the dot
    label_y: float
    title: str          # the hover text: outlet, time, variant, wording
    color: str
    first: bool
    mention_no: int


@dataclass(frozen=True)
class Lane:
    y: float
    name: str
    full_name: str


@dataclass(frozen=True)
class Tick:
    x: float
    label: str


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    plot_left: float
    plot_right: float
    axis_y: float
    lanes: tuple[Lane, ...]
    ticks: tuple[Tick, ...]
    dots: tuple[Dot, ...]
    variants: tuple[Variant, ...]
    undated_x: float | None
    first: Dot | None


def figures_of(quantities_json: str | None) -> tuple[str, ...]:
    """The figures a stored claim gives ("about 75 minutes"), from claim_store.quantities."""
    try:
        quantities = quantities_from_json(quantities_json)
    except (TypeError, ValueError, KeyError):
        return ()
    out: list[str] = []
    for q in quantities:
        try:
            text = describe(q)
        except (TypeError, ValueError, KeyError):
            text = " ".join(q.text.split())
        if text and text not in out:
            out.append(text)
    return tuple(out)


def _words(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold()))


def variants_of(mentions: Sequence[Mention]) -> dict[int, Variant]:
    """Each mention's variant (mention_no → Variant); letters in order of first appearance."""
    by_key: dict[tuple, list[Mention]] = {}
    for m in sorted(mentions, key=lambda m: m.mention_no):
        by_key.setdefault((m.figures, _words(m.wording)), []).append(m)
    out = {}
    for i, ((figures, _), group) in enumerate(by_key.items()):
        letter = _letter(i)
        v = Variant(letter, figures, group[0].wording, PALETTE[i % len(PALETTE)], len(group))
        for m in group:
            out[m.mention_no] = v
    return out


def _letter(i: int) -> str:
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


def _short(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def _ticks(lo: datetime, hi: datetime, x_of) -> list[Tick]:
    span = (hi - lo).total_seconds()
    steps = [3600, 3 * 3600, 6 * 3600, 12 * 3600, 86400, 2 * 86400, 7 * 86400, 14 * 86400, 30 * 86400, 91 * 86400,
             365 * 86400]
    step = next((s for s in steps if span / s <= 6), steps[-1])
    fmt = "%b %d %H:%M" if step < 86400 else ("%b %d" if step < 365 * 86400 else "%Y")
    if step >= 86400:
        t = datetime(lo.year, lo.month, lo.day)
    else:
        t = lo.replace(minute=0, second=0, microsecond=0)
    ticks = []
    while t <= hi:
        if t >= lo:
            ticks.append(Tick(x_of(t), t.strftime(fmt)))
        t += timedelta(seconds=step)
    return ticks


def layout(mentions: Sequence[Mention]) -> Chart:
    """The chart: lanes in order of each outlet's first report, undated mentions in a column of their own."""
    ordered = sorted(mentions, key=lambda m: (m.published is None, m.published or datetime.min, m.mention_no))
    variants = variants_of(ordered)
    lane_names: list[str] = []
    for m in ordered:
        if m.outlet not in lane_names:
            lane_names.append(m.outlet)
    lanes = tuple(Lane(TOP + LANE * (i + 0.5), _short(n, MAX_NAME), n) for i, n in enumerate(lane_names))
    lane_y = {lane.full_name: lane.y for lane in lanes}
    axis_y = TOP + LANE * len(lanes) + 6
    height = int(axis_y + BOTTOM)
    dated = [m.published for m in ordered if m.published is not None]
    has_undated = any(m.published is None for m in ordered)
    plot_left, plot_right = LEFT + 20, WIDTH - RIGHT - (UNDATED_GAP if has_undated else 0)
    undated_x = WIDTH - RIGHT - UNDATED_GAP / 2 + 20 if has_undated else None
    ticks: list[Tick] = []
    if dated:
        lo, hi = min(dated), max(dated)
        if hi - lo < timedelta(hours=2):
            lo, hi = lo - timedelta(hours=12), hi + timedelta(hours=12)
        span = (hi - lo).total_seconds()

        def x_of(t: datetime) -> float:
            return plot_left + (plot_right - plot_left) * (t - lo).total_seconds() / span

        ticks = _ticks(lo, hi, x_of)
    dots: list[Dot] = []
    placed: dict[str, list[float]] = {}  # lane -> x of its dots, to set same-time mentions side by side
    first_no = min((m.mention_no for m in ordered), default=None)
    for m in ordered:
        x = x_of(m.published) if m.published is not None else undated_x
        y = lane_y[m.outlet]
        while any(abs(x - other) < DOT_GAP for other in placed.get(m.outlet, ())):
            x += DOT_GAP
        placed.setdefault(m.outlet, []).append(x)
        v = variants[m.mention_no]
        when = m.published.strftime("%Y-%m-%d %H:%M") if m.published else "undated"
        crowded = len(placed[m.outlet]) > 1 and any(0 < x - o < 3 * DOT_GAP for o in placed[m.outlet])
        dots.append(Dot(
            x=round(x, 1), y=y, label=_short(v.label, MAX_LABEL),
            label_y=y + 20 if crowded else y - 10,  # a label beside a close neighbour goes below its dot
            title=f"#{m.mention_no} {m.outlet}, {when}: variant {v.letter}: {m.wording}",
            color=v.color, first=m.mention_no == first_no, mention_no=m.mention_no,
        ))
    seen, unique = set(), []
    for m in ordered:
        v = variants[m.mention_no]
        if v.letter not in seen:
            seen.add(v.letter)
            unique.append(v)
    first = next((d for d in dots if d.first), None)
    return Chart(WIDTH, height, plot_left, plot_right, axis_y, lanes, tuple(ticks), tuple(dots), tuple(unique),
                 undated_x, first)
