"""Fetching feeds and pages over http(s), with time, size and redirect caps."""
from __future__ import annotations

from urllib.parse import urlparse

import httpx

from .sources import ReadResult, html_to_article

FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/xml", "text/xml", "application/feed+json")
PAGE_TYPES = ("text/html", "application/xhtml+xml")


class FetchError(Exception):
    """A URL could not be fetched or did not hold what was expected."""


class TooLarge(FetchError):
    """The body is larger than fetch.max_bytes."""


def check_url(url: str) -> None:
    scheme = urlparse(url).scheme.lower()
    if scheme not in ("http", "https"):
        raise FetchError(f"only http(s) URLs are fetched, not {scheme or 'this'}:")


def fetch(url: str, settings: dict, client: httpx.Client | None = None) -> tuple[bytes, str, str]:
    """(body, content type, final URL) of a GET, refusing bodies over the size cap."""
    check_url(url)
    fs = settings["fetch"]
    own = client is None
    client = client or httpx.Client(
        timeout=httpx.Timeout(fs["read_timeout"], connect=fs["connect_timeout"]),
        follow_redirects=True, max_redirects=fs["max_redirects"], headers={"User-Agent": fs["user_agent"]},
    )
    try:
        with client.stream("GET", url) as resp:
            check_url(str(resp.url))
            if resp.status_code >= 400:
                raise FetchError(f"HTTP {resp.status_code}")
            declared = resp.headers.get("content-length")
            if declared and declared.isdigit() and int(declared) > fs["max_bytes"]:
                raise TooLarge(f"body of {int(declared):,} bytes is over the limit of {fs['max_bytes']:,}")
            chunks, size = [], 0
            for chunk in resp.iter_bytes():
                size += len(chunk)
                if size > fs["max_bytes"]:
                    raise TooLarge(f"body is over the limit of {fs['max_bytes']:,} bytes")
                chunks.append(chunk)
            ctype = resp.headers.get("content-type", "").split(";")[0].strip().lower()
            return b"".join(chunks), ctype, str(resp.url)
    except httpx.TimeoutException:
        raise FetchError("timed out") from None
    except httpx.TooManyRedirects:
        raise FetchError(f"more than {fs['max_redirects']} redirects") from None
    except httpx.HTTPError as exc:
        raise FetchError(f"network error: {exc.__class__.__name__}") from None
    finally:
        if own:
            client.close()


def read_url(url: str, settings: dict) -> ReadResult:
    """A feed's articles (each linked page fetched) or a single page's article."""
    import feedparser

    result = ReadResult()
    try:
        body, ctype, final = fetch(url, settings)
    except FetchError as exc:
        result.errors.append((url, str(exc)))
        return result
    looks_like_feed = ctype in FEED_TYPES or body.lstrip()[:200].lower().startswith((b"<?xml", b"<rss", b"<feed"))
    if looks_like_feed:
        parsed = feedparser.parse(body)
        if parsed.bozo and not parsed.entries:
            result.errors.append((url, "malformed feed: no entries could be read"))
            return result
        outlet = parsed.feed.get("title") or urlparse(final).netloc
        for entry in parsed.entries:
            link = entry.get("link")
            if not link:
                continue
            page = read_page(link, settings, outlet)
            if page.articles and entry.get("published") and not page.articles[0].published:
                a = page.articles[0]
                page.articles[0] = type(a)(**{**a.__dict__, "published": entry.get("published")})
            result.extend(page)
        return result
    if ctype and ctype not in PAGE_TYPES:
        result.errors.append((url, f"unexpected content type {ctype} (expected a feed or an HTML page)"))
        return result
    return _page_from_body(url, body, final, urlparse(final).netloc, result)


def read_page(url: str, settings: dict, outlet: str | None = None) -> ReadResult:
    result = ReadResult()
    try:
        body, ctype, final = fetch(url, settings)
    except FetchError as exc:
        result.errors.append((url, str(exc)))
        return result
    if ctype and ctype not in PAGE_TYPES:
        result.errors.append((url, f"unexpected content type {ctype} (expected an HTML page)"))
        return result
    return _page_from_body(url, body, final, outlet or urlparse(final).netloc, result)


def _page_from_body(url: str, body: bytes, final: str, outlet: str, result: ReadResult) -> ReadResult:
    html = body.decode("utf-8", errors="replace")
    article, why = html_to_article(html, url, final, outlet, "page")
    if article is None:
        result.errors.append((url, why or "unreadable page"))
    else:
        result.articles.append(type(article)(**{**article.__dict__, "source": outlet or article.source}))
    return result
