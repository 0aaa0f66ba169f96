"""The real Prefect flow on the demo corpus: ephemeral server, artifact, same results as the pipeline."""
from __future__ import annotations

import pytest

from flows.cli import demo_corpus
from warehouse import reading

pytestmark = [pytest.mark.prefect, pytest.mark.slow]


@pytest.fixture(scope="module")
def prefect_home(tmp_path_factory):
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


def test_ingest_flow_runs_and_leaves_an_artifact(prefect_home, tmp_path):
    """The flow ingests the corpus, reports contradictions and leaves a markdown summary artifact."""
    from prefect import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey

    from flows.ingest_flow import ingest

    db = tmp_path / "flow.duckdb"
    summary = ingest([str(demo_corpus())], str(db))
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
