"""A user's own read-only SQL (`claimtrack sql`) and the runs list: the warehouse's quick reads.

Nothing here imports pandas: the CLI's table output reads plain rows, so `claimtrack sql` and
`claimtrack runs` start fast; a DataFrame (``.df()``, which loads pandas) only when asked for.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable

import duckdb

from .db import QueryError, ReadOnlyQuery

if TYPE_CHECKING:
    import pandas as pd

#: Statement kinds `claimtrack sql` runs; anything else would change a file or the session.
READ_STATEMENTS = frozenset({"SELECT", "EXPLAIN"})

_RUNS = ("SELECT run_id, started_at, finished_at, status, articles_read, articles_new, claims_new,"
         " contradictions_new, errors, error_list FROM runs ORDER BY run_id DESC LIMIT ?")


@dataclass(frozen=True)
class Rows:
    """A query's result as plain values: column names and rows."""

    columns: list[str]
    rows: list[tuple[Any, ...]]


def _rows(cursor: duckdb.DuckDBPyConnection) -> Rows:
    columns = [d[0] for d in cursor.description]
    return Rows(columns, cursor.fetchall())


def _frame(cursor: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    return cursor.df()


def _user(con: duckdb.DuckDBPyConnection, query: str, fetch: Callable):
    try:
        statements = con.extract_statements(query)
    except duckdb.Error as exc:
        raise QueryError(_first_line(exc)) from None
    if not statements:
        raise QueryError("empty query")
    if len(statements) > 1:
        raise QueryError("one statement at a time, please")
    kind = statements[0].type.name
    if kind not in READ_STATEMENTS:
        raise ReadOnlyQuery(f"refused: `claimtrack sql` is read-only and runs no {kind} statement; nothing was changed")
    # No file or network access from a user's query: EXPLAIN ANALYZE COPY ... TO would write a file,
    # read_text('/etc/passwd') would read one. Locked, so the query cannot switch it back on.
    con.execute("SET enable_external_access = false")
    con.execute("SET lock_configuration = true")
    try:
        return fetch(con.execute(query))
    except duckdb.Error as exc:
        first = _first_line(exc)
        if isinstance(exc, duckdb.PermissionException):
            raise ReadOnlyQuery(f"refused: `claimtrack sql` reads only the warehouse, no other file ({first})") from None
        if "read-only" in first.lower() or "read only" in first.lower():
            raise ReadOnlyQuery(f"refused: `claimtrack sql` is read-only; nothing was changed ({first})") from None
        raise QueryError(first) from None


def user_query(con: duckdb.DuckDBPyConnection, query: str) -> pd.DataFrame:
    """Run one read-only statement of a user's; a write is refused before it runs."""
    return _user(con, query, _frame)


def user_rows(con: duckdb.DuckDBPyConnection, query: str) -> Rows:
    """``user_query`` as plain rows."""
    return _user(con, query, _rows)


def _first_line(exc: Exception) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def runs(con: duckdb.DuckDBPyConnection, limit: int = 20) -> pd.DataFrame:
    """The latest ``limit`` runs, newest first, with their counts and errors."""
    return con.execute(_RUNS, [limit]).df()


def run_rows(con: duckdb.DuckDBPyConnection, limit: int = 20) -> Rows:
    """``runs`` as plain rows."""
    return _rows(con.execute(_RUNS, [limit]))


def run_sources(con: duckdb.DuckDBPyConnection) -> list[str] | None:
    """The sources of every run in the file (one string per run), or None when the file holds no
    claimtrack runs table (another DuckDB file): how `claimtrack demo` knows a warehouse it made."""
    try:
        return [row[0] or "" for row in con.execute("SELECT sources FROM run_log ORDER BY run_id").fetchall()]
    except duckdb.Error:
        return None
