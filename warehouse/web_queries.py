"""The reads behind the review app and the ClaimReview export: the queue, one contradiction with both
articles, one claim's mentions with their figures, claim search, confirmed contradictions for export.

All read-only; the one write the app makes is ``review.decide``. Columns that newer migrations add to
the public views (``claims.side``, ``claims.claimant``) are used when the view has them.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import duckdb
import pandas as pd

from .history import speaker_ids_matching
from .store import REVIEW_STATUSES


def view_columns(con: duckdb.DuckDBPyConnection, view: str) -> list[str]:
    """The columns a public view has in this warehouse (empty when there is no such view)."""
    rows = con.execute(
        "SELECT column_name FROM duckdb_columns() WHERE table_name = ? AND NOT internal ORDER BY column_index",
        [view],
    ).fetchall()
    return [r[0] for r in rows]


@dataclass(frozen=True)
class QueueFilter:
    """What the queue shows. ``status`` None: open ones and those decided in the last ``recent_hours``."""

    kind: str | None = None
    status: str | None = None
    speaker: str | None = None
    speaker_key: str = ""  # ``speaker`` as an alias key (claims.speakers.identity.alias_key)
    outlet: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    recent_hours: float = 24.0
    possible: bool = False  # the possible contradictions (below the queue's bar) instead of the queue


_SIDES = (
    "SELECT x.contradiction_id, x.kind, x.status, x.subject, x.reason, x.score, x.note, x.reviewed_at,"
    " x.detected_at, x.claim_id_a, x.claim_id_b,"
    " ca.speaker_name AS speaker_a, cb.speaker_name AS speaker_b,"
    " coalesce(pa.name, ca.speaker_name) AS claimant_a, coalesce(pb.name, cb.speaker_name) AS claimant_b,"
    " ca.speaker_id AS speaker_id_a, cb.speaker_id AS speaker_id_b,"
    " sa.name AS source_a, sb.name AS source_b, aa.published_at AS published_a, ab.published_at AS published_b,"
    " aa.url AS url_a, ab.url AS url_b, ca.content AS content_a, cb.content AS content_b,"
    " ca.quote_type AS quote_type_a, cb.quote_type AS quote_type_b,"
    " ca.cluster_id AS cluster_a, cb.cluster_id AS cluster_b,"
    " coalesce(x.confidence, x.score) AS confidence,"
    " (SELECT count(*) FROM contradiction_mention cm WHERE cm.contradiction_id = x.contradiction_id) AS mentions,"
    # the disagreement on one line: each side's value and the outlets stating it, first-seen side first
    " (SELECT string_agg(g.side || ' — ' || g.outlets, ' · ' ORDER BY g.first) FROM"
    "   (SELECT cm.side, string_agg(DISTINCT ms.name, ', ') AS outlets, min(cm.claim_id) AS first"
    "    FROM contradiction_mention cm JOIN claim_store mc ON mc.claim_id = cm.claim_id"
    "    JOIN article_store ma ON ma.article_id = mc.article_id JOIN sources ms ON ms.source_id = ma.source_id"
    "    WHERE cm.contradiction_id = x.contradiction_id GROUP BY cm.side) g) AS grouped"
    " FROM contradiction_store x"
    " JOIN claim_store ca ON ca.claim_id = x.claim_id_a JOIN claim_store cb ON cb.claim_id = x.claim_id_b"
    " JOIN article_store aa ON aa.article_id = ca.article_id JOIN article_store ab ON ab.article_id = cb.article_id"
    " JOIN sources sa ON sa.source_id = aa.source_id JOIN sources sb ON sb.source_id = ab.source_id"
    " LEFT JOIN speaker_store pa ON pa.speaker_id = ca.speaker_id"
    " LEFT JOIN speaker_store pb ON pb.speaker_id = cb.speaker_id"
)


def _queue_where(con: duckdb.DuckDBPyConnection, f: QueueFilter, with_kind: bool) -> tuple[str, list]:
    where, params = [], []
    queued = "(coalesce(x.queued, true) OR x.status <> 'open')"
    where.append(f"NOT {queued}" if f.possible else queued)
    if with_kind and f.kind:
        where.append("x.kind = ?")
        params.append(f.kind)
    if f.status == "all":
        pass
    elif f.status:
        if f.status not in REVIEW_STATUSES:
            raise ValueError(f"status must be one of {', '.join(REVIEW_STATUSES)} or all")
        where.append("x.status = ?")
        params.append(f.status)
    else:
        where.append("(x.status = 'open' OR x.reviewed_at >= ?)")
        params.append(datetime.now() - timedelta(hours=f.recent_hours))
    if f.speaker:
        ids = speaker_ids_matching(con, f.speaker, f.speaker_key) or [-1]
        marks = ", ".join("?" * len(ids))
        where.append(f"(ca.speaker_id IN ({marks}) OR cb.speaker_id IN ({marks})"
                     " OR ca.speaker_name ILIKE ? OR cb.speaker_name ILIKE ?)")
        params += [*ids, *ids, f"%{f.speaker}%", f"%{f.speaker}%"]
    if f.outlet:
        where.append("(sa.name ILIKE ? OR sb.name ILIKE ?)")
        params += [f"%{f.outlet}%"] * 2
    if f.date_from:
        where.append("(CAST(aa.published_at AS DATE) >= ? OR CAST(ab.published_at AS DATE) >= ?)")
        params += [f.date_from] * 2
    if f.date_to:
        where.append("(CAST(aa.published_at AS DATE) <= ? OR CAST(ab.published_at AS DATE) <= ?)")
        params += [f.date_to] * 2
    return (" WHERE " + " AND ".join(where)) if where else "", params


def queue(con: duckdb.DuckDBPyConnection, f: QueueFilter) -> pd.DataFrame:
    """Contradictions matching the filter: open ones first (best score first), then the decided, latest first."""
    where, params = _queue_where(con, f, with_kind=True)
    return con.execute(
        _SIDES + where + " ORDER BY x.status <> 'open', x.reviewed_at DESC NULLS LAST, x.score DESC NULLS LAST,"
        " x.contradiction_id", params,
    ).df()


def kind_counts(con: duckdb.DuckDBPyConnection, f: QueueFilter) -> dict[str, int]:
    """How many contradictions of each kind match the filter, its kind aside."""
    where, params = _queue_where(con, f, with_kind=False)
    rows = con.execute(
        "SELECT kind, count(*) FROM (" + _SIDES + where + ") GROUP BY kind ORDER BY 2 DESC, 1", params
    ).fetchall()
    return {k: int(n) for k, n in rows}


def outlets(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Every outlet's name, for the filter's suggestions."""
    return [r[0] for r in con.execute("SELECT name FROM sources ORDER BY name").fetchall()]


def contradiction(con: duckdb.DuckDBPyConnection, contradiction_id: int) -> dict | None:
    """One contradiction with both sides' whole articles (title, text) and the claims' offsets in them."""
    df = con.execute(
        "SELECT * FROM (" + _SIDES + ") q"
        " JOIN (SELECT c.claim_id AS claim_id_a, a.title AS title_a, a.text AS text_a, c.claim_start AS start_a,"
        "       c.claim_end AS end_a FROM claim_store c JOIN article_store a USING (article_id)) ta USING (claim_id_a)"
        " JOIN (SELECT c.claim_id AS claim_id_b, a.title AS title_b, a.text AS text_b, c.claim_start AS start_b,"
        "       c.claim_end AS end_b FROM claim_store c JOIN article_store a USING (article_id)) tb USING (claim_id_b)"
        " WHERE q.contradiction_id = ?",
        [contradiction_id],
    ).df()
    if df.empty:
        return None
    return df.iloc[0].to_dict()


def cluster_mentions(con: duckdb.DuckDBPyConnection, cluster_id: int) -> pd.DataFrame:
    """Every mention of one claim, oldest first (the claim_history view), with each mention's figures
    (claim_store.quantities, JSON) and the contradictions it is part of."""
    return con.execute(
        "SELECT h.mention_no, h.published_at, h.source, h.speaker, h.canonical_speaker, h.quote_type, h.wording,"
        " h.text, h.url, h.claim_id, h.first_seen, h.last_seen, h.outlets, h.first_outlet, h.cluster_label,"
        " c.quantities,"
        " (SELECT list(x.contradiction_id ORDER BY x.contradiction_id) FROM contradiction_store x"
        "   WHERE h.claim_id IN (x.claim_id_a, x.claim_id_b)) AS contradiction_ids"
        " FROM claim_history h JOIN claim_store c USING (claim_id) WHERE h.cluster_id = ? ORDER BY h.mention_no",
        [cluster_id],
    ).df()


@dataclass(frozen=True)
class ClaimSearch:
    """A claim search: every field optional; ``words`` must all be in the claim."""

    speaker: str | None = None
    speaker_key: str = ""  # ``speaker`` as an alias key (claims.speakers.identity.alias_key)
    side: str | None = None
    words: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    limit: int = 200


def search_claims(con: duckdb.DuckDBPyConnection, q: ClaimSearch) -> tuple[pd.DataFrame, bool]:
    """Claims matching the search, oldest first, and whether this warehouse can filter by side.

    The speaker matches any alias of a canonical speaker, or the name as written. ``side`` uses the
    claims view's ``side`` column where the warehouse has it (then also ``claimant``)."""
    cols = set(view_columns(con, "claims"))
    has_side = "side" in cols
    extra = "".join(f", v.{c}" for c in ("claimant", "side", "proposition") if c in cols)
    where, params = [], []
    if q.speaker:
        ids = speaker_ids_matching(con, q.speaker, q.speaker_key) or [-1]
        where.append(f"(c.speaker_id IN ({', '.join('?' * len(ids))}) OR v.speaker ILIKE ?)")
        params += [*ids, f"%{q.speaker}%"]
    if q.side and has_side:
        where.append("v.side ILIKE ?")
        params.append(f"%{q.side}%")
    for word in (q.words or "").split():
        where.append("(v.content ILIKE ? OR v.text ILIKE ?)")
        params += [f"%{word}%"] * 2
    if q.date_from:
        where.append("CAST(v.published_at AS DATE) >= ?")
        params.append(q.date_from)
    if q.date_to:
        where.append("CAST(v.published_at AS DATE) <= ?")
        params.append(q.date_to)
    sql = (
        "SELECT v.claim_id, v.published_at, v.source, v.speaker, sp.name AS canonical_speaker, v.quote_type,"
        f" v.content, v.cluster_id, v.url{extra}"
        " FROM claims v JOIN claim_store c USING (claim_id) LEFT JOIN speaker_store sp ON sp.speaker_id = c.speaker_id"
        + ((" WHERE " + " AND ".join(where)) if where else "")
        + " ORDER BY v.published_at NULLS LAST, v.claim_id LIMIT ?"
    )
    return con.execute(sql, [*params, q.limit]).df(), has_side


def confirmed_for_export(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Confirmed contradictions with what a ClaimReview states: both claims, their claimants (canonical
    speaker, or the outlet for its own voice), speaker kinds, dates, URLs, outlets, the reviewer's note;
    ``grouped`` (the disagreement on one line) and ``all_mentions`` (every mention: side, outlet, URL,
    date, claim)."""
    from .review import mentions

    df = con.execute(
        "SELECT q.*, pa.kind AS claimant_kind_a, pb.kind AS claimant_kind_b FROM (" + _SIDES
        + " WHERE x.status = 'confirmed') q"
        " LEFT JOIN speaker_store pa ON pa.speaker_id = q.speaker_id_a"
        " LEFT JOIN speaker_store pb ON pb.speaker_id = q.speaker_id_b"
        " ORDER BY q.reviewed_at, q.contradiction_id"
    ).df()
    ms = mentions(con, df["contradiction_id"].tolist()) if not df.empty else None
    by_id = {cid: g.to_dict("records") for cid, g in ms.groupby("contradiction_id")} if ms is not None and not ms.empty else {}
    df["all_mentions"] = [by_id.get(cid, []) for cid in df["contradiction_id"]]
    return df
