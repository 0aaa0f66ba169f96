"""Soak: `claimtrack serve` for a while against a local news site that publishes and misbehaves.

    nice -n 5 python bench/soak.py --minutes 20

Three outlets on 127.0.0.1 each publish one new article a minute in their feed (the last 12
articles are listed). Faults, on a fixed timetable:

- outlet A's feed answers 500 one minute in four (every retry of that run gets the 500);
- outlet B's newest article is slow (longer than fetch.read_timeout) for its first two requests;
- outlet C's feed is cut mid-XML (malformed) one minute in five;
- outlet A's newest article is 404 for its first request one minute in three (the feed lists it
  before the page is up);
- outlet B's feed lists a live page that grows by ~100 KB a minute.

`claimtrack serve` runs the three feeds on 1-minute schedules with its own Prefect server, while
another process runs `claimtrack sql` once a second. At the end serve gets SIGTERM. Printed:
articles published / stored (lost, duplicated), runs ok / failed with their reasons, p50/p95 of
`claimtrack sql`'s wall time, serve's RSS at start and end, and every process serve started
that is still alive 30 s after the SIGTERM (found by an environment tag every child inherits).
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CLAIMTRACK = str(Path(sys.executable).with_name("claimtrack"))

OUTLETS = {"a": "Marlow Bay Courier", "b": "Eastern Shore Ledger", "c": "Harbour Evening Post"}
PEOPLE = [("Mayor Ilse Brandvold", "Brandvold"), ("Councillor Tomas Oyelaran", "Oyelaran"),
          ("Union secretary Petra Lindqvist", "Lindqvist"), ("Harbour chair Benedikt Aramaki", "Aramaki")]
TOPICS = ["the ferry fare", "the dredging plan", "the winter timetable", "the pier repairs", "the harbour tax"]
FEED_ITEMS = 12
SLOW_SECONDS = 6.0  # longer than the soak's fetch.read_timeout (2 s)
GROW_BYTES_PER_MINUTE = 100_000


def article_text(outlet: str, n: int) -> tuple[str, list[str]]:
    """Title and paragraphs of the n-th article of an outlet: invented, different every time."""
    full, surname = PEOPLE[(n + ord(outlet)) % len(PEOPLE)]
    other, other_surname = PEOPLE[(n + ord(outlet) + 1) % len(PEOPLE)]
    topic = TOPICS[(n * 7 + ord(outlet)) % len(TOPICS)]
    amount = 3 + (n * 13 + ord(outlet)) % 40
    title = f"{OUTLETS[outlet]} report {n}: {topic} ({amount} million)"
    paragraphs = [
        f"{full} said on day {n} of the inquiry that {topic} would cost {amount} million dollars, "
        f"{OUTLETS[outlet]} reported.",
        f"\"We will not accept {topic} at {amount + 2} million,\" {other_surname} told reporters after meeting "
        f"number {n} of the council in Marlow Bay.",
        f"{other} said residents had waited {n % 9 + 2} years for a decision on {topic}.",
        f"According to {surname}, the council would vote on the matter in week {n % 50 + 1}.",
    ]
    return title, paragraphs


def page(title: str, paragraphs: list[str], published: str) -> str:
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return (f"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title}</title>"
            f"<meta property=\"article:published_time\" content=\"{published}\"></head><body>"
            f"<nav><a href=\"/\">Home</a> <a href=\"/subscribe\">Subscribe</a></nav>"
            f"<main><article><h1>{title}</h1>{body}</article></main>"
            f"<footer>Copyright 2026 Marlow Bay Media.</footer></body></html>")


class Site:
    """The publishing site: minute m (since start) has published articles 0..m of each outlet."""

    def __init__(self) -> None:
        self.t0 = time.time()
        self.hits: Counter[str] = Counter()
        self.faults: Counter[str] = Counter()
        self.published_at: dict[str, float] = {}  # url path -> first time it was listed in a feed
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.server.daemon_threads = True
        self.stop_publishing_at = float("inf")
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def minute(self) -> int:
        """The last minute that published (it stops at stop_publishing_at)."""
        return int((min(time.time(), self.stop_publishing_at) - self.t0) // 60)

    def clock_minute(self) -> int:
        """Minutes since the start: the fault timetable goes on after publishing stops."""
        return int((time.time() - self.t0) // 60)

    def feed(self, outlet: str) -> str:
        m = self.minute()
        items = []
        for n in range(max(0, m - FEED_ITEMS + 1), m + 1):
            path = f"/{outlet}/news/{n}"
            with self.lock:
                self.published_at.setdefault(path, time.time())
            title, _ = article_text(outlet, n)
            items.append(f"<item><title>{title}</title><link>{self.base}{path}</link><guid>{self.base}{path}</guid>"
                         f"<pubDate>{formatdate(self.t0 + 60 * n, usegmt=True)}</pubDate></item>")
        if outlet == "b":
            items.append(f"<item><title>Live: council meeting</title><link>{self.base}/b/live</link></item>")
        return ("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<rss version=\"2.0\"><channel>"
                f"<title>{OUTLETS[outlet]}</title><link>{self.base}/{outlet}/</link><description>news</description>"
                + "".join(reversed(items)) + "</channel></rss>")


def _handler(site: Site):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.0"

        def log_message(self, *args) -> None:
            pass

        def send(self, status: int, body: str | bytes, ctype: str = "text/html; charset=utf-8") -> None:
            data = body.encode("utf-8") if isinstance(body, str) else body
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:  # noqa: N802
            path = self.path.split("?")[0]
            with site.lock:
                site.hits[path] += 1
                hits = site.hits[path]
            try:
                self.route(path, hits)
            except (BrokenPipeError, ConnectionResetError):
                pass

        def route(self, path: str, hits: int) -> None:
            m, clock = site.minute(), site.clock_minute()
            feed = re.fullmatch(r"/([abc])/rss\.xml", path)
            if feed:
                outlet = feed.group(1)
                if outlet == "a" and clock % 4 == 1:
                    site.faults["feed 500 (a)"] += 1
                    return self.send(500, "<h1>Internal error</h1>")
                text = site.feed(outlet)
                if outlet == "c" and clock % 5 == 3:
                    site.faults["malformed feed (c)"] += 1
                    return self.send(200, text[: len(text) // 2], "application/rss+xml")
                return self.send(200, text, "application/rss+xml; charset=utf-8")
            art = re.fullmatch(r"/([abc])/news/(\d+)", path)
            if art:
                outlet, n = art.group(1), int(art.group(2))
                if n > m:
                    return self.send(404, "<h1>Not found</h1>")
                if outlet == "a" and n % 3 == 0 and hits == 1:
                    site.faults["page 404 on first request (a)"] += 1
                    return self.send(404, "<h1>Not found</h1>")
                if outlet == "b" and n % 2 == 0 and hits <= 2:
                    site.faults["page slow on first two requests (b)"] += 1
                    time.sleep(SLOW_SECONDS)
                title, paragraphs = article_text(outlet, n)
                return self.send(200, page(title, paragraphs, formatdate(site.t0 + 60 * n, usegmt=True)))
            if path == "/b/live":
                minutes = (time.time() - site.t0) / 60
                site.faults["live page requests (b)"] += 1
                entry = ("<p>Update: Councillor Tomas Oyelaran said the vote on the ferry fare would be held "
                         "before the summer, and Mayor Ilse Brandvold said she expected it to pass.</p>\n")
                reps = 1 + int(minutes * GROW_BYTES_PER_MINUTE / len(entry))
                return self.send(200, page("Live: council meeting", [], formatdate(site.t0, usegmt=True))
                                 .replace("</article>", entry * reps + "</article>"))
            return self.send(404, "<h1>Not found</h1>")

    return Handler


def rss_kb(pid: int) -> int | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def tagged(tag: str) -> list[tuple[int, str]]:
    """Processes whose environment carries ``tag`` (every process serve started inherits it)."""
    found = []
    needle = f"CLAIMTRACK_SOAK_TAG={tag}".encode()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            if needle in (entry / "environ").read_bytes().split(b"\0"):
                cmd = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace").strip()
                found.append((int(entry.name), cmd[:150]))
        except OSError:
            continue
    return found


def sql_loop(db: Path, env: dict, stop: threading.Event, latencies: list[float], failures: Counter) -> None:
    """`claimtrack sql` once a second (the next starts when the last ended, at most once a second)."""
    query = "select count(*) as n from articles"
    while not stop.is_set():
        start = time.monotonic()
        res = subprocess.run([CLAIMTRACK, "sql", query, "--db", str(db), "--format", "csv"],
                             capture_output=True, text=True, env=env)
        latencies.append(time.monotonic() - start)
        if res.returncode != 0:
            first = (res.stderr.strip().splitlines() or ["?"])[-1]
            failures[re.sub(r"\d+", "N", first)[:160]] += 1
        stop.wait(max(0.0, 1.0 - (time.monotonic() - start)))


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def query(db: Path, sql: str) -> list[tuple]:
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--minutes", type=float, default=20.0, help="how long serve runs (default 20)")
    ap.add_argument("--quiet-minutes", type=float, default=3.0,
                    help="the site stops publishing this long before the end, so every article has runs to be fetched")
    ap.add_argument("--grace", type=float, default=30.0, help="seconds after SIGTERM before looking for processes left")
    ap.add_argument("--keep", action="store_true", help="keep the working folder (warehouse, serve log)")
    args = ap.parse_args()

    work = Path(tempfile.mkdtemp(prefix="claimtrack-soak-"))
    db = work / "soak.duckdb"
    site = Site()
    cfg = work / "sources.toml"
    sources = "".join(f"""
[[sources]]
name = "outlet-{o}"
kind = "feed"
location = "{site.base}/{o}/rss.xml"
schedule = "every 1m"
outlet = "{name}"
""" for o, name in OUTLETS.items())
    cfg.write_text(f"""
[database]
path = "{db}"
[fetch]
read_timeout = 2.0
connect_timeout = 2.0
retries = 1
retry_delay = 0.5
max_bytes = 2000000
[serve]
prefect_port = 0
{sources}""", encoding="utf-8")
    tag = uuid.uuid4().hex
    env = {k: v for k, v in os.environ.items() if k not in ("PREFECT_API_URL", "CLAIMTRACK_DB")}
    env.update(PREFECT_HOME=str(work / "prefect-home"), PREFECT_SERVER_ANALYTICS_ENABLED="false", DO_NOT_TRACK="1",
               CLAIMTRACK_SOAK_TAG=tag)
    sql_env = {k: v for k, v in env.items() if k != "CLAIMTRACK_SOAK_TAG"}
    baseline = []  # `claimtrack sql` on an idle warehouse: the cost of the command itself on this machine
    idle = work / "idle.duckdb"
    subprocess.run([CLAIMTRACK, "ingest", "--no-prefect", "--db", str(idle), str(REPO / "flows" / "demo_corpus" / "articles.jsonl")],
                   capture_output=True, env=sql_env)
    for _ in range(5):
        start = time.monotonic()
        subprocess.run([CLAIMTRACK, "sql", "select count(*) from articles", "--db", str(idle)], capture_output=True,
                       env=sql_env)
        baseline.append(time.monotonic() - start)
    log = open(work / "serve.log", "wb")
    print(f"soak: {args.minutes:g} min of claimtrack serve, site {site.base}, work folder {work}", flush=True)
    t_start = time.monotonic()
    site.t0 = time.time()  # publishing starts with serve
    site.stop_publishing_at = site.t0 + 60 * max(0.0, args.minutes - args.quiet_minutes)
    serve = subprocess.Popen([CLAIMTRACK, "serve", "--config", str(cfg)], stdout=log, stderr=subprocess.STDOUT,
                             env=env, cwd=work)
    stop = threading.Event()
    latencies: list[float] = []
    sql_failures: Counter = Counter()
    sampler = threading.Thread(target=sql_loop, args=(db, sql_env, stop, latencies, sql_failures), daemon=True)
    rss_start = None
    rss_samples: list[tuple[float, int]] = []
    deadline = t_start + 60 * args.minutes
    while time.monotonic() < deadline:
        if serve.poll() is not None:
            print(f"serve ended early with exit {serve.returncode}", flush=True)
            break
        if db.exists() and not sampler.is_alive() and not stop.is_set():
            sampler.start()
        kb = rss_kb(serve.pid)
        if kb:
            rss_samples.append((time.monotonic() - t_start, kb))
            if rss_start is None and time.monotonic() - t_start >= 60:
                rss_start = kb  # after a minute: server started, deployments made, first runs done
        time.sleep(5)
    rss_end = rss_kb(serve.pid)
    stop.set()
    if sampler.is_alive():
        sampler.join(timeout=30)
    seen_tagged = tagged(tag)
    sigterm_at = time.monotonic()
    serve.send_signal(signal.SIGTERM)
    try:
        serve.wait(timeout=args.grace)
        exit_after = f"exit {serve.returncode} after {time.monotonic() - sigterm_at:.1f} s"
    except subprocess.TimeoutExpired:
        exit_after = f"still running {args.grace:g} s after SIGTERM"
    time.sleep(max(0.0, args.grace - (time.monotonic() - sigterm_at)))
    left = tagged(tag)
    log.close()

    published = {p: t for p, t in site.published_at.items()}
    urls = {f"{site.base}{p}" for p in published}
    stored = query(db, "select url, count(*) from articles group by url") if db.exists() else []
    stored_urls = Counter({u: n for u, n in stored})
    stored_hashes = query(db, "select count(*), count(distinct content_hash) from article_store")[0] if db.exists() else (0, 0)
    lost = sorted(urls - set(stored_urls))
    dup_urls = {u: n for u, n in stored_urls.items() if n > 1}
    extra = sorted(set(stored_urls) - urls)
    runs = query(db, "select status, count(*) from runs group by 1 order by 1") if db.exists() else []
    reasons = Counter()
    if db.exists():
        for (errs,) in query(db, "select error_list from runs where errors > 0 or status <> 'ok'"):
            for line in (errs or "").splitlines() if isinstance(errs, str) else (errs or []):
                text = line if isinstance(line, str) else json.dumps(line)
                text = re.sub(r"127\.0\.0\.1:\d+", "SITE", text)
                text = re.sub(r"/news/\d+", "/news/N", text)
                text = re.sub(r"\b\d+(\.\d+)?\b", "N", text)
                reasons[text[:170]] += 1

    print(f"\n== soak: claimtrack serve for {args.minutes:g} min (site stopped publishing {args.quiet_minutes:g} min "
          f"before the end), SIGTERM: {exit_after}")
    print(f"articles published: {len(urls)} (3 outlets; + 1 live page)   stored (distinct urls): "
          f"{len(set(stored_urls) & urls)}   lost: {len(lost)}   duplicated: {len(dup_urls)}   "
          f"article rows / distinct texts: {stored_hashes[0]} / {stored_hashes[1]}   other urls stored: {len(extra)}")
    for u in lost[:10]:
        print(f"  lost: {u} (listed {published[u.replace(site.base, '')] - site.t0:.0f} s after start)")
    for u in extra[:5]:
        print(f"  other: {u}")
    print("runs: " + ", ".join(f"{s} {n}" for s, n in runs))
    for text, n in reasons.most_common(15):
        print(f"  {n:4d} x {text}")
    print("faults served: " + ", ".join(f"{k} {v}" for k, v in sorted(site.faults.items())))
    if latencies:
        print(f"claimtrack sql: {len(latencies)} queries, p50 {percentile(latencies, 0.5):.2f} s, "
              f"p95 {percentile(latencies, 0.95):.2f} s, max {max(latencies):.2f} s, failed {sum(sql_failures.values())}")
        print(f"  the same query on an idle warehouse before serve started: p50 {percentile(baseline, 0.5):.2f} s "
              f"(the command's own start-up on this machine)")
        for text, n in sql_failures.most_common(5):
            print(f"  {n:4d} x {text}")
    peak = max((kb for _, kb in rss_samples), default=0)
    print(f"serve main process RSS: start (1 min) {(rss_start or 0) / 1024:.0f} MB, end {(rss_end or 0) / 1024:.0f} MB, "
          f"peak {peak / 1024:.0f} MB, growth {((rss_end or 0) - (rss_start or 0)) / 1024:+.0f} MB")
    print(f"processes serve had started (at the end): {len(seen_tagged)}; left {args.grace:g} s after SIGTERM: {len(left)}")
    for pid, cmd in left:
        print(f"  left: {pid} {cmd}")
    for pid, _ in left:  # leave nothing behind on the machine either
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass
    site.server.shutdown()
    if args.keep:
        print(f"kept: {work}")
    else:
        shutil.rmtree(work, ignore_errors=True)
    return 0 if not lost and not dup_urls and not left else 1


if __name__ == "__main__":
    sys.exit(main())
