"""How long the review app's pages take: median and worst milliseconds per page over N requests, and the
share of it spent opening the database (each request opens and closes it, so an ingest is never blocked).

    python bench/web_pages.py --db claimtrack-demo.duckdb [--n 30]

Without --db it builds the demo warehouse in a temporary folder first (no Prefect).
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from flows import settings as config  # noqa: E402
from flows import web  # noqa: E402
from warehouse import reading  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", type=Path)
    ap.add_argument("--n", type=int, default=30)
    args = ap.parse_args()
    settings = config.load(None)
    db = args.db
    if db is None:
        from flows import pipeline
        from flows.cli import demo_corpus

        db = Path(tempfile.mkdtemp()) / "demo.duckdb"
        pipeline.ingest([str(demo_corpus())], db, settings)
    with reading(db) as con:
        cluster = con.execute("SELECT cluster_id FROM claim_clusters ORDER BY mentions DESC LIMIT 1").fetchall()[0][0]
        cid = con.execute("SELECT min(contradiction_id) FROM contradictions").fetchall()[0][0]
    t0 = time.perf_counter()
    for _ in range(args.n):
        with reading(db):
            pass
    open_ms = (time.perf_counter() - t0) * 1000 / args.n

    sock = web.listen("127.0.0.1", 0)
    port = sock.getsockname()[1]
    server = web.server_for(web.create_app(db, settings, web.allowed_hosts_for("127.0.0.1", port)))
    threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True).start()
    while not server.started:
        time.sleep(0.02)
    base = f"http://127.0.0.1:{port}"
    pages = {"queue": "/", "contradiction": f"/contradictions/{cid}", "history": f"/history/{cluster}",
             "claims search": "/claims?words=said", "queue, filtered": "/?speaker=Rell&status=all"}
    print(f"warehouse {db}; open+close read-only: {open_ms:.1f} ms")
    with httpx.Client() as client:
        for name, path in pages.items():
            times = []
            for _ in range(args.n):
                t = time.perf_counter()
                r = client.get(base + path)
                times.append((time.perf_counter() - t) * 1000)
                assert r.status_code == 200, (path, r.status_code)
            med = statistics.median(times)
            print(f"{name:16s} median {med:6.1f} ms  worst {max(times):6.1f} ms  (open/page {open_ms / med:.2f})")
    server.should_exit = True


if __name__ == "__main__":
    main()
