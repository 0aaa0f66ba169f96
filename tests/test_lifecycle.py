"""A killed or stopped ingest leaves nothing behind: no worker, no Prefect server, no lock.

Each test starts `claimtrack ingest` of PolNeAR dev (84 articles: enough words that extraction
runs in two spaCy worker processes) as a real subprocess, waits until its workers exist (found
in /proc), and signals the main process only, as a user would with `kill PID`.

The kill -9 test holds the ingest at a known point with the test hook
``CLAIMTRACK_TEST_HOLD_AT=extracting`` (flows.lifecycle.hold_point: the run recorded, the workers
started, extraction not begun): on a fast machine PolNeAR dev is ingested in about 11 s, which
could end the run before the test saw its workers; held, it cannot.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from test_crash import state

pytestmark = pytest.mark.slow

CLAIMTRACK = str(Path(sys.executable).with_name("claimtrack"))


@pytest.fixture(scope="module")
def dev_text(shared) -> Path:
    path = shared / "data" / "polnear" / "dev" / "text"
    if not path.is_dir():
        pytest.skip("PolNeAR dev is not present")
    return path


def _env(tmp: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("PREFECT_API_URL", "CLAIMTRACK_DB", "CLAIMTRACK_TEST_CRASH_AT",
                                                       "CLAIMTRACK_TEST_HOLD_AT")}
    env.update(PREFECT_HOME=str(tmp / "prefect-home"), PREFECT_SERVER_ANALYTICS_ENABLED="false", DO_NOT_TRACK="1",
               PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS="180")  # a busy machine starts the server slowly
    return env


def _args(corpus: Path, db: Path, prefect: bool) -> list[str]:
    return [CLAIMTRACK, "ingest", str(corpus), "--db", str(db)] + ([] if prefect else ["--no-prefect"])


def _stat(pid: int) -> tuple[int, str, int] | None:
    """(parent pid, state, start time) of a process, or None when it is gone."""
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = raw.rsplit(")", 1)[1].split()
    return int(fields[1]), fields[0], int(fields[19])


def _children(pid: int) -> dict[int, int]:
    """Child pid -> start time."""
    out = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            st = _stat(int(entry.name))
            if st and st[0] == pid:
                out[int(entry.name)] = st[2]
    return out


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def _alive(procs: dict[int, int]) -> list[str]:
    """The processes of ``procs`` (pid -> start time) still there and not zombies."""
    left = []
    for pid, started in procs.items():
        st = _stat(pid)
        if st and st[2] == started and st[1] != "Z":
            left.append(f"{pid} {_cmdline(pid)[:120]}")
    return left


def _run_recorded(db: Path) -> bool:
    """Whether the ingest has recorded its run (the file may be held by the ingest: then not yet known)."""
    if not db.exists():
        return False
    try:
        con = duckdb.connect(str(db), read_only=True)
    except duckdb.Error:
        return False
    try:
        return bool(con.execute("select count(*) from runs where status = 'running'").fetchall()[0][0])
    except duckdb.Error:
        return False
    finally:
        con.close()


def held(env: dict) -> dict:
    """``env`` with the ingest held at its 'extracting' point until it is killed (flows.lifecycle.hold_point)."""
    from flows.lifecycle import HOLD_ENV

    return {**env, HOLD_ENV: "extracting"}


HELD = "test hook: held at 'extracting'"


def start_until_workers(corpus: Path, db: Path, env: dict, prefect: bool) -> tuple[subprocess.Popen, dict[int, int], Path]:
    """Start an ingest; return once its two spaCy workers run, with every process it started so far (and,
    when ``env`` holds it, once it is held)."""
    err = db.with_suffix(".err")
    proc = subprocess.Popen(_args(corpus, db, prefect), stdout=subprocess.DEVNULL, stderr=open(err, "w"), env=env)
    seen: dict[int, int] = {}
    deadline = time.monotonic() + 400
    while time.monotonic() < deadline:
        kids = _children(proc.pid)
        seen.update(kids)
        workers = [p for p in kids if "uvicorn" not in _cmdline(p)]
        # the workers may start before the run is recorded (they load the model while Prefect starts):
        # wait for both, so that the kill lands in a run that is under way
        if len(workers) >= 2 and _run_recorded(db) and (HELD in err.read_text() or not env.get("CLAIMTRACK_TEST_HOLD_AT")):
            return proc, seen, err
        assert proc.poll() is None, f"the ingest ended before its workers started: {err.read_text()[-2000:]}"
        time.sleep(0.1)
    proc.kill()
    raise AssertionError("no spaCy workers within 400 s")


def same_warehouse(got: dict, want: dict) -> None:
    assert got["articles"] == want["articles"]
    assert got["hashes"] == want["hashes"]
    assert got["claims"] == want["claims"], "claims lost or stored twice"
    assert got["orphans"] == 0 and got["unlinked"] == 0 and got["bad_clusters"] == 0
    assert got["partition"] == want["partition"]
    assert got["contradictions"] == want["contradictions"]


@pytest.fixture(scope="module")
def clean(dev_text, tmp_path_factory) -> dict:
    """The warehouse after one uninterrupted ingest of PolNeAR dev."""
    tmp = tmp_path_factory.mktemp("clean")
    res = subprocess.run(_args(dev_text, tmp / "clean.duckdb", False), capture_output=True, text=True,
                         env=_env(tmp), timeout=900)
    assert res.returncode == 0, res.stderr
    return state(tmp / "clean.duckdb")


def _runs(db: Path) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute("select run_id, status, error_list from runs order by run_id").fetchall()
    finally:
        con.close()


@pytest.mark.parametrize("prefect", [True, False], ids=["prefect", "no-prefect"])
def test_kill_9_of_the_main_process_leaves_nothing_behind(dev_text, clean, tmp_path, prefect):
    """kill -9 of the ingest's own pid once its workers run: its workers (and the temporary Prefect server)
    end with it, so a re-run started at once gets the lock and completes; the warehouse then equals a clean
    run's; 30 s after the kill no process of the killed run remains."""
    db, env = tmp_path / "k.duckdb", _env(tmp_path)
    proc, seen, err = start_until_workers(dev_text, db, held(env), prefect)
    if prefect:
        assert any("uvicorn" in _cmdline(p) for p in seen), "the run should have started a temporary Prefect server"
    seen.update(_children(proc.pid))
    killed_at = time.monotonic()
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)
    assert HELD in err.read_text()  # the kill landed where the hook held the run
    rerun = subprocess.Popen(_args(dev_text, db, prefect), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                             text=True, env=env)
    assert time.monotonic() - killed_at < 15
    _, err = rerun.communicate(timeout=900)
    assert rerun.returncode == 0, err
    assert "another claimtrack ingest" not in err
    assert "note: run 1: ended before it finished" in err
    same_warehouse(state(db), clean)
    assert [s for _, s, _ in _runs(db)] == ["interrupted", "ok"]
    time.sleep(max(0.0, 30 - (time.monotonic() - killed_at)))
    assert _alive(seen) == []


@pytest.mark.parametrize("prefect", [True, False], ids=["prefect", "no-prefect"])
def test_sigterm_marks_the_run_interrupted_at_once_and_leaves_nothing_behind(dev_text, clean, tmp_path, prefect):
    """SIGTERM to the ingest once its workers run: the run is 'interrupted' when the process has ended
    (exit 143, one line saying so), nothing it started lives on, and a re-run completes the warehouse.
    The ingest is held once its workers run (the test hook), so the signal lands in a run under way
    however fast this machine parses."""
    db, env = tmp_path / "t.duckdb", _env(tmp_path)
    proc, seen, err = start_until_workers(dev_text, db, held(env), prefect)
    assert HELD in err.read_text()
    seen.update(_children(proc.pid))
    termed_at = time.monotonic()
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=60) == 128 + signal.SIGTERM, err.read_text()[-3000:]
    text = err.read_text()
    assert "stopped by SIGTERM: the run is marked 'interrupted'" in text, text[-3000:]
    assert "Traceback" not in text, text[-3000:]
    runs = _runs(db)
    assert [s for _, s, _ in runs] == ["interrupted"], runs
    assert "stopped by SIGTERM" in runs[0][2]
    rerun = subprocess.run(_args(dev_text, db, prefect), capture_output=True, text=True, env=env, timeout=900)
    assert rerun.returncode == 0, rerun.stderr
    same_warehouse(state(db), clean)
    assert [s for _, s, _ in _runs(db)] == ["interrupted", "ok"]
    time.sleep(max(0.0, 30 - (time.monotonic() - termed_at)))
    assert _alive(seen) == []
