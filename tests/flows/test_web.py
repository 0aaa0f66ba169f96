"""The review app over HTTP: a real uvicorn server on 127.0.0.1 over an invented warehouse (no browser here;
tests/flows/test_web_browser.py drives Chromium)."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from html.parser import HTMLParser
from pathlib import Path

import httpx
import pytest

from flows import web
from warehouse import reading, review, writing
from webapp_data import EVIL_OUTLET, SCRIPT, build


@contextmanager
def running(db: Path, settings: dict):
    """The app on a free 127.0.0.1 port in a thread; yields (base URL, token)."""
    sock = web.listen("127.0.0.1", 0)
    port = sock.getsockname()[1]
    app = web.create_app(db, settings, web.allowed_hosts_for("127.0.0.1", port))
    server = web.server_for(app)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    try:
        yield base, app.state.token
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory, settings) -> Path:
    return build(tmp_path_factory.mktemp("web"), settings)


@pytest.fixture
def db(warehouse, tmp_path) -> Path:
    """A fresh copy of the invented warehouse for one test."""
    copy = tmp_path / "web.duckdb"
    shutil.copy(warehouse, copy)
    return copy


@pytest.fixture
def app(db, settings):
    settings = settings.replace("web", busy_wait_seconds=0.5)
    with running(db, settings) as (base, token):
        yield base, token


class Text(HTMLParser):
    """Visible text, live tags and link targets of a page."""

    def __init__(self, html: str):
        super().__init__()
        self.parts, self.tags, self.links, self._skip = [], [], [], 0
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self._skip += tag in ("script", "style", "title")
        if tag == "a":
            self.links.append(dict(attrs).get("href", ""))
        self.parts.append(" ")

    def handle_endtag(self, tag):
        self._skip -= tag in ("script", "style", "title")
        self.parts.append(" ")

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)

    @property
    def text(self) -> str:
        return " ".join("".join(self.parts).split())


def decided(claimtrack, db: Path, status: str) -> list[int]:
    """What `claimtrack review list --status STATUS` says, as ids."""
    result = claimtrack("review", "list", "--status", status, "--format", "json", "--db", str(db), timeout=120)
    assert result.returncode == 0, result.stderr
    return [json.loads(line)["contradiction_id"] for line in result.stdout.splitlines() if line.strip()]


def test_queue_lists_open_contradictions_with_both_sides_and_counts(app):
    """The queue shows each open contradiction's kind, subject and both outlets and speakers, counts per kind,
    and its filters narrow it (kind, outlet, speaker by any spelling, date)."""
    base, _ = app
    page = httpx.get(base + "/")
    assert page.status_code == 200
    seen = Text(page.text)
    assert "Numbers disagree" in seen.text and "Opposite positions" in seen.text
    assert "Harbor Ledger" in seen.text and EVIL_OUTLET in seen.text and "Ilse Varga" in seen.text
    assert re.search(r"Numbers disagree 1\b", seen.text) and re.search(r"all kinds 2\b", seen.text)
    rows = re.findall(r'<tr id="c(\d+)"', page.text)
    assert len(rows) == 2

    def ids(**params):
        return re.findall(r'<tr id="c(\d+)"', httpx.get(base + "/", params=params).text)

    assert len(ids(kind="numeric")) == 1
    assert len(ids(outlet="harbor")) == 2 and ids(outlet="Eastport") == []
    assert len(ids(speaker="varga")) == 2 and ids(speaker="Nobody Known") == []
    assert len(ids(**{"from": "2026-03-02", "to": "2026-03-02"})) == 2 and ids(**{"from": "2026-03-05"}) == []
    assert ids(status="confirmed") == []


def test_post_needs_the_token_and_the_same_origin(claimtrack, app, db):
    """A decision without the token, from another origin, or with no origin at all is refused (403) and changes
    nothing; with both it is stored, and the CLI sees it."""
    base, token = app
    url = base + "/contradictions/1/decision"
    same = {"Origin": base}
    assert httpx.post(url, data={"status": "confirmed"}, headers=same).status_code == 403
    assert httpx.post(url, data={"status": "confirmed", "token": "guess"}, headers=same).status_code == 403
    assert httpx.post(url, data={"status": "confirmed", "token": token},
                      headers={"Origin": "http://evil.example"}).status_code == 403
    assert httpx.post(url, data={"status": "confirmed", "token": token},
                      headers={**same, "Sec-Fetch-Site": "cross-site"}).status_code == 403
    assert httpx.post(url, data={"status": "confirmed", "token": token}).status_code == 403  # no Origin/Referer
    assert httpx.get(base + "/", headers={"Host": "evil.example"}).status_code == 403  # DNS rebinding
    assert decided(claimtrack, db, "confirmed") == []

    ok = httpx.post(url, data={"status": "confirmed", "token": token, "note": "checked the minutes",
                               "next": "/?kind=numeric"}, headers=same)
    assert ok.status_code == 303 and ok.headers["location"] == "/?kind=numeric"
    away = httpx.post(base + "/contradictions/2/decision", headers={"Referer": base + "/"},
                      data={"status": "dismissed", "token": token, "next": "https://evil.example/"})
    assert away.status_code == 303 and away.headers["location"] == "/contradictions/2"  # never to another site
    assert decided(claimtrack, db, "confirmed") == [1] and decided(claimtrack, db, "dismissed") == [2]


def test_decision_is_stored_as_review_stores_it(app, db, settings):
    """A decision from the page is the row `claimtrack review confirm --note` would write: status, note and
    time; an empty note keeps the earlier one, like the CLI without --note; the page shows it."""
    base, token = app
    headers = {"Origin": base, "Accept": "application/json"}
    r = httpx.post(base + "/contradictions/1/decision", headers=headers,
                   data={"status": "confirmed", "token": token, "note": "  figures in the minutes: 75  "})
    assert r.status_code == 200 and r.json() == {"contradiction_id": 1, "status": "confirmed"}
    r = httpx.post(base + "/contradictions/1/decision", headers=headers,
                   data={"status": "confirmed", "token": token, "note": ""})
    assert r.status_code == 200
    with reading(db) as con:
        row = review.report(con, contradiction_id=1).iloc[0]
    assert row.status == "confirmed" and row.note == "figures in the minutes: 75" and row.reviewed_at is not None

    page = Text(httpx.get(base + "/contradictions/1").text).text
    assert "confirmed" in page and "Reviewer note: figures in the minutes: 75" in page
    queue = httpx.get(base + "/").text  # decided today: still in the default view, marked
    assert re.search(r'id="c1".*?badge confirmed', queue, re.S)
    assert 'id="c1"' not in httpx.get(base + "/", params={"status": "open"}).text
    assert httpx.post(base + "/contradictions/99/decision", headers=headers,
                      data={"status": "confirmed", "token": token}).status_code == 404
    assert httpx.post(base + "/contradictions/1/decision", headers=headers,
                      data={"status": "maybe", "token": token}).status_code == 400


def test_contradiction_page_shows_both_articles_escaped(app):
    """Both mentions sit in their whole article, the claim marked; scraped script and markup are text; the
    javascript: URL is no link; the security headers are set."""
    base, _ = app
    r = httpx.get(base + "/contradictions/1")
    assert r.status_code == 200
    assert "script-src 'self'" in r.headers["content-security-policy"]
    assert r.headers["x-frame-options"] == "DENY" and r.headers["x-content-type-options"] == "nosniff"
    page = Text(r.text)
    assert page.tags.count("script") == 1  # the app's own /static/app.js, nothing scraped
    assert "b" not in page.tags
    assert SCRIPT in page.text and EVIL_OUTLET in page.text and f"<b>Tariff</b> stays {SCRIPT}" in page.text
    assert all(not href.lower().startswith("javascript") for href in page.links)
    assert "https://harbor-ledger.example/council-1" in page.links
    marks = re.findall(r"<mark>(.*?)</mark>", r.text, re.S)
    assert len(marks) == 2 and any("95 minutes" in m for m in marks) and any("hour and 15" in m for m in marks)
    assert "Mayor Ilse Varga met the river council on Monday." in page.text  # the whole article, not one sentence
    assert httpx.get(base + "/contradictions/99").status_code == 404


def test_history_page_draws_the_timeline(app, db):
    """The claim history is an inline SVG: a lane per outlet, each mention labelled with its variant, the first
    report marked; a table lists variants and mentions with links to contradictions."""
    base, _ = app
    with reading(db) as con:
        cluster = con.execute("SELECT cluster_a FROM contradictions WHERE contradiction_id = 1").fetchall()[0][0]
        tariff = con.execute("SELECT cluster_id FROM claim_clusters ORDER BY outlets DESC, mentions DESC"
                             " LIMIT 1").fetchall()[0][0]
    r = httpx.get(f"{base}/history/{tariff}")
    assert r.status_code == 200
    svg = re.search(r'<svg class="timeline".*?</svg>', r.text, re.S).group(0)
    lanes = re.findall(r'<g><title>(.*?)</title><text class="lane-name"', svg)
    assert lanes[0] == "Harbor Ledger" and "Eastport Herald" in lanes and len(lanes) == 3
    assert svg.count('class="mention"') == 4 and svg.count(">first report<") == 1
    assert re.findall(r'class="dot-label"[^>]*>([^<]*)<', svg)[0].startswith("A")
    assert "&lt;script&gt;" in svg and "<script" not in svg  # the outlet's name is text in the chart too
    page = Text(r.text).text
    assert "first report" in page and "We will not raise the water tariff" in page

    figures = httpx.get(f"{base}/history/{cluster}").text
    labels = re.findall(r'class="dot-label"[^>]*>([^<]*)<', figures)
    assert any("hour and 15 minutes" in label or "75" in label for label in labels), labels
    assert '<a href="/contradictions/1">' in figures
    assert httpx.get(base + "/history/9999").status_code == 404


def test_claim_search_by_alias_words_and_date(app):
    """Claims search finds a speaker by part of a name, narrows by words and dates, and links to histories;
    the side field is off while the warehouse has no sides."""
    base, _ = app
    r = httpx.get(base + "/claims", params={"speaker": "varga", "words": "tariff harvest"})
    page = Text(r.text)
    assert r.status_code == 200 and "3 claim(s)" in page.text
    assert any(href.startswith("/history/") for href in page.links)
    late = Text(httpx.get(base + "/claims", params={"speaker": "Varga", "from": "2026-03-03"}).text).text
    assert "Eastport Herald" in late and "Harbor Ledger" not in late
    assert "No claims match" in httpx.get(base + "/claims", params={"words": "zeppelin"}).text
    # the claims view has each claim's side (migration 006): the side filter is on
    assert re.search(r'<input name="side"', httpx.get(base + "/claims").text)
    assert not re.search(r'<input name="side"[^>]*disabled', httpx.get(base + "/claims").text)


def test_claim_search_filters_by_side(db, settings):
    """The side filter finds the claims of one claimant side (the claims view's `side` column)."""
    with writing(db) as con:
        con.execute("UPDATE claim_store SET side = CASE WHEN article_id IN (SELECT article_id FROM articles"
                    " WHERE source = 'Eastport Herald') THEN 'Eastport' ELSE 'River council' END")
    with running(db, settings) as (base, _):
        page = httpx.get(base + "/claims", params={"side": "eastport"}).text
    assert "Eastport Herald" in page and "Harbor Ledger" not in page
    assert re.search(r'<input name="side"(?![^>]*disabled)', page)
    assert "<th>Side</th>" in page


def test_busy_database_says_busy_retry(claimtrack, app, db):
    """While another process holds the database (an ingest writing), pages answer 503 "busy, retry" and a
    decision is not lost silently; once it lets go, pages work again."""
    base, token = app
    holder = subprocess.Popen([sys.executable, "-c", "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]);"
                               " print('holding', flush=True); time.sleep(60)", str(db)],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "holding"
        r = httpx.get(base + "/", timeout=30)
        assert r.status_code == 503 and "busy" in r.text and "retry" in r.text.lower()
        assert r.headers["retry-after"]
        post = httpx.post(base + "/contradictions/1/decision", timeout=30,
                          headers={"Origin": base, "Accept": "application/json"},
                          data={"status": "confirmed", "token": token})
        assert post.status_code == 503 and post.json()["error"] == "busy"
        form = httpx.post(base + "/contradictions/1/decision", timeout=30, headers={"Origin": base},
                          data={"status": "confirmed", "token": token})
        assert form.status_code == 503 and "busy" in form.text
    finally:
        holder.kill()
        holder.wait()
    assert httpx.get(base + "/").status_code == 200
    assert decided(claimtrack, db, "confirmed") == []


def test_app_does_not_hold_the_database_between_requests(app, db):
    """After a page is served, another process can open the file for writing at once (an ingest is not blocked)."""
    base, _ = app
    assert httpx.get(base + "/").status_code == 200
    writer = subprocess.run([sys.executable, "-c", "import duckdb, sys; duckdb.connect(sys.argv[1]).close()", str(db)],
                            capture_output=True, text=True, timeout=60)
    assert writer.returncode == 0, writer.stderr  # a lock error if the app still held the file


def test_pair_dismissed_in_the_page_is_never_raised_again(claimtrack, app, db, settings, tmp_path):
    """A disagreement dismissed from the page is not raised again when a later article repeats it."""
    from flows import pipeline

    base, token = app
    r = httpx.post(base + "/contradictions/1/decision", headers={"Origin": base},
                   data={"status": "dismissed", "token": token, "note": "the clerk counted the break"})
    assert r.status_code == 303
    later = tmp_path / "later.jsonl"
    later.write_text(json.dumps({
        "id": "w4", "outlet": "Lakeside Review", "url": "https://lakeside.example/council", "published": "2026-03-03",
        "title": "Council meeting", "text": "Council clerk Ana Brandt said the meeting lasted 95 minutes.\n\n"
                                            "The council will meet again in April."}) + "\n", encoding="utf-8")
    pipeline.ingest([str(later)], db, settings)
    with reading(db) as con:
        numeric = con.execute("SELECT contradiction_id, status FROM contradictions WHERE kind = 'numeric'").fetchall()
    assert numeric == [(1, "dismissed")]
    assert decided(claimtrack, db, "dismissed") == [1]


def test_other_host_prints_a_warning(db):
    """`--host` other than 127.0.0.1 is allowed but says, before the URL, that others can reach the app."""
    proc = subprocess.Popen([sys.executable, "-m", "flows.cli", "web", "--db", str(db), "--port", "0",
                             "--host", "0.0.0.0"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline()
        assert re.search(r"http://0\.0\.0\.0:\d+/", line), line
    finally:
        proc.terminate()
        _, stderr = proc.communicate(timeout=30)
    assert "warning: listening on 0.0.0.0" in stderr


def test_missing_database_is_not_found(claimtrack, tmp_path):
    """`claimtrack web` on a file that does not exist says so in one line and exits 3 (not found)."""
    result = claimtrack("web", "--db", str(tmp_path / "none.duckdb"), timeout=60)
    assert result.returncode == 3 and "no database at" in result.stderr and "Traceback" not in result.stderr


def test_story_page_draws_each_measure_over_time(app, db):
    """The story page draws each measure told twice as an inline SVG (no script): a dot per value with its
    outlet and text, values in a numeric disagreement marked."""
    base, _ = app
    with reading(db) as con:
        story, measure = con.execute(
            "SELECT f.story_id, f.measure FROM figures f JOIN figure_disagreement_mention m USING (figure_id)"
            " WHERE f.text LIKE '%95 minutes%' LIMIT 1").fetchall()[0]
    r = httpx.get(f"{base}/story/{story}")
    assert r.status_code == 200
    charts = re.findall(r'<svg class="measure-chart".*?</svg>', r.text, re.S)
    assert charts and not any("<script" in c for c in charts)  # the outlet's name is escaped text in a chart
    marked = [c for c in charts if 'class="value disagree"' in c]
    assert len(marked) >= 1
    svg = marked[0]
    assert svg.count("<circle") >= 2 and "95 minutes" in svg and "hour and 15 minutes" in svg
    assert "Valley Courier" in svg and "Harbor Ledger" in svg
    assert "values disagree" in Text(r.text).text
