"""Extraction on a Dask cluster (two local worker processes) stores what a local run stores."""
from __future__ import annotations

import pytest

from flows.cli import demo_corpus
from warehouse import reading

pytestmark = [pytest.mark.prefect, pytest.mark.slow]

TABLES = {
    "articles": "select article_id, source, url, title, published_at, text from articles order by article_id",
    "claims": "select claim_id, article_id, speaker, cue, content, claim_start, claim_end, cluster_id "
              "from claims order by claim_id",
    "clusters": "select * from claim_clusters order by all",
    "contradictions": "select kind, claim_id_a, claim_id_b, status from contradictions order by all",
}


def _warehouse(db) -> dict[str, list]:
    with reading(db) as con:
        return {name: con.execute(sql).fetchall() for name, sql in TABLES.items()}


@pytest.fixture(scope="module")
def prefect_home():
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


@pytest.fixture(scope="module")
def cluster():
    distributed = pytest.importorskip("distributed")
    pytest.importorskip("prefect_dask")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=None) as c:
        yield c.scheduler_address


def test_dask_ingest_gives_the_same_warehouse_as_a_local_run(prefect_home, cluster, tmp_path):
    """Articles, claims, clusters and contradictions are the same row for row; both workers took batches."""
    from flows.ingest_flow import ingest

    corpus = str(demo_corpus())
    local, remote = tmp_path / "local.duckdb", tmp_path / "dask.duckdb"
    one = ingest([corpus], str(local))
    config = tmp_path / "small-batches.toml"
    config.write_text("[scale]\ndask_batch_articles = 2\n", encoding="utf-8")  # several tasks for two workers
    two = ingest([corpus], str(remote), str(config), cluster)
    assert one["articles_new"] == two["articles_new"] >= 6
    assert one["claims_new"] == two["claims_new"] > 0
    assert one["contradictions_new"] == two["contradictions_new"] >= 2
    assert not two["errors"]
    want, got = _warehouse(local), _warehouse(remote)
    for name in TABLES:
        assert got[name] == want[name], name

    import distributed

    with distributed.Client(cluster) as client:
        # the batches ran in the workers' processes: each worker has loaded an extractor
        held = client.run(lambda: __import__("flows.pipeline", fromlist=["_extractor"])._extractor.cache_info().currsize)
    assert len(held) == 2 and all(n >= 1 for n in held.values())
