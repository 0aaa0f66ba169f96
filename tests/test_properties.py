"""Issue 7 property tests (hypothesis): extraction never raises on any Unicode and its offsets lie inside the
text; exporting the articles and ingesting the export into a new warehouse gives the same claims.

spaCy is slow, so examples are few and small (max_examples, no deadline).
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings as hsettings, strategies as st

#: Pieces of news prose that make the extractor work (cues, quotes, speakers), mixed with arbitrary Unicode.
FRAGMENTS = [
    "Mayor Ilse Varga said", " said ", "According to Tomas Brandt, ", "the pier would reopen in May", "“", "”", "\"",
    "'", "«", "»", "„", ": ", " — ", ".", ". ", ",", "\n", "\n\n", "\r\n", " the council rejected the plan",
    " 4 million crowns", " about 30-60 days", "He added that", " did not ", "Anneli Sorensen told reporters ",
    "\u2028", "\u200b", "\ufeff", "e\u0301", "👩‍⚖️", "مرحبا", "שלום", "東京", "\t", "  ", "PENCE:", "(", ")",
]
ANY_CHAR = st.characters(exclude_categories=())  # every code point, lone surrogates included
TEXTS = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(ANY_CHAR, max_size=12)), max_size=30).map("".join)


@pytest.fixture(scope="module")
def extractor():
    from flows import settings as config
    from flows.pipeline import extractor_for

    return extractor_for(config.load(None), 0)


def _inside(span, text: str) -> bool:
    return span is None or 0 <= span.start <= span.end <= len(text)


@hsettings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(text=TEXTS)
def test_extraction_never_raises_and_offsets_lie_inside_the_text(extractor, text):
    """Any Unicode text (surrogates, controls, other scripts, stray quotes): no exception, every offset in range."""
    result = extractor.extract_many([text])[0]
    for att in result.attributions:
        assert _inside(att.speaker, text) and _inside(att.cue, text)
        assert all(_inside(s, text) for s in att.content)
    for claim in result.claims:
        assert _inside(claim.span, text)
        assert 0 <= claim.attribution_index < len(result.attributions)


@hsettings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(texts=st.lists(TEXTS, min_size=2, max_size=4))
def test_a_batch_gives_each_text_its_own_claims(extractor, texts):
    """Extracting texts together gives each the claims it gets alone (one odd text never shifts another's)."""
    together = extractor.extract_many(texts)
    assert len(together) == len(texts)
    for text, got in zip(texts, together):
        assert got == extractor.extract_many([text])[0]


ARTICLE_TEXT = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.sampled_from(FRAGMENTS),
                                  st.text(ANY_CHAR, max_size=8)), min_size=3, max_size=40).map("".join)
ARTICLE = st.fixed_dictionaries({
    "outlet": st.sampled_from(["Harbor Ledger", "Northgate Courier", "Valley <Times> & Co", "Ridge “Post”"]),
    "url": st.one_of(st.none(), st.just("https://example.org/a?b=1&c=é")),
    "published": st.one_of(st.none(), st.sampled_from(["2025-03-04", "2025-03-04T10:30:00", "not a date"])),
    "title": st.one_of(st.none(), st.text(ANY_CHAR, max_size=10)),
    "text": ARTICLE_TEXT,
})


def _claims(db: Path) -> list[tuple]:
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        return sorted(con.execute(
            "SELECT a.content_hash, c.claim_start, c.claim_end, c.text, c.content, c.speaker_name, c.cue_lemma,"
            " c.stance, c.quote_type, c.negated, c.quantities"
            " FROM claim_store c JOIN article_store a USING (article_id)").fetchall())
    finally:
        con.close()


@hsettings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(articles=st.lists(ARTICLE, min_size=1, max_size=5))
@pytest.mark.slow
def test_export_then_reingest_gives_the_same_claims(claimtrack, tmp_path_factory, settings, articles):
    """Articles exported as JSON Lines by `claimtrack sql --format json` and ingested anew give the same claims."""
    from flows.pipeline import ingest

    work = tmp_path_factory.mktemp("export")
    source = work / "in.jsonl"
    source.write_text("".join(json.dumps({"id": str(i), **a}) + "\n" for i, a in enumerate(articles)),
                      encoding="utf-8")
    first, second = work / "first.duckdb", work / "second.duckdb"
    ingest([str(source)], first, settings)
    res = claimtrack("sql", "select article_id as id, source as outlet, url, published_at as published,"
                     " title, text from articles order by article_id", "--db", str(first), "--format", "json",
                     timeout=120)
    assert res.returncode == 0, res.stderr
    export = work / "export.jsonl"
    export.write_text(res.stdout, encoding="utf-8")
    summary = ingest([str(export)], second, settings)
    assert not summary.errors
    assert _claims(second) == _claims(first)
