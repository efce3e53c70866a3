"""The work `planner plan` does after the solver answers, timed step by step as N grows.

    python bench/post_solve.py                   # N = 1000, 2000, 5000, median of 3
    python bench/post_solve.py --sizes 1000 5000 --repeats 5

Each step runs on the same synthetic quarter (bench/generate.py, seed 0) and the same selection:
the point-model plan from a short solve (its quality does not matter here, only its size). The
steps are the two greedy baselines (with the 70/20/10 repair), the shared forecast of the plans,
the per-initiative contributions, and rendering the plan as JSON and for the terminal. The last
column, "per item vs first N", is (seconds / N) divided by the same at the smallest N: about 1
for a linear step, growing with N for a quadratic one.
"""

from __future__ import annotations

import argparse
import io
import statistics
import time

from generate import synthetic_scenario
from rich.console import Console

from planner.api import plan
from planner.baselines import greedy_plan
from planner.forecast import SampleSet, contributions, forecast_each
from planner.records import plan_json
from planner.settings import Settings
from planner.views import plan_view


def _median_seconds(step, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        step()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def measure(n: int, repeats: int, time_limit: float) -> dict[str, float]:
    scenario = synthetic_scenario(n, seed=0)
    settings = Settings(objective="point", time_limit=time_limit, gap=1e-2)
    result = plan(scenario, settings)
    selected = result.plan.selected
    shared = SampleSet(scenario, settings.forecast_samples, settings.seed)
    selections = [selected, *(g.selected for g in result.baselines.values())]

    def render() -> None:
        Console(file=io.StringIO(), width=120).print(plan_view(result))

    steps = {
        "greedy value_per_effort": lambda: greedy_plan(scenario, "value_per_effort"),
        "greedy marginal": lambda: greedy_plan(scenario, "marginal"),
        "forecast of the plans": lambda: forecast_each(scenario, selections, SampleSet(scenario, settings.forecast_samples)),
        "contributions": lambda: contributions(scenario, selected, shared),
        "JSON record": lambda: plan_json(result),
        "terminal view": render,
    }
    return {name: _median_seconds(step, repeats) for name, step in steps.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 2000, 5000])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--time-limit", type=float, default=10.0, help="seconds for the solve that picks the plan")
    args = parser.parse_args()
    results = {n: measure(n, args.repeats, args.time_limit) for n in args.sizes}
    first = args.sizes[0]
    print(f"{'step':<26}{'N':>7}{'median s':>11}{'per item vs first N':>22}")
    for name in results[first]:
        for n in args.sizes:
            seconds = results[n][name]
            growth = (seconds / n) / (results[first][name] / first) if results[first][name] else float("nan")
            print(f"{name:<26}{n:>7}{seconds:>11.3f}{growth:>22.2f}")
    totals = {n: sum(results[n].values()) for n in args.sizes}
    for n in args.sizes:
        print(f"{'all post-solve steps':<26}{n:>7}{totals[n]:>11.3f}{(totals[n] / n) / (totals[first] / first):>22.2f}")


if __name__ == "__main__":
    main()
