"""Contradiction review: storing what the rules found, decisions, evidence, report queries.

A contradiction row is one pair of claims. Its ``pair_key`` names the
disagreement itself (kind, measured thing, values or speakers), so:

- a claim pair stored once is never stored again, whatever its kind or status;
- a disagreement a reviewer dismissed is never raised again, even by new claims;
- a new pair for a disagreement a reviewer confirmed is attached to the
  confirmed row as evidence (``contradiction_evidence``) instead of a new row.
"""
from __future__ import annotations

from datetime import datetime
from typing import Sequence

import duckdb
import pandas as pd

from claims.model import StoredClaim

from .db import registered, transaction
from .store import CLAIM_COLUMNS, CLAIM_FROM, REVIEW_STATUSES, fetch_claims, insert_frame, next_id


def candidate_claims(con: duckdb.DuckDBPyConnection, new_ids: Sequence[int], max_days_apart: float,
                     exclude_speakers: Sequence[str] = ()) -> list[StoredClaim]:
    """Stored claims other speakers' new claims may contradict: those published within ``max_days_apart`` of
    the new claims (or undated). Claims by ``exclude_speakers`` are left out (the caller holds them already);
    the rules block the rest by measured unit and rare words."""
    if not new_ids:
        return []
    with registered(con, _new=pd.DataFrame({"id": list(new_ids)}),
                    _sp=pd.DataFrame({"name": list(exclude_speakers) or ["\x00"]})):
        # only the stories of the new claims (claims of an article without a story: those without one)
        same_story = (" AND (a.story_id IN (SELECT a2.story_id FROM claim_store c2 JOIN article_store a2"
                      " USING (article_id) JOIN _new ON c2.claim_id = _new.id)"
                      " OR (a.story_id IS NULL AND EXISTS (SELECT 1 FROM claim_store c3 JOIN article_store a3"
                      " USING (article_id) JOIN _new ON c3.claim_id = _new.id WHERE a3.story_id IS NULL)))")
        lo, hi = con.execute(
            "SELECT min(a.published_at), max(a.published_at) FROM claim_store c JOIN article_store a USING (article_id)"
            " JOIN _new ON c.claim_id = _new.id"
        ).fetchall()[0]
        window = ""
        params: list = []
        if lo is not None:
            window = (" AND (a.published_at IS NULL OR a.published_at BETWEEN ? - to_seconds(?) AND ? + to_seconds(?))")
            secs = float(max_days_apart) * 86400
            params = [lo, secs, hi, secs]
        return fetch_claims(
            con,
            f"SELECT {CLAIM_COLUMNS} {CLAIM_FROM}"
            " WHERE c.claim_id NOT IN (SELECT id FROM _new)"
            " AND coalesce(c.speaker_name, '') NOT IN (SELECT name FROM _sp)"
            f"{same_story}{window} ORDER BY c.claim_id",
            params,
        )


def store_found(con: duckdb.DuckDBPyConnection, run_id: int, found: Sequence) -> int:
    """Store new contradictions; returns how many rows were added.

    ``found``: objects with kind, claim_id_a, claim_id_b, reason, subject, score and key.
    A pair already stored is skipped; a key a reviewer dismissed is skipped; a key a
    reviewer confirmed gets the pair as evidence.
    """
    if not found:
        return 0
    rows: dict[tuple[int, int], object] = {}
    for f in found:
        a, b = sorted((f.claim_id_a, f.claim_id_b))
        rows.setdefault((a, b), f)
    with transaction(con):
        stored_pairs = set()
        with registered(con, _pairs=pd.DataFrame({"a": [k[0] for k in rows], "b": [k[1] for k in rows]})):
            stored_pairs = {(a, b) for a, b in con.execute(
                "SELECT x.claim_id_a, x.claim_id_b FROM contradiction_store x JOIN _pairs p"
                " ON x.claim_id_a = p.a AND x.claim_id_b = p.b"
                " UNION SELECT e.claim_id_a, e.claim_id_b FROM contradiction_evidence e JOIN _pairs p"
                " ON e.claim_id_a = p.a AND e.claim_id_b = p.b"
            ).fetchall()}
        keys = sorted({getattr(f, "key", "") for f in rows.values() if getattr(f, "key", "")})
        decided: dict[str, tuple[int, str]] = {}
        if keys:
            with registered(con, _keys=pd.DataFrame({"k": keys})):
                for key, cid, status in con.execute(
                    "SELECT x.pair_key, min(x.contradiction_id), CASE WHEN bool_or(x.status = 'dismissed')"
                    " THEN 'dismissed' ELSE 'confirmed' END FROM contradiction_store x JOIN _keys ON x.pair_key = _keys.k"
                    " WHERE x.status IN ('dismissed', 'confirmed') GROUP BY x.pair_key"
                ).fetchall():
                    decided[key] = (cid, status)
        fresh, evidence = [], []
        for (a, b), f in rows.items():
            if (a, b) in stored_pairs:
                continue
            key = getattr(f, "key", "") or None
            if key in decided:
                cid, status = decided[key]
                if status == "confirmed":
                    evidence.append({"contradiction_id": cid, "claim_id_a": a, "claim_id_b": b, "reason": f.reason,
                                     "score": float(f.score), "run_id": run_id})
                continue
            fresh.append({"kind": f.kind, "claim_id_a": a, "claim_id_b": b, "reason": f.reason, "subject": f.subject,
                          "score": float(f.score), "pair_key": key})
        if evidence:
            insert_frame(con, "contradiction_evidence", pd.DataFrame(evidence))
        if not fresh:
            return 0
        df = pd.DataFrame(fresh)
        start = next_id(con, "contradiction_store", "contradiction_id")
        df.insert(0, "contradiction_id", range(start, start + len(df)))
        df["run_id"] = run_id
        df["status"] = "open"
        insert_frame(con, "contradiction_store", df)
        return len(df)


def decide(con: duckdb.DuckDBPyConnection, contradiction_id: int, status: str, note: str | None) -> bool:
    """Record a reviewer's decision (status, note, time); False when there is no such contradiction."""
    if status not in REVIEW_STATUSES:
        raise ValueError(f"status must be one of {', '.join(REVIEW_STATUSES)}")
    row = con.execute(
        "UPDATE contradiction_store SET status = ?, note = coalesce(?, note), reviewed_at = ?"
        " WHERE contradiction_id = ? RETURNING contradiction_id",
        [status, note, datetime.now(), contradiction_id],
    ).fetchall()
    return bool(row)


_SIDE = (
    " c{s}.speaker_name AS speaker_{s}, s{s}.name AS source_{s}, a{s}.published_at AS published_{s},"
    " a{s}.url AS url_{s}, c{s}.content AS content_{s}, c{s}.quote_type AS quote_type_{s},"
    " a{s}.text AS _text_{s}, c{s}.claim_start AS _start_{s}, c{s}.claim_end AS _end_{s}"
)

#: Characters searched on each side of a claim for the ends of its sentence.
SENTENCE_REACH = 600


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence(s) holding text[start:end], on one line (the evidence a reviewer reads)."""
    if not isinstance(text, str):
        return ""
    lo = max(0, start - SENTENCE_REACH)
    head = text[lo:start]
    cut = max(head.rfind(". "), head.rfind("? "), head.rfind("! "), head.rfind("\n"))
    s = lo + cut + 1 if cut >= 0 else lo
    tail = text[end : end + SENTENCE_REACH]
    stops = [i for i in (tail.find(". "), tail.find("? "), tail.find("! "), tail.find("\n")) if i >= 0]
    e = end + (min(stops) + 1 if stops else len(tail))
    if not stops and end + SENTENCE_REACH >= len(text):
        e = len(text)
    return " ".join(text[s:e].split())


def _sentences(df: pd.DataFrame) -> pd.DataFrame:
    for s in ("a", "b"):
        df[f"sentence_{s}"] = [sentence_around(t, int(st), int(en)) for t, st, en in
                               zip(df[f"_text_{s}"], df[f"_start_{s}"], df[f"_end_{s}"])]
    return df.drop(columns=[f"_{c}_{s}" for c in ("text", "start", "end") for s in ("a", "b")])
_JOIN = (
    " JOIN claim_store c{s} ON c{s}.claim_id = {t}.claim_id_{s}"
    " JOIN article_store a{s} ON a{s}.article_id = c{s}.article_id"
    " JOIN sources s{s} ON s{s}.source_id = a{s}.source_id"
)


def report(con: duckdb.DuckDBPyConnection, status: str | None = None, since: str | None = None,
           contradiction_id: int | None = None, run_id: int | None = None) -> pd.DataFrame:
    """Contradictions with the evidence a reviewer needs, and the evidence attached later (``evidence``:
    a list of dicts per row). ``since``: detected on or after this date, or with evidence added since."""
    where, params = [], []
    if status:
        if status not in REVIEW_STATUSES:
            raise ValueError(f"status must be one of {', '.join(REVIEW_STATUSES)}")
        where.append("x.status = ?")
        params.append(status)
    if since:
        where.append("(x.detected_at >= CAST(? AS TIMESTAMP) OR x.contradiction_id IN"
                     " (SELECT contradiction_id FROM contradiction_evidence WHERE added_at >= CAST(? AS TIMESTAMP)))")
        params += [since, since]
    if contradiction_id is not None:
        where.append("x.contradiction_id = ?")
        params.append(contradiction_id)
    if run_id is not None:
        where.append("x.run_id = ?")
        params.append(run_id)
    sql = (
        "SELECT x.contradiction_id, x.kind, x.status, x.subject, x.reason, x.score, x.note, x.reviewed_at,"
        " x.detected_at, x.claim_id_a, x.claim_id_b, x.pair_key, x.run_id,"
        + _SIDE.format(s="a") + "," + _SIDE.format(s="b")
        + " FROM contradiction_store x" + _JOIN.format(s="a", t="x") + _JOIN.format(s="b", t="x")
    )
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY x.subject NULLS LAST, x.score DESC NULLS LAST, x.contradiction_id"
    df = _sentences(con.execute(sql, params).df())
    df["evidence"] = [[] for _ in range(len(df))]
    if not df.empty:
        ev = evidence(con, df["contradiction_id"].tolist())
        if not ev.empty:
            grouped = {cid: g.drop(columns=["contradiction_id"]).to_dict("records")
                       for cid, g in ev.groupby("contradiction_id")}
            df["evidence"] = [grouped.get(cid, []) for cid in df["contradiction_id"]]
    return df


def evidence(con: duckdb.DuckDBPyConnection, contradiction_ids: Sequence[int]) -> pd.DataFrame:
    """Pairs attached to these contradictions after they were decided, with both sides' sources."""
    with registered(con, _cids=pd.DataFrame({"id": list(contradiction_ids) or [-1]})):
        return con.execute(
            "SELECT e.contradiction_id, e.reason, e.score, e.added_at, e.claim_id_a, e.claim_id_b,"
            + _SIDE.format(s="a") + "," + _SIDE.format(s="b")
            + " FROM contradiction_evidence e JOIN _cids ON e.contradiction_id = _cids.id"
            + _JOIN.format(s="a", t="e") + _JOIN.format(s="b", t="e")
            + " ORDER BY e.contradiction_id, e.added_at, e.claim_id_a"
        ).df().pipe(_sentences)
