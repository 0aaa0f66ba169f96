"""Claim histories: speakers with aliases, the claims a new batch is matched against, export.

Every statement about speakers across articles, cluster lookup for incremental
matching, the timeline queries and the export lives here; the matching itself is
``claims``' and runs in ``flows/link.py`` between these reads and writes. Clusters
are never rebuilt: lookups return the clustered claims a batch's claims can join,
and only the new claims' rows are written.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Iterable, Protocol, Sequence

import duckdb
import pandas as pd

from claims.model import StoredClaim

from .db import has_stories, registered
from .store import CLAIM_FROM, fetch_claims, insert_frame, next_id

#: The views ``claimtrack export`` writes, in this order.
EXPORT_VIEWS = ("articles", "claims", "claim_clusters", "claim_history", "contradictions", "speakers", "runs")

#: Speaker key under which every outlet's own statements (quote type "narration") are blocked:
#: outlets report the same facts, so their narration is compared across outlets.
NARRATION_BLOCK = "(outlet voice)"


# --- speakers ---------------------------------------------------------------------------

class SpeakerRow(Protocol):
    """A canonical speaker as stored: id, name shown to users, kind and the aliases seen."""

    speaker_id: int
    name: str
    kind: str
    aliases: set[str]


def speaker_rows(con: duckdb.DuckDBPyConnection) -> list[tuple[int, str, str, set[str]]]:
    """Every stored speaker as (speaker id, name, kind, aliases), in id order."""
    rows = con.execute("SELECT speaker_id, name, kind, aliases FROM speaker_store ORDER BY speaker_id").fetchall()
    return [(r[0], r[1], r[2] or "unknown", set(json.loads(r[3] or "[]"))) for r in rows]


def save_speakers(con: duckdb.DuckDBPyConnection, speakers: Sequence[SpeakerRow], alias_keys: dict[str, int]) -> None:
    """Write these speakers (new or changed) and the alias keys (key → speaker id) not stored yet."""
    if not speakers:
        return
    known = {r[0] for r in con.execute("SELECT speaker_id FROM speaker_store").fetchall()}
    fresh = [sp for sp in speakers if sp.speaker_id not in known]
    for sp in (sp for sp in speakers if sp.speaker_id in known):
        con.execute("UPDATE speaker_store SET name = ?, kind = ?, aliases = ? WHERE speaker_id = ?",
                    [sp.name, sp.kind, json.dumps(sorted(sp.aliases)), sp.speaker_id])
    if fresh:
        insert_frame(con, "speaker_store", pd.DataFrame({
            "speaker_id": [s.speaker_id for s in fresh], "name": [s.name for s in fresh],
            "kind": [s.kind for s in fresh], "aliases": [json.dumps(sorted(s.aliases)) for s in fresh],
        }))
    if alias_keys:
        with registered(con, _alias=pd.DataFrame({"alias": list(alias_keys), "speaker_id": list(alias_keys.values())})):
            con.execute("INSERT INTO speaker_alias SELECT a.alias, a.speaker_id FROM _alias a"
                        " ANTI JOIN speaker_alias x ON x.alias = a.alias")


def unresolved_claims(con: duckdb.DuckDBPyConnection) -> list[tuple[int, str, str, str]]:
    """Claims without a speaker id (new ones, and those stored before 003) as
    (claim id, speaker as written, quote type, outlet)."""
    return con.execute(
        "SELECT c.claim_id, c.speaker_name, c.quote_type, s.name FROM claim_store c"
        " JOIN article_store a USING (article_id) JOIN sources s ON s.source_id = a.source_id"
        " WHERE c.speaker_id IS NULL"
    ).fetchall()


def set_claim_speakers(con: duckdb.DuckDBPyConnection, speaker_of: dict[int, int]) -> None:
    """Record each claim's canonical speaker (claim id → speaker id)."""
    if not speaker_of:
        return
    with registered(con, _sp=pd.DataFrame({"claim_id": list(speaker_of), "speaker_id": list(speaker_of.values())})):
        con.execute("UPDATE claim_store SET speaker_id = _sp.speaker_id FROM _sp"
                    " WHERE claim_store.claim_id = _sp.claim_id")


def speaker_ids_matching(con: duckdb.DuckDBPyConnection, name: str, alias_key: str) -> list[int]:
    """Speakers a user's name refers to: an alias (``alias_key``: the name as ``claims.speakers.identity.alias_key``
    folds it, "Zelensky" → "zelensky"), or a part of a canonical name."""
    key = alias_key
    rows = con.execute(
        "SELECT speaker_id FROM speaker_alias WHERE alias = ?"
        " UNION SELECT speaker_id FROM speaker_store WHERE name ILIKE ? OR aliases ILIKE ?",
        [key, f"%{name}%", f"%{name}%"],
    ).fetchall()
    return sorted(r[0] for r in rows)


# --- the claims a batch is matched against -------------------------------------------------

#: A claim as matching reads it (named as ``StoredClaim``'s fields): ``speaker`` is the canonical speaker.
_MATCH_COLUMNS = (
    "c.claim_id AS claim_id, c.article_id AS article_id,"
    " coalesce(CASE WHEN c.quote_type = 'narration' THEN ? ELSE sp.name END, '') AS speaker,"
    " c.text AS text, c.content AS content, coalesce(nullif(c.stance, ''), 'assert') AS stance,"
    " coalesce(c.negated, false) AS negated, coalesce(nullif(c.quote_type, ''), 'indirect') AS quote_type,"
    " c.quantities AS quantities, c.cluster_id AS cluster_id, s.name AS source,"
    " strftime(a.published_at, '%Y-%m-%dT%H:%M:%S') AS published,"
    # a person speaks for the side the articles give them, even where one article does not say it
    " coalesce(CASE WHEN c.claimant_kind = 'person' THEN nullif(sp.side, '') END, c.side, '') AS side,"
    " a.story_id AS story_id,"
    " coalesce(c.claimant_kind, '') AS claimant_kind,"
    " coalesce(c.actor, '') AS actor, coalesce(c.actor_side, '') AS actor_side,"
    " coalesce(c.predicate, '') AS predicate, coalesce(c.predicate_class, '') AS predicate_class,"
    " coalesce(c.target, '') AS target, coalesce(c.target_side, '') AS target_side,"
    " coalesce(c.time_text, '') AS time, coalesce(c.polarity, '+') AS polarity, coalesce(c.hedge, '') AS hedge"
)
_MATCH_FROM = CLAIM_FROM + " LEFT JOIN speaker_store sp ON sp.speaker_id = c.speaker_id"


def claims_for_matching(con: duckdb.DuckDBPyConnection, claim_ids: Sequence[int]) -> list[StoredClaim]:
    """Claims with ``speaker`` set to their canonical speaker (all narration: one outlet-voice block)."""
    if not claim_ids:
        return []
    with registered(con, _ids=pd.DataFrame({"id": list(claim_ids)})):
        return fetch_claims(con, f"SELECT {_MATCH_COLUMNS} {_MATCH_FROM} JOIN _ids ON c.claim_id = _ids.id"
                                 " ORDER BY c.claim_id", [NARRATION_BLOCK])


def update_speaker_sides(con: duckdb.DuckDBPyConnection) -> None:
    """Each person's side: the side most of their claims were given where an article named it."""
    con.execute(
        "UPDATE speaker_store SET side = m.side FROM ("
        "  SELECT speaker_id, mode(side) AS side FROM claim_store"
        "  WHERE claimant_kind = 'person' AND side IS NOT NULL AND side <> '' GROUP BY speaker_id) m"
        " WHERE speaker_store.speaker_id = m.speaker_id AND speaker_store.side IS DISTINCT FROM m.side")


def clustered_candidates(con: duckdb.DuckDBPyConnection, new: Sequence[StoredClaim], keys: dict[int, tuple[list, list]],
                         *, max_block: int, lookup_budget: int, block_words: int
                         ) -> tuple[list[StoredClaim], dict[int, list[int]]]:
    """Clustered claims each new claim can join: (the claims, new claim id → their ids).

    For each new claim: the stored claims sharing its rarest (speaker, word) key, and its next
    rarest up to ``block_words`` keys while they bring no more than ``lookup_budget`` claims (a key
    carried by more than ``max_block`` claims is too common), and those sharing a MinHash pair key
    carried by no more than ``lookup_budget`` claims. Nothing else of the history is read.
    """
    word_rows = [(cid, k) for cid, (words, _) in keys.items() for k in words]
    pair_rows = [(cid, k) for cid, (_, pairs) in keys.items() for k in pairs]
    if not word_rows and not pair_rows:
        return [], {}
    frame = lambda rows: pd.DataFrame({"new_id": pd.array([r[0] for r in rows] or [-1], dtype="int64"),  # noqa: E731
                                       "key": pd.array([r[1] for r in rows] or [-1], dtype="int64")})
    new_ids = pd.DataFrame({"id": [c.claim_id for c in new] or [-1]})
    with registered(con, _bk=frame(word_rows), _pk=frame(pair_rows), _new=new_ids):
        pairs = con.execute(
            "WITH cnt AS (SELECT k.key, count(*) AS n FROM claim_key k"
            "   JOIN (SELECT DISTINCT key FROM _bk) b USING (key) GROUP BY k.key),"
            " ranked AS (SELECT b.new_id, b.key, row_number() OVER w AS r, sum(cnt.n) OVER w AS cum"
            "   FROM _bk b JOIN cnt USING (key) WHERE cnt.n <= ?"
            "   WINDOW w AS (PARTITION BY b.new_id ORDER BY cnt.n, b.key ROWS UNBOUNDED PRECEDING)),"
            " rare_pairs AS (SELECT k.key FROM claim_key k JOIN (SELECT DISTINCT key FROM _pk) p USING (key)"
            "   GROUP BY k.key HAVING count(*) <= ?),"
            " chosen AS (SELECT new_id, key FROM ranked WHERE r = 1 OR (r <= ? AND cum <= ?)"
            "   UNION SELECT p.new_id, p.key FROM _pk p JOIN rare_pairs USING (key))"
            " SELECT DISTINCT c.new_id, k.claim_id FROM chosen c JOIN claim_key k USING (key)"
            " WHERE k.claim_id NOT IN (SELECT id FROM _new) ORDER BY 1, 2",
            [max_block, lookup_budget, block_words, lookup_budget],
        ).fetchall()
    candidates_of: dict[int, list[int]] = {}
    for new_id, claim_id in pairs:
        candidates_of.setdefault(new_id, []).append(claim_id)
    ids = sorted({claim_id for _, claim_id in pairs})
    if not ids:
        return [], candidates_of
    with registered(con, _ids=pd.DataFrame({"id": pd.array(ids, dtype="int64")})):
        existing = fetch_claims(con, f"SELECT {_MATCH_COLUMNS} {_MATCH_FROM} WHERE c.cluster_id IN"
                                " (SELECT DISTINCT x.cluster_id FROM claim_store x JOIN _ids ON x.claim_id = _ids.id)"
                                " ORDER BY c.claim_id", [NARRATION_BLOCK])
    return existing, candidates_of


def article_texts(con: duckdb.DuckDBPyConnection, article_ids: Iterable[int]) -> dict[int, str]:
    """Article id → text, for telling stories apart."""
    ids = sorted(set(article_ids))
    if not ids:
        return {}
    with registered(con, _aids=pd.DataFrame({"id": pd.array(ids, dtype="int64")})):
        rows = con.execute("SELECT a.article_id, a.text FROM article_store a JOIN _aids ON a.article_id = _aids.id").fetchall()
    return dict(rows)


def article_stories(con: duckdb.DuckDBPyConnection, article_ids: Iterable[int]) -> dict[int, int | None]:
    """Article id → its story id ({} while articles carry none): claims are compared only inside their story."""
    ids = list(article_ids)
    if not ids or not has_stories(con):
        return {}
    with registered(con, _aids=pd.DataFrame({"id": ids})):
        return {int(a): (None if s is None else int(s)) for a, s in con.execute(
            "SELECT a.article_id, a.story_id FROM article_store a JOIN _aids ON a.article_id = _aids.id").fetchall()}


def save_keys(con: duckdb.DuckDBPyConnection, keys: dict[int, tuple[list, list]]) -> None:
    """Store the lookup keys of newly clustered claims."""
    pairs = [(k, cid) for cid, (words, minhash) in keys.items() for k in (*words, *minhash)]
    if pairs:
        insert_frame(con, "claim_key", pd.DataFrame({"key": pd.array([p[0] for p in pairs], dtype="int64"),
                                                "claim_id": [p[1] for p in pairs]}))


def add_term_counts(con: duckdb.DuckDBPyConnection, counts: dict[str, int], claims: int) -> None:
    """Add newly linked claims to the running word counts: ``counts`` (word -> claims holding it) and
    ``claims``, how many claims they were (kept under the word '')."""
    rows = {**{t: n for t, n in counts.items() if t}, "": claims}
    frame = pd.DataFrame({"term": list(rows), "claims": pd.array(list(rows.values()), dtype="int64")})
    with registered(con, _terms=frame):
        con.execute("INSERT INTO term_count SELECT term, claims FROM _terms"
                    " ON CONFLICT (term) DO UPDATE SET claims = term_count.claims + EXCLUDED.claims")


def term_counts(con: duckdb.DuckDBPyConnection, terms: Iterable[str]) -> tuple[dict[str, int], int]:
    """How many linked claims hold each of ``terms``, and how many linked claims are counted."""
    wanted = sorted({t for t in terms if t})
    with registered(con, _want=pd.DataFrame({"term": ["", *wanted]})):
        rows = con.execute("SELECT t.term, t.claims FROM term_count t JOIN _want w ON t.term = w.term").fetchall()
    found = dict(rows)
    return {t: n for t, n in found.items() if t}, int(found.get("", 0))


def uncounted_contents(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The contents of every linked claim when the word counts hold none of them (a warehouse from
    before migration 011, or none linked yet): to count once. Empty when they are counted."""
    if con.execute("SELECT count(*) FROM term_count WHERE term = ''").fetchall()[0][0]:
        return []
    return [r[0] or "" for r in con.execute("SELECT content FROM claim_store WHERE cluster_id IS NOT NULL")
            .fetchall()]


# --- reading ------------------------------------------------------------------------------

def next_cluster_id(con: duckdb.DuckDBPyConnection) -> int:
    """The id the next new cluster gets."""
    return next_id(con, "cluster_store", "cluster_id")


def cluster_history(con: duckdb.DuckDBPyConnection, cluster_id: int) -> pd.DataFrame:
    """Every mention of one cluster, oldest first, with outlet, time, wording and quote type."""
    return con.execute(
        "SELECT mention_no, published_at, source, speaker, canonical_speaker, quote_type, wording, url, claim_id,"
        " first_seen, last_seen, outlets, first_outlet, cluster_label, side, figure FROM claim_history"
        " WHERE cluster_id = ?"
        " ORDER BY mention_no",
        [cluster_id],
    ).df()


def claims_of_speaker(con: duckdb.DuckDBPyConnection, name: str, alias_key: str, limit: int = 200) -> pd.DataFrame:
    """A speaker's claims, oldest first, found through any alias ("Zelensky" finds "Volodymyr Zelenskyy";
    ``alias_key`` as for ``speaker_ids_matching``)."""
    ids = speaker_ids_matching(con, name, alias_key)
    with registered(con, _sid=pd.DataFrame({"speaker_id": pd.array(ids or [-1], dtype="int64")})):
        return con.execute(
            "SELECT a.published_at, s.name AS source, sp.name AS speaker, c.speaker_name AS written_as, c.cue_lemma,"
            " c.stance, c.quote_type, c.content, v.proposition, c.cluster_id, c.claim_id"
            " FROM claim_store c JOIN claims v USING (claim_id) JOIN _sid ON _sid.speaker_id = c.speaker_id"
            " JOIN speaker_store sp ON sp.speaker_id = c.speaker_id"
            " JOIN article_store a ON a.article_id = c.article_id JOIN sources s ON s.source_id = a.source_id"
            " ORDER BY a.published_at NULLS LAST, c.claim_id LIMIT ?",
            [limit],
        ).df()


def export(con: duckdb.DuckDBPyConnection, fmt: str, output: Path) -> list[Path]:
    """Write each public view as ``OUTPUT/<view>.<fmt>`` (parquet or csv); returns the files written."""
    if fmt not in ("parquet", "csv"):
        raise ValueError("format must be parquet or csv")
    output.mkdir(parents=True, exist_ok=True)
    present = {r[0] for r in con.execute("SELECT view_name FROM duckdb_views() WHERE NOT internal").fetchall()}
    written = []
    for view in EXPORT_VIEWS:
        if view not in present:
            continue
        path = output / f"{view}.{fmt}"
        options = "FORMAT parquet" if fmt == "parquet" else "FORMAT csv, HEADER true"
        target = str(path).replace("'", "''")
        con.execute(f"COPY (SELECT * FROM {view}) TO '{target}' ({options})")
        written.append(path)
    return written
