"""``claimtrack web``: the review app. Queue, one contradiction with both articles, claim timelines, claim search.

Thin over warehouse.web_queries (reads) and warehouse.review.decide (the one write, the same call
``claimtrack review confirm`` makes). Every request opens the database for itself and closes it before
answering: DuckDB lets no writer in while a reader holds the file, so the app never holds it between
requests, and an ingest holding it makes the page say "busy, retry" (HTTP 503) instead of failing.

Security: the app binds 127.0.0.1 unless told otherwise; it answers only to its own host names
(no DNS rebinding); every POST needs this process's token and a same-origin request (Origin or
Referer, Sec-Fetch-Site), else 403; templates autoescape every value and only http(s) URLs become
links; the Content-Security-Policy allows scripts and styles from the app's own files only.
"""
from __future__ import annotations

import hmac
import secrets
import socket
import threading
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator
from urllib.parse import parse_qs, urlencode, urlsplit

import pandas as pd
import uvicorn
from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from warehouse import DatabaseBusy, WarehouseError, reading, writing
from warehouse import figures as figure_reads, review, web_queries
from warehouse import stories as story_reads
from warehouse.web_queries import ClaimSearch, QueueFilter

from . import figure_chart, timeline
from claims.speakers.identity import alias_key
from .pages import STATUS_ORDER, environment, safe_url, static_file, text_or
from .pages import blank as _blank, fmt_date

if TYPE_CHECKING:
    from .settings import Settings

LOOPBACK = ("127.0.0.1", "localhost", "::1")
DECISIONS = ("confirmed", "dismissed")
TOKEN_FIELD = "token"
TOKEN_HEADER = "x-claimtrack-token"

CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
       "form-action 'self'; frame-ancestors 'none'; base-uri 'none'")


class Busy(Exception):
    """The database is held by another process (an ingest) past the page's wait."""


# --- helpers ------------------------------------------------------------------------------------

def _date_arg(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        return None


def _arg(request: Request, name: str) -> str | None:
    value = request.query_params.get(name, "")
    value = " ".join(value.split())
    return value or None


def _rows(df: pd.DataFrame) -> list[dict]:
    return df.to_dict("records") if not df.empty else []


def _side(row: dict, s: str) -> dict:
    quote_type = text_or(row.get(f"quote_type_{s}"))
    source = text_or(row.get(f"source_{s}"), "unknown outlet")
    speaker = text_or(row.get(f"claimant_{s}")) or text_or(row.get(f"speaker_{s}"))
    own_voice = quote_type == "narration" or not speaker or speaker == source
    return {"source": source, "speaker": "" if own_voice else speaker, "written_as": text_or(row.get(f"speaker_{s}")),
            "date": fmt_date(row.get(f"published_{s}")), "url": safe_url(row.get(f"url_{s}")),
            "content": text_or(row.get(f"content_{s}")), "quote_type": quote_type,
            "cluster": None if _blank(row.get(f"cluster_{s}")) else int(row[f"cluster_{s}"])}


def article_segments(text: str, start: int, end: int) -> list[tuple[str, bool]]:
    """The article text as (piece, is_the_claim) segments: the template marks the claim and escapes all."""
    text = text or ""
    start, end = max(0, min(int(start), len(text))), max(0, min(int(end), len(text)))
    if end <= start:
        return [(text, False)]
    return [(text[:start], False), (text[start:end], True), (text[end:], False)]


# --- the app ------------------------------------------------------------------------------------

def create_app(db: Path, settings: Settings, allowed_hosts: tuple[str, ...] | None = None,
               token: str | None = None) -> FastAPI:
    """The review app over ``db``. ``allowed_hosts``: Host header values it answers (None: any, for a
    deliberate non-loopback bind). ``token``: this process's POST token (a fresh random one by default)."""
    web = settings.web
    wait = float(web.busy_wait_seconds)
    token = token or secrets.token_urlsafe(32)
    env = environment()
    lock = threading.Lock()  # one DuckDB connection at a time in this process (read-only and write can't mix)
    app = FastAPI(title="claimtrack review", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.token = token

    @contextmanager
    def read() -> Iterator[Any]:
        with lock:
            try:
                with reading(db, wait=wait) as con:
                    yield con
            except DatabaseBusy as exc:
                raise Busy(str(exc)) from None

    def page(name: str, request: Request, status_code: int = 200, **context) -> HTMLResponse:
        html = env.get_template(name).render(token=token, path=request.url.path, db_name=db.name, **context)
        return HTMLResponse(html, status_code=status_code)

    @app.middleware("http")
    async def guard(request: Request, call_next):
        host = (request.headers.get("host") or "").lower()
        if allowed_hosts is not None and host not in allowed_hosts:
            return Response("unknown host\n", status_code=403, media_type="text/plain")
        if request.method not in ("GET", "HEAD"):
            problem = _cross_site(request, host)
            if problem:
                return Response(f"forbidden: {problem}\n", status_code=403, media_type="text/plain")
        response = await call_next(request)
        response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "same-origin"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Cache-Control"] = "no-store"
        return response

    @app.exception_handler(Busy)
    async def busy(request: Request, exc: Busy):
        html = env.get_template("busy.html").render(token=token, path=request.url.path, db_name=db.name,
                                                    message=str(exc), retry=int(web.busy_retry_seconds))
        if "application/json" in request.headers.get("accept", ""):
            return JSONResponse({"error": "busy", "message": str(exc)}, status_code=503,
                                headers={"Retry-After": str(int(web.busy_retry_seconds))})
        return HTMLResponse(html, status_code=503, headers={"Retry-After": str(int(web.busy_retry_seconds))})

    @app.exception_handler(WarehouseError)
    async def warehouse_error(request: Request, exc: WarehouseError):
        return page("error.html", request, status_code=500, message=str(exc))

    @app.get("/static/{name}")
    def static(name: str):
        types = {"app.js": "text/javascript; charset=utf-8", "style.css": "text/css; charset=utf-8"}
        if name not in types:
            return Response("not found\n", status_code=404, media_type="text/plain")
        return Response(static_file(name), media_type=types[name])

    @app.get("/", response_class=HTMLResponse)
    def queue_page(request: Request):
        status = _arg(request, "status")
        f = QueueFilter(kind=_arg(request, "kind"), status=status if status in (*STATUS_ORDER, "all") else None,
                        speaker=_arg(request, "speaker"), speaker_key=alias_key(_arg(request, "speaker") or ""),
                        outlet=_arg(request, "outlet"),
                        date_from=_date_arg(_arg(request, "from")), date_to=_date_arg(_arg(request, "to")),
                        recent_hours=float(web.recent_decision_hours),
                        possible=_arg(request, "possible") in ("1", "true", "yes"))
        with read() as con:
            rows = _rows(web_queries.queue(con, f))
            counts = web_queries.kind_counts(con, f)
            outlet_names = web_queries.outlets(con)
        items = [{**r, "a": _side(r, "a"), "b": _side(r, "b"), "id": int(r["contradiction_id"])} for r in rows]
        args = {k: v for k, v in request.query_params.items() if v}
        return page("queue.html", request, items=items, counts=counts, f=f, outlets=outlet_names,
                    here=request.url.path + (("?" + urlencode(args)) if args else ""),
                    args=args, kind_link=lambda kind: "/?" + urlencode({**args, "kind": kind} if kind else
                                                                       {k: v for k, v in args.items() if k != "kind"}),
                    recent_hours=web.recent_decision_hours)

    @app.get("/contradictions/{contradiction_id}", response_class=HTMLResponse)
    def contradiction_page(request: Request, contradiction_id: int):
        with read() as con:
            row = web_queries.contradiction(con, contradiction_id)
            full = review.report(con, contradiction_id=contradiction_id) if row else None
        if row is None:
            return page("error.html", request, status_code=404,
                        message=f"no contradiction {contradiction_id}: see the queue")
        sides = []
        for s in ("a", "b"):
            side = _side(row, s)
            side["title"] = text_or(row.get(f"title_{s}"))
            side["segments"] = article_segments(text_or(row.get(f"text_{s}")), row[f"start_{s}"], row[f"end_{s}"])
            sides.append(side)
        evidence = full.iloc[0]["evidence"] if full is not None and not full.empty else []
        positions = [{"side": p["side"], "mentions": [{**m, "url": safe_url(m.get("url"))} for m in p["mentions"]]}
                     for p in (full.iloc[0]["sides"] if full is not None and not full.empty else [])]
        return page("contradiction.html", request, c=row, id=contradiction_id, sides=sides, evidence=evidence,
                    positions=positions,
                    back=_local(request.query_params.get("next")) or "/")

    @app.post("/contradictions/{contradiction_id}/decision")
    async def decision(request: Request, contradiction_id: int):
        form = {k: v[-1] for k, v in parse_qs((await request.body()).decode("utf-8", "replace"),
                                                keep_blank_values=True).items()}
        sent = request.headers.get(TOKEN_HEADER) or form.get(TOKEN_FIELD, "")
        if not hmac.compare_digest(sent.encode(), token.encode()):
            return Response("forbidden: missing or wrong token\n", status_code=403, media_type="text/plain")
        status = form.get("status", "")
        if status not in DECISIONS:
            return Response(f"status must be one of {', '.join(DECISIONS)}\n", status_code=400,
                            media_type="text/plain")
        note = form.get("note", "").strip() or None  # no note keeps an earlier one, as in `claimtrack review`
        found = _decide(contradiction_id, status, note)
        wants_json = "application/json" in request.headers.get("accept", "")
        if not found:
            if wants_json:
                return JSONResponse({"error": f"no contradiction {contradiction_id}"}, status_code=404)
            return Response(f"no contradiction {contradiction_id}\n", status_code=404, media_type="text/plain")
        if wants_json:
            return JSONResponse({"contradiction_id": contradiction_id, "status": status})
        return RedirectResponse(_local(form.get("next")) or f"/contradictions/{contradiction_id}", status_code=303)

    def _decide(contradiction_id: int, status: str, note: str | None) -> bool:
        with lock:
            try:
                with writing(db, wait=wait) as con:
                    return review.decide(con, contradiction_id, status, note)
            except DatabaseBusy as exc:
                raise Busy(str(exc)) from None

    @app.get("/history/{cluster_id}", response_class=HTMLResponse)
    def history_page(request: Request, cluster_id: int):
        with read() as con:
            df = web_queries.cluster_mentions(con, cluster_id)
        if df.empty:
            return page("error.html", request, status_code=404, message=f"no claim history {cluster_id}")
        rows = _rows(df)
        mentions = [timeline.Mention(
            mention_no=int(r["mention_no"]),
            published=None if _blank(r["published_at"]) else pd.Timestamp(r["published_at"]).to_pydatetime(),
            outlet=text_or(r["source"], "unknown outlet"), wording=text_or(r["wording"]),
            figures=timeline.figures_of(r["quantities"])) for r in rows]
        chart = timeline.layout(mentions)
        variant_of = timeline.variants_of(mentions)
        for r in rows:
            r["variant"] = variant_of[int(r["mention_no"])]
            r["contradiction_ids"] = [int(i) for i in (r["contradiction_ids"] if r["contradiction_ids"] is not None
                                                       else [])]
        first = rows[0]
        who = text_or(first["canonical_speaker"]) or text_or(first["speaker"])
        return page("history.html", request, cluster_id=cluster_id, rows=rows, chart=chart, who=who, first=first)

    @app.get("/stories", response_class=HTMLResponse)
    def stories_page(request: Request):
        with read() as con:
            rows = _rows(story_reads.list_stories(con, 200))
        return page("stories.html", request, rows=rows)

    @app.get("/story/{story_id}", response_class=HTMLResponse)
    def story_page(request: Request, story_id: int):
        with read() as con:
            story = story_reads.story(con, story_id)
            if story is None:
                return page("error.html", request, status_code=404, message=f"no story {story_id}")
            articles = _rows(story_reads.story_articles(con, story_id))
            clusters = _rows(story_reads.story_clusters(con, story_id))
            contradictions = _rows(story_reads.story_contradictions(con, story_id))
            values = _rows(figure_reads.story_values(con, story_id))
        measures = figure_chart.charts([figure_chart.Value(
            measure=text_or(v["measure"], "unnamed measure"), text=text_or(v["text"]), value=float(v["value"]),
            low=float(v["value"] if _blank(v["value_low"]) else v["value_low"]),
            high=float(v["value"] if _blank(v["value_high"]) else v["value_high"]), outlet=text_or(v["outlet"], "unknown outlet"),
            published=None if _blank(v["published_at"]) else pd.Timestamp(v["published_at"]).to_pydatetime(),
            side=None if _blank(v["side"]) else str(v["side"])) for v in values])
        # its outlets over time: each day's outlets, in order of their first report
        days: dict[str, list[str]] = {}
        for a in articles:
            day = fmt_date(a["published_at"]) or "undated"
            outlets = days.setdefault(day, [])
            if a["source"] not in outlets:
                outlets.append(a["source"])
        return page("story.html", request, story=story, articles=articles, clusters=clusters,
                    contradictions=contradictions, days=days, measures=measures)

    @app.get("/claims", response_class=HTMLResponse)
    def claims_page(request: Request):
        q = ClaimSearch(speaker=_arg(request, "speaker"), speaker_key=alias_key(_arg(request, "speaker") or ""),
                        side=_arg(request, "side"), words=_arg(request, "words"),
                        date_from=_date_arg(_arg(request, "from")), date_to=_date_arg(_arg(request, "to")),
                        limit=int(web.search_limit))
        searched = any((q.speaker, q.side, q.words, q.date_from, q.date_to))
        rows, has_side = [], False
        with read() as con:
            if searched:
                df, has_side = web_queries.search_claims(con, q)
                rows = _rows(df)
            else:
                has_side = "side" in web_queries.view_columns(con, "claims")
        return page("claims.html", request, q=q, rows=rows, searched=searched, has_side=has_side,
                    limit=int(web.search_limit))

    return app


def _local(target: str | None) -> str | None:
    """A redirect target only when it is a path on this app (never another site)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    parts = urlsplit(target)
    return None if parts.scheme or parts.netloc else target


def _cross_site(request: Request, host: str) -> str | None:
    """Why a state-changing request is not same-origin (None when it is)."""
    site = request.headers.get("sec-fetch-site")
    if site and site != "same-origin":
        return f"cross-site request ({site})"
    origin = request.headers.get("origin")
    if origin:
        if origin.lower() != f"http://{host}":
            return "the request comes from another origin"
        return None
    referer = request.headers.get("referer")
    if referer:
        parts = urlsplit(referer)
        if f"{parts.scheme}://{parts.netloc}".lower() != f"http://{host}":
            return "the request comes from another origin"
        return None
    return "no Origin or Referer header (send the request from the app's own page)"


def allowed_hosts_for(host: str, port: int) -> tuple[str, ...] | None:
    """The Host header values a bind answers: loopback names with the port; None (any) for another address."""
    if host in LOOPBACK:
        return (f"127.0.0.1:{port}", f"localhost:{port}", f"[::1]:{port}")
    return None


def listen(host: str, port: int):
    """A listening socket on host:port (port 0: any free one)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise WarehouseError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    sock.listen(64)
    return sock


def server_for(app: FastAPI):
    """A uvicorn server for the app, quiet (no access log: URLs are the user's business)."""
    return uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off"))


def serve(db: Path, settings: Settings, host: str, port: int, say) -> None:
    """Run the app until Ctrl-C: bind first, print the URL, then serve."""
    sock = listen(host, port)
    port = sock.getsockname()[1]
    app = create_app(db, settings, allowed_hosts_for(host, port))
    shown = f"[{host}]" if ":" in host else host
    say(f"claimtrack web: reviewing {db} at http://{shown}:{port}/ (Ctrl-C stops)")
    try:
        server_for(app).run(sockets=[sock])
    finally:
        sock.close()
