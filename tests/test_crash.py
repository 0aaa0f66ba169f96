"""Issue 7: kill -9 an ingest at any moment, run it again: nothing lost, nothing stored twice, all linked.

The ingest runs as a real subprocess of `claimtrack ingest` (small batches so a small corpus spans several
transactions) and is killed with SIGKILL either at a named point (the CLAIMTRACK_TEST_CRASH_AT hook in
warehouse.db.crash_point) or after a delay. The corpus is invented here.
"""
from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # kills real ingest processes

OUTLETS = ["Harbor Ledger", "Northgate Courier", "Valley Times", "Coastline Daily", "The Ridge Post"]
SPEAKERS = [("Mayor Ilse Varga", "Varga"), ("Council member Tomas Brandt", "Brandt"),
            ("Port director Anneli Sorensen", "Sorensen"), ("Finance chief Oskar Lind", "Lind")]
CLAIMS = [
    "the north pier repairs would cost {n} million crowns",
    "the ferry service would resume in {month}",
    "the harbor tax would rise by {n} percent next year",
    "the old bridge was safe for heavy trucks",
    "the fish market would stay open through the winter",
    "about {n} hundred workers would lose their jobs at the shipyard",
]
STANCES = ["rejected the plan to sell the lighthouse", "accepted the plan to sell the lighthouse",
           "denied that the council had hidden the audit", "supported the plan to widen the canal"]
MONTHS = ["March", "April", "May", "June", "September"]

#: The ingest command with small store (10) and extraction (25) batches, so 70 articles take many transactions.
STORE_BATCH, EXTRACT_BATCH, N_ARTICLES = 10, 25, 70
SMALL_BATCHES = f"[scale]\nstore_batch_articles = {STORE_BATCH}\nextract_batch_articles = {EXTRACT_BATCH}\n"


def write_corpus(path: Path, n: int, seed: int = 1) -> Path:
    """``n`` invented news articles as JSON Lines: several outlets reporting what the same people said."""
    rnd = random.Random(seed)
    lines = []
    for i in range(n):
        outlet = OUTLETS[i % len(OUTLETS)]
        sentences = [f"On day {i + 1} of the harbor inquiry, {outlet} spoke to officials in Northgate."]
        for _ in range(3):
            (full, surname) = rnd.choice(SPEAKERS)
            claim = rnd.choice(CLAIMS).format(n=rnd.choice([2, 3, 4, 9]), month=rnd.choice(MONTHS))
            style = rnd.randrange(4)
            if style == 0:
                sentences.append(f"{full} said {claim}.")
            elif style == 1:
                sentences.append(f"“{claim[0].upper() + claim[1:]},” {surname} said.")
            elif style == 2:
                sentences.append(f"According to {full}, {claim}.")
            else:
                sentences.append(f"{full} {rnd.choice(STANCES)}.")
        lines.append(json.dumps({
            "id": f"{seed}-{i}", "outlet": outlet, "url": f"https://example.org/{seed}/{i}",
            "published": f"2025-03-{1 + i % 28:02d}T{8 + i % 10:02d}:00:00", "text": "\n".join(sentences) + "\n",
        }))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _env(crash: str | None = None) -> dict:
    env = {**os.environ, "PREFECT_SERVER_ANALYTICS_ENABLED": "false", "DO_NOT_TRACK": "1"}
    env.pop("CLAIMTRACK_DB", None)
    env.pop("CLAIMTRACK_TEST_CRASH_AT", None)
    if crash:
        env["CLAIMTRACK_TEST_CRASH_AT"] = crash
    return env


def _ingest_args(corpus: Path, db: Path) -> list[str]:
    settings = db.with_name(db.name + ".small-batches.toml")
    settings.write_text(SMALL_BATCHES, encoding="utf-8")
    return [sys.executable, "-m", "flows.cli", "ingest", str(corpus), "--db", str(db), "--no-prefect",
            "--config", str(settings)]


def ingest(corpus: Path, db: Path, crash: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(_ingest_args(corpus, db), capture_output=True, text=True, env=_env(crash), timeout=600)


def state(db: Path) -> dict:
    """What the warehouse holds, keyed by article text and claim offsets (ids may differ between runs)."""
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        q = lambda sql: con.execute(sql).fetchall()  # noqa: E731
        claims = q("SELECT a.content_hash, c.claim_start, c.claim_end, c.text, c.cluster_id, c.claim_id"
                   " FROM claim_store c JOIN article_store a USING (article_id)")
        key = {r[5]: r[:4] for r in claims}
        clusters: dict[int, set] = {}
        for r in claims:
            clusters.setdefault(r[4], set()).add(r[:4])
        return {
            "articles": q("SELECT count(*), count(DISTINCT content_hash) FROM article_store")[0],
            "hashes": {r[0] for r in q("SELECT content_hash FROM article_store")},
            "claims": sorted(r[:4] for r in claims),
            "orphans": q("SELECT count(*) FROM claim_store c ANTI JOIN article_store a USING (article_id)")[0][0]
            + q("SELECT count(*) FROM claim_store c ANTI JOIN attribution_store t USING (attribution_id)")[0][0]
            + q("SELECT count(*) FROM attribution_store t ANTI JOIN article_store a USING (article_id)")[0][0],
            "unlinked": q("SELECT count(*) FROM claim_store WHERE cluster_id IS NULL")[0][0],
            "bad_clusters": q("SELECT count(*) FROM claim_store c ANTI JOIN cluster_store k USING (cluster_id)"
                              " WHERE c.cluster_id IS NOT NULL")[0][0],
            "partition": sorted(sorted(members) for cid, members in clusters.items() if cid is not None),
            "contradictions": sorted((k, key[a], key[b]) for k, a, b in q(
                "SELECT kind, claim_id_a, claim_id_b FROM contradiction_store")),
            "runs": q("SELECT status, articles_new FROM run_log ORDER BY run_id"),
        }
    finally:
        con.close()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    return write_corpus(tmp_path_factory.mktemp("crash") / "corpus.jsonl", N_ARTICLES, seed=11)


@pytest.fixture(scope="module")
def reference(corpus, tmp_path_factory) -> dict:
    """The warehouse after one uninterrupted run."""
    db = tmp_path_factory.mktemp("ref") / "ref.duckdb"
    res = ingest(corpus, db)
    assert res.returncode == 0, res.stderr
    ref = state(db)
    assert ref["articles"] == (N_ARTICLES, N_ARTICLES)
    assert len(ref["claims"]) > 2 * N_ARTICLES and ref["contradictions"], "the corpus should give claims and conflicts"
    return ref


def check_recovered(db: Path, reference: dict, crashed_status: str | set[str] = "interrupted") -> dict:
    """The warehouse after crash + rerun equals the uninterrupted one; the crashed run is marked."""
    got = state(db)
    assert got["articles"] == reference["articles"]
    assert got["hashes"] == reference["hashes"]
    assert got["claims"] == reference["claims"], "claims lost or stored twice"
    assert got["orphans"] == 0
    assert got["unlinked"] == 0 and got["bad_clusters"] == 0
    assert got["partition"] == reference["partition"]
    assert got["contradictions"] == reference["contradictions"]
    statuses = [s for s, _ in got["runs"]]
    allowed = {crashed_status} if isinstance(crashed_status, str) else crashed_status
    assert statuses[-1] == "ok" and set(statuses[:-1]) <= allowed
    assert sum(n for _, n in got["runs"]) == N_ARTICLES
    return got


#: Named crash points: (CLAIMTRACK_TEST_CRASH_AT, what the first run must have stored before it died).
POINTS = [
    ("read", "nothing: killed after reading, before any article is stored"),
    ("extracted:2", "the first extraction batch stored, killed after extracting the second"),
    ("storing:3", "two store batches committed, killed inside the third before COMMIT"),
    ("stored:5", "five store batches committed"),
    ("link", "every article stored, no claim linked"),
    ("linking", "clusters written but not committed, contradictions not yet"),
    ("finish", "stored and linked, run not finished"),
]


@pytest.mark.parametrize("point,what", POINTS, ids=[p for p, _ in POINTS])
def test_kill_at_named_point_then_rerun(corpus, reference, tmp_path, point, what):
    """kill -9 at a named point of an ingest, run again: same articles, claims, clusters, contradictions; marked."""
    db = tmp_path / "crash.duckdb"
    first = ingest(corpus, db, crash=point)
    assert first.returncode == -signal.SIGKILL, (what, first.stderr)
    partial = state(db)
    assert partial["runs"][-1][0] == "running"
    assert partial["orphans"] == 0
    stored = partial["articles"][0]
    assert stored < N_ARTICLES or point in ("link", "linking", "finish")
    if point in ("storing:3",):
        assert stored == 2 * STORE_BATCH, "an uncommitted batch must leave nothing behind"
    if point in ("link", "linking"):
        assert partial["unlinked"] == len(reference["claims"])
    second = ingest(corpus, db)
    assert second.returncode == 0, second.stderr
    assert "note: run 1: ended before it finished" in second.stderr
    got = check_recovered(db, reference)
    assert got["runs"][0] == ("interrupted", stored)


@pytest.mark.parametrize("delay", [2.5, 4.5, 6.5])
def test_kill_after_a_delay_then_rerun(corpus, reference, tmp_path, delay):
    """kill -9 from outside after a delay (wherever the ingest is), run again: the warehouse matches one clean run."""
    db = tmp_path / "timed.duckdb"
    proc = subprocess.Popen(_ingest_args(corpus, db), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env=_env())
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=60)
    second = ingest(corpus, db)
    assert second.returncode == 0, second.stderr
    # A kill that lands after the run recorded "ok" but before the process exited leaves an "ok" run.
    check_recovered(db, reference, crashed_status={"interrupted", "ok"})


def test_two_crashes_in_a_row_then_rerun(corpus, reference, tmp_path):
    """Killed twice at different points before a run completes: the third run still completes everything once."""
    db = tmp_path / "twice.duckdb"
    assert ingest(corpus, db, crash="stored:2").returncode == -signal.SIGKILL
    assert ingest(corpus, db, crash="linking").returncode == -signal.SIGKILL
    third = ingest(corpus, db)
    assert third.returncode == 0, third.stderr
    check_recovered(db, reference)
    assert [s for s, _ in state(db)["runs"]] == ["interrupted", "interrupted", "ok"]
