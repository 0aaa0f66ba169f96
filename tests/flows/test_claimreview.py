"""`claimtrack export --format claimreview` on the demo: schema.org ClaimReview JSON-LD for confirmed
contradictions, checked for the properties ClaimReview consumers require and for schema.org terms only."""
from __future__ import annotations

import json
import shutil
from datetime import date, datetime
from urllib.parse import urlsplit

import pytest

from warehouse import reading, review, writing

# The schema.org terms an export may use, per type (from the schema.org vocabulary: a type's own properties
# and those it inherits from Thing, CreativeWork, Review).
THING = {"@type", "@id", "name", "description", "url", "identifier", "alternateName", "sameAs"}
CREATIVE_WORK = THING | {"author", "datePublished", "publisher", "headline", "text", "dateModified", "inLanguage"}
VOCABULARY = {
    "ClaimReview": CREATIVE_WORK | {"claimReviewed", "itemReviewed", "reviewRating", "reviewBody", "reviewAspect"},
    "Claim": CREATIVE_WORK | {"appearance", "firstAppearance", "claimInterpreter"},
    "NewsArticle": CREATIVE_WORK | {"dateline", "articleBody"},
    "Rating": THING | {"ratingValue", "bestRating", "worstRating", "ratingExplanation", "reviewAspect", "author"},
    "Organization": THING,
    "Person": THING,
}


def terms_ok(node, path="$"):
    """Every object has a known @type and only that type's schema.org properties; yields the problems."""
    if isinstance(node, list):
        for i, item in enumerate(node):
            yield from terms_ok(item, f"{path}[{i}]")
        return
    if not isinstance(node, dict):
        return
    kind = node.get("@type")
    if kind not in VOCABULARY:
        yield f"{path}: unknown @type {kind!r}"
        return
    for key, value in node.items():
        if key not in VOCABULARY[kind]:
            yield f"{path}.{key}: not a property of {kind}"
        yield from terms_ok(value, f"{path}.{key}")


def iso(value: str) -> bool:
    try:
        (date.fromisoformat if len(value) == 10 else datetime.fromisoformat)(value)
        return True
    except (TypeError, ValueError):
        return False


@pytest.fixture
def demo_db(demo_warehouse, tmp_path):
    db = tmp_path / "demo.duckdb"
    shutil.copy(demo_warehouse, db)
    return db


def export(claimtrack, db, out) -> dict:
    result = claimtrack("export", "--format", "claimreview", "--output", str(out), "--db", str(db), timeout=120)
    assert result.returncode == 0, result.stderr
    path = out / "claimreview.jsonld" if out.suffix != ".jsonld" else out
    assert result.stdout.strip() == str(path)
    return json.loads(path.read_text(encoding="utf-8"))


def test_demo_claimreview_export_validates(claimtrack, demo_db, tmp_path):
    """Before any review the export is empty; after confirming the demo's contradictions each is one
    ClaimReview with the claim, claimant, dates, the note as rating explanation and both articles' URLs."""
    assert export(claimtrack, demo_db, tmp_path / "before")["@graph"] == []
    with reading(demo_db) as con:
        rows = review.report(con)
    notes = {int(r.contradiction_id): f"checked against the transcript <{r.contradiction_id}>"
             for r in rows.itertuples()}
    with writing(demo_db) as con:
        for cid, note in notes.items():
            assert review.decide(con, cid, "confirmed", note)

    doc = export(claimtrack, demo_db, tmp_path / "claimreview.jsonld")
    assert doc["@context"] == "https://schema.org"
    reviews = doc["@graph"]
    assert len(reviews) == len(notes) >= 2
    assert list(terms_ok(reviews)) == []
    by_id = {r["identifier"]: r for r in reviews}
    for row in rows.itertuples():
        r = by_id[str(row.contradiction_id)]
        assert r["@type"] == "ClaimReview"
        # required by ClaimReview consumers: claimReviewed, reviewRating (with a name), url; recommended:
        # author, datePublished, itemReviewed (a Claim with author, date, appearance)
        assert r["claimReviewed"] in (row.content_a, row.content_b)
        assert r["reviewRating"]["@type"] == "Rating" and r["reviewRating"]["alternateName"]
        assert r["reviewRating"]["ratingExplanation"] == notes[row.contradiction_id]
        assert urlsplit(r["url"]).scheme in ("http", "https", "urn")
        assert r["author"]["@type"] == "Organization" and r["author"]["name"]
        assert iso(r["datePublished"])
        # the disagreement grouped: what is measured, each value with the outlets stating it
        assert r["reviewBody"] == f"{row.subject}: {row.grouped}"
        claim = r["itemReviewed"]
        assert claim["@type"] == "Claim"
        authors = claim["author"] if isinstance(claim["author"], list) else [claim["author"]]
        assert all(a["@type"] in ("Person", "Organization") and a["name"] for a in authors)
        assert row.speaker_a.split()[-1] in authors[0]["name"]
        assert iso(claim["datePublished"])
        urls = {a["url"] for a in claim["appearance"]}
        assert urls == {row.url_a, row.url_b} or len({row.url_a, row.url_b}) == 1 and urls == {row.url_a}
        assert claim["firstAppearance"]["url"] in urls
        assert all(a["publisher"]["name"] in (row.source_a, row.source_b) for a in claim["appearance"])
    assert any(r["reviewBody"].endswith(": $12 million — Civic Wire · $15 million — Eastport Herald") for r in reviews)
