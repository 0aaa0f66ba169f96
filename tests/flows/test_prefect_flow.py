"""The real Prefect flow on the demo corpus: ephemeral server, artifact, same results as the pipeline."""
from __future__ import annotations

from pathlib import Path

import pytest

from flows.cli import demo_corpus
from warehouse import reading

pytestmark = [pytest.mark.prefect, pytest.mark.slow]


@pytest.fixture(scope="module")
def prefect_home(tmp_path_factory):
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


@pytest.fixture(scope="module")
def flow_run(prefect_home, tmp_path_factory) -> tuple[dict, Path]:
    """The ingest flow run once on the demo corpus: (its summary, its warehouse)."""
    from flows.ingest_flow import ingest

    db = tmp_path_factory.mktemp("flow") / "flow.duckdb"
    return ingest([str(demo_corpus())], str(db)), db


def test_ingest_flow_runs_and_leaves_an_artifact(flow_run):
    """The flow ingests the corpus, reports contradictions and leaves a markdown summary artifact."""
    from prefect import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey

    summary, db = flow_run
    assert summary["articles_new"] >= 6 and summary["claims_new"] > 0 and summary["contradictions_new"] >= 2
    with reading(db) as con:
        run = con.execute("select status, prefect_flow_run_id, contradictions_new from runs").fetchall()[0]
        kinds = {k for (k,) in con.execute("select kind from contradictions").fetchall()}
    assert run[0] == "ok" and run[1] and run[2] == summary["contradictions_new"]
    assert {"numeric", "polarity"} <= kinds

    import anyio

    async def artifacts():
        async with get_client() as client:
            return await client.read_artifacts(artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=["ingest-summary"])))

    found = anyio.run(artifacts)
    assert found and "new contradictions" in found[0].data.lower()


def _stored(db: Path) -> dict:
    """What a user reads back from a warehouse, with ids replaced by what they stand for: articles, claims
    (speaker, offsets, text), clusters as a partition of the claims, contradictions between claims."""
    with reading(db) as con:
        articles = con.execute("select source, url, title, published_at, text from articles").fetchall()
        rows = con.execute("select c.claim_id, a.url, c.speaker, c.claim_start, c.claim_end, c.text, c.cluster_id"
                           " from claims c join articles a using (article_id)").fetchall()
        contradictions = con.execute("select kind, claim_id_a, claim_id_b, status from contradictions").fetchall()
    claim = {r[0]: r[1:6] for r in rows}
    clusters: dict[int, set] = {}
    for r in rows:
        if r[6] is not None:
            clusters.setdefault(r[6], set()).add(claim[r[0]])
    return {
        "articles": sorted(articles, key=repr),
        "claims": sorted(claim.values(), key=repr),
        "clusters": {frozenset(members) for members in clusters.values()},
        "contradictions": {(kind, frozenset({claim[a], claim[b]}), status) for kind, a, b, status in contradictions},
    }


def test_flow_stores_what_the_pipeline_stores(flow_run, demo_warehouse):
    """The same corpus through the Prefect flow and through the plain pipeline (`--no-prefect`) gives the same
    articles, claims, clusters and contradictions."""
    _, db = flow_run
    by_flow, by_pipeline = _stored(db), _stored(demo_warehouse)
    assert by_flow["articles"] and by_flow["claims"] and by_flow["contradictions"]
    for part in ("articles", "claims", "clusters", "contradictions"):
        assert by_flow[part] == by_pipeline[part], part
