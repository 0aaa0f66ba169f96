"""Stories in the warehouse: the grouping state (stories, their top words and names, the running
document frequencies) loaded for an ingest run and saved with the articles it groups; and the
reads of the ``claimtrack stories`` command and the story page.

Plain rows in and out: the grouping itself is claims.stories (pure), called by the ingest.
"""
from __future__ import annotations

import datetime as dt
from typing import Iterable, Sequence

import duckdb
import pandas as pd

from .db import registered

#: A story as stored: (story_id, label, first_day, last_day, articles); days are ordinals or None.
StoryRow = tuple[int, str, int | None, int | None, int]


def _ordinal(d) -> int | None:
    return None if d is None else d.toordinal()


def _date(n: int | None):
    return None if n is None else dt.date.fromordinal(int(n))


def load_state(con: duckdb.DuckDBPyConnection, days: Iterable[int | None], reach_days: float
               ) -> tuple[list[StoryRow], list[tuple[int, str, str, float]], dict[str, dict[str, int]], int, int]:
    """What grouping needs to place articles of these days: (stories, their term rows (story_id, kind,
    term, weight), document frequencies {kind: {term: docs}}, articles counted, the next story id).

    The stories read are those whose days come within ``reach_days`` of the articles' days, and the
    undated ones; with no dated article, those within ``reach_days`` of the latest story.
    """
    dated = [d for d in days if d is not None]
    if dated:
        lo, hi = min(dated) - reach_days, max(dated) + reach_days
    else:
        latest = con.execute("SELECT max(last_day) FROM story_store").fetchone()[0]
        lo, hi = (_ordinal(latest) - reach_days, _ordinal(latest) + reach_days) if latest else (0, 0)
    rows = con.execute(
        "SELECT story_id, coalesce(label, ''), first_day, last_day, articles FROM story_store"
        " WHERE first_day IS NULL OR (last_day >= ? AND first_day <= ?) ORDER BY story_id",
        [_date(max(1, int(lo))), _date(max(1, int(hi)))]).fetchall()
    stories = [(sid, label, _ordinal(f), _ordinal(l), n) for sid, label, f, l, n in rows]
    terms: list = []
    if stories:
        with registered(con, _st=pd.DataFrame({"id": pd.array([s[0] for s in stories], dtype="int64")})):
            terms = con.execute("SELECT t.story_id, t.kind, t.term, t.weight FROM story_term t"
                                " JOIN _st ON t.story_id = _st.id").fetchall()
    freq: dict[str, dict[str, int]] = {"terms": {}, "names": {}}
    docs = 0
    for kind, term, n in con.execute("SELECT kind, term, docs FROM story_frequency").fetchall():
        if kind == "docs":
            docs = int(n)
        else:
            freq.setdefault(kind, {})[term] = int(n)
    next_id = con.execute("SELECT coalesce(max(story_id), 0) + 1 FROM story_store").fetchone()[0]
    return stories, terms, freq, docs, int(next_id)


def save_state(con: duckdb.DuckDBPyConnection, run_id: int, stories: Sequence[StoryRow],
               terms: Sequence[tuple[int, str, str, float]], frequency_delta: dict[str, dict[str, int]],
               docs_delta: int) -> None:
    """Write the stories created or joined (their rows and term rows replaced) and add the frequency counts.
    The caller holds the transaction (the articles' own)."""
    if stories:
        frame = pd.DataFrame({"story_id": pd.array([s[0] for s in stories], dtype="int64"),
                              "label": [s[1] for s in stories],
                              "first_day": [_date(s[2]) for s in stories], "last_day": [_date(s[3]) for s in stories],
                              "articles": [s[4] for s in stories], "created_run": run_id})
        with registered(con, _new_st=frame):
            con.execute("DELETE FROM story_term WHERE story_id IN (SELECT story_id FROM _new_st)")
            con.execute("INSERT INTO story_store SELECT story_id, label, CAST(first_day AS DATE), CAST(last_day AS DATE),"
                        " articles, created_run FROM _new_st ON CONFLICT (story_id) DO UPDATE SET"
                        " first_day = excluded.first_day, last_day = excluded.last_day, articles = excluded.articles")
        if terms:
            with registered(con, _new_terms=pd.DataFrame({
                    "story_id": pd.array([t[0] for t in terms], dtype="int64"), "kind": [t[1] for t in terms],
                    "term": [t[2] for t in terms], "weight": [float(t[3]) for t in terms]})):
                con.execute("INSERT INTO story_term SELECT story_id, kind, term, weight FROM _new_terms")
    rows = [(kind, term, n) for kind, d in frequency_delta.items() for term, n in d.items()]
    if docs_delta:
        rows.append(("docs", "", docs_delta))
    if rows:
        with registered(con, _df=pd.DataFrame({"kind": [r[0] for r in rows], "term": [r[1] for r in rows],
                                               "docs": pd.array([r[2] for r in rows], dtype="int64")})):
            con.execute("INSERT INTO story_frequency SELECT kind, term, docs FROM _df ON CONFLICT (kind, term)"
                        " DO UPDATE SET docs = story_frequency.docs + excluded.docs")


# --- reading ------------------------------------------------------------------------------

def list_stories(con: duckdb.DuckDBPyConnection, limit: int = 50) -> pd.DataFrame:
    """The latest stories first, as the ``stories`` view gives them."""
    return con.execute("SELECT * FROM stories ORDER BY last_seen DESC NULLS LAST, story_id DESC LIMIT ?",
                       [limit]).df()


def story(con: duckdb.DuckDBPyConnection, story_id: int) -> dict | None:
    """One story's row of the ``stories`` view, None when there is none."""
    df = con.execute("SELECT * FROM stories WHERE story_id = ?", [story_id]).df()
    return None if df.empty else df.iloc[0].to_dict()


def story_articles(con: duckdb.DuckDBPyConnection, story_id: int) -> pd.DataFrame:
    """Its articles, oldest first: the outlets over time."""
    return con.execute("SELECT article_id, source, title, url, published_at, ingested_at FROM articles"
                       " WHERE story_id = ? ORDER BY coalesce(published_at, ingested_at), article_id",
                       [story_id]).df()


def story_clusters(con: duckdb.DuckDBPyConnection, story_id: int, limit: int = 50) -> pd.DataFrame:
    """Its claim clusters, those told by the most outlets first."""
    return con.execute(
        "SELECT k.* FROM claim_clusters k WHERE k.cluster_id IN (SELECT c.cluster_id FROM claim_store c"
        " JOIN article_store a USING (article_id) WHERE a.story_id = ?)"
        " ORDER BY k.outlets DESC, k.mentions DESC, k.cluster_id LIMIT ?", [story_id, limit]).df()


def story_contradictions(con: duckdb.DuckDBPyConnection, story_id: int) -> pd.DataFrame:
    """Its contradictions (the ``contradictions`` view's rows whose first claim is of this story)."""
    return con.execute(
        "SELECT x.* FROM contradictions x JOIN claim_store c ON c.claim_id = x.claim_id_a"
        " JOIN article_store a USING (article_id) WHERE a.story_id = ? ORDER BY x.contradiction_id",
        [story_id]).df()
