"""Ctrl-C and deadlines, within about a second, even in the middle of a solve.

A solver runs in C++ and would only notice a KeyboardInterrupt when its run ends, a minute later
at the default time limit. Instead, the SIGINT handler raises at once in Python code, and during
a solver run only records the request: the engine polls it (`planner.optimizer.backends`) and
stops, and `solver_run` then raises KeyboardInterrupt. Nothing half-written is left: outputs are
written only at the end, atomically.
"""

from __future__ import annotations

import contextlib
import signal
import threading

_requested = threading.Event()
_running = 0  # solver runs in progress in this process
_deadline: float | None = None  # seconds, when a deadline stopped the command


class DeadlinePassed(Exception):
    """The command's deadline came before it finished (its work stopped; nothing was written)."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        super().__init__(f"the command passed its deadline of {seconds:g} s and stopped; nothing was written")


def stop_requested() -> bool:
    """Whether Ctrl-C was pressed or the deadline passed (an engine polls this while it runs)."""
    return _requested.is_set()


def _stopping() -> BaseException:
    return KeyboardInterrupt() if _deadline is None else DeadlinePassed(_deadline)


def _on_interrupt(signum, frame) -> None:
    _requested.set()
    if not _running:  # in Python code: stop here; in a solver run: the engine stops at its next poll
        raise _stopping()


def set_deadline(seconds: float) -> None:
    """Stop the whole command after `seconds` of wall-clock time, as Ctrl-C would, with
    `DeadlinePassed` instead of KeyboardInterrupt (main thread only)."""
    global _deadline

    def on_alarm(signum, frame) -> None:
        global _deadline
        _deadline = seconds
        _on_interrupt(signum, frame)

    signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)


def install() -> None:
    """Handle Ctrl-C this way in this process (the CLI's and each worker's)."""
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, _on_interrupt)


@contextlib.contextmanager
def solver_run():
    """Around an engine's run: Ctrl-C asks the engine to stop, then raises KeyboardInterrupt."""
    global _running
    _running += 1
    try:
        yield
    finally:
        _running -= 1
    if _requested.is_set():
        raise _stopping()


STOP_POLL = 0.05  # seconds between looks at the stop request, for engines without a callback


@contextlib.contextmanager
def on_stop_request(action):
    """Call `action` (an engine's thread-safe abort) as soon as a stop is requested while the
    block runs: for engines that take no polling callback."""
    done = threading.Event()

    def watch() -> None:
        # Waits on `done`, so that the block's end wakes it at once: waiting on the stop request
        # instead held every run up to the end of a 50 ms wait (CPLEX what-ifs take about 80 ms).
        while not done.wait(STOP_POLL):
            if _requested.is_set():
                action()
                return

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    try:
        yield
    finally:
        done.set()
        watcher.join()
