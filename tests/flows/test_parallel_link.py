"""Contradiction rules in a second process (big batches) store what they store in one process."""
from __future__ import annotations


from flows import pipeline
from flows.cli import demo_corpus
from warehouse import reading


def _ingest(db, settings, parallel: bool) -> dict:
    settings = settings.replace("scale", parallel_link_claims=1 if parallel else 10**9)
    pipeline.ingest([str(demo_corpus())], db, settings)
    return _stored(db)


def _stored(db) -> dict:
    with reading(db) as con:
        return {
            "clusters": con.execute("select claim_id, cluster_id from claims order by claim_id").fetchall(),
            "contradictions": con.execute("select kind, claim_id_a, claim_id_b, status from contradictions"
                                          " order by all").fetchall(),
        }


def test_second_process_gives_the_same_contradictions(tmp_path, settings, demo_warehouse):
    assert settings.scale.parallel_link_claims > 100  # so the session's demo warehouse was linked in one process
    one = _stored(demo_warehouse)
    two = _ingest(tmp_path / "two.duckdb", settings, parallel=True)
    assert two == one
    assert len(one["contradictions"]) >= 2


def test_bulk_clustering_in_forked_workers_beside_the_second_process(tmp_path, settings, demo_warehouse):
    """Clusters scored in bulk by two forked workers while the contradiction rules run in a second
    process: the same clusters and contradictions as one claim at a time in one process, and no
    process left behind."""
    import multiprocessing

    with reading(demo_warehouse) as con:
        n_claims = con.execute("select count(*) from claims").fetchone()[0]
    assert n_claims < settings.matching.bulk_min_claims  # the session's demo warehouse: one at a time
    bulk = settings.replace("matching", bulk_min_claims=1, bulk_workers=2)
    assert _ingest(tmp_path / "bulk.duckdb", bulk, parallel=True) == _stored(demo_warehouse)
    assert not multiprocessing.active_children()
