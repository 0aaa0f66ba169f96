"""The whole pipeline (without Prefect) on the bundled demo corpus, checked as a user would."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from flows import pipeline
from flows.cli import demo_corpus
from warehouse import reading

CORPUS = demo_corpus()


def _designed() -> dict[str, list[tuple[str, str]]]:
    """The designed facts of the corpus README: section title → [(article id, sentence)]."""
    facts: dict[str, list[tuple[str, str]]] = {}
    current = None
    for line in (CORPUS.parent / "README.md").read_text(encoding="utf-8").splitlines():
        if line.startswith("### "):
            current = line[4:].strip()
            facts[current] = []
        elif current and line.startswith("- `") and "`: `" in line:
            art, sentence = line[3:].split("`: `", 1)
            facts[current].append((art, sentence.rstrip("`")))
    return facts


def _claim_for(con, article_external_id: str, sentence: str):
    """The claim whose span lies inside the designed sentence of that article."""
    text, = con.execute("select text from articles where external_id = ?", [article_external_id]).fetchall()[0]
    start = text.index(sentence)
    end = start + len(sentence)
    rows = con.execute(
        "select c.claim_id, c.cluster_id, c.claim_end - c.claim_start as n from claims c join articles a using (article_id)"
        " where a.external_id = ? and c.claim_start >= ? and c.claim_end <= ? order by n desc",
        [article_external_id, start, end],
    ).fetchall()
    assert rows, f"no claim extracted from {article_external_id}: {sentence}"
    return rows[0][0], rows[0][1]


def _fact(facts, word):
    return next(v for k, v in facts.items() if word.lower() in k.lower())


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory, demo_warehouse) -> Path:
    """A copy of the session's demo warehouse (a test here ingests into it again)."""
    db = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    shutil.copy(demo_warehouse, db)
    return db


def test_same_claim_from_three_outlets_is_one_cluster(demo_db):
    """The claim three outlets report in different words ends in one cluster."""
    facts = _designed()
    with reading(demo_db) as con:
        clusters = {_claim_for(con, art, s)[1] for art, s in _fact(facts, "merge")}
        assert len(clusters) == 1
        outlets = con.execute("select outlets from claim_clusters where cluster_id = ?", [clusters.pop()]).fetchall()
    assert outlets[0][0] == 3


def test_numeric_and_polarity_contradictions_are_flagged(demo_db):
    """The $12M/$15M pair is a numeric contradiction and rejected/accepted a polarity one."""
    facts = _designed()
    with reading(demo_db) as con:
        flagged = {(a, b): k for a, b, k in con.execute("select claim_id_a, claim_id_b, kind from contradictions").fetchall()}
        for word, kind in (("numeric", "numeric"), ("polarity", "polarity")):
            ids = sorted(_claim_for(con, art, s)[0] for art, s in _fact(facts, word))
            assert flagged.get(tuple(ids)) == kind, f"{word} pair {ids} not flagged; flagged: {flagged}"


def test_compatible_durations_are_not_flagged(demo_db):
    """"75-minute meeting" and "an hour and 15 minutes" are not a contradiction."""
    facts = _designed()
    with reading(demo_db) as con:
        ids = [_claim_for(con, art, s)[0] for art, s in _fact(facts, "compatible")]
        n = con.execute("select count(*) from contradictions where claim_id_a in (?, ?) and claim_id_b in (?, ?)",
                        ids + ids).fetchall()[0][0]
    assert n == 0


def test_reingest_adds_nothing(demo_db, settings):
    """Ingesting the same corpus again stores no article, claim or contradiction twice."""
    with reading(demo_db) as con:
        before = con.execute("select (select count(*) from articles), (select count(*) from claims),"
                             " (select count(*) from contradictions)").fetchall()[0]
    summary = pipeline.ingest([str(CORPUS)], demo_db, settings)
    assert (summary.articles_new, summary.claims_new, summary.contradictions_new) == (0, 0, 0)
    with reading(demo_db) as con:
        after = con.execute("select (select count(*) from articles), (select count(*) from claims),"
                            " (select count(*) from contradictions)").fetchall()[0]
    assert after == before


def test_jsonl_url_and_text_kept_exactly(demo_db):
    """Each JSON Lines article is stored with its url and text exactly as given."""
    given = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines() if line.strip()]
    with reading(demo_db) as con:
        stored = dict(con.execute("select url, text from articles").fetchall())
    assert {g["url"]: g["text"] for g in given} == stored
