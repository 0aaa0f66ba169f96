"""A stop signal is the run's end whatever exception it comes out as (DuckDB turns one that lands inside a
query into its own "Query interrupted" error)."""
from __future__ import annotations

import os
import signal

from flows import lifecycle


def test_an_error_after_sigterm_counts_as_the_stop():
    with lifecycle.stopping_on_signals():
        assert not lifecycle.is_stop(RuntimeError("Query interrupted"))  # no signal yet: an error
        try:
            os.kill(os.getpid(), signal.SIGTERM)
        except lifecycle.Terminated:
            pass
        interrupted = RuntimeError("Query interrupted")  # what a query the signal cut short raises
        assert lifecycle.is_stop(interrupted)
        assert lifecycle.exit_code(interrupted) == 128 + signal.SIGTERM
        assert lifecycle.signal_name(interrupted) == "SIGTERM"
    with lifecycle.stopping_on_signals():  # the next run starts clean
        assert not lifecycle.is_stop(RuntimeError("Query interrupted"))
