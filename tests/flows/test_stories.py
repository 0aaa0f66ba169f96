"""Stories through the ingest, on our own invented articles: grouping as articles are stored, claims
compared only inside their story, story ids kept across runs; `claimtrack stories` and the story page."""
from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from flows import pipeline
from warehouse import reading

from test_web import running

#: Two stories on one day that state the same figures ($12 million, 40 days), each told by two outlets.
DAY_ONE = [
    ("Civic Wire", "2031-04-07", "Eastport bridge closed after ferry strike",
     'The Eastport harbor bridge was closed on Monday after the ferry Marlow struck one of its piers. '
     '"Repairs will cost $12 million and take 40 days," Mayor Ilse Brandt told reporters. Engineers of the '
     'Harbor Authority inspected the damaged pier while the ferry captain was questioned by investigators.'),
    ("Westmere Gazette", "2031-04-07", "Westmere council approves school budget",
     'The Westmere council approved a school budget on Monday after a long debate. "The plan will cost '
     '$12 million and take 40 days to put in place," councillor Tomas Rehn said. The teachers union welcomed '
     'new classrooms for the valley districts.'),
    ("Eastport Herald", "2031-04-07", "Ferry captain questioned over harbor bridge strike",
     'Investigators questioned the captain of the ferry Marlow, which struck a pier of the Eastport harbor '
     'bridge. Mayor Ilse Brandt said repairs would cost $15 million and take 40 days. The Harbor Authority '
     'closed the bridge to traffic.'),
    ("Valley Post", "2031-04-07", "Schools in Westmere valley get new classrooms",
     'Councillor Tomas Rehn said the Westmere school plan would cost $12 million. The council vote '
     'gives the valley districts new classrooms, and the teachers union praised the budget debate.'),
]
LATE = [("Harbor Daily", "2031-04-10", "Eastport bridge repairs begin",
         'Repairs began on the Eastport harbor bridge three days after the ferry Marlow struck its pier. '
         'Mayor Ilse Brandt said the Harbor Authority expects the bridge to reopen within 40 days.')]


def _jsonl(path: Path, rows, start: int) -> Path:
    with path.open("w", encoding="utf-8") as f:
        for i, (outlet, day, title, text) in enumerate(rows, start):
            f.write(json.dumps({"id": f"s{i}", "outlet": outlet, "url": f"https://example.test/s{i}",
                                "published": day, "title": title, "text": text}) + "\n")
    return path


@pytest.fixture(scope="module")
def stories_db(tmp_path_factory, settings) -> tuple[Path, Path]:
    tmp = tmp_path_factory.mktemp("stories")
    db = tmp / "stories.duckdb"
    first = _jsonl(tmp / "day1.jsonl", DAY_ONE, 0)
    pipeline.ingest([str(first)], db, settings)
    return db, first


def _story_of(db: Path) -> dict[str, int]:
    with reading(db) as con:
        return dict(con.execute("SELECT source, story_id FROM articles ORDER BY article_id").fetchall())


def test_two_stories_on_one_day_with_the_same_figures_stay_apart(stories_db):
    db, _ = stories_db
    story = _story_of(db)
    assert story["Civic Wire"] == story["Eastport Herald"]
    assert story["Westmere Gazette"] == story["Valley Post"]
    assert story["Civic Wire"] != story["Westmere Gazette"]
    with reading(db) as con:
        across = con.execute(
            "SELECT count(*) FROM (SELECT c.cluster_id FROM claims c JOIN articles a USING (article_id)"
            " WHERE c.cluster_id IS NOT NULL GROUP BY c.cluster_id HAVING count(DISTINCT a.story_id) > 1)").fetchone()[0]
        flagged = con.execute(
            "SELECT count(*) FROM contradictions x JOIN claims ca ON ca.claim_id = x.claim_id_a"
            " JOIN claims cb ON cb.claim_id = x.claim_id_b JOIN articles aa ON aa.article_id = ca.article_id"
            " JOIN articles ab ON ab.article_id = cb.article_id WHERE aa.story_id <> ab.story_id").fetchone()[0]
        shown = con.execute("SELECT story_id, articles, outlets FROM stories ORDER BY story_id").fetchall()
    assert across == 0 and flagged == 0
    assert [(n, o) for _, n, o in shown] == [(2, 2), (2, 2)]


def test_a_late_article_joins_its_story_and_a_reingest_keeps_story_ids(stories_db, tmp_path, settings):
    db, first = stories_db
    before = _story_of(db)
    pipeline.ingest([str(_jsonl(tmp_path / "late.jsonl", LATE, 10))], db, settings)
    after = _story_of(db)
    assert after["Harbor Daily"] == before["Civic Wire"]
    pipeline.ingest([str(first)], db, settings)  # the same articles again: stored once, stories unchanged
    assert _story_of(db) == after
    with reading(db) as con:
        assert con.execute("SELECT count(*) FROM stories").fetchone()[0] == 2


def test_stories_command_and_story_page(stories_db, claimtrack, settings):
    db, _ = stories_db
    done = claimtrack("stories", "--db", str(db), "--format", "json")
    assert done.returncode == 0, done.stderr
    listed = [json.loads(line) for line in done.stdout.splitlines() if line.strip()]
    assert {r["story_id"] for r in listed} == set(_story_of(db).values())
    sid = _story_of(db)["Civic Wire"]
    with running(db, settings) as (base, _token):
        page = httpx.get(f"{base}/story/{sid}")
        assert page.status_code == 200
        assert "Civic Wire" in page.text and "Eastport Herald" in page.text and "Westmere Gazette" not in page.text
        assert httpx.get(f"{base}/story/999").status_code == 404
        assert f"/story/{sid}" in httpx.get(f"{base}/stories").text
