"""Every statement that writes or reads claimtrack's tables.

Writes go in bulk through DataFrames (``INSERT ... SELECT FROM df``), inside
one transaction per unit of work, so a crash leaves either all of an article
batch or none of it.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Iterable, Sequence

import duckdb
import pandas as pd

from claims.model import Article, ArticleClaims, Quantity, StoredClaim

from .db import crash_point, registered, transaction
from .figures import figure_frame, figure_rows

REVIEW_STATUSES = ("open", "confirmed", "dismissed")


def content_hash(text: str) -> str:
    """The identity of an article: the same text is the same article."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def next_id(con: duckdb.DuckDBPyConnection, table: str, column: str) -> int:
    """The id after the largest stored in ``table.column`` (1 for an empty table)."""
    return int(con.execute(f"SELECT coalesce(max({column}), 0) + 1 FROM {table}").fetchall()[0][0])


def insert_frame(con: duckdb.DuckDBPyConnection, table: str, df: pd.DataFrame) -> None:
    """Append the rows of ``df`` to ``table`` (its columns named as the table's); nothing when empty."""
    if df.empty:
        return
    cols = ", ".join(df.columns)
    with registered(con, _batch=df):
        con.execute(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM _batch")


def quantities_json(quantities: Iterable[Quantity]) -> str:
    return json.dumps(
        [
            {"value": q.value, "unit": q.unit, "qualifier": q.qualifier, "low": q.low, "high": q.high,
             "text": q.text, "noun": q.noun}
            for q in quantities
        ]
    )


def quantities_from_json(raw: str | None) -> tuple[Quantity, ...]:
    if not raw:
        return ()
    return tuple(
        Quantity(value=d["value"], unit=d["unit"], qualifier=d["qualifier"], low=d["low"], high=d["high"],
                 text=d.get("text", ""), noun=d.get("noun", ""))
        for d in json.loads(raw)
    )


# --- runs -----------------------------------------------------------------

def start_run(con: duckdb.DuckDBPyConnection, sources: Sequence[str], prefect_flow_run_id: str | None = None) -> int:
    with transaction(con):
        run_id = next_id(con, "run_log", "run_id")
        con.execute(
            "INSERT INTO run_log (run_id, started_at, status, sources, prefect_flow_run_id) VALUES (?, ?, 'running', ?, ?)",
            [run_id, datetime.now(), "\n".join(sources), prefect_flow_run_id],
        )
    return run_id


def record_errors(con: duckdb.DuckDBPyConnection, run_id: int, errors: Sequence[tuple[str, str]]) -> None:
    if errors:
        insert_frame(con, "run_errors", pd.DataFrame(
            {"run_id": [run_id] * len(errors), "item": [e[0] for e in errors], "message": [e[1] for e in errors]}
        ))


def mark_interrupted(con: duckdb.DuckDBPyConnection) -> list[int]:
    """Runs still 'running' whose process is gone (the caller holds the ingest lock): mark them 'interrupted'.

    Their counts are filled in from what they stored before they stopped.
    """
    with transaction(con):
        rows = con.execute(
            "UPDATE run_log r SET status = 'interrupted',"
            " articles_new = (SELECT count(*) FROM article_store a WHERE a.run_id = r.run_id),"
            " claims_new = (SELECT count(*) FROM claim_store c WHERE c.run_id = r.run_id),"
            " contradictions_new = (SELECT count(*) FROM contradiction_store x WHERE x.run_id = r.run_id)"
            " WHERE status = 'running' RETURNING run_id"
        ).fetchall()
    return sorted(r[0] for r in rows)


def unlinked_claim_ids(con: duckdb.DuckDBPyConnection) -> list[int]:
    """Claims stored but never clustered (their run stopped before linking): the next run links them."""
    return [r[0] for r in con.execute("SELECT claim_id FROM claim_store WHERE cluster_id IS NULL ORDER BY claim_id").fetchall()]


def finish_run(con: duckdb.DuckDBPyConnection, run_id: int, *, articles_read: int, articles_new: int,
               claims_new: int, contradictions_new: int, errors: int, status: str | None = None) -> None:
    status = status or ("ok" if errors == 0 else "partial")
    con.execute(
        "UPDATE run_log SET finished_at = ?, status = ?, articles_read = ?, articles_new = ?, claims_new = ?,"
        " contradictions_new = ?, errors = ? WHERE run_id = ?",
        [datetime.now(), status, articles_read, articles_new, claims_new, contradictions_new, errors, run_id],
    )


# --- articles and claims ----------------------------------------------------

def known_hashes(con: duckdb.DuckDBPyConnection, hashes: Sequence[str]) -> set[str]:
    """Which of these content hashes are stored already."""
    if not hashes:
        return set()
    df = pd.DataFrame({"h": list(hashes)})
    with registered(con, _hashes=df):
        rows = con.execute("SELECT content_hash FROM article_store JOIN _hashes ON content_hash = h").fetchall()
    return {r[0] for r in rows}


def _source_ids(con: duckdb.DuckDBPyConnection, articles: Sequence[Article]) -> dict[str, int]:
    wanted = {}
    for a in articles:
        wanted.setdefault(a.source, (a.source_kind, a.origin))
    rows = dict(con.execute("SELECT name, source_id FROM sources").fetchall())
    missing = [n for n in wanted if n not in rows]
    if missing:
        start = next_id(con, "sources", "source_id")
        insert_frame(con, "sources", pd.DataFrame({
            "source_id": range(start, start + len(missing)),
            "name": missing,
            "kind": [wanted[n][0] for n in missing],
            "location": [wanted[n][1] for n in missing],
        }))
        rows.update({n: start + i for i, n in enumerate(missing)})
    return rows


def _timestamp(value: str | None) -> pd.Timestamp | None:
    if not value:
        return None
    if str(value).strip().lower() in ("now", "today"):  # relative words are no publication date
        return None
    try:
        ts = pd.Timestamp(value)
    except (ValueError, TypeError, OverflowError):
        return None
    if pd.isna(ts):
        return None
    if ts.tzinfo is not None:
        ts = ts.tz_convert("UTC").tz_localize(None)
    return ts


#: The ``published_at`` an article's date string is stored as; None when it cannot be read.
parse_published = _timestamp


@dataclass(frozen=True)
class StoreResult:
    """What one batch added: new article ids and claim ids (skipped: already stored)."""

    article_ids: tuple[int, ...]
    claim_ids: tuple[int, ...]
    skipped: int


def store_articles(con: duckdb.DuckDBPyConnection, run_id: int,
                   items: Sequence[tuple[Article, ArticleClaims]], stories=None) -> StoreResult:
    """Store articles with their attributions and claims in one transaction.

    An article whose text is stored already (same content hash) is skipped, so
    storing the same batch twice changes nothing. ``stories`` (claims.stories.grouping.StoryAssigner),
    when given, places each new article in its story, in order; the grouping state it changed is
    saved in the same transaction.
    """
    with transaction(con):
        hashes = [content_hash(a.text) for a, _ in items]
        seen = known_hashes(con, hashes)
        fresh: list[tuple[Article, ArticleClaims, str]] = []
        for (article, extracted), h in zip(items, hashes):
            if h in seen:
                continue
            seen.add(h)
            fresh.append((article, extracted, h))
        if not fresh:
            return StoreResult((), (), len(items))
        source_ids = _source_ids(con, [a for a, _, _ in fresh])
        art_start = next_id(con, "article_store", "article_id")
        att_next = next_id(con, "attribution_store", "attribution_id")
        claim_next = next_id(con, "claim_store", "claim_id")
        figure_next = next_id(con, "figure_store", "figure_id")
        art_rows, att_rows, claim_rows, fig_rows = [], [], [], []
        for i, (article, extracted, h) in enumerate(fresh):
            article_id = art_start + i
            published = _timestamp(article.published)
            story_id = stories.assign_article(article, published) if stories is not None else None
            art_rows.append({
                "article_id": article_id, "source_id": source_ids[article.source], "external_id": article.external_id,
                "url": article.url, "title": article.title, "published_at": _timestamp(article.published),
                "text": article.text, "content_hash": h, "origin": article.origin, "run_id": run_id,
                "story_id": story_id,
            })
            att_ids = []
            for att in extracted.attributions:
                att_ids.append(att_next)
                att_rows.append({
                    "attribution_id": att_next, "article_id": article_id,
                    "speaker_start": att.speaker.start if att.speaker else None,
                    "speaker_end": att.speaker.end if att.speaker else None,
                    "speaker_text": att.speaker_text, "speaker_name": att.speaker_name,
                    "cue_start": att.cue.start if att.cue else None, "cue_end": att.cue.end if att.cue else None,
                    "cue_lemma": att.cue_lemma, "stance": att.stance, "quote_type": att.quote_type,
                    "content_spans": json.dumps([s.as_list() for s in att.content]), "text": att.text,
                    "negated": att.negated,
                })
                att_next += 1
            for claim in extracted.claims:
                claim_rows.append({
                    "claim_id": claim_next, "article_id": article_id,
                    "attribution_id": att_ids[claim.attribution_index],
                    "claim_start": claim.span.start, "claim_end": claim.span.end,
                    "content": claim.content, "text": claim.text, "speaker_name": claim.speaker_name,
                    "cue_lemma": claim.cue_lemma, "stance": claim.stance, "quote_type": claim.quote_type,
                    "negated": claim.negated, "quantities": quantities_json(claim.quantities), "run_id": run_id,
                    "claimant_kind": claim.claimant_kind, "side": claim.side,
                    "actor": claim.actor, "actor_side": claim.actor_side, "predicate": claim.predicate,
                    "predicate_class": claim.predicate_class, "target": claim.target,
                    "target_side": claim.target_side, "time_text": claim.time, "polarity": claim.polarity,
                    "hedge": claim.hedge,
                })
                claim_next += 1
            if extracted.figures:
                mine = [r for r in claim_rows if r["article_id"] == article_id]
                fig_rows += figure_rows(article_id, extracted.figures, mine, figure_next, run_id)
                figure_next += len(extracted.figures)
        art_df = pd.DataFrame(art_rows)
        art_df["published_at"] = pd.to_datetime(art_df["published_at"])
        art_df["story_id"] = pd.array(art_df["story_id"], dtype="Int64")
        insert_frame(con, "article_store", art_df)
        if stories is not None:
            from .stories import save_state

            save_state(con, run_id, *stories.take_changes())
        insert_frame(con, "attribution_store", pd.DataFrame(att_rows))
        insert_frame(con, "claim_store", pd.DataFrame(claim_rows))
        insert_frame(con, "figure_store", figure_frame(fig_rows))
        crash_point("storing")
        return StoreResult(
            tuple(r["article_id"] for r in art_rows), tuple(r["claim_id"] for r in claim_rows), len(items) - len(fresh)
        )


#: The columns of a claim as ``StoredClaim`` reads it, each named as its field.
CLAIM_COLUMNS = (
    "c.claim_id AS claim_id, c.article_id AS article_id, coalesce(c.speaker_name, '') AS speaker, c.text AS text,"
    " c.content AS content, coalesce(nullif(c.stance, ''), 'assert') AS stance, coalesce(c.negated, false) AS negated,"
    " coalesce(nullif(c.quote_type, ''), 'indirect') AS quote_type, c.quantities AS quantities,"
    " c.cluster_id AS cluster_id, s.name AS source, strftime(a.published_at, '%Y-%m-%dT%H:%M:%S') AS published,"
    " coalesce(c.actor, '') AS actor, coalesce(c.actor_side, '') AS actor_side,"
    " coalesce(c.predicate, '') AS predicate, coalesce(c.predicate_class, '') AS predicate_class,"
    " coalesce(c.target, '') AS target, coalesce(c.target_side, '') AS target_side,"
    " coalesce(c.time_text, '') AS time, coalesce(c.polarity, '+') AS polarity, coalesce(c.hedge, '') AS hedge,"
    " a.story_id AS story_id"
)
#: The tables ``CLAIM_COLUMNS`` reads: a claim with its article and source.
CLAIM_FROM = (
    " FROM claim_store c JOIN article_store a USING (article_id) JOIN sources s ON s.source_id = a.source_id"
)


def fetch_claims(con: duckdb.DuckDBPyConnection, query: str, params: Sequence = ()) -> list[StoredClaim]:
    """Run ``query``, whose columns are named as ``StoredClaim`` fields, and read each row as one."""
    cursor = con.execute(query, list(params))
    names = [d[0] for d in cursor.description]
    rows = cursor.fetchall()
    claims = []
    for row in rows:
        values = dict(zip(names, row))
        values["quantities"] = quantities_from_json(values["quantities"])
        claims.append(StoredClaim(**values))
    return claims


def claims_by_id(con: duckdb.DuckDBPyConnection, claim_ids: Sequence[int]) -> list[StoredClaim]:
    if not claim_ids:
        return []
    with registered(con, _ids=pd.DataFrame({"id": list(claim_ids)})):
        return fetch_claims(con, f"SELECT {CLAIM_COLUMNS} {CLAIM_FROM} JOIN _ids ON c.claim_id = _ids.id ORDER BY c.claim_id")


def claims_by_speakers(con: duckdb.DuckDBPyConnection, speakers: Sequence[str], exclude: Sequence[int] = ()) -> list[StoredClaim]:
    """Stored claims by these speakers (the block new claims are compared with)."""
    if not speakers:
        return []
    with registered(con, _sp=pd.DataFrame({"name": sorted(set(speakers))}),
                    _ex=pd.DataFrame({"id": list(exclude) or [-1]})):
        # only the stories of the excluded (new) claims, when they are given: nothing is compared across stories
        same_story = ("" if not exclude else
                      " AND (a.story_id IN (SELECT a2.story_id FROM claim_store c2 JOIN article_store a2 USING (article_id)"
                      " JOIN _ex ON c2.claim_id = _ex.id) OR (a.story_id IS NULL AND EXISTS (SELECT 1 FROM claim_store c3"
                      " JOIN article_store a3 USING (article_id) JOIN _ex ON c3.claim_id = _ex.id WHERE a3.story_id IS NULL)))")
        return fetch_claims(con, f"SELECT {CLAIM_COLUMNS} {CLAIM_FROM} JOIN _sp ON c.speaker_name = _sp.name"
                                 f" WHERE c.claim_id NOT IN (SELECT id FROM _ex){same_story} ORDER BY c.claim_id")


def assign_clusters(con: duckdb.DuckDBPyConnection, run_id: int, assignments: dict[int, int],
                    new_clusters: dict[int, tuple[str, str]]) -> None:
    """Record claim → cluster, creating ``new_clusters`` ({cluster_id: (label, speaker)}) first."""
    with transaction(con):
        if new_clusters:
            speakers = sorted({sp for _, sp in new_clusters.values() if sp})
            known = dict(con.execute("SELECT name, speaker_id FROM speaker_store").fetchall())
            missing = [s for s in speakers if s not in known]
            if missing:
                start = next_id(con, "speaker_store", "speaker_id")
                insert_frame(con, "speaker_store", pd.DataFrame({
                    "speaker_id": range(start, start + len(missing)), "name": missing,
                    "kind": ["unknown"] * len(missing), "aliases": ["[]"] * len(missing),
                }))
                known.update({n: start + i for i, n in enumerate(missing)})
            insert_frame(con, "cluster_store", pd.DataFrame({
                "cluster_id": list(new_clusters),
                "speaker_id": [known.get(sp) for _, sp in new_clusters.values()],
                "label": [label for label, _ in new_clusters.values()],
                "created_run": [run_id] * len(new_clusters),
            }))
        if assignments:
            with registered(con, _assign=pd.DataFrame({"claim_id": list(assignments), "cluster_id": list(assignments.values())})):
                con.execute(
                    "UPDATE claim_store SET cluster_id = _assign.cluster_id FROM _assign"
                    " WHERE claim_store.claim_id = _assign.claim_id"
                )


# --- reading for users --------------------------------------------------------------

def clusters_overview(con: duckdb.DuckDBPyConnection, min_outlets: int = 1, limit: int = 50) -> pd.DataFrame:
    return con.execute(
        "SELECT cluster_id, speaker, label, mentions, outlets, first_seen, first_outlet FROM claim_clusters"
        " WHERE outlets >= ? ORDER BY outlets DESC, mentions DESC, cluster_id LIMIT ?",
        [min_outlets, limit],
    ).df()


def claims_of_speaker(con: duckdb.DuckDBPyConnection, speaker: str, limit: int = 200) -> pd.DataFrame:
    return con.execute(
        "SELECT published_at, source, speaker, cue_lemma, stance, quote_type, text, proposition, cluster_id, claim_id"
        " FROM claims"
        " WHERE speaker ILIKE ? ORDER BY published_at NULLS LAST, claim_id LIMIT ?",
        [f"%{speaker}%", limit],
    ).df()
