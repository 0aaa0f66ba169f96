"""How long a fetch takes to give up on each fault, and peak memory on 20 MB inputs.

The tests check what a user sees (the named error, the run going on); the times live here:

- each fault page of tests/webserver.py fetched with read_timeout = 1 s: seconds, and the
  ratio to the read timeout (a slow page should be cut near 1x, a 50 MB body at the size cap);
- a page that trickles one byte every 0.5 s for 20 s, through `claimtrack ingest`: seconds and
  ratio to fetch.total_timeout_reads x read_timeout (the cap);
- peak resident memory of `claimtrack ingest` on a 20 MB .txt, .html and JSON line (refused).

    nice -n 5 python bench/fetch_faults.py
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(REPO))

from webserver import TestSite  # noqa: E402

CLAIMTRACK = str(Path(sys.executable).with_name("claimtrack"))


class Trickle(BaseHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        try:
            for _ in range(40):
                self.wfile.write(b" ")
                self.wfile.flush()
                time.sleep(0.5)
        except (BrokenPipeError, ConnectionResetError):
            pass


def peak_rss_mb(args: list[str]) -> tuple[int, float, float]:
    start = time.monotonic()
    env = {k: v for k, v in os.environ.items() if k != "CLAIMTRACK_DB"}
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    return os.waitstatus_to_exitcode(status), usage.ru_maxrss / 1024, time.monotonic() - start


def main() -> None:
    from flows import settings as config
    from flows import fetch

    settings = config.load(None)
    settings = settings.replace("fetch", read_timeout=1.0, connect_timeout=1.0, max_bytes=1_000_000)
    print("fault page (read_timeout 1 s)       seconds  x read_timeout  error")
    with TestSite() as site:
        for path in ("/missing", "/error", "/slow", "/huge", "/data.json", "/loop", "/to-file"):
            started = time.monotonic()
            try:
                fetch.read_page(site.url(path), settings)
                what = "no error"
            except fetch.FetchError as exc:
                what = f"{type(exc).__name__}: {str(exc)[:60]}"
            took = time.monotonic() - started
            print(f"{path:36s} {took:7.2f}  {took / 1.0:13.2f}  {what}")

    server = ThreadingHTTPServer(("127.0.0.1", 0), Trickle)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    with tempfile.TemporaryDirectory() as tmp:
        cfg = Path(tmp) / "caps.toml"
        cfg.write_text("[fetch]\nread_timeout = 1.0\nconnect_timeout = 1.0\nretries = 0\n")
        cap = config.load(cfg).fetch.total_timeout_reads * 1.0
        url = f"http://127.0.0.1:{server.server_address[1]}/trickle"
        started = time.monotonic()
        subprocess.run([CLAIMTRACK, "ingest", url, "--db", str(Path(tmp) / "t.duckdb"), "--no-prefect", "--config",
                        str(cfg)], capture_output=True)
        took = time.monotonic() - started
        print(f"\ntrickling page through claimtrack ingest: {took:.1f} s (cap {cap:.0f} s of fetch; "
              f"whole command / cap = {took / cap:.2f}; the page alone would take 20 s)")
    server.shutdown()

    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "big"
        corpus.mkdir()
        block = "Mayor Ilse Varga said the bridge would open in May. Tomas Brandt said it would not. " * 1000
        body = block * (20 * 1024 * 1024 // len(block) + 1)
        (corpus / "big.txt").write_text(body, encoding="utf-8")
        (corpus / "big.html").write_text(f"<html><body><article><p>{body}</p></article></body></html>", encoding="utf-8")
        (corpus / "big.jsonl").write_text(json.dumps({"outlet": "Big", "text": body}) + "\n", encoding="utf-8")
        code, rss, took = peak_rss_mb([CLAIMTRACK, "ingest", str(corpus), "--db", str(Path(tmp) / "b.duckdb"),
                                       "--no-prefect"])
        print(f"\n20 MB .txt + .html + JSON line (all refused): exit {code}, {took:.1f} s, peak RSS {rss:.0f} MB "
              f"({rss / 2048:.2f} of 2 GB)")


if __name__ == "__main__":
    main()
