"""Opening the DuckDB file, applying migrations, and the errors users can meet.

DuckDB allows one writing process per file and no reader meanwhile, so
connections are opened for one unit of work and closed at once; a busy file is
retried for a few seconds and then reported with the process that holds it.
"""
from __future__ import annotations

import hashlib
import os
import re
import signal
import time
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Iterator

import duckdb

if TYPE_CHECKING:
    from filelock import FileLock

#: Seconds to keep retrying a database file another process holds.
BUSY_WAIT_SECONDS = 10.0
#: Pause between two attempts to open a busy file.
BUSY_RETRY_INTERVAL = 0.25


class WarehouseError(Exception):
    """Base of every error the warehouse reports to a user."""


class DatabaseBusy(WarehouseError):
    """Another process holds the database file."""


class DatabaseMissing(WarehouseError):
    """A read was asked of a database file that does not exist."""


class ReadOnlyQuery(WarehouseError):
    """A query tried to change a database opened for reading."""


class QueryError(WarehouseError):
    """A user's SQL query failed."""


#: Seconds a writer about to open the file lets a waiting reader go first (between two batches).
READER_GRACE_SECONDS = 2.0


def _holder(message: str) -> str:
    """' (held by process N: its command line)' from DuckDB's lock message."""
    m = re.search(r"\(PID (\d+)\)", message)
    if not m:
        return ""
    try:
        raw = Path(f"/proc/{m.group(1)}/cmdline").read_bytes()
        command = " ".join(a.decode("utf-8", "replace") for a in raw.split(b"\0") if a)
    except OSError:
        command = ""
    command = re.sub(r"^\S*python[\d.]*\s+(-m\s+)?", "", command)  # "claimtrack serve ..." rather than python's path
    return f" (held by process {m.group(1)}: {command[:120]})" if command else f" (held by process {m.group(1)})"


def _waiting_marker(path: Path) -> Path:
    return path.with_name(f"{path.name}.wait-{os.getpid()}")


def _let_readers_in(path: Path) -> None:
    """Before a write connection opens, give readers that are waiting for the file a moment to get in."""
    deadline = time.monotonic() + READER_GRACE_SECONDS
    while time.monotonic() < deadline:
        waiting = []
        for marker in path.parent.glob(f"{path.name}.wait-*"):
            pid = marker.name.rsplit("-", 1)[-1]
            try:
                os.kill(int(pid), 0)
                waiting.append(marker)
            except (ValueError, ProcessLookupError):
                marker.unlink(missing_ok=True)  # left by a process that is gone
            except PermissionError:
                waiting.append(marker)
        if not waiting:
            return
        time.sleep(0.05)


def open_connection(path: str | Path, *, read_only: bool = False, wait: float = BUSY_WAIT_SECONDS) -> duckdb.DuckDBPyConnection:
    """A connection to ``path``, retrying while another process holds the file."""
    path = Path(path)
    if read_only and not path.exists():
        raise DatabaseMissing(f"no database at {path}: run `claimtrack ingest` first or pass --db")
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + wait
    marker = None
    if not read_only and path.exists():
        _let_readers_in(path)
    try:
        while True:
            try:
                return duckdb.connect(str(path), read_only=read_only)
            except duckdb.IOException as exc:
                msg = str(exc)
                if "lock" not in msg.lower() or time.monotonic() >= deadline:
                    if "lock" in msg.lower():
                        raise DatabaseBusy(
                            f"database {path} is in use by another claimtrack process{_holder(msg)}; "
                            f"waited {wait:.0f} s, try again when it has finished"
                        ) from None
                    raise WarehouseError(f"cannot open database {path}: {msg.splitlines()[0]}") from None
                if read_only and marker is None:  # say we wait, so the writer lets us in between batches
                    marker = _waiting_marker(path)
                    try:
                        marker.touch()
                    except OSError:
                        marker = None
                time.sleep(BUSY_RETRY_INTERVAL)
    finally:
        if marker is not None:
            marker.unlink(missing_ok=True)


def migrations() -> list[tuple[int, str, str]]:
    """The numbered SQL migrations shipped with the package, in order."""
    out = []
    folder = resources.files("warehouse") / "migrations"
    for entry in folder.iterdir():
        m = re.match(r"(\d+)_(.+)\.sql$", entry.name)
        if m:
            out.append((int(m.group(1)), m.group(2), entry.read_text(encoding="utf-8")))
    return sorted(out)


def migrate(con: duckdb.DuckDBPyConnection) -> list[int]:
    """Apply the migrations not yet recorded in ``schema_migrations``; return their numbers."""
    con.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        " version INTEGER PRIMARY KEY, name VARCHAR NOT NULL,"
        " applied_at TIMESTAMP DEFAULT current_timestamp)"
    )
    done = {v for (v,) in con.execute("SELECT version FROM schema_migrations").fetchall()}
    applied = []
    for version, name, sql in migrations():
        if version in done:
            continue
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute(sql)
            con.execute("INSERT INTO schema_migrations (version, name) VALUES (?, ?)", [version, name])
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
        applied.append(version)
    _apply_views(con)
    return applied


def views_sql() -> str:
    """The public views (``warehouse/views.sql``): written once, replaced whenever the file changes."""
    return (resources.files("warehouse") / "views.sql").read_text(encoding="utf-8")


def _views_stale(con: duckdb.DuckDBPyConnection) -> bool:
    if not _has_table(con, "schema_views"):
        return True
    rows = con.execute("SELECT sha FROM schema_views").fetchall()
    return not rows or rows[0][0] != hashlib.sha256(views_sql().encode()).hexdigest()


def _apply_views(con: duckdb.DuckDBPyConnection) -> None:
    """(Re)create the views when views.sql differs from the one the file was last given."""
    if not _views_stale(con):
        return
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute("CREATE TABLE IF NOT EXISTS schema_views (sha VARCHAR NOT NULL)")
        con.execute(views_sql())
        con.execute("DELETE FROM schema_views")
        con.execute("INSERT INTO schema_views VALUES (?)", [hashlib.sha256(views_sql().encode()).hexdigest()])
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise


@contextmanager
def writing(path: str | Path, wait: float = BUSY_WAIT_SECONDS) -> Iterator[duckdb.DuckDBPyConnection]:
    """A migrated write connection, held only for the ``with`` block."""
    con = open_connection(path, wait=wait)
    try:
        migrate(con)
        yield con
    finally:
        con.close()


@contextmanager
def reading(path: str | Path, wait: float = BUSY_WAIT_SECONDS) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection: any statement that would change the file fails."""
    con = open_connection(path, read_only=True, wait=wait)
    try:
        pending = {v for v, _, _ in migrations()} - {
            v for (v,) in con.execute("SELECT version FROM schema_migrations").fetchall()
        } if _has_table(con, "schema_migrations") else {0}
        if pending or _views_stale(con):
            con.close()
            # An older file: bring it up to date once, then read.
            with writing(path, wait=wait):
                pass
            con = open_connection(path, read_only=True, wait=wait)
        yield con
    finally:
        con.close()


def _has_table(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    return bool(con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = ?", [name]).fetchall()[0][0])


_open_transactions: set[int] = set()


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """All statements in the block commit together or not at all.

    Nested blocks on one connection join the outer transaction, so several store
    functions can be made one unit of work.
    """
    if id(con) in _open_transactions:
        yield con
        return
    con.execute("BEGIN TRANSACTION")
    _open_transactions.add(id(con))
    try:
        yield con
    except BaseException:
        _open_transactions.discard(id(con))
        con.execute("ROLLBACK")
        raise
    _open_transactions.discard(id(con))
    crash_point("commit")
    con.execute("COMMIT")


@contextmanager
def registered(con: duckdb.DuckDBPyConnection, **frames) -> Iterator[duckdb.DuckDBPyConnection]:
    """The DataFrames visible to SQL under these names for the ``with`` block, and gone after it."""
    for name, frame in frames.items():
        con.register(name, frame)
    try:
        yield con
    finally:
        for name in frames:
            con.unregister(name)


class IngestRunning(DatabaseBusy):
    """Another ingest holds the database's ingest lock."""


#: Ingest locks this process holds: lock file path → its FileLock (which counts its own levels).
_ingest_locks: dict[str, FileLock] = {}


def ingest_lock_path(path: str | Path) -> Path:
    path = Path(path)
    return path.with_name(path.name + ".ingest.lock")


def acquire_ingest_lock(path: str | Path, wait: float = BUSY_WAIT_SECONDS) -> None:
    """Take the database's ingest lock: one ingest at a time per file, across processes.

    Re-entrant within a process (any thread). The lock is an OS file lock (flock, by
    ``filelock``) on ``<db>.ingest.lock``, so it is released when its process ends, even by
    kill -9, and a forked child does not keep it (filelock closes the child's descriptor);
    the file holds the owner's process id for messages. A second ingest waits up to ``wait``
    seconds, then raises IngestRunning naming the process that holds it.
    """
    from filelock import FileLock, Timeout  # lazy: only an ingest takes the lock; other commands start quicker

    key = str(ingest_lock_path(path).resolve())
    lock = _ingest_locks.get(key)
    if lock is None:
        Path(key).parent.mkdir(parents=True, exist_ok=True)
        lock = FileLock(key, thread_local=False)
    try:
        lock.acquire(timeout=wait, poll_interval=BUSY_RETRY_INTERVAL)
    except Timeout:
        try:
            holder = Path(key).read_text(encoding="ascii", errors="replace").strip()[:32]
        except OSError:
            holder = ""
        who = f" (process {holder})" if holder.isdigit() else ""
        raise IngestRunning(
            f"another claimtrack ingest{who} is running on {path}; waited {wait:.0f} s, "
            "try again when it has finished"
        ) from None
    if key not in _ingest_locks:
        _ingest_locks[key] = lock
        with open(key, "r+", encoding="ascii") as fh:
            fh.truncate(0)
            fh.write(str(os.getpid()))


def release_ingest_lock(path: str | Path) -> None:
    """Give back one level of the ingest lock; the last one unlocks the file."""
    key = str(ingest_lock_path(path).resolve())
    lock = _ingest_locks.get(key)
    if lock is None:
        return
    if lock.lock_counter <= 1:
        del _ingest_locks[key]
        try:
            with open(key, "r+", encoding="ascii") as fh:
                fh.truncate(0)
        except OSError:
            pass
    lock.release()


def _forget_inherited_locks() -> None:
    """In a forked child (a spaCy worker): the parent's locks are not this process's to give back."""
    _ingest_locks.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_inherited_locks)


@contextmanager
def ingest_lock(path: str | Path, wait: float = BUSY_WAIT_SECONDS) -> Iterator[None]:
    """The ingest lock for the ``with`` block (see acquire_ingest_lock)."""
    acquire_ingest_lock(path, wait)
    try:
        yield
    finally:
        release_ingest_lock(path)


#: Test hook: ``CLAIMTRACK_TEST_CRASH_AT=name[:n]`` kills this process (SIGKILL, like kill -9) at the
#: n-th time it passes the crash point ``name``. Used by tests/test_crash.py; unset, it does nothing.
CRASH_ENV = "CLAIMTRACK_TEST_CRASH_AT"
_crash_counts: dict[str, int] = {}


def crash_point(name: str) -> None:
    spec = os.environ.get(CRASH_ENV)
    if not spec:
        return
    want, _, nth = spec.partition(":")
    if want != name:
        return
    _crash_counts[name] = _crash_counts.get(name, 0) + 1
    if _crash_counts[name] >= int(nth or 1):
        os.kill(os.getpid(), signal.SIGKILL)


def has_stories(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether articles carry a story id (the stories migration applied)."""
    return bool(con.execute(  # fetchall: a result left unfinished blocks the connection's next register()
        "SELECT count(*) FROM information_schema.columns WHERE table_name = 'article_store' AND column_name = 'story_id'"
    ).fetchall()[0][0])
