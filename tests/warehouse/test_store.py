"""Warehouse round trips on a real DuckDB file in a temporary folder."""
from __future__ import annotations

import duckdb
import pytest

from claims.contradictions.detect import Contradiction
from claims.model import Article, ArticleClaims, Attribution, Claim, Quantity, Span
from warehouse import ReadOnlyQuery, reading, writing
from warehouse import review, store, user_sql
from warehouse.db import migrations

TEXT = "Mayor Ana Ruiz said the bridge will cost $12 million. Ruiz rejected the toll plan."
R = TEXT.index("Ruiz rejected")


def _extracted() -> ArticleClaims:
    q = Quantity(value=12e6, unit="usd", qualifier="", low=12e6, high=12e6, text="$12 million", span=Span(40, 51))
    atts = (
        Attribution(speaker=Span(0, 14), cue=Span(15, 19), content=(Span(20, 51),), speaker_text="Mayor Ana Ruiz",
                    speaker_name="Ana Ruiz", cue_lemma="say", stance="assert", quote_type="indirect",
                    text="Ana Ruiz said the bridge will cost $12 million", quantities=(q,)),
        Attribution(speaker=Span(R, R + 4), cue=Span(R + 5, R + 13), content=(Span(R + 14, R + 28),), speaker_text="Ruiz",
                    speaker_name="Ana Ruiz", cue_lemma="reject", stance="reject", quote_type="indirect",
                    text="Ana Ruiz rejected the toll plan"),
    )
    claims = (
        Claim(0, Span(20, 51), TEXT[20:51], atts[0].text, "Ana Ruiz", "say", "assert", "indirect", quantities=(q,)),
        Claim(1, Span(R + 14, R + 28), TEXT[R + 14 : R + 28], atts[1].text, "Ana Ruiz", "reject", "reject", "indirect"),
    )
    return ArticleClaims(atts, claims)


def _article(text: str = TEXT, source: str = "Harbor Ledger") -> Article:
    return Article(source=source, text=text, url="https://harbor.example/a", title="Bridge", published="2026-03-01")


def test_migrations_are_recorded_once(db_path):
    """Every shipped migration is applied on connect and recorded, and a second connect applies none."""
    with writing(db_path) as con:
        versions = [v for (v,) in con.execute("select version from schema_migrations order by 1").fetchall()]
    assert versions == [v for v, _, _ in migrations()]
    with writing(db_path) as con:
        assert con.execute("select count(*) from schema_migrations").fetchone()[0] == len(versions)


def test_views_are_written_once_and_replaced_when_they_change(db_path):
    """The public views come from views.sql; a file whose views are older gets today's on next open."""
    with writing(db_path) as con:
        assert "side" in [d[0] for d in con.execute("select * from claims limit 0").description]
        con.execute("DROP VIEW claims")
        con.execute("UPDATE schema_views SET sha = 'older'")
    with reading(db_path) as con:
        assert con.execute("select count(*) from claims").fetchone()[0] == 0
        names = {r[0] for r in con.execute("select view_name from duckdb_views() where not internal").fetchall()}
    assert {"articles", "claims", "claim_clusters", "claim_history", "contradictions", "runs", "speakers"} <= names


def test_article_round_trip_keeps_text_and_offsets(db_path):
    """A stored article comes back with its exact text, and claim offsets point into it."""
    with writing(db_path) as con:
        run = store.start_run(con, ["test"])
        result = store.store_articles(con, run, [(_article(), _extracted())])
    assert len(result.claim_ids) == 2
    with reading(db_path) as con:
        text, source, url = con.execute("select text, source, url from articles").fetchone()
        rows = con.execute("select claim_start, claim_end, content, speaker, cue from claims order by claim_id").fetchall()
    assert (text, source, url) == (TEXT, "Harbor Ledger", "https://harbor.example/a")
    for start, end, content, speaker, cue in rows:
        assert text[start:end] == content
        assert speaker == "Ana Ruiz"
    assert [r[4] for r in rows] == ["said", "rejected"]


def test_same_article_twice_is_stored_once(db_path):
    """Storing the same text again (even in one batch) adds nothing."""
    with writing(db_path) as con:
        run = store.start_run(con, ["test"])
        store.store_articles(con, run, [(_article(), _extracted()), (_article(), _extracted())])
        again = store.store_articles(con, run, [(_article(source="Other"), _extracted())])
        assert again.article_ids == () and again.skipped == 1
        assert con.execute("select count(*) from articles").fetchone()[0] == 1
        assert con.execute("select count(*) from claims").fetchone()[0] == 2


def test_quantities_survive_storage(db_path):
    """Quantities are stored with the claim and read back equal."""
    with writing(db_path) as con:
        run = store.start_run(con, ["test"])
        ids = store.store_articles(con, run, [(_article(), _extracted())]).claim_ids
        back = store.claims_by_id(con, ids)
    assert back[0].quantities == _extracted().claims[0].quantities
    assert back[1].quantities == ()


def test_contradiction_raised_once_and_review_persists(db_path):
    """A pair is stored once whatever its order, and its review status survives a new detection."""
    with writing(db_path) as con:
        run = store.start_run(con, ["test"])
        f = Contradiction("numeric", 2, 1, "A: 1; B: 2", "subject", 0.9)
        assert review.store_found(con, run, [f]) == 1
        cid = con.execute("select contradiction_id from contradiction_store").fetchone()[0]
        assert review.decide(con, cid, "dismissed", "same figure")
        assert review.store_found(con, run, [Contradiction("numeric", 1, 2, "again", "s", 0.9)]) == 0
        assert con.execute("select status, note from contradiction_store").fetchone() == ("dismissed", "same figure")


def test_sql_refuses_writes(db_path):
    """A write through the read-only connection fails with a clear message and changes nothing."""
    with writing(db_path) as con:
        run = store.start_run(con, ["test"])
        store.store_articles(con, run, [(_article(), _extracted())])
    with reading(db_path) as con:
        with pytest.raises(ReadOnlyQuery, match="read-only"):
            user_sql.user_query(con, "delete from claim_store")
    with reading(db_path) as con:
        assert user_sql.user_query(con, "select count(*) as n from claims")["n"][0] == 2


def test_views_have_the_public_columns(db_path):
    """The views carry the columns DEVELOPERS.md promises."""
    with writing(db_path) as con:
        cols = lambda v: [r[0] for r in con.execute(f"describe {v}").fetchall()]  # noqa: E731
        assert cols("articles")[:6] == ["article_id", "source", "url", "title", "published_at", "text"]
        assert cols("claims")[:8] == ["claim_id", "article_id", "speaker", "cue", "content", "claim_start",
                                      "claim_end", "cluster_id"]
        assert cols("contradictions")[:5] == ["contradiction_id", "kind", "claim_id_a", "claim_id_b", "status"]
        for view in ("claim_clusters", "claim_history", "runs"):
            assert cols(view)
