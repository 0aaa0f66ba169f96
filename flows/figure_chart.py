"""Each measure of a story as a small chart: its values over time, disagreements marked.

Pure layout for the story page (``story.html`` draws it as inline SVG, no script): one chart per
measured thing with at least two values, x the publication time (undated values at the right), y the
value (an interval as a bar), a value in a numeric disagreement drawn as a marked dot with its side.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from typing import Sequence

WIDTH, HEIGHT = 360, 110
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 12, 22


@dataclass(frozen=True)
class Value:
    """One figure mention: what it measures, its value as written and as an interval, who gave it and when."""

    measure: str
    text: str
    value: float
    low: float
    high: float
    outlet: str
    published: datetime | None
    side: str | None = None  # its side in a numeric disagreement, None when in none


@dataclass(frozen=True)
class Dot:
    x: float
    y: float
    y_low: float
    y_high: float
    title: str
    disagrees: bool


@dataclass(frozen=True)
class MeasureChart:
    measure: str
    width: int
    height: int
    dots: tuple[Dot, ...]
    y_labels: tuple[tuple[float, str], ...]  # (y, label) of the lowest and highest value
    x_labels: tuple[tuple[float, str], ...]  # (x, label) of the first and last day
    disagreements: int                        # how many of its values are on a side of a disagreement


def _fmt(v: float) -> str:
    return f"{v:,.0f}" if abs(v) >= 100 or v == int(v) else f"{v:,.2f}".rstrip("0").rstrip(".")


def chart(measure: str, values: Sequence[Value]) -> MeasureChart:
    """One measure's chart (``values`` of that measure)."""
    finite = [b for v in values for b in (v.low, v.high, v.value) if b is not None and math.isfinite(b)]
    lo, hi = (min(finite), max(finite)) if finite else (0.0, 1.0)
    if hi == lo:
        lo, hi = lo - 1, hi + 1
    plot_h = HEIGHT - TOP - BOTTOM

    def y_of(v: float) -> float:
        v = min(max(v, lo), hi) if math.isfinite(v) else (hi if v > 0 else lo)
        return round(TOP + plot_h * (1 - (v - lo) / (hi - lo)), 1)

    dated = sorted(v.published for v in values if v.published is not None)
    undated = any(v.published is None for v in values)
    right = WIDTH - RIGHT - (30 if undated else 0)
    t0, t1 = (dated[0], dated[-1]) if dated else (None, None)

    def x_of(v: Value, k: int) -> float:
        if v.published is None:
            return float(WIDTH - RIGHT - 10)
        if t0 == t1:
            return round((LEFT + right) / 2 + (k % 5 - 2) * 4, 1)
        return round(LEFT + (right - LEFT) * (v.published - t0).total_seconds() / (t1 - t0).total_seconds(), 1)

    dots = []
    for k, v in enumerate(sorted(values, key=lambda v: (v.published is None, v.published or datetime.min, v.outlet))):
        when = v.published.strftime("%Y-%m-%d %H:%M") if v.published else "undated"
        side = f" · disagreement side {v.side}" if v.side else ""
        dots.append(Dot(x_of(v, k), y_of(v.value), y_of(v.low), y_of(v.high),
                        f"{v.outlet} · {when} · {v.text}{side}", v.side is not None))
    x_labels = []
    if t0 is not None:
        x_labels.append((float(LEFT), t0.strftime("%b %d")))
        if t1 != t0 and t1.date() != t0.date():
            x_labels.append((float(right), t1.strftime("%b %d")))
    if undated:
        x_labels.append((float(WIDTH - RIGHT - 10), "undated"))
    return MeasureChart(measure, WIDTH, HEIGHT, tuple(dots), ((y_of(hi), _fmt(hi)), (y_of(lo), _fmt(lo))),
                        tuple(x_labels), sum(1 for d in dots if d.disagrees))


def charts(values: Sequence[Value], limit: int = 12) -> list[MeasureChart]:
    """A chart per measure with at least two values: those with disagreements first, then the most told."""
    by_measure: dict[str, list[Value]] = {}
    for v in values:
        by_measure.setdefault(v.measure or "unnamed measure", []).append(v)
    out = [chart(m, vs) for m, vs in by_measure.items() if len(vs) >= 2]
    out.sort(key=lambda c: (-c.disagreements, -len(c.dots), c.measure))
    return out[:limit]
