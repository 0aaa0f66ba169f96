"""Tables on the terminal (and CSV or JSON lines on stdout) for the ``claimtrack`` commands."""
from __future__ import annotations

import sys
from enum import Enum

from rich import box
from rich.console import Console
from rich.table import Table

from warehouse.user_sql import Rows

out = Console()
err = Console(stderr=True, soft_wrap=True)


class TableFormat(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"


def print_frame(df, fmt: TableFormat = TableFormat.table, title: str | None = None) -> None:
    if fmt == TableFormat.csv:
        sys.stdout.write(df.to_csv(index=False))
    elif fmt == TableFormat.json:
        if not df.empty:
            text = df.to_json(orient="records", date_format="iso", force_ascii=False, lines=True)
            sys.stdout.write(text.rstrip("\n") + "\n")
    else:
        table = Table(title=title, show_lines=False)
        for col in df.columns:
            table.add_column(str(col), overflow="fold")
        for row in df.itertuples(index=False):
            table.add_row(*["" if v is None or (isinstance(v, float) and v != v) else str(v) for v in row])
        out.print(table)


def print_rows(result: Rows, title: str | None = None) -> None:
    """A table of plain rows (no pandas needed)."""
    table = Table(title=title, show_lines=False)
    for col in result.columns:
        table.add_column(str(col), overflow="fold")
    for row in result.rows:
        table.add_row(*["" if v is None or (isinstance(v, float) and v != v) else str(v) for v in row])
    out.print(table)


def _cell(value, column: str) -> str:
    if value is None or value is pd_NaT() or (isinstance(value, float) and value != value):
        return ""
    if column == "published_at":
        text = str(value)
        return text[:10] if text[11:19] in ("", "00:00:00") else text[:16]
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def pd_NaT():
    import pandas as pd  # only the commands that print a frame need pandas

    return pd.NaT


def print_narrow(df, columns: list[tuple[str, str]], quote: str, title: str | None = None) -> None:
    """A table for a terminal of 80 columns: the given (column, heading) pairs that the frame has, short
    columns kept whole and the ``quote`` column wrapped at words, taking the rest of the width."""
    present = [(c, h) for c, h in columns if c in df.columns]
    table = Table(title=title, box=box.SIMPLE_HEAD, pad_edge=False, expand=True, title_justify="left")
    for col, heading in present:
        if col == quote:
            table.add_column(heading, ratio=1, overflow="fold", min_width=20)
        elif col in ("mention_no", "published_at", "cluster_id"):
            table.add_column(heading, no_wrap=True, justify="right" if col != "published_at" else "left")
        else:
            table.add_column(heading, max_width=18, overflow="fold")
    for row in df[[c for c, _ in present]].itertuples(index=False):
        table.add_row(*[_cell(v, c) for v, (c, _) in zip(row, present)])
    out.print(table)
