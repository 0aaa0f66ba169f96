"""`claimtrack serve` and its sources file: validation messages, and a real scheduled run on a local Prefect server."""
from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from flows import settings as config
from warehouse import DatabaseBusy, reading
from webserver import RSS_GOOD, TestSite

#: The longest the scheduled-run test may take, server start to clean stop.
SERVE_TEST_SECONDS = 120

GOOD = """
[[sources]]
name = "courier"
kind = "feed"
location = "http://127.0.0.1:9/rss.xml"
schedule = "every 5s"
outlet = "Lakeshore Courier"

[[sources]]
name = "gazette"
kind = "feed"
location = "https://gazette.example.net/atom.xml"
schedule = "*/30 * * * *"
enabled = false

[[sources]]
name = "archive"
kind = "jsonl"
location = "exports/archive.jsonl"
schedule = "every 1d"
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "sources.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_sources_file_is_read(tmp_path):
    """Each [[sources]] table becomes a Source: interval or cron, outlet, enabled; paths relative to the file."""
    found = config.sources(write(tmp_path, GOOD))
    assert [(s.name, s.kind, s.interval_seconds, s.cron, s.enabled) for s in found] == [
        ("courier", "feed", 5.0, None, True), ("gazette", "feed", None, "*/30 * * * *", False),
        ("archive", "jsonl", 86400.0, None, True)]
    assert found[0].outlet == "Lakeshore Courier"
    assert found[2].location == str((tmp_path / "exports" / "archive.jsonl").resolve())


def test_shipped_example_is_valid():
    """config/sources.example.toml loads without an error and has enabled sources."""
    example = config.config_file("sources.example.toml")
    config.load(example)
    assert any(s.enabled for s in config.sources(example))


@pytest.mark.parametrize("change, key, allowed", [
    (("schedule = \"every 5s\"", "schedule = \"every 5s\"\ninterval = 5"), "sources.interval", "allowed: name, kind"),
    (("kind = \"feed\"", "kind = \"rss\""), "sources.kind", "allowed: feed, page, folder, jsonl"),
    (("\"every 5s\"", "\"sometimes\""), "schedule", "every 15m"),
    (("\"every 5s\"", "\"61 * * * *\""), "schedule", "cron expression"),
    (("http://127.0.0.1:9/rss.xml", "file:///etc/rss.xml"), "sources.location", "http:// or https://"),
    (("outlet = \"Lakeshore Courier\"", "outlet = 7"), "sources.outlet", "non-empty string"),
    (("enabled = false", "enabled = \"no\""), "sources.enabled", "true or false"),
    (("name = \"gazette\"", "name = \"courier\""), "sources.name", "unique"),
    (("location = \"http://127.0.0.1:9/rss.xml\"\n", ""), "sources.location", "missing"),
])
def test_wrong_key_or_value_names_file_key_and_what_is_allowed(tmp_path, change, key, allowed):
    """A wrong key or value is one ConfigError naming the file, the key and what is allowed."""
    old, new = change
    assert old in GOOD
    path = write(tmp_path, GOOD.replace(old, new, 1))
    with pytest.raises(config.ConfigError) as info:
        config.load(path)
    message = str(info.value)
    assert str(path) in message and key in message and allowed in message, message


@pytest.mark.slow  # two processes that import Prefect; wrong keys are checked in-process above
def test_serve_refuses_a_bad_file_and_an_unreachable_server(claimtrack, tmp_path):
    """serve: a wrong key exits 2 with one line; an unreachable PREFECT_API_URL exits 1 with one line."""
    bad = write(tmp_path, GOOD.replace("kind = \"feed\"", "kind = \"rss\"", 1))
    result = claimtrack("serve", "--config", str(bad), timeout=60)
    assert result.returncode == 2 and len(result.stderr.strip().splitlines()) == 1 and "sources.kind" in result.stderr
    good = write(tmp_path, GOOD)
    env = {**os.environ, "PREFECT_API_URL": "http://127.0.0.1:9/api"}
    result = claimtrack("serve", "--config", str(good), env=env, timeout=60)
    assert result.returncode == 1, result.stderr
    assert "cannot reach the Prefect server at http://127.0.0.1:9/api" in result.stderr
    assert "Traceback" not in result.stderr


def _latest_run(db: Path):
    if not db.exists():
        return None
    try:
        with reading(db, wait=2.0) as con:
            rows = con.execute("select run_id, status, articles_new, errors, error_list, prefect_flow_run_id"
                               " from runs where status <> 'running' order by run_id").fetchall()
    except DatabaseBusy:
        return None
    return rows


@pytest.mark.prefect
@pytest.mark.slow
def test_scheduled_run_on_a_local_prefect_server(claimtrack, tmp_path):
    """serve starts a Prefect server, runs the feed on a 5 s interval, records runs (good articles once,
    failures named), lets `claimtrack sql` in meanwhile, and on SIGTERM stops cleanly with its server."""
    db = tmp_path / "served.duckdb"
    with TestSite() as site:
        cfg = tmp_path / "sources.toml"
        cfg.write_text(f"""
[database]
path = "{db}"
[fetch]
read_timeout = 1.0
retries = 1
retry_delay = 0.1
[serve]
prefect_port = 0

[[sources]]
name = "courier"
kind = "feed"
location = "{site.url('/plain-rss.xml')}"
schedule = "every 5s"
outlet = "Lakeshore Courier"

[[sources]]
name = "broken"
kind = "page"
location = "{site.url('/missing')}"
schedule = "every 5s"
""", encoding="utf-8")
        env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
        env.update(PREFECT_HOME=str(tmp_path / "prefect-home"), PREFECT_RUNNER_POLL_FREQUENCY="1",
                   PREFECT_SERVER_ANALYTICS_ENABLED="false", DO_NOT_TRACK="1", CLAIMTRACK_DB="")
        err_log = tmp_path / "serve.err"
        with open(err_log, "w") as err:
            proc = subprocess.Popen([sys.executable, "-m", "flows.cli", "serve", "--config", str(cfg)],
                                    stdout=subprocess.DEVNULL, stderr=err, env=env, start_new_session=True)
        server_pid = None
        started = time.monotonic()
        try:
            rows = None
            while time.monotonic() - started < SERVE_TEST_SECONDS - 25:
                text = err_log.read_text()
                m = re.search(r"Prefect server at (http://127\.0\.0\.1:\d+) \(process (\d+)", text)
                if m:
                    server_url, server_pid = m.group(1), int(m.group(2))
                rows = _latest_run(db)
                names = {r[4] or "" for r in rows or []}
                if rows and sum(r[2] for r in rows) >= 3 and any("/missing" in n for n in names):
                    break
                assert proc.poll() is None, err_log.read_text()
                time.sleep(1.0)
            text = err_log.read_text()
            assert "started a Prefect server at http://127.0.0.1:" in text, text
            assert rows, f"no run recorded within the time limit:\n{text}"
            assert sum(r[2] for r in rows) == 3 and all(r[5] for r in rows), rows  # three articles, each once
            assert any(f"{site.url('/missing')}: HTTP 404" in (r[4] or "") for r in rows), rows
            sql = claimtrack("sql", "select count(*) as n from articles", "--db", str(db), "--format", "csv",
                             env={**env, "PREFECT_API_URL": None}, timeout=60)
            assert sql.returncode == 0 and sql.stdout.split() == ["n", "3"], sql.stderr
            with reading(db) as con:
                urls = sorted(u for (u,) in con.execute("select url from articles").fetchall())
            assert urls == sorted(site.url(p) for p in RSS_GOOD)
            proc.send_signal(signal.SIGTERM)
            proc.wait(timeout=25)
            text = err_log.read_text()
            assert "stopping the Prefect server" in text and text.rstrip().endswith("stopped"), text
            assert "Traceback" not in text, text
            with pytest.raises(httpx.HTTPError):
                httpx.get(server_url + "/api/health", timeout=2)
        finally:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(10)
            if server_pid:
                try:
                    os.killpg(server_pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass


WRITER = """
import sys, time
from warehouse.db import writing
db, hold, seconds = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
with writing(db) as con:
    con.execute("create table if not exists beats (n integer)")
print("ready", flush=True)
end = time.monotonic() + seconds
while time.monotonic() < end:
    with writing(db) as con:       # one short transaction per batch, reopened at once
        con.execute("insert into beats values (1)")
        time.sleep(hold)
"""


@pytest.mark.slow  # waits on writer processes that hold the file
def test_sql_gets_in_between_write_batches_and_busy_names_the_holder(claimtrack, tmp_path):
    """A reader waiting for a writer that reopens the file batch after batch gets in between two batches;
    a file held past the wait is reported with the holding process and its command."""
    db = tmp_path / "busy.duckdb"
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(db), "0.4", "12"], stdout=subprocess.PIPE, text=True)
    try:
        assert writer.stdout.readline().strip() == "ready"
        time.sleep(0.5)
        sql = claimtrack("sql", "select count(*) as n from beats", "--db", str(db), "--format", "csv", timeout=60)
        assert sql.returncode == 0, sql.stderr
        assert int(sql.stdout.split()[1]) >= 1  # in before its busy wait (10 s) ran out: the writer holds 12 s
    finally:
        writer.kill()
        writer.wait()
    holder = subprocess.Popen([sys.executable, "-c", WRITER, str(db), "30", "30"], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        time.sleep(0.5)
        with pytest.raises(DatabaseBusy) as info:
            with reading(db, wait=1.0):
                pass
        assert f"held by process {holder.pid}: -c" in str(info.value), str(info.value)
    finally:
        holder.kill()
        holder.wait()


HOLDER = """
import sys, time
from warehouse.db import acquire_ingest_lock
acquire_ingest_lock(sys.argv[1])
print("ready", flush=True)
time.sleep(float(sys.argv[2]))
"""


@pytest.mark.prefect
@pytest.mark.slow
def test_scheduled_run_meeting_another_ingest_waits_then_records_a_failed_run(tmp_path):
    """While another ingest holds the database, a scheduled run waits serve.busy_wait_seconds, then is
    recorded 'failed' with one line naming the other process; serve's output has that line, no traceback."""
    db = tmp_path / "busy.duckdb"
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(db), "300"], stdout=subprocess.PIPE, text=True)
    with TestSite() as site:
        cfg = tmp_path / "sources.toml"
        cfg.write_text(f"""
[database]
path = "{db}"
[serve]
prefect_port = 0
busy_wait_seconds = 2.0

[[sources]]
name = "courier"
kind = "feed"
location = "{site.url('/plain-rss.xml')}"
schedule = "every 5s"
""", encoding="utf-8")
        env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
        env.update(PREFECT_HOME=str(tmp_path / "prefect-home"), PREFECT_RUNNER_POLL_FREQUENCY="1",
                   PREFECT_SERVER_ANALYTICS_ENABLED="false", DO_NOT_TRACK="1", CLAIMTRACK_DB="")
        err_log = tmp_path / "serve.err"
        proc = None
        try:
            assert holder.stdout.readline().strip() == "ready"
            with open(err_log, "w") as err:
                proc = subprocess.Popen([sys.executable, "-m", "flows.cli", "serve", "--config", str(cfg)],
                                        stdout=err, stderr=subprocess.STDOUT, env=env, start_new_session=True)
            rows = None
            deadline = time.monotonic() + 240
            while time.monotonic() < deadline and not rows:
                assert proc.poll() is None, err_log.read_text()
                rows = _latest_run(db)
                time.sleep(1.0)
            assert rows, err_log.read_text()
            run_id, status, articles, errors, error_list, _ = rows[0]
            assert (status, articles, errors) == ("failed", 0, 1), rows
            reason = f"another claimtrack ingest (process {holder.pid}) is running on {db}"
            assert error_list.startswith("run: did not start: ") and reason in error_list, error_list
            assert "\n" not in error_list
            time.sleep(2)
            proc.send_signal(signal.SIGTERM)
            proc.wait(timeout=60)
            text = err_log.read_text()
            assert f"run {run_id} failed: did not start: {reason}" in text, text
            assert "Traceback" not in text, text
        finally:
            holder.kill()
            if proc is not None and proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(10)
