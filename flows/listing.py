"""Listings for a terminal, and the same rows for scripts: every listing command prints through here.

``render(rows, columns, width)`` lays rows out as plain text that fits ``width``: short headers that are
never split, numbers right-aligned, times to the minute in one cell, labels cut with "…", and long
text wrapped at words over at most ``Column.lines`` lines (three by default), the last one ending in
"…" when the text goes on (the full text is in ``--format json``/``csv`` or the item's ``show``). A
wider terminal gives the text columns more room. When even the narrowest columns do not fit (``sql``
over a wide view), each row is shown as a record: one line per column.

``FormatOption`` is the one ``--format table|json|csv`` option of every listing command, and
``emit`` prints a listing in the chosen format: ``table`` through ``render`` at the terminal's width
($COLUMNS when set), ``json`` (one object per line) and ``csv`` with every column and full values.

No pandas, rich or typer at import: ``claimtrack sql`` and ``runs`` start fast.
"""
from __future__ import annotations

import csv
import json
import math
import shutil
import sys
import textwrap
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from enum import Enum
from typing import Any, Iterable, Mapping, Sequence

GAP = "  "
ELLIPSIS = "…"


class Format(str, Enum):
    """How a listing command prints its rows."""

    table = "table"
    json = "json"
    csv = "csv"


FORMAT_HELP = "table (fits the terminal), json (one object per line) or csv; json and csv keep every column whole."


def format_option(default: Format = Format.table):
    """The shared ``--format`` option (typer is imported by the caller's module anyway)."""
    import typer

    return typer.Option(default, "--format", help=FORMAT_HELP, case_sensitive=False)


@dataclass(frozen=True)
class Column:
    """One column of a listing.

    ``kind``: "int" and "num" (right-aligned, never cut), "time" (to the minute), "date" (the day; with
    the time when there is one), "label" (one line, cut with "…" beyond ``max_width``), "text" (wrapped at
    words over at most ``lines`` lines; None: all of it).
    """

    key: str
    header: str
    kind: str = "label"
    max_width: int = 24
    lines: int | None = 3
    min_width: int = 12


# --- cells ---------------------------------------------------------------------------------------

def _blank(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return type(value).__name__ in ("NaTType", "NAType")


def cell(value: Any, kind: str = "label") -> str:
    """A value as the text of one cell (times to the minute, floats to two decimals)."""
    if _blank(value):
        return ""
    if type(value).__module__ == "numpy" and hasattr(value, "tolist"):
        value = value.tolist()
    if hasattr(value, "to_pydatetime"):
        value = value.to_pydatetime()
    if isinstance(value, datetime):
        if kind == "date" and value.time() == time(0, 0):
            return f"{value:%Y-%m-%d}"
        return f"{value:%Y-%m-%d %H:%M}"
    if isinstance(value, date):
        return f"{value:%Y-%m-%d}"
    if isinstance(value, timedelta):
        return _duration(value.total_seconds())
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (float, Decimal)):
        value = float(value)
        if kind in ("int", "label") and value.is_integer() and abs(value) < 1e15:  # an int column with gaps
            return str(int(value))
        return f"{value:.2f}" if abs(value) < 1e6 else f"{value:.3g}"
    if isinstance(value, (list, tuple)):
        return ", ".join(cell(v) for v in value)
    if isinstance(value, str) and kind in ("time", "date") and len(value) >= 16 and value[10] in "T ":
        return value[:10] if kind == "date" and value[11:19] in ("00:00:00", "00:00") else value[:10] + " " + value[11:16]
    return " ".join(str(value).split())


def _duration(seconds: float) -> str:
    seconds = int(round(seconds))
    if seconds < 60:
        return f"{seconds}s"
    if seconds < 3600:
        return f"{seconds // 60}m{seconds % 60:02d}s"
    return f"{seconds // 3600}h{seconds % 3600 // 60:02d}m"


def cut(text: str, width: int) -> str:
    """``text`` in at most ``width`` characters, "…" marking a cut."""
    if len(text) <= width:
        return text
    return text[: max(0, width - 1)].rstrip() + ELLIPSIS if width > 0 else ""


def wrap(text: str, width: int, lines: int | None) -> list[str]:
    """``text`` wrapped at words to ``width``; beyond ``lines`` lines the last kept one ends in "…"."""
    if not text:
        return [""]
    out = textwrap.wrap(text, width, break_long_words=True, break_on_hyphens=False) or [""]
    if lines is not None and len(out) > lines:
        out = out[:lines]
        last = out[-1].rstrip(ELLIPSIS)
        # one "…" however the last line ends (cut() adds its own when it cuts)
        out[-1] = last + ELLIPSIS if len(last) < width else last[: max(0, width - 1)].rstrip() + ELLIPSIS
    return out


# --- layout ----------------------------------------------------------------------------------------

def auto_columns(keys: Sequence[str], rows: Sequence[Mapping[str, Any]]) -> list[Column]:
    """Columns for rows nobody described (``claimtrack sql``): the kind read from the values."""
    columns = []
    for key in keys:
        values = [r.get(key) for r in rows if not _blank(r.get(key))]
        if values and all(isinstance(v, int) and not isinstance(v, bool) for v in values):
            kind = "int"
        elif values and all(isinstance(v, (int, float, Decimal)) and not isinstance(v, bool) for v in values):
            kind = "num"
        elif values and all(isinstance(v, (datetime, date)) or hasattr(v, "to_pydatetime") for v in values):
            kind = "date"  # to the minute, the day alone at midnight
        elif any(len(cell(v)) > 24 for v in values):
            kind = "text"
        else:
            kind = "label"
        columns.append(Column(key, key, kind, min_width=max(len(key), 8)))
    return columns


def _widths(columns: Sequence[Column], cells: list[list[str]], width: int) -> list[int] | None:
    """Each column's width, or None when even the narrowest layout is wider than ``width``."""
    natural = [max([len(c.header), *(len(row[i]) for row in cells)]) for i, c in enumerate(columns)]
    fixed = [c.kind in ("int", "num", "time", "date") for c in columns]
    lows, highs = [], []
    for i, c in enumerate(columns):
        if fixed[i]:
            lows.append(natural[i])
            highs.append(natural[i])
        elif c.kind == "label":
            high = max(len(c.header), min(natural[i], c.max_width))
            lows.append(max(len(c.header), min(high, 6)))
            highs.append(high)
        else:
            lows.append(max(len(c.header), min(natural[i], c.min_width)))
            highs.append(max(len(c.header), natural[i]))
    room = width - len(GAP) * (len(columns) - 1)
    if sum(lows) > room:
        return None
    got = list(highs)
    if sum(got) <= room:
        return got
    # the text columns give way first (down to their minimum), then the labels
    for group in ([i for i, c in enumerate(columns) if c.kind == "text"],
                  [i for i, c in enumerate(columns) if c.kind == "label"]):
        excess = sum(got) - room
        if excess <= 0:
            break
        give = sum(got[i] - lows[i] for i in group)
        if not give:
            continue
        share = min(1.0, excess / give)
        for i in group:
            got[i] -= math.ceil((got[i] - lows[i]) * share)
    # rounding: hand any room left back to the text columns, take any excess from the widest flexible one
    while sum(got) > room:
        i = max((i for i in range(len(columns)) if got[i] > lows[i]), key=lambda i: got[i])
        got[i] -= 1
    text = [i for i, c in enumerate(columns) if c.kind == "text" and got[i] < highs[i]]
    k = 0
    while sum(got) < room and text:
        i = text[k % len(text)]
        if got[i] < highs[i]:
            got[i] += 1
        k += 1
        if all(got[i] >= highs[i] for i in text):
            break
    return got


def _lines_of(value: str, column: Column, w: int) -> list[str]:
    if column.kind == "text":
        return wrap(value, w, column.lines)
    if column.kind in ("int", "num"):
        return [value.rjust(w)]
    return [cut(value, w).ljust(w)]


def render(rows: Iterable[Mapping[str, Any]], columns: Sequence[Column], width: int = 80,
           title: str | None = None) -> str:
    """The rows as text no wider than ``width`` (see the module's docstring); ends with a newline."""
    rows = list(rows)
    out: list[str] = [piece for line in (title or "").splitlines() for piece in wrap(line, width, None)]
    cells = [[cell(r.get(c.key), c.kind) for c in columns] for r in rows]
    widths = _widths(columns, cells, width) if columns else []
    if widths is None:
        return "\n".join(out + _records(columns, cells, width)) + "\n"
    head = [c.header.rjust(w) if c.kind in ("int", "num") else c.header.ljust(w) for c, w in zip(columns, widths)]
    out.append(GAP.join(head).rstrip())
    out.append(GAP.join("─" * w for w in widths))
    blocks = []
    for row in cells:
        parts = [_lines_of(v, c, w) for v, c, w in zip(row, columns, widths)]
        height = max(len(p) for p in parts)
        block = []
        for k in range(height):
            block.append(GAP.join((p[k] if k < len(p) else "").ljust(w) for p, w in zip(parts, widths)).rstrip())
        blocks.append(block)
    spaced = any(len(b) > 1 for b in blocks)
    for n, block in enumerate(blocks):
        if spaced and n:
            out.append("")
        out.extend(block)
    if not rows:
        out.append("(no rows)")
    return "\n".join(out) + "\n"


def _records(columns: Sequence[Column], cells: list[list[str]], width: int) -> list[str]:
    """Each row as a record, one line per column: for rows too wide for any table."""
    name_w = max(len(c.header) for c in columns)
    value_w = max(8, width - name_w - len(GAP))
    out: list[str] = []
    for n, row in enumerate(cells, start=1):
        out.append(f"── {n} ".ljust(width, "─"))
        for c, v in zip(columns, row):
            lines = wrap(v, value_w, 3 if c.kind == "text" or len(v) > value_w else 1)
            for k, line in enumerate(lines):
                out.append(((c.header if k == 0 else "").ljust(name_w) + GAP + line).rstrip())
    if not cells:
        out.append("(no rows)")
    return out


def terminal_width() -> int:
    """$COLUMNS, else the terminal's width, else 80."""
    return max(20, shutil.get_terminal_size((80, 24)).columns)


# --- the formats for scripts ------------------------------------------------------------------------

def plain(value: Any) -> Any:
    """A value JSON can hold, whole: times in ISO 8601, NaN and NaT as null."""
    if _blank(value):
        return None
    if type(value).__module__ == "numpy" and hasattr(value, "tolist"):
        value = value.tolist()
    if hasattr(value, "to_pydatetime"):
        value = value.to_pydatetime()
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    if isinstance(value, timedelta):
        return value.total_seconds()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def write_json(keys: Sequence[str], rows: Iterable[Mapping[str, Any]], stream=None) -> None:
    stream = stream or sys.stdout
    for r in rows:
        stream.write(json.dumps({k: plain(r.get(k)) for k in keys}, ensure_ascii=False) + "\n")


def write_csv(keys: Sequence[str], rows: Iterable[Mapping[str, Any]], stream=None) -> None:
    writer = csv.writer(stream or sys.stdout, lineterminator="\n")
    writer.writerow(keys)
    for r in rows:
        writer.writerow(["" if plain(r.get(k)) is None else _csv_value(plain(r.get(k))) for k in keys])


def _csv_value(value: Any) -> Any:
    return json.dumps(value, ensure_ascii=False) if isinstance(value, (list, dict)) else value


def emit(keys: Sequence[str], rows: Sequence[Mapping[str, Any]], fmt: Format, columns: Sequence[Column] | None = None,
         title: str | None = None, width: int | None = None) -> None:
    """Print a listing: ``columns`` (or columns read from the values) as a table, or every key of ``keys``
    as JSON lines or CSV."""
    if fmt == Format.json:
        write_json(keys, rows)
    elif fmt == Format.csv:
        write_csv(keys, rows)
    else:
        sys.stdout.write(render(rows, columns or auto_columns(keys, rows), width or terminal_width(), title))


def records(df) -> tuple[list[str], list[dict[str, Any]]]:
    """A DataFrame's column names and rows (as dicts) for ``emit``."""
    keys = [str(c) for c in df.columns]
    return keys, [dict(zip(keys, row)) for row in df.itertuples(index=False, name=None)]
