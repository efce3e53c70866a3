"""Time limits hold per question, measured (moved here from the tests: wall-clock checks depend
on the machine's speed, so they are measurements, not assertions in the unit suite).

    python bench/time_limits.py

1. HiGHS 1.16 times a MIP per run (an LP over the object's life). The live model gives each
   question `time_limit`; had it raised the limit by the run time so far, as an LP needs, the
   sixth question would get several times it. Prints each re-solve's seconds against the limit.
2. Explanations under a short what-if limit: how many answers stay unsettled (a range) at
   0.01 s and 0.5 s per re-solve on N = 80 and N = 200 synthetic quarters.
"""

from __future__ import annotations

import time

from generate import synthetic_scenario

from planner.explain import explain
from planner.optimizer import LiveModel, optimize
from planner.settings import Settings


def per_question(limit: float = 0.3) -> None:
    live = LiveModel(synthetic_scenario(200, 1), Settings(objective="point", time_limit=limit))
    first = live.solve()
    runs = [live.solve(start=first.selected) for _ in range(5)]
    seconds = [p.solve.solve_seconds for p in runs]
    print(f"MIP re-solves at a {limit} s limit (N = 200, seed 1): statuses "
          f"{sorted({p.solve.status.value for p in [first, *runs]})}, seconds {[round(s, 2) for s in seconds]}, "
          f"max/limit {max(seconds) / limit:.2f}")


def unsettled(n: int, seed: int, limit: float) -> None:
    scenario = synthetic_scenario(n, seed)
    settings = Settings(objective="point", workers=1, time_limit=10, whatif_time_limit=limit)
    base = optimize(scenario, settings)
    cut = [x.id for x in scenario.initiatives if x.id not in base.selected][:3]
    started = time.perf_counter()
    results = [explain(scenario, settings, initiative=i, base=base) for i in [*cut, base.selected[0]]]
    took = time.perf_counter() - started
    print(f"explain 4 initiatives, N = {n} seed {seed}, what-if limit {limit} s: "
          f"{sum(e.unsettled for e in results)} unsettled answers, {took:.1f} s "
          f"({took / 4:.2f} s per initiative)")


if __name__ == "__main__":
    per_question()
    for n, seed in ((80, 0), (200, 1)):
        for limit in (0.01, 0.5):
            unsettled(n, seed, limit)
