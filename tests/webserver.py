"""A real HTTP server on 127.0.0.1 for fetch and serve tests: feeds, pages and faults.

Everything it serves is invented here (outlets, people, events). Pages carry the
boilerplate real sites have (navigation, a cookie banner, a footer) so tests can
check that only the article text is stored. Faults: 404, 500, a response slower
than the test timeout, a 50 MB body, a wrong content type, malformed XML, a
redirect loop, and a feed entry pointing at a file:// URL.

    with TestSite() as site:
        site.url("/rss.xml")
"""
from __future__ import annotations

import threading
import time
from collections import Counter
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

#: Seconds the /slow page waits before answering (tests use a 1 s read timeout).
SLOW_SECONDS = 3.0
#: Size of the /huge body.
HUGE_BYTES = 50 * 1024 * 1024

NAV = """<header><nav class="site-nav"><ul>
<li><a href="/">Home</a></li><li><a href="/section/city">City</a></li><li><a href="/section/sport">Sport</a></li>
<li><a href="/subscribe">Subscribe today and save forty percent</a></li></ul></nav></header>"""
COOKIES = """<div id="cookie-banner" class="cookie-consent"><p>We use cookies to improve your experience.
By continuing to browse you accept our cookie policy.</p><button>Accept all cookies</button></div>"""
FOOTER = """<footer class="site-footer"><p>Copyright 2026 Lakeshore Courier Media Group. All rights reserved.</p>
<p><a href="/privacy">Privacy</a> | <a href="/terms">Terms of use</a> | <a href="/contact">Contact the newsroom</a></p>
</footer>"""

#: Each story: path, title, date, paragraphs. Invented event: a river ferry dispute in the town of Marlow Bay.
STORIES = {
    "/news/ferry-fares": (
        "Ferry operator rejects council fare cap",
        "2026-03-02",
        [
            "The operator of the Marlow Bay river ferry rejected a proposal to cap fares at four dollars, "
            "its director said on Monday.",
            "\"We cannot run twelve crossings a day on a four-dollar fare,\" director Ilse Brandvold told "
            "reporters outside the terminal.",
            "Councillor Tomas Oyelaran said the council would return to the question at its next meeting "
            "and that residents had waited long enough for an affordable crossing.",
            "The ferry carried about 310,000 passengers last year, according to the harbour authority.",
        ],
    ),
    "/news/ferry-strike": (
        "Ferry crews announce two-day stoppage",
        "2026-03-04",
        [
            "Crews on the Marlow Bay ferry will stop work for two days next week, the deckhands' union "
            "announced on Wednesday.",
            "Union secretary Petra Lindqvist said the stoppage was a response to the operator's refusal "
            "to discuss rosters.",
            "Director Ilse Brandvold said the company regretted the decision and would run a reduced "
            "timetable with managers on board.",
        ],
    ),
    "/news/harbour-dredging": (
        "Harbour authority delays dredging plan",
        "2026-03-05",
        [
            "The Marlow Bay harbour authority has postponed dredging of the ferry channel until autumn, "
            "its chair said in a statement.",
            "Chair Benedikt Aramaki said the delay would save about 2 million dollars this year.",
            "Environmental groups said the postponement would protect the spring bird migration on the "
            "eastern mudflats.",
        ],
    ),
    "/news/ferry-timetable": (
        "New winter timetable for the river ferry",
        "2026-03-06",
        [
            "The Marlow Bay ferry will run ten crossings a day from November, the operator said.",
            "Director Ilse Brandvold said the change reflected lower winter demand and would not affect "
            "school crossings.",
            "Councillor Tomas Oyelaran called the reduction disappointing and said the council would ask "
            "for a review in January.",
        ],
    ),
}

RSS_GOOD = ["/news/ferry-fares", "/news/ferry-strike", "/news/harbour-dredging"]
RSS_BROKEN = ["/missing", "/error", "/slow", "/huge", "/data.json", "/loop"]


def page_html(path: str, base: str) -> str:
    title, date, paragraphs = STORIES[path]
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    link = f'<link rel="canonical" href="{base}{path}">'
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title} | Lakeshore Courier</title>
{link}
<meta property="og:site_name" content="Lakeshore Courier">
<meta name="author" content="Staff reporter">
<meta property="article:published_time" content="{date}T08:00:00Z">
</head><body>
{COOKIES}
{NAV}
<main><article>
<h1>{title}</h1>
<p class="byline">By Staff reporter, {date}</p>
{body}
</article>
<aside class="related"><h3>Most read</h3><ul><li><a href="/sport/regatta">Regatta results: full list</a></li>
<li><a href="/city/parking">Parking fees rise again</a></li></ul></aside>
</main>
{FOOTER}
</body></html>"""


def rss(base: str, paths: list[str], extra_links: list[str] = ()) -> str:
    items = []
    for p in paths:
        title = STORIES[p][0] if p in STORIES else f"Item {p}"
        items.append(f"<item><title>{title}</title><link>{base}{p}</link>"
                     f"<guid>{base}{p}</guid><pubDate>Mon, 02 Mar 2026 08:00:00 GMT</pubDate></item>")
    for link in extra_links:
        items.append(f"<item><title>Elsewhere</title><link>{link}</link></item>")
    return ("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<rss version=\"2.0\"><channel>"
            "<title>Lakeshore Courier</title><link>" + base + "/</link><description>News from Marlow Bay</description>"
            + "".join(items) + "</channel></rss>")


def atom(base: str, paths: list[str]) -> str:
    entries = "".join(
        f"<entry><title>{STORIES[p][0]}</title><link href=\"{base}{p}\"/><id>{base}{p}</id>"
        f"<updated>{STORIES[p][1]}T08:00:00Z</updated></entry>" for p in paths
    )
    return ("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">"
            "<title>Marlow Bay Gazette</title><id>" + base + "/atom.xml</id><updated>2026-03-06T08:00:00Z</updated>"
            + entries + "</feed>")


class TestSite:
    """The site: start with ``with TestSite() as site``; ``site.hits`` counts requests per path."""

    __test__ = False  # not a pytest class

    def __init__(self) -> None:
        self.hits: Counter[str] = Counter()
        self.conditional_hits: Counter[str] = Counter()  # requests that came with If-None-Match/If-Modified-Since
        self.last_headers: dict[str, dict[str, str]] = {}  # path -> the request headers last seen
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, name="test-site", daemon=True)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + path

    def __enter__(self) -> "TestSite":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()


FEED_ETAG = '"rss-v1"'
FEED_MODIFIED = formatdate(1772438400, usegmt=True)  # 2026-03-02


def _handler(site: TestSite):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.0"

        def log_message(self, *args) -> None:  # quiet
            pass

        def send(self, status: int, body: bytes | str, ctype: str, headers: dict | None = None) -> None:
            data = body.encode("utf-8") if isinstance(body, str) else body
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(data)))
            for k, v in (headers or {}).items():
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:  # noqa: N802
            path = self.path.split("?")[0]
            site.hits[path] += 1
            site.last_headers[path] = dict(self.headers)
            if self.headers.get("If-None-Match") or self.headers.get("If-Modified-Since"):
                site.conditional_hits[path] += 1
            base = site.base
            try:
                self.route(path, base)
            except (BrokenPipeError, ConnectionResetError):
                pass

        def route(self, path: str, base: str) -> None:
            if path == "/rss.xml":
                if self.headers.get("If-None-Match") == FEED_ETAG:
                    self.send_response(304)
                    self.end_headers()
                    return
                self.send(200, rss(base, RSS_GOOD + RSS_BROKEN, ["file:///etc/passwd"]),
                          "application/rss+xml; charset=utf-8", {"ETag": FEED_ETAG, "Last-Modified": FEED_MODIFIED})
            elif path == "/plain-rss.xml":  # no ETag: dedup must hold without conditional GET
                self.send(200, rss(base, RSS_GOOD + ["/news/ferry-fares?utm_source=feed"]), "text/xml")
            elif path == "/atom.xml":
                if self.headers.get("If-Modified-Since") == FEED_MODIFIED:
                    self.send_response(304)
                    self.end_headers()
                    return
                self.send(200, atom(base, ["/news/ferry-timetable", "/news/ferry-strike"]), "application/atom+xml",
                          {"Last-Modified": FEED_MODIFIED})
            elif path == "/malformed.xml":
                self.send(200, "<?xml version=\"1.0\"?><rss><channel><title>Broken</ti", "application/rss+xml")
            elif path in STORIES:
                self.send(200, page_html(path, base), "text/html; charset=utf-8")
            elif path == "/latin1":  # a page in windows-1252, said in the Content-Type header only
                html = page_html("/news/harbour-dredging", base).replace("Environmental groups", "Café owners")
                self.send(200, html.encode("cp1252"), "text/html; charset=windows-1252")
            elif path == "/error":
                self.send(500, "<h1>Internal error</h1>", "text/html")
            elif path == "/slow":
                time.sleep(SLOW_SECONDS)
                self.send(200, page_html("/news/ferry-fares", base), "text/html")
            elif path == "/huge":
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.end_headers()  # no Content-Length: the size cap must stop the stream itself
                chunk = b"<p>" + b"x" * 65530 + b"</p>"
                sent = 0
                while sent < HUGE_BYTES:
                    self.wfile.write(chunk)
                    sent += len(chunk)
            elif path == "/data.json":
                self.send(200, b'{"headline": "not a page"}', "application/json")
            elif path == "/loop":
                self.send_response(302)
                self.send_header("Location", "/loop")
                self.end_headers()
            elif path == "/to-file":
                self.send_response(302)
                self.send_header("Location", "file:///etc/passwd")
                self.end_headers()
            else:
                self.send(404, "<h1>Not found</h1>", "text/html")

    return Handler
