"""`claimtrack serve`: the ingest flow on each enabled source's schedule, on a Prefect server.

The server is the one in ``PREFECT_API_URL``; without it, ``prefect server start`` runs on
127.0.0.1 as a child process for as long as serve runs. Ctrl-C or SIGTERM stops the runner
(Prefect pauses the schedules), then the server serve started.
"""
from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from datetime import timedelta
from pathlib import Path
from typing import Callable

import httpx

from . import lifecycle
from . import settings as configuration


class ServeError(Exception):
    """serve cannot start: one line for the user."""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def healthy(api_url: str, timeout: float = 3.0) -> bool:
    try:
        return httpx.get(api_url.rstrip("/") + "/health", timeout=timeout).status_code == 200
    except httpx.HTTPError:
        return False


class PrefectServer:
    """``prefect server start --host 127.0.0.1 --port N`` as a child process."""

    def __init__(self, port: int = 0) -> None:
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.api_url = self.url + "/api"
        self.log = Path(tempfile.mkstemp(prefix="claimtrack-prefect-server-", suffix=".log")[1])
        self.proc: subprocess.Popen | None = None

    def start(self, timeout: float) -> None:
        exe = shutil.which("prefect", path=str(Path(sys.executable).parent)) or shutil.which("prefect")
        cmd = [exe] if exe else [sys.executable, "-m", "prefect"]
        env = {**os.environ, "PREFECT_SERVER_ANALYTICS_ENABLED": os.environ.get("PREFECT_SERVER_ANALYTICS_ENABLED", "false")}
        env.pop("PREFECT_API_URL", None)
        with open(self.log, "wb") as log:
            # its own session: Ctrl-C reaches serve, which stops it in order; dies with serve even by kill -9
            self.proc = lifecycle.spawn_dying_with_parent(
                cmd + ["server", "start", "--host", "127.0.0.1", "--port", str(self.port)],
                stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env, start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                tail = self.log.read_text(errors="replace").strip().splitlines()[-3:]
                raise ServeError(f"the Prefect server stopped at start (exit {self.proc.returncode}): "
                                 + " / ".join(tail) + f" (log: {self.log})")
            if healthy(self.api_url, timeout=1.0):
                return
            time.sleep(0.3)
        self.stop()
        raise ServeError(f"the Prefect server did not answer within {timeout:.0f} s (serve.server_start_timeout; "
                         f"log: {self.log})")

    def stop(self, grace: float = 15.0) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        try:
            os.killpg(self.proc.pid, signal.SIGTERM)
        except ProcessLookupError:
            return
        try:
            self.proc.wait(grace)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(5)


def describe(source: configuration.Source) -> str:
    when = f"every {source.interval_seconds:g} s" if source.interval_seconds else f"cron '{source.cron}'"
    return f"{source.name} ({source.kind} {source.location}, {when})"


def deployments(sources: list[configuration.Source], db: Path, config_path: Path, busy_wait: float | None = None):
    from .ingest_flow import ingest  # lazy, as prefect below: `serve --help` and config errors need no Prefect

    out = []
    for s in sources:
        schedule = {"interval": timedelta(seconds=s.interval_seconds)} if s.interval_seconds else {"cron": s.cron}
        out.append(ingest.to_deployment(
            name=s.name, parameters={"sources": [s.location], "db": str(db), "config_path": str(config_path),
                                     "busy_wait": busy_wait},
            description=f"claimtrack: ingest {s.kind} {s.location}", tags=["claimtrack", s.kind], **schedule,
        ))
    return out


def _stop_on_signals() -> None:
    """Ctrl-C raises KeyboardInterrupt even where the shell started us ignoring SIGINT; until Prefect's
    runner installs its own handler, SIGTERM unwinds the same way (so cleanup runs)."""
    def handler(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, handler)


def serve(config_path: Path, db: Path | None, say: Callable[[str], None]) -> None:
    """Serve every enabled source of ``config_path`` until Ctrl-C or SIGTERM; raises ServeError."""
    settings = configuration.load(config_path)
    config_path = Path(config_path).resolve()
    enabled = [s for s in settings.sources() if s.enabled]
    if not enabled:
        raise ServeError(f"{config_path}: no enabled [[sources]] to serve (see config/sources.example.toml)")
    db_path = settings.database_path(db).resolve()
    if threading_is_main():
        _stop_on_signals()
    server = None
    api_url = os.environ.get("PREFECT_API_URL")
    try:
        if api_url:
            if not healthy(api_url):
                raise ServeError(f"cannot reach the Prefect server at {api_url} (PREFECT_API_URL); "
                                 f"start it or unset PREFECT_API_URL to let serve start one")
            say(f"using the Prefect server at {api_url} (PREFECT_API_URL)")
        else:
            server = PrefectServer(settings.serve.prefect_port)
            say(f"no PREFECT_API_URL: starting a Prefect server on {server.url} …")
            server.start(settings.serve.server_start_timeout)
            api_url = server.api_url
            os.environ["PREFECT_API_URL"] = api_url
            say(f"started a Prefect server at {server.url} (process {server.proc.pid}; UI there; "
                f"it stops when serve stops)")
        from prefect import serve as prefect_serve
        from prefect.settings import PREFECT_API_URL, temporary_settings

        with temporary_settings(updates={PREFECT_API_URL: api_url}):
            deps = deployments(enabled, db_path, config_path, settings.serve.busy_wait_seconds)
            for s in enabled:
                say(f"serving {describe(s)} → {db_path}")
            say("press Ctrl-C to stop")
            # One run at a time: every source writes the same warehouse, which takes one ingest at a time.
            prefect_serve(*deps, print_starting_message=False, limit=1)
    finally:
        if server is not None:
            say("stopping the Prefect server serve started …")
            server.stop()
    say("stopped")


def threading_is_main() -> bool:
    return threading.current_thread() is threading.main_thread()
