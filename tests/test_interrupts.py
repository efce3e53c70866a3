"""Ctrl-C: raised at once in Python code; during a solve, the engine stops at its next poll."""

from __future__ import annotations

import threading
import time

import pytest

from support import synthetic
from planner import interrupts


@pytest.fixture(autouse=True)
def no_request_left():
    yield
    interrupts._requested.clear()


def test_the_handler_raises_at_once_outside_a_solve():
    with pytest.raises(KeyboardInterrupt):
        interrupts._on_interrupt(2, None)
    assert interrupts.stop_requested()


def test_during_a_solve_the_request_waits_for_the_engine_then_raises():
    with pytest.raises(KeyboardInterrupt):
        with interrupts.solver_run():
            interrupts._on_interrupt(2, None)  # no raise here: the engine is running
            assert interrupts.stop_requested()


def test_a_running_engine_stops_on_request():
    from planner.optimizer.backends import LiveSession
    from planner.optimizer.formulation import formulate

    session = LiveSession(formulate(synthetic(400, 1)))  # proving it takes over 3 s (measured), ten times the wait
    threading.Timer(0.3, interrupts._requested.set).start()
    started = time.perf_counter()
    with pytest.raises(KeyboardInterrupt):
        session.run(mip=True, time_limit=60, gap=0.0)
    assert time.perf_counter() - started < 30  # stopped by the request, not the time limit


def test_a_deadline_stops_python_code_and_says_so():
    import signal

    try:
        interrupts.set_deadline(0.05)
        with pytest.raises(interrupts.DeadlinePassed, match="deadline of 0.05 s"):
            while True:
                time.sleep(0.01)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        interrupts._deadline = None


def test_the_stop_watcher_ends_with_its_block_not_at_its_next_look(monkeypatch):
    """An engine without a callback (CPLEX) runs inside `on_stop_request`, whose watcher looks
    for a stop request every `STOP_POLL` seconds. The block's end must wake it at once: it
    used to finish its wait first, adding up to 50 ms to every what-if (half of explain's time
    with CPLEX). With the look an hour apart, the block still ends at once."""
    monkeypatch.setattr(interrupts, "STOP_POLL", 3600.0)
    finished = threading.Event()

    def run() -> None:
        with interrupts.on_stop_request(lambda: None):
            pass
        finished.set()

    threading.Thread(target=run, daemon=True).start()
    assert finished.wait(10)
