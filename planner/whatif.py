"""Re-solving what-ifs with the plan's own settings: the shared machinery of explanations,
frontiers, alternatives and comparisons (a context per scenario, worker processes, differences)."""

from __future__ import annotations

import contextlib
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property

from planner import interrupts
from planner.errors import Undecided
from planner.evaluation import evaluate
from planner.model import Scenario
from planner.optimizer import Edits, LiveModel
from planner.results import Plan
from planner.settings import OptimizerObjective, Settings

Progress = Callable[[int, int], None]  # (done, total), for progress bars in the CLI
Answer = Callable[[object], None]  # each result as it settles, for a front end that streams them


@dataclass
class WhatIfs:
    """A scenario, its settings and (once solved) its base plan, with a live model for
    re-solving what-ifs. Sent once to each worker process, which builds the live model on
    first use and keeps it for every item it handles."""

    scenario: Scenario
    settings: Settings
    base: Plan | None = None
    # An explanation's budget, as wall-clock times (`time.time()`): past `deadline`, less the time
    # kept for the quick answers still to come (`full_solve_fits`), forcing costs and prices get
    # quick re-solves; past `end` (the budget spent), no solve at all, and no question runs past
    # it; past `screened_until`, not even the break-evens proven without a search.
    deadline: float | None = None
    end: float | None = None
    screened_until: float | None = None
    screen: dict | None = None  # initiative -> `explain.Screened`: what the LP says of forcing it (a budget)

    @property
    def past_deadline(self) -> bool:
        return self.deadline is not None and time.time() > self.deadline

    def full_solve_fits(self, quick_after: int) -> bool:
        """Whether a question may still get a full re-solve, with `quick_after` quick re-solves
        still to come after it: before the deadline, less the time those take (`kept_for`)."""
        return self.deadline is None or time.time() < self.deadline - self.kept_for(quick_after)

    def quick_solve_fits(self, quick_after: int) -> bool:
        """Whether a question may still get a quick re-solve, with `quick_after` more to come
        after it: before the budget's end, less the time those take."""
        return self.end is None or time.time() < self.end - self.kept_for(quick_after)

    def kept_for(self, quick_after: int) -> float:
        """The wall time kept for `quick_after` quick re-solves: `QUICK_PACE` each over the
        workers, and at most half the budget (on thousands of initiatives, the rest would be
        kept for answers that cannot all fit anyway)."""
        budget = self.settings.explain_budget or 0.0
        return min(budget / 2, quick_after * QUICK_PACE / self.settings.workers)

    @property
    def past_end(self) -> bool:
        return self.end is not None and time.time() > self.end

    @property
    def past_screening(self) -> bool:
        return self.screened_until is not None and time.time() > self.screened_until

    @cached_property
    def live(self) -> LiveModel:
        """A live model of the scenario whose every re-solve gets the what-if time limit, and
        ends by the budget's `end` (set before the model is first asked)."""
        return LiveModel(self.scenario, self.settings.replace(time_limit=self.settings.whatif_limit), deadline=self.end)

    @cached_property
    def drop_values(self) -> dict[str, float]:
        """What each initiative of the base plan is worth to it alone (the evaluator's score
        lost without it, others unchanged): a cheap guide for repairing starting plans."""
        base = self.base
        return {i: base.score - evaluate(self.scenario, [j for j in base.selected if j != i]).score
                for i in base.selected}

    @cached_property
    def quick_live(self) -> LiveModel:
        """A second live model whose re-solves get `QUICK_LIMIT`: answers past an explanation's
        budget, as ranges."""
        return LiveModel(self.scenario, self.settings.replace(time_limit=min(QUICK_LIMIT, self.settings.whatif_limit
                                                                             or QUICK_LIMIT)))

    @cached_property
    def point_guide(self) -> WhatIfs | None:
        """Under a sample-average objective, the same scenario on the point model, with that
        model's own optimum as its base: its questions are an order of magnitude cheaper to
        decide and often have the same answers, so they show the sampled searches where to look
        first (`explain`). None under the point objective, or when its optimum is not found."""
        if self.settings.objective is OptimizerObjective.POINT:
            return None
        point = WhatIfs(self.scenario, self.settings.for_point_model(), end=self.end)
        point.base, _ = solve_in_time(point.live, Edits())
        return point if point.base is not None else None

    def __getstate__(self) -> dict:
        state = dict(self.__dict__)
        state.pop("live", None)  # a HiGHS model does not cross processes; each builds its own
        state.pop("quick_live", None)
        state.pop("point_guide", None)  # its live model, as this one's
        return state


# Seconds per re-solve for the answers past an explanation's budget. The quick pass takes about
# this times the initiatives left, over the workers: what it saves goes to exact answers, and
# what it costs is wider ranges. With HiGHS at N = 200 and a 30 s budget (seeds 1-5, medians):
# 0.1 s gave 8% exact and 0.43-point ranges, 0.075 s 10% and 0.46, 0.05 s 11% and 0.49, 0.01 s
# 13% and 0.65 (bench/README.md).
QUICK_LIMIT = 0.075
# Seconds a quick answer takes in all (its neighbourhood search, the quick re-solve, the
# evaluations around them): 0.087-0.115 s on average at N = 200 (seeds 1-5, 180 initiatives each,
# one process; bench/README.md). What a budget keeps for the quick answers still to come
# (`WhatIfs.kept_for`); where they come faster, the break-evens get the time left.
QUICK_PACE = 0.1

_shared = None  # what `parallel_map` sent to this worker process


def _receive(shared) -> None:
    global _shared
    _shared = shared
    interrupts.install()


def _call(function, item):
    return function(_shared, item)


# What starting worker processes costs before the first answer comes back: each spawned worker
# imports planner and builds its own live model (measured 0.5-1.5 s on 2 cores). Work that would
# not save more than this stays in this process.
POOL_STARTUP = 1.0


def parallel_map(function, items: list, workers: int, progress: Progress | None = None, shared=None,
                 pool_startup: float | None = None, expected_pace: float | None = None,
                 on_answer: Answer | None = None) -> list:
    """`function(shared, item)` for each item, in order, reporting progress.

    Items run in this process until their pace shows that `workers` processes would finish the
    rest sooner, start-up (`pool_startup`, default `POOL_STARTUP`) included; the rest then go to
    worker processes (spawned: HiGHS does not survive a fork safely), `shared` sent to each once.
    So a small scenario's dozen quick re-solves never wait for a pool, and a large one's hundreds
    of slow ones are spread after the first. `expected_pace` (seconds an item should take, say
    the base solve's) decides before the first item, so slow work does not wait for one to end
    inline. One worker runs everything inline. `on_answer` gets each result as it settles (in
    the order they settle)."""
    if _on_cluster():  # the user put a cluster behind joblib (`api.on_cluster`): every item goes there
        return _through_joblib(function, items, shared, progress, on_answer)
    startup = POOL_STARTUP if pool_startup is None else pool_startup
    total = len(items)
    if workers > 1 and expected_pace is not None and _pool_pays(expected_pace, total, workers, startup):
        return _in_processes(function, items, workers, shared, progress, 0, total, on_answer)
    results = []
    pace = 0.0  # seconds the last item took
    for n, item in enumerate(items):
        if workers > 1 and n > 0 and _pool_pays(pace, total - n, workers, startup):
            return results + _in_processes(function, items[n:], workers, shared, progress, n, total, on_answer)
        began = time.perf_counter()
        results.append(function(shared, item))
        if on_answer:
            on_answer(results[-1])
        pace = time.perf_counter() - began  # the last item's time: the best guess for the next ones
        if progress:
            progress(n + 1, total)
    return results


# joblib backends that run on this machine: with these, the adaptive local pool above is used.
LOCAL_BACKENDS = frozenset({"LokyBackend", "SequentialBackend", "ThreadingBackend", "MultiprocessingBackend"})


def _on_cluster() -> bool:
    """Whether a joblib backend beyond this machine is active (Dask's, say)."""
    if "joblib" not in sys.modules:  # nobody configured one: joblib is not even imported
        return False
    from joblib.parallel import get_active_backend

    backend, _ = get_active_backend()
    return type(backend).__name__ not in LOCAL_BACKENDS


def _through_joblib(function, items: list, shared, progress: Progress | None, on_answer: Answer | None) -> list:
    """Every item through the active joblib backend, in order. `shared` travels with each item
    and is kept per worker under a token for the run, so a worker builds its live model once."""
    import uuid

    from joblib import Parallel, delayed

    token = uuid.uuid4().hex
    results = []
    for n, result in enumerate(Parallel(return_as="generator")(delayed(_remote_call)(token, shared, function, item)
                                                               for item in items), start=1):
        results.append(result)
        if on_answer:
            on_answer(result)
        if progress:
            progress(n, len(items))
    return results


_remote: dict[str, object] = {}  # on a cluster worker: the run's shared context, by token


def _remote_call(token: str, shared, function, item):
    if token not in _remote:
        _remote.clear()  # one run at a time per worker process
        _remote[token] = shared
    return function(_remote[token], item)


def _pool_pays(pace: float, remaining: int, workers: int, startup: float) -> bool:
    """Whether `remaining` items at `pace` seconds each end sooner in `workers` processes."""
    return remaining > 1 and pace * remaining * (1 - 1 / min(workers, remaining)) > startup


def _in_processes(function, items: list, workers: int, shared, progress: Progress | None, done: int,
                  total: int, on_answer: Answer | None = None) -> list:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    results: list = [None] * len(items)
    pool = None
    try:  # an interrupt may come while the workers are still starting: they are stopped too
        pool = ProcessPoolExecutor(max_workers=min(workers, len(items)), mp_context=multiprocessing.get_context("spawn"),
                                   initializer=_receive, initargs=(shared,))
        with _main_hidden():  # the workers start while the first items are submitted
            futures = {pool.submit(_call, function, item): n for n, item in enumerate(items)}
        for finished, future in enumerate(as_completed(futures), start=done + 1):
            results[futures[future]] = future.result()
            if on_answer:
                on_answer(results[futures[future]])
            if progress:
                progress(finished, total)
    except (KeyboardInterrupt, interrupts.DeadlinePassed):  # stop the workers now, not after their solves
        if pool is not None:
            for process in list(pool._processes.values()):  # the executor offers no public way
                process.terminate()
            pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown()
    return results


@contextlib.contextmanager
def _main_hidden():
    """Spawned workers would run the caller's main script again (its top level, unless it sits
    behind `if __name__ == "__main__":`), or fail on a script piped to `python -`. They need
    nothing from it: every function they run lives in `planner`. So they are started with the
    main module's file and spec out of sight, and both are put back at once."""
    main = sys.modules.get("__main__")
    saved = {name: getattr(main, name) for name in ("__file__", "__spec__") if hasattr(main, name)}
    try:
        main.__spec__ = None  # multiprocessing reads it; None means "not a module to import"
        if "__file__" in saved:
            del main.__file__
        yield
    finally:
        for name, value in saved.items():
            setattr(main, name, value)


def solve_in_time(live: LiveModel, edits: Edits, start=None) -> tuple[Plan | None, bool]:
    """(the re-solve's plan or None, whether that None is known): (None, False) when the time
    limit came before any plan, as opposed to (None, True): no plan exists."""
    try:
        return live.solve(edits, start=start), True
    except Undecided:
        return None, False


def differences(base: Iterable[str], other: Iterable[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(entering, leaving): what `other` adds to `base` and what it drops, sorted."""
    base, other = set(base), set(other)
    return tuple(sorted(other - base)), tuple(sorted(base - other))
