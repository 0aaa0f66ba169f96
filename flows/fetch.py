"""Fetching feeds and pages over http(s): time, size, type and redirect caps; conditional GET.

Two kinds of failure:

- :class:`Retryable` — network errors, timeouts, HTTP 5xx. The Prefect flow retries
  these with backoff (task retries); the plain pipeline reports them at once.
- :class:`NotRetryable` — the marker for everything a retry cannot fix: HTTP 4xx, a
  body over the size cap, a wrong content type, malformed XML, a page without
  article text, too many redirects, a URL that is not http(s).

:func:`read_web` reads a list of URLs. Given a warehouse, it sends the ETag and
Last-Modified saved for each feed, and skips entries whose URL is stored already
(as fetched or as canonical URL); pages are deduplicated by canonical URL here and
by content hash when stored. An article's ``url`` is its canonical URL (the page's
``<link rel=canonical>`` / ``og:url`` read by trafilatura, else the final URL after
redirects, without tracking parameters); ``origin`` is the URL that was fetched.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Union
from urllib.parse import parse_qsl, urlencode, urljoin, urlparse, urlunparse

import httpx

from warehouse import feeds

from .sources import ReadResult, html_to_article, is_url, read_path

if TYPE_CHECKING:
    from .settings import Settings

FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/xml", "text/xml", "application/feed+json",
              "application/rdf+xml")
PAGE_TYPES = ("text/html", "application/xhtml+xml")
#: Query parameters that only track where a reader came from; dropped from canonical URLs.
TRACKING_PREFIXES = ("utm_", "fbclid", "gclid", "mc_cid", "mc_eid")


class FetchError(Exception):
    """A URL could not be fetched or did not hold what was expected."""


class Retryable(FetchError):
    """A failure that may pass: network error, timeout, HTTP 5xx."""


class NotRetryable(FetchError):
    """Marker: a failure a retry cannot fix (4xx, bad content, size, type, scheme, redirects)."""


class TooLarge(NotRetryable):
    """The body is larger than fetch.max_bytes."""


@dataclass(frozen=True)
class Fetched:
    """One GET's answer."""

    url: str
    final_url: str
    status: int
    body: bytes
    content_type: str
    etag: str | None = None
    last_modified: str | None = None
    charset: str | None = None  # from the Content-Type header

    @property
    def not_modified(self) -> bool:
        return self.status == 304


@dataclass(frozen=True)
class FeedState:
    """What a feed said last time, for a conditional GET."""

    url: str
    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True)
class Entry:
    """A feed entry's link and what the feed says about it."""

    link: str
    title: str | None = None
    published: str | None = None


@dataclass(frozen=True)
class SourceRead:
    """What a URL turned out to be: a feed (its entries), an unchanged feed, or a page (its article)."""

    url: str
    kind: str  # feed, not_modified, page
    outlet: str
    entries: tuple[Entry, ...] = ()
    refused: tuple[tuple[str, str], ...] = ()  # (link, why) for entries not fetched at all
    article: object | None = None
    state: FeedState | None = None


@dataclass(frozen=True)
class Failure:
    """A URL that failed, with a one-line reason; ``retryable`` when it may pass next time."""

    url: str
    message: str
    retryable: bool = False


def check_url(url: str) -> None:
    scheme = urlparse(url).scheme.lower()
    if scheme not in ("http", "https"):
        raise NotRetryable(f"refused: only http(s) URLs are fetched, not {scheme + ':' if scheme else 'this'} URLs")


def canonical(url: str) -> str:
    """``url`` without fragment and tracking parameters, with a lower-case scheme and host."""
    p = urlparse(url)
    query = [(k, v) for k, v in parse_qsl(p.query, keep_blank_values=True)
             if not k.lower().startswith(TRACKING_PREFIXES)]
    return urlunparse((p.scheme.lower(), p.netloc.lower(), p.path or "/", p.params, urlencode(query), ""))


def make_client(settings: Settings) -> httpx.Client:
    fs = settings.fetch
    return httpx.Client(
        timeout=httpx.Timeout(fs.read_timeout, connect=fs.connect_timeout),
        follow_redirects=True, max_redirects=fs.max_redirects, headers={"User-Agent": fs.user_agent},
    )


def fetch(url: str, settings: Settings, client: httpx.Client | None = None, *, accept: tuple[str, ...] = (),
          expected: str = "", etag: str | None = None, last_modified: str | None = None) -> Fetched:
    """GET ``url``: refuses bodies over the size cap and content types not in ``accept`` (when given).

    A 304 answer (to ``etag``/``last_modified``) comes back with an empty body.
    """
    check_url(url)
    fs = settings.fetch
    own = client is None
    client = client or make_client(settings)
    headers = {}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    try:
        with client.stream("GET", url, headers=headers) as resp:
            final = str(resp.url)
            check_url(final)
            if resp.status_code == 304:
                return Fetched(url, final, 304, b"", "", etag, last_modified)
            if resp.status_code >= 500:
                raise Retryable(f"HTTP {resp.status_code} {resp.reason_phrase}".strip())
            if resp.status_code >= 400:
                raise NotRetryable(f"HTTP {resp.status_code} {resp.reason_phrase}".strip())
            ctype = resp.headers.get("content-type", "").split(";")[0].strip().lower()
            if accept and ctype and ctype not in accept:
                raise NotRetryable(f"unexpected content type {ctype} (expected {expected or ', '.join(accept)})")
            declared = resp.headers.get("content-length")
            if declared and declared.isdigit() and int(declared) > fs.max_bytes:
                raise TooLarge(f"body of {int(declared):,} bytes is over the limit of {fs.max_bytes:,} (fetch.max_bytes)")
            chunks, size = [], 0
            deadline = time.monotonic() + fs.read_timeout * fs.total_timeout_reads
            for chunk in resp.iter_bytes():
                if time.monotonic() > deadline:
                    raise Retryable(f"gave up after {fs.read_timeout * fs.total_timeout_reads:.0f} s: the body never "
                                    "finished (fetch.read_timeout x fetch.total_timeout_reads)")
                size += len(chunk)
                if size > fs.max_bytes:
                    raise TooLarge(f"body is over the limit of {fs.max_bytes:,} bytes (fetch.max_bytes)")
                chunks.append(chunk)
            return Fetched(url, final, resp.status_code, b"".join(chunks), ctype,
                           resp.headers.get("etag"), resp.headers.get("last-modified"), resp.charset_encoding)
    except httpx.TimeoutException:
        raise Retryable(f"timed out (fetch.connect_timeout {fs.connect_timeout} s, "
                        f"fetch.read_timeout {fs.read_timeout} s)") from None
    except httpx.TooManyRedirects:
        raise NotRetryable(f"more than {fs.max_redirects} redirects (fetch.max_redirects)") from None
    except httpx.UnsupportedProtocol:
        raise NotRetryable("refused: redirected to a URL that is not http(s)") from None
    except httpx.HTTPError as exc:
        raise Retryable(f"network error: {exc.__class__.__name__}") from None
    finally:
        if own:
            client.close()


def _looks_like_feed(got: Fetched) -> bool:
    if got.content_type in FEED_TYPES:
        return True
    head = got.body.lstrip()[:300].lower()
    return got.content_type not in PAGE_TYPES and head.startswith((b"<?xml", b"<rss", b"<feed"))


def read_source(url: str, settings: Settings, state: FeedState | None = None, outlet: str | None = None) -> SourceRead:
    """Fetch a URL the user named and say what it is; raises FetchError."""
    import feedparser  # lazy, as trafilatura below: only URL sources need them, and they cost ~0.4 s to load

    got = fetch(url, settings, accept=FEED_TYPES + PAGE_TYPES, expected="a feed or an HTML page",
                etag=state.etag if state else None, last_modified=state.last_modified if state else None)
    if got.not_modified:
        return SourceRead(url, "not_modified", outlet or urlparse(url).netloc, state=state)
    if not _looks_like_feed(got):
        return SourceRead(url, "page", outlet or "", article=page_article(got, outlet))
    parsed = feedparser.parse(got.body)
    if parsed.bozo and not parsed.entries:
        reason = getattr(parsed.get("bozo_exception"), "getMessage", lambda: "")() or "no entries could be read"
        raise NotRetryable(f"malformed feed: {reason}")
    name = outlet or parsed.feed.get("title") or urlparse(got.final_url).netloc
    entries, refused = [], []
    for e in parsed.entries:
        link = e.get("link")
        if not link:
            continue
        link = link if urlparse(link).scheme else urljoin(got.final_url, link)
        try:
            check_url(link)
        except NotRetryable as exc:
            refused.append((link, f"feed entry {str(exc)}"))
            continue
        entries.append(Entry(link, e.get("title"), e.get("published") or e.get("updated")))
    return SourceRead(url, "feed", name, tuple(entries), tuple(refused),
                      state=FeedState(url, got.etag, got.last_modified))


def page_article(got: Fetched, outlet: str | None = None, published: str | None = None):
    """The article of a fetched page by trafilatura, url set to its canonical URL; raises NotRetryable."""
    from trafilatura.metadata import extract_metadata

    html = _decode(got)
    article, why = html_to_article(html, got.url, got.final_url, outlet or urlparse(got.final_url).netloc, "page")
    if article is None:
        raise NotRetryable(why or "no article text found in the page")
    meta = extract_metadata(html, default_url=got.final_url)
    url = meta.url if meta is not None and meta.url else got.final_url
    url = urljoin(got.final_url, url)
    if urlparse(url).scheme not in ("http", "https"):
        url = got.final_url
    return replace(article, url=canonical(url), origin=got.url, source=outlet or article.source,
                   published=article.published or published)


def _decode(got: Fetched) -> str:
    """The page as text: the header's charset, else UTF-8, else trafilatura's guess (meta charset, detection)."""
    for encoding in (got.charset, "utf-8"):
        if encoding:
            try:
                return got.body.decode(encoding)
            except (LookupError, UnicodeDecodeError):
                pass
    from trafilatura.utils import decode_file

    return decode_file(got.body)


def read_page(url: str, settings: Settings, outlet: str | None = None, published: str | None = None):
    """A page's article; raises FetchError."""
    return page_article(fetch(url, settings, accept=PAGE_TYPES, expected="an HTML page"), outlet, published)


# --- orchestration -----------------------------------------------------------

SourceStep = Callable[[str, dict, Union[FeedState, None], Union[str, None]], Union[SourceRead, Failure]]
PageStep = Callable[[str, dict, Union[str, None], Union[str, None]], object]


def _plain(fn):
    """Run a read step once, turning a FetchError into a Failure."""
    def step(url, settings, *args):
        try:
            return fn(url, settings, *args)
        except FetchError as exc:
            return Failure(url, str(exc), isinstance(exc, Retryable))
    return step


@dataclass
class WebRead:
    """Articles and messages of a read, and the feed states to save once the articles are stored."""

    result: ReadResult = field(default_factory=ReadResult)
    states: list[FeedState] = field(default_factory=list)
    skipped_known: int = 0


def read_web(urls: list[str], settings: Settings, db: Path | None = None, *, outlets: dict[str, str] | None = None,
             source_step: SourceStep | None = None, page_step: PageStep | None = None) -> WebRead:
    """Read feed and page URLs; with ``db``, conditional GET and skipping URLs stored already.

    ``source_step``/``page_step`` return a :class:`Failure` instead of raising (the Prefect flow
    passes task versions that retry); by default each URL is tried once.
    """
    source_step = source_step or _plain(read_source)
    page_step = page_step or _plain(read_page)
    out = WebRead()
    res = out.result
    max_chars = settings.extract.max_chars
    seen: set[str] = set()
    for url in urls:
        try:
            check_url(url)
        except NotRetryable as exc:
            res.errors.append((url, str(exc)))
            continue
        saved = feeds.feed_state(db, url) if db else None
        state = FeedState(url, *saved) if saved else None
        src = source_step(url, settings, state, (outlets or {}).get(url))
        if isinstance(src, Failure):
            res.errors.append((src.url, src.message))
            continue
        if src.kind == "not_modified":
            res.notes.append((url, "feed not modified since the last run (conditional GET): nothing new"))
            continue
        if src.kind == "page":
            _keep(out, [src.article], db, seen, max_chars)
            continue
        res.errors.extend(src.refused)
        links = [e.link for e in src.entries]
        known = feeds.known_urls(db, [canonical(u) for u in links] + links) if db else set()
        transient, fetched = False, []
        for entry in src.entries:
            if entry.link in known or canonical(entry.link) in known or canonical(entry.link) in seen:
                out.skipped_known += 1
                continue
            seen.add(canonical(entry.link))
            got = page_step(entry.link, settings, src.outlet, entry.published)
            if isinstance(got, Failure):
                res.errors.append((got.url, got.message))
                transient = transient or got.retryable
                continue
            fetched.append(got)
        _keep(out, fetched, db, seen, max_chars)
        if src.state and not transient and (src.state.etag or src.state.last_modified):
            out.states.append(src.state)  # a transient failure keeps the old state: next run fetches again
    return out


def _keep(out: WebRead, articles: list, db: Path | None, seen: set[str], max_chars: int) -> None:
    """Add the articles whose canonical URL is neither stored nor read already in this run."""
    urls = [a.url for a in articles]
    known = feeds.known_urls(db, urls) if db and urls else set()
    for article in articles:
        if len(article.text) > max_chars:
            out.result.errors.append((article.origin, f"article has {len(article.text):,} characters, over the limit "
                                                      f"of {max_chars:,} (extract.max_chars): skipped"))
            continue
        if article.url in known or (article.url in seen and canonical(article.origin) != article.url):
            out.skipped_known += 1
            continue
        seen.add(article.url)
        out.result.articles.append(article)


def read_url(url: str, settings: Settings) -> ReadResult:
    """A feed's articles (each linked page fetched) or a single page's article; no database, no retries."""
    return read_web([url], settings).result


def read_sources(sources: Iterable[str], settings: Settings) -> ReadResult:
    """Read every source: URLs are fetched here, anything else is a path (flows.sources)."""
    result = ReadResult()
    for source in sources:
        if is_url(source):
            result.extend(read_url(source, settings))
        else:
            result.extend(read_path(Path(source), settings.extract.max_chars))
    return result
