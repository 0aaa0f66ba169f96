"""Process lifecycle: what a claimtrack command starts ends with it; SIGTERM and Ctrl-C end it cleanly.

- Every process forked from a claimtrack process without a new program (spaCy's ``n_process``
  workers) asks the kernel for SIGKILL when its parent dies (``PR_SET_PDEATHSIG``) and takes
  the default action of Ctrl-C and SIGTERM (end at once, no traceback), so a ``kill -9`` of the
  command leaves no worker parsing on as an orphan.
- :func:`spawn_dying_with_parent` starts a program the same way (the Prefect API server a run
  starts for itself when no ``PREFECT_API_URL`` is set).
- :func:`stopping_on_signals` turns SIGTERM into :class:`Terminated` (a ``KeyboardInterrupt``), so
  the same ``except``/``finally`` blocks run for both: the open transaction rolls back and the
  run is marked ``interrupted`` before the process exits with 128 + the signal number.
- :func:`hold_point` is a test hook: ``CLAIMTRACK_TEST_HOLD_AT=name`` holds the process at the point
  ``name`` until it is signalled, so a test that kills a run does so at a known point.
"""
from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import subprocess
import sys
import threading
import time
import warnings
from contextlib import contextmanager
from multiprocessing import queues, util
from typing import Iterator

#: prctl option: the signal the kernel sends this process when the thread that forked it ends.
PR_SET_PDEATHSIG = 1

try:  # resolved now, in the parent: looking a symbol up in a freshly forked child can deadlock
    _prctl = ctypes.CDLL(None, use_errno=True).prctl if sys.platform.startswith("linux") else None
except (OSError, AttributeError):  # pragma: no cover - not Linux
    _prctl = None


#: Test hook: ``CLAIMTRACK_TEST_HOLD_AT=name`` holds this process at the hold point ``name`` (it says so
#: in one line on stderr, then sleeps; signals are handled as anywhere else) until it is killed or
#: HOLD_MAX_SECONDS have passed. The one point: ``extracting`` (flows.pipeline.extract_and_save), where
#: the run is recorded 'running' and the extraction workers have started, in both the Prefect and the
#: --no-prefect ingest. tests/test_lifecycle.py kills an ingest held there, whatever the machine's
#: speed. Unset, it does nothing.
HOLD_ENV = "CLAIMTRACK_TEST_HOLD_AT"
HOLD_MAX_SECONDS = 600.0


def hold_point(name: str) -> None:
    if os.environ.get(HOLD_ENV) != name:
        return
    sys.stderr.write(f"test hook: held at {name!r} ({HOLD_ENV})\n")
    sys.stderr.flush()
    deadline = time.monotonic() + HOLD_MAX_SECONDS
    while time.monotonic() < deadline:
        time.sleep(0.1)


def die_with_parent(parent: int | None = None, sig: int = signal.SIGKILL) -> bool:
    """Have the kernel send ``sig`` to this process when its parent ends (Linux only; elsewhere False).

    ``parent``: the pid the caller expects as parent; if it is already gone (the parent died
    before this call), the process exits at once.
    """
    if _prctl is None:
        return False
    if _prctl(PR_SET_PDEATHSIG, int(sig), 0, 0, 0) != 0:
        return False
    if parent is not None and os.getppid() != parent:
        os._exit(1)
    return True


_forking_pid = 0


def _before_fork() -> None:
    global _forking_pid
    _forking_pid = os.getpid()


def _in_forked_child() -> None:
    """In a worker forked from a claimtrack process: die with it; Ctrl-C and SIGTERM end it at once.

    The default actions, not the parent's Python handlers: a worker ends without a traceback,
    and never lives on blocked while its parent waits for it.
    """
    die_with_parent(_forking_pid or None)
    try:
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
    except ValueError:  # pragma: no cover - not the main thread
        pass


_installed = False


def install_fork_hooks() -> None:
    """Make every process forked from now on die with its parent (idempotent)."""
    global _installed
    if not _installed and hasattr(os, "register_at_fork"):
        os.register_at_fork(before=_before_fork, after_in_child=_in_forked_child)
        _installed = True


def _pdeathsig_preexec() -> None:
    die_with_parent()


def spawn_dying_with_parent(*args, **kwargs) -> subprocess.Popen:
    """``subprocess.Popen`` whose program gets SIGKILL when this process ends, even by kill -9.

    The kernel ties the signal to the thread that starts the program; callers start it from a
    thread that lives as long as the process (the main thread, or Prefect's global event loop).
    """
    if _prctl is not None and kwargs.get("preexec_fn") is None:
        kwargs["preexec_fn"] = _pdeathsig_preexec
    return subprocess.Popen(*args, **kwargs)


class Terminated(KeyboardInterrupt):
    """SIGTERM arrived; raised like Ctrl-C so the same cleanup runs."""

    signum = signal.SIGTERM


#: The stop signal this process received inside ``stopping_on_signals`` / ``stopping_workers_on_sigterm``
#: (None: none yet). A signal that lands inside a DuckDB query comes out as DuckDB's own "Query interrupted"
#: error, not as the exception the handler raised: the run still ended because of the signal.
_received: int | None = None


def signal_number(exc: BaseException) -> int:
    """The signal that ended the run: ours say ``signum``, Prefect's TerminationSignal ``signal``; an
    exception that says none (DuckDB's "Query interrupted") the signal received."""
    for attr in ("signum", "signal"):
        value = getattr(exc, attr, None)
        if isinstance(value, int):
            return value
    return _received if _received is not None else signal.SIGINT


def exit_code(exc: BaseException) -> int:
    """130 after Ctrl-C, 143 after SIGTERM: what a shell reports for a process a signal ended."""
    return 128 + int(signal_number(exc))


def signal_name(exc: BaseException) -> str:
    return "SIGTERM" if signal_number(exc) == signal.SIGTERM else "Ctrl-C (SIGINT)"


def _raise_terminated(signum, frame) -> None:
    global _received
    _received = signal.SIGTERM
    _ignore_further()
    stop_workers()
    raise Terminated()


def _raise_interrupt(signum, frame) -> None:
    global _received
    _received = signal.SIGINT
    _ignore_further()
    stop_workers()
    raise KeyboardInterrupt()


def stop_workers() -> None:
    """End this process's worker processes (spaCy's ``n_process`` pool) now.

    Unwinding out of ``nlp.pipe`` joins its workers; a worker blocked sending a parsed batch
    never sees the pipe close (its sibling holds a copy of the read end) and the join would
    wait for ever. Terminated first, they are joined at once.
    """
    warnings.filterwarnings("ignore", message=r"\[W127\]")  # spaCy: "not all workers completed": we ended them

    for proc in multiprocessing.active_children():
        try:
            proc.terminate()
        except (OSError, AttributeError):  # pragma: no cover - already gone
            pass
    # Their input queues' feeder threads may be blocked writing to a pipe nobody reads any more, and
    # multiprocessing joins those threads at exit: the process would never end. Don't wait for them
    # (what Queue.cancel_join_thread does, for queues spaCy keeps to itself).
    for finalizer in list(getattr(util, "_finalizer_registry", {}).values()):
        if getattr(finalizer, "_callback", None) is queues.Queue._finalize_join:
            finalizer.cancel()


def _ignore_further() -> None:
    # the first signal unwinds the run; a second one must not cut the rollback and the run's record short
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)


@contextmanager
def stopping_on_signals() -> Iterator[None]:
    """In the block, SIGTERM raises Terminated and Ctrl-C KeyboardInterrupt (once; later ones wait)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    global _received
    _received = None
    old = signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)
    signal.signal(signal.SIGINT, _raise_interrupt)
    signal.signal(signal.SIGTERM, _raise_terminated)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, old[0])
        signal.signal(signal.SIGTERM, old[1])


@contextmanager
def stopping_workers_on_sigterm() -> Iterator[None]:
    """In the block, SIGTERM first ends the worker processes, then goes to the handler it had.

    For a Prefect flow: its engine turns SIGTERM into its own exception (TerminationSignal) and
    so never runs :func:`stop_workers`; without this, unwinding out of ``nlp.pipe`` would wait
    for ever on the workers.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.getsignal(signal.SIGTERM)

    def handler(signum, frame):
        global _received
        _received = signal.SIGTERM
        stop_workers()
        if callable(previous):
            previous(signum, frame)
        elif previous != signal.SIG_IGN:
            raise Terminated()

    signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        if signal.getsignal(signal.SIGTERM) is handler:
            signal.signal(signal.SIGTERM, previous)


def is_stop(exc: BaseException) -> bool:
    """A signal or cancellation ended the run (not an error of its own): whatever the exception once a stop
    signal was received (inside a DuckDB query it comes out as "Query interrupted")."""
    if isinstance(exc, KeyboardInterrupt) or _received is not None:
        return True
    return any(c.__name__ in ("TerminationSignal", "ExternalSignal") for c in type(exc).__mro__)


class _PopenDyingWithParent:
    """The ``subprocess`` module as Prefect's server module sees it while it starts its server."""

    def __init__(self, real) -> None:
        self._real = real

    def __getattr__(self, name):
        return spawn_dying_with_parent if name == "Popen" else getattr(self._real, name)


def start_temporary_prefect_server() -> str | None:
    """Start the temporary Prefect API server a run without PREFECT_API_URL needs, dying with this process.

    Prefect starts it on first use as a child that only its ``atexit`` hook stops, so a
    ``kill -9`` left it running. Started here first (from the main thread, which lives as long
    as the process), it is the one Prefect then uses. Returns its API URL, or None when a server
    is configured or Prefect would not start one.
    """
    # lazy: lifecycle also serves runs without Prefect (--no-prefect, extract), which never load it
    from prefect.settings import PREFECT_API_URL, PREFECT_SERVER_EPHEMERAL_ENABLED

    if PREFECT_API_URL.value() or not PREFECT_SERVER_EPHEMERAL_ENABLED.value():
        return None
    import prefect.server.api.server as server_module

    server = server_module.SubprocessASGIServer()  # Prefect's one instance for "no port given"
    if not server.running:
        real = server_module.subprocess
        server_module.subprocess = _PopenDyingWithParent(real)
        try:
            server.start()
        finally:
            server_module.subprocess = real
    return server.api_url
