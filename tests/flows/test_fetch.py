"""Fetching feeds and pages from a real HTTP server on 127.0.0.1: caps, faults, dedup, conditional GET."""
from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from flows import settings as config
from flows import fetch
from warehouse import feeds, reading, writing
from webserver import RSS_GOOD, STORIES, TestSite

BOILERPLATE = ("cookie", "Copyright", "All rights reserved", "Subscribe", "Most read", "Regatta results", "Privacy")


@pytest.fixture(scope="module")
def site():
    with TestSite() as s:
        yield s


@pytest.fixture
def quick(settings):
    """Settings with a 1 s read timeout and a 1 MB size cap."""
    return settings.replace("fetch", read_timeout=1.0, max_bytes=1_000_000)


def test_page_fetch_sends_user_agent_and_keeps_only_the_article(site, quick):
    """A page becomes one article: trafilatura text without navigation, cookie banner or footer; canonical URL."""
    article = fetch.read_page(site.url("/news/ferry-fares?utm_source=mail&id=7"), quick)
    assert site.last_headers["/news/ferry-fares"]["User-Agent"] == quick.fetch.user_agent
    assert article.url == site.url("/news/ferry-fares")  # the page's <link rel=canonical>
    assert article.origin == site.url("/news/ferry-fares?utm_source=mail&id=7")
    assert article.title == "Ferry operator rejects council fare cap" and article.published == "2026-03-02"
    assert "Ilse Brandvold" in article.text and "310,000 passengers" in article.text
    assert not [b for b in BOILERPLATE if b.lower() in article.text.lower()]


def test_page_charset_from_the_header(site, quick):
    """A windows-1252 page is decoded by its declared charset, not as UTF-8 with replacement characters."""
    article = fetch.read_page(site.url("/latin1"), quick)
    assert "Café owners" in article.text and "\ufffd" not in article.text


@pytest.mark.parametrize("path, error, message", [
    ("/missing", fetch.NotRetryable, "HTTP 404"),
    ("/error", fetch.Retryable, "HTTP 500"),
    ("/slow", fetch.Retryable, "timed out"),
    ("/huge", fetch.TooLarge, "over the limit of 1,000,000 bytes"),
    ("/data.json", fetch.NotRetryable, "unexpected content type application/json"),
    ("/loop", fetch.NotRetryable, "more than 5 redirects"),
    ("/to-file", fetch.NotRetryable, "not http(s)"),
])
def test_faults_are_named_and_classed_for_retries(site, quick, path, error, message):
    """Each fault raises one short message; only network errors, timeouts and 5xx are Retryable."""
    with pytest.raises(error) as info:  # how long each takes to give up: bench/fetch_faults.py
        fetch.read_page(site.url(path), quick)
    assert message in str(info.value) and "\n" not in str(info.value)
    assert isinstance(info.value, fetch.NotRetryable) != isinstance(info.value, fetch.Retryable)


def test_non_http_urls_are_refused(quick):
    """file:// and other schemes are refused with a message, before any I/O."""
    with pytest.raises(fetch.NotRetryable, match="only http"):
        fetch.fetch("file:///etc/passwd", quick)
    read = fetch.read_url("file:///etc/passwd", quick)
    assert not read.articles and read.errors == [("file:///etc/passwd", read.errors[0][1])]
    assert "only http(s)" in read.errors[0][1]


def test_rss_feed_with_broken_links(site, quick):
    """The good pages of an RSS feed are read; each broken link (and the file:// entry) is one named error."""
    read = fetch.read_url(site.url("/rss.xml"), quick)
    assert sorted(a.url for a in read.articles) == sorted(site.url(p) for p in RSS_GOOD)
    assert {a.source for a in read.articles} == {"Lakeshore Courier"}
    failed = dict(read.errors)
    for path in ("/missing", "/error", "/slow", "/huge", "/data.json", "/loop"):
        assert site.url(path) in failed, path
    assert any(item.startswith("file:") and "only http(s)" in msg for item, msg in read.errors)
    assert len(read.errors) == 7


def test_atom_feed_and_malformed_xml(site, quick):
    """An Atom feed is read like RSS; malformed XML is one error naming the feed."""
    atom = fetch.read_url(site.url("/atom.xml"), quick)
    assert [a.title for a in atom.articles] == [STORIES["/news/ferry-timetable"][0], STORIES["/news/ferry-strike"][0]]
    assert {a.source for a in atom.articles} == {"Marlow Bay Gazette"} and not atom.errors
    bad = fetch.read_url(site.url("/malformed.xml"), quick)
    assert not bad.articles and len(bad.errors) == 1
    assert bad.errors[0][0] == site.url("/malformed.xml") and "malformed feed" in bad.errors[0][1]


def test_same_canonical_url_is_read_once(site, quick):
    """A feed linking one story twice (with a tracking parameter) yields it once."""
    read = fetch.read_url(site.url("/plain-rss.xml"), quick)
    assert sorted(a.url for a in read.articles) == sorted(site.url(p) for p in RSS_GOOD)


def test_conditional_get_and_known_urls(site, quick, db_path):
    """With a warehouse, the feed's saved ETag gets a 304 and stored URLs are not fetched again."""
    with writing(db_path):
        pass
    first = fetch.read_web([site.url("/atom.xml")], quick, db_path)
    assert len(first.result.articles) == 2 and first.states and first.states[0].last_modified
    with writing(db_path) as con:
        feeds.save_states(con, first.states)
    before = site.conditional_hits["/atom.xml"]
    second = fetch.read_web([site.url("/atom.xml")], quick, db_path)
    assert site.conditional_hits["/atom.xml"] == before + 1
    assert not second.result.articles and "not modified" in second.result.notes[0][1]


@pytest.mark.prefect
@pytest.mark.slow
def test_feed_with_broken_links_through_the_prefect_flow(claimtrack, site, tmp_path):
    """Must-show: good articles stored once (a second run adds nothing), no boilerplate, each failure named
    in `claimtrack runs`, 5xx retried and 4xx not, no traceback anywhere."""
    cfg = tmp_path / "settings.toml"
    cfg.write_text("[fetch]\nread_timeout = 1.0\nmax_bytes = 1000000\nretries = 2\nretry_delay = 0.1\n")
    db = tmp_path / "web.duckdb"
    env = {**os.environ, "CLAIMTRACK_DB": str(db)}
    hits_before = dict(site.hits)
    first = claimtrack("ingest", site.url("/rss.xml"), "--config", str(cfg), env=env, timeout=240)
    second = claimtrack("ingest", site.url("/rss.xml"), "--config", str(cfg), env=env, timeout=240)
    for result in (first, second):
        assert result.returncode == 1  # some items failed
        assert "Traceback" not in result.stdout + result.stderr
    assert "3 new" in first.stdout and "0 new" in second.stdout
    with reading(db) as con:
        stored = con.execute("select url, text from articles order by url").fetchall()
    assert [u for u, _ in stored] == sorted(site.url(p) for p in RSS_GOOD)
    assert not [b for _, text in stored for b in BOILERPLATE if b.lower() in text.lower()]
    hits = {p: site.hits[p] - hits_before.get(p, 0) for p in ("/missing", "/error", "/news/ferry-fares")}
    assert hits["/missing"] == 2  # once per run: a 404 is never retried
    assert hits["/error"] == 2 * 3  # a 500 is tried 1 + 2 retries per run
    assert hits["/news/ferry-fares"] == 1  # stored: not fetched again in the second run
    runs = claimtrack("runs", "--format", "json", env=env, timeout=240)
    assert runs.returncode == 0, runs.stderr
    import json

    latest = [json.loads(line) for line in runs.stdout.splitlines()][0]
    assert latest["articles_new"] == 0 and latest["errors"] == 7
    for path, why in [("/missing", "HTTP 404"), ("/error", "HTTP 500"), ("/slow", "timed out"), ("/huge", "limit"),
                      ("/data.json", "content type"), ("/loop", "redirects")]:
        assert f"{site.url(path)}: " in latest["error_list"] and why in latest["error_list"], path
    assert "only http(s)" in latest["error_list"]


def test_article_over_max_chars_is_skipped_with_a_message(site, quick):
    """A page whose article text is longer than extract.max_chars is one named error, not stored."""
    small = quick.replace("extract", max_chars=200)
    read = fetch.read_url(site.url("/news/ferry-fares"), small)
    assert not read.articles
    assert read.errors == [(site.url("/news/ferry-fares"), read.errors[0][1])] and "extract.max_chars" in read.errors[0][1]
