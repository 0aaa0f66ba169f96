"""SQL for web ingestion: feed state for conditional GET, and which URLs are stored already."""
from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Sequence

import duckdb
import pandas as pd

from .db import DatabaseMissing, reading, registered, transaction


def feed_state(db: Path, url: str) -> tuple[str | None, str | None] | None:
    """(ETag, Last-Modified) a feed sent last time, or None."""
    try:
        with reading(db) as con:
            row = con.execute("SELECT etag, last_modified FROM feed_state WHERE feed_url = ?", [url]).fetchall()
    except DatabaseMissing:
        return None
    return (row[0][0], row[0][1]) if row else None


def known_urls(db: Path, urls: Sequence[str]) -> set[str]:
    """Which of these URLs an article is stored under, as canonical URL (url) or as fetched (origin)."""
    if not urls:
        return set()
    try:
        with reading(db) as con:
            return stored_urls(con, urls)
    except DatabaseMissing:
        return set()


def stored_urls(con: duckdb.DuckDBPyConnection, urls: Sequence[str]) -> set[str]:
    df = pd.DataFrame({"u": sorted(set(urls))})
    with registered(con, _urls=df):
        rows = con.execute(
            "SELECT u FROM _urls WHERE u IN (SELECT url FROM article_store WHERE url IS NOT NULL)"
            " OR u IN (SELECT origin FROM article_store WHERE origin IS NOT NULL)"
        ).fetchall()
    return {r[0] for r in rows}


def save_states(con: duckdb.DuckDBPyConnection, states: Sequence) -> None:
    """Remember each feed's ETag and Last-Modified (objects with url, etag, last_modified; call once its
    articles are stored)."""
    if not states:
        return
    now = datetime.now()
    with transaction(con):
        for s in states:
            con.execute(
                "INSERT INTO feed_state (feed_url, etag, last_modified, checked_at) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (feed_url) DO UPDATE SET etag = excluded.etag,"
                " last_modified = excluded.last_modified, checked_at = excluded.checked_at",
                [s.url, s.etag, s.last_modified, now],
            )
