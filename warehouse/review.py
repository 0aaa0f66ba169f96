"""Contradiction review: storing what the rules found, decisions, mentions, report queries.

A contradiction row is one disagreement (``claims.contradictions.grouping``): every claim that takes
part is a mention (``contradiction_mention``) with its side. Its ``group_key`` names what is disagreed
about, so:

- a disagreement met again in new articles gets the new mentions attached, not a new row;
- a reviewer's decision is on the row and so covers every mention, those attached later too
  (a dismissed disagreement is never raised again; a confirmed one stays confirmed);
- ``queued``: whether it is in the default review queue (``contradictions``) or a possible one
  (``possible_contradictions``). Warehouses from before 008 keep their pairs as groups of two, and
  their evidence (``contradiction_evidence``) as mentions.
"""
from __future__ import annotations

from datetime import datetime
from typing import Sequence

import duckdb
import pandas as pd

from claims.model import StoredClaim

from .db import has_stories, registered, transaction
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
        if has_stories(con):
            # the new claims' stories only (an article with no story yet is compared with every story)
            window += (" AND (a.story_id IS NULL OR a.story_id IN (SELECT a2.story_id FROM claim_store c2"
                       " JOIN article_store a2 USING (article_id) JOIN _new ON c2.claim_id = _new.id)"
                       " OR EXISTS (SELECT 1 FROM claim_store c3 JOIN article_store a3 USING (article_id)"
                       " JOIN _new ON c3.claim_id = _new.id WHERE a3.story_id IS NULL))")
        if lo is not None:
            window += (" AND (a.published_at IS NULL OR a.published_at BETWEEN ? - to_seconds(?) AND ? + to_seconds(?))")
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


def store_found(con: duckdb.DuckDBPyConnection, run_id: int, found: Sequence, min_confidence: float = 0.0) -> int:
    """Store disagreements; returns how many new rows (disagreements) were added.

    ``found``: ``Disagreement`` records (kind, key, subject, reason, claim_id_a/b, score, confidence,
    mentions, same_story), or pairs (``Contradiction``: each stored as a disagreement of two mentions).
    A disagreement already stored — one of its claims is a mention of a stored disagreement of its kind,
    or its key is stored — gets the new mentions attached (and is covered by its review decision: a
    dismissed one stays dismissed, a confirmed one confirmed); its confidence rises when the new one is
    higher, and it joins the queue when it now qualifies. Otherwise a new row is added, in the queue when
    it is of one known story and its confidence is at least ``min_confidence``.
    """
    groups = [_as_group(f) for f in found]
    if not groups:
        return 0
    added = 0
    with transaction(con):
        for g in groups:
            target = _stored_match(con, g)
            queued = bool(g["same_story"]) and g["confidence"] >= min_confidence
            if target is None:
                exists = con.execute(
                    "SELECT contradiction_id FROM contradiction_store WHERE claim_id_a = ? AND claim_id_b = ?"
                    " AND kind = ?", [g["claim_id_a"], g["claim_id_b"], g["kind"]]).fetchall()
                if exists:
                    target = exists[0][0]
            if target is None:
                target = next_id(con, "contradiction_store", "contradiction_id")
                con.execute(
                    "INSERT INTO contradiction_store (contradiction_id, kind, claim_id_a, claim_id_b, reason, subject,"
                    " score, status, pair_key, run_id, confidence, group_key, queued)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, 'open', ?, ?, ?, ?, ?)",
                    [target, g["kind"], g["claim_id_a"], g["claim_id_b"], g["reason"], g["subject"], g["score"],
                     g["key"] or None, run_id, g["confidence"], g["key"] or None, queued])
                added += 1
            else:
                con.execute(
                    "UPDATE contradiction_store SET confidence = greatest(coalesce(confidence, score), ?),"
                    " queued = coalesce(queued, false) OR ? WHERE contradiction_id = ?",
                    [g["confidence"], queued, target])
            have = {c for (c,) in con.execute(
                "SELECT claim_id FROM contradiction_mention WHERE contradiction_id = ?", [target]).fetchall()}
            fresh = [(c, side) for c, side in g["mentions"] if c not in have]
            if fresh:
                insert_frame(con, "contradiction_mention", pd.DataFrame({
                    "contradiction_id": [target] * len(fresh), "claim_id": [c for c, _ in fresh],
                    "side": [side for _, side in fresh], "run_id": [run_id] * len(fresh)}))
    return added


def _as_group(f) -> dict:
    """A disagreement (or a pair) as the row fields store_found writes."""
    a, b = sorted((f.claim_id_a, f.claim_id_b))
    mentions = getattr(f, "mentions", None)
    if mentions is None:  # a pair: its two claims, their positions as sides
        pos = getattr(f, "positions", ()) or ("a", "b")
        sa, sb = (str(pos[0]), str(pos[1])) if pos[0] != pos[1] else ("a", "b")
        side = {f.claim_id_a: sa, f.claim_id_b: sb}
        pairs = [(a, side[a]), (b, side[b])]
    else:
        pairs = [(m.claim_id, m.side) for m in mentions]
    score = float(f.score)
    return {"kind": f.kind, "claim_id_a": a, "claim_id_b": b, "reason": f.reason, "subject": f.subject,
            "score": score, "key": getattr(f, "key", "") or "",
            "confidence": float(getattr(f, "confidence", score)), "mentions": pairs,
            "same_story": bool(getattr(f, "same_story", True))}


def _stored_match(con: duckdb.DuckDBPyConnection, g: dict) -> int | None:
    """The stored disagreement this one continues: one holding a mention of it (same kind, or both about
    figures), else one with its key; a decided one first, then the oldest."""
    ids = [c for c, _ in g["mentions"]]
    kinds = ["polarity", "changed"] if g["kind"] in ("polarity", "changed") else [g["kind"]]
    # the same key alone is not enough (two stories can both disagree about "number of sites"): a stored
    # disagreement with that key must hold a mention of the same claim cluster too
    with registered(con, _ids=pd.DataFrame({"id": ids}), _kinds=pd.DataFrame({"k": kinds})):
        rows = con.execute(
            "SELECT x.contradiction_id, x.status, x.group_key, x.subject FROM contradiction_store x"
            " WHERE x.kind IN (SELECT k FROM _kinds) AND (x.contradiction_id IN"
            " (SELECT cm.contradiction_id FROM contradiction_mention cm JOIN _ids ON cm.claim_id = _ids.id)"
            " OR (x.group_key IS NOT NULL AND x.group_key = ? AND x.contradiction_id IN"
            " (SELECT cm.contradiction_id FROM contradiction_mention cm JOIN claim_store c ON c.claim_id = cm.claim_id"
            " WHERE c.cluster_id IN (SELECT c2.cluster_id FROM claim_store c2 JOIN _ids ON c2.claim_id = _ids.id))))"
            " ORDER BY x.status = 'open', x.contradiction_id", [g["key"] or "\x00"]).fetchall()
    if g["kind"] == "numeric":
        # a claim can state several figures: a stored numeric disagreement about another thing is not this one
        rows = [r for r in rows if r[2] == g["key"] or r[3] == g["subject"]]
    return rows[0][0] if rows else None


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


#: Which disagreements a report holds: the default queue, the possible ones below its bar, or all.
QUEUES = ("default", "possible", "all")
_QUEUED = "(coalesce(x.queued, true) OR x.status <> 'open')"


def report(con: duckdb.DuckDBPyConnection, status: str | None = None, since: str | None = None,
           contradiction_id: int | None = None, run_id: int | None = None, queue: str = "default") -> pd.DataFrame:
    """Disagreements with the evidence a reviewer needs: the representative pair (``*_a``/``*_b``), every
    mention on each side (``sides``: a list of {side, mentions: [dicts]}; ``grouped``: one line, "$12
    million — Civic Wire · $15 million — Eastport Herald"), and what was attached after the decision
    (``evidence``: a list of dicts per row). ``since``: detected on or after this date, or with mentions
    added since. ``queue``: "default" (what the review queue shows), "possible" (below its bar) or "all";
    an id asked for by ``contradiction_id`` is returned whichever queue holds it."""
    if queue not in QUEUES:
        raise ValueError(f"queue must be one of {', '.join(QUEUES)}")
    where, params = [], []
    if contradiction_id is None and queue != "all":
        where.append(_QUEUED if queue == "default" else f"NOT {_QUEUED}")
    if status:
        if status not in REVIEW_STATUSES:
            raise ValueError(f"status must be one of {', '.join(REVIEW_STATUSES)}")
        where.append("x.status = ?")
        params.append(status)
    if since:
        where.append("(x.detected_at >= CAST(? AS TIMESTAMP) OR x.contradiction_id IN"
                     " (SELECT contradiction_id FROM contradiction_evidence WHERE added_at >= CAST(? AS TIMESTAMP))"
                     " OR x.contradiction_id IN"
                     " (SELECT contradiction_id FROM contradiction_mention WHERE added_at >= CAST(? AS TIMESTAMP)))")
        params += [since, since, since]
    if contradiction_id is not None:
        where.append("x.contradiction_id = ?")
        params.append(contradiction_id)
    if run_id is not None:
        where.append("x.run_id = ?")
        params.append(run_id)
    sql = (
        "SELECT x.contradiction_id, x.kind, x.status, x.subject, x.reason, x.score, x.note, x.reviewed_at,"
        " x.detected_at, x.claim_id_a, x.claim_id_b, x.pair_key, x.run_id,"
        " coalesce(x.confidence, x.score) AS confidence, " + _QUEUED + " AS queued,"
        + _SIDE.format(s="a") + "," + _SIDE.format(s="b")
        + " FROM contradiction_store x" + _JOIN.format(s="a", t="x") + _JOIN.format(s="b", t="x")
    )
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY x.subject NULLS LAST, x.score DESC NULLS LAST, x.contradiction_id"
    df = _sentences(con.execute(sql, params).df())
    df["evidence"] = [[] for _ in range(len(df))]
    df["sides"] = [[] for _ in range(len(df))]
    df["mentions"] = 0
    df["grouped"] = df["reason"]
    if not df.empty:
        ids = df["contradiction_id"].tolist()
        ev = evidence(con, ids)
        grouped: dict = {}
        if not ev.empty:
            grouped = {cid: g.drop(columns=["contradiction_id"]).to_dict("records")
                       for cid, g in ev.groupby("contradiction_id")}
        ms = mentions(con, ids)
        by_id = {cid: g for cid, g in ms.groupby("contradiction_id")} if not ms.empty else {}
        reviewed = dict(zip(df["contradiction_id"], df["reviewed_at"]))
        sides_col, counts, lines, evs = [], [], [], []
        for cid in ids:
            g = by_id.get(cid)
            sides: list[dict] = []
            later = list(grouped.get(cid, []))
            if g is not None:
                for side, rows in g.groupby("side", sort=False):
                    sides.append({"side": side, "mentions": rows.drop(columns=["contradiction_id"]).to_dict("records")})
                at = reviewed.get(cid)
                if at is not None and not pd.isna(at):
                    for r in g.itertuples(index=False):
                        if r.added_at is not None and r.added_at > at:
                            later.append({"reason": f"{r.side} — {r.source}", "source_a": r.source, "source_b": "",
                                          "added_at": r.added_at, "claim_id_a": r.claim_id, "claim_id_b": None})
            sides_col.append(sides)
            counts.append(0 if g is None else len(g))
            lines.append(grouped_line(sides))
            evs.append(later)
        df["sides"], df["mentions"], df["evidence"] = sides_col, counts, evs
        df["grouped"] = [line or reason for line, reason in zip(lines, df["reason"])]
    return df


def grouped_line(sides: list[dict]) -> str:
    """A disagreement on one line: each side's value and the outlets that state it ("$12 million — Civic
    Wire · $15 million — Eastport Herald")."""
    parts = []
    for s in sides:
        outlets: list[str] = []
        for m in s["mentions"]:
            if m["source"] not in outlets:
                outlets.append(m["source"])
        parts.append(f"{s['side']} — {', '.join(outlets)}")
    return " · ".join(parts)


def mentions(con: duckdb.DuckDBPyConnection, contradiction_ids: Sequence[int]) -> pd.DataFrame:
    """Every mention of these disagreements: its side, outlet, speaker, date, URL, claim and sentence;
    in order of side (first seen first) and date."""
    with registered(con, _cids=pd.DataFrame({"id": list(contradiction_ids) or [-1]})):
        df = con.execute(
            "SELECT m.contradiction_id, m.claim_id, m.side, s.name AS source, c.speaker_name AS speaker,"
            " a.published_at, a.url, c.content, c.quote_type, m.added_at, m.run_id,"
            " a.text AS _text, c.claim_start AS _start, c.claim_end AS _end"
            " FROM contradiction_mention m JOIN _cids ON m.contradiction_id = _cids.id"
            " JOIN claim_store c ON c.claim_id = m.claim_id JOIN article_store a ON a.article_id = c.article_id"
            " JOIN sources s ON s.source_id = a.source_id"
            " ORDER BY m.contradiction_id, min(m.claim_id) OVER (PARTITION BY m.contradiction_id, m.side),"
            " a.published_at NULLS LAST, m.claim_id"
        ).df()
    df["sentence"] = [sentence_around(t, int(st), int(en)) for t, st, en in zip(df["_text"], df["_start"], df["_end"])]
    return df.drop(columns=["_text", "_start", "_end"])


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
