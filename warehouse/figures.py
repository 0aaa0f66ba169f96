"""Figures in the warehouse: storing each article's figures, reading a story's figures back, and
keeping the numeric disagreements found among them."""
from __future__ import annotations

import json
from typing import Sequence

import duckdb
import pandas as pd

from claims.model import Figure, Span, StoredFigure

from .db import has_stories, registered, transaction


def figure_rows(article_id: int, figures: Sequence[Figure], claims: Sequence[dict], first_id: int,
                run_id: int) -> list[dict]:
    """The figure_store rows of one article: each figure with the tightest claim holding it and every
    claim of its sentence its clause overlaps (``claims``: the article's claim rows, with ids and spans)."""
    rows = []
    for k, f in enumerate(figures):
        best, best_key, clause = None, None, []
        for c in claims:
            cs, ce = c["claim_start"], c["claim_end"]
            overlap = min(f.span.end, ce) - max(f.span.start, cs)
            if overlap > 0:
                key = (overlap, -(ce - cs))
                if best_key is None or key > best_key:
                    best, best_key = c["claim_id"], key
            in_sentence = f.sentence.start <= cs and ce <= f.sentence.end + 1
            if overlap > 0 or (in_sentence and cs < f.clause.end and f.clause.start < ce):
                clause.append(c["claim_id"])
        rows.append({
            "figure_id": first_id + k, "article_id": article_id, "claim_id": best,
            "clause_claims": json.dumps(sorted(set(clause))), "kind": f.kind, "unit": f.unit, "value": f.value,
            "value_low": f.low, "value_high": f.high, "qualifier": f.qualifier, "text": f.text,
            "span_start": f.span.start, "span_end": f.span.end, "sentence_start": f.sentence.start,
            "sentence_end": f.sentence.end, "clause_start": f.clause.start, "clause_end": f.clause.end,
            "noun": f.noun, "noun_class": f.noun_class, "written_unit": f.written_unit, "zone": f.zone,
            "zone_offset": f.zone_offset, "decimals": f.decimals, "concepts": " ".join(f.concepts),
            "context": " ".join(f.context), "names": " ".join(f.names), "days": " ".join(f.days),
            "measure": f.measure, "subject": f.subject, "run_id": run_id,
        })
    return rows


def figure_frame(rows: Sequence[dict]) -> pd.DataFrame:
    """figure_store rows as a frame whose nullable integer columns stay integers."""
    df = pd.DataFrame(rows)
    for col in ("claim_id", "zone_offset"):
        if col in df:
            df[col] = df[col].astype("Int64")
    return df


_COLUMNS = ("f.figure_id, f.article_id, f.claim_id, f.clause_claims, s.name, "
            "strftime(a.published_at, '%Y-%m-%d'), coalesce(c.speaker_name, ''), f.kind, f.unit, f.value, "
            "f.value_low, f.value_high, coalesce(f.qualifier, ''), f.text, f.span_start, f.span_end, "
            "f.sentence_start, f.sentence_end, f.clause_start, f.clause_end, coalesce(f.noun, ''), "
            "coalesce(f.written_unit, ''), coalesce(f.zone, ''), f.zone_offset, coalesce(f.decimals, 0), "
            "coalesce(f.concepts, ''), coalesce(f.context, ''), coalesce(f.names, ''), coalesce(f.days, ''), "
            "coalesce(f.noun_class, ''), coalesce(f.measure, ''), coalesce(f.subject, '')")
_FROM = (" FROM figure_store f JOIN article_store a USING (article_id) JOIN sources s ON s.source_id = a.source_id"
         " LEFT JOIN claim_store c ON c.claim_id = f.claim_id")


def _stored(row) -> StoredFigure:
    (fid, aid, cid, clause, source, published, claimant, kind, unit, value, low, high, qualifier, text, s0, s1,
     ss, se, cs, ce, noun, wunit, zone, zoff, dec, concepts, context, names, days, ncls, measure, subject) = row
    split = lambda s: tuple(s.split()) if s else ()  # noqa: E731
    fig = Figure(kind=kind, unit=unit, value=value, low=low, high=high, qualifier=qualifier, text=text,
                 span=Span(s0, s1), sentence=Span(ss, se), clause=Span(cs, ce), noun=noun, written_unit=wunit,
                 zone=zone, zone_offset=zoff, decimals=dec, concepts=split(concepts), context=split(context),
                 names=split(names), days=split(days), noun_class=ncls, measure=measure, subject=subject)
    return StoredFigure(fid, aid, cid, tuple(json.loads(clause or "[]")), source, published, fig, claimant)


def stored_figures(con: duckdb.DuckDBPyConnection, article_ids: Sequence[int] | None = None) -> list[StoredFigure]:
    """Stored figures (of ``article_ids``, or all), in figure order."""
    if article_ids is None:
        rows = con.execute(f"SELECT {_COLUMNS}{_FROM} ORDER BY f.figure_id").fetchall()
    else:
        rows = con.execute(f"SELECT {_COLUMNS}{_FROM} WHERE f.article_id IN (SELECT unnest(?)) ORDER BY f.figure_id",
                           [list(article_ids)]).fetchall()
    return [_stored(r) for r in rows]


def article_texts(con: duckdb.DuckDBPyConnection, article_ids: Sequence[int] | None = None
                  ) -> dict[int, tuple[str, str | None]]:
    """Articles' text and date (of ``article_ids``, or all), for the story's places and the story gate."""
    sql = "SELECT article_id, text, strftime(published_at, '%Y-%m-%d') FROM article_store"
    if article_ids is None:
        return {aid: (text, day) for aid, text, day in con.execute(sql).fetchall()}
    return {aid: (text, day) for aid, text, day in con.execute(
        sql + " WHERE article_id IN (SELECT unnest(?))", [list(article_ids)]).fetchall()}


def article_stories(con: duckdb.DuckDBPyConnection) -> dict[int, int] | None:
    """article_id → story_id where the warehouse groups articles into stories (None where it does not yet)."""
    if not has_stories(con):
        return None
    return {aid: sid for aid, sid in con.execute(
        "SELECT article_id, story_id FROM article_store WHERE story_id IS NOT NULL").fetchall()}


def touched_articles(con: duckdb.DuckDBPyConnection, run_id: int, claim_ids: Sequence[int],
                     article_ids: Sequence[int] | None = None) -> list[int]:
    """The articles a run stored (or ``article_ids``, those it stored since its last link), and those
    holding the claims it links."""
    if article_ids is not None:
        return [aid for (aid,) in con.execute(
            "SELECT unnest(?) AS article_id UNION SELECT article_id FROM claim_store"
            " WHERE claim_id IN (SELECT unnest(?)) ORDER BY 1", [list(article_ids) or [-1], list(claim_ids) or [-1]]
        ).fetchall() if aid >= 0]
    return [aid for (aid,) in con.execute(
        "SELECT article_id FROM article_store WHERE run_id = ? UNION SELECT article_id FROM claim_store"
        " WHERE claim_id IN (SELECT unnest(?)) ORDER BY 1", [run_id, list(claim_ids) or [-1]]).fetchall()]


def replace_disagreements(con: duckdb.DuckDBPyConnection, run_id: int, found: Sequence,
                          article_ids: Sequence[int] | None = None) -> int:
    """Store the numeric disagreements found among the figures of ``article_ids`` (or of all articles),
    replacing those stored before among those figures; returns how many.

    ``found``: records with ``measure, subject, kind, unit, confidence, key`` and ``sides`` (each a
    ``label`` and ``mentions`` of StoredFigure).
    """
    with transaction(con):
        if article_ids is None:
            con.execute("DELETE FROM figure_disagreement_mention")
            con.execute("DELETE FROM figure_disagreement_store")
        else:
            with registered(con, _fig_aids=pd.DataFrame({"id": list(article_ids) or [-1]})):
                gone = [r[0] for r in con.execute(
                    "SELECT DISTINCT m.disagreement_id FROM figure_disagreement_mention m"
                    " JOIN figure_store f USING (figure_id) JOIN _fig_aids ON f.article_id = _fig_aids.id").fetchall()]
            if gone:
                con.execute("DELETE FROM figure_disagreement_mention WHERE disagreement_id IN (SELECT unnest(?))", [gone])
                con.execute("DELETE FROM figure_disagreement_store WHERE disagreement_id IN (SELECT unnest(?))", [gone])
        first = con.execute("SELECT coalesce(max(disagreement_id), 0) + 1 FROM figure_disagreement_store").fetchall()[0][0]
        rows, mentions = [], []
        for k, d in enumerate(found, start=first):
            rows.append({"disagreement_id": k, "measure": d.measure, "subject": d.subject, "kind": d.kind,
                         "unit": d.unit, "confidence": d.confidence, "disagreement_key": d.key, "run_id": run_id})
            for side in d.sides:
                for m in side.mentions:
                    mentions.append({"disagreement_id": k, "figure_id": m.figure_id, "side": side.label})
        for table, data in (("figure_disagreement_store", rows), ("figure_disagreement_mention", mentions)):
            if data:
                df = pd.DataFrame(data)
                with registered(con, _fig_batch=df):
                    cols = ", ".join(df.columns)
                    con.execute(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM _fig_batch")
    return len(rows)


def figures_table(con: duckdb.DuckDBPyConnection, measure: str | None = None, story: int | None = None,
                  limit: int = 500) -> pd.DataFrame:
    """Figures by measure, then time and outlet (``measure``: a case-insensitive part of the label)."""
    where, params = [], []
    if measure:
        where.append("lower(measure) LIKE ?")
        params.append(f"%{measure.lower()}%")
    if story is not None:
        where.append("story_id = ?")
        params.append(story)
    sql = ("SELECT measure, subject, text, kind, value_low, value_high, outlet, claimant, published_at, quote_type,"
           " figure_id, article_id, claim_id FROM figures"
           + (" WHERE " + " AND ".join(where) if where else "")
           + " ORDER BY measure, published_at NULLS LAST, outlet, figure_id LIMIT ?")
    return con.execute(sql, [*params, limit]).df()


def story_values(con: duckdb.DuckDBPyConnection, story_id: int) -> pd.DataFrame:
    """A story's figures by measure and time, with their side in a numeric disagreement (NULL when in none);
    a figure in a disagreement takes the disagreement's measure."""
    return con.execute(
        "WITH d AS (SELECT m.figure_id, min(m.side) AS side, min(s.measure) AS measure"
        " FROM figure_disagreement_mention m JOIN figure_disagreement_store s USING (disagreement_id)"
        " GROUP BY m.figure_id)"
        " SELECT f.figure_id, coalesce(d.measure, f.measure) AS measure, f.text, f.kind, f.unit, f.value,"
        " f.value_low, f.value_high, f.outlet, f.published_at, d.side FROM figures f LEFT JOIN d USING (figure_id)"
        " WHERE f.story_id = ? ORDER BY 2, f.published_at NULLS LAST, f.figure_id", [story_id]).df()


def disagreement_rows(con: duckdb.DuckDBPyConnection) -> list[tuple]:
    """(disagreement_id, measure, side, outlet, text, figure_id) of every stored disagreement's mentions."""
    return con.execute(
        "SELECT m.disagreement_id, d.measure, m.side, f.outlet, f.text, f.figure_id FROM figure_disagreement_mention m"
        " JOIN figure_disagreement_store d USING (disagreement_id) JOIN figures f USING (figure_id)"
        " ORDER BY m.disagreement_id, m.side, f.outlet").fetchall()


def cluster_figures(con: duckdb.DuckDBPyConnection, cluster_id: int) -> pd.DataFrame:
    """The figures stated in one cluster's claims, by time: measure, value as written, outlet, date."""
    return con.execute(
        "SELECT f.measure, f.text, f.kind, f.value_low, f.value_high, f.outlet, f.published_at, f.claim_id"
        " FROM figures f JOIN claim_store c ON c.claim_id = f.claim_id WHERE c.cluster_id = ?"
        " ORDER BY f.measure, f.published_at NULLS LAST, f.outlet, f.figure_id", [cluster_id]).df()
