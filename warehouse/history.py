"""Claim histories: speakers with aliases, the claims a new batch is matched against, export.

Every statement about speakers across articles, cluster lookup for incremental
matching, the timeline queries and the export lives here. Clusters are never
rebuilt: lookups return the clustered claims a batch's claims can join, and
only the new claims' rows are written.
"""
from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Iterable, Sequence

import duckdb
import pandas as pd

from claims.identity import IdentitySettings, Speaker, SpeakerRegistry, clean, fold
from claims.matching import content_terms, minhash_keys, word_hash
from claims.model import StoredClaim

from .db import transaction
from .store import _insert, quantities_from_json

#: The views ``claimtrack export`` writes, in this order.
EXPORT_VIEWS = ("articles", "claims", "claim_clusters", "claim_history", "contradictions", "speakers", "runs")

#: Speaker key under which every outlet's own statements (quote type "narration") are blocked:
#: outlets report the same facts, so their narration is compared across outlets.
NARRATION_BLOCK = "(outlet voice)"


# --- speakers ---------------------------------------------------------------------------

def load_speakers(con: duckdb.DuckDBPyConnection, settings: IdentitySettings | None = None) -> SpeakerRegistry:
    """Every stored speaker with its aliases, ready to resolve new names."""
    rows = con.execute("SELECT speaker_id, name, kind, aliases FROM speaker_store ORDER BY speaker_id").fetchall()
    speakers = [Speaker(r[0], r[1], r[2] or "unknown", set(json.loads(r[3] or "[]"))) for r in rows]
    return SpeakerRegistry(speakers, settings)


def save_speakers(con: duckdb.DuckDBPyConnection, registry: SpeakerRegistry) -> None:
    """Write the speakers the registry created or changed, and their alias keys."""
    changed = sorted(registry.changed)
    if not changed:
        return
    known = {r[0] for r in con.execute("SELECT speaker_id FROM speaker_store").fetchall()}
    fresh = [registry.by_id[i] for i in changed if i not in known]
    for sp in (registry.by_id[i] for i in changed if i in known):
        con.execute("UPDATE speaker_store SET name = ?, kind = ?, aliases = ? WHERE speaker_id = ?",
                    [sp.name, sp.kind, json.dumps(sorted(sp.aliases)), sp.speaker_id])
    if fresh:
        _insert(con, "speaker_store", pd.DataFrame({
            "speaker_id": [s.speaker_id for s in fresh], "name": [s.name for s in fresh],
            "kind": [s.kind for s in fresh], "aliases": [json.dumps(sorted(s.aliases)) for s in fresh],
        }))
    aliases = {}
    for sp in (registry.by_id[i] for i in changed):
        for alias in (sp.name, *sp.aliases):
            key = fold(clean(alias))
            if key:
                aliases.setdefault(key, sp.speaker_id)
    if aliases:
        con.register("_alias", pd.DataFrame({"alias": list(aliases), "speaker_id": list(aliases.values())}))
        try:
            con.execute("INSERT INTO speaker_alias SELECT a.alias, a.speaker_id FROM _alias a"
                        " ANTI JOIN speaker_alias x ON x.alias = a.alias")
        finally:
            con.unregister("_alias")
    registry.mark_saved()


def resolve_claim_speakers(con: duckdb.DuckDBPyConnection, registry: SpeakerRegistry) -> int:
    """Give every claim without a speaker id its canonical speaker (new claims, and claims stored before 003).

    Narration claims (the outlet's own voice) belong to the outlet. Returns how many claims were resolved.
    """
    rows = con.execute(
        "SELECT c.claim_id, c.speaker_name, c.quote_type, s.name FROM claim_store c"
        " JOIN article_store a USING (article_id) JOIN sources s ON s.source_id = a.source_id"
        " WHERE c.speaker_id IS NULL"
    ).fetchall()
    if not rows:
        return 0
    names = registry.resolve_all(r[1] or "" for r in rows if r[2] != "narration")
    outlets = {r[3]: registry.resolve_outlet(r[3]) for r in rows if r[2] == "narration"}
    ids, speaker_ids = [], []
    for claim_id, name, quote_type, outlet in rows:
        sp = outlets[outlet] if quote_type == "narration" else names.get(name or "")
        if sp is not None:
            ids.append(claim_id)
            speaker_ids.append(sp.speaker_id)
    with transaction(con):
        save_speakers(con, registry)
        if ids:
            con.register("_sp", pd.DataFrame({"claim_id": ids, "speaker_id": speaker_ids}))
            try:
                con.execute("UPDATE claim_store SET speaker_id = _sp.speaker_id FROM _sp"
                            " WHERE claim_store.claim_id = _sp.claim_id")
            finally:
                con.unregister("_sp")
    return len(ids)


def speaker_ids_matching(con: duckdb.DuckDBPyConnection, name: str) -> list[int]:
    """Speakers a user's name refers to: an alias as written ("Zelensky"), or a part of a canonical name."""
    key = fold(clean(name))
    rows = con.execute(
        "SELECT speaker_id FROM speaker_alias WHERE alias = ?"
        " UNION SELECT speaker_id FROM speaker_store WHERE name ILIKE ? OR aliases ILIKE ?",
        [key, f"%{name}%", f"%{name}%"],
    ).fetchall()
    return sorted(r[0] for r in rows)


# --- the claims a batch is matched against -------------------------------------------------

_MATCH_COLUMNS = (
    "c.claim_id, c.article_id, coalesce(CASE WHEN c.quote_type = 'narration' THEN ? ELSE sp.name END, ''),"
    " c.text, c.content, c.stance, c.negated, c.quote_type, c.quantities, c.cluster_id, s.name,"
    " strftime(a.published_at, '%Y-%m-%dT%H:%M:%S'),"
    # a person speaks for the side the articles give them, even where one article does not say it
    " coalesce(CASE WHEN c.claimant_kind = 'person' THEN nullif(sp.side, '') END, c.side, ''),"
    " coalesce(c.claimant_kind, '')"
)
_MATCH_FROM = (
    " FROM claim_store c JOIN article_store a USING (article_id) JOIN sources s ON s.source_id = a.source_id"
    " LEFT JOIN speaker_store sp ON sp.speaker_id = c.speaker_id"
)


def claims_for_matching(con: duckdb.DuckDBPyConnection, claim_ids: Sequence[int]) -> list[StoredClaim]:
    """Claims with ``speaker`` set to their canonical speaker (all narration: one outlet-voice block)."""
    if not claim_ids:
        return []
    con.register("_ids", pd.DataFrame({"id": list(claim_ids)}))
    try:
        rows = con.execute(f"SELECT {_MATCH_COLUMNS} {_MATCH_FROM} JOIN _ids ON c.claim_id = _ids.id"
                           " ORDER BY c.claim_id", [NARRATION_BLOCK]).fetchall()
    finally:
        con.unregister("_ids")
    return _stored_fast(rows)


def update_speaker_sides(con: duckdb.DuckDBPyConnection) -> None:
    """Each person's side: the side most of their claims were given where an article named it."""
    con.execute(
        "UPDATE speaker_store SET side = m.side FROM ("
        "  SELECT speaker_id, mode(side) AS side FROM claim_store"
        "  WHERE claimant_kind = 'person' AND side IS NOT NULL AND side <> '' GROUP BY speaker_id) m"
        " WHERE speaker_store.speaker_id = m.speaker_id AND speaker_store.side IS DISTINCT FROM m.side")


def keys_of(claims: Iterable[StoredClaim], speaker_ids: dict[str, int], settings) -> dict[int, tuple[list, list]]:
    """Lookup keys of each claim (claim id → (word keys, pair keys)): one per content word, for the claims
    of any speaker sharing a word (the merge model weighs claimant and side), and MinHash pair keys."""
    out = {}
    for c in claims:
        terms = set(content_terms(c.content))
        words = [word_hash(t) for t in terms]
        pairs = minhash_keys(terms, settings.minhash_keys) if len(terms) >= settings.cross_min_words else []
        out[c.claim_id] = (words, pairs)
    return out


def _stored_fast(rows) -> list[StoredClaim]:
    return [
        StoredClaim(claim_id=r[0], article_id=r[1], speaker=r[2] or "", text=r[3], content=r[4], stance=r[5] or "assert",
                    negated=bool(r[6]), quote_type=r[7] or "indirect",
                    quantities=quantities_from_json(r[8]) if r[8] and r[8] != "[]" else (),
                    cluster_id=r[9], source=r[10], published=r[11], side=r[12],
                    claimant_kind=r[13])
        for r in rows
    ]


def clustered_candidates(con: duckdb.DuckDBPyConnection, new: Sequence[StoredClaim],
                         keys: dict[int, tuple[list, list]], settings) -> tuple[list[StoredClaim], dict[int, list[int]]]:
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
    con.register("_bk", frame(word_rows))
    con.register("_pk", frame(pair_rows))
    con.register("_new", pd.DataFrame({"id": [c.claim_id for c in new] or [-1]}))
    try:
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
            [settings.max_block, settings.lookup_budget, settings.block_words, settings.lookup_budget],
        ).fetchall()
    finally:
        for name in ("_bk", "_pk", "_new"):
            con.unregister(name)
    candidates_of: dict[int, list[int]] = {}
    for new_id, claim_id in pairs:
        candidates_of.setdefault(new_id, []).append(claim_id)
    ids = sorted({claim_id for _, claim_id in pairs})
    if not ids:
        return [], candidates_of
    con.register("_ids", pd.DataFrame({"id": pd.array(ids, dtype="int64")}))
    try:
        rows = con.execute(f"SELECT {_MATCH_COLUMNS} {_MATCH_FROM} WHERE c.cluster_id IN"
                           " (SELECT DISTINCT x.cluster_id FROM claim_store x JOIN _ids ON x.claim_id = _ids.id)"
                           " ORDER BY c.claim_id", [NARRATION_BLOCK]).fetchall()
    finally:
        con.unregister("_ids")
    return _stored_fast(rows), candidates_of


def article_texts(con: duckdb.DuckDBPyConnection, article_ids: Iterable[int]) -> dict[int, str]:
    """Article id → text, for telling stories apart."""
    ids = sorted(set(article_ids))
    if not ids:
        return {}
    con.register("_aids", pd.DataFrame({"id": pd.array(ids, dtype="int64")}))
    try:
        rows = con.execute("SELECT a.article_id, a.text FROM article_store a JOIN _aids ON a.article_id = _aids.id").fetchall()
    finally:
        con.unregister("_aids")
    return dict(rows)


def cluster_owners(new_clusters: dict[int, tuple[str, str]], claims: Sequence[StoredClaim]) -> dict[int, tuple[str, str]]:
    """New clusters as (label, speaker) with an outlet-voice cluster owned by the outlet that opened it."""
    source_of = {}
    for c in sorted(claims, key=lambda c: c.claim_id):
        if c.speaker == NARRATION_BLOCK:
            source_of.setdefault((c.text, c.speaker), c.source)
    return {cid: (label, source_of.get((label, sp), sp) if sp == NARRATION_BLOCK else sp)
            for cid, (label, sp) in new_clusters.items()}


def save_keys(con: duckdb.DuckDBPyConnection, keys: dict[int, tuple[list, list]]) -> None:
    """Store the lookup keys of newly clustered claims."""
    pairs = [(k, cid) for cid, (words, minhash) in keys.items() for k in (*words, *minhash)]
    if pairs:
        _insert(con, "claim_key", pd.DataFrame({"key": pd.array([p[0] for p in pairs], dtype="int64"),
                                                "claim_id": [p[1] for p in pairs]}))


# --- reading ------------------------------------------------------------------------------

def cluster_history(con: duckdb.DuckDBPyConnection, cluster_id: int) -> pd.DataFrame:
    """Every mention of one cluster, oldest first, with outlet, time, wording and quote type."""
    return con.execute(
        "SELECT mention_no, published_at, source, speaker, canonical_speaker, quote_type, wording, url, claim_id,"
        " first_seen, last_seen, outlets, first_outlet, cluster_label, side, figure FROM claim_history"
        " WHERE cluster_id = ?"
        " ORDER BY mention_no",
        [cluster_id],
    ).df()


def claims_of_speaker(con: duckdb.DuckDBPyConnection, name: str, limit: int = 200) -> pd.DataFrame:
    """A speaker's claims, oldest first, found through any alias ("Zelensky" finds "Volodymyr Zelenskyy")."""
    ids = speaker_ids_matching(con, name)
    con.register("_sid", pd.DataFrame({"speaker_id": pd.array(ids or [-1], dtype="int64")}))
    try:
        return con.execute(
            "SELECT a.published_at, s.name AS source, sp.name AS speaker, c.speaker_name AS written_as, c.cue_lemma,"
            " c.stance, c.quote_type, c.content, c.cluster_id, c.claim_id"
            " FROM claim_store c JOIN _sid USING (speaker_id) JOIN speaker_store sp USING (speaker_id)"
            " JOIN article_store a ON a.article_id = c.article_id JOIN sources s ON s.source_id = a.source_id"
            " ORDER BY a.published_at NULLS LAST, c.claim_id LIMIT ?",
            [limit],
        ).df()
    finally:
        con.unregister("_sid")


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


# --- one batch --------------------------------------------------------------------------

def match_batch(con: duckdb.DuckDBPyConnection, claim_ids: Sequence[int], settings=None,
                identity: IdentitySettings | None = None):
    """Cluster a batch of stored claims against the history: (ClusterAssignment, lookup keys to save).

    Resolves canonical speakers first (writing new speakers and aliases), then
    loads only the clustered claims the batch can join. Writes no cluster: the
    caller stores the assignment and the keys in its own transaction.
    """
    from claims.matching import MatchSettings, cluster_claims

    settings = settings or MatchSettings()
    registry = load_speakers(con, identity)
    resolve_claim_speakers(con, registry)
    update_speaker_sides(con)
    new = claims_for_matching(con, claim_ids)
    keys = keys_of(new, {sp.name: sp.speaker_id for sp in registry.by_id.values()}, settings)
    existing, candidates_of = clustered_candidates(con, new, keys, settings)
    next_id = int(con.execute("SELECT coalesce(max(cluster_id), 0) + 1 FROM cluster_store").fetchall()[0][0])
    texts = article_texts(con, [c.article_id for c in (*new, *existing)])
    assignment = cluster_claims(new, existing, next_id, settings, candidates_of, articles=texts)
    assignment = replace(assignment, new_clusters=cluster_owners(assignment.new_clusters, new))
    return assignment, keys
